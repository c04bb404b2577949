"""Realisation to date, grouping and forecasts against hand computation on a small fixture.

The fixture (EUR, quarters 2026Q1-2026Q4; ``as_of`` 2026-06-30 counts Q1 and Q2):

======  =======  ================================  ======================================
benefit project  plan per quarter                  realised (evidence)
======  =======  ================================  ======================================
B-1     P-1      100 in Q1-Q4 (total 400)          Q1 40, Q2 60, Q3 500 (after as_of)
B-2     P-1      50 in Q1-Q4 (total 200)           Q1 50, Q2 55 (Q2 without evidence)
B-3     P-2      200 in Q3, Q4 (nothing to date)   none
B-4     P-2      100 in Q1-Q4                      Q1 -10, Q2 -30 (a dis-benefit)
======  =======  ================================  ======================================
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from vmo_lib import realization as rz

AS_OF = "2026-06-30"


def _plan(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["benefit_id", "quarter", "planned_value"])
    return frame.assign(quarter=pd.PeriodIndex(frame["quarter"], freq="Q"))


def _actuals(rows: list[tuple[str, str, float, str | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["benefit_id", "quarter", "realised_value", "evidence"])
    return frame.assign(quarter=pd.PeriodIndex(frame["quarter"], freq="Q"))


def make_org() -> SimpleNamespace:
    quarters = ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    plan = _plan(
        [("B-1", q, 100.0) for q in quarters]
        + [("B-2", q, 50.0) for q in quarters]
        + [("B-3", q, 200.0) for q in quarters[2:]]
        + [("B-4", q, 100.0) for q in quarters]
    )
    actuals = _actuals(
        [
            ("B-1", "2026Q1", 40.0, "ERP"),
            ("B-1", "2026Q2", 60.0, "ERP"),
            ("B-1", "2026Q3", 500.0, "ERP"),
            ("B-2", "2026Q1", 50.0, "Survey"),
            ("B-2", "2026Q2", 55.0, None),
            ("B-4", "2026Q1", -10.0, "Invoices"),
            ("B-4", "2026Q2", -30.0, "Invoices"),
        ]
    )
    benefits = pd.DataFrame(
        {
            "benefit_id": ["B-1", "B-2", "B-3", "B-4"],
            "project_id": ["P-1", "P-1", "P-2", "P-2"],
            "driver_id": ["D-A", "D-B", "D-A", None],
            "name": ["Fewer late deliveries", "Faster picking", "More revenue", "Lower cost"],
            "measure": ["On time share", "Lines per hour", "Revenue", "Energy cost"],
            "owner": ["Ann", None, "Bob", "Cy"],
            "baseline": [88.0, np.nan, 0.0, 1.0],
            "planned_total": [400.0, 200.0, 400.0, 400.0],
        }
    )
    projects = pd.DataFrame(
        {
            "project_id": ["P-1", "P-2"],
            "name": ["Route planning", "Warehouse"],
            "programme": ["Ops", "Ops"],
            "sponsor": ["COO", "COO"],
            "stage": ["closed", "in flight"],
        }
    )
    drivers = pd.DataFrame({"driver_id": ["D-A", "D-B"], "name": ["On time", "Productivity"]})
    return SimpleNamespace(
        benefits=benefits,
        benefit_plan=plan,
        benefit_actuals=actuals,
        projects=projects,
        value_drivers=drivers,
    )


@pytest.fixture
def org() -> SimpleNamespace:
    return make_org()


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        ("2026-06-30", "2026Q2"),
        ("2026-06-29", "2026Q1"),
        ("2026-07-01", "2026Q2"),
        ("2026-12-31", "2026Q4"),
        ("2027-01-01", "2026Q4"),
    ],
)
def test_a_quarter_counts_only_once_complete(day, quarter):
    assert str(rz.last_complete_quarter(day)) == quarter


def test_realisation_to_date_by_hand(org):
    table = rz.realisation_to_date(org, AS_OF)
    assert list(table.columns) == ["planned_to_date", "realised_to_date", "realisation_index"]
    assert list(table.index) == ["B-1", "B-2", "B-3", "B-4"]
    assert table.loc["B-1"].tolist() == pytest.approx([200, 100, 0.5])
    assert table.loc["B-2"].tolist() == pytest.approx([100, 105, 1.05])
    assert table.loc["B-3", "planned_to_date"] == 0
    assert np.isnan(table.loc["B-3", "realisation_index"])  # nothing planned yet
    assert table.loc["B-4"].tolist() == pytest.approx([200, -40, -0.2])


def test_value_variance_and_remaining_plan_by_hand(org):
    values = rz.value_to_date(org, AS_OF)
    assert values["value_variance"].tolist() == pytest.approx([-100, 5, 0, -240])
    assert values["remaining_plan"].tolist() == pytest.approx([200, 100, 400, 200])
    assert values["planned_total"].tolist() == pytest.approx([400, 200, 400, 400])


def test_as_of_really_cuts_the_data(org):
    """B-1's 500 in 2026Q3 counts only once 2026Q3 is complete."""
    mid_quarter = rz.realisation_to_date(org, "2026-08-15")
    assert mid_quarter.equals(rz.realisation_to_date(org, AS_OF))
    end = rz.realisation_to_date(org, "2026-09-30")
    assert end.loc["B-1", "realised_to_date"] == 600
    assert end.loc["B-1", "planned_to_date"] == 300
    early = rz.realisation_to_date(org, "2026-03-31")
    assert early["realised_to_date"].tolist() == pytest.approx([40, 50, 0, -10])
    # the same holds when the later rows are simply deleted from the input
    cut = make_org()
    cut.benefit_actuals = cut.benefit_actuals[cut.benefit_actuals["quarter"] <= "2026Q2"]
    assert rz.realisation_to_date(cut, "2027-12-31")["realised_to_date"].tolist() == (
        pytest.approx([100, 105, 0, -40])
    )


