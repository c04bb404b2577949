"""Which weighting method a run uses and why (notebooks 02 and 04), the figures notebook 02
records, and the tables it shows. Expected values are worked out by hand (see the fixtures of
test_drivers_weights.py), never taken from the code under test."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from test_drivers_weights import CIO, JUDGEMENTS, PRIORITIES, THREE, TREE

from vmo_lib.drivers import ROOT, choose_weighting, compare_methods, views
from vmo_lib.notebook.record import Figure


def org(j=JUDGEMENTS, p=PRIORITIES) -> SimpleNamespace:
    return SimpleNamespace(value_drivers=TREE, driver_judgements=j, driver_priorities=p)


def figures(items: tuple[Figure, ...]) -> dict[str, Figure]:
    return {f.name: f for f in items}


def test_points_are_used_and_the_judgements_still_checked() -> None:
    choice = choose_weighting(org(), "points")
    assert choice.method == "points" and choice.weights.method == "points"
    assert choice.input_table == "driver_priorities"
    # the AHP weights of the same executives (objectives 1/2 each, see the AHP test by hand)
    assert choice.ahp is not None and choice.ahp.method == "ahp"
    assert choice.ahp.leaves.to_dict() == pytest.approx(
        {"D-1": 0.2, "D-2": 0.1, "D-3": 0.2, "D-4": 0.4, "D-5": 0.1}
    )
    assert "direct points" in choice.reason and "still checked" in choice.reason
    found = figures(choice.recorded())
    # points by hand: objectives 0.4 / 0.6; leaves .14 .12 .14 .225 .375
    assert found["weighting"].value == "points"
    assert found["n_objectives"].value == 2 and found["n_leaf_drivers"].value == 5
    assert found["top_objective"].value == "Save"
    assert found["top_objective_weight"].value == pytest.approx(0.6)
    assert found["top_objective_weight"].unit == "percent"
    assert found["top_leaf_driver"].value == "Speed"
    assert found["top_leaf_weight"].value == pytest.approx(0.375)
    assert found["leaf_weights"].value == pytest.approx(
        {"D-1": 0.14, "D-2": 0.12, "D-3": 0.14, "D-4": 0.225, "D-5": 0.375}
    )
    # both executives are consistent: nothing to revisit, the highest CR is 0
    assert found["n_flagged"].value == 0 and found["flagged_executives"].value == []
    assert found["max_consistency_ratio"].value == pytest.approx(0, abs=1e-9)
    assert found["excluded"].value == []
    assert 0 <= found["objective_consensus"].value <= 1
    # the order notebook 02 always recorded them in (the handouts index keeps it)
    assert [f.name for f in choice.recorded()] == [
        *("weighting", "n_objectives", "n_leaf_drivers", "leaf_weights", "top_objective"),
        *("top_objective_weight", "top_leaf_driver", "top_leaf_weight", "n_flagged"),
        *("flagged_executives", "max_consistency_ratio", "excluded", "objective_consensus"),
    ]


def test_with_ahp_the_checked_weights_are_the_weights() -> None:
    choice = choose_weighting(org(), "ahp", consistency_limit=0.2)
    assert choice.ahp is choice.weights
    assert "CR limit 0.20" in choice.reason


def test_without_judgements_nothing_is_checked_or_recorded_about_them() -> None:
    empty = pd.DataFrame(columns=["executive", "driver_a", "driver_b", "judgement"])
    choice = choose_weighting(org(j=empty), "rank")
    assert choice.ahp is None
    assert "no pairwise judgements" in choice.reason
    names = [f.name for f in choice.recorded()]
    assert "n_flagged" not in names and "excluded" not in names
    # rank by hand: objectives 1/2 each; D-5 = 1/2 * 5/8
    assert figures(choice.recorded())["top_leaf_weight"].value == pytest.approx(5 / 16)


def test_an_inconsistent_executive_is_recorded_and_excluded() -> None:
    case = SimpleNamespace(value_drivers=THREE, driver_judgements=CIO, driver_priorities=None)
    found = figures(choose_weighting(case, "ahp", exclude_inconsistent=True).recorded())
    assert found["flagged_executives"].value == ["Z"] and found["n_flagged"].value == 1
    # Z's loop of 3s: lambda_max = 13/3, CI = (13/3 - 3) / 2, RI(3) = 0.58
    assert found["max_consistency_ratio"].value == pytest.approx((13 / 3 - 3) / 2 / 0.58)
    assert found["excluded"].value == ["Z on objectives"]
    assert found["top_objective"].value == "A"  # W alone: 4 : 2 : 1


def test_largest_method_difference_by_hand() -> None:
    # D-5: AHP 0.1, points 0.375, rank 5/16 -> 0.275, the largest spread of any leaf
    (figure,) = compare_methods(org()).recorded()
    assert figure.name == "largest_method_difference" and figure.unit == "percent"
    assert figure.value == pytest.approx(0.275)


def test_views_choose_columns_from_the_method() -> None:
    points = choose_weighting(org(), "points").weights
    ahp = choose_weighting(org(), "ahp").weights
    assert "Consistency ratio" not in views.objectives_by_executive(points).caption
    assert "consistency ratio (CR)" in views.objectives_by_executive(ahp).caption
    assert "group_cr" not in views.group_table(points).columns
    assert "group_cr" in views.group_table(ahp).columns
    assert "(direct points)" in views.agreement_table(points).caption
    assert views.weights_table(ahp, "2026-09-30").caption == (
        "Driver weights by AHP pairwise comparisons (2026-09-30)"
    )


def test_revisit_view_is_a_note_when_nothing_is_flagged() -> None:
    consistent = choose_weighting(org(), "ahp").weights
    assert "judgements exceed a CR of 0.10." in views.revisit_view(consistent).data
    case = SimpleNamespace(value_drivers=THREE, driver_judgements=CIO, driver_priorities=None)
    flagged = choose_weighting(case, "ahp").weights
    table = views.revisit_view(flagged)
    assert table.caption == "Judgements to take back to their authors (CR above 0.10)"
    assert views.consistency_grid(flagged).data.columns.tolist() == ["Comparing", "Z", "W"]


def test_weights_export_is_labelled_and_linked(tmp_path) -> None:
    weights = choose_weighting(org(), "points").weights
    link = views.export_weights(weights, tmp_path)
    exported = pd.read_csv(tmp_path / "02_driver_weights.csv")
    assert exported.columns.tolist() == [
        *("Driver", "Name", "Level", "Parent"),
        *("Weight among siblings", "Share of total value"),
    ]
    assert exported.loc[exported["Level"] == 0, "Share of total value"].sum() == pytest.approx(1)
    assert "02_driver_weights.csv</a>" in link.data


def test_panel_static_shows_the_group_start_at_the_run_limit() -> None:
    weights = choose_weighting(org(), "ahp", consistency_limit=0.25).weights
    text = views.panel_static(weights, ROOT).data
    assert "Group (geometric mean)" in text and "(limit 0.25)" in text
    assert "Grow (O-A)" in text and "Save (O-B)" in text
