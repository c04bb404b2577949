"""The Excel template: structure, drop-downs, no silent overwrite, and a loadable round trip."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from openpyxl import load_workbook

from vmo_lib.data import DataError, load_organisation
from vmo_lib.data.schema import TABLES, TABLES_BY_NAME
from vmo_lib.data.template import write_template


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return write_template(tmp_path_factory.mktemp("tpl") / "input.xlsx")


def test_one_sheet_per_table_with_headers(template):
    workbook = load_workbook(template)
    assert workbook.sheetnames == ["Instructions", "maturity_model", *[t.name for t in TABLES]]
    for spec in TABLES:
        header = [c.value for c in workbook[spec.name][1]]
        assert header == spec.column_names


def test_categorical_columns_have_drop_down_lists(template):
    sheet = load_workbook(template)["projects"]
    lists = {
        str(v.sqref).split(":")[0]: v.formula1
        for v in sheet.data_validations.dataValidation
        if v.type == "list"
    }
    stage_letter = "E"  # stage is the fifth column of projects
    assert TABLES_BY_NAME["projects"].column_names[4] == "stage"
    assert lists[f"{stage_letter}2"] == '"proposed,approved,in flight,closed"'
    from openpyxl.utils import get_column_letter

    names = TABLES_BY_NAME["projects"].column_names
    for column, options in (
        ("mandatory", '"true,false"'),
        ("investment_category", '"run,grow,transform"'),
    ):
        assert lists[f"{get_column_letter(names.index(column) + 1)}2"] == options


def test_refuses_to_overwrite_unless_told(template):
    before = template.read_bytes()
    with pytest.raises(FileExistsError, match="--force"):
        write_template(template)
    assert template.read_bytes() == before
    write_template(template, overwrite=True)
    assert load_workbook(template).sheetnames[0] == "Instructions"


def test_blank_template_reports_missing_projects_not_a_crash(template):
    with pytest.raises(DataError) as caught:
        load_organisation(template)
    assert "no data rows" in str(caught.value)


def _cell(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, pd.Period):
        return str(value)
    if pd.isna(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def test_filled_template_loads_back_equal(tmp_path):
    bundled = load_organisation("harbourline")
    path = write_template(tmp_path / "filled.xlsx")
    workbook = load_workbook(path)
    for spec in TABLES:
        sheet = workbook[spec.name]
        for row in getattr(bundled, spec.name).itertuples(index=False):
            sheet.append([_cell(v) for v in row])
    workbook.save(path)
    loaded = load_organisation(path)
    for spec in TABLES:
        pd.testing.assert_frame_equal(
            getattr(loaded, spec.name), getattr(bundled, spec.name), obj=spec.name
        )
    assert isinstance(loaded.projects.loc[0, "start_date"], pd.Timestamp)
    assert loaded.projects.loc[0, "start_date"] >= pd.Timestamp(dt.date(2020, 1, 1))


def test_template_gets_ordinary_file_permissions(tmp_path):
    import os
    import stat

    mask = os.umask(0o022)
    try:
        path = write_template(tmp_path / "shared.xlsx")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
