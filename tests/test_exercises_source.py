"""Source notebooks -> trainee and solution versions: markers, placeholders, no leaks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from vmo_lib import exercises
from vmo_lib.exercises.catalogue import exercise_of, exercise_tasks, source_notebooks
from vmo_lib.exercises.source import (
    SourceError,
    leaked_lines,
    notebook_text,
    solution_notebook,
    trainee_notebook,
)
from vmo_lib.pipeline.spec import read_parameters

SOURCES = source_notebooks()


def _nb(*cells, metadata=None):
    return {"cells": list(cells), "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5}


def _code(source, **metadata):
    return {"cell_type": "code", "metadata": metadata, "source": source, "outputs": []}


def _md(source, **metadata):
    return {"cell_type": "markdown", "metadata": metadata, "source": source}


def _sources(nb):
    return [c["source"] for c in nb["cells"]]


def test_code_solution_becomes_a_placeholder_for_the_answer_only():
    source = _nb(
        _code("x = 1\n### BEGIN SOLUTION\nsteps = x * 41\nanswer = steps + 1\n### END SOLUTION"),
        _code("check(answer)"),
    )
    trainee = trainee_notebook(source)
    assert _sources(trainee) == ["x = 1\nanswer = ...  # your code here", "check(answer)"]
    assert _sources(solution_notebook(source))[0] == "x = 1\nsteps = x * 41\nanswer = steps + 1"


def test_text_answers_and_indented_blocks_keep_their_shape():
    source = _nb(
        _code('### BEGIN SOLUTION\nnote = """Long answer."""\n### END SOLUTION'),
        _code("if True:\n    ### BEGIN SOLUTION\n    y = 2\n    ### END SOLUTION\n    pass"),
        _code("### BEGIN SOLUTION\nprint('no assignment')\n### END SOLUTION"),
    )
    first, second, third = _sources(trainee_notebook(source))
    assert first == 'note = """ """  # write your answer between the triple quotes'
    assert second == "if True:\n    y = ...  # your code here\n    pass"
    assert third == "# your code here"


def test_markdown_solutions_and_solution_cells_are_removed():
    source = _nb(
        _md("Task.\n<!-- BEGIN SOLUTION -->\nThe answer is 42.\n<!-- END SOLUTION -->"),
        _md("Facilitator only.", tags=["solution"]),
        _code("x = 1", tags=["parameters"]),
    )
    trainee = trainee_notebook(source)
    assert _sources(trainee) == ["Task.", "x = 1"]
    assert trainee["cells"][1]["metadata"] == {"tags": ["parameters"]}
    solution = solution_notebook(source)
    assert _sources(solution) == ["Task.\nThe answer is 42.", "Facilitator only.", "x = 1"]


def test_outputs_counts_and_extra_metadata_are_dropped():
    cell = _code("### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION", secret="answer = 42")
    cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "42"}]
    cell["execution_count"] = 3
    source = _nb(cell, metadata={"vmo": {"exercise": "ex"}, "widgets": {"answer": 42}})
    for version in (trainee_notebook(source), solution_notebook(source)):
        out = version["cells"][0]
        assert out["outputs"] == [] and out["execution_count"] is None and out["metadata"] == {}
        assert version["metadata"] == {"vmo": {"exercise": "ex"}}


@pytest.mark.parametrize(
    "source",
    [
        "### BEGIN SOLUTION\nx = 1",
        "x = 1\n### END SOLUTION",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION",
    ],
)
def test_unbalanced_markers_are_refused_with_the_cell_number(source):
    with pytest.raises(SourceError, match="cell 2"):
        trainee_notebook(_nb(_md("intro"), _code(source)))


def test_a_leak_is_found_wherever_it_hides():
    source = _nb(_code("### BEGIN SOLUTION\nanswer = compute_it(42)\n### END SOLUTION"))
    assert leaked_lines(source, notebook_text(trainee_notebook(source))) == []
    leaky = trainee_notebook(source)
    leaky["cells"][0]["outputs"] = [{"data": {"text/plain": ["answer = compute_it(42)"]}}]
    assert leaked_lines(source, notebook_text(leaky)) == ["answer = compute_it(42)"]


def _solution_lines(source):
    """Lines between markers, found here by a plain scan (not the module's own parser)."""
    lines, inside = set(), False
    for cell in source["cells"]:
        text = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        for line in text.splitlines():
            if re.fullmatch(r"\s*(### (BEGIN|END) SOLUTION|<!-- (BEGIN|END) SOLUTION -->)", line):
                inside = "BEGIN" in line
            elif inside and len(line.strip()) > 15 and not re.fullmatch(r'\w+ = f?"""', line):
                lines.add(line.strip())  # (the answer's own name is no secret)
    return lines


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_each_source_builds_a_clean_trainee_version(path):
    source = json.loads(path.read_text(encoding="utf-8"))
    trainee = trainee_notebook(source)
    text = notebook_text(trainee)
    secret = _solution_lines(source)
    assert secret, "the source has solutions"
    assert not [line for line in secret if line in text]
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in json.dumps(trainee)
    assert "BEGIN SOLUTION" not in json.dumps(solution_notebook(source))


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_each_source_follows_the_notebook_conventions(path):
    source = json.loads(path.read_text(encoding="utf-8"))
    exercise = exercise_of(source)
    assert exercise == path.stem
    assert source["metadata"]["vmo"]["requires"]
    names = read_parameters(path, content=source).names
    for name in ("data", "organisation_name", "as_of", "output_dir", "trainee_seed"):
        assert name in names
    assert "remove-cell" in source["cells"][0]["metadata"].get("tags", [])
    code = "\n".join("".join(c["source"]) for c in source["cells"] if c["cell_type"] == "code")
    called = set(re.findall(rf"\b{path.stem[:4]}\.(check_\w+)\(", code))
    assert len(called) == len(exercise_tasks(exercise))
    for cell in source["cells"]:
        assert cell.get("outputs", []) == [] and cell.get("execution_count") is None


CURRENCY_LITERAL = re.compile(r"\bEUR\b|\beuros?\b|€", re.IGNORECASE)


@pytest.mark.parametrize("path", SOURCES, ids=[p.stem for p in SOURCES])
def test_each_source_takes_money_labels_from_the_currency_setting(path):
    """No currency is written into an exercise; one that shows money declares the setting."""
    source = json.loads(path.read_text(encoding="utf-8"))
    cells = source["cells"]
    parameters = "".join(cells[1]["source"])
    rest = ["".join(c["source"]) for c in cells[2:]] + ["".join(cells[0]["source"])]
    assert not [text for text in rest if CURRENCY_LITERAL.search(text)]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    if re.search(r"\bmoney(_text)?\b|money=", code):
        assert re.search(r'^currency: str = "EUR"  # ', parameters, re.M)
        assert "set_currency(currency)" in code


def test_exercise_checks_name_no_currency():
    folder = Path(exercises.__file__).parent
    offending = [
        f"{p.name}:{n}"
        for p in sorted(folder.glob("*.py"))
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if CURRENCY_LITERAL.search(line)
    ]
    assert offending == []
