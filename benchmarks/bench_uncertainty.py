"""Benchmark the Monte Carlo of whole-life value: 10,000 benefits x 10,000 samples.

    .venv/bin/python benchmarks/bench_uncertainty.py                  # core, 3 repeats
    .venv/bin/python benchmarks/bench_uncertainty.py --org 4000       # end to end on a
                                                                      # generated organisation

The core run draws :func:`vmo_lib.realization.uncertainty.simulate_value` on random inputs
shaped like a large register: ``--benefits`` benefits over ``--quarters`` future quarters,
spread over ``--benefits / 5`` projects of which a third may slip by up to 2 quarters. The
``--org`` run generates an organisation of that many projects and times
:func:`~vmo_lib.realization.uncertainty.value_uncertainty` on it (forecast, earned schedule
and the draws). Reported: wall time (median of ``--repeat``) and the process's peak resident
memory (``ru_maxrss``), which stays bounded because samples are drawn in chunks.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

import numpy as np


def core_inputs(benefits: int, quarters: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Random register-shaped inputs for :func:`simulate_value` (money in plain units)."""
    rng = np.random.default_rng(seed)
    projects = max(1, benefits // 5)
    profile = rng.gamma(2.0, 50_000.0, size=(benefits, quarters))
    profile[:, : quarters // 4] *= rng.random((benefits, 1)) < 0.5  # late starters
    return {
        "banked": rng.gamma(2.0, 100_000.0, size=benefits),
        "profile": profile,
        "confidence": np.round(rng.beta(6.0, 3.0, size=benefits), 2),
        "sigma": rng.uniform(0.0, 0.3, size=benefits),
        "group": rng.integers(0, projects, size=benefits),
        "max_delay": np.where(rng.random(projects) < 1 / 3, 2, 0),
    }


def time_core(benefits: int, samples: int, quarters: int, repeat: int) -> list[float]:
    from vmo_lib.realization.uncertainty import simulate_value

    inputs = core_inputs(benefits, quarters)
    times = []
    for seed in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        totals, _ = simulate_value(**inputs, samples=samples, seed=seed)
        times.append(time.perf_counter() - start)
        used = time.process_time() - cpu
        print(
            f"  run {seed + 1}: {times[-1]:.2f} s wall, {used:.2f} s CPU, "
            f"P50 {np.quantile(totals, 0.5):,.0f}"
        )
    return times


def time_org(projects: int, samples: int, repeat: int) -> list[float]:
    """Generate, write and load an organisation (as a user's data arrives), then time the
    whole :func:`value_uncertainty` on it."""
    import tempfile
    from pathlib import Path

    from vmo_lib.data import load_organisation
    from vmo_lib.data.generator import generate_organisation, write_dataset
    from vmo_lib.realization.uncertainty import value_uncertainty

    with tempfile.TemporaryDirectory() as folder:
        write_dataset(generate_organisation(projects, seed=11), Path(folder))
        org = load_organisation(folder)
    print(f"  {len(org.benefits):,} benefits on {projects:,} projects")
    times = []
    for seed in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        result = value_uncertainty(org, "2026-09-30", samples=samples, seed=seed)
        times.append(time.perf_counter() - start)
        used = time.process_time() - cpu
        print(
            f"  run {seed + 1}: {times[-1]:.2f} s wall, {used:.2f} s CPU, "
            f"P50 {result.value_p50:,.0f}"
        )
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benefits", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--quarters", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--org", type=int, default=0, help="projects of a generated organisation")
    args = parser.parse_args()
    if args.org:
        print(f"value_uncertainty, generated organisation, {args.samples:,} samples")
        times = time_org(args.org, args.samples, args.repeat)
    else:
        print(
            f"simulate_value: {args.benefits:,} benefits x {args.samples:,} samples x "
            f"{args.quarters} quarters"
        )
        times = time_core(args.benefits, args.samples, args.quarters, args.repeat)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"median {statistics.median(times):.2f} s; peak resident memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
