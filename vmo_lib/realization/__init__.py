"""Value realisation: are we getting the value we were promised? (notebook 05).

Calculation modules are pure: ``periods`` and ``todate`` (value to date), ``index``,
``grouping``, ``slip``, ``comparables`` and ``forecast``, ``risk``, ``audit`` and
``register_audit`` (MSP's DOAM, double counting), ``benefits_map``, ``uncertainty`` (the
Monte Carlo of whole-life value), then
``dashboard`` (:func:`analyse`, everything in one call) and ``results`` (what it returns).
:mod:`.views` holds the tables, notes and exports the notebook shows, :mod:`.charts` its
figures (imported on demand: matplotlib) and :mod:`.widgets` its live panel; imports point
that way only (widgets -> views, charts -> calculations). A notebook reads::

    result = realization.analyse(org, as_of, group_by="programme", forecast_method="evidence")
    result.table          # planned vs realised vs forecast per programme
    result.at_risk        # benefits flagged by the at-risk rules
    record_all(result.recorded())

The *realisation index* (realised / planned value to date, planned / realised for a
dis-benefit: :mod:`.index`) and the *value variance* (realised - planned to date) are the
workbook's own analogy to earned value's performance
index and schedule variance; there is no standard "earned value for benefits". Quarters
count to date only when complete on ``as_of`` (:mod:`.periods`).
"""

from __future__ import annotations

from vmo_lib.realization.audit import (
    BUSINESS_CASE_TOLERANCE,
    business_case_mismatch,
    closed_projects_due,
    duplicate_benefits,
    normalised_text,
    unevidenced_claims,
)
from vmo_lib.realization.benefits_map import BenefitsMap, benefits_map
from vmo_lib.realization.dashboard import analyse
from vmo_lib.realization.forecast import (
    DEFAULT_FORECAST_METHOD,
    FORECAST_METHODS,
    METHOD_DESCRIPTIONS,
    OPTIMISTIC_METHOD,
    Forecast,
    comparable_ratios,
    forecast_comparison,
    forecast_to_completion,
    plan_shift_quarters,
    schedule_slip_days,
)
from vmo_lib.realization.grouping import (
    GROUPS,
    NO_DRIVER,
    cumulative_profile,
    group_labels,
    realisation_table,
)
from vmo_lib.realization.index import NO_LOSS_TEXT, index_text, realisation_index, split_indices
from vmo_lib.realization.periods import cut_to_date, last_complete_quarter
from vmo_lib.realization.register_audit import DOAM_TESTS, RegisterAudit, audit_register
from vmo_lib.realization.results import KeyFigures, Realisation, top_gaps
from vmo_lib.realization.risk import (
    RISK_RULES,
    behind_plan,
    benefits_at_risk,
    dis_benefit_growing,
    no_measure_or_baseline,
    no_owner,
    no_recent_data,
    risk_summary,
)
from vmo_lib.realization.todate import realisation_to_date, value_to_date
from vmo_lib.realization.uncertainty import ValueUncertainty, value_uncertainty
from vmo_lib.realization.views import (
    AT_RISK_COLUMNS,
    DISPLAY_LABELS,
    LISTS,
    REALISATION_COLUMNS,
    bound_note,
    chart_level_note,
    export_csv,
    export_lists,
    export_note,
    exports_note,
    group_title,
    kpi_tiles_html,
    list_html,
    method_note,
    rules_note,
    settings_note,
    shown_rows,
)

__all__ = [
    "AT_RISK_COLUMNS",
    "BUSINESS_CASE_TOLERANCE",
    "DEFAULT_FORECAST_METHOD",
    "DISPLAY_LABELS",
    "DOAM_TESTS",
    "FORECAST_METHODS",
    "GROUPS",
    "LISTS",
    "METHOD_DESCRIPTIONS",
    "NO_DRIVER",
    "NO_LOSS_TEXT",
    "OPTIMISTIC_METHOD",
    "REALISATION_COLUMNS",
    "RISK_RULES",
    "BenefitsMap",
    "Forecast",
    "KeyFigures",
    "Realisation",
    "RegisterAudit",
    "ValueUncertainty",
    "analyse",
    "audit_register",
    "behind_plan",
    "benefits_at_risk",
    "benefits_map",
    "bound_note",
    "business_case_mismatch",
    "chart_level_note",
    "closed_projects_due",
    "comparable_ratios",
    "cumulative_profile",
    "cut_to_date",
    "dis_benefit_growing",
    "duplicate_benefits",
    "export_csv",
    "export_lists",
    "export_note",
    "exports_note",
    "forecast_comparison",
    "forecast_to_completion",
    "group_labels",
    "group_title",
    "index_text",
    "kpi_tiles_html",
    "last_complete_quarter",
    "list_html",
    "method_note",
    "no_measure_or_baseline",
    "no_owner",
    "no_recent_data",
    "normalised_text",
    "plan_shift_quarters",
    "realisation_index",
    "realisation_table",
    "realisation_to_date",
    "risk_summary",
    "rules_note",
    "schedule_slip_days",
    "settings_note",
    "shown_rows",
    "split_indices",
    "top_gaps",
    "unevidenced_claims",
    "value_to_date",
    "value_uncertainty",
]
