"""Invariants of the Harbourline case study: the story its figures tell is one story.

Each test is one invariant listed in ``datasets/harbourline/README.md`` (section
"Invariants"), checked on a fresh build so a change to the generator cannot make the tables,
the KPIs or the README disagree. Figures are recomputed here from the tables, independently of
the analysis code in ``vmo_lib``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from test_casestudy import consistency_ratio, judgement_matrix, spearman, value_scores

from vmo_lib.data.casestudy import DATASET_DIR, build_case_study
from vmo_lib.data.synthetic.harbourline.company import EBIT, EMPLOYEES, NEW_REVENUE_MARGIN, REVENUE

README = DATASET_DIR / "README.md"
MISMATCHES = {"P-16": 2.0, "P-25": 1.3, "P-35": 0.6}  # project -> register / business case
MANDATORY = {"P-23", "P-45", "P-46", "P-47", "P-50", "P-51"}
MONEY_WORDS = re.compile(r"\b(?:cost|costs|fees?|revenue|penalt\w*|licen[cs]e|discounts?|bills?)\b")


@pytest.fixture(scope="module")
def case() -> dict[str, pd.DataFrame]:
    return build_case_study()


@pytest.fixture(scope="module")
def readme() -> str:
    return " ".join(README.read_text(encoding="utf-8").split())  # one line: phrases may wrap


def register_totals(case: dict[str, pd.DataFrame]) -> pd.Series:
    """Planned benefit (EUR) per project: the register's ``planned_total`` summed."""
    return case["benefits"].groupby("project_id")["planned_total"].sum()


def is_currency(unit: object) -> bool:
    """A currency unit: the case study's currency, alone or per something (``EUR k/year``)."""
    return isinstance(unit, str) and re.match(r"EUR\b", unit) is not None


def open_remaining_cost(projects: pd.DataFrame) -> pd.Series:
    """What each open project still needs (EUR): EAC - AC with EAC = BAC / CPI once work is
    paid for, the whole BAC before it starts; 0 once closed."""
    p = projects.set_index("project_id")
    cpi = p["earned_value"] / p["actual_cost"].where(p["actual_cost"] > 0)
    etc = (p["budget_at_completion"] / cpi - p["actual_cost"]).where(cpi.notna())
    need = etc.fillna(p["budget_at_completion"] - p["actual_cost"]).clip(lower=0)
    return need.where(p["stage"] != "closed", 0.0)


# 1. the register reconciles with the business cases -----------------------------------------


def test_register_within_ten_percent_except_the_named_mismatches(
    case: dict[str, pd.DataFrame],
) -> None:
    register = register_totals(case)
    case_benefit = case["projects"].set_index("project_id")["business_case_benefit"]
    ratio = register / case_benefit.reindex(register.index)
    off = ratio[(ratio - 1).abs() > 0.10]
    assert off.round(2).to_dict() == MISMATCHES
    assert len(register) == 46  # every started project registered something


def test_register_plans_cover_the_business_case_years(case: dict[str, pd.DataFrame]) -> None:
    plan = case["benefit_plan"].merge(case["benefits"][["benefit_id", "project_id"]])
    plan["year"] = plan["quarter"].str[:4].astype(int)
    planned = plan.groupby(["project_id", "year"])["planned_value"].sum()
    flows = case["cashflows"].set_index(["project_id", "year"])["expected_benefit"]
    flows = flows[flows.index.get_level_values(0).isin(planned.index.get_level_values(0))]
    flows = flows[flows > 0]
    assert set(planned[planned != 0].index) == set(flows.index)
    fair = ~planned.index.get_level_values(0).isin(list(MISMATCHES))
    ok = np.isclose(planned[fair], flows.reindex(planned[fair].index), rtol=0.01, atol=5)
    assert ok.all()


# 2. benefits in proportion to the company ---------------------------------------------------


def test_yearly_benefits_are_at_most_half_of_ebit(case: dict[str, pd.DataFrame]) -> None:
    yearly = case["cashflows"].groupby("year")["expected_benefit"].sum()
    assert yearly.max() <= 0.5 * EBIT
    assert yearly.max() >= 0.3 * EBIT  # and enough to matter for the margin objective
    assert round(EBIT / REVENUE, 3) == 0.031


def test_new_revenue_counts_at_margin(case: dict[str, pd.DataFrame]) -> None:
    b = case["benefits"]
    revenue = b[(b["unit"] == "EUR m/year") & b["measure"].str.contains("revenue", case=False)]
    assert len(revenue) == 5
    plan = case["benefit_plan"]
    last_year = plan[plan["quarter"].str.startswith(plan["quarter"].max()[:4])]
    yearly = last_year.groupby("benefit_id")["planned_value"].sum()
    baseline = revenue["baseline"].fillna(0)  # a blank baseline means nothing before
    at_margin = (revenue["target"] - baseline) * 1e6 * NEW_REVENUE_MARGIN
    got = yearly.reindex(revenue["benefit_id"]).to_numpy()
    # the blanked baselines of the register hide the uplift; where given, it is exact
    given = revenue["baseline"].notna().to_numpy()
    assert given.sum() >= 3
    np.testing.assert_allclose(got[given], at_margin.to_numpy()[given], rtol=0.001)


