"""Time the exact funding selection and the efficient frontier on generated portfolios.

Targets (issue #7): exact selection (optimality gap 0) of 2,000 projects under 1 s and of
10,000 under 5 s, and a 50-point exact frontier for 2,000 projects under 30 s, each with about
14% as many dependencies as projects (1,400 for 10,000), 6 programme share bounds and 4 yearly
budgets, plus a few exclusive pairs, must-fund and must-not-fund projects.

The generated portfolio (:func:`generate_portfolio`, seeded) is shaped like a real one: costs
log-normal around EUR 0.7M, value scores 0-100 mildly correlated with cost, each project's cost
spread over up to four years, dependencies pointing to earlier projects (no cycles), the budget
30% of the total cost, programme shares of the budget between 0.6x and 1.5x each programme's
share of the total, and yearly budgets at 35% of each year's total spend.

Each selection timing is the median of ``--repeat`` runs of the whole call (input checks,
model build, solve, summary), in wall and CPU seconds. The conflict search times an infeasible
variant (a must-fund project whose dependency chain ends at a must-not-fund project) until the
error names the minimal conflict. The frontier sweeps ``--points`` budgets from ``--low`` to
``--high`` times the base budget (default 5% to 100%, i.e. up to 30% of the total cost, where
the total budget is the binding limit). ``--tie-break`` adds the second solve that picks the
cheapest of equally valuable portfolios.

Issue #20 adds a frontier at scale: ``--scale-points`` (default 50) budgets on
``--scale-size`` projects (default 10,000) - a coarse grid of 41 budgets from ``--low`` to
``--high`` and the rest added where the curve rises most (``refine``) - with every solve under
``--time-limit`` seconds and all of them under ``--total-time`` (default 60 s). It prints how
many points were proven optimal and the largest gap of the others. ``--scale-only`` runs only
that case.

Usage::

    python benchmarks/bench_selection.py [--sizes 2000 10000] [--points 50] [--repeat 3]
                                         [--low 0.05] [--high 1.0] [--seed 7] [--tie-break]
                                         [--scale-size 10000] [--scale-points 50]
                                         [--total-time 60] [--time-limit 10] [--scale-only]
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from vmo_lib.portfolio.frontier import efficient_frontier
from vmo_lib.portfolio.funding.select import InfeasibleSelection, select_projects

PROGRAMMES = ("Digital", "Operations", "Compliance", "Growth", "People", "Infrastructure")
YEARS = (2026, 2027, 2028, 2029)


def generate_portfolio(n: int, seed: int = 7) -> dict[str, Any]:
    """Keyword arguments of :func:`select_projects` for a realistic portfolio of ``n`` projects."""
    rng = np.random.default_rng(seed)
    ids = pd.Index([f"P{i:05d}" for i in range(n)], name="project_id")
    costs = np.round(np.exp(rng.normal(13.5, 0.8, n)), -3)
    size = np.log(costs / np.median(costs))
    values = np.clip(50 + 12 * size + rng.normal(0, 18, n), 0, 100)
    programme = rng.choice(PROGRAMMES, n, p=[0.25, 0.2, 0.15, 0.15, 0.1, 0.15])
    start = rng.integers(0, len(YEARS), n)
    length = rng.integers(1, len(YEARS) + 1, n)
    share = rng.dirichlet(np.ones(len(YEARS)), n)
    years = np.arange(len(YEARS))
    share *= (years >= start[:, None]) & (years < (start + length)[:, None])
    share[share.sum(axis=1) == 0, -1] = 1.0
    yearly = pd.DataFrame(
        costs[:, None] * share / share.sum(axis=1, keepdims=True), index=ids, columns=YEARS
    )
    needs = rng.choice(np.arange(1, n), int(0.14 * n), replace=True)
    needed = (needs * rng.uniform(0, 1, len(needs))).astype(int)
    requires = sorted({(ids[a], ids[b]) for a, b in zip(needs, needed, strict=True)})
    pairs = rng.choice(n, (n // 200, 2), replace=False)
    exclusive = [tuple(ids[p]) for p in pairs]
    in_pairs = set(pairs.ravel())
    required = {b for _, b in requires} | {a for a, _ in requires}
    free = [i for i in range(n) if ids[i] not in required and i not in in_pairs]
    chosen = rng.choice(free, n // 100, replace=False)
    must_fund, must_not_fund = list(ids[chosen[: n // 200]]), list(ids[chosen[n // 200 :]])
    total = costs.sum()
    programme_share = pd.Series(costs, index=programme).groupby(level=0).sum() / total
    return {
        "values": pd.Series(values, index=ids),
        "costs": pd.Series(costs, index=ids),
        "budget": 0.3 * total,
        "must_fund": must_fund,
        "must_not_fund": must_not_fund,
        "requires": requires,
        "exclusive": exclusive,
        "groups": pd.Series(programme, index=ids),
        "group_share_bounds": {g: (0.6 * s, min(1.0, 1.5 * s)) for g, s in programme_share.items()},
        "yearly_costs": yearly,
        "yearly_budgets": {y: 0.35 * yearly[y].sum() for y in YEARS},
    }


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median wall and CPU seconds of ``call`` over ``repeat`` runs, and its last result.

    CPU time (this process, all threads) is the figure to trust on a shared machine: wall time
    grows with whatever else runs on the two CPUs.
    """
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def conflict_case(problem: dict[str, Any]) -> dict[str, Any]:
    """``problem`` made infeasible deep inside: a must-fund project whose chain of three
    dependencies ends at a must-not-fund project (the search must find those 5 among ~2,000
    constraints)."""
    ids = list(problem["values"].index)
    taken = {p for pair in problem["requires"] for p in pair}
    taken |= set(problem["must_fund"]) | set(problem["must_not_fund"])
    taken |= {p for group in problem["exclusive"] for p in group}
    chain = [p for p in reversed(ids) if p not in taken][:4]
    return {
        **problem,
        "must_fund": [*problem["must_fund"], chain[0]],
        "must_not_fund": [*problem["must_not_fund"], chain[3]],
        "requires": [*problem["requires"], *itertools.pairwise(chain)],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--frontier-size", type=int, default=2000)
    parser.add_argument("--points", type=int, default=50)
    parser.add_argument("--low", type=float, default=0.05, help="lowest budget, x the base")
    parser.add_argument("--high", type=float, default=1.0, help="highest budget, x the base")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tie-break", action="store_true", help="prefer_cheaper=True")
    parser.add_argument("--scale-size", type=int, default=10_000)
    parser.add_argument("--scale-points", type=int, default=50)
    parser.add_argument("--total-time", type=float, default=60.0, help="seconds for all solves")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per solve")
    parser.add_argument("--scale-only", action="store_true")
    args = parser.parse_args(argv)
    if args.scale_only:
        scale_frontier(args)
        return
    cheaper = args.tie_break
    head = f"{'case':<28} {'projects':>8} {'deps':>5} {'funded':>6} {'value':>10}"
    print(f"{head} {'wall s':>7} {'CPU s':>7}", flush=True)
    for n in args.sizes:
        problem = generate_portfolio(n, args.seed)
        wall, cpu, pick = timed(
            lambda p=problem: select_projects(**p, prefer_cheaper=cheaper), args.repeat
        )
        line = f"{'exact selection':<28} {n:>8} {len(problem['requires']):>5}"
        print(f"{line} {pick.n_selected:>6} {pick.total_value:>10.1f} {wall:>7.2f} {cpu:>7.2f}")
    for n in args.sizes:
        case = conflict_case(generate_portfolio(n, args.seed))
        wall, cpu, error = timed(lambda c=case: _conflict(c), 1)
        line = f"{'conflict search':<28} {n:>8} {len(case['requires']):>5}"
        named = f"{len(error.conflicts)} named"
        print(f"{line} {'-':>6} {named:>10} {wall:>7.2f} {cpu:>7.2f}")
    problem = generate_portfolio(args.frontier_size, args.seed)
    base = problem.pop("budget")
    budgets = np.linspace(args.low, args.high, args.points) * base
    wall, cpu, frontier = timed(
        lambda: efficient_frontier(**problem, budgets=budgets, prefer_cheaper=cheaper), 1
    )
    label = f"frontier {args.points} pts x{args.low}-{args.high}"
    value = frontier["total_value"].max()
    line = f"{label:<28} {args.frontier_size:>8} {len(problem['requires']):>5}"
    print(f"{line} {int(frontier['feasible'].sum()):>6} {value:>10.1f} {wall:>7.2f} {cpu:>7.2f}")
    scale_frontier(args)


def scale_frontier(args: argparse.Namespace) -> None:
    """A frontier on a large portfolio: coarse grid, refinement, time limits (issue #20)."""
    problem = generate_portfolio(args.scale_size, args.seed)
    base = problem.pop("budget")
    coarse = min(41, args.scale_points)
    budgets = np.linspace(args.low, args.high, coarse) * base
    wall, cpu = time.perf_counter(), time.process_time()
    frontier = efficient_frontier(
        **problem,
        budgets=budgets,
        refine=args.scale_points - coarse,
        time_limit=args.time_limit,
        total_time=args.total_time,
    )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    statuses = frontier["status"].value_counts().to_dict()
    worst = frontier["gap"].max()
    print(
        f"frontier {len(frontier)} points, {args.scale_size:,} projects: {wall:.1f} s wall, "
        f"{cpu:.1f} s CPU (target < 60 s); {statuses}, largest gap {worst:.2e}"
    )


def _conflict(case: dict[str, Any]) -> InfeasibleSelection:
    try:
        select_projects(**case)
    except InfeasibleSelection as error:
        return error
    raise AssertionError("the conflict case should be infeasible")


if __name__ == "__main__":
    main()
