"""Section "People as well as money" of notebook 04: scarce resources (only when the data
has ``resource_demand`` and ``resource_capacity``).

Takes :class:`~vmo_lib.portfolio.capacity_review.CapacityReview`: :func:`capacity_summary`
says what keeping the resources within capacity changes, which resource binds and where the
current portfolio needs more than there is (:func:`capacity_notes`, escaped);
:func:`start_table` lists the funded projects that start late (setting ``max_deferral``).
"""

from __future__ import annotations

import html
from collections.abc import Hashable

import pandas as pd
from IPython.display import HTML

from vmo_lib.display.listing import quantity_text
from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import format_table
from vmo_lib.portfolio.capacity_review import CapacityReview
from vmo_lib.portfolio.funding.capacity import binding_resources
from vmo_lib.portfolio.views.common import block

__all__ = ["START_LABELS", "capacity_notes", "capacity_summary", "start_table"]

START_LABELS: dict[str, str] = {
    "project_id": "Project",
    "name": "Name",
    "stage": "Stage",
    "planned_start": "Planned start (year)",
    "start_delay": "Starts late by (years)",
    "starts": "Starts (year)",
}
"""Display names of the columns of :func:`start_table`."""


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
    if review.max_deferral:
        late = int((review.starts["start_delay"] > 0).sum())
        years = f"{review.max_deferral} year{'s' if review.max_deferral > 1 else ''}"
        sentence += (
            f" A project not started yet may start up to {years} later to fit (setting "
            "max_deferral): "
            + (
                f"{late} of the funded projects start late (table below)."
                if late
                else "none of the funded projects needs to."
            )
        )
    if review.decision.infeasible:
        sentence += " " + review.decision.note
    uses = list(review.uses.values())
    notes = capacity_notes(uses[-1], uses[0], binding=review.binding)
    return block(f"<p>{html.escape(sentence)}</p>", notes)


def start_table(review: CapacityReview, n: int = 30) -> HTML:
    """The funded projects that start later than planned to fit capacity, with the year each
    starts (longest delay first, at most ``n`` rows); nothing when every funded project
    starts as planned (the why-in, why-out export gives every funded project's start)."""
    starts = review.starts
    late = starts[starts["start_delay"] > 0]
    if late.empty:
        return HTML("")
    candidates = review.funding.ranked.ranking.candidates
    frame = late.join(candidates[["name", "stage"]], how="left")
    frame = frame.reset_index()[list(START_LABELS)]
    shown = frame.head(n).astype({"planned_start": "string", "starts": "string"})
    caption = "Funded projects that start later than planned, to fit capacity"
    if len(frame) > n:
        caption += f" ({n} of {len(frame)}; every one in the why-in, why-out export)"
    return block(format_table(shown, labels=START_LABELS, caption=caption))


def _pairs(pairs: list[tuple[Hashable, ...]]) -> str:
    by_resource: dict[str, list[str]] = {}
    for resource, period in pairs:
        by_resource.setdefault(str(resource), []).append(str(period))
    return "; ".join(f"{r} in {', '.join(p)}" for r, p in by_resource.items())


def capacity_notes(
    recommended: pd.DataFrame,
    current: pd.DataFrame | None = None,
    unit: str = "FTE",
    binding: list[tuple[Hashable, ...]] | None = None,
) -> HTML:
    """Which resources bind for the recommended portfolio, and where the current one is over.

    ``recommended`` / ``current``: :func:`~vmo_lib.portfolio.funding.capacity.capacity_use`
    tables; ``binding``: the (resource, period) limits that bind (no project left out would
    fit within them, as the selection's ``limits`` say; None: those used to the full).
    Resource names come from the data and are escaped.
    """
    notes = []
    full = binding_resources(recommended) if binding is None else binding
    if full:
        notes.append(
            "These resources bind for the recommended portfolio (no project left out would "
            f"fit within what is left of them): {_pairs(full)}."
        )
    else:
        notes.append("No scarce resource binds for the recommended portfolio.")
    if current is not None:
        over = current[current["over"]]
        if len(over):
            worst = over.assign(gap=over["demand"] - over["capacity"]).nlargest(1, "gap").iloc[0]
            where = _pairs(list(zip(over["resource"], over["period"], strict=True)))
            notes.append(
                f"The current portfolio needs more than there is in {len(over)} "
                f"resource-period{'s' if len(over) > 1 else ''}: {where} (the largest gap: "
                f"{worst['demand']:,.1f} {unit} of {worst['resource']} needed in "
                f"{worst['period']} against {worst['capacity']:,.1f})."
            )
        else:
            notes.append("The current portfolio stays within every capacity.")
    notes.append(
        "Rule: a cell is demand / capacity of the funded projects in that period, in "
        f"{unit}; a project deferred by the optimisation counts in its later periods."
    )
    return notes_html(notes)
