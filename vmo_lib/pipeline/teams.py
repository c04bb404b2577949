"""A class of teams for ``vmo handouts --class FILE``: one handout set per team.

A class file is a YAML list of mappings or a CSV with a header; each entry has a ``name`` and
parameter values. The team's folder is its name as a slug (:func:`slugify`).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from vmo_lib.pipeline.parameters import DATA_PARAMETER
from vmo_lib.pipeline.values import localise_data

__all__ = ["Team", "read_class_file", "slugify"]


@dataclass(frozen=True)
class Team:
    """One entry of a ``--class`` file: a team or cohort and its parameter values."""

    name: str
    slug: str
    text: dict[str, str] = field(default_factory=dict)
    typed: dict[str, object] = field(default_factory=dict)


def slugify(name: str) -> str:
    """A folder name for a team: lower-case ASCII letters, digits and hyphens.

    >>> slugify("Équipe Nord & Sud")
    'equipe-nord-sud'
    """
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
