"""When the steps of a build happened: :class:`Phase`, on one wall-clock time line.

Every instant that phases are compared by comes from one clock, the system's wall clock:
:func:`time.time` in the parent and in the pool workers, and papermill's cell stamps, which
are ``datetime.now(timezone.utc)`` (the same clock, rounded to the microsecond) and are
converted by :func:`cells_phase`. A monotonic clock would not do: papermill's stamps cannot be
put on it, and phases stamped in several processes must share one time line.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

__all__ = ["Phase", "cells_phase"]


@dataclass(frozen=True)
class Phase:
    """A timed step: when it began (seconds since the epoch) and how long it lasted."""

    start: float
    seconds: float

    @property
    def end(self) -> float:
        """When the step finished."""
        return self.start + self.seconds

    @classmethod
    def since(cls, start: float) -> Phase:
        """The step that began at ``start`` (a :func:`time.time` reading) and ends now."""
        return cls(start, max(time.time() - start, 0.0))

    def relative_to(self, origin: float) -> dict[str, float]:
        """``{"start": seconds after origin, "seconds": duration}``, for a manifest."""
        return {"start": round(self.start - origin, 3), "seconds": round(self.seconds, 3)}


def cells_phase(nb: Any) -> Phase | None:
    """From the first cell's start to the last cell's end, as papermill stamped them."""
    starts, ends = [], []
    for cell in nb.get("cells", []):
        stamps = cell.get("metadata", {}).get("papermill", {})
        if stamps.get("start_time"):
            starts.append(_epoch(stamps["start_time"]))
        if stamps.get("end_time"):
            ends.append(_epoch(stamps["end_time"]))
    if not starts or not ends:
        return None
    return Phase(min(starts), max(max(ends) - min(starts), 0.0))


def _epoch(stamp: str) -> float:
    """Seconds since the epoch of an ISO time stamp (papermill's are UTC)."""
    moment = dt.datetime.fromisoformat(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.timestamp()
