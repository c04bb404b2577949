"""Section "People as well as money" of notebook 04: scarce resources and why in, why out.

Takes :class:`~vmo_lib.portfolio.capacity_review.CapacityReview`; the tables and notes
themselves are built by :mod:`vmo_lib.portfolio.capacity_views` (escaped, at most 30 rows).
"""

from __future__ import annotations

import html
from pathlib import Path

from IPython.display import HTML

from vmo_lib.display.listing import export_link_html, quantity_text
from vmo_lib.portfolio.capacity_review import CapacityReview
from vmo_lib.portfolio.capacity_views import (
    capacity_notes,
    explanation_notes,
    explanation_table,
    export_explanation,
)
from vmo_lib.portfolio.views.common import block

__all__ = ["capacity_summary", "explanation", "explanation_export"]


def capacity_summary(review: CapacityReview) -> HTML:
    """What keeping the scarce resources within capacity changes, and which resource binds."""
    within, money = review.decision.selection, review.funding.selection
    sentence = (
        f"Within capacity the best portfolio funds {within.n_selected} projects worth "
        f"{quantity_text(within.total_value)} value points, against {money.n_selected} "
        f"projects and {quantity_text(money.total_value)} points on the money limits alone "
        f"({quantity_text(max(review.value_lost, 0.0))} points the people available cannot "
        "deliver)."
    )
    if review.decision.infeasible:
        sentence += " " + review.decision.note
    uses = list(review.uses.values())
    notes = capacity_notes(uses[-1], uses[0], binding=review.binding)
    return block(f"<p>{html.escape(sentence)}</p>", notes)


def explanation(review: CapacityReview) -> HTML:
    """The borderline projects within capacity: table and steering-committee sentences."""
    scores = review.funding.ranked.ranking.candidates["value_score"].astype(float)
    return block(
        explanation_table(review.explanation, scores),
        explanation_notes(review.explanation, review.cost_break_evens),
    )


def explanation_export(review: CapacityReview, folder: str | Path) -> HTML:
    """Write why each project is in or out (CSV and Excel) and link both files."""
    scores = review.funding.ranked.ranking.candidates["value_score"].astype(float)
    paths = export_explanation(review.explanation, scores, folder, "04_portfolio_why_in_why_out")
    return HTML(
        "<p>Why each project is in or out: "
        + ", ".join(export_link_html(p) for p in paths)
        + "</p>"
    )
