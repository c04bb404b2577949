"""Earned schedule (Lipke, 2003): schedule performance in time, not money.

Earned value's SPI compares money (``EV / PV``), so it drifts to 1 as every project ends,
late or not: at completion ``EV = PV = BAC``. Earned schedule asks *when* the work done so
far should have been done, on the baseline's cumulative planned value curve:

``ES``       earned schedule: the time at which the baseline planned to have earned today's
             EV. With ``C`` the number of whole periods whose cumulative PV is at most EV,
             ``ES = C + (EV - PV_C) / (PV_C+1 - PV_C)`` (a linear interpolation within the
             period under way). Periods may be uneven: the fraction is then of that period's
             length.
``AT``       actual time: time elapsed from start to the data date (or to the actual finish of
             a closed project).
``SPI(t)``   ``ES / AT``: below 1 behind schedule. A closed project ends with
             ``ES = PD``, so its SPI(t) is ``PD / actual duration``, below 1 if it finished
             late: it does not drift to 1.
``SV(t)``    ``ES - AT``: time ahead (+) or behind (-).
``IEAC(t)``  ``PD / SPI(t)``: the independent estimate of the duration at completion, with
             ``PD`` the planned duration (the time at which the baseline reaches its end).

Units: time in the units of ``actual_time`` and the period ends (the project helper
:func:`vmo_lib.baseline.earned_schedule.earned_schedule_of` uses months of 365.25 / 12
days); SPI(t) dimensionless.

The baseline curve of a project comes from the optional ``baseline_plan`` table (cumulative PV
at period ends) or, where only the PV at the data date is known, from a stated shape between
start and planned finish (:data:`BASELINE_SHAPES`): ``linear`` (PV grows evenly) or
``s_curve`` (slow start, fast middle, slow end: the smoothstep ``3x^2 - 2x^3`` of the elapsed
share ``x``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np

BaselineShape: TypeAlias = Literal["linear", "s_curve"]
BASELINE_SHAPES: dict[str, str] = {
    "linear": "planned value grows evenly from start to planned finish",
    "s_curve": "planned value grows slowly at first, fastest mid-way and slowly at the end "
    "(3x^2 - 2x^3 of the elapsed share x of the planned duration)",
}


@dataclass(frozen=True)
class EarnedSchedule:
    """Earned schedule figures, one element per project (numpy arrays, time units as input).

    ``es`` earned schedule, ``actual_time``, ``spi_t`` (ES / AT, NaN when AT is not above 0),
    ``sv_t`` (ES - AT), ``planned_duration`` (PD) and ``ieac_t`` (PD / SPI(t), NaN when ES is
    0 or SPI(t) is blank).
    """

    es: np.ndarray
    actual_time: np.ndarray
    spi_t: np.ndarray
    sv_t: np.ndarray
    planned_duration: np.ndarray
    ieac_t: np.ndarray


def earned_schedule(
    pv_cumulative: np.ndarray,
    ev: np.ndarray | float,
    actual_time: np.ndarray | float,
    period_ends: np.ndarray | None = None,
    planned_duration: np.ndarray | float | None = None,
) -> EarnedSchedule:
    """Earned schedule of each project from its cumulative PV curve (Lipke's formula).

    ``pv_cumulative``: cumulative planned value (money) at the end of periods 1..N, one row
    per project (a 1-D array is one project); PV at time 0 is 0. Trailing NaN (projects with
    fewer periods) repeat the last value. ``period_ends``: time at the end of each period,
    same shape (default 1..N: whole periods). ``ev``: earned value to date (money);
    ``actual_time``: time elapsed (same unit). ``planned_duration``: default the first period
    end at which the curve reaches its final value.

    EV at or beyond the curve's final value earns the whole planned duration. The earliest
    time the curve reaches EV is taken (flat stretches of the plan earn no time).

    >>> r = earned_schedule([10.0, 20.0, 30.0, 40.0], ev=25.0, actual_time=3.0)
    >>> float(r.es[0]), round(float(r.spi_t[0]), 3), round(float(r.ieac_t[0]), 2)
    (2.5, 0.833, 4.8)
    """
    pv = np.atleast_2d(np.asarray(pv_cumulative, dtype=float))
    n, periods = pv.shape
    if period_ends is None:
        times = np.broadcast_to(np.arange(1, periods + 1, dtype=float), pv.shape)
    else:
        times = np.atleast_2d(np.asarray(period_ends, dtype=float))
    pv = _forward_fill(pv)
    times = _forward_fill(np.broadcast_to(times, pv.shape).copy())
    pv = np.hstack([np.zeros((n, 1)), pv])
    times = np.hstack([np.zeros((n, 1)), times])
    earned = np.broadcast_to(np.asarray(ev, dtype=float), (n,)).copy()
    at = np.broadcast_to(np.asarray(actual_time, dtype=float), (n,)).copy()
    final = pv[:, -1:]
    reach = np.argmax(pv >= final, axis=1)
    rows = np.arange(n)
    pd_default = times[rows, reach]
    duration = (
        pd_default
        if planned_duration is None
        else np.broadcast_to(np.asarray(planned_duration, dtype=float), (n,)).copy()
    )
    target = np.minimum(earned, final[:, 0])
    first = np.clip(np.sum(pv < target[:, None], axis=1), 1, periods)
    low_pv, high_pv = pv[rows, first - 1], pv[rows, first]
    low_t, high_t = times[rows, first - 1], times[rows, first]
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where(high_pv > low_pv, (target - low_pv) / (high_pv - low_pv), 1.0)
        es = np.where(target <= 0, 0.0, low_t + fraction * (high_t - low_t))
        es = np.where(earned >= final[:, 0], pd_default, es)
        es = np.where(np.isnan(earned), np.nan, es)
        spi_t = np.where(at > 0, es / at, np.nan)
        ieac = np.where(es > 0, duration / spi_t, np.nan)
    return EarnedSchedule(es, at, spi_t, es - at, duration, ieac)


def _forward_fill(values: np.ndarray) -> np.ndarray:
    """Replace NaN by the last value before it on the same row (0 before any value)."""
    mask = np.isnan(values)
    if not mask.any():
        return values
    index = np.where(~mask, np.arange(values.shape[1]), 0)
    np.maximum.accumulate(index, axis=1, out=index)
    filled = values[np.arange(values.shape[0])[:, None], index]
    return np.where(np.isnan(filled), 0.0, filled)


def shape_share(elapsed_share: np.ndarray, shape: BaselineShape = "linear") -> np.ndarray:
    """Share of the budget planned by ``elapsed_share`` (0-1) of the planned duration.

    >>> shape_share(np.array([0.0, 0.25, 0.5, 1.0]), "s_curve").tolist()
    [0.0, 0.15625, 0.5, 1.0]
    """
    x = np.clip(np.asarray(elapsed_share, dtype=float), 0.0, 1.0)
    if shape == "linear":
        return x
    if shape == "s_curve":
        return x * x * (3.0 - 2.0 * x)
    raise ValueError(f"baseline shape must be one of {', '.join(BASELINE_SHAPES)}, got {shape!r}")


def shape_elapsed(budget_share: np.ndarray, shape: BaselineShape = "linear") -> np.ndarray:
    """Inverse of :func:`shape_share`: the elapsed share (0-1) by which ``budget_share`` of
    the budget is planned. The S-curve's inverse is ``1/2 - sin(asin(1 - 2y) / 3)``.

    >>> shape_elapsed(np.array([0.0, 0.15625, 0.5, 1.0]), "s_curve").round(6).tolist()
    [0.0, 0.25, 0.5, 1.0]
    """
    y = np.clip(np.asarray(budget_share, dtype=float), 0.0, 1.0)
    if shape == "linear":
        return y
    if shape == "s_curve":
        return 0.5 - np.sin(np.arcsin(1.0 - 2.0 * y) / 3.0)
    raise ValueError(f"baseline shape must be one of {', '.join(BASELINE_SHAPES)}, got {shape!r}")
