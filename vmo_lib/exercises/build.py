"""``vmo exercises build``: trainee and solution notebooks, and HTML handouts of both.

Layout of a build (written beside ``OUT`` and swapped in only when complete)::

    OUT/index.html                       links every exercise's notebooks and handouts
    OUT/manifest.json                    what was built (also marks the folder as a build)
    OUT/trainee/exNN_name.ipynb          to hand out: solutions replaced by placeholders
    OUT/trainee/exNN_name.html           the trainee version run with blank answers (code
                                         shown, each check saying "no answer yet")
    OUT/solutions/exNN_name.ipynb        for the facilitator: full solutions, no outputs
    OUT/solutions/exNN_name.html         the solutions run, every check passed
    OUT/trainees/NAME/exNN_name.ipynb    with ``--roster``: each trainee's notebooks, their
                                         ``trainee_seed`` preset
    OUT/roster.csv                       with ``--roster``: the roster with every seed

Both versions are executed through the report pipeline
(:func:`vmo_lib.pipeline.pool.run_all`), which proves the trainee version runs top to bottom
with blank answers. Before publishing, every trainee notebook and page is searched for the
solutions' lines (:func:`vmo_lib.exercises.source.leaked_lines`); a leak stops the build.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vmo_lib import __version__
from vmo_lib.exercises.catalogue import read_notebook, source_notebooks
from vmo_lib.exercises.roster import Roster, write_trainee_folders
from vmo_lib.exercises.source import (
    leaked_lines,
    notebook_text,
    solution_notebook,
    trainee_notebook,
)
from vmo_lib.pipeline import outdir
from vmo_lib.pipeline.html import TitleBlock, notebook_heading
from vmo_lib.pipeline.runner import RunRequest, RunResult

__all__ = ["KINDS", "BuildResult", "build_exercises", "page_text", "write_versions"]

#: The two versions of each exercise, as folder names.
KINDS = ("trainee", "solutions")


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: ``failures`` name each run that failed (empty when all ran)."""

    out: Path
    exercises: tuple[str, ...]
    failures: tuple[str, ...] = ()
    partial: Path | None = None

    @property
    def ok(self) -> bool:
        """Whether every version of every exercise ran and was published."""
        return not self.failures

    def summary(self) -> str:
        """One paragraph for the command line."""
        if self.ok:
            return (
                f"Built {len(self.exercises)} exercises into {self.out}: trainee/ (to hand out) "
                "and solutions/ (for the facilitator), with HTML handouts of both."
            )
        lines = [f"{len(self.failures)} run(s) failed; nothing was replaced in {self.out}."]
        lines += [f"  {failure}" for failure in self.failures]
        if self.partial is not None:
            lines.append(f"What was built is in {self.partial}")
        return "\n".join(lines)


def page_text(page: str) -> str:
    """The visible text of an HTML page (tags removed, entities decoded), to search for leaks."""
    without_tags = re.sub(r"<[^>]+>", "", page)
    return html.unescape(without_tags)


