"""One configuration -> memory, fit, limits and roofline times. The function the CLI and UI call."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache, partial
from typing import Callable, TypeVar

from .assumptions import DEFAULT, Assumptions
from .dtypes import STATE_FORMATS, kv_format
from .engines import DEFAULT_ENGINE, EngineProfile, get_engine
from .hardware import Figure, HardwareError, HardwareProfile, get_profile
from .hosts import HostProfile, default_host, get_host
from .i18n import Message, exc_text, msg
from .memory import CacheLayout, Fitter, MemoryBreakdown, weight_bytes, weight_params
from .offload import Offload, ShareFitter, offload
from .placement import Placement, offloaded, place, resolve_rule, sram_only_stages
from .presets import get_model
from .quant import QuantSpec, WeightPlan, weight_storage
from .roofline import StepCost, decode_step, prefill, ridge_point
from .schemes import LogLinearAttention, Scheme, SchemeError, native_scheme, num_levels, parse_scheme
from .schemes import resolve as resolve_scheme
from .spec import ModelSpec
from .units import fmt_seconds
from .steptime import engine_point

MAX_CONTEXT = 10**9
MAX_BATCH = 10**6
MAX_TP = 1024
MAX_GPU_LAYERS = 100_000  # llama.cpp -ngl; above the model's layers it means everything (-ngl 99)


class InputError(ValueError):
    """Out-of-range workload input (message is user-facing, one line)."""


@dataclass(frozen=True)
class Estimate:
    """One configuration's memory per GPU, limits and speeds (the result of ``estimate``)."""

    model: str
    gpu: str
    scheme: str
    scheme_token: str
    context: int
    batch: int
    prompt_tokens: int
    tp: int
    kv_dtype: str
    weight_dtype: str
    params: int
    kv_bytes_per_token: int  # one sequence, all layers, one copy (tp=1 layout)
    kv_bytes_per_token_per_gpu: int
    fixed_bytes_per_sequence: int  # per GPU, independent of context length: cross-attention cache, slim's
    #                                encoder output, recurrent state (log-linear: at this context)
    memory: MemoryBreakdown  # per GPU
    max_context_tokens: int | None  # None: memory does not bound it
    max_batch: int | None
    decode: StepCost
    prefill_cost: StepCost
    sram_resident: bool
    ridge_flops_per_byte: float
    warnings: tuple[str, ...] = field(default=())
    engine: str = "ideal"  # serving-engine profile whose time terms give the speeds below
    prefill_time_s: float = 0.0  # the batch's prompts through the engine (ideal: the roofline prefill)
    ttft_s: float = 0.0  # prefill + the engine's fixed request latency (API server, scheduling)
    tpot_s: float = 0.0  # one decode step of the whole batch at ``context`` (ideal: the roofline step)
    error_band: dict | None = None  # measured median error of the engine (%): throughput_pct, ttft_pct, tpot_pct
    quantization: QuantSpec | None = None  # the checkpoint's quantization_config (shown even when not used)
    gpu_layers: int = 0  # decoder layers on the GPU (all of them unless partially offloaded)
    offload: Offload | None = None  # llama.cpp placement (engine llamacpp, or gpu_layers / host given)
    compute_published: bool = True  # False: no dense rate for the dtypes needed is published; times are memory only
    # the decode step's placement, or how to compute it (GPUs on the L2 rule: only when asked for; see ``placement``)
    placed: Placement | Callable[[], Placement] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def placement(self) -> Placement | None:
        """Bytes per memory tier of the decode step (placement.py). On GPUs (L2 rule) the step's time does not need
        it, so it is computed on first use."""
        p = self.placed
        return p() if callable(p) else p

    @property
    def chips_per_replica(self) -> int:
        """Chips of one replica: tp, times the pipeline stages an SRAM-only part needs."""
        return int(self.placement.chips_per_replica) if self.placement is not None else self.tp

    # convenient views
    @property
    def fits(self) -> bool:
        return self.memory.fits

    @property
    def decode_s_per_token(self) -> float:
        """One decode step of the whole batch with the engine's time terms (ideal: the roofline step)."""
        return self.tpot_s

    @property
    def decode_tokens_per_s(self) -> float:
        """Generated tokens per second for the whole batch (per replica of tp GPUs)."""
        return self.batch / self.tpot_s

    @property
    def prefill_s(self) -> float:
        return self.prefill_time_s

    @property
    def speed_valid(self) -> bool:
        """Speeds describe a run only when the configuration fits and the part publishes the compute rate it needs;
        otherwise they are what the roofline would give if memory sufficed, or its memory time alone (kept in JSON
        for sweeps, never shown as a result)."""
        return self.memory.fits and self.compute_published

    @property
    def attn_flops_per_step(self) -> float:
        """Attention FLOPs of one decode step for the whole batch, per GPU: the context-dependent part (scores and
        values over the cache; a recurrent scheme's state update and readout), projections excluded. MACs = /2."""
        return self.decode.attn_flops

    @property
    def attn_flops_per_token(self) -> float:
        """``attn_flops_per_step`` for one sequence's new token (all layers, per GPU)."""
        return self.decode.attn_flops / self.batch

    def to_dict(self) -> dict:
        m = self.memory
        skip = ("memory", "decode", "prefill_cost", "warnings", "quantization", "prefill_time_s", "placed",
                "offload")
        out = {k: v for k, v in asdict(self).items() if k not in skip}
        out.update(
            weight_bytes=m.weight_bytes, kv_bytes=m.kv_bytes, activation_bytes=m.activation_bytes,
            reserve_bytes=m.reserve_bytes, total_bytes=m.total_bytes, capacity_bytes=m.capacity_bytes,
            headroom_bytes=m.headroom_bytes, fits=m.fits, per_gpu=self.chips_per_replica == self.tp,
            prefill_s=self.prefill_s, decode_s_per_token=self.decode_s_per_token,
            decode_tokens_per_s=self.decode_tokens_per_s,
            decode_tokens_per_s_per_sequence=1.0 / self.tpot_s,
            bound=self.decode.bound, prefill_bound=self.prefill_cost.bound,
            decode_hbm_bytes=self.decode.hbm_bytes, decode_flops=self.decode.flops,
            decode_intensity_flops_per_byte=self.decode.intensity, attn_flops_per_token=self.attn_flops_per_token,
            attn_flops_per_step=self.attn_flops_per_step, speed_valid=self.speed_valid, warnings=list(self.warnings),
            checkpoint_quantization=quantization_dict(self.quantization),
        )
        if self.placement is not None:
            pl = self.placement
            out.update(placement={k: int(v) for k, v in pl.bytes_per_tier.items()}, placement_rule=pl.rule,
                       chips_per_replica=self.chips_per_replica, placement_detail=pl.to_dict())
        out.update(offload_dict(self))
        return out


