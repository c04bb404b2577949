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
    assert r.why_blank == "CPI, EAC, ETC, VAC blank: actual cost is 0 (no work paid for yet)"


def test_zero_planned_value_gives_blank_spi_with_reason() -> None:
    r = evm.earned_value(bac=100, pv=0, ev=0, ac=5)
    assert math.isnan(r.spi)
    assert r.reasons["spi"] == "SPI undefined: planned value is 0 (no work scheduled yet)"
    assert r.cpi == 0.0  # defined: money spent, nothing earned
    assert math.isnan(r.eac)  # BAC / 0
    assert r.reasons["eac"].startswith("EAC undefined: earned value is 0")


def test_tcpi_blank_when_work_done_or_budget_spent() -> None:
    r = evm.earned_value(
        bac=np.array([100.0, 100.0, 100.0, 100.0]),
        pv=np.array([100.0, 100.0, 100.0, 100.0]),
        ev=np.array([90.0, 90.0, 100.0, 100.0]),
        ac=np.array([100.0, 130.0, 80.0, 120.0]),
    )
    assert np.isnan(r.tcpi).all()
    assert "equals the budget" in r.reasons["tcpi"][0]
    assert "exceeds the budget" in r.reasons["tcpi"][1]
    assert r.reasons["tcpi"][2] == r.reasons["tcpi"][3]  # all work done, under or over budget
    assert "no work remains" in r.reasons["tcpi"][2]
    assert r.eac[3] == pytest.approx(120)  # a finished project's forecast is its actual cost


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
