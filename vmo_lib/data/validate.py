"""Turn raw tables into typed DataFrames, checking every rule of the schema on the way.

Checks, all collected before anything is raised:
- per column: present, readable as its kind, not blank when required, within range,
  unique where declared;
- per table: key columns unique together, plus the table's own consistency rules
  (earned value within budget, finish after start, no cycles in the driver tree...);
- across tables: every referenced project, driver or benefit exists.

Most rules are errors: the data cannot be analysed until they are fixed, and loading stops
with one report listing them all. A few are *warnings* (:class:`DataWarning`): the data can
still be analysed, with a stated treatment, but a person should look at the rows. They are
reported in the same style (file, table, row, column, value, rule), kept on the loaded
organisation (``Organisation.warnings``), shown by ``vmo check-data`` and in the notebooks,
and never stop loading. :data:`ROW_RULES` lists every rule that compares columns or rows, with
its severity; the data dictionary (``datasets/README.md``) is generated from it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from vmo_lib.data.cells import (
    CellError,
    dtype_for,
    is_blank,
    parse_date,
    parser_for,
    slashed_date_order,
)
from vmo_lib.data.errors import Problem
from vmo_lib.data.readers import RawTable, normalise_name
from vmo_lib.data.schema import TABLES_BY_NAME, ColumnSpec, TableSpec

HEADER_ROW = 1

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class DataWarning(Problem):
    """A problem that does not stop loading: the rows can be analysed with a stated treatment.

    Same fields and the same report line as :class:`Problem` (file, table, row, column, value,
    rule), so users read errors and warnings alike.
    """


@dataclass(frozen=True)
class RowRule:
    """A rule checked on each row (or across rows) of one table, beyond single cells.

    ``rule`` is the text of the report line and of the data dictionary; ``severity`` says
    whether it stops loading (``error``) or is reported as a :class:`DataWarning`;
    ``condition`` is what a valid row satisfies, for the data dictionary.
    """

    table: str
    column: str
    rule: str
    severity: Severity = "error"
    condition: str = ""


EV_ABOVE_BAC = RowRule(
    "projects",
    "earned_value",
    "earned value exceeds the budget at completion (scope grew without a new baseline): "
    "loaded, but re-baseline the project; the analyses count no remaining work for it, so "
    "its forecast final cost is its actual cost so far",
    "warning",
    "`earned_value` <= `budget_at_completion`",
)
PV_ABOVE_BAC = RowRule(
    "projects",
    "planned_value",
    "planned value cannot exceed the budget at completion",
    condition="`planned_value` <= `budget_at_completion`",
)
PLANNED_FINISH_BEFORE_START = RowRule(
    "projects",
    "planned_finish",
    "finish date is before the start date",
    condition="`planned_finish` on or after `start_date`",
)
FORECAST_FINISH_BEFORE_START = RowRule(
    "projects",
    "forecast_finish",
    "finish date is before the start date",
    condition="`forecast_finish` on or after `start_date`",
)
REALISATION_END_BEFORE_START = RowRule(
    "benefits",
    "realisation_end",
    "realisation ends before it starts",
    condition="`realisation_end` on or after `realisation_start`",
)
SELF_COMPARISON = RowRule(
    "driver_judgements",
    "driver_b",
    "a driver cannot be compared with itself",
    condition="`driver_a` differs from `driver_b`",
)
DRIVER_CYCLE = RowRule(
    "value_drivers",
    "parent_id",
    "the driver is its own ancestor (a cycle in the driver tree)",
    condition="following `parent_id` never leads back to the driver",
)
LEAF_CONTRIBUTIONS = RowRule(
    "project_contributions",
    "driver_id",
    "contributions are scored on leaf drivers only; this driver has sub-drivers",
    condition="`driver_id` is a driver without sub-drivers",
)
SIBLING_JUDGEMENTS = RowRule(
    "driver_judgements",
    "driver_b",
    "compares drivers from different levels or branches of the tree; compare two "
    "objectives, or two drivers under the same parent",
    condition="`driver_a` and `driver_b` have the same parent (or are both objectives)",
)

ROW_RULES: tuple[RowRule, ...] = (
    PV_ABOVE_BAC,
    EV_ABOVE_BAC,
    PLANNED_FINISH_BEFORE_START,
    FORECAST_FINISH_BEFORE_START,
    REALISATION_END_BEFORE_START,
    SELF_COMPARISON,
    DRIVER_CYCLE,
    LEAF_CONTRIBUTIONS,
    SIBLING_JUDGEMENTS,
)
"""Every rule that compares columns or rows, in the order the data dictionary lists them.
Column-level rules (kind, required, range, allowed values, unique, references, key) come from
:mod:`vmo_lib.data.schema` itself."""


def is_warning(problem: Problem) -> bool:
    """True for a :class:`DataWarning` (reported, does not stop loading)."""
    return isinstance(problem, DataWarning)


def warning_notes(
    warnings: Sequence[Problem], source: str = "the data", limit: int = 10
) -> list[str]:
    """Plain sentences for a notebook note: how many warnings, then one line per warning (the
    first ``limit``; ``vmo check-data`` prints them all).

    >>> w = DataWarning("projects.csv", "projects", "check it", 4, "earned_value", "12")
    >>> warning_notes([w], "my_org")[0].startswith("1 warning in my_org (loaded anyway")
    True
    >>> warning_notes([w] * 3, limit=1)[-1]
    '... and 2 more: vmo check-data lists them all.'
    """
    if not warnings:
        return []
    noun = "warning" if len(warnings) == 1 else "warnings"
    head = f"{len(warnings):,} {noun} in {source} (loaded anyway; worth a look)"
    if len(warnings) == 1:
        return [f"{head}: {warnings[0]}"]
    shown = [str(w) for w in warnings[: max(int(limit), 0)]]
    more = len(warnings) - len(shown)
    tail = [f"... and {more:,} more: vmo check-data lists them all."] if more else []
    return [f"{head}:", *shown, *tail]


def empty_frame(spec: TableSpec) -> pd.DataFrame:
    """A table with the schema's columns and dtypes and no rows."""
    return pd.DataFrame({c.name: pd.Series([], dtype=dtype_for(c)) for c in spec.columns})


