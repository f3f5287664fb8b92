"""Shared inputs and panels: model picker, GPU/scheme/workload inputs, assumptions, sources, errors."""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import streamlit as st

from costmodel import USER_ERRORS, Assumptions, ModelSpec, get_model, load_presets, load_profiles
from costmodel.dtypes import KV_FORMATS, WEIGHT_FORMATS  # noqa: F401 (WEIGHT_FORMATS: used by pages)
from costmodel.engines import DEFAULT_ENGINE, band_message, engine_ids, get_engine
from costmodel.hub import load_model as hub_model
from costmodel.hub import parse_ref
from costmodel.quant import WEIGHT_CHOICES
from costmodel.estimate import MAX_BATCH, MAX_TP
from costmodel.hardware import HardwareProfile
from costmodel.hfconfig import MAX_CONFIG_BYTES, parse_config_text, spec_from_config
from costmodel.units import fmt_bytes
from costmodel.schemes import NATIVE, default_schemes, is_native, native_scheme, resolve
from costmodel.assumptions import KNOBS, from_display, to_display
from costmodel import numfmt
from costmodel.views_hardware import hardware_rows

from . import shareconfig, state
from .labels import md, t, tr, tr_exc, unit
from .state import BAD_INPUT, SHADOW, Param, key
from .tables import Status, labelled_table

ERRORS = (*USER_ERRORS, *BAD_INPUT)
DEFAULT_MODEL = "llama-3.1-8b"
DEFAULT_GPU = "h100-sxm-80gb"
SOURCES = ("preset", "upload", "paste", "fields", "hf")
# field editor name -> config.json key
FIELDS = (("layers", "num_hidden_layers"), ("d_model", "hidden_size"), ("heads", "num_attention_heads"),
          ("kv_heads", "num_key_value_heads"), ("head_dim", "head_dim"), ("d_ff", "intermediate_size"),
          ("vocab", "vocab_size"))
FIELD_MAX = 10_000_000


def error(exc: BaseException | str) -> None:
    """One-line, user-facing error (never a traceback), in the page's language when it is a cost-model message."""
    L = state.lang()
    text = (tr_exc(exc, L) if isinstance(exc, BaseException) else tr(exc, L)).strip()
    st.error(md(text.splitlines()[0] if text else type(exc).__name__), icon=":material/error:")


def bytes_metric(where, label: str, n: int, help: str | None = None) -> None:
    """A memory figure: GB (10^9) as the value, GiB (2^30) underneath, the exact bytes in the tooltip."""
    where.metric(label, fmt_bytes(n), delta=fmt_bytes(n, binary=True), delta_color="off", delta_arrow="off",
                 help=(help + " — " if help else "") + f"{int(n):,} B")


def preset_ids() -> list[str]:
    return list(load_presets())


def gpu_ids() -> list[str]:
    return list(load_profiles())


def scheme_tokens() -> list[str]:
    return [NATIVE] + [s.token() for s in default_schemes()]


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


def workload_params(scheme: bool = True) -> list[Param]:
    out = [Param("gpu", DEFAULT_GPU, state.choice(gpu_ids)),
           Param("tp", 1, state.int_range(1, MAX_TP)),
           Param("ctx", "128K", state.token_text()),
           Param("batch", 1, state.int_range(1, MAX_BATCH)),
           Param("wdt", "bf16", state.choice(list(WEIGHT_CHOICES))),
           Param("kvdt", "bf16", state.choice(list(KV_FORMATS))),
           Param("eng", DEFAULT_ENGINE, state.choice(engine_ids))]
    if scheme:
        out.insert(1, Param("scheme", NATIVE, state.choice(scheme_tokens)))
    return out


def assumption_params() -> list[Param]:
    shown = to_display(Assumptions())
    out = []
    for k in KNOBS:
        if k.switch:
            out.append(Param(f"a_{k.name}", shown[k.name], state.boolean(), dump=state.dump_bool))
            continue
        parse = state.int_range(int(k.lo), int(k.hi)) if k.integer else state.float_range(k.lo,
                                                                                                      k.hi)
        out.append(Param(f"a_{k.name}", shown[k.name], parse, dump=lambda v: f"{v:g}"))
    return out


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


# ------------------------------------------------------------------ workload inputs
def gpu_select(page: str, label_key: str = "in.gpu") -> HardwareProfile:
    profiles = load_profiles()
    gid = st.selectbox(t(label_key, state.lang()), list(profiles), key=key(page, "gpu"),
                       format_func=lambda k: profiles[k].name)
    return profiles[gid]


