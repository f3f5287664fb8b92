"""llama-quantize's choice of block type per tensor: ``llama_tensor_get_type_impl`` and ``tensor_type_fallback`` of
ggml-org/llama.cpp ``src/llama-quant.cpp`` at commit 007dbbf3fd17eefe9b47fee45f48f7ba5e62b714, for the presets
``gguf`` models (which rules apply, and what is not modelled: gguf.py's docstring).
"""
from __future__ import annotations

from dataclasses import dataclass

from .dtypes import GGML_BLOCKS

FALLBACK = {"IQ1_S": "IQ4_NL", "IQ1_M": "IQ4_NL", "IQ2_XXS": "IQ4_NL", "IQ2_XS": "IQ4_NL", "IQ2_S": "IQ4_NL",
            "IQ3_XXS": "IQ4_NL", "IQ3_S": "IQ4_NL", "IQ4_XS": "IQ4_NL", "Q2_K": "Q4_0", "Q3_K": "Q4_0",
            "TQ1_0": "Q4_0", "TQ2_0": "Q4_0", "Q4_K": "Q5_0", "Q5_K": "Q5_1", "Q6_K": "Q8_0"}  # tensor_type_fallback
_LOW_IQ = ("IQ2_XXS", "IQ2_XS", "IQ1_S", "IQ2_S", "IQ2_M", "IQ1_M")


def _more_bits(i: int, n: int) -> bool:
    """use_more_bits: the first and last eighth of the layers and every third one between."""
    return i < n // 8 or i >= 7 * n // 8 or (i - n // 8) % 3 == 2


@dataclass(frozen=True)
class RuleContext:
    """What the rules read besides the tensor: the preset (file type), its bulk block type and the model's shape."""

    ftype: str
    bulk: str
    n_layers: int
    n_gqa: int
    n_expert: int
    is_70b: bool
    imatrix: bool


def _output_type(c: RuleContext, ncols: int) -> str:
    if c.ftype == "MXFP4_MOE" or ncols % GGML_BLOCKS[c.bulk][0]:
        return "Q8_0"
    if c.ftype in (*_LOW_IQ, "IQ3_XXS"):
        return "Q5_K"
    return c.bulk if c.bulk == "Q8_0" else "Q6_K"


def _attn_v(c: RuleContext, i: int) -> str:
    f, t = c.ftype, c.bulk
    if f in _LOW_IQ:
        return "Q4_K" if c.n_gqa >= 4 or c.n_expert >= 4 else ("IQ3_S" if f in ("IQ2_S", "IQ2_M") else "Q2_K")
    if f == "Q2_K":
        t = "Q4_K" if c.n_gqa >= 4 else "Q3_K"
    elif f == "Q2_K_S" and c.n_gqa >= 4:
        t = "Q4_K"
    elif f == "IQ3_XXS":
        t = "Q4_K" if c.n_gqa >= 4 else ("IQ3_XXS" if c.imatrix else "IQ3_S")
    elif f in ("IQ3_XS", "IQ3_S") and c.n_gqa >= 4 or f == "IQ3_M":
        t = "Q4_K"
    elif f == "Q3_K_M":
        t = "Q5_K" if i < 2 else "Q4_K"
    elif f == "Q3_K_L" or f in ("IQ4_NL", "IQ4_XS") and c.n_gqa >= 4:
        t = "Q5_K"
    elif f in ("Q4_K_M", "Q5_K_M") and _more_bits(i, c.n_layers):
        t = "Q6_K"
    elif f == "Q4_K_S" and i < 4:
        t = "Q5_K"
    if c.is_70b and t in ("Q3_K", "Q4_K"):
        t = "Q5_K"
    return "Q8_0" if c.n_expert == 8 else t


