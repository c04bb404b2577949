"""The exercise checks: right answers computed independently pass, blanks and typical mistakes
get their specific feedback, and no feedback gives the answer away (no kernels: fast)."""

from __future__ import annotations

import inspect
import math

import numpy as np
import pandas as pd
import pytest

from vmo_lib.data import load_organisation
from vmo_lib.exercises import ex00, ex01, ex02, ex03, ex04, ex05
from vmo_lib.exercises.data import exercise_organisation
from vmo_lib.exercises.feedback import BLANK, Feedback
from vmo_lib.exercises.matching import (
    Element,
    check_choice,
    check_number,
    check_series,
    check_set,
    check_text,
)
from vmo_lib.exercises.registry import TASKS

MODULES = (ex00, ex01, ex02, ex03, ex04, ex05)
AS_OF = "2026-09-30"
QUARTER = pd.Period("2026Q3", freq="Q")


@pytest.fixture(scope="module")
def org():
    return load_organisation("harbourline")


def _checks():
    found = []
    for module in MODULES:
        for name, func in vars(module).items():
            if name.startswith("check_") and hasattr(func, "task"):
                found.append(pytest.param(func, id=f"{module.EXERCISE}:{func.task.task_id}"))
    return found


def _call(check, answer, org):
    if "budget" in inspect.signature(check).parameters:
        return check(answer, org, _budget(org))
    return check(answer, org)


def _budget(org):
    return ex04.budget_of(org, 0.5)


def test_every_exercise_has_four_to_six_tasks_climbing_to_a_decision():
    for module in MODULES:
        tasks = TASKS[module.EXERCISE]
        assert 4 <= len(tasks) <= 6
        levels = [t.level for t in tasks]
        assert levels[0] == "compute" and levels[-1] == "decide"
        assert {"compute", "interpret", "decide"} <= set(levels)


@pytest.mark.parametrize("check", _checks())
def test_blank_answer_gets_the_blank_message(check, org):
    for blank in (..., None, ""):
        feedback = _call(check, blank, org)
        assert isinstance(feedback, Feedback)
        assert not feedback.passed
        assert feedback.mistake == BLANK
        assert feedback.message.startswith("No answer yet")
        assert feedback.hint
        assert feedback.task == check.task.title


# --- right answers, computed here without the library under test ------------------------


def _delivery(org):
    projects = org.projects
    return projects[projects["stage"].astype(str).isin(["in flight", "closed"])].set_index(
        "project_id"
    )


def test_ex00_right_answers_pass(org):
    d = _delivery(org)
    cpi = d["earned_value"] / d["actual_cost"]
    assert ex00.check_cpi(cpi, org).passed
    portfolio_cpi = d["earned_value"].sum() / d["actual_cost"].sum()
    assert ex00.check_portfolio_cpi(portfolio_cpi, org).passed
    usable = cpi.replace(np.inf, np.nan).where(cpi > 0)
    final = d["actual_cost"].where(d["stage"] == "closed", d["budget_at_completion"] / usable)
    overrun = (final / d["budget_at_completion"] - 1).dropna()
    assert ex00.check_on_budget_rate((overrun <= 0.05).mean(), org).passed
    green = d[(d["stage"] == "in flight") & (d["rag_status"] == "green")]
    assert ex00.check_watermelon(cpi[green.index].idxmin(), org).passed


def _survey_means(org, column):
    answers = org.pmo_assessment
    per_person = answers.groupby(["respondent_id", "dimension"])[column].mean()
    return per_person.groupby("dimension").mean()


def test_ex01_right_answers_pass(org):
    gaps = 4 - _survey_means(org, "current_level")
    assert ex01.check_gaps(gaps, org).passed
    assert ex01.check_largest_gap(gaps.idxmax(), org).passed
    inv = org.skills_inventory
    effort = (inv["required_level"] - inv["current_level"]).clip(lower=0) * inv["headcount"]
    assert ex01.check_training(effort.groupby(inv["skill"]).sum().idxmax(), org).passed
    owner = org.projects["benefit_owner"].notna().mean()
    assert ex01.check_owner_share(owner, org).passed
    assert ex01.check_owner_share(float(f"{owner:.3f}"), org).passed  # rounding is fine


