"""Build an output folder beside its destination and swap it in only when complete.

``vmo handouts`` writes into ``OUT.building-<pid>``, a sibling of ``OUT`` on the same file
system, so the final step is a rename: readers see either the previous complete folder or the
new complete folder, never a half-written one. A failed build is kept as ``OUT.partial`` for
inspection and the previous ``OUT`` is left untouched.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from vmo_lib.errors import VmoError

__all__ = [
    "MARKER",
    "OutputFolderError",
    "check_replaceable",
    "keep_partial",
    "publish",
    "staging",
    "staging_path",
]

#: File every handout build contains; only folders holding it (or empty) are ever replaced.
MARKER = "manifest.json"


class OutputFolderError(VmoError, ValueError):
    """The output folder cannot be used (it holds something that is not a handout build)."""


def check_replaceable(out: Path) -> None:
    """Refuse to replace ``out`` unless it is absent, empty or a previous handout build."""
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputFolderError(f"{out} exists and is not a folder")
    if any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputFolderError(
            f"{out} already holds files that are not a handout build; "
            "choose another --out or empty it first"
        )


def staging_path(out: Path) -> Path:
    """Where the build of ``out`` is written before it is swapped in (a sibling folder)."""
    return out.with_name(f"{out.name}.building-{os.getpid()}")


def staging(out: Path) -> Path:
    """Create and return a fresh, empty build folder beside ``out``."""
    folder = staging_path(out)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def publish(build: Path, out: Path) -> None:
    """Replace ``out`` by the complete ``build`` with renames (the old ``out`` is deleted)."""
    previous = out.with_name(f"{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(previous)
    try:
        build.rename(out)
    except OSError:
        if previous.exists():
            previous.rename(out)
        raise
    if previous.exists():
        shutil.rmtree(previous)
    stale = out.with_name(f"{out.name}.partial")
    if stale.exists():
        shutil.rmtree(stale)


def keep_partial(build: Path, out: Path) -> Path:
    """Move a failed ``build`` to ``OUT.partial`` (replacing an older one) and return it."""
    partial = out.with_name(f"{out.name}.partial")
    if partial.exists():
        shutil.rmtree(partial)
    build.rename(partial)
    return partial
