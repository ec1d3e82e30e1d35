"""The project's MkDocs plugin: validate records, compute, and add every generated page in memory.

`mkdocs build` and `mkdocs serve` are the whole pipeline. Generated pages are added in `on_files` with
`File.generated(...)`; nothing generated is written into the source tree. Under `mkdocs serve` the plugin
object lives across rebuilds, so results that do not depend on an edited claim are reused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from generator.errors import RecordErrors

log = logging.getLogger("mkdocs.plugins.reality-check")
MARKER = re.compile(r"<!--\s*rc:([a-z0-9-]+)\s*-->")
DIRTY_WARNING = "A 'dirty' build is being performed"
TAGS_LISTING = "<!-- material/tags"


class GeneratedPage(File):
    """A generated page that, under `mkdocs serve --dirty`, is rebuilt only when what it shows has changed.

    MkDocs asks `is_modified()` in dirty builds; a plain in-memory file always answers yes, which would make
    every one of 10,000 claim pages render again after any edit.
    """

    changed = True

    def is_modified(self) -> bool:
        return self.changed


class _DirtyWarningIsInfo(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be stale, which aborts a strict build. Our pages are
    not in the navigation and each is rebuilt when its content changes, so the warning is an info line here."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and record.getMessage().startswith(DIRTY_WARNING):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory across `mkdocs serve` rebuilds."""

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
    from generator.pages import BLOCK_MARKER

    digest = hashlib.blake2b(markdown.encode(), digest_size=16)
    for block_id in BLOCK_MARKER.findall(markdown):
        digest.update(blocks.get(block_id, "").encode())
    for text in extra:
        digest.update(b"\0" + text.encode())
    return digest.hexdigest()


