"""Apply a table mapping to the export's cells: renames, units, signs, dates, defaults, formulas.

Every cell that cannot be read is reported with the export's own file, row and column
(``projects.csv, export row 17, column 'Planned Cost ($ M)': 'n/a' is not a number``), and all
of them are collected before anything is raised. The result is one typed frame per workbook
table, in the schema's columns, plus what each rule did (for the import report).

>>> from vmo_lib.data.readers import RawTable
>>> from .mapping import parse_rule
>>> raw = RawTable("projects", "x.csv", ["Cost ($M)"], [["1.5"], ["n/a"]], [2, 3])
>>> rule = parse_rule("projects", "budget_at_completion", {"from": "Cost ($M)", "unit": "$M"})
>>> out = convert_table(raw, [rule])
>>> out.frame["budget_at_completion"].tolist()[0], str(out.problems[0])
(1500000.0, "x.csv, export row 3, column 'Cost ($M)': 'n/a' is not a number")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from vmo_lib.data.cells import CellError, is_blank, parse_date, parse_number, parse_text
from vmo_lib.data.readers import RawTable
from vmo_lib.data.schema import TABLES_BY_NAME
from vmo_lib.importer.mapping import NUMERIC_KINDS, ColumnRule

__all__ = ["ColumnOutcome", "ConvertedTable", "ImportProblem", "convert_table"]

MAX_SHOWN = 60


@dataclass(frozen=True)
class ImportProblem:
    """A problem in the export, named the way the export's user sees it."""

    location: str
    rule: str
    row: int | None = None
    columns: tuple[str, ...] = ()
    value: object = None
    target: str = ""

    def __str__(self) -> str:
        where = self.location + (f", export row {self.row}" if self.row is not None else "")
        if len(self.columns) == 1:
            where += f", column '{self.columns[0]}'"
        elif self.columns:
            where += ", columns " + ", ".join(f"'{c}'" for c in self.columns)
        if self.target:
            where += f" -> {self.target}"
        shown = ""
        if self.value is not None:
            text = str(self.value)
            text = text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."
            shown = f" '{text}'"
        return f"{where}:{shown} {self.rule}"


@dataclass(frozen=True)
class ColumnOutcome:
    """What a rule did to one workbook column: its description and blanks it filled."""

    target: str
    how: str
    defaulted_rows: int = 0
    blank_rows: int = 0
    constant: bool = False


@dataclass(frozen=True)
class ConvertedTable:
    """A workbook table built from the export (schema columns; blanks as NaN/None)."""

    table: str
    location: str
    frame: pd.DataFrame
    export_rows: list[int]
    outcomes: tuple[ColumnOutcome, ...]
    problems: tuple[ImportProblem, ...] = ()
    unused_columns: tuple[str, ...] = field(default_factory=tuple)


class _Cells:
    """The export's cells by column name, read once as numbers or dates with problems kept."""

    def __init__(self, raw: RawTable) -> None:
        self.raw = raw
        self.index = {name: i for i, name in enumerate(raw.header)}
        self.problems: dict[tuple[str, int], ImportProblem] = {}
        self._numbers: dict[str, pd.Series] = {}

    def cells(self, column: str) -> list[object]:
        position = self.index[column]
        return [row[position] if position < len(row) else None for row in self.raw.rows]

    def numbers(self, column: str) -> pd.Series:
        if column not in self._numbers:
            values = []
            for cell, row in zip(self.cells(column), self.raw.row_numbers, strict=True):
                values.append(self._read(cell, row, column, _number, "is not a number"))
            self._numbers[column] = pd.Series(values, dtype=float)
        return self._numbers[column]

    def dates(self, column: str, date_format: str | None) -> pd.Series:
        rule = (
            f"is not a date in the format {date_format}"
            if date_format
            else ("is not a date (write YYYY-MM-DD, or give the rule a date_format)")
        )
        values = [
            self._read(cell, row, column, lambda c: _date(c, date_format), rule)
            for cell, row in zip(self.cells(column), self.raw.row_numbers, strict=True)
        ]
        return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[ns]")

    def texts(self, column: str) -> pd.Series:
        values = [None if is_blank(c) else parse_text(c) for c in self.cells(column)]
        return pd.Series(values, dtype=object)

    def _read(self, cell: object, row: int, column: str, parse, rule: str) -> object:
        if is_blank(cell):
            return None
        try:
            return parse(cell)
        except (CellError, ValueError):
            key = (column, row)
            self.problems.setdefault(
                key, ImportProblem(self.raw.location, rule, row, (column,), cell)
            )
            return None


def _number(cell: object) -> float:
    """A number as written; a trailing ``%`` is a unit sign like ``$`` (``80%`` reads 80, and
    the rule's ``unit: percent`` makes it 0.8)."""
    if isinstance(cell, str) and cell.strip().endswith("%"):
        cell = cell.strip()[:-1]
    return parse_number(cell)


