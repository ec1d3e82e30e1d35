"""The set-up a claim is tested under, the deployments that answer it, and the grid of other set-ups."""

from __future__ import annotations

import datetime as dt

from generator import constants as K
from generator.engine.calculator import Calculator, Setup, default_kv
from generator.engine.estimate import Deployment, Estimate
from generator.engine.figures import num
from generator.records.schemas import Claim
from generator.verdicts.policy import READING_NAMES, Reading, read
from generator.verdicts.result import Cell, Grid


def setup_for(claim: Claim, catalog) -> Setup:
    model = catalog.models[claim.subject.model]
    precision = claim.scenario.precision or model.native_dtype
    kv = claim.scenario.kv_precision or default_kv(precision)
    context = claim.scenario.context_tokens or int(K.DEFAULT_CONTEXT_TOKENS.value)
    return Setup(model.id, precision, kv, context, claim.scenario.batch or 1)


def min_decode_for(claim: Claim) -> float:
    return claim.scenario.min_decode_tokens_per_s or K.DEFAULT_MIN_DECODE_TOKENS_PER_S.value


def describe(setup: Setup, catalog) -> str:
    p = catalog.precisions[setup.precision]
    return (f"{catalog.models[setup.model].name} at {p.name}, {num(setup.context_tokens)} tokens of context, "
            f"batch {setup.batch}")


def fewest(calc: Calculator, setup: Setup, hardware_ids, min_decode: float) -> tuple[Deployment | None, dict]:
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


def rate_text(value: float) -> str:
    """Tokens/s as a reader would write them: whole numbers from 10 up, two significant figures below."""
    return f"{value:,.0f}" if value >= 10 else f"{value:.2g}"


def count_text(d: Deployment | None) -> str:
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

    stated = ", ".join(claim.scenario.stated)
    note = (f"Each cell: accelerators needed at that precision and context, batch {setup.batch}, to reach "
            f"{min_decode:g} tokens/s per sequence at the fast end of the speed band (a claim is counted wrong only "
            f"when it is wrong across the band; — = no count does). ✓ marks where the claim holds. The grid shows "
            f"other readings for context; it never overturns the verdict"
            + (f" or what the claim states ({stated})." if stated else "."))
    if len(hardware_ids) == 1:  # one accelerator type: precisions down, contexts across
        hw = hardware_ids[0]
        return Grid(f"{catalog.hardware[hw].name} · weights", tuple(short_name(catalog.precisions[p]) for p in precisions),
                    tuple(f"{short_tokens(c)} tokens" for c in contexts),
                    tuple(tuple(cell(hw, p, c) for c in contexts) for p in precisions), note)
    columns = tuple(f"{short_name(catalog.precisions[p])} · {short_tokens(c)}" for p in precisions for c in contexts)
    rows = tuple(catalog.hardware[hw].name.split(" (")[0] for hw in hardware_ids)
    cells = tuple(tuple(cell(hw, p, c) for p in precisions for c in contexts) for hw in hardware_ids)
    return Grid("Accelerator", rows, columns, cells, note)


def grid_hardware(claim_hw: str | None, catalog) -> list[str]:
    if claim_hw:
        return [claim_hw]
    return [h for h in K.GRID_HARDWARE if h in catalog.hardware]


def what_it_takes(calc: Calculator, setup: Setup, extra: str | None, on: dt.date) -> Estimate:
    hardware = [h for h in K.GRID_HARDWARE if h in calc.catalog.hardware]
    if extra and extra not in hardware:
        hardware.insert(0, extra)
    return calc.estimate(setup, hardware, on)


def reading_text(setup: Setup | None, catalog, min_decode: float | None) -> tuple[str, ...]:
    if setup is None:
        return ()
    out = (f"weights: {catalog.precisions[setup.precision].name}", f"KV cache: {catalog.precisions[setup.kv_precision].name}",
           f"context: {num(setup.context_tokens)} tokens", f"batch: {setup.batch}")
    if min_decode is not None:
        out += (f"at least {min_decode:g} tokens/s per sequence",)
    return out


def fewest_at(calc: Calculator, claim: Claim, hardware_ids, on: dt.date, name: str,
              tight_up_to: int | None = None) -> tuple[Deployment | None, Reading | None]:
    """The accelerator type needing the fewest at one reading (each type read on its own: a consumer card's
    typical precision is not a data-centre GPU's), with that reading.

    With `tight_up_to`, a layout of at most that many that holds the set-up only with memory utilisation tuned
    above the default (a tight fit) counts, if it is fast enough: "runs on N" holds when N run it tuned by hand.
    Ties go to the most modest accelerator (least memory, then the faster).
    """
    found = []
    for h in hardware_ids:
        r = read(claim, calc.catalog, h, on, name)
        d = calc.deployment(r.setup, h, r.min_decode_tokens_per_s)
        if tight_up_to is not None:
            tuned = calc.tight(r.setup, h)
            if (tuned and tuned.fit.layout.accelerators <= tight_up_to
                    and (not d.fit or d.fit.layout.accelerators > tight_up_to)
                    and tuned.speed.decode_tokens_per_s_per_sequence.high >= r.min_decode_tokens_per_s):
                d = tuned
        if d.fit:
            found.append((d, r))
    if not found:
        return None, (read(claim, calc.catalog, hardware_ids[0], on, name) if hardware_ids else None)
    return min(found, key=lambda x: (x[0].fit.layout.accelerators, x[0].hardware.memory_gib,
                                     -x[0].speed.decode_tokens_per_s_per_sequence.central))


def reading_lines(*readings: Reading | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(title, notes) per distinct reading, for the page's 'readings we test' list."""
    out, seen = [], set()
    for r in sorted((r for r in readings if r is not None), key=lambda r: r.name != "typical"):
        if r is None or r.notes in seen:
            continue
        seen.add(r.notes)
        out.append((READING_NAMES[r.name], r.notes + (f"at least {r.min_decode_tokens_per_s:g} tokens/s per "
                                                      f"sequence",)))
    return tuple(out)
