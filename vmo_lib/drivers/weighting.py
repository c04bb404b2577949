"""Driver weights for a whole organisation by one method: AHP, points or rank.

Why: notebook 02 agrees the weights and notebook 04 ranks projects with them. Both call
:func:`leaf_weights` (or :func:`weigh_drivers` for the full story) with the same data and
parameters, so no number is copied between notebooks.

How: for every sibling set of the driver tree (the objectives, then the children of each
driver) the executives' inputs give local weights, aggregated over the executives; the local
weights multiply down the tree into global weights. A sibling set nobody weighted splits its
parent's weight equally, and :attr:`DriverWeights.notes` says so.

>>> from vmo_lib.data import load_organisation   # doctest: +SKIP
>>> leaf_weights(load_organisation("harbourline"), "rank").sum()   # doctest: +SKIP
1.0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

import pandas as pd

from vmo_lib.drivers.ahp import CONSISTENCY_LIMIT, ahp
from vmo_lib.drivers.consensus import consensus, consensus_words
from vmo_lib.drivers.direct import direct_weights
from vmo_lib.drivers.judgements import (
    consistency_table,
    geometric_mean_matrix,
    group_label,
    judgement_matrices,
)
from vmo_lib.drivers.tree import ROOT, DriverTree, driver_tree

__all__ = ["INPUT_TABLES", "METHODS", "DriverWeights", "Weighting", "leaf_weights", "weigh_drivers"]

Weighting = Literal["ahp", "points", "rank"]
METHODS: tuple[Weighting, ...] = get_args(Weighting)
"""The weighting methods, in the order the notebook presents them."""

INPUT_TABLES: dict[str, str] = {
    "ahp": "driver_judgements",
    "points": "driver_priorities",
    "rank": "driver_priorities",
}
"""The table each method reads its executives' input from."""

GROUP_COLUMNS = ["parent", "comparing", "executives", "group_cr", "consensus", "agreement"]


@dataclass(frozen=True)
class DriverWeights:
    """Weights of every driver by one method, with what a facilitator needs to discuss them.

    * ``local``: each driver's weight among its siblings (each sibling set sums to 1);
    * ``nodes``: each driver's global weight (objectives sum to 1, children to their parent);
    * ``leaves``: global weights of the leaf drivers, summing to 1 (name ``weight``);
    * ``by_executive``: parent id -> executives x siblings frame of each person's local weights;
    * ``consistency``: per executive and sibling set, CR and the pair to revisit (AHP only);
    * ``group``: per sibling set, the executives used, the group CR (AHP) and the consensus;
    * ``excluded``: (parent, executive) pairs left out as inconsistent;
    * ``notes``: plain sentences on fallbacks (sibling sets nobody weighted...);
    * ``matrices`` and ``group_matrices`` (AHP only): parent id -> executive -> comparison
      matrix, and parent id -> the group's geometric-mean matrix;
    * ``consistency_limit``: the CR above which judgements were flagged.
    """

    method: str
    tree: DriverTree
    local: pd.Series
    nodes: pd.Series
    leaves: pd.Series
    by_executive: dict[str, pd.DataFrame]
    consistency: pd.DataFrame
    group: pd.DataFrame
    excluded: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    matrices: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)
    group_matrices: dict[str, pd.DataFrame] = field(default_factory=dict)
    consistency_limit: float = CONSISTENCY_LIMIT

    def consistency_of(self, parent: str = ROOT) -> pd.DataFrame:
        """The :attr:`consistency` rows of one sibling set (default: the objectives)."""
        if self.consistency.empty:
            return self.consistency
        return self.consistency[self.consistency["parent"] == parent]

    def flagged(self) -> pd.DataFrame:
        """The :attr:`consistency` rows whose CR is above :attr:`consistency_limit`."""
        if self.consistency.empty:
            return self.consistency
        return self.consistency[self.consistency["flagged"]]

    def consensus_on(self, parent: str = ROOT) -> float | None:
        """Goepel's consensus (0-1) on one sibling set; ``None`` when nobody weighted it."""
        row = self.group[self.group["parent"] == parent]
        return float(row["consensus"].iloc[0]) if len(row) else None

    def table(self) -> pd.DataFrame:
        """Every driver with its name, level, local and global weight, in tree order."""
        tree = self.tree
        return pd.DataFrame(
            {
                "driver_id": list(tree.frame.index),
                "name": [tree.name(d) for d in tree.frame.index],
                "level": [tree.depth(d) for d in tree.frame.index],
                "parent_id": [tree.parent[d] for d in tree.frame.index],
                "local_weight": self.local.reindex(tree.frame.index).to_numpy(),
                "global_weight": self.nodes.reindex(tree.frame.index).to_numpy(),
                "leaf": [d in tree.leaves for d in tree.frame.index],
            }
        )


