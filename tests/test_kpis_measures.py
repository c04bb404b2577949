"""KPI calculators and the scorecard, against values computed by hand."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from vmo_lib.baseline import example_projects
from vmo_lib.kpis import Kpi
from vmo_lib.kpis.measures import execution_kpis, npv_to_date, value_kpis
from vmo_lib.kpis.scorecard import (
    DEFAULT_THRESHOLDS,
    Threshold,
    portfolio_view,
    project_scorecard,
    rank_scorecard,
    rate,
    thresholds_for,
    thresholds_from_catalogue,
)

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


def small_org() -> SimpleNamespace:
    """One project: costs 100 in 2024, expects 60 a year 2025-2027; two benefits."""
    return SimpleNamespace(
        projects=pd.DataFrame(
            {
                "project_id": ["P-1"],
                "name": ["Portal"],
                "stage": ["closed"],
                "actual_cost": [100.0],
            }
        ),
        cashflows=pd.DataFrame(
            {
                "project_id": ["P-1"] * 4,
                "year": [2024, 2025, 2026, 2027],
                "investment_cost": [100.0, 0.0, 0.0, 0.0],
                "expected_benefit": [0.0, 60.0, 60.0, 60.0],
            }
        ),
        value_drivers=pd.DataFrame(
            {"driver_id": ["D-C", "D-P"], "category": ["business", "operational"]}
        ),
        benefits=pd.DataFrame(
            {
                "benefit_id": ["B-1", "B-2"],
                "project_id": ["P-1", "P-1"],
                "driver_id": ["D-C", "D-P"],
                "planned_total": [120.0, 40.0],
            }
        ),
        benefit_plan=pd.DataFrame(
            {
                "benefit_id": ["B-1", "B-1", "B-1", "B-2", "B-2"],
                "quarter": ["2025Q4", "2026Q1", "2026Q4", "2025Q4", "2026Q2"],
                "planned_value": [40.0, 40.0, 40.0, 20.0, 20.0],
            }
        ),
        benefit_actuals=pd.DataFrame(
            {
                "benefit_id": ["B-1", "B-1", "B-2", "B-2", "B-2"],
                "quarter": ["2025Q4", "2026Q1", "2025Q4", "2026Q2", "2026Q4"],
                "realised_value": [30.0, 10.0, 20.0, 10.0, 999.0],  # 2026Q4 is after as_of
            }
        ),
    )


def test_value_kpis_by_hand() -> None:
    row = value_kpis(small_org(), AS_OF, rate=0.10).set_index("project_id").loc["P-1"]
    assert row["planned_to_date"] == 120 and row["realised_to_date"] == 70
    assert row["benefit_realisation_rate"] == pytest.approx(70 / 120)
    assert row["customer_realisation_rate"] == pytest.approx(40 / 80)  # B-1, business driver
    assert row["productivity_realisation_rate"] == pytest.approx(30 / 40)  # B-2, operational
    assert row["roi_to_date"] == pytest.approx((70 - 100) / 100)
    assert row["roi_planned"] == pytest.approx((180 - 100) / 100)
    assert row["npv_planned"] == pytest.approx(-100 + 60 / 1.1 + 60 / 1.1**2 + 60 / 1.1**3)


def test_npv_to_date_by_hand() -> None:
    # to 2026Q3: 2024 cost 100; 2025 planned 60, realised 30 + 20; 2026 planned 60 x 3/4,
    # realised 10 + 10 (2026Q4 not yet)
    frame = npv_to_date(small_org(), AS_OF, 0.10).loc["P-1"]
    assert frame["npv_planned_to_date"] == pytest.approx(-100 + 60 / 1.1 + 45 / 1.21)
    assert frame["npv_achieved"] == pytest.approx(-100 + 50 / 1.1 + 20 / 1.21)
    assert frame["npv_gap"] == pytest.approx(-10 / 1.1 - 25 / 1.21)


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
            "customer_realisation_rate": [np.nan, 0.9, np.nan],
            "productivity_realisation_rate": [np.nan, np.nan, np.nan],
        }
    )
    card = project_scorecard(execution, value, DEFAULT_THRESHOLDS).set_index("project_id")
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
