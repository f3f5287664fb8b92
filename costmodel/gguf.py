"""llama.cpp GGUF weights: the ggml block types and the per-tensor type mix of ``llama-quantize``'s presets.

Block types (``dtypes.GGML_BLOCKS``): elements per block and bytes per block, vendored from the ``gguf`` package
(gguf 0.19.0, ``gguf.constants.GGML_QUANT_SIZES``; tests/test_gguf.py checks they are equal), so costmodel does not
import gguf at run time. Bits per weight of a type = 8 x bytes / block (Q4_K 4.5, Q6_K 6.5625, Q8_0 8.5, IQ4_XS 4.25).

A preset (file type: ``q4_k_m``, ``q5_k_s``, ``iq4_xs``...) is not a block type but a mix: ``llama-quantize`` picks a
type per tensor. ``quantize(spec, preset)`` lists the tensors a ``ModelSpec`` describes (GGUF names and shapes) and
applies the rules of ``llama_tensor_get_type_impl`` in ggml-org/llama.cpp ``src/llama-quant.cpp`` at commit
007dbbf3fd17eefe9b47fee45f48f7ba5e62b714 (the same rules for these presets at 8784689fee07c6daabf3487d24e1535534ef6e6b;
research/consumer/gguf_types.md): untied ``output.weight`` (and a tied token embedding) Q6_K (Q8_0 for Q8_0, Q5_K for
the 1-2 bit i-quants); ``attn_v`` and ``ffn_down`` one or two steps up on the layers ``use_more_bits`` picks (_M
presets) or on the first layers (_S, Q3_K_M); the 70B rule (80-layer GQA models: attn_v at least Q5_K); the 8-expert
rule (Mixtral: attn_k/attn_v Q8_0, attn_output Q5_K); the shape fallback when a row is not a whole number of blocks
(Q4_K -> Q5_0, Q6_K -> Q8_0, ...). Norms, biases and MoE routers stay F32 (the converter writes them so;
``ffn_gate_inp`` is never quantized). Tensors are visited in the loader's order (by block number).

Not modelled: fused QKV tensors (phi-3, Falcon: sized as split q/k/v), Falcon's own ffn_down rule, ``--pure``,
``--tensor-type`` overrides, and the importance matrix except where a preset requires one (IQ1/IQ2/IQ3_XXS/IQ3_XS,
Q2_K_S are assumed made with it, every other preset without). DeepSeek MLA's kv_b is sized as one ``attn_kv_b``
tensor (attn_v rules). Checked against llama-bench's printed file sizes (tests/test_gguf.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .dtypes import GGML_BLOCKS, GGUF_PRESETS, GGUF_PURE
from .gguf_rules import RuleContext, choose_type
from .quant import GroupFormat, WeightPlan
from .spec import PARAM_GROUPS, ModelSpec


PRESETS = GGUF_PRESETS
PURE = GGUF_PURE
IMATRIX = ("IQ1_S", "IQ1_M", "IQ2_XXS", "IQ2_XS", "IQ2_S", "IQ2_M", "IQ3_XXS", "IQ3_XS", "Q2_K_S")  # need one
NAMES: tuple[str, ...] = tuple(n.lower() for n in (*PRESETS, *PURE))  # what --weight-dtype accepts


def bits_per_weight(qtype: str) -> Fraction:
    """Storage bits per weight of a ggml block type (scales included): 8 x bytes per block / block size."""
    block, size = GGML_BLOCKS[qtype.upper()]
    return Fraction(8 * size, block)


def tensor_bytes(qtype: str, ncols: int, nrows: int) -> int:
    """Bytes of a tensor of ``nrows`` rows of ``ncols`` elements in ``qtype`` (rows are whole blocks)."""
    block, size = GGML_BLOCKS[qtype]
    return -(-ncols // block) * size * nrows


@dataclass(frozen=True)
class Tensor:
    """One GGUF tensor: its name, kvcost parameter group, decoder layer (None outside the blocks), row length
    (``ne[0]``), number of rows and the type llama-quantize gives it."""

    name: str
    group: str
    layer: int | None
    ncols: int
    nrows: int
    qtype: str

    @property
    def params(self) -> int:
        return self.ncols * self.nrows

    @property
    def nbytes(self) -> int:
        return tensor_bytes(self.qtype, self.ncols, self.nrows)


@dataclass(frozen=True)
class GGUFModel:
    """A model quantized with one preset: its tensors and the totals kvcost needs."""

    preset: str  # lower case, e.g. "q4_k_m"
    tensors: tuple[Tensor, ...]

    @property
    def nbytes(self) -> int:
        return sum(t.nbytes for t in self.tensors)

    @property
    def params(self) -> int:
        return sum(t.params for t in self.tensors)

    @property
    def bits_per_weight(self) -> float:
        return 8 * self.nbytes / self.params

    def group_bytes(self) -> dict[str, tuple[int, int]]:
        """{group: (params, bytes)} over the tensors."""
        out: dict[str, tuple[int, int]] = {}
        for t in self.tensors:
            p, b = out.get(t.group, (0, 0))
            out[t.group] = (p + t.params, b + t.nbytes)
        return out

    def layer_bytes(self, n_layers: int) -> list[int]:
        """Bytes of each decoder layer's tensors (index = layer)."""
        out = [0] * n_layers
        for t in self.tensors:
            if t.layer is not None:
                out[t.layer] += t.nbytes
        return out

    def types(self) -> dict[str, int]:
        """{ggml type: tensors of that type}."""
        out: dict[str, int] = {}
        for t in self.tensors:
            out[t.qtype] = out.get(t.qtype, 0) + 1
        return out

    def plan(self) -> WeightPlan:
        """The mix as a per-group WeightPlan (exact bytes for this model's own layout at tp = 1)."""
        rest = GroupFormat(bits_per_weight(PRESETS.get(self.preset.upper(), self.preset.upper())))
        formats = {g: GroupFormat(Fraction(8 * b, p)) for g, (p, b) in self.group_bytes().items() if p}
        return WeightPlan(self.preset, formats, rest, compute="int8")


