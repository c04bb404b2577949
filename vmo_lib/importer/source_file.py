"""Read the export a PPM tool wrote: one CSV file, a folder of CSV files, or an .xlsx workbook.

Cells are kept as written (no type conversion), with the row number the user sees in a
spreadsheet (header = row 1), so every later message can point at the export's own row and
column. Reading reuses the workbook's tolerant CSV reader (UTF-8 with or without BOM; comma,
semicolon or tab separated).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from vmo_lib.data.errors import Problem
from vmo_lib.data.readers import RawTable, read_csv_file, read_sheet
from vmo_lib.errors import VmoError

__all__ = ["ExportReadError", "read_export_table"]


class ExportReadError(VmoError, ValueError):
    """The export file or sheet a table mapping names cannot be read."""


def read_export_table(export: Path, file: str | None, table: str) -> RawTable:
    """The raw cells a table mapping reads.

    ``file`` is a file name inside an export folder, or a sheet name of an .xlsx export;
    ``None`` means the export itself when it is one CSV file, else ``<table>.csv`` or the
    sheet named like the table.
    """
    export = Path(export)
    if export.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_sheet(export, file or table, table)
    if export.is_dir():
        path = export / (file or f"{table}.csv")
    elif file is None or Path(file).name == export.name:
        path = export
    else:
        raise ExportReadError(
            f"the mapping reads '{file}' for {table}, but the export {export.name} is one file; "
            "give the export folder instead"
        )
    if not path.is_file():
        found = sorted(p.name for p in path.parent.glob("*.csv")) if path.parent.is_dir() else []
        raise ExportReadError(
            f"no file {path.name} in {path.parent} for {table}"
            + (f" (CSV files there: {', '.join(found)})" if found else "")
        )
    raw = read_csv_file(path, table)
    if isinstance(raw, Problem):
        raise ExportReadError(str(raw))
    return raw


def _read_sheet(path: Path, sheet: str, table: str) -> RawTable:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ExportReadError(f"{path.name} cannot be opened as a workbook ({exc})") from None
    location = f"{path.name}, sheet '{sheet}'"
    try:
        if sheet not in workbook.sheetnames:
            names = ", ".join(workbook.sheetnames)
            raise ExportReadError(f"{path.name} has no sheet '{sheet}' (sheets: {names})")
        raw = read_sheet(workbook[sheet], table, location)
    finally:
        workbook.close()
    if raw is None:  # an empty sheet: reported later as missing the mapped columns
        return RawTable(table, location, [], [], [])
    return replace(raw, header=[name.strip() for name in raw.header])
