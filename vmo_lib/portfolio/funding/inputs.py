"""Input checks for :func:`vmo_lib.portfolio.funding.select.select_projects`.

Every problem found is collected and reported at once in a :class:`SelectionInputError`, so a
user fixes their data in one pass instead of one error at a time. The checked, aligned inputs
come back as a :class:`SelectionSpec` (numpy arrays in the order of ``values``), which the
model builder (:mod:`vmo_lib.portfolio.funding.model`) turns into an integer programme.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import numpy as np
import pandas as pd

from vmo_lib.errors import VmoError
from vmo_lib.portfolio.funding.resources import CapacityInputs, check_capacity

ShareBasis: TypeAlias = Literal["budget", "funded"]
SHARE_BASES: tuple[ShareBasis, ...] = ("budget", "funded")
_SHOWN = 8  # ids listed per problem before "... and N more"


class SelectionInputError(VmoError, ValueError):
    """The inputs of a selection are unusable; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        count = f"{len(problems)} problem" + ("s" if len(problems) > 1 else "")
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Cannot select projects ({count}):\n{lines}")


@dataclass(frozen=True)
class SelectionSpec:
    """Checked inputs, aligned on the order of ``values`` (positions, not ids, inside)."""

    ids: pd.Index
    values: np.ndarray
    costs: np.ndarray
    must_fund: np.ndarray  # positions
    must_not_fund: np.ndarray
    requires: tuple[tuple[int, int], ...]  # (needs, needed) positions, deduplicated
    exclusive: tuple[tuple[int, ...], ...]  # groups of >= 2 positions (original numbering kept)
    exclusive_numbers: tuple[int, ...]  # 1-based number of each group in the user's list
    group_of: np.ndarray  # group label per project (object, None when none)
    share_bounds: tuple[tuple[Hashable, float | None, float | None], ...]
    share_basis: ShareBasis
    yearly_costs: np.ndarray  # projects x constrained years
    years: tuple[Hashable, ...]
    yearly_budgets: np.ndarray
    capacity: CapacityInputs | None = None  # resource limits and demand, or None
    max_deferral: int = 0  # periods a project may start late (0: as planned)
    yearly_table: pd.DataFrame | None = None  # all yearly costs, aligned (deferral only)
    deferrable: np.ndarray | None = None  # bool per project: may start late (None: all)


def _listed(items: Iterable[Any]) -> str:
    items = list(items)
    text = ", ".join(repr(i) for i in items[:_SHOWN])
    return text + (f" ... and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")


def _as_series(name: str, data: Any, problems: list[str]) -> pd.Series | None:
    if isinstance(data, Mapping) and not isinstance(data, pd.Series):
        data = pd.Series(data, dtype=object)
    if not isinstance(data, pd.Series):
        problems.append(
            f"{name}: expected a pandas Series indexed by project id, got {type(data).__name__}"
        )
        return None
    if data.index.has_duplicates:
        dupes = data.index[data.index.duplicated()].unique()
        problems.append(f"{name}: project ids appear more than once: {_listed(dupes)}")
        return None
    return data


def _numbers(name: str, series: pd.Series, problems: list[str], negative_ok: bool) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(series.dtype):  # fast path for clean numeric data
        fast = series.to_numpy(dtype=float, na_value=np.nan)
        if np.isfinite(fast).all() and (negative_ok or (fast >= 0).all()):
            return fast
    numbers = pd.to_numeric(series, errors="coerce").astype(float)
    not_numbers = series.index[numbers.isna() & series.notna()]
    if len(not_numbers):
        problems.append(f"{name}: not a number for projects {_listed(not_numbers)}")
    missing = series.index[series.isna()]
    if len(missing):
        problems.append(f"{name}: missing (NaN) for projects {_listed(missing)}")
    infinite = series.index[np.isinf(numbers)]
    if len(infinite):
        problems.append(f"{name}: infinite for projects {_listed(infinite)}")
    if not negative_ok:
        negative = series.index[numbers < 0]
        if len(negative):
            problems.append(f"{name}: negative for projects {_listed(negative)} (must be >= 0)")
    return numbers.to_numpy()


def _positions(name: str, ids: Iterable[Any], index: pd.Index, problems: list[str]) -> np.ndarray:
    ids = [ids] if isinstance(ids, str) else list(ids)
    unknown = [i for i in ids if i not in index]
    if unknown:
        problems.append(f"{name}: unknown project ids {_listed(unknown)}")
    return np.unique(index.get_indexer(pd.Index([i for i in ids if i in index]))).astype(int)


