"""Tune a generated organisation so that every exercise can tell a right method from the
typical wrong ones, and one trainee's answers from their neighbour's.

Why: a generated organisation is realistic, not didactic. On about half the seeds the leaf
driver with the largest local weight also has the largest global weight, and nothing then
separates a trainee who multiplied down the tree from one who did not; a neighbour's answer
to "which skill first?" is right on a quarter of seed pairs. :func:`tune` edits the generated
tables (before they are written and loaded, so the loader still validates them) in small,
plausible ways, each aimed at one task:

* ex00: one project in flight has paid nothing yet (no cost forecast), a closed project
  reported green has a lower CPI than any green project in flight, and the green project in
  flight furthest behind schedule is not the one with the lowest CPI;
* ex01: the skills inventory is drawn so that the largest training effort (people x levels),
  the largest average gap and the gap in the most teams are three different skills, and the
  survey's answers are assigned to dimensions so that the largest gap, the first roadmap step
  and the largest gap to the stated targets differ;
* ex03: a KPI only lacks its thresholds (verdict "fix") on every seed and one is ready on odd
  seeds (a KPI missing what it needs gets it from the catalogue's own entries);
* ex04: a knapsack trap (:func:`knapsack_trap`: one or two projects not started re-priced so
  that neither greedy rule funds the best set) and the biggest riser's legacy place
  (:func:`riser_parity`); both need the value scores, so :mod:`vmo_lib.exercises.data` runs
  them on the loaded organisation and loads it again;
* ex05: the weakest programme and the one furthest behind in money differ;
* the answers that name one item (a skill, a dimension, a programme, the watermelon, the
  biggest riser) follow the seed's parity, so two neighbouring seeds never share them.

Every choice is drawn from the seed: the same seed always gives the same organisation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["tune"]

#: The generated tables by name. Typed ``Any``: this module edits cells by label
#: (``frame.at[row, column]``) on purpose, which pandas-stubs types too narrowly.
Tables = dict[str, Any]


def tune(tables: Tables, seed: int) -> Tables:
    """The generated ``tables`` of trainee ``seed``, tuned for every exercise (a new dict)."""
    tuned = {name: frame.copy() for name, frame in tables.items()}
    rng = np.random.default_rng([seed, 2026])
    steps: tuple[Callable[[Tables, int, np.random.Generator], None], ...] = (
        _baseline,
        _owners,
        _skills,
        _survey,
        _judgements,
        _riser,
        _catalogue,
        _realisation,
    )
    for step in steps:
        step(tuned, seed, rng)
    return tuned


# --- ex00: earned value ---------------------------------------------------------------


def _baseline(tables: Tables, seed: int, rng: np.random.Generator) -> None:
    projects = tables["projects"]
    stage = projects["stage"].astype(str)
    in_flight = projects.index[stage.eq("in flight")]
    closed = projects.index[stage.eq("closed")]
    if len(in_flight) < 4 or len(closed) < 1:
        return
    ev, ac = projects["earned_value"].astype(float), projects["actual_cost"].astype(float)
    # One project in flight has just started: nothing earned, nothing paid, no forecast.
    started = projects.loc[in_flight, "budget_at_completion"].idxmin()
    projects.loc[started, ["earned_value", "actual_cost"]] = 0
    projects.loc[started, "rag_status"] = "amber"
    others = [i for i in in_flight if i != started]
    # At least two green projects in flight, with a CPI.
    green = [i for i in others if projects.at[i, "rag_status"] == "green" and ac[i] > 0]
    for i in others:
        if len(green) >= 2:
            break
        if i not in green and ac[i] > 0:
            projects.at[i, "rag_status"] = "green"
            green.append(i)

    # The watermelon (the green project with the lowest CPI) has a project number of the
    # seed's parity, so neighbours never share it: the lowest of that parity costs a tenth
    # more for its work than any other green project.
    def own_parity(i: object) -> bool:
        return _project_number(projects.at[i, "project_id"]) % 2 == seed % 2

    if not any(own_parity(i) for i in green):
        extra = next((i for i in others if ac[i] > 0 and own_parity(i)), None)
        if extra is not None:
            projects.at[extra, "rag_status"] = "green"
            green.append(extra)
    cpi = (ev / ac.replace(0, np.nan)).astype(float)
    mine = [i for i in green if own_parity(i)]
    if mine and len(green) > 1:
        chosen = min(mine, key=lambda i: float(cpi[i]))
        rest = float(cpi[[i for i in green if i != chosen]].min())
        if float(cpi[chosen]) >= 0.95 * rest and ev[chosen] > 0:
            projects.at[chosen, "actual_cost"] = round(ev[chosen] / (0.9 * rest))
            ac = projects["actual_cost"].astype(float)
            cpi = (ev / ac.replace(0, np.nan)).astype(float)
    spi = (ev / projects["planned_value"].astype(float).replace(0, np.nan)).astype(float)
    watermelon = cpi[green].idxmin()
    # The green project furthest behind schedule is another one.
    behind = next(i for i in green if i != watermelon)
    lowest_spi = float(spi[green].min())
    if spi[behind] >= lowest_spi * 0.999 or spi[watermelon] <= spi[behind]:
        target_spi = min(lowest_spi, float(spi[watermelon])) * 0.9
        planned = min(ev[behind] / target_spi, float(projects.at[behind, "budget_at_completion"]))
        projects.at[behind, "planned_value"] = round(planned)
        if ev[behind] / planned >= float(spi[watermelon]):  # capped by the budget: lower EV
            projects.at[behind, "earned_value"] = int(planned * float(spi[watermelon]) * 0.9)
            projects.at[behind, "actual_cost"] = int(
                projects.at[behind, "earned_value"] / max(float(cpi[watermelon]) * 1.05, 0.01)
            )
    # A closed project reported green cost more for its work than any green one in flight.
    late = projects.loc[closed, "budget_at_completion"].astype(float).idxmax()
    projects.at[late, "rag_status"] = "green"
    worst = float(cpi[green].min())
    projects.at[late, "actual_cost"] = round(ev[late] / (worst * 0.9))
    # A project in flight not reported green has a lower CPI still ("ignoring the status"
    # then names it, not the watermelon).
    keep = {started, watermelon, behind, late}
    ac = projects["actual_cost"].astype(float)
    cpi = (ev / ac.replace(0, np.nan)).astype(float)
    worst = float(
        cpi[[i for i in in_flight if projects.at[i, "rag_status"] == "green" and ac[i] > 0]].min()
    )
    not_green = [
        i
        for i in in_flight
        if i not in keep and projects.at[i, "rag_status"] != "green" and ac[i] > 0 and ev[i] > 0
    ]
    if not_green:
        red = min(not_green, key=lambda i: float(cpi[i]))
        if float(cpi[red]) >= 0.95 * worst:
            projects.at[red, "actual_cost"] = round(ev[red] / (0.85 * worst))
        keep.add(red)
    _portfolio_cpi(projects, seed, keep)


def _project_number(project: object) -> int:
    """The number in a project id (``P-17`` -> 17; 0 when it has none)."""
    digits = "".join(ch for ch in str(project).split("-")[-1] if ch.isdigit())
    return int(digits) if digits else 0


def _portfolio_cpi(projects: Any, seed: int, keep: set[object]) -> None:
    """The portfolio's CPI (delivery projects, totals) lies at 0.005 past an even hundredth
    for even seeds and 0.015 past one for odd seeds, so neighbours' CPIs differ by at least
    0.01, and at least 2% away from its SPI. The actual cost of the largest delivery project
    that is not reported green (and not tuned above) absorbs the change."""
    delivery = projects["stage"].astype(str).isin(["in flight", "closed"])
    spare = [
        i
        for i in projects.index[delivery]
        if i not in keep
        and projects.at[i, "rag_status"] != "green"
        and float(projects.at[i, "actual_cost"]) > 0
    ]
    if not spare:
        return
    big = max(spare, key=lambda i: float(projects.at[i, "actual_cost"]))
    totals = projects.loc[delivery, ["earned_value", "actual_cost", "planned_value"]].sum()
    earned, cost = float(totals["earned_value"]), float(totals["actual_cost"])
    spi = earned / float(totals["planned_value"])
    current = earned / cost
    offset = 0.5 if seed % 2 == 0 else 1.5
    base = int(current * 50)
    bands = [(2 * k + offset) / 100 for k in range(base - 8, base + 9) if k > 0]
    own = float(projects.at[big, "actual_cost"])
    # The average of the projects' CPIs ("average of ratios") stays 0.02 away as well.
    paid = projects["actual_cost"].astype(float) > 0
    ratios = (
        projects["earned_value"].astype(float)[paid] / projects["actual_cost"].astype(float)[paid]
    )
    others = float(ratios.drop(big, errors="ignore").sum())
    big_earned = float(projects.at[big, "earned_value"])
    for target in sorted(bands, key=lambda c: abs(c - current)):
        new_cost = own + earned / target - cost
        mean = (others + big_earned / new_cost) / len(ratios) if new_cost > 0 else target
        if abs(target - spi) > 0.02 * spi and new_cost > 0.5 * own and abs(mean - target) > 0.02:
            projects.at[big, "actual_cost"] = round(new_cost)
            return


# --- ex01: training need and maturity survey --------------------------------------------


def _owners(tables: Tables, seed: int, rng: np.random.Generator) -> None:
    """The number of projects with a benefit owner has the seed's parity and is not half the
    projects (where "with" and "without" an owner give the same share): the nearest such
    number, reached by naming (an existing owner) or blanking the fewest owners."""
    projects = tables["projects"]
    owner = projects["benefit_owner"].astype("string").str.strip()
    named = (owner.notna() & owner.ne("")).to_numpy()
    count, total = int(named.sum()), len(projects)
    fits = [t for t in range(1, total) if t % 2 == seed % 2 and 2 * t != total]
    if not fits:
        return
    target = min(fits, key=lambda t: (abs(t - count), t))
    if target > count:
        names = owner[named]
        fill = names.iloc[0] if len(names) else "Head of Operations"
        rows = projects.index[~named][: target - count]
        projects.loc[rows, "benefit_owner"] = fill
    elif target < count:
        rows = projects.index[named][target:]  # the last count - target owners
        projects.loc[rows, "benefit_owner"] = pd.NA


def _skills(tables: Tables, seed: int, rng: np.random.Generator) -> None:
    """The skills inventory redrawn: skill T has the largest effort (a gap of 3 in the two
    largest teams), U the largest average gap (4 levels, smallest team only), V a gap of one
    level in every team; the other skills small gaps in some teams. T, U, V rotate with the
    seed, so neighbours never share T."""
    inventory = tables["skills_inventory"]
    teams = inventory.groupby("team", sort=False)["headcount"].first()
    skills = sorted(inventory["skill"].astype(str).unique())
    if len(teams) < 3 or len(skills) < 3:
        return
    k = len(skills)
    top, average, spread = skills[seed % k], skills[(seed + 3) % k], skills[(seed + 5) % k]
    if len({top, average, spread}) < 3:
        top, average, spread = skills[seed % k], skills[(seed + 1) % k], skills[(seed + 2) % k]
    by_size = teams.sort_values(ascending=False, kind="stable").index.tolist()
    largest, smallest = set(by_size[:2]), by_size[-1]
    rows = []
    for team, headcount in teams.items():
        for skill in skills:
            required = int(rng.integers(3, 5))
            if skill == top:
                gap = 3 if team in largest else 0
            elif skill == average:
                gap, required = (4, 5) if team == smallest else (0, required)
            elif skill == spread:
                gap = 1
            else:
                gap = int(rng.random() < 0.5) if team != by_size[0] else 0
            required = max(required, gap + 1)
            rows.append(
                {
                    "team": team,
                    "headcount": int(headcount),
                    "skill": skill,
                    "current_level": required - gap,
                    "required_level": required,
                }
            )
    tables["skills_inventory"] = pd.DataFrame(rows).astype(inventory.dtypes.to_dict())


def _survey(tables: Tables, seed: int, rng: np.random.Generator) -> None:
    """Assign the survey's answer blocks to dimensions so that the largest gap to level 4,
    the first roadmap step (gap x importance / effort), the largest gap to the stated
    targets, the easiest and the most important dimension are not the same, and the largest
    gap falls in the half of the dimensions the seed's parity names."""
    from vmo_lib.maturity import load_model

    survey = tables["pmo_assessment"]
    model = load_model().dimensions.set_index("dimension")
    names = sorted(survey["dimension"].astype(str).unique())
    if set(names) - set(model.index) or len(names) < 4:
        return
    current, stated = _dimension_means(survey)
    furthest = current.idxmin()
    # A clear largest gap: the block furthest from level 4 lowered further on a few answers.
    if np.sort(current.to_numpy())[1] - current.min() < 0.05:
        rows = survey.index[survey["dimension"].astype(str).eq(furthest)]
        lower = [r for r in rows if survey.at[r, "current_level"] > 1][:3]
        survey.loc[lower, "current_level"] -= 1
        current, stated = _dimension_means(survey)
    # The respondents' own targets put their largest gap elsewhere than level 4 does: their
    # targets for that block come down a level, those of the runner-up go up one.
    dimension = survey["dimension"].astype(str)
    for _ in range(6):
        if (stated - current).idxmax() != furthest:
            break
        runner_up = (stated - current).drop(furthest).idxmax()
        up, down = dimension.eq(runner_up), dimension.eq(furthest)
        survey.loc[up, "target_level"] = np.minimum(survey.loc[up, "target_level"] + 1, 5)
        survey.loc[down, "target_level"] = np.maximum(
            survey.loc[down, "target_level"] - 1, survey.loc[down, "current_level"]
        )
        current, stated = _dimension_means(survey)
    blocks = list(current.index)
    importance = model.loc[names, "importance"].astype(float).to_numpy()
    effort = model.loc[names, "effort"].astype(float).to_numpy()
    easiest = min(range(len(names)), key=lambda i: (effort[i], names[i]))
    important = set(np.flatnonzero(importance == importance.max()))
    half = [i for i in range(len(names)) if i % 2 == seed % 2]
    for _ in range(2000):
        order = rng.permutation(len(blocks))  # dimension i receives block order[i]
        gap = 4 - current.to_numpy()[order]
        priority = np.clip(gap, 0, None) * importance / effort
        largest, first = int(np.argmax(gap)), int(np.argmax(priority))
        ranked = np.sort(priority)[::-1]
        if (
            largest in half
            and first in half
            and first != largest
            and first != easiest
            and first not in important
            and np.sort(gap)[-1] - np.sort(gap)[-2] > 0.02
            and ranked[0] - ranked[1] > 0.02
        ):
            break
    else:
        return
    rename = {blocks[order[i]]: names[i] for i in range(len(names))}
    questions = {
        d: sorted(survey.loc[survey["dimension"].eq(d), "question_id"].astype(str).unique())
        for d in names
    }
    old_dimension = survey["dimension"].astype(str)
    new_dimension = old_dimension.map(rename)
    position = survey.groupby(old_dimension)["question_id"].transform(
        lambda q: q.astype(str).map({v: i for i, v in enumerate(sorted(q.astype(str).unique()))})
    )
    survey["question_id"] = [
        questions[d][int(p)] for d, p in zip(new_dimension, position, strict=True)
    ]
    survey["dimension"] = new_dimension
    tables["pmo_assessment"] = survey.astype(tables["pmo_assessment"].dtypes.to_dict())


