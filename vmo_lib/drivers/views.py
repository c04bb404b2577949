"""The tables and notes notebook 02 shows, ready to display.

Pure reshaping of :mod:`vmo_lib.drivers` results (no new weight is computed here): the tree
as an outline, the weights, the consistency grid, the judgements to take back to their
authors, the agreement within the leadership team and the methods side by side, each with
plain-language column labels (:data:`DISPLAY_LABELS`) and its caption. Every method-dependent
choice of column (a consistency ratio only with AHP) is made here from the result itself.

>>> saaty_text(3.0), saaty_text(1 / 3), saaty_text(1.0)
('3', '1/3', '1')
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

import pandas as pd
from IPython.display import HTML
from pandas.io.formats.style import Styler

from vmo_lib.display.listing import export_link_html
from vmo_lib.display.notes import notes_html
from vmo_lib.display.tables import format_table, write_csv
from vmo_lib.drivers.ahp import CONSISTENCY_LIMIT, AHPResult, ahp, revision_path
from vmo_lib.drivers.methods import METHOD_LABELS, MethodComparison
from vmo_lib.drivers.tree import ROOT, DriverTree
from vmo_lib.drivers.weighting import DriverWeights

__all__ = [
    "DISPLAY_LABELS",
    "GROUP_START",
    "agreement_table",
    "consistency_grid",
    "cr_by_executive",
    "executive_table",
    "export_weights",
    "group_table",
    "methods_table",
    "objectives_by_executive",
    "panel_starts",
    "panel_static",
    "result_html",
    "revisit_table",
    "revisit_view",
    "saaty_text",
    "start_html",
    "tree_table",
    "weight_notes",
    "weights_table",
]

GROUP_START = "Group (geometric mean)"
"""Label of the group's judgements among the live panel's starting points."""

DISPLAY_LABELS: dict[str, str] = {
    "driver_id": "Driver",
    "name": "Name",
    "category": "Kind of value",
    "level": "Level",
    "parent_id": "Parent",
    "description": "What it means",
    "local_weight": "Weight among siblings",
    "global_weight": "Share of total value",
    "ahp": "AHP",
    "points": "Points",
    "rank": "Rank (ROC)",
    "spread": "Largest difference",
    "executive": "Executive",
    "comparing": "Comparing",
    "consistency_ratio": "CR",
    "step": "Step",
    "pair": "Pair to revisit",
    "given": "Said",
    "implied": "Other answers imply",
    "proposed": "Consistent value",
    "cr_after": "CR after the change",
    "executives": "Executives",
    "group_cr": "Group CR",
    "consensus": "Consensus",
    "agreement": "Agreement",
}
"""Plain-language column headers (pass as ``labels`` to ``format_table`` or ``write_csv``)."""

WEIGHT_COLUMNS = ["driver_id", "name", "level", "local_weight", "global_weight"]
EXPORT_COLUMNS = ["driver_id", "name", "level", "parent_id", "local_weight", "global_weight"]


def saaty_text(value: float) -> str:
    """A judgement as people write it: ``3``, ``1/3`` (nearest fraction, denominator <= 9)."""
    return str(Fraction(float(value)).limit_denominator(9))


def _about(ratio: float) -> str:
    """A ratio as a judge reads it: 'about 4.2', 'about 1/10', or 'about 0.83' near 1."""
    if ratio >= 1:
        return f"about {ratio:.1f}"
    return f"about 1/{1 / ratio:.0f}" if ratio <= 0.5 else f"about {ratio:.2f}"


def tree_table(tree: DriverTree, organisation_name: str) -> Styler:
    """The driver tree as an outline (level 0 = objective), for a reader to check it."""
    return format_table(
        tree.outline(),
        integer=["level"],
        labels=DISPLAY_LABELS,
        caption=f"{organisation_name}: value driver tree ({len(tree.objectives)} objectives, "
        f"{len(tree.leaves)} leaf drivers)",
    )


def weights_table(weights: DriverWeights, as_of: str) -> Styler:
    """Every driver's weight among its siblings and its share of total value."""
    return format_table(
        weights.table()[WEIGHT_COLUMNS],
        integer=["level"],
        percent=["local_weight", "global_weight"],
        labels=DISPLAY_LABELS,
        caption=f"Driver weights by {METHOD_LABELS[weights.method]} ({as_of})",
    )


def weight_notes(weights: DriverWeights) -> HTML:
    """The fallbacks behind the weights (sibling sets nobody weighted), or that there were none."""
    return notes_html(
        list(weights.notes),
        empty="Every set of siblings was weighted by the executives; no weight was assumed.",
    )


