"""Column headers and column lists of notebook 05's tables and exports.

Every label a handout table or an exported file shows is here, so that the notebook never
spells a column name.

>>> group_title("driver")
'Value driver'
>>> labels_for("project")["group"]
'Project'
"""

from __future__ import annotations

from vmo_lib.realization.grouping import GROUP_COLUMNS
from vmo_lib.realization.risk import RISK_RULES

__all__ = [
    "AT_RISK_COLUMNS",
    "DISPLAY_LABELS",
    "GROUP_TITLES",
    "REALISATION_COLUMNS",
    "group_title",
    "labels_for",
]

GROUP_TITLES: dict[str, str] = {
    "benefit": "Benefit",
    "project": "Project",
    "driver": "Value driver",
    "programme": "Programme",
}

DISPLAY_LABELS: dict[str, str] = {
    "benefit_id": "Benefit",
    "project_id": "Project",
    "project": "Project name",
    "programme": "Programme",
    "sponsor": "Sponsor",
    "driver_id": "Driver",
    "name": "Benefit name",
    "measure": "Measure",
    "owner": "Owner",
    "label": "Name",
    "benefits": "Benefits",
    "planned_total": "Whole-life plan",
    "planned_to_date": "Planned to date",
    "realised_to_date": "Realised to date",
    "value_variance": "Value variance",
    "realisation_index": "Realisation index",
    "remaining_plan": "Plan still to come",
    "forecast_at_completion": "Forecast at completion",
    "forecast_variance": "Forecast variance",
    "forecast_share": "Forecast / plan",
    "basis": "Forecast basis",
    "reasons": "Why at risk",
    "unrealised_plan_at_risk": "Unrealised plan (at risk)",
    "optimistic_forecast": "Optimistic bound (plan in full)",
    "ratio": "Forecast ratio",
    "shift_quarters": "Plan moved (quarters)",
    "index_note": "Index note",
    "benefit_ids": "Benefits in the register",
    "register_total": "Register total",
    "business_case_benefit": "Business-case benefit",
    "difference": "Register minus business case",
    "difference_share": "Difference / business case",
    "group_label": "Group name",
    "at_risk": "At risk",
    "rule": "Rule",
    "method": "Method",
    "description": "How it forecasts",
    "quarters": "Quarters",
    "unevidenced_value": "Value without evidence",
    "claimed_value": "Value claimed",
    "unevidenced_share": "Share without evidence",
    "duplicate_group": "Group",
    "last_planned_quarter": "Last planned quarter",
    **{rule: words.capitalize() for rule, words in RISK_RULES.items()},
}
"""Plain-language column headers (pass as ``labels`` to ``tables.format_table``)."""

AT_RISK_COLUMNS: tuple[str, ...] = (
    "benefit_id",
    "name",
    "project_id",
    "owner",
    "reasons",
    "planned_to_date",
    "realised_to_date",
    "realisation_index",
    "planned_total",
    "unrealised_plan_at_risk",
    *RISK_RULES,
)
"""Columns of the exported at-risk list."""

REALISATION_COLUMNS: tuple[str, ...] = ("group", *GROUP_COLUMNS)
"""Columns of the exported realisation table."""

BENEFIT_COLUMNS: tuple[str, ...] = (
    "project_id",
    "name",
    "owner",
    "planned_total",
    "planned_to_date",
    "realised_to_date",
    "value_variance",
    "realisation_index",
    "remaining_plan",
    "forecast_at_completion",
    "optimistic_forecast",
    "ratio",
    "shift_quarters",
    "basis",
    "at_risk",
    "reasons",
    "unrealised_plan_at_risk",
)
"""Columns of the exported per-benefit list (after ``benefit_id``)."""


def group_title(group_by: str) -> str:
    """Header of the ``group`` column for ``group_by`` (``"driver"`` -> ``"Value driver"``)."""
    return GROUP_TITLES.get(group_by, group_by)


def labels_for(group_by: str) -> dict[str, str]:
    """:data:`DISPLAY_LABELS` with the ``group`` column named after ``group_by``."""
    return {**DISPLAY_LABELS, "group": group_title(group_by)}
