"""Harbourline's scarce skills: the case study's ``resource_demand`` and ``resource_capacity``.

Three skills the story makes scarce: data engineers (wanted by the digital and ERP
programmes), automation engineers (the warehouse programme) and change managers (everyone).
They are drawn by :func:`vmo_lib.data.synthetic.resources.resource_tables` from a generator of
their own (``[SEED, RESOURCE_STREAM]``), so every other table of the case study is unchanged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from vmo_lib.data.synthetic.resources import RESOURCE_STREAM, ResourceSpec, resource_tables

__all__ = ["HARBOURLINE_RESOURCES", "harbourline_resources"]

HARBOURLINE_RESOURCES: tuple[ResourceSpec, ...] = (
    ResourceSpec(
        "Data engineers",
        0.35,
        (0.10, 0.25),
        0.5,
        {"Digital Customer": 2.5, "Core Systems (ERP)": 2.0, "Fleet Decarbonisation": 0.5},
    ),
    ResourceSpec(
        "Automation engineers",
        0.15,
        (0.10, 0.20),
        0.55,
        {"Network & Warehouse Automation": 6.0, "Fleet Decarbonisation": 2.0},
    ),
    ResourceSpec("Change managers", 0.55, (0.04, 0.10), 0.65),
)
"""The case study's scarce skills, scarcest first (see the module text)."""


def harbourline_resources(
    seed: int, projects: pd.DataFrame, cashflows: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """The two resource tables of the case study (FTE per year), from ``[seed, 17]``."""
    rng = np.random.default_rng([seed, RESOURCE_STREAM])
    return resource_tables(rng, projects, cashflows, HARBOURLINE_RESOURCES)
