"""Writing the deck with python-pptx: title, figures, chart, table and closing slides, in the
organisation's template when one is given (its masters and layouts; its own slides dropped)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from vmo_lib.atomic import write_atomically
from vmo_lib.pipeline.decks.content import (
    FIGURE_ROWS,
    DeckChart,
    DeckContent,
    DeckError,
    deck_content,
)

__all__ = ["build_deck", "open_template", "write_deck", "write_decks"]


def build_deck(content: DeckContent, path: str | Path, template: str | Path | None = None) -> Path:
    """Write the deck of ``content`` to ``path`` (atomically) and return the path."""
    prs = open_template(template)
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
        # a long caption ("... in flight. Showing the 15 highest ...") titles the slide with
        # its first sentence; the rest goes under the table
        title, _, rest = table.caption.partition(". ")
        note = " ".join(
            t for t in (rest, _rows_note(table.total_rows, len(table.rows), "rows")) if t
        )
        _table_slide(prs, title, table.header, table.rows, note=note)
    _bullet_slide(prs, "Decisions to take", content.decisions, content.skipped)
    return write_atomically(path, lambda tmp: prs.save(str(tmp)))


def open_template(template: str | Path | None) -> Any:
    """A new presentation: the organisation's ``template`` (a .pptx), or python-pptx's default.

    Raises :class:`DeckError` for a missing file or one that is not a PowerPoint file, so a
    command can check ``--pptx-template`` before anything runs.
    """
    from pptx import Presentation

    if template is None:
        return Presentation()
    if not Path(template).is_file():
        raise DeckError(f"PowerPoint template {template}: no such file")
    try:
        return Presentation(str(template))
    except Exception as exc:  # python-pptx raises several kinds for a bad file
        raise DeckError(f"PowerPoint template {template}: not a .pptx file ({exc})") from exc


def write_deck(
    executed: str | Path,
    path: str | Path,
    template: str | Path | None = None,
    **settings: Any,
) -> Path:
    """The deck of the executed notebook at ``executed``, written to ``path``."""
    return build_deck(deck_content(executed, **settings), path, template)


def write_decks(
    runs: Iterable[tuple[str | Path, str | Path]], template: str | Path | None = None
) -> list[Path]:
    """One deck per (executed notebook, deck path) pair, e.g. each handout's ``.pptx`` beside
    its ``.html`` in a build. The template is checked once, before any deck is written."""
    open_template(template)
    return [write_deck(executed, path, template) for executed, path in runs]


def _rows_note(total: int, shown: int, what: str) -> str:
    if total <= shown:
        return ""
    return f"Top {shown} of {total} {what}; the full table is in the handout and its export."


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
