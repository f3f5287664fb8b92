"""Default efficiency factors and memory reserves, each with the evidence behind it.

The UI shows these next to every result; users can change them.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from .units import GiB


@dataclass(frozen=True)
class Assumptions:
    bw_efficiency: float = 0.80
    flops_efficiency: float = 0.70
    link_efficiency: float = 0.80
    allreduce_latency_s: float = 8e-6
    reserve_bytes: int = 1 * GiB
    reserve_fraction: float = 0.0
    prefill_chunk_tokens: int = 8192
    activation_bytes_per_elem: int = 2
    sram_fraction: float = 1.0

    def __post_init__(self) -> None:
        for name in ("bw_efficiency", "flops_efficiency", "link_efficiency"):
            v = getattr(self, name)
            if not 0.01 <= v <= 1.0:
                raise ValueError(f"{name} must be in 0.01..1, got {v}")
        if not 0.0 <= self.reserve_fraction < 1.0:
            raise ValueError(f"reserve_fraction must be in 0..1, got {self.reserve_fraction}")
        if not 0.0 <= self.sram_fraction <= 1.0:
            raise ValueError(f"sram_fraction must be in 0..1, got {self.sram_fraction}")
        if not 0.0 <= self.allreduce_latency_s <= 1e-3:
            raise ValueError(f"allreduce_latency_s must be in 0..1e-3 s, got {self.allreduce_latency_s}")
        if self.reserve_bytes < 0 or self.prefill_chunk_tokens < 1 or self.activation_bytes_per_elem < 1:
            raise ValueError("reserve_bytes >= 0, prefill_chunk_tokens >= 1 and activation_bytes_per_elem >= 1")

    def with_(self, **changes) -> "Assumptions":
        return replace(self, **changes)

    def as_dict(self) -> dict:
        return asdict(self)


WHY: dict[str, str] = {
    "bw_efficiency": ("Fraction of datasheet memory bandwidth reached by decode. Streaming copies reach 85-92% "
                      "(H100 PCIe 90%, onnxruntime #32382; A100 87%); tuned batch-1 decode 65-85% "
                      "(gpt-fast: Llama-2-7B 69%, 70B TP2 73% on A100)."),
    "flops_efficiency": ("Fraction of dense peak reached by large GEMMs/attention: best-shape BF16 GEMM 80% on H100 "
                         "(ml-engineering MAMF), FlashAttention-3 75%; MI300X only 51%."),
    "link_efficiency": "Fraction of NVLink/PCIe speed reached by collectives: NVLink4 p2p 83% (NVIDIA/nccl #1264).",
    "allreduce_latency_s": ("Fixed time of one small all-reduce (two per layer per step under tensor parallelism): "
                            "~6 us on 2x H100 NVLS (NVIDIA/nccl #1259), 10-34 us ring on DGX-A100 without CUDA "
                            "graphs (nccl-tests #123), 2.3-3 us best-tuned on H200/B200 (NVIDIA/nccl #1940)."),
    "reserve_bytes": "CUDA context, allocator fragmentation and workspaces, held back from the capacity.",
    "reserve_fraction": "Extra fraction of capacity held back (vLLM's gpu_memory_utilization=0.9 is 0.10).",
    "prefill_chunk_tokens": "Tokens processed at once in (chunked) prefill; sets the activation peak.",
    "activation_bytes_per_elem": "Activation precision in bytes (bf16 = 2).",
    "sram_fraction": ("Share of L2 the KV working set may use to count as on-chip resident (then its reads are "
                      "served on chip and leave HBM traffic)."),
}

DEFAULT = Assumptions()
