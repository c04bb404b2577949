"""Financial metrics against published worked examples, numpy-financial and hand computation."""

from __future__ import annotations

import math
import warnings

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest

from vmo_lib import finance

# numpy-financial's documented examples (numpy.org/numpy-financial, npv and irr pages).
NPF_NPV_EXAMPLE = (0.08, [-40_000, 5_000, 8_000, 12_000, 30_000], 3065.22267)
NPF_IRR_EXAMPLES = [
    ([-100, 39, 59, 55, 20], 0.28095),
    ([-100, 0, 0, 74], -0.0955),
    ([-100, 100, 0, -7], -0.0833),
    ([-100, 100, 0, 7], 0.06206),
    ([-5, 10.5, 1, -8, 1], 0.0886),
]


def test_npv_matches_the_documented_example():
    rate, flows, expected = NPF_NPV_EXAMPLE
    assert finance.npv(rate, flows) == pytest.approx(expected, abs=1e-5)


def test_npv_differs_from_excel_by_one_year_of_discounting():
    # Excel: =NPV(10%, -1000, 300, 400, 500) discounts the first flow by a year
    # = -1000/1.1 + 300/1.1^2 + 400/1.1^3 + 500/1.1^4 = -909.0909 + 247.9339 + 300.5259 + 341.5067
    # = -19.1244 (hand computation).
    flows = [-1000, 300, 400, 500]
    excel = sum(f / 1.1 ** (t + 1) for t, f in enumerate(flows))
    assert excel == pytest.approx(-19.1244, abs=1e-4)
    assert finance.npv(0.10, flows) == pytest.approx(excel * 1.1)
    assert finance.npv(0.10, flows) == pytest.approx(-21.0368, abs=1e-4)


def test_npv_is_vectorised_and_keeps_project_labels():
    rng = np.random.default_rng(3)
    rows = rng.normal(0, 1000, size=(50, 7))
    frame = pd.DataFrame(rows, index=[f"P-{i}" for i in range(50)])
    result = finance.npv(0.07, frame)
    assert list(result.index) == list(frame.index)
    expected = [npf.npv(0.07, row) for row in rows]
    np.testing.assert_allclose(result.to_numpy(), expected, rtol=1e-9)


def test_npv_rejects_a_rate_at_or_below_minus_one():
    with pytest.raises(ValueError, match="above -100 %"):
        finance.npv(-1.0, [1, 2])