def test_quarter_labels_as_text_are_accepted(org):
    org.benefit_plan = org.benefit_plan.assign(quarter=org.benefit_plan["quarter"].astype(str))
    org.benefit_actuals = org.benefit_actuals.assign(
        quarter=org.benefit_actuals["quarter"].astype(str)
    )
    assert rz.realisation_to_date(org, AS_OF).loc["B-1", "realised_to_date"] == 100


def test_plan_ratio_forecast_by_hand(org):
    result = rz.forecast_to_completion(org, AS_OF, "plan_ratio")
    totals = result.totals["forecast_at_completion"]
    # B-1: 100 + 0.5 x 200; B-2: 105 + 1.05 x 100; B-3: keeps its plan; B-4: -40 - 0.2 x 200
    assert totals.tolist() == pytest.approx([200, 210, 400, -80])
    cautious = rz.forecast_to_completion(org, AS_OF, "plan_ratio", unstarted_index=0.5)
    assert cautious.totals.loc["B-3", "forecast_at_completion"] == pytest.approx(200)


def test_linear_trend_forecast_by_hand(org):
    result = rz.forecast_to_completion(org, AS_OF, "linear_trend", trend_quarters=4)
    quarterly = result.quarterly.set_index(["benefit_id", result.quarterly["quarter"].astype(str)])
    # B-1: 40, 60 -> +20 a quarter -> 80, 100. B-2: 50, 55 -> 60, 65.
    assert quarterly.loc[("B-1", "2026Q3"), "forecast_value"] == pytest.approx(80)
    assert quarterly.loc[("B-1", "2026Q4"), "forecast_value"] == pytest.approx(100)
    assert quarterly.loc[("B-4", "2026Q4"), "forecast_value"] == pytest.approx(-70)
    totals = result.totals
    assert totals["forecast_at_completion"].tolist() == pytest.approx([280, 230, 400, -160])
    assert totals.loc["B-3", "basis"].startswith("plan ratio")  # no reported quarter
    assert totals.loc["B-1", "basis"] == "linear trend"


def test_linear_trend_fades_to_zero_but_never_crosses_it():
    org = make_org()
    org.benefit_actuals = _actuals(
        [("B-1", "2026Q1", 150.0, "x"), ("B-1", "2026Q2", 50.0, "x")]
    )  # -100 a quarter: Q3 would be -50, Q4 -150
    result = rz.forecast_to_completion(org, AS_OF, "linear_trend")
    assert result.totals.loc["B-1", "forecast_at_completion"] == pytest.approx(200)


def test_linear_trend_uses_only_the_last_quarters():
    org = make_org()
    org.benefit_actuals = _actuals(
        [("B-1", "2025Q3", 1000.0, "x"), ("B-1", "2026Q1", 40.0, "x"), ("B-1", "2026Q2", 60.0, "x")]
    )
    two = rz.forecast_to_completion(org, AS_OF, "linear_trend", trend_quarters=2)
    assert two.totals.loc["B-1", "forecast_remaining"] == pytest.approx(180)


