"""Estimate vs published measurement: the engine's report card, for the accuracy page and its test."""

from __future__ import annotations

from dataclasses import dataclass

from generator.engine import memory, speed
from generator.engine.fit import data_parallel, layouts_for, max_batch
from generator.records.schemas import Measurement

UNITS = {"weights-bytes": "bytes", "memory-bytes": "bytes", "decode-tokens-per-s": "tokens/s",
         "throughput-tokens-per-s": "tokens/s"}


@dataclass(frozen=True)
class Comparison:
    measurement: Measurement
    estimate: float | None
    why_none: str | None = None

    @property
    def error_percent(self) -> float | None:
        if self.estimate is None:
            return None
        return (self.estimate - self.measurement.value) / self.measurement.value * 100

    @property
    def tested(self) -> bool:
        """Figures with effects the engine does not model are shown, not held to their tolerance."""
        return self.measurement.not_modelled is None

    @property
    def within_tolerance(self) -> bool:
        return self.error_percent is not None and abs(self.error_percent) <= self.measurement.tolerance_percent


def compare(m: Measurement, catalog) -> Comparison:
    """Run the engine under the measurement's exact set-up and compare central estimate to the figure."""
    model = catalog.models[m.model]
    precision = catalog.precisions[m.precision]
    kv = catalog.precisions[m.kv_precision or "bf16"]
    if m.kind == "weights-bytes":
        return Comparison(m, memory.weights(model, precision).value)
    mem = memory.breakdown(model, precision, kv, m.context_tokens, m.batch)
    if m.kind == "memory-bytes":
        # Total across accelerators: weights + KV cache + activation workspace (not the engine's pre-allocation).
        return Comparison(m, mem.total_bytes)
    hardware = catalog.hardware[m.hardware]
    layouts = layouts_for(model, hardware, m.accelerators)
    if not layouts:
        return Comparison(m, None, f"no legal layout of {m.accelerators} accelerators")
    layout = data_parallel(layouts[0]) if m.attention_data_parallel else layouts[0]
    if m.kind == "decode-tokens-per-s":
        s = speed.estimate_speed(model, precision, mem, hardware, layout, m.context_tokens, m.batch)
        return Comparison(m, s.decode_tokens_per_s_per_sequence.central)
    # Offline throughput benchmarks queue more requests than fit: the running batch is what memory holds.
    per_sequence_kv = memory.kv_cache(model, kv, m.context_tokens, 1).value
    batch = min(m.batch, max_batch(model, mem.weights.value + mem.overhead.value, per_sequence_kv, hardware, layout))
    if batch < 1:
        return Comparison(m, None, "the weights alone do not fit this layout")
    mem = memory.breakdown(model, precision, kv, m.context_tokens, batch)
    s = speed.estimate_speed(model, precision, mem, hardware, layout, m.context_tokens, batch)
    if m.prompt_tokens and m.output_tokens:
        sustained = speed.sustained_throughput(model, precision, hardware, layout,
                                               s.decode_tokens_per_s_per_sequence, batch, m.prompt_tokens,
                                               m.output_tokens)
        return Comparison(m, sustained.central)
    return Comparison(m, s.throughput_tokens_per_s.central)


def compare_all(catalog) -> list[Comparison]:
    return [compare(m, catalog) for m in sorted(catalog.measurements.values(), key=lambda m: m.id)]
