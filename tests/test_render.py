"""Contributor text reaches pages only as inert text: the `t` filter escapes HTML and Markdown syntax."""

from __future__ import annotations

import html

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.site.templating import link, safe_url, text

MD = markdown.Markdown(extensions=["tables", "attr_list", "md_in_html", "pymdownx.tilde", "admonition"])

HOSTILE = [
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "![img](https://evil.example/x.png)",
    "{{ config }} {% raw %}",
    "1. not a list", "# not a heading", "- not an item", "> not a quote", "12) nope",
    "a_b*c~~d~~ `code` **bold**",
    "x {: .evil onclick=alert(1) }",
    "cell | split | table",
    '"quotes" & ampersands \' apostrophes',
    "<img src=x onerror=alert(1)>",
    "&lt;already escaped&gt;",
]


def rendered(value: str) -> str:
    MD.reset()
    out = MD.convert(text(value))
    assert out.startswith("<p>") and out.endswith("</p>"), out
    return out[3:-4]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_text_renders_as_itself(value):
    assert html.unescape(rendered(value)) == " ".join(value.split())
    assert "<script" not in rendered(value) and "<img" not in rendered(value) and "<a " not in rendered(value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
       .filter(lambda s: s.strip()))
def test_any_text_renders_as_itself(value):
    assert html.unescape(rendered(value)) == " ".join(value.split())


def test_only_http_urls_become_links():
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url("data:text/html,<script>") == ""
    assert safe_url('https://ok.example/a?b=1&c="x"') == ""  # quotes are not allowed in a link target
    assert safe_url("https://ok.example/a?b=1&c=2") == "https://ok.example/a?b=1&amp;c=2"
    assert link("source", "javascript:alert(1)") == "source"
    assert link("source", "https://ok.example/") == '<a href="https://ok.example/" rel="nofollow noopener">source</a>'