def scheme_label(spec: ModelSpec | None, tok: str, L: str) -> str:
    """'native: GQA (8 KV heads)', 'MLA (absorbed; d_c=512, d_R=64)', '... — not applicable'."""
    if spec is None:
        return tok
    sch = resolve(spec, tok)
    text = tr(sch.describe(spec), L)
    if is_native(tok):
        return t("in.native", L).format(scheme=text)
    return text + ("" if sch.reason_not_applicable(spec) is None else f" — {t('in.not_applicable', L)}")


def scheme_select(page: str, spec: ModelSpec | None, name: str = "scheme", label_key: str = "in.scheme") -> str:
    L = state.lang()
    return st.selectbox(t(label_key, L), scheme_tokens(), key=key(page, name),
                        format_func=lambda tok: scheme_label(spec, tok, L))


def context_input(page: str, name: str = "ctx", label_key: str = "in.context") -> int | None:
    """A token count as typed (131072, 128K, 1M, 1e6) through ``state.token_count``; None (with the error shown)
    when unreadable or out of range."""
    L = state.lang()
    raw = st.text_input(t(label_key, L), key=key(page, name), help=t("in.context_help", L))
    try:
        return state.token_count(raw)
    except ERRORS as exc:
        error(exc)
        return None


@dataclass(frozen=True)
class Workload:
    """The workload inputs of a model page, parsed once."""

    gpu: HardwareProfile
    scheme: str  # scheme token; "native" = the model's own attention
    context: int
    batch: int
    tp: int
    weight_dtype: str
    kv_dtype: str
    engine: str = DEFAULT_ENGINE  # serving-engine profile (speeds); "ideal" = the roofline upper bound

    def estimate_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``costmodel.estimate`` besides model, GPU and scheme."""
        return dict(context=self.context, batch=self.batch, tp=self.tp, weight_dtype=self.weight_dtype,
                    kv_dtype=self.kv_dtype, engine=self.engine)


def workload_inputs(page: str, spec: ModelSpec | None, scheme: bool = True) -> Workload | None:
    """GPU, scheme, TP, context, batch and dtypes (None after an error, which is shown)."""
    L = state.lang()
    c1, c2 = st.columns(2)
    with c1:
        prof = gpu_select(page)
        sch = scheme_select(page, spec) if scheme else NATIVE
        tp = st.number_input(t("in.tp", L), min_value=1, max_value=MAX_TP, step=1, key=key(page, "tp"),
                             help=t("in.tp_help", L))
        eng = engine_select(page)
    with c2:
        ctx = context_input(page)
        batch = st.number_input(t("in.batch", L), min_value=1, max_value=MAX_BATCH, step=1, key=key(page, "batch"))
        d1, d2 = st.columns(2)
        wdt = d1.selectbox(t("in.wdt", L), list(WEIGHT_CHOICES), key=key(page, "wdt"), format_func=dtype_label)
        kvdt = d2.selectbox(t("in.kvdt", L), list(KV_FORMATS), key=key(page, "kvdt"),
                            help=tr(KV_FORMATS[st.session_state[key(page, 'kvdt')]].note, L) or None)
    if ctx is None:
        return None
    return Workload(prof, sch, ctx, int(batch), int(tp), wdt, kvdt, eng)


def dtype_label(d: str) -> str:
    """A weight format for the select box: 'checkpoint' in words, the data types as they are."""
    return t("in.wdt.checkpoint", state.lang()) if d == "checkpoint" else d


def engine_name(e: str, L: str) -> str:
    """An engine's display name (the 'ideal' roofline engine in the reader's language)."""
    return t("eng.ideal", L) if e == "ideal" else get_engine(e).name


def engine_select(page: str) -> str:
    """The serving engine whose measured profile gives the speeds (``ideal``: the roofline upper bound)."""
    L = state.lang()
    return st.selectbox(t("in.engine", L), engine_ids(), key=key(page, "eng"), help=t("in.engine_help", L),
                        format_func=lambda e: engine_name(e, L))


def engine_band(engine: str, band: dict | None) -> None:
    """The engine's measured error band next to its speeds."""
    st.caption("± " + md(tr(band_message(engine, band), state.lang())))


