"""Harbourline as a company: its value driver tree, programmes, the weights its executives
have in mind for the drivers, survey respondents and teams."""

from __future__ import annotations

from vmo_lib.data.synthetic.specs import DriverSpec, ProgrammeSpec, text_rows

REVENUE = 3_000_000_000
"""Harbourline's yearly revenue (EUR): forwarding revenue includes the freight it buys in."""
EBIT = 93_000_000
"""Yearly operating profit (EUR): a thin 3.1 % margin, as in freight forwarding."""
EMPLOYEES = 12_000
"""Head count (people)."""
NEW_REVENUE_MARGIN = 0.15
"""Contribution margin (0-1) at which the business cases count new revenue as a benefit: a
euro of new revenue is worth 15 cents of EBIT, not a euro."""
BENEFIT_SCALE: dict[str, float] = {"strategic": 0.6}
"""Factor on the generator's benefit multiples by hidden kind (others 1): it keeps the
business cases in proportion to the company, with every project delivered in full adding
less than half of today's EBIT a year (new revenue counted at margin)."""

# driver | parent ("-" = strategic objective) | name | category | description
DRIVER_TREE = """
O-GROW | - | Grow profitable revenue | strategic | Win and keep profitable volume in growth segments.
D-NEWSVC | O-GROW | Revenue from new services | financial | Revenue (EUR) from services launched since 2023: same-day, returns, fulfilment.
D-ECOM | O-GROW | Market share in e-commerce logistics | business | Share (%) of online-retail parcel volume in the five home markets.
D-INNOV | O-GROW | Service innovation | business | New services or pilots put in front of paying customers per year.
O-MARGIN | - | Lift operating margin | strategic | Move EBIT margin from 3.1 % towards 4.5 %.
D-CTS | O-MARGIN | Lower cost to serve | financial | Operating cost per shipment handled (EUR), split by where it arises.
D-CTS-WH | D-CTS | Warehouse cost per order line | financial | Warehouse operating cost divided by order lines picked (EUR).
D-CTS-LM | D-CTS | Last-mile cost per drop | financial | Last-mile cost divided by successful deliveries (EUR).
D-PROD | O-MARGIN | Productivity per warehouse FTE | operational | Order lines picked per warehouse FTE per hour.
O-CUST | - | Be the most reliable partner | strategic | Customers choose Harbourline because it delivers as promised.
D-OTD | O-CUST | On-time delivery | operational | Share (%) of shipments delivered in the promised window.
D-NPS | O-CUST | Customer experience (NPS) | business | Net promoter score of shippers and recipients (points).
O-GREEN | - | Decarbonise the network | strategic | Halve CO2 per shipment by 2030 against 2022.
D-CO2 | O-GREEN | CO2 per shipment | operational | Well-to-wheel kg CO2e per shipment.
D-GREENREV | O-GREEN | Low-carbon service wins | business | Tenders won where the carbon footprint was a scored criterion.
"""  # noqa: E501

TREE: tuple[DriverSpec, ...] = tuple(
    DriverSpec(i, None if p == "-" else p, n, c, d) for i, p, n, c, d in text_rows(DRIVER_TREE)
)
"""Harbourline's value driver tree: four objectives; the margin branch is three levels deep."""


PROGRAMMES: dict[str, ProgrammeSpec] = {
    "DC": ProgrammeSpec(
        "Digital Customer",
        "Chief Commercial Officer",
        (3, 2, 0, 1),
        ("D-NEWSVC", "D-ECOM", "D-NPS", "D-INNOV"),
        ("Head of E-commerce Sales", "Head of Customer Service", "Marketing Director"),
    ),
    "NWA": ProgrammeSpec(
        "Network & Warehouse Automation",
        "Chief Operating Officer",
        (2, 3, 0, 1),
        ("D-CTS-WH", "D-PROD", "D-OTD"),
        ("Head of Warehousing", "Regional Operations Director (Benelux)"),
    ),
    "FD": ProgrammeSpec(
        "Fleet Decarbonisation",
        "Chief Executive Officer",
        (2, 2, 0, 1),
        ("D-CO2", "D-GREENREV", "D-CTS-LM"),
        ("Head of Fleet", "Sustainability Manager"),
    ),
    "ERP": ProgrammeSpec(
        "Core Systems (ERP)",
        "Chief Financial Officer",
        (0, 3, 0, 1),
        ("D-PROD", "D-CTS-WH", "D-OTD"),
        ("Finance Director", "Head of Shared Services"),
    ),
    "SEC": ProgrammeSpec(
        "Compliance & Security",
        "Chief Information Officer",
        (0, 0, 1, 0),
        ("D-OTD",),
        ("Head of Compliance", "Chief Information Security Officer"),
    ),
}
"""Programmes by the short code the portfolio list uses."""

