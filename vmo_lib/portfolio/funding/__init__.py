"""Funding selection: which projects to fund within the budget and the board's constraints.

Modules: ``select`` (``select_projects``, the public entry point), ``inputs`` (checking and
aligning values, costs and constraints), ``constraints`` (the board's constraints as data),
``model`` (the HiGHS mixed-integer model, time limits and gaps), ``fallback`` (greedy answer
when the solver fails), ``conflicts`` (which constraints cannot all hold), ``compare`` (one
selection against another), ``texts`` (constraints read from notebook parameters).
"""
