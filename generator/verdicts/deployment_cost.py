"""deployment-cost: 'running M costs X per month'.

Graded against a range, not a single copy: from one rentable replica running 24/7 on the claim's price basis (the
typical reading) up to the production fleet its operator documented for a stated load (data/fleets/), priced on
the same basis (the most favourable reading for a claim about scale). A bill within one replica's range is
accurate; one reached only at the fleet's scale needs context, and the page says what load it buys.
"""

from __future__ import annotations

import datetime as dt

from generator import constants as K
from generator.engine import cost as cost_
from generator.engine.calculator import Calculator, available_hardware
from generator.engine.figures import Figure
from generator.records.schemas import Claim
from generator.verdicts.needs_at_least import fleet_for
from generator.verdicts.policy import grade_range, then_and_now
from generator.verdicts.result import Judgement
from generator.verdicts.setups import count_text, min_decode_for, reading_text, setup_for, what_it_takes


def _fleet_month(calc: Calculator, fleet, hours: float, on: dt.date):
    """(low, high, figure): the fleet's average accelerators × the cheapest and dearest on-demand price per
    accelerator-hour of its hardware in force on the day × hours a month; None without two offers."""
    offers = cost_.offers_in_force(calc.catalog.prices.values(), fleet.hardware, on, ("on-demand",))
    if not offers:
        return None
    # Per accelerator-hour as the page shows it (cents), so the steps below redo exactly.
    per_gpu = [round(float(o.usd_per_hour) / o.accelerator_count, 2) for o in offers]
    low, high = min(per_gpu) * fleet.accelerators_average * hours, max(per_gpu) * fleet.accelerators_average * hours
    tokens_per_day = (fleet.input_tokens + fleet.output_tokens) * 24 / fleet.period_hours
    own_step = (f"{fleet.accelerators_average:,.0f} × ${fleet.usd_per_accelerator_hour} × {hours:g} h = "
                f"${float(fleet.usd_per_accelerator_hour) * fleet.accelerators_average * hours:,.0f}"
                if fleet.usd_per_accelerator_hour is not None else None)
    own = (f"; at {fleet.operator}'s own assumption of ${fleet.usd_per_accelerator_hour} per accelerator-hour: "
           f"{own_step}" if own_step else "")
    hw_name = calc.catalog.hardware[fleet.hardware].name
    low_step = f"{fleet.accelerators_average:,.0f} × ${min(per_gpu):,.2f} × {hours:g} h = ${low:,.0f}"
    high_step = f"{fleet.accelerators_average:,.0f} × ${max(per_gpu):,.2f} × {hours:g} h = ${high:,.0f}"
    tokens_step = (f"({fleet.input_tokens / 1e9:,.0f} billion + {fleet.output_tokens / 1e9:,.0f} billion) × 24 ÷ "
                   f"{fleet.period_hours:g} = {tokens_per_day / 1e9:,.0f} billion")
    fig = Figure(f"{fleet.operator}'s production fleet, monthly", low, "USD/month",
                 "average accelerators in service × USD per accelerator-hour (cheapest and dearest on-demand offer "
                 "in force) × hours per month",
                 f"{low_step} to {high_step} ({hw_name} offers on {on.isoformat()}){own}; the fleet served "
                 f"{tokens_step} tokens a day ({fleet.id})",
                 (low_step, high_step, tokens_step) + ((own_step,) if own_step else ()))
    return low, high, fig, tokens_per_day / fleet.accelerators_average, min(per_gpu)


#: The verdicts this judge gives (tests/test_policy.py shows each one can come out).
GIVES = ("accurate", "needs-context", "exaggerated", "false")


