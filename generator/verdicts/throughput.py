"""throughput: 'M reaches X tokens/s (or a latency) on hardware H'."""

from __future__ import annotations

import datetime as dt

from generator.engine import fit as fit_
from generator.engine import speed as speed_
from generator.engine.calculator import Calculator, Setup
from generator.records.schemas import Claim
from generator.engine.calibration import compare
from generator.engine.figures import Figure
from generator.verdicts.policy import REGIMES, grade_bound, not_modelled
from generator.verdicts.result import Judgement
from generator.verdicts.setups import count_grid, reading_text, setup_for, what_it_takes


#: The verdicts this judge gives (tests/test_policy.py shows each one can come out).
GIVES = ("accurate", "needs-context", "exaggerated", "false")


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
    batch_figures = ()
    if batch is None:  # "maximum throughput": as many sequences as memory holds
        per_seq = calc.memory(Setup(setup.model, setup.precision, setup.kv_precision, setup.context_tokens, 1))
        batch_fig = fit_.max_batch_figure(model, mem.weights.value + mem.overhead.value, per_seq.kv_cache.value, hw,
                                          layout, 4096)
        batch, batch_figures = int(batch_fig.value), (batch_fig,)
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
    bound = c.bound or "about"
    claimed_text = {"over": "over ", "under": "under ", "about": ""}[bound] + f"{claimed_value:,g} {what}"
    estimate_text = f"{span.central:,.0f} {what} ({span.low:,.0f}–{span.high:,.0f}) on {layout.accelerators} × {hw.name}"
    readings = reading_text(setup, catalog, None) + (f"{layout.accelerators} × {hw.name} "
                                                    f"(TP {layout.tensor_parallel} × PP {layout.pipeline_parallel})",)
    numbers = {"computed": span.as_dict(), "claimed": claimed_value, "batch": batch}
    grid = None
    if batch == 1 and c.tokens_per_s is not None:
        # When would it be true: how many accelerators reach the claimed per-sequence speed, set-up by set-up.
        limit = n or layout.accelerators
        grid = count_grid(calc, claim, setup, [hw.id], claimed_value, lambda x: x is not None and x <= limit)
    takes = what_it_takes(calc, setup, hw.id, today)

    measured = [catalog.measurements[m] for m in claim.measurements]
    if measured and c.tokens_per_s is not None:
        return _measured(claim, catalog, measured, claimed_value, claimed_text, what, bound, estimate_text,
                         batch_figures + s.explanation, grid, takes, readings, numbers)

    verdict, how = grade_bound(claimed_value, span.low, span.high, bound)
    regimes = [r for r in REGIMES if r.applies(model, precision, claim.scenario.batch, "batch" in claim.scenario.stated)]
    open_regimes = not_modelled(verdict, claimed_value, span.low, span.high, regimes)
    reality = f"{estimate_text} (estimate)"
    if open_regimes:
        names = "; ".join(f"{r.name} (the engine {r.engine_error} it: see {', '.join(r.measurements)} on the "
                          f"accuracy page)" for r in open_regimes)
        summary = (f"Not modelled: {names}. The roofline gives {estimate_text}, but in this regime it cannot settle "
                   f"the claimed {claimed_value:,.0f}; a measurement of the claim's set-up would.")
        return Judgement("needs-context", "needs-context", "needs-context", summary, claimed_text, reality,
                         batch_figures + s.explanation, grid, takes, readings, numbers,
                         conditions=tuple(f"not modelled: {r.name}" for r in open_regimes))
    summary = {
        "accurate": f"The arithmetic gives {estimate_text}: the claim is within range.",
        "exaggerated": f"The arithmetic gives {estimate_text}; the claimed {claimed_value:,.0f} is {how}.",
        "false": f"The arithmetic gives {estimate_text}; the claimed {claimed_value:,.0f} is {how}.",
    }[verdict]
    if regimes:
        summary += (" In this regime (" + "; ".join(r.name for r in regimes) + ") the engine's estimates run high "
                    "against measurements, so the real figure is lower still.")
    return Judgement(verdict, verdict, verdict, summary, claimed_text, reality, batch_figures + s.explanation, grid,
                     takes, readings, numbers)


def _measured(claim, catalog, measured, claimed_value, claimed_text, what, bound, estimate_text, explanation, grid,
              takes, readings, numbers) -> Judgement:
    """Evidence first: measurements of the claim's own set-up decide; the estimate stands beside them."""
    figures = []
    for m in measured:
        comparison = compare(m, catalog)
        figures.append(Figure(
            f"Measured: {m.id}", m.value, "tokens/s",
            f"published measurement ({m.engine or 'engine not stated'}), {m.accelerators} × "
            f"{catalog.hardware[m.hardware].name}, batch {m.batch}",
            f"{m.value:,.1f} tokens/s measured; the engine estimates {comparison.estimate:,.0f} tokens/s for the same "
            f"set-up" + (f" (not modelled: {m.not_modelled})" if m.not_modelled else "")
            + (f"; {m.note}" if m.note else "")))
    low, high = min(m.value for m in measured), max(m.value for m in measured)
    verdict, how = grade_bound(claimed_value, low, high, bound)
    shown = f"{low:,.1f}" if low == high else f"{low:,.1f}–{high:,.1f}"
    reality = f"{shown} {what} measured (estimate: {estimate_text})"
    summary = {
        "accurate": f"A published measurement of the claim's own set-up gives {shown} tokens/s: the claim holds "
                    f"({how}).",
        "exaggerated": f"A published measurement of the claim's own set-up gives {shown} tokens/s; the claimed "
                       f"{claimed_value:,.0f} is {how}.",
        "false": f"A published measurement of the claim's own set-up gives {shown} tokens/s; the claimed "
                 f"{claimed_value:,.0f} is {how}.",
    }[verdict]
    return Judgement(verdict, verdict, verdict, summary, claimed_text, reality, tuple(figures) + tuple(explanation),
                     grid, takes, readings, dict(numbers, measured=[m.value for m in measured]))
