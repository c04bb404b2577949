"""The handouts index: one page listing every handout of a build with its key figures.

An :class:`IndexEntry` per handout (title, link, PDF, status, key figures, skipped analyses),
an :class:`IndexSet` per team of a ``--class`` build, rendered with the ``vmo_index`` Jinja
template (autoescaped: notebook titles and recorded text are data). Key figures are shown with
their unit: money in the run's own currency, percentages, ratios, counts.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vmo_lib.notebook.record import Figure

__all__ = [
    "IndexEntry",
    "IndexSet",
    "figure_text",
    "figures",
    "format_figure",
    "render_index",
    "skipped_analyses",
]

#: The pipeline's template folder (``vmo_index/index.html.j2`` beside the handout template).
_TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class IndexEntry:
    """One handout listed in an index page."""

    title: str
    notebook: str
    href: str
    ok: bool
    figures: tuple[tuple[str, str], ...] = ()
    failure: str | None = None
    skipped: str | None = None
    skipped_analyses: tuple[tuple[str, str], ...] = ()
    pdf_href: str | None = None
    pptx_href: str | None = None
    #: The run was stopped at its time limit (shown as "timed out", not "failed").
    timed_out: bool = False


@dataclass(frozen=True)
class IndexSet:
    """One team's handout set listed in the top index of a ``--class`` build."""

    name: str
    href: str
    count: int
    failed: int

    @property
    def ok(self) -> bool:
        """Whether every run of the set succeeded."""
        return self.failed == 0


def render_index(
    title: str,
    *,
    built: str,
    version: str,
    handouts: Sequence[IndexEntry] = (),
    sets: Sequence[IndexSet] = (),
    about: Sequence[tuple[str, str]] = (),
    back_link: str | None = None,
) -> str:
    """Render an index page listing ``handouts`` (one set) or ``sets`` (a class build).

    ``about`` lists (label, text) pairs shown under the title, such as the organisation and
    the dataset; ``back_link`` is the address of the class index a team page links back to.
    """
    template = _index_environment().get_template("vmo_index/index.html.j2")
    return template.render(
        title=title,
        built=built,
        version=version,
        handouts=handouts,
        sets=sets,
        about=about,
        back_link=back_link,
    )


@functools.cache
def _index_environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def format_figure(value: object) -> str:
    """A recorded value as short text for the index (thousands separators, 3 significant)."""
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "n/a"}[value]
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    if isinstance(value, list | tuple):
        return ", ".join(format_figure(v) for v in value)
    return str(value)


def figures(
    recorded: Mapping[str, Figure], limit: int = 8, *, currency: str | None = None
) -> tuple[tuple[str, str], ...]:
    """The first ``limit`` recorded figures as (label, text) pairs for the index, those
    recorded as ``headline`` first.

    A figure recorded with a label and unit shows as, e.g., ``On time: 51.3%``; one without
    falls back to its name and a plain number. Lists and mappings (recorded for tests and
    tools) are left out: they do not read as a headline. Money is shown in ``currency`` (the
    run's; None: the workbook's setting).
    """
    skip = _skip_prefix()
    scalars = [
        f
        for f in recorded.values()
        if not isinstance(f.value, dict | list) and not f.name.startswith(skip)
    ]
    scalars.sort(key=lambda f: not f.headline)  # stable: headline figures first, in order
    items: Iterable[Figure] = scalars[:limit]
    return tuple(
        (f.label or f.name.replace("_", " ").capitalize(), figure_text(f, currency)) for f in items
    )


def skipped_analyses(recorded: Mapping[str, Figure]) -> tuple[tuple[str, str], ...]:
    """The analyses a run skipped for lack of data, as (analysis, missing tables) pairs.

    They are the figures :func:`vmo_lib.notebook.availability.has_tables` recorded under a name
    starting with :data:`~vmo_lib.notebook.availability.SKIP_PREFIX`, in the order of the notebook.

    >>> skipped_analyses({"skipped:Roadmap": Figure("skipped:Roadmap", "pmo_assessment")})
    (('Roadmap', 'pmo_assessment'),)
    """
    skip = _skip_prefix()
    return tuple(
        (f.label or f.name.removeprefix(skip), str(f.value))
        for f in recorded.values()
        if f.name.startswith(skip)
    )


def _skip_prefix() -> str:
    """The skip-note prefix of :mod:`vmo_lib.notebook.availability`, imported late (pandas)."""
    from vmo_lib.notebook.availability import SKIP_PREFIX

    return SKIP_PREFIX


def figure_text(figure: Figure, currency: str | None = None) -> str:
    """A figure's value formatted for its unit (percent, money, ratio, level...)."""
    from vmo_lib.display import tables

    value = figure.value
    if not isinstance(value, int | float) or isinstance(value, bool):
        return format_figure(value)
    match figure.unit:
        case "percent":
            return tables.percent_text(value)
        case "money":
            return tables.money_short_text(value, currency)
        case "ratio" | "level":
            return tables.ratio_text(value)
        case "count":
            return tables.integer_text(value)
        case _:
            return format_figure(value)
