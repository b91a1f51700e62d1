"""Validate stage: types, required fields and unknown keys of one data file, as located messages."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from trustsite.errors import Path, Problem, describe_value, did_you_mean
from trustsite.load.yamlsrc import Located
from trustsite.model.base import EMAIL_PATTERN, LANGUAGE_PATTERN, URL_PATTERN, WEB_PATTERN
from trustsite.model.trust import FILE_NAME_PATTERN

_PATTERN_MESSAGES = {
    EMAIL_PATTERN: "expected an e-mail address such as 'privacy@example.com'",
    URL_PATTERN: "expected an address starting with https://",
    LANGUAGE_PATTERN: "expected a language code such as 'en' or 'nl'",
    WEB_PATTERN: "expected an address starting with https:// or http://",
    FILE_NAME_PATTERN: "expected the name of a file in documents/, such as 'dpa-2026.1.pdf' (no folders)",
}


def validate_file(located: Located, file_model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    """Validate a parsed file against its model; return the model or every problem found."""
    if located.data is None:
        key = next(iter(file_model.model_fields))
        return None, [Problem(located.file, 0, 0, "", f"file is empty; expected a mapping with the top-level key '{key}'")]
    try:
        return file_model.model_validate(located.data), []
    except ValidationError as exc:
        errors = _drop_union_noise(_drop_misspelt_missing(exc.errors(), located.data), located.data)
        problems = [_to_problem(err, located, file_model) for err in errors]
        return None, _dedupe(problems)


def _drop_misspelt_missing(errors: list[Any], data: Any) -> list[Any]:
    """A typo in a key yields 'unknown field' and 'missing field'; report only the first, with its hint."""
    extras: dict[Path, list[str]] = {}
    for err in errors:
        if err["type"] == "extra_forbidden":
            path, _ = _data_path(tuple(err["loc"]), data)
            extras.setdefault(path[:-1], []).append(str(path[-1]))
    kept = []
    for err in errors:
        if err["type"] == "missing":
            parent, rest = _data_path(tuple(err["loc"]), data)
            name = str(rest[0]) if rest else ""
            if any(did_you_mean(extra, [name]) for extra in extras.get(parent, [])):
                continue
        kept.append(err)
    return kept


def _drop_union_noise(errors: list[Any], data: Any) -> list[Any]:
    """A value that may be a key or a mapping (a union) fails both ways; report only the way its shape took:
    for text, the unknown key; for a mapping, what is wrong inside it."""
    paths = [(_data_path(tuple(err["loc"]), data)[0], err) for err in errors]
    kept = []
    for path, err in paths:
        others = [p for p, e in paths if e is not err and p[:len(path)] == path]
        if others and err["type"] in ("dict_type", "model_type") and isinstance(err.get("input"), str):
            continue
        if others and err["type"] == "literal_error" and isinstance(err.get("input"), dict):
            continue
        kept.append(err)
    return kept


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple[int, int, str, str]] = set()
    out = []
    for p in problems:
        key = (p.line, p.column, p.path, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[Path, list[Any]]:
    """Split a pydantic loc into the part that exists in the data and what is left over."""
    path: list[Any] = []
    node = data
    rest = list(loc)
    while rest:
        part = rest[0]
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif part == "[key]":
            rest.pop(0)
            continue
        else:
            break
        path.append(part)
        rest.pop(0)
    return tuple(path), rest


def _to_problem(err: dict[str, Any], located: Located, file_model: type[BaseModel]) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    got = err.get("input")
    path, rest = _data_path(loc, located.data)
    is_key_error = "[key]" in loc
    if kind == "missing":
        name = rest[0] if rest else loc[-1]
        return located.problem(path, f"missing required field '{name}'")
    if kind == "extra_forbidden":
        allowed = _fields_at(file_model, path[:-1])
        return located.problem(path, f"unknown field '{path[-1]}'{did_you_mean(str(path[-1]), allowed)}", key=True)
    message = _message(kind, err, got, file_model, path)
    return located.problem(path, message, key=is_key_error)


def _message(kind: str, err: dict[str, Any], got: Any, file_model: type[BaseModel], path: Path) -> str:
    ctx = err.get("ctx") or {}
    shown = describe_value(got)
    if kind.startswith("trustsite_"):
        return err["msg"]
    if kind == "string_type":
        hint = "; put it in quotes" if isinstance(got, (bool, int, float)) or got is None else ""
        if isinstance(got, bool):
            hint += " (unquoted yes/no/on/off/true/false are read as booleans)"
        return f"expected text, got {shown}{hint}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {shown}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {shown}"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date written as YYYY-MM-DD, got {shown}"
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"expected one of {', '.join(repr(c) for c in choices)}, got {shown}{did_you_mean(str(got), choices)}"
    if kind == "string_pattern_mismatch":
        base = _PATTERN_MESSAGES.get(ctx.get("pattern", ""), f"expected text matching {ctx.get('pattern')}")
        return f"{base}, got {shown}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return f"expected at least {ctx.get('min_length', 1)} item(s), got none"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping (indented 'key: value' lines), got {shown}"
    if kind == "list_type":
        return f"expected a list, got {shown}"
    if kind == "greater_than_equal":
        return f"expected a number of at least {ctx.get('ge')}, got {shown}"
    if kind == "greater_than":
        return f"expected a number greater than {ctx.get('gt')}, got {shown}"
    return f"{err['msg'].rstrip('.').lower()}, got {shown}"


def _unwrap(annotation: Any) -> Any:
    """The model class behind Optional[...], Annotated[...], dict[..., X] and list[X], if any."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                found = _unwrap(arg)
                if found is not None:
                    return found
        return None
    if origin in (dict, list):
        return ("container", _unwrap(typing.get_args(annotation)[-1]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and not issubclass(annotation, RootModel):
        return annotation
    return None


def _fields_at(model: Any, path: Path) -> list[str]:
    """Field names allowed at a data path, for 'did you mean' on unknown keys."""
    for part in path:
        if isinstance(model, tuple):  # a container: skip the key or index
            model = model[1]
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return []
        model = _unwrap(model.model_fields[part].annotation)
    while isinstance(model, tuple):
        model = model[1]
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []
