"""``vmo handouts``: run every notebook (per team, with ``--class``) and write the handouts.

Arguments and messages only; the work is in :mod:`vmo_lib.pipeline.handouts`. The output
folder is replaced only if every run succeeded or timed out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vmo_lib.cli.common import (
    EXIT_FAILURE,
    EXIT_USAGE,
    UsageError,
    add_deck_options,
    add_timeout,
    add_value_options,
    deck_template_of,
    fail,
    one_line,
    output_folder,
    positive,
    values_of,
)

__all__ = ["add_command"]


def add_command(commands: argparse._SubParsersAction) -> None:
    """Add the ``handouts`` sub-command to ``vmo``."""
    handouts = commands.add_parser("handouts", help="run every notebook and write handouts")
    add_value_options(handouts)
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
        type=positive,
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
    add_deck_options(handouts)
    add_timeout(handouts)
    handouts.set_defaults(command=_handouts)


def _handouts(args: argparse.Namespace) -> int:
    from vmo_lib.data import DataError
    from vmo_lib.paths import NOTEBOOKS_DIR
    from vmo_lib.pipeline.decks import DeckError
    from vmo_lib.pipeline.handouts import build_handouts
    from vmo_lib.pipeline.outdir import OutputFolderError
    from vmo_lib.pipeline.parameters import ParameterCellError, ParameterError
    from vmo_lib.pipeline.pdf import PdfError
    from vmo_lib.pipeline.plan import HandoutOptions
    from vmo_lib.pipeline.sequence import discover_notebooks
    from vmo_lib.pipeline.teams import read_class_file

    text, typed = values_of(args)
    chromium = _chromium() if args.pdf else None  # before the build: say so at once
    template = deck_template_of(args)
    folder = args.notebooks or NOTEBOOKS_DIR
    notebooks = discover_notebooks(folder)
    if not notebooks:
        raise UsageError(f"no notebooks named like 00_name.ipynb in {folder}")
    try:
        teams = read_class_file(args.class_file) if args.class_file else ()
    except (OSError, ValueError) as exc:
        raise UsageError(one_line(exc)) from None
    options = HandoutOptions(
        out=output_folder(args.out),
        notebooks=notebooks,
        text=text,
        typed=typed,
        teams=teams,
        with_code=args.with_code,
        jobs=args.jobs,
        cwd=Path.cwd(),
        pdf_chromium=chromium,
        timeout=args.timeout,
        pptx=args.pptx or template is not None,
        pptx_template=template,
    )
    try:
        report = build_handouts(options)
    except (ParameterCellError, ParameterError, OutputFolderError) as exc:
        raise UsageError(str(exc)) from None
    except (PdfError, DeckError) as exc:
        return fail(f"{one_line(exc)}; {options.out} was left as it was", EXIT_FAILURE)
    except FileNotFoundError as exc:
        return fail(one_line(exc), EXIT_USAGE)
    except DataError as exc:
        return fail(str(exc), EXIT_FAILURE)
    if not report.ok:
        print(report.summary(), file=sys.stderr)
        if report.published and chromium is not None:
            print(f"PDF handouts printed with {chromium}, linked from the index", file=sys.stderr)
        return EXIT_FAILURE
    print(report.summary())
    if chromium is not None:
        print(f"PDF handouts printed with {chromium}, linked from the index")
    if options.pptx:
        print("PowerPoint decks written beside the handouts, linked from the index")
    return 0


def _chromium() -> Path:
    """The Chromium that ``--pdf`` prints with; a usage error saying how to get one."""
    from vmo_lib.pipeline.pdf import ChromiumNotFoundError, find_chromium

    try:
        return find_chromium()
    except ChromiumNotFoundError as exc:
        raise UsageError(str(exc)) from None
