"""Convert raw cell values into typed values, one column kind at a time.

Each parser takes one raw value (text from a CSV, or a number/date object from Excel) and
returns the typed value, ``None`` for a blank cell, or raises :class:`CellError` with the rule
in plain words. Tolerated on input: surrounding whitespace, thousands separators
(``1,250,000``, ``1 250 000``, ``1'250'000``), decimal commas in semicolon files (``1.250,5``;
there a dot is never a decimal point, so ``700.000`` is 700000), currency signs (``€``, ``$``,
``£``, ``EUR``), accounting negatives (``(1,200)``), percentages in shares (``85%`` -> 0.85)
and Saaty fractions (``1/3``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from fractions import Fraction

import pandas as pd

from vmo_lib.data.schema import ColumnSpec
from vmo_lib.errors import VmoError


class CellError(VmoError, ValueError):
    """A cell that cannot be read as its column's kind; the message is the rule."""


CURRENCY = re.compile(r"^(?:EUR|USD|GBP|CHF|€|\$|£)\s*|\s*(?:EUR|USD|GBP|CHF|€|\$|£)$", re.I)
THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*Q([1-4])$|^Q([1-4])\s*[-/ ]?\s*(\d{4})$", re.I)
DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def is_blank(value: object) -> bool:
    """True for an empty cell: None, NaN, or text made only of spaces."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def parse_number(value: object, decimal_comma: bool = False) -> float:
    """Read a decimal number, tolerating the separators people type in spreadsheets."""
    if isinstance(value, bool):
        raise CellError("must be a number")
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace("\u00a0", " ").replace("\u202f", " ")
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()").strip()
    text = CURRENCY.sub("", text).strip()
    text = text.replace(" ", "").replace("'", "")
    sign = ""
    if text[:1] in "+-":
        sign, text = text[0], text[1:]
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):  # 1.234,5
            text = text.replace(".", "").replace(",", ".")
        else:  # 1,234.5
            text = text.replace(",", "")
    elif "," in text:
        if THOUSANDS_COMMA.match(text) and not decimal_comma:
            text = text.replace(",", "")
        else:
            text = text.replace(",", ".")
    elif THOUSANDS_DOT.match(text) and (decimal_comma or text.count(".") > 1):
        text = text.replace(".", "")  # 1.250.000 anywhere; 700.000 in a decimal-comma file
    try:
        number = float(sign + text)
    except ValueError:
        raise CellError("must be a number") from None
    if math.isinf(number) or math.isnan(number):
        raise CellError("must be a finite number")
    return -number if negative else number


def parse_int(value: object, decimal_comma: bool = False) -> int:
    """Read a whole number (``3``, ``3.0``, ``1,200``)."""
    try:
        number = parse_number(value, decimal_comma)
    except CellError:
        raise CellError("must be a whole number") from None
    if number != int(number):
        raise CellError("must be a whole number, without decimals")
    return int(number)


def parse_share(value: object, decimal_comma: bool = False) -> float:
    """Read a fraction between 0 and 1; ``85%`` and ``85 %`` mean 0.85."""
    if isinstance(value, str) and value.strip().endswith("%"):
        return parse_number(value.strip()[:-1], decimal_comma) / 100
    return parse_number(value, decimal_comma)


def parse_ratio(value: object, decimal_comma: bool = False) -> float:
    """Read a Saaty judgement: a positive number or a fraction such as ``1/3``."""
    if isinstance(value, str) and "/" in value:
        try:
            ratio = float(Fraction(value.replace(" ", "")))
        except (ValueError, ZeroDivisionError):
            raise CellError("must be a number or a fraction such as 1/3") from None
    else:
        try:
            ratio = parse_number(value, decimal_comma)
        except CellError:
            raise CellError("must be a number or a fraction such as 1/3") from None
    if ratio <= 0:
        raise CellError("must be positive (use 1/3, not -3, for 'less important')")
    return ratio


def parse_date(
    value: object, decimal_comma: bool = False, *, month_first: bool = False
) -> pd.Timestamp:
    """Read a date: an Excel date, ``2026-09-30``, ``2026/09/30`` or ``30/09/2026``.

    Slashed dates are read day-first unless ``month_first`` (see :func:`slashed_date_order`,
    which decides it for a whole column); ``09/30/2026`` can only be month-first and is read so.
    """
    if isinstance(value, dt.datetime | dt.date):
        return pd.Timestamp(value).normalize()
    text = str(value).strip()
    match = DMY.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            if month_first or (month > 12 >= day):  # 09/30/2026 can only be month-first
                day, month = month, day
            return pd.Timestamp(year=year, month=month, day=day)
        if re.match(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}( 00:00(:00)?)?$", text):
            return pd.Timestamp(text.split(" ")[0].replace("/", "-"))
    except ValueError:
        pass
    raise CellError("must be a date written YYYY-MM-DD, e.g. 2026-09-30")


def slashed_date_order(values: Iterable[object]) -> tuple[str, object | None, object | None]:
    """How a column writes its slashed dates: ``"day_first"``, ``"month_first"`` or ``"mixed"``.

    Only dates whose first or second number is above 12 tell; ``03/04/2026`` could be either.
    A column with only such ambiguous dates is read day-first, as most of the world writes
    them. Also returns the first telling value of each order (for an error message).

    >>> slashed_date_order(["03/04/2026", "09/30/2026"])
    ('month_first', None, '09/30/2026')
    """
    day_first = month_first = None
    for value in values:
        match = DMY.match(str(value).strip()) if isinstance(value, str) else None
        if not match:
            continue
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12 >= second and day_first is None:
            day_first = value
        elif second > 12 >= first and month_first is None:
            month_first = value
    if day_first is not None and month_first is not None:
        return "mixed", day_first, month_first
    return ("month_first" if month_first is not None else "day_first"), day_first, month_first


def parse_quarter(value: object, decimal_comma: bool = False) -> pd.Period:
    """Read a calendar quarter: ``2026Q3``, ``2026-Q3`` or ``Q3 2026``."""
    match = QUARTER.match(str(value).strip())
    if not match:
        raise CellError("must be a quarter written like 2026Q3")
    year = match.group(1) or match.group(4)
    quarter = match.group(2) or match.group(3)
    return pd.Period(f"{year}Q{quarter}", freq="Q")


def parse_text(value: object, decimal_comma: bool = False) -> str:
    """Read text; a whole number typed into Excel (``7.0``) reads as ``7``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def category_key(value: object) -> str:
    """Spelling-insensitive key for categories: ``In_Flight`` and ``in flight`` match."""
    return " ".join(str(value).replace("_", " ").replace("-", " ").lower().split())


