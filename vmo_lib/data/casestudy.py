"""The bundled case study: Harbourline Logistics, a fictional European freight forwarder.

Why: every notebook needs one organisation whose data carries a story worth teaching, the
same for every reader. The case study is the synthetic generator
(:mod:`vmo_lib.data.generator`) run on a hand-written portfolio, followed by a *story layer*
that pins the features the notebooks point at:

* green, on-budget compliance and pet projects at the top of the legacy priority list, with
  little strategic value (P-46, P-47, P-40, P-06, P-33, P-24, P-12);
* amber and red projects that carry most of the strategic value (P-01, P-13, P-14, P-02,
  P-29, P-15), mostly low in that list (legacy and value ranks correlate at about -0.3);
* a CIO whose pairwise judgements are intransitive (consistency ratio far above 0.10);
* a benefit register with gaps: no owner, no baseline, a double-counted benefit (P-14 and
  P-38), dis-benefits (P-28, P-37), unevidenced claims (P-06, P-40) and stale reporting
  (P-17).

``python -m vmo_lib.data.casestudy`` rewrites ``datasets/harbourline/*.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .generator import (
    MATURITY_DIMENSIONS,
    DriverSpec,
    ProgrammeSpec,
    assessment_frame,
    build_benefits,
    build_portfolio,
    judgements_frame,
    kpis_frame,
    projects_frame,
    skills_frame,
    table_frames,
    text_records,
    text_rows,
    write_dataset,
)

SEED = 20260930
"""Seed of the case study's random draws (the data date, for memorability)."""
DATASET_DIR = Path(__file__).resolve().parents[2] / "datasets" / "harbourline"
"""Where the bundled CSV files live."""

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

# id | name | programme | kind | stage | start | bac | cpi | spi | benefit multiple | sponsor
# Blank cells keep the generator's draw (sponsor: the programme's sponsor).
PORTFOLIO = """
P-01 | Same-day delivery platform | DC | strategic | in flight | | 6800000 | 0.86 | 0.82 | 4.2 |
P-02 | Customer self-service portal & tracking app | DC | strategic | in flight | | 3900000 | 0.93 | 0.91 | 3.6 |
P-03 | Returns-as-a-service for online retailers | DC | strategic | approved | | 2600000 | | | 3.8 |
P-04 | E-commerce onboarding API | DC | core | closed | 2023-06-12 | | | | |
P-05 | Dynamic pricing for parcel tariffs | DC | strategic | proposed | | | | | |
P-06 | Brand refresh & new corporate website | DC | pet | closed | | 950000 | 1.02 | 1.0 | 0.9 | Chief Executive Officer
P-07 | Customer data platform | DC | core | in flight | | | | | |
P-08 | Chatbot for delivery queries | DC | core | in flight | | | | | |
P-09 | Marketplace connectors for online shops | DC | core | approved | | | | | |
P-10 | Loyalty scheme for SME shippers | DC | core | proposed | | | | | |
P-11 | Multilingual customer service desk | DC | core | closed | | | | | |
P-12 | Harbourline Classic sailing-race microsite | DC | pet | closed | | 240000 | 1.01 | 1.0 | 0.6 |
P-13 | Micro-fulfilment hub Rotterdam | NWA | strategic | in flight | | 11500000 | 0.8 | 0.78 | 3.4 |
P-14 | Dynamic route optimisation | NWA | strategic | in flight | | 2900000 | 0.94 | 0.87 | 4.5 |
P-15 | Automated parcel sorter, Lyon hub (Vénissieux) | NWA | strategic | in flight | | 5200000 | 0.91 | 0.89 | 3.2 |
P-16 | Goods-to-person robotics pilot | NWA | strategic | approved | | | | | |
P-17 | Yard management system | NWA | core | closed | 2023-04-03 | | | | |
P-18 | Pick-by-voice roll-out | NWA | core | closed | | | | | |
P-19 | Dock scheduling portal | NWA | core | in flight | | | | | |
P-20 | Cross-dock re-layout Antwerp | NWA | core | in flight | | | | | |
P-21 | Labour planning tool for DCs | NWA | core | proposed | | | | | |
P-22 | Predictive maintenance for conveyors | NWA | core | approved | | | | | |
P-23 | Forklift safety sensors | NWA | compliance | closed | | | | | |
P-24 | Visitor centre at the Rotterdam hub | NWA | pet | in flight | | 1400000 | 1.01 | 0.99 | 0.5 |
P-25 | Electric van fleet, phase 2 | FD | strategic | in flight | | 8400000 | 0.88 | 0.8 | 2.6 |
P-26 | Depot charging infrastructure | FD | strategic | in flight | | 3100000 | 0.92 | 0.9 | 2.4 |
P-27 | HVO biofuel for linehaul trucks | FD | core | closed | | | | | |
P-28 | Electric van fleet, phase 1 | FD | strategic | closed | 2023-09-04 | 4600000 | | | |
P-29 | Carbon calculator for customers | FD | strategic | in flight | | | | | |
P-30 | Solar roofs on three warehouses | FD | core | approved | | | | | |
P-31 | Telematics & eco-driving coaching | FD | core | closed | | | | | |
P-32 | Cargo-bike hubs in city centres | FD | strategic | proposed | | | | | |
P-33 | Executive electric car pool | FD | pet | closed | | 380000 | 1.03 | 1.0 | 0.4 |
P-34 | Hydrogen truck feasibility study | FD | pet | in flight | | 650000 | 1.0 | 0.99 | 0.8 |
P-35 | ERP finance core replacement | ERP | core | in flight | | 9800000 | 0.82 | 0.84 | 1.3 |
P-36 | ERP warehouse module & WMS interface | ERP | core | in flight | | | | | |
P-37 | Procure-to-pay automation | ERP | core | closed | 2023-10-02 | | | | |
P-38 | Transport management system upgrade | ERP | core | in flight | | | | | |
P-39 | Data warehouse & BI platform | ERP | core | closed | | | | | |
P-40 | Board reporting dashboards | ERP | pet | closed | | 520000 | 1.01 | 1.0 | 0.7 |
P-41 | HR & payroll system | ERP | core | approved | | | | | |
P-42 | Master data clean-up | ERP | core | in flight | | | | | |
P-43 | Invoice matching automation | ERP | core | proposed | | | | | |
P-44 | Document management system | ERP | core | proposed | | | | | |
P-45 | GDPR records retention clean-up | SEC | compliance | closed | | | 1.01 | | |
P-46 | ICS2 customs e-filing | SEC | compliance | in flight | | 1300000 | 1.02 | 1.0 | 0.3 |
P-47 | Cyber-security hardening (NIS2) | SEC | compliance | in flight | | 2100000 | 0.99 | 1.01 | 0.3 |
P-48 | SOC 2 audit readiness | SEC | compliance | closed | | | | | |
P-49 | Identity & access management | SEC | compliance | in flight | | | | | |
P-50 | CSRD sustainability reporting | SEC | compliance | in flight | | | | | | Chief Financial Officer
P-51 | Tachograph data compliance | SEC | compliance | closed | | | | | |
P-52 | Business continuity & backup site | SEC | compliance | approved | | | | | |
"""  # noqa: E501

