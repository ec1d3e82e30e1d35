"""Every generated page and export, as strings keyed by their path in the site. Nothing here writes to disk.

The MkDocs plugin hands these to MkDocs with `File.generated(...)`; tests and the benchmark call `build()`
directly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator import constants as K
from generator.site import charts
from generator.site import exports
from generator.records import parallel as parallel_
from generator.engine import fit as fit_
from generator.engine.calculator import Calculator, Setup, default_kv
from generator.engine.estimate import Deployment, Estimate
import html as _html

from generator.site.headings import headings, toc_tokens
from generator.site.templating import badge, gb, link, render, sig, span, usd
from generator.records.schemas import CloudInstancePrice, PurchasePrice
from generator.verdicts import ADMONITIONS, LABELS, VERDICTS, Judgement, judge

SITE_NAME = "LLM Reality Check"
MODEL_CONTEXT = 8192
MODEL_CONTEXTS = (4096, 32768, 131072)
MODEL_TAB_PRECISIONS = ("bf16", "fp8", "awq-int4", "q4-k-m")
WIDEST_FIRST = ("bf16", "fp16", "fp8", "int8", "q8-0", "q6-k", "q5-k-m", "mxfp4", "nvfp4", "awq-int4", "gptq-int4",
                "q4-k-m", "q3-k-m", "q2-k")
CHART_REFERENCES = ("rtx-4090", "h100-sxm", "h200", "mi300x")
BLOCK_MARKER = re.compile(r"<!-- rc-block:([a-z0-9-]+) -->")
RATING = {"accurate": 5, "needs-context": 4, "outdated": 3, "misleading": 2, "exaggerated": 2, "false": 1}


@dataclass
class Site:
    pages: dict[str, str] = field(default_factory=dict)
    """src_uri (e.g. `claims/x.md`) → page source: front matter and Markdown, or HTML for those in `tocs`."""
    tocs: dict[str, list[dict]] = field(default_factory=dict)
    """src_uri → table of contents, for the pages written as HTML, which MkDocs does not convert (claim pages)."""
    files: dict[str, str | bytes] = field(default_factory=dict)
    """src_uri (e.g. `api/claims.json`, `previews/<claim-id>.png`) → file content."""
    edit_urls: dict[str, str] = field(default_factory=dict)
    snippets: dict[str, str] = field(default_factory=dict)
    """marker name → Markdown, for `<!-- rc:name -->` markers in hand-written pages."""
    judgements: dict[str, Judgement] = field(default_factory=dict)
    blocks: dict[str, str] = field(default_factory=dict)
    """block id → HTML spliced in after Markdown at `<!-- rc-block:ID -->` (big generated tables and charts)."""
    search_text: dict[str, str] = field(default_factory=dict)
    """src_uri → the compact HTML a claim page contributes to the search index."""

    def expand(self, html: str) -> str:
        """Put the generated blocks into converted HTML (what the plugin does in on_page_content)."""
        return BLOCK_MARKER.sub(lambda m: self.blocks[m.group(1)], html)


def claim_title(claim) -> str:
    quote = claim.translation or claim.quote
    quote = " ".join(quote.split())
    if len(quote) > 90:
        quote = quote[:87].rsplit(" ", 1)[0] + "…"
    return f"{claim.claimant}: “{quote}”"


def _source_path(catalog, folder: str, record_id: str) -> str:
    return catalog.source_path(folder, record_id)


def _edit_url(repo_url: str, path: str) -> str:
    return f"{repo_url.rstrip('/')}/edit/main/{path}"


def _deployment_cells(d: Deployment, with_memory: bool = True) -> list[str]:
    """One table row (already safe HTML: only our own numbers and names) for a deployment."""
    name = _html.escape(d.hardware.name.split(" (")[0])
    if not d.fit:
        return [name, "does not fit"] + ["—"] * (5 if with_memory else 4)
    s, layout = d.speed, d.fit.layout
    count = f"{layout.accelerators} ({layout.tensor_parallel} × {layout.pipeline_parallel})"
    if d.fit.tight:
        count += (f"; {d.fit.tight.layout.accelerators} if tuned to {d.fit.tight.utilization:.2f} of memory "
                  f"(floor {d.fit.memory_floor_accelerators})")
    elif d.fit.memory_floor_accelerators and d.fit.memory_floor_accelerators < layout.accelerators:
        count += f"; floor {d.fit.memory_floor_accelerators}"
    cells = [name, count]
    if with_memory:
        cells.append(gb(d.fit.bytes_per_accelerator))
    cells += [span(s.decode_tokens_per_s_per_sequence),
              span(s.time_to_first_token_s) if s.time_to_first_token_s else "unknown",
              usd(d.cost.usd_per_hour) if d.cost else "—",
              usd(d.cost.usd_per_month, 0) if d.cost else "—"]
    return cells


def _chart(calc: Calculator, estimate: Estimate, chart_id: str) -> str:
    """Memory bar with markers for what one common accelerator can hold, to show the scale of the need."""
    refs = []
    for h in CHART_REFERENCES:
        if h in calc.catalog.hardware:
            hw = calc.catalog.hardware[h]
            refs.append((f"1 × {hw.name.split(' (')[0]}", fit_.usable_bytes(hw)))
    return charts.memory_bar(estimate.memory, refs, chart_id)


def _takes(calc: Calculator, estimate: Estimate | None, chart_id: str) -> str | None:
    if estimate is None:
        return None
    m = estimate.model
    caption = (f"{m.name} at {estimate.precision.name}, KV cache {estimate.kv_precision.name}, "
               f"{estimate.context_tokens:,} tokens, batch {estimate.batch}: the fewest accelerators of each type "
               f"that hold it as people rent them (1, 2, 4, 8 in a node, then whole nodes; TP × PP in brackets), "
               f"at the serving default of {K.USABLE_MEMORY_FRACTION.value:g} of memory; 'floor' is the bare total ÷ "
               f"usable memory per accelerator. Speeds are central (low–high); prices are the cheapest on-demand offer on record "
               f"on {estimate.on.isoformat()}. This table counts what holds the model at any speed; a count that must "
               f"also reach a speed (the 'When would it be true' grid) can be larger.")
    return render("takes.html.j2", caption=caption, rows=[_deployment_cells(d) for d in estimate.deployments],
                  chart=_chart(calc, estimate, chart_id))


class BlockCache:
    """Rendered blocks that do not depend on the claim, keyed by what they do depend on (set-up, grid).

    A page holds `<!-- rc-block:ID -->` and the plugin splices the block in after conversion (on_page_content):
    Markdown never parses the tables and charts, each is rendered once per set-up, and 10,000 claim pages hold
    one copy of a shared table, not 10,000.
    """

    def __init__(self) -> None:
        self.html: dict[str, str] = {}
        self._ids: dict[object, str] = {}

    def _store(self, key: object, make) -> str:
        if key not in self._ids:
            block_id = "b" + hashlib.sha1(repr(key).encode()).hexdigest()[:16]
            self.html[block_id] = make()
            self._ids[key] = block_id
        return self._ids[key]

    def add(self, block_id: str, html: str) -> str:
        """A block of one page only (the claims index table): spliced like the shared ones, so Markdown never
        parses it."""
        block_id = block_id.replace(".", "-")
        self.html[block_id] = html
        return block_id

    def takes_block(self, calc: Calculator, estimate: Estimate | None) -> str | None:
        if estimate is None:
            return None
        key = ("takes", estimate.model.id, estimate.precision.id, estimate.kv_precision.id, estimate.context_tokens,
               estimate.batch, estimate.on, tuple(d.hardware.id for d in estimate.deployments))
        chart_id = "mem-" + "-".join(str(k) for k in key[1:6]).replace(".", "_")
        return self._store(key, lambda: _takes(calc, estimate, chart_id))

    def grid_block(self, grid) -> str:
        def make() -> str:
            cells = [[f"<strong>{c.text} ✓</strong>" if c.holds else c.text for c in row] for row in grid.cells]
            split = len(grid.columns) > 4 and all(" · " in c for c in grid.columns)
            names = list(dict.fromkeys(c.split(" · ")[0] for c in grid.columns)) if split else [""]
            groups = []
            for name in names:
                idx = [k for k, c in enumerate(grid.columns) if not split or c.split(" · ")[0] == name]
                groups.append({"name": name,
                               "columns": [grid.columns[k].split(" · ", 1)[-1] + " tokens" for k in idx] if split
                               else list(grid.columns),
                               "rows": [[_html.escape(row)] + [cells[i][k] for k in idx]
                                        for i, row in enumerate(grid.rows)]})
            return render("grid.html.j2", grid=grid, groups=groups)
        return self._store(("grid", grid), make)


def search_text(claim, j: Judgement, catalog) -> str:
    """What a claim page contributes to search: the words a reader would look for, not the tables."""
    names = []
    if claim.subject.model and claim.subject.model in catalog.models:
        names.append(catalog.models[claim.subject.model].name)
    for hw in {claim.claimed.hardware, claim.subject.hardware, claim.scenario.hardware} - {None}:
        if hw in catalog.hardware:
            names.append(catalog.hardware[hw].name)
    parts = [claim.quote, claim.translation or "", f"{claim.claimant}, {claim.said_on.isoformat()}",
             f"Verdict: {LABELS[j.verdict]}. {j.summary}", " · ".join(names), " ".join(claim.tags)]
    title = _html.escape(claim_title(claim))
    return f'<h1 id="{claim.id}">{title}</h1>' + "".join(f"<p>{_html.escape(p)}</p>" for p in parts if p)


def _index_search_text(title: str, description: str) -> str:
    """An index page's search entry: its words, not its table. Every row is a page that search indexes itself,
    and a table flattened into one search entry reads as run-together cells."""
    return f'<h1 id="{title.lower()}">{title}</h1><p>{_html.escape(description)}</p>'


def evidence_rows(claim) -> list[list[str]]:
    """The cited findings of the claim and of its evidence parts; with parts, each finding says which part."""
    groups = [(claim.claimed.statement or "", claim.evidence or [])] + [(p.says, p.evidence or []) for p in claim.parts]
    with_part = sum(1 for _, found in groups if found) > 1
    return [([_html.escape(says)] if with_part else []) + [_html.escape(e.finding),
             f'{link("read", e.url)} ({e.accessed.isoformat()})'] for says, found in groups for e in found]


def first_sentence(text: str) -> str:
    """The first sentence of a verdict's summary, for the claim card (the whole argument follows below it)."""
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z“(])", text)
    return text[:match.start()] if match else text


