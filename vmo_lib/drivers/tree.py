"""The value driver tree: strategic objectives at the roots, measurable drivers at the leaves.

Why: a VMO names what value means before it scores any project. The tree splits each
strategic objective into drivers (and drivers into sub-drivers) until every leaf is something a
project can move and a KPI can measure. Weights are set among *siblings* (the children of one
parent, or the objectives among themselves); a leaf's global weight is the product of the
local weights on its path from the root, so the global leaf weights sum to 1.

>>> import pandas as pd
>>> frame = pd.DataFrame({
...     "driver_id": ["O-A", "D-1", "D-2", "O-B"],
...     "parent_id": [None, "O-A", "O-A", None],
...     "name": ["Grow", "Sales", "Share", "Save"],
...     "category": ["strategic", "financial", "business", "operational"],
... })
>>> tree = driver_tree(frame)
>>> tree.objectives, tree.leaves
(('O-A', 'O-B'), ('D-1', 'D-2', 'O-B'))
>>> local = pd.Series({"O-A": 0.6, "O-B": 0.4, "D-1": 0.5, "D-2": 0.5})
>>> tree.global_weights(local).round(2).to_dict()
{'O-A': 0.6, 'D-1': 0.3, 'D-2': 0.3, 'O-B': 0.4}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib.data.errors import DataError, Problem
from vmo_lib.data.schema import DRIVER_CATEGORIES

__all__ = ["ROOT", "DriverTree", "driver_tree"]

ROOT = ""
"""Parent key of the strategic objectives in :attr:`DriverTree.groups`."""

_TABLE = "value_drivers"


@dataclass(frozen=True)
class DriverTree:
    """A validated driver tree.

    ``parent`` maps each driver to its parent (``ROOT`` for an objective); ``groups`` maps each
    parent (``ROOT`` first) to its children in table order: the sibling sets that are weighted
    against each other. ``frame`` is the table, indexed by ``driver_id``.
    """

    frame: pd.DataFrame
    parent: dict[str, str]
    groups: dict[str, tuple[str, ...]]

    @property
    def objectives(self) -> tuple[str, ...]:
        return self.groups[ROOT]

    @property
    def leaves(self) -> tuple[str, ...]:
        """Drivers without children, in table order: what projects are scored against."""
        return tuple(d for d in self.frame.index if d not in self.groups)

    def name(self, driver_id: str) -> str:
        return str(self.frame.at[driver_id, "name"])

    @property
    def names(self) -> dict[str, str]:
        """Every driver's name by id, in table order (for chart labels and panels)."""
        return {str(d): str(n) for d, n in self.frame["name"].items()}

    def path(self, driver_id: str) -> list[str]:
        """Drivers from the objective down to ``driver_id`` (both included)."""
        out = [driver_id]
        while self.parent[out[-1]] != ROOT:
            out.append(self.parent[out[-1]])
        return out[::-1]

    def depth(self, driver_id: str) -> int:
        """0 for an objective, 1 for its drivers, and so on."""
        return len(self.path(driver_id)) - 1

    def depth_first(self) -> list[str]:
        """Every driver, each parent followed by its subtree (the order of an outline)."""
        order: list[str] = []

        def visit(node: str) -> None:
            order.append(node)
            for child in self.groups.get(node, ()):
                visit(child)

        for objective in self.objectives:
            visit(objective)
        return order

    def outline(self) -> pd.DataFrame:
        """The tree as a table in outline order: id, level (0 = objective), parent, name,
        category and description, for a reader to check the tree before weighting it."""
        order = self.depth_first()
        table = self.frame.loc[order].reset_index()
        table.insert(1, "level", [self.depth(d) for d in order])
        return table[["driver_id", "level", "parent_id", "name", "category", "description"]]

    def global_weights(self, local: pd.Series) -> pd.Series:
        """Every node's global weight: the product of the local weights along its path.

        ``local`` holds each driver's weight among its siblings (each sibling set sums to 1).
        Returned in table order; the leaves' weights sum to 1, and so do each node's children
        to their parent's weight.
        """
        values = {d: float(np.prod([local[p] for p in self.path(d)])) for d in self.frame.index}
        return pd.Series(values, name="weight")


