"""Current portfolio against the optimum at the same budget; decisions; parsing of id lists."""

from __future__ import annotations

import pandas as pd
import pytest

from vmo_lib import drivers, portfolio
from vmo_lib.data import load_organisation
from vmo_lib.portfolio.decision import (
    candidate_inputs,
    compare_with_current,
    decision_text,
    parse_ids,
)


@pytest.fixture(scope="module")
def ranking():
    org = load_organisation("harbourline")
    return portfolio.rank_by_value(org, drivers.leaf_weights(org), risk_adjusted=True)


def test_current_portfolio_is_approved_and_in_flight_at_its_own_cost(ranking):
    result = compare_with_current(ranking)
    projects = pd.read_csv("datasets/harbourline/projects.csv")
    current = projects.loc[projects["stage"].isin(["approved", "in flight"]), "project_id"]
    assert sorted(result.current) == sorted(current)
    values, costs = candidate_inputs(ranking)
    assert result.budget == pytest.approx(costs.loc[list(current)].sum())
    assert result.current_value == pytest.approx(values.loc[list(current)].sum())
    # The current portfolio fits its own budget, so the optimum is worth at least as much.
    assert result.optimal_value >= result.current_value - 1e-9
    assert result.optimal_cost <= result.budget * (1 + 1e-9)
    added = set(result.moves.index[result.moves["change"] == "added"])
    dropped = set(result.moves.index[result.moves["change"] == "dropped"])
    assert added == set(result.optimal) - set(result.current)
    assert dropped == set(result.current) - set(result.optimal)
    assert result.value_gained == pytest.approx(
        values.loc[list(added)].sum() - values.loc[list(dropped)].sum()
    )


def test_must_fund_keeps_a_low_value_project(ranking):
    lowest = ranking.active.index[-1]
    result = compare_with_current(ranking, constraints={"must_fund": (lowest,)})
    assert lowest in result.optimal


def test_decision_words_by_stage():
    assert [decision_text(s, f) for s in ("in flight", "approved", "proposed") for f in (1, 0)] == [
        "continue",
        "stop",
        "start",
        "cancel",
        "approve",
        "do not approve",
    ]
    assert decision_text("closed", False) == "closed"


def test_parse_ids_lists_unknown_ids():
    known = pd.Index(["P-01", "P-02"])
    assert parse_ids(" P-01 ;P-02,", known, "must_fund") == ("P-01", "P-02")
    assert parse_ids("", known, "must_fund") == ()
    with pytest.raises(
        ValueError, match="must_not_fund: no project open to funding with id 'P-99'"
    ):
        parse_ids("P-01, P-99", known, "must_not_fund")


# --- Mandatory and not-scored projects (issue 15) ------------------------------------------

UNSCORED = ("P-02", "P-05", "P-12")  # in flight, proposed, closed
DUTIES = ("P-46", "P-47", "P-45")  # ICS2 and NIS2 (in flight), GDPR clean-up (closed)


def _org_with(unscored=(), duties=None, column=True):
    """The case study with some projects' contributions removed and a ``mandatory`` column
    (values as a user may type them), whatever the bundled data holds."""
    from dataclasses import replace

    org = load_organisation("harbourline")
    projects = org.projects.drop(columns=["mandatory"], errors="ignore")
    if column:
        flags = projects["project_id"].isin(duties or ())
        projects = projects.assign(mandatory=flags.map({True: "yes", False: ""}))
    contributions = org.project_contributions
    contributions = contributions[~contributions["project_id"].isin(unscored)]
    return replace(org, projects=projects, project_contributions=contributions)


def test_mandatory_flags_read_booleans_and_words():
    from vmo_lib.portfolio.value import mandatory_flags

    projects = pd.DataFrame(
        {"project_id": list("ABCDE"), "mandatory": ["yes", "No", None, "TRUE", "1"]}
    )
    assert mandatory_flags(projects).tolist() == [True, False, False, True, True]
    booleans = pd.DataFrame({"project_id": ["A", "B"], "mandatory": [True, False]})
    assert mandatory_flags(booleans).tolist() == [True, False]
    assert not mandatory_flags(projects.drop(columns="mandatory")).any()


