"""Value scores 0-100 from a decision matrix: weighted sum or TOPSIS, vectorised over weights.

A project's value is judged on *criteria*: its contribution (0-5) to each leaf value driver
and, optionally, financial criteria (NPV, benefit-cost ratio). :class:`Criteria` holds the
decision matrix (one row per project, one column per criterion), the base weights (summing to
1) and, per criterion, whether more is better (``benefit``) and the values that score 0 and 1
in the weighted sum.

Two scoring methods, both on a 0-100 scale:

* ``"weighted_sum"`` (the default): each criterion is rescaled to 0-1 (a contribution of 0
  scores 0 and 5 scores 1; a financial criterion is rescaled min-max across the projects) and
  the score is ``100 x sum_j w_j x_ij``. 100 means "decisive on every criterion"; a project that
  contributes *decisively* to drivers carrying 30 % of the weight, and nothing else, scores 30.
* ``"topsis"``: Hwang & Yoon's closeness to the ideal solution, with **vector normalisation**
  (``r_ij = x_ij / ||x_j||``), times 100. It is relative: 100 is the best project on every
  criterion at once, 0 the worst, whatever the absolute contributions.

Every scoring function accepts one weight vector ``(m,)`` or many ``(k, m)``, so a robustness
analysis scores thousands of weight samples with a few matrix products.

>>> m = np.array([[5.0, 0.0], [0.0, 5.0], [3.0, 3.0]])
>>> np.round(topsis(m, np.array([0.5, 0.5]), np.array([True, True])), 3)
array([0.5, 0.5, 0.6])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

__all__ = [
    "CONTRIBUTION_SCALE",
    "METHODS",
    "Criteria",
    "Method",
    "build_criteria",
    "contribution_matrix",
    "score_samples",
    "topsis",
    "weighted_sum",
]

Method = Literal["weighted_sum", "topsis"]
METHODS: tuple[str, ...] = ("weighted_sum", "topsis")
CONTRIBUTION_SCALE = 5.0
"""Top of the contribution scale (0 none ... 5 decisive), scored 1 in the weighted sum."""


@dataclass(frozen=True)
class Criteria:
    """A decision matrix with its weights.

    ``matrix``: projects x criteria (raw values); ``weights``: criterion -> base weight (sums
    to 1); ``benefit``: criterion -> True when more is better; ``low``/``high``: criterion ->
    the raw values the weighted sum maps to 0 and 1; ``kind``: ``"driver"`` or ``"financial"``;
    ``scored``: project -> True when the project has value scores (rows in
    ``project_contributions``), or ``None`` when every project has. A project without scores
    scores 0 in every computation and takes no part in TOPSIS's ideal and anti-ideal; the
    ranking shows it as "not scored", never as 0.
    """

    matrix: pd.DataFrame
    weights: pd.Series
    benefit: pd.Series
    low: pd.Series
    high: pd.Series
    kind: pd.Series
    scored: pd.Series | None = None

    def scored_mask(self) -> np.ndarray:
        """True for each row of :attr:`matrix` that has value scores."""
        if self.scored is None:
            return np.ones(len(self.matrix), dtype=bool)
        return self.scored.reindex(self.matrix.index).fillna(False).to_numpy(bool)

    def normalised(self) -> np.ndarray:
        """The matrix rescaled to 0-1 per criterion, 1 = best (for the weighted sum)."""
        x = self.matrix.to_numpy(float)
        low, high = self.low.to_numpy(float), self.high.to_numpy(float)
        span = np.where(high > low, high - low, 1.0)
        scaled = np.clip((x - low) / span, 0.0, 1.0)
        return np.where(self.benefit.to_numpy(bool), scaled, 1.0 - scaled)

    def with_weights(self, weights: pd.Series) -> Criteria:
        """The same criteria with other weights (missing criteria get 0; rescaled to sum 1)."""
        aligned = weights.reindex(self.weights.index).fillna(0.0).astype(float)
        return Criteria(
            self.matrix,
            _unit_sum(aligned),
            self.benefit,
            self.low,
            self.high,
            self.kind,
            self.scored,
        )


def contribution_matrix(
    contributions: pd.DataFrame, projects: Sequence[str], drivers: Sequence[str]
) -> pd.DataFrame:
    """Projects x drivers table of contribution scores (0-5); a pair not in the table is 0.

    ``contributions`` is the ``project_contributions`` table (``project_id``, ``driver_id``,
    ``contribution``). Rows for other projects or drivers are ignored.
    """
    table = contributions.pivot_table(
        index="project_id", columns="driver_id", values="contribution", aggfunc="max"
    )
    return table.reindex(index=list(projects), columns=list(drivers)).fillna(0.0).astype(float)


def build_criteria(
    contributions: pd.DataFrame,
    driver_weights: pd.Series,
    financial: pd.DataFrame | None = None,
    financial_weight: float = 0.0,
    scored: pd.Series | None = None,
) -> Criteria:
    """Criteria from a contribution matrix, driver weights and optional financial columns.

    ``contributions``: projects x drivers, 0-5 (see :func:`contribution_matrix`);
    ``driver_weights``: driver -> weight (rescaled to sum 1); ``financial``: projects x
    financial criteria, all *benefit* criteria (e.g. NPV, benefit-cost ratio), blanks scored as
    the worst value. ``financial_weight`` (0-1) is the share of the total weight the financial
    criteria get, split equally among them; the drivers share the rest in proportion to their
    weights.
    """
    if not 0.0 <= financial_weight < 1.0:
        raise ValueError(f"financial_weight must be in [0, 1), got {financial_weight!r}")
    drivers = list(contributions.columns)
    problems = [d for d in drivers if d not in driver_weights.index]
    if problems:
        raise ValueError(f"no weight for driver(s) {', '.join(map(str, problems))}")
    base = _unit_sum(driver_weights.reindex(drivers).astype(float))
    matrix = contributions.astype(float)
    low = pd.Series(0.0, index=drivers)
    high = pd.Series(CONTRIBUTION_SCALE, index=drivers)
    kind = pd.Series("driver", index=drivers)
    weights = base
    if financial is not None and financial_weight > 0 and len(financial.columns):
        extra = financial.reindex(matrix.index).astype(float)
        extra = extra.fillna(extra.min()).fillna(0.0)
        matrix = pd.concat([matrix, extra], axis=1)
        n = len(extra.columns)
        weights = pd.concat(
            [base * (1 - financial_weight), pd.Series(financial_weight / n, index=extra.columns)]
        )
        low = pd.concat([low, extra.min()])
        high = pd.concat([high, extra.max()])
        kind = pd.concat([kind, pd.Series("financial", index=extra.columns)])
    benefit = pd.Series(True, index=matrix.columns)
    return Criteria(matrix, weights, benefit, low, high, kind, scored)


def weighted_sum(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``normalised @ weights``: one weight vector ``(m,)`` -> ``(n,)``; ``(k, m)`` -> ``(n, k)``.

    ``normalised`` is projects x criteria on 0-1 (1 = best); the result is on 0-1.
    """
    w = np.asarray(weights, dtype=float)
    return normalised @ (w if w.ndim == 1 else w.T)


