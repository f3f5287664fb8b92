"""Memory tiers (issue 15): the tier schema, accelerator profiles and their sources, hand-checked placements (one
that spills to HBM, one all on chip, one multi-chip), "SRAM needed for X at batch B", the estimate / CLI contract,
and the Roofline page's tier tables. Every pinned number is derived by hand in the comment next to it."""
from __future__ import annotations

import json

import numpy as np
import pytest

from costmodel import estimate
from costmodel.assumptions import DEFAULT
from costmodel.dtypes import STATE_FORMATS, kv_format, weight_format
from costmodel.hardware import HardwareError, get_profile, parse_profile
from costmodel.memory import CacheLayout
from costmodel.placement import RULES, PlacementError, pipeline_stages, place
from costmodel.presets import get_model
from costmodel.schemes import parse_scheme
from costmodel.sram import onchip_fits, sram_needed
from test_hardware_profiles import MINIMAL

ACCELERATORS = ("groq-lpu", "cerebras-wse-3", "dmatrix-corsair", "sambanova-sn40l", "tenstorrent-blackhole", "gaudi-3",
                "tpu-v5e", "tpu-v6e", "trainium2")
EFF = DEFAULT.bw_efficiency  # 0.8: every tier's reads are derated like device memory's


def _layout(model: str, scheme: str = "native", kv: str = "bf16", tp: int = 1) -> CacheLayout:
    spec = get_model(model)
    sch = parse_scheme(scheme) if scheme != "native" else None
    from costmodel.schemes import resolve
    return CacheLayout.build(spec, resolve(spec, sch), kv_format(kv), STATE_FORMATS["fp32"], tp)


# ---------------------------------------------------------------- schema and profiles
def test_every_accelerator_tier_figure_is_sourced_and_dated():
    for pid in ACCELERATORS:
        p = get_profile(pid)
        assert p.memory_tiers, pid
        for t in p.memory_tiers:
            for fig in (t.capacity_bytes, t.bw_bytes_per_s):
                if fig is not None:
                    assert len(fig.source) >= 20 and fig.as_of.year >= 2015, (pid, t.name)
                    if fig.confidence == "estimate":
                        assert fig.note, (pid, t.name)  # e.g. TPU v5e VMEM bandwidth: scaling book's ~22x HBM
        names = [t.name for t in p.memory_tiers]
        assert len(names) == len(set(names)), pid


def test_published_accelerator_figures():
    # Groq: 230 MB SRAM per chip (ALCF quoting Groq's briefs), 80 TB/s (TechPowerUp 2024), no DRAM on the card
    groq = get_profile("groq-lpu")
    assert groq.sram_only and groq.main_tier.capacity == 230_000_000 and groq.bw_bytes_per_s == 80e12
    # Cerebras WSE-3: 44 GB at 21 PB/s (Cerebras text in ALCF's SC24 tutorial); no dense rate published
    wse = get_profile("cerebras-wse-3")
    assert wse.main_tier.capacity == 44e9 and wse.main_tier.bw == 21e15 and not wse.flops_per_s
    # d-Matrix Corsair: 2 GB SRAM at 150 TB/s + 256 GB LPDDR5X at 400 GB/s (The Register)
    dm = get_profile("dmatrix-corsair")
    assert (dm.tier("sram").capacity, dm.tier("sram").bw) == (2_000_000_000, 150e12)
    assert (dm.capacity_bytes, dm.bw_bytes_per_s) == (256_000_000_000, 400e9)
    # SN40L: 520 MB SRAM (bandwidth not published), 64 GB HBM, 1.5 TB DDR (Hot Chips 2024)
    sn = get_profile("sambanova-sn40l")
    assert sn.tier("sram").bw is None and sn.tier("ddr").capacity == 1_500_000_000_000
    # Trainium2: 224 MiB SBUF per chip (AWS Neuron docs: 28 MiB x 8 NeuronCore-v3), 96 GiB HBM at 2.9 TB/s
    trn = get_profile("trainium2")
    assert trn.tier("sram").capacity == 224 * 2**20 and trn.capacity_bytes == 96 * 2**30
    # Gaudi 3: 96 MB hardware-managed cache (an L2 here) at 12.8 TB/s, 128 GB HBM2e at 3.67 TB/s (Hot Chips 2024)
    g3 = get_profile("gaudi-3")
    assert g3.onchip_bytes == 96 * 2**20 and g3.bw_bytes_per_s == 3.67e12
    # TPU v5e/v6e: 128 MiB VMEM (JAX tpu_info.py), 819 / 1,638 GB/s HBM (Google's spec pages)
    assert get_profile("tpu-v5e").tier("sram").capacity == get_profile("tpu-v6e").tier("sram").capacity == 2**27
    assert get_profile("tpu-v6e").bw_bytes_per_s == 1.638e12


