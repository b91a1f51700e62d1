"""Input that used to be quietly wrong is a located message: directive look-alikes, stray near-miss data
files, explicit default-language pages, numbers out of bounds, links leaving the project, unreadable
folders, mkdocs.yml that MkDocs would reject or that would load from another host; terminal output is
escaped; diff and notice end with one line without git or with an unwritable output."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.safety.helpers import cli_env, one_line, trustsite
from trustsite.cli import main

PAGE = "content/privacy/index.md"


def check(root: Path):
    return CliRunner().invoke(main, ["check", "--root", str(root), "--today", "2026-07-01", "--no-cache"])


def append(root: Path, rel: str, text: str) -> int:
    path = root / rel
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


@pytest.mark.parametrize(("prose", "column", "message"), [
    ("Contact {{ controller.legal-name }}.", 9,
     "'{{ controller.legal-name }}' is not a directive and would be published as it stands; did you mean "
     "'controller.legal_name'?"),
    ("Empty {{ }} here.", 7, "empty directive '{{ }}' would be published as it stands; name a directive or remove it"),
    ("{{ contacts | safe }}", 1, "'{{ contacts | safe }}' is not a directive: directives take no filters or calls, "
                                 "and it would be published as it stands; write '{{ contacts }}'"),
    ("{% include 'x.md' %}", 1, "'{% include 'x.md' %}' looks like a template tag, but content pages are not "
                                "templates: it would be published as it stands; write a directive such as "
                                "'{{ purposes }}' or remove it"),
    ("Half {{ purposes", 6, "'{{' without its other half would be published as it stands; a directive is written "
                            "'{{ name }}' on one line"),
    ("{{ controller.legalname }}", 1, "unknown directive 'controller.legalname'; did you mean 'controller.legal_name'?"),
])
def test_a_directive_look_alike_is_a_located_error(minimal_copy: Path, prose: str, column: int, message: str) -> None:
    line = append(minimal_copy, PAGE, "\n" + prose + "\n") + 1
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert f"{PAGE}:{line}:{column}: {message}" in result.stderr.splitlines(), result.stderr


def test_directive_look_alikes_in_code_are_text(minimal_copy: Path) -> None:
    # the home page: the statement's prose may not change while its released version is in force
    append(minimal_copy, "content/index.md", "\nWrite `{{ x | y }}` in code.\n\n```\n{% raw %}\n```\n")
    append(minimal_copy, "content/index.de.md", "\nSchreiben Sie `{{ x | y }}`.\n\n```\n{% raw %}\n```\n")
    assert check(minimal_copy).exit_code == 0


def test_a_near_miss_data_file_is_an_error_and_an_unknown_one_a_warning(minimal_copy: Path) -> None:
    shutil.copy(minimal_copy / "data" / "cookies.yml", minimal_copy / "data" / "cookie.yml")
    (minimal_copy / "data" / "glossary.yml").write_text("terms: {}\n", encoding="utf-8")
    (minimal_copy / "data" / "README.md").write_text("notes for people\n", encoding="utf-8")
    result = check(minimal_copy)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("data/cookie.yml: not a data file trustsite reads; did you mean 'cookies.yml'? (what it holds "
                        "is ignored: merge it into that file and remove it)")
    assert lines[1].startswith("data/glossary.yml: warning: not a data file trustsite reads; it is ignored")
    assert lines[2] == "1 error and 1 warning in data/"


@pytest.mark.parametrize(("beside", "message"), [
    (True, "content/index.en.md: a second 'en' page beside content/index.md: the default language has no suffix; "
           "keep one"),
    (False, "content/index.en.md: the default language 'en' has no suffix: name this page content/index.md"),
])
def test_an_explicit_default_language_page_is_reported(minimal_copy: Path, beside: bool, message: str) -> None:
    shutil.copy(minimal_copy / "content" / "index.md", minimal_copy / "content" / "index.en.md")
    if not beside:
        (minimal_copy / "content" / "index.md").unlink()
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert message in result.stderr.splitlines(), result.stderr


@pytest.mark.parametrize(("old", "new", "message"), [
    ('  countries_served: [DE, "NO"]', '  countries_served: [DE, "NO"]\n  notice_period_days: 5000000',
     "organisation.notice_period_days: expected at most 365 days (a year), got 5000000"),
    ('  countries_served: [DE, "NO"]', '  countries_served: [DE, "NO"]\n  notice_period_days: 100000000000000000000000',
     "organisation.notice_period_days: expected at most 365 days (a year), got 100000000000000000000000"),
    ('  countries_served: [DE, "NO"]', '  countries_served: [DE, "NO"]\n  notice_period_days: 1.0e+23',
     "organisation.notice_period_days: expected a whole number, got 1e+23"),
])
def test_numbers_are_bounded(minimal_copy: Path, old: str, new: str, message: str) -> None:
    path = minimal_copy / "data" / "organisation.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert f"data/organisation.yml:19:23: {message}" in result.stderr, result.stderr


@pytest.mark.parametrize(("period", "message"), [
    ("{value: 1000000000000000000000000000000, unit: years}",
     "retention.contract_term.period.value: expected at most 36525 (a hundred years in days), got "
     "1000000000000000000000000000000"),
    ("{value: 101, unit: years}", "retention.contract_term.period: expected at most a hundred years, got 101 years"),
    ("{value: 1300, unit: months}", "retention.contract_term.period: expected at most a hundred years, got 1300 months"),
])
def test_a_retention_period_is_bounded(minimal_copy: Path, period: str, message: str) -> None:
    path = minimal_copy / "data" / "retention.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("{value: 12, unit: months}", period), encoding="utf-8")
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("data/retention.yml:7:"), result.stderr
    assert result.stderr.splitlines()[0].endswith(message), result.stderr


LEAVING = "outside the project; nothing outside the project may be read or published: copy the file into the " \
          "project instead of linking to it"


@pytest.mark.parametrize(("link", "target", "shown"), [
    ("documents/passwd.pdf", "/etc/passwd", "documents/passwd.pdf: is a link to /etc/passwd, "),
    ("content/assets/secret.txt", "/etc/hostname", "content/assets/secret.txt: is a link to /etc/hostname, "),
    ("content/etc", "/etc", "content/etc: is a link to /etc, "),
    ("data/cookies.yml", "/etc/passwd", "data/cookies.yml: is a link to /etc/passwd, "),
    ("overrides/main.html", "/etc/passwd", "overrides/main.html: is a link to /etc/passwd, "),
])
def test_a_link_leaving_the_project_is_a_located_error_and_never_read(minimal_copy: Path, tmp_path: Path, link: str,
                                                                      target: str, shown: str) -> None:
    path = minimal_copy / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to(target)
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert shown + LEAVING in result.stderr.splitlines(), result.stderr
    assert "root:" not in result.output  # nothing of /etc/passwd is shown
    built = trustsite(minimal_copy, "build", "-d", str(tmp_path / "site"))
    assert built.returncode == 1 and not (tmp_path / "site").exists()


def test_a_link_inside_the_project_is_fine(minimal_copy: Path) -> None:
    (minimal_copy / "documents" / "dpa-latest.pdf").symlink_to("dpa-1.pdf")
    assert check(minimal_copy).exit_code == 0


HARD_LINK = ("is a hard link (the file has 2 names on disk); another name may be a file outside the project, so it is "
             "never read or published: replace it with a copy (cp --no-preserve=links)")


@pytest.mark.parametrize("link", ["documents/terms.pdf", "data/cookies.yml", "content/assets/notes.txt"])
def test_a_hard_link_to_a_file_outside_the_project_is_refused(minimal_copy: Path, tmp_path: Path, link: str) -> None:
    """A hard link is the outside file under a second name; its contents must never be read or published."""
    outside = tmp_path / "outside" / "secret.txt"
    outside.parent.mkdir()
    outside.write_text("root:x:0:0:secret\n", encoding="utf-8")
    path = minimal_copy / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.link(outside, path)
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert f"{link}: {HARD_LINK}" in result.stderr.splitlines(), result.stderr
    assert "secret" not in result.output
    built = trustsite(minimal_copy, "build", "-d", str(tmp_path / "site"))
    assert built.returncode == 1 and not (tmp_path / "site").exists()


def test_a_hard_link_is_refused_even_between_two_files_of_the_project(minimal_copy: Path) -> None:
    """Nothing on disk says where a file's other names are, so every hard link is refused: git never makes one."""
    os.link(minimal_copy / "documents" / "dpa-1.pdf", minimal_copy / "documents" / "dpa-latest.pdf")
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert f"documents/dpa-latest.pdf: {HARD_LINK}" in result.stderr.splitlines(), result.stderr
    (minimal_copy / "documents" / "dpa-latest.pdf").unlink()
    assert check(minimal_copy).exit_code == 0


