"""Weight vectors sampled near the agreed driver weights, and each project's rank under each.

Weights are never known exactly: leadership agreed on them roughly, and another week of
discussion would move them. Two ways to sample (``scheme``):

* ``"dirichlet"``: around the base weights ``w``, ``Dirichlet(concentration x w)``. Each
  weight keeps its mean ``w_j`` with standard deviation ``sqrt(w_j (1 - w_j) / (concentration
  + 1))``: with concentration 100, a 10 % weight typically moves by +-3 points.
* ``"rank_order"``: uniformly among all weight vectors that keep the base weights' order
  (largest stays largest): a uniform point on the simplex, sorted. This assumes only that
  leadership got the order right.

Scoring is vectorised (one matrix product per chunk of samples) and chunked so memory stays
bounded; ranks are stored compactly (2 bytes each up to 65,535 projects). :func:`verdict`
turns the share of samples in which a project is funded into core / borderline / out; the
analysis that re-selects under each sample is :mod:`vmo_lib.portfolio.robustness`.

>>> w = sample_weights(np.array([0.5, 0.3, 0.2]), 4, scheme="rank_order", seed=1)
>>> bool((np.diff(w, axis=1) <= 0).all()) and np.allclose(w.sum(axis=1), 1)
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
import pandas as pd

from vmo_lib.portfolio.scoring import Criteria, Method, score_samples

__all__ = ["SCHEMES", "Scheme", "rank_samples", "sample_weights", "verdict"]

Scheme = Literal["dirichlet", "rank_order"]
SCHEMES: tuple[str, ...] = ("dirichlet", "rank_order")
_CHUNK_CELLS = 4_000_000  # floats per scoring chunk (32 MB)


def sample_weights(
    base: np.ndarray | pd.Series,
    n_samples: int,
    *,
    scheme: Scheme = "dirichlet",
    concentration: float = 100.0,
    seed: int | None = 0,
) -> np.ndarray:
    """``n_samples`` weight vectors ``(n_samples, m)``, each non-negative and summing to 1.

    Criteria with a base weight of 0 stay at 0. See the module docstring for the schemes.
    """
    w = np.asarray(base, dtype=float)
    if w.ndim != 1 or (w < 0).any() or w.sum() <= 0:
        raise ValueError("base weights must be a non-negative vector with a positive sum")
    if n_samples < 1:
        raise ValueError(f"n_samples must be at least 1, got {n_samples}")
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {', '.join(SCHEMES)}, got {scheme!r}")
    w = w / w.sum()
    rng = np.random.default_rng(seed)
    live = np.flatnonzero(w > 0)
    out = np.zeros((n_samples, len(w)))
    if scheme == "dirichlet":
        if concentration <= 0:
            raise ValueError(f"concentration must be positive, got {concentration!r}")
        out[:, live] = rng.dirichlet(concentration * w[live], size=n_samples)
    else:
        uniform = np.sort(rng.dirichlet(np.ones(len(live)), size=n_samples), axis=1)[:, ::-1]
        order = live[np.argsort(-w[live], kind="stable")]
        out[:, order] = uniform
    return out


def rank_samples(
    criteria: Criteria,
    weights: np.ndarray,
    *,
    method: Method = "weighted_sum",
    probability: np.ndarray | None = None,
    rows: np.ndarray | None = None,
    on_scores: Callable[[np.ndarray, int], None] | None = None,
    chunk_size: int | None = None,
) -> np.ndarray:
    """Rank (1 = best) of each project under each weight vector: ``(n_rows, k)`` integers
    (a transposed view of a samples x projects array, so each sample's ranks are contiguous).

    All projects are scored (TOPSIS depends on the whole set) and ``rows`` (positions; default
    all) are ranked among themselves; equal scores are broken by position (see
    :func:`_best_first`). Samples are processed in
    chunks; ``on_scores(scores_chunk, first_sample)`` sees each chunk's scores (rows x chunk),
    e.g. to run a selection on them. ``chunk_size``: samples per chunk (default: as many as
    keep a chunk's scores near 32 MB).
    """
    weights = np.atleast_2d(np.asarray(weights, dtype=float))
    picked = np.arange(len(criteria.matrix)) if rows is None else np.asarray(rows)
    n, k = len(picked), len(weights)
    by_sample = np.empty((k, n), dtype=np.uint16 if n < 2**16 else np.uint32)
    step = chunk_size or max(1, _CHUNK_CELLS // max(1, len(criteria.matrix)))
    positions = np.arange(1, n + 1, dtype=by_sample.dtype)
    for start in range(0, k, step):
        scores = score_samples(criteria, weights[start : start + step], method, probability)
        if rows is not None:
            scores = scores[picked]
        if on_scores is not None:
            on_scores(scores, start)
        order = _best_first(scores.T)
        for row, best_first in zip(by_sample[start : start + step], order, strict=True):
            row[best_first] = positions  # inverse permutation: rank of each project
    return by_sample.T  # a view: projects x samples


def _best_first(scores: np.ndarray) -> np.ndarray:
    """Per row of ``scores`` (samples x projects), project positions from best to worst.

    Sorting values is much faster than ``argsort`` (SIMD sorts), so each score is quantised to
    an integer (2^(62 - b) levels across the chunk's range, b = bits of a position) and packed
    with its position into one int64 key: sorting the keys sorts by score, best first, equal
    scores by position (scores closer than range / 2^(62 - b) count as equal), and the low b
    bits of the sorted keys are the positions.
    """
    n = scores.shape[1]
    bits = max(1, (n - 1).bit_length())
    high, low = float(np.max(scores)), float(np.min(scores))
    span = high - low if high > low else 1.0
    levels = float(2 ** (62 - bits) - 1)
    keys = np.empty(scores.shape, dtype=np.int64)
    np.multiply(high - scores, levels / span, out=keys, casting="unsafe")
    np.left_shift(keys, bits, out=keys)
    np.bitwise_or(keys, np.arange(n, dtype=np.int64), out=keys)
    keys.sort(axis=1)
    np.bitwise_and(keys, (1 << bits) - 1, out=keys)
    return keys


def verdict(funded_share: np.ndarray | pd.Series, core_threshold: float = 0.9) -> np.ndarray:
    """``core`` / ``borderline`` / ``out`` from the share of samples in which a project is funded.

    >>> verdict(np.array([1.0, 0.5, 0.0]), 0.9).tolist()
    ['core', 'borderline', 'out']
    """
    if not 0.5 < core_threshold <= 1.0:
        raise ValueError(f"core_threshold must be in (0.5, 1], got {core_threshold!r}")
    share = np.asarray(funded_share, dtype=float)
    return np.select(
        [share >= core_threshold - 1e-12, share <= 1 - core_threshold + 1e-12],
        ["core", "out"],
        default="borderline",
    ).astype(object)
