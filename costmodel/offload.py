"""Partial offload as llama.cpp does it: ``-ngl N`` puts the last N decoder layers on the GPU, the rest in system RAM.

Placement (llama.cpp ``llama_model::load_tensors``): the input token embedding always stays in host memory; layer i
is on the GPU when ``i >= n_layers + 1 - ngl``; the output layer (final norm + ``output.weight``) when
``ngl > n_layers`` (``-ngl 99``: everything). A tied output matrix is duplicated onto the GPU (TENSOR_DUPLICATED).
A layer's KV cache lives with the layer. Apple silicon has one memory pool: ``-ngl`` moves no bytes, so everything
counts as GPU memory there.

Time of one decode step = GPU part (its layers on the engine's roofline: ``ideal`` or the fitted llama.cpp terms)
+ host part (the CPU streams its layers' weights and KV from system RAM at the host's bandwidth,
``hosts.HostProfile.bw_bytes_per_s``; compute where the host has a sourced rate) + the hidden state crossing PCIe.
Prefill: llama.cpp's CUDA backend runs the matrix products of host-resident weights on the GPU once a batch has 32 or
more tokens, uploading those weights over PCIe for every micro-batch (ggml-org/llama.cpp PR #6083 "backend : offload
large batches to GPU"; ``GGML_OP_OFFLOAD_MIN_BATCH`` = 32 in ggml-backend.cpp / ggml-cuda.cu); so prefill = the
all-GPU prefill + that upload + the host layers' attention
on the CPU (their KV is in host memory). PCIe runs at 0.87 of its headline rate (55.4 GB/s measured host-to-device
on Gen5 x16: shared reference hardware.md section 6, ref S19). ``offloaded`` applies this split to a decode step's
placement over memory tiers (``placement.Placement``).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Mapping

from .assumptions import DEFAULT, Assumptions
from .dtypes import StorageFormat
from .gguf import is_gguf, quantize
from .hardware import HardwareProfile
from .hosts import HostProfile
from .fitter import Fitter
from .memory import CacheLayout, MemoryBreakdown, weight_bytes
from .placement import Placement, TierUse
from .quant import WeightPlan
from .roofline import _read_groups, prefill
from .steptime import Device, StepWork, engine_time, ideal_time, step_work

PCIE_EFFICIENCY = 0.87  # achievable / headline per direction (55.4 of 64 GB/s, Gen5 x16 host-to-device)
OP_OFFLOAD_MIN_BATCH = 32  # tokens per micro-batch from which host-weight matmuls run on the GPU
LAYER_GROUPS = ("attention", "dense_ffn", "routed_experts", "shared_experts", "router", "norms")


@dataclass(frozen=True)
class WeightLayout:
    """Weight bytes by place in the llama.cpp graph: per decoder layer, the input embedding, the output layer."""

    layers: tuple[int, ...]  # index = layer
    input_bytes: int  # token (+ position) embeddings: always in host memory
    output_bytes: int  # final norm + output matrix (+ an encoder): with the output layer
    tied_bytes: int = 0  # a tied output matrix: the input embedding, duplicated onto the GPU with the output layer

    @property
    def total(self) -> int:
        return sum(self.layers) + self.input_bytes + self.output_bytes


def weight_layout(layout: CacheLayout, wfmt: StorageFormat | WeightPlan) -> WeightLayout:
    """Bytes per layer of ``wfmt``: exact per tensor for a GGUF preset on the model's own attention, else each group's
    bytes spread evenly over the layers (``sum == memory.weight_bytes``)."""
    spec, scheme = layout.spec, layout.scheme
    groups = dict(scheme.param_groups(spec).items())
    total = weight_bytes(spec, scheme, wfmt, 1)
    if isinstance(wfmt, WeightPlan) and is_gguf(wfmt.name) and groups == dict(spec.param_groups().items()):
        g = quantize(spec, wfmt.name)
        inp = sum(t.nbytes for t in g.tensors if t.group == "embeddings")
        per_layer = g.layer_bytes(spec.n_layers)
        return WeightLayout(tuple(per_layer), inp, g.nbytes - inp - sum(per_layer), inp if spec.tied_embeddings else 0)

    def group_bytes(name: str, params: int) -> int:
        return wfmt.fmt(name).bytes(params) if isinstance(wfmt, WeightPlan) else wfmt.row_bytes(params)

    inp = group_bytes("embeddings", groups["embeddings"])
    final_norm = spec.final_norm_vectors * spec.d_model
    out = group_bytes("lm_head", groups["lm_head"]) + group_bytes("norms", final_norm) \
        + group_bytes("encoder", groups["encoder"]) + group_bytes("other", groups["other"])
    per_layer_total = max(0, total - inp - out)
    base, extra = divmod(per_layer_total, spec.n_layers)
    layers = tuple(base + (1 if i < extra else 0) for i in range(spec.n_layers))
    return WeightLayout(layers, inp, out, inp if spec.tied_embeddings else 0)


@dataclass(frozen=True)
class Offload:
    """Where the weights and KV cache of one configuration live, and the decode/prefill time split."""

    host: str  # host profile id
    ngl: int  # llama.cpp -ngl as applied (n_layers + 1: everything on the GPU)
    gpu_layers: int  # decoder layers on the GPU
    n_layers: int
    output_on_gpu: bool
    unified: bool  # one memory pool (Apple silicon): nothing is offloaded
    gpu_weight_bytes: int
    host_weight_bytes: int
    gpu_kv_bytes: int
    host_kv_bytes: int
    max_ngl: int | None  # the largest -ngl whose GPU part fits (None: unified memory)
    decode_gpu_s: float
    decode_host_s: float
    decode_transfer_s: float
    prefill_gpu_s: float
    prefill_host_s: float
    prefill_transfer_s: float  # host weights uploaded to the GPU per micro-batch (op offload)

    @property
    def host_bytes(self) -> int:
        """Weights and KV cache in host memory."""
        return self.host_weight_bytes + self.host_kv_bytes

    @property
    def decode_s(self) -> float:
        return self.decode_gpu_s + self.decode_host_s + self.decode_transfer_s

    @property
    def prefill_s(self) -> float:
        return self.prefill_gpu_s + self.prefill_host_s + self.prefill_transfer_s

    def split_dict(self) -> dict:
        """The decode-time split as JSON (``decode_split``)."""
        return dict(gpu_s=self.decode_gpu_s, host_s=self.decode_host_s, transfer_s=self.decode_transfer_s)

    def prefill_split_dict(self) -> dict:
        """The prefill-time split as JSON (``prefill_split``)."""
        return dict(gpu_s=self.prefill_gpu_s, host_s=self.prefill_host_s, transfer_s=self.prefill_transfer_s)


def place(w: WeightLayout, ngl: int, unified: bool) -> tuple[int, int, int, bool]:
    """(GPU layers, GPU weight bytes, host weight bytes, output on GPU) for llama.cpp's ``-ngl ngl``."""
    n = len(w.layers)
    if unified:
        return n, w.total, 0, True
    k, out_gpu = min(ngl, n), ngl > n
    gpu = sum(w.layers[n - k:]) + (w.output_bytes + w.tied_bytes if out_gpu else 0)
    host = sum(w.layers[:n - k]) + w.input_bytes + (0 if out_gpu else w.output_bytes)
    return k, gpu, host, out_gpu


