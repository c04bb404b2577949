"""Bad input gets a clear error: every problem at once, pointing at file, row, column, value.

Each test starts from a small valid dataset written as CSV text, breaks one thing the way a
user would, and checks the message names the right place and rule.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from vmo_lib.data import DataError, load_organisation
from vmo_lib.data.validate import EV_ABOVE_BAC, is_warning

HEADER = (
    "project_id,name,programme,sponsor,stage,start_date,planned_finish,forecast_finish,"
    "budget_at_completion,planned_value,earned_value,actual_cost,scope_changes,rag_status,"
    "legacy_priority,business_case_benefit,business_case_npv,probability_of_success,"
    "benefit_owner,comments"
)
ROWS = [
    "P-01,Customer portal,Digital,CCO,in flight,2024-01-15,2025-12-31,2026-03-31,"
    "1200000,600000,540000,610000,2,amber,2,3000000,850000,0.8,Head of Sales,",
    "P-02,Route optimiser,Network,COO,closed,2023-03-01,2024-06-30,2024-07-31,"
    "800000,800000,800000,760000,0,green,1,1500000,400000,0.9,,On track",
    "P-03,ERP upgrade,Core,CFO,proposed,2026-01-01,2027-06-30,2027-06-30,"
    "2000000,0,0,0,0,green,3,2500000,,,,",
]
DRIVERS = (
    "driver_id,parent_id,name,category,description\n"
    "O-GROW,,Grow revenue,strategic,\n"
    "D-REV,O-GROW,Revenue from new services,financial,\n"
    "D-NPS,O-GROW,Customer experience,business,\n"
)
CONTRIBUTIONS = "project_id,driver_id,contribution\nP-01,D-REV,4\nP-02,D-NPS,1\n"


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


def dataset(tmp_path: Path, rows: list[str] | None = None, header: str = HEADER, **extra: str):
    projects = "\n".join([header, *(ROWS if rows is None else rows)]) + "\n"
    files: dict[str, str | bytes] = {
        "projects.csv": projects,
        "value_drivers.csv": DRIVERS,
        "project_contributions.csv": CONTRIBUTIONS,
    }
    files.update({f"{name}.csv": text for name, text in extra.items()})
    return write(tmp_path / "org", files)


def replace_cell(row: str, column: str, value: str) -> str:
    cells = row.split(",")
    cells[HEADER.split(",").index(column)] = value
    return ",".join(cells)


def problems_of(folder: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_organisation(folder)
    return caught.value.problems


def only_problem(folder: Path):
    problems = problems_of(folder)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]


def test_valid_fixture_loads_with_types(tmp_path):
    org = load_organisation(dataset(tmp_path))
    projects = org.projects
    assert list(projects["project_id"]) == ["P-01", "P-02", "P-03"]
    assert projects["budget_at_completion"].dtype == "float64"
    assert projects["start_date"].dtype.kind == "M"
    assert projects["scope_changes"].dtype == "Int64"
    assert list(projects["stage"].cat.categories) == [
        "proposed",
        "approved",
        "in flight",
        "closed",
    ]
    assert pd.isna(projects.loc[2, "probability_of_success"])
    assert "cashflows" in org.missing and "projects" not in org.missing
    assert list(org.cashflows.columns) == [
        "project_id",
        "year",
        "investment_cost",
        "expected_benefit",
    ]


def test_missing_required_column_names_header_row_and_column(tmp_path):
    header = HEADER.replace(",actual_cost", "")
    rows = [",".join(r.split(",")[:11] + r.split(",")[12:]) for r in ROWS]
    problem = only_problem(dataset(tmp_path, rows, header))
    assert (problem.location, problem.row, problem.column) == ("projects.csv", 1, "actual_cost")
    assert "missing" in problem.rule


def test_text_in_number_column(tmp_path):
    rows = [ROWS[0], replace_cell(ROWS[1], "actual_cost", "12k"), ROWS[2]]
    problem = only_problem(dataset(tmp_path, rows))
    assert (problem.row, problem.column, problem.value) == (3, "actual_cost", "12k")
    assert "must be a number" in problem.rule


def test_out_of_range_share(tmp_path):
    rows = [replace_cell(ROWS[0], "probability_of_success", "1.5"), *ROWS[1:]]
    problem = only_problem(dataset(tmp_path, rows))
    assert (problem.row, problem.column) == (2, "probability_of_success")
    assert "between 0 and 1" in problem.rule


def test_negative_money(tmp_path):
    rows = [ROWS[0], ROWS[1], replace_cell(ROWS[2], "budget_at_completion", "-5")]
    problem = only_problem(dataset(tmp_path, rows))
    assert (problem.row, problem.column, problem.rule) == (
        4,
        "budget_at_completion",
        "must be at least 0",
    )


def test_duplicate_id_points_at_both_rows(tmp_path):
    rows = [ROWS[0], ROWS[1], replace_cell(ROWS[2], "project_id", "P-01")]
    problem = only_problem(dataset(tmp_path, rows))
    assert (problem.row, problem.column, problem.value) == (4, "project_id", "P-01")
    assert "already used on row 2" in problem.rule


def test_duplicate_legacy_priority(tmp_path):
    rows = [ROWS[0], ROWS[1], replace_cell(ROWS[2], "legacy_priority", "2")]
    problem = only_problem(dataset(tmp_path, rows))
    assert (problem.row, problem.column) == (4, "legacy_priority")


def test_dangling_project_reference(tmp_path):
    cashflows = "project_id,year,investment_cost,expected_benefit\nP-01,2025,1,2\nP-99,2025,1,2\n"
    problem = only_problem(dataset(tmp_path, cashflows=cashflows))
    assert (problem.location, problem.row, problem.column, problem.value) == (
        "cashflows.csv",
        3,
        "project_id",
        "P-99",
    )
    assert "no project with this id in 'projects'" in problem.rule


def test_empty_file(tmp_path):
    problem = only_problem(dataset(tmp_path, cashflows=""))
    assert problem.location == "cashflows.csv"
    assert "empty" in problem.rule


def test_wrong_separator(tmp_path):
    cashflows = "project_id|year|investment_cost|expected_benefit\nP-01|2025|1|2\n"
    problem = only_problem(dataset(tmp_path, cashflows=cashflows))
    assert (problem.location, problem.row) == ("cashflows.csv", 1)
    assert "commas or semicolons" in problem.rule


def test_bom_and_header_spelling_are_tolerated(tmp_path):
    header = HEADER.replace("project_id", "Project ID").replace("budget_at_completion", " BAC ")
    folder = dataset(tmp_path, header=header)
    path = folder / "projects.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    org = load_organisation(folder)
    assert org.projects["budget_at_completion"].sum() == 4_000_000


def test_semicolons_decimal_commas_and_thousands(tmp_path):
    cashflows = (
        "project_id;year;investment_cost;expected_benefit\n"
        'P-01;2025;"1.250.000,50";  € 2 000 \n'
        "P-02;2024;1250,5;300\n"
    )
    org = load_organisation(dataset(tmp_path, cashflows=cashflows))
    assert org.cashflows["investment_cost"].tolist() == [1_250_000.5, 1250.5]
    assert org.cashflows["expected_benefit"].tolist() == [2000.0, 300.0]


def test_thousands_separator_in_comma_file(tmp_path):
    rows = [replace_cell(ROWS[0], "budget_at_completion", '"1,200,000"'), *ROWS[1:]]
    org = load_organisation(dataset(tmp_path, rows))
    assert org.projects.loc[0, "budget_at_completion"] == 1_200_000


def test_unknown_category_lists_allowed_values(tmp_path):
    rows = [replace_cell(ROWS[0], "stage", "ongoing"), *ROWS[1:]]
    problem = only_problem(dataset(tmp_path, rows))
    assert (problem.row, problem.column, problem.value) == (2, "stage", "ongoing")
    assert "proposed, approved, in flight, closed" in problem.rule


def test_category_spelling_is_tolerated(tmp_path):
    rows = [replace_cell(ROWS[0], "stage", " In_Flight "), *ROWS[1:]]
    org = load_organisation(dataset(tmp_path, rows))
    assert org.projects.loc[0, "stage"] == "in flight"


def test_impossible_date(tmp_path):
    rows = [replace_cell(ROWS[0], "planned_finish", "31/13/2026"), *ROWS[1:]]
    problem = only_problem(dataset(tmp_path, rows))
    assert (problem.row, problem.column) == (2, "planned_finish")
    assert "YYYY-MM-DD" in problem.rule


def test_day_first_dates_are_read(tmp_path):
    rows = [replace_cell(ROWS[0], "planned_finish", "31/12/2025"), *ROWS[1:]]
    org = load_organisation(dataset(tmp_path, rows))
    assert org.projects.loc[0, "planned_finish"] == pd.Timestamp("2025-12-31")


def test_a_month_first_column_is_read_month_first_throughout(tmp_path):
    # 09/30/2026 can only be month-first, so 03/04/2026 in the same column is 4 March.
    rows = [
        replace_cell(ROWS[0], "planned_finish", "09/30/2026"),
        replace_cell(ROWS[1], "planned_finish", "03/04/2026"),
        ROWS[2],
    ]
    org = load_organisation(dataset(tmp_path, rows))
    assert org.projects.loc[0, "planned_finish"] == pd.Timestamp("2026-09-30")
    assert org.projects.loc[1, "planned_finish"] == pd.Timestamp("2026-03-04")


def test_day_first_and_month_first_in_one_column_is_a_problem(tmp_path):
    rows = [
        replace_cell(ROWS[0], "planned_finish", "31/01/2027"),
        replace_cell(ROWS[1], "planned_finish", "01/31/2027"),
        ROWS[2],
    ]
    problem = only_problem(dataset(tmp_path, rows))
    assert (problem.row, problem.column, problem.value) == (3, "planned_finish", "01/31/2027")
    assert "both day-first (31/01/2027) and month-first" in problem.rule


def test_blank_required_value(tmp_path):
    rows = [ROWS[0], replace_cell(ROWS[1], "name", "  "), ROWS[2]]
    problem = only_problem(dataset(tmp_path, rows))
    assert (problem.row, problem.column, problem.rule) == (3, "name", "a value is required")


def test_decimal_in_whole_number_column(tmp_path):
    rows = [replace_cell(ROWS[0], "scope_changes", "2.5"), *ROWS[1:]]
    problem = only_problem(dataset(tmp_path, rows))
    assert (problem.row, problem.column) == (2, "scope_changes")
    assert "whole number" in problem.rule


def test_earned_value_above_budget_is_a_warning_that_does_not_stop_loading(tmp_path):
    # Scope grew without a new baseline (ANSI/EIA-748 calls for a re-baseline): the rows load,
    # and the warning names file, table, row, column, value and rule like an error does.
    rows = [replace_cell(ROWS[0], "earned_value", "1300000"), *ROWS[1:]]
    org = load_organisation(dataset(tmp_path, rows))
    assert len(org.projects) == 3
    (warning,) = org.warnings
    assert is_warning(warning)
    assert (warning.location, warning.table) == ("projects.csv", "projects")
    assert (warning.row, warning.column, warning.value) == (2, "earned_value", "1,300,000")
    assert warning.rule == EV_ABOVE_BAC.rule
    assert "re-baseline" in str(warning) and "row 2" in str(warning)
    assert float(org.projects.loc[0, "earned_value"]) == 1_300_000  # kept as reported


def test_warnings_do_not_hide_errors_and_are_not_reported_as_errors(tmp_path):
    rows = [
        replace_cell(ROWS[0], "earned_value", "1300000"),
        replace_cell(ROWS[1], "planned_value", "900000"),
        ROWS[2],
    ]
    problem = only_problem(dataset(tmp_path, rows))
    assert (problem.row, problem.column) == (3, "planned_value")
    assert "cannot exceed the budget" in problem.rule and not is_warning(problem)


def test_valid_data_has_no_warnings(tmp_path):
    assert load_organisation(dataset(tmp_path)).warnings == ()


def test_finish_before_start(tmp_path):
    rows = [replace_cell(ROWS[0], "forecast_finish", "2023-01-01"), *ROWS[1:]]
    problem = only_problem(dataset(tmp_path, rows))
    assert (problem.row, problem.column) == (2, "forecast_finish")


def test_stray_separator_adds_a_value(tmp_path):
    rows = [ROWS[0] + ",extra", *ROWS[1:]]
    problem = only_problem(dataset(tmp_path, rows))
    assert problem.row == 2
    assert "the header has 20 columns" in problem.rule


def test_not_utf8(tmp_path):
    folder = dataset(tmp_path)
    text = (folder / "projects.csv").read_text().replace("Customer portal", "Portail café")
    (folder / "projects.csv").write_bytes(text.encode("latin-1"))
    problem = only_problem(folder)
    assert problem.location == "projects.csv"
    assert "UTF-8" in problem.rule and problem.row == 2


def test_misspelled_file_name_and_missing_required_table(tmp_path):
    folder = dataset(tmp_path)
    (folder / "projects.csv").rename(folder / "Project.csv")
    problems = problems_of(folder)
    assert any("did you mean 'projects'" in p.rule for p in problems)


def test_missing_required_table(tmp_path):
    folder = dataset(tmp_path)
    (folder / "projects.csv").unlink()
    problems = problems_of(folder)
    assert any("required table 'projects' is missing" in p.rule for p in problems)


def test_duplicate_header(tmp_path):
    header = HEADER.replace("comments", "Project_ID")
    problem = only_problem(dataset(tmp_path, header=header))
    assert (problem.row, problem.column) == (1, "Project_ID")
    assert "twice" in problem.rule


def test_blank_lines_keep_row_numbers_as_in_the_file(tmp_path):
    rows = [ROWS[0], "", "", replace_cell(ROWS[1], "actual_cost", "abc"), ROWS[2]]
    problem = only_problem(dataset(tmp_path, rows))
    assert problem.row == 5


def test_line_breaks_in_quoted_cells_keep_the_rows_excel_shows(tmp_path):
    """A comment holding line breaks is one Excel row: later rows keep Excel's numbers."""
    # Rows as Excel shows them: header 1, P-01 2 (a 3-line comment), P-02 3, P-03 4 (2 lines).
    first = replace_cell(ROWS[0], "comments", '"Steering committee:\nre-plan agreed\nin May"')
    second = replace_cell(ROWS[1], "actual_cost", "abc")
    third = replace_cell(ROWS[2], "comments", '"Waiting for\nfunding"')
    fourth = replace_cell(replace_cell(ROWS[2], "project_id", "P-04"), "legacy_priority", "4")
    fourth = replace_cell(fourth, "stage", "launched")
    problems = problems_of(dataset(tmp_path, [first, second, third, fourth]))
    assert sorted((p.row, p.column) for p in problems) == [(3, "actual_cost"), (5, "stage")]


