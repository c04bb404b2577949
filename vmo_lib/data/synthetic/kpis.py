"""The KPI catalogue: the ``kpis`` table from records, and a generated draft with defects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from vmo_lib.data.schema import TABLES_BY_NAME
from vmo_lib.data.synthetic.calendar import DATA_DATE
from vmo_lib.data.synthetic.drivers import leaf_ids
from vmo_lib.data.synthetic.reference import EXECUTION_KPIS

KPI_TARGET_YEAR = DATA_DATE.year + 2
"""Year by whose end a drafted value KPI should reach its target (two years after the data
date)."""


def kpis_frame(records: Sequence[Mapping[str, object]]) -> pd.DataFrame:
    """The ``kpis`` table from KPI records (dicts); missing fields become blank cells."""
    columns = TABLES_BY_NAME["kpis"].column_names
    frame = pd.DataFrame([{c: r.get(c, np.nan) for c in columns} for r in records])
    frame = frame.reindex(columns=columns)
    for col in ("baseline_date", "target_date", "latest_date"):
        frame[col] = pd.to_datetime(frame[col])
    for col in ("baseline", "target", "latest_value", "amber_threshold", "red_threshold"):
        frame[col] = pd.to_numeric(frame[col])
    return frame


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
            "target_date": f"{KPI_TARGET_YEAR}-12-31",
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
