"""What notebook 05's analysis returns: the frozen :class:`Realisation` and its key figures.

:func:`~.dashboard.analyse` builds a :class:`Realisation`; the notebook, the widgets and the
tests read that one object. Its :meth:`~Realisation.recorded` lists the key figures the
handouts index shows (``record_all(result.recorded())``); :func:`top_gaps` lists the benefits
furthest behind plan with their owners.

>>> values = pd.DataFrame(
...     {"name": ["A", "B"], "project_id": ["P-1", "P-2"], "owner": ["Ann", None],
...      "planned_to_date": [100.0, 50.0], "realised_to_date": [90.0, 10.0],
...      "value_variance": [-10.0, -40.0], "realisation_index": [0.9, 0.2]},
...     index=pd.Index(["B-1", "B-2"], name="benefit_id"))
>>> top_gaps(values)[["benefit_id", "owner", "value_variance"]].values.tolist()
[['B-2', '(no owner)', -40.0], ['B-1', 'Ann', -10.0]]
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from vmo_lib.notebook.record import Figure
from vmo_lib.realization.audit import BUSINESS_CASE_TOLERANCE
from vmo_lib.realization.forecast import Forecast
from vmo_lib.realization.risk import RISK_RULES

__all__ = ["NO_OWNER", "KeyFigures", "Realisation", "top_gaps"]

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
    bound); ``mismatches``: :func:`~.audit.business_case_mismatch`. The settings of the run
    (``stale_quarters`` ... ``max_chart_groups``, see :func:`analyse`) are kept so that the
    tables, captions and the live panel describe the same run.
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
    stale_quarters: int = 2
    dis_benefit_quarters: int = 3
    trend_quarters: int = 4
    business_case_tolerance: float = BUSINESS_CASE_TOLERANCE
    max_chart_groups: int = 30

    @property
    def at_risk(self) -> pd.DataFrame:
        """Benefits flagged by at least one rule, largest unrealised plan first."""
        flagged = self.values.loc[self.values["at_risk"]]
        return flagged.sort_values("unrealised_plan_at_risk", ascending=False).reset_index()

    def chart_level(self, max_groups: int | None = None) -> tuple[str, pd.DataFrame, pd.DataFrame]:
        """The level charts draw: ``group_by`` with its table and profile while it has at most
        ``max_groups`` groups (default: the run's ``max_chart_groups``), else ``"programme"``
        with the programme table and profile."""
        if max_groups is None:
            max_groups = self.max_chart_groups
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

    def recorded(self) -> tuple[Figure, ...]:
        """The key figures notebook 05 records, in the order the handouts index lists them
        (names, labels and units are read by the index and the tests: keep them stable)."""
        k = self.kpis
        gaps = top_gaps(self.values, 1)
        due = self.closed_due
        return (
            Figure("realised_to_date", k.realised_to_date, "Value realised to date", "money"),
            Figure("planned_to_date", k.planned_to_date, "Value planned to date", "money"),
            Figure("share_of_plan", k.share_of_plan, "Share of plan realised", "percent", True),
            Figure("benefits_index", k.benefits_index, "Realisation index, benefits", "ratio"),
            Figure(
                "dis_benefits_index",
                k.dis_benefits_index,
                "Realisation index, dis-benefits",
                "ratio",
            ),
            Figure("value_variance", k.value_variance, "Value variance to date", "money"),
            Figure(
                "unrealised_plan_at_risk",
                k.unrealised_plan_at_risk,
                "Unrealised plan of benefits at risk",
                "money",
                True,
            ),
            Figure("at_risk_benefits", k.at_risk_benefits, "Benefits at risk", "count"),
            Figure(
                "forecast_at_completion",
                k.forecast_at_completion,
                "Forecast value at completion",
                "money",
                True,
            ),
            Figure("forecast_share", k.forecast_share, "Forecast / whole-life plan", "percent"),
            Figure(
                "optimistic_forecast",
                k.optimistic_forecast,
                "Optimistic bound: remaining plan in full and on time",
                "money",
            ),
            Figure("plans_moved", k.plans_moved, "Benefit plans moved by project slip", "count"),
            Figure("last_quarter", k.last_quarter, "Last quarter counted", "text"),
            Figure("forecast_method", k.forecast_method, unit="text"),
            Figure(
                "top_gap_benefit",
                str(gaps["benefit_id"].iloc[0]) if len(gaps) else "",
                unit="text",
            ),
            Figure("chart_level", self.chart_level()[0], "Level the charts draw", "text"),
            Figure(
                "optimistic_share",
                k.optimistic_share,
                "Optimistic bound / whole-life plan",
                "percent",
            ),
            *(
                Figure(f"rule_{rule}", int(self.values[rule].sum()), unit="count")
                for rule in RISK_RULES
            ),
            Figure(
                "closed_projects_due",
                int(due["project_id"].nunique()),
                "Closed projects with benefits due",
                "count",
            ),
            Figure(
                "closed_value_due",
                float(due["remaining_plan"].sum()),
                "Value still due from closed projects",
                "money",
            ),
            Figure(
                "unevidenced_value",
                k.unevidenced_value,
                "Value claimed without evidence",
                "money",
            ),
            Figure(
                "duplicate_groups",
                int(self.duplicates["duplicate_group"].nunique()),
                "Benefits possibly counted twice (groups)",
                "count",
            ),
            Figure(
                "business_case_mismatches",
                k.business_case_mismatches,
                "Projects whose register and business case disagree",
                "count",
            ),
        )


def _view(table: pd.DataFrame, group_by: str) -> pd.DataFrame:
    """A realisation table for a handout (see :meth:`Realisation.table_view`)."""
    named = table["label"] != table["group"]
    table = table.assign(
        group=table["label"].where(~named, table["label"] + " (" + table["group"] + ")")
    )
    dropped = ["label", "forecast_variance"] + (["benefits"] if group_by == "benefit" else [])
    return table.drop(columns=dropped)


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
