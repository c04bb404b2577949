"""Benefits: the register, its quarterly realisation plan and the realised values to date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from vmo_lib.data.synthetic.arrays import round_within_groups, sequential_ids
from vmo_lib.data.synthetic.calendar import (
    DATA_DATE,
    PLAN_END_QUARTER,
    parse_quarter_label,
    quarter_index,
    quarter_label,
)
from vmo_lib.data.synthetic.drivers import contribution_matrix
from vmo_lib.data.synthetic.kinds import kind_array
from vmo_lib.data.synthetic.specs import BenefitTemplate, ProgrammeSpec


def draw_benefit_slots(
    rng: np.random.Generator,
    design: pd.DataFrame,
    contributions: pd.DataFrame,
    catalogue: Mapping[str | None, Sequence[BenefitTemplate]],
) -> pd.DataFrame:
    """Which benefits each project past the proposal stage registers, and their wording.

    A project's k-th benefit feeds its k-th strongest leaf driver if it scores at least 2
    there (1 for the first benefit), otherwise no driver. Its wording comes from
    ``catalogue`` (keyed by driver id, or ``None`` for driver-less benefits), taking the
    templates of a driver in turn. Columns: ``project_id``, ``driver_id`` and the
    :class:`~.specs.BenefitTemplate` fields.
    """
    sub = design[design["stage"] != "proposed"]
    counts = np.clip(rng.poisson(kind_array(sub["kind"], "benefits_per_project")), 1, 4)
    matrix = contribution_matrix(contributions).loc[sub["project_id"]]
    leaves = np.asarray(matrix.columns)
    scores = matrix.to_numpy(dtype=float)
    order = np.argsort(-(scores + rng.random(scores.shape) * 0.1), axis=1)
    counts = np.minimum(counts, len(leaves))
    p = np.repeat(np.arange(len(sub)), counts)
    k = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    leaf_pos = order[p, k]
    strong = scores[p, leaf_pos] >= np.where(k == 0, 1, 2)
    driver = np.where(strong, leaves[leaf_pos], None)
    keys: list[str | None] = [str(d) if d is not None and d in catalogue else None for d in driver]
    labels = [str(kk) for kk in keys]
    turn = pd.Series(labels).groupby(labels).cumcount().to_numpy()
    templates = [
        catalogue[kk][int(t) % len(catalogue[kk])] for kk, t in zip(keys, turn, strict=True)
    ]
    slots = pd.DataFrame(templates, columns=list(BenefitTemplate._fields))
    slots.insert(0, "project_id", sub["project_id"].to_numpy()[p])
    slots.insert(1, "driver_id", [d if d is not None else np.nan for d in driver])
    return slots


def given_shares(slots: pd.DataFrame, group: np.ndarray, drawn: np.ndarray) -> np.ndarray:
    """Each benefit's share of its project's benefit profile (shares of a project sum to 1).

    An optional ``share`` column of ``slots`` fixes a benefit's share where not blank (the
    case study counts new revenue at margin that way); the other benefits of the project
    split the rest in proportion to ``drawn`` (positive weights, one per benefit).
    """
    given = (
        pd.to_numeric(slots["share"]).to_numpy(dtype=float)
        if "share" in slots
        else np.full(len(slots), np.nan)
    )
    has = ~np.isnan(given)
    free = np.where(has, 0.0, drawn)
    free_sum = np.bincount(group, weights=free)[group]
    fixed_sum = np.bincount(group, weights=np.where(has, given, 0.0))[group]
    rest = np.divide(free, free_sum, out=np.zeros_like(free), where=free_sum > 0)
    return np.where(has, given, rest * (1.0 - fixed_sum))


def complete_benefits(
    rng: np.random.Generator,
    slots: pd.DataFrame,
    design: pd.DataFrame,
    programmes: Sequence[ProgrammeSpec],
) -> pd.DataFrame:
    """The ``benefits`` table (plus helper columns) from benefit slots (grouped by project).

    Owner: the project's benefit owner (dropped on one benefit in ten); where the project has
    none, a programme role on three benefits in ten. One baseline in seven is left blank.
    Helper columns: ``share`` of the project's benefit profile (random, summing to 1 per
    project; see :func:`given_shares`) and ``evidence_source``. ``planned_total`` is set by
    :func:`benefit_plan_frame`.
    """
    info = design.set_index("project_id").loc[slots["project_id"]]
    n = len(slots)
    by_name = {g.name: g for g in programmes}
    pool = [by_name[g].owners for g in info["programme"]]
    pick = rng.integers(0, 1_000_000, n)
    stand_in = np.array([o[j % len(o)] for o, j in zip(pool, pick, strict=True)], dtype=object)
    project_owner = info["benefit_owner"].to_numpy(dtype=object)
    draw = rng.random(n)
    named = pd.notna(project_owner)
    owner = np.where(named & (draw >= 0.1), project_owner, np.full(n, None, dtype=object))
    owner = np.where(~named & (draw < 0.3), stand_in, owner)
    baseline = slots["baseline"].to_numpy(dtype=float).copy()
    baseline[rng.random(n) < 0.15] = np.nan
    group = pd.factorize(slots["project_id"])[0]
    share = given_shares(slots, group, rng.gamma(2.0, size=n))
    width = max(3, len(str(n)))
    return pd.DataFrame(
        {
            "benefit_id": sequential_ids("B", n, width),
            "project_id": slots["project_id"].to_numpy(),
            "driver_id": slots["driver_id"].to_numpy(),
            "name": slots["name"].to_numpy(),
            "measure": slots["measure"].to_numpy(),
            "unit": slots["unit"].to_numpy(),
            "owner": [o if isinstance(o, str) else np.nan for o in owner],
            "baseline": baseline,
            "target": slots["target"].to_numpy(dtype=float),
            "planned_total": np.zeros(n, dtype=np.int64),
            "share": share,
            "evidence_source": slots["evidence"].to_numpy(),
        }
    )


def benefit_plan_frame(
    benefits: pd.DataFrame, profile: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split each project's benefit profile over its benefits, up to
    :data:`~.calendar.PLAN_END_QUARTER`.

    Returns the ``benefit_plan`` table and the benefits with ``planned_total`` (EUR) set to
    the sum of their plan, so the register and the plan always agree.
    """
    end = parse_quarter_label(PLAN_END_QUARTER)
    prof = profile[profile["q"] <= end]
    merged = benefits[["benefit_id", "project_id", "share"]].merge(prof, on="project_id")
    sizes = merged.groupby("benefit_id", sort=False).size().to_numpy()
    values = round_within_groups(
        merged["value"].to_numpy(dtype=float) * merged["share"].to_numpy(), sizes
    )
    plan = pd.DataFrame(
        {
            "benefit_id": merged["benefit_id"].to_numpy(),
            "quarter": quarter_label(merged["q"].to_numpy()),
            "planned_value": values,
            "q": merged["q"].to_numpy(),
        }
    )
    totals = plan.groupby("benefit_id")["planned_value"].sum()
    out = benefits.copy()
    out["planned_total"] = out["benefit_id"].map(totals).fillna(0).astype(np.int64)
    return plan, out


