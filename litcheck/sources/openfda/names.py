"""Drug-name matching for openFDA: ingredient names with and without their salt words.

Drugs@FDA prints ingredients as sold ("KETAMINE HYDROCHLORIDE", "ESKETAMINE HYDROCHLORIDE");
claims name the moiety ("ketamine"). Both sides are reduced to a lower-case base name before
they are compared, so "ketamine hydrochloride" matches "ketamine" and "esketamine" does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Salt and counter-ion words that do not change which drug an ingredient is.
SALT_WORDS = frozenset(
    """
    acetate anhydrous besylate bitartrate bromide calcium carbonate chloride citrate
    dihydrate dihydrochloride dimesylate disodium edisylate fumarate gluconate hcl hemifumarate
    hemihydrate hydrobromide hydrochloride hyclate iodide lactate magnesium maleate malate
    mesylate monohydrate napsylate nitrate oxalate pamoate phosphate potassium sesquihydrate
    sodium succinate sulfate tartrate tosylate trihydrate hydrate
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def words(text: str) -> list[str]:
    """Lower-case word tokens (hyphenated words kept whole)."""
    return _WORD.findall(text.lower())


def base_name(name: str) -> str:
    """The ingredient without salt words: "KETAMINE HYDROCHLORIDE" -> "ketamine".

    A name made only of salt words ("sodium chloride") is kept as it is.
    """
    tokens = words(name)
    kept = [t for t in tokens if t not in SALT_WORDS]
    return " ".join(kept or tokens)


def base_names(names: Iterable[str]) -> tuple[str, ...]:
    """Distinct base names, in first-seen order, empty names dropped."""
    seen: dict[str, None] = {}
    for name in names:
        b = base_name(name)
        if b:
            seen.setdefault(b, None)
    return tuple(seen)


def same_drug(ingredient: str, names: Iterable[str]) -> bool:
    """True when `ingredient` (as printed by Drugs@FDA) is one of `names`, salts ignored."""
    wanted = set(base_names(names))
    return base_name(ingredient) in wanted


def display_ingredient(ingredient: str) -> str:
    """A person-friendly ingredient: "ESKETAMINE HYDROCHLORIDE" -> "esketamine"."""
    return base_name(ingredient) or ingredient.lower()


def quote(phrase: str) -> str:
    """An openFDA phrase: double-quoted, inner quotes dropped.

    # NOTE: openFDA matches unquoted multi-word terms word by word and returns unrelated
    # records; phrases must be double-quoted. See: https://github.com/FDA/openfda/issues/212
    """
    cleaned = " ".join(phrase.replace('"', " ").split())
    return f'"{cleaned}"'