def test_not_utf8_after_a_line_break_in_a_quoted_cell_names_the_excel_row(tmp_path):
    row = replace_cell(ROWS[0], "comments", '"two\nlines"')
    folder = dataset(tmp_path, [row, ROWS[1]])
    text = (folder / "projects.csv").read_text().replace("Route optimiser", "Itinéraire")
    (folder / "projects.csv").write_bytes(text.encode("latin-1"))
    problem = only_problem(folder)
    assert "UTF-8" in problem.rule and problem.row == 3


def test_driver_cycle_and_non_leaf_contribution(tmp_path):
    drivers = DRIVERS + "D-X,D-Y,Loop one,financial,\nD-Y,D-X,Loop two,financial,\n"
    folder = dataset(tmp_path, value_drivers=drivers)
    (folder / "project_contributions.csv").write_text(CONTRIBUTIONS + "P-03,O-GROW,2\n")
    rules = {(p.table, p.row, p.column): p.rule for p in problems_of(folder)}
    assert "cycle" in rules[("value_drivers", 5, "parent_id")]
    assert "cycle" in rules[("value_drivers", 6, "parent_id")]
    assert "leaf drivers only" in rules[("project_contributions", 4, "driver_id")]


def test_judgements_must_compare_siblings(tmp_path):
    drivers = DRIVERS + "O-CUST,,Reliable partner,strategic,\n"
    judgements = (
        "executive,driver_a,driver_b,judgement\n"
        "CEO,O-GROW,O-CUST,3\n"  # two objectives: fine
        "CEO,D-REV,D-NPS,2\n"  # two drivers of one objective: fine
        "CEO,O-GROW,D-NPS,5\n"  # an objective against a driver
    )
    folder = dataset(tmp_path, value_drivers=drivers, driver_judgements=judgements)
    problems = [p for p in problems_of(folder) if p.table == "driver_judgements"]
    assert [(p.row, p.column, p.value) for p in problems] == [(4, "driver_b", "D-NPS")]
    assert "under the same parent" in problems[0].rule


