"""Any model: a Hugging Face `config.json` read into a model record, its parameters counted with their arithmetic.

The count is the sum of every weight matrix, bias and norm vector the architecture's modelling code creates
(transformers' `modeling_<type>.py`), so a reader can redo it: embeddings, then per layer attention, feed-forward
(dense or experts) and norms, then the final norm and the LM head. Multimodal configs (`text_config`) count
the language model only; DeepSeek's multi-token-prediction module is not counted (it is not used to decode).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from generator.records import schemas

#: model_type → family rules. Each family names how attention, feed-forward and norms are built.
SUPPORTED = ("deepseek_v3", "gemma3", "gemma3_text", "gpt_oss", "llama", "mistral", "mixtral", "phi3", "qwen2",
             "qwen3", "qwen3_moe")

#: HF's per-architecture default for tie_word_embeddings when a config leaves it out.
_TIED_BY_DEFAULT = {"gemma3", "gemma3_text"}

_DTYPES = {"bfloat16": "bf16", "float16": "fp16", "float32": "fp32"}


class ConfigError(ValueError):
    """A config.json that cannot be read as a supported decoder; the message says what is missing or allowed."""


@dataclass(frozen=True)
class ParamLine:
    part: str
    formula: str
    value: int

    def __str__(self) -> str:
        return f"{self.part:<26} {self.formula} = {self.value:,}"


@dataclass(frozen=True)
class CountedModel:
    model: schemas.Model
    lines: tuple[ParamLine, ...]
    model_type: str


def _req(cfg: dict, key: str, where: str):
    if key not in cfg or cfg[key] is None:
        raise ConfigError(f"{where} has no `{key}`; it is needed to count the parameters")
    value = cfg[key]
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigError(f"{where}: `{key}` must be a positive whole number (got {value!r})")
    return value


def read(path: Path) -> CountedModel:
    """Parse and count one config.json; raises ConfigError with one line a user can act on."""
    where = str(path)
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {where}: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{where} is not a JSON file: {exc}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} is not a config.json (expected an object of keys)")
    model_type = raw.get("model_type")
    cfg = raw
    if isinstance(raw.get("text_config"), dict):  # multimodal wrappers: the language model is what decodes
        cfg = {**raw["text_config"]}
        cfg.setdefault("torch_dtype", raw.get("torch_dtype"))
        cfg.setdefault("tie_word_embeddings", raw.get("tie_word_embeddings"))
        model_type = cfg.get("model_type") or model_type
        if model_type == "gemma3":
            model_type = "gemma3_text"
    if model_type not in SUPPORTED:
        raise ConfigError(f"{where}: model_type {model_type!r} is not supported; supported: {', '.join(SUPPORTED)}")
    return _count(cfg, raw, model_type, where, Path(path))


def _count(cfg: dict, raw: dict, mt: str, where: str, path: Path) -> CountedModel:
    V, H, L = _req(cfg, "vocab_size", where), _req(cfg, "hidden_size", where), _req(cfg, "num_hidden_layers", where)
    heads = _req(cfg, "num_attention_heads", where)
    kv = cfg.get("num_key_value_heads") or heads
    hd = cfg.get("head_dim") or H // heads
    tied = cfg.get("tie_word_embeddings")
    tied = (mt in _TIED_BY_DEFAULT) if tied is None else bool(tied)
    lines: list[ParamLine] = [ParamLine("embeddings", f"vocab {V:,} × hidden {H:,}", V * H)]

    # -- attention, per layer
    mla = None
    if mt == "deepseek_v3":
        q_rank, kv_rank = cfg.get("q_lora_rank"), _req(cfg, "kv_lora_rank", where)
        nope, rope = _req(cfg, "qk_nope_head_dim", where), _req(cfg, "qk_rope_head_dim", where)
        v_dim = _req(cfg, "v_head_dim", where)
        q = (H * q_rank + q_rank + q_rank * heads * (nope + rope)) if q_rank else H * heads * (nope + rope)
        attn = q + H * (kv_rank + rope) + kv_rank + kv_rank * heads * (nope + v_dim) + heads * v_dim * H
        attn_formula = (f"{H:,}×{q_rank:,} + {q_rank:,} + {q_rank:,}×{heads}×({nope}+{rope}) + {H:,}×({kv_rank}+{rope}) "
                        f"+ {kv_rank} + {kv_rank}×{heads}×({nope}+{v_dim}) + {heads}×{v_dim}×{H:,}  (MLA: q_a, q_norm, "
                        f"q_b, kv_a, kv_norm, kv_b, o)")
        mla = schemas.MultiHeadLatentAttention.model_construct(kv_lora_rank=kv_rank, qk_rope_head_dim=rope)
    else:
        attn = 2 * H * heads * hd + 2 * H * kv * hd
        attn_formula = f"2 × {H:,}×{heads}×{hd} + 2 × {H:,}×{kv}×{hd}  (q, o; k, v)"
        bias = 0
        if mt == "qwen2" or (cfg.get("attention_bias") and mt not in ("gpt_oss",)):
            bias = heads * hd + 2 * kv * hd
            attn_formula += f" + {heads}×{hd} + 2×{kv}×{hd} (q, k, v biases)"
        if mt == "gpt_oss":
            bias = heads * hd + 2 * kv * hd + H + heads
            attn_formula += f" + {heads}×{hd} + 2×{kv}×{hd} + {H:,} (biases) + {heads} (sinks)"
        if mt in ("qwen3", "qwen3_moe", "gemma3_text"):
            bias += 2 * hd
            attn_formula += f" + 2×{hd} (q, k norms)"
        attn += bias

    # -- feed-forward: which layers are experts, and their sizes
    moe = None
    expert = routed_total = routed_active = dense_mlp = 0
    moe_layers = 0
    if mt in ("mixtral", "qwen3_moe", "gpt_oss", "deepseek_v3"):
        E = _req(cfg, "num_local_experts" if mt in ("mixtral", "gpt_oss") else
                 ("n_routed_experts" if mt == "deepseek_v3" else "num_experts"), where)
        k = _req(cfg, "num_experts_per_tok", where)
        Ie = _req(cfg, "moe_intermediate_size" if mt in ("qwen3_moe", "deepseek_v3") else "intermediate_size", where)
        shared = (cfg.get("n_shared_experts") or 0) if mt == "deepseek_v3" else 0
        expert = 3 * H * Ie + (2 * Ie + H if mt == "gpt_oss" else 0)
        router = H * E + (E if mt in ("gpt_oss", "deepseek_v3") else 0)
        if mt == "deepseek_v3":
            dense_layers = cfg.get("first_k_dense_replace") or 0
            dense_mlp = 3 * H * _req(cfg, "intermediate_size", where)
        elif mt == "qwen3_moe":
            dense_layers = len(cfg.get("mlp_only_layers") or [])
            dense_mlp = 3 * H * _req(cfg, "intermediate_size", where) if dense_layers else 0
        else:
            dense_layers = 0
        moe_layers = L - dense_layers
        per_moe = router + E * expert + shared * 3 * H * Ie
        one = f"(3×{H:,}×{Ie:,} + 2×{Ie:,} + {H:,} biases)" if mt == "gpt_oss" else f"3×{H:,}×{Ie:,}"
        moe_formula = (f"router {H:,}×{E}" + (f" + {E} biases" if router > H * E else "") + f" + {E} experts × {one}"
                       + (f" + {shared} shared × 3×{H:,}×{Ie:,}" if shared else ""))
        lines.append(ParamLine("attention × layers", f"({attn_formula}) × {L}", attn * L))
        if dense_layers:
            lines.append(ParamLine("dense feed-forward", f"3 × {H:,}×{dense_mlp // (3 * H):,} × {dense_layers} layers",
                                   dense_mlp * dense_layers))
        lines.append(ParamLine("experts × MoE layers", f"({moe_formula}) × {moe_layers}", per_moe * moe_layers))
        routed_total, routed_active = E, k
        moe = schemas.MixtureOfExperts.model_construct(experts_total=E, experts_active=k, shared_experts=shared,
                                                        expert_intermediate_size=Ie)
        intermediate = Ie if mt in ("mixtral", "gpt_oss") else _req(cfg, "intermediate_size", where)
        body = attn * L + dense_mlp * dense_layers + per_moe * moe_layers
    else:
        intermediate = _req(cfg, "intermediate_size", where)
        dense_mlp = 3 * H * intermediate
        lines.append(ParamLine("attention × layers", f"({attn_formula}) × {L}", attn * L))
        lines.append(ParamLine("feed-forward × layers", f"3 × {H:,}×{intermediate:,} (gate, up, down) × {L}",
                               dense_mlp * L))
        body = (attn + dense_mlp) * L

    norms_per_layer = 4 if mt == "gemma3_text" else 2
    norms = norms_per_layer * H * L + H
    lines.append(ParamLine("norms", f"{norms_per_layer} × {H:,} × {L} + {H:,} (final)", norms))
    if not tied:
        lines.append(ParamLine("LM head", f"hidden {H:,} × vocab {V:,}", V * H))
    total = sum(line.value for line in lines)
    active = total - moe_layers * (routed_total - routed_active) * expert if moe else None
    lines.append(ParamLine("total", " + ".join(f"{line.value:,}" for line in lines), total))

    model = schemas.Model.model_construct(
        id=_slug(raw.get("_name_or_path") or path.stem), sources=[], name=str(raw.get("_name_or_path") or path.name),
        organization="(from config.json)", released_on=None, license="(from config.json)",
        params_total=total, params_active=active, num_hidden_layers=L, hidden_size=H, num_attention_heads=heads,
        num_key_value_heads=kv, head_dim=hd, vocab_size=V, intermediate_size=intermediate,
        max_context_tokens=_req(cfg, "max_position_embeddings", where), native_dtype=_dtype(raw, cfg),
        tie_word_embeddings=tied, sliding_window=_sliding(cfg, mt, L), mla=mla, moe=moe)
    return CountedModel(model, tuple(lines), mt)


def _dtype(raw: dict, cfg: dict) -> str:
    method = (raw.get("quantization_config") or {}).get("quant_method")
    if method in ("fp8", "mxfp4"):
        return method
    return _DTYPES.get(cfg.get("torch_dtype") or raw.get("torch_dtype") or "bfloat16", "bf16")


def _sliding(cfg: dict, mt: str, layers: int):
    window = cfg.get("sliding_window")
    if not window or (mt == "qwen2" and not cfg.get("use_sliding_window")) or mt in ("qwen3", "qwen3_moe"):
        return None
    types = cfg.get("layer_types")
    if isinstance(types, list) and types:
        local = sum(1 for t in types if t == "sliding_attention")
    elif mt == "gemma3_text":
        pattern = cfg.get("sliding_window_pattern") or 6  # every sixth layer attends globally
        local = layers - layers // pattern
    else:
        local = layers  # Mistral v0.1 / Phi-3 style: every layer keeps the window
    if not local:
        return None
    return schemas.SlidingWindow.model_construct(window_tokens=window, local_layers=local)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9.-]+", "-", name.lower().rsplit("/", 1)[-1]).strip("-.") or "config"


__all__ = ["ConfigError", "CountedModel", "SUPPORTED", "read"]
