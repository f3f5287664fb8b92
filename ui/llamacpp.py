"""The llama.cpp view of the Fit page: a GGUF file type, ``-ngl`` (layers on the GPU), the host CPU for the rest, the
llama.cpp KV cache type; and the placement the cost model computes (layers on the GPU, bytes in system RAM, how many
layers fit, the decode time split). Inputs and drawing only: the numbers come from ``costmodel.estimate``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from costmodel import Estimate, ModelSpec
from costmodel.gguf import NAMES
from costmodel.hosts import load_hosts
from costmodel.units import fmt_bytes, fmt_seconds

from . import state, widgets
from .labels import t
from .state import Param, key

ALL_LAYERS = 999  # llama.cpp's "-ngl 999": every layer and the output layer
KV_TYPES = ("fp16", "q8_0", "q4_0")  # llama.cpp -ctk/-ctv: f16 (default) and the CUDA flash-attention pairs


def host_ids() -> list[str]:
    """The host CPU profiles, in file order."""
    return list(load_hosts())


def params() -> list[state.Param]:
    """URL parameters of the view: on/off, GGUF type, -ngl, host, KV type."""
    return [Param("lcpp", False, state.boolean(), dump=state.dump_bool),
            Param("gguf", "q4_k_m", state.choice(list(NAMES))),
            Param("ngl", ALL_LAYERS, state.int_range(0, 100_000)),
            Param("host", "ryzen-9-7950x", state.choice(host_ids)),
            Param("lkv", "fp16", state.choice(list(KV_TYPES)))]



@dataclass(frozen=True)
class LlamaView:
    """The llama.cpp inputs, parsed once."""

    gguf: str
    ngl: int
    host: str
    kv_dtype: str

    def estimate_kwargs(self) -> dict[str, Any]:
        """What these inputs change in ``costmodel.estimate``'s keyword arguments (one GPU, engine llamacpp)."""
        return dict(engine="llamacpp", weight_dtype=self.gguf, kv_dtype=self.kv_dtype, gpu_layers=self.ngl,
                    host=self.host, tp=1)


def inputs(page: str, spec: ModelSpec | None) -> LlamaView | None:
    """The toggle and, when it is on, the llama.cpp inputs (None: the view is off)."""
    L = state.lang()
    if not st.toggle(t("lcpp.toggle", L), key=key(page, "lcpp"), help=t("lcpp.toggle_help", L)):
        return None
    c = st.columns(4)
    gguf = c[0].selectbox(t("lcpp.gguf", L), list(NAMES), key=key(page, "gguf"), help=t("lcpp.gguf_help", L))
    layers = spec.n_layers if spec is not None else 0
    ngl = c[1].number_input(t("lcpp.ngl", L), min_value=0, max_value=100_000, step=1, key=key(page, "ngl"),
                            help=t("lcpp.ngl_help", L).format(n=layers, all=layers + 1))
    host = c[2].selectbox(t("lcpp.host", L), host_ids(), key=key(page, "host"), help=t("lcpp.host_help", L),
                          format_func=lambda h: load_hosts()[h].name)
    kv = c[3].selectbox(t("lcpp.kv", L), list(KV_TYPES), key=key(page, "lkv"), help=t("lcpp.kv_help", L))
    return LlamaView(gguf, int(ngl), host, kv)


def placement(e: Estimate, L: str) -> None:
    """Layers on the GPU, bytes in system RAM, how many layers fit and the decode-time split of ``e``."""
    o = e.offload
    if o is None:
        return
    st.subheader(t("lcpp.title", L))
    if o.unified:
        st.caption(t("lcpp.unified", L))
        return
    c = st.columns(4)
    c[0].metric(t("lcpp.layers", L), t("lcpp.layers_value", L).format(k=o.gpu_layers, n=o.n_layers),
                help=t("lcpp.layers_help", L).format(ngl=o.ngl))
    widgets.bytes_metric(c[1], t("lcpp.host_bytes", L).format(host=load_hosts()[o.host].name), o.host_bytes)
    c[2].metric(t("lcpp.max_ngl", L), f"-ngl {o.max_ngl}", help=t("lcpp.max_ngl_help", L).format(n=o.n_layers))
    if e.speed_valid:
        c[3].metric(t("lcpp.split", L), fmt_seconds(o.decode_s), help=t("lcpp.split_value", L).format(
            gpu=fmt_seconds(o.decode_gpu_s), host=fmt_seconds(o.decode_host_s),
            transfer=fmt_seconds(o.decode_transfer_s)))
    st.caption(t("lcpp.note", L).format(gpu_weights=fmt_bytes(o.gpu_weight_bytes),
                                         host_weights=fmt_bytes(o.host_weight_bytes)))


__all__ = ["ALL_LAYERS", "KV_TYPES", "LlamaView", "inputs", "params", "placement"]
