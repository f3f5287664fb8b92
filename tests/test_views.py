"""costmodel.views_*: the tables and series the UI shows equal the cost model's own numbers."""
import math

import numpy as np
import pytest

from costmodel import DEFAULT_ASSUMPTIONS, compare, default_schemes, estimate, get_model, get_profile
from costmodel.advice import fit_options
from costmodel.assumptions import KNOBS, Assumptions, from_display, to_display
from costmodel import units, views_compare, views_hardware, views_sizing
from costmodel.units import GB, GiB

H100 = "h100-sxm-80gb"


def test_memory_segments_sum_to_total_and_units():
    e = estimate("llama-3.1-8b", H100, context=131_072, batch=2)
    segs = views_sizing.memory_segments(e)
    assert [s.part for s in segs] == list(views_sizing.MEMORY_PARTS)
    assert sum(s.bytes for s in segs) == e.memory.total_bytes
    kv = segs[1]
    assert kv.bytes == e.memory.kv_bytes == 2 * 131_072 * 131_072
    assert kv.gb == kv.bytes / GB and kv.gib == 32.0
    cap = views_sizing.capacity_marker(e)
    assert cap.capacity_bytes == e.memory.capacity_bytes and cap.gib == pytest.approx(79.65, abs=0.01)
    assert cap.fits and cap.shortfall_bytes == 0 and cap.headroom_bytes == e.memory.headroom_bytes


def test_capacity_marker_shortfall_when_it_does_not_fit():
    e = estimate("llama-3.1-8b", H100, context=1024**2)
    cap = views_sizing.capacity_marker(e)
    assert not cap.fits and cap.headroom_bytes == 0
    assert cap.shortfall_bytes == e.memory.total_bytes - e.memory.capacity_bytes > 0


def test_fit_options_reuse_the_current_estimate():
    e = estimate("llama-3.1-8b", H100, context=1024**2)
    opts = fit_options("llama-3.1-8b", H100, context=1024**2)
    assert opts and opts == fit_options("llama-3.1-8b", H100, context=1024**2, current=e)
    for o in opts:
        assert o.fits and o.headroom_bytes == o.capacity_bytes - o.total_bytes >= 0


def test_compare_rows_speedup_and_params_delta_against_baseline():
    ests, skipped = compare("llama-3.1-8b", H100, default_schemes(), context=32_768)
    spec = get_model("llama-3.1-8b")
    native = estimate("llama-3.1-8b", H100, context=32_768)
    bi = views_compare.baseline_index(ests, native.scheme)
    assert ests[bi].scheme == native.scheme
    rows = views_compare.compare_rows(ests, spec, bi)
    assert rows[bi].speedup == 1.0 and rows[bi].params_delta == 0
    for e, r in zip(ests, rows):
        assert r.kv_bytes_per_token == e.kv_bytes_per_token
        assert r.speedup == pytest.approx(e.decode_tokens_per_s / native.decode_tokens_per_s)
        assert r.params_delta == e.params - native.params
        assert r.scheme.citation and r.scheme.training
    assert views_compare.baseline_index(ests, "no such scheme") == 0
    assert views_compare.compare_rows([], spec) == []


def test_compare_page_sweep_equals_estimate_point_for_point():
    """The Compare page's context sweep is costmodel.sweep (one vectorized implementation)."""
    from costmodel.sweep import sweep

    spec = get_model("gemma-2-9b")  # sliding-window layers: the sweep must cap them like estimate does
    ctx = views_compare.sweep_contexts(1024, 65_536)
    assert list(ctx) == [1024, 2048, 4096, 8192, 16384, 32768, 65536]
    schemes = [s for s in default_schemes() if s.reason_not_applicable(spec) is None]
    grid = sweep([spec], schemes, [H100], ctx, [3], kv_dtype="int8", tp=2)
    for j, tok in enumerate(schemes):
        for k, c in enumerate(ctx):
            e = estimate(spec, H100, tok, context=int(c), batch=3, kv_dtype="int8", tp=2)
            assert grid["kv_bytes"][0, j, 0, k, 0] == e.memory.kv_bytes


