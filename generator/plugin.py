"""The project's MkDocs plugin: validate records, compute, and add every generated page in memory.

`mkdocs build` and `mkdocs serve` are the whole pipeline. Generated pages are added in `on_files` with
`File.generated(...)`; nothing generated is written into the source tree. Under `mkdocs serve` the plugin
object lives across rebuilds, so results that do not depend on an edited claim are reused.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import subprocess
import time
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.errors import RecordErrors

log = logging.getLogger("mkdocs.plugins.reality-check")
MARKER = re.compile(r"<!--\s*rc:([a-z0-9-]+)\s*-->")


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


class RealityCheckConfig(Config):
    root = config_options.Type(str, default="")
    """Project folder holding data/ and claims/ (default: the folder of mkdocs.yml)."""


class RealityCheckPlugin(BasePlugin[RealityCheckConfig]):
    def __init__(self) -> None:
        self._data_key = None
        self._calc = None
        self._judged: dict[str, tuple[object, object]] = {}
        self.site = None
        self.timings: dict[str, float] = {}

    # -- configuration -------------------------------------------------------------------------------
    def on_config(self, config):
        config_dir = Path(config.config_file_path).parent
        self.root = Path(self.config.root) if self.config.root else config_dir
        self.today = build_date(self.root)
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
            self._calc, self._data_key, self._judged = Calculator(catalog), data_key, {}
        else:
            self._calc.catalog = catalog
        reused = {cid: j for cid, (claim, j) in self._judged.items()
                  if cid in catalog.claims and catalog.claims[cid] == claim}
        site = build(catalog, self._calc, self.today, self.repo_url, self.site_url, reused)
        self._judged = {cid: (catalog.claims[cid], j) for cid, j in site.judgements.items()}
        t2 = time.perf_counter()

        for src_uri, content in {**site.pages, **site.files}.items():
            existing = files.get_file_from_path(src_uri)
            if existing is not None and not existing.generated_by:
                raise PluginError(f"docs/{src_uri} is a hand-written page at a generated URL; rename or remove it "
                                  f"(the generator owns /{src_uri.rsplit('.', 1)[0]}/)")
            files.append(File.generated(config, src_uri, content=content))
        self.site = site
        self.timings = {"load": t1 - t0, "compute_and_render": t2 - t1}
        log.info("reality-check: %d claims, %d pages, %d exports (load %.2fs, compute+render %.2fs, %d reused)",
                 len(catalog.claims), len(site.pages), len(site.files), t1 - t0, t2 - t1, len(reused))
        return files

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

    def on_page_context(self, context, page, config, nav):
        if self.site is not None and page.file.src_uri in self.site.edit_urls:
            page.edit_url = self.site.edit_urls[page.file.src_uri]
        return context