def _column_positions(raw: RawTable, spec: TableSpec) -> tuple[dict[str, int], list[Problem]]:
    """Find each schema column in the header (by name or alias, ignoring case and spacing)."""
    wanted: dict[str, str] = {}
    for col in spec.columns:
        for name in (col.name, *col.aliases):
            wanted[normalise_name(name)] = col.name
    positions: dict[str, int] = {}
    problems: list[Problem] = []
    for index, heading in enumerate(raw.header):
        column = wanted.get(normalise_name(heading))
        if column is None:
            continue
        if column in positions:
            problems.append(
                Problem(
                    raw.location,
                    spec.name,
                    "the column appears twice in the header",
                    HEADER_ROW,
                    heading,
                )
            )
            continue
        positions[column] = index
    if len(raw.header) == 1 and len(spec.columns) > 1:
        problems.append(
            Problem(
                raw.location,
                spec.name,
                "only one column found: separate the values with commas or semicolons",
                HEADER_ROW,
                None,
                raw.header[0],
            )
        )
        return positions, problems
    for col in spec.columns:
        if col.name not in positions and col.required:
            problems.append(
                Problem(
                    raw.location,
                    spec.name,
                    "required column is missing from the header",
                    HEADER_ROW,
                    col.name,
                )
            )
    return positions, problems


def _range_rule(col: ColumnSpec) -> Callable[[float], str | None]:
    def check(value: float) -> str | None:
        low, high = col.minimum, col.maximum
        if low is not None and value < low - 1e-9:
            return f"must be at least {_fmt(low)}" if high is None else _between(col)
        if high is not None and value > high + 1e-9:
            return f"must be at most {_fmt(high)}" if low is None else _between(col)
        return None

    return check


