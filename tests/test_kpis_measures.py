"""KPI calculators and the scorecard, against values computed by hand."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from vmo_lib.baseline import example_projects, scope_churn
from vmo_lib.data import load_organisation
from vmo_lib.finance import financial_metrics
from vmo_lib.kpis import Kpi
from vmo_lib.kpis.measures import (
    changes_per_project_year,
    execution_kpis,
    execution_rules,
    npv_to_date,
    objective_measures,
    realisation_by_programme,
    value_kpis,
)
from vmo_lib.kpis.scorecard import (
    DEFAULT_THRESHOLDS,
    Threshold,
    portfolio_view,
    project_scorecard,
    rag_by_programme,
    rank_scorecard,
    rate,
    thresholds_for,
    thresholds_from_catalogue,
    with_objectives,
)
from vmo_lib.kpis.views import list_view

AS_OF = "2026-09-30"


def test_execution_kpis_by_hand() -> None:
    frame = execution_kpis(example_projects(), AS_OF).projects.set_index("project_id")
    assert list(frame.index) == ["P-01", "P-02", "P-04"]  # P-03 is only approved
    p1 = frame.loc["P-01"]  # BAC 1000, PV 800, EV 600, AC 750, in flight
    assert p1["cpi"] == pytest.approx(600 / 750)
    assert p1["spi"] == pytest.approx(600 / 800)
    assert p1["cost_overrun"] == pytest.approx(1000 / 0.8 / 1000 - 1)  # EAC = BAC / CPI
    assert not p1["on_budget"] and not p1["on_time"]
    assert p1["slip_days"] == 61  # 2026-08-30 against 2026-06-30
    years = (pd.Timestamp(AS_OF) - pd.Timestamp("2025-01-01")).days / 365.25
    assert p1["changes_per_project_year"] == pytest.approx(3 / years)
    p2 = frame.loc["P-02"]  # closed: AC 450 of BAC 500, finished 2025-07-10
    assert p2["cost_overrun"] == pytest.approx(-0.1) and p2["on_budget"]
    years = (pd.Timestamp("2025-07-10") - pd.Timestamp("2024-01-01")).days / 365.25
    assert p2["changes_per_project_year"] == pytest.approx(1 / years)
    assert np.isnan(frame.loc["P-04", "cpi"])  # nothing earned or spent yet


def test_changes_per_project_year_is_scope_churn_per_project() -> None:
    """The vectorised per-project rate equals scope_churn with each project its own group."""
    projects = example_projects()
    churn = scope_churn(projects.assign(programme=projects["project_id"]), AS_OF)
    expected = churn.set_index("programme")["changes_per_project_year"]
    got = changes_per_project_year(projects, AS_OF)
    assert got.index.tolist() == expected.index.tolist()
    np.testing.assert_allclose(got.to_numpy(), expected.to_numpy())


def small_tree() -> pd.DataFrame:
    """Two objectives. Customers: on-time delivery (operational) and NPS (business);
    margin: cost to serve, split into a nested leaf (financial)."""
    return pd.DataFrame(
        {
            "driver_id": ["O-C", "D-OTD", "D-NPS", "O-M", "D-CTS", "D-CTS-WH"],
            "parent_id": [None, "O-C", "O-C", None, "O-M", "D-CTS"],
            "name": ["Customers", "On time", "NPS", "Margin", "Cost to serve", "Warehouse"],
            "category": [
                "strategic",
                "operational",
                "business",
                "strategic",
                "financial",
                "financial",
            ],
            "description": [""] * 6,
        }
    )


def small_org() -> SimpleNamespace:
    """P-1 (closed): costs 100 in 2024, expects 60 a year 2025-2027; benefits B-1 (NPS) and
    B-2 (on-time delivery). P-2 (in flight): costs 200 in 2025 and 2026, expects 300 in 2027
    and 2028; BAC 400, PV 300, EV 200, AC 250 (CPI 0.8, EAC 500); B-3 (warehouse cost)."""
    return SimpleNamespace(
        projects=pd.DataFrame(
            {
                "project_id": ["P-1", "P-2"],
                "name": ["Portal", "Depot"],
                "programme": ["Digital", "Network"],
                "stage": ["closed", "in flight"],
                "budget_at_completion": [100.0, 400.0],
                "planned_value": [100.0, 300.0],
                "earned_value": [100.0, 200.0],
                "actual_cost": [100.0, 250.0],
            }
        ),
        cashflows=pd.DataFrame(
            {
                "project_id": ["P-1"] * 4 + ["P-2"] * 4,
                "year": [2024, 2025, 2026, 2027, 2025, 2026, 2027, 2028],
                "investment_cost": [100.0, 0.0, 0.0, 0.0, 200.0, 200.0, 0.0, 0.0],
                "expected_benefit": [0.0, 60.0, 60.0, 60.0, 0.0, 0.0, 300.0, 300.0],
            }
        ),
        value_drivers=small_tree(),
        benefits=pd.DataFrame(
            {
                "benefit_id": ["B-1", "B-2", "B-3"],
                "project_id": ["P-1", "P-1", "P-2"],
                "driver_id": ["D-NPS", "D-OTD", "D-CTS-WH"],
                "planned_total": [120.0, 40.0, 50.0],
            }
        ),
        benefit_plan=pd.DataFrame(
            {
                "benefit_id": ["B-1", "B-1", "B-1", "B-2", "B-2", "B-3"],
                "quarter": ["2025Q4", "2026Q1", "2026Q4", "2025Q4", "2026Q2", "2026Q2"],
                "planned_value": [40.0, 40.0, 40.0, 20.0, 20.0, 50.0],
            }
        ),
        benefit_actuals=pd.DataFrame(
            {
                "benefit_id": ["B-1", "B-1", "B-2", "B-2", "B-2", "B-3"],
                "quarter": ["2025Q4", "2026Q1", "2025Q4", "2026Q2", "2026Q4", "2026Q3"],
                "realised_value": [30.0, 10.0, 20.0, 10.0, 999.0, 25.0],  # 2026Q4 is after as_of
            }
        ),
    )


def test_value_kpis_by_hand() -> None:
    result = value_kpis(small_org(), AS_OF, rate=0.10)
    row = result.projects.set_index("project_id").loc["P-1"]
    assert row["planned_to_date"] == 120 and row["realised_to_date"] == 70
    assert row["benefit_realisation_rate"] == pytest.approx(70 / 120)
    assert row["roi_to_date"] == pytest.approx((70 - 100) / 100)
    assert row["roi_planned"] == pytest.approx((180 - 100) / 100)
    assert row["npv_planned"] == pytest.approx(-100 + 60 / 1.1 + 60 / 1.1**2 + 60 / 1.1**3)


def test_realisation_per_objective_follows_the_tree() -> None:
    """On-time delivery (an operational driver) counts for the customer objective, and a
    leaf two levels down counts for its objective: the category plays no part."""
    result = value_kpis(small_org(), AS_OF, rate=0.10)
    assert result.objectives == {"realisation_O-C": "Customers", "realisation_O-M": "Margin"}
    assert objective_measures(small_tree()) == result.objectives
    frame = result.projects.set_index("project_id")
    # P-1: B-1 (NPS) 40 of 80 and B-2 (on time) 30 of 40 both feed customers
    assert frame.loc["P-1", "realisation_O-C"] == pytest.approx((40 + 30) / (80 + 40))
    assert np.isnan(frame.loc["P-1", "realisation_O-M"])
    # P-2: B-3 on the nested warehouse leaf: 25 realised of 50 planned
    assert frame.loc["P-2", "realisation_O-M"] == pytest.approx(0.5)
    assert np.isnan(frame.loc["P-2", "realisation_O-C"])
    totals = result.by_objective.set_index("objective_id")
    assert totals.loc["O-C", "drivers"] == "On time; NPS"
    assert totals.loc["O-M", "drivers"] == "Warehouse"  # the leaf, not its parent
    assert totals.loc["O-C", "realisation_rate"] == pytest.approx(70 / 120)
    assert totals.loc["O-M", ["benefits", "planned_to_date", "realised_to_date"]].tolist() == [
        1,
        50,
        25,
    ]


def test_an_objective_no_benefit_feeds_is_blank() -> None:
    org = small_org()
    extra = pd.DataFrame(
        {
            "driver_id": ["O-X", "D-X"],
            "parent_id": [None, "O-X"],
            "name": ["Unclaimed", "Leaf"],
            "category": ["strategic", "business"],
            "description": ["", ""],
        }
    )
    org.value_drivers = pd.concat([small_tree(), extra], ignore_index=True)
    result = value_kpis(org, AS_OF, rate=0.10)
    assert result.projects["realisation_O-X"].isna().all()
    totals = result.by_objective.set_index("objective_id").loc["O-X"]
    assert totals["benefits"] == 0 and np.isnan(totals["realisation_rate"])
    assert result.projects.set_index("project_id").loc["P-2", "realisation_O-M"] == 0.5


def test_npv_to_date_by_hand() -> None:
    # to 2026Q3 (3 of 4 quarters of 2026 complete)
    frame = npv_to_date(small_org(), AS_OF, 0.10)
    p1 = frame.loc["P-1"]  # AC 100 = planned cost (2024); EAC = AC (closed), nothing to come
    assert p1["npv_planned_to_date"] == pytest.approx(-100 + 60 / 1.1 + 45 / 1.21)
    assert p1["npv_achieved"] == pytest.approx(-100 + 50 / 1.1 + 20 / 1.21)
    assert p1["npv_gap"] == pytest.approx(-10 / 1.1 - 25 / 1.21)
    # forecast: the last quarter of 2026 (15) and 2027 (60) still planned
    assert p1["npv_forecast"] == pytest.approx(p1["npv_achieved"] + 15 / 1.21 + 60 / 1.331)
    p2 = frame.loc["P-2"]  # first cash-flow year 2025
    # planned cost to date: 200 in 2025, 150 in 2026; AC 250 spread 200:150
    assert p2["npv_planned_to_date"] == pytest.approx(-200 - 150 / 1.1)
    ac_2025, ac_2026 = 250 * 200 / 350, 250 * 150 / 350
    assert p2["npv_achieved"] == pytest.approx(-ac_2025 + (25 - ac_2026) / 1.1)
    # EAC = BAC / CPI = 400 / 0.8 = 500: 250 still to come, where the plan has cost left
    # (the last quarter of 2026), not the 50 the plan had left
    forecast = p2["npv_achieved"] - 250 / 1.1 + 300 / 1.21 + 300 / 1.331
    assert p2["npv_forecast"] == pytest.approx(forecast)


def test_planned_npv_and_roi_agree_with_finance() -> None:
    """The business case's NPV and ROI, computed on the projects x years arrays, are
    vmo_lib.finance.financial_metrics' (which numpy-financial checks) on the case study."""
    org = load_organisation("harbourline")
    got = value_kpis(org, AS_OF, rate=0.08).projects.set_index("project_id")
    expected = financial_metrics(org.cashflows, 0.08)
    ids = expected.index.astype(str)
    np.testing.assert_allclose(got.loc[ids, "npv_planned"], expected["npv"], rtol=1e-9)
    np.testing.assert_allclose(got.loc[ids, "roi_planned"], expected["roi"], rtol=1e-9)