def test_on_plan_forecast_by_hand(org):
    totals = rz.forecast_to_completion(org, AS_OF, "on_plan").totals["forecast_at_completion"]
    assert totals.tolist() == pytest.approx([300, 205, 400, 160])


def test_forecast_rejects_unknown_method(org):
    with pytest.raises(ValueError, match="plan_ratio, linear_trend, on_plan"):
        rz.forecast_to_completion(org, AS_OF, "magic")
    with pytest.raises(ValueError, match="at least 2"):
        rz.forecast_to_completion(org, AS_OF, "linear_trend", trend_quarters=1)


def test_forecast_comparison_lists_every_method(org):
    table = rz.forecast_comparison(org, AS_OF).set_index("method")
    assert table.loc["on_plan", "forecast_at_completion"] == pytest.approx(300 + 205 + 400 + 160)
    assert table.loc["plan_ratio", "forecast_share"] == pytest.approx(730 / 1400)


def test_group_by_project_sums_then_divides(org):
    table = rz.realisation_table(org, AS_OF, "project").set_index("group")
    p1 = table.loc["P-1"]
    assert p1["label"] == "Route planning"
    assert p1["benefits"] == 2
    assert p1["planned_to_date"] == 300
    assert p1["realised_to_date"] == 205
    assert p1["realisation_index"] == pytest.approx(205 / 300)  # not the mean of 0.5 and 1.05
    assert p1["forecast_at_completion"] == pytest.approx(410)
    assert p1["forecast_variance"] == pytest.approx(410 - 600)


def test_group_by_driver_and_programme(org):
    by_driver = rz.realisation_table(org, AS_OF, "driver").set_index("group")
    assert set(by_driver.index) == {"D-A", "D-B", rz.NO_DRIVER}
    assert by_driver.loc["D-A", "label"] == "On time"
    assert by_driver.loc["D-A", "realised_to_date"] == 100  # B-1 and B-3
    assert by_driver.loc[rz.NO_DRIVER, "realised_to_date"] == -40
    by_programme = rz.realisation_table(org, AS_OF, "programme")
    assert by_programme["realised_to_date"].tolist() == pytest.approx([165])
    with pytest.raises(ValueError, match="group_by"):
        rz.realisation_table(org, AS_OF, "team")


def test_cumulative_profile_by_hand(org):
    profile = rz.cumulative_profile(org, AS_OF, portfolio=True, forecast=None)
    profile = profile.set_index(profile["quarter"].astype(str))
    assert profile["cum_planned"].tolist() == pytest.approx([250, 500, 950, 1400])
    assert profile.loc["2026Q2", "cum_realised"] == pytest.approx(80 + 85)
    assert np.isnan(profile.loc["2026Q3", "cum_realised"])  # after as_of
    assert np.isnan(profile.loc["2026Q1", "cum_forecast"])
    assert profile.loc["2026Q2", "cum_forecast"] == pytest.approx(165)  # joins the realised line
    # evidence (default) in Q3: 0.5 x 100 + 1.05 x 50 - 0.2 x 100, and B-3 (nothing planned
    # to date) borrows B-1's 0.5 (same driver D-A): 0.5 x 200
    assert profile.loc["2026Q3", "cum_forecast"] == pytest.approx(165 + 182.5)
    assert profile.loc["2026Q4", "cum_forecast"] == pytest.approx(165 + 2 * 182.5)
    ratio = rz.forecast_to_completion(org, AS_OF, "plan_ratio")
    by_plan = rz.cumulative_profile(org, AS_OF, portfolio=True, forecast=ratio)
    # plan_ratio keeps B-3's plan: 182.5 - 100 + 200 in each of Q3 and Q4
    assert by_plan["cum_forecast"].iloc[-1] == pytest.approx(730)


