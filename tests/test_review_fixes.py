"""Fixes from the expert read of the handouts (notebooks 00-03 and 05), each checked against
a hand computation."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from vmo_lib.baseline.eac_ranges import EacRanges
from vmo_lib.baseline.performance import example_projects, programme_totals, project_performance
from vmo_lib.baseline.views.projects import programme_table


def test_programme_budget_in_flight_is_the_budget_of_the_in_flight_sums() -> None:
    # P-01 (Alpha) in flight: BAC 1000, EV 600, AC 750 -> EAC 1000 / 0.8 = 1250, VAC -250.
    # P-04 (Beta) in flight, BAC 300, nothing paid (no EAC); P-02 (Beta) closed, BAC 500.
    totals = programme_totals(project_performance(example_projects())).set_index("programme")
    assert totals.loc["Alpha", "budget_in_flight"] == 1000
    assert totals.loc["Beta", "budget_in_flight"] == 300
    assert totals.loc["All programmes", "budget_in_flight"] == 1300
    alpha = totals.loc["Alpha"]
    assert alpha["vac"] == pytest.approx(alpha["budget_in_flight"] - alpha["eac"])
    assert alpha["vac"] == pytest.approx(-250)
    shown = programme_table(totals.reset_index(), 30, currency="GBP")
    html = shown.to_html()
    assert "Budget (BAC), in flight" in html
    assert "GBP 300<" in html  # Beta's in-flight budget, not the 800 of its delivery projects
    assert "GBP 800<" not in html


def _three_project_ranges() -> tuple[EacRanges, pd.DataFrame]:
    from vmo_lib.baseline.eac_ranges import eac_ranges

    # Three projects with work left and one finished (D). Remaining work W = BAC - EV:
    # A 60, B 20, C 50, D 0.
    projects = pd.DataFrame(
        {
            "project_id": ["A", "B", "C", "D"],
            "name": ["Alpha", "Beta", "Gamma", "Delta"],
            "budget_at_completion": [100.0, 100.0, 100.0, 100.0],
            "earned_value": [40.0, 80.0, 50.0, 100.0],
            "actual_cost": [50.0, 80.0, 100.0, 100.0],
        }
    )
    return eac_ranges(projects, samples=200), projects


def test_eac_range_table_and_chart_show_the_same_widest_projects() -> None:
    from vmo_lib.baseline.eac_ranges import widest_ranges
    from vmo_lib.baseline.schedule_charts import eac_range_chart
    from vmo_lib.baseline.views.schedule import eac_ranges_table

    ranges, projects = _three_project_ranges()
    # Spread over the 4 measured CPIs (0.8, 1, 0.5, 1; median 0.9): the width of a project is
    # AC + W / (CPI x r_P10) - (AC + W / (CPI x r_P90)), so it grows with W / CPI:
    # A 60 / 0.8 = 75, C 50 / 0.5 = 100, B 20 / 1 = 20 -> C, A, B; D has no work left.
    r10, r90 = (float(np.quantile(ranges.relative_cpi, q)) for q in (0.1, 0.9))
    expected = {k: w * (1 / r10 - 1 / r90) for k, w in {"C": 100, "A": 75, "B": 20}.items()}
    widest = widest_ranges(ranges, 2)
    assert widest.rows["project_id"].tolist() == ["C", "A"]
    assert widest.total == 3
    assert widest.rows["width"].tolist() == pytest.approx([expected["C"], expected["A"]])
    assert "2 widest ranges of 3" in widest.note
    table, note = eac_ranges_table(ranges, projects, currency="GBP")
    html = table.to_html()
    assert html.index("Gamma") < html.index("Alpha") < html.index("Beta")  # widest first
    assert "Delta" not in html and "Range (P90 - P10)" in html
    assert "Every project with work left (3)" in note.data
    chart = eac_range_chart(ranges, projects, "GBP")
    labels = [t.get_text() for t in chart.axes[0].get_yticklabels()]
    assert labels == ["B", "A", "C"]  # the table's projects, widest at the top
    assert "each project with work left" in chart.axes[0].get_title()


def test_eac_note_explains_a_portfolio_p50_above_the_sum_of_eacs() -> None:
    from vmo_lib.baseline.views.schedule import eac_ranges_note

    ranges, _ = _three_project_ranges()
    # Each project's EAC is AC + W / (CPI x r): convex in r, so its mean lies above its median
    # and the sum of independent draws sits above the sum of the P50s.
    assert ranges.portfolio["p50"] > ranges.portfolio["point"]
    text = eac_ranges_note(ranges, "GBP").data
    assert "leans towards overrun" in text and "closed projects count at their final cost" in text
    even = EacRanges(
        ranges.projects, {**ranges.portfolio, "p50": ranges.portfolio["point"]}, *_rest(ranges)
    )
    assert "leans towards overrun" not in eac_ranges_note(even, "GBP").data
    # 3,471 million against 3,468 million both print as GBP 3.47bn: nothing to explain.
    close = EacRanges(
        ranges.projects,
        {**ranges.portfolio, "p50": 3.471e9, "point": 3.468e9},
        *_rest(ranges),
    )
    assert "leans towards overrun" not in eac_ranges_note(close, "GBP").data


def _rest(ranges: EacRanges) -> tuple:
    return ranges.relative_cpi, ranges.method, ranges.samples, ranges.seed


def test_tcpi_blank_reason_reads_once_per_case() -> None:
    from vmo_lib.evm import earned_value

    # BAC 100, EV 60: AC 110 has passed the budget, AC 100 has reached it with 40 to do.
    for ac in (110.0, 100.0):
        reason = earned_value(bac=100.0, pv=80.0, ev=60.0, ac=ac).reasons["tcpi"]
        assert reason.endswith(
            "the budget can no longer be met (actual cost has passed the budget, or has "
            "reached it with work still to do)"
        )
    assert earned_value(bac=100.0, pv=80.0, ev=60.0, ac=90.0).tcpi == pytest.approx(40 / 10)


def test_evidence_sentence_keeps_kpi_upper_case_and_counts_have_separators() -> None:
    from vmo_lib.baseline.value_evidence import ValueEvidence
    from vmo_lib.maturity.evidence import Claims
    from vmo_lib.maturity.views.evidence import claims_table, evidence_finding

    # 2,000 projects: 1,000 with an owner (50 %), 400 with a KPI-measured driver (20 %).
    flags = pd.DataFrame(
        {
            "project_id": [f"P-{i}" for i in range(2000)],
            "owner": [i < 1000 for i in range(2000)],
            "kpi": [i < 400 for i in range(2000)],
        }
    )
    shares = pd.DataFrame(
        {
            "check": ["owner", "kpi"],
            "indicator": [
                "Projects with a named benefit owner",
                "Projects whose value drivers are measured by a value KPI",
            ],
            "projects": [1000, 400],
            "share": [0.5, 0.2],
        }
    )
    evidence = ValueEvidence(flags, shares)
    text = evidence_finding(evidence)
    assert text == (
        "The strongest sign is 'projects with a named benefit owner' (50% of 2,000 projects), "
        "the weakest 'projects whose value drivers are measured by a value KPI' (20%)."
    )
    table = shares.assign(source="Portfolio data")[["source", "indicator", "share"]]
    caption = claims_table(Claims(table, None, evidence)).to_html()
    assert "portfolio evidence (2,000 projects)" in caption


def test_reviewed_catalogue_names_the_rules_broken_by_their_titles() -> None:
    from vmo_lib import kpis
    from vmo_lib.data import load_organisation
    from vmo_lib.kpis.views.catalogue import catalogue_view

    org = load_organisation("harbourline")
    review = kpis.review_catalogue(org.kpis, org.value_drivers, "2026-09-30")
    codes = review.catalogue.set_index("kpi_id").loc["K-06", "rules"]
    assert codes == "target_not_better; no_thresholds"  # the calculation keeps its codes
    html = catalogue_view(review, "Harbourline", 50)._repr_html_()
    assert "Target no better than baseline; No red/amber thresholds" in html
    assert "target_not_better" not in html and "no_thresholds" not in html


def test_trend_finding_gives_the_unit_of_both_paces() -> None:
    from vmo_lib import kpis
    from vmo_lib.data import load_organisation

    org = load_organisation("harbourline")
    review = kpis.review_catalogue(org.kpis, org.value_drivers, "2026-09-30")
    found = review.findings
    problem = found.loc[
        (found["subject"] == "K-13") & (found["rule"] == "trend_out_of_line"), "problem"
    ].item()
    # K-13 (EUR m, higher is better): 4 on 2023-12-31, 6.5 on 2026-06-30, target 30 on
    # 2028-12-31. Observed 2.5 over 912 days, required 23.5 over 915 days (per year).
    observed = 2.5 / (912 / 365.25)
    required = 23.5 / (915 / 365.25)
    assert round(observed, 2) == 1.0 and round(required, 2) == 9.38
    assert problem == (
        "The target needs 9.38 EUR m a year, 9.4 times the 1 EUR m a year seen since the baseline."
    )


class _CaptionPage:
    """Stands in for :class:`vmo_lib.realization.views.Page`: its listing returns the caption."""

    def __init__(self, **tables: object) -> None:
        from types import SimpleNamespace

        self.result = SimpleNamespace(**tables)

    def listing(self, frame: object, key: str, caption: str, export: object) -> str:
        return caption


def test_realisation_captions_count_with_thousands_separators() -> None:
    from types import SimpleNamespace

    from vmo_lib.realization.views.sections import at_risk_table, closed_due_table

    at_risk = pd.DataFrame({"benefit_id": [f"B-{i}" for i in range(1840)]})
    assert "(1,840 in all)" in str(at_risk_table(cast(Any, _CaptionPage(at_risk=at_risk))))
    # 1,027 benefits on 1,027 distinct projects, 1,000 each still to come: 1.03 million.
    due = pd.DataFrame({"project_id": [f"P-{i}" for i in range(1027)], "remaining_plan": 1000.0})
    page = _CaptionPage(closed_due=due, kpis=SimpleNamespace(last_quarter="2026Q3"))
    caption = str(closed_due_table(cast(Any, page)))
    assert "1,027 benefits of 1,027 projects" in caption


def test_value_at_risk_note_does_not_read_as_a_change_log() -> None:
    from vmo_lib.realization.uncertainty import ValueUncertainty
    from vmo_lib.realization.views.uncertainty import uncertainty_note

    # Plan 190 million, P10 52.5 million: value at risk (P10) = 137.5 million.
    result = ValueUncertainty(
        52.5e6, 68e6, 84e6, 190e6, 115e6, 1.9e6, np.zeros(1), pd.DataFrame(), 10_000, 0
    )
    text = uncertainty_note(result, "GBP").data
    assert "GBP 137.50M here" in text
    assert "It replaces" not in text and "was not a risk figure" not in text
    assert "quantile of the simulated futures" in text


def test_register_lists_show_money_short_as_the_other_lists() -> None:
    from vmo_lib.realization import RegisterAudit
    from vmo_lib.realization.views.register import attribution_table, delivery_checks

    doubled = pd.DataFrame(
        {"measure": ["Cost per order"], "projects": [["P-1", "P-2"]],
         "benefit_ids": [["B-1", "B-2"]], "attribution_total": [2.0],
         "planned_total": [8_335_715.0], "overclaimed_value": [4_167_857.5]}
    )  # fmt: skip
    early = pd.DataFrame(
        {"benefit_id": ["B-2"], "project_id": ["P-2"], "name": ["Fewer calls"],
         "stage": ["in flight"], "delivery": [pd.Timestamp("2027-01-31")],
         "first_quarter": ["2026Q3"], "quarters": [1], "value_before": [105_253.0]}
    )  # fmt: skip
    audit = RegisterAudit(pd.DataFrame(), doubled, pd.DataFrame(), early)
    table = attribution_table(audit, {}, currency="GBP").data
    # 8,335,715 -> 8.34 million; half of it counted twice -> 4.17 million.
    assert "GBP 8.34M" in table and "GBP 4.17M" in table and "8,335,715" not in table
    checks = delivery_checks(audit, {}, currency="GBP").data
    assert "GBP 105k" in checks and "105,253" not in checks


def test_method_difference_is_shown_in_percentage_points() -> None:
    from vmo_lib.drivers.methods import MethodComparison
    from vmo_lib.drivers.views import methods_table

    # D-PROD: 11.4 %, 13.2 %, 16.7 % -> largest difference 16.7 - 11.4 = 5.3 points.
    leaves = pd.DataFrame(
        {"driver_id": ["D-PROD"], "name": ["Productivity"], "category": ["operational"],
         "ahp": [0.114], "points": [0.132], "rank": [0.167], "spread": [0.167 - 0.114]}
    )  # fmt: skip
    comparison = MethodComparison({"ahp": None, "points": None, "rank": None}, leaves)  # type: ignore[dict-item]
    html = methods_table(comparison).to_html()
    assert "Largest difference (percentage points)" in html
    assert ">5.3<" in html and "5.3%" not in html
    assert "16.7%" in html  # the shares themselves stay percentages


def test_gap_bar_keeps_one_bar_per_benefit_when_names_repeat() -> None:
    from vmo_lib.realization.charts import gap_bar

    # B-1 and B-3 share name and owner; the old chart drew them on one category row.
    gaps = pd.DataFrame(
        {"benefit_id": ["B-1", "B-2", "B-3"], "name": ["Less waste", "Fewer calls", "Less waste"],
         "project_id": ["P-1", "P-2", "P-3"], "owner": ["Head", "COO", "Head"],
         "planned_to_date": [300.0, 200.0, 150.0], "realised_to_date": [0.0, 20.0, 50.0],
         "value_variance": [-300.0, -180.0, -100.0], "realisation_index": [0.0, 0.1, 0.33]}
    )  # fmt: skip
    ax = gap_bar(gaps, "GBP").axes[0]
    widths = [cast(Rectangle, bar).get_width() for bar in ax.patches]
    labels = [t.get_text().split("\n")[0] for t in ax.get_yticklabels()]
    assert widths == [-100.0, -180.0, -300.0]  # bottom to top: largest gap at the top
    assert labels == ["B-3 Less waste", "B-2 Fewer calls", "B-1 Less waste"]


def _schedule(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` projects in flight with SPI(t) 0.5, 0.51, ... and one closed at SPI(t) 0.9."""
    ids = [f"P-{i:02d}" for i in range(n + 1)]
    schedule = pd.DataFrame(
        {
            "project_id": ids,
            "stage": ["in flight"] * n + ["closed"],
            "es": 5.0,
            "actual_time": 6.0,
            "spi_t": [0.5 + i / 100 for i in range(n)] + [0.9],
            "sv_t": -1.0,
            "forecast_finish_es": pd.Timestamp("2027-01-31"),
        }
    )
    projects = pd.DataFrame(
        {"project_id": ids, "name": ids, "forecast_finish": pd.Timestamp("2027-01-01")}
    )
    return schedule, projects