def test_default_placement_rule():
    # software-managed SRAM with a published bandwidth: greedy; every GPU (and parts whose SRAM bandwidth is not
    # published: SN40L, Trainium2, TPU v6e, Blackhole) keep the GPU L2 rule
    greedy = {p for p in ("groq-lpu", "cerebras-wse-3", "dmatrix-corsair", "tpu-v5e")}
    for pid in ACCELERATORS + ("h100-sxm-80gb", "b200", "mi300x", "rtx-4090", "apple-m2-ultra-192gb"):
        assert get_profile(pid).default_placement == ("greedy" if pid in greedy else "l2"), pid


def test_flat_profiles_get_derived_tiers():
    p = parse_profile(MINIMAL, "minimal")
    assert [t.name for t in p.tiers] == ["dram"] and p.main_tier.capacity == 2**30 and p.default_placement == "l2"
    l2 = MINIMAL.replace('[tdp_w]', '[l2_bytes]\nvalue = 1048576\nsource = "unit test fixture"\nas_of = 2026-01-01\n\n'
                                    '[tdp_w]')
    assert [t.name for t in parse_profile(l2, "l2").tiers] == ["l2", "dram"]


TIERS = """
[[memory_tiers]]
name = "sram"
holds = ["weights", "kv"]
[memory_tiers.capacity_bytes]
value = 1000
source = "unit test fixture"
as_of = 2026-01-01
[memory_tiers.bw_bytes_per_s]
value = 1.0e13
source = "unit test fixture"
as_of = 2026-01-01

[[memory_tiers]]
name = "hbm"
holds = ["weights", "kv"]
[memory_tiers.capacity_bytes]
value = {cap}
source = "unit test fixture"
as_of = 2026-01-01
[memory_tiers.bw_bytes_per_s]
value = 1.0e12
source = "unit test fixture"
as_of = 2026-01-01
"""


def test_explicit_tiers_must_agree_with_flat_fields():
    ok = parse_profile(MINIMAL + TIERS.format(cap=1073741824), "ok")
    assert ok.default_placement == "greedy" and ok.main_tier.name == "hbm"
    with pytest.raises(HardwareError, match="must agree"):
        parse_profile(MINIMAL + TIERS.format(cap=2147483648), "bad")  # memory_bytes says 1 GiB
    with pytest.raises(HardwareError, match="once"):
        parse_profile(MINIMAL + TIERS.format(cap=1073741824).replace('name = "hbm"', 'name = "sram"'), "twice")


def test_unpublished_rates_and_tdp_are_named_not_guessed():
    no16 = MINIMAL.replace("[flops_per_s.bf16]", "[flops_per_s.int8]")
    with pytest.raises(HardwareError, match="bf16"):
        parse_profile(no16, "bad")
    named = parse_profile(no16.replace("[absent]", '[absent]\n"flops_per_s.bf16" = "not published"'), "named")
    with pytest.raises(HardwareError, match="publishes no dense bf16"):
        named.peak_flops_per_s("bf16")
    no_tdp = MINIMAL.replace('[tdp_w]\nvalue = 300\nsource = "unit test fixture"\nas_of = 2026-01-01\n', "")
    with pytest.raises(HardwareError, match="tdp_w"):
        parse_profile(no_tdp, "bad")
    assert parse_profile(no_tdp.replace("[absent]", '[absent]\ntdp_w = "not published"'), "ok").tdp_w is None


