"""Load a whole organisation's dataset into one typed, validated object.

>>> org = load_organisation("harbourline")          # a bundled dataset
>>> org = load_organisation("my_export/")           # a folder of CSV files  # doctest: +SKIP
>>> org = load_organisation("portfolio.xlsx")       # one sheet per table    # doctest: +SKIP
>>> org.projects.shape[0] > 0                       # every table is a pandas DataFrame
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from vmo_lib.data.errors import DataError, Problem
from vmo_lib.data.readers import read_dataset, resolve_source
from vmo_lib.data.schema import TABLES
from vmo_lib.data.validate import (
    empty_frame,
    is_warning,
    reference_problems,
    table_rules,
    typed_table,
)


@dataclass(frozen=True)
class Organisation:
    """Every table of one organisation, typed and validated.

    Tables the source did not provide are empty frames with the right columns, and their
    names are listed in ``missing`` so analyses can say what they had to skip. ``warnings``
    holds the problems that did not stop loading (:class:`vmo_lib.data.validate.DataWarning`,
    e.g. earned value above the budget), for notebooks and ``vmo check-data`` to show.
    """

    source: str
    projects: pd.DataFrame
    cashflows: pd.DataFrame
    value_drivers: pd.DataFrame
    driver_judgements: pd.DataFrame
    driver_priorities: pd.DataFrame
    project_contributions: pd.DataFrame
    pmo_assessment: pd.DataFrame
    skills_inventory: pd.DataFrame
    kpis: pd.DataFrame
    benefits: pd.DataFrame
    benefit_plan: pd.DataFrame
    benefit_actuals: pd.DataFrame
    resource_demand: pd.DataFrame
    resource_capacity: pd.DataFrame
    baseline_plan: pd.DataFrame
    missing: tuple[str, ...] = ()
    warnings: tuple[Problem, ...] = ()

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Table name -> DataFrame, in schema order."""
        return {t.name: getattr(self, t.name) for t in TABLES}

    def summary(self) -> str:
        """One line per table with its row count, for the command line and notebooks."""
        lines = [f"{self.source}:"]
        for name, frame in self.tables.items():
            status = "missing" if name in self.missing else f"{len(frame):,} rows"
            lines.append(f"  {name:<22} {status}")
        return "\n".join(lines)


def load_organisation(source: str | Path) -> Organisation:
    """Load and validate a dataset from a bundled name, a CSV folder or an .xlsx workbook.

    Raises :class:`DataError` listing every problem found (file or sheet, row, column, value,
    rule), and ``FileNotFoundError`` when the source does not exist. Warnings (rules whose
    rows can still be analysed) do not stop loading: they are returned in
    ``Organisation.warnings``. Input files are only read, never modified.
    """
    path = resolve_source(source)
    raw = read_dataset(path)
    problems: list[Problem] = list(raw.problems)
    frames: dict[str, pd.DataFrame] = {}
    numbers: dict[str, list[int]] = {}
    locations: dict[str, str] = {}
    for spec in TABLES:
        table = raw.tables.get(spec.name)
        if table is None:
            if spec.required and not any(p.table == spec.name for p in problems):
                problems.append(
                    Problem(
                        raw.source,
                        spec.name,
                        f"the required table '{spec.name}' is missing (a file "
                        f"{spec.name}.csv or a sheet named {spec.name})",
                    )
                )
            continue
        frame, rows, table_problems = typed_table(table, spec)
        problems += table_problems
        if spec.required and frame.empty and not table_problems:
            problems.append(Problem(table.location, spec.name, "the table has no data rows"))
        frames[spec.name] = frame
        numbers[spec.name] = rows
        locations[spec.name] = table.location
        flagged = frozenset(p.row for p in table_problems if p.row is not None)
        problems += table_rules(spec.name, frame, rows, table.location, flagged)
    unreadable = {p.table for p in raw.problems}
    problems += reference_problems(frames, numbers, locations, unreadable)
    warnings = [p for p in problems if is_warning(p)]
    problems = [p for p in problems if not is_warning(p)]
    if problems:
        raise DataError(_in_reading_order(problems), source=str(source))
    missing = tuple(t.name for t in TABLES if t.name not in frames)
    tables = {t.name: frames.get(t.name, empty_frame(t)) for t in TABLES}
    return Organisation(
        source=str(source),
        missing=missing,
        warnings=tuple(_in_reading_order(warnings)),
        **tables,
    )


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Problems grouped by file or sheet (in the order met), then by row, as a user fixes them."""
    first_seen: dict[str, int] = {}
    for problem in problems:
        first_seen.setdefault(problem.location, len(first_seen))
    return sorted(problems, key=lambda p: (first_seen[p.location], p.row or 0))
