"""The one currency setting: every money label, table, chart and export takes its code from here.

Why: an organisation keeps its books in one currency, and a handout that says "EUR" beside
pounds is wrong on every page. Notebooks declare a ``currency`` parameter and call
:func:`set_currency` once in their set-up cell; library functions take ``currency: str | None =
None`` and resolve ``None`` to the setting with :func:`resolve_currency`. The default below is
the only currency literal in ``vmo_lib`` (the bundled case study keeps its books in it).

>>> previous = set_currency("gbp")
>>> get_currency(), resolve_currency(None), resolve_currency("USD")
('GBP', 'GBP', 'USD')
>>> per_unit_label("Value")
'Value per GBP'
>>> _ = set_currency(previous)
"""

from __future__ import annotations

import re

from vmo_lib.errors import VmoError

__all__ = [
    "DEFAULT_CURRENCY",
    "CurrencyError",
    "get_currency",
    "per_unit_label",
    "resolve_currency",
    "set_currency",
]

DEFAULT_CURRENCY = "EUR"
"""Currency of the bundled case study, used until a notebook sets its own."""

_CODE = re.compile(r"^[A-Za-z]{3}$")
_current = DEFAULT_CURRENCY


class CurrencyError(VmoError, ValueError):
    """A currency setting that is not a three-letter code (ISO 4217 style, e.g. ``GBP``)."""


def set_currency(code: str) -> str:
    """Make ``code`` (three letters, any case) the currency of every label; return the old one.

    >>> old = set_currency("usd"); get_currency()
    'USD'
    >>> _ = set_currency(old)
    """
    global _current
    text = str(code).strip()
    if not _CODE.match(text):
        raise CurrencyError(
            f"currency {code!r} is not a three-letter currency code such as EUR, GBP or USD"
        )
    previous, _current = _current, text.upper()
    return previous


def get_currency() -> str:
    """The currency code in force (``EUR`` unless a notebook set another)."""
    return _current


def resolve_currency(currency: str | None) -> str:
    """``currency`` when given, else the setting in force."""
    return _current if currency is None else str(currency)


def per_unit_label(what: str, currency: str | None = None) -> str:
    """``"Value per GBP"``: a ratio to money, named in the currency in force."""
    return f"{what} per {resolve_currency(currency)}"
