"""Planned versus realised benefit value to date, per benefit (money in the dataset's currency).

The *realisation index* is the workbook's own analogy to earned value's performance indices:

``realisation_index = realised_to_date / planned_to_date``  (1 = on plan, 0.8 = 20 % behind)

for a benefit, and ``planned / realised`` for a dis-benefit (negative plan), so that below 1
is worse in both cases (:func:`~.index.realisation_index`).

and the *value variance* the analogy to the schedule variance SV = EV - PV:

``value_variance = realised_to_date - planned_to_date``  (money; negative = behind plan)

Both use only quarters complete on ``as_of`` (see :mod:`.periods`). The index is NaN while
nothing is planned yet (no denominator), which is common before a project goes live.

>>> table = realisation_to_date(org, "2026-09-30")  # doctest: +SKIP
>>> table.loc["B-009", "realisation_index"]  # doctest: +SKIP
0.36
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import numpy as np
import pandas as pd

from vmo_lib.realization.index import realisation_index
from vmo_lib.realization.periods import cut_to_date

__all__ = ["BenefitData", "realisation_to_date", "value_to_date"]


class BenefitData(Protocol):
    """What the realisation analysis reads: an :class:`~vmo_lib.data.Organisation` fits."""

    @property
    def benefits(self) -> pd.DataFrame: ...

    @property
    def benefit_plan(self) -> pd.DataFrame: ...

    @property
    def benefit_actuals(self) -> pd.DataFrame: ...


class ProjectBenefitData(BenefitData, Protocol):
    """The benefit tables plus the project list (for checks that need each project's stage)."""

    @property
    def projects(self) -> pd.DataFrame: ...


def safe_ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """``numerator / denominator``, NaN where the denominator is zero or missing."""
    den = denominator.astype(float).where(denominator.astype(float) != 0)
    return numerator.astype(float) / den


def _sum_by_benefit(frame: pd.DataFrame, column: str, ids: pd.Index) -> pd.Series:
    """Sum of ``column`` per benefit id, 0 for benefits without rows, in ``ids`` order."""
    sums = frame.groupby(frame["benefit_id"].astype(str))[column].sum()
    return sums.reindex(ids, fill_value=0.0).astype(float)


def value_to_date(org: BenefitData, as_of: str | dt.date | pd.Timestamp) -> pd.DataFrame:
    """Per benefit: whole-life plan, plan and realised value to date, variance and index.

    Columns (money unless stated): ``planned_total`` (sum of the quarterly plan; the register's
    ``planned_total`` where a benefit has no plan rows), ``planned_to_date``,
    ``realised_to_date``, ``value_variance`` (realised - planned to date),
    ``realisation_index`` (:func:`~.index.realisation_index` of the to-date figures: realised /
    planned, or planned / realised for a dis-benefit; NaN when nothing is planned yet),
    ``remaining_plan`` (planned after ``as_of``). Indexed by ``benefit_id`` in register order.
    """
    ids = pd.Index(org.benefits["benefit_id"].astype(str), name="benefit_id")
    plan = org.benefit_plan
    plan_total = _sum_by_benefit(plan, "planned_value", ids)
    has_plan = pd.Series(ids.isin(plan["benefit_id"].astype(str)), index=ids)
    register_total = pd.Series(
        org.benefits["planned_total"].to_numpy(dtype=float), index=ids
    ).fillna(0.0)
    planned = _sum_by_benefit(cut_to_date(plan, as_of), "planned_value", ids)
    realised = _sum_by_benefit(cut_to_date(org.benefit_actuals, as_of), "realised_value", ids)
    total = plan_total.where(has_plan, register_total)
    return pd.DataFrame(
        {
            "planned_total": total,
            "planned_to_date": planned,
            "realised_to_date": realised,
            "value_variance": realised - planned,
            "realisation_index": realisation_index(planned, realised),
            "remaining_plan": np.where(has_plan, plan_total - planned, total - planned),
        },
        index=ids,
    )


def realisation_to_date(org: BenefitData, as_of: str | dt.date | pd.Timestamp) -> pd.DataFrame:
    """Planned and realised value to date per benefit (money), and their ratio.

    Indexed by ``benefit_id`` (every benefit in the register); columns ``planned_to_date``,
    ``realised_to_date`` and ``realisation_index`` (realised / planned to date, the other way
    round for a dis-benefit; NaN when nothing is planned yet). Only quarters complete on
    ``as_of`` count: later plan and actuals rows are ignored (see
    :func:`~.periods.last_complete_quarter`).

    >>> realisation_to_date(org, "2026-09-30").loc["B-009"]  # doctest: +SKIP
    planned_to_date      20959.0
    realised_to_date      7546.0
    realisation_index        0.36
    """
    full = value_to_date(org, as_of)
    return full[["planned_to_date", "realised_to_date", "realisation_index"]].copy()