# id | benefit owner ("-" = deliberately none) | comment
STORY_NOTES = """
P-01 | Head of E-commerce Sales | Carrier API late; two of five cities live. Re-plan under review.
P-02 | Head of Customer Service | App store release slipped one sprint.
P-06 | - | Delivered on time and under budget. Great feedback from the board.
P-12 | - | Closed on budget; site live for the 2025 regatta.
P-13 | - | Automation vendor's conveyor failed acceptance; steering review in October.
P-14 | Regional Operations Director (Benelux) | Drivers' works council consulted; roll-out paused in Liège.
P-15 | Head of Warehousing | Sorter commissioning slipped after the summer peak.
P-17 | - |
P-24 | - | On track, on budget.
P-25 | Head of Fleet | Van deliveries late; grid connection at two depots outstanding.
P-28 | Head of Fleet | Closed; energy tariffs higher than in the business case.
P-33 | - | All 24 cars delivered; drivers happy.
P-35 | Finance Director | Data migration rehearsal failed; go-live moved twice.
P-37 | Head of Shared Services |
P-40 | - | Dashboards delivered early. Used at every board meeting.
P-46 | - | On track for the customs deadline.
P-47 | - | All controls green.
"""  # noqa: E501

LEGACY_PINS: dict[str, int] = {
    "P-46": 1, "P-47": 2, "P-35": 3, "P-40": 4, "P-06": 5, "P-33": 6, "P-24": 8, "P-12": 10,
    "P-14": 21, "P-13": 38, "P-01": 44,
}  # fmt: skip
"""Legacy priority ranks the story fixes: mandatory, pet and big green projects on top."""