JUDGEMENT_WEIGHTS: dict[str, tuple[float, float, float, float]] = {
    "CEO": (0.40, 0.25, 0.25, 0.10),
    "CFO": (0.25, 0.50, 0.15, 0.10),
    "COO": (0.15, 0.40, 0.35, 0.10),
    "CCO": (0.40, 0.15, 0.35, 0.10),
    "CIO": (0.30, 0.20, 0.30, 0.20),
}
"""Weights (O-GROW, O-MARGIN, O-CUST, O-GREEN) each executive has in mind (the CIO's pairwise
answers are replaced by :data:`CIO_JUDGEMENTS`; their points and ranks follow these)."""

DRIVER_WEIGHTS: dict[str, dict[str, tuple[float, ...]]] = {
    "O-GROW": {  # D-NEWSVC, D-ECOM, D-INNOV
        "CEO": (0.45, 0.35, 0.20),
        "CFO": (0.60, 0.25, 0.15),
        "COO": (0.40, 0.40, 0.20),
        "CCO": (0.30, 0.50, 0.20),
        "CIO": (0.30, 0.30, 0.40),
    },
    "O-MARGIN": {  # D-CTS, D-PROD
        "CEO": (0.60, 0.40),
        "CFO": (0.70, 0.30),
        "COO": (0.50, 0.50),
        "CCO": (0.60, 0.40),
        "CIO": (0.40, 0.60),
    },
    "D-CTS": {  # D-CTS-WH, D-CTS-LM
        "CEO": (0.50, 0.50),
        "CFO": (0.50, 0.50),
        "COO": (0.60, 0.40),
        "CCO": (0.40, 0.60),
        "CIO": (0.50, 0.50),
    },
    "O-CUST": {  # D-OTD, D-NPS
        "CEO": (0.60, 0.40),
        "CFO": (0.70, 0.30),
        "COO": (0.75, 0.25),
        "CCO": (0.40, 0.60),
        "CIO": (0.60, 0.40),
    },
    "O-GREEN": {  # D-CO2, D-GREENREV
        "CEO": (0.60, 0.40),
        "CFO": (0.30, 0.70),
        "COO": (0.60, 0.40),
        "CCO": (0.40, 0.60),
        "CIO": (0.50, 0.50),
    },
}
"""Local weights each executive has in mind for the drivers under each parent (table order):
the CFO leans to revenue and cost, the COO to operations, the CCO to customers and market."""

CIO_JUDGEMENTS: dict[tuple[str, str], float] = {
    ("O-GROW", "O-MARGIN"): 3,
    ("O-MARGIN", "O-CUST"): 3,
    ("O-GROW", "O-CUST"): 1 / 3,
    ("O-GROW", "O-GREEN"): 5,
    ("O-MARGIN", "O-GREEN"): 1 / 4,
    ("O-CUST", "O-GREEN"): 3,
}
"""The CIO's answers: growth > margin > customer > growth is an intransitive loop."""

RESPONDENTS = {"Executive": 5, "PMO staff": 5, "Project manager": 9, "Business unit lead": 5}
"""Respondents of the maturity survey by role."""

TEAMS: dict[str, tuple[int, float]] = {
    "PMO analysts": (6, 0.3),
    "Project managers": (24, 0.0),
    "Programme managers": (5, 0.3),
    "Business analysts": (12, 0.1),
    "Finance business partners": (5, 0.5),
    "Executive sponsors": (9, -0.3),
    "Operations managers": (14, -0.4),
}
"""Team -> (headcount, offset in levels from the typical current proficiency)."""
