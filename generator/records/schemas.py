"""One strict pydantic model per record kind.

Field names carry their units; every field has a docstring, which becomes the JSON Schema description
(for contributors' editors) and the record reference on the contributing page. Cross-field rules live
in `model_validator`s here; rules that need other records (ids that must exist) live in `references.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    model_validator,
)

from generator.records.today import today as today_rule

ID_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"
EARLIEST_DATE = dt.date(1990, 1, 1)

#: Largest model we accept: ten times anything published (DeepSeek-V3 is 6.7e11, Kimi K2 1.0e12).
MAX_PARAMS = 10**13


def _check_date(value: dt.date, info: ValidationInfo) -> dt.date:
    """Dates are checked against the loader's "today" (generator/records/today.py), passed in the validation context."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if value < EARLIEST_DATE:
        raise ValueError(f"must be on or after {EARLIEST_DATE.isoformat()} (got {value.isoformat()})")
    today = (info.context or {}).get("today") or today_rule().date
    if value > today:
        raise ValueError(f"must not be in the future (got {value.isoformat()}, today is {today.isoformat()})")
    return value


def _to_decimal(value: Any) -> Any:
    """Money is exact: YAML numbers become Decimal via their shortest text, never binary floats."""
    if isinstance(value, bool):
        return value  # let the Decimal validator reject it
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    return value


PastDate = Annotated[dt.date, AfterValidator(_check_date)]
Slug = Annotated[str, Field(pattern=ID_PATTERN, max_length=120)]
Usd = Annotated[
    Decimal,
    BeforeValidator(_to_decimal),
    Field(ge=0, le=Decimal("1e12")),
    PlainSerializer(float, return_type=float, when_used="json"),
]
PositiveInt = Annotated[int, Field(gt=0)]
NonNegativeInt = Annotated[int, Field(ge=0)]
PositiveFloat = Annotated[float, Field(gt=0)]


class Strict(BaseModel):
    """Base for every record: unknown keys are errors, types are not coerced from strings."""

    # defer_build: validators are built on first use, so `estimate` never pays for the claim schema.
    # Field docstrings become descriptions through _attach_docstrings() below (one parse of this file,
    # where pydantic's use_attribute_docstrings would re-read the source once per class).
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Source(Strict):
    url: Annotated[str, Field(pattern=r"^https?://\S+$", max_length=2000)]
    """Where a reader can check the figure: http(s) URL of the primary source."""
    accessed: PastDate
    """The day the source was read (YYYY-MM-DD): not its publication date, which goes in `published`."""
    published: PastDate | None = None
    """The date the source itself states it was published or updated, when it states one."""
    secondary: bool = False
    """True when this is not the maker's, vendor's or provider's own page (a copy, a reseller's table, a third-party
    dataset); a record whose sources are all secondary is shown as such and listed by `generator audit`."""
    note: str | None = None
    """What in the source gives the figure (file, table, paragraph)."""

    @model_validator(mode="after")
    def _read_after_published(self) -> "Source":
        if self.published and self.accessed < self.published:
            raise ValueError(f"accessed ({self.accessed.isoformat()}) is before published "
                             f"({self.published.isoformat()}): a source cannot be read before it exists")
        return self


Sources = Annotated[list[Source], Field(min_length=1)]

DateBasis = Literal["stated", "inferred"]


class Record(Strict):
    id: Slug
    """Lowercase slug, equal to the file name without `.yaml`."""
    sources: Sources
    """At least one source with `url` and `accessed` date."""


# --------------------------------------------------------------------------------------------- models


class SlidingWindow(Strict):
    window_tokens: PositiveInt
    """Tokens a local (sliding-window) attention layer keeps in its cache."""
    local_layers: PositiveInt
    """How many of the layers use sliding-window attention; the rest attend to the whole context."""


class MultiHeadLatentAttention(Strict):
    kv_lora_rank: PositiveInt
    """Width of the compressed latent KV vector cached per token per layer (DeepSeek `kv_lora_rank`)."""
    qk_rope_head_dim: PositiveInt
    """Width of the decoupled rotary key cached per token per layer (DeepSeek `qk_rope_head_dim`)."""


class MixtureOfExperts(Strict):
    experts_total: PositiveInt
    """Routed experts per MoE layer."""
    experts_active: PositiveInt
    """Routed experts each token uses."""
    shared_experts: NonNegativeInt = 0
    """Experts every token uses in addition to the routed ones."""
    expert_intermediate_size: PositiveInt | None = None
    """Feed-forward width of one expert."""

    @model_validator(mode="after")
    def _active_within_total(self) -> "MixtureOfExperts":
        if self.experts_active > self.experts_total:
            raise ValueError(
                f"experts_active ({self.experts_active}) cannot exceed experts_total ({self.experts_total})"
            )
        return self


