"""Data layer: table schemas, loading and validation, generator, Excel template.

The one entry point is :func:`load_organisation`; every data problem surfaces as one
:class:`DataError` listing them all.
"""

from vmo_lib.data.errors import DataError, Problem
from vmo_lib.data.organisation import Organisation, load_organisation

__all__ = ["DataError", "Organisation", "Problem", "load_organisation"]
