"""Financial value of projects: NPV, IRR, payback, ROI and benefit-cost ratio.

Conventions, the same in every function:

* Cash flows are **net** flows in currency units (EUR in the case study), one per year, the
  first at ``t = 0`` and *not* discounted; flow ``t`` is discounted by ``(1 + rate) ** t``.
* ``rate`` is a yearly discount rate as a share (0.08 for 8 %).
* Every function accepts one project (a 1-D sequence) or many (a 2-D array with one row per
  project, or a DataFrame indexed by project). Shorter rows are padded with zeros or NaN at
  the end, which changes none of the results. Results are a float, an array, or a Series with
  the DataFrame's index.

**Excel's NPV is different.** ``=NPV(rate, B1:B5)`` discounts its *first* value by one year.
Excel users write ``=B1 + NPV(rate, B2:B5)``; :func:`npv` gives that directly, and equals
``(1 + rate) * Excel's NPV(rate, all flows)``.

Example
-------
>>> round(npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]), 2)
3065.22
>>> payback_period([-1000, 300, 400, 500])
2.6
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy_financial as npf
import pandas as pd

__all__ = [
    "FinanceWarning",
    "IrrResult",
    "benefit_cost_ratio",
    "discounted_payback_period",
    "financial_metrics",
    "irr",
    "irr_result",
    "net_cashflows",
    "npv",
    "payback_period",
    "roi",
]

Flows = Sequence[float] | np.ndarray | pd.DataFrame


class FinanceWarning(UserWarning):
    """A result that needs care: no IRR, or several IRRs for the same cash flows."""


def _as_rows(cashflows: Flows) -> tuple[np.ndarray, pd.Index | None, bool]:
    """Cash flows as a 2-D float array (NaN -> 0), the row labels, and whether input was 1-D."""
    index = cashflows.index if isinstance(cashflows, pd.DataFrame) else None
    array = np.asarray(cashflows, dtype=float)
    one = array.ndim == 1
    rows = np.atleast_2d(array)
    if rows.ndim != 2:
        raise ValueError(f"cash flows must be 1-D or 2-D, got {array.ndim} dimensions")
    return np.nan_to_num(rows, nan=0.0), index, one


def _shaped(values: np.ndarray, index: pd.Index | None, one: bool, name: str) -> object:
    if one:
        return float(values[0])
    if index is not None:
        return pd.Series(values, index=index, name=name)
    return values


def _discount_factors(rate: float, periods: int) -> np.ndarray:
    if rate <= -1:
        raise ValueError(f"discount rate must be above -100 %, got {rate:.2%}")
    return (1.0 + rate) ** -np.arange(periods, dtype=float)


def npv(rate: float, cashflows: Flows) -> float | np.ndarray | pd.Series:
    """Net present value at ``t = 0`` of yearly flows whose first flow is at ``t = 0``.

    Same as ``numpy_financial.npv`` for one project, vectorised over rows for many.

    >>> round(npv(0.10, [-100, 60, 60.5]), 2)
    4.55
    """
    rows, index, one = _as_rows(cashflows)
    values = rows @ _discount_factors(rate, rows.shape[1])
    return _shaped(np.round(values, 9), index, one, "npv")


@dataclass(frozen=True)
class IrrResult:
    """The internal rate of return of one cash-flow series.

    ``rate`` is the IRR as a share, or NaN with ``note`` saying why; ``candidates`` lists
    every rate above -100 % at which the NPV is zero (several when the flows change sign
    more than once, in which case ``rate`` is the one numpy-financial reports and the IRR
    should not be used to rank projects).
    """

    rate: float
    candidates: tuple[float, ...]
    note: str = ""


def irr_result(cashflows: Sequence[float] | np.ndarray) -> IrrResult:
    """IRR of one project, with every candidate rate and a note when it is NaN or ambiguous.

    >>> round(irr_result([-100, 39, 59, 55, 20]).rate, 5)
    0.28095
    >>> irr_result([-1600, 10_000, -10_000]).candidates
    (0.25, 4.0)
    """
    flows = np.nan_to_num(np.asarray(cashflows, dtype=float), nan=0.0)
    signs = np.sign(flows[flows != 0])
    if signs.size == 0 or np.all(signs == signs[0]):
        kind = "benefits" if signs.size and signs[0] > 0 else "costs"
        note = "no IRR: the cash flows never change sign" + (f" (all {kind})" if signs.size else "")
        return IrrResult(float("nan"), (), note)
    # NPV(r) = sum c_t x^t with x = 1 / (1 + r): real roots x > 0 are the IRRs.
    trimmed = np.trim_zeros(flows, "b")
    roots = np.roots(trimmed[::-1])
    real = roots[np.abs(roots.imag) < 1e-9].real
    candidates = tuple(sorted(round(float(1.0 / x - 1.0), 10) for x in real if x > 0))
    rate = float(npf.irr(flows))
    if np.isnan(rate) and candidates:
        rate = min(candidates, key=abs)
    note = ""
    if len(candidates) > 1:
        shown = ", ".join(f"{c:.1%}" for c in candidates)
        note = f"several IRRs ({shown}): the cash flows change sign more than once"
    elif np.isnan(rate):
        note = "no IRR: no discount rate above -100 % makes the NPV zero"
    return IrrResult(rate, candidates, note)


def irr(cashflows: Flows) -> float | np.ndarray | pd.Series:
    """Internal rate of return (share per year); NaN where there is none.

    Emits a :class:`FinanceWarning` naming the reason when a result is NaN (e.g. the flows
    never change sign) or when several IRRs exist. :func:`irr_result` gives the details.

    >>> round(irr([-100, 39, 59, 55, 20]), 5)
    0.28095
    """
    rows, index, one = _as_rows(cashflows)
    rates = np.empty(rows.shape[0])
    for i, row in enumerate(rows):
        result = irr_result(row)
        rates[i] = result.rate
        if result.note:
            label = f"{index[i]}: " if index is not None else ""
            warnings.warn(label + result.note, FinanceWarning, stacklevel=2)
    return _shaped(rates, index, one, "irr")


def _payback(rows: np.ndarray) -> np.ndarray:
    """Years until the cumulative flow first turns non-negative, interpolated within a year."""
    cumulative = np.cumsum(rows, axis=1)
    before = np.concatenate([np.full((rows.shape[0], 1), -np.inf), cumulative[:, :-1]], axis=1)
    crossing = (cumulative >= 0) & (before < 0)
    # Paid back only if the cumulative flow stays non-negative from the crossing on.
    stays = np.flip(np.minimum.accumulate(np.flip(cumulative, axis=1), axis=1), axis=1) >= 0
    valid = crossing & stays
    found = valid.any(axis=1)
    t = np.argmax(valid, axis=1)
    rows_i = np.arange(rows.shape[0])
    previous = np.where(t > 0, cumulative[rows_i, np.maximum(t - 1, 0)], 0.0)
    flow = rows[rows_i, t]
    with np.errstate(divide="ignore", invalid="ignore"):
        fraction = np.where((t > 0) & (flow != 0), -previous / flow, 0.0)
    years = np.where(t > 0, t - 1 + fraction, 0.0)
    return np.where(found, years, np.nan)


def payback_period(cashflows: Flows) -> float | np.ndarray | pd.Series:
    """Years (fractional) until cumulative undiscounted flows recover the investment.

    Flows are taken to arrive evenly through each year, so the year of recovery is
    interpolated. NaN when never paid back within the flows given; 0 when the first flow is
    already non-negative.

    >>> payback_period([-1000, 300, 400, 500])
    2.6
    """
    rows, index, one = _as_rows(cashflows)
    return _shaped(np.round(_payback(rows), 9), index, one, "payback_years")


def discounted_payback_period(rate: float, cashflows: Flows) -> float | np.ndarray | pd.Series:
    """Years (fractional) until cumulative *discounted* flows recover the investment; NaN if never.

    >>> round(discounted_payback_period(0.10, [-1000, 500, 500, 500]), 3)
    2.352
    """
    rows, index, one = _as_rows(cashflows)
    discounted = rows * _discount_factors(rate, rows.shape[1])
    return _shaped(np.round(_payback(discounted), 9), index, one, "discounted_payback_years")


def roi(benefit: float | pd.Series, cost: float | pd.Series) -> float | pd.Series:
    """Return on investment as a share: (benefit - cost) / cost; NaN when cost is 0.

    >>> roi(150, 100)
    0.5
    """
    return _ratio(np.subtract(benefit, cost), cost, "roi")


def benefit_cost_ratio(benefit: float | pd.Series, cost: float | pd.Series) -> float | pd.Series:
    """Benefit-cost ratio: benefit / cost (above 1 means benefits exceed costs); NaN if cost 0.

    >>> benefit_cost_ratio(150, 100)
    1.5
    """
    return _ratio(benefit, cost, "benefit_cost_ratio")


def _ratio(numerator: object, cost: object, name: str) -> float | pd.Series:
    cost_values = np.asarray(cost, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(
            cost_values != 0, np.asarray(numerator, dtype=float) / cost_values, np.nan
        )
    if isinstance(numerator, pd.Series) or isinstance(cost, pd.Series):
        index = numerator.index if isinstance(numerator, pd.Series) else cost.index  # type: ignore[union-attr]
        return pd.Series(values, index=index, name=name)
    return float(values)


def net_cashflows(cashflows_table: pd.DataFrame) -> pd.DataFrame:
    """Net yearly flows (expected_benefit - investment_cost, EUR) as project_id x year.

    Years a project has no row for inside the table's span are 0.
    """
    table = cashflows_table.assign(
        net=cashflows_table["expected_benefit"] - cashflows_table["investment_cost"]
    )
    wide = table.pivot_table(index="project_id", columns="year", values="net", aggfunc="sum")
    years = range(int(wide.columns.min()), int(wide.columns.max()) + 1) if len(wide) else []
    return wide.reindex(columns=list(years)).fillna(0.0)


def _from_first_year(cashflows_table: pd.DataFrame, from_year: int | None = None) -> pd.DataFrame:
    """Net flows per project re-based so that column 0 is the project's own first year, or
    ``from_year`` for every project when given (earlier years dropped)."""
    wide = net_cashflows(cashflows_table)
    if from_year is not None:
        years = list(range(int(from_year), int(wide.columns.max()) + 1))
        return wide.reindex(columns=years, fill_value=0.0).set_axis(range(len(years)), axis=1)
    first_year = cashflows_table.groupby("project_id")["year"].min().reindex(wide.index)
    offsets = (first_year - wide.columns.min()).to_numpy(dtype=int)
    array = wide.to_numpy()
    shifted = np.zeros_like(array)
    for i, offset in enumerate(offsets):
        shifted[i, : array.shape[1] - offset] = array[i, offset:]
    return pd.DataFrame(shifted, index=wide.index)


def financial_metrics(
    cashflows_table: pd.DataFrame, rate: float, *, from_year: int | None = None
) -> pd.DataFrame:
    """One row per project: NPV, IRR, payback, discounted payback, ROI and benefit-cost ratio.

    By default NPV and IRR discount each project's flows to its own first year in the table,
    as a business case does. With ``from_year`` the view is a funding decision's: only flows
    from that year on count (money spent before is sunk) and every project is discounted to
    that year, a common date. ROI uses undiscounted totals of the years counted; the
    benefit-cost ratio is the present value of benefits over the present value of costs, at
    ``rate``. ``irr_note`` says why an IRR is missing or ambiguous. Money in the table's
    currency; rates and ROI as shares; payback in years.
    """
    if from_year is not None:
        cashflows_table = cashflows_table[cashflows_table["year"] >= from_year]
    flows = _from_first_year(cashflows_table, from_year)
    totals = cashflows_table.groupby("project_id")[["investment_cost", "expected_benefit"]].sum()
    totals = totals.reindex(flows.index).fillna(0.0)
    present = _present_values(cashflows_table, rate, from_year).reindex(flows.index).fillna(0.0)
    irr_results = [irr_result(row) for row in flows.to_numpy()]
    frame = pd.DataFrame(
        {
            "npv": npv(rate, flows),
            "irr": [r.rate for r in irr_results],
            "irr_note": [r.note for r in irr_results],
            "payback_years": payback_period(flows),
            "discounted_payback_years": discounted_payback_period(rate, flows),
            "total_cost": totals["investment_cost"],
            "total_benefit": totals["expected_benefit"],
        },
        index=flows.index,
    )
    frame["roi"] = roi(frame["total_benefit"], frame["total_cost"])
    frame["benefit_cost_ratio"] = benefit_cost_ratio(present["benefit"], present["cost"])
    return frame


def _present_values(
    cashflows_table: pd.DataFrame, rate: float, from_year: int | None
) -> pd.DataFrame:
    """Per project: present value of costs and of benefits, at the same date as the NPV."""
    start = cashflows_table.groupby("project_id")["year"].transform("min")
    if from_year is not None:
        start = pd.Series(from_year, index=cashflows_table.index)
    factor = (1.0 + rate) ** -(cashflows_table["year"] - start).astype(float)
    discounted = pd.DataFrame(
        {
            "project_id": cashflows_table["project_id"],
            "cost": cashflows_table["investment_cost"] * factor,
            "benefit": cashflows_table["expected_benefit"] * factor,
        }
    )
    return discounted.groupby("project_id")[["cost", "benefit"]].sum()
