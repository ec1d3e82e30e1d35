"""Turns pydantic's validation errors into messages that say what is wrong and how to fix it."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from generator.records.errors import did_you_mean

_NUMBER_WITH_UNIT = re.compile(r"^\s*[-+]?\d[\d,_.]*\s*([A-Za-z/%$]+)\s*$")


def _dotted(loc: tuple) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1:] = [f"{parts[-1]}[{part}]"] if parts else [f"[{part}]"]
        else:
            parts.append(str(part))
    return ".".join(parts)


def _got(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"got {shown!r}"
    if isinstance(value, (dict, list)):
        return f"got a {'mapping' if isinstance(value, dict) else 'list'}"
    if value is None:
        return "got nothing"
    return f"got {value!r}"


def _schema_at(schema: Any, loc: tuple) -> Any:
    """The pydantic model class that owns the last key of `loc` (for listing and suggesting keys)."""
    current = schema
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        if part not in fields:
            return None
        current = _model_in(fields[part].annotation)
        if current is None:
            return None
    return current


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _field_type(schema: Any, loc: tuple) -> Any:
    """The declared Python type of the field at `loc` (int, float, ...), or None."""
    owner = _schema_at(schema, loc)
    if owner is None or not loc or loc[-1] not in getattr(owner, "model_fields", {}):
        return None
    annotation = owner.model_fields[loc[-1]].annotation
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if candidate in (int, float):
            return candidate
    return None


def _mentioned_key(message: str, positions: dict) -> tuple:
    """For a whole-record rule ('x cannot exceed y'), point at the first key the message names."""
    for token in re.findall(r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*", message):
        key = tuple(token.split("."))
        if key in positions:
            return key
    return ()


def describe(err: dict, loc: tuple, schema: Any, positions: dict) -> tuple[str, tuple]:
    """(message, key path to point at) for one pydantic error dict."""
    kind = err["type"]
    ctx = err.get("ctx", {}) or {}
    value = err.get("input")
    field = _dotted(loc)
    name = field or "record"

    if kind == "missing":
        owner = _schema_at(schema, loc)
        doc = ""
        if owner is not None and loc and loc[-1] in owner.model_fields:
            doc = owner.model_fields[loc[-1]].description or ""
        hint = f": {doc.rstrip('.')}" if doc else ""
        return f"missing required field `{field}`{hint}", loc[:-1]

    if kind == "extra_forbidden":
        owner = _schema_at(schema, loc)
        allowed = list(owner.model_fields) if owner is not None else []
        key = str(loc[-1])
        suggestion = did_you_mean(key, allowed)
        if not suggestion and key.endswith("_gb") and key[:-3] + "_gib" in allowed:
            suggestion = f" (this schema takes `{key[:-3]}_gib`, in GiB = 2^30 bytes)"
        if not suggestion:
            suggestion = f"; allowed keys here: {', '.join(allowed)}" if allowed else ""
        return f"unknown key `{field}`{suggestion}", loc

    if kind == "value_error":
        message = str(ctx.get("error") or err["msg"]).removeprefix("Value error, ")
        if not loc:
            return message, _mentioned_key(message, positions)
        return f"{name} {message}" if not message.startswith(name) else message, loc

    if kind in ("greater_than", "greater_than_equal"):
        bound = ctx.get("gt", ctx.get("ge"))
        is_int = _field_type(schema, loc) is int
        if bound == 0 and kind == "greater_than":
            what = "a positive integer" if is_int else "a positive number"
            return f"{name} must be {what} ({_got(value)})", loc
        if bound == 0:
            return f"{name} must not be negative ({_got(value)})", loc
        return f"{name} must be greater than {bound} ({_got(value)})", loc

    if kind in ("less_than", "less_than_equal"):
        bound = ctx.get("lt", ctx.get("le"))
        shown = f"{bound:,}" if isinstance(bound, int) else str(bound)
        return f"{name} must be at most {shown} ({_got(value)}); check the units and the number of digits", loc

    if kind in ("int_type", "int_parsing", "int_from_float", "float_type", "float_parsing", "decimal_type",
                "decimal_parsing", "is_instance_of"):
        want = "an integer" if kind.startswith("int") else "a number"
        hint = ""
        if isinstance(value, str):
            unit = _NUMBER_WITH_UNIT.match(value)
            if unit:
                hint = f"; write the number alone: the unit is in the field name `{loc[-1]}`"
            elif re.fullmatch(r"\s*[-+]?\d[\d.]*\s*", value):
                hint = "; remove the quotes"
        if kind == "int_from_float":
            hint = "; write a whole number"
        return f"{name} must be {want} ({_got(value)}){hint}", loc

    if kind in ("bool_type", "bool_parsing"):
        return f"{name} must be true or false ({_got(value)})", loc

    if kind in ("string_type",):
        return f"{name} must be text ({_got(value)}); put it in quotes", loc

    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        if "https?" in pattern:
            return f"{name} must be an http:// or https:// URL ({_got(value)})", loc
        if pattern.startswith("^[a-z0-9]"):
            return f"{name} must be a lowercase id of letters, digits, '.' and '-' ({_got(value)})", loc
        if "[a-z]{2}" in pattern:
            return f"{name} must be a two-letter ISO 639-1 language code such as en or zh ({_got(value)})", loc
        return f"{name} does not match {pattern} ({_got(value)})", loc

    if kind in ("string_too_long", "too_long"):
        return f"{name} is too long (at most {ctx.get('max_length')})", loc
    if kind in ("string_too_short", "too_short"):
        if kind == "too_short":
            return f"{name} needs at least {ctx.get('min_length', 1)} entry", loc
        return f"{name} is too short (at least {ctx.get('min_length')} characters)", loc

    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        return f"{name} must be one of {', '.join(expected)} ({_got(value)}){did_you_mean(value, expected)}", loc

    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return f"{name} must be a date written YYYY-MM-DD without quotes ({_got(value)})", loc

    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = re.findall(r"'([^']*)'", str(ctx.get("expected_tags", "")))
        if kind == "union_tag_not_found":
            return f"missing required field `kind`: one of {', '.join(tags)}", loc
        return (f"kind must be one of {', '.join(tags)} ({_got(ctx.get('tag'))})"
                f"{did_you_mean(ctx.get('tag'), tags)}", loc + ("kind",))

    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{name} must be a mapping of keys to values ({_got(value)})", loc
    if kind == "list_type":
        return f"{name} must be a list ({_got(value)})", loc

    return f"{name}: {err['msg']} ({_got(value)})", loc
