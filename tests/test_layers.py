"""The packages of bot/ form layers: imports point down, never up, never in a loop."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parents[1] / "bot"
# Lower layers first; a module may import from its own layer or any layer before it.
LAYERS = [
    "config model safeio cluster_config",
    "lang",
    "corpus",
    "index",
    "answer",
    "frontends",
    "app",
    "__main__",
]
MAX_LINES = 350


def _layer(module: str) -> int:
    part = module.split(".")[1] if "." in module else ""
    for rank, names in enumerate(LAYERS):
        if part in names.split():
            return rank
    raise AssertionError(f"{module} belongs to no layer")


def _modules() -> dict[str, Path]:
    found = {}
    for path in BOT.rglob("*.py"):
        parts = path.relative_to(BOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path) -> set[str]:
    """Every bot module a file imports, type-only and function-local imports included."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot"):
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names if a.name.startswith("bot"))
    return names


def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: {i for i in _imports(p) if i in modules and i != m} for m, p in modules.items()}


def test_imports_point_down_the_layers() -> None:
    upward = [
        f"{m} imports {i}"
        for m, deps in graph().items()
        if m not in ("bot", "bot.__init__")
        for i in deps
        if i != "bot" and _layer(i) > _layer(m)
    ]
    assert upward == []


def test_no_import_loop() -> None:
    g = graph()
    done: set[str] = set()

    def visit(m: str, path: list[str]) -> None:
        if m in path:
            raise AssertionError("import loop: " + " -> ".join(path[path.index(m) :] + [m]))
        if m in done:
            return
        for dep in sorted(g[m]):
            if dep != "bot":
                visit(dep, path + [m])
        done.add(m)

    for m in sorted(g):
        visit(m, [])


def test_modules_stay_short() -> None:
    lines = {str(p.relative_to(BOT)): len(p.read_text().splitlines()) for p in BOT.rglob("*.py")}
    long = {name: n for name, n in lines.items() if n > MAX_LINES}
    assert long == {}
