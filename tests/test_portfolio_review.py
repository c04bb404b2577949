"""The portfolio review's steps: settings from parameters, the figures each result records,
and notebook 04 kept to calls and displays."""

from __future__ import annotations

import ast

import nbformat
import pytest

from vmo_lib import drivers, portfolio
from vmo_lib.data import load_organisation
from vmo_lib.portfolio import views
from vmo_lib.portfolio.decision import candidate_inputs

NOTEBOOK = "notebooks/04_portfolio_reranking.ipynb"

# What notebook 04 recorded before the review steps existed (name, label, unit, headline),
# copied by hand from its record cells: the handouts index and the tests read these.
RANKING_FIGURES = [
    ("method", "Scoring method", "text", False),
    ("weighting", "Driver weighting", "text", False),
    ("n_scored", "Projects in the ranking", "count", False),
    ("n_open", "Projects open to funding", "count", False),
    ("top_value_project", "Most valuable open project", "", False),
    ("top_value_score", "Its value score", "number", False),
    ("n_not_scored", "Projects not scored", "count", False),
    ("n_mandatory_open", "Open mandatory projects", "count", False),
    ("n_probability_assumed", "Probabilities assumed (blank in data)", "count", False),
]
ORDER_FIGURES = [
    ("spearman_legacy_value", "Spearman: legacy/value", "ratio", True),
    ("kendall_legacy_value", "Kendall: legacy vs value", "ratio", False),
    ("spearman_health_value", "Spearman: execution health vs value", "ratio", False),
    ("biggest_riser", "Biggest riser", "", False),
]
QUADRANT_FIGURES = [
    ("n_accelerate", "Projects to accelerate", "count", False),
    ("n_rescue", "Projects to rescue", "count", False),
    ("n_rethink", "Projects to rethink", "count", False),
    ("n_stop", "Projects to stop", "count", False),
    (
        "n_mandatory_low_value",
        "Mandatory projects of low value (fund, minimise cost)",
        "count",
        False,
    ),
    ("value_threshold_used", "High-value threshold", "number", False),
]
FUNDING_FIGURES = [
    ("budget", "Budget", "money", False),
    ("mandatory_cost", "Mandatory work taken off the top of the budget", "money", False),
    ("n_funded", "Projects funded", "count", True),
    ("funded_value", "Value funded (points)", "number", False),
    ("funded_cost", "Cost of the funded set", "money", True),
    ("funded_ids", "", "", False),
    ("current_value", "Current portfolio value", "number", False),
    ("optimal_value_same_budget", "", "number", False),
    ("value_gained_share", "Value gained", "percent", True),
    ("projects_in", "", "", False),
    ("constraints_applied", "Funding constraints applied", "", False),
    ("funding_note", "", "", False),
    ("binding_limits", "", "", False),
    ("projects_out", "", "", False),
]
FRONTIER_FIGURES = [("greedy_gap", "Value the greedy curve misses", "number", True)]
ROBUSTNESS_FIGURES = [
    ("n_core", "Core projects", "count", False),
    ("n_borderline", "Borderline projects", "count", False),
    ("n_out", "Out projects", "count", False),
    ("core_ids", "", "", False),
    ("out_ids", "", "", False),
]


def _shape(figures):
    return [(f.name, f.label, f.unit, f.headline) for f in figures]


@pytest.fixture(scope="module")
def review():
    org = load_organisation("harbourline")
    settings = portfolio.ReviewSettings(budget=20e6, robustness_samples=20, movers_shown=5)
    ranked = portfolio.rank_portfolio(org, settings)
    orders = portfolio.compare_orders(ranked)
    quadrants = portfolio.place_in_quadrants(ranked)
    funding = portfolio.fund_portfolio(ranked)
    frontier = portfolio.frontier_review(funding)
    robustness = portfolio.weight_robustness(funding)
    return org, ranked, orders, quadrants, funding, frontier, robustness


