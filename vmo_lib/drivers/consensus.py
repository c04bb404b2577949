"""How far apart the executives are: Goepel's AHP consensus indicator.

Why: a group weight can hide a split room (two executives at 80 % and two at 10 % average to
the same 45 % as four at 45 %). The indicator (Goepel 2013, ISAHP Kuala Lumpur; as updated in
his AHP-OS software) partitions the Shannon entropy of the executives' weight vectors:

* ``H_alpha`` = mean entropy of the individual weight vectors,
* ``H_gamma`` = entropy of their (arithmetic) mean vector,
* ``H_beta = H_gamma - H_alpha``, how much the vectors differ, and ``D_beta = exp(H_beta)``;
* ``S = (1 / D_beta - D_min / n) / (1 - D_min / n)`` where ``D_min = exp(H_alpha_min)`` is the
  diversity of the most extreme vector Saaty's scale allows (one item ``M = 9`` times any other:
  weights ``M / (n + M - 1)`` and ``1 / (n + M - 1)``).

S is 1 (100 %) when everyone holds the same weights and 0 when each executive puts the
maximum weight on a different item and the mean is flat. Goepel's word scale: below 50 %
very low, 50-62.5 % low, 62.5-75 % moderate, 75-87.5 % high, above 87.5 % very high.

>>> import pandas as pd
>>> same = pd.DataFrame([[0.6, 0.4], [0.6, 0.4]], index=["CEO", "CFO"])
>>> consensus(same)
1.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["SCALE_MAX", "consensus", "consensus_words"]

SCALE_MAX = 9
"""Largest judgement of Saaty's scale (M in Goepel's formula)."""


def _entropy(weights: np.ndarray) -> np.ndarray:
    """Shannon entropy (natural log) of each row; 0 * log 0 counts as 0."""
    w = np.asarray(weights, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(w > 0, -w * np.log(w), 0.0)
    return terms.sum(axis=-1)


def consensus(weights: pd.DataFrame, scale_max: float = SCALE_MAX) -> float:
    """Goepel's AHP consensus (0 to 1) of executives' weights (rows: executives).

    Each row should sum to 1 (rows are renormalised). NaN for fewer than two executives or
    fewer than two items, where there is nothing to agree on. Clipped to [0, 1]: a weight
    more extreme than the scale allows (possible with points) can push it slightly outside.
    """
    w = weights.to_numpy(dtype=float)
    if w.shape[0] < 2 or w.shape[1] < 2:
        return float("nan")
    w = w / w.sum(axis=1, keepdims=True)
    n = w.shape[1]
    h_alpha = float(_entropy(w).mean())
    h_gamma = float(_entropy(w.mean(axis=0)))
    d_beta = np.exp(h_gamma - h_alpha)
    extreme = np.array([scale_max] + [1.0] * (n - 1)) / (n + scale_max - 1)
    d_min = float(np.exp(_entropy(extreme)))
    s = (1 / d_beta - d_min / n) / (1 - d_min / n)
    return float(np.clip(s, 0.0, 1.0))


def consensus_words(value: float) -> str:
    """Goepel's word for a consensus value: 'very low' ... 'very high' ('n/a' for NaN)."""
    if np.isnan(value):
        return "n/a"
    for bound, word in ((0.5, "very low"), (0.625, "low"), (0.75, "moderate"), (0.875, "high")):
        if value < bound:
            return word
    return "very high"
