"""One question, one answer: what it takes to serve a model at a precision, context and batch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from generator import constants
from generator.engine import cost as cost_
from generator.engine import fit as fit_
from generator.engine import memory as memory_
from generator.engine import speed as speed_
from generator.engine.figures import Figure
from generator.records.schemas import Hardware, Model, Precision


@dataclass(frozen=True)
class Deployment:
    hardware: Hardware
    fit: fit_.Fit | None
    speed: speed_.Speed | None
    cost: cost_.Cost | None

    @property
    def fits(self) -> bool:
        return self.fit is not None

    def explanation(self) -> tuple[Figure, ...]:
        out: tuple[Figure, ...] = ()
        if self.fit:
            out += (self.fit.explanation,)
        if self.speed:
            out += self.speed.explanation
        if self.cost:
            out += self.cost.explanation
        return out

    def as_json(self) -> dict:
        """Every key of DEPLOYMENT_KEYS, always: `null` where it does not apply (no fit, no price)."""
        out: dict = dict.fromkeys(DEPLOYMENT_KEYS)
        out.update(hardware=self.hardware.id, fits=self.fits)
        if not self.fit or not self.speed:
            return out
        layout = self.fit.layout
        out.update({
            "accelerators": layout.accelerators,
            "nodes": layout.nodes,
            "tensor_parallel": layout.tensor_parallel,
            "pipeline_parallel": layout.pipeline_parallel,
            "parallelism": layout.parallelism,
            "memory_per_accelerator_bytes": round(self.fit.bytes_per_accelerator),
            "fit": self.fit.fit,
            "memory_utilization_needed": round(self.fit.utilization, 3),
            "memory_floor_accelerators": self.fit.memory_floor_accelerators,
            "tight_accelerators": self.fit.tight.layout.accelerators if self.fit.tight else None,
            "tight_memory_utilization": round(self.fit.tight.utilization, 3) if self.fit.tight else None,
            "decode_tokens_per_s_per_sequence": self.speed.decode_tokens_per_s_per_sequence.as_dict(),
            "throughput_tokens_per_s": self.speed.throughput_tokens_per_s.as_dict(),
            "time_to_first_token_s": (self.speed.time_to_first_token_s.as_dict()
                                      if self.speed.time_to_first_token_s else None),
            "decode_bound": self.speed.bound,
        })
        if self.cost:
            out.update(self.cost.as_json())
        return out


#: The keys of each `deployments[]` entry of `estimate --json`, in order (documented in the README).
DEPLOYMENT_KEYS = (
    "hardware", "fits", "accelerators", "nodes", "tensor_parallel", "pipeline_parallel", "parallelism",
    "memory_per_accelerator_bytes", "fit", "memory_utilization_needed", "memory_floor_accelerators",
    "tight_accelerators", "tight_memory_utilization", "decode_tokens_per_s_per_sequence", "throughput_tokens_per_s",
    "time_to_first_token_s", "decode_bound", "usd_per_hour", "usd_per_month", "usd_per_million_tokens",
    "price_source", "price_id", "price_observed", "instances",
)


@dataclass(frozen=True)
class Estimate:
    model: Model
    precision: Precision
    kv_precision: Precision
    context_tokens: int
    batch: int
    on: dt.date
    memory: memory_.MemoryBreakdown
    deployments: tuple[Deployment, ...]

    def as_json(self) -> dict:
        return {
            "model": self.model.id,
            "precision": self.precision.id,
            "kv_precision": self.kv_precision.id,
            "context_tokens": self.context_tokens,
            "batch": self.batch,
            "date": self.on.isoformat(),
            "params_total": self.model.params_total,
            "params_active": self.model.active_params,
            "memory": self.memory.as_json(),
            "deployments": [d.as_json() for d in self.deployments],
        }


def deploy(model: Model, precision: Precision, memory: memory_.MemoryBreakdown, hardware: Hardware,
           context_tokens: int, batch: int, prices: Iterable[object], on: dt.date, at_least: int = 1,
           stated: "Stated | None" = None) -> Deployment:
    """Fewest rentable accelerators of one type (or the stated deployment), their speed, and their rental cost."""
    fit = fit_.fewest(model, memory, hardware, at_least) if stated is None else stated_fit(model, memory, hardware, stated)
    if fit is None:
        return Deployment(hardware, None, None, None)
    speed = speed_.estimate_speed(model, precision, memory, hardware, fit.layout, context_tokens, batch)
    cost = cost_.deployment_cost(prices, hardware.id, fit.layout.accelerators, on, speed.throughput_tokens_per_s)
    return Deployment(hardware, fit, speed, cost)


@dataclass(frozen=True)
class Stated:
    """A deployment someone has or asks about: a count, and optionally its TP and PP degrees."""

    accelerators: int
    tensor_parallel: int | None = None
    pipeline_parallel: int | None = None
    attention_data_parallel: bool = False


class LayoutError(ValueError):
    """A stated deployment that an engine cannot run, or that cannot hold the set-up; says what would."""


def stated_fit(model: Model, memory: memory_.MemoryBreakdown, hardware: Hardware, stated: Stated) -> fit_.Fit:
    """The widest legal layout of the stated deployment that holds the set-up (comfortably, else tightly)."""
    n, tp, pp = stated.accelerators, stated.tensor_parallel, stated.pipeline_parallel
    layouts = [layout for layout in fit_.layouts_for(model, hardware, n)
               if (tp is None or layout.tensor_parallel == tp) and (pp is None or layout.pipeline_parallel == pp)]

    def hint() -> str:
        """Only when the stated deployment fails: finding the nearest ones costs a fit search."""
        nearest = ", ".join(fit_.layout_text(hardware, f.layout)
                            for f in fit_.nearest_layouts(model, memory, hardware, n))
        return f"; nearest that hold it: {nearest}" if nearest else "; no rentable layout of it holds this set-up"

    if not layouts:
        degrees = ", ".join(map(str, fit_.tensor_parallel_degrees(model, hardware, n))) or "none"
        asked = f"TP {tp} × PP {pp or n // (tp or 1)}" if tp else (f"PP {pp}" if pp else "")
        raise LayoutError(
            f"{n} × {hardware.name}{' as ' + asked if asked else ''} is not a layout an engine runs for {model.name}: "
            f"TP must be one of {', '.join(map(str, constants.TENSOR_PARALLEL_DEGREES))}, at most "
            f"{hardware.interconnect.accelerators_per_node} (one node), dividing its {model.num_attention_heads} "
            f"attention heads and {model.num_key_value_heads} KV heads and the count, with at most "
            f"{model.num_hidden_layers} pipeline stages (TP degrees possible on {n}: {degrees}){hint()}")
    if stated.attention_data_parallel:
        if not model.moe:
            raise LayoutError(f"attention data parallelism with expert parallelism serves mixture-of-experts models; "
                              f"{model.name} is dense")
        layouts = [fit_.data_parallel(layouts[0])]
    for layout in layouts:
        held = fit_.fit_layout(model, memory, hardware, layout)
        if held is not None:
            return held
    need = min(fit_.bytes_per_accelerator(model, memory, layout) for layout in layouts)
    raise LayoutError(
        f"{n} × {hardware.name} cannot hold {model.name} here: {need / 1e9:,.1f} GB per accelerator against "
        f"{fit_.usable_bytes(hardware) / 1e9:,.1f} GB usable at the default utilisation "
        f"({fit_.usable_bytes(hardware, constants.TIGHT_MEMORY_UTILIZATION.value) / 1e9:,.1f} GB tuned){hint()}")


def estimate(model: Model, precision: Precision, kv_precision: Precision, context_tokens: int, batch: int,
             hardware: Iterable[Hardware], prices: Iterable[object], on: dt.date,
             stated: Stated | None = None) -> Estimate:
    """Raises LayoutError when a stated deployment cannot run or hold the set-up."""
    if context_tokens <= 0 or batch <= 0:
        raise ValueError("context_tokens and batch must be positive")
    prices = list(prices)
    memory = memory_.breakdown(model, precision, kv_precision, context_tokens, batch)
    deployments = tuple(deploy(model, precision, memory, hw, context_tokens, batch, prices, on, stated=stated)
                        for hw in hardware)
    return Estimate(model, precision, kv_precision, context_tokens, batch, on, memory, deployments)
