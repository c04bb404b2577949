"""Dates and quarters of the synthetic data: the data date, the horizon and quarter arithmetic.

Quarters are handled as numbers ``year * 4 + (quarter - 1)`` so they can be added and
compared, and shown as text labels such as ``2026Q3``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DATA_DATE = pd.Timestamp("2026-09-30")
"""Data date: actuals and earned value are "to date" as of this day."""
FIRST_YEAR = 2023
"""First calendar year of the data (no project starts earlier)."""
LAST_YEAR = 2032
"""Last year of the cash-flow horizon (business-case benefits are counted up to its end): far
enough for a project going live in 2028 to show four years of benefits."""
PLAN_END_QUARTER = f"{LAST_YEAR}Q4"
"""Last quarter of the benefit realisation plans: the end of the business cases' horizon, so
a project's planned benefits and its business case cover the same years."""
FIRST_DAY = np.datetime64(f"{FIRST_YEAR}-01-02", "D")
"""Earliest day a generated project can start."""


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


def whole_days(values: np.ndarray) -> np.ndarray:
    """Numbers of days (floats) rounded to whole days, as ``timedelta64[D]`` for date sums."""
    return np.asarray(np.round(values), dtype=np.int64).astype("timedelta64[D]")