def _date(cell: object, date_format: str | None) -> pd.Timestamp:
    if date_format is None:
        return parse_date(cell)
    if isinstance(cell, dt.datetime | dt.date):
        return pd.Timestamp(cell).normalize()
    return pd.Timestamp(dt.datetime.strptime(str(cell).strip(), date_format)).normalize()


def convert_table(raw: RawTable, rules: Sequence[ColumnRule]) -> ConvertedTable:
    """Build one workbook table from ``raw`` with ``rules`` (export columns already checked)."""
    spec = TABLES_BY_NAME[rules[0].table] if rules else TABLES_BY_NAME[raw.name]
    cells = _Cells(raw)
    n = len(raw.rows)
    frame = pd.DataFrame(index=range(n))
    outcomes = []
    extra: list[ImportProblem] = []
    for rule in rules:
        kind = spec.column(rule.target).kind
        values = _source_values(rule, kind, cells, n)
        values, problems = _numbers_out(rule, kind, values, raw)
        extra += problems
        if rule.plus_days is not None:
            days = rule.plus_days.evaluate(_inputs(rule.plus_days.columns, cells))
            values = values + pd.to_timedelta(days.where(np.isfinite(days)), unit="D")
        blank = _blank_mask(values)
        filled = 0
        if rule.default is not None and blank.any():
            values = values.astype(object).where(~blank, _constant(rule.default, kind))
            filled = int(blank.sum())
        frame[rule.target] = values.reset_index(drop=True)
        outcomes.append(
            ColumnOutcome(
                rule.target,
                rule.describe(),
                defaulted_rows=filled,
                blank_rows=int(_blank_mask(frame[rule.target]).sum()),
                constant=rule.is_constant,
            )
        )
    for col in spec.columns:
        if col.name not in frame:
            frame[col.name] = pd.Series([None] * n, dtype=object)
    used = frozenset().union(*(r.export_columns for r in rules))
    unused = tuple(c for c in raw.header if c and c not in used)
    return ConvertedTable(
        table=spec.name,
        location=raw.location,
        frame=frame[spec.column_names],
        export_rows=list(raw.row_numbers),
        outcomes=tuple(outcomes),
        problems=(*cells.problems.values(), *extra),
        unused_columns=unused,
    )


def _inputs(columns: frozenset[str], cells: _Cells) -> pd.DataFrame:
    return pd.DataFrame({c: cells.numbers(c) for c in columns}, index=range(len(cells.raw.rows)))


def _source_values(rule: ColumnRule, kind: str, cells: _Cells, n: int) -> pd.Series:
    if rule.is_constant:
        return pd.Series([_constant(rule.value, kind)] * n, dtype=object)
    if rule.expression is not None:
        result = rule.expression.evaluate(_inputs(rule.expression.columns, cells))
        if rule.ranked:
            return result.rank(method="first", ascending=not rule.descending)
        return result
    assert rule.source is not None
    if kind in NUMERIC_KINDS or rule.bins:
        return cells.numbers(rule.source)
    if kind == "date":
        return cells.dates(rule.source, rule.date_format)
    return cells.texts(rule.source)


def _numbers_out(
    rule: ColumnRule, kind: str, values: pd.Series, raw: RawTable
) -> tuple[pd.Series, list[ImportProblem]]:
    """Scale, sign, bins and recoding; infinite results (a division by 0) become problems."""
    problems: list[ImportProblem] = []
    numeric = kind in NUMERIC_KINDS or bool(rule.bins)
    if numeric and not rule.is_constant:
        values = values.astype(float) * rule.scale * (-1.0 if rule.flip_sign else 1.0)
    if rule.bins:
        codes = np.digitize(values.to_numpy(float), rule.bins)
        labels = np.array(rule.labels, dtype=object)[np.clip(codes, 0, len(rule.labels) - 1)]
        return pd.Series(np.where(values.isna(), None, labels), dtype=object), problems
    if numeric and not rule.is_constant:
        infinite = np.isinf(values.to_numpy(float))
        for position in infinite.nonzero()[0]:
            problems.append(
                ImportProblem(
                    raw.location,
                    "the formula divides by zero",
                    raw.row_numbers[position],
                    tuple(sorted(rule.export_columns)),
                    target=f"{rule.table}.{rule.target}",
                )
            )
        values = values.where(~infinite)
    if rule.values:
        values = values.map(lambda v: rule.values.get(str(v), v) if v is not None else v)
    return values, problems


def _constant(value: object, kind: str) -> object:
    if value is None:
        return None
    if kind == "date":
        return parse_date(value)
    if kind in NUMERIC_KINDS:
        return parse_number(value)
    return str(value)


def _blank_mask(values: pd.Series) -> pd.Series:
    return values.map(lambda v: v is pd.NaT or is_blank(v))
