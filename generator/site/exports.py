"""Machine-readable exports of every computed result: /api/claims.json and .csv, models, hardware."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

from generator.engine.calculator import Calculator, Setup, default_kv
from generator.verdicts import LABELS, Judgement

CONTEXT = 8192


def _jsonable(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(type(value))


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=_jsonable) + "\n"


def _csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        # A leading = + - @ makes spreadsheets run a formula: prefix such text cells with an apostrophe.
        writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@\t\r" else v) for k, v in row.items()})
    return out.getvalue()


def claim_item(claim, j: Judgement, site_url: str) -> dict:
    return {
        "id": claim.id,
        "url": f"{site_url.rstrip('/')}/claims/{claim.id}/",
        "claimant": claim.claimant,
        "quote": claim.quote,
        "language": claim.language,
        "translation": claim.translation,
        "said_on": claim.said_on.isoformat(),
        "kind": claim.kind,
        "subject": claim.subject.model_dump(exclude_none=True),
        "claimed": claim.claimed.model_dump(exclude_none=True, mode="json"),
        "scenario": claim.scenario.model_dump(exclude_none=True, mode="json"),
        "verdict": j.verdict,
        "verdict_label": LABELS[j.verdict],
        "verdict_at_claim": j.verdict_at_claim,
        "verdict_today": j.verdict_today,
        "summary": j.summary,
        "claimed_text": j.claimed,
        "reality": j.reality,
        "computed": j.numbers,
        "figures": [{"label": f.label, "value": f.value, "unit": f.unit, "formula": f.formula,
                     "arithmetic": f.arithmetic} for f in j.figures],
        "sources": [s.url for s in claim.sources],
        "tags": list(claim.tags),
    }


def all_exports(catalog, calc: Calculator, judgements: dict[str, Judgement], today: dt.date,
                site_url: str) -> dict[str, str]:
    claims = [claim_item(c, judgements[c.id], site_url)
              for c in sorted(catalog.claims.values(), key=lambda c: c.id)]
    claim_columns = ["id", "url", "claimant", "quote", "language", "translation", "said_on", "kind", "verdict",
                     "verdict_at_claim", "verdict_today", "summary", "claimed_text", "reality"]

    models = []
    for m in sorted(catalog.models.values(), key=lambda m: m.id):
        item = m.model_dump(mode="json", exclude={"sources"})
        item["sources"] = [s.url for s in m.sources]
        item["memory_bytes_at_8k_batch_1"] = {
            p: round(calc.memory(Setup(m.id, p, default_kv(p), min(CONTEXT, m.max_context_tokens), 1)).total_bytes)
            for p in sorted(catalog.precisions) if "weights" in catalog.precisions[p].usable_for}
        item["url"] = f"{site_url.rstrip('/')}/models/{m.id}/"
        models.append(item)
    model_columns = ["id", "name", "organization", "released_on", "params_total", "params_active",
                     "num_hidden_layers", "hidden_size", "num_attention_heads", "num_key_value_heads", "head_dim",
                     "max_context_tokens", "native_dtype", "url"]

    hardware = []
    for h in sorted(catalog.hardware.values(), key=lambda h: h.id):
        item = h.model_dump(mode="json", exclude={"sources"})
        item["sources"] = [s.url for s in h.sources]
        item["memory_bytes"] = h.memory_bytes
        item["url"] = f"{site_url.rstrip('/')}/hardware/{h.id}/"
        hardware.append(item)
    hardware_columns = ["id", "vendor", "name", "hardware_class", "released_on", "memory_gib",
                        "memory_bandwidth_gb_per_s", "tdp_watts", "url"]

    return {
        "api/claims.json": _dump(claims),
        "api/claims.csv": _csv(claims, claim_columns),
        "api/models.json": _dump(models),
        "api/models.csv": _csv(models, model_columns),
        "api/hardware.json": _dump(hardware),
        "api/hardware.csv": _csv(hardware, hardware_columns),
    }
