"""How fast a deployment runs.

Decode (one new token per sequence per step) reads every active weight and the whole KV cache once per
step, so it is bound by memory bandwidth until the batch is large enough for compute to dominate.
Prefill (reading the prompt, which sets the time to first token) is bound by compute.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from generator import constants
from generator.engine.figures import Figure, Span, gbs, gib, num
from generator.engine.fit import Layout, kv_shards
from generator.engine.memory import MemoryBreakdown, moe_split
from generator.records.schemas import Hardware, Model, Precision

_FALLBACK = {"fp4": ("fp4", "fp8", "bf16", "fp16"), "fp8": ("fp8", "bf16", "fp16"), "int8": ("int8", "bf16", "fp16"),
             "bf16": ("bf16", "fp16"), "fp16": ("fp16", "bf16")}


def peak_flops(hardware: Hardware, precision: Precision) -> tuple[float | None, str | None]:
    """Dense peak FLOP/s for the precision's compute type, falling back to wider types the chip has."""
    for dtype in _FALLBACK[precision.compute_dtype]:
        tflops = getattr(hardware.peak_dense_tflops, dtype)
        if tflops:
            return tflops * 1e12, dtype
    return None, None


def is_low_bit(precision: Precision) -> bool:
    """Weights stored in under 6 bits, which kernels unpack as they read them (LOW_BIT_BANDWIDTH_EFFICIENCY)."""
    return precision.bits_per_value < 6


def weights_read(model: Model, precision: Precision, batch: int) -> tuple[float, str, str]:
    """(bytes, formula, step): the weights one decode step reads.

    Every active weight is read once, except the input embedding, a table lookup (unless it is tied to the
    output head, which is read); the output head is read at the format's embedding precision when it keeps one
    (AWQ leaves it at 16 bits). A mixture of experts reads its dense part once and each routed expert any of the
    B sequences uses: an expert goes unused with probability (1 − k/E)^B.
    """
    bits = precision.bits_per_value
    head_bits = precision.embedding_bits_per_value or bits
    head = float(model.vocab_size * model.hidden_size)
    lookup = 0.0 if model.tie_word_embeddings else head
    dense, expert = moe_split(model)
    if model.moe and expert:
        e, k = model.moe.experts_total, model.moe.experts_active
        dense_bits = 16 if precision.expert_only else bits
        body = max(dense - lookup - head, 0.0)
        if batch == 0:  # the replicated part alone (attention data parallelism)
            value = body * dense_bits / 8 + head * head_bits / 8
            step = f"{num(round(body))} × {dense_bits:g} ÷ 8 B + {num(head)} × {head_bits:g} ÷ 8 B = {gbs(value)}"
            return value, "dense params (less the input embedding) × bits ÷ 8 + output head × head bits ÷ 8", step
        touched = e * (1 - (1 - k / e) ** batch)
        value = body * dense_bits / 8 + head * head_bits / 8 + touched * expert * bits / 8
        step = (f"{num(round(body))} × {dense_bits:g} ÷ 8 B + {num(head)} × {head_bits:g} ÷ 8 B + {e} × (1 − (1 − "
                f"{k}/{e}) ^ {batch}) × {num(round(expert))} × {bits:g} ÷ 8 B = {gbs(value)}")
        return value, ("dense params (less the input embedding) × bits ÷ 8 + output head × head bits ÷ 8 + experts "
                       "used by the batch (E × (1 − (1 − k/E)^batch)) × params per expert × bits ÷ 8"), step
    body = max(model.active_params - lookup - head, 0.0)
    value = body * bits / 8 + head * head_bits / 8
    step = f"{num(round(body))} × {bits:g} ÷ 8 B + {num(head)} × {head_bits:g} ÷ 8 B = {gbs(value)}"
    return value, "(active params − input embedding − output head) × bits ÷ 8 + output head × head bits ÷ 8", step


def weight_bytes_read_per_step(model: Model, precision: Precision, batch: int) -> float:
    """Weights one decode step reads (`weights_read`); batch 0 gives the part every rank reads whole."""
    return weights_read(model, precision, batch)[0]


