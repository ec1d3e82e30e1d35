"""Hostile and careless input: located errors, inert rendering, no lost files, reproducible output."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bad_input_harness import BASE, CASES, TODAY, header
from conftest import ROOT, records_today

#: One day for every build in this module (computed once: two builds compared byte for byte must share it).
RECORDS_TODAY = records_today()
from generator.cli import main
from generator.engine.calculator import Calculator
from generator.records.errors import RecordErrors
from generator.records.loader import load_catalog
from generator.site.pages import build

MKDOCS = Path(sys.executable).parent / "mkdocs"


def test_every_bad_case_exits_1_with_its_errors_and_no_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("REALITY_CHECK_TODAY", TODAY.isoformat())
    for i, case in enumerate(sorted(CASES.glob("*.yaml"))):
        project = tmp_path / f"p{i}"
        shutil.copytree(BASE, project)
        target, expected = header(case)
        (project / target).write_bytes(case.read_bytes())
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(["--root", str(project), "check"])
        assert code == 1, case.name
        assert "Traceback" not in err.getvalue(), case.name
        for line in expected:
            assert line in err.getvalue(), (case.name, line)


def test_a_path_in_an_id_never_reaches_the_file_system(tmp_path):
    project = tmp_path / "p"
    shutil.copytree(BASE, project)
    claim = project / "claims" / "tiny-runs-on-one.yaml"
    claim.write_text(claim.read_text().replace("id: tiny-runs-on-one", "id: ../../etc/passwd"))
    with pytest.raises(RecordErrors) as exc:
        load_catalog(project)
    assert "claims/tiny-runs-on-one.yaml:1:1: id must be a lowercase id" in str(exc.value)


# ------------------------------------------------------------------------------------------- fuzzing

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)
SCALAR = st.one_of(TEXT, st.integers(-10**16, 10**16), st.floats(allow_nan=False), st.booleans(), st.none(),
                   st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)))


@st.composite
def near_valid_claims(draw):
    """A valid claim with zero to three fields replaced, removed or added."""
    claim = {
        "id": "fuzz", "claimant": "Fuzz Corp", "quote": "Fuzz runs on one GPU", "language": "en",
        "said_on": dt.date(2024, 8, 1), "sources": [{"url": "https://example.org/f", "accessed": dt.date(2025, 1, 1)}],
        "kind": "runs-on", "subject": {"model": "tiny-8b"}, "claimed": {"accelerators": 1, "hardware": "gpu-80"},
        "scenario": {"precision": "bf16", "context_tokens": 8192, "batch": 1}, "tags": ["fuzz"],
    }
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(["replace", "remove", "add", "nested"]))
        key = draw(st.sampled_from(sorted(claim)))
        if action == "replace":
            claim[key] = draw(SCALAR)
        elif action == "remove" and key != "id":
            claim.pop(key)
        elif action == "add":
            claim[draw(st.from_regex(r"[a-z_]{1,12}", fullmatch=True))] = draw(SCALAR)
        elif isinstance(claim.get(key), dict) and claim[key]:
            inner = draw(st.sampled_from(sorted(claim[key])))
            claim[key][inner] = draw(SCALAR)
    return claim


def _dump(claim) -> str:
    import yaml

    return yaml.safe_dump(claim, allow_unicode=True, sort_keys=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(near_valid_claims())
def test_fuzzed_claims_are_accepted_and_render_or_rejected_with_located_errors(tmp_path_factory, claim):
    project = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(BASE, project, dirs_exist_ok=True)
    (project / "claims" / "fuzz.yaml").write_text(_dump(claim), encoding="utf-8")
    try:
        catalog = load_catalog(project)
    except RecordErrors as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.path.startswith(("claims/", "data/")), error
            assert error.line >= 1 and error.message, error
        return
    site = build(catalog, Calculator(catalog), dt.date(2026, 11, 23), "https://github.com/x/y", "https://example.org/")
    assert "claims/fuzz.md" in site.pages and "rc-card" in site.pages["claims/fuzz.md"] and "The argument:" in site.pages["claims/fuzz.md"]


# ------------------------------------------------------------------------------------- nothing lost

def _project(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    for name in ("docs", "overrides", "claims", "data", "generator"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def _build(project: Path, site: Path, **env) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([str(MKDOCS), "build", "--strict", "-q", "-d", str(site)], cwd=project,
                          capture_output=True, text=True,
                          env=dict(os.environ, REALITY_CHECK_TODAY=RECORDS_TODAY, SOURCE_DATE_EPOCH="1795000000", **env))


def test_a_failed_build_leaves_the_previous_site_whole(tmp_path):
    project, site = _project(tmp_path), tmp_path / "site"
    assert _build(project, site).returncode == 0
    before = (site / "claims" / "aws-p5-100-dollars-per-hour" / "index.html").read_bytes()
    bad = project / "claims" / "aws-p5-100-dollars-per-hour.yaml"
    bad.write_text(bad.read_text().replace("kind: rental-price", "kind: rental_price"))
    r = _build(project, site)
    assert r.returncode != 0 and "did you mean `rental-price`" in r.stderr
    assert (site / "claims" / "aws-p5-100-dollars-per-hour" / "index.html").read_bytes() == before
    # An impossible calendar date: one located line, no traceback, the site still whole.
    bad.write_text(bad.read_text().replace("kind: rental_price", "kind: rental-price")
                   .replace("said_on: 2025-", "said_on: 2025-06-31\n# was: 2025-", 1))
    r = _build(project, site)
    assert r.returncode != 0 and "Traceback" not in r.stderr, r.stderr
    assert re.search(r"claims/aws-p5-100-dollars-per-hour\.yaml:\d+:1: 2025-06-31 is not a date \(June has 30 days\)",
                     r.stderr), r.stderr
    assert (site / "claims" / "aws-p5-100-dollars-per-hour" / "index.html").read_bytes() == before
    assert (site / "index.html").exists() and not (tmp_path / "site.previous").exists()


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_of_the_same_commit_are_byte_identical(tmp_path):
    project = _project(tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    assert _build(project, a).returncode == 0
    assert _build(project, b).returncode == 0
    da, db = _digest(a), _digest(b)
    assert da.keys() == db.keys()
    different = [k for k in da if da[k] != db[k]]
    assert different == []


# ------------------------------------------------------------------------------ escaping in a browser

HOSTILE_CLAIM = """\
id: hostile-claim
claimant: "<script>window.__pwned = 1</script>{{ config.site_name }}"
quote: "<img src=x onerror=\\"window.__pwned=2\\"> [click](javascript:window.__pwned=3) {% raw %} </script><script>window.__pwned=4</script>"
language: en
said_on: 2025-01-01
sources:
  - url: https://example.org/source?a=1&b=<2>
    accessed: 2025-01-02
    note: "[x](javascript:window.__pwned=5) <b onmouseover=window.__pwned=6>bold</b>"
