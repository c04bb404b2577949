"""Harbourline's hand-written benefit register: every benefit a project registered."""

from __future__ import annotations

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
P-09 | D-NEWSVC | More revenue from marketplace sellers | Marketplace seller revenue | EUR m/year | 0 | 1.2 | Finance monthly report
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
P-17 | D-CTS-WH | Fewer yard moves per trailer | Yard moves per trailer | count | 3.4 | 2.1 | Yard system log
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
P-30 | D-CTS-WH | Less grid electricity bought at three DCs | Grid electricity bought | MWh/year | 5400 | 3500 | Energy invoices
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
P-46 | - | Lower risk of customs penalties | Customs penalties | EUR k/year | 180 | 20 | Customs broker report
P-46 | D-OTD | Fewer customs holds | Shipments held at customs | % | 2.8 | 1.2 | Customs broker report
P-47 | - | Fewer security incidents | Incidents with customer impact | count/year | 9 | 2 | Security operations report
P-48 | - | Fewer open SOC 2 exceptions | Open exceptions | count | 14 | 0 | Auditor's letter
P-49 | - | Fewer failed access reviews | Access reviews failed | % | 30 | 5 | IAM audit report
P-50 | - | Lower cost of sustainability assurance | External assurance fees | EUR k/year | 240 | 150 | Supplier invoices
P-51 | - | Fewer tachograph infringements | Infringements per 1,000 shifts | count | 6 | 1 | Tachograph analysis
P-52 | - | Faster recovery after an outage | Recovery time objective met | % | 40 | 100 | Continuity test report
"""  # noqa: E501
