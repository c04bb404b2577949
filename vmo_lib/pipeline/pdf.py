"""Print HTML handouts to A4 PDF with headless Chromium (``vmo handouts --pdf``).

Why: facilitators hand out paper and e-mail PDFs; printing from a browser by hand gives a
different result on every machine. Here the same headless Chromium prints every handout of a
build to ``<stem>.pdf`` beside ``<stem>.html``, on A4 paper with backgrounds, each file written
atomically (:mod:`vmo_lib.atomic`). ``vmo handouts --pdf`` prints into the build's staging
folder, so the PDFs are published (and linked from the index) together with the HTML.

Chromium is found through ``VMO_CHROMIUM`` (a path to the executable) or on ``PATH``
(``chromium``, ``chromium-browser``, ``google-chrome``). It is driven through Playwright when
that is installed (a dev dependency: it sets the paper size and margins exactly, and prints
every page with one browser); otherwise through Chromium's own ``--print-to-pdf``, which uses
the browser's default paper (A4 outside North American locales). No browser is ever downloaded.

Example
-------
>>> from vmo_lib.pipeline.pdf import find_chromium, print_pdfs
>>> print_pdfs([Path("reports/00_portfolio_baseline.html")], find_chromium())  # doctest: +SKIP
(PosixPath('reports/00_portfolio_baseline.pdf'), ...)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vmo_lib.atomic import write_atomically
from vmo_lib.errors import VmoError

if TYPE_CHECKING:
    from playwright.sync_api import PdfMargins

__all__ = [
    "CHROMIUM_VARIABLE",
    "INSTALL_HINT",
    "ChromiumNotFoundError",
    "PdfError",
    "find_chromium",
    "pdf_path",
    "print_pdfs",
]

#: Environment variable naming the Chromium (or Chrome) executable to use.
CHROMIUM_VARIABLE = "VMO_CHROMIUM"
#: Executables looked up on ``PATH`` when ``VMO_CHROMIUM`` is not set, in this order.
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = (
    "install it (Debian/Ubuntu: `apt-get install chromium`) "
    f"or set {CHROMIUM_VARIABLE}=/path/to/chromium"
)
#: Page margins of the PDF handouts (CSS lengths).
MARGINS: PdfMargins = {"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"}
#: Seconds one page may take to load and print before the run is abandoned.
TIMEOUT = 120


class ChromiumNotFoundError(VmoError, RuntimeError):
    """No usable Chromium executable; the message says how to install or point to one."""


class PdfError(VmoError, RuntimeError):
    """Chromium was found but could not print a handout; the message names the file."""


def find_chromium(environ: Mapping[str, str] | None = None) -> Path:
    """The Chromium executable: ``VMO_CHROMIUM`` if set, else the first on ``PATH``.

    Raises :class:`ChromiumNotFoundError` with a one-line hint when there is none, or when
    ``VMO_CHROMIUM`` names something that is not an executable file.
    """
    environ = os.environ if environ is None else environ
    chosen = environ.get(CHROMIUM_VARIABLE, "").strip()
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise ChromiumNotFoundError(
                f"{CHROMIUM_VARIABLE}={chosen} is not an executable file; {INSTALL_HINT}"
            )
        return Path(found)
    for name in CANDIDATES:
        found = shutil.which(name, path=environ.get("PATH"))
        if found:
            return Path(found)
    raise ChromiumNotFoundError(f"PDF handouts need headless Chromium, not found: {INSTALL_HINT}")


def pdf_path(html: Path) -> Path:
    """Where the PDF of ``html`` goes: the same folder and stem, suffix ``.pdf``."""
    return Path(html).with_suffix(".pdf")


def print_pdfs(pages: Sequence[Path], chromium: Path | None = None) -> tuple[Path, ...]:
    """Print each HTML file of ``pages`` to an A4 PDF beside it; return the PDF paths.

    Raises :class:`ChromiumNotFoundError` (no browser) or :class:`PdfError` (a page did not
    print). A PDF already written stays; the one being written when it fails is not left
    half-written.
    """
    chromium = chromium or find_chromium()
    pages = [Path(p).resolve() for p in pages]
    if not pages:
        return ()
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return tuple(_print_with_cli(chromium, page) for page in pages)
    return _print_with_playwright(chromium, pages)


def _print_with_playwright(chromium: Path, pages: Sequence[Path]) -> tuple[Path, ...]:
    from playwright.sync_api import Error, sync_playwright

    written = []
    with sync_playwright() as driver:
        try:
            browser = driver.chromium.launch(executable_path=str(chromium), timeout=TIMEOUT * 1000)
        except Error as exc:
            raise PdfError(f"cannot start {chromium}: {_first_line(exc)}") from None
        try:
            page = browser.new_page()
            for html in pages:
                try:
                    page.goto(html.as_uri(), wait_until="load", timeout=TIMEOUT * 1000)
                    data = page.pdf(format="A4", print_background=True, margin=MARGINS)
                except Error as exc:
                    raise PdfError(f"cannot print {html}: {_first_line(exc)}") from None
                target = write_atomically(pdf_path(html), _bytes_writer(data))
                written.append(target)
        finally:
            browser.close()
    return tuple(written)


def _print_with_cli(chromium: Path, html: Path) -> Path:
    """Print one page with ``chromium --headless --print-to-pdf`` (no Playwright needed)."""

    def write(tmp: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="vmo-chromium-") as profile:
            command = [
                str(chromium),
                "--headless",
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                "--print-to-pdf-no-header",
                f"--print-to-pdf={tmp}",
                *(["--no-sandbox"] if _is_root() else []),
                html.as_uri(),
            ]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                raise PdfError(f"cannot print {html}: no result within {TIMEOUT} s") from None
        if done.returncode != 0 or not tmp.read_bytes().startswith(b"%PDF"):
            raise PdfError(f"cannot print {html}: {chromium} exited with {done.returncode}")

    return write_atomically(pdf_path(html), write)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _bytes_writer(data: bytes) -> Callable[[Path], object]:
    """A writer for :func:`~vmo_lib.atomic.write_atomically` that writes ``data``."""
    return lambda tmp: tmp.write_bytes(data)
