"""Funding constraints as texts: parsing, yearly costs, fall-back; notebook 04 honouring them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from notebook_runs import assert_no_errors, run_notebook

from vmo_lib import drivers, portfolio
from vmo_lib.data import load_organisation
from vmo_lib.notebook.record import read_records
from vmo_lib.portfolio import widgets
from vmo_lib.portfolio.decision import candidate_inputs, decide
from vmo_lib.portfolio.funding.constraints import (
    ConstraintError,
    FundingConstraints,
    parse_constraints,
    parse_ids,
)
from vmo_lib.portfolio.yearly_costs import parse_money, yearly_remaining_costs

NOTEBOOK = "04_portfolio_reranking"
ACTIVE = pd.DataFrame(
    {
        "programme": ["Digital Customer", "Digital Customer", "Network & Warehouse", "Fleet"],
        "remaining_cost": [100.0, 200.0, 300.0, 400.0],
    },
    index=pd.Index(["P-01", "P-02", "P-10", "P-11"], name="project_id"),
)
STAGES = {"P-01": "in flight", "P-02": "approved", "P-10": "proposed", "P-11": "proposed"}
STAGES["P-04"] = "closed"


def _problems(**texts: str) -> list[str]:
    with pytest.raises(ConstraintError) as caught:
        parse_constraints(ACTIVE, stages=STAGES, **texts)
    return caught.value.problems


# --- parsing: valid settings ---------------------------------------------------------------


def test_valid_texts_parse_to_selection_arguments():
    rules = parse_constraints(
        ACTIVE,
        must_fund="P-01, P-02;P-01",
        must_not_fund="P-11",
        depends_on="P-10 needs P-01 and P-02; P-11 REQUIRES P-10",
        exclusive="P-01 | P-10; P-02|P-11",
        programme_shares="digital customer=10%-40%; Network=-25%; Fleet=5-",
    )
    assert rules.must_fund == ("P-01", "P-02") and rules.must_not_fund == ("P-11",)
    assert rules.requires == (("P-10", "P-01"), ("P-10", "P-02"), ("P-11", "P-10"))
    assert rules.exclusive == (("P-01", "P-10"), ("P-02", "P-11"))
    assert rules.programme_shares == {
        "Digital Customer": (0.10, 0.40),
        "Network & Warehouse": (None, 0.25),
        "Fleet": (0.05, None),
    }
    kwargs = rules.selection_kwargs()
    assert kwargs["groups"]["P-10"] == "Network & Warehouse"
    assert "yearly_budgets" not in kwargs and rules.beyond_forced
    assert rules.greedy_kwargs() == {"must_fund": ("P-01", "P-02"), "must_not_fund": ("P-11",)}
    assert not FundingConstraints(must_fund=("P-01",)).beyond_forced


def test_money_amounts():
    assert [parse_money(t) for t in ("20m", "1.5bn", "500k", "20,000,000", "EUR 2m")] == [
        20e6,
        1.5e9,
        500e3,
        20e6,
        2e6,
    ]


def test_parse_ids_alone_raises_with_a_suggestion():
    known = pd.Index(["P-01", "P-02"])
    assert parse_ids(" P-01 ;P-02,", known, "must_fund") == ("P-01", "P-02")
    with pytest.raises(ValueError, match=r"must_not_fund: no project .* 'P-99'"):
        parse_ids("P-01, P-99", known, "must_not_fund")


# --- parsing: each error, and all of them at once ------------------------------------------


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            {"must_fund": "P-O1"},
            "must_fund: no project open to funding with id 'P-O1' (did you mean 'P-01'?)",
        ),
        ({"must_not_fund": "P-04"}, "must_not_fund: project 'P-04' is closed, not open to funding"),
        ({"depends_on": "P-10 after P-01"}, "depends_on: 'P-10 after P-01' is not of the form"),
        ({"depends_on": "P-10 needs P-10"}, "a project cannot need itself"),
        (
            {"depends_on": "P-10 needs P-77"},
            "depends_on: no project open to funding with id 'P-77'",
        ),
        ({"exclusive": "P-01"}, "exclusive: 'P-01' is not of the form 'P-20 | P-21'"),
        ({"exclusive": "P-01 | P-01"}, "names a project twice"),
        (
            {"programme_shares": "Digitl Customer=10%-"},
            "no programme 'Digitl Customer' (did you mean 'Digital Customer'?)",
        ),
        ({"programme_shares": "Digital=40%-10%"}, "the minimum is above the maximum"),
        (
            {"programme_shares": "Digital=10%-140%"},
            "'140%' is not a percentage between 0% and 100%",
        ),
        ({"programme_shares": "Digital=0.1-0.4"}, "shares are percentages"),
        ({"programme_shares": "Digital=a-"}, "'a' is not a percentage"),
        ({"programme_shares": "Digital 10%"}, "is not of the form 'Programme=10%-40%'"),
        (
            {"programme_shares": "Digital=1%-; Digital Customer=-50%"},
            "'Digital Customer' is given twice",
        ),
        ({"yearly_budgets": "2027=20m"}, "yearly_budgets: needs the cashflows table"),
    ],
)
def test_each_bad_setting_is_named(texts, expected):
    problems = _problems(**texts)
    assert len(problems) == 1
    assert expected in problems[0]


def test_ambiguous_programme_start_lists_the_candidates():
    active = ACTIVE.assign(programme=["Network A", "Network B", "Fleet", "Fleet"])
    with pytest.raises(ConstraintError, match="'Network' could be any of Network A, Network B"):
        parse_constraints(active, programme_shares="Network=-10%")


def test_every_problem_is_listed_at_once():
    flows = pd.DataFrame({"project_id": ["P-01"], "year": [2027], "investment_cost": [1.0]})
    with pytest.raises(ConstraintError) as caught:
        parse_constraints(
            ACTIVE,
            stages=STAGES,
            cashflows=flows,
            as_of="2026-09-30",
            must_fund="P-99",
            depends_on="P-01 wants P-02",
            exclusive="P-01",
            programme_shares="Fleet=50%-10%",
            yearly_budgets="2025=1m; 2027=lots; 2028",
        )
    message = str(caught.value)
    assert message.startswith("The funding constraints have 7 problem(s):")
    assert "2025 is before the as-of year 2026" in message
    assert "'2027=lots': 'lots' is not an amount" in message
    assert "'2028' is not of the form '2027=20m'" in message


# --- yearly costs from the cash flows --------------------------------------------------------


def test_yearly_costs_follow_the_plan_from_the_as_of_date_scaled_to_what_is_left():
    flows = pd.DataFrame(
        {
            "project_id": ["A", "A", "A", "B", "B", "C"],
            "year": [2025, 2026, 2027, 2025, 2026, 2027],
            "investment_cost": [999.0, 365.0, 300.0, 50.0, 50.0, 0.0],
        }
    )
    remaining = pd.Series({"A": 500.0, "B": 80.0, "C": 10.0, "D": 7.0})
    # 2026-10-01: 91 of 365 days of 2026 left. A's plan from then on: 91 in 2026 and 300 in
    # 2027 (2025 is sunk); scaled to 500: 500*91/391 and 500*300/391. B and C have nothing
    # planned after the as-of date, D no cash flows: everything in 2026.
    table = yearly_remaining_costs(flows, remaining, "2026-10-01")
    assert list(table.columns) == [2026, 2027]
    assert table.loc["A"].tolist() == pytest.approx([500 * 91 / 391, 500 * 300 / 391])
    assert table.loc["B"].tolist() == [80.0, 0.0]
    assert table.loc["C"].tolist() == [10.0, 0.0]
    assert table.loc["D"].tolist() == [7.0, 0.0]


def test_yearly_budgets_reach_the_selection():
    flows = pd.DataFrame(
        {"project_id": ["P-01", "P-02", "P-10", "P-11"], "year": 2027, "investment_cost": 1.0}
    )
    rules = parse_constraints(
        ACTIVE, cashflows=flows, as_of="2026-12-31", yearly_budgets="2027=350; 2031=1k"
    )
    kwargs = rules.selection_kwargs()
    assert kwargs["yearly_budgets"] == {2027: 350.0, 2031: 1000.0}
    assert kwargs["yearly_costs"].loc["P-10", 2027] == 300.0
    assert kwargs["yearly_costs"].loc["P-10", 2031] == 0.0
    values = pd.Series({"P-01": 2.0, "P-02": 5.0, "P-10": 6.0, "P-11": 9.0})
    pick = portfolio.select_projects(values, ACTIVE["remaining_cost"], 10_000, **kwargs)
    # Everything is spent in 2027 (no day of 2026 left), at most 350: P-11 (400) never fits,
    # and of the sets that do, P-01 + P-02 (cost 300, value 7) beats P-10 alone (6).
    assert pick.selected == ("P-01", "P-02")


# --- the decision: infeasible constraints fall back, the greedy curve honours forced lists ---


@pytest.fixture(scope="module")
def ranking():
    org = load_organisation("harbourline")
    return portfolio.rank_by_value(org, drivers.leaf_weights(org), risk_adjusted=True)


def test_infeasible_constraints_give_a_note_and_the_unconstrained_decision(ranking):
    rules = parse_constraints(
        ranking.active, must_fund="P-05", programme_shares="Digital Customer=-10%"
    )
    funding = decide(ranking, 0, rules)
    assert funding.infeasible and funding.rules == FundingConstraints()
    assert "must fund 'P-05'" in funding.note and "Digital Customer" in funding.note
    values, costs = candidate_inputs(ranking)
    free = portfolio.select_projects(values, costs, funding.budget)
    assert funding.selection.total_value == pytest.approx(free.total_value)


def test_greedy_curve_of_the_what_if_leaves_out_must_not_fund(ranking):
    best = ranking.active.index[0]
    kwargs = FundingConstraints(must_not_fund=(best,)).selection_kwargs()
    view = widgets.what_if(ranking, ranking.criteria.weights, 20e6, kwargs)
    assert best not in set(view.greedy["project"])
    at_steps = view.frontier.set_index("budget")["total_value"]
    greedy = view.greedy.set_index("cumulative_cost")["cumulative_value"]
    assert (at_steps.reindex(greedy.index).to_numpy() >= greedy.to_numpy() - 1e-9).all()
    assert not view.greedy_ignores


def test_live_panel_names_the_conflict_instead_of_failing(ranking, capsys):
    panel = widgets.panel(ranking, 20e6, {"must_fund": ("P-13",)})
    budget = panel.children[0].children[1].children[0]
    budget.value = 1.0  # EUR 1M: less than P-13 still needs (EUR 8.4M)
    shown = capsys.readouterr().out
    assert "No portfolio at this budget meets the constraints." in shown
    assert "must fund 'P-13'" in shown


# --- notebook 04 with every kind of constraint -------------------------------------------


CONSTRAINED = {
    "depends_on": "P-10 needs P-03; P-22 needs P-07",
    "exclusive": "P-20 | P-21; P-30 | P-32",
    "programme_shares": "Digital Customer=10%-30%; Network=-25%",
    "yearly_budgets": "2027=20m; 2028=8m",
}


def _run(out: Path, **params: str) -> Path:
    run_notebook(NOTEBOOK, out, robustness_samples="20", **params)
    assert_no_errors(out / f"{NOTEBOOK}.ipynb")
    return out


@pytest.fixture(scope="module")
def constrained_run(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("nb04c"), **CONSTRAINED)


def _independent_yearly_spend(funded: pd.DataFrame, year: int) -> float:
    """Spend in ``year`` of the funded projects, from cashflows.csv by hand (as of 2026-09-30:
    92 of 365 days of 2026 left), each project's plan scaled to its money still to spend."""
    flows = pd.read_csv("datasets/harbourline/cashflows.csv")
    total = 0.0
    for _, project in funded.iterrows():
        plan = flows[(flows["project_id"] == project["Project"]) & (flows["year"] >= 2026)]
        weights = {
            int(y): c * (92 / 365 if y == 2026 else 1.0)
            for y, c in zip(plan["year"], plan["investment_cost"], strict=True)
        }
        left = sum(weights.values())
        if left > 0:
            total += project["Still to spend"] * weights.get(year, 0.0) / left
        elif year == 2026:
            total += project["Still to spend"]
    return total


