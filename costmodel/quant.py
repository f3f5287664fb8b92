"""A pre-quantized checkpoint's weight storage, read from config.json's ``quantization_config``.

``QuantSpec`` says which parameter groups (``spec.PARAM_GROUPS``) are stored quantized, in how many bits,
with one scale (+ zero point) of ``scale_bits`` per ``group_size`` elements; everything else stays in the
checkpoint's dtype (bf16 unless torch_dtype says otherwise). ``WeightPlan`` turns that into bytes per group:
``weight bytes = sum over groups of ceil(params x bits / 8) + ceil(params / group) x scale_bits / 8``.

Formats (scale layout as stored by the quantizers):
* ``fp8`` (transformers FineGrainedFP8 / DeepSeek-V3): e4m3 weights, one fp32 ``weight_scale_inv`` per
  ``weight_block_size`` block (128 x 128); per-tensor scale (negligible) without blocks.
* ``awq`` (AutoAWQ GEMM): int4, per ``group_size`` one fp16 scale + a ``bits``-bit packed zero point.
* ``gptq``: int``bits``, per group one fp16 scale + packed zero point (``group_size`` -1: per channel);
  the per-row ``g_idx`` (int32 per input row) is left out (< 0.1% of the weights).
* ``mxfp4`` (gpt-oss): e2m1 4-bit values, one 8-bit E8M0 scale per 32; only MoE experts are converted.
* ``compressed-tensors``: ``config_groups.*.weights`` (num_bits, strategy group/channel/tensor/block,
  group_size; bf16 scales, an 8-bit zero point when not symmetric; nvfp4 ``tensor_group``: fp8 scale per 16).
* ``bitsandbytes``: nf4/fp4 with an fp32 absmax per 64 (8-bit with double quantization); int8 per row.
* ``exl2``: ``bits`` is the average bits per weight (scales included), ``head_bits`` the lm_head's.
* ``fbgemm_fp8``: fp8 per output channel.

Routers, norms, biases of unquantized groups and token embeddings are never converted by these
quantizers (embeddings are not Linear layers; routers are tiny and listed in ``modules_to_not_convert``
where they are Linear); a group is kept unquantized when any of its modules is listed there (or in
compressed-tensors' ``ignore``). Biases inside quantized groups are counted at the quantized width (they are
< 0.05% of those groups).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field

from .dtypes import WEIGHT_FORMATS, FormatError, StorageFormat, weight_format
from .i18n import msg
from .units import clip

LINEAR_GROUPS = ("attention", "dense_ffn", "routed_experts", "shared_experts")
DTYPE_BITS = {"bfloat16": 16, "float16": 16, "float32": 32, "bf16": 16, "fp16": 16, "fp32": 32}


class QuantSpec(BaseModel):
    """How a checkpoint stores its weights (see the module docstring)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    method: str = Field(min_length=1, max_length=60)
    fmt: str = Field(default="int", max_length=40)  # element format: int, e4m3, e2m1, nf4, ...
    bits: float = Field(ge=1, le=64)  # bits per quantized element (exl2: the average)
    group_size: int = Field(default=0, ge=0, le=10**9)  # elements per scale; 0: per channel / tensor
    scale_bits: int = Field(default=0, ge=0, le=256)  # bits of scale + zero point per group
    quantized: tuple[str, ...] = LINEAR_GROUPS  # parameter groups stored quantized
    lm_head_bits: float | None = Field(default=None, ge=1, le=64)  # exl2 head_bits
    supported: bool = True  # False: method recognised by name only; weights cannot be sized from it
    kept: tuple[str, ...] = ()  # modules_to_not_convert / ignore, as written (first few, clipped)

    @property
    def bits_per_element(self) -> float:
        return self.bits + (self.scale_bits / self.group_size if self.group_size else 0.0)

    def describe(self) -> str:
        """'fp8 e4m3, 128x128 blocks (8.00 bits/weight): attention, dense_ffn'."""
        grp = f", group {self.group_size}" if self.group_size else ""
        if self.method == "fp8" and self.group_size == 128 * 128:
            grp = ", 128x128 blocks"
        groups = ", ".join(self.quantized) or "-"
        bits = f"{self.bits:g}-bit {self.fmt}" if self.fmt != "int" else f"int{self.bits:g}"
        return f"{self.method}: {bits}{grp} ({self.bits_per_element:.4g} bits/weight) on {groups}"


