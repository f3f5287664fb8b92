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


def _gguf(name: str, bits: int, group: int, scale_bytes: int) -> StorageFormat:
    """A llama.cpp GGUF type. Q8_0/Q4_0/Q4_1 are the real blocks (32 weights + fp16 scale [+ min]); the K-quant
    mixes (``_k_m``/``_k_s``, some tensors kept at Q6_K) are their average bits per weight from llama-bench's
    printed file sizes (validation/published/SOURCES.md, gguf sizes), written as bits + scale bytes per group."""
    fmt = StorageFormat(name, bits, group, scale_bytes, compute="int8")
    return StorageFormat(name, bits, group, scale_bytes, compute="int8",
                         note=msg("fmt.note.gguf", name=name.upper(), bpw=fmt.bits_per_element))


# Weight formats of serving engines, accepted by ``weight_format`` but not offered as "make it fit" options
# (the advice and the selects list ``WEIGHT_FORMATS``): llama.cpp GGUF types and the 4-bit float formats.
ENGINE_WEIGHT_FORMATS: dict[str, StorageFormat] = {
    f.name: f
    for f in (
        _gguf("q8_0", 8, 32, 2), _gguf("q6_k", 6, 256, 18), _gguf("q5_k_m", 5, 128, 11), _gguf("q5_k_s", 5, 16, 1),
        _gguf("q4_1", 4, 32, 4), _gguf("q4_k_m", 4, 64, 7), _gguf("q4_k_s", 4, 128, 9), _gguf("q4_0", 4, 32, 2),
        _gguf("q3_k_m", 3, 128, 15), _gguf("q2_k", 2, 64, 11),
        StorageFormat("mxfp4", 4, 32, 1, compute="fp4", note=msg("fmt.note.mxfp4")),
        StorageFormat("nvfp4", 4, 16, 1, compute="fp4", note=msg("fmt.note.nvfp4")),
    )
}
ALIASES = {"f16": "fp16", "f32": "fp32", "bfloat16": "bf16", "float16": "fp16"}


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
    if key.endswith("bit") and key[:-3].isdigit():
        return custom_bits(int(key[:-3]))
    raise FormatError(msg("fmt.unknown_kv", name=name, choices=", ".join(KV_FORMATS)))


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
    raise FormatError(msg("fmt.unknown_weight", name=name, choices=", ".join(WEIGHT_FORMATS)))
