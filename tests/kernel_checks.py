"""Find the kernels a test started, and unreaped children, to prove nothing is left running.

Kernels inherit the environment, so a test tags the ones it starts by setting :data:`MARK` to a
fresh value (:func:`mark`), then looks for live processes carrying it (:func:`kernels`).
"""

from __future__ import annotations

import contextlib
import uuid

import psutil
import pytest

MARK = "VMO_TEST_KERNEL_MARK"


def mark(monkeypatch: pytest.MonkeyPatch) -> str:
    """Tag the kernels started from now on with a fresh mark, and return it."""
    marker = uuid.uuid4().hex
    monkeypatch.setenv(MARK, marker)
    return marker


def kernels(marker: str) -> list[int]:
    """Live processes started with ``marker`` in their environment: the tagged kernels."""
    found = []
    for process in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if process.status() != psutil.STATUS_ZOMBIE and process.environ().get(MARK) == marker:
                found.append(process.pid)
    return found


def zombies() -> list[int]:
    """Children of this process that exited but were never reaped."""
    children = psutil.Process().children(recursive=True)
    return [c.pid for c in children if c.status() == psutil.STATUS_ZOMBIE]
