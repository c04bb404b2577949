"""Specification records an organisation is generated from (drivers, programmes, benefit
wording, survey dimensions and skills) and the readers of the hand-written text blocks that
hold them: ``|``-separated rows, ``field: value`` records and benefit catalogues."""

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


def text_rows(block: str) -> list[list[str]]:
    """Cells of a ``|``-separated text block, one row a line; blank and ``#`` lines skipped.

    Why: hand-written reference data (benefit catalogues, project lists) stays readable and
    one line per record, instead of deeply nested literals.
    """
    rows = []
    for line in block.strip().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            rows.append([cell.strip() for cell in line.split("|")])
    return rows


def text_records(block: str) -> list[dict[str, str]]:
    """Records of a block of ``field: value`` lines, records separated by blank lines.

    Why: long records with many optional fields (a KPI) read better as one field a line.
    """
    records: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for line in [*block.strip().splitlines(), ""]:
        if not line.strip():
            if current:
                records.append(current)
            current = {}
            continue
        field, _, value = line.partition(":")
        current[field.strip()] = value.strip()
    return records


def benefit_catalogue(block: str) -> dict[str | None, tuple[BenefitTemplate, ...]]:
    """Benefit templates by driver from lines ``driver|name|measure|unit|baseline|target|
    evidence``; driver ``-`` files the template under ``None`` (benefits with no driver)."""
    catalogue: dict[str | None, list[BenefitTemplate]] = {}
    for driver, name, measure, unit, base, target, evidence in text_rows(block):
        key = None if driver == "-" else driver
        template = BenefitTemplate(name, measure, unit, float(base), float(target), evidence)
        catalogue.setdefault(key, []).append(template)
    return {k: tuple(v) for k, v in catalogue.items()}
