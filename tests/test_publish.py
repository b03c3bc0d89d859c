"""Publishing: the GitHub Pages workflow and `mkdocs gh-deploy` with the project's hooks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sitebuild import ROOT, SOURCE_DATE_EPOCH, copy_sample

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def _workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "the workflow is not a YAML mapping"
    return data


def _readme_publish_commands() -> set[str]:
    """The commands shown as code in the README's Publishing section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Publishing", 1)[1].split("\n## ", 1)[0]
    commands = {line.strip().split("#")[0].strip() for line in section.splitlines() if line.startswith("    ")}
    commands |= set(re.findall(r"`(make \w+)`", section))
    return {c for c in commands if c}


def test_the_workflow_builds_with_the_readme_command_and_deploys_the_site() -> None:
    data = _workflow()
    # YAML 1.1 reads the key `on` as True
    triggers = data.get("on", data.get(True))
    assert triggers is not None, "the workflow says when it runs (`on:`)"
    assert "push" in triggers and "schedule" in triggers, "publish on push and on a schedule (for dated episodes)"
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    steps = build["steps"]
    runs = [step["run"].strip() for step in steps if "run" in step]
    assert runs, "the workflow runs no command"
    readme = _readme_publish_commands()
    for command in runs:
        assert command in readme, f"the workflow runs {command!r}, which the README's Publishing section does not give"
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("actions/checkout@") for u in uses)
    cache = next(step for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".cache"
    assert "restore-keys" in cache["with"]
    # the cache is restored before the build that uses it
    assert steps.index(cache) < next(i for i, s in enumerate(steps) if s.get("run", "").strip() == "make build")
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    assert deploy["needs"] == "build"
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
    assert data["permissions"]["pages"] == "write" and data["permissions"]["id-token"] == "write"


def test_the_readme_command_is_the_strict_build() -> None:
    """`make build`, which the workflow runs, builds with --strict, so a warning stops a deploy."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "mkdocs build --strict" in target


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed for mkdocs gh-deploy")
def test_gh_deploy_publishes_the_built_site_to_a_branch(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    _git("init", "--bare", "-q", str(remote), cwd=tmp_path)
    work = tmp_path / "show"
    work.mkdir()
    copy_sample(work)
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "GIT_AUTHOR_NAME": "Show Producer",
        "GIT_AUTHOR_EMAIL": "producer@example.org",
        "GIT_COMMITTER_NAME": "Show Producer",
        "GIT_COMMITTER_EMAIL": "producer@example.org",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "hooks"), os.environ.get("PYTHONPATH", "")]),
    }
    _git("init", "-q", "-b", "main", cwd=work)
    _git("remote", "add", "origin", str(remote), cwd=work)
    _git("add", ".", cwd=work)
    subprocess.run(["git", "commit", "-q", "-m", "show"], cwd=work, check=True, env=env)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--strict", "--force", "--no-history", "-m", "Publish"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    published = set(_git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    for path in (
        ".nojekyll",
        "index.html",
        "feed.xml",
        "_headers",
        "episodes/index.html",
        "episodes/001-small-tools-big-wins/index.html",
        "episodes/001-small-tools-big-wins/transcript.vtt",
        "pagefind/pagefind.js",
    ):
        assert path in published, f"{path} is not on the published branch"
    feed = _git("show", "gh-pages:feed.xml", cwd=remote)
    assert "<title>Small tools, big wins</title>" in feed
