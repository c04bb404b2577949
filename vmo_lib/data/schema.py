"""Table schemas of a VMO workbook dataset: the single source of truth for columns.

Every table an organisation can provide is declared here once, as a :class:`TableSpec` made of
:class:`ColumnSpec` entries. The loader, the validator, the Excel template and the data
dictionary all read these declarations, so a column is described in exactly one place.

Column kinds (what a cell must hold):

``id``        non-empty text identifier (e.g. ``P-07``), kept as text
``text``      free text
``category``  one of ``allowed`` (matched case-insensitively, stored in the canonical spelling)
``int``       whole number
``number``    decimal number (thousands separators and decimal commas are tolerated)
``money``     an amount in the organisation's currency (a ``number``)
``share``     a fraction between 0 and 1 (a ``number``; ``85%`` is read as 0.85)
``ratio``     a Saaty judgement: a positive number or a fraction written ``1/3``
``date``      a calendar date, ISO ``2026-09-30`` preferred (``30/09/2026`` accepted)
``quarter``   a calendar quarter written ``2026Q3`` or ``2026-Q3``
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnKind = Literal[
    "id", "text", "category", "int", "number", "money", "share", "ratio", "date", "quarter"
]

STAGES = ("proposed", "approved", "in flight", "closed")
RAG = ("green", "amber", "red")
DRIVER_CATEGORIES = ("financial", "business", "operational", "strategic")
KPI_KINDS = ("execution", "value")
KPI_PERSPECTIVES = ("financial", "business", "operational", "strategic")
KPI_DIRECTIONS = ("higher", "lower")
KPI_TIMING = ("leading", "lagging")
KPI_FREQUENCIES = ("monthly", "quarterly", "half-yearly", "yearly")
PROJECT_STAGE_POINTS = ("business case", "in flight", "closure", "post-closure")
YES_NO = ("true", "false")
INVESTMENT_CATEGORIES = ("run", "grow", "transform")
LEVELS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a table: its kind, whether it may be blank, and the rule it must meet.

    ``minimum``/``maximum`` bound numbers (inclusive). ``references`` names ``table.column``
    whose values this column must match (checked across tables). ``aliases`` are other
    header spellings accepted on load (compared after case and spacing are normalised).
    """

    name: str
    kind: ColumnKind
    description: str
    required: bool = True
    unit: str = ""
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False
    references: str | None = None
    aliases: tuple[str, ...] = ()
    example: object = None


@dataclass(frozen=True)
class TableSpec:
    """One table of an organisation's dataset (a CSV file or an Excel sheet of that name)."""

    name: str
    description: str
    columns: tuple[ColumnSpec, ...]
    key: tuple[str, ...] = ()
    required: bool = False
    used_by: tuple[str, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> ColumnSpec:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"table {self.name!r} has no column {name!r}")


def _c(name: str, kind: ColumnKind, description: str, **rules: object) -> ColumnSpec:
    return ColumnSpec(name, kind, description, **rules)  # type: ignore[arg-type]


NB_BASELINE = "00_portfolio_baseline"
NB_GAP = "01_pmo_gap_analysis"
NB_DRIVERS = "02_value_drivers"
NB_KPIS = "03_kpi_design"
NB_PORTFOLIO = "04_portfolio_reranking"
NB_REALISATION = "05_value_realization"