# project | driver=score, ... : the contributions the story depends on (others are drawn)
CONTRIBUTION_NOTES = """
P-01 | D-NEWSVC=5, D-ECOM=5, D-NPS=4, D-OTD=3, D-INNOV=3
P-02 | D-NPS=5, D-ECOM=3, D-OTD=2, D-NEWSVC=2
P-03 | D-NEWSVC=4, D-ECOM=4, D-NPS=2
P-13 | D-CTS-WH=5, D-PROD=5, D-ECOM=4, D-OTD=3, D-NEWSVC=3
P-14 | D-CTS-LM=5, D-OTD=5, D-CO2=3, D-NPS=2
P-15 | D-PROD=4, D-CTS-WH=4, D-OTD=3
P-25 | D-CO2=5, D-GREENREV=4, D-CTS-LM=2
P-26 | D-CO2=3, D-GREENREV=2
P-29 | D-GREENREV=4, D-INNOV=3
P-06 | D-NPS=1, D-NEWSVC=0, D-ECOM=0, D-INNOV=0
P-12 | D-NPS=0, D-NEWSVC=0, D-ECOM=0, D-INNOV=0
P-24 | D-CTS-WH=0, D-PROD=0, D-OTD=0, D-INNOV=1
P-33 | D-CO2=1, D-GREENREV=0, D-CTS-LM=0
P-34 | D-CO2=0, D-GREENREV=1, D-INNOV=1, D-CTS-LM=0
P-35 | D-PROD=2, D-CTS-WH=1, D-OTD=0
P-40 | D-PROD=0, D-CTS-WH=0, D-OTD=0
P-46 | D-OTD=1
P-47 | D-OTD=0
"""

