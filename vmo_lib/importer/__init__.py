"""Bring your own PPM export: a YAML mapping turns its columns into the workbook's tables.

>>> from vmo_lib.importer import run_import
>>> run_import("ppm_export.csv", "datasets/mappings/my_tool.yaml", "my_dataset")  # doctest: +SKIP

The mapping format is documented in ``datasets/mappings/README.md``. Modules: ``mapping`` and
``rules`` (read and check the file), ``expressions`` (safe formulas), ``export`` (read the
export), ``convert`` (apply the rules), ``report`` (what was mapped, defaulted, dropped),
``pipeline`` (validate and write atomically), ``cli`` (the ``vmo import`` command).

Names are imported on first use, so ``vmo --help`` (which imports ``importer.cli``) does not
load pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "ExportMapping": "mapping",
    "load_mapping": "mapping",
    "MappingError": "rules",
    "ExpressionError": "expressions",
    "compile_expression": "expressions",
    "ImportProblem": "convert",
    "ImportDataError": "pipeline",
    "ImportResult": "pipeline",
    "OutputFolderError": "pipeline",
    "run_import": "pipeline",
    "dataset_notes": "notes",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