Dtype = Literal["bf16", "fp16", "fp32", "fp8", "mxfp4"]


class Model(Record):
    name: str
    """Display name, e.g. `Llama 3.1 70B`."""
    organization: str
    """Who released the model."""
    released_on: PastDate
    """Release date of the checkpoint."""
    date_basis: DateBasis = "stated"
    """`inferred` when no source states the release date and it was worked out (say how in a comment); pages show it."""
    license: str
    """Licence name as the maker gives it."""
    params_total: Annotated[int, Field(gt=0, le=MAX_PARAMS)]
    """All parameters; what memory must hold."""
    params_active: Annotated[int, Field(gt=0, le=MAX_PARAMS)] | None = None
    """Parameters used per token (MoE); omitted for dense models, where it equals `params_total`."""
    num_hidden_layers: PositiveInt
    """Transformer layers (`num_hidden_layers` in config.json)."""
    hidden_size: PositiveInt
    """Model width (`hidden_size`)."""
    num_attention_heads: PositiveInt
    """Query heads per layer; tensor-parallel degrees must divide it."""
    num_key_value_heads: PositiveInt
    """Key/value heads per layer (GQA/MQA); equals `num_attention_heads` for plain multi-head attention."""
    head_dim: PositiveInt
    """Width of one attention head (explicit: Gemma and others do not use hidden_size / heads)."""
    vocab_size: PositiveInt
    """Tokenizer vocabulary size (embedding rows)."""
    intermediate_size: PositiveInt
    """Dense feed-forward width."""
    max_context_tokens: PositiveInt
    """Longest context the release supports."""
    native_dtype: Dtype
    """Precision the official weights ship in."""
    tie_word_embeddings: bool = False
    """Whether the LM head shares the embedding matrix."""
    sliding_window: SlidingWindow | None = None
    """Local attention layers, Gemma 2/3 style."""
    mla: MultiHeadLatentAttention | None = None
    """Multi-head latent attention, DeepSeek-V2/V3 style."""
    moe: MixtureOfExperts | None = None
    """Mixture-of-experts routing."""

    @model_validator(mode="after")
    def _consistent(self) -> "Model":
        if self.params_active is not None and self.params_active > self.params_total:
            raise ValueError(
                f"params_active ({self.params_active:,}) cannot exceed params_total ({self.params_total:,})"
            )
        if self.num_attention_heads % self.num_key_value_heads:
            raise ValueError(
                f"num_attention_heads ({self.num_attention_heads}) must be a multiple of "
                f"num_key_value_heads ({self.num_key_value_heads})"
            )
        if self.sliding_window and self.sliding_window.local_layers > self.num_hidden_layers:
            raise ValueError(
                f"sliding_window.local_layers ({self.sliding_window.local_layers}) cannot exceed "
                f"num_hidden_layers ({self.num_hidden_layers})"
            )
        if self.moe and self.params_active is None:
            raise ValueError("moe is set, so params_active (parameters used per token) is required")
        return self

    @property
    def active_params(self) -> int:
        return self.params_active or self.params_total


# ------------------------------------------------------------------------------------------- hardware

HardwareClass = Literal["data-center", "workstation", "consumer", "unified-memory"]
ComputeDtype = Literal["bf16", "fp16", "fp8", "int8", "fp4"]


class PeakTflops(Strict):
    bf16: PositiveFloat | None = None
    """Dense BF16 tensor TFLOPS (not the 'with sparsity' figure)."""
    fp16: PositiveFloat | None = None
    """Dense FP16 tensor TFLOPS."""
    fp8: PositiveFloat | None = None
    """Dense FP8 tensor TFLOPS."""
    int8: PositiveFloat | None = None
    """Dense INT8 tensor TOPS."""
    fp4: PositiveFloat | None = None
    """Dense FP4 tensor TFLOPS."""


class Interconnect(Strict):
    name: str
    """E.g. `NVLink 4`, `Infinity Fabric`, `PCIe Gen4 x16`."""
    bandwidth_gb_per_s: PositiveFloat
    """Per-accelerator bandwidth as the vendor states it (decimal GB/s)."""
    accelerators_per_node: PositiveInt
    """Most accelerators one node (one tensor-parallel group) holds."""


