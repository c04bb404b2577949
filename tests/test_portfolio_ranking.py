"""Legacy versus value ranking, execution health, remaining cost and the quadrant rules."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vmo_lib.portfolio import (
    compare_rankings,
    execution_health,
    quadrant,
    quadrant_lists,
    remaining_cost,
)


def test_rank_correlations_by_hand():
    # d = (1, -1, 1, -1, 0): rho = 1 - 6 * 4 / (5 * 24) = 0.8. Of 10 pairs, (A,B) and (C,D)
    # are discordant: tau = (8 - 2) / 10 = 0.6.
    ids = list("ABCDE")
    legacy = pd.Series([1, 2, 3, 4, 5], index=ids)
    value = pd.Series([2, 1, 4, 3, 5], index=ids)
    result = compare_rankings(legacy, value)
    assert result.spearman == pytest.approx(0.8)
    assert result.kendall == pytest.approx(0.6)
    assert result.n == 5


def test_legacy_priorities_are_re_ranked_over_the_projects_compared():
    # Priorities 3, 10, 40 are ranks 1, 2, 3 among these projects; a blank is left out.
    legacy = pd.Series([3, 10, 40, 7], index=["A", "B", "C", "D"], dtype=float)
    value = pd.Series([3, 1, 2, np.nan], index=["A", "B", "C", "D"])
    result = compare_rankings(legacy, value)
    assert result.n == 3
    movers = result.movers
    assert movers.loc["A", "legacy_rank"] == 1 and movers.loc["A", "change"] == -2
    assert movers.loc["B", "change"] == 1
    assert movers.index[0] == "A"  # biggest move first
    assert result.spearman == pytest.approx(-0.5)


def test_compare_needs_three_projects():
    with pytest.raises(ValueError, match="at least 3"):
        compare_rankings(pd.Series([1, 2], index=["A", "B"]), pd.Series([1, 2], index=["A", "B"]))


def _projects() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "project_id": ["RUN", "LATE", "NEW", "DONE"],
            "stage": ["in flight", "in flight", "approved", "closed"],
            "rag_status": ["green", "red", "green", "amber"],
            "budget_at_completion": [100.0, 200.0, 50.0, 80.0],
            "planned_value": [50.0, 100.0, 0.0, 80.0],
            "earned_value": [50.0, 70.0, 0.0, 80.0],
            "actual_cost": [45.0, 100.0, 0.0, 90.0],
        }
    )


def test_execution_health_by_hand():
    health = execution_health(_projects())
    # RUN: status 100, CPI 50/45 > 1 -> 100, SPI 1 -> 100: health 100.
    assert health.loc["RUN", "execution_health"] == pytest.approx(100.0)
    # LATE: status 0, CPI 0.7 -> 0, SPI 0.7 -> 0: health 0.
    assert health.loc["LATE", "execution_health"] == pytest.approx(0.0)
    # NEW (not started): status only.
    assert health.loc["NEW", "execution_health"] == pytest.approx(100.0)
    assert np.isnan(health.loc["NEW", "cpi"])
    # DONE: amber 50, CPI 80/90 = 0.889 -> 44.4, SPI 1 -> 100: mean 64.8.
    assert health.loc["DONE", "execution_health"] == pytest.approx((50 + 400 / 9 + 100) / 3)


def test_remaining_cost_is_etc_budget_left_or_zero():
    cost = remaining_cost(_projects())
    # RUN: CPI 50/45, EAC = 100 / (50/45) = 90, ETC = 90 - 45 = 45.
    assert cost["RUN"] == pytest.approx(45.0)
    # LATE: CPI 0.7, EAC = 200 / 0.7 = 285.7, ETC = 185.7.
    assert cost["LATE"] == pytest.approx(200 / 0.7 - 100)
    assert cost["NEW"] == pytest.approx(50.0)  # not started: the whole budget
    assert cost["DONE"] == 0.0  # closed


def test_quadrant_rules_at_and_around_the_thresholds():
    value = pd.Series([50.0, 50.0, 49.9, 49.9, 80.0], index=list("ABCDE"))
    health = pd.Series([60.0, 59.9, 60.0, 59.9, np.nan], index=list("ABCDE"))
    got = quadrant(value, health, value_threshold=50, health_threshold=60)
    # At the threshold counts as high / healthy; unknown health counts as troubled.
    assert got.tolist() == ["accelerate", "rescue", "rethink", "stop", "rescue"]
    table = pd.DataFrame({"project_id": list("ABCDE"), "quadrant": got})
    lists = quadrant_lists(table).set_index("quadrant")
    assert lists.loc["rescue", "projects"] == 2 and lists.loc["rescue", "members"] == "B, E"
    assert lists["projects"].sum() == 5


def test_movers_and_borderline_tables_for_the_handout():
    from vmo_lib.portfolio import Robustness, ValueRanking, views

    ids = list("ABCD")
    table = pd.DataFrame(
        {"name": ["Alpha", "Beta", "Gamma", "Delta"], "stage": ["in flight"] * 4},
        index=pd.Index(ids, name="project_id"),
    ).assign(rag_status=["green", "red", "amber", "green"])
    ranking = ValueRanking(table, None, "weighted_sum", False)  # type: ignore[arg-type]
    # Legacy A B C D, value D C B A: D gains 3 places, A loses 3, B and C one each.
    legacy = compare_rankings(
        pd.Series([1, 2, 3, 4], index=ids), pd.Series([4, 3, 2, 1], index=ids)
    )
    movers = views.movers_frame(legacy, ranking, 2)
    assert movers["project_id"].tolist() == ["D", "A"]  # biggest moves, best value first
    assert movers["name"].tolist() == ["Delta", "Alpha"]
    assert movers["change"].tolist() == [3, -3]
    robust = Robustness(
        pd.DataFrame(
            {
                "funded_share": [1.0, 0.5, 0.05, 0.3],
                "base_rank": [1, 2, 3, 4],
                "rank_low": [1, 1, 2, 3],
                "rank_high": [2, 3, 4, 4],
                "verdict": ["core", "borderline", "out", "borderline"],
            },
            index=pd.Index(ids, name="project_id"),
        ),
        np.zeros((1, 1)),
        "dirichlet",
        100.0,
        0.9,
        0.9,
    )
    borderline = views.borderline_frame(robust, ranking)
    assert borderline["project_id"].tolist() == ["B", "D"]
    assert borderline["name"].tolist() == ["Beta", "Delta"]
    assert "Spearman's correlation" in views.health_sentence_html(legacy)
    assert "-1.00" in views.health_sentence_html(legacy)


def test_forward_npv_of_the_ranking_by_hand_from_the_csv_files():
    # P-03 (approved, not started) at 30 September 2026, 8%: its whole budget is still to
    # spend, timed like its planned costs (2026 for 92 of 365 days); benefits from 2026 on,
    # 2026 for the same share. Everything discounted to 2026. Read straight from the CSV.
    import numpy_financial as npf

    from vmo_lib import drivers, portfolio
    from vmo_lib.data import load_organisation

    flows = pd.read_csv("datasets/harbourline/cashflows.csv")
    flows = flows[(flows["project_id"] == "P-03") & (flows["year"] >= 2026)].sort_values("year")
    projects = pd.read_csv("datasets/harbourline/projects.csv").set_index("project_id")
    assert projects.loc["P-03", "stage"] == "approved"
    assert projects.loc["P-03", "actual_cost"] == 0
    first = (flows["year"] == 2026).to_numpy()
    share = np.where(first, 92 / 365, 1.0)
    planned = flows["investment_cost"].to_numpy(float) * share
    cost = projects.loc["P-03", "budget_at_completion"] * planned / planned.sum()
    benefit = flows["expected_benefit"].to_numpy(float) * share
    org = load_organisation("harbourline")
    ranking = portfolio.rank_by_value(
        org, drivers.leaf_weights(org), financial_weight=0.2, as_of="2026-09-30"
    )
    assert ranking.table.loc["P-03", "npv"] == pytest.approx(npf.npv(0.08, benefit - cost))
    assert ranking.table.loc["P-03", "irr"] == pytest.approx(npf.irr(benefit - cost))
    factors = 1.08 ** -np.arange(len(cost))
    assert ranking.table.loc["P-03", "benefit_cost_ratio"] == pytest.approx(
        (benefit @ factors) / (cost @ factors)
    )


def _open_projects(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(4)
    ids = [f"P-{i:04d}" for i in range(n)]
    return pd.DataFrame(
        {
            "name": [f"Project {i}" for i in range(n)],
            "programme": [f"Programme {i % 3}" for i in range(n)],
            "stage": ["in flight", "approved", "proposed", "in flight"] * (n // 4),
            "legacy_priority": np.arange(1, n + 1, dtype=float),
            "value_score": rng.uniform(0, 60, n),
            "execution_health": rng.uniform(0, 100, n),
            "mandatory": [i == 5 for i in range(n)],
            "remaining_cost": np.full(n, 10.0),
            "funded": [i % 2 == 0 for i in range(n)],
            "decision": ["continue" if i % 2 == 0 else "stop" for i in range(n)],
        },
        index=pd.Index(ids, name="project_id"),
    )


def test_per_project_charts_stay_readable_at_any_size():
    from vmo_lib.display.theme import set_theme
    from vmo_lib.portfolio import charts as charts_portfolio

    set_theme()
    table = _open_projects(400)
    bars = charts_portfolio.value_bar(table)
    assert len(bars.axes[0].get_yticklabels()) == charts_portfolio.SHOWN_BARS
    assert "the 40 best of 400" in bars.axes[0].get_title()
    chart = charts_portfolio.quadrant_chart(table, 30.0, 60.0)
    named = [t for t in chart.axes[0].texts if t.get_text().startswith("P-")]
    assert 0 < len(named) <= charts_portfolio.LABELLED_POINTS
    robust = pd.DataFrame(
        {
            "funded_share": np.linspace(0, 1, 400),
            "base_rank": np.arange(1, 401),
            "rank_low": np.arange(1, 401),
            "rank_high": np.arange(1, 401) + 5,
            "verdict": ["out"] * 40 + ["borderline"] * 320 + ["core"] * 40,
        },
        index=table.index,
    )
    figure = charts_portfolio.robustness_chart(robust, top=40)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert len(labels) == 40
    # The 40 least certain: funded shares nearest one half.
    assert set(labels) == set(robust.index[180:220])


def test_programme_totals_and_decision_summary_by_hand():
    from vmo_lib.display.listing import top_and_bottom
    from vmo_lib.portfolio import funding_review, views

    funded = _open_projects(8)  # costs 10 each; P-0000, 2, 4, 6 funded
    totals = funding_review.programme_totals(funded, budget=100.0).set_index("programme")
    # Programme 0: P-0000, P-0003, P-0006 (two funded); 1: P-0001, 4, 7 (one); 2: P-0002, 5.
    assert totals.loc["Programme 0", ["projects", "n_selected", "cost"]].tolist() == [3, 2, 20.0]
    assert totals.loc["Total", "cost"] == 40.0 and totals.loc["Total", "projects"] == 8
    assert totals.loc["Total", "share_of_budget"] == pytest.approx(0.4)
    summary = funding_review.decision_totals(funded).set_index("decision")
    assert summary.loc["continue", "projects"] == 4 and summary.loc["stop", "cost"] == 40.0
    shown = top_and_bottom(funded.reset_index(), 2, what="projects")
    note = views.shown_note(shown, '<a href="x.csv">x.csv</a>')
    assert "first 2 and last 2 of 8 projects" in note and 'href="x.csv"' in note
    assert views.shown_note(top_and_bottom(funded, 10)) == ""


def test_borderline_list_for_the_handout_keeps_the_least_certain():
    from vmo_lib.portfolio import Robustness, ValueRanking, views

    ids = [f"P-{i:03d}" for i in range(100)]
    table = pd.DataFrame({"name": ids}, index=pd.Index(ids, name="project_id"))
    ranking = ValueRanking(table, None, "weighted_sum", False)  # type: ignore[arg-type]
    share = np.linspace(0.05, 0.85, 100)
    robust = Robustness(
        pd.DataFrame(
            {
                "funded_share": share,
                "base_rank": np.arange(1, 101),
                "rank_low": np.arange(1, 101),
                "rank_high": np.arange(1, 101),
                "verdict": ["borderline"] * 100,
            },
            index=pd.Index(ids, name="project_id"),
        ),
        np.zeros((1, 1)),
        "dirichlet",
        100.0,
        0.9,
        0.9,
    )
    shown = views.borderline_shown(robust, ranking, 5)
    assert shown.truncated and shown.total == 100 and len(shown.table) == 10
    nearest = set(np.array(ids)[np.argsort(np.abs(share - 0.5), kind="stable")[:10]])
    assert set(shown.table["project_id"]) == nearest
    assert "10 least certain of 100" in views.shown_note(shown)
    assert not views.borderline_shown(robust, ranking, 50).truncated
