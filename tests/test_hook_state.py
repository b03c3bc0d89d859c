"""The hooks keep no state of their own: everything lives on `buildstate.STATE`.

MkDocs loads each hook module once per process and keeps it across `mkdocs serve`
rebuilds, so a value a hook keeps in a module global outlives its build unless
someone remembers to clear it (and tests had to undo it by hand). Every hook's state
is instead a part of the one state object, reset per build in `on_config` or kept
per process from `on_startup`. The first test reads the hooks' source and fails on
any module-level state; the others check the two lifetimes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOOKS = sorted((ROOT / "hooks").glob("*.py"))
#: The one module-level object hooks may change.
STATE = ("buildstate.py", "STATE")
#: Methods that change a list, dict or set in place.
MUTATORS = frozenset(
    "append extend insert remove pop popitem clear update setdefault add discard sort reverse "
    "difference_update intersection_update symmetric_difference_update".split()
)


def _module_names(tree: ast.Module) -> set[str]:
    """Names bound at module level: assignments, classes (their attributes are module state too)."""
    names: set[str] = set()
    for node in tree.body:
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
        for target in targets:
            names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node


def module_state(path: Path) -> list[str]:
    """`file:line: what` for every `global` statement, every change of a module-level name's
    contents inside a function, and every class attribute set through `cls`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names = _module_names(tree)
    found: list[str] = []

    def flag(node: ast.AST, what: str) -> None:
        found.append(f"{path.name}:{getattr(node, 'lineno', 0)}: {what}")

    for func in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)):
        is_classmethod = any(isinstance(d, ast.Name) and d.id == "classmethod" for d in func.decorator_list)
        for node in ast.walk(func):
            if isinstance(node, ast.Global):
                flag(node, f"global {', '.join(node.names)}")
            changed: list[ast.expr] = []
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
                targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
                changed = [t for t in targets if isinstance(t, ast.Attribute | ast.Subscript)]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in MUTATORS
                and isinstance(node.func.value, ast.Name)
            ):
                changed = [node.func]
            for target in changed:
                root = _root(target)
                if not isinstance(root, ast.Name):
                    continue
                if root.id in names and (path.name, root.id) != STATE:
                    flag(node, f"changes module-level {root.id}")
                elif is_classmethod and root.id == "cls":
                    flag(node, "sets a class attribute (state of the whole process)")
    return found


def test_no_hook_keeps_module_level_state() -> None:
    assert HOOKS, "no hook modules found"
    found = [line for path in HOOKS for line in module_state(path)]
    assert found == [], "keep hook state on buildstate.STATE (see hooks/buildstate.py):\n" + "\n".join(found)


def test_the_check_finds_module_level_state(tmp_path: Path) -> None:
    """The checker above fails on each kind of module state the hooks once kept."""
    hook = tmp_path / "hook.py"
    hook.write_text(
        "_seen = {}\n_env = None\n_cover = [None]\n\n"
        "class Runner:\n    process = None\n\n    @classmethod\n    def start(cls):\n        cls.process = 1\n\n"
        "def on_config(config):\n    global _env\n    _env = config\n    _seen.clear()\n    _cover[0] = 1\n"
        "    Runner.process = None\n",
        encoding="utf-8",
    )
    assert sorted(line.split(": ", 1)[1] for line in module_state(hook)) == [
        "changes module-level Runner",
        "changes module-level _cover",
        "changes module-level _seen",
        "global _env",
        "sets a class attribute (state of the whole process)",
    ]


@dataclass
class _Seen:
    names: list[str] = field(default_factory=list)


def test_build_parts_start_fresh_and_process_parts_last_until_startup() -> None:
    import buildstate

    state = buildstate.start("serve", dirty=True)
    state.part(_Seen).names.append("build 1")
    state.process.part(_Seen).names.append("build 1")
    state.problems.warn("docs/x.md", 1, "a problem of build 1")
    assert buildstate.reset() is state is buildstate.STATE  # hooks hold the same object throughout
    assert state.part(_Seen).names == [] and not state.problems.items
    assert state.process.part(_Seen).names == ["build 1"]  # a serve rebuild keeps the memos
    assert state.serving and state.dirty
    buildstate.start("build")
    assert state.process.part(_Seen).names == [] and not state.serving and not state.dirty


#: Methods of MkDocs' objects that MkDocs itself calls: a hook answers them through
#: MkDocs' own rules, never by replacing them on an instance.
MKDOCS_METHODS = frozenset({"is_modified", "is_documentation_page", "is_static_page", "copy_file", "content_string"})


def test_no_hook_replaces_a_method_of_mkdocs_objects() -> None:
    """`file.is_modified = ...` would change what MkDocs' own code does behind its back."""
    found = [
        f"{path.name}:{node.lineno}: {ast.unparse(target)}"
        for path in HOOKS
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Attribute) and target.attr in MKDOCS_METHODS
    ]
    assert not found, "hooks replace methods of MkDocs' objects:\n" + "\n".join(found)
