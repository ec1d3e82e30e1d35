"""Live editing: what `mkdocs serve --dirty` needs so that an edit re-renders only the pages it changed.

MkDocs' dirty build renders a page only when `File.is_modified()` says so, never deletes anything, and hands
plugins whatever state they kept. On its own that would re-render every generated page (an in-memory file is
always "modified"), leave Material's search index holding one page, and leave its tags listing empty. The
`LiveRebuilds` object, kept by the plugin across rebuilds, fixes each of these; `tests/test_live_edit.py`
checks that the result equals a full build.
"""

from __future__ import annotations

import hashlib
import logging
import os

import jinja2
import jinja2.bccache
from mkdocs.structure.files import File, Files

from generator.site.page_blocks import MARKER

log = logging.getLogger("mkdocs.plugins.reality-check")
DIRTY_WARNING = "A 'dirty' build is being performed"
TAGS_LISTING = "<!-- material/tags"
HEADS = "\0heads"  # fingerprint key of all generated pages' front matter (what the tags listing shows)


class GeneratedPage(File):
    """A generated page that, in a dirty build, is rendered only when what it shows has changed.

    MkDocs asks `is_modified()` in dirty builds; a plain in-memory file always answers yes, which would make
    every one of 10,000 claim pages render again after any edit.
    """

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class DirtyWarningIsInfo(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be stale, which aborts a strict build. Our pages are
    not in the navigation and each is rebuilt when its content changes, so the warning is an info line here."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and record.getMessage().startswith(DIRTY_WARNING):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory across `mkdocs serve` rebuilds, keyed by name and source checksum."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key + bucket.checksum)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key + bucket.checksum] = bucket.bytecode_to_string()


def fingerprint(markdown: str, blocks: dict[str, str], *extra: str) -> str:
    """What a page shows: its Markdown, the blocks spliced into it after conversion, and anything else it carries."""
    from generator.site.pages import BLOCK_MARKER

    digest = hashlib.blake2b(markdown.encode(), digest_size=16)
    for block_id in BLOCK_MARKER.findall(markdown):
        digest.update(blocks.get(block_id, "").encode())
    for text in extra:
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()


def _plugin(config, suffix: str):
    return next((p for name, p in config.plugins.items() if name.endswith(suffix)), None)


def _render_again(f: File) -> None:
    """Make a dirty build render a hand-written page again: remove its output in the serve folder (a temporary
    folder MkDocs owns, never docs/), so `is_modified()` is true."""
    if os.path.isfile(f.abs_dest_path):
        os.remove(f.abs_dest_path)


