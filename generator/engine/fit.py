"""The fewest accelerators of one type that hold a model, arranged the way people run and rent them.

Tensor parallelism (TP) splits every layer across accelerators in one node; serving engines use degrees
1, 2, 4, 8 that divide the attention heads (the KV heads are split, or replicated when TP exceeds them).
Pipeline parallelism (PP) splits the layers into stages, which may sit on other nodes. Cloud machines come
as 1, 2, 4 or 8 accelerators, and a deployment larger than one node rents whole nodes. So the answer is the
fewest *rentable* accelerators; the bare memory floor (total ÷ usable memory per accelerator) is shown
beside it as an explanation, not as the answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterator

from generator import constants
from generator.engine.figures import Figure
from generator.engine.memory import MemoryBreakdown
from generator.records.schemas import Hardware, Model


@dataclass(frozen=True)
class Layout:
    accelerators: int
    tensor_parallel: int
    pipeline_parallel: int
    nodes: int
    attention_data_parallel: bool = False
    """DeepSeek-style serving of a mixture of experts: each sequence's attention (and its KV cache) on one
    accelerator, attention and shared weights replicated, routed experts spread over all (expert parallelism)."""

    @property
    def parallelism(self) -> str:
        if self.attention_data_parallel:
            return f"attention data parallel {self.accelerators} + expert parallel {self.accelerators}"
        return f"TP {self.tensor_parallel} × PP {self.pipeline_parallel}"


def data_parallel(layout: Layout) -> Layout:
    """The same accelerators serving attention by sequence and experts by expert (one node)."""
    return Layout(layout.accelerators, 1, 1, layout.nodes, attention_data_parallel=True)


def replicated_fraction(model: Model) -> float:
    """Share of the weights every rank holds under attention data parallelism: all but the routed experts."""
    if not model.moe:
        return 1.0
    from generator.engine.memory import moe_split

    _, expert = moe_split(model)
    return max(model.params_total - model.moe.experts_total * expert, 0.0) / model.params_total


def memory_bytes(hardware: Hardware) -> int:
    """What the runtime reports for one accelerator (nvidia-smi's total), else the datasheet capacity."""
    if hardware.runtime_memory_mib:
        return hardware.runtime_memory_mib * 2**20
    return hardware.memory_bytes


def usable_bytes(hardware: Hardware, utilization: float | None = None) -> float:
    """Memory one accelerator gives to weights, cache and activations at a memory utilisation (default: the
    serving default, USABLE_MEMORY_FRACTION)."""
    fraction = constants.USABLE_MEMORY_FRACTION.value if utilization is None else utilization
    reserve = constants.RUNTIME_RESERVE_GIB.value * 2**30
    return memory_bytes(hardware) * fraction - reserve


def utilization_needed(hardware: Hardware, need_bytes: float) -> float:
    """The memory utilisation a serving engine must be given for `need_bytes` per accelerator."""
    return (need_bytes + constants.RUNTIME_RESERVE_GIB.value * 2**30) / memory_bytes(hardware)


def tensor_parallel_degrees(model: Model, hardware: Hardware, accelerators: int) -> list[int]:
    """TP degrees a serving engine accepts for this model on `accelerators` of this hardware, widest first.

    TP must divide the attention heads, and the KV heads must split evenly or be replicated evenly
    (vLLM's rule); a TP group stays inside one node.
    """
    per_node = hardware.interconnect.accelerators_per_node
    kv = model.num_key_value_heads
    out = []
    for tp in sorted(constants.TENSOR_PARALLEL_DEGREES, reverse=True):
        if tp > per_node or tp > accelerators or accelerators % tp or model.num_attention_heads % tp:
            continue
        if not model.mla and kv % tp and tp % kv:
            continue
        out.append(tp)
    return out


def layouts_for(model: Model, hardware: Hardware, accelerators: int) -> list[Layout]:
    """Every layout of exactly `accelerators` an engine can run, widest TP group first (widest decodes fastest).
    Pipeline stages cannot outnumber the layers."""
    per_node = hardware.interconnect.accelerators_per_node
    out = []
    for tp in tensor_parallel_degrees(model, hardware, accelerators):
        pp = accelerators // tp
        if pp <= model.num_hidden_layers:
            out.append(Layout(accelerators, tp, pp, math.ceil(accelerators / per_node)))
    return out


def rentable_counts(hardware: Hardware, start: int = 1) -> Iterator[int]:
    """Accelerator counts people rent, from `start` up: 1, 2, 4, 8 within a node, then whole nodes."""
    per_node = hardware.interconnect.accelerators_per_node
    single = sorted({2**k for k in range(per_node.bit_length()) if 2**k <= per_node} | {per_node})
    yield from (n for n in single if n >= start)
    nodes = max(2, math.ceil(start / per_node))
    while True:
        yield nodes * per_node
        nodes += 1


def is_rentable(hardware: Hardware, accelerators: int) -> bool:
    per_node = hardware.interconnect.accelerators_per_node
    if accelerators > per_node:
        return accelerators % per_node == 0
    return accelerators == per_node or accelerators & (accelerators - 1) == 0


def kv_shards(model: Model, tp: int) -> int:
    """How many ways TP splits the KV cache: by KV head, so at most num_key_value_heads ways (beyond that each
    rank holds a replica of one KV head); MLA's single latent vector is not split (every TP rank holds it)."""
    if model.mla:
        return 1
    return min(tp, model.num_key_value_heads)


def bytes_per_accelerator(model: Model, memory: MemoryBreakdown, layout: Layout) -> float:
    """Weights and workspace split evenly; the KV cache split by pipeline stage and KV-head shard. Under
    attention data parallelism the non-expert weights are on every rank and each rank caches its own sequences."""
    n = layout.accelerators
    if layout.attention_data_parallel:
        shared = replicated_fraction(model)
        return (memory.weights.value * (shared + (1 - shared) / n) + memory.overhead.value / n
                + memory.kv_cache.value / n)
    kv = memory.kv_cache.value / layout.pipeline_parallel / kv_shards(model, layout.tensor_parallel)
    return (memory.weights.value + memory.overhead.value) / n + kv


def memory_floor(memory: MemoryBreakdown, hardware: Hardware) -> int:
    """The bare floor: total memory ÷ usable memory per accelerator, rounded up (an explanation, not an answer)."""
    capacity = usable_bytes(hardware)
    return math.ceil(memory.total_bytes / capacity) if capacity > 0 else 0


@dataclass(frozen=True)
class Fit:
    layout: Layout
    bytes_per_accelerator: float
    explanation: Figure
    fit: str = "comfortable"
    """'comfortable': holds at the serving default utilisation; 'tight': only when tuned up to `utilization`."""
    utilization: float = 0.0
    """The memory utilisation this layout needs."""
    memory_floor_accelerators: int = 0
    tight: "Fit | None" = None
    """A smaller rentable layout that holds the model only when tuned (shown beside the answer)."""


def fit_layout(model: Model, memory: MemoryBreakdown, hardware: Hardware, layout: Layout) -> Fit | None:
    """Whether one stated layout holds the set-up: comfortably, tightly, or not at all (None)."""
    need = bytes_per_accelerator(model, memory, layout)
    floor = memory_floor(memory, hardware)
    if need <= usable_bytes(hardware):
        kind = "comfortable"
    elif need <= usable_bytes(hardware, constants.TIGHT_MEMORY_UTILIZATION.value):
        kind = "tight"
    else:
        return None
    return Fit(layout, need, _explain(hardware, layout, need, kind, floor), kind,
               utilization_needed(hardware, need), floor)


def fewest(model: Model, memory: MemoryBreakdown, hardware: Hardware, at_least: int = 1) -> Fit | None:
    """The smallest rentable layout (at least `at_least` accelerators) that holds the set-up at the serving
    default, with any smaller layout that would need tuning; None if none does."""
    if usable_bytes(hardware) <= 0:
        return None
    # No count below the floor at the tuned utilisation can hold the model: start there.
    tight_capacity = usable_bytes(hardware, constants.TIGHT_MEMORY_UTILIZATION.value)
    start = max(at_least, math.floor(memory.total_bytes / tight_capacity), 1)
    limit = min(constants.MAX_ACCELERATORS, model.num_hidden_layers * hardware.interconnect.accelerators_per_node)
    tight = None
    for n in rentable_counts(hardware, start):
        if n > limit:
            return None
        for layout in layouts_for(model, hardware, n):
            found = fit_layout(model, memory, hardware, layout)
            if found is None:
                continue
            if found.fit == "comfortable":
                return Fit(found.layout, found.bytes_per_accelerator, found.explanation, found.fit,
                           found.utilization, found.memory_floor_accelerators, tight)
            tight = tight or found
    return None


def nearest_layouts(model: Model, memory: MemoryBreakdown, hardware: Hardware, accelerators: int,
                    count: int = 3) -> list[Fit]:
    """Rentable layouts that hold the set-up, nearest to `accelerators` first (for 'not a legal layout' errors)."""
    found = []
    best = fewest(model, memory, hardware)
    if best is None:
        return []
    for n in rentable_counts(hardware, best.layout.accelerators):
        if len(found) >= count * 2 or n > max(accelerators, best.layout.accelerators) * 4:
            break
        fits = [f for f in (fit_layout(model, memory, hardware, layout) for layout in layouts_for(model, hardware, n))
                if f is not None and f.fit == "comfortable"]
        found += fits[:1]
    return sorted(found, key=lambda f: (abs(f.layout.accelerators - accelerators), f.layout.accelerators))[:count]


def layout_text(hardware: Hardware, layout: Layout) -> str:
    nodes = f"{layout.nodes} node{'s' if layout.nodes > 1 else ''}"
    return f"{layout.accelerators} × {hardware.name} ({layout.parallelism}, {nodes})"


def _explain(hardware: Hardware, layout: Layout, need: float, kind: str, floor: int) -> Figure:
    frac = constants.USABLE_MEMORY_FRACTION.value
    reserve = constants.RUNTIME_RESERVE_GIB.value
    memory = memory_bytes(hardware) / 2**30
    source = "as the runtime reports it" if hardware.runtime_memory_mib else "datasheet"
    usable = usable_bytes(hardware) / 2**30
    usable_step = f"{memory:,.2f} GiB × {frac:g} − {reserve:g} GiB = {usable:,.2f} GiB"
    if kind == "comfortable":
        check = f"{need / 2**30:,.2f} GiB per accelerator ≤ usable {usable_step} ({source})"
        steps = (usable_step,)
    else:
        util = utilization_needed(hardware, need)
        util_step = f"({need / 2**30:,.2f} GiB + {reserve:g} GiB) ÷ {memory:,.2f} GiB = {util:.3f}"
        check = (f"tight: {need / 2**30:,.2f} GiB per accelerator is more than the usable {usable_step} ({source}); "
                 f"it needs a memory utilisation of {util_step}, above the {frac:g} default")
        steps = (usable_step, util_step)
    return Figure(
        "Fit", layout.accelerators, "accelerators",
        "fewest rentable n (1, 2, 4, 8 in a node, then whole nodes; TP ∈ {1, 2, 4, 8} dividing the heads) with "
        "(weights + workspace) ÷ n + KV ÷ (PP × KV shards) ≤ memory × USABLE_MEMORY_FRACTION − RUNTIME_RESERVE",
        f"{layout_text(hardware, layout)}: {check}; memory floor {floor} (total ÷ usable per accelerator)", steps,
    )


def max_batch_figure(model: Model, weights_and_workspace_bytes: float, kv_bytes_per_sequence: float,
                     hardware: Hardware, layout: Layout, cap: int) -> Figure:
    """How the batch was chosen when a claim leaves it to memory: the step a reader redoes, and the cap."""
    n = layout.accelerators
    usable = usable_bytes(hardware) / 2**30
    if layout.attention_data_parallel:
        shared = replicated_fraction(model)
        per_rank = weights_and_workspace_bytes * (shared + (1 - shared) / n) / 2**30
        per_seq = kv_bytes_per_sequence / n / 2**30
        step = f"({usable:,.2f} GiB − {per_rank:,.2f} GiB) ÷ {per_seq:,.4f} GiB = {(usable - per_rank) / per_seq:,.1f}"
        formula = ("(usable memory per accelerator − its share of weights and workspace) ÷ KV cache per sequence ÷ "
                   "accelerators")
    else:
        per_seq = kv_bytes_per_sequence / layout.pipeline_parallel / kv_shards(model, layout.tensor_parallel) / 2**30
        weights = weights_and_workspace_bytes / 2**30
        step = (f"({usable:,.2f} GiB − {weights:,.2f} GiB ÷ {n}) ÷ {per_seq:,.4f} GiB = "
                f"{(usable - weights / n) / per_seq:,.1f}")
        formula = ("(usable memory per accelerator − (weights + workspace) ÷ accelerators) ÷ (KV cache per sequence "
                   "÷ PP ÷ KV shards)")
    batch = max(1, min(cap, max_batch(model, weights_and_workspace_bytes, kv_bytes_per_sequence, hardware, layout)))
    return Figure("Batch from memory", batch, "sequences", formula + f", rounded down, at most {cap:,}",
                  f"{step} → batch {batch:,} (the most sequences whose KV cache fits beside the weights, at most "
                  f"{cap:,})", (step,))


def max_batch(model: Model, weights_and_workspace_bytes: float, kv_bytes_per_sequence: float, hardware: Hardware,
              layout: Layout) -> int:
    """Most sequences whose KV cache fits beside the weights on this layout (0 if the weights alone do not fit)."""
    if layout.attention_data_parallel:
        shared = replicated_fraction(model)
        room = usable_bytes(hardware) - weights_and_workspace_bytes * (shared + (1 - shared) / layout.accelerators)
        per_sequence = kv_bytes_per_sequence / layout.accelerators  # each rank caches only its own sequences
        return max(int(room // per_sequence), 0) if per_sequence > 0 else 0
    room = usable_bytes(hardware) - weights_and_workspace_bytes / layout.accelerators
    per_sequence = kv_bytes_per_sequence / layout.pipeline_parallel / kv_shards(model, layout.tensor_parallel)
    return max(int(room // per_sequence), 0) if per_sequence > 0 else 0
