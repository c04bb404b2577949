"""Run a workbook notebook as a user does (``vmo run``) and read what it wrote.

:class:`SessionRuns` shares runs between the tests of a session (the ``notebook_run`` fixture
of ``tests/conftest.py``): tests that need the same notebook on the same data with the same
parameter values read one run, and runs with the defaults on the bundled data can come from
one ``vmo handouts`` build of the whole sequence (the build the browser tests look at).
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from vmo_lib.cli import main


def run_notebook(notebook: str, out: Path, data: str | Path | None = None, **params: str) -> Path:
    """``vmo run NOTEBOOK --out OUT [--data DATA] -p NAME VALUE ...``; fails unless it succeeds."""
    args = ["run", notebook, "--out", str(out)]
    if data is not None:
        args += ["--data", str(data)]
    for name, value in params.items():
        args += ["-p", name, value]
    assert main(args) == 0
    return out


def vmo(*args: object) -> tuple[int, str, str]:
    """Run the ``vmo`` command in-process; return its status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main([str(a) for a in args])
    return status, out.getvalue(), err.getvalue()


def notebook_outputs(notebook: Path) -> list[dict]:
    """Every output of every cell of an executed notebook."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return [output for cell in nb["cells"] for output in cell.get("outputs", [])]


def assert_no_errors(notebook: Path) -> None:
    """No cell raised an error or wrote to stderr."""
    for output in notebook_outputs(notebook):
        assert output.get("output_type") != "error", output
        assert output.get("name") != "stderr", output


def built_notebooks(build: Path) -> list[str]:
    """Stems of the notebooks a handout build ran successfully (``ok`` in its manifest)."""
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    return [Path(r["notebook"]).stem for r in manifest["runs"] if r["status"] == "ok"]


class SessionRuns:
    """Notebook runs shared by the tests of a session: each distinct run executes once.

    Called like :func:`run_notebook` without ``out``; the same notebook, data and parameter
    values return the same output folder. Tests must only read what a shared run wrote.

    A handout build writes each notebook's ``.ipynb``, ``.html`` and ``outputs/<stem>/`` as
    ``vmo run`` does, so :meth:`adopt` registers a build's notebooks as their runs.
    :meth:`default_build` makes the build of the whole sequence on the bundled data with the
    defaults once (``vmo handouts``, with ``--pdf`` if ``pdf``). With ``whole_sequence`` (the
    session looks at that build anyway, as the browser tests do), a run with the defaults on
    the bundled data comes from that build instead of a run of its own.
    """

    def __init__(self, root: Path, *, whole_sequence: bool = False, pdf: bool = False) -> None:
        self._root = root
        self._done: dict[tuple[object, ...], Path] = {}
        self._default_build: Path | None = None
        self.whole_sequence = whole_sequence
        self.pdf = pdf

    @staticmethod
    def _key(notebook: str, data: str | Path | None, params: dict[str, str]) -> tuple[object, ...]:
        return (notebook, str(data) if data is not None else None, *sorted(params.items()))

    def __call__(self, notebook: str, data: str | Path | None = None, **params: str) -> Path:
        key = self._key(notebook, data, params)
        if key not in self._done and self.whole_sequence and data is None and not params:
            self.default_build()
        if key not in self._done:
            out = self._root / f"run{len(self._done):02d}"
            self._done[key] = run_notebook(notebook, out, data, **params)
        return self._done[key]

    def adopt(self, build: Path, data: str | Path | None = None, **params: str) -> None:
        """Register the notebooks ``build`` ran (with ``data`` and ``params``) as runs."""
        for stem in built_notebooks(build):
            self._done.setdefault(self._key(stem, data, params), build)

    def default_build(self) -> Path:
        """``vmo handouts [--pdf]`` of the whole sequence on the bundled data, made once."""
        if self._default_build is None:
            out = self._root / "handouts"
            pdf = ["--pdf"] if self.pdf else []
            status, stdout, stderr = vmo("handouts", "--out", out, *pdf)
            assert status == 0, stdout + stderr
            self._default_build = out
            self.adopt(out)
        return self._default_build


def browser_skip_reason() -> str | None:
    """Why the browser tests cannot run here (no Chromium, no Playwright), or None."""
    from vmo_lib.pipeline.pdf import ChromiumNotFoundError, find_chromium

    try:
        find_chromium()
    except ChromiumNotFoundError as exc:
        return f"browser tests skipped: {exc}"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests skipped: Playwright is not installed (pip install -e '.[dev]')"
    return None
