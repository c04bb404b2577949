"""pyproject.toml and environment.yml must list the same packages with the same bounds."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONDA_ONLY = {"python", "pip"}


def _requirements(lines: list[str]) -> dict[str, str]:
    parsed = {}
    for line in lines:
        match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", line)
        assert match, f"cannot read requirement {line!r}"
        name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
        parsed[name] = match.group(2).replace(" ", "")
    return parsed


def pyproject_packages() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return _requirements(lines)


def conda_packages() -> dict[str, str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    lines = [d for d in environment["dependencies"] if isinstance(d, str)]
    return {k: v for k, v in _requirements(lines).items() if k not in CONDA_ONLY}


def test_same_package_set_and_bounds():
    pip_side, conda_side = pyproject_packages(), conda_packages()
    assert sorted(set(pip_side) - set(conda_side)) == [], "only in pyproject.toml"
    assert sorted(set(conda_side) - set(pip_side)) == [], "only in environment.yml"
    differing = {k: (pip_side[k], conda_side[k]) for k in pip_side if pip_side[k] != conda_side[k]}
    assert differing == {}


def test_python_floor_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert project["requires-python"] == ">=3.11"
    assert "python>=3.11" in environment["dependencies"]


def test_core_packages_are_declared():
    core = {"jupyterlab", "pandas", "ipywidgets", "seaborn", "papermill", "nbval", "nbconvert"}
    assert core <= set(pyproject_packages())
