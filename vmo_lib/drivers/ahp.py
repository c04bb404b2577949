"""The Analytic Hierarchy Process (AHP) for one pairwise comparison matrix.

Method (Saaty 1977, 1980): a judge says, for every pair of items, how many times more
important item *i* is than item *j* on Saaty's 1-9 scale; the matrix ``A`` holds ``a_ij`` and
its reciprocals ``a_ji = 1 / a_ij``. The weights are the principal right eigenvector of ``A``,
normalised to sum to 1. Its eigenvalue ``lambda_max`` is ``n`` for a perfectly consistent
matrix (``a_ij * a_jk = a_ik`` for all i, j, k) and larger otherwise, so

* consistency index ``CI = (lambda_max - n) / (n - 1)``;
* consistency ratio ``CR = CI / RI(n)``, where ``RI(n)`` is the mean CI of random reciprocal
  matrices of size n. This module uses Saaty's table (:data:`RANDOM_INDEX`):

  =====  ====  ====  ====  ====  ====  ====  ====  ====  ====  ====
  n      1     2     3     4     5     6     7     8     9     10
  RI     0     0     0.58  0.90  1.12  1.24  1.32  1.41  1.45  1.49
  =====  ====  ====  ====  ====  ====  ====  ====  ====  ====  ====

A CR above 0.10 means the judgements contradict each other enough to be revisited.
Libraries differ in their RI table, so the same matrix can get different CRs elsewhere.
For n <= 2 the CR is 0 by definition (any 2x2 reciprocal matrix is consistent).

>>> result = ahp([[1, 3], [1 / 3, 1]], labels=["cost", "speed"])
>>> result.weights.round(2).to_dict()
{'cost': 0.75, 'speed': 0.25}
>>> result.consistency_ratio
0.0
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib.errors import VmoError

__all__ = [
    "CONSISTENCY_LIMIT",
    "MAX_SIZE",
    "RANDOM_INDEX",
    "SAATY_VALUES",
    "AHPResult",
    "MatrixError",
    "ahp",
    "check_matrix",
    "nearest_saaty",
    "revision_path",
    "revisions",
]

RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
}
"""Saaty's random consistency index RI by matrix size n (Saaty 1980, table 1.7)."""

MAX_SIZE = max(RANDOM_INDEX)
"""Largest matrix AHP is defined for here (Saaty advises 7 +- 2 items per comparison set)."""

CONSISTENCY_LIMIT = 0.10
"""Saaty's threshold: a CR above it calls for the judgements to be revisited."""

SAATY_VALUES: tuple[float, ...] = tuple([1 / k for k in range(9, 1, -1)] + list(range(1, 10)))
"""The 17 values of Saaty's scale: 1/9, 1/8, ..., 1/2, 1, 2, ..., 9."""

RECIPROCAL_TOLERANCE = 0.02
"""Relative tolerance of ``a_ij * a_ji = 1`` (0.33 typed for 1/3 passes, 0.3 does not)."""


class MatrixError(VmoError, ValueError):
    """A pairwise comparison matrix AHP cannot use; ``problems`` lists every reason."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"not a valid pairwise comparison matrix:\n{lines}")


@dataclass(frozen=True)
class AHPResult:
    """Weights and consistency of one pairwise comparison matrix.

    ``weights`` sum to 1 (index: the labels); ``matrix`` is the input as a labelled frame.
    """

    weights: pd.Series
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    matrix: pd.DataFrame

    @property
    def size(self) -> int:
        return len(self.weights)

    def is_consistent(self, limit: float = CONSISTENCY_LIMIT) -> bool:
        """True when the CR is at most ``limit`` (Saaty's 0.10 by default)."""
        return self.consistency_ratio <= limit


def check_matrix(matrix: np.ndarray, labels: Sequence[str] | None = None) -> list[str]:
    """Every reason ``matrix`` is not a usable reciprocal comparison matrix (empty if fine)."""
    problems: list[str] = []
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        return [f"the matrix must be square; it has shape {matrix.shape}"]
    n = matrix.shape[0]
    if n == 0:
        return ["the matrix is empty: there is nothing to compare"]
    if n > MAX_SIZE:
        problems.append(
            f"{n} items are too many to compare pairwise (at most {MAX_SIZE}, the largest size "
            "with a random index; split them into groups under sub-drivers)"
        )
    if labels is not None and len(labels) != n:
        problems.append(f"{len(labels)} labels given for a {n} x {n} matrix")
    names = list(labels) if labels is not None and len(labels) == n else [str(i) for i in range(n)]
    if not np.isfinite(matrix).all():
        problems.append("every entry must be a finite number")
        return problems
    for i, j in zip(*np.nonzero(matrix <= 0), strict=True):
        problems.append(f"entry ({names[i]}, {names[j]}) = {matrix[i, j]:g} is not positive")
    if problems:
        return problems
    for i in range(n):
        if abs(matrix[i, i] - 1) > RECIPROCAL_TOLERANCE:
            problems.append(f"diagonal entry ({names[i]}, {names[i]}) = {matrix[i, i]:g} is not 1")
        for j in range(i + 1, n):
            if abs(matrix[i, j] * matrix[j, i] - 1) > RECIPROCAL_TOLERANCE:
                problems.append(
                    f"entries ({names[i]}, {names[j]}) = {matrix[i, j]:g} and "
                    f"({names[j]}, {names[i]}) = {matrix[j, i]:g} are not reciprocal "
                    "(their product must be 1)"
                )
    return problems


def ahp(matrix: object, labels: Sequence[str] | None = None) -> AHPResult:
    """Principal-eigenvector weights, lambda_max, CI and CR of a pairwise comparison matrix.

    ``matrix`` is n x n (a nested list, numpy array or DataFrame, whose index then gives the
    labels) with ``matrix[i][j]`` = how many times more important item i is than item j.
    Rules checked, all reported together in a :class:`MatrixError`: square, 1 <= n <= 10,
    finite and positive entries, ones on the diagonal and ``a_ij * a_ji = 1`` within 2 %.

    Method: weights = principal right eigenvector of the matrix, normalised to sum to 1;
    ``lambda_max`` its eigenvalue; ``CI = (lambda_max - n) / (n - 1)``; ``CR = CI / RI(n)``
    with Saaty's random index RI for n = 1..10: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
    1.45, 1.49 (:data:`RANDOM_INDEX`). CI and CR are 0 for n <= 2. CR > 0.10: revisit.

    >>> r = ahp([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]], labels=list("abc"))
    >>> r.weights.round(4).tolist(), round(r.consistency_ratio, 6)
    ([0.5714, 0.2857, 0.1429], 0.0)
    """
    if isinstance(matrix, pd.DataFrame):
        labels = list(matrix.index) if labels is None else labels
        values = matrix.to_numpy(dtype=float)
    else:
        try:
            values = np.asarray(matrix, dtype=float)
        except (TypeError, ValueError) as err:
            raise MatrixError([f"the matrix must hold numbers only ({err})"]) from None
    problems = check_matrix(values, labels)
    if problems:
        raise MatrixError(problems)
    n = values.shape[0]
    names = [str(x) for x in labels] if labels is not None else [f"item {i + 1}" for i in range(n)]
    eigenvalues, eigenvectors = np.linalg.eig(values)
    k = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, k].real)
    weights = pd.Series(vector / vector.sum(), index=names, name="weight")
    lambda_max = float(eigenvalues[k].real)
    ci = max((lambda_max - n) / (n - 1), 0.0) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    frame = pd.DataFrame(values, index=names, columns=names)
    return AHPResult(weights, lambda_max, ci, cr, frame)


