"""The warnings an ``Estimate`` carries: what the inputs leave uncertain (checkpoint quantization, missing rates,
context past the model's positions, tensor parallelism past the link or the heads, schemes that need training or
conversion), what the part's memory tiers and placement cannot time, and llama.cpp's offload notes."""
from __future__ import annotations

from functools import lru_cache

from .engines import EngineProfile
from .hardware import HardwareProfile
from .i18n import Message, msg
from .offload import Offload
from .placement import Placement
from .quant import WeightPlan
from .schemes import LogLinearAttention, Scheme, native_scheme, num_levels
from .spec import ModelSpec
from .units import fmt_seconds


@lru_cache(maxsize=4096)
def described(sch: Scheme, spec: ModelSpec):
    """``sch.describe(spec)``, built once per (scheme, model): both are frozen and hash by value."""
    return sch.describe(spec)


def config_warnings(spec: ModelSpec, gpu: HardwareProfile, sch: Scheme, context: int, tp: int, wfmt,
                    kv_compute: str) -> list[Message]:
    """What the inputs leave uncertain: quantization, rates, positions, tensor parallelism, scheme training."""
    out = []
    if spec.defaulted:
        out.append(msg("warn.defaulted", fields=", ".join(spec.defaulted)))
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
    elif not sch.exact and described(sch, spec) != described(native_scheme(spec), spec):
        out.append(msg("warn.converted", scheme=described(sch, spec), training=sch.requirement))
    return out


def tier_warnings(prof: HardwareProfile, eng: EngineProfile, rule: str, plc: Placement | None,
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


def offload_warnings(off: Offload | None, gpu_layers: int | None) -> list[Message]:
    """llama.cpp placement notes: unified memory, and layers left in system RAM."""
    if off is None:
        return []
    if off.unified:
        return [msg("off.unified")] if gpu_layers is not None and gpu_layers <= off.n_layers else []
    if off.host_weight_bytes and off.gpu_layers < off.n_layers:
        return [msg("off.partial", k=off.gpu_layers, n=off.n_layers, host=off.host, gb=off.host_bytes / 1e9)]
    return []
