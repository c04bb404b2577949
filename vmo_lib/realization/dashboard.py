"""The whole realisation analysis in one call, and the executive dashboard's pieces.

:func:`analyse` runs every calculation of notebook 05 with its parameters and returns a
frozen :class:`Realisation`, so the notebook, the widgets and the tests read one object.
:func:`kpi_tiles_html` renders the dashboard's headline tiles as HTML with every piece of
text escaped; :func:`top_gaps` lists the benefits furthest behind plan with their owners.

>>> result = analyse(org, "2026-09-30", group_by="programme")  # doctest: +SKIP
>>> HTML(kpi_tiles_html(result.kpis, "Harbourline Logistics"))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

import pandas as pd

from vmo_lib.tables import money_short_text, percent_text

from .audit import closed_projects_due, duplicate_benefits, unevidenced_claims
from .forecast import Forecast, forecast_to_completion
from .grouping import cumulative_profile, group_labels, realisation_table
from .periods import last_complete_quarter
from .risk import benefits_at_risk, risk_summary
from .todate import BenefitData, safe_ratio

__all__ = [
    "DELIVERY_RULES",
    "KeyFigures",
    "Realisation",
    "analyse",
    "kpi_tiles_html",
    "top_gaps",
]

DELIVERY_RULES: tuple[str, ...] = ("behind_plan", "no_recent_data", "dis_benefit_growing")
"""Rules that say value is not arriving (the others say nobody could tell if it were)."""

NO_OWNER = "(no owner)"
"""Shown in the owner column of a benefit nobody owns."""


@dataclass(frozen=True)
class KeyFigures:
    """Portfolio headline figures (EUR unless stated) for the dashboard and the index."""

    realised_to_date: float
    planned_to_date: float
    share_of_plan: float  # realised / planned to date (the portfolio's realisation index)
    value_variance: float  # realised - planned to date
    planned_total: float
    forecast_at_completion: float
    forecast_share: float  # forecast at completion / whole-life plan
    at_risk_value: float
    delivery_risk_value: float  # part of at_risk_value on benefits behind, silent or losing
    at_risk_benefits: int
    benefits: int
    unevidenced_value: float
    forecast_method: str
    last_quarter: str


@dataclass(frozen=True)
class Realisation:
    """Every result of notebook 05 for one set of parameters (frames described at source).

    ``values``: per benefit, :func:`~.risk.benefits_at_risk`'s columns plus the forecast and
    the group; ``table``: :func:`~.grouping.realisation_table` at ``group_by``;
    ``profile`` / ``group_profile``: :func:`~.grouping.cumulative_profile` for the whole
    portfolio / per group; ``risk_rules``: :func:`~.risk.risk_summary`.
    """

    as_of: pd.Timestamp
    last_quarter: pd.Period
    group_by: str
    at_risk_threshold: float
    forecast: Forecast
    values: pd.DataFrame
    table: pd.DataFrame
    profile: pd.DataFrame
    group_profile: pd.DataFrame
    risk_rules: pd.DataFrame
    closed_due: pd.DataFrame
    unevidenced: pd.DataFrame
    duplicates: pd.DataFrame
    kpis: KeyFigures

    @property
    def at_risk(self) -> pd.DataFrame:
        """Benefits flagged by at least one rule, largest at-risk value first."""
        flagged = self.values.loc[self.values["at_risk"]]
        return flagged.sort_values("at_risk_value", ascending=False).reset_index()

    def table_view(self, max_rows: int = 25) -> pd.DataFrame:
        """The realisation table as shown in a handout: the group's name and id in one column
        (``On-time delivery (D-OTD)``), no forecast variance (it is in the CSV export), no
        benefit count when each row is one benefit."""
        table = self.table.head(max_rows)
        named = table["label"] != table["group"]
        table = table.assign(
            group=table["label"].where(~named, table["label"] + " (" + table["group"] + ")")
        )
        dropped = ["label", "forecast_variance"] + (
            ["benefits"] if self.group_by == "benefit" else []
        )
        return table.drop(columns=dropped)


def analyse(
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
    group_by: str = "programme",
    forecast_method: str = "plan_ratio",
    at_risk_threshold: float = 0.2,
    stale_quarters: int = 2,
    dis_benefit_quarters: int = 3,
    trend_quarters: int = 4,
    unstarted_index: float = 1.0,
) -> Realisation:
    """Run the realisation analysis as of ``as_of`` (quarters complete on that day count).

    Parameters are those of :func:`~.forecast.forecast_to_completion`,
    :func:`~.grouping.realisation_table` and :func:`~.risk.benefits_at_risk`.
    """
    forecast = forecast_to_completion(
        org, as_of, forecast_method, trend_quarters, unstarted_index=unstarted_index
    )
    risks = benefits_at_risk(org, as_of, at_risk_threshold, stale_quarters, dis_benefit_quarters)
    values = risks.join(forecast.totals).join(group_labels(org, group_by))
    unevidenced = unevidenced_claims(org, as_of)
    delivery = values[list(DELIVERY_RULES)].any(axis=1)
    planned = float(values["planned_to_date"].sum())
    realised = float(values["realised_to_date"].sum())
    total = float(values["planned_total"].sum())
    final = float(values["forecast_at_completion"].sum())
    kpis = KeyFigures(
        realised_to_date=realised,
        planned_to_date=planned,
        share_of_plan=float(safe_ratio(pd.Series([realised]), pd.Series([planned])).iloc[0]),
        value_variance=realised - planned,
        planned_total=total,
        forecast_at_completion=final,
        forecast_share=float(safe_ratio(pd.Series([final]), pd.Series([total])).iloc[0]),
        at_risk_value=float(values["at_risk_value"].sum()),
        delivery_risk_value=float(values.loc[delivery, "at_risk_value"].sum()),
        at_risk_benefits=int(values["at_risk"].sum()),
        benefits=len(values),
        unevidenced_value=float(unevidenced["unevidenced_value"].sum()),
        forecast_method=forecast_method,
        last_quarter=str(last_complete_quarter(as_of)),
    )
    return Realisation(
        as_of=pd.Timestamp(as_of),
        last_quarter=last_complete_quarter(as_of),
        group_by=group_by,
        at_risk_threshold=at_risk_threshold,
        forecast=forecast,
        values=values,
        table=realisation_table(org, as_of, group_by, forecast),
        profile=cumulative_profile(org, as_of, forecast=forecast, portfolio=True),
        group_profile=cumulative_profile(org, as_of, group_by, forecast),
        risk_rules=risk_summary(risks),
        closed_due=closed_projects_due(org, as_of),
        unevidenced=unevidenced,
        duplicates=duplicate_benefits(org.benefits),
        kpis=kpis,
    )


def top_gaps(values: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` benefits furthest behind plan to date (most negative value variance, EUR).

    Columns: ``benefit_id``, ``name``, ``project_id``, ``owner`` (``(no owner)`` when
    blank), ``planned_to_date``, ``realised_to_date``, ``value_variance``,
    ``realisation_index``. Benefits on or ahead of plan are never listed.
    """
    behind = values.loc[values["value_variance"] < 0]
    rows = behind.sort_values("value_variance", kind="stable").head(n).reset_index()
    owner = rows["owner"].astype(object)
    rows["owner"] = owner.where(owner.notna() & (owner.astype(str).str.strip() != ""), NO_OWNER)
    columns = ["benefit_id", "name", "project_id", "owner", "planned_to_date"]
    return rows[[*columns, "realised_to_date", "value_variance", "realisation_index"]]


