"""Time the funding selection with scarce resources (issue 17) on generated portfolios.

Target: capacity constraints with 4 resources and 8 periods on 2,000 projects solve to
optimality, or within the time limit with the proven gap shown. The portfolio is the one of
``bench_selection.py`` (costs, values, 14% dependencies, exclusive pairs, forced lists,
programme shares, yearly budgets; budget 30% of the total cost) plus resource demand: each
project needs 1-3 of 4 resources (FTE in proportion to its cost) over 1-4 consecutive periods
starting in one of the 8 periods (2026-2033), and each resource's capacity per period is
``--scarcity`` (default 30%) of what all projects together need then, so capacity binds as
hard as the money. Cases, each timed as the whole call (wall and CPU seconds; median of
``--repeat``):

* ``money``: the selection without capacity (the reference);
* ``capacity``: with the 32 capacity rows;
* ``capacity + money only``: capacity and the budget only (no shares, yearly budgets, links);
* ``deferral``: with capacity and starts up to ``--deferral`` periods late;
* ``explain``: :func:`explain_selection` with capacity on the ``--explained`` borderline
  projects.

Usage::

    python benchmarks/bench_capacity.py [--sizes 2000] [--repeat 1] [--time-limit 10]
                                        [--scarcity 0.3] [--deferral 1] [--explained 20]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_selection import generate_portfolio, timed

from vmo_lib.portfolio.funding.explain import explain_selection
from vmo_lib.portfolio.funding.select import gap_text, select_projects

RESOURCES = ("Data engineers", "Architects", "Change managers", "Security specialists")
PERIODS = tuple(range(2026, 2034))


def resource_tables(problem: dict[str, Any], scarcity: float, seed: int) -> dict[str, Any]:
    """``resource_demand`` and ``resource_capacity`` for the projects of ``problem``."""
    rng = np.random.default_rng([seed, 17])
    ids = problem["values"].index
    costs = problem["costs"].to_numpy(float)
    n, periods = len(ids), np.array(PERIODS)
    start = rng.integers(0, len(PERIODS), n)
    length = rng.integers(1, 5, n)
    rows = []
    for r, resource in enumerate(RESOURCES):
        needs = rng.random(n) < (0.6 if r == 0 else 0.4)
        fte = costs / 150_000 * rng.uniform(0.05, 0.3, n)
        for offset in range(4):
            on = needs & (offset < length) & (start + offset < len(PERIODS))
            rows.append(
                pd.DataFrame(
                    {
                        "project_id": ids[on],
                        "period": periods[start[on] + offset],
                        "resource": resource,
                        "amount": np.round(fte[on], 1),
                    }
                )
            )
    demand = pd.concat(rows, ignore_index=True)
    total = demand.groupby(["period", "resource"])["amount"].sum().reset_index()
    capacity = total.assign(amount=np.round(total["amount"] * scarcity, 1))
    return {"resource_demand": demand, "resource_capacity": capacity}


def _line(name: str, n: int, wall: float, cpu: float, result: Any) -> str:
    status = getattr(result, "status", "") or result.attrs.get("status", "")
    gap = getattr(result, "gap", None)
    gap = result.attrs.get("gap", float("nan")) if gap is None else gap
    value = getattr(result, "total_value", None)
    value = result.attrs["total_value"] if value is None else value
    proven = "optimal" if status == "optimal" else f"{status}, gap {gap_text(gap)}"
    return f"| {name:<32} | {n:>6,} | {wall:7.2f} | {cpu:7.2f} | {value:10.1f} | {proven} |"


def _cases(problem: dict[str, Any], people: dict[str, Any], args: Any) -> dict[str, Any]:
    """The timed calls (see the module text), by name."""
    limit = {"time_limit": args.time_limit}
    money = {k: problem[k] for k in ("values", "costs", "budget")}
    return {
        "money": lambda: select_projects(**problem, **limit),
        "capacity": lambda: select_projects(**problem, **people, **limit),
        "capacity + money only": lambda: select_projects(**money, **people, **limit),
        f"deferral (up to {args.deferral})": lambda: select_projects(
            **problem, **people, max_deferral=args.deferral, **limit
        ),
        f"explain ({args.explained} borderline)": lambda: explain_selection(
            **problem, **people, max_explained=args.explained, total_time=args.total_time, **limit
        ),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--scarcity", type=float, default=0.3)
    parser.add_argument("--deferral", type=int, default=1)
    parser.add_argument("--explained", type=int, default=20)
    parser.add_argument("--total-time", type=float, default=60.0, help="explain: seconds in all")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print("| case                             | projects | wall s | CPU s | value | proven |")
    print("|---|---|---|---|---|---|")
    for n in args.sizes:
        problem = generate_portfolio(n, args.seed)
        people = resource_tables(problem, args.scarcity, args.seed)
        cases = _cases(problem, people, args)
        for name, call in cases.items():
            wall, cpu, result = timed(call, args.repeat)
            print(_line(name, n, wall, cpu, result), flush=True)


if __name__ == "__main__":
    main()
