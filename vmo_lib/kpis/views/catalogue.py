"""Notebook 03's views of the KPI catalogue: a model record, the review and the template.

Each function takes a result of :mod:`vmo_lib.kpis` and returns a table or cut list ready to
display, with its caption; the column choices and labels of the handout live here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

import pandas as pd
from pandas.io.formats.style import Styler

from vmo_lib.data.template import rule_text
from vmo_lib.display.listing import quantity_text
from vmo_lib.display.tables import format_table
from vmo_lib.kpis.kpi import Kpi
from vmo_lib.kpis.review import KpiReview
from vmo_lib.kpis.rules import RULES
from vmo_lib.kpis.smart import trend_paces
from vmo_lib.kpis.template import STAGE_SHEETS
from vmo_lib.kpis.views.lists import DISPLAY_LABELS, ListView, Note, list_view

__all__ = [
    "catalogue_view",
    "digest_view",
    "kpi_digest",
    "model_record",
    "record_sheet",
    "rule_table",
    "settings_sentence",
    "structural_view",
    "template_fields",
    "template_table",
    "trend_table",
    "trend_view",
]


def record_sheet(kpi: Kpi) -> pd.DataFrame:
    """One KPI as a two-column documentation form (``field``: 'KPI id', 'Baseline date'...;
    ``value`` as text, dates as YYYY-MM-DD, lists ``; `` joined, blanks left blank)."""
    rows = []
    for f in fields(kpi):
        value = getattr(kpi, f.name)
        if isinstance(value, tuple):
            value = "; ".join(value)
        elif isinstance(value, pd.Timestamp):
            value = f"{value:%Y-%m-%d}"
        elif isinstance(value, float):
            value = quantity_text(value, decimals=3)
        label = f.name.replace("_", " ").capitalize().replace("Kpi", "KPI")
        rows.append({"field": label, "value": value})
    return pd.DataFrame(rows)


def model_record(review: KpiReview) -> Styler:
    """The record sheet of the catalogue's first KPI with no finding, as a model."""
    kpi = review.model_kpi()
    return format_table(
        record_sheet(kpi),
        labels=DISPLAY_LABELS,
        caption=f"A complete KPI record: {kpi.kpi_id} {kpi.name}",
    )


def rule_table(review: KpiReview) -> Styler:
    """Every review rule, why it matters and how often the draft breaks it."""
    return format_table(
        review.rule_summary(),
        integer=["findings"],
        labels=DISPLAY_LABELS,
        caption="The review rules, why each matters, and how often the draft breaks it",
    )


def kpi_digest(review: KpiReview) -> pd.DataFrame:
    """One row per KPI with findings (catalogue order): verdict, the rules it breaks (most
    severe first) and the fix of its most severe finding, for a handout that reads in a page."""
    on_kpis = review.findings[review.findings["subject"].isin(review.catalogue["kpi_id"])]
    names = review.catalogue.set_index("kpi_id")["name"]
    verdicts = review.catalogue.set_index("kpi_id")["verdict"]
    rows = []
    for kpi_id in review.catalogue["kpi_id"]:
        found = on_kpis[on_kpis["subject"].eq(kpi_id)]
        if found.empty:
            continue
        rows.append(
            {
                "kpi_id": kpi_id,
                "name": names[kpi_id],
                "verdict": verdicts[kpi_id],
                "broken": "; ".join(found["title"]),
                "first_fix": found["fix"].iloc[0],
            }
        )
    return pd.DataFrame(rows, columns=["kpi_id", "name", "verdict", "broken", "first_fix"])


def digest_view(
    review: KpiReview, organisation_name: str, n: int, files: Sequence[Path] = ()
) -> ListView:
    """:func:`kpi_digest` cut to the first and last ``n`` KPIs, linking the exports."""
    digest = kpi_digest(review)
    return list_view(
        digest,
        n,
        f"{organisation_name}: {len(digest):,} of {len(review.kpis):,} draft KPIs need work",
        "KPIs with findings",
        files,
    )


def trend_view(review: KpiReview) -> Styler | Note:
    """:func:`trend_table`, or, when no target is out of line, a sentence saying so and how
    many KPIs record what the check needs (baseline, latest value, target, their dates and
    the direction), instead of an empty table."""
    if review.findings_of(rules=["trend_out_of_line"]).empty:
        checked = sum(trend_paces(kpi) is not None for kpi in review.kpis)
        return Note(
            "<p>No target is out of line with the trend so far at a stretch factor of "
            f"{review.settings.stretch_factor:g}: {checked:,} of {len(review.kpis):,} KPIs "
            "record the baseline, latest value, target and dates the check needs.</p>"
        )
    return trend_table(review)


def trend_table(review: KpiReview) -> Styler:
    """The targets out of line with the trend so far, at the review's stretch factor."""
    trend = review.findings_of(rules=["trend_out_of_line"])
    return format_table(
        trend[["subject", "problem", "fix"]],
        labels=DISPLAY_LABELS,
        caption=(
            f"Targets out of line with the trend (stretch factor "
            f"{review.settings.stretch_factor:g})"
        ),
    )


def settings_sentence(review: KpiReview) -> str:
    """What the live panel starts from, for a handout: the verdicts at the run's settings."""
    return f"At this run's settings: {review.verdict_sentence()}"


def structural_view(review: KpiReview, n: int, files: Sequence[Path] = ()) -> ListView:
    """The findings on the catalogue as a whole: near-duplicates, orphans and balance."""
    structural = review.findings_of(groups=["duplicate", "orphan", "balance"])
    return list_view(
        structural[["subject", "title", "problem", "fix"]],
        n,
        "Near-duplicates, orphans and balance: findings on the catalogue as a whole",
        "findings",
        files,
    )


CATALOGUE_COLUMNS = ["kpi_id", "name", "kind", "driver_id", "verdict", "findings", "rules"]


def rule_titles(codes: object) -> object:
    """Rule codes as the handout names them: ``'no_formula; no_owner'`` -> ``'No formula; No
    owner'`` (unknown codes kept as they are, blanks left blank).

    >>> rule_titles("no_formula; no_owner")
    'No formula; No owner'
    """
    if not isinstance(codes, str) or not codes:
        return codes
    return "; ".join(RULES[code].title if code in RULES else code for code in codes.split("; "))


def catalogue_view(
    review: KpiReview, organisation_name: str, n: int, files: Sequence[Path] = ()
) -> ListView:
    """The reviewed catalogue with each KPI's verdict (first and last ``n`` when long), the
    rules broken by their titles, as in the digest (the export keeps the codes)."""
    table = review.catalogue[CATALOGUE_COLUMNS]
    return list_view(
        table.assign(rules=table["rules"].map(rule_titles)),
        n,
        f"{organisation_name}: the reviewed catalogue, with each KPI's verdict",
        "KPIs",
        files,
        integer=["findings"],
    )


def template_fields() -> pd.DataFrame:
    """Every column of the value-measurement template, by stage gate, with its rule."""
    rows = []
    for stage, spec in STAGE_SHEETS.items():
        for col in spec.columns[5:]:  # the five identifying columns are on every sheet
            rows.append(
                {
                    "stage": stage,
                    "column": col.name,
                    "required": col.required,
                    "rule_text": rule_text(col),
                }
            )
    return pd.DataFrame(rows)


def template_table() -> Styler:
    """:func:`template_fields` as the handout's table."""
    return format_table(
        template_fields(),
        yes_no=["required"],
        labels=DISPLAY_LABELS,
        caption="Fields of the value-measurement template, by stage gate",
    )
