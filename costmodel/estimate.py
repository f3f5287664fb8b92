"""One configuration -> memory, fit, limits and roofline times. The function the CLI and UI call.

Also here: the workload limits and input checks (``InputError``), resolving ids to model specs and profiles, and
``compare``/``speedup`` over several schemes. The result type is ``estimate_result.Estimate``; the warnings it
carries are assembled in ``estimate_warnings``."""
from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Callable, TypeVar

from .assumptions import DEFAULT, Assumptions
from .bounds import MAX_CONTEXT
from .dtypes import STATE_FORMATS, kv_format
from .engines import DEFAULT_ENGINE, EngineProfile, get_engine
from .estimate_result import Estimate
from .estimate_warnings import config_warnings, described, offload_warnings, tier_warnings
from .hardware import HardwareError, HardwareProfile, get_profile
from .hwfigures import Figure
from .hosts import HostProfile, default_host, get_host
from .i18n import exc_text, msg
from .fitter import Fitter
from .memory import CacheLayout, weight_bytes, weight_params
from .offload import ShareFitter, offload, offloaded
from .placement import Placement, pipeline_stages, place, resolve_rule
from .presets import get_model
from .quant import weight_storage
from .roofline import decode_step, prefill, ridge_point
from .schemes import Scheme, SchemeError, parse_scheme
from .schemes import resolve as resolve_scheme
from .spec import ModelSpec
from .steptime import engine_point

MAX_BATCH = 10**6
MAX_TP = 1024
MAX_GPU_LAYERS = 100_000  # llama.cpp -ngl; above the model's layers it means everything (-ngl 99)


class InputError(ValueError):
    """Out-of-range workload input (message is user-facing, one line)."""


def _check_int(name: str, v, lo: int, hi: int) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise InputError(msg("in.not_int", name=name, value=v))
    if not lo <= v <= hi:
        raise InputError(msg("in.range", name=name, lo=lo, hi=hi, value=v))
    return v


def resolve(model: str | ModelSpec, gpu: str | HardwareProfile,
            scheme: str | Scheme | None) -> tuple[ModelSpec, HardwareProfile, Scheme]:
    """(spec, profile, scheme) from ids, paths or objects; ``scheme`` None/"native" is the model's own."""
    spec = resolve_model(model)
    return spec, resolve_profile(gpu), resolve_scheme(spec, scheme)


def resolve_model(model: str | ModelSpec) -> ModelSpec:
    """A model from a preset id or name, ``hf:`` id or config path (``presets.get_model``); a spec passes through."""
    return model if isinstance(model, ModelSpec) else get_model(model)


def resolve_profile(gpu: str | HardwareProfile) -> HardwareProfile:
    """A hardware profile from its id or name (``hardware.get_profile``); a profile passes through."""
    return gpu if isinstance(gpu, HardwareProfile) else get_profile(gpu)


