"""The value driver tree: each validation error, navigation and global weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vmo_lib.data import load_organisation
from vmo_lib.data.errors import DataError
from vmo_lib.drivers import ROOT, driver_tree

COLUMNS = ["driver_id", "parent_id", "name", "category", "description"]


def frame(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame([(*r, "") for r in rows], columns=COLUMNS)


GOOD = frame(
    ("O-A", None, "Grow", "strategic"),
    ("D-1", "O-A", "Sales", "financial"),
    ("D-2", "O-A", "Share", "business"),
    ("D-21", "D-2", "Share online", "business"),
    ("D-22", "D-2", "Share in stores", "business"),
    ("O-B", None, "Run well", "strategic"),
    ("D-3", "O-B", "Throughput", "operational"),
)


def problems_of(bad: pd.DataFrame) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(DataError) as err:
        driver_tree(bad)
    return [(p.row, p.column, p.rule) for p in err.value.problems]


def test_a_good_tree() -> None:
    tree = driver_tree(GOOD)
    assert tree.objectives == ("O-A", "O-B")
    assert tree.leaves == ("D-1", "D-21", "D-22", "D-3")
    assert tree.groups == {
        ROOT: ("O-A", "O-B"),
        "O-A": ("D-1", "D-2"),
        "D-2": ("D-21", "D-22"),
        "O-B": ("D-3",),
    }
    assert tree.path("D-22") == ["O-A", "D-2", "D-22"]
    assert tree.depth("D-22") == 2
    assert tree.depth_first() == ["O-A", "D-1", "D-2", "D-21", "D-22", "O-B", "D-3"]
    assert tree.outline()["level"].tolist() == [0, 1, 1, 2, 2, 0, 1]


def test_global_weights_multiply_down_the_tree_and_leaves_sum_to_one() -> None:
    tree = driver_tree(GOOD)
    local = pd.Series(
        {"O-A": 0.7, "O-B": 0.3, "D-1": 0.4, "D-2": 0.6, "D-21": 0.25, "D-22": 0.75, "D-3": 1.0}
    )
    g = tree.global_weights(local)
    # by hand: D-21 = 0.7 * 0.6 * 0.25 = 0.105; D-22 = 0.7 * 0.6 * 0.75 = 0.315
    assert g.to_dict() == pytest.approx(
        {"O-A": 0.7, "D-1": 0.28, "D-2": 0.42, "D-21": 0.105, "D-22": 0.315, "O-B": 0.3, "D-3": 0.3}
    )
    assert g[list(tree.leaves)].sum() == pytest.approx(1.0)


def test_missing_and_duplicate_ids() -> None:
    bad = frame(("O-A", None, "Grow", "strategic"), (None, "O-A", "x", "financial"))
    assert (3, "driver_id", "every driver needs an identifier") in problems_of(bad)
    bad = frame(("O-A", None, "Grow", "strategic"), ("O-A", None, "Again", "strategic"))
    assert (3, "driver_id", "driver ids must be unique") in problems_of(bad)


def test_unknown_parent() -> None:
    bad = pd.concat([GOOD, frame(("D-9", "D-404", "Orphan", "financial"))], ignore_index=True)
    assert problems_of(bad) == [(9, "parent_id", "the parent driver is not in the table")]


def test_no_objective_and_cycles() -> None:
    bad = frame(("D-X", "D-Y", "Loop one", "financial"), ("D-Y", "D-X", "Loop two", "financial"))
    found = problems_of(bad)
    assert (
        None,
        "parent_id",
        "no strategic objective: at least one row needs a blank parent_id",
    ) in found
    assert (2, "parent_id", "the driver is its own ancestor (a cycle)") in found
    assert (3, "parent_id", "the driver is its own ancestor (a cycle)") in found


def test_a_cycle_below_a_good_objective() -> None:
    bad = pd.concat(
        [GOOD, frame(("D-X", "D-Y", "Loop", "financial"), ("D-Y", "D-X", "Loop", "financial"))],
        ignore_index=True,
    )
    rows = [row for row, _, rule in problems_of(bad) if "cycle" in rule]
    assert rows == [9, 10]


def test_leaf_categories() -> None:
    bad = GOOD.copy()
    bad.loc[1, "category"] = None
    bad.loc[6, "category"] = "happiness"
    found = problems_of(bad)
    assert found[0][:2] == (3, "category") and "needs a category" in found[0][2]
    assert found[1][:2] == (8, "category") and "must be one of financial" in found[1][2]
    # a parent without a category is fine: only leaves are scored
    ok = GOOD.copy()
    ok.loc[2, "category"] = None
    assert driver_tree(ok).leaves == ("D-1", "D-21", "D-22", "D-3")


def test_too_many_siblings_and_an_empty_tree() -> None:
    many = frame(
        ("O-A", None, "Grow", "strategic"),
        *[(f"D-{i}", "O-A", f"d{i}", "financial") for i in range(11)],
    )
    assert (None, "parent_id", "11 drivers under O-A: at most 10 can be weighted") in problems_of(
        many
    )
    assert problems_of(frame()) == [(None, None, "the driver tree is empty")]


def test_every_problem_is_reported_at_once_with_its_row() -> None:
    bad = GOOD.copy()
    bad.loc[1, "parent_id"] = "O-Z"
    bad.loc[3, "category"] = "vibes"
    bad.loc[6, "driver_id"] = "D-1"
    with pytest.raises(DataError) as err:
        driver_tree(bad)
    assert len(err.value.problems) == 3
    text = str(err.value)
    assert "3 problems found in the value driver tree" in text
    assert "value_drivers, row 3, column 'parent_id': value 'O-Z'" in text


def test_the_bundled_tree_loads() -> None:
    tree = driver_tree(load_organisation("harbourline").value_drivers)
    assert len(tree.objectives) == 4
    assert tree.groups["D-CTS"] == ("D-CTS-WH", "D-CTS-LM")
    assert np.isclose(
        tree.global_weights(pd.Series(0.5, index=tree.frame.index))["D-CTS-WH"], 0.125
    )
