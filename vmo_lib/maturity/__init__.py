"""PMO-to-VMO gap analysis: the maturity model, survey scores, evidence and a roadmap.

Pure calculations for notebook ``01_pmo_gap_analysis`` (no plotting, no printing, no files
written). A notebook reads like::

    model = maturity.load_model()                        # datasets/maturity_model.csv
    result = maturity.assess(org.pmo_assessment, model, target_profile="4", scoring="staged")
    views = maturity.perception_gap(result, "Executive, Project manager")
    plan = maturity.roadmap(result, model, weights="Value culture=5")

Levels are P3M3's 1-5 (Awareness, Repeatable, Defined, Managed, Optimised); gaps are in levels.
By default a dimension's level follows P3M3's staged rule (reached only when every question
has reached it), with the mean of the answers beside it; each role counts the same, and the
bootstrap resamples respondents within roles (see :mod:`vmo_lib.maturity.survey`).
Every result split by role goes through :func:`role_groups`, so no group smaller than
``min_group_size`` respondents is ever shown on its own.
"""

from vmo_lib.maturity.evidence import (
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
from vmo_lib.maturity.model import (
    LEVEL_NAMES,
    MOVES,
    MaturityModel,
    level_name,
    load_model,
    model_from_frame,
)
from vmo_lib.maturity.privacy import MERGED_GROUP, RoleGroups, role_groups
from vmo_lib.maturity.roadmap import FOUNDATION, QUICK_WIN, Roadmap, roadmap
from vmo_lib.maturity.settings import parse_dimension_weights, parse_roles, parse_target_profile
from vmo_lib.maturity.survey import (
    ROLE_WEIGHTS,
    SCORING_RULES,
    Assessment,
    Perception,
    assess,
    bootstrap_means,
    check_answers,
    perception_gap,
    staged_levels,
    stratified_bootstrap_means,
    weighted_means,
)
from vmo_lib.maturity.views import (
    DISPLAY_LABELS,
    RULE_COLUMNS,
    RULE_DIFFERENCE_FORMATS,
    dimension_view,
    dimension_view_formats,
    export_sheets,
    headline,
    largest_perception_gap,
    roadmap_notes,
    rule_differences,
    scoring_notes,
    top_value,
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
    "ROLE_WEIGHTS",
    "RULE_COLUMNS",
    "RULE_DIFFERENCE_FORMATS",
    "SCORING_RULES",
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
    "dimension_view_formats",
    "evidence_finding",
    "evidence_notes",
    "export_sheets",
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
    "rule_differences",
    "scoring_notes",
    "skills_gap",
    "staged_levels",
    "stratified_bootstrap_means",
    "top_value",
    "value_evidence",
    "weighted_means",
]
