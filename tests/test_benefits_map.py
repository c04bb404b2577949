"""Benefits map data (flows conserve, objectives found, programmes beyond the limit) and the
map and fan chart figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import PathPatch

from vmo_lib.data import load_organisation
from vmo_lib.realization.benefits_map import benefits_map, objective_of
from vmo_lib.realization.charts import benefits_map_chart, value_fan_chart
from vmo_lib.realization.uncertainty import value_uncertainty

DRIVERS = pd.DataFrame(
    {
        "driver_id": ["O-1", "D-1", "L-1", "O-2"],
        "parent_id": [None, "O-1", "D-1", None],
        "name": ["Grow", "Revenue", "New services", "Green"],
    }
)
PROJECTS = pd.DataFrame(
    {"project_id": ["P-1", "P-2"], "name": ["Portal", "Vans"], "programme": ["Digital", "Fleet"]}
)
BENEFITS = pd.DataFrame(
    {
        "benefit_id": ["B-1", "B-2", "B-3", "B-4"],
        "project_id": ["P-1", "P-1", "P-2", "P-2"],
        "driver_id": ["L-1", "D-1", "O-2", None],
        "name": ["More sales", "More visits", "Less CO2", "More noise"],
        "planned_total": [300.0, 100.0, 50.0, -20.0],
    }
)


def test_objective_is_the_top_of_the_branch() -> None:
    assert objective_of(DRIVERS).to_dict() == {
        "O-1": "O-1",
        "D-1": "O-1",
        "L-1": "O-1",
        "O-2": "O-2",
    }


def test_detail_map_carries_each_benefit_to_its_objective() -> None:
    bmap = benefits_map(BENEFITS, PROJECTS, DRIVERS)
    assert bmap.levels == ("project", "benefit", "driver", "objective") and not bmap.aggregated
    edges = bmap.edges.set_index(["source", "target"])["value"]
    assert edges[("project:P-1", "benefit:B-1")] == 300
    assert edges[("driver:L-1", "objective:O-1")] == 300
    assert edges[("driver:D-1", "objective:O-1")] == 100
    assert edges[("driver:", "objective:")] == -20  # no driver: its own node, sign kept
    # every level passes on the same net value
    for level in ("project", "benefit", "driver"):
        leaving = bmap.edges.loc[bmap.edges["source"].str.startswith(level + ":"), "value"]
        assert leaving.sum() == pytest.approx(430.0)
    labels = bmap.nodes.set_index("node")["label"]
    assert labels["objective:O-1"] == "Grow" and labels["driver:"] == "No driver named"


def test_programmes_replace_projects_beyond_the_limit() -> None:
    bmap = benefits_map(BENEFITS, PROJECTS, DRIVERS, project_limit=1)
    assert bmap.aggregated and bmap.levels == ("programme", "driver", "objective")
    edges = bmap.edges.set_index(["source", "target"])["value"]
    assert edges[("programme:Digital", "driver:L-1")] == 300
    assert "grouped by programme" in bmap.note


def test_values_can_be_the_forecast() -> None:
    forecast = pd.Series({"B-1": 150.0, "B-2": 0.0, "B-3": 50.0, "B-4": -40.0})
    bmap = benefits_map(BENEFITS, PROJECTS, DRIVERS, values=forecast)
    objectives = bmap.nodes.loc[bmap.nodes["level"] == "objective"].set_index("node")["value"]
    assert objectives["objective:O-1"] == 150 and objectives["objective:"] == -40


def test_map_chart_draws_a_band_per_link_and_hatches_dis_benefits() -> None:
    bmap = benefits_map(BENEFITS, PROJECTS, DRIVERS)
    fig = benefits_map_chart(bmap, "GBP")
    bands = [p for p in fig.axes[0].patches if isinstance(p, PathPatch)]
    assert len(bands) == len(bmap.edges)
    assert sum(1 for p in bands if p.get_hatch()) == 3  # B-4's three links
    assert "GBP" in fig.axes[0].get_title()


def test_case_study_map_and_fan_chart() -> None:
    org = load_organisation("harbourline")
    bmap = benefits_map(org.benefits, org.projects, org.value_drivers)
    total = org.benefits["planned_total"].sum()
    into_objectives = bmap.edges.loc[bmap.edges["target"].str.startswith("objective:"), "value"]
    assert into_objectives.sum() == pytest.approx(total)
    fig = value_fan_chart(value_uncertainty(org, "2026-09-30", samples=500), "GBP")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Cumulative value (GBP)" and np.isfinite(ax.get_ylim()).all()
