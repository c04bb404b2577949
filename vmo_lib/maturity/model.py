"""The maturity model: dimensions, questions and one descriptor per level, read from a file.

Why a file: the model is content, not code. An organisation rewords a question, adds one or
swaps in its own model by editing a CSV (or an Excel sheet) that :func:`load_model` validates.
The bundled model is ``datasets/maturity_model.csv``, documented in
``datasets/MATURITY_MODEL.md``. Levels follow P3M3: 1 Awareness, 2 Repeatable, 3 Defined,
4 Managed, 5 Optimised.

File layout, one row per question::

    dimension, move, importance, effort, question_id, question, level_1, ..., level_5

``move`` is one of :data:`MOVES`; ``importance`` (a weight above 0) and ``effort`` (1-5) belong
to the dimension, so a blank cell takes the value given on another row of the same dimension.

>>> model = load_model()
>>> len(model.dimension_names), model.descriptor("BEN-1", 1)
(12, 'Benefits are described in general terms, if at all.')
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from vmo_lib.data.errors import DataError, Problem
from vmo_lib.paths import DATASETS_DIR

LEVEL_NAMES: dict[int, str] = {
    1: "Awareness",
    2: "Repeatable",
    3: "Defined",
    4: "Managed",
    5: "Optimised",
}
"""The five P3M3 maturity levels."""

MOVES: tuple[str, ...] = ("value culture", "portfolio and PMO", "metrics")
"""The three moves of a PMO-to-VMO transformation, in the order a roadmap lists them."""

LEVEL_COLUMNS: tuple[str, ...] = tuple(f"level_{k}" for k in LEVEL_NAMES)
MODEL_COLUMNS: tuple[str, ...] = (
    "dimension",
    "move",
    "importance",
    "effort",
    "question_id",
    "question",
    *LEVEL_COLUMNS,
)
BUNDLED_MODEL = "maturity_model.csv"
MIN_QUESTIONS, MAX_QUESTIONS = 2, 4
_TABLE = "maturity_model"


@dataclass(frozen=True)
class MaturityModel:
    """A validated maturity model.

    ``questions`` has one row per question (``dimension, move, question_id, question,
    level_1..level_5``); ``dimensions`` one row per dimension in file order (``dimension,
    move, importance, effort, questions``), importance being a relative weight and effort a
    1-5 score (1 = weeks with the people already there, 5 = a multi-year change).
    """

    source: str
    questions: pd.DataFrame
    dimensions: pd.DataFrame

    @property
    def dimension_names(self) -> tuple[str, ...]:
        """Dimension names in the model's order."""
        return tuple(self.dimensions["dimension"])

    def descriptor(self, question_id: str, level: int) -> str:
        """The text describing ``level`` (1-5) for one question."""
        row = self.questions.loc[self.questions["question_id"] == question_id]
        if row.empty:
            raise KeyError(f"No question '{question_id}' in the maturity model")
        return str(row.iloc[0][f"level_{int(level)}"])


def level_name(level: float) -> str:
    """The P3M3 name of the level reached (a score of 2.7 has reached 2, Repeatable).

    >>> level_name(2.7), level_name(5)
    ('Repeatable', 'Optimised')
    """
    if not math.isfinite(level):
        return ""
    return LEVEL_NAMES[min(5, max(1, math.floor(level + 1e-9)))]


def resolve_model_path(source: str | Path = BUNDLED_MODEL) -> Path:
    """An existing model file: ``source`` itself, or the bundled file of that name."""
    path = Path(source).expanduser()
    if path.is_file():
        return path
    bundled = DATASETS_DIR / str(source)
    if "/" not in str(source) and bundled.is_file():
        return bundled
    raise FileNotFoundError(
        f"No maturity model '{source}': give the path of a CSV or .xlsx file, or "
        f"'{BUNDLED_MODEL}' for the bundled model."
    )


def load_model(source: str | Path = BUNDLED_MODEL) -> MaturityModel:
    """Read and validate a maturity model from a CSV file or an Excel workbook.

    A workbook is read from its ``maturity_model`` sheet (or its only sheet). Raises
    :class:`~vmo_lib.data.errors.DataError` listing every problem at once.
    """
    path = resolve_model_path(source)
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        sheets = pd.read_excel(path, sheet_name=None, dtype=str)
        chosen = next((s for s in sheets if s.strip().lower() == _TABLE), None)
        if chosen is None and len(sheets) != 1:
            raise DataError([Problem(path.name, _TABLE, f"no sheet named '{_TABLE}'")], str(path))
        frame = sheets[chosen or next(iter(sheets))].fillna("")
        location = f"{path.name}, sheet '{chosen or next(iter(sheets))}'"
    else:
        text = path.read_text(encoding="utf-8-sig")
        header = text.splitlines()[0] if text.strip() else ""
        sep = ";" if header.count(";") > header.count(",") else ","
        frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        location = path.name
    return model_from_frame(frame, location)


