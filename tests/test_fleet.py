"""Fleet optimizer: hand-checked plans (bigger TP cheaper, PP across servers, MoE with EP, MLA with DP attention),
the split roofline equals estimate() for pure TP, the optimizer never beats itself, delivered-token $/1M."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costmodel import InputError, fleet
from costmodel.estimate import estimate, resolve
import functools

from costmodel.fleet import SLO, Deployment
from costmodel.fleet import optimize as _optimize
from costmodel.fleet.roofline_dp import General
from costmodel.fleet.speed import RooflineSpeed

# The plans below are the roofline's (engine "ideal": PP, EP and DP-attention deployments included); the calibrated
# engines (pure TP only) are tested in test_engines.py and test_cli_fleet.py.
optimize = functools.partial(_optimize, engine="ideal")

H100, H200 = "h100-sxm-80gb", "h200-sxm-141gb"
L70 = "llama-3-70b"
H100_CAP = 85_520_809_984  # nvidia-smi total (profile visible_memory_bytes)
H200_CAP = 150_754_820_096
GiB = 2**30
MONTHS = 60  # default life 5 years


def test_bigger_tp_is_cheaper_than_the_smallest_tp_that_fits():
    # Llama-3-70B bf16, 100 users at 8,192 tokens, headroom 1.2 -> 120 sequences; sequences per replica that fit
    # (derived per GPU in this file's history): TP2 9, TP4 72, TP8 197 (weights 141.1 GB / TP; KV 327,680 B/token
    # / TP).
    # TP2: ceil(120 / 9) = 14 replicas = 28 GPUs in ceil(14 / 4) = 4 servers; TP8: 1 replica = 8 GPUs, 1 server.
    d = fleet.users(100, 8192)
    small = optimize(L70, H100, d, tp=2, pp=1).schemes[0].best
    best = optimize(L70, H100, d, pp=1).schemes[0].best
    assert small and best
    assert (small.replicas, small.gpus, small.servers, small.max_batch_memory) == (14, 28, 4, 9)
    assert best.tp >= 4 and (best.gpus, best.servers) == (8, 1)
    # on-prem capex: servers x $270,000 / 60 months (DGX H100, SemiAnalysis 2023): 4 x 4,500 vs 1 x 4,500;
    # colocation: servers x 10.2 kW nameplate x $195/kW-month = 7,956 vs 1,989
    assert small.cost.capex == pytest.approx(18_000) and best.cost.capex == pytest.approx(4_500)
    assert small.cost.colocation == pytest.approx(7_956) and best.cost.colocation == pytest.approx(1_989)
    assert small.cost_per_month_usd > 3.5 * best.cost_per_month_usd


def test_pipeline_across_servers_when_one_server_cannot_hold_the_weights():
    # Llama-3.1-405B bf16: 405,853,388,800 params x 2 B = 811,706,777,600 B > one 8-GPU server (8 x 85,520,809,984
    # = 684,166,479,872 B), so no deployment inside a server fits. TP8 x PP2 (16 GPUs, 2 servers), per GPU:
    #   weights 811,706,777,600 / 16 = 50,731,673,600; reserve 1 GiB = 1,073,741,824
    #   activations: 8,192-token chunk x (4 x 16,384 + 2 x 53,248 / 8) x 2 B = 1,291,845,632,
    #                + 128,256 / 8 x 4 = 64,128 B/seq
    #   KV: 126 layers x 2 x 8 heads x 128 x 2 B = 516,096 B/token, / TP8 / PP2 = 32,256 x 8,192 = 264,241,152 B/seq
    #   max batch = (85,520,809,984 - 50,731,673,600 - 1,073,741,824 - 1,291,845,632) / (264,241,152 + 64,128)
    #             = 122.7 -> 122
    p = optimize("llama-3.1-405b", H100, fleet.users(50, 8192)).schemes[0].best
    assert p is not None and p.pp >= 2 and p.deployment.gpus == 16 and (p.gpus, p.servers) == (16, 2)
    spec, prof, sch = resolve("llama-3.1-405b", H100, None)
    sp = RooflineSpeed(spec, prof, sch, 8192, None)
    assert sp.max_batch(Deployment(H100, 8)) == 0 and sp.max_batch(Deployment(H100, 8, 2)) == 122
    # the replica spans two servers: the scale-out fabric, 16 GPUs x $1,900, is depreciated over 60 months
    assert p.multi_server_gpus == 16 and p.cost.network_storage == pytest.approx(16 * 1_900 / MONTHS)


def test_moe_with_expert_parallelism_across_servers():
    # DeepSeek-V3 fp8 (1 B/param): 671,026,404,352 params = attention 61 x 187,107,328 = 11,413,547,008
    # + routed experts 58 layers x 256 x 3 x 7,168 x 2,048 = 653,908,770,816 + the rest 5,704,086,528.
    # One server: 671.0 GB / 8 = 83.9 GB per GPU > 85.52 GB - 1 GiB reserve - 0.55 GB activations: nothing fits.
    # Two servers, EP16 with DP attention across the TP8 groups: per GPU attention whole 11,413,547,008 + experts
    # 653,908,770,816 / 16 = 40,869,298,176 + rest / 8 = 713,010,816 -> 53.0 GB, and each GPU holds its own sequences.
    # TP8 x PP2 re-reads every expert slice once per micro-batch per stage: at 200 users its time per output token is
    # over 40 ms, EP16 stays under it, so with TPOT <= 40 ms the cheapest plan is expert-parallel.
    d = fleet.users(200, 8192)
    r = optimize("deepseek-v3", H100, d, slo=SLO.make(tpot_ms=40), weight_dtype="fp8").schemes[0]
    p = r.best
    assert p is not None and p.deployment.ep == 16 and (p.gpus, p.servers) == (16, 2)  # TP within each group: any
    assert p.tpot_max_batch_s <= 0.040
    spec, prof, sch = resolve("deepseek-v3", H100, None)
    sp = RooflineSpeed(spec, prof, sch, 8192, None, weight_dtype="fp8")
    assert sp.general(Deployment(H100, 8, 1, 16, True)).weight_bytes == 11_413_547_008 + 40_869_298_176 + 713_010_816
    assert all(sp.max_batch(Deployment(H100, t, 1, e, dp)) == 0 for t, e, dp in ((8, 1, False), (8, 8, True)))
    pp2 = Deployment(H100, 8, 2)
    assert sp.tpot_s(pp2, min(sp.max_batch(pp2), 120)) > 0.040


def test_mla_with_dp_attention():
    # DeepSeek-V3 fp8 on H200 (150,754,820,096 B visible), 200 users at 32,768 tokens, one stage (pp=1).
    # MLA cache: 61 layers x (512 + 64) x 2 B = 70,272 B/token -> 2,302,672,896 B per sequence; under TP8 every GPU
    # holds the whole latent of every sequence. Activations 545,259,520 + 64,640 B/seq; reserve 1 GiB.
    #   TP8:         weights 671,026,404,352 / 8 = 83,878,300,544 ->
    #                (150,754,820,096 - 83,878,300,544 - 1,073,741,824 - 545,259,520) / (2,302,672,896 + 64,640)
    #                = 28.3 -> 28
    #   DP attention: weights 11,413,547,008 + 653,908,770,816 / 8 + 5,704,086,528 / 8 = 93,865,154,176; a GPU holds
    #                ceil(b / 8) sequences: 23 x 2,302,672,896 + 64,640 x 184 <= 55,270,664,576 < 24 x ... -> 184
    # 240 sequences (x1.2): TP8 needs ceil(240 / 28) = 9 replicas = 72 GPUs; DP attention 2 replicas = 16 GPUs.
    d = fleet.users(200, 32768)
    p = optimize("deepseek-v3", H200, d, pp=1, weight_dtype="fp8").schemes[0].best
    assert p is not None and p.deployment.dp_attn and p.max_batch_memory == 184 and (p.replicas, p.gpus) == (2, 16)
    plain = [
        q
        for q in optimize("deepseek-v3", H200, d, tp=8, pp=1, weight_dtype="fp8").schemes[0].enumerated
        if not q.deployment.dp_attn and q.deployment.ep == 1
    ]
    assert plain and min(q.gpus for q in plain) == 72 and plain[0].max_batch_memory == 28


@pytest.mark.parametrize(
    "model,gpu,ctx",
    [
        (L70, H100, 8192),
        ("mixtral-8x7b", H100, 4096),
        ("deepseek-v2-lite", "a100-sxm-80gb", 4096),
        ("gemma-2-9b", "l40s", 8192),
    ],
)
def test_split_roofline_equals_estimate_for_pure_tp(model, gpu, ctx):
    spec, prof, sch = resolve(model, gpu, None)
    sp = RooflineSpeed(spec, prof, sch, ctx, None)
    for tp in (t for t in (1, 2, 8) if t <= prof.nvlink_domain):
        g = General(sp.shape, Deployment(prof.id, tp))
        e = estimate(spec, prof, sch, context=ctx, batch=16, tp=tp, engine="ideal")  # the roofline
        assert g.decode_s(16) == pytest.approx(e.decode.time_s, rel=1e-12)
        assert g.total_bytes(16) == e.memory.total_bytes
        want = estimate(spec, prof, sch, context=ctx, tp=tp, engine="ideal").prefill_s
        assert g.prefill_s(ctx) == pytest.approx(want,
                                                 rel=1e-12)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    users=st.integers(1, 3000),
    ctx=st.sampled_from([2048, 8192, 32768]),
    basis=st.sampled_from(["cloud", "onprem"]),
    model=st.sampled_from([L70, "llama-3.1-8b", "mixtral-8x7b"]),
    tpot=st.sampled_from([None, 30.0, 80.0]),
)
def test_never_costlier_than_any_enumerated_plan(users, ctx, basis, model, tpot):
    r = optimize(model, [H100, H200], fleet.users(users, ctx), slo=SLO.make(tpot_ms=tpot), cost_basis=basis).schemes[0]
    if r.best is None:
        return
    assert all(r.best.cost_per_month_usd <= p.cost_per_month_usd for p in r.enumerated)
    for f in (r.best, *r.pareto):  # nothing enumerated is both cheaper and faster than a front member
        assert not any(p.cost_per_month_usd < f.cost_per_month_usd and p.tpot_s < f.tpot_s for p in r.enumerated)
        if tpot is not None:
            assert f.tpot_max_batch_s <= tpot / 1000 * (1 + 1e-9)


def test_delivered_tokens_define_usd_per_1m():
    # 864,000 requests/day = 10 requests/s x 500 output tokens = 5,000 tokens/s demanded, whatever the capacity:
    # tokens per month = 5,000 x 3,600 x 730 = 13,140,000,000; $/1M = monthly cost / 13,140 (not capacity x 0.7)
    d = fleet.requests_per_day(864_000, prompt_tokens=1000, output_tokens=500)
    for headroom in (1.0, 1.5):
        p = optimize(L70, H100, d, headroom=headroom).schemes[0].best
        assert p is not None and p.demand_tokens_per_s == pytest.approx(5_000)
        assert p.usd_per_1m_tokens == pytest.approx(p.cost_per_month_usd / 13_140)
        assert p.utilization == pytest.approx(p.demand_tokens_per_s / p.capacity_tokens_per_s)
        assert p.utilization <= 1 / headroom * (1 + 1e-9)
    # tokens/s target: demanded = the target itself
    q = optimize(L70, H100, fleet.tokens_per_s(5_000, 4096)).schemes[0].best
    assert q is not None and q.demand_tokens_per_s == 5_000
    assert q.usd_per_1m_tokens == pytest.approx(q.cost_per_month_usd / (5_000 * 3600 * 730) * 1e6)


def test_disaggregated_pools_and_latency_limits():
    d = fleet.requests_per_day(1e6, 2048, 512)
    r = optimize(L70, H100, d, slo=SLO.make(ttft_s=2, tpot_ms=50), disaggregate=True).schemes[0]
    assert r.best is not None and r.best.ttft_s <= 2 and r.best.tpot_max_batch_s <= 0.05
    split = [p for p in r.enumerated if p.disaggregated]
    assert split and all(
        p.prefill_replicas >= 1
        and p.gpus == p.replicas * p.deployment.gpus + p.prefill_replicas * p.prefill_deployment.gpus
        for p in split
        if p.prefill_deployment
    )
    none = optimize(L70, H100, fleet.users(10, 8192), slo=SLO.make(tpot_ms=0.01)).schemes[0]
    assert none.best is None and any("latency" in w for w in none.why)


# each `fleet --json` plan's keys, as issues #9 and #17 name them (tests/test_cli_fleet.py checks the CLI too)
PLAN_JSON_KEYS = frozenset({"scheme", "gpu", "gpus", "servers", "tp", "pp", "replicas", "batch_per_replica",
                            "cost_per_month_usd", "usd_per_1m_tokens", "ttft_s", "tpot_s", "pareto", "cost_breakdown",
                            "energy_kwh_per_1m_tokens"})


def test_no_price_is_said_and_json_keys():
    r = optimize("mixtral-8x7b", "l40s", fleet.users(10, 4096)).schemes[0]  # L40S has no dated purchase price
    assert r.best is None and any("no server price: enter one" in w for w in r.why)
    j = optimize(L70, H100, fleet.users(100, 32768), ["native", "mla"]).to_dict()
    assert len(j["plans"]) == 2 and all(PLAN_JSON_KEYS <= set(p) for p in j["plans"])
    assert {"capex", "power", "colocation", "network_storage", "software_support", "staff", "cost_of_capital"} <= set(
        j["plans"][0]["cost_breakdown"]
    )
    assert math.isclose(sum(j["plans"][0]["cost_breakdown"].values()), j["plans"][0]["cost_per_month_usd"])


@pytest.mark.parametrize(
    "make",
    [
        lambda: fleet.users(-1, 8192),
        lambda: fleet.users(float("nan"), 8192),
        lambda: fleet.users(10, 0),
        lambda: fleet.users(10, 1.5),
        lambda: fleet.tokens_per_s(float("inf"), 10),
        lambda: fleet.users(True, 10),
        lambda: fleet.requests_per_day(100, 0, 10),
        lambda: optimize(L70, H100, fleet.users(1, 10), headroom=0.5),
        lambda: optimize(L70, H100, fleet.users(1, 10), cost_basis="lease"),
        lambda: optimize(L70, H100, fleet.users(1, 10), engine="no-such-engine"),
        lambda: optimize(L70, H100, 100),
        lambda: SLO.make(tpot_ms=-1),
    ],
)
def test_invalid_inputs(make):
    with pytest.raises(InputError):
        make()


def test_tp_that_cannot_split_the_heads_is_not_searched():
    """Falcon-7B has 71 attention heads (tests/data/configs/falcon-7b.json, tiiuae/falcon-7b): vLLM requires
    heads % tp == 0, so only TP1 deployments exist; the search must skip TP2..8 instead of failing."""
    from pathlib import Path

    cfg = str(Path(__file__).parent / "data" / "configs" / "falcon-7b.json")
    res = optimize(cfg, H100, fleet.users(50, 8192))
    plan = res.schemes[0].best
    assert plan is not None and plan.tp == 1
    assert all(p.tp == 1 for p in res.schemes[0].pareto)
