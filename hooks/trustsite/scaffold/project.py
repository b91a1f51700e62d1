"""Scaffold stage: `trustsite init` as a library call. Checks what it is told, renders every file of the new
project in memory, writes them into a staging folder, records the first version there (trustsite release on
an empty history) and only then moves the project into place: a refused or failed init leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from trustsite.model.base import EMAIL_PATTERN, URL_PATTERN, iso_countries
from trustsite.scaffold.data import PLACEHOLDER_WEBSITE, VERSIONS_FILE, Organisation, data_files
from trustsite.scaffold.pages import language_name, render_pages, render_project_files
from trustsite.scaffold.registry import load_registry
from trustsite.scaffold.texts import SITE_DESCRIPTION, SITE_NAME, Translator, catalog_path

# The official languages of the EU and the EEA, each with a complete label catalog in the package.
SUPPORTED_LANGUAGES = ("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "is", "it",
                       "lt", "lv", "mt", "nb", "nl", "nn", "pl", "pt", "ro", "sk", "sl", "sv")
# What `--here` replaces in a fork of the trustsite repository: the example organisation, nothing of the tool.
REPLACED_HERE = ("data", "content", "archive", "documents", "mkdocs.yml", "translations")
WRITTEN_ELSEWHERE = ("README.md", ".gitignore", "requirements.txt", ".github")  # a fork keeps the tool's own
# The supported languages whose words lunr.js stems (mkdocs_static_i18n.reconfigure.LUNR_LANGUAGES; the CLI
# imports no MkDocs, a test keeps the two in step): only these go into the search plugin's `lang`.
STEMMED_LANGUAGES = ("da", "de", "en", "es", "fi", "fr", "hu", "it", "nl", "pt", "ro", "sv")


class ScaffoldError(Exception):
    """What init was told cannot make a project; the message says what to change. Nothing was written."""


@dataclass(frozen=True)
class Request:
    """A `trustsite init` call."""

    target: Path
    organisation: Organisation
    here: bool = False
    site_url: str | None = None


def parse_languages(value: str) -> tuple[str, ...]:
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes:
        raise ScaffoldError("--languages: name at least one language, such as 'pl,en,cs'")
    for code in codes:
        if code not in SUPPORTED_LANGUAGES:
            raise ScaffoldError(f"--languages: '{code}' is not a supported language; choose from "
                                f"{', '.join(SUPPORTED_LANGUAGES)}")
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise ScaffoldError(f"--languages: '{repeated[0]}' is listed twice")
    return tuple(codes)


def check_country(code: str, option: str) -> str:
    """An ISO 3166-1 code whose supervisory authority is in the registry (a reader there must know where to
    complain, GDPR Art. 13(2)(d))."""
    upper = code.strip().upper()
    if upper not in iso_countries():
        hint = " (the ISO code of the United Kingdom is GB)" if upper == "UK" else \
            " (the ISO code of Greece is GR)" if upper == "EL" else ""
        raise ScaffoldError(f"{option}: expected an ISO 3166-1 alpha-2 country code such as 'PL', got '{code}'{hint}")
    served = load_registry().countries()
    if upper not in served:
        raise ScaffoldError(f"{option}: trustsite's registry has no supervisory authority for {upper}; it covers the "
                            f"EU, the EEA, the United Kingdom and Switzerland ({', '.join(served)})")
    return upper


def make_organisation(name: str, country: str, languages: str, subsidiaries: tuple[str, ...] = (),
                      email: str | None = None, website: str | None = None, land: str | None = None) -> Organisation:
    """The organisation init was told of, or ScaffoldError naming the option to correct."""
    if not name.strip():
        raise ScaffoldError("--organisation: give the organisation's name")
    head = check_country(country, "--country")
    subs = tuple(check_country(c, "--subsidiary") for c in subsidiaries)
    if email is not None and not re.match(EMAIL_PATTERN, email):
        raise ScaffoldError(f"--email: expected an e-mail address such as 'privacy@example.com', got '{email}'")
    if website is not None and not re.match(URL_PATTERN, website):
        raise ScaffoldError(f"--website: expected an address starting with https://, got '{website}'")
    if land is not None:
        land = land.strip().upper()
        lands = load_registry().lands()
        if land not in lands:
            raise ScaffoldError(f"--land: expected the ISO 3166-2 code of a German Land ({', '.join(lands)}), got '{land}'")
        if "DE" not in (head, *subs):
            raise ScaffoldError("--land: the organisation has no seat in Germany (DE is neither --country nor a --subsidiary)")
    return Organisation(name.strip(), head, parse_languages(languages), subs, email, website, land)


def render_project(request: Request) -> dict[str, str]:
    """Every file of the new project (path below the project -> text), data/versions.yml with no version yet."""
    org = request.organisation
    translators = {lang: Translator(lang) for lang in org.languages}
    files = {f"data/{name}": text for name, text in data_files(org, translators, load_registry()).items()}
    files["data/versions.yml"] = VERSIONS_FILE
    files.update(render_pages(translators, org.default_language, bool(org.subsidiaries)))
    languages = [{"code": lang, "name": language_name(lang),
                  "site_name": translators[lang].text(SITE_NAME, name=org.name),
                  "site_description": translators[lang].text(SITE_DESCRIPTION, name=org.name)}
                 for lang in org.languages]
    missing = {lang: sorted(t.missing) for lang, t in translators.items() if t.missing}
    if missing:
        lines = [f"  {lang}: {len(found)} text(s) untranslated in {catalog_path(lang)}, such as {found[0]!r}"
                 for lang, found in missing.items()]
        raise ScaffoldError("the starter texts are not yet translated into every language; a page never shows "
                            "another language's text, so nothing was written:\n" + "\n".join(lines))
    values = {"name": org.name, "default_language": org.default_language, "languages": languages,
              "site_name": languages[0]["site_name"], "site_description": languages[0]["site_description"],
              "site_url": request.site_url or PLACEHOLDER_WEBSITE, "site_url_given": request.site_url is not None,
              "search_languages": [lang for lang in org.languages if lang in STEMMED_LANGUAGES],
              "language_list": ", ".join(org.languages), "trustsite_version": trustsite_version(),
              "notice_days": 30, "version_id": "{version_id}"}
    project_files = render_project_files(values)
    if request.here:
        project_files = {path: text for path, text in project_files.items()
                         if not path.startswith(WRITTEN_ELSEWHERE)}
    files.update(project_files)
    return files


def trustsite_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("trustsite")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0.1.0"


def check_target(request: Request) -> None:
    """A new project goes into an empty or new folder; --here replaces the example of a trustsite fork."""
    target = request.target
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target}: exists and is not a folder")
    if request.here:
        if not (target / "mkdocs.yml").is_file():
            raise ScaffoldError(f"{target}: --here replaces the example project of a trustsite fork in place, but "
                                "there is no mkdocs.yml here; run init without --here to make a new folder")
        return
    if target.is_dir() and any(target.iterdir()):
        raise ScaffoldError(f"{target}: the folder is not empty; give a new or empty folder (or, in a fork of the "
                            "trustsite repository, --here to replace its example organisation)")


def scaffold(request: Request, today: dt.date) -> list[str]:
    """Write the new project and record its first version; return the paths written, below the project.

    Refused with ScaffoldError (nothing written) when the folder or what init was told cannot make a valid
    project. The first version is released as `trustsite release` would, with `today` as its date."""
    from trustsite.versions.release import ReleaseRefused, release

    check_target(request)
    files = render_project(request)
    target = request.target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
    try:
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
        try:
            plan = release(staging, today, today)
        except ReleaseRefused as exc:  # a defect of init itself: what it writes must always be valid
            from trustsite.errors import format_problems

            raise ScaffoldError(f"the new project does not pass trustsite check ({exc}):\n"
                                + format_problems(exc.problems)) from None
        readme = staging / "README.md"
        if readme.is_file():
            readme.write_text(readme.read_text(encoding="utf-8").replace("{version_id}", plan.vid), encoding="utf-8")
        written = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
        _move_into_place(staging, target, request.here)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def _move_into_place(staging: Path, target: Path, here: bool) -> None:
    if here:
        for name in REPLACED_HERE:
            old = target / name
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old)
            elif old.exists() or old.is_symlink():
                old.unlink()
        for entry in staging.iterdir():
            entry.rename(target / entry.name)
        staging.rmdir()
        return
    if target.is_dir():
        target.rmdir()  # empty (checked): the staging folder takes its place
    staging.rename(target)
