"""Jinja2 environment and filters. Templates live in generator/site/templates/; rendering returns strings, never writes.

Text a contributor wrote (quotes, names, notes) reaches a page only through the `t` filter, which makes it
inert: HTML is escaped and Markdown punctuation is backslash-escaped, so `<script>`, `[x](javascript:...)`
and `{{ }}` all render as the characters they are. Links are made only from http(s) URLs (`url` filter).
"""

from __future__ import annotations

import html
import math
import re
from functools import lru_cache
from pathlib import Path

import jinja2

TEMPLATES = Path(__file__).parent / "templates"

# Characters that are Markdown syntax anywhere in a line: emphasis, code, links, attribute lists, tables,
# strikethrough. Characters that are syntax only at the start of a line (#, +, -, >, "1.") are escaped there.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*)(?:([#+\->])|(\d+)([.)]))")


def text(value) -> str:
    """Contributor text → inert inline Markdown (one line)."""
    if value is None:
        return ""
    escaped = html.escape(" ".join(str(value).split()), quote=True)
    escaped = _MD_INLINE.sub(r"\\\1", escaped)
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), escaped)


def safe_url(value) -> str:
    """Only http(s) URLs become links; anything else is refused (the schema already rejects them)."""
    value = str(value or "")
    if not re.fullmatch(r"https?://[^\s\"'<>]+", value):
        return ""
    return html.escape(value, quote=True)


def link(label, url) -> str:
    href = safe_url(url)
    if not href:
        return text(label)
    return f'<a href="{href}" rel="nofollow noopener">{html.escape(str(label))}</a>'


def number(value, digits: int = 0) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if digits == 0:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def sig(value, figures: int = 2) -> str:
    """A speed or price at a sensible precision: 0.84, 12, 1,700."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "—"
    if value == 0:
        return "0"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    if abs(value) >= 1:
        return f"{value:.{figures}g}"
    # Small values in plain decimals (0.00005, not 5e-05): readers redo the arithmetic with them.
    decimals = figures - 1 - math.floor(math.log10(abs(value)))
    return f"{value:.{decimals}f}".rstrip("0").rstrip(".")


def gb(n_bytes) -> str:
    return "—" if n_bytes is None else f"{n_bytes / 1e9:,.1f} GB"


def usd(value, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"${float(value):,.{digits}f}"


def span(d, fmt=sig) -> str:
    """A low/central/high range as 'central (low–high)'."""
    if not d:
        return "—"
    if isinstance(d, dict):
        low, central, high = d["low"], d["central"], d["high"]
    else:
        low, central, high = d.low, d.central, d.high
    lo, hi = sorted((low, high))
    return f"{fmt(central)} ({fmt(lo)}–{fmt(hi)})"


@lru_cache(maxsize=None)
def arithmetic_html(figure) -> str:
    """A figure's arithmetic, escaped, with each step a reader can redo marked `rc-step`."""
    import html

    text = html.escape(figure.arithmetic, quote=False)
    for step in figure.steps:
        escaped = html.escape(step, quote=False)
        text = text.replace(escaped, f'<span class="rc-step">{escaped}</span>', 1)
    return text


def badge(verdict: str) -> str:
    """The verdict badge: symbol, word and colour together (assets/site.css), the same everywhere."""
    from generator.verdicts import ICONS, LABELS

    return (f'<span class="rc-badge rc-badge--{verdict}"><span aria-hidden="true">{ICONS[verdict]}</span> '
            f'{LABELS[verdict]}</span>')


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """Templates are compiled once per process."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # Markdown output: contributor text is escaped explicitly with |t
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # compiled once per process; restart `mkdocs serve` after editing a template
    )
    env.filters.update(t=text, url=safe_url, link=link, num=number, sig=sig, gb=gb, usd=usd, span=span, badge=badge,
                       arithmetic=arithmetic_html,
                       e=lambda v: html.escape(str(v), quote=True))
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
