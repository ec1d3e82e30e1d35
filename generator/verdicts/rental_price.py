"""rental-price: 'an instance or a GPU costs X per hour', against the dated offers in force."""

from __future__ import annotations

import datetime as dt

from generator import constants as K
from generator.engine import cost as cost_
from generator.engine.calculator import Calculator
from generator.engine.figures import Figure
from generator.records.schemas import Claim, CloudInstancePrice
from generator.verdicts.policy import grade_number, then_and_now
from generator.verdicts.result import Judgement


def _instance_price(catalog, provider: str, instance: str, on: dt.date) -> CloudInstancePrice | None:
    """The on-demand price in force on `on`; failing that, the first one observed within PRICE_LOOKAHEAD_DAYS."""
    history = [p for p in cost_.price_history(catalog.prices.values(), provider, instance)
               if p.purchase_option == "on-demand"]
    before = [p for p in history if p.observed <= on]
    if before:
        return before[-1]
    soon = [p for p in history if (p.observed - on).days <= K.PRICE_LOOKAHEAD_DAYS.value]
    return soon[0] if soon else None


#: The verdicts this judge gives (tests/test_policy.py shows each one can come out).
GIVES = ("accurate", "exaggerated", "false", "outdated", "unverifiable")


def judge_rental_price(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    c = claim.claimed
    per_hour = float(c.usd_per_hour) if c.usd_per_hour is not None else float(c.usd_per_month) / K.HOURS_PER_MONTH.value
    s = claim.subject

    def on_date(on: dt.date) -> tuple[str | None, str, tuple[Figure, ...], tuple[float, float] | None]:
        if s.instance_type:
            price = _instance_price(catalog, s.provider, s.instance_type, on)
            if price is None:
                return None, "no price on record for that date", (), None
            actual = float(price.usd_per_hour)
            verdict, how = grade_number(per_hour, actual, actual)
            rule = ("latest on-demand price observed on or before the date" if price.observed <= on else
                    f"no price on record on or before the date: the first one observed within PRICE_LOOKAHEAD_DAYS "
                    f"({K.PRICE_LOOKAHEAD_DAYS.value:g} days) after it stands in "
                    f"({(price.observed - on).days} days later)")
            fig = Figure(f"Price on record: {s.provider} {s.instance_type} on {on.isoformat()}", actual, "USD/hour", rule,
                         f"${price.usd_per_hour:,.2f}/hour (observed {price.observed.isoformat()}, "
                         f"{price.region or 'any region'}); claimed ${per_hour:,.2f} is {how}")
            return verdict, f"${actual:,.2f}/hour", (fig,), (actual, actual)
        offers = cost_.offers_in_force(catalog.prices.values(), s.hardware, on)
        providers = {o.provider for o in offers}
        if len(providers) < K.MIN_PROVIDERS_FOR_MARKET.value:
            return None, (f"only {len(providers)} provider's offer on record for that date" if providers
                          else "no offer on record for that date"), (), None
        per_gpu = [float(o.usd_per_hour) / o.accelerator_count for o in offers]
        low, high = min(per_gpu), max(per_gpu)
        verdict, how = grade_number(per_hour, low, high)
        cheapest, dearest = offers[0], offers[-1]
        steps = tuple(f"${o.usd_per_hour:,.2f} ÷ {o.accelerator_count} = ${float(o.usd_per_hour) / o.accelerator_count:,.2f}"
                      for o in (cheapest, dearest))
        fig = Figure(f"{catalog.hardware[s.hardware].name} per GPU-hour on {on.isoformat()}", low, "USD/hour",
                     "on-demand offers in force on the date: instance price per hour ÷ accelerators in it",
                     f"{len(offers)} offers; cheapest {cheapest.provider} {cheapest.instance_type}: {steps[0]}; dearest "
                     f"{dearest.provider} {dearest.instance_type}: {steps[1]}; claimed ${per_hour:,.2f} is {how}",
                     steps)
        return verdict, f"${low:,.2f}–${high:,.2f} per GPU-hour", (fig,), (low, high)

    (at_claim, then_text, then_figs, then_range), (_, now_text, now_figs, now_range), today_verdict, final = \
        then_and_now(on_date, claim.said_on, today)
    what = f"{s.provider} {s.instance_type}" if s.instance_type else f"an {catalog.hardware[s.hardware].name}"
    claimed_text = f"${per_hour:,.2f} per hour for {what}"
    reality = f"{then_text} when said ({claim.said_on.isoformat()}); {now_text} today"
    summary = {
        "accurate": f"{what} cost {then_text if at_claim else now_text}, in line with the claim.",
        "outdated": f"True when said ({then_text}), but the price has since moved: {now_text} today.",
        "exaggerated": f"{what} cost {then_text if at_claim else now_text}, not ${per_hour:,.2f}.",
        "false": f"{what} cost {then_text if at_claim else now_text}, far from ${per_hour:,.2f}.",
        "unverifiable": "No dated price on record to check it against.",
    }.get(final, "")
    return Judgement(final, at_claim, today_verdict, summary, claimed_text, reality, then_figs + now_figs,
                     numbers={"usd_per_hour_claimed": per_hour, "usd_per_hour_at_claim": then_range,
                              "usd_per_hour_today": now_range})