def test_ex02_right_answers_pass(org):
    cfo = ex02.objective_matrices(org)["CFO"]
    row = np.exp(np.log(cfo.to_numpy()).mean(axis=1))
    assert ex02.check_weights(pd.Series(row / row.sum(), index=cfo.index), org).passed
    cio = ex02.objective_matrices(org)["CIO"].to_numpy()
    n = len(cio)
    lam = max(np.linalg.eigvals(cio).real)
    saaty_ri = {3: 0.58, 4: 0.90, 5: 1.12}[n]
    assert ex02.check_consistency((lam - n) / (n - 1) / saaty_ri, org).passed


def test_ex03_right_answers_pass(org):
    kpis = org.kpis
    assert ex03.check_value_share((kpis["kind"] == "value").mean(), org).passed
    assert ex03.check_no_owner(list(kpis.loc[kpis["owner"].isna(), "kpi_id"]), org).passed


def test_ex04_value_scores_by_hand(org):
    from vmo_lib import drivers

    weights = drivers.leaf_weights(org, "ahp")
    c = org.project_contributions
    weighted = c["contribution"] * c["driver_id"].map(weights) / 5 * 100
    scores = weighted.groupby(c["project_id"]).sum()
    scores = scores.reindex(org.projects["project_id"], fill_value=0.0)
    assert ex04.check_scores(scores, org).passed


def test_ex04_an_equally_valuable_selection_is_accepted(org):
    from vmo_lib import portfolio
    from vmo_lib.portfolio.decision import candidate_inputs

    values, costs = candidate_inputs(ex04.value_ranking(org))
    budget = _budget(org)
    best = portfolio.select_projects(values, costs, budget)
    assert ex04.check_selection(list(best.selected), org, budget).passed
    assert ex04.check_selection(tuple(reversed(best.selected)), org, budget).passed
    over = list(costs.sort_values(ascending=False).index)
    feedback = ex04.check_selection(over, org, budget)
    assert not feedback.passed and feedback.mistake == "over budget"


def _to_date(frame, column):
    rows = frame[pd.PeriodIndex(frame["quarter"].astype(str), freq="Q") <= QUARTER]
    return rows.groupby(rows["benefit_id"].astype(str))[column].sum()


def test_ex05_right_answers_pass(org):
    planned = _to_date(org.benefit_plan, "planned_value")
    realised = _to_date(org.benefit_actuals, "realised_value")
    assert ex05.check_index(realised.sum() / planned.sum(), org).passed
    ids = org.benefits["benefit_id"].astype(str)
    variance = realised.reindex(ids, fill_value=0) - planned.reindex(ids, fill_value=0)
    assert ex05.check_furthest_behind(variance.idxmin(), org).passed
    unowned = org.benefits.loc[org.benefits["owner"].isna(), "benefit_id"]
    assert ex05.check_unowned(list(unowned), org).passed


# --- typical wrong answers get their own hint -------------------------------------------


