"""AHP on one matrix: published worked examples, consistency, invalid input, revisions.

The expected values below are copied from the publications, not computed by this code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vmo_lib.drivers import (
    RANDOM_INDEX,
    MatrixError,
    ahp,
    nearest_saaty,
    revision_path,
    revisions,
)

# Saaty, T. L. (2008). Decision making with the analytic hierarchy process. International
# Journal of Services Sciences 1(1), 83-98, table "Which drink is consumed more in the U.S.?":
# derived priorities .177 .019 .042 .116 .190 .129 .327, C.R. = .022 (n = 7).
DRINKS = ["coffee", "wine", "tea", "beer", "sodas", "milk", "water"]
DRINKS_MATRIX = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]
DRINKS_PRIORITIES = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]

# Saaty, T. L. (1990). How to make a decision: the analytic hierarchy process. European
# Journal of Operational Research 48, 9-26, the house-buying example. Criteria (n = 8): size,
# transportation, neighbourhood, age, yard, modern facilities, general condition, financing;
# priorities .173 .054 .188 .018 .031 .036 .167 .333, lambda_max = 9.669, C.I. = .238,
# C.R. = .169 (above 0.10: Saaty keeps it as an illustration).
HOUSE_CRITERIA = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
HOUSE_PRIORITIES = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
# Same paper, the three houses compared on size (n = 3): priorities .754 .181 .065,
# lambda_max = 3.136, C.I. = .068, C.R. = .117.
HOUSE_SIZE = [[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]]

# Saaty, T. L. (1977). A scaling method for priorities in hierarchical structures. Journal of
# Mathematical Psychology 15, 234-281, the optics experiment (relative brightness of four
# chairs, n = 4): eigenvector .61 .24 .10 .05, lambda_max = 4.39.
CHAIRS = [[1, 5, 6, 7], [1 / 5, 1, 4, 6], [1 / 6, 1 / 4, 1, 4], [1 / 7, 1 / 6, 1 / 4, 1]]


def test_drinks_example_n7() -> None:
    result = ahp(DRINKS_MATRIX, labels=DRINKS)
    assert list(result.weights.index) == DRINKS
    np.testing.assert_allclose(result.weights, DRINKS_PRIORITIES, atol=0.0006)
    assert result.consistency_ratio == pytest.approx(0.022, abs=0.0006)
    assert result.is_consistent()


def test_house_criteria_example_n8() -> None:
    result = ahp(HOUSE_CRITERIA)
    np.testing.assert_allclose(result.weights, HOUSE_PRIORITIES, atol=0.0006)
    assert result.lambda_max == pytest.approx(9.669, abs=0.0006)
    assert result.consistency_index == pytest.approx(0.238, abs=0.0006)
    assert result.consistency_ratio == pytest.approx(0.169, abs=0.0006)
    assert not result.is_consistent()


def test_house_size_example_n3() -> None:
    result = ahp(HOUSE_SIZE, labels=["A", "B", "C"])
    np.testing.assert_allclose(result.weights, [0.754, 0.181, 0.065], atol=0.0006)
    assert result.lambda_max == pytest.approx(3.136, abs=0.0006)
    assert result.consistency_index == pytest.approx(0.068, abs=0.0006)
    assert result.consistency_ratio == pytest.approx(0.117, abs=0.0006)


def test_chairs_example_n4() -> None:
    result = ahp(CHAIRS)
    np.testing.assert_allclose(result.weights, [0.61, 0.24, 0.10, 0.05], atol=0.01)
    assert result.lambda_max == pytest.approx(4.39, abs=0.005)


def test_random_index_is_saatys_table() -> None:
    assert RANDOM_INDEX == {
        1: 0,
        2: 0,
        3: 0.58,
        4: 0.90,
        5: 1.12,
        6: 1.24,
        7: 1.32,
        8: 1.41,
        9: 1.45,
        10: 1.49,
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_weights_and_ci_agree_with_pymcdm(seed: int) -> None:
    """pymcdm (another library) uses Tummala and Ling's RI table, so compare CI, not CR."""
    from pymcdm.weights.subjective import AHP

    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 9))
    m = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            m[i, j] = rng.choice([1 / 9, 1 / 5, 1 / 3, 1, 2, 3, 5, 7])
            m[j, i] = 1 / m[i, j]
    theirs = AHP(matrix=m)
    result = ahp(m)
    np.testing.assert_allclose(result.weights, theirs(), atol=1e-9)
    assert result.consistency_index == pytest.approx(theirs.get_cr() * AHP.RI_M[n - 1])


def test_a_consistent_matrix_has_cr_zero_and_exact_weights() -> None:
    w = np.array([0.4, 0.3, 0.2, 0.1])
    result = ahp(np.outer(w, 1 / w), labels=list("abcd"))
    np.testing.assert_allclose(result.weights, w, atol=1e-12)
    assert result.lambda_max == pytest.approx(4.0)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-12)
    assert revisions(result)["cr_after"].min() == pytest.approx(0.0, abs=1e-12)


def test_two_by_two_is_always_consistent() -> None:
    result = ahp([[1, 7], [1 / 7, 1]])
    assert result.weights.tolist() == pytest.approx([7 / 8, 1 / 8])
    assert result.consistency_ratio == 0.0
    assert revisions(result).empty


