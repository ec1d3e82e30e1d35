"""Every assumption of the engine, in one place, printed on the methodology page.

A `Band` is an efficiency or overhead that reality spreads over a range: speeds and costs are computed
at `low`, `central` and `high`, and a verdict only calls a claim wrong when it is wrong across the band.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Band:
    low: float
    central: float
    high: float
    unit: str
    why: str

    def as_dict(self) -> dict[str, float]:
        return {"low": self.low, "central": self.central, "high": self.high}


@dataclass(frozen=True)
class Constant:
    value: float
    unit: str
    why: str


USABLE_MEMORY_FRACTION = Constant(
    0.90, "fraction",
    "Share of an accelerator's memory a serving engine lets weights, KV cache and activations use: vLLM's "
    "default gpu_memory_utilization=0.9; the rest absorbs fragmentation and other processes.",
)

TIGHT_MEMORY_UTILIZATION = Constant(
    0.98, "fraction",
    "The most of an accelerator's memory this site credits to a deployment tuned by hand (vLLM's "
    "gpu_memory_utilization raised from its 0.9 default). A layout that holds the model only above the default "
    "is shown as 'tight', with the utilisation it needs; the answer is the layout that works at the default.",
)

RUNTIME_RESERVE_GIB = Constant(
    1.0, "GiB per accelerator",
    "CUDA/ROCm context, cuBLAS workspaces and communication buffers that exist before any weight loads "
    "(about 0.5–1 GiB on current stacks), taken out of the usable memory of each accelerator.",
)

ACTIVATION_WORKSPACE_FRACTION = Constant(
    0.05, "fraction of weight bytes",
    "Peak activations and temporary buffers while running a forward pass, as a share of the weights; "
    "serving engines profile this at start-up and it is a few percent of the weights for chunked prefill.",
)

MEMORY_BANDWIDTH_EFFICIENCY = Band(
    0.50, 0.70, 0.85, "fraction of peak bandwidth",
    "Decode reads every active weight and the KV cache once per step; kernels reach 50–85% of the "
    "datasheet bandwidth (batch-1 decode of Llama 3 8B in bf16 on an H100 at ~130 tokens/s is ~65%).",
)

LOW_BIT_BANDWIDTH_EFFICIENCY = Band(
    0.65, 0.80, 1.00, "× the bandwidth efficiency, for weights under 6 bits",
    "4-bit and 5-bit weights must be unpacked and rescaled as they are read (GGUF K-quants, AWQ/GPTQ, MXFP4), so "
    "their kernels reach a smaller share of peak bandwidth than 16-bit or 8-bit ones. Calibrated on published "
    "batch-1 decode of 4-bit models (llama.cpp Q4_K_M on RTX 4090 and H100 PCIe, AutoAWQ on RTX 4090; see the "
    "accuracy page).",
)

STEP_TIME_PER_LAYER_S = Band(
    100e-6, 40e-6, 10e-6, "seconds per layer per decode step",
    "Work each decode step pays per layer whatever the weights' size: kernel launches, normalisation, rotary "
    "embeddings, sampling and scheduling, spread over the layers. It does not shrink with fewer weight bits, so "
    "it dominates small and 4-bit models. Calibrated on published batch-1 decode (llama.cpp and AutoAWQ on RTX "
    "4090 and H100 PCIe, gpt-fast on A100, NIM on H100); the low-speed end uses the slowest value.",
)

DECODE_FLOPS_UTILIZATION = Band(
    0.30, 0.45, 0.60, "fraction of peak dense FLOPS",
    "At large batches decode becomes compute-bound; achieved model FLOPS utilisation in serving engines "
    "is rarely above 60% of the dense tensor peak.",
)

PREFILL_FLOPS_UTILIZATION = Band(
    0.35, 0.50, 0.70, "fraction of peak dense FLOPS",
    "Prefill (reading the prompt) is dense matrix multiplication and reaches 35–70% of peak.",
)

ALLREDUCE_LATENCY_S = Band(
    50e-6, 25e-6, 10e-6, "seconds per all-reduce",
    "Fixed cost of one tensor-parallel all-reduce (two per layer per decode step), with the kernel launches "
    "around it. Calibrated on published batch-1 decode speeds at TP 2–8 (NIM Llama 3.3 70B on 2×H100, gpt-fast "
    "Mixtral on 2 and 8×A100, vLLM Llama 3.1 70B/405B on 8×MI300X; see the accuracy page): 10–50 µs. The "
    "low-speed end uses the slowest value.",
)

PIPELINE_HOP_LATENCY_S = Band(
    200e-6, 50e-6, 20e-6, "seconds per stage boundary",
    "Handing activations from one pipeline stage to the next, per decode step; across nodes it is a network "
    "round trip.",
)

ACTIVATION_BYTES = Constant(
    2, "bytes per activation value",
    "Activations exchanged between tensor-parallel ranks are bf16.",
)

HOURS_PER_MONTH = Constant(730, "hours", "24 × 365 / 12: a month of continuous running.")

PRICE_PURCHASE_OPTIONS = ("on-demand",)
"""Offers counted when pricing a deployment: on-demand, the price anyone can pay without commitment."""

TENSOR_PARALLEL_DEGREES = (1, 2, 4, 8)
"""Tensor-parallel group sizes serving engines are run with (vLLM, SGLang, TensorRT-LLM deployments): powers of
two up to one node, dividing the attention heads. Beyond one node, pipeline stages or expert parallelism."""

MAX_ACCELERATORS = 4096
"""Search limit for the fewest accelerators that hold a model; beyond it a model 'does not fit'."""


def all_constants() -> dict[str, Band | Constant]:
    """Every named constant, for the methodology page."""
    return {name: value for name, value in globals().items() if isinstance(value, (Band, Constant))}



# ----------------------------------------------------------------------------------------- verdicts

ACCURATE_TOLERANCE = Constant(
    0.15, "fraction",
    "A number within 15% of the computed range (a price, a speed, a cost) counts as accurate: 'about $1' "
    "is not wrong because the page says $0.97.",
)

FALSE_FACTOR = Constant(
    10.0, "×",
    "A number more than 10× away from the computed range is false; between the tolerance and 10× it is "
    "exaggerated (in either direction: hype or doom).",
)

COUNT_FALSE_FACTOR = Constant(
    4.0, "×",
    "For accelerator counts the scale is tighter: needing more than 4× the claimed accelerators (or fewer "
    "than a quarter of them) makes a claim false; within that it is exaggerated.",
)

DEFAULT_MIN_DECODE_TOKENS_PER_S = Constant(
    5.0, "tokens/s",
    "When a claim says a model 'runs' without saying how fast, it must at least decode 5 tokens/s per "
    "sequence, slower than reading speed but usable.",
)

DEFAULT_CONTEXT_TOKENS = Constant(8192, "tokens", "Context assumed when a claim does not state one.")

FAVOURABLE_CONTEXT_TOKENS = Constant(
    4096, "tokens",
    "The shortest context the reading policy credits to a claim that a model runs on little hardware and states "
    "no context: a short chat turn. Shorter contexts change little: at 4,096 tokens the KV cache is already small beside the weights.",
)

TRAINING_FLOPS_UTILIZATION = Band(
    0.25, 0.38, 0.55, "fraction of peak dense FLOPS",
    "Model FLOPS utilisation of large training runs: Llama 3 405B reported 38–43% on H100 in BF16; FP8 runs "
    "and MoE models sit lower against their higher peak.",
)

TRAINING_FLOPS_PER_TOKEN_PER_PARAM = Constant(
    6, "FLOPs", "Forward and backward pass: 6 × active parameters FLOPs per training token.")

MIN_PROVIDERS_FOR_MARKET = Constant(
    2, "providers",
    "A claim about what a GPU 'costs' to rent is judged against the range of on-demand offers in force; with "
    "fewer providers on record than this for a date, there is no market range to judge against.",
)

PRICE_LOOKAHEAD_DAYS = Constant(
    31, "days",
    "When no price is on record on or before a claim's date, an observation up to this many days later stands "
    "in for the price in force (on-demand list prices change rarely); the page shows the observation's date.",
)

AUDIT_STALE_PRICE_DAYS = Constant(
    180, "days",
    "`generator audit` lists an offer whose latest price on record is older than this: prices move, and a verdict "
    "'today' should not rest on a half-year-old observation without saying so.",
)

API_INPUT_SHARE = Constant(
    0.75, "fraction of tokens",
    "Share of API tokens that are input (prompt) rather than output when blending per-token prices: chat and "
    "retrieval workloads send about three prompt tokens per generated token.",
)

GRID_PRECISIONS = ("bf16", "fp8", "q4-k-m")
"""Precisions in every 'when would it be true' grid: the native release, the common serving cut, 4-bit."""

GRID_CONTEXTS = (4096, 32768, 131072)
"""Context lengths in the grid (capped at the model's maximum)."""

GRID_HARDWARE = ("rtx-4090", "l4", "a100-80gb", "h100-sxm", "h200", "mi300x", "b200", "apple-m3-ultra")
"""Accelerators in the grid when a claim names none: consumer, inference, training-class and unified memory."""
