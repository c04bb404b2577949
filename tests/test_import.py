"""`vmo import`: mapping files, conversions, errors in the export's terms, atomic output."""

from __future__ import annotations

import contextlib
import io
import re
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from vmo_lib.cli import main
from vmo_lib.data import load_organisation
from vmo_lib.importer import (
    ExpressionError,
    ImportDataError,
    MappingError,
    OutputFolderError,
    compile_expression,
    dataset_notes,
    run_import,
)

HEADER = [
    "ID",
    "Title",
    "Portfolio",
    "Owner",
    "Phase",
    "Start",
    "Planned End",
    "Forecast End",
    "Planned Cost ($ M)",
    "Plan %",
    "Earned ($ M)",
    "Cost Var ($k, + = overrun)",
    "Changes",
    "Status",
    "Rank",
    "Benefit (EUR k)",
    "NPV gain ($k, - = gain)",
    "Confidence",
    "<script>alert(1)</script>",
]
ROWS = [
    ["A-1", "Portal", "Digital", "CFO", "Active", "15/01/2024", "31/12/2025", "31/03/2026",
     "1.2", "50", "0.54", "70", "2", "G", "2", "3000", "-850", "80%", "x"],
    ["A-2", "Depot", "Ops", "", "Done", "01/02/2023", "30/06/2024", "30/06/2024",
     "0.5", "100", "0.5", "-20", "", "R", "1", "900", "100", "60", "y"],
]  # fmt: skip

MAPPING = """
description: Test tool export <b>bold</b>
currency: USD
tables:
  projects:
    columns:
      project_id: ID
      name: Title
      programme: Portfolio
      sponsor: {from: Owner, default: Unassigned}
      stage: {from: Phase, values: {Active: in flight, Done: closed}}
      start_date: {from: Start, date_format: "%d/%m/%Y"}
      planned_finish: {from: Planned End, date_format: "%d/%m/%Y"}
      forecast_finish: {from: Forecast End, date_format: "%d/%m/%Y"}
      budget_at_completion: {from: Planned Cost ($ M), unit: $M}
      planned_value: {expr: "`Planned Cost ($ M)` * `Plan %` / 100", unit: $M}
      earned_value: {from: Earned ($ M), unit: $M}
      actual_cost: {expr: "`Earned ($ M)` * 1000 + `Cost Var ($k, + = overrun)`", unit: k}
      scope_changes: {from: Changes, default: 0}
      rag_status: {from: Status, values: {G: green, A: amber, R: red}}
      legacy_priority: Rank
      business_case_benefit: {from: Benefit (EUR k), unit: thousands}
      business_case_npv: {from: "NPV gain ($k, - = gain)", unit: k, sign: flip}
      probability_of_success: {from: Confidence, unit: percent}
"""


def _csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    frame = pd.DataFrame(rows, columns=header)
    frame.to_csv(path, index=False)
    return path


def _files(tmp_path: Path, rows=ROWS, mapping: str = MAPPING) -> tuple[Path, Path]:
    export = _csv(tmp_path / "export.csv", rows)
    map_file = tmp_path / "map.yaml"
    map_file.write_text(textwrap.dedent(mapping), encoding="utf-8")
    return export, map_file


