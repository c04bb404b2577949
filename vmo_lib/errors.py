"""The base of every workbook exception, so a caller can catch them all at once.

Each module raises its own precise error (``DataError`` for a dataset that breaks the schema,
``ParameterError`` for a notebook setting, ``InfeasibleSelection`` for constraints that cannot
all hold...). Every one of them derives from :class:`VmoError` and also from the built-in
exception it refines (``ValueError``, ``LookupError``, ``RuntimeError``), so existing
``except ValueError`` handlers keep working.

>>> from vmo_lib.currency import CurrencyError
>>> issubclass(CurrencyError, VmoError) and issubclass(CurrencyError, ValueError)
True
"""

from __future__ import annotations

__all__ = ["VmoError"]


class VmoError(Exception):
    """An error the workbook reports to its user in plain words (never a bare traceback).

    The command line prints the message and exits with status 2; notebooks show it as is.
    """
