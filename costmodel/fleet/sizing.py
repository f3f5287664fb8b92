"""Size one deployment for a demand: replicas, batch, latency, utilisation (one definition: demand / capacity).

For a batch cap ``b`` per replica (memory and the TPOT limit bound it):
* users N:       replicas = ceil(N x headroom / b); capacity = replicas x b sequences; demand tokens/s = N / TPOT.
* tokens/s R:    replicas = ceil(R x headroom / (b / TPOT(b))); capacity = replicas x b / TPOT(b).
* requests/day:  co-located, a replica serves min(1 / (prefill + OSL x TPOT(b) / b), b / latency) requests/s
                 (GPU time, and memory by Little's law with latency = prefill + OSL x TPOT(b)); prefill steals
                 decode time: TPOT / (1 - rho), TTFT = prefill (1 + rho / (2 (1 - rho))) (M/D/1 wait), rho =
                 the prefill share of a replica's time. Disaggregated: a prefill pool kept at rho <= 1/headroom,
                 a decode pool by Little's law, the prompt's KV sent over the network (added to TTFT).
Utilisation = demanded tokens/s / capacity tokens/s (capacity: every replica at its batch cap); headroom sizes the
fleet, utilisation reports it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .deploy import Deployment
from .demand import SLO, Demand
from .roofline_dp import NETWORK_BYTES_PER_S
from .speed import SpeedModel


def ceil(x: float) -> int:
    """Ceiling of ``x`` that ignores float noise just above an integer (at least 1)."""
    return max(1, math.ceil(x * (1 - 1e-12)))


def largest(lo: int, hi: int, ok) -> int:
    """Largest n in [lo, hi] with ok(n) (ok monotone decreasing, ok(lo) true)."""
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if ok(mid) else (lo, mid - 1)
    return lo


@dataclass(frozen=True)
class Sized:
    """One deployment sized for the demand at one batch cap (before costing)."""

    deployment: Deployment
    replicas: int
    batch_per_replica: int  # sequences a replica runs at the target demand
    max_batch: int  # the cap: memory and the TPOT limit allow no more
    max_batch_memory: int
    ttft_s: float
    tpot_s: float  # at batch_per_replica
    tpot_max_batch_s: float  # at the cap (the headroom peak)
    demand_tokens_per_s: float
    capacity_tokens_per_s: float
    utilization: float
    demand_sequences: float
    prefill: "Sized | None" = None  # disaggregated: the prefill pool
    kv_transfer_s: float = 0.0

    @property
    def gpus(self) -> int:
        own = self.replicas * self.deployment.gpus
        return own + (self.prefill.gpus if self.prefill else 0)


def batch_cap(speed: SpeedModel, d: Deployment, slo: SLO) -> tuple[int, int]:
    """(memory limit, largest batch also meeting the TPOT limit); (m, 0) when batch 1 misses it."""
    mem = speed.max_batch(d)
    if mem == 0:
        return 0, 0
    if slo.tpot_s is None:
        return mem, mem
    limit = slo.tpot_s * (1 + 1e-12)
    if speed.tpot_s(d, 1) > limit:
        return mem, 0
    return mem, largest(1, mem, lambda b: speed.tpot_s(d, b) <= limit)


def size(speed: SpeedModel, d: Deployment, demand: Demand, b: int, mem: int, headroom: float) -> Sized:
    """Deployment ``d`` with at most ``b`` sequences per replica, co-located prefill and decode."""
    step = speed.tpot_s(d, b)
    prefill = speed.prefill_s(d, demand.prompt_for_ttft)
    if demand.kind == "users":
        n = demand.concurrent_users
        replicas = ceil(n * headroom / b)
        op = min(ceil(n / replicas), b)
        t = speed.tpot_s(d, op)
        demand_tps, cap = n / t, replicas * b / step
        return Sized(d, replicas, op, b, mem, prefill, t, step, demand_tps, cap, demand_tps / cap, n)
    if demand.kind == "tokens_per_s":
        r = demand.tokens_per_s
        replicas = ceil(r * headroom / (b / step))
        need = r / replicas
        op = b - largest(0, b - 1, lambda k: (b - k) / speed.tpot_s(d, b - k) >= need)
        t = speed.tpot_s(d, op)
        cap = replicas * b / step
        return Sized(d, replicas, op, b, mem, prefill, t, step, r, cap, r / cap, op * replicas)
    lam, o = demand.requests_per_s, demand.output_tokens
    latency = prefill + o * step
    cap = min(1 / (prefill + o * step / b), b / latency)  # requests/s per replica
    replicas = ceil(lam * headroom / cap)
    rho = lam / replicas * prefill
    rho_peak = min(rho * headroom, 0.999)
    in_flight = lam * latency
    op = min(ceil(in_flight / replicas), b)
    t = speed.tpot_s(d, op) / (1 - rho)
    ttft = prefill * (1 + rho_peak / (2 * (1 - rho_peak)))
    return Sized(
        d,
        replicas,
        op,
        b,
        mem,
        ttft,
        t,
        step / (1 - rho_peak),
        lam * o,
        replicas * cap * o,
        lam / (replicas * cap),
        in_flight,
    )


def size_disaggregated(
    speed: SpeedModel,
    pre: Deployment,
    dec: Deployment,
    demand: Demand,
    b: int,
    mem: int,
    headroom: float,
    kv_bytes_per_token: int,
) -> Sized:
    """A prefill pool of ``pre`` replicas and a decode pool of ``dec`` replicas (requests target only)."""
    lam, o, p = demand.requests_per_s, demand.output_tokens, demand.prompt_tokens
    s_p = speed.prefill_s(pre, p)
    n_p = ceil(lam * s_p * headroom)  # prefill replicas: busy share <= 1 / headroom
    rho = lam * s_p / n_p
    rho_peak = min(rho * headroom, 0.999)
    kv_s = p * kv_bytes_per_token / (NETWORK_BYTES_PER_S * pre.gpus)
    ttft = s_p * (1 + rho_peak / (2 * (1 - rho_peak))) + kv_s
    pool = Sized(pre, n_p, 1, 1, speed.max_batch(pre), ttft, 0.0, 0.0, 0.0, n_p / s_p * o, rho, lam * s_p)
    step = speed.tpot_s(dec, b)
    in_flight = lam * o * step  # decode residence = OSL x TPOT
    replicas = ceil(in_flight * headroom / b)
    op = min(ceil(in_flight / replicas), b)
    t = speed.tpot_s(dec, op)
    cap = replicas * b / step  # tokens/s
    return Sized(
        dec,
        replicas,
        op,
        b,
        mem,
        ttft,
        t,
        step,
        lam * o,
        cap,
        lam * o / cap,
        in_flight,
        prefill=pool,
        kv_transfer_s=kv_s,
    )


__all__ = ["Sized", "batch_cap", "size", "size_disaggregated", "ceil", "largest"]
