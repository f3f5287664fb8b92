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


class FormatError(ValueError):
    pass


def custom_bits(bits: int) -> StorageFormat:
    """A plain ``bits``-bit format, e.g. DeepSeek-V2's "6 bits on average" KV quantization."""
    if not 1 <= bits <= 64:
        raise FormatError(msg("fmt.bits", bits=bits))
    return StorageFormat(f"{bits}bit", bits)


def kv_format(name: str | StorageFormat) -> StorageFormat:
    if isinstance(name, StorageFormat):
        return name
    key = str(name).strip().lower()
    if key in KV_FORMATS:
        return KV_FORMATS[key]
    if key.endswith("bit") and key[:-3].isdigit():
        return custom_bits(int(key[:-3]))
    raise FormatError(msg("fmt.unknown_kv", name=name, choices=", ".join(KV_FORMATS)))


def weight_format(name: str | StorageFormat) -> StorageFormat:
    if isinstance(name, StorageFormat):
        return name
    key = str(name).strip().lower()
    if key in WEIGHT_FORMATS:
        return WEIGHT_FORMATS[key]
    raise FormatError(msg("fmt.unknown_weight", name=name, choices=", ".join(WEIGHT_FORMATS)))
