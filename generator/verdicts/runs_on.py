"""runs-on: 'model M runs on N accelerators'.

Read by the policy (generator/verdicts/policy.py): accurate when N suffice at the typical reading of the
claim's date; needs context when they suffice only at the most favourable standard reading; otherwise graded
by how many it really takes at that favourable reading.
"""

from __future__ import annotations

import datetime as dt

from generator import constants as K
from generator.engine.calculator import Calculator, available_hardware
from generator.engine.estimate import Deployment
from generator.records.schemas import Claim
from generator.verdicts.policy import FAVOURABLE, TYPICAL, grade_count, overall
from generator.verdicts.result import Judgement
from generator.verdicts.setups import (
    count_grid,
    count_text,
    describe,
    fewest_at,
    grid_hardware,
    rate_text,
    reading_lines,
    reading_text,
    what_it_takes,
)


def _reality(best: Deployment | None, hw_name: str, min_decode: float) -> str:
    if best is None:
        return f"no count of {hw_name} reaches {min_decode:g} tokens/s"
    layout = best.fit.layout
    tight = (f"; tight: needs {best.fit.utilization:.2f} of memory, above the {K.USABLE_MEMORY_FRACTION.value:g} "
             f"default" if best.fit.fit == "tight" else "")
    return (f"{count_text(best)} (TP {layout.tensor_parallel} × PP {layout.pipeline_parallel}{tight}), "
            f"{rate_text(best.speed.decode_tokens_per_s_per_sequence.central)} tokens/s per sequence")


#: The verdicts this judge gives (tests/test_policy.py shows each one can come out).
GIVES = ("accurate", "needs-context", "exaggerated", "false")


def judge_runs_on(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    n_claimed = claim.claimed.accelerators
    hw = claim.claimed.hardware

    def holds(d: Deployment | None) -> bool:
        return d is not None and d.fit.layout.accelerators <= n_claimed

    def verdict_on(on: dt.date):
        """(verdict, deciding deployment, its reading, typical deployment, typical reading)."""
        ids = [hw] if hw else available_hardware(catalog, on)
        if not ids:
            return "unverifiable", None, None, None, None
        typical, typical_reading = fewest_at(calc, claim, ids, on, TYPICAL, tight_up_to=n_claimed)
        if holds(typical):
            return "accurate", typical, typical_reading, typical, None
        favourable, favourable_reading = fewest_at(calc, claim, ids, on, FAVOURABLE, tight_up_to=n_claimed)
        if holds(favourable):
            return "needs-context", favourable, favourable_reading, typical, typical_reading
        real = favourable.fit.layout.accelerators if favourable else None
        return grade_count(n_claimed, real), favourable, favourable_reading, typical, typical_reading

    then, now = verdict_on(claim.said_on), verdict_on(today)
    at_claim, today_verdict = then[0], now[0]
    # The page explains the verdict it shows: as of the claim's date, unless the claim has since become true.
    shown, best, deciding, typical_best, other = now if today_verdict == "accurate" != at_claim else then
    setup = deciding.setup if deciding else None
    min_decode = deciding.min_decode_tokens_per_s if deciding else 0
    hw_name = catalog.hardware[hw].name if hw else "accelerator"
    claimed_text = f"{n_claimed} × {hw_name}" + ("" if hw else " (any type)")
    reality = _reality(best, hw_name, min_decode)
    conditions = deciding.differs_from(other) if (shown == "needs-context" and other) else ()
    typical_reality = _reality(typical_best, hw_name, other.min_decode_tokens_per_s) if other else None
    summary = {
        "accurate": f"{describe(setup, catalog)} fits on {count_text(best)}, as claimed." if setup else "",
        "needs-context": f"Not at the typical reading ({typical_reality}). It holds at the most favourable reading "
                         f"that was standard practice: {'; '.join(conditions)} ({reality}).",
        "exaggerated": f"Even at the most favourable standard reading it takes {reality}, more than the "
                       f"{n_claimed} claimed.",
        "false": f"Even at the most favourable standard reading it takes {reality}, far more than the "
                 f"{n_claimed} claimed.",
        "unverifiable": "No hardware on record for the claim's date.",
    }[shown]
    grid = None
    if setup is not None:
        grid = count_grid(calc, claim, setup, grid_hardware(hw, catalog), min_decode,
                          lambda n: n is not None and n <= n_claimed)
    return Judgement(overall(at_claim, today_verdict), at_claim, today_verdict, summary, claimed_text, reality,
                     best.explanation() if best else (), grid,
                     what_it_takes(calc, setup, hw, today) if setup else None,
                     reading_text(setup, catalog, min_decode) if setup else (),
                     {"accelerators_needed": best.fit.layout.accelerators if best else None,
                      "hardware": best.hardware.id if best else None,
                      "decode_tokens_per_s": best.speed.decode_tokens_per_s_per_sequence.as_dict() if best else None},
                     readings=reading_lines(deciding, other), conditions=conditions)