def test_sweep_contexts_capped_and_covering():
    assert views_compare.sweep_contexts(1024, 10**12)[-1] <= 10**9
    assert views_compare.sweep_contexts()[-1] == 16 * 1024**2
    assert views_compare.sweep_contexts(include=100 * 1024**2)[-1] >= 100 * 1024**2


def test_kv_budget_is_capacity_minus_weights():
    e = estimate("llama-3.1-8b", H100, context=4096)
    assert views_compare.kv_budget_bytes(e) == e.memory.capacity_bytes - e.memory.weight_bytes


def test_roofline_curve_and_operating_points():
    prof = get_profile(H100)
    c = views_hardware.roofline_curve(prof, "bf16")
    assert c.ridge_flops_per_byte == pytest.approx(prof.peak_flops_per_s("bf16") / prof.bw_bytes_per_s)
    assert np.all(np.diff(c.flops_per_s) >= 0) and c.flops_per_s[-1] == c.peak_flops_per_s
    d = views_hardware.roofline_curve(prof, "bf16", 0.8, 0.7)
    assert d.peak_flops_per_s == pytest.approx(0.7 * c.peak_flops_per_s)
    e = estimate("llama-3.1-8b", H100, context=8192, batch=8)
    pts = views_hardware.operating_points([e])
    dec = next(p for p in pts if p.phase == "decode")
    assert dec.intensity == e.decode.intensity
    assert dec.flops_per_s == pytest.approx(e.decode.flops / e.decode.time_s)
    # every operating point lies on or under the derated roof
    for p in pts:
        roof = min(d.bw_bytes_per_s * p.intensity, d.peak_flops_per_s)
        assert p.flops_per_s <= roof * (1 + 1e-9)


def test_sram_rows_and_sizes():
    prof = get_profile(H100)
    tiny = estimate("llama-3.1-8b", H100, context=1)
    big = estimate("llama-3.1-8b", H100, context=8192)
    rows = views_hardware.sram_rows([tiny, big], prof, DEFAULT_ASSUMPTIONS)
    assert [r.resident for r in rows] == [True, False]
    assert rows[0].budget_bytes == prof.onchip_bytes
    sizes = views_hardware.onchip_sizes(prof)
    assert sizes.l2_bytes == 50 * 2**20


def test_hardware_rows_carry_sources():
    rows = views_hardware.hardware_rows(get_profile(H100))
    names = [r.figure for r in rows]
    assert "mem_bw_bytes_per_s" in names and "flops_per_s.bf16" in names
    mem = next(r for r in rows if r.figure == "memory_bytes")
    assert mem.value == "85.90 GB (80.00 GiB)"
    assert all(r.source and r.as_of for r in rows)


def test_assumptions_round_trip_and_range_errors():
    shown = to_display(Assumptions())
    assert shown["reserve_bytes"] == 1.0  # GiB
    assert from_display(shown) == Assumptions()
    a = from_display({**shown, "reserve_bytes": 2.5, "bw_efficiency": 0.5})
    assert a.reserve_bytes == int(2.5 * GiB) and a.bw_efficiency == 0.5
    with pytest.raises(ValueError, match="bw_efficiency"):
        from_display({"bw_efficiency": 1.5})
    assert {k.name for k in KNOBS} == set(Assumptions().as_dict())
    assert all(k.why for k in KNOBS)


