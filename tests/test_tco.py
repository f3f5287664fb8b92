"""TCO and ROI, hand-checked: cloud by billing unit and tier (committed), on-prem lines with residual value and
WACC, NPV and discounted payback, sensitivity; and every price in every profile sourced and dated, or absent."""

from __future__ import annotations

import datetime as dt

import pytest

from costmodel import get_profile, load_profiles
import functools

from costmodel.fleet import optimize as _optimize
from costmodel.fleet import users
from costmodel.hardware import HardwareError, parse_profile
from costmodel.hwfigures import PRICE_FIELDS
from costmodel.prices import gpu_cost, sourced_figures
from costmodel.roi import compare, discounted_payback, npv, sensitivity
from costmodel.tco import CostInputs, GpuCost, NoPrice, PlanFacts, annuity, month_cost, usd_per_1m_tokens

optimize = functools.partial(_optimize, engine="ideal")  # costs pinned on the roofline's plans

H100 = get_profile("h100-sxm-80gb")
FLEET = PlanFacts(gpus=24, servers=3, cloud_units=3, multi_server_gpus=0, demand_tokens_per_s=4_000.0, utilization=0.5)
# Monthly WACC rate: 1.075^(1/12) - 1 = 0.006044919; over 60 months the discount factor 1.075^-5 = 0.69655863
I_M, V60 = 0.006044919024291717, 0.6965586323501163


def test_cloud_committed_tier_billed_per_instance():
    # GCP a3-highgpu-8g (8x H100), us-central1, 3-year committed use: $38.8644 per instance-hour (Google Billing
    # Catalog via Cyclenerd pricing.yml, 2026-07-30). 3 instances x 38.8644 x 730 h = $85,113.036 per month,
    # against Lambda's on-demand $3.99 per GPU-hour x 24 GPUs x 730 h = $69,904.80.
    idx = next(
        i
        for i, c in enumerate(H100.cloud_prices)
        if c.provider == "GCP" and c.tier == "committed-3y" and c.sku == "a3-highgpu-8g" and c.region == "us-central1"
    )
    cud = gpu_cost(H100, cloud=idx)
    assert (cud.cloud_usd_per_unit_hour, cud.cloud_gpus_per_unit) == (38.8644, 8)
    assert month_cost(FLEET, cud, CostInputs(), "cloud").cloud == pytest.approx(85_113.036)
    od = gpu_cost(H100)  # the default: the first on-demand entry, Lambda 8x H100 SXM
    assert od.cloud_usd_per_gpu_hour == 3.99 and "Lambda" in od.cloud_label
    per_gpu = PlanFacts(24, 3, 24, 0, 4_000.0, 0.5)  # billed per GPU-hour: 24 units
    assert month_cost(per_gpu, od, CostInputs(), "cloud").total == pytest.approx(69_904.8)
    # tokens: 4,000 tokens/s x 3,600 x 730 = 10,512,000,000 per month -> $69,904.80 / 10,512 = $6.650 per 1M
    assert usd_per_1m_tokens(69_904.8, FLEET, CostInputs()) == pytest.approx(69_904.8 / 10_512)


def test_onprem_with_residual_value_and_wacc():
    # 3 DGX H100 servers x $270,000 = $810,000 (SemiAnalysis via Epoch AI, May 2023); life 5 years, residual 20%,
    # WACC 7.5%: depreciation 810,000 x 0.8 / 60 = 10,800 per month; PMT(i, 60, -810,000, 162,000) =
    # (810,000 - 162,000 x 0.69655863) x 0.006044919 / (1 - 0.69655863) = 13,888.2206 -> cost of capital 3,088.2206.
    c = CostInputs(residual_fraction=0.2)
    g = gpu_cost(H100, c)
    m = month_cost(FLEET, g, c, "onprem")
    assert m.capex == pytest.approx(10_800) and m.cost_of_capital == pytest.approx(3_088.220570, rel=1e-9)
    # power: load 8.4 kW measured (Latif et al. 2025), idle 15% of it = 1.26 kW (NVIDIA DPS GB200 tray ratio), at
    # utilization 0.5: 3 x (1.26 + 7.14 x 0.5) = 14.49 kW x PUE 1.54 x 730 h x $0.09 = $1,466.06922
    assert (g.server_load_w, g.server_idle_w, g.server_nameplate_w) == (8_400, 1_260, 10_200)
    assert m.power == pytest.approx(1_466.06922)
    # colocation: 3 x 10.2 kW nameplate (DGX H100 user guide) x $195 (CBRE H2 2025) = $5,967
    assert m.colocation == pytest.approx(5_967)
    assert m.network_storage == 0 and m.staff == 0 and m.cloud == 0  # one-server replicas; staff not published
    # without residual value: PMT(i, 60, -810,000) = 16,136.1796 -> 16,136.1796 - 13,500 = 2,636.1796
    assert annuity(810_000, CostInputs()) == pytest.approx(16_136.179611, rel=1e-9)
    assert annuity(810_000, CostInputs(wacc=0)) == pytest.approx(13_500)
    # software $4,500/GPU-year (NVIDIA AI Enterprise) and 5% support: 24 x 375 + 810,000 x 0.05 / 12 = 12,375
    s = month_cost(FLEET, g, CostInputs(software_usd_per_gpu_year=4_500, support_fraction_per_year=0.05), "onprem")
    assert s.software_support == pytest.approx(12_375)


