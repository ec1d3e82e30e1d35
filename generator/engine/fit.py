"""The fewest accelerators of one type that hold a model, and how they are arranged.

Tensor parallelism (TP) splits every layer across accelerators in one node; its degree must divide the
attention heads. Pipeline parallelism (PP) splits the layers into stages, which may sit on other nodes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from generator import constants
from generator.engine.figures import Figure, gb
from generator.engine.memory import MemoryBreakdown
from generator.schemas import Hardware, Model


@dataclass(frozen=True)
class Layout:
    accelerators: int
    tensor_parallel: int
    pipeline_parallel: int
    nodes: int


def usable_bytes(hardware: Hardware) -> float:
    """Memory one accelerator gives to weights, cache and activations."""
    reserve = constants.RUNTIME_RESERVE_GIB.value * 2**30
    return hardware.memory_bytes * constants.USABLE_MEMORY_FRACTION.value - reserve


def layouts_for(model: Model, hardware: Hardware, accelerators: int) -> list[Layout]:
    """Legal layouts of `accelerators`, widest TP group first (widest is fastest for decode).

    TP must divide the attention heads and stay within one node; PP stages cannot outnumber the layers.
    """
    per_node = hardware.interconnect.accelerators_per_node
    out = []
    for tp in range(min(per_node, accelerators), 0, -1):
        if model.num_attention_heads % tp or accelerators % tp:
            continue
        pp = accelerators // tp
        if pp > model.num_hidden_layers:
            continue
        out.append(Layout(accelerators, tp, pp, math.ceil(pp / (per_node // tp))))
    return out


def kv_shards(model: Model, tp: int) -> int:
    """How many ways TP splits the KV cache: by KV head, so at most num_key_value_heads ways;
    MLA's single latent vector is not split (every TP rank holds it whole)."""
    if model.mla:
        return 1
    return min(tp, model.num_key_value_heads)


def bytes_per_accelerator(model: Model, memory: MemoryBreakdown, layout: Layout) -> float:
    """Weights and workspace split evenly; the KV cache split by pipeline stage and KV-head shard."""
    n = layout.accelerators
    kv = memory.kv_cache.value / layout.pipeline_parallel / kv_shards(model, layout.tensor_parallel)
    return (memory.weights.value + memory.overhead.value) / n + kv


@dataclass(frozen=True)
class Fit:
    layout: Layout
    bytes_per_accelerator: float
    explanation: Figure


def fewest(model: Model, memory: MemoryBreakdown, hardware: Hardware, at_least: int = 1) -> Fit | None:
    """The smallest layout (at least `at_least` accelerators) whose per-accelerator need fits; None if none does."""
    capacity = usable_bytes(hardware)
    if capacity <= 0:
        return None
    # Each accelerator holds at least total ÷ n, so no n below total ÷ capacity can fit: start there.
    start = max(at_least, math.floor(memory.total_bytes / capacity), 1)
    limit = min(constants.MAX_ACCELERATORS, model.num_hidden_layers * hardware.interconnect.accelerators_per_node)
    for n in range(start, limit + 1):
        for layout in layouts_for(model, hardware, n):
            need = bytes_per_accelerator(model, memory, layout)
            if need <= capacity:
                return Fit(layout, need, _explain(hardware, layout, need, capacity))
    return None


def _explain(hardware: Hardware, layout: Layout, need: float, capacity: float) -> Figure:
    frac = constants.USABLE_MEMORY_FRACTION.value
    reserve = constants.RUNTIME_RESERVE_GIB.value
    nodes = f"{layout.nodes} node{'s' if layout.nodes > 1 else ''}"
    return Figure(
        "Fit", layout.accelerators, "accelerators",
        "fewest n with (weights + workspace) ÷ n + KV ÷ (PP × KV shards) ≤ memory × USABLE_MEMORY_FRACTION "
        "− RUNTIME_RESERVE",
        f"{layout.accelerators} × {hardware.name} (TP {layout.tensor_parallel} × PP {layout.pipeline_parallel}, "
        f"{nodes}): {gb(need)} per accelerator ≤ {hardware.memory_gib:g} GiB × {frac:g} − {reserve:g} GiB "
        f"= {gb(capacity)}",
    )


def max_batch(model: Model, weights_and_workspace_bytes: float, kv_bytes_per_sequence: float, hardware: Hardware,
              layout: Layout) -> int:
    """Most sequences whose KV cache fits beside the weights on this layout (0 if the weights alone do not fit)."""
    room = usable_bytes(hardware) - weights_and_workspace_bytes / layout.accelerators
    per_sequence = kv_bytes_per_sequence / layout.pipeline_parallel / kv_shards(model, layout.tensor_parallel)
    return max(int(room // per_sequence), 0) if per_sequence > 0 else 0