def judge_deployment_cost(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    c, sc = claim.claimed, claim.scenario
    cmin = float(c.usd_per_month_min)
    cmax = float(c.usd_per_month_max) if c.usd_per_month_max is not None else cmin
    instances = sc.instances or 1
    hours = sc.hours_per_month or K.HOURS_PER_MONTH.value
    setup = setup_for(claim, catalog) if claim.subject.model else None
    min_decode = min_decode_for(claim)

    def on_date(on: dt.date):
        if setup is None:
            return None, None, (), ()
        ids = [sc.hardware] if sc.hardware else available_hardware(catalog, on)
        monthly = []
        for h in ids:
            d = calc.priced(calc.deployment(setup, h, min_decode), on)
            if d.cost:
                monthly.append((float(d.cost.usd_per_hour) * hours * instances, d))
        if not monthly:
            return None, None, (), ()
        monthly.sort(key=lambda x: x[0])
        low, high = monthly[0][0], monthly[-1][0]
        cheapest, dearest = monthly[0][1], monthly[-1][1]
        cheap_step = f"{instances} × ${cheapest.cost.usd_per_hour:,.2f} × {hours:g} h = ${low:,.0f}"
        dear_step = f"{instances} × ${dearest.cost.usd_per_hour:,.2f} × {hours:g} h = ${high:,.0f}"
        fig = Figure(f"{'One replica' if instances == 1 else f'{instances} replicas'}: monthly bill on {on.isoformat()}",
                     low, "USD/month",
                     "copies × USD per hour of one copy (all its accelerators, cheapest on-demand offer) × hours per "
                     "month, for the cheapest and the dearest accelerator type",
                     f"cheapest, {count_text(cheapest)}: {cheap_step}; dearest, {count_text(dearest)}: {dear_step}",
                     (cheap_step, dear_step))
        figures = (fig,)
        tol = K.ACCURATE_TOLERANCE.value
        if cmax >= low * (1 - tol) and cmin <= high * (1 + tol):
            return "accurate", (low, high), figures + cheapest.explanation(), ()
        fleet = fleet_for(catalog, setup.model, on) if sc.instances is None else None
        priced_fleet = _fleet_month(calc, fleet, hours, on) if fleet else None
        if priced_fleet:
            f_low, f_high, f_fig, tokens_per_gpu_day, gpu_hour = priced_fleet
            gpus = round(cmin / (gpu_hour * hours))       # whole accelerators, computed on as printed
            per_gpu_day = round(tokens_per_gpu_day / 1e6)  # million tokens a day, as printed
            buys = gpus * per_gpu_day * 1e6
            gpus_step = f"${cmin:,.0f} ÷ (${gpu_hour:,.2f} × {hours:g} h) = {gpus:,}"
            per_step = (f"({fleet.input_tokens / 1e9:,.0f} billion + {fleet.output_tokens / 1e9:,.0f} billion) × 24 ÷ "
                        f"{fleet.period_hours:g} ÷ {fleet.accelerators_average:,.0f} = {per_gpu_day:,} million")
            buys_step = f"{gpus:,} × {per_gpu_day:,} million = {buys / 1e9:,.0f} billion"
            load = Figure("Load the claimed bill buys", buys, "tokens/day",
                          "claimed monthly bill ÷ (cheapest USD per accelerator-hour × hours) × tokens a day per "
                          "accelerator in the fleet",
                          f"accelerators: {gpus_step}; tokens a day per accelerator in {fleet.operator}'s fleet: "
                          f"{per_step}; {buys_step} tokens a day", (gpus_step, per_step, buys_step))
            gpus_text = gpus
            figures += (f_fig, load)
            if cmax >= low * (1 - tol) and cmin <= f_high * (1 + tol):
                condition = (f"serving at production scale: the claimed ${cmin:,.0f} a month buys about {gpus_text:,} "
                             f"accelerators, {buys / 1e9:,.0f} billion tokens a day at "
                             f"{fleet.operator}'s measured efficiency; {fleet.operator}'s own fleet costs "
                             f"${f_low:,.0f}–${f_high:,.0f} a month")
                return "needs-context", (low, f_high), figures + cheapest.explanation(), (condition,)
            verdict, _ = grade_range(cmin, cmax, low, f_high)
            return verdict, (low, f_high), figures + cheapest.explanation(), ()
        verdict, _ = grade_range(cmin, cmax, low, high)
        return verdict, (low, high), figures + cheapest.explanation(), ()

    (at_claim, then, then_figs, then_cond), (_, now, now_figs, now_cond), today_verdict, final = \
        then_and_now(on_date, claim.said_on, today)
    rng = then or now
    conditions = then_cond or now_cond
    reality = f"${rng[0]:,.0f}–${rng[1]:,.0f} per month" if rng else "cannot be computed"
    copies = f"{instances} cop{'y' if instances == 1 else 'ies'}"
    summary = {
        "accurate": f"Serving {copies} costs {reality}, within the claim.",
        "needs-context": f"One replica running 24/7 costs ${rng[0]:,.0f} a month at the cheapest offer; the claimed "
                         f"bill holds only when {conditions[0] if conditions else 'serving at scale'}." if rng else "",
        "exaggerated": f"From one replica to the largest documented fleet the bill is {reality}; the claim is "
                       f"outside it.",
        "false": f"Serving it costs {reality}, far from the claim.",
        "outdated": "True when said; prices moved since.",
        "unverifiable": "No model or price on record to compute the bill.",
    }.get(final, "")
    return Judgement(final, at_claim, today_verdict, summary, f"${cmin:,.0f}–${cmax:,.0f} per month", reality,
                     then_figs or now_figs,
                     estimate=what_it_takes(calc, setup, sc.hardware, today) if setup else None,
                     reading=reading_text(setup, catalog, min_decode) if setup else (),
                     numbers={"usd_per_month": rng}, conditions=conditions)
