"""Audit view: claims without evidence, benefits counted twice, closed projects still owing.

Three checks a value office runs before it believes a realisation figure:

* :func:`unevidenced_claims`: realised value reported with a blank ``evidence`` cell.
* :func:`duplicate_benefits`: the same benefit registered on two or more projects (same
  measure and driver by default, compared ignoring case, punctuation and spacing), so its
  value may be counted twice in portfolio totals.
* :func:`closed_projects_due`: benefits of closed projects with value still planned after
  ``as_of``: the PMO stopped watching when the project closed, the value has not arrived.

>>> unevidenced_claims(org, "2026-09-30").head()  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import pandas as pd

from .periods import as_periods, cut_to_date, last_complete_quarter
from .todate import BenefitData, value_to_date

__all__ = ["closed_projects_due", "duplicate_benefits", "normalised_text", "unevidenced_claims"]


def normalised_text(value: object) -> str:
    """Lower case, punctuation removed, spaces collapsed: ``"Fewer  late-deliveries!"`` and
    ``"fewer late deliveries"`` compare equal. Blank -> ``""``.

    >>> normalised_text("Fewer  late-deliveries!")
    'fewer late deliveries'
    """
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return " ".join(re.sub(r"[^\w]+", " ", str(value).casefold()).split())


def unevidenced_claims(org: BenefitData, as_of: str | dt.date | pd.Timestamp) -> pd.DataFrame:
    """Per benefit with at least one non-zero realised value to date and a blank evidence cell.

    Columns: ``benefit_id``, ``project_id``, ``name``, ``owner``, ``quarters`` (how many
    quarters lack evidence), ``unevidenced_value`` (EUR, their sum), ``claimed_value`` (EUR,
    all realised value to date) and ``unevidenced_share`` (of the absolute value claimed).
    Largest unevidenced value first.
    """
    actuals = cut_to_date(org.benefit_actuals, as_of)
    actuals = actuals.assign(benefit_id=actuals["benefit_id"].astype(str))
    evidence = actuals["evidence"]
    blank = evidence.isna() | (evidence.astype(str).str.strip() == "")
    missing = actuals.loc[blank & (actuals["realised_value"] != 0)]
    by_benefit = missing.groupby("benefit_id")
    out = pd.DataFrame(
        {
            "quarters": by_benefit.size(),
            "unevidenced_value": by_benefit["realised_value"].sum(),
        }
    )
    claimed = actuals.groupby("benefit_id")["realised_value"]
    out["claimed_value"] = claimed.sum().reindex(out.index)
    absolute_missing = missing["realised_value"].abs().groupby(missing["benefit_id"]).sum()
    absolute = actuals["realised_value"].abs().groupby(actuals["benefit_id"]).sum()
    out["unevidenced_share"] = absolute_missing / absolute.reindex(out.index)
    register = org.benefits.assign(benefit_id=org.benefits["benefit_id"].astype(str))
    register = register.set_index("benefit_id")[["project_id", "name", "owner"]]
    out = register.join(out, how="inner").sort_values("unevidenced_value", ascending=False)
    return out.rename_axis("benefit_id").reset_index()


def duplicate_benefits(
    benefits: pd.DataFrame, match_on: Sequence[str] = ("measure", "driver_id")
) -> pd.DataFrame:
    """Benefits on different projects that share every column in ``match_on`` (normalised).

    Rows whose first ``match_on`` value (the measure, by default) is blank are never
    matched. Columns: ``duplicate_group`` (1, 2, ...), ``benefit_id``, ``project_id``,
    ``name``, the ``match_on`` columns, ``planned_total``. Empty when nothing is duplicated.
    """
    keys = benefits[list(match_on)].apply(lambda col: col.map(normalised_text))
    usable = keys.iloc[:, 0].ne("")
    key = keys.agg("|".join, axis=1).where(usable)
    projects = benefits["project_id"].astype(str).groupby(key).nunique()
    repeated = projects.index[projects >= 2]
    chosen = benefits.assign(_key=key).loc[key.isin(repeated)]
    columns = ["benefit_id", "project_id", "name", *match_on, "planned_total"]
    columns = list(dict.fromkeys(columns))
    if chosen.empty:
        return pd.DataFrame(columns=["duplicate_group", *columns])
    groups = {
        k: i + 1 for i, k in enumerate(dict.fromkeys(chosen.sort_values("benefit_id")["_key"]))
    }
    chosen = chosen.assign(duplicate_group=chosen["_key"].map(groups))
    out = chosen.sort_values(["duplicate_group", "project_id"])[["duplicate_group", *columns]]
    return out.reset_index(drop=True)


def closed_projects_due(org: BenefitData, as_of: str | dt.date | pd.Timestamp) -> pd.DataFrame:
    """Benefits of projects at stage ``closed`` with value still planned after ``as_of``.

    Columns: ``project_id``, ``project`` (name), ``programme``, ``sponsor``, ``benefit_id``,
    ``name``, ``owner``, ``realised_to_date``, ``realisation_index``, ``remaining_plan`` (EUR
    planned after the last complete quarter) and ``last_planned_quarter``. Largest remaining
    plan first.
    """
    projects = org.projects.assign(project_id=org.projects["project_id"].astype(str))
    closed = projects.loc[projects["stage"].astype(str) == "closed"]
    closed = closed[["project_id", "name", "programme", "sponsor"]].rename(
        columns={"name": "project"}
    )
    values = value_to_date(org, as_of)
    plan = org.benefit_plan.assign(
        benefit_id=org.benefit_plan["benefit_id"].astype(str),
        quarter=as_periods(org.benefit_plan["quarter"]),
    )
    future = plan.loc[
        (plan["quarter"] > last_complete_quarter(as_of)) & (plan["planned_value"] != 0)
    ]
    last = future.groupby("benefit_id")["quarter"].max().astype(str)
    register = org.benefits.assign(
        benefit_id=org.benefits["benefit_id"].astype(str),
        project_id=org.benefits["project_id"].astype(str),
    )[["benefit_id", "project_id", "name", "owner"]]
    out = closed.merge(register, on="project_id").set_index("benefit_id")
    out = out.join(values[["realised_to_date", "realisation_index", "remaining_plan"]])
    out["last_planned_quarter"] = last.reindex(out.index)
    out = out.loc[out["last_planned_quarter"].notna()]
    out = out.sort_values("remaining_plan", ascending=False).reset_index()
    first = ["project_id", "project", "programme", "sponsor", "benefit_id"]
    return out[[*first, *[c for c in out.columns if c not in first]]]