def driver_tree(value_drivers: pd.DataFrame, location: str = _TABLE) -> DriverTree:
    """Validate the ``value_drivers`` table and return its tree.

    Rules, every violation reported at once in a :class:`~vmo_lib.data.errors.DataError` with
    the row as a spreadsheet numbers it (header = row 1): at least one strategic objective (a
    row without parent); driver ids present and unique; every parent exists; no cycles (a
    driver may not be its own ancestor); every leaf has a category among financial, business,
    operational, strategic; at most 10 drivers under one parent (AHP's limit).
    """
    frame = value_drivers.reset_index(drop=True)
    problems: list[Problem] = []

    def problem(position: int | None, column: str | None, value: object, rule: str) -> None:
        row = None if position is None else position + 2
        problems.append(Problem(location, _TABLE, rule, row, column, value))

    ids = frame["driver_id"]
    parents = pd.Series(
        [None if pd.isna(p) or str(p).strip() == "" else str(p) for p in frame["parent_id"]],
        dtype=object,
    )
    for pos in np.flatnonzero(ids.isna() | (ids.astype(str).str.strip() == "")).tolist():
        problem(pos, "driver_id", None, "every driver needs an identifier")
    for pos in np.flatnonzero(ids.duplicated(keep="first") & ids.notna()).tolist():
        problem(pos, "driver_id", ids.iloc[pos], "driver ids must be unique")
    known = set(ids.dropna())
    for pos, p in enumerate(parents):
        if p is not None and p not in known:
            problem(pos, "parent_id", p, "the parent driver is not in the table")
    if len(frame) and parents.isna().sum() == 0:
        problem(
            None,
            "parent_id",
            None,
            "no strategic objective: at least one row needs a blank parent_id",
        )
    elif not len(frame):
        problem(None, None, None, "the driver tree is empty")
    parent_of = {str(d): p for d, p in zip(ids, parents, strict=True) if pd.notna(d)}
    for pos, d in enumerate(ids):
        if pd.notna(d) and _in_cycle(str(d), parent_of):
            problem(pos, "parent_id", parents.iloc[pos], "the driver is its own ancestor (a cycle)")
    with_children = {p for p in parents if p is not None}
    for pos, (d, cat) in enumerate(zip(ids, frame["category"], strict=True)):
        if d in with_children:
            continue
        if pd.isna(cat) or str(cat).strip() == "":
            problem(pos, "category", None, f"a leaf driver needs a category ({_choices()})")
        elif str(cat).strip().lower() not in DRIVER_CATEGORIES:
            problem(pos, "category", cat, f"the category must be one of {_choices()}")
    counts = parents.fillna(ROOT).value_counts()
    for key, count in counts[counts > 10].items():
        where = "strategic objectives" if key == ROOT else f"drivers under {key}"
        problem(None, "parent_id", key or None, f"{count} {where}: at most 10 can be weighted")
    if problems:
        raise DataError(problems, source="the value driver tree")
    table = frame.assign(parent_id=parents).set_index("driver_id")
    parent = {d: (p if p is not None else ROOT) for d, p in parent_of.items()}
    groups: dict[str, tuple[str, ...]] = {ROOT: tuple(d for d in table.index if parent[d] == ROOT)}
    for d in table.index:
        children = tuple(c for c in table.index if parent[c] == d)
        if children:
            groups[d] = children
    return DriverTree(table, parent, groups)


def _in_cycle(start: str, parent_of: dict[str, str | None]) -> bool:
    seen: set[str] = set()
    node = parent_of.get(start)
    while node is not None and node in parent_of and node not in seen:
        if node == start:
            return True
        seen.add(node)
        node = parent_of.get(node)
    return False


def _choices() -> str:
    return ", ".join(DRIVER_CATEGORIES)