def _write_json(path: Path, content: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def write_versions(sources: Sequence[Path], folder: Path) -> list[str]:
    """Write ``folder/trainee/`` and ``folder/solutions/`` notebooks; return the names.

    Raises :class:`~vmo_lib.exercises.source.SourceError` for unbalanced markers and
    ``ValueError`` when a trainee version would contain a line of a solution.
    """
    names = []
    for path in sources:
        source = read_notebook(path)
        trainee = trainee_notebook(source)
        leaks = leaked_lines(source, notebook_text(trainee))
        if leaks:
            raise ValueError(f"{path.name}: the trainee version would show {leaks[0]!r}")
        _write_json(folder / "trainee" / path.name, trainee)
        _write_json(folder / "solutions" / path.name, solution_notebook(source))
        names.append(path.stem)
    return names


def _request(build: Path, kind: str, name: str, scratch: Path) -> RunRequest:
    notebook = build / kind / f"{name}.ipynb"
    content = read_notebook(notebook)
    heading = notebook_heading(content) or name
    suffix = " (solutions)" if kind == "solutions" else ""
    title = TitleBlock(
        heading=heading + suffix,
        organisation="Workshop exercise",
        dataset="harbourline (trainee_seed 0)",
        run_date=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        version=__version__,
    )
    return RunRequest(
        notebook=notebook,
        parameters={},
        ipynb_path=scratch / kind / f"{name}.ipynb",
        html_path=build / kind / f"{name}.html",
        title=title,
        label=f"{kind}/{name}",
        log_path=scratch / "logs" / f"{kind}-{name}.log",
        with_code=True,
    )


def _leaks_in_pages(build: Path, sources: Sequence[Path]) -> list[str]:
    found = []
    for path in sources:
        page = build / "trainee" / f"{path.stem}.html"
        if page.exists():
            leaks = leaked_lines(read_notebook(path), page_text(page.read_text(encoding="utf-8")))
            found += [f"trainee/{page.name} shows a solution line: {leak!r}" for leak in leaks]
    return found


def _index(names: Sequence[str], headings: dict[str, str]) -> str:
    rows = []
    for name in names:
        cells = [f"<td>{html.escape(headings.get(name, name))}</td>"]
        for kind in KINDS:
            links = " · ".join(
                f'<a href="{kind}/{html.escape(name)}.{ext}">{ext}</a>' for ext in ("html", "ipynb")
            )
            cells.append(f"<td>{links}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Workshop exercises</title></head><body style='font-family:sans-serif'>"
        "<h1>Workshop exercises</h1><p>Hand out the notebooks in <code>trainee/</code>; keep "
        "<code>solutions/</code> for the facilitator.</p><table border='1' cellpadding='6' "
        "style='border-collapse:collapse'><tr><th>Exercise</th><th>Trainee version</th>"
        f"<th>Solutions</th></tr>{''.join(rows)}</table></body></html>\n"
    )


def build_exercises(
    out: Path,
    sources: Sequence[Path] | None = None,
    *,
    execute: bool = True,
    jobs: int | None = None,
    progress: bool | None = None,
    roster: Roster | None = None,
) -> BuildResult:
    """Build every exercise into ``out`` (see module doc); never leaves a half-written ``out``.

    ``execute`` False writes the notebooks only (no handouts). With a ``roster``, also
    ``out/trainees/<trainee>/`` (every trainee notebook, their seed preset) and
    ``out/roster.csv`` (the roster with every seed). Raises
    :class:`~vmo_lib.pipeline.outdir.OutputFolderError` when ``out`` holds something that is
    not a previous build.
    """
    from vmo_lib.pipeline.pool import run_all

    sources = tuple(sources) if sources is not None else source_notebooks()
    outdir.check_replaceable(out)
    build = outdir.staging(out)
    try:
        names = write_versions(sources, build)
        if roster is not None:
            trainee = {n: read_notebook(build / "trainee" / f"{n}.ipynb") for n in names}
            write_trainee_folders(roster, trainee, build / "trainees")
    except Exception:
        shutil.rmtree(build, ignore_errors=True)
        raise
    headings = {
        n: notebook_heading(read_notebook(build / "solutions" / f"{n}.ipynb")) or n for n in names
    }
    failures: list[str] = []
    if execute:
        scratch = build / ".executed"
        requests = [_request(build, kind, name, scratch) for name in names for kind in KINDS]
        results: list[RunResult] = run_all(requests, jobs=jobs, progress=progress)
        failures = [f"{r.request.label}: {r.failure.describe()}" for r in results if r.failure]
        failures += _leaks_in_pages(build, sources)
        shutil.rmtree(scratch, ignore_errors=True)
    (build / "index.html").write_text(_index(names, headings), encoding="utf-8")
    manifest = {
        "kind": "vmo exercises",
        "built": dt.datetime.now().isoformat(timespec="seconds"),
        "version": __version__,
        "exercises": names,
        "handouts": execute,
        "trainees": list(roster.trainees) if roster is not None else [],
        "failures": failures,
    }
    _write_json(build / outdir.MARKER, manifest)
    if failures:
        return BuildResult(out, tuple(names), tuple(failures), outdir.keep_partial(build, out))
    outdir.publish(build, out)
    return BuildResult(out, tuple(names))
