"""Turn the notebook's one-line text settings into checked values.

The report runner only passes plain values (text, numbers), so per-dimension settings are
written as text: ``"4"`` (one level for all), ``"survey"`` (each dimension's target as the
respondents stated it) or ``"4; Benefits management=5; Data and tooling=3"`` (a default plus
exceptions). A misspelt dimension or an out-of-range value raises :class:`SettingError` (a
``ValueError``) naming it.

>>> from vmo_lib.maturity import load_model
>>> model = load_model()
>>> parse_target_profile("3; Benefits management=5", model)["Benefits management"]
5.0
>>> parse_roles("Executive, Project manager")
('Executive', 'Project manager')
"""

from __future__ import annotations

import difflib

from vmo_lib.errors import VmoError
from vmo_lib.maturity.model import MaturityModel

__all__ = [
    "DEFAULT_TARGET",
    "SURVEY",
    "SettingError",
    "parse_dimension_weights",
    "parse_roles",
    "parse_target_profile",
]


class SettingError(VmoError, ValueError):
    """A gap-analysis setting (target profile, weights, roles, scoring rule, group size) that
    cannot be used; the message names the setting and the value."""


DEFAULT_TARGET = 4.0
"""Target level (Managed) for dimensions a profile does not name."""
SURVEY = "survey"
"""Target keyword: use the level respondents said is needed (their mean ``target_level``)."""


def parse_target_profile(text: str | float, model: MaturityModel) -> dict[str, float | None]:
    """Target level per dimension; ``None`` means the respondents' own stated target.

    ``text``: a level 1-5 or ``survey`` for every dimension, optionally followed by
    ``Dimension=level`` items separated by ``;``. Dimensions not named get the leading value,
    or :data:`DEFAULT_TARGET` (4, Managed) when there is none.
    """
    default, named = _split(str(text), "target_profile")
    base = _level(default, "target_profile") if default is not None else DEFAULT_TARGET
    profile: dict[str, float | None] = dict.fromkeys(model.dimension_names, base)
    for name, value in named:
        profile[_dimension(name, model, "target_profile")] = _level(value, "target_profile")
    return profile


def parse_dimension_weights(text: str, model: MaturityModel) -> dict[str, float]:
    """Importance weight per dimension: the model's defaults, changed by ``Dimension=weight``.

    Blank keeps every default; a weight is a number of 0 or more (0 leaves the dimension out
    of the roadmap ranking).

    >>> from vmo_lib.maturity import load_model
    >>> parse_dimension_weights("Risk management=0", load_model())["Risk management"]
    0.0
    """
    default, named = _split(str(text), "dimension_weights")
    if default is not None:
        raise SettingError(
            f"dimension_weights: '{default}' has no dimension; write 'Dimension=weight' items "
            "separated by ';', or leave it blank for the model's defaults"
        )
    weights = dict(zip(model.dimensions["dimension"], model.dimensions["importance"], strict=True))
    for name, value in named:
        number = _float(value, "dimension_weights")
        if number < 0:
            raise SettingError(f"dimension_weights: the weight of '{name}' must be 0 or more")
        weights[_dimension(name, model, "dimension_weights")] = number
    return {k: float(v) for k, v in weights.items()}


def parse_roles(text: str) -> tuple[str, ...]:
    """Role names separated by commas or semicolons, blanks and repeats dropped."""
    parts = (p.strip() for p in str(text).replace(";", ",").split(","))
    return tuple(dict.fromkeys(p for p in parts if p))


def _split(text: str, setting: str) -> tuple[str | None, list[tuple[str, str]]]:
    default: str | None = None
    named: list[tuple[str, str]] = []
    for item in (p.strip() for p in text.split(";")):
        if not item:
            continue
        if "=" in item:
            name, _, value = item.partition("=")
            named.append((name.strip(), value.strip()))
        elif default is None:
            default = item
        else:
            raise SettingError(f"{setting}: more than one value without a dimension ('{item}')")
    return default, named


def _level(value: str, setting: str) -> float | None:
    if value.strip().lower() == SURVEY:
        return None
    number = _float(value, setting)
    if not 1 <= number <= 5:
        raise SettingError(f"{setting}: level {value} is outside 1-5 (or write '{SURVEY}')")
    return number


def _float(value: str, setting: str) -> float:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise SettingError(f"{setting}: '{value}' is not a number") from None


def _dimension(name: str, model: MaturityModel, setting: str) -> str:
    by_key = {" ".join(d.lower().split()): d for d in model.dimension_names}
    key = " ".join(name.lower().split())
    if key in by_key:
        return by_key[key]
    close = difflib.get_close_matches(key, list(by_key), n=1)
    hint = f" (did you mean '{by_key[close[0]]}'?)" if close else ""
    known = ", ".join(model.dimension_names)
    raise SettingError(f"{setting}: unknown dimension '{name}'{hint}. Known dimensions: {known}")
