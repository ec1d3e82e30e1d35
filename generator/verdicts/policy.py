"""The reading policy and the grading rules, in one place.

How a claim is read (what binds, what is read typically and what most favourably), how a claimed number
compares with a computed range, how a claim's date weighs, and how the verdicts of a claim's parts combine.
Thresholds live in `constants.py` (ACCURATE_TOLERANCE, FALSE_FACTOR, COUNT_FALSE_FACTOR), not here.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from generator import constants as K
from generator.engine.calculator import Setup, default_kv


def grade_number(claimed: float, low: float, high: float) -> tuple[str, str]:
    """(verdict, how far off) for a number against a computed range, with the tolerance of constants.py."""
    tol = K.ACCURATE_TOLERANCE.value
    if low * (1 - tol) <= claimed <= high * (1 + tol):
        return "accurate", "within the computed range"
    if claimed > high:
        factor = claimed / high if high > 0 else math.inf
        how = f"{factor:,.1f}× the top of the computed range" if low != high else f"{factor:,.1f}× the computed figure"
    else:
        factor = low / claimed if claimed > 0 else math.inf
        how = ((f"{1 / factor:.0%} of the bottom of the computed range" if low != high
                else f"{1 / factor:.0%} of the computed figure") if factor < math.inf else "zero")
    return ("exaggerated" if factor <= K.FALSE_FACTOR.value else "false"), how


def grade_count(claimed_max: int, real: int | None) -> str:
    """runs-on: the claim says `claimed_max` accelerators suffice; reality needs `real` (None: never)."""
    if real is not None and real <= claimed_max:
        return "accurate"
    if real is not None and real <= claimed_max * K.COUNT_FALSE_FACTOR.value:
        return "exaggerated"
    return "false"


def grade_range(cmin: float, cmax: float, low: float, high: float) -> tuple[str, str]:
    tol = K.ACCURATE_TOLERANCE.value
    if cmax >= low * (1 - tol) and cmin <= high * (1 + tol):
        return "accurate", "overlapping the computed range"
    if cmin > high:
        return grade_number(cmin, low, high)
    return grade_number(cmax, low, high)


def overall(at_claim: str | None, today: str) -> str:
    """A claim that was accurate when made but not now is outdated; otherwise it is judged as of its date."""
    if at_claim is None:
        return today
    if at_claim == "accurate" and today != "accurate":
        return "outdated"
    return at_claim


def then_and_now(on_date, said_on: dt.date, today: dt.date) -> tuple[tuple, tuple, str, str]:
    """A dated claim judged on the day it was said and today: (result then, result now, today's verdict,
    overall verdict). Each result is what `on_date` returns, its verdict first; no data today is unverifiable."""
    then, now = on_date(said_on), on_date(today)
    today_verdict = now[0] or "unverifiable"
    return then, now, today_verdict, overall(then[0], today_verdict)


# ------------------------------------------------------------------------------------- the reading policy
#
# What a claim states binds. What it leaves unstated is read two ways: the typical set-up of the claim's date,
# and the most favourable one that was standard practice then (the precisions' `practice:` records say since
# when and on which hardware). True at the typical reading: accurate. True only at the favourable one: needs
# context, and the page names the condition. False at both: graded at the favourable one, the benefit of the
# doubt. The grid of other set-ups is shown, never used to overturn a stated condition.

#: Which way a set-up's memory footprint helps each kind of claim hold: a smaller one helps "it runs on one
#: GPU", a larger one helps "it needs hundreds".
HELPS = {"runs-on": "smaller", "throughput": "smaller", "needs-at-least": "larger", "deployment-cost": "larger",
         "self-host-vs-api": "smaller"}

TYPICAL, FAVOURABLE = "typical", "favourable"
READING_NAMES = {TYPICAL: "typical reading", FAVOURABLE: "most favourable standard reading"}


@dataclass(frozen=True)
class Reading:
    """One reading of a claim on one accelerator type: the set-up and, field by field, why."""

    name: str
    setup: Setup
    min_decode_tokens_per_s: float
    notes: tuple[str, ...]
    """One line per field: 'weights: FP8 (E4M3, W8A8): stated by the claim'."""

    def differs_from(self, other: "Reading") -> tuple[str, ...]:
        """The notes that differ from another reading: the conditions a 'needs context' verdict names."""
        return tuple(n for n in self.notes if n not in other.notes)


def practice_holds(precision, hardware, on: dt.date) -> bool:
    """Whether serving at `precision` was standard practice on `hardware`'s class on the day."""
    p = precision.practice
    if p is None or p.since > on or hardware.hardware_class not in p.standard_on or "weights" not in precision.usable_for:
        return False
    return not p.needs_compute or bool(getattr(hardware.peak_dense_tflops, precision.compute_dtype))


