"""The live AHP panel: sliders per pair, live weights and CR, static output when headless."""

from __future__ import annotations

import pandas as pd
import pytest

from vmo_lib.drivers.widgets import (
    judgement_panel,
    result_html,
    show_matrices,
    show_panel,
    slider_options,
)

ITEMS = ["O-A", "O-B", "O-C"]
NAMES = {"O-A": "Grow <fast>", "O-B": "Save", "O-C": "Serve"}


def matrix(ab: float, ac: float, bc: float) -> pd.DataFrame:
    m = pd.DataFrame(1.0, index=ITEMS, columns=ITEMS)
    for (a, b), v in {("O-A", "O-B"): ab, ("O-A", "O-C"): ac, ("O-B", "O-C"): bc}.items():
        m.loc[a, b], m.loc[b, a] = v, 1 / v
    return m


def test_slider_options_cover_saatys_scale() -> None:
    options = slider_options()
    assert len(options) == 17
    assert options[0] == ("◀ 9x", 9.0)  # left end: the left item 9x more important
    assert options[8] == ("equal", 1.0)
    assert options[-1] == ("9x ▶", pytest.approx(1 / 9))


def test_panel_updates_weights_and_cr_live() -> None:
    consistent = matrix(2, 4, 2)
    panel = judgement_panel({"Group": consistent, "Z": matrix(3, 1 / 3, 3)}, NAMES)
    assert len(panel.sliders) == 3
    assert [s.value for s in panel.sliders] == [2, 4, 2]
    assert "CR = 0.000" in panel.output.value and "57.1%" in panel.output.value  # 4/7
    assert panel.readouts[1].value == "◀ 4x"
    panel.sliders[1].value = 1 / 4  # now O-C > O-A while O-A > O-B > O-C: a loop
    assert "too inconsistent" in panel.output.value
    assert panel.readouts[1].value == "4x ▶"
    panel.start.value = "Z"
    assert [s.value for s in panel.sliders] == pytest.approx([3, 1 / 3, 3])
    assert panel.matrix().loc["O-C", "O-A"] == pytest.approx(3)


def test_group_values_off_the_scale_are_snapped() -> None:
    panel = judgement_panel({"Group": matrix(2.4, 1.1, 0.45)}, NAMES)
    assert [s.value for s in panel.sliders] == pytest.approx([2, 1, 1 / 2])


def test_names_are_escaped_in_the_panel() -> None:
    panel = judgement_panel({"Group": matrix(2, 4, 2)}, NAMES)
    labels = [w.value for row in panel.children[2:5] for w in row.children[::2]]
    assert any("Grow &lt;fast&gt;" in text for text in labels)
    assert not any("<fast>" in text for text in labels)


def test_result_html_escapes_names() -> None:
    from vmo_lib.drivers import ahp

    text = result_html(ahp(matrix(2, 4, 2)), NAMES)
    assert "Grow &lt;fast&gt;" in text and "<fast>" not in text


def test_headless_shows_the_static_result(monkeypatch) -> None:
    shown = []
    monkeypatch.setenv("VMO_HEADLESS", "1")
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    show_matrices({"Group (geometric mean)": matrix(2, 4, 2)}, NAMES)
    assert len(shown) == 1
    html = shown[0].data
    assert "Group (geometric mean)" in html and "CR = 0.000" in html


def test_show_panel_from_weights_headless_and_without_judgements(monkeypatch) -> None:
    from types import SimpleNamespace

    from vmo_lib.drivers import weigh_drivers

    tree = pd.DataFrame(
        {
            "driver_id": ITEMS,
            "parent_id": [None] * 3,
            "name": ["Grow <fast>", "Save", "Serve"],
            "category": ["financial", "business", "operational"],
            "description": [""] * 3,
        }
    )
    rows = [("X", "O-A", "O-B", 2), ("X", "O-A", "O-C", 4), ("X", "O-B", "O-C", 2)]
    judged = pd.DataFrame(rows, columns=["executive", "driver_a", "driver_b", "judgement"])
    case = SimpleNamespace(value_drivers=tree, driver_judgements=judged, driver_priorities=None)
    shown = []
    monkeypatch.setenv("VMO_HEADLESS", "1")
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    show_panel(weigh_drivers(case, "ahp", consistency_limit=0.3))
    (panel,) = shown
    assert "(limit 0.30)" in panel.data and "Grow &lt;fast&gt; (O-A)" in panel.data
    assert "57.1%" in panel.data  # 4 : 2 : 1, consistent
    show_panel(None)  # no judgements: nothing shown
    show_panel(weigh_drivers(case, "rank"))  # not an AHP result: nothing shown
    assert len(shown) == 1