# project | driver ("-" = none) | name | measure | unit | baseline | target | evidence source
# A project's benefits are listed in order: the story refers to "P-28's first benefit".
PROJECT_BENEFITS = """
P-01 | D-NEWSVC | More revenue from same-day delivery | Same-day revenue | EUR m/year | 0 | 18 | Finance monthly report
P-01 | D-ECOM | More online-retail parcels | E-commerce parcels per day | parcels | 41000 | 55000 | Sorting centre counts
P-01 | D-NPS | Happier parcel recipients | Recipient satisfaction | score 1-5 | 3.6 | 4.3 | Customer survey
P-02 | D-NPS | Fewer 'where is my parcel' calls | WISMO calls per 1,000 parcels | calls | 19 | 8 | Contact-centre statistics
P-02 | D-NPS | Higher shipper NPS | Shipper net promoter score | points | 18 | 35 | Customer survey
P-02 | D-ECOM | Faster shipper onboarding | Days from contract to first parcel | days | 21 | 5 | Onboarding tracker
P-03 | D-NEWSVC | More revenue from returns handling | Returns-service revenue | EUR m/year | 0 | 6 | Finance monthly report
P-03 | D-ECOM | More web-shop customers onboarded | Active web-shop accounts | count | 350 | 900 | CRM report
P-04 | D-ECOM | More web shops connected by API | API-connected shippers | count | 120 | 400 | API gateway statistics
P-04 | D-PROD | Less manual order entry | Orders keyed by hand | % | 22 | 5 | Order management log
P-06 | D-NPS | More visits to the corporate website | Monthly unique visitors | visits | 38000 | 60000 | Web analytics
P-06 | - | More positive press coverage | Positive articles per quarter | count | 4 | 10 | Press clippings
P-07 | D-NEWSVC | More cross-selling to existing shippers | Shippers buying two or more services | % | 12 | 25 | CRM report
P-07 | D-INNOV | Faster customer insight for new offers | Weeks to build a customer segment | weeks | 6 | 1 | Marketing analytics
P-08 | D-NPS | Faster answers to customers | First-contact resolution | % | 58 | 80 | Contact-centre statistics
P-08 | D-PROD | Fewer contact-centre hours | Agent hours per month | hours | 21000 | 15000 | Workforce management system
P-09 | D-ECOM | More marketplace orders shipped | Marketplace parcels per month | parcels | 0 | 120000 | Sorting centre counts
P-09 | D-NEWSVC | More revenue from marketplace sellers | Marketplace seller revenue | EUR m/year | 0 | 2.5 | Finance monthly report
P-11 | D-NPS | Happier French- and German-speaking callers | Caller satisfaction | score 1-5 | 3.4 | 4.2 | Contact-centre survey
P-12 | - | Stronger brand awareness | Aided brand awareness | % | 31 | 40 | Brand tracker
P-13 | D-CTS-WH | Lower cost per order line at Rotterdam | Cost per order line | EUR | 0.62 | 0.41 | Management accounts
P-13 | D-PROD | More order lines per warehouse FTE | Order lines per FTE-hour | lines | 92 | 130 | WMS productivity dashboard
P-13 | D-NEWSVC | More revenue from fulfilment contracts | Fulfilment revenue | EUR m/year | 4 | 11 | Contract register
P-14 | D-OTD | Fewer late deliveries | Share of deliveries on time | % | 88 | 95 | Track-and-trace data
P-14 | D-CTS-LM | Fewer kilometres per route | Km per route | km | 118 | 97 | Telematics data
P-14 | D-CO2 | Less CO2 per delivery route | CO2e per route | kg | 41 | 34 | Telematics data
P-15 | D-PROD | More parcels sorted per hour | Parcels sorted per hour | parcels | 9000 | 16000 | Sorter control system
P-15 | D-CTS-WH | Lower cost per parcel at Lyon | Cost per parcel sorted | EUR | 0.21 | 0.14 | Management accounts
P-15 | D-OTD | Fewer missed linehaul cut-offs | Parcels missing the linehaul cut-off | % | 6 | 2 | Sorter control system
P-16 | D-PROD | Faster picking in the robotics zone | Order lines per FTE-hour in the pilot zone | lines | 92 | 180 | WMS productivity dashboard
P-16 | D-INNOV | More automation ideas tested | Automation pilots completed | count | 0 | 2 | Innovation board minutes
P-17 | D-CTS-WH | Lower yard handling cost | Yard moves per trailer | count | 3.4 | 2.1 | Yard system log
P-17 | D-OTD | Fewer trucks waiting at the gate | Average gate waiting time | minutes | 48 | 20 | Yard system log
P-18 | D-PROD | More order lines per picker | Order lines per FTE-hour | lines | 92 | 105 | WMS productivity dashboard
P-18 | D-CTS-WH | Less rework on mis-picked orders | Mis-picks per 10,000 lines | count | 38 | 12 | WMS quality report
P-19 | D-PROD | Faster dock turnaround | Minutes per truck at dock | minutes | 74 | 45 | Dock system log
P-19 | D-CTS-WH | Less overtime on the docks | Dock overtime hours per month | hours | 900 | 400 | Payroll report
P-20 | D-CTS-WH | Lower handling cost in Antwerp | Cost per pallet cross-docked | EUR | 4.8 | 3.9 | Management accounts
P-20 | D-OTD | More trucks loaded on schedule | Departures on time | % | 81 | 93 | TMS departure log
P-22 | D-PROD | Fewer hours lost to breakdowns | Conveyor downtime per month | hours | 41 | 15 | Maintenance log
P-23 | - | Fewer forklift safety incidents | Forklift incidents per year | count | 23 | 8 | Health & safety log
P-24 | - | More visitor groups hosted | Visitor groups per year | count | 20 | 60 | Reception log
P-25 | D-CO2 | Less diesel burnt in city deliveries | Diesel litres per month | litres | 410000 | 250000 | Fuel card statements
P-25 | D-GREENREV | More tenders won on carbon criteria | Carbon-scored tenders won | % | 22 | 45 | Bid register
P-25 | D-CTS-LM | Lower maintenance cost per van | Maintenance cost per van | EUR/year | 3100 | 1900 | Fleet system
P-26 | D-CO2 | More vans charged on green power | Charging on certified green power | % | 0 | 90 | Charge-point back office
P-26 | D-CTS-LM | Lower energy cost per charged km | Energy cost per km | EUR | 0.19 | 0.09 | Energy invoices
P-27 | D-CO2 | Less CO2 from linehaul | Linehaul CO2e per tonne-km | g | 62 | 18 | Sustainability report
P-28 | D-CTS-LM | Lower energy cost per drop | Fuel and energy cost per drop | EUR | 0.74 | 0.55 | Fuel card statements
P-28 | D-CO2 | Less CO2 per shipment | CO2e per shipment | kg | 1.9 | 1.6 | Sustainability report
P-29 | D-GREENREV | More customers buying CO2 reports | Customers using carbon reports | count | 0 | 250 | Customer portal statistics
P-29 | D-GREENREV | More revenue from the green delivery option | Green-option revenue | EUR m/year | 0 | 3 | Finance monthly report
P-30 | D-CO2 | More electricity from our own roofs | Self-generated share of power | % | 0 | 35 | Energy meter readings
P-30 | D-CTS-WH | Lower electricity bills at three DCs | Grid electricity bought | MWh/year | 5400 | 3500 | Energy invoices
P-31 | D-CTS-LM | Lower fuel cost per drop | Fuel and energy cost per drop | EUR | 0.74 | 0.66 | Fuel card statements
P-31 | - | Fewer speeding alerts | Speeding alerts per 1,000 km | count | 4.2 | 1.5 | Telematics data
P-33 | D-CO2 | Less CO2 from company cars | Company-car CO2e | t/year | 140 | 20 | Fleet card statements
P-34 | D-INNOV | Clearer hydrogen decision | Decision memo delivered | yes/no | 0 | 1 | Steering committee minutes
P-35 | D-PROD | Faster month-end close | Working days to close | days | 9 | 5 | Finance calendar
P-35 | - | Lower licence cost for legacy finance systems | Legacy licence fees | EUR k/year | 950 | 300 | Supplier invoices
P-36 | D-PROD | Less double keying between ERP and WMS | Manual stock adjustments per week | count | 340 | 60 | WMS audit log
P-37 | D-PROD | Less manual invoice handling | Invoices touched by hand | % | 64 | 20 | AP workflow log
P-37 | - | More early-payment discounts captured | Discounts captured | EUR k/year | 120 | 480 | AP ledger
P-38 | D-OTD | Fewer late deliveries | Share of deliveries on time | % | 88 | 95 | Track-and-trace data
P-38 | D-CTS-LM | Fuller trucks | Average trailer fill | % | 71 | 80 | TMS load reports
P-39 | D-PROD | Fewer hours spent on manual reports | Analyst hours on manual reports per month | hours | 620 | 200 | Timesheets
P-40 | D-PROD | Faster board pack preparation | Days to prepare the board pack | days | 6 | 2 | Finance calendar
P-41 | D-PROD | Fewer payroll corrections | Payroll corrections per month | count | 180 | 40 | Payroll report
P-42 | D-OTD | Fewer shipments with wrong addresses | Shipments with address errors | % | 3.1 | 0.8 | Address validation log
P-45 | - | Lower risk of data-protection fines | Overdue personal-data records | count | 1200000 | 0 | Records management log
P-46 | - | Lower risk of customs penalties | Customs penalties per year | EUR k | 180 | 20 | Customs broker report
P-46 | D-OTD | Fewer customs holds | Shipments held at customs | % | 2.8 | 1.2 | Customs broker report
P-47 | - | Fewer security incidents | Incidents with customer impact | count/year | 9 | 2 | Security operations report
P-48 | - | Fewer open SOC 2 exceptions | Open exceptions | count | 14 | 0 | Auditor's letter
P-49 | - | Fewer failed access reviews | Access reviews failed | % | 30 | 5 | IAM audit report
P-50 | - | Lower cost of sustainability assurance | External assurance fees | EUR k | 240 | 150 | Supplier invoices
P-51 | - | Fewer tachograph infringements | Infringements per 1,000 shifts | count | 6 | 1 | Tachograph analysis
P-52 | - | Faster recovery after an outage | Recovery time objective met | % | 40 | 100 | Continuity test report
"""  # noqa: E501


