"""Notebook 04 under the runner: non-default weighting, method and budget; exports; other data."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from notebook_runs import run_notebook

from vmo_lib import drivers, portfolio
from vmo_lib.data import load_organisation
from vmo_lib.data.generator import generate_organisation, write_dataset
from vmo_lib.notebook.record import read_records
from vmo_lib.portfolio.decision import candidate_inputs

NOTEBOOK = "04_portfolio_reranking"
BUDGET = 20_000_000


def _run(out: Path, data: str | None = None, **params: str) -> Path:
    return run_notebook(NOTEBOOK, out, data, **params)


@pytest.fixture(scope="module")
def topsis_run(tmp_path_factory):
    return _run(
        tmp_path_factory.mktemp("nb04"),
        weighting="points",
        method="topsis",
        budget=str(BUDGET),
        risk_adjusted="false",
        must_fund="P-47",
        value_threshold="30",
        robustness_samples="40",
        robustness_scheme="rank_order",
        seed="3",
        max_deferral="1",
    )


def _errors(notebook: Path) -> list[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return [
        output.get("ename", "")
        for cell in nb["cells"]
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]


def test_parameters_take_effect(topsis_run):
    records = read_records(topsis_run / f"{NOTEBOOK}.ipynb")
    assert not _errors(topsis_run / f"{NOTEBOOK}.ipynb")
    assert records["method"] == "topsis" and records["weighting"] == "points"
    assert records["budget"] == BUDGET
    assert records["funded_cost"] <= BUDGET
    assert "P-47" in records["funded_ids"]  # must-fund honoured though it scores lowest
    assert records["value_threshold_used"] == 30
    # The same decision computed directly from the library with the same settings.
    org = load_organisation("harbourline")
    ranking = portfolio.rank_by_value(
        org, drivers.leaf_weights(org, "points"), method="topsis", risk_adjusted=False
    )
    values, costs = candidate_inputs(ranking)
    # The case study's open mandatory projects (NIS2, ICS2, CSRD) are funded first.
    assert set(ranking.mandatory_open) == {"P-46", "P-47", "P-50"}
    forced = ("P-47", *ranking.mandatory_open)
    expected = portfolio.select_projects(values, costs, BUDGET, must_fund=forced)
    assert records["funded_ids"] == sorted(expected.selected)
    assert records["funded_value"] == pytest.approx(expected.total_value)
    assert records["n_core"] + records["n_borderline"] + records["n_out"] == records["n_open"]
    assert records["n_mandatory_open"] == 3 and records["n_not_scored"] == 0
    duty_cost = ranking.table.loc[["P-46", "P-47", "P-50"], "remaining_cost"].sum()
    assert records["mandatory_cost"] == pytest.approx(duty_cost)


def test_starts_may_be_deferred_within_capacity(topsis_run):
    records = read_records(topsis_run / f"{NOTEBOOK}.ipynb")
    folder = topsis_run / "outputs" / NOTEBOOK
    why = pd.read_csv(folder / "04_portfolio_why_in_why_out.csv").set_index("Project")
    funded = why[why["Funded"].astype(str).str.lower() == "true"]
    assert sorted(funded.index) == records["funded_ids_within_capacity"]
    late = funded[funded["Starts late by (years)"] > 0]
    assert records["deferred_starts"] == late["Starts late by (years)"].astype(int).to_dict()
    assert (
        funded["Starts (year)"].notna().all()
        and why.loc[~why.index.isin(funded.index), "Starts (year)"].isna().all()
    )


def test_exports_match_the_decision(topsis_run):
    records = read_records(topsis_run / f"{NOTEBOOK}.ipynb")
    folder = topsis_run / "outputs" / NOTEBOOK
    everything = pd.read_csv(folder / "04_portfolio_reranked_portfolio.csv")
    funded = pd.read_csv(folder / "04_portfolio_funded_set.csv")
    assert len(everything) == records["n_scored"]
    assert sorted(funded["Project"]) == records["funded_ids"]
    assert everything["Value rank"].is_monotonic_increasing
    sheets = pd.read_excel(folder / "04_portfolio.xlsx", sheet_name=None)
    assert set(sheets) == {"reranked_portfolio", "funded_set"}
    assert len(sheets["funded_set"]) == len(funded)


def test_handout_shows_the_static_panel_and_no_traceback(topsis_run):
    page = (topsis_run / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "Traceback" not in page
    assert "projects funded" in page  # the static what-if result, not a widget repr
    assert "VBox(" not in page


def test_runs_on_a_generated_organisation(tmp_path):
    # 30 generated projects; three open ones lose their value scores and one is mandatory;
    # no resource tables, so the decision explained is the one on money alone.
    data = tmp_path / "generated"
    write_dataset(generate_organisation(30, 5), data)
    for name in ("resource_demand", "resource_capacity"):
        (data / f"{name}.csv").unlink(missing_ok=True)
    projects = pd.read_csv(data / "projects.csv")
    open_ids = projects.loc[projects["stage"] != "closed", "project_id"].tolist()
    unscored, duty = open_ids[:3], open_ids[3]
    projects["mandatory"] = projects["project_id"].eq(duty).map({True: "true", False: "false"})
    projects.to_csv(data / "projects.csv", index=False)
    contributions = pd.read_csv(data / "project_contributions.csv")
    contributions = contributions[~contributions["project_id"].isin(unscored)]
    contributions.to_csv(data / "project_contributions.csv", index=False)
    out = _run(
        tmp_path / "out",
        data=str(data),
        robustness_samples="20",
        organisation_name="Gen",
        currency="GBP",
        financial_weight="0.2",
    )
    records = read_records(out / f"{NOTEBOOK}.ipynb")
    assert not _errors(out / f"{NOTEBOOK}.ipynb")
    assert records["n_scored"] == 30
    assert records["n_not_scored"] == 3 and records["n_mandatory_open"] == 1
    assert records["funded_cost"] <= records["budget"] + 1e-6
    assert duty in records["funded_ids"]
    assert not set(unscored) & set(records["funded_ids"])
    assert records["biggest_riser"] not in unscored
    assert 0 < records["value_threshold_used"] < 100  # median of the scored projects
    everything = pd.read_csv(out / "outputs" / NOTEBOOK / "04_portfolio_reranked_portfolio.csv")
    rows = everything.set_index("Project")
    assert rows.loc[unscored, "Value score (0-100)"].isna().all()
    assert set(rows.loc[unscored, "Decision"]) == {"not scored: score, then decide"}
    assert rows.loc[duty, "Decision"] in {"continue", "start", "approve"}
    page = (out / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "Not scored:" in page and "Mandatory work first." in page
    assert "Forward NPV." in page and "GBP" in page
    assert "Skipped: Scarce resources" in page
    assert "The decision explained is the funding decision above (money limits)" in page
    why = pd.read_csv(out / "outputs" / NOTEBOOK / "04_portfolio_why_in_why_out.csv")
    funded = why.loc[why["Funded"].astype(str).str.lower() == "true", "Project"]
    assert sorted(funded) == records["funded_ids"]
    assert "n_funded_within_capacity" not in records


def test_mandatory_first_can_be_switched_off(tmp_path):
    out = _run(
        tmp_path,
        fund_mandatory_first="false",
        budget="5m",
        robustness_samples="20",
    )
    records = read_records(out / f"{NOTEBOOK}.ipynb")
    everything = pd.read_csv(out / "outputs" / NOTEBOOK / "04_portfolio_reranked_portfolio.csv")
    duties = everything[everything["Mandatory"].astype(str).str.lower() == "true"]
    open_duties = duties[duties["Stage"] != "closed"]
    assert len(open_duties) == 3
    assert not open_duties["Decision"].isin(["stop", "cancel", "do not approve"]).any()
    unfunded = open_duties[~open_duties["Project"].isin(records["funded_ids"])]
    assert set(unfunded["Decision"]) <= {"mandatory: fund, minimise cost"}
    assert (
        not everything.loc[everything["Mandatory"].astype(str).str.lower() == "true", "Quadrant"]
        .isin(["stop", "rethink"])
        .any()
    )
