"""One currency setting: no currency is written into the library or the notebooks' text.

The bundled case study keeps its books in EUR, so the only places that may name a currency
are the setting itself (``vmo_lib/currency.py``), the parsers that read amounts typed with a
currency sign (``vmo_lib/data/cells.py``, ``vmo_lib/importer/rules.py``) and the case-study
generator's story.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vmo_lib import currency
from vmo_lib.display.tables import money_short_text, money_text

ROOT = Path(__file__).resolve().parents[1]
LITERAL = re.compile(r"\bEUR\b|\beuros?\b|€", re.IGNORECASE)
ALLOWED = {
    Path("vmo_lib/currency.py"),
    Path("vmo_lib/data/cells.py"),
    Path("vmo_lib/importer/rules.py"),  # reads amounts typed with a currency sign, like cells.py
}
ALLOWED_FOLDERS = (Path("vmo_lib/data/synthetic"),)
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _library_files() -> list[Path]:
    files = []
    for path in sorted((ROOT / "vmo_lib").rglob("*")):
        relative = path.relative_to(ROOT)
        if path.suffix not in {".py", ".j2", ".css", ".html"} or relative in ALLOWED:
            continue
        if any(folder in relative.parents for folder in ALLOWED_FOLDERS):
            continue
        files.append(path)
    return files


def test_no_currency_literal_in_the_library():
    offending = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _library_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LITERAL.search(line)
    ]
    assert offending == [], "currency literals:\n" + "\n".join(offending)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_declares_and_applies_the_currency(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    parameters = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
    assert len(parameters) == 1
    assert re.search(r"^currency: str = ", "".join(parameters[0]["source"]), re.M)
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "set_currency(currency)" in code
    prose = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    assert not [text for text in prose if LITERAL.search(text)]


def test_money_labels_follow_the_setting():
    previous = currency.set_currency("GBP")
    try:
        assert money_text(1234567.8) == "GBP 1,234,568"
        assert money_short_text(-45_000) == "-GBP 45k"
        assert money_text(10, "USD") == "USD 10"
    finally:
        currency.set_currency(previous)


def test_a_currency_that_is_not_a_code_is_refused():
    with pytest.raises(currency.CurrencyError, match="three-letter"):
        currency.set_currency("pounds")
