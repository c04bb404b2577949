"""The gap analysis: model validation, scores and gaps by hand, bootstrap, privacy, roadmap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vmo_lib import maturity
from vmo_lib.data import DataError, load_organisation
from vmo_lib.data.synthetic.reference import MATURITY_DIMENSIONS
from vmo_lib.maturity import views


@pytest.fixture(scope="module")
def model():
    return maturity.load_model()


def _answers(rows):
    """rows: (respondent, role, question_id, current, target); dimension from the model."""
    dims = maturity.load_model().questions.set_index("question_id")["dimension"]
    frame = pd.DataFrame(
        rows, columns=["respondent_id", "role", "question_id", "current_level", "target_level"]
    )
    frame.insert(2, "dimension", frame["question_id"].map(dims))
    return frame


# Three respondents, two dimensions. By hand:
# R1: BEN (1+2)/2 = 1.5, STR 2;  R2: BEN (3+3)/2 = 3, STR 4;  R3: BEN 1 (only BEN-1), STR 3.
# BEN current = (1.5+3+1)/3 = 11/6; STR current = 3. Stated targets: BEN (4+4+5)/3... see below.
FIXTURE = [
    ("R1", "Executive", "BEN-1", 1, 4),
    ("R1", "Executive", "BEN-2", 2, 4),
    ("R1", "Executive", "STR-1", 2, 3),
    ("R2", "Project manager", "BEN-1", 3, 5),
    ("R2", "Project manager", "BEN-2", 3, 5),
    ("R2", "Project manager", "STR-1", 4, 4),
    ("R3", "Project manager", "BEN-1", 1, 3),
    ("R3", "Project manager", "STR-1", 3, 5),
]


def _row(result, dimension):
    return result.dimensions.set_index("dimension").loc[dimension]


def test_bundled_model_is_valid_and_matches_survey_and_generator(model):
    assert len(model.dimension_names) == 12
    assert set(model.dimensions["move"]) == set(maturity.MOVES)
    assert model.dimensions["questions"].between(2, 4).all()
    assert model.questions[list(maturity.model.LEVEL_COLUMNS)].ne("").all().all()
    generator = {d.name: d.prefix for d in MATURITY_DIMENSIONS}
    assert set(model.dimension_names) == set(generator)
    for name, prefix in generator.items():
        ids = model.questions.loc[model.questions["dimension"] == name, "question_id"]
        assert list(ids) == [f"{prefix}-{k}" for k in (1, 2, 3)]
    maturity.check_answers(load_organisation("harbourline").pmo_assessment, model)


def test_scores_and_gaps_match_a_hand_computation(model):
    result = maturity.assess(
        _answers(FIXTURE), model, "4", 1, scoring="mean", role_weights="respondents"
    )
    ben, strat = _row(result, "Benefits management"), _row(result, "Strategic alignment")
    assert ben["current"] == pytest.approx((1.5 + 3 + 1) / 3)
    assert ben["gap"] == pytest.approx(4 - 11 / 6)
    assert strat["current"] == pytest.approx(3.0) and strat["gap"] == pytest.approx(1.0)
    assert ben["stated_target"] == pytest.approx((4 + 5 + 3) / 3)
    assert strat["spread"] == pytest.approx(np.std([2, 4, 3], ddof=1))
    assert ben["respondents"] == 3 and np.isnan(_row(result, "Value culture")["current"])
    by_role = result.by_role.set_index("dimension")
    assert by_role.loc["Benefits management", "Project manager"] == pytest.approx((3 + 1) / 2)
    assert by_role.loc["Strategic alignment", "Executive"] == pytest.approx(2.0)


# Staged rule by hand (one role, two respondents):
# BEN-1 (4, 4) -> 4; BEN-2 (3, 4) -> 3.5; BEN-3 (2, 1) -> 1.5. Every question must reach a
# level: the lowest, 1.5, rounds down to 1 (Awareness). The mean: R1 (4+3+2)/3 = 3 and
# R2 (4+4+1)/3 = 3, so 3.0 (Defined): the two rules differ by two levels.
# STR-1 (3, 3) -> 3; STR-2 (3, 4) -> 3.5: staged 3; mean (3 + 3.5)/2 = 3.25: both say 3.
STAGED = [
    ("R1", "Executive", "BEN-1", 4, 4),
    ("R1", "Executive", "BEN-2", 3, 4),
    ("R1", "Executive", "BEN-3", 2, 4),
    ("R1", "Executive", "STR-1", 3, 4),
    ("R1", "Executive", "STR-2", 3, 4),
    ("R2", "Executive", "BEN-1", 4, 5),
    ("R2", "Executive", "BEN-2", 4, 5),
    ("R2", "Executive", "BEN-3", 1, 5),
    ("R2", "Executive", "STR-1", 3, 4),
    ("R2", "Executive", "STR-2", 4, 4),
]


def test_staged_level_matches_a_hand_computation(model):
    result = maturity.assess(_answers(STAGED), model, target_profile="4", min_group_size=1)
    assert result.scoring == "staged"  # P3M3's rule is the default
    ben, strat = _row(result, "Benefits management"), _row(result, "Strategic alignment")
    assert ben["staged_level"] == 1 and ben["current"] == 1 and ben["gap"] == 3
    assert ben["mean_score"] == pytest.approx(3.0) and ben["level_name"] == "Awareness"
    assert ben["limiting_question"] == "BEN-3" and ben["limiting_score"] == pytest.approx(1.5)
    assert strat["staged_level"] == 3 and strat["mean_score"] == pytest.approx(3.25)
    mean = maturity.assess(_answers(STAGED), model, "4", 1, scoring="mean")
    assert _row(mean, "Benefits management")["gap"] == pytest.approx(1.0)
    assert _row(mean, "Benefits management")["level_name"] == "Defined"
    differ = views.rule_differences(result)
    assert differ["dimension"].tolist() == ["Benefits management"]
    with pytest.raises(ValueError, match="scoring must be one of staged, mean"):
        maturity.assess(_answers(STAGED), model, "4", 1, scoring="median")


def test_roles_weigh_the_same_by_hand(model):
    # FIXTURE: Executive R1; project managers R2, R3. Benefits management, mean rule:
    # Executive 1.5, project managers (3 + 1)/2 = 2, so (1.5 + 2)/2 = 1.75 with equal role
    # weights (11/6 when each respondent counts once). Staged: BEN-1 (1 + (3+1)/2)/2 = 1.5,
    # BEN-2 (2 + 3)/2 = 2.5 (BEN-3 unanswered, left out): level 1.
    result = maturity.assess(_answers(FIXTURE), model, "4", 1, scoring="mean")
    assert _row(result, "Benefits management")["current"] == pytest.approx(1.75)
    assert _row(result, "Strategic alignment")["current"] == pytest.approx((2 + (4 + 3) / 2) / 2)
    staged = maturity.assess(_answers(FIXTURE), model, "4", 1)
    questions = staged.questions.set_index("question_id")["current"]
    assert questions["BEN-1"] == pytest.approx(1.5) and questions["BEN-2"] == pytest.approx(2.5)
    assert _row(staged, "Benefits management")["staged_level"] == 1
    # A dimension only the Executive answered: the project managers are left out of it, not
    # counted as zero.
    only_one_role = maturity.assess(
        _answers([*FIXTURE, ("R1", "Executive", "RSK-1", 3, 4)]), model, "4", 1, scoring="mean"
    )
    assert _row(only_one_role, "Risk management")["current"] == pytest.approx(3.0)


def test_head_count_of_a_role_moves_neither_level_nor_interval(model):
    answers = load_organisation("harbourline").pmo_assessment
    pms = answers[answers["role"] == "Project manager"]
    copies = [pms.assign(respondent_id=pms["respondent_id"] + f"-{k}") for k in range(3)]
    more_pms = pd.concat([answers, *copies], ignore_index=True)  # 36 PMs instead of 9
    for scoring in ("mean", "staged"):
        base = maturity.assess(answers, model, scoring=scoring).dimensions
        grown = maturity.assess(more_pms, model, scoring=scoring).dimensions
        assert np.allclose(base["current"], grown["current"])
    naive = maturity.assess(more_pms, model, scoring="mean", role_weights="respondents")
    assert not np.allclose(naive.dimensions["current"], base["current"])


def _interval_width(boot: np.ndarray) -> float:
    low, high = np.percentile(boot[:, 0], [5, 95])
    return float(high - low)


@pytest.mark.parametrize("pms", [4, 8, 16])
def test_stratified_bootstrap_ignores_the_mix_of_roles(pms):
    # Project managers all at 1.7, executives all at 3.0 (no disagreement within a role).
    # A naive bootstrap moves the mean by how many of each it happens to draw, so its width
    # depends on the head counts; resampled within roles nothing moves at all.
    levels = np.array([[1.7]] * pms + [[3.0]] * 5)
    strata = np.array([0] * pms + [1] * 5)
    rng = np.random.default_rng(0)
    naive = maturity.bootstrap_means(levels, 4000, rng)
    assert _interval_width(naive) > 0.3
    for weights in ("equal", "respondents"):
        stratified = maturity.stratified_bootstrap_means(levels, strata, 4000, rng, weights)
        assert _interval_width(stratified) == pytest.approx(0.0, abs=1e-12)
        assert stratified.mean() == pytest.approx(maturity.weighted_means(levels, strata, weights))
    assert maturity.weighted_means(levels, strata)[0] == pytest.approx((1.7 + 3.0) / 2)


def test_stratified_interval_width_depends_on_head_count_much_less_than_naive():
    # With some disagreement within roles, the naive width changes with the project managers'
    # head count (the mix of roles drawn moves the mean); the stratified width changes only
    # through the precision of each role's mean, far less.
    rng = np.random.default_rng(1)
    spread = np.array([-0.2, 0.0, 0.2, -0.1])
    widths = {}
    for pms in (2, 12):
        pm = 1.7 + np.resize(spread, pms)
        levels = np.concatenate([pm, 3.0 + spread])[:, None]
        strata = np.array([0] * pms + [1] * 4)
        naive = _interval_width(maturity.bootstrap_means(levels, 4000, rng))
        strat = _interval_width(maturity.stratified_bootstrap_means(levels, strata, 4000, rng))
        widths[pms] = (naive, strat)
    naive_change = abs(widths[2][0] - widths[12][0])
    strat_change = abs(widths[2][1] - widths[12][1])
    assert widths[2][1] < widths[2][0] and widths[12][1] < widths[12][0]
    assert strat_change < naive_change / 2


def test_target_profile_per_dimension_and_survey(model):
    text = "survey; Strategic alignment=5"
    result = maturity.assess(
        _answers(FIXTURE), model, text, 1, scoring="mean", role_weights="respondents"
    )
    assert _row(result, "Strategic alignment")["target"] == 5.0
    assert _row(result, "Benefits management")["target"] == pytest.approx(4.0)  # stated mean


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("4; Benfits management=5", "unknown dimension 'Benfits management'.*Benefits management"),
        ("7", "level 7 is outside 1-5"),
        ("4; Value culture=high", "'high' is not a number"),
    ],
)
def test_bad_target_profile_is_named(model, setting, message):
    with pytest.raises(ValueError, match=message):
        maturity.parse_target_profile(setting, model)


def test_dimension_weights_default_and_override(model):
    weights = maturity.parse_dimension_weights("", model)
    assert weights["Value tracking and reporting"] == 5.0
    assert maturity.parse_dimension_weights("risk  management = 0", model)["Risk management"] == 0
    with pytest.raises(ValueError, match="unknown dimension 'Data'"):
        maturity.parse_dimension_weights("Data=2", model)
    assert maturity.parse_roles(" Executive;Project manager, ,Executive") == (
        "Executive",
        "Project manager",
    )


def test_unknown_question_ids_are_listed(model):
    answers = _answers(FIXTURE)
    answers.loc[0, "question_id"] = "BEN-9"
    answers.loc[1, "question_id"] = "XYZ-1"
    with pytest.raises(DataError) as caught:
        maturity.assess(answers, model)
    assert "BEN-9" in str(caught.value) and "XYZ-1" in str(caught.value)


def test_model_validation_lists_every_problem(model, tmp_path):
    frame = pd.read_csv(maturity.model.resolve_model_path(), dtype=str, keep_default_na=False)
    frame.loc[1, "question_id"] = frame.loc[0, "question_id"]  # duplicate id
    frame.loc[2, "level_3"] = ""  # blank descriptor
    frame.loc[3, "move"] = "culture"  # unknown move
    frame = frame.drop(index=[4, 5])  # Financial management keeps one question
    path = tmp_path / "model.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(DataError) as caught:
        maturity.load_model(str(path))
    text = str(caught.value)
    assert "ids must be unique" in text and "'level_3'" in text and "must be one of" in text
    assert "has 1 question(s)" in text


def test_bootstrap_contains_estimate_and_narrows_with_more_respondents(model):
    answers = load_organisation("harbourline").pmo_assessment
    small = maturity.assess(answers, model, seed=3, scoring="mean")
    copies = [answers.assign(respondent_id=answers["respondent_id"] + f"-{k}") for k in range(4)]
    large = maturity.assess(pd.concat(copies, ignore_index=True), model, seed=3, scoring="mean")
    for result in (small, large):
        dims = result.dimensions
        assert (dims["current_low"] <= dims["current"]).all()
        assert (dims["current"] <= dims["current_high"]).all()
        assert ((dims["gap_low"] <= dims["gap"]) & (dims["gap"] <= dims["gap_high"])).all()
    width = small.dimensions["current_high"] - small.dimensions["current_low"]
    narrower = large.dimensions["current_high"] - large.dimensions["current_low"]
    assert (narrower < width).all()
    again = maturity.assess(answers, model, seed=3, scoring="mean")
    pd.testing.assert_frame_equal(small.dimensions, again.dimensions)
    staged = maturity.assess(answers, model, seed=3)
    dims = staged.dimensions
    assert (dims["current_low"] <= dims["current"]).all()
    assert (dims["current"] <= dims["current_high"]).all()
    assert (dims[["current_low", "current_high"]] % 1 == 0).all().all()  # whole levels only


def test_small_groups_are_merged_or_dropped():
    roles = pd.Series({f"R{i}": r for i, r in enumerate(["PM"] * 4 + ["Exec"] * 2 + ["BU"] * 2)})
    groups = maturity.role_groups(roles, min_group_size=3)
    assert groups.labels == ("PM", maturity.MERGED_GROUP)
    assert groups.sizes["respondents"].tolist() == [4, 4] and groups.merged_roles == ("BU", "Exec")
    alone = maturity.role_groups(roles, min_group_size=5)
    assert alone.labels == (maturity.MERGED_GROUP,) and alone.merged_roles == ("BU", "Exec", "PM")
    single = maturity.role_groups(roles.iloc[:6], min_group_size=3)
    assert single.labels == ("PM",) and single.dropped_roles == ("Exec",)
    assert any("fewer than 3" in n for n in single.notes())


def test_role_outputs_never_show_a_small_group(model):
    answers = load_organisation("harbourline").pmo_assessment
    result = maturity.assess(answers, model, min_group_size=7)
    assert (result.groups.sizes["respondents"] >= 7).all()
    assert set(result.by_role.columns) == {"dimension", "Project manager", maturity.MERGED_GROUP}
    perception = maturity.perception_gap(result, "Executive, Project manager")
    assert perception.compared == (maturity.MERGED_GROUP, "Project manager")
    with pytest.raises(ValueError, match="no respondents with role 'CEO'"):
        maturity.perception_gap(result, "CEO, Executive")
    with pytest.raises(ValueError, match="fewer than min_group_size"):
        maturity.assess(answers, model, min_group_size=25)


def test_value_evidence_and_skills_by_hand():
    projects = pd.DataFrame({"project_id": ["P1", "P2", "P3"], "benefit_owner": ["A", "", None]})
    benefits = pd.DataFrame(
        {
            "project_id": ["P1", "P2", "P2"],
            "driver_id": ["D1", None, "D2"],
            "baseline": [1.0, 2.0, None],
            "target": [2.0, 3.0, 5.0],
        }
    )
    kpis = pd.DataFrame({"driver_id": ["D1", "D2"], "kind": ["value", "execution"]})
    shares = maturity.value_evidence(projects, benefits, kpis).shares.set_index("check")["share"]
    assert shares.to_dict() == pytest.approx(
        {
            "has_benefit_owner": 1 / 3,
            "has_measurable_benefit": 2 / 3,
            "linked_to_driver": 2 / 3,
            "has_value_kpi": 1 / 3,
        }
    )
    inventory = pd.DataFrame(
        {
            "team": ["A", "A", "B", "B"],
            "headcount": [2, 2, 10, 10],
            "skill": ["KPI", "EVM", "KPI", "EVM"],
            "current_level": [1, 4, 3, 2],
            "required_level": [4, 3, 4, 3],
        }
    )
    gaps = maturity.skills_gap(inventory)
    assert gaps.matrix.loc["A", "EVM"] == 0 and gaps.matrix.loc["A", "KPI"] == 3
    training = gaps.training.set_index("skill")
    assert training.loc["KPI", "person_levels"] == 2 * 3 + 10 * 1
    assert training.loc["KPI", "people"] == 12 and training.loc["EVM", "people"] == 10
    assert gaps.training["skill"].tolist() == ["KPI", "EVM"]


def test_roadmap_scores_groups_and_next_steps(model):
    result = maturity.assess(
        _answers(FIXTURE), model, "4", 1, scoring="mean", role_weights="respondents"
    )
    plan = maturity.roadmap(result, model, weights="Strategic alignment=2", quick_win_max_effort=2)
    table = plan.table.set_index("dimension")
    assert set(table.index) == {"Benefits management", "Strategic alignment"}
    ben = table.loc["Benefits management"]
    assert ben["priority"] == pytest.approx((4 - 11 / 6) * 5 / 3)
    assert table.loc["Strategic alignment", "priority"] == pytest.approx(1.0 * 2 / 3)
    assert ben["rank"] == 1 and ben["horizon"] == maturity.FOUNDATION
    # Weakest BEN question is BEN-1 (mean 5/3): next level is 2.
    assert ben["next_step"] == "Level 2: " + model.descriptor("BEN-1", 2)
    assert "Value culture" not in plan.at_target  # unanswered: neither roadmap nor at target
    moves = [maturity.MOVES.index(m) for m in plan.table["move"]]
    assert moves == sorted(moves)


def test_skills_heatmap_keeps_the_teams_with_the_largest_gaps():
    from vmo_lib.maturity import charts as charts_maturity

    matrix = pd.DataFrame(
        {"KPI": np.arange(40.0), "EVM": np.zeros(40)}, index=[f"Team {i}" for i in range(40)]
    )
    fig = charts_maturity.skills_heatmap(matrix, max_teams=30)
    ax = fig.axes[0]
    shown = [t.get_text() for t in ax.get_yticklabels()]
    assert len(shown) == 30 and "Team 39" in shown and "Team 0" not in shown
    assert "30 teams with the largest gaps (of 40)" in ax.get_title()


def test_export_sheets_hold_the_full_tables_and_no_answers(model):
    org = load_organisation("harbourline")
    result = maturity.assess(org.pmo_assessment, model)
    evidence = maturity.value_evidence(org.projects, org.benefits, org.kpis)
    sheets = views.export_sheets(result, evidence, maturity.skills_gap(org.skills_inventory))
    assert len(sheets["Evidence by project"]) == len(org.projects)
    assert len(sheets["Questions"]) == len(model.questions)
    assert "Roadmap" not in sheets  # not given, not exported
    assert not any("respondent_id" in frame.columns for frame in sheets.values())


def test_results_record_the_figures_the_index_reads(model):
    org = load_organisation("harbourline")
    result = maturity.assess(org.pmo_assessment, model, min_group_size=7, scoring="mean")
    figures = {f.name: f for f in result.recorded()}
    assert list(figures) == [
        "n_respondents",
        "scoring",
        "mean_current_level",
        "mean_gap",
        "largest_gap_dimension",
        "largest_gap",
        "role_groups_shown",
    ]
    assert figures["mean_current_level"].label == "Mean maturity today (1-5, mean rule)"
    dims = result.dimensions.dropna(subset=["gap"])
    assert figures["mean_gap"].value == pytest.approx(dims["gap"].mean())
    assert figures["largest_gap"].value == pytest.approx(dims["gap"].max())
    assert figures["role_groups_shown"].value == {"Project manager": 9, maturity.MERGED_GROUP: 15}
    perception = maturity.perception_gap(result, "Executive, Project manager")
    seen = {f.name: f.value for f in perception.recorded()}
    assert seen["compared_groups"] == [maturity.MERGED_GROUP, "Project manager"]
    assert seen["largest_perception_gap"]["gap"] == pytest.approx(perception.table["gap"].max())
    plan = maturity.roadmap(result, model)
    steps = {f.name: f.value for f in plan.recorded()}
    first = plan.table.loc[plan.table["rank"].idxmin(), "dimension"]
    assert steps == {
        "roadmap_first_step": first,
        "n_quick_wins": int((plan.table["horizon"] == maturity.QUICK_WIN).sum()),
        "n_roadmap_steps": len(plan.table),
    }
    skills = maturity.skills_gap(org.skills_inventory)
    top = skills.training.sort_values("person_levels", ascending=False).iloc[0]["skill"]
    assert [(f.name, f.value) for f in skills.recorded()] == [("top_training_need", top)]


def test_claims_record_the_evidence_and_the_survey_claim(model):
    projects = pd.DataFrame({"project_id": ["P1", "P2"], "benefit_owner": ["A", None]})
    empty = pd.DataFrame(columns=["project_id", "driver_id", "baseline", "target"])
    kpis = pd.DataFrame(columns=["driver_id", "kind"])
    evidence = maturity.value_evidence(projects, empty, kpis)
    alone = maturity.claims_beside_evidence(evidence, None)
    assert alone.claim_share is None and alone.worth_a_chart  # one owner of two
    figures = {f.name: f.value for f in alone.recorded()}
    assert figures == {
        "share_has_benefit_owner": 0.5,
        "share_has_measurable_benefit": 0.0,
        "share_linked_to_driver": 0.0,
        "share_has_value_kpi": 0.0,
        "n_projects_checked": 2,
    }
    nobody = maturity.value_evidence(projects.assign(benefit_owner=None), empty, kpis)
    assert not maturity.claims_beside_evidence(nobody, None).worth_a_chart
    result = maturity.assess(load_organisation("harbourline").pmo_assessment, model)
    levels = result.respondent_levels["Value tracking and reporting"].dropna()
    claims = maturity.claims_beside_evidence(nobody, result)
    assert claims.worth_a_chart and claims.table["source"].iloc[0] == "Survey"
    claimed = {f.name: f.value for f in claims.recorded()}["share_claiming_value_tracking"]
    assert claimed == pytest.approx((levels >= 3).mean())


def test_a_bad_setting_is_a_workbook_error(model):
    from vmo_lib.errors import VmoError

    with pytest.raises(maturity.SettingError) as caught:
        maturity.parse_target_profile("4; Data=2", model)
    assert isinstance(caught.value, VmoError) and isinstance(caught.value, ValueError)
