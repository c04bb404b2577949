"""Notebook 04, "The funding decision": what the money buys, the mandatory work taken off the
top, the rules in force, the decisions and the money limits.

Each notebook-facing function takes a :class:`~vmo_lib.portfolio.funding_review.FundingReview`
and returns one HTML block; the wording helpers ending in ``_html`` return the text of one
note (dataset text escaped).

>>> greedy_caveat_html(FundingConstraints(must_fund=("P-01",)))
''
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
from IPython.display import HTML

from vmo_lib.display.listing import top_and_bottom
from vmo_lib.display.tables import money_short_text, money_text
from vmo_lib.portfolio.funding.constraints import FundingConstraints
from vmo_lib.portfolio.funding.select import Selection
from vmo_lib.portfolio.funding_review import (
    FundingReview,
    decision_totals,
    programme_totals,
    programme_words,
)
from vmo_lib.portfolio.value import ValueRanking
from vmo_lib.portfolio.views.common import SHOWN_PER_END, block, full_list_link, shown_note, table
from vmo_lib.portfolio.views.ranking import names_text

__all__ = [
    "DECISION_COLUMNS",
    "GREEDY_CAVEAT",
    "LIMITS_INTRO",
    "LIMIT_LABELS",
    "decision_notes",
    "decision_rows",
    "decision_tables",
    "greedy_caveat_html",
    "infeasible_html",
    "limits_frame",
    "limits_table",
    "mandatory_html",
    "rules_sentence_html",
    "selection_sentence_html",
]

DECISION_COLUMNS: list[str] = [
    "project_id",
    "name",
    "stage",
    "mandatory",
    "value_rank",
    "value_score",
    "remaining_cost",
    "decision",
]
"""Columns of the funding decision table shown in the notebook."""
_LIMIT_KINDS = {
    "budget": "Total budget",
    "group_min": "Programme minimum",
    "group_max": "Programme maximum",
    "yearly_budget": "Yearly budget",
}
LIMIT_LABELS: dict[str, str] = {
    "limit_kind": "Limit",
    "constraint": "Rule",
    "limit": "Amount allowed",
    "used": "Spent by the funded set",
    "slack": "Room left",
    "binding": "Binds",
}
"""Display names for :func:`limits_frame`."""
LIMITS_INTRO = (
    "<p>Which limits shape the answer? A limit <strong>binds</strong> when the funded "
    "set has no room under it for any project left out (for a minimum: when no funded "
    "project could be dropped without going below it). Relaxing a binding limit is the "
    "way to buy more value; a limit with room left costs nothing.</p>"
)
"""The paragraph above the money limits table."""
GREEDY_CAVEAT = (
    "<p><em>Read the chart with care: the greedy curve honours only the forced in / out "
    "lists. It ignores the dependencies, exclusive options, programme shares and yearly "
    "budgets of this run, so where it is above the frontier it funds a set those "
    "constraints forbid.</em></p>"
)
"""HTML note under a frontier chart drawn with constraints the greedy curve ignores."""
_SPENT = {"cost": "Still to spend on the funded projects"}


def infeasible_html(note: str, rules: FundingConstraints | None = None) -> str:
    """HTML note for an :class:`~vmo_lib.portfolio.InfeasibleSelection` message: the
    conflicting constraints as a list, and what the notebook does instead (``rules``: the
    constraints it fell back to, :attr:`vmo_lib.portfolio.decision.FundingDecision.rules`)."""
    lines = [line.strip() for line in note.splitlines() if line.strip()]
    items = "".join(
        f"<li>{html.escape(programme_words(line[2:]))}</li>" for line in lines if line[:2] == "- "
    )
    rest = " ".join(html.escape(line) for line in lines[1:] if line[:2] != "- ")
    if rules is not None and rules.mandatory:
        instead = (
            "<p>The rest of this handout therefore decides with <strong>only the mandatory "
            "projects forced in</strong> (no other forced projects, dependencies, exclusive "
            "options, programme shares or yearly budgets). Change the settings and run it "
            "again.</p>"
        )
    else:
        instead = (
            "<p>The rest of this handout therefore decides <strong>without any of the funding "
            "constraints</strong> (no forced projects, dependencies, exclusive options, "
            "programme shares or yearly budgets). Change the settings and run it again.</p>"
        )
    return (
        '<div style="border-left:4px solid #D55E00;padding:0.2em 1em;margin:1em 0">'
        "<p><strong>No portfolio meets all the funding constraints of this run.</strong> "
        f"These conflict (dropping or relaxing any one of them removes the conflict):</p>"
        f"<ul>{items}</ul>{f'<p>{rest}</p>' if rest else ''}{instead}</div>"
    )


def selection_sentence_html(
    selection: Selection, budget: float, n_open: int, currency: str | None = None
) -> str:
    """HTML paragraph: the budget and what the selection funds with it."""
    return (
        f"<p>Budget: <strong>{money_text(budget, currency)}</strong>. Funded: "
        f"<strong>{len(selection.selected)}</strong> of {n_open} open projects, "
        f"{selection.total_value:,.1f} value points for "
        f"{money_text(selection.total_cost, currency)}.</p>"
    )


def mandatory_html(
    ranking: ValueRanking,
    rules: FundingConstraints,
    budget: float,
    *,
    column_present: bool = True,
    currency: str | None = None,
) -> str:
    """HTML paragraph: the open mandatory projects and the money they take off the top of
    ``budget`` (currency), or why there are none."""
    open_duties = ranking.candidates[ranking.candidates["mandatory"]]
    if not column_present:
        return (
            "<p>The data has no <code>mandatory</code> column on its projects, so no project "
            "is treated as a legal, regulatory or safety duty; name such projects in "
            "<code>must_fund</code>, or add the column.</p>"
        )
    if open_duties.empty:
        return "<p>No open project is flagged as mandatory in the data.</p>"
    cost = float(open_duties["remaining_cost"].sum())
    names = names_text([html.escape(str(i)) for i in open_duties.index])
    count = f"{len(open_duties):,} open mandatory project(s) ({names})"
    if not rules.mandatory:
        return (
            f"<p>{count} still need {money_short_text(cost, currency)}. Mandatory-first is "
            "switched off in this run, so they compete on value like the others; a mandatory "
            "project left out reads <em>mandatory: fund, minimise cost</em>, never stop.</p>"
        )
    left = budget - cost
    if left < 0:
        rest = (
            f"That is more than the budget of {money_short_text(budget, currency)}: the "
            "budget cannot cover the legal duties."
        )
    else:
        share = f" ({cost / budget:.0%})" if budget > 0 else ""
        rest = (
            f"That comes off the top of the budget of {money_short_text(budget, currency)}"
            f"{share}, leaving <strong>{money_short_text(left, currency)}</strong> to "
            "allocate by value."
        )
    return (
        f"<p><strong>Mandatory work first.</strong> {count}, legal, regulatory or safety "
        f"duties, still need <strong>{money_short_text(cost, currency)}</strong> and are "
        f"funded whatever their value score. {rest}</p>"
    )


def rules_sentence_html(rules: FundingConstraints) -> str:
    """HTML paragraph listing the dependency and exclusive rules in force ('' when none)."""
    parts = []
    if rules.requires:
        pairs = ", ".join(f"{a} needs {b}" for a, b in rules.requires)
        parts.append(f"dependencies ({pairs})")
    if rules.exclusive:
        groups = "; ".join(" or ".join(g) for g in rules.exclusive)
        parts.append(f"at most one of each exclusive group ({groups})")
    if not parts:
        return ""
    return f"<p>The selection honours {html.escape(' and '.join(parts))}.</p>"


def greedy_caveat_html(rules: FundingConstraints) -> str:
    """HTML paragraph: what the greedy curve ignores, when constraints beyond the forced in /
    out lists are set ('' otherwise)."""
    return GREEDY_CAVEAT if rules.beyond_forced else ""


def decision_notes(funding: FundingReview) -> HTML:
    """Why the constraints were dropped (when they conflict), what the budget buys, the
    mandatory work taken off the top and the dependency and exclusive rules in force."""
    decision, ranked = funding.decision, funding.ranked
    return block(
        infeasible_html(decision.note, decision.rules) if decision.infeasible else "",
        selection_sentence_html(funding.selection, decision.budget, len(funding.values)),
        mandatory_html(
            ranked.ranking,
            decision.rules,
            decision.budget,
            column_present=ranked.mandatory_column,
        ),
        rules_sentence_html(decision.rules),
    )


def decision_rows(funded: pd.DataFrame) -> pd.DataFrame:
    """The :data:`DECISION_COLUMNS` of the projects the value selection weighed (scored or
    mandatory), best value first; projects without scores are listed apart."""
    weighed = funded[funded["scored"].astype(bool) | funded["mandatory"].astype(bool)]
    return weighed.reset_index()[DECISION_COLUMNS]


def decision_tables(funding: FundingReview) -> HTML:
    """The decisions at this budget, the funded set by programme (and by investment category
    when the data has one) and the decision for each project weighed by value."""
    funded, budget = funding.funded, funding.decision.budget
    as_of = funding.ranked.settings.as_of
    totals = {"integer": ["projects", "n_selected"], "money": ["cost"], "labels": _SPENT}
    parts: list[Any] = [
        table(
            decision_totals(funded),
            f"Recommended decisions at this budget (money still to spend as of {as_of})",
            integer=["projects"],
            money=["cost"],
        ),
        table(
            top_and_bottom(programme_totals(funded, budget), what="programmes").table,
            "The funded set by programme",
            percent=["share_of_budget"],
            **totals,
        ),
    ]
    if funded["investment_category"].notna().any():
        parts.append(
            table(
                programme_totals(funded, budget, by="investment_category"),
                "The funded set by investment category (run, grow or transform)",
                percent=["share_of_budget"],
                **totals,
            )
        )
    decided = top_and_bottom(decision_rows(funded), SHOWN_PER_END, what="projects weighed by value")
    parts.append(
        table(
            decided.table,
            "Recommended decision for each open project weighed by value, best value "
            "first (projects without value scores are named under the ranking above)",
            integer=["value_rank"],
            number=["value_score"],
            money=["remaining_cost"],
            yes_no=["mandatory"],
        )
    )
    parts.append(shown_note(decided, full_list_link(funding.ranked.settings.exports)))
    return block(*parts)


def limits_frame(selection: Selection) -> pd.DataFrame:
    """The money limits of a selection in plain words: the budget, each programme's minimum
    or maximum share and each yearly budget, with the amount allowed, what the funded set
    spends, the room left (money; for a minimum, the spend above it) and whether the limit
    **binds** (no left-out project would fit under it; for a minimum, no funded project
    could be dropped). Binding limits first."""
    frame = selection.limits.copy()
    frame.insert(0, "limit_kind", frame["kind"].map(_LIMIT_KINDS).fillna(frame["kind"]))
    frame["constraint"] = frame["constraint"].map(programme_words)
    frame = frame.sort_values("binding", ascending=False, kind="stable")
    return frame[list(LIMIT_LABELS)].reset_index(drop=True)


def limits_table(funding: FundingReview) -> HTML:
    """Which money limits shape the answer: the paragraph on binding limits and the table
    of :func:`limits_frame`."""
    styled = table(
        limits_frame(funding.selection),
        "Money limits of the funded set (binding ones first)",
        money=["limit", "used", "slack"],
        yes_no=["binding"],
        labels=LIMIT_LABELS,
    )
    return block(LIMITS_INTRO, styled)
