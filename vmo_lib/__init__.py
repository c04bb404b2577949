"""VMO workbook helper library: from PMO execution metrics to value management.

Modules hold one concern each: ``evm`` (earned value), ``baseline`` (the PMO's current view),
``data`` (loading and validating an organisation), ``reports`` (parameterised runs and
handouts), ``charts`` and ``tables`` (shared presentation). Import what you need, e.g.
``from vmo_lib.data import load_organisation``.
"""

from importlib.metadata import PackageNotFoundError, version

from vmo_lib.data.errors import DataError

try:
    __version__ = version("vmo-workbook")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"

__all__ = ["DataError", "__version__"]