def cr_by_executive(weights: DriverWeights, min_size: int = 3) -> pd.DataFrame:
    """Consistency ratios as a grid: one row per sibling set of at least ``min_size`` items
    (smaller sets are always consistent), one column per executive (blank: not judged)."""
    table = weights.consistency
    if table.empty:
        return pd.DataFrame(columns=["comparing"])
    table = table[table["n"] >= min_size]
    grid = table.pivot(index="comparing", columns="executive", values="consistency_ratio")
    executives = list(dict.fromkeys(table["executive"]))
    sets = list(dict.fromkeys(table["comparing"]))
    return grid.reindex(index=sets, columns=executives).reset_index()


def consistency_grid(weights: DriverWeights) -> Styler:
    """:func:`cr_by_executive` as a table, every executive's column read as a ratio."""
    grid = cr_by_executive(weights)
    return format_table(
        grid,
        ratio=[c for c in grid.columns if c != "comparing"],
        labels=DISPLAY_LABELS,
        caption="Consistency ratio of each executive, per set of three or more siblings",
    )


def revisit_table(weights: DriverWeights) -> pd.DataFrame:
    """Flagged judgements as a facilitator takes them back: who, which pairs, what to propose.

    For every executive and sibling set whose CR is above the limit, the changes of
    :func:`~vmo_lib.drivers.revision_path`, one row per step: ``executive``, ``comparing``,
    ``step``, ``pair`` ('A vs B' by name), ``given``, ``implied`` and ``proposed`` as a judge
    writes them (``1/3``), and ``cr_after`` (the CR once this and the earlier steps are made).
    """
    columns = ["executive", "comparing", "step", "pair", "given", "implied", "proposed"]
    columns += ["cr_after"]
    flagged = weights.flagged()
    if flagged.empty:
        return pd.DataFrame(columns=columns)
    tree = weights.tree
    rows = []
    for executive, comparing, parent in zip(
        flagged["executive"].astype(str),
        flagged["comparing"].astype(str),
        flagged["parent"].astype(str),
        strict=True,
    ):
        path = revision_path(ahp(weights.matrices[parent][executive]), weights.consistency_limit)
        for step in path.to_dict("records"):
            rows.append(
                {
                    "executive": executive,
                    "comparing": comparing,
                    "step": step["step"],
                    "pair": f"{tree.name(step['driver_a'])} vs {tree.name(step['driver_b'])}",
                    "given": saaty_text(step["given"]),
                    "implied": _about(step["implied"]),
                    "proposed": saaty_text(step["proposed"]),
                    "cr_after": step["cr_after"],
                }
            )
    return pd.DataFrame(rows, columns=columns)


def revisit_view(weights: DriverWeights) -> Styler | HTML:
    """:func:`revisit_table` as a table, or a note when no judgement is above the limit."""
    limit = weights.consistency_limit
    revisit = revisit_table(weights)
    if revisit.empty:
        return notes_html([f"No executive's judgements exceed a CR of {limit:.2f}."])
    return format_table(
        revisit,
        integer=["step"],
        ratio=["cr_after"],
        labels=DISPLAY_LABELS,
        caption=f"Judgements to take back to their authors (CR above {limit:.2f})",
    )


def group_table(weights: DriverWeights) -> pd.DataFrame:
    """Agreement per sibling set: ``comparing``, ``executives``, ``consensus``, ``agreement``,
    and with AHP the group matrix's ``group_cr``."""
    columns = ["comparing", "executives", "group_cr", "consensus", "agreement"]
    if weights.method != "ahp":
        columns.remove("group_cr")
    return weights.group[columns]


def agreement_table(weights: DriverWeights) -> Styler:
    """:func:`group_table` as a table captioned with the method."""
    return format_table(
        group_table(weights),
        integer=["executives"],
        ratio=["group_cr"] if weights.method == "ahp" else [],
        percent=["consensus"],
        labels=DISPLAY_LABELS,
        caption="Agreement within the leadership team, by set of siblings "
        f"({METHOD_LABELS[weights.method]})",
    )