def offload_dict(e: Estimate) -> dict:
    """``gpu_layers``, ``host_bytes`` (weights and KV in host memory) and the decode-time split of an estimate."""
    o = e.offload
    if o is None:
        return dict(gpu_layers=e.gpu_layers, host=None, host_bytes=0, host_weight_bytes=0, host_kv_bytes=0,
                    output_on_gpu=True, max_gpu_layers=None, decode_split=dict(gpu_s=e.tpot_s, host_s=0.0,
                                                                                 transfer_s=0.0),
                    prefill_split=dict(gpu_s=e.prefill_time_s, host_s=0.0, transfer_s=0.0))
    return dict(gpu_layers=o.gpu_layers, host=o.host, host_bytes=o.host_bytes, host_weight_bytes=o.host_weight_bytes,
                host_kv_bytes=o.host_kv_bytes, output_on_gpu=o.output_on_gpu, unified_memory=o.unified,
                max_gpu_layers=o.max_ngl, decode_split=o.split_dict(), prefill_split=o.prefill_split_dict())


def quantization_dict(q: QuantSpec | None) -> dict | None:
    """The checkpoint's quantization as JSON (``checkpoint_quantization``); None when it has none."""
    if q is None:
        return None
    return dict(method=q.method, format=q.fmt, bits=q.bits, group_size=q.group_size, scale_bits=q.scale_bits,
                bits_per_weight=q.bits_per_element, quantized_groups=list(q.quantized), kept_modules=list(q.kept),
                lm_head_bits=q.lm_head_bits, supported=q.supported, summary=q.describe())


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
    published = _rates_published(prof, wfmt.compute, kfmt.compute)
    timed = prof if published else _memory_only(prof)
    layout = CacheLayout.build(spec, sch, kfmt, STATE_FORMATS[state_dtype], tp)
    one_copy = layout if tp == 1 else CacheLayout.build(spec, sch, kfmt, STATE_FORMATS[state_dtype], 1)
    w_total = weight_bytes(spec, sch, wfmt, tp)
    stages, fitter = 1, Fitter(layout, w_total, prof.capacity_bytes, assumptions, prompt=prompt_tokens)
    while prof.sram_only:  # a pipeline of chips large enough for the whole breakdown (and the placement)
        need = max(-(-fitter.breakdown(context, batch).total_bytes // prof.capacity_bytes),
                   sram_only_stages(prof, w_total + batch * layout.seq_bytes(context), assumptions))
        if need <= stages:
            break
        stages = need
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
        model=spec.name, gpu=prof.name, scheme=_described(sch, spec), scheme_token=sch.token(), context=context,
        batch=batch, prompt_tokens=prompt, tp=tp, kv_dtype=kfmt.name, weight_dtype=wfmt.name,
        params=weight_params(spec, sch), kv_bytes_per_token=one_copy.token_bytes,
        kv_bytes_per_token_per_gpu=layout.token_bytes,
        fixed_bytes_per_sequence=layout.cross_bytes + layout.shared_bytes + layout.state_bytes(context), memory=mem,
        max_context_tokens=fitter.max_context(batch), max_batch=fitter.max_batch(context), decode=dec,
        prefill_cost=pre, sram_resident=dec.onchip_bytes > 0 if plc is None else plc.sram_resident,
        ridge_flops_per_byte=ridge_point(prof) if published else 0.0, compute_published=published,
        warnings=tuple(_warnings(spec, prof, sch, context, tp, wfmt, kfmt.compute)
                       + _tier_warnings(prof, eng, rule, plc, published) + _offload_warnings(off, gpu_layers)),
        quantization=spec.quantization, engine=eng.id, prefill_time_s=prefill_time, ttft_s=ttft, tpot_s=tpot,
        error_band=eng.band(), gpu_layers=off.gpu_layers if off else spec.n_layers, offload=off,
        placed=plc if plc is not None and off is None else partial(
            _placed, layout, prof, wfmt, batch, context, assumptions, rule, stages, plc, off, hp),
    )