def estimate(model: str | ModelSpec, gpu: str | HardwareProfile, scheme: str | Scheme | None = None, *,
             context: int, batch: int = 1, prompt_tokens: int | None = None, kv_dtype: str = "bf16",
             weight_dtype: str = "bf16", state_dtype: str = "fp32", tp: int = 1,
             assumptions: Assumptions = DEFAULT, engine: str | EngineProfile | None = None,
             placement_rule: str = "auto", gpu_layers: int | None = None,
             host: str | HostProfile | None = None) -> Estimate:
    """Estimate one configuration. Memory and KV bytes do not depend on ``engine`` except for llama.cpp's placement;
    the speeds (prefill, TTFT, decode step, tokens/s) use its time terms (``ideal``: the roofline with ``assumptions``;
    None: the default engine on GPUs, ``ideal`` on accelerators, whose serving stacks kvcost has no measurements of).
    ``placement_rule`` (placement.RULES): where the decode step's weights and caches live (``auto``: the GPU L2
    rule on GPUs, the greedy multi-tier placement on SRAM-rich accelerators). An SRAM-only part spans as many
    chips as weights, caches, activations and reserve need (``chips_per_replica``; memory is then per replica).
    ``gpu_layers`` (llama.cpp ``-ngl``; None: all) and ``host`` (a host CPU profile; None: the GPU's default host)
    place layers in system RAM (``offload``): engines ``llamacpp`` and ``ideal``, one GPU. Engine ``llamacpp`` on one
    GPU always uses llama.cpp's placement (the input embedding stays in host memory).
    Raises ConfigError/HardwareError/SchemeError/InputError/FormatError/EngineError/PlacementError/HostError."""
    spec, prof, sch = resolve(model, gpu, scheme)
    eng = get_engine(engine if engine is not None else ("ideal" if prof.accelerator else DEFAULT_ENGINE))
    rule = resolve_rule(prof, placement_rule)
    context = _check_int("context", context, 1, MAX_CONTEXT)
    batch = _check_int("batch", batch, 1, MAX_BATCH)
    tp = _check_int("tp", tp, 1, MAX_TP)
    prompt = context if prompt_tokens is None else _check_int("prompt_tokens", prompt_tokens, 1, context)
    if gpu_layers is not None:
        gpu_layers = _check_int("gpu_layers", gpu_layers, 0, MAX_GPU_LAYERS)
    placed = gpu_layers is not None or host is not None or (eng.id == "llamacpp" and tp == 1)
    if placed and eng.id not in ("llamacpp", "ideal"):
        raise InputError(msg("off.engine", engine=eng.name))
    if placed and tp != 1:
        raise InputError(msg("off.tp", tp=tp))
    if placed and prof.accelerator:
        raise InputError(msg("off.accelerator", gpu=prof.name))
    sch.check(spec)
    sch.check_tp(spec, tp)
    if state_dtype not in STATE_FORMATS:
        raise InputError(msg("in.state_dtype", choices=", ".join(STATE_FORMATS)))
    kfmt, wfmt = kv_format(kv_dtype), weight_storage(weight_dtype, spec.quantization, spec.checkpoint_bits, spec=spec)
    published = rates_published(prof, wfmt.compute, kfmt.compute)
    timed = prof if published else _memory_only(prof)
    layout = CacheLayout.build(spec, sch, kfmt, STATE_FORMATS[state_dtype], tp)
    one_copy = layout if tp == 1 else CacheLayout.build(spec, sch, kfmt, STATE_FORMATS[state_dtype], 1)
    w_total = weight_bytes(spec, sch, wfmt, tp)
    stages, fitter = 1, Fitter(layout, w_total, prof.capacity_bytes, assumptions, prompt=prompt_tokens)
    if prof.sram_only:  # a pipeline of chips large enough for the whole breakdown (and the placement)
        stages = pipeline_stages(prof, w_total, batch * layout.seq_bytes(context), fitter.used_bytes(context, batch),
                                 assumptions)
        fitter = Fitter(layout, w_total, prof.capacity_bytes * stages, assumptions, prompt=prompt_tokens)
    mem = fitter.breakdown(context, batch)
    dec = decode_step(layout, timed, wfmt, kfmt.compute, batch, context, assumptions, rule, stages)
    plc = dec.placement  # the multi-tier rules place the step to time it; the L2 rule does not need to
    pre = prefill(layout, timed, wfmt, kfmt.compute, batch, prompt, assumptions)
    if eng.ideal:
        prefill_time, ttft, tpot = pre.time_s, pre.time_s, dec.time_s
    else:
        terms = _terms_on(eng, prof)
        prefill_time, tpot = engine_point(terms, layout, timed, wfmt, kfmt.compute, batch, context, prompt, assumptions)
        ttft = prefill_time + terms["request_overhead_s"]
    off, hp = None, None
    if placed:
        hp = default_host(prof) if host is None else get_host(host)
        terms = None if eng.ideal else _terms_on(eng, prof)
        # llama.cpp sizes its compute buffer for one micro-batch (n_ubatch = max_tokens_per_step), not the prompt
        a_mem = assumptions if terms is None else assumptions.with_(prefill_chunk_tokens=min(
            assumptions.prefill_chunk_tokens, int(terms["max_tokens_per_step"])))
        off = offload(layout, prof, hp, wfmt, kfmt.compute, ngl=spec.n_layers + 1 if gpu_layers is None else gpu_layers,
                      batch=batch, ctx=context, prompt=prompt, full_prefill_s=prefill_time, terms=terms, a=a_mem,
                      prompt_tokens=prompt_tokens)
        fitter = ShareFitter(layout, off.gpu_weight_bytes, prof.capacity_bytes, a_mem, prompt_tokens,
                             off.gpu_layers, spec.n_layers)
        mem = fitter.breakdown(context, batch)
        ttft += off.prefill_s - prefill_time
        prefill_time, tpot = off.prefill_s, off.decode_s
    return Estimate(
        model=spec.name, gpu=prof.name, scheme=described(sch, spec), scheme_token=sch.token(), context=context,
        batch=batch, prompt_tokens=prompt, tp=tp, kv_dtype=kfmt.name, weight_dtype=wfmt.name,
        params=weight_params(spec, sch), kv_bytes_per_token=one_copy.token_bytes,
        kv_bytes_per_token_per_gpu=layout.token_bytes,
        fixed_bytes_per_sequence=layout.cross_bytes + layout.shared_bytes + layout.state_bytes(context), memory=mem,
        max_context_tokens=fitter.max_context(batch), max_batch=fitter.max_batch(context), decode=dec,
        prefill_cost=pre, sram_resident=dec.onchip_bytes > 0 if plc is None else plc.sram_resident,
        ridge_flops_per_byte=ridge_point(prof) if published else 0.0, compute_published=published,
        warnings=tuple(config_warnings(spec, prof, sch, context, tp, wfmt, kfmt.compute)
                       + tier_warnings(prof, eng, rule, plc, published) + offload_warnings(off, gpu_layers)),
        quantization=spec.quantization, engine=eng.id, prefill_time_s=prefill_time, ttft_s=ttft, tpot_s=tpot,
        error_band=eng.band(), gpu_layers=off.gpu_layers if off else spec.n_layers, offload=off,
        placed=plc if plc is not None and off is None else partial(
            _placed, layout, prof, wfmt, batch, context, assumptions, rule, stages, plc, off, hp),
    )


