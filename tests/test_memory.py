"""Memory arithmetic, hand-checked against the architectures' published numbers."""

from __future__ import annotations

import pytest

from generator.engine import memory


def test_llama_31_70b_kv_cache_is_327680_bytes_per_token_at_bf16(catalog):
    # 80 layers × 2 (K and V) × 8 KV heads × 128 head_dim × 2 bytes
    fig = memory.kv_per_token(catalog.models["llama-3.1-70b"], catalog.precisions["bf16"])
    assert fig.value == 327_680
    assert fig.arithmetic == "80 × 2 × 8 × 128 × 2 B = 327,680 B"


def test_llama_31_70b_fp8_kv_cache_halves(catalog):
    fig = memory.kv_per_token(catalog.models["llama-3.1-70b"], catalog.precisions["fp8"])
    assert fig.value == 163_840


def test_deepseek_v3_mla_cache_is_61_x_576_x_2_bytes_per_token(catalog):
    fig = memory.kv_per_token(catalog.models["deepseek-v3"], catalog.precisions["bf16"])
    assert fig.value == 61 * 576 * 2 == 70_272
    assert "kv_lora_rank + qk_rope_head_dim" in fig.formula


def test_gemma_3_27b_local_layers_stop_growing_past_1024_tokens(catalog):
    gemma = catalog.models["gemma-3-27b"]
    bf16 = catalog.precisions["bf16"]
    per_layer = 2 * gemma.num_key_value_heads * gemma.head_dim * 2
    assert gemma.sliding_window.window_tokens == 1024
    assert gemma.sliding_window.local_layers == 52 and gemma.num_hidden_layers == 62

    def kv(tokens: int) -> float:
        return memory.kv_cache(gemma, bf16, tokens, 1).value

    # Within the window every one of the 62 layers grows.
    assert kv(1024) - kv(1023) == 62 * per_layer
    # Past the window only the 10 global layers grow.
    assert kv(1025) - kv(1024) == 10 * per_layer
    assert kv(32768) - kv(16384) == 16384 * 10 * per_layer
    # And it is far below a cache where every layer were global.
    assert kv(131072) < 0.2 * 62 * per_layer * 131072


def test_weights_scale_with_bits(catalog):
    llama = catalog.models["llama-3.1-70b"]
    bf16 = memory.weights(llama, catalog.precisions["bf16"]).value
    fp8 = memory.weights(llama, catalog.precisions["fp8"]).value
    assert bf16 == llama.params_total * 2
    assert fp8 == llama.params_total


def test_moe_memory_uses_total_parameters(catalog):
    for model_id in ("deepseek-v3", "mixtral-8x7b"):
        model = catalog.models[model_id]
        assert model.moe and model.active_params < model.params_total / 2
        fig = memory.weights(model, catalog.precisions["bf16"])
        assert fig.value == model.params_total * 2


def test_moe_split_recovers_total_and_active(catalog):
    model = catalog.models["mixtral-8x7b"]
    dense, expert = memory.moe_split(model)
    assert dense + 8 * expert == pytest.approx(model.params_total)
    assert dense + 2 * expert == pytest.approx(model.active_params)


def test_embedding_precision_is_used_for_embedding_tensors(base_catalog):
    from generator.records.schemas import Precision

    model = base_catalog.models["tiny-8b"]
    q = Precision(id="q", name="q", bits_per_value=4.0, embedding_bits_per_value=8.0, usable_for=["weights"],
                  compute_dtype="bf16", sources=[{"url": "https://x.org", "accessed": "2024-01-01"}]) \
        if False else Precision.model_validate({
            "id": "q", "name": "q", "bits_per_value": 4.0, "embedding_bits_per_value": 8.0,
            "usable_for": ["weights"], "compute_dtype": "bf16",
            "sources": [{"url": "https://x.org", "accessed": __import__("datetime").date(2024, 1, 1)}]})
    emb = 2 * 128256 * 4096
    expected = (model.params_total - emb) * 4 / 8 + emb * 8 / 8
    assert memory.weights(model, q).value == expected


def test_breakdown_total_is_the_sum(catalog):
    b = memory.breakdown(catalog.models["llama-3.1-8b"], catalog.precisions["bf16"], catalog.precisions["bf16"], 8192, 4)
    assert b.total_bytes == b.weights.value + b.kv_cache.value + b.overhead.value
    assert b.kv_cache.value == 4 * 8192 * 32 * 2 * 8 * 128 * 2
