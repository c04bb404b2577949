"""Short HTML sentences for notebook 05 that depend on the run's settings (text escaped).

Markdown cells cannot show parameter values, so the notebook displays these instead.

>>> method_note("on_plan")[:40]
'<p>This run forecasts with <strong>on pl'
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from vmo_lib.display.listing import export_link_html, quantity_text
from vmo_lib.display.tables import money_short_text, percent_text
from vmo_lib.realization.dashboard import KeyFigures
from vmo_lib.realization.forecast import METHOD_DESCRIPTIONS
from vmo_lib.realization.report import group_title

__all__ = [
    "bound_note",
    "chart_level_note",
    "export_note",
    "exports_note",
    "method_note",
    "rules_note",
    "settings_note",
]


def _method_name(method: str) -> str:
    return html.escape(method.replace("_", " "))


def method_note(method: str) -> str:
    """The forecast method of this run and what it does."""
    return (
        f"<p>This run forecasts with <strong>{_method_name(method)}</strong>: "
        f"{html.escape(METHOD_DESCRIPTIONS[method])}.</p>"
    )


def bound_note(kpis: KeyFigures) -> str:
    """The forecast of this run beside its optimistic bound, and how many plans moved."""
    moved = (
        f" The plans of {quantity_text(kpis.plans_moved)} benefits were moved later because "
        "their project is forecast to finish late."
        if kpis.plans_moved
        else ""
    )
    return (
        f"<p>Forecast at completion ({_method_name(kpis.forecast_method)}): "
        f"<strong>{html.escape(money_short_text(kpis.forecast_at_completion))}</strong>, "
        f"{percent_text(kpis.forecast_share, 0)} of the whole-life plan. "
        f"Optimistic bound: {html.escape(money_short_text(kpis.optimistic_forecast))} "
        f"({percent_text(kpis.optimistic_share, 0)}), if every benefit delivered the rest of "
        f"its plan in full and on time.{html.escape(moved)}</p>"
    )


def rules_note(kpis: KeyFigures, threshold: float) -> str:
    """In plain words, the rule behind each headline figure of the handout."""
    dis = (
        f" Benefits alone: {_index(kpis.benefits_index)}; dis-benefits alone: "
        f"{_index(kpis.dis_benefits_index)}."
        if pd.notna(kpis.dis_benefits_index)
        else " The register has no dis-benefit with value planned to date."
    )
    items = [
        "<strong>Realisation index</strong>: realised / planned value to date for a benefit; "
        "for a dis-benefit (a planned loss) planned / realised, so that in both cases 1 is as "
        "planned and below 1 is worse (a loss twice the plan scores 0.5). A dis-benefit whose "
        "loss did not happen shows <em>no loss</em>. Groups and the portfolio use their net "
        f"value (dis-benefits subtract). Portfolio: {_index(kpis.share_of_plan)}.{dis}",
        f"<strong>Forecast at completion</strong>: "
        f"{html.escape(METHOD_DESCRIPTIONS[kpis.forecast_method])}. The optimistic bound "
        "assumes the remaining plan comes in full and on time.",
        "<strong>Unrealised plan of benefits at risk</strong>: the whole-life plan not yet "
        "realised on benefits that at least one warning rule flags (behind plan means a "
        f"realisation index below {1 - threshold:.2f}). It shows how much promised value needs "
        "attention, not how much is likely to be lost.",
    ]
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _index(value: float) -> str:
    return "not available" if pd.isna(value) else f"{value:.2f}"


def settings_note(group_by: str, method: str, threshold: float) -> str:
    """The settings the static panel shows in a handout."""
    return (
        f"<p>Settings of this run: grouping <strong>{html.escape(group_title(group_by))}"
        f"</strong>, forecast <strong>{_method_name(method)}</strong>, at-risk threshold "
        f"<strong>{threshold:.0%}</strong>.</p>"
    )


def export_note(what: str, path: Path) -> str:
    """Where an exported file went (file name only)."""
    return f"<p>{html.escape(what)} is exported to {export_link_html(path)}.</p>"


EXPORT_TITLES: dict[str, str] = {
    "excel": "every list of this notebook, one sheet each (Excel)",
    "benefits": "every benefit with its figures, forecast and flags",
    "table": "the realisation table",
    "programmes": "the realisation table by programme",
    "at_risk": "the benefits at risk",
    "risk_rules": "the benefits flagged by each rule",
    "closed_due": "benefits of closed projects still due",
    "unevidenced": "realised value without evidence",
    "duplicates": "possible double counting",
    "mismatches": "registers that disagree with their business case",
}
"""What each exported file holds, for the list of exports."""


def exports_note(files: dict[str, Path]) -> str:
    """A list of links to every exported file, each with what it holds."""
    items = "".join(
        f"<li>{export_link_html(path)}: {html.escape(EXPORT_TITLES.get(name, name))}</li>"
        for name, path in files.items()
    )
    return f"<p>The full lists are exported (CSV, and one Excel workbook):</p><ul>{items}</ul>"


def chart_level_note(group_by: str, level: str, groups: int) -> str:
    """Why the charts show ``level`` rather than ``group_by`` (empty when they do not)."""
    if level == group_by:
        return ""
    return (
        f"<p>The charts below show {html.escape(group_title(level).lower())}s: this run groups "
        f"by {html.escape(group_title(group_by).lower())}, and its {quantity_text(groups)} "
        "groups are too many to draw one by one (setting <code>max_chart_groups</code>). The "
        "tables keep the level of this run.</p>"
    )