def test_funded_set_honours_every_constraint(constrained_run):
    records = read_records(constrained_run / f"{NOTEBOOK}.ipynb")
    folder = constrained_run / "outputs" / NOTEBOOK
    funded = pd.read_csv(folder / "04_portfolio_funded_set.csv")
    everything = pd.read_csv(folder / "04_portfolio_reranked_portfolio.csv")
    ids = set(funded["Project"])
    assert sorted(ids) == records["funded_ids"] and records["constraints_applied"]
    # Budget: what the current portfolio (approved or in flight) still needs.
    current = everything[everything["Stage"].isin(["approved", "in flight"])]
    budget = current["Still to spend"].sum()
    assert records["budget"] == pytest.approx(budget)
    assert funded["Still to spend"].sum() <= budget * (1 + 1e-9)
    for needs, needed in [("P-10", "P-03"), ("P-22", "P-07")]:
        assert needs not in ids or needed in ids
    assert len(ids & {"P-20", "P-21"}) <= 1 and len(ids & {"P-30", "P-32"}) <= 1
    by_programme = funded.groupby("Programme")["Still to spend"].sum() / budget
    assert 0.10 - 1e-9 <= by_programme.get("Digital Customer", 0) <= 0.30 + 1e-9
    assert by_programme.get("Network & Warehouse Automation", 0) <= 0.25 + 1e-9
    assert _independent_yearly_spend(funded, 2027) <= 20e6 * (1 + 1e-9)
    assert _independent_yearly_spend(funded, 2028) <= 8e6 * (1 + 1e-9)
    # The constraints cost value: the unconstrained optimum at the same budget is worth more.
    org = load_organisation("harbourline")
    ranking = portfolio.rank_by_value(org, drivers.leaf_weights(org), risk_adjusted=True)
    values, costs = candidate_inputs(ranking)
    free = portfolio.select_projects(values, costs, budget)
    assert records["funded_value"] < free.total_value - 1
    assert any(limit.startswith("year 2027") for limit in records["binding_limits"])


def test_handout_shows_the_binding_limits_and_the_greedy_caveat(constrained_run):
    page = (constrained_run / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "Money limits of the funded set" in page and "Room left" in page
    assert "the greedy curve honours only the forced in / out" in page
    assert "P-10 needs P-03" in page and "Traceback" not in page


def test_infeasible_constraints_leave_a_note_and_the_run_succeeds(tmp_path):
    out = _run(tmp_path, must_fund="P-05", programme_shares="Digital Customer=-10%")
    records = read_records(out / f"{NOTEBOOK}.ipynb")
    assert records["constraints_applied"] is False
    assert "must fund 'P-05'" in records["funding_note"]
    page = (out / f"{NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "No portfolio meets all the funding constraints of this run." in page
    assert "programme 'Digital Customer': at most 10.0%" in page
    assert "Traceback" not in page
