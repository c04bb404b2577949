"""Weights without pairwise comparisons: direct points and rank order centroid (ROC).

Why: many leadership teams will not sit through pairwise comparisons. Two simpler inputs,
read from the ``driver_priorities`` table (one row per executive and driver):

* **points**: each executive shares points (say 100) among each set of siblings; the weights
  are the points divided by their total. Quick and transparent, but people anchor on round
  numbers and nothing checks that the numbers hang together.
* **rank**: each executive only ranks the siblings (1 = most important). Rank order centroid
  turns rank r of n into ``w_r = (1/n) * sum_{k=r..n} 1/k`` (Barron and Barrett 1996), the
  centre of all weight vectors that respect the ranking. Easiest to ask; says nothing about
  *how much* more important the first is.

The group's weights are the arithmetic mean of the executives' weights.

>>> rank_order_centroid(pd.Series({"a": 1, "b": 2, "c": 3})).round(4).to_dict()
{'a': 0.6111, 'b': 0.2778, 'c': 0.1111}
"""

from __future__ import annotations

from numbers import Real
from typing import Literal

import numpy as np
import pandas as pd

from vmo_lib.data.errors import DataError, Problem
from vmo_lib.drivers.judgements import group_label
from vmo_lib.drivers.tree import DriverTree

__all__ = ["direct_weights", "points_weights", "rank_order_centroid"]

_TABLE = "driver_priorities"

DirectMethod = Literal["points", "rank"]


def points_weights(points: pd.Series) -> pd.Series:
    """Points normalised to sum to 1 (``{'a': 60, 'b': 40}`` -> 0.6, 0.4).

    Raises ``ValueError`` when a value is negative or all are zero.
    """
    values = points.astype(float)
    if (values < 0).any() or values.sum() <= 0:
        raise ValueError("points must be non-negative with a positive total")
    return (values / values.sum()).rename("weight")


def rank_order_centroid(ranks: pd.Series) -> pd.Series:
    """Rank order centroid weights from ranks (1 = most important); they sum to 1.

    Only the order of the ranks counts; tied items share the mean of the weights of the
    positions they occupy (ranks 1, 2, 2 of three items give 0.611, 0.194, 0.194).
    """
    n = len(ranks)
    centroid = np.array([sum(1 / k for k in range(r, n + 1)) / n for r in range(1, n + 1)])
    order = ranks.astype(float).sort_values(kind="stable")
    by_position = pd.Series(centroid, index=order.index)
    shared = by_position.groupby(order.to_numpy()).transform("mean")
    return shared.reindex(ranks.index).rename("weight")


def direct_weights(
    priorities: pd.DataFrame, tree: DriverTree, method: DirectMethod
) -> dict[str, pd.DataFrame]:
    """Each executive's local weights per sibling set, from points or ranks.

    Returns parent id -> frame (executives x siblings), each row summing to 1. An executive
    who gave nothing for a sibling set is left out of it. Rules, all reported together in a
    :class:`~vmo_lib.data.errors.DataError`: every driver is in the tree; an executive rates
    a driver once; an executive who rated one sibling rated them all; points are not all zero.
    """
    column = "points" if method == "points" else "rank"
    frame = priorities.reset_index(drop=True)
    problems: list[Problem] = []
    given: dict[tuple[str, str], dict[str, float]] = {}
    rows_of: dict[tuple[str, str], int] = {}
    for pos, (who, driver, value) in enumerate(
        frame[["executive", "driver_id", column]].itertuples(index=False)
    ):
        row = pos + 2
        if pd.isna(value):
            continue
        floor = 0 if column == "points" else 1
        if not isinstance(value, Real) or value < floor:
            rule = f"{column} must be a number of at least {floor}"
            problems.append(Problem(_TABLE, _TABLE, rule, row, column, value))
            continue
        if driver not in tree.parent:
            problems.append(
                Problem(_TABLE, _TABLE, "not a driver of the tree", row, "driver_id", driver)
            )
            continue
        key = (str(who), tree.parent[driver])
        if driver in given.get(key, {}):
            rule = f"{who} already rated this driver in row {rows_of[(str(who), driver)]}"
            problems.append(Problem(_TABLE, _TABLE, rule, row, "driver_id", driver))
            continue
        given.setdefault(key, {})[driver] = float(value)
        rows_of[(str(who), driver)] = row
    out: dict[str, dict[str, pd.Series]] = {}
    for (who, parent), values in given.items():
        siblings = tree.groups[parent]
        missing = [d for d in siblings if d not in values]
        if missing:
            rule = (
                f"{who} gave {column} to {len(values)} of the {len(siblings)} "
                f"{group_label(tree, parent)}; missing: {', '.join(missing)}"
            )
            problems.append(Problem(_TABLE, _TABLE, rule, None, "executive", who))
            continue
        series = pd.Series(values).reindex(list(siblings))
        if method == "points":
            if series.sum() <= 0:
                rule = f"{who} gave no points to the {group_label(tree, parent)}"
                problems.append(Problem(_TABLE, _TABLE, rule, None, "points", 0))
                continue
            weights = points_weights(series)
        else:
            weights = rank_order_centroid(series)
        out.setdefault(parent, {})[who] = weights
    if problems:
        raise DataError(problems, source=f"the driver priorities ({column})")
    return {p: pd.DataFrame(out[p]).T for p in tree.groups if p in out}
