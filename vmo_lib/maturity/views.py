"""Small views of the gap-analysis results for display and recording (no formatting here).

They pick and order columns, and pull out the headline values the handouts index shows, so
the notebook stays free of calculations. Column names are mapped to plain-language headers by
:data:`DISPLAY_LABELS` (pass it as ``labels`` to :func:`vmo_lib.display.tables.format_table`).

>>> top_value(pd.DataFrame({"skill": ["Value KPI design", "Data analysis"]}), "skill")
'Value KPI design'
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from IPython.display import HTML

from vmo_lib.display.notes import notes_html
from vmo_lib.maturity.evidence import EVIDENCE_LABELS, SkillsGap, ValueEvidence
from vmo_lib.maturity.model import level_name
from vmo_lib.maturity.roadmap import Roadmap
from vmo_lib.maturity.survey import Assessment, Perception

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
    "current_low": "Interval, low end",
    "current_high": "Interval, high end",
    "staged_level": "Staged level (every question)",
    "mean_score": "Mean score",
    "mean_level_name": "Level by the mean (rounded down)",
    "staged_level_name": "Level by the staged rule",
    "limiting_question": "Question holding the level back",
    "limiting_score": "Its score",
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
    "project_id": "Project",
    "question_id": "Question id",
    "question": "Question",
    "gap_low": "Gap, low end",
    "gap_high": "Gap, high end",
    "projects": "Projects",
    "team": "Team",
}
"""Plain-language column headers for every table of notebook 01."""


RULE_COLUMNS: dict[str, str] = {"staged": "staged_level", "mean": "mean_score"}
"""The column of :attr:`Assessment.dimensions` that holds each scoring rule's result."""


def dimension_view(assessment: Assessment) -> pd.DataFrame:
    """The per-dimension table in reading order (largest gap first): the level under the
    rule in use with its interval, then the other rule's figure, target, gap and spread."""
    used = RULE_COLUMNS[assessment.scoring]
    other = next(c for r, c in RULE_COLUMNS.items() if r != assessment.scoring)
    columns = [
        "dimension",
        "level_name",
        used,
        "current_low",
        "current_high",
        other,
        "target",
        "gap",
        "spread",
        "disagreement",
    ]
    table = assessment.dimensions.sort_values("gap", ascending=False, kind="stable")
    return table[columns].reset_index(drop=True)


def dimension_view_formats(assessment: Assessment) -> dict[str, list[str]]:
    """How :func:`dimension_view`'s columns are shown (arguments of
    :func:`vmo_lib.display.tables.format_table`): whole levels as integers under the staged rule;
    mean scores with two decimals, so that 2.97 never reads as 3.0 beside "Repeatable"."""
    interval = ["current_low", "current_high"]
    staged = assessment.scoring == "staged"
    return {
        "integer": ["staged_level", *(interval if staged else [])],
        "ratio": ["mean_score", *([] if staged else interval)],
        "number": ["target", "gap", "spread"],
        "percent": ["disagreement"],
    }


RULE_DIFFERENCE_FORMATS: dict[str, list[str]] = {
    "ratio": ["mean_score", "limiting_score"],
    "integer": ["staged_level"],
}
"""How :func:`rule_differences`' columns are shown (two decimals: a question at 1.99 has not
reached level 2, and must not read as 2.0)."""


def rule_differences(assessment: Assessment) -> pd.DataFrame:
    """Dimensions where the two rules name different levels: the mean score rounded down
    against the staged level, with the question that holds the staged level back.

    Columns ``dimension, mean_score, mean_level_name, staged_level, staged_level_name,
    limiting_question, limiting_score``, largest difference first (empty when they agree).
    """
    dims = assessment.dimensions.dropna(subset=["mean_score", "staged_level"])
    mean_level = np.floor(dims["mean_score"] + 1e-9).clip(1, 5)
    differ = dims[mean_level != dims["staged_level"]].copy()
    differ["mean_level_name"] = differ["mean_score"].map(level_name)
    differ["staged_level_name"] = differ["staged_level"].map(level_name)
    text = assessment.questions.set_index("question_id")["question"]
    differ["limiting_question"] = [
        f"{q}: {text.get(q, '')}" for q in differ["limiting_question"].astype(str)
    ]
    differ["difference"] = mean_level[differ.index] - differ["staged_level"]
    differ = differ.sort_values("difference", ascending=False, kind="stable")
    columns = [
        "dimension",
        "mean_score",
        "mean_level_name",
        "staged_level",
        "staged_level_name",
        "limiting_question",
        "limiting_score",
    ]
    return differ[columns].reset_index(drop=True)


