"""Where the workbook's own folders are: one place, so no module guesses its way there.

The package lives in ``vmo_lib/`` inside the workbook repository (installed in editable mode
by ``make``); the notebooks and the bundled datasets sit beside it.
"""

from __future__ import annotations

from pathlib import Path

WORKBOOK_ROOT = Path(__file__).resolve().parent.parent
"""The repository folder that holds ``vmo_lib/``, ``notebooks/`` and ``datasets/``."""

NOTEBOOKS_DIR = WORKBOOK_ROOT / "notebooks"
"""The analysis notebooks, run in order by ``vmo handouts``."""

DATASETS_DIR = WORKBOOK_ROOT / "datasets"
"""The bundled datasets (one folder each) and the data dictionary; never written by a run."""
