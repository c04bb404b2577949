"""An editable PowerPoint deck from an executed notebook: the same run as its HTML handout.

Why: steering committees read slides. A deck built by hand from a handout is retyped, goes
stale and loses the link to the data; this one is built from the executed notebook itself, so
its figures are the handout's, and every shape stays editable (native text and tables, charts
as pictures with their alt text).

The deck (:func:`build_deck`):

1. a title slide: the notebook's title, the organisation and the data date;
2. the headline figures: the values the notebook recorded (:func:`read_figures`), headline
   ones first, as a native table;
3. one slide per chart: the picture (the PNG the notebook displayed) under its one-line
   message, the first sentence of its alt text (the figure's title); the whole alt text goes
   into the picture's description and the speaker notes;
4. the key tables (those with a caption) as native PowerPoint tables, top rows only, with a
   line saying how many rows the full table has;
5. a closing "decisions to take" slide: the notebook's own list (notebook metadata
   ``vmo.decisions``) or the questions this module holds for each notebook, to be edited.

What the handout hides (parameters, cells tagged ``remove-cell`` or ``hide``, recorded values)
the deck hides too. With ``template`` (a .pptx of the organisation), the slides use its
masters and layouts ("Title Slide", "Title Only", "Title and Content", or the closest
layouts it has); slides already in the template are left out.
"""

from __future__ import annotations

import ast
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from vmo_lib.atomic import write_atomically
from vmo_lib.errors import VmoError
from vmo_lib.notebook.record import Figure, is_record_output, read_figures
from vmo_lib.pipeline.html import HIDDEN_TAGS, notebook_heading

__all__ = [
    "DECISIONS",
    "DeckChart",
    "DeckContent",
    "DeckError",
    "DeckTable",
    "build_deck",
    "deck_content",
    "run_parameters",
    "write_deck",
]

#: Closing-slide questions per notebook (file stem), used when the notebook's metadata
#: ``vmo.decisions`` gives none. Short, editable prompts for the steering committee.
DECISIONS: dict[str, tuple[str, ...]] = {
    "00_portfolio_baseline": (
        "Which projects over budget or late need a recovery plan, and who owns each plan?",
        "Which reported statuses (RAG) do the cost and schedule figures contradict?",
        "Which projects must record a promised benefit and an owner before the next review?",
    ),
    "01_pmo_gap_analysis": (
        "Which two or three roadmap moves does the PMO start this quarter?",
        "Who sponsors the move from PMO to VMO, and with what budget and staff?",
        "Which skills gaps are closed by training, and which by hiring?",
    ),
    "02_value_drivers": (
        "Does leadership endorse these driver weights as the basis for ranking projects?",
        "Where executives disagree most, who settles it, and by when?",
        "Which drivers need a clearer definition or measure before the next cycle?",
    ),
    "03_kpi_design": (
        "Which draft KPIs are retired, merged or rewritten?",
        "Which value drivers still lack a value KPI, and who will define one?",
        "Who owns each KPI's data, and how often is it reported?",
    ),
    "04_portfolio_reranking": (
        "Which projects are funded, which are fixed, and which are stopped?",
        "Is the budget line of the funded set accepted, or is it revisited?",
        "Which decisions hold under other weights, and which need a closer look first?",
    ),
    "05_value_realization": (
        "Which benefits at risk get a recovery plan, and from which owner?",
        "Which forecasts are accepted, and which are re-baselined with the business?",
        "Which benefits without evidence must be measured before they are counted?",
    ),
}
_GENERIC_DECISIONS = (
    "What do we decide on the basis of these figures?",
    "Who owns each action, and by when?",
    "What do we need to know before the next review?",
)
#: Most rows of a key table shown on its slide, and most columns.
TABLE_ROWS = 8
TABLE_COLUMNS = 7
#: Header of a key-figures table (``format_key_figures``), whose values the figures slide has.
KEY_FIGURE_HEADER = ("Figure", "Value")
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
class DeckTable:
    """A key table: caption, header, the top rows shown and the full table's row count."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total_rows: int


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
        tables=tuple(_tables(outputs))[:max_tables],
        decisions=_decisions(nb, stem),
        skipped=tuple(
            f.label or f.name.split(":", 1)[-1] for f in recorded.values() if _skip_note(f)
        ),
    )


def build_deck(content: DeckContent, path: str | Path, template: str | Path | None = None) -> Path:
    """Write the deck of ``content`` to ``path`` (atomically) and return the path."""
    from pptx import Presentation

    if template is not None and not Path(template).is_file():
        raise DeckError(f"PowerPoint template {template}: no such file")
    try:
        prs = Presentation(str(template)) if template is not None else Presentation()
    except Exception as exc:  # python-pptx raises several kinds for a bad file
        raise DeckError(f"PowerPoint template {template}: not a .pptx file ({exc})") from exc
    _drop_slides(prs)
    _title_slide(prs, content)
    if content.figures:
        _table_slide(
            prs,
            "Headline figures" + (f": {content.organisation}" if content.organisation else ""),
            ("Figure", "Value"),
            content.figures[:FIGURE_ROWS],
            note=_rows_note(len(content.figures), FIGURE_ROWS, "figures"),
        )
    for chart in content.charts:
        _chart_slide(prs, chart)
    for table in content.tables:
        _table_slide(
            prs,
            table.caption,
            table.header,
            table.rows,
            note=_rows_note(table.total_rows, len(table.rows), "rows"),
        )
    _bullet_slide(prs, "Decisions to take", content.decisions, content.skipped)
    return write_atomically(path, lambda tmp: prs.save(str(tmp)))


def write_deck(
    executed: str | Path,
    path: str | Path,
    template: str | Path | None = None,
    **settings: Any,
) -> Path:
    """The deck of the executed notebook at ``executed``, written to ``path``."""
    return build_deck(deck_content(executed, **settings), path, template)


# --- reading the executed notebook -------------------------------------------------------


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
    return tuple((f.label or f.name.replace("_", " "), _figure_text(f, currency)) for f in shown)


def _figure_text(figure: Figure, currency: str | None) -> str:
    from vmo_lib.display import tables

    value = figure.value
    if value is None:
        return tables.NA_TEXT
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    match figure.unit:
        case "percent":
            return tables.percent_text(value)
        case "money":
            return tables.money_short_text(value, currency)
        case "ratio" | "level":
            return tables.ratio_text(value)
        case "count":
            return tables.integer_text(value)
        case _:
            return tables.integer_text(value) if float(value).is_integer() else f"{value:,.2f}"


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
    """The figure's title: alt text starts with it (see ``describe_figure``)."""
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return (match.group(1) if match else text).rstrip(".").strip()