class Hardware(Record):
    vendor: str
    """Maker, e.g. `NVIDIA`."""
    name: str
    """Product name as the vendor writes it."""
    hardware_class: HardwareClass
    """Where it is used: data-center, workstation, consumer card, or unified-memory computer."""
    released_on: PastDate
    """Launch or general-availability date."""
    date_basis: DateBasis = "stated"
    """`inferred` when no source states the launch date and it was worked out (say how in a comment); pages show it."""
    memory_gib: Annotated[float, Field(gt=0, le=65536)]
    """Memory per accelerator in GiB (2^30 bytes). Vendors' "80 GB" of HBM is 80 GiB."""
    runtime_memory_mib: Annotated[int, Field(gt=0, le=2**26)] | None = None
    """Memory per accelerator as the runtime reports it to a serving engine, in MiB (the total `nvidia-smi`
    prints, e.g. 81559 for an H100 SXM; what Metal lets the GPU use on a unified-memory computer). Cite the log
    or document that shows it; when absent, `memory_gib` is used."""
    memory_type: str
    """HBM3, GDDR6X, unified LPDDR5X, ..."""
    memory_bandwidth_gb_per_s: Annotated[float, Field(gt=0, le=100000)]
    """Peak memory bandwidth in decimal GB/s (3.35 TB/s is 3350)."""
    peak_dense_tflops: PeakTflops
    """Dense tensor throughput per data type."""
    interconnect: Interconnect
    """How accelerators in one node talk to each other."""
    tdp_watts: Annotated[float, Field(gt=0, le=100000)] | None = None
    """Board or system power in watts."""

    @property
    def memory_bytes(self) -> int:
        return int(self.memory_gib * 2**30)


# ----------------------------------------------------------------------------------------- precisions


class Practice(Strict):
    """When a precision became standard practice, and on which hardware: the reading policy's menu of set-ups
    (generator/verdicts/policy.py). A claim that leaves its precision unstated is read at the typical one of
    its date and, for the benefit of the doubt, at the most favourable one that was standard then."""

    since: PastDate
    """The day it became standard practice (a release, a merged pull request, a published checkpoint)."""
    standard_on: Annotated[list[HardwareClass], Field(min_length=1)]
    """Hardware classes on which people ran models at this precision from `since` on."""
    typical_on: list[HardwareClass] = []
    """Hardware classes on which it was the usual choice from `since` on (what a default download gives)."""
    needs_compute: bool = False
    """True when the hardware must have tensor cores for the format's `compute_dtype` (FP8 needs Hopper, Ada,
    MI300 or later); weight-only formats dequantise and run anywhere."""
    sources: Sources
    """Where a reader can check the date and the practice."""


class Precision(Record):
    name: str
    """Display name, e.g. `GGUF Q4_K_M`."""
    bits_per_value: Annotated[float, Field(gt=0, le=32)]
    """Effective bits per stored value, block scales included (Q8_0: 8.5)."""
    embedding_bits_per_value: Annotated[float, Field(gt=0, le=32)] | None = None
    """Bits for embedding and LM-head tensors when the format keeps them at another precision."""
    expert_only: bool = False
    """True when the format quantizes only the experts of a mixture-of-experts model and keeps the other
    tensors (attention, router, embeddings) in BF16, as gpt-oss ships MXFP4."""
    usable_for: Annotated[list[Literal["weights", "kv"]], Field(min_length=1)]
    """Whether it stores weights, the KV cache, or both."""
    compute_dtype: ComputeDtype
    """Tensor-core data type the engine computes in with this format (weight-only formats: bf16)."""
    practice: Practice | None = None
    """Since when, and on which hardware, serving models at this precision was standard practice (absent: only
    where it is a model's native release precision)."""


# --------------------------------------------------------------------------------------------- prices

PurchaseOption = Literal["on-demand", "reserved-1y", "reserved-3y", "spot", "savings-plan"]


class CloudInstancePrice(Record):
    kind: Literal["cloud-instance"]
    """An instance rented by the hour."""
    provider: str
    """Cloud provider, e.g. `AWS`."""
    instance_type: str
    """The provider's name for the instance (or `1x H100 SXM` for per-GPU offers)."""
    hardware: Slug
    """Id of the accelerator in `data/hardware/`."""
    accelerator_count: PositiveInt
    """Accelerators in one instance."""
    region: str | None = None
    """Region the price applies to."""
    purchase_option: PurchaseOption
    """On-demand, reserved, spot, ..."""
    usd_per_hour: Usd
    """Price of the whole instance per hour, in US dollars."""
    observed: PastDate
    """Date this price was in force."""
    date_basis: DateBasis = "stated"
    """`inferred` when no source states the day the price was in force (e.g. an undated page); pages show it."""

    @property
    def offer_key(self) -> tuple[str, str, str | None, str]:
        """Observations of the same offer on different dates share this key (price history)."""
        return (self.provider, self.instance_type, self.region, self.purchase_option)


