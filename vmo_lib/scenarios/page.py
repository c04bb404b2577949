"""The comparison page and the decision log of ``vmo scenarios``.

``DIR/index.html`` sets the scenarios side by side (budget, value, cost, projects funded,
binding limits, how far proven, and the weight-sampling uncertainty recorded by each
scenario's notebook 04 handout where it ran), lists the projects whose decision differs
between scenarios, draws the frontiers together and links each scenario's handout. Every
text from the dataset or the scenario file is escaped (tables through
:func:`~vmo_lib.display.tables.format_table`, the rest with :func:`html.escape`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from vmo_lib.atomic import write_atomically
from vmo_lib.display.listing import top_and_bottom
from vmo_lib.display.tables import format_table, write_csv
from vmo_lib.portfolio.scenario import ScenarioOutcome

__all__ = ["comparison_table", "decision_differences", "write_comparison", "write_log"]

_STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}"
    "table{border-collapse:collapse;font-size:0.85em}td,th{border:1px solid #ccc;padding:3px 6px}"
    "img{max-width:100%}"
)


def handout_records(out: Path | None, slug: str) -> dict[str, Any] | None:
    """The figures recorded by a scenario's notebook 04 handout (None when it was not built)."""
    from vmo_lib.notebook.record import read_records

    path = None if out is None else out / "handouts" / slug / "04_portfolio_reranking.ipynb"
    return dict(read_records(path)) if path is not None and path.exists() else None


def _uncertainty(records: dict[str, Any] | None) -> str:
    """Core / out counts under sampled weights, from the handout's robustness analysis."""
    if records is None:
        return "not computed (handout not built)"
    if "core_ids" not in records:
        return "not recorded by the handout"
    core, out = len(records["core_ids"]), len(records.get("out_ids", ()))
    return f"{core} core, {out} out under sampled weights"


def comparison_table(outcomes: Sequence[ScenarioOutcome], out: Path | None = None) -> pd.DataFrame:
    """One row per scenario: what it funds and what limits it (uncertainty from the handouts
    under ``out``, when built)."""
    rows = []
    for o in outcomes:
        from vmo_lib.portfolio.funding.select import status_text

        rows.append(
            {
                "scenario": o.name,
                "budget": o.budget,
                "total_value": o.selection.total_value,
                "total_cost": o.selection.total_cost,
                "n_funded": o.selection.n_selected,
                "deferred": int((_delays(o) > 0).sum()),
                "binding": "; ".join(o.selection.binding) or "none",
                "proven": status_text(o.selection),
                "uncertainty": _uncertainty(handout_records(out, _slug(o.name))),
                "note": o.note or "constraints held",
            }
        )
    return pd.DataFrame(rows)


def decision_differences(outcomes: Sequence[ScenarioOutcome]) -> pd.DataFrame:
    """Projects whose decision differs between scenarios: one column per scenario with
    "fund", "fund, starts N later" or "-" (index project id, sorted)."""
    columns = {}
    for o in outcomes:
        delay = _delays(o)
        funded = o.selection.funded.to_numpy(bool)
        words = np.where(delay > 0, [f"fund, starts {d} later" for d in delay], "fund")
        columns[o.name] = pd.Series(np.where(funded, words, "-"), index=o.selection.funded.index)
    frame = pd.DataFrame(columns).fillna("-")
    differs = frame.nunique(axis=1) > 1
    out = frame[differs].sort_index()
    out.index.name = "project_id"
    return out.reset_index()


def _delays(outcome: ScenarioOutcome) -> np.ndarray:
    """Periods each project starts late (0 when on time or not funded)."""
    delay = outcome.selection.start_delay
    if delay is None:
        return np.zeros(len(outcome.selection.funded), int)
    return delay.reindex(outcome.selection.funded.index).fillna(0).to_numpy(dtype=int)


def _slug(name: str) -> str:
    from vmo_lib.pipeline.handouts import slugify

    return slugify(name)


