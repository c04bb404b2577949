"""Value scores: TOPSIS against published examples and pymcdm, weighted sum by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pymcdm.methods import TOPSIS
from pymcdm.normalizations import vector_normalization

from vmo_lib.data import load_organisation
from vmo_lib.portfolio import (
    build_criteria,
    contribution_matrix,
    rank_by_value,
    score_samples,
    topsis,
)


def test_topsis_matches_tzeng_and_huang_worked_example():
    # Tzeng, G.-H. & Huang, J.-J. (2011), Multiple Attribute Decision Making: Methods and
    # Applications, CRC Press: four alternatives, three benefit criteria, vector
    # normalisation; published closeness 0.5037, 0.6581, 0.7482, 0.3340 (four decimals).
    matrix = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], dtype=float)
    closeness = topsis(matrix, np.array([0.3, 0.4, 0.3]), np.array([True, True, True]))
    np.testing.assert_allclose(closeness, [0.5037, 0.6581, 0.7482, 0.3340], atol=1e-4)


def test_topsis_cost_criterion_by_hand():
    # Two alternatives, one benefit and one cost criterion, equal weights.
    # Columns (3, 4) and (2, 1): norms 5 and sqrt(5). r = (0.6, 0.8) and (2, 1)/sqrt(5).
    # A is worse on the benefit and worse (dearer) on the cost criterion: it *is* the
    # anti-ideal, B the ideal, so closeness is exactly 0 and 1.
    matrix = np.array([[3.0, 2.0], [4.0, 1.0]])
    np.testing.assert_allclose(
        topsis(matrix, np.array([0.5, 0.5]), np.array([True, False])), [0.0, 1.0]
    )
    # With the cost criterion read as a benefit, each wins one criterion. Weighted distances:
    # d+ of A = 0.5 * 0.2 = 0.1 and d- of A = 0.5 * (2 - 1)/sqrt(5) = 0.2236...
    expected_a = (0.5 / np.sqrt(5)) / (0.1 + 0.5 / np.sqrt(5))
    got = topsis(matrix, np.array([0.5, 0.5]), np.array([True, True]))
    np.testing.assert_allclose(got, [expected_a, 1 - expected_a], atol=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_topsis_equals_pymcdm_with_vector_normalisation(seed):
    rng = np.random.default_rng(seed)
    matrix = rng.uniform(1, 100, size=(30, 7))
    weights = rng.dirichlet(np.ones(7))
    benefit = rng.random(7) < 0.6
    types = np.where(benefit, 1, -1)
    reference = TOPSIS(normalization_function=vector_normalization)(matrix, weights, types)
    np.testing.assert_allclose(topsis(matrix, weights, benefit), reference, atol=1e-9)


def test_topsis_many_weight_vectors_equal_one_at_a_time():
    rng = np.random.default_rng(3)
    matrix = rng.integers(0, 6, size=(40, 6)).astype(float)
    weights = rng.dirichlet(np.ones(6), size=25)
    benefit = np.array([True, True, False, True, True, True])
    together = topsis(matrix, weights, benefit)
    assert together.shape == (40, 25)
    for k in range(25):
        np.testing.assert_allclose(together[:, k], topsis(matrix, weights[k], benefit), atol=1e-12)


def test_topsis_rejects_mismatched_shapes_and_negative_weights():
    with pytest.raises(ValueError, match="do not match"):
        topsis(np.ones((3, 2)), np.array([0.5, 0.3, 0.2]), np.array([True, True]))
    with pytest.raises(ValueError, match="non-negative"):
        topsis(np.ones((3, 2)), np.array([1.5, -0.5]), np.array([True, True]))


def test_weighted_sum_score_by_hand():
    contributions = pd.DataFrame(
        {"D1": [5.0, 2.0, 0.0], "D2": [0.0, 4.0, 5.0], "D3": [1.0, 1.0, 5.0]},
        index=["A", "B", "C"],
    )
    criteria = build_criteria(contributions, pd.Series({"D1": 2.0, "D2": 1.0, "D3": 1.0}))
    # weights 0.5, 0.25, 0.25; score = 100 * sum(w * c / 5)
    # A: 100 * (0.5 * 1 + 0 + 0.25 * 0.2) = 55; B: 100 * (0.2 + 0.2 + 0.05) = 45;
    # C: 100 * (0 + 0.25 + 0.25) = 50.
    np.testing.assert_allclose(score_samples(criteria), [55.0, 45.0, 50.0])
    risk = score_samples(criteria, probability=np.array([0.5, 1.0, 0.8]))
    np.testing.assert_allclose(risk, [27.5, 45.0, 40.0])


def test_financial_criteria_share_the_weight_min_max_scaled():
    contributions = pd.DataFrame({"D1": [5.0, 0.0, 0.0]}, index=["A", "B", "C"])
    financial = pd.DataFrame({"npv": [-100.0, 300.0, np.nan]}, index=["A", "B", "C"])
    criteria = build_criteria(contributions, pd.Series({"D1": 1.0}), financial, 0.25)
    # D1 carries 0.75, NPV 0.25. NPV min-max over -100..300; blank NPV scores as the worst.
    # A: 75 + 0; B: 0 + 25; C: 0 + 0.
    np.testing.assert_allclose(score_samples(criteria), [75.0, 25.0, 0.0])


def test_contribution_matrix_fills_missing_pairs_with_zero():
    table = pd.DataFrame(
        {"project_id": ["A", "A", "B"], "driver_id": ["D1", "D2", "D2"], "contribution": [3, 4, 5]}
    )
    matrix = contribution_matrix(table, ["A", "B", "C"], ["D1", "D2"])
    assert matrix.loc["B", "D1"] == 0 and matrix.loc["C"].sum() == 0 and matrix.loc["A", "D2"] == 4


def test_harbourline_scores_equal_a_hand_computation_from_the_csv_files():
    org = load_organisation("harbourline")
    leaves = sorted(org.project_contributions["driver_id"].astype(str).unique())
    raw = pd.Series(np.arange(1, len(leaves) + 1, dtype=float), index=leaves)
    ranking = rank_by_value(org, raw, risk_adjusted=True)
    rows = pd.read_csv("datasets/harbourline/project_contributions.csv")
    projects = pd.read_csv("datasets/harbourline/projects.csv").set_index("project_id")
    weight = raw / raw.sum()
    for pid in ("P-01", "P-13", "P-47"):
        mine = rows[rows["project_id"] == pid]
        by_hand = 100 * sum(
            weight[d] * c / 5 for d, c in zip(mine["driver_id"], mine["contribution"], strict=True)
        )
        assert ranking.table.loc[pid, "driver_score"] == pytest.approx(by_hand, abs=1e-9)
        p = projects.loc[pid, "probability_of_success"]
        p = projects["probability_of_success"].median() if pd.isna(p) else p
        assert ranking.table.loc[pid, "value_score"] == pytest.approx(by_hand * p, abs=1e-9)
    assert ranking.table["value_rank"].min() == 1
    assert ranking.table["value_score"].is_monotonic_decreasing
    assert ranking.table.loc["P-15", "probability_assumed"]  # blank in the case study


@pytest.mark.filterwarnings("ignore:Alternatives with indices")
def test_topsis_ranking_of_the_case_study_is_scaled_0_to_100():
    org = load_organisation("harbourline")
    leaves = sorted(org.project_contributions["driver_id"].astype(str).unique())
    ranking = rank_by_value(org, pd.Series(1.0, index=leaves), method="topsis")
    scores = ranking.table["value_score"]
    assert scores.min() >= 0 and scores.max() <= 100
    matrix = ranking.criteria.matrix.to_numpy()
    reference = TOPSIS(normalization_function=vector_normalization)(
        matrix[:, matrix.sum(axis=0) > 0],
        np.full(int((matrix.sum(axis=0) > 0).sum()), 1 / len(leaves)),
        np.ones(int((matrix.sum(axis=0) > 0).sum()), dtype=int),
    )
    np.testing.assert_allclose(scores.to_numpy() / 100, reference, atol=1e-9)
