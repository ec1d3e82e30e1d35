"""Heading ids and tables of contents for the pages the generator writes as HTML.

Ids come from Python-Markdown's own toc `slugify` and `unique`, with the defaults this site's `toc` extension
uses, so a claim page's anchors are those Markdown would give its headings: a link shared with `#sources`
keeps working. tests/test_site_build.py checks them against a real Markdown conversion.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache

from markdown.extensions.toc import slugify, unique


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str

    @property
    def html(self) -> str:
        """The heading with the permalink the `toc: permalink: true` extension adds to Markdown headings."""
        return (f'<h{self.level} id="{self.id}">{html.escape(self.text, quote=False)}<a class="headerlink" '
                f'href="#{self.id}" title="Permanent link">&para;</a></h{self.level}>')


@lru_cache(maxsize=64)
def _section_slug(text: str) -> str:
    return slugify(text, "-")  # the same few section names on every page


def headings(title: str, sections: list[str]) -> list[Heading]:
    """The page title (h1) and its sections (h2), with unique ids in page order."""
    used: set[str] = set()
    return [Heading(1, title, unique(slugify(title, "-"), used))] + \
        [Heading(2, text, unique(_section_slug(text), used)) for text in sections]


def toc_tokens(page_headings: list[Heading]) -> list[dict]:
    """Python-Markdown's toc tokens (what MkDocs turns into `page.toc`): sections nest under the title."""
    tokens: list[dict] = []
    for h in page_headings:
        token = {"level": h.level, "id": h.id, "name": html.escape(h.text, quote=False), "children": []}
        if h.level > 1 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens
