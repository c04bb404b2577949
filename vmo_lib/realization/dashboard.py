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

from vmo_lib.currency import resolve_currency
from vmo_lib.display.listing import quantity_text
from vmo_lib.display.tables import money_short_text, percent_text
from vmo_lib.realization.audit import (
    BUSINESS_CASE_TOLERANCE,
    business_case_mismatch,
    closed_projects_due,
    duplicate_benefits,
    unevidenced_claims,
)
from vmo_lib.realization.forecast import (
    DEFAULT_FORECAST_METHOD,
    OPTIMISTIC_METHOD,
    Forecast,
    forecast_to_completion,
    schedule_slip_days,
)
from vmo_lib.realization.grouping import cumulative_profile, group_labels, realisation_table
from vmo_lib.realization.index import realisation_index, split_indices
from vmo_lib.realization.periods import last_complete_quarter
from vmo_lib.realization.risk import benefits_at_risk, risk_summary
from vmo_lib.realization.todate import BenefitData, safe_ratio

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
    """Portfolio headline figures (money unless stated) for the dashboard and the index."""

    realised_to_date: float
    planned_to_date: float
    share_of_plan: float  # realisation index of the portfolio's net value to date
    benefits_index: float  # realisation index of the benefits (positive plans) alone
    dis_benefits_index: float  # realisation index of the dis-benefits alone (NaN if none)
    value_variance: float  # realised - planned to date
    planned_total: float
    forecast_at_completion: float
    forecast_share: float  # forecast at completion / whole-life plan
    optimistic_forecast: float  # realised + remaining plan in full and on time
    optimistic_share: float  # optimistic forecast / whole-life plan
    unrealised_plan_at_risk: float  # whole-life plan not yet realised, benefits flagged
    unrealised_plan_delivery_risk: float  # part of it on benefits behind, silent or losing
    at_risk_benefits: int
    benefits: int
    plans_moved: int  # benefits whose plan the forecast moved later (project late)
    unevidenced_value: float
    business_case_mismatches: int  # projects whose register and business case disagree
    forecast_method: str
    last_quarter: str


@dataclass(frozen=True)
class Realisation:
    """Every result of notebook 05 for one set of parameters (frames described at source).

    ``values``: per benefit, :func:`~.risk.benefits_at_risk`'s columns plus the forecast and
    the group; ``table``: :func:`~.grouping.realisation_table` at ``group_by``;
    ``profile`` / ``group_profile``: :func:`~.grouping.cumulative_profile` for the whole
    portfolio / per group; ``programme_table`` / ``programme_profile``: the same by
    programme (charts fall back to them for long lists); ``risk_rules``:
    :func:`~.risk.risk_summary`; ``optimistic``: the ``on_plan`` forecast (optimistic
    bound); ``mismatches``: :func:`~.audit.business_case_mismatch`.
    """

    as_of: pd.Timestamp
    last_quarter: pd.Period
    group_by: str
    at_risk_threshold: float
    forecast: Forecast
    optimistic: Forecast
    values: pd.DataFrame
    table: pd.DataFrame
    profile: pd.DataFrame
    group_profile: pd.DataFrame
    programme_table: pd.DataFrame
    programme_profile: pd.DataFrame
    risk_rules: pd.DataFrame
    closed_due: pd.DataFrame
    unevidenced: pd.DataFrame
    duplicates: pd.DataFrame
    mismatches: pd.DataFrame
    kpis: KeyFigures

    @property
    def at_risk(self) -> pd.DataFrame:
        """Benefits flagged by at least one rule, largest unrealised plan first."""
        flagged = self.values.loc[self.values["at_risk"]]
        return flagged.sort_values("unrealised_plan_at_risk", ascending=False).reset_index()

    def chart_level(self, max_groups: int) -> tuple[str, pd.DataFrame, pd.DataFrame]:
        """The level charts draw: ``group_by`` with its table and profile while it has at most
        ``max_groups`` groups, else ``"programme"`` with the programme table and profile."""
        if len(self.table) <= max_groups or self.group_by == "programme":
            return self.group_by, self.table, self.group_profile
        return "programme", self.programme_table, self.programme_profile

    def table_view(self, max_rows: int | None = None) -> pd.DataFrame:
        """The realisation table as shown in a handout: the group's name and id in one column
        (``On-time delivery (D-OTD)``), no forecast variance (it is in the CSV export), no
        benefit count when each row is one benefit. ``max_rows`` keeps the first rows."""
        table = self.table if max_rows is None else self.table.head(max_rows)
        return _view(table, self.group_by)

    def programme_view(self) -> pd.DataFrame:
        """The totals by programme, shaped as :meth:`table_view` (for a handout whose tables
        are at benefit, project or driver level)."""
        return _view(self.programme_table, "programme")


