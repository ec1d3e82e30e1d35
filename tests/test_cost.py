"""Dated offers: the price in force on a date, the cheapest one, and the cost arithmetic."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from generator.engine import cost
from generator.engine.figures import Span
from generator.records.schemas import CloudInstancePrice


def _offer(id_, usd, observed, provider="Cloud", instance="big.8x", count=8, hardware="gpu-80"):
    return CloudInstancePrice.model_validate({
        "id": id_, "kind": "cloud-instance", "provider": provider, "instance_type": instance, "hardware": hardware,
        "accelerator_count": count, "region": "r", "purchase_option": "on-demand", "usd_per_hour": usd,
        "observed": observed, "sources": [{"url": f"https://example.org/{id_}", "accessed": observed}]})


def test_money_is_exact_decimal(base_catalog):
    price = base_catalog.prices["cloud-gpu-80-2024-01-01"]
    assert price.usd_per_hour == Decimal("98.32")


def test_latest_observation_on_or_before_the_date_wins():
    old = _offer("old", 98.32, dt.date(2023, 7, 26))
    new = _offer("new", 55.04, dt.date(2025, 6, 5))
    assert cost.offers_in_force([old, new], "gpu-80", dt.date(2024, 1, 1)) == [old]
    assert cost.offers_in_force([old, new], "gpu-80", dt.date(2025, 6, 5)) == [new]
    assert cost.offers_in_force([old, new], "gpu-80", dt.date(2023, 1, 1)) == []


def test_cheapest_offer_and_whole_instances():
    eight = _offer("eight", 80, dt.date(2024, 1, 1))                       # $10 per GPU-hour, 8 per instance
    single = _offer("single", 3, dt.date(2024, 1, 1), "Other", "1x", 1)    # $3 per GPU-hour
    c = cost.deployment_cost([eight, single], "gpu-80", 2, dt.date(2024, 6, 1), Span(100, 200, 400))
    assert c.offer.id == "single" and c.instances == 2 and c.usd_per_hour == Decimal("6")
    assert c.usd_per_month == Decimal("6") * 730
    # $6/h ÷ (200 tokens/s × 3600) × 1e6
    assert c.usd_per_million_tokens.central == pytest.approx(6 / (200 * 3600) * 1e6)
    assert c.usd_per_million_tokens.low < c.usd_per_million_tokens.central < c.usd_per_million_tokens.high
    # Three GPUs from 8-GPU instances cost one whole instance.
    c3 = cost.deployment_cost([eight], "gpu-80", 9, dt.date(2024, 6, 1), Span(1, 1, 1))
    assert c3.instances == 2 and c3.usd_per_hour == Decimal("160")


def test_no_offer_means_no_cost():
    assert cost.deployment_cost([], "gpu-80", 1, dt.date(2024, 1, 1), Span(1, 1, 1)) is None


def test_spot_prices_are_not_counted():
    spot = _offer("spot", 1, dt.date(2024, 1, 1)).model_copy(update={"purchase_option": "spot"})
    assert cost.offers_in_force([spot], "gpu-80", dt.date(2024, 6, 1)) == []


def test_price_history_is_ordered(base_catalog):
    history = cost.price_history(base_catalog.prices.values(), "Cloud", "big.8x")
    assert [p.id for p in history] == ["cloud-gpu-80-2024-01-01"]