def _dimension_means(survey: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Mean current and stated target level per dimension, each respondent counting once (the
    exercise's scoring: ``scoring="mean"``, ``role_weights="respondents"``)."""
    per_person = survey.groupby(["dimension", "respondent_id"])[
        ["current_level", "target_level"]
    ].mean()
    means = per_person.groupby(level="dimension").mean()
    return means["current_level"], means["target_level"]


# --- ex02: the executives' judgements -----------------------------------------------------

#: Saaty's scale, as the judgements are recorded.
_SAATY = np.array(
    [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]
)


def _saaty_array(ratios: np.ndarray) -> np.ndarray:
    """:func:`_saaty` of each ratio."""
    nearest = np.argmin(np.abs(np.log(_SAATY)[None, :] - np.log(ratios)[:, None]), axis=1)
    return _SAATY[nearest]


def _pair_matrix(i: np.ndarray, j: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """The reciprocal comparison matrix with ``values`` at (``i``, ``j``)."""
    matrix = np.ones((n, n))
    matrix[i, j], matrix[j, i] = values, 1 / values
    return matrix


def _eigen_weights(matrix: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eig(matrix)
    principal = np.abs(np.real(vectors[:, np.argmax(np.real(values))]))
    return principal / principal.sum()


def _row_geometric(matrix: np.ndarray) -> np.ndarray:
    rows = np.exp(np.log(matrix).mean(axis=1))
    return rows / rows.sum()


def _consistency_ratio(matrix: np.ndarray) -> float:
    """Saaty's consistency ratio of a comparison matrix (random index of the workbook)."""
    from vmo_lib.drivers import RANDOM_INDEX

    n = len(matrix)
    lambda_max = float(np.max(np.real(np.linalg.eigvals(matrix))))
    return (lambda_max - n) / (n - 1) / RANDOM_INDEX[n] if RANDOM_INDEX.get(n) else 0.0


def _judgements(tables: Tables, seed: int, rng: np.random.Generator) -> None:
    """Redraw the executives' judgements of the objectives (each from a view of their own,
    one executive with extreme views) until pooling them right (geometric mean of the
    judgements), pooling them with an arithmetic mean, and averaging each executive's weights
    name three different favourites, the group's favourite lying in the half of the
    objectives the seed's parity names. Then, under the group's weakest objective, one driver
    dominates its siblings, and under the strongest the drivers are close: the leaf with the
    largest local weight is not the one with the largest global weight."""
    judgements = tables["judgements"] if "judgements" in tables else tables["driver_judgements"]
    drivers = tables["value_drivers"]
    objectives = sorted(drivers.loc[drivers["parent_id"].isna(), "driver_id"].astype(str))
    executives = list(dict.fromkeys(judgements["executive"].astype(str)))
    a, b = judgements["driver_a"].astype(str), judgements["driver_b"].astype(str)
    top_rows = a.isin(objectives) & b.isin(objectives)
    n = len(objectives)
    if n < 3 or len(executives) < 3:
        return
    half = {objectives[i] for i in range(n) if i % 2 == seed % 2}
    chosen: dict[str, dict[tuple[str, str], float]] | None = None
    # Per executive: the pairs asked (in the table's order) and their objectives' positions.
    asked = []
    for e in executives:
        rows = top_rows & judgements["executive"].eq(e)
        keys = list(dict.fromkeys(zip(a[rows], b[rows], strict=True)))
        asked.append(
            (
                keys,
                np.array([objectives.index(x) for x, _ in keys], dtype=int),
                np.array([objectives.index(y) for _, y in keys], dtype=int),
            )
        )
    for _ in range(500):
        views = rng.dirichlet(np.full(n, 2.0), size=len(executives))
        extreme = int(rng.integers(len(executives)))
        views[extreme] = np.full(n, 0.04)
        views[extreme][int(rng.integers(n))] = 1.0
        noise = np.exp(rng.normal(0, 0.6, size=(len(executives), n, n)))
        values = [
            _saaty_array(views[k][i] / views[k][j] * noise[k, i, j])
            for k, (_, i, j) in enumerate(asked)
        ]
        pairs = {
            e: dict(zip(keys, map(float, v), strict=True))
            for e, (keys, _, _), v in zip(executives, asked, values, strict=True)
        }
        matrices = [_pair_matrix(i, j, v, n) for (_, i, j), v in zip(asked, values, strict=True)]
        geometric = _row_geometric(np.exp(np.mean([np.log(m) for m in matrices], axis=0)))
        group = _eigen_weights(np.exp(np.mean([np.log(m) for m in matrices], axis=0)))
        arithmetic = _row_geometric(np.mean(matrices, axis=0))
        averaged = np.mean([_eigen_weights(m) for m in matrices], axis=0)
        top = int(np.argmax(group))
        ordered = np.sort(group)
        tops = [int(np.argmax(_eigen_weights(m))) for m in matrices]
        first = next((k for k, t in enumerate(tops) if t != top), 0)
        ratios = [_consistency_ratio(m) for k, m in enumerate(matrices) if k != first]
        if (
            0.05 <= max(ratios) <= 0.4
            and objectives[top] in half
            and int(np.argmax(geometric)) == top
            and int(np.argmax(arithmetic)) != top
            and int(np.argmax(averaged)) != top
            and ordered[-1] - ordered[-2] > 0.02
            and ordered[-1] >= 1.7 * ordered[0]
            and any(t != top for t in tops)
        ):
            chosen = pairs
            break
    if chosen is None:
        return
    for index in judgements.index[top_rows]:
        key = (a[index], b[index])
        judgements.at[index, "judgement"] = chosen[str(judgements.at[index, "executive"])][key]
    strongest, weakest = objectives[top], objectives[int(np.argmin(group))]
    for parent in objectives:
        # A strong lead under the weakest objective, a mild one under the strongest, none
        # elsewhere.
        lead = 9.0 if parent == weakest else (3.0 if parent == strongest else 1.0)
        children = sorted(drivers.loc[drivers["parent_id"].eq(parent), "driver_id"].astype(str))
        rows = a.isin(children) & b.isin(children)
        for index in judgements.index[rows]:
            first = children[0]
            value = lead if a[index] == first else (1 / lead if b[index] == first else 1.0)
            judgements.at[index, "judgement"] = value


# --- ex04: the legacy list against the value ranking --------------------------------------


def _riser(tables: Tables, seed: int, rng: np.random.Generator) -> None:
    """A closed project, last on the legacy list, contributes strongly to every driver it
    touches: among *all* projects it rises most, so comparing closed projects too shows."""
    projects = tables["projects"]
    closed = projects.index[projects["stage"].astype(str).eq("closed")]
    if len(closed) == 0:
        return
    chosen = projects.loc[closed, "budget_at_completion"].astype(float).idxmin()
    last = projects["legacy_priority"].astype(int).idxmax()
    if last != chosen:
        mine, theirs = projects.at[chosen, "legacy_priority"], projects.at[last, "legacy_priority"]
        projects.at[chosen, "legacy_priority"], projects.at[last, "legacy_priority"] = (
            theirs,
            mine,
        )
    contributions = tables["project_contributions"]
    rows = contributions["project_id"].astype(str).eq(str(projects.at[chosen, "project_id"]))
    contributions.loc[rows, "contribution"] = 5
    # Every open project contributes something: forcing one in then always adds some value,
    # so "the value of the displaced projects" is never the cost of forcing it.
    open_ids = set(projects.loc[~projects["stage"].astype(str).eq("closed"), "project_id"])
    totals = contributions.groupby(contributions["project_id"].astype(str))["contribution"].sum()
    for project in sorted(open_ids):
        if totals.get(project, 0) == 0:
            mine = contributions.index[contributions["project_id"].astype(str).eq(project)]
            if len(mine):
                contributions.at[mine[int(rng.integers(len(mine)))], "contribution"] = 1


# --- ex03: the KPI catalogue ----------------------------------------------------------------


def _catalogue(tables: Tables, seed: int, rng: np.random.Generator) -> None:
    """The share of value KPIs lies between 0.25 and 0.45 for even seeds and between 0.55 and
    0.75 for odd ones (so neighbours' shares differ and none is one half), and on odd seeds
    one value KPI is written well enough to pass the review (one ready KPI, none on even
    seeds, so neighbours' counts differ)."""
    kpis = tables["kpis"]
    n = len(kpis)
    if n < 4:
        return
    kind = kpis["kind"].astype(str)
    vague = kpis["name"].astype(str).str.contains("Improve", case=False)
    low, high = (0.25, 0.45) if seed % 2 == 0 else (0.55, 0.75)
    for index in kpis.index:
        share = float(kind.eq("value").mean())
        if low <= share <= high:
            break
        if vague[index]:
            continue
        if share < low and kind[index] == "execution":
            kind[index] = "value"
        elif share > high and kind[index] == "value":
            kind[index] = "execution"
    kpis["kind"] = kind.astype(kpis["kind"].dtype)
    complete = (
        kind.eq("value")
        & ~vague
        & kpis["owner"].notna()
        & kpis["target"].notna()
        & kpis["baseline"].notna()
        & kpis["target_date"].notna()
        & kpis["driver_id"].notna()
    )
    filled = (
        ~vague
        & kpis["owner"].notna()
        & kpis["target"].notna()
        & kpis["baseline"].notna()
        & kpis["target_date"].notna()
    )
    # Odd seeds: the first complete value KPI is written well (ready); every seed: another one
    # only lacks its thresholds (verdict "fix"), so "ready" and "ready or fix" differ.
    # When no KPI is complete (or filled) enough, the first plain one gets what it lacks.
    plain = [i for i in kpis.index if not vague[i]]
    ready = None
    if seed % 2 == 1:
        value_kpis = [i for i in plain if kind[i] == "value"]
        ready = complete[complete].index[0] if complete.any() else next(iter(value_kpis), None)
    if ready is not None:
        _fill_gaps(kpis, ready, tables["value_drivers"])
        _write_well(kpis, ready, with_thresholds=True)
    others = [i for i in filled[filled].index if i != ready] or [i for i in plain if i != ready]
    if others:
        _fill_gaps(kpis, others[0], tables["value_drivers"])
        _write_well(kpis, others[0], with_thresholds=False)


def _fill_gaps(kpis: Any, index: object, drivers: pd.DataFrame) -> None:
    """A KPI's blank owner, baseline, target, target date and (for a value KPI) driver filled
    from the catalogue's own entries: the first owner and target date named elsewhere, a
    target a fifth above the baseline, the first leaf driver."""

    def first(column: str, default: object) -> object:
        named = kpis[column].dropna()
        return named.iloc[0] if len(named) else default

    if pd.isna(kpis.at[index, "owner"]):
        kpis.at[index, "owner"] = first("owner", "Head of Strategy")
    if pd.isna(kpis.at[index, "baseline"]):
        target = kpis.at[index, "target"]
        kpis.at[index, "baseline"] = 50.0 if pd.isna(target) else float(target) / 1.2
    if pd.isna(kpis.at[index, "target"]):
        kpis.at[index, "target"] = round(float(kpis.at[index, "baseline"]) * 1.2, 2)
    if pd.isna(kpis.at[index, "target_date"]):
        kpis.at[index, "target_date"] = first("target_date", pd.Timestamp("2028-12-31"))
    if str(kpis.at[index, "kind"]) == "value" and pd.isna(kpis.at[index, "driver_id"]):
        parents = set(drivers["parent_id"].dropna().astype(str))
        leaves = [d for d in drivers["driver_id"].astype(str) if d not in parents]
        if leaves:
            kpis.at[index, "driver_id"] = leaves[0]


def _write_well(kpis: Any, index: object, with_thresholds: bool) -> None:
    """A specific formula, a unit, a direction towards the target and (if asked) amber and
    red thresholds between baseline and target."""
    baseline, target = float(kpis.at[index, "baseline"]), float(kpis.at[index, "target"])
    kpis.at[index, "direction"] = "higher" if target >= baseline else "lower"
    kpis.at[index, "formula"] = (
        f"Sum of {str(kpis.at[index, 'name']).lower()} in the quarter divided by the same sum "
        "in the baseline year, times 100, from the finance system"
    )
    if pd.isna(kpis.at[index, "unit"]):
        kpis.at[index, "unit"] = "index"
    kpis.at[index, "timing"] = "leading"
    if with_thresholds:
        kpis.at[index, "amber_threshold"] = baseline + 0.5 * (target - baseline)
        kpis.at[index, "red_threshold"] = baseline


# --- ex05: value realisation ----------------------------------------------------------------

#: The data date of exercise 05 and the quarters around it.
_QUARTER, _NEXT_QUARTER = pd.Period("2026Q3", freq="Q"), pd.Period("2026Q4", freq="Q")


def _to_date(frame: pd.DataFrame, column: str, quarter: pd.Period) -> pd.Series:
    periods = pd.PeriodIndex(frame["quarter"].astype(str), freq="Q")
    rows = frame[periods <= quarter]
    return rows.groupby(rows["benefit_id"].astype(str))[column].sum()


def _realisation(tables: Tables, seed: int, rng: np.random.Generator) -> None:
    """The programme realising the smallest share of its plan lies in the half of the
    programmes the seed's parity names, and is not the one furthest behind in money; the
    benefit furthest behind in money changes when one quarter too many is counted."""
    benefits, plan, actuals = tables["benefits"], tables["benefit_plan"], tables["benefit_actuals"]
    projects = tables["projects"]
    programme = (
        benefits["project_id"]
        .astype(str)
        .map(projects.set_index(projects["project_id"].astype(str))["programme"].astype(str))
    )
    ids = benefits["benefit_id"].astype(str)
    planned = _to_date(plan, "planned_value", _QUARTER).reindex(ids, fill_value=0)
    realised = _to_date(actuals, "realised_value", _QUARTER).reindex(ids, fill_value=0)
    by_programme: Any = (
        pd.DataFrame(
            {"planned": planned.to_numpy(), "realised": realised.to_numpy()}, index=programme
        )
        .groupby(level=0)
        .sum()
    )
    by_programme = by_programme[by_programme["planned"] > 0]
    names = sorted(by_programme.index)
    weakest_members: set[str] = set()
    if len(names) >= 3:
        # The parity of a programme's place among *all* the organisation's programmes (not only
        # those with value due yet), so two neighbouring seeds never pick the same one.
        every = sorted(set(projects["programme"].astype(str)))
        half = [p for p in names if every.index(p) % 2 == seed % 2] or names
        shortfall = (by_programme["planned"] - by_programme["realised"]).idxmax()
        choices = [p for p in half if p != shortfall] or half
        weakest = min(choices, key=lambda p: float(by_programme.at[p, "planned"]))
        mine = set(ids[programme.eq(weakest).to_numpy()])
        weakest_members = mine
        rows = actuals["benefit_id"].astype(str).isin(mine)
        actuals.loc[rows, "realised_value"] = (actuals.loc[rows, "realised_value"] * 0.2).round()
        realised = _to_date(actuals, "realised_value", _QUARTER).reindex(ids, fill_value=0)
        totals = pd.Series(realised.to_numpy(), index=programme.to_numpy()).groupby(level=0).sum()
        index = totals.reindex(by_programme.index).fillna(0) / by_programme["planned"]
        floor = float(index[weakest]) + 0.1
        for other in index.index.drop(weakest):
            if index[other] > 0:
                continue
            # Nothing realised yet: the largest benefit of the programme reports a first
            # quarter, at the floor's share of the programme's plan to date.
            members_ids = ids[programme.eq(other).to_numpy()]
            first = planned.reindex(members_ids).idxmax()
            amount = round(floor * float(by_programme.at[other, "planned"])) + 1
            _add_actual(actuals, len(actuals) + 10_000, str(first), amount)
            index[other] = floor
        for other in index.index.drop(weakest):
            members = (
                actuals["benefit_id"].astype(str).isin(set(ids[programme.eq(other).to_numpy()]))
            )
            if 0 < index[other] < floor:
                factor = floor / float(index[other])
                actuals.loc[members, "realised_value"] = (
                    actuals.loc[members, "realised_value"] * factor
                ).round() + 1
                index[other] = floor
        # Furthest behind in money: a large programme, not the weakest in share.
        money = by_programme["planned"] * (1 - index)
        if money.idxmax() == weakest:
            large = by_programme["planned"].drop(weakest).idxmax()
            members = (
                actuals["benefit_id"].astype(str).isin(set(ids[programme.eq(large).to_numpy()]))
            )
            actuals.loc[members, "realised_value"] = (
                actuals.loc[members, "realised_value"] * floor / max(float(index[large]), floor)
            ).round()
            index[large] = min(float(index[large]), floor)
            behind_large = float(by_programme.at[large, "planned"]) * (1 - float(index[large]))
            behind_weakest = float(by_programme.at[weakest, "planned"]) * (
                1 - float(index[weakest])
            )
            if behind_large <= behind_weakest:
                # Still the weakest: the large programme's plan to date was larger (a wider
                # scope), its realised value with it, so its index stays.
                _scale_to_date(
                    tables,
                    set(ids[programme.eq(large).to_numpy()]),
                    1.3 * behind_weakest / behind_large,
                )
    _behind_parity(benefits, plan, actuals, programme, weakest_members, seed)
    # One quarter too many: a benefit whose next quarter carries a large planned value.
    realised = _to_date(actuals, "realised_value", _NEXT_QUARTER).reindex(ids, fill_value=0)
    behind = (realised - planned).idxmin()
    variance = realised - _to_date(plan, "planned_value", _NEXT_QUARTER).reindex(ids, fill_value=0)
    upcoming = plan[plan["quarter"].astype(str).eq(str(_NEXT_QUARTER))]
    upcoming = upcoming[upcoming["benefit_id"].astype(str).ne(behind)]
    if len(upcoming):
        row = upcoming.index[0]
        benefit = str(plan.at[row, "benefit_id"])
        extra = float(variance[benefit] - variance.min()) + abs(float(variance.min())) * 0.2 + 1
        plan.at[row, "planned_value"] = plan.at[row, "planned_value"] + round(extra)
        total = benefits["benefit_id"].astype(str).eq(benefit)
        benefits.loc[total, "planned_total"] = benefits.loc[total, "planned_total"] + round(extra)
    _benefit_index(benefits, plan, actuals, weakest_members)
    _quarter_apart(plan, actuals)


def _scale_to_date(tables: Tables, members: set[str], factor: float) -> None:
    """Planned and realised value of the benefits ``members`` up to the data date's quarter
    times ``factor`` (their planned totals follow the plan)."""
    plan, actuals, benefits = tables["benefit_plan"], tables["benefit_actuals"], tables["benefits"]
    for frame, column in ((plan, "planned_value"), (actuals, "realised_value")):
        due = frame["benefit_id"].astype(str).isin(members) & (
            pd.PeriodIndex(frame["quarter"].astype(str), freq="Q") <= _QUARTER
        )
        before = frame.loc[due, column].copy()
        frame.loc[due, column] = (before * factor).round()
        if frame is plan:
            added = (
                (frame.loc[due, column] - before)
                .groupby(frame.loc[due, "benefit_id"].astype(str))
                .sum()
            )
            ids = benefits["benefit_id"].astype(str)
            total = benefits["planned_total"]
            benefits["planned_total"] = (total + ids.map(added).fillna(0).round()).astype(
                total.dtype
            )


def _add_actual(actuals: Any, label: int, benefit: str, amount: int) -> None:
    """Append one realised value for ``benefit`` in the data date's quarter."""
    row: dict[str, object] = {c: pd.NA for c in actuals.columns}
    row.update(
        benefit_id=benefit,
        quarter=str(_QUARTER),
        realised_value=amount,
        evidence="Management accounts",
    )
    actuals.loc[label] = row


def _behind_parity(
    benefits: Any, plan: Any, actuals: Any, programme: Any, weakest: set[str], seed: int
) -> None:
    """The benefit furthest behind in money has a number of the seed's parity, so neighbours
    never share it: when it has not, the largest benefit of that parity (outside the weakest
    programme, whose place must stay the lowest) realises less to date, 15% further behind
    than the current one, unless that would move another programme to the lowest index."""
    ids = benefits["benefit_id"].astype(str)
    planned = _to_date(plan, "planned_value", _QUARTER).reindex(ids, fill_value=0)
    realised = _to_date(actuals, "realised_value", _QUARTER).reindex(ids, fill_value=0)
    variance = realised - planned
    if _project_number(variance.idxmin()) % 2 == seed % 2:
        return
    target = 1.15 * float(variance.min())
    group = pd.Series(programme.to_numpy(), index=ids.to_numpy())
    planned_by = planned.groupby(group).sum()
    due = planned_by[planned_by > 0].index

    def weakest_programme(values: pd.Series) -> object:
        return (values.groupby(group).sum()[due] / planned_by[due]).idxmin()

    now = weakest_programme(realised)
    options = [
        b
        for b in planned.sort_values(ascending=False).index
        if _project_number(b) % 2 == seed % 2
        and b not in weakest
        and realised[b] > 0
        and planned[b] + target > 0
    ]
    for benefit in options:
        trial = realised.astype(float)
        trial[benefit] = float(planned[benefit]) + target
        if weakest_programme(trial) != now:
            continue
        rows = actuals["benefit_id"].astype(str).eq(benefit) & (
            pd.PeriodIndex(actuals["quarter"].astype(str), freq="Q") <= _QUARTER
        )
        factor = float(trial[benefit]) / float(realised[benefit])
        actuals.loc[rows, "realised_value"] = (actuals.loc[rows, "realised_value"] * factor).round()
        return


def _benefit_index(benefits: Any, plan: Any, actuals: Any, preferred: set[str]) -> None:
    """The benefit furthest behind in money is not the one with the lowest realisation index:
    a small benefit due so far (of the ``preferred`` ones, the weakest programme's, when it
    can) has realised nothing yet, and the one furthest behind in money has realised
    something."""
    ids = benefits["benefit_id"].astype(str)
    planned = _to_date(plan, "planned_value", _QUARTER).reindex(ids, fill_value=0)
    realised = _to_date(actuals, "realised_value", _QUARTER).reindex(ids, fill_value=0)
    due = planned[planned > 0]
    if len(due) < 3:
        return
    behind = str((realised - planned).idxmin())
    if realised[behind] <= 0:
        _add_actual(
            actuals, len(actuals) + 20_000, str(behind), round(0.05 * float(planned[behind])) + 1
        )
    candidates = due.drop(behind)
    small = (
        candidates[candidates.index.isin(preferred)]
        if candidates.index.isin(preferred).any()
        else candidates
    ).idxmin()
    gone = actuals["benefit_id"].astype(str).eq(small) & (
        pd.PeriodIndex(actuals["quarter"].astype(str), freq="Q") <= _QUARTER
    )
    actuals.loc[gone, "realised_value"] = 0
    others = due.drop([behind, small]).index
    zero = [str(b) for b in others if realised[str(b)] <= 0]
    for number, benefit in enumerate(zero):  # only the small benefit has realised nothing
        _add_actual(
            actuals,
            len(actuals) + 30_000 + number,
            str(benefit),
            round(0.05 * float(planned[benefit])) + 1,
        )


def _quarter_apart(plan: Any, actuals: Any) -> None:
    """The portfolio's realisation index with the data date's quarter differs by at least 2%
    from the index without it (so counting a quarter too few shows)."""

    def index_at(quarter: pd.Period) -> float:
        planned = float(_to_date(plan, "planned_value", quarter).sum())
        return float(_to_date(actuals, "realised_value", quarter).sum()) / planned if planned else 0

    now, before = index_at(_QUARTER), index_at(_QUARTER - 1)
    if before and abs(now - before) < 0.02 * before:
        latest = pd.PeriodIndex(actuals["quarter"].astype(str), freq="Q") == _QUARTER
        factor = 0.7 if now >= before else 1.3
        actuals.loc[latest, "realised_value"] = (
            actuals.loc[latest, "realised_value"] * factor
        ).round()


# --- ex04: a knapsack trap (needs the value scores, so it runs on the loaded organisation) --


def knapsack_trap(
    tables: Tables, values: pd.Series, costs: pd.Series, budget_share: float = 0.5
) -> bool:
    """Re-price projects not started so that neither greedy rule funds the best set.

    ``values`` and ``costs``: value score and money still to spend of each candidate project
    (:func:`vmo_lib.portfolio.decision.candidate_inputs`, value order); the budget is
    ``budget_share`` of the costs' total, as in exercise 04. Why: on a 30-project portfolio
    taking projects by value per unit of cost while they fit is often optimal, and then the
    check cannot tell it from the optimiser. The budget of one project not started yet (its
    cost is its budget) is set to 0.5 to 3 times its own (the first such price that
    gives a lead of a point, else the best), at most 40% of the portfolio's
    budget, where the best set then beats both greedy sets (by value per unit of cost and by
    value) by the most value points; a second project is re-priced the same way when the
    lead is under one point. Edits ``tables["projects"]`` in place; True when the best set
    leads by at least half a point (data already trapped by a point is left alone)."""
    projects = tables["projects"]
    v, c = values.to_numpy(float), costs.to_numpy(float)
    if len(v) < 4 or len(v) > 34 or _greedy_gap(v, c, budget_share) >= 1.0:
        return False
    row_of = dict(zip(projects["project_id"].astype(str), projects.index, strict=True))
    stage = projects["stage"].astype(str)
    editable = [
        k
        for k, p in enumerate(values.index.astype(str))
        if p in row_of
        and stage[row_of[p]] in ("proposed", "approved")
        and float(projects.at[row_of[p], "actual_cost"]) == 0
        and c[k] > 0
    ]
    factors = (1.5, 2.0, 0.75, 2.5, 1.25, 0.5, 3.0, 1.75, 0.6, 2.25)
    priced, gap = c.copy(), 0.0
    for _ in range(2):  # one project, then a second when the lead is still small
        best = (gap, priced)
        for k, factor in ((k, f) for k in editable for f in factors):
            trial = priced.copy()
            trial[k] = round(c[k] * factor, -3)
            if trial[k] <= 0.4 * budget_share * trial.sum():
                lead = _greedy_gap(v, trial, budget_share)
                best = max(best, (lead, trial), key=lambda t: t[0])
                if lead >= 1.0:
                    break
        gap, priced = best
        if gap >= 1.0:
            break
    if gap < 0.5:
        return False
    for changed in np.flatnonzero(priced != c).tolist():
        project = str(values.index[changed])
        projects.at[row_of[project], "budget_at_completion"] = int(priced[changed])
    return True


def _greedy_gap(v: np.ndarray, c: np.ndarray, budget_share: float) -> float:
    """Value points by which the best set of projects (values ``v``, costs ``c``) within
    ``budget_share`` of the total cost beats the better of the two greedy sets (by value per
    unit of cost, by value), each taking projects in its order while they fit."""
    budget = budget_share * float(c.sum())

    def greedy(key: np.ndarray) -> float:
        spent, total = 0.0, 0.0
        for i in np.argsort(-key, kind="stable"):
            if spent + c[i] <= budget:
                spent += c[i]
                total += v[i]
        return total

    ratio = np.divide(v, c, out=np.full(len(v), np.inf), where=c > 0)
    return _best_value(v, c, budget) - max(greedy(ratio), greedy(v))


def _best_value(v: np.ndarray, c: np.ndarray, budget: float) -> float:
    """The largest total of ``v`` over the sets whose ``c`` fits ``budget``, exactly, by
    meeting in the middle: every subset of each half (2^(n/2) each, n up to about 34), the
    second half's sorted by cost with the best value so far, one search per first-half set."""

    def subsets(values: np.ndarray, costs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        bits = (np.arange(2 ** len(values))[:, None] >> np.arange(len(values))) & 1
        return bits @ values, bits @ costs

    half = len(v) // 2
    value_a, cost_a = subsets(v[:half], c[:half])
    value_b, cost_b = subsets(v[half:], c[half:])
    order = np.argsort(cost_b, kind="stable")
    cost_b, value_b = cost_b[order], np.maximum.accumulate(value_b[order])
    slot = np.searchsorted(cost_b, budget * (1 + 1e-9) - cost_a, side="right") - 1
    fits = slot >= 0
    return float((value_a[fits] + value_b[slot[fits]]).max())


def riser_parity(tables: Tables, active: pd.DataFrame, seed: int) -> bool:
    """The open project that rises most from the legacy list to the value ranking has a
    project number of the seed's parity, and no other rises as much, so neighbours never share
    it. ``active``: the open projects of the value ranking (``legacy_priority``,
    ``value_rank``, indexed by project id). The open project of that parity ranked best by
    value swaps its legacy priority with the open project last on the legacy list, and any
    rival rising as much swaps with the lowest-valued project above it on the list (a
    reshuffle of the legacy list only, a few swaps). Edits ``tables["projects"]``; True when
    it did."""
    from vmo_lib import portfolio

    def number(project: str) -> int | None:
        digits = "".join(ch for ch in project.split("-")[-1] if ch.isdigit())
        return int(digits) if digits else None

    ids = [str(p) for p in active.index]
    mine = [p for p in ids if (number(p) or 0) % 2 == seed % 2 and number(p) is not None]
    if len(active) < 4 or not mine:
        return False
    original = active["legacy_priority"].astype(float).set_axis(ids)
    value = active["value_rank"].astype(float).set_axis(ids)
    last = str(original.idxmax())
    chosen = min(mine, key=lambda p: (value[p], p))
    legacy = original.copy()
    legacy[chosen], legacy[last] = legacy[last], legacy[chosen]
    for _ in range(8):
        change = portfolio.compare_rankings(legacy, value).movers["change"]
        leaders = [str(p) for p in change.index[change.eq(change.max())]]
        if leaders == [chosen]:
            break
        # A rival rising as much swaps places on the legacy list with the project ranked
        # lowest by value among those above it (which then gains little by falling).
        rival = next(p for p in leaders if p != chosen)
        above = legacy[(legacy < legacy[rival]) & (legacy.index != chosen)]
        if above.empty:
            return False
        low = str(value[above.index].idxmax())
        legacy[rival], legacy[low] = legacy[low], legacy[rival]
    else:
        return False
    moved = legacy.index[legacy.ne(original)]
    if moved.empty:
        return False  # already the single biggest riser
    projects = tables["projects"]
    rows = projects["project_id"].astype(str)
    for project in moved:
        projects.loc[rows.eq(str(project)), "legacy_priority"] = int(legacy[project])
    return True
