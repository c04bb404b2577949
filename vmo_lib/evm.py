"""Earned value management (EVM): the PMO's cost and schedule measures, PMBOK formulas.

Inputs are the four EVM quantities, in the organisation's currency:

``BAC``  budget at completion: the approved total budget of the work.
``PV``   planned value: budgeted cost of the work scheduled up to the data date.
``EV``   earned value: budgeted cost of the work actually performed up to the data date.
``AC``   actual cost: what that performed work really cost.

Results (currency unless said otherwise; indices are dimensionless ratios). ``W`` is the work
remaining, ``max(BAC - EV, 0)`` (see "EV above BAC" below):

============  =====================================  =============================================
``CV``        ``EV - AC``                            > 0 under budget, < 0 over budget
``SV``        ``EV - PV``                            > 0 ahead of schedule, < 0 behind schedule
``CPI``       ``EV / AC``                            > 1 each unit spent earns more than one unit
``SPI``       ``EV / PV``                            > 1 more work done than scheduled
``EAC``       see :func:`estimate_at_completion`     forecast total cost
``ETC``       ``EAC - AC``                           cost still to spend
``VAC``       ``BAC - EAC``                          > 0 forecast to finish under budget
``TCPI``      ``W / (BAC - AC)``                     efficiency the remaining work needs to finish
                                                     within BAC (> 1 harder than so far)
``TCPI_EAC``  ``W / (EAC - AC)``                     efficiency the remaining work needs to finish
                                                     within the EAC (PMBOK's second TCPI)
============  =====================================  =============================================

Rules for the awkward cases (each stated in :data:`EAC_BASIS_LABELS` and the handouts):

* **TCPI to the BAC is blank exactly when the budget can no longer be met**: the actual cost
  has passed the budget (``AC > BAC``), or has reached it while work remains (``AC = BAC`` and
  ``EV < BAC``). No efficiency can then bring the final cost within the budget, and the ratio
  ``W / (BAC - AC)`` would be negative or infinite. When no work remains and the budget holds,
  TCPI is 0 (nothing left to earn). TCPI to the EAC is blank when the EAC is blank.
* **Nothing earned yet but money spent** (``EV = 0 < AC``): the CPI is 0, so ``BAC / CPI``
  cannot forecast. The EAC then uses the *atypical* formula ``AC + (BAC - EV)``: the money
  spent is gone and the whole budget is still needed. It is stated per project in the
  ``eac_basis`` column. (The older fallback ``ETC = BAC - AC`` assumed the spend so far had
  bought work, which is optimistic.)
* **Nothing paid for yet** (``AC = 0``): no CPI, and no forecast (EAC, ETC, VAC blank).
* **EV above BAC** (scope grew and the baseline was not updated; ANSI/EIA-748 treats it as a
  data problem, the loader as a warning): EV is kept as reported for CV, SV, CPI and SPI (the
  work was done and cost what it cost), while the work remaining is taken as 0, so
  ``EAC = AC`` (no remaining work on record), TCPI is 0 or blank by the rule above, and VAC
  compares that cost with the approved BAC. ``eac_basis`` says so.

The EAC is always computed as ``AC + ETC`` with PMBOK's ETC for the chosen method
(``W / CPI``, ``W`` or ``W / (CPI x SPI)``), which equals ``BAC / CPI`` etc. whenever
``EV <= BAC``.

A ratio whose denominator is zero has no value. Instead of raising, or returning ``inf``, the
functions return ``NaN`` and say why in :attr:`EarnedValue.reasons`, so a table can show why a
project's CPI is blank (for example, nothing has been paid for yet).

Every function accepts scalars, numpy arrays or pandas Series (any mix that broadcasts). A
Series in gives a Series out with the same index; scalars in give floats out. Everything is
vectorised (no per-project Python loop), for portfolios of tens of thousands of projects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import numpy as np
import pandas as pd

# Earned schedule (Lipke) extends earned value to time; re-exported so `evm.earned_schedule` works.
from vmo_lib.evm_schedule import EarnedSchedule as EarnedSchedule
from vmo_lib.evm_schedule import earned_schedule as earned_schedule

EacMethod: TypeAlias = Literal["cpi", "atypical", "cpi_spi"]
EAC_METHODS: tuple[EacMethod, ...] = ("cpi", "atypical", "cpi_spi")
EAC_METHOD_LABELS: dict[str, str] = {
    "cpi": "BAC / CPI (today's cost efficiency continues)",
    "atypical": "AC + (BAC - EV) (overrun so far was a one-off)",
    "cpi_spi": "AC + (BAC - EV) / (CPI x SPI) (cost and schedule pressure both continue)",
}
METRICS: tuple[str, ...] = ("cv", "sv", "cpi", "spi", "eac", "etc", "vac", "tcpi", "tcpi_eac")

EAC_BASIS_LABELS: dict[str, str] = {
    "method": "the method chosen for the run",
    "nothing_earned": "AC + (BAC - EV): money spent but nothing earned yet, so the CPI (0) "
    "cannot project the cost; the whole budget is still needed on top of the spend",
    "work_done": "AC: no work remains (earned value has reached the budget)",
    "ev_over_bac": "AC: earned value exceeds the budget (scope grew without a new baseline); "
    "no remaining work on record, so the forecast is the cost so far",
    "blank": "blank: see why_blank",
}
"""Per-project ``eac_basis`` values: which rule gave the EAC, in plain words (``method`` is
replaced by the label of the chosen method in :attr:`EarnedValue.eac_basis`)."""

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
_BUDGET_UNREACHABLE = (
    "the budget can no longer be met (actual cost has passed the budget, or has reached it "
    "with work still to do)"
)
_ETC_NOT_POSITIVE = "the estimate to complete is not above 0 while work remains"


@dataclass(frozen=True)
class EarnedValue:
    """Earned value metrics of one project or of many (one element per project).

    Attributes hold floats (scalar inputs), numpy arrays or pandas Series (same index as the
    inputs). ``reasons`` maps each metric name (``"cpi"``, ``"eac"``, ...) to the reason its value
    is blank, element by element ("" where the value is defined), e.g.
    ``"CPI undefined: actual cost is 0 (no work paid for yet)"``. ``why_blank`` gathers those
    reasons per element into one sentence, for a "why is this blank?" column. ``eac_basis``
    says per element which rule gave the EAC (see :data:`EAC_BASIS_LABELS`).

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
    tcpi_eac: Values
    eac_method: EacMethod
    eac_basis: Any
    reasons: Mapping[str, Any]
    why_blank: Any

    def to_frame(self) -> pd.DataFrame:
        """All inputs and metrics as one table, a row per element, plus ``eac_basis`` and
        ``why_blank`` columns.

        >>> earned_value(100.0, 50.0, 40.0, 45.0).to_frame()[["cpi", "spi"]].round(3)
             cpi  spi
        0  0.889  0.8
        """
        columns = ("bac", "pv", "ev", "ac", *METRICS, "eac_basis", "why_blank")
        data = {name: np.atleast_1d(getattr(self, name)) for name in columns}
        index = self.cv.index if isinstance(self.cv, pd.Series) else None
        return pd.DataFrame(data, index=index)


