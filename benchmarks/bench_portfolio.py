"""Time value scoring, re-ranking under weight samples, and TOPSIS against pymcdm.

Targets (issue #7), on a generated portfolio of 10,000 projects and 20 drivers:

* scoring and ranking (weighted sum and TOPSIS) under 0.2 s;
* 2,000 weight samples re-ranked under 3 s, chunked so memory stays bounded;
* TOPSIS beside pymcdm's (vector normalisation, the same matrices): the same closeness to
  1e-9, at least 5x faster per matrix and at least 20x faster across 2,000 weight samples.

The generated contributions are whole numbers 0-5, most projects contributing to a few drivers
(a zero with probability 0.55), with driver weights from a Dirichlet draw. pymcdm has no batch
interface, so its time for 2,000 samples is its time per sample, measured on
``--pymcdm-samples`` samples, times 2,000 (stated in the output); ours scores the 2,000
samples in chunks of 400 (bounded memory). Each timing is the median of ``--repeat`` runs.

With ``--robustness`` it times instead the full robustness analysis of issue #20:
``--robustness-samples`` (default 200) weight samples, each re-ranked and re-selected with
:func:`select_projects` (budget 30% of the total cost of log-normal costs), under
``--total-time`` seconds shared by the solves (default 60) and ``--time-limit`` per solve; it
prints the wall and CPU time, the solver statuses and the largest proven gap.

Usage::

    python benchmarks/bench_portfolio.py [--projects 10000] [--drivers 20] [--samples 2000]
                                         [--repeat 5] [--pymcdm-samples 30] [--seed 7]
    python benchmarks/bench_portfolio.py --robustness [--projects 10000]
                                         [--robustness-samples 200] [--total-time 60]
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from pymcdm.methods import TOPSIS
from pymcdm.normalizations import vector_normalization

from vmo_lib.portfolio import (
    build_criteria,
    rank_samples,
    robustness,
    sample_weights,
    score_samples,
    select_projects,
    topsis,
)

CHUNK = 400  # weight samples scored at once: 10,000 x 400 floats = 32 MB per array


def generate(n_projects: int, n_drivers: int, seed: int) -> tuple[pd.DataFrame, pd.Series]:
    """Contributions (projects x drivers, 0-5) and driver weights summing to 1."""
    rng = np.random.default_rng(seed)
    scores = rng.integers(1, 6, size=(n_projects, n_drivers)).astype(float)
    scores[rng.random(scores.shape) < 0.55] = 0.0
    drivers = [f"D{j:02d}" for j in range(n_drivers)]
    projects = [f"P{i:05d}" for i in range(n_projects)]
    weights = pd.Series(rng.dirichlet(np.full(n_drivers, 2.0)), index=drivers)
    return pd.DataFrame(scores, index=projects, columns=drivers), weights


def median_time(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _score_and_rank(contributions: pd.DataFrame, weights: pd.Series, method: str) -> pd.Series:
    criteria = build_criteria(contributions, weights)
    scores = pd.Series(score_samples(criteria, method=method), index=contributions.index)
    return scores.rank(ascending=False, method="min")


def time_robustness(args: argparse.Namespace) -> None:
    """The robustness analysis (weight samples re-ranked and re-selected) at scale."""
    contributions, weights = generate(args.projects, args.drivers, args.seed)
    criteria = build_criteria(contributions, weights)
    rng = np.random.default_rng(args.seed)
    costs = pd.Series(np.round(np.exp(rng.normal(13.5, 0.8, args.projects)), -3))
    costs.index = contributions.index
    budget = 0.3 * float(costs.sum())
    wall, cpu = time.perf_counter(), time.process_time()
    result = robustness(
        criteria,
        costs,
        budget,
        select_projects,
        n_samples=args.robustness_samples,
        seed=args.seed,
        time_limit=args.time_limit,
        total_time=args.total_time,
    )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"robustness, {args.robustness_samples} weight samples, {args.projects:,} projects: "
        f"{wall:.1f} s wall, {cpu:.1f} s CPU (target < 60 s); {dict(result.solver)}, "
        f"largest gap {result.max_gap:.2e}; verdicts {result.counts}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--drivers", type=int, default=20)
    parser.add_argument("--samples", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pymcdm-samples", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--robustness", action="store_true", help="time robustness instead")
    parser.add_argument("--robustness-samples", type=int, default=200)
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per solve")
    parser.add_argument("--total-time", type=float, default=60.0, help="seconds for all solves")
    args = parser.parse_args(argv)
    if args.robustness:
        time_robustness(args)
        return
    contributions, weights = generate(args.projects, args.drivers, args.seed)
    criteria = build_criteria(contributions, weights)
    matrix, w = contributions.to_numpy(), criteria.weights.to_numpy()
    benefit = np.ones(args.drivers, dtype=bool)
    print(f"{args.projects:,} projects x {args.drivers} drivers, median of {args.repeat} runs")

    for method in ("weighted_sum", "topsis"):
        seconds, _ = median_time(lambda m=method: _score_and_rank(contributions, weights, m), 5)
        print(f"  score and rank ({method}): {seconds:.3f} s  (target < 0.2 s)")

    samples = sample_weights(w, args.samples, seed=args.seed)
    for method in ("weighted_sum", "topsis"):
        seconds, ranks = median_time(
            lambda m=method: rank_samples(criteria, samples, method=m), max(1, args.repeat // 2)
        )
        tracemalloc.start()
        rank_samples(criteria, samples, method=method)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(
            f"  {args.samples:,} weight samples re-ranked ({method}): {seconds:.2f} s "
            f"(target < 3 s); peak memory {peak:.0f} MB (ranks {ranks.nbytes / 2**20:.0f} MB)"
        )

    reference = TOPSIS(normalization_function=vector_normalization)
    types = np.ones(args.drivers, dtype=int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pymcdm warns about dominated alternatives
        theirs_one, expected = median_time(lambda: reference(matrix, w, types), args.repeat)
        ours_one, got = median_time(lambda: topsis(matrix, w, benefit), args.repeat)
        gap = float(np.max(np.abs(got - expected)))
        subset = samples[: args.pymcdm_samples]
        per_sample, theirs_many = median_time(
            lambda: [reference(matrix, s, types) for s in subset], 1
        )
        theirs_total = per_sample / len(subset) * args.samples
        ours_total, ours_many = median_time(lambda: topsis(matrix, samples, benefit), 1)
        gap_many = float(np.max(np.abs(ours_many[:, : len(subset)] - np.column_stack(theirs_many))))
    print(f"  TOPSIS, one matrix: ours {ours_one * 1e3:.1f} ms, pymcdm {theirs_one * 1e3:.1f} ms")
    print(f"    -> {theirs_one / ours_one:.1f}x faster (target >= 5x); max difference {gap:.1e}")
    print(
        f"  TOPSIS, {args.samples:,} weight samples: ours {ours_total:.2f} s, pymcdm "
        f"{theirs_total:.1f} s (per-sample median on {len(subset)} samples x {args.samples:,})"
    )
    print(
        f"    -> {theirs_total / ours_total:.0f}x faster (target >= 20x); "
        f"max difference {gap_many:.1e}"
    )


if __name__ == "__main__":
    main()
