"""Benefits map: which project delivers which benefit, feeding which driver and objective.

MSP draws a benefits map from what a project delivers to the strategic objective it serves
(outputs, capabilities, outcomes, benefits); this one keeps the shorter chain the register
fills, and its links carry the value that flows along them. :func:`benefits_map` builds that
map as data (nodes and weighted edges, money in the organisation's currency) for a chart
(:func:`vmo_lib.realization.benefit_charts.benefits_map_chart`) or an export:

* detail (at most ``project_limit`` projects): ``project -> benefit -> driver -> objective``;
* aggregated (more projects): ``programme -> driver -> objective``, the benefits of a
  programme on a driver summed into one link, so the picture stays readable at thousands of
  projects.

A benefit's value is its whole-life plan (``planned_total``) unless ``values`` gives another
figure per ``benefit_id`` (e.g. the forecast at completion). Dis-benefits keep their negative
sign on their links; a driver's or objective's value is the net sum of what flows into it.
The objective of a driver is the top of its branch of the driver tree (the ancestor without a
parent); a benefit without a driver flows to "No driver named" and "No objective".
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["DEFAULT_PROJECT_LIMIT", "NO_DRIVER", "NO_OBJECTIVE", "BenefitsMap", "benefits_map"]

DEFAULT_PROJECT_LIMIT = 60
"""Most projects drawn one by one; beyond, projects are grouped by programme."""
NO_DRIVER = "No driver named"
NO_OBJECTIVE = "No objective"
DETAIL_LEVELS = ("project", "benefit", "driver", "objective")
AGGREGATED_LEVELS = ("programme", "driver", "objective")


@dataclass(frozen=True)
class BenefitsMap:
    """A benefits map as data.

    ``nodes``: ``node`` (unique key ``level:id``), ``level``, ``label`` and ``value`` (money,
    net flow through the node), in drawing order within each level. ``edges``: ``source``,
    ``target`` (node keys) and ``value`` (money, signed). ``levels``: the columns, left to
    right. ``aggregated``: projects grouped by programme. ``note``: the rule, in words.
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    levels: tuple[str, ...]
    aggregated: bool
    note: str


def objective_of(value_drivers: pd.DataFrame) -> pd.Series:
    """Top ancestor (the objective) of every driver, indexed by ``driver_id``.

    >>> tree = pd.DataFrame({"driver_id": ["O", "D", "L"], "parent_id": [None, "O", "D"]})
    >>> objective_of(tree).to_dict()
    {'O': 'O', 'D': 'O', 'L': 'O'}
    """
    ids = value_drivers["driver_id"].astype(str)
    parent = pd.Series(value_drivers["parent_id"].to_numpy(dtype=object), index=ids)
    parent = parent.where(parent.notna() & parent.astype(str).isin(ids))
    top = pd.Series(ids.to_numpy(), index=ids)
    for _ in range(len(ids)):  # depth is small; a cycle stops after len(ids) steps
        up = parent.reindex(top.to_numpy()).to_numpy()
        moved = pd.notna(up)
        if not moved.any():
            break
        top = pd.Series(np.where(moved, up, top.to_numpy()), index=ids)
    return top.astype(str)


def _edges(frame: pd.DataFrame, source: str, target: str) -> pd.DataFrame:
    grouped = frame.groupby([source, target], sort=False)["value"].sum().reset_index()
    return grouped.rename(columns={source: "source", target: "target"})


def benefits_map(
    benefits: pd.DataFrame,
    projects: pd.DataFrame,
    value_drivers: pd.DataFrame,
    values: pd.Series | None = None,
    project_limit: int = DEFAULT_PROJECT_LIMIT,
) -> BenefitsMap:
    """Nodes and edges of the benefits map (rules in the module docstring)."""
    ids = benefits["benefit_id"].astype(str)
    value = (
        pd.to_numeric(benefits["planned_total"], errors="coerce").to_numpy(dtype=float)
        if values is None
        else values.reindex(ids).to_numpy(dtype=float)
    )
    info = projects.assign(project_id=projects["project_id"].astype(str)).set_index("project_id")
    project = benefits["project_id"].astype(str)
    names = pd.Series(
        value_drivers["name"].astype(str).to_numpy(),
        index=value_drivers["driver_id"].astype(str).to_numpy(),
    )
    driver = benefits["driver_id"].astype("string").fillna("")
    top = objective_of(value_drivers)
    frame = pd.DataFrame(
        {
            "project": "project:" + project.to_numpy(),
            "programme": "programme:"
            + info["programme"].astype(str).reindex(project).fillna("(none)").to_numpy(),
            "benefit": "benefit:" + ids.to_numpy(),
            "driver": np.where(driver == "", "driver:", "driver:" + driver),
            "objective": np.where(
                driver == "", "objective:", "objective:" + driver.map(top).fillna("").astype(str)
            ),
            "value": np.nan_to_num(value),
        }
    )
    aggregated = project.nunique() > project_limit
    levels = AGGREGATED_LEVELS if aggregated else DETAIL_LEVELS
    edges = pd.concat(
        [_edges(frame, a, b) for a, b in itertools.pairwise(levels)],
        ignore_index=True,
    )
    labels = {
        **{f"project:{p}": f"{p} {n}" for p, n in info["name"].astype(str).items()},
        **{f"driver:{d}": n for d, n in names.items()},
        **{f"objective:{d}": n for d, n in names.items()},
        **{f"benefit:{b}": str(n) for b, n in zip(ids, benefits["name"], strict=True)},
        "driver:": NO_DRIVER,
        "objective:": NO_OBJECTIVE,
    }
    nodes = _ordered_nodes(edges, levels, labels)
    rule = (
        f"{project.nunique():,} projects are more than {project_limit}, so they are grouped by "
        "programme: each link adds up a programme's benefits on one value driver."
        if aggregated
        else "Each band is one benefit, from its project through its value driver to the "
        "strategic objective above it."
    )
    note = rule + " Band widths are proportional to value; dis-benefits are hatched."
    return BenefitsMap(nodes, edges, levels, aggregated, note)


def _ordered_nodes(
    edges: pd.DataFrame, levels: tuple[str, ...], labels: dict[str, str]
) -> pd.DataFrame:
    """Nodes per level in drawing order: the last level by value, each earlier level by the
    mean position of the nodes it feeds (fewer crossings), ties by value."""
    inflow = edges.groupby("target")["value"].sum()
    outflow = edges.groupby("source")["value"].sum()
    position: dict[str, float] = {}
    frames = []
    for level in reversed(levels):
        keys = pd.Index(pd.unique(pd.concat([edges["source"], edges["target"]]).to_numpy())).astype(
            str
        )
        keys = keys[keys.str.startswith(level + ":")]
        value = inflow.reindex(keys).fillna(outflow.reindex(keys)).fillna(0.0)
        feeds = edges.loc[edges["source"].isin(keys)]
        weight = feeds["value"].abs() + 1e-9
        spot = feeds["target"].map(position)
        mean = (spot * weight).groupby(feeds["source"]).sum() / weight.groupby(
            feeds["source"]
        ).sum()
        order = pd.DataFrame(
            {"node": keys, "spot": mean.reindex(keys).fillna(0.0).to_numpy(), "value": value}
        )
        order = order.sort_values(["spot", "value"], ascending=[True, False])
        position.update({k: float(i) for i, k in enumerate(order["node"])})
        order["level"] = level
        order["label"] = order["node"].map(labels).fillna(order["node"].str.partition(":")[2])
        frames.append(order[["node", "level", "label", "value"]])
    return pd.concat(frames[::-1], ignore_index=True)
