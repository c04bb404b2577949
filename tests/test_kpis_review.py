"""KPI review rules: each with a case that must trigger it and one that must not."""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd
import pytest

from vmo_lib.data import load_organisation
from vmo_lib.kpis import RULES, Kpi, kpi_table, kpis_from_table, parse_stages, review_catalogue
from vmo_lib.kpis.smart import smart_findings, trend_paces
from vmo_lib.kpis.structure import (
    balance_findings,
    coverage_matrix,
    duplicate_findings,
    name_similarity,
    orphan_findings,
)
from vmo_lib.kpis.views import kpi_digest, record_sheet

AS_OF = pd.Timestamp("2026-09-30")
T = pd.Timestamp

GOOD = Kpi(
    kpi_id="K-1",
    name="Cost per order line",
    kind="value",
    purpose="Warehouse efficiency.",
    driver_id="D-WH",
    perspective="financial",
    formula="Warehouse operating cost / order lines picked",
    unit="EUR",
    direction="lower",
    baseline=0.62,
    baseline_date=T("2024-12-31"),
    target=0.45,
    target_date=T("2027-12-31"),
    latest_value=0.55,
    latest_date=T("2026-06-30"),
    frequency="monthly",
    owner="Head of Warehousing",
    data_source="WMS",
    timing="lagging",
    amber_threshold=0.55,
    red_threshold=0.60,
    stages=("closure", "post-closure"),
)

DRIVERS = pd.DataFrame(
    {
        "driver_id": ["O-1", "D-WH", "D-NPS", "D-LM"],
        "parent_id": [None, "O-1", "O-1", "O-1"],
        "name": ["Margin", "Warehouse cost", "Customer experience", "Last-mile cost"],
    }
)


def rules_of(kpi: Kpi) -> set[str]:
    return {f.rule for f in smart_findings(kpi, AS_OF)}


def test_a_complete_kpi_passes_every_smart_rule() -> None:
    assert rules_of(GOOD) == set()


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"name": "Improve customer happiness"}, "vague_name"),
        ({"name": "Better employee engagement"}, "vague_name"),
        ({"name": "Innovation"}, "vague_name"),
        ({"formula": None}, "no_formula"),
        ({"formula": "Cost measured from source data"}, "vague_formula"),
        ({"formula": "TBD"}, "vague_formula"),
        ({"unit": None}, "no_unit"),
        ({"owner": None}, "no_owner"),
        ({"direction": None}, "no_direction"),
        ({"baseline": None}, "no_baseline"),
        ({"target": None}, "no_target"),
        ({"target_date": None}, "no_target_date"),
        ({"target_date": T("2026-06-30")}, "target_date_passed"),
        ({"target": 0.70}, "target_not_better"),  # lower is better, target above baseline
        ({"target": 0.62}, "target_not_better"),  # equal to baseline: no improvement
        ({"amber_threshold": None}, "no_thresholds"),
        ({"amber_threshold": 0.65}, "threshold_order"),  # lower is better: amber above red
        ({"unit": "count"}, "money_unit"),  # 'Cost per order line' counted, not in money
    ],
)
def test_each_smart_rule_fires_on_its_defect(change: dict, rule: str) -> None:
    assert rule in rules_of(replace(GOOD, **change))
    assert rule not in rules_of(GOOD)


def test_money_unit_rule_leaves_counts_and_indices_alone() -> None:
    for name, unit in (
        ("Change requests per project", "count"),
        ("Cost performance index", "count"),
        ("Revenue from new services", "GBP m"),
        ("Budget spent", "%"),
    ):
        assert "money_unit" not in rules_of(replace(GOOD, name=name, unit=unit))
    assert "money_unit" in rules_of(replace(GOOD, name="Savings from automation", unit="number"))


EXPONENT = re.compile(r"\d(\.\d+)?e[+-]?\d", re.I)


def test_no_sentence_shows_an_exponent() -> None:
    """Large and small KPI figures read as people write them: '15 million', '2,650'."""
    big = replace(
        GOOD,
        name="Revenue from digital services",
        unit="GBP",
        direction="higher",
        baseline=2_000_000.0,
        baseline_date=T("2024-01-01"),
        latest_value=2_650.0,  # moved away from the target
        latest_date=T("2026-01-01"),
        target=30_000_000.0,
        target_date=T("2028-01-01"),
        amber_threshold=1_000_000.0,
        red_threshold=5_000_000.0,  # inverted
    )
    steep = replace(big, latest_value=3_000_000.0)
    texts = []
    for kpi in (big, steep, replace(big, target=1_000.0), replace(GOOD, target=0.000_012_5)):
        for found in smart_findings(kpi, AS_OF):
            texts += [found.problem, found.fix]
        texts += record_sheet(kpi)["value"].astype(str).tolist()
    assert texts and not [t for t in texts if EXPONENT.search(t)]
    away = " ".join(f.problem for f in smart_findings(big, AS_OF))
    assert "needs 15 million GBP a year" in away  # (30m - 2,650) over two years
    assert "baseline 2 million" in away and "latest 2,650 on 2026-01-01" in away


