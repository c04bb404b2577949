"""At-risk rules and audit checks, each with a case that must fire and one that must not."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import pytest
from test_realization import AS_OF, _actuals, _plan, make_org

from vmo_lib import realization as rz
from vmo_lib.display.tables import neutralise_formula


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


# --- realisation index: benefits and dis-benefits read the same way (hand-computed) ---------


@pytest.mark.parametrize(
    ("planned", "realised", "expected"),
    [
        (100.0, 80.0, 0.8),  # benefit short of plan: worse
        (100.0, 120.0, 1.2),  # benefit ahead: better
        (100.0, -20.0, -0.2),  # a loss instead of a gain: worse still
        (100.0, 0.0, 0.0),
        (-200.0, -400.0, 0.5),  # dis-benefit, twice the planned loss: worse (not 2.0)
        (-200.0, -100.0, 2.0),  # half the planned loss: better
        (-200.0, -200.0, 1.0),
        (-200.0, 0.0, np.inf),  # no loss at all: better than any plan
        (-200.0, 50.0, np.inf),  # a gain instead of a loss
        (0.0, 50.0, np.nan),  # nothing planned: nothing to compare with
        (np.nan, 5.0, np.nan),
    ],
)
def test_realisation_index_by_hand(planned, realised, expected):
    got = rz.realisation_index(planned, realised)
    if np.isnan(expected):
        assert np.isnan(got)
    else:
        assert got == pytest.approx(expected)


def test_realisation_index_is_vectorised_and_keeps_the_index():
    planned = pd.Series([100.0, -200.0, 0.0], index=["a", "b", "c"])
    realised = pd.Series([-400.0, 50.0, 80.0], index=["b", "c", "a"])  # other order: aligned
    got = rz.realisation_index(planned, realised)
    assert list(got.index) == ["a", "b", "c"]
    assert got.tolist()[:2] == pytest.approx([0.8, 0.5])
    assert np.isnan(got["c"])
    array = rz.realisation_index(np.array([100.0, -200.0]), np.array([50.0, -400.0]))
    assert isinstance(array, np.ndarray) and array.tolist() == pytest.approx([0.5, 0.5])


def test_split_indices_keep_benefits_and_dis_benefits_apart():
    planned = pd.Series([100.0, 300.0, -100.0])
    realised = pd.Series([50.0, 150.0, -200.0])
    split = rz.split_indices(planned, realised, whole_life_plan=pd.Series([400.0, 900.0, -300.0]))
    assert split["benefits"] == pytest.approx(200 / 400)
    assert split["dis_benefits"] == pytest.approx(100 / 200)
    assert split["net"] == pytest.approx((200 - 200) / (400 - 100))  # net value: 0 of 300


def test_index_text_shows_no_loss():
    assert [rz.index_text(v) for v in (0.5, np.inf, np.nan)] == ["0.50", "no loss", "–"]


def test_a_dis_benefit_losing_more_than_planned_is_behind():
    values = pd.DataFrame(
        {
            "planned_to_date": [-200.0, -200.0, -200.0, -100.0],
            "realised_to_date": [-400.0, -240.0, 0.0, -125.0],
        }
    )
    # indices 0.5, 0.833, inf, 0.8: at threshold 0.2 only index < 0.8 is behind
    assert rz.behind_plan(values, 0.2).tolist() == [True, False, False, False]


def test_group_index_is_the_net_value_index():
    org = make_org()
    org.benefits.loc[org.benefits["benefit_id"] == "B-4", "planned_total"] = -400.0
    org.benefit_plan.loc[org.benefit_plan["benefit_id"] == "B-4", "planned_value"] = -100.0
    table = rz.realisation_table(org, AS_OF, "benefit").set_index("group")
    assert table.loc["B-4", "realisation_index"] == pytest.approx(-200 / -40)  # lost less
    by_project = rz.realisation_table(org, AS_OF, "project").set_index("group")
    # P-2 = B-3 (nothing to date) + B-4: net plan -200, net realised -40
    assert by_project.loc["P-2", "realisation_index"] == pytest.approx(5.0)
    kpis = rz.analyse(org, AS_OF).kpis
    assert kpis.dis_benefits_index == pytest.approx(5.0)
    assert kpis.benefits_index == pytest.approx(205 / 300)
    assert kpis.share_of_plan == pytest.approx((205 - 40) / (300 - 200))


# --- business case against the register -------------------------------------------------------


def test_business_case_mismatch_names_projects_beyond_the_tolerance():
    benefits = pd.DataFrame(
        {
            "benefit_id": ["B-1", "B-2", "B-3", "B-4", "B-5"],
            "project_id": ["P-1", "P-1", "P-2", "P-3", "P-4"],
            "planned_total": [60.0, 50.0, 80.0, 100.0, 10.0],
        }
    )
    projects = pd.DataFrame(
        {
            "project_id": ["P-1", "P-2", "P-3", "P-4", "P-5"],
            "name": ["A", "B", "C", "D", "E"],
            "programme": ["X"] * 5,
            "business_case_benefit": [100.0, 100.0, 90.0, np.nan, 50.0],
        }
    )
    found = rz.business_case_mismatch(benefits, projects).set_index("project_id")
    # P-1: 110 vs 100 = +10 %, not beyond; P-2: 80 vs 100 = -20 %; P-3: 100 vs 90 = +11.1 %;
    # P-4 has no business-case figure and P-5 no benefit: not compared
    assert list(found.index) == ["P-2", "P-3"]
    assert found.loc["P-2", "register_total"] == 80
    assert found.loc["P-2", "business_case_benefit"] == 100
    assert found.loc["P-2", "difference_share"] == pytest.approx(-0.2)
    assert found.loc["P-3", "difference"] == pytest.approx(10)
    assert found.loc["P-3", "benefit_ids"] == "B-4"
    loose = rz.business_case_mismatch(benefits, projects, tolerance=0.15)
    assert loose["project_id"].tolist() == ["P-2"]
