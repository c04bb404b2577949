"""What a page did while a test looked at it, what a printed PDF holds, and small helpers.

:class:`PageLog` records a page's console errors, uncaught exceptions, dialogs and every
request it made. :func:`pdf_pages` reads a PDF's page sizes and text with pypdf, or with
``pdftotext`` for the text when pypdf is missing (the sizes are then read from the file's
``/MediaBox`` entries, which Chromium writes uncompressed).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from vmo_lib.cli import main

#: URL schemes a self-contained page may load: its own file and embedded data.
LOCAL_SCHEMES = ("file", "data", "blob", "about")
#: A4 in PostScript points (210 mm × 297 mm).
A4_POINTS = (595.28, 841.89)


@dataclass
class PageLog:
    """Everything a page reported while open; attach with :meth:`watch` before loading."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def watch(self, page) -> PageLog:
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("dialog", self._dialog)
        return self

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def outside_requests(self, allowed_hosts: tuple[str, ...] = ()) -> list[str]:
        """Requests to anything but the page's own files (or ``allowed_hosts``)."""
        return [
            url
            for url in self.requests
            if urlparse(url).scheme not in LOCAL_SCHEMES
            and urlparse(url).hostname not in allowed_hosts
        ]


@dataclass(frozen=True)
class PdfPages:
    """Page sizes (width, height in points) and text (``None`` when no reader is available)."""

    sizes: tuple[tuple[float, float], ...]
    text: str | None


def pdf_pages(path: Path) -> PdfPages:
    """The page sizes and extracted text of the PDF at ``path``."""
    try:
        import pypdf
    except ImportError:
        return PdfPages(_media_boxes(path.read_bytes()), _pdftotext(path))
    reader = pypdf.PdfReader(path)
    sizes = tuple((float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages)
    return PdfPages(sizes, "\n".join(p.extract_text() or "" for p in reader.pages))


def _media_boxes(data: bytes) -> tuple[tuple[float, float], ...]:
    number = rb"(-?[0-9.]+)"
    pattern = rb"/MediaBox\s*\[\s*" + rb"\s+".join([number] * 4) + rb"\s*\]"
    boxes = re.findall(pattern, data)
    return tuple((float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes)


def _pdftotext(path: Path) -> str | None:
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    done = subprocess.run([tool, "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


def words(text: str) -> str:
    """``text`` with every run of white space made one space, for robust comparisons."""
    return " ".join(text.split())


def vmo(*args: object) -> tuple[int, str, str]:
    """Run the ``vmo`` command in-process; return its status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in args])
    return status, out.getvalue(), err.getvalue()


def failed(request) -> bool:
    """Whether the test using the fixture ``request`` belongs to has failed."""
    report = getattr(request.node, "report_call", None)
    return report is None or report.failed
