"""The command line as a user meets it: `python -m generator estimate ...` and its errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT
from generator.records.today import today


#: The CLI's "today" (the project's own rule, generator/records/today.py) is pinned for these tests, so the messages
#: that name it are known in advance on any day.
TODAY = today(ROOT).date.isoformat()


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, cwd=ROOT,
                          env=dict(os.environ, REALITY_CHECK_TODAY=TODAY))


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
    assert "KV cache per token" in r.stdout and "32 × 2 × 8 × 128 × 2 B = 131,072 B" in r.stdout
    assert "h100-sxm" in r.stdout and "rtx-4090" in r.stdout


@pytest.mark.parametrize("args, expected", [
    (("--model", "llama-3.1-7b"), "error: unknown model `llama-3.1-7b` (did you mean `llama-3.1-70b`"),
    (("--model", "llama-3.1-8b", "--precision", "q4_k_m"), "error: unknown precision `q4_k_m` (did you mean `q4-k-m`?)"),
    (("--model", "llama-3.1-8b", "--precision", "Q4_K_M"), "error: unknown precision `Q4_K_M` (did you mean `q4-k-m`?)"),
    (("--model", "llama-3.1-8b", "--hardware", "h100"),
     "error: unknown hardware `h100` (did you mean `h100-pcie` or `h100-sxm`?)"),
    (("--model", "llama-3.1-8b", "--hardware", "H100"),
     "error: unknown hardware `H100` (did you mean `h100-pcie` or `h100-sxm`?)"),
    (("--model", "Llama-3.1-70B"), "error: unknown model `Llama-3.1-70B` (did you mean `llama-3.1-70b`?)"),
    (("--model", "llama-3.1-8b", "--hardware", "xyz"),
     "error: unknown hardware `xyz`; `python -m generator list hardware` prints every id"),
    (("--model", "llama-3.1-8b", "--context", "10000000"),
     "error: --context 10,000,000 is more than Llama 3.1 8B's maximum context of 131,072 tokens; "
     "ask for 131,072 or fewer"),
    (("--model", "llama-3.1-8b", "--date", "2019-01-01"),
     f"error: --date 2019-01-01 is before Llama 3.1 8B was released (2024-07-23); ask for a date from then to {TODAY}"),
    (("--model", "llama-3.1-8b", "--date", "2031-01-01"),
     f"error: --date 2031-01-01 is after today ({TODAY}, set by REALITY_CHECK_TODAY); prices are known only up to today"),
    (("--model", "llama-3.1-8b", "--date", "2025-06-31"), "error: argument --date: 2025-06-31 is not a date (June has 30 days)"),
    (("--model", "llama-3.1-8b", "--date", "2025-02-30"),
     "error: argument --date: 2025-02-30 is not a date (February 2025 has 28 days)"),
    (("--model", "llama-3.1-8b", "--context", "0"), "error: argument --context: must be greater than 0 (got 0)"),
    (("--model", "llama-3.1-8b", "--context", "-5"), "error: argument --context: must be greater than 0 (got -5)"),
    (("--model", "llama-3.1-8b", "--batch", "0"), "error: argument --batch: must be greater than 0 (got 0)"),
    (("--model", "llama-3.1-8b", "--context", "8k"), "error: argument --context: expected a whole number (got '8k')"),
    (("--model", "llama-3.1-8b", "--date", "2025-13-01"),
     "error: argument --date: 2025-13-01 is not a date (there is no month 13; months run from 01 to 12)"),
    (("--model", "llama-3.1-8b", "--date", "next week"), "error: argument --date: expected a date YYYY-MM-DD (got 'next week')"),
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


def test_estimate_json_has_every_key_even_where_it_does_not_apply():
    from generator.engine.estimate import DEPLOYMENT_KEYS

    # On 2025-01-01: 64 × 131,072 tokens of 405B cache is 4.3 TB, more than any layout of 24 GB RTX 4090s holds
    # (does not fit); no TPU v5e offer is on record (fits, unpriced).
    r = run("estimate", "--model", "llama-3.1-405b", "--context", "131072", "--batch", "64", "--json",
            "--date", "2025-01-01", "--hardware", "h100-sxm", "rtx-4090", "tpu-v5e")
    assert r.returncode == 0, r.stderr
    deployments = {d["hardware"]: d for d in json.loads(r.stdout)["deployments"]}
    for d in deployments.values():
        assert tuple(d) == DEPLOYMENT_KEYS
    assert deployments["h100-sxm"]["fits"] and deployments["h100-sxm"]["price_id"]
    assert not deployments["rtx-4090"]["fits"] and deployments["rtx-4090"]["decode_bound"] is None
    unpriced = deployments["tpu-v5e"]
    assert unpriced["fits"] and unpriced["usd_per_hour"] is None and unpriced["instances"] is None
    assert unpriced["price_id"] is None and unpriced["price_observed"] is None


def test_a_stated_deployment_is_estimated_as_given():
    # "How fast on the 2 A100s I have?" Qwen2.5-72B BF16 holds on two only when tuned: the answer says so.
    r = run("estimate", "--model", "qwen2.5-72b", "--hardware", "a100-80gb", "--accelerators", "2", "--json")
    assert r.returncode == 0, r.stderr
    [d] = json.loads(r.stdout)["deployments"]
    assert (d["accelerators"], d["tensor_parallel"], d["pipeline_parallel"], d["fit"]) == (2, 2, 1, "tight")
    assert 0.9 < d["memory_utilization_needed"] <= 0.98 and d["memory_floor_accelerators"] == 3
    # Without a stated count: four at the default, two if tuned.
    r = run("estimate", "--model", "qwen2.5-72b", "--hardware", "a100-80gb", "--json")
    [d] = json.loads(r.stdout)["deployments"]
    assert (d["accelerators"], d["fit"], d["tight_accelerators"]) == (4, "comfortable", 2)


@pytest.mark.parametrize("args, expected", [
    (("--model", "qwen2.5-7b", "--hardware", "h100-sxm", "--tensor-parallel", "8"),
     "error: 8 × H100 SXM5 80GB as TP 8 × PP 1 is not a layout an engine runs for Qwen2.5 7B (Qwen2.5-7B / "
     "Qwen2.5-7B-Instruct): TP must be one of 1, 2, 4, 8, at most 8 (one node), dividing its 28 attention heads and "
     "4 KV heads and the count, with at most 28 pipeline stages (TP degrees possible on 8: 4, 2, 1); nearest that "
     "hold it: 8 × H100 SXM5 80GB (TP 4 × PP 2, 1 node), 4 × H100 SXM5 80GB (TP 4 × PP 1, 1 node), "
     "2 × H100 SXM5 80GB (TP 2 × PP 1, 1 node)"),
    (("--model", "llama-3.1-405b", "--hardware", "a100-80gb", "--accelerators", "4"),
     "error: 4 × A100 SXM4 80GB cannot hold Llama 3.1 405B here: 214.1 GB per accelerator against 76.2 GB usable "
     "at the default utilisation (83.1 GB tuned); nearest that hold it: 16 × A100 SXM4 80GB (TP 8 × PP 2, 2 nodes)"),
    (("--model", "llama-3.1-8b", "--accelerators", "2"),
     "error: a stated deployment (--accelerators, --tensor-parallel, --pipeline-parallel) needs exactly one "
     "--hardware id"),
    (("--model", "llama-3.1-8b", "--hardware", "h100-sxm", "--accelerators", "4", "--tensor-parallel", "2",
      "--pipeline-parallel", "4"), "error: --tensor-parallel 2 × --pipeline-parallel 4 is 8 accelerators, not 4"),
])
def test_a_stated_deployment_that_cannot_run_exits_2_with_what_would(args, expected):
    r = run("estimate", *args)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.startswith(expected), r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_list_prints_one_line_per_id():
    r = run("list", "hardware")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == len(list((ROOT / "data" / "hardware").glob("*.yaml")))
    assert any(line.startswith("h100-sxm ") and "80 GiB HBM3, 3,350 GB/s, up to 8 per node" in line for line in lines)
    r = run("list", "precisions")
    assert any(line.startswith("q4-k-m ") for line in r.stdout.splitlines())
    r = run("list", "modles")
    assert r.returncode == 2 and r.stderr.startswith("error: argument what: invalid choice: 'modles'")


def test_check_passes_on_the_real_records():
    r = run("check")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ok: ")
