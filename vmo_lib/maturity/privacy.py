"""Keep survey answers anonymous: no group smaller than ``min_group_size`` is shown alone.

Why: with four executives in a survey, a table "by role" shows what each of them answered
almost individually. The rule used everywhere a result is split by role:

1. a role with at least ``min_group_size`` respondents is shown under its own name;
2. smaller roles are pooled into one group, :data:`MERGED_GROUP`;
3. if that pool is still smaller than ``min_group_size`` (or holds one role only, which would
   just rename it), its respondents count in whole-organisation figures but are not shown by
   role at all.

>>> roles = pd.Series({"R1": "PM", "R2": "PM", "R3": "PM", "R4": "Exec", "R5": "CFO"})
>>> groups = role_groups(roles, min_group_size=3)
>>> groups.sizes["group"].tolist(), groups.dropped_roles
(['PM'], ('CFO', 'Exec'))
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import pandas as pd

from vmo_lib.maturity.settings import SettingError

MERGED_GROUP = "Other roles (merged)"
"""Label of the group that pools roles too small to show on their own."""


@dataclass(frozen=True)
class RoleGroups:
    """Which group each respondent is shown under, after the small-group rule.

    ``group_of`` maps respondent id -> group label, for shown respondents only; ``sizes`` has
    one row per shown group (``group``, ``respondents``, ``roles``: the roles it holds);
    ``merged_roles`` were pooled into :data:`MERGED_GROUP`; ``dropped_roles`` are not shown by
    role at all (their respondents still count in the overall figures).
    """

    group_of: dict[Hashable, str]
    sizes: pd.DataFrame
    merged_roles: tuple[str, ...]
    dropped_roles: tuple[str, ...]
    min_group_size: int

    @property
    def labels(self) -> tuple[str, ...]:
        """Shown group labels, largest group first (the merged group last)."""
        return tuple(self.sizes["group"])

    def shown_group(self, role: str) -> str | None:
        """The group a role appears under, or ``None`` when it is not shown by role."""
        if role in self.dropped_roles:
            return None
        return MERGED_GROUP if role in self.merged_roles else role

    def notes(self) -> tuple[str, ...]:
        """Plain-language sentences saying what was merged or left out, for the reader."""
        n = self.min_group_size
        out = []
        if self.merged_roles:
            out.append(
                f"{_join(self.merged_roles)} had fewer than {n} respondents each, so they are "
                f"shown together as '{MERGED_GROUP}'."
            )
        if self.dropped_roles:
            verb = "has" if len(self.dropped_roles) == 1 else "have"
            out.append(
                f"{_join(self.dropped_roles)} {verb} too few respondents to show, even pooled "
                f"(fewer than {n}): their answers count in the overall figures only."
            )
        return tuple(out)


def role_groups(respondent_roles: pd.Series, min_group_size: int = 3) -> RoleGroups:
    """Apply the small-group rule to ``respondent_roles`` (index respondent id, value role)."""
    if min_group_size < 1:
        raise SettingError("min_group_size must be at least 1")
    roles = respondent_roles.astype(str)
    counts = roles.value_counts()
    big = sorted(counts[counts >= min_group_size].index, key=lambda r: (-counts[r], r))
    small = sorted(counts[counts < min_group_size].index)
    pooled = int(counts[small].sum()) if small else 0
    keep_pool = len(small) > 1 and pooled >= min_group_size
    merged = tuple(small) if keep_pool else ()
    dropped = () if keep_pool else tuple(small)
    group_of = {rid: role for rid, role in roles.items() if role in big}
    group_of.update({rid: MERGED_GROUP for rid, role in roles.items() if role in merged})
    rows = [{"group": r, "respondents": int(counts[r]), "roles": r} for r in big]
    if merged:
        rows.append({"group": MERGED_GROUP, "respondents": pooled, "roles": ", ".join(merged)})
    sizes = pd.DataFrame(rows, columns=["group", "respondents", "roles"])
    return RoleGroups(group_of, sizes, merged, dropped, int(min_group_size))


def _join(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
