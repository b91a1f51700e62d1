"""Render stage: everything that depends on the reader's language (dates, countries, units, labels)."""

from __future__ import annotations

import datetime as dt
import copy
import gettext
import io
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import icu  # PyICU: CLDR collation (Babel formats, but does not sort)
from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.units import format_unit

from trustsite.labels import N_
from trustsite.model.base import Duration, Text
from trustsite.paths import catalog_files

_ARTICLE = re.compile(r"^(?P<number>\d+)(?:\((?P<paragraph>\d+)\))?(?:\((?P<point>[a-z])\))?$")

PERMALINK_TITLE = N_("Permanent link")
# Citation patterns per regime, by how many parts the reference has (article; paragraph; point). Each language's
# catalog writes them in its legal style; the short name is that of the act the regime rests on.
CITATIONS = {
    "gdpr": (N_("Art. %(number)s GDPR"), N_("Art. %(number)s(%(paragraph)s) GDPR"),
             N_("Art. %(number)s(%(paragraph)s)(%(point)s) GDPR")),
    "uk_gdpr": (N_("Art. %(number)s UK GDPR"), N_("Art. %(number)s(%(paragraph)s) UK GDPR"),
                N_("Art. %(number)s(%(paragraph)s)(%(point)s) UK GDPR")),
    "fadp": (N_("Art. %(number)s FADP"), N_("Art. %(number)s(%(paragraph)s) FADP"),
             N_("Art. %(number)s(%(paragraph)s)(%(point)s) FADP")),
}
# The points of an article are lettered in the alphabet of each language version of Regulation (EU) 2016/679
# (EUR-Lex, EL: Art. 6(1) points α) to στ), Art. 9(2) α) to ι); BG: а) to е), а) to й)); the other versions use
# the Latin letters of the English text.
POINT_LETTERS: dict[str, dict[str, str]] = {
    "el": dict(zip("abcdefghijk", ["α", "β", "γ", "δ", "ε", "στ", "ζ", "η", "θ", "ι", "ια"])),
    "bg": dict(zip("abcdefghijk", "абвгдежзийк")),
}  # the title of the heading anchors MkDocs' toc extension adds
_UNIT = {"days": "duration-day", "weeks": "duration-week", "months": "duration-month", "years": "duration-year"}

# Where CLDR's unit name is not the word a legal text uses for a period, per language and unit, per plural
# category. CLDR's 'duration-day' is 'døgn' (nb) and 'dygn' (sv): a 24-hour span; statutes count periods in
# days: "14 dager" (nb, angrerettloven § 20), "14 dagar" (sv, lag (2005:59) om distansavtal 2 kap. 10 §).
UNIT_OVERRIDES: dict[tuple[str, str], dict[str, str]] = {
    ("nb", "days"): {"one": "{0} dag", "other": "{0} dager"},
    ("sv", "days"): {"one": "{0} dag", "other": "{0} dagar"},
}


def load_catalog(catalogs: list[Path], language: str) -> gettext.NullTranslations:
    """Compile the language's .po catalogs in memory, the first one's entries winning (a project's own
    catalog before the package's); a language with no catalog at all gets none."""
    found: gettext.NullTranslations | None = None
    for po in reversed(catalogs):  # the last is the fallback of the one before it
        try:
            stat = po.stat()
        except OSError:
            continue
        # every render context needs its language's catalog (a build makes dozens: one per archived version
        # and language); compiled once per file state, so an edited catalog is read again under `mkdocs serve`
        compiled = _compiled_catalog(str(po), language, stat.st_mtime_ns, stat.st_size)
        if found is not None:
            compiled = copy.copy(compiled)  # compiled catalogs are shared: chain a copy, never the original
            compiled._fallback = found
        found = compiled
    return found if found is not None else gettext.NullTranslations()


@lru_cache(maxsize=64)
def _compiled_catalog(po_path: str, language: str, mtime_ns: int, size: int) -> gettext.NullTranslations:
    po = Path(po_path)
    if not po.is_file():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _call_key(arg: object) -> object:
    """An argument as part of a dict key: lists by their items, other unhashable values by identity (the
    noted call keeps the value itself, so the identity stays unique)."""
    if isinstance(arg, list):
        return tuple(arg)
    try:
        hash(arg)
    except TypeError:
        return ("id", id(arg))
    return arg