def test_a_cyclic_matrix_is_flagged_and_the_loop_is_named() -> None:
    # a > b (3), b > c (3), but c > a (3): intransitive, no weights fit.
    cyclic = [[1, 3, 1 / 3], [1 / 3, 1, 3], [3, 1 / 3, 1]]
    result = ahp(cyclic, labels=["a", "b", "c"])
    np.testing.assert_allclose(result.weights, [1 / 3] * 3, atol=1e-9)  # by symmetry
    # lambda_max of this circulant matrix is 1 + 3 + 1/3 (its eigenvector is (1, 1, 1)).
    assert result.lambda_max == pytest.approx(1 + 3 + 1 / 3)
    assert result.consistency_ratio == pytest.approx((13 / 3 - 3) / 2 / 0.58)
    assert not result.is_consistent()
    best = revisions(result, top=1).iloc[0]
    assert best["cr_after"] < result.consistency_ratio
    assert best["implied"] == pytest.approx(
        {("a", "b"): 1 / 9, ("a", "c"): 9, ("b", "c"): 1 / 9}[(best["driver_a"], best["driver_b"])]
    )


def test_revisions_find_the_one_judgement_that_breaks_a_consistent_matrix() -> None:
    w = np.array([0.5, 0.25, 0.125, 0.125])
    m = np.outer(w, 1 / w)
    m[0, 3], m[3, 0] = 1 / 4, 4  # should be 4: a single wrong judgement
    result = ahp(m, labels=list("abcd"))
    assert result.consistency_ratio > 0.1
    best = revisions(result, top=1).iloc[0]
    assert (best["driver_a"], best["driver_b"]) == ("a", "d")
    assert best["proposed"] == 4
    assert best["implied"] == pytest.approx(4)  # a/b * b/d = 2 * 2, a/c * c/d = 4 * 1
    assert best["cr_after"] == pytest.approx(0.0, abs=1e-9)
    path = revision_path(result)
    assert path[["step", "driver_a", "driver_b", "proposed"]].values.tolist() == [[1, "a", "d", 4]]


def test_revision_path_ends_within_the_limit() -> None:
    # two wrong judgements in an otherwise consistent 5 x 5 matrix (weights 16:8:4:2:1)
    w = np.array([16, 8, 4, 2, 1]) / 31
    m = np.outer(w, 1 / w)
    m[0, 3], m[3, 0] = 1 / 8, 8
    m[1, 4], m[4, 1] = 1 / 8, 8
    result = ahp(m, labels=list("abcde"))
    path = revision_path(result, limit=0.10)
    # each wrong judgement is put back to the consistent 8 (16/2 and 8/1), one per step
    assert path["step"].tolist() == [1, 2]
    assert {tuple(p) for p in path[["driver_a", "driver_b"]].values} == {("a", "d"), ("b", "e")}
    assert path["proposed"].tolist() == [8, 8]
    assert path["cr_after"].iloc[0] > 0.10
    assert path["cr_after"].iloc[1] == pytest.approx(0.0, abs=1e-9)
    assert revision_path(ahp(np.outer(w, 1 / w))).empty


@pytest.mark.parametrize(
    ("matrix", "fragment"),
    [
        ([[1, 2, 3], [1 / 2, 1, 4]], "square"),
        ([[1, -2], [-1 / 2, 1]], "not positive"),
        ([[1, 0], [0, 1]], "not positive"),
        ([[1, 3], [3, 1]], "not reciprocal"),
        ([[2, 1], [1, 1]], "diagonal"),
        ([[1, np.nan], [np.nan, 1]], "finite"),
        (np.ones((11, 11)), "at most 10"),
        ([], "square"),
        ([["a", "b"], ["c", "d"]], "numbers"),
    ],
)
def test_invalid_matrices_are_rejected(matrix: object, fragment: str) -> None:
    with pytest.raises(MatrixError, match=fragment):
        ahp(matrix)


def test_every_problem_is_listed_with_labels() -> None:
    bad = [[1, 3, 2], [3, 1, 1], [1 / 2, 1, 1]]
    with pytest.raises(MatrixError) as err:
        ahp(bad, labels=["cost", "speed", "risk"])
    assert len(err.value.problems) == 1
    assert "(cost, speed) = 3 and (speed, cost) = 3" in str(err.value)
    with pytest.raises(MatrixError, match="2 labels given for a 3 x 3"):
        ahp(HOUSE_SIZE, labels=["a", "b"])


def test_a_labelled_frame_keeps_its_labels_and_typed_thirds_pass() -> None:
    frame = pd.DataFrame([[1, 0.33], [3, 1]], index=["x", "y"], columns=["x", "y"])
    assert ahp(frame).weights.index.tolist() == ["x", "y"]


def test_nearest_saaty() -> None:
    assert nearest_saaty(2.6) == 3
    assert nearest_saaty(0.3) == pytest.approx(1 / 3)
    assert nearest_saaty(40) == 9
    assert nearest_saaty(1.4) == 1  # below sqrt(2), the log-midpoint of 1 and 2