def standard_precisions(catalog, model, hardware, on: dt.date) -> list:
    """The model's native precision and every precision standard on that hardware class on the day."""
    out = [catalog.precisions[model.native_dtype]]
    out += [p for p in catalog.precisions.values() if p.id != model.native_dtype and practice_holds(p, hardware, on)]
    return out


def typical_precision(catalog, model, hardware, on: dt.date) -> tuple[str, str]:
    """(precision id, why): the usual choice on that hardware class on the day, else the model's native one."""
    usual = [p for p in catalog.precisions.values() if practice_holds(p, hardware, on)
             and hardware.hardware_class in p.practice.typical_on]
    if usual:
        p = min(usual, key=lambda p: p.practice.since)
        return p.id, (f"typical on {hardware.hardware_class} hardware since {p.practice.since.isoformat()} "
                      f"(unstated by the claim)")
    return model.native_dtype, "the model's native release precision (unstated by the claim)"


def read(claim, catalog, hardware_id: str, on: dt.date, name: str) -> Reading:
    """The claim's set-up on one accelerator type at the typical or the most favourable standard reading."""
    sc, stated = claim.scenario, set(claim.scenario.stated)
    model, hw = catalog.models[claim.subject.model], catalog.hardware[hardware_id]
    notes = []
    if "precision" in stated:
        precision, why = sc.precision, "stated by the claim"
    elif sc.precision:
        precision, why = sc.precision, "the typical reading of the claim's date (unstated by the claim)"
    else:
        precision, why = typical_precision(catalog, model, hw, on)
    if name == FAVOURABLE and "precision" not in stated:
        bits = catalog.precisions[precision].bits_per_value
        options = standard_precisions(catalog, model, hw, on)
        pick = (min if HELPS.get(claim.kind) == "smaller" else max)(options, key=lambda p: (p.bits_per_value, p.id))
        if (pick.bits_per_value < bits) if HELPS.get(claim.kind) == "smaller" else (pick.bits_per_value > bits):
            precision = pick.id
            why = ("the model's native release precision" if pick.id == model.native_dtype else
                   f"standard on {hw.hardware_class} hardware since {pick.practice.since.isoformat()}") + \
                " (the most favourable to the claim)"
    notes.append(f"weights: {catalog.precisions[precision].name}: {why}")
    if "kv_precision" in stated or sc.kv_precision:
        kv = sc.kv_precision
        notes.append(f"KV cache: {catalog.precisions[kv].name}: "
                     + ("stated by the claim" if "kv_precision" in stated else "the typical reading (unstated)"))
    else:
        kv = default_kv(precision)
        notes.append(f"KV cache: {catalog.precisions[kv].name}: follows the weights")
    context = sc.context_tokens or int(K.DEFAULT_CONTEXT_TOKENS.value)
    if "context_tokens" in stated:
        why = "stated by the claim"
    else:
        why = "the typical reading (unstated by the claim)"
        if name == FAVOURABLE and HELPS.get(claim.kind) == "smaller" and context > K.FAVOURABLE_CONTEXT_TOKENS.value:
            context, why = int(K.FAVOURABLE_CONTEXT_TOKENS.value), "a short chat turn (the most favourable to the claim)"
        elif name == FAVOURABLE and HELPS.get(claim.kind) == "larger" and context < model.max_context_tokens:
            context, why = model.max_context_tokens, "the model's full context window (the most favourable to the claim)"
    context = min(context, model.max_context_tokens)
    notes.append(f"context: {context:,} tokens: {why}")
    batch = sc.batch or 1
    notes.append(f"batch: {batch}: " + ("stated by the claim" if "batch" in stated else
                                         "one sequence (unstated by the claim)" if not sc.batch else
                                         "the typical reading (unstated by the claim)"))
    min_decode = sc.min_decode_tokens_per_s or K.DEFAULT_MIN_DECODE_TOKENS_PER_S.value
    return Reading(name, Setup(model.id, precision, kv, context, batch), min_decode, tuple(notes))