def preview_path(claim_id: str) -> str:
    return f"previews/{claim_id}.png"


def claim_preview(claim, j: Judgement, root) -> bytes:
    """The claim's link-preview image: in the reader's language, who said it, when, and the verdict."""
    from generator.site import previews
    from generator.records.catalog_cache import CACHE_DIR

    return previews.preview(Path(root) / CACHE_DIR / "previews" if root else None,
                            " ".join((claim.translation or claim.quote).split()), claim.claimant,
                            claim.said_on.isoformat(), j.verdict, SITE_NAME)


def og_title(claim) -> str:
    """The title a shared link shows: the claim's words, under 70 characters (who and the verdict are in the
    preview image and the description)."""
    words = " ".join((claim.translation or claim.quote).split())
    if len(words) > 66:
        words = words[:65].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f"“{words}”"


def appearance_url(claim) -> str | None:
    """Where the claim appeared: `appeared_in`, else the first source (None when the record says there is none)."""
    if claim.appeared_in is not None:
        return claim.appeared_in.url
    return claim.sources[0].url


def json_ld(claim, judgement: Judgement, url: str, today: dt.date, site_url: str) -> str:
    """schema.org ClaimReview, escaped so no contributor text can close the script element."""
    rating = {"@type": "Rating", "alternateName": LABELS[judgement.verdict], "bestRating": 5, "worstRating": 1}
    if judgement.verdict in RATING:
        rating["ratingValue"] = RATING[judgement.verdict]
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.quote,
        "datePublished": today.isoformat(),
        "author": {"@type": "Organization", "name": SITE_NAME, "url": site_url},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": claim.claimant},
            "datePublished": claim.said_on.isoformat(),
        },
        "reviewRating": rating,
    }
    where = appearance_url(claim)
    if where:
        data["itemReviewed"]["appearance"] = [{"@type": "CreativeWork", "url": where}]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


