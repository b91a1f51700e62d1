"""A synthetic organisation of any size, derived from a base project: N sub-processors, M purposes, L languages.

The base is the project at the repository root unless told otherwise (the shipped example, or a fork's own
organisation; the tests use their own fixture). Its reference data (legal bases, categories, subjects,
sources, retention, recipients, rights, cookies, authorities), prose, archive and theme are kept; its
purposes are multiplied with unique IDs and titles from its first purpose, and its sub-processors are
replaced by N copies of its first one, spread over EU/EEA countries and, where the base has a transfer
safeguard for a third country, over that country with that safeguard, so that every file stays valid and
`trustsite check` passes.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from trustsite.load.siteconfig import read_site_config
from trustsite.load.yamlsrc import parse_yaml

REPO = Path(__file__).resolve().parent.parent
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml's, where PyYAML has it: 7 MB in 2 s, not 7
EEA = ["DE", "IE", "NL", "FI", "SE", "DK", "FR", "AT", "BE", "NO"]  # countries that need no transfer safeguard


def read(base: Path, name: str) -> Any:
    path = base / "data" / name
    located, problems = parse_yaml(path.read_bytes(), name)
    assert located is not None and not problems, problems
    return located.data


def trim(value: Any, languages: list[str], known: set[str]) -> Any:
    """Keep only the given languages (out of the base's `known` ones) in every translated value."""
    if isinstance(value, dict):
        if value and set(value) <= known and all(isinstance(v, str) for v in value.values()):
            return {k: v for k, v in value.items() if k in languages}
        if value and all(str(k).split(".")[0] in known for k in value):  # per language: lists of readers
            return {k: trim(v, languages, known) for k, v in value.items() if str(k).split(".")[0] in languages}
        return {k: trim(v, languages, known) for k, v in value.items()}
    if isinstance(value, list):
        return [trim(v, languages, known) for v in value]
    return value


def third_country_safeguard(subprocessors: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """A country outside the EU/EEA and the base's safeguards for it, if a sub-processor of the base has some that
    bind by contract (standard clauses, whose importer the copies rename) rather than by the recipient's own
    certification, which a copy does not have."""
    for sub in subprocessors.values():
        for country, entry in sorted((sub.get("safeguards") or {}).items()):
            if country not in EEA and isinstance(entry, dict) and entry and all(
                    isinstance(e, dict) and "importer" in e for e in entry.values()):
                return country, entry
    return None


def generate(target: Path, subprocessors: int, purposes: int, languages: int, variant: int = 0,
             base: Path = REPO, released_on: str | None = None) -> Path:
    """Write a project to target; variant > 0 changes a few facts (for diff benchmarks). With `released_on` (a
    date), the organisation is released as a new version on that day (`trustsite release`, taking effect when
    its notice period allows), so that today's data is what its newest version states, as in a project's CI;
    without it, every difference from the base's newest version is a change not released yet."""
    if target.exists():
        shutil.rmtree(target)
    (target / "data").mkdir(parents=True)
    docs = {path.name: read(base, path.name) for path in sorted((base / "data").glob("*.yml"))}
    org = docs["organisation.yml"]["organisation"]
    known = set(org["languages"])
    default = org.get("default_language") or org["languages"][0]
    langs = [default, *[lang for lang in org["languages"] if lang != default]][:languages]
    org["languages"] = [lang for lang in org["languages"] if lang in langs]

    table = dict(docs["purposes.yml"]["purposes"] or {})  # other files name the base's purposes: they stay
    template = next(iter(table.values()), None)
    for i in range(max(0, purposes - len(table)) if template else 0):
        p = copy.deepcopy(template)
        p["title"] = {k: f"{v} {i}" for k, v in p["title"].items()}
        table[f"purpose_{i:04d}"] = p
    docs["purposes.yml"]["purposes"] = table
    purpose_ids = list(table)

    base_subs = docs["subprocessors.yml"]["subprocessors"]
    # the longest-engaged sub-processor, so that the copies are engaged on any date the base is checked on
    engaged = [sub for sub in (base_subs or {}).values() if not sub.get("until")]
    if not engaged or not table:
        raise SystemExit(f"{base}: a synthetic organisation copies a purpose and a sub-processor of its base, and this "
                         "project has none yet; name another project with --base (tests/fixtures/passing_full has both)")
    sub_template = min(engaged, key=lambda sub: sub["since"])
    third = third_country_safeguard(base_subs)

    def safeguards_for(entry: dict[str, Any], vendor: str) -> dict[str, Any]:
        return {regime: {**copy.deepcopy(e), "importer": vendor} if "importer" in e else copy.deepcopy(e)
                for regime, e in entry.items()}

    subs = {}
    for i in range(subprocessors):
        s = copy.deepcopy(sub_template)
        s["name"] = f"Vendor {i}"
        s["legal_entity"] = f"Vendor {i} B.V."
        s["purposes"] = [purpose_ids[(i + k) % len(purpose_ids)] for k in range(min(3, len(purpose_ids)))]
        country = third[0] if third and i % 4 == 0 else EEA[i % len(EEA)]
        s["processing_locations"] = [country]
        s["safeguards"] = {country: safeguards_for(third[1], f"Vendor {i} Ltd")} if country not in EEA else {}
        if variant and third and i % 997 == 0 and country != third[0]:  # a few changes: a new location abroad
            s["processing_locations"] = [country, third[0]]
            s["safeguards"] = {third[0]: safeguards_for(third[1], f"Vendor {i} Abroad")}
        subs[f"vendor_{i:05d}"] = s
    if variant:
        subs["vendor_new"] = {**copy.deepcopy(subs["vendor_00001"]), "name": "New vendor"}
    docs["subprocessors.yml"]["subprocessors"] = subs
    # the change log names the base's sub-processors: a synthetic organisation starts without history
    if "subprocessor_changes.yml" in docs:
        docs["subprocessor_changes.yml"]["subprocessor_changes"] = {}
    if "cookies.yml" in docs:  # cookies may name sub-processors: keep only first-party ones
        docs["cookies.yml"]["cookies"] = {k: v for k, v in (docs["cookies.yml"]["cookies"] or {}).items()
                                          if v["provider"] == "first_party"}
    for name, doc in docs.items():
        kept = doc if name == "authorities.yml" else trim(doc, langs, known)  # official names are not translations
        text = yaml.dump(kept, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=120)
        (target / "data" / name).write_text(text, encoding="utf-8")
    copy_content(base, target, langs, default, variant)
    write_site_config(base, target, langs)
    # the base's released versions, translation records, documents and theme customisation, copied:
    # a link leaving the project is refused (safety/links.py)
    for folder in ("archive", "translations", "documents", "overrides"):
        if (base / folder).is_dir():
            shutil.copytree(base / folder, target / folder, ignore=shutil.ignore_patterns(".trustsite_cache"))
    if released_on is not None:
        earlier = [v["effective"] for v in ((docs.get("versions.yml") or {}).get("versions") or {}).values()]
        release(target, released_on, int(org.get("notice_period_days") or 0), max(earlier, default=None))
    return target


def release(project: Path, today: str, notice_days: int, after: dt.date | None) -> None:
    """`trustsite release` of the project on `today`, taking effect once the notice period has passed and after
    the versions released before it (`after`: the latest of their dates)."""
    earliest = dt.date.fromisoformat(today) + dt.timedelta(days=notice_days + 1)
    effective = max(earliest, after + dt.timedelta(days=1) if after else earliest).isoformat()
    done = subprocess.run([sys.executable, "-m", "trustsite.cli", "release", "--root", str(project), "--effective",
                           effective, "--today", today, "--no-cache"], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{project}: trustsite release failed:\n{done.stdout}{done.stderr}")


def copy_content(base: Path, target: Path, langs: list[str], default: str, variant: int) -> None:
    """The base's pages in the kept languages (page.md in the default language, page.LANG.md in the others)."""
    for page in (base / "content").rglob("*.md"):
        parts = page.name.split(".")
        lang = parts[1] if len(parts) == 3 else default
        if lang not in langs:
            continue
        dest = target / "content" / page.relative_to(base / "content")
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = page.read_text(encoding="utf-8")
        if variant and lang == default and page.name == "index.md" and page.parent.name == "privacy":
            at = text.index("\n## ") if "\n## " in text else len(text)
            text = text[:at] + "\n\nWe added a sentence for this benchmark.\n" + text[at:]
        dest.write_text(text, encoding="utf-8")


def write_site_config(base: Path, target: Path, languages: list[str]) -> None:
    """The base's mkdocs.yml with only the kept languages, and its hook files named by absolute path."""
    config = read_site_config(base)  # as the engine reads it: MkDocs' own tags (!ENV, !!python/name) become null
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            plugin["i18n"]["languages"] = [lang for lang in plugin["i18n"]["languages"] if lang["locale"] in languages]
        if isinstance(plugin, dict) and isinstance(plugin.get("search"), dict) and "lang" in plugin["search"]:
            plugin["search"]["lang"] = [lang for lang in plugin["search"]["lang"] if lang in languages]
    if config.get("hooks"):
        config["hooks"] = [str((base / hook).resolve()) for hook in config["hooks"]]
    (target / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--subprocessors", type=int, default=1000)
    parser.add_argument("--purposes", type=int, default=50)
    parser.add_argument("--languages", type=int, default=3)
    parser.add_argument("--variant", type=int, default=0)
    parser.add_argument("--base", type=Path, default=REPO, help="the project to derive from (default: the root project)")
    parser.add_argument("--released-on", help="release the organisation as a new version on this date (YYYY-MM-DD)")
    args = parser.parse_args()
    generate(args.target, args.subprocessors, args.purposes, args.languages, args.variant, args.base, args.released_on)


if __name__ == "__main__":
    main()
