"""Value drivers: the driver tree, executives' pairwise judgements and points/ranks of every
sibling set, and each project's contribution scores on the leaf drivers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from vmo_lib.data.schema import TABLES_BY_NAME
from vmo_lib.data.synthetic.kinds import kind_array
from vmo_lib.data.synthetic.specs import DriverSpec, ProgrammeSpec

#: Weights over a set of options: a list of floats or a numpy vector (a Dirichlet draw).
Weights = Sequence[float] | np.ndarray

SAATY_SCALE = np.array([1 / k for k in range(9, 1, -1)] + list(range(1, 10)), dtype=float)
"""Saaty's judgement values: 1/9 ... 1/2, 1 ... 9."""


def value_drivers_frame(tree: Sequence[DriverSpec]) -> pd.DataFrame:
    """The ``value_drivers`` table of a driver tree (parents before children, as given)."""
    rows = [
        {
            "driver_id": d.driver_id,
            "parent_id": d.parent_id if d.parent_id else np.nan,
            "name": d.name,
            "category": d.category,
            "description": d.description or np.nan,
        }
        for d in tree
    ]
    return pd.DataFrame(rows, columns=TABLES_BY_NAME["value_drivers"].column_names)


def objective_ids(value_drivers: pd.DataFrame) -> list[str]:
    """Strategic objectives: drivers without a parent, in table order."""
    return value_drivers.loc[value_drivers["parent_id"].isna(), "driver_id"].tolist()


def leaf_ids(value_drivers: pd.DataFrame) -> list[str]:
    """Leaf drivers (no children), in table order: the drivers projects are scored against."""
    parents = set(value_drivers["parent_id"].dropna())
    return [d for d in value_drivers["driver_id"] if d not in parents]


