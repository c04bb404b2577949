"""Deterministic generator of a synthetic organisation: every table of the dataset schema.

Why: the notebooks need data to teach with, tests need data of any size, and trainers want a
fresh organisation per workshop group. :func:`generate_organisation` draws one from a seed;
the bundled Harbourline case study (:mod:`vmo_lib.data.casestudy`) reuses the building blocks
below and adds a hand-written story on top.

How the data hangs together. Each project has a hidden *kind* that drives most of its numbers:

``strategic``   large, risky (amber/red more often), big business cases, strong contributions
``core``        mid-sized improvements with moderate value
``compliance``  mandatory work: small, green, tiny benefits, ranked high in the legacy list
``pet``         a senior sponsor's favourite: green, soft benefits, ranked high in the legacy list

so the PMO's legacy priority list and a value ranking disagree, as in real portfolios.

Conventions of the frames returned (the CSV writer :func:`write_dataset` formats them):
money in whole currency units (``int``; optional money is ``float`` with ``NaN`` for blank),
dates as ``datetime64``, quarters as text ``2026Q3``, blanks as ``NaN``. All "to date" figures
are as of :data:`DATA_DATE`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from .schema import STAGES, TABLES_BY_NAME, ColumnSpec, TableSpec

DATA_DATE = pd.Timestamp("2026-09-30")
"""Data date: actuals and earned value are "to date" as of this day."""
FIRST_YEAR = 2023
"""First calendar year of the data (no project starts earlier)."""
LAST_YEAR = 2030
"""Last year of the cash-flow horizon (business-case benefits are counted up to its end)."""
PLAN_END_QUARTER = "2029Q4"
"""Last quarter of the benefit realisation plans."""
DISCOUNT_RATE = 0.08
"""Annual rate (8 %) used for the business-case NPV, discounting to the project's start year."""
RAMP_QUARTERS = 4
"""Quarters a benefit takes to ramp up to its full run rate after go-live."""
SAATY_SCALE = np.array([1 / k for k in range(9, 1, -1)] + list(range(1, 10)), dtype=float)
"""Saaty's judgement values: 1/9 ... 1/2, 1 ... 9."""
KINDS = ("strategic", "core", "compliance", "pet")
"""Hidden project kinds (not a schema column) that shape a project's numbers."""
FIRST_DAY = np.datetime64(f"{FIRST_YEAR}-01-02", "D")


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

    ``kind_weights`` are relative weights of :data:`KINDS` (strategic, core, compliance, pet);
    ``focus_drivers`` are leaf driver ids its projects tend to contribute to; ``owners`` are
    the roles that can own its benefits; ``topics`` feed generated project names.
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


# --- generic organisation used by generate_organisation -------------------------------------

GENERIC_TREE: tuple[DriverSpec, ...] = (
    DriverSpec("O-GROW", None, "Grow revenue", "strategic", "Top-line growth."),
    DriverSpec("D-NEWREV", "O-GROW", "Revenue from new offerings", "financial"),
    DriverSpec("D-SHARE", "O-GROW", "Market share in target segments", "business"),
    DriverSpec("D-INNOV", "O-GROW", "Innovation pipeline", "business"),
    DriverSpec("O-MARGIN", None, "Improve margin", "strategic", "Cost and productivity."),
    DriverSpec("D-COST", "O-MARGIN", "Lower unit cost", "financial"),
    DriverSpec("D-PROD", "O-MARGIN", "Productivity per employee", "operational"),
    DriverSpec("O-CUST", None, "Delight customers", "strategic", "Customer outcomes."),
    DriverSpec("D-NPS", "O-CUST", "Net promoter score", "business"),
    DriverSpec("D-SLA", "O-CUST", "Service levels met", "operational"),
    DriverSpec("O-SUST", None, "Operate sustainably", "strategic", "Environmental footprint."),
    DriverSpec("D-CO2", "O-SUST", "CO2 per unit of output", "operational"),
    DriverSpec("D-WASTE", "O-SUST", "Waste sent to landfill", "operational"),
)

GENERIC_PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    ProgrammeSpec(
        "Customer Growth",
        "Chief Commercial Officer",
        (4, 2, 0.5, 1),
        ("D-NEWREV", "D-SHARE", "D-NPS", "D-INNOV"),
        ("Head of Sales", "Head of Marketing"),
        ("customer portal", "pricing engine", "loyalty scheme", "partner channel"),
    ),
    ProgrammeSpec(
        "Operational Excellence",
        "Chief Operating Officer",
        (2, 4, 0.5, 1),
        ("D-COST", "D-PROD", "D-SLA"),
        ("Head of Operations", "Plant manager"),
        ("process automation", "planning tool", "lean programme", "workforce scheduling"),
    ),
    ProgrammeSpec(
        "Sustainability",
        "Chief Executive Officer",
        (2, 2, 1, 1),
        ("D-CO2", "D-WASTE", "D-COST"),
        ("Head of Sustainability",),
        ("energy monitoring", "packaging redesign", "fleet renewal", "solar roofs"),
    ),
    ProgrammeSpec(
        "Core Platforms",
        "Chief Information Officer",
        (1, 4, 1, 2),
        ("D-PROD", "D-COST", "D-SLA"),
        ("Head of IT Operations", "Finance Director"),
        ("ERP", "data platform", "cloud migration", "identity management"),
    ),
    ProgrammeSpec(
        "Risk & Compliance",
        "Chief Financial Officer",
        (0.3, 1, 5, 1),
        ("D-SLA",),
        ("Head of Compliance",),
        ("privacy controls", "audit trail", "cyber hardening", "regulatory reporting"),
    ),
)


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


GENERIC_BENEFITS = benefit_catalogue(
    """
    D-NEWREV | More revenue from new offerings | New-offer revenue | EUR m | 0 | 12 | Finance
    D-SHARE | Higher share of target segment | Market share | % | 8 | 11 | Market study
    D-INNOV | More ideas reaching market | Launches per year | count | 2 | 5 | Innovation board
    D-COST | Lower cost per order | Cost per order | EUR | 14 | 12 | Management accounts
    D-PROD | More orders per employee | Orders per FTE per day | count | 60 | 70 | Ops dashboard
    D-NPS | Happier customers | Net promoter score | points | 21 | 35 | Customer survey
    D-SLA | Fewer missed service levels | Orders within SLA | % | 91 | 96 | Service desk report
    D-CO2 | Less CO2 per order | CO2 per order | kg | 2.4 | 1.9 | Sustainability report
    D-WASTE | Less waste to landfill | Landfill waste | t/year | 800 | 500 | Contractor invoices
    - | Fewer audit findings | Open audit findings | count | 14 | 4 | Internal audit report
    - | Lower risk of fines | Open regulatory actions | count | 3 | 0 | Compliance register
    """
)