def executive_table(weights: DriverWeights, parent: str = ROOT) -> pd.DataFrame:
    """Each executive's weights for one sibling set (columns named by driver name), then the
    group's; with AHP, each row's consistency ratio (the group's is its geometric-mean matrix's).
    Empty when nobody weighted the set."""
    people = weights.by_executive.get(parent)
    if people is None or people.empty:
        return pd.DataFrame(columns=["executive"])
    items = list(weights.tree.groups[parent])
    table = people[items].copy()
    table.loc["Group"] = weights.local[items]
    if weights.method == "ahp":
        cr = weights.consistency_of(parent).set_index("executive")["consistency_ratio"]
        group = weights.group.set_index("parent").loc[parent, "group_cr"]
        table["consistency_ratio"] = [*cr.reindex(people.index), group]
    table = table.rename(columns={i: weights.tree.name(i) for i in items})
    return table.rename_axis("executive").reset_index()


def objectives_by_executive(weights: DriverWeights) -> Styler:
    """:func:`executive_table` of the objectives, with the CR column under AHP."""
    ahp_method = weights.method == "ahp"
    return format_table(
        executive_table(weights),
        percent=[weights.tree.name(o) for o in weights.tree.objectives],
        ratio=["consistency_ratio"] if ahp_method else [],
        labels=DISPLAY_LABELS,
        caption="Each executive's weights for the objectives"
        + (", with the consistency ratio (CR) of their judgements" if ahp_method else ""),
    )


def methods_table(comparison: MethodComparison) -> Styler:
    """Each leaf driver's share of total value by every method, and the largest difference
    between two methods in percentage points (a difference of shares is not itself a share:
    16.7 % and 11.4 % differ by 5.3 points)."""
    leaves = comparison.leaves.assign(spread=comparison.leaves["spread"] * 100)
    return format_table(
        leaves,
        percent=list(comparison.results),
        number=["spread"],
        labels={**DISPLAY_LABELS, "spread": "Largest difference (percentage points)"},
        caption="Share of total value of each leaf driver, by method",
    )


def export_weights(weights: DriverWeights, output_dir: str | Path) -> HTML:
    """Write the run's driver weights to ``<output_dir>/02_driver_weights.csv`` (labelled
    columns, atomic, formula-neutralised) and return the sentence linking it."""
    path = write_csv(
        weights.table()[EXPORT_COLUMNS],
        Path(output_dir) / "02_driver_weights.csv",
        labels=DISPLAY_LABELS,
    )
    return HTML("Driver weights of this run, for a spreadsheet: " + export_link_html(path))


def panel_starts(weights: DriverWeights, parent: str = ROOT) -> dict[str, pd.DataFrame]:
    """Starting matrices for the live panel on one sibling set: the group's, then each
    executive's (empty when ``weights`` is not an AHP result or nobody judged the set)."""
    if parent not in weights.group_matrices:
        return {}
    return {GROUP_START: weights.group_matrices[parent], **weights.matrices.get(parent, {})}


def result_html(
    result: AHPResult, names: Mapping[str, str], limit: float = CONSISTENCY_LIMIT
) -> str:
    """Weights as an HTML table (largest first) and the CR with its verdict; text escaped."""
    rows = "".join(
        f"<tr><td style='text-align:left'>{html.escape(names.get(str(i), str(i)))} "
        f"({html.escape(str(i))})</td><td style='text-align:right'>{w:.1%}</td></tr>"
        for i, w in result.weights.sort_values(ascending=False).items()
    )
    cr = result.consistency_ratio
    verdict = (
        "consistent enough to use"
        if cr <= limit
        else "too inconsistent: revisit the judgements before using these weights"
    )
    colour = "#009E73" if cr <= limit else "#D55E00"
    return (
        "<table><thead><tr><th style='text-align:left'>Item</th><th>Weight</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        f"<p style='color:{colour}'><strong>CR = {cr:.3f}</strong> (limit {limit:.2f}): "
        f"{verdict}. λmax = {result.lambda_max:.3f} for {result.size} items.</p>"
    )


def start_html(
    starts: Mapping[str, pd.DataFrame],
    names: Mapping[str, str],
    limit: float = CONSISTENCY_LIMIT,
) -> HTML:
    """What the live panel shows before anyone moves a slider (the first start matrix, the
    group's judgements), for a handout: a short intro, the weights and the CR."""
    first = next(iter(starts))
    intro = (
        f"<p>Weights and consistency of the judgements '{html.escape(first)}' (in "
        "JupyterLab, a slider for each pair lets you change them and watch both move):</p>"
    )
    return HTML(intro + result_html(ahp(starts[first]), names, limit))


def panel_static(weights: DriverWeights, parent: str = ROOT) -> HTML:
    """:func:`start_html` for one sibling set of AHP ``weights``: the static stand-in of
    :func:`vmo_lib.drivers.widgets.sibling_panel` in a handout."""
    return start_html(panel_starts(weights, parent), weights.tree.names, weights.consistency_limit)
