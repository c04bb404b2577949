"""The roadmap part of notebook 01, and the full tables behind the handout."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.display.listing import export_link_html
from vmo_lib.display.tables import format_table
from vmo_lib.maturity.evidence import EVIDENCE_LABELS, SkillsGap, ValueEvidence
from vmo_lib.maturity.roadmap import Roadmap
from vmo_lib.maturity.survey import Assessment
from vmo_lib.maturity.views.labels import DISPLAY_LABELS
from vmo_lib.maturity.views.survey import rule_differences

ROADMAP_COLUMNS: tuple[str, ...] = (
    "rank",
    "move",
    "horizon",
    "dimension",
    "gap",
    "effort",
    "priority",
    "weakest_question",
    "next_step",
)
"""Columns of the roadmap as the handout shows it (the CSV export has every column)."""


def roadmap_table(plan: Roadmap, organisation_name: str) -> Styler:
    """The prioritised roadmap: steps, then the weakest question and its next level."""
    return format_table(
        plan.table[list(ROADMAP_COLUMNS)],
        integer=["rank", "effort"],
        number=["gap", "priority"],
        labels=DISPLAY_LABELS,
        caption=f"{organisation_name}: prioritised roadmap from PMO to VMO",
    )


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


def export_note(path: str | Path) -> HTML:
    """A line linking the Excel export (relative to the handout)."""
    return HTML("Full tables behind this handout: " + export_link_html(path))
