"""Tables and notes for notebook 05's register audit and Monte Carlo, ready to display.

Each function takes a result of :mod:`.register_audit` or :mod:`.uncertainty` and returns a
formatted table (``format_table``: escaped, money in the currency setting) or notes HTML; long
lists show their first rows and say so (the full lists go to the notebook's exports).
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.display.listing import top_and_bottom
from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import format_table, money_short_text, percent_text
from vmo_lib.realization.register_audit import DOAM_TESTS
from vmo_lib.realization.uncertainty import ValueUncertainty

__all__ = [
    "audit_rules_note",
    "doam_gaps_table",
    "doam_summary_table",
    "double_counting_table",
    "uncertainty_note",
    "uncertainty_table",
]

SHOWN = 15
"""Rows shown at each end of a long list."""


def doam_summary_table(doam: pd.DataFrame) -> Styler:
    """How many benefits pass each DOAM test (count and share), with the rule in words."""
    total = max(len(doam), 1)
    rows = pd.DataFrame(
        {
            "test": [name.capitalize() for name in DOAM_TESTS],
            "rule": list(DOAM_TESTS.values()),
            "passed": [int(doam[name].sum()) for name in DOAM_TESTS],
        }
    )
    rows["share"] = rows["passed"] / total
    return format_table(
        rows,
        integer=["passed"],
        percent=["share"],
        labels={
            "test": "DOAM test",
            "rule": "Rule",
            "passed": "Benefits passing",
            "share": "Share",
        },
        caption=f"MSP's DOAM tests on {len(doam):,} benefits",
    )


def doam_gaps_table(doam: pd.DataFrame) -> tuple[Styler, str]:
    """Benefits failing at least one DOAM test, fewest tests passed first (at most
    ``2 x SHOWN`` rows), and the note saying how many there are."""
    gaps = doam.loc[doam["doam_passed"] < len(DOAM_TESTS)]
    shown = top_and_bottom(
        gaps[["benefit_id", "project_id", "name", "doam_passed", "doam_gaps"]],
        SHOWN,
        by="doam_passed",
        ascending=True,
        what="benefits with a gap",
        by_label="tests passed",
    )
    note = shown.note or f"{len(gaps):,} of {len(doam):,} benefits fail at least one test."
    table = format_table(
        shown.table,
        integer=["doam_passed"],
        labels={
            "benefit_id": "Benefit",
            "project_id": "Project",
            "name": "Name",
            "doam_passed": "Tests passed (of 4)",
            "doam_gaps": "Fails",
        },
    )
    return table, note


def double_counting_table(doubled: pd.DataFrame, currency: str | None = None) -> Styler:
    """Measures claimed by several projects whose attributions add up to more than 1."""
    return format_table(
        doubled.head(2 * SHOWN),
        money=["planned_total", "overclaimed_value"],
        ratio=["attribution_total"],
        currency=currency,
        labels={
            "measure": "Measure",
            "projects": "Projects claiming it",
            "benefit_ids": "Benefits",
            "attribution_total": "Attribution claimed (1 = all)",
            "planned_total": "Value claimed",
            "overclaimed_value": "Counted more than once",
        },
    )


def audit_rules_note() -> HTML:
    """The register-wide rules in plain words, for the handout."""
    return notes_html(
        [
            "DOAM (Managing Successful Programmes): a benefit is described, observable, "
            "attributable and measurable when it meets the rule in the table above.",
            "Double counting: projects claiming the same measure for the same value driver "
            "(compared ignoring case, "
            "punctuation and spacing) whose attributions add up to more than 1 (a blank "
            "attribution counts as 1); the part counted more than once is the value claimed "
            "times (1 - 1 / attribution claimed).",
            "Dis-benefits without an owner: a dis-benefit (its type, or a negative plan when the "
            "type is blank) whose responsible owner is blank.",
            "Realised before delivery: realised value reported for a quarter that ends before "
            "the project's finish (actual when closed, forecast otherwise), or before it started.",
        ]
    )


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
            "Value realised to date is banked. Each benefit then comes with a chance equal "
            "to its confidence (blank: the project's probability of success, else 0.8); if "
            "it comes, its evidence forecast is scaled by a random factor averaging 1 that "
            "scatters less the more confident and the better evidenced it is. Dis-benefits "
            "are assumed to happen.",
            "Timing: a project that earned schedule says will finish later than forecast "
            "moves all its benefits by up to that many quarters; value pushed past the last "
            "planned quarter is lost.",
            f"{result.samples:,} futures drawn with seed {result.seed}: the same seed gives "
            "the same figures.",
            "Value at risk (P10) is the whole-life plan minus the P10 value: the shortfall "
            "against the plan that 1 future in 10 exceeds, "
            f"{money_short_text(result.value_at_risk, currency)} here. It replaces the "
            "unrealised plan of the benefits flagged at risk, which was not a risk figure.",
        ]
    )
