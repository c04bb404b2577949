"""Monte Carlo forecast of whole-life benefit value: how sure the value office is.

The deterministic forecast (:func:`~.forecast.forecast_to_completion`, method ``evidence``)
gives one number per benefit: value realised to date plus its forecast remaining quarters.
This module draws many possible futures around it (money, the organisation's currency):

* **Realised to date is banked**: it is not drawn again.
* **Whether a benefit materialises**: Bernoulli with chance ``p = (m c + k) / (m + k)``:
  ``c`` is its confidence (the register's ``confidence``; blank -> the project's
  ``probability_of_success``; blank -> ``default_confidence``), ``k`` the quarters it has
  already realised value with evidence (value of its plan's sign and a non-blank evidence
  cell), and ``m`` = :data:`PRIOR_QUARTERS`. This is the mean of a Beta prior worth ``m``
  quarters centred on the confidence, updated by ``k`` quarters of evidenced realisation: a
  benefit already arriving is more likely to keep coming. A benefit that does not materialise
  realises nothing more.
* **How much, if it does**: its forecast remaining value times a lognormal factor with mean 1,
  ``exp(s Z - s^2 / 2)`` with ``Z`` standard normal and spread
  ``s = spread x sqrt(1 - p) / sqrt(1 + k)``: likely, well-evidenced benefits scatter less;
  a certain benefit (``p = 1``) does not scatter at all.
* **When**: every benefit of a project moves by the same whole number of quarters, drawn
  uniformly from 0 to the project's *extra delay*: how much later earned schedule
  (``start + IEAC(t)``, :mod:`vmo_lib.baseline.earned_schedule`) says it finishes than the forecast
  finish the deterministic plan already allows for, in quarters (0 for projects on time,
  closed or not started). Value moved past the plan's last quarter (the appraisal horizon)
  is lost.
* **Dis-benefits** (negative forecast remaining) are certain: the loss is assumed to happen.

Draws are vectorised over benefits and done in chunks of samples, so memory stays near
``chunk_elements`` numbers per array whatever the number of samples; a ``seed`` makes the
figures repeatable (for the same ``chunk_elements``). The draws and the weighted sums over
benefits are in single precision (rounding about one part in a million, far below the
sampling noise); totals and quantiles are accumulated in double precision.

Value at risk (P10): ``planned_total - value_p10``, the shortfall against the whole-life plan
that the portfolio has a 1-in-10 chance of exceeding (a quantile, as in finance's value at
risk), not the unrealised plan of benefits flagged at risk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib.notebook.record import Figure
from vmo_lib.realization.forecast import forecast_to_completion
from vmo_lib.realization.periods import as_periods, cut_to_date, last_complete_quarter
from vmo_lib.realization.register_audit import is_dis_benefit
from vmo_lib.realization.todate import BenefitData, value_to_date

__all__ = [
    "DEFAULT_CONFIDENCE",
    "DEFAULT_SPREAD",
    "PRIOR_QUARTERS",
    "ValueUncertainty",
    "simulate_value",
    "value_uncertainty",
]

DEFAULT_CONFIDENCE = 0.8
"""Confidence of a benefit with neither its own nor its project's estimate."""
PRIOR_QUARTERS = 4.0
"""Weight of the confidence against evidenced quarters (``m`` in the module docstring)."""
DEFAULT_SPREAD = 0.3
"""Lognormal spread of an unevidenced benefit with confidence 0 (see the module docstring)."""
FAN_VALUES = ("p10", "p50", "p90", "deterministic")
CHUNK_ELEMENTS = 2_000_000
"""Samples x benefits drawn at once (about 16 MB per float array)."""


