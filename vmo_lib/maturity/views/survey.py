"""The survey part of notebook 01: the model, the respondents, levels, rules and perception.

>>> from vmo_lib.maturity import load_model
>>> "Maturity model: dimensions" in model_table(load_model()).to_html()
True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import format_table
from vmo_lib.maturity.model import MaturityModel, level_name
from vmo_lib.maturity.perception import Perception
from vmo_lib.maturity.survey import Assessment
from vmo_lib.maturity.views.labels import DISPLAY_LABELS


def model_table(model: MaturityModel) -> Styler:
    """The model's dimensions, the move each belongs to, default weight and effort."""
    return format_table(
        model.dimensions,
        number=["importance"],
        integer=["effort", "questions"],
        labels=DISPLAY_LABELS,
        caption=f"Maturity model: dimensions, moves and default weights ({model.source})",
    )


def respondents_table(assessment: Assessment, as_of: str) -> Styler:
    """Respondents per shown role group (small roles already merged)."""
    return format_table(
        assessment.groups.sizes,
        labels=DISPLAY_LABELS,
        caption=(
            f"Respondents by role group ({assessment.n_respondents} in all, survey of {as_of})"
        ),
    )


def privacy_notes(notes: Sequence[str], min_group_size: int) -> HTML:
    """The small-group notes, or a sentence saying that every role is shown on its own."""
    return notes_html(
        notes,
        empty=f"Every role has at least {min_group_size} respondents, so none had to be merged.",
    )


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


def dimension_table(assessment: Assessment, organisation_name: str) -> Styler:
    """:func:`dimension_view` formatted by :func:`dimension_view_formats`."""
    formats = dimension_view_formats(assessment)
    return format_table(
        dimension_view(assessment),
        integer=formats["integer"],
        ratio=formats["ratio"],
        number=formats["number"],
        percent=formats["percent"],
        labels=DISPLAY_LABELS,
        caption=f"{organisation_name}: current and target maturity by dimension (levels 1-5)",
    )


def rule_differences_table(assessment: Assessment) -> Styler | HTML:
    """:func:`rule_differences` as a table, or a note when the two rules agree everywhere."""
    differences = rule_differences(assessment)
    if differences.empty:
        return notes_html(["The two rules name the same level on every dimension."])
    return format_table(
        differences,
        ratio=RULE_DIFFERENCE_FORMATS["ratio"],
        integer=RULE_DIFFERENCE_FORMATS["integer"],
        labels=DISPLAY_LABELS,
        caption="Dimensions where the mean and the staged rule name different levels",
    )


def perception_table(perception: Perception) -> Styler:
    """Mean current level by compared group and the gap between them, largest first."""
    return format_table(
        perception.table,
        labels=DISPLAY_LABELS,
        caption="Mean current level by role group, and the gap between them (levels)",
    )