def test_vague_name_rule_leaves_measures_alone() -> None:
    for name in (
        "Recipient satisfaction score",
        "WISMO calls per 1,000 parcels",
        "CO2 per shipment",
    ):
        assert "vague_name" not in rules_of(replace(GOOD, name=name))


def test_target_better_than_baseline_respects_direction() -> None:
    higher = replace(GOOD, direction="higher", baseline=88.0, target=95.0, latest_value=None)
    higher = replace(higher, amber_threshold=91.0, red_threshold=89.0)
    assert "target_not_better" not in rules_of(higher)
    assert "target_not_better" in rules_of(replace(higher, target=85.0))


def trend_kpi(target: float, latest: float = 12.0) -> Kpi:
    """Higher is better; baseline 10 on 2024-01-01, latest on 2026-01-01, target 2027-01-01."""
    return replace(
        GOOD,
        direction="higher",
        baseline=10.0,
        baseline_date=T("2024-01-01"),
        latest_value=latest,
        latest_date=T("2026-01-01"),
        target=target,
        target_date=T("2027-01-01"),
        amber_threshold=None,
        red_threshold=None,
    )


def test_trend_paces_by_hand() -> None:
    observed, required = trend_paces(trend_kpi(20.0))
    assert observed == pytest.approx(2 / (731 / 365.25))  # 2 units over 731 days
    assert required == pytest.approx(8 / (365 / 365.25))  # 8 units in 365 days
    assert trend_paces(replace(GOOD, latest_value=None)) is None


def test_trend_rule_steep_away_met_and_in_line() -> None:
    steep = smart_findings(trend_kpi(20.0), AS_OF)  # needs 8/yr against 1/yr seen
    assert [f.rule for f in steep if f.rule == "trend_out_of_line"] == ["trend_out_of_line"]
    assert "8 times" in next(f.problem for f in steep if f.rule == "trend_out_of_line")
    assert "trend_out_of_line" in rules_of(trend_kpi(20.0, latest=9.0))  # moving away
    assert "trend_out_of_line" in rules_of(trend_kpi(11.0))  # latest 12 already beats 11
    assert "trend_out_of_line" not in rules_of(trend_kpi(13.0))  # needs 1/yr, seen 1/yr
    relaxed = {f.rule for f in smart_findings(trend_kpi(20.0), AS_OF, stretch_factor=9)}
    assert "trend_out_of_line" not in relaxed
    assert "trend_out_of_line" not in rules_of(GOOD)  # lower is better, in line (1.4x)


def test_name_similarity_and_duplicates() -> None:
    assert name_similarity("On-time delivery rate", "On time delivery %") == pytest.approx(
        2 * 16 / 37
    )  # difflib on "on time delivery rate" / "on time delivery"
    a = replace(GOOD, kpi_id="K-1", name="On-time delivery rate")
    b = replace(GOOD, kpi_id="K-2", name="On time delivery %", formula=None, purpose=None)
    c = replace(GOOD, kpi_id="K-3", name="Cost performance index", formula="EV / AC")
    d = replace(GOOD, kpi_id="K-4", name="Cost efficiency", formula="ev/ac")
    found = duplicate_findings([a, b, c, d])
    assert [(f.subject, f.rule) for f in found] == [
        ("K-2", "duplicate_name"),  # the less complete of the pair is the one to merge
        ("K-4", "duplicate_formula"),
    ]
    assert "Merge K-2 into K-1" in found[0].fix
    assert duplicate_findings([a, c]) == []
    assert duplicate_findings([a, b], threshold=0.9) == []


def test_orphans_both_ways() -> None:
    linked = replace(GOOD, kpi_id="K-1", driver_id="D-WH")
    nps = replace(GOOD, kpi_id="K-2", driver_id="D-NPS")
    orphan = replace(GOOD, kpi_id="K-3", driver_id=None)
    unknown = replace(GOOD, kpi_id="K-4", driver_id="D-XX")
    execution = replace(GOOD, kpi_id="K-5", kind="execution", driver_id=None)
    found = orphan_findings([linked, nps, orphan, unknown, execution], DRIVERS)
    assert [(f.subject, f.rule) for f in found] == [
        ("K-3", "orphan_kpi"),
        ("K-4", "orphan_kpi"),
        ("D-LM", "unmeasured_driver"),  # a leaf nobody measures; O-1 is not a leaf
    ]
    with_exec = orphan_findings([execution], DRIVERS, orphan_execution=True)
    assert ("K-5", "orphan_kpi") in [(f.subject, f.rule) for f in with_exec]
    full = [linked, nps, replace(GOOD, kpi_id="K-6", driver_id="D-LM")]
    assert orphan_findings(full, DRIVERS) == []


def _balanced() -> list[Kpi]:
    perspectives = ("financial", "business", "operational", "strategic")
    return [
        replace(
            GOOD,
            kpi_id=f"K-{i}",
            perspective=p,
            driver_id=f"D-{i // 2}",
            timing="leading" if i % 2 else "lagging",
        )
        for i, p in enumerate(perspectives * 2)
    ]


