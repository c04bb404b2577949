"""``vmo exercises build`` and ``vmo exercises grade``: the facilitator's commands.

Arguments and messages only; the work is in :mod:`vmo_lib.exercises.build` and
:mod:`vmo_lib.exercises.grade`. Heavy modules are imported inside the handlers so that
``vmo --help`` stays fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from vmo_lib.cli.common import output_folder as _output
from vmo_lib.cli.common import positive as _positive

__all__ = ["EXIT_INTERRUPTED", "add_command"]

#: Exit status of a grading stopped by Ctrl-C or SIGTERM (its summary is still written).
EXIT_INTERRUPTED = 130


def add_command(commands: Any) -> None:
    """Add ``exercises`` with its ``build`` and ``grade`` sub-commands to ``vmo``."""
    exercises = commands.add_parser(
        "exercises", help="workshop exercises: build trainee/solution versions, grade a class"
    )
    actions = exercises.add_subparsers(title="actions", required=True, metavar="ACTION")

    build = actions.add_parser(
        "build", help="write trainee and solution notebooks with HTML handouts of both"
    )
    build.add_argument(
        "--out",
        type=Path,
        default=Path("reports/exercises"),
        metavar="DIR",
        help="output folder, replaced only when the build succeeds (default: reports/exercises)",
    )
    build.add_argument(
        "--no-handouts", action="store_true", help="write the notebooks only (no execution)"
    )
    build.add_argument("--jobs", type=_positive, metavar="N", help="notebooks run at once")
    build.add_argument(
        "--roster",
        type=Path,
        metavar="CSV",
        help="class list (columns trainee, optional seed): one folder of notebooks per trainee, "
        "their seed preset; the roster with every seed is written to OUT/roster.csv",
    )
    build.set_defaults(command=_build)

    grade = actions.add_parser(
        "grade", help="run a folder of completed notebooks and write a class summary"
    )
    grade.add_argument("folder", type=Path, metavar="DIR", help="folder of trainees' notebooks")
    grade.add_argument(
        "--out",
        type=Path,
        default=Path("reports/grading"),
        metavar="OUT",
        help="output folder for summary.html, gradebook.csv, tasks.csv, notebooks.csv, "
        "feedback pages and open answers (default: reports/grading)",
    )
    grade.add_argument("--jobs", type=_positive, metavar="N", help="notebooks run at once")
    grade.add_argument(
        "--timeout",
        type=_seconds,
        default=120.0,
        metavar="SECONDS",
        help="time limit per notebook; a notebook still running is stopped and its remaining "
        "tasks reported as timeout (default: 120)",
    )
    grade.set_defaults(command=_grade)


def _seconds(text: str) -> float:
    """An argparse type: a time limit in seconds, more than 0 (grading always has one)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def _build(args: argparse.Namespace) -> int:
    from vmo_lib.cli import EXIT_FAILURE, UsageError
    from vmo_lib.exercises.build import build_exercises
    from vmo_lib.exercises.roster import RosterError, read_roster
    from vmo_lib.exercises.source import SourceError
    from vmo_lib.pipeline.outdir import OutputFolderError

    out = _output(args.out)
    roster = None
    if args.roster is not None:
        path = args.roster.expanduser().resolve()
        if path == out or out in path.parents:
            raise UsageError(
                f"the roster {path} is inside the output folder, which a build replaces; "
                "keep it elsewhere"
            )
        try:
            roster = read_roster(path)
        except RosterError as exc:
            raise UsageError(str(exc)) from None
    print("Building the exercises...", file=sys.stderr)
    try:
        result = build_exercises(out, execute=not args.no_handouts, jobs=args.jobs, roster=roster)
    except (OutputFolderError, SourceError) as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:
        print(f"vmo: error: {exc}", file=sys.stderr)
        return EXIT_FAILURE
    if not result.ok:
        print(result.summary(), file=sys.stderr)
        return EXIT_FAILURE
    print(result.summary())
    if roster is not None:
        print(
            f"{len(roster.trainees)} trainee folder(s) in {out / 'trainees'}; the roster with "
            f"every seed is {out / 'roster.csv'}"
        )
    return 0


def _grade(args: argparse.Namespace) -> int:
    from vmo_lib.cli import UsageError
    from vmo_lib.exercises.grade import grade_folder
    from vmo_lib.pipeline.outdir import OutputFolderError

    folder = args.folder.expanduser().resolve()
    out = _output(args.out)
    print(f"Grading the notebooks in {folder}...", file=sys.stderr)
    try:
        report = grade_folder(folder, out, jobs=args.jobs, timeout=args.timeout)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    except OutputFolderError as exc:
        raise UsageError(str(exc)) from None
    print(report.summary())
    return EXIT_INTERRUPTED if report.interrupted else 0