def nearest_saaty(ratio: float) -> float:
    """The value of Saaty's scale closest to ``ratio`` in log terms (e.g. 2.6 -> 3)."""
    logs = np.abs(np.log(SAATY_VALUES) - np.log(ratio))
    return float(SAATY_VALUES[int(np.argmin(logs))])


def revisions(result: AHPResult, top: int = 3) -> pd.DataFrame:
    """The judgements to revisit first, each with a value that would make the matrix agree.

    Why: a CR above 0.10 says *that* a judge contradicts themself, not *where*. For each
    judgement ``a_ij`` (i before j) this tries every value of Saaty's scale in its place and
    keeps the one with the lowest CR; the judgements whose best replacement lowers the CR most
    come first. Columns: ``driver_a``, ``driver_b``, ``given`` (the judgement),
    ``implied`` (what the judge's other answers say: the geometric mean of ``a_ik * a_kj``
    over every other item k), ``proposed`` (the Saaty value with the lowest CR), ``cr_after``
    (the CR with it).
    Empty for matrices of size <= 2, which are always consistent.
    """
    names = list(result.matrix.index)
    values = result.matrix.to_numpy()
    n = len(names) if len(names) > 2 else 0
    rows = []
    for i in range(n):
        for j in range(i + 1, n):
            best_value, best_cr = values[i, j], result.consistency_ratio
            for candidate in SAATY_VALUES:
                trial = values.copy()
                trial[i, j], trial[j, i] = candidate, 1 / candidate
                cr = ahp(trial).consistency_ratio
                if cr < best_cr - 1e-12:
                    best_value, best_cr = candidate, cr
            rows.append(
                {
                    "driver_a": names[i],
                    "driver_b": names[j],
                    "given": values[i, j],
                    "implied": _implied(values, i, j),
                    "proposed": best_value,
                    "cr_after": best_cr,
                }
            )
    columns = ["driver_a", "driver_b", "given", "implied", "proposed", "cr_after"]
    if not rows:
        return pd.DataFrame(columns=columns)
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values("cr_after", kind="stable").head(top).reset_index(drop=True)


def revision_path(result: AHPResult, limit: float = CONSISTENCY_LIMIT) -> pd.DataFrame:
    """Judgements to change one after another until the CR is at most ``limit``.

    Greedy: each step takes the best single change of :func:`revisions` on the matrix as
    changed so far, and stops when the CR is within the limit or no change lowers it (at most
    one step per judgement). Columns as :func:`revisions`, plus ``step`` (1, 2, ...); ``given``
    and ``implied`` refer to the matrix before that step. Empty when already consistent.
    """
    steps: list[dict[Hashable, object]] = []
    current = result
    pairs = len(result.matrix) * (len(result.matrix) - 1) // 2
    while current.consistency_ratio > limit and len(steps) < pairs:
        best = revisions(current, top=1)
        if best.empty or best["cr_after"].iloc[0] >= current.consistency_ratio - 1e-12:
            break
        row = best.iloc[0]
        steps.append({"step": len(steps) + 1, **row.to_dict()})
        matrix = current.matrix.copy()
        matrix.loc[row["driver_a"], row["driver_b"]] = row["proposed"]
        matrix.loc[row["driver_b"], row["driver_a"]] = 1 / row["proposed"]
        current = ahp(matrix)
    columns = ["step", "driver_a", "driver_b", "given", "implied", "proposed", "cr_after"]
    return pd.DataFrame(steps, columns=columns)


def _implied(values: np.ndarray, i: int, j: int) -> float:
    """Geometric mean of the indirect judgements ``a_ik * a_kj`` over every other item k."""
    others = [k for k in range(len(values)) if k not in (i, j)]
    if not others:
        return float(values[i, j])
    return float(np.exp(np.mean([np.log(values[i, k] * values[k, j]) for k in others])))
