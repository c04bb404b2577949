"""Funding constraints written as short texts (notebook settings), parsed for the selection.

Notebook 04 takes the constraints of the funding decision as plain text, so that they can be
given on the command line (``vmo run 04_portfolio_reranking -p depends_on "P-10 needs P-03"``):

* ``must_fund`` / ``must_not_fund``: project ids, comma or semicolon separated;
* ``depends_on``: ``"P-10 needs P-03; P-22 needs P-07 and P-08"`` (a project is funded only if
  the projects it needs are);
* ``exclusive``: ``"P-20 | P-21; P-30 | P-31 | P-32"`` (at most one project of each group);
* ``programme_shares``: ``"Digital Customer=10%-40%; Network=-30%"``: the share of the
  **budget** each programme may take (``10%-`` at least 10%, ``-30%`` at most 30%). A programme
  is named in full or by the unambiguous start of its name, in any case;
* ``yearly_budgets``: ``"2027=20m; 2028=15m"``: money (EUR; ``k``, ``m``, ``bn`` suffixes) that
  may be spent on the funded projects in each calendar year.

Yearly costs come from the ``cashflows`` table and are made consistent with the cost the
selection uses (:func:`vmo_lib.portfolio.decision.candidate_inputs`: the money **still to
spend**, ETC = EAC - AC; money spent before ``as_of`` is sunk); see
:func:`vmo_lib.portfolio.yearly_costs.yearly_remaining_costs`.

:func:`parse_constraints` checks every setting and raises :class:`ConstraintError` listing all
problems at once (unknown ids with a close match, unknown programmes, bad percentages, minimum
above maximum, malformed pieces), before any solving.

>>> ids = pd.Index(["P-01", "P-02", "P-03"])
>>> parse_requires("P-01 needs P-02 and P-03", ids, [])
(('P-01', 'P-02'), ('P-01', 'P-03'))
>>> parse_money("1.5m"), parse_share("40%")
(1500000.0, 0.4)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from vmo_lib.portfolio.yearly_costs import (
    parse_money,
    parse_yearly_budgets,
    yearly_remaining_costs,
)

__all__ = [
    "ConstraintError",
    "FundingConstraints",
    "parse_constraints",
    "parse_ids",
    "parse_money",
    "parse_share",
    "yearly_remaining_costs",
]

_NEEDS = re.compile(r"\s+(?:needs|requires)\s+", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+|\s*&\s*|\s*\+\s*", re.IGNORECASE)


class ConstraintError(ValueError):
    """Funding settings that cannot be used; ``problems`` lists every one found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        listed = " ".join(f"({n}) {p};" for n, p in enumerate(self.problems, start=1))
        # One line: the command line (vmo run) shows only the first line of an error.
        super().__init__(
            f"The funding constraints have {len(self.problems)} problem(s): {listed[:-1]}."
        )


@dataclass(frozen=True)
class FundingConstraints:
    """The parsed constraints of the funding decision (shares 0-1, money in EUR).

    :meth:`selection_kwargs` gives the keyword arguments of
    :func:`vmo_lib.portfolio.select_projects` (also taken by ``efficient_frontier``,
    ``frontier_gap``, ``compare_with_current`` and ``robustness``); :meth:`greedy_kwargs` the
    ones the greedy value-per-cost curve honours (forced in and out only).
    """

    must_fund: tuple[str, ...] = ()
    must_not_fund: tuple[str, ...] = ()
    requires: tuple[tuple[str, str], ...] = ()
    exclusive: tuple[tuple[str, ...], ...] = ()
    programme_shares: Mapping[str, tuple[float | None, float | None]] = field(default_factory=dict)
    yearly_budgets: Mapping[int, float] = field(default_factory=dict)
    programmes: pd.Series | None = None  # project id -> programme
    yearly_costs: pd.DataFrame | None = None  # project id x year, EUR still to spend

    @property
    def beyond_forced(self) -> bool:
        """True when a constraint other than the forced in / out lists is set."""
        return bool(self.requires or self.exclusive or self.programme_shares or self.yearly_budgets)

    def greedy_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`~vmo_lib.portfolio.greedy_frontier`."""
        return {"must_fund": self.must_fund, "must_not_fund": self.must_not_fund}

    def selection_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`~vmo_lib.portfolio.select_projects`."""
        kwargs: dict[str, Any] = {**self.greedy_kwargs()}
        kwargs.update(requires=self.requires, exclusive=self.exclusive)
        if self.programme_shares:
            kwargs.update(groups=self.programmes, group_share_bounds=dict(self.programme_shares))
        if self.yearly_budgets:
            years = list(self.yearly_budgets)
            kwargs.update(
                yearly_costs=self.yearly_costs[years], yearly_budgets=dict(self.yearly_budgets)
            )
        return kwargs


