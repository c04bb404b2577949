"""Notebook 00's tables and notes, ready to display: everything the handout shows in words.

The calculation modules return plain frames and results; here they are cut to at most
``max_listed`` rows, given plain-language headers (:data:`PERFORMANCE_LABELS`), formatted for
money, shares and ratios, and escaped; the notes say in plain words which rule each figure
uses (:func:`measurement_rules`). The views outgrew one module (about 400 lines), so they
follow the notebook's sections: ``summary`` (settings, headline figures, measurement rules),
``projects`` (the earned-value project and programme tables, the export link) and
``reporting`` (scope churn, reported status, the priority list, the value fields) and
``schedule`` (earned schedule and the EAC ranges). Every name
is importable from here: ``baseline.views.project_table``.
"""

from vmo_lib.baseline.views.projects import (
    LISTING_ORDER,
    PERFORMANCE_LABELS,
    PerformanceView,
    caption_note,
    export_note,
    listed,
    per_end,
    performance_table,
    programme_rows,
    programme_table,
    project_table,
)
from vmo_lib.baseline.views.reporting import (
    VALUE_RECORD_LABELS,
    churn_table,
    priority_table,
    rag_rows,
    rag_table,
    value_record_finding,
    value_record_table,
)
from vmo_lib.baseline.views.schedule import (
    closed_schedule_table,
    eac_ranges_note,
    eac_ranges_table,
    schedule_forecast_table,
    schedule_note,
)
from vmo_lib.baseline.views.summary import (
    health_table,
    measurement_rules,
    rules_note,
    settings_table,
)

__all__ = [
    "LISTING_ORDER",
    "PERFORMANCE_LABELS",
    "VALUE_RECORD_LABELS",
    "PerformanceView",
    "caption_note",
    "churn_table",
    "closed_schedule_table",
    "eac_ranges_note",
    "eac_ranges_table",
    "export_note",
    "health_table",
    "listed",
    "measurement_rules",
    "per_end",
    "performance_table",
    "priority_table",
    "programme_rows",
    "programme_table",
    "project_table",
    "rag_rows",
    "rag_table",
    "rules_note",
    "schedule_forecast_table",
    "schedule_note",
    "settings_table",
    "value_record_finding",
    "value_record_table",
]
