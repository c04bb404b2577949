"""`vmo handouts --pptx` and `vmo run --pptx`: decks built from the same executed notebooks as
the handouts, inside the atomic build, listed in the manifest and linked from the index."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Inches

from vmo_lib.cli import main
from vmo_lib.pipeline.decks import deck_content

pytestmark = pytest.mark.kernel  # every test here runs a notebook (except the usage one)

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"


def _vmo(*args: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in args])
    return status, out.getvalue(), err.getvalue()


def _sequence(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "00_figures.ipynb", folder / "00_figures.ipynb")
    return folder


def _texts(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_handouts_pptx_writes_a_deck_per_handout_in_the_build(tmp_path):
    notebooks, out = _sequence(tmp_path / "nb"), tmp_path / "reports"
    status, stdout, stderr = _vmo(
        "handouts", "--notebooks", notebooks, "--out", out, "--pptx",
        "-p", "organisation_name", "Northwind Traders", "--jobs", "1",
    )  # fmt: skip
    assert status == 0, stderr
    assert "PowerPoint decks" in stdout
    deck = out / "00_figures.pptx"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["runs"][0]["pptx"] == "00_figures.pptx"
    assert 'href="00_figures.pptx">(PowerPoint)</a>' in (out / "index.html").read_text()
    slides = list(Presentation(str(deck)).slides)
    expected = deck_content(out / "00_figures.ipynb")  # the same executed notebook
    assert len(slides) == expected.slide_count
    assert "Portfolio figures" in _texts(slides[0]) and "Northwind Traders" in _texts(slides[0])
    pictures = [s for slide in slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == len(expected.charts) >= 1
    assert slides[2].shapes.title.text == "Budget by project"
    assert any(s.has_table for s in slides[1].shapes)  # the recorded figures, as a table


def test_run_pptx_template_uses_the_organisations_master(tmp_path):
    notebooks, out = _sequence(tmp_path / "nb"), tmp_path / "run"
    template = Presentation()
    template.slide_width, template.slide_height = Inches(10), Inches(7.5)
    template.save(str(tmp_path / "acme.pptx"))
    status, stdout, stderr = _vmo(
        "run", "00_figures", "--notebooks", notebooks, "--out", out,
        "--pptx-template", tmp_path / "acme.pptx",
    )  # fmt: skip
    assert status == 0, stderr
    deck = Presentation(str(out / "00_figures.pptx"))
    assert str(out / "00_figures.pptx") in stdout
    assert (deck.slide_width, deck.slide_height) == (Inches(10), Inches(7.5))


@pytest.mark.parametrize("command", ["run", "handouts"])
def test_missing_template_is_refused_before_anything_runs(tmp_path, command):
    notebooks, out = _sequence(tmp_path / "nb"), tmp_path / "out"
    target = ["00_figures"] if command == "run" else []
    status, _, stderr = _vmo(
        command, *target, "--notebooks", notebooks, "--out", out,
        "--pptx-template", tmp_path / "nope.pptx",
    )  # fmt: skip
    assert status == 2 and "--pptx-template" in stderr and "no such file" in stderr
    assert not out.exists()


def test_template_that_is_not_a_deck_is_refused_before_anything_runs(tmp_path):
    notebooks, out = _sequence(tmp_path / "nb"), tmp_path / "out"
    (tmp_path / "notes.pptx").write_text("not a deck", encoding="utf-8")
    status, _, stderr = _vmo(
        "handouts", "--notebooks", notebooks, "--out", out,
        "--pptx-template", tmp_path / "notes.pptx",
    )  # fmt: skip
    assert status == 2 and "not a .pptx file" in stderr
    assert not out.exists()
