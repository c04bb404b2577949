"""Earned value: published worked examples, a hand-checked array case, blanks with reasons."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from vmo_lib import evm


class TestPublishedFenceExample:
    """Four-sided fence, end of day three (PMP Exam Prep, p. 210), as reproduced at
    https://studylib.net/doc/5898152/earned-value-exercise

    Printed: BAC 4,000; PV 3,000; EV 2,500; AC 2,800; CV -300; CPI .893; SV -500; SPI .833;
    EAC 4,479; ETC 1,679; VAC -479. The source divides by the *rounded* CPI (4,000 / .893), so
    its EAC, ETC and VAC are one unit off the exact values (4,480; 1,680; -480): asserted to 1.
    """

    result = evm.earned_value(bac=4000, pv=3000, ev=2500, ac=2800)

    def test_variances(self) -> None:
        assert self.result.cv == -300
        assert self.result.sv == -500

    def test_indices(self) -> None:
        assert round(self.result.cpi, 3) == 0.893
        assert round(self.result.spi, 3) == 0.833

    def test_forecasts(self) -> None:
        assert self.result.eac == pytest.approx(4479, abs=1)
        assert self.result.etc == pytest.approx(1679, abs=1)
        assert self.result.vac == pytest.approx(-479, abs=1)

    def test_scalars_in_give_floats_out_and_no_reasons(self) -> None:
        assert all(type(getattr(self.result, m)) is float for m in evm.METRICS)
        assert all(reason == "" for reason in self.result.reasons.values())
        assert self.result.why_blank == ""


class TestPublishedForecastingExample:
    """EVM forecasting table, https://wikislate.com/view.php?p=15-evm-forecasting.html

    Printed: BAC 100, EV 40, AC 45, CPI 0.89, SPI 0.80 (so PV = 40 / 0.80 = 50);
    EAC = BAC/CPI 112.5; ETC 67.5; VAC -12.5; EAC (cost x schedule) about 129; TCPI 1.09.
    """

    result = evm.earned_value(bac=100, pv=50, ev=40, ac=45)

    def test_indices(self) -> None:
        assert round(self.result.cpi, 2) == 0.89
        assert round(self.result.spi, 2) == 0.80

    def test_forecasts(self) -> None:
        assert self.result.eac == pytest.approx(112.5)
        assert self.result.etc == pytest.approx(67.5)
        assert self.result.vac == pytest.approx(-12.5)
        assert round(self.result.tcpi, 2) == 1.09

    def test_cost_times_schedule_eac(self) -> None:
        eac = evm.estimate_at_completion(100, 40, 45, pv=50, method="cpi_spi")
        assert round(eac) == 129
        assert evm.earned_value(100, 50, 40, 45, eac_method="cpi_spi").eac == pytest.approx(eac)


def test_eac_methods_by_hand() -> None:
    # BAC 1000, EV 400, AC 500, PV 800: CPI 0.8, SPI 0.5.
    assert evm.estimate_at_completion(1000, 400, 500, method="cpi") == pytest.approx(1250)
    assert evm.estimate_at_completion(1000, 400, 500, method="atypical") == pytest.approx(1100)
    # 500 + 600 / (0.8 * 0.5) = 500 + 1500
    assert evm.estimate_at_completion(1000, 400, 500, pv=800, method="cpi_spi") == 2000


def test_eac_method_errors() -> None:
    with pytest.raises(ValueError, match="unknown EAC method"):
        evm.estimate_at_completion(1, 1, 1, method="magic")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs the planned value"):
        evm.estimate_at_completion(1, 1, 1, method="cpi_spi")


def test_hand_checked_array() -> None:
    # Project A: BAC 200, PV 100, EV 120, AC 100 -> CV 20, SV 20, CPI 1.2, SPI 1.2,
    #   EAC 200/1.2 = 166.67, ETC 66.67, VAC 33.33, TCPI 80/100 = 0.8.
    # Project B: BAC 50, PV 40, EV 20, AC 25 -> CV -5, SV -20, CPI 0.8, SPI 0.5,
    #   EAC 62.5, ETC 37.5, VAC -12.5, TCPI 30/25 = 1.2.
    r = evm.earned_value(
        bac=np.array([200.0, 50.0]),
        pv=np.array([100.0, 40.0]),
        ev=np.array([120.0, 20.0]),
        ac=np.array([100.0, 25.0]),
    )
    assert isinstance(r.cpi, np.ndarray)
    np.testing.assert_allclose(r.cv, [20, -5])
    np.testing.assert_allclose(r.sv, [20, -20])
    np.testing.assert_allclose(r.cpi, [1.2, 0.8])
    np.testing.assert_allclose(r.spi, [1.2, 0.5])
    np.testing.assert_allclose(r.eac, [500 / 3, 62.5])
    np.testing.assert_allclose(r.etc, [200 / 3, 37.5])
    np.testing.assert_allclose(r.vac, [100 / 3, -12.5])
    np.testing.assert_allclose(r.tcpi, [0.8, 1.2])
    assert list(r.reasons["cpi"]) == ["", ""]


def test_series_in_series_out_index_kept() -> None:
    index = pd.Index(["P-07", "P-03"], name="project_id")
    r = evm.earned_value(
        bac=pd.Series([200.0, 50.0], index=index),
        pv=pd.Series([100.0, 40.0], index=index),
        ev=pd.Series([120.0, 20.0], index=index),
        ac=25.0,  # a scalar broadcasts
    )
    assert isinstance(r.cpi, pd.Series)
    assert r.cpi.index.equals(index)
    assert r.cpi["P-03"] == pytest.approx(0.8)
    assert r.reasons["cpi"].index.equals(index)
    frame = r.to_frame()
    assert frame.index.equals(index)
    assert {"bac", "cpi", "tcpi", "why_blank"} <= set(frame.columns)


def test_series_with_different_indexes_rejected() -> None:
    with pytest.raises(ValueError, match="same index"):
        evm.earned_value(pd.Series([1.0]), pd.Series([1.0]), pd.Series([1.0], index=[5]), 1.0)


def test_zero_actual_cost_gives_blank_cpi_with_reason() -> None:
    r = evm.earned_value(bac=100, pv=10, ev=0, ac=0)
    assert math.isnan(r.cpi)
    assert r.reasons["cpi"] == "CPI undefined: actual cost is 0 (no work paid for yet)"
    for metric in ("eac", "etc", "vac"):
        assert math.isnan(getattr(r, metric))
        assert "actual cost is 0" in r.reasons[metric]
    assert r.cv == 0 and r.reasons["cv"] == ""
    assert r.why_blank == (
        "CPI, EAC, ETC, VAC, TCPI_EAC blank: actual cost is 0 (no work paid for yet)"
    )
    assert r.eac_basis == "blank: see why_blank"


def test_zero_planned_value_gives_blank_spi_with_reason() -> None:
    r = evm.earned_value(bac=100, pv=0, ev=0, ac=5)
    assert math.isnan(r.spi)
    assert r.reasons["spi"] == "SPI undefined: planned value is 0 (no work scheduled yet)"
    assert r.cpi == 0.0  # defined: money spent, nothing earned


@pytest.mark.parametrize("method", evm.EAC_METHODS)
def test_nothing_earned_but_money_spent_uses_the_stated_atypical_formula(method) -> None:
    # BAC 100, EV 0, AC 30: CPI 0, so BAC / CPI cannot forecast. Stated rule: EAC = AC +
    # (BAC - EV) = 130 (the 30 spent is gone, the whole budget is still needed), ETC 100,
    # VAC -30, TCPI_EAC = 100 / 100 = 1; the old silent fallback ETC = BAC - AC gave EAC 100.
    r = evm.earned_value(bac=100, pv=20, ev=0, ac=30, eac_method=method)
    assert (r.eac, r.etc, r.vac, r.tcpi_eac) == (130.0, 100.0, -30.0, 1.0)
    assert r.tcpi == pytest.approx(100 / 70)
    if method == "atypical":  # the chosen formula applies as it is
        assert r.eac_basis == evm.EAC_METHOD_LABELS["atypical"]
    else:
        assert r.eac_basis == evm.EAC_BASIS_LABELS["nothing_earned"]
        assert r.eac_basis.startswith("AC + (BAC - EV): money spent but nothing earned")


def test_eac_basis_names_the_method_where_it_applies() -> None:
    r = evm.earned_value(bac=100, pv=50, ev=40, ac=45, eac_method="cpi_spi")
    assert r.eac_basis == evm.EAC_METHOD_LABELS["cpi_spi"]


class TestTcpiToTheEac:
    """PMBOK's second TCPI, (BAC - EV) / (EAC - AC), the efficiency needed to finish within
    the EAC. By algebra it equals CPI for EAC = BAC / CPI, 1 for the atypical EAC and
    CPI x SPI for the cost-and-schedule EAC: hand values for BAC 100, PV 50, EV 40, AC 45."""

    def test_equals_cpi_for_the_cpi_forecast(self) -> None:
        r = evm.earned_value(100, 50, 40, 45)
        assert r.tcpi_eac == pytest.approx(60 / 67.5)
        assert r.tcpi_eac == pytest.approx(40 / 45)

    def test_equals_one_for_the_atypical_forecast(self) -> None:
        assert evm.earned_value(100, 50, 40, 45, eac_method="atypical").tcpi_eac == 1.0

    def test_equals_cpi_times_spi_for_the_combined_forecast(self) -> None:
        r = evm.earned_value(100, 50, 40, 45, eac_method="cpi_spi")
        assert r.tcpi_eac == pytest.approx((40 / 45) * (40 / 50))

    def test_fence_example(self) -> None:
        # Fence (above): remaining 1,500 over ETC 1,680 = 0.893, the CPI.
        assert evm.earned_value(4000, 3000, 2500, 2800).tcpi_eac == pytest.approx(1500 / 1680)

    def test_in_the_frame(self) -> None:
        frame = evm.earned_value(np.array([100.0]), 50.0, 40.0, 45.0).to_frame()
        assert {"tcpi", "tcpi_eac", "eac_basis"} <= set(frame.columns)


def test_tcpi_blank_exactly_when_the_budget_can_no_longer_be_met() -> None:
    # Hand cases, BAC 100 each (remaining work W = max(BAC - EV, 0), funds left F = BAC - AC):
    #  0: EV 90, AC 100  W 10, F 0   -> blank (budget spent, work remains)
    #  1: EV 90, AC 130  W 10, F -30 -> blank (budget passed)
    #  2: EV 100, AC 80  W 0,  F 20  -> 0 (nothing left to earn, budget held)
    #  3: EV 100, AC 120 W 0,  F -20 -> blank (finished over budget: it was not met)
    #  4: EV 100, AC 100 W 0,  F 0   -> 0 (finished exactly on budget)
    #  5: EV 60, AC 70   W 40, F 30  -> 40 / 30
    r = evm.earned_value(
        bac=np.full(6, 100.0),
        pv=np.full(6, 100.0),
        ev=np.array([90.0, 90.0, 100.0, 100.0, 100.0, 60.0]),
        ac=np.array([100.0, 130.0, 80.0, 120.0, 100.0, 70.0]),
    )
    np.testing.assert_allclose(r.tcpi, [np.nan, np.nan, 0.0, np.nan, 0.0, 40 / 30])
    blank = np.isnan(r.tcpi)
    for i in range(6):
        assert ("budget can no longer be met" in r.reasons["tcpi"][i]) == blank[i]
    assert r.eac[3] == pytest.approx(120)  # a finished project's forecast is its actual cost
    assert r.eac_basis[3] == evm.EAC_BASIS_LABELS["work_done"]
    # TCPI to the EAC stays defined where the BAC one is blank: the remaining work at the
    # forecast's own efficiency (CPI 0.9 for row 0).
    assert r.tcpi_eac[0] == pytest.approx(0.9)


def test_tcpi_blank_rule_matches_brute_force() -> None:
    # Brute force over a grid: blank iff AC > BAC, or AC = BAC with EV < BAC.
    values = (0.0, 50.0, 100.0, 120.0, 130.0)
    grid = np.array([(b, e, a) for b in values[:3] for e in values[:4] for a in values])
    r = evm.earned_value(grid[:, 0], grid[:, 0], grid[:, 1], grid[:, 2])
    for (b, e, a), tcpi in zip(grid, r.tcpi, strict=True):
        unreachable = a > b or (a == b and e < b)
        assert math.isnan(tcpi) == unreachable, (b, e, a)
        if not unreachable:
            expected = 0.0 if e >= b else (b - e) / (b - a)
            assert tcpi == pytest.approx(expected)


def test_earned_value_above_budget_counts_no_remaining_work() -> None:
    # Scope grew without a new baseline: BAC 100, PV 100, EV 110, AC 120. EV is kept for the
    # indices (CPI 110/120, SPI 1.1, CV -10); the remaining work is 0, so EAC = AC = 120,
    # ETC 0, VAC = BAC - EAC = -20; TCPI blank (AC passed BAC); TCPI to the EAC 0.
    for method in evm.EAC_METHODS:
        r = evm.earned_value(bac=100, pv=100, ev=110, ac=120, eac_method=method)
        assert r.cpi == pytest.approx(110 / 120)
        assert r.spi == pytest.approx(1.1)
        assert (r.cv, r.eac, r.etc, r.vac, r.tcpi_eac) == (-10.0, 120.0, 0.0, -20.0, 0.0)
        assert math.isnan(r.tcpi)
        assert r.eac_basis == evm.EAC_BASIS_LABELS["ev_over_bac"]
    # Under budget: BAC 100, EV 110, AC 90 -> TCPI 0 (budget held, nothing left), VAC +10.
    r = evm.earned_value(bac=100, pv=100, ev=110, ac=90)
    assert (r.tcpi, r.vac) == (0.0, 10.0)


def test_vectorised_on_a_large_portfolio() -> None:
    # 20,000 projects with a mix of blanks: the per-element reasons match the scalar results.
    rng = np.random.default_rng(3)
    n = 20_000
    bac = rng.choice([0.0, 100.0, 200.0], n)
    ev = rng.choice([0.0, 50.0, 150.0, np.nan], n)
    ac = rng.choice([0.0, 60.0, 250.0, np.nan], n)
    pv = rng.choice([0.0, 40.0, 120.0], n)
    r = evm.earned_value(bac, pv, ev, ac)
    for i in rng.choice(n, 200, replace=False):
        one = evm.earned_value(bac[i], pv[i], ev[i], ac[i])
        assert r.why_blank[i] == one.why_blank
        assert r.eac_basis[i] == one.eac_basis
        np.testing.assert_equal(r.tcpi_eac[i], one.tcpi_eac)


def test_missing_inputs_are_named() -> None:
    r = evm.earned_value(
        bac=pd.Series([100.0, 100.0]),
        pv=pd.Series([50.0, np.nan]),
        ev=pd.Series([40.0, 40.0]),
        ac=pd.Series([np.nan, 45.0]),
    )
    assert r.reasons["cpi"].tolist() == ["CPI undefined: actual cost is missing", ""]
    assert r.reasons["spi"].tolist() == ["", "SPI undefined: planned value is missing"]


def test_never_infinite() -> None:
    zeros = np.zeros(3)
    r = evm.earned_value(bac=zeros, pv=zeros, ev=zeros, ac=zeros, eac_method="cpi_spi")
    for metric in evm.METRICS:
        assert not np.isinf(getattr(r, metric)).any()
    assert all(text for text in r.why_blank)
