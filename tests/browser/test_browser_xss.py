"""Handouts of a dataset whose text fields carry HTML and JavaScript: nothing runs, all reads.

Every payload (see ``payloads.PAYLOADS``) would set ``window.__xss`` or open a dialog if a
page rendered it as HTML. The handouts must show it as the text the dataset holds instead.
"""

from __future__ import annotations

import pytest
from browsing import PageLog, words
from payloads import ORGANISATION, PAYLOADS

from vmo_lib.paths import NOTEBOOKS_DIR
from vmo_lib.pipeline.handouts import discover_notebooks

PAGES = [p.stem for p in discover_notebooks(NOTEBOOKS_DIR)] + ["index"]


@pytest.mark.parametrize("stem", PAGES)
def test_no_payload_runs_in_a_handout(stem, browser, payload_handouts, artifacts):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    log = PageLog().watch(page)
    page.goto((payload_handouts / f"{stem}.html").as_uri(), wait_until="load")
    try:
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy content, if any
        page.wait_for_timeout(200)  # let onerror/onload handlers of injected elements fire
        fired = page.evaluate("typeof window.__xss === 'undefined' ? null : window.__xss")
        shown = words(page.inner_text("body"))
        injected = page.evaluate(
            "document.querySelectorAll('body script, body iframe, body svg, body details').length"
        )
        page.screenshot(path=artifacts / f"xss-{stem}.png", full_page=True)
    finally:
        page.close()
    assert fired is None, f"payload {fired} ran in {stem}.html"
    assert log.dialogs == [] and log.page_errors == []
    assert injected == 0, f"{stem}.html holds elements that came from the data"
    assert log.outside_requests() == []
    if stem == "index":
        return
    assert words(ORGANISATION) in shown, "the organisation name is not shown as text"
    visible = [p for p in PAYLOADS if words(p) in shown]
    assert visible, f"{stem}.html shows none of the payloads as text"
