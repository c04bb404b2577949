"""Monte Carlo of whole-life value against closed forms (certain, Bernoulli, delays)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy.stats import binom

from vmo_lib.data import load_organisation
from vmo_lib.realization.forecast import forecast_to_completion
from vmo_lib.realization.uncertainty import simulate_value, value_uncertainty


def _org(confidence: list[float], evidence: str = "ledger") -> SimpleNamespace:
    """Benefits planned 100 a quarter over 2026Q1-2027Q4, each realised 50 per quarter to
    date (2026Q1-Q2, with ``evidence``: blank means unevidenced), no projects table (no
    schedule delays)."""
    n = len(confidence)
    ids = [f"B-{i}" for i in range(n)]
    quarters = [str(q) for q in pd.period_range("2026Q1", "2027Q4", freq="Q")]
    plan = pd.DataFrame(
        [(b, q, 100.0) for b in ids for q in quarters],
        columns=["benefit_id", "quarter", "planned_value"],
    )
    actuals = pd.DataFrame(
        [(b, q, 50.0, evidence or None) for b in ids for q in quarters[:2]],
        columns=["benefit_id", "quarter", "realised_value", "evidence"],
    )
    benefits = pd.DataFrame(
        {
            "benefit_id": ids,
            "project_id": [f"P-{i % 3}" for i in range(n)],
            "driver_id": "D-1",
            "name": "Fewer errors",
            "measure": "Errors",
            "planned_total": 800.0,
            "confidence": confidence,
        }
    )
    return SimpleNamespace(benefits=benefits, benefit_plan=plan, benefit_actuals=actuals)


def test_certain_benefits_give_the_deterministic_forecast() -> None:
    org = _org([1.0] * 5)
    result = value_uncertainty(org, "2026-06-30", samples=2_000, seed=4)
    expected = float(
        forecast_to_completion(org, "2026-06-30", "evidence").totals["forecast_at_completion"].sum()
    )
    assert expected == pytest.approx(5 * (100 + 6 * 50))  # realised 100, then half of plan
    assert result.value_p10 == result.value_p50 == result.value_p90 == pytest.approx(expected)
    assert result.deterministic == pytest.approx(expected)
    assert result.fan["p10"].iloc[-1] == pytest.approx(expected)


@pytest.mark.parametrize(("n", "p"), [(20, 0.3), (40, 0.7)])
def test_independent_bernoulli_benefits_give_binomial_quantiles(n: int, p: float) -> None:
    """Equal benefits of 300 still to come, each materialising with chance p and no spread:
    the value to come is 300 x Binomial(n, p); quantile levels chosen where the binomial
    CDF is not within 0.006 of 0.1, 0.5, 0.9, so 20,000 samples settle them."""
    org = _org([p] * n, evidence="")  # no evidenced quarter: the chance is the confidence
    result = value_uncertainty(org, "2026-06-30", samples=20_000, seed=11, spread=0.0)
    banked = 100.0 * n
    figures = (result.value_p10, result.value_p50, result.value_p90)
    for q, value in zip((0.1, 0.5, 0.9), figures, strict=True):
        assert value == pytest.approx(banked + 300 * binom.ppf(q, n, p))
    share = (banked + 300 * binom.ppf(0.5, n, p)) / result.planned_total
    assert result.probability_at_least(share) == pytest.approx(
        binom.sf(binom.ppf(0.5, n, p) - 1, n, p), abs=0.01
    )
    assert result.value_at_risk == pytest.approx(800.0 * n - result.value_p10)


def test_evidenced_quarters_raise_the_chance_beta_style() -> None:
    """Confidence 0.5 and two evidenced quarters: chance (4 x 0.5 + 2) / (4 + 2) = 2/3."""
    org = _org([0.5] * 30)
    result = value_uncertainty(org, "2026-06-30", samples=20_000, seed=3, spread=0.0)
    coming = (result.totals - 30 * 100.0) / 300.0  # benefits that came in each future
    assert coming.mean() == pytest.approx(30 * 2 / 3, rel=0.01)
    assert result.value_p50 == pytest.approx(3000 + 300 * binom.ppf(0.5, 30, 2 / 3))


def test_spread_keeps_the_mean_and_shrinks_with_confidence() -> None:
    banked = np.zeros(1)
    profile = np.array([[100.0]])
    low, _ = simulate_value(banked, profile, np.ones(1), np.array([0.5]), samples=40_000)
    assert low.mean() == pytest.approx(100.0, rel=0.01)
    assert np.quantile(low, 0.1) == pytest.approx(100 * np.exp(-0.125 - 0.5 * 1.2816), rel=0.02)


def test_delays_move_value_past_the_horizon() -> None:
    profile = np.array([[0.0, 0.0, 100.0], [100.0, 0.0, 0.0]])
    totals, per_period = simulate_value(
        np.zeros(2),
        profile,
        np.ones(2),
        np.zeros(2),
        np.array([0, 1]),
        np.array([1, 1]),
        samples=20_000,
        seed=2,
    )
    # the first benefit (project 0) is lost when its project slips a quarter (chance 1/2)
    assert np.mean(totals == 100.0) == pytest.approx(0.5, abs=0.02)
    assert np.mean(per_period[:, 1]) == pytest.approx(50.0, abs=1.5)


def test_same_seed_same_figures_and_p50_stable_between_seeds() -> None:
    org = load_organisation("harbourline")
    a = value_uncertainty(org, "2026-09-30", samples=10_000, seed=1)
    b = value_uncertainty(org, "2026-09-30", samples=10_000, seed=1)
    c = value_uncertainty(org, "2026-09-30", samples=10_000, seed=2)
    assert (a.value_p10, a.value_p50, a.value_p90) == (b.value_p10, b.value_p50, b.value_p90)
    assert abs(c.value_p50 - a.value_p50) / a.value_p50 < 0.02
    assert a.value_p10 <= a.value_p50 <= a.value_p90 <= a.deterministic + 1e-6
    assert list(a.fan.columns) == ["quarter", "p10", "p50", "p90", "deterministic", "planned"]


def test_chunks_bound_memory_without_changing_the_model() -> None:
    org = _org([1.0] * 7)
    small = value_uncertainty(org, "2026-06-30", samples=1_000, chunk_elements=10)
    assert small.value_p50 == pytest.approx(small.deterministic)