def _ffn_down(c: RuleContext, i: int) -> str:
    f, n, t = c.ftype, c.n_layers, c.bulk
    if f in _LOW_IQ:
        return ("IQ3_S" if f in ("IQ2_S", "IQ2_M") else "Q2_K") if i < n // 8 else t
    rules = {
        "Q2_K": "Q3_K", "Q2_K_S": "Q4_K" if i < n // 8 else t,
        "IQ3_XXS": t if c.imatrix else ("Q4_K" if i < n // 8 else "Q3_K"),
        "Q3_K_M": "Q5_K" if i < n // 16 else "Q4_K",
        "IQ3_M": "Q4_K" if i < n // 8 or c.n_expert == 8 and _more_bits(i, n) else t,
        "Q3_K_L": "Q5_K", "Q4_K_M": "Q6_K" if _more_bits(i, n) else t,
        "IQ4_NL": "Q5_K" if i < n // 8 and not c.imatrix else t,
        "IQ4_XS": "Q5_K" if i < n // 8 and not c.imatrix else t,
        "Q5_K_M": "Q6_K" if _more_bits(i, n) else t, "Q4_K_S": "Q5_K" if i < n // 8 else t,
        "Q4_0": "Q4_1" if c.imatrix and i < n // 8 else t, "Q5_0": "Q5_1" if c.imatrix and i < n // 8 else t,
    }
    return rules.get(f, t)


def _attn_output(c: RuleContext) -> str:
    f = c.ftype
    if c.n_expert == 8:
        return "Q5_K" if f in ("Q2_K", "IQ3_XS", "IQ3_XXS", "Q3_K_S", "Q3_K_M", "IQ4_NL", "Q4_K_S", "Q4_K_M", "IQ3_S",
                               "IQ3_M", "IQ4_XS", *_LOW_IQ) else c.bulk
    if f in ("IQ1_S", "IQ1_M"):
        return "IQ2_XXS"
    if f in ("IQ2_S", "IQ2_M"):
        return "IQ3_S"
    return {"Q2_K": "Q3_K", "IQ3_XXS": "IQ3_S", "Q3_K_M": "Q4_K", "Q3_K_L": "Q5_K", "IQ3_M": "Q4_K"}.get(f, c.bulk)


def choose_type(c: RuleContext, name: str, layer: int | None, ncols: int, expert_3d: bool, tied: bool) -> str:
    """llama_tensor_get_type_impl + tensor_type_fallback for one quantizable tensor."""
    f, bulk = c.ftype, c.bulk
    kind = name.split(".")[-1] if layer is not None else name
    i = layer if layer is not None else 0
    if f == "PURE":
        t = bulk
    elif kind == "output" or (tied and kind == "token_embd"):
        t = _output_type(c, ncols)
    elif f == "MXFP4_MOE":
        t = "MXFP4" if expert_3d else "Q8_0"
    elif kind == "token_embd":
        t = {"IQ2_XXS": "Q2_K", "IQ2_XS": "Q2_K", "IQ1_S": "Q2_K", "IQ1_M": "Q2_K", "IQ2_S": "IQ3_S", "IQ2_M": "IQ3_S",
             "IQ3_XXS": "IQ3_S", "TQ1_0": "Q4_K", "TQ2_0": "Q4_K"}.get(f, bulk)
    elif kind in ("attn_v", "attn_kv_b"):
        t = _attn_v(c, i)
    elif kind == "attn_k" and c.n_expert == 8:
        t = "Q4_K" if f in _LOW_IQ else "Q8_0"
    elif kind in ("attn_k", "attn_q"):
        t = {"IQ3_XS": "IQ3_XXS", "IQ3_XXS": "IQ2_S"}.get(f, bulk)
    elif kind.startswith("ffn_down"):
        t = _ffn_down(c, i)
    elif kind == "attn_output":
        t = _attn_output(c)
    elif kind.startswith(("ffn_gate", "ffn_up")):
        t = "IQ3_XXS" if f == "IQ3_XS" and c.n_layers // 8 <= i < 7 * c.n_layers // 8 else bulk
    else:
        t = bulk
    if ncols % GGML_BLOCKS[t][0]:
        t = FALLBACK.get(t, "F16")
        if ncols % GGML_BLOCKS[t][0]:
            t = "F16"
    return t


__all__ = ["FALLBACK", "RuleContext", "choose_type"]