def test_analyse_key_figures_by_hand(org):
    result = rz.analyse(org, AS_OF, group_by="project", at_risk_threshold=0.2)
    kpis = result.kpis
    assert kpis.realised_to_date == 165
    assert kpis.planned_to_date == 500
    assert kpis.share_of_plan == pytest.approx(0.33)
    assert kpis.value_variance == -335
    assert kpis.planned_total == 1400
    assert kpis.last_quarter == "2026Q2"
    # at risk: B-1 (behind), B-2 (no owner, no baseline), B-4 (behind, dis-benefit growing)
    assert set(result.at_risk["benefit_id"]) == {"B-1", "B-2", "B-4"}
    assert kpis.unrealised_plan_at_risk == pytest.approx((400 - 100) + (200 - 105) + (400 + 40))
    assert kpis.unrealised_plan_delivery_risk == pytest.approx((400 - 100) + (400 + 40))
    # optimistic bound = realised to date + the remaining plan in full (on_plan)
    assert kpis.optimistic_forecast == pytest.approx(300 + 205 + 400 + 160)
    assert kpis.forecast_at_completion == pytest.approx(200 + 210 + 200 - 80)
    assert kpis.benefits_index == pytest.approx(0.33)
    assert np.isnan(kpis.dis_benefits_index)  # no negative plan in the fixture
    assert kpis.unevidenced_value == 55
    gaps = rz.top_gaps(result.values, 2)
    assert gaps["benefit_id"].tolist() == ["B-4", "B-1"]
    assert rz.top_gaps(result.values)["benefit_id"].tolist() == ["B-4", "B-1"]  # B-2 is ahead


def test_runs_without_any_actuals_or_plan():
    org = make_org()
    org.benefit_actuals = org.benefit_actuals.iloc[:0]
    result = rz.analyse(org, AS_OF, forecast_method="linear_trend")
    assert result.kpis.realised_to_date == 0
    assert result.kpis.share_of_plan == 0
    assert result.unevidenced.empty
    org.benefit_plan = org.benefit_plan.iloc[:0]
    result = rz.analyse(org, AS_OF)
    assert np.isnan(result.kpis.share_of_plan)
    assert result.profile.empty
    assert rz.top_gaps(result.values).empty


def test_live_panel_recomputes_when_a_control_changes(capsys):
    from vmo_lib.realization.widgets import realisation_panel

    panel = realisation_panel(make_org(), AS_OF, "Acme", group_by="project")
    group, method, threshold = panel.children[0].children
    assert list(group.options) == list(rz.GROUPS)
    assert list(method.options) == list(rz.FORECAST_METHODS)
    capsys.readouterr()
    method.value = "linear_trend"  # outside a kernel the panel prints what it would show
    shown = capsys.readouterr().out
    assert "Figure" in shown and shown.count("HTML object") == 2  # tiles and table
    assert threshold.value == pytest.approx(0.2)


def test_table_view_names_groups_for_a_handout(org):
    by_driver = rz.analyse(org, AS_OF, group_by="driver").table_view()
    assert "On time (D-A)" in set(by_driver["group"])
    assert rz.NO_DRIVER in set(by_driver["group"])  # no name to add
    assert "forecast_variance" not in by_driver.columns
    by_benefit = rz.analyse(org, AS_OF, group_by="benefit").table_view(max_rows=2)
    assert len(by_benefit) == 2
    assert "benefits" not in by_benefit.columns


# --- evidence-based forecast (the default), hand-computed ------------------------------------


def test_plan_shift_rounds_the_slip_to_whole_quarters():
    slips = pd.Series([-20.0, 0.0, 45.0, 46.0, 100.0, 137.0, np.nan])
    assert rz.plan_shift_quarters(slips).tolist() == [0, 0, 0, 1, 1, 2, 0]


def test_schedule_slip_comes_from_the_baseline():
    from vmo_lib.baseline import example_projects, project_performance

    projects = example_projects()
    slip = rz.schedule_slip_days(projects)
    expected = project_performance(projects).set_index("project_id")["slip_days"]
    assert slip.to_dict() == expected.dropna().to_dict()
    assert slip["P-01"] == 61  # 2026-06-30 -> 2026-08-30
    assert rz.schedule_slip_days(make_org().projects).empty  # no dates: no slip