def earned_value(
    bac: Values, pv: Values, ev: Values, ac: Values, eac_method: EacMethod = "cpi"
) -> EarnedValue:
    """Compute CV, SV, CPI, SPI, EAC, ETC, VAC, TCPI and TCPI to the EAC from BAC, PV, EV, AC.

    Formulas (PMBOK): ``CV = EV - AC``, ``SV = EV - PV``, ``CPI = EV / AC``, ``SPI = EV / PV``,
    ``EAC`` by ``eac_method`` (default ``BAC / CPI``, see :func:`estimate_at_completion`),
    ``ETC = EAC - AC``, ``VAC = BAC - EAC``, ``TCPI = (BAC - EV) / (BAC - AC)`` and
    ``TCPI_EAC = (BAC - EV) / (EAC - AC)``, with ``BAC - EV`` taken as at least 0.

    Units: BAC, PV, EV, AC, CV, SV, EAC, ETC and VAC are amounts in the organisation's currency;
    CPI, SPI and both TCPIs are dimensionless. Signs: CV, SV and VAC are positive when the
    project is under budget, ahead of schedule or forecast to finish under budget.

    Blank values (``NaN``, with a reason in ``reasons``) instead of errors or infinities:
    CPI when AC is 0; SPI when PV is 0; EAC, ETC, VAC and TCPI_EAC when nothing has been paid
    for (AC = 0) or the chosen formula divides by zero (PV = 0 for ``cpi_spi``); TCPI exactly
    when the budget can no longer be met (see the module docstring); any metric whose inputs
    are missing. When EV = 0 < AC the EAC uses ``AC + (BAC - EV)``, stated in ``eac_basis``.

    >>> r = earned_value(bac=4000.0, pv=3000.0, ev=2500.0, ac=2800.0)
    >>> r.cv, r.sv, round(r.cpi, 3), round(r.eac, 1), round(r.tcpi_eac, 3)
    (-300.0, -500.0, 0.893, 4480.0, 0.893)
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
    values["eac"], causes["eac"], basis = _eac(arrays, eac_method)
    values["etc"], causes["etc"] = values["eac"] - a, causes["eac"]
    values["vac"], causes["vac"] = b - values["eac"], causes["eac"]
    values["tcpi"], causes["tcpi"] = _tcpi(arrays)
    values["tcpi_eac"], causes["tcpi_eac"] = _tcpi_eac(arrays, values["etc"], causes["eac"])

    reasons = {m: _prefix(m.upper(), causes[m]) for m in METRICS}
    labels = {**EAC_BASIS_LABELS, "method": EAC_METHOD_LABELS[eac_method]}
    basis_text = np.asarray(pd.Series(basis.ravel()).map(labels), dtype=object)
    return EarnedValue(
        **{name: wrap(arrays[name]) for name in ("bac", "pv", "ev", "ac")},
        **{m: wrap(values[m]) for m in METRICS},
        eac_method=eac_method,
        eac_basis=wrap(basis_text.reshape(basis.shape)),
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

    Computed as ``AC + ETC`` with the work remaining ``BAC - EV`` taken as at least 0. The
    result is ``NaN`` when AC is 0 (nothing paid for yet) or PV is 0 (``cpi_spi``); when EV is
    0 and AC is above 0 the ratio methods fall back to ``"atypical"`` (see the module
    docstring); :func:`earned_value` reports the reason and the basis.

    >>> estimate_at_completion(100.0, 40.0, 45.0, method="atypical")
    105.0
    >>> round(estimate_at_completion(100.0, 40.0, 45.0, pv=50.0, method="cpi_spi"), 3)
    129.375
    >>> estimate_at_completion(100.0, 0.0, 30.0)  # nothing earned: AC + (BAC - EV)
    130.0
    """
    _check_method(method)
    if method == "cpi_spi" and pv is None:
        raise ValueError("method 'cpi_spi' needs the planned value (pv)")
    arrays, wrap = _as_arrays(bac=bac, ev=ev, ac=ac, pv=np.nan if pv is None else pv)
    eac, _, _ = _eac(arrays, method)
    return wrap(eac)


