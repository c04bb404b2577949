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
