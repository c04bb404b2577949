"""Efficient frontier against brute force, monotone and never below the greedy curve; the
greedy curve's order and ties; the greedy-vs-optimal gap on a textbook example; comparison of
the current and the optimal portfolio."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vmo_lib.portfolio.frontier import efficient_frontier, frontier_status_text, sweep_budgets
from vmo_lib.portfolio.funding.compare import compare_portfolios
from vmo_lib.portfolio.funding.select import SelectionInputError, select_projects
from vmo_lib.portfolio.greedy import frontier_gap, greedy_at, greedy_frontier


def subsets(n: int) -> np.ndarray:
    return ((np.arange(2**n)[:, None] >> np.arange(n)) & 1).astype(bool)


def random_case(seed: int) -> dict:
    """Up to 10 projects with dependencies, an exclusive pair, a must-not-fund project and,
    for odd seeds, a 'funded total' share bound (all budget-independent constraints)."""
    rng = np.random.default_rng(1000 + seed)
    n = int(rng.integers(2, 11))
    ids = [f"Q{i}" for i in range(n)]
    values = rng.integers(0, 8, n).astype(float) if seed % 3 == 0 else rng.uniform(0, 50, n)
    case = {
        "values": pd.Series(values, index=ids),
        "costs": pd.Series(rng.integers(1, 15, n).astype(float), index=ids),
        "requires": sorted({(a, b) for a, b in rng.choice(ids, (n // 2, 2)) if a != b}),
        "exclusive": [list(rng.choice(ids, 2, replace=False))],
        "must_not_fund": [ids[-1]] if rng.random() < 0.3 else [],
    }
    if seed % 2:
        case["groups"] = pd.Series(rng.choice(["R", "S"], n), index=ids)
        case["group_share_bounds"] = {g: (None, 0.7) for g in set(case["groups"])}
        case["share_basis"] = "funded"
    return case


def brute_best(case: dict, budget: float) -> float:
    """Largest value of a funded set meeting every constraint of ``case`` at ``budget``."""
    ids = list(case["values"].index)
    sets = subsets(len(ids))
    pos = {p: i for i, p in enumerate(ids)}
    cost = case["costs"].to_numpy()
    spend = sets @ cost
    ok = spend <= budget + 1e-9
    for a, b in case["requires"]:
        ok &= ~sets[:, pos[a]] | sets[:, pos[b]]
    for group in case["exclusive"]:
        ok &= sets[:, [pos[p] for p in group]].sum(axis=1) <= 1
    for p in case["must_not_fund"]:
        ok &= ~sets[:, pos[p]]
    for g, (_, high) in case.get("group_share_bounds", {}).items():
        ok &= sets @ (cost * (case["groups"] == g).to_numpy()) <= high * spend + 1e-9
    return (sets[ok] @ case["values"].to_numpy()).max() if ok.any() else np.nan


@pytest.mark.parametrize("seed", range(60))
def test_frontier_matches_brute_force_and_is_monotone(seed: int) -> None:
    case = random_case(seed)
    total = case["costs"].sum()
    budgets = [*np.linspace(0, total, 13), *case["costs"].cumsum()]
    frontier = efficient_frontier(**case, budgets=budgets)
    assert frontier["budget"].is_monotonic_increasing and frontier["budget"].is_unique
    for row in frontier.itertuples():
        assert row.total_value == pytest.approx(brute_best(case, row.budget), abs=1e-9)
        assert row.total_cost <= row.budget + 1e-9
        assert row.n_selected == len(row.selected)
    assert frontier["feasible"].all()  # the empty portfolio meets every constraint here
    assert np.all(np.diff(frontier["total_value"]) >= -1e-9)


@pytest.mark.parametrize("seed", range(40))
def test_frontier_never_below_greedy_curve(seed: int) -> None:
    case = random_case(seed)
    values, costs = case["values"], case["costs"]
    curve = greedy_frontier(values, costs)
    budgets = [*curve["cumulative_cost"], *(curve["cumulative_cost"] - 0.5)]
    budgets = [b for b in budgets if b >= 0]
    frontier = efficient_frontier(values, costs, budgets).set_index("budget")
    for budget in frontier.index:
        greedy_value = greedy_at(curve, budget)["value"].sum()
        assert frontier.loc[budget, "total_value"] >= greedy_value - 1e-9


def test_reused_optimum_equals_a_fresh_solve() -> None:
    """Budgets solved from the largest down reuse an optimum that still fits: same values as
    independent solves."""
    case = random_case(5)
    budgets = np.linspace(0, case["costs"].sum(), 25)
    frontier = efficient_frontier(**case, budgets=budgets)
    for row in frontier.itertuples():
        fresh = select_projects(**case, budget=row.budget)
        assert row.total_value == pytest.approx(fresh.total_value)


def test_budget_share_minimum_can_make_the_frontier_fall() -> None:
    """A minimum share *of the budget* grows with the budget (documented exception): Grow must
    get 50% of the budget, and its only project costs 10, so budgets above 20 are infeasible
    and the frontier is solved budget by budget."""
    values = pd.Series({"A": 10.0, "B": 1.0})
    costs = pd.Series({"A": 10.0, "B": 10.0})
    groups = pd.Series({"A": "Run", "B": "Grow"})
    frontier = efficient_frontier(
        values, costs, [10, 20, 30], groups=groups, group_share_bounds={"Grow": (0.5, None)}
    )
    assert frontier["feasible"].tolist() == [True, True, False]
    assert frontier["total_value"].tolist()[:2] == [1.0, 11.0]
    assert np.isnan(frontier["total_value"].iloc[2]) and frontier["selected"].iloc[2] == ()


def test_infeasible_budgets_are_marked_not_raised() -> None:
    values, costs = pd.Series({"A": 5.0, "B": 3.0}), pd.Series({"A": 4.0, "B": 2.0})
    frontier = efficient_frontier(values, costs, [6, 1, 3, 3], must_fund=["B"])
    assert frontier["budget"].tolist() == [1.0, 3.0, 6.0]
    assert frontier["feasible"].tolist() == [False, True, True]
    assert frontier["selected"].tolist() == [(), ("B",), ("A", "B")]


def test_frontier_is_deterministic() -> None:
    case = random_case(3)  # small integer values: many ties
    budgets = np.linspace(0, case["costs"].sum(), 11)
    first = efficient_frontier(**case, budgets=budgets)
    again = efficient_frontier(**case, budgets=budgets[::-1])
    pd.testing.assert_frame_equal(first, again)


def test_empty_inputs() -> None:
    empty = pd.Series(dtype=float)
    assert select_projects(empty, empty, 10).selected == ()
    assert efficient_frontier(empty, empty, [0, 5])["total_value"].tolist() == [0.0, 0.0]
    none = efficient_frontier(pd.Series({"A": 1.0}), pd.Series({"A": 2.0}), [])
    assert none.empty and none["total_value"].dtype == float
    assert greedy_frontier(empty, empty).empty


def test_bad_budgets_listed() -> None:
    values, costs = pd.Series({"A": 5.0}), pd.Series({"A": 4.0})
    with pytest.raises(SelectionInputError) as caught:
        efficient_frontier(values, costs, [1, -2, float("nan")])
    assert len(caught.value.problems) == 2
    assert "budgets[1]" in str(caught.value) and "budgets[2]" in str(caught.value)


def test_greedy_order_ties_free_and_negative_projects() -> None:
    values = pd.Series({"A": 4.0, "B": 2.0, "C": 6.0, "D": 0.0, "E": -1.0, "F": 3.0})
    costs = pd.Series({"A": 2.0, "B": 1.0, "C": 2.0, "D": 0.0, "E": 1.0, "F": 0.0})
    curve = greedy_frontier(values, costs)
    # F free and valuable first; C 3/EUR; A and B tie at 2/EUR, input order kept; D free but
    # worthless (0); E negative last.
    assert curve["project"].tolist() == ["F", "C", "A", "B", "D", "E"]
    assert curve["cumulative_cost"].tolist() == [0.0, 2.0, 4.0, 5.0, 5.0, 6.0]
    assert curve["cumulative_value"].tolist() == [3.0, 9.0, 13.0, 15.0, 15.0, 14.0]
    assert curve["step"].tolist() == [1, 2, 3, 4, 5, 6]
    assert greedy_at(curve, 4.5)["project"].tolist() == ["F", "C", "A"]


def test_greedy_honours_force_in_and_out() -> None:
    values = pd.Series({"A": 4.0, "B": 2.0, "C": 6.0, "D": 1.0})
    costs = pd.Series({"A": 2.0, "B": 1.0, "C": 2.0, "D": 4.0})
    curve = greedy_frontier(values, costs, must_fund=["D", "B"], must_not_fund=["C"])
    assert curve["project"].tolist() == ["B", "D", "A"]  # forced 2.0, 0.25 per EUR; then A
    assert curve["cumulative_cost"].tolist() == [1.0, 5.0, 7.0]


@pytest.mark.parametrize("seed", range(30))
def test_frontier_never_below_greedy_with_force_lists(seed: int) -> None:
    """With only force-in / force-out lists the greedy prefix is a feasible portfolio at any
    budget covering the must-funds, so the exact frontier is never below it there."""
    case = random_case(seed)
    ids = list(case["values"].index)
    forced = {"must_fund": ids[:1], "must_not_fund": ids[-1:] if len(ids) > 2 else []}
    curve = greedy_frontier(case["values"], case["costs"], **forced)
    budgets = sorted({*curve["cumulative_cost"], *(curve["cumulative_cost"] + 0.5)})
    frontier = efficient_frontier(case["values"], case["costs"], budgets, **forced)
    for row in frontier.itertuples():
        assert row.feasible
        assert row.total_value >= greedy_at(curve, row.budget)["value"].sum() - 1e-9


def test_gap_on_textbook_example() -> None:
    """Cormen et al. (Introduction to Algorithms, Fig. 16.2): values 60, 100, 120, costs 10,
    20, 30, budget 50. Value per cost 6, 5, 4: the curve takes i1 and i2 (160 for 30) and stops
    at i3; the optimum is i2 + i3 = 220, 60 (37.5%) more."""
    values = pd.Series([60.0, 100.0, 120.0], index=["i1", "i2", "i3"])
    costs = pd.Series([10.0, 20.0, 30.0], index=["i1", "i2", "i3"])
    gap = frontier_gap(values, costs, 50)
    assert gap.greedy_selected == ("i1", "i2") and gap.optimal.selected == ("i2", "i3")
    assert (gap.greedy_value, gap.greedy_cost, gap.value_gap) == (160.0, 30.0, 60.0)
    assert gap.value_gap_share == pytest.approx(0.375)
    assert (gap.only_optimal, gap.only_greedy, gap.greedy_breaks) == (("i3",), ("i1",), ())
    text = gap.explanation
    for part in ["stops at 'i3'", "value 160.0 for EUR 30", "EUR 20 unspent", "60.0 more (37.5%)"]:
        assert part in text


def test_gap_names_constraints_the_curve_breaks() -> None:
    values = pd.Series([60.0, 100.0, 120.0], index=["i1", "i2", "i3"])
    costs = pd.Series([10.0, 20.0, 30.0], index=["i1", "i2", "i3"])
    gap = frontier_gap(values, costs, 50, requires=[("i1", "i3")], exclusive=[["i1", "i2"]])
    assert gap.greedy_selected == ("i1", "i2")
    assert gap.greedy_breaks == (
        "'i1' requires 'i3'",
        "at most one of 'i1', 'i2' (exclusive group 1)",
    )
    assert "breaks 2 of them" in gap.explanation
    forced = frontier_gap(values, costs, 50, must_fund=["i3"], must_not_fund=["i2"])
    assert forced.greedy_selected == ("i1", "i3") and forced.greedy_breaks == ()
    assert "(must-fund projects first)" in forced.explanation


def test_compare_current_with_optimal() -> None:
    values = pd.Series({"A": 60.0, "B": 100.0, "C": 120.0, "D": 5.0})
    costs = pd.Series({"A": 10.0, "B": 20.0, "C": 30.0, "D": 10.0})
    optimal = select_projects(values, costs, 50)
    diff = compare_portfolios(values, costs, ["D", "A", "B"], optimal)
    assert (diff.current_value, diff.current_cost) == (165.0, 40.0)
    assert (diff.optimal_value, diff.optimal_cost) == (220.0, 50.0)
    assert (diff.value_gained, diff.cost_change) == (55.0, 10.0)
    assert diff.value_gained_share == pytest.approx(55 / 165)
    assert (diff.kept, diff.added, diff.dropped) == (("B",), ("C",), ("A", "D"))
    assert diff.table["change"].astype(str).tolist() == ["keep", "add", "drop", "drop"]
    assert diff.table.index.tolist() == ["B", "C", "A", "D"]
    with pytest.raises(SelectionInputError, match="unknown project ids"):
        compare_portfolios(values, costs, ["A", "Z"], optimal)


@pytest.mark.parametrize("seed", range(30))
def test_refined_frontier_matches_brute_force_and_says_optimal(seed: int) -> None:
    """A coarse pass plus refinement: every point (given or added) is the exact optimum."""
    case = random_case(seed)
    total = case["costs"].sum()
    frontier = efficient_frontier(**case, budgets=np.linspace(0, total, 4), refine=6)
    assert 4 <= len(frontier) <= 10
    assert (frontier["status"] == "optimal").all() and (frontier["gap"] == 0).all()
    for row in frontier.itertuples():
        assert row.total_value == pytest.approx(brute_best(case, row.budget), abs=1e-9)
    assert frontier_status_text(frontier).startswith("Every point of the frontier is optimal")


def test_frontier_survives_a_solver_failure(monkeypatch) -> None:
    """HiGHS failing on every run (injected) ends no frontier: each point is a repaired
    greedy portfolio that meets the constraints, never above the true optimum."""
    import vmo_lib.portfolio.funding.model as selection_model

    def failing(*args, **kwargs):
        raise selection_model.SolverFailure("HiGHS did not finish: Solve error")

    case = random_case(4)
    total = case["costs"].sum()
    monkeypatch.setattr(selection_model, "_milp", failing)
    frontier = efficient_frontier(**case, budgets=np.linspace(0, total, 6))
    assert (frontier["status"] == "fallback").all()
    for row in frontier.itertuples():
        assert row.total_value <= brute_best(case, row.budget) + 1e-9
        assert row.total_cost <= row.budget + 1e-9
    assert "fallback" in frontier_status_text(frontier)


def test_sweep_budgets_includes_greedy_steps_only_for_small_portfolios() -> None:
    costs = pd.Series([1.0, 2.0, 4.0], index=["A", "B", "C"])
    greedy = greedy_frontier(pd.Series([3.0, 1.0, 1.0], index=costs.index), costs)
    assert set(greedy["cumulative_cost"]) <= set(sweep_budgets(costs, greedy, points=3))
    coarse = sweep_budgets(costs, greedy, points=3, greedy_steps_up_to=2)
    assert coarse.tolist() == [0.0, 3.5, 7.0]
