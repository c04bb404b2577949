"""The mapping file: how a PPM tool's export becomes the workbook's tables (format in
``datasets/mappings/README.md``).

:func:`load_mapping` reads the YAML file and checks it against the workbook schema, listing
every problem at once in a :class:`MappingError` (unknown table or column, unknown key, a unit
it does not know, a required column left without a rule...). :func:`check_export_columns`
then checks the export columns the rules name against the export's header and suggests the
closest spelling. The rules of single columns are in :mod:`vmo_lib.importer.rules`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from vmo_lib.data.schema import TABLES_BY_NAME
from vmo_lib.importer.rules import (
    NUMERIC_KINDS,
    UNITS,
    ColumnRule,
    MappingError,
    parse_rule,
    unknown_keys,
    unknown_name,
)

__all__ = [
    "NUMERIC_KINDS",
    "UNITS",
    "ColumnRule",
    "ExportMapping",
    "MappingError",
    "TableMapping",
    "check_export_columns",
    "load_mapping",
    "parse_rule",
]

TABLE_KEYS = ("file", "on_invalid_row", "columns")
TOP_KEYS = ("description", "currency", "tables")


@dataclass(frozen=True)
class TableMapping:
    """The rules for one workbook table, the export file or sheet it reads (``None``: the
    export itself is one CSV file) and whether rows breaking a workbook rule are dropped."""

    table: str
    file: str | None
    rules: tuple[ColumnRule, ...]
    drop_invalid_rows: bool = False

    @property
    def export_columns(self) -> frozenset[str]:
        return frozenset().union(*(r.export_columns for r in self.rules))


@dataclass(frozen=True)
class ExportMapping:
    """A whole mapping file, checked against the workbook schema."""

    path: Path
    description: str
    currency: str
    tables: tuple[TableMapping, ...]


def load_mapping(path: str | Path) -> ExportMapping:
    """Read and check a mapping file; raise :class:`MappingError` listing every problem."""
    import yaml

    path = Path(path)
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MappingError(
            [f"cannot be read as YAML: {' '.join(str(exc).split())}"], path
        ) from None
    problems: list[str] = []
    if not isinstance(loaded, dict):
        raise MappingError(["expected a mapping with a 'tables' key at the top"], path)
    problems += unknown_keys(loaded, TOP_KEYS, "the top level")
    tables_raw = loaded.get("tables")
    if not isinstance(tables_raw, dict) or not tables_raw:
        problems.append("'tables' must map workbook table names to their rules")
        raise MappingError(problems, path)
    tables = []
    for name, body in tables_raw.items():
        table, table_problems = _parse_table(str(name), body)
        problems += table_problems
        if table is not None:
            tables.append(table)
    if problems:
        raise MappingError(problems, path)
    return ExportMapping(
        path=path,
        description=str(loaded.get("description") or "").strip(),
        currency=str(loaded.get("currency") or "").strip(),
        tables=tuple(tables),
    )


def _parse_table(name: str, body: object) -> tuple[TableMapping | None, list[str]]:
    where = f"tables.{name}"
    if name not in TABLES_BY_NAME:
        return None, [f"{where}: {unknown_name(name, 'workbook table', TABLES_BY_NAME)}"]
    if not isinstance(body, dict) or not isinstance(body.get("columns"), dict):
        return None, [f"{where}: needs 'columns', mapping workbook columns to their rules"]
    problems = unknown_keys(body, TABLE_KEYS, where)
    on_invalid = str(body.get("on_invalid_row", "fail"))
    if on_invalid not in ("fail", "drop"):
        problems.append(f"{where}.on_invalid_row: must be 'fail' or 'drop', not {on_invalid!r}")
    spec = TABLES_BY_NAME[name]
    rules = []
    for target, raw in body["columns"].items():
        try:
            rules.append(parse_rule(name, str(target), raw))
        except MappingError as exc:
            problems += exc.problems
    mapped = {r.target for r in rules}
    for col in spec.columns:
        if col.required and col.name not in mapped and str(col.name) not in body["columns"]:
            problems.append(
                f"{where}.columns: the required column '{col.name}' has no rule; map it from "
                "an export column, or give every row the same value with 'value:'"
            )
    file = body.get("file")
    table = TableMapping(
        name, None if file is None else str(file), tuple(rules), on_invalid == "drop"
    )
    return table, problems


def check_export_columns(
    mapping: ExportMapping, headers: Mapping[str, tuple[str, list[str]]]
) -> list[str]:
    """Problems with export columns the rules name but the export lacks (with suggestions).

    ``headers`` maps each mapped table to ``(export location, header as written)``.
    """
    problems = []
    for table in mapping.tables:
        location, header = headers[table.table]
        present = set(header)
        for rule in table.rules:
            for column in sorted(rule.export_columns - present):
                close = difflib.get_close_matches(column, header, n=1, cutoff=0.5)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                problems.append(
                    f"tables.{table.table}.columns.{rule.target}: the export column '{column}' "
                    f"is not in {location}{hint}"
                )
    return problems
