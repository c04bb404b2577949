"""The value-measurement template: one sheet per stage gate, written for teams and read back.

A project team records its KPIs and benefits at four gates: the **business case** (baseline,
target, owner), **in flight** (leading measures, on track or not), **closure** (capability
delivered, who takes over realisation) and **post-closure** (realised value with evidence).
Each gate is a sheet whose columns are declared like the dataset's tables
(:class:`~vmo_lib.data.schema.TableSpec`), so the Excel drop-downs, input messages and the
loader's checks come from the same place as the main data template
(:mod:`vmo_lib.data.template`, :func:`vmo_lib.data.validate.typed_table`).

>>> path = write_measurement_template("measure.xlsx")  # doctest: +SKIP
>>> filled = load_measurement_template("measure.xlsx")  # doctest: +SKIP
>>> filled.stages["closure"].head()  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from vmo_lib.currency import resolve_currency
from vmo_lib.data.errors import DataError, Problem
from vmo_lib.data.readers import RawTable, read_sheet
from vmo_lib.data.template import (
    HEADER_FILL,
    check_xlsx_target,
    rule_text,
    save_workbook,
    table_sheet,
)
from vmo_lib.data.validate import typed_table
from vmo_lib.display.tables import neutralise_formula
from vmo_lib.kpis.stages import GUIDANCE, STAGE_SHEETS

__all__ = [
    "STAGE_SHEETS",
    "MeasurementTemplate",
    "load_measurement_template",
    "write_measurement_template",
]

CATALOGUE_SHEET = "kpi_catalogue"


@dataclass(frozen=True)
class MeasurementTemplate:
    """A filled template: one typed DataFrame per stage gate (empty if the sheet was)."""

    source: str
    stages: dict[str, pd.DataFrame] = field(default_factory=dict)


def write_measurement_template(
    path: str | Path,
    catalogue: pd.DataFrame | None = None,
    *,
    overwrite: bool = False,
    currency: str | None = None,
) -> Path:
    """Write the template to ``path`` (.xlsx, atomically) and return the path.

    With a ``catalogue`` (a ``kpis`` table), a ``kpi_catalogue`` sheet lists its KPIs and the
    stages at which each is measured, for reference. The instructions name ``currency`` (the
    setting of :mod:`vmo_lib.currency` when None) as the currency of every amount. Refuses
    to replace an existing file unless ``overwrite`` (``FileExistsError``).
    """
    target = check_xlsx_target(path, overwrite=overwrite)
    workbook = Workbook()
    _instructions(
        workbook.active, with_catalogue=catalogue is not None, currency=resolve_currency(currency)
    )
    for spec in STAGE_SHEETS.values():
        table_sheet(workbook.create_sheet(spec.name), spec)
    if catalogue is not None:
        _catalogue_sheet(workbook.create_sheet(CATALOGUE_SHEET), catalogue)
    return save_workbook(workbook, target)


def _instructions(sheet, with_catalogue: bool, currency: str) -> None:
    sheet.title = "Instructions"
    sheet.append(["Value-measurement template"])
    sheet["A1"].font = Font(bold=True, size=14)
    lines = [
        "One sheet per stage gate. Add one row per KPI or benefit measured at that gate; keep "
        "the header row (row 1) as it is. Bold headers must be filled.",
        "Use the drop-down lists; dates as YYYY-MM-DD; money amounts as plain numbers in "
        f"{currency} (write {currency} as the unit of a money KPI); shares as 0.6 or 60%.",
        "item_id is the KPI id (K-..) or benefit id (B-...) as the VMO's registers know it.",
    ]
    if with_catalogue:
        lines.append(f"The '{CATALOGUE_SHEET}' sheet lists the KPIs and when each is measured.")
    for line in (*lines, ""):
        sheet.append([line])
    sheet.append(["Sheet", "Column", "Kind", "Rule"])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for stage, spec in STAGE_SHEETS.items():
        sheet.append([spec.name, "", "", GUIDANCE[stage]])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for col in spec.columns:
            sheet.append(["", col.name, col.kind, rule_text(col)])
    for letter, width in zip("ABCD", (18, 24, 10, 110), strict=True):
        sheet.column_dimensions[letter].width = width


def _catalogue_sheet(sheet, catalogue: pd.DataFrame) -> None:
    columns = ["kpi_id", "name", "kind", "driver_id", "unit", "direction", "stages"]
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in catalogue.reindex(columns=columns).itertuples(index=False):
        sheet.append([None if pd.isna(v) else neutralise_formula(str(v)) for v in row])
    sheet.column_dimensions["B"].width = 40


def load_measurement_template(
    path: str | Path, catalogue: pd.DataFrame | None = None
) -> MeasurementTemplate:
    """Read a filled template back, checking every cell; raise :class:`DataError` listing
    every problem (sheet, row as Excel numbers it, column, value, rule).

    With a ``catalogue``, KPI rows must name a KPI of it. At the business case, the target
    date must come after the baseline date.
    """
    from openpyxl import load_workbook

    source = Path(path)
    workbook = load_workbook(source, read_only=True, data_only=True)
    problems: list[Problem] = []
    stages: dict[str, pd.DataFrame] = {}
    try:
        for stage, spec in STAGE_SHEETS.items():
            location = f"{source.name}, sheet '{spec.name}'"
            if spec.name not in workbook.sheetnames:
                problems.append(Problem(location, spec.name, "the sheet is missing"))
                continue
            raw = read_sheet(workbook[spec.name], spec.name, location)
            raw = raw or RawTable(spec.name, location, [], [], [])  # a blank sheet
            frame, numbers, found = typed_table(raw, spec)
            problems += found
            problems += _stage_rules(stage, frame, numbers, location, spec.name, catalogue)
            stages[stage] = frame
    finally:
        workbook.close()
    if problems:
        raise DataError(problems, source=str(source))
    return MeasurementTemplate(str(source), stages)


def _stage_rules(
    stage: str,
    frame: pd.DataFrame,
    numbers: list[int],
    location: str,
    table: str,
    catalogue: pd.DataFrame | None,
) -> list[Problem]:
    problems = []
    known = set(catalogue["kpi_id"].astype(str)) if catalogue is not None else None
    rows = frame.to_dict("records")  # plain values: the checks below are row by row anyway
    for position, row in enumerate(rows):
        item_type, item_id = row["item_type"], row["item_id"]
        unknown = known is not None and pd.notna(item_id) and str(item_id) not in known
        if item_type == "kpi" and unknown:
            problems.append(
                Problem(
                    location,
                    table,
                    "is not a KPI of the catalogue (see the kpi_catalogue sheet)",
                    numbers[position],
                    "item_id",
                    item_id,
                )
            )
        if stage == "business case":
            start, end = row["baseline_date"], row["target_date"]
            if pd.notna(start) and pd.notna(end) and end <= start:
                problems.append(
                    Problem(
                        location,
                        table,
                        f"must be after the baseline date {start:%Y-%m-%d}",
                        numbers[position],
                        "target_date",
                        f"{end:%Y-%m-%d}",
                    )
                )
    return problems