def test_fmt_helpers():
    assert units.fmt_tokens(131_072) == "131,072 (128K)"
    assert units.fmt_tokens(1024**2) == "1,048,576 (1M)"
    assert units.fmt_tokens(1000) == "1,000" and units.fmt_tokens(None) == "∞"
    from costmodel.cli_args import tokens
    for n in (1, 1000, 1024, 4096, 131_072, 524_288, 1024**2, 3 * 1024**2, 10**9):
        assert tokens(units.compact_tokens(n)) == n
    assert units.compact_tokens(524_288) == "512K" and units.compact_tokens(2 * 1024**2) == "2M"
    from costmodel import numfmt  # parameter counts: one formatter (the CLI's list, the pages, the workbook)
    assert numfmt.params(8_030_261_248) == "8.03B" and numfmt.params(8_030_261_248, "ja") == "80.3 億"
    assert numfmt.params(12) == "12"


def test_tornado_plan_rows_and_pareto_points():
    from costmodel import fleet, roi
    from costmodel.prices import gpu_cost
    from costmodel.tco import CostInputs

    r = fleet.optimize("llama-3.1-8b", H100, fleet.users(100, 32_768), ["gqa", "mla:absorbed"])
    plan = r.schemes[0].best
    row = views_sizing.plan_row(plan)
    assert (row.gpus, row.servers, row.tpot_ms) == (plan.gpus, plan.servers, plan.tpot_s * 1e3)
    pts = views_sizing.pareto_points(r)
    assert sum(p.recommended for p in pts) == 2  # one recommended plan per scheme
    assert len(pts) == 2 + sum(len(s.pareto) for s in r.schemes)
    t = views_sizing.tornado_rows(roi.sensitivity(plan, gpu_cost(get_profile(H100)), CostInputs()))
    assert t and all(math.isclose(r["low_delta"], r["low_result"] - r["base_result"]) for r in t)


def test_model_and_editor_share_one_range():
    """The editor's range is the model's range (issue 13: the UI accepted 5000 µs that the model rejected)."""
    ar = next(k for k in KNOBS if k.name == "allreduce_latency_s")
    assert (ar.lo, ar.hi, ar.unit) == (0.0, 1000.0, "µs")  # 0..1 ms, as the model always allowed
    with pytest.raises(ValueError, match="allreduce_latency_s"):
        from_display({"allreduce_latency_s": 5000.0})
    with pytest.raises(ValueError, match="allreduce_latency_s"):
        Assumptions(allreduce_latency_s=5e-3)
    assert Assumptions(allreduce_latency_s=1e-3).allreduce_latency_s == 1e-3  # the top of the range is allowed


def test_measured_bandwidth_efficiency_is_read_from_the_profile():
    """hardware_profiles/a100-sxm-80gb.toml bw_efficiency = 0.834 (its own source); used only when asked."""
    a100, h100 = get_profile("a100-sxm-80gb"), get_profile(H100)
    assert Assumptions().bw_efficiency_on(a100) == 0.80
    assert Assumptions(measured_bw=True).bw_efficiency_on(a100) == 0.834
    assert Assumptions(measured_bw=True).bw_efficiency_on(h100) == 0.80  # H100 SXM lists no measurement
    base = estimate("llama-2-7b", a100, context=4096)
    meas = estimate("llama-2-7b", a100, context=4096, assumptions=Assumptions(measured_bw=True))
    # memory-bound decode: step time scales with 1 / bandwidth efficiency
    assert meas.decode.mem_s == pytest.approx(base.decode.mem_s * 0.80 / 0.834, rel=1e-12)


def test_fmt_figure_reads_the_unit_from_the_name():
    from costmodel.views_hardware import fmt_figure

    # a validation run's machine probes (validation/timing.py: copy of 2^28 B in 14.88 ms = 18.04 GB/s)
    assert fmt_figure("copy_s", 0.01488) == "14.9 ms"  # seconds: *_s, never read as a rate
    assert fmt_figure("bw_bytes_per_s", 2**28 / 0.01488) == "18 GB/s"  # 268,435,456 / 0.01488 = 1.804e10
    assert fmt_figure("copy_bytes", 2**28) == "256.00 MiB"  # below 1 GB: binary units, as profile L2 sizes
    assert fmt_figure("matmul_n", 2048) == "2048"
