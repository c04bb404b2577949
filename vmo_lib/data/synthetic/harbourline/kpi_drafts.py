"""The Harbourline PMO's draft KPI catalogue, with the gaps and vague entries a first draft has.

One record per KPI, one ``field: value`` a line; missing fields are blank cells. The flaws are
deliberate, for notebook 03 to find: near-duplicates (K-01/K-02 by name, K-09/K-25 by formula),
vague aspirations (K-04, K-19, K-23), a target worse than its baseline (K-06), targets out of
line with the trend from ``baseline`` to ``latest_value`` (K-03, K-13, K-17 and K-20 too
steep for the pace so far, K-27 already met), orphans with no driver, and four KPIs crowding
D-NPS.

What a KPI reports agrees with the rest of the case study: K-17's baseline and latest value
are computed from the benefit register (the story layer fills them in), K-12 aims at half of
its 2022 baseline by 2030 (the O-GREEN objective), K-20 improves only after the tracking app
(P-02) goes live, K-27 was met early thanks to the multilingual desk (P-11, closed 2025), and
money is in a currency unit.
"""

from __future__ import annotations

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
baseline_date: 2024-12-31
target: 95
target_date: 2027-12-31
latest_value: 90.5
latest_date: 2026-06-30
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
baseline_date: 2024-06-30
target: 35
target_date: 2027-06-30
latest_value: 21
latest_date: 2026-06-30
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
baseline_date: 2024-12-31
target: 0.45
target_date: 2027-12-31
latest_value: 0.55
latest_date: 2026-06-30
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
baseline_date: 2022-12-31
target: 0.95
target_date: 2030-12-31
latest_value: 1.62
latest_date: 2026-06-30
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
baseline_date: 2023-12-31
target: 30
target_date: 2028-12-31
latest_value: 6.5
latest_date: 2026-06-30
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
baseline_date: 2024-12-31
target: 125
target_date: 2027-12-31
latest_value: 104
latest_date: 2026-06-30
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
baseline: computed from the register at the baseline date
baseline_date: 2025-12-31
target: 85
target_date: 2027-12-31
latest_value: computed from the register at the latest date
latest_date: 2026-06-30
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
baseline_date: 2025-06-30
target: 8
target_date: 2027-06-30
latest_value: 18.6
latest_date: 2026-06-30
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

kpi_id: K-25
name: Cost efficiency
kind: execution
perspective: financial
formula: EV / AC
unit: ratio
direction: higher
frequency: monthly
owner: Finance business partner
data_source: PPM tool
timing: leading
stages: in flight

kpi_id: K-26
name: Recipient satisfaction score
purpose: Hear from the people who receive the parcels, not only from the shippers who pay.
driver_id: D-NPS
kind: value
perspective: business
formula: Mean rating in the post-delivery recipient survey (1 = poor, 5 = excellent)
unit: score 1-5
direction: higher
baseline: 3.6
target: 4.3
target_date: 2027-12-31
frequency: monthly
owner: Head of Customer Service
data_source: Recipient survey
timing: lagging
amber_threshold: 4
red_threshold: 3.7
stages: post-closure

kpi_id: K-27
name: Complaints per 10,000 parcels
purpose: Catch service failures that customers bother to report.
driver_id: D-NPS
kind: value
perspective: operational
formula: Complaints logged x 10000 / parcels delivered
unit: complaints
direction: lower
baseline: 14
baseline_date: 2024-12-31
target: 9
target_date: 2027-12-31
latest_value: 8.6
latest_date: 2026-06-30
frequency: monthly
owner: Head of Customer Service
data_source: CRM complaint log
timing: leading
stages: closure; post-closure
"""