# ---------------------------------------------------------------------------------- reading quantization_config
def _keyword_groups(name: str) -> set[str]:
    """Parameter groups a module name or pattern refers to ('model.layers.*.self_attn' -> attention)."""
    n = name.lower().removeprefix("re:")
    if any(w in n for w in ("vision", "visual", "multi_modal", "mm_projector", "audio", "norm")):
        return set()  # towers not sized here; norms are never quantized
    if "lm_head" in n or "output_layer" in n or n.endswith("embed_out"):
        return {"lm_head"}
    if "embed" in n or re.search(r"(^|\.)wte($|\.)", n):
        return {"embeddings"}
    if "shared_expert" in n:
        return {"shared_experts"}
    if "router" in n or re.search(r"(^|\.)gate($|\.weight$)", n):
        return {"router"}
    if "expert" in n:
        return {"routed_experts"}
    if re.search(r"attn|attention|q_proj|k_proj|v_proj|o_proj|qkv|query_key_value", n):
        return {"attention"}
    if re.search(r"mlp|feed_forward|ffn|gate_proj|up_proj|down_proj|dense_h_to_4h|dense_4h_to_h", n):
        ffn = re.search(r"mlp$|feed_forward$", n)
        return {"dense_ffn", "routed_experts", "shared_experts"} if ffn else {"dense_ffn"}
    return set()


def _names(v) -> list[str]:
    return [str(x)[:200] for x in v][:10_000] if isinstance(v, (list, tuple)) else []


