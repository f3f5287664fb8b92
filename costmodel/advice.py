"""'What would make it fit': try single changes to a configuration and report which ones fit.

Tensor parallelism respects the GPU's link domain: beyond the fast-link (NVLink) domain it is flagged (over PCIe
it is slow), and for consumer, laptop and Apple parts it is never proposed beyond the GPUs one machine holds
(``HardwareProfile.tp_limit``: one PCIe slot per card, no NVLink)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .dtypes import KV_FORMATS, WEIGHT_FORMATS, kv_format
from .estimate import estimate, resolve
from .estimate_result import Estimate
from .hardware import HardwareProfile, load_profiles
from .i18n import msg, tr
from .quant import average_bits, weight_storage
from .schemes import alternatives
from .units import fmt_bytes

TP_STEPS = (2, 4, 8, 16)


@dataclass(frozen=True)
class Option:
    """One single change to a configuration and the memory/speed it gives."""

    kind: str  # "kv_dtype" | "weight_dtype" | "scheme" | "tp" | "gpu" | "context" | "batch" | "gpu_layers"
    change: str  # human-readable (a Message), e.g. "KV cache int8"
    value: str  # the new value (dtype name, scheme token, tp, gpu id, number)
    fits: bool
    total_bytes: int
    capacity_bytes: int
    decode_tokens_per_s: float
    note: str = ""

    @property
    def headroom_bytes(self) -> int:
        return self.capacity_bytes - self.total_bytes


def tp_note(gpu: HardwareProfile, tp: int) -> str:
    """'' inside the fast-link domain; else why ``tp`` GPUs will be slow (a Message)."""
    if tp <= gpu.nvlink_domain:
        return ""
    if gpu.link_bw_bytes_per_s is None:
        return msg("adv.tp_pcie", domain=gpu.nvlink_domain)
    return msg("adv.beyond_link", domain=gpu.nvlink_domain)


def tp_refusal(gpu: HardwareProfile, tp: int = 1) -> str | None:
    """Why tensor parallelism beyond ``tp`` is not proposed on ``gpu`` (a Message), or None when it is."""
    limit = gpu.tp_limit
    if limit is None or limit > tp:
        return None
    return msg("adv.tp_refused", gpu=gpu.name, n=limit)


def _try(kind: str, change: str, value, note: str = "", **kw) -> Option | None:
    try:
        e = estimate(**kw)
    except ValueError:
        return None
    return Option(kind, change, str(value), e.fits, e.memory.total_bytes, e.memory.capacity_bytes,
                  e.decode_tokens_per_s, note)


def fit_options(model, gpu, scheme=None, *, context: int, batch: int = 1, kv_dtype: str = "bf16",
                weight_dtype: str = "bf16", tp: int = 1, max_gpus: int = 3, current: Estimate | None = None,
                **kw) -> list[Option]:
    """Single changes that make the configuration fit, cheapest first within each kind.

    Returns fitting options only; an empty list means no single change suffices. ``current``: the estimate of
    this very configuration when the caller already has it (it is not recomputed).
    """
    spec, prof, sch = resolve(model, gpu, scheme)
    base: dict[str, Any] = dict(model=spec, gpu=prof, scheme=sch, context=context, batch=batch, kv_dtype=kv_dtype,
                                weight_dtype=weight_dtype, tp=tp, **kw)
    out: list[Option | None] = []
    cur_kv = kv_format(kv_dtype)
    cur_w_bits = average_bits(weight_storage(weight_dtype, spec.quantization, spec.checkpoint_bits, spec=spec),
                              dict(sch.param_groups(spec).items()))
    for name, fmt in KV_FORMATS.items():
        if fmt.bits_per_element < cur_kv.bits_per_element:
            out.append(_try("kv_dtype", msg("adv.kv", dtype=name), name, fmt.note, **{**base, "kv_dtype": name}))
    for name, fmt in WEIGHT_FORMATS.items():
        if fmt.bits_per_element < cur_w_bits:
            out.append(_try("weight_dtype", msg("adv.weights", dtype=name), name, fmt.note,
                            **{**base, "weight_dtype": name}))
    for alt in alternatives():
        if alt.key != sch.key and alt.reason_not_applicable(spec) is None:
            out.append(_try("scheme", alt.describe(spec), alt.token(), alt.requirement, **{**base, "scheme": alt}))
    limit = prof.tp_limit
    for t in TP_STEPS:
        if tp < t and (limit is None or t <= limit):
            out.append(_try("tp", msg("adv.tp", tp=t), t, tp_note(prof, t), **{**base, "tp": t}))
    bigger = sorted((p for p in load_profiles().values()  # GPUs suggest GPUs; accelerators, accelerators
                     if p.capacity_bytes > prof.capacity_bytes and p.accelerator == prof.accelerator),
                    key=lambda p: p.capacity_bytes)
    gpus = [o for o in (_try("gpu", p.name, p.id, **{**base, "gpu": p}) for p in bigger) if o and o.fits]
    out.extend(gpus[:max_gpus])
    e: Estimate = current if current is not None else estimate(**base)
    off = e.offload
    if off is not None and off.max_ngl is not None and off.max_ngl < off.ngl:  # llama.cpp: fewer layers on the GPU
        ngl = off.max_ngl
        out.append(_try("gpu_layers", msg("adv.gpu_layers", ngl=ngl, k=min(ngl, off.n_layers), n=off.n_layers), ngl,
                        **{**base, "gpu_layers": ngl}))
    if e.max_context_tokens:
        out.append(_try("context", msg("adv.context", context=e.max_context_tokens), e.max_context_tokens,
                        **{**base, "context": e.max_context_tokens}))
    if e.max_batch and e.max_batch < batch:
        out.append(_try("batch", msg("adv.batch", batch=e.max_batch), e.max_batch, **{**base, "batch": e.max_batch}))
    return [o for o in out if o is not None and o.fits]


def would_need(options: list[Option], per_kind: int = 1) -> list[Option]:
    """The first (cheapest) ``per_kind`` fitting options of each kind, in ``fit_options`` order."""
    seen: dict[str, int] = {}
    picked = []
    for o in options:
        if seen.get(o.kind, 0) < per_kind:
            seen[o.kind] = seen.get(o.kind, 0) + 1
            picked.append(o)
    return picked


def would_need_text(options: list[Option], gpu: HardwareProfile | None = None, tp: int = 1,
                    lang: str = "en") -> str:
    """'does not fit — would need: weights int4; or tensor parallel x2 (over PCIe: slow); ...' in ``lang``; with
    ``gpu``, also why tensor parallelism is not proposed there."""
    parts = [tr(o.change, lang) + (f" ({tr(o.note, lang)})" if o.kind == "tp" and o.note else "")
             for o in would_need(options)]
    text = tr(msg("adv.would_need", options=tr(msg("adv.or"), lang).join(parts)) if parts
              else msg("adv.would_need_none"), lang)
    refusal = tp_refusal(gpu, tp) if gpu is not None else None
    return f"{text} {tr(refusal, lang)}" if refusal else text


@dataclass(frozen=True)
class GpusToFit:
    """The fewest GPUs of one type that hold a configuration (one replica, as the fleet optimizer deploys it)."""

    gpus: int  # 0: not even the largest replica searched holds it
    label: str  # the deployment, e.g. "TP8 x PP2"
    servers: int
    message: str  # a Message


def gpus_to_fit(model, gpu, scheme=None, *, context: int, batch: int = 1, engine: str = "ideal",
                **kw) -> GpusToFit:
    """How many GPUs would hold ``batch`` sequences of ``context`` tokens: the smallest of the fleet optimizer's
    deployments (TP within the fast-link domain x pipeline stages x expert parallelism) whose memory holds them.
    ``kw``: kv_dtype, weight_dtype, assumptions (as ``estimate``)."""
    from .fleet.deploy import MAX_REPLICA_GPUS, candidates  # the fleet package imports this module's callers
    from .fleet.speed import speed_model

    spec, prof, sch = resolve(model, gpu, scheme)
    speed = speed_model(engine, spec, prof, sch, context, None, **kw)
    for d in sorted(candidates(spec, sch, prof), key=lambda d: (d.gpus, d.pp, d.ep, d.dp_attn)):
        if speed.max_batch(d) >= batch:
            servers = d.servers(1, prof.n_per_server)
            return GpusToFit(d.gpus, d.label(), servers, msg("adv.gpus_to_fit", gpus=d.gpus, gpu=prof.name,
                                                             dep=d.label(), servers=servers))
    return GpusToFit(0, "", 0, msg("adv.gpus_to_fit_none", gpus=MAX_REPLICA_GPUS, gpu=prof.name))


@dataclass(frozen=True)
class TPHint:
    """Why a configuration does not fit at its TP, and the smallest TP within the fast-link domain that fits."""

    tp: int
    fit_tp: int | None  # None: no TP within the domain fits
    weights_exceed: bool  # the weights alone exceed one GPU at this TP
    message: str  # a Message


def tp_hint(model, gpu, scheme=None, *, context: int, batch: int = 1, tp: int = 1, **kw) -> TPHint | None:
    """None when the configuration fits at ``tp``; else the smallest power-of-two TP up to the fast-link domain that
    fits (the Compare page offers it in one click; beyond one server see the fleet optimizer's pipeline stages)."""
    spec, prof, sch = resolve(model, gpu, scheme)
    e = estimate(spec, prof, sch, context=context, batch=batch, tp=tp, **kw)
    if e.fits:
        return None
    m = e.memory
    heavy = m.weight_bytes + m.reserve_bytes > m.capacity_bytes
    for t in (2**i for i in range(11)):
        if tp < t <= prof.nvlink_domain and estimate(spec, prof, sch, context=context, batch=batch, tp=t, **kw).fits:
            return TPHint(tp, t, heavy, msg("pr.fit_hint" if heavy else "pr.fit_hint_kv", scheme=sch.describe(spec),
                                            gpu=prof.name, tp=tp, weights=fmt_bytes(m.weight_bytes),
                                            cap=fmt_bytes(m.capacity_bytes), fit_tp=t))
    return TPHint(tp, None, heavy, msg("pr.fit_none", scheme=sch.describe(spec), gpu=prof.name, tp=tp,
                                       weights=fmt_bytes(m.weight_bytes), cap=fmt_bytes(m.capacity_bytes),
                                       domain=prof.nvlink_domain))
