"""Decode and prefill speed: the physics of bandwidth and FLOPs, with ranges."""

from __future__ import annotations

import pytest

from generator import constants
from generator.engine import fit, memory, speed


def _speed(catalog, model_id, precision, hardware_id, context=2048, batch=1):
    model = catalog.models[model_id]
    p = catalog.precisions[precision]
    mem = memory.breakdown(model, p, catalog.precisions["bf16"], context, batch)
    f = fit.fewest(model, mem, catalog.hardware[hardware_id])
    return speed.estimate_speed(model, p, mem, catalog.hardware[hardware_id], f.layout, context, batch)


def test_batch_1_decode_is_bandwidth_over_bytes_plus_the_per_layer_step_cost(catalog):
    s = _speed(catalog, "llama-3.1-8b", "bf16", "h100-sxm", context=1)
    model = catalog.models["llama-3.1-8b"]
    hw = catalog.hardware["h100-sxm"]
    read = (model.params_total - model.vocab_size * model.hidden_size) * 2
    step = (read / (hw.memory_bandwidth_gb_per_s * 1e9 * constants.MEMORY_BANDWIDTH_EFFICIENCY.central)
            + model.num_hidden_layers * constants.STEP_TIME_PER_LAYER_S.central)
    assert s.bound == "memory"
    assert s.decode_tokens_per_s_per_sequence.central == pytest.approx(1 / step, rel=0.01)


def test_four_bit_weights_do_not_decode_four_times_faster(catalog):
    # Published batch-1 decode of Llama 3 8B with llama.cpp on one RTX 4090: 54.3 tok/s at FP16, 127.7 at Q4_K_M,
    # 2.35× for 3.4× fewer bytes. Unpacking and the per-layer step cost keep 4-bit below the bytes ratio.
    bf16 = _speed(catalog, "llama-3-8b", "bf16", "rtx-4090").decode_tokens_per_s_per_sequence.central
    q4 = _speed(catalog, "llama-3-8b", "q4-k-m", "rtx-4090").decode_tokens_per_s_per_sequence.central
    assert 1.8 < q4 / bf16 < 2.9


def test_ranges_are_ordered(catalog):
    s = _speed(catalog, "llama-3.1-70b", "bf16", "h100-sxm", context=8192, batch=8)
    d = s.decode_tokens_per_s_per_sequence
    t = s.time_to_first_token_s
    assert d.low < d.central < d.high
    assert t.low < t.central < t.high  # times: 'low' is the fast end


def test_moe_decode_reads_active_not_total_weights(catalog):
    s_moe = _speed(catalog, "mixtral-8x7b", "bf16", "h100-sxm")
    model = catalog.models["mixtral-8x7b"]
    read = speed.weight_bytes_read_per_step(model, catalog.precisions["bf16"], 1)
    assert read < model.params_total * 2 * 0.4
    # With a big batch nearly every expert is touched.
    read_big = speed.weight_bytes_read_per_step(model, catalog.precisions["bf16"], 256)
    assert read_big == pytest.approx((model.params_total - model.vocab_size * model.hidden_size) * 2, rel=0.01)
    assert s_moe.decode_tokens_per_s_per_sequence.central > 0


def test_large_batches_become_compute_bound_and_throughput_saturates(catalog):
    small = _speed(catalog, "llama-3.1-8b", "bf16", "h100-sxm", context=512, batch=1)
    big = _speed(catalog, "llama-3.1-8b", "bf16", "h100-sxm", context=512, batch=1024)
    assert small.bound == "memory" and big.bound == "compute"
    assert big.throughput_tokens_per_s.central > 50 * small.throughput_tokens_per_s.central
    assert big.decode_tokens_per_s_per_sequence.central < small.decode_tokens_per_s_per_sequence.central


def test_time_to_first_token_grows_with_prompt(catalog):
    short = _speed(catalog, "llama-3.1-70b", "bf16", "h100-sxm", context=1024)
    long = _speed(catalog, "llama-3.1-70b", "bf16", "h100-sxm", context=32768)
    assert long.time_to_first_token_s.central > 20 * short.time_to_first_token_s.central


def test_tensor_parallel_speeds_up_decode(catalog):
    model = catalog.models["llama-3.1-70b"]
    p = catalog.precisions["bf16"]
    hw = catalog.hardware["h100-sxm"]
    mem = memory.breakdown(model, p, p, 2048, 1)
    tp2 = speed.estimate_speed(model, p, mem, hw, fit.layouts_for(model, hw, 2)[0], 2048, 1)
    tp8 = speed.estimate_speed(model, p, mem, hw, fit.layouts_for(model, hw, 8)[0], 2048, 1)
    pp2 = speed.estimate_speed(model, p, mem, hw, fit.Layout(2, 1, 2, 1), 2048, 1)
    assert tp8.decode_tokens_per_s_per_sequence.central > 2.5 * tp2.decode_tokens_per_s_per_sequence.central
    # Pipeline stages do not speed up one sequence: they run one after another.
    assert pp2.decode_tokens_per_s_per_sequence.central < tp2.decode_tokens_per_s_per_sequence.central
