"""Value drivers: the driver tree and how much each driver counts (notebook 02).

Public API
----------
* :func:`driver_tree` -> :class:`DriverTree`: validate ``value_drivers``, navigate the tree.
* :func:`ahp` -> :class:`AHPResult`: weights, lambda_max, CI, CR of one comparison matrix;
  :func:`revisions`, :func:`revision_path`: which judgements to revisit and consistent values
  for them.
* :func:`judgement_matrices`, :func:`consistency_table`, :func:`geometric_mean_matrix`:
  executives' matrices, their CRs, the group matrix.
* :func:`points_weights`, :func:`rank_order_centroid`, :func:`direct_weights`: the methods
  without pairwise comparisons.
* :func:`consensus`: Goepel's AHP consensus indicator (0-1) across executives.
* :func:`weigh_drivers` -> :class:`DriverWeights` and :func:`leaf_weights`: everything for one
  organisation and method; the global leaf weights notebook 04 uses.
* :func:`choose_weighting` -> :class:`WeightingChoice`: which method a run uses and why, its
  weights and the AHP judgements checked for consistency (notebooks 02 and 04);
  :func:`compare_methods` -> :class:`MethodComparison`: every method side by side.

Roles: :mod:`.views` holds the tables and notes notebook 02 shows (a few table builders are
re-exported here for existing callers), :mod:`.charts` its figures and :mod:`.widgets` its
live panel. Charts and widgets are imported separately, so calculations never pull in
matplotlib or ipywidgets.

>>> ahp([[1, 3], [1 / 3, 1]]).weights.round(2).tolist()
[0.75, 0.25]
"""

from __future__ import annotations

from vmo_lib.drivers.ahp import (
    CONSISTENCY_LIMIT,
    RANDOM_INDEX,
    SAATY_VALUES,
    AHPResult,
    MatrixError,
    ahp,
    nearest_saaty,
    revision_path,
    revisions,
)
from vmo_lib.drivers.consensus import consensus, consensus_words
from vmo_lib.drivers.direct import direct_weights, points_weights, rank_order_centroid
from vmo_lib.drivers.judgements import (
    consistency_table,
    geometric_mean_matrix,
    group_label,
    judgement_matrices,
)
from vmo_lib.drivers.methods import (
    METHOD_LABELS,
    MethodComparison,
    WeightingChoice,
    choose_weighting,
    compare_methods,
    method_text,
)
from vmo_lib.drivers.tree import ROOT, DriverTree, driver_tree
from vmo_lib.drivers.weighting import (
    INPUT_TABLES,
    METHODS,
    DriverWeights,
    Weighting,
    leaf_weights,
    weigh_drivers,
)

__all__ = [
    "CONSISTENCY_LIMIT",
    "DISPLAY_LABELS",
    "GROUP_START",
    "INPUT_TABLES",
    "METHODS",
    "METHOD_LABELS",
    "RANDOM_INDEX",
    "ROOT",
    "SAATY_VALUES",
    "AHPResult",
    "DriverTree",
    "DriverWeights",
    "MatrixError",
    "MethodComparison",
    "Weighting",
    "WeightingChoice",
    "ahp",
    "choose_weighting",
    "compare_methods",
    "consensus",
    "consensus_words",
    "consistency_table",
    "cr_by_executive",
    "direct_weights",
    "driver_tree",
    "executive_table",
    "geometric_mean_matrix",
    "group_label",
    "group_table",
    "judgement_matrices",
    "leaf_weights",
    "method_text",
    "nearest_saaty",
    "panel_starts",
    "points_weights",
    "rank_order_centroid",
    "revision_path",
    "revisions",
    "revisit_table",
    "saaty_text",
    "weigh_drivers",
]

#: Table builders of :mod:`.views` that callers still reach here; loaded on first use, so that
#: importing the calculations does not import IPython and the table styler.
_FROM_VIEWS = frozenset(
    {
        "DISPLAY_LABELS",
        "GROUP_START",
        "cr_by_executive",
        "executive_table",
        "group_table",
        "panel_starts",
        "revisit_table",
        "saaty_text",
    }
)


def __getattr__(name: str) -> object:
    if name in _FROM_VIEWS:
        from vmo_lib.drivers import views

        return getattr(views, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