class LiveRebuilds:
    """State kept across dirty rebuilds: page fingerprints, outputs of generated pages, Material's tags and
    search state, compiled templates."""

    def __init__(self) -> None:
        self.fingerprints: dict[str, str] = {}
        self.generated_dest: dict[str, str] = {}
        self.page_urls: set[str] = set()
        self.built_urls: set[str] = set()
        self.tag_mappings: dict = {}
        self.tag_listings = None
        self.bytecode = MemoryBytecodeCache()

    @staticmethod
    def install_log_filter() -> None:
        logging.getLogger("mkdocs.commands.build").addFilter(DirtyWarningIsInfo())

    # -- before pages are rendered -------------------------------------------------------------------
    def start(self, files: Files) -> None:
        """Every build: which pages exist (search entries of pages that are gone are dropped)."""
        self.page_urls = {f.url for f in files.documentation_pages()}
        self.built_urls = set()

    def mark_changed(self, files: Files, site) -> None:
        """Dirty builds: render again only the pages whose content changed since the last build.

        A generated page is compared by fingerprint. A hand-written page is rendered again by MkDocs when its file
        is newer than its output; one that shows generated blocks (`<!-- rc:... -->`) also when those changed,
        and the tags listing when any generated page came, went, or changed its front matter.
        """
        fingerprints, listing_pages = {}, []
        for f in files.documentation_pages():
            src = f.src_uri
            if isinstance(f, GeneratedPage):
                fingerprints[src] = fingerprint(f.content_string, site.blocks, site.search_text.get(src, ""),
                                                site.edit_urls.get(src, ""))
                f.changed = self.fingerprints.get(src) != fingerprints[src]
            elif not f.generated_by:
                names = MARKER.findall(f.content_string)
                if names:
                    fingerprints[src] = fingerprint("", {}, *(site.snippets.get(n, "") for n in names))
                    if self.fingerprints.get(src) != fingerprints[src]:
                        _render_again(f)
                if TAGS_LISTING in f.content_string:
                    listing_pages.append(f)
        generated = sorted((f.src_uri, f) for f in files.documentation_pages() if isinstance(f, GeneratedPage))
        fingerprints[HEADS] = fingerprint("", {}, *(f"{src}\n{f.content_string.split(chr(10) + '---', 1)[0]}"
                                                    for src, f in generated))
        if fingerprints[HEADS] != self.fingerprints.get(HEADS):
            for f in listing_pages:
                _render_again(f)
        changed = sum(1 for src, fp in fingerprints.items() if src != HEADS and self.fingerprints.get(src) != fp)
        log.info("reality-check: dirty build, %d of %d pages changed", changed, len(fingerprints) - 1)
        self.fingerprints = fingerprints

        # A claim whose file was deleted or renamed: remove its old page, which a dirty build never cleans, so
        # the preview does not keep serving a page the site no longer has.
        dest = {src: f.abs_dest_path for src, f in generated}
        for src, path in self.generated_dest.items():
            if src not in dest and os.path.isfile(path):
                os.remove(path)
                log.info("reality-check: removed %s (its record is gone)", path)
        self.generated_dest = dest

    # -- templates and tags (on_env) -----------------------------------------------------------------
    def reuse_compiled_templates(self, env: jinja2.Environment) -> jinja2.Environment:
        """MkDocs makes a new Jinja environment on every rebuild and compiles Material's templates again (about a
        second): keep the compiled code in memory. An edited template has a new checksum and compiles afresh."""
        env.bytecode_cache = self.bytecode
        return env

    def restore_tag_mappings(self, config) -> None:
        """Before the tags plugin fills its listings: it learned the tags of the pages rendered in this build
        only; give it back those of the pages that were not rendered again (and still exist)."""
        tags = _plugin(config, "tags")
        if tags is None:
            return
        for url, mapping in self.tag_mappings.items():
            if url not in tags.mappings.data and url in self.page_urls:
                tags.mappings.data[url] = mapping

    def keep_tag_listings(self, config) -> None:
        """After the tags plugin filled its listings: when the tags page was not rendered again there are none,
        and pages would print their tags as plain text; reuse the listings of the last build that had them."""
        tags = _plugin(config, "tags")
        if tags is None:
            return
        if any(True for _ in tags.listings):
            self.tag_listings = tags.listings
        elif self.tag_listings is not None:
            tags.listings = self.tag_listings
        self.tag_mappings = dict(tags.mappings.data)

    # -- search (on_post_build, before the search plugin writes) -------------------------------------
    def page_built(self, url: str) -> None:
        self.built_urls.add(url)

    def merge_search_index(self, config) -> None:
        """Material's search keeps, across dirty rebuilds, the entries of the first rebuilt page only (and drops
        every entry whose location starts with that page's URL, which for the home page is all of them). Merge
        here instead: previous entries of pages not rebuilt, plus this build's, minus pages that no longer exist."""
        search = _plugin(config, "search")
        prev = getattr(search, "search_index_prev", None)
        if prev is None:
            return
        kept = [e for e in prev.entries if (url := e["location"].split("#", 1)[0]) not in self.built_urls
                and url in self.page_urls]
        search.search_index.entries = kept + search.search_index.entries
        search.search_index_prev = None


__all__ = ["GeneratedPage", "LiveRebuilds", "fingerprint"]
