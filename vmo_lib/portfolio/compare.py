"""Legacy priority list against the value ranking: rank correlation and the biggest movers.

Spearman's rho and Kendall's tau (from :mod:`scipy.stats`) measure how far two orders of the
same projects agree: +1 the same order, 0 unrelated, -1 reversed. Both orders are re-ranked
1..n over the projects compared, so "legacy rank 7" means the seventh of those projects on the
PMO's list.

>>> legacy = pd.Series([1, 2, 3], index=["A", "B", "C"])
>>> value = pd.Series([3, 2, 1], index=["A", "B", "C"])
>>> round(compare_rankings(legacy, value).spearman, 3)
-1.0
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from scipy import stats

__all__ = ["RankComparison", "compare_rankings"]


@dataclass(frozen=True)
class RankComparison:
    """Agreement of two rankings of the same ``n`` projects.

    ``movers``: one row per project (index ``project_id``): ``legacy_rank``, ``value_rank``
    (both 1 = top, re-ranked over the compared projects) and ``change`` (places gained by
    judging on value: ``legacy_rank - value_rank``, positive = moves up), biggest moves first.
    """

    n: int
    spearman: float
    spearman_p: float
    kendall: float
    kendall_p: float
    movers: pd.DataFrame

    def biggest(self, count: int = 10) -> pd.DataFrame:
        """The ``count`` projects whose rank changes most (either way)."""
        return self.movers.head(count)


def compare_rankings(legacy: pd.Series, value: pd.Series) -> RankComparison:
    """Compare a legacy order (smaller = higher priority) with a value rank (1 = best).

    Both are Series indexed by project id; only projects present in both with known values are
    compared. Ties keep their average rank for the correlations (SciPy's convention).
    """
    both = pd.DataFrame({"legacy": legacy, "value": value}).dropna()
    if len(both) < 3:
        raise ValueError(f"need at least 3 projects ranked both ways, got {len(both)}")
    legacy_rank = both["legacy"].rank(method="min").astype(int)
    value_rank = both["value"].rank(method="min").astype(int)
    rho, rho_p = stats.spearmanr(legacy_rank, value_rank)
    tau, tau_p = stats.kendalltau(legacy_rank, value_rank)
    movers = pd.DataFrame(
        {
            "legacy_rank": legacy_rank,
            "value_rank": value_rank,
            "change": legacy_rank - value_rank,
        }
    )
    movers = movers.iloc[
        sorted(
            range(len(movers)),
            key=lambda i: (-abs(int(movers["change"].iloc[i])), int(movers["value_rank"].iloc[i])),
        )
    ]
    movers.index.name = "project_id"
    return RankComparison(len(both), float(rho), float(rho_p), float(tau), float(tau_p), movers)