def _placed(layout, prof, wfmt, batch, context, a, rule, stages, plc, off, host) -> Placement:
    """The decode step's placement (computed when first asked for), with llama.cpp's offload applied."""
    pl = plc if plc is not None else place(layout, prof, wfmt, batch, context, a, rule, stages)
    return offloaded(pl, off, host, prof.main_tier.name) if off is not None and not off.unified else pl


@lru_cache(maxsize=4096)
def _described(sch: Scheme, spec: ModelSpec):
    """``sch.describe(spec)``, built once per (scheme, model): both are frozen and hash by value."""
    return sch.describe(spec)


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


def _rates_published(prof: HardwareProfile, *dtypes: str) -> bool:
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


def _tier_warnings(prof: HardwareProfile, eng: EngineProfile, rule: str, plc: Placement | None,
                   published: bool = True) -> list[Message]:
    """What the placement could not time, a multi-chip SRAM-only replica, GPU-fitted engine terms elsewhere, and a
    part without a published rate (times are memory only, shown as no speed)."""
    out = [] if published else [msg("warn.no_rate", gpu=prof.name, have=", ".join(prof.flops_per_s) or "-",
                                    why=prof.absent.get("flops_per_s.bf16", ""))]
    blind = [t.label or t.name for t in prof.tiers if t.name == "sram" and t.bw is None]
    if blind:
        out.append(msg("warn.sram_bw", gpu=prof.name, tier=blind[0], main=prof.main_tier.name))
    if plc is not None and plc.stages > 1:
        out.append(msg("warn.multichip", gpu=prof.name, chips=int(plc.chips_per_replica), stages=int(plc.stages),
                       tp=plc.tp, hop=fmt_seconds(float(plc.interconnect_s))))
    if prof.accelerator and not eng.ideal:
        out.append(msg("warn.engine_accel", engine=eng.name, gpu=prof.name))
    elif not eng.ideal and rule != "l2":
        out.append(msg("warn.engine_tiers", engine=eng.name))
    return out


