"""Resource capacity and deferred starts in select_projects, against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from vmo_lib.portfolio.funding.select import (
    InfeasibleSelection,
    SelectionInputError,
    select_projects,
)

RESOURCES = ("Data engineers", "Architects")
PERIODS = (2027, 2028, 2029)


def random_case(seed: int, n: int = 9) -> dict:
    """A small portfolio with dependencies, an exclusive pair, yearly costs and two scarce
    resources over three years (every input as select_projects takes it)."""
    rng = np.random.default_rng(seed)
    ids = [f"P-{i:02d}" for i in range(1, n + 1)]
    values = pd.Series(rng.integers(1, 30, n).astype(float), index=ids)
    yearly = pd.DataFrame(
        rng.integers(0, 6, (n, 3)).astype(float), index=ids, columns=list(PERIODS)
    )
    costs = yearly.sum(axis=1) + 1.0
    rows = [
        (p, period, r, float(rng.integers(1, 5)))
        for p in ids
        for r in RESOURCES
        if rng.random() < 0.6
        for period in PERIODS
        if rng.random() < 0.6
    ]
    demand = pd.DataFrame(rows, columns=["project_id", "period", "resource", "amount"])
    capacity = pd.DataFrame(
        [(period, r, float(rng.integers(3, 9))) for r in RESOURCES for period in PERIODS[:2]],
        columns=["period", "resource", "amount"],
    )
    return {
        "values": values,
        "costs": costs,
        "budget": float(costs.sum() * 0.6),
        "requires": [(ids[0], ids[1]), (ids[2], ids[1])],
        "exclusive": [[ids[3], ids[4]]],
        "yearly_costs": yearly,
        "yearly_budgets": {2028: float(yearly[2028].sum() * 0.5)},
        "resource_demand": demand,
        "resource_capacity": capacity,
    }


def shifted(frame: pd.Series, delay: int) -> pd.Series:
    """A project's per-period series moved ``delay`` periods later."""
    return pd.Series(frame.to_numpy(), index=frame.index + delay)


def feasible(case: dict, plan: dict[str, int]) -> bool:
    """Whether funding the projects of ``plan`` (id -> start delay) meets every constraint."""
    funded = set(plan)
    if case["costs"][list(funded)].sum() > case["budget"] + 1e-9:
        return False
    if any(a in funded and b not in funded for a, b in case["requires"]):
        return False
    if any(len(funded & set(g)) > 1 for g in case["exclusive"]):
        return False
    spend: dict[int, float] = {}
    for p, d in plan.items():
        for year, amount in case["yearly_costs"].loc[p].items():
            spend[year + d] = spend.get(year + d, 0.0) + amount
    if any(spend.get(y, 0.0) > b + 1e-9 for y, b in case["yearly_budgets"].items()):
        return False
    need: dict[tuple, float] = {}
    for row in case["resource_demand"].itertuples():
        if row.project_id in plan:
            key = (row.resource, row.period + plan[row.project_id])
            need[key] = need.get(key, 0.0) + row.amount
    return all(
        need.get((row.resource, row.period), 0.0) <= row.amount + 1e-9
        for row in case["resource_capacity"].itertuples()
    )


def brute_force(case: dict, max_deferral: int = 0) -> float:
    """The best total value over every funded set (and start delay of each project)."""
    ids = list(case["values"].index)
    best = -np.inf
    for choice in itertools.product(range(-1, max_deferral + 1), repeat=len(ids)):
        plan = {p: d for p, d in zip(ids, choice, strict=True) if d >= 0}
        if feasible(case, plan):
            best = max(best, float(case["values"][list(plan)].sum()))
    return best


def kwargs(case: dict) -> dict:
    return {k: v for k, v in case.items() if k not in ("values", "costs", "budget")}


@pytest.mark.parametrize("seed", range(8))
def test_capacity_selection_matches_brute_force(seed):
    case = random_case(seed)
    pick = select_projects(case["values"], case["costs"], case["budget"], **kwargs(case))
    assert pick.total_value == pytest.approx(brute_force(case), abs=1e-9)
    assert feasible(case, dict.fromkeys(pick.selected, 0))
    capacity = pick.limits[pick.limits["kind"] == "capacity"]
    assert len(capacity) == 4 and (capacity["used"] <= capacity["limit"] + 1e-9).all()
    assert pick.start_delay[list(pick.selected)].eq(0).all()


def test_capacity_binds_where_money_alone_would_fund_more():
    case = random_case(3)
    money_only = select_projects(
        case["values"], case["costs"], case["budget"], requires=case["requires"]
    )
    people = select_projects(
        case["values"],
        case["costs"],
        case["budget"],
        requires=case["requires"],
        resource_demand=case["resource_demand"],
        resource_capacity=case["resource_capacity"],
    )
    assert people.total_value < money_only.total_value
    assert any("capacity of" in text for text in people.binding)