def test_npv_and_discounted_payback():
    # migration $100,000, savings $10,000/month, WACC 7.5%: simple payback 10 months; discounted
    # -ln(1 - 100,000 x 0.006044919 / 10,000) / ln(1.006044919) = 10.3462 months; NPV over 60 months
    # -100,000 + 10,000 x (1 - 0.69655863) / 0.006044919 = 401,977.556
    c = CostInputs()
    assert discounted_payback(100_000, 10_000, c) == pytest.approx(10.346152, rel=1e-7)
    assert npv(100_000, 10_000, c) == pytest.approx(401_977.556, rel=1e-9)
    assert discounted_payback(100_000, 500, c) is None  # 100,000 x i = 604 > 500: never repaid
    assert discounted_payback(100_000, 10_000, c.with_(wacc=0)) == pytest.approx(10)
    assert npv(1_000, 10, c.with_(wacc=0)) == pytest.approx(-1_000 + 600)


def test_compare_schemes_against_a_baseline():
    r = optimize("llama-3-70b", "h100-sxm-80gb", users(100, 32768), ["native", "mla"])
    plans = [s.best for s in r.schemes]
    c = CostInputs(migration_gpu_hours=2_000, migration_engineering_usd=50_000)
    base, mla = compare(plans, {g.gpu: g for g in r.gpu_costs}, c, 0)
    # migration = 2,000 GPU-h x $3.99 (Lambda H100, the plan GPU's cloud price) + $50,000 = $57,980
    assert base.migration_usd == 0 and mla.migration_usd == pytest.approx(57_980)
    assert mla.savings_usd_per_month == pytest.approx(plans[0].cost_per_month_usd - plans[1].cost_per_month_usd)
    assert mla.payback_months == pytest.approx(57_980 / mla.savings_usd_per_month)
    assert mla.discounted_payback_months > mla.payback_months
    with pytest.raises(ValueError, match="baseline"):
        compare(plans, {}, c, 5)


def test_sensitivity_moves_the_biggest_lines_most():
    p = optimize("llama-3-70b", "h100-sxm-80gb", users(100, 8192), pp=1).schemes[0].best
    g = gpu_cost(H100)
    rows = sensitivity(p, g, CostInputs(), 0.2, "cost_per_month_usd")
    top = {r.name: r for r in rows}
    # server price +-20% moves capex (4,500) and the cost of capital (878.73) by 20%: swing 0.4 x 5,378.73
    assert top["server_price_usd"].swing == pytest.approx(0.4 * (4_500 + 878.7265368575), rel=1e-6)
    assert rows[0].name == "server_price_usd" and all(a.swing >= b.swing for a, b in zip(rows, rows[1:]))


def test_absent_price_says_enter_one():
    l40s = get_profile("l40s")
    g = gpu_cost(l40s)
    assert g.server_price_usd is None
    with pytest.raises(NoPrice, match="no server price: enter one"):
        month_cost(FLEET, g, CostInputs(), "onprem")
    assert month_cost(FLEET, g.with_(server_price_usd=60_000.0), CostInputs(), "onprem").capex == pytest.approx(3_000)
    src = {s.name: s for s in sourced_figures(l40s)}
    assert src["server_price_usd"].value is None and "no price: enter one" in src["server_price_usd"].source
    with pytest.raises(ValueError):
        GpuCost("x", 8, 1.0, 100.0, 200.0, 100.0, None)  # idle above load


def test_every_price_in_every_profile_has_a_source_and_a_source_date():
    today = dt.date.today()
    for pid, p in load_profiles().items():
        for name in (
            "gpu_price_usd",
            "server_price_usd",
            "server_power_load_w",
            "server_power_idle_w",
            "server_power_nameplate_w",
        ):
            f = getattr(p, name)
            if f is None:
                continue
            assert len(f.source) >= 20 and dt.date(2015, 1, 1) <= f.as_of <= today, (pid, name)
            assert f.as_of != p.compiled, f"{pid}.{name}: as_of is the compile date, not the source's"
        for c in p.cloud_prices:
            assert c.url and len(c.source) >= 20 and dt.date(2015, 1, 1) <= c.as_of <= today, (pid, c.label())
        for name in PRICE_FIELDS:  # sourced or named absent with a reason, never silently missing
            assert bool(getattr(p, name)) != (name in p.absent), (pid, name)
            assert name not in p.absent or len(p.absent[name]) >= 10
    # the provenance errors the issue found are fixed
    h = get_profile("h100-sxm-80gb")
    assert h.server_price_usd.as_of.year == 2023 and h.gpu_price_usd.as_of.year == 2023
    assert h.cloud_prices[0].provider == "Lambda" and h.cloud_prices[0].usd == 3.99
    mi = get_profile("mi300x")
    assert not any(c.usd == 1.71 and c.tier == "on-demand" for c in mi.cloud_prices)  # $1.71 is Crusoe spot
    assert any(c.usd == 1.71 and c.tier == "spot" for c in mi.cloud_prices)
    assert get_profile("b200").server_power_nameplate_w.value == 14_300
    for gid in ("h100-pcie-80gb", "l40s", "l4"):  # cloud prices exist for the GPUs the ROI failed on
        assert get_profile(gid).cloud_prices
    m4 = {s.name: s for s in sourced_figures(get_profile("apple-m4-max-128gb"))}
    assert (
        m4["server_load_w"].value == get_profile("apple-m4-max-128gb").tdp_w.value
    )  # whole-system figure: no host added


def test_profile_must_source_or_name_each_price():
    text = open("hardware_profiles/h100-sxm-80gb.toml", encoding="utf-8").read()
    start = text.index("[server_price_usd]")
    broken = text[:start] + text[text.index("\n\n", start) + 2 :]  # drop the figure without naming it absent
    assert "server_price_usd" not in broken
    with pytest.raises(HardwareError, match="server_price_usd"):
        parse_profile(broken)
