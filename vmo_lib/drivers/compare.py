"""Readable tables for notebook 02: the methods side by side and the judgements to revisit.

>>> saaty_text(3.0), saaty_text(1 / 3), saaty_text(1.0)
('3', '1/3', '1')
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from vmo_lib.drivers.ahp import CONSISTENCY_LIMIT, ahp, revision_path
from vmo_lib.drivers.tree import ROOT
from vmo_lib.drivers.weighting import METHODS, DriverWeights, weigh_drivers

__all__ = [
    "DISPLAY_LABELS",
    "GROUP_START",
    "MethodComparison",
    "compare_methods",
    "cr_by_executive",
    "executive_table",
    "group_table",
    "panel_starts",
    "revisit_table",
    "saaty_text",
]

GROUP_START = "Group (geometric mean)"
"""Label of the group's judgements among the live panel's starting points."""

DISPLAY_LABELS: dict[str, str] = {
    "driver_id": "Driver",
    "name": "Name",
    "category": "Kind of value",
    "level": "Level",
    "local_weight": "Weight among siblings",
    "global_weight": "Share of total value",
    "ahp": "AHP",
    "points": "Points",
    "rank": "Rank (ROC)",
    "spread": "Largest difference",
    "executive": "Executive",
    "comparing": "Comparing",
    "consistency_ratio": "CR",
    "step": "Step",
    "pair": "Pair to revisit",
    "given": "Said",
    "implied": "Other answers imply",
    "proposed": "Consistent value",
    "cr_after": "CR after the change",
    "executives": "Executives",
    "group_cr": "Group CR",
    "consensus": "Consensus",
    "agreement": "Agreement",
}
"""Plain-language column headers (pass as ``labels`` to ``tables.format_table``)."""


def saaty_text(value: float) -> str:
    """A judgement as people write it: ``3``, ``1/3`` (nearest fraction, denominator <= 9)."""
    return str(Fraction(float(value)).limit_denominator(9))


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


def compare_methods(
    org: object,
    *,
    exclude_inconsistent: bool = False,
    consistency_limit: float = CONSISTENCY_LIMIT,
) -> MethodComparison:
    """Weights of ``org`` by AHP, points and rank, with the same settings for each."""
    results = {
        m: weigh_drivers(
            org, m, exclude_inconsistent=exclude_inconsistent, consistency_limit=consistency_limit
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


def revisit_table(weights: DriverWeights) -> pd.DataFrame:
    """Flagged judgements as a facilitator takes them back: who, which pairs, what to propose.

    For every executive and sibling set whose CR is above the limit, the changes of
    :func:`~vmo_lib.drivers.revision_path`, one row per step: ``executive``, ``comparing``,
    ``step``, ``pair`` ('A vs B' by name), ``given``, ``implied`` and ``proposed`` as a judge
    writes them (``1/3``), and ``cr_after`` (the CR once this and the earlier steps are made).
    """
    columns = ["executive", "comparing", "step", "pair", "given", "implied", "proposed"]
    columns += ["cr_after"]
    flagged = weights.flagged()
    if flagged.empty:
        return pd.DataFrame(columns=columns)
    tree = weights.tree
    rows = []
    for row in flagged.itertuples():
        matrix = weights.matrices[row.parent][row.executive]
        for step in revision_path(ahp(matrix), weights.consistency_limit).itertuples():
            rows.append(
                {
                    "executive": row.executive,
                    "comparing": row.comparing,
                    "step": step.step,
                    "pair": f"{tree.name(step.driver_a)} vs {tree.name(step.driver_b)}",
                    "given": saaty_text(step.given),
                    "implied": _about(step.implied),
                    "proposed": saaty_text(step.proposed),
                    "cr_after": step.cr_after,
                }
            )
    return pd.DataFrame(rows, columns=columns)


def _about(ratio: float) -> str:
    """A ratio as a judge reads it: 'about 4.2', 'about 1/10', or 'about 0.83' near 1."""
    if ratio >= 1:
        return f"about {ratio:.1f}"
    return f"about 1/{1 / ratio:.0f}" if ratio <= 0.5 else f"about {ratio:.2f}"


def group_table(weights: DriverWeights) -> pd.DataFrame:
    """Agreement per sibling set: ``comparing``, ``executives``, ``consensus``, ``agreement``,
    and with AHP the group matrix's ``group_cr``."""
    columns = ["comparing", "executives", "group_cr", "consensus", "agreement"]
    if weights.method != "ahp":
        columns.remove("group_cr")
    return weights.group[columns]


def cr_by_executive(weights: DriverWeights, min_size: int = 3) -> pd.DataFrame:
    """Consistency ratios as a grid: one row per sibling set of at least ``min_size`` items
    (smaller sets are always consistent), one column per executive (blank: not judged)."""
    table = weights.consistency
    if table.empty:
        return pd.DataFrame(columns=["comparing"])
    table = table[table["n"] >= min_size]
    grid = table.pivot(index="comparing", columns="executive", values="consistency_ratio")
    executives = list(dict.fromkeys(table["executive"]))
    sets = list(dict.fromkeys(table["comparing"]))
    return grid.reindex(index=sets, columns=executives).reset_index()


def panel_starts(weights: DriverWeights, parent: str = ROOT) -> dict[str, pd.DataFrame]:
    """Starting matrices for the live panel on one sibling set: the group's, then each
    executive's (empty when ``weights`` is not an AHP result or nobody judged the set)."""
    if parent not in weights.group_matrices:
        return {}
    return {GROUP_START: weights.group_matrices[parent], **weights.matrices.get(parent, {})}


def executive_table(weights: DriverWeights, parent: str = ROOT) -> pd.DataFrame:
    """Each executive's weights for one sibling set (columns named by driver name), then the
    group's; with AHP, each row's consistency ratio (the group's is its geometric-mean matrix's).
    Empty when nobody weighted the set."""
    people = weights.by_executive.get(parent)
    if people is None or people.empty:
        return pd.DataFrame(columns=["executive"])
    items = list(weights.tree.groups[parent])
    table = people[items].copy()
    table.loc["Group"] = weights.local[items]
    if weights.method == "ahp":
        cr = weights.consistency_of(parent).set_index("executive")["consistency_ratio"]
        group = weights.group.set_index("parent").loc[parent, "group_cr"]
        table["consistency_ratio"] = [*cr.reindex(people.index), group]
    table = table.rename(columns={i: weights.tree.name(i) for i in items})
    return table.rename_axis("executive").reset_index()
