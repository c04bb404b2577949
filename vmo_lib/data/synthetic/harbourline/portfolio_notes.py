"""Harbourline's hand-written portfolio and the story notes pinned on top of the draws:
owners and comments, legacy ranks and the contribution scores the story depends on."""

from __future__ import annotations

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

MANDATORY: tuple[str, ...] = ("P-23", "P-45", "P-46", "P-47", "P-50", "P-51")
"""Legal, regulatory and safety duties (``mandatory`` true): forklift safety sensors (workplace
safety law), GDPR records retention, ICS2 customs e-filing (EU customs code), NIS2 cyber-security,
CSRD sustainability reporting and tachograph compliance (EU driving-time rules). SOC 2, identity
management and the backup site are good practice the customers ask for, not duties."""

# category: the projects in it (every other project is "run")
INVESTMENT_CATEGORIES = """
transform | P-01 P-05 P-13 P-16 P-25 P-26 P-27 P-28 P-29 P-32 P-34
grow | P-02 P-03 P-04 P-06 P-07 P-09 P-10 P-11 P-12 P-14 P-15
"""
"""Investment categories: transform (new business model or network), grow (more of today's
business) and run (keep it running, including every mandatory project)."""

# project | factor on its benefit plan | why the register and the business case disagree
DELIBERATE_MISMATCHES = """
P-16 | 2.0 | The robotics pilot registered the benefits of a full roll-out its business case does not fund.
P-25 | 1.3 | The register was updated for 40 more vans; the business case was not.
P-35 | 0.6 | The business case counted finance headcount savings that nobody registered as a benefit.
"""  # noqa: E501
"""The only projects whose benefit register is more than 10 % away from their business case:
the audit of notebook 05 should find exactly these."""
