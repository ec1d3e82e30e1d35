"""memory: 'model M takes X GB' (at a precision): the weights alone, or weights with a working KV cache.

A stated figure is graded against the range from the weights alone to weights + KV cache + workspace at the
claim's context and batch: tables rarely say which of the two they mean, so either counts.
"""

from __future__ import annotations

import datetime as dt

from generator.engine.calculator import Calculator
from generator.engine.figures import Figure
from generator.records.schemas import Claim
from generator.verdicts.policy import grade_number
from generator.verdicts.result import Judgement
from generator.verdicts.setups import describe, reading_text, setup_for

#: The verdicts this judge gives (tests/test_policy.py shows each one can come out).
GIVES = ("accurate", "exaggerated", "false")


def judge_memory(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    setup = setup_for(claim, catalog)
    mem = calc.memory(setup)
    low, high = mem.weights.value, mem.total_bytes
    claimed = claim.claimed.gb * 1e9
    verdict, how = grade_number(claimed, low, high)
    total_step = (f"{low / 1e9:,.1f} GB + {mem.kv_cache.value / 1e9:,.1f} GB + {mem.overhead.value / 1e9:,.1f} GB = "
                  f"{high / 1e9:,.1f} GB")
    figures = (mem.weights, mem.kv_per_token, mem.kv_cache, mem.overhead,
               Figure("Memory, weights to working total", high, "bytes",
                      "weights alone, up to weights + KV cache + activation workspace",
                      f"{low / 1e9:,.1f} GB of weights; with the cache and workspace {total_step}; claimed "
                      f"{claim.claimed.gb:,g} GB is {how}", (total_step,)))
    reality = f"{low / 1e9:,.1f} GB of weights, {high / 1e9:,.1f} GB with the KV cache and workspace"
    summary = {
        "accurate": f"{describe(setup, catalog)} takes {reality}: the claimed {claim.claimed.gb:,g} GB fits that range.",
        "exaggerated": f"{describe(setup, catalog)} takes {reality}; the claimed {claim.claimed.gb:,g} GB is {how}.",
        "false": f"{describe(setup, catalog)} takes {reality}; the claimed {claim.claimed.gb:,g} GB is {how}.",
    }[verdict]
    return Judgement(verdict, verdict, verdict, summary, f"{claim.claimed.gb:,g} GB", reality, figures,
                     reading=reading_text(setup, catalog, None),
                     numbers={"gb_claimed": claim.claimed.gb, "weights_bytes": low, "total_bytes": high})
