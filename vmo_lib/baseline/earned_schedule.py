"""Earned schedule of every project of a ``projects`` table (months), from its baseline curve.

The formulas (ES, SPI(t), SV(t), IEAC(t)) are in :mod:`vmo_lib.evm_schedule`. Here each
project gets its cumulative planned value curve: its rows of the optional ``baseline_plan``
table (cumulative PV at period ends) where it has any, otherwise a stated shape between
``start_date`` and ``planned_finish`` scaled to the BAC (``linear`` or ``s_curve``, see
:data:`vmo_lib.evm_schedule.BASELINE_SHAPES`), sampled at :data:`CURVE_POINTS` points.

A stated shape is made to pass through the one point of the baseline the data does give: the
cumulative PV at the data date of a project in flight. The shape's own point for that PV
(elapsed share ``x_dd = shape^-1(PV / BAC)``) is placed at the data date, and time is
stretched linearly on either side (start to data date onto ``0..x_dd``, data date to planned
finish onto ``x_dd..1``). So a project whose EV equals its PV has SPI(t) = 1, as its SPI says;
where the reported PV already follows the shape nothing moves. Projects whose PV is 0 or the
whole budget, or whose data date is outside start..planned finish, keep the plain shape.
Actual time runs from the start to the data date for projects in flight and to the actual
finish for closed ones, whose SPI(t) therefore stays below 1 when they finished late.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from vmo_lib.evm_schedule import BaselineShape, earned_schedule, shape_elapsed, shape_share

MONTH_DAYS = 365.25 / 12
"""Days in an average month: the time unit of :func:`earned_schedule_of`."""
CURVE_POINTS = 48
"""Points sampled on a stated baseline shape (the interpolation between them is linear)."""


def _months(later: pd.Series, earlier: pd.Series) -> np.ndarray:
    days = (pd.to_datetime(later) - pd.to_datetime(earlier)).dt.days.to_numpy(dtype=float)
    return days / MONTH_DAYS


def _plan_curves(
    projects: pd.DataFrame, baseline_plan: pd.DataFrame
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """PV and time (months from start) matrices from the ``baseline_plan`` table, and a mask
    of the projects it covers (rows in ``projects`` order)."""
    ids = projects["project_id"].astype(str).reset_index(drop=True)
    plan = baseline_plan.assign(project_id=baseline_plan["project_id"].astype(str))
    plan = plan.loc[plan["project_id"].isin(ids)].sort_values(["project_id", "period"])
    row = pd.Series(np.arange(len(ids)), index=ids).reindex(plan["project_id"]).to_numpy()
    col = plan.groupby("project_id").cumcount().to_numpy()
    width = int(col.max()) + 1 if len(col) else 1
    pv = np.full((len(ids), width), np.nan)
    times = np.full((len(ids), width), np.nan)
    start = pd.to_datetime(projects["start_date"]).reset_index(drop=True)
    pv[row, col] = plan["cumulative_pv"].to_numpy(dtype=float)
    times[row, col] = _months(
        plan["period"].reset_index(drop=True), start.iloc[row].reset_index(drop=True)
    )
    covered = np.zeros(len(ids), dtype=bool)
    covered[row] = True
    return pv, times, covered


def earned_schedule_of(
    projects: pd.DataFrame,
    as_of: str | dt.date | pd.Timestamp,
    shape: BaselineShape = "linear",
    baseline_plan: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Earned schedule of every project of a ``projects`` table, in months.

    The baseline curve is the project's rows of ``baseline_plan`` where it has any, otherwise
    ``shape`` between ``start_date`` and ``planned_finish`` scaled to the BAC (the
    ``curve`` column says which). Actual time runs from the start to ``as_of`` for projects in
    flight and to the actual finish (``forecast_finish``) for closed ones; projects not
    started have blank figures.

    Columns: ``project_id``, ``stage``, ``curve``, ``es``, ``actual_time``,
    ``planned_duration``, ``ieac_t`` (months), ``spi_t``, ``sv_t`` (months, + ahead) and
    ``forecast_finish_es`` (start + IEAC(t), a date).
    """
    table = projects.reset_index(drop=True)
    stage = table["stage"].astype(str).to_numpy()
    start = pd.to_datetime(table["start_date"])
    finish = pd.to_datetime(table["planned_finish"])
    closed = stage == "closed"
    started = closed | (stage == "in flight")
    end = pd.to_datetime(table["forecast_finish"]).where(closed, pd.Timestamp(as_of))
    at = np.where(started, _months(end, start), np.nan)
    bac = table["budget_at_completion"].to_numpy(dtype=float)
    planned = np.maximum(_months(finish, start), 0.0)
    pv, times = _shape_curves(
        bac, planned, table["planned_value"].to_numpy(dtype=float), _months_to(as_of, start), shape
    )
    curve = np.full(len(table), shape, dtype=object)
    if baseline_plan is not None and len(baseline_plan):
        plan_pv, plan_t, covered = _plan_curves(table, baseline_plan)
        width = max(plan_pv.shape[1], pv.shape[1])
        pv, times = _pad(pv, width), _pad(times, width)
        pv[covered] = _pad(plan_pv, width)[covered]
        times[covered] = _pad(plan_t, width)[covered]
        curve[covered] = "baseline_plan"
    result = earned_schedule(pv, table["earned_value"].to_numpy(dtype=float), at, times)
    blank = ~started
    ieac = np.where(blank, np.nan, result.ieac_t)
    days = np.round(np.nan_to_num(ieac) * MONTH_DAYS).astype("timedelta64[D]")
    forecast = np.where(np.isnan(ieac), np.datetime64("NaT"), start.to_numpy() + days)
    return pd.DataFrame(
        {
            "project_id": table["project_id"].to_numpy(),
            "stage": stage,
            "curve": curve,
            "es": np.where(blank, np.nan, result.es),
            "actual_time": at,
            "planned_duration": np.where(blank, np.nan, result.planned_duration),
            "ieac_t": ieac,
            "spi_t": np.where(blank, np.nan, result.spi_t),
            "sv_t": np.where(blank, np.nan, result.sv_t),
            "forecast_finish_es": pd.to_datetime(forecast),
        }
    )