def _check_method(method: str) -> None:
    if method not in EAC_METHODS:
        raise ValueError(f"unknown EAC method {method!r}; choose one of {', '.join(EAC_METHODS)}")


def _remaining(arrays: Mapping[str, np.ndarray]) -> np.ndarray:
    """Work remaining in budget terms, ``max(BAC - EV, 0)`` (NaN if an input is missing)."""
    return np.maximum(arrays["bac"] - arrays["ev"], 0.0)


def _eac(
    arrays: Mapping[str, np.ndarray], method: EacMethod
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """EAC values, per element the cause of a blank ("" where defined), and the basis key."""
    b, e, a = arrays["bac"], arrays["ev"], arrays["ac"]
    remaining = _remaining(arrays)
    needed = ("bac", "ev", "ac", "pv") if method == "cpi_spi" else ("bac", "ev", "ac")
    cause = _missing_cause(arrays, needed)
    cause = _set_cause(cause, a == 0, _AC_ZERO)
    no_work = (cause == "") & (remaining == 0)
    nothing_earned = (cause == "") & ~no_work & (e == 0) & (method != "atypical")
    with np.errstate(divide="ignore", invalid="ignore"):
        if method == "cpi":
            etc = remaining * a / e  # = (BAC - EV) / CPI
        elif method == "cpi_spi":
            cause = _set_cause(cause, ~no_work & ~nothing_earned & (arrays["pv"] == 0), _PV_ZERO)
            etc = remaining / ((e / a) * (e / arrays["pv"]))
        else:
            etc = remaining
    etc = np.where(no_work, 0.0, np.where(nothing_earned, remaining, etc))
    eac = np.where(cause == "", a + etc, np.nan)
    basis = np.select(
        [cause != "", no_work & (e > b), no_work, nothing_earned],
        ["blank", "ev_over_bac", "work_done", "nothing_earned"],
        "method",
    )
    return eac, cause, basis


def _tcpi(arrays: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """TCPI to the BAC: blank exactly when the budget can no longer be met (or input missing)."""
    b, a = arrays["bac"], arrays["ac"]
    remaining = _remaining(arrays)
    cause = _missing_cause(arrays, ("bac", "ev", "ac"))
    cause = _set_cause(cause, (a > b) | ((a == b) & (remaining > 0)), _BUDGET_UNREACHABLE)
    with np.errstate(divide="ignore", invalid="ignore"):
        tcpi = np.where(remaining == 0, 0.0, remaining / (b - a))
    return np.where(cause == "", tcpi, np.nan), cause


def _tcpi_eac(
    arrays: Mapping[str, np.ndarray], etc: np.ndarray, eac_cause: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """TCPI to the EAC, ``(BAC - EV) / (EAC - AC)``: blank when the EAC is blank."""
    remaining = _remaining(arrays)
    cause = _set_cause(eac_cause, (remaining > 0) & ~(etc > 0), _ETC_NOT_POSITIVE)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(remaining == 0, 0.0, remaining / etc)
    return np.where(cause == "", ratio, np.nan), cause


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
    text = np.full(shape, "", dtype=object)
    count = np.zeros(shape, dtype=int)
    for name in names:
        mask = np.broadcast_to(np.isnan(arrays[name]), shape)
        if not mask.any():
            continue
        label = _INPUT_NAMES[name]
        text = np.where(mask, np.where(count == 0, label, text + " and " + label), text)
        count = count + mask
    suffix = np.where(count == 1, " is missing", " are missing")
    return np.where(count > 0, text + suffix, "").astype(object)


def _set_cause(cause: np.ndarray, condition: np.ndarray, text: str) -> np.ndarray:
    """Give ``text`` to elements meeting ``condition`` that have no cause yet (first wins)."""
    out = np.array(np.broadcast_to(cause, np.broadcast_shapes(cause.shape, condition.shape)))
    out[(out == "") & condition] = text
    return out


def _prefix(label: str, cause: np.ndarray) -> np.ndarray:
    return np.where(cause != "", f"{label} undefined: " + cause, "").astype(object)


def _summarise(causes: Mapping[str, np.ndarray]) -> np.ndarray:
    """One sentence per element grouping the blank metrics by cause, e.g. 'CPI, EAC: ...'.

    Vectorised: the sentence is built once per distinct combination of causes (a handful),
    then mapped back to every element.
    """
    shape = np.broadcast_shapes(*(c.shape for c in causes.values()))
    frame = pd.DataFrame(
        {m: np.broadcast_to(c, shape).ravel() for m, c in causes.items()}, dtype=object
    )
    if frame.empty:
        return np.full(shape, "", dtype=object)
    combos = frame.drop_duplicates()
    sentences = [_sentence(dict(zip(frame.columns, row, strict=True))) for row in combos.values]
    key = pd.MultiIndex.from_frame(combos) if len(frame.columns) > 1 else combos.iloc[:, 0]
    lookup = pd.Series(sentences, index=key)
    where = pd.MultiIndex.from_frame(frame) if len(frame.columns) > 1 else frame.iloc[:, 0]
    out = lookup.reindex(where).to_numpy(dtype=object)
    return out.reshape(shape)


def _sentence(causes: Mapping[str, str]) -> str:
    grouped: dict[str, list[str]] = {}
    for metric, cause in causes.items():
        if cause:
            grouped.setdefault(cause, []).append(metric.upper())
    return "; ".join(f"{', '.join(ms)} blank: {c}" for c, ms in grouped.items())


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

    def wrap(values: np.ndarray) -> Values | str:  # text results (e.g. a method name) stay str
        values = np.asarray(values)
        if index is not None:
            return pd.Series(values, index=index, dtype="str" if values.dtype == object else float)
        if values.ndim == 0:
            item = values.item()
            return item if isinstance(item, str) else float(item)
        return np.array(values)

    return arrays, wrap
