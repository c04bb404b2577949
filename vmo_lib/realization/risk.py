"""Benefits at risk: five rules, each a small function that can be tested on its own.

Every rule returns a boolean Series indexed by ``benefit_id`` (True = at risk):

``no_owner``                nobody is accountable for the benefit (``owner`` blank)
``no_measure_or_baseline``  nothing to measure against (``measure`` or ``baseline`` blank)
``behind_plan``             the realisation index to date is below ``1 - threshold``
                            (:func:`~.index.realisation_index`: realised / planned for a
                            benefit, planned / realised for a dis-benefit, so a loss larger
                            than planned is behind plan)
``no_recent_data``          value was planned in at least ``quarters`` complete quarters since
                            the last reported quarter (or ever, if none was reported)
``dis_benefit_growing``     over the last ``quarters`` reported quarters the benefit lost value:
                            their realised sum is negative, the latest quarter is negative, and
                            the loss exceeds what was planned for those quarters (so a planned
                            dis-benefit running to plan is not flagged)

Only quarters complete on ``as_of`` count (see :mod:`.periods`).

The money attached to a flagged benefit is its **unrealised plan**
(``unrealised_plan_at_risk``): its whole-life plan not yet realised, at least 0. It is not a
"value at risk" in the statistical sense (a quantile of a loss distribution): it says how
much promised value sits on benefits that need attention, not how much is likely to be lost.

>>> risks = benefits_at_risk(org, "2026-09-30", at_risk_threshold=0.2)  # doctest: +SKIP
>>> risks.loc[risks["at_risk"], "reasons"].head()  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from vmo_lib.realization.index import realisation_index
from vmo_lib.realization.periods import as_periods, cut_to_date
from vmo_lib.realization.todate import BenefitData, value_to_date

__all__ = [
    "RISK_RULES",
    "behind_plan",
    "benefits_at_risk",
    "dis_benefit_growing",
    "no_measure_or_baseline",
    "no_owner",
    "no_recent_data",
    "risk_summary",
]

RISK_RULES: dict[str, str] = {
    "no_owner": "no owner",
    "no_measure_or_baseline": "no measure or baseline",
    "behind_plan": "behind plan",
    "no_recent_data": "no recent data",
    "dis_benefit_growing": "dis-benefit growing",
}
"""Rule name -> the words used in the ``reasons`` column."""


def _indexed(benefits: pd.DataFrame) -> pd.DataFrame:
    out = benefits.assign(benefit_id=benefits["benefit_id"].astype(str))
    return out.set_index("benefit_id")


def _blank(series: pd.Series) -> pd.Series:
    return series.isna() | (series.astype(str).str.strip() == "")


def no_owner(benefits: pd.DataFrame) -> pd.Series:
    """Benefits without an owner (blank or only spaces)."""
    register = _indexed(benefits)
    return _blank(register["owner"]).rename("no_owner")


def no_measure_or_baseline(benefits: pd.DataFrame) -> pd.Series:
    """Benefits without a measure or without a baseline."""
    register = _indexed(benefits)
    flag = _blank(register["measure"]) | register["baseline"].isna()
    return flag.rename("no_measure_or_baseline")


def behind_plan(values: pd.DataFrame, threshold: float) -> pd.Series:
    """Benefits whose realisation index to date is below ``1 - threshold``.

    ``values`` is :func:`~.todate.value_to_date`'s frame; benefits with nothing planned to
    date are never behind (no index), nor a dis-benefit whose loss did not happen (index
    ``+inf``). ``threshold`` is a share (0.2 = 20 %). For a dis-benefit planned at -100 and
    ``threshold`` 0.2 the line is a realised loss beyond 125 (index 100 / 125 = 0.8).
    """
    index = realisation_index(values["planned_to_date"], values["realised_to_date"])
    flag = (index < 1 - threshold).fillna(False).astype(bool)
    return flag.rename("behind_plan")


def _keyed(frame: pd.DataFrame, as_of: str | dt.date | pd.Timestamp) -> pd.DataFrame:
    cut = cut_to_date(frame, as_of)
    return cut.assign(benefit_id=cut["benefit_id"].astype(str), quarter=as_periods(cut["quarter"]))


def no_recent_data(
    ids: pd.Index,
    plan: pd.DataFrame,
    actuals: pd.DataFrame,
    as_of: str | dt.date | pd.Timestamp,
    quarters: int = 2,
) -> pd.Series:
    """Benefits silent for at least ``quarters`` quarters in which value was planned.

    Counts the complete quarters after the benefit's last reported quarter (all of them if it
    never reported) that have a non-zero planned value.
    """
    planned = _keyed(plan, as_of)
    planned = planned.loc[planned["planned_value"] != 0]
    reported = _keyed(actuals, as_of)
    ordinal = pd.Series([q.ordinal for q in reported["quarter"]], index=reported.index)
    last = ordinal.groupby(reported["benefit_id"]).max().astype(float)
    since = planned["benefit_id"].map(last).to_numpy(dtype=float)
    here = np.array([q.ordinal for q in planned["quarter"]], dtype=float)
    silent = planned.loc[np.isnan(since) | (here > since)]
    counts = silent.groupby("benefit_id").size().reindex(ids, fill_value=0)
    return (counts >= quarters).rename("no_recent_data")


def dis_benefit_growing(
    ids: pd.Index,
    plan: pd.DataFrame,
    actuals: pd.DataFrame,
    as_of: str | dt.date | pd.Timestamp,
    quarters: int = 3,
) -> pd.Series:
    """Benefits losing value over their last ``quarters`` reported quarters (see module doc)."""
    reported = _keyed(actuals, as_of).sort_values(["benefit_id", "quarter"])
    recent = reported.groupby("benefit_id").tail(quarters)
    recent = recent.merge(
        _keyed(plan, as_of)[["benefit_id", "quarter", "planned_value"]],
        on=["benefit_id", "quarter"],
        how="left",
    ).fillna({"planned_value": 0.0})
    by_benefit = recent.groupby("benefit_id")
    realised = by_benefit["realised_value"].sum()
    latest = by_benefit["realised_value"].last()
    planned = by_benefit["planned_value"].sum()
    flag = (realised < 0) & (latest < 0) & (realised < planned)
    return flag.reindex(ids, fill_value=False).astype(bool).rename("dis_benefit_growing")


def benefits_at_risk(
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
    at_risk_threshold: float = 0.2,
    stale_quarters: int = 2,
    dis_benefit_quarters: int = 3,
) -> pd.DataFrame:
    """Every benefit with one column per rule, ``reasons`` (text), ``at_risk`` (any rule)
    and ``unrealised_plan_at_risk`` (money: whole-life plan not yet realised, at least 0, for
    benefits at risk; 0 otherwise), plus the register's ``project_id``, ``name`` and
    ``owner`` and the to-date figures of :func:`~.todate.value_to_date`. Indexed by ``benefit_id``.
    """
    values = value_to_date(org, as_of)
    ids = values.index
    flags = pd.concat(
        [
            no_owner(org.benefits),
            no_measure_or_baseline(org.benefits),
            behind_plan(values, at_risk_threshold),
            no_recent_data(ids, org.benefit_plan, org.benefit_actuals, as_of, stale_quarters),
            dis_benefit_growing(
                ids, org.benefit_plan, org.benefit_actuals, as_of, dis_benefit_quarters
            ),
        ],
        axis=1,
    ).reindex(ids)
    flags = flags.fillna(False).astype(bool)
    register = _indexed(org.benefits)[["project_id", "name", "owner"]]
    out = register.join(values).join(flags)
    words = pd.DataFrame(
        {rule: np.where(flags[rule], text + "; ", "") for rule, text in RISK_RULES.items()},
        index=flags.index,
    )
    out["reasons"] = words.sum(axis=1).str.removesuffix("; ") if len(words) else ""

    out["at_risk"] = flags.any(axis=1)
    unrealised = (out["planned_total"] - out["realised_to_date"]).clip(lower=0.0)
    out["unrealised_plan_at_risk"] = unrealised.where(out["at_risk"], 0.0)
    return out


def risk_summary(risks: pd.DataFrame) -> pd.DataFrame:
    """Per rule: benefits flagged and their ``unrealised_plan_at_risk`` (money), from
    :func:`benefits_at_risk`. A benefit flagged by two rules counts under both, so the rows
    do not add up to the total at risk (the last row, ``any rule``)."""
    rows = [
        {
            "rule": words,
            "benefits": int(risks[name].sum()),
            "unrealised_plan_at_risk": float(
                risks.loc[risks[name], "unrealised_plan_at_risk"].sum()
            ),
        }
        for name, words in RISK_RULES.items()
    ]
    rows.append(
        {
            "rule": "any rule",
            "benefits": int(risks["at_risk"].sum()),
            "unrealised_plan_at_risk": float(risks["unrealised_plan_at_risk"].sum()),
        }
    )
    return pd.DataFrame(rows)