PROJECTS = TableSpec(
    "projects",
    "One row per project: execution data (earned value, dates, scope, RAG), the PMO's legacy "
    "priority and the business-case figures.",
    (
        _c("project_id", "id", "Project identifier.", unique=True, example="P-01"),
        _c("name", "text", "Project name as the portfolio knows it.", example="Customer portal"),
        _c("programme", "text", "Programme the project belongs to.", example="Digital Customer"),
        _c(
            "sponsor",
            "text",
            "Executive sponsor (name or role).",
            example="Chief Commercial Officer",
        ),
        _c("stage", "category", "Life-cycle stage.", allowed=STAGES, example="in flight"),
        _c("start_date", "date", "Planned or actual start date.", example="2024-01-15"),
        _c("planned_finish", "date", "Baseline finish date.", example="2025-12-31"),
        _c(
            "forecast_finish",
            "date",
            "Current forecast (or actual) finish date.",
            example="2026-03-31",
        ),
        _c(
            "budget_at_completion",
            "money",
            "BAC: approved total budget.",
            unit="currency",
            minimum=0,
            aliases=("bac",),
            example=1_200_000,
        ),
        _c(
            "planned_value",
            "money",
            "PV: budgeted cost of work scheduled to date.",
            unit="currency",
            minimum=0,
            aliases=("pv",),
            example=600_000,
        ),
        _c(
            "earned_value",
            "money",
            "EV: budgeted cost of work performed to date.",
            unit="currency",
            minimum=0,
            aliases=("ev",),
            example=540_000,
        ),
        _c(
            "actual_cost",
            "money",
            "AC: actual cost of work performed to date.",
            unit="currency",
            minimum=0,
            aliases=("ac",),
            example=610_000,
        ),
        _c(
            "scope_changes",
            "int",
            "Approved scope change requests so far.",
            unit="count",
            minimum=0,
            example=2,
        ),
        _c(
            "rag_status",
            "category",
            "Status the project manager reports.",
            allowed=RAG,
            aliases=("rag",),
            example="amber",
        ),
        _c(
            "legacy_priority",
            "int",
            "Rank in the PMO's current priority list (1 = top).",
            unit="rank",
            minimum=1,
            unique=True,
            example=4,
        ),
        _c(
            "business_case_benefit",
            "money",
            "Total benefit promised by the business case (undiscounted, whole life).",
            unit="currency",
            minimum=0,
            example=3_000_000,
        ),
        _c(
            "business_case_npv",
            "money",
            "NPV stated in the business case.",
            unit="currency",
            required=False,
            example=850_000,
        ),
        _c(
            "probability_of_success",
            "share",
            "Sponsor's estimate that the benefits are achieved.",
            unit="0-1",
            minimum=0,
            maximum=1,
            required=False,
            example=0.8,
        ),
        _c(
            "benefit_owner",
            "text",
            "Person accountable for the benefits (blank if none).",
            required=False,
            example="Head of Customer Service",
        ),
        _c("comments", "text", "Free-text status comment.", required=False, example=""),
        _c(
            "mandatory",
            "category",
            "true for a legal, regulatory or safety duty the organisation must carry out "
            "whatever its value (funded first, never recommended for stopping); false or "
            "blank otherwise.",
            allowed=YES_NO,
            required=False,
            example="false",
        ),
        _c(
            "investment_category",
            "category",
            "Run (keep the business running), grow (grow the current business) or transform "
            "(change the business model); blank if not classified.",
            allowed=INVESTMENT_CATEGORIES,
            required=False,
            example="grow",
        ),
    ),
    key=("project_id",),
    required=True,
    used_by=(NB_BASELINE, NB_GAP, NB_KPIS, NB_PORTFOLIO, NB_REALISATION),
)

CASHFLOWS = TableSpec(
    "cashflows",
    "Per project and year: investment cost and expected benefit, for NPV, IRR and payback.",
    (
        _c("project_id", "id", "Project.", references="projects.project_id", example="P-01"),
        _c("year", "int", "Calendar year.", minimum=2000, maximum=2100, example=2025),
        _c(
            "investment_cost",
            "money",
            "Cost spent in that year.",
            unit="currency",
            minimum=0,
            example=400_000,
        ),
        _c(
            "expected_benefit",
            "money",
            "Benefit expected in that year.",
            unit="currency",
            minimum=0,
            example=150_000,
        ),
    ),
    key=("project_id", "year"),
    used_by=(NB_KPIS, NB_PORTFOLIO),
)

VALUE_DRIVERS = TableSpec(
    "value_drivers",
    "The value driver tree: strategic objectives (rows without a parent) and the drivers "
    "beneath them.",
    (
        _c("driver_id", "id", "Driver identifier.", unique=True, example="D-REV"),
        _c(
            "parent_id",
            "id",
            "Parent driver (blank for a strategic objective).",
            required=False,
            references="value_drivers.driver_id",
            example="O-GROW",
        ),
        _c("name", "text", "Driver name.", example="Revenue from new services"),
        _c(
            "category", "category", "Kind of value.", allowed=DRIVER_CATEGORIES, example="financial"
        ),
        _c(
            "description",
            "text",
            "What the driver means and how it is measured.",
            required=False,
            example="",
        ),
    ),
    key=("driver_id",),
    used_by=(NB_DRIVERS, NB_KPIS, NB_PORTFOLIO),
)

