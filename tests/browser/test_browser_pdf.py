"""``vmo handouts --pdf``: where Chromium is missing it says how to get it, before any run.

The A4 checks of the PDFs themselves are in ``test_browser_handouts.py``; here, the messages
and the fallback that prints without Playwright (Chromium's own ``--print-to-pdf``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from browsing import pdf_pages, vmo

from vmo_lib.pipeline.pdf import ChromiumNotFoundError, find_chromium, print_pdfs

FIXTURES = Path(__file__).parents[1] / "fixtures" / "notebooks"


def test_missing_chromium_is_one_line_saying_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("VMO_CHROMIUM", str(tmp_path / "no-such-browser"))
    status, stdout, stderr = vmo("handouts", "--pdf", "--out", tmp_path / "reports")
    assert status == 2 and stdout == ""
    assert stderr.count("\n") == 1 and "apt-get install chromium" in stderr
    assert "VMO_CHROMIUM=" in stderr
    assert not (tmp_path / "reports").exists(), "the build ran although it could not print"


def test_no_browser_on_the_path_names_the_package(tmp_path):
    with pytest.raises(ChromiumNotFoundError, match="apt-get install chromium"):
        find_chromium({"PATH": str(tmp_path)})


def test_chromium_named_by_the_variable_wins(tmp_path):
    browser = tmp_path / "my-chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    assert find_chromium({"VMO_CHROMIUM": str(browser), "PATH": ""}) == browser


def test_prints_without_playwright(chromium, handouts, tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_text((handouts / "index.html").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import now fails
    assert print_pdfs([page], chromium) == (page.with_suffix(".pdf"),)
    printed = pdf_pages(page.with_suffix(".pdf"))
    assert len(printed.sizes) >= 1
    assert sorted(tmp_path.iterdir()) == [page, page.with_suffix(".pdf")], "temporary files left"
    if printed.text is not None:
        assert "Facilitator handouts" in " ".join(printed.text.split())


def test_pdfs_are_published_with_the_build_and_linked_from_the_index(handouts):
    import json

    index = (handouts / "index.html").read_text(encoding="utf-8")
    runs = json.loads((handouts / "manifest.json").read_text(encoding="utf-8"))["runs"]
    printed = [r for r in runs if r["status"] == "ok"]
    assert printed and all(r["pdf"] == r["html"].replace(".html", ".pdf") for r in printed)
    for run in printed:
        assert (handouts / run["pdf"]).read_bytes().startswith(b"%PDF")
        assert f'href="{run["pdf"]}">(PDF)</a>' in index


def test_a_failed_print_leaves_the_previous_handouts(
    chromium, tmp_path, tmp_path_factory, monkeypatch
):
    """Which notebooks the build runs does not matter here: one small fixture notebook."""
    from vmo_lib.pipeline import pdf

    sequence = tmp_path_factory.mktemp("sequence")
    shutil.copy(FIXTURES / "00_figures.ipynb", sequence / "00_figures.ipynb")
    out = tmp_path / "reports"
    out.mkdir()
    (out / "index.html").write_text("previous build", encoding="utf-8")
    (out / "manifest.json").write_text("{}", encoding="utf-8")  # marks a handout build

    def broken(pages, chromium=None):
        raise pdf.PdfError("cannot print 00_portfolio_baseline.html: out of paper")

    monkeypatch.setattr(pdf, "print_pdfs", broken)
    status, _, stderr = vmo(
        "handouts", "--notebooks", sequence, "--pdf", "--out", out, "--jobs", "1"
    )
    assert status == 1 and "out of paper" in stderr and "left as it was" in stderr
    assert (out / "index.html").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]  # no staging left
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "manifest.json"]
