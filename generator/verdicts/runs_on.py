"""runs-on: 'model M runs on N accelerators'."""

from __future__ import annotations

import datetime as dt

from generator import constants as K
from generator.engine.calculator import Calculator, available_hardware
from generator.engine.estimate import Deployment
from generator.schemas import Claim
from generator.verdicts.policy import grade_count, overall
from generator.verdicts.result import Judgement
from generator.verdicts.setups import (
    count_grid,
    count_text,
    describe,
    fewest,
    grid_hardware,
    min_decode_for,
    rate_text,
    reading_text,
    setup_for,
    what_it_takes,
)


def judge_runs_on(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    setup, min_decode = setup_for(claim, catalog), min_decode_for(claim)
    n_claimed = claim.claimed.accelerators
    hw = claim.claimed.hardware

    def verdict_on(on: dt.date) -> tuple[str, Deployment | None]:
        ids = [hw] if hw else available_hardware(catalog, on)
        if not ids:
            return "unverifiable", None
        best, _ = fewest(calc, setup, ids, min_decode)
        real = best.fit.layout.accelerators if best else None
        # "Runs on N" holds when N run it with memory utilisation tuned up (a tight fit), fast enough.
        for h in ids:
            tuned = calc.tight(setup, h)
            if (tuned and tuned.fit.layout.accelerators <= n_claimed < (real or n_claimed + 1)
                    and tuned.speed.decode_tokens_per_s_per_sequence.high >= min_decode):
                best, real = tuned, tuned.fit.layout.accelerators
        verdict = grade_count(n_claimed, real)
        if verdict != "accurate":
            grid = count_grid(calc, claim, setup, ids if hw else grid_hardware(None, catalog), min_decode,
                              lambda n: n is not None and n <= n_claimed)
            if grid.holds_anywhere:
                verdict = "needs-context"
        return verdict, best

    at_claim, _ = verdict_on(claim.said_on)
    today_verdict, best = verdict_on(today)
    grid = count_grid(calc, claim, setup, grid_hardware(hw, catalog), min_decode,
                      lambda n: n is not None and n <= n_claimed)
    hw_name = catalog.hardware[hw].name if hw else "accelerator"
    claimed_text = f"{n_claimed} × {hw_name}" + ("" if hw else " (any type)")
    reality = (f"{count_text(best)} (TP {best.fit.layout.tensor_parallel} × PP {best.fit.layout.pipeline_parallel}"
               + (f"; tight: needs {best.fit.utilization:.2f} of memory, above the {K.USABLE_MEMORY_FRACTION.value:g} "
                  f"default" if best.fit.fit == "tight" else "") + "),"
               f" {rate_text(best.speed.decode_tokens_per_s_per_sequence.central)} tokens/s per sequence" if best
               else f"no count of {hw_name} reaches {min_decode:g} tokens/s")
    summary = {
        "accurate": f"{describe(setup, catalog)} fits on {count_text(best)}, as claimed.",
        "needs-context": f"Not at the stated reading ({reality}); it holds only under the conditions highlighted "
                         f"in the grid below.",
        "exaggerated": f"It takes {reality}, more than the {n_claimed} claimed.",
        "false": f"It takes {reality}, far more than the {n_claimed} claimed.",
        "unverifiable": "No hardware on record for the claim's date.",
    }[today_verdict if at_claim == today_verdict else at_claim]
    figures = best.explanation() if best else ()
    return Judgement(overall(at_claim, today_verdict), at_claim, today_verdict, summary, claimed_text, reality,
                     figures, grid, what_it_takes(calc, setup, hw, today),
                     reading_text(setup, catalog, min_decode),
                     {"accelerators_needed": best.fit.layout.accelerators if best else None,
                      "hardware": best.hardware.id if best else None,
                      "decode_tokens_per_s": best.speed.decode_tokens_per_s_per_sequence.as_dict() if best else None})
