"""Specification records an organisation is generated from: drivers, programmes, benefit
wording, survey dimensions and skills."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


@dataclass(frozen=True)
class DriverSpec:
    """One node of a value driver tree (a row of ``value_drivers``)."""

    driver_id: str
    parent_id: str | None
    name: str
    category: str
    description: str = ""


@dataclass(frozen=True)
class ProgrammeSpec:
    """A programme: its sponsor, the mix of project kinds it runs and the drivers it moves.

    ``kind_weights`` are relative weights of :data:`~.kinds.KINDS` (strategic, core,
    compliance, pet); ``focus_drivers`` are leaf driver ids its projects tend to contribute
    to; ``owners`` are the roles that can own its benefits; ``topics`` feed generated project
    names.
    """

    name: str
    sponsor: str
    kind_weights: tuple[float, float, float, float]
    focus_drivers: tuple[str, ...]
    owners: tuple[str, ...]
    topics: tuple[str, ...] = ()


class BenefitTemplate(NamedTuple):
    """A benefit as a register names it, with its measure and where its evidence comes from."""

    name: str
    measure: str
    unit: str
    baseline: float
    target: float
    evidence: str


@dataclass(frozen=True)
class DimensionSpec:
    """A maturity dimension of the PMO survey: question prefix and mean levels (1-5)."""

    name: str
    prefix: str
    current_mean: float
    target_mean: float


@dataclass(frozen=True)
class SkillSpec:
    """A skill of the inventory with the mean current and required proficiency (1-5)."""

    name: str
    current_mean: float
    required_mean: float