class ShareFitter(Fitter):
    """``fitter.Fitter`` for the GPU part: weights given, KV cache of ``k`` of ``n`` layers."""

    def __init__(self, layout: CacheLayout, w_bytes: int, capacity: int, a: Assumptions, prompt: int | None,
                 k: int, n: int):
        super().__init__(layout, w_bytes, capacity, a, prompt)
        self.k, self.n = k, n

    def breakdown(self, ctx: int, batch: int) -> MemoryBreakdown:
        b = super().breakdown(ctx, batch)
        return dataclasses.replace(b, kv_bytes=b.kv_bytes * self.k // self.n)


def max_ngl(layout: CacheLayout, w: WeightLayout, capacity: int, a: Assumptions, prompt: int | None, ctx: int,
            batch: int) -> int:
    """The largest -ngl (0 .. n_layers + 1) whose GPU part (weights, KV of its layers, activations, reserve) fits;
    0 also when not even that fits."""
    n = len(w.layers)
    best = 0
    for ngl in range(n + 2):
        k, gpu_w, _, _ = place(w, ngl, False)
        if ShareFitter(layout, gpu_w, capacity, a, prompt, k, n).breakdown(ctx, batch).fits:
            best = ngl
        else:
            break
    return best


def _pcie_bytes_per_s(gpu: HardwareProfile, host: HostProfile) -> float:
    """One direction of the GPU's PCIe link (the slower of card and CPU), at the achievable fraction."""
    rates = [f.value for f in (gpu.pcie_bw_bytes_per_s, host.pcie_bw_bytes_per_s) if f is not None] or [64e9]
    return min(rates) / 2 * PCIE_EFFICIENCY


def _gpu_time(work: StepWork, gpu: HardwareProfile, wfmt, kv_compute: str, terms: Mapping[str, float] | None,
              a: Assumptions) -> float:
    if terms is None:
        return float(ideal_time(work, gpu, wfmt, kv_compute, 1, a))
    return float(engine_time(work, Device.of(gpu, wfmt, kv_compute, 1), terms))


def offload(layout: CacheLayout, gpu: HardwareProfile, host: HostProfile, wfmt: StorageFormat | WeightPlan,
            kv_compute: str, *, ngl: int, batch: int, ctx: int, prompt: int, full_prefill_s: float,
            terms: Mapping[str, float] | None, a: Assumptions = DEFAULT, prompt_tokens: int | None = None) -> Offload:
    """Place and time one configuration (tp = 1). ``terms``: the engine's resolved terms (None: ``ideal``);
    ``full_prefill_s``: the prefill with every layer on the GPU (the engine's or the roofline's); ``prompt_tokens``:
    as given to ``estimate`` (None: the whole context), for the memory fit."""
    spec = layout.spec
    n = spec.n_layers
    unified = gpu.form_factor == "soc"
    w = weight_layout(layout, wfmt)
    ngl = max(0, min(ngl, n + 1))
    k, gpu_w, host_w, out_gpu = place(w, ngl, unified)
    kv_all = batch * layout.seq_bytes(ctx)
    gpu_kv = kv_all * k // n
    full = step_work(layout, wfmt, float(batch), float(ctx), a=a)
    # weight bytes one step reads: layers (MoE: the experts the batch touches), the output matrix, input rows
    read = _read_groups(layout, batch)
    per_elem = {g: (wfmt.fmt(g).bits_per_element if isinstance(wfmt, WeightPlan) else wfmt.bits_per_element) / 8
                for g in read}
    layer_read = sum(read[g] * per_elem[g] for g in LAYER_GROUPS)
    head_group = "embeddings" if spec.tied_embeddings else "lm_head"
    head_read = read[head_group] * per_elem[head_group]
    share = sum(w.layers[n - k:]) / max(1, sum(w.layers))
    head_flops = 2.0 * batch * spec.vocab_size * spec.d_model
    layer_flops = full.weight_flops - head_flops
    f_gpu = k / n
    gpu_work = dataclasses.replace(
        full.scaled(f_gpu), weight_bytes=layer_read * share + (head_read if out_gpu else 0.0),
        weight_flops=layer_flops * f_gpu + (head_flops if out_gpu else 0.0))
    on_gpu = k > 0 or out_gpu
    decode_gpu = _gpu_time(gpu_work, gpu, wfmt, kv_compute, terms, a) if on_gpu else 0.0
    host_bytes_read = layer_read * (1 - share) + (0.0 if out_gpu else head_read) + full.kv_bytes * (1 - f_gpu)
    host_flops = layer_flops * (1 - f_gpu) + (0.0 if out_gpu else head_flops) + full.decode_attn_flops * (1 - f_gpu)
    decode_host = 0.0
    if host_bytes_read > 0 and not unified:
        decode_host = max(host_bytes_read / host.bw_bytes_per_s, host_flops / host.flops_per_s if host.flops_per_s
                          else 0.0)
    pcie = _pcie_bytes_per_s(gpu, host)
    crossings = (1 if 0 < k < n else 0) + (1 if k == n and not out_gpu and k > 0 else 0)
    transfer = 0.0 if unified else crossings * batch * spec.d_model * 4 / pcie
    # prefill: the all-GPU prefill, plus host weights uploaded per micro-batch (or streamed by the CPU below 32 tokens)
    chunk = int(terms["max_tokens_per_step"]) if terms is not None else a.prefill_chunk_tokens
    tokens = batch * prompt
    steps = -(-tokens // max(1, chunk))
    host_w_compute = host_w - w.input_bytes
    up, pf_host = 0.0, 0.0
    if not unified and host_w_compute > 0:
        if tokens / steps >= OP_OFFLOAD_MIN_BATCH:
            up = steps * host_w_compute / pcie
        else:
            pf_host = steps * host_w_compute / host.bw_bytes_per_s
    pf_attn = prefill(layout, gpu, wfmt, kv_compute, batch, prompt, a).attn_flops * (1 - f_gpu)
    if not unified and host.flops_per_s and pf_attn:
        pf_host += pf_attn / host.flops_per_s
    fits_ngl = None if unified else max_ngl(layout, w, gpu.capacity_bytes, a, prompt_tokens, ctx, batch)
    return Offload(host.id, n + 1 if unified else ngl, k, n, out_gpu, unified, gpu_w, host_w, int(gpu_kv),
                   int(kv_all - gpu_kv), fits_ngl, decode_gpu, decode_host, transfer, full_prefill_s, pf_host, up)


def offloaded(pl: Placement, off, host, main: str) -> Placement:
    """``pl`` with llama.cpp's partial offload applied (``Offload``): the GPU's main memory (the tier
    ``main``) keeps the weights and KV cache of the layers on the GPU, host DRAM the rest (the host profile's memory,
    added as a tier where the GPU profile lists none). Memory time = the offload's decode split (GPU + host + PCIe)."""
    out = []
    for t in pl.tiers:
        if t.name == main:
            stored = {"weights": float(off.gpu_weight_bytes), "kv": float(off.gpu_kv_bytes)}
        elif t.name == "host_dram":
            stored = {"weights": float(off.host_weight_bytes), "kv": float(off.host_kv_bytes)}
        else:
            stored = {k: 0.0 for k in t.stored}
        out.append(dataclasses.replace(t, stored=stored, read_bytes=sum(stored.values())))
    if not any(t.name == "host_dram" for t in out):
        stored = {"weights": float(off.host_weight_bytes), "kv": float(off.host_kv_bytes)}
        label = f"{host.name} (system RAM; capacity not modelled)"
        out.append(TierUse("host_dram", label, False, 0, host.bw_bytes_per_s, True, stored, sum(stored.values())))
    return dataclasses.replace(pl, rule="llamacpp", tiers=tuple(out), unplaced_bytes=0.0,
                   mem_s=off.decode_gpu_s + off.decode_host_s + off.decode_transfer_s)


__all__ = ["LAYER_GROUPS", "OP_OFFLOAD_MIN_BATCH", "Offload", "PCIE_EFFICIENCY", "ShareFitter", "WeightLayout",
           "max_ngl", "offload", "offloaded", "place", "weight_layout"]
