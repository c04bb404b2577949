"""Planned, realised and forecast value per benefit, project, driver or programme, and over time.

``group_by`` is one of :data:`GROUPS`. Sums are in money; the realisation index of a group is
the index of its *net* value to date (:func:`~.index.realisation_index` of the summed plan
and the summed realised value, dis-benefits included with their negative sign), never an
average over its benefits, so a large benefit weighs more than a small one, as money should,
and a group whose net plan is a loss is read as a dis-benefit.

>>> table = realisation_table(org, "2026-09-30", group_by="programme")  # doctest: +SKIP
>>> profile = cumulative_profile(org, "2026-09-30", group_by="programme")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from vmo_lib.realization.forecast import Forecast, forecast_to_completion
from vmo_lib.realization.index import realisation_index
from vmo_lib.realization.periods import as_periods, cut_to_date, last_complete_quarter
from vmo_lib.realization.todate import BenefitData, safe_ratio, value_to_date

__all__ = ["GROUPS", "NO_DRIVER", "cumulative_profile", "group_labels", "realisation_table"]

#: Columns of a per-group realisation table, in reading order (money, shares 0-1).
GROUP_COLUMNS: tuple[str, ...] = (
    "label",
    "benefits",
    "planned_total",
    "planned_to_date",
    "realised_to_date",
    "value_variance",
    "realisation_index",
    "forecast_at_completion",
    "forecast_variance",
    "forecast_share",
)

GROUPS: tuple[str, ...] = ("benefit", "project", "driver", "programme")
"""Levels at which value is summed."""
NO_DRIVER = "(no driver)"
"""Group label of benefits not linked to a value driver."""


def _check_group(group_by: str) -> None:
    if group_by not in GROUPS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPS)}, got {group_by!r}")


def group_labels(org: BenefitData, group_by: str) -> pd.DataFrame:
    """Per ``benefit_id``: the ``group`` it is summed under and the group's readable ``label``.

    Benefits use their id (label: the benefit's name), projects their id (label: project
    name), drivers their id (label: driver name; blank driver -> :data:`NO_DRIVER`),
    programmes their name.
    """
    _check_group(group_by)
    benefits = org.benefits.assign(benefit_id=org.benefits["benefit_id"].astype(str))
    benefits = benefits.set_index("benefit_id")
    projects = getattr(org, "projects", pd.DataFrame(columns=["project_id", "name", "programme"]))
    by_project = projects.assign(project_id=projects["project_id"].astype(str)).set_index(
        "project_id"
    )
    pid = benefits["project_id"].astype(str)
    if group_by == "benefit":
        group = pd.Series(benefits.index, index=benefits.index)
        label = benefits["name"].astype(str)
    elif group_by == "project":
        group = pid
        label = pid.map(by_project["name"].astype(str)).fillna(pid)
    elif group_by == "programme":
        group = pid.map(by_project["programme"].astype(str)).fillna("(unknown programme)")
        label = group
    else:
        drivers = getattr(org, "value_drivers", pd.DataFrame(columns=["driver_id", "name"]))
        names = pd.Series(
            drivers["name"].astype(str).to_numpy(), index=drivers["driver_id"].astype(str)
        )
        group = benefits["driver_id"].astype(object).where(benefits["driver_id"].notna(), NO_DRIVER)
        group = group.astype(str)
        label = group.map(names).fillna(group)
    return pd.DataFrame({"group": group, "label": label}, index=benefits.index)


def realisation_table(
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
    group_by: str = "benefit",
    forecast: Forecast | None = None,
) -> pd.DataFrame:
    """Planned versus realised value to date and forecast at completion, per group (money).

    Columns: ``group``, ``label``, ``benefits`` (count), ``planned_total``,
    ``planned_to_date``, ``realised_to_date``, ``value_variance`` (realised - planned to
    date), ``realisation_index`` (of the group's net value to date, see the module doc;
    NaN when nothing is planned yet), ``forecast_at_completion``, ``forecast_variance``
    (forecast - planned total) and ``forecast_share`` (forecast / planned total).
    ``forecast`` defaults to :func:`~.forecast.forecast_to_completion` with its default
    method. Sorted by planned total,
    largest first.
    """
    if forecast is None:
        forecast = forecast_to_completion(org, as_of)
    values = value_to_date(org, as_of).join(forecast.totals[["forecast_at_completion"]])
    values = values.join(group_labels(org, group_by))
    money = ["planned_total", "planned_to_date", "realised_to_date", "forecast_at_completion"]
    sums = values.groupby("group", sort=False)[money].sum()
    sums.insert(0, "benefits", values.groupby("group", sort=False).size())
    sums.insert(0, "label", values.groupby("group", sort=False)["label"].first())
    sums["value_variance"] = sums["realised_to_date"] - sums["planned_to_date"]
    sums["realisation_index"] = realisation_index(sums["planned_to_date"], sums["realised_to_date"])
    sums["forecast_variance"] = sums["forecast_at_completion"] - sums["planned_total"]
    sums["forecast_share"] = safe_ratio(sums["forecast_at_completion"], sums["planned_total"])
    out = sums[list(GROUP_COLUMNS)].sort_values("planned_total", ascending=False, kind="stable")
    return out.rename_axis("group").reset_index()


def cumulative_profile(
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
    group_by: str = "programme",
    forecast: Forecast | None = None,
    portfolio: bool = False,
) -> pd.DataFrame:
    """Quarter by quarter, cumulative planned, realised and forecast value per group (money).

    One row per group and quarter of the plan (or of the actuals, if earlier). Columns
    ``group``, ``quarter`` (period), ``planned``, ``realised`` and ``forecast`` (that
    quarter's value) and ``cum_planned``, ``cum_realised`` (NaN after ``as_of``) and
    ``cum_forecast`` (NaN before the last complete quarter; equal to ``cum_realised`` there
    so the two lines join). ``portfolio=True`` puts every benefit in one group,
    ``"Portfolio"``.
    """
    if forecast is None:
        forecast = forecast_to_completion(org, as_of)
    if portfolio:
        ids = org.benefits["benefit_id"].astype(str)
        groups = pd.Series("Portfolio", index=pd.Index(ids, name="benefit_id"))
    else:
        groups = group_labels(org, group_by)["group"]
    cut = last_complete_quarter(as_of)

    def per_quarter(frame: pd.DataFrame, column: str) -> pd.Series:
        keyed = frame.assign(
            group=frame["benefit_id"].astype(str).map(groups), quarter=as_periods(frame["quarter"])
        )
        return keyed.groupby(["group", "quarter"])[column].sum()

    parts = {
        "planned": per_quarter(org.benefit_plan, "planned_value"),
        "realised": per_quarter(cut_to_date(org.benefit_actuals, as_of), "realised_value"),
        "forecast": per_quarter(forecast.quarterly, "forecast_value"),
    }
    frame = pd.concat(parts, axis=1).fillna(0.0).sort_index().reset_index()
    if frame.empty:
        cols = ["group", "quarter", *parts, "cum_planned", "cum_realised", "cum_forecast"]
        return pd.DataFrame(columns=cols)
    frame = _fill_quarters(frame)
    by_group = frame.groupby("group", sort=False)
    frame["cum_planned"] = by_group["planned"].cumsum()
    frame["cum_realised"] = by_group["realised"].cumsum()
    past = frame["quarter"] <= cut
    frame["cum_forecast"] = (
        (frame["realised"].where(past, frame["forecast"])).groupby(frame["group"]).cumsum()
    )
    frame.loc[~past, "cum_realised"] = np.nan
    frame.loc[frame["quarter"] < cut, "cum_forecast"] = np.nan
    return frame


def _fill_quarters(frame: pd.DataFrame) -> pd.DataFrame:
    """Every quarter from the first to the last for every group (zeros where nothing)."""
    quarters = pd.period_range(frame["quarter"].min(), frame["quarter"].max(), freq="Q")
    full = pd.MultiIndex.from_product(
        [frame["group"].unique(), quarters], names=["group", "quarter"]
    )
    values = frame.set_index(["group", "quarter"]).reindex(full, fill_value=0.0)
    return values.reset_index()
