"""ROI: cloud / on-prem cost per month and per 1M tokens, savings, payback, sensitivity, input validation."""
from __future__ import annotations

import math

import pytest

from costmodel import get_profile
from costmodel.roi import (COST_SOURCES, CostInputs, SchemeFacts, compare_costs, cost_sources, profile_defaults,
                           scheme_cost, sensitivity)

# Two fleets serving the same 10,000 tokens/s peak: the baseline needs 16 GPUs in 2 HGX servers, the
# converted scheme 8 GPUs in 1 server, for 2,000 GPU-hours of conversion + fine-tuning and $50,000 of engineering.
BASE = SchemeFacts("GQA (baseline)", gpus=16, servers=2, tokens_per_s=10_000.0)
NEW = SchemeFacts("TransMLA", gpus=8, servers=1, tokens_per_s=10_000.0, migration_gpu_hours=2_000.0,
                  migration_engineering_usd=50_000.0)
INPUTS = CostInputs()  # H100 SXM defaults: $3.99/GPU-h, $270k server, 6.1 kW, 4 years, PUE 1.3, $0.08/kWh, 0.7


def rel(a, b):
    return abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1.0)


def test_defaults_are_the_documented_ones():
    c = INPUTS
    assert (c.gpu_hour_usd, c.server_price_usd, c.server_power_w) == (3.99, 270_000.0, 6_100.0)
    assert (c.depreciation_years, c.pue, c.electricity_usd_per_kwh, c.utilization, c.hours_per_month) == (
        4.0, 1.3, 0.08, 0.7, 730.0)
    assert c.migration_gpu_hour_usd == c.gpu_hour_usd  # None resolves to the cloud price
    assert set(COST_SOURCES) == set(c.as_dict())  # every input has a cited source
    assert "Uptime" in COST_SOURCES["pue"] and "1.54" in COST_SOURCES["pue"]
    assert "aiinframap" in COST_SOURCES["electricity_usd_per_kwh"]


def test_hand_checked_baseline():
    c = scheme_cost(BASE, INPUTS)
    # tokens/month = 10,000 tok/s x 0.7 x 730 h x 3600 s = 18,396,000,000
    assert rel(c.tokens_per_month, 18_396_000_000)
    # cloud = 16 GPUs x 730 h x $3.99 = $46,603.20 / month -> / 18,396 M tokens = $2.5333 per 1M tokens
    assert rel(c.cloud_usd_per_month, 46_603.2)
    assert rel(c.cloud_usd_per_1m_tokens, 46_603.2 / 18_396)
    assert abs(c.cloud_usd_per_1m_tokens - 2.533333) < 1e-6
    # capex = 2 servers x $270,000 / (4 years x 12) = $11,250 / month
    assert rel(c.capex_usd_per_month, 11_250)
    # energy = 2 x 6.1 kW x PUE 1.3 x 730 h x $0.08 = 12.2 x 1.3 = 15.86 kW x 730 = 11,577.8 kWh x 0.08 = $926.224
    assert rel(c.energy_usd_per_month, 926.224)
    assert c.hosting_usd_per_month == 0
    assert rel(c.onprem_usd_per_month, 12_176.224)
    assert rel(c.onprem_usd_per_1m_tokens, 12_176.224 / 18_396)  # $0.6619
    assert rel(c.onprem_usd_per_gpu_hour, 12_176.224 / (16 * 730))  # $1.0425 per GPU-hour
    assert c.is_baseline and c.migration_usd == 0 and c.cloud_payback_months is None