def _requires(pairs: Iterable[Any], index: pd.Index, problems: list[str]) -> tuple:
    found: dict[tuple[int, int], None] = {}
    bad: list[Any] = []
    unknown: list[Any] = []
    loops: list[Any] = []
    for pair in pairs:
        if isinstance(pair, str) or not isinstance(pair, Iterable) or len(tuple(pair)) != 2:
            bad.append(pair)
            continue
        a, b = tuple(pair)
        if a not in index or b not in index:
            unknown.extend(i for i in (a, b) if i not in index)
        elif a == b:
            loops.append(a)
        else:
            where = index.get_indexer(pd.Index([a, b]))
            found[(int(where[0]), int(where[1]))] = None
    if bad:
        problems.append(f"requires: entries must be pairs (needs, needed), got {_listed(bad)}")
    if unknown:
        problems.append(f"requires: unknown project ids {_listed(dict.fromkeys(unknown))}")
    if loops:
        problems.append(f"requires: projects listed as needing themselves {_listed(loops)}")
    return tuple(found)


def _exclusive(groups: Iterable[Any], index: pd.Index, problems: list[str]) -> tuple:
    kept, numbers = [], []
    for number, group in enumerate(groups, start=1):
        if isinstance(group, str) or not isinstance(group, Iterable):
            problems.append(f"exclusive: group {number} must be a list of ids, got {group!r}")
            continue
        where = _positions(f"exclusive group {number}", group, index, problems)
        if len(where) >= 2:
            kept.append(tuple(int(i) for i in where))
            numbers.append(number)
    return tuple(kept), tuple(numbers)


def _shares(groups, bounds, index, problems) -> tuple[np.ndarray, tuple]:
    group_of = np.full(len(index), None, dtype=object)
    if groups is None:
        if bounds:
            problems.append("group_share_bounds: given without groups (project id -> group)")
        return group_of, ()
    groups = _as_series("groups", groups, problems)
    if groups is None:
        return group_of, ()
    extra = groups.index.difference(index)
    if len(extra):
        problems.append(f"groups: project ids not in values {_listed(extra)}")
    known = groups[groups.index.isin(index) & groups.notna()]
    group_of[index.get_indexer(known.index)] = known.to_numpy()
    labels = set(known.unique())
    checked = []
    for group, limits in (bounds or {}).items():
        if group not in labels:
            problems.append(f"group_share_bounds: no project belongs to group {group!r}")
            continue
        try:
            low, high = limits
            low = None if low is None else float(low)
            high = None if high is None else float(high)
        except (TypeError, ValueError):
            problems.append(f"group_share_bounds[{group!r}]: expected (min_share, max_share)")
            continue
        shares = [s for s in (low, high) if s is not None]
        if any(not 0 <= s <= 1 for s in shares):
            problems.append(f"group_share_bounds[{group!r}]: shares must be between 0 and 1")
        elif low is not None and high is not None and low > high:
            problems.append(f"group_share_bounds[{group!r}]: min share {low} > max share {high}")
        else:
            checked.append((group, low, high))
    return group_of, tuple(checked)


def _yearly(costs, budgets, index, problems) -> tuple[np.ndarray, tuple, np.ndarray]:
    empty = (np.zeros((len(index), 0)), (), np.zeros(0))
    if costs is None and budgets is None:
        return empty
    if costs is None or budgets is None:
        problems.append("yearly_costs and yearly_budgets must be given together")
        return empty
    if not isinstance(costs, pd.DataFrame):
        problems.append(f"yearly_costs: expected a DataFrame (project x year), got {type(costs)}")
        return empty
    missing = index.difference(costs.index, sort=False)
    extra = costs.index.difference(index, sort=False)
    if len(missing):
        problems.append(f"yearly_costs: no row for projects {_listed(missing)}")
    if len(extra):
        problems.append(f"yearly_costs: rows for project ids not in values {_listed(extra)}")
    years = [y for y in budgets if y in costs.columns]
    absent = [y for y in budgets if y not in costs.columns]
    if absent:
        problems.append(f"yearly_budgets: years with no column in yearly_costs {_listed(absent)}")
    limits = pd.Series({y: budgets[y] for y in years}, dtype=object)
    limit_values = _numbers("yearly_budgets", limits, problems, negative_ok=False)
    if len(missing) or len(extra) or costs.index.has_duplicates:
        if costs.index.has_duplicates:
            problems.append("yearly_costs: project ids appear more than once")
        return empty
    table = costs.loc[index, years]
    columns = [_numbers(f"yearly_costs[{y!r}]", table[y], problems, False) for y in years]
    matrix = np.column_stack(columns) if columns else np.zeros((len(index), 0))
    return matrix, tuple(years), limit_values


def budget_problems(budget: Any, name: str = "budget") -> list[str]:
    """Why ``budget`` is not a usable budget (a finite amount of money >= 0); empty when it is."""
    try:
        amount = float(budget)
    except (TypeError, ValueError):
        return [f"{name}: expected an amount of money, got {budget!r}"]
    if not np.isfinite(amount) or amount < 0:
        return [f"{name}: must be a finite amount >= 0, got {budget!r}"]
    return []


