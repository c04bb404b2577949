"""SMART checks on one KPI at a time (Doran 1981: specific, measurable, assignable, realistic,
time-related), including whether the target is in line with the trend so far.

The trend check compares two paces, in KPI units per year, counted positive when improving:

* observed pace = (latest value - baseline) / years from baseline date to latest date;
* required pace = (target - latest value) / years from latest date to target date.

It flags a KPI moving away from its target, a required pace more than ``stretch_factor`` times
the observed one, or a target the latest value has already reached before its date.

>>> from vmo_lib.kpis.kpi import Kpi
>>> kpi = Kpi("K-9", "Improve customer happiness", "value")
>>> sorted(f.rule for f in smart_findings(kpi, as_of="2026-09-30"))[:3]
['no_baseline', 'no_direction', 'no_formula']
"""

from __future__ import annotations

import re

import pandas as pd

from vmo_lib.currency import resolve_currency
from vmo_lib.display.listing import quantity_text
from vmo_lib.kpis.kpi import Kpi
from vmo_lib.kpis.rules import Finding, finding

__all__ = ["ASPIRATION_WORDS", "smart_findings", "trend_paces"]

ASPIRATION_WORDS: frozenset[str] = frozenset(
    {
        "improve",
        "improved",
        "improving",
        "better",
        "enhance",
        "enhanced",
        "increase",
        "increased",
        "boost",
        "optimise",
        "optimize",
        "maximise",
        "maximize",
        "strengthen",
        "drive",
        "more",
        "great",
        "best",
        "world-class",
    }
)
"""First words that make a KPI name an aspiration rather than a measure."""

_VAGUE_FORMULA = re.compile(
    r"\b(measured from|as reported|tbd|to be defined|various|see (the )?report|n/a)\b", re.I
)
_DAYS_PER_YEAR = 365.25


def smart_findings(
    kpi: Kpi, as_of: str | pd.Timestamp, stretch_factor: float = 2.0
) -> list[Finding]:
    """Every SMART finding on ``kpi`` (see :data:`vmo_lib.kpis.rules.RULES`), as of a date."""
    found: list[Finding] = []
    found += _specific(kpi)
    found += _measurable(kpi)
    found += _time_bound(kpi, pd.Timestamp(as_of))
    if kpi.improvement is not None and kpi.improvement <= 0:
        word = "higher" if kpi.direction == "higher" else "lower"
        found.append(
            finding(
                kpi.kpi_id,
                "target_not_better",
                f"{word} is better, yet the target {_num(kpi.target)} is not {word} than the "
                f"baseline {_num(kpi.baseline)}.",
                "Check the direction and the figures; set a target that is an improvement on "
                "the baseline, or drop the KPI if no improvement is sought.",
            )
        )
    else:
        found += _trend(kpi, stretch_factor)
    found += _thresholds(kpi)
    return found


def _specific(kpi: Kpi) -> list[Finding]:
    words = kpi.name.lower().replace("-", " ").split()
    if not words or words[0] in ASPIRATION_WORDS or len(words) == 1:
        return [
            finding(
                kpi.kpi_id,
                "vague_name",
                f"'{kpi.name}' names a wish or a theme, not a quantity.",
                "Name the quantity and its scope, e.g. 'Recipient satisfaction score (1-5)' or "
                "'Share of revenue from services launched in the last 3 years'.",
            )
        ]
    return []


def _measurable(kpi: Kpi) -> list[Finding]:
    found = []
    if kpi.formula is None:
        found.append(
            finding(
                kpi.kpi_id,
                "no_formula",
                "The formula is blank.",
                "Write the calculation: numerator / denominator (or aggregation), population "
                "and period, e.g. 'deliveries inside the promised window / all deliveries, "
                "per month'.",
            )
        )
    elif _VAGUE_FORMULA.search(kpi.formula) or len(kpi.formula.split()) < 3:
        found.append(
            finding(
                kpi.kpi_id,
                "vague_formula",
                f"The formula '{kpi.formula}' does not say how the value is computed.",
                "Spell out numerator, denominator and population, and the system each comes from.",
            )
        )
    if kpi.unit is None:
        found.append(
            finding(
                kpi.kpi_id,
                "no_unit",
                "The unit is blank.",
                f"State the unit (%, {resolve_currency(None)}, days, points, per 1,000 ...).",
            )
        )
    elif _money_in_counts(kpi):
        currency = resolve_currency(None)
        found.append(
            finding(
                kpi.kpi_id,
                "money_unit",
                f"'{kpi.name}' is an amount of money, but its unit is '{kpi.unit}'.",
                f"State the unit as the currency ({currency}, or {currency} thousand or "
                f"{currency} million).",
            )
        )
    if kpi.owner is None:
        found.append(
            finding(
                kpi.kpi_id,
                "no_owner",
                "No owner is named.",
                "Name one accountable role (not a committee) who acts when the KPI turns amber.",
            )
        )
    if kpi.direction is None:
        found.append(
            finding(
                kpi.kpi_id,
                "no_direction",
                "Whether higher or lower is better is not stated.",
                "Set the direction: 'higher' or 'lower' is better.",
            )
        )
    if kpi.baseline is None:
        found.append(
            finding(
                kpi.kpi_id,
                "no_baseline",
                "The baseline is blank.",
                "Measure the current value (and record when) before committing to a target.",
            )
        )
    if kpi.target is None:
        found.append(
            finding(
                kpi.kpi_id,
                "no_target",
                "The target is blank.",
                "Agree a target with the owner, sized from the baseline and the business cases "
                "that claim this KPI.",
            )
        )
    return found


