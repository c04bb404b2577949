"""Write a blank Excel input workbook that the loader reads back without change.

One sheet per table with its headers (required columns in bold), drop-down lists for
categorical columns, range checks on whole numbers and shares, an input message describing each
column, an ``Instructions`` sheet and, for reference, the bundled maturity model (sheet
``maturity_model``: the questions and level descriptions the ``pmo_assessment`` answers use;
the loader ignores it, as it is not a table). Fill it in, then run ``vmo check-data your.xlsx``.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from vmo_lib.data.schema import TABLES, ColumnSpec, TableSpec
from vmo_lib.paths import DATASETS_DIR

TEMPLATE_ROWS = 2000
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
MATURITY_MODEL_FILE = DATASETS_DIR / "maturity_model.csv"
MATURITY_MODEL_SHEET = "maturity_model"
NUMBER_FORMATS = {"money": "#,##0", "share": "0%", "date": "yyyy-mm-dd", "int": "0"}


def write_template(path: str | Path, *, overwrite: bool = False) -> Path:
    """Write the blank input workbook to ``path`` (an .xlsx file) and return the path.

    Refuses to replace an existing file unless ``overwrite`` is true (``FileExistsError``).
    The file is written to a temporary name first and moved into place, so an interrupted
    run never leaves a half-written workbook.
    """
    target = check_xlsx_target(path, overwrite=overwrite)
    workbook = Workbook()
    _instructions(workbook.active)
    _maturity_model_sheet(workbook.create_sheet(MATURITY_MODEL_SHEET))
    for spec in TABLES:
        _table_sheet(workbook.create_sheet(spec.name), spec)
    return save_workbook(workbook, target)


def check_xlsx_target(path: str | Path, *, overwrite: bool = False) -> Path:
    """``path`` as a Path, after checking it names an .xlsx file that may be (over)written.

    Raises ``ValueError`` for another suffix and ``FileExistsError`` for an existing file
    unless ``overwrite``. Shared by every template writer (also :mod:`vmo_lib.kpis.template`).
    """
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ValueError(f"The template must be an .xlsx file, not '{target.name}'.")
    if target.exists() and not overwrite:
        raise FileExistsError(
            f"{target} already exists; choose another name or pass --force to replace it."
        )
    return target


def save_workbook(workbook: Workbook, target: Path) -> Path:
    """Save ``workbook`` to ``target`` atomically (temporary file, then ``os.replace``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        workbook.save(temporary)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes files private; templates are not
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


def _rule_text(col: ColumnSpec) -> str:
    parts = [col.description]
    if col.allowed:
        parts.append("One of: " + ", ".join(col.allowed) + ".")
    if col.minimum is not None and col.maximum is not None:
        parts.append(f"From {col.minimum:g} to {col.maximum:g}.")
    elif col.minimum is not None:
        parts.append(f"At least {col.minimum:g}.")
    if col.references:
        parts.append(f"Must match {col.references.replace('.', ' > ')}.")
    if col.unique:
        parts.append("Unique.")
    parts.append("Required." if col.required else "Optional.")
    return " ".join(parts)


def _instructions(sheet) -> None:
    sheet.title = "Instructions"
    sheet.append(["VMO workbook: input template"])
    sheet["A1"].font = Font(bold=True, size=14)
    for line in (
        "Fill one sheet per table; keep the header row as it is (row 1). Bold headers are "
        "required columns.",
        "Only the 'projects' sheet is required; leave other sheets empty if you have no data "
        "for them: a notebook that needs a missing table is skipped, and the handouts index "
        "says which table would enable it.",
        "Amounts are in your currency (plain numbers); dates as YYYY-MM-DD; quarters as 2026Q3; "
        "shares as 0.85 or 85%.",
        "The 'maturity_model' sheet is for reference: the questions and level descriptions "
        "behind the pmo_assessment answers (question_id). It is not read as data.",
        "Driver weights (notebook 02): let each executive fill 'driver_judgements' (pairwise "
        "comparisons on the 1-9 scale, for AHP), 'driver_priorities' (points and/or a rank per "
        "driver), or both. Compare only siblings: objectives with objectives, and the drivers "
        "under one parent with each other.",
        "Check your file before a run: vmo check-data this_file.xlsx",
        "",
    ):
        sheet.append([line])
    sheet.append(["Sheet", "Column", "Kind", "Unit", "Rule"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for spec in TABLES:
        sheet.append([spec.name, "", "", "", spec.description])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for col in spec.columns:
            sheet.append(["", col.name, col.kind, col.unit, _rule_text(col)])
    for letter, width in zip("ABCDE", (22, 24, 10, 12, 110), strict=True):
        sheet.column_dimensions[letter].width = width


def _table_sheet(sheet, spec: TableSpec) -> None:
    sheet.append(spec.column_names)
    sheet.freeze_panes = "A2"
    for index, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(1, index)
        header.font = Font(bold=col.required)
        header.fill = HEADER_FILL
        header.alignment = Alignment(wrap_text=True)
        sheet.column_dimensions[letter].width = max(14, len(col.name) + 2)
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS}"
        validation = _validation(col)
        if validation is not None:
            validation.prompt = _rule_text(col)[:255]
            validation.promptTitle = col.name[:32]
            validation.showInputMessage = True
            validation.add(cells)
            sheet.add_data_validation(validation)
        number_format = NUMBER_FORMATS.get(col.kind)
        if number_format:
            sheet.column_dimensions[letter].number_format = number_format


def _validation(col: ColumnSpec) -> DataValidation | None:
    """An Excel check that mirrors the loader's rule, so mistakes are caught while typing."""
    if col.kind == "category":
        options = ",".join(col.allowed)
        return DataValidation(
            type="list",
            formula1=f'"{options}"',
            allow_blank=not col.required,
            showErrorMessage=True,
            error=f"Choose one of: {', '.join(col.allowed)}",
        )
    if col.kind == "int" and col.minimum is not None:
        high = col.maximum if col.maximum is not None else 10**9
        return DataValidation(
            type="whole",
            operator="between",
            formula1=f"{col.minimum:g}",
            formula2=f"{high:g}",
            allow_blank=not col.required,
            showErrorMessage=True,
            error=_rule_text(col)[:255],
        )
    return DataValidation(type="none", allow_blank=True)


def _maturity_model_sheet(sheet) -> None:
    """Copy the bundled maturity model (datasets/maturity_model.csv) as a reference sheet."""
    with MATURITY_MODEL_FILE.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append([int(v) if v.isdigit() else v for v in row])
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for index in range(1, sheet.max_column + 1):
        wide = index >= 6  # question and level descriptions
        sheet.column_dimensions[get_column_letter(index)].width = 48 if wide else 16
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.alignment = Alignment(wrap_text=wide, vertical="top")


#: Public names of the sheet helpers, for other template writers (:mod:`vmo_lib.kpis.template`):
#: ``table_sheet(sheet, spec)`` writes a table's header, drop-downs and input messages;
#: ``rule_text(col)`` is a column's rule in words.
table_sheet = _table_sheet
rule_text = _rule_text