#: Claim kinds as a reader says them (the index and filters show these, not the schema's slugs).
KIND_LABELS = {"runs-on": "Runs on", "needs-at-least": "Needs at least", "rental-price": "Rental price",
               "deployment-cost": "Deployment cost", "throughput": "Speed", "unit-price": "API price",
               "training-cost": "Training cost", "self-host-vs-api": "Self-host vs API", "memory": "Memory size",
               "evidence": "Evidence"}

#: A claim page's sections: (key the template switches on, heading).
SECTIONS = {"parts": "Every part of the claim", "grid": "When would it be true", "takes": "What it really takes", "evidence": "Evidence",
            "figures": "How we computed it", "history": "What changed", "sources": "Sources"}


def estimate_command(estimate: Estimate | None) -> str | None:
    """The command that prints the 'What it really takes' table of a claim, as of the day it was computed."""
    if estimate is None:
        return None
    return (f"python -m generator estimate --model {estimate.model.id} --precision {estimate.precision.id} "
            f"--kv-precision {estimate.kv_precision.id} --context {estimate.context_tokens} --batch {estimate.batch} "
            f"--hardware {' '.join(d.hardware.id for d in estimate.deployments)} --date {estimate.on.isoformat()}")


def claim_page(claim, j: Judgement, calc: Calculator, today: dt.date, repo_url: str, site_url: str,
               blocks: BlockCache | None = None) -> tuple[str, list[dict]]:
    """The page (front matter + HTML: MkDocs skips Markdown for it) and its table of contents."""
    blocks = blocks or BlockCache()
    catalog = calc.catalog
    title = claim_title(claim)
    description = f"{LABELS[j.verdict]}: {j.summary}"
    if len(description) > 200:
        description = description[:197].rsplit(" ", 1)[0] + "…"
    data_sources = []
    if claim.subject.model and claim.subject.model in catalog.models:
        data_sources.append({"label": f"Model record: {catalog.models[claim.subject.model].name}",
                             "url": catalog.models[claim.subject.model].sources[0].url})
    url = f"{site_url.rstrip('/')}/claims/{claim.id}/"
    takes_block = blocks.takes_block(calc, j.estimate)
    findings = evidence_rows(claim)
    shown = {"parts": j.parts, "grid": j.grid, "takes": takes_block, "evidence": findings, "figures": j.figures,
             "history": j.history, "sources": True}
    keys = [key for key in SECTIONS if shown[key]]
    # The visible heading is the claim in a line (who said it is on the card below it); <title> keeps both.
    title_heading, *section_headings = headings(og_title(claim), [SECTIONS[key] for key in keys])
    page = render(
        "claim.html.j2", claim=claim, j=j, title=title, description=description, og_title=og_title(claim),
        image=f"{site_url.rstrip('/')}/{preview_path(claim.id)}",
        image_alt=f"{LABELS[j.verdict]}: {claim_title(claim)}",
        tags=sorted(set(claim.tags) | {claim.kind}), admonition=ADMONITIONS[j.verdict], label=LABELS[j.verdict],
        title_heading=title_heading, sections=list(zip(keys, section_headings)),
        grid=j.grid, grid_block=blocks.grid_block(j.grid) if j.grid else "", takes_block=takes_block,
        at_claim_label=LABELS[j.verdict_at_claim] if j.verdict_at_claim else "no dated data on record",
        today_label=LABELS[j.verdict_today], today=today.isoformat(), reading=list(j.reading),
        figures=j.figures, evidence_rows=findings,
        data_sources=data_sources, edit_url=_edit_url(repo_url, catalog.source_path("claims", claim.id)),
        json_ld=json_ld(claim, j, url, today, site_url), history=j.history, labels=LABELS,
        command=estimate_command(j.estimate) if takes_block else None,
        appeared=claim.appeared_in, why=first_sentence(j.summary),
        parts_rows=[[_html.escape(p.says), badge(p.verdict) if p.checked else "Not checked",
                     _html.escape(p.summary)] for p in j.parts],
    )
    return page, toc_tokens([title_heading, *section_headings])


