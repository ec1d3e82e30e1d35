"""unit-price: 'an API costs X per N units', against dated price records or genai-prices for tokens."""

from __future__ import annotations

import datetime as dt

from generator.records.api_prices import GENAI_PRICES_VERSION, token_price
from generator.engine.calculator import Calculator
from generator.engine.figures import Figure, num
from generator.records.schemas import ApiUnitPrice, Claim
from generator.verdicts.policy import grade_number, then_and_now
from generator.verdicts.result import Judgement


def judge_token_price(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    """A per-token LLM API price, against genai-prices' dated price for that model on each date."""
    s, c = claim.subject, claim.claimed
    claimed_per_unit = float(c.usd) / c.units
    which = "input" if s.product == "input tokens" else "output"

    def on_date(on: dt.date):
        price = token_price(s.api_provider, s.api_model, on)
        if price is None:
            return None, None, ()
        per_million = float(price.usd_per_million_input if which == "input" else price.usd_per_million_output)
        verdict, how = grade_number(claimed_per_unit * 1e6, per_million, per_million)
        fig = Figure(f"Price on record: {price.model_name} {which} tokens on {on.isoformat()}", per_million, "USD per million tokens",
                     f"genai-prices {GENAI_PRICES_VERSION}: {price.provider} {s.api_model}, {which} tokens",
                     f"${per_million:g} per million {which} tokens; claimed ${claimed_per_unit * 1e6:g} per million "
                     f"is {how}")
        return verdict, per_million, (fig,)

    (at_claim, then, then_figs), (_, now, now_figs), today_verdict, final = then_and_now(on_date, claim.said_on, today)
    reality = (f"${then:g} per million {which} tokens when said; " if then is not None else "") + (
        f"${now:g} today" if now is not None else "no price today")
    summary = {
        "accurate": f"genai-prices records ${then if then is not None else now or 0:g} per million {which} tokens "
                    f"for {s.api_model}, as claimed.",
        "outdated": f"True when said; the price has since changed ({reality}).",
        "exaggerated": f"genai-prices records {reality}, not ${claimed_per_unit * 1e6:g}.",
        "false": f"genai-prices records {reality}, far from ${claimed_per_unit * 1e6:g}.",
        "unverifiable": f"genai-prices {GENAI_PRICES_VERSION} has no price for that date.",
    }.get(final, "")
    return Judgement(final, at_claim, today_verdict, summary, f"${c.usd} per {c.units:,} {which} tokens", reality,
                     then_figs + now_figs, numbers={"usd_per_million_claimed": claimed_per_unit * 1e6,
                                                    "genai_prices_version": GENAI_PRICES_VERSION})


#: The verdicts this judge gives (tests/test_policy.py shows each one can come out).
GIVES = ("accurate", "exaggerated", "false", "outdated", "unverifiable")


def judge_unit_price(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    s, c = claim.subject, claim.claimed
    if s.api_model:
        return judge_token_price(claim, calc, today)
    claimed_per_unit = float(c.usd) / c.units

    def on_date(on: dt.date):
        history = sorted((p for p in catalog.prices.values() if isinstance(p, ApiUnitPrice)
                          and p.provider == s.provider and p.product == s.product and p.observed <= on),
                         key=lambda p: p.observed)
        if not history:
            return None, None, ()
        price = history[-1]
        per_unit = float(price.usd_per_1000_units) / 1000
        verdict, how = grade_number(claimed_per_unit, per_unit, per_unit)
        step = f"{num(c.units)} × ${price.usd_per_1000_units} ÷ 1,000 = ${per_unit * c.units:,.2f}"
        fig = Figure(f"{s.product} on {on.isoformat()}", per_unit * c.units, "USD",
                     "units × USD per 1,000 units ÷ 1,000 (first paid tier)",
                     f"{step} "
                     f"(first {num(price.free_units_per_month)} {price.unit}s a month free; observed "
                     f"{price.observed.isoformat()}); claimed ${c.usd} is {how}", (step,))
        return verdict, price, (fig,)

    (at_claim, then, then_figs), (_, now, now_figs), today_verdict, final = then_and_now(on_date, claim.said_on, today)
    price = then or now
    actual = f"${float(price.usd_per_1000_units) / 1000 * c.units:,.2f} for {num(c.units)} {price.unit}s" if price else "unknown"
    summary = {
        "accurate": f"{c.units} {price.unit}s cost {actual}, as claimed." if price else "",
        "exaggerated": f"{num(c.units)} {price.unit}s cost {actual} at list price (and nothing within the free "
                       f"{num(price.free_units_per_month)} a month), not ${c.usd}." if price else "",
        "false": f"{num(c.units)} {price.unit}s cost {actual}, far from ${c.usd}." if price else "",
        "outdated": f"True when said; today {actual}.",
        "unverifiable": "No dated price on record to check it against.",
    }.get(final, "")
    return Judgement(final, at_claim, today_verdict, summary, f"${c.usd} for {num(c.units)} units", actual,
                     then_figs + now_figs, numbers={"usd_claimed": float(c.usd), "units": c.units})