class PurchasePrice(Record):
    kind: Literal["purchase"]
    """Buying the hardware outright."""
    hardware: Slug
    """Id of the hardware in `data/hardware/`."""
    price_type: Literal["list", "street"]
    """Vendor list price or observed street price."""
    usd: Usd
    """Price in US dollars."""
    observed: PastDate
    """Date this price was in force."""
    date_basis: DateBasis = "stated"
    """`inferred` when no source states the day the price was in force (e.g. an undated page); pages show it."""
    configuration: str | None = None
    """Which configuration (memory, storage) the price buys."""


class ApiUnitPrice(Record):
    kind: Literal["api-unit"]
    """A per-unit API price (images, calls, characters)."""
    provider: str
    """E.g. `Google Cloud`."""
    product: str
    """Product and feature, e.g. `Cloud Vision API — label detection`."""
    unit: str
    """What one unit is: image, call, transaction, ..."""
    usd_per_1000_units: Usd
    """Price per 1,000 units in the first paid tier."""
    free_units_per_month: NonNegativeInt = 0
    """Units per month that cost nothing."""
    observed: PastDate
    """Date this price was in force."""
    date_basis: DateBasis = "stated"
    """`inferred` when no source states the day the price was in force (e.g. an undated page); pages show it."""


Price = Annotated[Union[CloudInstancePrice, PurchasePrice, ApiUnitPrice], Field(discriminator="kind")]


# --------------------------------------------------------------------------------------- measurements

MeasurementKind = Literal["weights-bytes", "memory-bytes", "decode-tokens-per-s", "throughput-tokens-per-s"]


class Measurement(Record):
    model: Slug
    """Id of the model measured."""
    kind: MeasurementKind
    """What was measured: checkpoint size, total memory, per-sequence decode speed, aggregate throughput."""
    precision: Slug
    """Id of the weight precision used."""
    kv_precision: Slug | None = None
    """Id of the KV-cache precision, when it differs from bf16."""
    hardware: Slug | None = None
    """Id of the hardware (required for speed and memory measurements)."""
    accelerators: PositiveInt | None = None
    """How many accelerators (required for speed measurements)."""
    batch: PositiveInt | None = None
    """Concurrent sequences."""
    context_tokens: PositiveInt | None = None
    """Tokens in context when measured (prompt + generated)."""
    engine: str | None = None
    """Inference engine and version."""
    value: Annotated[float, Field(gt=0)]
    """The measured figure: bytes for `*-bytes` kinds, tokens/s for speed kinds."""
    tolerance_percent: Annotated[float, Field(gt=0, le=100)]
    """How far the estimate may stray from `value` before the accuracy test fails."""
    prompt_tokens: PositiveInt | None = None
    """Prompt length per request, when the benchmark states it (throughput then pays for prefill too)."""
    output_tokens: PositiveInt | None = None
    """Generated tokens per request, when the benchmark states it."""
    attention_data_parallel: bool = False
    """True when the figure was measured with attention data parallelism and expert parallelism (DeepSeek-style
    mixture-of-experts serving: each sequence's attention on one accelerator, experts spread over all)."""
    not_modelled: str | None = None
    """What the measurement includes that the engine does not model (e.g. speculative decoding); such
    figures are shown on the accuracy page but not held to their tolerance."""
    note: str | None = None
    """Exactly what was measured (input/output lengths, what the timer covers)."""

    @model_validator(mode="after")
    def _speed_needs_setup(self) -> "Measurement":
        if self.kind in ("decode-tokens-per-s", "throughput-tokens-per-s", "memory-bytes"):
            missing = [f for f in ("hardware", "accelerators", "batch", "context_tokens") if getattr(self, f) is None]
            if missing:
                raise ValueError(f"kind {self.kind} needs {', '.join(missing)} (what the figure was measured on)")
        return self


# --------------------------------------------------------------------------------------------- fleets