def _view(table: pd.DataFrame, group_by: str) -> pd.DataFrame:
    """A realisation table for a handout (see :meth:`Realisation.table_view`)."""
    named = table["label"] != table["group"]
    table = table.assign(
        group=table["label"].where(~named, table["label"] + " (" + table["group"] + ")")
    )
    dropped = ["label", "forecast_variance"] + (["benefits"] if group_by == "benefit" else [])
    return table.drop(columns=dropped)


def analyse(
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
    group_by: str = "programme",
    forecast_method: str = DEFAULT_FORECAST_METHOD,
    at_risk_threshold: float = 0.2,
    stale_quarters: int = 2,
    dis_benefit_quarters: int = 3,
    trend_quarters: int = 4,
    unstarted_index: float = 1.0,
    slip_days: pd.Series | None = None,
    business_case_tolerance: float = BUSINESS_CASE_TOLERANCE,
) -> Realisation:
    """Run the realisation analysis as of ``as_of`` (quarters complete on that day count).

    Parameters are those of :func:`~.forecast.forecast_to_completion`,
    :func:`~.grouping.realisation_table`, :func:`~.risk.benefits_at_risk` and
    :func:`~.audit.business_case_mismatch` (``business_case_tolerance``). ``slip_days``
    (days late per project) defaults to the projects' schedule slip.
    """
    if slip_days is None:
        slip_days = schedule_slip_days(getattr(org, "projects", None))
    forecast = forecast_to_completion(
        org,
        as_of,
        forecast_method,
        trend_quarters,
        unstarted_index=unstarted_index,
        slip_days=slip_days,
    )
    optimistic = forecast_to_completion(org, as_of, OPTIMISTIC_METHOD, trend_quarters)
    risks = benefits_at_risk(org, as_of, at_risk_threshold, stale_quarters, dis_benefit_quarters)
    values = risks.join(forecast.totals).join(group_labels(org, group_by))
    values["optimistic_forecast"] = optimistic.totals["forecast_at_completion"]
    unevidenced = unevidenced_claims(org, as_of)
    projects = getattr(org, "projects", pd.DataFrame(columns=["project_id"]))
    mismatches = business_case_mismatch(org.benefits, projects, business_case_tolerance)
    delivery = values[list(DELIVERY_RULES)].any(axis=1)
    planned = float(values["planned_to_date"].sum())
    realised = float(values["realised_to_date"].sum())
    total = float(values["planned_total"].sum())
    final = float(values["forecast_at_completion"].sum())
    bound = float(values["optimistic_forecast"].sum())
    split = split_indices(
        values["planned_to_date"], values["realised_to_date"], values["planned_total"]
    )
    kpis = KeyFigures(
        realised_to_date=realised,
        planned_to_date=planned,
        share_of_plan=float(realisation_index(planned, realised)),
        benefits_index=split["benefits"],
        dis_benefits_index=split["dis_benefits"],
        value_variance=realised - planned,
        planned_total=total,
        forecast_at_completion=final,
        forecast_share=_share(final, total),
        optimistic_forecast=bound,
        optimistic_share=_share(bound, total),
        unrealised_plan_at_risk=float(values["unrealised_plan_at_risk"].sum()),
        unrealised_plan_delivery_risk=float(values.loc[delivery, "unrealised_plan_at_risk"].sum()),
        at_risk_benefits=int(values["at_risk"].sum()),
        benefits=len(values),
        plans_moved=int((values["shift_quarters"] > 0).sum()),
        unevidenced_value=float(unevidenced["unevidenced_value"].sum()),
        business_case_mismatches=len(mismatches),
        forecast_method=forecast_method,
        last_quarter=str(last_complete_quarter(as_of)),
    )
    table = realisation_table(org, as_of, group_by, forecast)
    group_profile = cumulative_profile(org, as_of, group_by, forecast)
    if group_by == "programme":
        programme_table, programme_profile = table, group_profile
    else:
        programme_table = realisation_table(org, as_of, "programme", forecast)
        programme_profile = cumulative_profile(org, as_of, "programme", forecast)
    return Realisation(
        as_of=pd.Timestamp(as_of),
        last_quarter=last_complete_quarter(as_of),
        group_by=group_by,
        at_risk_threshold=at_risk_threshold,
        forecast=forecast,
        optimistic=optimistic,
        values=values,
        table=table,
        profile=cumulative_profile(org, as_of, forecast=forecast, portfolio=True),
        group_profile=group_profile,
        programme_table=programme_table,
        programme_profile=programme_profile,
        risk_rules=risk_summary(risks),
        closed_due=closed_projects_due(org, as_of),
        unevidenced=unevidenced,
        duplicates=duplicate_benefits(org.benefits),
        mismatches=mismatches,
        kpis=kpis,
    )


def _share(part: float, whole: float) -> float:
    return float(safe_ratio(pd.Series([part]), pd.Series([whole])).iloc[0])


def top_gaps(values: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The ``n`` benefits furthest behind plan to date (most negative value variance, money).

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
