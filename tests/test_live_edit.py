"""Live editing: under `mkdocs serve --dirty`, editing one claim rebuilds only the pages it changes, and the
result is the same site a full build makes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, records_today

#: One day for the live and the full build (computed once: they are compared byte for byte).
RECORDS_TODAY = records_today()

# What `mkdocs serve --dirty` does: one plugin object kept across builds into one folder, `build(dirty=True)`.
SERVE = """
import json, os, pathlib, sys
os.environ["REALITY_CHECK_TODAY"] = "{today}"
from mkdocs.config import load_config
from mkdocs.commands.build import build
site = pathlib.Path(sys.argv[1])
config = load_config("mkdocs.yml", site_dir=str(site))
config.plugins.on_startup(command="serve", dirty=True)
build(config, dirty=True)
before = {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}
claim = pathlib.Path("claims/aws-p5-100-dollars-per-hour.yaml")
claim.write_text(claim.read_text().replace("usd_per_hour: 100", "usd_per_hour: 1000"))
pathlib.Path("claims/gemma-3-super-large-parameter-model.yaml").unlink(missing_ok=True)
config = load_config("mkdocs.yml", site_dir=str(site))
build(config, dirty=True)
after = {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*.html")}
print(json.dumps(sorted(p for p in after if after[p] != before.get(p))))
"""
FULL = """
import os, sys
os.environ["REALITY_CHECK_TODAY"] = "{today}"
from mkdocs.config import load_config
from mkdocs.commands.build import build
config = load_config("mkdocs.yml", site_dir=sys.argv[1])
build(config)
"""


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    for name in ("docs", "overrides", "claims", "data", "generator"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def _run(code: str, project: Path, site: Path) -> str:
    r = subprocess.run([sys.executable, "-c", code, str(site)], cwd=project, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


def test_dirty_rebuild_after_an_edit_touches_only_changed_pages_and_equals_a_full_build(tmp_path):
    project = _project(tmp_path)
    assert (project / "claims" / "gemma-3-super-large-parameter-model.yaml").exists()
    rewritten = json.loads(_run(SERVE.replace("{today}", RECORDS_TODAY), project, tmp_path / "live").strip().splitlines()[-1])
    # The edited claim changes verdict, so its page, the claims index and the home page's counts change; the
    # deleted claim leaves its model's page. The 404 page is a theme template MkDocs always renders. No other
    # claim page of ~50 is rendered again.
    assert {"claims/aws-p5-100-dollars-per-hour/index.html", "claims/index.html", "index.html",
            "models/gemma-3-27b/index.html"} <= set(rewritten)
    assert [p for p in rewritten if p.startswith("claims/") and p not in
            ("claims/aws-p5-100-dollars-per-hour/index.html", "claims/index.html")] == []
    assert len(rewritten) <= 8, rewritten

    _run(FULL.replace("{today}", RECORDS_TODAY), project, tmp_path / "full")
    live, full = tmp_path / "live", tmp_path / "full"
    for page in full.rglob("*.html"):
        rel = page.relative_to(full)
        assert (live / rel).read_bytes() == page.read_bytes(), f"{rel} differs from a full build"
    # The same pages, too: the deleted claim's old page is gone from the serve folder (MkDocs never deletes in
    # dirty builds; the plugin does) and from the search index, and every page is indexed once, as in a full build.
    html_files = lambda site: sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
    assert html_files(live) == html_files(full)
    entries = lambda site: sorted(json.dumps(d, sort_keys=True) for d in
                                  json.loads((site / "search" / "search_index.json").read_text())["docs"])
    assert entries(live) == entries(full)
    assert not any('"claims/gemma-3-super-large-parameter-model/' in e for e in entries(live))
