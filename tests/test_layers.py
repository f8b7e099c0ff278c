"""The package's layers: imports point down (core < readers, bibtex < lists < cli, ext), and never in a circle.

Every ``import`` of every module is read from its source (those inside
functions too; those under ``if TYPE_CHECKING:`` are left out: they are never
run).  The root package (``sphinx_papers/__init__.py``: the version and a lazy
``setup``) may be imported from anywhere.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sphinx_papers"
ROOT = "sphinx_papers"
#: rank of each layer: a module may import its own layer and those of lower rank
RANKS = {"core": 0, "readers": 1, "bibtex": 1, "lists": 2, "cli": 3, "ext": 3, "__main__": 4}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            found += [n for child in node.orelse for n in _runtime_imports(ast.Module([child], []))]
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        found += _runtime_imports(node)
    return found


def _resolve(name: str) -> str:
    """The package's module that ``import name`` runs: the longest known prefix."""
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


def imports_of(module: str) -> set[str]:
    """The package's modules that ``module`` imports when it runs."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    targets: set[str] = set()
    for node in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names = [f"{base}.{alias.name}" for alias in node.names]  # a submodule, or a name in base
            names = [name if name in MODULES else base for name in names]
        targets |= {_resolve(name) for name in names if name == ROOT or name.startswith(ROOT + ".")}
    return targets - {module}


GRAPH = {module: imports_of(module) for module in MODULES}


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def test_the_walk_sees_the_package() -> None:
    assert {layer(m) for m in MODULES} == {None, *RANKS}
    assert "sphinx_papers.core.model" in GRAPH["sphinx_papers.readers._arxiv_entry"]
    assert "sphinx_papers.bibtex.math" in GRAPH["sphinx_papers.bibtex.escape"]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    own = layer(module)
    if own is None:
        return  # the root package
    upward = sorted(
        target
        for target in GRAPH[module]
        if (theirs := layer(target)) is not None and RANKS[theirs] > RANKS[own]
    )
    assert not upward, f"{module} ({own}) imports a higher layer: {upward}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_layers_below_cli_and_ext_never_import_the_root_package_setup(module: str) -> None:
    """The root package may be imported for its version only: it loads the Sphinx side in ``setup``."""
    if layer(module) in {"core", "readers", "bibtex", "lists"}:
        assert ROOT not in GRAPH[module], f"{module} imports the root package"


def test_no_import_cycles() -> None:
    """The root package is left out: it imports the extension lazily, in ``setup``, and the
    extension imports it for the version."""
    graph = {module: targets - {ROOT} for module, targets in GRAPH.items() if module != ROOT}
    cycles: list[list[str]] = []
    state: dict[str, str] = {}  # "open" while on the path, "done" after

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)
