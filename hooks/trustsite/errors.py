"""Shared by every stage: located problems, reported compiler-style, all at once."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from trustsite.characters import for_terminal

Path = tuple[str | int, ...]
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located so that a legal editor can fix it alone."""

    file: str
    line: int = 0  # 1-based; 0 when the problem concerns the whole file
    column: int = 0
    path: str = ""
    message: str = field(default="", compare=True)
    severity: str = "error"  # "error", "warning", or "info" (a note that is neither: it never fails anything)

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        prefix = f"{where}: "
        if self.severity == "warning":
            prefix += "warning: "
        elif self.severity == "info":
            prefix += "note: "
        if self.path:
            prefix += f"{self.path}: "
        return for_terminal(prefix + self.message)  # a value from the data cannot recolour or rewrite the terminal


class ProjectError(Exception):
    """Raised by library code when input is invalid; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def format_path(path: Iterable[str | int]) -> str:
    """('purposes', 'ads', 'sources', 2) -> 'purposes.ads.sources[2]'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(str(part)):
            out += ("." if out else "") + str(part)
        else:  # keys such as version IDs "2025.1" would read as two steps
            out += f'["{part}"]'
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A '; did you mean ...?' suffix, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def describe_value(value: object) -> str:
    """How a YAML value is shown in 'got ...' (YAML spelling, not Python's)."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def format_problems(problems: Sequence[Problem]) -> str:
    """All problems, sorted, then one summary line saying how many and where."""
    problems = sorted(problems)
    lines = [p.format() for p in problems]
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    if errors or warnings:  # notes alone need no summary
        tops = sorted({p.file.split("/", 1)[0] + "/" if "/" in p.file else p.file for p in problems if p.severity != "info"})
        counts = []
        if errors:
            counts.append(f"{errors} error{'s' if errors != 1 else ''}")
        if warnings:
            counts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
        lines.append(f"{' and '.join(counts)} in {' and '.join(tops)}")
    return "\n".join(lines)
