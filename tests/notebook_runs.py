"""Run a workbook notebook as a user does (``vmo run``) and read what it wrote."""

from __future__ import annotations

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


def notebook_outputs(notebook: Path) -> list[dict]:
    """Every output of every cell of an executed notebook."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return [output for cell in nb["cells"] for output in cell.get("outputs", [])]


def assert_no_errors(notebook: Path) -> None:
    """No cell raised an error or wrote to stderr."""
    for output in notebook_outputs(notebook):
        assert output.get("output_type") != "error", output
        assert output.get("name") != "stderr", output


class SessionRuns:
    """Notebook runs shared by the tests of a session: each distinct run executes once.

    Called like :func:`run_notebook` without ``out``; the same notebook, data and parameter
    values return the same output folder. Tests must only read what a shared run wrote.
    """

    def __init__(self, root: Path) -> None:
        self._root = root
        self._done: dict[tuple[object, ...], Path] = {}

    def __call__(self, notebook: str, data: str | Path | None = None, **params: str) -> Path:
        key = (notebook, str(data) if data is not None else None, *sorted(params.items()))
        if key not in self._done:
            out = self._root / f"run{len(self._done):02d}"
            self._done[key] = run_notebook(notebook, out, data, **params)
        return self._done[key]
