"""Every generated page and export, as strings keyed by their path in the site. Nothing here writes to disk.

The MkDocs plugin hands these to MkDocs with `File.generated(...)`; tests and the benchmark call `build()`
directly.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from generator import charts, constants as K, exports
from generator.engine import fit as fit_
from generator.engine.calculator import Calculator, Setup, default_kv
from generator.engine.estimate import Deployment, Estimate
from generator.render import gb, render, sig, span, usd
from generator.schemas import CloudInstancePrice, PurchasePrice
from generator.verdicts import ADMONITIONS, LABELS, VERDICTS, Judgement, judge

SITE_NAME = "LLM Reality Check"
MODEL_CONTEXT = 8192
MODEL_CONTEXTS = (4096, 32768, 131072)
MODEL_TAB_PRECISIONS = ("bf16", "fp8", "awq-int4", "q4-k-m")
WIDEST_FIRST = ("bf16", "fp16", "fp8", "int8", "q8-0", "q6-k", "q5-k-m", "mxfp4", "nvfp4", "awq-int4", "gptq-int4",
                "q4-k-m", "q3-k-m", "q2-k")
CHART_REFERENCES = ("rtx-4090", "h100-sxm", "h200", "mi300x")
RATING = {"accurate": 5, "needs-context": 4, "outdated": 3, "misleading": 2, "exaggerated": 2, "false": 1}


@dataclass
class Site:
    pages: dict[str, str] = field(default_factory=dict)
    """src_uri (e.g. `claims/x.md`) → Markdown."""
    files: dict[str, str] = field(default_factory=dict)
    """src_uri (e.g. `api/claims.json`) → file content."""
    edit_urls: dict[str, str] = field(default_factory=dict)
    snippets: dict[str, str] = field(default_factory=dict)
    """marker name → Markdown, for `<!-- rc:name -->` markers in hand-written pages."""
    judgements: dict[str, Judgement] = field(default_factory=dict)


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


def _deployment_row(d: Deployment, name: str | None = None) -> dict:
    label = name or d.hardware.name.split(" (")[0]
    if not d.fit:
        return {"name": label, "needed": "does not fit", "layout": "—", "memory": "—",
                "decode": "—", "ttft": "—", "hour": "—", "month": "—"}
    s = d.speed
    layout = d.fit.layout
    return {
        "name": label,
        "needed": f"{layout.accelerators} ({layout.tensor_parallel} × {layout.pipeline_parallel})",
        "layout": f"{layout.tensor_parallel} × {layout.pipeline_parallel}",
        "memory": gb(d.fit.bytes_per_accelerator),
        "decode": span(s.decode_tokens_per_s_per_sequence),
        "ttft": span(s.time_to_first_token_s) if s.time_to_first_token_s else "unknown",
        "hour": usd(d.cost.usd_per_hour) if d.cost else "—",
        "month": usd(d.cost.usd_per_month, 0) if d.cost else "—",
    }


def _chart(calc: Calculator, estimate: Estimate, chart_id: str) -> str:
    """Memory bar with markers for what one common accelerator can hold, to show the scale of the need."""
    refs = []
    for h in CHART_REFERENCES:
        if h in calc.catalog.hardware:
            hw = calc.catalog.hardware[h]
            refs.append((f"1 × {hw.name.split(' (')[0]}", fit_.usable_bytes(hw)))
    return charts.memory_bar(estimate.memory, refs, chart_id)


def _takes(calc: Calculator, estimate: Estimate | None, chart_id: str) -> dict | None:
    if estimate is None:
        return None
    m = estimate.model
    caption = (f"{m.name} at {estimate.precision.name}, KV cache {estimate.kv_precision.name}, "
               f"{estimate.context_tokens:,} tokens, batch {estimate.batch}: the fewest accelerators of each type "
               f"that hold it. Speeds are central (low–high); prices are the cheapest on-demand offer on record "
               f"on {estimate.on.isoformat()}.")
    return {"caption": caption, "rows": [_deployment_row(d) for d in estimate.deployments],
            "chart": _chart(calc, estimate, chart_id)}


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
            "appearance": [{"@type": "CreativeWork", "url": s.url} for s in claim.sources],
        },
        "reviewRating": rating,
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def claim_page(claim, j: Judgement, calc: Calculator, today: dt.date, repo_url: str, site_url: str) -> str:
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
    return render(
        "claim.md.j2", claim=claim, j=j, title=title, headline=title, description=description,
        tags=sorted(set(claim.tags) | {claim.kind}), admonition=ADMONITIONS[j.verdict], label=LABELS[j.verdict],
        at_claim_label=LABELS[j.verdict_at_claim] if j.verdict_at_claim else "no dated data on record",
        today_label=LABELS[j.verdict_today], today=today.isoformat(), reading=list(j.reading), grid=j.grid,
        takes=_takes(calc, j.estimate, f"mem-{claim.id}"), figures=j.figures, data_sources=data_sources,
        edit_url=_edit_url(repo_url, catalog.source_path("claims", claim.id)),
        json_ld=json_ld(claim, j, url, today, site_url),
    )


def model_page(model, calc: Calculator, today: dt.date, repo_url: str, claims_rows: list[dict]) -> str:
    catalog = calc.catalog
    contexts = [c for c in MODEL_CONTEXTS if c <= model.max_context_tokens] or [model.max_context_tokens]
    precisions = [p for p in WIDEST_FIRST if p in catalog.precisions and "weights" in catalog.precisions[p].usable_for]
    memory_rows = []
    for p in precisions:
        values = [gb(calc.memory(Setup(model.id, p, default_kv(p), c, 1)).total_bytes) for c in contexts]
        memory_rows.append({"name": catalog.precisions[p].name, "cells": values})
    native = model.native_dtype if model.native_dtype in catalog.precisions else "bf16"
    tabs = []
    for p in dict.fromkeys((native,) + MODEL_TAB_PRECISIONS):
        if p not in catalog.precisions:
            continue
        setup = Setup(model.id, p, default_kv(p), min(MODEL_CONTEXT, model.max_context_tokens), 1)
        rows = [_deployment_row(calc.priced(calc.deployment(setup, h), today)) for h in sorted(catalog.hardware)]
        tabs.append({"name": catalog.precisions[p].name, "rows": rows})
    from generator.engine.memory import kv_per_token
    return render(
        "model.md.j2", m=model, title=f"{model.name}: memory, GPUs, speed and cost",
        description=(f"What {model.name} needs: memory by precision and context, the fewest accelerators of each "
                     f"type, tokens/s and rental cost, with the arithmetic."),
        params=f"{model.params_total / 1e9:,.1f}B", active=f"{model.active_params / 1e9:,.1f}B",
        kv_per_token=kv_per_token(model, catalog.precisions["bf16"]).value, contexts=contexts,
        memory_rows=memory_rows, context=min(MODEL_CONTEXT, model.max_context_tokens), tabs=tabs,
        today=today.isoformat(), claims=claims_rows,
        edit_url=_edit_url(repo_url, catalog.source_path("data/models", model.id)),
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
        if found:
            fits.append({"name": model.name, "href": f"../models/{model.id}.md",
                         "precision": catalog.precisions[found[0]].name,
                         "decode": span(found[1].speed.decode_tokens_per_s_per_sequence), "otherwise": ""})
        else:
            d = calc.deployment(Setup(model.id, "q4-k-m", "bf16", context, 1), hw.id) \
                if "q4-k-m" in catalog.precisions else None
            otherwise = f"{d.fit.layout.accelerators} needed at GGUF Q4_K_M" if d and d.fit else "does not fit"
            fits.append({"name": model.name, "href": f"../models/{model.id}.md", "precision": "—",
                         "decode": "—", "otherwise": otherwise})
    prices, purchases = [], []
    for p in sorted(catalog.prices.values(), key=lambda p: (getattr(p, "observed", today), p.id)):
        if isinstance(p, CloudInstancePrice) and p.hardware == hw.id:
            prices.append({"observed": p.observed.isoformat(), "provider": p.provider,
                           "offer": f"{p.instance_type} ({p.accelerator_count}×){', ' + p.region if p.region else ''}",
                           "option": p.purchase_option, "hour": usd(p.usd_per_hour),
                           "per_acc": usd(p.usd_per_hour / p.accelerator_count), "url": p.sources[0].url})
        elif isinstance(p, PurchasePrice) and p.hardware == hw.id:
            purchases.append({"observed": p.observed.isoformat(), "type": p.price_type,
                              "config": p.configuration or "", "usd": usd(p.usd, 0), "url": p.sources[0].url})
    return render(
        "hardware.md.j2", h=hw, title=f"{hw.name}: what fits, how fast, what it costs",
        description=(f"{hw.name}: {sig(hw.memory_gib)} GiB, {hw.memory_bandwidth_gb_per_s:,.0f} GB/s. Which models "
                     f"fit on one, at what precision and speed, and its rental price history."),
        usable=gb(fit_.usable_bytes(hw)), tflops=tflops, context=MODEL_CONTEXT, fallback="GGUF Q4_K_M",
        fits=fits, prices=prices, purchases=purchases, claims=claims_rows,
        edit_url=_edit_url(repo_url, catalog.source_path("data/hardware", hw.id)),
    )


def build(catalog, calc: Calculator, today: dt.date, repo_url: str, site_url: str,
          judgements: dict[str, Judgement] | None = None) -> Site:
    """All generated pages, exports and snippets. `judgements` may carry results reused from a previous build."""
    from generator import snippets

    site = Site()
    judgements = dict(judgements or {})
    for claim in catalog.claims.values():
        if claim.id not in judgements:
            judgements[claim.id] = judge(claim, calc, today)
    site.judgements = judgements

    rows = []
    for claim in sorted(catalog.claims.values(), key=lambda c: (c.said_on, c.id), reverse=True):
        j = judgements[claim.id]
        rows.append({"id": claim.id, "title": claim_title(claim), "href": f"{claim.id}.md", "claimant": claim.claimant,
                     "said_on": claim.said_on.isoformat(), "kind": claim.kind, "verdict": j.verdict,
                     "verdict_label": LABELS[j.verdict], "model": claim.subject.model,
                     "hardware": claim.claimed.hardware or claim.subject.hardware or claim.scenario.hardware})
        src = f"claims/{claim.id}.md"
        site.pages[src] = claim_page(claim, j, calc, today, repo_url, site_url)
        site.edit_urls[src] = _edit_url(repo_url, catalog.source_path("claims", claim.id))

    counts = [(LABELS[v], sum(1 for r in rows if r["verdict"] == v)) for v in VERDICTS]
    counts = [(label, n) for label, n in counts if n]
    site.pages["claims/index.md"] = render(
        "index_claims.md.j2", rows=rows, total=len(rows), counts=counts,
        description=f"{len(rows)} public claims about LLM hardware and cost, graded with arithmetic you can check.")

    def linked(rows_for):
        return [{"title": r["title"], "href": f"../claims/{r['id']}.md", "verdict_label": r["verdict_label"]}
                for r in rows_for]

    model_rows = []
    for model in sorted(catalog.models.values(), key=lambda m: m.name.lower()):
        mine = [r for r in rows if r["model"] == model.id]
        site.pages[f"models/{model.id}.md"] = model_page(model, calc, today, repo_url, linked(mine))
        site.edit_urls[f"models/{model.id}.md"] = _edit_url(repo_url, catalog.source_path("data/models", model.id))
        native = model.native_dtype if model.native_dtype in catalog.precisions else "bf16"
        setup = Setup(model.id, native, "bf16", min(MODEL_CONTEXT, model.max_context_tokens), 1)
        h100 = calc.deployment(setup, "h100-sxm") if "h100-sxm" in catalog.hardware else None
        model_rows.append({"name": model.name, "href": f"{model.id}.md", "org": model.organization,
                           "params": f"{model.params_total / 1e9:,.1f}B" + (
                               f" ({model.active_params / 1e9:,.1f}B)" if model.moe else ""),
                           "native": catalog.precisions[native].name,
                           "weights": gb(calc.memory(setup).weights.value),
                           "h100": str(h100.fit.layout.accelerators) if h100 and h100.fit else "—",
                           "claims": len(mine)})
    site.pages["models/index.md"] = render(
        "index_models.md.j2", rows=model_rows, context=f"{MODEL_CONTEXT:,}",
        description="Memory, accelerators, speed and cost for every model on the site.")

    hw_rows = []
    for hw in sorted(catalog.hardware.values(), key=lambda h: (h.hardware_class, h.name)):
        mine = [r for r in rows if r["hardware"] == hw.id]
        site.pages[f"hardware/{hw.id}.md"] = hardware_page(hw, calc, today, repo_url, linked(mine))
        site.edit_urls[f"hardware/{hw.id}.md"] = _edit_url(repo_url, catalog.source_path("data/hardware", hw.id))
        from generator.engine.cost import offers_in_force
        offers = offers_in_force(catalog.prices.values(), hw.id, today)
        cheapest = min((o.usd_per_hour / o.accelerator_count for o in offers), default=None)
        hw_rows.append({"name": hw.name, "href": f"{hw.id}.md", "cls": hw.hardware_class,
                        "memory": f"{sig(hw.memory_gib)} GiB", "bandwidth": f"{hw.memory_bandwidth_gb_per_s:,.0f} GB/s",
                        "bf16": sig(hw.peak_dense_tflops.bf16) if hw.peak_dense_tflops.bf16 else "—",
                        "per_node": hw.interconnect.accelerators_per_node, "price": usd(cheapest)})
    site.pages["hardware/index.md"] = render(
        "index_hardware.md.j2", rows=hw_rows, today=today.isoformat(),
        description="Accelerators and systems: memory, bandwidth, dense FLOPS and rental prices.")

    site.files.update(exports.all_exports(catalog, calc, judgements, today, site_url))
    site.snippets.update(snippets.all_snippets(catalog, calc, judgements, rows, today))
    return site


__all__ = ["Site", "build", "claim_title", "json_ld", "K"]
