"""The real MkDocs + Material build: every claim gets a page with a verdict, arithmetic, sources, meta."""

from __future__ import annotations

import csv
import html as html_lib
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path


from conftest import ROOT
from generator.records.loader import load_catalog

CATALOG = load_catalog(ROOT)


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.title, self.jsonld, self._in = {}, "", [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta[a.get("property") or a.get("name")] = a.get("content")
        if tag == "title":
            self._in = "title"
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in = "jsonld"
            self.jsonld.append("")

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "jsonld":
            self.jsonld[-1] += data


def page(built, url: str) -> tuple[str, Head]:
    html = (built["dir"] / url / "index.html").read_text(encoding="utf-8")
    head = Head()
    head.feed(html)
    return html, head


def test_every_claim_has_a_page_with_verdict_arithmetic_and_sources(built_site):
    for claim in CATALOG.claims.values():
        html, head = page(built_site, f"claims/{claim.id}")
        assert "rc-card" in html and "The argument:" in html, claim.id
        assert "Sources" in html and claim.sources[0].url.split("#")[0][:60] in html.replace("&amp;", "&"), claim.id
        if claim.kind != "evidence":
            assert "How we computed it" in html or "cannot be" in html, claim.id


def test_claim_pages_carry_link_preview_meta_and_claimreview(built_site):
    html, head = page(built_site, "claims/gemma-3-most-capable-single-gpu-or-tpu")
    assert head.title.startswith("Google: “Introducing Gemma 3")
    assert head.meta["og:title"].startswith("“Introducing Gemma 3") and len(head.meta["og:title"]) < 70
    assert head.meta["og:description"].startswith("Accurate:")
    assert head.meta["description"].startswith("Accurate:")
    assert head.meta["og:url"].endswith("/claims/gemma-3-most-capable-single-gpu-or-tpu/")
    assert head.meta["twitter:card"] == "summary_large_image"
    assert head.meta["og:image"] == "https://llm-reality-check.github.io/previews/gemma-3-most-capable-single-gpu-or-tpu.png"
    assert head.meta["og:image:width"] == "1200" and head.meta["og:image:height"] == "630"
    assert head.meta["og:image:alt"].startswith("Accurate: Google:")
    [ld] = [json.loads(x) for x in head.jsonld]
    assert ld["@type"] == "ClaimReview"
    assert ld["claimReviewed"].startswith("Introducing Gemma 3")
    assert ld["itemReviewed"]["author"]["name"] == "Google"
    assert ld["itemReviewed"]["datePublished"] == "2025-03-12"
    assert ld["reviewRating"]["alternateName"] == "Accurate"
    assert ld["itemReviewed"]["appearance"] == [{"@type": "CreativeWork", "url": "https://blog.google/technology/developers/gemma-3/"}]
    # Heading anchors (toc permalinks) for linking a section in a discussion.
    assert 'class="headerlink"' in html and 'id="when-would-it-be-true"' in html


def test_claims_are_attributed_to_who_said_them_and_appear_where_they_appeared(built_site):
    # Apple said it on 5 March 2025; the press report six days later is a source, not the claimant.
    html, head = page(built_site, "claims/mac-studio-m3-ultra-600b-llm")
    [ld] = [json.loads(x) for x in head.jsonld]
    assert ld["itemReviewed"]["author"]["name"] == "Apple" and ld["itemReviewed"]["datePublished"] == "2025-03-05"
    assert ld["itemReviewed"]["appearance"][0]["url"].startswith("https://www.apple.com/newsroom/2025/03/")
    assert "techgoondu.com" in html                                   # the report stays among the sources
    # A post read at a pinned commit appeared on its published page, which is what ClaimReview names.
    _, head = page(built_site, "claims/llama-3.1-8b-16gb-fits-consumer-gpus")
    [ld] = [json.loads(x) for x in head.jsonld]
    assert ld["itemReviewed"]["appearance"][0]["url"] == "https://huggingface.co/blog/llama31"


def test_claim_page_shows_memory_chart_as_inline_svg_with_text_alternative(built_site):
    html, _ = page(built_site, "claims/llama-3.1-405b-fp16-needs-multi-node")
    svg = re.search(r"<svg class=\"rc-chart\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg and "Weights 811.7 GB" in svg


def test_generated_indexes_models_and_hardware(built_site):
    html, _ = page(built_site, "claims")
    assert html.count("<tr data-verdict=") == len(CATALOG.claims)  # one filterable row per claim
    for m in CATALOG.models:
        assert (built_site["dir"] / "models" / m / "index.html").exists()
    for h in CATALOG.hardware:
        assert (built_site["dir"] / "hardware" / h / "index.html").exists()
    html, _ = page(built_site, "models/llama-3.1-70b")
    assert "tabbed-set" in html  # precisions side by side in content tabs


def test_hand_written_pages_get_generated_blocks(built_site):
    html, _ = page(built_site, "methodology")
    assert "USABLE_MEMORY_FRACTION" in html and "ALLREDUCE_LATENCY_S" in html and "<!-- rc:" not in html
    assert "80 × 2 × 8 × 128 × 2 B = 327,680 B" in html
    html, _ = page(built_site, "accuracy")
    assert html.count("source</a>") >= 20
    html, _ = page(built_site, "contributing")
    assert "accelerators_min" in html and "new-claim" in html


def test_exports(built_site):
    api = built_site["dir"] / "api"
    claims = json.loads((api / "claims.json").read_text())
    assert len(claims) == len(CATALOG.claims)
    for item in claims:
        for key in ("id", "url", "claimant", "quote", "said_on", "kind", "verdict", "verdict_today", "summary",
                    "computed"):
            assert key in item
    rows = list(csv.DictReader((api / "claims.csv").open(encoding="utf-8")))
    assert len(rows) == len(CATALOG.claims) and rows[0]["verdict"]
    assert len(json.loads((api / "models.json").read_text())) == len(CATALOG.models)
    assert len(json.loads((api / "hardware.json").read_text())) == len(CATALOG.hardware)


def test_no_third_party_requests(built_site):
    for html_file in list(built_site["dir"].rglob("*.html"))[:200]:
        text = html_file.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, html_file
        assert not re.search(r'<script[^>]+src="https?://', text), html_file


def test_build_writes_nothing_into_the_source_tree(built_site):
    assert built_site["tree_before"] == built_site["tree_after"]


def test_hand_written_page_at_a_generated_url_is_an_error(tmp_path):
    project = tmp_path / "p"
    for name in ("docs", "overrides", "claims", "data", "generator"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    clash = project / "docs" / "claims" / "aws-p5-100-dollars-per-hour.md"
    clash.parent.mkdir(parents=True)
    clash.write_text("# mine\n")
    r = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "s")],
                       cwd=project, capture_output=True, text=True)
    assert r.returncode != 0
    assert "docs/claims/aws-p5-100-dollars-per-hour.md is a hand-written page at a generated URL" in r.stderr
    assert clash.read_text() == "# mine\n"