DRIVER_JUDGEMENTS = TableSpec(
    "driver_judgements",
    "Each executive's pairwise comparisons on Saaty's 1-9 scale (for AHP weights): how much "
    "more important driver_a is than driver_b (1 equal, 3 moderately, 5 strongly, 7 very "
    "strongly, 9 extremely more important; 1/3 means driver_b is moderately more important). "
    "Compare the strategic objectives with each other, and the drivers under each parent with "
    "each other; every pair of a set once per executive, in either order.",
    (
        _c("executive", "text", "Who made the judgement.", example="CFO"),
        _c(
            "driver_a",
            "id",
            "First driver (an objective, or a driver under some parent).",
            references="value_drivers.driver_id",
            example="O-GROW",
        ),
        _c(
            "driver_b",
            "id",
            "Second driver, with the same parent as driver_a (or also an objective).",
            references="value_drivers.driver_id",
            example="O-CUST",
        ),
        _c(
            "judgement",
            "ratio",
            "Importance of driver_a over driver_b (1/9 to 9).",
            unit="Saaty 1-9",
            minimum=1 / 9,
            maximum=9,
            example="3",
        ),
    ),
    key=("executive", "driver_a", "driver_b"),
    used_by=(NB_DRIVERS, NB_PORTFOLIO),
)

DRIVER_PRIORITIES = TableSpec(
    "driver_priorities",
    "The simpler alternative to pairwise judgements: for every driver, each executive's points "
    "(shared out among the driver and its siblings, e.g. 100 per set) and rank among its "
    "siblings (1 = most important). Fill points, rank or both; objectives are ranked among "
    "objectives.",
    (
        _c("executive", "text", "Who gave the points and rank.", example="CFO"),
        _c(
            "driver_id",
            "id",
            "Objective or driver.",
            references="value_drivers.driver_id",
            example="O-GROW",
        ),
        _c(
            "points",
            "number",
            "Points given to this driver out of the set's total (e.g. 100).",
            unit="points",
            minimum=0,
            required=False,
            example=40,
        ),
        _c(
            "rank",
            "int",
            "Rank among its siblings (1 = most important; ties share a rank).",
            unit="rank",
            minimum=1,
            required=False,
            example=1,
        ),
    ),
    key=("executive", "driver_id"),
    used_by=(NB_DRIVERS, NB_PORTFOLIO),
)

PROJECT_CONTRIBUTIONS = TableSpec(
    "project_contributions",
    "Each project's contribution to each leaf value driver, scored 0-5: 0 none, 1 marginal, "
    "2 minor, 3 moderate, 4 major, 5 decisive.",
    (
        _c("project_id", "id", "Project.", references="projects.project_id", example="P-01"),
        _c(
            "driver_id",
            "id",
            "Leaf value driver.",
            references="value_drivers.driver_id",
            example="D-REV",
        ),
        _c(
            "contribution",
            "int",
            "Contribution score (0-5, anchors above).",
            unit="0-5",
            minimum=0,
            maximum=5,
            example=3,
        ),
    ),
    key=("project_id", "driver_id"),
    used_by=(NB_PORTFOLIO,),
)

PMO_ASSESSMENT = TableSpec(
    "pmo_assessment",
    "PMO maturity survey: one row per respondent and question, current and target level on "
    "the five P3M3 levels (1 Awareness, 2 Repeatable, 3 Defined, 4 Managed, 5 Optimised).",
    (
        _c("respondent_id", "id", "Anonymous respondent code.", example="R-01"),
        _c("role", "text", "Respondent's role group.", example="Project manager"),
        _c("dimension", "text", "Maturity dimension.", example="Benefits management"),
        _c("question_id", "id", "Question code within the maturity model.", example="BEN-1"),
        _c(
            "current_level",
            "int",
            "Level the respondent sees today.",
            unit="1-5",
            minimum=1,
            maximum=5,
            example=2,
        ),
        _c(
            "target_level",
            "int",
            "Level the respondent thinks is needed.",
            unit="1-5",
            minimum=1,
            maximum=5,
            example=4,
        ),
    ),
    key=("respondent_id", "question_id"),
    used_by=(NB_GAP,),
)

