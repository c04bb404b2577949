"""The real notebooks: committed clean, declared parameters, and correct under the runner.

Every notebook runs on the case study with its defaults without an error or a warning (read
from the session's shared runs: the whole sequence's handout build, see ``notebook_run``).
The baseline notebook is run once through ``vmo run`` with non-default parameters on a copy of
the bundled data whose text fields carry HTML payloads; its recorded figures are checked
against a hand computation with plain pandas, and its handout against script injection.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from notebook_runs import assert_no_errors

from vmo_lib.cli import main
from vmo_lib.notebook.record import read_records
from vmo_lib.pipeline.spec import read_parameters

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
COMMON = {"data", "organisation_name", "as_of", "output_dir"}
PAYLOAD = "<script>alert(1)</script>"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_one_parameters_cell(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    assert set(read_parameters(path).names) >= COMMON


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_with_the_defaults_without_errors_or_warnings(path, notebook_run):
    """What ``--nbval-lax notebooks`` checks cell by cell, and no cell writes to stderr.

    Where this test is collected the session builds the whole sequence's handouts at once
    (``tests/conftest.py``, ``DEFAULT_RUNS_TEST``); the other tests of a run with the
    defaults read the same build."""
    out = notebook_run(path.stem)
    assert_no_errors(out / f"{path.stem}.ipynb")
    assert read_records(out / f"{path.stem}.ipynb")
    page = (out / f"{path.stem}.html").read_text(encoding="utf-8")
    assert "Traceback" not in page and "This run failed" not in page


CALL_THEN_SHOW = ("00_portfolio_baseline", "01_pmo_gap_analysis")


@pytest.mark.parametrize("stem", CALL_THEN_SHOW)
def test_notebook_calls_then_shows(stem):
    """At most 150 code lines, no definitions or HTML strings, one guard idiom (issue 16)."""
    cells = json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in cells["cells"] if c["cell_type"] == "code"]
    lines = [line.strip() for src in sources for line in src.splitlines() if line.strip()]
    assert len(lines) <= 150
    assert not [line for line in lines if line.startswith(("def ", "class ", "lambda"))]
    assert not [line for line in lines if re.search(r"[\"']<[a-zA-Z/]", line)]
    assert not [line for line in lines if "missing_tables" in line or "record(" in line]


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    data = base / "data"
    shutil.copytree(ROOT / "datasets" / "harbourline", data)
    projects = pd.read_csv(data / "projects.csv", dtype=str, keep_default_na=False)
    projects.loc[0, "name"] = PAYLOAD
    projects.loc[1, "comments"] = '<img src=x onerror="alert(2)">'
    # Two projects in flight whose earned value passed their budget (scope grew without a new
    # baseline): a warning, not an error, so the notebook runs and says so.
    for row in projects.index[projects["stage"] == "in flight"][:2]:
        bac = float(projects.loc[row, "budget_at_completion"])
        projects.loc[row, "earned_value"] = f"{bac * 1.05:.0f}"
    projects.to_csv(data / "projects.csv", index=False)
    out = base / "out"
    args = ["run", "00_portfolio_baseline", "--data", str(data), "--out", str(out)]
    for name, value in {
        "eac_method": "atypical",
        "on_budget_tolerance": "0.1",
        "on_time_tolerance_days": "60",
        "organisation_name": "<b>Evil</b> & Co",
        "top_n": "3",
        "currency": "GBP",
    }.items():
        args += ["-p", name, value]
    assert main(args) == 0
    return data, out


def test_recorded_figures_match_a_hand_computation(hostile_run):
    data, out = hostile_run
    records = read_records(out / "00_portfolio_baseline.ipynb")
    raw = pd.read_csv(data / "projects.csv", parse_dates=["planned_finish", "forecast_finish"])
    delivery = raw[raw["stage"].isin(["in flight", "closed"])]
    slip = (delivery["forecast_finish"] - delivery["planned_finish"]).dt.days
    assert records["on_time_rate"] == pytest.approx((slip <= 60).mean())
    paid = delivery[delivery["actual_cost"] > 0]
    eac_atypical = paid["actual_cost"] + paid["budget_at_completion"] - paid["earned_value"]
    final = paid["actual_cost"].where(paid["stage"] == "closed", eac_atypical)
    overrun = final / paid["budget_at_completion"] - 1
    assert records["on_budget_rate"] == pytest.approx((overrun <= 0.1).mean())
    # Portfolio indices over projects in flight only (issue 15): sum over sum.
    flight = delivery[delivery["stage"] == "in flight"]
    assert records["portfolio_cpi"] == pytest.approx(
        flight["earned_value"].sum() / flight["actual_cost"].sum()
    )
    assert records["portfolio_spi"] == pytest.approx(
        flight["earned_value"].sum() / flight["planned_value"].sum()
    )
    closed_slip = slip[delivery["stage"] == "closed"]
    assert records["closed_median_slip_days"] == pytest.approx(closed_slip.median())
    assert records["closed_share_late"] == pytest.approx((closed_slip > 0).mean())
    assert records["n_ev_over_bac"] == 2
    assert records["n_projects"] == len(raw)


def test_handout_states_its_rules_warns_and_uses_the_currency(hostile_run):
    _, out = hostile_run
    page = (out / "00_portfolio_baseline.html").read_text(encoding="utf-8")
    text = re.sub(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+", "", page)
    assert "2 warnings in" in text and "earned value exceeds the budget at completion" in text
    assert "cover the 22 projects in flight only" in text  # the case study's projects in flight
    assert "blank exactly when the budget can no longer be met" in text
    assert "AC + (BAC - EV)" in text and "TCPI to the forecast" in text
    assert "Earned value above the budget means the scope grew" in text
    assert "2 projects here" in text
    # No currency other than the one set, except the parameter table's default column.
    shown = text.replace("<td>EUR</td>", "")
    assert not re.search(r"\bEUR\b|euro|€", shown, re.IGNORECASE)
    assert "GBP" in shown


def test_handout_shows_data_text_as_text(hostile_run):
    _, out = hostile_run
    page = (out / "00_portfolio_baseline.html").read_text(encoding="utf-8")
    assert PAYLOAD not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Evil</b>" not in page and "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in page
    assert not re.search(r"<img[^>]*onerror", page)
    assert "In&nbsp;[" not in page and "Traceback" not in page


def test_handout_stays_short_on_a_large_portfolio(tmp_path):
    """A generated organisation with low thresholds: every project table shows at most
    ``max_listed`` rows with a note, the chart becomes a density, the CSV has every project."""
    from vmo_lib.data.generator import generate_organisation, write_dataset

    data = tmp_path / "org"
    write_dataset(generate_organisation(150, seed=3), data)
    out = tmp_path / "out"
    args = ["run", "00_portfolio_baseline", "--data", str(data), "--out", str(out)]
    for name, value in {"max_listed": "10", "dense_from": "20", "label_top_n": "5"}.items():
        args += ["-p", name, value]
    assert main(args) == 0
    page = (out / "00_portfolio_baseline.html").read_text(encoding="utf-8")
    captions = re.findall(r"<caption>(.*?)</caption>(.*?)</table>", page, re.S)
    project_tables = [
        (c, body)
        for c, body in captions
        if c.startswith(("Cost and schedule", "Forecast at", "Forecast slip", "Closed projects"))
    ]
    assert len(project_tables) == 4
    for caption, body in project_tables:
        assert body.count("<tr") - 1 <= 10, caption
        assert "Showing the 5 highest and 5 lowest" in caption
    raw = pd.read_csv(data / "projects.csv")
    exported = pd.read_csv(out / "outputs" / "00_portfolio_baseline" / "00_project_performance.csv")
    assert len(exported) == raw["stage"].isin(["in flight", "closed"]).sum()
    assert 'href="outputs/00_portfolio_baseline/00_project_performance.csv"' in page


def test_cost_ranges_and_earned_schedule_in_the_baseline_handout(hostile_run):
    """Issue 18: the portfolio EAC range recorded is the library's at seed 0; earned schedule
    and the ranges are exported in full; closed projects' SPI(t) is stated."""
    from vmo_lib.baseline import eac_ranges
    from vmo_lib.data import load_organisation

    data, out = hostile_run
    records = read_records(out / "00_portfolio_baseline.ipynb")
    ranges = eac_ranges(load_organisation(data).projects, seed=0)
    for key in ("p10", "p50", "p90"):
        assert records[f"portfolio_eac_{key}"] == pytest.approx(ranges.portfolio[key])
    exports = out / "outputs" / "00_portfolio_baseline"
    schedule = pd.read_csv(exports / "00_earned_schedule.csv")
    closed = schedule[schedule["stage"] == "closed"]
    assert len(closed) and closed["spi_t"].notna().all()
    assert len(pd.read_csv(exports / "00_eac_ranges.csv")) == len(ranges.projects)
    page = (out / "00_portfolio_baseline.html").read_text(encoding="utf-8")
    assert "SPI(t)" in page and "Portfolio EAC: P10" in page
