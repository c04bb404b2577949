"""Notebook 04, the frontier, the current portfolio against the best one, and the what-if.

* :func:`frontier_notes`: under the frontier chart, what the greedy curve ignores, the gap
  at the budget and how far the answers are proven;
* :func:`current_against_best`: what spending the current portfolio's money by value
  changes, and the projects that come in and go out;
* :func:`what_if_summary` and :func:`what_if_table`: the what-if panel's result (live, or
  its static stand-in in a handout).
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
from IPython.display import HTML

from vmo_lib.display.listing import top_and_bottom
from vmo_lib.display.tables import money_text
from vmo_lib.portfolio.decision import FundingComparison
from vmo_lib.portfolio.frontier import frontier_status_text
from vmo_lib.portfolio.funding.select import Selection, status_text
from vmo_lib.portfolio.funding_review import FrontierReview, FundingReview
from vmo_lib.portfolio.views.common import SHOWN_PER_END, block, full_list_link, shown_note, table
from vmo_lib.portfolio.views.funding import greedy_caveat_html

__all__ = [
    "WHAT_IF_COLUMNS",
    "current_against_best",
    "frontier_notes",
    "funding_sentence_html",
    "proof_note_html",
    "what_if_summary",
    "what_if_table",
]

WHAT_IF_COLUMNS = ["project_id", "name", "stage", "value_score", "value_rank"]
WHAT_IF_COLUMNS += ["remaining_cost", "decision"]
"""Columns of the what-if table."""


def proof_note_html(selection: Selection, frontier: pd.DataFrame) -> str:
    """A paragraph (HTML, escaped) saying how far the funded set (a
    :class:`~vmo_lib.portfolio.Selection`) and the frontier are proven: "optimal", or within
    how much of the best possible, found in the time limit."""
    text = (
        f"How exact: the recommended funded set is {status_text(selection)}. "
        f"{frontier_status_text(frontier)}"
    )
    return f"<p>{html.escape(text)}</p>"


def frontier_notes(review: FrontierReview) -> HTML:
    """What the greedy curve ignores (when constraints beyond forced in / out are set), the
    greedy curve against the optimum at the budget, and how far both are proven."""
    funding = review.funding
    return block(
        greedy_caveat_html(funding.decision.rules),
        f"<p>{html.escape(review.gap.explanation)}</p>",
        proof_note_html(funding.selection, review.frontier),
    )


def funding_sentence_html(result: FundingComparison, currency: str | None = None) -> str:
    """HTML paragraph: what the optimal portfolio gains over the current one, same budget."""
    added = int((result.moves["change"] == "added").sum())
    dropped = int((result.moves["change"] == "dropped").sum())
    share = result.value_gained_share
    gain = f" ({share:+.0%})" if np.isfinite(share) else ""
    return (
        f"<p>The current portfolio ({len(result.current)} projects approved or in flight) still "
        f"needs {money_text(result.current_cost, currency)} and is worth "
        f"{result.current_value:,.1f} value points. Spending the same money by value buys "
        f"<strong>{result.optimal_value:,.1f} points{gain}</strong> with "
        f"{len(result.optimal)} projects, for {money_text(result.optimal_cost, currency)}: "
        f"{added} project(s) come in and {dropped} go out.</p>"
    )


def current_against_best(funding: FundingReview) -> HTML:
    """What the same money spent by value buys, and the projects in and out."""
    current = funding.decision.comparison
    moves = top_and_bottom(current.moves.reset_index(), SHOWN_PER_END, what="projects")
    styled = table(
        moves.table,
        "Projects in and out when the same money is spent by value",
        integer=["value_rank"],
        number=["value_score"],
        money=["remaining_cost"],
        labels={"change": "In or out"},
    )
    link = full_list_link(funding.ranked.settings.exports)
    return block(funding_sentence_html(current), styled, shown_note(moves, link))


def what_if_summary(
    n_funded: int,
    n_open: int,
    budget: float,
    total_value: float,
    total_cost: float,
    status: str,
    currency: str | None = None,
) -> HTML:
    """One line: how many projects are funded within the budget, their value and cost, and
    how far the selection is proven."""
    return HTML(
        f"<p><strong>{n_funded} of {n_open} projects funded</strong> within "
        f"{money_text(budget, currency)}: total value "
        f"{total_value:,.1f} points for {money_text(total_cost, currency)} "
        f"({html.escape(status)}).</p>"
    )


def what_if_table(projects: pd.DataFrame, top: int) -> HTML:
    """The ``top`` projects open to funding by value, with their decision (``projects``: a
    what-if's table, index ``project_id``)."""
    frame = projects.head(top).reset_index()[WHAT_IF_COLUMNS]
    caption = f"Top {min(top, len(projects))} projects open to funding, by value"
    return HTML(
        table(
            frame,
            caption,
            money=["remaining_cost"],
            number=["value_score"],
            integer=["value_rank"],
        ).to_html()
    )
