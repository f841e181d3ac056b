"""The package layout: imports flow one way, with no cycle, and each third-party library has one owner."""
from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("extractor", "index", "archive")
# Which of our packages may import which (archive builds on both; neither knows archive).
MAY_IMPORT = {"extractor": {"extractor"}, "index": {"index", "extractor"}, "archive": set(PACKAGES)}
# The one place each wrapped third-party library is imported from (a module or a sub-package).
OWNERS = {
    "click": "archive.cli",
    "pdfplumber": "extractor.readers._plumber",
    "pdfminer": "extractor.readers._plumber",
    "pypdfium2": "extractor.readers.pdfium",
    "langid": "extractor.structure._languages",
    "sqlite_utils": "archive.store._database",
    "dask": "archive.cluster",
    "distributed": "archive.cluster",
}


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _imports(module: str) -> Iterator[str]:
    """Every module name `module` imports, at any depth of its code (TYPE_CHECKING blocks included)."""
    package = module if _is_package(module) else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES]
            if len(submodules) < len(node.names):  # names defined by the package itself, not only its modules
                yield base
            yield from submodules


def _graph() -> dict[str, set[str]]:
    return {module: {name for name in _imports(module) if name in MODULES and name != module} for module in MODULES}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_modules() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_flow_one_way(module: str) -> None:
    package = module.split(".")[0]
    used = {name.split(".")[0] for name in _imports(module)} & set(PACKAGES)
    assert used <= MAY_IMPORT[package], f"{module} imports {sorted(used - MAY_IMPORT[package])}"


@pytest.mark.parametrize("library", sorted(OWNERS))
def test_each_wrapped_library_has_one_owner(library: str) -> None:
    owner = OWNERS[library]
    importers = {module for module in MODULES if any(name.split(".")[0] == library for name in _imports(module))}
    assert importers, f"nothing imports {library}: update OWNERS"
    assert {m for m in importers if m != owner and not m.startswith(owner + ".")} == set()


def test_extractor_reads_as_the_pipeline() -> None:
    stages = {path.name for path in (REPO / "extractor").iterdir() if (path / "__init__.py").exists()}
    assert stages == {"readers", "ocr", "layout", "structure", "signatories"}
    for stage in stages:
        assert "__all__" in (REPO / "extractor" / stage / "__init__.py").read_text(encoding="utf-8")