def test_projects_without_scores_are_set_apart_never_scored_zero_or_stopped():
    from vmo_lib.portfolio import review
    from vmo_lib.portfolio.decision import NOT_SCORED_DECISION, funded_table

    full = load_organisation("harbourline")
    weights = drivers.leaf_weights(full)
    org = _org_with(unscored=UNSCORED, column=False)
    ranking = portfolio.rank_by_value(org, weights, risk_adjusted=True)
    table = ranking.table
    assert table.loc[list(UNSCORED), "value_score"].isna().all()
    assert table.loc[list(UNSCORED), "value_rank"].isna().all()
    assert not table.loc[list(UNSCORED), "scored"].any()
    assert list(table.index[-3:]) == sorted(UNSCORED, key=lambda p: table.loc[p, "legacy_priority"])
    # The others keep the scores they have in the full data (weighted sum is per project).
    reference = portfolio.rank_by_value(full, weights, risk_adjusted=True).table
    others = table.index[table["scored"]]
    pd.testing.assert_series_equal(
        table.loc[others, "value_score"], reference.loc[others, "value_score"]
    )
    # Ranks 1..n over the scored projects only.
    assert sorted(table.loc[others, "value_rank"]) == sorted(
        reference.loc[others, "value_score"].rank(ascending=False, method="min").astype(int)
    )
    # Not candidates of the selection, not in the current portfolio, never told to stop.
    values, _ = candidate_inputs(ranking)
    assert not set(UNSCORED) & set(values.index)
    comparison = compare_with_current(ranking)
    assert not set(UNSCORED) & set(comparison.current)
    decided = funded_table(ranking, comparison.optimal)
    assert decided.loc["P-02", "decision"] == NOT_SCORED_DECISION
    assert decided.loc["P-05", "decision"] == NOT_SCORED_DECISION
    quadrants = review.quadrant_view(ranking, 20.0, 60.0)
    assert (quadrants.loc[["P-02", "P-05"], "quadrant"] == "not scored").all()
    # The default high-value line is the median of the scored open projects.
    scored_open = ranking.active.loc[ranking.active["scored"], "value_score"]
    threshold = review.resolve_value_threshold(ranking.active["value_score"], 0)
    assert threshold == pytest.approx(scored_open.median())
    # Never a mover: the rank comparison leaves them out.
    legacy = portfolio.compare_rankings(table["legacy_priority"], table["value_rank"])
    assert legacy.n == len(table) - len(UNSCORED)
    assert not set(UNSCORED) & set(legacy.movers.index)
    assert ranking.decision_stages()["P-02"] == "in flight and not scored"


def test_topsis_ideal_ignores_projects_without_scores():
    from vmo_lib.portfolio.scoring import build_criteria, score_samples

    matrix = pd.DataFrame({"D1": [5.0, 1.0, 0.0], "D2": [1.0, 4.0, 0.0]}, index=list("ABZ"))
    weights = pd.Series({"D1": 0.5, "D2": 0.5})
    scored = pd.Series([True, True, False], index=list("ABZ"))
    with_z = score_samples(build_criteria(matrix, weights, scored=scored), method="topsis")
    alone = score_samples(build_criteria(matrix.loc[["A", "B"]], weights), method="topsis")
    assert with_z[:2] == pytest.approx(alone)
    assert with_z[2] == 0.0
    # By hand: norms sqrt(26), sqrt(17); A is ideal on D1, B on D2, symmetric distances.
    assert alone == pytest.approx([100 * _closeness(0), 100 * _closeness(1)])


def _closeness(i):
    import numpy as np

    r = np.array([[5, 1], [1, 4]]) / np.sqrt([26.0, 17.0])
    v = 0.5 * r
    best, worst = v.max(axis=0), v.min(axis=0)
    plus, minus = np.linalg.norm(v[i] - best), np.linalg.norm(v[i] - worst)
    return minus / (plus + minus)


def test_mandatory_projects_are_funded_first_and_never_stopped():
    from vmo_lib.portfolio import review, views
    from vmo_lib.portfolio.decision import MANDATORY_DECISION, decide, funded_table
    from vmo_lib.portfolio.funding import constraints

    org = _org_with(duties=DUTIES)
    ranking = portfolio.rank_by_value(org, drivers.leaf_weights(org), risk_adjusted=True)
    assert set(ranking.mandatory_open) == {"P-46", "P-47"}  # P-45 is closed
    rules = constraints.parse_constraints(ranking.candidates, mandatory=ranking.mandatory_open)
    assert set(rules.selection_kwargs()["must_fund"]) == {"P-46", "P-47"}
    duty_cost = float(ranking.table.loc[["P-46", "P-47"], "remaining_cost"].sum())
    budget = duty_cost + 2_000_000
    funding = decide(ranking, budget, rules)
    assert {"P-46", "P-47"} <= set(funding.selection.selected)
    assert funding.selection.total_cost <= budget + 1e-6
    # The rest of the money buys the best value among the others (brute-force check by the
    # selection itself at the budget left).
    values, costs = candidate_inputs(ranking)
    rest = values.index.difference(["P-46", "P-47"])
    best_rest = portfolio.select_projects(values[rest], costs[rest], budget - duty_cost)
    assert funding.selection.total_value == pytest.approx(
        best_rest.total_value + values[["P-46", "P-47"]].sum()
    )
    sentence = views.mandatory_html(ranking, rules, budget, currency="GBP")
    assert "off the top" in sentence and "GBP" in sentence and "EUR" not in sentence
    # Low-value mandatory projects are never in the rethink or stop quadrant.
    quadrants = review.quadrant_view(ranking, 1000.0, 60.0)  # every project "low value"
    assert (quadrants.loc[["P-46", "P-47"], "quadrant"] == "mandatory").all()
    # Mandatory-first off: a duty not funded by value reads "fund, minimise cost".
    free = constraints.parse_constraints(ranking.candidates)
    tight = decide(ranking, 1.0, free)
    decided = funded_table(ranking, tight.selection.selected)
    assert (decided.loc[["P-46", "P-47"], "decision"] == MANDATORY_DECISION).all()
    assert "stop" not in set(decided.loc[["P-46", "P-47"], "decision"])
    # An explicit must_not_fund wins over the mandatory flag.
    out = constraints.parse_constraints(
        ranking.candidates, must_not_fund="P-46", mandatory=ranking.mandatory_open
    )
    assert out.mandatory == ("P-47",)