@pytest.mark.parametrize(("flows", "expected"), NPF_IRR_EXAMPLES)
def test_irr_matches_documented_examples(flows, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", finance.FinanceWarning)
        assert finance.irr(flows) == pytest.approx(expected, abs=5e-5)


def test_irr_zeroes_the_npv():
    flows = [-2_500_000, 400_000, 900_000, 1_100_000, 1_200_000]
    rate = finance.irr(flows)
    assert finance.npv(rate, flows) == pytest.approx(0, abs=1e-3)


def test_irr_without_sign_change_is_nan_with_a_reason():
    result = finance.irr_result([-100, -50, 0])
    assert math.isnan(result.rate)
    assert "never change sign" in result.note and "costs" in result.note
    with pytest.warns(finance.FinanceWarning, match="never change sign"):
        assert math.isnan(finance.irr([-100, -50]))


def test_several_irrs_are_all_found_and_warned_about():
    # Lorie and Savage's "pump" project: -1,600 then +10,000 then -10,000 has IRRs of
    # 25 % and 400 % (Brealey, Myers and Allen, Principles of Corporate Finance, ch. 5).
    result = finance.irr_result([-1600, 10_000, -10_000])
    assert result.candidates == pytest.approx((0.25, 4.0))
    assert "several IRRs" in result.note
    with pytest.warns(finance.FinanceWarning, match="several IRRs"):
        finance.irr(pd.DataFrame([[-1600, 10_000, -10_000]], index=["P-9"]))


def test_payback_interpolates_within_the_year():
    # cumulative: -1000, -700, -300, +200 -> 2 years + 300/500 of the third.
    assert finance.payback_period([-1000, 300, 400, 500]) == pytest.approx(2.6)
    assert finance.payback_period([100, 50]) == 0.0
    assert math.isnan(finance.payback_period([-1000, 300, 300]))


def test_payback_ignores_a_temporary_recovery():
    # cumulative: -100, +20, -30, +70: paid back for good only in year 3 (2 + 30/100).
    assert finance.payback_period([-100, 120, -50, 100]) == pytest.approx(2.3)


def test_discounted_payback_by_hand():
    # At 10 %: 454.55, 413.22, 375.66 -> cumulative -545.45, -132.23, +243.43
    assert finance.discounted_payback_period(0.10, [-1000, 500, 500, 500]) == pytest.approx(
        2 + 132.2314 / 375.6574, abs=1e-4
    )
    # Undiscounted it pays back in 2.6 years; discounted at 10 % it never does.
    assert math.isnan(finance.discounted_payback_period(0.10, [-1000, 300, 400, 500]))


def test_roi_and_benefit_cost_ratio():
    assert finance.roi(150, 100) == pytest.approx(0.5)
    assert finance.benefit_cost_ratio(150, 100) == pytest.approx(1.5)
    assert math.isnan(finance.roi(10, 0))
    series = finance.roi(
        pd.Series([200, 50], index=["a", "b"]), pd.Series([100, 100], index=["a", "b"])
    )
    assert series.to_dict() == {"a": 1.0, "b": -0.5}


def test_financial_metrics_rebase_each_project_to_its_first_year():
    table = pd.DataFrame(
        {
            "project_id": ["A", "A", "A", "B", "B"],
            "year": [2025, 2026, 2027, 2027, 2028],
            "investment_cost": [1000, 0, 0, 500, 0],
            "expected_benefit": [0, 600, 600, 0, 600],
        }
    )
    metrics = finance.financial_metrics(table, 0.10)
    assert metrics.loc["A", "npv"] == pytest.approx(-1000 + 600 / 1.1 + 600 / 1.21)
    assert metrics.loc["B", "npv"] == pytest.approx(-500 + 600 / 1.1)
    assert metrics.loc["B", "irr"] == pytest.approx(0.2)
    assert metrics.loc["A", "payback_years"] == pytest.approx(1 + 400 / 600)
    assert metrics.loc["A", "roi"] == pytest.approx(0.2)
    # Benefit-cost ratio in present values: (600 / 1.1) / 500.
    assert metrics.loc["B", "benefit_cost_ratio"] == pytest.approx(600 / 1.1 / 500)
    assert list(finance.net_cashflows(table).columns) == [2025, 2026, 2027, 2028]

    # A funding decision in 2026: A's 2025 cost is sunk; both discounted to 2026.
    ahead = finance.financial_metrics(table, 0.10, from_year=2026)
    assert ahead.loc["A", "npv"] == pytest.approx(600 + 600 / 1.1)
    assert ahead.loc["B", "npv"] == pytest.approx(-500 / 1.1 + 600 / 1.21)
    assert ahead.loc["A", "total_cost"] == 0 and math.isnan(ahead.loc["A", "roi"])
    assert ahead.loc["B", "benefit_cost_ratio"] == pytest.approx((600 / 1.21) / (500 / 1.1))


def test_financial_metrics_on_the_case_study_match_its_business_cases():
    from vmo_lib.data import load_organisation

    org = load_organisation("harbourline")
    metrics = finance.financial_metrics(org.cashflows, 0.08)
    stated = org.projects.set_index("project_id")["business_case_npv"]
    both = metrics["npv"].dropna().index.intersection(stated.dropna().index)
    assert len(both) > 10
    # The case study's business cases state NPV at 8 % to the start year, rounded.
    close = (metrics.loc[both, "npv"] - stated[both]).abs() <= 0.02 * stated[both].abs() + 20_000
    assert close.mean() > 0.8


def _forward_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["A"] * 4 + ["LATE"] * 2 + ["NEW"] * 2,
            "year": [2025, 2026, 2027, 2028, 2025, 2027, 2026, 2027],
            "investment_cost": [1000, 400, 100, 0, 500, 0, 365, 100],
            "expected_benefit": [0, 0, 50, 300, 0, 200, 73, 400],
        }
    )


