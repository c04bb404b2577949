"""The what-if panel: one slider per criterion, and re-scoring that follows the sliders."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vmo_lib import drivers, portfolio
from vmo_lib.data import load_organisation
from vmo_lib.portfolio import widgets


@pytest.fixture(scope="module")
def ranking():
    org = load_organisation("harbourline")
    return portfolio.rank_by_value(org, drivers.leaf_weights(org), risk_adjusted=False)


def test_all_weight_on_one_driver_ranks_by_that_driver(ranking):
    only = pd.Series(0.0, index=ranking.criteria.weights.index)
    only["D-CO2"] = 1.0
    view = widgets.what_if(ranking, only, budget=10_000_000)
    contribution = ranking.criteria.matrix.loc[view.table.index, "D-CO2"]
    # Score = 100 x contribution / 5 on the one driver; best first.
    np.testing.assert_allclose(view.table["value_score"], 20.0 * contribution)
    assert view.table["value_score"].is_monotonic_decreasing
    assert view.total_cost <= 10_000_000
    funded = view.table[view.table["funded"]]
    assert funded["remaining_cost"].sum() == pytest.approx(view.total_cost)
    assert funded["value_score"].sum() == pytest.approx(view.total_value)
    # The frontier passes through every step of the greedy curve and never below it.
    at_steps = view.frontier.set_index("budget")["total_value"]
    greedy = view.greedy.set_index("cumulative_cost")["cumulative_value"]
    assert (at_steps.reindex(greedy.index).to_numpy() >= greedy.to_numpy() - 1e-9).all()


def test_panel_has_a_slider_per_criterion_and_a_budget_slider(ranking, capsys):
    panel = widgets.panel(ranking, 20_000_000, names=pd.Series({"D-CO2": "CO2 per shipment"}))
    sliders = panel.children[0].children[0].children
    assert [s.value for s in sliders] == pytest.approx(ranking.criteria.weights.round(3).tolist())
    assert any(s.description == "CO2 per shipment" for s in sliders)
    budget = panel.children[0].children[1].children[0]
    assert budget.value == pytest.approx(20.0) and budget.description.startswith("Budget")
    budget.value = 5.0  # a slider change re-runs the view without error
    capsys.readouterr()


def test_known_view_shows_the_notebooks_results_without_solving(ranking, monkeypatch):
    """The handout's stand-in for the panel reuses the selection and frontier already
    computed: with the solver made to fail, it still shows exactly those results."""
    import vmo_lib.portfolio.funding.model as selection_model
    from vmo_lib.portfolio.decision import candidate_inputs

    values, costs = candidate_inputs(ranking)
    chosen = portfolio.select_projects(values, costs, 20_000_000)
    greedy = portfolio.greedy_frontier(values, costs)
    frontier = portfolio.efficient_frontier(values, costs, [10_000_000, 20_000_000])

    def failing(*args, **kwargs):
        raise AssertionError("known_view must not solve")

    monkeypatch.setattr(selection_model, "_milp", failing)
    view = widgets.known_view(ranking, chosen, frontier, greedy, 20_000_000)
    assert view.total_value == pytest.approx(chosen.total_value)
    assert set(view.table.index[view.table["funded"]]) == set(chosen.selected)
    assert view.frontier is frontier and view.status == "optimal"


def test_what_if_reports_how_far_the_answer_is_proven(ranking, monkeypatch):
    import vmo_lib.portfolio.funding.model as selection_model

    def failing(*args, **kwargs):
        raise selection_model.SolverFailure("HiGHS did not finish: Solve error")

    monkeypatch.setattr(selection_model, "_milp", failing)
    view = widgets.what_if(ranking, ranking.criteria.weights, budget=10_000_000)
    assert view.status.startswith("a fallback portfolio")
    assert view.total_cost <= 10_000_000
    assert (view.frontier["status"] == "fallback").all()