def scoring_notes(assessment: Assessment) -> tuple[str, ...]:
    """Plain-language sentences saying which rule, role weighting and interval the figures
    use, for the reader of the handout."""
    if assessment.scoring == "staged":
        rule = (
            "Levels follow P3M3's staged rule: a dimension reaches a level only when every one "
            "of its questions has reached it. Each question's answers are averaged, and the "
            "dimension takes the lowest question's score, rounded down to a whole level. The "
            "mean score (the average of all answers on the dimension) is shown beside it: it "
            "moves with smaller improvements, but a strong question can hide a weak one."
        )
    else:
        rule = (
            "Levels are mean scores: the average of all answers on the dimension, between 1 "
            "and 5; the level a score reaches is the score rounded down. P3M3's staged level, "
            "which a dimension reaches only when every one of its questions has, is shown "
            "beside it and is never higher."
        )
    if assessment.role_weights == "equal":
        roles = (
            "Each role counts the same: answers are averaged within each role first, then "
            "across roles, so a role with more respondents does not outweigh the others."
        )
    else:
        roles = "Each respondent counts once, so roles with more respondents weigh more."
    interval = (
        f"The interval is the central {assessment.confidence:.0%} of "
        f"{assessment.n_boot:,} resamples that draw respondents again within each role, "
        "keeping each role's head count: it shows how much the figure could move had other "
        "people in the same roles answered."
    )
    if assessment.scoring == "staged":
        interval += " Staged levels are whole levels, so the interval runs between whole levels."
    return (rule, roles, interval)


def headline(assessment: Assessment) -> dict[str, object]:
    """Headline figures: the scoring rule, mean current level and gap over dimensions
    (levels, under that rule), the largest gap and its dimension, and the role groups shown
    with their sizes (all privacy-safe)."""
    dims = assessment.dimensions.dropna(subset=["gap"])
    top = dims.sort_values("gap", ascending=False, kind="stable").iloc[0] if len(dims) else None
    return {
        "scoring": assessment.scoring,
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


def export_sheets(
    assessment: Assessment | None = None,
    evidence: ValueEvidence | None = None,
    skills: SkillsGap | None = None,
    plan: Roadmap | None = None,
) -> dict[str, pd.DataFrame]:
    """The full tables behind the handout, one sheet each, for the notebook's Excel export
    (the handout shows at most about 30 rows of any list). Parts without data are left out;
    respondent-level answers never are exported."""
    sheets: dict[str, pd.DataFrame] = {}
    if assessment is not None:
        sheets["Dimensions"] = assessment.dimensions.drop(columns=["limiting_score"])
        sheets["Questions"] = assessment.questions
        sheets["Rules compared"] = rule_differences(assessment)
        sheets["By role group"] = assessment.by_role
    if evidence is not None:
        sheets["Evidence by project"] = evidence.projects.rename(columns=EVIDENCE_LABELS)
        sheets["Evidence shares"] = evidence.shares.drop(columns=["check"])
    if skills is not None:
        sheets["Training needs"] = skills.training
        sheets["Skill gaps by team"] = skills.matrix.reset_index()
    if plan is not None:
        sheets["Roadmap"] = plan.table
    return sheets


def privacy_notes(notes: Sequence[str], min_group_size: int) -> HTML:
    """The small-group notes, or a sentence saying that every role is shown on its own."""
    return notes_html(
        notes,
        empty=f"Every role has at least {min_group_size} respondents, so none had to be merged.",
    )
