"""Grading rules: how a claimed number compares with a computed range, and how a claim's date weighs.

Thresholds live in `constants.py` (ACCURATE_TOLERANCE, FALSE_FACTOR, COUNT_FALSE_FACTOR), not here.
"""

from __future__ import annotations

import datetime as dt
import math

from generator import constants as K


def grade_number(claimed: float, low: float, high: float) -> tuple[str, str]:
    """(verdict, how far off) for a number against a computed range, with the tolerance of constants.py."""
    tol = K.ACCURATE_TOLERANCE.value
    if low * (1 - tol) <= claimed <= high * (1 + tol):
        return "accurate", "within the computed range"
    if claimed > high:
        factor = claimed / high if high > 0 else math.inf
        how = f"{factor:,.1f}× the computed figure"
    else:
        factor = low / claimed if claimed > 0 else math.inf
        how = f"{1 / factor:.0%} of the computed figure" if factor < math.inf else "zero"
    return ("exaggerated" if factor <= K.FALSE_FACTOR.value else "false"), how


def grade_count(claimed_max: int, real: int | None) -> str:
    """runs-on: the claim says `claimed_max` accelerators suffice; reality needs `real` (None: never)."""
    if real is not None and real <= claimed_max:
        return "accurate"
    if real is not None and real <= claimed_max * K.COUNT_FALSE_FACTOR.value:
        return "exaggerated"
    return "false"


def grade_range(cmin: float, cmax: float, low: float, high: float) -> tuple[str, str]:
    tol = K.ACCURATE_TOLERANCE.value
    if cmax >= low * (1 - tol) and cmin <= high * (1 + tol):
        return "accurate", "overlapping the computed range"
    if cmin > high:
        return grade_number(cmin, low, high)
    return grade_number(cmax, low, high)


def overall(at_claim: str | None, today: str) -> str:
    """A claim that was accurate when made but not now is outdated; otherwise it is judged as of its date."""
    if at_claim is None:
        return today
    if at_claim == "accurate" and today != "accurate":
        return "outdated"
    return at_claim


def then_and_now(on_date, said_on: dt.date, today: dt.date) -> tuple[tuple, tuple, str, str]:
    """A dated claim judged on the day it was said and today: (result then, result now, today's verdict,
    overall verdict). Each result is what `on_date` returns, its verdict first; no data today is unverifiable."""
    then, now = on_date(said_on), on_date(today)
    today_verdict = now[0] or "unverifiable"
    return then, now, today_verdict, overall(then[0], today_verdict)
