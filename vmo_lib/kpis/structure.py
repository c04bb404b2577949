"""Checks on the catalogue as a whole: near-duplicates, orphans both ways, and balance.

* **Near-duplicates**: two names whose normalised text is at least ``name_similarity`` alike
  (``difflib.SequenceMatcher`` ratio, or the Jaccard share of their words), or two identical
  formulas (ignoring case and spacing). The KPI with fewer fields filled is the one to merge.
* **Orphans**: value KPIs linked to no driver (execution KPIs measure delivery, not a driver,
  and are exempt unless ``orphan_execution``); and leaf value drivers no KPI measures.
* **Balance**: execution versus value, leading versus lagging, value KPIs per perspective, and
  per driver (too many KPIs; lagging KPIs only).

>>> name_similarity("On-time delivery rate", "On time delivery %") >= 0.8
True
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence

import pandas as pd

from vmo_lib.data.schema import KPI_PERSPECTIVES
from vmo_lib.kpis.kpi import Kpi
from vmo_lib.kpis.rules import Finding, finding

__all__ = [
    "balance_findings",
    "balance_table",
    "coverage_matrix",
    "duplicate_findings",
    "leaf_drivers",
    "name_similarity",
    "orphan_findings",
]

_FILLED = ("purpose", "driver_id", "formula", "unit", "direction", "baseline", "target")


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower().replace("-", " ")).split())


def name_similarity(a: str, b: str) -> float:
    """Similarity of two KPI names, 0-1: the larger of the difflib ratio and word Jaccard."""
    x, y = _normal(a), _normal(b)
    if not x or not y:
        return 0.0
    ratio = difflib.SequenceMatcher(None, x, y).ratio()
    wx, wy = set(x.split()), set(y.split())
    return max(ratio, len(wx & wy) / len(wx | wy))


def _completeness(kpi: Kpi) -> int:
    return sum(getattr(kpi, name) is not None for name in _FILLED)


def duplicate_findings(kpis: Sequence[Kpi], threshold: float = 0.8) -> list[Finding]:
    """Near-duplicate pairs, reported on the less complete KPI of each pair."""
    found = []
    for a, b in itertools.combinations(kpis, 2):
        keep, drop = (a, b) if _completeness(a) >= _completeness(b) else (b, a)
        fix = f"Merge {drop.kpi_id} into {keep.kpi_id} (the more complete record), or drop it."
        score = name_similarity(a.name, b.name)
        if score >= threshold:
            problem = f"'{drop.name}' and {keep.kpi_id} '{keep.name}' are {score:.0%} alike."
            found.append(finding(drop.kpi_id, "duplicate_name", problem, fix))
        elif a.formula and b.formula and _normal(a.formula) == _normal(b.formula):
            problem = f"Same formula as {keep.kpi_id} '{keep.name}': {drop.formula}."
            found.append(finding(drop.kpi_id, "duplicate_formula", problem, fix))
    return found


def leaf_drivers(value_drivers: pd.DataFrame) -> pd.DataFrame:
    """Drivers that are no other driver's parent (the measurable ends of the tree)."""
    parents = set(value_drivers["parent_id"].dropna().astype(str))
    return value_drivers[~value_drivers["driver_id"].astype(str).isin(parents)]


def orphan_findings(
    kpis: Sequence[Kpi], value_drivers: pd.DataFrame, orphan_execution: bool = False
) -> list[Finding]:
    """Value KPIs with no (or an unknown) driver, and leaf drivers that no KPI measures."""
    known = dict(zip(value_drivers["driver_id"].astype(str), value_drivers["name"], strict=True))
    found = []
    for kpi in kpis:
        if kpi.kind == "execution" and not orphan_execution:
            continue
        if kpi.driver_id is None or kpi.driver_id not in known:
            problem = (
                "No value driver is named."
                if kpi.driver_id is None
                else f"Driver '{kpi.driver_id}' is not in the driver tree."
            )
            found.append(
                finding(
                    kpi.kpi_id,
                    "orphan_kpi",
                    problem,
                    "Link it to the driver it measures, or drop it if it measures none.",
                )
            )
    measured = {k.driver_id for k in kpis if k.driver_id is not None}
    for driver_id, name in leaf_drivers(value_drivers)[["driver_id", "name"]].itertuples(
        index=False
    ):
        if driver_id not in measured:
            found.append(
                finding(
                    str(driver_id),
                    "unmeasured_driver",
                    f"No KPI measures '{name}'.",
                    "Define one lagging KPI that confirms the driver moved and one leading "
                    "KPI that predicts it.",
                )
            )
    return found


