"""The shipped PPM mappings (issue 19): each sample export imports, passes the data checks,
and gives the figures computed by hand from the sample's rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from vmo_lib.data import load_organisation
from vmo_lib.evm import EAC_BASIS_LABELS, EAC_METHOD_LABELS, earned_value_of
from vmo_lib.importer import run_import

ROOT = Path(__file__).resolve().parents[1]
MAPPINGS = ROOT / "datasets" / "mappings"
PPM_MAPPINGS = ("microsoft-project-online", "servicenow-spm-projects", "jira-align-epics")


def _import(name: str, tmp_path: Path) -> pd.DataFrame:
    """Import the mapping's sample into ``tmp_path`` and return the loaded projects table,
    with the earned-value results (CPI-based EAC) joined, indexed by project_id."""
    result = run_import(
        MAPPINGS / "samples" / f"{name}.csv", MAPPINGS / f"{name}.yaml", tmp_path / name
    )
    assert not result.dropped
    projects = load_organisation(tmp_path / name).projects  # the same checks as check-data
    ev = earned_value_of(projects).to_frame()
    out = projects.join(ev[["cpi", "eac", "eac_basis"]])
    return out.set_index("project_id")


@pytest.mark.parametrize("name", PPM_MAPPINGS)
def test_every_mapping_has_a_sample_cites_its_documentation_and_is_listed(name):
    head = (MAPPINGS / f"{name}.yaml").read_text(encoding="utf-8")[:3000]
    assert "https://" in head, "the documentation is cited at the top"
    assert (MAPPINGS / "samples" / f"{name}.csv").is_file()
    for readme in (ROOT / "README.md", MAPPINGS / "README.md"):
        assert f"{name}.yaml" in readme.read_text(encoding="utf-8"), readme


def test_project_online_baseline_is_cost_minus_variance_and_finish_minus_variance(tmp_path):
    p = _import("microsoft-project-online", tmp_path)
    assert len(p) == 10
    one = p.loc["3f2a9c11-5d7e-4b21-9a0c-1e6b2d4f8a01"]
    # ProjectCost 1,380,000 - ProjectCostVariance 130,000
    assert one["budget_at_completion"] == 1_250_000
    assert (one["planned_value"], one["earned_value"], one["actual_cost"]) == (
        820_000,
        760_000,
        905_000,
    )
    # finish 2026-10-30 minus 20 working days = 28 calendar days
    assert one["planned_finish"] == pd.Timestamp("2026-10-02")
    assert one["forecast_finish"] == pd.Timestamp("2026-10-30")
    assert one["stage"] == "in flight"  # 58 %
    # max(130,000 / 1,250,000 = 0.104, 20 / 305 = 0.066) -> amber (10 % to 30 %)
    assert one["rag_status"] == "amber"
    # EAC = AC + (BAC - EV) / CPI = 905,000 + 490,000 x 905,000 / 760,000
    assert one["eac"] == pytest.approx(905_000 + 490_000 * 905_000 / 760_000)
    assert one["eac_basis"] == EAC_METHOD_LABELS["cpi"]
    closed = p.loc["3f2a9c11-5d7e-4b21-9a0c-1e6b2d4f8a04"]  # 100 %, EV = BAC = 1,800,000
    assert closed["stage"] == "closed"
    assert closed["eac"] == 1_690_000 and closed["eac_basis"] == EAC_BASIS_LABELS["work_done"]
    assert p.loc["3f2a9c11-5d7e-4b21-9a0c-1e6b2d4f8a07", "stage"] == "approved"  # 0 %
    # ERP upgrade: the largest baseline (3,450,000 - 650,000 = 2,800,000) ranks first
    assert p.loc["3f2a9c11-5d7e-4b21-9a0c-1e6b2d4f8a03", "legacy_priority"] == 1
    assert (p["business_case_benefit"] == 0).all() and (p["scope_changes"] == 0).all()


def test_servicenow_costs_health_and_states(tmp_path):
    p = _import("servicenow-spm-projects", tmp_path)
    assert len(p) == 11
    cc = p.loc["PRJ0010042"]  # cost "$2,450,000.00", 62 %, work_cost "$1,905,000.00"
    assert cc["budget_at_completion"] == 2_450_000
    assert cc["earned_value"] == pytest.approx(1_519_000)  # 2,450,000 x 62 %
    assert cc["planned_value"] == cc["earned_value"]  # no time-phased plan in the list
    assert cc["actual_cost"] == 1_905_000
    assert cc["rag_status"] == "red" and cc["stage"] == "in flight"
    assert cc["planned_finish"] == cc["forecast_finish"] == pd.Timestamp("2026-09-30")
    assert cc["eac"] == pytest.approx(1_905_000 + 931_000 * 1_905_000 / 1_519_000)
    done = p.loc["PRJ0010045"]  # Closed Complete, 100 %
    assert done["stage"] == "closed" and done["eac_basis"] == EAC_BASIS_LABELS["work_done"]
    assert done["eac"] == pytest.approx(139_200)
    assert p.loc["PRJ0010043", "rag_status"] == "amber"  # Yellow
    assert p.loc["PRJ0010046", "rag_status"] == "amber"  # No status
    assert p.loc["PRJ0010048", "rag_status"] == "amber"  # blank
    assert p.loc["PRJ0010048", "stage"] == "closed"  # Closed Skipped
    assert p.loc["PRJ0010050", "stage"] == "approved"  # Pending
    assert p.loc["PRJ0010051", "stage"] == "in flight"  # On Hold
    assert p.loc["PRJ0010043", "programme"] == "No programme"  # blank primary_program
    assert p.loc["PRJ0010044", "legacy_priority"] == 1  # largest estimated cost
    assert p.loc["PRJ0010046", "actual_cost"] == 0  # blank work_cost before the start


def test_jira_align_epics_spend_against_earned_value(tmp_path):
    p = _import("jira-align-epics", tmp_path)
    assert len(p) == 9
    ml = p.loc["4106"]  # budget 1,100,000, 40 %, spend 760,000
    assert ml["earned_value"] == pytest.approx(440_000)
    assert ml["rag_status"] == "red"  # 760,000 / 440,000 = 1.73
    assert ml["eac"] == pytest.approx(760_000 + 660_000 * 760_000 / 440_000)
    assert p.loc["4102", "rag_status"] == "amber"  # 1,890,000 / 1,464,000 = 1.29
    assert p.loc["4101", "rag_status"] == "green"  # 1,010,000 / 936,000 = 1.08
    assert p.loc["4107", "stage"] == "proposed"  # Pending Approval
    assert p.loc["4107", "rag_status"] == "green"  # no spend yet
    assert p.loc["4109", "stage"] == "closed"  # Canceled
    assert p.loc["4105", "planned_finish"] == pd.Timestamp("2026-02-27")
    assert p.loc["4102", "legacy_priority"] == 1  # largest budget