#: Hardware classes in the order a reader scans them: what data centres rent, then workstations, desks, laptops.
CLASS_ORDER = {"data-center": 0, "workstation": 1, "consumer": 2, "unified-memory": 3}


def hardware_order(catalog) -> list[str]:
    """Accelerators grouped by class, then by vendor and name (not by id: 'apple-m3-ultra' is a Mac Studio)."""
    return [h.id for h in sorted(catalog.hardware.values(),
                                 key=lambda h: (CLASS_ORDER.get(h.hardware_class, 9), h.vendor, h.name))]


def model_page(model, calc: Calculator, today: dt.date, repo_url: str, claims_rows: list[dict]) -> str:
    catalog = calc.catalog
    contexts = [c for c in MODEL_CONTEXTS if c <= model.max_context_tokens] or [model.max_context_tokens]
    precisions = [p for p in WIDEST_FIRST if p in catalog.precisions and "weights" in catalog.precisions[p].usable_for]
    memory_rows = []
    for p in precisions:
        memory_rows.append([_html.escape(catalog.precisions[p].name)] +
                           [gb(calc.memory(Setup(model.id, p, default_kv(p), c, 1)).total_bytes) for c in contexts])
    native = model.native_dtype if model.native_dtype in catalog.precisions else "bf16"
    tabs = []
    for p in dict.fromkeys((native,) + MODEL_TAB_PRECISIONS):
        if p not in catalog.precisions:
            continue
        setup = Setup(model.id, p, default_kv(p), min(MODEL_CONTEXT, model.max_context_tokens), 1)
        rows = [_deployment_cells(calc.priced(calc.deployment(setup, h), today), with_memory=False)
                for h in hardware_order(catalog)]
        tabs.append({"name": catalog.precisions[p].name, "rows": rows})
    from generator.engine.memory import kv_per_token
    arch = [["Layers", model.num_hidden_layers], ["Hidden size", f"{model.hidden_size:,}"],
            ["Attention heads / KV heads / head dim",
             f"{model.num_attention_heads} / {model.num_key_value_heads} / {model.head_dim}"],
            ["Vocabulary", f"{model.vocab_size:,}"], ["Feed-forward width", f"{model.intermediate_size:,}"]]
    if model.sliding_window:
        arch.append(["Sliding window", f"{model.sliding_window.local_layers} of {model.num_hidden_layers} layers "
                                       f"attend to the last {model.sliding_window.window_tokens:,} tokens"])
    if model.mla:
        arch.append(["Multi-head latent attention", f"caches {model.mla.kv_lora_rank} + "
                                                    f"{model.mla.qk_rope_head_dim} values per token per layer"])
    arch += [["KV cache per token (BF16)", f"{kv_per_token(model, catalog.precisions['bf16']).value:,.0f} bytes"],
             ["Native precision", model.native_dtype]]
    return render(
        "model.md.j2", m=model, title=f"{model.name}: memory, GPUs, speed and cost",
        description=(f"What {model.name} needs: memory by precision and context, the fewest accelerators of each "
                     f"type, tokens/s and rental cost, with the arithmetic."),
        params=f"{model.params_total / 1e9:,.1f}B", active=f"{model.active_params / 1e9:,.1f}B",
        arch_rows=arch, context_headers=[f"{c:,} tokens" for c in contexts], memory_rows=memory_rows,
        context=min(MODEL_CONTEXT, model.max_context_tokens), tabs=tabs, today=today.isoformat(),
        claims=claims_rows, edit_url=_edit_url(repo_url, catalog.source_path("data/models", model.id)),
    )


