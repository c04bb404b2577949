"""PMO-to-VMO gap analysis: the maturity model, survey scores, evidence and a roadmap.

Pure calculations for notebook ``01_pmo_gap_analysis`` (no plotting, no printing, no files
written). A notebook reads like::

    model = maturity.load_model()                        # datasets/maturity_model.csv
    result = maturity.assess(org.pmo_assessment, model, target_profile="4")
    views = maturity.perception_gap(result, "Executive, Project manager")
    plan = maturity.roadmap(result, model, weights="Value culture=5")

Levels are P3M3's 1-5 (Awareness, Repeatable, Defined, Managed, Optimised); gaps are in levels.
Every result split by role goes through :func:`role_groups`, so no group smaller than
``min_group_size`` respondents is ever shown on its own.
"""

from .evidence import (
    EVIDENCE_LABELS,
    EVIDENCE_TABLES,
    SkillsGap,
    ValueEvidence,
    claims_beside_evidence,
    evidence_finding,
    evidence_notes,
    skills_gap,
    value_evidence,
)
from .model import LEVEL_NAMES, MOVES, MaturityModel, level_name, load_model, model_from_frame
from .privacy import MERGED_GROUP, RoleGroups, role_groups
from .report import (
    DISPLAY_LABELS,
    dimension_view,
    headline,
    largest_perception_gap,
    roadmap_notes,
    top_value,
)
from .roadmap import FOUNDATION, QUICK_WIN, Roadmap, roadmap
from .settings import parse_dimension_weights, parse_roles, parse_target_profile
from .survey import (
    Assessment,
    Perception,
    assess,
    bootstrap_means,
    check_answers,
    perception_gap,
)

__all__ = [
    "DISPLAY_LABELS",
    "EVIDENCE_LABELS",
    "EVIDENCE_TABLES",
    "FOUNDATION",
    "LEVEL_NAMES",
    "MERGED_GROUP",
    "MOVES",
    "QUICK_WIN",
    "Assessment",
    "MaturityModel",
    "Perception",
    "Roadmap",
    "RoleGroups",
    "SkillsGap",
    "ValueEvidence",
    "assess",
    "bootstrap_means",
    "check_answers",
    "claims_beside_evidence",
    "dimension_view",
    "evidence_finding",
    "evidence_notes",
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
    "roadmap_notes",
    "role_groups",
    "skills_gap",
    "top_value",
    "value_evidence",
]