def attended_tokens(model: Model, context_tokens: int) -> float:
    """Tokens one new token attends to, averaged over layers (local layers see at most the window)."""
    if not model.sliding_window:
        return float(context_tokens)
    local = model.sliding_window.local_layers
    window = model.sliding_window.window_tokens
    layers = model.num_hidden_layers
    return ((layers - local) * context_tokens + local * min(context_tokens, window)) / layers


def flops_per_token(model: Model, context_tokens: int) -> float:
    """2 × active params for the matrix multiplies, plus 4 × layers × heads × head_dim per attended token."""
    attention = 4 * model.num_hidden_layers * model.num_attention_heads * model.head_dim
    return 2 * model.active_params + attention * attended_tokens(model, context_tokens)


@dataclass(frozen=True)
class Speed:
    decode_tokens_per_s_per_sequence: Span
    throughput_tokens_per_s: Span
    time_to_first_token_s: Span | None
    bound: str  # "memory" or "compute": what limits decode at the central values
    explain: Callable[[], tuple[Figure, ...]] = field(repr=False, compare=False)

    @cached_property
    def explanation(self) -> tuple[Figure, ...]:
        """The arithmetic with the numbers filled in, written when a page shows it: the fewest-accelerator
        search estimates many layouts it then discards, and formatting their arithmetic cost more than the
        arithmetic."""
        return self.explain()


def _comm(model: Model, hardware: Hardware, layout: Layout, tokens: int, latency: float, hop: float) -> float:
    """Two all-reduces of the activations per layer under TP, plus one hand-off per PP stage boundary; under
    expert parallelism, two all-to-alls per layer (tokens sent to their experts' ranks and back)."""
    if layout.attention_data_parallel:
        n = layout.accelerators
        k = model.moe.experts_active if model.moe else 1
        message = tokens / n * k * model.hidden_size * constants.ACTIVATION_BYTES.value * (n - 1) / n
        per_direction = hardware.interconnect.bandwidth_gb_per_s * 1e9 / 2
        return 2 * model.num_hidden_layers * (latency + message / per_direction)
    time = (layout.pipeline_parallel - 1) * hop
    tp = layout.tensor_parallel
    if tp > 1:
        message = tokens * model.hidden_size * constants.ACTIVATION_BYTES.value
        per_direction = hardware.interconnect.bandwidth_gb_per_s * 1e9 / 2
        per_allreduce = latency + 2 * (tp - 1) / tp * message / per_direction
        time += 2 * model.num_hidden_layers * per_allreduce
    return time


