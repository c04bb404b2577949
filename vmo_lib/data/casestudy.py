"""The bundled case study: Harbourline Logistics, a fictional European freight forwarder.

Why: every notebook needs one organisation whose data carries a story worth teaching, the
same for every reader. The case study is the synthetic generator
(:mod:`vmo_lib.data.generator`) run on a hand-written portfolio, followed by a *story layer*
that pins the features the notebooks point at:

* green, on-budget compliance and pet projects at the top of the legacy priority list, with
  little strategic value (P-46, P-47, P-40, P-06, P-33, P-24, P-12);
* amber and red projects that carry most of the strategic value (P-01, P-13, P-14, P-02,
  P-29, P-15), mostly low in that list (legacy and value ranks correlate at about -0.3);
* a CIO whose pairwise judgements are intransitive (consistency ratio far above 0.10);
* a benefit register with gaps: no owner, no baseline, a double-counted benefit (P-14 and
  P-38), dis-benefits (P-28, P-37), unevidenced claims (P-06, P-40) and stale reporting
  (P-17);
* a register that reconciles with the business cases within 10 % over the same years,
  except three deliberate mismatches (P-16, P-25, P-35), and benefits in proportion to the
  company (its revenue and EBIT are stated in the story; new revenue counted at margin);
* six legal, regulatory or safety duties flagged ``mandatory`` (P-23, P-45, P-46, P-47,
  P-50, P-51) and an ``investment_category`` on every project.

The invariants that keep these consistent are listed in ``datasets/harbourline/README.md``
and tested in ``tests/test_casestudy_invariants.py``.

This module is the public facade: the story's text and the story layer live in
:mod:`vmo_lib.data.synthetic.harbourline`. ``python -m vmo_lib.data.casestudy`` rewrites
``datasets/harbourline/*.csv``.
"""

from __future__ import annotations

from vmo_lib.data.generator import write_dataset
from vmo_lib.data.synthetic.harbourline.story import SEED, build_case_study
from vmo_lib.paths import DATASETS_DIR

__all__ = ["DATASET_DIR", "SEED", "build_case_study", "main"]

DATASET_DIR = DATASETS_DIR / "harbourline"
"""Where the bundled CSV files live."""


def main() -> None:
    """Rewrite ``datasets/harbourline/*.csv`` from :func:`build_case_study`."""
    write_dataset(build_case_study(), DATASET_DIR)
    print(f"wrote the Harbourline case study to {DATASET_DIR}")


if __name__ == "__main__":
    main()
