"""Scarce resources in a selection: checked demand and capacity (people as well as money).

``resource_demand`` (columns ``project_id``, ``period``, ``resource``, ``amount``) says what
each project needs of a resource in a period if it starts as planned (e.g. FTE of data
engineers in 2028); ``resource_capacity`` (``period``, ``resource``, ``amount``) what the
organisation can staff. :func:`check_capacity` checks both (every problem collected in the
caller's list) and returns a :class:`CapacityInputs`: one limit per (resource, period) with a
capacity row, and the demand rows in positions of the selection's projects. A resource or
period without a capacity row is not limited; demand rows repeated for one project,
period and resource add up.

With a start deferral (``max_deferral`` > 0) a project may start up to that many periods
late: its demand moves with it (:meth:`CapacityInputs.demand`), so periods must then be whole
numbers (years) to be shifted.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["CapacityInputs", "capacity_text", "check_capacity"]

DEMAND_COLUMNS = ("project_id", "period", "resource", "amount")
CAPACITY_COLUMNS = ("period", "resource", "amount")
_SHOWN = 8


@dataclass(frozen=True)
class CapacityInputs:
    """Checked resource limits and demand, aligned on the selection's project positions.

    ``keys``: (resource, period) pairs with a capacity, ``limits``: the capacity of each
    (resource units, e.g. FTE); ``positions``, ``periods``, ``resources``, ``amounts``: one
    entry per demand row (project position, period, resource, amount needed when starting as
    planned), every demand row kept, limited or not (a deferred start can move demand into a
    limited period).
    """

    keys: tuple[tuple[Hashable, Hashable], ...]
    limits: np.ndarray
    positions: np.ndarray
    periods: np.ndarray
    resources: np.ndarray
    amounts: np.ndarray

    def demand(self, n: int, delay: int = 0) -> np.ndarray:
        """Demand per project (``n`` rows) and limited pair (columns, as ``keys``) when every
        project starts ``delay`` periods late (resource units)."""
        out = np.zeros((n, len(self.keys)))
        if not len(self.amounts):
            return out
        column = {key: j for j, key in enumerate(self.keys)}
        periods = self.periods + delay if delay else self.periods
        where = np.array(
            [column.get((r, p), -1) for r, p in zip(self.resources, periods, strict=True)]
        )
        hit = where >= 0
        np.add.at(out, (self.positions[hit], where[hit]), self.amounts[hit])
        return out


def capacity_text(resource: Hashable, period: Hashable, limit: float) -> str:
    """Plain text of one capacity limit, e.g. ``capacity of Data engineers in 2028 (19)``.

    >>> capacity_text("Data engineers", 2028, 19.0)
    'capacity of Data engineers in 2028 (19)'
    """
    return f"capacity of {resource} in {period} ({limit:g})"


def _listed(items: list[Any]) -> str:
    text = ", ".join(repr(i) for i in items[:_SHOWN])
    return text + (f" ... and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")


def _frame(name: str, data: Any, columns: tuple[str, ...], problems: list[str]):
    if not isinstance(data, pd.DataFrame):
        problems.append(f"{name}: expected a DataFrame with columns {', '.join(columns)}")
        return None
    missing = [c for c in columns if c not in data.columns]
    if missing:
        problems.append(f"{name}: missing columns {_listed(missing)}")
        return None
    frame = data.loc[:, list(columns)].reset_index(drop=True)
    amount = pd.to_numeric(frame["amount"], errors="coerce")
    bad = frame.index[amount.isna() | ~np.isfinite(amount) | (amount < 0)]
    if len(bad):
        shown = [frame["amount"].iloc[i] for i in bad]
        problems.append(
            f"{name}: amount must be a number >= 0, got {_listed(shown)} (rows "
            f"{_listed([int(i) + 1 for i in bad])} of the table)"
        )
    blank = frame.index[frame[[c for c in columns if c != "amount"]].isna().any(axis=1)]
    if len(blank):
        problems.append(f"{name}: blank cells in rows {_listed([int(i) + 1 for i in blank])}")
    return frame.assign(amount=amount)


def _whole_periods(name: str, periods: pd.Series, problems: list[str]) -> np.ndarray:
    numbers = pd.to_numeric(periods, errors="coerce")
    whole = numbers.notna() & (numbers == np.round(numbers))
    if not whole.all():
        bad = list(dict.fromkeys(periods[~whole]))
        problems.append(
            f"{name}: periods must be whole numbers (years) to defer starts, got {_listed(bad)}"
        )
        return periods.to_numpy(dtype=object)
    return numbers.to_numpy(dtype=np.int64)


def check_capacity(
    demand: Any,
    capacity: Any,
    index: pd.Index,
    problems: list[str],
    max_deferral: int = 0,
) -> CapacityInputs | None:
    """Checked :class:`CapacityInputs` for the projects ``index`` (None when neither table is
    given or a problem was found; every problem is appended to ``problems``)."""
    if demand is None and capacity is None:
        return None
    if demand is None or capacity is None:
        problems.append("resource_demand and resource_capacity must be given together")
        return None
    found = len(problems)
    need = _frame("resource_demand", demand, DEMAND_COLUMNS, problems)
    have = _frame("resource_capacity", capacity, CAPACITY_COLUMNS, problems)
    if need is None or have is None:
        return None
    unknown = list(dict.fromkeys(need.loc[~need["project_id"].isin(index), "project_id"]))
    if unknown:
        problems.append(f"resource_demand: unknown project ids {_listed(unknown)}")
    doubled = have.duplicated(["period", "resource"], keep=False)
    if doubled.any():
        twice = have[doubled]
        pairs = list(dict.fromkeys(zip(twice["resource"], twice["period"], strict=True)))
        problems.append(f"resource_capacity: (resource, period) given twice: {_listed(pairs)}")
    if max_deferral:
        need["period"] = _whole_periods("resource_demand", need["period"], problems)
        have["period"] = _whole_periods("resource_capacity", have["period"], problems)
    if len(problems) > found:
        return None
    keys = tuple(zip(have["resource"], have["period"], strict=True))
    return CapacityInputs(
        keys=keys,
        limits=have["amount"].to_numpy(float),
        positions=index.get_indexer(need["project_id"]).astype(int),
        periods=need["period"].to_numpy(),
        resources=need["resource"].to_numpy(dtype=object),
        amounts=need["amount"].to_numpy(float),
    )