def test_hand_checked_savings_and_payback():
    base, new = compare_costs([BASE, NEW], INPUTS, baseline=0)
    # migration = 2,000 GPU-h x $3.99 + $50,000 = $57,980
    assert rel(new.migration_usd, 57_980)
    # cloud: 8 x 730 x 3.99 = $23,301.60 / month, half the baseline -> saves $23,301.60 -> payback 2.488 months
    assert rel(new.cloud_savings_usd_per_month, 46_603.2 - 23_301.6)
    assert rel(new.cloud_payback_months, 57_980 / 23_301.6) and abs(new.cloud_payback_months - 2.48824) < 1e-5
    # on-prem: 1 server = 5,625 + 463.112 = $6,088.112 / month; saves $6,088.112 -> payback 9.52 months
    assert rel(new.onprem_usd_per_month, 6_088.112)
    assert rel(new.onprem_savings_usd_per_month, 12_176.224 - 6_088.112)
    assert rel(new.onprem_payback_months, 57_980 / 6_088.112)
    assert base.cloud_savings_usd_per_month == 0 and base.onprem_payback_months is None


def test_hosting_and_migration_defaults():
    c = INPUTS.with_(hosting_usd_per_kw_month=200.0, hosting_usd_per_server_month=1_000.0,
                     migration_gpu_hours=100.0, migration_gpu_hour_usd=2.0, migration_engineering_usd=10.0)
    new = SchemeFacts("X", gpus=8, servers=1, tokens_per_s=10_000.0)  # migration None -> the CostInputs values
    base, x = compare_costs([BASE, new], c)
    # hosting = 2 servers x 6.1 kW x $200 + 2 x $1,000 = 2,440 + 2,000
    assert rel(base.hosting_usd_per_month, 4_440.0)
    assert base.migration_usd == 0  # the baseline pays no migration
    assert rel(x.migration_usd, 100 * 2.0 + 10.0)


def test_no_saving_means_no_payback():
    worse = SchemeFacts("worse", gpus=24, servers=3, tokens_per_s=10_000.0, migration_gpu_hours=1.0)
    _, w = compare_costs([BASE, worse], INPUTS)
    assert w.cloud_savings_usd_per_month < 0 and w.cloud_payback_months is None and w.onprem_payback_months is None
    assert w.notes and "no payback" in w.notes[0]


def test_baseline_index_chooses_the_reference():
    base, new = compare_costs([BASE, NEW], INPUTS, baseline=1)
    assert new.is_baseline and not base.is_baseline
    assert rel(base.cloud_savings_usd_per_month, -23_301.6)
    with pytest.raises(ValueError, match="baseline index"):
        compare_costs([BASE], INPUTS, baseline=1)
    with pytest.raises(ValueError, match="no schemes"):
        compare_costs([], INPUTS)


def test_profile_defaults():
    h100 = get_profile("h100-sxm-80gb")
    c = CostInputs.for_gpu(h100)
    assert (c.gpu_hour_usd, c.server_price_usd, c.server_power_w) == (
        h100.cloud_usd_per_gpu_hour.value, h100.server_price_usd.value, h100.server_power_w.value)
    b200 = get_profile("b200")  # no server price: 8 GPUs x $40,000 x 1.125 (DGX H100 host share)
    if b200.server_price_usd is None and b200.gpu_price_usd is not None:
        assert profile_defaults(b200)["server_price_usd"] == pytest.approx(8 * b200.gpu_price_usd.value * 1.125)
    l40s = get_profile("l40s")
    if l40s.server_power_w is None:  # 8 x 350 W TDP + 500 W host/network
        assert profile_defaults(l40s)["server_power_w"] == 8 * l40s.tdp_w.value + 500
    srcs = cost_sources(h100)
    assert "Lambda" in srcs["gpu_hour_usd"] and srcs["pue"] == COST_SOURCES["pue"]


def test_missing_profile_figures_are_named():
    gpu = get_profile("rtx-4060")  # no cloud price, no server price in its profile
    assert gpu.cloud_usd_per_gpu_hour is None
    with pytest.raises(ValueError, match="gpu_hour_usd"):
        CostInputs.for_gpu(gpu)
    c = CostInputs.for_gpu(gpu, gpu_hour_usd=0.2, server_price_usd=1_200.0)
    assert c.server_power_w == 1 * gpu.tdp_w.value + 150  # workstation host


