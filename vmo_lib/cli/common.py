"""What every ``vmo`` sub-command shares: exit statuses, usage errors, option helpers.

A sub-command module (``vmo_lib.cli.run``, ``vmo_lib.cli.handouts``, ...) imports from here,
never from :mod:`vmo_lib.cli` itself, so the package has no import cycle. Only light modules
are imported at load time (argparse, pathlib) so that ``vmo --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vmo_lib.errors import VmoError

__all__ = [
    "DEFAULT_TIMEOUT",
    "EXIT_FAILURE",
    "EXIT_USAGE",
    "UsageError",
    "add_deck_options",
    "add_timeout",
    "add_value_options",
    "deck_template_of",
    "fail",
    "find_notebook_argument",
    "one_line",
    "output_folder",
    "positive",
    "seconds",
    "values_of",
]

#: Exit status of a run that failed (a notebook raised, the data is invalid).
EXIT_FAILURE = 1
#: Exit status of a request the command cannot act on (bad parameter, missing file).
EXIT_USAGE = 2

#: Seconds a notebook may run by default: generous, a 10,000-project run fits in it.
DEFAULT_TIMEOUT = 1800.0


class UsageError(VmoError):
    """A problem with what the user asked for; reported in one line with exit status 2."""


def fail(message: str, status: int) -> int:
    """Print ``vmo: error: message`` on stderr and return ``status`` (the exit status)."""
    print(f"vmo: error: {message}", file=sys.stderr)
    return status


def one_line(exc: BaseException) -> str:
    """An exception's message on one line (a path error spans several otherwise)."""
    return " ".join(str(exc).split())


def output_folder(path: Path) -> Path:
    """The absolute output folder, refused if it lies inside the bundled datasets."""
    from vmo_lib.paths import DATASETS_DIR

    out = path.expanduser().resolve()
    if out == DATASETS_DIR or DATASETS_DIR in out.parents:
        raise UsageError(f"refusing to write inside the bundled datasets folder: {out}")
    return out


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1 (``--jobs``)."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def seconds(text: str) -> float | None:
    """An argparse type: seconds, ``None`` for 0 (no limit).

    >>> seconds("90"), seconds("0")
    (90.0, None)
    """
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be 0 (no limit) or a positive number of seconds")
    return value or None


def add_value_options(parser: argparse.ArgumentParser) -> None:
    """``-p NAME VALUE``, ``-f FILE`` and ``--data PATH``: the parameter values of a run."""
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
    parser.add_argument(
        "--csv-style",
        choices=("standard", "european"),
        help="CSV exports: standard (',' and '.') or european (';' and decimal comma); "
        "the same as -p csv_style",
    )


def add_deck_options(parser: argparse.ArgumentParser) -> None:
    """``--pptx`` and ``--pptx-template FILE``: an editable deck beside each handout."""
    parser.add_argument(
        "--pptx",
        action="store_true",
        help="also write an editable PowerPoint deck beside each handout",
    )
    parser.add_argument(
        "--pptx-template",
        type=Path,
        metavar="FILE",
        help="the organisation's .pptx whose master the decks use (implies --pptx)",
    )


def deck_template_of(args: argparse.Namespace) -> Path | None:
    """The ``--pptx-template`` file, checked before anything runs (None: no template)."""
    template = args.pptx_template
    if template is None:
        return None
    template = template.expanduser().resolve()
    if not template.is_file():
        raise UsageError(f"--pptx-template {args.pptx_template}: no such file")
    from vmo_lib.pipeline.decks import DeckError, open_template

    try:
        open_template(template)  # a file that is not a .pptx is refused before any run
    except DeckError as exc:
        raise UsageError(f"--pptx-template: {one_line(exc)}") from None
    return template


def add_timeout(parser: argparse.ArgumentParser) -> None:
    """``--timeout SECONDS``: stop a notebook that runs longer (default :data:`DEFAULT_TIMEOUT`)."""
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop a notebook that runs longer and report it (default: {DEFAULT_TIMEOUT:g}; "
        "0 for no limit)",
    )


def values_of(args: argparse.Namespace) -> tuple[dict[str, str], dict[str, object]]:
    """Command-line values (text) and params-file values (typed) of a run."""
    text = {name: value for name, value in args.parameters}
    if args.data is not None:
        text["data"] = args.data
    if getattr(args, "csv_style", None) is not None:
        text["csv_style"] = args.csv_style
    typed: dict[str, object] = {}
    if args.params_file is not None:
        import yaml

        try:
            loaded = yaml.safe_load(args.params_file.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise UsageError(f"cannot read {args.params_file}: {one_line(exc)}") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise UsageError(f"{args.params_file}: expected a mapping of parameter values")
        typed = {str(k): v for k, v in (loaded or {}).items()}
    return text, typed


def find_notebook_argument(args: argparse.Namespace) -> Path:
    """The notebook named by ``args.notebook`` (a path or a stem in ``args.notebooks``)."""
    from vmo_lib.pipeline.sequence import NotebookNotFoundError, find_notebook

    try:
        return find_notebook(args.notebook, args.notebooks)
    except NotebookNotFoundError as exc:
        raise UsageError(str(exc)) from None