def _placed(layout, prof, wfmt, batch, context, a, rule, stages, plc, off, host) -> Placement:
    """The decode step's placement (computed when first asked for), with llama.cpp's offload applied."""
    pl = plc if plc is not None else place(layout, prof, wfmt, batch, context, a, rule, stages)
    return offloaded(pl, off, host, prof.main_tier.name) if off is not None and not off.unified else pl


T = TypeVar("T")


def by_identity(cache: dict, objs: tuple, extra: tuple, build: Callable[[], T], limit: int = 512) -> T:
    """``build()`` once per (these very objects ``objs``, hashable ``extra``), for objects that are immutable but do
    not hash (profiles hold dicts). The entry keeps the objects alive, so their ids stay theirs; the cache is
    emptied when it holds more than ``limit`` entries."""
    key = (tuple(map(id, objs)), extra)
    hit = cache.get(key)
    if hit is None or any(a is not b for a, b in zip(hit[0], objs)):
        if len(cache) > limit:
            cache.clear()
        hit = cache[key] = (objs, build())
    return hit[1]


_TERMS: dict = {}


def _terms_on(eng: EngineProfile, prof: HardwareProfile) -> dict:
    """``eng.terms_on(prof)``, resolved once per (engine, GPU) profile object (both are immutable)."""
    return by_identity(_TERMS, (eng, prof), (), lambda: eng.terms_on(prof))


def rates_published(prof: HardwareProfile, *dtypes: str) -> bool:
    """The part has (or falls back to) a published dense rate for every dtype the step computes in."""
    try:
        for d in dtypes:
            prof.peak_flops_per_s(d)
    except HardwareError:
        if "flops_per_s.bf16" not in prof.absent:
            raise
        return False
    return True


def _memory_only(prof: HardwareProfile) -> HardwareProfile:
    """``prof`` with compute left out (an unbounded rate): what the times of a part without a published rate are
    (memory and link time only; never shown as speeds: ``Estimate.speed_valid`` is False)."""
    inf = Figure(value=float("inf"), source="kvcost: no published rate, compute not counted", as_of=dt.date.today())
    return prof.model_copy(update={"flops_per_s": {d: inf for d in ("bf16", "fp16", "fp8", "int8", "fp4", "fp32")}})


def compare(model, gpu, schemes, **kw) -> tuple[list[Estimate], dict[str, str]]:
    """Estimate each applicable scheme; return (estimates, {scheme: reason} for inapplicable ones, including those
    whose heads the requested tensor parallelism cannot split)."""
    spec, _, _ = resolve(model, gpu, None)
    tp = kw.get("tp", 1)
    out, skipped = [], {}
    for s in schemes:
        sch = parse_scheme(s)
        reason = sch.reason_not_applicable(spec)
        if not reason and isinstance(tp, int) and not isinstance(tp, bool) and 1 <= tp <= MAX_TP:
            try:
                sch.check_tp(spec, tp)
            except SchemeError as exc:
                reason = exc_text(exc)
        if reason:
            skipped[sch.describe(spec)] = reason
            continue
        out.append(estimate(spec, gpu, sch, **kw))
    return out, skipped


def speedup(a: Estimate, b: Estimate) -> float:
    """How many times more tokens/s ``a`` generates than ``b`` (= step-time ratio at equal batch)."""
    return a.decode_tokens_per_s / b.decode_tokens_per_s


__all__ = ["estimate", "compare", "speedup", "InputError", "SchemeError"]
