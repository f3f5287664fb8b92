"""One engine step on one GPU: the bytes and FLOPs it moves (``StepWork``) and the time an engine takes for them.

A step processes ``decode`` sequences (one new token each, at ``decode_ctx`` cached tokens) and ``prefill``
prompt tokens (chunks of prompts of ``prompt_len`` tokens). The work is exact bytes and FLOPs from the same
formulas as the roofline (``roofline.params_read_per_step``, ``decode_attn_flops``, ``prefill``); only the
time depends on the engine:

* ``ideal``: today's roofline, ``max(bytes / (BW x bw_eff), FLOPs / (peak x flops_eff)) + all-reduce``;
* an engine profile: GEMMs and attention are separate kernels, each on its own roofline with a soft knee
  ``(t_mem^p + t_comp^p)^(1/p)`` (dense weights, routed experts, attention), plus a fixed cost per step, per
  layer and per MoE layer, plus ring all-reduces (latency per call + bytes / bus bandwidth). Routed experts stream
  at ``moe_bw_efficiency`` and their grouped GEMMs reach ``moe_gemm_scale`` (``_8bit``) of the dense GEMM
  efficiency.
  Attention compute efficiency grows
  with the keys per query: ``attn_eff x s / (s + attn_half_tokens)``.

Everything is array-safe (the fit evaluates many rows at once); scalars give plain floats.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Mapping

import numpy as np

from .assumptions import DEFAULT, Assumptions
from .dtypes import StorageFormat
from .hardware import HardwareProfile
from .memory import CacheLayout, pick, plain
from .quant import WeightPlan
from .roofline import link_bytes_per_s, compute_params, decode_attn_flops, expert_read_bytes, prefill, \
    weight_read_bytes

SIXTEEN_BIT = ("bf16", "fp16", "fp32", "tf32")


@dataclass(frozen=True)
class StepWork:
    """Bytes and FLOPs of one step on one GPU of a tensor-parallel group (arrays allowed)."""

    tokens: Any  # new tokens in the step: decode sequences + prefill tokens
    weight_bytes: Any  # weights read (all), per GPU
    expert_bytes: Any  # the routed-expert part of weight_bytes
    kv_bytes: Any  # cache read + written, per GPU
    weight_flops: Any  # all GEMM FLOPs, per GPU
    expert_flops: Any  # the routed-expert part of weight_flops
    decode_attn_flops: Any
    decode_ctx: Any  # keys per decode query
    prefill_attn_flops: Any
    prefill_ctx: Any  # mean keys per prefill query
    allreduce_bytes: Any  # summed over the step's all-reduces
    allreduce_calls: Any
    layers: Any
    moe_layers: Any

    def scaled(self, f: float) -> "StepWork":
        """The work of ``f`` of the layers (one pipeline stage holds 1/pp of them)."""
        keep = ("tokens", "decode_ctx", "prefill_ctx")
        return StepWork(**{x.name: getattr(self, x.name) * (1.0 if x.name in keep else f) for x in fields(self)})


@dataclass(frozen=True)
class PromptWork:
    """Per-token prefill work of one prompt of ``prompt_len`` tokens processed in chunks of ``chunk`` tokens."""

    prompt_len: int
    weight_flops_per_token: float  # GEMM FLOPs per prompt token (logits only for the last token)
    attn_flops_per_token: float
    kv_bytes_per_token: float  # row written + prefix re-read by later chunks
    ctx: float  # mean keys per query


def prompt_work(layout: CacheLayout, gpu: HardwareProfile, wfmt: StorageFormat | WeightPlan, kv_compute: str,
                prompt_len: int, chunk: int, a: Assumptions = DEFAULT) -> PromptWork:
    """Prefill work per token of one prompt (FLOPs from ``roofline.prefill``; engines compute logits only for the
    last prompt token; a chunk re-reads the prompt's earlier chunks from the cache)."""
    spec, tp = layout.spec, layout.tp
    pf = prefill(layout, gpu, wfmt, kv_compute, 1, prompt_len, a)
    head = 2.0 * spec.vocab_size * spec.d_model / tp * (prompt_len - 1)
    n = -(-prompt_len // max(1, min(chunk, prompt_len)))
    reread = layout.token_bytes * min(chunk, prompt_len) * n * (n - 1) / 2
    return PromptWork(prompt_len, (pf.weight_flops - head) / prompt_len, pf.attn_flops / prompt_len,
                      layout.token_bytes + reread / prompt_len, (prompt_len + 1) / 2)


def step_work(layout: CacheLayout, wfmt: StorageFormat | WeightPlan, decode, decode_ctx, prefill_tokens=0.0,
              prompt: PromptWork | None = None, a: Assumptions = DEFAULT) -> StepWork:
    """Work of one step: ``decode`` sequences at ``decode_ctx`` plus ``prefill_tokens`` tokens of ``prompt``."""
    spec, tp = layout.spec, layout.tp
    p = prefill_tokens if prompt is not None else 0.0
    tokens = decode + p
    w_bytes = weight_read_bytes(layout, wfmt, tokens)
    e_bytes = expert_read_bytes(layout, wfmt, tokens)
    active_expert = spec.n_moe_layers * spec.experts_per_token * spec.expert_params() / tp if spec.is_moe else 0.0
    dec_w_flops = decode * 2.0 * compute_params(layout) / tp
    pf_w_flops = p * prompt.weight_flops_per_token if prompt is not None else 0.0 * p
    kv = decode * layout.seq_read_bytes(decode_ctx) * 1.0
    pf_attn = 0.0 * p
    pf_ctx = 1.0
    if prompt is not None:
        kv = kv + p * prompt.kv_bytes_per_token
        pf_attn, pf_ctx = p * prompt.attn_flops_per_token, prompt.ctx
    calls = 2 * spec.n_layers if tp > 1 else 0
    ar = spec.n_layers * 2 * tokens * spec.d_model * a.activation_bytes_per_elem if tp > 1 else 0.0 * tokens
    return StepWork(tokens, w_bytes, e_bytes, kv, dec_w_flops + pf_w_flops, 2.0 * tokens * active_expert,
                    decode_attn_flops(layout, decode, decode_ctx) * 1.0, decode_ctx, pf_attn, pf_ctx, ar, calls,
                    spec.n_layers, spec.n_moe_layers)


@dataclass(frozen=True)
class Device:
    """What the time terms need of a GPU for one (weight format, KV compute dtype, TP): scalars or arrays."""

    bw_bytes_per_s: Any
    peak_weight_flops_per_s: Any  # at the weight format's compute dtype
    peak_attn_flops_per_s: Any  # at the KV cache's compute dtype
    link_bytes_per_s: Any  # one direction of the GPU-GPU path
    tp: Any
    sixteen_bit: Any  # GEMMs run at a 16-bit rate (else the 8-bit efficiency applies)

    @classmethod
    def of(cls, gpu: HardwareProfile, wfmt: StorageFormat | WeightPlan, kv_compute: str, tp: int) -> "Device":
        return cls(gpu.bw_bytes_per_s, gpu.peak_flops_per_s(wfmt.compute), gpu.peak_flops_per_s(kv_compute),
                   link_bytes_per_s(gpu, tp) if tp > 1 else 1.0, tp, wfmt.compute in SIXTEEN_BIT)


def _knee(t_mem, t_comp, p):
    """(t_mem^p + t_comp^p)^(1/p): a roofline whose corner is rounded (p -> inf: max)."""
    if isinstance(t_mem, float) and isinstance(t_comp, float) and isinstance(p, float):  # one point: no numpy
        hi = max(t_mem, t_comp)
        return hi * ((t_mem / hi) ** p + (t_comp / hi) ** p) ** (1.0 / p) if hi > 0 else 0.0
    hi = np.maximum(t_mem, t_comp)
    safe = np.where(hi > 0, hi, 1.0)
    return hi * ((t_mem / safe) ** p + (t_comp / safe) ** p) ** (1.0 / p)


def _at_least_one(x):
    return max(x, 1.0) if isinstance(x, (int, float)) else np.maximum(x, 1.0)


def allreduce_time(tp, link_bytes_per_s, n_bytes, calls, latency_s, link_eff):
    """Ring all-reduces: each GPU moves 2 (tp-1)/tp of the bytes at the link's bus bandwidth, plus latency per call
    (0 when tp = 1: ``step_work`` then has no all-reduce)."""
    return calls * latency_s + 2 * (tp - 1) / tp * n_bytes / (link_bytes_per_s * link_eff)


def ideal_time(w: StepWork, gpu: HardwareProfile, wfmt: StorageFormat | WeightPlan, kv_compute: str, tp: int,
               a: Assumptions = DEFAULT):
    """Today's roofline on this work (the ``ideal`` engine)."""
    mem = (w.weight_bytes + w.kv_bytes) / (gpu.bw_bytes_per_s * a.bw_efficiency_on(gpu))
    comp = (w.weight_flops / gpu.peak_flops_per_s(wfmt.compute)
            + (w.decode_attn_flops + w.prefill_attn_flops) / gpu.peak_flops_per_s(kv_compute)) / a.flops_efficiency
    link = link_bytes_per_s(gpu, tp) if tp > 1 else 1.0
    comm = allreduce_time(tp, link, w.allreduce_bytes, w.allreduce_calls, a.allreduce_latency_s, a.link_efficiency)
    return plain(np.maximum(mem, comp) + comm)


def engine_time(w: StepWork, dev: Device, terms: Mapping[str, Any]):
    """Step time of an engine whose parameters (resolved for the GPU; arrays allowed) are ``terms``."""
    bw, peak_w, peak_a = dev.bw_bytes_per_s, dev.peak_weight_flops_per_s, dev.peak_attn_flops_per_s
    g_eff = pick(dev.sixteen_bit, terms["gemm_efficiency"], terms["gemm_efficiency_8bit"])
    p, bw_w = terms["roofline_knee"], bw * terms["bw_efficiency"]
    dense = _knee((w.weight_bytes - w.expert_bytes) / bw_w, (w.weight_flops - w.expert_flops) / (peak_w * g_eff), p)
    experts = w.moe_layers * terms["moe_layer_overhead_s"] + _knee(
        w.expert_bytes / (bw * terms["moe_bw_efficiency"]),
        w.expert_flops / (peak_w * g_eff * pick(dev.sixteen_bit, terms["moe_gemm_scale"],
                                                terms["moe_gemm_scale_8bit"])), p)
    half, a_eff = terms["attn_half_tokens"], terms["attn_efficiency"]
    a_comp = (w.decode_attn_flops * (w.decode_ctx + half) / _at_least_one(w.decode_ctx)
              + w.prefill_attn_flops * (w.prefill_ctx + half) / _at_least_one(w.prefill_ctx)) / (peak_a * a_eff)
    attn = _knee(w.kv_bytes / (bw * terms["kv_bw_efficiency"]), a_comp, p)
    comm = allreduce_time(dev.tp, dev.link_bytes_per_s, w.allreduce_bytes, w.allreduce_calls,
                          terms["allreduce_latency_s"], terms["link_efficiency"])
    fixed = terms["step_overhead_s"] + w.layers * terms["layer_overhead_s"]
    return plain(fixed + dense + experts + attn + comm)


def engine_point(terms: Mapping[str, float], layout: CacheLayout, gpu: HardwareProfile,
                 wfmt: StorageFormat | WeightPlan,
                 kv_compute: str, batch: int, ctx: int, prompt: int, a: Assumptions = DEFAULT) -> tuple[float, float]:
    """(prefill seconds, decode-step seconds) of an engine for ``batch`` sequences: their prompts of ``prompt``
    tokens prefilled together in steps of at most ``max_tokens_per_step`` tokens, and one decode step of the batch
    at ``ctx`` cached tokens (what ``estimate`` reports for a non-ideal engine)."""
    dev = Device.of(gpu, wfmt, kv_compute, layout.tp)
    tpot = engine_time(step_work(layout, wfmt, float(batch), float(ctx), a=a), dev, terms)
    chunk = max(1, int(terms["max_tokens_per_step"]))
    tokens = batch * prompt
    steps = -(-tokens // chunk)
    pw = prompt_work(layout, gpu, wfmt, kv_compute, prompt, chunk, a)
    prefill_s = steps * engine_time(step_work(layout, wfmt, 0.0, 1.0, tokens / steps, pw, a), dev, terms)
    return float(prefill_s), float(tpot)


__all__ = ["Device", "PromptWork", "StepWork", "allreduce_time", "engine_point", "engine_time", "ideal_time",
           "prompt_work", "step_work"]
