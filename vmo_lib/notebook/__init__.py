"""Notebook plumbing shared by every notebook: what a notebook needs that is not analysis.

Modules: ``params`` (parameter types for the ``parameters`` cell: ``Choice``, ``Date``,
``Between``...), ``record`` (``record()`` key figures for the index, ``read_records()``),
``availability`` (one idiom for analyses skipped when an optional table is missing),
``live`` (one idiom for live panels: ipywidgets in JupyterLab, a static table when headless).
Kernels import ``record`` early, so this package imports nothing at load time.
"""