GENERIC_EXECUTIVES = ("CEO", "CFO", "COO", "CCO", "CIO")

MATURITY_DIMENSIONS: tuple[DimensionSpec, ...] = (
    DimensionSpec("Management control", "MGT", 3.0, 3.7),
    DimensionSpec("Benefits management", "BEN", 1.5, 3.6),
    DimensionSpec("Financial management", "FIN", 2.9, 3.6),
    DimensionSpec("Stakeholder engagement", "STK", 2.5, 3.4),
    DimensionSpec("Risk management", "RSK", 2.7, 3.4),
    DimensionSpec("Organisational governance", "GOV", 2.6, 3.5),
    DimensionSpec("Resource management", "RES", 2.3, 3.3),
    DimensionSpec("Strategic alignment", "STR", 2.0, 3.7),
    DimensionSpec("Value tracking and reporting", "VTR", 1.4, 3.7),
    DimensionSpec("Value culture", "VCU", 1.8, 3.4),
    DimensionSpec("Skills and training", "SKL", 2.1, 3.4),
    DimensionSpec("Data and tooling", "DAT", 2.2, 3.5),
)
"""Survey dimensions: the seven P3M3 perspectives plus five VMO ones, with typical levels."""

ROLE_BIAS: dict[str, float] = {
    "Executive": 0.9,
    "PMO staff": 0.4,
    "Business unit lead": -0.1,
    "Project manager": -0.5,
}
"""How much each role over- (+) or under-rates current maturity, in levels."""

VALUE_SKILLS: tuple[SkillSpec, ...] = (
    SkillSpec("Benefits realisation", 1.5, 3.8),
    SkillSpec("Business case writing", 2.3, 3.6),
    SkillSpec("Value KPI design", 1.4, 3.7),
    SkillSpec("Portfolio prioritisation", 1.9, 3.5),
    SkillSpec("Earned value", 3.2, 3.3),
    SkillSpec("Data analysis", 2.3, 3.5),
    SkillSpec("Stakeholder management", 3.1, 3.6),
    SkillSpec("Change management", 2.4, 3.4),
)

COMMENTS: dict[str, tuple[str, ...]] = {
    "green": ("On track.", "", "Milestone met.", "Go-live rehearsal passed."),
    "amber": (
        "Supplier delay; recovery plan agreed.",
        "Scope under review.",
        "Key resource shortage.",
        "Testing behind plan.",
    ),
    "red": (
        "Re-baseline requested.",
        "Budget overrun; steering review.",
        "Critical path slipped.",
        "Vendor's delivery failed acceptance.",
    ),
}


# --- small helpers ---------------------------------------------------------------------------


