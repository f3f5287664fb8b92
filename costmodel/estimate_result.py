"""The result of ``estimate``: ``Estimate`` (one configuration's memory per GPU, limits and speeds), the views derived
from it, and its JSON form (``Estimate.to_dict`` with ``offload_dict`` and ``quantization_dict``)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Callable

from .memory import MemoryBreakdown
from .offload import Offload
from .placement import Placement
from .quant import QuantSpec
from .roofline import StepCost


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