SKILLS_INVENTORY = TableSpec(
    "skills_inventory",
    "Skills inventory: per team and skill, the current and required proficiency (1-5).",
    (
        _c("team", "text", "Team or role group.", example="Project managers"),
        _c("headcount", "int", "People in the team.", unit="people", minimum=1, example=12),
        _c("skill", "text", "Skill.", example="Benefits realisation"),
        _c(
            "current_level",
            "int",
            "Current proficiency.",
            unit="1-5",
            minimum=1,
            maximum=5,
            example=2,
        ),
        _c(
            "required_level",
            "int",
            "Proficiency the VMO needs.",
            unit="1-5",
            minimum=1,
            maximum=5,
            example=4,
        ),
    ),
    key=("team", "skill"),
    used_by=(NB_GAP,),
)

KPIS = TableSpec(
    "kpis",
    "The draft KPI catalogue as the PMO wrote it (blanks and vague entries are expected: "
    "notebook 03 reviews them).",
    (
        _c("kpi_id", "id", "KPI identifier.", unique=True, example="K-01"),
        _c("name", "text", "KPI name.", example="Benefit realisation rate"),
        _c("purpose", "text", "Why the KPI exists.", required=False, example=""),
        _c(
            "driver_id",
            "id",
            "Value driver it measures.",
            required=False,
            references="value_drivers.driver_id",
            example="D-REV",
        ),
        _c("kind", "category", "Execution or value KPI.", allowed=KPI_KINDS, example="value"),
        _c(
            "perspective",
            "category",
            "Perspective.",
            allowed=KPI_PERSPECTIVES,
            required=False,
            example="financial",
        ),
        _c("formula", "text", "How it is calculated.", required=False, example=""),
        _c("unit", "text", "Unit of the value.", required=False, example="%"),
        _c(
            "direction",
            "category",
            "Whether higher or lower is better.",
            allowed=KPI_DIRECTIONS,
            required=False,
            example="higher",
        ),
        _c("baseline", "number", "Value before the change.", required=False, example=62),
        _c(
            "baseline_date",
            "date",
            "When the baseline was measured.",
            required=False,
            example="2024-12-31",
        ),
        _c("target", "number", "Value to reach.", required=False, example=80),
        _c(
            "target_date",
            "date",
            "When the target should be reached.",
            required=False,
            example="2026-12-31",
        ),
        _c(
            "latest_value",
            "number",
            "Most recent measured value (with the baseline, it shows the trend so far).",
            required=False,
            example=68,
        ),
        _c(
            "latest_date",
            "date",
            "When the latest value was measured.",
            required=False,
            example="2026-06-30",
        ),
        _c(
            "frequency",
            "category",
            "How often it is measured.",
            allowed=KPI_FREQUENCIES,
            required=False,
            example="quarterly",
        ),
        _c("owner", "text", "Who is accountable.", required=False, example="COO"),
        _c("data_source", "text", "Where the data comes from.", required=False, example="ERP"),
        _c(
            "timing",
            "category",
            "Leading or lagging indicator.",
            allowed=KPI_TIMING,
            required=False,
            aliases=("leading_lagging",),
            example="lagging",
        ),
        _c(
            "amber_threshold",
            "number",
            "Value at which the KPI turns amber.",
            required=False,
            example=70,
        ),
        _c(
            "red_threshold",
            "number",
            "Value at which the KPI turns red.",
            required=False,
            example=60,
        ),
        _c(
            "stages",
            "text",
            "Project stages at which it is measured, separated by ';' "
            "(business case; in flight; closure; post-closure).",
            required=False,
            example="closure; post-closure",
        ),
    ),
    key=("kpi_id",),
    used_by=(NB_KPIS,),
)

