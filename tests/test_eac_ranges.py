"""EAC ranges from the portfolio's spread of CPIs: hand-computed fixture and enumeration."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from vmo_lib.baseline.eac_ranges import eac_ranges

PROJECTS = pd.DataFrame(
    {
        "project_id": ["A", "B", "C", "D", "E"],
        "budget_at_completion": [100.0, 200.0, 100.0, 50.0, 80.0],
        "earned_value": [40.0, 100.0, 100.0, 0.0, 0.0],
        "actual_cost": [50.0, 100.0, 80.0, 10.0, 0.0],
    }
)
# CPIs 0.8, 1.0, 1.25 (median 1): relative CPI quantiles (numpy linear) P90 1.2, P10 0.84


def test_project_quantiles_by_hand() -> None:
    table = eac_ranges(PROJECTS, samples=1_000, seed=1).projects.set_index("project_id")
    assert table.loc["A", "eac_p50"] == pytest.approx(125.0)  # BAC / CPI
    assert table.loc["A", "eac_p10"] == pytest.approx(50 + 60 / (0.8 * 1.2))
    assert table.loc["A", "eac_p90"] == pytest.approx(50 + 60 / (0.8 * 0.84))
    assert table.loc["C", ["eac_p10", "eac_p50", "eac_p90"]].tolist() == [80.0, 80.0, 80.0]
    assert table.loc["D", "eac_p90"] == pytest.approx(10 + 50 / 0.84)  # portfolio CPIs
    assert table.loc["E", ["eac_p10", "eac_p90"]].isna().all()


def test_portfolio_quantiles_match_enumeration() -> None:
    ranges = eac_ranges(PROJECTS, samples=40_000, seed=7)
    r = [0.8, 1.0, 1.25]
    totals = sorted(
        80 + 50 + 60 / (0.8 * a) + 100 + 100 / b + 10 + 50 / d
        for a, b, d in itertools.product(r, r, r)
    )
    exact = np.repeat(totals, 1000)  # 27 equally likely outcomes
    for q in (0.1, 0.5, 0.9):
        assert ranges.portfolio[f"p{round(q * 100)}"] == pytest.approx(
            np.quantile(exact, q), rel=0.02
        )
    assert ranges.portfolio["comonotone_p10"] <= ranges.portfolio["p10"]
    assert ranges.portfolio["p90"] <= ranges.portfolio["comonotone_p90"]


def test_same_seed_same_figures() -> None:
    a = eac_ranges(PROJECTS, samples=2_000, seed=3).portfolio
    b = eac_ranges(PROJECTS, samples=2_000, seed=3).portfolio
    assert a == b
