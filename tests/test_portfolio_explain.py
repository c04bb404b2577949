"""explain_selection: reasons, forced changes and break-even values, against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from tests.test_portfolio_capacity import brute_force, feasible, kwargs, random_case
from vmo_lib.portfolio.funding.explain import BUDGET_REASON, explain_selection
from vmo_lib.portfolio.funding.explain_text import cost_break_even, steering_sentences
from vmo_lib.portfolio.funding.select import select_projects


def _brute(case: dict) -> float:
    """Best value by brute force with the projects of ``must_fund`` funded."""
    must = set(case.get("must_fund", ()))
    values = case["values"]
    best = -np.inf
    ids = list(values.index)
    for choice in itertools.product((False, True), repeat=len(ids)):
        plan = {p: 0 for p, c in zip(ids, choice, strict=True) if c}
        if must <= set(plan) and feasible(case, plan):
            best = max(best, float(values[list(plan)].sum()))
    return best


@pytest.mark.parametrize("seed", range(6))
def test_forced_change_and_break_even_match_brute_force(seed):
    case = random_case(seed, n=8)
    table = explain_selection(case["values"], case["costs"], case["budget"], **kwargs(case))
    top = brute_force(case)
    assert table.attrs["total_value"] == pytest.approx(top)
    assert table.attrs["status"] == "optimal" and table["explained"].all()
    for pid, row in table.iterrows():
        opposite = _brute(dict(case, must_fund=[pid])) if not row.funded else _brute_out(case, pid)
        expected = top - opposite if np.isfinite(opposite) else np.inf
        assert row.forced_change == pytest.approx(expected, abs=1e-9), pid
        value = case["values"][pid]
        sign = -1 if row.funded else 1
        assert row.break_even_value == pytest.approx(value + sign * expected, abs=1e-9)


def _brute_out(case: dict, project: str) -> float:
    """Best value by brute force with ``project`` left out (everything else unchanged)."""
    ids = list(case["values"].index)
    best = -np.inf
    for choice in itertools.product((False, True), repeat=len(ids)):
        plan = {p: 0 for p, c in zip(ids, choice, strict=True) if c}
        if project not in plan and feasible(case, plan):
            best = max(best, float(case["values"][list(plan)].sum()))
    return best


@pytest.mark.parametrize("seed", [1, 4])
def test_break_even_values_flip_the_decision(seed):
    case = random_case(seed, n=8)
    table = explain_selection(case["values"], case["costs"], case["budget"], **kwargs(case))
    for pid, row in table[np.isfinite(table["break_even_value"])].iterrows():
        for step, expect in ((1e-6, True), (-1e-6, False)):
            values = case["values"].copy()
            values[pid] = row.break_even_value + step * (1 + abs(row.break_even_value))
            pick = select_projects(values, case["costs"], case["budget"], **kwargs(case))
            assert (pid in pick.selected) is expect, (pid, step)


def test_reasons_in_plain_words():
    values = pd.Series({"A": 10.0, "B": 2.0, "C": 9.0, "D": 8.0, "E": 7.0, "F": np.nan, "G": 1.0})
    costs = pd.Series({"A": 4.0, "B": 1.0, "C": 3.0, "D": 3.0, "E": 3.0, "F": 1.0, "G": 1.0})
    demand = pd.DataFrame(
        [("E", 2028, "Data engineers", 2.0), ("A", 2028, "Data engineers", 2.0)],
        columns=["project_id", "period", "resource", "amount"],
    )
    capacity = pd.DataFrame(
        [(2028, "Data engineers", 3.0)], columns=["period", "resource", "amount"]
    )
    table = explain_selection(
        values,
        costs,
        9.0,
        mandatory=["G"],
        requires=[("B", "E")],
        exclusive=[["C", "D"]],
        resource_demand=demand,
        resource_capacity=capacity,
    )
    reasons = table["reason"].to_dict()
    assert reasons["G"] == "mandatory"
    assert reasons["F"] == "not scored" and not table.loc["F", "funded"]
    assert reasons["B"] == "needs E, which is out"
    assert reasons["D"] == "exclusive with C"
    assert reasons["E"] == "capacity: Data engineers in 2028"
    assert reasons["A"] == "good value for the money" and reasons["C"] == "good value for the money"
    assert table.loc["E", "forced_change"] > 0
    cheap = explain_selection(values.drop("F"), costs.drop("F"), 5.0)
    assert cheap.loc[~cheap["funded"], "reason"].str.startswith(BUDGET_REASON).all()
    assert (
        cheap.loc["A", "reason"]
        == BUDGET_REASON + " (a tie: an equally valuable portfolio funds it)"
    )
    assert cheap.loc["A", "forced_change"] == 0


def test_deferred_starts_are_explained_with_their_delay():
    case = random_case(2, n=6)
    table = explain_selection(
        case["values"], case["costs"], case["budget"], max_deferral=1, **kwargs(case)
    )
    pick = select_projects(
        case["values"], case["costs"], case["budget"], max_deferral=1, **kwargs(case)
    )
    assert table.attrs["total_value"] == pytest.approx(brute_force(case, 1))
    assert set(table.index[table["funded"]]) == set(pick.selected) or table.attrs[
        "total_value"
    ] == pytest.approx(pick.total_value)
    assert table.loc[table["funded"], "start_delay"].notna().all()


def test_large_portfolios_explain_the_borderline_projects_and_say_so():
    rng = np.random.default_rng(0)
    ids = [f"P-{i:03d}" for i in range(120)]
    values = pd.Series(rng.uniform(1, 50, 120), index=ids)
    costs = pd.Series(rng.uniform(1, 10, 120), index=ids)
    table = explain_selection(values, costs, costs.sum() / 3, max_explained=10)
    assert table["explained"].sum() == 10
    assert "10 of the 120 projects" in table.attrs["note"]
    explained = table[table["explained"]]
    ratio = values / costs
    cut = ratio[table["funded"]].min()
    far = (np.log(ratio / cut).abs()).sort_values().index[:10]
    assert set(explained.index) == set(far)
    assert table.loc[~table["explained"], "forced_change"].isna().all()


def exact_cost_break_even(case: dict, project: str, target: float) -> float:
    """Brute force: the budget left for ``project`` by the cheapest feasible set holding it
    that is worth at least ``target`` (so its highest cost keeping it in)."""
    ids = list(case["values"].index)
    cheapest = np.inf
    for choice in itertools.product((False, True), repeat=len(ids)):
        plan = {p: 0 for p, c in zip(ids, choice, strict=True) if c}
        if project not in plan or case["values"][list(plan)].sum() < target - 1e-9:
            continue
        free = dict(case, costs=case["costs"].where(case["costs"].index != project, 0.0))
        if feasible(free, plan):
            cheapest = min(
                cheapest, float(case["costs"][list(plan)].sum() - case["costs"][project])
            )
    return case["budget"] - cheapest


@pytest.mark.parametrize("seed", [0, 3])
def test_cost_break_even_matches_brute_force(seed):
    case = random_case(seed, n=7)
    case["yearly_budgets"] = {}  # money capped by the budget only: the bisection is exact
    table = explain_selection(case["values"], case["costs"], case["budget"], **kwargs(case))
    top = brute_force(case)
    checked = 0
    for pid, row in table.iterrows():
        if row.forced_change == 0:
            continue  # a tie: either decision is optimal
        found = cost_break_even(
            case["values"],
            case["costs"],
            case["budget"],
            pid,
            funded=row.funded,
            relative_tolerance=1e-3,
            **kwargs(case),
        )
        target = _brute_out(case, pid) if row.funded else top
        exact = exact_cost_break_even(case, pid, target)
        cost = case["costs"][pid]
        if row.funded:
            if exact >= case["budget"]:
                assert found == np.inf
                continue
            assert cost <= exact
        elif exact < 0:
            assert found is None
            continue
        assert found == pytest.approx(exact, abs=2e-3 * max(cost, 1.0)), pid
        checked += 1
    assert checked >= 3


def test_steering_sentences_use_the_currency_setting():
    from vmo_lib.currency import get_currency, set_currency

    table = pd.DataFrame(
        {
            "funded": [False, True, False],
            "reason": [BUDGET_REASON, "good value for the money", "capacity: Architects in 2028"],
            "break_even_value": [7.08, 3.21, np.inf],
            "explained": [True, True, True],
        },
        index=["P-32", "P-12", "P-40"],
    )
    previous = get_currency()
    try:
        set_currency("CHF")
        sentences = steering_sentences(table, {"P-32": 1_940_000, "P-12": 2_100_000})
    finally:
        set_currency(previous)
    assert (
        sentences["P-32"]
        == "P-32 comes in if its value score reaches 7.1, or its cost falls to CHF 1.9M."
    )
    assert sentences["P-12"] == (
        "P-12 drops out if its value score falls below 3.2, or its cost rises above CHF 2.1M."
    )
    assert (
        sentences["P-40"]
        == "P-40 cannot come in under these limits (capacity: Architects in 2028)."
    )
