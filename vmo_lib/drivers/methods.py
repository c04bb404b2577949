"""Which weighting method the workbook uses, and the three methods side by side.

Why: notebook 02 agrees the driver weights and notebook 04 ranks projects with them, so both
must make the same choice. :func:`choose_weighting` makes it once: the weights by the method
the run asks for, the AHP judgements checked for consistency whatever that method (the same
executives gave them, and a facilitator revisits them either way), and a sentence saying
which method and why. :func:`compare_methods` weighs the same organisation by every method,
so a reader sees where the choice of method matters.

>>> METHOD_LABELS["rank"]
'rank order centroid'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from vmo_lib.drivers.ahp import CONSISTENCY_LIMIT
from vmo_lib.drivers.tree import ROOT
from vmo_lib.drivers.weighting import INPUT_TABLES, METHODS, DriverWeights, Weighting, weigh_drivers
from vmo_lib.notebook.record import Figure

__all__ = [
    "METHOD_LABELS",
    "MethodComparison",
    "WeightingChoice",
    "choose_weighting",
    "compare_methods",
    "method_text",
]

METHOD_LABELS: dict[str, str] = {
    "ahp": "AHP pairwise comparisons",
    "points": "direct points",
    "rank": "rank order centroid",
}
"""Each method as a reader names it (captions and sentences)."""

_WHY: dict[str, str] = {
    "ahp": "every pair of siblings compared on Saaty's 1-9 scale, group matrix by geometric "
    "mean, weights from its principal eigenvector",
    "points": "100 points shared among the siblings by each executive, averaged",
    "rank": "the siblings put in order by each executive, turned into rank order centroid "
    "weights and averaged",
}


@dataclass(frozen=True)
class WeightingChoice:
    """The weighting method a run uses and why, with the weights it gives.

    * ``method``: the method whose weights go downstream (notebook 04 ranks with them);
    * ``weights``: the :class:`~vmo_lib.drivers.DriverWeights` by that method;
    * ``ahp``: the AHP weights whose judgements are checked for consistency: ``weights``
      itself when the method is AHP, a separate AHP weighting otherwise, ``None`` when the
      organisation has no pairwise judgements;
    * ``reason``: a plain sentence saying which method, where its input comes from and why
      the judgements are (or are not) checked.
    """

    method: str
    weights: DriverWeights
    ahp: DriverWeights | None
    reason: str

    @property
    def input_table(self) -> str:
        """The table the chosen method reads its executives' input from."""
        return INPUT_TABLES[self.method]

    def recorded(self) -> tuple[Figure, ...]:
        """Notebook 02's key figures: the method, the tree, the heaviest objective and leaf,
        the consistency of the judgements (when there are any) and the consensus on the
        objectives (when anyone weighted them)."""
        weights, tree = self.weights, self.weights.tree
        objectives = weights.nodes[list(tree.objectives)]
        top_objective, top_leaf = str(objectives.idxmax()), str(weights.leaves.idxmax())
        figures = [
            Figure("weighting", self.method, "Weighting method", "text"),
            Figure("n_objectives", len(tree.objectives), "Strategic objectives", "count"),
            Figure("n_leaf_drivers", len(tree.leaves), "Leaf drivers", "count"),
            Figure("leaf_weights", {str(d): float(w) for d, w in weights.leaves.items()}),
            Figure("top_objective", tree.name(top_objective), "Heaviest objective"),
            Figure(
                "top_objective_weight",
                float(objectives.max()),
                "Weight of the heaviest objective",
                "percent",
            ),
            Figure("top_leaf_driver", tree.name(top_leaf), "Heaviest leaf driver"),
            Figure("top_leaf_weight", float(weights.leaves.max()), "Its share of value", "percent"),
        ]
        if self.ahp is not None:
            flagged = self.ahp.flagged()
            figures += [
                Figure("n_flagged", len(flagged), "Inconsistent judgement sets", "count"),
                Figure(
                    "flagged_executives",
                    sorted({str(e) for e in flagged["executive"]}),
                    "Executives to revisit",
                ),
                Figure(
                    "max_consistency_ratio",
                    float(self.ahp.consistency["consistency_ratio"].max()),
                    "Highest consistency ratio",
                    "ratio",
                ),
                Figure(
                    "excluded",
                    [f"{who} on {parent or 'objectives'}" for parent, who in weights.excluded],
                ),
            ]
        consensus = weights.consensus_on(ROOT)
        if consensus is not None:
            figures.append(
                Figure("objective_consensus", consensus, "Consensus on the objectives", "percent")
            )
        return tuple(figures)