def test_evidence_forecast_moves_late_plans_and_borrows_from_comparable_benefits(org):
    # P-1 finishes 100 days late -> its benefits' plans move 1 quarter (Q2 2026 .. Q1 2027)
    slip = pd.Series({"P-1": 100.0, "P-2": 0.0})
    result = rz.forecast_to_completion(org, AS_OF, "evidence", slip_days=slip)
    totals = result.totals
    # B-1: moved plan to date 100 (Q2), realised 100 -> ratio 1; 300 to come -> 100 + 300
    # B-2: moved plan to date 50, realised 105 -> ratio 2.1; 150 to come -> 105 + 315
    # B-3: nothing planned to date; borrows driver D-A's ratio (B-1: 100 / 100) -> 400
    # B-4: own ratio -40 / 200 = -0.2 on 200 to come -> -40 - 40
    assert totals["forecast_at_completion"].tolist() == pytest.approx([400, 420, 400, -80])
    assert totals["shift_quarters"].tolist() == [1, 1, 0, 0]
    assert totals.loc["B-3", "basis"] == "comparable benefits (same driver)"
    assert totals.loc["B-1", "basis"] == "own realisation so far; plan moved 1 quarter(s) later"
    quarters = result.quarterly.loc[result.quarterly["benefit_id"] == "B-1", "quarter"]
    assert quarters.astype(str).tolist() == ["2026Q3", "2026Q4", "2027Q1"]
    # on time, the same benefit keeps its own ratio 0.5 on its own plan
    on_time = rz.forecast_to_completion(org, AS_OF, "evidence", slip_days=slip * 0)
    assert on_time.totals.loc["B-1", "forecast_at_completion"] == pytest.approx(200)
    assert on_time.totals.loc["B-3", "forecast_at_completion"] == pytest.approx(200)


def test_comparable_ratios_cascade_from_driver_to_category_to_portfolio():
    ids = list("abcdefgh")
    planned = pd.Series([100, 0, 0, 300, 0, 100, 0, -100], index=ids, dtype=float)
    realised = pd.Series([50, 0, 0, 300, 0, 10, 0, -150], index=ids, dtype=float)
    whole = pd.Series([1, 1, 1, 1, 1, 1, -1, -1], index=ids, dtype=float) * 1000
    keys = pd.DataFrame(
        {
            "driver_id": ["D1", "D1", "D2", "D3", "D9", "D4", "D1", "D5"],
            "driver_category": ["X", "X", "X", "X", "Y", "Z", "X", "W"],
        },
        index=ids,
    )
    got = rz.comparable_ratios(planned, realised, whole, keys)
    assert got.loc["a", "ratio"] == pytest.approx(0.5)  # own
    assert got.loc["b", "ratio"] == pytest.approx(0.5)  # driver D1: a only
    # c: no evidence on D2; category X (a, d): (50 + 300) / (100 + 300)
    assert got.loc["c", "ratio"] == pytest.approx(0.875)
    assert got.loc["c", "basis"] == "comparable benefits (same driver category)"
    # e: nothing in D9 or Y: the portfolio's benefits (a, d, f): 360 / 500
    assert got.loc["e", "ratio"] == pytest.approx(0.72)
    assert got.loc["e", "basis"] == "the portfolio's realisation so far"
    # g: a dis-benefit on D1 borrows only from dis-benefits: h's 1.5 (portfolio, same sign)
    assert got.loc["g", "ratio"] == pytest.approx(1.5)
    none = rz.comparable_ratios(planned * 0, realised * 0, whole, keys)
    assert (none["ratio"] == 1).all() and (none["basis"] == "plan (no evidence yet)").all()


def test_optimistic_bound_is_the_plan_and_labelled_so(org):
    result = rz.analyse(org, AS_OF, slip_days=pd.Series(dtype=float))
    bound = rz.forecast_to_completion(org, AS_OF, "on_plan").totals["forecast_at_completion"]
    assert result.kpis.optimistic_forecast == pytest.approx(bound.sum())
    assert result.kpis.optimistic_share == pytest.approx(1065 / 1400)
    assert rz.METHOD_DESCRIPTIONS[rz.OPTIMISTIC_METHOD].startswith("optimistic bound")
    note = rz.bound_note(result.kpis)
    assert "Optimistic bound" in note and "in full and on time" in note


def test_forecast_comparison_includes_the_evidence_method(org):
    table = rz.forecast_comparison(org, AS_OF, slip_days=pd.Series(dtype=float))
    assert table["method"].tolist() == list(rz.FORECAST_METHODS)
    evidence = table.set_index("method").loc["evidence", "forecast_at_completion"]
    assert evidence == pytest.approx(200 + 210 + 200 - 80)


# --- handout lists and exports ---------------------------------------------------------------


