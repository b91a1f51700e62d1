"""Change stage: is a changed word a spelling correction, and does a rewording widen what a text says?
Hunspell dictionaries through Enchant, and the word lists of rules/prose.yml.

Enchant (pyenchant over the system's libenchant-2) is used rather than a pure-Python Hunspell port:
it opens a dictionary in milliseconds where spylls needs seconds (4.5 s for Norwegian), which keeps
`trustsite diff` under a second. The dictionaries are Debian's hunspell-* packages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from trustsite.changes.facts import edit_distance
from trustsite.rules import FAST_LOADER, RULES_DIR


@dataclass(frozen=True)
class WordList:
    """Words of one list of rules/prose.yml: exact ones, and prefixes (written with a trailing *)."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]

    @classmethod
    def of(cls, words: list[Any]) -> WordList:
        folded = [str(w).casefold() for w in words]
        return cls(frozenset(w for w in folded if not w.endswith("*")), tuple(w[:-1] for w in folded if w.endswith("*")))

    def matches(self, word: str) -> bool:
        return word in self.exact or word.startswith(self.prefixes)

    def count(self, words: list[str]) -> int:
        return sum(1 for w in words if self.matches(w))


@dataclass
class Language:
    """One language's dictionaries (opened on first use) and word lists."""

    code: str
    tags: tuple[str, ...]
    guarded_words: WordList
    negations: WordList
    widening: WordList
    _dicts: list[Any] | None = field(default=None, repr=False)

    def dictionaries(self) -> list[Any]:
        if self._dicts is None:
            self._dicts = _open_dictionaries(self.tags)
        return self._dicts

    @property
    def available(self) -> bool:
        return bool(self.dictionaries())

    def guarded(self, word: str) -> bool:
        word = word.casefold()
        return self.guarded_words.matches(word) or any(ch.isdigit() for ch in word)

    def widens(self, old: list[str], new: list[str]) -> bool:
        """More widening words, fewer negations, or a number the old words did not have."""
        numbers = {w for w in new if any(ch.isdigit() for ch in w)} - set(old)
        return (bool(numbers) or self.widening.count(new) > self.widening.count(old)
                or self.negations.count(new) < self.negations.count(old))

    def knows(self, word: str) -> bool:
        # the prose is compared case-folded; a dictionary knows "Receive" as "receive" and "berlin" as "Berlin"
        forms = {word, word.capitalize(), word.upper()}
        return any(d.check(f) for d in self.dictionaries() for f in forms)


def _open_dictionaries(tags: tuple[str, ...]) -> list[Any]:
    try:
        import enchant
    except (ImportError, OSError):  # pyenchant missing, or libenchant-2 not installed on this machine
        return []
    opened = []
    for tag in tags:
        try:
            if enchant.dict_exists(tag):
                opened.append(enchant.Dict(tag))
        except enchant.errors.Error:
            continue
    return opened


class SpellChecker:
    """The languages of rules/prose.yml; a language it does not list has no dictionary and no word lists."""

    def __init__(self) -> None:
        raw = yaml.load((RULES_DIR / "prose.yml").read_text(encoding="utf-8"), Loader=FAST_LOADER)
        self.languages: dict[str, Language] = {}
        for code, row in raw["languages"].items():
            self.languages[code] = Language(code, tuple(row["dictionaries"]), WordList.of(row["guarded"]),
                                            WordList.of(row["negations"]), WordList.of(row["widening"]))

    def language(self, code: str) -> Language | None:
        return self.languages.get(code.split("_")[0])

    def has_dictionary(self, code: str) -> bool:
        lang = self.language(code)
        return lang is not None and lang.available

    def is_correction(self, old: str, new: str, code: str) -> bool:
        """True when `new` corrects the misspelt `old`: old unknown, new known, close, neither guarded."""
        lang = self.language(code)
        if lang is None or old == new or lang.guarded(old) or lang.guarded(new):
            return False
        if edit_distance(old, new) > 2 or not lang.available:
            return False
        return not lang.knows(old) and lang.knows(new)

    def widens(self, before: str, after: str, code: str) -> bool:
        """True when `after` says more than `before` (see rules/prose.yml); in a language without word lists,
        any change of numbers counts."""
        from trustsite.changes.prose import normalize

        old, new = normalize(before).split(), normalize(after).split()
        lang = self.language(code)
        if lang is None:
            return bool({w for w in new if any(ch.isdigit() for ch in w)} - set(old))
        return lang.widens(old, new)


@lru_cache(maxsize=1)
def spell_checker() -> SpellChecker:
    """One checker per process: dictionaries stay open between the texts of one diff."""
    return SpellChecker()
