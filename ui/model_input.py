"""The model input of every model page: a preset, an uploaded or pasted config.json, hand-entered fields or a Hugging
Face id -> ``ModelSpec``, and its URL parameters (a pasted or uploaded config travels in the share link as ``cfg``)."""
from __future__ import annotations

import math
from typing import Any

import streamlit as st

from costmodel import ModelSpec, get_model, load_presets
from costmodel import numfmt
from costmodel.hfconfig import MAX_CONFIG_BYTES, parse_config_text, spec_from_config
from costmodel.hub import load_model as hub_model
from costmodel.hub import parse_ref
from costmodel.schemes import native_scheme

from . import shareconfig, state
from .labels import md, t, tr
from .state import SHADOW, Param, key
from .widgets import ERRORS, error

DEFAULT_MODEL = "llama-3.1-8b"
SOURCES = ("preset", "upload", "paste", "fields", "hf")
# field editor name -> config.json key
FIELDS = (("layers", "num_hidden_layers"), ("d_model", "hidden_size"), ("heads", "num_attention_heads"),
          ("kv_heads", "num_key_value_heads"), ("head_dim", "head_dim"), ("d_ff", "intermediate_size"),
          ("vocab", "vocab_size"))
FIELD_MAX = 10_000_000


def preset_ids() -> list[str]:
    return list(load_presets())


def _spec_fields(spec: ModelSpec) -> dict[str, int]:
    return {"layers": spec.n_layers, "d_model": spec.d_model, "heads": spec.n_heads, "kv_heads": spec.n_kv_heads,
            "head_dim": spec.head_dim, "d_ff": spec.d_ff, "vocab": spec.vocab_size}


# ------------------------------------------------------------------ params
def _cfg_param(raw: str) -> str:
    """The ``cfg`` URL field: a share token of a pasted/uploaded config.json (ui.shareconfig), checked whole."""
    try:
        shareconfig.decode(raw)
    except shareconfig.ShareConfigError as exc:
        raise ValueError(t(exc.key, state.lang()).format(**exc.params)) from None
    return raw


def _hf_param(raw: str) -> str:
    """The ``hf_id`` URL field: a Hugging Face id as the Hub reader accepts it (nothing is fetched here)."""
    if raw.strip():
        parse_ref(raw)
    return raw.strip()


def model_params() -> list[Param]:
    base = _spec_fields(get_model(DEFAULT_MODEL))
    return ([Param("src", "preset", state.choice(SOURCES)), Param("model", DEFAULT_MODEL, state.choice(preset_ids))]
            + [Param(f"f_{n}", base[n], state.int_range(0, FIELD_MAX)) for n, _ in FIELDS]
            + [Param("cfg", "", _cfg_param, widget=False), Param("hf_id", "", _hf_param)])


def model_url_skip(page: str) -> list[str]:
    """Each model source's inputs travel in the URL only when it is the source: the field editor's values, the
    pasted/uploaded config (``cfg``), the Hugging Face id."""
    src = state.value(page, "src")
    return (([] if src == "fields" else [f"f_{n}" for n, _ in FIELDS])
            + ([] if src in ("paste", "upload") else ["cfg"]) + ([] if src == "hf" else ["hf_id"]))


def _share(page: str, text: str | bytes) -> None:
    """Put a config that parsed into the share link (``cfg``), or say that the link cannot carry it."""
    token = shareconfig.encode(text)
    st.session_state[key(page, "cfg")] = token or ""
    if token is None:
        st.caption(t("share.cfg_not_carried", state.lang()).format(limit=f"{shareconfig.MAX_TOKEN_CHARS:,}"))


def _linked(page: str) -> str | None:
    """The config.json text a share link carried (``cfg``), if any."""
    tok = st.session_state.get(key(page, "cfg"))
    if not tok:
        return None
    try:
        return shareconfig.decode(tok)
    except ERRORS:
        return None


# ------------------------------------------------------------------ model picker
def _prefill_fields(page: str) -> None:
    """Switching to the field editor starts from the preset that was selected."""
    if st.session_state.get(key(page, "src")) != "fields":
        return
    try:
        spec = get_model(st.session_state.get(key(page, "model"), DEFAULT_MODEL))
    except ERRORS:
        return
    for n, v in _spec_fields(spec).items():
        st.session_state[key(page, f"f_{n}")] = v