def test_npv_uses_actual_cost_not_planned_cost() -> None:
    """Same plan, twice the actual cost: NPV achieved falls by the (discounted) extra cost."""
    org = small_org()
    base = npv_to_date(org, AS_OF, 0.10).loc["P-1", "npv_achieved"]
    org.projects.loc[0, ["actual_cost", "earned_value"]] = [200.0, 100.0]
    doubled = npv_to_date(org, AS_OF, 0.10).loc["P-1"]
    assert doubled["npv_achieved"] == pytest.approx(base - 100)
    assert doubled["npv_planned_to_date"] == pytest.approx(-100 + 60 / 1.1 + 45 / 1.21)


CPI = Threshold("cpi", "CPI", "execution", "higher", 0.95, 0.90)
SLIP = Threshold("slip_days", "Slip", "execution", "lower", 30, 90)


@pytest.mark.parametrize(
    ("threshold", "value", "expected"),
    [
        (CPI, 0.96, "green"),
        (CPI, 0.95, "amber"),  # at the amber threshold the KPI has turned amber
        (CPI, 0.92, "amber"),
        (CPI, 0.90, "red"),
        (CPI, float("nan"), "n/a"),
        (SLIP, 29, "green"),
        (SLIP, 30, "amber"),
        (SLIP, 120, "red"),
    ],
)
def test_rag_against_thresholds(threshold: Threshold, value: float, expected: str) -> None:
    assert rate(value, threshold) == expected


