"""The measurements behind `scripts/bench.py`, one module per benchmark family.

- `corpus`: the Python Bytes corpus read into episodes, written as a podsite site and as the naive baseline;
- `builds`: `mkdocs build` in a child process (wall, CPU, peak memory), sizes, a static server, the machine;
- `sizes`: one archive size, podsite and naive side by side, and the Markdown summary;
- `search`: search download bytes and speed in Chromium, search compared across sites, the relevance set;
- `serve`: the preview, from saving a file until `mkdocs serve` shows it;
- `feed`: feed generation for 1,000 episodes;
- `phases`: time per hook event and page step, and a cProfile of one build;
- `art`: what artwork renditions and social cards add to a build;
- `cold`: first builds (empty `.cache/`) on a pool of processes and on one, beside the naive build;
- `scale`: shows of thousands of episodes (the corpus replicated) against Hugo + Pagefind.

`scripts/` must be on `sys.path` (it is when a script there runs); importing the package puts
`hooks/` there too, so every module imports `podsite` as the hooks do.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT / "hooks") not in sys.path:
    sys.path.insert(0, str(ROOT / "hooks"))
