"""Where the PMO stands today: the triple-constraint view of a portfolio (cost, time, scope).

Calculation modules: ``earned_schedule`` (Lipke's earned schedule per project, from a
baseline plan or a stated curve), ``eac_ranges`` (P10/P50/P90 of the EAC), ``performance``
(earned value, slip and the on-time and on-budget flags per project in delivery; sums per
programme), ``health`` (the portfolio's headline figures at a
data date, :class:`PortfolioHealth`), ``scope`` (approved scope changes per programme and
project-year), ``reporting`` (status colours by programme, the legacy priority list) and
``value_evidence`` (which projects show signs of value; notebook 01 uses it too). Presentation:
``views`` (notebook 00's tables and notes) and ``charts`` (its figures).

The calculation names are re-exported here, so a notebook writes
``baseline.portfolio_health(org.projects, as_of)``; tables and figures come from
``baseline.views`` and ``baseline.charts``.
"""

from vmo_lib.baseline.eac_ranges import EacRanges, eac_ranges
from vmo_lib.baseline.earned_schedule import earned_schedule_of
from vmo_lib.baseline.health import FigureKind, KeyFigure, PortfolioHealth, portfolio_health
from vmo_lib.baseline.performance import (
    DELIVERY_STAGES,
    REPORTING_STAGES,
    delivery_projects,
    example_projects,
    programme_totals,
    project_performance,
    stage_performance,
)
from vmo_lib.baseline.reporting import RAG_ORDER, legacy_priority_list, rag_by_programme
from vmo_lib.baseline.scope import scope_churn
from vmo_lib.baseline.value_evidence import (
    CHECK_LABELS,
    PRACTICE_CHECKS,
    PROJECT_LIST_CHECKS,
    EvidenceInputError,
    ValueEvidence,
    value_evidence,
)

# The rules behind the figures, in words: a view, re-exported because the KPI catalogue
# (vmo_lib.kpis.measures) quotes them.
from vmo_lib.baseline.views import measurement_rules

__all__ = [
    "CHECK_LABELS",
    "DELIVERY_STAGES",
    "PRACTICE_CHECKS",
    "PROJECT_LIST_CHECKS",
    "RAG_ORDER",
    "REPORTING_STAGES",
    "EacRanges",
    "EvidenceInputError",
    "FigureKind",
    "KeyFigure",
    "PortfolioHealth",
    "ValueEvidence",
    "delivery_projects",
    "eac_ranges",
    "earned_schedule_of",
    "example_projects",
    "legacy_priority_list",
    "measurement_rules",
    "portfolio_health",
    "programme_totals",
    "project_performance",
    "rag_by_programme",
    "scope_churn",
    "stage_performance",
    "value_evidence",
]
