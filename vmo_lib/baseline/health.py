"""Where the PMO stands today: the triple-constraint view of a portfolio (cost, time, scope).

Pure functions on the ``projects`` table (columns in :mod:`vmo_lib.data.schema`). They answer
the questions a classic PMO report answers: which projects are over budget or late, how much
scope moves, what the project managers report (RAG), and what the current priority list is.

Which projects count
--------------------
Earned value needs work to have started, so cost and schedule measures cover the *delivery*
stages only: ``in flight`` and ``closed`` (:data:`DELIVERY_STAGES`). ``proposed`` and
``approved`` projects are counted in the stage totals but have no earned value, no slip and no
on-time or on-budget flag. Within delivery:

* **on budget** is judged on the forecast final cost: the actual cost for a ``closed`` project
  (its cost is known), the estimate at completion (EAC) for an ``in flight`` one. Projects whose
  forecast is blank (nothing paid for yet, see :mod:`vmo_lib.evm`) are left out of the rate.
* **on time** is judged on the forecast (or actual) finish against the baseline finish.

Portfolio indices (PMBOK / ANSI-748)
------------------------------------
The portfolio's cost and schedule performance indices (CPI = sum EV / sum AC, SPI = sum EV /
sum PV) and the earned-value totals beside them cover projects **in flight** only. A closed
project has EV = PV = BAC, so its SPI is 1 however late it finished, and counting it would
flatter the portfolio. Closed projects' schedule performance is shown instead as **finish
slip**: actual minus baseline finish, in days (median and mean), and the share that finished
after their baseline. :func:`measurement_rules` states every rule in plain words for a
handout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from vmo_lib.display.listing import ShownRows, quantity_text, top_and_bottom
from vmo_lib.display.tables import COLUMN_LABELS, format_table
from vmo_lib.evm import EAC_BASIS_LABELS, EAC_METHOD_LABELS, METRICS, EacMethod, earned_value_of

DELIVERY_STAGES: tuple[str, ...] = ("in flight", "closed")
"""Stages in which work has started, so earned value applies."""
REPORTING_STAGES: tuple[str, ...] = ("in flight",)
"""Stages whose RAG status is a current report on work under way (approved projects have not
started and closed ones report no more)."""
RAG_ORDER: tuple[str, ...] = ("green", "amber", "red")
_DAYS_PER_YEAR = 365.25

PERFORMANCE_LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "tcpi": "TCPI to the budget (BAC)",
    "tcpi_eac": "TCPI to the forecast (EAC)",
    "eac_basis": "How the EAC was forecast",
    "ev_over_bac": "Earned value above budget",
    "in_flight": "In flight",
    "closed": "Closed",
    "closed_median_slip_days": "Closed: median slip (days)",
    "closed_share_late": "Closed: finished late",
}
"""Plain-language headers for :func:`project_performance` and :func:`programme_totals`."""

FigureKind = Literal["integer", "percent", "money", "ratio", "number", "text"]


@dataclass(frozen=True)
class KeyFigure:
    """One headline figure with the kind of number it is, so a table can format it."""

    label: str
    value: float | int | str
    kind: FigureKind


@dataclass(frozen=True)
class PortfolioHealth:
    """Headline execution figures of a portfolio at a data date (see :func:`portfolio_health`).

    Rates are shares in 0-1 (``NaN`` when no project qualifies); money is in the organisation's
    currency; ``portfolio_cpi``/``portfolio_spi`` are dimensionless (sum of EV over sum of AC or
    PV across projects **in flight**, i.e. weighted by size rather than an average of ratios);
    ``total_pv``/``total_ev``/``total_ac`` are the in-flight sums behind them, ``total_bac`` the
    budget of all delivery projects. ``closed_*`` describe closed projects' finish slip in days
    (actual minus baseline finish, positive = late) and the share that finished late (slip
    above 0 days). ``n_ev_over_bac`` counts delivery projects whose earned value exceeds their
    budget; ``n_nothing_earned`` those with money spent and nothing earned (their EAC rule is
    stated in :data:`vmo_lib.evm.EAC_BASIS_LABELS`).
    """

    as_of: pd.Timestamp
    n_projects: int
    n_by_stage: dict[str, int]
    n_delivery: int
    n_with_cost: int
    n_on_time: int
    n_on_budget: int
    on_time_rate: float
    on_budget_rate: float
    n_overdue: int
    median_scope_changes: float
    share_with_scope_changes: float
    scope_changes_per_project_year: float
    n_in_flight: int
    n_closed: int
    closed_median_slip_days: float
    closed_mean_slip_days: float
    closed_share_late: float
    n_ev_over_bac: int
    n_nothing_earned: int
    total_bac: float
    total_pv: float
    total_ev: float
    total_ac: float
    portfolio_cpi: float
    portfolio_spi: float
    on_budget_tolerance: float
    on_time_tolerance_days: float
    eac_method: EacMethod

    def assumptions(self) -> tuple[KeyFigure, ...]:
        """The choices behind the figures (data date, EAC formula, tolerances), for a table."""
        return (
            KeyFigure("Data date", self.as_of.strftime("%Y-%m-%d"), "text"),
            KeyFigure("Forecast of final cost (EAC)", EAC_METHOD_LABELS[self.eac_method], "text"),
            KeyFigure("Overrun still counted as on budget", self.on_budget_tolerance, "percent"),
            KeyFigure(
                "Slip still counted as on time (days)", self.on_time_tolerance_days, "integer"
            ),
        )

    def key_figures(self) -> tuple[KeyFigure, ...]:
        """The figures a reader needs first, labelled in plain language, for a summary table."""
        return (
            KeyFigure("Projects in the portfolio", self.n_projects, "integer"),
            KeyFigure("Projects in delivery (in flight or closed)", self.n_delivery, "integer"),
            KeyFigure("On time (within tolerance)", self.on_time_rate, "percent"),
            KeyFigure(
                "On budget (within tolerance, among projects with costs)",
                self.on_budget_rate,
                "percent",
            ),
            KeyFigure("Still in flight after their baseline finish", self.n_overdue, "integer"),
            KeyFigure(
                "Median approved scope changes per project", self.median_scope_changes, "number"
            ),
            KeyFigure(
                "Projects with at least one scope change", self.share_with_scope_changes, "percent"
            ),
            KeyFigure(
                "Scope changes per project-year", self.scope_changes_per_project_year, "number"
            ),
            KeyFigure("Budget at completion, delivery projects", self.total_bac, "money"),
            KeyFigure("Projects in flight", self.n_in_flight, "integer"),
            KeyFigure("Planned value to date, projects in flight", self.total_pv, "money"),
            KeyFigure("Earned value to date, projects in flight", self.total_ev, "money"),
            KeyFigure("Actual cost to date, projects in flight", self.total_ac, "money"),
            KeyFigure(
                "Portfolio cost performance (CPI), projects in flight", self.portfolio_cpi, "ratio"
            ),
            KeyFigure(
                "Portfolio schedule performance (SPI), projects in flight",
                self.portfolio_spi,
                "ratio",
            ),
            KeyFigure("Closed projects", self.n_closed, "integer"),
            KeyFigure(
                "Closed projects: median finish slip (days, positive = late)",
                self.closed_median_slip_days,
                "number",
            ),
            KeyFigure(
                "Closed projects: mean finish slip (days, positive = late)",
                self.closed_mean_slip_days,
                "number",
            ),
            KeyFigure(
                "Closed projects that finished after their baseline finish",
                self.closed_share_late,
                "percent",
            ),
        )


def delivery_projects(projects: pd.DataFrame) -> pd.DataFrame:
    """The projects in :data:`DELIVERY_STAGES` (work started), in their original order."""
    return projects[projects["stage"].astype("string").isin(DELIVERY_STAGES).fillna(False)]


def project_performance(
    projects: pd.DataFrame,
    eac_method: EacMethod = "cpi",
    on_budget_tolerance: float = 0.05,
    on_time_tolerance_days: float = 30,
) -> pd.DataFrame:
    """Earned value, slip and on-time/on-budget flags for each project in delivery.

    One row per ``in flight`` or ``closed`` project (index kept from ``projects``) with the
    identifying columns, the EVM inputs, ``cv, sv, cpi, spi, eac, etc, vac, tcpi, tcpi_eac``
    (see :func:`vmo_lib.evm.earned_value`; ``eac_method`` picks the EAC formula) and:

    * ``eac_basis``: which rule gave the EAC, in words (the chosen method, or the stated rule
      when nothing is earned yet, no work remains, or EV exceeds BAC);
    * ``ev_over_bac``: earned value above the budget (scope grew without a new baseline);

    * ``final_cost`` (currency): actual cost if closed, EAC if in flight;
    * ``cost_overrun`` (share of BAC): ``final_cost / BAC - 1``, positive = over budget;
    * ``on_budget``: ``cost_overrun <= on_budget_tolerance`` (blank when the forecast is blank);
    * ``slip_days`` (days): forecast (or actual) finish minus baseline finish, positive = late;
    * ``on_time``: ``slip_days <= on_time_tolerance_days`` (blank when a date is missing);
    * ``why_blank``: why any metric of the row is blank, in plain words.

    >>> row = project_performance(example_projects()).iloc[0]
    >>> float(row["cpi"]), float(row["slip_days"]), bool(row["on_time"])
    (0.8, 61.0, False)
    """
    delivery = delivery_projects(projects)
    ev = earned_value_of(delivery, eac_method)
    closed = delivery["stage"].astype("string").eq("closed").fillna(False)
    final_cost = ev.ac.where(closed, ev.eac)
    with np.errstate(divide="ignore", invalid="ignore"):
        overrun = (final_cost / ev.bac - 1).replace([np.inf, -np.inf], np.nan)
    slip = (delivery["forecast_finish"] - delivery["planned_finish"]).dt.days.astype(float)
    keep = ["project_id", "name", "programme", "stage", "rag_status", "scope_changes"]
    out = delivery[keep].copy()
    for column in ("budget_at_completion", "planned_value", "earned_value", "actual_cost"):
        out[column] = delivery[column].astype(float)
    for metric in METRICS:
        out[metric] = getattr(ev, metric)
    out["eac_basis"] = ev.eac_basis
    out["ev_over_bac"] = (ev.ev > ev.bac).to_numpy()
    out["final_cost"] = final_cost
    out["cost_overrun"] = overrun
    out["on_budget"] = _flag(overrun, overrun <= on_budget_tolerance)
    out["slip_days"] = slip
    out["on_time"] = _flag(slip, slip <= on_time_tolerance_days)
    out["why_blank"] = ev.why_blank
    return out


def portfolio_health(
    projects: pd.DataFrame,
    eac_method: EacMethod = "cpi",
    on_budget_tolerance: float = 0.05,
    on_time_tolerance_days: float = 30,
    as_of: str | pd.Timestamp | None = None,
) -> PortfolioHealth:
    """Headline execution figures: on-time and on-budget rates, scope churn, EVM totals.

    * on-time rate: share of delivery projects with both dates whose slip is within
      ``on_time_tolerance_days``;
    * on-budget rate: share of delivery projects *with a forecast final cost* (some cost paid)
      whose overrun is within ``on_budget_tolerance`` (a share of BAC);
    * scope churn: median approved changes per delivery project, share with at least one, and
      changes per project-year of elapsed delivery (start to ``as_of``, or to the actual finish
      of a closed project);
    * overdue: ``in flight`` projects whose baseline finish is before ``as_of``;
    * total BAC over delivery projects; totals of PV, EV and AC over projects **in flight**,
      and portfolio CPI = sum EV / sum AC, SPI = sum EV / sum PV over the same projects (a
      closed project's SPI is 1 however late it finished);
    * closed projects' finish slip (median and mean days, share finished late).

    ``as_of`` is the data date (default: today).

    >>> health = portfolio_health(example_projects(), as_of="2026-09-30")
    >>> health.n_delivery, health.n_on_time, round(health.portfolio_cpi, 3)
    (3, 2, 0.8)
    >>> health.n_closed, health.closed_median_slip_days, health.closed_share_late
    (1, 10.0, 1.0)
    """
    as_of_ts = pd.Timestamp("today").normalize() if as_of is None else pd.Timestamp(as_of)
    perf = project_performance(projects, eac_method, on_budget_tolerance, on_time_tolerance_days)
    delivery = delivery_projects(projects)
    stages = projects["stage"].astype("string")
    n_by_stage = {s: int(stages.eq(s).sum()) for s in ("proposed", "approved", *DELIVERY_STAGES)}
    changes = _as_float(perf["scope_changes"])
    stage = perf["stage"].astype("string")
    in_flight = stage.eq("in flight").fillna(False)
    closed = stage.eq("closed").fillna(False)
    totals = {
        c: float(perf.loc[in_flight, c].sum())
        for c in ("planned_value", "earned_value", "actual_cost")
    }
    closed_slip = perf.loc[closed, "slip_days"].dropna()
    overdue = in_flight & (delivery["planned_finish"] < as_of_ts).fillna(False)
    return PortfolioHealth(
        as_of=as_of_ts,
        n_projects=len(projects),
        n_by_stage=n_by_stage,
        n_delivery=len(perf),
        n_with_cost=int(perf["final_cost"].notna().sum()),
        n_on_time=int(perf["on_time"].sum()),
        n_on_budget=int(perf["on_budget"].sum()),
        on_time_rate=_rate(perf["on_time"]),
        on_budget_rate=_rate(perf["on_budget"]),
        n_overdue=int(overdue.sum()),
        median_scope_changes=float(changes.median()),
        share_with_scope_changes=float((changes > 0).where(changes.notna()).mean()),
        scope_changes_per_project_year=_changes_per_year(
            changes, _delivery_years(delivery, as_of_ts)
        ),
        n_in_flight=int(in_flight.sum()),
        n_closed=int(closed.sum()),
        closed_median_slip_days=float(closed_slip.median()) if len(closed_slip) else np.nan,
        closed_mean_slip_days=float(closed_slip.mean()) if len(closed_slip) else np.nan,
        closed_share_late=float((closed_slip > 0).mean()) if len(closed_slip) else np.nan,
        n_ev_over_bac=int(perf["ev_over_bac"].sum()),
        n_nothing_earned=int(perf["eac_basis"].eq(EAC_BASIS_LABELS["nothing_earned"]).sum()),
        total_bac=float(perf["budget_at_completion"].sum()),
        total_pv=totals["planned_value"],
        total_ev=totals["earned_value"],
        total_ac=totals["actual_cost"],
        portfolio_cpi=_safe_ratio(totals["earned_value"], totals["actual_cost"]),
        portfolio_spi=_safe_ratio(totals["earned_value"], totals["planned_value"]),
        on_budget_tolerance=float(on_budget_tolerance),
        on_time_tolerance_days=float(on_time_tolerance_days),
        eac_method=eac_method,
    )


def rag_by_programme(
    projects: pd.DataFrame, stages: Sequence[str] = REPORTING_STAGES
) -> pd.DataFrame:
    """Count and share of green, amber and red reports per programme.

    Only projects in ``stages`` count (default :data:`REPORTING_STAGES`: in flight, whose
    status is a current report on work under way). One row per programme, sorted by name,
    with columns ``programme, green, amber, red, total, green_share, amber_share, red_share``
    (shares of the programme's total, 0-1). Projects with no status are not counted.

    >>> rag_by_programme(example_projects())[["programme", "green", "red", "total"]]
      programme  green  red  total
    0     Alpha      0    1      1
    1      Beta      1    0      1
    """
    reporting = projects[projects["stage"].astype("string").isin(stages).fillna(False)]
    reporting = reporting[reporting["rag_status"].notna()]
    counts = pd.crosstab(
        reporting["programme"].astype("string"), reporting["rag_status"].astype("string")
    ).reindex(columns=list(RAG_ORDER), fill_value=0)
    counts.columns.name = None
    counts["total"] = counts.sum(axis=1)
    for colour in RAG_ORDER:
        counts[f"{colour}_share"] = counts[colour] / counts["total"]
    counts.index.name = "programme"
    return counts.sort_index().reset_index()


def scope_churn(projects: pd.DataFrame, as_of: str | pd.Timestamp) -> pd.DataFrame:
    """Approved scope changes per programme, for delivery projects.

    One row per programme (sorted) with ``projects`` (count), ``scope_changes`` (total count),
    ``median_changes`` (per project), ``share_with_changes`` (0-1: projects with at least one)
    and ``changes_per_project_year`` (total changes over years elapsed in delivery up to
    ``as_of``, so long-running projects are not blamed for being old).

    >>> churn = scope_churn(example_projects(), as_of="2026-09-30")
    >>> churn[["programme", "projects", "scope_changes"]]
      programme  projects  scope_changes
    0     Alpha         1              3
    1      Beta         2              1
    """
    delivery = delivery_projects(projects)
    frame = pd.DataFrame(
        {
            "programme": delivery["programme"].astype("string"),
            "changes": _as_float(delivery["scope_changes"]),
            "years": _delivery_years(delivery, pd.Timestamp(as_of)),
        }
    )
    rows = []
    for programme, group in frame.groupby("programme", sort=True):
        changes = group["changes"]
        rows.append(
            {
                "programme": programme,
                "projects": len(group),
                "scope_changes": int(changes.sum()),
                "median_changes": float(changes.median()),
                "share_with_changes": float((changes > 0).where(changes.notna()).mean()),
                "changes_per_project_year": _changes_per_year(changes, group["years"]),
            }
        )
    columns = [
        "programme",
        "projects",
        "scope_changes",
        "median_changes",
        "share_with_changes",
        "changes_per_project_year",
    ]
    return pd.DataFrame(rows, columns=columns)


def legacy_priority_list(projects: pd.DataFrame, top_n: int = 10) -> pd.DataFrame:
    """The PMO's current priority list: the ``top_n`` projects by ``legacy_priority`` (1 first).

    Keeps what the list is usually shown with (stage, status, budget) next to what it leaves
    implicit (promised benefit, NPV, benefit owner), so the gap is visible.

    >>> legacy_priority_list(example_projects(), top_n=2)["project_id"].tolist()
    ['P-02', 'P-01']
    """
    columns = [
        "legacy_priority",
        "project_id",
        "name",
        "programme",
        "sponsor",
        "stage",
        "rag_status",
        "budget_at_completion",
        "business_case_benefit",
        "business_case_npv",
        "benefit_owner",
    ]
    ranked = projects.sort_values("legacy_priority", kind="stable", na_position="last")
    return ranked[columns].head(int(top_n)).reset_index(drop=True)


PerformanceView = Literal["to_date", "forecast", "schedule", "closed", "programmes"]

_VIEWS: dict[str, dict[str, tuple[str, ...]]] = {
    "to_date": {
        "columns": (
            "project_id",
            "name",
            "rag_status",
            "budget_at_completion",
            "planned_value",
            "earned_value",
            "actual_cost",
            "cv",
            "sv",
            "cpi",
            "spi",
        ),
        "money": (
            "budget_at_completion",
            "planned_value",
            "earned_value",
            "actual_cost",
            "cv",
            "sv",
        ),
        "ratio": ("cpi", "spi"),
    },
    "forecast": {
        "columns": (
            "project_id",
            "budget_at_completion",
            "eac",
            "vac",
            "cost_overrun",
            "tcpi",
            "tcpi_eac",
            "eac_basis",
            "why_blank",
        ),
        "money": ("budget_at_completion", "eac", "vac"),
        "percent": ("cost_overrun",),
        "ratio": ("tcpi", "tcpi_eac"),
    },
    "schedule": {
        "columns": ("project_id", "name", "slip_days", "on_time", "cost_overrun", "on_budget"),
        "percent": ("cost_overrun",),
        "integer": ("slip_days",),
        "yes_no": ("on_time", "on_budget"),
    },
    "closed": {
        "columns": (
            "project_id",
            "name",
            "budget_at_completion",
            "final_cost",
            "cost_overrun",
            "on_budget",
            "slip_days",
            "on_time",
        ),
        "money": ("budget_at_completion", "final_cost"),
        "percent": ("cost_overrun",),
        "integer": ("slip_days",),
        "yes_no": ("on_budget", "on_time"),
    },
    "programmes": {
        "columns": (
            "programme",
            "in_flight",
            "closed",
            "budget_at_completion",
            "earned_value",
            "actual_cost",
            "cpi",
            "spi",
            "vac",
            "closed_median_slip_days",
            "closed_share_late",
        ),
        "money": ("budget_at_completion", "earned_value", "actual_cost", "vac"),
        "ratio": ("cpi", "spi"),
        "integer": ("in_flight", "closed"),
        "number": ("closed_median_slip_days",),
        "percent": ("closed_share_late",),
    },
}
"""Columns and formats of each project table of notebook 00 (see :func:`performance_table`)."""

LISTING_ORDER: dict[str, tuple[str, str]] = {
    "to_date": ("cost_overrun", "forecast overrun"),
    "forecast": ("cost_overrun", "forecast overrun"),
    "schedule": ("slip_days", "forecast slip"),
    "closed": ("slip_days", "finish slip"),
}
"""What a long project table is ranked by before its top and bottom are shown."""


def listed(performance: pd.DataFrame, view: PerformanceView, n: int) -> ShownRows:
    """The rows of a project table to show: all when there are at most ``2 * n``, else the
    ``n`` highest and ``n`` lowest by :data:`LISTING_ORDER` (worst overrun or slip first),
    with a note saying so. Short tables keep the largest budgets first, as before.

    >>> shown = listed(project_performance(example_projects()), "closed", 1)
    >>> shown.truncated, shown.table["project_id"].tolist()
    (True, ['P-01', 'P-04'])
    """
    ordered = performance.sort_values("budget_at_completion", ascending=False, kind="stable")
    if len(ordered) <= 2 * max(int(n), 1):
        return top_and_bottom(ordered, n)
    by, label = LISTING_ORDER[view]
    return top_and_bottom(ordered, n, by=by, what="projects", by_label=label)


def caption_note(rows: ShownRows) -> str:
    """What a truncated listing leaves out, to append to its caption ("" when all is shown).

    >>> caption_note(top_and_bottom(pd.DataFrame({"x": range(5)}), 1, by="x"))
    '. Showing the 1 highest and 1 lowest of 5 rows by x.'
    """
    return f". {rows.note}" if rows.truncated else ""


def programme_rows(frame: pd.DataFrame, n: int, by: str) -> ShownRows:
    """The rows of a by-programme table to show: all (in their order) when there are at most
    ``2 * n`` programmes, else the ``n`` largest and ``n`` smallest by ``by`` with a note. An
    ``All programmes`` total row (see :func:`programme_totals`) always stays, last.

    >>> totals = programme_totals(project_performance(example_projects()))
    >>> programme_rows(totals, 1, by="in_flight").table["programme"].tolist()
    ['Alpha', 'Beta', 'All programmes']
    """
    total = frame["programme"].astype("string").eq("All programmes").fillna(False)
    body, tail = frame[~total], frame[total]
    shown = (
        top_and_bottom(body, n)
        if len(body) <= 2 * max(int(n), 1)
        else top_and_bottom(
            body, n, by=by, what="programmes", by_label=PERFORMANCE_LABELS.get(by, by).lower()
        )
    )
    return ShownRows(pd.concat([shown.table, tail]), shown.total, shown.truncated, shown.note)


def performance_table(
    rows: pd.DataFrame | ShownRows,
    view: PerformanceView,
    caption: str,
    currency: str | None = None,
) -> Any:
    """One of notebook 00's project tables (``to_date``: earned value so far; ``forecast``:
    EAC, VAC, both TCPIs and the EAC rule; ``schedule``: slip and the on-time and on-budget
    flags; ``closed``: final cost and finish slip;
    ``programmes``: :func:`programme_totals`), formatted and escaped for the handout. A
    truncated listing adds its note to the caption.
    """
    frame = rows.table if isinstance(rows, ShownRows) else rows
    if isinstance(rows, ShownRows):
        caption += caption_note(rows)
        if rows.truncated and view != "programmes":
            caption += " Every project is in the export below."
    spec = _VIEWS[view]
    return format_table(
        frame[list(spec["columns"])],
        money=spec.get("money", ()),
        percent=spec.get("percent", ()),
        ratio=spec.get("ratio", ()),
        integer=spec.get("integer", ()),
        number=spec.get("number", ()),
        yes_no=spec.get("yes_no", ()),
        labels=PERFORMANCE_LABELS,
        short_money=True,
        currency=currency,
        caption=caption,
    )


def stage_performance(performance: pd.DataFrame, stage: str) -> pd.DataFrame:
    """The rows of :func:`project_performance` in one ``stage`` (``in flight`` or ``closed``).

    >>> stage_performance(project_performance(example_projects()), "closed")["project_id"].tolist()
    ['P-02']
    """
    return performance[performance["stage"].astype("string").eq(stage).fillna(False)]


def programme_totals(performance: pd.DataFrame) -> pd.DataFrame:
    """Earned value and finish slip per programme: the project table summed, for any size.

    One row per programme (sorted) and a last ``All programmes`` row, with ``in_flight`` and
    ``closed`` (counts), ``budget_at_completion`` (all delivery projects), ``planned_value``,
    ``earned_value``, ``actual_cost``, ``eac`` and ``vac`` (sums over projects in flight; EAC
    blanks count as 0 and are rare), ``cpi`` and ``spi`` (in flight, sum over sum, as the
    portfolio's), ``closed_median_slip_days`` and ``closed_share_late`` (closed projects).
    Vectorised: one group-by, whatever the number of projects.

    >>> programme_totals(project_performance(example_projects()))[["programme", "cpi"]]
            programme  cpi
    0           Alpha  0.8
    1            Beta  NaN
    2  All programmes  0.8
    """
    frame = performance.assign(
        programme=performance["programme"].astype("string").fillna("(no programme)"),
        in_flight=performance["stage"].astype("string").eq("in flight").fillna(False),
        closed=performance["stage"].astype("string").eq("closed").fillna(False),
    )
    flight_sums = ["planned_value", "earned_value", "actual_cost", "eac", "vac"]
    for column in flight_sums:
        frame[column] = frame[column].where(frame["in_flight"], 0.0).fillna(0.0)
    frame["closed_slip"] = frame["slip_days"].where(frame["closed"])
    frame["closed_late"] = (frame["closed_slip"] > 0).where(frame["closed_slip"].notna())
    sums = ["in_flight", "closed", "budget_at_completion", *flight_sums]

    grouped = frame.groupby("programme", sort=True)
    table = grouped[sums].sum()
    table["closed_median_slip_days"] = grouped["closed_slip"].median()
    table["closed_share_late"] = grouped["closed_late"].mean()
    everything = frame[sums].sum().to_frame().T
    everything["closed_median_slip_days"] = frame["closed_slip"].median()
    everything["closed_share_late"] = frame["closed_late"].astype(float).mean()
    everything.index = pd.Index(["All programmes"], name="programme")
    table = pd.concat([table, everything]).astype(float)
    table[["in_flight", "closed"]] = table[["in_flight", "closed"]].astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["cpi"] = (table["earned_value"] / table["actual_cost"]).where(
            table["actual_cost"] > 0
        )
        table["spi"] = (table["earned_value"] / table["planned_value"]).where(
            table["planned_value"] > 0
        )
    table.index.name = "programme"
    columns = [
        "programme",
        "in_flight",
        "closed",
        "budget_at_completion",
        "planned_value",
        "earned_value",
        "actual_cost",
        "cpi",
        "spi",
        "eac",
        "vac",
        "closed_median_slip_days",
        "closed_share_late",
    ]
    return table.reset_index()[columns]


def measurement_rules(health: PortfolioHealth) -> tuple[str, ...]:
    """The rules behind the earned-value figures, in plain words, for a handout's note.

    >>> rules = measurement_rules(portfolio_health(example_projects(), as_of="2026-09-30"))
    >>> rules[0].startswith("Portfolio CPI and SPI cover the 2 projects in flight")
    True
    """
    n_flight = quantity_text(health.n_in_flight)
    rules = [
        f"Portfolio CPI and SPI cover the {n_flight} projects in flight only, each the sum of "
        "earned value over the sum of actual cost (CPI) or of planned value (SPI), so large "
        "projects weigh more. Closed projects are left out: their earned and planned values "
        "both equal the budget, so their SPI is 1 however late they finished.",
        f"Closed projects ({quantity_text(health.n_closed)}) are judged on finish slip instead: "
        "actual finish minus baseline finish, in days (median and mean), and the share that "
        "finished after the baseline date.",
        f"The forecast of final cost (EAC) uses {EAC_METHOD_LABELS[health.eac_method]}. Where "
        "money has been spent but nothing earned yet, that formula cannot work (the CPI is 0), "
        "so the EAC is the cost so far plus the whole remaining budget, AC + (BAC - EV); "
        "projects with nothing paid for yet have no forecast. The column 'How the EAC was "
        "forecast' says which rule each project got.",
        "TCPI to the budget, (BAC - EV) / (BAC - AC), is the cost efficiency the remaining "
        "work needs to finish within the approved budget. It is blank exactly when the budget "
        "can no longer be met: the actual cost has passed the budget, or has reached it while "
        "work remains. TCPI to the forecast, (BAC - EV) / (EAC - AC), is the efficiency the "
        "forecast itself assumes. Both are 0 when no work remains.",
    ]
    over = health.n_ev_over_bac
    counted = (
        f"{quantity_text(over)} project{'s' if over != 1 else ''} here"
        if over
        else "no project here"
    )
    rules.append(
        "Earned value above the budget means the scope grew without a new baseline: the data "
        f"check warns about such rows ({counted}). Their earned value is kept for CV, CPI and "
        "SPI, and no work is counted as remaining, so their forecast final cost is the actual "
        "cost so far; re-baseline them for a real forecast."
    )
    return tuple(rules)


def example_projects() -> pd.DataFrame:
    """A four-project frame shaped like the ``projects`` table, for examples and tests."""
    stage = pd.CategoricalDtype(["proposed", "approved", "in flight", "closed"], ordered=True)
    return pd.DataFrame(
        {
            "project_id": ["P-01", "P-02", "P-03", "P-04"],
            "name": ["Portal", "Warehouse", "Billing", "Fleet"],
            "programme": ["Alpha", "Beta", "Beta", "Beta"],
            "sponsor": ["CFO", "COO", "CFO", "COO"],
            "stage": pd.Series(["in flight", "closed", "approved", "in flight"], dtype=stage),
            "start_date": pd.to_datetime(["2025-01-01", "2024-01-01", "2026-10-01", "2026-06-01"]),
            "planned_finish": pd.to_datetime(
                ["2026-06-30", "2025-06-30", "2027-06-30", "2027-06-30"]
            ),
            "forecast_finish": pd.to_datetime(
                ["2026-08-30", "2025-07-10", "2027-06-30", "2027-06-30"]
            ),
            "budget_at_completion": [1000.0, 500.0, 800.0, 300.0],
            "planned_value": [800.0, 500.0, 0.0, 0.0],
            "earned_value": [600.0, 500.0, 0.0, 0.0],
            "actual_cost": [750.0, 450.0, 0.0, 0.0],
            "scope_changes": pd.array([3, 1, 0, 0], dtype="Int64"),
            "rag_status": ["red", "green", "amber", "green"],
            "legacy_priority": pd.array([2, 1, 4, 3], dtype="Int64"),
            "business_case_benefit": [3000.0, 900.0, 2000.0, 400.0],
            "business_case_npv": [1200.0, 150.0, 700.0, np.nan],
            "probability_of_success": [0.7, 0.9, 0.6, 0.8],
            "benefit_owner": pd.array(["Head of Sales", None, "CFO", None], dtype="string"),
            "comments": pd.array(["", "", "", ""], dtype="string"),
        }
    )


def _flag(values: pd.Series, condition: pd.Series) -> pd.Series:
    """A nullable boolean: ``condition`` where ``values`` is known, <NA> elsewhere."""
    return condition.astype("boolean").mask(values.isna())


def _rate(flags: pd.Series) -> float:
    known = flags.dropna()
    return float(known.astype(bool).mean()) if len(known) else float("nan")


def _as_float(values: pd.Series) -> pd.Series:
    """A numeric column (nullable Int64 included) as float64 with NaN for blanks."""
    return pd.Series(values.to_numpy(dtype=float, na_value=np.nan), index=values.index)


def _safe_ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("nan")


def _delivery_years(delivery: pd.DataFrame, as_of: pd.Timestamp) -> pd.Series:
    """Years each delivery project has run: start to ``as_of`` (or to its finish if closed)."""
    closed = delivery["stage"].astype("string").eq("closed").fillna(False)
    end = delivery["forecast_finish"].where(closed, as_of).clip(upper=as_of)
    return ((end - delivery["start_date"]).dt.days / _DAYS_PER_YEAR).clip(lower=0)


def _changes_per_year(changes: pd.Series, years: pd.Series) -> float:
    """Total approved scope changes per project-year, over projects where both are known."""
    usable = changes.notna() & years.notna()
    total_years = float(years[usable].sum())
    return float(changes[usable].sum()) / total_years if total_years > 0 else float("nan")
