"""Live panel for notebook 03: move the review's judgement calls and see the findings change.

:func:`show_panel` is the one call the notebook makes: the panel in JupyterLab, and in a
handout (through :func:`vmo_lib.notebook.live.show_live_or_static`) the verdicts at the
notebook's parameters.

>>> show_panel(org, review)  # doctest: +SKIP
"""

from __future__ import annotations

import pandas as pd

from vmo_lib.data.organisation import Organisation
from vmo_lib.kpis.review import KpiReview, ReviewSettings, review_catalogue
from vmo_lib.kpis.views import settings_sentence
from vmo_lib.notebook.live import show_live_or_static

__all__ = ["review_panel", "show_panel"]


def review_panel(
    kpis: pd.DataFrame,
    value_drivers: pd.DataFrame,
    as_of: str | pd.Timestamp,
    settings: ReviewSettings | None = None,
) -> object:
    """An ipywidgets panel: three sliders, the verdict counts and the findings chart."""
    import ipywidgets as w
    from IPython.display import HTML, display

    from vmo_lib.kpis.charts import findings_bar

    start = settings or ReviewSettings()
    stretch = w.FloatSlider(
        value=start.stretch_factor, min=1.0, max=10.0, step=0.5, description="Stretch"
    )
    similarity = w.FloatSlider(
        value=start.name_similarity, min=0.5, max=1.0, step=0.05, description="Name alike"
    )
    per_driver = w.IntSlider(value=start.max_per_driver, min=1, max=10, description="KPIs/driver")

    def draw(stretch_factor: float, name_similarity: float, max_per_driver: int) -> None:
        chosen = ReviewSettings(
            stretch_factor=stretch_factor,
            name_similarity=name_similarity,
            max_per_driver=max_per_driver,
            min_value_share=start.min_value_share,
            min_leading_share=start.min_leading_share,
        )
        review = review_catalogue(kpis, value_drivers, as_of, chosen)
        display(HTML(f"<p>{review.verdict_sentence()}</p>"))
        display(findings_bar(review))

    output = w.interactive_output(
        draw,
        {"stretch_factor": stretch, "name_similarity": similarity, "max_per_driver": per_driver},
    )
    return w.VBox([w.HBox([stretch, similarity, per_driver]), output])


def show_panel(org: Organisation, review: KpiReview) -> None:
    """The review panel on ``org``'s catalogue, started at ``review``'s settings; headless,
    the sentence of verdicts at those settings."""
    show_live_or_static(
        lambda: review_panel(org.kpis, org.value_drivers, review.as_of, review.settings),
        lambda: print(settings_sentence(review)),
    )
