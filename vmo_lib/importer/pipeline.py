"""``vmo import``: turn an export into a validated workbook dataset, atomically, with a report.

Steps: read and check the mapping; read the export tables it names; check the export columns
the rules use; convert (all unreadable cells reported together); write the dataset into a
staging folder beside ``OUT`` and validate it with the workbook's own loader
(:func:`vmo_lib.data.load_organisation`), translating each problem back to the export's row
and columns; drop the offending rows where the mapping allows it; write the report; swap the
staging folder into place. ``OUT`` is only ever replaced by a complete, valid dataset, and
only if it is absent, empty or a previous import.

>>> result = run_import("export.csv", "mapping.yaml", "my_dataset")  # doctest: +SKIP
>>> result.rows                                                        # doctest: +SKIP
{'projects': 1521}
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from vmo_lib.data import DataError, Problem, load_organisation
from vmo_lib.data.generator import write_dataset
from vmo_lib.data.readers import read_csv_file
from vmo_lib.errors import VmoError
from vmo_lib.importer.convert import ConvertedTable, ImportProblem, convert_table
from vmo_lib.importer.mapping import ExportMapping, MappingError, check_export_columns, load_mapping
from vmo_lib.importer.notes import write_notes
from vmo_lib.importer.report import REPORT_NAME, DroppedRow, write_report
from vmo_lib.importer.source_file import ExportReadError, read_export_table

__all__ = ["ImportDataError", "ImportResult", "OutputFolderError", "run_import"]

MAX_PASSES = 5


class ImportDataError(VmoError, ValueError):
    """Every problem found in the export, named with the export's rows and columns."""

    def __init__(self, problems: Iterable[ImportProblem | str], export: str) -> None:
        self.problems = list(problems)
        n = len(self.problems)
        lines = [f"{n} problem{'s' if n != 1 else ''} found in the export {export}:"]
        super().__init__("\n".join([*lines, *(f"  - {p}" for p in self.problems)]))


class OutputFolderError(VmoError, ValueError):
    """``OUT`` holds something other than a previous import; it is never overwritten."""


@dataclass(frozen=True)
class ImportResult:
    """Where the dataset went, rows written per table, rows dropped and the report's path."""

    out: Path
    rows: dict[str, int]
    dropped: tuple[DroppedRow, ...]
    report: Path


def run_import(export: str | Path, mapping_path: str | Path, out: str | Path) -> ImportResult:
    """Import ``export`` with the mapping file into the dataset folder ``out``.

    Raises :class:`MappingError` (the mapping file), :class:`ImportDataError` (the export),
    :class:`OutputFolderError` and ``FileNotFoundError``. Nothing is written on failure.
    """
    export, out = Path(export), Path(out).resolve()
    if not export.exists():
        raise FileNotFoundError(f"no export at {export}")
    mapping = load_mapping(mapping_path)
    _check_replaceable(out)
    converted = _convert(export, mapping)
    staging = out.parent / f".{out.name}.importing-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        converted, dropped = _write_valid(converted, mapping, staging, export)
        report = write_report(staging, export, mapping, converted, dropped)
        write_notes(staging, export, mapping, converted)
        _publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    rows = {t.table: len(t.frame) for t in converted}
    return ImportResult(out, rows, tuple(dropped), out / report.name)


def _convert(export: Path, mapping: ExportMapping) -> list[ConvertedTable]:
    raws, problems = {}, []
    for table in mapping.tables:
        try:
            raws[table.table] = read_export_table(export, table.file, table.table)
        except ExportReadError as exc:
            problems.append(str(exc))
    if problems:
        raise ImportDataError(problems, str(export))
    headers = {name: (raw.location, list(raw.header)) for name, raw in raws.items()}
    column_problems = check_export_columns(mapping, headers)
    if column_problems:
        raise MappingError(column_problems, mapping.path)
    return [convert_table(raws[t.table], t.rules) for t in mapping.tables]


