"""A fast YAML reader for files that turn out valid; ruamel.yaml stays the authority for errors.

Line numbers are only needed to report errors, and most files have none. So the loader first reads each
file with libyaml (PyYAML's C parser and composer), configured to resolve plain scalars by the YAML 1.2 core
schema as ruamel.yaml does (`no` stays a string, `010` is ten, `1:30` is text), and builds the values itself,
refusing duplicate keys, aliases, explicit tags and datetimes. Anything this reader refuses, and every file
that fails validation, is read again with ruamel.yaml for positions.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKey(Exception):
    pass


class AliasFound(Exception):
    pass


class Core12Loader(_Base):  # type: ignore[misc, valid-type]
    """libyaml's parser and composer with YAML 1.2 core-schema resolvers; `load` builds the values itself."""


_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, MAP, SEQ = (_TAG + t for t in
                                                    ("str", "int", "float", "bool", "null", "timestamp", "map", "seq"))

Core12Loader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    (BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    (INT, re.compile(r"^(?:[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+)$"),
     list("-+0123456789")),
    (FLOAT,  # ruamel.yaml's YAML 1.2 float, exactly (`.5e3` is text there: its exponent is unsigned)
     re.compile(r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
                r"|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
     list("-+.0123456789")),
    (NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    (TIMESTAMP,
     re.compile(r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
                r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$"), list("0123456789")),
]
for _tag, _regexp, _first in _RESOLVERS:
    Core12Loader.add_implicit_resolver(_tag, _regexp, _first)


_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NUMBER_START = frozenset("-+.0123456789")


class Refused(Exception):
    """A node this reader does not build (a datetime, an explicit tag such as !!binary): ruamel.yaml decides."""


def _value(node, seen: set[int]):
    """Build a node's value. PyYAML's generic constructor costs about as much as parsing; records need only
    the core types, so this does just that, refusing aliases and duplicate keys on the way."""
    if id(node) in seen:  # an alias is the same node met twice ('billion laughs' documents are made of them)
        raise AliasFound(node.start_mark)
    seen.add(id(node))
    tag, value = node.tag, node.value
    if tag == STR:
        if not node.style and value[:1] in _NUMBER_START and " " not in value:  # plain: libyaml's empty style
            # A plain scalar that looks almost like a number (`-_`, `0b1`, `+0x1f`): ruamel.yaml's resolvers
            # read some of these as numbers or refuse them; let it decide. No number has a space in it (a
            # timestamp may, and the TIMESTAMP resolver above has those): `8x NVIDIA H100 SXM` is text.
            raise Refused(value)
        return value
    if tag == MAP:
        out = {}
        for key_node, value_node in value:
            key = _value(key_node, seen)
            if key in out:
                raise DuplicateKey(key)
            out[key] = _value(value_node, seen)
        return out
    if tag == SEQ:
        return [_value(item, seen) for item in value]
    if tag == INT:
        value = value.replace("_", "")
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value)
    if tag == FLOAT:
        value = value.replace("_", "")
        lowered = value.lower()
        if lowered.endswith(".inf"):
            return float("-inf") if lowered.startswith("-") else float("inf")
        return float("nan") if lowered == ".nan" else float(value)
    if tag == BOOL:
        return value in ("true", "True", "TRUE")
    if tag == NULL:
        return None
    if tag == TIMESTAMP and _DATE.match(value):
        return dt.date.fromisoformat(value)
    raise Refused(tag)


def load(text: str):
    """Parse `text`; raises on anything unusual so the caller can fall back to the careful path."""
    node = yaml.compose(text, Loader=Core12Loader)  # noqa: S506 - composes nodes only, constructs nothing
    return None if node is None else _value(node, set())