def test_a_named_pipe_is_refused_instead_of_blocking(minimal_copy: Path) -> None:
    os.mkfifo(minimal_copy / "content" / "stream.md")
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert ("content/stream.md: is not a regular file or folder (a named pipe); only files and folders can be read "
            "or published") in result.stderr


def test_a_named_pipe_among_the_pages_is_not_read_by_the_rules_either(full_copy: Path) -> None:
    """The rule that looks for the upcoming sub-processor changes on the pages (while a change is announced, as on
    the fixture's build date) reads the pages' directives itself: a named pipe there must not stop it."""
    os.mkfifo(full_copy / "content" / "0-stream.md")  # read first: before any page that shows the changes
    result = trustsite(full_copy, "check", "--no-cache", timeout=120)
    assert result.returncode == 1
    assert "content/0-stream.md: is not a regular file or folder (a named pipe)" in result.stderr


def test_a_link_leaving_a_git_base_is_reported_not_extracted(minimal_copy: Path) -> None:
    git = ["git", "-C", str(minimal_copy), "-c", "user.email=t@example.com", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    (minimal_copy / "data" / "cookies.yml").unlink()
    (minimal_copy / "data" / "cookies.yml").symlink_to("../../../../../../../../etc/passwd")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], check=True)
    result = CliRunner().invoke(main, ["diff", "main", str(minimal_copy), "--root", str(minimal_copy), "--no-cache"])
    assert result.exit_code == 1
    assert ("main (" in result.stderr and ":data/cookies.yml: is a link to ../../../../../../../../etc/passwd, "
            + LEAVING) in result.stderr, result.stderr
    assert "root:" not in result.output