def _wrong_answers():
    """(check, organisation seed, builder of the wrong answer, expected mistake code)."""

    def d(org):
        return _delivery(org)

    return [
        (ex00.check_cpi, 0, lambda o: d(o)["actual_cost"] / d(o)["earned_value"], "inverted ratio"),
        (
            ex00.check_portfolio_cpi,
            0,
            lambda o: (d(o)["earned_value"] / d(o)["actual_cost"]).replace(np.inf, np.nan).mean(),
            "average of ratios",
        ),
        (ex00.check_on_budget_rate, 0, lambda o: _on_budget(o, 0.05) * 100, "percent for share"),
        (ex00.check_watermelon, 0, lambda o: _lowest_cpi_in_flight(o), "ignored the status"),
        (
            ex00.check_blind_spots,
            0,
            lambda o: (
                "The figures do not show the value or benefit delivered: a project can be "
                "on time and on budget and still be a poor investment of money and of effort."
            ),
            "missing: the link to strategy",
        ),
        (
            ex00.check_recommendation,
            0,
            lambda o: (
                "Rank projects by the value and NPV they deliver and by their link to the "
                "strategic objectives; the committee should review and re-rank the list at its "
                "next meeting, starting with the largest projects."
            ),
            "missing: a named benefit owner",
        ),
        (
            ex01.check_gaps,
            0,
            lambda o: _survey_means(o, "target_level") - _survey_means(o, "current_level"),
            "stated targets",
        ),
        (
            ex01.check_largest_gap,
            0,
            lambda o: (4 - _survey_means(o, "current_level")).idxmin(),
            "smallest gap",
        ),
        (ex01.check_training, 1, lambda o: _largest_mean_gap(o), "ignored headcount"),
        (
            ex01.check_owner_share,
            0,
            lambda o: int(o.projects["benefit_owner"].notna().sum()),
            "count instead of share",
        ),
        (ex01.check_first_step, 0, lambda o: "Strategic alignment", "importance only"),
        (
            ex01.check_justification,
            0,
            lambda o: (
                "Value tracking and reporting has the largest gap of all dimensions and it "
                "matters most for value, so it should come first; the survey evidence and the data "
                "on benefit owners both point the same way."
            ),
            "missing: effort or cost of closing it",
        ),
        (ex02.check_weights, 0, lambda o: _row_gmeans(o, False), "weights not normalised"),
        (ex02.check_consistency, 0, lambda o: _consistency_index(o), "CI instead of CR"),
        (ex02.check_group_top, 0, lambda o: "O-MARGIN", "one executive's view"),
        (ex02.check_top_leaf, 3, lambda o: "D-CO2", "local weight"),
        (
            ex02.check_inconsistency,
            0,
            lambda o: (
                "I would ask the executive to revisit the judgements, because a ratio "
                "above the 0.10 threshold makes the weights unreliable, and then recompute them "
                "without changing anything else in the process."
            ),
            "missing: exclude, keep or test the effect on the weights",
        ),
        (
            ex02.check_method,
            0,
            lambda o: (
                "AHP, because the consistency check shows contradictions and the "
                "executives can discuss the result in a workshop until they reach a consensus on "
                "the weights of the four strategic objectives."
            ),
            "missing: the executives' time and effort",
        ),
        (
            ex03.check_value_share,
            0,
            lambda o: int((o.kpis["kind"] == "value").sum()),
            "count instead of share",
        ),
        (
            ex03.check_no_owner,
            0,
            lambda o: list(o.kpis.loc[o.kpis["owner"].notna(), "kpi_id"]),
            "KPIs with an owner",
        ),
        (ex03.check_ready, 0, lambda o: _verdicts(o, ("ready", "fix")), "counted 'fix' as ready"),
        (ex03.check_fixed_kpi, 0, lambda o: {"name": "Customer satisfaction index"}, "no_formula"),
        (
            ex03.check_balance,
            0,
            lambda o: (
                "There are too many execution KPIs against value KPIs, several value KPIs "
                "have no owner and no target, and the catalogue lacks indicators that would warn "
                "us in time."
            ),
            "missing: leading indicators",
        ),
        (
            ex03.check_dashboard,
            0,
            lambda o: (
                "I would keep the cost performance index because a falling CPI is an early "
                "warning that the value promised in the business case is at risk, and the board "
                "needs that signal every month."
            ),
            "missing: few, focused KPIs",
        ),
        (ex04.check_scores, 0, lambda o: _scores(o) * 5, "kept the 0-5 scale"),
        (ex04.check_riser, 0, lambda o: _faller(o), "biggest faller"),
        (
            ex04.check_selection,
            0,
            lambda o: _greedy_by_value(o),
            "top of the list until the money runs out",
        ),
        (ex04.check_forced_cost, 0, lambda o: _own_value(o), "the project's own value"),
        (
            ex04.check_why_differ,
            0,
            lambda o: (
                "The value ranking follows the strategy and its weighted drivers, while the "
                "legacy list rewarded projects that were on time and on budget and had strong "
                "sponsors; the scores are judgements with some uncertainty."
            ),
            "missing: what is still to spend",
        ),
        (
            ex04.check_advice,
            0,
            lambda o: (
                "Funding it costs 12 value points and pushes out two other projects. I "
                "would not fund it unless it is mandatory or strategic in a way the scores do not "
                "capture, and the committee should decide openly."
            ),
            "missing: an alternative (re-scope, phase, add budget)",
        ),
        (ex05.check_index, 0, lambda o: _mean_of_ratios(o), "average of ratios"),
        (ex05.check_furthest_behind, 0, lambda o: _furthest_ahead(o), "furthest ahead"),
        (ex05.check_unowned, 0, lambda o: _projects_without_owner(o), "projects, not benefits"),
        (ex05.check_programme, 0, lambda o: "Fleet Decarbonisation", "money, not index"),
        (
            ex05.check_causes,
            0,
            lambda o: (
                "The benefits may arrive later than planned while adoption ramps up, the "
                "realised value may not be measured or recorded, and the business case may have "
                "been optimistic about the benefits from the start."
            ),
            "missing: ownership",
        ),
        (
            ex05.check_report,
            0,
            lambda o: (
                "We have realised 42% of the value planned to date. The gap sits in the "
                "automation programme. I ask the committee to decide on a recovery plan for that "
                "programme and to review it again next quarter."
            ),
            "missing: owners to appoint or hold to account",
        ),
    ]


