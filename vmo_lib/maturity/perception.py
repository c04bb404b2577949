"""The perception gap: how differently role groups see the same dimensions.

The same organisation looks different from the boardroom and from a project team. Only
privacy-safe groups are compared (see :mod:`vmo_lib.maturity.privacy`): a role pooled into
the merged group is compared as that group, and a role too small to show is left out with a
note. Gaps are in levels (1-5 scale), highest minus lowest group mean score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from vmo_lib.maturity.settings import SettingError, parse_roles
from vmo_lib.maturity.survey import Assessment
from vmo_lib.notebook.record import Figure


@dataclass(frozen=True)
class Perception:
    """How differently role groups see the same dimensions (see :func:`perception_gap`).

    ``table``: one row per dimension with the mean current level of each compared group,
    ``gap`` (highest minus lowest group, levels), ``most_positive`` and ``least_positive``.
    ``notes`` say which requested roles were merged or could not be shown.
    """

    table: pd.DataFrame
    compared: tuple[str, ...]
    notes: tuple[str, ...]

    def recorded(self) -> tuple[Figure, ...]:
        """The groups compared and the largest gap between them, for the handouts index."""
        return (
            Figure("compared_groups", list(self.compared)),
            Figure("largest_perception_gap", largest_perception_gap(self)),
        )


def perception_gap(assessment: Assessment, roles: str | tuple[str, ...]) -> Perception:
    """Compare the groups that ``roles`` (text like ``"Executive, Project manager"``) fall in.

    Only privacy-safe groups are compared: a role pooled into the merged group is compared as
    that group; a role not shown by role at all is left out with a note. Raises ``ValueError``
    (:class:`~vmo_lib.maturity.settings.SettingError`) for a role absent from the survey.
    """
    wanted = parse_roles(roles) if isinstance(roles, str) else tuple(roles)
    present = sorted(set(assessment.respondent_roles))
    unknown = [r for r in wanted if r not in present]
    if unknown:
        raise SettingError(
            f"roles: no respondents with role {', '.join(map(repr, unknown))}; the survey has "
            f"{', '.join(present)}"
        )
    groups = assessment.groups
    notes = []
    compared: list[str] = []
    for role in wanted:
        shown = groups.shown_group(role)
        if shown is None:
            notes.append(f"{role} is not compared: too few respondents to show (see above).")
        elif shown != role:
            notes.append(f"{role} is compared through the group '{shown}' (too few alone).")
        if shown is not None and shown not in compared:
            compared.append(shown)
    table = assessment.by_role[["dimension", *compared]].copy()
    if len(compared) >= 2:
        values = table[compared]
        table["gap"] = values.max(axis=1) - values.min(axis=1)
        table["most_positive"] = values.idxmax(axis=1)
        table["least_positive"] = values.idxmin(axis=1)
        table = table.sort_values("gap", ascending=False, kind="stable")
    else:
        notes.append("Fewer than two groups remain to compare, so no perception gap is shown.")
    return Perception(table.reset_index(drop=True), tuple(compared), tuple(notes))


def largest_perception_gap(perception: Perception) -> dict[str, object] | None:
    """The dimension the compared groups disagree on most, with the gap (levels)."""
    if "gap" not in perception.table.columns or perception.table.empty:
        return None
    row = perception.table.iloc[0]
    gap = float(row["gap"])
    return {
        "dimension": str(row["dimension"]),
        "gap": gap if math.isfinite(gap) else None,
        "most_positive": str(row["most_positive"]),
        "least_positive": str(row["least_positive"]),
    }