JUDGEMENT_WEIGHTS: dict[str, tuple[float, float, float, float]] = {
    "CEO": (0.40, 0.25, 0.25, 0.10),
    "CFO": (0.25, 0.50, 0.15, 0.10),
    "COO": (0.15, 0.40, 0.35, 0.10),
    "CCO": (0.40, 0.15, 0.35, 0.10),
    "CIO": (0.25, 0.25, 0.25, 0.25),
}
"""Weights (O-GROW, O-MARGIN, O-CUST, O-GREEN) each executive has in mind."""

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

KPI_DRAFTS = """
kpi_id: K-01
name: On-time delivery rate
purpose: Show whether customers get parcels in the promised window.
driver_id: D-OTD
kind: value
perspective: operational
formula: Deliveries inside promised window / all deliveries
unit: %
direction: higher
baseline: 88
target: 95
target_date: 2027-12-31
frequency: monthly
owner: COO
data_source: Track-and-trace data
timing: lagging
amber_threshold: 91
red_threshold: 89
stages: closure; post-closure

kpi_id: K-02
name: On time delivery %
driver_id: D-OTD
kind: value
perspective: operational
unit: %
direction: higher
frequency: monthly
owner: Head of Operations

kpi_id: K-03
name: Shipper net promoter score
purpose: Track whether shippers would recommend us.
driver_id: D-NPS
kind: value
perspective: business
formula: % promoters - % detractors in the half-yearly shipper survey
unit: points
direction: higher
baseline: 18
target: 35
target_date: 2027-06-30
frequency: half-yearly
owner: CCO
data_source: Customer survey
timing: lagging
amber_threshold: 25
red_threshold: 18
stages: post-closure

kpi_id: K-04
name: Improve customer happiness
kind: value

kpi_id: K-05
name: Cost per order line
purpose: Measure warehouse efficiency for the margin objective.
driver_id: D-CTS-WH
kind: value
perspective: financial
formula: Warehouse operating cost / order lines picked
unit: EUR
direction: lower
baseline: 0.62
target: 0.45
target_date: 2027-12-31
frequency: monthly
owner: Head of Warehousing
data_source: Management accounts; WMS
timing: lagging
amber_threshold: 0.55
red_threshold: 0.6
stages: business case; closure; post-closure

kpi_id: K-06
name: Last-mile cost per drop
driver_id: D-CTS-LM
kind: value
perspective: financial
formula: Last-mile cost / successful deliveries
unit: EUR
direction: lower
baseline: 3.9
target: 4.1
target_date: 2027-12-31
frequency: quarterly
owner: Head of Fleet
data_source: Management accounts
timing: lagging

kpi_id: K-07
name: Projects delivered on time
kind: execution
perspective: operational
formula: Projects closed by their baseline finish date / projects closed
unit: %
direction: higher
baseline: 58
target: 80
frequency: quarterly
owner: PMO lead
data_source: PPM tool
timing: lagging
stages: closure

kpi_id: K-08
name: Projects on budget
kind: execution
perspective: financial
formula: Projects with AC within 5 % of BAC / projects
unit: %
direction: higher
frequency: monthly
owner: PMO lead
data_source: PPM tool
stages: in flight; closure

kpi_id: K-09
name: Cost performance index
kind: execution
perspective: financial
formula: EV / AC
unit: ratio
direction: higher
baseline: 0.93
target: 1
frequency: monthly
owner: PMO lead
data_source: PPM tool
timing: leading
amber_threshold: 0.95
red_threshold: 0.9
stages: in flight

kpi_id: K-10
name: Schedule performance index
kind: execution
formula: EV / PV
unit: ratio
direction: higher
frequency: monthly
data_source: PPM tool
timing: leading
stages: in flight

kpi_id: K-11
name: Milestones hit
kind: execution
unit: %
frequency: monthly
owner: PMO lead

kpi_id: K-12
name: CO2 per shipment
purpose: Track progress towards halving emissions per shipment by 2030.
driver_id: D-CO2
kind: value
perspective: operational
formula: Well-to-wheel kg CO2e / shipments
unit: kg CO2e
direction: lower
baseline: 1.9
target: 1.2
target_date: 2030-12-31
frequency: quarterly
owner: Sustainability Manager
data_source: Sustainability report
timing: lagging
amber_threshold: 1.7
red_threshold: 1.8
stages: business case; post-closure

kpi_id: K-13
name: Revenue from new services
purpose: Show whether the new services pay off.
driver_id: D-NEWSVC
kind: value
perspective: financial
formula: Revenue booked on service codes created since 2023
unit: EUR m
direction: higher
baseline: 4
target: 30
target_date: 2028-12-31
frequency: quarterly
owner: CCO
data_source: ERP revenue ledger
timing: lagging
stages: business case; closure; post-closure

kpi_id: K-14
name: E-commerce market share
kind: value
perspective: business
unit: %
direction: higher
baseline: 7.5
target: 10
target_date: 2028-12-31
frequency: yearly
data_source: Market study

kpi_id: K-15
name: Order lines per warehouse FTE
purpose: Measure productivity gains from automation.
driver_id: D-PROD
kind: value
perspective: operational
formula: Order lines picked / warehouse FTE-hours
unit: lines per FTE-hour
direction: higher
baseline: 92
target: 125
target_date: 2027-12-31
frequency: monthly
owner: Head of Warehousing
data_source: WMS productivity dashboard
timing: leading
amber_threshold: 105
red_threshold: 95
stages: closure; post-closure

kpi_id: K-16
name: Digital adoption
purpose: More customers self-serve.
kind: value
perspective: business
frequency: quarterly
owner: Head of Customer Service

kpi_id: K-17
name: Benefit realisation rate
purpose: Share of planned benefit value actually realised.
kind: value
perspective: strategic
formula: Realised benefit value / planned benefit value to date
unit: %
direction: higher
baseline: 55
target: 85
target_date: 2027-12-31
frequency: quarterly
owner: CFO
data_source: Benefit register
timing: lagging
amber_threshold: 75
red_threshold: 65
stages: post-closure

kpi_id: K-18
name: Change requests per project
kind: execution
perspective: operational
unit: count
direction: lower
frequency: monthly
data_source: PPM tool

kpi_id: K-19
name: Better employee engagement
kind: value
owner: HR

kpi_id: K-20
name: WISMO calls per 1,000 parcels
purpose: Fewer 'where is my parcel' calls mean better tracking.
driver_id: D-NPS
kind: value
perspective: operational
formula: Contact-centre calls tagged WISMO x 1000 / parcels delivered
unit: calls
direction: lower
baseline: 19
target: 10
target_date: 2027-06-30
frequency: monthly
owner: Head of Customer Service
data_source: Contact-centre statistics
timing: leading
stages: post-closure

kpi_id: K-21
name: Strategic alignment score
purpose: Share of spend on projects scoring high on the value drivers.
kind: value
perspective: strategic
formula: BAC of projects in the top value quartile / total BAC
unit: %
direction: higher
baseline: 31
target: 60
target_date: 2027-12-31
frequency: half-yearly
owner: PMO lead
data_source: Portfolio workbook
timing: leading
stages: business case

kpi_id: K-22
name: Budget spent
kind: execution
perspective: financial
formula: AC / BAC
unit: %
frequency: monthly
owner: Finance business partner

kpi_id: K-23
name: Innovation
kind: value
perspective: business

kpi_id: K-24
name: Payback period of closed projects
purpose: Check business cases against what was realised.
kind: value
perspective: financial
formula: Years until cumulative realised benefit exceeds cost
unit: years
direction: lower
baseline: 4.5
target: 3
target_date: 2028-12-31
frequency: yearly
owner: CFO
data_source: Benefit register; ERP
timing: lagging
stages: post-closure
"""


