"""The PMO maturity survey and the skills inventory: levels 1-5 drawn around typical means."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from vmo_lib.data.synthetic.arrays import sequential_ids
from vmo_lib.data.synthetic.reference import MATURITY_DIMENSIONS, ROLE_BIAS, VALUE_SKILLS
from vmo_lib.data.synthetic.specs import DimensionSpec, SkillSpec


def assessment_frame(
    rng: np.random.Generator,
    respondents: Mapping[str, int],
    dimensions: Sequence[DimensionSpec] = MATURITY_DIMENSIONS,
    role_bias: Mapping[str, float] = ROLE_BIAS,
    questions_per_dimension: int = 3,
) -> pd.DataFrame:
    """The ``pmo_assessment`` table: every respondent answers every question (levels 1-5).

    Current level = dimension mean + role bias + personal bias + noise, rounded and clipped;
    the target is drawn around the dimension's target mean and never below the current level.
    """
    roles = [role for role, count in respondents.items() for _ in range(count)]
    n_r = len(roles)
    q_dims = [d for d in dimensions for _ in range(questions_per_dimension)]
    q_ids = [f"{d.prefix}-{k + 1}" for d in dimensions for k in range(questions_per_dimension)]
    n_q = len(q_ids)
    bias = np.array([role_bias.get(r, 0.0) for r in roles])[:, None]
    personal = rng.normal(0, 0.3, n_r)[:, None]
    cur_mean = np.array([d.current_mean for d in q_dims])[None, :]
    tgt_mean = np.array([d.target_mean for d in q_dims])[None, :]
    current = np.clip(np.round(cur_mean + bias + personal + rng.normal(0, 0.5, (n_r, n_q))), 1, 5)
    target = np.clip(np.round(tgt_mean + rng.normal(0, 0.45, (n_r, n_q))), 1, 5)
    target = np.maximum(target, current)
    return pd.DataFrame(
        {
            "respondent_id": np.repeat(sequential_ids("R", n_r, 2), n_q),
            "role": np.repeat(roles, n_q),
            "dimension": np.tile([d.name for d in q_dims], n_r),
            "question_id": np.tile(q_ids, n_r),
            "current_level": current.ravel().astype(np.int64),
            "target_level": target.ravel().astype(np.int64),
        }
    )


def skills_frame(
    rng: np.random.Generator,
    teams: Mapping[str, tuple[int, float]],
    skills: Sequence[SkillSpec] = VALUE_SKILLS,
) -> pd.DataFrame:
    """The ``skills_inventory`` table: every team x skill with current and required level.

    ``teams`` maps a team to (headcount, offset in levels from the skill's mean current level).
    """
    names = list(teams)
    heads = np.array([teams[t][0] for t in names], dtype=np.int64)
    offset = np.array([teams[t][1] for t in names])[:, None]
    cur_mean = np.array([s.current_mean for s in skills])[None, :]
    req_mean = np.array([s.required_mean for s in skills])[None, :]
    shape = (len(names), len(skills))
    current = np.clip(np.round(cur_mean + offset + rng.normal(0, 0.4, shape)), 1, 5)
    required = np.clip(np.round(req_mean + rng.normal(0, 0.4, shape)), 1, 5)
    required = np.maximum(required, current)
    return pd.DataFrame(
        {
            "team": np.repeat(names, len(skills)),
            "headcount": np.repeat(heads, len(skills)),
            "skill": np.tile([s.name for s in skills], len(names)),
            "current_level": current.ravel().astype(np.int64),
            "required_level": required.ravel().astype(np.int64),
        }
    )
