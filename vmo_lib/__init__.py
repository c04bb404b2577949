"""VMO workbook helper library: from PMO execution metrics to value management.

One package per analysis (``baseline``, ``maturity``, ``drivers``, ``kpis``, ``portfolio``,
``realization``), each with its calculations, ``charts``, ``views`` and ``widgets``; shared
presentation in ``display``, notebook plumbing in ``notebook``, the data layer in ``data``,
headless runs and handouts in ``pipeline``, the ``vmo`` command in ``cli``. CONTRIBUTING.md
has the package map and the layering rule. Import what you need, e.g.
``from vmo_lib.data import load_organisation``.
"""

from importlib.metadata import PackageNotFoundError, version

from vmo_lib.data.errors import DataError

try:
    __version__ = version("vmo-workbook")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"

__all__ = ["DataError", "__version__"]
