"""Pages the generator writes as HTML, which MkDocs serves without its Markdown pass.

A claim page is generated from a template, so there is no Markdown to convert: converting it anyway (a new
Python-Markdown instance and a full parse per page) was the largest single cost of a 10,000-claim build. The
page still goes through everything else MkDocs and Material do (front matter, plugins' page events, the
theme, search, sitemap); only `Page.render`, the Markdown-to-HTML step, is replaced by taking the HTML as it is.
"""

from __future__ import annotations

import re

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

_ID = re.compile(r'\sid="([^"]+)"')


class PrerenderedPage(Page):
    """A generated page whose source, after its front matter, is already the page's HTML."""

    def __init__(self, file, config, toc_tokens: list[dict]) -> None:
        super().__init__(None, file, config)
        self._toc_tokens = toc_tokens

    def render(self, config, files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        self.content = self.markdown
        self.toc = get_toc(self._toc_tokens)
        self._title_from_render = self._toc_tokens[0]["name"] if self._toc_tokens else None
        # What MkDocs records for anchor validation: the ids this page holds; it links to no other page's anchor.
        self.present_anchor_ids = set(_ID.findall(self.markdown))
        self.links_to_anchors = {}
