"""Net present value of each project's cash flows: planned to date, achieved and forecast.

Split from :mod:`vmo_lib.kpis.measures` (which re-exports :func:`npv_to_date` and
:data:`NPV_RULE`) because the NPV is its own job: one projects x years array of planned
costs and benefits, realised benefits and actual cost, discounted per project. Money in the
organisation's currency (:mod:`vmo_lib.currency`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from vmo_lib import finance
from vmo_lib.data.organisation import Organisation
from vmo_lib.evm import EacMethod, earned_value_of
from vmo_lib.realization import last_complete_quarter
from vmo_lib.realization.periods import cut_to_date

__all__ = ["NPV_COLUMNS", "NPV_RULE", "npv_frame", "npv_to_date"]

NPV_RULE = (
    "NPV planned to date nets the business case's expected benefits against its planned "
    "costs, up to the last complete quarter. NPV achieved nets the benefits actually "
    "realised against the actual cost (AC) spent so far, spread over the years as the "
    "business case planned its spending (all in the review year when nothing was planned "
    "to date). The NPV gap is achieved minus planned to date. The forecast NPV is the whole "
    "life: benefits realised so far and planned benefits still to come, against AC and the "
    "cost still to come, EAC - AC (the estimate at completion from earned value; the budget "
    "when nothing has been paid yet), spread as the plan spreads its remaining spending. "
    "All are discounted at the stated rate to the project's first cash-flow year; the "
    "review year counts pro rata to the quarters complete."
)
"""The rule behind the NPV columns, in plain words, for the handout."""

NPV_COLUMNS = ("npv_planned_to_date", "npv_achieved", "npv_gap", "npv_forecast")


def npv_to_date(
    org: Organisation, as_of: str | pd.Timestamp, rate: float, eac_method: EacMethod = "cpi"
) -> pd.DataFrame:
    """Planned and achieved NPV to date, and forecast whole-life NPV, per project with cash
    flows (money; the rule is :data:`NPV_RULE`).

    Each project is discounted at ``rate`` to its first cash-flow year ``t = 0``. Up to the
    last complete quarter (its year weighted by the quarters complete, ``q/4``):

    * planned to date: expected benefit - investment cost of the cash flows;
    * achieved: realised benefit (actuals by year; before the first cash-flow year counted in
      it) - AC, AC being spread over the years in proportion to the planned cost to date
      (all in the review year, or the first cash-flow year if later, if none was planned);
    * forecast: achieved flows, then expected benefit from the rest of the review year on,
      minus the cost still to come ``EAC - AC`` spread in proportion to the planned cost
      still to come (all in the review year if none is planned). EAC is
      :func:`vmo_lib.evm.earned_value_of`'s with ``eac_method``; the budget (BAC) when it is
      blank because nothing has been paid yet.

    Vectorised: one projects x years array, no per-project loop.
    """
    return npv_frame(org, as_of, rate, eac_method)[list(NPV_COLUMNS)]


def npv_frame(
    org: Organisation, as_of: str | pd.Timestamp, rate: float, eac_method: EacMethod
) -> pd.DataFrame:
    """:func:`npv_to_date`'s columns, plus the business case's ``npv_planned`` (whole life,
    as :func:`vmo_lib.finance.financial_metrics` by default) and ``roi_planned``
    (undiscounted totals), from the same projects x years arrays."""
    flows = org.cashflows
    quarter = last_complete_quarter(as_of)
    now, share_now = quarter.year, quarter.quarter / 4
    pid = flows["project_id"].astype(str)
    ids = pd.Index(pd.unique(pid), name="project_id")
    first_year = flows.groupby(pid)["year"].min().reindex(ids).astype(int)
    start, end = int(first_year.min()), max(int(flows["year"].max()), now)
    years = np.arange(start, end + 1)
    rows, cols = ids.get_indexer(pd.Index(pid)), flows["year"].astype(int).to_numpy() - start
    cost = _grid(len(ids), len(years), rows, cols, flows["investment_cost"])
    benefit = _grid(len(ids), len(years), rows, cols, flows["expected_benefit"])

    done = np.where(years < now, 1.0, np.where(years == now, share_now, 0.0))  # share elapsed
    actuals = cut_to_date(org.benefit_actuals, as_of)
    project_of = org.benefits.set_index(org.benefits["benefit_id"].astype(str))["project_id"]
    a_pid = actuals["benefit_id"].astype(str).map(project_of).astype(str)
    a_row = ids.get_indexer(pd.Index(a_pid))
    keep = a_row >= 0
    a_year = np.fromiter((q.year for q in actuals["quarter"]), int, len(actuals))[keep]
    a_col = np.maximum(a_year, first_year.to_numpy()[a_row[keep]]) - start
    realised = _grid(
        len(ids), len(years), a_row[keep], a_col, actuals["realised_value"].to_numpy()[keep]
    )

    projects = org.projects.set_index(org.projects["project_id"].astype(str)).reindex(ids)
    ac = projects["actual_cost"].astype(float).fillna(0.0).to_numpy()
    eac = earned_value_of(projects, eac_method).eac
    eac = pd.Series(eac, index=ids).fillna(projects["budget_at_completion"].astype(float))
    to_come = np.nan_to_num(np.maximum(eac.to_numpy() - ac, 0.0))
    review_col = np.zeros((len(ids), len(years)))  # the review year, or the first if later
    review_col[np.arange(len(ids)), np.maximum(first_year.to_numpy(), now) - start] = 1.0
    cost_done = _spread(ac, cost * done, review_col)
    cost_to_come = _spread(to_come, cost * (1 - done), review_col)

    t = years[None, :] - first_year.to_numpy()[:, None]
    factor = np.where(t >= 0, (1.0 + rate) ** -t.astype(float), 0.0)
    total_cost = pd.Series(cost.sum(axis=1), index=ids)
    frame = pd.DataFrame(
        {
            "roi_planned": finance.roi(pd.Series(benefit.sum(axis=1), index=ids), total_cost),
            "npv_planned": ((benefit - cost) * factor).sum(axis=1),
            "npv_planned_to_date": ((benefit - cost) * done * factor).sum(axis=1),
            "npv_achieved": ((realised - cost_done) * factor).sum(axis=1),
        },
        index=ids,
    )
    frame["npv_gap"] = frame["npv_achieved"] - frame["npv_planned_to_date"]
    whole = realised - cost_done + benefit * (1 - done) - cost_to_come
    frame["npv_forecast"] = (whole * factor).sum(axis=1)
    return frame


def _grid(n: int, m: int, rows: np.ndarray, cols: np.ndarray, values: object) -> np.ndarray:
    """An n x m array with ``values`` summed into (rows, cols)."""
    out = np.zeros((n, m))
    np.add.at(out, (rows, cols), np.asarray(values, dtype=float))
    return out


def _spread(total: np.ndarray, profile: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Each row's ``total`` spread in proportion to its ``profile`` (``fallback`` if 0)."""
    weights = np.where(profile.sum(axis=1, keepdims=True) > 0, profile, fallback)
    return total[:, None] * weights / weights.sum(axis=1, keepdims=True)
