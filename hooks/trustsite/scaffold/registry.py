"""Scaffold stage: the registry of supervisory authorities shipped with trustsite, and the choice of the
authorities a new project lists (GDPR Art. 13(2)(d), 77: a reader may complain in the country where they
live or work, so every country served needs one that hears complaints about companies)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from trustsite.rules import FAST_LOADER

REGISTRY = Path(__file__).resolve().parent / "authorities.yml"
PRIVATE_SECTOR_SCOPES = ("national", "land_all", "land_private")  # as model.transfers.Authority.hears_private_sector


@dataclass(frozen=True)
class Registry:
    """Every authority of the registry by its data key (at_dsb, de_by_baylda), in the registry's order."""

    entries: dict[str, dict[str, Any]]

    def countries(self) -> list[str]:
        """Countries with an authority that hears complaints about companies."""
        return sorted({e["country"] for e in self.entries.values() if e["scope"] in PRIVATE_SECTOR_SCOPES})

    def lands(self) -> list[str]:
        """ISO 3166-2 codes of the German Länder in the registry (DE-BW, DE-BY, ...)."""
        return sorted({e["subdivision"] for e in self.entries.values() if e.get("subdivision")})

    def for_country(self, country: str, land: str | None = None) -> dict[str, dict[str, Any]]:
        """The authorities a project serving `country` lists. For Germany, companies are supervised by the
        authority of the Land of their seat (BDSG s. 40): with a Land, that Land's authority for companies;
        without one, the federal and every Land authority, as a statement for all of Germany lists them."""
        found = {key: e for key, e in self.entries.items() if e["country"] == country}
        if land is None:
            return found
        return {key: e for key, e in found.items()
                if e.get("subdivision") == land and e["scope"] in PRIVATE_SECTOR_SCOPES}

    def national(self, country: str) -> str | None:
        """The key of the country's national authority (None for Germany, where the Land decides)."""
        return next((key for key, e in self.entries.items() if e["country"] == country and e["scope"] == "national"),
                    None)


@lru_cache(maxsize=1)
def load_registry() -> Registry:
    raw = yaml.load(REGISTRY.read_text(encoding="utf-8"), Loader=FAST_LOADER)
    entries = {}
    for row in raw["authorities"]:
        entry = {k: v for k, v in row.items() if k != "id" and v is not None}  # data/authorities.yml has no nulls
        entries[row["id"].replace("-", "_")] = entry  # data IDs are snake_case (model.base.Id)
    return Registry(entries)


def sources_comment() -> str:
    """The registry's notes on its sources, as the YAML comment that closes a project's data/authorities.yml."""
    text = REGISTRY.read_text(encoding="utf-8")
    at = text.find("# SOURCES")
    return text[at:] if at >= 0 else ""
