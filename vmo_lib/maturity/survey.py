"""Score the maturity survey: current and target level per dimension, gap, uncertainty, spread.

Each respondent's level on a dimension is the mean of their answers to its questions (so a
respondent who skips a question still counts); a dimension's level is the mean over
respondents, each weighing the same. The gap is target minus current, in levels.

Uncertainty: a bootstrap over *respondents* (not single answers, which are correlated within a
person). Each of ``n_boot`` resamples draws as many respondents as there are, with
replacement, recomputes every dimension's mean, and the interval is the central
``confidence`` share of those means (percentile method). Resampling is done with multinomial
counts and one matrix product, so 2,000 resamples of hundreds of respondents take
milliseconds. With few respondents the interval is wide: read it as "how much the picture
could move had other people answered".

>>> from vmo_lib.maturity import load_model
>>> model = load_model()
>>> answers = pd.DataFrame({"respondent_id": ["R1", "R1", "R2", "R2"], "role": ["A"] * 4,
...     "dimension": ["Benefits management"] * 4, "question_id": ["BEN-1", "BEN-2"] * 2,
...     "current_level": [1, 2, 3, 4], "target_level": [4, 4, 4, 4]})
>>> result = assess(answers, model, target_profile="4", min_group_size=1)
>>> result.dimensions.set_index("dimension").loc["Benefits management", ["current", "gap"]].tolist()
[2.5, 1.5]
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from vmo_lib.data.errors import DataError, Problem

from .model import MaturityModel, level_name
from .privacy import RoleGroups, role_groups
from .settings import parse_roles, parse_target_profile


@dataclass(frozen=True)
class Assessment:
    """The scored survey (see :func:`assess`). Levels are on the 1-5 scale.

    ``dimensions``: one row per dimension (model order) with ``move, respondents, current,
    current_low, current_high, stated_target, target, gap, gap_low, gap_high, spread``
    (standard deviation of respondents' levels), ``disagreement`` (share of respondents more
    than one level from the mean) and ``level_name``. ``questions``: mean current level per
    question. ``by_role``: mean current level, dimension x shown role group (small groups
    merged by :func:`~vmo_lib.maturity.privacy.role_groups`). ``respondent_levels`` is the
    respondent x dimension matrix behind them: never display it.
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


def bootstrap_means(
    levels: np.ndarray, n_boot: int = 2000, rng: np.random.Generator | None = None
) -> np.ndarray:
    """Bootstrap means of each column of ``levels`` (respondents x items; NaN = no answer).

    Returns an ``n_boot`` x items array. Respondents are resampled with replacement as
    multinomial counts, so one matrix product gives every resample's weighted mean.

    >>> bootstrap_means(np.array([[1.0], [3.0]]), 500, np.random.default_rng(0)).shape
    (500, 1)
    """
    rng = rng or np.random.default_rng()
    n = levels.shape[0]
    counts = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot).astype(float)
    answered = ~np.isnan(levels)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (counts @ np.where(answered, levels, 0.0)) / (counts @ answered)


def assess(
    answers: pd.DataFrame,
    model: MaturityModel,
    target_profile: str | float = "4",
    min_group_size: int = 3,
    confidence: float = 0.9,
    n_boot: int = 2000,
    seed: int = 1,
) -> Assessment:
    """Score the ``pmo_assessment`` table against ``model``.

    ``target_profile`` is parsed by :func:`~vmo_lib.maturity.settings.parse_target_profile`;
    ``confidence`` is the coverage of the bootstrap intervals (0.9 = 5th to 95th percentile);
    ``seed`` makes them repeatable. Raises ``ValueError`` when the survey has fewer
    respondents than ``min_group_size`` (even the whole would identify people).
    """
    check_answers(answers, model)
    profile = parse_target_profile(target_profile, model)
    dims = list(model.dimension_names)
    current = _respondent_matrix(answers, "current_level", dims)
    stated = _respondent_matrix(answers, "target_level", dims)
    roles = answers.groupby("respondent_id", sort=True)["role"].first().astype(str)
    n = len(current)
    if n < min_group_size:
        raise ValueError(
            f"The survey has {n} respondents, fewer than min_group_size ({min_group_size}): "
            "no result can be shown without identifying people."
        )
    rng = np.random.default_rng(seed)
    boot = bootstrap_means(np.hstack([current.to_numpy(), stated.to_numpy()]), n_boot, rng)
    cur_boot, stated_boot = boot[:, : len(dims)], boot[:, len(dims) :]
    fixed = np.array([np.nan if profile[d] is None else profile[d] for d in dims])
    tgt_boot = np.where(np.isnan(fixed), stated_boot, fixed)
    tail = (1 - confidence) / 2 * 100
    table = model.dimensions[["dimension", "move"]].copy()
    table["respondents"] = current.notna().sum().to_numpy()
    table["current"] = current.mean().to_numpy()
    cur_ci = _percentiles(cur_boot, tail)
    table["current_low"], table["current_high"] = cur_ci
    table["stated_target"] = stated.mean().to_numpy()
    table["target"] = np.where(np.isnan(fixed), table["stated_target"], fixed)
    table["gap"] = table["target"] - table["current"]
    table["gap_low"], table["gap_high"] = _percentiles(tgt_boot - cur_boot, tail)
    table["spread"] = current.std(ddof=1).to_numpy()
    table["disagreement"] = (current.sub(current.mean()).abs() > 1).mean().to_numpy()
    table["level_name"] = table["current"].map(level_name)
    groups = role_groups(roles, min_group_size)
    return Assessment(
        dimensions=table,
        questions=_question_means(answers, model),
        by_role=_by_role(current, groups),
        groups=groups,
        respondent_levels=current,
        respondent_roles=roles,
        n_respondents=n,
        confidence=confidence,
        n_boot=n_boot,
    )


