"""Business cases: the benefit each project promised, its quarterly profile, yearly cash flows
and NPV."""

from __future__ import annotations

import numpy as np
import pandas as pd

from vmo_lib.data.synthetic.arrays import given_numbers, round_within_groups
from vmo_lib.data.synthetic.calendar import FIRST_YEAR, LAST_YEAR, quarter_index
from vmo_lib.data.synthetic.kinds import kind_array

DISCOUNT_RATE = 0.08
"""Annual rate (8 %) used for the business-case NPV, discounting to the project's start year."""
RAMP_QUARTERS = 4
"""Quarters a benefit takes to ramp up to its full run rate after go-live."""


def draw_business_case(rng: np.random.Generator, design: pd.DataFrame) -> pd.DataFrame:
    """Add business-case benefit (EUR, whole life to LAST_YEAR) and probability of success.

    The benefit is the BAC times the kind's benefit multiple with log-normal spread, rounded
    to 10,000 EUR; one project in ten gives no probability of success. An optional
    ``benefit_multiple`` column of ``design`` replaces the drawn multiple where not blank, and
    an optional ``benefit_scale`` column multiplies the result (the case study uses it to keep
    its benefits in proportion to the company's EBIT).
    """
    n = len(design)
    multiple = kind_array(design["kind"], "benefit_multiple") * rng.lognormal(0, 0.3, n)
    multiple = given_numbers(design, "benefit_multiple", multiple)
    multiple = multiple * given_numbers(design, "benefit_scale", np.ones(n))
    benefit = np.round(design["budget_at_completion"].to_numpy() * multiple, -4)
    success = np.clip(rng.normal(kind_array(design["kind"], "success"), 0.07), 0.3, 0.98)
    success = np.where(rng.random(n) < 0.1, np.nan, np.round(success, 2))
    out = design.copy()
    out["business_case_benefit"] = benefit.astype(np.int64)
    out["probability_of_success"] = success
    return out


def benefit_profile(design: pd.DataFrame) -> pd.DataFrame:
    """Quarterly profile of each project's business-case benefit (EUR), for cash flows and plans.

    Benefits start the quarter after the *planned* finish (the business case's view), ramp up
    over :data:`RAMP_QUARTERS` quarters and stay flat to the end of
    :data:`~.calendar.LAST_YEAR`; each project's quarters add up exactly to its
    ``business_case_benefit``. Columns: ``project_id``, ``q`` (quarter number), ``value``.
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
