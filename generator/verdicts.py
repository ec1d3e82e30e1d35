"""Grading claims: what was claimed, what the arithmetic says, and the verdict, as of the claim's date and today.

One judge per claim kind. Every judge returns a `Judgement` whose figures carry their arithmetic, so a page
can show how the verdict was reached. Thresholds live in `constants.py` (ACCURATE_TOLERANCE, FALSE_FACTOR,
COUNT_FALSE_FACTOR, ...), not here.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from decimal import Decimal

from generator import constants as K
from generator.api_prices import GENAI_PRICES_VERSION, token_price
from generator.changes import claim_history
from generator.engine import cost as cost_
from generator.engine import fit as fit_
from generator.engine import speed as speed_
from generator.engine.calculator import Calculator, Setup, available_hardware, default_kv
from generator.engine.estimate import Deployment, Estimate
from generator.engine.figures import Figure, Span, num
from generator.schemas import ApiUnitPrice, Claim, CloudInstancePrice

VERDICTS = ("accurate", "needs-context", "misleading", "exaggerated", "false", "outdated", "unverifiable")

LABELS = {
    "accurate": "Accurate",
    "needs-context": "Needs context",
    "misleading": "Misleading",
    "exaggerated": "Exaggerated",
    "false": "False",
    "outdated": "Outdated",
    "unverifiable": "Unverifiable",
}

#: A symbol per verdict, shown with its word and colour (never colour alone) in every verdict badge.
ICONS = {"accurate": "✓", "needs-context": "◐", "misleading": "⚠", "exaggerated": "↕", "false": "✗",
         "outdated": "⌛", "unverifiable": "?"}

#: What each verdict means, for the legend on the methodology page.
MEANINGS = {
    "accurate": "The claim matches the arithmetic at its stated reading, within the tolerance.",
    "needs-context": "True only under conditions the claim does not state; the page names them.",
    "misleading": "The numbers may be right, but the claim leads a reader to a wrong conclusion.",
    "exaggerated": "Overstated in either direction (hype or doom), by more than the tolerance and up to the "
                   "false factor.",
    "false": "Off by more than the false factor, or contradicted by the evidence.",
    "outdated": "Accurate when it was said, not today (prices or hardware changed).",
    "unverifiable": "Our records cannot check it (no dated data, or nothing measurable).",
}

#: Material admonition type per verdict (built-in types: no custom CSS needed for colour and icon).
ADMONITIONS = {
    "accurate": "success",
    "needs-context": "info",
    "misleading": "warning",
    "exaggerated": "warning",
    "false": "failure",
    "outdated": "abstract",
    "unverifiable": "question",
}


@dataclass(frozen=True)
class Cell:
    holds: bool
    text: str


@dataclass(frozen=True)
class Grid:
    """'When would it be true': rows × columns of set-ups, each cell saying whether the claim holds there."""

    row_header: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    note: str

    @property
    def holds_anywhere(self) -> bool:
        return any(c.holds for row in self.cells for c in row)


@dataclass(frozen=True)
class Judgement:
    verdict: str
    verdict_at_claim: str | None
    verdict_today: str
    summary: str
    claimed: str
    reality: str
    figures: tuple[Figure, ...] = ()
    grid: Grid | None = None
    estimate: Estimate | None = None
    reading: tuple[str, ...] = ()
    numbers: dict = field(default_factory=dict)
    history: tuple = ()
    """The claim's timeline (generator/changes.py): verdict changes its dated data implies, and corrections."""


# ------------------------------------------------------------------------------------------ grading


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


# ------------------------------------------------------------------------------------------ helpers


def _setup(claim: Claim, catalog) -> Setup:
    model = catalog.models[claim.subject.model]
    precision = claim.scenario.precision or model.native_dtype
    kv = claim.scenario.kv_precision or default_kv(precision)
    context = claim.scenario.context_tokens or int(K.DEFAULT_CONTEXT_TOKENS.value)
    return Setup(model.id, precision, kv, context, claim.scenario.batch or 1)


def _min_decode(claim: Claim) -> float:
    return claim.scenario.min_decode_tokens_per_s or K.DEFAULT_MIN_DECODE_TOKENS_PER_S.value


def _describe(setup: Setup, catalog) -> str:
    p = catalog.precisions[setup.precision]
    return (f"{catalog.models[setup.model].name} at {p.name}, {num(setup.context_tokens)} tokens of context, "
            f"batch {setup.batch}")


def _fewest(calc: Calculator, setup: Setup, hardware_ids, min_decode: float) -> tuple[Deployment | None, dict]:
    """The hardware type needing the fewest accelerators, with every type's deployment.

    Ties go to the most modest accelerator (least memory, then the faster): "it runs on one" is best shown
    with the smallest one that suffices.
    """
    by_hw = {h: calc.deployment(setup, h, min_decode) for h in hardware_ids}
    fits = [d for d in by_hw.values() if d.fit]
    if not fits:
        return None, by_hw
    best = min(fits, key=lambda d: (d.fit.layout.accelerators, d.hardware.memory_gib,
                                    -d.speed.decode_tokens_per_s_per_sequence.central))
    return best, by_hw


