"""The ``vmo`` command: run notebooks headlessly, build handouts, check data.

This module only parses arguments and prints messages; the work is done by
:mod:`vmo_lib.pipeline` and :mod:`vmo_lib.data`. Every expected problem (a bad parameter, a
missing notebook, invalid data, an existing file) prints one line, without a traceback, and
exits with :data:`EXIT_USAGE` (2) or :data:`EXIT_FAILURE` (1).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from vmo_lib.errors import VmoError

__all__ = ["EXIT_FAILURE", "EXIT_USAGE", "build_parser", "main"]

EXIT_FAILURE = 1
EXIT_USAGE = 2

#: Modules that add their own sub-command: each defines ``add_command(commands)``, which calls
#: ``commands.add_parser(...)`` and ``set_defaults(command=handler)``; ``handler(args)`` returns
#: the exit status and may raise :class:`UsageError`. Keep their top-level imports light
#: (argparse, pathlib) and import the heavy modules inside the handler, so ``vmo --help``
#: stays fast.
COMMAND_MODULES: tuple[str, ...] = (
    "vmo_lib.cli.importer",
    "vmo_lib.cli.kpis",
    "vmo_lib.cli.exercises",
    "vmo_lib.cli.scenarios",
)


class UsageError(VmoError):
    """A problem with what the user asked for; reported in one line with exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``vmo`` and ``python -m vmo_lib``; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    command: Callable[[argparse.Namespace], int] = args.command
    try:
        _stop_cleanly_on_sigterm()
        return command(args)
    except UsageError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return _fail("interrupted", 130)