def topsis(matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """TOPSIS closeness coefficients (0-1) with vector normalisation.

    ``matrix``: alternatives x criteria (raw values); ``weights``: ``(m,)`` or ``(k, m)``
    (k weight vectors at once); ``benefit``: ``(m,)`` booleans, True when more is better.
    Returns ``(n,)`` or ``(n, k)``. Steps (Hwang & Yoon 1981): ``r_ij = x_ij / ||x_j||``;
    ``v_ij = w_j r_ij``; ideal ``v+_j`` the best and anti-ideal ``v-_j`` the worst ``v_ij`` of
    each column; ``C_i = D-_i / (D+_i + D-_i)`` with Euclidean distances. A criterion whose
    column is all zero is left out (its norm is 0); an alternative equal to both ideals (all
    columns constant) gets 0.5.

    Vectorised: with non-negative weights ``(v_ij - v+_j)^2 = w_j^2 (r_ij - r+_j)^2``, so the
    squared distances for all k weight vectors are one matrix product ``(r - r+)^2 @ (w^2).T``.
    """
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    good = np.asarray(benefit, dtype=bool)
    if x.ndim != 2 or w.shape[-1] != x.shape[1] or good.shape != (x.shape[1],):
        raise ValueError(
            f"topsis: matrix {x.shape}, weights {w.shape} and benefit {good.shape} do not match"
        )
    if (w < 0).any():
        raise ValueError("topsis: weights must be non-negative")
    norm = np.sqrt((x * x).sum(axis=0))
    r = np.divide(x, norm, out=np.zeros_like(x), where=norm > 0)
    best = np.where(good, r.max(axis=0), r.min(axis=0))
    worst = np.where(good, r.min(axis=0), r.max(axis=0))
    w2 = w * w
    w2 = w2 if w2.ndim == 1 else w2.T
    d_plus = ((r - best) ** 2) @ w2
    d_minus = ((r - worst) ** 2) @ w2
    np.sqrt(d_plus, out=d_plus)
    np.sqrt(d_minus, out=d_minus)
    d_plus += d_minus  # now D+ + D-
    with np.errstate(invalid="ignore"):
        np.divide(d_minus, d_plus, out=d_minus)  # now the closeness
    tied = d_plus == 0
    if tied.any():
        d_minus[tied] = 0.5
    return d_minus


def score_samples(
    criteria: Criteria,
    weights: np.ndarray | None = None,
    method: Method = "weighted_sum",
    probability: np.ndarray | None = None,
) -> np.ndarray:
    """Value scores (0-100) for each project under one or many weight vectors.

    ``weights``: ``None`` (the criteria's base weights) -> ``(n,)``; ``(m,)`` -> ``(n,)``;
    ``(k, m)`` -> ``(n, k)``. ``probability``: ``(n,)`` shares 0-1 to multiply by (risk
    adjustment: expected value = value x probability of success), or ``None``. Projects
    without value scores (:attr:`Criteria.scored`) score 0 and are left out of TOPSIS's
    ideal and anti-ideal, so they change no other project's score.
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    w = criteria.weights.to_numpy(float) if weights is None else np.asarray(weights, float)
    scored = criteria.scored_mask()
    if method == "weighted_sum":
        scores = 100.0 * weighted_sum(criteria.normalised(), w)
    elif scored.all():
        scores = 100.0 * topsis(criteria.matrix.to_numpy(float), w, criteria.benefit.to_numpy())
    else:
        shape = (len(scored),) if w.ndim == 1 else (len(scored), w.shape[0])
        scores = np.zeros(shape)
        if scored.any():
            matrix = criteria.matrix.to_numpy(float)[scored]
            scores[scored] = 100.0 * topsis(matrix, w, criteria.benefit.to_numpy())
    if not scored.all():
        scores[~scored] = 0.0
    if probability is not None:
        p = np.asarray(probability, dtype=float)
        scores = scores * (p if scores.ndim == 1 else p[:, None])
    return scores


def _unit_sum(weights: pd.Series) -> pd.Series:
    total = float(weights.sum())
    if not np.isfinite(total) or total <= 0 or (weights < 0).any():
        raise ValueError("weights must be non-negative with a positive sum")
    return weights / total
