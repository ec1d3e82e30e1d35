"""Checks between records: every id a record names must exist, with the closest ids offered when not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from generator.records import schemas
from generator.records.errors import RecordError, closest

if TYPE_CHECKING:
    from generator.records.loader import Catalog


def _unknown(what: str, value: str, known: Iterable[str]) -> str:
    near = closest(value, sorted(known))
    hint = f"; closest: {', '.join(near)}" if near else f"; there are no {what} records yet"
    return f"unknown {what} id `{value}`{hint}"


#: Every id one record names in another: folder → (key path, what it names, what a precision must store).
ID_REFERENCES: dict[str, tuple[tuple[tuple[str, ...], str, str | None], ...]] = {
    "data/prices": ((("hardware",), "hardware", None),),
    "data/measurements": ((("model",), "model", None), (("precision",), "precision", "weights"),
                          (("kv_precision",), "precision", "kv"), (("hardware",), "hardware", None)),
    "data/fleets": ((("hardware",), "hardware", None),),
    "claims": ((("subject", "model"), "model", None), (("subject", "hardware"), "hardware", None),
               (("claimed", "hardware"), "hardware", None), (("scenario", "hardware"), "hardware", None),
               (("scenario", "precision"), "precision", "weights"), (("scenario", "kv_precision"), "precision", "kv")),
}
_TARGET = {"model": ("data/models", "models"), "hardware": ("data/hardware", "hardware"),
           "precision": ("data/precisions", "precisions")}


def _at(record, key: tuple[str, ...]):
    """The value at `key` in a validated record or in the parsed data of an invalid one (None when absent)."""
    for part in key:
        record = record.get(part) if isinstance(record, dict) else getattr(record, part, None)
        if record is None:
            return None
    return record


def check_references(catalog: "Catalog") -> list[RecordError]:
    errors: list[RecordError] = []

    # Ids named by every record, valid or not: a file's unknown ids come out with its schema errors.
    named = [(folder, record, catalog.located[(folder, record_id)])
             for folder in ID_REFERENCES for record_id, record in catalog.by_folder(folder).items()]
    named += [(folder, data, located) for (folder, _), (data, located) in catalog.invalid.items()
              if folder in ID_REFERENCES and isinstance(data, dict)]
    for folder, record, located in named:
        for key, what, purpose in ID_REFERENCES[folder]:
            value = _at(record, key)
            if not isinstance(value, str) or schemas.slug_problem(value):
                continue  # absent, or not an id at all: the schema's own error says so
            target_folder, attribute = _TARGET[what]
            if (target_folder, value) in catalog.invalid:
                continue  # that record's own errors are reported; an 'unknown id' here would only mislead
            if target_folder not in catalog.folders:
                continue  # that folder was not read (estimate reads only what it needs)
            known = getattr(catalog, attribute)
            if value not in known:
                errors.append(located.error(key, _unknown(what, value, known)))
            elif purpose and purpose not in known[value].usable_for:
                errors.append(located.error(key, f"precision `{value}` cannot store {purpose} "
                                                 f"(it is usable for {', '.join(known[value].usable_for)})"))

    offers = {(p.provider, p.instance_type) for p in catalog.prices.values()
              if isinstance(p, schemas.CloudInstancePrice)}
    products = {(p.provider, p.product) for p in catalog.prices.values() if isinstance(p, schemas.ApiUnitPrice)}
    for f_id, f in catalog.fleets.items():
        for i, m_id in enumerate(f.models):
            if "data/models" in catalog.folders and m_id not in catalog.models:
                errors.append(catalog.located[("data/fleets", f_id)].error(("models", i),
                                                                          _unknown("model", m_id, catalog.models)))
    for c_id, c in catalog.claims.items():
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
        for i, part in enumerate(c.parts):  # a part names records too; a typo there is located like any other
            for key, what in ((("subject", "model"), "model"), (("subject", "hardware"), "hardware"),
                              (("claimed", "hardware"), "hardware"), (("scenario", "hardware"), "hardware"),
                              (("scenario", "precision"), "precision"), (("scenario", "kv_precision"), "precision")):
                value = _at(part, key)
                folder, attribute = _TARGET[what]
                if isinstance(value, str) and folder in catalog.folders and value not in getattr(catalog, attribute):
                    errors.append(located.error(("parts", i) + key, _unknown(what, value, getattr(catalog, attribute))))
        if "data/measurements" in catalog.folders:
            for i, m_id in enumerate(c.measurements):
                m = catalog.measurements.get(m_id)
                if m is None:
                    errors.append(located.error(("measurements", i), _unknown("measurement", m_id, catalog.measurements)))
                elif m.model != c.subject.model or m.hardware != c.subject.hardware:
                    errors.append(located.error(("measurements", i),
                        f"measurement `{m_id}` is of {m.model} on {m.hardware}, not this claim's {c.subject.model} on "
                        f"{c.subject.hardware}; cite only measurements of the claim's own set-up"))
    return errors


def _check_api_model(claim, located, errors: list[RecordError]) -> None:
    from generator.records.api_prices import GENAI_PRICES_VERSION, known_models, known_providers

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
