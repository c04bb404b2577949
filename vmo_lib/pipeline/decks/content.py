"""What a deck shows, read from an executed notebook: title, run settings, recorded figures,
charts (PNG and alt text) and key tables, leaving out what the handout hides."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vmo_lib.errors import VmoError
from vmo_lib.notebook.record import Figure, is_record_output, read_figures
from vmo_lib.pipeline.decks.decisions import decisions_for
from vmo_lib.pipeline.decks.tables import DeckTable, key_tables
from vmo_lib.pipeline.html import HIDDEN_TAGS, notebook_heading
from vmo_lib.pipeline.index_page import figure_text

__all__ = [
    "FIGURE_ROWS",
    "DeckChart",
    "DeckContent",
    "DeckError",
    "deck_content",
    "run_parameters",
]

#: Most headline figures on the figures slide.
FIGURE_ROWS = 10


class DeckError(VmoError, ValueError):
    """A deck cannot be built: an unreadable notebook or template."""


@dataclass(frozen=True)
class DeckChart:
    """A chart of the notebook: its PNG, one-line message and full alt text."""

    message: str
    alt_text: str
    png: bytes


@dataclass(frozen=True)
class DeckContent:
    """Everything a deck shows, read from one executed notebook (see :func:`deck_content`)."""

    title: str
    organisation: str
    data_date: str
    figures: tuple[tuple[str, str], ...]
    charts: tuple[DeckChart, ...]
    tables: tuple[DeckTable, ...]
    decisions: tuple[str, ...]
    skipped: tuple[str, ...] = field(default_factory=tuple)

    @property
    def slide_count(self) -> int:
        """Slides :func:`build_deck` makes: title, figures (if any), charts, tables, closing."""
        return 2 + bool(self.figures) + len(self.charts) + len(self.tables)


def deck_content(
    nb: Mapping[str, Any] | str | Path,
    *,
    stem: str | None = None,
    organisation: str | None = None,
    data_date: str | None = None,
    currency: str | None = None,
    max_charts: int = 12,
    max_tables: int = 6,
) -> DeckContent:
    """What the deck of an executed notebook shows.

    ``organisation``, ``data_date`` and ``currency`` default to the run's own parameters
    (``organisation_name``, ``as_of``, ``currency``: the injected values, else the notebook's
    defaults). Charts and tables come in notebook order, at most ``max_charts`` and
    ``max_tables`` (tables without a caption are not key tables and are left out).
    """
    if isinstance(nb, str | Path):
        stem = stem or Path(nb).stem
        nb = _read_notebook(Path(nb))
    settings = run_parameters(nb)
    money = currency or _text(settings.get("currency")) or None
    visible = [cell for cell in nb.get("cells", []) if _shown(cell)]
    outputs = [o for cell in visible for o in cell.get("outputs", []) if not is_record_output(o)]
    recorded = read_figures(nb)
    return DeckContent(
        title=notebook_heading(nb) or (stem or "Notebook"),
        organisation=organisation or _text(settings.get("organisation_name")),
        data_date=data_date or _text(settings.get("as_of")),
        figures=_figure_rows(recorded.values(), money),
        charts=tuple(_charts(outputs))[:max_charts],
        tables=tuple(key_tables(outputs))[:max_tables],
        decisions=decisions_for(nb, stem),
        skipped=tuple(
            f.label or f.name.split(":", 1)[-1] for f in recorded.values() if _skip_note(f)
        ),
    )


def _read_notebook(path: Path) -> dict[str, Any]:
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise DeckError(f"{path}: cannot read the executed notebook ({exc})") from exc


def run_parameters(nb: Mapping[str, Any]) -> dict[str, object]:
    """The run's parameter values: the notebook's defaults, overridden by the injected ones.

    Only plain assignments of literal values are read (``as_of: Date = "2026-09-30"``).
    """
    values: dict[str, object] = {}
    for tag in ("parameters", "injected-parameters"):
        for cell in nb.get("cells", []):
            if tag in cell.get("metadata", {}).get("tags", []):
                values.update(_literal_assignments(_source(cell)))
    return values


def _literal_assignments(source: str) -> dict[str, object]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    found: dict[str, object] = {}
    for node in tree.body:
        target: ast.expr | None = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and value is not None:
            try:
                found[target.id] = ast.literal_eval(value)
            except ValueError:
                continue
    return found


def _source(cell: Mapping[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _shown(cell: Mapping[str, Any]) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    return cell.get("cell_type") == "code" and not HIDDEN_TAGS.intersection(tags)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _skip_note(figure: Figure) -> bool:
    return figure.name.startswith("skipped:")


def _figure_rows(figures: Iterable[Figure], currency: str | None) -> tuple[tuple[str, str], ...]:
    """(label, formatted value) of the scalar recorded figures, headline ones first."""
    shown = [
        f
        for f in figures
        if not _skip_note(f) and (f.value is None or isinstance(f.value, int | float | str))
    ]
    shown.sort(key=lambda f: not f.headline)
    return tuple((f.label or f.name.replace("_", " "), figure_text(f, currency)) for f in shown)


def _charts(outputs: Sequence[Mapping[str, Any]]) -> Iterable[DeckChart]:
    import base64

    for output in outputs:
        data = output.get("data", {})
        if "image/png" not in data:
            continue
        png = data["image/png"]
        png = "".join(png) if isinstance(png, list) else png
        alt = " ".join(str(output.get("metadata", {}).get("image/png", {}).get("alt", "")).split())
        yield DeckChart(
            message=_first_sentence(alt) or "Chart", alt_text=alt, png=base64.b64decode(png)
        )


def _first_sentence(text: str) -> str:
    """The figure's title: alt text starts with it (see ``describe_figure``), after the
    "Panel 1 of 2: " of a figure with several panels and no overall title.

    >>> _first_sentence("Panel 1 of 2: Which decisions hold. Bar chart; x axis: share.")
    'Which decisions hold'
    """
    text = re.sub(r"^Panel \d+ of \d+: ", "", text)
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return (match.group(1) if match else text).rstrip(".").strip()