def test_import_converts_units_signs_dates_and_defaults(tmp_path):
    export, map_file = _files(tmp_path)
    result = run_import(export, map_file, tmp_path / "out")
    assert result.rows == {"projects": 2} and not result.dropped
    p = load_organisation(tmp_path / "out").projects.set_index("project_id")
    # hand computation from ROWS
    assert p.loc["A-1", "budget_at_completion"] == 1_200_000
    assert p.loc["A-1", "planned_value"] == 600_000  # 1.2 $M x 50%
    assert p.loc["A-1", "actual_cost"] == 610_000  # 0.54 $M + 70 $k overrun
    assert p.loc["A-2", "actual_cost"] == 480_000  # 0.5 $M - 20 $k underrun
    assert p.loc["A-1", "business_case_npv"] == 850_000  # -850 $k "gain" flipped
    assert p.loc["A-2", "business_case_npv"] == -100_000
    assert p.loc["A-1", "business_case_benefit"] == 3_000_000
    assert p.loc["A-1", "probability_of_success"] == pytest.approx(0.8)
    assert p.loc["A-2", "probability_of_success"] == pytest.approx(0.6)
    assert p.loc["A-1", "start_date"] == pd.Timestamp("2024-01-15")
    assert p.loc["A-2", "forecast_finish"] == pd.Timestamp("2024-06-30")
    assert p.loc["A-2", "sponsor"] == "Unassigned"
    assert p.loc["A-2", "scope_changes"] == 0
    assert list(p["stage"].astype(str)) == ["in flight", "closed"]
    assert list(p["rag_status"].astype(str)) == ["green", "red"]
    report = result.report.read_text(encoding="utf-8")
    assert "2 rows read from export.csv, 2 written, 0 dropped" in report
    assert "| sponsor | mapped; **1 blank rows defaulted** |" in report
    assert (
        "Export columns not used (dropped): &lt;script&gt;alert\\(1\\)&lt;/script&gt;" not in report
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report and "<script>" not in report
    assert "&lt;b&gt;bold&lt;/b&gt;" in report
    assert "| benefits | 01_pmo_gap_analysis, 05_value_realization |" in report
    notes = dataset_notes(tmp_path / "out")
    assert (
        notes[-1] == "Derived by the mapping from other export columns: planned_value, actual_cost."
    )
    assert not any("same value for every row" in n for n in notes)  # no constant in MAPPING


def test_unreadable_cells_are_all_named_by_export_row_and_column(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][8] = "n/a"  # export row 2
    rows[1][5] = "2023-02-01"  # export row 3: not dd/mm/YYYY
    rows[1][10] = "lots"
    export, map_file = _files(tmp_path, rows)
    with pytest.raises(ImportDataError) as caught:
        run_import(export, map_file, tmp_path / "out")
    text = str(caught.value)
    assert "3 problems found in the export" in text
    assert "export.csv, export row 2, column 'Planned Cost ($ M)': 'n/a' is not a number" in text
    assert (
        "export.csv, export row 3, column 'Start': '2023-02-01' is not a date in the format "
        "%d/%m/%Y" in text
    )
    assert "export.csv, export row 3, column 'Earned ($ M)': 'lots' is not a number" in text
    assert not (tmp_path / "out").exists()


def test_workbook_rules_are_told_in_export_terms_and_rows_can_be_dropped(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[1][9] = "180"  # planned 180 % of the budget: 0.9 $M > budget 0.5 $M
    bad_status = [list(rows[0]), rows[1]]
    bad_status[0][13] = "Purple"
    export, map_file = _files(tmp_path, bad_status)
    with pytest.raises(ImportDataError) as caught:
        run_import(export, map_file, tmp_path / "out")
    text = str(caught.value)
    assert (
        "export.csv, export row 3, columns 'Plan %', 'Planned Cost ($ M)' -> "
        "projects.planned_value: '900,000' planned value cannot exceed the budget at completion"
        in text
    )
    assert "export row 2, column 'Status' -> projects.rag_status: 'Purple' must be one of" in text
    dropping = MAPPING.replace("  projects:\n", "  projects:\n    on_invalid_row: drop\n")
    export, map_file = _files(tmp_path, rows, dropping)
    result = run_import(export, map_file, tmp_path / "out")
    assert result.rows == {"projects": 1}
    assert [d.row for d in result.dropped] == [3]
    assert "| 3 | projects.planned\\_value" in result.report.read_text(encoding="utf-8")
    assert list(load_organisation(tmp_path / "out").projects["project_id"]) == ["A-1"]


def test_mapping_file_problems_are_listed_together_with_suggestions(tmp_path):
    bad = MAPPING.replace("budget_at_completion:", "budget_at_completon:")
    bad = bad.replace(
        "scope_changes: {from: Changes, default: 0}", "scope_changes: {form: Changes}"
    )
    bad = bad.replace("unit: thousands}", "unit: lakh}")
    bad += "  project:\n    columns: {name: Title}\n"
    export, map_file = _files(tmp_path, mapping=bad)
    with pytest.raises(MappingError) as caught:
        run_import(export, map_file, tmp_path / "out")
    text = str(caught.value)
    assert (
        "'budget_at_completon' is not a column of projects; did you mean 'budget_at_completion'?"
        in text
    )
    assert "'form' is not a key; did you mean 'from'?" in text
    assert "unknown unit 'lakh'" in text
    assert "'project' is not a workbook table; did you mean 'projects'?" in text
    assert "the required column 'budget_at_completion' has no rule" in text
    typo = MAPPING.replace("from: Planned Cost ($ M)", "from: Planed Cost ($M)")
    export, map_file = _files(tmp_path, mapping=typo)
    with pytest.raises(MappingError) as caught:
        run_import(export, map_file, tmp_path / "out")
    assert (
        "the export column 'Planed Cost ($M)' is not in export.csv; did you mean "
        "'Planned Cost ($ M)'?" in str(caught.value)
    )


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('echo hi')",
        "Cost.real",
        "Cost[0]",
        "'text'",
        "Cost > 1",
        "(lambda: 1)()",
        "open('x')",
        "abs(Cost, key=1)",
    ],
)
def test_expressions_refuse_anything_but_arithmetic(text):
    with pytest.raises(ExpressionError):
        compile_expression(text)


def test_expression_values_match_numpy():
    a, b = np.array([1.0, -4.0, 2.5]), np.array([3.0, 2.0, np.nan])
    expression = compile_expression("abs(a - `b b`) / max(a, `b b`) + round(a ** 2, 1) - -1")
    got = expression.evaluate(pd.DataFrame({"a": a, "b b": b})).to_numpy()
    expected = np.abs(a - b) / np.maximum(a, b) + np.round(a**2, 1) + 1
    np.testing.assert_allclose(got, expected, equal_nan=True)
    assert expression.columns == {"a", "b b"}