def _fmt(x: float) -> str:
    return "1/9" if abs(x - 1 / 9) < 1e-12 else f"{x:g}"


def _between(col: ColumnSpec) -> str:
    return f"must be between {_fmt(col.minimum or 0)} and {_fmt(col.maximum or 0)}"


_BLANK = "(blank)"
"""Marks a blank cell in :func:`_read_cell`'s outcome (compared by identity)."""


def _read_cell(
    cell: object,
    parse: Callable[[object, bool], object],
    decimal_comma: bool,
    in_range: Callable[[float], str | None],
) -> tuple[object, str | None]:
    """One cell's typed value and the rule it breaks (``None`` if none, ``_BLANK`` if blank).

    A value out of range is kept (the rule is reported); an unreadable one becomes ``None``.
    """
    if is_blank(cell):
        return None, _BLANK
    try:
        value = parse(cell, decimal_comma)
    except CellError as exc:
        return None, str(exc)
    if isinstance(value, int | float):
        return value, in_range(value)
    return value, None


def typed_table(raw: RawTable, spec: TableSpec) -> tuple[pd.DataFrame, list[int], list[Problem]]:
    """Convert a raw table; return the frame, its rows' user-visible numbers, and problems."""
    positions, problems = _column_positions(raw, spec)
    if any(p.row == HEADER_ROW and p.column is None for p in problems):
        return empty_frame(spec), [], problems
    width = len(raw.header)
    for cells, number in zip(raw.rows, raw.row_numbers, strict=True):
        extra = [c for c in cells[width:] if not is_blank(c)]
        if extra:
            problems.append(
                Problem(
                    raw.location,
                    spec.name,
                    f"the row has {width + len(extra)} values but the header has {width} "
                    "columns (a stray separator, or a decimal comma in a comma-separated "
                    "file?)",
                    number,
                    None,
                    extra[0],
                )
            )
    data: dict[str, pd.Series] = {}
    for col in spec.columns:
        values: list[object] = []
        position = positions.get(col.name)
        parse = parser_for(col)
        if col.kind == "date" and position is not None:
            parse, mixed = _date_parser(raw, spec, col, position)
            problems += mixed
        in_range = _range_rule(col)
        # Each distinct cell is read once: columns repeat their values (quarters, stages,
        # amounts), and reading cell by cell dominated loading a 10,000-project portfolio.
        # Keys carry the type, so 1, 1.0 and True are read separately, as they must be.
        seen: dict[tuple[type, object], tuple[object, str | None]] = {}
        for cells, number in zip(raw.rows, raw.row_numbers, strict=True):
            cell = cells[position] if position is not None and position < len(cells) else None
            key = (type(cell), cell)
            outcome = seen.get(key)
            if outcome is None:
                outcome = seen[key] = _read_cell(cell, parse, raw.decimal_comma, in_range)
            value, rule = outcome
            values.append(value)
            if rule is None:
                continue
            if rule is _BLANK:
                if col.required and position is not None:
                    problems.append(
                        Problem(raw.location, spec.name, "a value is required", number, col.name)
                    )
                continue
            problems.append(Problem(raw.location, spec.name, rule, number, col.name, cell))
        data[col.name] = pd.Series(values, dtype="object")
    frame = pd.DataFrame(data)
    frame = frame.astype({c.name: dtype_for(c) for c in spec.columns})
    problems += _uniqueness(frame, raw.row_numbers, spec, raw.location)
    return frame, list(raw.row_numbers), problems


