"""Build the facilitator handouts: every notebook of the sequence, for one or many teams.

:func:`build_handouts` validates every parameter of every run first (nothing is written and
no notebook runs if one is wrong), executes the runs in parallel into a staging folder beside
``OUT``, writes an ``index.html`` and a ``manifest.json``, and swaps the folder into place only
when every run succeeded, or was stopped at its time limit (``timeout``: a slow notebook is
reported as timed out and holds back no other handout). A run whose handout would lack a
figure (drawn as ``<Figure size ...>`` text) or shows a cell error is a failure, never "ok".
Money on the index pages is shown in each run's ``currency`` parameter. The worker pool
starts while the datasets are checked, so its imports and kernel start-ups overlap that check;
if it fails, the pool's kernels are shut down.
``manifest.json`` records where the build's time went (``timings``). Layout of a build::

    OUT/index.html                 links every handout with its key figures and status
    OUT/manifest.json              the same, machine-readable
    OUT/<stem>.html                the handout
    OUT/<stem>.ipynb               the executed notebook
    OUT/outputs/<stem>/            files the notebook exported (its ``output_dir``)
    OUT/logs/<stem>.log            kernel stderr, only when not empty

With ``--class``, each team gets that layout in ``OUT/<slug>/`` and ``OUT/index.html`` links
the teams.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vmo_lib import __version__
from vmo_lib.currency import resolve_currency
from vmo_lib.errors import VmoError
from vmo_lib.paths import NOTEBOOKS_DIR
from vmo_lib.pipeline import outdir
from vmo_lib.pipeline.html import (
    IndexEntry,
    IndexSet,
    figures,
    notebook_heading,
    render_index,
    skipped_analyses,
)
from vmo_lib.pipeline.pool import RunPool
from vmo_lib.pipeline.runner import RunRequest, RunResult, title_block
from vmo_lib.pipeline.spec import (
    NotebookParameters,
    load_notebook_json,
    read_parameters,
    read_relative_cost,
    read_requirements,
)
from vmo_lib.pipeline.timing import Phase
from vmo_lib.pipeline.values import (
    DATA_PARAMETER,
    ParameterError,
    check_data_sources,
    check_names,
    localise_data,
    missing_requirements,
    resolve_parameters,
)

__all__ = [
    "NOTEBOOK_PATTERN",
    "BuildReport",
    "BuildTimings",
    "HandoutOptions",
    "NotebookNotFoundError",
    "Team",
    "build_handouts",
    "discover_notebooks",
    "find_notebook",
    "notebook_heading_of",
    "plan_handouts",
    "read_class_file",
    "run_currency",
    "slugify",
]

#: The parameter that sets the currency of a run's money amounts (one setting for all).
CURRENCY_PARAMETER = "currency"
#: The notebooks of the workbook sequence: ``00_portfolio_baseline.ipynb`` and so on.
NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"


class NotebookNotFoundError(VmoError, LookupError):
    """A notebook name or path does not exist; the message lists the available ones."""


@dataclass(frozen=True)
class Team:
    """One entry of a ``--class`` file: a team or cohort and its parameter values."""

    name: str
    slug: str
    text: dict[str, str] = field(default_factory=dict)
    typed: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class HandoutOptions:
    """What to build: ``text`` values come from ``-p``/``--data``, ``typed`` from ``-f``."""

    out: Path
    notebooks: tuple[Path, ...]
    text: dict[str, str] = field(default_factory=dict)
    typed: dict[str, object] = field(default_factory=dict)
    teams: tuple[Team, ...] = ()
    with_code: bool = False
    jobs: int | None = None
    progress: bool | None = None
    cwd: Path | None = None
    #: Chromium to print every handout to PDF with, inside the build (None: no PDFs).
    pdf_chromium: Path | None = None
    #: Seconds each notebook may run; one over it is stopped and reported (None: no limit).
    timeout: float | None = None


@dataclass(frozen=True)
class BuildReport:
    """The outcome of a build: the runs, and where the output ended up."""

    out: Path
    results: tuple[RunResult, ...]
    seconds: float
    partial: Path | None = None

    @property
    def ok(self) -> bool:
        """Whether every run succeeded (and so ``out`` was replaced)."""
        return all(r.ok for r in self.results)

    @property
    def published(self) -> bool:
        """Whether ``out`` was replaced: every run succeeded or was stopped at its time limit."""
        return self.partial is None

    def summary(self) -> str:
        """A few lines for the terminal: success, or each failure on one line."""
        if not self.ok and self.published:
            late = [r for r in self.results if r.timed_out]
            built = [r for r in self.results if r.ok and not r.skipped]
            lines = [f"{len(late)} of {len(self.results)} notebooks timed out:"]
            lines += [f"  {r.request.name}: {r.failure.describe()}" for r in late if r.failure]
            lines.append(
                f"The other {len(built)} handouts were built and published in {self.out}; "
                "the index marks the ones that timed out."
            )
            return "\n".join(lines)
        if self.ok:
            built = [r for r in self.results if not r.skipped]
            noun = "handout" if len(built) == 1 else "handouts"
            lines = [f"Built {len(built)} {noun} in {self.seconds:.1f} s: {self.out}"]
            lines += [f"  skipped {r.request.name}: {r.skipped}" for r in self.results if r.skipped]
            for r in self.results:
                parts = [f"{name} (no {tables})" for name, tables in skipped_analyses(r.figures)]
                if parts:
                    lines.append(f"  {r.request.name} skipped: {'; '.join(parts)}")
            return "\n".join(lines)
        failed = [r for r in self.results if not r.ok]
        lines = [f"{len(failed)} of {len(self.results)} notebooks failed:"]
        lines += [f"  {r.request.name}: {r.failure.describe()}" for r in failed if r.failure]
        lines.append(
            f"{self.out} was left unchanged; this build is in {self.partial} for inspection."
        )
        return "\n".join(lines)


def discover_notebooks(folder: Path) -> tuple[Path, ...]:
    """The notebook sequence in ``folder``: ``NN_name.ipynb`` files, sorted."""
    return tuple(sorted(Path(folder).glob(NOTEBOOK_PATTERN)))


def find_notebook(name: str | Path, folder: Path | None = None) -> Path:
    """Resolve a notebook given as a path or as a stem looked up in ``folder``."""
    path = Path(name)
    if path.suffix == ".ipynb" and path.is_file():
        return path.resolve()
    folder = folder or NOTEBOOKS_DIR
    candidate = folder / f"{path.stem}.ipynb"
    if path.parent == Path(".") and candidate.is_file():
        return candidate.resolve()
    available = ", ".join(p.stem for p in discover_notebooks(folder)) or "none"
    raise NotebookNotFoundError(f"notebook {str(name)!r} not found; available: {available}")


def slugify(name: str) -> str:
    """A folder name for a team: lower-case ASCII letters, digits and hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def read_class_file(path: Path) -> tuple[Team, ...]:
    """Read a class file: a YAML list of mappings or a CSV with a header.

    Each entry needs a ``name``; its other keys are parameter values (typed in YAML, text in
    CSV, where an empty cell keeps the default). A relative ``data`` path is taken from the
    class file's folder, where the facilitator keeps the teams' files. Raises ``ValueError``
    on a malformed file.
    """
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = [{k.strip(): v for k, v in row.items() if k} for row in csv.DictReader(handle)]
        entries = [({k: v for k, v in r.items() if v not in ("", None)}, True) for r in rows]
    else:
        import yaml

        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(loaded, list) or not all(isinstance(e, Mapping) for e in loaded):
            raise ValueError(f"{path.name}: expected a list of mappings, one per team")
        entries = [(dict(e), False) for e in loaded]
    teams: list[Team] = []
    for number, (entry, from_text) in enumerate(entries, start=1):
        name = str(entry.pop("name", "") or "").strip()
        if not name or not slugify(name):
            raise ValueError(f"{path.name}: entry {number} needs a 'name'")
        values = {str(k): v for k, v in entry.items()}
        if isinstance(values.get(DATA_PARAMETER), str):  # paths are read from the class file's
            values[DATA_PARAMETER] = localise_data(values[DATA_PARAMETER], path.parent)  # folder
        text = {k: str(v) for k, v in values.items()} if from_text else {}
        teams.append(Team(name, slugify(name), text, {} if from_text else values))
    slugs = [t.slug for t in teams]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    if duplicates:
        raise ValueError(f"{path.name}: several teams share the folder name {duplicates[0]!r}")
    if not teams:
        raise ValueError(f"{path.name}: no teams listed")
    return tuple(teams)