def test_settings_take_the_notebook_parameters_and_ignore_the_rest():
    namespace = {"data": "x", "currency": "GBP", "budget": 5, "movers_shown": 7.0, "seed": 2}
    settings = portfolio.ReviewSettings.from_parameters(namespace)
    assert settings.budget == 5.0 and isinstance(settings.budget, float)
    assert settings.movers_shown == 7 and isinstance(settings.movers_shown, int)
    assert settings.seed == 2 and settings.weighting == "ahp"
    texts = ("must_fund", "must_not_fund", "depends_on", "exclusive", "programme_shares")
    assert settings.constraint_texts() == dict.fromkeys((*texts, "yearly_budgets"), "")
    # Every parameter of notebook 04 that the analysis uses is a setting, with its default.
    cell = next(
        c for c in nbformat.read(NOTEBOOK, 4).cells if "parameters" in c.metadata.get("tags", [])
    )
    defaults = {
        node.target.id: ast.literal_eval(node.value)
        for node in ast.parse(cell.source).body
        if isinstance(node, ast.AnnAssign)
    }
    built = portfolio.ReviewSettings.from_parameters(defaults)
    assert built == portfolio.ReviewSettings()
    unused = set(defaults) - set(portfolio.ReviewSettings.__dataclass_fields__)
    assert unused == {"data", "currency", "csv_style"}


def test_results_record_the_figures_the_notebook_recorded(review):
    _, ranked, orders, quadrants, funding, frontier, robustness = review
    assert _shape(ranked.recorded()) == RANKING_FIGURES
    assert _shape(orders.recorded()) == ORDER_FIGURES
    assert _shape(quadrants.recorded()) == QUADRANT_FIGURES
    assert _shape(funding.recorded()) == FUNDING_FIGURES
    assert _shape(frontier.recorded()) == FRONTIER_FIGURES
    assert _shape(robustness.recorded()) == ROBUSTNESS_FIGURES


def test_review_steps_agree_with_the_library_called_directly(review):
    org, _, orders, quadrants, funding, _, robustness = review
    # The same ranking and selection from the building blocks, with the same settings.
    weights = drivers.weigh_drivers(org, "ahp").leaves
    ranking = portfolio.rank_by_value(org, weights, risk_adjusted=True, as_of="2026-09-30")
    values, costs = candidate_inputs(ranking)
    expected = portfolio.select_projects(values, costs, 20e6, must_fund=ranking.mandatory_open)
    figures = {f.name: f.value for f in funding.recorded()}
    assert figures["funded_ids"] == sorted(expected.selected)
    assert figures["funded_value"] == pytest.approx(expected.total_value)
    duty_cost = ranking.table.loc[list(ranking.mandatory_open), "remaining_cost"].sum()
    assert figures["mandatory_cost"] == pytest.approx(duty_cost)
    counts = {f.name: f.value for f in quadrants.recorded()}
    assert sum(counts[f"n_{q}"] for q in portfolio.QUADRANTS) + counts[
        "n_mandatory_low_value"
    ] == len(ranking.active)
    assert orders.movers_shown == 5
    verdicts = {f.name: f.value for f in robustness.recorded()}
    assert verdicts["n_core"] + verdicts["n_borderline"] + verdicts["n_out"] == len(costs)


def test_views_return_one_block_each_and_escape_dataset_text(review):
    _, ranked, orders, quadrants, funding, frontier, robustness = review
    blocks = [
        views.criteria_table(ranked),
        views.ranking_table(ranked),
        views.movers_table(orders),
        views.quadrant_table(quadrants),
        views.decision_notes(funding),
        views.decision_tables(funding),
        views.frontier_notes(frontier),
        views.current_against_best(funding),
        views.borderline_table(robustness),
    ]
    assert all(b.data.strip() for b in blocks)
    assert "Criteria and their weights (ahp weighting)" in blocks[0].data
    assert "Mandatory work first." in blocks[4].data
    assert "04_portfolio_reranked_portfolio.csv" in blocks[3].data
    assert "Budget: <strong>" in blocks[4].data
    assert not funding.has_money_limits
    assert "<script" not in "".join(b.data for b in blocks)


