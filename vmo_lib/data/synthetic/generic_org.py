"""The generic organisation :func:`~.generate.generate_organisation` draws from: its value
driver tree, programmes, benefit wording, executives, survey respondents and teams."""

from __future__ import annotations

from vmo_lib.data.synthetic.specs import DriverSpec, ProgrammeSpec, benefit_catalogue

GENERIC_TREE: tuple[DriverSpec, ...] = (
    DriverSpec("O-GROW", None, "Grow revenue", "strategic", "Top-line growth."),
    DriverSpec("D-NEWREV", "O-GROW", "Revenue from new offerings", "financial"),
    DriverSpec("D-SHARE", "O-GROW", "Market share in target segments", "business"),
    DriverSpec("D-INNOV", "O-GROW", "Innovation pipeline", "business"),
    DriverSpec("O-MARGIN", None, "Improve margin", "strategic", "Cost and productivity."),
    DriverSpec("D-COST", "O-MARGIN", "Lower unit cost", "financial"),
    DriverSpec("D-PROD", "O-MARGIN", "Productivity per employee", "operational"),
    DriverSpec("O-CUST", None, "Delight customers", "strategic", "Customer outcomes."),
    DriverSpec("D-NPS", "O-CUST", "Net promoter score", "business"),
    DriverSpec("D-SLA", "O-CUST", "Service levels met", "operational"),
    DriverSpec("O-SUST", None, "Operate sustainably", "strategic", "Environmental footprint."),
    DriverSpec("D-CO2", "O-SUST", "CO2 per unit of output", "operational"),
    DriverSpec("D-WASTE", "O-SUST", "Waste sent to landfill", "operational"),
)
"""Four strategic objectives, each with two or three leaf drivers."""

GENERIC_PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    ProgrammeSpec(
        "Customer Growth",
        "Chief Commercial Officer",
        (4, 2, 0.5, 1),
        ("D-NEWREV", "D-SHARE", "D-NPS", "D-INNOV"),
        ("Head of Sales", "Head of Marketing"),
        ("customer portal", "pricing engine", "loyalty scheme", "partner channel"),
    ),
    ProgrammeSpec(
        "Operational Excellence",
        "Chief Operating Officer",
        (2, 4, 0.5, 1),
        ("D-COST", "D-PROD", "D-SLA"),
        ("Head of Operations", "Plant manager"),
        ("process automation", "planning tool", "lean programme", "workforce scheduling"),
    ),
    ProgrammeSpec(
        "Sustainability",
        "Chief Executive Officer",
        (2, 2, 1, 1),
        ("D-CO2", "D-WASTE", "D-COST"),
        ("Head of Sustainability",),
        ("energy monitoring", "packaging redesign", "fleet renewal", "solar roofs"),
    ),
    ProgrammeSpec(
        "Core Platforms",
        "Chief Information Officer",
        (1, 4, 1, 2),
        ("D-PROD", "D-COST", "D-SLA"),
        ("Head of IT Operations", "Finance Director"),
        ("ERP", "data platform", "cloud migration", "identity management"),
    ),
    ProgrammeSpec(
        "Risk & Compliance",
        "Chief Financial Officer",
        (0.3, 1, 5, 1),
        ("D-SLA",),
        ("Head of Compliance",),
        ("privacy controls", "audit trail", "cyber hardening", "regulatory reporting"),
    ),
)
"""Five programmes, from growth-heavy to compliance-heavy mixes of project kinds."""

GENERIC_BENEFITS = benefit_catalogue(
    """
    D-NEWREV | More revenue from new offerings | New-offer revenue | EUR m | 0 | 12 | Finance
    D-SHARE | Higher share of target segment | Market share | % | 8 | 11 | Market study
    D-INNOV | More ideas reaching market | Launches per year | count | 2 | 5 | Innovation board
    D-COST | Lower cost per order | Cost per order | EUR | 14 | 12 | Management accounts
    D-PROD | More orders per employee | Orders per FTE per day | count | 60 | 70 | Ops dashboard
    D-NPS | Happier customers | Net promoter score | points | 21 | 35 | Customer survey
    D-SLA | Fewer missed service levels | Orders within SLA | % | 91 | 96 | Service desk report
    D-CO2 | Less CO2 per order | CO2 per order | kg | 2.4 | 1.9 | Sustainability report
    D-WASTE | Less waste to landfill | Landfill waste | t/year | 800 | 500 | Contractor invoices
    - | Fewer audit findings | Open audit findings | count | 14 | 4 | Internal audit report
    - | Lower risk of fines | Open regulatory actions | count | 3 | 0 | Compliance register
    """
)
"""Benefit wording by leaf driver (``None``: benefits that feed no driver)."""

GENERIC_EXECUTIVES = ("CEO", "CFO", "COO", "CCO", "CIO")
"""The executives who judge the strategic objectives pairwise."""

GENERIC_RESPONDENTS: dict[str, int] = {
    "Executive": 5,
    "PMO staff": 4,
    "Project manager": 8,
    "Business unit lead": 5,
}
"""Respondents of the maturity survey by role."""

GENERIC_TEAMS: dict[str, tuple[int, float]] = {
    "PMO analysts": (5, 0.2),
    "Project managers": (18, 0.0),
    "Business analysts": (10, 0.1),
    "Finance partners": (4, 0.4),
    "Sponsors": (8, -0.2),
}
"""Team -> (headcount, offset in levels from the typical current proficiency)."""
