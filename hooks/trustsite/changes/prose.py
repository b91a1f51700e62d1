"""Change stage: how a text changed — wording only (editorial), a spelling correction, or in substance —
and paragraph diffs."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

# a hyphen or apostrophe inside a word ("e-mail", "don't") is spelling, not punctuation between words
_INNER_MARK = re.compile(r"(?<=[^\W\d_])[-'\u2019\u2010\u2011](?=[^\W\d_])")
_CLAUSE_END = re.compile(r"(?<=[.!?:;])\s+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")


class _Separators(dict):
    """str.translate table: punctuation, symbols and separators become spaces, found per character once."""

    def __missing__(self, code: int) -> int:
        self[code] = 32 if unicodedata.category(chr(code))[0] in "PSZ" else code
        return self[code]


_TO_SPACE = _Separators()


def normalize(text: str) -> str:
    """Text with case, punctuation and whitespace differences removed; digits and words kept apart."""
    text = _INNER_MARK.sub("", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(text.translate(_TO_SPACE).split())


def _clauses(text: str) -> list[tuple[str, ...]]:
    return [words for words in (tuple(normalize(c).split()) for c in _CLAUSE_END.split(text)) if words]


def _reordered(before: str, after: str) -> bool:
    """True when `after` says the sentences (or clauses) of `before` in another order."""
    pieces = _clauses(before)
    target = normalize(after).split()
    if sorted(w for p in pieces for w in p) != sorted(target):
        return False

    def fits(at: int, left: tuple[tuple[str, ...], ...]) -> bool:
        if not left:
            return at == len(target)
        tried = set()
        for i, piece in enumerate(left):
            if piece in tried or tuple(target[at:at + len(piece)]) != piece:
                continue
            tried.add(piece)
            if fits(at + len(piece), left[:i] + left[i + 1:]):
                return True
        return False

    return fits(0, tuple(pieces))


def replaced_words(before: str, after: str) -> list[tuple[str, str]] | None:
    """The words replaced one for one, or None when words were added, removed or moved."""
    old, new = normalize(before).split(), normalize(after).split()
    if len(old) != len(new):
        return None
    return [(a, b) for a, b in zip(old, new) if a != b]


def text_kind(before: str, after: str, language: str | None = None) -> str:
    """'editorial' when only whitespace, punctuation, case or the order of sentences differ; 'spelling' when
    each changed word corrects a misspelling in `language` (see changes/spelling.py); else 'substantive'."""
    if normalize(before) == normalize(after) or _reordered(before, after) or _reordered(after, before):
        return "editorial"
    if language is not None:
        from trustsite.changes.spelling import spell_checker

        pairs = replaced_words(before, after)
        checker = spell_checker()
        if pairs and all(checker.is_correction(old, new, language) for old, new in pairs):
            return "spelling"
    return "substantive"


def spelling_unchecked(before: str, after: str, language: str | None) -> bool:
    """True when words were only replaced, but no dictionary of `language` could tell whether they were typos."""
    if language is None or not replaced_words(before, after):
        return False
    from trustsite.changes.spelling import spell_checker

    return not spell_checker().has_dictionary(language)


@dataclass(frozen=True)
class Block:
    text: str
    line: int  # 1-based line of its first line


def split_blocks(text: str) -> list[Block]:
    """Paragraphs, headings, list and table blocks: text between blank lines, with their line numbers."""
    blocks = []
    line = 1
    for chunk in _BLANK_LINES.split(text):
        stripped = chunk.strip("\n")
        if stripped.strip():
            leading = len(chunk) - len(chunk.lstrip("\n"))
            blocks.append(Block(stripped, line + leading))
        line += chunk.count("\n") + 2  # the separator is two line breaks
    return blocks


@dataclass(frozen=True)
class Hunk:
    action: str  # added | removed | changed
    before: str | None
    after: str | None
    kind: str  # editorial | spelling | moved | substantive
    line: int  # in the new text (in the old text for a removal)


def diff_page(old_text: str, new_text: str, language: str | None = None) -> list[Hunk]:
    """Paragraph-level differences; re-wrapped, re-cased, re-punctuated or moved paragraphs are editorial,
    and so are spelling corrections in `language`."""
    old, new = split_blocks(old_text), split_blocks(new_text)
    old_norm, new_norm = [normalize(b.text) for b in old], [normalize(b.text) for b in new]
    matcher = SequenceMatcher(None, old_norm, new_norm, autojunk=False)
    hunks: list[Hunk] = []
    pending: list[tuple[list[Block], list[Block]]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2]):
                if a.text != b.text:  # same words, other spacing, case or punctuation
                    hunks.append(Hunk("changed", a.text, b.text, "editorial", b.line))
        else:
            pending.append((old[i1:i2], new[j1:j2]))
    # a paragraph deleted in one place and inserted in another has moved: report it once, as moved
    movable = Counter(normalize(b.text) for olds, _ in pending for b in olds) & Counter(
        normalize(b.text) for _, news in pending for b in news)
    moved_new, moved_old = movable.copy(), movable.copy()
    for olds, news in pending:
        kept_new = []
        for block in news:
            key = normalize(block.text)
            if moved_new[key] > 0:
                moved_new[key] -= 1
                hunks.append(Hunk("changed", None, block.text, "moved", block.line))
            else:
                kept_new.append(block)
        kept_old = []
        for block in olds:
            key = normalize(block.text)
            if moved_old[key] > 0:
                moved_old[key] -= 1
            else:
                kept_old.append(block)
        if kept_old or kept_new:
            hunks.append(_hunk(kept_old, kept_new, language))
    return sorted(hunks, key=lambda h: h.line)


def _hunk(olds: list[Block], news: list[Block], language: str | None) -> Hunk:
    before = "\n\n".join(b.text for b in olds) or None
    after = "\n\n".join(b.text for b in news) or None
    action = "added" if before is None else "removed" if after is None else "changed"
    kind = text_kind(before or "", after or "", language) if before and after else "substantive"
    line = news[0].line if news else olds[0].line
    return Hunk(action, before, after, kind, line)