@dataclass(frozen=True)
class Perception:
    """How differently role groups see the same dimensions (see :func:`perception_gap`).

    ``table``: one row per dimension with the mean current level of each compared group,
    ``gap`` (highest minus lowest group, levels), ``most_positive`` and ``least_positive``.
    ``notes`` say which requested roles were merged or could not be shown.
    """

    table: pd.DataFrame
    compared: tuple[str, ...]
    notes: tuple[str, ...]


def perception_gap(assessment: Assessment, roles: str | tuple[str, ...]) -> Perception:
    """Compare the groups that ``roles`` (text like ``"Executive, Project manager"``) fall in.

    Only privacy-safe groups are compared: a role pooled into the merged group is compared as
    that group; a role not shown by role at all is left out with a note. Raises ``ValueError``
    for a role absent from the survey.
    """
    wanted = parse_roles(roles) if isinstance(roles, str) else tuple(roles)
    present = sorted(set(assessment.respondent_roles))
    unknown = [r for r in wanted if r not in present]
    if unknown:
        raise ValueError(
            f"roles: no respondents with role {', '.join(map(repr, unknown))}; the survey has "
            f"{', '.join(present)}"
        )
    groups = assessment.groups
    notes = []
    compared: list[str] = []
    for role in wanted:
        shown = groups.shown_group(role)
        if shown is None:
            notes.append(f"{role} is not compared: too few respondents to show (see above).")
        elif shown != role:
            notes.append(f"{role} is compared through the group '{shown}' (too few alone).")
        if shown is not None and shown not in compared:
            compared.append(shown)
    table = assessment.by_role[["dimension", *compared]].copy()
    if len(compared) >= 2:
        values = table[compared]
        table["gap"] = values.max(axis=1) - values.min(axis=1)
        table["most_positive"] = values.idxmax(axis=1)
        table["least_positive"] = values.idxmin(axis=1)
        table = table.sort_values("gap", ascending=False, kind="stable")
    else:
        notes.append("Fewer than two groups remain to compare, so no perception gap is shown.")
    return Perception(table.reset_index(drop=True), tuple(compared), tuple(notes))


def _percentiles(samples: np.ndarray, tail: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper percentile of each column (NaN for a column nobody answered)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN column: NaN is the answer
        low, high = np.nanpercentile(samples, [tail, 100 - tail], axis=0)
    return low, high


def _respondent_matrix(answers: pd.DataFrame, column: str, dims: list[str]) -> pd.DataFrame:
    frame = answers.assign(level=answers[column].astype(float))
    matrix = frame.pivot_table(
        index="respondent_id", columns="dimension", values="level", aggfunc="mean"
    )
    return matrix.reindex(columns=dims).sort_index()


def _question_means(answers: pd.DataFrame, model: MaturityModel) -> pd.DataFrame:
    means = answers.groupby("question_id")["current_level"].mean().rename("current")
    out = model.questions[["dimension", "question_id", "question"]]
    return out.merge(means, left_on="question_id", right_index=True, how="left")


def _by_role(current: pd.DataFrame, groups: RoleGroups) -> pd.DataFrame:
    shown = current.loc[[r for r in current.index if r in groups.group_of]]
    means = shown.groupby(shown.index.map(groups.group_of)).mean().T
    out = means.reindex(columns=list(groups.labels))
    out.index.name = "dimension"
    return out.reset_index().rename_axis(columns=None)