_MONEY_WORDS = re.compile(
    r"\b(costs?|spend|spent|spending|revenues?|savings?|saved|prices?|profits?|income|"
    r"expenditure|turnover|sales)\b",
    re.I,
)
_COUNT_UNITS = frozenset({"count", "counts", "number", "numbers", "#", "no.", "units", "items"})


def _money_in_counts(kpi: Kpi) -> bool:
    """A KPI named as money (cost, revenue, savings ...) whose unit is a count.

    Ratios and indices of money ('Cost performance index', unit 'ratio') are left alone: only
    a unit that counts things is flagged."""
    unit = (kpi.unit or "").strip().lower()
    if unit not in _COUNT_UNITS:
        return False
    return bool(_MONEY_WORDS.search(kpi.name)) and not re.search(
        r"\b(index|ratio)\b", kpi.name, re.I
    )


def _time_bound(kpi: Kpi, as_of: pd.Timestamp) -> list[Finding]:
    if kpi.target_date is None:
        return [
            finding(
                kpi.kpi_id,
                "no_target_date",
                "The target has no date.",
                "Date the target (and, for long horizons, interim milestones).",
            )
        ]
    if kpi.target_date < as_of:
        return [
            finding(
                kpi.kpi_id,
                "target_date_passed",
                f"The target date {kpi.target_date:%Y-%m-%d} is before {as_of:%Y-%m-%d}.",
                "Record whether the target was met, then set the next target and date.",
            )
        ]
    return []


def trend_paces(kpi: Kpi) -> tuple[float, float] | None:
    """(observed, required) pace in KPI units per year, positive = improving; None if unknown.

    >>> import pandas as pd
    >>> k = Kpi("K", "Score", "value", direction="higher", baseline=10.0, target=20.0,
    ...         baseline_date=pd.Timestamp("2024-01-01"), latest_value=12.0,
    ...         latest_date=pd.Timestamp("2026-01-01"), target_date=pd.Timestamp("2027-01-01"))
    >>> [round(p, 2) for p in trend_paces(k)]
    [1.0, 8.01]
    """
    needed = (kpi.baseline, kpi.baseline_date, kpi.latest_value, kpi.latest_date)
    if any(v is None for v in (*needed, kpi.target, kpi.target_date, kpi.direction)):
        return None
    sign = 1.0 if kpi.direction == "higher" else -1.0
    elapsed = (kpi.latest_date - kpi.baseline_date).days / _DAYS_PER_YEAR  # type: ignore[operator]
    remaining = (kpi.target_date - kpi.latest_date).days / _DAYS_PER_YEAR  # type: ignore[operator]
    if elapsed <= 0 or remaining <= 0:
        return None
    observed = sign * (kpi.latest_value - kpi.baseline) / elapsed  # type: ignore[operator]
    required = sign * (kpi.target - kpi.latest_value) / remaining  # type: ignore[operator]
    return observed, required


def _num(value: float | None) -> str:
    """A KPI figure for a sentence: ``15 million``, ``2,650``, ``0.625`` (never ``1.5e+07``)."""
    return quantity_text(value, decimals=2)


def _pace_unit(kpi: Kpi) -> str:
    """The unit of a yearly change: a KPI in % moves by percentage points."""
    unit = (kpi.unit or "").strip()
    return "percentage points" if unit == "%" else unit or "units"


def _trend(kpi: Kpi, stretch_factor: float) -> list[Finding]:
    paces = trend_paces(kpi)
    if paces is None:
        return []
    observed, required = paces
    latest = f"{_num(kpi.latest_value)} on {kpi.latest_date:%Y-%m-%d}"
    if required <= 0:
        problem = (
            f"The latest value ({latest}) already meets the target {_num(kpi.target)}, due "
            f"{kpi.target_date:%Y-%m-%d}."
        )
        fix = "Raise the target to what the trend makes a stretch, or bring its date forward."
    elif observed <= 0:
        problem = (
            f"Since the baseline {_num(kpi.baseline)} the KPI has moved away from its target "
            f"(latest {latest}); the target needs {_num(required)} {_pace_unit(kpi)} a year."
        )
        fix = "Find out why it is deteriorating; name the projects that will reverse it."
    elif required > stretch_factor * observed:
        problem = (
            f"The target needs {_num(required)} {_pace_unit(kpi)} a year, "
            f"{quantity_text(required / observed, decimals=1)} times the {_num(observed)} "
            f"{_pace_unit(kpi)} a year seen since the baseline."
        )
        fix = (
            "Either name the projects and dates that deliver the step change, or re-phase the "
            "target with interim milestones."
        )
    else:
        return []
    return [finding(kpi.kpi_id, "trend_out_of_line", problem, fix)]


def _thresholds(kpi: Kpi) -> list[Finding]:
    amber, red = kpi.amber_threshold, kpi.red_threshold
    if amber is None or red is None:
        return [
            finding(
                kpi.kpi_id,
                "no_thresholds",
                "Amber and/or red threshold blank.",
                "Set the values at which the KPI turns amber and red, between baseline and target.",
            )
        ]
    if kpi.direction is not None and not kpi.better(amber, red):
        return [
            finding(
                kpi.kpi_id,
                "threshold_order",
                f"{kpi.direction} is better, but amber ({_num(amber)}) is not better than red "
                f"({_num(red)}).",
                "Swap the thresholds or check the direction.",
            )
        ]
    return []
