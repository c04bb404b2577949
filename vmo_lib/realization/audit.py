"""Audit view: claims without evidence, benefits counted twice, closed projects still owing,
registers that disagree with their business case.

Four checks a value office runs before it believes a realisation figure:

* :func:`unevidenced_claims`: realised value reported with a blank ``evidence`` cell.
* :func:`duplicate_benefits`: the same benefit registered on two or more projects (same
  measure and driver by default, compared ignoring case, punctuation and spacing), so its
  value may be counted twice in portfolio totals.
* :func:`closed_projects_due`: benefits of closed projects with value still planned after
  ``as_of``: the PMO stopped watching when the project closed, the value has not arrived.
* :func:`business_case_mismatch`: projects whose benefit register adds up to a total that
  differs from the benefit promised in their business case by more than a tolerance (10 %
  by default): one of the two figures is out of date, and the handout should not mix them.

>>> unevidenced_claims(org, "2026-09-30").head()  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import pandas as pd

from vmo_lib.realization.periods import as_periods, cut_to_date, last_complete_quarter
from vmo_lib.realization.todate import BenefitData, ProjectBenefitData, value_to_date

__all__ = [
    "BUSINESS_CASE_TOLERANCE",
    "business_case_mismatch",
    "closed_projects_due",
    "duplicate_benefits",
    "normalised_text",
    "unevidenced_claims",
]

BUSINESS_CASE_TOLERANCE = 0.10
"""Largest relative gap between register total and business-case benefit not reported."""


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
    quarters lack evidence), ``unevidenced_value`` (money, their sum), ``claimed_value``
    (money, all realised value to date) and ``unevidenced_share`` (of the absolute value claimed).
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
    joined = keys.iloc[:, 0]
    for column in keys.columns[1:]:
        joined = joined + "|" + keys[column]
    key = joined.where(usable)
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


def closed_projects_due(
    org: ProjectBenefitData, as_of: str | dt.date | pd.Timestamp
) -> pd.DataFrame:
    """Benefits of projects at stage ``closed`` with value still planned after ``as_of``.

    Columns: ``project_id``, ``project`` (name), ``programme``, ``sponsor``, ``benefit_id``,
    ``name``, ``owner``, ``realised_to_date``, ``realisation_index``, ``remaining_plan`` (money
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


MISMATCH_COLUMNS = (
    "project_id",
    "project",
    "programme",
    "benefit_ids",
    "register_total",
    "business_case_benefit",
    "difference",
    "difference_share",
)
"""Columns of :func:`business_case_mismatch`, one row per project."""


def business_case_mismatch(
    benefits: pd.DataFrame,
    projects: pd.DataFrame,
    tolerance: float = BUSINESS_CASE_TOLERANCE,
) -> pd.DataFrame:
    """Projects whose benefit register total and business-case benefit differ by more than
    ``tolerance`` (a share of the business-case figure; 0.10 = 10 %).

    The register total is the sum of the project's benefits' ``planned_total`` (money,
    dis-benefits with their negative sign); the business case is
    ``projects.business_case_benefit``. Only projects with both figures are compared (at
    least one benefit, and a business-case benefit that is not blank or zero). A project is
    reported when ``|register - business case| > tolerance * |business case|``.

    One row per project reported: ``project_id``, ``project`` (name), ``programme``,
    ``benefit_ids`` (the register's benefits, comma-separated), ``register_total``,
    ``business_case_benefit``, ``difference`` (register - business case) and
    ``difference_share`` (difference / |business case|). Largest relative gap first.

    >>> b = pd.DataFrame({"benefit_id": ["B-1", "B-2", "B-3"], "project_id": ["P-1", "P-1", "P-2"],
    ...                   "planned_total": [60.0, 50.0, 80.0]})
    >>> p = pd.DataFrame({"project_id": ["P-1", "P-2"], "name": ["A", "B"],
    ...                   "programme": ["X", "X"], "business_case_benefit": [100.0, 100.0]})
    >>> business_case_mismatch(b, p)[["project_id", "difference_share"]].to_dict("records")
    [{'project_id': 'P-2', 'difference_share': -0.2}]
    """
    columns = list(MISMATCH_COLUMNS)
    if "business_case_benefit" not in projects.columns or benefits.empty:
        return pd.DataFrame(columns=columns)
    register = benefits.assign(
        project_id=benefits["project_id"].astype(str),
        benefit_id=benefits["benefit_id"].astype(str),
        planned_total=pd.to_numeric(benefits["planned_total"], errors="coerce").fillna(0.0),
    )
    by_project = register.groupby("project_id")
    totals = pd.DataFrame(
        {
            "benefit_ids": by_project["benefit_id"].agg(", ".join),
            "register_total": by_project["planned_total"].sum(),
        }
    )
    cases = projects.assign(project_id=projects["project_id"].astype(str)).set_index("project_id")
    case = pd.to_numeric(cases["business_case_benefit"], errors="coerce")
    out = totals.join(case.rename("business_case_benefit"), how="inner")
    out = out.loc[out["business_case_benefit"].notna() & out["business_case_benefit"].ne(0)]
    out["difference"] = out["register_total"] - out["business_case_benefit"]
    out["difference_share"] = out["difference"] / out["business_case_benefit"].abs()
    out = out.loc[out["difference_share"].abs() > tolerance]
    names = cases.get("name", pd.Series(dtype=object)).astype("string")
    out["project"] = names.reindex(out.index)
    out["programme"] = cases.get("programme", pd.Series(dtype=object)).reindex(out.index)
    out = out.assign(_gap=out["difference_share"].abs()).sort_values(
        ["_gap"], ascending=False, kind="stable"
    )
    return out.rename_axis("project_id").reset_index()[columns]
