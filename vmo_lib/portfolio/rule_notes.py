"""Notes notebook 04 shows beside its figures: which rule each uses, and what to be wary of.

Words only, no new figure (dataset text escaped):

* :func:`rules_paragraph`: the forward NPV, mandatory-first and not-scored rules in plain
  words (:data:`vmo_lib.finance.FORWARD_RULE`, :data:`~vmo_lib.portfolio.value.MANDATORY_RULE`,
  :data:`~vmo_lib.portfolio.value.NOT_SCORED_RULE`);
* :func:`mandatory_sentence`: the cost of mandatory work taken off the top of the budget;
* :func:`not_scored_note`: the open projects set apart for want of value scores;
* :func:`judgement_warning`: the weights rest on AHP judgements notebook 02 flags as
  inconsistent (whose, on what), or on an executive who answered only 1 and 9.

>>> extreme_only_executives(pd.DataFrame({"executive": ["A"] * 3 + ["B"] * 3,
...     "judgement": [9, 1 / 9, 1, 9, 3, 1]}))
('A',)
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from vmo_lib.display.listing import quantity_text
from vmo_lib.display.tables import money_short_text
from vmo_lib.finance import FORWARD_RULE
from vmo_lib.portfolio.funding.constraints import FundingConstraints
from vmo_lib.portfolio.value import MANDATORY_RULE, NOT_SCORED_RULE, ValueRanking

__all__ = [
    "EXTREME_VALUES",
    "extreme_only_executives",
    "judgement_warning",
    "mandatory_cost",
    "mandatory_sentence",
    "not_scored_note",
    "rules_paragraph",
]

EXTREME_VALUES: tuple[float, ...] = (1.0, 9.0, 1.0 / 9.0)
"""Saaty answers 'equal' and 'extreme' (either way): an executive who gives only these treats
the 1-9 intensity scale as a yes/no question."""
_SHOWN = 10  # names listed in a sentence before "and N more"


def _names(items: list[str]) -> str:
    shown = ", ".join(items[:_SHOWN])
    return shown + (f" and {len(items) - _SHOWN:,} more" if len(items) > _SHOWN else "")


def rules_paragraph(*, forward: bool, fund_mandatory_first: bool) -> str:
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


def mandatory_cost(ranking: ValueRanking, rules: FundingConstraints) -> float:
    """Money (currency) the mandatory projects funded first still need: what comes off the top
    of the budget (0 when mandatory-first is off or nothing is mandatory)."""
    duties = [p for p in rules.mandatory if p in ranking.table.index]
    return float(ranking.table.loc[duties, "remaining_cost"].sum())


def mandatory_sentence(
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
    names = _names([html.escape(str(i)) for i in open_duties.index])
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


def not_scored_note(ranking: ValueRanking, currency: str | None = None) -> str:
    """HTML paragraph on the open projects left out of the value selection for want of value
    scores ('' when every project is scored)."""
    apart = ranking.not_scored
    if apart.empty:
        return ""
    open_apart = apart[apart["active"] & ~apart["mandatory"]]
    cost = float(open_apart["remaining_cost"].sum())
    names = _names([html.escape(str(i)) for i in apart.index])
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


def extreme_only_executives(judgements: pd.DataFrame, minimum: int = 3) -> tuple[str, ...]:
    """Executives whose every AHP judgement (at least ``minimum``) is 1 or 9 (or 1/9), with at
    least one 9 or 1/9: they used the intensity scale as a yes/no question."""
    if judgements.empty:
        return ()
    values = judgements["judgement"].astype(float).to_numpy()
    extreme = np.isclose(values[:, None], np.array(EXTREME_VALUES)[None, :], rtol=2e-3).any(1)
    strong = ~np.isclose(values, 1.0)
    frame = pd.DataFrame(
        {"who": judgements["executive"].astype(str).to_numpy(), "x": extreme, "s": strong}
    )
    by = frame.groupby("who", sort=False).agg(n=("x", "size"), x=("x", "all"), s=("s", "any"))
    return tuple(by.index[(by["n"] >= minimum) & by["x"] & by["s"]])


def judgement_warning(weights: object, judgements: pd.DataFrame | None = None) -> str:
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
            f"{limit:.2f}): {_names(items)}"
        )
        if not excluded:
            parts[-1] += (
                "; set <code>exclude_inconsistent</code> to leave them out, or take them back to "
                "their authors first"
            )
    extreme = extreme_only_executives(judgements) if judgements is not None else ()
    if extreme:
        parts.append(
            f"{_names([html.escape(e) for e in extreme])} answered only 1 (equal) and 9 "
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
