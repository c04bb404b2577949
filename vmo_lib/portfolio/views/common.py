"""What every section of notebook 04 shares: column names for display, the shortened-table
note, and joining a table with its notes into one displayable block.

>>> block(HTML("<p>a</p>"), "", "<p>b</p>").data
'<p>a</p><p>b</p>'
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.display.listing import ShownRows, export_link_html
from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import format_table

__all__ = [
    "DISPLAY_LABELS",
    "SHOWN_PER_END",
    "block",
    "data_warnings",
    "full_list_link",
    "shown_note",
    "table",
    "written_note",
]

DISPLAY_LABELS: dict[str, str] = {
    "project_id": "Project",
    "criterion": "Criterion",
    "kind": "Kind",
    "weight": "Weight",
    "name": "Name",
    "programme": "Programme",
    "stage": "Stage",
    "rag_status": "Status (RAG)",
    "legacy_priority": "Legacy priority",
    "legacy_rank": "Legacy rank",
    "driver_score": "Driver score (0-100)",
    "probability": "Probability of success",
    "probability_assumed": "Probability assumed",
    "value_score": "Value score (0-100)",
    "value_rank": "Value rank",
    "change": "Places gained",
    "execution_health": "Execution health (0-100)",
    "remaining_cost": "Still to spend",
    "npv": "NPV",
    "benefit_cost_ratio": "Benefit-cost ratio",
    "quadrant": "Quadrant",
    "meaning": "Meaning",
    "projects": "Projects",
    "members": "Which",
    "funded": "Funded",
    "decision": "Decision",
    "funded_share": "Funded in (share of samples)",
    "verdict": "Verdict",
    "base_rank": "Rank at agreed weights",
    "rank_low": "Best rank",
    "rank_high": "Worst rank",
    "rank_median": "Median rank",
    "base_funded": "Funded at agreed weights",
    "budget": "Budget",
    "total_value": "Total value",
    "total_cost": "Total cost",
    "n_selected": "Projects funded",
    "scored": "Scored",
    "mandatory": "Mandatory",
    "investment_category": "Investment category",
    "irr": "IRR",
    "irr_note": "IRR note",
    "cost": "Still to spend",
    "share_of_budget": "Share of the budget",
}
"""Display names of the columns of notebook 04's tables and exports."""
SHOWN_PER_END = 20
"""Projects shown at each end of a long per-project table in notebook 04 (at most 40 rows; a
portfolio of up to 40 open projects, such as the case study's, is shown whole)."""


def table(frame: pd.DataFrame, caption: str, **formats: Any) -> Styler:
    """``frame`` formatted for the handout with :data:`DISPLAY_LABELS` (``labels`` given in
    ``formats`` are laid over them) and money scaled to k/M; ``formats`` as
    :func:`vmo_lib.display.tables.format_table`."""
    labels = {**DISPLAY_LABELS, **formats.pop("labels", {})}
    formats.setdefault("short_money", True)
    return format_table(frame, caption=caption, labels=labels, **formats)


def block(*parts: Styler | HTML | str) -> HTML:
    """One HTML block of tables (Stylers), notes (``HTML``) and HTML strings, in order;
    empty parts are skipped."""
    texts: list[str] = []
    for part in parts:
        if isinstance(part, Styler):
            texts.append(part.to_html())
        else:
            texts.append(part.data if isinstance(part, HTML) else str(part))
    return HTML("".join(t for t in texts if t))


def shown_note(shown: ShownRows, link: str = "") -> str:
    """HTML note under a shortened table: what is shown and, when ``link`` (an HTML link from
    :func:`vmo_lib.display.listing.export_link_html`) is given, where the full list is. '' when
    the table shows every row."""
    if not shown.truncated:
        return ""
    where = f" The full list is in {link}." if link else ""
    return f"<p><em>{html.escape(shown.note)}{where}</em></p>"


def full_list_link(exports: dict[str, Path]) -> str:
    """HTML link to the exported re-ranked portfolio, which lists every project."""
    return export_link_html(exports["reranked_portfolio"])


def data_warnings(warnings: Sequence[Any], source: str) -> HTML:
    """The loader's data warnings (earned value above budget...) as a note for the reader."""
    from vmo_lib.data.validate import warning_notes

    return notes_html(warning_notes(warnings, source))


def written_note(paths: Iterable[str | Path]) -> HTML:
    """'Written: ' and a link to each file written."""
    return HTML("<p>Written: " + ", ".join(export_link_html(p) for p in paths) + "</p>")