def _date_parser(
    raw: RawTable, spec: TableSpec, col: ColumnSpec, position: int
) -> tuple[Callable[[object, bool], object], list[Problem]]:
    """One reading for a whole date column: day-first or month-first, never a mix of both.

    A column that writes ``31/01/2026`` on one row and ``01/31/2026`` on another cannot be
    read safely (``03/04/2026`` would mean one thing or the other): that is a problem to fix.
    """
    cells = [row[position] if position < len(row) else None for row in raw.rows]
    order, day_first, month_first = slashed_date_order(cells)
    problems = []
    if order == "mixed":
        number = raw.row_numbers[cells.index(month_first)]
        problems.append(
            Problem(
                raw.location,
                spec.name,
                f"dates in this column are written both day-first ({day_first}) and "
                "month-first (this one); use one order throughout, best YYYY-MM-DD",
                number,
                col.name,
                month_first,
            )
        )
    month = order == "month_first"
    return (lambda value, comma=False: parse_date(value, comma, month_first=month)), problems


def _uniqueness(
    frame: pd.DataFrame, numbers: list[int], spec: TableSpec, location: str
) -> list[Problem]:
    problems = []
    keys: list[tuple[str, ...]] = [(c.name,) for c in spec.columns if c.unique]
    if spec.key and spec.key not in keys:
        keys.append(spec.key)
    for key in keys:
        subset = frame[list(key)]
        duplicated = subset.duplicated(keep="first") & subset.notna().all(axis=1)
        for position in duplicated.to_numpy().nonzero()[0]:
            first = (subset == subset.iloc[position]).all(axis=1).to_numpy().nonzero()[0][0]
            label = " + ".join(key)
            value = " / ".join(str(v) for v in subset.iloc[position])
            problems.append(
                Problem(
                    location,
                    spec.name,
                    f"duplicate {label}: already used on row {numbers[first]}",
                    numbers[position],
                    label,
                    value,
                )
            )
    return problems


def table_rules(
    name: str,
    frame: pd.DataFrame,
    numbers: list[int],
    location: str,
    skip_rows: frozenset[int] = frozenset(),
) -> list[Problem]:
    """Consistency rules that involve several columns of one table.

    Rows listed in ``skip_rows`` (user row numbers that already have a cell problem) are not
    checked: a rule comparing a value the user must fix anyway would only add noise.
    """
    problems: list[Problem] = []

    def flag(mask: pd.Series, rule: RowRule) -> None:
        kind = DataWarning if rule.severity == "warning" else Problem
        for position in mask.fillna(False).to_numpy().nonzero()[0]:
            if numbers[position] in skip_rows:
                continue
            problems.append(
                kind(
                    location,
                    name,
                    rule.rule,
                    numbers[position],
                    rule.column,
                    _shown(frame[rule.column].iloc[position]),
                )
            )

    if name == "projects":
        bac = frame["budget_at_completion"]
        flag(frame["earned_value"] > bac * (1 + 1e-9), EV_ABOVE_BAC)
        flag(frame["planned_value"] > bac * (1 + 1e-9), PV_ABOVE_BAC)
        flag(frame["planned_finish"] < frame["start_date"], PLANNED_FINISH_BEFORE_START)
        flag(frame["forecast_finish"] < frame["start_date"], FORECAST_FINISH_BEFORE_START)
    elif name == "benefits":
        ends = frame["realisation_end"] < frame["realisation_start"]
        flag(ends, REALISATION_END_BEFORE_START)
    elif name == "driver_judgements":
        flag(frame["driver_a"] == frame["driver_b"], SELF_COMPARISON)
    elif name == "value_drivers":
        problems += _driver_cycles(frame, numbers, location)
    return problems