@dataclass(frozen=True)
class _Notebook:
    path: Path
    spec: NotebookParameters
    heading: str
    requires: tuple[str, ...] = ()
    relative_cost: float = 1.0


def notebook_heading_of(content: Mapping[str, object], stem: str) -> str:
    """A notebook's title: its first level-1 heading, else its file name."""
    return notebook_heading(content) or stem


def _load(paths: Sequence[Path]) -> list[_Notebook]:
    loaded = []
    for path in paths:
        content = load_notebook_json(path)
        spec = read_parameters(path, content=content)
        heading = notebook_heading_of(content, path.stem)
        loaded.append(
            _Notebook(
                path,
                spec,
                heading,
                read_requirements(content, path.name),
                read_relative_cost(content),
            )
        )
    return loaded


def plan_handouts(options: HandoutOptions, build: Path) -> list[RunRequest]:
    """Validate every value and return the runs writing into ``build``.

    Raises :class:`ParameterError` (or ``ParameterCellError``), and the loader's ``DataError``
    or ``FileNotFoundError`` for a dataset that cannot be used, before anything is written.
    """
    requests, sources = _plan_runs(options, build)
    check_data_sources(sources)
    return requests


def _plan_runs(options: HandoutOptions, build: Path) -> tuple[list[RunRequest], list[object]]:
    """Validate every parameter value; return the runs and the dataset each one reads."""
    notebooks = _load(options.notebooks)
    known = {name for nb in notebooks for name in nb.spec.names}
    check_names([*options.typed, *options.text], known, where="the notebook sequence")
    for team in options.teams:
        try:
            check_names([*team.typed, *team.text], known, where="the notebook sequence")
        except ParameterError as exc:
            raise ParameterError(f"team {team.name!r}: {exc}") from None
    run_date = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    version = __version__
    sets: Sequence[Team | None] = options.teams or (None,)
    requests = []
    sources: list[object] = []
    for team in sets:
        text, typed = _layer(options, team)
        root = build / team.slug if team else build
        for nb in notebooks:
            stem = nb.path.stem
            declared = set(nb.spec.names)
            try:
                values = resolve_parameters(
                    nb.spec,
                    text={k: v for k, v in text.items() if k in declared},
                    typed={k: v for k, v in typed.items() if k in declared},
                    cwd=options.cwd,
                    output_dir=root / "outputs" / stem,
                )
            except ParameterError as exc:
                where = f"team {team.name!r}, {stem}" if team else stem
                raise ParameterError(f"{where}: {exc}") from None
            sources.append(values.effective().get(DATA_PARAMETER))
            title = title_block(values, nb.heading, run_date=run_date, version=version)
            requests.append(
                RunRequest(
                    notebook=nb.path,
                    parameters=values.injected,
                    ipynb_path=root / f"{stem}.ipynb",
                    html_path=root / f"{stem}.html",
                    title=title,
                    label=f"{team.slug}/{stem}" if team else stem,
                    output_dir=root / "outputs" / stem,
                    log_path=root / "logs" / f"{stem}.log",
                    with_code=options.with_code,
                    requires=nb.requires,
                    timeout=options.timeout,
                    relative_cost=nb.relative_cost,
                )
            )
    return requests, sources


