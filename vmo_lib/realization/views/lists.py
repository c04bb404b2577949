"""Notebook 05's lists as a handout shows them.

Why: a handout must stay readable at 50 or 10,000 benefits. Each list is shown whole while it
is short and as its top and bottom ``n`` rows once it is long
(:func:`vmo_lib.display.listing.top_and_bottom`), with a note saying so and a link to the full
list in the notebook's CSV and Excel exports (:func:`~.exports.export_lists`). Realisation
indices are shown with :func:`~vmo_lib.realization.index.index_text` (``no loss`` for a
dis-benefit whose loss did not happen).

>>> frame = pd.DataFrame({"rule": ["no_owner"], "benefits": [3], "unrealised_plan_at_risk": [1.0]})
>>> shown_rows(frame, "risk_rules", 15)[1]
''
>>> HTML(list_html(result.at_risk, "at_risk", 15, "Benefits at risk", labels,
...                files["at_risk"]))  # doctest: +SKIP
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from vmo_lib.display.listing import export_link_html, top_and_bottom
from vmo_lib.display.tables import format_table
from vmo_lib.realization.audit import MISMATCH_COLUMNS
from vmo_lib.realization.index import index_text

__all__ = ["LISTS", "ListSpec", "list_html", "shown_rows"]


@dataclass(frozen=True)
class ListSpec:
    """How one list is shown: its columns, their formats, and the order of its ends."""

    columns: tuple[str, ...]
    what: str
    by: str | None = None
    by_label: str | None = None
    ascending: bool = False
    money: tuple[str, ...] = ()
    percent: tuple[str, ...] = ()
    integer: tuple[str, ...] = ()


_TABLE_MONEY = (
    "planned_total",
    "planned_to_date",
    "realised_to_date",
    "value_variance",
    "forecast_at_completion",
)

LISTS: dict[str, ListSpec] = {
    "table": ListSpec(
        ("group", "benefits", *_TABLE_MONEY, "realisation_index", "forecast_share"),
        what="groups",
        by="planned_total",
        by_label="whole-life plan",
        money=_TABLE_MONEY,
        percent=("forecast_share",),
        integer=("benefits",),
    ),
    "gaps": ListSpec(
        (
            "benefit_id",
            "name",
            "project_id",
            "owner",
            "planned_to_date",
            "realised_to_date",
            "value_variance",
            "realisation_index",
        ),
        what="benefits behind plan",
        money=("planned_to_date", "realised_to_date", "value_variance"),
    ),
    "at_risk": ListSpec(
        (
            "benefit_id",
            "name",
            "project_id",
            "owner",
            "reasons",
            "realisation_index",
            "unrealised_plan_at_risk",
        ),
        what="benefits at risk",
        by="unrealised_plan_at_risk",
        by_label="unrealised plan",
        money=("unrealised_plan_at_risk",),
    ),
    "closed_due": ListSpec(
        (
            "project_id",
            "project",
            "benefit_id",
            "name",
            "owner",
            "realisation_index",
            "remaining_plan",
            "last_planned_quarter",
        ),
        what="benefits of closed projects",
        by="remaining_plan",
        by_label="plan still to come",
        money=("remaining_plan",),
    ),
    "unevidenced": ListSpec(
        (
            "benefit_id",
            "project_id",
            "name",
            "owner",
            "quarters",
            "unevidenced_value",
            "claimed_value",
            "unevidenced_share",
        ),
        what="benefits",
        by="unevidenced_value",
        by_label="value without evidence",
        money=("unevidenced_value", "claimed_value"),
        percent=("unevidenced_share",),
        integer=("quarters",),
    ),
    "duplicates": ListSpec(
        ("duplicate_group", "benefit_id", "project_id", "name", "measure", "driver_id"),
        what="rows",
        integer=("duplicate_group",),
    ),
    "mismatches": ListSpec(
        MISMATCH_COLUMNS,
        what="projects",
        by="difference_share",
        by_label="difference / business case",
        money=("register_total", "business_case_benefit", "difference"),
        percent=("difference_share",),
    ),
    "risk_rules": ListSpec(
        ("rule", "benefits", "unrealised_plan_at_risk"),
        what="rules",
        money=("unrealised_plan_at_risk",),
        integer=("benefits",),
    ),
    "methods": ListSpec(
        ("method", "description", "forecast_at_completion", "planned_total", "forecast_share"),
        what="methods",
        money=("forecast_at_completion", "planned_total"),
        percent=("forecast_share",),
    ),
}
"""Every list notebook 05 shows, by name."""


def shown_rows(frame: pd.DataFrame, kind: str, n: int) -> tuple[pd.DataFrame, str]:
    """The rows of ``frame`` a handout shows for list ``kind`` (top and bottom ``n`` once
    long), their index as text, and the note on what was left out (empty if nothing)."""
    spec = LISTS[kind]
    columns = [c for c in spec.columns if c in frame.columns]
    shown = top_and_bottom(
        frame[columns],
        n,
        by=spec.by,
        ascending=spec.ascending,
        what=spec.what,
        by_label=spec.by_label,
    )
    table = shown.table
    if "realisation_index" in table.columns:
        table = table.assign(realisation_index=table["realisation_index"].map(index_text))
    return table, shown.note


def list_html(
    frame: pd.DataFrame,
    kind: str,
    n: int,
    caption: str,
    labels: Mapping[str, str],
    export: Path | str | None = None,
) -> str:
    """List ``kind`` of ``frame`` as an HTML table (text escaped), with a note on the rows
    left out and a link to the full list in ``export``."""
    spec = LISTS[kind]
    table, note = shown_rows(frame, kind, n)
    styler = format_table(
        table,
        money=[c for c in spec.money if c in table.columns],
        percent=[c for c in spec.percent if c in table.columns],
        integer=[c for c in spec.integer if c in table.columns],
        labels=labels,
        short_money=True,
        caption=caption,
    )
    parts = [styler.to_html()]
    link = f" Full list: {export_link_html(export)}." if export is not None else ""
    if note or link:
        parts.append(f'<p class="vmo-note">{html.escape(note)}{link}</p>')
    return "".join(parts)