def _write_valid(
    converted: list[ConvertedTable], mapping: ExportMapping, staging: Path, export: Path
) -> tuple[list[ConvertedTable], list[DroppedRow]]:
    """Write and validate; drop rows the mapping allows to drop until the dataset loads.

    Cells the conversion could not read are reported together with the workbook rules the
    other rows break (a rule failing only because of an unreadable cell is not repeated).
    """
    droppable = {t.table for t in mapping.tables if t.drop_invalid_rows}
    unreadable = [p for c in converted for p in c.problems]
    seen = {(p.location, p.row, column) for p in unreadable for column in p.columns}
    dropped: list[DroppedRow] = []
    for _ in range(MAX_PASSES):
        shutil.rmtree(staging, ignore_errors=True)
        write_dataset({c.table: c.frame for c in converted}, staging)
        try:
            load_organisation(staging)
        except DataError as exc:
            staged = {
                c.table: read_csv_file(staging / f"{c.table}.csv", c.table).row_numbers  # type: ignore[union-attr]
                for c in converted
            }
            translated = [_translate(p, converted, staged, mapping) for p in exc.problems]
            translated = [
                (t, p)
                for t, p in translated
                if not any((p.location, p.row, column) in seen for column in p.columns)
            ]
            can_drop = [
                t is not None and p.row is not None and t.table in droppable and not unreadable
                for t, p in translated
            ]
            if unreadable or not all(can_drop):
                kept = [p for (_, p), ok in zip(translated, can_drop, strict=True) if not ok]
                raise ImportDataError(_in_order([*unreadable, *kept]), str(export)) from None
            to_drop = [(t, p) for t, p in translated if t is not None]
            converted, newly = _drop(converted, to_drop)
            dropped += newly
            continue
        if unreadable:
            raise ImportDataError(_in_order(unreadable), str(export))
        return converted, dropped
    raise ImportDataError(
        ["rows kept failing validation after dropping; check the mapping"], str(export)
    )


def _translate(
    problem: Problem,
    converted: Sequence[ConvertedTable],
    staged: dict[str, list[int]],
    mapping: ExportMapping,
) -> tuple[ConvertedTable | None, ImportProblem]:
    """A loader problem in the staged dataset, told in the export's rows and columns.

    ``staged`` holds, per table, the line number of each staged row, in order (a text cell
    with a line break makes a row span several lines).
    """
    table = next((c for c in converted if c.table == problem.table), None)
    if table is None:
        return None, ImportProblem(
            problem.location, problem.rule, None, (), problem.value, problem.table
        )
    rules = {r.target: r for t in mapping.tables if t.table == table.table for r in t.rules}
    rule = rules.get(problem.column or "")
    columns = tuple(sorted(rule.export_columns)) if rule else ()
    target = f"{table.table}.{problem.column}" if problem.column else table.table
    if rule is not None and rule.is_constant:
        target += f" (constant {rule.value!r})"
    row = None
    if problem.row is not None and problem.row > 1:
        row = table.export_rows[staged[table.table].index(problem.row)]
    return table, ImportProblem(table.location, problem.rule, row, columns, problem.value, target)


def _drop(
    converted: list[ConvertedTable], to_drop: Sequence[tuple[ConvertedTable, ImportProblem]]
) -> tuple[list[ConvertedTable], list[DroppedRow]]:
    reasons: dict[tuple[str, int], list[str]] = {}
    for table, problem in to_drop:
        text = f"{problem.target}: {problem.rule}" + (
            f" (value '{problem.value}')" if problem.value is not None else ""
        )
        reasons.setdefault((table.table, problem.row), []).append(text)  # type: ignore[arg-type]
    out, dropped = [], []
    for table in converted:
        rows = {row for (name, row) in reasons if name == table.table}
        keep = [r not in rows for r in table.export_rows]
        frame = table.frame[keep].reset_index(drop=True)
        kept_rows = [r for r, k in zip(table.export_rows, keep, strict=True) if k]
        out.append(replace(table, frame=frame, export_rows=kept_rows))
        dropped += [
            DroppedRow(table.table, table.location, r, "; ".join(reasons[(table.table, r)]))
            for r in sorted(rows)
        ]
    return out, dropped


def _in_order(problems: Sequence[ImportProblem | str]) -> list[ImportProblem | str]:
    def key(p: ImportProblem | str) -> tuple[str, int]:
        return (p.location, p.row or 0) if isinstance(p, ImportProblem) else ("", 0)

    return sorted(problems, key=key)


def _check_replaceable(out: Path) -> None:
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputFolderError(f"{out} exists and is not a folder")
    if any(out.iterdir()) and not (out / REPORT_NAME).is_file():
        raise OutputFolderError(
            f"{out} is not empty and is not a previous import (no {REPORT_NAME}); "
            "choose a new folder"
        )


def _publish(staging: Path, out: Path) -> None:
    """Swap ``staging`` into place as ``out`` (renames on one file system; old copy removed)."""
    old = out.parent / f".{out.name}.replaced-{os.getpid()}"
    if out.exists():
        os.replace(out, old)
    try:
        os.replace(staging, out)
    except BaseException:
        if old.exists():
            os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
