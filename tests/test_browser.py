"""The published pages in a real browser: Debian's chromium, driven by Playwright, over 127.0.0.1.

Screenshots go to test-artifacts/ (uploaded by CI) so a person can look at them.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url(built_site):
    handler = functools.partial(QuietHandler, directory=str(built_site["dir"]))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def browser_env() -> dict[str, str]:
    """The browser runs on the real clock: `make test-later` moves only our code's clock (libfaketime through
    LD_PRELOAD), and Chromium does not start under it."""
    return {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and not k.startswith("FAKETIME")}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make browser` installs Debian's chromium"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True, env=browser_env())
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("requestfailed", lambda r: pg.errors.append(f"request failed: {r.url}"))
    yield pg
    context.close()


def shot(pg, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home(page, base_url):
    page.goto(base_url + "/")
    assert page.title().startswith("LLM Reality Check")
    assert page.locator("table").first.is_visible()
    assert page.get_by_text("claims checked").is_visible()
    shot(page, "home")
    assert page.errors == []


def test_claims_index_lists_every_claim(page, base_url, catalog):
    page.goto(base_url + "/claims/")
    rows = page.locator("article table tbody tr")
    assert rows.count() == len(catalog.claims)
    shot(page, "claims-index")
    assert page.errors == []


def test_claims_index_filters_narrow_and_sort_the_table(page, base_url, catalog, built_site):
    import json

    claims = json.loads((built_site["dir"] / "api" / "claims.json").read_text())
    claims = claims["claims"] if isinstance(claims, dict) else claims
    page.goto(base_url + "/claims/")
    form = page.locator("form.rc-filters")
    assert form.is_visible()  # the script shows it; without JavaScript it stays hidden and the full table is there
    visible = page.locator("table.rc-claims-index tbody tr:visible")
    assert visible.count() == len(catalog.claims)
    outdated = sum(1 for c in claims if c["verdict"] == "outdated")
    page.select_option("select[data-filter=verdict]", "outdated")
    assert visible.count() == outdated >= 1
    assert all(v == "outdated" for v in visible.evaluate_all("rows => rows.map(r => r.dataset.verdict)"))
    assert page.locator(".rc-filter-count").text_content() == f"{outdated} of {len(catalog.claims)} claims"
    page.select_option("select[data-filter=verdict]", "")
    page.select_option("select[data-filter=kind]", "rental-price")
    assert visible.count() == sum(1 for c in catalog.claims.values() if c.kind == "rental-price")
    page.select_option("select[data-filter=kind]", "")
    page.select_option("select[data-sort]", "old")
    dates = visible.evaluate_all("rows => rows.map(r => r.dataset.date)")
    assert dates == sorted(dates) and len(dates) == len(catalog.claims)
    shot(page, "claims-index-filtered")
    assert page.errors == []


def test_claim_page_verdict_jsonld_and_no_console_errors(page, base_url):
    page.goto(base_url + "/claims/aws-p5-100-dollars-per-hour/")
    card = page.locator("section.rc-card")
    assert card.is_visible()
    assert "Outdated" in card.locator(".rc-badge").inner_text()
    assert "The argument: Outdated" in page.locator(".admonition").first.inner_text()
    # The verdict is visible without scrolling far: its top is within the first screen.
    assert card.bounding_box()["y"] < 900
    ld = json.loads(page.locator('script[type="application/ld+json"]').first.text_content())
    assert ld["@type"] == "ClaimReview" and ld["reviewRating"]["alternateName"] == "Outdated"
    shot(page, "claim-aws-p5")
    assert page.errors == []


def test_chinese_claim_page(page, base_url):
    page.goto(base_url + "/claims/deepseek-v3-needs-dozens-to-hundreds-of-gpus/")
    # The claim in the reader's language first, the original right under it.
    assert page.locator(".rc-card blockquote[lang=en]").is_visible()
    assert page.locator(".rc-original span[lang=zh]").is_visible()
    shot(page, "claim-deepseek-zh")
    assert page.errors == []


def test_search_finds_a_claim_by_model_name(page, base_url):
    page.goto(base_url + "/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # The index loads in a web worker; on a busy machine that takes seconds. Type once it is ready, key by key
    # as a person does (Material searches on key events, so a programmatic fill is not seen once it is ready).
    page.wait_for_function("!(document.querySelector('.md-search-result__meta')?.textContent || 'Initializing')"
                           ".includes('Initializing')", timeout=60000)
    page.locator("input.md-search__input").press_sequentially("Maverick")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=30000)
    hrefs = [results.nth(i).locator("a").first.get_attribute("href") for i in range(min(results.count(), 10))]
    assert any("claims/llama-4-maverick" in (h or "") for h in hrefs), hrefs
    shot(page, "search-maverick")
    assert page.errors == []


def test_dark_mode_toggles(page, base_url):
    page.goto(base_url + "/claims/gemma-3-most-capable-single-gpu-or-tpu/")
    scheme = lambda: page.locator("body").get_attribute("data-md-color-scheme")  # noqa: E731
    before = scheme()
    page.locator("label.md-header__button[for^=__palette]:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== '{before}'")
    assert {before, scheme()} == {"default", "slate"}
    shot(page, "claim-gemma-dark")
    assert page.errors == []


def test_model_page_tabs_switch(page, base_url):
    page.goto(base_url + "/models/llama-3.1-70b/")
    tabs = page.locator(".tabbed-labels label")
    assert tabs.count() >= 3
    tabs.nth(1).click()
    assert page.locator(".tabbed-content .tabbed-block").nth(1).is_visible()
    shot(page, "model-llama-3.1-70b")
    assert page.errors == []


PAGES = {"home": "/", "claims-index": "/claims/", "claim": "/claims/gemma-3-still-needs-top-end-gpus/",
         "claim-zh": "/claims/monthly-gpu-bill-hundreds-of-thousands-to-millions/", "methodology": "/methodology/",
         "model": "/models/llama-3.1-70b/", "hardware": "/hardware/h100-sxm/", "accuracy": "/accuracy/"}


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_pages_fit_the_screen_and_pass_axe(browser, base_url, width, height):
    """No page scrolls sideways (wide tables scroll in their box); axe-core finds nothing serious or critical;
    on a phone the claim card and its verdict are on the first screen."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()  # axe-core ships inside the package: no network
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    failures = []
    for name, path in PAGES.items():
        pg.goto(base_url + path)
        pg.wait_for_load_state("load")
        overflow = pg.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            failures.append(f"{name} at {width}px scrolls sideways by {overflow}px")
        pg.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"))
        for v in axe.run(pg).response["violations"]:
            if v["impact"] in ("serious", "critical"):
                failures.append(f"{name} at {width}px: axe {v['impact']} {v['id']}: {v['nodes'][0]['target']}")
        if name.startswith("claim") and name != "claims-index":
            badge = pg.locator(".rc-card .rc-badge")
            box = badge.bounding_box()
            if box is None or box["y"] + box["height"] > height:
                failures.append(f"{name} at {width}px: the verdict is not on the first screen ({box})")
    context.close()
    assert not failures, "\n".join(failures)
    assert errors == []
