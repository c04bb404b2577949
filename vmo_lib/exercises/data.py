"""The organisation an exercise works on: the bundled one, or one drawn for each trainee.

Why: when neighbours' numbers differ, nobody copies a result, and every check still works
because it computes the expected answer from the same organisation through :mod:`vmo_lib`.
``trainee_seed`` 0 (or ``None``) means the dataset named by ``data`` (by default the bundled
Harbourline case study); any other seed draws a generated organisation of
``n_projects`` projects with :func:`vmo_lib.data.generator.generate_organisation`, validated by
the same loader as a user's own files.

>>> org = exercise_organisation("harbourline", trainee_seed=7)  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import functools
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from vmo_lib.data import Organisation, load_organisation
from vmo_lib.drivers.weighting import DriverWeights

T = TypeVar("T")

__all__ = ["ahp_weights", "exercise_organisation", "memo"]

_MEMO: dict[tuple[int, str], tuple[object, object]] = {}
_MEMO_SIZE = 32


def exercise_organisation(
    data: str = "harbourline", trainee_seed: int | None = 0, n_projects: int = 30
) -> Organisation:
    """The organisation of one trainee (see module doc); the same seed gives the same data."""
    if not trainee_seed:
        return load_organisation(data)
    if trainee_seed < 0:
        raise ValueError(f"trainee_seed must be 0 (bundled data) or positive, got {trainee_seed}")
    return _generated(int(trainee_seed), int(n_projects))


@functools.lru_cache(maxsize=8)
def _generated(seed: int, n_projects: int) -> Organisation:
    from vmo_lib import portfolio
    from vmo_lib.data.generator import generate_organisation, write_dataset
    from vmo_lib.exercises.tuning import knapsack_trap, riser_parity, tune
    from vmo_lib.portfolio.decision import candidate_inputs

    tables = tune(generate_organisation(n_projects, seed), seed)
    with tempfile.TemporaryDirectory(prefix="vmo-trainee-") as folder:
        write_dataset(tables, Path(folder))
        org = load_organisation(folder)
        # The knapsack trap of exercise 04 needs the value scores, hence the loaded data; it
        # changes a budget only (the scores stay), and the loader validates the result again.
        # So do the legacy swap that makes the biggest riser's project number follow the seed.
        ranking = portfolio.rank_by_value(org, ahp_weights(org).leaves)
        trapped = knapsack_trap(tables, *candidate_inputs(ranking))
        if riser_parity(tables, ranking.active, seed) or trapped:
            write_dataset({"projects": tables["projects"]}, Path(folder))
            org = load_organisation(folder)
    return dataclasses.replace(org, source=f"generated organisation (seed {seed})")


def memo(org: Organisation, name: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per organisation object and ``name`` (checks of one notebook share
    the same slow results, e.g. a value ranking). Keyed by the object's identity: an
    organisation is immutable once loaded, and the entry keeps it alive so the id stays its own.
    """
    key = (id(org), name)
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is org:
        return hit[1]  # type: ignore[return-value]
    value = compute()
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.pop(next(iter(_MEMO)))
    _MEMO[key] = (org, value)
    return value


def ahp_weights(org: Organisation) -> DriverWeights:
    """The organisation's driver weights by AHP (:func:`vmo_lib.drivers.weigh_drivers`),
    computed once per organisation: exercises 02 and 04 both build on them."""
    from vmo_lib import drivers

    return memo(org, "ahp.weights", lambda: drivers.weigh_drivers(org, "ahp"))
