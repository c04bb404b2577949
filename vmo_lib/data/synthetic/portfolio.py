"""The project portfolio: who the projects are, their owners and comments, the legacy
priority list, and :func:`build_portfolio`, the project side of the pipeline."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from vmo_lib.data.schema import INVESTMENT_CATEGORIES, STAGES, TABLES_BY_NAME
from vmo_lib.data.synthetic.arrays import given_texts, sequential_ids
from vmo_lib.data.synthetic.business_case import (
    benefit_profile,
    cashflows_frame,
    draw_business_case,
    npv_from_cashflows,
)
from vmo_lib.data.synthetic.drivers import (
    contributions_frame,
    draw_focus,
    leaf_ids,
    value_drivers_frame,
)
from vmo_lib.data.synthetic.execution import draw_execution
from vmo_lib.data.synthetic.kinds import KINDS, kind_array
from vmo_lib.data.synthetic.reference import COMMENTS, STAGE_COMMENTS
from vmo_lib.data.synthetic.specs import DriverSpec, ProgrammeSpec

NAME_SUFFIXES = ("pilot", "roll-out", "upgrade", "phase 2", "programme", "refresh")
"""Endings of generated project names (``<topic> <suffix>``)."""


def sentence_case(text: str) -> str:
    """``text`` with its first character upper-cased and the rest unchanged."""
    return text[:1].upper() + text[1:]


def draw_portfolio_mix(
    rng: np.random.Generator,
    n_projects: int,
    programmes: Sequence[ProgrammeSpec],
    stage_shares: Sequence[float] = (0.15, 0.13, 0.42, 0.30),
) -> pd.DataFrame:
    """Draw who the projects are: id, name, programme, sponsor, hidden kind and stage.

    ``stage_shares`` are the probabilities of the stages in :data:`~vmo_lib.data.schema.STAGES`
    order (proposed, approved, in flight, closed).
    """
    if n_projects < 1:
        raise ValueError("n_projects must be at least 1")
    width = max(2, len(str(n_projects)))
    prog = rng.integers(len(programmes), size=n_projects)
    weights = np.array([p.kind_weights for p in programmes], dtype=float)
    cum = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    kind_idx = (rng.random(n_projects)[:, None] > cum[prog]).sum(axis=1).clip(0, len(KINDS) - 1)
    stage_idx = rng.choice(
        len(STAGES), size=n_projects, p=np.asarray(stage_shares) / sum(stage_shares)
    )
    topic_pool = [p.topics or (p.name.lower(),) for p in programmes]
    topic_pick = rng.integers(0, 1_000_000, size=n_projects)
    suffixes = np.array(NAME_SUFFIXES)
    suffix = suffixes[rng.integers(len(suffixes), size=n_projects)]
    names = [
        sentence_case(f"{topic_pool[p][t % len(topic_pool[p])]} {x}")
        for x, p, t in zip(suffix, prog, topic_pick, strict=True)
    ]
    return pd.DataFrame(
        {
            "project_id": sequential_ids("P", n_projects, width),
            "name": names,
            "programme": [programmes[p].name for p in prog],
            "sponsor": [programmes[p].sponsor for p in prog],
            "kind": np.asarray(KINDS)[kind_idx],
            "stage": np.asarray(STAGES)[stage_idx],
        }
    )


def draw_owners_and_comments(
    rng: np.random.Generator, design: pd.DataFrame, programmes: Sequence[ProgrammeSpec]
) -> pd.DataFrame:
    """Add a benefit owner (blank where the PMO never asked for one) and a short comment
    that fits the project's stage (by RAG in flight, :data:`~.reference.STAGE_COMMENTS`
    otherwise: no go-live rehearsal on a project not started).

    Optional ``benefit_owner`` / ``comments`` columns of ``design`` win where not NaN (an
    empty string there means "deliberately blank").
    """
    by_name = {p.name: p for p in programmes}
    n = len(design)
    has_owner = rng.random(n) < kind_array(design["kind"], "owner_share")
    pick = rng.integers(0, 1_000_000, n)
    owners = [
        by_name[prog].owners[k % len(by_name[prog].owners)] if has else np.nan
        for prog, k, has in zip(design["programme"], pick, has_owner, strict=True)
    ]
    comment_pick = rng.integers(0, 1_000_000, n)
    pools = [
        COMMENTS[rag] if stage == "in flight" else STAGE_COMMENTS[stage]
        for rag, stage in zip(design["rag_status"], design["stage"], strict=True)
    ]
    comments = [pool[k % len(pool)] or np.nan for pool, k in zip(pools, comment_pick, strict=True)]
    out = design.copy()
    out["benefit_owner"] = given_texts(design, "benefit_owner", owners)
    out["comments"] = given_texts(design, "comments", comments)
    return out


def legacy_scores(rng: np.random.Generator, design: pd.DataFrame) -> np.ndarray:
    """How high the PMO's legacy list puts each project (higher = nearer the top).

    The legacy list rewards mandatory and sponsor-backed work, green status and big budgets,
    not value, which is the point the portfolio notebook makes.
    """
    green = (design["rag_status"] == "green").to_numpy(dtype=float)
    size = np.log(design["budget_at_completion"].to_numpy(dtype=float))
    return (
        kind_array(design["kind"], "legacy_pull")
        + 0.5 * green
        + 0.15 * (size - size.mean())
        + rng.normal(0, 0.6, len(design))
    )


def ranks_from_scores(scores: np.ndarray) -> np.ndarray:
    """Ranks 1..n with 1 for the highest score (ties broken by position)."""
    order = np.argsort(-np.asarray(scores), kind="stable")
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(1, len(order) + 1)
    return ranks


CATEGORY_SHARES: dict[str, tuple[float, float, float]] = {
    "strategic": (0.0, 0.45, 0.55),
    "core": (0.55, 0.4, 0.05),
    "compliance": (1.0, 0.0, 0.0),
    "pet": (0.4, 0.6, 0.0),
}
"""Chance of each investment category (run, grow, transform) by hidden project kind."""
MANDATORY_SHARE = 0.4
"""Share of compliance projects that are a legal, regulatory or safety duty (mandatory): about
one project in eleven of a generated organisation."""


def draw_investment_flags(rng: np.random.Generator, design: pd.DataFrame) -> pd.DataFrame:
    """Add ``mandatory`` ("true"/"false") and ``investment_category`` (run/grow/transform).

    Mandatory work is compliance work: two compliance projects in five are a legal,
    regulatory or safety duty, no other kind is. The category follows the kind
    (:data:`CATEGORY_SHARES`). Called with a generator of its own so that adding these
    columns left every other table of a seed unchanged.
    """
    kinds = design["kind"].to_numpy()
    n = len(design)
    mandatory = (kinds == "compliance") & (rng.random(n) < MANDATORY_SHARE)
    cum = np.cumsum(np.array([CATEGORY_SHARES[k] for k in kinds]).reshape(n, 3), axis=1)
    pick = (rng.random(n)[:, None] > cum).sum(axis=1).clip(0, 2)
    out = design.copy()
    out["mandatory"] = np.where(mandatory, "true", "false")
    out["investment_category"] = np.asarray(INVESTMENT_CATEGORIES)[pick]
    return out


def projects_frame(design: pd.DataFrame) -> pd.DataFrame:
    """The ``projects`` table from a design (schema columns only, schema order)."""
    return design[TABLES_BY_NAME["projects"].column_names].reset_index(drop=True)


def build_portfolio(
    rng: np.random.Generator,
    mix: pd.DataFrame,
    programmes: Sequence[ProgrammeSpec],
    tree: Sequence[DriverSpec],
) -> dict[str, pd.DataFrame]:
    """Project-side tables from a portfolio mix: ``design`` (projects plus hidden helper
    columns such as ``kind`` and ``go_live``), ``profile`` (quarterly business-case benefit),
    ``cashflows``, ``value_drivers`` and ``project_contributions``.

    First half of the pipeline shared by :func:`~.generate.generate_organisation` and the
    case study, which edits the result (story layer) before calling
    :func:`~.benefits.build_benefits`.
    """
    design = draw_execution(rng, mix)
    design = draw_business_case(rng, design)
    design = draw_owners_and_comments(rng, design, programmes)
    design["legacy_priority"] = ranks_from_scores(legacy_scores(rng, design))
    profile = benefit_profile(design)
    cashflows = cashflows_frame(design, profile)
    npv = npv_from_cashflows(cashflows, design).to_numpy()
    design["business_case_npv"] = np.where(rng.random(len(design)) < 0.1, np.nan, npv)
    drivers = value_drivers_frame(tree)
    leaves = leaf_ids(drivers)
    focus = draw_focus(rng, design, programmes, leaves)
    return {
        "design": design,
        "profile": profile,
        "cashflows": cashflows,
        "value_drivers": drivers,
        "project_contributions": contributions_frame(rng, design, leaves, focus),
    }
