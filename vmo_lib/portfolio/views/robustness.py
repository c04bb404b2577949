"""Notebook 04, "How robust the decision is to the weights": the borderline projects.

The chart is :func:`vmo_lib.portfolio.charts.decision_robustness`; :func:`robustness_note`
says how far the selections behind it are proven and which projects it leaves out.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from vmo_lib.display.listing import ShownRows
from vmo_lib.portfolio.funding_review import RobustnessReview
from vmo_lib.portfolio.robustness import Robustness
from vmo_lib.portfolio.value import ValueRanking
from vmo_lib.portfolio.views.common import SHOWN_PER_END, block, full_list_link, shown_note, table

__all__ = ["borderline_frame", "borderline_shown", "borderline_table", "robustness_note"]


def robustness_note(review: RobustnessReview) -> HTML:
    """How far the selections are proven, and which projects the chart leaves out."""
    shown = review.shown
    text = review.robust.solver_text + (f" {shown.note}" if shown.note else "")
    return HTML(f"<p>{html.escape(text)}</p>")


def borderline_frame(robust: Robustness, ranking: ValueRanking) -> pd.DataFrame:
    """The borderline projects of a robustness analysis, with name, funded share and ranks."""
    rows = robust.table[robust.table["verdict"] == "borderline"].join(ranking.table[["name"]])
    columns = ["name", "funded_share", "base_rank", "rank_low", "rank_high"]
    return rows.reset_index()[["project_id", *columns]]


def borderline_shown(
    robust: Robustness, ranking: ValueRanking, n: int = SHOWN_PER_END
) -> ShownRows:
    """:func:`borderline_frame` for a handout: whole when it has at most ``2 * n`` rows, else
    the ``2 * n`` least certain (funded share nearest one half), with a note saying so."""
    frame = borderline_frame(robust, ranking)
    total = len(frame)
    if total <= 2 * n:
        return ShownRows(frame, total, False, "")
    doubt = (frame["funded_share"] - 0.5).abs()
    shown = frame.loc[doubt.sort_values(kind="stable").index[: 2 * n]]
    shown = shown.sort_values(["funded_share", "base_rank"], ascending=[False, True])
    note = (
        f"Showing the {2 * n} least certain of {total:,} borderline projects (funded share "
        "nearest one half)."
    )
    return ShownRows(shown.reset_index(drop=True), total, True, note)


def borderline_table(review: RobustnessReview) -> HTML:
    """The borderline projects (the least certain of a long list), then where all are."""
    settings = review.ranked.settings
    shown = borderline_shown(review.robust, review.ranked.ranking)
    caption = (
        f"Borderline projects: funded in some of the {settings.robustness_samples} weight "
        "samples but not in others (ranks among the open projects)"
    )
    styled = table(
        shown.table,
        caption,
        percent=["funded_share"],
        integer=["base_rank", "rank_low", "rank_high"],
    )
    return block(styled, shown_note(shown, full_list_link(settings.exports)))
