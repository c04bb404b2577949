"""Notebook 05 under the runner: non-default parameters, escaped text, neutralised exports.

Expected figures are computed here straight from the CSV files (quarter labels compare as
text), independently of :mod:`vmo_lib.realization`.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from notebook_runs import run_notebook

from vmo_lib.cli import main
from vmo_lib.notebook.record import read_records
from vmo_lib.paths import DATASETS_DIR

NOTEBOOK = "05_value_realization"
SCRIPT = "<script>alert(1)</script>"


def _run(out: Path, data: Path, **params: str) -> Path:
    return run_notebook(NOTEBOOK, out, data, **params)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """The case study with a hostile benefit name and owner on B-049."""
    folder = tmp_path_factory.mktemp("data") / "harbourline_copy"
    shutil.copytree(DATASETS_DIR / "harbourline", folder)
    benefits = pd.read_csv(folder / "benefits.csv", dtype=str, keep_default_na=False)
    row = benefits["benefit_id"] == "B-049"
    benefits.loc[row, "name"] = SCRIPT
    benefits.loc[row, "owner"] = "=cmd|' /C calc'!A0"
    benefits.to_csv(folder / "benefits.csv", index=False)
    projects = pd.read_csv(folder / "projects.csv", dtype=str, keep_default_na=False)
    register = pd.to_numeric(benefits.loc[benefits["project_id"] == "P-02", "planned_total"])
    projects.loc[projects["project_id"] == "P-02", "business_case_benefit"] = str(
        int(3 * register.sum())
    )
    projects.to_csv(folder / "projects.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def run(tmp_path_factory, dataset) -> Path:
    return _run(
        tmp_path_factory.mktemp("nb05"),
        dataset,
        organisation_name="<b>Acme</b> & Co",
        as_of="2025-12-31",
        forecast_method="linear_trend",
        group_by="driver",
        at_risk_threshold="0.5",
        stale_quarters="3",
        top_gaps="5",
    )


def _page(run: Path) -> str:
    return (run / f"{NOTEBOOK}.html").read_text(encoding="utf-8")


def test_figures_are_cut_at_as_of(run, dataset):
    records = read_records(run / f"{NOTEBOOK}.ipynb")
    plan = pd.read_csv(dataset / "benefit_plan.csv")
    actuals = pd.read_csv(dataset / "benefit_actuals.csv")
    assert (actuals["quarter"] > "2025Q4").any()  # there is later data to ignore
    realised = actuals.loc[actuals["quarter"] <= "2025Q4", "realised_value"].sum()
    planned = plan.loc[plan["quarter"] <= "2025Q4", "planned_value"].sum()
    assert records["last_quarter"] == "2025Q4"
    assert records["realised_to_date"] == pytest.approx(realised)
    assert records["planned_to_date"] == pytest.approx(planned)
    assert records["share_of_plan"] == pytest.approx(realised / planned)
    assert records["forecast_method"] == "linear_trend"


def test_realisation_table_export_follows_group_by(run, dataset):
    table = pd.read_csv(run / "outputs" / NOTEBOOK / "05_realisation_driver.csv")
    benefits = pd.read_csv(dataset / "benefits.csv")
    assert list(table.columns[:2]) == ["Value driver", "Name"]
    drivers = set(benefits["driver_id"].dropna()) | {"(no driver)"}
    assert set(table["Value driver"]) == drivers
    assert table["Benefits"].sum() == len(benefits)
    records = read_records(run / f"{NOTEBOOK}.ipynb")
    assert table["Realised to date"].sum() == pytest.approx(records["realised_to_date"])
    assert table["Whole-life plan"].sum() == pytest.approx(benefits["planned_total"].sum())


def test_at_risk_export_uses_the_threshold_and_is_neutralised(run):
    records = read_records(run / f"{NOTEBOOK}.ipynb")
    risks = pd.read_csv(run / "outputs" / NOTEBOOK / "05_benefits_at_risk.csv")
    assert len(risks) == records["at_risk_benefits"] > 0
    behind = risks[risks["Behind plan"]]
    assert (behind["Realisation index"] < 0.5).all()
    assert records["rule_behind_plan"] == len(behind)
    hostile = risks.loc[risks["Benefit"] == "B-049"].iloc[0]
    assert hostile["Owner"].startswith("'=")
    assert hostile["Benefit name"] == SCRIPT  # kept as data, harmless in a CSV


def test_handout_escapes_dataset_text(run):
    page = _page(run)
    assert SCRIPT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Acme</b>" not in page
    assert "&lt;b&gt;Acme&lt;/b&gt; &amp; Co" in page
    assert "Traceback" not in page


def test_no_errors_or_warnings_in_outputs(run):
    nb = json.loads((run / f"{NOTEBOOK}.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error"
            assert output.get("name") != "stderr", output


def test_refused_without_benefit_actuals(tmp_path, dataset, capsys):
    """The notebook's metadata says it needs the benefit tables: the runner says which."""
    partial = tmp_path / "partial"
    shutil.copytree(dataset, partial)
    (partial / "benefit_actuals.csv").unlink()
    args = ["run", NOTEBOOK, "--out", str(tmp_path / "out"), "--data", str(partial)]
    assert main(args) != 0
    assert "benefit_actuals" in capsys.readouterr().err


