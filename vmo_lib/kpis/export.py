"""Write the reviewed KPI catalogue as CSV and Excel, safely.

Both files are written atomically (a temporary file in the same folder, then ``os.replace``),
so a reader never opens a half-written file, and text cells a spreadsheet would run as a
formula (``= + - @``) are neutralised first (:func:`vmo_lib.tables.neutralise_frame`): a KPI
name typed as ``=HYPERLINK(...)`` in the draft stays text in the export.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from vmo_lib.tables import neutralise_frame

from .review import KpiReview

__all__ = ["write_reviewed_catalogue", "write_scorecard"]


def _atomic(target: Path, write: Callable[[str], None]) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=target.suffix, dir=target.parent)
    os.close(handle)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes files private; exports are not
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so set it back)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _for_export(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return neutralise_frame(out)


def write_reviewed_catalogue(
    review: KpiReview, folder: str | Path, stem: str = "03_kpi_catalogue_reviewed"
) -> tuple[Path, Path]:
    """Write ``<stem>.csv`` (the catalogue with verdicts) and ``<stem>.xlsx`` (sheets
    ``catalogue``, ``findings``, ``coverage``) into ``folder``; return both paths."""
    folder = Path(folder)
    catalogue = _for_export(review.catalogue)
    findings = _for_export(review.findings)
    coverage = _for_export(review.coverage.reset_index())
    csv_path = _atomic(
        folder / f"{stem}.csv", lambda tmp: catalogue.to_csv(tmp, index=False, encoding="utf-8")
    )

    def excel(tmp: str) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            catalogue.to_excel(writer, sheet_name="catalogue", index=False)
            findings.to_excel(writer, sheet_name="findings", index=False)
            coverage.to_excel(writer, sheet_name="coverage", index=False)
            for sheet in writer.sheets.values():
                sheet.freeze_panes = "B2"

    xlsx_path = _atomic(folder / f"{stem}.xlsx", excel)
    return csv_path, xlsx_path


def write_scorecard(
    card: pd.DataFrame, folder: str | Path, stem: str = "03_project_scorecard"
) -> Path:
    """Write the per-project scorecard (:func:`~.scorecard.project_scorecard`) as CSV."""
    frame = _for_export(card)
    return _atomic(
        Path(folder) / f"{stem}.csv", lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8")
    )