@dataclass
class Localizer:
    """Formats values for one language, through CLDR (Babel) and the gettext catalog."""

    language: str
    translations: gettext.NullTranslations
    # CLDR formatting is slow next to a dict lookup, and a list of thousands of sub-processors repeats
    # the same dates and country lists on every row
    _dates: dict[dt.date, str] = field(default_factory=dict, repr=False, compare=False)
    _lists: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False, compare=False)
    _countries: dict[tuple[str, ...], str] = field(default_factory=dict, repr=False, compare=False)
    # When set, every call is noted here (method and arguments, each distinct call once), so that
    # render/checkrun.py can make the same calls in another language instead of rendering it all again
    calls: dict[tuple, tuple[str, tuple]] | None = field(default=None, repr=False, compare=False)

    def _note(self, method: str, *args: object) -> None:
        assert self.calls is not None
        key = (method, *(_call_key(arg) for arg in args))
        if key not in self.calls:
            self.calls[key] = (method, args)

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    @cached_property
    def collator(self) -> icu.Collator:
        """The language's alphabetical order (CLDR): Czech puts 'Česko' after 'Cypr', Swedish 'Österrike' after 'Z'."""
        return icu.Collator.createInstance(icu.Locale(self.language))

    def sort_key(self, text: str) -> bytes:
        """A key that sorts display text in the reader's alphabetical order."""
        return self.collator.getSortKey(text)

    def gettext(self, message: str) -> str:
        if self.calls is not None:
            self._note("gettext", message)
        return self.translations.gettext(message)

    def pgettext(self, context: str, message: str) -> str:
        if self.calls is not None:
            self._note("pgettext", context, message)
        return self.translations.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.calls is not None:
            self._note("ngettext", singular, plural, n)
        return self.translations.ngettext(singular, plural, n)

    def text(self, value: Text | None) -> str:
        """The reader's language only: a missing translation is a validation error, never a fallback."""
        if self.calls is not None:
            self._note("text", value)
        if value is None:
            return ""
        return value[self.language]

    def date(self, value: dt.date) -> str:
        if self.calls is not None:
            self._note("date", value)
        found = self._dates.get(value)
        if found is None:
            found = self._dates[value] = format_date(value, format="long", locale=self.locale)
        return found

    def country(self, code: str) -> str:
        if self.calls is not None:
            self._note("country", code)
        return self.locale.territories.get(code, code)

    def countries(self, codes: list[str]) -> str:
        if self.calls is not None:
            self._note("countries", codes)
            return self.list([self.country(c) for c in codes])  # noted one by one, for the replay
        key = tuple(codes)
        found = self._countries.get(key)
        if found is None:
            found = self._countries[key] = self.list([self.country(c) for c in codes])
        return found

    def list(self, items: list[str]) -> str:
        if self.calls is not None:
            self._note("list", items)
        key = tuple(items)
        found = self._lists.get(key)
        if found is None:
            found = self._lists[key] = format_list(items, locale=self.locale) if items else ""
        return found

    def duration(self, value: Duration) -> str:
        if self.calls is not None:
            self._note("duration", value)
        override = UNIT_OVERRIDES.get((self.locale.language, value.unit))
        if override is not None:
            pattern = override.get(self.locale.plural_form(value.value), override["other"])
            return pattern.format(value.value)
        unit = _UNIT[value.unit]
        text = format_unit(value.value, unit, length="long", locale=self.locale)
        if unit in text:  # CLDR lacks the long form here (Dutch days): Babel echoes the unit ID
            text = format_unit(value.value, unit, length="short", locale=self.locale)
        return text

    def gdpr_article(self, article: str, regime: str = "gdpr") -> str:
        """A citation in the language's legal style: 'Art. 6(1)(a) GDPR', 'Art. 6 Abs. 1 lit. a DSGVO'; of the UK GDPR
        ('Art. 49(1)(b) UK GDPR', 'Art. 49 Abs. 1 lit. b UK GDPR') or the Swiss FADP ('Art. 17 FADP', 'Art. 17 DSG')
        for a transfer under those regimes: the regulation cited is the one the transfer falls under."""
        if self.calls is not None:
            self._note("gdpr_article", article, regime)
        m = _ARTICLE.match(article)
        if m is None:
            raise ValueError(f"not a GDPR article reference: {article!r}")
        parts = {k: v for k, v in m.groupdict().items() if v}
        if "point" in parts:
            parts["point"] = POINT_LETTERS.get(self.language, {}).get(parts["point"], parts["point"])
        return self.gettext(CITATIONS[regime][len(parts) - 1]) % parts


def localizer_for(language: str, overrides: Path | None = None) -> Localizer:
    """How the site writes labels, countries and dates in `language`: the catalogs of `overrides` (a project's
    theme folder), then the package's."""
    return Localizer(language, load_catalog(catalog_files(overrides, language), language))
