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
from vmo_lib.exercises.feedback import BLANK, REVIEW, Feedback
from vmo_lib.exercises.matching import (
    Element,
    check_choice,
    check_number,
    check_series,
    check_set,
    check_text,
)
from vmo_lib.exercises.registry import TASKS, reset_hints

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
    first, second = ex02.executives(org)
    assert (first, second) == ("CFO", "CIO")  # the case study's story: CFO, then CIO
    cfo = ex02.objective_matrices(org)[first]
    row = np.exp(np.log(cfo.to_numpy()).mean(axis=1))
    assert ex02.check_weights(pd.Series(row / row.sum(), index=cfo.index), org).passed
    cio = ex02.objective_matrices(org)[second].to_numpy()
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
        (ex02.check_weights, 0, lambda o: _row_gmeans(o, False), "weights not normalised"),
        (ex02.check_consistency, 0, lambda o: _consistency_index(o), "CI instead of CR"),
        (ex02.check_group_top, 0, lambda o: _favourite(o), "one executive's view"),
        (ex02.check_top_leaf, 3, lambda o: _local_top(o), "local weight"),
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
        (ex04.check_scores, 0, lambda o: _scores(o) * 5, "kept the 0-5 scale"),
        (ex04.check_riser, 0, lambda o: _faller(o), "biggest faller"),
        (
            ex04.check_selection,
            0,
            lambda o: _greedy_by_value(o),
            "top of the list until the money runs out",
        ),
        (ex04.check_forced_cost, 0, lambda o: _own_value(o), "the project's own value"),
        (ex05.check_index, 0, lambda o: _mean_of_ratios(o), "average of ratios"),
        (ex05.check_furthest_behind, 0, lambda o: _furthest_ahead(o), "furthest ahead"),
        (ex05.check_unowned, 0, lambda o: _projects_without_owner(o), "projects, not benefits"),
        (ex05.check_programme, 0, lambda o: "Fleet Decarbonisation", "money, not index"),
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
    cfo = ex02.objective_matrices(org)[ex02.executives(org)[0]]
    row = pd.Series(np.exp(np.log(cfo.to_numpy()).mean(axis=1)), index=cfo.index)
    return row / row.sum() if normalise else row


def _consistency_index(org):
    cio = ex02.objective_matrices(org)[ex02.executives(org)[1]].to_numpy()
    n = len(cio)
    return (max(np.linalg.eigvals(cio).real) - n) / (n - 1)


def _local_top(org):
    """The leaf whose weight among its siblings is largest (row geometric means of the
    group's pooled judgements, computed here)."""
    tree = org.value_drivers
    leaves = set(tree["driver_id"]) - set(tree["parent_id"].dropna())
    j = org.driver_judgements
    best, best_weight = None, -1.0
    for parent in tree["parent_id"].dropna().unique():
        children = sorted(tree.loc[tree["parent_id"] == parent, "driver_id"])
        logs = pd.DataFrame(0.0, index=children, columns=children)
        for _, row in j[j["driver_a"].isin(children) & j["driver_b"].isin(children)].iterrows():
            logs.loc[row["driver_a"], row["driver_b"]] += np.log(row["judgement"])
            logs.loc[row["driver_b"], row["driver_a"]] -= np.log(row["judgement"])
        n_exec = j["executive"].nunique()
        rows = np.exp((logs / n_exec).mean(axis=1))
        weights = rows / rows.sum()
        for child, weight in weights.items():
            if child in leaves and weight > best_weight:
                best, best_weight = child, weight
    return best


def _favourite(org):
    weights = _row_gmeans(org, True)
    return weights.idxmax()


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
    project = ex04.insisted_project(org, _budget(org))
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


def test_every_task_checked_automatically_has_a_typical_mistake_test():
    tested = {row[0].task.task_id + row[0].task.exercise for row in _wrong_answers()}
    every = {
        t.task_id + t.exercise for m in MODULES for t in TASKS[m.EXERCISE] if not t.open_answer
    }
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


def test_check_text_never_passes_and_shows_the_checklist():
    elements = (Element("a named owner"), Element("the value at stake", "Say why."))
    good = check_text("The owner answers for the value.", elements, min_words=5)
    assert not good.passed and good.grade == "review" and good.mistake == REVIEW
    assert good.checklist == ("a named owner", "the value at stake")
    assert "☐ a named owner" in good.to_html() and "[ ] the value at stake" in good.to_text()
    short = check_text("owner value", elements, min_words=5)
    assert short.grade == "review" and "2 words, fewer than the 5" in short.message
    assert check_text(42, elements).mistake == "wrong type"


