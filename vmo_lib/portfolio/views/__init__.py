"""The tables and notes notebook 04 shows, ready to display, one module per notebook section.

Split by section because one module would hold some 800 lines:

* :mod:`~vmo_lib.portfolio.views.common`: column display names, the shortened-table note,
  joining a table and its notes into one block, the data warnings and the files written;
* :mod:`~vmo_lib.portfolio.views.ranking`: "The value score" (weights, ranking, rules,
  forward financials);
* :mod:`~vmo_lib.portfolio.views.orders`: "The legacy list against the value ranking";
* :mod:`~vmo_lib.portfolio.views.quadrants`: "Value against execution health";
* :mod:`~vmo_lib.portfolio.views.funding`: "The funding decision" (notes, decisions, money
  limits);
* :mod:`~vmo_lib.portfolio.views.frontier`: the frontier's notes, the current portfolio
  against the best one, the what-if result;
* :mod:`~vmo_lib.portfolio.views.robustness`: "How robust the decision is to the weights";
* :mod:`~vmo_lib.portfolio.views.capacity`: "People as well as money" (scarce resources,
  only when the data lists them);
* :mod:`~vmo_lib.portfolio.views.explanation`: "Why each project is in or out" (every
  organisation).

Nothing here computes a new figure: the results come from :mod:`vmo_lib.portfolio.review`
, :mod:`vmo_lib.portfolio.funding_review`, :mod:`vmo_lib.portfolio.capacity_review` and
:mod:`vmo_lib.portfolio.explain_review`. Notebook-facing functions take a result and
return one :class:`IPython.display.HTML` block (a notebook writes
``display(views.ranking_table(ranked))``); helpers ending in ``_frame`` return the plain
table, and those ending in ``_html`` the text of one note.
"""

from vmo_lib.portfolio.views.capacity import capacity_summary, start_table
from vmo_lib.portfolio.views.common import (
    DISPLAY_LABELS,
    SHOWN_PER_END,
    block,
    data_warnings,
    full_list_link,
    shown_note,
    table,
    written_note,
)
from vmo_lib.portfolio.views.explanation import explanation, explanation_export
from vmo_lib.portfolio.views.frontier import (
    WHAT_IF_COLUMNS,
    current_against_best,
    frontier_notes,
    funding_sentence_html,
    proof_note_html,
    what_if_summary,
    what_if_table,
)
from vmo_lib.portfolio.views.funding import (
    DECISION_COLUMNS,
    GREEDY_CAVEAT,
    LIMIT_LABELS,
    LIMITS_INTRO,
    decision_notes,
    decision_rows,
    decision_tables,
    greedy_caveat_html,
    infeasible_html,
    limits_frame,
    limits_table,
    mandatory_html,
    rules_sentence_html,
    selection_sentence_html,
)
from vmo_lib.portfolio.views.orders import (
    comparison_sentence,
    comparison_sentence_html,
    health_sentence,
    health_sentence_html,
    movers_frame,
    movers_table,
)
from vmo_lib.portfolio.views.quadrants import QUADRANT_MEMBERS_SHOWN, quadrant_table
from vmo_lib.portfolio.views.ranking import (
    FINANCIAL_COLUMNS,
    RANKING_COLUMNS,
    criteria_table,
    financial_frame,
    financial_table,
    judgement_warning,
    judgement_warning_html,
    names_text,
    not_scored_html,
    ranking_table,
    rules_paragraph,
    rules_paragraph_html,
    weights_frame,
)
from vmo_lib.portfolio.views.robustness import (
    borderline_frame,
    borderline_shown,
    borderline_table,
    robustness_note,
)

__all__ = [
    "DECISION_COLUMNS",
    "DISPLAY_LABELS",
    "FINANCIAL_COLUMNS",
    "GREEDY_CAVEAT",
    "LIMITS_INTRO",
    "LIMIT_LABELS",
    "QUADRANT_MEMBERS_SHOWN",
    "RANKING_COLUMNS",
    "SHOWN_PER_END",
    "WHAT_IF_COLUMNS",
    "block",
    "borderline_frame",
    "borderline_shown",
    "borderline_table",
    "capacity_summary",
    "comparison_sentence",
    "comparison_sentence_html",
    "criteria_table",
    "current_against_best",
    "data_warnings",
    "decision_notes",
    "decision_rows",
    "decision_tables",
    "explanation",
    "explanation_export",
    "financial_frame",
    "financial_table",
    "frontier_notes",
    "full_list_link",
    "funding_sentence_html",
    "greedy_caveat_html",
    "health_sentence",
    "health_sentence_html",
    "infeasible_html",
    "judgement_warning",
    "judgement_warning_html",
    "limits_frame",
    "limits_table",
    "mandatory_html",
    "movers_frame",
    "movers_table",
    "names_text",
    "not_scored_html",
    "proof_note_html",
    "quadrant_table",
    "ranking_table",
    "robustness_note",
    "rules_paragraph",
    "rules_paragraph_html",
    "rules_sentence_html",
    "selection_sentence_html",
    "shown_note",
    "start_table",
    "table",
    "weights_frame",
    "what_if_summary",
    "what_if_table",
    "written_note",
]
