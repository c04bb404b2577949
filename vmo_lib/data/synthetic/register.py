"""The optional benefit register columns (MSP, Green Book) and the time-phased PV baseline.

Drawn from a random stream of their own (``default_rng([seed, 4])``), after every other table,
so adding these columns left every existing value of a seed unchanged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from vmo_lib.data.synthetic.calendar import DATA_DATE

REGISTER_STREAM = 4
"""Stream number of the generator that draws the register columns (``[seed, 4]``)."""

_CATEGORY_BY_DRIVER = {
    "financial": ("cash-releasing", "cash-releasing", "non-cash-releasing"),
    "operational": ("cash-releasing", "non-cash-releasing", "non-cash-releasing"),
    "business": ("non-cash-releasing", "non-cash-releasing", "societal"),
    "strategic": ("societal", "non-cash-releasing", "non-cash-releasing"),
    "": ("non-cash-releasing", "societal", "societal"),
}
"""Green Book category drawn (uniformly among the three) by the category of the driver."""

REVIEW_GATES = (
    "Post-implementation review",
    "Quarterly benefits review",
    "Programme closure review",
)


def register_columns(
    rng: np.random.Generator,
    benefits: pd.DataFrame,
    plan: pd.DataFrame,
    design: pd.DataFrame,
    value_drivers: pd.DataFrame,
) -> pd.DataFrame:
    """``benefits`` with the optional register columns filled plausibly.

    * ``category``: by the value driver's category (financial drivers mostly
      cash-releasing, strategic ones mostly societal), see :data:`_CATEGORY_BY_DRIVER`.
    * ``benefit_type``: ``dis-benefit`` where the whole-life plan is negative.
    * ``attribution``: 1 for 55 % of benefits, otherwise 0.50-0.95 (two decimals): two
      projects claiming the same measure then usually add up to more than 1.
    * ``confidence``: Beta(6, 3) (mean 0.67) in steps of 0.05, 0.15 lower without an owner.
    * ``realisation_start`` / ``realisation_end``: first day of the first quarter and last
      day of the last quarter with planned value (blank without a plan).
    * ``accountable_owner``: the project's sponsor (blank on one benefit in twelve).
    * ``review_gate``: post-implementation review for closed projects, else one of
      :data:`REVIEW_GATES`.

    Only the new columns are added; every existing column is returned unchanged.
    """
    n = len(benefits)
    info = design.set_index("project_id").reindex(benefits["project_id"].astype(str))
    kinds = value_drivers.set_index("driver_id")["category"]
    driver_kind = benefits["driver_id"].map(kinds).fillna("").to_numpy(dtype=object)
    pick = rng.integers(0, 3, n)
    category = [_CATEGORY_BY_DRIVER[k][j] for k, j in zip(driver_kind, pick, strict=True)]
    full = rng.random(n) < 0.55
    partial = np.round(rng.uniform(0.5, 0.95, n), 2)
    has_owner = benefits["owner"].notna().to_numpy()
    confidence = rng.beta(6.0, 3.0, n) - 0.15 * ~has_owner
    confidence = np.clip(np.round(confidence * 20) / 20, 0.05, 0.95)
    sponsor = info["sponsor"].to_numpy(dtype=object).copy()
    sponsor[rng.random(n) < 1 / 12] = np.nan
    closed = info["stage"].to_numpy() == "closed"
    gate = np.where(closed, REVIEW_GATES[0], np.asarray(REVIEW_GATES)[rng.integers(0, 3, n)])
    start, end = _plan_window(benefits["benefit_id"], plan)
    out = benefits.copy()
    out["category"] = category
    out["benefit_type"] = np.where(out["planned_total"].to_numpy() < 0, "dis-benefit", "benefit")
    out["attribution"] = np.where(full, 1.0, partial)
    out["confidence"] = confidence
    out["realisation_start"] = start
    out["realisation_end"] = end
    out["accountable_owner"] = sponsor
    out["review_gate"] = gate
    return out


def quarter_bounds(ordinals: np.ndarray) -> tuple[pd.DatetimeIndex, pd.DatetimeIndex]:
    """First and last day of quarters given as pandas ordinals (0 = 1970Q1); NaN -> NaT."""
    q = np.asarray(ordinals, dtype=float)
    ok = ~np.isnan(q)
    whole = np.where(ok, q, 0).astype(np.int64)
    parts = pd.DataFrame({"year": 1970 + whole // 4, "month": 3 * (whole % 4) + 1, "day": 1})
    start = pd.to_datetime(parts)
    end = start + pd.offsets.QuarterEnd(0)
    return pd.DatetimeIndex(start.where(ok)), pd.DatetimeIndex(end.where(ok))


def _plan_window(ids: pd.Series, plan: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """First day of the first and last day of the last quarter with planned value."""
    rows = plan.loc[plan["planned_value"] != 0]
    ordinal = pd.PeriodIndex(rows["quarter"].astype(str), freq="Q").asi8
    by = pd.Series(ordinal, index=rows.index).groupby(rows["benefit_id"].astype(str).to_numpy())
    first = by.min().reindex(ids.astype(str)).to_numpy(dtype=float)
    last = by.max().reindex(ids.astype(str)).to_numpy(dtype=float)
    return pd.Series(quarter_bounds(first)[0]), pd.Series(quarter_bounds(last)[1])


def linear_baseline_plan(design: pd.DataFrame, data_date: pd.Timestamp = DATA_DATE) -> pd.DataFrame:
    """The ``baseline_plan`` table: cumulative PV (whole currency units) at each quarter end
    from start to planned finish, and at planned finish, for projects started by
    ``data_date``.

    Linear between start and planned finish, the shape the generator's PV follows
    (:mod:`.execution`), so the curve at the data date gives the ``planned_value`` column.
    """
    started = design.loc[pd.to_datetime(design["start_date"]) <= data_date]
    start = pd.to_datetime(started["start_date"]).to_numpy()
    finish = pd.to_datetime(started["planned_finish"]).to_numpy()
    bac = started["budget_at_completion"].to_numpy(dtype=float)
    first_q = pd.PeriodIndex(start, freq="Q").asi8
    last_q = pd.PeriodIndex(finish, freq="Q").asi8
    counts = np.maximum(last_q - first_q, 0)
    row = np.repeat(np.arange(len(started)), counts)
    offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    ends = quarter_bounds(first_q[row] + offset)[1]
    periods = np.concatenate([ends.to_numpy(dtype="datetime64[ns]"), finish])
    which = np.concatenate([row, np.arange(len(started))])
    elapsed = (periods - start[which]) / np.timedelta64(1, "D")
    length = np.maximum((finish - start) / np.timedelta64(1, "D"), 1.0)[which]
    share = np.clip(elapsed / length, 0.0, 1.0)
    table = pd.DataFrame(
        {
            "project_id": started["project_id"].to_numpy()[which],
            "period": pd.to_datetime(periods),
            "cumulative_pv": np.round(bac[which] * share).astype(np.int64),
        }
    )
    table = table.drop_duplicates(["project_id", "period"])
    return table.sort_values(["project_id", "period"]).reset_index(drop=True)
