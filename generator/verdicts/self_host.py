"""self-host-vs-api: 'running M yourself is cheaper (or dearer) than the API'."""

from __future__ import annotations

import datetime as dt

from generator import constants as K
from generator.api_prices import GENAI_PRICES_VERSION, token_price
from generator.engine import fit as fit_
from generator.engine import speed as speed_
from generator.engine.calculator import Calculator, Setup, available_hardware
from generator.engine.figures import Figure
from generator.schemas import Claim
from generator.verdicts.result import Judgement
from generator.verdicts.setups import count_text, reading_text, setup_for


#: The verdicts this judge gives (tests/test_policy.py shows each one can come out).
GIVES = ("accurate", "needs-context", "false")


def judge_self_host(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    sc, s = claim.scenario, claim.subject
    setup = setup_for(claim, catalog)
    model = catalog.models[setup.model]
    hw_ids = [sc.hardware] if sc.hardware else available_hardware(catalog, claim.said_on)
    api = token_price(s.api_provider, s.api_model, claim.said_on) or token_price(s.api_provider, s.api_model, today)
    if api is None:
        return Judgement("unverifiable", None, "unverifiable", "No API price on record for that date.",
                         f"{claim.claimed.cheaper} is cheaper", "cannot be computed")
    api_per_mtok = api.blended(K.API_INPUT_SHARE.value)
    best = None
    for h in hw_ids:
        d = calc.deployment(setup, h)
        if not d.fit:
            continue
        hw = catalog.hardware[h]
        mem = calc.memory(setup)
        per_seq = calc.memory(Setup(setup.model, setup.precision, setup.kv_precision, setup.context_tokens, 1))
        batch = max(1, min(256, fit_.max_batch(model, mem.weights.value + mem.overhead.value,
                                               per_seq.kv_cache.value, hw, d.fit.layout)))
        busy = Setup(setup.model, setup.precision, setup.kv_precision, setup.context_tokens, batch)
        sp = speed_.estimate_speed(model, catalog.precisions[setup.precision], calc.memory(busy), hw, d.fit.layout,
                                   setup.context_tokens, batch)
        if sc.usd_per_gpu_hour is not None:
            usd_hour = float(sc.usd_per_gpu_hour) * d.fit.layout.accelerators
        else:
            priced = calc.priced(d, claim.said_on) if calc.priced(d, claim.said_on).cost else calc.priced(d, today)
            if not priced.cost:
                continue
            usd_hour = float(priced.cost.usd_per_hour)
        if best is None or usd_hour / sp.throughput_tokens_per_s.central < best[0] / best[1].throughput_tokens_per_s.central:
            best = (usd_hour, sp, d, batch)
    if best is None:
        return Judgement("unverifiable", None, "unverifiable", "No priced hardware holds the model.",
                         f"{claim.claimed.cheaper} is cheaper", "cannot be computed")
    usd_hour, sp, d, batch = best
    capacity_per_month = sp.throughput_tokens_per_s.central * 3600 * K.HOURS_PER_MONTH.value
    if sc.tokens_per_month:
        load = sc.tokens_per_month
    else:
        load = capacity_per_month * (sc.utilization_percent or 100) / 100
    load = min(load, capacity_per_month)
    self_month = usd_hour * K.HOURS_PER_MONTH.value
    api_month = load / 1e6 * api_per_mtok
    self_per_mtok = self_month / (load / 1e6)
    break_even = self_month / api_per_mtok * 1e6
    cheaper = "self-host" if self_month < api_month else "api"
    if cheaper == claim.claimed.cheaper:
        verdict = "accurate"
    elif 0.1 <= break_even / load <= 10:
        verdict = "needs-context"
    else:
        verdict = "false"
    figures = (
        Figure("Self-hosting", self_per_mtok, "USD per million tokens",
               "USD/hour × 730 ÷ tokens per month",
               f"{count_text(d)} at ${usd_hour:,.2f}/h, batch {batch} → {sp.throughput_tokens_per_s.central:,.0f} "
               f"tokens/s; {load / 1e6:,.0f}M tokens a month → ${self_per_mtok:,.2f} per million"),
        Figure("API", api_per_mtok, "USD per million tokens",
               f"{K.API_INPUT_SHARE.value:.0%} input × input price + {1 - K.API_INPUT_SHARE.value:.0%} output × output price",
               f"{api.model_name} ({api.provider}): ${api.usd_per_million_input}/M input, ${api.usd_per_million_output}/M "
               f"output → ${api_per_mtok:,.2f} per million (genai-prices {GENAI_PRICES_VERSION})"),
        Figure("Break-even", break_even, "tokens per month", "self-hosting USD per month ÷ API USD per token",
               f"${self_month:,.0f} ÷ ${api_per_mtok:,.2f} per million = {break_even / 1e6:,.0f}M tokens a month"),
    )
    reality = (f"self-hosting ${self_per_mtok:,.2f} vs API ${api_per_mtok:,.2f} per million tokens at "
               f"{load / 1e6:,.0f}M tokens a month; break-even {break_even / 1e6:,.0f}M a month")
    summary = {
        "accurate": f"At this load {cheaper.replace('-', ' ')} is cheaper: {reality}.",
        "needs-context": f"At the stated load {cheaper.replace('-', ' ')} is cheaper ({reality}); the claim holds at "
                         f"other loads — the break-even is close.",
        "false": f"{cheaper.replace('-', ' ').capitalize()} is cheaper by a wide margin: {reality}.",
    }[verdict]
    return Judgement(verdict, verdict, verdict, summary, f"{claim.claimed.cheaper.replace('-', ' ')} is cheaper",
                     reality, figures + d.explanation(), reading=reading_text(setup, catalog, None) + (
                         f"utilisation {load / capacity_per_month:.0%} of {count_text(d)}",),
                     numbers={"self_host_usd_per_million_tokens": self_per_mtok,
                              "api_usd_per_million_tokens": api_per_mtok,
                              "break_even_tokens_per_month": break_even,
                              "genai_prices_version": GENAI_PRICES_VERSION})