def judgements_frame(
    weights: Mapping[str, Weights],
    objectives: Sequence[str],
    rng: np.random.Generator | None = None,
    noise: float = 0.0,
) -> pd.DataFrame:
    """Pairwise judgements of each executive, derived from the weights they hold in mind.

    Each unordered pair of objectives appears once per executive (``driver_a`` before
    ``driver_b`` in ``objectives`` order). The ratio ``w_a / w_b`` is perturbed by log-normal
    noise of sigma ``noise`` (0 = perfectly consistent thinking) and snapped to Saaty's scale.
    """
    i, j = np.triu_indices(len(objectives), k=1)
    frames = []
    for executive, w in weights.items():
        w_arr = np.asarray(w, dtype=float)
        ratios = w_arr[i] / w_arr[j]
        if rng is not None and noise > 0:
            ratios = ratios * np.exp(rng.normal(0.0, noise, len(ratios)))
        frames.append(
            pd.DataFrame(
                {
                    "executive": executive,
                    "driver_a": np.asarray(objectives)[i],
                    "driver_b": np.asarray(objectives)[j],
                    "judgement": snap_to_saaty(ratios),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def sibling_sets(value_drivers: pd.DataFrame) -> dict[str, list[str]]:
    """Sets of drivers weighted against each other: ``""`` -> the objectives, then each parent
    -> its children (table order). Single children are left out: nothing to compare."""
    parent = value_drivers["parent_id"].fillna("")
    sets = {"": value_drivers.loc[parent == "", "driver_id"].tolist()}
    for driver in value_drivers["driver_id"]:
        children = value_drivers.loc[parent == driver, "driver_id"].tolist()
        if len(children) > 1:
            sets[driver] = children
    return sets


def tree_judgements_frame(
    weights: Mapping[str, Mapping[str, Weights]],
    sets: Mapping[str, Sequence[str]],
    rng: np.random.Generator | None = None,
    noise: float = 0.0,
) -> pd.DataFrame:
    """Pairwise judgements of every sibling set, ordered by executive then set.

    ``weights`` maps a set's parent (``""`` for the objectives) to executive -> the weights
    they hold in mind for that set's drivers (in ``sets`` order); see :func:`judgements_frame`.
    """
    frames = [judgements_frame(weights[p], sets[p], rng, noise) for p in sets if p in weights]
    return by_executive(pd.concat(frames, ignore_index=True))


def priorities_frame(
    weights: Mapping[str, Mapping[str, Weights]],
    sets: Mapping[str, Sequence[str]],
) -> pd.DataFrame:
    """The ``driver_priorities`` table: points out of 100 (multiples of 5) and ranks.

    Each executive shares 100 points among every sibling set in proportion to the weights they
    hold in mind (rounded to 5s, the largest share absorbing the rounding) and ranks the set by
    those points (1 = most points; equal points share the better rank).
    """
    rows = []
    for parent, per_executive in weights.items():
        drivers = list(sets[parent])
        for executive, w in per_executive.items():
            w_arr = np.asarray(w, dtype=float) / np.sum(w)
            points = np.maximum(np.round(w_arr * 20) * 5, 0)
            points[np.argmax(w_arr)] += 100 - points.sum()
            ranks = pd.Series(-points).rank(method="min").astype(np.int64).to_numpy()
            rows += [
                {"executive": executive, "driver_id": d, "points": float(p), "rank": int(r)}
                for d, p, r in zip(drivers, points, ranks, strict=True)
            ]
    return by_executive(pd.DataFrame(rows))


def by_executive(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows grouped by executive (first appearance order), keeping the order within each."""
    order = {e: i for i, e in enumerate(dict.fromkeys(frame["executive"]))}
    key = frame["executive"].map(order)
    return frame.iloc[np.argsort(key.to_numpy(), kind="stable")].reset_index(drop=True)


def snap_to_saaty(ratios: np.ndarray) -> np.ndarray:
    """Nearest Saaty value (1/9 ... 9, in log space) of each positive ratio."""
    logs = np.log(np.asarray(ratios, dtype=float))[..., None]
    nearest = np.abs(logs - np.log(SAATY_SCALE)).argmin(axis=-1)
    return SAATY_SCALE[nearest]


def draw_focus(
    rng: np.random.Generator,
    design: pd.DataFrame,
    programmes: Sequence[ProgrammeSpec],
    leaves: Sequence[str],
) -> np.ndarray:
    """0/1 matrix (projects x leaves) of the drivers each project mainly moves.

    Each project picks as many focus drivers as its kind asks, preferring its programme's
    ``focus_drivers`` (weight 1) over the others (weight 0.05).
    """
    by_name = {p.name: p for p in programmes}
    affinity = np.array(
        [
            [1.0 if leaf in by_name[g].focus_drivers else 0.05 for leaf in leaves]
            for g in design["programme"]
        ]
    ).reshape(len(design), len(leaves))
    keys = np.log(affinity) + rng.gumbel(size=affinity.shape)
    order = np.argsort(-keys, axis=1)
    count = kind_array(design["kind"], "focus_drivers").astype(int)
    focus = np.zeros_like(affinity)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(len(leaves))[None, :], axis=1)
    focus[rank < count[:, None]] = 1.0
    return focus


def contributions_frame(
    rng: np.random.Generator,
    design: pd.DataFrame,
    leaves: Sequence[str],
    focus: np.ndarray,
) -> pd.DataFrame:
    """The ``project_contributions`` table: every project x every leaf, scored 0-5.

    Scores are Poisson around the kind's base mean, or its focus mean on focus drivers,
    capped at 5, so most scores are 0-2 and strategic projects get the 4s and 5s.
    """
    base = kind_array(design["kind"], "base_contribution")[:, None]
    peak = kind_array(design["kind"], "focus_contribution")[:, None]
    mean = np.where(focus > 0, peak, base)
    scores = np.minimum(rng.poisson(mean), 5)
    return pd.DataFrame(
        {
            "project_id": np.repeat(design["project_id"].to_numpy(), len(leaves)),
            "driver_id": np.tile(np.asarray(leaves), len(design)),
            "contribution": scores.ravel().astype(np.int64),
        }
    )


def contribution_matrix(contributions: pd.DataFrame) -> pd.DataFrame:
    """Contributions pivoted to projects x leaf drivers (input order kept)."""
    return contributions.pivot(index="project_id", columns="driver_id", values="contribution")
