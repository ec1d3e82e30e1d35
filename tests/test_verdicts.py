"""Verdicts: the grading scale, and real claims whose verdicts we checked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import constants as K
from generator.engine.calculator import Calculator
from generator.verdicts import grade_count, grade_number, judge, overall

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def calc(catalog):
    return Calculator(catalog)


def test_grade_number_scale():
    assert grade_number(100, 98.32, 98.32)[0] == "accurate"          # "nearly $100" vs $98.32
    assert grade_number(1.15 * 100, 100, 100)[0] == "accurate"        # at the tolerance edge
    assert grade_number(1.2 * 100, 100, 100)[0] == "exaggerated"
    assert grade_number(10 * 100, 100, 100)[0] == "exaggerated"
    assert grade_number(10.5 * 100, 100, 100)[0] == "false"
    assert grade_number(5, 100, 100)[0] == "false"                    # understated 20×: doom or hype alike
    assert grade_number(50, 40, 60)[0] == "accurate"                  # inside a range


def test_grade_count_scale():
    assert grade_count(1, 1) == "accurate"
    assert grade_count(8, 6) == "accurate"
    assert grade_count(1, 4) == "exaggerated"
    assert grade_count(1, 5) == "false"
    assert grade_count(1, None) == "false"


def test_outdated_when_true_then_not_now():
    assert overall("accurate", "exaggerated") == "outdated"
    assert overall("accurate", "accurate") == "accurate"
    assert overall("false", "accurate") == "false"
    assert overall(None, "exaggerated") == "exaggerated"


@pytest.mark.parametrize("claim_id, verdict", [
    # Gemma 3 27B in BF16 at 32K needs ~55 GB + 16 GB of cache: one 80 GB card holds it.
    ("gemma-3-most-capable-single-gpu-or-tpu", "accurate"),
    # $98.32/h in May 2025, $55.04/h after AWS's June 2025 cut.
    ("aws-p5-100-dollars-per-hour", "outdated"),
    # Maverick is 400B parameters: ~400 GB at INT8, five 80 GB cards at least.
    ("llama-4-maverick-int8-single-h100-kickllm", "false"),
    # DeepSeek-V3 in FP8 (671 GB): a memory floor of 10 H100s, rented as two 8-GPU nodes (16), below the
    # claimed 24+; only DeepSeek's own production serving unit (4 + 18 nodes of 8 = 176 GPUs) reaches it.
    ("deepseek-v3-needs-dozens-to-hundreds-of-gpus", "needs-context"),
    # The same bill, from one replica ($19k a month) to DeepSeek's fleet (1,814 GPUs on average): the claimed
    # $200k-$1M a month is a production-scale bill.
    ("monthly-gpu-bill-hundreds-of-thousands-to-millions", "needs-context"),
    # 405B at NVFP4 is 228 GB + 11 GB workspace: two DGX Sparks (121.7 GiB each as CUDA reports it) hold it only
    # with 0.93 of memory, above the 0.9 default: a tight fit, which is how NVIDIA's dual-Spark set-up runs it.
    ("dgx-spark-dual-405b", "accurate"),
    # Two 8 × H100 nodes: what Azure's ND H100 v5 gives, and what the fewest rentable layout is.
    ("deepseek-r1-needs-16-h100-azure", "accurate"),
    # Scout in FP16, as the claim states (218 GB), needs 4 H100s (TP 4); the 4-bit reading that fits one is ruled
    # out by the claim's own words.
    ("llama-4-scout-fp16-single-h100-kickllm", "exaggerated"),
    ("llama-4-scout-single-h100-int4", "accurate"),
    # 6 × 37B × 14.8T FLOPs at ~40% of an H100's 989 TFLOPS ≈ 2.3M GPU-hours, consistent with 2.788M.
    ("deepseek-v3-training-cost-5.576m", "accurate"),
    # 810 GB of FP16 weights do not fit one 8 × 80 GB node.
    ("llama-3.1-405b-fp16-needs-multi-node", "accurate"),
    # genai-prices: gpt-4o-mini input tokens $0.15 per million since launch.
    ("gpt-4o-mini-15-cents-per-million-input-tokens", "accurate"),
])
def test_hand_checked_verdicts(catalog, calc, claim_id, verdict):
    assert judge(catalog.claims[claim_id], calc, TODAY).verdict == verdict


def test_every_claim_gets_a_verdict_with_an_explanation(catalog, calc):
    for claim in catalog.claims.values():
        j = judge(claim, calc, TODAY)
        assert j.verdict in ("accurate", "needs-context", "misleading", "exaggerated", "false", "outdated",
                             "unverifiable")
        assert j.summary, claim.id
        if claim.kind not in ("evidence",) and j.verdict != "unverifiable":
            assert j.figures, f"{claim.id} shows no arithmetic"


def test_grid_marks_where_a_runs_on_claim_holds(catalog, calc):
    j = judge(catalog.claims["llama-4-scout-fp16-single-h100-kickllm"], calc, TODAY)
    holds = [(row, col) for r, row in enumerate(j.grid.rows) for c, col in enumerate(j.grid.columns)
             if j.grid.cells[r][c].holds]
    assert holds and all("BF16" not in row for row, _ in holds)  # only quantized weights fit one H100
    assert any("Q4" in row for row, _ in holds)


def test_claim_date_uses_that_days_hardware(catalog, calc):
    from generator.engine.calculator import available_hardware

    early = available_hardware(catalog, dt.date(2023, 1, 1))
    assert "b200" not in early and "a100-80gb" in early
    assert "b200" in available_hardware(catalog, TODAY)


def test_thresholds_live_in_constants():
    assert K.ACCURATE_TOLERANCE.value == 0.15 and K.FALSE_FACTOR.value == 10 and K.COUNT_FALSE_FACTOR.value == 4