def test_feedback_html_is_escaped():
    page = Feedback("<t>", False, "<script>x</script>", "<b>hint</b>").to_html()
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;" in page


# --- open answers are never passed, whatever words they contain ---------------------------

OPEN = [
    pytest.param(func, id=f"{m.EXERCISE}:{func.task.task_id}")
    for m in MODULES
    for name, func in vars(m).items()
    if name.startswith("check_") and hasattr(func, "task") and func.task.open_answer
]


@pytest.mark.parametrize("check", OPEN)
def test_open_answers_go_to_review_with_the_checklist(check, org):
    stuffed = "task keep group consisten value benefit owner strategy " * 5  # keyword soup
    opposite = "Nothing needs to change: the figures say everything, so no action is needed. " * 3
    for text in (stuffed, opposite):
        feedback = _call(check, text, org)
        assert not feedback.passed and feedback.grade == "review"
        assert len(feedback.checklist) >= 3
        assert "covers every element" not in feedback.message
    assert check.task.variable and len(check.task.hints) == 2


# --- fail-safe checks: odd inputs get feedback, never a traceback ----------------------


def test_a_check_that_raises_gives_feedback_not_a_traceback(org):
    class Hostile(float):
        def __float__(self):
            raise RuntimeError("boom")

    feedback = ex00.check_portfolio_cpi(Hostile(1.0), org)
    assert feedback.grade == "error" and "RuntimeError: boom" in feedback.message
    assert feedback.task == "2. CPI of the whole portfolio"


def test_duplicates_masks_arrays_and_numpy_scalars(org):
    d = _delivery(org)
    cpi = d["earned_value"] / d["actual_cost"]
    doubled = pd.concat([cpi, cpi.iloc[:1]])
    assert ex00.check_cpi(doubled, org).mistake == "duplicates"
    assert ex00.check_cpi(cpi.to_numpy(), org).mistake == "no identifiers"
    assert ex00.check_cpi(cpi > 1, org).mistake == "mask instead of numbers"
    portfolio_cpi = d["earned_value"].sum() / d["actual_cost"].sum()
    for form in (np.float64(portfolio_cpi), np.array(portfolio_cpi), np.array([portfolio_cpi])):
        assert ex00.check_portfolio_cpi(form, org).passed
    kpis = org.kpis
    mask = kpis["owner"].isna()
    feedback = ex03.check_no_owner(mask, org)
    assert feedback.mistake == "mask instead of identifiers" and "'True'" not in feedback.message
    assert ex03.check_no_owner(list(mask), org).mistake == "mask instead of identifiers"
    ids = kpis.loc[mask, "kpi_id"]
    assert ex03.check_no_owner(ids.to_numpy(), org).passed
    assert ex03.check_no_owner(list(ids) * 2, org).passed  # an id listed twice counts once
    green = ex00.check_watermelon(pd.Index([_green_lowest(org)]), org)
    assert green.passed


def _green_lowest(org):
    d = _delivery(org)
    d = d[(d["stage"] == "in flight") & (d["rag_status"] == "green")]
    return (d["earned_value"] / d["actual_cost"]).idxmin()


def test_answers_rounded_to_two_decimals_pass(org):
    d = _delivery(org)
    portfolio_cpi = d["earned_value"].sum() / d["actual_cost"].sum()
    assert ex00.check_portfolio_cpi(round(portfolio_cpi, 2), org).passed
    assert ex00.check_portfolio_cpi(round(portfolio_cpi, 3), org).passed
    assert not ex00.check_portfolio_cpi(round(portfolio_cpi, 2) + 0.01, org).passed
    cpi = d["earned_value"] / d["actual_cost"]
    assert ex00.check_cpi(cpi.round(2), org).passed
    assert check_number(0.62, 0.6249).passed and not check_number(0.61, 0.6249).passed


