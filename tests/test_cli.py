"""The command line as a user meets it: `python -m generator estimate ...` and its errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=ROOT)


def test_estimate_json_has_the_documented_keys():
    r = run("estimate", "--model", "llama-3.1-70b", "--context", "32768", "--json", "--date", "2026-11-01")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)  # exactly one JSON object on stdout
    for key in ("model", "precision", "kv_precision", "context_tokens", "batch", "params_total", "params_active",
                "memory", "deployments"):
        assert key in data
    assert set(data["memory"]) >= {"weights_bytes", "kv_bytes_per_token", "kv_cache_bytes", "overhead_bytes",
                                   "total_bytes"}
    assert data["memory"]["kv_bytes_per_token"] == 327_680
    assert data["memory"]["kv_cache_bytes"] == 327_680 * 32768
    by_hw = {d["hardware"]: d for d in data["deployments"]}
    h100 = by_hw["h100-sxm"]
    for key in ("hardware", "accelerators", "nodes", "tensor_parallel", "pipeline_parallel",
                "memory_per_accelerator_bytes", "decode_tokens_per_s_per_sequence", "throughput_tokens_per_s",
                "time_to_first_token_s", "usd_per_hour", "usd_per_month", "usd_per_million_tokens", "price_source"):
        assert key in h100
    for key in ("decode_tokens_per_s_per_sequence", "throughput_tokens_per_s", "time_to_first_token_s"):
        assert set(h100[key]) == {"low", "central", "high"}
    assert h100["accelerators"] >= 2
    assert h100["usd_per_hour"] is not None and h100["price_source"].startswith("http")
    assert h100["usd_per_month"]["central"] == pytest.approx(h100["usd_per_hour"]["central"] * 730)


def test_estimate_table_is_readable():
    r = run("estimate", "--model", "llama-3.1-8b", "--hardware", "h100-sxm", "rtx-4090")
    assert r.returncode == 0, r.stderr
    assert "KV cache per token" in r.stdout and "32 × 2 × 8 × 128 × 2 = 131,072 bytes" in r.stdout
    assert "h100-sxm" in r.stdout and "rtx-4090" in r.stdout


@pytest.mark.parametrize("args, expected", [
    (("--model", "llama-3.1-7b"), "error: unknown model `llama-3.1-7b` (did you mean `llama-3.1-70b`"),
    (("--model", "llama-3.1-8b", "--precision", "q4_k_m"), "error: unknown precision `q4_k_m` (did you mean `q4-k-m`?)"),
    (("--model", "llama-3.1-8b", "--hardware", "h100"), "error: unknown hardware `h100` (did you mean `h200`"),
    (("--model", "llama-3.1-8b", "--context", "0"), "error: argument --context: must be greater than 0 (got 0)"),
    (("--model", "llama-3.1-8b", "--context", "-5"), "error: argument --context: must be greater than 0 (got -5)"),
    (("--model", "llama-3.1-8b", "--batch", "0"), "error: argument --batch: must be greater than 0 (got 0)"),
    (("--model", "llama-3.1-8b", "--context", "8k"), "error: argument --context: expected a whole number (got '8k')"),
    (("--model", "llama-3.1-8b", "--date", "2025-13-01"), "error: argument --date: expected a date YYYY-MM-DD"),
    (("--model", "llama-3.1-8b", "--kv-precision", "q4-k-m"), "error: precision `q4-k-m` cannot store the KV cache"),
    (("--mdoel", "llama-3.1-8b"), "error: "),
])
def test_bad_arguments_exit_2_with_one_clear_line(args, expected):
    r = run("estimate", *args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith(expected), r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert r.stdout == ""


def test_check_passes_on_the_real_records():
    r = run("check")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ok: ")
