"""The whole realisation analysis in one call.

:func:`analyse` runs every calculation of notebook 05 with its parameters and returns a
frozen :class:`~.results.Realisation` (:mod:`.results`), so the notebook, the widgets and the
tests read one object; it knows the key figures it records. The tiles and tables that show
them are in :mod:`vmo_lib.realization.views`.

>>> result = analyse(org, "2026-09-30", group_by="programme")  # doctest: +SKIP
>>> record_all(result.recorded())  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from vmo_lib.realization.audit import (
    BUSINESS_CASE_TOLERANCE,
    business_case_mismatch,
    closed_projects_due,
    duplicate_benefits,
    unevidenced_claims,
)
from vmo_lib.realization.forecast import (
    DEFAULT_FORECAST_METHOD,
    OPTIMISTIC_METHOD,
    forecast_to_completion,
    schedule_slip_days,
)
from vmo_lib.realization.grouping import cumulative_profile, group_labels, realisation_table
from vmo_lib.realization.index import realisation_index, split_indices
from vmo_lib.realization.periods import last_complete_quarter
from vmo_lib.realization.results import NO_OWNER, KeyFigures, Realisation, top_gaps
from vmo_lib.realization.risk import benefits_at_risk, risk_summary
from vmo_lib.realization.todate import ProjectBenefitData, safe_ratio

__all__ = [
    "DELIVERY_RULES",
    "NO_OWNER",
    "KeyFigures",
    "Realisation",
    "analyse",
    "top_gaps",
]

DELIVERY_RULES: tuple[str, ...] = ("behind_plan", "no_recent_data", "dis_benefit_growing")
"""Rules that say value is not arriving (the others say nobody could tell if it were)."""


def analyse(
    org: ProjectBenefitData,
    as_of: str | dt.date | pd.Timestamp,
    group_by: str = "programme",
    forecast_method: str = DEFAULT_FORECAST_METHOD,
    at_risk_threshold: float = 0.2,
    stale_quarters: int = 2,
    dis_benefit_quarters: int = 3,
    trend_quarters: int = 4,
    unstarted_index: float = 1.0,
    slip_days: pd.Series | None = None,
    business_case_tolerance: float = BUSINESS_CASE_TOLERANCE,
    max_chart_groups: int = 30,
) -> Realisation:
    """Run the realisation analysis as of ``as_of`` (quarters complete on that day count).

    Parameters are those of :func:`~.forecast.forecast_to_completion`,
    :func:`~.grouping.realisation_table`, :func:`~.risk.benefits_at_risk` and
    :func:`~.audit.business_case_mismatch` (``business_case_tolerance``). ``slip_days``
    (days late per project) defaults to the projects' schedule slip. ``max_chart_groups``
    is the most groups charted one by one (beyond, charts draw programmes:
    :meth:`Realisation.chart_level`).
    """
    if slip_days is None:
        slip_days = schedule_slip_days(getattr(org, "projects", None))
    forecast = forecast_to_completion(
        org,
        as_of,
        forecast_method,
        trend_quarters,
        unstarted_index=unstarted_index,
        slip_days=slip_days,
    )
    optimistic = forecast_to_completion(org, as_of, OPTIMISTIC_METHOD, trend_quarters)
    risks = benefits_at_risk(org, as_of, at_risk_threshold, stale_quarters, dis_benefit_quarters)
    values = risks.join(forecast.totals).join(group_labels(org, group_by))
    values["optimistic_forecast"] = optimistic.totals["forecast_at_completion"]
    unevidenced = unevidenced_claims(org, as_of)
    projects = getattr(org, "projects", pd.DataFrame(columns=["project_id"]))
    mismatches = business_case_mismatch(org.benefits, projects, business_case_tolerance)
    delivery = values[list(DELIVERY_RULES)].any(axis=1)
    planned = float(values["planned_to_date"].sum())
    realised = float(values["realised_to_date"].sum())
    total = float(values["planned_total"].sum())
    final = float(values["forecast_at_completion"].sum())
    bound = float(values["optimistic_forecast"].sum())
    split = split_indices(
        values["planned_to_date"], values["realised_to_date"], values["planned_total"]
    )
    kpis = KeyFigures(
        realised_to_date=realised,
        planned_to_date=planned,
        share_of_plan=float(realisation_index(planned, realised)),
        benefits_index=split["benefits"],
        dis_benefits_index=split["dis_benefits"],
        value_variance=realised - planned,
        planned_total=total,
        forecast_at_completion=final,
        forecast_share=_share(final, total),
        optimistic_forecast=bound,
        optimistic_share=_share(bound, total),
        unrealised_plan_at_risk=float(values["unrealised_plan_at_risk"].sum()),
        unrealised_plan_delivery_risk=float(values.loc[delivery, "unrealised_plan_at_risk"].sum()),
        at_risk_benefits=int(values["at_risk"].sum()),
        benefits=len(values),
        plans_moved=int((values["shift_quarters"] > 0).sum()),
        unevidenced_value=float(unevidenced["unevidenced_value"].sum()),
        business_case_mismatches=len(mismatches),
        forecast_method=forecast_method,
        last_quarter=str(last_complete_quarter(as_of)),
    )
    table = realisation_table(org, as_of, group_by, forecast)
    group_profile = cumulative_profile(org, as_of, group_by, forecast)
    if group_by == "programme":
        programme_table, programme_profile = table, group_profile
    else:
        programme_table = realisation_table(org, as_of, "programme", forecast)
        programme_profile = cumulative_profile(org, as_of, "programme", forecast)
    return Realisation(
        as_of=pd.Timestamp(as_of),
        last_quarter=last_complete_quarter(as_of),
        group_by=group_by,
        at_risk_threshold=at_risk_threshold,
        forecast=forecast,
        optimistic=optimistic,
        values=values,
        table=table,
        profile=cumulative_profile(org, as_of, forecast=forecast, portfolio=True),
        group_profile=group_profile,
        programme_table=programme_table,
        programme_profile=programme_profile,
        risk_rules=risk_summary(risks),
        closed_due=closed_projects_due(org, as_of),
        unevidenced=unevidenced,
        duplicates=duplicate_benefits(org.benefits),
        mismatches=mismatches,
        kpis=kpis,
        stale_quarters=stale_quarters,
        dis_benefit_quarters=dis_benefit_quarters,
        trend_quarters=trend_quarters,
        business_case_tolerance=business_case_tolerance,
        max_chart_groups=max_chart_groups,
    )


def _share(part: float, whole: float) -> float:
    return float(safe_ratio(pd.Series([part]), pd.Series([whole])).iloc[0])
