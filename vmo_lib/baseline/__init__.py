"""Where the PMO stands today: the triple-constraint view of a portfolio (cost, time, scope).

Modules: ``health`` (earned value per project and for the portfolio, RAG, scope churn, the
legacy priority list), ``value_record`` (which projects carry value evidence), ``charts``
(notebook 00's figures). The calculation names are re-exported here, so a notebook writes
``baseline.portfolio_health(org.projects, as_of)``.
"""

from vmo_lib.baseline.health import (
    DELIVERY_STAGES,
    LISTING_ORDER,
    PERFORMANCE_LABELS,
    RAG_ORDER,
    REPORTING_STAGES,
    FigureKind,
    KeyFigure,
    PerformanceView,
    PortfolioHealth,
    caption_note,
    delivery_projects,
    example_projects,
    legacy_priority_list,
    listed,
    measurement_rules,
    performance_table,
    portfolio_health,
    programme_rows,
    programme_totals,
    project_performance,
    rag_by_programme,
    scope_churn,
    stage_performance,
)

__all__ = [
    "DELIVERY_STAGES",
    "LISTING_ORDER",
    "PERFORMANCE_LABELS",
    "RAG_ORDER",
    "REPORTING_STAGES",
    "FigureKind",
    "KeyFigure",
    "PerformanceView",
    "PortfolioHealth",
    "caption_note",
    "delivery_projects",
    "example_projects",
    "legacy_priority_list",
    "listed",
    "measurement_rules",
    "performance_table",
    "portfolio_health",
    "programme_rows",
    "programme_totals",
    "project_performance",
    "rag_by_programme",
    "scope_churn",
    "stage_performance",
]