def _kept(names: list[str], quantized: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    hit: set[str] = set()
    for n in names:
        hit |= _keyword_groups(n)
    return tuple(g for g in quantized if g not in hit), tuple(clip(n, 60) for n in names[:6])


def _num(q: dict, *keys: str, default: float) -> float:
    """First finite number among ``keys`` (bools excluded), else ``default``."""
    for k in keys:
        v = q.get(k)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
            return v
    return default


@dataclass(frozen=True)
class _Storage:
    """How the quantized groups are stored (the QuantSpec fields a method determines)."""

    bits: float
    fmt: str = "int"
    group_size: int = 0
    scale_bits: int = 0
    lm_head_bits: float | None = None
    supported: bool = True


def _compressed_tensors(q: dict) -> _Storage:
    groups = q.get("config_groups")
    groups = groups if isinstance(groups, dict) else {}
    w = next((g["weights"] for g in groups.values() if isinstance(g, dict) and isinstance(g.get("weights"), dict)),
             None)
    if w is None:
        return _Storage(bits=16, supported=False)
    bits = _num(w, "num_bits", default=8)
    strategy = str(w.get("strategy", "tensor"))
    fmt = "e4m3" if w.get("type") == "float" and bits == 8 else ("e2m1" if w.get("type") == "float" else "int")
    zero = 0 if w.get("symmetric", True) else 8
    if strategy == "tensor_group":  # nvfp4: fp8 scale per 16 (+ a per-tensor global scale)
        return _Storage(bits, fmt, int(_num(w, "group_size", default=16)), 8)
    if strategy == "group":
        return _Storage(bits, fmt, int(_num(w, "group_size", default=128)), 16 + zero)
    block = w.get("block_structure")
    if strategy == "block" and isinstance(block, list) and len(block) == 2:
        a, b = (int(_num({"x": x}, "x", default=128)) for x in block)
        return _Storage(bits, fmt, a * b, 16)
    return _Storage(bits, fmt)  # channel / tensor: one scale per row or tensor (negligible)


def _storage(method: str, q: dict) -> tuple[_Storage, tuple[str, ...], list[str]]:
    """(storage, groups quantized by default, modules listed as not converted) of one quantization_config."""
    bits = _num(q, "bits", "w_bit", default=4)
    group = max(0, int(_num(q, "group_size", "q_group_size", default=128)))  # -1: per channel
    skip = _names(q.get("modules_to_not_convert"))
    if method == "fp8":
        block = q.get("weight_block_size")
        g = block[0] * block[1] if isinstance(block, list) and len(block) == 2 and all(
            isinstance(x, int) and 1 <= x <= 65536 for x in block) else 0
        return _Storage(8, str(q.get("fmt", "e4m3"))[:10], g, 32 if g else 0), LINEAR_GROUPS, skip
    if method == "awq":
        zero = int(bits) if q.get("zero_point", True) else 0
        return _Storage(bits, "int", group, 16 + zero if group else 0), LINEAR_GROUPS, skip
    if method == "gptq":
        head = ("lm_head",) if q.get("lm_head") is True else ()
        return _Storage(bits, "int", group, 16 + int(bits) if group else 0), (*LINEAR_GROUPS, *head), skip
    if method == "mxfp4":  # transformers' Mxfp4 quantizer converts the MoE experts only
        return _Storage(4, "e2m1", 32, 8), ("routed_experts",), skip
    if method == "compressed-tensors":
        return _compressed_tensors(q), LINEAR_GROUPS, _names(q.get("ignore"))
    if method == "bitsandbytes":
        skip = _names(q.get("llm_int8_skip_modules")) or ["lm_head"]
        if q.get("load_in_4bit"):
            return (_Storage(4, str(q.get("bnb_4bit_quant_type", "nf4"))[:10], 64,
                             8 if q.get("bnb_4bit_use_double_quant") else 32), LINEAR_GROUPS, skip)
        return _Storage(8), LINEAR_GROUPS, skip
    if method == "exl2":
        head = _num(q, "head_bits", default=0) or None
        return _Storage(bits, lm_head_bits=head), (*LINEAR_GROUPS, "lm_head") if head else LINEAR_GROUPS, skip
    if method == "fbgemm_fp8":
        return _Storage(8, "e4m3"), LINEAR_GROUPS, skip
    return _Storage(16, supported=False), (), skip


def read_quantization(cfg: dict) -> QuantSpec | None:
    """QuantSpec from a (bounds-checked) config dict's ``quantization_config``; None when there is none."""
    q = cfg.get("quantization_config", cfg.get("compression_config"))
    if not isinstance(q, dict):
        return None
    method = str(q.get("quant_method", "")).strip().lower()[:60] or "unknown"
    st, default_groups, skip = _storage(method, q)
    quantized, kept = _kept(skip, default_groups)
    try:
        return QuantSpec(method=method, fmt=st.fmt, bits=st.bits, group_size=st.group_size, scale_bits=st.scale_bits,
                         quantized=quantized, lm_head_bits=st.lm_head_bits, supported=st.supported, kept=kept)
    except ValueError:
        return QuantSpec(method=method, bits=16, quantized=(), kept=kept, supported=False)


# ---------------------------------------------------------------------------------- bytes per parameter group
@dataclass(frozen=True)
class GroupFormat:
    """Storage of one parameter group: ``bits`` per element plus ``scale_bits`` per ``group`` elements."""

    bits: Fraction
    group: int = 0
    scale_bits: int = 0

    def bytes(self, params: int) -> int:
        if params <= 0:
            return 0
        data = math.ceil(params * self.bits / 8)
        return data + (math.ceil(math.ceil(params / self.group) * self.scale_bits / 8) if self.group else 0)

    @property
    def bits_per_element(self) -> float:
        return float(self.bits) + (self.scale_bits / self.group if self.group else 0.0)


@dataclass(frozen=True)
class WeightPlan:
    """Per-group storage of a checkpoint: the weight "format" of ``--weight-dtype checkpoint``."""

    name: str
    formats: dict  # group name -> GroupFormat (missing: ``rest``)
    rest: GroupFormat
    compute: str = "bf16"  # dtype the weight GEMMs run in
    quant: QuantSpec | None = None

    def fmt(self, group: str) -> GroupFormat:
        return self.formats.get(group, self.rest)

    def bytes(self, groups: dict[str, int], tp: int = 1) -> int:
        """Exact bytes of the groups' parameters on one of ``tp`` GPUs."""
        return sum(self.fmt(g).bytes(-(-n // tp)) for g, n in groups.items())

    def read_bytes(self, groups: dict):
        """Bytes of (possibly fractional / array) parameter counts per group."""
        return sum(n * (self.fmt(g).bits_per_element / 8) for g, n in groups.items())


def checkpoint_plan(quant: QuantSpec | None, dtype_bits: int = 16) -> WeightPlan:
    """The plan of a checkpoint: its quantization, the rest in its own dtype (bf16 / fp16 / fp32)."""
    rest = GroupFormat(Fraction(dtype_bits))
    if quant is None:
        name = {16: "bf16", 32: "fp32"}.get(dtype_bits, f"{dtype_bits}bit")
        return WeightPlan(f"checkpoint ({name})", {}, rest, "fp32" if dtype_bits == 32 else "bf16")
    if not quant.supported:
        raise FormatError(msg("q.unsupported", method=quant.method))
    q = GroupFormat(Fraction(str(quant.bits)), quant.group_size, quant.scale_bits)
    formats = {g: q for g in quant.quantized}
    if quant.lm_head_bits:
        formats["lm_head"] = GroupFormat(Fraction(str(quant.lm_head_bits)))
    compute = "fp8" if quant.bits == 8 and quant.fmt.startswith("e") else "bf16"
    return WeightPlan(f"checkpoint ({quant.method})", formats, rest, compute, quant)


CHECKPOINT = "checkpoint"
WEIGHT_CHOICES = (*WEIGHT_FORMATS, CHECKPOINT)  # weight dtypes a user can pick ('checkpoint': as stored)


# --weight-dtype awq4 / gptq4: int4 on the Linear layers with one fp16 scale + a packed 4-bit zero point per 128
# weights (AutoAWQ GEMM / GPTQ, as ``_storage`` reads them from a checkpoint); embeddings, lm_head, norms stay 16-bit
INT4_PLANS = {"awq4": "awq", "gptq4": "gptq"}


def weight_storage(name, quant: QuantSpec | None = None, dtype_bits: int = 16,
                   spec=None) -> StorageFormat | WeightPlan:
    """A weight dtype name ('bf16', 'int4', ...) as a StorageFormat, 'checkpoint': the model's own storage, 'awq4' /
    'gptq4' (Linear layers only), or a llama.cpp GGUF preset ('q4_k_m', 'iq4_xs', ...): with ``spec`` (a ModelSpec)
    the per-tensor mix llama-quantize writes for that model (``gguf.quantize``), without it the preset's bulk type."""
    if isinstance(name, (StorageFormat, WeightPlan)):
        return name
    key = str(name).strip().lower()
    if key == CHECKPOINT:
        return checkpoint_plan(quant, dtype_bits)
    if key in INT4_PLANS:
        q = GroupFormat(Fraction(4), 128, 16 + 4)
        return WeightPlan(key, {g: q for g in LINEAR_GROUPS}, GroupFormat(Fraction(dtype_bits)), "bf16")
    if spec is not None:
        from .gguf import gguf_plan, is_gguf  # gguf imports spec, which imports this module
        if is_gguf(key):
            return gguf_plan(spec, key)
    return weight_format(name)


def average_bits(fmt: StorageFormat | WeightPlan, groups: dict[str, int]) -> float:
    """Storage bits per parameter over ``groups`` (scales included)."""
    if isinstance(fmt, StorageFormat):
        return fmt.bits_per_element
    total = sum(groups.values())
    return 8 * fmt.bytes(groups) / total if total else 0.0