def _rate(value: float) -> str:
    """Tokens/s as a reader would write them: whole numbers from 10 up, two significant figures below."""
    return f"{value:,.0f}" if value >= 10 else f"{value:.2g}"


def _count_text(d: Deployment | None) -> str:
    if d is None or not d.fit:
        return "does not fit"
    return f"{d.fit.layout.accelerators} × {d.hardware.name}"


def _grid_contexts(setup: Setup, catalog) -> list[int]:
    limit = catalog.models[setup.model].max_context_tokens
    contexts = sorted({c for c in K.GRID_CONTEXTS if c <= limit} | {min(setup.context_tokens, limit)})
    return contexts


def _grid_precisions(setup: Setup, catalog) -> list[str]:
    wanted = [setup.precision] + [p for p in K.GRID_PRECISIONS if p != setup.precision]
    return [p for p in wanted if p in catalog.precisions]


def short_name(precision) -> str:
    """'BF16 (bfloat16)' → 'BF16': grid headers stay narrow."""
    return precision.name.split(" (")[0]


def short_tokens(n: int) -> str:
    return f"{n // 1024}K" if n % 1024 == 0 else f"{n:,}"


def count_grid(calc: Calculator, claim: Claim, setup: Setup, hardware_ids: list[str], min_decode: float,
               holds) -> Grid:
    """Rows: hardware; columns: precision × context; cell: accelerators needed at ≥ min_decode tokens/s."""
    catalog = calc.catalog
    contexts = _grid_contexts(setup, catalog)
    precisions = _grid_precisions(setup, catalog)
    def cell(hw: str, precision: str, context: int) -> Cell:
        d = calc.deployment(Setup(setup.model, precision, default_kv(precision), context, setup.batch), hw, min_decode)
        n = d.fit.layout.accelerators if d.fit else None
        return Cell(holds(n), f"{n}" if n else "—")

    note = (f"Each cell: accelerators needed at that precision and context, batch {setup.batch}, at ≥ "
            f"{min_decode:g} tokens/s per sequence (— = cannot). ✓ marks where the claim holds.")
    if len(hardware_ids) == 1:  # one accelerator type: precisions down, contexts across
        hw = hardware_ids[0]
        return Grid(f"{catalog.hardware[hw].name} · weights", tuple(short_name(catalog.precisions[p]) for p in precisions),
                    tuple(f"{short_tokens(c)} tokens" for c in contexts),
                    tuple(tuple(cell(hw, p, c) for c in contexts) for p in precisions), note)
    columns = tuple(f"{short_name(catalog.precisions[p])} · {short_tokens(c)}" for p in precisions for c in contexts)
    rows = tuple(catalog.hardware[hw].name.split(" (")[0] for hw in hardware_ids)
    cells = tuple(tuple(cell(hw, p, c) for p in precisions for c in contexts) for hw in hardware_ids)
    return Grid("Accelerator", rows, columns, cells, note)


def _grid_hardware(claim_hw: str | None, catalog) -> list[str]:
    if claim_hw:
        return [claim_hw]
    return [h for h in K.GRID_HARDWARE if h in catalog.hardware]


def _what_it_takes(calc: Calculator, setup: Setup, extra: str | None, on: dt.date) -> Estimate:
    hardware = [h for h in K.GRID_HARDWARE if h in calc.catalog.hardware]
    if extra and extra not in hardware:
        hardware.insert(0, extra)
    return calc.estimate(setup, hardware, on)


# ------------------------------------------------------------------------------------------- judges


