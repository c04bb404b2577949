"""Notebook 04's tables and notes for scarce resources and the why-in / why-out explanation.

Ready to display: :func:`capacity_notes` says in words which resource binds (for the
recommended portfolio) and where the current portfolio needs more than there is;
:func:`explanation_table` shows the borderline projects (smallest forced change first, at
most ``n`` rows) and
:func:`explanation_notes` the sentences a steering committee reads; :func:`export_explanation`
writes the explanation of every project to CSV and Excel with the project's atomic,
formula-neutralised writers. Kept beside :mod:`.views` until notebook 04's reshaping is
merged (then it can move into it).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import format_table, write_csv, write_excel
from vmo_lib.portfolio.funding.capacity import binding_resources
from vmo_lib.portfolio.funding.explain_text import steering_sentences

__all__ = [
    "EXPLANATION_LABELS",
    "capacity_notes",
    "explanation_notes",
    "explanation_table",
    "export_explanation",
]

EXPLANATION_LABELS: dict[str, str] = {
    "funded": "Funded",
    "reason": "Why",
    "value": "Value score",
    "break_even_value": "Break-even value score",
    "forced_change": "Value lost if decided the other way",
    "start_delay": "Starts late by (periods)",
}
"""Display names of the explanation columns (tables and exports)."""


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


def _with_values(table: pd.DataFrame, values: pd.Series) -> pd.DataFrame:
    frame = table.assign(value=values.reindex(table.index).to_numpy(float))
    frame.index.name = "project_id"
    return frame.reset_index()


def explanation_table(table: pd.DataFrame, values: pd.Series, n: int = 12) -> Styler:
    """The borderline projects of an :func:`explain_selection` table (smallest forced change
    first), with their value score, reason and break-even value, formatted for a handout."""
    explained = table[table["explained"] & np.isfinite(table["forced_change"])]
    frame = _with_values(explained, values)
    columns = ["project_id", "funded", "reason", "value", "break_even_value", "forced_change"]
    columns += ["start_delay"] if "start_delay" in frame else []
    shown = frame[columns].nsmallest(n, "forced_change")
    caption = "Borderline projects: the decisions closest to changing"
    if len(frame) > n:
        caption += f" (the {n} of {len(frame)} explained projects with the least value at stake)"
    return format_table(
        shown,
        yes_no=["funded"],
        number=["value", "break_even_value", "forced_change"],
        labels={"project_id": "Project", **EXPLANATION_LABELS},
        caption=caption,
    )


def explanation_notes(
    table: pd.DataFrame,
    cost_break_evens: Mapping[Hashable, float | None] | None = None,
    n: int = 5,
    currency: str | None = None,
) -> HTML:
    """Steering-committee sentences for the ``n`` projects closest to changing, and the note
    on what the figures cover (escaped)."""
    rows = table[table["explained"] & np.isfinite(table["forced_change"])]
    rows = rows.nsmallest(n, "forced_change")
    sentences = list(steering_sentences(rows, cost_break_evens, currency=currency))
    rule = (
        "Rule: a project's break-even value score is the score at which the best portfolio "
        "would decide the other way, everything else unchanged; each is found by solving the "
        "portfolio again with the project forced in or out."
    )
    return notes_html([*sentences, rule, str(table.attrs.get("note", ""))])


def export_explanation(
    table: pd.DataFrame, values: pd.Series, folder: str | Path, stem: str = "why_in_why_out"
) -> tuple[Path, Path]:
    """The explanation of every project as ``<stem>.csv`` and ``<stem>.xlsx`` in ``folder``
    (atomic, formula-neutralised writers); returns both paths."""
    frame = _with_values(table, values)
    folder = Path(folder)
    labels = {"project_id": "Project", "explained": "Break-even computed", **EXPLANATION_LABELS}
    csv = write_csv(frame, folder / f"{stem}.csv", labels)
    xlsx = write_excel({"Why in, why out": frame}, folder / f"{stem}.xlsx", labels)
    return csv, xlsx