def _months_to(as_of: str | dt.date | pd.Timestamp, start: pd.Series) -> np.ndarray:
    days = (pd.Timestamp(as_of) - pd.to_datetime(start)).dt.days.to_numpy(dtype=float)
    return days / MONTH_DAYS


def _shape_curves(
    bac: np.ndarray,
    planned: np.ndarray,
    pv_now: np.ndarray,
    elapsed: np.ndarray,
    shape: BaselineShape,
) -> tuple[np.ndarray, np.ndarray]:
    """PV and time (months) at :data:`CURVE_POINTS` points of the stated shape per project,
    through the reported PV at the data date where it can be (see the module docstring)."""
    x = np.linspace(0.0, 1.0, CURVE_POINTS + 1)[1:]
    with np.errstate(divide="ignore", invalid="ignore"):
        x_now = shape_elapsed(pv_now / bac, shape)
        usable = (pv_now > 0) & (pv_now < bac) & (elapsed > 0) & (elapsed < planned)
    x_now = np.where(usable, x_now, 0.5)
    t_now = np.where(usable, elapsed, 0.5 * planned)
    grid = np.sort(np.concatenate([np.broadcast_to(x, (len(bac), x.size)), x_now[:, None]], axis=1))
    before = grid <= x_now[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        early = grid / x_now[:, None] * t_now[:, None]
        late = (
            t_now[:, None]
            + (grid - x_now[:, None]) / (1 - x_now[:, None]) * (planned - t_now)[:, None]
        )
    times = np.where(before, early, late)
    times = np.where(usable[:, None], times, grid * planned[:, None])
    return bac[:, None] * shape_share(grid, shape), np.nan_to_num(times)


def _pad(values: np.ndarray, width: int) -> np.ndarray:
    """Widen a matrix to ``width`` columns with NaN (read as "the curve has ended")."""
    if values.shape[1] >= width:
        return values.copy()
    return np.hstack([values, np.full((values.shape[0], width - values.shape[1]), np.nan)])
