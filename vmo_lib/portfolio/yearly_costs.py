"""Money still to spend per project and year, and the yearly budgets that limit it.

The funding decision weighs each project's value against what it **still needs** (money,
:func:`vmo_lib.portfolio.remaining_cost`: EAC - AC once work is paid for, the unspent budget
otherwise). A yearly budget ("no more than 20m on projects in 2027") needs that amount
split by year; :func:`yearly_remaining_costs` takes the timing from the ``cashflows`` table's
planned ``investment_cost`` and the amount from the estimate to complete.

>>> parse_money("20m"), parse_money("GBP 1,500,000")
(20000000.0, 1500000.0)
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from vmo_lib.portfolio.funding.texts import pieces

__all__ = ["parse_money", "parse_yearly_budgets", "yearly_remaining_costs"]

_MONEY = re.compile(r"^(?:[a-z]{3})?(\d+(?:\.\d+)?)(k|m|mn|bn)?(?:[a-z]{3})?$", re.IGNORECASE)
_SCALE = {None: 1.0, "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9}


def parse_money(text: str) -> float:
    """Money from ``"20m"``, ``"1.5bn"``, ``"500k"``, ``"20,000,000"`` or ``"GBP 20m"`` (a
    three-letter currency code before or after the amount is ignored)."""
    found = _MONEY.match(text.strip().replace(",", "").replace("_", "").replace(" ", ""))
    if not found:
        raise ValueError(f"{text.strip()!r} is not an amount (e.g. 20m, 500k, 20000000)")
    return float(found.group(1)) * _SCALE[(found.group(2) or "").lower() or None]


def parse_yearly_budgets(text: str, first_year: int, problems: list[str]) -> dict[int, float]:
    """Year -> money from ``"2027=20m; 2028=15m"``; years before ``first_year`` are problems."""
    budgets: dict[int, float] = {}
    for piece in pieces(text, ";"):
        year_text, sep, amount = piece.partition("=")
        if not sep or not re.fullmatch(r"\s*\d{4}\s*", year_text):
            problems.append(f"yearly_budgets: {piece!r} is not of the form '2027=20m'")
            continue
        year = int(year_text)
        try:
            money = parse_money(amount)
        except ValueError as error:
            problems.append(f"yearly_budgets: {piece!r}: {error}")
            continue
        if year < first_year:
            problems.append(
                f"yearly_budgets: {year} is before the as-of year {first_year}; "
                "money spent before the as-of date is sunk and not part of the decision"
            )
        elif year in budgets:
            problems.append(f"yearly_budgets: {year} is given twice")
        else:
            budgets[year] = money
    return budgets


def yearly_remaining_costs(
    cashflows: pd.DataFrame, remaining: pd.Series, as_of: date | str
) -> pd.DataFrame:
    """Money still to spend per project (rows, as ``remaining``) and calendar year (columns).

    The cost of a project in the decision is what it still needs (``remaining``, currency:
    EAC - AC for work started, the unspent budget otherwise), split over the years as
    :func:`vmo_lib.finance.remaining_cost_by_year` does (the same rule as the forward NPV):
    the planned ``investment_cost`` from ``as_of`` on gives the timing (the as-of year for the
    share of the year still to come, spend planned before is sunk), the estimate the amount;
    a project with no planned spend left spends all it still needs in the as-of year.

    >>> flows = pd.DataFrame({"project_id": ["A", "A"], "year": [2026, 2027],
    ...                       "investment_cost": [365.0, 100.0]})
    >>> yearly_remaining_costs(flows, pd.Series({"A": 202.0}), "2026-12-30").loc["A"].tolist()
    [2.0, 200.0]
    """
    from vmo_lib.finance import remaining_cost_by_year

    return remaining_cost_by_year(cashflows, remaining, as_of)
