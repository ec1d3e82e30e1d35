"""What a deployment costs, from the cheapest dated cloud offer in force on a date."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable

from generator import constants
from generator.engine.figures import Figure, Span
from generator.records.schemas import CloudInstancePrice


def offers_in_force(prices: Iterable[object], hardware_id: str, on: dt.date,
                    options: tuple[str, ...] = constants.PRICE_PURCHASE_OPTIONS) -> list[CloudInstancePrice]:
    """For each offer (provider, instance, region, option) of this hardware, its latest price dated on or before `on`."""
    latest: dict[tuple, CloudInstancePrice] = {}
    for price in prices:
        if not isinstance(price, CloudInstancePrice) or price.hardware != hardware_id:
            continue
        if price.purchase_option not in options or price.observed > on:
            continue
        key = price.offer_key
        if key not in latest or price.observed > latest[key].observed:
            latest[key] = price
    return sorted(latest.values(), key=lambda p: (p.usd_per_hour / p.accelerator_count, p.id))


def price_history(prices: Iterable[object], provider: str, instance_type: str) -> list[CloudInstancePrice]:
    """Every observation of one instance type, oldest first."""
    return sorted((p for p in prices if isinstance(p, CloudInstancePrice)
                   and p.provider == provider and p.instance_type == instance_type),
                  key=lambda p: (p.observed, p.id))


@dataclass(frozen=True)
class Cost:
    offer: CloudInstancePrice
    instances: int
    usd_per_hour: Decimal
    usd_per_month: Decimal
    usd_per_million_tokens: Span
    explanation: tuple[Figure, ...]

    def as_json(self) -> dict:
        hour = float(self.usd_per_hour)
        month = float(self.usd_per_month)
        return {
            "usd_per_hour": {"low": hour, "central": hour, "high": hour},
            "usd_per_month": {"low": month, "central": month, "high": month},
            "usd_per_million_tokens": self.usd_per_million_tokens.as_dict(),
            "price_source": self.offer.sources[0].url,
            "price_id": self.offer.id,
            "price_observed": self.offer.observed.isoformat(),
            "instances": self.instances,
        }


def deployment_cost(prices: Iterable[object], hardware_id: str, accelerators: int, on: dt.date,
                    throughput_tokens_per_s: Span) -> Cost | None:
    """Cheapest way to rent `accelerators` of this hardware on `on`; None when no offer is known."""
    best: tuple[Decimal, int, CloudInstancePrice] | None = None
    for offer in offers_in_force(prices, hardware_id, on):
        instances = math.ceil(accelerators / offer.accelerator_count)
        usd = offer.usd_per_hour * instances
        if best is None or usd < best[0]:
            best = (usd, instances, offer)
    if best is None:
        return None
    usd_hour, instances, offer = best
    hours = Decimal(str(constants.HOURS_PER_MONTH.value))
    usd_month = usd_hour * hours
    # Cheap end of $/Mtok uses the fast end of throughput.
    per_mtok = Span(*(float(usd_hour) / (t * 3600) * 1e6 if t > 0 else math.inf
                      for t in (throughput_tokens_per_s.high, throughput_tokens_per_s.central,
                                throughput_tokens_per_s.low)))
    figures = (
        Figure("Rental", float(usd_hour), "USD/hour",
               "instances × instance price (cheapest on-demand offer in force on the date)",
               f"{instances} × ${offer.usd_per_hour:,.2f} = ${usd_hour:,.2f} per hour: {instances} × {offer.provider} "
               f"{offer.instance_type} ({offer.accelerator_count} accelerator{'s' if offer.accelerator_count != 1 else ''}"
               f" each, observed {offer.observed.isoformat()})",
               (f"{instances} × ${offer.usd_per_hour:,.2f} = ${usd_hour:,.2f}",)),
        Figure("Per month", float(usd_month), "USD/month", "USD/hour × HOURS_PER_MONTH",
               f"${usd_hour:,.2f} × {hours} h = ${usd_month:,.0f}", (f"${usd_hour:,.2f} × {hours} h = ${usd_month:,.0f}",)),
        Figure("Per million tokens", per_mtok.central, "USD", "USD/hour ÷ (throughput tokens/s × 3,600) × 1,000,000",
               f"${usd_hour:,.2f} ÷ ({throughput_tokens_per_s.central:,.1f} × 3,600) × 1,000,000 = ${per_mtok.central:,.2f}",
               (f"${usd_hour:,.2f} ÷ ({throughput_tokens_per_s.central:,.1f} × 3,600) × 1,000,000 = "
                f"${per_mtok.central:,.2f}",)),
    )
    return Cost(offer, instances, usd_hour, usd_month, per_mtok, figures)
