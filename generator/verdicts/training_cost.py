"""training-cost: 'M was trained with X GPU-hours or for $Y'."""

from __future__ import annotations

import datetime as dt

from generator import constants as K
from generator.engine.calculator import Calculator
from generator.engine.figures import Figure, Span, num
from generator.records.schemas import Claim
from generator.verdicts.labels import LABELS, VERDICTS
from generator.verdicts.policy import grade_number
from generator.verdicts.result import Judgement


#: The verdicts this judge gives (tests/test_policy.py shows each one can come out).
GIVES = ("accurate", "exaggerated", "false", "unverifiable")


def judge_training_cost(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    model = catalog.models[claim.subject.model]
    sc, c = claim.scenario, claim.claimed
    if not sc.training_tokens or not sc.hardware:
        return Judgement("unverifiable", None, "unverifiable",
                         "The training token count or hardware is not published, so the GPU-hours cannot be recomputed.",
                         _claimed_training(c), "cannot be computed", reading=("training tokens: not published",))
    hw = catalog.hardware[sc.hardware]
    dtype = catalog.precisions[sc.precision].compute_dtype if sc.precision else "bf16"
    peak = getattr(hw.peak_dense_tflops, dtype) or hw.peak_dense_tflops.bf16
    band = K.TRAINING_FLOPS_UTILIZATION
    central_mfu = sc.model_flops_utilization or band.central
    mfus = (central_mfu * band.low / band.central, central_mfu, central_mfu * band.high / band.central)
    flops = K.TRAINING_FLOPS_PER_TOKEN_PER_PARAM.value * model.active_params * sc.training_tokens
    # Low GPU-hours ↔ high utilisation.
    hours = Span(*(flops / (peak * 1e12 * m * 3600) for m in reversed(mfus)))
    flops_shown = float(f"{flops:.4g}")        # the page shows 4 significant figures and computes on from them
    compute_step = f"6 × {num(model.active_params)} × {num(sc.training_tokens)} = {flops_shown:.4g} FLOPs"
    hours_shown = float(f"{flops_shown / (peak * 1e12 * central_mfu * 3600):.4g}")  # 4 significant figures, as its input
    hours_step = f"{flops_shown:.4g} ÷ ({peak:,g} TFLOPS × {central_mfu:.0%} × 3,600) = {hours_shown:,.0f}"
    figures = [Figure("Training compute", flops, "FLOPs", "6 × active params × training tokens",
                      compute_step, (compute_step,)),
               Figure("GPU-hours", hours.central, "GPU-hours",
                      "FLOPs ÷ (peak dense FLOPS × model FLOPS utilisation × 3,600)",
                      f"{hours_step} GPU-hours at the {dtype} peak (range {sig4(hours.low):,.0f}–{sig4(hours.high):,.0f} for "
                      f"utilisation {mfus[2]:.0%}–{mfus[0]:.0%})", (hours_step,))]
    verdicts = []
    if c.gpu_hours is not None:
        verdicts.append(grade_number(c.gpu_hours, hours.low, hours.high)[0])
    rate = sc.usd_per_gpu_hour
    usd = None
    if rate is not None:
        usd = hours.scaled(float(rate))
        cost_step = f"{hours_shown:,.0f} × ${rate} = ${hours_shown * float(rate):,.0f}"
        figures.append(Figure("Cost", usd.central, "USD", "GPU-hours × USD per GPU-hour",
                              f"{cost_step} (range ${sig4(usd.low):,.0f}–${sig4(usd.high):,.0f})", (cost_step,)))
        if c.usd is not None:
            verdicts.append(grade_number(float(c.usd), usd.low, usd.high)[0])
    order = {v: i for i, v in enumerate(VERDICTS)}
    verdict = max(verdicts, key=lambda v: order[v]) if verdicts else "unverifiable"
    reality = f"{hours_shown:,.0f} GPU-hours ({sig4(hours.low):,.0f}–{sig4(hours.high):,.0f})" + (
        f", ${hours_shown * float(rate):,.0f}" if usd else "")
    leaves_out = ("The figure covers the GPU time of the final training run only: not the experiments and failed "
                  "runs before it, data, staff, or buying the cluster.")
    summary = {
        "accurate": f"The arithmetic gives {reality}, consistent with the claim. {leaves_out}",
        "exaggerated": f"The arithmetic gives {reality}, off from the claim. {leaves_out}",
        "false": f"The arithmetic gives {reality}, far from the claim. {leaves_out}",
        "unverifiable": "Cannot be recomputed.",
    }[verdict]
    sensitivity = ()
    fp8 = hw.peak_dense_tflops.fp8
    if not sc.precision and dtype == "bf16" and fp8 and c.gpu_hours is not None:
        # The verdict rests on the BF16 peak; runs that train in FP8 (DeepSeek-V3 did) have twice the peak.
        at_fp8 = Span(*(flops / (fp8 * 1e12 * m * 3600) for m in reversed(mfus)))
        flipped = grade_number(c.gpu_hours, at_fp8.low, at_fp8.high)[0]
        if flipped != verdict:
            sensitivity = (f"At the {hw.name}'s FP8 peak ({fp8:,g} TFLOPS) and the same utilisation the arithmetic "
                           f"gives {sig4(at_fp8.central):,.0f} GPU-hours ({sig4(at_fp8.low):,.0f}–"
                           f"{sig4(at_fp8.high):,.0f}), which would make the claim {LABELS[flipped].lower()}; runs "
                           f"that train in FP8 reach a smaller share of that peak, which this page does not model.",)
    return Judgement(verdict, verdict, verdict, summary, _claimed_training(c), reality, tuple(figures),
                     sensitivity=sensitivity, reading=(f"{sc.training_tokens:,.3g} training tokens", f"{hw.name} at {dtype}",
                              f"utilisation {central_mfu:.0%}"),
                     numbers={"gpu_hours": hours.as_dict(), "usd": usd.as_dict() if usd else None})


def sig4(value: float) -> float:
    """Four significant figures: the precision of the FLOPs the GPU-hours are computed from."""
    return float(f"{value:.4g}")


def _claimed_training(c) -> str:
    parts = []
    if c.gpu_hours is not None:
        parts.append(f"{c.gpu_hours:,.0f} GPU-hours")
    if c.usd is not None:
        parts.append(f"${c.usd:,.0f}")
    return ", ".join(parts)