# ------------------------------------------------------------------------------------------ the model's tensors
def _layer(spec: ModelSpec, i: int) -> list[tuple[str, str, int, int, bool]]:
    """(name, group, ncols, nrows, quantizable) of decoder layer ``i`` (GGUF names, ``ne = [ncols, nrows...]``)."""
    d, h, kv = spec.d_model, spec.n_heads, spec.n_kv_heads
    out: list[tuple[str, str, int, int, bool]] = [("attn_norm", "norms", d, 1, False)]
    out += [(f"norm{j}", "norms", d, 1, False) for j in range(1, spec.norms_per_layer)]
    if spec.is_mla:
        dn, dr, dv, dc, dq = spec.qk_nope_head_dim, spec.qk_rope_head_dim, spec.v_head_dim, spec.kv_lora_rank, \
            spec.q_lora_rank
        q = [("attn_q_a", "attention", d, dq, True), ("attn_q_a_norm", "attention", dq, 1, False),
             ("attn_q_b", "attention", dq, h * (dn + dr), True)] if dq else [("attn_q", "attention", d, h * (dn + dr),
                                                                               True)]
        out += q + [("attn_kv_a_mqa", "attention", d, dc + dr, True), ("attn_kv_a_norm", "attention", dc, 1, False),
                    ("attn_kv_b", "attention", dc, h * (dn + dv), True), ("attn_output", "attention", h * dv, d, True)]
    else:
        dk, dv = spec.head_dim, spec.v_head_dim
        out += [("attn_q", "attention", d, h * dk, True), ("attn_k", "attention", d, kv * dk, True),
                ("attn_v", "attention", d, kv * dv, True), ("attn_output", "attention", h * dv, d, True)]
        if spec.qkv_bias:
            out.append(("attn_qkv_bias", "attention", h * dk + kv * dk + kv * dv, 1, False))
        if spec.out_bias:
            out.append(("attn_output_bias", "attention", d, 1, False))
    if spec.arch == "encoder-decoder":  # cross-attention: sized in the bulk type (llama.cpp has no rule for it)
        cross = spec.cross_attn_params() // spec.n_layers
        out += [("cross_attn", "attention", d, cross // d, True), ("cross_attn_rest", "attention", cross % d, 1, False),
                ("cross_norm", "norms", d, 1, False)]
    moe = i >= spec.n_layers - spec.n_moe_layers and spec.is_moe  # dense layers first (DeepSeek first_k_dense)
    out += _ffn(spec, spec.moe_d_ff, "routed_experts", "_exps", spec.n_routed_experts) if moe else \
        _ffn(spec, spec.d_ff, "dense_ffn", "", 1)
    if moe:
        out.append(("ffn_gate_inp", "router", d, spec.n_routed_experts, False))
        if spec.shared_d_ff:
            out += _ffn(spec, spec.shared_d_ff, "shared_experts", "_shexp", 1)
    return out


def _ffn(spec: ModelSpec, width: int, group: str, suffix: str, n: int) -> list[tuple[str, str, int, int, bool]]:
    d = spec.d_model
    out = [(f"ffn_up{suffix}", group, d, width * n, True), (f"ffn_down{suffix}", group, width, d * n, True)]
    if spec.ffn_gated:
        out.insert(0, (f"ffn_gate{suffix}", group, d, width * n, True))
    if spec.mlp_bias:
        out.append((f"ffn_bias{suffix}", group, width * ((3 if spec.ffn_gated else 2) - 1) + d, n, False))
    return out


def _tensors(spec: ModelSpec) -> list[tuple[str, str, int | None, int, int, bool]]:
    """Every tensor of the GGUF (name, group, layer, ncols, nrows, quantizable) in the loader's order."""
    d, v = spec.d_model, spec.vocab_size
    top: list[tuple[str, str, int | None, int, int, bool]] = [("token_embd", "embeddings", None, d, v, True),
                                                               ("output_norm", "norms", None, d,
                                                                spec.final_norm_vectors, False)]
    if not spec.tied_embeddings:
        top.append(("output", "lm_head", None, d, v, True))
    if spec.learned_positions:
        top.append(("position_embd", "embeddings", None, d, spec.learned_positions, False))
    if spec.encoder_params():
        enc = spec.encoder_params()
        top += [("enc", "encoder", None, d, enc // d, True), ("enc_rest", "encoder", None, enc % d or 1,
                                                               1 if enc % d else 0, False)]
    if spec.extra_params and spec.arch == "decoder":  # front-ends: quantizable only as F16 (one-element rows)
        top.append(("extra", "other", None, 1, spec.extra_params, True))
    blocks = [(f"blk.{i}.{n}", g, i, c, r, q) for i in range(spec.n_layers) for n, g, c, r, q in _layer(spec, i)]
    return [t for t in top + blocks if t[3] * t[4] > 0]


_CACHE: dict[tuple[object, str], GGUFModel] = {}


def quantize(spec: ModelSpec, preset: str) -> GGUFModel:
    """The tensors of ``spec`` as ``llama-quantize`` writes them for ``preset`` (a NAMES entry, any case)."""
    key = preset.strip().upper()
    cached = _CACHE.get((spec, key))
    if cached is None:
        if len(_CACHE) > 64:
            _CACHE.clear()
        cached = _CACHE[(spec, key)] = _quantize(spec, key)
    return cached


def _quantize(spec: ModelSpec, key: str) -> GGUFModel:
    pure = key in PURE
    bulk = key if pure else PRESETS[key]
    gqa = 1 if spec.is_mla else spec.n_heads // spec.n_kv_heads
    ctx = RuleContext("PURE" if pure else key, bulk, spec.n_layers, gqa, spec.n_routed_experts if spec.is_moe else 0,
               spec.n_layers == 80 and gqa > 1 and not spec.is_moe, key in IMATRIX)
    out = []
    for name, group, layer, ncols, nrows, quantizable in _tensors(spec):
        expert_3d = name.endswith("_exps")
        qtype = choose_type(ctx, name, layer, ncols, expert_3d, spec.tied_embeddings) if quantizable else "F32"
        out.append(Tensor(name, group, layer, ncols, nrows, qtype))
    return GGUFModel(key.lower(), tuple(out))


def gguf_plan(spec: ModelSpec, preset: str) -> WeightPlan:
    """``quantize(spec, preset)`` as the per-group WeightPlan ``--weight-dtype q4_k_m`` stands for."""
    return quantize(spec, preset).plan()


def is_gguf(name: object) -> bool:
    """True for a GGUF preset or block-type name ``--weight-dtype`` accepts (any case)."""
    return isinstance(name, str) and name.strip().lower() in NAMES


__all__ = ["GGML_BLOCKS", "GGUFModel", "IMATRIX", "NAMES", "PRESETS", "PURE", "PARAM_GROUPS", "Tensor",
           "bits_per_weight", "gguf_plan", "is_gguf", "quantize", "tensor_bytes"]
