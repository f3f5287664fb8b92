"""Fleet sizing: GPUs per replica (tensor parallelism), replicas, GPUs and servers for a demand target.

A target is concurrent users at a context length, aggregate generated tokens/s, or requests/day with
prompt and output lengths. Requests become a rate lambda = requests/day / 86400 and, by Little's law, a
concurrency N = lambda x latency, where latency = prefill (batch 1) + output x decode step at the
replica's full batch and full context (conservative). ``headroom`` (>= 1) multiplies the demand the fleet
must carry. Per TP (1, 2, 4, ... within one server's NVLink domain) the batch per replica is the largest
that fits memory and, if given, keeps every user at ``slo_tokens_per_s_per_user``; all times come from
``estimate.estimate``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Literal

from .assumptions import DEFAULT, Assumptions
from .engines import DEFAULT_ENGINE, get_engine
from .estimate import MAX_BATCH, Estimate, InputError, estimate, resolve
from .i18n import Message, exc_text, msg
from .roi import SchemeFacts
from .schemes import SchemeError
from .units import fmt_bytes

SECONDS_PER_DAY = 86_400


def _pos(name: str, v, integer: bool = False) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or (integer and not float(v).is_integer()):
        raise InputError(msg("num.not_whole" if integer else "num.not_number", name=name, value=v))
    if not (math.isfinite(v) and v > 0):
        raise InputError(msg("num.not_positive", name=name, value=v))
    return int(v) if integer else float(v)


@dataclass(frozen=True)
class Demand:
    kind: Literal["users", "tokens_per_s", "requests_per_day"]
    context_tokens: int  # tokens held per sequence (memory and decode time)
    concurrent_users: float = 0.0
    tokens_per_s: float = 0.0
    requests_per_day: float = 0.0
    prompt_tokens: int = 0
    output_tokens: int = 0

    def describe(self) -> str:
        if self.kind == "users":
            return msg("dem.users", users=self.concurrent_users, context=self.context_tokens)
        if self.kind == "tokens_per_s":
            return msg("dem.tokens_per_s", rate=self.tokens_per_s, context=self.context_tokens)
        return msg("dem.requests", rate=self.requests_per_day, prompt=self.prompt_tokens, output=self.output_tokens)


def users(n: float, context_tokens: int) -> Demand:
    return Demand("users", _pos("context_tokens", context_tokens, True), concurrent_users=_pos("users", n))


def tokens_per_s(rate: float, context_tokens: int) -> Demand:
    return Demand("tokens_per_s", _pos("context_tokens", context_tokens, True), tokens_per_s=_pos("tokens/s", rate))


def requests_per_day(n: float, prompt_tokens: int, output_tokens: int) -> Demand:
    p, o = _pos("prompt_tokens", prompt_tokens, True), _pos("output_tokens", output_tokens, True)
    return Demand("requests_per_day", p + o, requests_per_day=_pos("requests/day", n), prompt_tokens=p,
                  output_tokens=o)


@dataclass(frozen=True)
class FleetPlan:
    model: str
    gpu: str
    scheme: str
    scheme_token: str
    demand: str  # human-readable target
    demand_kind: str
    feasible: bool
    headroom: float
    slo_tokens_per_s_per_user: float | None
    context_tokens: int
    gpus_per_replica: int  # tensor parallelism; 0 when infeasible
    replicas: int
    gpus: int
    servers: int
    gpus_per_server: int
    nvlink_domain_gpus: int
    max_batch_memory: int  # sequences per replica that fit memory
    max_batch: int  # ... and meet the SLO
    batch_per_replica: int  # sequences per replica at the target
    demand_sequences: float  # concurrent sequences the target puts in flight
    demand_tokens_per_s: float
    capacity_tokens_per_s: float  # whole fleet at max_batch
    tokens_per_s_per_replica: float  # at batch_per_replica
    tokens_per_s_per_user: float  # at batch_per_replica
    step_time_s: float  # one decode step at batch_per_replica
    utilization: float  # demand / capacity (users or tokens/s)
    requests_per_s: float | None
    request_latency_s: float | None  # Little's law latency (requests target)
    prefill_s: float | None  # one prompt, batch 1
    tp_options: tuple[dict, ...]  # every TP tried: tp, max_batch_memory, max_batch, replicas, gpus, servers, reason
    why: tuple[str, ...]
    estimate: Estimate | None = field(default=None, repr=False, compare=False)  # operating point
    _inputs: dict = field(default_factory=dict, repr=False, compare=False)
    engine: str = "ideal"  # serving-engine profile behind every speed of the plan

    @property
    def error_band(self) -> dict | None:
        """The engine's measured error band (see ``EngineProfile.band``)."""
        return get_engine(self.engine).band()

    def to_dict(self) -> dict:
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("estimate", "_inputs")}
        return {**out, "tp_options": [dict(o) for o in self.tp_options], "why": list(self.why),
                "error_band": self.error_band}

    def facts(self, migration_gpu_hours: float | None = None,
              migration_engineering_usd: float | None = None) -> SchemeFacts:
        """The ROI's view of this plan (fleet peak capacity as tokens/s)."""
        if not self.feasible:
            raise ValueError(msg("in.no_fleet_why", scheme=self.scheme, reason=self.why[-1]))
        return SchemeFacts(self.scheme, self.gpus, self.servers, self.capacity_tokens_per_s,
                           migration_gpu_hours, migration_engineering_usd)