def _look(text: str) -> str:
    """Text as a reader may mistype it: case, spaces, O for 0, I or l for 1, leading zeros of
    a number ("P-3" for "P-03") ignored."""
    text = text.upper().replace(" ", "").replace("O", "0").replace("I", "1").replace("L", "1")
    return re.sub(r"(?<!\d)0+(?=\d)", "", text)


def _suggest(word: str, choices: list[str]) -> str:
    alike = {_look(c): c for c in reversed(choices)}
    close = difflib.get_close_matches(_look(word), list(alike), n=1, cutoff=0.6)
    return f" (did you mean {alike[close[0]]!r}?)" if close else ""


def _check_id(
    pid: str, known: pd.Index, what: str, problems: list[str], stages: Mapping[str, str]
) -> bool:
    """True when ``pid`` is open to funding; otherwise adds a problem and returns False."""
    if pid in known:
        return True
    if pid in stages:
        problems.append(f"{what}: project {pid!r} is {stages[pid]}, not open to funding")
    else:
        suggestion = _suggest(pid, [str(k) for k in known])
        problems.append(f"{what}: no project open to funding with id {pid!r}{suggestion}")
    return False


def _pieces(text: str, separators: str) -> list[str]:
    return [p.strip() for p in re.split(f"[{separators}\n]", text) if p.strip()]