def test_all_problems_reported_together_in_one_message(tmp_path):
    rows = [
        replace_cell(ROWS[0], "stage", "ongoing"),
        replace_cell(ROWS[1], "actual_cost", "n/a"),
        replace_cell(ROWS[2], "rag_status", "blue"),
    ]
    cashflows = "project_id,year,investment_cost,expected_benefit\nP-77,1999,1,2\n"
    with pytest.raises(DataError) as caught:
        load_organisation(dataset(tmp_path, rows, cashflows=cashflows))
    message = str(caught.value)
    assert message.startswith("5 problems found in")
    assert "projects.csv, row 2, column 'stage': value 'ongoing'" in message
    assert "projects.csv, row 3, column 'actual_cost': value 'n/a': must be a number" in message
    assert "projects.csv, row 4, column 'rag_status'" in message
    assert "cashflows.csv, row 2, column 'year': value '1999': must be between 2000" in message
    assert "cashflows.csv, row 2, column 'project_id': value 'P-77'" in message
    assert "Traceback" not in message


def test_inputs_are_never_modified(tmp_path):
    rows = [replace_cell(ROWS[0], "stage", "ongoing"), *ROWS[1:]]
    folder = dataset(tmp_path, rows)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    with pytest.raises(DataError):
        load_organisation(folder)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert before == after


