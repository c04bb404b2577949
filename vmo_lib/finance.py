"""Financial value of projects: NPV, IRR, payback, ROI and benefit-cost ratio.

Conventions, the same in every function:

* Cash flows are **net** flows in currency units (the organisation's currency, see
  :mod:`vmo_lib.currency`), one per year, the first at ``t = 0`` and *not* discounted; flow
  ``t`` is discounted by ``(1 + rate) ** t``.
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
from datetime import date

import numpy as np
import numpy_financial as npf
import pandas as pd

__all__ = [
    "BORROWING_NOTE",
    "FORWARD_RULE",
    "FinanceWarning",
    "ForwardFlows",
    "IrrResult",
    "benefit_cost_ratio",
    "discounted_payback_period",
    "financial_metrics",
    "forward_flows",
    "irr",
    "irr_result",
    "net_cashflows",
    "npv",
    "payback_period",
    "remaining_cost_by_year",
    "roi",
    "year_share_left",
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


def _shaped(
    values: np.ndarray, index: pd.Index | None, one: bool, name: str
) -> float | np.ndarray | pd.Series:
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
    should not be used to rank projects). ``borrowing`` is True for borrowing-type flows
    (money in first, paid back later: ``+, -, -``): their IRR is the cost of the money, so a
    *higher* IRR is *worse*, and ``note`` says so.
    """

    rate: float
    candidates: tuple[float, ...]
    note: str = ""
    borrowing: bool = False


BORROWING_NOTE = (
    "borrowing-type cash flows (money in first, paid back later): the IRR is the cost of "
    "the money, so a higher IRR is worse"
)
"""Note on the IRR of flows that start with money in and then pay it back (``+, -, -``)."""


def irr_result(cashflows: Sequence[float] | np.ndarray) -> IrrResult:
    """IRR of one project, with every candidate rate and a note when it is NaN, ambiguous
    or of borrowing type (a higher IRR worse).

    >>> round(irr_result([-100, 39, 59, 55, 20]).rate, 5)
    0.28095
    >>> irr_result([-1600, 10_000, -10_000]).candidates
    (0.25, 4.0)
    >>> irr_result([100, -60, -60.5]).borrowing
    True
    """
    flows = np.nan_to_num(np.asarray(cashflows, dtype=float), nan=0.0)
    signs = np.sign(flows[flows != 0])
    if signs.size == 0 or np.all(signs == signs[0]):
        kind = "benefits" if signs.size and signs[0] > 0 else "costs"
        note = "no IRR: the cash flows never change sign" + (f" (all {kind})" if signs.size else "")
        return IrrResult(float("nan"), (), note)
    borrowing = bool(signs[0] > 0 and np.count_nonzero(np.diff(signs)) == 1)
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
    elif borrowing:
        note = BORROWING_NOTE
    return IrrResult(rate, candidates, note, borrowing)


def irr(cashflows: Flows) -> float | np.ndarray | pd.Series:
    """Internal rate of return (share per year); NaN where there is none.

    Emits a :class:`FinanceWarning` naming the reason when a result is NaN (e.g. the flows
    never change sign), when several IRRs exist or when the flows are of borrowing type (a
    higher IRR is then worse). :func:`irr_result` gives the details.

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
    return _ratio(benefit - cost, cost, "roi")


def benefit_cost_ratio(benefit: float | pd.Series, cost: float | pd.Series) -> float | pd.Series:
    """Benefit-cost ratio: benefit / cost (above 1 means benefits exceed costs); NaN if cost 0.

    >>> benefit_cost_ratio(150, 100)
    1.5
    """
    return _ratio(benefit, cost, "benefit_cost_ratio")


def _ratio(numerator: float | pd.Series, cost: float | pd.Series, name: str) -> float | pd.Series:
    cost_values = np.asarray(cost, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(
            cost_values != 0, np.asarray(numerator, dtype=float) / cost_values, np.nan
        )
    labelled = numerator if isinstance(numerator, pd.Series) else cost
    if isinstance(labelled, pd.Series):
        return pd.Series(values, index=labelled.index, name=name)
    return float(values)


def net_cashflows(cashflows_table: pd.DataFrame) -> pd.DataFrame:
    """Net yearly flows (expected_benefit - investment_cost, currency) as project_id x year.

    Years a project has no row for inside the table's span are 0.
    """
    table = cashflows_table.assign(
        net=cashflows_table["expected_benefit"] - cashflows_table["investment_cost"]
    )
    wide = table.pivot_table(index="project_id", columns="year", values="net", aggfunc="sum")
    years = range(int(wide.columns.min()), int(wide.columns.max()) + 1) if len(wide) else []
    return wide.reindex(columns=list(years)).fillna(0.0)


FORWARD_RULE = (
    "Forward view at the data date: only money still to come counts. Benefits planned for "
    "the data date's own year count for the share of the year still to come (days after the "
    "data date / days in the year), later years in full, earlier years not at all. The cost "
    "still to spend is the estimate to complete (EAC - AC; the unspent budget for a project "
    "not started), spread over the planned years left in proportion to the planned costs "
    "(the data date's year for its share still to come); a project with no planned cost left "
    "spends it all in the data date's year. Every project is discounted to the data date's "
    "year: that year's flows are not discounted, each later year by one more year."
)
"""The rule of :func:`forward_flows` in plain words, for handouts."""


def year_share_left(as_of: date | str | pd.Timestamp) -> float:
    """Share (0-1) of ``as_of``'s calendar year still to come: days after it / days in the year.

    >>> round(year_share_left("2026-09-30"), 4)  # 92 of 365 days
    0.2521
    """
    day = pd.Timestamp(as_of)
    year_days = 366 if day.is_leap_year else 365
    return (pd.Timestamp(day.year, 12, 31) - day.normalize()).days / year_days


def _wide(cashflows_table: pd.DataFrame, column: str) -> pd.DataFrame:
    """``column`` of the cash flows as project_id x year (sums; missing pairs 0)."""
    wide = cashflows_table.pivot_table(
        index="project_id", columns="year", values=column, aggfunc="sum"
    )
    wide.columns = wide.columns.astype(int)
    return wide.fillna(0.0).astype(float)


def _prorated(plan: pd.DataFrame, as_of: date | str | pd.Timestamp) -> pd.DataFrame:
    """``plan`` (project x year) from ``as_of``'s year on, that year scaled to the share left."""
    first = int(pd.Timestamp(as_of).year)
    years = list(range(first, max([first, *plan.columns]) + 1))
    ahead = plan.reindex(columns=years, fill_value=0.0).astype(float)
    ahead[first] *= year_share_left(as_of)
    ahead.columns.name = "year"
    return ahead


