"""Section "Why each project is in or out" of notebook 04, for every organisation.

Takes :class:`~vmo_lib.portfolio.explain_review.FundingExplanation` (the decision on the
money limits, or within capacity when the data lists scarce resources).
:func:`explanation` shows the borderline projects (table, smallest forced change first, at
most ``n`` rows) and the sentences a steering committee reads; :func:`explanation_export`
writes the explanation of every project to CSV and Excel with the project's atomic,
formula-neutralised writers and links both files. The lower-level helpers
(:func:`explanation_table`, :func:`explanation_notes`, :func:`export_explanation`) take a
plain :func:`~vmo_lib.portfolio.funding.explain.explain_selection` table.
"""

from __future__ import annotations

import html
from collections.abc import Hashable, Mapping
from pathlib import Path

import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.display.listing import export_link_html
from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import format_table, write_csv, write_excel
from vmo_lib.portfolio.explain_review import FundingExplanation, borderline
from vmo_lib.portfolio.funding.explain_text import steering_sentences
from vmo_lib.portfolio.views.common import block

__all__ = [
    "EXPLANATION_LABELS",
    "EXPLANATION_STEM",
    "explanation",
    "explanation_export",
    "explanation_notes",
    "explanation_table",
    "export_explanation",
]

EXPLANATION_STEM = "04_portfolio_why_in_why_out"
"""Name (without extension) of the exported explanation of every project."""

EXPLANATION_LABELS: dict[str, str] = {
    "funded": "Funded",
    "reason": "Why",
    "value": "Value score",
    "break_even_value": "Break-even value score",
    "forced_change": "Value lost if decided the other way",
    "start_delay": "Starts late by (years)",
    "starts": "Starts (year)",
}
"""Display names of the explanation columns (tables and exports)."""


def _with_values(table: pd.DataFrame, values: pd.Series | None) -> pd.DataFrame:
    frame = (
        table if values is None else table.assign(value=values.reindex(table.index).to_numpy(float))
    )
    frame = frame.copy()
    frame.index.name = "project_id"
    return frame.reset_index()


def explanation_table(table: pd.DataFrame, values: pd.Series | None, n: int = 12) -> Styler:
    """The borderline projects of an :func:`explain_selection` table
    (:func:`~vmo_lib.portfolio.explain_review.borderline`: smallest forced change first),
    with their value score, reason and break-even value, formatted for a handout;
    ``values``: the value scores (None: the table's own ``value`` column)."""
    frame = _with_values(borderline(table), values)
    columns = ["project_id", "funded", "reason", "value", "break_even_value", "forced_change"]
    columns += [c for c in ("start_delay", "starts") if c in frame]
    shown = frame[columns].head(n)
    if "starts" in shown:  # a year, not a quantity: no thousands separator
        shown = shown.astype({"starts": "string"})
    caption = "Borderline projects: the decisions closest to changing"
    if len(frame) > n:
        caption += f" (the {n} of {len(frame)} with the least value at stake)"
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
    rows = borderline(table, n)
    sentences = list(steering_sentences(rows, cost_break_evens, currency=currency))
    rule = (
        "Rule: a project's break-even value score is the score at which the best portfolio "
        "would decide the other way, everything else unchanged; each is found by solving the "
        "portfolio again with the project forced in or out."
    )
    return notes_html([*sentences, rule, str(table.attrs.get("note", ""))])


def export_explanation(
    table: pd.DataFrame, values: pd.Series | None, folder: str | Path, stem: str = "why_in_why_out"
) -> tuple[Path, Path]:
    """The explanation of every project as ``<stem>.csv`` and ``<stem>.xlsx`` in ``folder``
    (atomic, formula-neutralised writers; the decision and start first, then why); returns
    both paths."""
    frame = _with_values(table, values)
    order = ["project_id", "funded", "starts", "start_delay", "reason", "value"]
    order += ["break_even_value", "forced_change", "explained"]
    frame = frame[[c for c in order if c in frame] + [c for c in frame if c not in order]]
    folder = Path(folder)
    labels = {"project_id": "Project", "explained": "Break-even computed", **EXPLANATION_LABELS}
    csv = write_csv(frame, folder / f"{stem}.csv", labels)
    xlsx = write_excel({"Why in, why out": frame}, folder / f"{stem}.xlsx", labels)
    return csv, xlsx


def _decision_words(why: FundingExplanation) -> str:
    """Which decision the explanation is about, in words."""
    if why.within_capacity:
        return (
            "The decision explained is the one within capacity (money limits and scarce "
            "resources, section above)."
        )
    return "The decision explained is the funding decision above (money limits)."


def explanation(why: FundingExplanation, n: int = 12) -> HTML:
    """The borderline projects: table and steering-committee sentences, with the decision
    they are about."""
    note = f"<p>{html.escape(_decision_words(why))}</p>"
    return block(
        note,
        explanation_table(why.explanation, None, n),
        explanation_notes(why.explanation, why.cost_break_evens),
    )


def explanation_export(why: FundingExplanation, folder: str | Path | None = None) -> HTML:
    """Write why each project is in or out (CSV and Excel, in ``folder``; None: the
    settings' ``output_dir``) and link both files."""
    where = why.funding.ranked.settings.output_dir if folder is None else folder
    paths = export_explanation(why.explanation, None, where, EXPLANATION_STEM)
    return HTML(
        "<p>Why each project is in or out, every project: "
        + ", ".join(export_link_html(p) for p in paths)
        + "</p>"
    )