def model_from_frame(frame: pd.DataFrame, location: str = "maturity model") -> MaturityModel:
    """Validate a model table (columns :data:`MODEL_COLUMNS`, text cells) and build the model."""
    frame = frame.rename(columns=lambda c: str(c).strip().lower().replace(" ", "_"))
    missing = [c for c in MODEL_COLUMNS if c not in frame.columns]
    if missing:
        rule = f"missing column(s) {', '.join(missing)}; expected {', '.join(MODEL_COLUMNS)}"
        raise DataError([Problem(location, _TABLE, rule)], location)
    frame = frame[list(MODEL_COLUMNS)].astype(str).apply(lambda s: s.str.strip())
    frame = frame.replace({"nan": ""})
    frame = frame[(frame != "").any(axis=1)].reset_index(drop=True)
    rows = [i + 2 for i in range(len(frame))]
    problems = _cell_problems(frame, rows, location)
    dimensions, dim_problems = _dimension_table(frame, rows, location)
    problems += dim_problems
    if frame.empty:
        problems.append(Problem(location, _TABLE, "the model has no questions"))
    if problems:
        raise DataError(problems, location)
    questions = frame[["dimension", "move", "question_id", "question", *LEVEL_COLUMNS]]
    return MaturityModel(location, questions.reset_index(drop=True), dimensions)


def _cell_problems(frame: pd.DataFrame, rows: list[int], location: str) -> list[Problem]:
    problems = []
    required = ("dimension", "move", "question_id", "question", *LEVEL_COLUMNS)
    seen: dict[str, int] = {}
    for i, (_, row) in enumerate(frame.iterrows()):  # frame has a 0..n-1 index
        for column in required:
            if not row[column]:
                rule = "is blank: every question needs a text here"
                problems.append(Problem(location, _TABLE, rule, rows[i], column))
        if row["move"] and row["move"] not in MOVES:
            rule = f"must be one of: {', '.join(MOVES)}"
            problems.append(Problem(location, _TABLE, rule, rows[i], "move", row["move"]))
        qid = row["question_id"]
        if qid and qid in seen:
            rule = f"question id already used on row {seen[qid]}; ids must be unique"
            problems.append(Problem(location, _TABLE, rule, rows[i], "question_id", qid))
        seen.setdefault(qid, rows[i])
    return problems


def _dimension_table(
    frame: pd.DataFrame, rows: list[int], location: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """One row per dimension with its move, importance and effort, checked for consistency."""
    problems: list[Problem] = []
    records = []
    for name, group in frame[frame["dimension"].ne("")].groupby("dimension", sort=False):
        first = rows[group.index[0]]
        n = len(group)
        if not MIN_QUESTIONS <= n <= MAX_QUESTIONS:
            rule = f"has {n} question(s); a dimension needs {MIN_QUESTIONS} to {MAX_QUESTIONS}"
            problems.append(Problem(location, _TABLE, rule, first, "dimension", name))
        values = {}
        for column, low, high in (("importance", 1e-9, math.inf), ("effort", 1.0, 5.0)):
            given = {v for v in group[column] if v}
            value = _number(next(iter(given))) if len(given) == 1 else None
            if len(given) > 1:
                rule = f"has different {column} values on its rows; give one value"
                problems.append(Problem(location, _TABLE, rule, first, column, name))
            elif value is None or not low <= value <= high or (column == "effort" and value % 1):
                wanted = "a number above 0" if column == "importance" else "a whole number 1-5"
                rule = f"needs its {column} as {wanted} on at least one row"
                problems.append(Problem(location, _TABLE, rule, first, column, name))
            values[column] = value
        moves = {m for m in group["move"] if m}
        if len(moves) > 1:
            rule = "has different moves on its rows; a dimension belongs to one move"
            problems.append(Problem(location, _TABLE, rule, first, "move", name))
        records.append(
            {
                "dimension": name,
                "move": next(iter(moves), ""),
                "importance": values["importance"],
                "effort": values["effort"],
                "questions": n,
            }
        )
    columns = ["dimension", "move", "importance", "effort", "questions"]
    return pd.DataFrame(records, columns=columns), problems


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None