def check_inputs(
    values: Any,
    costs: Any,
    budget: Any,
    *,
    must_fund: Iterable[Hashable] = (),
    must_not_fund: Iterable[Hashable] = (),
    requires: Iterable[tuple[Hashable, Hashable]] = (),
    exclusive: Iterable[Iterable[Hashable]] = (),
    groups: pd.Series | None = None,
    group_share_bounds: Mapping[Hashable, tuple[float | None, float | None]] | None = None,
    share_basis: str = "budget",
    yearly_costs: pd.DataFrame | None = None,
    yearly_budgets: Mapping[Hashable, float] | None = None,
    check_budget: bool = True,
    resource_demand: pd.DataFrame | None = None,
    resource_capacity: pd.DataFrame | None = None,
    max_deferral: int = 0,
    deferrable: Iterable[Hashable] | None = None,
) -> SelectionSpec:
    """Check every input of a selection; raise :class:`SelectionInputError` listing all problems.

    ``budget`` is checked only when ``check_budget`` (the frontier checks its own sweep).
    ``resource_demand`` / ``resource_capacity`` / ``max_deferral`` / ``deferrable``: see
    :mod:`vmo_lib.portfolio.funding.resources` and :mod:`vmo_lib.portfolio.funding.deferral`.

    >>> spec = check_inputs(pd.Series({"A": 3.0, "B": 1.0}), pd.Series({"B": 2, "A": 5}), 6)
    >>> list(spec.ids), spec.costs.tolist()
    (['A', 'B'], [5.0, 2.0])
    """
    problems: list[str] = []
    value_series = _as_series("values", values, problems)
    cost_series = _as_series("costs", costs, problems)
    if value_series is None or cost_series is None:
        raise SelectionInputError(problems)
    index = value_series.index
    only_values = index.difference(cost_series.index, sort=False)
    only_costs = cost_series.index.difference(index, sort=False)
    if len(only_values):
        problems.append(f"costs: no cost for projects {_listed(only_values)}")
    if len(only_costs):
        problems.append(f"costs: costs for project ids not in values {_listed(only_costs)}")
    value_array = _numbers("values", value_series, problems, negative_ok=True)
    known = cost_series[cost_series.index.isin(index)]  # missing ids are reported above
    cost_numbers = _numbers("costs", known, problems, negative_ok=False)
    cost_array = pd.Series(cost_numbers, index=known.index).reindex(index).to_numpy()
    if check_budget:
        problems.extend(budget_problems(budget))
    if share_basis not in SHARE_BASES:
        problems.append(f"share_basis: {share_basis!r} is not one of {', '.join(SHARE_BASES)}")
    fund = _positions("must_fund", must_fund, index, problems)
    avoid = _positions("must_not_fund", must_not_fund, index, problems)
    pairs = _requires(requires, index, problems)
    exclusive_groups, exclusive_numbers = _exclusive(exclusive, index, problems)
    group_of, shares = _shares(groups, group_share_bounds, index, problems)
    yearly, years, year_limits = _yearly(yearly_costs, yearly_budgets, index, problems)
    deferral = _deferral(max_deferral, problems)
    capacity = check_capacity(resource_demand, resource_capacity, index, problems, deferral)
    table = None
    if deferral and len(years) and yearly_costs is not None:
        table = _yearly_table(yearly_costs, index, problems)
    may_defer = None
    if deferrable is not None:
        may_defer = np.zeros(len(index), bool)
        may_defer[_positions("deferrable", deferrable, index, problems)] = True
    if problems:
        raise SelectionInputError(problems)
    return SelectionSpec(
        ids=index,
        values=value_array,
        costs=cost_array,
        must_fund=fund,
        must_not_fund=avoid,
        requires=pairs,
        exclusive=exclusive_groups,
        exclusive_numbers=exclusive_numbers,
        group_of=group_of,
        share_bounds=shares,
        share_basis=share_basis,  # type: ignore[arg-type]
        yearly_costs=yearly,
        years=years,
        yearly_budgets=year_limits,
        capacity=capacity,
        max_deferral=deferral,
        yearly_table=table,
        deferrable=may_defer,
    )


def _deferral(max_deferral: Any, problems: list[str]) -> int:
    """``max_deferral`` as a whole number of periods >= 0 (0 after a problem)."""
    if isinstance(max_deferral, bool) or not isinstance(max_deferral, (int, np.integer)):
        problems.append(f"max_deferral: expected a whole number of periods, got {max_deferral!r}")
        return 0
    if max_deferral < 0:
        problems.append(f"max_deferral: must be >= 0, got {max_deferral}")
        return 0
    return int(max_deferral)


def _yearly_table(costs: pd.DataFrame, index: pd.Index, problems: list[str]) -> pd.DataFrame:
    """Every year of ``yearly_costs`` (whole-number years, money >= 0), rows as ``index``: a
    deferred start moves spend from earlier years into the budgeted ones."""
    table = costs.loc[index]
    years = pd.to_numeric(pd.Series(table.columns), errors="coerce")
    if years.isna().any() or (years != np.round(years)).any():
        problems.append("yearly_costs: years must be whole numbers to defer starts")
        return table
    columns = {
        int(y): _numbers(f"yearly_costs[{c!r}]", table[c], problems, False)
        for y, c in zip(years, table.columns, strict=True)
    }
    return pd.DataFrame(columns, index=index)
