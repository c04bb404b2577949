"""Executives' pairwise judgements: one comparison matrix per executive and sibling set,
their consistency, and the group matrix by geometric mean.

Why: AHP weights are only as good as the judgements behind them. Each executive's matrix gets
its own consistency ratio, so a facilitator can take an inconsistent one back to that person
with the pair to revisit; the group's matrix is the element-wise geometric mean of the
individual ones (Aczel and Saaty 1983: the only mean that keeps the group matrix reciprocal).

>>> import pandas as pd
>>> a = pd.DataFrame([[1, 4], [1 / 4, 1]], index=["x", "y"], columns=["x", "y"])
>>> b = pd.DataFrame([[1, 1], [1, 1]], index=["x", "y"], columns=["x", "y"])
>>> float(geometric_mean_matrix([a, b]).loc["x", "y"])
2.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import combinations
from numbers import Real

import numpy as np
import pandas as pd

from vmo_lib.data.errors import DataError, Problem
from vmo_lib.drivers.ahp import CONSISTENCY_LIMIT, ahp, revisions
from vmo_lib.drivers.tree import ROOT, DriverTree

__all__ = [
    "consistency_table",
    "geometric_mean_matrix",
    "group_label",
    "judgement_matrices",
]

_TABLE = "driver_judgements"

Matrices = dict[str, dict[str, pd.DataFrame]]
"""Parent id (``ROOT`` for the objectives) -> executive -> labelled comparison matrix."""


def group_label(tree: DriverTree, parent: str) -> str:
    """How a sibling set is named for people: 'strategic objectives' or 'drivers of <name>'."""
    if parent == ROOT:
        return "strategic objectives"
    return f"drivers of {tree.name(parent)} ({parent})"


def judgement_matrices(judgements: pd.DataFrame, tree: DriverTree) -> Matrices:
    """Each executive's full comparison matrix for every sibling set they judged.

    A row ``(executive, a, b, x)`` sets ``m[a, b] = x`` and ``m[b, a] = 1 / x``. Rules, all
    reported together in a :class:`~vmo_lib.data.errors.DataError` (rows as a spreadsheet
    numbers them): both drivers are in the tree and share a parent (objectives are compared
    with objectives, drivers with their siblings); a judgement is positive; a pair is judged
    once per executive (in either order); an executive who judged a sibling set judged every
    pair in it (AHP needs the full matrix).
    """
    frame = judgements.reset_index(drop=True)
    problems: list[Problem] = []
    cells: dict[tuple[str, str], dict[frozenset[str], tuple[int, str, str, float]]] = {}
    for pos, (who, a, b, value) in enumerate(
        frame[["executive", "driver_a", "driver_b", "judgement"]].itertuples(index=False)
    ):
        row = pos + 2
        bad = False
        for column, driver in (("driver_a", a), ("driver_b", b)):
            if driver not in tree.parent:
                problems.append(
                    Problem(_TABLE, _TABLE, "not a driver of the tree", row, column, driver)
                )
                bad = True
        if bad:
            continue
        if a == b:
            rule = "a driver cannot be compared with itself"
            problems.append(Problem(_TABLE, _TABLE, rule, row, "driver_b", b))
            continue
        if tree.parent[a] != tree.parent[b]:
            rule = (
                f"{a} and {b} do not share a parent: compare objectives with objectives and "
                "drivers with their siblings"
            )
            problems.append(Problem(_TABLE, _TABLE, rule, row, "driver_b", b))
            continue
        if not (isinstance(value, Real) and math.isfinite(float(value)) and float(value) > 0):
            rule = "a judgement must be a positive number (1/9 to 9)"
            problems.append(Problem(_TABLE, _TABLE, rule, row, "judgement", value))
            continue
        key = (str(who), tree.parent[a])
        pair = frozenset((a, b))
        seen = cells.setdefault(key, {})
        if pair in seen:
            rule = f"{who} already judged this pair in row {seen[pair][0]}"
            problems.append(Problem(_TABLE, _TABLE, rule, row, "driver_b", b))
            continue
        seen[pair] = (row, a, b, float(value))
    out: Matrices = {}
    for (who, parent), given in cells.items():
        items = tree.groups[parent]
        missing = [
            f"{x} vs {y}" for x, y in combinations(items, 2) if frozenset((x, y)) not in given
        ]
        if missing:
            rule = (
                f"{who} judged {len(given)} of {len(given) + len(missing)} pairs of the "
                f"{group_label(tree, parent)}; missing: {', '.join(missing)}"
            )
            problems.append(Problem(_TABLE, _TABLE, rule, None, "executive", who))
            continue
        matrix = pd.DataFrame(np.ones((len(items), len(items))), index=items, columns=items)
        for _, a, b, value in given.values():
            matrix.loc[a, b], matrix.loc[b, a] = value, 1 / value
        out.setdefault(parent, {})[who] = matrix
    if problems:
        raise DataError(problems, source="the pairwise judgements")
    return {p: out[p] for p in tree.groups if p in out}


def geometric_mean_matrix(matrices: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Element-wise geometric mean of reciprocal matrices with the same labels.

    The result is reciprocal again, so AHP applies to it. Raises ``ValueError`` when empty.
    """
    if not matrices:
        raise ValueError("no matrices to aggregate")
    logs = np.mean([np.log(m.to_numpy(dtype=float)) for m in matrices], axis=0)
    first = matrices[0]
    return pd.DataFrame(np.exp(logs), index=first.index, columns=first.columns)


def consistency_table(
    matrices: Mapping[str, Mapping[str, pd.DataFrame]],
    tree: DriverTree,
    limit: float = CONSISTENCY_LIMIT,
) -> pd.DataFrame:
    """One row per executive and sibling set: CR, whether it is flagged, and what to revisit.

    Columns: ``parent`` (``""`` for the objectives), ``comparing`` (readable name of the set),
    ``executive``, ``n`` (items), ``lambda_max``, ``consistency_index``, ``consistency_ratio``,
    ``flagged`` (CR > ``limit``), and for flagged rows the judgement whose change lowers the
    CR most: ``revisit_a``, ``revisit_b``, ``given``, ``implied`` (what the executive's other
    answers imply for the pair), ``proposed`` (the Saaty value with the lowest CR) and
    ``cr_after``.
    """
    rows = []
    for parent, by_executive in matrices.items():
        for who, matrix in by_executive.items():
            result = ahp(matrix)
            flagged = result.consistency_ratio > limit
            row = {
                "parent": parent,
                "comparing": group_label(tree, parent),
                "executive": who,
                "n": result.size,
                "lambda_max": result.lambda_max,
                "consistency_index": result.consistency_index,
                "consistency_ratio": result.consistency_ratio,
                "flagged": flagged,
                "revisit_a": None,
                "revisit_b": None,
                "given": np.nan,
                "implied": np.nan,
                "proposed": np.nan,
                "cr_after": np.nan,
            }
            if flagged:
                best = revisions(result, top=1).iloc[0]
                row.update(
                    revisit_a=best["driver_a"],
                    revisit_b=best["driver_b"],
                    given=best["given"],
                    implied=best["implied"],
                    proposed=best["proposed"],
                    cr_after=best["cr_after"],
                )
            rows.append(row)
    return pd.DataFrame(rows)