def remaining_cost_by_year(
    cashflows_table: pd.DataFrame, remaining: pd.Series, as_of: date | str | pd.Timestamp
) -> pd.DataFrame:
    """Money still to spend per project (rows, as ``remaining``) and calendar year (columns).

    ``remaining`` (currency) is what each project still needs, e.g. the estimate to complete
    EAC - AC. Its yearly split follows the project's planned ``investment_cost`` from
    ``as_of`` on (years after the as-of year in full, the as-of year for the share still to
    come, :func:`year_share_left`; spend planned before is sunk), scaled so each row sums to
    ``remaining``: the plan gives the timing, the estimate the amount. A project with no
    planned cost left (late against its plan, or no cash flows) spends all it still needs in
    the as-of year. Columns run from the as-of year to the last year of the cash flows.

    >>> flows = pd.DataFrame({"project_id": ["A", "A"], "year": [2026, 2027],
    ...                       "investment_cost": [365.0, 100.0]})
    >>> remaining_cost_by_year(flows, pd.Series({"A": 202.0}), "2026-12-30").loc["A"].tolist()
    [2.0, 200.0]
    """
    first = int(pd.Timestamp(as_of).year)
    plan = _prorated(_wide(cashflows_table, "investment_cost"), as_of)
    plan = plan.reindex(index=remaining.index, fill_value=0.0)
    total = plan.sum(axis=1)
    share = plan.div(total.where(total > 0), axis=0)
    share.loc[total <= 0, :] = 0.0
    share.loc[total <= 0, first] = 1.0
    costs = share.mul(remaining.astype(float), axis=0)
    costs.columns.name = "year"
    return costs


@dataclass(frozen=True)
class ForwardFlows:
    """Flows still to come at a data date, project x calendar year (currency).

    ``cost`` and ``benefit`` share their index (the projects of the cash flows) and columns
    (the data date's year to the last planned year); ``first_year`` is the data date's year,
    to which :func:`financial_metrics` discounts. The rule is :data:`FORWARD_RULE`.
    """

    cost: pd.DataFrame
    benefit: pd.DataFrame
    first_year: int

    @property
    def net(self) -> pd.DataFrame:
        """Benefit minus cost, per project and year."""
        return self.benefit - self.cost


def forward_flows(
    cashflows_table: pd.DataFrame,
    as_of: date | str | pd.Timestamp,
    remaining_cost: pd.Series | None = None,
) -> ForwardFlows:
    """Benefits and costs still to come at ``as_of``, by the rule :data:`FORWARD_RULE`.

    Benefits: the planned ``expected_benefit`` of the as-of year times
    :func:`year_share_left`, later years in full. Costs: ``remaining_cost`` (project id ->
    money still to spend, EAC - AC as the funding decision uses) spread over the planned
    years by :func:`remaining_cost_by_year`; a project of the cash flows without a
    ``remaining_cost`` keeps its planned costs, pro-rated the same way as benefits.

    >>> flows = pd.DataFrame({"project_id": ["A"] * 3, "year": [2026, 2027, 2028],
    ...     "investment_cost": [400.0, 100.0, 0.0], "expected_benefit": [0.0, 50.0, 300.0]})
    >>> ahead = forward_flows(flows, "2026-09-30", pd.Series({"A": 250.0}))
    >>> ahead.cost.loc["A"].round(1).tolist(), ahead.benefit.loc["A"].tolist()
    ([125.5, 124.5, 0.0], [0.0, 50.0, 300.0])
    """
    first = int(pd.Timestamp(as_of).year)
    benefit = _prorated(_wide(cashflows_table, "expected_benefit"), as_of)
    cost = _prorated(_wide(cashflows_table, "investment_cost"), as_of)
    cost = cost.reindex(index=benefit.index, columns=benefit.columns, fill_value=0.0)
    if remaining_cost is not None:
        known = remaining_cost.dropna()
        known = known[known.index.isin(benefit.index)]
        spread = remaining_cost_by_year(cashflows_table, known, as_of)
        cost.loc[known.index] = spread.reindex(columns=cost.columns, fill_value=0.0).to_numpy()
    return ForwardFlows(cost, benefit, first)


