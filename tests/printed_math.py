"""Re-evaluate a printed calculation ("51.5 GB ÷ (3,350 GB/s × 0.7) = 21.97 ms") from its printed numbers alone.

Each number stands for every value that rounds to it (51.5 is 51.45–51.55), so the left side is evaluated as an
interval; the step holds when that interval meets the interval of the printed result. Units scale numbers to one
base (bytes, seconds, FLOPs); words after a number ("tokens", "layers") are labels and do not scale it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SCALE = {
    "GB": 1e9, "GiB": 2**30, "MB": 1e6, "MiB": 2**20, "TB": 1e12, "TiB": 2**40, "KB": 1e3, "kB": 1e3, "B": 1.0,
    "ms": 1e-3, "µs": 1e-6, "s": 1.0,
    "GB/s": 1e9, "TB/s": 1e12,
    "TFLOPS": 1e12, "PFLOPS": 1e15, "GFLOP": 1e9, "TFLOP": 1e12, "PFLOP": 1e15, "FLOPs": 1.0,
    "%": 0.01, "M": 1e6, "billion": 1e9, "million": 1e6,
}
#: Labels that may follow a number without changing it.
LABELS = {"tokens", "token", "attended", "layers", "layer", "h", "hours", "GPU-hours", "tokens/s", "accelerators",
          "accelerator", "copies", "copy", "GPUs", "USD", "images", "units", "per", "a", "day", "month", "tokens/day",
          "each", "bits", "B/param", "x", "experts"}

TOKEN = re.compile(r"""\s*(?:
    (?P<num>\$?[0-9][0-9,]*(?:\.[0-9]+)?(?:e[+-]?[0-9]+)?)(?P<unit>\s*(?:GB/s|TB/s|GiB|MiB|TiB|GB|MB|TB|kB|KB|TFLOPS|PFLOPS|GFLOP|TFLOP|PFLOP|FLOPs|ms|µs|%|s\b|B\b|M\b|billion\b|million\b))?
  | (?P<op>[×÷+−\-*/(),=^])
  | (?P<max>max\b)
  | (?P<word>[A-Za-z][A-Za-z/\-]*)
)""", re.X)


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    def __add__(self, o): return Interval(self.lo + o.lo, self.hi + o.hi)
    def __sub__(self, o): return Interval(self.lo - o.hi, self.hi - o.lo)

    def __mul__(self, o):
        p = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi]
        return Interval(min(p), max(p))

    def __truediv__(self, o):
        if o.lo <= 0 <= o.hi:
            raise ZeroDivisionError("division by an interval containing zero")
        return self * Interval(1 / o.hi, 1 / o.lo)

    def meets(self, o, slack: float = 1e-9) -> bool:
        width = max(abs(self.hi), abs(o.hi), 1e-300) * slack
        return self.lo <= o.hi + width and o.lo <= self.hi + width


def _number(text: str, unit: str | None) -> Interval:
    """The interval of values a printed number stands for, scaled by its unit (whole numbers under 1,000 exact)."""
    raw = text.lstrip("$").replace(",", "")
    scale = SCALE.get((unit or "").strip(), 1.0)
    if "e" in raw:
        mantissa, exp = raw.split("e")
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        half = 0.5 * 10 ** (int(exp) - decimals)
    else:
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        # Whole numbers under 1,000 are counts and constants (8 GPUs, 126 layers, 2 bytes): exact.
        half = 0.0 if decimals == 0 and float(raw) < 1000 else 0.5 * 10 ** -decimals
    value = float(raw)
    return Interval((value - half) * scale, (value + half) * scale)


def tokens(text: str) -> list[tuple[str, object]]:
    out, pos = [], 0
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ValueError(f"cannot read {text[pos:pos + 20]!r} in {text!r}")
        pos = m.end()
        if m.group("num") is not None:
            out.append(("num", _number(m.group("num"), m.group("unit")), SCALE.get((m.group("unit") or "").strip(), 1.0)))
        elif m.group("op"):
            out.append(("op", {"-": "−", "*": "×", "/": "÷"}.get(m.group("op"), m.group("op"))))
        elif m.group("max"):
            out.append(("max", None))
        elif m.group("word") in LABELS or m.group("word") in SCALE:
            if m.group("word") in SCALE and out and out[-1][0] == "num":  # "44 billion"
                _, iv, scale = out[-1]
                k = SCALE[m.group("word")]
                out[-1] = ("num", Interval(iv.lo * k, iv.hi * k), scale * k)
            continue
        else:
            raise ValueError(f"unknown word {m.group('word')!r} in {text!r}")
    return out


class _Parser:
    def __init__(self, toks):
        self.toks, self.i = toks, 0

    def peek(self):
        return self.toks[self.i][:2] if self.i < len(self.toks) else (None, None)

    def take(self, kind=None, value=None):
        tok = self.peek()
        if kind and tok[0] != kind or value and tok[1] != value:
            raise ValueError(f"expected {value or kind}, got {tok}")
        self.i += 1
        return tok

    def expr(self) -> Interval:
        left = self.term()
        while self.peek() in (("op", "+"), ("op", "−")):
            op = self.take()[1]
            right = self.term()
            left = left + right if op == "+" else left - right
        return left

    def term(self) -> Interval:
        left = self.power()
        while self.peek() in (("op", "×"), ("op", "÷")):
            op = self.take()[1]
            right = self.power()
            left = left * right if op == "×" else left / right
        return left

    def power(self) -> Interval:
        base = self.factor()
        if self.peek() == ("op", "^"):
            self.take()
            exponent = self.factor()
            ends = [b ** e for b in (base.lo, base.hi) for e in (exponent.lo, exponent.hi)]
            return Interval(min(ends), max(ends))
        return base

    def factor(self) -> Interval:
        kind, value = self.peek()
        if kind == "num":
            self.take()
            return value
        if kind == "max":
            self.take()
            self.take("op", "(")
            items = [self.expr()]
            while self.peek() == ("op", ","):
                self.take()
                items.append(self.expr())
            self.take("op", ")")
            return Interval(max(i.lo for i in items), max(i.hi for i in items))
        if (kind, value) == ("op", "("):
            self.take()
            inner = self.expr()
            self.take("op", ")")
            return inner
        raise ValueError(f"unexpected {value!r}")


def check(step: str) -> tuple[bool, str]:
    """(holds, explanation) for 'expression = result [= result ...]': each '=' must follow from the one before."""
    toks = tokens(step)
    sides, current = [], []
    for t in toks:
        if t[:2] == ("op", "="):
            sides.append(current)
            current = []
        else:
            current.append(t)
    sides.append(current)
    if len(sides) < 2:
        return False, f"no '=' in {step!r}"
    values = []
    for side in sides:
        if len(side) == 1 and side[0][0] == "num" and side[0][1].lo == side[0][1].hi:
            # A result printed alone is rounded, whole numbers included: 102 stands for 101.5–102.5.
            _, v, scale = side[0]
            side = [("num", Interval(v.lo - 0.5 * scale, v.hi + 0.5 * scale), scale)]
        p = _Parser(side)
        values.append(p.expr())
        if p.i != len(side):
            return False, f"unread tokens in {step!r}: {side[p.i:]}"
    for a, b in zip(values, values[1:]):
        if not a.meets(b):
            return False, f"{step!r}: left side is {a.lo:.6g}–{a.hi:.6g}, printed result {b.lo:.6g}–{b.hi:.6g}"
    return True, ""