def _on_budget(org, tolerance):
    d = _delivery(org)
    cpi = (d["earned_value"] / d["actual_cost"]).replace(np.inf, np.nan)
    final = d["actual_cost"].where(
        d["stage"] == "closed", d["budget_at_completion"] / cpi.where(cpi > 0)
    )
    overrun = (final / d["budget_at_completion"] - 1).dropna()
    return (overrun <= tolerance).mean()


def _lowest_cpi_in_flight(org):
    d = _delivery(org)
    d = d[d["stage"] == "in flight"]
    return (d["earned_value"] / d["actual_cost"]).replace(np.inf, np.nan).idxmin()


def _largest_mean_gap(org):
    inv = org.skills_inventory.assign(
        gap=lambda f: (f["required_level"] - f["current_level"]).clip(lower=0)
    )
    inv = inv[inv["gap"] > 0]
    effort = (inv["gap"] * inv["headcount"]).groupby(inv["skill"]).sum()
    return (effort / inv.groupby("skill")["headcount"].sum()).idxmax()


def _row_gmeans(org, normalise):
    cfo = ex02.objective_matrices(org)["CFO"]
    row = pd.Series(np.exp(np.log(cfo.to_numpy()).mean(axis=1)), index=cfo.index)
    return row / row.sum() if normalise else row


def _consistency_index(org):
    cio = ex02.objective_matrices(org)["CIO"].to_numpy()
    n = len(cio)
    return (max(np.linalg.eigvals(cio).real) - n) / (n - 1)


def _verdicts(org, kinds):
    from vmo_lib import kpis

    review = kpis.review_catalogue(org.kpis, org.value_drivers, as_of=AS_OF)
    return int(review.catalogue["verdict"].isin(kinds).sum())


def _scores(org):
    from vmo_lib import drivers

    weights = drivers.leaf_weights(org, "ahp")
    c = org.project_contributions
    scores = (
        (c["contribution"] * c["driver_id"].map(weights) / 5 * 100).groupby(c["project_id"]).sum()
    )
    return scores.reindex(org.projects["project_id"], fill_value=0.0)


def _faller(org):
    active = ex04.value_ranking(org).active
    legacy = active["legacy_priority"].rank(method="min")
    value = active["value_score"].rank(ascending=False, method="min")
    return (legacy - value).idxmin()


def _greedy_by_value(org):
    from vmo_lib.portfolio.decision import candidate_inputs

    values, costs = candidate_inputs(ex04.value_ranking(org))
    chosen, spent, budget = [], 0.0, _budget(org)
    for project in values.sort_values(ascending=False).index:
        if spent + costs[project] <= budget:
            chosen.append(project)
            spent += costs[project]
    return chosen


def _own_value(org):
    project = ex04.cfo_project(org, _budget(org))
    return float(ex04.value_ranking(org).table.loc[project, "value_score"])


def _mean_of_ratios(org):
    planned = _to_date(org.benefit_plan, "planned_value")
    realised = _to_date(org.benefit_actuals, "realised_value").reindex(planned.index, fill_value=0)
    return (realised / planned.where(planned != 0)).mean()


def _furthest_ahead(org):
    ids = org.benefits["benefit_id"].astype(str)
    planned = _to_date(org.benefit_plan, "planned_value").reindex(ids, fill_value=0)
    realised = _to_date(org.benefit_actuals, "realised_value").reindex(ids, fill_value=0)
    return (realised - planned).idxmax()


def _projects_without_owner(org):
    return list(org.projects.loc[org.projects["benefit_owner"].isna(), "project_id"])


