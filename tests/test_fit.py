"""Fewest accelerators and their layout, checked against deployments people run."""

from __future__ import annotations

from generator.engine import fit, memory


def _fit(catalog, model_id, precision, hardware_id, context=8192, batch=1):
    model = catalog.models[model_id]
    mem = memory.breakdown(model, catalog.precisions[precision], catalog.precisions["bf16"], context, batch)
    return fit.fewest(model, mem, catalog.hardware[hardware_id])


def test_llama_31_8b_bf16_fits_one_h100(catalog):
    f = _fit(catalog, "llama-3.1-8b", "bf16", "h100-sxm")
    assert (f.layout.accelerators, f.layout.tensor_parallel, f.layout.nodes) == (1, 1, 1)


def test_llama_31_70b_bf16_needs_two_h100s_at_8k(catalog):
    # 141 GB of bf16 weights: more than one 80 GiB card, and two hold it with room for an 8K cache.
    f = _fit(catalog, "llama-3.1-70b", "bf16", "h100-sxm")
    assert (f.layout.accelerators, f.layout.tensor_parallel, f.layout.pipeline_parallel) == (2, 2, 1)


def test_llama_31_405b_bf16_needs_two_nodes_and_fp8_one(catalog):
    # Meta: 405B in bf16 (~810 GB) does not fit one 8×H100 node; in FP8 it does.
    bf16 = _fit(catalog, "llama-3.1-405b", "bf16", "h100-sxm")
    fp8 = _fit(catalog, "llama-3.1-405b", "fp8", "h100-sxm")
    assert bf16.layout.nodes == 2 and bf16.layout.accelerators > 8
    assert fp8.layout.accelerators <= 8 and fp8.layout.nodes == 1


def test_deepseek_v3_fp8_fits_one_h200_node_but_not_one_h100_node(catalog):
    # 671 GB of FP8 weights: one 8×H200 node holds them (SGLang's recommended set-up), 8×H100 do not.
    h200 = _fit(catalog, "deepseek-v3", "fp8", "h200")
    h100 = _fit(catalog, "deepseek-v3", "fp8", "h100-sxm")
    assert h200.layout.accelerators <= 8 and h200.layout.nodes == 1
    assert h100.layout.accelerators > 8 and h100.layout.nodes == 2


def test_tensor_parallel_divides_heads_and_stays_in_one_node(catalog):
    for model_id in ("llama-3.1-70b", "llama-3.1-405b", "deepseek-v3", "gemma-3-27b", "mixtral-8x7b"):
        model = catalog.models[model_id]
        for hw in catalog.hardware.values():
            for n in range(1, 40):
                for layout in fit.layouts_for(model, hw, n):
                    assert model.num_attention_heads % layout.tensor_parallel == 0
                    assert layout.tensor_parallel <= hw.interconnect.accelerators_per_node
                    assert layout.tensor_parallel * layout.pipeline_parallel == n
                    assert layout.pipeline_parallel <= model.num_hidden_layers


def test_kv_cache_is_not_split_beyond_kv_heads(catalog):
    model = catalog.models["llama-3.1-70b"]  # 8 KV heads
    assert fit.kv_shards(model, 8) == 8
    assert fit.kv_shards(model, 16) == 8
    assert fit.kv_shards(catalog.models["deepseek-v3"], 8) == 1  # MLA latent is held whole by every rank


def test_too_big_for_any_count_returns_none(catalog):
    model = catalog.models["llama-3.1-8b"]
    mem = memory.breakdown(model, catalog.precisions["bf16"], catalog.precisions["bf16"], 131072, 10_000)
    assert fit.fewest(model, mem, catalog.hardware["rtx-4090"]) is None
