"""Memory a model needs: weights, KV cache and workspace, each with its arithmetic."""

from __future__ import annotations

from dataclasses import dataclass

from generator import constants
from generator.engine.figures import Figure, gbs, gib, num
from generator.records.schemas import Model, Precision


def embedding_params(model: Model) -> int:
    """Input embedding plus LM head (one matrix when tied)."""
    return model.vocab_size * model.hidden_size * (1 if model.tie_word_embeddings else 2)


def weights(model: Model, precision: Precision) -> Figure:
    """Bytes of all weights: every parameter is held in memory, MoE experts included."""
    bits = precision.bits_per_value
    emb_bits = precision.embedding_bits_per_value
    if precision.expert_only and model.moe:
        dense, expert = moe_split(model)
        experts = model.params_total - dense
        value = dense * 16 / 8 + experts * bits / 8
        step = f"{num(round(dense))} × 16 ÷ 8 B + {num(round(experts))} × {bits:g} ÷ 8 B = {gbs(value)}"
        return Figure("Weights", value, "bytes",
                      "non-expert params × 16 ÷ 8 + expert params × bits_per_weight ÷ 8  (only experts quantized)",
                      step + gib(value), (step,))
    if emb_bits is None or emb_bits == bits:
        value = model.params_total * bits / 8
        step = f"{num(model.params_total)} × {bits:g} ÷ 8 B = {gbs(value)}"
        return Figure("Weights", value, "bytes", "params_total × bits_per_weight ÷ 8", step + gib(value), (step,))
    emb = embedding_params(model)
    body = model.params_total - emb
    value = body * bits / 8 + emb * emb_bits / 8
    step = f"{num(body)} × {bits:g} ÷ 8 B + {num(emb)} × {emb_bits:g} ÷ 8 B = {gbs(value)}"
    return Figure(
        "Weights", value, "bytes",
        "(params_total − embedding_params) × bits_per_weight ÷ 8 + embedding_params × embedding_bits ÷ 8",
        step + gib(value), (step,))


def kv_bytes_per_token_per_layer(model: Model, kv: Precision) -> float:
    element = kv.bits_per_value / 8
    if model.mla:
        return (model.mla.kv_lora_rank + model.mla.qk_rope_head_dim) * element
    return 2 * model.num_key_value_heads * model.head_dim * element


def kv_per_token(model: Model, kv: Precision) -> Figure:
    """Cache one token adds across all layers (while the context is within every window)."""
    element = kv.bits_per_value / 8
    layers = model.num_hidden_layers
    value = layers * kv_bytes_per_token_per_layer(model, kv)
    if model.mla:
        m = model.mla
        return Figure("KV cache per token", value, "bytes",
                      "layers × (kv_lora_rank + qk_rope_head_dim) × bytes_per_value  (MLA caches one latent vector)",
                      f"{layers} × ({m.kv_lora_rank} + {m.qk_rope_head_dim}) × {element:g} B = {num(value)} B",
                      (f"{layers} × ({m.kv_lora_rank} + {m.qk_rope_head_dim}) × {element:g} B = {num(value)} B",))
    return Figure("KV cache per token", value, "bytes",
                  "layers × 2 (K and V) × kv_heads × head_dim × bytes_per_value",
                  f"{layers} × 2 × {model.num_key_value_heads} × {model.head_dim} × {element:g} B = {num(value)} B",
                  (f"{layers} × 2 × {model.num_key_value_heads} × {model.head_dim} × {element:g} B = {num(value)} B",))


def kv_cache(model: Model, kv: Precision, context_tokens: int, batch: int) -> Figure:
    """KV cache for `batch` sequences of `context_tokens`; sliding-window layers stop at their window."""
    per_layer = kv_bytes_per_token_per_layer(model, kv)
    layers = model.num_hidden_layers
    if model.sliding_window:
        local = model.sliding_window.local_layers
        window = model.sliding_window.window_tokens
        held = min(context_tokens, window)
        value = batch * per_layer * ((layers - local) * context_tokens + local * held)
        step = (f"{batch} × {num(per_layer)} B × ({layers - local} × {num(context_tokens)} + {local} × {num(held)}) "
                f"= {gbs(value)}")
        return Figure(
            "KV cache", value, "bytes",
            "batch × bytes_per_token_per_layer × (global_layers × context + local_layers × min(context, window))",
            step + gib(value), (step,))
    value = batch * per_layer * layers * context_tokens
    step = f"{batch} × {num(per_layer * layers)} B × {num(context_tokens)} = {gbs(value)}"
    return Figure("KV cache", value, "bytes", "batch × kv_bytes_per_token × context", step + gib(value), (step,))


def workspace(weights_bytes: float) -> Figure:
    fraction = constants.ACTIVATION_WORKSPACE_FRACTION.value
    value = weights_bytes * fraction
    step = f"{gbs(weights_bytes)} × {fraction:g} = {gbs(value)}"
    return Figure("Activation workspace", value, "bytes", "weights × ACTIVATION_WORKSPACE_FRACTION",
                  step + gib(value), (step,))


@dataclass(frozen=True)
class MemoryBreakdown:
    weights: Figure
    kv_per_token: Figure
    kv_cache: Figure
    overhead: Figure

    @property
    def total_bytes(self) -> float:
        return self.weights.value + self.kv_cache.value + self.overhead.value

    def as_json(self) -> dict:
        return {
            "weights_bytes": round(self.weights.value),
            "kv_bytes_per_token": round(self.kv_per_token.value),
            "kv_cache_bytes": round(self.kv_cache.value),
            "overhead_bytes": round(self.overhead.value),
            "total_bytes": round(self.total_bytes),
        }


def breakdown(model: Model, precision: Precision, kv: Precision, context_tokens: int, batch: int) -> MemoryBreakdown:
    w = weights(model, precision)
    return MemoryBreakdown(w, kv_per_token(model, kv), kv_cache(model, kv, context_tokens, batch), workspace(w.value))


def moe_split(model: Model) -> tuple[float, float]:
    """(params every token uses, params of one routed expert), from total and active counts.

    total = dense + experts_total × expert and active = dense + experts_active × expert, so one expert is
    (total − active) ÷ (experts_total − experts_active).
    """
    if not model.moe or model.moe.experts_total == model.moe.experts_active:
        return float(model.active_params), 0.0
    moe = model.moe
    expert = (model.params_total - model.active_params) / (moe.experts_total - moe.experts_active)
    dense = model.active_params - moe.experts_active * expert
    return max(dense, 0.0), expert
