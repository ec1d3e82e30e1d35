"""The fast reader must read every scalar exactly as ruamel.yaml (the authority) does, or refuse it."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.records import yaml_fast

RUAMEL = YAML(typ="safe", pure=True)

SCALAR_TEXT = st.one_of(
    st.from_regex(r"[-+]?[0-9][0-9_]{0,6}(\.[0-9_]{0,4})?([eE][-+]?[0-9]{1,2})?", fullmatch=True),
    st.from_regex(r"0[ox][0-9a-fA-F_]{1,5}", fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}", fullmatch=True),
    st.sampled_from(["yes", "no", "on", "off", "y", "n", "true", "False", "NULL", "~", "", ".inf", "-.Inf", ".nan",
                     "1:30", "010", "0o17", "1_000", "3.", ".5", "80GB", "2024-07-23", "null", "Norway",
                     "-_", "0b101", "+0x1f", "-0o17", ".5e3", "1e3", "+.5", "0_1"]),
    st.text(alphabet="abcxyz0123456789.-_:+ ", min_size=1, max_size=8),
    # Number-like starts with a space inside: text, unless a timestamp (ruamel reads those; the reader refuses).
    st.from_regex(r"[-+.0-9][-+.0-9_:eEoxb]{0,5} [-+.0-9a-zA-Z_: ]{0,10}", fullmatch=True),
    st.sampled_from(["8x NVIDIA A100 SXM 40 GB", "2020-05-14 GTC 2020", "2001-12-14 21:59:43.10 -5",
                     "2001-12-14 21:59:43", "1 000", "-1 e3", ".5 e3", "0x1f h", "1:30 pm"]),
)


def same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b and type(a) is type(b)


@settings(max_examples=1500, deadline=None)
@given(SCALAR_TEXT)
def test_fast_reader_agrees_with_ruamel_or_refuses(scalar):
    text = f"key: {scalar}\n"
    try:
        expected = RUAMEL.load(text)
    except Exception:
        expected = "ruamel refused"
    try:
        got = yaml_fast.load(text)
    except Exception:
        return  # refusing is always safe: the loader falls back to ruamel
    if expected == "ruamel refused":
        pytest.fail(f"fast reader accepted {text!r} that ruamel refuses: {got!r}")
    assert same(got["key"], expected["key"]), (text, got, expected)


def test_duplicate_keys_are_refused():
    with pytest.raises(yaml_fast.DuplicateKey):
        yaml_fast.load("a: 1\nb: 2\na: 3\n")


DOCUMENT = st.lists(
    st.tuples(st.sampled_from(["id", "name", "a", "b", "c"]), SCALAR_TEXT,
              st.sampled_from([": ", ":  ", ":\t", " : ", ":"])), min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(DOCUMENT)
def test_whole_documents_agree_or_take_the_careful_path(pairs):
    """What the loader does: a document the fast reader accepts must mean the same to ruamel.yaml."""
    text = "".join(f"{k}{sep}{v}\n" for k, v, sep in pairs)
    if "\t" in text:
        return  # the loader never gives tabs to the fast reader
    try:
        got = yaml_fast.load(text)
    except Exception:
        return
    expected = RUAMEL.load(text)  # must not raise when the fast reader accepted the document
    assert same_tree(got, expected), (text, got, expected)


def same_tree(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return set(a) == set(b) and all(same_tree(a[k], b[k]) for k in a)
    return same(a, b)


def test_aliases_are_refused_by_the_fast_reader():
    laughs = "a: &a [x, x]\nb: [*a, *a]\n"
    with pytest.raises(yaml_fast.AliasFound):
        yaml_fast.load(laughs)
    assert yaml_fast.load("note: AT&T R&D, 5*3 and *bold* & more\n")["note"].startswith("AT&T")


@pytest.mark.parametrize("text", ["a: !!binary aGVsbG8=\n", "a: !!python/name:os.system\n", "a: -_\n", "a: 0b101\n",
                                  "a: 2024-01-01 10:00:00\n", "a: !custom 1\n"])
def test_explicit_tags_and_datetimes_are_left_to_ruamel(text):
    with pytest.raises(yaml_fast.Refused):
        yaml_fast.load(text)


def test_core_types_are_built():
    assert yaml_fast.load("a: [1, 0x1f, 0o17, 1_000, 2.5, .inf, true, no, ~, 2024-07-23, '010']\n") == {
        "a": [1, 31, 15, 1000, 2.5, float("inf"), True, "no", None, __import__("datetime").date(2024, 7, 23), "010"]}