class Fleet(Record):
    """A production deployment its operator documented: how many accelerators serve a model at a stated load.
    It is the upper end of what 'running' a model takes, for critics' claims about scale and monthly bills."""

    operator: str
    """Who runs it, e.g. `DeepSeek`."""
    models: Annotated[list[Slug], Field(min_length=1)]
    """Ids of the models the fleet serves (one fleet may serve a model and its fine-tunes of the same size)."""
    hardware: Slug
    """Id of the accelerator (the nearest one on record when the operator's own is not; say so in a comment)."""
    observed_on: PastDate
    """The last day of the period the figures cover."""
    period_hours: Annotated[float, Field(gt=0, le=8784)]
    """Length of that period in hours (24 for one day)."""
    accelerators_average: PositiveFloat
    """Accelerators in service, averaged over the period."""
    accelerators_peak: PositiveInt | None = None
    """Accelerators in service at the busiest time."""
    unit_accelerators: PositiveInt | None = None
    """Accelerators in the smallest deployment unit the operator describes (prefill + decode instances)."""
    input_tokens: PositiveFloat
    """Input tokens served over the period."""
    output_tokens: PositiveFloat
    """Output tokens served over the period."""
    usd_per_accelerator_hour: Usd | None = None
    """The rental price per accelerator-hour the operator itself assumes, when it states one."""


# --------------------------------------------------------------------------------------------- claims

Verdict = Literal["accurate", "needs-context", "misleading", "exaggerated", "false", "outdated", "unverifiable"]
ClaimKind = Literal[
    "runs-on",
    "needs-at-least",
    "rental-price",
    "deployment-cost",
    "throughput",
    "unit-price",
    "training-cost",
    "self-host-vs-api",
    "memory",
    "evidence",
]


class Subject(Strict):
    model: Slug | None = None
    """Id of the model the claim is about."""
    hardware: Slug | None = None
    """Id of the hardware the claim is about."""
    provider: str | None = None
    """Provider named by a price claim."""
    instance_type: str | None = None
    """Instance type named by a rental-price claim."""
    product: str | None = None
    """API product named by a unit-price claim (for an LLM API: `input tokens` or `output tokens`)."""
    api_model: str | None = None
    """self-host-vs-api and per-token unit-price: the LLM API model as the genai-prices package names it (`gpt-4o`)."""
    api_provider: str | None = None
    """self-host-vs-api and per-token unit-price: the genai-prices provider id of that API (`openai`)."""


class Claimed(Strict):
    """What the claim asserts, in numbers; which fields apply depends on the claim's `kind`."""

    accelerators: PositiveInt | None = None
    """runs-on: how many accelerators the claim says suffice."""
    accelerators_min: PositiveInt | None = None
    """needs-at-least: the fewest accelerators the claim says are needed."""
    accelerators_max: PositiveInt | None = None
    """needs-at-least: upper end when the claim gives a range ("dozens to hundreds")."""
    hardware: Slug | None = None
    """runs-on / needs-at-least: the accelerator type; omit for 'any accelerator'."""
    usd_per_hour: Usd | None = None
    """rental-price: claimed price per hour."""
    usd_per_month: Usd | None = None
    """rental-price: claimed price per month."""
    usd_per_month_min: Usd | None = None
    """deployment-cost: lower end of the claimed monthly bill."""
    usd_per_month_max: Usd | None = None
    """deployment-cost: upper end of the claimed monthly bill."""
    tokens_per_s: PositiveFloat | None = None
    """throughput: claimed tokens per second."""
    latency_s: PositiveFloat | None = None
    """throughput: claimed time to first token, seconds."""
    usd: Usd | None = None
    """unit-price / training-cost: claimed dollars."""
    units: PositiveInt | None = None
    """unit-price: how many units the claimed dollars buy."""
    gpu_hours: PositiveFloat | None = None
    """training-cost: claimed GPU-hours."""
    cheaper: Literal["self-host", "api"] | None = None
    """self-host-vs-api: which the claim says is cheaper."""
    gb: PositiveFloat | None = None
    """memory: the memory the claim says the model takes, in GB (decimal, as vendors and tables write it)."""
    usd_per_million_tokens: Usd | None = None
    """self-host-vs-api: the self-hosting cost per million tokens the claim states, graded against the arithmetic."""
    bound: Literal["over", "about", "under"] | None = None
    """throughput: whether the claimed figure is a floor ("over 30,000 tokens/s"), a ceiling, or a value (default
    `about`); an `over` claim holds when the evidence reaches the figure."""
    beyond_class: HardwareClass | None = None
    """needs-at-least: the claim says the model needs more than one accelerator of this class can give ("needs
    top-end GPUs" = beyond `consumer`); it fails when a single accelerator of the class runs it."""
    statement: str | None = None
    """evidence: the qualitative statement being judged."""


