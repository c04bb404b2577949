"""Forecast of each benefit's value to completion, from the evidence so far (money).

Four methods, chosen with ``method`` (the notebook's ``forecast_method`` parameter). Each
forecasts the value of every planned quarter after ``as_of`` (the "remaining plan"); the
forecast at completion is the value realised to date plus those quarters.

``evidence`` (the default)
    The forecast follows what has been realised so far, and the plan moves with the project:

    1. *Plans of late projects move later.* A project that slipped (forecast or actual finish
       after its baseline finish: ``slip_days`` of :func:`vmo_lib.baseline.project_performance`)
       starts its benefits later: every quarter of their plan moves by the slip in whole
       quarters (rounded: 46-136 days late -> 1 quarter). Nothing is cut: the whole-life plan
       keeps its total, only later.
    2. *Each benefit is scaled by the realisation observed.* A benefit with value planned to
       date (on the moved plan) scales its remaining plan by its own ratio
       ``realised_to_date / planned_to_date``. A benefit with no plan to date yet borrows the
       ratio of *comparable* benefits that have one: same measure, else same value driver,
       else same ``category`` (when the register has that column), else same driver
       category, else the whole portfolio (:data:`~.comparables.COMPARABLE_ON`); always
       benefits with dis-benefits apart (sign of the whole-life plan).
       A borrowed ratio is the group's realised sum over its planned sum, never below 0. With
       no evidence anywhere yet, the plan is kept (ratio 1), and ``basis`` says so.

    The ratio here is a scale factor on money (a dis-benefit losing twice its plan keeps
    losing twice its plan), not the realisation index of :mod:`.index`, which is read for
    performance.
``plan_ratio``
    The remaining plan (not moved) scaled by the benefit's own ratio to date:
    ``forecast_q = planned_q * realised_to_date / planned_to_date``. The analogue of
    earned value's ``EAC = BAC / CPI``: today's performance persists. A benefit with nothing
    planned yet has no ratio of its own and takes ``unstarted_index`` (default 1: it keeps
    its plan).
``linear_trend``
    A straight line (least squares, ``numpy.polyfit``) through the benefit's last
    ``trend_quarters`` reported quarterly values, extended over its remaining planned
    quarters. The line may fade to zero but never crosses it: a benefit's trend does not turn
    into a dis-benefit (or back) by extrapolation. With fewer than two reported quarters
    there is no line, and the benefit falls back to ``plan_ratio``.
``on_plan``
    The remaining plan exactly as planned (``AC + (BAC - EV)`` in earned value terms): past
    shortfalls are not recovered, future quarters are delivered in full and on time. This is
    the **optimistic bound** shown beside the chosen forecast (:data:`OPTIMISTIC_METHOD`).

A benefit with no quarterly plan rows cannot be time-phased and is given no forecast beyond
what it has realised.

Worked example (one benefit, plan 100 a quarter in 2026Q1-2026Q4, realised 40 and 60 in
2026Q1-Q2, ``as_of`` 2026-06-30, project on time): ratio = 100/200 = 0.5; ``evidence`` and
``plan_ratio`` forecast 50 + 50 -> 200 at completion; ``linear_trend`` fits 40, 60 -> 80, 100
-> 280; ``on_plan`` gives 100 + 100 -> 300. Had its project finished 100 days late (1
quarter), ``evidence`` would move the plan to 2026Q2-2027Q1: 100 planned to date, ratio 1.0,
300 still to come -> 400.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib.realization.comparables import COMPARABLE_ON, comparable_keys, comparable_ratios
from vmo_lib.realization.periods import as_periods, cut_to_date, last_complete_quarter
from vmo_lib.realization.slip import (
    QUARTER_DAYS,
    benefit_shifts,
    plan_shift_quarters,
    schedule_slip_days,
)
from vmo_lib.realization.todate import BenefitData, value_to_date

__all__ = [
    "COMPARABLE_ON",
    "DEFAULT_FORECAST_METHOD",
    "FORECAST_METHODS",
    "METHOD_DESCRIPTIONS",
    "OPTIMISTIC_METHOD",
    "QUARTER_DAYS",
    "Forecast",
    "comparable_ratios",
    "forecast_comparison",
    "forecast_to_completion",
    "plan_shift_quarters",
    "schedule_slip_days",
]

FORECAST_METHODS: tuple[str, ...] = ("evidence", "plan_ratio", "linear_trend", "on_plan")
"""Names accepted by :func:`forecast_to_completion`."""
DEFAULT_FORECAST_METHOD = "evidence"
"""The method the notebook uses unless told otherwise: it follows the evidence."""
OPTIMISTIC_METHOD = "on_plan"
"""The plan-based figure shown as the optimistic bound (remaining plan in full, on time)."""


@dataclass(frozen=True)
class Forecast:
    """Forecast value of each benefit's future planned quarters.

    ``quarterly``: one row per benefit and planned quarter after ``as_of`` (on the moved plan
    for ``evidence``) with ``planned_value`` and ``forecast_value`` (money). ``totals``: per
    ``benefit_id``, ``forecast_remaining`` (money), ``forecast_at_completion`` (realised to
    date + remaining), ``ratio`` (the scale factor applied to the remaining plan; NaN for a
    trend), ``shift_quarters`` (quarters the plan moved) and ``basis`` (what the benefit's
    forecast rests on, in words).
    """

    method: str
    trend_quarters: int
    quarterly: pd.DataFrame
    totals: pd.DataFrame


def _ordinals(quarters: pd.Series) -> np.ndarray:
    return as_periods(quarters).array.asi8


def _trend_lines(actuals: pd.DataFrame, window: int) -> pd.DataFrame:
    """Least-squares line through each benefit's last ``window`` reported quarters.

    Per ``benefit_id`` with at least two distinct quarters: ``ref`` (ordinal of its last
    reported quarter), ``slope`` and ``level`` (the line's value at ``ref``) and ``last``
    (the last reported value, whose sign decides the side of zero the line stays on).
    Vectorised (sums per benefit, no loop): ``slope = (n Sxy - Sx Sy) / (n Sxx - Sx^2)``.
    """
    history = pd.DataFrame(
        {
            "benefit_id": actuals["benefit_id"].astype(str).to_numpy(),
            "x": _ordinals(actuals["quarter"]).astype(float),
            "y": actuals["realised_value"].to_numpy(dtype=float),
        }
    ).sort_values(["benefit_id", "x"], kind="stable")
    recent = history.groupby("benefit_id").tail(window)
    ref = recent.groupby("benefit_id")["x"].transform("max")
    recent = recent.assign(x=recent["x"] - ref, ref=ref)
    recent = recent.assign(xx=recent["x"] ** 2, xy=recent["x"] * recent["y"])
    by = recent.groupby("benefit_id")
    sums = by[["x", "y", "xx", "xy"]].sum()
    n = by.size().astype(float)
    den = n * sums["xx"] - sums["x"] ** 2
    ok = (n >= 2) & (den > 0)
    slope = (n * sums["xy"] - sums["x"] * sums["y"]) / den.where(ok)
    level = (sums["y"] - slope * sums["x"]) / n
    lines = pd.DataFrame(
        {"ref": by["ref"].first(), "slope": slope, "level": level, "last": by["y"].last()}
    )
    return lines.loc[ok]


def forecast_to_completion(
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
    method: str = DEFAULT_FORECAST_METHOD,
    trend_quarters: int = 4,
    unstarted_index: float = 1.0,
    slip_days: pd.Series | None = None,
) -> Forecast:
    """Forecast every benefit's remaining planned quarters with ``method`` (see module doc).

    ``unstarted_index`` scales the plan of benefits with nothing planned to date in
    ``plan_ratio`` and ``linear_trend``. ``slip_days`` (days late per ``project_id``) moves
    the plans for ``evidence``; by default it is read from ``org.projects``
    (:func:`schedule_slip_days`). Raises ``ValueError`` for an unknown method or a
    ``trend_quarters`` below 2.

    >>> forecast_to_completion(org, "2026-09-30", "linear_trend").totals.head()  # doctest: +SKIP
    """
    if method not in FORECAST_METHODS:
        raise ValueError(
            f"forecast method must be one of {', '.join(FORECAST_METHODS)}, got {method!r}"
        )
    if trend_quarters < 2:
        raise ValueError(
            f"trend_quarters must be at least 2 (a line needs two points), got {trend_quarters}"
        )
    to_date = value_to_date(org, as_of)
    cut = last_complete_quarter(as_of).ordinal
    plan = org.benefit_plan
    plan = pd.DataFrame(
        {
            "benefit_id": plan["benefit_id"].astype(str).to_numpy(),
            "ordinal": _ordinals(plan["quarter"]),
            "planned_value": plan["planned_value"].to_numpy(dtype=float),
        }
    )
    shift = pd.Series(0, index=to_date.index)
    if method == "evidence":
        shift = benefit_shifts(org, slip_days).reindex(to_date.index, fill_value=0)
        plan["ordinal"] = plan["ordinal"] + plan["benefit_id"].map(shift).fillna(0).astype(int)
    future = plan.loc[plan["ordinal"] > cut].sort_values(["benefit_id", "ordinal"])
    future = future.reset_index(drop=True)
    # pandas-stubs lack PeriodIndex.from_ordinals (pandas >= 2.2 has it)
    quarters = pd.PeriodIndex.from_ordinals(future["ordinal"], freq="Q")  # type: ignore[attr-defined]
    future.insert(1, "quarter", quarters)
    future = future.drop(columns="ordinal")
    own = to_date["realised_to_date"] / to_date["planned_to_date"].where(
        to_date["planned_to_date"] != 0
    )
    basis = pd.Series(method.replace("_", " "), index=to_date.index)
    if method == "evidence":
        moved = plan.loc[plan["ordinal"] <= cut].groupby("benefit_id")["planned_value"].sum()
        moved_to_date = moved.reindex(to_date.index, fill_value=0.0)
        rates = comparable_ratios(
            moved_to_date,
            to_date["realised_to_date"],
            to_date["planned_total"],
            comparable_keys(org),
        )
        ratio = rates["ratio"]
        basis = rates["basis"]
        late = shift > 0
        moved = basis + "; plan moved " + shift.astype(str) + " quarter(s) later"
        basis = basis.where(~late, moved)
    elif method == "on_plan":
        ratio = pd.Series(1.0, index=to_date.index)
    else:
        ratio = own.fillna(unstarted_index)
    values = future["planned_value"] * future["benefit_id"].map(ratio).to_numpy()
    values = values.astype(float)
    if method == "linear_trend":
        lines = _trend_lines(cut_to_date(org.benefit_actuals, as_of), trend_quarters)
        line = lines.reindex(future["benefit_id"])
        ahead = future["quarter"].array.asi8 - line["ref"].to_numpy()
        trend = line["level"].to_numpy() + line["slope"].to_numpy() * ahead
        up = line["last"].to_numpy() >= 0
        trend = np.where(up, np.clip(trend, 0, None), np.clip(trend, None, 0))
        has_line = line["slope"].notna().to_numpy()
        values = pd.Series(np.where(has_line, trend, values.to_numpy()), index=future.index)
        fitted = to_date.index.isin(lines.index)
        ratio = ratio.where(~fitted)
        basis = basis.where(fitted, "plan ratio (fewer than 2 reported quarters)")
    quarterly = future.assign(forecast_value=values.to_numpy(dtype=float))
    remaining = quarterly.groupby("benefit_id")["forecast_value"].sum()
    remaining = remaining.reindex(to_date.index, fill_value=0.0)
    totals = pd.DataFrame(
        {
            "forecast_remaining": remaining,
            "forecast_at_completion": to_date["realised_to_date"] + remaining,
            "ratio": ratio,
            "shift_quarters": shift.astype(int),
            "basis": basis,
        }
    )
    return Forecast(method, trend_quarters, quarterly, totals)


METHOD_DESCRIPTIONS: dict[str, str] = {
    "evidence": (
        "plans of late projects move later by their slip; each benefit's remaining plan is "
        "scaled by the share of plan it has realised so far, or, before it has any plan to "
        "date, by the share comparable benefits (same measure, else value driver, else "
        "category, else the whole portfolio) have realised"
    ),
    "plan_ratio": (
        "each benefit's remaining plan is scaled by its own share of plan realised to date "
        "(today's performance persists, as in earned value's EAC = BAC / CPI); benefits not "
        "started yet keep their plan"
    ),
    "linear_trend": (
        "a straight line through each benefit's last reported quarters is extended over its "
        "remaining planned quarters (never crossing zero); benefits with fewer than two "
        "reported quarters fall back to the plan ratio"
    ),
    "on_plan": (
        "optimistic bound: the remaining plan is delivered in full and on time; past "
        "shortfalls are not recovered (earned value's EAC = AC + (BAC - EV))"
    ),
}
"""One sentence per method, for notebooks and handouts."""


def forecast_comparison(
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
    trend_quarters: int = 4,
    unstarted_index: float = 1.0,
    slip_days: pd.Series | None = None,
    methods: Sequence[str] = FORECAST_METHODS,
) -> pd.DataFrame:
    """Portfolio forecast at completion (money) under every method, beside the whole-life plan.

    Columns: ``method``, ``description``, ``forecast_at_completion``, ``planned_total`` and
    ``forecast_share`` (forecast / plan).
    """
    total = float(value_to_date(org, as_of)["planned_total"].sum())
    if slip_days is None and "evidence" in methods:
        slip_days = schedule_slip_days(getattr(org, "projects", None))
    rows = []
    for method in methods:
        result = forecast_to_completion(
            org, as_of, method, trend_quarters, unstarted_index, slip_days=slip_days
        )
        final = float(result.totals["forecast_at_completion"].sum())
        rows.append(
            {
                "method": method,
                "description": METHOD_DESCRIPTIONS[method],
                "forecast_at_completion": final,
                "planned_total": total,
                "forecast_share": final / total if total else float("nan"),
            }
        )
    return pd.DataFrame(rows)
