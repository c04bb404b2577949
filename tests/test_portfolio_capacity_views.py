"""Demand against capacity (table, heatmap, notes) and the explanation's views and export."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vmo_lib.display.theme import set_theme
from vmo_lib.portfolio.charts import capacity_heatmap
from vmo_lib.portfolio.funding.capacity import binding_resources, capacity_use
from vmo_lib.portfolio.funding.explain import explain_selection
from vmo_lib.portfolio.views.capacity import capacity_notes
from vmo_lib.portfolio.views.explanation import (
    explanation_notes,
    explanation_table,
    export_explanation,
)

DEMAND = pd.DataFrame(
    [
        ("A", 2027, "Architects", 2.0),
        ("A", 2028, "Architects", 1.0),
        ("B", 2027, "Architects", 1.5),
        ("B", 2027, "<b>Data</b>", 3.0),
        ("C", 2029, "Architects", 4.0),
    ],
    columns=["project_id", "period", "resource", "amount"],
)
CAPACITY = pd.DataFrame(
    [(2027, "Architects", 3.0), (2028, "Architects", 2.5), (2027, "<b>Data</b>", 3.0)],
    columns=["period", "resource", "amount"],
)


def test_capacity_use_adds_up_the_funded_projects_by_hand():
    use = capacity_use(DEMAND, CAPACITY, ["A", "B"]).set_index(["resource", "period"])
    assert use.loc[("Architects", 2027), ["demand", "capacity"]].tolist() == [3.5, 3.0]
    assert bool(use.loc[("Architects", 2027), "over"])
    assert use.loc[("Architects", 2028), "use"] == pytest.approx(1.0 / 2.5)
    assert use.loc[("<b>Data</b>", 2027), "use"] == 1.0
    assert ("Architects", 2029) not in use.index  # C is not funded, 2029 has no capacity
    with_c = capacity_use(DEMAND, CAPACITY, ["C"]).set_index(["resource", "period"])
    assert with_c.loc[("Architects", 2029), "demand"] == 4.0
    assert np.isnan(with_c.loc[("Architects", 2029), "use"])
    assert with_c.loc[("Architects", 2027), "demand"] == 0.0


def test_capacity_use_moves_deferred_demand():
    use = capacity_use(DEMAND, CAPACITY, ["A", "B"], start_delay={"A": 1, "B": pd.NA})
    use = use.set_index(["resource", "period"])
    assert use.loc[("Architects", 2027), "demand"] == 1.5
    assert use.loc[("Architects", 2028), "demand"] == 2.0
    assert use.loc[("Architects", 2029), "demand"] == 1.0
    assert binding_resources(use.reset_index()) == [("<b>Data</b>", 2027)]


def test_heatmap_labels_every_cell_and_hatches_the_ones_over_capacity():
    set_theme()
    current = capacity_use(DEMAND, CAPACITY, ["A", "B", "C"])
    recommended = capacity_use(DEMAND, CAPACITY, ["A"])
    fig = capacity_heatmap({"Current portfolio": current, "Recommended": recommended})
    first, second = fig.axes[0], fig.axes[1]
    texts = [t.get_text() for t in first.texts]
    assert "3.5 / 3 over" in texts and "3 / 3" in texts and "4 / -" in texts
    assert sum(bool(p.get_hatch()) for p in first.patches) == 1
    assert [t.get_text() for t in first.get_xticklabels()] == ["2027", "2028", "2029"]
    assert "2 / 3" in [t.get_text() for t in second.texts]
    assert second.get_title() == "Recommended"


def test_capacity_notes_name_the_binding_resource_and_escape_it():
    recommended = capacity_use(DEMAND, CAPACITY, ["B"])
    current = capacity_use(DEMAND, CAPACITY, ["A", "B"])
    html = capacity_notes(recommended, current).data
    assert "&lt;b&gt;Data&lt;/b&gt; in 2027" in html and "<b>Data" not in html
    assert "needs more than there is in 1 resource-period: Architects in 2027" in html
    assert "bind for the recommended portfolio" in html
    assert "3.5 FTE of Architects needed in 2027 against 3.0" in html


def _explained():
    values = pd.Series({"A": 10.0, "B": 6.0, "C": 5.0, "=D": 4.0})
    costs = pd.Series({"A": 3.0, "B": 2.0, "C": 2.0, "=D": 2.0})
    return values, explain_selection(values, costs, 5.0)


def test_explanation_table_and_notes_show_the_borderline_projects_in_words():
    values, table = _explained()
    html = explanation_table(table, values, n=1).to_html()
    assert "Break-even value score" in html and "the 1 of 4 with the least value at stake" in html
    notes = explanation_notes(table, {"C": 1.5}, n=2, currency="GBP").data
    assert "comes in if its value score reaches" in notes
    assert "GBP 1.5M" not in notes or "C comes in" in notes
    assert "solving the portfolio again" in notes


def test_export_writes_every_project_neutralised(tmp_path):
    values, table = _explained()
    csv, xlsx = export_explanation(table, values, tmp_path)
    frame = pd.read_csv(csv)
    assert len(frame) == 4 and "Why" in frame.columns
    assert "'=D" in frame["Project"].tolist()  # a formula-like id is neutralised
    assert pd.read_excel(xlsx).shape[0] == 4


def test_current_and_recommended_panels():
    from vmo_lib.portfolio.funding.capacity import current_and_recommended

    panels = current_and_recommended(DEMAND, CAPACITY, ["A", "B"], ["A"], {"A": 1})
    current, recommended = panels.values()
    assert current.set_index(["resource", "period"]).loc[("Architects", 2027), "demand"] == 3.5
    moved = recommended.set_index(["resource", "period"])["demand"]
    assert moved[("Architects", 2028)] == 2.0 and moved[("Architects", 2029)] == 1.0


def test_capacity_review_of_the_case_study_matches_a_direct_selection():
    from vmo_lib.data import load_organisation
    from vmo_lib.portfolio import (
        ReviewSettings,
        explain_funding,
        fund_portfolio,
        rank_portfolio,
        review_capacity,
    )
    from vmo_lib.portfolio.funding.select import select_projects

    org = load_organisation("harbourline")
    funding = fund_portfolio(rank_portfolio(org, ReviewSettings(analysis_time_limit=30)))
    people = review_capacity(funding, org)
    kwargs = funding.kwargs
    demand = org.resource_demand[org.resource_demand["project_id"].isin(funding.values.index)]
    direct = select_projects(
        funding.values,
        funding.costs,
        funding.decision.budget,
        resource_demand=demand,
        resource_capacity=org.resource_capacity,
        **kwargs,
    )
    assert people.decision.selection.total_value == pytest.approx(direct.total_value)
    assert people.value_lost > 0  # the case study's skills bind
    assert people.binding and all(
        r in set(org.resource_capacity["resource"]) for r, _ in people.binding
    )
    use = list(people.uses.values())[-1]
    assert (use["demand"] <= use["capacity"] + 1e-9).all()
    figures = {f.name: f.value for f in people.recorded()}
    assert figures["n_funded_within_capacity"] == direct.n_selected
    assert figures["deferred_starts"] == {}  # max_deferral 0: every project on time
    why = explain_funding(funding, people)
    assert why.within_capacity and len(why.cost_break_evens) == 5
    table = why.explanation
    assert set(table.index[table["funded"]]) == set(map(str, direct.selected))
    # A funded project starts in its planned year; a project left out has no start.
    starts = pd.to_datetime(org.projects.set_index("project_id")["start_date"]).dt.year
    funded = table[table["funded"]]
    assert (funded["starts"] == starts.reindex(funded.index)).all()
    assert table.loc[~table["funded"], "starts"].isna().all()


def test_deferred_starts_say_when_each_funded_project_starts():
    from vmo_lib.data import load_organisation
    from vmo_lib.portfolio import ReviewSettings, fund_portfolio, rank_portfolio, review_capacity
    from vmo_lib.portfolio.funding.select import select_projects
    from vmo_lib.portfolio.views import capacity_summary, start_table

    org = load_organisation("harbourline")
    ranked = rank_portfolio(org, ReviewSettings(max_deferral=1))
    funding = fund_portfolio(ranked)
    late = review_capacity(funding, org)
    on_time = review_capacity(funding, org, max_deferral=0)
    assert late.max_deferral == 1 and on_time.max_deferral == 0
    # Deferring can only help: every on-time portfolio is still allowed.
    assert late.decision.selection.total_value >= on_time.decision.selection.total_value - 1e-9
    candidates = ranked.ranking.candidates
    not_started = candidates.index[candidates["stage"].isin(["proposed", "approved"])]
    demand = org.resource_demand[org.resource_demand["project_id"].isin(funding.values.index)]
    direct = select_projects(
        funding.values,
        funding.costs,
        funding.decision.budget,
        resource_demand=demand,
        resource_capacity=org.resource_capacity,
        max_deferral=1,
        deferrable=[p for p in not_started if p not in set(ranked.rules.forced_in)],
        **funding.kwargs,
    )
    assert late.decision.selection.total_value == pytest.approx(direct.total_value)
    starts = late.starts
    assert set(starts.index) == set(map(str, late.decision.selection.selected))
    assert (starts["starts"] == starts["planned_start"] + starts["start_delay"]).all()
    assert set(starts.index[starts["start_delay"] > 0]) <= set(not_started)
    use = list(late.uses.values())[-1]  # demand moved by the delays stays within capacity
    assert (use["demand"] <= use["capacity"].fillna(np.inf) + 1e-9).all()
    recorded = {f.name: f.value for f in late.recorded()}
    assert recorded["deferred_starts"] == {
        p: int(d) for p, d in starts["start_delay"].items() if d > 0
    }
    summary = capacity_summary(late).data
    assert "may start up to 1 year later" in summary
    table = start_table(late).data
    deferred = starts.index[starts["start_delay"] > 0]
    assert len(deferred) > 0 and f"{len(deferred)} of the funded projects start late" in summary
    assert all(p in table for p in deferred)
    assert not any(f">{p}<" in table for p in starts.index.difference(deferred))
    assert "Starts (year)" in table and "2,0" not in table  # years without separators
    assert start_table(on_time).data == ""