#: Which `claimed` fields each kind needs (all of `required`, at least one of `one_of`) and allows.
CLAIMED_FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "runs-on": {"required": ("accelerators",), "optional": ("hardware",)},
    "needs-at-least": {"required": ("accelerators_min",), "optional": ("accelerators_max", "hardware", "beyond_class")},
    "rental-price": {"one_of": ("usd_per_hour", "usd_per_month")},
    "deployment-cost": {"required": ("usd_per_month_min",), "optional": ("usd_per_month_max",)},
    "throughput": {"one_of": ("tokens_per_s", "latency_s"), "optional": ("bound",)},
    "unit-price": {"required": ("usd", "units")},
    "training-cost": {"one_of": ("usd", "gpu_hours")},
    "self-host-vs-api": {"required": ("cheaper",), "optional": ("usd_per_million_tokens",)},
    "memory": {"required": ("gb",)},
    "evidence": {"required": ("statement",)},
}

#: The products a per-token LLM API price can name (priced from genai-prices).
TOKEN_PRODUCTS = ("input tokens", "output tokens")

#: Which `subject` fields each kind needs.
SUBJECT_FIELDS: dict[str, tuple[str, ...]] = {
    "runs-on": ("model",),
    "needs-at-least": ("model",),
    "rental-price": (),
    "deployment-cost": (),
    "throughput": ("model",),
    "unit-price": ("product",),
    "training-cost": ("model",),
    "self-host-vs-api": ("model", "api_model", "api_provider"),
    "memory": ("model",),
    "evidence": (),
}


#: Scenario fields a claim's own words can fix; the reading policy may not change a stated one.
StatedField = Literal["precision", "kv_precision", "context_tokens", "batch", "min_decode_tokens_per_s",
                      "hardware", "accelerators", "hours_per_month", "instances", "usd_per_gpu_hour",
                      "tokens_per_month", "utilization_percent"]


class Scenario(Strict):
    """The reading under which a claim is tested; stated on its page."""

    stated: list[StatedField] = []
    """The fields below that the claim's own words fix ("at FP16", "batch 1", "one DGX"): they bind every
    reading. A field set here but not listed is the curator's typical reading of the claim's date, which the
    reading policy may replace by the most favourable standard one (the page says which)."""

    precision: Slug | None = None
    """Weight precision id."""
    kv_precision: Slug | None = None
    """KV-cache precision id (default: bf16)."""
    context_tokens: PositiveInt | None = None
    """Tokens of context per sequence."""
    batch: PositiveInt | None = None
    """Concurrent sequences."""
    min_decode_tokens_per_s: PositiveFloat | None = None
    """Slowest per-sequence decode speed that still counts as 'runs'."""
    hardware: Slug | None = None
    """Hardware assumed when the claim does not name one."""
    accelerators: PositiveInt | None = None
    """How many accelerators the claim's set-up uses (throughput claims on a named system)."""
    utilization_percent: Annotated[float, Field(gt=0, le=100)] | None = None
    """Share of hours a deployment is busy (cost and self-host claims)."""
    hours_per_month: Annotated[float, Field(gt=0, le=744)] | None = None
    """Hours a month the deployment runs (730 = 24/7)."""
    training_tokens: PositiveFloat | None = None
    """training-cost: tokens the model was trained on."""
    usd_per_gpu_hour: Usd | None = None
    """training-cost: rental price per GPU-hour assumed."""
    model_flops_utilization: Annotated[float, Field(gt=0, le=1)] | None = None
    """training-cost: achieved share of peak FLOPS."""
    tokens_per_month: PositiveFloat | None = None
    """self-host-vs-api / deployment-cost: monthly token volume."""
    instances: PositiveInt | None = None
    """deployment-cost: how many copies of the deployment run."""
    note: str | None = None
    """Why this reading is fair."""


class EvidenceItem(Strict):
    finding: str
    """What the source measured or says, in one sentence."""
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    """Where to read it."""
    accessed: PastDate
    """When it was read."""


