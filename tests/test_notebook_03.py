"""Notebook 03 under the runner: non-default parameters take effect; generated data runs."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from notebook_runs import assert_no_errors, run_notebook

from vmo_lib.data.generator import generate_organisation, write_dataset
from vmo_lib.reports.record import read_records

NOTEBOOK = "03_kpi_design"


def _run(out: Path, data: str | None = None, **params: str) -> Path:
    return run_notebook(NOTEBOOK, out, data, **params)


@pytest.fixture(scope="module")
def strict_run(tmp_path_factory):
    return _run(
        tmp_path_factory.mktemp("nb03"),
        organisation_name="Harbourline <Test>",
        as_of="2027-07-31",
        stretch_factor="10",
        name_similarity="0.9",
        max_kpis_per_driver="4",
        thresholds="defaults",
        discount_rate="0.1",
    )


def test_non_default_parameters_take_effect(strict_run: Path) -> None:
    notebook = strict_run / f"{NOTEBOOK}.ipynb"
    assert_no_errors(notebook)
    records = read_records(notebook)
    # stretch factor 10: only the KPI moving away (K-17) and the one already met (K-20) remain
    assert records["trend_out_of_line"] == ["K-17", "K-20"]
    # names must be 90 % alike: K-02 (86 % like K-01) no longer counts; K-25's formula does
    assert records["duplicates"] == ["K-25"]
    assert records["crowded_drivers"] == []  # D-NPS has 4 KPIs, 4 allowed
    # as of 2027-07-31 the targets of K-03 and K-20 (2027-06-30) have passed
    assert records["findings_by_rule"]["target_date_passed"] == 2
    assert set(records["thresholds_source"].values()) == {"default"}
    assert records["n_kpis"] == 27
    assert set(records["unmeasured_drivers"]) == {"D-ECOM", "D-INNOV", "D-GREENREV"}


def test_exports_and_handout(strict_run: Path) -> None:
    folder = strict_run / "outputs" / NOTEBOOK
    catalogue = pd.read_csv(folder / "03_kpi_catalogue_reviewed.csv")
    assert len(catalogue) == 27 and {"verdict", "rules", "findings"} <= set(catalogue.columns)
    assert (folder / "03_kpi_catalogue_reviewed.xlsx").stat().st_size > 0
    card = pd.read_csv(folder / "03_project_scorecard.csv")
    assert set(card["execution_rag"]) <= {"green", "amber", "red", "n/a"}
    assert {"cpi", "benefit_realisation_rate_rag", "value_rag"} <= set(card.columns)
    page = (strict_run / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "Harbourline &lt;Test&gt;" in page and "Harbourline <Test>" not in page
    assert page.count("data:image/png") >= 4  # findings, coverage, balance, portfolio view
    assert "Traceback" not in page


def test_default_run_story(tmp_path: Path) -> None:
    records = read_records(_run(tmp_path) / f"{NOTEBOOK}.ipynb")
    assert records["trend_out_of_line"] == ["K-03", "K-13", "K-17", "K-20"]
    assert records["duplicates"] == ["K-02", "K-25"]
    assert records["crowded_drivers"] == ["D-NPS"]
    assert records["thresholds_source"]["cpi"] == "catalogue K-09"
    assert "P-33" in records["green_execution_red_value"]  # a compliance project, on budget


def test_runs_on_a_generated_organisation(tmp_path: Path) -> None:
    data = tmp_path / "generated"
    write_dataset(generate_organisation(25, 11), data)
    out = _run(tmp_path / "out", data=str(data), organisation_name="Generated Org")
    assert_no_errors(out / f"{NOTEBOOK}.ipynb")
    records = read_records(out / f"{NOTEBOOK}.ipynb")
    assert records["n_kpis"] >= 4
    assert records["findings_by_rule"]["vague_name"] >= 1  # "Improve customer happiness"