def _tile(title: str, value: str, note: str, colour: str) -> str:
    return (
        f'<div style="flex:1 1 40%;border-top:6px solid {colour};background:#f7f7f7;'
        'padding:0.6em 0.8em;margin:0.3em;min-width:9em">'
        f'<div style="font-size:0.85em;color:#333">{html.escape(title)}</div>'
        f'<div style="font-size:1.7em;font-weight:bold;margin:0.15em 0">{html.escape(value)}</div>'
        f'<div style="font-size:0.8em;color:#444">{html.escape(note)}</div></div>'
    )


def kpi_tiles_html(kpis: KeyFigures, organisation_name: str, currency: str = "EUR") -> str:
    """Four headline tiles (realised to date, % of plan, at-risk value, forecast) as HTML.

    All text, including ``organisation_name``, is escaped; colours are Okabe-Ito and every
    tile says in words what its number means, so nothing relies on colour alone.
    """
    money = lambda v: money_short_text(v, currency)  # noqa: E731
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
            f"value variance {money(kpis.value_variance)} (negative = behind plan)",
            "#E69F00",
        ),
        _tile(
            "Value at risk",
            money(kpis.at_risk_value),
            f"still to realise on {kpis.at_risk_benefits} of {kpis.benefits} benefits at risk; "
            f"{money(kpis.delivery_risk_value)} of it on benefits behind plan, silent or "
            "losing value",
            "#D55E00",
        ),
        _tile(
            "Forecast at completion",
            money(kpis.forecast_at_completion),
            f"{percent_text(kpis.forecast_share, 0)} of the {money(kpis.planned_total)} "
            f"whole-life plan ({kpis.forecast_method.replace('_', ' ')})",
            "#009E73",
        ),
    ]
    caption = f"{organisation_name}: value realisation at the end of {kpis.last_quarter}"
    return (
        f'<div class="vmo-kpi-tiles"><div style="font-weight:bold;margin:0.3em">'
        f"{html.escape(caption)}</div>"
        f'<div style="display:flex;flex-wrap:wrap">{"".join(tiles)}</div></div>'
    )