def judge_runs_on(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    setup, min_decode = _setup(claim, catalog), _min_decode(claim)
    n_claimed = claim.claimed.accelerators
    hw = claim.claimed.hardware

    def verdict_on(on: dt.date) -> tuple[str, Deployment | None]:
        ids = [hw] if hw else available_hardware(catalog, on)
        if not ids:
            return "unverifiable", None
        best, _ = _fewest(calc, setup, ids, min_decode)
        real = best.fit.layout.accelerators if best else None
        # "Runs on N" holds when N run it with memory utilisation tuned up (a tight fit), fast enough.
        for h in ids:
            tuned = calc.tight(setup, h)
            if (tuned and tuned.fit.layout.accelerators <= n_claimed < (real or n_claimed + 1)
                    and tuned.speed.decode_tokens_per_s_per_sequence.high >= min_decode):
                best, real = tuned, tuned.fit.layout.accelerators
        verdict = grade_count(n_claimed, real)
        if verdict != "accurate":
            grid = count_grid(calc, claim, setup, ids if hw else _grid_hardware(None, catalog), min_decode,
                              lambda n: n is not None and n <= n_claimed)
            if grid.holds_anywhere:
                verdict = "needs-context"
        return verdict, best

    at_claim, _ = verdict_on(claim.said_on)
    today_verdict, best = verdict_on(today)
    grid = count_grid(calc, claim, setup, _grid_hardware(hw, catalog), min_decode,
                      lambda n: n is not None and n <= n_claimed)
    hw_name = catalog.hardware[hw].name if hw else "accelerator"
    claimed_text = f"{n_claimed} × {hw_name}" + ("" if hw else " (any type)")
    reality = (f"{_count_text(best)} (TP {best.fit.layout.tensor_parallel} × PP {best.fit.layout.pipeline_parallel}"
               + (f"; tight: needs {best.fit.utilization:.2f} of memory, above the {K.USABLE_MEMORY_FRACTION.value:g} "
                  f"default" if best.fit.fit == "tight" else "") + "),"
               f" {_rate(best.speed.decode_tokens_per_s_per_sequence.central)} tokens/s per sequence" if best
               else f"no count of {hw_name} reaches {min_decode:g} tokens/s")
    summary = {
        "accurate": f"{_describe(setup, catalog)} fits on {_count_text(best)}, as claimed.",
        "needs-context": f"Not at the stated reading ({reality}); it holds only under the conditions highlighted "
                         f"in the grid below.",
        "exaggerated": f"It takes {reality}, more than the {n_claimed} claimed.",
        "false": f"It takes {reality}, far more than the {n_claimed} claimed.",
        "unverifiable": "No hardware on record for the claim's date.",
    }[today_verdict if at_claim == today_verdict else at_claim]
    figures = best.explanation() if best else ()
    return Judgement(overall(at_claim, today_verdict), at_claim, today_verdict, summary, claimed_text, reality,
                     figures, grid, _what_it_takes(calc, setup, hw, today),
                     _reading(setup, catalog, min_decode),
                     {"accelerators_needed": best.fit.layout.accelerators if best else None,
                      "hardware": best.hardware.id if best else None,
                      "decode_tokens_per_s": best.speed.decode_tokens_per_s_per_sequence.as_dict() if best else None})


def judge_needs_at_least(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    setup, min_decode = _setup(claim, catalog), _min_decode(claim)
    lo, hi = claim.claimed.accelerators_min, claim.claimed.accelerators_max
    hw = claim.claimed.hardware

    def holds(n: int | None) -> bool:
        return n is not None and n >= lo and (hi is None or n <= hi)

    def verdict_on(on: dt.date) -> tuple[str, Deployment | None]:
        ids = [hw] if hw else available_hardware(catalog, on)
        best, _ = _fewest(calc, setup, ids, min_decode)
        real = best.fit.layout.accelerators if best else None
        if real is None:
            return "unverifiable", None
        if holds(real):
            return "accurate", best
        if hi is not None and real > hi:
            return ("exaggerated" if real <= hi * K.COUNT_FALSE_FACTOR.value else "false"), best
        grid = count_grid(calc, claim, setup, _grid_hardware(hw, catalog), min_decode, holds)
        if grid.holds_anywhere:
            return "needs-context", best
        return ("exaggerated" if lo <= real * K.COUNT_FALSE_FACTOR.value else "false"), best

    at_claim, _ = verdict_on(claim.said_on)
    today_verdict, best = verdict_on(today)
    hw_name = catalog.hardware[hw].name if hw else "accelerator"
    claimed_text = f"at least {lo}" + (f" (up to {hi})" if hi else "") + f" × {hw_name}"
    reality = (f"{_count_text(best)} (TP {best.fit.layout.tensor_parallel} × PP {best.fit.layout.pipeline_parallel})"
               f" at ≥ {min_decode:g} tokens/s" if best else "cannot be computed")
    summary = {
        "accurate": f"{_describe(setup, catalog)} needs {_count_text(best)}, within the claimed range.",
        "needs-context": f"At the stated reading it takes {reality}; the claimed numbers appear only under the "
                         f"conditions highlighted in the grid below.",
        "exaggerated": f"It takes {reality}, not {claimed_text}.",
        "false": f"It takes {reality}, far from {claimed_text}.",
        "unverifiable": "The set-up cannot be computed from our records.",
    }[at_claim if at_claim != "accurate" or today_verdict == "accurate" else today_verdict]
    grid = count_grid(calc, claim, setup, _grid_hardware(hw, catalog), min_decode, holds)
    return Judgement(overall(at_claim, today_verdict), at_claim, today_verdict, summary, claimed_text, reality,
                     best.explanation() if best else (), grid, _what_it_takes(calc, setup, hw, today),
                     _reading(setup, catalog, min_decode),
                     {"accelerators_needed": best.fit.layout.accelerators if best else None,
                      "hardware": best.hardware.id if best else None})


def _instance_price(catalog, provider: str, instance: str, on: dt.date) -> CloudInstancePrice | None:
    """The on-demand price in force on `on`; failing that, the first one observed within PRICE_LOOKAHEAD_DAYS."""
    history = [p for p in cost_.price_history(catalog.prices.values(), provider, instance)
               if p.purchase_option == "on-demand"]
    before = [p for p in history if p.observed <= on]
    if before:
        return before[-1]
    soon = [p for p in history if (p.observed - on).days <= K.PRICE_LOOKAHEAD_DAYS.value]
    return soon[0] if soon else None


def judge_rental_price(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    c = claim.claimed
    per_hour = float(c.usd_per_hour) if c.usd_per_hour is not None else float(c.usd_per_month) / K.HOURS_PER_MONTH.value
    s = claim.subject

    def on_date(on: dt.date) -> tuple[str | None, str, tuple[Figure, ...], tuple[float, float] | None]:
        if s.instance_type:
            price = _instance_price(catalog, s.provider, s.instance_type, on)
            if price is None:
                return None, "no price on record for that date", (), None
            actual = float(price.usd_per_hour)
            verdict, how = grade_number(per_hour, actual, actual)
            rule = ("latest on-demand price observed on or before the date" if price.observed <= on else
                    f"no price on record on or before the date: the first one observed within PRICE_LOOKAHEAD_DAYS "
                    f"({K.PRICE_LOOKAHEAD_DAYS.value:g} days) after it stands in "
                    f"({(price.observed - on).days} days later)")
            fig = Figure(f"{s.provider} {s.instance_type} on {on.isoformat()}", actual, "USD/hour", rule,
                         f"${price.usd_per_hour:,.2f}/hour (observed {price.observed.isoformat()}, "
                         f"{price.region or 'any region'}); claimed ${per_hour:,.2f} is {how}")
            return verdict, f"${actual:,.2f}/hour", (fig,), (actual, actual)
        offers = cost_.offers_in_force(catalog.prices.values(), s.hardware, on)
        providers = {o.provider for o in offers}
        if len(providers) < K.MIN_PROVIDERS_FOR_MARKET.value:
            return None, (f"only {len(providers)} provider's offer on record for that date" if providers
                          else "no offer on record for that date"), (), None
        per_gpu = [float(o.usd_per_hour) / o.accelerator_count for o in offers]
        low, high = min(per_gpu), max(per_gpu)
        verdict, how = grade_number(per_hour, low, high)
        cheapest, dearest = offers[0], offers[-1]
        fig = Figure(f"{catalog.hardware[s.hardware].name} per GPU-hour on {on.isoformat()}", low, "USD/hour",
                     "on-demand offers in force on the date, per accelerator",
                     f"{len(offers)} offers from ${low:,.2f} ({cheapest.provider}) to ${high:,.2f} "
                     f"({dearest.provider}); claimed ${per_hour:,.2f} is {how}")
        return verdict, f"${low:,.2f}–${high:,.2f} per GPU-hour", (fig,), (low, high)

    (at_claim, then_text, then_figs, then_range), (_, now_text, now_figs, now_range), today_verdict, final = \
        then_and_now(on_date, claim.said_on, today)
    what = f"{s.provider} {s.instance_type}" if s.instance_type else f"an {catalog.hardware[s.hardware].name}"
    claimed_text = f"${per_hour:,.2f} per hour for {what}"
    reality = f"{then_text} when said ({claim.said_on.isoformat()}); {now_text} today"
    summary = {
        "accurate": f"{what} cost {then_text if at_claim else now_text}, in line with the claim.",
        "outdated": f"True when said ({then_text}), but the price has since moved: {now_text} today.",
        "exaggerated": f"{what} cost {then_text if at_claim else now_text}, not ${per_hour:,.2f}.",
        "false": f"{what} cost {then_text if at_claim else now_text}, far from ${per_hour:,.2f}.",
        "unverifiable": "No dated price on record to check it against.",
    }.get(final, "")
    return Judgement(final, at_claim, today_verdict, summary, claimed_text, reality, then_figs + now_figs,
                     numbers={"usd_per_hour_claimed": per_hour, "usd_per_hour_at_claim": then_range,
                              "usd_per_hour_today": now_range})


def judge_token_price(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    """A per-token LLM API price, against genai-prices' dated price for that model on each date."""
    s, c = claim.subject, claim.claimed
    claimed_per_unit = float(c.usd) / c.units
    which = "input" if s.product == "input tokens" else "output"

    def on_date(on: dt.date):
        price = token_price(s.api_provider, s.api_model, on)
        if price is None:
            return None, None, ()
        per_million = float(price.usd_per_million_input if which == "input" else price.usd_per_million_output)
        verdict, how = grade_number(claimed_per_unit * 1e6, per_million, per_million)
        fig = Figure(f"{price.model_name} {which} price on {on.isoformat()}", per_million, "USD per million tokens",
                     f"genai-prices {GENAI_PRICES_VERSION}: {price.provider} {s.api_model}, {which} tokens",
                     f"${per_million:g} per million {which} tokens; claimed ${claimed_per_unit * 1e6:g} per million "
                     f"is {how}")
        return verdict, per_million, (fig,)

    (at_claim, then, then_figs), (_, now, now_figs), today_verdict, final = then_and_now(on_date, claim.said_on, today)
    reality = (f"${then:g} per million {which} tokens when said; " if then is not None else "") + (
        f"${now:g} today" if now is not None else "no price today")
    summary = {
        "accurate": f"genai-prices records ${then if then is not None else now:g} per million {which} tokens for "
                    f"{s.api_model}, as claimed.",
        "outdated": f"True when said; the price has since changed ({reality}).",
        "exaggerated": f"genai-prices records {reality}, not ${claimed_per_unit * 1e6:g}.",
        "false": f"genai-prices records {reality}, far from ${claimed_per_unit * 1e6:g}.",
        "unverifiable": f"genai-prices {GENAI_PRICES_VERSION} has no price for that date.",
    }.get(final, "")
    return Judgement(final, at_claim, today_verdict, summary, f"${c.usd} per {c.units:,} {which} tokens", reality,
                     then_figs + now_figs, numbers={"usd_per_million_claimed": claimed_per_unit * 1e6,
                                                    "genai_prices_version": GENAI_PRICES_VERSION})


def judge_unit_price(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    s, c = claim.subject, claim.claimed
    if s.api_model:
        return judge_token_price(claim, calc, today)
    claimed_per_unit = float(c.usd) / c.units

    def on_date(on: dt.date):
        history = sorted((p for p in catalog.prices.values() if isinstance(p, ApiUnitPrice)
                          and p.provider == s.provider and p.product == s.product and p.observed <= on),
                         key=lambda p: p.observed)
        if not history:
            return None, None, ()
        price = history[-1]
        per_unit = float(price.usd_per_1000_units) / 1000
        verdict, how = grade_number(claimed_per_unit, per_unit, per_unit)
        fig = Figure(f"{s.product} on {on.isoformat()}", per_unit * c.units, "USD",
                     "units × USD per 1,000 units ÷ 1,000 (first paid tier)",
                     f"{num(c.units)} × ${price.usd_per_1000_units} ÷ 1,000 = ${per_unit * c.units:,.2f} "
                     f"(first {num(price.free_units_per_month)} {price.unit}s a month free; observed "
                     f"{price.observed.isoformat()}); claimed ${c.usd} is {how}")
        return verdict, price, (fig,)

    (at_claim, then, then_figs), (_, now, now_figs), today_verdict, final = then_and_now(on_date, claim.said_on, today)
    price = then or now
    actual = f"${float(price.usd_per_1000_units) / 1000 * c.units:,.2f} for {num(c.units)} {price.unit}s" if price else "unknown"
    summary = {
        "accurate": f"{c.units} {price.unit}s cost {actual}, as claimed." if price else "",
        "exaggerated": f"{num(c.units)} {price.unit}s cost {actual} at list price (and nothing within the free "
                       f"{num(price.free_units_per_month)} a month), not ${c.usd}." if price else "",
        "false": f"{num(c.units)} {price.unit}s cost {actual}, far from ${c.usd}." if price else "",
        "outdated": f"True when said; today {actual}.",
        "unverifiable": "No dated price on record to check it against.",
    }.get(final, "")
    return Judgement(final, at_claim, today_verdict, summary, f"${c.usd} for {num(c.units)} units", actual,
                     then_figs + now_figs, numbers={"usd_claimed": float(c.usd), "units": c.units})


def judge_deployment_cost(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    c, sc = claim.claimed, claim.scenario
    cmin = float(c.usd_per_month_min)
    cmax = float(c.usd_per_month_max) if c.usd_per_month_max is not None else cmin
    instances = sc.instances or 1
    hours = sc.hours_per_month or K.HOURS_PER_MONTH.value
    setup = _setup(claim, catalog) if claim.subject.model else None
    min_decode = _min_decode(claim)

    def on_date(on: dt.date):
        if setup is None:
            return None, None, ()
        ids = [sc.hardware] if sc.hardware else available_hardware(catalog, on)
        monthly = []
        for h in ids:
            d = calc.priced(calc.deployment(setup, h, min_decode), on)
            if d.cost:
                monthly.append((float(d.cost.usd_per_hour) * hours * instances, d))
        if not monthly:
            return None, None, ()
        monthly.sort(key=lambda x: x[0])
        low, high = monthly[0][0], monthly[-1][0]
        verdict, how = _grade_range(cmin, cmax, low, high)
        cheapest, dearest = monthly[0][1], monthly[-1][1]
        fig = Figure(f"Monthly bill on {on.isoformat()}", low, "USD/month",
                     "copies × USD/hour of one copy (all its accelerators, cheapest on-demand offer) × hours per "
                     "month, for the cheapest and the dearest hardware type",
                     f"cheapest: {instances} cop{'y' if instances == 1 else 'ies'} × ${cheapest.cost.usd_per_hour:,.2f}/h "
                     f"({_count_text(cheapest)}) × {hours:g} h = ${low:,.0f}; dearest: {instances} × "
                     f"${dearest.cost.usd_per_hour:,.2f}/h ({_count_text(dearest)}) × {hours:g} h = ${high:,.0f}; "
                     f"claimed ${cmin:,.0f}–${cmax:,.0f} is {how}")
        return verdict, (low, high), (fig,) + cheapest.explanation()

    (at_claim, then, then_figs), (_, now, now_figs), today_verdict, final = then_and_now(on_date, claim.said_on, today)
    rng = then or now
    reality = f"${rng[0]:,.0f}–${rng[1]:,.0f} per month" if rng else "cannot be computed"
    summary = {
        "accurate": f"Serving {instances} cop{'y' if instances == 1 else 'ies'} costs {reality}, within the claim.",
        "exaggerated": f"Serving {instances} cop{'y' if instances == 1 else 'ies'} 24/7 costs {reality}; the claimed "
                       f"bill implies many more copies or much dearer hardware.",
        "false": f"Serving it costs {reality}, far from the claim.",
        "outdated": "True when said; prices moved since.",
        "unverifiable": "No model or price on record to compute the bill.",
    }.get(final, "")
    return Judgement(final, at_claim, today_verdict, summary, f"${cmin:,.0f}–${cmax:,.0f} per month", reality,
                     then_figs or now_figs,
                     estimate=_what_it_takes(calc, setup, sc.hardware, today) if setup else None,
                     reading=_reading(setup, catalog, min_decode) if setup else (),
                     numbers={"usd_per_month": rng})


def _grade_range(cmin: float, cmax: float, low: float, high: float) -> tuple[str, str]:
    tol = K.ACCURATE_TOLERANCE.value
    if cmax >= low * (1 - tol) and cmin <= high * (1 + tol):
        return "accurate", "overlapping the computed range"
    if cmin > high:
        return grade_number(cmin, low, high)
    return grade_number(cmax, low, high)


def judge_throughput(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    setup = _setup(claim, catalog)
    hw = catalog.hardware[claim.subject.hardware]
    model = catalog.models[setup.model]
    precision = catalog.precisions[setup.precision]
    n = claim.scenario.accelerators
    mem = calc.memory(setup)
    if n is None:
        d = calc.deployment(setup, hw.id)
        layouts = [d.fit.layout] if d.fit else []
    else:
        layouts = fit_.layouts_for(model, hw, n)
    if not layouts:
        return Judgement("unverifiable", None, "unverifiable", f"No legal layout of {n} × {hw.name}.",
                         "", "cannot be computed")
    layout = layouts[0]
    batch = claim.scenario.batch
    if batch is None:  # "maximum throughput": as many sequences as memory holds
        per_seq = calc.memory(Setup(setup.model, setup.precision, setup.kv_precision, setup.context_tokens, 1))
        batch = max(1, min(4096, fit_.max_batch(model, mem.weights.value + mem.overhead.value,
                                                per_seq.kv_cache.value, hw, layout)))
        setup = Setup(setup.model, setup.precision, setup.kv_precision, setup.context_tokens, batch)
        mem = calc.memory(setup)
    s = speed_.estimate_speed(model, precision, mem, hw, layout, setup.context_tokens, batch)
    c = claim.claimed
    if c.tokens_per_s is not None:
        span = s.decode_tokens_per_s_per_sequence if batch == 1 else s.throughput_tokens_per_s
        claimed_value, what = c.tokens_per_s, ("tokens/s per sequence" if batch == 1 else "tokens/s in total")
    else:
        span, claimed_value, what = s.time_to_first_token_s, c.latency_s, "s to first token"
    if span is None:
        return Judgement("unverifiable", None, "unverifiable", f"No sourced peak FLOPS for {hw.name}.",
                         f"{claimed_value:g} {what}", "cannot be computed")
    verdict, how = grade_number(claimed_value, span.low, span.high)
    reality = f"{span.central:,.0f} {what} ({span.low:,.0f}–{span.high:,.0f}) on {layout.accelerators} × {hw.name}"
    summary = {
        "accurate": f"The arithmetic gives {reality}: the claim is within range.",
        "exaggerated": f"The arithmetic gives {reality}; the claimed {claimed_value:,.0f} is {how}.",
        "false": f"The arithmetic gives {reality}; the claimed {claimed_value:,.0f} is {how}.",
    }[verdict]
    if verdict != "accurate" and claimed_value > span.high:
        summary += " Techniques the engine does not model (speculative decoding, attention data parallelism) can close part of such gaps."
    grid = None
    if batch == 1 and c.tokens_per_s is not None:
        # When would it be true: how many accelerators reach the claimed per-sequence speed, set-up by set-up.
        limit = n or layout.accelerators
        grid = count_grid(calc, claim, setup, [hw.id], claimed_value, lambda x: x is not None and x <= limit)
    return Judgement(verdict, verdict, verdict, summary, f"{claimed_value:,g} {what}", reality,
                     s.explanation, grid, _what_it_takes(calc, setup, hw.id, today),
                     _reading(setup, catalog, None) + (f"{layout.accelerators} × {hw.name} "
                                                       f"(TP {layout.tensor_parallel} × PP {layout.pipeline_parallel})",),
                     {"computed": span.as_dict(), "claimed": claimed_value, "batch": batch})


def judge_training_cost(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    model = catalog.models[claim.subject.model]
    sc, c = claim.scenario, claim.claimed
    if not sc.training_tokens or not sc.hardware:
        return Judgement("unverifiable", None, "unverifiable",
                         "The training token count or hardware is not published, so the GPU-hours cannot be recomputed.",
                         _claimed_training(c), "cannot be computed", reading=("training tokens: not published",))
    hw = catalog.hardware[sc.hardware]
    dtype = catalog.precisions[sc.precision].compute_dtype if sc.precision else "bf16"
    peak = getattr(hw.peak_dense_tflops, dtype) or hw.peak_dense_tflops.bf16
    band = K.TRAINING_FLOPS_UTILIZATION
    central_mfu = sc.model_flops_utilization or band.central
    mfus = (central_mfu * band.low / band.central, central_mfu, central_mfu * band.high / band.central)
    flops = K.TRAINING_FLOPS_PER_TOKEN_PER_PARAM.value * model.active_params * sc.training_tokens
    # Low GPU-hours ↔ high utilisation.
    hours = Span(*(flops / (peak * 1e12 * m * 3600) for m in reversed(mfus)))
    figures = [Figure("Training compute", flops, "FLOPs", "6 × active params × training tokens",
                      f"6 × {num(model.active_params)} × {sc.training_tokens:,.3g} = {flops:,.3g} FLOPs"),
               Figure("GPU-hours", hours.central, "GPU-hours",
                      "FLOPs ÷ (peak dense FLOPS × model FLOPS utilisation × 3,600)",
                      f"{flops:,.3g} ÷ ({peak:,.0f} TFLOPS {dtype} × {central_mfu:.0%} × 3,600) = "
                      f"{hours.central:,.0f} GPU-hours (range {hours.low:,.0f}–{hours.high:,.0f} for utilisation "
                      f"{mfus[2]:.0%}–{mfus[0]:.0%})")]
    verdicts = []
    if c.gpu_hours is not None:
        verdicts.append(grade_number(c.gpu_hours, hours.low, hours.high)[0])
    rate = sc.usd_per_gpu_hour
    usd = None
    if rate is not None:
        usd = hours.scaled(float(rate))
        figures.append(Figure("Cost", usd.central, "USD", "GPU-hours × USD per GPU-hour",
                              f"{hours.central:,.0f} × ${rate} = ${usd.central:,.0f} (range ${usd.low:,.0f}–${usd.high:,.0f})"))
        if c.usd is not None:
            verdicts.append(grade_number(float(c.usd), usd.low, usd.high)[0])
    order = {v: i for i, v in enumerate(VERDICTS)}
    verdict = max(verdicts, key=lambda v: order[v]) if verdicts else "unverifiable"
    reality = f"{hours.central:,.0f} GPU-hours ({hours.low:,.0f}–{hours.high:,.0f})" + (
        f", ${usd.central:,.0f}" if usd else "")
    leaves_out = ("The figure covers the GPU time of the final training run only: not the experiments and failed "
                  "runs before it, data, staff, or buying the cluster.")
    summary = {
        "accurate": f"The arithmetic gives {reality}, consistent with the claim. {leaves_out}",
        "exaggerated": f"The arithmetic gives {reality}, off from the claim. {leaves_out}",
        "false": f"The arithmetic gives {reality}, far from the claim. {leaves_out}",
        "unverifiable": "Cannot be recomputed.",
    }[verdict]
    return Judgement(verdict, verdict, verdict, summary, _claimed_training(c), reality, tuple(figures),
                     reading=(f"{sc.training_tokens:,.3g} training tokens", f"{hw.name} at {dtype}",
                              f"utilisation {central_mfu:.0%}"),
                     numbers={"gpu_hours": hours.as_dict(), "usd": usd.as_dict() if usd else None})


def _claimed_training(c) -> str:
    parts = []
    if c.gpu_hours is not None:
        parts.append(f"{c.gpu_hours:,.0f} GPU-hours")
    if c.usd is not None:
        parts.append(f"${c.usd:,.0f}")
    return ", ".join(parts)


def judge_self_host(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    catalog = calc.catalog
    sc, s = claim.scenario, claim.subject
    setup = _setup(claim, catalog)
    model = catalog.models[setup.model]
    hw_ids = [sc.hardware] if sc.hardware else available_hardware(catalog, claim.said_on)
    api = token_price(s.api_provider, s.api_model, claim.said_on) or token_price(s.api_provider, s.api_model, today)
    if api is None:
        return Judgement("unverifiable", None, "unverifiable", "No API price on record for that date.",
                         f"{claim.claimed.cheaper} is cheaper", "cannot be computed")
    api_per_mtok = api.blended(K.API_INPUT_SHARE.value)
    best = None
    for h in hw_ids:
        d = calc.deployment(setup, h)
        if not d.fit:
            continue
        hw = catalog.hardware[h]
        mem = calc.memory(setup)
        per_seq = calc.memory(Setup(setup.model, setup.precision, setup.kv_precision, setup.context_tokens, 1))
        batch = max(1, min(256, fit_.max_batch(model, mem.weights.value + mem.overhead.value,
                                               per_seq.kv_cache.value, hw, d.fit.layout)))
        busy = Setup(setup.model, setup.precision, setup.kv_precision, setup.context_tokens, batch)
        sp = speed_.estimate_speed(model, catalog.precisions[setup.precision], calc.memory(busy), hw, d.fit.layout,
                                   setup.context_tokens, batch)
        if sc.usd_per_gpu_hour is not None:
            usd_hour = float(sc.usd_per_gpu_hour) * d.fit.layout.accelerators
        else:
            priced = calc.priced(d, claim.said_on) if calc.priced(d, claim.said_on).cost else calc.priced(d, today)
            if not priced.cost:
                continue
            usd_hour = float(priced.cost.usd_per_hour)
        if best is None or usd_hour / sp.throughput_tokens_per_s.central < best[0] / best[1].throughput_tokens_per_s.central:
            best = (usd_hour, sp, d, batch)
    if best is None:
        return Judgement("unverifiable", None, "unverifiable", "No priced hardware holds the model.",
                         f"{claim.claimed.cheaper} is cheaper", "cannot be computed")
    usd_hour, sp, d, batch = best
    capacity_per_month = sp.throughput_tokens_per_s.central * 3600 * K.HOURS_PER_MONTH.value
    if sc.tokens_per_month:
        load = sc.tokens_per_month
    else:
        load = capacity_per_month * (sc.utilization_percent or 100) / 100
    load = min(load, capacity_per_month)
    self_month = usd_hour * K.HOURS_PER_MONTH.value
    api_month = load / 1e6 * api_per_mtok
    self_per_mtok = self_month / (load / 1e6)
    break_even = self_month / api_per_mtok * 1e6
    cheaper = "self-host" if self_month < api_month else "api"
    if cheaper == claim.claimed.cheaper:
        verdict = "accurate"
    elif 0.1 <= break_even / load <= 10:
        verdict = "needs-context"
    else:
        verdict = "false"
    figures = (
        Figure("Self-hosting", self_per_mtok, "USD per million tokens",
               "USD/hour × 730 ÷ tokens per month",
               f"{_count_text(d)} at ${usd_hour:,.2f}/h, batch {batch} → {sp.throughput_tokens_per_s.central:,.0f} "
               f"tokens/s; {load / 1e6:,.0f}M tokens a month → ${self_per_mtok:,.2f} per million"),
        Figure("API", api_per_mtok, "USD per million tokens",
               f"{K.API_INPUT_SHARE.value:.0%} input × input price + {1 - K.API_INPUT_SHARE.value:.0%} output × output price",
               f"{api.model_name} ({api.provider}): ${api.usd_per_million_input}/M input, ${api.usd_per_million_output}/M "
               f"output → ${api_per_mtok:,.2f} per million (genai-prices {GENAI_PRICES_VERSION})"),
        Figure("Break-even", break_even, "tokens per month", "self-hosting USD per month ÷ API USD per token",
               f"${self_month:,.0f} ÷ ${api_per_mtok:,.2f} per million = {break_even / 1e6:,.0f}M tokens a month"),
    )
    reality = (f"self-hosting ${self_per_mtok:,.2f} vs API ${api_per_mtok:,.2f} per million tokens at "
               f"{load / 1e6:,.0f}M tokens a month; break-even {break_even / 1e6:,.0f}M a month")
    summary = {
        "accurate": f"At this load {cheaper.replace('-', ' ')} is cheaper: {reality}.",
        "needs-context": f"At the stated load {cheaper.replace('-', ' ')} is cheaper ({reality}); the claim holds at "
                         f"other loads — the break-even is close.",
        "false": f"{cheaper.replace('-', ' ').capitalize()} is cheaper by a wide margin: {reality}.",
    }[verdict]
    return Judgement(verdict, verdict, verdict, summary, f"{claim.claimed.cheaper.replace('-', ' ')} is cheaper",
                     reality, figures + d.explanation(), reading=_reading(setup, catalog, None) + (
                         f"utilisation {load / capacity_per_month:.0%} of {_count_text(d)}",),
                     numbers={"self_host_usd_per_million_tokens": self_per_mtok,
                              "api_usd_per_million_tokens": api_per_mtok,
                              "break_even_tokens_per_month": break_even,
                              "genai_prices_version": GENAI_PRICES_VERSION})


def judge_evidence(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    findings = len(claim.evidence or [])
    return Judgement(claim.verdict, claim.verdict, claim.verdict,
                     f"Judged from {findings} cited finding{'s' if findings != 1 else ''} (table below).",
                     claim.claimed.statement, "see the evidence table")


def _reading(setup: Setup | None, catalog, min_decode: float | None) -> tuple[str, ...]:
    if setup is None:
        return ()
    out = (f"weights: {catalog.precisions[setup.precision].name}", f"KV cache: {catalog.precisions[setup.kv_precision].name}",
           f"context: {num(setup.context_tokens)} tokens", f"batch: {setup.batch}")
    if min_decode is not None:
        out += (f"at least {min_decode:g} tokens/s per sequence",)
    return out


JUDGES = {
    "runs-on": judge_runs_on,
    "needs-at-least": judge_needs_at_least,
    "rental-price": judge_rental_price,
    "deployment-cost": judge_deployment_cost,
    "throughput": judge_throughput,
    "unit-price": judge_unit_price,
    "training-cost": judge_training_cost,
    "self-host-vs-api": judge_self_host,
    "evidence": judge_evidence,
}


def judge(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    judgement = JUDGES[claim.kind](claim, calc, today)
    history = claim_history(claim, lambda day: JUDGES[claim.kind](claim, calc, day).verdict_today, calc.catalog,
                            today)
    return replace(judgement, history=history) if history else judgement


__all__ = ["ADMONITIONS", "Cell", "Grid", "Judgement", "LABELS", "VERDICTS", "judge", "Decimal"]
