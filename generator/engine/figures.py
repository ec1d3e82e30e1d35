"""Results that explain themselves: a value, the formula, and the formula with the numbers filled in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    label: str
    value: float
    unit: str
    formula: str
    arithmetic: str


@dataclass(frozen=True)
class Span:
    """A value computed at the low, central and high ends of the constants' bands."""

    low: float
    central: float
    high: float

    def as_dict(self) -> dict[str, float]:
        return {"low": self.low, "central": self.central, "high": self.high}

    def scaled(self, factor: float) -> "Span":
        return Span(self.low * factor, self.central * factor, self.high * factor)


def gb(n_bytes: float) -> str:
    """Bytes as decimal GB with the GiB alongside, the two units readers meet."""
    return f"{n_bytes / 1e9:,.1f} GB ({n_bytes / 2**30:,.1f} GiB)"


def num(value: float, digits: int = 0) -> str:
    if digits == 0 and float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits or 2}f}"
