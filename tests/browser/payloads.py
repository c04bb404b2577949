"""A dataset whose text fields carry HTML and JavaScript payloads, to prove none of them runs.

Every payload, if a page or a notebook output rendered it as HTML instead of text, would set
``window.__xss`` (to the payload's number) or open a dialog. Each text cell of the generated
organisation gets one payload appended; the same value always gets the same payload, so names
that tie tables together (programmes, dimensions, teams) still match across tables.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pandas as pd

from vmo_lib.data.generator import generate_organisation, write_dataset
from vmo_lib.data.schema import TABLES_BY_NAME

#: Payloads that execute on their own (no click) when parsed as HTML.
PAYLOADS = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '"><svg onload="window.__xss=3">',
    '\'><details open ontoggle="alert(4)">',
    '<iframe srcdoc="<script>parent.__xss=5</script>"></iframe>',
    '<style onload="window.__xss=6"></style><b>bold7</b>',
)
#: Column kinds whose cells are free text shown to readers.
TEXT_KINDS = ("text",)
#: Text columns matched against the maturity model or parameter defaults: left as generated.
KEPT = {("pmo_assessment", "dimension"), ("pmo_assessment", "role")}
#: The organisation name given as a parameter, a payload of its own.
ORGANISATION = "Acme <script>window.__xss=8</script> & Co"


def with_payload(value: object) -> object:
    """``value`` with the payload chosen by its text appended; blanks stay blank."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return value
    text = str(value)
    return f"{text} {PAYLOADS[zlib.crc32(text.encode()) % len(PAYLOADS)]}"


def payload_tables(n_projects: int = 14, seed: int = 11) -> dict[str, pd.DataFrame]:
    """A generated organisation with a payload in every text cell."""
    tables = generate_organisation(n_projects=n_projects, seed=seed)
    for name, frame in tables.items():
        for column in TABLES_BY_NAME[name].columns:
            if column.kind in TEXT_KINDS and (name, column.name) not in KEPT:
                frame[column.name] = frame[column.name].map(with_payload)
    return tables


def write_payload_dataset(folder: Path) -> Path:
    """Write the payload organisation as CSV files into ``folder`` and return it."""
    write_dataset(payload_tables(), Path(folder))
    return Path(folder)
