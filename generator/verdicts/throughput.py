"""throughput: 'M reaches X tokens/s (or a latency) on hardware H'."""

from __future__ import annotations

import datetime as dt

from generator.engine import fit as fit_
from generator.engine import speed as speed_
from generator.engine.calculator import Calculator, Setup
from generator.schemas import Claim
from generator.verdicts.policy import grade_number
from generator.verdicts.result import Judgement
from generator.verdicts.setups import count_grid, reading_text, setup_for, what_it_takes


def judge_throughput(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    setup = setup_for(claim, catalog)
    hw = catalog.hardware[claim.subject.hardware]
    model = catalog.models[setup.model]
    precision = catalog.precisions[setup.precision]
    n = claim.scenario.accelerators
    mem = calc.memory(setup)
    if n is None:
        d = calc.deployment(setup, hw.id)
        layouts = [d.fit.layout] if d.fit else []
    else:
        layouts = fit_.layouts_for(model, hw, n)
    if not layouts:
        return Judgement("unverifiable", None, "unverifiable", f"No legal layout of {n} × {hw.name}.",
                         "", "cannot be computed")
    layout = layouts[0]
    batch = claim.scenario.batch
    if batch is None:  # "maximum throughput": as many sequences as memory holds
        per_seq = calc.memory(Setup(setup.model, setup.precision, setup.kv_precision, setup.context_tokens, 1))
        batch = max(1, min(4096, fit_.max_batch(model, mem.weights.value + mem.overhead.value,
                                                per_seq.kv_cache.value, hw, layout)))
        setup = Setup(setup.model, setup.precision, setup.kv_precision, setup.context_tokens, batch)
        mem = calc.memory(setup)
    s = speed_.estimate_speed(model, precision, mem, hw, layout, setup.context_tokens, batch)
    c = claim.claimed
    if c.tokens_per_s is not None:
        span = s.decode_tokens_per_s_per_sequence if batch == 1 else s.throughput_tokens_per_s
        claimed_value, what = c.tokens_per_s, ("tokens/s per sequence" if batch == 1 else "tokens/s in total")
    else:
        span, claimed_value, what = s.time_to_first_token_s, c.latency_s, "s to first token"
    if span is None:
        return Judgement("unverifiable", None, "unverifiable", f"No sourced peak FLOPS for {hw.name}.",
                         f"{claimed_value:g} {what}", "cannot be computed")
    verdict, how = grade_number(claimed_value, span.low, span.high)
    reality = f"{span.central:,.0f} {what} ({span.low:,.0f}–{span.high:,.0f}) on {layout.accelerators} × {hw.name}"
    summary = {
        "accurate": f"The arithmetic gives {reality}: the claim is within range.",
        "exaggerated": f"The arithmetic gives {reality}; the claimed {claimed_value:,.0f} is {how}.",
        "false": f"The arithmetic gives {reality}; the claimed {claimed_value:,.0f} is {how}.",
    }[verdict]
    if verdict != "accurate" and claimed_value > span.high:
        summary += " Techniques the engine does not model (speculative decoding, attention data parallelism) can close part of such gaps."
    grid = None
    if batch == 1 and c.tokens_per_s is not None:
        # When would it be true: how many accelerators reach the claimed per-sequence speed, set-up by set-up.
        limit = n or layout.accelerators
        grid = count_grid(calc, claim, setup, [hw.id], claimed_value, lambda x: x is not None and x <= limit)
    return Judgement(verdict, verdict, verdict, summary, f"{claimed_value:,g} {what}", reality,
                     s.explanation, grid, what_it_takes(calc, setup, hw.id, today),
                     reading_text(setup, catalog, None) + (f"{layout.accelerators} × {hw.name} "
                                                       f"(TP {layout.tensor_parallel} × PP {layout.pipeline_parallel})",),
                     {"computed": span.as_dict(), "claimed": claimed_value, "batch": batch})