def balance_table(kpis: Sequence[Kpi]) -> pd.DataFrame:
    """KPI counts by kind, perspective and timing (one row per kind x perspective x timing)."""
    rows = [
        {
            "kind": k.kind,
            "perspective": k.perspective or "(blank)",
            "timing": k.timing or "(blank)",
        }
        for k in kpis
    ]
    frame = pd.DataFrame(rows, columns=["kind", "perspective", "timing"])
    return frame.value_counts().rename("kpis").reset_index().sort_values(["kind", "perspective"])


def balance_findings(
    kpis: Sequence[Kpi],
    max_per_driver: int = 3,
    min_value_share: float = 0.5,
    min_leading_share: float = 0.3,
) -> list[Finding]:
    """Balance of the catalogue: by kind, timing, perspective and driver."""
    found = []
    n_value = sum(k.kind == "value" for k in kpis)
    if kpis and n_value / len(kpis) < min_value_share:
        found.append(
            finding(
                "catalogue",
                "execution_heavy",
                f"{n_value} of {len(kpis)} KPIs are value KPIs (below {min_value_share:.0%}).",
                "Add value KPIs for the drivers the portfolio claims; retire execution KPIs "
                "nobody acts on.",
            )
        )
    timed = [k for k in kpis if k.timing is not None]
    leading = sum(k.timing == "leading" for k in timed)
    if timed and leading / len(timed) < min_leading_share:
        found.append(
            finding(
                "catalogue",
                "few_leading",
                f"{leading} of {len(timed)} KPIs with a stated timing are leading "
                f"(below {min_leading_share:.0%}).",
                "For each lagging value KPI, ask what would show it coming a quarter earlier.",
            )
        )
    value = [k for k in kpis if k.kind == "value"]
    for perspective in KPI_PERSPECTIVES:
        if not any(k.perspective == perspective for k in value):
            found.append(
                finding(
                    perspective,
                    "perspective_gap",
                    f"No value KPI takes the {perspective} perspective.",
                    f"Add a value KPI for the {perspective} perspective, or state why none "
                    "is needed.",
                )
            )
    by_driver: dict[str, list[Kpi]] = {}
    for k in kpis:
        if k.driver_id is not None:
            by_driver.setdefault(k.driver_id, []).append(k)
    for driver_id, members in by_driver.items():
        ids = ", ".join(k.kpi_id for k in members)
        if len(members) > max_per_driver:
            found.append(
                finding(
                    driver_id,
                    "too_many_on_driver",
                    f"{len(members)} KPIs ({ids}) measure this driver; at most "
                    f"{max_per_driver} advised.",
                    "Keep one lagging KPI that confirms the driver and one or two leading ones; "
                    "retire or merge the rest.",
                )
            )
        timings = {k.timing for k in members}
        if "leading" not in timings and "lagging" in timings:
            found.append(
                finding(
                    driver_id,
                    "lagging_only_driver",
                    f"Its KPIs ({ids}) are all lagging.",
                    "Add a leading KPI that moves before the driver does.",
                )
            )
    return found


def coverage_matrix(kpis: Sequence[Kpi], value_drivers: pd.DataFrame) -> pd.DataFrame:
    """Driver x KPI matrix: 1 where the KPI measures the driver, 0 elsewhere.

    Rows are every leaf driver (in tree order) plus any other driver a KPI names; columns are
    the KPI ids in catalogue order, with an ``(none)`` row for KPIs linked to no driver.
    """
    order = list(leaf_drivers(value_drivers)["driver_id"].astype(str))
    extra = [k.driver_id for k in kpis if k.driver_id and k.driver_id not in order]
    rows = [*order, *dict.fromkeys(extra), "(none)"]
    matrix = pd.DataFrame(0, index=pd.Index(rows, name="driver_id"), columns=[])
    for k in kpis:
        matrix[k.kpi_id] = 0
        matrix.loc[k.driver_id or "(none)", k.kpi_id] = 1
    return matrix
