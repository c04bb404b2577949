"""The data dictionary: generated from the schema, and the committed README matches it."""

from __future__ import annotations

from pathlib import Path

import pytest

from vmo_lib.data.dictionary import (
    END,
    README,
    START,
    data_dictionary_markdown,
    generated_section,
    update_readme,
)
from vmo_lib.data.schema import TABLES


def test_committed_readme_matches_the_schema() -> None:
    text = README.read_text(encoding="utf-8")
    assert generated_section(text) == data_dictionary_markdown(), (
        "datasets/README.md is stale: run python -m vmo_lib.data.dictionary"
    )
    assert text.index(START) > 0  # a hand-written introduction comes first


def test_every_table_and_column_is_documented() -> None:
    text = data_dictionary_markdown()
    for table in TABLES:
        assert f"### `{table.name}`" in text
        for col in table.columns:
            row = next(line for line in text.splitlines() if line.startswith(f"| `{col.name}` |"))
            assert ("| yes |" in row) == col.required or not col.required
        for notebook in table.used_by:
            assert notebook in text
    assert "one of: `proposed`, `approved`, `in flight`, `closed`" in text
    assert "1/9 to 9" in text
    assert "must match `projects.project_id`" in text


def test_table_rows_have_the_header_width() -> None:
    for line in data_dictionary_markdown().splitlines():
        if line.startswith("| `"):
            assert line.replace("\\|", "").count("|") == 8, line


def test_update_readme_keeps_the_introduction(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Intro\n\nHand-written.\n\n{START}\nold\n{END}\nFooter\n", "utf-8")
    update_readme(readme)
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Intro\n\nHand-written.\n\n")
    assert text.endswith(f"{END}\nFooter\n")
    assert generated_section(text) == data_dictionary_markdown()
    with pytest.raises(ValueError):
        generated_section("no markers here")
