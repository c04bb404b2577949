"""Reference data every synthetic organisation shares: survey dimensions and role biases,
value skills, status comments by RAG and the standard execution KPIs."""

from __future__ import annotations

from vmo_lib.data.synthetic.specs import DimensionSpec, SkillSpec

MATURITY_DIMENSIONS: tuple[DimensionSpec, ...] = (
    DimensionSpec("Management control", "MGT", 3.0, 3.7),
    DimensionSpec("Benefits management", "BEN", 1.5, 3.6),
    DimensionSpec("Financial management", "FIN", 2.9, 3.6),
    DimensionSpec("Stakeholder engagement", "STK", 2.5, 3.4),
    DimensionSpec("Risk management", "RSK", 2.7, 3.4),
    DimensionSpec("Organisational governance", "GOV", 2.6, 3.5),
    DimensionSpec("Resource management", "RES", 2.3, 3.3),
    DimensionSpec("Strategic alignment", "STR", 2.0, 3.7),
    DimensionSpec("Value tracking and reporting", "VTR", 1.4, 3.7),
    DimensionSpec("Value culture", "VCU", 1.8, 3.4),
    DimensionSpec("Skills and training", "SKL", 2.1, 3.4),
    DimensionSpec("Data and tooling", "DAT", 2.2, 3.5),
)
"""Survey dimensions: the seven P3M3 perspectives plus five VMO ones, with typical levels."""

ROLE_BIAS: dict[str, float] = {
    "Executive": 0.9,
    "PMO staff": 0.4,
    "Business unit lead": -0.1,
    "Project manager": -0.5,
}
"""How much each role over- (+) or under-rates current maturity, in levels."""

VALUE_SKILLS: tuple[SkillSpec, ...] = (
    SkillSpec("Benefits realisation", 1.5, 3.8),
    SkillSpec("Business case writing", 2.3, 3.6),
    SkillSpec("Value KPI design", 1.4, 3.7),
    SkillSpec("Portfolio prioritisation", 1.9, 3.5),
    SkillSpec("Earned value", 3.2, 3.3),
    SkillSpec("Data analysis", 2.3, 3.5),
    SkillSpec("Stakeholder management", 3.1, 3.6),
    SkillSpec("Change management", 2.4, 3.4),
)
"""Skills a VMO needs, with typical current and required proficiency."""

COMMENTS: dict[str, tuple[str, ...]] = {
    "green": ("On track.", "", "Milestone met.", "Go-live rehearsal passed."),
    "amber": (
        "Supplier delay; recovery plan agreed.",
        "Scope under review.",
        "Key resource shortage.",
        "Testing behind plan.",
    ),
    "red": (
        "Re-baseline requested.",
        "Budget overrun; steering review.",
        "Critical path slipped.",
        "Vendor's delivery failed acceptance.",
    ),
}
"""Status comments a project manager writes on a project in flight, by RAG ("" = none)."""
STAGE_COMMENTS: dict[str, tuple[str, ...]] = {
    "proposed": ("Business case in draft.", "", "Awaiting the investment committee.", ""),
    "approved": ("Team mobilising.", "", "Supplier selection under way.", "Kick-off planned."),
    "closed": ("Handed over to operations.", "", "Lessons learned recorded.", ""),
}
"""Status comments on projects not in flight, by stage ("" = none)."""

EXECUTION_KPIS: tuple[dict[str, object], ...] = (
    {
        "name": "Projects on time",
        "kind": "execution",
        "perspective": "operational",
        "unit": "%",
        "direction": "higher",
        "frequency": "monthly",
        "owner": "PMO lead",
        "formula": "Projects with forecast finish <= planned finish / active projects",
        "data_source": "PPM tool",
        "timing": "lagging",
        "stages": "in flight",
    },
    {
        "name": "Projects on budget",
        "kind": "execution",
        "perspective": "financial",
        "unit": "%",
        "direction": "higher",
        "frequency": "monthly",
        "owner": "PMO lead",
        "data_source": "PPM tool",
        "stages": "in flight; closure",
    },
    {
        "name": "Cost performance index",
        "kind": "execution",
        "perspective": "financial",
        "formula": "EV / AC",
        "unit": "ratio",
        "direction": "higher",
        "baseline": 0.93,
        "target": 1.0,
        "frequency": "monthly",
        "data_source": "PPM tool",
        "timing": "leading",
        "amber_threshold": 0.95,
        "red_threshold": 0.9,
        "stages": "in flight",
    },
)
"""Standard execution KPIs a PMO already reports, added to every draft catalogue."""
