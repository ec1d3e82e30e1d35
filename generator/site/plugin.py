"""The project's MkDocs plugin: validate records, compute, and add every generated page in memory.

`mkdocs build` and `mkdocs serve` are the whole pipeline. Generated pages are added in `on_files` with
`File.generated(...)`; nothing generated is written into the source tree. Under `mkdocs serve` the plugin
object lives across rebuilds, so results that do not depend on an edited claim are reused, and under
`mkdocs serve --dirty` only the pages an edit changed are rendered again (generator/site/live.py).
"""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import time
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files

from generator.records.errors import RecordErrors
from generator.site.gc_pause import keep_for_the_build, paused_gc
from generator.site.live import GeneratedPage, LiveRebuilds
from generator.site.previews import PreviewFontMissing
from generator.site.prerendered import PrerenderedPage
from generator.site.page_blocks import MARKER
from generator.records.today import commit_epoch, today

log = logging.getLogger("mkdocs.plugins.reality-check")


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
        self._raw_meta: dict[str, dict[str, str]] = {}
        self._set_epoch = False
        self.live = LiveRebuilds()
        """What `mkdocs serve --dirty` keeps between rebuilds (generator/site/live.py)."""

    # -- lifetime ------------------------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defining on_startup makes MkDocs keep this plugin object across `mkdocs serve` rebuilds, which is
        what lets results for unchanged claims and data be reused."""
        self.command = command
        self.dirty = dirty and command == "serve"
        self._final_site_dir = None
        if self.dirty:
            self.live.install_log_filter()

    # -- configuration -------------------------------------------------------------------------------
    def on_config(self, config):
        config_dir = Path(config.config_file_path).parent
        self.root = Path(self.config.root) if self.config.root else config_dir
        # MkDocs dates pages and the sitemap with SOURCE_DATE_EPOCH: a committed tree is built as of its last
        # commit, byte for byte on any day (generator/records/today.py). Under `mkdocs serve` the value set here is
        # taken back once records are edited, so the edited site is as of the clock, like its validation.
        if self._set_epoch or ("SOURCE_DATE_EPOCH" not in os.environ and "REALITY_CHECK_TODAY" not in os.environ):
            epoch = commit_epoch(self.root)
            if epoch is not None:
                os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
            elif self._set_epoch:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            self._set_epoch = epoch is not None
        try:
            self.today = today(self.root).date
        except ValueError as exc:
            raise PluginError(str(exc)) from None
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
    @property
    def _parallel(self) -> bool:
        """Thousands of claims are read, judged and rendered on every core in a one-off build; never under
        `mkdocs serve`, whose process runs threads and must not fork (generator/records/parallel.py)."""
        return self.command == "build"

    def on_files(self, files: Files, config) -> Files:
        from generator.engine.calculator import Calculator
        from generator.records.loader import load_catalog
        from generator.site.pages import build

        t0 = time.perf_counter()
        with paused_gc():  # see generator/site/gc_pause.py
            try:
                catalog = load_catalog(self.root, parallel=self._parallel, today=self.today)
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
            try:
                site = build(catalog, self._calc, self.today, self.repo_url, self.site_url, reused, self._rendered,
                             parallel=self._parallel)
            except PreviewFontMissing as exc:
                raise PluginError(str(exc)) from None
            self._judged = {cid: (catalog.claims[cid], j) for cid, j in site.judgements.items()}
        t2 = time.perf_counter()

        for src_uri, content in {**site.pages, **site.files}.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None and not existing.generated_by:
                raise PluginError(f"docs/{src_uri} is a hand-written page at a generated URL; rename or remove it "
                                  f"(the generator owns /{src_uri.rsplit('.', 1)[0]}/)")
            file = GeneratedPage.generated(config, src_uri, content=content)
            files.append(file)
            if src_uri in site.tocs:
                PrerenderedPage(file, config, site.tocs[src_uri])  # becomes file.page; MkDocs' nav keeps it
        self.site = site
        self.live.start(files)
        if self.dirty:
            self.live.mark_changed(files, site)
        self.timings = {"load": t1 - t0, "compute_and_render": t2 - t1}
        if self.command == "build":
            keep_for_the_build()
        log.info("reality-check: %d claims, %d pages, %d exports (load %.2fs, compute+render %.2fs, %d reused)",
                 len(catalog.claims), len(site.pages), len(site.files), t1 - t0, t2 - t1, len(reused))
        return files

    # -- mkdocs serve --dirty: see generator/site/live.py --------------------------------------------------
    @event_priority(200)  # before any template is loaded for pages
    def _env_first(self, env, config, files):
        return self.live.reuse_compiled_templates(env) if self.command == "serve" else env

    @event_priority(150)  # before the tags plugin fills its listings
    def _env_before_tags(self, env, config, files):
        if self.dirty:
            self.live.restore_tag_mappings(config)
        return env

    @event_priority(50)  # after the tags plugin filled its listings
    def _env_after_tags(self, env, config, files):
        if self.dirty:
            self.live.keep_tag_listings(config)
        return env

    on_env = CombinedEvent(_env_first, _env_before_tags, _env_after_tags)

    @event_priority(50)  # before the search plugin writes its index
    def _merge_search_index(self, config) -> None:
        if self.dirty:
            self.live.merge_search_index(config)

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
        self.live.page_built(page.url)
        # Material prints page.meta title, description and author into HTML without escaping (MkDocs' Jinja
        # has autoescape off): escape them here, for every page, so a claimant named '</title><script>' is text.
        # The raw values come back after the page is written (on_post_page): other pages built later, such as the
        # tags listing, read them and escape them themselves.
        raw = {key: page.meta[key] for key in ("title", "description", "author", "og_title", "image", "image_alt")
               if isinstance(page.meta.get(key), str)}
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