def test_schedule_table_follows_max_listed_and_closed_table_has_a_header() -> None:
    from vmo_lib.baseline.views.schedule import closed_schedule_table, schedule_forecast_table

    schedule, projects = _schedule(22)
    table, note = schedule_forecast_table(schedule, projects, 30)
    assert table.to_html().count("<tr>") == 1 + 22  # header and every one of the 22 rows
    assert note.data == ""
    table, note = schedule_forecast_table(schedule, projects, 10)
    assert table.to_html().count("<tr>") == 1 + 10
    assert "5 lowest and 5 highest of 22" in note.data
    closed = closed_schedule_table(schedule, projects).to_html()
    assert ">Figure<" in closed and "schedule performance in money (SPI)" in closed


def test_trend_check_without_findings_says_so_instead_of_an_empty_table() -> None:
    from vmo_lib import kpis
    from vmo_lib.data import load_organisation
    from vmo_lib.kpis.smart import trend_paces
    from vmo_lib.kpis.views.catalogue import trend_view
    from vmo_lib.kpis.views.lists import Note

    org = load_organisation("harbourline")
    strict = kpis.ReviewSettings(stretch_factor=10_000)  # no target needs 10,000 x the pace
    catalogue = org.kpis.loc[org.kpis["kpi_id"] != "K-27"]  # K-27 already meets its target
    review = kpis.review_catalogue(catalogue, org.value_drivers, "2026-09-30", strict)
    checked = sum(trend_paces(kpi) is not None for kpi in review.kpis)
    assert 0 < checked < len(review.kpis)
    view = trend_view(review)
    assert isinstance(view, Note)
    text = view.html
    assert "No target is out of line" in text and "stretch factor of 10000" in text
    assert f"{checked} of {len(review.kpis)} KPIs" in text and "<table" not in text