def test_balance_rules_positive_and_negative() -> None:
    assert balance_findings(_balanced()) == []
    crowded = [replace(k, driver_id="D-0") for k in _balanced()[:4]]
    rules = {(f.subject, f.rule) for f in balance_findings(crowded, max_per_driver=3)}
    assert ("D-0", "too_many_on_driver") in rules
    assert ("D-0", "too_many_on_driver") not in {
        (f.subject, f.rule) for f in balance_findings(crowded, max_per_driver=4)
    }
    lagging = [replace(k, timing="lagging") for k in _balanced()]
    rules = {f.rule for f in balance_findings(lagging)}
    assert {"lagging_only_driver", "few_leading"} <= rules
    execution = [replace(k, kind="execution") for k in _balanced()[:6]] + _balanced()[6:]
    rules = {(f.subject, f.rule) for f in balance_findings(execution)}
    assert ("catalogue", "execution_heavy") in rules
    assert {("financial", "perspective_gap"), ("business", "perspective_gap")} <= rules
    assert ("strategic", "perspective_gap") not in rules  # K-7 is a strategic value KPI


def test_coverage_matrix_marks_links_and_orphans() -> None:
    kpis = [
        replace(GOOD, kpi_id="K-1", driver_id="D-WH"),
        replace(GOOD, kpi_id="K-2", driver_id=None),
    ]
    matrix = coverage_matrix(kpis, DRIVERS)
    assert list(matrix.index) == ["D-WH", "D-NPS", "D-LM", "(none)"]
    assert matrix.loc["D-WH", "K-1"] == 1 and matrix.loc["(none)", "K-2"] == 1
    assert int(matrix.to_numpy().sum()) == 2


def test_records_round_trip_through_the_table() -> None:
    assert parse_stages("Post-closure; business case, bogus") == ("business case", "post-closure")
    table = kpi_table([GOOD])
    assert table.loc[0, "stages"] == "closure; post-closure"
    assert kpis_from_table(table) == (GOOD,)


def test_harbourline_draft_review_finds_the_planted_flaws() -> None:
    org = load_organisation("harbourline")
    review = review_catalogue(org.kpis, org.value_drivers, AS_OF)
    assert review.subjects("duplicate_name") == ["K-02"]
    assert review.subjects("duplicate_formula") == ["K-25"]
    assert review.subjects("target_not_better") == ["K-06"]
    assert review.subjects("trend_out_of_line") == ["K-03", "K-13", "K-17", "K-20", "K-27"]
    assert set(review.subjects("vague_name")) == {"K-04", "K-19", "K-23"}
    assert review.subjects("too_many_on_driver") == ["D-NPS"]
    assert set(review.subjects("unmeasured_driver")) == {"D-ECOM", "D-INNOV", "D-GREENREV"}
    assert "K-14" in review.subjects("orphan_kpi") and "K-07" not in review.subjects("orphan_kpi")
    verdicts = review.catalogue.set_index("kpi_id")["verdict"]
    assert verdicts["K-01"] == "ready" and verdicts["K-04"] == "rework"
    assert set(review.findings["rule"]) <= set(RULES)
    assert review.findings[["why", "fix", "problem"]].notna().all(axis=None)
    assert review.model_kpi().kpi_id == "K-01"  # the first KPI with no finding
    trend = review.findings_of(rules=["trend_out_of_line"])
    assert trend["subject"].tolist() == ["K-03", "K-13", "K-17", "K-20", "K-27"]
    assert set(review.findings_of(groups=["duplicate"])["subject"]) == {"K-02", "K-25"}
    summary = review.rule_summary().set_index("title")
    assert summary.loc[RULES["duplicate_name"].title, "findings"] == 1
    assert summary.loc[RULES["too_many_on_driver"].title, "why"] == RULES["too_many_on_driver"].why


def test_model_kpi_falls_back_to_the_first_when_none_is_ready() -> None:
    drivers = pd.DataFrame({"driver_id": ["D1"], "parent_id": [None], "name": ["Margin"]})
    kpis = pd.DataFrame({"kpi_id": ["K-1", "K-2"], "name": ["Innovation", "Ideas"]})
    review = review_catalogue(kpis.assign(kind="value"), drivers, AS_OF)
    assert set(review.catalogue["verdict"]) == {"rework"}
    assert review.model_kpi().kpi_id == "K-1"


def test_digest_and_record_sheet_read_like_the_catalogue() -> None:
    org = load_organisation("harbourline")
    review = review_catalogue(org.kpis, org.value_drivers, AS_OF)
    digest = kpi_digest(review).set_index("kpi_id")
    # kpis.csv: K-01 is complete (no row); K-03 has thresholds (25/..) but a steep target
    assert "K-01" not in digest.index
    assert digest.loc["K-03", "verdict"] == "fix"
    assert digest.loc["K-03", "broken"] == RULES["trend_out_of_line"].title
    sheet = record_sheet(review.model_kpi()).set_index("field")["value"]
    assert sheet["KPI id"] == "K-01" and sheet["Baseline date"] == "2024-12-31"
    assert sheet["Stages"] == "closure; post-closure" and sheet["Amber threshold"] == "91"
