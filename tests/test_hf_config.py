"""Any model: published config.json files counted to their published parameter totals (within 0.1%)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT
from generator.records.hf_config import SUPPORTED, ConfigError, read

CONFIGS = ROOT / "tests" / "fixtures" / "configs"
EXPECTED = yaml.safe_load((CONFIGS / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parameter_count_matches_the_published_total(name):
    counted = read(CONFIGS / name)
    published = EXPECTED[name]["params_total"]
    assert abs(counted.model.params_total - published) / published < 0.001, (counted.model.params_total, published)
    # The arithmetic a reader can redo: the parts add up to the total that is printed.
    *parts, total = counted.lines
    assert sum(p.value for p in parts) == total.value == counted.model.params_total


def test_every_supported_family_has_a_published_config():
    tested = {read(CONFIGS / name).model_type for name in EXPECTED}
    assert tested >= set(SUPPORTED) - {"gemma3"}  # gemma3 wraps gemma3_text in text_config (tested below)


def test_mixture_of_experts_active_parameters():
    # Mixtral: 2 of 8 experts per token; 46.7B total, 12.9B active (Mistral AI: "12.9B active parameters").
    mixtral = read(CONFIGS / "mixtral-8x7b-v0.1.json").model
    assert mixtral.moe.experts_total == 8 and mixtral.moe.experts_active == 2
    assert round(mixtral.params_active / 1e9, 1) == 12.9
    # Qwen3-235B-A22B: 22B active, as its name says.
    assert round(read(CONFIGS / "qwen3-235b-a22b.json").model.params_active / 1e9) == 22


def test_attention_variants_are_read():
    deepseek = read(CONFIGS / "deepseek-v3.json").model
    assert (deepseek.mla.kv_lora_rank, deepseek.mla.qk_rope_head_dim) == (512, 64)
    assert deepseek.native_dtype == "fp8"
    gemma = read(CONFIGS / "gemma-3-1b-it.json").model
    assert gemma.tie_word_embeddings and gemma.sliding_window.window_tokens == 512
    assert gemma.sliding_window.local_layers == 26 - 26 // 6  # five local layers to each global one
    oss = read(CONFIGS / "gpt-oss-20b.json").model
    assert oss.native_dtype == "mxfp4" and oss.sliding_window.local_layers == 12


def test_a_multimodal_config_counts_its_language_model(tmp_path):
    text = json.loads((CONFIGS / "gemma-3-1b-it.json").read_text())
    wrapped = {"model_type": "gemma3", "torch_dtype": "bfloat16", "text_config": {**text, "model_type": "gemma3_text"},
               "vision_config": {"model_type": "siglip_vision_model"}}
    (tmp_path / "config.json").write_text(json.dumps(wrapped))
    assert read(tmp_path / "config.json").model.params_total == EXPECTED["gemma-3-1b-it.json"]["params_total"]


@pytest.mark.parametrize("content, message", [
    ('{"model_type": "bert"}', "model_type 'bert' is not supported; supported: " + ", ".join(SUPPORTED)),
    ('{"model_type": "llama", "hidden_size": 4096}', "has no `vocab_size`; it is needed to count the parameters"),
    ('{"model_type": "llama", "vocab_size": "32k"}', "`vocab_size` must be a positive whole number (got '32k')"),
    ("not json", "is not a JSON file"),
])
def test_bad_configs_get_one_clear_line(tmp_path, content, message):
    path = tmp_path / "config.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=None) as exc:
        read(path)
    assert message in str(exc.value)
    r = subprocess.run([sys.executable, "-m", "generator", "estimate", "--config", str(path)], capture_output=True,
                       text=True, cwd=ROOT)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and message in r.stderr


def test_estimate_with_a_config_prints_the_parameter_arithmetic():
    r = subprocess.run([sys.executable, "-m", "generator", "estimate", "--config", str(CONFIGS / "llama-3.1-8b.json"),
                        "--hardware", "h100-sxm", "--json"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["params_total"] == 8_030_261_248 and out["config"]["model_type"] == "llama"
    assert out["config"]["params_arithmetic"][-1].endswith("= 8,030,261,248")
    assert out["memory"]["kv_bytes_per_token"] == 131_072  # 32 layers × 2 × 8 KV heads × 128 × 2 bytes
