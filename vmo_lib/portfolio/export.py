"""Write the re-ranked portfolio and the funded set as CSV files and one Excel workbook.

Both formats are safe to open in a spreadsheet (text starting with ``= + - @`` is neutralised,
see :func:`vmo_lib.display.tables.neutralise_frame`) and written atomically by
:func:`vmo_lib.display.tables.write_csv` and
:func:`~vmo_lib.display.tables.write_excel`, so an interrupted run never leaves half a file
where a good one was.

>>> paths = write_tables({"funded": frame}, "outputs", "04_portfolio")  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from vmo_lib.display.tables import write_csv, write_excel

__all__ = ["export_paths", "write_tables"]


def export_paths(
    folder: str | Path, stem: str, names: list[str] | tuple[str, ...]
) -> dict[str, Path]:
    """Where :func:`write_tables` writes each frame (``<stem>_<name>.csv``) and the workbook
    (key ``"workbook"``), so a handout can link a file before the last cell writes it."""
    target = Path(folder)
    paths = {name: target / f"{stem}_{name}.csv" for name in names}
    paths["workbook"] = target / f"{stem}.xlsx"
    return paths


def write_tables(
    frames: Mapping[str, pd.DataFrame],
    folder: str | Path,
    stem: str,
    labels: Mapping[str, str] | None = None,
) -> list[Path]:
    """One CSV per frame (``<stem>_<name>.csv``) and one workbook ``<stem>.xlsx`` (a sheet each).

    Columns are renamed with ``labels``; the index is not written. Returns the paths written.
    """
    target = Path(folder)
    written = [
        write_csv(frame, target / f"{stem}_{name}.csv", labels=labels)
        for name, frame in frames.items()
    ]
    written.append(write_excel(frames, target / f"{stem}.xlsx", labels=labels))
    return written