def weigh_drivers(
    org: object,
    weighting: Weighting = "ahp",
    *,
    exclude_inconsistent: bool = False,
    consistency_limit: float = CONSISTENCY_LIMIT,
) -> DriverWeights:
    """All driver weights of ``org`` (an :class:`~vmo_lib.data.Organisation`) by one method.

    ``weighting``: ``"ahp"`` (pairwise judgements in ``driver_judgements``, group matrix by
    geometric mean), ``"points"`` or ``"rank"`` (``driver_priorities``, mean over executives).
    ``exclude_inconsistent`` (AHP only) leaves an executive's matrix out of a sibling set's
    group matrix when its CR exceeds ``consistency_limit``; if every executive of a set is
    inconsistent, all are kept and a note says so. Raises ``ValueError`` for an unknown method
    and :class:`~vmo_lib.data.errors.DataError` for a broken tree or inputs.
    """
    if weighting not in METHODS:
        raise ValueError(f"weighting must be one of {', '.join(METHODS)}; got {weighting!r}")
    tree = driver_tree(org.value_drivers)  # type: ignore[attr-defined]
    notes: list[str] = []
    excluded: list[tuple[str, str]] = []
    local: dict[str, float] = {}
    by_executive: dict[str, pd.DataFrame] = {}
    group_rows = []
    consistency = pd.DataFrame()
    matrices: dict[str, dict[str, pd.DataFrame]] = {}
    group_matrices: dict[str, pd.DataFrame] = {}
    if weighting == "ahp":
        matrices = judgement_matrices(org.driver_judgements, tree)  # type: ignore[attr-defined]
        consistency = consistency_table(matrices, tree, consistency_limit)
        for parent, by_who in matrices.items():
            by_executive[parent] = pd.DataFrame({w: ahp(m).weights for w, m in by_who.items()}).T
    else:
        priorities = getattr(org, "driver_priorities", None)
        if priorities is not None and len(priorities):
            by_executive = direct_weights(priorities, tree, weighting)
    for parent, siblings in tree.groups.items():
        label = group_label(tree, parent)
        people = by_executive.get(parent)
        if people is None or people.empty:
            for d in siblings:
                local[d] = 1 / len(siblings)
            if len(siblings) > 1:
                notes.append(
                    f"No {weighting} input ({INPUT_TABLES[weighting]}) for the {label}: "
                    "equal weights assumed."
                )
            continue
        used = list(people.index)
        group_cr = float("nan")
        if weighting == "ahp":
            if exclude_inconsistent:
                rows = consistency[consistency["parent"] == parent]
                flagged = set(rows.loc[rows["flagged"], "executive"])
                if flagged and len(flagged) == len(used):
                    notes.append(f"Every executive is inconsistent on the {label}: all kept.")
                elif flagged:
                    used = [w for w in used if w not in flagged]
                    excluded += [(parent, w) for w in sorted(flagged)]
            group_matrices[parent] = geometric_mean_matrix([matrices[parent][w] for w in used])
            result = ahp(group_matrices[parent])
            weights, group_cr = result.weights, result.consistency_ratio
        else:
            weights = people.loc[used].mean()
            weights = weights / weights.sum()
        for d in siblings:
            local[d] = float(weights[d])
        agreement = consensus(people.loc[used])
        group_rows.append(
            {
                "parent": parent,
                "comparing": label,
                "executives": len(used),
                "group_cr": group_cr,
                "consensus": agreement,
                "agreement": consensus_words(agreement),
            }
        )
    local_series = pd.Series(local, name="local_weight").reindex(tree.frame.index)
    nodes = tree.global_weights(local_series)
    leaves = nodes.reindex(list(tree.leaves)).rename("weight")
    leaves.index.name = "driver_id"
    return DriverWeights(
        method=weighting,
        tree=tree,
        local=local_series,
        nodes=nodes,
        leaves=leaves,
        by_executive=by_executive,
        consistency=consistency,
        group=pd.DataFrame(group_rows, columns=GROUP_COLUMNS),
        excluded=tuple(excluded),
        notes=tuple(notes),
        matrices=matrices,
        group_matrices=group_matrices,
        consistency_limit=consistency_limit,
    )


def leaf_weights(
    org: object,
    weighting: Weighting = "ahp",
    *,
    exclude_inconsistent: bool = False,
    consistency_limit: float = CONSISTENCY_LIMIT,
) -> pd.Series:
    """Global weights of the leaf drivers (index ``driver_id``, name ``weight``, sum 1).

    The weights notebook 04 scores projects with; same arguments as :func:`weigh_drivers`.
    """
    return weigh_drivers(
        org,
        weighting,
        exclude_inconsistent=exclude_inconsistent,
        consistency_limit=consistency_limit,
    ).leaves
