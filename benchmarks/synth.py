"""A synthetic organisation of any size, derived from the example: N sub-processors, M purposes, L languages.

The example's reference data (legal bases, categories, subjects, sources, retention, recipients,
rights, cookies, authorities) is kept; purposes and sub-processors are multiplied with unique IDs,
titles and a spread of countries, so every file stays valid and `trustsite check` passes.
"""

from __future__ import annotations

import argparse
import copy
import shutil
from pathlib import Path
from typing import Any

import yaml

from trustsite.load.yamlsrc import parse_yaml

REPO = Path(__file__).resolve().parent.parent
# countries that need no safeguard (EU/EEA), and ones that need SCCs, to exercise the transfer rules
EEA = ["DE", "IE", "NL", "FI", "SE", "DK", "FR", "AT", "BE", "NO"]
THIRD = ["IN", "BR", "SG", "AU", "ZA", "MX", "PH"]
EXAMPLE_LANGUAGES = {"en", "nl", "de", "nb", "sv", "da", "lt", "fr"}


def read(name: str) -> Any:
    path = REPO / "data" / name
    located, problems = parse_yaml(path.read_bytes(), name)
    assert located is not None and not problems, problems
    return located.data


def trim(value: Any, languages: list[str]) -> Any:
    """Keep only the given languages in every translated string."""
    if isinstance(value, dict):
        if value and set(value) <= {"en", "nl", "de", "nb", "sv", "da", "lt", "fr"} and all(
                isinstance(v, str) for v in value.values()):
            return {k: v for k, v in value.items() if k in languages}
        if value and all(str(k).split(".")[0] in EXAMPLE_LANGUAGES for k in value):  # per language: lists of readers
            return {k: trim(v, languages) for k, v in value.items() if str(k).split(".")[0] in languages}
        return {k: trim(v, languages) for k, v in value.items()}
    if isinstance(value, list):
        return [trim(v, languages) for v in value]
    return value


def generate(target: Path, subprocessors: int, purposes: int, languages: int, variant: int = 0) -> Path:
    """Write a project to target; variant > 0 changes a few facts (for diff benchmarks)."""
    if target.exists():
        shutil.rmtree(target)
    (target / "data").mkdir(parents=True)
    org = read("organisation.yml")
    langs = org["organisation"]["languages"][:languages]
    org["organisation"]["languages"] = langs
    docs = {name: read(name) for name in (p.name for p in (REPO / "data").glob("*.yml"))}
    docs["organisation.yml"] = org

    template = docs["purposes.yml"]["purposes"]["feedback_surveys"]
    table = {}
    for i in range(purposes):
        p = copy.deepcopy(template)
        p["title"] = {k: f"{v} {i}" for k, v in p["title"].items()}
        table[f"purpose_{i:04d}"] = p
    docs["purposes.yml"]["purposes"] = table
    purpose_ids = list(table)

    sub_template = docs["subprocessors.yml"]["subprocessors"]["rekenvaart"]
    # a transfer outside the EEA needs a safeguard under each of the organisation's regimes (GDPR, UK GDPR,
    # FADP): the example's own safeguards for India (clauses, module, importer, transfer impact assessment)
    safeguard = next(sub["safeguards"]["IN"] for sub in docs["subprocessors.yml"]["subprocessors"].values()
                     if "IN" in (sub.get("safeguards") or {}))

    def safeguards_for(country: str, vendor: str) -> dict[str, Any]:
        return {regime: {**copy.deepcopy(entry), "importer": vendor} if "importer" in entry else copy.deepcopy(entry)
                for regime, entry in safeguard.items()}

    subs = {}
    for i in range(subprocessors):
        s = copy.deepcopy(sub_template)
        s["name"] = f"Vendor {i}"
        s["legal_entity"] = f"Vendor {i} B.V."
        s["purposes"] = [purpose_ids[(i + k) % len(purpose_ids)] for k in range(3)]
        s["data_categories"] = ["identity_contact", "communication_content"]
        country = EEA[i % len(EEA)] if i % 4 else THIRD[i % len(THIRD)]
        s["processing_locations"] = [country]
        s["safeguards"] = {} if country in EEA else {country: safeguards_for(country, f"Vendor {i} Ltd")}
        if variant and i % 997 == 0:  # a few changes: a new location outside the EEA
            s["processing_locations"] = [country, "IN"] if country != "IN" else [country]
            s["safeguards"] = {**s["safeguards"], "IN": safeguards_for("IN", f"Vendor {i} India")}
        subs[f"vendor_{i:05d}"] = s
    if variant:
        subs["vendor_new"] = {**copy.deepcopy(subs["vendor_00001"]), "name": "New vendor"}
    docs["subprocessors.yml"]["subprocessors"] = subs
    # the change log names the example's sub-processors: a synthetic organisation starts without history
    docs["subprocessor_changes.yml"]["subprocessor_changes"] = {}
    # cookies may name sub-processors: keep only first-party ones
    docs["cookies.yml"]["cookies"] = {k: v for k, v in docs["cookies.yml"]["cookies"].items()
                                      if v["provider"] == "first_party"}
    for name, doc in docs.items():
        kept = doc if name == "authorities.yml" else trim(doc, langs)  # official names are not translations
        text = yaml.safe_dump(kept, allow_unicode=True, sort_keys=False, width=120)
        (target / "data" / name).write_text(text, encoding="utf-8")
    content = target / "content"
    for page in (REPO / "content").rglob("*.md"):
        parts = page.name.split(".")
        lang = parts[1] if len(parts) == 3 else "en"
        if lang in langs:
            dest = content / page.relative_to(REPO / "content")
            dest.parent.mkdir(parents=True, exist_ok=True)
            text = page.read_text(encoding="utf-8")
            if variant and lang == "en" and page.name == "index.md" and page.parent.name == "privacy":
                text = text.replace("## Who we are", "We added a sentence for this benchmark.\n\n## Who we are", 1)
            dest.write_text(text, encoding="utf-8")
    write_site_config(target, langs)
    for folder in ("archive", "translations"):  # the example's released versions and translation records
        shutil.copytree(REPO / folder, target / folder)
    shutil.copytree(REPO / "documents", target / "documents")  # the files data/documents.yml names
    # the organisation's own theme customisation, copied: a link leaving the project is refused (safety/links.py)
    shutil.copytree(REPO / "overrides", target / "overrides")
    return target


def write_site_config(target: Path, languages: list[str]) -> None:
    """The example's mkdocs.yml with only the organisation's languages and the repository's hook file."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"] = [lang for lang in plugin["i18n"]["languages"] if lang["locale"] in languages]
        if isinstance(plugin, dict) and "search" in plugin:
            plugin["search"]["lang"] = [lang for lang in plugin["search"]["lang"] if lang in languages]
    config["hooks"] = [str(REPO / "hooks" / "trustsite_hooks.py")]
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--subprocessors", type=int, default=1000)
    parser.add_argument("--purposes", type=int, default=50)
    parser.add_argument("--languages", type=int, default=3)
    parser.add_argument("--variant", type=int, default=0)
    args = parser.parse_args()
    generate(args.target, args.subprocessors, args.purposes, args.languages, args.variant)


if __name__ == "__main__":
    main()
