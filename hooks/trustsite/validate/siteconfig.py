"""Validate stage: mkdocs.yml, read as located data (load/siteconfig.py; no MkDocs import) and checked where
trustsite depends on it, each problem located: a tag that makes MkDocs import Python, folders outside the
project or over its sources, anything that would load from another host (fonts, analytics, scripts,
stylesheets). Its languages are checked by validate/site_languages.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from trustsite.errors import Problem
from trustsite.load.siteconfig import SiteConfig, load_site_config
from trustsite.safety.folders import site_folder_problem
from trustsite.safety.markup import another_host, screen_html
from trustsite.safety.urls import url_problem

CONFIG = "mkdocs.yml"
MKDOCS_TAGS = ("!ENV", "!relative")  # MkDocs' own tags: an environment variable, a path beside the file
CONTENT_DIR = "content"


def _walk(node: yaml.Node, path: tuple) -> Iterator[tuple[tuple, yaml.Node]]:
    yield path, node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _walk(value, (*path, str(getattr(key, "value", key))))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _walk(item, (*path, index))


class _Config:
    """The located mkdocs.yml (load/siteconfig.py) with the project folder it lies in."""

    def __init__(self, root: Path, site: SiteConfig) -> None:
        self.root, self.site = root, site
        self.data: dict[str, Any] = site.data or {}
        self.nodes = dict(_walk(site.node, ())) if site.node is not None else {}

    def problem(self, path: tuple, message: str, severity: str = "error") -> Problem:
        return self.site.problem(path, message, severity)


def _unreadable(path: Path) -> list[Problem]:
    """Why mkdocs.yml could not be read as a mapping, located."""
    try:
        text = path.read_text(encoding="utf-8")
        yaml.compose(text, Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        return [Problem(CONFIG, 0, 0, "", "not valid UTF-8; save it with UTF-8 encoding")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.problem and "could not determine a constructor" in exc.problem:
            return []  # a tag: composing does not construct; cannot happen here
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        return [Problem(CONFIG, line, column, "", f"YAML syntax error: {exc.problem or exc.context}")]
    except yaml.YAMLError as exc:
        return [Problem(CONFIG, 0, 0, "", "YAML error: " + " ".join(str(exc).split()))]
    except OSError as exc:
        return [Problem(CONFIG, 0, 0, "", f"cannot read the file: {exc.strerror}")]
    return [Problem(CONFIG, 0, 0, "", "expected a mapping of settings such as 'site_name: ...'")]


def check_mkdocs_yml(root: Path) -> list[Problem]:
    """Every problem of mkdocs.yml trustsite can see without MkDocs; [] when there is no mkdocs.yml."""
    path = Path(root) / CONFIG
    if not path.is_file():
        return []
    site = load_site_config(Path(root))
    if site.data is None or site.node is None:
        return _unreadable(path)
    config = _Config(Path(root), site)
    problems = list(_check_tags(config))
    problems += _check_folders(config)
    problems += _check_loads(config)
    problems += _check_links(config)
    return problems


def _check_tags(config: _Config) -> Iterator[Problem]:
    for path, node in config.nodes.items():
        tag = node.tag or ""
        if tag.startswith("tag:yaml.org,2002:python/"):
            shown = "!!" + tag.removeprefix("tag:yaml.org,2002:")
            yield config.problem(path, f"the tag {shown} makes MkDocs import and run Python named in the "
                                       "configuration; trustsite refuses it (mkdocs.yml is data): remove it")
        elif tag.startswith("!") and tag not in MKDOCS_TAGS:
            yield config.problem(path, f"unknown tag {tag}; MkDocs knows {' and '.join(MKDOCS_TAGS)}")


def _folder(config: _Config, key: str, default: str) -> Path:
    value = config.data.get(key, default)
    return (config.root / str(value)).resolve()


def _check_folders(config: _Config) -> list[Problem]:
    root = config.root.resolve()
    problems = []
    docs = _folder(config, "docs_dir", "docs")
    if not docs.is_relative_to(root):
        problems.append(config.problem(("docs_dir",), f"points outside the project ({docs}); the pages are "
                                                      f"{CONTENT_DIR}/ of the project: write 'docs_dir: {CONTENT_DIR}'"))
    elif docs != root / CONTENT_DIR:
        problems.append(config.problem(("docs_dir",), f"expected '{CONTENT_DIR}' (trustsite checks the pages in "
                                                      f"{CONTENT_DIR}/), got '{config.data.get('docs_dir', 'docs')}'"))
    theme = config.data.get("theme") if isinstance(config.data.get("theme"), dict) else {}
    custom = theme.get("custom_dir")
    extra = [docs]
    if custom:
        custom_path = (config.root / str(custom)).resolve()
        if not custom_path.is_relative_to(root):
            problems.append(config.problem(("theme", "custom_dir"), f"points outside the project ({custom_path}); "
                                                                    "keep the theme's customisation in overrides/"))
        extra.append(custom_path)
    site = _folder(config, "site_dir", "site")
    unsafe = site_folder_problem(config.root, site, extra)
    if unsafe is not None:
        problems.append(config.problem(("site_dir",), unsafe))
    return problems


def _check_loads(config: _Config) -> list[Problem]:
    """What would make every page load from another host, or run script the policy screen refuses."""
    data = config.data
    problems = []
    theme = data.get("theme")
    theme = {"name": theme} if isinstance(theme, str) else theme if isinstance(theme, dict) else {}
    if theme.get("name") == "material" and theme.get("font", True) is not False:
        problems.append(config.problem(("theme", "font"), "Material loads its fonts from Google's servers, which "
                                                          "learn every reader's address: set 'font: false' (or "
                                                          "serve the fonts from the site)"))
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    if extra.get("analytics"):
        problems.append(config.problem(("extra", "analytics"), "loads an analytics script from another host on "
                                                               "every page; remove it"))
    for key in ("extra_css", "extra_javascript"):
        for index, item in enumerate(data.get(key) or []):
            url = item.get("path") if isinstance(item, dict) else item
            if isinstance(url, str) and another_host(url):
                problems.append(config.problem((key, index), f"loads {url} from another host on every page; put "
                                                             "the file in the theme's custom_dir and list its path"))
    site_url = data.get("site_url")
    if isinstance(site_url, str) and site_url:
        scheme = site_url.split(":", 1)[0].lower()
        reason = url_problem(site_url) if scheme in ("https", "http") else "expected an address starting with https://"
        if reason is not None:
            problems.append(config.problem(("site_url",), f"{reason}, got {site_url!r}"))
    copyright_text = data.get("copyright")
    if isinstance(copyright_text, str):  # Material shows it as HTML
        for found in screen_html(copyright_text, CONFIG, prose=True):
            problems.append(config.problem(("copyright",), f"{found.path}: {found.message}"))
    return problems


def _check_links(config: _Config) -> list[Problem]:
    """The version pages (one per archived version) link to each other as '/privacy/versions/....md', which
    MkDocs resolves only with absolute_links: relative_to_docs; otherwise every such link is a 404."""
    archive = config.root / "archive"
    released = archive.is_dir() and any(p.is_dir() and not p.name.startswith(".") for p in archive.iterdir())
    validation = config.data.get("validation")
    links = validation.get("links") if isinstance(validation, dict) else None
    setting = links.get("absolute_links") if isinstance(links, dict) else None
    if released and setting != "relative_to_docs":
        return [config.problem(("validation", "links", "absolute_links"),
                               "must be relative_to_docs: the version pages link to each other as "
                               "'/privacy/versions/....md', which would otherwise lead nowhere")]
    return []
