"""Turn an executed notebook into a facilitator handout.

A handout is the notebook exported with the ``vmo_handout`` nbconvert template (``lab`` plus a
title block, print CSS and no external scripts), after :func:`prepare_for_handout` has removed
what a facilitator should not see: the parameters and injected-parameters cells, cells tagged
``remove-cell``/``hide``, recorded values, stderr streams and (unless asked) the code. A table
of contents is then built from the headings of the rendered page, so every link points to an
id the page really has. The index page of a build is :mod:`vmo_lib.pipeline.index_page`
(its names are re-exported here for existing imports).
"""

from __future__ import annotations

import copy
import functools
import html
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vmo_lib.notebook.record import is_record_output
from vmo_lib.pipeline.index_page import (
    IndexEntry,
    IndexSet,
    figures,
    format_figure,
    render_index,
    skipped_analyses,
)

if TYPE_CHECKING:
    from nbconvert import HTMLExporter

__all__ = [
    "HIDDEN_TAGS",
    "TEMPLATES",
    "Heading",
    "IndexEntry",
    "IndexSet",
    "ParameterRow",
    "TitleBlock",
    "export_handout",
    "figures",
    "format_figure",
    "handout_exporter",
    "insert_toc",
    "notebook_heading",
    "prepare_for_handout",
    "read_headings",
    "render_index",
    "skipped_analyses",
]

#: Folder holding the nbconvert template ``vmo_handout`` and the index template.
TEMPLATES = Path(__file__).parent / "templates"
HANDOUT_TEMPLATE = "vmo_handout"
#: Cells carrying one of these tags never appear in a handout.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell", "hide"})
TOC_MARKER = "<!-- vmo:toc -->"
_TOC_LEVELS = ("h1", "h2", "h3")


@dataclass(frozen=True)
class ParameterRow:
    """One line of the title block's parameter table (values already formatted as text)."""

    name: str
    value: str
    default: str
    changed: bool


@dataclass(frozen=True)
class TitleBlock:
    """What a handout's title block states about the run. All fields are plain text."""

    heading: str
    organisation: str
    dataset: str
    run_date: str
    version: str
    parameters: tuple[ParameterRow, ...] = ()
    failure: str | None = None


@dataclass(frozen=True)
class Heading:
    """A heading of the rendered page that the table of contents links to."""

    level: int
    anchor: str
    text: str


def prepare_for_handout(nb: Any, *, with_code: bool = False) -> Any:
    """A copy of ``nb`` with what a handout must not show removed.

    Without code, code cells left with no outputs are dropped too, so they leave no gaps.
    """
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb.cells:
        if HIDDEN_TAGS.intersection(cell.get("metadata", {}).get("tags", [])):
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.outputs if _shown(o)]
            if not with_code and not cell.outputs:
                continue
        cells.append(cell)
    nb.cells = cells
    return nb


def _shown(output: Mapping[str, Any]) -> bool:
    if output.get("output_type") == "stream" and output.get("name") == "stderr":
        return False
    return not is_record_output(output)


@functools.cache
def handout_exporter(*, with_code: bool) -> HTMLExporter:
    """The HTML exporter for handouts, built and compiled once per process."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=HANDOUT_TEMPLATE,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=not with_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    _ = exporter.template  # compile now, not on the first export
    return exporter


def export_handout(nb: Any, title: TitleBlock, *, with_code: bool = False) -> str:
    """Render an executed notebook as a handout page (a complete HTML document)."""
    exporter = handout_exporter(with_code=with_code)
    resources = {
        "metadata": {"name": f"{title.heading} | {title.organisation}"},
        "vmo": asdict(title),
    }
    body, _ = exporter.from_notebook_node(prepare_for_handout(nb, with_code=with_code), resources)
    return insert_toc(body)


def notebook_heading(nb: Mapping[str, Any]) -> str | None:
    """The text of the notebook's first level-1 markdown heading, if any."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        match = re.search(r"^#\s+(.+?)\s*#*\s*$", text, flags=re.MULTILINE)
        if match:
            return match.group(1)
    return None


class _HeadingParser(HTMLParser):
    """Collect h1-h3 elements that carry an id, with their visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[Heading] = []
        self._open: tuple[int, str] | None = None
        self._text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _TOC_LEVELS and values.get("id"):
            self._open, self._text = (int(tag[1]), str(values["id"])), []
        elif self._open and tag == "a" and "anchor-link" in (values.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == "a" and self._skip:
            self._skip -= 1
        elif self._open and tag == f"h{self._open[0]}":
            text = " ".join("".join(self._text).split())
            self.headings.append(Heading(self._open[0], self._open[1], text))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open and not self._skip:
            self._text.append(data)


def read_headings(page: str) -> tuple[Heading, ...]:
    """The h1-h3 headings with an id in a rendered page, in document order."""
    parser = _HeadingParser()
    parser.feed(page)
    parser.close()
    return tuple(h for h in parser.headings if h.text)


def insert_toc(page: str) -> str:
    """Replace the template's table-of-contents marker with links to the page's headings."""
    headings = read_headings(page.split(TOC_MARKER, 1)[-1])
    if any(h.level > 1 for h in headings):  # the level-1 title is already in the title block
        headings = tuple(h for h in headings if h.level > 1)
    if not headings:
        return page.replace(TOC_MARKER, "", 1)
    top = min(h.level for h in headings)
    items = "\n".join(
        f'<li class="vmo-toc-{min(h.level - top + 1, 3)}">'
        f'<a href="#{html.escape(h.anchor, quote=True)}">{html.escape(h.text)}</a></li>'
        for h in headings
    )
    nav = (
        f'<nav class="vmo-toc" aria-label="Contents"><h2>Contents</h2>\n<ol>\n{items}\n</ol></nav>'
    )
    return page.replace(TOC_MARKER, nav, 1)
