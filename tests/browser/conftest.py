"""Browser tests: headless Chromium driven by Playwright, skipped where Chromium is missing.

Chromium is the system one (``VMO_CHROMIUM`` or ``chromium`` on ``PATH``, see
:func:`vmo_lib.pipeline.pdf.find_chromium`); Playwright never downloads a browser here. The
handout builds are made once per session (the one on the bundled data is the session's shared
default build, see ``notebook_run`` in ``tests/conftest.py``, which kernel tests read too);
screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import vmo
from notebook_runs import SessionRuns, browser_skip_reason
from payloads import ORGANISATION, write_payload_dataset

from vmo_lib.paths import WORKBOOK_ROOT
from vmo_lib.pipeline.pdf import find_chromium

#: Where screenshots of the pages the tests looked at are kept (gitignored).
ARTIFACTS = WORKBOOK_ROOT / "test-artifacts" / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder ``browser``, so ``-m "not browser"`` leaves them out."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: needs headless Chromium (tests/browser)")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep each phase's report on the test, so fixtures can tell whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium() -> Path:
    """The system Chromium; skips the browser tests, saying why, when there is none (or no
    Playwright)."""
    reason = browser_skip_reason()
    if reason is not None:
        pytest.skip(reason)
    return find_chromium()


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[object]:
    """One headless Chromium per test module (closed before the next module's tests run)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(chromium))
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """The screenshot folder, emptied of an earlier session's ``failed-*`` files."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stale in ARTIFACTS.glob("failed-*"):
        stale.unlink()
    return ARTIFACTS


@pytest.fixture(scope="session")
def handouts(chromium: Path, notebook_run: SessionRuns) -> Path:
    """``vmo handouts --pdf`` on the bundled case study: the folder of the build, shared with
    the kernel tests that read a notebook's run with the defaults (``notebook_run``)."""
    assert notebook_run.pdf, "the session's shared build is made without PDFs"
    return notebook_run.default_build()


@pytest.fixture(scope="session")
def payload_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated dataset with an HTML/JavaScript payload in every text field."""
    return write_payload_dataset(tmp_path_factory.mktemp("payloads") / "acme")


@pytest.fixture(scope="session")
def payload_handouts(
    chromium: Path, payload_dataset: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """``vmo handouts`` on the payload dataset, with a payload as the organisation name."""
    out = tmp_path_factory.mktemp("browser-xss") / "reports"
    status, stdout, stderr = vmo(
        "handouts", "--data", payload_dataset, "-p", "organisation_name", ORGANISATION, "--out", out
    )
    assert status == 0, stdout + stderr
    return out
