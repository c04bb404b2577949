"""The pages and records of a finished build: ``index.html`` (per team too) and ``manifest.json``.

The index links every handout with its key figures (money in each run's own ``currency``) and
status; the manifest says the same for programs, with where the build's time went
(:class:`BuildTimings`).
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vmo_lib import __version__
from vmo_lib.currency import resolve_currency
from vmo_lib.pipeline import outdir
from vmo_lib.pipeline.index_page import (
    IndexEntry,
    IndexSet,
    figures,
    render_index,
    skipped_analyses,
)
from vmo_lib.pipeline.runner import RunResult
from vmo_lib.pipeline.teams import Team
from vmo_lib.pipeline.timing import Phase

__all__ = ["CURRENCY_PARAMETER", "BuildTimings", "run_currency", "write_indexes"]

#: The parameter that sets the currency of a run's money amounts (one setting for all).
CURRENCY_PARAMETER = "currency"


@dataclass(frozen=True)
class BuildTimings:
    """Where a build's time went, for ``manifest.json``: parent phases and worker warm-ups.

    ``started`` is the wall-clock time the build began; every phase in the manifest is given
    as seconds after it (``start``) and a duration (``seconds``).
    """

    started: float
    phases: Mapping[str, Phase]
    warm_ups: Mapping[int, Phase] = field(default_factory=dict)

    def to_json(self, index: Phase) -> dict[str, object]:
        """The manifest's ``timings``; ``total`` runs from the start to the manifest's writing."""
        phases = {**self.phases, "index": index}
        return {
            "started": dt.datetime.fromtimestamp(self.started, dt.UTC).isoformat(),
            "started_epoch": round(self.started, 3),
            "total": round(time.time() - self.started, 3),
            "phases": {name: p.relative_to(self.started) for name, p in phases.items()},
            "workers": [
                {"pid": pid, "warm_up": p.relative_to(self.started)}
                for pid, p in sorted(self.warm_ups.items())
            ],
        }


def write_indexes(
    build: Path,
    results: Sequence[RunResult],
    teams: Sequence[Team],
    timings: BuildTimings | None = None,
) -> None:
    """Write ``index.html`` (per team too, for a class) and ``manifest.json``."""
    began = time.time()
    built = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    version = __version__
    manifest: dict[str, object] = {"tool": "vmo handouts", "version": version, "built": built}
    origin = timings.started if timings else None
    if not teams:
        _write_set_index(build, results, "Facilitator handouts", built, version)
        manifest["runs"] = [_manifest_run(r, build, origin) for r in results]
    else:
        sets = []
        for team in teams:
            mine = [r for r in results if r.request.label.startswith(f"{team.slug}/")]
            _write_set_index(build / team.slug, mine, team.name, built, version, "../index.html")
            failed = sum(not r.ok for r in mine)
            sets.append(IndexSet(team.name, f"{team.slug}/index.html", len(mine), failed))
        page = render_index("Handouts by team", built=built, version=version, sets=sets)
        (build / "index.html").write_text(page, encoding="utf-8")
        manifest["teams"] = [
            {"name": t.name, "folder": t.slug, "parameters": {**t.typed, **t.text}} for t in teams
        ]
        manifest["runs"] = [_manifest_run(r, build, origin) for r in results]
    if timings is not None:
        manifest["timings"] = timings.to_json(Phase.since(began))
    text = json.dumps(manifest, indent=2, ensure_ascii=False, default=str)
    (build / outdir.MARKER).write_text(text, encoding="utf-8")


def _about(results: Sequence[RunResult]) -> tuple[tuple[str, str], ...]:
    """Organisation(s) and dataset(s) of a handout set, as the title blocks state them."""
    pairs = []
    for label, attribute in (("Organisation", "organisation"), ("Data", "dataset")):
        values = dict.fromkeys(getattr(r.request.title, attribute) for r in results)
        shown = ", ".join(v for v in values if v)
        if shown:
            pairs.append((label, shown))
    return tuple(pairs)


def _write_set_index(
    folder: Path,
    results: Sequence[RunResult],
    title: str,
    built: str,
    version: str,
    back_link: str | None = None,
) -> None:
    entries = [
        IndexEntry(
            title=r.request.title.heading,
            notebook=r.request.notebook.name,
            href=_href(r),
            pdf_href=_pdf_name(r),
            pptx_href=_pptx_name(r),
            ok=r.ok,
            figures=figures(r.figures, currency=run_currency(r)),
            skipped_analyses=skipped_analyses(r.figures),
            failure=r.failure.describe() if r.failure else None,
            skipped=r.skipped or None,
            timed_out=r.timed_out,
        )
        for r in results
    ]
    folder.mkdir(parents=True, exist_ok=True)
    page = render_index(
        title,
        built=built,
        version=version,
        handouts=entries,
        about=_about(results),
        back_link=back_link,
    )
    (folder / "index.html").write_text(page, encoding="utf-8")


def _href(result: RunResult) -> str:
    """What the index links for a run: its handout, else its executed notebook, else nothing
    (a kernel killed at its time limit leaves neither)."""
    if result.html_written:
        return result.request.html_path.name
    return result.request.ipynb_path.name if result.request.ipynb_path.exists() else ""


def _pdf_name(result: RunResult) -> str | None:
    """The file name of the run's PDF handout, if one was printed."""
    pdf = result.request.html_path.with_suffix(".pdf")
    return pdf.name if result.html_written and pdf.exists() else None


def _pptx_name(result: RunResult) -> str | None:
    """The file name of the run's PowerPoint deck, if one was written."""
    deck = result.request.html_path.with_suffix(".pptx")
    return deck.name if result.html_written and deck.exists() else None


def _status(result: RunResult) -> str:
    if result.skipped:
        return "skipped"
    if result.ok:
        return "ok"
    return "timed out" if result.timed_out else "failed"


def run_currency(result: RunResult) -> str | None:
    """The currency code a run shows money in: its ``currency`` parameter, if it declares one.

    ``-p currency GBP`` reaches every notebook that declares the parameter, so the index and
    manifest show each run's recorded money in the currency its handout uses. None when the
    notebook has no such parameter (the workbook's default currency then applies).
    """
    for row in result.request.title.parameters:
        if row.name == CURRENCY_PARAMETER:
            return row.value or None
    value = result.records.get(CURRENCY_PARAMETER)
    return value if isinstance(value, str) and value else None


def _manifest_run(result: RunResult, build: Path, origin: float | None) -> dict[str, object]:
    request = result.request
    entry: dict[str, object] = {
        "notebook": request.notebook.name,
        "label": request.name,
        "html": request.html_path.relative_to(build).as_posix(),
        "ipynb": request.ipynb_path.relative_to(build).as_posix(),
        "pdf": (request.html_path.parent / pdf).relative_to(build).as_posix()
        if (pdf := _pdf_name(result))
        else None,
        "pptx": (request.html_path.parent / deck).relative_to(build).as_posix()
        if (deck := _pptx_name(result))
        else None,
        "status": _status(result),
        "skipped": result.skipped or None,
        "failure": result.failure.describe() if result.failure else None,
        "records": result.records,
        "currency": resolve_currency(run_currency(result)),
        "skipped_analyses": [
            {"analysis": name, "missing_tables": tables}
            for name, tables in skipped_analyses(result.figures)
        ],
        "seconds": round(result.seconds, 3),
        "parameters": {row.name: row.value for row in request.title.parameters},
    }
    if origin is not None:
        timings = {name: p.relative_to(origin) for name, p in result.timings.items()}
        entry["timings"] = {**timings, "worker": result.worker}
    return entry