def write_comparison(
    out: Path, scenarios: Sequence[Any], outcomes: Sequence[ScenarioOutcome], report: Any = None
) -> Path:
    """Write ``out/index.html`` (and ``frontiers.png``); returns the page's path."""
    from vmo_lib.display.theme import set_theme
    from vmo_lib.portfolio.charts import scenario_frontiers_chart

    set_theme()
    table = comparison_table(outcomes, out if report is not None else None)
    differ = []
    for o in outcomes:
        records = handout_records(out, _slug(o.name)) if report is not None else None
        funded = (
            records.get("funded_ids_within_capacity", records.get("funded_ids"))
            if records
            else None
        )
        if funded is not None and set(funded) != set(o.selection.selected):
            differ.append(o.name)
    links = []
    for s in scenarios:
        href = f"handouts/{s.team.slug}/04_portfolio_reranking.html"
        exists = report is not None and (out / href).exists()
        name = html.escape(s.team.name)
        links.append(
            f'<li><a href="{html.escape(href)}">{name}</a></li>'
            if exists
            else f"<li>{name}: handout not built</li>"
        )
    fig = scenario_frontiers_chart(
        {o.name: o.frontier for o in outcomes},
        {o.name: (o.selection.total_cost, o.selection.total_value) for o in outcomes},
    )
    write_atomically(
        out / "frontiers.png",
        lambda tmp: fig.savefig(tmp, format="png", dpi=110, bbox_inches="tight"),
    )
    differences = decision_differences(outcomes)
    write_csv(differences, out / "decision_differences.csv", {"project_id": "Project"})
    shown = top_and_bottom(differences, what="projects whose decision differs")
    first = outcomes[0].prepared
    data_date = html.escape(str(first.settings["as_of"]))
    parts = [
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Funding scenarios side by "
        f"side</title><style>{_STYLE}</style></head><body>",
        "<h1>Funding scenarios side by side</h1>",
        f"<p>{len(outcomes)} scenarios of notebook 04's funding decision, data as of "
        f"{data_date}. Each decision is the most valuable portfolio within its budget and "
        "limits (scarce resources included when the data has them), solved exactly.</p>",
        format_table(
            table,
            money=["budget", "total_cost"],
            number=["total_value"],
            integer=["n_funded", "deferred"],
            short_money=True,
            labels={
                "scenario": "Scenario",
                "budget": "Budget",
                "total_value": "Value",
                "total_cost": "Cost",
                "n_funded": "Projects funded",
                "deferred": "Starts deferred",
                "binding": "Binding limits",
                "proven": "How far proven",
                "uncertainty": "Uncertainty (weights)",
                "note": "Constraints",
            },
            caption="The scenarios side by side (value: sum of value scores)",
        ).to_html(),
        (
            "<p>Note: the linked handouts of "
            + html.escape(", ".join(differ))
            + " fund a different set than this page (which decides with each scenario's "
            "scarce resources and deferred starts).</p>"
            if differ
            else ""
        ),
        "<h2>Projects whose decision differs</h2>",
        format_table(shown.table, caption="Decision per scenario (- = not funded)").to_html()
        + (f"<p>{html.escape(shown.note)} Full list: " if shown.truncated else "<p>Full list: ")
        + "<a href='decision_differences.csv'>decision_differences.csv</a>.</p>"
        if len(differences)
        else "<p>Every scenario takes the same decision on every project.</p>",
        "<h2>Frontiers together</h2>",
        "<img src='frontiers.png' alt='Efficient frontier of each scenario, with its chosen "
        "portfolio marked'>",
        "<p>Rule: each line is the most value the scenario's limits allow at each budget "
        "(10% to 150% of its own budget, deferred starts not used); the large marker is the "
        "scenario's decision.</p>",
        "<h2>Handouts</h2><ul>" + "".join(links) + "</ul>",
        "<p>Decision log: <a href='decision_log/'>decision_log/</a> (CSV and Excel).</p>",
        "</body></html>",
    ]
    page = out / "index.html"
    write_atomically(page, lambda tmp: tmp.write_text("\n".join(parts), encoding="utf-8"))
    return page


def write_log(out: Path, scenario: Any, outcome: ScenarioOutcome) -> tuple[Path, ...]:
    """The decision log of the chosen scenario in ``out/decision_log/``."""
    from vmo_lib.portfolio.decision_log import data_fingerprint, decision_log, write_decision_log

    log = decision_log(
        outcome.explanation,
        outcome.prepared.ranking.candidates,
        {
            **scenario.settings,
            "capacity": scenario.team.typed.get("capacity")
            or scenario.team.text.get("capacity", ""),
            "max_deferral": scenario.max_deferral,
        },
        scenario=scenario.team.name,
        data_date=str(scenario.settings["as_of"]),
        data_hash=data_fingerprint(scenario.data),
    )
    return write_decision_log(log, out / "decision_log", scenario.team.slug)
