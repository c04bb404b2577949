"""Notebook 05's Monte Carlo of whole-life value: its key figures and its rules in words.

They show a :class:`~vmo_lib.realization.uncertainty.ValueUncertainty` (money in the currency
setting); the fan chart is :func:`vmo_lib.realization.charts.value_fan_chart`.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import format_table, money_short_text, percent_text
from vmo_lib.realization.uncertainty import ValueUncertainty

__all__ = ["uncertainty_note", "uncertainty_table"]


def uncertainty_table(
    result: ValueUncertainty, plan_share: float, currency: str | None = None
) -> Styler:
    """Key figures of the Monte Carlo beside the plan and the deterministic forecast."""
    rows = pd.DataFrame(
        {
            "figure": [
                "Whole-life plan",
                "Evidence forecast if every benefit comes",
                "P90 (1 in 10 futures do better)",
                "P50 (median)",
                "P10 (1 in 10 futures do worse)",
                "Value at risk (P10): plan minus P10",
            ],
            "value": [
                result.planned_total,
                result.deterministic,
                result.value_p90,
                result.value_p50,
                result.value_p10,
                result.value_at_risk,
            ],
        }
    )
    chance = result.probability_at_least(plan_share)
    caption = f"Chance of realising at least {plan_share:.0%} of the plan: {percent_text(chance)}"
    return format_table(
        rows,
        money=["value"],
        currency=currency,
        labels={"figure": "Figure", "value": "Whole-life value"},
        caption=caption,
    )


def uncertainty_note(result: ValueUncertainty, currency: str | None = None) -> HTML:
    """How the Monte Carlo draws each benefit and what "value at risk" means, in words."""
    return notes_html(
        [
            "Value realised to date is banked. Each benefit then comes or not, with a chance "
            "that starts at its confidence (blank: the project's probability of success, "
            "else 0.8) and rises with every quarter it has already realised value with "
            "evidence: (4 x confidence + quarters) / (4 + quarters). If it comes, its "
            "evidence forecast is scaled by a random factor averaging 1 that scatters less "
            "the likelier and the better evidenced it is. Dis-benefits are assumed to happen.",
            "Timing: a project that earned schedule says will finish later than forecast "
            "moves all its benefits by up to that many quarters; value pushed past the last "
            "planned quarter is lost.",
            f"{result.samples:,} futures drawn with seed {result.seed}: the same seed gives "
            "the same figures.",
            "Value at risk (P10) is the whole-life plan minus the P10 value: the shortfall "
            "against the plan that 1 future in 10 exceeds, "
            f"{money_short_text(result.value_at_risk, currency)} here. It is a quantile of the "
            "simulated futures; the unrealised plan of the benefits flagged at risk, further "
            "down, is not: it adds up the money on flagged benefits, however likely they are "
            "to deliver.",
        ]
    )
