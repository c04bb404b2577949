"""Notebook 04, "Value against execution health": the projects in each quadrant.

The chart is :func:`vmo_lib.portfolio.charts.value_and_health`; every project's quadrant is in
the exported re-ranked portfolio, which the note under the table links to.
"""

from __future__ import annotations

from IPython.display import HTML

from vmo_lib.portfolio.health import quadrant_lists
from vmo_lib.portfolio.review import QuadrantPlacement
from vmo_lib.portfolio.views.common import block, full_list_link, table

__all__ = ["QUADRANT_MEMBERS_SHOWN", "quadrant_table"]

QUADRANT_MEMBERS_SHOWN = 12
"""Projects named per quadrant in the table (the most valuable first), then "and N more"."""


def quadrant_table(placement: QuadrantPlacement) -> HTML:
    """One row per quadrant (and group set apart): what it means, how many projects, which;
    then where every project's quadrant is listed."""
    lists = quadrant_lists(placement.table.reset_index(), shown=QUADRANT_MEMBERS_SHOWN)
    caption = (
        f"Projects in each quadrant (high value: score {placement.value_threshold:.1f} or more; "
        f"healthy: {placement.health_threshold:.0f} or more; the most valuable named first)"
    )
    link = full_list_link(placement.settings.exports)
    return block(
        table(lists, caption, integer=["projects"]),
        f"<p><em>Every project's quadrant is in {link}.</em></p>",
    )
