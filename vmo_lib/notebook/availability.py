"""Run what the data allows: say which analyses were skipped and which table would enable them.

Analysts often arrive with only some of the tables (no benefit register, no driver
judgements). A notebook asks :func:`has_tables` before each analysis that needs an optional
table; when a table is missing, the reader sees a short note naming the analysis and the
table that would enable it, and the run carries on. Each skip is also recorded (name
``skipped:<analysis>``), so the handouts index can list them.

Example
-------
>>> if has_tables(org, ["benefits", "benefit_actuals"], "Benefit realisation to date"):
...     ...  # doctest: +SKIP
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from vmo_lib.data.organisation import Organisation

__all__ = ["SKIP_PREFIX", "has_tables", "missing_tables", "skip_note"]

#: Recorded figures whose name starts with this prefix are skipped analyses.
SKIP_PREFIX = "skipped:"


def missing_tables(org: Organisation, tables: Sequence[str]) -> list[str]:
    """The tables among ``tables`` that ``org`` did not provide (missing or empty), in order."""
    return [name for name in tables if name in org.missing or getattr(org, name).empty]


def skip_note(analysis: str, missing: Sequence[str]) -> str:
    """The HTML note shown in place of a skipped analysis (dataset text escaped)."""
    names = ", ".join(f"<code>{html.escape(name)}</code>" for name in missing)
    noun = "table" if len(missing) == 1 else "tables"
    return (
        '<div class="vmo-skip" style="border-left:4px solid #E69F00;padding:0.4em 0.8em;'
        'margin:0.5em 0;background:#fff8e6">'
        f"<strong>Skipped: {html.escape(analysis)}.</strong> "
        f"This dataset has no {names} {noun}; add it to run this analysis "
        "(columns in <code>datasets/README.md</code>).</div>"
    )


def has_tables(org: Organisation, tables: Sequence[str], analysis: str) -> bool:
    """True when ``org`` has every table in ``tables``; otherwise show a note and record the skip.

    Call it at the top of a cell and put the analysis under ``if``: the notebook then runs
    top to bottom on partial data.
    """
    missing = missing_tables(org, tables)
    if not missing:
        return True
    from IPython.display import HTML, display

    from vmo_lib.notebook.record import record

    display(HTML(skip_note(analysis, missing)))
    record(f"{SKIP_PREFIX}{analysis}", ", ".join(missing), label=analysis, unit="text")
    return False