def test_unknown_source_lists_bundled_datasets(tmp_path):
    with pytest.raises(FileNotFoundError, match="bundled"):
        load_organisation(tmp_path / "nowhere")


def test_workbook_problems_name_sheet_and_excel_row(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Projects"
    sheet.append(HEADER.split(","))
    for row in ROWS:
        sheet.append(row.split(","))
    sheet["L3"] = "lots"
    path = tmp_path / "org.xlsx"
    workbook.save(path)
    problem = only_problem(path)
    assert (problem.location, problem.row, problem.column, problem.value) == (
        "org.xlsx, sheet 'Projects'",
        3,
        "actual_cost",
        "lots",
    )


def test_dot_thousands_in_a_semicolon_file(tmp_path):
    cashflows = "project_id;year;investment_cost;expected_benefit\nP-01;2025;700.000;1.250.000\n"
    org = load_organisation(dataset(tmp_path, cashflows=cashflows))
    assert org.cashflows.loc[0, "investment_cost"] == 700_000
    assert org.cashflows.loc[0, "expected_benefit"] == 1_250_000


def test_cross_column_rules_run_beside_cell_errors_and_report_in_row_order(tmp_path):
    rows = [
        replace_cell(ROWS[0], "forecast_finish", "2023-01-01"),
        replace_cell(ROWS[1], "stage", "clossed"),
        replace_cell(ROWS[2], "project_id", "P-01"),
    ]
    problems = problems_of(dataset(tmp_path, rows))
    assert [(p.row, p.column) for p in problems] == [
        (2, "forecast_finish"),
        (3, "stage"),
        (4, "project_id"),
    ]
    assert problems[0].value == "2023-01-01"


def test_every_row_rule_is_in_the_data_dictionary():
    from vmo_lib.data.dictionary import README, data_dictionary_markdown, generated_section
    from vmo_lib.data.validate import ROW_RULES

    text = data_dictionary_markdown()
    assert generated_section(README.read_text(encoding="utf-8")) == text
    for rule in ROW_RULES:
        assert f"**{rule.severity}**: {rule.condition} (otherwise: {rule.rule})" in text
    assert "**warning**: `earned_value` <= `budget_at_completion`" in text
    assert "**error**: `planned_value` <= `budget_at_completion`" in text


def test_the_loader_reports_the_dictionary_text_of_each_row_rule(tmp_path):
    from vmo_lib.data.validate import ROW_RULES

    broken = replace_cell(ROWS[0], "planned_value", "1300000")
    broken = replace_cell(broken, "planned_finish", "2023-01-01")
    problems = problems_of(dataset(tmp_path, [broken, *ROWS[1:]]))
    texts = {r.rule for r in ROW_RULES}
    assert {p.column for p in problems} == {"planned_value", "planned_finish"}
    assert all(p.rule in texts for p in problems)


def test_check_data_prints_warnings_and_succeeds(tmp_path, capsys):
    from vmo_lib.cli import main

    rows = [replace_cell(ROWS[0], "earned_value", "1300000"), *ROWS[1:]]
    assert main(["check-data", str(dataset(tmp_path, rows))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK:")
    assert "1 warning (the data loads; worth a look):" in out
    assert "projects.csv, row 2, column 'earned_value': value '1,300,000': earned value" in out
