"""Property tests: the engine's physics holds for any architecture, not just the ones we hand-checked."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.engine import fit, memory
from generator.records.schemas import Hardware, Model, Precision

SOURCE = [{"url": "https://example.org", "accessed": dt.date(2024, 1, 1)}]


@st.composite
def models(draw):
    kv_heads = draw(st.sampled_from([1, 2, 4, 8, 16]))
    group = draw(st.sampled_from([1, 2, 4, 8]))
    layers = draw(st.integers(1, 128))
    head_dim = draw(st.sampled_from([64, 96, 128, 256]))
    hidden = kv_heads * group * head_dim
    window = draw(st.none() | st.integers(64, 8192))
    mla = draw(st.booleans())
    params = draw(st.integers(10**8, 10**12))
    return Model.model_validate({
        "id": "m", "name": "m", "organization": "o", "released_on": dt.date(2024, 1, 1), "license": "x",
        "params_total": params, "num_hidden_layers": layers, "hidden_size": hidden,
        "num_attention_heads": kv_heads * group, "num_key_value_heads": kv_heads, "head_dim": head_dim,
        "vocab_size": 32000, "intermediate_size": 4 * hidden, "max_context_tokens": 131072,
        "native_dtype": "bf16", "sources": SOURCE,
        **({"sliding_window": {"window_tokens": window, "local_layers": draw(st.integers(1, layers))}}
           if window and not mla else {}),
        **({"mla": {"kv_lora_rank": 512, "qk_rope_head_dim": 64}} if mla else {}),
    })


def precision(bits: float) -> Precision:
    return Precision.model_validate({"id": "p", "name": "p", "bits_per_value": bits, "usable_for": ["weights", "kv"],
                                     "compute_dtype": "bf16", "sources": SOURCE})


def hardware(memory_gib: float, per_node: int = 8) -> Hardware:
    return Hardware.model_validate({
        "id": "h", "vendor": "v", "name": "h", "hardware_class": "data-center", "released_on": dt.date(2024, 1, 1),
        "memory_gib": memory_gib, "memory_type": "HBM", "memory_bandwidth_gb_per_s": 3000.0,
        "peak_dense_tflops": {"bf16": 1000.0}, "sources": SOURCE,
        "interconnect": {"name": "x", "bandwidth_gb_per_s": 900.0, "accelerators_per_node": per_node}})


BITS = st.sampled_from([2.625, 4.5, 4.85, 8, 8.5, 16])


@settings(max_examples=150, deadline=None)
@given(models(), BITS, st.integers(1, 200_000), st.integers(1, 200_000), st.integers(1, 64))
def test_memory_grows_with_context(model, bits, a, b, batch):
    p = precision(bits)
    lo, hi = sorted((a, b))
    assert memory.kv_cache(model, p, lo, batch).value <= memory.kv_cache(model, p, hi, batch).value
    assert memory.breakdown(model, p, p, lo, batch).total_bytes <= memory.breakdown(model, p, p, hi, batch).total_bytes


@settings(max_examples=150, deadline=None)
@given(models(), BITS, st.integers(1, 100_000), st.integers(1, 256), st.integers(1, 256))
def test_memory_grows_with_batch(model, bits, context, a, b):
    p = precision(bits)
    lo, hi = sorted((a, b))
    assert memory.breakdown(model, p, p, context, lo).total_bytes <= memory.breakdown(model, p, p, context, hi).total_bytes


@settings(max_examples=150, deadline=None)
@given(models(), BITS, BITS, st.integers(1, 100_000), st.integers(1, 64))
def test_memory_shrinks_with_fewer_bits(model, bits_a, bits_b, context, batch):
    lo, hi = sorted((bits_a, bits_b))
    small = memory.breakdown(model, precision(lo), precision(lo), context, batch).total_bytes
    big = memory.breakdown(model, precision(hi), precision(hi), context, batch).total_bytes
    assert small <= big


@settings(max_examples=100, deadline=None)
@given(models(), BITS, st.integers(1, 32_768), st.integers(1, 16), st.sampled_from([16, 24, 48, 80, 141, 192]),
       st.sampled_from([1, 4, 8]))
def test_more_accelerators_never_stop_a_model_fitting(model, bits, context, batch, memory_gib, per_node):
    p = precision(bits)
    hw = hardware(memory_gib, per_node)
    mem = memory.breakdown(model, p, p, context, batch)
    found = fit.fewest(model, mem, hw)
    if found is None:
        return
    capacity = fit.usable_bytes(hw)
    n = found.layout.accelerators
    assert fit.bytes_per_accelerator(model, mem, found.layout) <= capacity
    for more in range(n, min(n + 24, model.num_hidden_layers + 1)):
        layouts = fit.layouts_for(model, hw, more)
        assert any(fit.bytes_per_accelerator(model, mem, layout) <= capacity for layout in layouts), more


@settings(max_examples=100, deadline=None)
@given(models(), BITS, st.integers(1, 32_768), st.sampled_from([24, 80, 141]))
def test_more_memory_per_accelerator_never_needs_more_accelerators(model, bits, context, memory_gib):
    p = precision(bits)
    mem = memory.breakdown(model, p, p, context, 1)
    small = fit.fewest(model, mem, hardware(memory_gib))
    big = fit.fewest(model, mem, hardware(memory_gib * 2))
    if small is not None:
        assert big is not None and big.layout.accelerators <= small.layout.accelerators