def build_date(root: Path) -> dt.date:
    """'Today' for verdicts and prices: fixed per commit so two builds of one commit are identical.

    REALITY_CHECK_TODAY (YYYY-MM-DD) wins; then SOURCE_DATE_EPOCH; then the date of the last commit; then
    the clock.
    """
    if os.environ.get("REALITY_CHECK_TODAY"):
        return dt.date.fromisoformat(os.environ["REALITY_CHECK_TODAY"])
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), dt.timezone.utc).date()
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs"], cwd=root, capture_output=True, text=True,
                             timeout=10, check=True).stdout.strip()
        if out:
            return dt.date.fromisoformat(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return dt.date.today()


def commit_epoch(root: Path) -> str | None:
    """Seconds since the epoch of the last commit: MkDocs stamps pages and the sitemap with SOURCE_DATE_EPOCH,
    so two builds of one commit come out byte-identical."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             timeout=10, check=True).stdout.strip()
        return out if out.isdigit() else None
    except (OSError, subprocess.SubprocessError):
        return None


class RealityCheckConfig(Config):
    root = config_options.Type(str, default="")
    """Project folder holding data/ and claims/ (default: the folder of mkdocs.yml)."""


class RealityCheckPlugin(BasePlugin[RealityCheckConfig]):
    def __init__(self) -> None:
        self._data_key = None
        self._calc = None
        self._judged: dict[str, tuple[object, object]] = {}
        self._rendered: dict = {}
        """claim id → its rendered page, reused while its judgement is (see pages.RenderedClaim)."""
        self.site = None
        self.timings: dict[str, float] = {}
        self._full_content: dict[str, str] = {}
        self.command = "build"
        self.dirty = False
        self._final_site_dir = None
        self._fingerprints: dict[str, str] = {}
        self._generated_dest: dict[str, str] = {}
        """src_uri → fingerprint of each page as last built (only kept under `mkdocs serve --dirty`)."""
        self._page_urls: set[str] = set()
        self._built_urls: set[str] = set()
        self._tag_mappings: dict = {}
        self._tag_listings = None
        self._raw_meta: dict[str, dict[str, str]] = {}
        self._bytecode = _MemoryBytecodeCache()

    # -- lifetime ------------------------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining on_startup makes MkDocs keep this plugin object across `mkdocs serve` rebuilds, which is
        what lets results for unchanged claims and data be reused."""
        self.command = command
        self.dirty = dirty and command == "serve"
        self._final_site_dir = None
        if self.dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarningIsInfo())

    # -- configuration -------------------------------------------------------------------------------
    def on_config(self, config):
        config_dir = Path(config.config_file_path).parent
        self.root = Path(self.config.root) if self.config.root else config_dir
        if "SOURCE_DATE_EPOCH" not in os.environ and "REALITY_CHECK_TODAY" not in os.environ:
            epoch = commit_epoch(self.root)
            if epoch:
                os.environ["SOURCE_DATE_EPOCH"] = epoch
        self.today = build_date(self.root)
        if getattr(self, "command", "build") == "build":
            # Build next to the published folder and swap it in only when the build is complete: an
            # interrupted or failed build leaves the previous site/ whole.
            self._final_site_dir = config.site_dir
            config.site_dir = config.site_dir.rstrip("/\\") + ".partial"
            shutil.rmtree(config.site_dir, ignore_errors=True)
        self.repo_url = config.repo_url or "https://github.com/llm-reality-check/llm-reality-check"
        self.site_url = config.site_url or "https://llm-reality-check.github.io/"
        return config

    # -- files: validate, compute, render ------------------------------------------------------------
    def on_files(self, files: Files, config) -> Files:
        from generator.engine.calculator import Calculator
        from generator.loader import load_catalog
        from generator.pages import build

        t0 = time.perf_counter()
        try:
            catalog = load_catalog(self.root)
        except RecordErrors as exc:
            raise PluginError("records do not validate:\n" + "\n".join(str(e) for e in exc.errors)) from None
        t1 = time.perf_counter()

        # Results depend on data/ and the date, never on a claim: keep the calculator while they are unchanged.
        data_key = (self.today, tuple(sorted((k, v.model_dump_json()) for folder in
                                             ("models", "hardware", "precisions", "prices")
                                             for k, v in getattr(catalog, folder).items())))
        if data_key != self._data_key or self._calc is None:
            self._calc, self._data_key, self._judged, self._rendered = Calculator(catalog), data_key, {}, {}
        else:
            self._calc.catalog = catalog
        reused = {cid: j for cid, (claim, j) in self._judged.items()
                  if cid in catalog.claims and catalog.claims[cid] == claim}
        self._rendered = {cid: page for cid, page in self._rendered.items() if cid in reused}
        site = build(catalog, self._calc, self.today, self.repo_url, self.site_url, reused, self._rendered)
        self._judged = {cid: (catalog.claims[cid], j) for cid, j in site.judgements.items()}
        t2 = time.perf_counter()

        for src_uri, content in {**site.pages, **site.files}.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None and not existing.generated_by:
                raise PluginError(f"docs/{src_uri} is a hand-written page at a generated URL; rename or remove it "
                                  f"(the generator owns /{src_uri.rsplit('.', 1)[0]}/)")
            files.append(GeneratedPage.generated(config, src_uri, content=content))
        self.site = site
        if self.dirty:
            self._mark_changed(files, site)
        self._page_urls = {f.url for f in files.documentation_pages()}
        self._built_urls = set()
        self.timings = {"load": t1 - t0, "compute_and_render": t2 - t1}
        log.info("reality-check: %d claims, %d pages, %d exports (load %.2fs, compute+render %.2fs, %d reused)",
                 len(catalog.claims), len(site.pages), len(site.files), t1 - t0, t2 - t1, len(reused))
        return files

    def _mark_changed(self, files: Files, site) -> None:
        """Under `mkdocs serve --dirty`: rebuild only the pages whose content changed since the last build.

        A generated page is compared by fingerprint. A hand-written page is rebuilt by MkDocs when its file is
        newer than its output; one that shows generated blocks (`<!-- rc:... -->`) is also rebuilt when those
        changed, by removing its output in the serve folder (a temporary folder MkDocs owns, never docs/).
        """
        fingerprints, listing_pages = {}, []
        for f in files.documentation_pages():
            src = f.src_uri
            if isinstance(f, GeneratedPage):
                fingerprints[src] = fingerprint(f.content_string, site.blocks, site.search_text.get(src, ""),
                                                site.edit_urls.get(src, ""))
                f.changed = self._fingerprints.get(src) != fingerprints[src]
            elif not f.generated_by:
                names = MARKER.findall(f.content_string)
                if names:
                    fingerprints[src] = fingerprint("", {}, *(site.snippets.get(n, "") for n in names))
                    if self._fingerprints.get(src) != fingerprints[src]:
                        self._render_again(f)
                if TAGS_LISTING in f.content_string:
                    listing_pages.append(f)
        # The tags page lists every page's title under its tags: render it again when a page came or went or its
        # front matter (title, description, tags) changed.
        heads = fingerprint("", {}, *(f"{src}\n{f.content_string.split(chr(10) + '---', 1)[0]}"
                                      for src, f in sorted((f.src_uri, f) for f in files.documentation_pages()
                                                           if isinstance(f, GeneratedPage))))
        if heads != self._fingerprints.get("\0heads"):
            for f in listing_pages:
                self._render_again(f)
        fingerprints["\0heads"] = heads
        changed = sum(1 for src, fp in fingerprints.items() if self._fingerprints.get(src) != fp and src[0] != "\0")
        log.info("reality-check: dirty build, %d of %d pages changed", changed, len(fingerprints) - 1)
        self._fingerprints = fingerprints
        # A claim whose file was deleted or renamed: remove its old page from the serve folder, which a dirty
        # build never cleans, so the preview does not keep serving a page the site no longer has.
        dest = {f.src_uri: f.abs_dest_path for f in files.documentation_pages() if isinstance(f, GeneratedPage)}
        for src, path in self._generated_dest.items():
            if src not in dest and os.path.isfile(path):
                os.remove(path)
                log.info("reality-check: removed %s (its record is gone)", path)
        self._generated_dest = dest

    @staticmethod
    def _render_again(f: File) -> None:
        """Make MkDocs' dirty build render a hand-written page again: remove its output in the serve folder (a
        temporary folder MkDocs owns, never docs/), so `is_modified()` is true."""
        if os.path.isfile(f.abs_dest_path):
            os.remove(f.abs_dest_path)

    # Material's tags plugin starts afresh on every build and learns a page's tags when it renders the page. In a
    # dirty build most pages are not rendered, so: keep the tags of pages not rendered again from the last build,
    # render the tags page again when any page's title or tags changed, and otherwise keep its listings.
    @staticmethod
    def _tags_plugin(config):
        return next((p for name, p in config.plugins.items() if name.endswith("tags")), None)

    @event_priority(200)  # before any template is loaded for pages
    def _reuse_compiled_templates(self, env, config, files):
        """MkDocs makes a new Jinja environment on every rebuild and compiles Material's templates again (about a
        second); under `mkdocs serve` keep the compiled code in memory. Jinja keys it by the template's source, so
        an edited template is compiled afresh."""
        if self.command == "serve":
            env.bytecode_cache = self._bytecode
        return env

    @event_priority(150)  # before the tags plugin fills its listings
    def _tags_before(self, env, config, files):
        tags = self._tags_plugin(config)
        if self.dirty and tags is not None and self._tag_mappings:
            for url, mapping in self._tag_mappings.items():
                if url not in tags.mappings.data and url in self._page_urls:
                    tags.mappings.data[url] = mapping
        return env

    @event_priority(50)  # after the tags plugin filled its listings
    def _tags_after(self, env, config, files):
        tags = self._tags_plugin(config)
        if not self.dirty or tags is None:
            return env
        if any(True for _ in tags.listings):
            self._tag_listings = tags.listings
        elif self._tag_listings is not None:
            tags.listings = self._tag_listings
        self._tag_mappings = dict(tags.mappings.data)
        return env

    on_env = CombinedEvent(_reuse_compiled_templates, _tags_before, _tags_after)

    @event_priority(50)  # before the search plugin writes its index
    def _merge_search_index(self, config) -> None:
        """Material's search keeps, across dirty rebuilds, the entries of the first rebuilt page only (and drops
        every entry whose location starts with that page's URL, which for the home page is all of them). Merge
        here instead: previous entries of pages not rebuilt, plus this build's, minus pages that no longer exist."""
        if not self.dirty:
            return
        search = next((p for name, p in config.plugins.items() if name.endswith("search")), None)
        prev = getattr(search, "search_index_prev", None)
        if prev is None:
            return
        kept = [e for e in prev.entries if (url := e["location"].split("#", 1)[0]) not in self._built_urls
                and url in self._page_urls]
        search.search_index.entries = kept + search.search_index.entries
        search.search_index_prev = None

    def _swap_site(self, config) -> None:
        if not self._final_site_dir:
            return
        final, partial = self._final_site_dir, config.site_dir
        previous = final.rstrip("/\\") + ".previous"
        shutil.rmtree(previous, ignore_errors=True)
        if os.path.exists(final):
            os.replace(final, previous)
        os.replace(partial, final)
        shutil.rmtree(previous, ignore_errors=True)
        config.site_dir = final

    on_post_build = CombinedEvent(_merge_search_index, event_priority(-100)(_swap_site))

    def on_build_error(self, error) -> None:
        if self._final_site_dir:
            log.error("reality-check: build failed; the previous site in %s is unchanged", self._final_site_dir)

    # -- hand-written pages: fill the generated blocks -----------------------------------------------
    def on_page_markdown(self, markdown: str, page, config, files):
        if self.site is None or not MARKER.search(markdown):
            return markdown

        def fill(match: re.Match) -> str:
            name = match.group(1)
            if name not in self.site.snippets:
                raise PluginError(f"{page.file.src_uri}: unknown generated block <!-- rc:{name} -->; known: "
                                  f"{', '.join(sorted(self.site.snippets))}")
            return self.site.snippets[name]

        return MARKER.sub(fill, markdown)

    # -- generated pages: blocks after Markdown, compact search entries --------------------------------
    def on_page_content(self, html: str, page, config, files):
        """Splice the generated tables and charts in after Markdown, which never had to parse them."""
        if self.site is not None and "<!-- rc-block:" in html:
            return self.site.expand(html)
        return html

    @event_priority(100)  # before Material's search plugin indexes the page
    def _context_before_search(self, context, page, config, nav):
        self._built_urls.add(page.url)
        # Material prints page.meta title, description and author into HTML without escaping (MkDocs' Jinja
        # has autoescape off): escape them here, for every page, so a claimant named '</title><script>' is text.
        # The raw values come back after the page is written (on_post_page): other pages built later, such as the
        # tags listing, read them and escape them themselves.
        raw = {key: page.meta[key] for key in ("title", "description", "author") if isinstance(page.meta.get(key), str)}
        for key, value in raw.items():
            page.meta[key] = html.escape(value, quote=True)
        self._raw_meta[page.url] = raw
        if self.site is None:
            return context
        src = page.file.src_uri
        if src in self.site.edit_urls:
            page.edit_url = self.site.edit_urls[src]
        if src in self.site.search_text:
            # Search indexes the claim's words (quote, verdict, model), not its tables: a smaller, more useful
            # index, and no parsing of every table of 10,000 pages. The full content is restored right after.
            self._full_content[src] = page.content
            page.content = self.site.search_text[src]
        return context

    @event_priority(-100)  # after the search plugin
    def _context_after_search(self, context, page, config, nav):
        full = self._full_content.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_context_before_search, _context_after_search)

    def on_post_page(self, output: str, page, config) -> str:
        page.meta.update(self._raw_meta.pop(page.url, {}))
        return output
