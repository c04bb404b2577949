"""Notebook 03 under the runner: non-default parameters take effect; generated data runs."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from notebook_runs import assert_no_errors, run_notebook

from vmo_lib.data.generator import generate_organisation, write_dataset
from vmo_lib.notebook.record import read_records

NOTEBOOK = "03_kpi_design"


def _run(out: Path, data: str | None = None, **params: str) -> Path:
    return run_notebook(NOTEBOOK, out, data, **params)


@pytest.fixture(scope="module")
def strict_run(notebook_run):
    return notebook_run(
        NOTEBOOK,
        organisation_name="Harbourline <Test>",
        as_of="2027-07-31",
        stretch_factor="10",
        name_similarity="0.9",
        max_kpis_per_driver="4",
        thresholds="defaults",
        discount_rate="0.1",
        currency="GBP",
    )


def test_non_default_parameters_take_effect(strict_run: Path) -> None:
    notebook = strict_run / f"{NOTEBOOK}.ipynb"
    assert_no_errors(notebook)
    records = read_records(notebook)
    # stretch factor 10: only the KPI moving away (K-17) and those already met remain
    assert records["trend_out_of_line"] == ["K-17", "K-20", "K-27"]
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
    assert page.count("data:image/png") >= 5  # findings, coverage, balance, realisation, view
    assert "Traceback" not in page
    # one currency setting: money reads GBP; "EUR" only where the case study's data says it
    text = _text_of(page).replace("<td>EUR</td>", "")  # the parameter's default, listed
    assert "GBP " in text and text.count("EUR") == text.count("EUR m")
    assert not EXPONENT.search(text)
    assert "NPV achieved nets the benefits actually realised against the actual cost" in page


EXPONENT = re.compile(r"\d(\.\d+)?e[+-]\d")


def _text_of(page: str) -> str:
    """The handout without its embedded images."""
    return re.sub(r"data:image/png;base64,[^\"']+", "", page)


def _table_rows(page: str) -> list[int]:
    """Data rows of each table of the handout (rows of its body)."""
    return [body.count("<tr") for body in re.findall(r"<tbody>(.*?)</tbody>", page, re.S)]


def test_default_run_story(notebook_run) -> None:
    out = notebook_run(NOTEBOOK)  # shared: the defaults on the case study
    records = read_records(out / f"{NOTEBOOK}.ipynb")
    assert records["trend_out_of_line"] == ["K-03", "K-13", "K-17", "K-20", "K-27"]
    assert records["duplicates"] == ["K-02", "K-25"]
    assert records["crowded_drivers"] == ["D-NPS"]
    assert records["thresholds_source"]["cpi"] == "catalogue K-09"
    assert "P-33" in records["green_execution_red_value"]  # a compliance project, on budget
    # one realisation rate per strategic objective, from the driver tree
    assert records["objectives"] == {
        "realisation_O-GROW": "Grow profitable revenue",
        "realisation_O-MARGIN": "Lift operating margin",
        "realisation_O-CUST": "Be the most reliable partner",
        "realisation_O-GREEN": "Decarbonise the network",
    }
    assert records["thresholds_source"]["realisation_O-CUST"] == "catalogue K-17"


def test_runs_on_a_generated_organisation(tmp_path: Path) -> None:
    data = tmp_path / "generated"
    write_dataset(generate_organisation(25, 11), data)
    out = _run(tmp_path / "out", data=str(data), organisation_name="Generated Org")
    assert_no_errors(out / f"{NOTEBOOK}.ipynb")
    records = read_records(out / f"{NOTEBOOK}.ipynb")
    assert records["n_kpis"] >= 4
    assert records["findings_by_rule"]["vague_name"] >= 1  # "Improve customer happiness"


def test_long_lists_are_cut_and_charts_aggregate(tmp_path: Path) -> None:
    """The scale paths switched on at small size: long project tables show the first and
    last rows with a link to the full export, and the realisation chart shows programmes."""
    data = tmp_path / "generated"
    write_dataset(generate_organisation(80, 5), data)
    out = _run(tmp_path / "out", data=str(data), rows_shown="5", aggregate_above="3")
    notebook = out / f"{NOTEBOOK}.ipynb"
    assert_no_errors(notebook)
    page = (out / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    card = pd.read_csv(out / "outputs" / NOTEBOOK / "03_project_scorecard.csv")
    assert len(card) > 10  # the scorecard is longer than it may be shown
    assert f"Showing the first 5 and last 5 of {len(card):,} projects in delivery" in page
    assert "Benefits realised to date, by programme" in page  # the chart's alt text
    for href in set(re.findall(r'href="(outputs/[^"]+)"', page)):
        assert (out / href).is_file(), href
    assert 'href="outputs/03_kpi_design/03_project_kpis.xlsx"' in page
    full = pd.read_excel(out / "outputs" / NOTEBOOK / "03_project_kpis.xlsx", sheet_name=None)
    assert {"value_kpis", "by_objective", "scorecard", "by_programme"} <= set(full)
    assert len(full["scorecard"]) == len(card)
    programmes = full["by_programme"].set_index("programme")
    assert programmes.loc["Total", "projects"] == len(card)
    # no project list longer than 2 x 5 rows; fixed tables (template fields...) are not lists
    project_tables = [
        n
        for n, t in zip(
            _table_rows(page), re.findall(r"<caption>(.*?)</caption>", page), strict=True
        )
        if "projects" in t and "by programme" not in t
    ]
    assert project_tables and max(project_tables) <= 10


def test_without_a_benefit_register_the_value_half_is_skipped(tmp_path: Path) -> None:
    tables = generate_organisation(15, seed=4)
    for name in ("benefits", "benefit_plan", "benefit_actuals"):
        del tables[name]
    write_dataset(tables, tmp_path / "data")
    out = _run(tmp_path / "out", data=str(tmp_path / "data"))
    assert_no_errors(out / f"{NOTEBOOK}.ipynb")
    records = read_records(out / f"{NOTEBOOK}.ipynb")
    skipped = {name.removeprefix("skipped:") for name in records if name.startswith("skipped:")}
    assert skipped == {
        "Value KPIs and scorecard",
        "Realisation by objective",
        "Project scorecard",
        "Scorecard table",
        "Portfolio view",
    }
    assert records["n_kpis"] >= 4 and "n_scored" not in records  # the review still runs