def benefit_actuals_frame(
    rng: np.random.Generator,
    benefits: pd.DataFrame,
    plan: pd.DataFrame,
    design: pd.DataFrame,
    data_date: pd.Timestamp = DATA_DATE,
) -> pd.DataFrame:
    """The ``benefit_actuals`` table: realised value (EUR) per planned quarter up to the cut-off.

    Values are realised only after the project's go-live and up to the data date's quarter.
    Each benefit realises a share of plan around its kind's mean (lower without an owner);
    about one in seven stops reporting 2-4 quarters before the cut-off; evidence is blank on
    some rows (more often without an owner).
    """
    cutoff = int(quarter_index(pd.DatetimeIndex([data_date]))[0])
    info = benefits.merge(design[["project_id", "kind", "go_live"]], on="project_id")
    info = info.set_index("benefit_id")
    n = len(info)
    has_owner = info["owner"].notna().to_numpy()
    perf = rng.normal(kind_array(info["kind"], "realisation") + 0.1 * has_owner - 0.1, 0.2)
    perf = np.clip(perf, 0.05, 1.4)
    stale = rng.random(n) < 0.15
    stop = np.where(stale, cutoff - rng.integers(2, 5, n), cutoff)
    live_q = quarter_index(info["go_live"])
    rows = plan.merge(
        pd.DataFrame({"benefit_id": info.index, "stop": stop, "live": live_q, "perf": perf}),
        on="benefit_id",
    )
    rows = rows[(rows["q"] > rows["live"]) & (rows["q"] <= rows["stop"])].reset_index(drop=True)
    noise = rng.lognormal(0, 0.12, len(rows))
    realised = np.round(rows["planned_value"].to_numpy() * rows["perf"].to_numpy() * noise)
    owner_of = pd.Series(has_owner, index=info.index)
    blank_p = np.where(owner_of.loc[rows["benefit_id"]].to_numpy(), 0.08, 0.35)
    evidence = info["evidence_source"].loc[rows["benefit_id"]].to_numpy().astype(object)
    evidence[rng.random(len(rows)) < blank_p] = np.nan
    return pd.DataFrame(
        {
            "benefit_id": rows["benefit_id"].to_numpy(),
            "quarter": rows["quarter"].to_numpy(),
            "realised_value": realised.astype(np.int64),
            "evidence": evidence,
        }
    )


def build_benefits(
    rng: np.random.Generator,
    portfolio: Mapping[str, pd.DataFrame],
    programmes: Sequence[ProgrammeSpec],
    catalogue: Mapping[str | None, Sequence[BenefitTemplate]] | None = None,
    slots: pd.DataFrame | None = None,
) -> dict[str, pd.DataFrame]:
    """Benefit-side tables of a portfolio made by :func:`~.portfolio.build_portfolio`:
    ``benefits`` (with helper columns), ``benefit_plan`` (with quarter number ``q``) and
    ``benefit_actuals``.

    The benefits are drawn from ``catalogue`` unless ``slots`` (see
    :func:`draw_benefit_slots`) already say which benefits each project registers.
    """
    design = portfolio["design"]
    if slots is None:
        if catalogue is None:
            raise ValueError("give a benefit catalogue or benefit slots")
        slots = draw_benefit_slots(rng, design, portfolio["project_contributions"], catalogue)
    benefits = complete_benefits(rng, slots, design, programmes)
    plan, benefits = benefit_plan_frame(benefits, portfolio["profile"])
    actuals = benefit_actuals_frame(rng, benefits, plan, design)
    return {"benefits": benefits, "benefit_plan": plan, "benefit_actuals": actuals}