def test_new_typical_mistakes_are_named(org):
    weights_of = ex02.executives(org)[0]
    matrix = ex02.objective_matrices(org)[weights_of]
    column_sums = matrix.sum(axis=0)
    assert ex02.check_weights(column_sums, org).mistake == "column sums, not normalised"
    percent = _row_gmeans(org, True) * 100
    assert ex02.check_weights(percent, org).mistake == "percent for share"
    assert ex02.check_consistency(_cr(org) * 100, org).mistake == "percent for share"
    matrices = ex02.objective_matrices(org)
    mean = sum(m.to_numpy() for m in matrices.values()) / len(matrices)
    rows = np.exp(np.log(mean).mean(axis=1))
    pooled = pd.Series(rows, index=matrix.index).idxmax()
    group = ex02.check_group_top(pooled, org)
    geometric = np.exp(sum(np.log(m.to_numpy()) for m in matrices.values()) / len(matrices))
    right = pd.Series(np.exp(np.log(geometric).mean(axis=1)), index=matrix.index).idxmax()
    if pooled != right:
        assert group.mistake == "arithmetic-mean pooling"
    late = _to_date_at(org, pd.Period("2026Q4", freq="Q"))
    assert ex05.check_index(late, org).mistake == "a quarter too many"
    early = _to_date_at(org, pd.Period("2026Q2", freq="Q"))
    assert ex05.check_index(early, org).mistake == "a quarter too few"


def _cr(org):
    n = len(ex02.objective_matrices(org)[ex02.executives(org)[1]])
    return _consistency_index(org) / {3: 0.58, 4: 0.90, 5: 1.12}[n]


def _to_date_at(org, quarter):
    def upto(frame, column):
        rows = frame[pd.PeriodIndex(frame["quarter"].astype(str), freq="Q") <= quarter]
        return rows[column].sum()

    return upto(org.benefit_actuals, "realised_value") / upto(org.benefit_plan, "planned_value")


def test_hints_come_in_two_levels_and_never_give_the_answer(org):
    first = ex00.hint("t2")
    second = ex00.hint(2)
    assert (first.level, second.level, ex00.hint("portfolio_cpi").level) == (1, 2, 2)
    assert first.text != second.text and "Ask again" in first.to_text()
    d = _delivery(org)
    value = d["earned_value"].sum() / d["actual_cost"].sum()
    reset_hints()
    for module in MODULES:
        for entry in TASKS[module.EXERCISE]:
            for level in (1, 2):
                text = module.hint(entry.number) if level == 1 else module.hint(entry.task_id)
                assert text.level == level and f"{value:.2f}" not in text.text
    with pytest.raises(ValueError, match="ask for one of"):
        ex00.hint("t9")
    assert "&lt;" in ex00.hint(1)._repr_html_() or "<" not in ex00.hint(1).text


def test_checks_work_on_an_organisation_without_the_case_study_names(org):
    """An organisation of its own: other executives and driver ids than CFO, CIO, D-NPS."""
    import dataclasses

    rename_exec = {"CFO": "Finance lead", "CIO": "Head of IT", "CEO": "Chair"}
    rename_driver = {d: f"X{i}" for i, d in enumerate(org.value_drivers["driver_id"])}
    judgements = org.driver_judgements.assign(
        executive=org.driver_judgements["executive"].replace(rename_exec),
        driver_a=org.driver_judgements["driver_a"].replace(rename_driver),
        driver_b=org.driver_judgements["driver_b"].replace(rename_driver),
    )
    drivers_table = org.value_drivers.assign(
        driver_id=org.value_drivers["driver_id"].replace(rename_driver),
        parent_id=org.value_drivers["parent_id"].replace(rename_driver),
    )
    kpis = org.kpis.assign(driver_id=org.kpis["driver_id"].replace(rename_driver))
    own = dataclasses.replace(
        org, driver_judgements=judgements, value_drivers=drivers_table, kpis=kpis
    )
    weights_of, consistency_of = ex02.executives(own)
    assert {weights_of, consistency_of} <= set(judgements["executive"])
    assert "CFO" not in (weights_of, consistency_of)
    matrix = ex02.objective_matrices(own)[weights_of]
    row = np.exp(np.log(matrix.to_numpy()).mean(axis=1))
    assert ex02.check_weights(pd.Series(row / row.sum(), index=matrix.index), own).passed
    leaves = ex03.leaf_drivers(own)
    assert leaves["driver_id"].str.startswith("X").all() and len(leaves) > 0
    assert ex03.check_fixed_kpi({"driver_id": "D-NPS"}, own).grade == "0"
