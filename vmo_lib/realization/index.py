"""The realisation index: one reading for benefits and dis-benefits (1 = as planned).

A *benefit* is planned as a gain (positive plan); a *dis-benefit* as a loss the organisation
accepts (negative plan, e.g. higher energy cost after a fleet change; MSP and PMI's Benefits
Realization Management both register and track dis-benefits). The index is read the same way
for both: **1 is as planned, below 1 is worse than planned, above 1 better**.

``planned > 0`` (benefit)
    ``realised / planned``: 80 realised of 100 planned -> 0.8 (worse); 120 -> 1.2 (better);
    a loss instead of a gain (-20) -> -0.2 (worse still).
``planned < 0`` (dis-benefit)
    ``planned / realised``: -200 planned, -400 realised (twice the loss) -> 0.5 (worse);
    -100 realised (half the loss) -> 2.0 (better). A plain ``realised / planned`` would score
    the doubled loss 2.0, "ahead of plan", which is backwards.
    When the loss did not happen at all (``realised == 0``) or turned into a gain
    (``realised > 0``), the dis-benefit did infinitely better than planned: the index is
    ``+inf`` (never behind plan, sorted as the best; tables show it as ``no loss``).
``planned == 0`` or missing
    NaN: nothing was planned, so there is nothing to compare with.

Groups (projects, programmes, drivers, the portfolio) take the index of their *net* value:
``realisation_index(sum of planned, sum of realised)``, so every unit of money weighs the
same, a dis-benefit lowers both sides, and a group whose net plan is a loss is read as a
dis-benefit. :func:`split_indices` gives the benefits' and the dis-benefits' indices apart,
for a portfolio where the net figure hides one behind the other.

>>> realisation_index([100, -200, -200, -200, 0], [80, -400, -100, 0, 5]).tolist()
[0.8, 0.5, 2.0, inf, nan]
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["NO_LOSS_TEXT", "index_text", "realisation_index", "split_indices"]

NO_LOSS_TEXT = "no loss"
"""How a dis-benefit whose loss did not happen (index ``+inf``) is shown in tables."""


def realisation_index(planned: Any, realised: Any) -> Any:
    """Realised against planned value, read so that 1 = as planned and below 1 = worse.

    ``realised / planned`` for a positive plan (benefit), ``planned / realised`` for a
    negative plan (dis-benefit; ``+inf`` when the realised loss is zero or a gain), NaN when
    nothing is planned. Vectorised: scalars give a float, numpy arrays an array and pandas
    Series a Series with the index of ``planned`` (two Series are aligned on it). Units
    cancel (both in money).

    >>> realisation_index(-200, -400), realisation_index(100, 0)
    (0.5, 0.0)
    """
    if isinstance(planned, pd.Series) and isinstance(realised, pd.Series):
        realised = realised.reindex(planned.index)
    plan = np.asarray(planned, dtype=float)
    real = np.asarray(realised, dtype=float)
    plan, real = np.broadcast_arrays(plan, real)
    out = np.full(plan.shape, np.nan)
    gain = plan > 0
    loss = plan < 0
    out[gain] = real[gain] / plan[gain]
    with np.errstate(divide="ignore", invalid="ignore"):
        out[loss] = np.where(real[loss] < 0, plan[loss] / real[loss], np.inf)
    out[loss & np.isnan(real)] = np.nan
    if isinstance(planned, pd.Series):
        return pd.Series(out, index=planned.index, name="realisation_index")
    if isinstance(realised, pd.Series) and np.ndim(planned) == 0:
        return pd.Series(out, index=realised.index, name="realisation_index")
    if out.ndim == 0:
        return float(out)
    return out


def split_indices(
    planned: pd.Series, realised: pd.Series, whole_life_plan: pd.Series
) -> dict[str, float]:
    """Portfolio indices of the benefits and of the dis-benefits apart, and of the net value.

    A benefit is a *dis-benefit* when its whole-life plan is negative. Each index is
    :func:`realisation_index` of the sums of ``planned`` and ``realised`` (to date) over its
    benefits. Keys: ``benefits``, ``dis_benefits`` and ``net`` (NaN where nothing is planned).
    """
    dis = whole_life_plan.astype(float) < 0
    plan = planned.astype(float)
    real = realised.astype(float)
    return {
        "benefits": float(realisation_index(plan[~dis].sum(), real[~dis].sum())),
        "dis_benefits": float(realisation_index(plan[dis].sum(), real[dis].sum())),
        "net": float(realisation_index(plan.sum(), real.sum())),
    }


def index_text(value: Any, decimals: int = 2) -> str:
    """An index for a table: ``0.50``; ``no loss`` for ``+inf``; an en dash when blank."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    if math.isnan(number):
        return "–"
    if math.isinf(number):
        return NO_LOSS_TEXT if number > 0 else "–"
    return f"{number:,.{decimals}f}"
