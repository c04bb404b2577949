"""Notebook 04, "The value score": the weights, the ranking, the rules and the financials.

Each notebook-facing function takes a :class:`~vmo_lib.portfolio.review.RankedPortfolio` and
returns one ready HTML block (tables formatted, dataset text escaped). The wording helpers
ending in ``_html`` return the HTML text of one note, for other callers and tests.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from vmo_lib.display.listing import quantity_text, top_and_bottom
from vmo_lib.display.tables import money_short_text
from vmo_lib.finance import FORWARD_RULE
from vmo_lib.portfolio.review import RankedPortfolio, extreme_only_executives
from vmo_lib.portfolio.scoring import Criteria
from vmo_lib.portfolio.value import MANDATORY_RULE, NOT_SCORED_RULE, ValueRanking
from vmo_lib.portfolio.views.common import SHOWN_PER_END, block, full_list_link, shown_note, table

__all__ = [
    "FINANCIAL_COLUMNS",
    "RANKING_COLUMNS",
    "criteria_table",
    "financial_frame",
    "financial_table",
    "judgement_warning",
    "judgement_warning_html",
    "names_text",
    "not_scored_html",
    "ranking_table",
    "rules_paragraph",
    "rules_paragraph_html",
    "weights_frame",
]

RANKING_COLUMNS: list[str] = [
    "project_id",
    "name",
    "stage",
    "rag_status",
    "mandatory",
    "legacy_priority",
    "value_rank",
    "value_score",
    "probability",
    "remaining_cost",
]
"""Columns of the value ranking table shown in the notebook."""
FINANCIAL_COLUMNS: list[str] = [
    "project_id",
    "name",
    "stage",
    "remaining_cost",
    "npv",
    "benefit_cost_ratio",
    "irr",
    "irr_note",
]
"""Columns of the forward financial view shown in the notebook."""
_SHOWN = 10  # names listed in a sentence before "and N more"


def names_text(items: list[str]) -> str:
    """The first ten of ``items``, comma separated, then "and N more"."""
    shown = ", ".join(items[:_SHOWN])
    return shown + (f" and {len(items) - _SHOWN:,} more" if len(items) > _SHOWN else "")


def judgement_warning_html(weights: object, judgements: pd.DataFrame | None = None) -> str:
    """HTML warning when the weights rest on AHP judgements notebook 02 flags: an executive's
    consistency ratio above the limit (CR > 0.10; says whose, on what, and whether it was
    left out) and executives who answered only 1 and 9. '' when there is nothing to say or
    the weights are not from AHP. ``weights`` is a :class:`vmo_lib.drivers.DriverWeights`."""
    if getattr(weights, "method", "") != "ahp":
        return ""
    flagged = weights.flagged()  # type: ignore[attr-defined]
    excluded = set(weights.excluded)  # type: ignore[attr-defined]
    limit = float(weights.consistency_limit)  # type: ignore[attr-defined]
    parts = []
    if len(flagged):
        items = []
        for row in flagged.itertuples():
            fate = "left out" if (row.parent, row.executive) in excluded else "kept in the weights"
            items.append(
                f"{html.escape(str(row.executive))} on the {html.escape(str(row.comparing))} "
                f"(CR {row.consistency_ratio:.2f}, {fate})"
            )
        parts.append(
            f"Notebook 02 flags judgements as inconsistent (consistency ratio above "
            f"{limit:.2f}): {names_text(items)}"
        )
        if not excluded:
            parts[-1] += (
                "; set <code>exclude_inconsistent</code> to leave them out, or take them back to "
                "their authors first"
            )
    extreme = extreme_only_executives(judgements) if judgements is not None else ()
    if extreme:
        parts.append(
            f"{names_text([html.escape(e) for e in extreme])} answered only 1 (equal) and 9 "
            "(extreme): the 1-9 scale used as a yes/no question exaggerates the weights; ask "
            "for graded answers"
        )
    if not parts:
        return ""
    return (
        '<div style="border-left:4px solid #E69F00;padding:0.2em 1em;margin:1em 0">'
        "<p><strong>The weights rest on judgements to revisit.</strong> "
        + "; ".join(parts)
        + f". The ranking below uses them as they are ({quantity_text(len(flagged))} flagged "
        "judgement set(s)).</p></div>"
    )


def judgement_warning(ranked: RankedPortfolio) -> HTML:
    """The warning of :func:`judgement_warning_html` on the review's weights."""
    return HTML(judgement_warning_html(ranked.weights, ranked.judgements))


def weights_frame(criteria: Criteria, names: pd.Series | None = None) -> pd.DataFrame:
    """One row per criterion: id, name, kind (driver or financial), weight; largest first."""
    frame = pd.DataFrame(
        {
            "criterion": criteria.weights.index.astype(str),
            "name": [
                str(names.get(c, c)) if names is not None else str(c)
                for c in criteria.weights.index
            ],
            "kind": criteria.kind.reindex(criteria.weights.index).to_numpy(),
            "weight": criteria.weights.to_numpy(float),
        }
    )
    return frame.sort_values("weight", ascending=False, kind="stable").reset_index(drop=True)


