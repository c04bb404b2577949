"""What the PMO reports today: status colours by programme and its current priority list.

Both are the classic project office's own view (the project manager's judgement, and the
order in which projects are ranked), kept beside the value columns they leave implicit.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from vmo_lib.baseline.performance import REPORTING_STAGES

RAG_ORDER: tuple[str, ...] = ("green", "amber", "red")
"""Status colours, best first (the column order of :func:`rag_by_programme`)."""


def rag_by_programme(
    projects: pd.DataFrame, stages: Sequence[str] = REPORTING_STAGES
) -> pd.DataFrame:
    """Count and share of green, amber and red reports per programme.

    Only projects in ``stages`` count (default :data:`REPORTING_STAGES`: in flight, whose
    status is a current report on work under way). One row per programme, sorted by name,
    with columns ``programme, green, amber, red, total, green_share, amber_share, red_share``
    (shares of the programme's total, 0-1). Projects with no status are not counted.

    >>> from vmo_lib.baseline.performance import example_projects
    >>> rag_by_programme(example_projects())[["programme", "green", "red", "total"]]
      programme  green  red  total
    0     Alpha      0    1      1
    1      Beta      1    0      1
    """
    reporting = projects[projects["stage"].astype("string").isin(stages).fillna(False)]
    reporting = reporting[reporting["rag_status"].notna()]
    counts = pd.crosstab(
        reporting["programme"].astype("string"), reporting["rag_status"].astype("string")
    ).reindex(columns=list(RAG_ORDER), fill_value=0)
    counts.columns.name = None
    counts["total"] = counts.sum(axis=1)
    for colour in RAG_ORDER:
        counts[f"{colour}_share"] = counts[colour] / counts["total"]
    counts.index.name = "programme"
    return counts.sort_index().reset_index()


def legacy_priority_list(projects: pd.DataFrame, top_n: int = 10) -> pd.DataFrame:
    """The PMO's current priority list: the ``top_n`` projects by ``legacy_priority`` (1 first).

    Keeps what the list is usually shown with (stage, status, budget) next to what it leaves
    implicit (promised benefit, NPV, benefit owner), so the gap is visible.

    >>> from vmo_lib.baseline.performance import example_projects
    >>> legacy_priority_list(example_projects(), top_n=2)["project_id"].tolist()
    ['P-02', 'P-01']
    """
    columns = [
        "legacy_priority",
        "project_id",
        "name",
        "programme",
        "sponsor",
        "stage",
        "rag_status",
        "budget_at_completion",
        "business_case_benefit",
        "business_case_npv",
        "benefit_owner",
    ]
    ranked = projects.sort_values("legacy_priority", kind="stable", na_position="last")
    return ranked[columns].head(int(top_n)).reset_index(drop=True)
