"""Value realisation: are we getting the value we were promised? (notebook 05).

Pure calculations (no plotting; files only through :func:`export_csv`). A notebook reads::

    result = realization.analyse(org, as_of, group_by="programme", forecast_method="plan_ratio")
    result.table          # planned vs realised vs forecast per programme
    result.at_risk        # benefits flagged by the at-risk rules

The *realisation index* (realised / planned value to date) and the *value variance*
(realised - planned to date) are the workbook's own analogy to earned value's performance
index and schedule variance; there is no standard "earned value for benefits". Quarters
count to date only when complete on ``as_of`` (:mod:`.periods`).
"""

from __future__ import annotations

from .audit import closed_projects_due, duplicate_benefits, normalised_text, unevidenced_claims
from .dashboard import KeyFigures, Realisation, analyse, kpi_tiles_html, top_gaps
from .forecast import (
    FORECAST_METHODS,
    METHOD_DESCRIPTIONS,
    Forecast,
    forecast_comparison,
    forecast_to_completion,
)
from .grouping import GROUPS, NO_DRIVER, cumulative_profile, group_labels, realisation_table
from .notes import cautious_note, export_note, method_note, settings_note
from .periods import cut_to_date, last_complete_quarter
from .report import (
    AT_RISK_COLUMNS,
    DISPLAY_LABELS,
    REALISATION_COLUMNS,
    export_csv,
    group_title,
)
from .risk import (
    RISK_RULES,
    behind_plan,
    benefits_at_risk,
    dis_benefit_growing,
    no_measure_or_baseline,
    no_owner,
    no_recent_data,
    risk_summary,
)
from .todate import realisation_to_date, value_to_date

__all__ = [
    "AT_RISK_COLUMNS",
    "DISPLAY_LABELS",
    "FORECAST_METHODS",
    "GROUPS",
    "METHOD_DESCRIPTIONS",
    "NO_DRIVER",
    "REALISATION_COLUMNS",
    "RISK_RULES",
    "Forecast",
    "KeyFigures",
    "Realisation",
    "analyse",
    "behind_plan",
    "benefits_at_risk",
    "cautious_note",
    "closed_projects_due",
    "cumulative_profile",
    "cut_to_date",
    "dis_benefit_growing",
    "duplicate_benefits",
    "export_csv",
    "export_note",
    "forecast_comparison",
    "forecast_to_completion",
    "group_labels",
    "group_title",
    "kpi_tiles_html",
    "last_complete_quarter",
    "method_note",
    "no_measure_or_baseline",
    "no_owner",
    "no_recent_data",
    "normalised_text",
    "realisation_table",
    "realisation_to_date",
    "risk_summary",
    "settings_note",
    "top_gaps",
    "unevidenced_claims",
    "value_to_date",
]
