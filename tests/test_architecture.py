"""The layout keeps its promises (docs/architecture.md): stages import only earlier
stages, only the Whoosh backend imports Whoosh, and the package loads without Flask."""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys

import pytest

from searchapp.catalog import ENTITY_FACETS
from searchapp.records import Entities
from searchapp.search.facets import FACETS

from .conftest import ROOT

PACKAGE = ROOT / "searchapp"

# Each part of the package, and the parts it may import. The shared modules (records,
# catalog, datafiles) import no stage; a stage imports only the ones before it.
SHARED = {"searchapp.records", "searchapp.datafiles", "searchapp.catalog"}
ALLOWED: dict[str, set[str]] = {
    "searchapp.records": set(),
    "searchapp.datafiles": set(),
    "searchapp.catalog": {"searchapp.datafiles"},
    "searchapp.ingest": SHARED,
    "searchapp.search": SHARED,
    "searchapp.web": SHARED | {"searchapp.search"},
    "searchapp.cli": SHARED | {"searchapp.ingest", "searchapp.search", "searchapp.web"},
}


def _module_name(path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path) -> set[str]:
    """Absolute names of the modules a file imports (relative imports resolved)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            names.add(name)
            # "from searchapp import catalog" imports searchapp.catalog.
            names.update(f"{name}.{alias.name}" for alias in node.names)
    return names


def _part(name: str) -> str | None:
    return next((p for p in sorted(ALLOWED, key=len, reverse=True) if name == p or name.startswith(p + ".")), None)


FILES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_stages_import_only_earlier_stages(path):
    own = _part(_module_name(path))
    if own is None:  # searchapp/__init__.py
        assert not {i for i in _imports(path) if i.startswith("searchapp.")}
        return
    for name in _imports(path):
        other = _part(name)
        if other is not None and other != own:
            assert other in ALLOWED[own], f"{_module_name(path)} imports {name}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_whoosh_backend_imports_whoosh(path):
    imports_whoosh = any(name == "whoosh" or name.startswith("whoosh.") for name in _imports(path))
    in_backend = path.is_relative_to(PACKAGE / "search" / "whoosh")
    assert in_backend or not imports_whoosh


def test_the_search_interface_knows_no_backend():
    for path in (PACKAGE / "search").glob("*.py"):
        if path.name != "__init__.py":  # the factory names the backends it can open
            assert not {n for n in _imports(path) if n.startswith("searchapp.search.whoosh")}, path


def test_importing_the_package_and_the_pipeline_loads_neither_flask_nor_whoosh():
    code = (
        "import sys, searchapp, searchapp.ingest.pipeline, searchapp.cli;"
        "print(sorted(m for m in ('flask', 'whoosh') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_entity_facets_are_named_once():
    assert tuple(f.name for f in dataclasses.fields(Entities)) == ENTITY_FACETS
    assert tuple(f.name for f in FACETS if f.entity) == ENTITY_FACETS


def test_the_checks_see_the_imports():
    # The checks above would pass vacuously if _imports found nothing.
    web = _imports(PACKAGE / "web" / "__init__.py")
    assert "flask" in web and "searchapp.search" in web
    assert "searchapp.search.api" in _imports(PACKAGE / "search" / "whoosh" / "backend.py")