def test_thresholds_from_catalogue() -> None:
    catalogue = [
        Kpi(
            "K-17",
            "Benefit realisation rate",
            "value",
            unit="%",
            amber_threshold=80.0,
            red_threshold=60.0,
        ),
        Kpi(
            "K-09",
            "Cost performance index",
            "execution",
            unit="ratio",
            amber_threshold=0.9,
            red_threshold=0.95,
        ),  # inverted: ignored
    ]
    chosen = {t.measure: t for t in thresholds_from_catalogue(catalogue)}
    assert (chosen["benefit_realisation_rate"].amber, chosen["benefit_realisation_rate"].red) == (
        0.80,
        0.60,
    )
    assert chosen["benefit_realisation_rate"].source == "catalogue K-17"
    assert chosen["cpi"].source == "default" and chosen["cpi"].amber == 0.95
    assert thresholds_for("defaults", catalogue) == DEFAULT_THRESHOLDS
    by_run = {t.measure: t.source for t in thresholds_for("catalogue", catalogue)}
    assert by_run["benefit_realisation_rate"] == "catalogue K-17"
    with pytest.raises(ValueError, match="catalogue"):
        thresholds_for("bogus", catalogue)
    # every objective's realisation rate is judged like the benefit realisation rate
    extra = thresholds_for("catalogue", catalogue, objectives={"realisation_O-C": "Customers"})
    assert (extra[-1].measure, extra[-1].amber, extra[-1].red) == ("realisation_O-C", 0.8, 0.6)
    assert extra[-1].source == "catalogue K-17" and extra[-1].kind == "value"