def test_invalid_records_fail_the_build_with_located_errors(tmp_path):
    project = tmp_path / "p"
    for name in ("docs", "overrides", "claims", "data", "generator"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    bad = project / "claims" / "aws-p5-100-dollars-per-hour.yaml"
    bad.write_text(bad.read_text().replace("kind: rental-price", "kind: rental_price"))
    r = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-d", str(tmp_path / "s")],
                       cwd=project, capture_output=True, text=True)
    assert r.returncode != 0
    assert "claims/aws-p5-100-dollars-per-hour.yaml:" in r.stderr and "did you mean `rental-price`" in r.stderr


def test_search_indexes_claim_words_and_index_pages_without_their_tables(built_site):
    docs = json.loads((built_site["dir"] / "search" / "search_index.json").read_text())["docs"]
    by_page: dict[str, list[dict]] = {}
    for d in docs:
        by_page.setdefault(d["location"].split("#", 1)[0], []).append(d)
    # Every claim is findable by its quote, verdict and model name...
    gemma = " ".join(d["text"] for d in by_page["claims/gemma-3-most-capable-single-gpu-or-tpu/"])
    assert "Gemma 3 27B" in gemma and "Verdict: Accurate" in gemma
    # ...and an index page is found by its own words, not as its table run together into one entry.
    for index, header in (("claims/", "ClaimWhoWhen"), ("models/", "ModelOrganisation"), ("hardware/", "Memory")):
        text = " ".join(d["text"] for d in by_page[index])
        assert header not in text and len(text) < 400, (index, text[:200])


def test_every_table_header_cell_has_text(built_site):
    # A table with a blank header row reads as a broken table and tells screen readers nothing.
    for url in ("models/llama-3.1-70b/", "hardware/h100-sxm/", "claims/gemma-3-most-capable-single-gpu-or-tpu/"):
        html = (built_site["dir"] / url / "index.html").read_text()
        assert not re.search(r"<th[^>]*>\s*</th>", html), url


class Links(HTMLParser):
    """Every href/src and every id of one page."""

    def __init__(self):
        super().__init__()
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])


