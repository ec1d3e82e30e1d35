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


def test_llama_31_405b_bf16_needs_two_whole_nodes_and_fp8_one(catalog):
    # Meta: 405B in bf16 (~810 GB) does not fit one 8×H100 node; in FP8 (~405 GB) one node holds it. The bare
    # floor of FP8 is 6 cards (TP 2 × PP 3), a layout nobody rents: the answer is the 8-GPU node at TP 8.
    bf16 = _fit(catalog, "llama-3.1-405b", "bf16", "h100-sxm")
    fp8 = _fit(catalog, "llama-3.1-405b", "fp8", "h100-sxm")
    layout = lambda f: (f.layout.accelerators, f.layout.tensor_parallel, f.layout.pipeline_parallel, f.layout.nodes)
    assert layout(bf16) == (16, 8, 2, 2)
    assert layout(fp8) == (8, 8, 1, 1) and fp8.memory_floor_accelerators == 6


def test_deepseek_v3_fp8_fits_one_h200_node_and_two_whole_h100_nodes(catalog):
    # 671 GB of FP8 weights: one 8×H200 node holds them (SGLang's recommended set-up); on H100s the floor is
    # 10 cards, rented as two 8-GPU nodes (TP 8 × PP 2), not as 10 (TP 2 × PP 5).
    h200 = _fit(catalog, "deepseek-v3", "fp8", "h200")
    h100 = _fit(catalog, "deepseek-v3", "fp8", "h100-sxm")
    assert (h200.layout.accelerators, h200.layout.nodes) == (8, 1)
    assert (h100.layout.accelerators, h100.layout.tensor_parallel, h100.layout.nodes) == (16, 8, 2)
    assert h100.memory_floor_accelerators == 10


def test_qwen25_72b_bf16_on_a100s_is_four_at_defaults_or_two_tuned(catalog):
    # 145 GB of BF16 weights + 5% workspace + an 8K cache (2.7 GB): 76.9 GB per card on two A100 80GB, above the
    # 0.9 default (80 GiB × 0.9 − 1 GiB = 76.2 GB) but within a tuned 0.98: 'tight'. Four cards at the default.
    f = _fit(catalog, "qwen2.5-72b", "bf16", "a100-80gb")
    assert (f.layout.accelerators, f.layout.tensor_parallel, f.fit) == (4, 4, "comfortable")
    assert f.tight is not None and f.tight.fit == "tight" and f.tight.layout.accelerators == 2
    assert 0.90 < f.tight.utilization <= 0.98
    assert f.memory_floor_accelerators == 3


def test_tensor_parallel_must_divide_the_heads(catalog):
    # Qwen2.5 7B has 28 query heads and 4 KV heads: TP 8 is impossible, so 8 GPUs run as TP 4 × PP 2.
    model, hw = catalog.models["qwen2.5-7b"], catalog.hardware["h100-sxm"]
    assert fit.tensor_parallel_degrees(model, hw, 8) == [4, 2, 1]
    assert [(l.tensor_parallel, l.pipeline_parallel) for l in fit.layouts_for(model, hw, 8)] == [(4, 2), (2, 4), (1, 8)]


def test_kv_heads_are_replicated_when_tp_exceeds_them(catalog):
    # Gemma 3 4B: 8 query heads, 4 KV heads. TP 8 is legal (each KV head on two ranks): the cache splits 4 ways.
    model, hw = catalog.models["gemma-3-4b"], catalog.hardware["h100-sxm"]
    assert 8 in fit.tensor_parallel_degrees(model, hw, 8)
    assert fit.kv_shards(model, 8) == 4


def test_rentable_counts_are_powers_of_two_in_a_node_then_whole_nodes(catalog):
    from itertools import islice

    assert list(islice(fit.rentable_counts(catalog.hardware["h100-sxm"]), 7)) == [1, 2, 4, 8, 16, 24, 32]
    assert list(islice(fit.rentable_counts(catalog.hardware["h100-sxm"], 9), 2)) == [16, 24]
    assert list(islice(fit.rentable_counts(catalog.hardware["apple-m3-ultra"]), 4)) == [1, 2, 3, 4]
    assert not fit.is_rentable(catalog.hardware["h100-sxm"], 6) and fit.is_rentable(catalog.hardware["h100-sxm"], 24)


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


def test_attention_data_parallelism_keeps_one_copy_of_each_sequences_latent_cache(catalog):
    # DeepSeek-R1 in FP8 with an FP8 MLA cache, 1,024 sequences of 3,072 tokens on 8 × H200 (TensorRT-LLM's
    # max-throughput recipe): under TP 8 every rank holds the whole latent cache (1,024 × 3,072 × 35,136 B =
    # 110.5 GB each, beside 88 GB of weights and workspace: it does not fit at all); with attention data
    # parallelism each rank caches its own 128 sequences (13.8 GB), and the non-expert weights are replicated.
    model = catalog.models["deepseek-r1"]
    mem = memory.breakdown(model, catalog.precisions["fp8"], catalog.precisions["fp8"], 3072, 1024)
    hw = catalog.hardware["h200"]
    [tp8] = [layout for layout in fit.layouts_for(model, hw, 8) if layout.tensor_parallel == 8]
    dp = fit.data_parallel(tp8)
    assert fit.fit_layout(model, mem, hw, tp8) is None
    assert fit.fit_layout(model, mem, hw, dp).fit == "comfortable"
    assert round(mem.kv_cache.value / 1e9, 1) == 110.5
    assert fit.bytes_per_accelerator(model, mem, dp) < fit.bytes_per_accelerator(model, mem, tp8)
    assert dp.parallelism == "attention data parallel 8 + expert parallel 8"