def _tables(outputs: Sequence[Mapping[str, Any]]) -> Iterable[DeckTable]:
    for output in outputs:
        html = output.get("data", {}).get("text/html")
        if not html:
            continue
        html = "".join(html) if isinstance(html, list) else str(html)
        if "<table" not in html:
            continue
        for parsed in _parse_tables(html):
            # key-figure tables (Figure | Value) repeat the headline figures: left out
            if parsed.caption and parsed.header and parsed.header != KEY_FIGURE_HEADER:
                yield parsed


class _TableParser(HTMLParser):
    """The tables of an HTML fragment: caption, header row and body rows as plain text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict[str, Any]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._caption: list[str] | None = None
        self._section = "body"
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        elif tag == "table":
            self.tables.append({"caption": "", "head": [], "body": []})
        elif not self.tables:
            return
        elif tag == "caption":
            self._caption = []
        elif tag == "thead":
            self._section = "head"
        elif tag == "tbody":
            self._section = "body"
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip = max(self._skip - 1, 0)
        elif not self.tables:
            return
        elif tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if any(self._row):
                self.tables[-1]["head" if self._section == "head" else "body"].append(self._row)
            self._row = None
        elif tag == "thead":
            self._section = "body"

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


def _parse_tables(html: str) -> list[DeckTable]:
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    found = []
    for table in parser.tables:
        header = table["head"][-1] if table["head"] else []
        rows = table["body"]
        if not header and rows:
            header, rows = rows[0], rows[1:]
        width = min(len(header), TABLE_COLUMNS)
        found.append(
            DeckTable(
                caption=table["caption"],
                header=tuple(header[:width]),
                rows=tuple(tuple((r + [""] * width)[:width]) for r in rows[:TABLE_ROWS]),
                total_rows=len(rows),
            )
        )
    return found


def _decisions(nb: Mapping[str, Any], stem: str | None) -> tuple[str, ...]:
    given = nb.get("metadata", {}).get("vmo", {}).get("decisions")
    if isinstance(given, list) and given:
        return tuple(str(item) for item in given)
    return DECISIONS.get(stem or "", _GENERIC_DECISIONS)


def _rows_note(total: int, shown: int, what: str) -> str:
    if total <= shown:
        return ""
    return f"Top {shown} of {total} {what}; the full table is in the handout and its export."


# --- writing the slides --------------------------------------------------------------------


def _drop_slides(prs: Any) -> None:
    """Remove the template's own slides, keeping its masters and layouts."""
    slide_ids = prs.slides._sldIdLst
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)