def test_long_lists_show_top_and_bottom_with_a_link_to_the_full_export(tmp_path):
    org = make_org()
    result = rz.analyse(org, AS_OF, group_by="benefit")
    labels = rz.DISPLAY_LABELS
    files = rz.export_lists(result, tmp_path / "outputs" / "05_value_realization", labels)
    page = rz.list_html(result.table_view(), "table", 1, "By benefit", labels, files["table"])
    assert page.count("<tr") == 1 + 2  # header + the largest and the smallest plan
    assert "Showing the 1 highest and 1 lowest of 4 groups" in page
    assert 'href="outputs/05_value_realization/05_realisation_benefit.csv"' in page
    whole = rz.list_html(result.table_view(), "table", 15, "By benefit", labels)
    assert whole.count("<tr") == 1 + 4 and "Showing" not in whole
    exported = pd.read_csv(files["table"])
    assert len(exported) == 4
    workbook = pd.read_excel(files["excel"], sheet_name=None)
    assert {"Benefits", "Realisation", "At risk", "By programme"} <= set(workbook)
    assert len(workbook["Benefits"]) == 4


def test_an_infinite_index_is_shown_and_exported_as_no_loss(tmp_path):
    org = make_org()
    org.benefits.loc[org.benefits["benefit_id"] == "B-4", "planned_total"] = -400.0
    org.benefit_plan.loc[org.benefit_plan["benefit_id"] == "B-4", "planned_value"] = -100.0
    org.benefit_actuals.loc[org.benefit_actuals["benefit_id"] == "B-4", "realised_value"] = 0.0
    result = rz.analyse(org, AS_OF, group_by="benefit")
    assert np.isinf(result.values.loc["B-4", "realisation_index"])
    table, _note = rz.shown_rows(result.table_view(), "table", 15)
    assert "no loss" in set(table["realisation_index"])
    files = rz.export_lists(result, tmp_path, rz.DISPLAY_LABELS)
    benefits = pd.read_csv(files["benefits"]).set_index("Benefit")
    assert np.isnan(benefits.loc["B-4", "Realisation index"])
    assert benefits.loc["B-4", "Index note"] == "no loss (dis-benefit)"
    pd.read_excel(files["excel"], sheet_name="Benefits")  # readable: no inf in the workbook


def test_charts_switch_to_programmes_beyond_the_threshold(org):
    result = rz.analyse(org, AS_OF, group_by="benefit")
    level, table, profile = result.chart_level(max_groups=10)
    assert level == "benefit" and len(table) == 4
    level, table, profile = result.chart_level(max_groups=3)
    assert level == "programme" and table["group"].tolist() == ["Ops"]
    assert set(profile["group"]) == {"Ops"}


def test_kpi_tiles_use_the_currency_setting_and_new_names(org):
    from vmo_lib.currency import set_currency

    result = rz.analyse(org, AS_OF)
    previous = set_currency("GBP")
    try:
        tiles = rz.kpi_tiles_html(result.kpis, "Acme")
    finally:
        set_currency(previous)
    assert "GBP" in tiles and "EUR" not in tiles
    assert "Unrealised plan of benefits at risk" in tiles and "Value at risk" not in tiles
    assert "optimistic bound" in tiles


def test_programme_view_gives_totals_by_programme(org):
    result = rz.analyse(org, AS_OF, group_by="benefit")
    view = result.programme_view()
    assert view["group"].tolist() == ["Ops"]
    assert view["benefits"].tolist() == [4]
    assert view["realised_to_date"].tolist() == pytest.approx([165])


def test_the_same_measure_is_the_closest_comparable(org):
    # B-5 (new, nothing planned to date) measures "on-time SHARE" like B-1 (ratio 0.5) but sits
    # on driver D-B like B-2 (ratio 1.05): the measure wins
    org.benefits = pd.concat(
        [
            org.benefits,
            pd.DataFrame(
                {
                    "benefit_id": ["B-5"],
                    "project_id": ["P-2"],
                    "driver_id": ["D-B"],
                    "name": ["Punctual"],
                    "measure": ["on-time  SHARE"],
                    "owner": ["Di"],
                    "baseline": [1.0],
                    "planned_total": [100.0],
                }
            ),
        ],
        ignore_index=True,
    )
    org.benefit_plan = pd.concat([org.benefit_plan, _plan([("B-5", "2026Q4", 100.0)])])
    totals = rz.forecast_to_completion(org, AS_OF, slip_days=pd.Series(dtype=float)).totals
    assert totals.loc["B-5", "forecast_at_completion"] == pytest.approx(50)
    assert totals.loc["B-5", "basis"] == "comparable benefits (same measure)"