def test_power_without_a_tdp_is_asked_for():
    from costmodel.prices import gpu_cost, sourced_figures
    from costmodel.tco import NoPrice
    tpu = get_profile("tpu-v5e")  # Google publishes no TPU v5e power
    assert {s.name: s.value for s in sourced_figures(tpu)}["server_load_w"] is None
    with pytest.raises(NoPrice, match="enter the server power"):
        gpu_cost(tpu)
    g = gpu_cost(tpu, server_load_w=2000.0)
    assert (g.server_load_w, g.server_nameplate_w) == (2000.0, 2000.0)


# ---------------------------------------------------------------- placements checked by hand
def test_placement_spills_from_vmem_to_hbm():
    """TPU v5e, Llama-3.1-8B BF16, 1,024 tokens, batch 1, greedy: VMEM (128 MiB, 17.8 TB/s) may hold weights but
    not KV (NOTES.md); it takes 128 MiB of weights, HBM (16 GiB, 819 GB/s) the rest of them and the cache."""
    w_total = 8_030_261_248 * 2  # parameters x 2 B
    kv = 32 * 8 * 128 * 2 * 2 * 1024  # layers x KV heads x head_dim x (K, V) x 2 B x tokens = 134,217,728
    pl = place(_layout("llama-3.1-8b"), get_profile("tpu-v5e"), weight_format("bf16"), 1, 1024)
    assert pl.rule == "greedy" and pl.fits and pl.stages == 1
    assert pl.bytes_per_tier == {"sram": 2**27, "hbm": w_total - 2**27 + kv, "host_dram": 0}
    assert pl.item_tiers("kv") == {"sram": 0, "hbm": kv, "host_dram": 0} and not pl.sram_resident
    # a step reads all weights but the untied embedding's other 128,255 rows: reuse r = read / stored
    r = (w_total - 128_255 * 4096 * 2) / w_total
    kv_read = 32 * 8 * 128 * 2 * 2 * 1025  # the cache and the new row
    mem_s = 2**27 * r / (17.8e12 * EFF) + ((w_total - 2**27) * r + kv_read) / (819e9 * EFF)
    assert pl.mem_s == pytest.approx(mem_s, rel=1e-12)


def test_placement_all_on_the_wafer():
    """Cerebras WSE-3, Llama-3.1-8B BF16, 4,096 tokens x 8: weights 16.06 GB + KV 4.29 GB fit the 44 GB SRAM."""
    w_total, kv = 8_030_261_248 * 2, 8 * 4096 * 131_072
    pl = place(_layout("llama-3.1-8b"), get_profile("cerebras-wse-3"), weight_format("bf16"), 8, 4096)
    assert pl.bytes_per_tier == {"sram": w_total + kv, "host_dram": 0}
    assert pl.sram_resident and pl.stages == 1 and pl.interconnect_s == 0 and pl.landing_tier == "sram"
    reads = (w_total - (128_256 - 8) * 4096 * 2) + 8 * 4097 * 131_072
    assert pl.mem_s == pytest.approx(reads / (21e15 * EFF), rel=1e-12)


def test_placement_across_hundreds_of_groq_chips():
    """Llama-2-70B FP16 on Groq LPUs (230 MB SRAM, no DRAM): weights 68,976,648,192 x 2 B = 137,953,296,384; KV
    327,680 B/token x 4,096 = 1,342,177,280; activations (4,096 tokens x (4 x 8,192 + 2 x 28,672) x 2 B + 32,000
    x 4 B logits) = 738,325,504; reserve 1 GiB: 141,107,540,992 B / 230e6 = 613.5 -> 614 chips (Groq, SC23:
    'over 500 GroqChip'). Hand-offs: 613 x 8,192 x 2 B / (480 GB/s / 2 x 0.8) = 52.3 us per token."""
    e = estimate("llama-2-70b", "groq-lpu", context=4096, weight_dtype="fp16", engine="ideal")
    assert e.memory.total_bytes == 141_107_540_992 and e.chips_per_replica == 614 and e.fits and e.speed_valid
    assert e.placement.interconnect_s == pytest.approx(613 * 8192 * 2 / (240e9 * 0.8), rel=1e-12)
    assert e.memory.capacity_bytes == 614 * 230_000_000 and e.to_dict()["per_gpu"] is False
    assert any(w.key == "warn.multichip" for w in e.warnings)