@pytest.fixture(scope="module")
def small_run(tmp_path_factory, dataset) -> Path:
    """Benefit-level tables with the scale paths switched on at case-study size, in GBP."""
    return _run(
        tmp_path_factory.mktemp("nb05_small"),
        dataset,
        group_by="benefit",
        listed_rows="5",
        max_chart_groups="3",
        currency="GBP",
    )


def test_long_lists_are_cut_to_top_and_bottom_with_links(small_run):
    page = _page(small_run)
    records = read_records(small_run / f"{NOTEBOOK}.ipynb")
    assert records["chart_level"] == "programme"  # 78 benefits > 3: charts by programme
    assert "Showing the 5 highest and 5 lowest of" in page
    assert f'href="outputs/{NOTEBOOK}/05_realisation_benefit.csv"' in page
    assert f'href="outputs/{NOTEBOOK}/05_value_realisation.xlsx"' in page
    table = pd.read_csv(small_run / "outputs" / NOTEBOOK / "05_realisation_benefit.csv")
    benefits = pd.read_csv(small_run / "outputs" / NOTEBOOK / "05_benefits.csv")
    assert len(table) == len(benefits) > 10  # the full lists are exported


def test_currency_setting_reaches_every_money_label(small_run):
    text = re.sub(r"data:image/[^\"']+", "", _page(small_run))  # drop embedded figures
    text = re.sub(r"<code>currency</code>.*?</tr>", "", text, flags=re.S)  # setting's default
    assert "GBP" in text
    assert not re.search(r"\bEUR\b|\beuros?\b|€", text, re.IGNORECASE)


def test_unrealised_plan_at_risk_is_what_the_export_adds_up_to(run):
    records = read_records(run / f"{NOTEBOOK}.ipynb")
    risks = pd.read_csv(run / "outputs" / NOTEBOOK / "05_benefits_at_risk.csv")
    assert "at_risk_value" not in records
    total = risks["Unrealised plan (at risk)"].sum()
    assert records["unrealised_plan_at_risk"] == pytest.approx(total)
    # "value at risk" names only the Monte Carlo's quantile figure (issue 18), never this sum
    page = _page(run)
    assert page.count("Value at risk") == page.count("Value at risk (P10)") > 0


def test_business_case_mismatch_names_the_project_with_both_figures(run, dataset):
    found = pd.read_csv(run / "outputs" / NOTEBOOK / "05_business_case_mismatch.csv")
    row = found.set_index("Project").loc["P-02"]
    benefits = pd.read_csv(dataset / "benefits.csv")
    projects = pd.read_csv(dataset / "projects.csv").set_index("project_id")
    register = benefits.loc[benefits["project_id"] == "P-02", "planned_total"].sum()
    assert row["Register total"] == pytest.approx(register)
    assert row["Business-case benefit"] == pytest.approx(
        projects.loc["P-02", "business_case_benefit"]
    )
    assert row["Difference / business case"] == pytest.approx(
        register / (3 * register) - 1, abs=1e-6
    )
    records = read_records(run / f"{NOTEBOOK}.ipynb")
    assert records["business_case_mismatches"] == len(found)


def test_monte_carlo_records_its_quantiles_repeatably(run, dataset):
    """The same seed gives the same figures in the notebook as in a direct call."""
    from vmo_lib.data import load_organisation
    from vmo_lib.realization import value_uncertainty

    records = read_records(run / f"{NOTEBOOK}.ipynb")
    direct = value_uncertainty(load_organisation(dataset), "2025-12-31", 10_000, 0)
    for name in ("value_p10", "value_p50", "value_p90", "value_at_risk_p10"):
        assert records[name] == pytest.approx(
            dict((f.name, f.value) for f in direct.recorded())[name]
        )
    assert records["value_p10"] <= records["value_p50"] <= records["value_p90"]
    assert records["probability_plan_share"] == pytest.approx(direct.probability_at_least(0.5))
    assert "Whole-life value: how sure is the forecast?" in _page(run)
    assert "MSP&#x27;s DOAM tests on" in _page(run) or "MSP's DOAM tests on" in _page(run)