def _stop_cleanly_on_sigterm() -> None:
    """Treat SIGTERM (``kill``, a CI timeout) like Ctrl-C: kernels are shut down and no staging
    folder is left behind. Only possible from the main thread."""
    import signal
    import threading

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``vmo`` with its sub-commands."""
    parser = argparse.ArgumentParser(
        prog="vmo", description="VMO workbook: run the analysis notebooks and build handouts."
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run one notebook and export it as HTML")
    run.add_argument("notebook", help="notebook path, or a name like 00_portfolio_baseline")
    _add_value_options(run)
    run.add_argument(
        "--out",
        type=Path,
        default=Path("reports/runs"),
        metavar="DIR",
        help="output folder (default: reports/runs)",
    )
    run.add_argument("--with-code", action="store_true", help="show the code in the HTML")
    _add_timeout(run)
    run.add_argument("--notebooks", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    run.set_defaults(command=_run)

    params = commands.add_parser("params", help="list a notebook's parameters")
    params.add_argument("notebook", help="notebook path, or a name like 00_portfolio_baseline")
    params.add_argument("--notebooks", type=Path, metavar="DIR", help=argparse.SUPPRESS)
    params.set_defaults(command=_params)

    handouts = commands.add_parser("handouts", help="run every notebook and write handouts")
    _add_value_options(handouts)
    handouts.add_argument(
        "--out",
        type=Path,
        default=Path("reports"),
        metavar="DIR",
        help="output folder, replaced only if every run succeeds or timed out (default: reports)",
    )
    handouts.add_argument(
        "--class",
        dest="class_file",
        type=Path,
        metavar="FILE",
        help="YAML or CSV list of teams (a 'name' plus parameter values): one handout set per team",
    )
    handouts.add_argument("--with-code", action="store_true", help="show the code")
    handouts.add_argument(
        "--jobs",
        type=_positive,
        metavar="N",
        help="notebooks run at once (default: number of CPUs)",
    )
    handouts.add_argument(
        "--notebooks",
        type=Path,
        metavar="DIR",
        help="folder of the notebook sequence (default: the workbook's)",
    )
    handouts.add_argument(
        "--pdf",
        action="store_true",
        help="also print each handout to an A4 PDF beside it (needs Chromium; see VMO_CHROMIUM)",
    )
    _add_timeout(handouts)
    handouts.set_defaults(command=_handouts)

    template = commands.add_parser("template", help="write the blank Excel data template")
    template.add_argument("path", type=Path, metavar="OUT.xlsx")
    template.add_argument("--force", action="store_true", help="overwrite an existing file")
    template.set_defaults(command=_template)

    check = commands.add_parser("check-data", help="validate a dataset and report problems")
    check.add_argument("path", help="folder of CSV files, .xlsx workbook or bundled name")
    check.set_defaults(command=_check_data)

    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).add_command(commands)
    return parser


def _add_value_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-p",
        "--parameter",
        dest="parameters",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a parameter",
    )
    parser.add_argument(
        "-f",
        "--params-file",
        type=Path,
        metavar="FILE",
        help="YAML file of parameter values (overridden by -p)",
    )
    parser.add_argument(
        "--data",
        metavar="PATH",
        help="dataset: folder of CSV files, .xlsx workbook or bundled name",
    )


#: Seconds a notebook may run by default: generous, a 10,000-project run fits in it.
DEFAULT_TIMEOUT = 1800.0


def _add_timeout(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a notebook that runs longer and report it (default: {DEFAULT_TIMEOUT:g}; "
        "0 for no limit)",
    )


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be 0 (no limit) or a positive number of seconds")
    return value or None


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _fail(message: str, status: int) -> int:
    print(f"vmo: error: {message}", file=sys.stderr)
    return status


def _values(args: argparse.Namespace) -> tuple[dict[str, str], dict[str, object]]:
    """Command-line values (text) and params-file values (typed)."""
    text = {name: value for name, value in args.parameters}
    if args.data is not None:
        text["data"] = args.data
    typed: dict[str, object] = {}
    if args.params_file is not None:
        import yaml

        try:
            loaded = yaml.safe_load(args.params_file.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise UsageError(f"cannot read {args.params_file}: {_one_line(exc)}") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise UsageError(f"{args.params_file}: expected a mapping of parameter values")
        typed = {str(k): v for k, v in (loaded or {}).items()}
    return text, typed


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _notebook(args: argparse.Namespace) -> Path:
    from vmo_lib.pipeline.handouts import NotebookNotFoundError, find_notebook

    try:
        return find_notebook(args.notebook, args.notebooks)
    except NotebookNotFoundError as exc:
        raise UsageError(str(exc)) from None


def _params(args: argparse.Namespace) -> int:
    from vmo_lib.pipeline.spec import ParameterCellError, read_parameters

    try:
        spec = read_parameters(_notebook(args))
    except ParameterCellError as exc:
        raise UsageError(str(exc)) from None
    rows = [("NAME", "TYPE", "DEFAULT", "HELP")]
    rows += [(p.name, p.type_label, _shown(p.default), p.help) for p in spec.parameters]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    print(f"Parameters of {spec.notebook.name}:")
    for name, kind, default, help_text in rows:
        cells = (name.ljust(widths[0]), kind.ljust(widths[1]), default.ljust(widths[2]))
        print("  ".join((*cells, help_text)))
    return 0


def _shown(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else repr(value)


def _run(args: argparse.Namespace) -> int:
    from vmo_lib.data import DataError
    from vmo_lib.pipeline.handouts import notebook_heading_of
    from vmo_lib.pipeline.runner import RunRequest, execute_run, title_block
    from vmo_lib.pipeline.spec import (
        ParameterCellError,
        load_notebook_json,
        read_parameters,
        read_requirements,
    )
    from vmo_lib.pipeline.values import (
        DATA_PARAMETER,
        ParameterError,
        check_data_sources,
        missing_requirements,
        resolve_parameters,
    )

    notebook = _notebook(args)
    text, typed = _values(args)
    out = _output_folder(args.out)
    stem = notebook.stem
    try:
        content = load_notebook_json(notebook)
        spec = read_parameters(notebook, content=content)
        values = resolve_parameters(
            spec, text=text, typed=typed, cwd=Path.cwd(), output_dir=out / "outputs" / stem
        )
        source = values.effective().get(DATA_PARAMETER)
        missing = check_data_sources([source]).get(str(source), ())
        lacking = missing_requirements(read_requirements(content, notebook.name), missing)
        if lacking:
            return _fail(f"{stem} {lacking}.", EXIT_FAILURE)
    except (ParameterCellError, ParameterError) as exc:
        raise UsageError(str(exc)) from None
    except FileNotFoundError as exc:
        return _fail(_one_line(exc), EXIT_USAGE)
    except DataError as exc:
        return _fail(str(exc), EXIT_FAILURE)
    request = RunRequest(
        notebook=notebook,
        parameters=values.injected,
        ipynb_path=out / f"{stem}.ipynb",
        html_path=out / f"{stem}.html",
        title=title_block(values, notebook_heading_of(content, stem)),
        output_dir=out / "outputs" / stem,
        log_path=out / "logs" / f"{stem}.log",
        with_code=args.with_code,
        timeout=args.timeout,
    )
    print(f"Running {notebook.name}...", file=sys.stderr)
    result = execute_run(request)
    if result.failure is not None:
        print(f"{stem} failed: {result.failure.describe()}", file=sys.stderr)
        if request.ipynb_path.exists():
            print(f"The executed notebook is in {request.ipynb_path}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"Wrote {request.html_path} and {request.ipynb_path.name} ({result.seconds:.1f} s)")
    return 0


def _output_folder(path: Path) -> Path:
    """The absolute output folder, refused if it lies inside the bundled datasets."""
    from vmo_lib.paths import DATASETS_DIR

    out = path.expanduser().resolve()
    if out == DATASETS_DIR or DATASETS_DIR in out.parents:
        raise UsageError(f"refusing to write inside the bundled datasets folder: {out}")
    return out


def _handouts(args: argparse.Namespace) -> int:
    from vmo_lib.data import DataError
    from vmo_lib.paths import NOTEBOOKS_DIR
    from vmo_lib.pipeline.handouts import (
        HandoutOptions,
        build_handouts,
        discover_notebooks,
        read_class_file,
    )
    from vmo_lib.pipeline.outdir import OutputFolderError
    from vmo_lib.pipeline.pdf import PdfError
    from vmo_lib.pipeline.spec import ParameterCellError
    from vmo_lib.pipeline.values import ParameterError

    text, typed = _values(args)
    chromium = _chromium() if args.pdf else None  # before the build: say so at once
    folder = args.notebooks or NOTEBOOKS_DIR
    notebooks = discover_notebooks(folder)
    if not notebooks:
        raise UsageError(f"no notebooks named like 00_name.ipynb in {folder}")
    try:
        teams = read_class_file(args.class_file) if args.class_file else ()
    except (OSError, ValueError) as exc:
        raise UsageError(_one_line(exc)) from None
    options = HandoutOptions(
        out=_output_folder(args.out),
        notebooks=notebooks,
        text=text,
        typed=typed,
        teams=teams,
        with_code=args.with_code,
        jobs=args.jobs,
        cwd=Path.cwd(),
        pdf_chromium=chromium,
        timeout=args.timeout,
    )
    try:
        report = build_handouts(options)
    except (ParameterCellError, ParameterError, OutputFolderError) as exc:
        raise UsageError(str(exc)) from None
    except PdfError as exc:
        return _fail(f"{_one_line(exc)}; {options.out} was left as it was", EXIT_FAILURE)
    except FileNotFoundError as exc:
        return _fail(_one_line(exc), EXIT_USAGE)
    except DataError as exc:
        return _fail(str(exc), EXIT_FAILURE)
    if not report.ok:
        print(report.summary(), file=sys.stderr)
        if report.published and chromium is not None:
            print(f"PDF handouts printed with {chromium}, linked from the index", file=sys.stderr)
        return EXIT_FAILURE
    print(report.summary())
    if chromium is not None:
        print(f"PDF handouts printed with {chromium}, linked from the index")
    return 0


def _chromium() -> Path:
    """The Chromium that ``--pdf`` prints with; a usage error saying how to get one."""
    from vmo_lib.pipeline.pdf import ChromiumNotFoundError, find_chromium

    try:
        return find_chromium()
    except ChromiumNotFoundError as exc:
        raise UsageError(str(exc)) from None


def _template(args: argparse.Namespace) -> int:
    from vmo_lib.data.template import write_template

    try:
        path = write_template(args.path, overwrite=args.force)
    except FileExistsError:
        raise UsageError(f"{args.path} already exists (use --force to overwrite)") from None
    print(f"Wrote the data template to {path}")
    return 0


def _check_data(args: argparse.Namespace) -> int:
    from vmo_lib.data import load_organisation
    from vmo_lib.data.errors import DataError

    try:
        organisation = load_organisation(args.path)
    except DataError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILURE
    except FileNotFoundError as exc:
        return _fail(_one_line(exc), EXIT_USAGE)
    summary = organisation.summary() if hasattr(organisation, "summary") else str(organisation)
    print(f"OK: {summary}")
    warnings = getattr(organisation, "warnings", ())
    if warnings:  # loaded anyway: printed for a person to look at, exit status stays 0
        noun = "warning" if len(warnings) == 1 else "warnings"
        print(f"{len(warnings):,} {noun} (the data loads; worth a look):")
        print("\n".join(f"  - {w}" for w in warnings))
    return 0
