"""Fleet sizing: TP per replica, batch limits (memory and SLO), replicas, GPUs, servers, Little's law."""
from __future__ import annotations

import math

import pytest

import functools

from costmodel import InputError, get_profile
from costmodel import estimate as _estimate
from costmodel import fleet
from costmodel.fleet import capacity_at
from costmodel.fleet import plan_fleet as _plan_fleet
from costmodel.fleet import plan_fleets as _plan_fleets

# The hand derivations below are the roofline's (engine "ideal"); engine speeds are tested in test_serving.py.
estimate = functools.partial(_estimate, engine="ideal")
plan_fleet = functools.partial(_plan_fleet, engine="ideal")
plan_fleets = functools.partial(_plan_fleets, engine="ideal")

H100 = "h100-sxm-80gb"
L70 = "llama-3-70b"

# Llama-3-70B bf16 on H100 SXM (nvidia-smi capacity 85,520,809,984 B, 1 GiB reserve -> 84,447,068,160 B usable),
# context 8,192, batch limit per replica by memory, per GPU:
#   params 70,553,706,496 -> weights 141,107,412,992 B at TP1 (> 80 GiB: TP1 cannot fit)
#   KV per token: 80 layers x 2 (K,V) x 8 KV heads x 128 x 2 B = 327,680 B; per GPU /TP (KV heads split)
#   activations: 8,192-token chunk x (4 x 8,192 + 2 x 28,672/TP) x 2 B, plus fp32 logits 128,256/TP x 4 B per sequence
#   TP2: (84,447,068,160 - 70,553,706,496 - 1,006,632,960) / (8,192 x 163,840 + 256,512) = 9.6  -> 9
#   TP4: (84,447,068,160 - 35,276,853,248 -   771,751,936) / (8,192 x  81,920 + 128,256) = 72.1 -> 72
#   TP8: (84,447,068,160 - 17,638,426,624 -   654,311,424) / (8,192 x  40,960 +  64,128) = 197.1 -> 197
MEM_BATCH = {1: 0, 2: 9, 4: 72, 8: 197}


@pytest.fixture(scope="module")
def users100():
    return fleet.users(100, 8192)


def test_llama70b_h100_batch_limits(users100):
    p = plan_fleet(L70, H100, None, users100, headroom=1.2)
    assert {o["tp"]: o["max_batch_memory"] for o in p.tp_options} == MEM_BATCH
    assert "TP=1" in p.why[1] and "weights 141.11 GB" in p.why[1]


def test_llama70b_h100_smallest_tp(users100):
    # 100 users x headroom 1.2 = 120 sequences; TP2 holds 9 -> ceil(120 / 9) = 14 replicas = 28 GPUs;
    # 8 GPUs per HGX server = 4 TP2 replicas per server -> ceil(14 / 4) = 4 servers
    p = plan_fleet(L70, H100, None, users100, headroom=1.2)  # default policy: smallest TP that fits
    assert (p.gpus_per_replica, p.replicas, p.gpus, p.servers) == (2, 14, 28, 4)
    assert p.batch_per_replica == math.ceil(100 / 14) == 8
    assert p.utilization == pytest.approx(100 / (14 * 9))


def test_llama70b_h100_fewest_gpus(users100):
    # TP4: ceil(120 / 72) = 2 replicas = 8 GPUs; TP8: ceil(120 / 197) = 1 replica = 8 GPUs. Same GPUs and
    # servers; TP8 has more peak tokens/s (197 sequences per step vs 2 x 72), so TP8 wins the tie.
    p = plan_fleet(L70, H100, None, users100, headroom=1.2, tp_policy="fewest_gpus")
    assert p.feasible and (p.gpus_per_replica, p.replicas, p.gpus, p.servers) == (8, 1, 8, 1)
    assert p.max_batch == p.max_batch_memory == 197 and p.batch_per_replica == 100
    assert p.utilization == pytest.approx(100 / 197)
    # achieved tokens/s come from estimate() at batch = sequences per replica
    e = estimate(L70, H100, context=8192, batch=100, tp=8)
    assert p.tokens_per_s_per_replica == pytest.approx(e.decode_tokens_per_s)
    assert p.tokens_per_s_per_user == pytest.approx(1 / e.decode.time_s)
    assert p.demand_tokens_per_s == pytest.approx(100 / e.decode.time_s)
    full = estimate(L70, H100, context=8192, batch=197, tp=8)
    assert p.capacity_tokens_per_s == pytest.approx(full.decode_tokens_per_s)
    assert capacity_at(p, 0.8) == pytest.approx(p.capacity_tokens_per_s)  # default bw efficiency 0.8
    assert capacity_at(p, 0.9) > p.capacity_tokens_per_s
    f = p.facts(migration_gpu_hours=10.0)
    assert (f.gpus, f.servers, f.tokens_per_s, f.migration_gpu_hours) == (8, 1, p.capacity_tokens_per_s, 10.0)
    assert "chosen TP=8" in p.why[-2] and p.to_dict()["gpus"] == 8 and "estimate" not in p.to_dict()