# ------------------------------------------------------------------------------------------ evidence first
#
# A sourced measurement of the claim's own set-up decides a speed claim; the estimate stands beside it. Without
# one, the roofline grades the claim, except in a regime the accuracy page shows the engine getting wrong: there
# the roofline verdict stands only when the engine's known error cannot rescue the claim (a claim above an
# estimate the engine is known to overstate is overstated a fortiori); otherwise the verdict is "needs context:
# not modelled".


def grade_bound(claimed: float, low: float, high: float, bound: str | None) -> tuple[str, str]:
    """grade_number for a claim that states a floor ("over 30,000 tokens/s") or a ceiling, or a plain value."""
    tol = K.ACCURATE_TOLERANCE.value
    if bound == "over" and high * (1 + tol) >= claimed:
        return "accurate", "reached" if high >= claimed else "within the tolerance of the figure"
    if bound == "under" and low * (1 - tol) <= claimed:
        return "accurate", "not exceeded" if low <= claimed else "within the tolerance of the figure"
    return grade_number(claimed, low, high)


@dataclass(frozen=True)
class Regime:
    """A set-up the engine does not model, with the direction of its error and the measurements that show it."""

    name: str
    engine_error: str
    """'overstates' (reality is slower than the estimate) or 'understates'."""
    measurements: tuple[str, ...]
    """Ids in data/measurements/ (marked not_modelled) that show the error."""

    def applies(self, model, precision, batch: int | None, batch_stated: bool) -> bool:
        if self.name == "4-bit weights at large batch":
            return precision.compute_dtype in ("bf16", "fp16") and precision.bits_per_value <= 4.5 and (batch is None or batch > 8)
        if self.name == "maximum-throughput serving at an unstated batch":
            return not batch_stated and batch is None
        if self.name == "small-batch decode of a mixture of over 128 experts":
            return model.moe is not None and model.moe.experts_total > 128 and batch is not None and batch <= 4
        return False


REGIMES = (
    Regime("4-bit weights at large batch", "overstates", ("llama-3.1-8b-gptq-int4-rtx-4090-throughput-vllm",)),
    Regime("maximum-throughput serving at an unstated batch", "overstates",
           ("deepseek-r1-fp8-8x-h200-throughput-trtllm-ep8", "qwen3-235b-a22b-fp8-8x-h100-throughput-vllm-ep8")),
    Regime("small-batch decode of a mixture of over 128 experts", "overstates",
           ("deepseek-r1-fp8-8x-h200-throughput-vllm-concurrency-4",)),
)


def not_modelled(verdict: str, claimed: float, low: float, high: float, regimes: list[Regime]) -> list[Regime]:
    """The regimes whose known error could turn the roofline verdict round (empty: the verdict stands)."""
    if not regimes:
        return []
    overstated_claim = claimed > high  # the claim says faster than the estimate
    return [r for r in regimes
            if verdict == "accurate" or not (overstated_claim and r.engine_error == "overstates")]


# ----------------------------------------------------------------------------------------- claims with parts
#
# A claim's own kind and numbers are its first part; `parts:` adds the others. Each checked part has a verdict;
# a part that cannot be checked is listed as "not checked" with the reason and does not count. The claim's verdict
# is the most severe verdict among its checked parts, in the order below: one false part makes a claim false, and
# a claim is accurate only when every checked part is.

SEVERITY = ("false", "exaggerated", "misleading", "needs-context", "unverifiable", "outdated", "accurate")


def combine(verdicts: list[str]) -> str:
    """The claim's verdict from its checked parts' verdicts."""
    return min(verdicts, key=SEVERITY.index) if verdicts else "unverifiable"