def test_a_mandatory_project_without_scores_is_funded_with_value_zero():
    org = _org_with(unscored=("P-47",), duties=("P-47",))
    ranking = portfolio.rank_by_value(org, drivers.leaf_weights(org))
    values, costs = candidate_inputs(ranking)
    assert values["P-47"] == 0.0 and "P-47" in costs.index
    assert pd.isna(ranking.table.loc["P-47", "value_score"])


def test_judgement_warning_names_inconsistent_and_extreme_only_executives():
    from dataclasses import replace

    from vmo_lib.portfolio.review import extreme_only_executives
    from vmo_lib.portfolio.views import judgement_warning_html as judgement_warning

    org = load_organisation("harbourline")
    weights = drivers.weigh_drivers(org, "ahp")
    flagged = weights.flagged()
    assert list(flagged["executive"]) == ["CIO"]  # CR 0.82 on the objectives
    text = judgement_warning(weights, org.driver_judgements)
    assert "CIO on the strategic objectives (CR 0.82, kept in the weights)" in text
    excluded = drivers.weigh_drivers(org, "ahp", exclude_inconsistent=True)
    assert "CR 0.82, left out" in judgement_warning(excluded, org.driver_judgements)
    assert judgement_warning(drivers.weigh_drivers(org, "points"), org.driver_judgements) == ""
    # The CFO answers only 1 and 9 (either way round).
    judgements = org.driver_judgements.copy()
    cfo = judgements["executive"] == "CFO"
    extreme = [9.0, 1 / 9, 1.0]
    judgements.loc[cfo, "judgement"] = [extreme[i % 3] for i in range(int(cfo.sum()))]
    assert extreme_only_executives(judgements) == ("CFO",)
    with_cfo = drivers.weigh_drivers(replace(org, driver_judgements=judgements), "ahp")
    assert "CFO answered only 1 (equal) and 9 (extreme)" in judgement_warning(with_cfo, judgements)


def test_infeasible_constraints_fall_back_to_the_mandatory_projects_only():
    from vmo_lib.portfolio import views
    from vmo_lib.portfolio.decision import decide
    from vmo_lib.portfolio.funding import constraints

    org = _org_with(duties=DUTIES)
    ranking = portfolio.rank_by_value(org, drivers.leaf_weights(org))
    costs = ranking.candidates["remaining_cost"]
    duty_cost = float(costs[["P-46", "P-47"]].sum())
    dearest = str(costs.drop(["P-46", "P-47"]).idxmax())
    budget = duty_cost + 0.5 * float(costs[dearest])  # the forced project cannot fit
    rules = constraints.parse_constraints(
        ranking.candidates, must_fund=dearest, mandatory=ranking.mandatory_open
    )
    funding = decide(ranking, budget, rules)
    assert funding.infeasible and dearest in funding.note
    assert set(funding.rules.mandatory) == {"P-46", "P-47"} and funding.rules.must_fund == ()
    assert {"P-46", "P-47"} <= set(funding.selection.selected)
    assert dearest not in funding.selection.selected
    assert "only the mandatory projects forced in" in views.infeasible_html(
        funding.note, funding.rules
    )
    # When even the mandatory projects do not fit, nothing is forced.
    broke = decide(ranking, duty_cost / 2, rules)
    assert broke.infeasible and broke.rules.mandatory == ()


def test_not_scored_note_counts_open_duties_apart():
    from vmo_lib.portfolio.views import not_scored_html as not_scored_note

    org = _org_with(unscored=("P-02", "P-05", "P-47", "P-12"), duties=("P-47",))
    ranking = portfolio.rank_by_value(org, drivers.leaf_weights(org))
    note = not_scored_note(ranking, currency="GBP")
    assert "4 project(s) have no value scores" in note
    assert "1 of them is an open mandatory project" in note
    open_cost = ranking.table.loc[["P-02", "P-05"], "remaining_cost"].sum()
    assert "The other 2 still open need" in note
    from vmo_lib.display.tables import money_short_text

    assert money_short_text(open_cost, "GBP") in note
    assert not_scored_note(portfolio.rank_by_value(_org_with(), drivers.leaf_weights(org))) == ""
