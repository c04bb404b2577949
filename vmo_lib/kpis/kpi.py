"""The KPI record: one KPI as a documentation form describes it.

The fields follow the performance-measure record sheet of Neely et al. (1997) (title, purpose,
what it relates to, target, formula, frequency, who measures, data source) extended with what a
value office needs: the value driver it measures, whether it judges *execution* (cost, time,
scope) or *value*, its perspective, the direction of good, baseline and target with their
dates, the latest measured value (so the trend so far can be checked against the target),
leading or lagging, red/amber thresholds, and the project stages at which it is measured.

>>> kpi = Kpi(kpi_id="K-01", name="On-time delivery rate", kind="value", unit="%",
...           direction="higher", baseline=88.0, target=95.0, stages=("closure",))
>>> kpi.improvement
7.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, fields

import pandas as pd

from vmo_lib.data.schema import PROJECT_STAGE_POINTS, TABLES_BY_NAME

__all__ = ["STAGE_POINTS", "Kpi", "kpi_table", "kpis_from_table", "parse_stages"]

STAGE_POINTS: tuple[str, ...] = PROJECT_STAGE_POINTS
"""Stage gates at which a KPI can be measured: business case, in flight, closure, post-closure."""

_TEXT = ("purpose", "driver_id", "perspective", "formula", "unit", "direction", "frequency")
_MORE_TEXT = ("owner", "data_source", "timing")
_NUMBERS = ("baseline", "target", "latest_value", "amber_threshold", "red_threshold")
_DATES = ("baseline_date", "target_date", "latest_date")


@dataclass(frozen=True)
class Kpi:
    """One KPI. Blank fields are ``None``; numbers are floats, dates ``pd.Timestamp``.

    ``direction`` is ``higher`` or ``lower`` (which way is better); ``timing`` is ``leading``
    or ``lagging``; ``stages`` is a tuple drawn from :data:`STAGE_POINTS`.
    """

    kpi_id: str
    name: str
    kind: str
    purpose: str | None = None
    driver_id: str | None = None
    perspective: str | None = None
    formula: str | None = None
    unit: str | None = None
    direction: str | None = None
    baseline: float | None = None
    baseline_date: pd.Timestamp | None = None
    target: float | None = None
    target_date: pd.Timestamp | None = None
    latest_value: float | None = None
    latest_date: pd.Timestamp | None = None
    frequency: str | None = None
    owner: str | None = None
    data_source: str | None = None
    timing: str | None = None
    amber_threshold: float | None = None
    red_threshold: float | None = None
    stages: tuple[str, ...] = ()

    @property
    def improvement(self) -> float | None:
        """Target minus baseline, signed so that positive means better (unit of the KPI)."""
        if self.baseline is None or self.target is None or self.direction is None:
            return None
        change = self.target - self.baseline
        return change if self.direction == "higher" else -change

    def better(self, a: float, b: float) -> bool:
        """Whether value ``a`` is strictly better than ``b`` given the direction."""
        return a < b if self.direction == "lower" else a > b


def parse_stages(text: object) -> tuple[str, ...]:
    """Stages from ``"closure; post-closure"`` (order of :data:`STAGE_POINTS`, unknown dropped).

    >>> parse_stages("post-closure; Business case")
    ('business case', 'post-closure')
    """
    if _blank(text):
        return ()
    given = {part.strip().lower() for part in str(text).replace(",", ";").split(";")}
    return tuple(stage for stage in STAGE_POINTS if stage in given)


def kpis_from_table(table: pd.DataFrame) -> tuple[Kpi, ...]:
    """One :class:`Kpi` per row of a ``kpis`` table (as loaded by ``load_organisation``)."""
    records = []
    for row in table.to_dict("records"):
        values: dict[str, object] = {
            "kpi_id": str(row["kpi_id"]),
            "name": "" if _blank(row.get("name")) else str(row["name"]).strip(),
            "kind": "" if _blank(row.get("kind")) else str(row["kind"]),
            "stages": parse_stages(row.get("stages")),
        }
        for name in (*_TEXT, *_MORE_TEXT):
            value = row.get(name)
            values[name] = None if _blank(value) else str(value).strip()
        for name in _NUMBERS:
            value = row.get(name)
            values[name] = None if value is None or _blank(value) else float(value)
        for name in _DATES:
            value = row.get(name)
            values[name] = None if value is None or _blank(value) else pd.Timestamp(value)
        records.append(Kpi(**values))  # type: ignore[arg-type]
    return tuple(records)


def kpi_table(kpis: Iterable[Kpi]) -> pd.DataFrame:
    """The ``kpis`` table (schema column order) from KPI records; stages joined with ``; ``."""
    columns = TABLES_BY_NAME["kpis"].column_names
    rows = []
    for kpi in kpis:
        row = {f.name: getattr(kpi, f.name) for f in fields(kpi)}
        row["stages"] = "; ".join(kpi.stages) or None
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    for name in _DATES:
        frame[name] = pd.to_datetime(frame[name])
    for name in _NUMBERS:
        frame[name] = pd.to_numeric(frame[name])
    return frame


def _blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()
