"""Shared presentation: one chart theme, table formatting and notes for every notebook.

Modules: ``theme`` (Okabe-Ito palette, A4 figure size, money/percent axes, point labels),
``tables`` (escaped, currency-aware HTML tables; atomic, formula-neutralised CSV/Excel
exports), ``listing`` (top and bottom N rows of a long table, numbers in sentences, export
links), ``notes`` (reader's notes as an escaped HTML list). Nothing here knows a topic.
"""
