"""The layers of the package, enforced: a layer imports only from the layers below it, and
no module imports itself back through others, counting imports made inside functions.

Only imports under `if TYPE_CHECKING:` are left out: they never run. The layers, bottom up,
are those of docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("vocabulary", ("oas_program.errors", "oas_program.i18n")),
    ("model", ("oas_program.model",)),
    ("files", ("oas_program.files",)),
    ("plugins", ("oas_program.plugins", "oas_program.plugin_api")),
    ("pipeline", ("oas_program.pipeline",)),
    ("services", ("oas_program.services",)),
    ("builtin", ("oas_program.builtin",)),
    ("cli", ("oas_program.cli",)),
    ("console script", ("oas_program.console",)),
    ("front door", ("oas_program",)),
)
"""Bottom up. `oas_program` itself (its `__init__`) is the library's front door: it
re-exports the public names, so nothing inside the package imports it (but `__version__`,
which it defines)."""


def _module_name(path: Path, source_root: Path) -> str:
    parts = list(path.relative_to(source_root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> list[tuple[str, tuple[str, ...]]]:
    """(imported module, names taken from it) for every import that can run."""
    found: list[tuple[str, tuple[str, ...]]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module if is_package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{base}" if base else package
            found.append((base, tuple(alias.name for alias in node.names)))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def graph(source_root: Path, top: str) -> dict[str, set[str]]:
    """Module → modules of package *top* it imports (a name that is a submodule counts as
    that submodule)."""
    files = {
        _module_name(path, source_root): path for path in sorted((source_root / top).rglob("*.py"))
    }
    edges: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target, names in _imports(tree, name, path.name == "__init__.py"):
            if not (target == top or target.startswith(top + ".")):
                continue
            if target == top and names == ("__version__",):
                continue  # a constant the front door defines, not a dependency
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in files]
            if submodules:
                edges[name].update(submodules)
            if not submodules or len(submodules) < len(names):
                edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            connect(node)
    return found


def layer_of(module: str) -> int:
    best = (-1, -1)  # (length of the matching prefix, layer)
    for number, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), number)
    assert best[1] >= 0, f"{module} belongs to no layer: add it to LAYERS and the docs"
    return best[1]


SOURCES = [(ROOT / "src", "oas_program")] + [
    (src, next(p.name for p in src.iterdir() if p.is_dir() and not p.name.endswith("-info")))
    for src in sorted(ROOT.glob("plugins/*/src"))
]


@pytest.mark.parametrize(("source_root", "top"), SOURCES, ids=[t for _, t in SOURCES])
def test_no_import_cycle(source_root: Path, top: str) -> None:
    assert cycles(graph(source_root, top)) == []


def test_a_layer_imports_only_from_layers_below_it() -> None:
    edges = graph(ROOT / "src", "oas_program")
    upward = sorted(
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for module, targets in edges.items()
        for target in targets
        if layer_of(target) > layer_of(module)
    )
    assert upward == []


def test_the_front_door_gives_only_its_version_inside() -> None:
    """`oas_program` re-exports the public API lazily; inside the package only its
    `__version__` is taken from it (the command prints it)."""
    source_root = ROOT / "src"
    taken = set()
    for path in sorted((source_root / "oas_program").rglob("*.py")):
        module = _module_name(path, source_root)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target, names in _imports(tree, module, path.name == "__init__.py"):
            if target == "oas_program" and module != "oas_program":
                taken.update(n for n in names if not (source_root / "oas_program" / n).is_dir())
    assert taken <= {"__version__"}


def test_the_checker_sees_cycles_and_lazy_imports(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from pkg import b\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import c\n"
        "def later():\n    from pkg.a import x\n"
    )
    (package / "c.py").write_text("import pkg.b\n")
    edges = graph(tmp_path, "pkg")
    assert edges["pkg.b"] == {"pkg.a"}  # the lazy import counts, TYPE_CHECKING does not
    assert cycles(edges) == [["pkg.a", "pkg.b"]]
