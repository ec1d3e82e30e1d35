"""What changed, when and why: verdicts that dated data moves, and corrections made by hand.

A price claim true when said can stop being true when the price on record changes ("AWS p5 ≈ $100/h":
accurate until the June 2025 cut, outdated since). For each claim whose verdict rests on dated prices, the
verdict is worked out again on every day a relevant price observation begins, and each change is an entry;
each `corrections:` item of a claim is an entry too. Pure: records in, entries out, newest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.records import schemas

#: Claim kinds whose verdict follows dated price records, and so can change with no edit to the claim.
PRICE_KINDS = ("rental-price", "unit-price")


@dataclass(frozen=True, order=True)
class Change:
    on: dt.date
    claim_id: str
    kind: str
    """'verdict' (the dated data moved it) or 'correction' (changed by hand)."""
    before: str | None
    after: str
    why: str


def _relevant_prices(claim: schemas.Claim, catalog) -> list:
    s = claim.subject
    out = []
    for price in catalog.prices.values():
        if claim.kind == "rental-price" and isinstance(price, schemas.CloudInstancePrice):
            if price.purchase_option != "on-demand":
                continue
            if s.instance_type and (price.provider, price.instance_type) == (s.provider, s.instance_type):
                out.append(price)
            elif not s.instance_type and price.hardware == s.hardware:
                out.append(price)
        elif claim.kind == "unit-price" and isinstance(price, schemas.ApiUnitPrice):
            if (price.provider, price.product) == (s.provider, s.product):
                out.append(price)
    return out


def _describe(price) -> str:
    if isinstance(price, schemas.CloudInstancePrice):
        return (f"{price.provider} {price.instance_type} on-demand ${price.usd_per_hour:,.2f}/hour "
                f"(observed {price.observed.isoformat()})")
    return (f"{price.provider} {price.product} ${price.usd_per_1000_units:,.2f} per 1,000 {price.unit}s "
            f"(observed {price.observed.isoformat()})")


def verdict_changes(claim: schemas.Claim, judge_on, catalog, today: dt.date) -> list[Change]:
    """Each day after the claim was made on which its verdict, judged as of that day, changed; `judge_on(day)`
    returns the verdict a reader would have seen that day."""
    if claim.kind not in PRICE_KINDS:
        return []
    prices = _relevant_prices(claim, catalog)
    days = sorted({p.observed for p in prices if claim.said_on < p.observed <= today})
    out = []
    before = judge_on(claim.said_on)
    for day in days:
        after = judge_on(day)
        if after != before:
            why = "; ".join(_describe(p) for p in sorted(prices, key=lambda p: p.id) if p.observed == day)
            out.append(Change(day, claim.id, "verdict", before, after, f"New price on record: {why}"))
            before = after
    return out


def corrections(claim: schemas.Claim) -> list[Change]:
    return [Change(c.on, claim.id, "correction", None, c.what, c.why) for c in claim.corrections]


def claim_history(claim: schemas.Claim, judge_on, catalog, today: dt.date) -> tuple[Change, ...]:
    """A claim's timeline, oldest first: the verdict changes the data implies and its corrections."""
    return tuple(sorted(verdict_changes(claim, judge_on, catalog, today) + corrections(claim),
                        key=lambda c: (c.on, c.kind, c.after)))
