"""The site's response headers: one table (hooks/trustsite/site/headers.py) behind the `_headers` of each
build and the examples in hosting/, and a Content-Security-Policy that no built page breaks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from bs4 import Tag

from tests.conftest import REPO, read_mkdocs_config
from tests.site.helpers import site_facts, soup
from trustsite.cli import main as cli
from trustsite.site.headers import (CSP_DIRECTIVES, HOST_FILES, content_security_policy, render_headers_file,
                                    security_headers, stale_host_files)

HOSTING = REPO / "hosting"
REGENERATE = ".venv/bin/trustsite headers --write hosting"
RUNS = {"", "module", "text/javascript", "application/javascript", "application/ecmascript"}  # other types are data
URL_ATTRS = ("href", "src", "action", "formaction", "data", "poster")


def refused_by_the_policy(page: Path, site: Path) -> list[str]:
    """What a browser would block in one page under `default-src 'self'` without 'unsafe-inline'."""
    found = []

    def where(el: Tag) -> str:
        return f"{page.relative_to(site)}:{el.sourceline}: <{el.name}>"

    for el in soup(page).find_all(True):
        if el.name == "script" and not el.get("src") and el.get("type", "").strip().lower() in RUNS and el.string:
            found.append(f"{where(el)} inline script {el.string.strip()[:60]!r}")
        if el.name == "style":
            found.append(f"{where(el)} inline style element")
        for name, value in el.attrs.items():
            if name.startswith("on"):
                found.append(f"{where(el)} event handler {name}")
            if name == "style":
                found.append(f"{where(el)} style attribute {value!r}")
            if name in URL_ATTRS and "".join(str(value).split()).lower().startswith("javascript:"):
                found.append(f"{where(el)} javascript: URL in {name}")
            if name in ("src", "data") and str(value).strip().lower().startswith(("data:", "blob:")) and el.name != "img":
                found.append(f"{where(el)} {value[:5]} URL in {name}")
    return found


def test_no_built_page_has_code_the_policy_refuses(root_site: Path) -> None:
    pages = sorted(root_site.rglob("*.html"))
    top = {page.relative_to(root_site).parts[0] for page in pages}
    facts = site_facts(REPO)
    every_folder = {lang for lang in facts.languages if lang != facts.default} | {
        base.split("/")[0] for base in facts.all_bases if "/" in base}
    assert every_folder <= top  # every language, every section was looked at
    found = [problem for page in pages for problem in refused_by_the_policy(page, root_site)]
    assert found == []


def test_material_helpers_come_from_a_file_before_its_bundle(root_site: Path) -> None:
    """Material's bundle needs __md_get and friends; they load from a file with the page's scope, on
    every page (a 404 page is served at any address: it names the site root absolutely)."""
    assert (root_site / "assets" / "javascripts" / "partials" / "base.js").is_file()
    for page in sorted(root_site.rglob("*.html")):
        if page.relative_to(root_site).parts[0] in ("assets", "search"):
            continue
        depth = len(page.relative_to(root_site).parts) - 1
        scope = "/" if page.name == "404.html" else "/".join([".."] * depth) or "."
        root = "/" if page.name == "404.html" else ("" if depth == 0 else scope + "/")
        sources = [s["src"] for s in soup(page).find_all("script", src=True)]
        bundle = next(i for i, src in enumerate(sources) if src.startswith(f"{root}assets/javascripts/bundle."))
        assert sources[0] == f"{root}assets/javascripts/partials/base.js" and bundle > 0, page
        assert soup(page).find("script", src=sources[0])["data-md-scope"] == scope, page


def test_the_policy_allows_nothing_inline() -> None:
    policy = content_security_policy()
    assert policy.startswith("default-src 'self'; ")
    assert "unsafe" not in policy and "*" not in policy and "http" not in policy
    assert [d.name for d in CSP_DIRECTIVES if "data:" in d.value] == ["img-src"]  # Material's icons only
    assert all(d.reason for d in CSP_DIRECTIVES)


def parse_headers_file(text: str) -> dict[str, list[tuple[str, str]]]:
    """Netlify / Cloudflare Pages `_headers`: a path line, then indented 'Name: value' lines."""
    rules: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if not line[0].isspace():
            rules[line.strip()] = current = []
        else:
            name, _, value = line.strip().partition(": ")
            current.append((name, value))
    return rules


def test_the_built_site_carries_its_headers_file(root_site: Path) -> None:
    import datetime as dt

    from tests.conftest import ROOT_BUILD_DATE
    from trustsite.project import load_project
    from trustsite.render.trust import form_action_origins
    from trustsite.site.headers import CONTENT_TYPES

    # a signup form posts to the project's list provider: form-action allows exactly that origin
    origins = form_action_origins(load_project(REPO, dt.date.fromisoformat(ROOT_BUILD_DATE)))
    text = (root_site / "_headers").read_text(encoding="utf-8")
    https = read_mkdocs_config(REPO)["site_url"].startswith("https://")  # HSTS only for a site on https
    assert parse_headers_file(text) == {"/*": security_headers(https=https, form_origins=origins),
                                        **{path: [("Content-Type", kind)] for path, kind in CONTENT_TYPES.items()}}
    assert text == render_headers_file(https=https, form_origins=origins)


def test_strict_transport_security_only_for_a_site_on_https() -> None:
    assert "Strict-Transport-Security" in dict(security_headers(https=True))
    assert "Strict-Transport-Security" not in dict(security_headers(https=False))
    assert "Strict-Transport-Security" not in render_headers_file(https=False)


def test_hosting_examples_are_up_to_date() -> None:
    stale = stale_host_files(HOSTING)
    assert stale == [], f"hosting/ is stale ({', '.join(stale)}): run {REGENERATE}"
    extra = sorted({p.name for p in HOSTING.iterdir()} - set(HOST_FILES))
    assert extra == [], f"hosting/ has files the header table does not write: {extra}"


def _json_headers(text: str) -> list[tuple[str, str]]:
    config = json.loads(text)
    rules = config["hosting"]["headers"] if "hosting" in config else config["headers"]
    assert [rule["source"] for rule in rules] in (["**"], ["/(.*)"])  # every path
    return [(h["key"], h["value"]) for h in rules[0]["headers"]]


PARSERS: dict[str, Callable[[str], list[tuple[str, str]]]] = {
    "_headers": lambda text: parse_headers_file(text)["/*"],
    "nginx.conf": lambda text: re.findall(r'^add_header (\S+) "([^"]*)" always;$', text, re.M),
    "apache.htaccess": lambda text: re.findall(r'^Header always set (\S+) "([^"]*)"', text, re.M),
    "Caddyfile": lambda text: re.findall(r'^\t\t(\S+) "([^"]*)"$', text, re.M),
    "firebase.json": _json_headers,
    "vercel.json": _json_headers,
}


@pytest.mark.parametrize("name", HOST_FILES)
def test_each_hosting_example_sends_every_header(name: str) -> None:
    assert PARSERS[name]((HOSTING / name).read_text(encoding="utf-8")) == security_headers(https=True)


def test_apache_sends_strict_transport_security_over_https_only() -> None:
    line = next(line for line in (HOSTING / "apache.htaccess").read_text(encoding="utf-8").splitlines()
                if "Strict-Transport-Security" in line)
    assert line.endswith(''' "expr=%{HTTPS} == 'on'"''')


def test_check_reports_stale_examples_and_write_regenerates_them(tmp_path: Path) -> None:
    (tmp_path / "nginx.conf").write_text("add_header X-Old yes always;\n", encoding="utf-8")
    stale = CliRunner().invoke(cli, ["headers", "--check", str(tmp_path)])
    assert stale.exit_code == 1
    assert f"{tmp_path / 'nginx.conf'}: stale; run trustsite headers --write {tmp_path}" in stale.stderr
    assert f"{tmp_path / 'Caddyfile'}: stale" in stale.stderr  # missing counts as stale
    assert CliRunner().invoke(cli, ["headers", "--write", str(tmp_path)]).exit_code == 0
    assert CliRunner().invoke(cli, ["headers", "--check", str(tmp_path)]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(HOST_FILES)
    printed = CliRunner().invoke(cli, ["headers"])
    assert printed.exit_code == 0 and f"Content-Security-Policy: {content_security_policy()}" in printed.stdout


def test_the_header_modules_run_without_mkdocs() -> None:
    code = ("import sys, trustsite.site.headers, trustsite.site.inline; "
            "sys.exit('mkdocs' in sys.modules or any(m.startswith('mkdocs.') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-m", "trustsite.cli", "headers", "--check", str(HOSTING)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