kind: runs-on
subject: {model: llama-3.1-8b}
claimed: {accelerators: 1, hardware: h100-sxm}
scenario:
  precision: bf16
  context_tokens: 8192
  batch: 1
  note: "{{ 7*7 }} ${7*7} <iframe src=javascript:window.__pwned=7>"
tags: [hostile]
"""


def test_hostile_text_renders_as_text_and_runs_no_script(tmp_path):
    from test_browser import ARGS, CHROMIUM, QuietHandler, browser_env  # noqa: F401
    import functools
    import json
    import threading
    from http.server import ThreadingHTTPServer

    from playwright.sync_api import sync_playwright

    project, site = _project(tmp_path), tmp_path / "site"
    (project / "claims" / "hostile-claim.yaml").write_text(HOSTILE_CLAIM, encoding="utf-8")
    r = _build(project, site)
    assert r.returncode == 0, r.stderr[-2000:]
    html = (site / "claims" / "hostile-claim" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html and "<iframe" not in html
    assert 'href="javascript:' not in html

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True, env=browser_env())
            page = browser.new_page()
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/claims/hostile-claim/")
            page.hover("text=bold") if page.locator("text=bold").count() else None
            assert page.evaluate("window.__pwned") is None
            assert dialogs == []
            body = page.locator("article").inner_text()
            assert "<script>window.__pwned = 1</script>{{ config.site_name }}" in body
            assert "[click](javascript:window.__pwned=3)" in body
            ld = json.loads(page.locator('script[type="application/ld+json"]').first.text_content())
            assert ld["itemReviewed"]["author"]["name"] == "<script>window.__pwned = 1</script>{{ config.site_name }}"
            assert ld["claimReviewed"].startswith("<img src=x")
            page.screenshot(path=str(ROOT / "test-artifacts" / "claim-hostile.png"), full_page=True)
            browser.close()
    finally:
        server.shutdown()
