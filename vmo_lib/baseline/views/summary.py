"""Notebook 00's summary: the settings, the headline figures and the rules behind them.

>>> from vmo_lib.baseline.health import portfolio_health
>>> from vmo_lib.baseline.performance import example_projects
>>> health = portfolio_health(example_projects(), as_of="2026-09-30")
>>> "delivery at 2026-09-30" in health_table(health, "Example").to_html()
True
"""

from __future__ import annotations

from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.baseline.health import PortfolioHealth
from vmo_lib.display.listing import quantity_text
from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import format_key_figures
from vmo_lib.evm import EAC_METHOD_LABELS


def settings_table(health: PortfolioHealth, organisation_name: str) -> Styler:
    """The choices behind the figures (data date, EAC formula, tolerances)."""
    caption = f"Settings behind the figures for {organisation_name}"
    return format_key_figures(health.assumptions(), caption=caption)


def health_table(health: PortfolioHealth, organisation_name: str) -> Styler:
    """The headline figures of :class:`PortfolioHealth`, labelled in plain language."""
    caption = f"{organisation_name}: delivery at {health.as_of.strftime('%Y-%m-%d')}"
    return format_key_figures(health.key_figures(), caption=caption)


def rules_note(health: PortfolioHealth) -> HTML:
    """:func:`measurement_rules` as the note under the summary table."""
    return notes_html(measurement_rules(health))


def measurement_rules(health: PortfolioHealth) -> tuple[str, ...]:
    """The rules behind the earned-value figures, in plain words, for a handout's note.

    >>> from vmo_lib.baseline.health import portfolio_health
    >>> from vmo_lib.baseline.performance import example_projects
    >>> rules = measurement_rules(portfolio_health(example_projects(), as_of="2026-09-30"))
    >>> rules[0].startswith("Portfolio CPI and SPI cover the 2 projects in flight")
    True
    """
    n_flight = quantity_text(health.n_in_flight)
    rules = [
        f"Portfolio CPI and SPI cover the {n_flight} projects in flight only, each the sum of "
        "earned value over the sum of actual cost (CPI) or of planned value (SPI), so large "
        "projects weigh more. Closed projects are left out: their earned and planned values "
        "both equal the budget, so their SPI is 1 however late they finished.",
        f"Closed projects ({quantity_text(health.n_closed)}) are judged on finish slip instead: "
        "actual finish minus baseline finish, in days (median and mean), and the share that "
        "finished after the baseline date.",
        f"The forecast of final cost (EAC) uses {EAC_METHOD_LABELS[health.eac_method]}. Where "
        "money has been spent but nothing earned yet, that formula cannot work (the CPI is 0), "
        "so the EAC is the cost so far plus the whole remaining budget, AC + (BAC - EV); "
        "projects with nothing paid for yet have no forecast. The column 'How the EAC was "
        "forecast' says which rule each project got.",
        "TCPI to the budget, (BAC - EV) / (BAC - AC), is the cost efficiency the remaining "
        "work needs to finish within the approved budget. It is blank exactly when the budget "
        "can no longer be met: the actual cost has passed the budget, or has reached it while "
        "work remains. TCPI to the forecast, (BAC - EV) / (EAC - AC), is the efficiency the "
        "forecast itself assumes. Both are 0 when no work remains.",
    ]
    over = health.n_ev_over_bac
    counted = (
        f"{quantity_text(over)} project{'s' if over != 1 else ''} here"
        if over
        else "no project here"
    )
    rules.append(
        "Earned value above the budget means the scope grew without a new baseline: the data "
        f"check warns about such rows ({counted}). Their earned value is kept for CV, CPI and "
        "SPI, and no work is counted as remaining, so their forecast final cost is the actual "
        "cost so far; re-baseline them for a real forecast."
    )
    return tuple(rules)