@dataclass(frozen=True)
class ValueUncertainty:
    """Quantiles of whole-life value (money) from a seeded Monte Carlo.

    ``value_p10``/``value_p50``/``value_p90``: quantiles of the portfolio's whole-life value;
    ``planned_total``: the whole-life plan; ``deterministic``: the evidence forecast (realised
    to date + forecast remaining within the horizon); ``totals``: every sample's value;
    ``fan``: per quarter, the cumulative value realised by its end (``p10``, ``p50``, ``p90``,
    ``deterministic``, ``planned``), starting with the last complete quarter (to date).
    """

    value_p10: float
    value_p50: float
    value_p90: float
    planned_total: float
    deterministic: float
    realised_to_date: float
    totals: np.ndarray
    fan: pd.DataFrame
    samples: int
    seed: int

    @property
    def value_at_risk(self) -> float:
        """Value at risk (P10): whole-life plan minus P10 (money; see the module docstring)."""
        return self.planned_total - self.value_p10

    def recorded(self, plan_share: float | None = None) -> tuple[Figure, ...]:
        """Key figures for the handouts index: ``value_p10``, ``value_p50``, ``value_p90``
        and ``value_at_risk_p10`` (money); with ``plan_share``, also
        ``probability_plan_share`` (0-1)."""
        figures = [
            Figure("value_p10", self.value_p10, "Whole-life value, P10", "money"),
            Figure("value_p50", self.value_p50, "Whole-life value, P50", "money"),
            Figure("value_p90", self.value_p90, "Whole-life value, P90", "money"),
            Figure("value_at_risk_p10", self.value_at_risk, "Value at risk (P10)", "money"),
        ]
        if plan_share is not None:
            label = f"Chance of realising at least {plan_share:.0%} of plan"
            chance = self.probability_at_least(plan_share)
            figures.append(Figure("probability_plan_share", chance, label, "percent"))
        return tuple(figures)

    def probability_at_least(self, share: float) -> float:
        """Share of samples (0-1) in which the portfolio realises at least ``share`` of its
        whole-life plan."""
        return float(np.mean(self.totals >= share * self.planned_total))