def test_an_unreadable_folder_is_named(minimal_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as root here, so permission is taken away where the folder is read."""
    real_scandir = os.scandir
    blocked = str(minimal_copy / "content" / "privacy")

    def scandir(path=".", *args, **kwargs):
        if os.fspath(path) == blocked:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert ("content/privacy/: cannot read this folder: Permission denied; give the build read access to it"
            in result.stderr.splitlines()), result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_is_named_for_real(minimal_copy: Path) -> None:  # pragma: no cover - as a user
    (minimal_copy / "content" / "privacy").chmod(0)
    try:
        result = check(minimal_copy)
    finally:
        (minimal_copy / "content" / "privacy").chmod(0o755)
    assert "content/privacy/: cannot read this folder" in result.stderr


@pytest.mark.parametrize(("edit", "message"), [
    (("  - toc:\n", "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n  - toc:\n"),
     ":51:20: markdown_extensions[4][\"pymdownx.emoji\"].emoji_index: the tag !!python/name:material.extensions.emoji."
     "twemoji makes MkDocs import and run Python named in the configuration; trustsite refuses it (mkdocs.yml is "
     "data): remove it"),
    (("docs_dir: content", "docs_dir: /etc"), ":4:11: docs_dir: points outside the project (/etc); the pages are "
                                              "content/ of the project: write 'docs_dir: content'"),
    (("docs_dir: content", "docs_dir: docs"), ":4:11: docs_dir: expected 'content' (trustsite checks the pages in "
                                              "content/), got 'docs'"),
    (("  font: false", "  font: {text: Roboto}"), ":9:9: theme.font: Material loads its fonts from Google's servers"),
    (("strict: true", "strict: true\nsite_dir: data"), ":6:11: site_dir: "),
    (("strict: true", "strict: true\nextra_javascript: [https://cdn.example.net/x.js]"),
     ":6:20: extra_javascript[0]: loads https://cdn.example.net/x.js from another host on every page"),
    (("strict: true", "strict: true\nextra:\n  analytics: {provider: google, property: G-1}"),
     ":7:14: extra.analytics: loads an analytics script from another host on every page; remove it"),
    (("site_url: https://trust.example.com/", "site_url: javascript:alert(1)"),
     ":2:11: site_url: expected an address starting with https://, got 'javascript:alert(1)'"),
    (("strict: true", "strict: true\ncopyright: <img src=https://t.example/p.gif>"),
     ":6:12: copyright: <img>: src= loads from another host (https://t.example/p.gif)"),
    (("theme:\n", "theme:\n  custom_dir: /etc\n"), ":8:15: theme.custom_dir: points outside the project (/etc)"),
    (("site_name: Minimal", "site_name: [Minimal"), ":2:9: YAML syntax error: expected ',' or ']', but got ':'"),
])
def test_check_validates_mkdocs_yml(minimal_copy: Path, edit: tuple[str, str], message: str) -> None:
    config = minimal_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert edit[0] in text
    config.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert any(line.startswith("mkdocs.yml" + message) for line in result.stderr.splitlines()), result.stderr


def test_terminal_output_escapes_control_characters(minimal_copy: Path) -> None:
    path = minimal_copy / "content" / "privacy" / "index.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n{{ \x1b[2Jwipe }}\n", encoding="utf-8")
    result = check(minimal_copy)
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr
    assert "\\x1b[2Jwipe" in result.stderr


def test_diff_without_git_ends_with_one_line(minimal_copy: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    os.symlink(shutil.which("python3") or "/usr/bin/python3", bin_dir / "python3")
    env = cli_env(PATH=str(bin_dir))
    published = trustsite(minimal_copy, "diff", env=env)  # the base is the archived version: no git needed
    assert published.returncode in (0, 3, 4), published.stderr  # a level, not an error
    assert "version 2025.1 as published" in published.stdout.splitlines()[0], published.stdout
    named = trustsite(minimal_copy, "diff", "v1", env=env)
    assert named.returncode == 1
    assert one_line(named.stderr) == ("error: git is not installed: 'v1' is not a project folder, so it names a git "
                                      "ref; install git, or compare two project folders")
    shutil.rmtree(minimal_copy / "archive")
    (minimal_copy / "data" / "versions.yml").write_text("versions: {}\n", encoding="utf-8")
    for command in (("diff",), ("notice", "--out", str(tmp_path / "n")), ("gate",)):
        result = trustsite(minimal_copy, *command, env=env)
        assert result.returncode == 1, result.stderr
        assert one_line(result.stderr) == ("error: git is not installed: nothing is archived yet, so without BASE the "
                                           "base is found with git (the merge base with the main branch); install "
                                           "git, or compare two project folders")


@pytest.mark.parametrize("where", ["missing/report.md", "readonly/report.md"])
def test_diff_output_into_a_missing_or_unwritable_folder_ends_with_one_line(minimal_copy: Path, tmp_path: Path,
                                                                            where: str) -> None:
    base = tmp_path / "base"
    shutil.copytree(minimal_copy, base)
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    target = tmp_path / where
    code = None
    if where.startswith("readonly"):  # root writes anywhere: the write itself is refused
        code = ("import builtins, errno, os, pathlib\n_w = pathlib.Path.write_text\n"
                f"def _deny(self, *a, **k):\n    if str(self) == {str(target)!r}:\n"
                "        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))\n"
                "    return _w(self, *a, **k)\npathlib.Path.write_text = _deny\n")
    result = trustsite(minimal_copy, "diff", str(base), str(minimal_copy), "--output", str(target), code=code)
    assert result.returncode == 1
    reason = "no such file or folder" if where.startswith("missing") else \
        "no permission: give this user access, or choose another folder"
    assert one_line(result.stderr) == f"error: cannot write the report: {target}: {reason}"


def test_a_warm_project_cache_still_sees_a_changed_mkdocs_yml_and_overrides(minimal_copy: Path) -> None:
    check_on_the_day = ["check", "--root", str(minimal_copy), "--today", "2026-07-01"]  # the parse and project cache on
    assert CliRunner().invoke(main, check_on_the_day).exit_code == 0
    config = minimal_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("docs_dir: content", "docs_dir: /etc"), encoding="utf-8")
    result = CliRunner().invoke(main, check_on_the_day)
    assert result.exit_code == 1 and "docs_dir: points outside the project" in result.stderr
    config.write_text(config.read_text(encoding="utf-8").replace("docs_dir: /etc", "docs_dir: content"), encoding="utf-8")
    assert CliRunner().invoke(main, check_on_the_day).exit_code == 0
    (minimal_copy / "overrides").mkdir()
    (minimal_copy / "overrides" / "main.html").symlink_to("/etc/passwd")
    result = CliRunner().invoke(main, check_on_the_day)
    assert result.exit_code == 1 and "overrides/main.html: is a link to /etc/passwd" in result.stderr


def test_notice_into_an_unwritable_folder_ends_with_one_line(minimal_copy: Path, tmp_path: Path) -> None:
    base = tmp_path / "base"
    shutil.copytree(minimal_copy, base)
    subs = minimal_copy / "data" / "subprocessors.yml"
    text = subs.read_text(encoding="utf-8")
    mailer = text[text.index("  mailer:"):]
    subs.write_text(text + mailer.replace("  mailer:", "  mailer2:").replace("Example Mail", "Other Mail"),
                    encoding="utf-8")
    versions = minimal_copy / "data" / "versions.yml"
    versions.write_text(versions.read_text(encoding="utf-8") + '  "2026.2":\n    published: 2026-07-01\n'
                        "    effective: 2026-09-01\n", encoding="utf-8")
    out = tmp_path / "drafts"
    deny = ("import errno, os, pathlib\n_m = pathlib.Path.mkdir\n"
            f"def _deny(self, *a, **k):\n    if str(self).startswith({str(out)!r}):\n"
            "        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))\n"
            "    return _m(self, *a, **k)\npathlib.Path.mkdir = _deny\n")
    result = trustsite(minimal_copy, "notice", str(base), str(minimal_copy), "--out", str(out), code=deny)
    assert result.returncode == 1, result.stderr
    assert one_line(result.stderr).startswith(f"error: cannot write the notice drafts: {out}")
    assert one_line(result.stderr).endswith("no permission: give this user access, or choose another folder")
    written = trustsite(minimal_copy, "notice", str(base), str(minimal_copy), "--out", str(out / "new" / "folder"))
    assert written.returncode == 0, written.stderr  # a missing folder is created
    assert (out / "new" / "folder" / "de" / "message.eml").is_file()