# --- what notebook 05 records and shows ------------------------------------------------------


def test_recorded_figures_keep_the_names_labels_and_order_the_index_reads(org):
    result = rz.analyse(org, AS_OF, slip_days=pd.Series(dtype=float))
    figures = {f.name: f for f in result.recorded()}
    names = [f.name for f in result.recorded()]
    assert names[:3] == ["realised_to_date", "planned_to_date", "share_of_plan"]
    assert names[-1] == "business_case_mismatches"
    assert [n for n in names if n.startswith("rule_")] == [f"rule_{r}" for r in rz.RISK_RULES]
    assert len(names) == len(set(names)) == 27
    assert [n for n in names if figures[n].headline] == [
        "share_of_plan",
        "unrealised_plan_at_risk",
        "forecast_at_completion",
    ]
    # by hand: planned to date 200 + 100 + 0 + 200, realised 100 + 105 - 40 (B-4 a cost)
    assert figures["planned_to_date"].value == pytest.approx(500)
    assert figures["realised_to_date"].value == pytest.approx(165)
    assert figures["realised_to_date"].label == "Value realised to date"
    assert figures["realised_to_date"].unit == "money"
    assert figures["top_gap_benefit"].value == "B-4"  # -240 to date, B-1 only -100
    assert figures["chart_level"].value == "programme"
    assert figures["rule_no_owner"].value == 1  # B-2
    # P-1 is closed and still owes B-1 (2 x 100) and B-2 (2 x 50) after 2026Q2
    assert figures["closed_projects_due"].value == 1
    assert figures["closed_value_due"].value == pytest.approx(300)
    assert figures["unevidenced_value"].value == pytest.approx(55)  # B-2's 2026Q2 report
    assert figures["last_quarter"].value == "2026Q2"
    assert figures["forecast_method"].label == ""


def test_chart_level_follows_the_runs_setting(org):
    result = rz.analyse(org, AS_OF, group_by="benefit", max_chart_groups=3)
    assert result.chart_level()[0] == "programme"
    figures = {f.name: f.value for f in result.recorded()}
    assert figures["chart_level"] == "programme"
    wide = rz.analyse(org, AS_OF, group_by="benefit", max_chart_groups=10)
    assert {f.name: f.value for f in wide.recorded()}["chart_level"] == "benefit"


def test_page_sections_state_the_runs_settings_and_link_their_exports(tmp_path, org):
    from vmo_lib.realization import views

    settings = {"at_risk_threshold": 0.5, "stale_quarters": 3, "business_case_tolerance": 0.25}
    result = rz.analyse(org, AS_OF, group_by="project", **settings)
    files = views.export_lists(result, tmp_path / "outputs")
    page = views.Page(result, files, "<b>Acme</b>", rows=15)
    assert page.labels["group"] == "Project"
    assert page.chart_names.to_dict() == {"P-1": "Route planning", "P-2": "Warehouse"}
    rules = views.risk_rules_table(page).data
    assert "more than 50% behind" in rules and "3 planned quarters silent" in rules
    assert "differ by more than 25%" in views.mismatches_table(page).data
    tables = views.realisation_tables(page).data
    assert "by project (2 in all" in tables and "totals by programme" in tables
    assert '05_realisation_programme.csv">' in tables  # a link to the programme export
    gaps = views.gaps_table(page, rz.top_gaps(result.values)).data
    assert "&lt;b&gt;Acme&lt;/b&gt;" in gaps and "<b>Acme</b>" not in gaps
    due = views.closed_due_table(page).data
    assert "2 benefits of 1 projects" in due
    assert "05_benefits_at_risk.csv" in views.exports(page).data


def test_show_panel_shows_the_settings_when_headless(monkeypatch, org):
    from vmo_lib.realization import widgets

    shown: list[object] = []
    monkeypatch.setenv("VMO_HEADLESS", "1")
    monkeypatch.setattr(widgets, "display", shown.append)
    widgets.show_panel(org, rz.analyse(org, AS_OF, group_by="driver"), "Acme")
    assert len(shown) == 1
    assert "grouping <strong>Value driver</strong>" in shown[0].data
