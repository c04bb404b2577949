"""Notebook 05's register audit and benefits map: tables, notes, and the exports of these and
of the Monte Carlo (whose table and note are in :mod:`.uncertainty`).

Each function takes a result of :mod:`vmo_lib.realization.register_audit`,
:mod:`~vmo_lib.realization.benefits_map` or :mod:`~vmo_lib.realization.uncertainty` and
returns what one code cell displays: a formatted table (``format_table``: escaped, money in
the currency setting) or notes HTML. Long lists show their first and last rows and link to
their full export (:func:`export_register`).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.display.listing import export_link_html, top_and_bottom
from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import format_table, write_csv
from vmo_lib.realization.benefits_map import BenefitsMap
from vmo_lib.realization.register_audit import DOAM_TESTS, RegisterAudit
from vmo_lib.realization.uncertainty import ValueUncertainty

__all__ = [
    "REGISTER_EXPORTS",
    "attribution_table",
    "audit_rules_note",
    "delivery_checks",
    "doam_tables",
    "export_register",
    "map_note",
    "register_exports_note",
]

REGISTER_EXPORTS: dict[str, str] = {
    "05_doam_per_benefit.csv": "DOAM tests per benefit",
    "05_double_counting.csv": "measures claimed more than once (attribution over 1)",
    "05_unowned_dis_benefits.csv": "dis-benefits without an owner",
    "05_realised_before_delivery.csv": "benefits realised before their project delivers",
    "05_benefits_map_links.csv": "the links of the benefits map, with their values",
    "05_value_fan.csv": "the Monte Carlo's quantiles of cumulative value by quarter",
}
"""The files :func:`export_register` writes, with what each holds."""


def export_register(
    audit: RegisterAudit, bmap: BenefitsMap, futures: ValueUncertainty, folder: str | Path
) -> dict[str, Path]:
    """Write the full lists behind this module's tables to ``folder`` (atomic and
    formula-neutralised, :func:`vmo_lib.display.tables.write_csv`); paths by file name."""
    labels = bmap.nodes.set_index("node")["label"]
    links = bmap.edges.assign(
        source_label=bmap.edges["source"].map(labels),
        target_label=bmap.edges["target"].map(labels),
    )
    fan = futures.fan.assign(quarter=futures.fan["quarter"].astype(str))
    frames = {**audit.exports(), "05_benefits_map_links.csv": links, "05_value_fan.csv": fan}
    return {name: write_csv(frame, Path(folder) / name) for name, frame in frames.items()}


_LABELS = {
    "benefit_id": "Benefit",
    "project_id": "Project",
    "name": "Name",
    "accountable_owner": "Accountable owner",
    "planned_total": "Whole-life plan",
    "stage": "Stage",
    "delivery": "Project finish",
    "first_quarter": "First quarter before it",
    "quarters": "Quarters before it",
    "value_before": "Value realised before it",
}
LISTED_IDS = 6
"""Projects or benefits named in one cell of the double-counting table; the rest are counted."""


def _few(ids: pd.Series) -> pd.Series:
    """``"P-1, P-2, ... and 40 more"``: long comma-separated lists cut for the page."""
    parts = ids.astype(str).str.split(", ")
    head = parts.map(lambda p: ", ".join(p[:LISTED_IDS]))
    more = parts.map(lambda p: f" and {len(p) - LISTED_IDS:,} more" if len(p) > LISTED_IDS else "")
    return head + more


def _link(files: Mapping[str, Path], name: str) -> str:
    path = files.get(name)
    return f" Full list: {export_link_html(path)}." if path is not None else ""


def doam_tables(
    audit: RegisterAudit, files: Mapping[str, Path], rows: int = 15
) -> tuple[Styler, Styler, HTML]:
    """How many benefits pass each DOAM test (with the rule), the benefits failing at least
    one (fewest passed first, ``rows`` at each end) and a note linking the full list."""
    doam = audit.doam
    total = max(len(doam), 1)
    summary = pd.DataFrame(
        {
            "test": [name.capitalize() for name in DOAM_TESTS],
            "rule": list(DOAM_TESTS.values()),
            "passed": [int(doam[name].sum()) for name in DOAM_TESTS],
        }
    )
    summary["share"] = summary["passed"] / total
    first = format_table(
        summary,
        integer=["passed"],
        percent=["share"],
        labels={
            "test": "DOAM test",
            "rule": "Rule",
            "passed": "Benefits passing",
            "share": "Share",
        },
        caption=f"MSP's DOAM tests on {len(doam):,} benefits",
    )
    gaps = doam.loc[doam["doam_passed"] < len(DOAM_TESTS)]
    shown = top_and_bottom(
        gaps[["benefit_id", "project_id", "name", "doam_passed", "doam_gaps"]],
        rows,
        by="doam_passed",
        ascending=True,
        what="benefits with a gap",
        by_label="tests passed",
    )
    second = format_table(
        shown.table,
        integer=["doam_passed"],
        labels={
            "benefit_id": "Benefit",
            "project_id": "Project",
            "name": "Name",
            "doam_passed": "Tests passed (of 4)",
            "doam_gaps": "Fails",
        },
        caption=f"{len(gaps):,} of {len(doam):,} benefits fail at least one DOAM test",
    )
    note = f"<p>{html.escape(shown.note)}{_link(files, '05_doam_per_benefit.csv')}</p>"
    return first, second, HTML(note)


def attribution_table(
    audit: RegisterAudit,
    files: Mapping[str, Path],
    rows: int = 15,
    currency: str | None = None,
) -> HTML:
    """Measures claimed by several projects on one driver whose attributions add up to more
    than 1, largest overclaim first (``2 x rows`` at most), linked to the full list."""
    doubled = audit.double_counting
    if doubled.empty:
        return HTML("<p>No measure is claimed for more than all of it.</p>")
    caption = f"{len(doubled):,} measures claimed for more than all of the change" + (
        f" (the {2 * rows} largest shown)" if len(doubled) > 2 * rows else ""
    )
    shown = doubled.head(2 * rows).assign(
        projects=lambda f: _few(f["projects"]), benefit_ids=lambda f: _few(f["benefit_ids"])
    )
    table = format_table(
        shown,
        money=["planned_total", "overclaimed_value"],
        ratio=["attribution_total"],
        currency=currency,
        short_money=True,
        caption=caption,
        labels={
            "measure": "Measure",
            "projects": "Projects claiming it",
            "benefit_ids": "Benefits",
            "attribution_total": "Attribution claimed (1 = all)",
            "planned_total": "Value claimed",
            "overclaimed_value": "Counted more than once",
        },
    )
    return HTML(table.to_html() + f"<p>{_link(files, '05_double_counting.csv').strip()}</p>")


def delivery_checks(
    audit: RegisterAudit,
    files: Mapping[str, Path],
    rows: int = 15,
    currency: str | None = None,
) -> HTML:
    """Dis-benefits without an owner and benefits realised before their project delivers:
    a short table each (or a sentence when none), linked to the full lists (money short,
    in ``currency``)."""
    parts = []
    for frame, name, what in (
        (
            audit.unowned_dis_benefits,
            "05_unowned_dis_benefits.csv",
            "dis-benefits without an owner",
        ),
        (
            audit.realised_before_delivery,
            "05_realised_before_delivery.csv",
            "benefits realised before their project delivers",
        ),
    ):
        if frame.empty:
            parts.append(f"<p>No {html.escape(what)}.</p>")
            continue
        shown = top_and_bottom(frame, rows, what=what)
        have = set(shown.table.columns)
        table = format_table(
            shown.table,
            money=[c for c in ("planned_total", "value_before") if c in have],
            currency=currency,
            short_money=True,
            integer=[c for c in ("quarters",) if c in have],
            dates=[c for c in ("delivery",) if c in have],
            labels=_LABELS,
            caption=f"{len(frame):,} {what}",
        )
        parts.append(table.to_html())
        parts.append(f"<p>{html.escape(shown.note)}{_link(files, name)}</p>")
    return HTML("".join(parts))


def audit_rules_note() -> HTML:
    """The register-wide rules in plain words, for the handout."""
    return notes_html(
        [
            "DOAM (Managing Successful Programmes): a benefit is described, observable, "
            "attributable and measurable when it meets the rule in the first table.",
            "Double counting: projects claiming the same measure for the same value driver "
            "(compared ignoring case, punctuation and spacing) whose attributions add up to "
            "more than 1 (a blank attribution counts as 1); the part counted more than once "
            "is the value claimed times (1 - 1 / attribution claimed).",
            "Dis-benefits without an owner: a dis-benefit (its type, or a negative plan when the "
            "type is blank) whose responsible owner is blank.",
            "Realised before delivery: realised value reported for a quarter that ends before "
            "the project's finish (actual when closed, forecast otherwise), or before it started.",
        ]
    )


def map_note(bmap: BenefitsMap) -> HTML:
    """How to read the benefits map's values (its grouping rule is the chart's footnote)."""
    grouped = "programmes, " if bmap.aggregated else "projects, benefits, "
    return notes_html(
        [
            f"Columns: {grouped}value drivers and objectives. A benefit's value is its "
            "whole-life plan; a driver or objective shows the net sum of the value flowing "
            "into it.",
            "Benefits without a value driver flow to 'No driver named' and 'No objective': "
            "value nobody has tied to the strategy.",
        ]
    )


def register_exports_note(files: Mapping[str, Path]) -> HTML:
    """Links to the files :func:`export_register` wrote, each with what it holds."""
    items = "".join(
        f"<li>{export_link_html(path)}: {html.escape(REGISTER_EXPORTS.get(name, name))}</li>"
        for name, path in files.items()
    )
    return HTML(f"<p>The register audit, map and Monte Carlo are exported too:</p><ul>{items}</ul>")
