"""A memo over the engine for one catalog, so a site build computes each set-up once.

Verdicts, grids, model pages and hardware pages ask the same questions many times ("Llama 3.1 70B at FP8,
32K, batch 1, on H100s?"). Results depend only on model, precision, KV precision, context, batch and
hardware (and the date, for prices), never on the claim that asked; `mkdocs serve` keeps one Calculator
across rebuilds while `data/` is unchanged, so editing a claim recomputes only that claim.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator import constants
from generator.engine import cost as cost_
from generator.engine import fit as fit_
from generator.engine import memory as memory_
from generator.engine import speed as speed_
from generator.engine.estimate import Deployment, Estimate


@dataclass(frozen=True)
class Setup:
    model: str
    precision: str
    kv_precision: str
    context_tokens: int
    batch: int


class Calculator:
    def __init__(self, catalog):
        self.catalog = catalog
        self._memory: dict[Setup, memory_.MemoryBreakdown] = {}
        self._deployments: dict[tuple, Deployment] = {}
        self._costs: dict[tuple, cost_.Cost | None] = {}
        self._ladders: dict[tuple, list[Deployment]] = {}
        self.hits = 0
        self.misses = 0

    def memory(self, setup: Setup) -> memory_.MemoryBreakdown:
        if setup not in self._memory:
            c = self.catalog
            self._memory[setup] = memory_.breakdown(c.models[setup.model], c.precisions[setup.precision],
                                                    c.precisions[setup.kv_precision], setup.context_tokens,
                                                    setup.batch)
        return self._memory[setup]

    def deployment(self, setup: Setup, hardware_id: str, min_decode_tokens_per_s: float | None = None) -> Deployment:
        """Fewest accelerators of one type that hold the set-up (and, if asked, decode at least that fast)."""
        key = (setup, hardware_id, min_decode_tokens_per_s)
        if key in self._deployments:
            self.hits += 1
            return self._deployments[key]
        self.misses += 1
        c = self.catalog
        model, precision, hardware = c.models[setup.model], c.precisions[setup.precision], c.hardware[hardware_id]
        mem = self.memory(setup)
        if min_decode_tokens_per_s is not None:
            # Claims ask for many different speeds: the fewest-that-fits result is shared, only the ladder walk differs.
            first = self.deployment(setup, hardware_id)
            result = first if first.fit is None else self._fast_enough(
                model, precision, mem, hardware, first.fit, setup, first, min_decode_tokens_per_s)
        else:
            found = fit_.fewest(model, mem, hardware)
            result = (Deployment(hardware, None, None, None) if found is None
                      else self._with_speed(model, precision, mem, hardware, found, setup))
        self._deployments[key] = result
        return result

    def _with_speed(self, model, precision, mem, hardware, found, setup) -> Deployment:
        s = speed_.estimate_speed(model, precision, mem, hardware, found.layout, setup.context_tokens, setup.batch)
        return Deployment(hardware, found, s, None)

    def _fast_enough(self, model, precision, mem, hardware, found, setup, first: Deployment,
                     min_decode: float) -> Deployment:
        """Fewest accelerators that also decode at least `min_decode` tokens/s (fast end of the band)."""
        # A claim is wrong only when wrong across the whole band: the fast end of the speed range decides.
        if first.speed.decode_tokens_per_s_per_sequence.high >= min_decode:
            return first
        for d in self._ladder(model, precision, mem, hardware, found, setup):
            if d.speed.decode_tokens_per_s_per_sequence.high >= min_decode:
                return d
        return Deployment(hardware, None, first.speed, None)  # holds the model, never fast enough

    def _ladder(self, model, precision, mem, hardware, found, setup) -> list[Deployment]:
        """For each rentable count above the fewest (up to two nodes more), its fastest layout at the default.

        More accelerators buy speed only through wider TP groups, so a few nodes' worth is enough. The ladder
        does not depend on any claim's speed threshold, so it is computed once per set-up and hardware.
        """
        key = (setup, hardware.id)
        if key in self._ladders:
            return self._ladders[key]
        ladder = []
        per_node = hardware.interconnect.accelerators_per_node
        for n in fit_.rentable_counts(hardware, found.layout.accelerators + 1):
            if n > found.layout.accelerators + 2 * per_node:
                break
            best = None
            for layout in fit_.layouts_for(model, hardware, n):
                held = fit_.fit_layout(model, mem, hardware, layout)
                if held is None or held.fit != "comfortable":
                    continue
                s = speed_.estimate_speed(model, precision, mem, hardware, layout, setup.context_tokens, setup.batch)
                if best is None or s.decode_tokens_per_s_per_sequence.high > best[1].decode_tokens_per_s_per_sequence.high:
                    best = (held, s)
                if layout.pipeline_parallel == 1:
                    break  # the widest TP group of this count: no other layout is faster
            if best:
                ladder.append(Deployment(hardware, best[0], best[1], None))
        self._ladders[key] = ladder
        return ladder

    def tight(self, setup: Setup, hardware_id: str) -> Deployment | None:
        """The smaller layout that holds the set-up only with memory utilisation tuned above the default, with
        its speed; None when the fewest at the default is already the smallest."""
        first = self.deployment(setup, hardware_id)
        if not first.fit or not first.fit.tight:
            return None
        key = (setup, hardware_id, "tight")
        if key not in self._deployments:
            c = self.catalog
            model, precision, hardware = c.models[setup.model], c.precisions[setup.precision], c.hardware[hardware_id]
            self._deployments[key] = self._with_speed(model, precision, self.memory(setup), hardware,
                                                      first.fit.tight, setup)
        return self._deployments[key]

    def priced(self, deployment: Deployment, on: dt.date) -> Deployment:
        """The same deployment with the cheapest offer in force on `on`."""
        if not deployment.fit or not deployment.speed:
            return deployment
        key = (deployment.hardware.id, deployment.fit.layout.accelerators, on,
               deployment.speed.throughput_tokens_per_s)
        if key not in self._costs:
            self._costs[key] = cost_.deployment_cost(self.catalog.prices.values(), deployment.hardware.id,
                                                     deployment.fit.layout.accelerators, on,
                                                     deployment.speed.throughput_tokens_per_s)
        return Deployment(deployment.hardware, deployment.fit, deployment.speed, self._costs[key])

    def estimate(self, setup: Setup, hardware_ids, on: dt.date) -> Estimate:
        c = self.catalog
        deployments = tuple(self.priced(self.deployment(setup, h), on) for h in hardware_ids)
        return Estimate(c.models[setup.model], c.precisions[setup.precision], c.precisions[setup.kv_precision],
                        setup.context_tokens, setup.batch, on, self.memory(setup), deployments)


def default_kv(precision_id: str) -> str:
    """KV-cache precision when a scenario names none: FP8 weights usually come with an FP8 cache, else BF16."""
    return "fp8" if precision_id == "fp8" else "bf16"


def available_hardware(catalog, on: dt.date) -> list[str]:
    """Hardware that existed on a date: a claim made in 2024 is judged against 2024's accelerators."""
    return sorted(h.id for h in catalog.hardware.values() if h.released_on <= on)


__all__ = ["Calculator", "Setup", "available_hardware", "default_kv", "constants"]