def test_rag_by_programme_counts() -> None:
    card = pd.DataFrame(
        {
            "programme": ["A", "B", "A", "A"],
            "execution_rag": ["red", "green", "green", "amber"],
            "value_rag": ["red", "n/a", "red", "green"],
        }
    )
    table = rag_by_programme(card).set_index("programme")
    assert table.loc["A", "projects"] == 3 and table.loc["Total", "projects"] == 4
    assert table.loc["A", "value_red"] == 2 and table.loc["B", "value_n/a"] == 1
    assert table.loc["Total", "execution_green"] == 2 and table.loc["A", "execution_amber"] == 1
    assert (table.loc["Total"] == table.drop(index="Total").sum()).all()


def test_scorecard_and_portfolio_view() -> None:
    execution = pd.DataFrame(
        {
            "project_id": ["A", "B", "C"],
            "name": ["a", "b", "c"],
            "stage": ["closed"] * 3,
            "cpi": [1.0, 0.8, 1.0],
            "spi": [1.0, 0.8, 1.0],
            "cost_overrun": [0.0, 0.3, 0.0],
            "slip_days": [0.0, 200.0, 0.0],
            "changes_per_project_year": [0.0, 3.0, 0.0],
        }
    )
    value = pd.DataFrame(
        {
            "project_id": ["A", "B", "C"],
            "benefit_realisation_rate": [0.2, 0.9, np.nan],
            "realisation_O-C": [np.nan, 0.9, np.nan],
        }
    )
    chosen = with_objectives(DEFAULT_THRESHOLDS, {"realisation_O-C": "Customers"})
    card = project_scorecard(execution, value, chosen).set_index("project_id")
    assert card.loc["B", "realisation_O-C_rag"] == "green"
    assert card["execution_rag"].tolist() == ["green", "red", "green"]
    assert card["value_rag"].tolist() == ["red", "green", "n/a"]
    assert card.loc["A", "benefit_realisation_rate_rag"] == "red"
    view = portfolio_view(card.reset_index())
    assert view.green_execution_red_value == ("A",)
    assert view.red_execution_green_value == ("B",)
    assert view.crosstab.loc["green", "n/a"] == 1 and view.n_rated == 2
    assert int(view.crosstab.to_numpy().sum()) == 3
    # worst value status first: A (red), B (green), C (nothing due yet)
    flat = card.reset_index()
    assert rank_scorecard(flat.iloc[::-1])["project_id"].tolist() == ["A", "B", "C"]
    assert view.telling_rows(flat)["project_id"].tolist() == ["A", "B"]


def test_execution_rules_state_the_tolerances_and_eac() -> None:
    kpis = execution_kpis(example_projects(), AS_OF, eac_method="atypical")
    text = " ".join(execution_rules(kpis, 0.1, 45))
    assert "at most 10% above its budget" in text and "at most 45 days after" in text
    assert "AC + (BAC - EV) (overrun so far was a one-off)" in text
    assert "2 projects in flight" in text


def test_list_view_cuts_long_lists_and_links_the_export(tmp_path) -> None:
    frame = pd.DataFrame({"project_id": [f"P-{i:02d}" for i in range(50)], "x": range(50)})
    export = tmp_path / "outputs" / "03_kpi_design" / "all.csv"
    view = list_view(frame, 5, "Caption <b>", "projects", [export], by="x", by_label="x")
    page = view._repr_html_()
    assert (view.rows, view.total) == (10, 50)
    assert page.count("<tr") == 11  # header + 10
    assert "Showing the 5 highest and 5 lowest of 50 projects by x." in page
    assert '<a href="outputs/03_kpi_design/all.csv">all.csv</a>' in page
    assert "Caption &lt;b&gt;" in page
    short = list_view(frame.head(8), 5, "c", "projects", [export])
    assert short.rows == 8 and "Showing" not in short._repr_html_()


def test_a_programme_whose_plan_is_a_dis_benefit_reads_the_same_way_as_a_benefit():
    """A planned loss of 200 that came in at 400 is half as good as planned (0.5), not 2.0."""
    frame = pd.DataFrame(
        {
            "programme": ["Loss", "Gain"],
            "planned_to_date": [-200.0, 100.0],
            "realised_to_date": [-400.0, 50.0],
        }
    )
    rates = realisation_by_programme(frame).set_index("programme")["benefit_realisation_rate"]
    assert rates.to_dict() == {"Loss": 0.5, "Gain": 0.5}