@pytest.mark.parametrize(("seed", "max_deferral"), [(0, 1), (1, 1), (2, 2), (5, 1), (6, 2)])
def test_deferred_starts_match_brute_force(seed, max_deferral):
    case = random_case(seed, n=6)
    pick = select_projects(
        case["values"], case["costs"], case["budget"], max_deferral=max_deferral, **kwargs(case)
    )
    assert pick.total_value == pytest.approx(brute_force(case, max_deferral), abs=1e-9)
    plan = {p: int(pick.start_delay[p]) for p in pick.selected}
    assert feasible(case, plan)
    assert pick.start_delay.drop(list(pick.selected)).isna().all()
    assert (
        pick.total_value
        >= select_projects(
            case["values"], case["costs"], case["budget"], **kwargs(case)
        ).total_value
    )


def test_a_deferred_start_relieves_a_scarce_year():
    values, costs = pd.Series({"A": 10.0, "B": 8.0}), pd.Series({"A": 1.0, "B": 1.0})
    demand = pd.DataFrame(
        [("A", 2027, "Architects", 2.0), ("B", 2027, "Architects", 2.0)],
        columns=["project_id", "period", "resource", "amount"],
    )
    capacity = pd.DataFrame(
        [(2027, "Architects", 2.0), (2028, "Architects", 2.0)],
        columns=["period", "resource", "amount"],
    )
    args = {"resource_demand": demand, "resource_capacity": capacity}
    assert select_projects(values, costs, 5, **args).selected == ("A",)
    later = select_projects(values, costs, 5, max_deferral=1, **args)
    assert later.selected == ("A", "B")
    assert later.start_delay.to_dict() == {"A": 0, "B": 1}  # the earliest starts that fit
    only_a = select_projects(values, costs, 5, max_deferral=1, deferrable=["A"], **args)
    assert only_a.start_delay.to_dict() == {"A": 1, "B": 0}  # B (running, say) keeps its date
    assert select_projects(values, costs, 5, max_deferral=1, deferrable=[], **args).selected == (
        "A",
    )


def test_conflict_names_the_resource_and_period():
    values, costs = pd.Series({"A": 1.0, "B": 1.0, "C": 5.0}), pd.Series(1.0, index=list("ABC"))
    demand = pd.DataFrame(
        [("A", 2028, "Data engineers", 3.0), ("B", 2028, "Data engineers", 2.0)],
        columns=["project_id", "period", "resource", "amount"],
    )
    capacity = pd.DataFrame(
        [(2028, "Data engineers", 4.0), (2029, "Data engineers", 0.0)],
        columns=["period", "resource", "amount"],
    )
    args = {"must_fund": ["A", "B"], "resource_demand": demand, "resource_capacity": capacity}
    with pytest.raises(InfeasibleSelection) as caught:
        select_projects(values, costs, 10, **args)
    assert [c.kind for c in caught.value.conflicts] == ["must_fund", "must_fund", "capacity"]
    assert "capacity of Data engineers in 2028 (4)" in str(caught.value)
    assert "need 5 of Data engineers in 2028 together" in str(caught.value)
    with pytest.raises(InfeasibleSelection) as caught:  # deferring B moves it into 2029 (0)
        select_projects(values, costs, 10, max_deferral=1, **args)
    keys = {c.key for c in caught.value.conflicts if c.kind == "capacity"}
    assert keys == {("Data engineers", 2028), ("Data engineers", 2029)}
    assert "one_start" not in {c.kind for c in caught.value.conflicts}


def test_bad_resource_inputs_are_all_reported():
    values, costs = pd.Series({"A": 1.0}), pd.Series({"A": 1.0})
    demand = pd.DataFrame(
        [("A", 2028, "X", -1.0), ("Z", 2028, "X", 1.0)],
        columns=["project_id", "period", "resource", "amount"],
    )
    capacity = pd.DataFrame(
        [("2028Q1", "X", 1.0), ("2028Q1", "X", 2.0)], columns=["period", "resource", "amount"]
    )
    with pytest.raises(SelectionInputError) as caught:
        select_projects(
            values,
            costs,
            1,
            resource_demand=demand,
            resource_capacity=capacity,
            max_deferral=1,
        )
    text = str(caught.value)
    assert "amount must be a number >= 0" in text
    assert "resource_demand: unknown project ids 'Z'" in text
    assert "given twice: ('X', '2028Q1')" in text
    assert "periods must be whole numbers" in text
    with pytest.raises(SelectionInputError, match="must be given together"):
        select_projects(values, costs, 1, resource_demand=demand)
    with pytest.raises(SelectionInputError, match="max_deferral: must be >= 0"):
        select_projects(values, costs, 1, max_deferral=-1)
