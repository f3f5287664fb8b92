"""Serving model: output tokens/s, TTFT and TPOT of an engine for a workload (ISL prompt, OSL output tokens).

Workloads (``workload``):

* ``static`` - ``batch`` requests start together: the batch's prompts are prefilled (in steps of at most
  ``max_tokens_per_step`` tokens), then OSL-1 decode steps of the whole batch. TTFT = the prefill;
  TPOT = the mean decode step; tokens/s = batch x OSL / (prefill + decode).
* ``concurrency`` - ``concurrency`` requests always in flight (a new one when one finishes), steady state:
  every step decodes the C sequences at the mean context ISL + OSL/2; each new prompt is prefilled in chunks
  that ride along decode steps (chunked prefill), making those steps slower. With phi = the share of steps
  carrying a chunk, TPOT = t_decode + phi (t_mixed - t_decode), TTFT = half a step + the prompt's chunks, and
  tokens/s = C / TPOT x OSL / (OSL - 1) (Little's law).
* ``max_load`` - ``requests`` submitted at once (None: unlimited): the steady state at the largest concurrency the
  engine admits (its batch limit and its KV pool), plus the queueing delay in TTFT.
* ``single`` - llama.cpp ``llama-bench``: one sequence; ``ppN`` prefills N tokens in ``max_tokens_per_step``
  ubatches, ``tgN`` generates N tokens from an empty cache.

Memory policy: the engine turns ``kv_memory_fraction`` of the GPU (``total``: of all memory, then subtracts the
weights and its runtime reserve; ``free``: of what is left after them) into pages of ``page_tokens`` tokens; a
sequence holds its prompt plus ``output_reservation`` x OSL tokens. ``ideal`` uses kvcost's own fit
(``fitter.Fitter``) and no limits. Pipeline parallelism: ``pp`` stages of 1/pp of the layers; min(pp, C)
micro-batches, a step takes max(micro-batches, pp) stage times.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal, Mapping

import numpy as np

from .assumptions import DEFAULT, Assumptions
from .dtypes import STATE_FORMATS, StorageFormat, kv_format
from .engines import TERMS, EngineProfile, get_engine
from .estimate import MAX_BATCH, InputError, resolve
from .hardware import HardwareProfile
from .i18n import msg
from .fitter import Fitter
from .memory import CacheLayout, weight_bytes
from .quant import WeightPlan, weight_storage
from .spec import ModelSpec
from .steptime import Device, PromptWork, StepWork, engine_time, ideal_time, prompt_work, step_work

Workload = Literal["static", "concurrency", "max_load", "single"]
WORKLOADS = ("static", "concurrency", "max_load", "single")
GL_NODES = np.array([-np.sqrt(3 / 5), 0.0, np.sqrt(3 / 5)])  # Gauss-Legendre, 3 points on [-1, 1]
GL_WEIGHTS = np.array([5 / 9, 8 / 9, 5 / 9]) / 2


@dataclass(frozen=True)
class ServingResult:
    """What a serving workload gives: tokens/s total and per GPU, TTFT, TPOT, the batch the KV pool allows."""

    engine: str
    workload: str
    isl: int
    osl: int
    gpus: int  # tp x pp
    concurrency: float  # sequences decoding together
    kv_limit_sequences: int | None  # sequences of isl + reserved output the KV pool holds (None: unbounded)
    output_tokens_per_s: float  # whole replica
    ttft_s: float
    tpot_s: float
    decode_step_s: float  # one decode step at the mean context, no prefill riding along
    prefill_s: float  # one prompt's prefill steps
    feasible: bool = True
    warnings: tuple[str, ...] = field(default=())

    @property
    def output_tokens_per_s_per_gpu(self) -> float:
        return self.output_tokens_per_s / self.gpus

    @property
    def e2e_s(self) -> float:
        return self.ttft_s + max(self.osl - 1, 0) * self.tpot_s


@dataclass(frozen=True)
class ServingPlan:
    """Everything about a serving case that does not depend on the engine's time terms (the fit reuses it)."""

    engine: EngineProfile
    spec: ModelSpec
    gpu: HardwareProfile
    layout: CacheLayout
    wfmt: StorageFormat | WeightPlan
    kv_compute: str
    tp: int
    pp: int
    workload: str
    isl: int
    osl: int
    asked: int | None  # batch / concurrency / requests as given
    kv_limit: int | None
    prompt: PromptWork | None
    assumptions: Assumptions

    def terms(self) -> dict[str, float]:
        return {t: self.engine.value(t, self.gpu) for t in TERMS} if not self.engine.ideal else {}