def simulate_value(
    banked: np.ndarray,
    profile: np.ndarray,
    confidence: np.ndarray,
    sigma: np.ndarray,
    group: np.ndarray | None = None,
    max_delay: np.ndarray | None = None,
    samples: int = 10_000,
    seed: int = 0,
    chunk_elements: int = CHUNK_ELEMENTS,
) -> tuple[np.ndarray, np.ndarray]:
    """Sample totals and per-period values of the model in the module docstring (arrays).

    ``banked`` (n,) value realised to date; ``profile`` (n, T) forecast value per future
    period; ``confidence`` (n,) chance of materialising; ``sigma`` (n,) lognormal spread;
    ``group`` (n,) project index of each benefit and ``max_delay`` (G,) its largest delay in
    periods. Returns the sample totals (samples,) and the value per period of each sample
    (samples, T), both including nothing of ``banked`` per period.
    """
    n, periods = profile.shape
    group = np.zeros(n, dtype=int) if group is None else np.asarray(group)
    max_delay = np.zeros(1, dtype=int) if max_delay is None else np.asarray(max_delay, int)
    movable = max_delay[group] > 0  # benefits whose project may slip: the costly part
    order = np.concatenate([np.flatnonzero(~movable), np.flatnonzero(movable)])
    fixed = int((~movable).sum())
    values = profile[order].astype(np.float32)
    group = group[order]
    chance = np.asarray(confidence, dtype=np.float32)[order]
    sigma = np.asarray(sigma, dtype=np.float32)[order]
    shifted = [_shift(values[fixed:], d) for d in range(int(max_delay.max(initial=0)) + 1)]
    slipping = np.flatnonzero(max_delay > 0)
    position = np.searchsorted(slipping, group[fixed:])
    scattered = np.flatnonzero(sigma > 0)
    every = scattered.size == n
    s, half = sigma[scattered], sigma[scattered] ** 2 / 2
    rng = np.random.default_rng(seed)
    chunk = max(1, min(samples, chunk_elements // max(n, 1)))
    per_period = np.empty((samples, periods))
    for begin in range(0, samples, chunk):
        size = min(chunk, samples - begin)
        weight = (rng.random((size, n), dtype=np.float32) < chance).astype(np.float32)
        if scattered.size:
            factor = rng.standard_normal((size, scattered.size), dtype=np.float32)
            factor *= s
            factor -= half
            np.exp(factor, out=factor)
            if every:
                weight *= factor
            else:
                weight[:, scattered] *= factor
        block = (weight[:, :fixed] @ values[:fixed]).astype(float)
        if slipping.size:
            drawn = rng.integers(0, max_delay[slipping] + 1, size=(size, slipping.size))
            delay = drawn[:, position]
            tail = weight[:, fixed:]
            for d, moved in enumerate(shifted):
                block += np.where(delay == d, tail, np.float32(0)) @ moved
        per_period[begin : begin + size] = block
    return float(banked.sum()) + per_period.sum(axis=1), per_period


def _shift(profile: np.ndarray, periods: int) -> np.ndarray:
    """``profile`` moved ``periods`` columns later; what passes the last column is lost."""
    if periods == 0:
        return profile
    out = np.zeros_like(profile)
    out[:, periods:] = profile[:, :-periods]
    return out


def _confidence(org: BenefitData, default: float) -> np.ndarray:
    """Each benefit's confidence ``c`` (the prior chance of materialising): its own, else its
    project's probability of success, else ``default``."""
    benefits = org.benefits
    own = pd.Series(np.nan, index=benefits.index)
    if "confidence" in benefits:
        own = pd.to_numeric(benefits["confidence"], errors="coerce").astype(float)
    projects = getattr(org, "projects", None)
    if projects is not None and "probability_of_success" in projects:
        chance = pd.to_numeric(projects["probability_of_success"], errors="coerce")
        chance.index = projects["project_id"].astype(str)
        theirs = benefits["project_id"].astype(str).map(chance).astype(float)
        own = own.fillna(pd.Series(theirs.to_numpy(), index=benefits.index))
    return own.fillna(default).clip(0, 1).to_numpy(dtype=float)


def _evidenced_quarters(
    org: BenefitData, as_of: str | dt.date | pd.Timestamp, ids: pd.Index
) -> np.ndarray:
    """Quarters to date in which each benefit realised value of its plan's sign with a
    non-blank evidence cell (``k`` in the module docstring), in ``ids`` order."""
    actuals = cut_to_date(org.benefit_actuals, as_of)
    evidence = actuals["evidence"] if "evidence" in actuals else pd.Series(np.nan, actuals.index)
    plan = pd.to_numeric(org.benefits["planned_total"], errors="coerce").fillna(0.0)
    sign = pd.Series(np.sign(plan.to_numpy()), index=org.benefits["benefit_id"].astype(str))
    benefit = actuals["benefit_id"].astype(str)
    value = pd.to_numeric(actuals["realised_value"], errors="coerce").fillna(0.0)
    ok = evidence.notna() & (evidence.astype(str).str.strip() != "")
    ok &= (value * benefit.map(sign).fillna(1.0)) > 0
    counts = actuals.loc[ok].groupby(benefit.loc[ok]).size()
    return counts.reindex(ids, fill_value=0).to_numpy(dtype=float)


def project_extra_delay(
    projects: pd.DataFrame, as_of: str | dt.date | pd.Timestamp, **schedule: object
) -> pd.Series:
    """Whole quarters (rounded) by which earned schedule's finish (``start + IEAC(t)``) falls
    after the forecast finish, at least 0, per ``project_id``; ``schedule`` goes to
    :func:`vmo_lib.baseline.earned_schedule.earned_schedule_of` (``shape``, ``baseline_plan``)."""
    from vmo_lib.baseline.earned_schedule import earned_schedule_of

    table = earned_schedule_of(projects, as_of, **schedule)  # type: ignore[arg-type]
    later = (
        table["forecast_finish_es"].to_numpy()
        - pd.to_datetime(projects["forecast_finish"]).to_numpy()
    )
    days = later / np.timedelta64(1, "D")
    quarters = np.floor(np.clip(np.nan_to_num(days), 0, None) / (365.25 / 4) + 0.5)
    return pd.Series(quarters.astype(int), index=projects["project_id"].astype(str).to_numpy())


def value_uncertainty(
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
    samples: int = 10_000,
    seed: int = 0,
    spread: float = DEFAULT_SPREAD,
    default_confidence: float = DEFAULT_CONFIDENCE,
    extra_delay: pd.Series | None = None,
    chunk_elements: int = CHUNK_ELEMENTS,
) -> ValueUncertainty:
    """Monte Carlo of every benefit's whole-life value (model in the module docstring).

    ``extra_delay``: quarters per ``project_id`` (default :func:`project_extra_delay` of
    ``org.projects`` with a linear baseline, or the ``baseline_plan`` table when given; none
    without projects).
    """
    forecast = forecast_to_completion(org, as_of, "evidence")
    to_date = value_to_date(org, as_of)
    ids = to_date.index
    cut = last_complete_quarter(as_of)
    quarterly = forecast.quarterly
    last = max(cut, quarterly["quarter"].max()) if len(quarterly) else cut
    horizon = pd.period_range(cut + 1, last, freq="Q")
    column = (as_periods(quarterly["quarter"]).array.asi8 - (cut + 1).ordinal).astype(int)
    row = ids.get_indexer(pd.Index(quarterly["benefit_id"].astype(str)))
    profile = np.zeros((len(ids), len(horizon)))
    np.add.at(profile, (row, column), quarterly["forecast_value"].to_numpy(dtype=float))
    k = _evidenced_quarters(org, as_of, ids)
    prior = _confidence(org, default_confidence)
    chance = (PRIOR_QUARTERS * prior + k) / (PRIOR_QUARTERS + k)
    negative = is_dis_benefit(org.benefits).to_numpy() | (profile.sum(axis=1) < 0)
    chance = np.where(negative, 1.0, chance)
    sigma = np.where(negative, 0.0, spread * np.sqrt(1 - chance) / np.sqrt(1 + k))
    projects = getattr(org, "projects", None)
    if extra_delay is None and projects is not None and len(projects):
        plan = getattr(org, "baseline_plan", None)
        extra_delay = project_extra_delay(projects, as_of, baseline_plan=plan)
    codes, names = pd.factorize(org.benefits["project_id"].astype(str))
    delays = (
        np.zeros(len(names), dtype=int)
        if extra_delay is None
        else extra_delay.reindex(names).fillna(0).to_numpy(dtype=int)
    )
    banked = to_date["realised_to_date"].to_numpy(dtype=float)
    totals, per_period = simulate_value(
        banked, profile, chance, sigma, codes, delays, samples, seed, chunk_elements
    )
    fan = _fan(horizon, cut, banked.sum(), per_period, profile, org, as_of)
    q10, q50, q90 = np.quantile(totals, [0.1, 0.5, 0.9])
    return ValueUncertainty(
        float(q10),
        float(q50),
        float(q90),
        float(to_date["planned_total"].sum()),
        float(banked.sum() + profile.sum()),
        float(banked.sum()),
        totals,
        fan,
        samples,
        seed,
    )


def _fan(
    horizon: pd.PeriodIndex,
    cut: pd.Period,
    banked: float,
    per_period: np.ndarray,
    profile: np.ndarray,
    org: BenefitData,
    as_of: str | dt.date | pd.Timestamp,
) -> pd.DataFrame:
    """Cumulative value by the end of each quarter: quantiles, deterministic and plan."""
    cumulative = banked + np.cumsum(per_period, axis=1)
    low, mid, high = np.quantile(cumulative, [0.1, 0.5, 0.9], axis=0)
    plan = org.benefit_plan
    quarters = as_periods(plan["quarter"])
    by_quarter = plan["planned_value"].astype(float).groupby(quarters.to_numpy()).sum()
    end = horizon.max() if len(horizon) else cut
    begin = min(quarters.min(), cut) if len(quarters) else cut
    span = pd.period_range(begin, end, freq="Q")
    planned = by_quarter.reindex(span, fill_value=0.0).cumsum()
    first = pd.DataFrame({"quarter": [cut], **{c: [banked] for c in FAN_VALUES}})
    rest = pd.DataFrame(
        {
            "quarter": horizon,
            "p10": low,
            "p50": mid,
            "p90": high,
            "deterministic": banked + np.cumsum(profile.sum(axis=0)),
        }
    )
    fan = pd.concat([first, rest], ignore_index=True)
    fan["planned"] = planned.reindex(fan["quarter"]).to_numpy()
    return fan