def test_closed_projects_have_no_spi_on_the_scorecard() -> None:
    from vmo_lib.kpis.measures import execution_kpis, execution_rules
    from vmo_lib.kpis.scorecard import DEFAULT_THRESHOLDS, rate_many

    kpis = execution_kpis(example_projects(), "2026-09-30")
    frame = kpis.projects.set_index("project_id")
    # P-02 closed (EV = PV = BAC = 500): SPI would be 1.00 whatever its slip of 10 days.
    assert np.isnan(frame.loc["P-02", "spi"])
    assert frame.loc["P-01", "spi"] == pytest.approx(600 / 800)  # in flight: kept
    spi = next(t for t in DEFAULT_THRESHOLDS if t.measure == "spi")
    assert rate_many(frame["spi"], spi).loc["P-02"] == "n/a"
    assert any("closed project's SPI is left blank" in r for r in execution_rules(kpis, 0.05, 30))


def test_slip_histogram_puts_every_on_time_project_left_of_the_line() -> None:
    from vmo_lib.baseline.charts import slip_histogram

    # Tolerance 45 days: slips 0, 30, 45 are on time (3), 46 and 100 are late (2).
    performance = pd.DataFrame(
        {"slip_days": [0.0, 30.0, 45.0, 46.0, 100.0], "stage": ["in flight"] * 5}
    )
    ax = slip_histogram(performance, tolerance_days=45).axes[0]
    bars = [cast(Rectangle, p) for p in ax.patches]
    left = sum(b.get_height() for b in bars if b.get_x() + b.get_width() <= 45.5)
    right = sum(b.get_height() for b in bars if b.get_x() >= 45.5)
    assert (left, right) == (3, 2)
