"""LLM API prices per token, from the maintained genai-prices package's bundled data (never hand copies)."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
from dataclasses import dataclass
from decimal import Decimal

GENAI_PRICES_VERSION = importlib.metadata.version("genai-prices")
SOURCE_URL = "https://github.com/pydantic/genai-prices"


@dataclass(frozen=True)
class TokenPrice:
    provider: str
    model: str
    model_name: str
    usd_per_million_input: Decimal
    usd_per_million_output: Decimal

    def blended(self, input_share: float) -> float:
        """USD per million tokens for a mix with `input_share` of the tokens being input."""
        return float(self.usd_per_million_input) * input_share + float(self.usd_per_million_output) * (1 - input_share)


def token_price(provider: str, model: str, on: dt.date) -> TokenPrice | None:
    """Price per million input and output tokens in force on `on`, or None when genai-prices does not know it."""
    from genai_prices import Usage, calc_price

    when = dt.datetime(on.year, on.month, on.day, 12, tzinfo=dt.timezone.utc)
    try:
        result = calc_price(Usage(input_tokens=1_000_000, output_tokens=1_000_000), model_ref=model,
                            provider_id=provider, genai_request_timestamp=when)
    except LookupError:
        return None
    return TokenPrice(result.provider.id, model, result.model.name or model,
                      Decimal(result.input_price), Decimal(result.output_price))


def known_models(provider: str) -> list[str]:
    from genai_prices import data_snapshot

    snapshot = data_snapshot.get_snapshot()
    for p in snapshot.providers:
        if p.id == provider:
            return sorted(m.id for m in p.models)
    return []


def known_providers() -> list[str]:
    from genai_prices import data_snapshot

    return sorted(p.id for p in data_snapshot.get_snapshot().providers)