def test_every_internal_link_and_anchor_resolves(built_site):
    """Claim pages are written as HTML, so MkDocs no longer checks their links: every relative link of every built
    page must reach a file of the site, and every #fragment an id of the page it points to."""
    site = built_site["dir"]
    pages = {}
    for html_file in site.rglob("*.html"):
        parser = Links()
        parser.feed(html_file.read_text(encoding="utf-8"))
        pages[html_file.resolve()] = parser
    broken = []
    for html_file, parser in pages.items():
        for link in parser.links:
            if re.match(r"^[a-z][a-z0-9+.-]*:", link) or link.startswith("//"):
                continue  # http(s), mailto: (third-party hosts are test_no_third_party_requests' job)
            path, _, fragment = link.partition("#")
            base = site if path.startswith("/") else html_file.parent  # 404.html links from the site root
            target = (base / path.lstrip("/")).resolve() if path else html_file
            if target.is_dir() or path.endswith("/"):
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html_file.relative_to(site)}: {link} (no such file)")
            elif fragment and target.suffix == ".html" and not fragment.startswith("tag:") \
                    and fragment not in pages[target].ids:
                broken.append(f"{html_file.relative_to(site)}: {link} (no id `{fragment}` there)")
    assert len(pages) > 90
    assert not broken, "\n".join(broken[:20])


def test_claim_page_headings_have_the_ids_and_contents_markdown_would_give_them():
    """Claim pages skip MkDocs' Markdown pass (generator/site/prerendered.py), so their heading ids and table of contents
    come from generator/site/headings.py: they must be what Python-Markdown, configured as in mkdocs.yml, makes of the
    same headings, so that links to `#sources` and the page's sidebar stay as they were."""
    import datetime as dt

    import markdown
    from mkdocs.config import load_config

    from generator.engine.calculator import Calculator
    from generator.site.pages import build

    config = load_config(str(ROOT / "mkdocs.yml"))
    site = build(CATALOG, Calculator(CATALOG), dt.date(2026, 11, 23), "https://github.com/x/y", "https://example.org/")
    assert len(site.tocs) == len(CATALOG.claims)
    for src, toc in site.tocs.items():
        headings = re.findall(r'<h([12]) id="([^"]*)">(.*?)<a class="headerlink" href="#\2"', site.pages[src])
        source = "\n\n".join("#" * int(level) + " " + re.sub(r"([\\`*_\[\]#])", r"\\\1", html_lib.unescape(text))
                               for level, _, text in headings)
        md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
        converted = md.convert(source)
        assert [i for _, i, _ in headings] == re.findall(r'<h[12] id="([^"]*)"', converted), src

        def strip(tokens):
            return [{"level": t["level"], "id": t["id"], "name": html_lib.unescape(t["name"]),
                     "children": strip(t["children"])} for t in tokens]
        assert strip(toc) == strip(md.toc_tokens), src


def test_readable_titles_labels_and_numbers(built_site):
    home = (built_site["dir"] / "index.html").read_text(encoding="utf-8")
    assert "<title>LLM Reality Check</title>" in home  # not "LLM Reality Check - LLM Reality Check"
    index = (built_site["dir"] / "claims" / "index.html").read_text(encoding="utf-8")
    assert "<td>Rental price</td>" in index and "<td>rental-price</td>" not in index
    methodology = (built_site["dir"] / "methodology" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"\d e-0\d|\de-0\d", methodology) and "0.00005" in methodology
    assert "(1 accelerators" not in "".join(p.read_text(encoding="utf-8") for p in built_site["dir"].rglob("*.html"))


def test_lists_of_claims_never_repeat_a_link_text(built_site):
    for page in list((built_site["dir"] / "hardware").glob("*/index.html")) + \
            list((built_site["dir"] / "models").glob("*/index.html")):
        links = re.findall(r'<a href="\.\./\.\./claims/[^"]+/">([^<]+)</a>', page.read_text(encoding="utf-8"))
        assert len(links) == len(set(links)), (page, [t for t in links if links.count(t) > 1])


def test_verdict_badges_have_word_symbol_and_accessible_contrast(built_site):
    from generator.verdicts import ICONS, LABELS, VERDICTS

    css = (ROOT / "docs" / "assets" / "site.css").read_text(encoding="utf-8")

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for v in VERDICTS:
        colour = re.search(rf"\.rc-badge--{v} {{ background-color: (#[0-9a-f]{{6}}); }}", css).group(1)
        assert (1.05) / (luminance(colour) + 0.05) >= 4.5, (v, colour)  # white text (WCAG AA)
    index = (built_site["dir"] / "claims" / "index.html").read_text(encoding="utf-8")
    for v in {r for r in re.findall(r'data-verdict="([a-z-]+)"', index)}:
        assert f'<span class="rc-badge rc-badge--{v}"><span aria-hidden="true">{ICONS[v]}</span> {LABELS[v]}</span>' \
            in index
    home = (built_site["dir"] / "index.html").read_text(encoding="utf-8")
    assert 'class="rc-badge' in home
    methodology = (built_site["dir"] / "methodology" / "index.html").read_text(encoding="utf-8")
    assert all(f"rc-badge--{v}" in methodology for v in VERDICTS)
