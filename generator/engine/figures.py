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
    steps: tuple[str, ...] = ()
    """The calculations inside `arithmetic` a reader can redo from the numbers they print ('a ÷ b = c', units on
    every number); pages mark them and a test re-evaluates each one (tests/test_printed_arithmetic.py)."""

    def __post_init__(self):
        for step in self.steps:
            if step not in self.arithmetic:
                raise ValueError(f"step {step!r} is not printed in {self.label!r}: {self.arithmetic!r}")


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


def gbs(n_bytes: float) -> str:
    """Bytes as decimal GB alone, for a step a reader redoes (the GiB goes after the step, see `gib`)."""
    return f"{n_bytes / 1e9:,.1f} GB"


def gib(n_bytes: float) -> str:
    """The same bytes in GiB, in brackets, printed after a step's result."""
    return f" ({n_bytes / 2**30:,.1f} GiB)"