BENEFIT_CATEGORIES = ("cash-releasing", "non-cash-releasing", "societal")
"""The Green Book's benefit categories; ``benefits.category`` also accepts an organisation's
own list (any text), and the analyses group by whatever is written."""
BENEFIT_TYPES = ("benefit", "dis-benefit")

BENEFIT_REGISTER_COLUMNS: tuple[ColumnSpec, ...] = (
    _c(
        "category",
        "text",
        "Green Book category: cash-releasing, non-cash-releasing or societal, or a category "
        "from the organisation's own list (blank if not classified).",
        required=False,
        example="cash-releasing",
    ),
    _c(
        "benefit_type",
        "category",
        "benefit (a measurable improvement) or dis-benefit (a measurable decline that some "
        "stakeholder sees as negative, owned and managed like a benefit); blank reads as "
        "the sign of planned_total.",
        allowed=BENEFIT_TYPES,
        required=False,
        example="benefit",
    ),
    _c(
        "attribution",
        "share",
        "Share of the measured change due to this project (0-1; blank reads as 1). "
        "Projects claiming the same measure should not together exceed 1.",
        unit="0-1",
        minimum=0,
        maximum=1,
        required=False,
        example=0.6,
    ),
    _c(
        "confidence",
        "share",
        "Owner's confidence that the benefit is realised as planned (0-1; blank if not assessed).",
        unit="0-1",
        minimum=0,
        maximum=1,
        required=False,
        example=0.7,
    ),
    _c(
        "realisation_start",
        "date",
        "When the benefit is planned to start being realised.",
        required=False,
        example="2026-01-01",
    ),
    _c(
        "realisation_end",
        "date",
        "When realisation is planned to end (on or after realisation_start).",
        required=False,
        example="2029-12-31",
    ),
    _c(
        "accountable_owner",
        "text",
        "Senior person accountable for the benefit (MSP's senior responsible owner or "
        "business change manager), beside the owner responsible for realising it.",
        required=False,
        example="Chief Operating Officer",
    ),
    _c(
        "review_gate",
        "text",
        "Review point at which realisation is checked (e.g. a gate or a post-implementation "
        "review).",
        required=False,
        example="Post-implementation review",
    ),
)
"""Optional benefit register columns of MSP, the Green Book and PMI's benefits realisation
guide; a register without them loads as before (the columns read as blank)."""


BENEFITS = TableSpec(
    "benefits",
    "The benefit register: each benefit a project promised, with its measure and owner.",
    (
        _c("benefit_id", "id", "Benefit identifier.", unique=True, example="B-001"),
        _c(
            "project_id",
            "id",
            "Project that delivers it.",
            references="projects.project_id",
            example="P-01",
        ),
        _c(
            "driver_id",
            "id",
            "Value driver it feeds.",
            required=False,
            references="value_drivers.driver_id",
            example="D-REV",
        ),
        _c(
            "name",
            "text",
            "Benefit, named with a change word and a measure.",
            example="Fewer late deliveries",
        ),
        _c(
            "measure",
            "text",
            "What is measured.",
            required=False,
            example="Share of deliveries on time",
        ),
        _c("unit", "text", "Unit of the measure.", required=False, example="%"),
        _c(
            "owner",
            "text",
            "Benefit owner (blank if none).",
            required=False,
            example="Head of Operations",
        ),
        _c("baseline", "number", "Measure before the change.", required=False, example=88),
        _c("target", "number", "Measure to reach.", required=False, example=95),
        _c(
            "planned_total",
            "money",
            "Monetised value planned over the benefit's life (negative for a planned dis-benefit).",
            unit="currency",
            example=900_000,
        ),
        *BENEFIT_REGISTER_COLUMNS,
    ),
    key=("benefit_id",),
    used_by=(NB_GAP, NB_REALISATION),
)

