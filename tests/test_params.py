"""Parameter declarations: reading them, rejecting malformed cells, converting values."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, get_args

import pytest

from vmo_lib.notebook.params import Between, Choice, Date, Interval
from vmo_lib.pipeline.spec import (
    NotebookParameters,
    ParameterCellError,
    parse_parameter_cell,
    read_parameters,
)
from vmo_lib.pipeline.values import (
    ParameterError,
    check_value,
    convert_text,
    localise_data,
    resolve_parameters,
)

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
FIGURES = FIXTURES / "00_figures.ipynb"


@pytest.fixture(scope="module")
def spec():
    return read_parameters(FIGURES)


def test_runtime_names_evaluate_like_annotations():
    assert get_args(Choice["a", "b"]) == ("a", "b")
    assert Date.__metadata__ and get_args(Date)[0] is str
    between = Between[0, 0.5]
    assert get_args(between) == (float, Interval(0, 0.5))
    assert Annotated[float, Interval(1, 2)] == Between[1, 2]
    with pytest.raises(TypeError):
        Between[1]


def test_reads_names_types_defaults_and_help(spec):
    assert spec.names == (
        "data",
        "organisation_name",
        "as_of",
        "output_dir",
        "eac_method",
        "on_budget_tolerance",
        "top_n",
        "show_closed",
    )
    as_of = spec.get("as_of")
    assert (as_of.kind, as_of.default) == ("date", "2026-09-30")
    assert as_of.help == "analysis date (YYYY-MM-DD); data after it is ignored"
    eac = spec.get("eac_method")
    assert (eac.kind, eac.choices, eac.default) == ("choice", ("cpi", "atypical", "cpi_spi"), "cpi")
    tolerance = spec.get("on_budget_tolerance")
    assert (tolerance.kind, tolerance.bounds, tolerance.default) == ("float", (0, 0.5), 0.05)
    top_n = spec.get("top_n")
    assert (top_n.kind, top_n.bounds, top_n.line) == ("int", (1, 100), 8)
    assert spec.get("show_closed").kind == "bool"
    assert spec.get("nope") is None
    assert spec.cell_index == 2


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("top_n = 10  # no annotation", "line 1: 'top_n = 10' is not a parameter declaration"),
        ("x: int = 1  # ok\nimport os", "line 2: 'import os' is not a parameter declaration"),
        ("# header\ntop_n: int = 10", "line 2: parameter 'top_n' has no help comment"),
        ("top_n: int = len('ab')  # help", "line 1: the default of 'top_n' must be a literal"),
        ("top_n: list = []  # help", "line 1: 'top_n': unsupported type 'list'"),
        ("top_n: Between[5, 1] = 3  # help", "write Between[low, high] with low <= high"),
        ("top_n: Between[1, 10] = 30  # help", "invalid default: top_n must be between 1 and 10"),
        ('m: Choice["a", "b"] = "c"  # help', "invalid default: m must be one of 'a', 'b'"),
        ('d: Date = "30/09/2026"  # help', "invalid default: d must be a date like 2026-09-30"),
        ("a: int = 1  # one\na: int = 2  # two", "line 2: parameter 'a' is declared twice"),
        ("a: int = = 1  # help", "line 1: invalid Python"),
    ],
)
def test_malformed_cells_name_the_line(source, message):
    with pytest.raises(ParameterCellError) as info:
        parse_parameter_cell(source, where="nb.ipynb")
    assert str(info.value).startswith("nb.ipynb")
    assert message in str(info.value)


def _notebook(*cells):
    return {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def _code(source, tags=()):
    return {"cell_type": "code", "source": source, "metadata": {"tags": list(tags)}}


def test_notebook_needs_exactly_one_parameters_cell():
    one = _code("a: int = 1  # help", ["parameters"])
    with pytest.raises(ParameterCellError, match=r"x\.ipynb: expected exactly one .* found no"):
        read_parameters("x.ipynb", content=_notebook(_code("a = 1")))
    with pytest.raises(ParameterCellError, match=r"found 2 cells \(cells 1, 2\)"):
        read_parameters("x.ipynb", content=_notebook(one, one))
    spec = read_parameters("x.ipynb", content=_notebook(_code("pass"), one))
    assert spec.names == ("a",) and spec.cell_index == 1


def test_multiline_declaration_takes_its_trailing_comment():
    (param,) = parse_parameter_cell('m: Choice[\n    "a",\n    "b",\n] = "b"  # pick one')
    assert (param.choices, param.default, param.help) == (("a", "b"), "b", "pick one")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("show_closed", "yes", True),
        ("show_closed", "No", False),
        ("show_closed", "1", True),
        ("show_closed", "false", False),
        ("top_n", "25", 25),
        ("on_budget_tolerance", "0.1", 0.1),
        ("on_budget_tolerance", "0", 0.0),
        ("as_of", "2026-06-30", "2026-06-30"),
        ("eac_method", "cpi_spi", "cpi_spi"),
        ("organisation_name", "Acme", "Acme"),
    ],
)
def test_command_line_text_is_converted_by_type(spec, name, text, expected):
    value = convert_text(spec.get(name), text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("as_of", "yesterday", "as_of must be a date like 2026-09-30, got 'yesterday'"),
        ("as_of", "2026-02-30", "as_of must be a date like 2026-09-30, got '2026-02-30'"),
        ("top_n", "ten", "top_n must be a whole number, got 'ten'"),
        ("top_n", "2.5", "top_n must be a whole number, got '2.5'"),
        ("top_n", "500", "top_n must be between 1 and 100, got 500"),
        ("on_budget_tolerance", "0.9", "on_budget_tolerance must be between 0 and 0.5, got 0.9"),
        ("on_budget_tolerance", "nan", "on_budget_tolerance must be a finite number"),
        ("show_closed", "maybe", "show_closed must be true or false, got 'maybe'"),
        ("eac_method", "evm", "eac_method must be one of 'cpi', 'atypical', 'cpi_spi', got 'evm'"),
    ],
)
def test_bad_text_values_give_one_line_errors(spec, name, text, message):
    with pytest.raises(ParameterError) as info:
        convert_text(spec.get(name), text)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_typed_values_from_yaml_are_checked(spec):
    assert check_value(spec.get("as_of"), dt.date(2026, 3, 31)) == "2026-03-31"
    assert check_value(spec.get("on_budget_tolerance"), 0) == 0.0
    with pytest.raises(ParameterError, match="show_closed must be true or false, got 'yes'"):
        check_value(spec.get("show_closed"), "yes")
    with pytest.raises(ParameterError, match="top_n must be a whole number, got True"):
        check_value(spec.get("top_n"), True)
    with pytest.raises(ParameterError, match="organisation_name must be text, got 12"):
        check_value(spec.get("organisation_name"), 12)
    with pytest.raises(ParameterError, match="as_of must be a date"):
        check_value(spec.get("as_of"), dt.datetime(2026, 3, 31, 10, 0))


def test_resolve_suggests_the_closest_name(spec):
    with pytest.raises(ParameterError, match=r"unknown parameter 'top_m' .*did you mean 'top_n'"):
        resolve_parameters(spec, text={"top_m": "3"})
    with pytest.raises(ParameterError, match="valid names: as_of, data"):
        resolve_parameters(spec, typed={"zzzzzz": 1})


def test_resolve_layers_values_and_localises_data(spec, tmp_path):
    (tmp_path / "mine").mkdir()
    values = resolve_parameters(
        spec,
        text={"top_n": "5", "data": "mine"},
        typed={"top_n": 7, "show_closed": False, "output_dir": "x"},
        cwd=tmp_path,
        output_dir=tmp_path / "out",
    )
    assert values.given == {
        "top_n": 5,
        "data": "mine",
        "show_closed": False,
        "organisation_name": "mine",  # other data, no name given: the dataset's name
    }
    assert values.injected["data"] == str((tmp_path / "mine").resolve())
    assert values.injected["output_dir"] == str(tmp_path / "out")
    assert values.changed() == {"top_n", "data", "show_closed", "organisation_name"}
    assert values.effective()["eac_method"] == "cpi"


def test_data_that_is_not_a_path_is_a_bundled_name(tmp_path):
    assert localise_data("harbourline", tmp_path) == "harbourline"
    (tmp_path / "org.xlsx").write_bytes(b"")
    assert localise_data("org.xlsx", tmp_path) == str(tmp_path / "org.xlsx")


def test_file_path_parameters_are_taken_from_the_users_folder(tmp_path):
    source = (
        'model: FilePath = "model.csv"  # the model file\n'
        'label: str = "model.csv"  # plain text, never a path\n'
    )
    parameters = parse_parameter_cell(source, where="nb")
    assert [p.type_label for p in parameters] == ["FilePath", "str"]
    (tmp_path / "mine.csv").write_text("x\n")
    spec = NotebookParameters(Path("nb.ipynb"), tuple(parameters), cell_index=1)
    values = resolve_parameters(spec, text={"model": "mine.csv", "label": "mine.csv"}, cwd=tmp_path)
    assert values.injected["model"] == str(tmp_path / "mine.csv")
    assert values.injected["label"] == "mine.csv"


def test_every_problem_is_reported_at_once(spec):
    with pytest.raises(ParameterError) as info:
        resolve_parameters(
            spec, text={"top_m": "3", "as_of": "tomorrow"}, typed={"show_closed": "perhaps"}
        )
    message = str(info.value)
    assert message.startswith("3 problems with the parameters:")
    assert "did you mean 'top_n'" in message and "as_of must be a date" in message
    assert "show_closed must be true or false, got 'perhaps'" in message


def test_forgiving_spellings_are_accepted(spec):
    values = resolve_parameters(
        spec,
        text={"eac_method": "Atypical", "on_budget_tolerance": "5%"},
        typed={"top_n": "7", "show_closed": "yes"},
    )
    assert values.given["eac_method"] == "atypical"
    assert values.given["on_budget_tolerance"] == pytest.approx(0.05)
    assert values.given["top_n"] == 7 and values.given["show_closed"] is True


def test_other_data_without_a_name_is_titled_with_the_dataset_name(spec, tmp_path):
    if spec.get("organisation_name") is None:
        pytest.skip("the fixture notebook has no organisation_name")
    assert (
        resolve_parameters(spec, text={"data": "acme_2026.xlsx"}).given["organisation_name"]
        == "acme_2026"
    )
    named = resolve_parameters(spec, text={"data": "exports/", "organisation_name": "Acme"})
    assert named.given["organisation_name"] == "Acme"
    assert "organisation_name" not in resolve_parameters(spec, text={"top_n": "3"}).given


def test_amounts_may_use_k_and_m(spec):
    import dataclasses

    amount = dataclasses.replace(spec.get("on_budget_tolerance"), bounds=None)
    assert convert_text(amount, "40m") == 40_000_000
    assert convert_text(amount, "2.5K") == 2_500
    assert convert_text(amount, "8%") == pytest.approx(0.08)
    with pytest.raises(ParameterError, match="must be a number, got 'm'"):
        convert_text(amount, "m")
