"""The gap analysis: model validation, scores and gaps by hand, bootstrap, privacy, roadmap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from vmo_lib import maturity
from vmo_lib.data import DataError, load_organisation
from vmo_lib.data.synthetic.reference import MATURITY_DIMENSIONS


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
    result = maturity.assess(_answers(FIXTURE), model, target_profile="4", min_group_size=1)
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


def test_target_profile_per_dimension_and_survey(model):
    text = "survey; Strategic alignment=5"
    result = maturity.assess(_answers(FIXTURE), model, target_profile=text, min_group_size=1)
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
    small = maturity.assess(answers, model, seed=3)
    copies = [answers.assign(respondent_id=answers["respondent_id"] + f"-{k}") for k in range(4)]
    large = maturity.assess(pd.concat(copies, ignore_index=True), model, seed=3)
    for result in (small, large):
        dims = result.dimensions
        assert (dims["current_low"] <= dims["current"]).all()
        assert (dims["current"] <= dims["current_high"]).all()
        assert ((dims["gap_low"] <= dims["gap"]) & (dims["gap"] <= dims["gap_high"])).all()
    width = small.dimensions["current_high"] - small.dimensions["current_low"]
    narrower = large.dimensions["current_high"] - large.dimensions["current_low"]
    assert (narrower < width).all()
    again = maturity.assess(answers, model, seed=3)
    pd.testing.assert_frame_equal(small.dimensions, again.dimensions)


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
    views = maturity.perception_gap(result, "Executive, Project manager")
    assert views.compared == (maturity.MERGED_GROUP, "Project manager")
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
    result = maturity.assess(_answers(FIXTURE), model, target_profile="4", min_group_size=1)
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
