"""What a project team records at each stage gate: the sheets of the measurement template.

Each gate is declared as a :class:`~vmo_lib.data.schema.TableSpec` (five identifying columns,
then the gate's own fields), so the Excel drop-downs, input messages and the loader's checks
come from one declaration (see :mod:`vmo_lib.kpis.template`).
"""

from __future__ import annotations

from vmo_lib.data.schema import KPI_DIRECTIONS, KPI_FREQUENCIES, RAG, ColumnSpec, TableSpec

__all__ = ["GUIDANCE", "STAGE_SHEETS"]

ITEM_TYPES = ("kpi", "benefit")
YES_NO = ("yes", "no")
DELIVERED = ("yes", "partly", "no")


def _c(name: str, kind: str, description: str, **rules: object) -> ColumnSpec:
    return ColumnSpec(name, kind, description, **rules)  # type: ignore[arg-type]


_COMMON = (
    _c("project_id", "id", "Project the measurement belongs to.", example="P-01"),
    _c("item_type", "category", "A KPI or a benefit.", allowed=ITEM_TYPES, example="kpi"),
    _c("item_id", "id", "KPI id (K-01) or benefit id (B-001).", example="K-01"),
    _c("measure_name", "text", "Name of the KPI or benefit.", required=False),
    _c("unit", "text", "Unit of the measure (%, the currency code, days...).", required=False),
)

_STAGE_COLUMNS: dict[str, tuple[ColumnSpec, ...]] = {
    "business case": (
        _c("driver_id", "id", "Value driver the item moves.", required=False),
        _c("direction", "category", "Which way is better.", allowed=KPI_DIRECTIONS),
        _c("baseline", "number", "Value today, before the project."),
        _c("baseline_date", "date", "When the baseline was measured."),
        _c("target", "number", "Value the project commits to."),
        _c("target_date", "date", "When the target is to be reached."),
        _c("owner", "text", "Role accountable for the measure after go-live."),
        _c("data_source", "text", "System or report the value comes from.", required=False),
        _c("frequency", "category", "How often measured.", allowed=KPI_FREQUENCIES),
        _c(
            "planned_value",
            "money",
            "Monetised value planned over the item's life (benefits).",
            unit="currency",
            minimum=0,
            required=False,
        ),
    ),
    "in flight": (
        _c("measured_on", "date", "Date of this measurement."),
        _c("value", "number", "Latest value of the (leading) measure.", required=False),
        _c("forecast", "number", "Value now forecast at the target date.", required=False),
        _c("on_track", "category", "Will the target be met on time?", allowed=YES_NO),
        _c("status", "category", "Red, amber or green against thresholds.", allowed=RAG),
        _c("comment", "text", "What changed, and what is being done.", required=False),
    ),
    "closure": (
        _c("measured_on", "date", "Date of the closure review."),
        _c("value", "number", "Value of the measure at closure.", required=False),
        _c(
            "capability_delivered",
            "category",
            "Is the capability the benefit needs in place?",
            allowed=DELIVERED,
        ),
        _c("benefit_owner", "text", "Who takes over realisation from the project."),
        _c("realisation_start", "date", "When value starts to flow.", required=False),
        _c(
            "forecast_value",
            "money",
            "Monetised value still expected over the item's life.",
            unit="currency",
            minimum=0,
            required=False,
        ),
        _c("comment", "text", "Lessons for the next business case.", required=False),
    ),
    "post-closure": (
        _c("measured_on", "date", "Date of this measurement."),
        _c("value", "number", "Measured value of the KPI or benefit measure."),
        _c(
            "realised_value",
            "money",
            "Value realised in the period (negative for a dis-benefit).",
            unit="currency",
            required=False,
        ),
        _c("evidence", "text", "Where the figure comes from (report, system, audit)."),
        _c(
            "attribution",
            "share",
            "Share of the change credited to this project (0-1).",
            minimum=0,
            maximum=1,
            required=False,
        ),
        _c("status", "category", "Red, amber or green against thresholds.", allowed=RAG),
        _c("comment", "text", "Explanation of the trend.", required=False),
    ),
}

STAGE_SHEETS: dict[str, TableSpec] = {
    stage: TableSpec(
        stage.replace(" ", "_").replace("-", "_"),
        f"Measurements at the {stage} gate.",
        (*_COMMON, *columns),
        key=("project_id", "item_id", *(("measured_on",) if stage != "business case" else ())),
    )
    for stage, columns in _STAGE_COLUMNS.items()
}
"""Stage gate -> the sheet's table spec (sheet names: business_case, in_flight, closure,
post_closure)."""

GUIDANCE = {
    "business case": "Before funding: baseline, target, date and owner for every KPI and "
    "benefit the business case claims.",
    "in flight": "At each stage review: the latest leading measure and whether the target "
    "will still be met.",
    "closure": "At handover: is the capability in place, who owns realisation from now on, "
    "what value is still expected.",
    "post-closure": "Each period after closure: the measured value, the value realised and "
    "the evidence, until the benefit is fully realised.",
}
