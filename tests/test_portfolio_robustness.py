"""Weight sampling, chunked re-ranking and funding probabilities under uncertain weights."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from vmo_lib.portfolio import build_criteria, rank_samples, robustness, sample_weights, verdict
from vmo_lib.portfolio.scoring import score_samples


class _Chosen:
    def __init__(self, selected):
        self.selected = tuple(selected)


def brute_force_select(values: pd.Series, costs: pd.Series, budget: float, **_):
    """The most valuable subset within the budget, by enumeration (independent of the MILP)."""
    n = len(values)
    masks = np.array(list(itertools.product([0, 1], repeat=n)), dtype=float)
    fits = masks @ costs.reindex(values.index).to_numpy(float) <= budget + 1e-9
    totals = np.where(fits, masks @ values.to_numpy(float), -np.inf)
    best = masks[int(np.argmax(totals))].astype(bool)
    return _Chosen(values.index[best])


def _criteria():
    # STAR is decisive on every driver (dominant), DUD contributes nothing (dominated), the
    # others each shine on one driver only, so which of them wins depends on the weights.
    contributions = pd.DataFrame(
        {
            "D1": [5, 0, 5, 0, 0, 2],
            "D2": [5, 0, 0, 5, 0, 2],
            "D3": [5, 0, 0, 0, 5, 2],
        },
        index=["STAR", "DUD", "ONE", "TWO", "THREE", "MID"],
        dtype=float,
    )
    return build_criteria(contributions, pd.Series({"D1": 0.4, "D2": 0.35, "D3": 0.25}))


@pytest.mark.parametrize("scheme", ["dirichlet", "rank_order"])
@pytest.mark.parametrize("method", ["weighted_sum", "topsis"])
def test_dominant_always_funded_dominated_never(scheme, method):
    criteria = _criteria()
    costs = pd.Series(1.0, index=criteria.matrix.index)
    result = robustness(
        criteria,
        costs,
        budget=3.0,
        select=brute_force_select,
        method=method,
        n_samples=200,
        scheme=scheme,
        concentration=20,
        seed=4,
    )
    table = result.table
    assert table.loc["STAR", "funded_share"] == 1.0 and table.loc["STAR", "verdict"] == "core"
    assert table.loc["DUD", "funded_share"] == 0.0 and table.loc["DUD", "verdict"] == "out"
    assert table.loc["STAR", "rank_low"] == table.loc["STAR", "rank_high"] == 1
    assert table.loc["DUD", "rank_low"] == table.loc["DUD", "rank_high"] == 6
    assert result.counts["core"] + result.counts["borderline"] + result.counts["out"] == 6
    # Funded shares are a share of samples: the budget funds exactly 3 projects in each.
    assert table["funded_share"].sum() == pytest.approx(3.0)


def test_robustness_with_the_milp_agrees_with_brute_force():
    from vmo_lib.portfolio import select_projects

    rng = np.random.default_rng(0)
    contributions = pd.DataFrame(
        rng.integers(0, 6, size=(9, 4)).astype(float),
        index=[f"P{i}" for i in range(9)],
        columns=["A", "B", "C", "D"],
    )
    criteria = build_criteria(contributions, pd.Series({"A": 0.4, "B": 0.3, "C": 0.2, "D": 0.1}))
    costs = pd.Series(rng.uniform(1, 5, size=9).round(2), index=contributions.index)
    common = dict(n_samples=60, seed=9, concentration=30)
    exact = robustness(criteria, costs, 9.0, select_projects, **common)
    brute = robustness(criteria, costs, 9.0, brute_force_select, **common)
    pd.testing.assert_series_equal(exact.table["funded_share"], brute.table["funded_share"])


def test_sample_weights_properties():
    base = np.array([0.5, 0.3, 0.2, 0.0])
    dirichlet = sample_weights(base, 20000, concentration=100, seed=1)
    assert np.allclose(dirichlet.sum(axis=1), 1) and (dirichlet[:, 3] == 0).all()
    np.testing.assert_allclose(dirichlet.mean(axis=0), base, atol=0.003)
    # Standard deviation sqrt(w (1 - w) / (c + 1)) for w = 0.5, c = 100: 0.0498.
    assert dirichlet[:, 0].std() == pytest.approx(np.sqrt(0.25 / 101), rel=0.05)
    ordered = sample_weights(np.array([0.2, 0.5, 0.3]), 5000, scheme="rank_order", seed=2)
    assert (ordered[:, 1] >= ordered[:, 2]).all() and (ordered[:, 2] >= ordered[:, 0]).all()
    # Uniform on the ordered region: the mean of the largest of 3 is (1/3)(1 + 1/2 + 1/3).
    assert ordered[:, 1].mean() == pytest.approx(11 / 18, abs=0.01)


def test_sample_weights_rejects_bad_input():
    with pytest.raises(ValueError, match="scheme"):
        sample_weights(np.array([1.0]), 3, scheme="uniform")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-negative"):
        sample_weights(np.array([0.5, -0.5]), 3)


def test_chunked_ranks_equal_one_pass():
    rng = np.random.default_rng(5)
    contributions = pd.DataFrame(rng.integers(0, 6, size=(50, 5)).astype(float))
    contributions.columns = list("ABCDE")
    criteria = build_criteria(contributions, pd.Series(1.0, index=list("ABCDE")))
    weights = sample_weights(criteria.weights.to_numpy(), 37, seed=3)
    whole = rank_samples(criteria, weights, method="topsis")
    chunked = rank_samples(criteria, weights, method="topsis", chunk_size=4)
    np.testing.assert_array_equal(whole, chunked)
    # Each column is a permutation of 1..50, and rank 1 has the highest score.
    scores = score_samples(criteria, weights, "topsis")
    assert (np.sort(whole, axis=0) == np.arange(1, 51)[:, None]).all()
    np.testing.assert_array_equal(whole.argmin(axis=0), scores.argmax(axis=0))


def test_verdict_thresholds():
    shares = np.array([1.0, 0.9, 0.89, 0.11, 0.1, 0.0])
    assert verdict(shares, 0.9).tolist() == [
        "core",
        "core",
        "borderline",
        "borderline",
        "out",
        "out",
    ]
    with pytest.raises(ValueError):
        verdict(shares, 0.4)


def test_robustness_fast_path_agrees_with_the_generic_one_and_counts_statuses(monkeypatch):
    """select_projects itself takes the fast path (model built once, warm starts); any other
    callable the generic one: the funded shares agree. With HiGHS failing (injected) the
    analysis still ends, on fallback portfolios, and says so."""
    import vmo_lib.portfolio.funding.model as selection_model
    from vmo_lib.portfolio import select_projects

    criteria = _criteria()
    costs = pd.Series([3.0, 1.0, 2.0, 2.0, 2.0, 1.5], index=criteria.matrix.index)
    common = dict(
        n_samples=60, concentration=20, seed=2, constraints={"requires": [("MID", "ONE")]}
    )
    fast = robustness(criteria, costs, 5.0, select_projects, **common)
    slow = robustness(criteria, costs, 5.0, lambda *a, **k: select_projects(*a, **k), **common)
    pd.testing.assert_series_equal(fast.table["funded_share"], slow.table["funded_share"])
    assert fast.solver == {"optimal": 61} and fast.max_gap == 0
    assert fast.solver_text == "Every one of the 61 selections is optimal."

    def failing(*args, **kwargs):
        raise selection_model.SolverFailure("HiGHS did not finish: Solve error")

    monkeypatch.setattr(selection_model, "_milp", failing)
    fallback = robustness(criteria, costs, 5.0, select_projects, **common)
    assert fallback.solver == {"fallback": 61}
    assert "greedy fallback" in fallback.solver_text


def test_chart_rows_keep_the_most_uncertain_projects():
    from vmo_lib.portfolio.robustness import Robustness, chart_rows

    table = pd.DataFrame(
        {
            "funded_share": [1.0, 0.9, 0.55, 0.1, 0.0, 0.45],
            "base_rank": [1, 2, 3, 5, 6, 4],
            "verdict": ["core", "core", "borderline", "out", "out", "borderline"],
        },
        index=list("ABCDEF"),
    )
    result = Robustness(table, np.zeros((1, 3)), "dirichlet", 100.0, 0.9, 0.9)
    rows = chart_rows(result, 3)
    assert list(rows.table.index) == ["B", "C", "F"]  # input order kept
    assert "not shown: 1 core, 2 out" in rows.note
    assert chart_rows(result, 6).note == ""