def hardware_page(hw, calc: Calculator, today: dt.date, repo_url: str, claims_rows: list[dict]) -> str:
    catalog = calc.catalog
    t = hw.peak_dense_tflops
    tflops = ", ".join(f"{k.upper()} {sig(v)}" for k, v in t.model_dump().items() if v) or "not published by the vendor"
    fits = []
    for model in sorted(catalog.models.values(), key=lambda m: m.params_total):
        context = min(MODEL_CONTEXT, model.max_context_tokens)
        found = None
        for p in WIDEST_FIRST:
            if p not in catalog.precisions or "weights" not in catalog.precisions[p].usable_for:
                continue
            d = calc.deployment(Setup(model.id, p, default_kv(p), context, 1), hw.id)
            if d.fit and d.fit.layout.accelerators == 1:
                found = (p, d)
                break
        name = f'<a href="../../models/{model.id}/">{_html.escape(model.name)}</a>'
        if found:
            fits.append([name, _html.escape(catalog.precisions[found[0]].name),
                         span(found[1].speed.decode_tokens_per_s_per_sequence), ""])
        else:
            d = calc.deployment(Setup(model.id, "q4-k-m", "bf16", context, 1), hw.id) \
                if "q4-k-m" in catalog.precisions else None
            otherwise = f"{d.fit.layout.accelerators} needed at GGUF Q4_K_M" if d and d.fit else "does not fit"
            fits.append([name, "—", "—", otherwise])
    prices, purchases = [], []
    for p in sorted(catalog.prices.values(), key=lambda p: (getattr(p, "observed", today), p.id)):
        if isinstance(p, CloudInstancePrice) and p.hardware == hw.id:
            prices.append([p.observed.isoformat(), _html.escape(p.provider),
                           _html.escape(f"{p.instance_type} ({p.accelerator_count}×)"
                                        f"{', ' + p.region if p.region else ''}"),
                           p.purchase_option, usd(p.usd_per_hour), usd(p.usd_per_hour / p.accelerator_count),
                           link("source", p.sources[0].url)])
        elif isinstance(p, PurchasePrice) and p.hardware == hw.id:
            purchases.append([p.observed.isoformat(), p.price_type, _html.escape(p.configuration or ""),
                              usd(p.usd, 0), link("source", p.sources[0].url)])
    spec_rows = [["Memory", f"{sig(hw.memory_gib)} GiB {_html.escape(hw.memory_type)} "
                            f"({gb(fit_.usable_bytes(hw))} usable by a serving engine)"],
                 ["Memory bandwidth", f"{hw.memory_bandwidth_gb_per_s:,.0f} GB/s"],
                 ["Dense tensor TFLOPS", _html.escape(tflops)],
                 ["Interconnect", f"{_html.escape(hw.interconnect.name)}, "
                                  f"{hw.interconnect.bandwidth_gb_per_s:,.0f} GB/s, up to "
                                  f"{hw.interconnect.accelerators_per_node} per node"]]
    if hw.tdp_watts:
        spec_rows.append(["Power", f"{hw.tdp_watts:,.0f} W"])
    return render(
        "hardware.md.j2", h=hw, spec_rows=spec_rows, title=f"{hw.name}: what fits, how fast, what it costs",
        description=(f"{hw.name}: {sig(hw.memory_gib)} GiB, {hw.memory_bandwidth_gb_per_s:,.0f} GB/s. Which models "
                     f"fit on one, at what precision and speed, and its rental price history."),
        usable=gb(fit_.usable_bytes(hw)), tflops=tflops, context=MODEL_CONTEXT, fallback="GGUF Q4_K_M",
        fits=fits, prices=prices, purchases=purchases, claims=claims_rows,
        edit_url=_edit_url(repo_url, catalog.source_path("data/hardware", hw.id)),
    )