def _portfolio_mix() -> pd.DataFrame:
    """The hand-written portfolio as a generator mix, with its override columns."""
    rows = []
    for row in text_rows(PORTFOLIO):
        pid, name, prog, kind, stage, start, bac, cpi, spi, multiple, sponsor = row
        rows.append(
            {
                "project_id": pid,
                "name": name,
                "programme": PROGRAMMES[prog].name,
                "sponsor": sponsor or PROGRAMMES[prog].sponsor,
                "kind": kind,
                "stage": stage,
                "start": pd.Timestamp(start) if start else pd.NaT,
                "bac": float(bac) if bac else np.nan,
                "cpi": float(cpi) if cpi else np.nan,
                "spi": float(spi) if spi else np.nan,
                "benefit_multiple": float(multiple) if multiple else np.nan,
            }
        )
    mix = pd.DataFrame(rows)
    notes = {row[0]: row[1:] for row in text_rows(STORY_NOTES)}
    mix["benefit_owner"] = [
        ("" if notes[p][0] == "-" else notes[p][0]) if p in notes else np.nan
        for p in mix["project_id"]
    ]
    mix["comments"] = [
        notes[p][1] if p in notes and len(notes[p]) > 1 and notes[p][1] else np.nan
        for p in mix["project_id"]
    ]
    return mix