@pytest.mark.parametrize(
    ("check", "seed", "build", "code"),
    [pytest.param(*row, id=f"{row[0].task.exercise}:{row[3]}") for row in _wrong_answers()],
)
def test_typical_mistake_gets_its_specific_hint(check, seed, build, code, org):
    organisation = org if seed == 0 else exercise_organisation(trainee_seed=seed)
    feedback = _call(check, build(organisation), organisation)
    assert not feedback.passed
    assert feedback.mistake == code, feedback.to_text()
    assert feedback.hint
    assert "Why it matters" not in feedback.to_text()


def test_every_task_has_a_typical_mistake_test():
    tested = {row[0].task.task_id + row[0].task.exercise for row in _wrong_answers()}
    every = {t.task_id + t.exercise for m in MODULES for t in TASKS[m.EXERCISE]}
    assert tested == every


def test_feedback_on_numbers_never_states_the_expected_value(org):
    d = _delivery(org)
    expected = d["earned_value"].sum() / d["actual_cost"].sum()
    for wrong in (0.5, 2.0, expected * 1.2, -expected):
        text = ex00.check_portfolio_cpi(wrong, org).to_text()
        for shown in (f"{expected:.2f}", f"{expected:.3f}", f"{expected:.4f}"):
            assert shown not in text


def test_a_generated_organisation_gets_its_own_numbers():
    one, two = exercise_organisation(trainee_seed=3), exercise_organisation(trainee_seed=4)
    assert not one.projects["budget_at_completion"].equals(two.projects["budget_at_completion"])
    cpi = _delivery(one)["earned_value"] / _delivery(one)["actual_cost"]
    assert ex00.check_cpi(cpi, one).passed
    assert not ex00.check_cpi(cpi, two).passed  # a neighbour's answer does not pass
    assert exercise_organisation(trainee_seed=3) is one  # same seed, same data


# --- the matching functions on hand-made cases -------------------------------------------


def test_check_number_flags_percent_sign_and_type():
    assert check_number(0.62, 0.62, share=True).passed
    assert check_number(62, 0.62, share=True).mistake == "percent for share"
    assert check_number(-0.62, 0.62).mistake == "wrong sign"
    assert check_number("0.62", 0.62).mistake == "wrong type"
    assert check_number(float("inf"), 0.62).mistake == "other"
    assert "too high" in check_number(0.9, 0.62).message


def test_check_series_explains_index_rows_and_partial_errors():
    expected = pd.Series([1.0, 2.0, math.nan], index=["P-1", "P-2", "P-3"])
    assert check_series(pd.Series([1.0, 2.0, math.inf], index=expected.index), expected).passed
    assert check_series({"P-1": 1, "P-2": 2, "P-3": None}, expected).passed
    assert check_series(pd.Series([1.0, 2.0, 3.0]), expected).mistake == "wrong index"
    assert check_series(expected.iloc[:2], expected).mistake == "wrong rows"
    partly = check_series(pd.Series([1.0, 5.0, math.nan], index=expected.index), expected)
    assert partly.mistake == "other" and partly.message.startswith("1 of 3")


def test_check_choice_and_set():
    assert check_choice("  p-02 ", "P-02", options=["P-01", "P-02"]).passed
    unknown = check_choice("P-99", "P-02", options=["P-01", "P-02"], what="project")
    assert unknown.mistake == "unknown option" and "P-01; P-02" in unknown.hint
    assert check_set(["P-2", "P-1"], {"P-1", "P-2"}).passed
    assert check_set("P-1", {"P-1"}).mistake == "wrong type"
    assert check_set(["P-1"], {"P-1", "P-2"}).message.startswith("Not quite: 1 project(s) missing")


def test_check_text_names_every_missing_element_and_asks_for_reasons():
    elements = (Element("owner", (r"owner",)), Element("value", (r"\bvalue",), "Say why."))
    missing = check_text("Each benefit needs an owner.", elements, min_words=3)
    assert missing.mistake == "missing: value" and "Not yet there: value" in missing.message
    assert missing.hint == "Say why."
    assert check_text("owner value", elements, min_words=5).mistake == "too short"
    assert check_text("The owner answers for the value.", elements, min_words=5).passed


def test_feedback_html_is_escaped():
    page = Feedback("<t>", False, "<script>x</script>", "<b>hint</b>").to_html()
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;" in page