def _shown(value: object) -> object:
    """A typed value as the user would have written it: dates without a time of day."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return f"{value:,.0f}"
    return value


def _driver_cycles(frame: pd.DataFrame, numbers: list[int], location: str) -> list[Problem]:
    parent = dict(zip(frame["driver_id"], frame["parent_id"], strict=True))
    problems = []
    for position, start in enumerate(frame["driver_id"]):
        seen = {start}
        node = parent.get(start)
        while isinstance(node, str) and node in parent:
            if node == start:
                problems.append(
                    Problem(
                        location,
                        "value_drivers",
                        DRIVER_CYCLE.rule,
                        numbers[position],
                        "parent_id",
                        frame["parent_id"].iloc[position],
                    )
                )
                break
            if node in seen:
                break
            seen.add(node)
            node = parent.get(node)
    return problems


def reference_problems(
    frames: dict[str, pd.DataFrame],
    numbers: dict[str, list[int]],
    locations: dict[str, str],
    unreadable: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[Problem]:
    """Every ``references`` column must point at an existing row of the referenced table.

    References into a table listed in ``unreadable`` are not checked: that table's own
    problems are already reported and would only repeat here.
    """
    problems = []
    for name, frame in frames.items():
        spec = TABLES_BY_NAME[name]
        for col in spec.columns:
            if not col.references:
                continue
            target_table, target_column = col.references.split(".")
            values = frame[col.name]
            present = values.notna()
            if not present.any():
                continue
            if target_table in unreadable:
                continue
            if target_table not in frames:
                problems.append(
                    Problem(
                        locations[name],
                        name,
                        f"refers to the table '{target_table}', which is missing",
                        None,
                        col.name,
                    )
                )
                continue
            known = set(frames[target_table][target_column].dropna())
            noun = target_table.rstrip("s").replace("_", " ")
            for position in (present & ~values.isin(known)).to_numpy().nonzero()[0]:
                problems.append(
                    Problem(
                        locations[name],
                        name,
                        f"no {noun} with this id in '{target_table}'",
                        numbers[name][position],
                        col.name,
                        values.iloc[position],
                    )
                )
    problems += _leaf_contributions(frames, numbers, locations)
    problems += _sibling_judgements(frames, numbers, locations)
    return problems


def _leaf_contributions(
    frames: dict[str, pd.DataFrame], numbers: dict[str, list[int]], locations: dict[str, str]
) -> list[Problem]:
    if "project_contributions" not in frames or "value_drivers" not in frames:
        return []
    drivers = frames["value_drivers"]
    parents = set(drivers["parent_id"].dropna())
    known = set(drivers["driver_id"].dropna())
    ids = frames["project_contributions"]["driver_id"]
    bad = ids.isin(parents & known)
    return [
        Problem(
            locations["project_contributions"],
            "project_contributions",
            LEAF_CONTRIBUTIONS.rule,
            numbers["project_contributions"][p],
            "driver_id",
            ids.iloc[p],
        )
        for p in bad.to_numpy().nonzero()[0]
    ]


def _sibling_judgements(
    frames: dict[str, pd.DataFrame], numbers: dict[str, list[int]], locations: dict[str, str]
) -> list[Problem]:
    """Pairwise judgements compare siblings: two objectives, or two drivers of one parent.

    Weights are set level by level (a leaf's weight is the product of the weights on its
    path), so comparing an objective with a driver, or drivers of different parents, has no
    place in any matrix.
    """
    if "driver_judgements" not in frames or "value_drivers" not in frames:
        return []
    drivers = frames["value_drivers"]
    parent = dict(zip(drivers["driver_id"], drivers["parent_id"].fillna(""), strict=True))
    judgements = frames["driver_judgements"]
    known = judgements["driver_a"].isin(parent) & judgements["driver_b"].isin(parent)
    parent_a = judgements["driver_a"].map(parent)
    parent_b = judgements["driver_b"].map(parent)
    apart = known & parent_a.ne(parent_b)
    return [
        Problem(
            locations["driver_judgements"],
            "driver_judgements",
            f"{SIBLING_JUDGEMENTS.rule} ('{judgements['driver_a'].iloc[p]}'"
            f" is under '{parent_a.iloc[p] or 'no parent'}', this one under "
            f"'{parent_b.iloc[p] or 'no parent'}')",
            numbers["driver_judgements"][p],
            "driver_b",
            judgements["driver_b"].iloc[p],
        )
        for p in apart.to_numpy().nonzero()[0]
    ]