def test_forced_tp_and_many_users():
    # 1,000 users at 8K on TP4: ceil(1,000 x 1.2 / 72) = 17 replicas = 68 GPUs -> ceil(17 / 2) = 9 servers
    p = plan_fleet(L70, H100, None, fleet.users(1000, 8192), tp=4)
    assert (p.replicas, p.gpus, p.servers, p.batch_per_replica) == (17, 68, 9, math.ceil(1000 / 17))
    assert len(p.tp_options) == 1


def test_slo_limits_the_batch(users100):
    mem = plan_fleet(L70, H100, None, users100, tp=8)
    slo = mem.tokens_per_s_per_user * 1.2  # faster than what 100 users per replica give
    p = plan_fleet(L70, H100, None, users100, tp=8, slo_tokens_per_s_per_user=slo)
    b = p.max_batch
    assert 1 <= b < 197 and p.max_batch_memory == 197
    at = lambda n: 1 / estimate(L70, H100, context=8192, batch=n, tp=8).decode.time_s  # noqa: E731
    assert at(b) >= slo > at(b + 1)  # the largest batch meeting the SLO
    assert p.replicas == math.ceil(120 / b) and p.tokens_per_s_per_user >= slo
    none = plan_fleet(L70, H100, None, users100, slo_tokens_per_s_per_user=1e6)
    assert not none.feasible and "SLO cannot be met" in none.why[-1]


def test_tokens_per_s_target():
    p = plan_fleet(L70, H100, None, fleet.tokens_per_s(5000, 4096), headroom=1.2)
    cap = p.capacity_tokens_per_s / p.replicas  # one replica at its max batch
    assert p.replicas == math.ceil(5000 * 1.2 / cap)
    need = 5000 / p.replicas
    rate = lambda n: n / estimate(L70, H100, context=4096, batch=n, tp=p.gpus_per_replica).decode.time_s  # noqa
    b = p.batch_per_replica
    assert rate(b) >= need and (b == 1 or rate(b - 1) < need)  # smallest batch that carries the load
    assert p.utilization == pytest.approx(5000 / p.capacity_tokens_per_s)
    assert p.demand_tokens_per_s == 5000


def test_requests_per_day_littles_law():
    # 864,000 requests/day = 10 requests/s; 500 output tokens each -> 5,000 generated tokens/s on average
    d = fleet.requests_per_day(864_000, prompt_tokens=1000, output_tokens=500)
    assert d.context_tokens == 1500
    p = plan_fleet(L70, H100, None, d, headroom=1.0)
    assert p.requests_per_s == pytest.approx(10.0) and p.demand_tokens_per_s == pytest.approx(5000.0)
    t = p.gpus_per_replica
    e1 = estimate(L70, H100, context=1500, batch=1, prompt_tokens=1000, tp=t)
    step = estimate(L70, H100, context=1500, batch=p.max_batch, prompt_tokens=1000, tp=t).decode.time_s
    latency = e1.prefill_s + 500 * step  # prefill + 500 decode steps at the full batch
    assert p.request_latency_s == pytest.approx(latency) and p.prefill_s == pytest.approx(e1.prefill_s)
    assert p.demand_sequences == pytest.approx(10.0 * latency)  # N = lambda x W
    assert p.batch_per_replica == math.ceil(10.0 * latency / p.replicas) <= p.max_batch
    assert p.utilization <= 1.0 and p.capacity_tokens_per_s >= p.demand_tokens_per_s
    assert p.utilization == pytest.approx(p.demand_tokens_per_s / p.capacity_tokens_per_s)
    assert any("Little's law" in w for w in p.why)


def test_does_not_fit_in_the_domain():
    p = plan_fleet("llama-3.1-405b", "rtx-4090", None, fleet.users(1, 4096))
    assert not p.feasible and p.gpus == 0 and "does not fit" in p.why[-1] and "1-GPU NVLink domain" in p.why[-1]
    with pytest.raises(ValueError, match="no feasible fleet"):
        p.facts()
    with pytest.raises(ValueError):
        capacity_at(p, 0.8)


def test_one_gpu_servers():
    gpu = get_profile("rtx-4090")
    p = plan_fleet("llama-3.1-8b", gpu, None, fleet.users(50, 8192))
    assert gpu.n_per_server == 1 and p.gpus_per_replica == 1 and p.servers == p.gpus == p.replicas


def test_plan_fleets_skips_inapplicable():
    plans, skipped = plan_fleets(L70, H100, ["native", "mla"], fleet.users(10, 4096))
    assert len(plans) + len(skipped) == 2 and plans[0].scheme.startswith("GQA")


@pytest.mark.parametrize("make", [
    lambda: fleet.users(-1, 8192), lambda: fleet.users(float("nan"), 8192), lambda: fleet.users(10, 0),
    lambda: fleet.users(10, 1.5), lambda: fleet.tokens_per_s(float("inf"), 10), lambda: fleet.users(True, 10),
    lambda: fleet.requests_per_day(100, 0, 10),
    lambda: plan_fleet(L70, H100, None, fleet.users(1, 10), headroom=0.5),
    lambda: plan_fleet(L70, H100, None, fleet.users(1, 10), slo_tokens_per_s_per_user=-1),
    lambda: plan_fleet(L70, H100, None, fleet.users(1, 10), tp_policy="cheapest"),
    lambda: plan_fleet(L70, H100, None, 100),
])
def test_invalid_inputs(make):
    with pytest.raises(InputError):
        make()