def parse_ids(
    text: str,
    known: pd.Index,
    what: str,
    problems: list[str] | None = None,
    stages: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Project ids from a comma- or semicolon-separated text; unknown ids are problems.

    Without ``problems`` an unknown id raises :class:`ConstraintError` at once.

    >>> parse_ids("P-01; P-02", pd.Index(["P-01", "P-02"]), "must_fund")
    ('P-01', 'P-02')
    """
    found: list[str] = []
    own = [] if problems is None else problems
    for pid in _pieces(text, ";,"):
        if _check_id(pid, known, what, own, stages or {}) and pid not in found:
            found.append(pid)
    if problems is None and own:
        raise ConstraintError(own)
    return tuple(found)


def parse_requires(
    text: str, known: pd.Index, problems: list[str], stages: Mapping[str, str] | None = None
) -> tuple[tuple[str, str], ...]:
    """Pairs (a, b), a needs b, from ``"A needs B; C needs D and E"``."""
    pairs: list[tuple[str, str]] = []
    for piece in _pieces(text, ";,"):
        parts = _NEEDS.split(piece)
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            problems.append(f"depends_on: {piece!r} is not of the form 'P-10 needs P-03'")
            continue
        needed = [p.strip() for p in _AND.split(parts[1]) if p.strip()]
        ids = [parts[0].strip(), *needed]
        ok = [_check_id(i, known, "depends_on", problems, stages or {}) for i in ids]
        if ids[0] in needed:
            problems.append(f"depends_on: {piece!r}: a project cannot need itself")
        elif all(ok):
            pairs += [(ids[0], b) for b in needed if (ids[0], b) not in pairs]
    return tuple(pairs)


def parse_exclusive(
    text: str, known: pd.Index, problems: list[str], stages: Mapping[str, str] | None = None
) -> tuple[tuple[str, ...], ...]:
    """Groups of ids, at most one funded, from ``"P-20 | P-21; P-30 | P-31 | P-32"``."""
    groups = []
    for piece in _pieces(text, ";,"):
        ids = [p.strip() for p in piece.split("|")]
        if len(ids) < 2 or not all(ids):
            problems.append(f"exclusive: {piece!r} is not of the form 'P-20 | P-21' (2+ ids)")
            continue
        if len(set(ids)) < len(ids):
            problems.append(f"exclusive: {piece!r} names a project twice")
            continue
        if all([_check_id(i, known, "exclusive", problems, stages or {}) for i in ids]):
            groups.append(tuple(ids))
    return tuple(groups)


def parse_share(text: str) -> float:
    """A percentage (``"40%"`` or ``"40"``) as a share 0-1; ValueError outside 0-100%."""
    try:
        number = float(text.strip().rstrip("%").strip())
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a percentage") from None
    if not 0 <= number <= 100:
        raise ValueError(f"{text.strip()!r} is not a percentage between 0% and 100%")
    return number / 100.0


def _programme(name: str, programmes: list[str], problems: list[str]) -> str | None:
    lower = {p.lower(): p for p in programmes}
    if name.lower() in lower:
        return lower[name.lower()]
    starts = [p for p in programmes if p.lower().startswith(name.lower())]
    if len(starts) == 1:
        return starts[0]
    if starts:
        problems.append(f"programme_shares: {name!r} could be any of {', '.join(starts)}")
    else:
        known = f"; programmes with open projects: {', '.join(programmes)}"
        starts = {p.lower()[: len(name)]: p for p in programmes}
        close = difflib.get_close_matches(name.lower(), list(starts), n=1, cutoff=0.6)
        suggestion = f" (did you mean {starts[close[0]]!r}?)" if close else ""
        problems.append(f"programme_shares: no programme {name!r}{suggestion}{known}")
    return None


def parse_programme_shares(
    text: str, programmes: list[str], problems: list[str]
) -> dict[str, tuple[float | None, float | None]]:
    """Programme -> (min share, max share) from ``"Digital Customer=10%-40%; Network=-30%"``."""
    bounds: dict[str, tuple[float | None, float | None]] = {}
    for piece in _pieces(text, ";"):
        name, sep, rest = piece.partition("=")
        low_text, dash, high_text = rest.partition("-")
        if not sep or not name.strip() or not dash or not (low_text.strip() or high_text.strip()):
            problems.append(
                f"programme_shares: {piece!r} is not of the form 'Programme=10%-40%' "
                "(or '=10%-' for a minimum only, '=-40%' for a maximum only)"
            )
            continue
        try:
            low = parse_share(low_text) if low_text.strip() else None
            high = parse_share(high_text) if high_text.strip() else None
        except ValueError as error:
            problems.append(f"programme_shares: {piece!r}: {error}")
            continue
        if "%" not in rest and max(low or 0, high or 0) <= 0.01 and (low or high):
            problems.append(
                f"programme_shares: {piece!r}: shares are percentages; write e.g. '10%-40%'"
            )
            continue
        if low is not None and high is not None and low > high:
            problems.append(f"programme_shares: {piece!r}: the minimum is above the maximum")
            continue
        programme = _programme(name.strip(), programmes, problems)
        if programme is None:
            continue
        if programme in bounds:
            problems.append(f"programme_shares: {programme!r} is given twice")
            continue
        bounds[programme] = (low, high)
    return bounds


def parse_constraints(
    active: pd.DataFrame,
    *,
    stages: Mapping[str, str] | None = None,
    cashflows: pd.DataFrame | None = None,
    as_of: date | str | None = None,
    must_fund: str = "",
    must_not_fund: str = "",
    depends_on: str = "",
    exclusive: str = "",
    programme_shares: str = "",
    yearly_budgets: str = "",
) -> FundingConstraints:
    """Every constraint text checked and parsed; :class:`ConstraintError` lists all problems.

    ``active``: the projects open to funding (index project id; columns ``programme`` and
    ``remaining_cost``, EUR), as ``ValueRanking.active``. ``stages``: project id -> stage of
    every project (to say "P-04 is closed" rather than "unknown"). ``cashflows`` and ``as_of``
    are needed only with ``yearly_budgets`` (see :func:`yearly_remaining_costs`).

    >>> active = pd.DataFrame({"programme": ["X", "Y"], "remaining_cost": [1.0, 2.0]},
    ...                       index=["A", "B"])
    >>> parse_constraints(active, programme_shares="x=-40%").programme_shares
    {'X': (None, 0.4)}
    """
    known, problems, stages = active.index, [], dict(stages or {})
    forced_in = parse_ids(must_fund, known, "must_fund", problems, stages)
    forced_out = parse_ids(must_not_fund, known, "must_not_fund", problems, stages)
    requires = parse_requires(depends_on, known, problems, stages)
    groups = parse_exclusive(exclusive, known, problems, stages)
    programmes = active["programme"].astype(str)
    shares = parse_programme_shares(programme_shares, sorted(programmes.unique()), problems)
    budgets: dict[int, float] = {}
    yearly = None
    if yearly_budgets.strip():
        if cashflows is None or as_of is None:
            problems.append("yearly_budgets: needs the cashflows table (yearly investment cost)")
        else:
            first = int(pd.Timestamp(as_of).year)
            budgets = parse_yearly_budgets(yearly_budgets, first, problems)
            yearly = yearly_remaining_costs(cashflows, active["remaining_cost"], as_of)
            for year in set(budgets) - set(yearly.columns):
                yearly[year] = 0.0  # after the last planned year: nothing left to spend
    if problems:
        raise ConstraintError(problems)
    return FundingConstraints(
        must_fund=forced_in,
        must_not_fund=forced_out,
        requires=requires,
        exclusive=groups,
        programme_shares=shares,
        yearly_budgets=budgets,
        programmes=programmes if shares else None,
        yearly_costs=yearly,
    )
