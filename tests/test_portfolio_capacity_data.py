"""The optional resource tables: loader checks, check-data, template, importer, generators."""

from __future__ import annotations

import contextlib
import io
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from tests.test_loader_errors import dataset
from vmo_lib.cli import main
from vmo_lib.data import DataError, load_organisation
from vmo_lib.data.generator import generate_organisation
from vmo_lib.data.template import write_template
from vmo_lib.importer import run_import

DEMAND = (
    "project_id,period,resource,amount\nP-01,2027,Data engineers,2.5\nP-03,2027,Data engineers,1\n"
)
CAPACITY = "period,resource,amount\n2027,Data engineers,3\n"


def test_resource_tables_load_and_are_optional(tmp_path):
    org = load_organisation(dataset(tmp_path, resource_demand=DEMAND, resource_capacity=CAPACITY))
    assert org.resource_demand["amount"].tolist() == [2.5, 1.0]
    assert org.resource_capacity.iloc[0].tolist() == [2027, "Data engineers", 3.0]
    bare = load_organisation(dataset(tmp_path / "bare"))
    assert {"resource_demand", "resource_capacity"} <= set(bare.missing)
    assert list(bare.resource_demand.columns) == ["project_id", "period", "resource", "amount"]


def test_every_resource_problem_is_reported_at_once(tmp_path):
    demand = (
        "project_id,period,resource,amount\n"
        "P-01,2027,Data engineers,2.5\n"
        "P-99,2027,Data engineers,1\n"  # unknown project
        "P-01,2027,Data engineers,1\n"  # duplicate key
        "P-03,1999,Data engineers,-1\n"  # period and amount out of range
    )
    capacity = "period,resource,amount\n2027,Data engineers,lots\n"
    with pytest.raises(DataError) as caught:
        load_organisation(dataset(tmp_path, resource_demand=demand, resource_capacity=capacity))
    text = str(caught.value)
    assert "resource_demand.csv, row 3, column 'project_id'" in text
    assert "'P-99'" in text and "no project with this id in 'projects'" in text
    assert "duplicate project_id + period + resource: already used on row 2" in text
    assert "row 5, column 'period'" in text and "row 5, column 'amount'" in text
    assert "resource_capacity.csv, row 2, column 'amount'" in text


def test_check_data_lists_the_resource_tables(tmp_path):
    folder = dataset(tmp_path, resource_demand=DEMAND, resource_capacity=CAPACITY)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["check-data", str(folder)]) == 0
    assert "resource_demand" in out.getvalue() and "2 rows" in out.getvalue()
    bad = dataset(tmp_path / "bad", resource_demand=DEMAND.replace("P-03", "P-77"))
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert main(["check-data", str(bad)]) == 1
    assert "P-77" in err.getvalue()


def test_template_has_a_sheet_per_resource_table(tmp_path):
    book = load_workbook(write_template(tmp_path / "t.xlsx"))
    for name, header in (
        ("resource_demand", ["project_id", "period", "resource", "amount"]),
        ("resource_capacity", ["period", "resource", "amount"]),
    ):
        assert [c.value for c in book[name][1]][: len(header)] == header


def test_a_mapping_can_import_the_resource_tables(tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    pd.DataFrame(
        {"ID": ["A-1"], "Title": ["Portal"], "Prog": ["Digital"], "Stage": ["proposed"]}
    ).to_csv(export / "Projects", index=False)
    pd.DataFrame({"Proj": ["A-1"], "Year": ["2027"], "Skill": ["Architects"], "FTE": ["1,5"]})\
        .to_csv(export / "Demand", index=False)  # fmt: skip
    pd.DataFrame({"Year": ["2027"], "Skill": ["Architects"], "FTE": ["4"]}).to_csv(
        export / "Capacity", index=False
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        textwrap.dedent(
            """\
            tables:
              projects:
                file: Projects
                columns:
                  project_id: ID
                  name: Title
                  programme: Prog
                  sponsor: {value: CIO}
                  stage: Stage
                  start_date: {value: "2027-01-01"}
                  planned_finish: {value: "2027-12-31"}
                  forecast_finish: {value: "2027-12-31"}
                  budget_at_completion: {value: 100}
                  planned_value: {value: 0}
                  earned_value: {value: 0}
                  actual_cost: {value: 0}
                  scope_changes: {value: 0}
                  rag_status: {value: green}
                  legacy_priority: {value: 1}
                  business_case_benefit: {value: 0}
              resource_demand:
                file: Demand
                columns: {project_id: Proj, period: Year, resource: Skill, amount: FTE}
              resource_capacity:
                file: Capacity
                columns: {period: Year, resource: Skill, amount: FTE}
            """
        ),
        encoding="utf-8",
    )
    result = run_import(export, mapping, tmp_path / "out")
    org = load_organisation(result.out)
    assert org.resource_demand["amount"].tolist() == [1.5]
    assert org.resource_capacity["amount"].tolist() == [4.0]


def test_generated_organisations_have_scarce_resources_on_a_stream_of_their_own():
    org = generate_organisation(80, seed=5)
    demand, capacity = org["resource_demand"], org["resource_capacity"]
    assert set(demand["project_id"]) <= set(org["projects"]["project_id"])
    need = demand.groupby(["resource", "period"])["amount"].sum()
    have = capacity.set_index(["resource", "period"])["amount"]
    have = have.reindex(need.index)
    assert ((have < need) | (have == 0.5)).all()  # scarce (0.5 FTE at least)
    assert (have < need).mean() > 0.8
    assert generate_organisation(80, seed=5)["resource_demand"].equals(demand)


def test_case_study_skills_are_scarce_and_closed_projects_need_none():
    org = load_organisation("harbourline")
    closed = set(org.projects.loc[org.projects["stage"] == "closed", "project_id"])
    assert not closed & set(org.resource_demand["project_id"])
    assert org.resource_capacity["resource"].nunique() >= 3
    need = org.resource_demand.groupby(["resource", "period"])["amount"].sum()
    have = org.resource_capacity.set_index(["resource", "period"])["amount"]
    need = need.reindex(have.index)
    assert ((have < need) | (have == 0.5)).all()


def test_case_study_resource_files_match_the_generator():
    from vmo_lib.data.casestudy import DATASET_DIR, build_case_study
    from vmo_lib.data.generator import csv_ready_frame
    from vmo_lib.data.schema import TABLES_BY_NAME

    tables = build_case_study()
    for name in ("resource_demand", "resource_capacity"):
        text = csv_ready_frame(tables[name], TABLES_BY_NAME[name]).to_csv(
            index=False, lineterminator="\n"
        )
        assert Path(DATASET_DIR / f"{name}.csv").read_text(encoding="utf-8") == text


def test_case_study_current_portfolio_needs_more_people_than_there_are():
    """The README's claim: approved and running projects alone exceed every skill's capacity
    in 2026 and 2027."""
    org = load_organisation("harbourline")
    running = org.projects.loc[org.projects["stage"].isin(["approved", "in flight"]), "project_id"]
    demand = org.resource_demand[org.resource_demand["project_id"].isin(running)]
    need = demand.groupby(["resource", "period"])["amount"].sum()
    have = org.resource_capacity.set_index(["resource", "period"])["amount"]
    for resource in have.index.get_level_values(0).unique():
        for period in (2026, 2027):
            assert need[(resource, period)] > have[(resource, period)], (resource, period)