def pin_ranks(ranks: pd.Series, pins: Mapping[str, int]) -> pd.Series:
    """Ranks 1..n where the ``pins`` (id -> rank) are fixed and the others keep their order.

    Why: the story needs a few projects at given places in the legacy list while the rest
    stays as drawn.
    """
    free_slots = [r for r in range(1, len(ranks) + 1) if r not in set(pins.values())]
    others = ranks.drop(list(pins)).sort_values().index
    out = pd.Series(pins, dtype=np.int64)
    out = pd.concat([out, pd.Series(free_slots, index=others, dtype=np.int64)])
    return out.reindex(ranks.index)


def _apply_contribution_notes(contributions: pd.DataFrame) -> pd.DataFrame:
    """Set the contributions the story depends on (see :data:`CONTRIBUTION_NOTES`)."""
    out = contributions.set_index(["project_id", "driver_id"])
    for pid, cells in text_rows(CONTRIBUTION_NOTES):
        for cell in cells.split(","):
            driver, score = cell.strip().split("=")
            out.loc[(pid, driver), "contribution"] = int(score)
    return out.reset_index()


def _benefit_row(benefits: pd.DataFrame, project_id: str, k: int) -> int:
    """Index label of a project's k-th benefit (1-based)."""
    rows = benefits.index[benefits["project_id"] == project_id]
    if len(rows) < k:
        raise ValueError(f"{project_id} has fewer than {k} benefits")
    return int(rows[k - 1])


def _benefit_slots() -> pd.DataFrame:
    """The hand-written benefit register (:data:`PROJECT_BENEFITS`) as generator slots."""
    rows = [
        {
            "project_id": pid,
            "driver_id": np.nan if driver == "-" else driver,
            "name": name,
            "measure": measure,
            "unit": unit,
            "baseline": float(base),
            "target": float(target),
            "evidence": evidence,
        }
        for pid, driver, name, measure, unit, base, target, evidence in text_rows(PROJECT_BENEFITS)
    ]
    return pd.DataFrame(rows)


def _credit_benefit_drivers(contributions: pd.DataFrame, slots: pd.DataFrame) -> pd.DataFrame:
    """A project that registers a benefit on a driver contributes at least 1 to it."""
    out = contributions.set_index(["project_id", "driver_id"])
    linked = slots.dropna(subset=["driver_id"])
    keys = list(zip(linked["project_id"], linked["driver_id"], strict=True))
    out.loc[keys, "contribution"] = out.loc[keys, "contribution"].clip(lower=1)
    return out.reset_index()


