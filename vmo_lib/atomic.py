"""Write output files atomically: a reader, or a crash, never sees half a file.

Every export of the workbook (CSV, Excel, HTML reports, imported datasets) goes through
:func:`write_atomically`: the content is written to a temporary file in the target's own
folder, which is then renamed over the target with :func:`os.replace` (atomic on POSIX and
Windows when both are on the same file system). The temporary file gets the usual
permissions (``0o666`` less the umask), not ``mkstemp``'s private ``0o600``.

Example
-------
>>> write_atomically("out/summary.csv", lambda tmp: frame.to_csv(tmp))  # doctest: +SKIP
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["write_atomically", "write_text_atomically"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: str | Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(temporary_path)``, then move the temporary file over ``path``; return it.

    The folder is created if needed. If ``write`` raises, the temporary file is removed and
    any existing file at ``path`` is left untouched.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(
        prefix=f".{target.stem}.", suffix=target.suffix, dir=target.parent
    )
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def write_text_atomically(path: str | Path, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically; return the path."""
    return write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
