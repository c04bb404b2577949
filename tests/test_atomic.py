"""Atomic writes: the old file survives a failed write, and no temporary file is left."""

from __future__ import annotations

import pandas as pd
import pytest

from vmo_lib.atomic import write_atomically, write_text_atomically
from vmo_lib.display.tables import write_csv


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")

    def broken(tmp):
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_written_files_are_readable_by_others(tmp_path):
    path = write_text_atomically(tmp_path / "sub" / "a.txt", "hello")
    assert path.read_text(encoding="utf-8") == "hello"
    assert path.stat().st_mode & 0o044  # not mkstemp's private 0o600


def test_write_csv_neutralises_and_replaces(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("stale", encoding="utf-8")
    write_csv(pd.DataFrame({"name": ["=HYPERLINK(1)", "ok"]}), target)
    assert pd.read_csv(target)["name"].tolist() == ["'=HYPERLINK(1)", "ok"]
    assert len(list(tmp_path.iterdir())) == 1
