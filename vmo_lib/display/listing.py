"""Lists that stay readable at any portfolio size, and numbers written for sentences.

Why: a handout read by a steering committee must fit about 30 A4 pages whether the
organisation runs 50 projects or 10,000. Tables show every row while the list is short, and
the top and bottom ``n`` (with a note saying so and where the full list is) once it is long;
the full lists go to the notebook's CSV/Excel exports. :func:`quantity_text` writes numbers
the way people read them in a sentence (``15 million``, ``2,650``), never ``1.5e+07``.

>>> frame = pd.DataFrame({"project_id": [f"P-{i}" for i in range(30)], "score": range(30)})
>>> shown = top_and_bottom(frame, 5, by="score", what="projects")
>>> len(shown.table), shown.truncated, shown.table["score"].tolist()[:2]
(10, True, [29, 28])
>>> shown.note
'Showing the 5 highest and 5 lowest of 30 projects by score.'
>>> quantity_text(15_000_000), quantity_text(2650.4), quantity_text(0.25)
('15 million', '2,650', '0.25')
"""

from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "DEFAULT_SHOWN_ROWS",
    "ShownRows",
    "export_link_html",
    "quantity_text",
    "top_and_bottom",
]

DEFAULT_SHOWN_ROWS = 15
"""Rows shown at each end of a long list (so at most 30 rows per table in a handout)."""


@dataclass(frozen=True)
class ShownRows:
    """The rows of a list to show in a handout, and what was left out.

    ``table`` holds every row when the list is short, else the top ``n`` then the bottom
    ``n`` in order; ``total`` counts the full list; ``note`` says what is shown (empty when
    nothing was left out).
    """

    table: pd.DataFrame
    total: int
    truncated: bool
    note: str


def top_and_bottom(
    frame: pd.DataFrame,
    n: int = DEFAULT_SHOWN_ROWS,
    *,
    by: str | None = None,
    ascending: bool = False,
    what: str = "rows",
    by_label: str | None = None,
) -> ShownRows:
    """The whole ``frame`` when it has at most ``2 * n`` rows, else its first and last ``n``.

    When ``by`` is given the frame is first sorted on it (highest first unless
    ``ascending``), so the rows shown are the ``n`` highest and ``n`` lowest; otherwise the
    frame's own order is kept. ``what`` names the rows in the note ("projects").
    """
    n = max(int(n), 1)
    ordered = frame if by is None else frame.sort_values(by, ascending=ascending, kind="stable")
    total = len(ordered)
    if total <= 2 * n:
        return ShownRows(ordered, total, False, "")
    shown = pd.concat([ordered.head(n), ordered.tail(n)])
    if by is None:
        note = f"Showing the first {n} and last {n} of {total:,} {what}."
    else:
        high, low = ("lowest", "highest") if ascending else ("highest", "lowest")
        note = f"Showing the {n} {high} and {n} {low} of {total:,} {what} by {by_label or by}."
    return ShownRows(shown, total, True, note)


def quantity_text(value: Any, decimals: int = 2) -> str:
    """A number for a sentence: ``15 million``, ``1.2 billion``, ``2,650``, ``0.25``.

    Millions and billions keep up to one decimal (``1.5 million``); numbers from 1,000 up are
    whole with separators; smaller numbers keep up to ``decimals`` significant decimals.
    Blank or non-finite values give an en dash.

    >>> quantity_text(1_500_000), quantity_text(-3_250_000_000), quantity_text(12)
    ('1.5 million', '-3.2 billion', '12')
    """
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "–"
    if not math.isfinite(number):
        return "–"
    sign = "-" if number < 0 else ""
    size = abs(number)
    for scale, word in ((1e9, "billion"), (1e6, "million")):
        if size >= scale:
            return f"{sign}{_trimmed(size / scale, 1)} {word}"
    if size >= 1000:
        return f"{sign}{size:,.0f}"
    return f"{sign}{_trimmed(size, decimals)}"


def _trimmed(number: float, decimals: int) -> str:
    text = f"{number:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def export_link_html(path: str | Path, label: str | None = None) -> str:
    """An HTML link to an exported file, relative to the handout that shows it.

    Handouts are written to ``OUT/<notebook>.html`` and a notebook's exports to
    ``OUT/outputs/<notebook>/``, so a file in such a folder is linked as
    ``outputs/<notebook>/<file>``; any other path is linked by its name relative to the
    current folder. Text is escaped.

    >>> export_link_html("/tmp/run/outputs/04_portfolio/ranking.csv")
    '<a href="outputs/04_portfolio/ranking.csv">ranking.csv</a>'
    """
    target = Path(path)
    parts = target.parts
    if len(parts) >= 3 and parts[-3] == "outputs":
        href = "/".join(parts[-3:])
    else:
        href = os.path.relpath(target) if target.is_absolute() else target.as_posix()
    text = label or target.name
    return f'<a href="{html.escape(href, quote=True)}">{html.escape(text)}</a>'
