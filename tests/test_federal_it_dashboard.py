"""Real data: the US Federal IT Dashboard 2013 extract, imported with the shipped mapping.

The expected values are computed here straight from the raw CSV with pandas (the extract's
own columns), not through the importer or the baseline code. The folder lives outside the
project (``../shared/data/...``); without it these tests are skipped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from vmo_lib.cli import main
from vmo_lib.data import load_organisation
from vmo_lib.evm import earned_value
from vmo_lib.importer import run_import
from vmo_lib.notebook.record import read_records

ROOT = Path(__file__).resolve().parents[1]
FEDERAL = ROOT / ".." / "shared" / "data" / "us-federal-it-dashboard-2013"
MAPPING = ROOT / "datasets" / "mappings" / "us-federal-it-dashboard-2013.yaml"
AS_OF = "2012-08-31"  # the extract's last update (start + Updated_Date) is 2012-08-31

pytestmark = pytest.mark.skipif(
    not (FEDERAL / "projects.csv").is_file(),
    reason=f"the shared US federal IT extract is not at {FEDERAL.resolve()}",
)


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    frame = pd.read_csv(FEDERAL / "projects.csv")
    frame["export_row"] = np.arange(len(frame)) + 2  # header is row 1
    return frame


@pytest.fixture(scope="module")
def expected(raw) -> pd.DataFrame:
    """The rows a correct import keeps, with the figures the notebooks should find."""
    final_cost = raw["PlannedCost"] + raw["Cost_Variance"]  # README: + means overrun
    unratable = (raw["Planned_Duration"] == 0) & (raw["Project_delay"] == 0)
    kept = raw[(final_cost >= 0) & ~unratable].copy()
    kept["final_cost"] = kept["PlannedCost"] + kept["Cost_Variance"]
    start = pd.to_datetime(kept["Start_Date"])
    kept["planned_finish"] = start + pd.to_timedelta(kept["Planned_Duration"], unit="D")
    done_by_update = kept["Updated_Date"] >= kept["Planned_Duration"] + kept["Project_delay"]
    kept["in_flight"] = ~done_by_update
    return kept


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("federal") / "dataset"
    result = run_import(FEDERAL / "projects.csv", MAPPING, out)
    return result


@pytest.fixture(scope="module")
def runs(imported, tmp_path_factory):
    out = tmp_path_factory.mktemp("federal_runs")
    for notebook in ("00_portfolio_baseline", "01_pmo_gap_analysis"):
        args = ["run", notebook, "--out", str(out), "--data", str(imported.out)]
        args += ["-p", "as_of", AS_OF, "-p", "organisation_name", "US federal IT (2013)"]
        if notebook.startswith("00"):
            args += ["-p", "currency", "USD"]
        assert main(args) == 0
    return out


def test_import_keeps_every_sound_row_and_lists_the_rest(imported, raw, expected):
    assert imported.rows == {"projects": len(expected)} == {"projects": 1520}
    dropped_rows = sorted(d.row for d in imported.dropped)
    assert dropped_rows == sorted(set(raw["export_row"]) - set(expected["export_row"]))
    report = imported.report.read_text(encoding="utf-8")
    assert "1,547 rows read from projects.csv, 1,520 written, 27 dropped" in report
    assert "| business_case_benefit | **defaulted** (every row)" in report


def test_money_units_and_the_cost_variance_sign(imported, expected):
    projects = load_organisation(imported.out).projects.set_index("project_id")
    exp = expected.set_index(expected["Project_ID"].astype(str))
    assert np.allclose(
        projects["budget_at_completion"], (exp["PlannedCost"] * 1e6).round(), atol=0.5
    )
    assert np.allclose(projects["actual_cost"], (exp["final_cost"] * 1e6).round(), atol=0.5)
    ev = earned_value(
        projects["budget_at_completion"],
        projects["planned_value"],
        projects["earned_value"],
        projects["actual_cost"],
    )
    # Earned value's CV is positive under budget: the opposite sign of the extract's variance.
    overrun = exp["Cost_Variance"] > 0
    assert (np.sign(ev.cv[overrun.to_numpy()]) == -1).all()
    assert (ev.cpi[overrun.to_numpy()] < 1).all()
    assert ev.cv["661"] == pytest.approx(-364_100)  # PlannedCost 1.8205, Cost_Variance 0.3641


def test_baseline_on_the_federal_portfolio(runs, expected):
    records = read_records(runs / "00_portfolio_baseline.ipynb")
    assert records["n_projects"] == records["n_delivery"] == len(expected)
    overrun = expected["Cost_Variance"] / expected["PlannedCost"]
    assert records["on_budget_rate"] == pytest.approx((overrun <= 0.05).mean(), abs=1e-3)
    assert records["on_time_rate"] == pytest.approx((expected["Project_delay"] <= 30).mean())
    # Portfolio indices cover projects in flight: a closed project's SPI is 1 by construction.
    flight = expected[expected["in_flight"]]
    cpi = flight["PlannedCost"].sum() / flight["final_cost"].sum()
    assert records["portfolio_cpi"] == pytest.approx(cpi, rel=1e-6)
    overdue = expected["in_flight"] & (expected["planned_finish"] < pd.Timestamp(AS_OF))
    assert records["n_overdue"] == int(overdue.sum())
    assert records["records_value"] is False and records["share_with_promised_benefit"] == 0
    page = (runs / "00_portfolio_baseline.html").read_text(encoding="utf-8")
    assert "this portfolio records execution only, and no value" in page
    # 1,520 projects: each project table shows its worst and best rows, the CSV has them all.
    assert re.search(r"Showing the 15 highest and 15 lowest of [\d,]+ projects by forecast", page)
    assert "same value for every row: scope_changes = 0, business_case_benefit = 0" in page
    assert "USD" in page and "Traceback" not in page


def test_gap_analysis_finds_no_value_tracking(runs, expected):
    records = read_records(runs / "01_pmo_gap_analysis.ipynb")
    checks = ("has_benefit_owner", "has_measurable_benefit", "linked_to_driver", "has_value_kpi")
    assert [records[f"share_{c}"] for c in checks] == [0.0] * 4
    assert records["n_projects_checked"] == len(expected)
    skipped = {k: v for k, v in records.items() if k.startswith("skipped:")}
    assert skipped["skipped:Maturity levels by dimension"] == "pmo_assessment"
    assert skipped["skipped:Skills gaps and training needs"] == "skills_inventory"
    assert "n_respondents" not in records
    page = (runs / "01_pmo_gap_analysis.html").read_text(encoding="utf-8")
    assert "None of the 1,520 projects shows any of the four signs of value management" in page
    assert "this portfolio records execution only, and no value" in page
    assert "The dataset has no benefits table" in page
    nb = json.loads((runs / "01_pmo_gap_analysis.ipynb").read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not any(o.get("output_type") == "error" or o.get("name") == "stderr" for o in outputs)
