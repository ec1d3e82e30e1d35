"""`generator audit`: what a maintainer should look at in records that are valid but weak.

Validation refuses what is wrong; the audit lists what is allowed but should be improved: records that rest only
on secondary sources, dates worked out rather than stated, offers whose latest price is old, and offers whose
instance names another form factor than the hardware they are priced on. Pure: records in, lines out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator import constants
from generator.records import schemas


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


_DATE_FIELDS = ("said_on", "released_on", "observed")
_FORM_FACTORS = {"pcie": "PCIe", "sxm": "SXM"}


def audit(catalog, today: dt.date) -> list[Finding]:
    findings: list[Finding] = []
    for folder in catalog.folders:
        for record_id, record in catalog.by_folder(folder).items():
            path = catalog.source_path(folder, record_id)
            if all(source.secondary for source in record.sources):
                findings.append(Finding(path, "every source is secondary (a copy or a third party); cite the maker's, "
                                              "vendor's or provider's own page"))
            if getattr(record, "date_basis", "stated") == "inferred":
                field = next(f for f in _DATE_FIELDS if hasattr(record, f))
                findings.append(Finding(path, f"{field} {getattr(record, field).isoformat()} is inferred, not stated "
                                              f"by a source"))
    findings += _stale_prices(catalog, today) + _form_factor_mismatches(catalog)
    return sorted(findings)


def _stale_prices(catalog, today: dt.date) -> list[Finding]:
    latest: dict[tuple, schemas.CloudInstancePrice] = {}
    for price in catalog.prices.values():
        if isinstance(price, schemas.CloudInstancePrice):
            key = price.offer_key
            if key not in latest or price.observed > latest[key].observed:
                latest[key] = price
    limit = constants.AUDIT_STALE_PRICE_DAYS.value
    out = []
    for price in latest.values():
        age = (today - price.observed).days
        if age > limit:
            out.append(Finding(catalog.source_path("data/prices", price.id),
                               f"latest price on record for {price.provider} {price.instance_type} "
                               f"({price.purchase_option}) was observed {price.observed.isoformat()}, {age} days "
                               f"before today (more than AUDIT_STALE_PRICE_DAYS, {limit:g}); add a newer observation"))
    return out


def _form_factor_mismatches(catalog) -> list[Finding]:
    out = []
    for price in catalog.prices.values():
        if not isinstance(price, schemas.CloudInstancePrice) or price.hardware not in catalog.hardware:
            continue
        hardware = catalog.hardware[price.hardware]
        offered = {f for f in _FORM_FACTORS if re.search(f, price.instance_type, re.I)}
        built = {f for f in _FORM_FACTORS if re.search(f, hardware.name, re.I)}
        if offered and built and offered != built:
            out.append(Finding(catalog.source_path("data/prices", price.id),
                               f"instance `{price.instance_type}` is a {'/'.join(_FORM_FACTORS[f] for f in sorted(offered))} card but "
                               f"hardware `{hardware.id}` is {hardware.name}; price it on a record of that form factor"))
    return out
