"""deployment-cost: 'running M costs X per month'."""

from __future__ import annotations

import datetime as dt

from generator import constants as K
from generator.engine.calculator import Calculator, available_hardware
from generator.engine.figures import Figure
from generator.schemas import Claim
from generator.verdicts.policy import grade_range, then_and_now
from generator.verdicts.result import Judgement
from generator.verdicts.setups import count_text, min_decode_for, reading_text, setup_for, what_it_takes


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
            return None, None, ()
        ids = [sc.hardware] if sc.hardware else available_hardware(catalog, on)
        monthly = []
        for h in ids:
            d = calc.priced(calc.deployment(setup, h, min_decode), on)
            if d.cost:
                monthly.append((float(d.cost.usd_per_hour) * hours * instances, d))
        if not monthly:
            return None, None, ()
        monthly.sort(key=lambda x: x[0])
        low, high = monthly[0][0], monthly[-1][0]
        verdict, how = grade_range(cmin, cmax, low, high)
        cheapest, dearest = monthly[0][1], monthly[-1][1]
        fig = Figure(f"Monthly bill on {on.isoformat()}", low, "USD/month",
                     "copies × USD/hour of one copy (all its accelerators, cheapest on-demand offer) × hours per "
                     "month, for the cheapest and the dearest hardware type",
                     f"cheapest: {instances} cop{'y' if instances == 1 else 'ies'} × ${cheapest.cost.usd_per_hour:,.2f}/h "
                     f"({count_text(cheapest)}) × {hours:g} h = ${low:,.0f}; dearest: {instances} × "
                     f"${dearest.cost.usd_per_hour:,.2f}/h ({count_text(dearest)}) × {hours:g} h = ${high:,.0f}; "
                     f"claimed ${cmin:,.0f}–${cmax:,.0f} is {how}")
        return verdict, (low, high), (fig,) + cheapest.explanation()

    (at_claim, then, then_figs), (_, now, now_figs), today_verdict, final = then_and_now(on_date, claim.said_on, today)
    rng = then or now
    reality = f"${rng[0]:,.0f}–${rng[1]:,.0f} per month" if rng else "cannot be computed"
    summary = {
        "accurate": f"Serving {instances} cop{'y' if instances == 1 else 'ies'} costs {reality}, within the claim.",
        "exaggerated": f"Serving {instances} cop{'y' if instances == 1 else 'ies'} 24/7 costs {reality}; the claimed "
                       f"bill implies many more copies or much dearer hardware.",
        "false": f"Serving it costs {reality}, far from the claim.",
        "outdated": "True when said; prices moved since.",
        "unverifiable": "No model or price on record to compute the bill.",
    }.get(final, "")
    return Judgement(final, at_claim, today_verdict, summary, f"${cmin:,.0f}–${cmax:,.0f} per month", reality,
                     then_figs or now_figs,
                     estimate=what_it_takes(calc, setup, sc.hardware, today) if setup else None,
                     reading=reading_text(setup, catalog, min_decode) if setup else (),
                     numbers={"usd_per_month": rng})
