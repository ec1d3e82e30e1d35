"""needs-at-least: 'model M needs at least N accelerators' (critics' claims)."""

from __future__ import annotations

import datetime as dt

from generator import constants as K
from generator.engine.calculator import Calculator, available_hardware
from generator.engine.estimate import Deployment
from generator.schemas import Claim
from generator.verdicts.policy import overall
from generator.verdicts.result import Judgement
from generator.verdicts.setups import (
    count_grid,
    count_text,
    describe,
    fewest,
    grid_hardware,
    min_decode_for,
    reading_text,
    setup_for,
    what_it_takes,
)


def judge_needs_at_least(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    setup, min_decode = setup_for(claim, catalog), min_decode_for(claim)
    lo, hi = claim.claimed.accelerators_min, claim.claimed.accelerators_max
    hw = claim.claimed.hardware

    def holds(n: int | None) -> bool:
        return n is not None and n >= lo and (hi is None or n <= hi)

    def verdict_on(on: dt.date) -> tuple[str, Deployment | None]:
        ids = [hw] if hw else available_hardware(catalog, on)
        best, _ = fewest(calc, setup, ids, min_decode)
        real = best.fit.layout.accelerators if best else None
        if real is None:
            return "unverifiable", None
        if holds(real):
            return "accurate", best
        if hi is not None and real > hi:
            return ("exaggerated" if real <= hi * K.COUNT_FALSE_FACTOR.value else "false"), best
        grid = count_grid(calc, claim, setup, grid_hardware(hw, catalog), min_decode, holds)
        if grid.holds_anywhere:
            return "needs-context", best
        return ("exaggerated" if lo <= real * K.COUNT_FALSE_FACTOR.value else "false"), best

    at_claim, _ = verdict_on(claim.said_on)
    today_verdict, best = verdict_on(today)
    hw_name = catalog.hardware[hw].name if hw else "accelerator"
    claimed_text = f"at least {lo}" + (f" (up to {hi})" if hi else "") + f" × {hw_name}"
    reality = (f"{count_text(best)} (TP {best.fit.layout.tensor_parallel} × PP {best.fit.layout.pipeline_parallel})"
               f" at ≥ {min_decode:g} tokens/s" if best else "cannot be computed")
    summary = {
        "accurate": f"{describe(setup, catalog)} needs {count_text(best)}, within the claimed range.",
        "needs-context": f"At the stated reading it takes {reality}; the claimed numbers appear only under the "
                         f"conditions highlighted in the grid below.",
        "exaggerated": f"It takes {reality}, not {claimed_text}.",
        "false": f"It takes {reality}, far from {claimed_text}.",
        "unverifiable": "The set-up cannot be computed from our records.",
    }[at_claim if at_claim != "accurate" or today_verdict == "accurate" else today_verdict]
    grid = count_grid(calc, claim, setup, grid_hardware(hw, catalog), min_decode, holds)
    return Judgement(overall(at_claim, today_verdict), at_claim, today_verdict, summary, claimed_text, reality,
                     best.explanation() if best else (), grid, what_it_takes(calc, setup, hw, today),
                     reading_text(setup, catalog, min_decode),
                     {"accelerators_needed": best.fit.layout.accelerators if best else None,
                      "hardware": best.hardware.id if best else None})