def test_notebook_04_calls_then_shows():
    nb = nbformat.read(NOTEBOOK, 4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    lines = [line for source in code for line in source.splitlines() if line.strip()]
    assert len(lines) <= 150
    text = "\n".join(code)
    for banned in ("def ", "<p>", "<strong>", "HTML(", ".astype(", "labels=", "caption="):
        assert banned not in text, banned
    assert sum("parameters" in c.metadata.get("tags", []) for c in nb.cells) == 1
    assert "set_currency(currency)" in text
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_the_live_panel_and_its_static_stand_in_come_from_the_frontier_review(review, monkeypatch):
    import IPython.display

    import vmo_lib.portfolio.funding.model as selection_model
    from vmo_lib.portfolio import widgets

    _, ranked, _, _, funding, frontier, _ = review
    panel = widgets.live_panel(frontier)
    sliders = panel.children[0].children[0].children
    names = set(ranked.driver_names.reindex(ranked.ranking.criteria.weights.index).str[:28])
    assert {s.description for s in sliders} == names
    budget = panel.children[0].children[1].children[0]
    assert budget.value == pytest.approx(round(funding.decision.budget / 1e6, 2))

    def failing(*args, **kwargs):
        raise AssertionError("the static stand-in must not solve")

    monkeypatch.setattr(selection_model, "_milp", failing)
    shown: list[object] = []
    monkeypatch.setattr(IPython.display, "display", lambda *objects: shown.extend(objects))
    widgets.static_panel(frontier)  # shows the decision already taken, nothing solved
    summary = shown[0].data  # type: ignore[attr-defined]
    assert f"{len(funding.selection.selected)} of {len(funding.funded)} projects funded" in summary
    assert "Top 10 projects open to funding" in shown[1].data  # type: ignore[attr-defined]


def test_max_deferral_is_a_whole_number_of_periods():
    settings = portfolio.ReviewSettings.from_parameters({"max_deferral": 2.0})
    assert settings.max_deferral == 2 and isinstance(settings.max_deferral, int)
    assert portfolio.ReviewSettings().max_deferral == 0


def test_the_weights_come_from_the_weighting_choice_notebook_02_makes(review):
    org, ranked, *_ = review
    choice = drivers.choose_weighting(org, "ahp")
    assert ranked.weighting_reason == choice.reason
    assert ranked.weights.leaves.equals(choice.weights.leaves)
    # ... and from the same weights as before the choice existed: the numbers do not move.
    assert ranked.weights.leaves.equals(drivers.weigh_drivers(org, "ahp").leaves)
    shown = views.criteria_table(ranked).data
    assert shown.index("weighting setting asks") < shown.index("Criteria and")
    points = portfolio.rank_portfolio(org, portfolio.ReviewSettings(weighting="points"))
    assert "direct points" in points.weighting_reason


def test_why_in_why_out_runs_without_resource_tables(review, tmp_path):
    from dataclasses import replace

    import pandas as pd

    org, *_ = review
    bare = replace(org, missing=(*org.missing, "resource_demand", "resource_capacity"))
    settings = portfolio.ReviewSettings(budget=20e6, output_dir=str(tmp_path))
    funding = portfolio.fund_portfolio(portfolio.rank_portfolio(bare, settings))
    why = portfolio.explain_funding(funding)
    table = why.explanation
    assert not why.within_capacity and "starts" not in table
    assert set(table.index[table["funded"]]) == set(funding.selection.selected)
    assert not table["reason"].str.startswith("capacity").any()
    # Exact against a forced solve: the value lost by forcing a project the other way.
    project = table[table["explained"]]["forced_change"].idxmin()
    forced = {"must_not_fund" if table.loc[project, "funded"] else "must_fund": [project]}
    kwargs = funding.kwargs
    for key, ids in forced.items():
        kwargs[key] = [*kwargs.get(key, ()), *ids]
    other = portfolio.select_projects(funding.values, funding.costs, 20e6, **kwargs)
    lost = funding.selection.total_value - other.total_value
    assert table.loc[project, "forced_change"] == pytest.approx(lost, abs=1e-6)
    html = views.explanation(why).data
    assert "funding decision above (money limits)" in html and "Borderline projects" in html
    views.explanation_export(why)
    written = pd.read_csv(tmp_path / "04_portfolio_why_in_why_out.csv")
    assert len(written) == len(table) and "Why" in written.columns
    figures = {f.name: f.value for f in why.recorded()}
    assert figures["n_break_even_explained"] == int(table["explained"].sum())
    with pytest.raises(portfolio.capacity_review.MissingResourceTables):
        portfolio.review_capacity(funding, bare)


def test_show_panel_is_the_static_stand_in_when_headless(review, monkeypatch):
    from vmo_lib.portfolio import widgets

    *_, frontier, _ = review
    calls: list[str] = []
    monkeypatch.setenv("VMO_HEADLESS", "1")
    monkeypatch.setattr(widgets, "static_panel", lambda r: calls.append("static"))
    monkeypatch.setattr(widgets, "live_panel", lambda r: calls.append("live"))
    widgets.show_panel(frontier)
    assert calls == ["static"]
