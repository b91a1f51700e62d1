"""Test helpers: edit a copy of a project's data and prose the way a legal editor would."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from trustsite.load.yamlsrc import parse_yaml


class Edits:
    """A copy of data/, content/, overrides/ and documents/ whose YAML files are edited as plain data, then written back."""

    def __init__(self, source: Path, target: Path,
                 folders: tuple[str, ...] = ("data", "content", "overrides", "documents", "translations", "archive")) -> None:
        self.root = target
        for name in folders:
            if (source / name).is_dir():
                shutil.copytree(source / name, target / name)
        if (source / "mkdocs.yml").is_file():
            shutil.copyfile(source / "mkdocs.yml", target / "mkdocs.yml")
        self._docs: dict[str, Any] = {}

    def data(self, key: str) -> Any:
        """The mapping under the top-level key of data/<key>.yml (edit it in place)."""
        if key not in self._docs:
            path = self.root / "data" / f"{key}.yml"
            located, problems = parse_yaml(path.read_bytes(), path.name)
            assert located is not None and not problems, problems
            self._docs[key] = located.data
        return self._docs[key][key]

    def replace(self, rel: str, old: str, new: str, count: int = 1) -> None:
        """Replace text in a file below the project (prose or raw YAML)."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    def text(self, en: str) -> dict[str, str]:
        """A translated string in every configured language (other languages marked copies of the English)."""
        languages = self.data("organisation")["languages"]
        return {lang: en if lang == "en" else f"[{lang}] {en}" for lang in languages}

    def save(self) -> Path:
        for key, doc in self._docs.items():
            text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000)
            (self.root / "data" / f"{key}.yml").write_text(text, encoding="utf-8")
        self._docs.clear()
        return self.root



def scc_everywhere(importer: str, module: int = 2) -> dict[str, dict[str, object]]:
    """A transfer on standard contractual clauses under every regime the example declares (EU, UK, Swiss),
    with the facts check requires: module, importer and a transfer impact assessment (a mapping per regime, not
    one shared object: YAML would write it as an alias, which data files refuse)."""
    return {regime: {"mechanism": key, "module": module, "importer": importer, "tia": {"date": "2026-11-01"}}
            for regime, key in (("gdpr", "scc_2021_914"), ("uk_gdpr", "uk_addendum"), ("fadp", "swiss_scc"))}