def kind_problems(kind: str, subject: Subject, c: Claimed, evidence, verdict, scenario: "Scenario | None") -> list[str]:
    """What is wrong with a claim's (or a part's) fields for its kind, including tests that cannot fail."""
    rules = CLAIMED_FIELDS[kind]
    given = {k for k, v in c if v is not None}
    allowed = set(rules.get("required", ())) | set(rules.get("optional", ())) | set(rules.get("one_of", ()))
    problems = []
    missing = [f for f in rules.get("required", ()) if f not in given]
    if missing:
        problems.append(f"a {kind} claim needs claimed.{', claimed.'.join(missing)}")
    if rules.get("one_of") and not given & set(rules["one_of"]):
        problems.append(f"a {kind} claim needs one of claimed.{' or claimed.'.join(rules['one_of'])}")
    stray = sorted(given - allowed)
    if stray:
        problems.append(f"claimed.{', claimed.'.join(stray)} does not apply to a {kind} claim "
                        f"(it takes {', '.join(sorted(allowed))})")
    for name in SUBJECT_FIELDS[kind] if subject is not None else ():
        if getattr(subject, name) is None:
            problems.append(f"a {kind} claim needs subject.{name}")
    if kind == "unit-price" and subject is not None:
        if subject.api_model:
            if not subject.api_provider:
                problems.append("a unit-price claim about an LLM API needs subject.api_provider with api_model")
            if subject.product not in TOKEN_PRODUCTS:
                problems.append(f"subject.product for an LLM API price must be one of {', '.join(TOKEN_PRODUCTS)}")
        elif not subject.provider:
            problems.append("a unit-price claim needs subject.provider (or api_provider and api_model for an "
                            "LLM API priced per token)")
    if kind == "rental-price" and subject is not None and not (subject.hardware or subject.instance_type):
        problems.append("a rental-price claim needs subject.instance_type (with provider) or subject.hardware")
    if c.accelerators_max is not None and c.accelerators_min is not None and c.accelerators_max < c.accelerators_min:
        problems.append(f"claimed.accelerators_max ({c.accelerators_max}) is below accelerators_min ({c.accelerators_min})")
    if c.usd_per_month_max is not None and c.usd_per_month_min is not None and c.usd_per_month_max < c.usd_per_month_min:
        problems.append(f"claimed.usd_per_month_max ({c.usd_per_month_max}) is below usd_per_month_min ({c.usd_per_month_min})")
    # Every rule can fail: "needs at least one accelerator" holds for every model there is.
    if kind == "needs-at-least" and c.accelerators_min == 1 and c.accelerators_max is None and c.beyond_class is None:
        problems.append("claimed.accelerators_min: 1 with no accelerators_max or beyond_class is a test every model "
                        "passes; say what the claim says is needed: a count above 1, a range (accelerators_max), or "
                        "a class it says is not enough (beyond_class: consumer for 'needs top-end GPUs')")
    if kind == "evidence":
        if not evidence:
            problems.append("kind evidence needs an `evidence:` list of findings with url and accessed")
        if verdict is None:
            problems.append("kind evidence needs a `verdict:` chosen from the evidence")
    elif verdict is not None:
        problems.append("only evidence claims set `verdict:`; other kinds are graded by the engine")
    if scenario is not None:
        unset = [f for f in scenario.stated if getattr(scenario, f) is None]
        if unset:
            problems.append(f"scenario.stated lists {', '.join(unset)}, which scenario does not set; set the value "
                            f"the claim states, or take it out of `stated`")
    return problems


class Appearance(Strict):
    """Where the claim appeared: the page a reader would have seen it on, when that is not the first source."""

    url: Annotated[str, Field(pattern=r"^https?://\S+$", max_length=2000)] | None = None
    """The page the claim appeared on."""
    name: str | None = None
    """Its title or publication, as a reader would cite it."""
    unavailable: str | None = None
    """Why there is no page to point to (a talk, a deleted post); then `url` is absent."""

    @model_validator(mode="after")
    def _url_or_reason(self) -> "Appearance":
        if (self.url is None) == (self.unavailable is None):
            raise ValueError("appeared_in takes either `url` (where the claim appeared) or `unavailable` (why there "
                             "is none), not both and not neither")
        return self


class Part(Strict):
    """One more part of a claim's sentence, judged on its own or marked as not checked with the reason."""

    says: Annotated[str, Field(min_length=3)]
    """The words of this part, as in the quote (or its translation)."""
    kind: ClaimKind | None = None
    """How this part is judged; absent when it is not checked."""
    subject: Subject = Field(default_factory=Subject)
    """As for the claim; defaults to the claim's own subject."""
    claimed: Claimed | None = None
    """What this part asserts, in numbers."""
    scenario: Scenario | None = None
    """The reading this part is tested under; defaults to the claim's."""
    evidence: list[EvidenceItem] | None = None
    """evidence parts: the cited findings."""
    verdict: Verdict | None = None
    """evidence parts only: the curator's verdict from the evidence."""
    not_checked: str | None = None
    """Why this part is not checked (what it would take); the page lists it as 'not checked'."""

    @model_validator(mode="after")
    def _checked_or_not(self) -> "Part":
        if self.not_checked is not None:
            if self.kind or self.claimed or self.evidence or self.verdict:
                raise ValueError("a part with `not_checked` has no kind, claimed, evidence or verdict")
            return self
        if self.kind is None or self.claimed is None:
            raise ValueError("a part needs `kind` and `claimed` (or `not_checked:` with the reason it is not checked)")
        # A part without a subject of its own takes the claim's, which the claim checks (Claim._fields_match_kind).
        own_subject = self.subject if any(v is not None for _, v in self.subject) else None
        problems = kind_problems(self.kind, own_subject, self.claimed, self.evidence, self.verdict, self.scenario)
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Correction(Strict):
    on: PastDate
    """The day the correction was made."""
    what: Annotated[str, Field(min_length=3)]
    """What changed, as a reader should read it ("verdict: needs context → accurate")."""
    why: Annotated[str, Field(min_length=3)]
    """Why: the error found, the better source, the rule that changed."""


