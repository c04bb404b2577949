"""DOAM tests, double counting, unowned dis-benefits and early realisation on fixtures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vmo_lib.data import load_organisation
from vmo_lib.realization.register_audit import (
    audit_register,
    doam_audit,
    double_counting,
    realised_before_delivery,
    unowned_dis_benefits,
)

NAN = np.nan
BENEFITS = pd.DataFrame(
    {
        "benefit_id": ["B-1", "B-2", "B-3", "B-4", "B-5", "B-6"],
        "project_id": ["P-1", "P-2", "P-3", "P-1", "P-2", "P-3"],
        "driver_id": ["D-1", "D-1", "D-1", NAN, "D-2", "D-2"],
        "name": [
            "Fewer late deliveries",
            "Fewer late deliveries!",
            "On-time deliveries up",  # no change word from the list
            "Brand",  # one word
            "Lower energy cost",
            "Higher fuel use",
        ],
        "measure": [
            "On-time share",
            "on-time  share",
            "On time share",
            "Awareness",
            "Cost",
            "Fuel",
        ],
        "unit": ["%", "%", "%", "", "EUR", "litres"],
        "owner": ["Ann", "Bob", NAN, "Cy", "Di", NAN],
        "baseline": [88, 88, 88, NAN, 1.0, 10.0],
        "target": [95, 95, 95, 40, 0.8, 10.0],
        "planned_total": [600.0, 300.0, 100.0, 50.0, 0.0, -200.0],
        "benefit_type": ["benefit", "benefit", "benefit", "benefit", NAN, NAN],
        "attribution": [0.7, 0.6, NAN, NAN, 1.0, 1.0],
        "accountable_owner": ["COO", "COO", "COO", "CMO", "CFO", "CFO"],
    }
)


def test_doam_rules_one_by_one() -> None:
    table = doam_audit(BENEFITS).set_index("benefit_id")
    assert table["described"].tolist() == [True, True, False, False, True, True]
    # B-4 has a measure but no unit
    assert table["observable"].tolist() == [True, True, True, False, True, True]
    # B-1, B-2 and B-3 share a measure and claim 0.7 + 0.6 + 1 (blank) > 1; B-4 has no driver
    assert table["attributable"].tolist() == [False, False, False, False, True, True]
    # B-4 lacks a baseline, B-5 is not monetised, B-6's target equals its baseline
    assert table["measurable"].tolist() == [True, True, True, False, False, False]
    assert table.loc["B-4", "doam_passed"] == 0
    assert table.loc["B-5", "doam_gaps"] == "measurable"


def test_double_counting_sums_attribution_across_projects() -> None:
    table = double_counting(BENEFITS)
    assert len(table) == 1
    row = table.iloc[0]
    assert row["projects"] == "P-1, P-2, P-3"
    assert row["attribution_total"] == pytest.approx(2.3)
    assert row["overclaimed_value"] == pytest.approx(1000 * (1 - 1 / 2.3))


def test_attributions_within_one_are_not_double_counting() -> None:
    fair = BENEFITS.assign(attribution=[0.5, 0.3, 0.2, NAN, 1.0, 1.0])
    assert double_counting(fair).empty
    assert doam_audit(fair)["attributable"].tolist()[:3] == [True, True, True]


def test_unowned_dis_benefits_by_type_or_sign() -> None:
    typed = BENEFITS.assign(benefit_type=["benefit", "benefit", "dis-benefit", NAN, NAN, NAN])
    assert unowned_dis_benefits(typed)["benefit_id"].tolist() == ["B-3", "B-6"]
    assert unowned_dis_benefits(BENEFITS)["benefit_id"].tolist() == ["B-6"]


def test_realised_before_delivery() -> None:
    projects = pd.DataFrame(
        {
            "project_id": ["P-1", "P-2", "P-3"],
            "stage": ["closed", "in flight", "approved"],
            "start_date": pd.to_datetime(["2024-01-01", "2025-01-01", "2027-01-01"]),
            "forecast_finish": pd.to_datetime(["2025-05-15", "2026-12-31", "2028-01-01"]),
        }
    )
    actuals = pd.DataFrame(
        {
            "benefit_id": ["B-1", "B-1", "B-1", "B-2", "B-2", "B-3"],
            "quarter": ["2025Q1", "2025Q2", "2025Q3", "2026Q2", "2026Q3", "2026Q3"],
            "realised_value": [10.0, 20.0, 30.0, 0.0, 5.0, 7.0],
        }
    )
    table = realised_before_delivery(BENEFITS, actuals, projects).set_index("benefit_id")
    # B-1: 2025Q1 ends before the 2025-05-15 finish; 2025Q2 holds the finish date: after
    assert table.loc["B-1", "value_before"] == 10.0 and table.loc["B-1", "quarters"] == 1
    # B-2: the zero in 2026Q2 does not count; 2026Q3 ends before the forecast finish
    assert table.loc["B-2", "first_quarter"] == "2026Q3"
    # B-3's project has not started
    assert table.loc["B-3", "stage"] == "approved"


def test_case_study_flags_the_story() -> None:
    org = load_organisation("harbourline")
    doubled = double_counting(org.benefits)
    assert any("P-14" in p and "P-38" in p for p in doubled["projects"])
    doam = doam_audit(org.benefits)
    assert len(doam) == len(org.benefits) and doam["doam_passed"].between(0, 4).all()
    early = realised_before_delivery(org.benefits, org.benefit_actuals, org.projects)
    assert early.empty


def test_audit_register_bundles_the_checks() -> None:
    org = load_organisation("harbourline")
    audit = audit_register(org)
    assert len(audit.doam) == len(org.benefits)
    assert audit.double_counting.equals(double_counting(org.benefits))
    assert set(audit.exports()) == {
        "05_doam_per_benefit.csv",
        "05_double_counting.csv",
        "05_unowned_dis_benefits.csv",
        "05_realised_before_delivery.csv",
    }


def test_same_measure_on_another_driver_is_another_claim() -> None:
    apart = BENEFITS.assign(driver_id=["D-1", "D-9", "D-1", NAN, "D-2", "D-2"])
    table = double_counting(apart)
    assert table["benefit_ids"].tolist() == ["B-1, B-3"]
    assert table["attribution_total"].tolist() == [pytest.approx(1.7)]
