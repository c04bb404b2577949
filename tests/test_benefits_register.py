"""The optional benefit register columns and the baseline_plan table: loader, check-data,
template, data dictionary and importer."""

from __future__ import annotations

import contextlib
import io
import shutil
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from vmo_lib.cli import main
from vmo_lib.data import load_organisation
from vmo_lib.data.errors import DataError
from vmo_lib.data.schema import BENEFIT_REGISTER_COLUMNS, TABLES_BY_NAME
from vmo_lib.data.template import write_template
from vmo_lib.importer import run_import
from vmo_lib.paths import DATASETS_DIR

NEW = [c.name for c in BENEFIT_REGISTER_COLUMNS]


def _copy_case_study(tmp_path: Path) -> Path:
    folder = tmp_path / "org"
    shutil.copytree(DATASETS_DIR / "harbourline", folder)
    return folder


def test_case_study_fills_every_new_column() -> None:
    org = load_organisation("harbourline")
    assert set(NEW) <= set(org.benefits.columns)
    assert (
        org.benefits[["category", "benefit_type", "attribution", "confidence"]].notna().all().all()
    )
    assert org.benefits["attribution"].between(0, 1).all()
    assert (org.benefits["realisation_end"] >= org.benefits["realisation_start"]).all()
    assert len(org.baseline_plan) and not org.missing


def test_register_without_the_new_columns_still_loads(tmp_path: Path) -> None:
    folder = _copy_case_study(tmp_path)
    frame = pd.read_csv(folder / "benefits.csv", dtype=str)
    frame.drop(columns=NEW).to_csv(folder / "benefits.csv", index=False)
    (folder / "baseline_plan.csv").unlink()
    org = load_organisation(folder)
    assert org.benefits["confidence"].isna().all()
    assert "baseline_plan" in org.missing


def test_every_bad_new_value_is_reported_at_once(tmp_path: Path) -> None:
    folder = _copy_case_study(tmp_path)
    frame = pd.read_csv(folder / "benefits.csv", dtype=str)
    frame.loc[0, "attribution"] = "1.5"
    frame.loc[1, "confidence"] = "-0.1"
    frame.loc[2, "benefit_type"] = "bonus"
    frame.loc[3, "realisation_end"] = "2020-01-01"
    frame.loc[4, "realisation_start"] = "someday"
    frame.to_csv(folder / "benefits.csv", index=False)
    with pytest.raises(DataError) as caught:
        load_organisation(folder)
    text = str(caught.value)
    for row, column in ((2, "attribution"), (3, "confidence"), (4, "benefit_type")):
        assert f"row {row}" in text and column in text
    assert "realisation ends before it starts" in text
    assert "someday" in text
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["check-data", str(folder)])
    assert code != 0 and "realisation ends before it starts" in out.getvalue()


def test_template_and_dictionary_list_the_new_columns(tmp_path: Path) -> None:
    book = load_workbook(write_template(tmp_path / "template.xlsx"))
    header = [cell.value for cell in book["benefits"][1]]
    assert set(NEW) <= set(header)
    assert [c.value for c in book["baseline_plan"][1]][:3] == [
        "project_id",
        "period",
        "cumulative_pv",
    ]
    readme = (DATASETS_DIR / "README.md").read_text(encoding="utf-8")
    for name in (*NEW, "baseline_plan", "cumulative_pv"):
        assert f"`{name}`" in readme


MAPPING = """
tables:
  projects:
    file: projects.csv
    columns:
      project_id: ID
      name: Title
      programme: {value: Ops}
      sponsor: {value: COO}
      stage: {value: in flight}
      start_date: {value: 2025-01-01}
      planned_finish: {value: 2026-12-31}
      forecast_finish: {value: 2026-12-31}
      budget_at_completion: {value: 100}
      planned_value: {value: 50}
      earned_value: {value: 40}
      actual_cost: {value: 45}
      scope_changes: {value: 0}
      rag_status: {value: green}
      legacy_priority: Rank
      business_case_benefit: {value: 1000}
  benefits:
    file: register.csv
    columns:
      benefit_id: Ref
      project_id: Project
      name: Benefit
      planned_total: {from: Value (k), unit: k}
      category: Class
      benefit_type: {from: Kind, values: {B: benefit, D: dis-benefit}}
      attribution: {from: Share, unit: percent}
      confidence: {from: Conf, unit: percent}
      realisation_start: {from: From, date_format: "%d/%m/%Y"}
      realisation_end: {from: To, date_format: "%d/%m/%Y"}
      accountable_owner: SRO
      review_gate: Gate
"""


def test_importer_maps_the_new_columns(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    pd.DataFrame({"ID": ["A-1", "A-2"], "Title": ["Portal", "Depot"], "Rank": [1, 2]}).to_csv(
        export / "projects.csv", index=False
    )
    pd.DataFrame(
        {
            "Ref": ["B-1", "B-2"],
            "Project": ["A-1", "A-2"],
            "Benefit": ["Fewer calls", "More noise"],
            "Value (k)": ["500", "-20"],
            "Class": ["cash-releasing", "societal"],
            "Kind": ["B", "D"],
            "Share": ["60", "100"],
            "Conf": ["80%", "50"],
            "From": ["01/01/2026", "01/07/2026"],
            "To": ["31/12/2029", "31/12/2027"],
            "SRO": ["COO", "COO"],
            "Gate": ["Gate 5", ""],
        }
    ).to_csv(export / "register.csv", index=False)
    (tmp_path / "map.yaml").write_text(textwrap.dedent(MAPPING), encoding="utf-8")
    run_import(export, tmp_path / "map.yaml", tmp_path / "out")
    benefits = load_organisation(tmp_path / "out").benefits.set_index("benefit_id")
    assert benefits.loc["B-1", "attribution"] == pytest.approx(0.6)
    assert benefits.loc["B-1", "confidence"] == pytest.approx(0.8)
    assert str(benefits.loc["B-2", "benefit_type"]) == "dis-benefit"
    assert benefits.loc["B-2", "planned_total"] == -20_000
    assert benefits.loc["B-1", "realisation_end"] == pd.Timestamp("2029-12-31")
    assert TABLES_BY_NAME["benefits"].column("benefit_type").allowed == ("benefit", "dis-benefit")
