"""PMO-to-VMO gap analysis: the maturity model, survey scores, evidence and a roadmap.

Calculation modules (no plotting, no printing, no files written): ``model`` (the editable
maturity model), ``settings`` (the notebook's one-line settings, checked), ``survey`` (levels
per dimension under two scoring rules, with intervals), ``bootstrap`` (role-weighted means
and their resampling), ``privacy`` (role groups never smaller than ``min_group_size``),
``perception`` (the gap between role groups), ``evidence`` (what the data shows beside what
people claim; skills gaps) and ``roadmap``. Presentation: ``views``
(notebook 01's tables and notes) and ``charts`` (its figures). A notebook reads like::

    model = maturity.load_model()                        # datasets/maturity_model.csv
    result = maturity.assess(org.pmo_assessment, model, target_profile="4", scoring="staged")
    perception = maturity.perception_gap(result, "Executive, Project manager")
    plan = maturity.roadmap(result, model, weights="Value culture=5")
    record_all(plan.recorded())

Levels are P3M3's 1-5 (Awareness, Repeatable, Defined, Managed, Optimised); gaps are in levels.
By default a dimension's level follows P3M3's staged rule (reached only when every question
has reached it), with the mean of the answers beside it; each role counts the same, and the
bootstrap resamples respondents within roles (see :mod:`vmo_lib.maturity.survey`).
Every result split by role goes through :func:`role_groups`, so no group smaller than
``min_group_size`` respondents is ever shown on its own.
"""

from vmo_lib.maturity.bootstrap import (
    ROLE_WEIGHTS,
    bootstrap_means,
    stratified_bootstrap_means,
    weighted_means,
)
from vmo_lib.maturity.evidence import (
    EVIDENCE_LABELS,
    Claims,
    SkillsGap,
    ValueEvidence,
    claims_beside_evidence,
    skills_gap,
    value_evidence,
)
from vmo_lib.maturity.model import (
    LEVEL_NAMES,
    MOVES,
    MaturityModel,
    level_name,
    load_model,
    model_from_frame,
)
from vmo_lib.maturity.perception import Perception, largest_perception_gap, perception_gap
from vmo_lib.maturity.privacy import MERGED_GROUP, RoleGroups, role_groups
from vmo_lib.maturity.roadmap import FOUNDATION, QUICK_WIN, Roadmap, roadmap
from vmo_lib.maturity.settings import (
    SettingError,
    parse_dimension_weights,
    parse_roles,
    parse_target_profile,
)
from vmo_lib.maturity.survey import (
    SCORING_RULES,
    Assessment,
    assess,
    check_answers,
    headline,
    staged_levels,
)

__all__ = [
    "EVIDENCE_LABELS",
    "FOUNDATION",
    "LEVEL_NAMES",
    "MERGED_GROUP",
    "MOVES",
    "QUICK_WIN",
    "ROLE_WEIGHTS",
    "SCORING_RULES",
    "Assessment",
    "Claims",
    "MaturityModel",
    "Perception",
    "Roadmap",
    "RoleGroups",
    "SettingError",
    "SkillsGap",
    "ValueEvidence",
    "assess",
    "bootstrap_means",
    "check_answers",
    "claims_beside_evidence",
    "headline",
    "largest_perception_gap",
    "level_name",
    "load_model",
    "model_from_frame",
    "parse_dimension_weights",
    "parse_roles",
    "parse_target_profile",
    "perception_gap",
    "roadmap",
    "role_groups",
    "skills_gap",
    "staged_levels",
    "stratified_bootstrap_means",
    "value_evidence",
    "weighted_means",
]