def kv_limit(engine: EngineProfile, layout: CacheLayout, w_bytes: int, gpu: HardwareProfile, isl: int, osl: int,
             pp: int, a: Assumptions) -> int | None:
    """Sequences of ``isl`` prompt + reserved output tokens that the engine's KV pool holds per GPU."""
    if engine.ideal:
        return Fitter(layout, w_bytes, gpu.capacity_bytes, a, prompt=isl).max_batch(isl + osl)
    cap, w = gpu.capacity_bytes, w_bytes / pp
    frac, reserve = engine.value("kv_memory_fraction", gpu), engine.value("runtime_reserve_bytes", gpu)
    pool = frac * cap - w - reserve if engine.memory_basis == "total" else frac * (cap - w - reserve)
    page = max(1, int(engine.value("page_tokens", gpu)))
    held = -(-(isl + math.ceil(engine.value("output_reservation", gpu) * osl)) // page) * page
    per_seq = layout.seq_bytes(max(held, 1)) / pp
    limit = int(pool // per_seq) if pool > 0 and per_seq > 0 else 0
    return min(limit, int(engine.value("max_batch", gpu)))


def plan(model: str | ModelSpec, gpu: str | HardwareProfile, scheme=None, *, engine: str | EngineProfile, isl: int,
         osl: int, workload: Workload = "concurrency", concurrency: int | None = None, batch: int | None = None,
         requests: int | None = None, kv_dtype: str = "bf16", weight_dtype: str = "bf16", state_dtype: str = "fp32",
         tp: int = 1, pp: int = 1, assumptions: Assumptions = DEFAULT) -> ServingPlan:
    """Resolve inputs, lay out the cache, apply the engine's memory policy."""
    if workload not in WORKLOADS:
        raise InputError(msg("srv.workload", value=str(workload)[:80]))
    eng = get_engine(engine)
    spec, prof, sch = resolve(model, gpu, scheme)
    sch.check(spec)
    for name, v, lo in (("isl", isl, 0), ("osl", osl, 0), ("tp", tp, 1), ("pp", pp, 1)):
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= 10**9:
            raise InputError(msg("in.range", name=name, lo=lo, hi=10**9, value=v))
    asked = {"static": batch, "concurrency": concurrency, "max_load": requests, "single": 1}[workload]
    if asked is not None and (isinstance(asked, bool) or not isinstance(asked, int) or not 1 <= asked <= MAX_BATCH):
        raise InputError(msg("in.range", name=workload, lo=1, hi=MAX_BATCH, value=asked))
    kfmt, wfmt = kv_format(kv_dtype), weight_storage(weight_dtype, spec.quantization, spec.checkpoint_bits, spec=spec)
    layout = CacheLayout.build(spec, sch, kfmt, STATE_FORMATS[state_dtype], tp)
    w = weight_bytes(spec, sch, wfmt, tp)
    limit = kv_limit(eng, layout, w, prof, isl, osl, pp, assumptions)
    chunk = _chunk(eng, prof, assumptions)
    prompt = prompt_work(layout, prof, wfmt, kfmt.compute, isl, chunk, assumptions) if isl > 0 else None
    return ServingPlan(eng, spec, prof, layout, wfmt, kfmt.compute, tp, pp, workload, isl, osl, asked, limit, prompt,
                       assumptions)


def _chunk(eng: EngineProfile, gpu: HardwareProfile, a: Assumptions) -> int:
    return a.prefill_chunk_tokens if eng.ideal else max(1, int(eng.value("max_tokens_per_step", gpu)))


@dataclass(frozen=True)
class Schedule:
    """Engine-independent shape of a case: which steps it runs and how often. ``steps`` are five StepWorks:
    three decode steps (Gauss-Legendre contexts), one decode step with a prompt chunk riding along, one
    prefill-only step; ``mult`` multiplies each step's stage time (pipeline stages or micro-batches)."""

    kind: str  # 'single' | 'static' | 'steady' | 'wave' (max load, all fit at once) | 'drain' (max load, queued)
    conc: float  # sequences decoding together
    isl: int
    osl: int
    pf_steps: float  # single/static: prefill steps; steady: the chunks of one prompt
    phi: float  # steady: share of decode steps carrying a chunk
    queued: float  # requests waiting for a slot, weighted by how long they wait (max_load: half the queue)
    wave_steps: float  # steady: prefill steps of all in-flight prompts together (arrivals in one wave)
    steps: tuple[StepWork, ...]
    mult: tuple[float, ...]
    warnings: tuple[str, ...] = ()


def _step(pl: ServingPlan, decode: float, ctx, prefill_tokens: float = 0.0, micro: float = 1.0
          ) -> tuple[StepWork, float]:
    """One step of ``decode`` sequences (+ prefill tokens) through the pp stages: (stage work, multiplier)."""
    mb = max(1.0, min(float(pl.pp), micro))
    w = step_work(pl.layout, pl.wfmt, decode / mb, ctx, prefill_tokens / mb, pl.prompt, pl.assumptions)
    return (w.scaled(1.0 / pl.pp) if pl.pp > 1 else w), max(mb, float(pl.pp))


def schedule(pl: ServingPlan) -> Schedule:
    """The steps of ``pl`` (see ``Schedule``); depends on the engine's limits, not on its time terms."""
    isl, osl, warn = pl.isl, pl.osl, []
    chunk = _chunk(pl.engine, pl.gpu, pl.assumptions)
    if pl.workload == "single":
        conc, lo, hi, pf_tokens, pf_steps, phi, queued, wave_steps = 1.0, 0.0, float(osl), float(min(chunk, isl)), \
            float(math.ceil(isl / chunk)), 0.0, 0.0, 0.0
        mix_tokens = pf_tokens
    else:
        limit = pl.kv_limit if pl.kv_limit is not None else MAX_BATCH
        asked = pl.asked if pl.asked is not None else limit
        conc = float(max(1, asked if pl.workload == "static" else min(asked, limit)))
        if asked > limit and pl.workload == "static":
            warn.append(msg("srv.capped", engine=pl.engine.name, limit=limit, tokens=isl + osl, asked=asked))
        lo, hi = float(isl), float(isl + osl)
        queued = float(max(0, asked - conc)) * (0.5 if pl.workload == "max_load" else 1.0)
        wave_steps = 0.0
        if pl.workload == "static":
            tokens = conc * isl
            pf_steps = float(math.ceil(tokens / chunk)) if tokens else 0.0
            pf_tokens = tokens / pf_steps if pf_steps else 0.0
            phi, mix_tokens = 0.0, pf_tokens
        else:
            osl1 = max(osl - 1, 1)
            need = isl * conc / osl1  # prompt tokens per step that keep up with finishing requests
            if need > max(chunk - conc, chunk / 8):  # prefill-bound: fewer sequences decode than are admitted
                conc = max(1.0, chunk * osl1 / (isl + osl1))
                need = isl * conc / osl1
            mix_tokens = min(max(chunk - conc, chunk / 8), max(float(isl), need))
            phi = min(1.0, need / mix_tokens) if mix_tokens else 0.0
            pf_steps = float(math.ceil(isl / mix_tokens)) if isl else 0.0
            wave_steps = float(math.ceil(conc * isl / chunk)) if isl else 0.0
            pf_tokens = conc * isl / wave_steps if wave_steps else 0.0
    ctx = (lo + hi) / 2 + (hi - lo) / 2 * GL_NODES
    works = [_step(pl, conc, float(c), micro=conc) for c in ctx]
    works.append(_step(pl, conc if pl.workload not in ("single", "static") else 0.0, (lo + hi) / 2, mix_tokens,
                       micro=conc))
    works.append(_step(pl, 0.0, 1.0, pf_tokens, micro=conc))
    kind = pl.workload if pl.workload in ("single", "static") else "steady"
    if pl.workload == "max_load" and pl.asked is not None:  # all requests submitted at once
        kind = "drain" if pl.asked > conc else "wave"
    return Schedule(kind, conc, isl, osl, pf_steps, phi, queued, wave_steps, tuple(w for w, _ in works),
                    tuple(m for _, m in works), tuple(warn))


def assemble(kind, conc, isl, osl, pf_steps, phi, queued, wave_steps, sync, request_s, t):
    """Serving figures from step times ``t`` (shape (5, ...): decode x3, mixed, prefill; multipliers applied).
    ``sync`` (0-1) is the share of in-flight prompts that arrive together: 0 = staggered arrivals (each prompt's
    chunks ride along decode steps), 1 = one wave (all prompts prefilled back to back, then decoded together, as
    when a fixed-length benchmark starts). ``request_s`` is the engine's fixed latency from a request's arrival to
    its first token beyond the GPU steps (API server, tokenization, scheduling, streaming).
    Returns (output tokens/s, TTFT, TPOT, mean decode step, prefill of one
    prompt); array-safe."""
    t_dec = GL_WEIGHTS[0] * t[0] + GL_WEIGHTS[1] * t[1] + GL_WEIGHTS[2] * t[2]
    t_mix, t_pf = t[3], t[4]
    single, static = kind == "single", kind == "static"
    osl1 = np.maximum(osl - 1, 1)
    pf_once = pf_steps * t_pf
    # staggered arrivals: chunked prefill rides along decode steps
    tpot_a = t_dec + phi * (t_mix - t_dec)
    own = pf_steps * t_mix
    ttft_a, tps_a = 0.5 * tpot_a + own, conc / tpot_a * osl / osl1
    # one wave: all prompts back to back, then the decode of the whole batch
    wave = wave_steps * t_pf
    ttft_w = wave * (wave_steps + 1) / (2 * np.maximum(wave_steps, 1))
    tpot_w, tps_w = t_dec + wave / 2 / osl1, conc * osl / (wave + (osl - 1) * t_dec)
    sync = np.where(kind == "wave", 1.0, sync)
    tps_s = (1 - sync) * tps_a + sync * tps_w
    ttft_s = (1 - sync) * ttft_a + sync * ttft_w + queued / np.maximum(tps_s / np.maximum(osl, 1), 1e-30)
    tpot_s = (1 - sync) * tpot_a + sync * tpot_w
    # a finite max-load run drains: the last requests finish over about one request lifetime at falling occupancy
    waves = 2 * queued / np.maximum(conc, 1) + 1  # requests / concurrency (max_load queues count half)
    tps_s = tps_s * np.where(kind == "drain", waves / (waves + 0.5), 1.0)
    total_static = pf_once + np.maximum(osl - 1, 0) * t_dec
    tps_static = conc * osl / np.where(total_static > 0, total_static, np.inf)
    tps_single = np.where(osl > 0, 1.0 / np.where(t_dec > 0, t_dec, np.inf), 0.0)
    tps = np.where(single, tps_single, np.where(static, tps_static, tps_s))
    ttft = np.where(single, pf_once, np.where(static, pf_once, ttft_s) + request_s)
    tpot = np.where(single | static, t_dec, tpot_s)
    prefill = np.where(single | static, pf_once, own)
    return tps, ttft, tpot, t_dec, prefill


def evaluate(pl: ServingPlan, terms: Mapping[str, float] | None = None) -> ServingResult:
    """The serving figures of ``pl`` with the engine's terms (``terms`` overrides them: the fit)."""
    if pl.kv_limit is not None and pl.kv_limit < 1 and pl.workload != "single":
        return _result(pl, 0.0, (0.0, math.inf, math.inf, math.inf, math.inf),
                       [msg("srv.no_kv", engine=pl.engine.name, gpu=pl.gpu.name)], feasible=False)
    terms = pl.terms() if terms is None else terms
    sch = schedule(pl)
    if pl.engine.ideal:
        times = [ideal_time(w, pl.gpu, pl.wfmt, pl.kv_compute, pl.tp, pl.assumptions) for w in sch.steps]
    else:
        dev = Device.of(pl.gpu, pl.wfmt, pl.kv_compute, pl.tp)
        times = [engine_time(w, dev, terms) for w in sch.steps]
    t = np.array([m * x for m, x in zip(sch.mult, times)])
    sync, request_s = (0.0, 0.0) if pl.engine.ideal else (terms["arrival_sync"], terms["request_overhead_s"])
    out = assemble(np.array(sch.kind), sch.conc, sch.isl, sch.osl, sch.pf_steps, sch.phi, sch.queued, sch.wave_steps,
                   sync, request_s, t)
    return _result(pl, sch.conc, tuple(float(x) for x in out), list(sch.warnings))


def _result(pl: ServingPlan, conc, figures, warn, feasible: bool = True) -> ServingResult:
    tps, ttft, tpot, t_dec, t_pf = figures
    return ServingResult(pl.engine.id, pl.workload, pl.isl, pl.osl, pl.tp * pl.pp, conc, pl.kv_limit, float(tps),
                         float(ttft), float(tpot), float(t_dec), float(t_pf), feasible, tuple(warn))


def serve(model, gpu, scheme=None, *, engine: str | EngineProfile, isl: int, osl: int,
          workload: Workload = "concurrency", **kw) -> ServingResult:
    """Serving figures of ``engine`` for one workload (see the module docstring); ``kw`` as ``plan``."""
    return evaluate(plan(model, gpu, scheme, engine=engine, isl=isl, osl=osl, workload=workload, **kw))


__all__ = ["Schedule", "ServingPlan", "ServingResult", "WORKLOADS", "assemble", "evaluate", "kv_limit", "plan",
           "schedule", "serve"]
