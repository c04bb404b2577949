"""Value-measurement template (write, fill, load back), its CLI, and the reviewed export."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from vmo_lib.cli import main
from vmo_lib.currency import get_currency, set_currency
from vmo_lib.data import load_organisation
from vmo_lib.data.errors import DataError
from vmo_lib.kpis import review_catalogue
from vmo_lib.kpis.export import write_reviewed_catalogue
from vmo_lib.kpis.template import (
    STAGE_SHEETS,
    load_measurement_template,
    write_measurement_template,
)

ROWS = {
    "business_case": [
        "P-01",
        "kpi",
        "K-01",
        "On-time delivery",
        "%",
        "D-OTD",
        "higher",
        88,
        dt.date(2024, 12, 31),
        95,
        dt.date(2027, 12, 31),
        "COO",
        "Track and trace",
        "monthly",
        None,
    ],
    "in_flight": [
        "P-01",
        "benefit",
        "B-001",
        "Same-day revenue",
        "EUR",
        dt.date(2026, 6, 30),
        1.5,
        17,
        "no",
        "amber",
        "Two of five cities live",
    ],
    "closure": [
        "P-04",
        "kpi",
        "K-13",
        "Revenue from new services",
        "EUR m",
        dt.date(2025, 12, 16),
        4.2,
        "partly",
        "Head of E-commerce Sales",
        dt.date(2026, 1, 1),
        1_500_000,
        None,
    ],
    "post_closure": [
        "P-04",
        "benefit",
        "B-009",
        "Faster onboarding",
        "days",
        dt.date(2026, 9, 30),
        12,
        3354,
        "API gateway statistics",
        "60%",
        "green",
        None,
    ],
}


def filled_template(tmp_path: Path, rows: dict[str, list] | None = None) -> Path:
    blank = write_measurement_template(tmp_path / "blank.xlsx")
    workbook = load_workbook(blank)
    for sheet, row in (rows or ROWS).items():
        workbook[sheet].append(row)
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    return path


def test_template_round_trip(tmp_path: Path) -> None:
    loaded = load_measurement_template(filled_template(tmp_path))
    case = loaded.stages["business case"].iloc[0]
    assert (case["project_id"], case["item_id"], case["direction"]) == ("P-01", "K-01", "higher")
    assert (case["baseline"], case["target"]) == (88.0, 95.0)
    assert case["target_date"] == pd.Timestamp("2027-12-31")
    flight = loaded.stages["in flight"].iloc[0]
    assert (flight["on_track"], flight["status"], flight["forecast"]) == ("no", "amber", 17.0)
    closure = loaded.stages["closure"].iloc[0]
    assert closure["capability_delivered"] == "partly"
    assert closure["forecast_value"] == 1_500_000
    post = loaded.stages["post-closure"].iloc[0]
    assert post["attribution"] == pytest.approx(0.6)  # "60%" read as a share
    assert post["realised_value"] == 3354 and post["evidence"] == "API gateway statistics"
    assert all(len(frame) == 1 for frame in loaded.stages.values())


def test_template_sheets_dropdowns_and_instructions(tmp_path: Path) -> None:
    catalogue = load_organisation("harbourline").kpis
    path = write_measurement_template(tmp_path / "t.xlsx", catalogue)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [
        "Instructions",
        "business_case",
        "in_flight",
        "closure",
        "post_closure",
        "kpi_catalogue",
    ]
    for name, spec in zip(workbook.sheetnames[1:5], STAGE_SHEETS.values(), strict=True):
        assert [c.value for c in workbook[name][1]] == spec.column_names
    lists = {
        v.formula1
        for v in workbook["business_case"].data_validations.dataValidation
        if v.type == "list"
    }
    assert '"higher,lower"' in lists and '"kpi,benefit"' in lists
    status = {
        v.formula1
        for v in workbook["post_closure"].data_validations.dataValidation
        if v.type == "list"
    }
    assert '"green,amber,red"' in status
    text = " ".join(str(c.value) for row in workbook["Instructions"].iter_rows() for c in row)
    assert "capability_delivered" in text and "At handover" in text
    assert workbook["kpi_catalogue"]["A2"].value == "K-01"
    with pytest.raises(FileExistsError):
        write_measurement_template(path)


def test_load_reports_every_problem_with_its_place(tmp_path: Path) -> None:
    bad = dict(ROWS)
    bad["business_case"] = list(ROWS["business_case"])
    bad["business_case"][6] = "up"  # direction
    bad["business_case"][10] = dt.date(2023, 1, 1)  # target date before the baseline date
    bad["in_flight"] = list(ROWS["in_flight"])
    bad["in_flight"][8] = "maybe"  # on_track
    bad["post_closure"] = list(ROWS["post_closure"])
    bad["post_closure"][2] = "K-99"  # a benefit row: not checked against the KPI catalogue
    bad["closure"] = list(ROWS["closure"])
    bad["closure"][2] = "K-99"  # a KPI the catalogue does not have
    catalogue = load_organisation("harbourline").kpis
    with pytest.raises(DataError) as caught:
        load_measurement_template(filled_template(tmp_path, bad), catalogue)
    found = {(p.location, p.row, p.column, str(p.value)) for p in caught.value.problems}
    assert found == {
        ("filled.xlsx, sheet 'business_case'", 2, "direction", "up"),
        ("filled.xlsx, sheet 'business_case'", 2, "target_date", "2023-01-01"),
        ("filled.xlsx, sheet 'in_flight'", 2, "on_track", "maybe"),
        ("filled.xlsx, sheet 'closure'", 2, "item_id", "K-99"),
    }
    report = str(caught.value)
    assert "must be one of: higher, lower" in report and "is not a KPI of the catalogue" in report


def test_missing_sheet_is_a_problem(tmp_path: Path) -> None:
    path = filled_template(tmp_path)
    workbook = load_workbook(path)
    del workbook["closure"]
    workbook.save(path)
    with pytest.raises(DataError, match="sheet 'closure': the sheet is missing"):
        load_measurement_template(path)


def test_cli_writes_the_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "measure.xlsx"
    assert main(["kpi-template", str(out), "--data", "harbourline"]) == 0
    assert "kpi_catalogue" in load_workbook(out).sheetnames
    assert main(["kpi-template", str(out)]) == 2  # exists
    assert "already exists" in capsys.readouterr().err
    assert main(["kpi-template", str(out), "--force"]) == 0
    assert "kpi_catalogue" not in load_workbook(out).sheetnames
    assert main(["kpi-template", str(tmp_path / "x.csv")]) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["measure.xlsx"]  # no temp files


def _all_text(path: Path) -> str:
    workbook = load_workbook(path)
    return " ".join(
        str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row if c.value
    )


def test_template_names_the_currency_in_force(tmp_path: Path) -> None:
    """No currency is written into the template: the setting (or --currency) is."""
    previous = set_currency("GBP")
    try:
        text = _all_text(write_measurement_template(tmp_path / "gbp.xlsx"))
        assert "plain numbers in GBP" in text and "EUR" not in text
        assert main(["kpi-template", str(tmp_path / "usd.xlsx"), "--currency", "usd"]) == 0
        assert get_currency() == "GBP"  # the option does not change the setting
    finally:
        set_currency(previous)
    text = _all_text(tmp_path / "usd.xlsx")
    assert "plain numbers in USD" in text and "GBP" not in text
    assert main(["kpi-template", str(tmp_path / "bad.xlsx"), "--currency", "pounds"]) == 2


def test_reviewed_catalogue_export_is_neutralised(tmp_path: Path) -> None:
    org = load_organisation("harbourline")
    kpis = org.kpis.copy()
    kpis["name"] = kpis["name"].astype(object)
    kpis.loc[0, "name"] = '=HYPERLINK("http://x","click")'
    review = review_catalogue(kpis, org.value_drivers, "2026-09-30")
    csv_path, xlsx_path = write_reviewed_catalogue(review, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "03_kpi_catalogue_reviewed.csv",
        "03_kpi_catalogue_reviewed.xlsx",
    ]
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(csv_path.stat().st_mode) == 0o666 & ~mask  # not private like mkstemp
    frame = pd.read_csv(csv_path)
    assert frame.loc[0, "name"].startswith("'=HYPERLINK")
    assert set(frame["verdict"]) == {"ready", "fix", "rework"}
    workbook = load_workbook(xlsx_path)
    assert workbook.sheetnames == ["catalogue", "findings", "coverage"]
    assert workbook["catalogue"]["B2"].value.startswith("'=")
    assert workbook["findings"].max_row == len(review.findings) + 1
