"""Every handout of ``vmo handouts --pdf`` as a reader sees it in Chromium, and as printed.

A handout must be self-contained (no request leaves the file: no CDN script, font or widget
manager), load without console errors, show every figure, and print to readable A4 pages.
A full-page screenshot of each is kept in ``test-artifacts/browser/``.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from browsing import PageLog, pdf_pages, words

from vmo_lib.paths import NOTEBOOKS_DIR
from vmo_lib.pipeline.handouts import discover_notebooks

STEMS = [p.stem for p in discover_notebooks(NOTEBOOKS_DIR)]
#: A4 as Chromium writes it, in points, and the tolerance allowed on each side.
A4 = (595.0, 842.0)
TOLERANCE = 1.0
#: Printable area of a PDF page in CSS pixels (96 per inch): A4 less the margins of
#: vmo_lib.pipeline.pdf.MARGINS (12 mm each side, 14 mm top and bottom).
PRINT_WIDTH_PX = round((210 - 24) / 25.4 * 96)
PRINT_HEIGHT_PX = round((297 - 28) / 25.4 * 96)

FIGURE_STATE = """img => {
    const r = img.getBoundingClientRect();
    const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
    const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
    const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
    return {natural: img.naturalWidth, shown: right > left && bottom > top, onTop: hit === img};
}"""


def _open(browser, path: Path, width: int = 1100):
    page = browser.new_page(viewport={"width": width, "height": 900})
    log = PageLog().watch(page)
    page.goto(path.as_uri(), wait_until="load")
    return page, log


@pytest.mark.parametrize("stem", STEMS)
def test_handout_is_self_contained_and_shows_every_figure(stem, browser, handouts, artifacts):
    page, log = _open(browser, handouts / f"{stem}.html")
    try:
        figures = page.locator("img")
        assert figures.count() > 0, f"{stem}: the handout shows no figure"
        for i in range(figures.count()):
            figure = figures.nth(i)
            figure.scroll_into_view_if_needed()
            state = figure.evaluate(FIGURE_STATE)
            assert state["natural"] > 0, f"{stem}: figure {i + 1} did not load"
            assert state["shown"] and state["onTop"], f"{stem}: figure {i + 1} is hidden"
        page.screenshot(path=artifacts / f"{stem}.png", full_page=True)
    finally:
        page.close()
    assert log.console_errors == [] and log.page_errors == []
    assert log.outside_requests() == [], f"{stem} loads files from outside the handout"
    assert log.dialogs == []


def test_index_links_every_handout(browser, handouts, artifacts):
    page, log = _open(browser, handouts / "index.html")
    try:
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        page.screenshot(path=artifacts / "index.png", full_page=True)
    finally:
        page.close()
    linked = {Path(h.removeprefix("file://")).name for h in links if h.startswith("file:")}
    assert {f"{stem}.html" for stem in STEMS} <= linked
    assert log.console_errors == [] and log.page_errors == [] and log.outside_requests() == []


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_handout_is_readable_a4(stem, browser, handouts):
    html, pdf = handouts / f"{stem}.html", handouts / f"{stem}.pdf"
    assert pdf.is_file(), f"vmo handouts --pdf wrote no {pdf.name}"
    assert list(handouts.glob(".*.tmp")) == [], "temporary files left beside the PDFs"
    printed = pdf_pages(pdf)
    assert printed.sizes, f"{pdf.name} has no pages"
    for number, (width, height) in enumerate(printed.sizes, start=1):
        assert abs(width - A4[0]) <= TOLERANCE and abs(height - A4[1]) <= TOLERANCE, (
            f"{pdf.name} page {number} is {width:.1f} × {height:.1f} pt, not A4"
        )
    # The page laid out at the printable width, cut into printable heights: the expected count.
    page, _ = _open(browser, html, width=PRINT_WIDTH_PX)
    try:
        page.emulate_media(media="print")
        height = page.evaluate("document.documentElement.scrollHeight")
        headings = page.eval_on_selector_all("h1, h2", "hs => hs.map(h => h.innerText)")
    finally:
        page.close()
    expected = math.ceil(height / PRINT_HEIGHT_PX)
    assert 0.6 * expected <= len(printed.sizes) <= 1.6 * expected + 1, (
        f"{pdf.name}: {len(printed.sizes)} pages for a page of {height} px (about {expected})"
    )
    if printed.text is None:
        pytest.skip("page text not checked: neither pypdf nor pdftotext is installed")
    text = words(printed.text)
    missing = [h for h in (words(h.strip(" ¶")) for h in headings) if h and h not in text]
    assert missing == [], f"{pdf.name}: headings not found in the PDF text"
    assert "Harbourline Logistics" in text