# ------------------------------------------------------------------ assumptions and sources
def assumptions_editor(page: str) -> Assumptions | None:
    L = state.lang()
    values = {}
    with st.expander(t("as.title", L)):
        st.caption(t("as.help", L))
        for k in KNOBS:
            label = f"{t('as.' + k.name, L)} [{unit(k.unit, L)}]" if k.unit else t("as." + k.name, L)
            why = tr(k.why, L)
            if k.switch:
                values[k.name] = st.checkbox(label, key=key(page, f"a_{k.name}"), help=why or None)
            else:
                if k.integer:
                    values[k.name] = st.number_input(label, min_value=int(k.lo), max_value=int(k.hi), step=int(k.step),
                                                     key=key(page, f"a_{k.name}"), help=why or None)
                else:
                    values[k.name] = st.number_input(label, min_value=float(k.lo), max_value=float(k.hi),
                                                     step=float(k.step), format="%g", key=key(page, f"a_{k.name}"),
                                                     help=why or None)
            if why:
                st.caption(md(why))
    try:
        return from_display(values)
    except ERRORS as exc:
        error(exc)
        return None


def hardware_sources(prof: HardwareProfile) -> None:
    L = state.lang()
    with st.expander(t("hw.title", L).format(gpu=md(prof.name))):
        if prof.notes:
            st.caption(f"{t('hw.notes', L)}: {md(prof.notes)}")
        rows = [{t("col.figure", L): tr(r.label, L), t("col.value", L): r.value, t("hw.source", L): r.source,
                 t("col.as_of", L): r.as_of, t("col.confidence", L): tr(r.level, L), t("hw.note", L): r.note}
                for r in hardware_rows(prof)]
        st.dataframe(rows, hide_index=True)


def scheme_sources(schemes) -> None:
    """Citations of the schemes shown."""
    L = state.lang()
    with st.expander(t("cite.title", L)):
        for label, citation in schemes:
            st.markdown(f"**{md(tr(label, L))}** — {t('cite.original', L)}: {md(citation)}")


# ------------------------------------------------------------------ claims
def ok_first(rows: list[dict], L: str) -> list[dict]:
    """Rows with a leading pass/fail column taken from their 'ok' field, as coloured words (no emoji: many machines
    lack an emoji font); ok None (a cited figure no cost model can check) reads as such, in grey."""
    yes, no, cited = t("val.pass", L), t("val.fail", L), t("claims.verdict.cited", L)
    return [{t("val.ok", L): Status(cited, None) if r.get("ok") is None else Status(yes, True) if r.get("ok")
             else Status(no, False), **{k: v for k, v in r.items() if k != "ok"}} for r in rows]


def claims_section(L: str) -> None:
    """Heading, intro and the published-claims table (Claims check and Validation pages)."""
    st.subheader(t("val.claims_title", L))
    st.caption(t("val.claims_intro", L))
    claims_table(L)


@functools.cache
def claim_results() -> tuple:
    """Every published claim recomputed by costmodel.claims, once per server process (they read only the committed
    presets, profiles and the default assumptions; ui/serve.py computes them before the server answers)."""
    from costmodel.claims import evaluate_claims

    return tuple(evaluate_claims())


def claims_table(L: str) -> None:
    """The published-claims table, recomputed by costmodel.claims (statements and explanations in ``L``)."""
    try:
        with st.spinner(t("app.computing", L)):
            rows = claim_results()
    except ERRORS as exc:
        error(exc)
        return
    checked = [r for r in rows if r.ok is not None]
    st.caption(t("claims.summary", L).format(ok=sum(1 for r in checked if r.ok), n=len(checked)) + " "
               + t("claims.cited_summary", L).format(cited=len(rows) - len(checked)))
    sym = {"approx": "", "at_most": "≤ ", "at_least": "≥ "}

    def num(v: float | None) -> str:  # no exponent: 100,663,296, not 1.00663e+08
        return "—" if v is None else f"{v:,.0f}" if abs(v) >= 1e6 else f"{v:,.6g}"

    labelled_table(ok_first([{
        t("claims.id", L): r.id, t("claims.statement", L): tr(r.statement, L),
        t("claims.quoted", L): sym[r.check] + num(r.quoted),
        t("claims.computed", L): num(r.computed), t("col.unit", L): unit(r.unit, L),
        t("claims.rel_diff", L): "—" if r.rel_diff is None else f"{r.rel_diff:.2%}",
        t("claims.tol", L): f"{r.rel_tol:.1%}", t("claims.assumptions", L): tr(r.assumptions, L),
        t("claims.explanation", L): tr(r.explanation, L), t("col.source", L): r.source, "ok": r.ok,
    } for r in rows], L))