@dataclass(frozen=True)
class RenderedClaim:
    """A claim page as rendered for one judgement: reused while the judgement object is the same one."""

    judgement: Judgement
    source: str
    toc: list[dict]
    blocks: dict[str, str]
    search_text: str
    preview: bytes
    """The claim's link-preview PNG (generator/site/previews.py)."""


def _render_chunk(shared, ids: list[str]) -> list[tuple]:
    catalog, calc, today, repo_url, site_url, judgements = shared
    blocks, out = BlockCache(), []
    for cid in ids:
        claim, j = catalog.claims[cid], judgements[cid]
        source, toc = claim_page(claim, j, calc, today, repo_url, site_url, blocks)
        out.append((source, toc, {b: blocks.html[b] for b in BLOCK_MARKER.findall(source)},
                    search_text(claim, j, catalog), claim_preview(claim, j, catalog.root)))
    return out


def changes_pages(catalog, judgements: dict[str, Judgement], site_url: str, today: dt.date) -> tuple[str, str]:
    """The site-wide changes log and its Atom feed: every claim's history, newest first. Dated by the changes
    themselves, never by the build, so the feed is byte-stable."""
    entries = []
    for cid in sorted(judgements):
        claim = catalog.claims[cid]
        for n, h in enumerate(judgements[cid].history):
            what = (f"{LABELS[h.before]} → {LABELS[h.after]}" if h.kind == "verdict" else f"correction: {h.after}")
            entries.append({"on": h.on.isoformat(), "claim_id": cid, "title": claim_title(claim), "what": what,
                            "why": h.why, "n": n})
    entries.sort(key=lambda e: (e["on"], e["claim_id"], e["n"]), reverse=True)
    description = "Every verdict moved by new dated data and every correction made by hand, newest first."
    page = render("changes.md.j2", entries=entries, description=description)
    feed = render("feed.xml.j2", entries=entries, site_url=site_url.rstrip("/") + "/", site_name="LLM Reality Check",
                  updated=entries[0]["on"] if entries else today.isoformat())
    return page, feed


