"""Pieces of the funding-constraint texts of notebook 04: ids, dependencies, options, shares.

Each parser reads one setting (see :mod:`vmo_lib.portfolio.funding.constraints` for the forms) and
appends what is wrong to ``problems`` instead of raising, so that
:func:`~vmo_lib.portfolio.funding.constraints.parse_constraints` reports every problem at once.
Unknown project ids get a close match ("did you mean 'P-03'?"), read the way people mistype
ids (case, spaces, O for 0, I or l for 1, "P-3" for "P-03").

>>> ids = pd.Index(["P-01", "P-02", "P-03"])
>>> parse_requires("P-01 needs P-02 and P-03", ids, [])
(('P-01', 'P-02'), ('P-01', 'P-03'))
>>> parse_share("40%")
0.4
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

import pandas as pd

from vmo_lib.errors import VmoError

__all__ = [
    "ConstraintError",
    "parse_exclusive",
    "parse_ids",
    "parse_programme_shares",
    "parse_requires",
    "parse_share",
    "pieces",
]

_NEEDS = re.compile(r"\s+(?:needs|requires)\s+", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+|\s*&\s*|\s*\+\s*", re.IGNORECASE)


class ConstraintError(VmoError, ValueError):
    """Funding settings that cannot be used; ``problems`` lists every one found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        listed = " ".join(f"({n}) {p};" for n, p in enumerate(self.problems, start=1))
        # One line: the command line (vmo run) shows only the first line of an error.
        super().__init__(
            f"The funding constraints have {len(self.problems)} problem(s): {listed[:-1]}."
        )


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


def pieces(text: str, separators: str) -> list[str]:
    """Non-blank pieces of ``text`` split at any of ``separators`` or a line break."""
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
    for pid in pieces(text, ";,"):
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
    for piece in pieces(text, ";,"):
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
    for piece in pieces(text, ";,"):
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
        prefixes = {p.lower()[: len(name)]: p for p in programmes}
        close = difflib.get_close_matches(name.lower(), list(prefixes), n=1, cutoff=0.6)
        suggestion = f" (did you mean {prefixes[close[0]]!r}?)" if close else ""
        problems.append(f"programme_shares: no programme {name!r}{suggestion}{known}")
    return None


def parse_programme_shares(
    text: str, programmes: list[str], problems: list[str]
) -> dict[str, tuple[float | None, float | None]]:
    """Programme -> (min share, max share) from ``"Digital Customer=10%-40%; Network=-30%"``."""
    bounds: dict[str, tuple[float | None, float | None]] = {}
    for piece in pieces(text, ";"):
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
