"""Baseline analysis against hand computation on a small frame built here (not bundled data)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from vmo_lib import baseline
from vmo_lib.baseline import views

STAGES = pd.CategoricalDtype(["proposed", "approved", "in flight", "closed"], ordered=True)


@pytest.fixture
def projects() -> pd.DataFrame:
    """Six projects typed as the loader types them (string, categorical, Int64, datetime)."""
    return pd.DataFrame(
        {
            "project_id": pd.array(["P1", "P2", "P3", "P4", "P5", "P6"], dtype="string"),
            "name": pd.array(
                ["Dock", "Routing", "Portal", "Fleet", "CRM", "Drones"], dtype="string"
            ),
            "programme": pd.array(
                ["Ops", "Ops", "Digital", "Digital", "Digital", "Ops"], dtype="string"
            ),
            "sponsor": pd.array(["COO"] * 6, dtype="string"),
            "stage": pd.Series(
                ["in flight", "in flight", "closed", "in flight", "approved", "proposed"],
                dtype=STAGES,
            ),
            "start_date": pd.to_datetime(
                ["2025-07-01", "2026-01-01", "2025-01-01", "2026-09-01", "2027-01-01", None]
            ),
            "planned_finish": pd.to_datetime(
                ["2026-06-30", "2027-03-31", "2025-12-31", "2027-06-30", "2027-12-31", None]
            ),
            "forecast_finish": pd.to_datetime(
                ["2026-08-29", "2027-04-20", "2025-12-31", "2027-06-30", "2027-12-31", None]
            ),
            "budget_at_completion": [1000.0, 2000.0, 500.0, 300.0, 700.0, 900.0],
            "planned_value": [500.0, 1000.0, 500.0, 0.0, 0.0, 0.0],
            "earned_value": [400.0, 1000.0, 500.0, 0.0, 0.0, 0.0],
            "actual_cost": [500.0, 980.0, 520.0, 0.0, 0.0, 0.0],
            "scope_changes": pd.array([2, 0, 1, 0, 0, 0], dtype="Int64"),
            "rag_status": pd.Series(
                ["amber", "green", "green", "green", "red", "green"],
                dtype=pd.CategoricalDtype(["green", "amber", "red"], ordered=True),
            ),
            "legacy_priority": pd.array([3, 1, 5, 2, 4, 6], dtype="Int64"),
            "business_case_benefit": [4000.0, 5000.0, 800.0, 600.0, 2500.0, 3000.0],
            "business_case_npv": [900.0, 1500.0, np.nan, 100.0, 700.0, 1100.0],
            "probability_of_success": [0.7, 0.8, 1.0, 0.9, 0.6, 0.5],
            "benefit_owner": pd.array(["Ops lead", None, None, "CFO", None, None], dtype="string"),
            "comments": pd.array([""] * 6, dtype="string"),
        }
    )


def test_performance_covers_delivery_projects_only(projects: pd.DataFrame) -> None:
    perf = baseline.project_performance(projects)
    assert perf["project_id"].tolist() == ["P1", "P2", "P3", "P4"]
    assert perf.index.tolist() == [0, 1, 2, 3]


def test_performance_values_by_hand(projects: pd.DataFrame) -> None:
    perf = baseline.project_performance(projects).set_index("project_id")
    # P1: CPI 400/500, SPI 400/500, EAC 1000/0.8, overrun 25 %, 60 days late.
    assert perf.loc["P1", "cpi"] == pytest.approx(0.8)
    assert perf.loc["P1", "spi"] == pytest.approx(0.8)
    assert perf.loc["P1", "eac"] == pytest.approx(1250)
    assert perf.loc["P1", "vac"] == pytest.approx(-250)
    assert perf.loc["P1", "tcpi"] == pytest.approx(600 / 500)
    assert perf.loc["P1", "cost_overrun"] == pytest.approx(0.25)
    assert perf.loc["P1", "slip_days"] == 60
    assert not perf.loc["P1", "on_budget"] and not perf.loc["P1", "on_time"]
    # P2: EAC 2000 * 980 / 1000 = 1960, 2 % under; 20 days late is within 30.
    assert perf.loc["P2", "eac"] == pytest.approx(1960)
    assert perf.loc["P2", "cost_overrun"] == pytest.approx(-0.02)
    assert perf.loc["P2", "slip_days"] == 20
    assert perf.loc["P2", "on_budget"] and perf.loc["P2", "on_time"]
    # P3 closed: final cost is the actual cost 520, 4 % over: within 5 %.
    assert perf.loc["P3", "final_cost"] == 520
    assert perf.loc["P3", "cost_overrun"] == pytest.approx(0.04)
    assert perf.loc["P3", "on_budget"]
    # P4 has spent nothing: CPI and forecast blank, with the reason; on budget unknown.
    assert math.isnan(perf.loc["P4", "cpi"])
    assert pd.isna(perf.loc["P4", "on_budget"])
    assert "actual cost is 0" in perf.loc["P4", "why_blank"]
    assert perf.loc["P4", "on_time"]


def test_eac_method_and_tolerances(projects: pd.DataFrame) -> None:
    perf = baseline.project_performance(projects, eac_method="atypical").set_index("project_id")
    assert perf.loc["P1", "eac"] == pytest.approx(500 + (1000 - 400))
    assert perf.loc["P2", "eac"] == pytest.approx(980 + (2000 - 1000))
    strict = baseline.project_performance(
        projects, on_budget_tolerance=0.03, on_time_tolerance_days=10
    ).set_index("project_id")
    assert not strict.loc["P3", "on_budget"]
    assert not strict.loc["P2", "on_time"]


def test_portfolio_health_by_hand(projects: pd.DataFrame) -> None:
    health = baseline.portfolio_health(projects, as_of="2026-09-30")
    assert health.n_projects == 6
    assert health.n_by_stage == {"proposed": 1, "approved": 1, "in flight": 3, "closed": 1}
    assert health.n_delivery == 4
    assert health.n_with_cost == 3
    assert health.on_time_rate == pytest.approx(3 / 4)
    assert health.on_budget_rate == pytest.approx(2 / 3)  # P4 has no forecast: not counted
    assert health.n_overdue == 1  # P1: in flight, baseline finish 2026-06-30 passed
    assert health.median_scope_changes == pytest.approx(0.5)  # of 2, 0, 1, 0
    assert health.share_with_scope_changes == pytest.approx(0.5)
    # Elapsed days: P1 456, P2 272, P3 364 (to its finish), P4 29 -> 1121 days, 3 changes.
    assert health.scope_changes_per_project_year == pytest.approx(3 / (1121 / 365.25))
    # Indices and the totals beside them cover the projects in flight only (P1, P2, P4):
    # PV 500 + 1000 + 0, EV 400 + 1000 + 0, AC 500 + 980 + 0. The closed P3 (EV = PV = BAC)
    # would pull SPI towards 1: over all delivery projects it would be 1900 / 2000 = 0.95.
    assert health.total_bac == 3800  # budget of every delivery project
    assert (health.total_pv, health.total_ev, health.total_ac) == (1500, 1400, 1480)
    assert health.portfolio_cpi == pytest.approx(1400 / 1480)
    assert health.portfolio_spi == pytest.approx(1400 / 1500)
    assert (health.n_in_flight, health.n_closed) == (3, 1)
    # P3 closed on its baseline date: slip 0, not late.
    assert (health.closed_median_slip_days, health.closed_share_late) == (0, 0)


def test_closed_projects_are_judged_on_finish_slip(projects: pd.DataFrame) -> None:
    # Close P1 too (EV = PV = BAC, finished 60 days late) and move P3's finish 10 days early:
    # closed slips 60 and -10 -> median 25, mean 25, one of two finished late.
    closed = projects.copy()
    closed.loc[0, ["stage", "planned_value", "earned_value"]] = ["closed", 1000.0, 1000.0]
    closed.loc[2, "forecast_finish"] = pd.Timestamp("2025-12-21")
    health = baseline.portfolio_health(closed, as_of="2026-09-30")
    assert health.n_closed == 2
    assert health.closed_median_slip_days == pytest.approx(25)
    assert health.closed_mean_slip_days == pytest.approx(25)
    assert health.closed_share_late == pytest.approx(0.5)
    # P1 closed 60 days late has SPI 1; in-flight SPI is now P2 and P4 only: 1000 / 1000.
    assert health.portfolio_spi == pytest.approx(1.0)
    labels = {f.label: f.value for f in health.key_figures()}
    assert labels["Closed projects that finished after their baseline finish"] == 0.5


def test_portfolio_indices_on_the_case_study_are_those_of_projects_in_flight() -> None:
    # Issue 15: the case study's SPI over all delivery projects is 0.905, over its projects
    # in flight 0.870 (hand computation with plain pandas below).
    from vmo_lib.data import load_organisation

    raw = load_organisation("harbourline").projects
    health = baseline.portfolio_health(raw, as_of="2026-09-30")
    flight = raw[raw["stage"].astype(str) == "in flight"]
    delivery = raw[raw["stage"].astype(str).isin(["in flight", "closed"])]
    assert round(health.portfolio_spi, 3) == 0.870
    assert health.portfolio_spi == pytest.approx(
        flight["earned_value"].sum() / flight["planned_value"].sum()
    )
    assert health.portfolio_cpi == pytest.approx(
        flight["earned_value"].sum() / flight["actual_cost"].sum()
    )
    assert round(delivery["earned_value"].sum() / delivery["planned_value"].sum(), 3) == 0.905


def test_performance_states_the_eac_rule_per_project(projects: pd.DataFrame) -> None:
    # P4 paid 30 and earned nothing: EAC = AC + (BAC - EV) = 30 + 300, stated per project.
    spent = projects.copy()
    spent.loc[3, "actual_cost"] = 30.0
    spent.loc[0, "earned_value"] = 1100.0  # P1 above its budget of 1000 (scope grew)
    perf = baseline.project_performance(spent).set_index("project_id")
    assert perf.loc["P4", "eac"] == pytest.approx(330)
    assert perf.loc["P4", "eac_basis"].startswith("AC + (BAC - EV): money spent but nothing")
    assert perf.loc["P2", "eac_basis"].startswith("BAC / CPI")
    assert perf.loc["P2", "tcpi_eac"] == pytest.approx(1000 / 980)  # = its CPI
    assert perf.loc["P1", "ev_over_bac"] and not perf.loc["P2", "ev_over_bac"]
    assert perf.loc["P1", "eac"] == 500  # no remaining work on record: EAC = AC
    health = baseline.portfolio_health(spent, as_of="2026-09-30")
    assert (health.n_ev_over_bac, health.n_nothing_earned) == (1, 1)
    rules = " ".join(baseline.measurement_rules(health))
    assert "1 project here" in rules and "in flight only" in rules
    assert "blank exactly when the budget can no longer be met" in rules


def test_programme_totals_by_hand(projects: pd.DataFrame) -> None:
    totals = baseline.programme_totals(baseline.project_performance(projects))
    totals = totals.set_index("programme")
    # Ops: P1, P2 in flight: EV 1400, AC 1480, PV 1500. Digital: P4 in flight (all 0), P3
    # closed 0 days late.
    assert totals.loc["Ops", ["in_flight", "closed"]].tolist() == [2, 0]
    assert totals.loc["Ops", "cpi"] == pytest.approx(1400 / 1480)
    assert totals.loc["Ops", "spi"] == pytest.approx(1400 / 1500)
    assert math.isnan(totals.loc["Digital", "cpi"])  # nothing paid in flight
    assert totals.loc["Digital", "closed_median_slip_days"] == 0
    assert totals.loc["All programmes", "budget_at_completion"] == 3800
    assert totals.loc["All programmes", "cpi"] == pytest.approx(1400 / 1480)
    assert totals.index[-1] == "All programmes"


def test_portfolio_health_tolerances(projects: pd.DataFrame) -> None:
    health = baseline.portfolio_health(
        projects, on_budget_tolerance=0.03, on_time_tolerance_days=10, as_of="2026-09-30"
    )
    assert health.on_budget_rate == pytest.approx(1 / 3)
    assert health.on_time_rate == pytest.approx(2 / 4)


def test_key_figures_are_labelled_and_typed(projects: pd.DataFrame) -> None:
    figures = baseline.portfolio_health(projects, as_of="2026-09-30").key_figures()
    by_label = {f.label: f for f in figures}
    assert by_label["On time (within tolerance)"].value == pytest.approx(0.75)
    assert by_label["On time (within tolerance)"].kind == "percent"
    assert {f.kind for f in figures} <= {"integer", "percent", "money", "ratio", "number"}


def test_empty_portfolio_gives_blank_rates(projects: pd.DataFrame) -> None:
    health = baseline.portfolio_health(projects.iloc[4:], as_of="2026-09-30")
    assert health.n_delivery == 0
    assert math.isnan(health.on_time_rate) and math.isnan(health.portfolio_cpi)


def test_rag_by_programme_projects_in_flight(projects: pd.DataFrame) -> None:
    rag = baseline.rag_by_programme(projects).set_index("programme")
    assert rag.index.tolist() == ["Digital", "Ops"]
    # In flight: Ops P1 amber, P2 green; Digital P4 green (P5 approved, P3 closed: left out).
    assert rag.loc["Ops", ["green", "amber", "red", "total"]].tolist() == [1, 1, 0, 2]
    assert rag.loc["Digital", ["green", "amber", "red", "total"]].tolist() == [1, 0, 0, 1]
    assert rag.loc["Ops", "amber_share"] == pytest.approx(0.5)


def test_rag_by_programme_all_stages(projects: pd.DataFrame) -> None:
    everything = ("proposed", "approved", "in flight", "closed")
    rag = baseline.rag_by_programme(projects, stages=everything).set_index("programme")
    assert rag.loc["Ops", ["green", "amber", "red"]].tolist() == [2, 1, 0]
    assert rag.loc["Digital", ["green", "amber", "red"]].tolist() == [2, 0, 1]
    shares = rag[["green_share", "amber_share", "red_share"]].sum(axis=1)
    assert shares.tolist() == pytest.approx([1.0, 1.0])


def test_legacy_priority_list(projects: pd.DataFrame) -> None:
    top = baseline.legacy_priority_list(projects, top_n=3)
    assert top["project_id"].tolist() == ["P2", "P4", "P1"]
    assert top["legacy_priority"].tolist() == [1, 2, 3]
    assert {"business_case_npv", "benefit_owner"} <= set(top.columns)
    assert len(baseline.legacy_priority_list(projects, top_n=100)) == 6


def test_scope_churn_by_programme(projects: pd.DataFrame) -> None:
    churn = baseline.scope_churn(projects, as_of="2026-09-30").set_index("programme")
    # Digital: P3 1 change over 364 days, P4 0 over 29. Ops: P1 2 over 456, P2 0 over 272.
    assert churn.loc["Digital", ["projects", "scope_changes"]].tolist() == [2, 1]
    assert churn.loc["Ops", ["projects", "scope_changes"]].tolist() == [2, 2]
    assert churn.loc["Digital", "median_changes"] == pytest.approx(0.5)
    assert churn.loc["Ops", "share_with_changes"] == pytest.approx(0.5)
    assert churn.loc["Digital", "changes_per_project_year"] == pytest.approx(365.25 / 393)
    assert churn.loc["Ops", "changes_per_project_year"] == pytest.approx(2 * 365.25 / 728)


def test_assumptions_state_the_choices(projects: pd.DataFrame) -> None:
    health = baseline.portfolio_health(projects, eac_method="atypical", as_of="2026-09-30")
    values = {f.label: f.value for f in health.assumptions()}
    assert values["Data date"] == "2026-09-30"
    assert values["Forecast of final cost (EAC)"].startswith("AC + (BAC - EV)")
    assert values["Overrun still counted as on budget"] == 0.05


# --- notebook 00's charts at any size -----------------------------------------------------


def _many(n: int) -> pd.DataFrame:
    """``n`` projects in flight: CPI and SPI spread around 1, every 10th far off plan."""
    rng = np.random.default_rng(5)
    cpi = 1 + rng.normal(0, 0.03, n)
    cpi[::10] = 0.6
    return pd.DataFrame(
        {
            "project_id": [f"P{i:05d}" for i in range(n)],
            "rag_status": rng.choice(["green", "amber", "red"], n),
            "stage": ["in flight"] * (n - n // 4) + ["closed"] * (n // 4),
            "cpi": cpi,
            "spi": 1 + rng.normal(0, 0.03, n),
            "slip_days": rng.normal(20, 40, n).round(),
            "budget_at_completion": rng.uniform(1e5, 5e6, n),
            "final_cost": rng.uniform(1e5, 5e6, n),
        }
    )


def test_scatter_switches_to_a_density_and_names_only_the_top_n() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.collections import PolyCollection

    from vmo_lib.baseline import charts as baseline_charts
    from vmo_lib.display import theme as charts

    charts.set_theme()
    data = _many(60)
    # A low threshold switches the density on at small size (the default is DENSE_FROM).
    fig = baseline_charts.cpi_spi_scatter(data, label_top_n=4, dense_from=50)
    ax = fig.axes[0]
    assert any(isinstance(c, PolyCollection) for c in ax.collections)  # hexagons
    named = [t.get_text() for t in ax.texts if t.get_text().startswith("P")]
    # The four furthest off plan are among the six at CPI 0.6 (every 10th project).
    assert 0 < len(named) <= 4 and all(int(n[1:]) % 10 == 0 for n in named)
    assert any("60 projects shown as a density" in t.get_text() for t in fig.texts)
    assert len(fig.axes) == 2  # the colour bar says what the shading counts
    # Below the threshold: one marker per project, still at most four names.
    fig = baseline_charts.cpi_spi_scatter(data, label_top_n=4)
    ax = fig.axes[0]
    assert not any(isinstance(c, PolyCollection) for c in ax.collections)
    assert sum(len(c.get_offsets()) for c in ax.collections) == 60
    assert 0 < len([t for t in ax.texts if t.get_text().startswith("P")]) <= 4


def test_slip_histogram_stacks_in_flight_and_closed() -> None:
    from vmo_lib.baseline import charts as baseline_charts

    data = _many(40)
    fig = baseline_charts.slip_histogram(data, tolerance_days=30)
    ax = fig.axes[0]
    heights = sum(p.get_height() for p in ax.patches)
    assert heights == 40  # stacked: every project counted once
    hatched = sum(p.get_height() for p in ax.patches if p.get_hatch() == "//")
    assert hatched == 10  # the closed quarter
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Closed (actual finish)" in legend and any("30 days" in t for t in legend)


def test_budget_bar_draws_the_largest_budgets_only() -> None:
    from vmo_lib.baseline import charts as baseline_charts

    data = _many(50)
    fig = baseline_charts.budget_vs_forecast_bar(data, max_bars=12, currency="GBP")
    ax = fig.axes[0]
    assert len(ax.patches) == 2 * 12
    largest = data.nlargest(12, "budget_at_completion")["project_id"].tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == largest
    assert any("12 largest budgets of 50" in t.get_text() for t in fig.texts)
    assert ax.get_xlabel() == "Cost (GBP)"


def test_programme_rows_keep_the_total_last_and_cut_long_lists() -> None:
    frame = pd.DataFrame(
        {
            "programme": [f"Prog {i:02d}" for i in range(40)] + ["All programmes"],
            "budget_at_completion": [float(i) for i in range(40)] + [780.0],
        }
    )
    shown = views.programme_rows(frame, 5, by="budget_at_completion")
    names = shown.table["programme"].tolist()
    assert len(names) == 11 and names[-1] == "All programmes"
    assert names[:2] == ["Prog 39", "Prog 38"] and names[9] == "Prog 00"
    assert shown.note == "Showing the 5 highest and 5 lowest of 40 programmes by budget (bac)."
    short = views.programme_rows(frame.iloc[[3, 1, 40]], 5, by="budget_at_completion")
    assert short.table["programme"].tolist() == ["Prog 03", "Prog 01", "All programmes"]
    assert views.caption_note(short) == ""


def test_value_evidence_counts_the_project_list_value_fields(projects: pd.DataFrame) -> None:
    projects.loc[3, "business_case_benefit"] = 0.0  # an export without a figure: none
    projects.loc[4, "benefit_owner"] = "   "  # blank is no owner
    evidence = baseline.value_evidence(projects, checks=baseline.PROJECT_LIST_CHECKS)
    counts = dict(zip(evidence.shares["check"], evidence.shares["projects"], strict=True))
    assert counts == {
        "promised_benefit": 5,
        "business_case_npv": 5,
        "probability_of_success": 6,
        "has_benefit_owner": 2,
    }
    assert evidence.projects.loc[3, "promised_benefit"] == False  # noqa: E712
    figures = {f.name: f for f in evidence.recorded()}
    assert list(figures) == ["share_with_promised_benefit", "records_value"]
    assert figures["share_with_promised_benefit"].value == pytest.approx(5 / 6)
    assert figures["share_with_promised_benefit"].unit == "percent"
    assert figures["records_value"].value is True
    assert figures["records_value"].label == "Value on record"
    nothing = projects.assign(
        business_case_benefit=0.0,
        business_case_npv=np.nan,
        probability_of_success=np.nan,
        benefit_owner=pd.array([None] * 6, dtype="string"),
    )
    empty = baseline.value_evidence(nothing, checks=baseline.PROJECT_LIST_CHECKS)
    assert not empty.records_value
    assert "records execution only" in views.value_record_finding(empty).data


def test_value_evidence_lists_every_problem(projects: pd.DataFrame) -> None:
    with pytest.raises(baseline.EvidenceInputError) as caught:
        baseline.value_evidence(projects, checks=["has_value_kpi", "colour"])
    message = str(caught.value)
    assert "unknown check 'colour'" in message
    assert "needs the benefits table" in message and "needs the kpis table" in message


def test_health_records_the_figures_the_index_reads(projects: pd.DataFrame) -> None:
    health = baseline.portfolio_health(projects, as_of="2026-09-30")
    figures = {f.name: f for f in health.recorded()}
    assert list(figures) == [
        "n_projects",
        "n_delivery",
        "n_in_flight",
        "on_time_rate",
        "on_budget_rate",
        "portfolio_cpi",
        "portfolio_spi",
        "closed_median_slip_days",
        "closed_share_late",
        "n_ev_over_bac",
        "median_scope_changes",
        "n_overdue",
        "total_bac",
    ]
    assert figures["portfolio_cpi"].value == pytest.approx(1400 / 1480)  # in flight: P1, P2
    assert (figures["portfolio_cpi"].label, figures["portfolio_cpi"].unit) == (
        "Portfolio CPI (in flight)",
        "ratio",
    )
    assert figures["closed_median_slip_days"].unit == ""
    assert figures["total_bac"].value == pytest.approx(3800.0)


def test_project_tables_list_the_stage_of_their_view(projects: pd.DataFrame) -> None:
    perf = baseline.project_performance(projects)
    closed = views.project_table(perf, "closed", 10).to_html()
    assert "Closed projects: final cost and finish slip" in closed
    assert ">P3<" in closed and ">P1<" not in closed
    in_flight = views.project_table(perf, "to_date", 10).to_html()
    assert ">P1<" in in_flight and ">P3<" not in in_flight