def estimate_speed(model: Model, precision: Precision, memory: MemoryBreakdown, hardware: Hardware,
                   layout: Layout, context_tokens: int, batch: int) -> Speed:
    tp, pp = layout.tensor_parallel, layout.pipeline_parallel
    bandwidth = hardware.memory_bandwidth_gb_per_s * 1e9
    peak, dtype = peak_flops(hardware, precision)

    weights_read = weight_bytes_read_per_step(model, precision, batch)
    if layout.attention_data_parallel:
        # Each rank reads the replicated weights whole, its share of the experts the whole batch touches, and
        # the cache of its own sequences; it computes for its own sequences.
        n = layout.accelerators
        replicated = weight_bytes_read_per_step(model, precision, 0)
        bytes_per_rank = replicated + (weights_read - replicated) / n + memory.kv_cache.value / n
        step_flops_per_rank = batch * flops_per_token(model, context_tokens) / n
    else:
        # KV read per step: the whole cache, split across TP ranks by KV-head shard (pipeline stages in turn).
        kv_read = memory.kv_cache.value / kv_shards(model, tp)
        bytes_per_rank = weights_read / tp + kv_read
        step_flops_per_rank = batch * flops_per_token(model, context_tokens) / tp

    bw_eff = constants.MEMORY_BANDWIDTH_EFFICIENCY
    low_bit = constants.LOW_BIT_BANDWIDTH_EFFICIENCY if is_low_bit(precision) else None
    mfu = constants.DECODE_FLOPS_UTILIZATION
    lat = constants.ALLREDUCE_LATENCY_S
    hop = constants.PIPELINE_HOP_LATENCY_S
    per_layer = constants.STEP_TIME_PER_LAYER_S

    def step(end: str) -> tuple[float, float, float]:
        efficiency = getattr(bw_eff, end) * (getattr(low_bit, end) if low_bit else 1.0)
        t_mem = bytes_per_rank / (bandwidth * efficiency)
        t_cmp = step_flops_per_rank / (peak * getattr(mfu, end)) if peak else 0.0
        t_comm = _comm(model, hardware, layout, batch, getattr(lat, end), getattr(hop, end))
        # Per-layer work runs on every pipeline stage in turn, so a sequence pays it for all layers.
        t_fixed = model.num_hidden_layers * getattr(per_layer, end)
        return max(t_mem, t_cmp) + t_comm + t_fixed, t_mem, t_cmp, t_comm, t_fixed

    steps = {end: step(end) for end in ("low", "central", "high")}
    per_seq = Span(*(1 / steps[end][0] for end in ("low", "central", "high")))
    _, t_mem, t_cmp, _, _ = steps["central"]
    bound = "compute" if t_cmp > t_mem else "memory"

    # Time to first token: one prompt of `context_tokens`. Every weight is read at least once (all experts for
    # long prompts); the prompt's FLOPs spread over all accelerators (chunked prefill keeps pipeline stages busy).
    prompt_flops = 2 * model.active_params * context_tokens + (
        2 * model.num_hidden_layers * model.num_attention_heads * model.head_dim
        * attended_tokens(model, context_tokens) * context_tokens)
    prefill_mfu = constants.PREFILL_FLOPS_UTILIZATION

    def ttft_parts(end: str) -> tuple[float, float, float]:
        t_read = memory.weights.value / tp / (bandwidth * getattr(bw_eff, end))
        t_cmp = prompt_flops / (tp * pp) / (peak * getattr(prefill_mfu, end))
        return t_read, t_cmp, _comm(model, hardware, layout, context_tokens, getattr(lat, end), getattr(hop, end))

    def ttft(end: str) -> float:
        t_read, t_cmp, t_comm = ttft_parts(end)
        return max(t_read, t_cmp) + t_comm

    # Low speed ↔ long time to first token: the 'low' end of a time is its pessimistic (largest) value.
    # Without a sourced peak FLOPS figure the prefill time is unknown, not zero.
    first_token = Span(ttft("high"), ttft("central"), ttft("low")) if peak else None

    c = steps["central"]
    return Speed(per_seq, per_seq.scaled(batch), first_token, bound,
                 lambda: _figures(model, precision, hardware, memory, context_tokens, batch, layout, weights_read,
                                  bytes_per_rank, step_flops_per_rank, peak, dtype, c, per_seq, bound, first_token,
                                  prompt_flops, ttft_parts("central") if peak else None))


def _comm_arithmetic(model, hardware, layout, tokens: int, value: float) -> str | None:
    """The communication term as a step a reader can redo (None with one accelerator, where it is zero)."""
    lat = constants.ALLREDUCE_LATENCY_S.central * 1e6
    hop = constants.PIPELINE_HOP_LATENCY_S.central * 1e6
    act = constants.ACTIVATION_BYTES.value
    half = hardware.interconnect.bandwidth_gb_per_s / 2
    layers = model.num_hidden_layers
    if layout.attention_data_parallel:
        n, k = layout.accelerators, (model.moe.experts_active if model.moe else 1)
        return (f"2 × {layers} × ({lat:g} µs + {num(tokens)} ÷ {n} × {k} × {num(model.hidden_size)} × "
                f"{act:g} B × {n - 1}/{n} ÷ {num(half)} GB/s) = {value * 1e3:,.2f} ms")
    tp, pp = layout.tensor_parallel, layout.pipeline_parallel
    parts = []
    if tp > 1:
        parts.append(f"2 × {layers} × ({lat:g} µs + 2 × {tp - 1}/{tp} × {num(tokens)} × "
                     f"{num(model.hidden_size)} × {act:g} B ÷ {num(half)} GB/s)")
    if pp > 1:
        parts.append(f"{pp - 1} × {hop:g} µs")
    if not parts:
        return None
    return " + ".join(parts) + f" = {value * 1e3:,.2f} ms"