def _n(k: int, word: str) -> Message:
    """'1 replica', '3 replicas' (word: replica, GPU or server)."""
    return msg(f"fl.{word}_{'one' if k == 1 else 'many'}", n=k)


def _ceil(x: float) -> int:
    return max(1, math.ceil(x * (1 - 1e-12)))


def _largest(lo: int, hi: int, ok) -> int:
    """Largest n in [lo, hi] with ok(n), ok monotone decreasing and ok(lo) true."""
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if ok(mid) else (lo, mid - 1)
    return lo


class _Sizer:
    def __init__(self, spec, prof, sch, demand: Demand, kw: dict):
        self.spec, self.prof, self.sch, self.d, self.kw, self.cache = spec, prof, sch, demand, kw, {}

    def est(self, tp: int, batch: int) -> Estimate:
        if (tp, batch) not in self.cache:
            prompt = self.d.prompt_tokens or None
            self.cache[tp, batch] = estimate(self.spec, self.prof, self.sch, context=self.d.context_tokens,
                                             batch=batch, prompt_tokens=prompt, tp=tp, **self.kw)
        return self.cache[tp, batch]

    def rate(self, tp: int, b: int) -> float:  # generated tokens/s of one replica at batch b
        return b / self.est(tp, b).decode_s_per_token

    def servers(self, tp: int, replicas: int) -> int:
        n = self.prof.n_per_server
        return -(-replicas // (n // tp)) if tp <= n else replicas * -(-tp // n)


def _option(z: _Sizer, tp: int, slo: float | None, headroom: float) -> dict:
    d = z.d
    opt = {"tp": tp, "max_batch_memory": 0, "max_batch": 0, "replicas": 0, "gpus": 0, "servers": 0, "reason": ""}
    try:
        e1 = z.est(tp, 1)
    except SchemeError as exc:  # this tp cannot split the model's heads (vLLM's rule)
        opt["reason"] = exc_text(exc)
        return opt
    m = e1.memory
    if not m.fits:
        opt["reason"] = msg("fl.no_fit", tp=tp, context=d.context_tokens, total=fmt_bytes(m.total_bytes),
                            weights=fmt_bytes(m.weight_bytes), cap=fmt_bytes(m.capacity_bytes))
        return opt
    mem = min(e1.max_batch or MAX_BATCH, MAX_BATCH)
    opt["max_batch_memory"] = mem
    if slo and 1 / e1.decode_s_per_token < slo:
        opt["reason"] = msg("fl.slo_miss", tp=tp, rate=1 / e1.decode_s_per_token, slo=slo)
        return opt
    bmax = _largest(1, mem, lambda b: 1 / z.est(tp, b).decode_s_per_token >= slo) if slo else mem
    step = z.est(tp, bmax).decode_s_per_token
    opt.update(max_batch=bmax, capacity_per_replica=bmax / step, step_max=step)
    if d.kind == "tokens_per_s":
        replicas = _ceil(d.tokens_per_s * headroom / (bmax / step))
        need = d.tokens_per_s / replicas
        batch = bmax - _largest(0, bmax - 1, lambda k: z.rate(tp, bmax - k) >= need)
        opt.update(sequences=float(batch * replicas), util=d.tokens_per_s / (replicas * bmax / step))
    elif d.kind == "users":
        n = d.concurrent_users
        replicas = _ceil(n * headroom / bmax)
        batch = _ceil(n / replicas)
        opt.update(sequences=n, util=n / (replicas * bmax))
    else:  # requests: a replica's rate is bounded by its time (prefill + decode share) and its memory (Little)
        lam, o, pre, dec = d.requests_per_day / SECONDS_PER_DAY, d.output_tokens, e1.prefill_cost, z.est(tp, bmax).decode
        latency = e1.prefill_s + o * step
        if z.est(tp, bmax).engine == "ideal":  # one roofline over the prefill and the decode share
            t_req = (max(o * dec.mem_s / bmax + pre.mem_s, o * dec.compute_s / bmax + pre.compute_s)
                     + o * dec.comm_s / bmax + pre.comm_s)
        else:  # an engine's steps do not overlap: decode share + the prompt's prefill
            t_req = o * step / bmax + e1.prefill_s
        cap = min(1 / t_req, bmax / latency)  # requests/s per replica
        replicas = _ceil(lam * headroom / cap)
        n = lam * latency
        batch = min(_ceil(n / replicas), bmax)
        opt.update(sequences=n, util=lam / (replicas * cap), capacity_per_replica=cap * o, requests_per_s=lam,
                   latency=latency, prefill_s=e1.prefill_s, t_req=t_req,
                   bound=msg("fl.bound_memory" if bmax / latency < 1 / t_req else "fl.bound_time"))
    counts = dict(tp=tp, batch=bmax, replicas=_n(replicas, "replica"), gpus=_n(replicas * tp, "GPU"))
    opt.update(replicas=replicas, gpus=replicas * tp, servers=z.servers(tp, replicas), batch=batch,
               reason=msg("fl.option_slo", memory=mem, slo=slo, **counts) if bmax < mem else msg("fl.option", **counts))
    return opt


def plan_fleet(model, gpu, scheme, demand: Demand, *, headroom: float = 1.2,
               slo_tokens_per_s_per_user: float | None = None, tp: int | None = None,
               tp_policy: Literal["smallest", "fewest_gpus"] = "smallest", kv_dtype: str = "bf16",
               weight_dtype: str = "bf16", state_dtype: str = "fp32",
               assumptions: Assumptions = DEFAULT, engine: str = DEFAULT_ENGINE) -> FleetPlan:
    """Size a fleet of ``gpu`` serving ``model`` with ``scheme`` for ``demand``; speeds from ``engine``'s profile.

    TP candidates are 1, 2, 4, ... up to the NVLink domain (or just ``tp``). ``tp_policy`` "smallest" (default,
    the usual serving rule) takes the smallest TP that fits (and meets the SLO); "fewest_gpus" the TP whose fleet
    needs fewest GPUs (then fewest servers, then most peak tokens/s, then the smallest TP): a bigger TP frees
    much more KV memory per GPU, so it can need fewer GPUs in total."""
    if not isinstance(demand, Demand):
        raise InputError(msg("in.demand"))
    headroom = _pos("headroom", headroom)
    if headroom < 1:
        raise InputError(msg("in.headroom", value=headroom))
    slo = None if slo_tokens_per_s_per_user is None else _pos(msg("num.slo_name"), slo_tokens_per_s_per_user)
    if tp_policy not in ("fewest_gpus", "smallest"):
        raise InputError(msg("in.tp_policy", value=tp_policy))
    spec, prof, sch = resolve(model, gpu, scheme)
    kw = dict(kv_dtype=kv_dtype, weight_dtype=weight_dtype, state_dtype=state_dtype, assumptions=assumptions,
              engine=engine)
    z = _Sizer(spec, prof, sch, demand, kw)
    dom = prof.nvlink_domain
    tps = [_pos("tp", tp, True)] if tp else [2**i for i in range(11) if 2**i <= dom]
    opts = [_option(z, t, slo, headroom) for t in tps]
    why = [msg("fl.target_slo", demand=demand.describe(), headroom=headroom, slo=slo) if slo
           else msg("fl.target", demand=demand.describe(), headroom=headroom)]
    why += [o["reason"] for o in opts]
    ok = [o for o in opts if o["replicas"]]
    base = dict(model=spec.name, gpu=prof.name, scheme=sch.describe(spec), scheme_token=sch.token(),
                demand=demand.describe(), demand_kind=demand.kind, headroom=headroom, slo_tokens_per_s_per_user=slo,
                context_tokens=demand.context_tokens, gpus_per_server=prof.n_per_server, nvlink_domain_gpus=dom,
                tp_options=tuple({k: o[k] for k in ("tp", "max_batch_memory", "max_batch", "replicas", "gpus",
                                                    "servers", "reason")} for o in opts),
                _inputs=dict(z=z, slo=slo, headroom=headroom), engine=get_engine(engine).id)
    if not ok:
        fits = any(o["max_batch_memory"] for o in opts)
        why.append(msg("fl.no_slo" if fits else "fl.too_big", domain=dom, gpu=prof.name,
                       at=msg("fl.at_tp", tp=tp) if tp else ""))
        return FleetPlan(**base, feasible=False, gpus_per_replica=0, replicas=0, gpus=0, servers=0,
                         max_batch_memory=max(o["max_batch_memory"] for o in opts), max_batch=0, batch_per_replica=0,
                         demand_sequences=0.0, demand_tokens_per_s=0.0, capacity_tokens_per_s=0.0,
                         tokens_per_s_per_replica=0.0, tokens_per_s_per_user=0.0, step_time_s=0.0, utilization=0.0,
                         requests_per_s=None, request_latency_s=None, prefill_s=None, why=tuple(why))
    key = (lambda o: o["tp"]) if tp_policy == "smallest" else (
        lambda o: (o["gpus"], o["servers"], -o["replicas"] * o["capacity_per_replica"], o["tp"]))
    best = min(ok, key=key)
    t, b = best["tp"], best["batch"]
    op = z.est(t, b)
    step = op.decode_s_per_token
    demand_tps = {"users": demand.concurrent_users / step, "tokens_per_s": demand.tokens_per_s,
                  "requests_per_day": demand.requests_per_day / SECONDS_PER_DAY * demand.output_tokens}[demand.kind]
    why.append(msg("fl.chosen", tp=t, policy=msg(f"fl.policy_{tp_policy}"), replicas=_n(best["replicas"], "replica"),
                   gpus=_n(best["gpus"], "GPU"), servers=_n(best["servers"], "server"), per_server=prof.n_per_server,
                   batch=b, rate=1 / step, util=best["util"]))
    if demand.kind == "requests_per_day":
        why.append(msg("fl.little", rps=best["requests_per_s"], latency=best["latency"], prefill=best["prefill_s"],
                       output=demand.output_tokens, step_ms=best["step_max"] * 1e3, batch=best["max_batch"],
                       in_flight=best["sequences"]))
        why.append(msg("fl.replica_rate", rps=best["capacity_per_replica"] / demand.output_tokens,
                       bound=best["bound"], t_req=best["t_req"]))
    else:
        why.append(msg("fl.no_prefill"))
    return FleetPlan(**base, feasible=True, gpus_per_replica=t, replicas=best["replicas"], gpus=best["gpus"],
                     servers=best["servers"], max_batch_memory=best["max_batch_memory"], max_batch=best["max_batch"],
                     batch_per_replica=b, demand_sequences=best["sequences"], demand_tokens_per_s=demand_tps,
                     capacity_tokens_per_s=best["replicas"] * best["capacity_per_replica"],
                     tokens_per_s_per_replica=b / step, tokens_per_s_per_user=1 / step, step_time_s=step,
                     utilization=best["util"], requests_per_s=best.get("requests_per_s"),
                     request_latency_s=best.get("latency"), prefill_s=best.get("prefill_s"), why=tuple(why),
                     estimate=op)


def plan_fleets(model, gpu, schemes, demand: Demand, **kw) -> tuple[list[FleetPlan], dict[str, str]]:
    """plan_fleet for each applicable scheme; (plans, {scheme: reason} for inapplicable ones)."""
    from .schemes import is_native, parse_scheme

    spec, _, _ = resolve(model, gpu, None)
    plans, skipped = [], {}
    for s in schemes:
        sch = None if is_native(s) else parse_scheme(s)
        reason = sch.reason_not_applicable(spec) if sch else None
        if reason:
            skipped[sch.describe(spec)] = reason
            continue
        plans.append(plan_fleet(spec, gpu, sch, demand, **kw))
    return plans, skipped


def capacity_at(plan: FleetPlan, bw_efficiency: float) -> float:
    """Fleet peak tokens/s of the same fleet (TP and replicas) at another memory-bandwidth efficiency
    (the batch per replica is re-derived: memory, and the SLO when it can still be met)."""
    if not plan.feasible:
        raise ValueError(msg("in.no_fleet", scheme=plan.scheme))
    z, slo, headroom = plan._inputs["z"], plan._inputs["slo"], plan._inputs["headroom"]
    kw = dict(z.kw, assumptions=z.kw["assumptions"].with_(bw_efficiency=bw_efficiency, measured_bw=False))
    z2 = _Sizer(z.spec, z.prof, z.sch, z.d, kw)
    opt = _option(z2, plan.gpus_per_replica, slo, headroom)
    if not opt["replicas"]:
        opt = _option(z2, plan.gpus_per_replica, None, headroom)
    return plan.replicas * opt["capacity_per_replica"]


__all__ = ["Demand", "FleetPlan", "users", "tokens_per_s", "requests_per_day", "plan_fleet", "plan_fleets",
           "capacity_at"]
