"""The real notebooks: committed clean, declared parameters, and correct under the runner.

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

from vmo_lib.cli import main
from vmo_lib.reports.record import read_records
from vmo_lib.reports.spec import read_parameters

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


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    data = base / "data"
    shutil.copytree(ROOT / "datasets" / "harbourline", data)
    projects = pd.read_csv(data / "projects.csv", dtype=str, keep_default_na=False)
    projects.loc[0, "name"] = PAYLOAD
    projects.loc[1, "comments"] = '<img src=x onerror="alert(2)">'
    projects.to_csv(data / "projects.csv", index=False)
    out = base / "out"
    args = ["run", "00_portfolio_baseline", "--data", str(data), "--out", str(out)]
    for name, value in {
        "eac_method": "atypical",
        "on_budget_tolerance": "0.1",
        "on_time_tolerance_days": "60",
        "organisation_name": "<b>Evil</b> & Co",
        "top_n": "3",
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
    assert records["portfolio_cpi"] == pytest.approx(
        delivery["earned_value"].sum() / delivery["actual_cost"].sum()
    )
    assert records["n_projects"] == len(raw)


def test_handout_shows_data_text_as_text(hostile_run):
    _, out = hostile_run
    page = (out / "00_portfolio_baseline.html").read_text(encoding="utf-8")
    assert PAYLOAD not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Evil</b>" not in page and "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in page
    assert not re.search(r"<img[^>]*onerror", page)
    assert "In&nbsp;[" not in page and "Traceback" not in page