def _offload_warnings(off: Offload | None, gpu_layers: int | None) -> list[Message]:
    """llama.cpp placement notes: unified memory, and layers left in system RAM."""
    if off is None:
        return []
    if off.unified:
        return [msg("off.unified")] if gpu_layers is not None and gpu_layers <= off.n_layers else []
    if off.host_weight_bytes and off.gpu_layers < off.n_layers:
        return [msg("off.partial", k=off.gpu_layers, n=off.n_layers, host=off.host, gb=off.host_bytes / 1e9)]
    return []


def _warnings(spec: ModelSpec, gpu: HardwareProfile, sch: Scheme, context: int, tp: int, wfmt,
              kv_compute: str) -> list[str]:
    out = []
    if spec.quantization is not None and not isinstance(wfmt, WeightPlan):
        out.append(msg("warn.quantized", quant=spec.quantization.describe(), dtype=wfmt.name))
    if kv_compute == "fp32" and not (gpu.has_rate("fp32") or gpu.has_rate("tf32")):
        out.append(msg("warn.fp32", gpu=gpu.name))
    if spec.max_position and context > spec.max_position:
        out.append(msg("warn.max_position", context=context, max_position=spec.max_position))
    if gpu.tp_limit is not None and tp > gpu.tp_limit:
        out.append(msg("warn.desktop_tp", tp=tp, n=gpu.tp_limit, gpu=gpu.name))
    elif tp > gpu.nvlink_domain:
        out.append(msg("warn.link_domain", tp=tp, domain=gpu.nvlink_domain, gpu=gpu.name))
    if tp > 1 and sch.replicated_under_tp:
        out.append(msg("warn.replicated", scheme=sch.name, tp=tp))
    if tp > spec.n_kv_heads and sch.family == "kv_heads":
        out.append(msg("warn.kv_heads", tp=tp))
    if wfmt.compute == "fp8" and "fp8" not in gpu.flops_per_s:
        out.append(msg("warn.fp8", gpu=gpu.name))
    if isinstance(sch, LogLinearAttention):
        built_for = sch.max_context or spec.max_position or 16_384
        built = num_levels(built_for)
        if num_levels(context) > built:
            out.append(msg("warn.levels", levels=num_levels(context), context=context, built_for=built_for,
                           built=built))
    if sch.needs_pretraining:
        out.append(msg("warn.trained", scheme=sch.name, training=sch.requirement))
    elif not sch.exact and _described(sch, spec) != _described(native_scheme(spec), spec):
        out.append(msg("warn.converted", scheme=_described(sch, spec), training=sch.requirement))
    return out


def compare(model, gpu, schemes, *, baseline=None, **kw) -> tuple[list[Estimate], dict[str, str]]:
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


__all__ = ["Estimate", "estimate", "compare", "speedup", "InputError", "SchemeError"]
