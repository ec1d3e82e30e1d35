"""Checks between records: every id a record names must exist, with the closest ids offered when not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from generator import schemas
from generator.errors import RecordError, closest

if TYPE_CHECKING:
    from generator.loader import Catalog


def _unknown(what: str, value: str, known: Iterable[str]) -> str:
    near = closest(value, sorted(known))
    hint = f"; closest: {', '.join(near)}" if near else f"; there are no {what} records yet"
    return f"unknown {what} id `{value}`{hint}"


def check_references(catalog: "Catalog") -> list[RecordError]:
    errors: list[RecordError] = []

    def check(folder: str, record_id: str, key: tuple, value: str | None, what: str, known: dict,
              purpose: str | None = None) -> None:
        if value is None:
            return
        located = catalog.located[(folder, record_id)]
        target_folder = {"model": "data/models", "hardware": "data/hardware", "precision": "data/precisions"}[what]
        if (target_folder, value) in catalog.invalid:
            return  # that record's own errors are reported; an 'unknown id' here would only mislead
        if value not in known:
            errors.append(located.error(key, _unknown(what, value, known)))
        elif purpose and purpose not in known[value].usable_for:
            errors.append(located.error(key, f"precision `{value}` cannot store {purpose} "
                                             f"(it is usable for {', '.join(known[value].usable_for)})"))

    for price_id, price in catalog.prices.items():
        if isinstance(price, (schemas.CloudInstancePrice, schemas.PurchasePrice)):
            check("data/prices", price_id, ("hardware",), price.hardware, "hardware", catalog.hardware)

    for m_id, m in catalog.measurements.items():
        check("data/measurements", m_id, ("model",), m.model, "model", catalog.models)
        check("data/measurements", m_id, ("precision",), m.precision, "precision", catalog.precisions, "weights")
        check("data/measurements", m_id, ("kv_precision",), m.kv_precision, "precision", catalog.precisions, "kv")
        check("data/measurements", m_id, ("hardware",), m.hardware, "hardware", catalog.hardware)

    offers = {(p.provider, p.instance_type) for p in catalog.prices.values()
              if isinstance(p, schemas.CloudInstancePrice)}
    products = {(p.provider, p.product) for p in catalog.prices.values() if isinstance(p, schemas.ApiUnitPrice)}
    for c_id, c in catalog.claims.items():
        check("claims", c_id, ("subject", "model"), c.subject.model, "model", catalog.models)
        check("claims", c_id, ("subject", "hardware"), c.subject.hardware, "hardware", catalog.hardware)
        check("claims", c_id, ("claimed", "hardware"), c.claimed.hardware, "hardware", catalog.hardware)
        check("claims", c_id, ("scenario", "hardware"), c.scenario.hardware, "hardware", catalog.hardware)
        check("claims", c_id, ("scenario", "precision"), c.scenario.precision, "precision", catalog.precisions, "weights")
        check("claims", c_id, ("scenario", "kv_precision"), c.scenario.kv_precision, "precision",
              catalog.precisions, "kv")
        located = catalog.located[("claims", c_id)]
        if c.kind == "rental-price" and c.subject.instance_type:
            key = (c.subject.provider, c.subject.instance_type)
            if key not in offers:
                near = closest(f"{key[0]} {key[1]}", sorted(f"{p} {i}" for p, i in offers))
                errors.append(located.error(("subject", "instance_type"),
                    f"no cloud-instance price for provider `{key[0]}` instance `{key[1]}` in data/prices"
                    + (f"; closest: {', '.join(near)}" if near else "")))
        if c.kind == "unit-price" and not c.subject.api_model:
            key = (c.subject.provider, c.subject.product)
            if key not in products:
                near = closest(f"{key[0]} / {key[1]}", sorted(f"{p} / {q}" for p, q in products))
                errors.append(located.error(("subject", "product"),
                    f"no api-unit price for provider `{key[0]}` product `{key[1]}` in data/prices"
                    + (f"; closest: {', '.join(near)}" if near else "")))
        if c.kind in ("self-host-vs-api", "unit-price") and c.subject.api_model and c.subject.api_provider:
            _check_api_model(c, located, errors)
    return errors


def _check_api_model(claim, located, errors: list[RecordError]) -> None:
    from generator.api_prices import GENAI_PRICES_VERSION, known_models, known_providers

    providers = known_providers()
    if claim.subject.api_provider not in providers:
        errors.append(located.error(("subject", "api_provider"),
            f"genai-prices {GENAI_PRICES_VERSION} has no provider `{claim.subject.api_provider}`; closest: "
            f"{', '.join(closest(claim.subject.api_provider, providers))}"))
        return
    models = known_models(claim.subject.api_provider)
    if claim.subject.api_model not in models:
        errors.append(located.error(("subject", "api_model"),
            f"genai-prices {GENAI_PRICES_VERSION} has no model `{claim.subject.api_model}` for provider "
            f"`{claim.subject.api_provider}`; closest: {', '.join(closest(claim.subject.api_model, models))}"))