def criteria_table(ranked: RankedPortfolio) -> HTML:
    """Which weighting method and why (the sentence of
    :func:`vmo_lib.drivers.choose_weighting`, as in notebook 02), then the criteria and their
    weights, largest first (top and bottom of a long list)."""
    shown = top_and_bottom(
        weights_frame(ranked.ranking.criteria, ranked.driver_names), what="criteria"
    )
    caption = f"Criteria and their weights ({ranked.settings.weighting} weighting)"
    reason = f"<p>{html.escape(ranked.weighting_reason)}</p>" if ranked.weighting_reason else ""
    return block(reason, table(shown.table, caption, percent=["weight"]), shown_note(shown))


def not_scored_html(ranking: ValueRanking, currency: str | None = None) -> str:
    """HTML paragraph on the open projects left out of the value selection for want of value
    scores ('' when every project is scored)."""
    apart = ranking.not_scored
    if apart.empty:
        return ""
    open_apart = apart[apart["active"] & ~apart["mandatory"]]
    cost = float(open_apart["remaining_cost"].sum())
    names = names_text([html.escape(str(i)) for i in apart.index])
    text = (
        f"<p><strong>Not scored:</strong> {len(apart):,} project(s) have no value scores "
        f"(no rows in project_contributions): {names}. Their value is unknown, not zero, so "
        "they have no value score or rank, are left out of the rank comparison, and are never "
        "told to stop or cancel."
    )
    duties = apart[apart["active"] & apart["mandatory"]]
    if len(duties):
        what = "is an open mandatory project" if len(duties) == 1 else "are open mandatory projects"
        text += f" {len(duties):,} of them {what}: funded as duties, whatever their value."
    if len(open_apart):
        text += (
            f" The other {len(open_apart):,} still open need "
            f"{money_short_text(cost, currency)}, which is outside this funding decision "
            "(and outside the default budget): score them, then run the decision again."
        )
    return text + "</p>"


def ranking_table(ranked: RankedPortfolio) -> HTML:
    """The projects open to funding by value, the note on what is shown, and the projects
    set apart for want of value scores."""
    ranking = ranked.ranking
    shown = top_and_bottom(
        ranking.candidates.reset_index()[RANKING_COLUMNS],
        SHOWN_PER_END,
        what="projects open to funding",
    )
    styled = table(
        shown.table,
        "Projects open to funding, by value (rank among all projects)",
        number=["value_score"],
        integer=["legacy_priority", "value_rank"],
        percent=["probability"],
        yes_no=["mandatory"],
        money=["remaining_cost"],
    )
    link = full_list_link(ranked.settings.exports)
    return block(styled, shown_note(shown, link), not_scored_html(ranking))


def rules_paragraph_html(*, forward: bool, fund_mandatory_first: bool) -> str:
    """HTML list: the rules the figures of notebook 04 use (forward NPV only when the
    financial criteria are in play, i.e. ``forward``)."""
    items = []
    if forward:
        items.append(f"<strong>Forward NPV.</strong> {html.escape(FORWARD_RULE)}")
    mandatory = MANDATORY_RULE
    if not fund_mandatory_first:
        mandatory += (
            " In this run mandatory-first is switched off (fund_mandatory_first): mandatory "
            "projects compete on value, but are still never recommended for stopping."
        )
    items.append(f"<strong>Mandatory first.</strong> {html.escape(mandatory)}")
    items.append(f"<strong>Not scored.</strong> {html.escape(NOT_SCORED_RULE)}")
    return (
        "<p>Rules the figures below use:</p><ul>"
        + "".join(f"<li>{item}</li>" for item in items)
        + "</ul>"
    )


def rules_paragraph(ranked: RankedPortfolio) -> HTML:
    """The rules of :func:`rules_paragraph_html` for this review (forward NPV when the data
    has cash flows)."""
    return HTML(
        rules_paragraph_html(
            forward="npv" in ranked.ranking.table.columns,
            fund_mandatory_first=ranked.settings.fund_mandatory_first,
        )
    )


def financial_frame(ranking: ValueRanking) -> pd.DataFrame:
    """The open projects with their forward NPV, benefit-cost ratio and IRR (with the IRR's
    note, e.g. that a higher IRR is worse for borrowing-type flows), highest NPV first.
    Empty when the data has no cash flows."""
    if "npv" not in ranking.table.columns:
        return pd.DataFrame(columns=FINANCIAL_COLUMNS)
    frame = ranking.active.sort_values("npv", ascending=False, kind="stable")
    return frame.reset_index()[FINANCIAL_COLUMNS]


def financial_table(ranked: RankedPortfolio) -> HTML:
    """The forward financials of the open projects at the data date (empty without cash
    flows)."""
    if "npv" not in ranked.ranking.table.columns:
        return HTML("")
    settings = ranked.settings
    shown = top_and_bottom(
        financial_frame(ranked.ranking),
        SHOWN_PER_END,
        by="npv",
        what="open projects",
        by_label="forward NPV",
    )
    styled = table(
        shown.table,
        f"Forward financials of the open projects at {settings.as_of}, "
        f"{settings.discount_rate:.0%} a year "
        "(IRR note: why an IRR is missing, or that a higher one is worse)",
        money=["remaining_cost", "npv"],
        ratio=["benefit_cost_ratio"],
        percent=["irr"],
        labels={"npv": "Forward NPV"},
    )
    return block(styled, shown_note(shown, full_list_link(settings.exports)))