def _layout(prs: Any, name: str, fallback: int) -> Any:
    layouts = list(prs.slide_layouts)
    for layout in layouts:
        if layout.name.strip().lower() == name.lower():
            return layout
    return layouts[min(fallback, len(layouts) - 1)]


def _set_title(slide: Any, text: str) -> None:
    if slide.shapes.title is not None:
        slide.shapes.title.text = text
    else:  # a layout without a title placeholder: a text box at the top
        from pptx.util import Inches

        box = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(9), Inches(0.8))
        box.text_frame.text = text


def _remove_empty_placeholders(slide: Any) -> None:
    for shape in list(slide.placeholders):
        if shape.placeholder_format.idx != 0 and not (
            shape.has_text_frame and shape.text_frame.text.strip()
        ):
            shape._element.getparent().remove(shape._element)


def _title_slide(prs: Any, content: DeckContent) -> None:
    slide = prs.slides.add_slide(_layout(prs, "Title Slide", 0))
    _set_title(slide, content.title)
    lines = [content.organisation, f"Data as of {content.data_date}" if content.data_date else ""]
    subtitle = "\n".join(line for line in lines if line)
    body = [p for p in slide.placeholders if p.placeholder_format.idx != 0]
    if body and body[0].has_text_frame:
        body[0].text_frame.text = subtitle
    else:
        _text_box(prs, slide, subtitle, top_share=0.6)
    _remove_empty_placeholders(slide)


def _content_box(prs: Any) -> tuple[int, int, int, int]:
    """Left, top, width, height (EMU) of the area below the title."""
    width, height = prs.slide_width, prs.slide_height
    left, top = int(width * 0.05), int(height * 0.2)
    return left, top, int(width * 0.9), int(height * 0.72)


def _chart_slide(prs: Any, chart: DeckChart) -> None:
    from pptx.parts.image import Image

    slide = prs.slides.add_slide(_layout(prs, "Title Only", 5))
    _set_title(slide, chart.message)
    left, top, width, height = _content_box(prs)
    pixels_w, pixels_h = Image.from_blob(chart.png).size
    scale = min(width / pixels_w, height / pixels_h)
    shown_w, shown_h = int(pixels_w * scale), int(pixels_h * scale)
    picture = slide.shapes.add_picture(
        io.BytesIO(chart.png), left + (width - shown_w) // 2, top, shown_w, shown_h
    )
    picture._element.nvPicPr.cNvPr.set("descr", chart.alt_text)
    slide.notes_slide.notes_text_frame.text = chart.alt_text
    _remove_empty_placeholders(slide)


def _table_slide(
    prs: Any,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    note: str = "",
) -> None:
    from pptx.util import Pt

    slide = prs.slides.add_slide(_layout(prs, "Title Only", 5))
    _set_title(slide, title)
    left, top, width, _ = _content_box(prs)
    row_height = int(Pt(24))
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), left, top, width, row_height * (len(rows) + 1)
    )
    table = shape.table
    for column, text in enumerate(header):
        _cell_text(table.cell(0, column), text, bold=True)
    for r, row in enumerate(rows, start=1):
        for column, text in enumerate(row):
            _cell_text(table.cell(r, column), text)
    if note:
        _text_box(prs, slide, note, top_share=0.93, size=11)
    _remove_empty_placeholders(slide)


def _cell_text(cell: Any, text: str, bold: bool = False) -> None:
    from pptx.util import Pt

    cell.text = text
    for paragraph in cell.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(12)
            run.font.bold = bold


def _bullet_slide(prs: Any, title: str, items: Sequence[str], skipped: Sequence[str]) -> None:
    slide = prs.slides.add_slide(_layout(prs, "Title and Content", 1))
    _set_title(slide, title)
    lines = list(items)
    if skipped:
        lines.append("Not analysed for lack of data: " + ", ".join(skipped) + ".")
    body = [p for p in slide.placeholders if p.placeholder_format.idx != 0 and p.has_text_frame]
    if body:
        frame = body[0].text_frame
        frame.text = lines[0] if lines else ""
        for line in lines[1:]:
            frame.add_paragraph().text = line
    else:
        _text_box(prs, slide, "\n".join(lines), top_share=0.2)
    _remove_empty_placeholders(slide)


def _text_box(prs: Any, slide: Any, text: str, top_share: float, size: int = 18) -> None:
    from pptx.util import Pt

    width, height = prs.slide_width, prs.slide_height
    box = slide.shapes.add_textbox(
        int(width * 0.05), int(height * top_share), int(width * 0.9), int(height * 0.06)
    )
    box.text_frame.word_wrap = True
    box.text_frame.text = text
    for paragraph in box.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(size)