def category_parser(spec: ColumnSpec) -> Callable[[object, bool], str]:
    """Parser for a category column, returning the canonical spelling of an allowed value."""
    canonical = {category_key(a): a for a in spec.allowed}
    allowed = ", ".join(spec.allowed)

    def parse(value: object, decimal_comma: bool = False) -> str:
        key = category_key(parse_text(value))
        if key not in canonical:
            raise CellError(f"must be one of: {allowed}")
        return canonical[key]

    return parse


PARSERS: dict[str, Callable[[object, bool], object]] = {
    "id": parse_text,
    "text": parse_text,
    "int": parse_int,
    "number": parse_number,
    "money": parse_number,
    "share": parse_share,
    "ratio": parse_ratio,
    "date": parse_date,
    "quarter": parse_quarter,
}


def parser_for(spec: ColumnSpec) -> Callable[[object, bool], object]:
    """The parser of a column's kind."""
    if spec.kind == "category":
        return category_parser(spec)
    return PARSERS[spec.kind]


def dtype_for(spec: ColumnSpec) -> str | pd.api.extensions.ExtensionDtype:
    """The pandas dtype a column of this kind is stored in."""
    match spec.kind:
        case "id" | "text":
            return "string"
        case "category":
            return pd.CategoricalDtype(list(spec.allowed), ordered=True)
        case "int":
            return "Int64"
        case "date":
            return "datetime64[ns]"
        case "quarter":
            return pd.PeriodDtype("Q")
        case _:
            return "float64"
