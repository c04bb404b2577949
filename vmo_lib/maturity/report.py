"""Small views of the gap-analysis results for display and recording (no formatting here).

They pick and order columns, and pull out the headline values the handouts index shows, so
the notebook stays free of calculations. Column names are mapped to plain-language headers by
:data:`DISPLAY_LABELS` (pass it as ``labels`` to :func:`vmo_lib.tables.format_table`).

>>> top_value(pd.DataFrame({"skill": ["Value KPI design", "Data analysis"]}), "skill")
'Value KPI design'
"""

from __future__ import annotations

import math

import pandas as pd

from .roadmap import Roadmap
from .survey import Assessment, Perception

DISPLAY_LABELS: dict[str, str] = {
    "dimension": "Dimension",
    "move": "Move",
    "importance": "Importance (weight)",
    "effort": "Effort (1-5)",
    "questions": "Questions",
    "group": "Role group",
    "respondents": "Respondents",
    "roles": "Roles in the group",
    "level_name": "Level reached",
    "current": "Current level",
    "current_low": "Current, low end",
    "current_high": "Current, high end",
    "stated_target": "Target stated by respondents",
    "target": "Target level",
    "gap": "Gap (levels)",
    "spread": "Spread (std. dev.)",
    "disagreement": "Respondents > 1 level from the mean",
    "most_positive": "Most positive group",
    "least_positive": "Least positive group",
    "source": "Source",
    "indicator": "What was checked",
    "share": "Share",
    "rank": "Rank",
    "skill": "Skill",
    "teams": "Teams",
    "people": "People to train",
    "mean_gap": "Mean gap (levels)",
    "person_levels": "Training effort (people x levels)",
    "horizon": "Horizon",
    "priority": "Priority score",
    "weakest_question": "Weakest question",
    "next_step": "Next step (description of the next level)",
}
"""Plain-language column headers for every table of notebook 01."""


def dimension_view(assessment: Assessment) -> pd.DataFrame:
    """The per-dimension table in reading order: largest gap first."""
    columns = [
        "dimension",
        "move",
        "level_name",
        "current",
        "current_low",
        "current_high",
        "target",
        "gap",
        "spread",
        "disagreement",
    ]
    table = assessment.dimensions.sort_values("gap", ascending=False, kind="stable")
    return table[columns].reset_index(drop=True)


def headline(assessment: Assessment) -> dict[str, object]:
    """Headline figures: mean current level and gap over dimensions (levels), the largest gap
    and its dimension, and the role groups shown with their sizes (all privacy-safe)."""
    dims = assessment.dimensions.dropna(subset=["gap"])
    top = dims.sort_values("gap", ascending=False, kind="stable").iloc[0] if len(dims) else None
    return {
        "mean_current_level": float(dims["current"].mean()),
        "mean_gap": float(dims["gap"].mean()),
        "largest_gap_dimension": None if top is None else str(top["dimension"]),
        "largest_gap": None if top is None else float(top["gap"]),
        "role_groups_shown": dict(
            zip(
                assessment.groups.sizes["group"],
                assessment.groups.sizes["respondents"].astype(int),
                strict=True,
            )
        ),
    }


def largest_perception_gap(views: Perception) -> dict[str, object] | None:
    """The dimension the compared groups disagree on most, with the gap (levels)."""
    if "gap" not in views.table.columns or views.table.empty:
        return None
    row = views.table.iloc[0]
    gap = float(row["gap"])
    return {
        "dimension": str(row["dimension"]),
        "gap": gap if math.isfinite(gap) else None,
        "most_positive": str(row["most_positive"]),
        "least_positive": str(row["least_positive"]),
    }


def top_value(table: pd.DataFrame, column: str) -> str | None:
    """The first row's value in ``column`` (``None`` for an empty table)."""
    return None if table.empty else str(table.iloc[0][column])


def roadmap_notes(plan: Roadmap) -> tuple[str, ...]:
    """Sentences about what the roadmap leaves out (dimensions already at their target)."""
    if not plan.at_target:
        return ("Every dimension is below its target, so every one appears in the roadmap.",)
    names = ", ".join(plan.at_target)
    return (f"Already at or above target, so not in the roadmap: {names}.",)
