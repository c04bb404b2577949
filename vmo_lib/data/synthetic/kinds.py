"""Hidden project kinds and the profile of numbers each kind draws around.

Kinds are not a schema column: they only shape a project's size, risk, value and how the
legacy priority list treats it (see the package docstring of :mod:`vmo_lib.data.synthetic`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

KINDS = ("strategic", "core", "compliance", "pet")
"""Hidden project kinds (not a schema column) that shape a project's numbers."""


@dataclass(frozen=True)
class KindProfile:
    """How projects of one kind look: sizes in EUR, indices as ratios, scores on 0-5."""

    bac_median: float  # median budget at completion, currency units
    benefit_multiple: float  # business-case benefit / BAC
    cpi_mean: float  # cost performance index (EV/AC)
    spi_mean: float  # schedule performance index (EV/PV)
    success: float  # sponsor's probability of success, 0-1
    owner_share: float  # share of projects that name a benefit owner
    base_contribution: float  # mean score on leaf drivers outside the project's focus
    focus_contribution: float  # mean score on the project's focus drivers
    focus_drivers: int  # how many leaf drivers a project focuses on
    legacy_pull: float  # how strongly the legacy priority list favours the kind
    benefits_per_project: float  # mean benefits registered per started project
    realisation: float  # mean share of planned benefit actually realised


KIND_PROFILES: dict[str, KindProfile] = {
    "strategic": KindProfile(4.0e6, 3.2, 0.91, 0.87, 0.65, 0.7, 0.35, 3.7, 2, 0.3, 2.2, 0.8),
    "core": KindProfile(1.8e6, 1.8, 0.97, 0.95, 0.8, 0.55, 0.3, 2.4, 1, 0.4, 1.6, 0.85),
    "compliance": KindProfile(0.8e6, 0.4, 1.01, 0.99, 0.95, 0.25, 0.1, 0.7, 1, 1.0, 1.1, 0.9),
    "pet": KindProfile(0.6e6, 1.1, 1.0, 0.99, 0.85, 0.3, 0.2, 0.8, 1, 0.8, 1.2, 0.45),
}


def kind_array(kinds: Iterable[str], field: str) -> np.ndarray:
    """One :class:`KindProfile` field looked up for each project's kind, as a float array."""
    return np.array([getattr(KIND_PROFILES[k], field) for k in kinds], dtype=float)
