"""The portfolio's health at a data date: the headline figures a steering committee sees.

Portfolio indices (PMBOK / ANSI-748)
------------------------------------
The portfolio's cost and schedule performance indices (CPI = sum EV / sum AC, SPI = sum EV /
sum PV) and the earned-value totals beside them cover projects **in flight** only. A closed
project has EV = PV = BAC, so its SPI is 1 however late it finished, and counting it would
flatter the portfolio. Closed projects' schedule performance is shown instead as **finish
slip**: actual minus baseline finish, in days (median and mean), and the share that finished
after their baseline. :func:`vmo_lib.baseline.views.measurement_rules` states every rule in
plain words for a handout. Which projects count as on time and on budget is set out in
:mod:`vmo_lib.baseline.performance`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from vmo_lib.baseline.performance import (
    DELIVERY_STAGES,
    _as_float,
    delivery_projects,
    project_performance,
)
from vmo_lib.baseline.scope import changes_per_year, delivery_years
from vmo_lib.evm import EAC_BASIS_LABELS, EAC_METHOD_LABELS, EacMethod
from vmo_lib.notebook.record import Figure

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

    def recorded(self) -> tuple[Figure, ...]:
        """The key figures notebook 00 records for the handouts index (names, labels and units
        are read by the index and the tests: keep them stable)."""
        return (
            Figure("n_projects", self.n_projects, "Projects", "count"),
            Figure("n_delivery", self.n_delivery, "In delivery", "count"),
            Figure("n_in_flight", self.n_in_flight, "In flight", "count"),
            Figure("on_time_rate", self.on_time_rate, "On time", "percent"),
            Figure("on_budget_rate", self.on_budget_rate, "On budget", "percent"),
            Figure("portfolio_cpi", self.portfolio_cpi, "Portfolio CPI (in flight)", "ratio"),
            Figure("portfolio_spi", self.portfolio_spi, "Portfolio SPI (in flight)", "ratio"),
            Figure(
                "closed_median_slip_days",
                self.closed_median_slip_days,
                "Closed projects: median finish slip (days)",
            ),
            Figure(
                "closed_share_late",
                self.closed_share_late,
                "Closed projects finished late",
                "percent",
            ),
            Figure("n_ev_over_bac", self.n_ev_over_bac, "Earned value above budget", "count"),
            Figure("median_scope_changes", self.median_scope_changes, "Median scope changes"),
            Figure("n_overdue", self.n_overdue, "Past baseline finish", "count"),
            Figure("total_bac", self.total_bac, "Budget in delivery", "money"),
        )

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

    >>> from vmo_lib.baseline.performance import example_projects
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
        scope_changes_per_project_year=changes_per_year(
            changes, delivery_years(delivery, as_of_ts)
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


def _rate(flags: pd.Series) -> float:
    known = flags.dropna()
    return float(known.astype(bool).mean()) if len(known) else float("nan")


def _safe_ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("nan")
