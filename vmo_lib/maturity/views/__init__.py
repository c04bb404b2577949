"""Notebook 01's tables and notes, ready to display, one module per part of the notebook.

The views outgrew one module (about 400 lines), so they follow the notebook's sections:
``survey`` (the model, the respondents, levels by dimension, the two scoring rules, the
perception gap), ``evidence`` (evidence beside claims, skills and training needs), ``roadmap``
(the prioritised roadmap and the full Excel export); ``labels`` holds the plain-language
headers all of them share. Every name is importable from here: ``maturity.views.claims_table``.
"""

from vmo_lib.maturity.views.evidence import (
    EVIDENCE_TABLES,
    claims_table,
    evidence_finding,
    evidence_note,
    evidence_notes,
    training_note,
    training_table,
)
from vmo_lib.maturity.views.labels import DISPLAY_LABELS, EXPORT_LABELS
from vmo_lib.maturity.views.roadmap import (
    ROADMAP_COLUMNS,
    export_note,
    export_sheets,
    roadmap_notes,
    roadmap_table,
)
from vmo_lib.maturity.views.survey import (
    RULE_COLUMNS,
    RULE_DIFFERENCE_FORMATS,
    dimension_table,
    dimension_view,
    dimension_view_formats,
    model_table,
    perception_table,
    privacy_notes,
    respondents_table,
    rule_differences,
    rule_differences_table,
    scoring_notes,
)

__all__ = [
    "DISPLAY_LABELS",
    "EVIDENCE_TABLES",
    "EXPORT_LABELS",
    "ROADMAP_COLUMNS",
    "RULE_COLUMNS",
    "RULE_DIFFERENCE_FORMATS",
    "claims_table",
    "dimension_table",
    "dimension_view",
    "dimension_view_formats",
    "evidence_finding",
    "evidence_note",
    "evidence_notes",
    "export_note",
    "export_sheets",
    "model_table",
    "perception_table",
    "privacy_notes",
    "respondents_table",
    "roadmap_notes",
    "roadmap_table",
    "rule_differences",
    "rule_differences_table",
    "scoring_notes",
    "training_note",
    "training_table",
]
