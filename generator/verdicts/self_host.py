"""self-host-vs-api: 'running M yourself is cheaper (or dearer) than the API'."""

from __future__ import annotations

import datetime as dt
import math

from generator import constants as K
from generator.records.api_prices import GENAI_PRICES_VERSION, token_price
from generator.engine import fit as fit_
from generator.engine import speed as speed_
from generator.engine.calculator import Calculator, Setup, available_hardware
from generator.engine.figures import Figure
from generator.records.schemas import Claim
from generator.verdicts.policy import SEVERITY, grade_number
from generator.verdicts.result import Judgement
from generator.verdicts.setups import count_text, reading_text, setup_for


#: The verdicts this judge gives (tests/test_policy.py shows each one can come out).
GIVES = ("accurate", "needs-context", "exaggerated", "false")


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
        batch_fig = fit_.max_batch_figure(model, mem.weights.value + mem.overhead.value, per_seq.kv_cache.value, hw,
                                          d.fit.layout, 256)
        batch = int(batch_fig.value)
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
            best = (usd_hour, sp, d, batch, batch_fig)
    if best is None:
        return Judgement("unverifiable", None, "unverifiable", "No priced hardware holds the model.",
                         f"{claim.claimed.cheaper} is cheaper", "cannot be computed")
    usd_hour, sp, d, batch, batch_fig = best
    tps = float(f"{sp.throughput_tokens_per_s.central:.0f}")  # computed on as the page shows it
    capacity_per_month = tps * 3600 * K.HOURS_PER_MONTH.value
    if sc.tokens_per_month:
        load, load_why = sc.tokens_per_month, "the claim's load"
    else:
        load = capacity_per_month * (sc.utilization_percent or 100) / 100
        load_why = f"{sc.utilization_percent or 100:g}% of one replica's capacity"
    # More tokens than one replica serves need more replicas; the bill counts them all.
    replicas = max(1, math.ceil(load / capacity_per_month - 1e-9))
    hours = K.HOURS_PER_MONTH.value
    self_month = replicas * usd_hour * hours
    api_month = load / 1e6 * api_per_mtok
    self_per_mtok = self_month / (load / 1e6)
    break_even = usd_hour * hours / api_per_mtok * 1e6
    cheaper = "self-host" if self_month < api_month else "api"
    if cheaper == claim.claimed.cheaper:
        verdict = "accurate"
    elif 0.1 <= break_even / load <= 10:
        verdict = "needs-context"
    else:
        verdict = "false"
    stated_cost = claim.claimed.usd_per_million_tokens
    cost_how = None
    if stated_cost is not None:
        # The claim's own figure for self-hosting, graded like any number: a right direction with a figure 10×
        # off is not accurate.
        cost_verdict, cost_how = grade_number(float(stated_cost), self_per_mtok, self_per_mtok)
        verdict = min((verdict, cost_verdict), key=SEVERITY.index)
    capacity_step = f"{tps:,.0f} tokens/s × 3,600 × {hours:g} h = {capacity_per_month / 1e6:,.0f}M"
    month_step = f"{replicas} × ${usd_hour:,.2f} × {hours:g} h = ${self_month:,.0f}"
    per_m_step = f"${self_month:,.0f} ÷ {load / 1e6:,.0f} = ${self_per_mtok:,.2f}"
    share = K.API_INPUT_SHARE.value
    api_step = (f"{share:.0%} × ${float(api.usd_per_million_input):,.2f} + {1 - share:.0%} × "
                f"${float(api.usd_per_million_output):,.2f} = ${api_per_mtok:,.2f}")
    even_step = f"${usd_hour * hours:,.0f} ÷ ${api_per_mtok:,.2f} × 1,000,000 = {break_even / 1e6:,.0f}M"
    beyond = (f"; that is more than one replica serves ({capacity_per_month / 1e6:,.0f}M a month), so one replica "
              f"never breaks even" if break_even > capacity_per_month else "")
    figures = (
        batch_fig,
        Figure("One replica's capacity", capacity_per_month, "tokens per month",
               "throughput tokens/s at that batch × 3,600 × HOURS_PER_MONTH",
               f"{capacity_step} tokens a month ({count_text(d)}, batch {batch})", (capacity_step,)),
        Figure("Self-hosting", self_per_mtok, "USD per million tokens",
               "replicas × USD/hour × HOURS_PER_MONTH ÷ millions of tokens a month",
               f"load {load / 1e6:,.0f}M tokens a month ({load_why}) needs {replicas} replica"
               f"{'s' if replicas > 1 else ''}: {month_step} a month; {per_m_step} per million tokens",
               (month_step, per_m_step)),
        Figure("API", api_per_mtok, "USD per million tokens",
               f"{share:.0%} input × input price + {1 - share:.0%} output × output price",
               f"{api_step} per million ({api.model_name}, {api.provider}: ${api.usd_per_million_input} per million "
               f"input, ${api.usd_per_million_output} per million output tokens; genai-prices {GENAI_PRICES_VERSION})",
               (api_step,)),
        Figure("Break-even", break_even, "tokens per month", "one replica's USD per month ÷ API USD per million tokens",
               f"{even_step} tokens a month{beyond}", (even_step,)),
    )
    if cost_how:
        reality_cost = f"; the claimed ${float(stated_cost):,.2f} per million is {cost_how}"
    else:
        reality_cost = ""
    reality = (f"self-hosting ${self_per_mtok:,.2f} vs API ${api_per_mtok:,.2f} per million tokens at "
               f"{load / 1e6:,.0f}M tokens a month; break-even {break_even / 1e6:,.0f}M a month{reality_cost}")
    who = {"self-host": "Self-hosting", "api": "The API"}[cheaper]
    if cheaper == claim.claimed.cheaper and verdict != "accurate":
        summary = f"{who} is cheaper, as claimed, but not at the claimed figure: {reality}."
    else:
        summary = {
            "accurate": f"At this load {cheaper.replace('-', ' ')} is cheaper: {reality}.",
            "needs-context": f"At the stated load {cheaper.replace('-', ' ')} is cheaper ({reality}); the claim holds at "
                             f"other loads — the break-even is close.",
            "false": f"{who} is cheaper by a wide margin: {reality}.",
            "exaggerated": f"{who} is cheaper: {reality}.",
        }[verdict]
    claimed_text = f"{claim.claimed.cheaper.replace('-', ' ')} is cheaper" + (
        f", at ${float(stated_cost):,.2f} per million tokens" if stated_cost is not None else "")
    return Judgement(verdict, verdict, verdict, summary, claimed_text,
                     reality, figures + d.explanation(), reading=reading_text(setup, catalog, None) + (
                         f"load {load / 1e6:,.0f}M tokens a month on {replicas} × ({count_text(d)})",),
                     numbers={"self_host_usd_per_million_tokens": self_per_mtok,
                              "api_usd_per_million_tokens": api_per_mtok,
                              "break_even_tokens_per_month": break_even,
                              "genai_prices_version": GENAI_PRICES_VERSION})
