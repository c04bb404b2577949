"""Quarters and the ``as_of`` cut: which quarters of plan and actuals count "to date".

Benefit plans and actuals are quarterly (``2026Q3``). A quarter counts as *to date* only
when it is complete on ``as_of``, i.e. its last day is on or before ``as_of``: with
``as_of = 2026-09-30`` the quarter 2026Q3 counts; with ``as_of = 2026-08-15`` it does not
(its figures are not closed yet), so the last counted quarter is 2026Q2. Actuals reported
for later quarters are ignored, as if the analysis had been run on ``as_of``.

>>> last_complete_quarter("2026-09-30"), last_complete_quarter("2026-08-15")
(Period('2026Q3', 'Q-DEC'), Period('2026Q2', 'Q-DEC'))
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

__all__ = ["as_periods", "cut_to_date", "last_complete_quarter"]


def last_complete_quarter(as_of: str | dt.date | pd.Timestamp) -> pd.Period:
    """The latest calendar quarter whose last day is on or before ``as_of``."""
    day = pd.Timestamp(as_of).normalize()
    quarter = day.to_period("Q")
    if day < quarter.end_time.normalize():
        quarter -= 1
    return quarter


def as_periods(values: pd.Series) -> pd.Series:
    """Quarter column as ``period[Q]`` (accepts periods or labels such as ``2026Q3``)."""
    if isinstance(values.dtype, pd.PeriodDtype):
        return values
    return pd.Series(pd.PeriodIndex(values.astype(str), freq="Q"), index=values.index)


def cut_to_date(frame: pd.DataFrame, as_of: str | dt.date | pd.Timestamp) -> pd.DataFrame:
    """Rows of a quarterly table (``quarter`` column) up to the last complete quarter."""
    quarters = as_periods(frame["quarter"])
    out = frame.assign(quarter=quarters)
    return out.loc[quarters <= last_complete_quarter(as_of)]
