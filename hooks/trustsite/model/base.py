"""Model stage: the value types every data file shares (IDs, countries, text per language)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Annotated, Literal

from babel import Locale
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PositiveInt, RootModel, model_validator
from pydantic_core import PydanticCustomError

from trustsite.safety.urls import url_problem


class Strict(BaseModel):
    """Base of every model: unknown keys are errors (typos must not vanish) and types are exact."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True, defer_build=True)


ID_PATTERN = r"^[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:_[A-Z]{2})?$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
URL_PATTERN = r"^https://[^\s/$.?#][^\s]*$"
WEB_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
_ID = re.compile(ID_PATTERN)  # compiled once: 50,000 IDs of 5,000 sub-processors went through re's cache lookup
_ORGANISATION_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise PydanticCustomError(
            "trustsite_id",
            "expected an ID in lower-case snake_case such as 'customer_support', got {got}",
            {"got": repr(value)},
        )
    return value


Id = Annotated[str, AfterValidator(_check_id)]  # stable snake_case key, never display text


@lru_cache(maxsize=1)
def iso_countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes known to CLDR, with their English names."""
    names = Locale.parse("en").territories
    return {code: name for code, name in names.items() if len(code) == 2 and code.isalpha() and code != "ZZ"}


def _check_country(value: str) -> str:
    countries = iso_countries()
    if value in countries:
        return value
    hint = ""
    by_name = {name.lower(): code for code, name in countries.items()}
    if value.lower() in by_name:
        hint = f"; did you mean '{by_name[value.lower()]}'?"
    elif value.upper() in countries:
        hint = f"; did you mean '{value.upper()}'?"
    elif value.upper() == "UK":
        hint = "; the ISO code of the United Kingdom is 'GB'"
    elif value.upper() == "EL":
        hint = "; the ISO code of Greece is 'GR' ('EL' is the EU's own abbreviation)"
    raise PydanticCustomError(
        "trustsite_country",
        "expected an ISO 3166-1 alpha-2 code such as 'DE', got {got}{hint}",
        {"got": repr(value), "hint": hint},
    )


Country = Annotated[
    str,
    AfterValidator(_check_country),
]

def _check_destination(value: str) -> str:
    """A country code, or the ID of an international organisation (checked against the rule table later)."""
    if _ORGANISATION_ID.match(value):
        return value
    return _check_country(value)


# Where a transfer goes: an ISO 3166-1 alpha-2 country, or an international organisation's ID (GDPR Art. 4(26)).
Destination = Annotated[str, AfterValidator(_check_destination)]

Language = Annotated[str, Field(pattern=LANGUAGE_PATTERN)]
Email = Annotated[str, Field(pattern=EMAIL_PATTERN)]
def _check_url(value: str) -> str:
    """After the scheme pattern: a host, and nothing a browser or library reads differently (safety/urls.py)."""
    problem = url_problem(value)
    if problem is not None:
        raise PydanticCustomError("trustsite_url", "{problem}, got {got}", {"problem": problem, "got": repr(value)})
    return value


Url = Annotated[str, Field(pattern=URL_PATTERN), AfterValidator(_check_url)]
WebAddress = Annotated[str, Field(pattern=WEB_PATTERN), AfterValidator(_check_url)]  # as published by a third party
NonEmpty = Annotated[str, Field(min_length=1)]

class Text(RootModel[dict[Language, NonEmpty]]):
    """Text a reader sees: one entry per configured language, e.g. {en: ..., nl: ..., de: ...}."""

    model_config = ConfigDict(strict=True, frozen=True)

    def get(self, language: str) -> str | None:
        return self.root.get(language)

    def __getitem__(self, language: str) -> str:
        return self.root[language]


MAX_DURATION_DAYS = 36_525  # a hundred years: longer than any retention or cookie lifetime a statement names


def _check_duration_value(value: int) -> int:
    """Bounded before any arithmetic: 1e30 years would overflow date sums and print as nonsense."""
    if value > MAX_DURATION_DAYS:
        raise PydanticCustomError("trustsite_bound", "expected at most {most} (a hundred years in days), got {got}",
                                  {"most": MAX_DURATION_DAYS, "got": value})
    return value


class Duration(Strict):
    """A length of time, rendered in the reader's language through CLDR unit names."""

    value: Annotated[PositiveInt, AfterValidator(_check_duration_value)]
    """A whole number greater than zero."""
    unit: Literal["days", "weeks", "months", "years"]
    """days, weeks, months or years."""

    @model_validator(mode="after")
    def _at_most_a_century(self) -> "Duration":
        if self.in_days() > MAX_DURATION_DAYS:
            raise PydanticCustomError("trustsite_bound", "expected at most a hundred years, got {value} {unit}",
                                      {"value": self.value, "unit": self.unit})
        return self

    def in_days(self) -> float:
        """Length in days by the mean Gregorian calendar, for comparing two durations (longer retention):
        24 months and 2 years are the same length, and so are 12 months and 1 year."""
        factor = {"days": 1, "weeks": 7, "months": 365.2425 / 12, "years": 365.2425}[self.unit]
        return self.value * factor


class Promise:
    """Marks a date readers were told in advance: when a version takes effect, when a sub-processor starts.

    Customers plan on it (the objection window of GDPR Art. 28(2), the notice of WP260 rev.01 paras 30-31),
    so the change engine treats moving it earlier as breaking the notice period, whatever the field is called.
    """


class SessionWhenOmitted:
    """Marks an optional duration whose absence means the shortest keeping there is (a browser session),
    so that adding one makes keeping longer (and not merely 'not comparable')."""


class Audience:
    """Marks a list of scope IDs that limits whom an entry concerns: an empty list concerns every customer, so the
    first scope of a kind narrows the audience and a further one of the same kind widens it again. The change engine
    reads the direction from the whole list (GDPR Art. 28(2): the customers who must be told of a sub-processor)."""


PromiseDate = Annotated[dt.date, Promise(), Field(strict=False)]
ScopeIds = Annotated[list[Id], Audience()]