def _figures(model, precision, hardware, memory, context_tokens, batch, layout, weights_read_bytes, bytes_per_rank,
             step_flops_per_rank, peak, dtype, c, per_seq, bound, first_token, prompt_flops,
             ttft_parts) -> tuple[Figure, ...]:
    tp, pp = layout.tensor_parallel, layout.pipeline_parallel
    bw_eff = constants.MEMORY_BANDWIDTH_EFFICIENCY
    mfu = constants.DECODE_FLOPS_UTILIZATION
    low_bit = is_low_bit(precision)
    factor = (f"{bw_eff.central:g} × {constants.LOW_BIT_BANDWIDTH_EFFICIENCY.central:g}" if low_bit
              else f"{bw_eff.central:g}")
    total, t_mem, t_cmp, t_comm, t_fixed = c
    per_layer = constants.STEP_TIME_PER_LAYER_S.central
    bandwidth = f"{num(hardware.memory_bandwidth_gb_per_s)} GB/s"
    _, read_formula, read_step = weights_read(model, precision, batch)
    figures = [Figure("Weights read per decode step", weights_read_bytes, "bytes", read_formula,
                      read_step + gib(weights_read_bytes), (read_step,))]
    if layout.attention_data_parallel:
        replicated, _, rep_step = weights_read(model, precision, 0)
        figures.append(Figure("Weights every accelerator reads whole", replicated, "bytes",
                              "dense weights at batch 0 (no routed expert)", rep_step + gib(replicated), (rep_step,)))
        step = (f"{gbs(replicated)} + ({gbs(weights_read_bytes)} − {gbs(replicated)}) ÷ {layout.accelerators} + "
                f"{gbs(memory.kv_cache.value)} ÷ {layout.accelerators} = {gbs(bytes_per_rank)}")
        formula = ("replicated weights + (weights read − replicated) ÷ accelerators + KV cache ÷ accelerators "
                   "(attention data parallel, expert parallel)")
    else:
        step = (f"{gbs(weights_read_bytes)} ÷ {tp} + {gbs(memory.kv_cache.value)} ÷ {kv_shards(model, tp)} = "
                f"{gbs(bytes_per_rank)}")
        formula = "weights read ÷ TP + KV cache ÷ KV shards"
    figures.append(Figure("Bytes read per decode step per accelerator", bytes_per_rank, "bytes", formula,
                          step + gib(bytes_per_rank), (step,)))
    mem_step = f"{gbs(bytes_per_rank)} ÷ ({bandwidth} × {factor}) = {t_mem * 1e3:,.2f} ms"
    figures.append(Figure("Decode step (memory)", t_mem, "s",
                          "bytes per accelerator ÷ (bandwidth × MEMORY_BANDWIDTH_EFFICIENCY"
                          + (" × LOW_BIT_BANDWIDTH_EFFICIENCY, weights under 6 bits)" if low_bit else ")"),
                          mem_step, (mem_step,)))
    divisor = layout.accelerators if layout.attention_data_parallel else tp
    if peak:
        cmp_step = (f"{num(step_flops_per_rank * divisor / 1e9, 1)} GFLOP ÷ {divisor} ÷ ({peak / 1e12:,.0f} TFLOPS × "
                    f"{mfu.central:g}) = {t_cmp * 1e3:,.2f} ms")
        figures.append(Figure("Decode step (compute)", t_cmp, "s",
                              "batch × (2 × active params + 4 × layers × heads × head_dim × attended tokens) ÷ "
                              + ("accelerators" if layout.attention_data_parallel else "TP")
                              + " ÷ (peak FLOPS × DECODE_FLOPS_UTILIZATION)",
                              f"{cmp_step} (peak at {dtype})", (cmp_step,)))
    else:
        figures.append(Figure("Decode step (compute)", t_cmp, "s", "no sourced peak FLOPS: taken as 0",
                              "no sourced peak FLOPS for this hardware"))
    comm_step = _comm_arithmetic(model, hardware, layout, batch, t_comm)
    figures.append(Figure("Communication per decode step", t_comm, "s",
                          "TP: 2 × layers × (ALLREDUCE_LATENCY + 2 × (TP − 1)/TP × batch × hidden × ACTIVATION_BYTES "
                          "÷ (interconnect ÷ 2)) + (PP − 1) × PIPELINE_HOP_LATENCY",
                          comm_step or "none: one accelerator, nothing to exchange (0.00 ms)",
                          (comm_step,) if comm_step else ()))
    fixed_step = f"{model.num_hidden_layers} × {per_layer * 1e6:g} µs = {t_fixed * 1e3:,.2f} ms"
    figures.append(Figure("Per-layer step cost", t_fixed, "s", "layers × STEP_TIME_PER_LAYER_S", fixed_step,
                          (fixed_step,)))
    speed_step = (f"1 ÷ (max({t_mem * 1e3:,.2f} ms, {t_cmp * 1e3:,.2f} ms) + {t_comm * 1e3:,.2f} ms + "
                  f"{t_fixed * 1e3:,.2f} ms) = 1 ÷ {total * 1e3:,.2f} ms = {per_seq.central:,.1f} tokens/s")
    figures.append(Figure("Decode speed per sequence", per_seq.central, "tokens/s",
                          "1 ÷ (max(memory step, compute step) + communication + per-layer step cost)",
                          f"{speed_step} ({bound}-bound)", (speed_step,)))
    if first_token and ttft_parts:
        t_read, t_pre, t_pcomm = ttft_parts
        flops_step = (f"2 × {num(model.active_params)} × {num(context_tokens)} + 2 × {model.num_hidden_layers} × "
                      f"{model.num_attention_heads} × {model.head_dim} × "
                      f"{num(round(attended_tokens(model, context_tokens)))} × {num(context_tokens)} = "
                      f"{prompt_flops / 1e12:,.1f} TFLOP")
        pre_step = (f"{prompt_flops / 1e12:,.1f} TFLOP ÷ {tp * pp} ÷ ({peak / 1e12:,.0f} TFLOPS × "
                    f"{constants.PREFILL_FLOPS_UTILIZATION.central:g}) = {t_pre:,.3f} s")
        read_step_t = (f"{gbs(memory.weights.value)} ÷ {tp} ÷ ({bandwidth} × {bw_eff.central:g}) = {t_read:,.3f} s")
        pcomm = _comm_arithmetic(model, hardware, layout, context_tokens, t_pcomm)
        total_step = f"max({t_pre:,.3f} s, {t_read:,.3f} s) + {t_pcomm * 1e3:,.2f} ms = {first_token.central:,.2f} s"
        steps = (flops_step, pre_step, read_step_t) + ((pcomm,) if pcomm else ()) + (total_step,)
        ttft_text = (f"prompt FLOPs: {flops_step}; prefill: {pre_step}; reading the weights: {read_step_t}; "
                     f"communication: {pcomm or 'none (one accelerator)'}; {total_step}")
        figures.append(Figure("Time to first token", first_token.central, "s",
                              "max(prompt FLOPs ÷ accelerators ÷ (peak × PREFILL_FLOPS_UTILIZATION), weights ÷ TP ÷ "
                              "(bandwidth × MEMORY_BANDWIDTH_EFFICIENCY)) + communication; prompt FLOPs = 2 × active "
                              "params × prompt + 2 × layers × heads × head_dim × attended tokens × prompt",
                              ttft_text, steps))
    else:
        figures.append(Figure("Time to first token", float("nan"), "s", "prefill needs a sourced peak FLOPS figure",
                              "unknown: no sourced peak FLOPS for this hardware"))
    return tuple(figures)


def sustained_throughput(model: Model, precision: Precision, hardware: Hardware, layout: Layout,
                         decode: Span, batch: int, prompt_tokens: int, output_tokens: int) -> Span:
    """Output tokens/s when every request also pays for its prefill, as in offline throughput benchmarks.

    A batch of B requests spends output_tokens decode steps, plus prefill of B prompts on the TP group:
    throughput = B × output / (output ÷ per-sequence decode speed + B × prompt FLOPs ÷ (TP × peak × MFU)).
    """
    peak, _ = peak_flops(hardware, precision)
    flops = 2 * model.active_params * prompt_tokens
    mfu = constants.PREFILL_FLOPS_UTILIZATION

    def at(end: str, speed_end: str) -> float:
        decode_time = output_tokens / getattr(decode, speed_end)
        prefill_time = batch * flops / (layout.tensor_parallel * peak * getattr(mfu, end)) if peak else 0.0
        return batch * output_tokens / (decode_time + prefill_time)

    return Span(at("low", "low"), at("central", "central"), at("high", "high"))
