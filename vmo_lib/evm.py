"""Earned value management (EVM): the PMO's cost and schedule measures, PMBOK formulas.

Inputs are the four EVM quantities, in the organisation's currency:

``BAC``  budget at completion: the approved total budget of the work.
``PV``   planned value: budgeted cost of the work scheduled up to the data date.
``EV``   earned value: budgeted cost of the work actually performed up to the data date.
``AC``   actual cost: what that performed work really cost.

Results (currency unless said otherwise; indices are dimensionless ratios):

============  =====================================  =============================================
``CV``        ``EV - AC``                            > 0 under budget, < 0 over budget
``SV``        ``EV - PV``                            > 0 ahead of schedule, < 0 behind schedule
``CPI``       ``EV / AC``                            > 1 each unit spent earns more than one unit
``SPI``       ``EV / PV``                            > 1 more work done than scheduled
``EAC``       see :func:`estimate_at_completion`     forecast total cost
``ETC``       ``EAC - AC``                           cost still to spend
``VAC``       ``BAC - EAC``                          > 0 forecast to finish under budget
``TCPI``      ``(BAC - EV) / (BAC - AC)``            efficiency needed on the remaining work to
                                                     finish within BAC (> 1 harder than so far)
============  =====================================  =============================================

A ratio whose denominator is zero has no value. Instead of raising, or returning ``inf``, the
functions return ``NaN`` and say why in :attr:`EarnedValue.reasons`, so a table can show why a
project's CPI is blank (for example, nothing has been paid for yet).

Every function accepts scalars, numpy arrays or pandas Series (any mix that broadcasts). A
Series in gives a Series out with the same index; scalars in give floats out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import numpy as np
import pandas as pd

EacMethod: TypeAlias = Literal["cpi", "atypical", "cpi_spi"]
EAC_METHODS: tuple[EacMethod, ...] = ("cpi", "atypical", "cpi_spi")
EAC_METHOD_LABELS: dict[str, str] = {
    "cpi": "BAC / CPI (today's cost efficiency continues)",
    "atypical": "AC + (BAC - EV) (overrun so far was a one-off)",
    "cpi_spi": "AC + (BAC - EV) / (CPI x SPI) (cost and schedule pressure both continue)",
}
METRICS: tuple[str, ...] = ("cv", "sv", "cpi", "spi", "eac", "etc", "vac", "tcpi")

Values: TypeAlias = float | np.ndarray | pd.Series
"""A number, numpy array or pandas Series of numbers (the shape follows the inputs)."""

_INPUT_NAMES = {
    "bac": "budget at completion",
    "pv": "planned value",
    "ev": "earned value",
    "ac": "actual cost",
}
_AC_ZERO = "actual cost is 0 (no work paid for yet)"
_PV_ZERO = "planned value is 0 (no work scheduled yet)"
_EV_ZERO = "earned value is 0, so the cost efficiency (CPI) is 0"
_WORK_DONE = "no work remains (earned value has reached the budget)"
_BUDGET_SPENT = "actual cost equals the budget (nothing left to spend)"
_BUDGET_EXCEEDED = "actual cost already exceeds the budget, so finishing within BAC is impossible"


@dataclass(frozen=True)
class EarnedValue:
    """Earned value metrics of one project or of many (one element per project).

    Attributes hold floats (scalar inputs), numpy arrays or pandas Series (same index as the
    inputs). ``reasons`` maps each metric name (``"cpi"``, ``"eac"``, ...) to the reason its value
    is blank, element by element ("" where the value is defined), e.g.
    ``"CPI undefined: actual cost is 0 (no work paid for yet)"``. ``why_blank`` gathers those
    reasons per element into one sentence, for a "why is this blank?" column.

    >>> result = earned_value(bac=100.0, pv=50.0, ev=40.0, ac=0.0)
    >>> result.cpi
    nan
    >>> result.reasons["cpi"]
    'CPI undefined: actual cost is 0 (no work paid for yet)'
    """

    bac: Values
    pv: Values
    ev: Values
    ac: Values
    cv: Values
    sv: Values
    cpi: Values
    spi: Values
    eac: Values
    etc: Values
    vac: Values
    tcpi: Values
    eac_method: EacMethod
    reasons: Mapping[str, Any]
    why_blank: Any

    def to_frame(self) -> pd.DataFrame:
        """All inputs and metrics as one table, a row per element, plus a ``why_blank`` column.

        >>> earned_value(100.0, 50.0, 40.0, 45.0).to_frame()[["cpi", "spi"]].round(3)
             cpi  spi
        0  0.889  0.8
        """
        columns = ("bac", "pv", "ev", "ac", *METRICS, "why_blank")
        data = {name: np.atleast_1d(getattr(self, name)) for name in columns}
        index = self.cv.index if isinstance(self.cv, pd.Series) else None
        return pd.DataFrame(data, index=index)


def earned_value(
    bac: Values, pv: Values, ev: Values, ac: Values, eac_method: EacMethod = "cpi"
) -> EarnedValue:
    """Compute CV, SV, CPI, SPI, EAC, ETC, VAC and TCPI from BAC, PV, EV and AC.

    Formulas (PMBOK): ``CV = EV - AC``, ``SV = EV - PV``, ``CPI = EV / AC``, ``SPI = EV / PV``,
    ``EAC`` by ``eac_method`` (default ``BAC / CPI``, see :func:`estimate_at_completion`),
    ``ETC = EAC - AC``, ``VAC = BAC - EAC``, ``TCPI = (BAC - EV) / (BAC - AC)``.

    Units: BAC, PV, EV, AC, CV, SV, EAC, ETC and VAC are amounts in the organisation's currency;
    CPI, SPI and TCPI are dimensionless. Signs: CV, SV and VAC are positive when the project is
    under budget, ahead of schedule or forecast to finish under budget.

    Blank values (``NaN``, with a reason in ``reasons``) instead of errors or infinities:
    CPI when AC is 0; SPI when PV is 0; EAC, ETC and VAC when the chosen EAC formula divides by
    zero; TCPI when no work remains (EV has reached BAC) or when AC has reached or passed BAC
    (the remaining budget is zero or negative, so "finish within BAC" has no meaningful
    efficiency); any metric whose inputs are missing.

    >>> r = earned_value(bac=4000.0, pv=3000.0, ev=2500.0, ac=2800.0)
    >>> r.cv, r.sv, round(r.cpi, 3), round(r.eac, 1)
    (-300.0, -500.0, 0.893, 4480.0)
    """
    _check_method(eac_method)
    arrays, wrap = _as_arrays(bac=bac, pv=pv, ev=ev, ac=ac)
    b, p, e, a = arrays["bac"], arrays["pv"], arrays["ev"], arrays["ac"]
    values: dict[str, np.ndarray] = {"cv": e - a, "sv": e - p}
    causes = {
        "cv": _missing_cause(arrays, ("ev", "ac")),
        "sv": _missing_cause(arrays, ("ev", "pv")),
    }
    values["cpi"], causes["cpi"] = _divide(e, a, causes["cv"], _AC_ZERO)
    values["spi"], causes["spi"] = _divide(e, p, causes["sv"], _PV_ZERO)
    values["eac"], causes["eac"] = _eac(arrays, eac_method)
    values["etc"], causes["etc"] = values["eac"] - a, causes["eac"]
    values["vac"], causes["vac"] = b - values["eac"], causes["eac"]
    values["tcpi"], causes["tcpi"] = _tcpi(arrays)

    reasons = {m: _prefix(m.upper(), causes[m]) for m in METRICS}
    return EarnedValue(
        **{name: wrap(arrays[name]) for name in ("bac", "pv", "ev", "ac")},
        **{m: wrap(values[m]) for m in METRICS},
        eac_method=eac_method,
        reasons={m: wrap(reasons[m]) for m in METRICS},
        why_blank=wrap(_summarise(causes)),
    )


def earned_value_of(projects: pd.DataFrame, eac_method: EacMethod = "cpi") -> EarnedValue:
    """:func:`earned_value` of every row of a ``projects`` table (columns as in the schema).

    Reads ``budget_at_completion``, ``planned_value``, ``earned_value`` and ``actual_cost``;
    the results keep the table's index.
    """
    return earned_value(
        bac=projects["budget_at_completion"].astype(float),
        pv=projects["planned_value"].astype(float),
        ev=projects["earned_value"].astype(float),
        ac=projects["actual_cost"].astype(float),
        eac_method=eac_method,
    )


def estimate_at_completion(
    bac: Values, ev: Values, ac: Values, pv: Values | None = None, method: EacMethod = "cpi"
) -> Values:
    """Forecast total cost at completion (EAC, currency) with one of three PMBOK formulas.

    ``"cpi"``       ``EAC = BAC / CPI`` with ``CPI = EV / AC``: the cost efficiency achieved so
                    far holds for the rest of the work (the usual default, "typical" variance).
    ``"atypical"``  ``EAC = AC + (BAC - EV)``: the variance so far was a one-off; the remaining
                    work costs what was budgeted.
    ``"cpi_spi"``   ``EAC = AC + (BAC - EV) / (CPI x SPI)`` with ``SPI = EV / PV``: both cost and
                    schedule pressure continue (needs ``pv``).

    Where the formula divides by zero (AC, PV or EV is 0 for the ratio methods) the result is
    ``NaN``; :func:`earned_value` reports the reason.

    >>> estimate_at_completion(100.0, 40.0, 45.0, method="atypical")
    105.0
    >>> round(estimate_at_completion(100.0, 40.0, 45.0, pv=50.0, method="cpi_spi"), 3)
    129.375
    """
    _check_method(method)
    if method == "cpi_spi" and pv is None:
        raise ValueError("method 'cpi_spi' needs the planned value (pv)")
    arrays, wrap = _as_arrays(bac=bac, ev=ev, ac=ac, pv=np.nan if pv is None else pv)
    eac, _ = _eac(arrays, method)
    return wrap(eac)


def _check_method(method: str) -> None:
    if method not in EAC_METHODS:
        raise ValueError(f"unknown EAC method {method!r}; choose one of {', '.join(EAC_METHODS)}")


def _eac(arrays: Mapping[str, np.ndarray], method: EacMethod) -> tuple[np.ndarray, np.ndarray]:
    """EAC values and, per element, the cause of a blank ("" where defined)."""
    b, e, a = arrays["bac"], arrays["ev"], arrays["ac"]
    if method == "atypical":
        return a + (b - e), _missing_cause(arrays, ("bac", "ev", "ac"))
    needed = ("bac", "ev", "ac") if method == "cpi" else ("bac", "ev", "ac", "pv")
    cause = _missing_cause(arrays, needed)
    cause = _set_cause(cause, a == 0, _AC_ZERO)
    if method == "cpi":
        cause = _set_cause(cause, e == 0, _EV_ZERO)
        with np.errstate(divide="ignore", invalid="ignore"):
            eac = b * a / e  # = BAC / (EV / AC), exact when CPI is a repeating decimal
        return np.where(cause == "", eac, np.nan), cause
    p = arrays["pv"]
    cause = _set_cause(cause, p == 0, _PV_ZERO)
    cause = _set_cause(cause, e == 0, "earned value is 0, so CPI x SPI is 0")
    with np.errstate(divide="ignore", invalid="ignore"):
        eac = a + (b - e) / ((e / a) * (e / p))
    return np.where(cause == "", eac, np.nan), cause


def _tcpi(arrays: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    b, e, a = arrays["bac"], arrays["ev"], arrays["ac"]
    cause = _missing_cause(arrays, ("bac", "ev", "ac"))
    cause = _set_cause(cause, e >= b, _WORK_DONE)
    cause = _set_cause(cause, b == a, _BUDGET_SPENT)
    cause = _set_cause(cause, a > b, _BUDGET_EXCEEDED)
    with np.errstate(divide="ignore", invalid="ignore"):
        tcpi = (b - e) / (b - a)
    return np.where(cause == "", tcpi, np.nan), cause


def _divide(
    num: np.ndarray, den: np.ndarray, cause: np.ndarray, zero_cause: str
) -> tuple[np.ndarray, np.ndarray]:
    cause = _set_cause(cause, den == 0, zero_cause)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = num / den
    return np.where(cause == "", ratio, np.nan), cause


def _missing_cause(arrays: Mapping[str, np.ndarray], names: tuple[str, ...]) -> np.ndarray:
    """Per element: "" if all named inputs are present, else which ones are missing."""
    shape = np.broadcast_shapes(*(arrays[n].shape for n in names))
    masks = [np.broadcast_to(np.isnan(arrays[n]), shape) for n in names]
    cause = np.full(shape, "", dtype=object)
    for idx in np.ndindex(shape):
        missing = [_INPUT_NAMES[n] for n, m in zip(names, masks, strict=True) if m[idx]]
        if missing:
            cause[idx] = " and ".join(missing) + (" is" if len(missing) == 1 else " are")
            cause[idx] += " missing"
    return cause


def _set_cause(cause: np.ndarray, condition: np.ndarray, text: str) -> np.ndarray:
    """Give ``text`` to elements meeting ``condition`` that have no cause yet (first wins)."""
    out = np.array(np.broadcast_to(cause, np.broadcast_shapes(cause.shape, condition.shape)))
    out[(out == "") & condition] = text
    return out


def _prefix(label: str, cause: np.ndarray) -> np.ndarray:
    out = np.full(cause.shape, "", dtype=object)
    for idx in np.ndindex(cause.shape):
        if cause[idx]:
            out[idx] = f"{label} undefined: {cause[idx]}"
    return out


def _summarise(causes: Mapping[str, np.ndarray]) -> np.ndarray:
    """One sentence per element grouping the blank metrics by cause, e.g. 'CPI, EAC: ...'."""
    shape = np.broadcast_shapes(*(c.shape for c in causes.values()))
    out = np.full(shape, "", dtype=object)
    for idx in np.ndindex(shape):
        grouped: dict[str, list[str]] = {}
        for metric, cause in causes.items():
            text = np.broadcast_to(cause, shape)[idx]
            if text:
                grouped.setdefault(text, []).append(metric.upper())
        out[idx] = "; ".join(f"{', '.join(ms)} blank: {c}" for c, ms in grouped.items())
    return out


def _as_arrays(**inputs: Values) -> tuple[dict[str, np.ndarray], Any]:
    """Broadcast inputs to float arrays; return them and a function restoring the input kind."""
    series = [v for v in inputs.values() if isinstance(v, pd.Series)]
    index = series[0].index if series else None
    for s in series[1:]:
        if not s.index.equals(index):
            raise ValueError("Series inputs must share the same index")
    arrays = {k: np.asarray(v, dtype=float) for k, v in inputs.items()}
    shape = np.broadcast_shapes(*(a.shape for a in arrays.values()))
    arrays = {k: np.broadcast_to(a, shape) for k, a in arrays.items()}

    def wrap(values: np.ndarray) -> Values:
        if index is not None:
            return pd.Series(values, index=index, dtype="str" if values.dtype == object else float)
        if values.ndim == 0:
            item = values.item()
            return item if isinstance(item, str) else float(item)
        return np.array(values)

    return arrays, wrap
