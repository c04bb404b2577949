"""Editable PowerPoint decks from an executed notebook (issue 19), opened with python-pptx."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Inches

from vmo_lib.display.tables import format_key_figures, format_table
from vmo_lib.notebook.record import RECORD_MIME
from vmo_lib.pipeline.decks import (
    DECISIONS,
    TABLE_ROWS,
    DeckError,
    build_deck,
    deck_content,
    run_parameters,
    write_deck,
    write_decks,
)


def _png(title: str) -> str:
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.bar(["A", "B"], [1, 2])
    ax.set_title(title)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def _image(title: str, alt: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output(
        "display_data",
        data={"image/png": _png(title), "text/plain": "<Figure>"},
        metadata={"image/png": {"alt": alt}},
    )


def _html(html: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data={"text/html": html, "text/plain": ""})


def _record(name: str, value: object, label: str, unit: str, headline: bool = False):
    payload = {"name": name, "value": value, "label": label, "unit": unit}
    if headline:
        payload["headline"] = True
    return nbformat.v4.new_output("display_data", data={RECORD_MIME: payload, "text/plain": ""})


def _code(outputs, tags=()):
    cell = nbformat.v4.new_code_cell("pass", outputs=outputs)
    cell.metadata["tags"] = list(tags)
    return cell


@pytest.fixture
def executed(tmp_path):
    """An executed notebook as the pipeline leaves it: parameters, injected values, two
    charts, a hidden chart, a key table of 12 rows, a key-figures table and records."""
    projects = pd.DataFrame(
        {
            "project_id": [f"P-{i:02d}" for i in range(1, 13)],
            "cpi": [0.8 + i / 100 for i in range(12)],
        }
    )
    parameters = nbformat.v4.new_code_cell(
        'organisation_name: str = "Default Ltd"  # name\nas_of: str = "2026-09-30"  # date\n'
        'currency: str = "EUR"  # currency'
    )
    parameters.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell(
        '# Parameters\norganisation_name = "Northwind Traders"\ncurrency = "GBP"\n'
    )
    injected.metadata["tags"] = ["injected-parameters"]
    key_figures = format_key_figures([], caption="Settings behind the figures").to_html()
    cells = [
        nbformat.v4.new_markdown_cell("# Where the PMO stands today\n\nIntro."),
        parameters,
        injected,
        _code([_image("Secret", "Setup chart. Not for the deck.")], tags=["remove-cell"]),
        _code(
            [_image("Budget against forecast", "Budget against forecast per project. Bar chart.")]
        ),
        _code(
            [
                _html(format_table(projects, ratio=["cpi"], caption="CPI by project").to_html()),
                _html(key_figures),
                _html('<ul class="vmo-notes"><li>A note, not a table.</li></ul>'),
            ]
        ),
        _code([_image("Slip", "How late projects finish. Histogram; x axis: days.")]),
        _code(
            [
                _record("on_budget_share", 0.375, "On budget", "percent"),
                _record("eac_total", 12_500_000, "Forecast cost", "money", headline=True),
                _record("skipped:Roadmap", "pmo_assessment", "Roadmap", "text"),
                _record("exported_files", ["a.csv"], "Files", "text"),
            ],
            tags=["remove-cell"],
        ),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    path = tmp_path / "00_portfolio_baseline.ipynb"
    nbformat.write(nb, path)
    return path


def _texts(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_deck_has_title_figures_charts_tables_and_decisions(executed, tmp_path):
    path = write_deck(executed, tmp_path / "deck.pptx")
    slides = list(Presentation(str(path)).slides)
    # title, figures, 2 charts (the hidden one left out), 1 key table, decisions
    assert len(slides) == 6
    assert "Where the PMO stands today" in _texts(slides[0])
    assert "Northwind Traders" in _texts(slides[0])  # injected value, not the default
    assert "2026-09-30" in _texts(slides[0])  # default kept where nothing was injected
    figures = next(s for s in slides[1].shapes if s.has_table).table
    assert [figures.cell(r, 0).text for r in range(3)] == ["Figure", "Forecast cost", "On budget"]
    assert figures.cell(1, 1).text == "GBP 12.50M"  # money in the run's currency, headline first
    assert figures.cell(2, 1).text == "37.5%"
    pictures = [[s for s in slide.shapes if s.shape_type == 13] for slide in slides]
    assert [len(p) for p in pictures] == [0, 0, 1, 1, 0, 0]
    assert slides[2].shapes.title.text == "Budget against forecast per project"
    assert slides[3].shapes.title.text == "How late projects finish"
    descr = pictures[3][0]._element.nvPicPr.cNvPr.get("descr")
    assert descr == "How late projects finish. Histogram; x axis: days."
    assert "Histogram" in slides[3].notes_slide.notes_text_frame.text
    table_slide = slides[4]
    assert table_slide.shapes.title.text == "CPI by project"
    table = next(s for s in table_slide.shapes if s.has_table).table
    assert len(table.rows) == TABLE_ROWS + 1 and table.cell(1, 0).text == "P-01"
    assert f"Top {TABLE_ROWS} of 12 rows" in _texts(table_slide)
    closing = _texts(slides[5])
    assert "Decisions to take" in slides[5].shapes.title.text
    assert DECISIONS["00_portfolio_baseline"][0] in closing
    assert "Not analysed for lack of data: Roadmap." in closing
    # no empty placeholder ("Click to add text") left on any slide
    for slide in slides:
        for shape in slide.placeholders:
            assert shape.text_frame.text.strip()
    assert [p.name for p in tmp_path.iterdir() if p.suffix != ".ipynb"] == ["deck.pptx"]


def test_settings_override_the_run_and_notebook_decisions_win(executed, tmp_path):
    nb = nbformat.read(executed, 4)
    nb.metadata["vmo"] = {"decisions": ["Stop project P-07?"]}
    nbformat.write(nb, executed)
    content = deck_content(executed, organisation="Contoso", max_charts=1)
    assert content.organisation == "Contoso" and len(content.charts) == 1
    assert content.decisions == ("Stop project P-07?",)
    assert run_parameters(nb)["currency"] == "GBP"
    assert content.slide_count == 5


def test_template_master_is_used_and_its_slides_left_out(executed, tmp_path):
    template = Presentation()
    template.slide_width, template.slide_height = Inches(10), Inches(7.5)  # 4:3 master
    layout = template.slide_layouts[0]
    layout.name = "Title Slide"
    template.slides.add_slide(layout).shapes.title.text = "Template sample slide"
    template_path = tmp_path / "acme.pptx"
    template.save(str(template_path))
    deck = Presentation(str(build_deck(deck_content(executed), tmp_path / "d.pptx", template_path)))
    assert deck.slide_width == Inches(10) and deck.slide_height == Inches(7.5)
    assert len(deck.slides) == 6
    assert all("Template sample slide" not in _texts(s) for s in deck.slides)
    for slide in deck.slides:  # every shape inside the slide
        for shape in slide.shapes:
            assert shape.left + shape.width <= deck.slide_width
            assert shape.top + shape.height <= deck.slide_height


def test_bad_template_is_a_clear_error(executed, tmp_path):
    bad = tmp_path / "not_a_deck.pptx"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(DeckError, match=r"not a \.pptx file"):
        write_deck(executed, tmp_path / "d.pptx", template=bad)
    with pytest.raises(DeckError, match="no such file"):
        write_deck(executed, tmp_path / "d.pptx", template=tmp_path / "missing.pptx")
    assert not (tmp_path / "d.pptx").exists()


def test_write_decks_writes_one_deck_per_run_and_checks_the_template_first(executed, tmp_path):
    second = tmp_path / "team_b" / "00_portfolio_baseline.ipynb"
    second.parent.mkdir()
    second.write_bytes(executed.read_bytes())
    pairs = [(executed, tmp_path / "a.pptx"), (second, second.with_suffix(".pptx"))]
    with pytest.raises(DeckError, match="no such file"):
        write_decks(pairs, template=tmp_path / "missing.pptx")
    assert not (tmp_path / "a.pptx").exists()
    written = write_decks(pairs)
    assert written == [tmp_path / "a.pptx", second.with_suffix(".pptx")]
    assert all(len(Presentation(str(p)).slides) == 6 for p in written)
