"""Exports of notebook 04: CSV and Excel, formula injection neutralised, written atomically."""

from __future__ import annotations

import os

import pandas as pd
import pytest
from openpyxl import load_workbook

from vmo_lib.portfolio.export import write_tables


def test_csv_and_excel_neutralise_formulas_and_leave_no_temporary_files(tmp_path):
    frame = pd.DataFrame(
        {"project_id": ["P-1", "P-2"], "name": ['=HYPERLINK("x")', "@SUM(A1)"], "cost": [-5.0, 3.0]}
    )
    written = write_tables({"funded_set": frame}, tmp_path, "04_portfolio", {"name": "Name"})
    assert [p.name for p in written] == ["04_portfolio_funded_set.csv", "04_portfolio.xlsx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
    csv = pd.read_csv(tmp_path / "04_portfolio_funded_set.csv")
    assert csv["Name"].tolist() == ['\'=HYPERLINK("x")', "'@SUM(A1)"]
    assert csv["cost"].tolist() == [-5.0, 3.0]  # numbers stay numbers
    sheet = load_workbook(tmp_path / "04_portfolio.xlsx")["funded_set"]
    cells = [c.value for c in sheet["B"]]
    assert cells == ["Name", '\'=HYPERLINK("x")', "'@SUM(A1)"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    umask = os.umask(0)
    os.umask(umask)
    for path in written:  # not the 0600 of a temporary file
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_failed_write_keeps_the_previous_file(tmp_path, monkeypatch):
    good = pd.DataFrame({"a": [1]})
    write_tables({"t": good}, tmp_path, "x")
    before = (tmp_path / "x_t.csv").read_text()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", broken)
    with pytest.raises(OSError, match="disk full"):
        write_tables({"t": pd.DataFrame({"a": [2]})}, tmp_path, "x")
    assert (tmp_path / "x_t.csv").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.xlsx", "x_t.csv"]


def test_export_paths_are_the_files_write_tables_writes(tmp_path):
    from vmo_lib.display.listing import export_link_html
    from vmo_lib.portfolio.export import export_paths

    folder = tmp_path / "outputs" / "04_portfolio_reranking"
    paths = export_paths(folder, "04_portfolio", ("reranked_portfolio", "funded_set"))
    frames = {"reranked_portfolio": pd.DataFrame({"a": [1]}), "funded_set": pd.DataFrame()}
    written = write_tables(frames, folder, "04_portfolio")
    assert sorted(written) == sorted(paths.values())
    link = export_link_html(paths["reranked_portfolio"])
    assert link == (
        '<a href="outputs/04_portfolio_reranking/04_portfolio_reranked_portfolio.csv">'
        "04_portfolio_reranked_portfolio.csv</a>"
    )