class Claim(Record):
    claimant: str
    """Who said it (person or organisation), in English; for an article, its title in English."""
    claimant_original: str | None = None
    """The claimant's name or the article's title in the original language, when `claimant` translates it."""
    quote: Annotated[str, Field(min_length=3, max_length=2000)]
    """The words as said, in the original language."""
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    """ISO 639-1 code of the quote's language."""
    translation: str | None = None
    """English translation when `language` is not `en`."""
    said_on: PastDate
    """When it was said or published."""
    date_basis: DateBasis = "stated"
    """`inferred` when no source states the date said and it was worked out (say how in a comment); pages show it."""
    kind: ClaimKind
    """What sort of claim it is; decides which `claimed` fields apply and how it is judged."""
    subject: Subject = Field(default_factory=Subject)
    """What the claim is about (ids of records)."""
    claimed: Claimed
    """What the claim asserts, in numbers."""
    scenario: Scenario = Field(default_factory=Scenario)
    """The fair reading we test it under."""
    evidence: list[EvidenceItem] | None = None
    """evidence claims: the cited findings."""
    verdict: Verdict | None = None
    """evidence claims only: the curator's verdict from the evidence."""
    measurements: list[Slug] = []
    """Ids of records in `data/measurements/` that measured the claim's own set-up: for speed and throughput
    claims the measurement decides, and the estimate is shown beside it."""
    parts: list[Part] = []
    """The other parts of the sentence ("…, which is 20× faster than GPUs"): each judged, or listed as not checked.
    The claim's own kind and numbers are its first part."""
    appeared_in: Appearance | None = None
    """Where the claim appeared, when that is not the first source (which is otherwise taken to be it)."""
    tags: list[Slug] = []
    """Lowercase slugs for the tag index."""
    corrections: list[Correction] = []
    """Corrections made by hand after the page was published (day, what, why), newest last; shown on the claim's
    page and in the site's changes log."""

    @model_validator(mode="after")
    def _fields_match_kind(self) -> "Claim":
        problems = kind_problems(self.kind, self.subject, self.claimed, self.evidence, self.verdict, self.scenario)
        for i, part in enumerate(self.parts):
            if part.kind and not any(v is not None for _, v in part.subject):
                for name in SUBJECT_FIELDS[part.kind]:
                    if getattr(self.subject, name) is None:
                        problems.append(f"parts[{i}] is a {part.kind} claim and needs subject.{name} (its own or "
                                        f"the claim's)")
        if self.measurements and self.kind != "throughput":
            problems.append("`measurements:` decide speed claims only (kind throughput); cite other evidence in "
                            "`sources:`")
        if self.language != "en" and not self.translation:
            problems.append(f"language `{self.language}` is not English, so the quote needs an English `translation:`")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _attach_docstrings() -> None:
    """The string literal under each field becomes that field's description (JSON Schema, reference, errors)."""
    import ast

    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    docs: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for stmt, nxt in zip(node.body, node.body[1:]):
                if (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
                        and isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant)
                        and isinstance(nxt.value.value, str)):
                    docs.setdefault(node.name, {})[stmt.target.id] = " ".join(nxt.value.value.split())
    for obj in list(globals().values()):
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == __name__:
            for base in reversed(obj.__mro__):  # inherited fields (id, sources) carry their own copies
                for name, doc in docs.get(base.__name__, {}).items():
                    if name in obj.model_fields:
                        obj.model_fields[name].description = doc


_attach_docstrings()

#: Folder → schema, in load order (claims last: they refer to everything else).
KINDS: dict[str, Any] = {
    "data/precisions": Precision,
    "data/models": Model,
    "data/hardware": Hardware,
    "data/prices": Price,
    "data/measurements": Measurement,
    "data/fleets": Fleet,
    "claims": Claim,
}


def slug_problem(value: str) -> str | None:
    """Why `value` is not a valid id, or None."""
    if re.fullmatch(ID_PATTERN, value):
        return None
    return f"ids are lowercase slugs matching {ID_PATTERN} (got {value!r})"
