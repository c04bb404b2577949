"""Scenarios side by side: notebook 04's decision under several sets of settings.

``vmo scenarios FILE --out DIR`` reads named scenarios (YAML, or CSV as for ``--class``),
checks every one before anything runs, builds each scenario's notebook-04 handout with the
pipeline, then writes one comparison page and, for the scenario the board chooses, a decision
log. Modules: ``run`` (reading, checking and running the scenarios), ``page`` (the comparison
page and the decision log). This package sits above both the pipeline and the portfolio
topic, which is why it is neither of them.
"""