# 3. KPIs agree with the register and the story ----------------------------------------------


def realisation_rate(case: dict[str, pd.DataFrame], quarter: str) -> float:
    plan, actuals = case["benefit_plan"], case["benefit_actuals"]
    realised = actuals.loc[actuals["quarter"] <= quarter, "realised_value"].sum()
    planned = plan.loc[plan["quarter"] <= quarter, "planned_value"].sum()
    return 100 * realised / planned


def test_k17_reports_the_register(case: dict[str, pd.DataFrame]) -> None:
    k17 = case["kpis"].set_index("kpi_id").loc["K-17"]
    assert k17["baseline_date"] == pd.Timestamp("2025-12-31")
    assert k17["latest_date"] == pd.Timestamp("2026-06-30")
    assert k17["baseline"] == pytest.approx(realisation_rate(case, "2025Q4"), abs=0.05)
    assert k17["latest_value"] == pytest.approx(realisation_rate(case, "2026Q2"), abs=0.05)


def test_co2_target_halves_the_baseline(case: dict[str, pd.DataFrame]) -> None:
    k12 = case["kpis"].set_index("kpi_id").loc["K-12"]
    assert k12["target"] == pytest.approx(k12["baseline"] / 2)
    assert k12["baseline_date"].year == 2022 and k12["target_date"].year == 2030
    assert "Halve CO2 per shipment by 2030 against 2022" in " ".join(
        case["value_drivers"]["description"]
    )


def test_no_kpi_meets_its_target_before_its_project_goes_live(
    case: dict[str, pd.DataFrame],
) -> None:
    """A KPI measured like a benefit of a project still to go live has not met its target."""
    k = case["kpis"].dropna(subset=["latest_value", "target", "direction"])
    met = np.where(
        k["direction"] == "lower",
        k["latest_value"] <= k["target"],
        k["latest_value"] >= k["target"],
    )
    p = case["projects"].set_index("project_id")
    not_live = p.index[p["stage"] != "closed"]
    b = case["benefits"]
    pending = set(b.loc[b["project_id"].isin(not_live), "measure"].str.lower())
    for kpi_id, name, is_met in zip(k["kpi_id"], k["name"], met, strict=True):
        if name.lower() in pending:
            assert not is_met, kpi_id
    k20 = case["kpis"].set_index("kpi_id").loc["K-20"]
    assert "wismo calls per 1,000 parcels" in pending and k20["latest_value"] > k20["target"]


# 4. comments fit the stage ------------------------------------------------------------------


def test_comments_fit_the_stage(case: dict[str, pd.DataFrame]) -> None:
    p = case["projects"].dropna(subset=["comments"])
    comments = p["comments"].str.lower()
    not_started = p["stage"].isin(["proposed", "approved"])
    started_words = r"go-live|rehearsal|milestone|testing|delivered|on track|slipped|overrun"
    assert not comments[not_started].str.contains(started_words).any()
    closed = p["stage"] == "closed"
    assert not comments[closed].str.contains(r"re-baseline|recovery plan|behind plan").any()


# 5. units fit the measure -------------------------------------------------------------------


def test_money_measures_have_a_currency_unit(case: dict[str, pd.DataFrame]) -> None:
    b = case["benefits"]
    for what in ("measure", "name"):
        money = b[what].str.lower().str.contains(MONEY_WORDS)
        if what == "name":
            money &= ~b["name"].str.lower().str.contains("risk of")  # a risk is not money
        assert b.loc[money, "unit"].map(is_currency).all(), b.loc[money, [what, "unit"]]
    assert b.loc[b["unit"].map(is_currency), "measure"].str.lower().str.contains(MONEY_WORDS).all()
    k = case["kpis"].dropna(subset=["unit"])
    # "Cost performance index" and "Cost efficiency" are ratios of money: not money
    money_kpi = k["name"].str.lower().str.contains(r"\bcost per\b|\brevenue\b|\bpayback\b")
    money_kpi &= ~k["name"].str.lower().str.contains("payback")  # payback is in years
    assert k.loc[money_kpi, "unit"].map(is_currency).all()
    assert (k.loc[k["unit"] == "count", "name"].str.lower().str.contains(MONEY_WORDS)).sum() == 0


# 6. legal duties are mandatory --------------------------------------------------------------


def test_legal_duties_are_mandatory(case: dict[str, pd.DataFrame]) -> None:
    p = case["projects"].set_index("project_id")
    assert set(p.index[p["mandatory"] == "true"]) == MANDATORY
    assert set(p["mandatory"]) == {"true", "false"}
    assert set(p["investment_category"]) == {"run", "grow", "transform"}
    assert (p.loc[sorted(MANDATORY), "investment_category"] == "run").all()
    names = p.loc[sorted(MANDATORY), "name"].str.cat(sep=" | ")
    for duty in ("ICS2", "NIS2", "GDPR", "CSRD", "Tachograph", "safety"):
        assert duty in names


# 7. funding the duties first leaves a real choice -------------------------------------------


