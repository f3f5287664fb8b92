"""Storage formats for the KV cache, recurrent state and weights.

A format stores ``bits`` per element, plus (for grouped integer formats) ``scale_bytes`` for every
``group`` consecutive elements of a row. A "row" is one token's vector in one cache tensor of one
layer (e.g. the K row of GQA = n_kv * head_dim elements). Rows are packed to whole bytes, which is
what a real cache tensor holds, so bytes are exact integers.
"""
from __future__ import annotations

from dataclasses import dataclass

from .i18n import msg


@dataclass(frozen=True)
class StorageFormat:
    """How a tensor row is stored: bits per element plus per-group scale bytes; exact bytes per row."""

    name: str
    bits: int
    group: int = 0  # elements sharing one scale; 0 = no per-group scale (per-tensor/channel only)
    scale_bytes: int = 0  # bytes of scale (+zero point) stored per group
    compute: str = "bf16"  # dtype the math runs in after loading
    note: str = ""

    def row_bytes(self, elems: int) -> int:
        """Exact bytes of one packed row of ``elems`` elements (0 for an empty row)."""
        if elems <= 0:
            return 0
        data = -(-elems * self.bits // 8)  # ceil
        scales = -(-elems // self.group) * self.scale_bytes if self.group else 0
        return data + scales

    @property
    def bits_per_element(self) -> float:
        """Average storage bits per element for long rows (scale overhead included)."""
        return self.bits + (8 * self.scale_bytes / self.group if self.group else 0)


KV_FORMATS: dict[str, StorageFormat] = {
    f.name: f
    for f in (
        StorageFormat("fp32", 32, compute="fp32"),
        StorageFormat("fp16", 16, compute="fp16"),
        StorageFormat("bf16", 16),
        StorageFormat("fp8", 8, note=msg("fmt.note.kv_fp8")),
        StorageFormat("int8", 8, note=msg("fmt.note.kv_int8")),
        StorageFormat("int4", 4, group=32, scale_bytes=2,
                      note=msg("fmt.note.kv_int4")),
    )
}

WEIGHT_FORMATS: dict[str, StorageFormat] = {
    f.name: f
    for f in (
        StorageFormat("fp32", 32, compute="fp32"),
        StorageFormat("fp16", 16, compute="fp16"),
        StorageFormat("bf16", 16),
        StorageFormat("fp8", 8, compute="fp8", note=msg("fmt.note.w_fp8")),
        StorageFormat("int8", 8, note=msg("fmt.note.w_int8")),
        StorageFormat("int4", 4, group=128, scale_bytes=4,
                      note=msg("fmt.note.w_int4")),
    )
}

STATE_FORMATS = {k: KV_FORMATS[k] for k in ("fp32", "bf16", "fp16")}

# llama-quantize presets (llama_ftype) -> their default (bulk) block type: llama_ftype_get_default_type in
# ggml-org/llama.cpp src/llama-quant.cpp @007dbbf3fd17eefe9b47fee45f48f7ba5e62b714
# (gguf_rules.py has the per-tensor rules)
GGUF_PRESETS: dict[str, str] = {
    "Q4_0": "Q4_0", "Q4_1": "Q4_1", "Q5_0": "Q5_0", "Q5_1": "Q5_1", "Q8_0": "Q8_0", "Q2_K": "Q2_K", "Q2_K_S": "Q2_K",
    "Q3_K_S": "Q3_K", "Q3_K_M": "Q3_K", "Q3_K_L": "Q3_K", "Q4_K_S": "Q4_K", "Q4_K_M": "Q4_K", "Q5_K_S": "Q5_K",
    "Q5_K_M": "Q5_K", "Q6_K": "Q6_K", "IQ1_S": "IQ1_S", "IQ1_M": "IQ1_M", "IQ2_XXS": "IQ2_XXS", "IQ2_XS": "IQ2_XS",
    "IQ2_S": "IQ2_XS", "IQ2_M": "IQ2_S", "IQ3_XXS": "IQ3_XXS", "IQ3_XS": "IQ3_S", "IQ3_S": "IQ3_S", "IQ3_M": "IQ3_S",
    "IQ4_NL": "IQ4_NL", "IQ4_XS": "IQ4_XS", "TQ1_0": "TQ1_0", "TQ2_0": "TQ2_0", "MXFP4_MOE": "MXFP4",
    "Q1_0": "Q1_0",
}
# block types that are no preset's name, accepted as "every quantizable tensor in this type" (llama-quantize --pure)
GGUF_PURE: tuple[str, ...] = ("Q3_K", "Q4_K", "Q5_K")


# ggml block types -> (elements per block, bytes per block, scales included): vendored from gguf 0.19.0
# ``gguf.constants.GGML_QUANT_SIZES`` (tests/test_gguf.py checks equality; costmodel does not import gguf)
GGML_BLOCKS: dict[str, tuple[int, int]] = {
    "F32": (1, 4), "F16": (1, 2), "Q4_0": (32, 18), "Q4_1": (32, 20), "Q5_0": (32, 22), "Q5_1": (32, 24),
    "Q8_0": (32, 34), "Q8_1": (32, 40), "Q2_K": (256, 84), "Q3_K": (256, 110), "Q4_K": (256, 144),
    "Q5_K": (256, 176), "Q6_K": (256, 210), "Q8_K": (256, 292), "IQ2_XXS": (256, 66), "IQ2_XS": (256, 74),
    "IQ3_XXS": (256, 98), "IQ1_S": (256, 50), "IQ4_NL": (32, 18), "IQ3_S": (256, 110), "IQ2_S": (256, 82),
    "IQ4_XS": (256, 136), "I8": (1, 1), "I16": (1, 2), "I32": (1, 4), "I64": (1, 8), "F64": (1, 8),
    "IQ1_M": (256, 56), "BF16": (1, 2), "TQ1_0": (256, 54), "TQ2_0": (256, 66), "MXFP4": (32, 17),
    "NVFP4": (64, 36), "Q1_0": (128, 18),
}


def block_format(name: str, qtype: str, compute: str, note: str = "") -> StorageFormat:
    """A ggml block type as a StorageFormat: whole bits per element plus the rest of the block as scale bytes
    (Q4_K: 256 weights in 144 bytes = 4 bits + 16 bytes per 256), so a row of whole blocks has its exact size."""
    block, size = GGML_BLOCKS[qtype]
    bits = 8 * size // block
    scale = size - block * bits // 8
    return StorageFormat(name, bits, block if scale else 0, scale, compute=compute, note=note)


def _gguf(name: str, qtype: str) -> StorageFormat:
    fmt = block_format(name, qtype, "int8")
    return block_format(name, qtype, "int8", msg("fmt.note.gguf", name=name.upper(), bpw=fmt.bits_per_element))


# llama.cpp -ctk/-ctv cache types (common/arg.cpp kv_cache_types; f32/f16/bf16 are above) and vLLM's named fp8
# variants (--kv-cache-dtype fp8_e4m3 / fp8_e5m2: 8 bits, per-tensor scales): accepted by ``kv_format`` but not offered
# as "make it fit" options (``KV_FORMATS`` are). A quantized V cache needs flash attention (-fa) in llama.cpp.
ENGINE_KV_FORMATS: dict[str, StorageFormat] = {
    f.name: f
    for f in (
        *(block_format(q.lower(), q, "fp16", msg("fmt.note.kv_gguf", name=q.lower()))
          for q in ("Q8_0", "Q5_1", "Q5_0", "Q4_1", "Q4_0", "IQ4_NL")),
        StorageFormat("fp8_e4m3", 8, note=msg("fmt.note.kv_fp8")),
        StorageFormat("fp8_e5m2", 8, note=msg("fmt.note.kv_fp8_e5m2")),
    )
}

# Weight formats of serving engines, accepted by ``weight_format`` but not offered as "make it fit" options
# (the advice and the selects list ``WEIGHT_FORMATS``): llama.cpp GGUF presets and block types (here: the preset's
# bulk type, for callers without a model; with a model ``quant.weight_storage`` gives the per-tensor mix of
# ``gguf.quantize``), AWQ/GPTQ int4 and the 4-bit float formats.
ENGINE_WEIGHT_FORMATS: dict[str, StorageFormat] = {
    f.name: f
    for f in (
        *(_gguf(name.lower(), bulk) for name, bulk in GGUF_PRESETS.items()),
        *(_gguf(q.lower(), q) for q in GGUF_PURE),
        # int4 + per 128 weights one fp16 scale and a packed 4-bit zero point (AutoAWQ GEMM, GPTQ): 20 bits per
        # 128 = 5 bytes per 256 (quant.py reads the same layout from a checkpoint's quantization_config)
        StorageFormat("awq4", 4, 256, 5, note=msg("fmt.note.awq4")),
        StorageFormat("gptq4", 4, 256, 5, note=msg("fmt.note.gptq4")),
        StorageFormat("mxfp4", 4, 32, 1, compute="fp4", note=msg("fmt.note.mxfp4")),
        StorageFormat("nvfp4", 4, 16, 1, compute="fp4", note=msg("fmt.note.nvfp4")),
    )
}
ALIASES = {"f16": "fp16", "f32": "fp32", "bfloat16": "bf16", "float16": "fp16", "float32": "fp32"}


class FormatError(ValueError):
    """An unknown or malformed storage format (message is user-facing, one line)."""


def custom_bits(bits: int) -> StorageFormat:
    """A plain ``bits``-bit format, e.g. DeepSeek-V2's "6 bits on average" KV quantization."""
    if not 1 <= bits <= 64:
        raise FormatError(msg("fmt.bits", bits=bits))
    return StorageFormat(f"{bits}bit", bits)


def kv_format(name: str | StorageFormat) -> StorageFormat:
    """The KV-cache storage format named ``name`` (or an ``NBITbit`` custom width)."""
    if isinstance(name, StorageFormat):
        return name
    key = str(name).strip().lower()
    key = ALIASES.get(key, key)
    if key in KV_FORMATS:
        return KV_FORMATS[key]
    if key in ENGINE_KV_FORMATS:
        return ENGINE_KV_FORMATS[key]
    if key.endswith("bit") and key[:-3].isdigit():
        return custom_bits(int(key[:-3]))
    raise FormatError(msg("fmt.unknown_kv", name=name, choices=", ".join((*KV_FORMATS, *ENGINE_KV_FORMATS))))


def weight_format(name: str | StorageFormat) -> StorageFormat:
    """The weight storage format named ``name``."""
    if isinstance(name, StorageFormat):
        return name
    key = str(name).strip().lower()
    key = ALIASES.get(key, key)
    if key in WEIGHT_FORMATS:
        return WEIGHT_FORMATS[key]
    if key in ENGINE_WEIGHT_FORMATS:
        return ENGINE_WEIGHT_FORMATS[key]
    raise FormatError(msg("fmt.unknown_weight", name=name,
                           choices=", ".join(WEIGHT_FORMATS) + ", q4_k_m, q5_k_m, q8_0, iq4_xs... (GGUF), awq4, gptq4, "
                           "mxfp4, nvfp4"))
