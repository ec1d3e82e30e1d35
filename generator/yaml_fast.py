"""A fast YAML reader for files that turn out valid; ruamel.yaml stays the authority for errors.

Line numbers are only needed to report errors, and most files have none. So the loader first reads each
file with libyaml (PyYAML's C loader), configured to resolve plain scalars by the YAML 1.2 core schema as
ruamel.yaml does (`no` stays a string, `010` is ten, `1:30` is text), refusing duplicate keys. Anything
this reader dislikes, and every file that fails validation, is read again with ruamel.yaml for positions.
"""

from __future__ import annotations

import re

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKey(Exception):
    pass


class AliasFound(Exception):
    pass


class Core12Loader(_Base):  # type: ignore[misc, valid-type]
    """libyaml with YAML 1.2 core-schema resolvers, refusing duplicate keys and aliases."""

    def construct_object(self, node, deep=False):
        # An alias is the same node object met a second time: refuse it (records have no use for aliases,
        # and they are how 'billion laughs' documents blow up).
        if node in self.constructed_objects or node in self.recursive_objects:
            raise AliasFound(node.start_mark)
        return super().construct_object(node, deep)


Core12Loader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")),
    ("tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+)$"),
     list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     re.compile(r"^(?:[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
                r"|\.(?:nan|NaN|NAN))$"), list("-+.0123456789")),
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:timestamp",
     re.compile(r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
                r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$"), list("0123456789")),
]
for _tag, _regexp, _first in _RESOLVERS:
    Core12Loader.add_implicit_resolver(_tag, _regexp, _first)


def _construct_int(loader, node):
    value = loader.construct_scalar(node).replace("_", "")
    if value.startswith("0o"):
        return int(value[2:], 8)
    if value.startswith("0x"):
        return int(value[2:], 16)
    return int(value)


def _construct_mapping(loader, node, deep=False):
    loader.flatten_mapping(node)
    out = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in out:
            raise DuplicateKey(key)
        out[key] = loader.construct_object(value_node, deep=deep)
    return out


def _construct_float(loader, node):
    value = loader.construct_scalar(node).replace("_", "")
    lowered = value.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(value)


Core12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
Core12Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
Core12Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def load(text: str):
    """Parse `text`; raises on anything unusual so the caller can fall back to the careful path."""
    return yaml.load(text, Loader=Core12Loader)  # noqa: S506 - a safe loader subclass