def test_pipeline_stages_is_one_search_for_scalars_and_arrays():
    """The stage count ``estimate`` (ints) and ``sweep`` (arrays) share: the numbers of the test above give 614 Groq
    chips (weights + cache + activations + reserve); on an array, each element is what the scalar gives; 1 on GPUs."""
    groq = get_profile("groq-lpu")
    w, kv, act = 137_953_296_384, 1_342_177_280, 738_325_504
    assert pipeline_stages(groq, w, kv, kv + act) == 614
    kvs, acts = [0, kv, 10 * kv, 10**15], [0, act, 3 * act, 10**12]
    grid = pipeline_stages(groq, w, [[k] for k in kvs] * np.ones((1, 4)), np.add.outer(kvs, acts) * 1.0)
    assert grid.dtype == np.int64 and grid.tolist() == [[pipeline_stages(groq, w, k, k + x) for x in acts] for k in kvs]
    assert pipeline_stages(get_profile("h100-sxm-80gb"), w, kv, kv + act) == 1


def test_gpu_rule_keeps_a_small_cache_in_l2():
    """H100, Llama-3.1-8B, 128 tokens x 1: the cache (128 x 131,072 = 16 MiB) fits the 50 MiB L2 whole, so it is
    read from L2 for free (the rule kvcost always had); the weights stay in HBM."""
    e = estimate("llama-3.1-8b", "h100-sxm-80gb", context=128, engine="ideal")
    assert e.placement.rule == "l2" and e.sram_resident
    assert e.to_dict()["placement"] == {"registers": 0, "l1_smem": 0, "l2": 16_777_216, "hbm": 8_030_261_248 * 2,
                                        "host_dram": 0}
    big = estimate("llama-3.1-8b", "h100-sxm-80gb", context=1024, batch=8, engine="ideal")  # 1 GiB: all in HBM
    assert not big.sram_resident and big.to_dict()["placement"]["l2"] == 0


def test_unknown_rule_is_one_line():
    with pytest.raises(PlacementError, match="greedy"):
        estimate("llama-3.1-8b", "h100-sxm-80gb", context=128, placement_rule="nope")


# ---------------------------------------------------------------- SRAM needed, slim attention's Whisper claim
def test_sram_needed_for_whispers_encoder_output():
    """Slim option 2 keeps E = 1,500 x 1,280 per sequence: 64 sequences x 2 B = 245,760,000 B. On chip it fits a
    d-Matrix card (2 GB), an SN40L socket (520 MB) and the wafer (44 GB); not Groq (230 MB: 94%), Trainium2's
    SBUF (224 MiB = 234,881,024 B: 96%) nor an H100's L2 (50 MiB: 5 chips' worth)."""
    need = sram_needed("whisper-large-v3", "slim:2", batch=64, context=448)
    assert need.encoder_output_bytes == 245_760_000 and need.state_bytes == 0
    assert need.kv_bytes == 64 * 448 * 32 * 1280 * 2  # self K only (option 2 caches no cross K/V)
    fits = {g: [(f.tier, f.fits, f.chips) for f in onchip_fits(need, get_profile(g), "encoder_output")]
            for g in ("dmatrix-corsair", "sambanova-sn40l", "cerebras-wse-3", "groq-lpu", "trainium2",
                      "h100-sxm-80gb")}
    assert fits == {"dmatrix-corsair": [("sram", True, 1)], "sambanova-sn40l": [("sram", True, 1)],
                    "cerebras-wse-3": [("sram", True, 1)], "groq-lpu": [("sram", False, 2)],
                    "trainium2": [("sram", False, 2)], "h100-sxm-80gb": [("l2", False, 5)]}