def _remembered_text(page: str, name: str) -> None:
    k = key(page, name)
    if k not in st.session_state:
        st.session_state[k] = st.session_state.get(SHADOW + name, "")


def model_picker(page: str) -> ModelSpec | None:
    """Preset, uploaded or pasted config.json, or hand-entered fields -> ModelSpec (None after an error)."""
    L = state.lang()
    src = st.radio(t("model.source", L), SOURCES, key=key(page, "src"), horizontal=True,
                   format_func=lambda s: t(f"src.{s}", L), on_change=_prefill_fields, args=(page,))
    presets = load_presets()
    try:
        if src == "preset":
            mid = st.selectbox(t("model.preset", L), list(presets), key=key(page, "model"),
                               format_func=lambda k: presets[k].name)
            spec = presets[mid]
        elif src == "upload":
            f = st.file_uploader(t("model.upload", L), type=["json"], key=key(page, "upload"),
                                 max_upload_size=max(1, math.ceil(MAX_CONFIG_BYTES / 1_000_000)),
                                 help=t("model.upload_help", L).format(limit=f"{MAX_CONFIG_BYTES:,}"))
            if f is not None:
                st.session_state[SHADOW + "upload"] = (f.name, f.getvalue())
            kept = st.session_state.get(SHADOW + "upload")
            if kept is None and f is None and (linked := _linked(page)) is not None:
                kept = ("config.json", linked.encode("utf-8"))
                st.session_state[SHADOW + "upload"] = kept
            st.session_state[key(page, "cfg")] = ""  # until the file parses
            if kept is None:
                st.info(t("model.upload_hint", L))
                return None
            if f is None:
                st.caption(t("model.upload_kept", L).format(name=md(kept[0])))
            spec = parse_config_text(kept[1], file_name=kept[0])
            _share(page, kept[1])
        elif src == "paste":
            if key(page, "paste") not in st.session_state and (linked := _linked(page)) is not None:
                st.session_state[key(page, "paste")] = linked
            _remembered_text(page, "paste")
            st.session_state[key(page, "cfg")] = ""  # until the text parses
            text = st.text_area(t("model.paste", L), key=key(page, "paste"), height=150,
                                placeholder='{"num_hidden_layers": 32, "hidden_size": 4096, ...}')
            st.session_state[SHADOW + "paste"] = text
            if not text.strip():
                st.info(t("model.paste_hint", L))
                return None
            spec = parse_config_text(text)
            _share(page, text)
        elif src == "hf":
            spec = hf_model_input(page, L)
            if spec is None:
                return None
        else:
            cols = st.columns(4)
            cfg: dict[str, Any] = {"model_type": "llama", "_kvcost": {"source": t("model.fields_source", L)}}
            for i, (n, cfg_key) in enumerate(FIELDS):
                cfg[cfg_key] = cols[i % 4].number_input(t(f"field.{n}", L), min_value=0, max_value=FIELD_MAX,
                                                        step=1, key=key(page, f"f_{n}"))
            spec = spec_from_config(cfg, name=t("model.custom", L))
    except ERRORS as exc:
        error(exc)
        return None
    st.caption(t("model.summary", L).format(
        name=md(spec.name), layers=spec.n_layers, attn=md(tr(native_scheme(spec).describe(spec), L)),
        params=md(numfmt.params(spec.total_params(), L)), source=md(spec.source or "—")))
    if spec.quantization is not None:
        st.caption(t("model.quant", L).format(quant=md(spec.quantization.describe())))
    return spec


def hf_model_input(page: str, L: str) -> ModelSpec | None:
    """Model source "hf": a Hugging Face id typed in a text box; only its config.json is fetched
    (costmodel.hub: cache, HF_HUB_OFFLINE, HF_TOKEN), once per id typed. Errors propagate (one line)."""
    _remembered_text(page, "hf_id")
    ref = st.text_input(t("model.hf", L), key=key(page, "hf_id"), placeholder="org/name",
                        help=t("model.hf_help", L)).strip()
    st.session_state[SHADOW + "hf_id"] = ref
    if not ref:
        st.info(t("model.hf_hint", L))
        return None
    kept = st.session_state.get(SHADOW + "hf_spec")
    if kept is not None and kept[0] == ref:
        return kept[1]
    with st.spinner(t("model.hf_fetching", L).format(ref=ref[:80])):
        spec = hub_model(ref)
    st.session_state[SHADOW + "hf_spec"] = (ref, spec)
    return spec
