"""Score the maturity survey: current and target level per dimension, gap, uncertainty, spread.

Two scoring rules, chosen with ``scoring`` (both are always computed and shown side by side):

* ``"staged"`` (the default, P3M3's rule): a level is reached only when *every* question of the
  dimension has reached it. Each question's answers are pooled into one score (the mean of
  the answers, roles weighted as below); the dimension's level is the lowest of its questions'
  scores, rounded down to a whole level. Three questions scoring 3.4, 3.1 and 1.9 give level 1:
  the third practice is not yet repeatable, whatever the others say.
* ``"mean"``: the average of every answer on the dimension (each respondent's mean over the
  questions they answered, then pooled over respondents), a score between 1 and 5. The level
  it "reaches" is that score rounded down. It moves with small improvements, but a strong
  question can hide a weak one.

Roles (``role_weights``): with ``"equal"`` (the default) each role's respondents are averaged
first and every role counts the same, so nine project managers do not outvote five executives;
with ``"respondents"`` every respondent counts once. A role that did not answer a question is
left out of that question's average (the other roles' weights are scaled up).

Uncertainty: a *stratified* bootstrap. Each of ``n_boot`` resamples draws, within every role,
as many respondents as the role has, with replacement (not single answers, which are
correlated within a person), and recomputes every score with the same role weighting; the
interval is the central ``confidence`` share of the resampled scores (percentile method).
Holding each role's head count fixed means the interval reflects disagreement *within* roles,
not the chance of drawing more project managers than executives. A role with a single
respondent adds no spread. Resampling uses multinomial counts and one matrix product per role,
so 2,000 resamples of hundreds of respondents take milliseconds.

>>> from vmo_lib.maturity import load_model
>>> model = load_model()
>>> answers = pd.DataFrame({"respondent_id": ["R1", "R1", "R2", "R2"], "role": ["A"] * 4,
...     "dimension": ["Benefits management"] * 4, "question_id": ["BEN-1", "BEN-2"] * 2,
...     "current_level": [1, 2, 3, 4], "target_level": [4, 4, 4, 4]})
>>> result = assess(answers, model, target_profile="4", min_group_size=1)
>>> row = result.dimensions.set_index("dimension").loc["Benefits management"]
>>> row[["current", "mean_score", "staged_level", "gap"]].astype(float).tolist()
[2.0, 2.5, 2.0, 2.0]
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib.data.errors import DataError, Problem
from vmo_lib.maturity.bootstrap import (
    ROLE_WEIGHTS,
    percentiles,
    stratified_bootstrap_means,
    weighted_means,
)
from vmo_lib.maturity.model import MaturityModel, level_name
from vmo_lib.maturity.privacy import RoleGroups, role_groups
from vmo_lib.maturity.settings import SettingError, parse_target_profile
from vmo_lib.notebook.record import Figure

SCORING_RULES: tuple[str, ...] = ("staged", "mean")
"""Scoring rules of :func:`assess`: P3M3's staged rule, or the mean of the answers."""


@dataclass(frozen=True)
class Assessment:
    """The scored survey (see :func:`assess`). Levels are on the 1-5 scale.

    ``dimensions``: one row per dimension (model order) with ``move, respondents, current``
    (the score under ``scoring``), ``current_low, current_high`` (its bootstrap interval),
    ``staged_level`` and ``mean_score`` (both rules, always), ``limiting_question`` and
    ``limiting_score`` (the lowest-scoring question, which sets the staged level),
    ``stated_target, target, gap, gap_low, gap_high, spread`` (standard deviation of
    respondents' mean levels), ``disagreement`` (share of respondents more than one level from
    the mean score) and ``level_name`` (the level reached under ``scoring``). ``questions``:
    pooled score per question (roles weighted as the dimensions). ``by_role``: mean score,
    dimension x shown role group (small groups merged by
    :func:`~vmo_lib.maturity.privacy.role_groups`). ``respondent_levels`` is the respondent x
    dimension matrix of mean levels behind them: never display it.
    """

    dimensions: pd.DataFrame
    questions: pd.DataFrame
    by_role: pd.DataFrame
    groups: RoleGroups
    respondent_levels: pd.DataFrame
    respondent_roles: pd.Series
    n_respondents: int
    confidence: float
    n_boot: int
    scoring: str = "staged"
    role_weights: str = "equal"

    def recorded(self) -> tuple[Figure, ...]:
        """The key figures notebook 01 records for the handouts index (see :func:`headline`;
        names, labels and units are read by the index and the tests: keep them stable)."""
        top = headline(self)
        return (
            Figure("n_respondents", self.n_respondents, "Respondents", "count"),
            Figure("scoring", top["scoring"], "Scoring rule"),
            Figure(
                "mean_current_level",
                top["mean_current_level"],
                f"Mean maturity today (1-5, {self.scoring} rule)",
                "level",
            ),
            Figure("mean_gap", top["mean_gap"], "Mean gap to target (levels)", "level"),
            Figure("largest_gap_dimension", top["largest_gap_dimension"], "Largest gap"),
            Figure("largest_gap", top["largest_gap"], "Largest gap (levels)", "level"),
            Figure("role_groups_shown", top["role_groups_shown"]),
        )


