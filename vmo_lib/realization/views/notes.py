"""Notebook 05's headline tiles and the short sentences that depend on the run's settings.

Markdown cells cannot show parameter values, so the notebook displays these instead. Every
piece of text is escaped (organisation and method names may come from the user).

>>> method_note("on_plan")[:40]
'<p>This run forecasts with <strong>on pl'
"""

from __future__ import annotations

import html

import pandas as pd

from vmo_lib.currency import resolve_currency
from vmo_lib.display.listing import quantity_text
from vmo_lib.display.tables import money_short_text, percent_text
from vmo_lib.realization.forecast import METHOD_DESCRIPTIONS
from vmo_lib.realization.results import KeyFigures
from vmo_lib.realization.views.labels import group_title

__all__ = [
    "bound_note",
    "chart_level_note",
    "kpi_tiles_html",
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


def _index_words(value: float) -> str:
    return "not available" if pd.isna(value) else f"{value:.2f} (1 = as planned)"


def _tile(title: str, value: str, note: str, colour: str) -> str:
    return (
        f'<div style="flex:1 1 40%;border-top:6px solid {colour};background:#f7f7f7;'
        'padding:0.6em 0.8em;margin:0.3em;min-width:9em">'
        f'<div style="font-size:0.85em;color:#333">{html.escape(title)}</div>'
        f'<div style="font-size:1.7em;font-weight:bold;margin:0.15em 0">{html.escape(value)}</div>'
        f'<div style="font-size:0.8em;color:#444">{html.escape(note)}</div></div>'
    )


def kpi_tiles_html(kpis: KeyFigures, organisation_name: str, currency: str | None = None) -> str:
    """Four headline tiles (realised to date, share of plan, unrealised plan of benefits at
    risk, forecast with its optimistic bound) as HTML, money in ``currency`` (default: the
    setting of :mod:`vmo_lib.currency`).

    All text, including ``organisation_name``, is escaped; colours are Okabe-Ito and every
    tile says in words what its number means, so nothing relies on colour alone.
    """
    code = resolve_currency(currency)
    money = lambda v: money_short_text(v, code)  # noqa: E731
    tiles = [
        _tile(
            "Value realised to date",
            money(kpis.realised_to_date),
            f"of {money(kpis.planned_to_date)} planned to the end of {kpis.last_quarter}",
            "#0072B2",
        ),
        _tile(
            "Share of plan realised",
            percent_text(kpis.share_of_plan, 0),
            f"realisation index {_index_words(kpis.share_of_plan)}; value variance "
            f"{money(kpis.value_variance)} (negative = behind plan)",
            "#E69F00",
        ),
        _tile(
            "Unrealised plan of benefits at risk",
            money(kpis.unrealised_plan_at_risk),
            f"whole-life plan not yet realised on the {quantity_text(kpis.at_risk_benefits)} of "
            f"{quantity_text(kpis.benefits)} benefits flagged at risk (not a probability of loss); "
            f"{money(kpis.unrealised_plan_delivery_risk)} of it on benefits behind plan, "
            "silent or losing value",
            "#D55E00",
        ),
        _tile(
            "Forecast at completion",
            money(kpis.forecast_at_completion),
            f"{percent_text(kpis.forecast_share, 0)} of the {money(kpis.planned_total)} "
            f"whole-life plan ({kpis.forecast_method.replace('_', ' ')}); optimistic bound "
            f"{money(kpis.optimistic_forecast)} if the rest of the plan came in full and on time",
            "#009E73",
        ),
    ]
    caption = f"{organisation_name}: value realisation at the end of {kpis.last_quarter}"
    return (
        f'<div class="vmo-kpi-tiles"><div style="font-weight:bold;margin:0.3em">'
        f"{html.escape(caption)}</div>"
        f'<div style="display:flex;flex-wrap:wrap">{"".join(tiles)}</div></div>'
    )
