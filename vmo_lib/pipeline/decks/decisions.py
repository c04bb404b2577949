"""The closing slide's "decisions to take": the notebook's own list, else this module's.

A notebook may list its decisions in its metadata (``"vmo": {"decisions": [...]}``); otherwise
the questions below, one short set per notebook, give the steering committee a starting point
to edit (the deck is editable).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["DECISIONS", "decisions_for"]

#: Closing-slide questions per notebook (file stem), used when the notebook's metadata
#: ``vmo.decisions`` gives none. Short, editable prompts for the steering committee.
DECISIONS: dict[str, tuple[str, ...]] = {
    "00_portfolio_baseline": (
        "Which projects over budget or late need a recovery plan, and who owns each plan?",
        "Which reported statuses (RAG) do the cost and schedule figures contradict?",
        "Which projects must record a promised benefit and an owner before the next review?",
    ),
    "01_pmo_gap_analysis": (
        "Which two or three roadmap moves does the PMO start this quarter?",
        "Who sponsors the move from PMO to VMO, and with what budget and staff?",
        "Which skills gaps are closed by training, and which by hiring?",
    ),
    "02_value_drivers": (
        "Does leadership endorse these driver weights as the basis for ranking projects?",
        "Where executives disagree most, who settles it, and by when?",
        "Which drivers need a clearer definition or measure before the next cycle?",
    ),
    "03_kpi_design": (
        "Which draft KPIs are retired, merged or rewritten?",
        "Which value drivers still lack a value KPI, and who will define one?",
        "Who owns each KPI's data, and how often is it reported?",
    ),
    "04_portfolio_reranking": (
        "Which projects are funded, which are fixed, and which are stopped?",
        "Is the budget line of the funded set accepted, or is it revisited?",
        "Which decisions hold under other weights, and which need a closer look first?",
    ),
    "05_value_realization": (
        "Which benefits at risk get a recovery plan, and from which owner?",
        "Which forecasts are accepted, and which are re-baselined with the business?",
        "Which benefits without evidence must be measured before they are counted?",
    ),
}
_GENERIC_DECISIONS = (
    "What do we decide on the basis of these figures?",
    "Who owns each action, and by when?",
    "What do we need to know before the next review?",
)


def decisions_for(nb: Mapping[str, Any], stem: str | None) -> tuple[str, ...]:
    """The decisions of the notebook ``nb`` (file stem ``stem``)."""
    given = nb.get("metadata", {}).get("vmo", {}).get("decisions")
    if isinstance(given, list) and given:
        return tuple(str(item) for item in given)
    return DECISIONS.get(stem or "", _GENERIC_DECISIONS)
