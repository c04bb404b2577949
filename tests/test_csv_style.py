"""CSV exports in the European style (issue 19): ';' separated, decimal comma, 4 decimals,
UTF-8 with a byte-order mark, still formula-neutralised and written atomically."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from vmo_lib.display import csv_style
from vmo_lib.display.csv_style import CsvStyleError, get_csv_style, set_csv_style
from vmo_lib.display.tables import write_csv
from vmo_lib.portfolio.export import write_tables


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project": ["P-01", '=HYPERLINK("x")', "Café; déjà vu"],
            "budget": [1_234_567.891234, 0.5, np.nan],
            "cpi": [0.952380952380, 1.0, 1 / 3],
            "scope_changes": [3, 0, 12],
            "finish": ["2026-09-30", "2027-01-15", "2026-12-31"],
        }
    )


@pytest.fixture(autouse=True)
def _restore_style():
    previous = get_csv_style()
    yield
    set_csv_style(previous)


def test_european_csv_reads_back_with_semicolon_and_decimal_comma(tmp_path):
    frame = _frame()
    path = write_csv(frame, tmp_path / "out.csv", style="european")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0] == "project;budget;cpi;scope_changes;finish"
    assert "1234567,8912;" in text  # 4 decimals, decimal comma, no thousands separator
    assert ";0,9524;" in text
    back = pd.read_csv(path, sep=";", decimal=",")
    assert list(back.columns) == list(frame.columns)
    pd.testing.assert_series_equal(back["budget"], frame["budget"].round(4))
    np.testing.assert_allclose(back["cpi"], frame["cpi"], atol=5e-5)  # to the stated precision
    pd.testing.assert_series_equal(back["scope_changes"], frame["scope_changes"])
    # text: the formula neutralised, the separator inside a name quoted, accents kept
    assert back["project"].tolist() == ["P-01", '\'=HYPERLINK("x")', "Café; déjà vu"]
    assert back["finish"].tolist() == frame["finish"].tolist()
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary file left


def test_standard_csv_is_unchanged_full_precision(tmp_path):
    frame = _frame()
    path = write_csv(frame, tmp_path / "out.csv")
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path)
    pd.testing.assert_series_equal(back["cpi"], frame["cpi"])  # exact: nothing rounded
    assert back["project"][1] == '\'=HYPERLINK("x")'


def test_the_run_setting_applies_to_every_export_that_names_no_style(tmp_path):
    previous = set_csv_style("european")
    assert previous.name == "standard"
    written = write_tables({"ranked": _frame()}, tmp_path, "04_portfolio")
    text = written[0].read_text(encoding="utf-8-sig")
    assert text.startswith("project;budget;") and "0,3333" in text
    # an explicit style still wins over the setting
    plain = write_csv(_frame(), tmp_path / "plain.csv", style="standard")
    assert plain.read_text(encoding="utf-8").startswith("project,budget,")


def test_floats_inside_text_columns_take_the_decimal_comma(tmp_path):
    mixed = pd.DataFrame({"id": [1, 2, 3], "value": [0.123456, "n/a", None]})
    path = write_csv(mixed, tmp_path / "m.csv", style="european")
    assert path.read_text(encoding="utf-8-sig").splitlines()[1:] == ["1;0,1235", "2;n/a", "3;"]


def test_unknown_style_is_refused_with_the_choices():
    with pytest.raises(CsvStyleError, match="standard, european"):
        write_csv(pd.DataFrame({"a": [1]}), "unused.csv", style="french")
    assert set(csv_style.CSV_STYLES) == {"standard", "european"}


NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("0*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_declares_and_applies_the_csv_style(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    parameters = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    declared = re.search(
        r'^csv_style: Choice\["standard", "european"\] = "standard"  # ',
        "".join(parameters[0]["source"]),
        re.M,
    )
    assert declared
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "set_csv_style(csv_style)" in code


@pytest.mark.parametrize("command", [["run", "00_portfolio_baseline"], ["handouts"]])
def test_csv_style_option_is_the_csv_style_parameter(command):
    from vmo_lib.cli import build_parser
    from vmo_lib.cli.common import values_of

    args = build_parser().parse_args([*command, "--csv-style", "european", "-p", "x", "1"])
    assert values_of(args)[0] == {"x": "1", "csv_style": "european"}
    plain = build_parser().parse_args(command)
    assert "csv_style" not in values_of(plain)[0]
    with pytest.raises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
        build_parser().parse_args([*command, "--csv-style", "french"])