def test_output_folder_is_replaced_only_by_a_complete_import(tmp_path):
    export, map_file = _files(tmp_path)
    out = tmp_path / "out"
    run_import(export, map_file, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    rows = [list(r) for r in ROWS]
    rows[0][8] = "n/a"
    bad_export = _csv(tmp_path / "bad.csv", rows)
    with pytest.raises(ImportDataError):
        run_import(bad_export, map_file, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(OutputFolderError):
        run_import(export, map_file, other)
    assert (other / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_command_line(tmp_path):
    export, map_file = _files(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(
            ["import", str(export), "--mapping", str(map_file), "--out", str(tmp_path / "ds")]
        )
    assert status == 0, err.getvalue()
    assert "projects 2 rows; 0 export rows dropped" in out.getvalue()
    assert (tmp_path / "ds" / "projects.csv").is_file()
    rows = [list(r) for r in ROWS]
    rows[0][8] = "n/a"
    _csv(export, rows)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(
            ["import", str(export), "--mapping", str(map_file), "--out", str(tmp_path / "d2")]
        )
    assert status == 1
    assert "column 'Planned Cost ($ M)': 'n/a' is not a number" in err.getvalue()


def test_excel_and_folder_exports_read_the_named_sheet_or_file(tmp_path):
    frame = pd.DataFrame(ROWS, columns=HEADER)
    workbook = tmp_path / "export.xlsx"
    with pd.ExcelWriter(workbook) as writer:
        frame.to_excel(writer, sheet_name="Portfolio", index=False)
    mapping = MAPPING.replace("  projects:\n", "  projects:\n    file: Portfolio\n")
    _, map_file = _files(tmp_path, mapping=mapping)
    result = run_import(workbook, map_file, tmp_path / "from_xlsx")
    projects = load_organisation(result.out).projects
    assert projects["budget_at_completion"].tolist() == [1_200_000, 500_000]
    folder = tmp_path / "folder"
    folder.mkdir()
    _csv(folder / "Portfolio", ROWS)
    result = run_import(folder, map_file, tmp_path / "from_folder")
    assert result.rows == {"projects": 2}
    wrong = MAPPING.replace("  projects:\n", "  projects:\n    file: Sheet9\n")
    _, map_file = _files(tmp_path, mapping=wrong)
    with pytest.raises(
        ImportDataError, match=re.escape("export.xlsx has no sheet 'Sheet9' (sheets: Portfolio)")
    ):
        run_import(workbook, map_file, tmp_path / "nope")


def test_constants_are_checked_against_the_column_kind(tmp_path):
    bad = MAPPING.replace(
        "scope_changes: {from: Changes, default: 0}", "scope_changes: {value: many}"
    )
    export, map_file = _files(tmp_path, mapping=bad)
    with pytest.raises(
        MappingError, match=re.escape("scope_changes.value: 'many' must be a number")
    ):
        run_import(export, map_file, tmp_path / "out")


def test_unreadable_cells_and_broken_rules_are_reported_together(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][8] = "n/a"  # export row 2: unreadable (its blank budget is not reported again)
    rows[1][9] = "180"  # export row 3: planned 0.9 $M > budget 0.5 $M
    export, map_file = _files(tmp_path, rows)
    with pytest.raises(ImportDataError) as caught:
        run_import(export, map_file, tmp_path / "out")
    problems = [str(p) for p in caught.value.problems]
    assert problems == [
        "export.csv, export row 2, column 'Planned Cost ($ M)': 'n/a' is not a number",
        "export.csv, export row 3, columns 'Plan %', 'Planned Cost ($ M)' -> "
        "projects.planned_value: '900,000' planned value cannot exceed the budget at completion",
    ]


def test_mandatory_and_investment_category_can_be_mapped_and_default_to_blank(tmp_path):
    extra = zip(["Y", ""], ["Run", "CHANGE"], strict=True)
    rows = [[*row, legal, kind] for row, (legal, kind) in zip(ROWS, extra, strict=True)]
    header = [*HEADER, "Legal duty", "Type"]
    export = _csv(tmp_path / "export.csv", rows, header)
    mapping = MAPPING + textwrap.indent(
        textwrap.dedent(
            """\
            mandatory: {from: Legal duty, values: {"Y": "true", "N": "false"}, default: "false"}
            investment_category: {from: Type, values: {CHANGE: transform}}
            """
        ),
        " " * 6,
    )
    map_file = tmp_path / "map.yaml"
    map_file.write_text(textwrap.dedent(mapping), encoding="utf-8")
    run_import(export, map_file, tmp_path / "out")
    p = load_organisation(tmp_path / "out").projects.set_index("project_id")
    assert p["mandatory"].astype(str).tolist() == ["true", "false"]
    assert p["investment_category"].astype(str).tolist() == ["run", "transform"]
    (tmp_path / "plain").mkdir()
    export, map_file = _files(tmp_path / "plain")  # the mapping leaves both columns out
    run_import(export, map_file, tmp_path / "out2")
    plain = load_organisation(tmp_path / "out2").projects
    assert plain["mandatory"].isna().all() and plain["investment_category"].isna().all()