def choose_weighting(
    org: object,
    weighting: Weighting = "ahp",
    *,
    exclude_inconsistent: bool = False,
    consistency_limit: float = CONSISTENCY_LIMIT,
) -> WeightingChoice:
    """Weigh ``org``'s drivers by ``weighting`` and keep its AHP judgements for checking.

    The method is the one the run asks for (notebooks 02 and 04 share the ``weighting``
    parameter); nothing is chosen silently. The pairwise judgements are checked for
    consistency with the same ``exclude_inconsistent`` and ``consistency_limit`` whatever the
    method, because an inconsistent executive is worth a conversation before any weights are
    used. Raises like :func:`~vmo_lib.drivers.weigh_drivers`.
    """

    def weigh(method: Weighting) -> DriverWeights:
        return weigh_drivers(
            org,
            method,
            exclude_inconsistent=exclude_inconsistent,
            consistency_limit=consistency_limit,
        )

    weights = weigh(weighting)
    judgements = getattr(org, "driver_judgements", None)
    judged = judgements is not None and not judgements.empty
    ahp_weights = weights if weighting == "ahp" else (weigh("ahp") if judged else None)
    reason = (
        f"Weights by {method_text(weighting)}, as the run's weighting setting asks "
        f"(input: {INPUT_TABLES[weighting]}). "
    )
    if not judged:
        reason += "There are no pairwise judgements to check for consistency."
    elif weighting == "ahp":
        reason += f"The judgements are checked for consistency (CR limit {consistency_limit:.2f})."
    else:
        reason += (
            "The pairwise judgements are still checked for consistency (CR limit "
            f"{consistency_limit:.2f}): the same executives gave them, and a flagged one is "
            "worth a conversation before any weights are used."
        )
    return WeightingChoice(weighting, weights, ahp_weights, reason)


def method_text(method: str) -> str:
    """A method named and explained in one phrase, for sentences.

    >>> method_text("points")
    'direct points (100 points shared among the siblings by each executive, averaged)'
    """
    return f"{METHOD_LABELS[method]} ({_WHY[method]})"


@dataclass(frozen=True)
class MethodComparison:
    """The same organisation weighted by every method.

    ``results`` maps a method to its :class:`~vmo_lib.drivers.DriverWeights`; ``leaves`` has one
    row per leaf driver (``driver_id``, ``name``, ``category``, one column per method and
    ``spread``, the largest minus the smallest weight across methods).
    """

    results: dict[str, DriverWeights]
    leaves: pd.DataFrame

    @property
    def weights(self) -> pd.DataFrame:
        """Leaf weights only: driver ids x methods."""
        return self.leaves.set_index("driver_id")[list(self.results)]

    def recorded(self) -> tuple[Figure, ...]:
        """The largest difference between methods on any leaf driver's share of value."""
        return (
            Figure(
                "largest_method_difference",
                float(self.leaves["spread"].max()),
                "Largest difference between methods",
                "percent",
            ),
        )


def compare_methods(
    org: object,
    *,
    exclude_inconsistent: bool = False,
    consistency_limit: float = CONSISTENCY_LIMIT,
) -> MethodComparison:
    """Weights of ``org`` by AHP, points and rank, with the same settings for each."""
    results: dict[str, DriverWeights] = {
        m: weigh_drivers(
            org,
            m,
            exclude_inconsistent=exclude_inconsistent,
            consistency_limit=consistency_limit,
        )
        for m in METHODS
    }
    tree = results[METHODS[0]].tree
    leaves = pd.DataFrame(
        {
            "driver_id": list(tree.leaves),
            "name": [tree.name(d) for d in tree.leaves],
            "category": [str(tree.frame.at[d, "category"]) for d in tree.leaves],
        }
    )
    for method, result in results.items():
        leaves[method] = result.leaves.reindex(tree.leaves).to_numpy()
    values = leaves[list(results)]
    leaves["spread"] = values.max(axis=1) - values.min(axis=1)
    return MethodComparison(results, leaves)
