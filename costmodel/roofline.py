"""Roofline time of one decode step and of a prefill, per GPU.

time = max(bytes / (bandwidth x bw_efficiency), FLOPs / (peak x flops_efficiency)) + collective time, where
bw_efficiency is the assumption or, with ``measured_bw``, the GPU profile's measured streaming fraction.
Weight GEMMs run at the weight format's compute rate (fp8 where stored in fp8), attention at the
cache's compute dtype. Decode reads every weight once per step (MoE: only experts the batch routes
to, assuming uniform routing; an untied input embedding: only the batch's rows) and the whole cache
of every sequence; an encoder-decoder model does not re-read its encoder or the cross K/V
projections whose outputs are cached.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

import numpy as np

from .assumptions import DEFAULT, Assumptions
from .dtypes import StorageFormat
from .hardware import HardwareProfile
from .memory import CacheLayout, pick, plain, sum_terms, weight_params
from .quant import WeightPlan
from .schemes import heads_per_gpu


@dataclass(frozen=True)
class StepCost:
    """Bytes, FLOPs and times of one step (floats; numpy arrays when the sweep evaluates a grid)."""

    hbm_bytes: Any  # bytes moved to/from device memory
    onchip_bytes: Any  # cache bytes served from on-chip SRAM/L2 instead
    weight_flops: Any
    attn_flops: Any
    mem_s: Any
    compute_s: Any
    comm_s: Any
    placement: Any = field(default=None, compare=False, repr=False)  # placement.Placement where tiers were used

    @property
    def flops(self) -> float:
        return self.weight_flops + self.attn_flops

    @property
    def time_s(self) -> float:
        return plain(np.maximum(self.mem_s, self.compute_s) + self.comm_s)

    @property
    def compute_bound(self):
        """True where compute time exceeds memory time (array-safe)."""
        return self.compute_s > self.mem_s

    @property
    def bound(self) -> str:
        return "compute" if self.compute_bound else "memory"

    @property
    def intensity(self) -> float:
        """FLOPs per byte of device-memory traffic."""
        return self.flops / self.hbm_bytes if self.hbm_bytes else float("inf")


def ridge_point(gpu: HardwareProfile, dtype: str = "bf16") -> float:
    """Arithmetic intensity (FLOP/byte) above which the GPU is compute bound."""
    return gpu.peak_flops_per_s(dtype) / gpu.bw_bytes_per_s


def experts_touched(n_experts: int, k: int, batch: float) -> float:
    """Expected distinct experts a batch routes to, uniform top-k routing: E (1 - (1 - k/E)^B)."""
    return n_experts * (1.0 - (1.0 - k / n_experts) ** batch) if n_experts else 0.0


def link_bytes_per_s(gpu: HardwareProfile, tp: int) -> float:
    """One direction of the GPU-GPU path: NVLink inside its domain, else PCIe."""
    if gpu.link_bw_bytes_per_s and tp <= gpu.nvlink_domain:
        return gpu.link_bw_bytes_per_s.value / 2
    if gpu.pcie_bw_bytes_per_s:
        return gpu.pcie_bw_bytes_per_s.value / 2
    return 32e9  # PCIe Gen4 x16, one direction, when the profile lists no link


def allreduce_s(gpu: HardwareProfile, tp: int, n_bytes, a: Assumptions, n_calls: int = 1):
    """``n_calls`` ring all-reduces moving ``n_bytes`` in total: each GPU sends and receives 2 (tp-1)/tp of
    the buffer, plus a fixed latency per call."""
    if tp <= 1:
        return 0.0
    bw = 2 * (tp - 1) / tp * n_bytes / (link_bytes_per_s(gpu, tp) * a.link_efficiency)
    return bw + n_calls * a.allreduce_latency_s


def _layer_flops(layout: CacheLayout, ctx, per_layer) -> float:
    spec = layout.spec
    n_sliding = spec.n_sliding_layers if layout.window else 0
    n_chunked = spec.n_chunked_layers if layout.chunk else 0
    out = (spec.n_layers - n_sliding - n_chunked) * per_layer(ctx)
    if n_sliding:
        out = out + n_sliding * per_layer(layout.capped(ctx))
    return out + n_chunked * per_layer(layout.capped_chunk(ctx)) if n_chunked else out


def compute_params(layout: CacheLayout) -> int:
    """Parameters multiplied per generated token (MoE active only; no encoder, no cached cross K/V)."""
    return _compute_params(layout.scheme, cast(Any, layout.spec))  # frozen: hashable by value


@lru_cache(maxsize=1024)
def _compute_params(scheme, spec) -> int:
    skipped_decoder = scheme.decode_skipped_params(spec) - spec.encoder_params()
    return spec.active_params(scheme.total_params(spec)) - skipped_decoder


def _read_groups(layout: CacheLayout, batch) -> dict:
    """Parameters one decode step reads, by group (same terms as ``decode_step``'s total)."""
    spec = layout.spec
    g = dict(_decoder_groups(layout.scheme, cast(Any, spec)))
    if not spec.tied_embeddings:
        rows = min(batch, spec.vocab_size) if np.ndim(batch) == 0 else np.minimum(batch, spec.vocab_size) * 1.0
        g["embeddings"] = g["embeddings"] - (spec.vocab_size - rows) * spec.d_model
    if spec.is_moe:
        idle = spec.n_routed_experts - experts_touched(spec.n_routed_experts, spec.experts_per_token, batch)
        g["routed_experts"] = g["routed_experts"] - spec.n_moe_layers * idle * spec.expert_params()
    return g


@lru_cache(maxsize=1024)
def _decoder_groups(scheme, spec) -> tuple:
    """The groups a decode step reads before batch-dependent reductions (encoder and cached cross K/V left out)."""
    g = dict(scheme.param_groups(spec).items())
    # not in place: a stack's groups are memoized arrays (sweep_planes.SchemeStack)
    g["attention"] = g["attention"] - (scheme.decode_skipped_params(spec) - spec.encoder_params())
    g["encoder"] = 0
    return tuple(g.items())


def weight_read_bytes(layout: CacheLayout, wfmt: StorageFormat | WeightPlan, batch):
    """Weight bytes one decode step reads on one GPU: every weight once, except an untied input embedding
    (only the batch's rows), idle MoE experts and an encoder-decoder's encoder / cached cross K/V projections."""
    groups = _read_groups(layout, batch)
    if isinstance(wfmt, WeightPlan):
        return wfmt.read_bytes(groups) / layout.tp
    return sum_terms(groups.values()) / layout.tp * wfmt.bits_per_element / 8


def expert_read_bytes(layout: CacheLayout, wfmt: StorageFormat | WeightPlan, tokens):
    """The routed-expert part of ``weight_read_bytes`` (0 for a dense model): the experts ``tokens`` route to."""
    routed = _read_groups(layout, tokens).get("routed_experts", 0) * 1.0
    if isinstance(wfmt, WeightPlan):
        return wfmt.read_bytes({"routed_experts": routed}) / layout.tp
    return routed / layout.tp * wfmt.bits_per_element / 8


def decode_attn_flops(layout: CacheLayout, batch, ctx):
    """Attention FLOPs (context part, per GPU) of one decode step of ``batch`` sequences at ``ctx`` cached tokens."""
    spec, scheme, tp = layout.spec, layout.scheme, layout.tp
    per_seq_attn = _layer_flops(layout, ctx, lambda c: scheme.decode_flops(spec, c, tp))
    return batch * (per_seq_attn + spec.n_layers * scheme.cross_decode_flops(spec, tp))


def decode_step(layout: CacheLayout, gpu: HardwareProfile, wfmt: StorageFormat | WeightPlan, kv_compute: str,
                batch, ctx, a: Assumptions = DEFAULT, rule: str = "auto", stages=None) -> StepCost:
    """One generated token for ``batch`` sequences at ``ctx`` cached tokens. ``batch`` and ``ctx`` may be
    broadcastable numpy arrays (``sweep``); scalars give plain floats. ``rule``: the placement rule
    (``placement.RULES``; ``auto`` = the profile's default: ``l2`` on GPUs, the unchanged formula below);
    ``stages``: pipeline chips of an SRAM-only part (None: what the placement needs)."""
    if _placement.resolve_rule(gpu, rule) != "l2":
        return _tiered_decode_step(layout, gpu, wfmt, kv_compute, batch, ctx, a, rule, stages)
    w_bytes = weight_read_bytes(layout, wfmt, batch)
    cache_bytes = batch * layout.seq_read_bytes(ctx) * 1.0  # float: exact ints stay in memory.py
    resident = batch * layout.seq_bytes(ctx) <= a.sram_fraction * gpu.onchip_bytes
    hbm = w_bytes + pick(resident, 0.0, cache_bytes)
    w_flops, attn, compute_s, comm = _decode_compute(layout, gpu, wfmt, kv_compute, batch, ctx, a)
    return StepCost(plain(hbm), plain(pick(resident, cache_bytes, 0.0)), plain(w_flops),
                    plain(attn * 1.0), plain(hbm / (gpu.bw_bytes_per_s * a.bw_efficiency_on(gpu))),
                    plain(compute_s), plain(comm))


def _decode_compute(layout: CacheLayout, gpu: HardwareProfile, wfmt: StorageFormat | WeightPlan, kv_compute: str,
                    batch, ctx, a: Assumptions) -> tuple:
    """What a decode step computes and communicates, whatever the placement: (weight FLOPs, attention FLOPs, compute
    seconds, all-reduce seconds)."""
    spec, tp = layout.spec, layout.tp
    w_flops = batch * 2.0 * compute_params(layout) / tp
    attn = decode_attn_flops(layout, batch, ctx)
    compute_s = (w_flops / gpu.peak_flops_per_s(wfmt.compute) + attn / gpu.peak_flops_per_s(kv_compute)) \
        / a.flops_efficiency
    comm = allreduce_s(gpu, tp, spec.n_layers * 2 * batch * spec.d_model * a.activation_bytes_per_elem, a,
                       n_calls=2 * spec.n_layers)
    return w_flops, attn, compute_s, comm


def _tiered_decode_step(layout: CacheLayout, gpu: HardwareProfile, wfmt: StorageFormat | WeightPlan, kv_compute: str,
                        batch, ctx, a: Assumptions, rule: str, stages) -> StepCost:
    """``decode_step`` with a multi-tier placement: memory time = sum of each tier's reads over its bandwidth;
    ``hbm_bytes`` = reads from the main memory and slower tiers, ``onchip_bytes`` = reads from faster tiers; the
    hand-off between the pipeline stages of an SRAM-only part is added to the communication time."""
    from .placement import place
    pl = place(layout, gpu, wfmt, batch, ctx, a, rule, stages)
    main_bw = gpu.bw_bytes_per_s
    fast = sum(t.read_bytes for t in pl.tiers if t.bw_bytes_per_s and t.bw_bytes_per_s > main_bw) * pl.stages
    total = sum(pl.items.read.values())
    w_flops, attn, compute_s, comm = _decode_compute(layout, gpu, wfmt, kv_compute, batch, ctx, a)
    return StepCost(plain(total - fast), plain(fast), plain(w_flops), plain(attn * 1.0), plain(pl.mem_s),
                    plain(compute_s), plain(comm + pl.interconnect_s), pl)


def causal_ctx_sum(n: int, window: int | None = None) -> int:
    """Sum over n queries of keys attended, causal, optionally within a sliding window."""
    if window is None or n <= window:
        return n * (n + 1) // 2
    return window * (window + 1) // 2 + (n - window) * window


def chunked_ctx_sum(n: int, chunk: int) -> int:
    """Sum over n queries of keys attended when each attends causally within its own chunk of ``chunk``."""
    full, rest = divmod(n, chunk)
    return full * (chunk * (chunk + 1) // 2) + rest * (rest + 1) // 2


def prefill(layout: CacheLayout, gpu: HardwareProfile, wfmt: StorageFormat | WeightPlan, kv_compute: str,
            batch: int, prompt: int, a: Assumptions = DEFAULT) -> StepCost:
    """Process ``batch`` prompts of ``prompt`` tokens (and, for encoder-decoder, the encoder input)."""
    spec, scheme, tp = layout.spec, layout.scheme, layout.tp
    w_flops = batch * 2.0 * compute_params(layout) / tp * prompt
    n_sliding = spec.n_sliding_layers if layout.window else 0
    n_chunked = spec.n_chunked_layers if layout.chunk else 0
    attn = (spec.n_layers - n_sliding - n_chunked) * scheme.prefill_flops(spec, prompt, causal_ctx_sum(prompt), tp)
    if n_sliding:
        attn += n_sliding * scheme.prefill_flops(spec, prompt, causal_ctx_sum(prompt, layout.window), tp)
    if n_chunked and layout.chunk:
        attn += n_chunked * scheme.prefill_flops(spec, prompt, chunked_ctx_sum(prompt, layout.chunk), tp)
    attn += prompt * spec.n_layers * scheme.cross_decode_flops(spec, tp)
    if spec.arch == "encoder-decoder":
        p, kv_cross = spec.encoder_seq_len, 2 * spec.d_model * spec.n_heads * spec.head_dim
        w_flops += batch * 2.0 * (spec.encoder_params() + spec.n_layers * kv_cross) / tp * p
        attn += spec.n_encoder_layers * 2 * heads_per_gpu(spec.n_heads, tp) * (spec.head_dim + spec.v_head_dim) * p * p
    attn *= batch
    if isinstance(wfmt, WeightPlan):
        weights = wfmt.bytes(dict(scheme.param_groups(spec).items())) / tp
    else:
        weights = weight_params(spec, scheme) / tp * wfmt.bits_per_element / 8
    hbm = weights + batch * layout.seq_bytes(prompt)
    compute_s = (w_flops / gpu.peak_flops_per_s(wfmt.compute) + attn / gpu.peak_flops_per_s(kv_compute)) \
        / a.flops_efficiency
    comm = allreduce_s(gpu, tp, spec.n_layers * 2 * batch * prompt * spec.d_model * a.activation_bytes_per_elem, a,
                       n_calls=2 * spec.n_layers)
    mem_s = hbm / (gpu.bw_bytes_per_s * a.bw_efficiency_on(gpu))
    return StepCost(hbm, 0.0, w_flops, float(attn), mem_s, compute_s, comm)


def attention_layer_step(layout: CacheLayout, batch: int, ctx: int, wfmt: StorageFormat) -> tuple[float, float]:
    """(bytes, FLOPs) of one decode step through ONE full-attention layer's attention block for ``batch``
    sequences at ``ctx`` cached tokens: cache read/write + this layer's attention weights, and the
    context FLOPs + projection FLOPs. What ``validation`` times against a real torch layer."""
    spec, scheme, tp = layout.spec, layout.scheme, layout.tp
    state = layout.state_bytes(ctx) / spec.n_layers
    cache = batch * (layout.layer_token_bytes * (ctx + 1) + 2 * state + layout.shared_bytes)
    w_params = scheme.attn_params(spec) / tp
    flops = batch * (scheme.decode_flops(spec, ctx, tp) + 2.0 * w_params)
    return float(cache + w_params * wfmt.bits_per_element / 8), float(flops)


from . import placement as _placement  # noqa: E402  (last: placement imports this module; read at call time)