def _rebased(wide: pd.DataFrame, first_year: pd.Series) -> pd.DataFrame:
    """Rows of a project x year frame shifted so that column 0 is each row's ``first_year``."""
    offsets = (first_year.reindex(wide.index) - int(wide.columns.min())).to_numpy(dtype=int)
    array = wide.to_numpy()
    shifted = np.zeros_like(array)
    for i, offset in enumerate(offsets):
        shifted[i, : array.shape[1] - offset] = array[i, offset:]
    return pd.DataFrame(shifted, index=wide.index)


def _by_t(
    cashflows_table: pd.DataFrame, from_year: int | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Costs and benefits per project, column ``t`` = years after the project's own first year
    in the table, or after ``from_year`` for every project (earlier years dropped)."""
    table = cashflows_table
    if from_year is not None:
        table = table[table["year"] >= from_year]
    cost, benefit = _wide(table, "investment_cost"), _wide(table, "expected_benefit")
    last = max(int(cost.columns.max()), from_year or 0) if len(cost.columns) else from_year or 0
    start = int(from_year) if from_year is not None else int(table["year"].min())
    years = list(range(start, last + 1))
    cost, benefit = (f.reindex(columns=years, fill_value=0.0) for f in (cost, benefit))
    if from_year is None:
        first = table.groupby("project_id")["year"].min()
        return _rebased(cost, first), _rebased(benefit, first)
    positions = range(len(years))
    return cost.set_axis(positions, axis=1), benefit.set_axis(positions, axis=1)


def financial_metrics(
    cashflows_table: pd.DataFrame,
    rate: float,
    *,
    from_year: int | None = None,
    as_of: date | str | pd.Timestamp | None = None,
    remaining_cost: pd.Series | None = None,
) -> pd.DataFrame:
    """One row per project: NPV, IRR, payback, discounted payback, ROI and benefit-cost ratio.

    By default NPV and IRR discount each project's flows to its own first year in the table,
    as a business case does. With ``as_of`` (a date) the view is a funding decision's, by
    :data:`FORWARD_RULE` (:func:`forward_flows`): only what is still to come counts (the
    data date's year for the months left), the cost is ``remaining_cost`` (EAC - AC; planned
    costs where not given) and every project is discounted to the data date's year. With
    ``from_year`` (older, coarser) flows from that whole year on count, at planned cost.
    ROI uses undiscounted totals of the flows counted; the benefit-cost ratio is the present
    value of benefits over the present value of costs, at ``rate``. ``irr_note`` says why an
    IRR is missing or ambiguous, or that a higher one is worse (``irr_borrowing``). Money in
    the table's currency; rates and ROI as shares; payback in years.
    """
    if as_of is not None:
        ahead = forward_flows(cashflows_table, as_of, remaining_cost)
        positions = range(len(ahead.cost.columns))
        cost = ahead.cost.set_axis(positions, axis=1)
        benefit = ahead.benefit.set_axis(positions, axis=1)
    else:
        cost, benefit = _by_t(cashflows_table, from_year)
    return _metrics(cost, benefit, rate)


def _metrics(cost: pd.DataFrame, benefit: pd.DataFrame, rate: float) -> pd.DataFrame:
    """The metrics of :func:`financial_metrics` from costs and benefits per project and
    ``t`` (years after the date discounted to)."""
    flows = benefit - cost
    factors = _discount_factors(rate, flows.shape[1])
    irr_results = [irr_result(row) for row in flows.to_numpy()]
    frame = pd.DataFrame(
        {
            "npv": npv(rate, flows),
            "irr": [r.rate for r in irr_results],
            "irr_note": [r.note for r in irr_results],
            "irr_borrowing": [r.borrowing for r in irr_results],
            "payback_years": payback_period(flows),
            "discounted_payback_years": discounted_payback_period(rate, flows),
            "total_cost": cost.sum(axis=1),
            "total_benefit": benefit.sum(axis=1),
        },
        index=flows.index,
    )
    frame["roi"] = roi(frame["total_benefit"], frame["total_cost"])
    frame["benefit_cost_ratio"] = benefit_cost_ratio(
        pd.Series(benefit.to_numpy() @ factors, index=flows.index),
        pd.Series(cost.to_numpy() @ factors, index=flows.index),
    )
    return frame
