"""The tables and notes notebook 03 shows, ready to display.

A package rather than one module because notebook 03 has two halves of about the same size:
:mod:`.catalogue` (the KPI record, the review of the draft catalogue, the template) and
:mod:`.scorecard` (execution and value KPIs per project, the scorecard and its two
verdicts); :mod:`.lists` holds what both use (column labels, rule notes, cut lists). Every
name is re-exported here, so a notebook writes ``views.rule_table(review)``.

Pure reshaping of :mod:`vmo_lib.kpis` results: no new numbers.
"""

from __future__ import annotations

from vmo_lib.kpis.views.catalogue import (
    catalogue_view,
    digest_view,
    kpi_digest,
    model_record,
    record_sheet,
    rule_table,
    settings_sentence,
    structural_view,
    template_fields,
    template_table,
    trend_table,
    trend_view,
)
from vmo_lib.kpis.views.lists import DISPLAY_LABELS, ListView, Note, list_view, rule_note
from vmo_lib.kpis.views.scorecard import (
    execution_figures,
    objective_table,
    programme_table,
    scorecard_view,
    telling_view,
    threshold_table,
    thresholds_view,
    value_view,
)

__all__ = [
    "DISPLAY_LABELS",
    "ListView",
    "Note",
    "catalogue_view",
    "digest_view",
    "execution_figures",
    "kpi_digest",
    "list_view",
    "model_record",
    "objective_table",
    "programme_table",
    "record_sheet",
    "rule_note",
    "rule_table",
    "scorecard_view",
    "settings_sentence",
    "structural_view",
    "telling_view",
    "template_fields",
    "template_table",
    "threshold_table",
    "thresholds_view",
    "trend_table",
    "trend_view",
    "value_view",
]