def test_year_share_left_counts_the_days_after_the_data_date():
    assert finance.year_share_left("2026-09-30") == pytest.approx(92 / 365)  # Oct-Dec
    assert finance.year_share_left("2024-06-30") == pytest.approx(184 / 366)  # leap year
    assert finance.year_share_left("2026-12-31") == 0.0


def test_forward_npv_by_hand_against_numpy_financial():
    # Data date 30 September 2026: 92 of 365 days of 2026 are still to come.
    share = 92 / 365
    remaining = pd.Series({"A": 250.0, "LATE": 80.0})  # EAC - AC; NEW keeps its plan
    metrics = finance.financial_metrics(
        _forward_table(), 0.10, as_of="2026-09-30", remaining_cost=remaining
    )
    # A: planned cost left 400 x share in 2026 and 100 in 2027, scaled to the 250 still to
    # spend; the 2025 spend is sunk. Benefits 0, 50, 300 from 2026.
    planned = np.array([400 * share, 100.0, 0.0])
    cost_a = 250.0 * planned / planned.sum()
    flows_a = np.array([0.0, 50.0, 300.0]) - cost_a
    assert cost_a.sum() == pytest.approx(250.0)
    assert metrics.loc["A", "npv"] == pytest.approx(npf.npv(0.10, flows_a))
    assert metrics.loc["A", "npv"] == pytest.approx(
        -cost_a[0] + (50 - cost_a[1]) / 1.1 + 300 / 1.21
    )
    assert metrics.loc["A", "irr"] == pytest.approx(npf.irr(flows_a))
    assert metrics.loc["A", "total_cost"] == pytest.approx(250.0)
    # LATE: no planned cost left (all planned in 2025), so the 80 still needed is spent in
    # 2026; its 2027 benefit counts in full.
    assert metrics.loc["LATE", "npv"] == pytest.approx(-80 + 200 / 1.1)
    # NEW: no estimate given, so its planned costs count: 2026 for the share left.
    flows_new = [(73 - 365) * share, 400 - 100]
    assert metrics.loc["NEW", "npv"] == pytest.approx(npf.npv(0.10, flows_new))
    assert metrics.loc["NEW", "benefit_cost_ratio"] == pytest.approx(
        (73 * share + 400 / 1.1) / (365 * share + 100 / 1.1)
    )


def test_forward_view_counts_a_whole_year_only_at_its_start():
    # On 1 January (364 days left) the as-of year counts almost whole; the rule is
    # continuous, unlike counting the whole year until 31 December.
    early = finance.forward_flows(_forward_table(), "2026-01-01")
    late = finance.forward_flows(_forward_table(), "2026-12-31")
    assert early.benefit.loc["NEW", 2026] == pytest.approx(73 * 364 / 365)
    assert late.benefit.loc["NEW", 2026] == 0.0
    assert list(early.cost.columns) == [2026, 2027, 2028]


def test_irr_of_borrowing_type_flows_says_higher_is_worse():
    # Money in first, paid back later: 100 in, 55 and 60.5 out costs exactly 10% a year.
    result = finance.irr_result([100, -55, -60.5])
    assert result.rate == pytest.approx(0.10)
    assert result.borrowing and "higher IRR is worse" in result.note
    assert npf.irr([100, -55, -60.5]) == pytest.approx(0.10)
    # An ordinary investment is not of borrowing type, nor are flows with several IRRs.
    assert not finance.irr_result([-100, 55, 60.5]).borrowing
    assert not finance.irr_result([1600, -10_000, 10_000]).borrowing
    table = pd.DataFrame(
        {
            "project_id": ["L", "L", "L"],
            "year": [2026, 2027, 2028],
            "investment_cost": [0, 55, 60.5],
            "expected_benefit": [100, 0, 0],
        }
    )
    metrics = finance.financial_metrics(table, 0.08)
    assert bool(metrics.loc["L", "irr_borrowing"])
    assert "higher IRR is worse" in metrics.loc["L", "irr_note"]
    with pytest.warns(finance.FinanceWarning, match="higher IRR is worse"):
        finance.irr([100, -55, -60.5])
