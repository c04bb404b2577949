"""The bundled case study: Harbourline Logistics, a fictional European freight forwarder.

The hand-written story is data (:mod:`.company`, :mod:`.portfolio_notes`,
:mod:`.benefit_register`, :mod:`.kpi_drafts`); :mod:`.story` runs the generator on it and
applies the story layer. The public entry point is :mod:`vmo_lib.data.casestudy`.
"""
