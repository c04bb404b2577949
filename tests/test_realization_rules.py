"""At-risk rules and audit checks, each with a case that must fire and one that must not."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import pytest
from test_realization import AS_OF, _actuals, _plan, make_org

from vmo_lib import realization as rz
from vmo_lib.tables import neutralise_formula


def _register(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {
        "benefit_id": [f"B-{i}" for i in range(1, n + 1)],
        "project_id": [f"P-{i}" for i in range(1, n + 1)],
        "driver_id": ["D-A"] * n,
        "name": ["Benefit"] * n,
        "measure": ["Measure"] * n,
        "owner": ["Owner"] * n,
        "baseline": [1.0] * n,
    }
    return pd.DataFrame({**base, **columns})


def test_no_owner_flags_blank_and_spaces_only():
    register = _register(owner=["Ann", None, "   "])
    assert rz.no_owner(register).tolist() == [False, True, True]


def test_no_measure_or_baseline():
    register = _register(measure=["m", None, "m", ""], baseline=[1.0, 1.0, np.nan, 0.0])
    assert rz.no_measure_or_baseline(register).tolist() == [False, True, True, True]
    assert not rz.no_measure_or_baseline(_register(baseline=[0.0])).any()  # 0 is a baseline


@pytest.mark.parametrize(
    ("planned", "realised", "threshold", "behind"),
    [
        (100, 79, 0.2, True),  # index 0.79 < 0.8
        (100, 80, 0.2, False),  # exactly on the line
        (100, 85, 0.2, False),
        (100, 60, 0.5, False),  # a looser threshold
        (0, -50, 0.2, False),  # nothing planned yet: never behind
        (-100, -150, 0.2, True),  # planned dis-benefit, 50 % worse than planned
        (-100, -110, 0.2, False),
    ],
)
def test_behind_plan(planned, realised, threshold, behind):
    values = pd.DataFrame(
        {"planned_to_date": [float(planned)], "realised_to_date": [float(realised)]},
        index=["B-1"],
    )
    assert rz.behind_plan(values, threshold).iloc[0] == behind


def test_no_recent_data_counts_planned_quarters_since_the_last_report():
    ids = pd.Index(["B-1", "B-2", "B-3", "B-4"])
    quarters = ["2025Q4", "2026Q1", "2026Q2"]
    plan = _plan(
        [("B-1", q, 100.0) for q in quarters]
        + [("B-2", q, 100.0) for q in quarters]
        + [("B-3", q, 100.0) for q in quarters]
        + [("B-4", "2026Q2", 100.0)]
    )
    actuals = _actuals(
        [
            ("B-1", "2025Q4", 90.0, "x"),  # silent in Q1 and Q2 -> 2 quarters
            ("B-2", "2026Q1", 90.0, "x"),  # silent in Q2 only -> 1
            ("B-2", "2026Q3", 90.0, "x"),  # after as_of: does not count as a report
            # B-3 never reported: 3 planned quarters
            # B-4 never reported, but only 1 planned quarter so far
        ]
    )
    flags = rz.no_recent_data(ids, plan, actuals, AS_OF, quarters=2)
    assert flags.tolist() == [True, False, True, False]
    assert rz.no_recent_data(ids, plan, actuals, AS_OF, quarters=3).tolist() == [
        False,
        False,
        True,
        False,
    ]
    # quarters with nothing planned do not count as silence
    zero = plan.assign(planned_value=np.where(plan["benefit_id"] == "B-1", 0.0, 100.0))
    assert not rz.no_recent_data(ids, zero, actuals, AS_OF, quarters=2)["B-1"]


def test_dis_benefit_growing():
    ids = pd.Index(["B-1", "B-2", "B-3", "B-4", "B-5"])
    quarters = ["2025Q4", "2026Q1", "2026Q2"]
    plan = _plan(
        [(b, q, 100.0) for b in ("B-1", "B-2", "B-3") for q in quarters]
        + [(b, q, -100.0) for b in ("B-4", "B-5") for q in quarters]
    )
    actuals = _actuals(
        [("B-1", q, v, "x") for q, v in zip(quarters, [-10, -20, -30], strict=True)]  # growing
        + [("B-2", q, v, "x") for q, v in zip(quarters, [-50, -20, 40], strict=True)]  # recovered
        + [("B-3", q, v, "x") for q, v in zip(quarters, [80, 90, -5], strict=True)]  # net gain
        + [("B-4", q, -100.0, "x") for q in quarters]  # planned dis-benefit, as planned
        + [("B-5", q, -150.0, "x") for q in quarters]  # planned dis-benefit, beyond plan
    )
    flags = rz.dis_benefit_growing(ids, plan, actuals, AS_OF, quarters=3)
    assert flags.tolist() == [True, False, False, False, True]
    # B-2 over its last two quarters only: -20 + 40 > 0 -> still not growing
    assert not rz.dis_benefit_growing(ids, plan, actuals, AS_OF, quarters=2)["B-2"]
    # as of 2026Q1, B-2 (-50, -20) was still losing value
    assert rz.dis_benefit_growing(ids, plan, actuals, "2026-03-31", quarters=3)["B-2"]


def test_benefits_at_risk_combines_the_rules():
    org = make_org()
    risks = rz.benefits_at_risk(org, AS_OF, at_risk_threshold=0.2)
    assert risks.loc["B-2", "reasons"] == "no owner; no measure or baseline"
    assert risks.loc["B-4", "reasons"] == "behind plan; dis-benefit growing"
    assert not risks.loc["B-3", "at_risk"]
    assert risks.loc["B-3", "unrealised_plan_at_risk"] == 0
    assert risks.loc["B-1", "unrealised_plan_at_risk"] == 300
    loose = rz.benefits_at_risk(org, AS_OF, at_risk_threshold=0.6)
    assert not loose.loc["B-1", "behind_plan"]  # index 0.5 is within a 60 % tolerance
    summary = rz.risk_summary(risks).set_index("rule")
    assert summary.loc["behind plan", "benefits"] == 2
    assert summary.loc["any rule", "benefits"] == 3


def test_unevidenced_claims():
    org = make_org()
    org.benefit_actuals = _actuals(
        [
            ("B-1", "2026Q1", 40.0, "ERP"),
            ("B-1", "2026Q2", 60.0, "  "),  # spaces only: no evidence
            ("B-2", "2026Q1", 0.0, None),  # nothing claimed: not a finding
            ("B-4", "2026Q1", -10.0, None),
            ("B-4", "2026Q2", -30.0, None),
            ("B-3", "2026Q3", 70.0, None),  # after as_of
        ]
    )
    claims = rz.unevidenced_claims(org, AS_OF).set_index("benefit_id")
    assert list(claims.index) == ["B-1", "B-4"]
    assert claims.loc["B-1", "unevidenced_value"] == 60
    assert claims.loc["B-1", "claimed_value"] == 100
    assert claims.loc["B-1", "unevidenced_share"] == pytest.approx(0.6)
    assert claims.loc["B-4", "quarters"] == 2
    assert claims.loc["B-4", "unevidenced_share"] == pytest.approx(1.0)


def test_duplicate_benefits_match_measure_and_driver_across_projects():
    register = pd.DataFrame(
        {
            "benefit_id": ["B-1", "B-2", "B-3", "B-4", "B-5", "B-6"],
            "project_id": ["P-1", "P-2", "P-3", "P-1", "P-4", "P-5"],
            "driver_id": ["D-OTD", "D-OTD", "D-CO2", "D-OTD", None, None],
            "name": ["Fewer late deliveries"] * 6,
            "measure": [
                "Share of deliveries on time",
                "share of deliveries ON-TIME!",  # same after normalising
                "Share of deliveries on time",  # other driver
                "Share of deliveries on time",  # same project as B-1
                None,  # no measure: never matched
                None,
            ],
            "planned_total": [1.0] * 6,
        }
    )
    found = rz.duplicate_benefits(register)
    assert found["benefit_id"].tolist() == ["B-1", "B-4", "B-2"]
    assert found["duplicate_group"].unique().tolist() == [1]
    by_name = rz.duplicate_benefits(register, match_on=("name",))
    assert set(by_name["benefit_id"]) == {f"B-{i}" for i in range(1, 7)}
    single = register.loc[register["benefit_id"].isin(["B-1", "B-3"])]
    assert rz.duplicate_benefits(single).empty


def test_closed_projects_due():
    org = make_org()  # P-1 is closed, P-2 in flight
    due = rz.closed_projects_due(org, AS_OF)
    assert due["benefit_id"].tolist() == ["B-1", "B-2"]
    assert due["remaining_plan"].tolist() == [200, 100]
    assert due["last_planned_quarter"].tolist() == ["2026Q4", "2026Q4"]
    assert rz.closed_projects_due(org, "2026-12-31").empty  # nothing left after 2026Q4


def test_kpi_tiles_escape_text():
    result = rz.analyse(make_org(), AS_OF)
    page = rz.kpi_tiles_html(result.kpis, "<script>alert(1)</script> & Co")
    assert "<script>" not in page
    assert html.escape("<script>alert(1)</script> & Co") in page
    assert "EUR 165" in page  # realised to date
    assert "33%" in page  # share of plan


def test_export_csv_is_neutralised_and_atomic(tmp_path):
    frame = pd.DataFrame({"name": ["=HYPERLINK(1)", "@cmd", "ok"], "value": [-1.0, 2.0, 3.0]})
    target = rz.export_csv(frame, tmp_path / "out" / "x.csv", labels={"name": "Name"})
    back = pd.read_csv(target)
    assert back["Name"].tolist() == [neutralise_formula("=HYPERLINK(1)"), "'@cmd", "ok"]
    assert back["value"].tolist() == [-1.0, 2.0, 3.0]
    assert [p.name for p in target.parent.iterdir()] == ["x.csv"]  # no temporary file left


def test_the_case_study_shows_every_finding():
    """Harbourline's story (see vmo_lib/data/synthetic/harbourline/story.py) gives each rule
    and audit check something to find, so the handout never shows an empty lesson."""
    from vmo_lib.data import load_organisation

    org = load_organisation("harbourline")
    result = rz.analyse(org, "2026-09-30")
    risks = result.values
    assert all(risks[rule].any() for rule in rz.RISK_RULES)
    by_project = risks.groupby("project_id")
    assert by_project["dis_benefit_growing"].any()["P-28"]  # energy costs rose
    assert by_project["no_recent_data"].any()["P-17"]  # silent since 2025Q3
    claims = set(result.unevidenced["project_id"])
    assert {"P-06", "P-40"} <= claims  # 110 % of plan, no evidence
    pairs = result.duplicates.groupby("duplicate_group")["project_id"].apply(set).tolist()
    assert {"P-14", "P-38"} in pairs  # "Fewer late deliveries" registered twice
    assert not result.closed_due.empty