def quarter_index(dates: pd.Series | pd.DatetimeIndex | np.ndarray) -> np.ndarray:
    """Quarter number ``year * 4 + (quarter - 1)`` of each date, for arithmetic on quarters."""
    index = pd.DatetimeIndex(dates)
    return np.asarray(index.year * 4 + (index.month - 1) // 3, dtype=np.int64)


def quarter_label(index: np.ndarray | int) -> np.ndarray:
    """Text label (``2026Q3``) of quarter numbers made by :func:`quarter_index`."""
    arr = np.asarray(index, dtype=np.int64)
    years = (arr // 4).astype(str)
    quarters = (arr % 4 + 1).astype(str)
    return np.char.add(np.char.add(years, "Q"), quarters)


def parse_quarter_label(label: str) -> int:
    """Quarter number of a label such as ``2029Q4`` (inverse of :func:`quarter_label`)."""
    year, quarter = label.upper().split("Q")
    return int(year) * 4 + int(quarter) - 1


def round_within_groups(amounts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Round consecutive groups of amounts to whole units so each group keeps its rounded total.

    Why: a BAC of 1,234,567 EUR spread over years must still add up to exactly 1,234,567.
    ``sizes`` are the lengths of the consecutive groups in ``amounts``.
    """
    cum = np.cumsum(amounts)
    ends = np.cumsum(sizes)
    before = np.concatenate(([0.0], cum[ends[:-1] - 1])) if len(sizes) else np.array([])
    local = np.round(cum - np.repeat(before, sizes))
    prev = np.concatenate(([0.0], local[:-1]))
    starts = ends - sizes
    prev[starts[sizes > 0]] = 0.0
    return (local - prev).astype(np.int64)


def snap_to_saaty(ratios: np.ndarray) -> np.ndarray:
    """Nearest Saaty value (1/9 ... 9, in log space) of each positive ratio."""
    logs = np.log(np.asarray(ratios, dtype=float))[..., None]
    nearest = np.abs(logs - np.log(SAATY_SCALE)).argmin(axis=-1)
    return SAATY_SCALE[nearest]


def _days(values: np.ndarray) -> np.ndarray:
    return np.asarray(np.round(values), dtype=np.int64).astype("timedelta64[D]")


def _kind_array(kinds: pd.Series, field: str) -> np.ndarray:
    return np.array([getattr(KIND_PROFILES[k], field) for k in kinds], dtype=float)


def _given(mix: pd.DataFrame, column: str, drawn: np.ndarray) -> np.ndarray:
    """``drawn`` with the non-blank values of an optional override column of ``mix``."""
    if column not in mix:
        return drawn
    given = pd.to_numeric(mix[column]).to_numpy(dtype=float)
    return np.where(np.isnan(given), drawn, given)


def _given_text(mix: pd.DataFrame, column: str, drawn: Sequence[object]) -> list[object]:
    """``drawn`` texts with an optional override column of ``mix``: NaN keeps the drawn text,
    ``""`` forces a blank (NaN), anything else replaces it."""
    if column not in mix:
        return list(drawn)
    out: list[object] = []
    for given, value in zip(mix[column], drawn, strict=True):
        if isinstance(given, str):
            out.append(given if given else np.nan)
        else:
            out.append(value)
    return out


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ids(prefix: str, count: int, width: int) -> list[str]:
    return [f"{prefix}-{i:0{width}d}" for i in range(1, count + 1)]


# --- value drivers and judgements ------------------------------------------------------------


def value_drivers_frame(tree: Sequence[DriverSpec]) -> pd.DataFrame:
    """The ``value_drivers`` table of a driver tree (parents before children, as given)."""
    rows = [
        {
            "driver_id": d.driver_id,
            "parent_id": d.parent_id if d.parent_id else np.nan,
            "name": d.name,
            "category": d.category,
            "description": d.description or np.nan,
        }
        for d in tree
    ]
    return pd.DataFrame(rows, columns=TABLES_BY_NAME["value_drivers"].column_names)


def objective_ids(value_drivers: pd.DataFrame) -> list[str]:
    """Strategic objectives: drivers without a parent, in table order."""
    return value_drivers.loc[value_drivers["parent_id"].isna(), "driver_id"].tolist()


def leaf_ids(value_drivers: pd.DataFrame) -> list[str]:
    """Leaf drivers (no children), in table order: the drivers projects are scored against."""
    parents = set(value_drivers["parent_id"].dropna())
    return [d for d in value_drivers["driver_id"] if d not in parents]


def judgements_frame(
    weights: Mapping[str, Sequence[float]],
    objectives: Sequence[str],
    rng: np.random.Generator | None = None,
    noise: float = 0.0,
) -> pd.DataFrame:
    """Pairwise judgements of each executive, derived from the weights they hold in mind.

    Each unordered pair of objectives appears once per executive (``driver_a`` before
    ``driver_b`` in ``objectives`` order). The ratio ``w_a / w_b`` is perturbed by log-normal
    noise of sigma ``noise`` (0 = perfectly consistent thinking) and snapped to Saaty's scale.
    """
    i, j = np.triu_indices(len(objectives), k=1)
    frames = []
    for executive, w in weights.items():
        w_arr = np.asarray(w, dtype=float)
        ratios = w_arr[i] / w_arr[j]
        if rng is not None and noise > 0:
            ratios = ratios * np.exp(rng.normal(0.0, noise, len(ratios)))
        frames.append(
            pd.DataFrame(
                {
                    "executive": executive,
                    "driver_a": np.asarray(objectives)[i],
                    "driver_b": np.asarray(objectives)[j],
                    "judgement": snap_to_saaty(ratios),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


# --- projects --------------------------------------------------------------------------------


def draw_portfolio_mix(
    rng: np.random.Generator,
    n_projects: int,
    programmes: Sequence[ProgrammeSpec],
    stage_shares: Sequence[float] = (0.15, 0.13, 0.42, 0.30),
) -> pd.DataFrame:
    """Draw who the projects are: id, name, programme, sponsor, hidden kind and stage.

    ``stage_shares`` are the probabilities of the stages in :data:`~vmo_lib.data.schema.STAGES`
    order (proposed, approved, in flight, closed).
    """
    if n_projects < 1:
        raise ValueError("n_projects must be at least 1")
    width = max(2, len(str(n_projects)))
    prog = rng.integers(len(programmes), size=n_projects)
    weights = np.array([p.kind_weights for p in programmes], dtype=float)
    cum = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    kind_idx = (rng.random(n_projects)[:, None] > cum[prog]).sum(axis=1).clip(0, len(KINDS) - 1)
    stage_idx = rng.choice(
        len(STAGES), size=n_projects, p=np.asarray(stage_shares) / sum(stage_shares)
    )
    topic_pool = [p.topics or (p.name.lower(),) for p in programmes]
    topic_pick = rng.integers(0, 1_000_000, size=n_projects)
    suffixes = np.array(["pilot", "roll-out", "upgrade", "phase 2", "programme", "refresh"])
    suffix = suffixes[rng.integers(len(suffixes), size=n_projects)]
    names = [
        _sentence_case(f"{topic_pool[p][t % len(topic_pool[p])]} {x}")
        for x, p, t in zip(suffix, prog, topic_pick, strict=True)
    ]
    return pd.DataFrame(
        {
            "project_id": _ids("P", n_projects, width),
            "name": names,
            "programme": [programmes[p].name for p in prog],
            "sponsor": [programmes[p].sponsor for p in prog],
            "kind": np.asarray(KINDS)[kind_idx],
            "stage": np.asarray(STAGES)[stage_idx],
        }
    )


def draw_execution(
    rng: np.random.Generator, mix: pd.DataFrame, data_date: pd.Timestamp = DATA_DATE
) -> pd.DataFrame:
    """Add dates and earned-value figures (EUR, as of ``data_date``) to a portfolio mix.

    Rules: proposed and approved projects start after the data date (PV = EV = AC = 0,
    forecast = plan); in-flight projects started before it, have EV < BAC and a forecast
    finish after it; closed projects finished before it with EV = PV = BAC. CPI and SPI are
    drawn around the kind's means, so strategic projects overrun more often. Optional mix
    columns ``bac`` (EUR), ``cpi``, ``spi`` and ``start`` (date) replace the drawn values
    where not blank.
    """
    n = len(mix)
    stage = mix["stage"].to_numpy()
    kind = mix["kind"]
    dd = np.datetime64(data_date.date(), "D")
    closed, flight = stage == "closed", stage == "in flight"
    future = ~(closed | flight)
    spi = np.clip(rng.normal(_kind_array(kind, "spi_mean"), 0.07), 0.6, 1.08)
    cpi = np.clip(rng.normal(_kind_array(kind, "cpi_mean"), 0.06), 0.72, 1.12)
    duration = rng.uniform(240, 900, n)
    duration[future] = np.minimum(duration[future], 700)
    bac = np.round(_kind_array(kind, "bac_median") * rng.lognormal(0.0, 0.45, n), -4)
    bac = np.maximum(bac, 50_000)
    spi, cpi, bac = (_given(mix, col, x) for col, x in (("spi", spi), ("cpi", cpi), ("bac", bac)))

    start = np.empty(n, dtype="datetime64[D]")
    # closed: the whole actual duration fits between FIRST_DAY and two weeks before the data date
    window = (dd - 14 - FIRST_DAY).astype(float)
    actual_days = np.minimum(duration / spi, window - 30)
    duration = np.where(closed, actual_days * spi, duration)
    closed_start = FIRST_DAY + _days(rng.uniform(0, 1, n) * (window - actual_days))
    finish = closed_start + _days(actual_days)
    start[closed] = closed_start[closed]
    # in flight: between 15 % and 120 % of the planned duration has elapsed
    elapsed = np.maximum(duration * rng.uniform(0.15, 1.2, n), 45)
    flight_start = np.maximum(dd - _days(elapsed), FIRST_DAY)
    start[flight] = flight_start[flight]
    # approved / proposed: start in the coming months
    lead = np.where(stage == "approved", rng.uniform(10, 150, n), rng.uniform(45, 300, n))
    start[future] = (dd + _days(lead))[future]
    if "start" in mix:  # story override; a closed project must still finish before the cut-off
        given = pd.to_datetime(mix["start"]).to_numpy().astype("datetime64[D]")
        has = ~np.isnat(given)
        start[has] = given[has]
        room = (dd - 14 - start).astype(float)
        fix = has & closed
        actual_days[fix] = np.minimum(actual_days[fix], room[fix])
        duration[fix] = actual_days[fix] * spi[fix]
        finish[fix] = start[fix] + _days(actual_days[fix])

    planned_finish = start + _days(duration)
    forecast = start + _days(duration / spi)
    forecast = np.where(closed, finish, forecast)
    late_floor = dd + _days(rng.uniform(30, 150, n))
    forecast = np.where(flight & (forecast <= dd + 20), late_floor, forecast)
    forecast = np.where(future, planned_finish, forecast)

    elapsed_days = (dd - start).astype(float)
    planned_share = np.clip(elapsed_days / np.maximum(duration, 1), 0, 1)
    pv = np.where(closed, bac, np.where(flight, bac * planned_share, 0.0))
    ev_share = np.where(flight, np.minimum(planned_share * spi, 0.95), 0.0)
    ev = np.where(closed, bac, bac * ev_share * rng.uniform(0.985, 1.0, n))
    ac = np.where(closed | flight, ev / cpi, 0.0)
    pv, ev, ac = (np.round(x).astype(np.int64) for x in (pv, ev, ac))
    ev = np.minimum(ev, bac.astype(np.int64))
    changes = np.where(
        closed | flight, rng.poisson(0.8 + 1.4 * (kind.to_numpy() == "strategic"), n), 0
    )
    # phased roll-outs start realising benefits before the whole project finishes
    phased = flight & (rng.random(n) < 0.35)
    early = start + _days(0.6 * (forecast - start).astype(float))
    go_live = np.where(closed, forecast, np.where(phased & (early < dd), early, forecast))
    out = mix.copy()
    out["start_date"] = pd.to_datetime(start)
    out["planned_finish"] = pd.to_datetime(planned_finish)
    out["forecast_finish"] = pd.to_datetime(forecast)
    out["go_live"] = pd.to_datetime(go_live)
    out["budget_at_completion"] = bac.astype(np.int64)
    out["planned_value"] = pv
    out["earned_value"] = ev
    out["actual_cost"] = ac
    out["scope_changes"] = changes.astype(np.int64)
    out["rag_status"] = rag_from_indices(out)
    return out


def rag_from_indices(design: pd.DataFrame) -> np.ndarray:
    """RAG a project manager would report from CPI and SPI (both EV-based ratios).

    Green from 0.95, amber from 0.85, red below; managers of compliance and pet projects
    report 0.05 more optimistically (low scrutiny). Not-started projects report green; closed
    ones are judged on their final CPI alone.
    """
    ev = design["earned_value"].to_numpy(dtype=float)
    pv = design["planned_value"].to_numpy(dtype=float)
    ac = design["actual_cost"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cpi = np.where(ac > 0, ev / ac, 1.0)
        spi = np.where(pv > 0, ev / pv, 1.0)
    stage = design["stage"].to_numpy()
    health = np.where(stage == "closed", cpi, np.minimum(cpi, spi))
    optimism = np.where(design["kind"].isin(["compliance", "pet"]), 0.05, 0.0)
    score = health + optimism
    rag = np.where(score >= 0.95, "green", np.where(score >= 0.85, "amber", "red"))
    return np.where(np.isin(stage, ["proposed", "approved"]), "green", rag)


def benefit_profile(design: pd.DataFrame) -> pd.DataFrame:
    """Quarterly profile of each project's business-case benefit (EUR), for cash flows and plans.

    Benefits start the quarter after the *planned* finish (the business case's view), ramp up
    over :data:`RAMP_QUARTERS` quarters and stay flat to the end of :data:`LAST_YEAR`; each
    project's quarters add up exactly to its ``business_case_benefit``. Columns:
    ``project_id``, ``q`` (quarter number), ``value``.
    """
    last = LAST_YEAR * 4 + 3
    first = np.minimum(quarter_index(design["planned_finish"]) + 1, last)
    sizes = last - first + 1
    p = np.repeat(np.arange(len(design)), sizes)
    k = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    w = np.minimum((k + 1) / RAMP_QUARTERS, 1.0)
    w_sum = np.bincount(p, weights=w, minlength=len(design))
    total = design["business_case_benefit"].to_numpy(dtype=float)
    values = round_within_groups(total[p] * w / w_sum[p], sizes)
    return pd.DataFrame(
        {"project_id": design["project_id"].to_numpy()[p], "q": first[p] + k, "value": values}
    )


def cashflows_frame(design: pd.DataFrame, profile: pd.DataFrame) -> pd.DataFrame:
    """The ``cashflows`` table: one row per project and year from its start year to LAST_YEAR.

    Investment (EUR) spreads the BAC over the planned duration pro rata to days in each year;
    expected benefit (EUR) is the yearly sum of the benefit profile. Sums are exact.
    """
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    jan1 = np.array([np.datetime64(f"{y}-01-01", "D") for y in years])
    dec31 = np.array([np.datetime64(f"{y + 1}-01-01", "D") for y in years])
    start = design["start_date"].to_numpy().astype("datetime64[D]")[:, None]
    finish = design["planned_finish"].to_numpy().astype("datetime64[D]")[:, None]
    overlap = (np.minimum(finish, dec31) - np.maximum(start, jan1)).astype(float)
    overlap = np.clip(overlap, 0, None)
    share = overlap / np.maximum(overlap.sum(axis=1, keepdims=True), 1)
    bac = design["budget_at_completion"].to_numpy(dtype=float)[:, None]
    first_year = pd.DatetimeIndex(design["start_date"]).year.to_numpy()
    keep = years[None, :] >= first_year[:, None]
    sizes = keep.sum(axis=1)
    invest = round_within_groups((bac * share)[keep], sizes)
    benefit = np.zeros((len(design), len(years)))
    row = pd.Index(design["project_id"]).get_indexer(profile["project_id"])
    np.add.at(benefit, (row, profile["q"].to_numpy() // 4 - FIRST_YEAR), profile["value"])
    return pd.DataFrame(
        {
            "project_id": np.repeat(design["project_id"].to_numpy(), sizes),
            "year": np.broadcast_to(years, keep.shape)[keep].astype(np.int64),
            "investment_cost": invest,
            "expected_benefit": benefit[keep].astype(np.int64),
        }
    )


def npv_from_cashflows(cashflows: pd.DataFrame, design: pd.DataFrame) -> pd.Series:
    """NPV (EUR, rounded to 1,000) of each project's cash flows at :data:`DISCOUNT_RATE`,
    discounted to the project's start year. Indexed by ``project_id``."""
    start_year = pd.Series(
        pd.DatetimeIndex(design["start_date"]).year, index=design["project_id"].to_numpy()
    )
    t = cashflows["year"].to_numpy() - start_year.loc[cashflows["project_id"]].to_numpy()
    net = cashflows["expected_benefit"] - cashflows["investment_cost"]
    discounted = net.to_numpy(dtype=float) / (1 + DISCOUNT_RATE) ** t
    npv = pd.Series(discounted).groupby(cashflows["project_id"].to_numpy()).sum()
    return npv.round(-3).reindex(design["project_id"].to_numpy())


def draw_business_case(rng: np.random.Generator, design: pd.DataFrame) -> pd.DataFrame:
    """Add business-case benefit (EUR, whole life to LAST_YEAR) and probability of success.

    The benefit is the BAC times the kind's benefit multiple with log-normal spread, rounded
    to 10,000 EUR; one project in ten gives no probability of success. An optional
    ``benefit_multiple`` column of ``design`` replaces the drawn multiple where not blank.
    """
    n = len(design)
    multiple = _kind_array(design["kind"], "benefit_multiple") * rng.lognormal(0, 0.3, n)
    multiple = _given(design, "benefit_multiple", multiple)
    benefit = np.round(design["budget_at_completion"].to_numpy() * multiple, -4)
    success = np.clip(rng.normal(_kind_array(design["kind"], "success"), 0.07), 0.3, 0.98)
    success = np.where(rng.random(n) < 0.1, np.nan, np.round(success, 2))
    out = design.copy()
    out["business_case_benefit"] = benefit.astype(np.int64)
    out["probability_of_success"] = success
    return out


def draw_owners_and_comments(
    rng: np.random.Generator, design: pd.DataFrame, programmes: Sequence[ProgrammeSpec]
) -> pd.DataFrame:
    """Add a benefit owner (blank where the PMO never asked for one) and a short comment.

    Optional ``benefit_owner`` / ``comments`` columns of ``design`` win where not NaN (an
    empty string there means "deliberately blank").
    """
    by_name = {p.name: p for p in programmes}
    n = len(design)
    has_owner = rng.random(n) < _kind_array(design["kind"], "owner_share")
    pick = rng.integers(0, 1_000_000, n)
    owners = [
        by_name[prog].owners[k % len(by_name[prog].owners)] if has else np.nan
        for prog, k, has in zip(design["programme"], pick, has_owner, strict=True)
    ]
    comment_pick = rng.integers(0, 1_000_000, n)
    comments = [
        COMMENTS[rag][k % len(COMMENTS[rag])] or np.nan
        for rag, k in zip(design["rag_status"], comment_pick, strict=True)
    ]
    out = design.copy()
    out["benefit_owner"] = _given_text(design, "benefit_owner", owners)
    out["comments"] = _given_text(design, "comments", comments)
    return out


def legacy_scores(rng: np.random.Generator, design: pd.DataFrame) -> np.ndarray:
    """How high the PMO's legacy list puts each project (higher = nearer the top).

    The legacy list rewards mandatory and sponsor-backed work, green status and big budgets,
    not value, which is the point the portfolio notebook makes.
    """
    green = (design["rag_status"] == "green").to_numpy(dtype=float)
    size = np.log(design["budget_at_completion"].to_numpy(dtype=float))
    return (
        _kind_array(design["kind"], "legacy_pull")
        + 0.5 * green
        + 0.15 * (size - size.mean())
        + rng.normal(0, 0.6, len(design))
    )


def ranks_from_scores(scores: np.ndarray) -> np.ndarray:
    """Ranks 1..n with 1 for the highest score (ties broken by position)."""
    order = np.argsort(-np.asarray(scores), kind="stable")
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1)
    return ranks


def projects_frame(design: pd.DataFrame) -> pd.DataFrame:
    """The ``projects`` table from a design (schema columns only, schema order)."""
    return design[TABLES_BY_NAME["projects"].column_names].reset_index(drop=True)


# --- contributions ---------------------------------------------------------------------------


def draw_focus(
    rng: np.random.Generator,
    design: pd.DataFrame,
    programmes: Sequence[ProgrammeSpec],
    leaves: Sequence[str],
) -> np.ndarray:
    """0/1 matrix (projects x leaves) of the drivers each project mainly moves.

    Each project picks as many focus drivers as its kind asks, preferring its programme's
    ``focus_drivers`` (weight 1) over the others (weight 0.05).
    """
    by_name = {p.name: p for p in programmes}
    affinity = np.array(
        [
            [1.0 if leaf in by_name[g].focus_drivers else 0.05 for leaf in leaves]
            for g in design["programme"]
        ]
    ).reshape(len(design), len(leaves))
    keys = np.log(affinity) + rng.gumbel(size=affinity.shape)
    order = np.argsort(-keys, axis=1)
    count = _kind_array(design["kind"], "focus_drivers").astype(int)
    focus = np.zeros_like(affinity)
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(len(leaves))[None, :], axis=1)
    focus[rank < count[:, None]] = 1.0
    return focus


def contributions_frame(
    rng: np.random.Generator,
    design: pd.DataFrame,
    leaves: Sequence[str],
    focus: np.ndarray,
) -> pd.DataFrame:
    """The ``project_contributions`` table: every project x every leaf, scored 0-5.

    Scores are Poisson around the kind's base mean, or its focus mean on focus drivers,
    capped at 5, so most scores are 0-2 and strategic projects get the 4s and 5s.
    """
    base = _kind_array(design["kind"], "base_contribution")[:, None]
    peak = _kind_array(design["kind"], "focus_contribution")[:, None]
    mean = np.where(focus > 0, peak, base)
    scores = np.minimum(rng.poisson(mean), 5)
    return pd.DataFrame(
        {
            "project_id": np.repeat(design["project_id"].to_numpy(), len(leaves)),
            "driver_id": np.tile(np.asarray(leaves), len(design)),
            "contribution": scores.ravel().astype(np.int64),
        }
    )


def contribution_matrix(contributions: pd.DataFrame) -> pd.DataFrame:
    """Contributions pivoted to projects x leaf drivers (input order kept)."""
    return contributions.pivot(index="project_id", columns="driver_id", values="contribution")


# --- survey and skills -----------------------------------------------------------------------


def assessment_frame(
    rng: np.random.Generator,
    respondents: Mapping[str, int],
    dimensions: Sequence[DimensionSpec] = MATURITY_DIMENSIONS,
    role_bias: Mapping[str, float] = ROLE_BIAS,
    questions_per_dimension: int = 3,
) -> pd.DataFrame:
    """The ``pmo_assessment`` table: every respondent answers every question (levels 1-5).

    Current level = dimension mean + role bias + personal bias + noise, rounded and clipped;
    the target is drawn around the dimension's target mean and never below the current level.
    """
    roles = [role for role, count in respondents.items() for _ in range(count)]
    n_r = len(roles)
    q_dims = [d for d in dimensions for _ in range(questions_per_dimension)]
    q_ids = [f"{d.prefix}-{k + 1}" for d in dimensions for k in range(questions_per_dimension)]
    n_q = len(q_ids)
    bias = np.array([role_bias.get(r, 0.0) for r in roles])[:, None]
    personal = rng.normal(0, 0.3, n_r)[:, None]
    cur_mean = np.array([d.current_mean for d in q_dims])[None, :]
    tgt_mean = np.array([d.target_mean for d in q_dims])[None, :]
    current = np.clip(np.round(cur_mean + bias + personal + rng.normal(0, 0.5, (n_r, n_q))), 1, 5)
    target = np.clip(np.round(tgt_mean + rng.normal(0, 0.45, (n_r, n_q))), 1, 5)
    target = np.maximum(target, current)
    return pd.DataFrame(
        {
            "respondent_id": np.repeat(_ids("R", n_r, 2), n_q),
            "role": np.repeat(roles, n_q),
            "dimension": np.tile([d.name for d in q_dims], n_r),
            "question_id": np.tile(q_ids, n_r),
            "current_level": current.ravel().astype(np.int64),
            "target_level": target.ravel().astype(np.int64),
        }
    )


def skills_frame(
    rng: np.random.Generator,
    teams: Mapping[str, tuple[int, float]],
    skills: Sequence[SkillSpec] = VALUE_SKILLS,
) -> pd.DataFrame:
    """The ``skills_inventory`` table: every team x skill with current and required level.

    ``teams`` maps a team to (headcount, offset in levels from the skill's mean current level).
    """
    names = list(teams)
    heads = np.array([teams[t][0] for t in names], dtype=np.int64)
    offset = np.array([teams[t][1] for t in names])[:, None]
    cur_mean = np.array([s.current_mean for s in skills])[None, :]
    req_mean = np.array([s.required_mean for s in skills])[None, :]
    shape = (len(names), len(skills))
    current = np.clip(np.round(cur_mean + offset + rng.normal(0, 0.4, shape)), 1, 5)
    required = np.clip(np.round(req_mean + rng.normal(0, 0.4, shape)), 1, 5)
    required = np.maximum(required, current)
    return pd.DataFrame(
        {
            "team": np.repeat(names, len(skills)),
            "headcount": np.repeat(heads, len(skills)),
            "skill": np.tile([s.name for s in skills], len(names)),
            "current_level": current.ravel().astype(np.int64),
            "required_level": required.ravel().astype(np.int64),
        }
    )


# --- KPIs ------------------------------------------------------------------------------------


def kpis_frame(records: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """The ``kpis`` table from KPI records (dicts); missing fields become blank cells."""
    columns = TABLES_BY_NAME["kpis"].column_names
    frame = pd.DataFrame([{c: r.get(c, np.nan) for c in columns} for r in records])
    frame = frame.reindex(columns=columns)
    frame["target_date"] = pd.to_datetime(frame["target_date"])
    for col in ("baseline", "target", "amber_threshold", "red_threshold"):
        frame[col] = pd.to_numeric(frame[col])
    return frame


EXECUTION_KPIS: tuple[dict[str, object], ...] = (
    {
        "name": "Projects on time",
        "kind": "execution",
        "perspective": "operational",
        "unit": "%",
        "direction": "higher",
        "frequency": "monthly",
        "owner": "PMO lead",
        "formula": "Projects with forecast finish <= planned finish / active projects",
        "data_source": "PPM tool",
        "timing": "lagging",
        "stages": "in flight",
    },
    {
        "name": "Projects on budget",
        "kind": "execution",
        "perspective": "financial",
        "unit": "%",
        "direction": "higher",
        "frequency": "monthly",
        "owner": "PMO lead",
        "data_source": "PPM tool",
        "stages": "in flight; closure",
    },
    {
        "name": "Cost performance index",
        "kind": "execution",
        "perspective": "financial",
        "formula": "EV / AC",
        "unit": "ratio",
        "direction": "higher",
        "baseline": 0.93,
        "target": 1.0,
        "frequency": "monthly",
        "data_source": "PPM tool",
        "timing": "leading",
        "amber_threshold": 0.95,
        "red_threshold": 0.9,
        "stages": "in flight",
    },
)


def draft_kpis(rng: np.random.Generator, value_drivers: pd.DataFrame) -> pd.DataFrame:
    """A draft KPI catalogue for a generated organisation, with typical drafting defects.

    One value KPI per leaf driver (a random third of them left out), each losing fields at
    random (unit, owner, target, driver link), plus the standard execution KPIs and one vague
    aspiration with nothing filled in.
    """
    leaves = value_drivers.set_index("driver_id").loc[leaf_ids(value_drivers)]
    records: list[dict[str, object]] = []
    for driver_id, row in leaves.iterrows():
        if rng.random() < 0.33:
            continue
        baseline = float(rng.integers(40, 80))
        record: dict[str, object] = {
            "name": row["name"],
            "purpose": f"Track {row['name'].lower()}.",
            "driver_id": driver_id,
            "kind": "value",
            "perspective": row["category"],
            "formula": f"{row['name']} measured from source data",
            "unit": "index",
            "direction": "higher",
            "baseline": baseline,
            "target": baseline + float(rng.integers(5, 20)),
            "target_date": f"{LAST_YEAR - 2}-12-31",
            "frequency": "quarterly",
            "owner": "Head of Strategy",
            "data_source": "Data warehouse",
            "timing": "lagging",
            "stages": "closure; post-closure",
        }
        for field, p in (("unit", 0.2), ("owner", 0.3), ("target", 0.2), ("driver_id", 0.2)):
            if rng.random() < p:
                record[field] = np.nan
        records.append(record)
    records.extend(dict(r) for r in EXECUTION_KPIS)
    records.append({"name": "Improve customer happiness", "kind": "value"})
    for k, record in enumerate(records, start=1):
        record["kpi_id"] = f"K-{k:02d}"
    return kpis_frame(records)


# --- benefits --------------------------------------------------------------------------------


def draw_benefit_slots(
    rng: np.random.Generator,
    design: pd.DataFrame,
    contributions: pd.DataFrame,
    catalogue: Mapping[str | None, Sequence[BenefitTemplate]],
) -> pd.DataFrame:
    """Which benefits each project past the proposal stage registers, and their wording.

    A project's k-th benefit feeds its k-th strongest leaf driver if it scores at least 2
    there (1 for the first benefit), otherwise no driver. Its wording comes from
    ``catalogue`` (keyed by driver id, or ``None`` for driver-less benefits), taking the
    templates of a driver in turn. Columns: ``project_id``, ``driver_id`` and the
    :class:`BenefitTemplate` fields.
    """
    sub = design[design["stage"] != "proposed"]
    counts = np.clip(rng.poisson(_kind_array(sub["kind"], "benefits_per_project")), 1, 4)
    matrix = contribution_matrix(contributions).loc[sub["project_id"]]
    leaves = np.asarray(matrix.columns)
    scores = matrix.to_numpy(dtype=float)
    order = np.argsort(-(scores + rng.random(scores.shape) * 0.1), axis=1)
    counts = np.minimum(counts, len(leaves))
    p = np.repeat(np.arange(len(sub)), counts)
    k = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    leaf_pos = order[p, k]
    strong = scores[p, leaf_pos] >= np.where(k == 0, 1, 2)
    driver = np.where(strong, leaves[leaf_pos], None)
    keys: list[str | None] = [d if d in catalogue else None for d in driver]
    labels = [str(kk) for kk in keys]
    turn = pd.Series(labels).groupby(labels).cumcount().to_numpy()
    templates = [catalogue[kk][t % len(catalogue[kk])] for kk, t in zip(keys, turn, strict=True)]
    slots = pd.DataFrame(templates, columns=list(BenefitTemplate._fields))
    slots.insert(0, "project_id", sub["project_id"].to_numpy()[p])
    slots.insert(1, "driver_id", [d if d is not None else np.nan for d in driver])
    return slots


def complete_benefits(
    rng: np.random.Generator,
    slots: pd.DataFrame,
    design: pd.DataFrame,
    programmes: Sequence[ProgrammeSpec],
) -> pd.DataFrame:
    """The ``benefits`` table (plus helper columns) from benefit slots (grouped by project).

    Owner: the project's benefit owner (dropped on one benefit in ten); where the project has
    none, a programme role on three benefits in ten. One baseline in seven is left blank.
    Helper columns: ``share`` of the project's benefit profile (random, summing to 1 per
    project) and ``evidence_source``. ``planned_total`` is set by :func:`benefit_plan_frame`.
    """
    info = design.set_index("project_id").loc[slots["project_id"]]
    n = len(slots)
    by_name = {g.name: g for g in programmes}
    pool = [by_name[g].owners for g in info["programme"]]
    pick = rng.integers(0, 1_000_000, n)
    stand_in = np.array([o[j % len(o)] for o, j in zip(pool, pick, strict=True)], dtype=object)
    project_owner = info["benefit_owner"].to_numpy(dtype=object)
    draw = rng.random(n)
    named = pd.notna(project_owner)
    owner = np.where(named & (draw >= 0.1), project_owner, None)
    owner = np.where(~named & (draw < 0.3), stand_in, owner)
    baseline = slots["baseline"].to_numpy(dtype=float).copy()
    baseline[rng.random(n) < 0.15] = np.nan
    group = pd.factorize(slots["project_id"])[0]
    share = rng.gamma(2.0, size=n)
    share = share / np.bincount(group, weights=share)[group]
    width = max(3, len(str(n)))
    return pd.DataFrame(
        {
            "benefit_id": _ids("B", n, width),
            "project_id": slots["project_id"].to_numpy(),
            "driver_id": slots["driver_id"].to_numpy(),
            "name": slots["name"].to_numpy(),
            "measure": slots["measure"].to_numpy(),
            "unit": slots["unit"].to_numpy(),
            "owner": [o if isinstance(o, str) else np.nan for o in owner],
            "baseline": baseline,
            "target": slots["target"].to_numpy(dtype=float),
            "planned_total": np.zeros(n, dtype=np.int64),
            "share": share,
            "evidence_source": slots["evidence"].to_numpy(),
        }
    )


def benefit_plan_frame(
    benefits: pd.DataFrame, profile: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split each project's benefit profile over its benefits, up to :data:`PLAN_END_QUARTER`.

    Returns the ``benefit_plan`` table and the benefits with ``planned_total`` (EUR) set to
    the sum of their plan, so the register and the plan always agree.
    """
    end = parse_quarter_label(PLAN_END_QUARTER)
    prof = profile[profile["q"] <= end]
    merged = benefits[["benefit_id", "project_id", "share"]].merge(prof, on="project_id")
    sizes = merged.groupby("benefit_id", sort=False).size().to_numpy()
    values = round_within_groups(
        merged["value"].to_numpy(dtype=float) * merged["share"].to_numpy(), sizes
    )
    plan = pd.DataFrame(
        {
            "benefit_id": merged["benefit_id"].to_numpy(),
            "quarter": quarter_label(merged["q"].to_numpy()),
            "planned_value": values,
            "q": merged["q"].to_numpy(),
        }
    )
    totals = plan.groupby("benefit_id")["planned_value"].sum()
    out = benefits.copy()
    out["planned_total"] = out["benefit_id"].map(totals).fillna(0).astype(np.int64)
    return plan, out


def benefit_actuals_frame(
    rng: np.random.Generator,
    benefits: pd.DataFrame,
    plan: pd.DataFrame,
    design: pd.DataFrame,
    data_date: pd.Timestamp = DATA_DATE,
) -> pd.DataFrame:
    """The ``benefit_actuals`` table: realised value (EUR) per planned quarter up to the cut-off.

    Values are realised only after the project's go-live and up to the data date's quarter.
    Each benefit realises a share of plan around its kind's mean (lower without an owner);
    about one in seven stops reporting 2-4 quarters before the cut-off; evidence is blank on
    some rows (more often without an owner).
    """
    cutoff = int(quarter_index(pd.DatetimeIndex([data_date]))[0])
    info = benefits.merge(design[["project_id", "kind", "go_live"]], on="project_id")
    info = info.set_index("benefit_id")
    n = len(info)
    has_owner = info["owner"].notna().to_numpy()
    perf = rng.normal(_kind_array(info["kind"], "realisation") + 0.1 * has_owner - 0.1, 0.2)
    perf = np.clip(perf, 0.05, 1.4)
    stale = rng.random(n) < 0.15
    stop = np.where(stale, cutoff - rng.integers(2, 5, n), cutoff)
    live_q = quarter_index(info["go_live"])
    rows = plan.merge(
        pd.DataFrame({"benefit_id": info.index, "stop": stop, "live": live_q, "perf": perf}),
        on="benefit_id",
    )
    rows = rows[(rows["q"] > rows["live"]) & (rows["q"] <= rows["stop"])].reset_index(drop=True)
    noise = rng.lognormal(0, 0.12, len(rows))
    realised = np.round(rows["planned_value"].to_numpy() * rows["perf"].to_numpy() * noise)
    owner_of = pd.Series(has_owner, index=info.index)
    blank_p = np.where(owner_of.loc[rows["benefit_id"]].to_numpy(), 0.08, 0.35)
    evidence = info["evidence_source"].loc[rows["benefit_id"]].to_numpy().astype(object)
    evidence[rng.random(len(rows)) < blank_p] = np.nan
    return pd.DataFrame(
        {
            "benefit_id": rows["benefit_id"].to_numpy(),
            "quarter": rows["quarter"].to_numpy(),
            "realised_value": realised.astype(np.int64),
            "evidence": evidence,
        }
    )


def table_frames(tables: Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Keep only schema columns, in schema order, for every table (drops helper columns)."""
    return {
        name: frame[TABLES_BY_NAME[name].column_names].reset_index(drop=True)
        for name, frame in tables.items()
    }


# --- the whole organisation ------------------------------------------------------------------


def build_portfolio(
    rng: np.random.Generator,
    mix: pd.DataFrame,
    programmes: Sequence[ProgrammeSpec],
    tree: Sequence[DriverSpec],
) -> dict[str, pd.DataFrame]:
    """Project-side tables from a portfolio mix: ``design`` (projects plus hidden helper
    columns such as ``kind`` and ``go_live``), ``profile`` (quarterly business-case benefit),
    ``cashflows``, ``value_drivers`` and ``project_contributions``.

    First half of the pipeline shared by :func:`generate_organisation` and the case study,
    which edits the result (story layer) before calling :func:`build_benefits`.
    """
    design = draw_execution(rng, mix)
    design = draw_business_case(rng, design)
    design = draw_owners_and_comments(rng, design, programmes)
    design["legacy_priority"] = ranks_from_scores(legacy_scores(rng, design))
    profile = benefit_profile(design)
    cashflows = cashflows_frame(design, profile)
    npv = npv_from_cashflows(cashflows, design).to_numpy()
    design["business_case_npv"] = np.where(rng.random(len(design)) < 0.1, np.nan, npv)
    drivers = value_drivers_frame(tree)
    leaves = leaf_ids(drivers)
    focus = draw_focus(rng, design, programmes, leaves)
    return {
        "design": design,
        "profile": profile,
        "cashflows": cashflows,
        "value_drivers": drivers,
        "project_contributions": contributions_frame(rng, design, leaves, focus),
    }


def build_benefits(
    rng: np.random.Generator,
    portfolio: Mapping[str, pd.DataFrame],
    programmes: Sequence[ProgrammeSpec],
    catalogue: Mapping[str | None, Sequence[BenefitTemplate]] | None = None,
    slots: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Benefit-side tables of a portfolio made by :func:`build_portfolio`: ``benefits`` (with
    helper columns), ``benefit_plan`` (with quarter number ``q``) and ``benefit_actuals``.

    The benefits are drawn from ``catalogue`` unless ``slots`` (see
    :func:`draw_benefit_slots`) already say which benefits each project registers.
    """
    design = portfolio["design"]
    if slots is None:
        if catalogue is None:
            raise ValueError("give a benefit catalogue or benefit slots")
        slots = draw_benefit_slots(rng, design, portfolio["project_contributions"], catalogue)
    benefits = complete_benefits(rng, slots, design, programmes)
    plan, benefits = benefit_plan_frame(benefits, portfolio["profile"])
    actuals = benefit_actuals_frame(rng, benefits, plan, design)
    return {"benefits": benefits, "benefit_plan": plan, "benefit_actuals": actuals}


def generate_organisation(n_projects: int = 50, seed: int = 0) -> dict[str, pd.DataFrame]:
    """A synthetic organisation with every table of the schema, drawn from ``seed``.

    Deterministic (numpy ``default_rng(seed)``), schema-conformant and consistent: every
    reference resolves, EV <= BAC, legacy priorities are a permutation of 1..n, benefits and
    actuals stop at the data date. Vectorised: 2,000 projects take well under a second.
    """
    rng = np.random.default_rng(seed)
    mix = draw_portfolio_mix(rng, n_projects, GENERIC_PROGRAMMES)
    org = build_portfolio(rng, mix, GENERIC_PROGRAMMES, GENERIC_TREE)
    org.update(build_benefits(rng, org, GENERIC_PROGRAMMES, GENERIC_BENEFITS))
    org["projects"] = projects_frame(org["design"])
    objectives = objective_ids(org["value_drivers"])
    weights = {e: rng.dirichlet(np.full(len(objectives), 4.0)) for e in GENERIC_EXECUTIVES}
    tables = {
        "projects": org["projects"],
        "cashflows": org["cashflows"],
        "value_drivers": org["value_drivers"],
        "driver_judgements": judgements_frame(weights, objectives, rng, noise=0.15),
        "project_contributions": org["project_contributions"],
        "pmo_assessment": assessment_frame(
            rng, {"Executive": 5, "PMO staff": 4, "Project manager": 8, "Business unit lead": 5}
        ),
        "skills_inventory": skills_frame(
            rng,
            {
                "PMO analysts": (5, 0.2),
                "Project managers": (18, 0.0),
                "Business analysts": (10, 0.1),
                "Finance partners": (4, 0.4),
                "Sponsors": (8, -0.2),
            },
        ),
        "kpis": draft_kpis(rng, org["value_drivers"]),
        "benefits": org["benefits"],
        "benefit_plan": org["benefit_plan"],
        "benefit_actuals": org["benefit_actuals"],
    }
    return table_frames(tables)


# --- writing ---------------------------------------------------------------------------------


def _plain_number(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _saaty_text(value: float) -> str:
    fraction = Fraction(float(value)).limit_denominator(9)
    return str(fraction)


def format_column(series: pd.Series, spec: ColumnSpec) -> pd.Series:
    """Cells of one column as CSV text: ISO dates, plain numbers, Saaty fractions, blanks."""
    blank = series.isna()
    values = series[~blank]
    match spec.kind:
        case "int" | "money":
            text = values.map(lambda v: str(round(float(v))))
        case "number" | "share":
            text = values.map(_plain_number)
        case "ratio":
            text = values.map(_saaty_text)
        case "date":
            text = pd.to_datetime(values).dt.strftime("%Y-%m-%d")
        case _:
            text = values.map(str)
    out = pd.Series("", index=series.index, dtype=object)
    out[~blank] = text
    return out


def format_table(frame: pd.DataFrame, spec: TableSpec) -> pd.DataFrame:
    """A table as CSV-ready text cells, in the schema's column order."""
    return pd.DataFrame({c.name: format_column(frame[c.name], c) for c in spec.columns})


def write_dataset(tables: dict[str, pd.DataFrame], folder: Path) -> None:
    """Write one UTF-8 CSV per table (``<table>.csv``) into ``folder``, each atomically.

    Format: comma separated, schema column order, ISO dates, quarters like ``2026Q3``, plain
    numbers (money in whole units), Saaty fractions like ``1/3``, blank cells for blanks.
    Each file goes to a temporary file first and is then moved into place with ``os.replace``,
    so a reader never sees a half-written file. Unknown table names raise ``KeyError``.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        spec = TABLES_BY_NAME[name]
        text = format_table(frame, spec).to_csv(index=False, lineterminator="\n")
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
            os.chmod(tmp, 0o644)  # mkstemp creates 0600; datasets are shared files
            os.replace(tmp, folder / f"{name}.csv")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
