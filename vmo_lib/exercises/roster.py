"""The class list: one folder of notebooks per trainee, each with their own seed preset.

``vmo exercises build --roster roster.csv`` reads a CSV file with a ``trainee`` column (the
name the trainee is known by in the learning platform: a login, an e-mail address or a short
name) and an optional ``seed`` column. Missing seeds are drawn, all distinct (and never 0,
the case study everyone shares); the roster is written back, with every seed, into the build
folder (the input file is never touched). Each trainee's folder holds every exercise with
``trainee_seed`` preset in its parameters cell and the seed handed out kept in the notebook's
metadata, so that grading can say when a notebook runs on another seed.

>>> roster = parse_roster(pd.DataFrame({"trainee": ["ann", "bob"], "seed": [7, None]}))
>>> roster.seeds["ann"], roster.seeds["bob"] != 7
(7, True)
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from vmo_lib.display.tables import write_csv
from vmo_lib.errors import VmoError

__all__ = [
    "ISSUED_SEED_KEY",
    "Roster",
    "RosterError",
    "parse_roster",
    "preset_seed",
    "read_roster",
    "write_trainee_folders",
]

#: Key of ``metadata.vmo`` holding the seed a trainee's notebook was handed out with.
ISSUED_SEED_KEY = "issued_seed"
#: Seeds drawn for trainees without one lie in this range (large enough not to be guessed).
SEED_RANGE = (1_000, 99_999)
#: A trainee name is used as a folder name: letters, digits and . _ - @ + only.
_SAFE_NAME = re.compile(r"[A-Za-z0-9@+_-][A-Za-z0-9@+._-]*")
_SEED_LINE = re.compile(r"^(\s*trainee_seed\s*(?::\s*int\s*)?=\s*)(\S+)", re.MULTILINE)


class RosterError(VmoError, ValueError):
    """The roster cannot be used; the message lists every problem."""


@dataclass(frozen=True)
class Roster:
    """The trainees in roster order, each with a seed; ``table`` is the roster written back
    (every input column, ``seed`` filled in)."""

    trainees: tuple[str, ...]
    seeds: Mapping[str, int]
    table: pd.DataFrame


def _seed_value(value: object) -> int | str | None:
    """A seed cell: an int, None when empty, or the text of an unusable value."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = str(value).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    if not number.is_integer() or number < 1:
        return text
    return int(number)


def parse_roster(frame: pd.DataFrame, source: str = "roster") -> Roster:
    """Check a roster table and fill in missing seeds (see module doc).

    Raises :class:`RosterError` listing every problem: no ``trainee`` column, an empty or
    unusable name, a name listed twice, a seed that is not a whole number of at least 1, a
    seed given to two trainees.
    """
    columns = {str(c).strip().casefold(): c for c in frame.columns}
    if "trainee" not in columns:
        raise RosterError(
            f"{source}: no 'trainee' column (found: {', '.join(map(str, frame.columns))})"
        )
    names = frame[columns["trainee"]]
    seeds = frame[columns["seed"]] if "seed" in columns else pd.Series([None] * len(frame))
    problems: list[str] = []
    trainees: list[str] = []
    given: dict[str, int] = {}
    seen: dict[str, int] = {}
    owner: dict[int, str] = {}
    for position, (raw, raw_seed) in enumerate(zip(names, seeds, strict=True)):
        row = position + 2  # the header is row 1, as a spreadsheet shows it
        name = "" if raw is None or (isinstance(raw, float) and pd.isna(raw)) else str(raw).strip()
        if not name:
            problems.append(f"row {row}, trainee: empty")
            continue
        if not _SAFE_NAME.fullmatch(name):
            problems.append(
                f"row {row}, trainee {name!r}: use letters, digits and . _ - @ + only "
                "(the name becomes a folder name)"
            )
            continue
        if name.casefold() in seen:
            problems.append(
                f"row {row}, trainee {name!r}: listed twice (also row {seen[name.casefold()]})"
            )
            continue
        seen[name.casefold()] = row
        trainees.append(name)
        seed = _seed_value(raw_seed)
        if isinstance(seed, str):
            problems.append(f"row {row}, seed {seed!r}: must be a whole number of at least 1")
        elif seed is not None:
            if seed in owner:
                problems.append(f"row {row}, seed {seed}: already given to {owner[seed]}")
            owner.setdefault(seed, name)
            given[name] = seed
    if not trainees and not problems:
        problems.append("no trainee listed")
    if problems:
        raise RosterError(f"{source}: {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    drawn = _draw(trainees, given)
    table = frame.copy()
    table = table[
        table[columns["trainee"]].astype("string").str.strip().isin(trainees)
    ].reset_index(drop=True)
    table["seed"] = [drawn[str(n).strip()] for n in table[columns["trainee"]]]
    if "seed" in columns and columns["seed"] != "seed":
        table = table.drop(columns=[columns["seed"]])
    return Roster(tuple(trainees), drawn, table)


def _draw(trainees: Sequence[str], given: Mapping[str, int]) -> dict[str, int]:
    """Every trainee's seed: the one given, else one drawn, all distinct (reproducible: the
    same roster draws the same seeds)."""
    rng = random.Random("\n".join(trainees))
    used = set(given.values())
    seeds = dict(given)
    for name in trainees:
        if name in seeds:
            continue
        seed = rng.randint(*SEED_RANGE)
        while seed in used:
            seed = rng.randint(*SEED_RANGE)
        used.add(seed)
        seeds[name] = seed
    return seeds


def read_roster(path: Path) -> Roster:
    """Read and check a roster CSV file (UTF-8, a BOM allowed)."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise RosterError(f"no roster file {path}") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise RosterError(f"{path}: not a readable CSV file ({exc})") from None
    return parse_roster(frame, path.name)


def preset_seed(notebook: Mapping[str, Any], seed: int) -> dict[str, Any]:
    """A copy of a trainee notebook with ``trainee_seed`` set to ``seed`` in its parameters
    cell and the seed handed out kept in ``metadata.vmo``. Raises ``ValueError`` when the
    notebook has no ``trainee_seed`` parameter."""
    content = copy.deepcopy(dict(notebook))
    for cell in content.get("cells", []):
        if "parameters" not in cell.get("metadata", {}).get("tags", []):
            continue
        source = cell.get("source", "")
        source = source if isinstance(source, str) else "".join(source)
        updated, count = _SEED_LINE.subn(lambda m: f"{m.group(1)}{seed}", source, count=1)
        if count:
            cell["source"] = updated
            content.setdefault("metadata", {}).setdefault("vmo", {})[ISSUED_SEED_KEY] = seed
            return content
    raise ValueError("the notebook has no trainee_seed parameter to preset")


def write_trainee_folders(
    roster: Roster, notebooks: Mapping[str, Mapping[str, Any]], out: Path
) -> None:
    """Write ``out/<trainee>/<name>.ipynb`` for every trainee and notebook (name -> JSON),
    seed preset, and ``out/../roster.csv`` (the roster with every seed)."""
    import json

    for trainee in roster.trainees:
        folder = out / trainee
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in notebooks.items():
            preset = preset_seed(content, roster.seeds[trainee])
            text = json.dumps(preset, indent=1, ensure_ascii=False) + "\n"
            (folder / f"{name}.ipynb").write_text(text, encoding="utf-8")
    write_csv(roster.table, out.parent / "roster.csv")
