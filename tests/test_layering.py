"""The layering rule of CONTRIBUTING.md, enforced: imports inside ``vmo_lib`` point down only.

Every import counts, at module level or inside a function (a lazy import is still a
dependency), read with :mod:`ast` without importing anything. Layers, bottom up:

- core: ``errors``, ``paths``, ``atomic``, ``currency``; shared calculations ``evm``, ``finance``
- ``data/``: schema, readers, validation, generator (imports core only: no analysis)
- ``display/`` (theme, tables, notes, figures) and ``notebook/`` (params, record, skips, live)
- topics ``baseline``, ``maturity``, ``drivers``, ``kpis``, ``portfolio``, ``realization`` (may
  use each other's calculations) and ``importer/``
- ``pipeline/`` (runs and handouts), then ``exercises/`` (builds on the pipeline)
- ``cli/``: the ``vmo`` command, on top
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "vmo_lib"

TOPICS = frozenset({"baseline", "maturity", "drivers", "kpis", "portfolio", "realization"})
CORE = frozenset({"errors", "paths", "atomic", "currency", "evm", "finance"})
ABOVE_TOPICS = frozenset({"pipeline", "exercises", "cli"})

#: For each layer: the layers it may never import.
FORBIDDEN: dict[str, frozenset[str]] = {
    **{
        core: frozenset({"data", "display", "notebook", "importer"}) | TOPICS | ABOVE_TOPICS
        for core in CORE
    },
    "data": frozenset({"evm", "finance", "display", "notebook", "importer"})
    | TOPICS
    | ABOVE_TOPICS,
    "display": TOPICS | ABOVE_TOPICS | {"importer"},
    "notebook": TOPICS | ABOVE_TOPICS | {"importer"},
    **{topic: ABOVE_TOPICS | {"importer"} for topic in TOPICS},
    "importer": TOPICS | ABOVE_TOPICS | {"display", "notebook"},
    "pipeline": TOPICS | {"exercises", "cli", "importer"},
    "exercises": frozenset({"cli", "importer"}),
}
# The core modules import no other core module but currency and errors (no cycles among them).
for _core in CORE:
    FORBIDDEN[_core] |= CORE - {"errors", "currency", _core}


def layer_of(module: str) -> str:
    """``vmo_lib.portfolio.funding.select`` -> ``portfolio``; ``vmo_lib`` -> ``vmo_lib``.

    >>> layer_of("vmo_lib.portfolio.funding.select"), layer_of("vmo_lib.evm")
    ('portfolio', 'evm')
    """
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every ``vmo_lib`` module a source file imports, with the line (relative ones resolved)."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> list[tuple[int, str]]:
    """The ``vmo_lib`` modules ``source`` (a module of ``package``) imports, with their line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [f"{base}.{a.name}" for a in node.names] if base == "vmo_lib" else [base]
            found += [(node.lineno, name) for name in names]
    return [(line, name) for line, name in found if name.split(".")[0] == "vmo_lib"]


def source_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_layers_cover_every_package_and_module() -> None:
    layers = {
        layer_of(".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts))
        for p in source_files()
    }
    unplaced = layers - set(FORBIDDEN) - {"cli", "vmo_lib", "__init__", "__main__"}
    assert not unplaced, f"add these to the layering rule (CONTRIBUTING.md): {sorted(unplaced)}"


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down_only(path: Path) -> None:
    here = layer_of(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
    forbidden = FORBIDDEN.get(here, frozenset())
    wrong = [
        f"line {line}: {name} ({layer_of(name)}/ is above {here}/)"
        for line, name in imported_modules(path)
        if layer_of(name) in forbidden
    ]
    assert not wrong, f"{path.relative_to(PACKAGE)} imports upwards:\n" + "\n".join(wrong)


def test_the_checker_sees_lazy_and_relative_imports() -> None:
    """The rule is only real if the reader finds imports inside functions and relative ones."""
    source = (
        "import numpy\nfrom .. import cli\n\ndef f():\n    from vmo_lib.pipeline import runner\n"
    )
    found = sorted(imports_in(source, "vmo_lib.baseline"))
    assert found == [(2, "vmo_lib.cli"), (5, "vmo_lib.pipeline")]
    assert all(layer_of(name) in FORBIDDEN["baseline"] for _, name in found)
