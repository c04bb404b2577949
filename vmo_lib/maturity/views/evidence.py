"""The evidence and skills parts of notebook 01: what the data shows beside what people say.

>>> import pandas as pd
>>> from vmo_lib.maturity.evidence import ValueEvidence
>>> flags = pd.DataFrame({"project_id": ["P1"], "has_benefit_owner": [False]})
>>> shares = pd.DataFrame({"check": ["has_benefit_owner"], "indicator": ["Owner"],
...                        "projects": [0], "share": [0.0]})
>>> evidence_finding(ValueEvidence(flags, shares))[:44]
'None of the 1 projects shows any of the four'
"""

from __future__ import annotations

from collections.abc import Sequence

from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.display.listing import top_and_bottom
from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import format_table
from vmo_lib.maturity.evidence import Claims, SkillsGap, ValueEvidence
from vmo_lib.maturity.views.labels import DISPLAY_LABELS

EVIDENCE_TABLES: dict[str, str] = {
    "benefits": "no benefit register, so no project can show a measurable benefit or a "
    "benefit linked to a value driver",
    "kpis": "no KPI catalogue, so no value driver is measured by a value KPI",
}
"""Optional tables the evidence checks read, and what their absence means for the checks."""


def evidence_notes(missing: Sequence[str]) -> list[str]:
    """Notes for the reader on evidence checks that are 0 because a table is missing.

    A missing benefit register is not an analysis to skip: it is the evidence itself.

    >>> evidence_notes(["kpis", "cashflows"])[0][:40]
    'The dataset has no kpis table: no KPI ca'
    """
    return [
        f"The dataset has no {name} table: {why}."
        for name, why in EVIDENCE_TABLES.items()
        if name in missing
    ]


def _in_sentence(label: object) -> str:
    """A table label inside a sentence: first letter lower case, the rest as written, so that
    acronyms stay ('Projects ... value KPI' -> 'projects ... value KPI').

    >>> _in_sentence("Projects whose value drivers are measured by a value KPI")
    'projects whose value drivers are measured by a value KPI'
    """
    text = str(label)
    return text[:1].lower() + text[1:]


def evidence_finding(evidence: ValueEvidence) -> str:
    """One sentence on the evidence: in particular, whether the portfolio tracks value at all."""
    n = len(evidence.projects)
    if n == 0:
        return "The portfolio has no projects to check."
    if not evidence.records_value:
        return (
            f"None of the {n:,} projects shows any of the four signs of value management: "
            "this portfolio records execution only, and no value. Value tracking starts "
            "from zero here, whatever anyone believes."
        )
    ranked = evidence.shares.sort_values("share", ascending=False)
    best = ranked.iloc[0]
    worst = evidence.shares.sort_values("share").iloc[0]
    return (
        f"The strongest sign is '{_in_sentence(best['indicator'])}' ({float(best['share']):.0%} "
        f"of {n:,} projects), the weakest '{_in_sentence(worst['indicator'])}' "
        f"({float(worst['share']):.0%})."
    )


def evidence_note(evidence: ValueEvidence, missing: Sequence[str]) -> HTML:
    """:func:`evidence_finding` and the :func:`evidence_notes` on missing tables, as a note."""
    return notes_html([evidence_finding(evidence), *evidence_notes(missing)])


def claims_table(claims: Claims) -> Styler:
    """Survey claims and portfolio evidence side by side."""
    n = len(claims.evidence.projects)
    return format_table(
        claims.table,
        percent=["share"],
        labels=DISPLAY_LABELS,
        caption=f"Value tracking: survey claims and portfolio evidence ({n:,} projects)",
    )


def training_table(skills: SkillsGap) -> Styler:
    """Training needs, largest effort first (the top and bottom of a long list)."""
    needs = top_and_bottom(skills.training, by="person_levels", what="skills")
    return format_table(
        needs.table,
        integer=["rank", "teams", "people", "person_levels"],
        number=["mean_gap"],
        labels=DISPLAY_LABELS,
        caption="Training needs implied by the skills inventory, largest first",
    )


def training_note(skills: SkillsGap) -> HTML:
    """What a long training list leaves out (an empty note when it is shown in full)."""
    needs = top_and_bottom(skills.training, by="person_levels", what="skills")
    notes = [needs.note + " The full list is in the export below."] if needs.truncated else []
    return notes_html(notes)