def test_mandatory_work_leaves_a_real_choice(case: dict[str, pd.DataFrame]) -> None:
    p = case["projects"].set_index("project_id")
    need = open_remaining_cost(case["projects"])
    current = need[p["stage"].isin(["approved", "in flight"])].sum()  # notebook 04's budget
    duties = need[(p["mandatory"] == "true") & (p["stage"] != "closed")]
    assert len(duties) == 3 and 0 < duties.sum() <= 0.10 * current
    assert need.sum() >= 1.2 * current  # more asks than money: a choice to make


# 8. the story's statistics ------------------------------------------------------------------


def test_legacy_and_value_rankings_disagree_about_minus_point_three(
    case: dict[str, pd.DataFrame],
) -> None:
    p = case["projects"].set_index("project_id")
    value_rank = value_scores(case).rank(ascending=False).reindex(p.index)
    assert -0.5 <= spearman(p["legacy_priority"], value_rank) <= -0.1


def test_cio_consistency_ratio_about_point_eight(case: dict[str, pd.DataFrame]) -> None:
    d = case["value_drivers"]
    objectives = d.loc[d["parent_id"].isna(), "driver_id"].tolist()
    ratios = {
        e: consistency_ratio(judgement_matrix(rows, objectives))
        for e, rows in case["driver_judgements"].groupby("executive")
    }
    assert 0.7 <= ratios.pop("CIO") <= 0.95
    assert max(ratios.values()) < 0.10


# 9. README figures come from the data -------------------------------------------------------


def money_m(amount: float) -> str:
    return f"EUR {amount / 1e6:.1f} m"


def test_readme_portfolio_figures(case: dict[str, pd.DataFrame], readme: str) -> None:
    p = case["projects"]
    budget = p.groupby("stage")["budget_at_completion"].sum()
    assert f"portfolio of {len(p)} projects in {p['programme'].nunique()} programmes" in (
        readme.replace("five programmes", "5 programmes")
    )
    assert f"{money_m(budget.sum())} of budgets" in readme
    committed = budget.drop("proposed").sum()
    assert f"of which {money_m(committed)} for projects approved, running or closed" in readme
    assert f"{money_m(budget['proposed'])} for proposals not yet approved" in readme
    assert f"({p['benefit_owner'].isna().sum()} of {len(p)}) name no benefit owner" in readme
    b = case["benefits"]
    assert f"There are {len(b)} benefits on {b['project_id'].nunique()} projects" in readme


def test_readme_company_figures(case: dict[str, pd.DataFrame], readme: str) -> None:
    assert f"**EUR {REVENUE / 1e9:.1f} bn**" in readme
    assert f"**EUR {EBIT / 1e6:.0f} m**, {100 * EBIT / REVENUE:.1f} %" in readme
    assert f"employs some {EMPLOYEES:,} people" in readme
    assert f"{NEW_REVENUE_MARGIN:.0%} contribution margin".replace("%", " %") in readme
    p, flows = case["projects"], case["cashflows"]
    last = flows["year"].max()
    assert f"promise {money_m(p['business_case_benefit'].sum())} of benefits up to {last}" in (
        readme
    )
    yearly = flows.groupby("year")["expected_benefit"].sum()
    full = yearly.loc[2030:]
    assert full.max() - full.min() < 1_000  # every project live from 2030
    assert f"from 2030, with every project live, {money_m(full.max())} a year" in readme
    assert f"{100 * full.max() / EBIT:.0f} % of today's EBIT" in readme
    # "about what the 4.5 % margin objective needs": 1.4 points of today's revenue
    assert "the board wants 4.5 %" in readme and "4.5 % margin objective needs" in readme
    assert full.max() == pytest.approx((0.045 - EBIT / REVENUE) * REVENUE, rel=0.1)


def test_readme_kpi_and_survey_figures(case: dict[str, pd.DataFrame], readme: str) -> None:
    assert f"{realisation_rate(case, '2026Q2'):.1f} % to 2026Q2" in readme
    a = case["pmo_assessment"]
    assert f"In the {a['respondent_id'].nunique()}-person survey" in readme
    by_role = a.groupby("role")["current_level"].mean()
    gap = by_role["Executive"] - by_role["Project manager"]
    assert f"about {gap:.1f} levels higher than project managers" in readme
    assert "(consistency ratio about 0.8)" in readme
    assert "Spearman rank correlation is about -0.3" in readme


def test_top_level_readme_figures(case: dict[str, pd.DataFrame]) -> None:
    text = " ".join((DATASET_DIR.parents[1] / "README.md").read_text(encoding="utf-8").split())
    assert "company with about fifty projects" in text
    assert 45 <= len(case["projects"]) <= 55


def test_readme_names_the_mismatches_and_the_duties(readme: str) -> None:
    for pid in MISMATCHES:
        assert pid in readme
    assert "twice the business case" in readme and "30 % above" in readme
    assert "60 % of the business case" in readme
    for pid in MANDATORY:
        assert f"({pid})" in readme
    section = readme.split("## Invariants")[1].split("## Files")[0]
    assert len(re.findall(r" \d\. \*\*", " " + section)) == 9