@pytest.mark.parametrize("field,value,msg", [
    ("pue", 0.9, "pue must be at least 1"), ("utilization", 0.0, "utilization"), ("utilization", 1.5, "at most 1"),
    ("gpu_hour_usd", -1.0, "gpu_hour_usd"), ("electricity_usd_per_kwh", float("nan"), "finite"),
    ("server_price_usd", float("inf"), "finite"), ("depreciation_years", 0, "depreciation_years"),
    ("hours_per_month", True, "must be a number"), ("server_power_w", "6100", "must be a number"),
])
def test_invalid_inputs_raise_clear_errors(field, value, msg):
    with pytest.raises(ValueError, match=msg):
        CostInputs(**{field: value})


def test_invalid_facts():
    with pytest.raises(ValueError, match="gpus"):
        SchemeFacts("x", gpus=0, servers=1, tokens_per_s=1.0)
    with pytest.raises(ValueError, match="tokens_per_s"):
        SchemeFacts("x", gpus=1, servers=1, tokens_per_s=float("nan"))
    with pytest.raises(ValueError, match="migration"):
        scheme_cost(SchemeFacts("x", 1, 1, 1.0, migration_gpu_hours=-5.0), INPUTS)


def test_sensitivity_tornado():
    rows = sensitivity(BASE, INPUTS, pct=0.2)
    names = [r.name for r in rows]
    # on-prem $/1M = 12,176.224 / 18,396 = 0.6619; capex is 92% of it, so:
    # utilization 0.56 / 0.84: 0.8274 .. 0.5516 (swing 0.2758); depreciation 3.2 / 4.8 years: capex 14,062.5 ..
    # 9,375 (swing 4,687.5 / 18,396 = 0.2548); server price +-20%: 4,500 / 18,396 = 0.2446; power terms ~0.02 each
    assert names[:3] == ["utilization", "depreciation_years", "server_price_usd"]
    u = rows[0]
    assert (u.low_value, u.high_value) == pytest.approx((0.56, 0.84))
    assert u.low_result == pytest.approx(12_176.224 / (18_396 * 0.56 / 0.7))
    assert rows[1].swing == pytest.approx(4_687.5 / 18_396)
    assert all(r.name != "hosting_usd_per_kw_month" for r in rows)  # 0 inputs have no swing
    assert all(rows[i].swing >= rows[i + 1].swing for i in range(len(rows) - 1))
    # clipping: PUE 1.05 - 20% stays >= 1, utilization 0.95 + 20% stays <= 1
    clip = {r.name: r for r in sensitivity(BASE, INPUTS.with_(pue=1.05, utilization=0.95), pct=0.2)}
    assert clip["pue"].low_value == 1.0 and clip["utilization"].high_value == 1.0
    cloud = sensitivity(BASE, INPUTS, metric="cloud_usd_per_1m_tokens")
    assert {r.name for r in cloud[:2]} == {"gpu_hour_usd", "utilization"} and cloud[2].swing == 0


def test_sensitivity_bandwidth_efficiency():
    # memory-bound decode: tokens/s proportional to bandwidth efficiency (fleet held fixed)
    rows = sensitivity(BASE, INPUTS, pct=0.1, tokens_per_s_at_bw=lambda bw: 10_000.0 * bw / 0.8, bw_efficiency=0.8)
    bw = next(r for r in rows if r.name == "bw_efficiency")
    assert (bw.low_value, bw.high_value) == pytest.approx((0.72, 0.88))
    base = scheme_cost(BASE, INPUTS).onprem_usd_per_1m_tokens
    assert bw.low_result == pytest.approx(base / 0.9) and bw.high_result == pytest.approx(base / 1.1)
    assert bw.to_dict()["swing"] == pytest.approx(bw.swing)
    with pytest.raises(ValueError, match="unknown metric"):
        sensitivity(BASE, INPUTS, metric="nope")
    assert math.isfinite(rows[0].swing)