BENEFIT_PLAN = TableSpec(
    "benefit_plan",
    "Planned profile of each benefit by quarter, monetised.",
    (
        _c("benefit_id", "id", "Benefit.", references="benefits.benefit_id", example="B-001"),
        _c("quarter", "quarter", "Calendar quarter.", example="2025Q3"),
        _c(
            "planned_value",
            "money",
            "Value planned in that quarter (negative for a planned dis-benefit).",
            unit="currency",
            example=75_000,
        ),
    ),
    key=("benefit_id", "quarter"),
    used_by=(NB_REALISATION,),
)

BENEFIT_ACTUALS = TableSpec(
    "benefit_actuals",
    "Value realised by each benefit by quarter (up to the data cut-off), with its evidence.",
    (
        _c("benefit_id", "id", "Benefit.", references="benefits.benefit_id", example="B-001"),
        _c("quarter", "quarter", "Calendar quarter.", example="2025Q3"),
        _c(
            "realised_value",
            "money",
            "Value realised in that quarter (negative for a dis-benefit).",
            unit="currency",
            example=61_000,
        ),
        _c(
            "evidence",
            "text",
            "Where the figure comes from (blank if unevidenced).",
            required=False,
            example="Finance monthly report",
        ),
    ),
    key=("benefit_id", "quarter"),
    used_by=(NB_REALISATION,),
)

RESOURCE_DEMAND = TableSpec(
    "resource_demand",
    "Scarce resources each project needs, per period if it starts as planned (for example "
    "FTE of a skill in a year); optional, for portfolio selection within capacity.",
    (
        _c("project_id", "id", "Project.", references="projects.project_id", example="P-01"),
        _c(
            "period",
            "int",
            "Calendar year the resource is needed in.",
            minimum=2000,
            maximum=2100,
            example=2027,
        ),
        _c(
            "resource",
            "text",
            "Resource or skill (as named in resource_capacity).",
            example="Data engineers",
        ),
        _c(
            "amount",
            "number",
            "Amount needed in that period, in the resource's unit (e.g. FTE).",
            unit="resource unit",
            minimum=0,
            example=2.5,
        ),
    ),
    key=("project_id", "period", "resource"),
    used_by=(NB_PORTFOLIO,),
)

RESOURCE_CAPACITY = TableSpec(
    "resource_capacity",
    "How much of each scarce resource the portfolio can use per period (same unit as "
    "resource_demand); optional. A resource or period without a row is not limited.",
    (
        _c(
            "period",
            "int",
            "Calendar year.",
            minimum=2000,
            maximum=2100,
            example=2027,
        ),
        _c("resource", "text", "Resource or skill.", example="Data engineers"),
        _c(
            "amount",
            "number",
            "Amount available to projects in that period (e.g. FTE).",
            unit="resource unit",
            minimum=0,
            example=6,
        ),
    ),
    key=("period", "resource"),
    used_by=(NB_PORTFOLIO,),
)

BASELINE_PLAN = TableSpec(
    "baseline_plan",
    "Optional time-phased baseline of each project: cumulative planned value at the end of "
    "each period (month or quarter end), for earned schedule. Without it, a stated baseline "
    "shape between start and planned finish gives the curve.",
    (
        _c("project_id", "id", "Project.", references="projects.project_id", example="P-01"),
        _c("period", "date", "End of the period (e.g. a month end).", example="2025-06-30"),
        _c(
            "cumulative_pv",
            "money",
            "Planned value from the start up to the end of the period (the performance "
            "measurement baseline; reaches the budget at completion at planned finish).",
            unit="currency",
            minimum=0,
            example=450_000,
        ),
    ),
    key=("project_id", "period"),
    used_by=(NB_BASELINE,),
)

TABLES: tuple[TableSpec, ...] = (
    PROJECTS,
    CASHFLOWS,
    VALUE_DRIVERS,
    DRIVER_JUDGEMENTS,
    DRIVER_PRIORITIES,
    PROJECT_CONTRIBUTIONS,
    PMO_ASSESSMENT,
    SKILLS_INVENTORY,
    KPIS,
    BENEFITS,
    BENEFIT_PLAN,
    BENEFIT_ACTUALS,
    RESOURCE_DEMAND,
    RESOURCE_CAPACITY,
    BASELINE_PLAN,
)
TABLES_BY_NAME: dict[str, TableSpec] = {t.name: t for t in TABLES}