def _layer(options: HandoutOptions, team: Team | None) -> tuple[dict[str, str], dict[str, object]]:
    """Merge values: a team's own values win over the command line's, which win over ``-f``."""
    if team is None:
        return dict(options.text), dict(options.typed)
    text = {k: v for k, v in options.text.items() if k not in team.typed}
    typed = {k: v for k, v in options.typed.items() if k not in team.text}
    return {**text, **team.text}, {**typed, **team.typed}


def build_handouts(options: HandoutOptions) -> BuildReport:
    """Build every handout into a staging folder and publish it as ``options.out`` if all ran.

    Parameter values are checked before the worker pool starts, so a wrong value starts no
    kernel. The datasets are then loaded while the workers warm up and start their first
    kernels; a data error shuts those kernels down before it propagates. Raises
    :class:`ParameterError` / ``ParameterCellError`` / ``OutputFolderError`` and the loader's
    ``DataError`` / ``FileNotFoundError``, always before any notebook runs. Notebook failures
    are reported in the returned :class:`BuildReport`.
    """
    started, clock = time.time(), time.perf_counter()
    out = Path(options.out).resolve()
    outdir.check_replaceable(out)
    requests, sources = _plan_runs(options, outdir.staging_path(out))
    phases = {"validate": Phase.since(started)}
    with RunPool(
        len(requests),
        jobs=options.jobs,
        kernel_folder=_common_folder(options.notebooks),
        with_code=options.with_code,
    ) as pool:
        phases["pool_start"] = pool.start_phase
        began = time.time()
        missing = check_data_sources(sources)  # the slow check: the workers warm up meanwhile
        phases["data_check"] = Phase.since(began)
        build = outdir.staging(out)
        try:
            began = time.time()
            skipped = {
                i: missing_requirements(r.requires, missing.get(str(source), ()))
                for i, (r, source) in enumerate(zip(requests, sources, strict=True))
            }
            runnable = [r for i, r in enumerate(requests) if not skipped[i]]
            ran = iter(pool.run(runnable, progress=options.progress))
            results = tuple(
                RunResult(r, skipped=skipped[i]) if skipped[i] else next(ran)
                for i, r in enumerate(requests)
            )
            phases["runs"] = Phase.since(began)
            if options.pdf_chromium is not None and all(r.ok or r.timed_out for r in results):
                began = time.time()
                _print_pdfs(results, options.pdf_chromium)
                phases["pdf"] = Phase.since(began)
            timings = BuildTimings(started, phases, pool.warm_ups())
            _write_indexes(build, results, options.teams, timings)
        except BaseException:  # Ctrl-C, SIGTERM or a bug: leave no staging folder behind
            shutil.rmtree(build, ignore_errors=True)
            raise
        seconds = time.perf_counter() - clock
        if all(r.ok or r.timed_out for r in results):  # a slow notebook holds back no other
            outdir.publish(build, out)
            return BuildReport(out, results, seconds)
        return BuildReport(out, results, seconds, partial=outdir.keep_partial(build, out))


def _print_pdfs(results: Sequence[RunResult], chromium: Path) -> None:
    """Print every handout of the build to PDF beside it (raises :class:`PdfError`)."""
    from vmo_lib.pipeline.pdf import print_pdfs

    print_pdfs([r.request.html_path for r in results if r.ok and r.html_written], chromium)


def _common_folder(notebooks: Sequence[Path]) -> Path | None:
    """The folder all ``notebooks`` live in (where kernels can be started early), if one."""
    folders = {Path(nb).resolve().parent for nb in notebooks}
    return folders.pop() if len(folders) == 1 else None


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


def _write_indexes(
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