def _apply_actual_notes(
    benefits: pd.DataFrame, plan: pd.DataFrame, actuals: pd.DataFrame
) -> pd.DataFrame:
    """Shape the realised values the story needs: dis-benefits, unevidenced claims, silence.

    * P-28's energy-cost benefit came out negative every quarter (tariffs rose): a dis-benefit.
    * P-37's first three quarters after go-live were negative (productivity dip at cut-over).
    * P-06 and P-40 claim 110 % of plan with no evidence at all.
    * P-17's benefits stopped reporting after 2025Q3; P-04's first realises 40 % of plan.
    """
    out = actuals.copy()
    planned = out.merge(plan[["benefit_id", "quarter", "planned_value"]], how="left")
    ids = benefits["benefit_id"]

    def rows_of(project_id: str, k: int = 1) -> pd.Series:
        return out["benefit_id"] == ids[_benefit_row(benefits, project_id, k)]

    dis = rows_of("P-28")
    out.loc[dis, "realised_value"] = -(0.35 * planned.loc[dis, "planned_value"]).round()
    dip = out.index[rows_of("P-37")][:3]
    out.loc[dip, "realised_value"] = -(0.5 * planned.loc[dip, "planned_value"]).round()
    for pid in ("P-06", "P-40"):
        claim = rows_of(pid)
        out.loc[claim, "realised_value"] = (1.1 * planned.loc[claim, "planned_value"]).round()
        out.loc[claim, "evidence"] = np.nan
    behind = rows_of("P-04")
    out.loc[behind, "realised_value"] = (0.4 * planned.loc[behind, "planned_value"]).round()
    p17 = ids[benefits["project_id"] == "P-17"]
    silent = out["benefit_id"].isin(p17) & (out["quarter"] > "2025Q3")
    out = out.loc[~silent]
    out["realised_value"] = out["realised_value"].astype(np.int64)
    return out.reset_index(drop=True)


def _judgements() -> pd.DataFrame:
    """Executives' pairwise judgements: four consistent thinkers and an intransitive CIO."""
    objectives = [d.driver_id for d in TREE if d.parent_id is None]
    frame = judgements_frame(JUDGEMENT_WEIGHTS, objectives)
    for (a, b), value in CIO_JUDGEMENTS.items():
        frame.loc[
            (frame["executive"] == "CIO") & (frame["driver_a"] == a) & (frame["driver_b"] == b),
            "judgement",
        ] = value
    return frame


def _kpis() -> pd.DataFrame:
    """The PMO's draft KPI catalogue (see :data:`KPI_DRAFTS`)."""
    return kpis_frame(text_records(KPI_DRAFTS))


def build_case_study() -> dict[str, pd.DataFrame]:
    """Every table of the Harbourline Logistics case study, schema columns only.

    Deterministic: the generator's pipeline seeded with :data:`SEED`, run on the hand-written
    portfolio, then the story layer (pinned legacy ranks, contributions, benefit wording and
    realised values; the benefit register is written by hand). Money in EUR; data date
    2026-09-30.
    """
    rng = np.random.default_rng(SEED)
    programmes = list(PROGRAMMES.values())
    portfolio = build_portfolio(rng, _portfolio_mix(), programmes, TREE)
    design = portfolio["design"]
    design["legacy_priority"] = pin_ranks(
        design.set_index("project_id")["legacy_priority"], LEGACY_PINS
    ).to_numpy()
    compliance = design["kind"] == "compliance"
    design.loc[compliance, "business_case_npv"] = np.nan  # mandatory: no NPV was asked for
    slots = _benefit_slots()
    portfolio["project_contributions"] = _credit_benefit_drivers(
        _apply_contribution_notes(portfolio["project_contributions"]), slots
    )
    benefit_tables = build_benefits(rng, portfolio, programmes, slots=slots)
    benefits = benefit_tables["benefits"]
    actuals = _apply_actual_notes(
        benefits, benefit_tables["benefit_plan"], benefit_tables["benefit_actuals"]
    )
    tables = {
        "projects": projects_frame(design),
        "cashflows": portfolio["cashflows"],
        "value_drivers": portfolio["value_drivers"],
        "driver_judgements": _judgements(),
        "project_contributions": portfolio["project_contributions"],
        "pmo_assessment": assessment_frame(rng, RESPONDENTS, MATURITY_DIMENSIONS),
        "skills_inventory": skills_frame(rng, TEAMS),
        "kpis": _kpis(),
        "benefits": benefits,
        "benefit_plan": benefit_tables["benefit_plan"],
        "benefit_actuals": actuals,
    }
    return table_frames(tables)


def main() -> None:
    """Rewrite ``datasets/harbourline/*.csv`` from :func:`build_case_study`."""
    write_dataset(build_case_study(), DATASET_DIR)
    print(f"wrote the Harbourline case study to {DATASET_DIR}")


if __name__ == "__main__":
    main()
