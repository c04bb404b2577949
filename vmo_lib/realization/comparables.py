"""Comparable benefits: where a benefit with no plan to date yet borrows its forecast ratio.

Used by the ``evidence`` forecast (:mod:`.forecast`): the ratio of realised to planned value
of the closest group of comparable benefits (same measure, else value driver, else category,
else driver category, else the portfolio), benefits and dis-benefits apart.

>>> comparable_ratios(
...     pd.Series({"B-1": 100.0, "B-2": 0.0}),
...     pd.Series({"B-1": 50.0}),
...     pd.Series({"B-1": 400.0, "B-2": 400.0}),
...     pd.DataFrame({"measure": ["on time", "on time"]}, index=["B-1", "B-2"]),
... )["ratio"].tolist()
[0.5, 0.5]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from vmo_lib.realization.audit import normalised_text
from vmo_lib.realization.todate import BenefitData

__all__ = ["COMPARABLE_ON", "comparable_keys", "comparable_ratios"]

COMPARABLE_ON: tuple[str, ...] = ("measure", "driver_id", "category", "driver_category")
"""Keys tried in turn, most specific first, to find comparable benefits: the same measure
(compared ignoring case, punctuation and spacing), value driver, benefit ``category`` (an
optional register column) and category of the value driver; a key the data lacks is skipped,
then the portfolio is used."""


def comparable_keys(org: BenefitData) -> pd.DataFrame:
    """Per benefit, the :data:`COMPARABLE_ON` keys the data has (blank -> missing)."""
    benefits = org.benefits.assign(benefit_id=org.benefits["benefit_id"].astype(str))
    benefits = benefits.set_index("benefit_id")
    keys = pd.DataFrame(index=benefits.index)
    drivers = getattr(org, "value_drivers", None)
    for key in COMPARABLE_ON:
        if key in benefits.columns:
            values = benefits[key]
        elif (
            key == "driver_category"
            and drivers is not None
            and {"driver_id", "category"} <= set(drivers.columns)
            and "driver_id" in benefits.columns
        ):
            category = pd.Series(
                drivers["category"].to_numpy(), index=drivers["driver_id"].astype(str)
            )
            values = benefits["driver_id"].astype(str).map(category)
        else:
            continue
        if key == "measure":
            text = values.map(normalised_text).astype("string")
        else:
            text = values.astype("string").str.strip()
        keys[key] = text.where(text.ne(""))
    return keys


def comparable_ratios(
    planned_to_date: pd.Series,
    realised_to_date: pd.Series,
    whole_life_plan: pd.Series,
    keys: pd.DataFrame,
) -> pd.DataFrame:
    """The scale factor and its basis for every benefit (see the module doc, ``evidence``).

    All inputs are indexed by ``benefit_id``; ``keys`` has one column per comparability key,
    tried left to right. Returns ``ratio`` and ``basis`` (text) per benefit: its own
    ``realised / planned`` to date where it has a plan to date; else the ratio of the first
    key group (same sign of whole-life plan) with a plan to date; else the portfolio's (same
    sign); else 1 with basis ``plan (no evidence yet)``. Borrowed ratios are at least 0.
    """
    planned = planned_to_date.astype(float)
    realised = realised_to_date.astype(float).reindex(planned.index).fillna(0.0)
    negative = whole_life_plan.reindex(planned.index).astype(float) < 0
    sign = pd.Series(np.where(negative, "dis", "ben"), index=planned.index)
    own = planned.ne(0) & planned.notna()
    ratio = (realised / planned.where(own)).where(own)
    basis: pd.Series = pd.Series(np.where(own, "own realisation so far", ""), index=planned.index)
    evidence = pd.DataFrame({"p": planned.where(own, 0.0), "r": realised.where(own, 0.0)})
    for key in keys.columns:
        group = keys[key].reindex(planned.index)
        sums = evidence.groupby([group, sign], dropna=True).sum()
        rates = (sums["r"] / sums["p"].where(sums["p"] != 0)).clip(lower=0).dropna()
        lookup = pd.MultiIndex.from_arrays([group, sign])
        found = pd.Series(rates.reindex(lookup).to_numpy(), index=planned.index)
        take = ratio.isna() & found.notna()
        ratio = ratio.where(~take, found)
        words = "comparable benefits (same " + key.replace("_id", "").replace("_", " ") + ")"
        basis = basis.where(~take, words)
    totals = evidence.groupby(sign).sum()
    portfolio = (totals["r"] / totals["p"].where(totals["p"] != 0)).clip(lower=0)
    found = sign.map(portfolio)
    take = ratio.isna() & found.notna()
    ratio = ratio.where(~take, found)
    basis = basis.where(~take, "the portfolio's realisation so far")
    rest = ratio.isna()
    ratio = ratio.fillna(1.0)
    basis = basis.where(~rest, "plan (no evidence yet)")
    return pd.DataFrame({"ratio": ratio, "basis": basis})