def check_answers(answers: pd.DataFrame, model: MaturityModel) -> None:
    """Raise :class:`DataError` if an answer names a question the model does not have, or
    files it under another dimension than the model does."""
    known = model.questions.set_index("question_id")["dimension"]
    problems = []
    for qid, rows in answers.groupby("question_id", sort=True):
        if qid not in known.index:
            rule = f"is not a question of the maturity model ({len(rows)} answers)"
            problems.append(
                Problem("pmo_assessment", "pmo_assessment", rule, None, "question_id", qid)
            )
            continue
        wrong = sorted(set(rows["dimension"].astype(str)) - {known[qid]})
        if wrong:
            rule = f"is filed under '{wrong[0]}' but the model puts it in '{known[qid]}'"
            problems.append(
                Problem("pmo_assessment", "pmo_assessment", rule, None, "question_id", qid)
            )
    if problems:
        raise DataError(problems, source=f"the survey answers checked against {model.source}")


def staged_levels(question_scores: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """P3M3's staged level per dimension from pooled question scores.

    ``question_scores``: resamples x questions; ``groups``: for each dimension, the column
    positions of its questions. A dimension reaches level L only when every question scores
    at least L, so its level is the lowest question score rounded down (at least 1);
    questions nobody answered are left out, a dimension nobody answered is NaN.

    >>> staged_levels(np.array([[3.4, 3.1, 1.9, 4.0]]), [np.array([0, 1, 2]), np.array([3])])
    array([[1., 4.]])
    """
    out = np.full((question_scores.shape[0], len(groups)), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN dimension: NaN is the answer
        for k, cols in enumerate(groups):
            if len(cols):
                lowest = np.nanmin(question_scores[:, cols], axis=1)
                out[:, k] = np.clip(np.floor(lowest + 1e-9), 1, 5)
    return out


def assess(
    answers: pd.DataFrame,
    model: MaturityModel,
    target_profile: str | float = "4",
    min_group_size: int = 3,
    confidence: float = 0.9,
    n_boot: int = 2000,
    seed: int = 1,
    scoring: str = "staged",
    role_weights: str = "equal",
) -> Assessment:
    """Score the ``pmo_assessment`` table against ``model``.

    ``target_profile`` is parsed by :func:`~vmo_lib.maturity.settings.parse_target_profile`;
    ``scoring`` is ``"staged"`` (P3M3) or ``"mean"`` and ``role_weights`` ``"equal"`` or
    ``"respondents"`` (see the module doc); ``confidence`` is the coverage of the bootstrap
    intervals (0.9 = 5th to 95th percentile); ``seed`` makes them repeatable. A stated
    target (``survey``) is the mean of the levels respondents ask for, roles weighted the
    same way. Raises ``ValueError`` for an unknown rule, or when the survey has fewer
    respondents than ``min_group_size`` (even the whole would identify people).
    """
    if scoring not in SCORING_RULES:
        raise SettingError(f"scoring must be one of {', '.join(SCORING_RULES)}, not {scoring!r}")
    if role_weights not in ROLE_WEIGHTS:
        raise SettingError(
            f"role_weights must be one of {', '.join(ROLE_WEIGHTS)}, not {role_weights!r}"
        )
    check_answers(answers, model)
    profile = parse_target_profile(target_profile, model)
    dims = list(model.dimension_names)
    qids = list(model.questions["question_id"])
    roles = answers.groupby("respondent_id", sort=True)["role"].first().astype(str)
    current = _respondent_matrix(answers, "current_level", "dimension", dims, roles.index)
    stated = _respondent_matrix(answers, "target_level", "dimension", dims, roles.index)
    per_question = _respondent_matrix(answers, "current_level", "question_id", qids, roles.index)
    n = len(current)
    if n < min_group_size:
        raise SettingError(
            f"The survey has {n} respondents, fewer than min_group_size ({min_group_size}): "
            "no result can be shown without identifying people."
        )
    strata = pd.factorize(roles, sort=True)[0]
    question_dims = model.questions["dimension"].to_numpy()
    positions = [np.flatnonzero(question_dims == d) for d in dims]
    items = np.hstack([current.to_numpy(), stated.to_numpy(), per_question.to_numpy()])
    point = weighted_means(items, strata, role_weights)
    rng = np.random.default_rng(seed)
    boot = stratified_bootstrap_means(items, strata, n_boot, rng, role_weights)
    d = len(dims)
    mean_point, stated_point, question_point = point[:d], point[d : 2 * d], point[2 * d :]
    staged_point = staged_levels(question_point[None, :], positions)[0]
    if scoring == "staged":
        cur_point, cur_boot = staged_point, staged_levels(boot[:, 2 * d :], positions)
    else:
        cur_point, cur_boot = mean_point, boot[:, :d]
    fixed = np.array([np.nan if profile[k] is None else profile[k] for k in dims])
    tgt_boot = np.where(np.isnan(fixed), boot[:, d : 2 * d], fixed)
    tail = (1 - confidence) / 2 * 100
    discrete = scoring == "staged"
    limiting = [_lowest(question_point, cols, qids) for cols in positions]
    table = model.dimensions[["dimension", "move"]].copy()
    table["respondents"] = current.notna().sum().to_numpy()
    table["current"] = cur_point
    table["current_low"], table["current_high"] = percentiles(cur_boot, tail, discrete)
    table["staged_level"] = staged_point
    table["mean_score"] = mean_point
    table["limiting_question"] = [q for q, _ in limiting]
    table["limiting_score"] = [v for _, v in limiting]
    table["stated_target"] = stated_point
    table["target"] = np.where(np.isnan(fixed), stated_point, fixed)
    table["gap"] = table["target"] - table["current"]
    table["gap_low"], table["gap_high"] = percentiles(tgt_boot - cur_boot, tail, discrete)
    table["spread"] = current.std(ddof=1).to_numpy()
    table["disagreement"] = (current.sub(mean_point).abs() > 1).mean().to_numpy()
    table["level_name"] = table["current"].map(level_name)
    groups = role_groups(roles, min_group_size)
    questions = model.questions[["dimension", "question_id", "question"]].copy()
    questions["current"] = question_point
    return Assessment(
        dimensions=table,
        questions=questions,
        by_role=_by_role(current, groups),
        groups=groups,
        respondent_levels=current,
        respondent_roles=roles,
        n_respondents=n,
        confidence=confidence,
        n_boot=n_boot,
        scoring=scoring,
        role_weights=role_weights,
    )


def headline(assessment: Assessment) -> dict[str, object]:
    """Headline figures: the scoring rule, mean current level and gap over dimensions
    (levels, under that rule), the largest gap and its dimension, and the role groups shown
    with their sizes (all privacy-safe)."""
    dims = assessment.dimensions.dropna(subset=["gap"])
    top = dims.sort_values("gap", ascending=False, kind="stable").iloc[0] if len(dims) else None
    return {
        "scoring": assessment.scoring,
        "mean_current_level": float(dims["current"].mean()),
        "mean_gap": float(dims["gap"].mean()),
        "largest_gap_dimension": None if top is None else str(top["dimension"]),
        "largest_gap": None if top is None else float(top["gap"]),
        "role_groups_shown": dict(
            zip(
                assessment.groups.sizes["group"],
                assessment.groups.sizes["respondents"].astype(int),
                strict=True,
            )
        ),
    }


def _lowest(scores: np.ndarray, cols: np.ndarray, qids: list[str]) -> tuple[str, float]:
    """The question with the lowest pooled score among ``cols`` (first in model order)."""
    values = scores[cols]
    if not len(cols) or np.isnan(values).all():
        return "", float("nan")
    k = int(np.nanargmin(values))
    return qids[int(cols[k])], float(values[k])


def _respondent_matrix(
    answers: pd.DataFrame, column: str, by: str, keys: list[str], respondents: pd.Index
) -> pd.DataFrame:
    """Respondent x ``by`` (dimension or question) matrix of mean ``column`` levels, rows in
    the order of ``respondents`` (NaN where a respondent gave no answer)."""
    frame = answers.assign(level=answers[column].astype(float))
    matrix = frame.pivot_table(index="respondent_id", columns=by, values="level", aggfunc="mean")
    return matrix.reindex(index=respondents, columns=keys)


def _by_role(current: pd.DataFrame, groups: RoleGroups) -> pd.DataFrame:
    shown = current.loc[[r for r in current.index if r in groups.group_of]]
    means = shown.groupby(shown.index.map(groups.group_of)).mean().T
    out = means.reindex(columns=list(groups.labels))
    out.index.name = "dimension"
    return out.reset_index().rename_axis(columns=None)
