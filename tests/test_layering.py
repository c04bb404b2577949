"""The layering rule of CONTRIBUTING.md, enforced: imports inside ``vmo_lib`` point down only,
and no two modules import each other at load time (directly or round a longer loop).

Every import counts, at module level or inside a function (a lazy import is still a
dependency), read with :mod:`ast` without importing anything. Layers, bottom up:

- core: ``errors``, ``paths``, ``atomic``, ``currency``; shared calculations ``evm``,
  ``evm_schedule``, ``finance``
- ``data/``: schema, readers, validation, generator (imports core only: no analysis)
- ``display/`` (theme, tables, notes, figures) and ``notebook/`` (params, record, skips, live)
- topics ``baseline``, ``maturity``, ``drivers``, ``kpis``, ``portfolio``, ``realization`` (may
  use each other's calculations) and ``importer/``
- ``pipeline/`` (runs and handouts), then ``exercises/`` (builds on the pipeline) and
  ``scenarios/`` (notebook 04 under several settings: the pipeline and the portfolio topic)
- ``cli/``: the ``vmo`` command, on top
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "vmo_lib"

TOPICS = frozenset({"baseline", "maturity", "drivers", "kpis", "portfolio", "realization"})
CORE = frozenset({"errors", "paths", "atomic", "currency", "evm", "evm_schedule", "finance"})
ABOVE_TOPICS = frozenset({"pipeline", "exercises", "scenarios", "cli"})

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
    "pipeline": TOPICS | {"exercises", "scenarios", "cli", "importer"},
    "exercises": frozenset({"scenarios", "cli"}),
    "scenarios": frozenset({"exercises", "cli", "importer"}),
}
# The core modules import no other core module but currency and errors (no cycles among them).
for _core in CORE:
    FORBIDDEN[_core] |= CORE - {"errors", "currency", _core}
# Earned schedule extends earned value: evm re-exports it (evm_schedule imports no core module).
FORBIDDEN["evm"] -= {"evm_schedule"}


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


def load_time_imports() -> dict[str, set[str]]:
    """For every ``vmo_lib`` module, the ``vmo_lib`` modules it imports at load time: its
    top-level imports, including those under ``if TYPE_CHECKING:`` and ``try:`` (a cycle there
    is a cycle for a type checker and a reader), but not those inside functions.

    ``from package import module`` depends on the module; a module's own parent packages are
    not counted (they are initialised first whatever it imports).
    """
    files = {}
    for path in source_files():
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        files[name.removesuffix(".__init__")] = path
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()

        def visit(body: list[ast.stmt], package: str = package, found: set[str] = found) -> None:
            for node in body:
                if isinstance(node, ast.Import):
                    found.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom):
                    base = node.module or ""
                    if node.level:
                        parts = package.split(".")
                        base = ".".join([*parts[: len(parts) - node.level + 1], base]).strip(".")
                    for alias in node.names:
                        child = f"{base}.{alias.name}"
                        found.add(child if child in files else base)
                elif isinstance(node, ast.If | ast.Try):
                    visit(node.body)
                    visit(node.orelse)
                    for handler in getattr(node, "handlers", []):
                        visit(handler.body)

        visit(ast.parse(path.read_text(encoding="utf-8")).body)
        ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        graph[name] = {m for m in found if m in files and m != name and m not in ancestors}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other (strongly connected, more than one)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def walk(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in order:
                walk(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], order[other])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph):
        if module not in order:
            walk(module)
    return cycles


def test_no_module_imports_another_that_imports_it_back() -> None:
    cycles = import_cycles(load_time_imports())
    assert not cycles, "modules importing each other at load time:\n" + "\n".join(
        " <-> ".join(group) for group in cycles
    )


def test_the_cycle_finder_finds_a_loop_of_three() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert import_cycles(graph) == [["a", "b", "c"]]
    assert import_cycles({"a": {"b"}, "b": set()}) == []


def test_pipeline_modules_import_only_those_its_docstring_lists_above_them() -> None:
    """``vmo_lib.pipeline``'s docstring lists its modules bottom up; keep that map true."""
    import vmo_lib.pipeline

    order = re.findall(r"^``(\w+)`` {2,}", vmo_lib.pipeline.__doc__ or "", re.M)
    folder = PACKAGE / "pipeline"
    assert sorted(order) == sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__")
    wrong = []
    for position, module in enumerate(order):
        for line, name in imported_modules(folder / f"{module}.py"):
            parts = name.split(".")
            used = parts[2] if len(parts) > 2 and parts[1] == "pipeline" else None
            if used in order and order.index(used) >= position:
                wrong.append(f"{module}.py line {line} imports {used}, listed below it")
    assert not wrong, "\n".join(wrong)