def build(catalog, calc: Calculator, today: dt.date, repo_url: str, site_url: str,
          judgements: dict[str, Judgement] | None = None,
          rendered: dict[str, RenderedClaim] | None = None, parallel: bool = False) -> Site:
    """All generated pages, exports and snippets.

    `judgements` may carry results reused from a previous build; `rendered` (claim id → page) is read and
    updated so that a page whose judgement was reused is not rendered again (`mkdocs serve` after an edit).
    With `parallel`, thousands of claim pages are rendered on every core (generator/records/parallel.py).
    """
    from generator.site import page_blocks as snippets

    site = Site()
    blocks = BlockCache()
    rendered = {} if rendered is None else rendered
    judgements = dict(judgements or {})
    for claim in catalog.claims.values():  # serial: forked workers would each fill the calculator's cache again
        if claim.id not in judgements:
            judgements[claim.id] = judge(claim, calc, today)
    site.judgements = judgements

    stale = [cid for cid in catalog.claims if cid not in rendered or rendered[cid].judgement is not judgements[cid]]
    workers = parallel_.worker_count(len(stale)) if parallel else 1
    fresh = parallel_.map_chunks(_render_chunk, (catalog, calc, today, repo_url, site_url, judgements), stale,
                                 workers)
    for cid, (source, toc, page_blocks, text, png) in zip(stale, fresh):
        rendered[cid] = RenderedClaim(judgements[cid], source, toc, page_blocks, text, png)

    rows = []
    for claim in sorted(catalog.claims.values(), key=lambda c: (c.said_on, c.id), reverse=True):
        j = judgements[claim.id]
        rows.append({"id": claim.id, "title": claim_title(claim), "href": f"{claim.id}.md", "claimant": claim.claimant,
                     "said_on": claim.said_on.isoformat(), "kind": claim.kind, "verdict": j.verdict, "claimed": j.claimed,
                     "verdict_label": LABELS[j.verdict], "model": claim.subject.model,
                     "hardware": claim.claimed.hardware or claim.subject.hardware or claim.scenario.hardware})
        src = f"claims/{claim.id}.md"
        page = rendered[claim.id]
        blocks.html.update(page.blocks)
        site.pages[src] = page.source
        site.tocs[src] = page.toc
        site.edit_urls[src] = _edit_url(repo_url, catalog.source_path("claims", claim.id))
        site.search_text[src] = page.search_text
        site.files[preview_path(claim.id)] = page.preview

    counts = [(LABELS[v], sum(1 for r in rows if r["verdict"] == v)) for v in VERDICTS]
    counts = [(label, n) for label, n in counts if n]
    for r in rows:
        # The verdict first: on a phone the last columns scroll out of view.
        r["cells"] = [badge(r["verdict"]), f'<a href="{r["id"]}/">{_html.escape(r["title"])}</a>',
                      _html.escape(r["claimant"]), r["said_on"], KIND_LABELS[r["kind"]]]
    filters = [
        ("verdict", "Verdict", [(v, LABELS[v]) for v in VERDICTS if any(r["verdict"] == v for r in rows)]),
        ("kind", "Kind", [(k, KIND_LABELS[k]) for k in KIND_LABELS if any(r["kind"] == k for r in rows)]),
        ("model", "Model", sorted({(r["model"], catalog.models[r["model"]].name) for r in rows
                                   if r["model"] in catalog.models}, key=lambda o: o[1].lower())),
        ("hardware", "Hardware", sorted({(r["hardware"], catalog.hardware[r["hardware"]].name) for r in rows
                                         if r["hardware"] in catalog.hardware}, key=lambda o: o[1].lower())),
        ("claimant", "Who", sorted({(r["claimant"], r["claimant"]) for r in rows}, key=lambda o: o[1].lower())),
        ("year", "Year", sorted({(r["said_on"][:4], r["said_on"][:4]) for r in rows}, reverse=True)),
    ]
    index_block = blocks.add("claims-index", render("claims_index.html.j2", filters=filters, rows=rows,
                                                     headers=["Verdict", "Claim", "Who", "When", "Kind"]))
    description = f"{len(rows)} public claims about LLM hardware and cost, graded with arithmetic you can check."
    site.pages["claims/index.md"] = render(
        "index_claims.md.j2", table_block=index_block, total=len(rows), counts=counts, description=description)
    site.search_text["claims/index.md"] = _index_search_text("Claims", description)

    def linked(rows_for):
        """Claims listed on a model or hardware page; two claims from one quote (one sentence about two models, or
        two numbers) are told apart by what each claims."""
        seen = Counter(r["title"] for r in rows_for)
        def which(r) -> str:
            model = f"{catalog.models[r['model']].name}, " if r["model"] in catalog.models else ""
            return f" ({model}claimed: {r['claimed']})"
        return [{"title": r["title"] + (which(r) if seen[r["title"]] > 1 else ""),
                 "href": f"../../claims/{r['id']}/", "verdict_label": r["verdict_label"],
                 "badge": badge(r["verdict"])} for r in rows_for]

    model_rows = []
    for model in sorted(catalog.models.values(), key=lambda m: m.name.lower()):
        mine = [r for r in rows if r["model"] == model.id]
        site.pages[f"models/{model.id}.md"] = model_page(model, calc, today, repo_url, linked(mine))
        site.edit_urls[f"models/{model.id}.md"] = _edit_url(repo_url, catalog.source_path("data/models", model.id))
        native = model.native_dtype if model.native_dtype in catalog.precisions else "bf16"
        setup = Setup(model.id, native, "bf16", min(MODEL_CONTEXT, model.max_context_tokens), 1)
        h100 = calc.deployment(setup, "h100-sxm") if "h100-sxm" in catalog.hardware else None
        model_rows.append([f'<a href="{model.id}/">{_html.escape(model.name)}</a>', _html.escape(model.organization),
                           f"{model.params_total / 1e9:,.1f}B" + (
                               f" ({model.active_params / 1e9:,.1f}B)" if model.moe else ""),
                           _html.escape(catalog.precisions[native].name), gb(calc.memory(setup).weights.value),
                           str(h100.fit.layout.accelerators) if h100 and h100.fit else "—", str(len(mine))])
    description = "Memory, accelerators, speed and cost for every model on the site."
    site.pages["models/index.md"] = render("index_models.md.j2", table_rows=model_rows, context=f"{MODEL_CONTEXT:,}",
                                           description=description)
    site.search_text["models/index.md"] = _index_search_text("Models", description)

    hw_rows = []
    for hw in sorted(catalog.hardware.values(), key=lambda h: (h.hardware_class, h.name)):
        mine = [r for r in rows if r["hardware"] == hw.id]
        site.pages[f"hardware/{hw.id}.md"] = hardware_page(hw, calc, today, repo_url, linked(mine))
        site.edit_urls[f"hardware/{hw.id}.md"] = _edit_url(repo_url, catalog.source_path("data/hardware", hw.id))
        from generator.engine.cost import offers_in_force
        offers = offers_in_force(catalog.prices.values(), hw.id, today)
        cheapest = min((o.usd_per_hour / o.accelerator_count for o in offers), default=None)
        hw_rows.append([f'<a href="{hw.id}/">{_html.escape(hw.name)}</a>', hw.hardware_class,
                        f"{sig(hw.memory_gib)} GiB", f"{hw.memory_bandwidth_gb_per_s:,.0f} GB/s",
                        sig(hw.peak_dense_tflops.bf16) if hw.peak_dense_tflops.bf16 else "—",
                        str(hw.interconnect.accelerators_per_node), usd(cheapest)])
    description = "Accelerators and systems: memory, bandwidth, dense FLOPS and rental prices."
    site.pages["hardware/index.md"] = render("index_hardware.md.j2", table_rows=hw_rows, today=today.isoformat(),
                                             description=description)
    site.search_text["hardware/index.md"] = _index_search_text("Hardware", description)

    site.pages["changes/index.md"], site.files["changes/feed.xml"] = changes_pages(catalog, judgements, site_url, today)
    site.search_text["changes/index.md"] = _index_search_text("Changes", "Verdicts moved by new dated data, "
                                                                         "and corrections made by hand.")

    site.blocks = blocks.html
    site.files.update(exports.all_exports(catalog, calc, judgements, today, site_url))
    site.snippets.update(snippets.all_snippets(catalog, calc, judgements, rows, today))
    return site


__all__ = ["RenderedClaim", "Site", "build", "claim_title", "json_ld", "K"]
