"""Per-GPU memory and roofline step times of a general deployment (PP, EP, DP attention).

The same terms as ``memory`` and ``roofline`` (weights by group, cache, activations, reserve; bytes / bandwidth
vs FLOPs / peak, plus collectives), split by where each parameter group lives:
attention params on ``att`` GPUs (1 with DP attention, else ``tp``), routed experts on ``ep`` GPUs (whole) or
sliced over ``tp``, everything else sliced over ``tp``; each pipeline stage holds 1/pp of the layers. A decode
token passes all ``pp`` stages; with ``pp`` micro-batches in flight the time per output token is ``pp`` stage
passes of one micro-batch plus the ``pp - 1`` activation hops. For a pure-TP deployment every number equals
``estimate.estimate`` (tests check it); that path calls ``estimate`` itself (``speed.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..assumptions import Assumptions
from ..dtypes import StorageFormat
from ..hardware import HardwareProfile
from ..memory import CacheLayout, activation_bytes, weight_params
from ..roofline import _layer_flops, causal_ctx_sum, compute_params, experts_touched
from ..schemes import Scheme
from ..spec import ModelSpec
from .deploy import Deployment

NETWORK_BYTES_PER_S = (
    50e9  # one direction per GPU: one 400 Gb/s ConnectX-7 per GPU (DGX H100, hardware.md section 4, S20)
)


@dataclass(frozen=True)
class Shape:
    """Model x scheme x formats x GPU: everything but the deployment and the batch."""

    spec: ModelSpec
    sch: Scheme
    prof: HardwareProfile
    wfmt: StorageFormat
    kfmt: StorageFormat
    state_fmt: StorageFormat
    a: Assumptions
    context: int
    prompt: int | None  # tokens prefilled per request (None: the whole context)

    @cached_property
    def attn_params(self) -> int:
        return self.spec.n_layers * self.sch.attn_params(self.spec)

    @cached_property
    def expert_params(self) -> int:
        s = self.spec
        return s.n_moe_layers * s.n_routed_experts * s.expert_params()

    @cached_property
    def total_params(self) -> int:
        return weight_params(self.spec, self.sch)

    @cached_property
    def active_expert_params(self) -> int:
        s = self.spec
        return s.n_moe_layers * s.experts_per_token * s.expert_params()

    def layout(self, att: int) -> CacheLayout:
        return CacheLayout.build(self.spec, self.sch, self.kfmt, self.state_fmt, att)


def _link(prof: HardwareProfile, n: int) -> float:
    """One-direction bytes/s between ``n`` GPUs: fast link inside its domain, PCIe inside a server, else network."""
    if n <= prof.nvlink_domain and prof.link_bw_bytes_per_s:
        return prof.link_bw_bytes_per_s.value / 2
    if n <= prof.n_per_server:
        return prof.pcie_bw_bytes_per_s.value / 2 if prof.pcie_bw_bytes_per_s else 32e9
    return NETWORK_BYTES_PER_S


class General:
    """Memory and step times of one deployment of one shape."""

    def __init__(self, shape: Shape, d: Deployment):
        self.s, self.d = shape, d
        self.att = 1 if d.dp_attn else d.tp
        self.groups = d.width // self.att  # attention groups per stage (each serves its own sequences)
        self.lay = shape.layout(self.att)
        x, a, t = shape.expert_params, shape.attn_params, shape.total_params
        self.x_div = d.ep if d.ep > 1 else d.tp
        rest = t - a - x
        if d.pure_tp:
            per_gpu = -(-t // d.tp)
        else:
            per_gpu = -(-a // self.att) + -(-x // self.x_div) + -(-rest // d.tp)
        self.weight_bytes = shape.wfmt.row_bytes(-(-per_gpu // d.pp))

    # ---- memory
    def seqs_per_group(self, batch: int) -> int:
        return -(-batch // self.groups)

    def total_bytes(self, batch: int) -> int:
        s, d = self.s, self.d
        kv = -(-(self.seqs_per_group(batch) * self.lay.seq_bytes(s.context)) // d.pp)
        prompt = s.context if s.prompt is None else min(s.prompt, s.context)
        act = int(activation_bytes(s.spec, -(-batch * d.tp // d.width), max(prompt, 1), d.tp, s.a))
        reserve = s.a.reserve_bytes + int(s.a.reserve_fraction * s.prof.capacity_bytes)
        return self.weight_bytes + int(kv) + act + reserve

    def fits(self, batch: int) -> bool:
        return self.total_bytes(batch) <= self.s.prof.capacity_bytes

    # ---- time
    def _collectives(self, tok_group: float, tok_rest: float, routed: float) -> float:
        """All-reduces inside the TP group (attention unless DP, dense layers, sliced experts) and, with EP,
        the all-to-all dispatch + combine of ``routed`` token copies per GPU per MoE layer; one stage."""
        s, d, a = self.s, self.d, self.s.a
        spec, pp = s.spec, d.pp
        attn_layers = spec.n_layers if self.att > 1 else 0
        ffn_layers = spec.n_layers - (spec.n_moe_layers if d.ep > 1 else 0)
        out = 0.0
        if d.tp > 1 and attn_layers + ffn_layers:
            n_bytes = (attn_layers * tok_group + ffn_layers * tok_rest) * spec.d_model * a.activation_bytes_per_elem
            out += (
                2 * (d.tp - 1) / d.tp * n_bytes / pp / (_link(s.prof, d.tp) * a.link_efficiency)
                + (attn_layers + ffn_layers) / pp * a.allreduce_latency_s
            )
        if d.ep > 1 and spec.n_moe_layers:
            n_bytes = 2 * routed * spec.d_model * a.activation_bytes_per_elem * (d.ep - 1) / d.ep
            out += (
                spec.n_moe_layers
                / pp
                * (n_bytes / (_link(s.prof, d.ep) * a.link_efficiency) + 2 * a.allreduce_latency_s)
            )
        return out

    def _hop_s(self, tokens: float) -> float:
        s, d = self.s, self.d
        if d.pp == 1:
            return 0.0
        link = _link(s.prof, d.gpus)
        return (d.pp - 1) * (
            tokens * s.spec.d_model * s.a.activation_bytes_per_elem / (link * s.a.link_efficiency)
            + s.a.allreduce_latency_s
        )

    def _time(self, hbm: float, w_flops: float, attn_flops: float) -> tuple[float, float]:
        s = self.s
        mem = hbm / (s.prof.bw_bytes_per_s * s.a.bw_efficiency_on(s.prof))
        comp = (
            w_flops / s.prof.peak_flops_per_s(s.wfmt.compute) + attn_flops / s.prof.peak_flops_per_s(s.kfmt.compute)
        ) / s.a.flops_efficiency
        return mem, comp

    def _params_split(self, tokens_rest: float) -> tuple[float, float, float]:
        s = self.s
        rest_active = compute_params(self.lay) - s.attn_params - s.active_expert_params
        return s.attn_params, s.active_expert_params, rest_active

    def decode_s(self, batch: int) -> float:
        """Time per output token of the replica at ``batch`` sequences (``pp`` micro-batches in flight)."""
        s, d, spec = self.s, self.d, self.s.spec
        m = -(-batch // d.pp)  # micro-batch
        m_g = self.seqs_per_group(m)  # sequences per attention group (per GPU with DP attention)
        m_r = -(-m * d.tp // d.width)  # tokens through one TP group's dense layers
        tok_moe = m if d.ep > 1 else m_r
        idle = (
            spec.n_routed_experts - experts_touched(spec.n_routed_experts, spec.experts_per_token, tok_moe)
            if spec.is_moe
            else 0.0
        )
        a_p, x_act, r_act = self._params_split(m_r)
        x_read = (s.expert_params - spec.n_moe_layers * idle * spec.expert_params()) / self.x_div
        rest_read = s.total_params - s.attn_params - s.expert_params - self.s.sch.decode_skipped_params(spec)
        if not spec.tied_embeddings:
            rest_read -= (spec.vocab_size - min(m_r, spec.vocab_size)) * spec.d_model
        w_bytes = (a_p / self.att + x_read + rest_read / d.tp) / d.pp * s.wfmt.bits_per_element / 8
        cache = m_g * self.lay.seq_read_bytes(s.context) / d.pp
        resident = m_g * self.lay.seq_bytes(s.context) / d.pp <= s.a.sram_fraction * s.prof.onchip_bytes
        hbm = w_bytes + (0.0 if resident else cache)
        x_tok = (m * x_act / d.ep) if d.ep > 1 else m_r * x_act / d.tp
        w_flops = 2.0 * (m_g * a_p / self.att + x_tok + m_r * r_act / d.tp) / d.pp
        attn = m_g * _layer_flops(self.lay, s.context, lambda c: s.sch.decode_flops(spec, c, self.att)) / d.pp
        mem, comp = self._time(hbm, w_flops, attn)
        routed = m * spec.experts_per_token / d.width
        stage = max(mem, comp) + self._collectives(m_g, m_r, routed)
        return d.pp * stage + self._hop_s(m)

    def prefill_s(self, prompt: int) -> float:
        """One prompt of ``prompt`` tokens on an idle replica (time to first token, without queueing)."""
        s, d, spec = self.s, self.d, self.s.spec
        a_p, x_act, r_act = self._params_split(prompt)
        x_tok = prompt * x_act / (d.ep if d.ep > 1 else d.tp)
        w_flops = 2.0 * prompt * (a_p / self.att + r_act / d.tp) / d.pp + 2.0 * x_tok / d.pp
        n_sl = spec.n_sliding_layers if self.lay.window else 0
        attn = (spec.n_layers - n_sl) * s.sch.prefill_flops(spec, prompt, causal_ctx_sum(prompt), self.att)
        if n_sl:
            attn += n_sl * s.sch.prefill_flops(spec, prompt, causal_ctx_sum(prompt, self.lay.window), self.att)
        attn /= d.pp
        hbm = self.weight_bytes + self.lay.seq_bytes(prompt) / d.pp
        mem, comp = self._time(hbm, w_flops, attn)
        routed = prompt * spec.experts_per_token / d.tp
        stage = max(mem, comp) + self._collectives(prompt, prompt, routed)
        return d.pp * stage + self._hop_s(prompt)


__all__ = ["General", "Shape", "NETWORK_BYTES_PER_S"]
