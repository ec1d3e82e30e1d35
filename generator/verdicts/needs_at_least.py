"""needs-at-least: 'model M needs at least N accelerators' (critics' claims), or 'needs more than a consumer GPU'.

Read by the policy (generator/verdicts/policy.py), in the claim's favour a larger footprint: accurate when the
claimed need shows at the typical reading of the claim's date; needs context when it shows only at the most
favourable standard reading (the native precision and the full context window) or only at the scale of a
production fleet its operator documented (data/fleets/); otherwise graded by what it really takes.
"""

from __future__ import annotations

import datetime as dt

from generator import constants as K
from generator.engine.calculator import Calculator, available_hardware
from generator.engine.estimate import Deployment
from generator.records.schemas import Claim
from generator.verdicts.policy import FAVOURABLE, TYPICAL, overall
from generator.verdicts.result import Judgement
from generator.verdicts.setups import (
    count_grid,
    count_text,
    describe,
    fewest_at,
    grid_hardware,
    reading_lines,
    reading_text,
    what_it_takes,
)


def fleet_for(catalog, model_id: str, on: dt.date):
    """The latest production fleet on record serving the model by `on`, or None."""
    fleets = [f for f in catalog.fleets.values() if f.observed_on <= on and model_id in f.models]
    return max(fleets, key=lambda f: f.observed_on) if fleets else None


#: The verdicts this judge gives (tests/test_policy.py shows each one can come out).
GIVES = ("accurate", "needs-context", "exaggerated", "false")


def judge_needs_at_least(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    c = claim.claimed
    lo, hi, hw, beyond = c.accelerators_min, c.accelerators_max, c.hardware, c.beyond_class

    def holds_count(n: int | None) -> bool:
        return n is not None and n >= lo and (hi is None or n <= hi)

    def ids_on(on: dt.date) -> list[str]:
        if beyond:  # "needs more than a consumer card": the claim fails if one card of the class runs it
            return [h for h in available_hardware(catalog, on) if catalog.hardware[h].hardware_class == beyond]
        return [hw] if hw else available_hardware(catalog, on)

    def holds(d: Deployment | None) -> bool:
        if beyond:
            return d is None or d.fit.layout.accelerators > 1
        return d is not None and holds_count(d.fit.layout.accelerators)

    def verdict_on(on: dt.date):
        """(verdict, deciding deployment, its reading, typical deployment, typical reading, fleet)."""
        ids = ids_on(on)
        if not ids:
            return "unverifiable", None, None, None, None, None
        typical, typical_reading = fewest_at(calc, claim, ids, on, TYPICAL)
        if holds(typical):
            return "accurate", typical, typical_reading, typical, None, None
        favourable, favourable_reading = fewest_at(calc, claim, ids, on, FAVOURABLE)
        if holds(favourable):
            return "needs-context", favourable, favourable_reading, typical, typical_reading, None
        fleet = None if beyond else fleet_for(catalog, claim.subject.model, on)
        if fleet is not None and fleet.unit_accelerators and holds_count(fleet.unit_accelerators):
            return "needs-context", favourable, favourable_reading, typical, typical_reading, fleet
        if beyond:
            return "false", favourable, favourable_reading, typical, typical_reading, None
        real = favourable.fit.layout.accelerators if favourable else None
        if real is None:
            return "unverifiable", None, favourable_reading, typical, typical_reading, None
        if hi is not None and real > hi:
            verdict = "exaggerated" if real <= hi * K.COUNT_FALSE_FACTOR.value else "false"
        else:
            verdict = "exaggerated" if lo <= real * K.COUNT_FALSE_FACTOR.value else "false"
        return verdict, favourable, favourable_reading, typical, typical_reading, fleet

    then, now = verdict_on(claim.said_on), verdict_on(today)
    at_claim, today_verdict = then[0], now[0]
    shown, best, deciding, typical_best, other, fleet = now if (today_verdict == "accurate" != at_claim) else then
    hw_name = catalog.hardware[hw].name if hw else "accelerator"
    if beyond:
        claimed_text = f"more than one {beyond} accelerator can give"
    else:
        claimed_text = f"at least {lo}" + (f" (up to {hi})" if hi else "") + f" × {hw_name}"

    def said(d: Deployment | None, r) -> str:
        if d is None:
            return f"no count of {beyond} accelerators holds it" if beyond else "cannot be computed"
        if beyond and d.fit.layout.accelerators > 1:
            return (f"no single {beyond} card holds it; the fewest is {count_text(d)} (TP {d.fit.layout.tensor_parallel}"
                    f" × PP {d.fit.layout.pipeline_parallel}) at ≥ {r.min_decode_tokens_per_s:g} tokens/s")
        return (f"{count_text(d)} (TP {d.fit.layout.tensor_parallel} × PP {d.fit.layout.pipeline_parallel}) at ≥ "
                f"{r.min_decode_tokens_per_s:g} tokens/s")

    reality = said(best, deciding) if deciding else "cannot be computed"
    typical_reality = said(typical_best, other) if other else reality
    if beyond and typical_best is not None:
        typical_reality = f"one {beyond} card runs it, {typical_reality}"
    conditions = ()
    if shown == "needs-context" and fleet is not None:
        conditions = (f"production serving at {fleet.operator}'s scale: one deployment unit of "
                      f"{fleet.unit_accelerators} accelerators, {fleet.accelerators_average:,.0f} on average over "
                      f"{fleet.period_hours:g} hours ending {fleet.observed_on.isoformat()}",)
    elif shown == "needs-context" and other is not None:
        conditions = deciding.differs_from(other)
    setup = deciding.setup if deciding else None
    summary = {
        "accurate": (f"{describe(setup, catalog)} needs {count_text(best)}, within the claimed range." if not beyond
                     else f"{describe(setup, catalog)}: {reality}, as claimed.") if setup else "",
        "needs-context": f"Not at the typical reading: {typical_reality}. The claimed need shows only under: "
                         f"{'; '.join(conditions)}.",
        "exaggerated": f"Even at the most favourable standard reading it takes {reality}, not {claimed_text}.",
        "false": (f"Even at the most favourable standard reading it takes {reality}, far from {claimed_text}."
                  if not beyond else f"One {beyond} card runs it: {reality}."),
        "unverifiable": "The set-up cannot be computed from our records.",
    }[shown]
    grid = None
    if setup is not None:
        grid_ids = grid_hardware(hw, catalog)
        if beyond:  # the claim is about one class: the grid shows that class's cards
            grid_ids = [h for h in ids_on(today) if h in grid_ids] or ids_on(today)
        grid = count_grid(calc, claim, setup, grid_ids, deciding.min_decode_tokens_per_s,
                          (lambda n: n is None or n > 1) if beyond else holds_count)
    return Judgement(overall(at_claim, today_verdict), at_claim, today_verdict, summary, claimed_text, reality,
                     best.explanation() if best else (), grid,
                     what_it_takes(calc, setup, hw, today) if setup else None,
                     reading_text(setup, catalog, deciding.min_decode_tokens_per_s) if setup else (),
                     {"accelerators_needed": best.fit.layout.accelerators if best else None,
                      "hardware": best.hardware.id if best else None,
                      "fleet": fleet.id if fleet else None},
                     readings=reading_lines(deciding, other), conditions=conditions)