def test_whisper_option2_speedup_where_e_fits_on_chip():
    """Slim attention Table 7: option 2 at batch 64 is 5.3x faster, E kept on chip. On the d-Matrix card with E
    pinned in SRAM (rule encoder-on-chip) the step reads from LPDDR (400 GB/s x 0.8): MHA weights 801,703,680 x 2 B
    + cache 64 x (449 x 163,840 + 1,500 x 163,840) = 22,040,153,600 B; option 2 weights 906,561,280 x 2 B + self K
    64 x 449 x 81,920 = 4,167,175,680 B, plus E's 32 reads (7,864,320,000 B) from SRAM at 150 TB/s x 0.8."""
    from costmodel.claims import CLAIMS
    rows = {c.id: c.evaluate() for c in CLAIMS if c.id.startswith("slim-whisper-large-bs64-option2")}
    mha = 22_040_153_600 / (400e9 * EFF)
    slim = 4_167_175_680 / (400e9 * EFF) + 7_864_320_000 / (150e12 * EFF)
    assert rows["slim-whisper-large-bs64-option2-sram"].computed == pytest.approx(mha / slim, rel=1e-12)
    assert rows["slim-whisper-large-bs64-option2-sram"].ok  # 5.26 vs the paper's 5.3 (1%)
    # where everything is on chip (the wafer), every byte costs the same: the ratio of bytes read, as on a GPU
    assert rows["slim-whisper-large-bs64-option2-wafer"].computed == pytest.approx(
        22_040_153_600 / (4_167_175_680 + 7_864_320_000), rel=1e-12)
    assert rows["slim-whisper-large-bs64-option2-wafer"].ok is False
    assert rows["slim-whisper-large-bs64-option2-kvcost"].computed == pytest.approx(
        rows["slim-whisper-large-bs64-option2-wafer"].computed, rel=1e-12)  # GPU: E in HBM, no L2 room


def test_no_published_rate_gives_memory_but_no_speed():
    e = estimate("whisper-large-v3", "dmatrix-corsair", "slim:2", context=448, batch=64)
    assert e.fits and not e.compute_published and not e.speed_valid and e.ridge_flops_per_byte == 0.0
    assert any(w.key == "warn.no_rate" for w in e.warnings)
    d = e.to_dict()
    assert d["speed_valid"] is False and d["placement"]["sram"] == 2_000_000_000  # the SRAM is filled greedily
    assert d["placement_detail"]["tiers"][0]["items"]["encoder_output"] == 245_760_000


# ---------------------------------------------------------------- contract: JSON and CLI
def test_estimate_json_contract():
    d = estimate("llama-3.1-8b", "tpu-v5e", context=1024).to_dict()
    assert {"placement", "placement_rule", "chips_per_replica", "placement_detail", "sram_resident"} <= set(d)
    assert set(d["placement"]) == {"sram", "hbm", "host_dram"} and d["placement_rule"] == "greedy"
    assert d["engine"] == "ideal"  # accelerators: no GPU engine measurements apply
    json.dumps(d, allow_nan=False)


def test_cli_placement_rule_and_json(capsys):
    from costmodel.cli import build_parser, main
    est = build_parser(argv=["estimate"])._subparsers._group_actions[0].choices["estimate"]
    assert tuple(next(a for a in est._actions if a.dest == "placement_rule").choices) == RULES
    assert main(["estimate", "--model", "llama-2-70b", "--gpu", "groq-lpu", "--context", "4096",
                 "--weight-dtype", "fp16", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["chips_per_replica"] == 614 and d["placement_rule"] == "greedy" and set(d["placement"]) == {
        "sram", "host_dram"}
    assert main(["estimate", "--model", "llama-2-70b", "--gpu", "groq-lpu", "--context", "4096",
                 "--weight-dtype", "fp16"]) == 0
    out = capsys.readouterr().out
    assert "Chips per replica" in out and "614 (614 pipeline stages" in out


# ---------------------------------------------------------------- Roofline page
def test_roofline_page_draws_the_tiers():
    from streamlit.testing.v1 import AppTest

    from test_app import APP
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"gpu": "groq-lpu"})
    at = at.switch_page("ui/roofline.py").run()
    assert not at.exception and not at.error
    from ui.labels import t
    tiers = next(df.value for df in at.dataframe if t("roof.tier") in df.value.columns)
    assert list(tiers[t("roof.tier")]) == ["On-chip SRAM", "Host DRAM"]  # the tiers sram and host_dram, in words
    # one ridge per tier with a bandwidth: Groq's FP16 rate over its SRAM: 188e12 / 80e12 = 2.35 FLOP/B
    assert list(tiers[t("roof.tier_ridge")]) == ["2.35", "—"]
    ws = next(df.value for df in at.dataframe if t("roof.lands") in df.value.columns)
    assert set(ws[t("roof.lands")]) == {"On-chip SRAM"} and set(ws[t("roof.rule")]) == {"greedy"}
