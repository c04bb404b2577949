"""The notebooks in JupyterLab, run from the Run menu with live widgets, in headless Chromium.

One Lab server serves a temporary copy of the notebooks (see :mod:`lab`). A tiny fixture
notebook (``fixtures/widget_panel.ipynb``) proves the harness: its panel ranks three options
by a weight slider, so moving the slider to its maximum must put a known option first.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from browsing import PageLog, failed, words
from lab import LabServer, error_outputs, run_all, wait_idle
from payloads import ORGANISATION, PAYLOADS

from vmo_lib.paths import NOTEBOOKS_DIR

FIXTURE = Path(__file__).parent / "fixtures" / "widget_panel.ipynb"
#: Notebooks whose live widget panels are checked; skipped while a notebook does not exist.
PANEL_NOTEBOOKS = ["02_value_drivers", "04_portfolio_reranking"]
#: Notebook run on the payload dataset (a copy whose parameters cell points at it).
PAYLOAD_NOTEBOOK = "00_portfolio_baseline"

#: What a panel shows, besides its controls: output text, HTML and table text, plot images.
PANEL_STATE = """cells => cells.flatMap(cell => [
    ...cell.querySelectorAll('.widget-output, .widget-html-content, .widget-output table')
].map(e => e.innerText).concat(
    [...cell.querySelectorAll('.widget-output img')].map(i => i.src.length + i.src.slice(-80))
))"""


def _parameters(source: str, values: dict[str, str]) -> str:
    """``source`` of a parameters cell with the defaults of ``values`` replaced."""
    for name, value in values.items():
        pattern = re.compile(rf"^({name}\s*:\s*[^=]+=\s*)[^#\n]*?(\s*#.*)?$", re.MULTILINE)
        source, count = pattern.subn(lambda m, v=value: f"{m[1]}{v!r}{m[2] or ''}", source)
        assert count == 1, f"no parameter {name} in the parameters cell"
    return source


@pytest.fixture(scope="module")
def lab(chromium, payload_dataset, tmp_path_factory):
    """One JupyterLab for this module, on a copy of the notebooks and the fixture notebook."""
    import nbformat

    base = tmp_path_factory.mktemp("lab")
    root = base / "notebooks"
    root.mkdir()
    for notebook in NOTEBOOKS_DIR.glob("*.ipynb"):
        shutil.copy(notebook, root)
    shutil.copy(FIXTURE, root)
    notebook = nbformat.read(NOTEBOOKS_DIR / f"{PAYLOAD_NOTEBOOK}.ipynb", as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = _parameters(
        cell.source, {"data": str(payload_dataset), "organisation_name": ORGANISATION}
    )
    nbformat.write(notebook, root / "payloads.ipynb")
    with LabServer(root, base / "home") as server:
        yield server
    assert server.leftover == [], "kernels were still running after the server stopped"


@pytest.fixture
def page(browser, lab, artifacts, request):
    """A fresh browser tab with a :class:`PageLog` attached (``page.log``).

    When the test fails, a screenshot of the tab and the end of Lab's log are kept in the
    artefacts folder as ``failed-<test>.png`` / ``.log``.
    """
    tab = browser.new_page(viewport={"width": 1300, "height": 1000})
    tab.log = PageLog().watch(tab)
    yield tab
    if failed(request):
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        tab.screenshot(path=artifacts / f"failed-{name}.png", full_page=True)
        (artifacts / f"failed-{name}.log").write_text(
            "\n".join([*tab.log.console_errors, lab.log.read_text()[-5000:]])
        )
    tab.close()


def _weight_slider(page):
    """The first slider labelled with 'weight', else the first slider of the notebook."""
    sliders = page.locator(".jp-OutputArea-output .widget-slider")
    labelled = sliders.filter(
        has=page.locator(".widget-label", has_text=re.compile("weight", re.I))
    )
    chosen = labelled.first if labelled.count() else sliders.first
    return chosen.locator("[role=slider]").first


def _move(slider) -> None:
    """Move the slider with the keyboard: to its maximum, or to its minimum if already there."""
    slider.scroll_into_view_if_needed()
    slider.focus()
    at_max = slider.get_attribute("aria-valuenow") == slider.get_attribute("aria-valuemax")
    slider.press("Home" if at_max else "End")


def _panel_state(page) -> list[str]:
    return page.eval_on_selector_all(".jp-Cell:has(.widget-slider)", PANEL_STATE)


def _assert_no_errors(page, stem: str) -> None:
    errors = "\n".join(error_outputs(page))
    assert not errors, f"{stem}: a cell shows an error or a warning:\n{errors}"


def _check_clean(page, stem: str) -> None:
    _assert_no_errors(page, stem)
    assert page.log.page_errors == [] and page.log.dialogs == []
    assert page.log.outside_requests(("127.0.0.1",)) == [], f"{stem}: requests outside Lab"


def test_harness_moves_a_live_slider(page, lab, artifacts):
    run_all(page, lab, FIXTURE.name)
    _assert_no_errors(page, FIXTURE.stem)
    page.wait_for_selector(".widget-slider", timeout=30_000)
    output = page.locator(".jp-Cell:has(.widget-slider) .widget-output")
    assert words(output.inner_text()) == "1. Alpha (7) 2. Gamma (5) 3. Beta (3)"
    _move(_weight_slider(page))
    page.wait_for_function(
        "() => document.querySelector('.widget-output').innerText.includes('Beta (10)')",
        timeout=15_000,
    )
    assert words(output.inner_text()) == "1. Beta (10) 2. Gamma (5) 3. Alpha (0)"
    page.screenshot(path=artifacts / "lab-widget_panel.png")
    _check_clean(page, FIXTURE.stem)


@pytest.mark.parametrize("stem", PANEL_NOTEBOOKS)
def test_panels_are_live_and_follow_the_sliders(stem, page, lab, artifacts):
    if not (NOTEBOOKS_DIR / f"{stem}.ipynb").is_file():
        pytest.skip(f"notebooks/{stem}.ipynb does not exist yet")
    run_all(page, lab, f"{stem}.ipynb")
    _assert_no_errors(page, stem)
    page.wait_for_selector(".jp-OutputArea-output .widget-slider", timeout=60_000)
    assert page.locator(".jp-OutputArea-output .jupyter-widgets").count() > 1
    before = _panel_state(page)
    _move(_weight_slider(page))
    page.wait_for_function(
        f"before => JSON.stringify(({PANEL_STATE})("
        "[...document.querySelectorAll('.jp-Cell:has(.widget-slider)')])) !== before",
        arg=json.dumps(before),
        timeout=30_000,
    )
    wait_idle(page)  # the change seen may be a step of the redraw: compare the final state
    assert _panel_state(page) != before
    page.screenshot(path=artifacts / f"lab-{stem}.png", full_page=True)
    _check_clean(page, stem)


def test_payloads_do_not_run_in_lab_outputs(page, lab, artifacts):
    run_all(page, lab, "payloads.ipynb")
    _assert_no_errors(page, "payloads")
    page.wait_for_timeout(500)  # let onerror/onload handlers of any injected element fire
    fired = page.evaluate("typeof window.__xss === 'undefined' ? null : window.__xss")
    shown = words(" ".join(page.locator(".jp-OutputArea").all_inner_texts()))
    page.screenshot(path=artifacts / "lab-payloads.png", full_page=True)
    assert fired is None, f"payload {fired} ran in JupyterLab"
    _check_clean(page, "payloads")
    assert any(words(p) in shown for p in PAYLOADS), "no payload is shown as text"
