"""The bundled case study and generated organisations load cleanly through the real loader."""

from __future__ import annotations

import pandas as pd
import pytest

from vmo_lib.data import load_organisation
from vmo_lib.data.generator import generate_organisation, write_dataset
from vmo_lib.data.schema import STAGES, TABLES

DATA_DATE = pd.Timestamp("2026-09-30")


@pytest.fixture(scope="module")
def org():
    return load_organisation("harbourline")


def test_every_table_present_with_schema_columns(org):
    assert org.missing == ()
    for spec in TABLES:
        frame = getattr(org, spec.name)
        assert list(frame.columns) == spec.column_names, spec.name
        assert len(frame) > 0, spec.name


def test_sizes_match_the_case_study_brief(org):
    assert 40 <= len(org.projects) <= 60
    assert 4 <= org.projects["programme"].nunique() <= 6
    assert set(org.projects["stage"].unique()) == set(STAGES)
    roots = org.value_drivers[org.value_drivers["parent_id"].isna()]
    assert 3 <= len(roots) <= 5
    assert 3 <= org.driver_judgements["executive"].nunique() <= 6
    assert 15 <= org.pmo_assessment["respondent_id"].nunique() <= 30
    assert org.pmo_assessment["role"].nunique() >= 3


def test_dates_span_2023_to_2026_with_actuals_cut_at_data_date(org):
    assert org.projects["start_date"].min().year == 2023
    last_actual = org.benefit_actuals["quarter"].max()
    assert last_actual == pd.Period("2026Q3", freq="Q")
    assert last_actual.end_time.normalize() == DATA_DATE
    assert org.cashflows["year"].min() == 2023


def test_legacy_priority_is_a_ranking(org):
    ranks = sorted(org.projects["legacy_priority"].astype(int))
    assert ranks == list(range(1, len(ranks) + 1))


@pytest.mark.parametrize(("n_projects", "seed"), [(12, 1), (300, 7)])
def test_generated_organisation_round_trips_through_csv(tmp_path, n_projects, seed):
    tables = generate_organisation(n_projects=n_projects, seed=seed)
    write_dataset(tables, tmp_path)
    org = load_organisation(tmp_path)
    assert len(org.projects) == n_projects
    assert org.missing == ()
    pd.testing.assert_series_equal(
        org.projects["budget_at_completion"],
        tables["projects"]["budget_at_completion"].astype(float),
        check_names=False,
        check_index=False,
    )
