"""Handout tables: numbers formatted for reading, every text cell escaped; safe exports."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from vmo_lib.baseline import KeyFigure
from vmo_lib.display import tables

ATTACK = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def _html(**kwargs: object) -> str:
    frame = pd.DataFrame(
        {
            "name": pd.array([ATTACK, None], dtype="string"),
            "budget": [1234567.8, np.nan],
            "share": [0.123, 0.5],
            "cpi": [0.89285, 1.0],
            "changes": pd.array([1234, None], dtype="Int64"),
            "finish": pd.to_datetime(["2026-09-30", None]),
        }
    )
    return tables.format_table(
        frame,
        money=["budget"],
        percent=["share"],
        ratio=["cpi"],
        integer=["changes"],
        dates=["finish"],
        **kwargs,  # type: ignore[arg-type]
    ).to_html()


def test_text_cells_are_escaped() -> None:
    html = _html()
    assert ESCAPED in html
    assert "<script>" not in html


def test_caption_and_headers_are_escaped() -> None:
    html = _html(caption=ATTACK, labels={"budget": "<b>Budget</b>"})
    assert f"<caption>{ESCAPED}</caption>" in html
    assert "&lt;b&gt;Budget&lt;/b&gt;" in html
    assert "<script>" not in html and "<b>" not in html


def test_numbers_are_formatted() -> None:
    html = _html()
    assert "EUR 1,234,568" in html
    assert "12.3%" in html
    assert "0.89" in html and "0.89285" not in html
    assert "1,234" in html
    assert "2026-09-30" in html


def test_blanks_show_as_dash_and_index_is_hidden() -> None:
    html = _html()
    assert html.count(f">{tables.NA_TEXT}<") == 4  # name, budget, changes, finish of row 2
    assert "row_heading" not in html  # hidden index


def test_currency_and_unlisted_columns() -> None:
    frame = pd.DataFrame({"cost": [-1000.0], "other": [1234.5], "count": [12345]})
    html = tables.format_table(frame, money=["cost"], currency="GBP").to_html()
    assert "-GBP 1,000" in html
    assert "1,234.50" in html and "12,345" in html


def test_unknown_column_is_an_error() -> None:
    with pytest.raises(KeyError, match="no column"):
        tables.format_table(pd.DataFrame({"a": [1]}), money=["b"])


def test_key_figures_table() -> None:
    figures = [
        KeyFigure("Rate", 0.123, "percent"),
        KeyFigure("Budget", 1234567.8, "money"),
        KeyFigure(ATTACK, 3, "integer"),
    ]
    html = tables.format_key_figures(figures, caption="Key figures").to_html()
    assert "12.3%" in html and "EUR 1,234,568" in html
    assert ESCAPED in html and "<script>" not in html


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("plain text", "plain text"),
        ("", ""),
        (-5, -5),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_neutralise_formula(value: object, expected: object) -> None:
    assert tables.neutralise_formula(value) == expected


def test_neutralise_frame_touches_text_only() -> None:
    frame = pd.DataFrame(
        {
            "name": pd.array(["=HYPERLINK(1)", "ok", None], dtype="string"),
            "note": ["@x", 5, "-y"],  # object column mixing text and numbers
            "amount": [-1.0, 2.0, 3.0],
            "stage": pd.Categorical(["+a", "b", "b"]),
            "=header": [1, 2, 3],
        }
    )
    safe = tables.neutralise_frame(frame)
    assert safe["name"].tolist()[:2] == ["'=HYPERLINK(1)", "ok"]
    assert pd.isna(safe["name"].iloc[2])
    assert safe["note"].tolist() == ["'@x", 5, "'-y"]
    assert safe["amount"].tolist() == [-1.0, 2.0, 3.0]
    assert safe["stage"].tolist() == ["'+a", "b", "b"]
    assert "'=header" in safe.columns
    assert frame["name"].iloc[0] == "=HYPERLINK(1)"  # input untouched


def test_yes_no_flags() -> None:
    frame = pd.DataFrame({"on_time": pd.array([True, False, None], dtype="boolean")})
    html = tables.format_table(frame, yes_no=["on_time"]).to_html()
    assert ">yes<" in html and ">no<" in html and f">{tables.NA_TEXT}<" in html


def test_write_csv_neutralises_and_labels(tmp_path) -> None:  # type: ignore[no-untyped-def]
    frame = pd.DataFrame({"name": ["=cmd|' /C calc'!A0", "ok"], "cost": [-5.0, 2.0]})
    path = tables.write_csv(frame, tmp_path / "out" / "table.csv", labels={"cost": "Cost"})
    text = path.read_text(encoding="utf-8").splitlines()
    assert text[0] == "name,Cost"
    assert text[1].startswith("'=cmd")
    assert text[1].endswith(",-5.0")  # numbers stay numbers


def test_text_is_left_aligned_and_figures_right_aligned_on_one_line():
    frame = pd.DataFrame({"name": ["Portal"], "budget": [1_200_000.0], "cpi": [0.91]})
    page = tables.format_table(frame, money=["budget"]).to_html()
    rules = dict(re.findall(r"(t[dh]\.col\d) \{\s*([^}]*?)\s*\}", page))
    assert rules["td.col0"] == rules["th.col0"] == "text-align: left;"
    assert rules["td.col1"].split() == ["text-align:", "right;", "white-space:", "nowrap;"]
    assert rules["th.col1"] == "text-align: right;"
    assert rules["td.col2"].startswith("text-align: right;")
