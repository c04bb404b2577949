"""How exported CSV files are written: ``standard`` (comma separated, decimal point, full
precision) or ``european`` (semicolon separated, decimal comma, 4 decimals, UTF-8 with a
byte-order mark), the one setting every CSV export of a run follows.

Why: a spreadsheet opened in a European locale (French, German, Italian, Spanish... Excel)
expects ``;`` between fields and ``,`` before decimals. A standard CSV opens there as one
column of text, or with ``0.85`` read as a date or as 85. The ``european`` style opens
directly, with numbers as numbers; the byte-order mark tells Excel the file is UTF-8 (names
with accents stay readable). Four decimals keep shares to 0.01 % and money to the cent,
without the 15-digit tails of floating point.

The setting works like the currency (:mod:`vmo_lib.currency`): a run sets it once, from its
``csv_style`` parameter (``vmo run/handouts -p csv_style european``), and
:func:`vmo_lib.display.tables.write_csv` reads it unless a call passes ``style`` itself. It
never comes from the locale or an environment variable, so the same command writes the same
files on every machine.

>>> resolve_csv_style("european").separator, resolve_csv_style(None).name
(';', 'standard')
"""

from __future__ import annotations

from dataclasses import dataclass

from vmo_lib.errors import VmoError

__all__ = [
    "CSV_STYLES",
    "CsvStyle",
    "CsvStyleError",
    "get_csv_style",
    "resolve_csv_style",
    "set_csv_style",
]


class CsvStyleError(VmoError, ValueError):
    """An unknown CSV style name."""


@dataclass(frozen=True)
class CsvStyle:
    """How a CSV file is written.

    ``decimals`` is the number of decimal places floats are rounded to (``None``: written in
    full); whole numbers, text and dates are unchanged. ``encoding`` ``utf-8-sig`` starts the
    file with a byte-order mark, which Excel needs to read UTF-8.
    """

    name: str
    separator: str
    decimal: str
    decimals: int | None
    encoding: str
    description: str


CSV_STYLES: dict[str, CsvStyle] = {
    "standard": CsvStyle(
        "standard", ",", ".", None, "utf-8", "comma separated, decimal point, full precision"
    ),
    "european": CsvStyle(
        "european",
        ";",
        ",",
        4,
        "utf-8-sig",
        "semicolon separated, decimal comma, 4 decimals (Excel in European locales)",
    ),
}
"""The styles by name."""

_current: CsvStyle = CSV_STYLES["standard"]


def resolve_csv_style(style: str | CsvStyle | None) -> CsvStyle:
    """The style named (or given), or the run's setting when ``None``."""
    if style is None:
        return _current
    if isinstance(style, CsvStyle):
        return style
    key = str(style).strip().lower()
    if key not in CSV_STYLES:
        raise CsvStyleError(
            f"unknown CSV style {style!r}: use one of {', '.join(CSV_STYLES)} "
            "(european: ';' separated, decimal comma)"
        )
    return CSV_STYLES[key]


def set_csv_style(style: str | CsvStyle) -> CsvStyle:
    """Make ``style`` the style of every later CSV export in this process; returns the
    previous one (to restore it)."""
    global _current
    previous, _current = _current, resolve_csv_style(style)
    return previous


def get_csv_style() -> CsvStyle:
    """The style CSV exports use when a call does not name one."""
    return _current
