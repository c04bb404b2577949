"""``vmo import EXPORT --mapping MAP.yaml --out DIR``: a PPM export as a workbook dataset.

Registered in :data:`vmo_lib.cli.COMMAND_MODULES`; the work is in
:mod:`vmo_lib.importer.pipeline`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vmo_lib.cli.common import EXIT_FAILURE, EXIT_USAGE, UsageError, output_folder

__all__ = ["add_command"]


def add_command(commands: argparse._SubParsersAction) -> None:
    """Add the ``import`` sub-command to ``vmo``."""
    parser = commands.add_parser(
        "import", help="turn a PPM tool's export into a workbook dataset, with a mapping file"
    )
    parser.add_argument("export", type=Path, help="the export: a CSV file, a folder or an .xlsx")
    parser.add_argument(
        "--mapping",
        type=Path,
        required=True,
        metavar="MAP.yaml",
        help="how the export's columns map to the workbook (see datasets/mappings/README.md)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="DIR",
        help="dataset folder to write (created, or replaced if it holds a previous import)",
    )
    parser.set_defaults(command=_import)


def _import(args: argparse.Namespace) -> int:
    from vmo_lib.importer.mapping import MappingError
    from vmo_lib.importer.pipeline import ImportDataError, OutputFolderError, run_import

    out = output_folder(args.out)
    try:
        result = run_import(args.export, args.mapping, out)
    except (MappingError, ImportDataError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_FAILURE if isinstance(exc, ImportDataError) else EXIT_USAGE
    except OutputFolderError as exc:
        raise UsageError(str(exc)) from None
    except FileNotFoundError as exc:
        print(f"vmo: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_USAGE
    rows = ", ".join(f"{table} {n:,} rows" for table, n in result.rows.items())
    print(f"Wrote {result.out} ({rows}; {len(result.dropped)} export rows dropped)")
    print(f"Report: {result.report}")
    print(f"Use it with: vmo handouts --data {result.out}")
    return 0
