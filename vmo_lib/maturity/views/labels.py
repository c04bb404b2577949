"""Plain-language column headers for every table and export of notebook 01."""

from __future__ import annotations

from vmo_lib.maturity.evidence import EVIDENCE_LABELS

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


EXPORT_LABELS: dict[str, str] = {**DISPLAY_LABELS, **EVIDENCE_LABELS}
"""Headers of the Excel export (the evidence flags by project included)."""
