"""How the funding constraints of notebook 04 read: the money limits table and the notes.

Words only, no new figure: :func:`limits_table` relabels ``Selection.limits``;
:func:`rules_sentence`, :func:`greedy_caveat` and :func:`infeasible_note` return HTML
paragraphs (dataset text escaped) for the rules in force, what the greedy curve ignores and
why no portfolio meets the constraints.

>>> greedy_caveat(FundingConstraints(must_fund=("P-01",)))
''
"""

from __future__ import annotations

import html
import re

import pandas as pd

from vmo_lib.portfolio.funding.constraints import FundingConstraints
from vmo_lib.portfolio.funding.select import Selection

__all__ = [
    "GREEDY_CAVEAT",
    "LIMIT_LABELS",
    "greedy_caveat",
    "infeasible_note",
    "limits_table",
    "rules_sentence",
]


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
"""Display names for :func:`limits_table`."""
GREEDY_CAVEAT = (
    "<p><em>Read the chart with care: the greedy curve honours only the forced in / out "
    "lists. It ignores the dependencies, exclusive options, programme shares and yearly "
    "budgets of this run, so where it is above the frontier it funds a set those "
    "constraints forbid.</em></p>"
)
"""HTML note under a frontier chart drawn with constraints the greedy curve ignores."""


def limits_table(selection: Selection) -> pd.DataFrame:
    """The money limits of a selection in plain words: the budget, each programme's minimum
    or maximum share and each yearly budget, with the amount allowed, what the funded set
    spends, the room left (money; for a minimum, the spend above it) and whether the limit
    **binds** (no left-out project would fit under it; for a minimum, no funded project
    could be dropped). Binding limits first."""
    table = selection.limits.copy()
    table.insert(0, "limit_kind", table["kind"].map(_LIMIT_KINDS).fillna(table["kind"]))
    table["constraint"] = table["constraint"].str.replace(r"^group ", "programme ", regex=True)
    table = table.sort_values("binding", ascending=False, kind="stable")
    return table[list(LIMIT_LABELS)].reset_index(drop=True)


def rules_sentence(rules: FundingConstraints) -> str:
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


def greedy_caveat(rules: FundingConstraints) -> str:
    """HTML paragraph: what the greedy curve ignores, when constraints beyond the forced in /
    out lists are set ('' otherwise)."""
    return GREEDY_CAVEAT if rules.beyond_forced else ""


def infeasible_note(note: str, rules: FundingConstraints | None = None) -> str:
    """HTML note for an :class:`~vmo_lib.portfolio.InfeasibleSelection` message: the
    conflicting constraints as a list, and what the notebook does instead (``rules``: the
    constraints it fell back to, :attr:`vmo_lib.portfolio.decision.FundingDecision.rules`)."""
    lines = [line.strip() for line in note.splitlines() if line.strip()]
    items = "".join(
        f"<li>{html.escape(re.sub(r'^group ', 'programme ', line[2:]))}</li>"
        for line in lines
        if line[:2] == "- "
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
