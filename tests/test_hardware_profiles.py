"""Checks on the bundled hardware profiles (hardware_profiles/*.toml) and the profile loader."""
from __future__ import annotations

import datetime as dt
import math
import tomllib

import pytest

from costmodel.hardware import PROFILES_DIR, HardwareError, load_profiles, parse_profile

GiB = 2**30
TODAY = dt.date(2026, 11, 27)  # date the profiles were compiled; as_of must not be later than the real date either

REQUIRED_IDS = {
    "h100-sxm-80gb", "h100-pcie-80gb", "h100-nvl-94gb", "h200-sxm-141gb", "b200",
    "a100-sxm-40gb", "a100-sxm-80gb", "a100-pcie-80gb", "l40s", "l4", "a10g",
    "rtx-3090", "rtx-3090-ti", "rtx-4060", "rtx-4060-ti-16gb", "rtx-4070", "rtx-4070-ti-super",
    "rtx-4080", "rtx-4090", "rtx-5090", "rtx-4050-laptop", "mi300x",
    "apple-m2-ultra-192gb", "apple-m3-max-128gb", "apple-m4-max-128gb",
    # issue 15: SRAM-rich and other accelerators with explicit memory tiers
    "groq-lpu", "cerebras-wse-3", "dmatrix-corsair", "sambanova-sn40l", "tenstorrent-blackhole", "gaudi-3",
    "tpu-v5e", "tpu-v6e", "trainium2",
}


@pytest.fixture(scope="module")
def profiles():
    return load_profiles()


def _all_figures(profiles):
    for pid, prof in profiles.items():
        for name, fig in prof.figures().items():
            yield pid, name, fig


# ---- (1) every file loads, ids are unique ------------------------------------------------------

def test_every_file_loads_and_ids_are_unique(profiles):
    files = sorted(PROFILES_DIR.glob("*.toml"))
    assert files, "no hardware profiles found"
    # load_profiles keys by id, so a duplicate id would silently shrink the dict
    assert len(profiles) == len(files)
    ids = [tomllib.loads(f.read_text(encoding="utf-8"))["id"] for f in files]
    assert len(ids) == len(set(ids))
    assert {f.stem for f in files} == set(profiles)


def test_required_profiles_present(profiles):
    missing = REQUIRED_IDS - set(profiles)
    assert not missing, f"missing profiles: {sorted(missing)}"


def test_each_file_parses_on_its_own():
    for path in sorted(PROFILES_DIR.glob("*.toml")):
        prof = parse_profile(path.read_text(encoding="utf-8"), path.name)
        assert prof.id == path.stem


# ---- (2) provenance: every figure sourced and dated -------------------------------------------

def test_every_figure_has_source_and_past_as_of(profiles):
    latest = max(TODAY, dt.date.today())
    for pid, name, fig in _all_figures(profiles):
        assert fig.source.strip(), f"{pid}.{name}: empty source"
        assert len(fig.source.strip()) >= 10, f"{pid}.{name}: source too vague: {fig.source!r}"
        assert fig.as_of <= latest, f"{pid}.{name}: as_of {fig.as_of} is in the future"
        assert fig.as_of >= dt.date(2015, 1, 1), f"{pid}.{name}: implausible as_of {fig.as_of}"


def test_estimates_explain_themselves(profiles):
    for pid, name, fig in _all_figures(profiles):
        if fig.confidence == "estimate":
            assert fig.note.strip(), f"{pid}.{name}: estimate without a note explaining it"


# ---- (3) pinned datasheet values --------------------------------------------------------------

def test_h100_sxm_pinned(profiles):
    p = profiles["h100-sxm-80gb"]
    # NVIDIA H100 whitepaper V1.04 Table 1: 989.4 dense BF16 (1979 sparse), 1978.9 dense FP8, 3.35 TB/s HBM3
    assert p.peak_flops_per_s("bf16") == pytest.approx(989.4e12)
    assert p.peak_flops_per_s("fp8") == pytest.approx(1978.9e12)
    assert p.bw_bytes_per_s == pytest.approx(3.35e12)
    # "80 GB" HBM3 = 80 GiB physical
    assert p.memory_bytes.value == 80 * GiB
    # nvidia-smi total 81559 MiB (modal-labs/modal-client PR #2797)
    assert p.capacity_bytes == 81559 * 2**20


def test_h200_pinned(profiles):
    p = profiles["h200-sxm-141gb"]
    # NVIDIA H200 product page: 141 GB HBM3e, 4.8 TB/s
    assert p.memory_bytes.value == 141 * GiB
    assert p.bw_bytes_per_s == pytest.approx(4.8e12)


def test_b200_pinned(profiles):
    # DGX B200 datasheet / HGX page: 4.5 PFLOPS BF16 with sparsity -> 2.25 PFLOPS dense (also pytorch/ao PR #4002)
    assert profiles["b200"].peak_flops_per_s("bf16") == pytest.approx(2.25e15)


def test_a100_80gb_pinned(profiles):
    # NVIDIA A100 datasheet: 2,039 GB/s on A100 80GB SXM
    assert profiles["a100-sxm-80gb"].bw_bytes_per_s == pytest.approx(2.039e12)


def test_rtx_4090_pinned(profiles):
    p = profiles["rtx-4090"]
    # Ada whitepaper v2.1 App. A: 165.2 dense BF16 with FP32 accumulate (330.3 with FP16 accumulate), 1,008 GB/s
    assert p.peak_flops_per_s("bf16") == pytest.approx(165.2e12)
    assert p.bw_bytes_per_s == pytest.approx(1.008e12)


def test_mi300x_pinned(profiles):
    # AMD MI300X spec page: 1307.4 TFLOPS dense FP16/BF16 (2614.9 with sparsity)
    assert profiles["mi300x"].peak_flops_per_s("bf16") == pytest.approx(1307.4e12)


def test_l40s_pinned(profiles):
    # NVIDIA L40S datasheet: 362.05 TFLOPS BF16 dense (733 with sparsity)
    assert profiles["l40s"].peak_flops_per_s("bf16") == pytest.approx(362.05e12)


# ---- (4) no sparse marketing figures sneaking in as dense ---------------------------------------

# Sparse (2:4) or otherwise "marketing" 16-bit numbers; a bf16 entry equal to any of these is a unit/sparsity mistake.
SPARSE_MARKETING = {
    "h100 sxm / h200 bf16 sparse": 1979e12,
    "h100 sxm fp8 dense (not a bf16 rate)": 1978.9e12,
    "h100 pcie bf16 sparse": 1513e12,
    "h100 nvl bf16 sparse": 1671e12,
    "b200 bf16 sparse": 4.5e15,
    "gb200 bf16 sparse": 5.0e15,
    "mi300x fp16 sparse": 2614.9e12,
    "a100 bf16 sparse": 624e12,
    "l40s bf16 sparse": 733e12,
    "l4 bf16 sparse": 242e12,
    "rtx 4090 bf16 fp32-acc sparse / fp16-acc dense": 330.4e12,
    "rtx 4090 'AI TOPS'": 1321e12,
    "rtx 5090 bf16 fp32-acc sparse": 419e12,
    "rtx 5090 'AI TOPS'": 3352e12,
    "rtx 3090 fp16-acc dense / fp32-acc sparse": 142e12,
    "rtx 3090 ti fp16-acc dense": 160e12,
    "rtx 3090 ti '320 tensor TFLOPS'": 320e12,
}


def test_no_bf16_rate_is_a_sparse_marketing_figure(profiles):
    for pid, prof in profiles.items():
        for dtype in ("bf16", "fp16"):
            if dtype not in prof.flops_per_s:
                continue
            rate = prof.flops_per_s[dtype].value
            for label, bad in SPARSE_MARKETING.items():
                assert not math.isclose(rate, bad, rel_tol=2e-3), f"{pid}.{dtype} = {rate:.4g} looks like {label}"


def test_specific_parts_are_dense(profiles):
    assert profiles["h100-sxm-80gb"].flops_per_s["bf16"].value < 1979e12 / 1.9
    assert profiles["b200"].flops_per_s["bf16"].value < 4.5e15 / 1.9
    assert profiles["mi300x"].flops_per_s["bf16"].value < 2614.9e12 / 1.9


def test_geforce_bf16_is_fp32_accumulate_rate(profiles):
    # FP32-accumulate (what cuBLAS/PyTorch use) is half the FP16-accumulate dense rate on GeForce
    fp16_acc_dense = {"rtx-3090": 142e12, "rtx-3090-ti": 160e12, "rtx-4080": 195e12, "rtx-4090": 330.3e12,
                      "rtx-5090": 419e12}
    for pid, fast in fp16_acc_dense.items():
        assert profiles[pid].peak_flops_per_s("bf16") == pytest.approx(fast / 2, rel=2e-3), pid


def test_rate_ordering_is_sane(profiles):
    for pid, prof in profiles.items():
        if not {"bf16", "fp16"} & set(prof.flops_per_s):
            assert "flops_per_s.bf16" in prof.absent, pid  # unpublished, said so (Cerebras, d-Matrix)
            continue
        bf16 = prof.peak_flops_per_s("bf16")
        if "fp8" in prof.flops_per_s:
            assert prof.flops_per_s["fp8"].value >= bf16, pid
        if "fp4" in prof.flops_per_s:
            assert prof.flops_per_s["fp4"].value >= prof.flops_per_s["fp8"].value, pid
        if "fp32" in prof.flops_per_s:
            assert prof.flops_per_s["fp32"].value <= bf16, pid


# ---- (5) derived properties ---------------------------------------------------------------------

def test_capacity_never_exceeds_physical_memory(profiles):
    for pid, prof in profiles.items():
        assert 0 < prof.capacity_bytes <= prof.physical_memory_bytes, pid


def test_memory_is_whole_gib(profiles):
    # convention: marketed "N GB" capacities of GPUs are N GiB physical (accelerators' SRAM and vendor-decimal
    # capacities are recorded as the vendor states them: see /work/research/accelerators/NOTES.md section 3)
    for pid, prof in profiles.items():
        if not prof.accelerator:
            assert prof.physical_memory_bytes % GiB == 0, pid


def test_a100_fp8_falls_back_to_bf16(profiles):
    for pid in ("a100-sxm-40gb", "a100-sxm-80gb", "a100-pcie-80gb"):
        prof = profiles[pid]
        assert "fp8" not in prof.flops_per_s
        assert prof.peak_flops_per_s("fp8") == prof.peak_flops_per_s("bf16") == pytest.approx(312e12)


def test_fp8_capable_parts_use_their_fp8_rate(profiles):
    h100 = profiles["h100-sxm-80gb"]
    assert h100.peak_flops_per_s("fp8") == pytest.approx(2 * h100.peak_flops_per_s("bf16"), rel=1e-3)
    assert profiles["b200"].peak_flops_per_s("fp4") == pytest.approx(9.0e15)


def test_server_shapes(profiles):
    for pid, prof in profiles.items():
        assert 1 <= prof.nvlink_domain <= prof.n_per_server, pid
        if prof.form_factor in ("consumer", "laptop", "soc"):
            assert prof.n_per_server == 1, pid
        if prof.form_factor in ("sxm", "oam"):
            assert prof.n_per_server == 8 and prof.nvlink_domain == 8, pid
        if prof.nvlink_domain > 1:
            assert prof.link_bw_bytes_per_s is not None, pid


def test_bw_efficiency_is_a_fraction(profiles):
    for pid, prof in profiles.items():
        if prof.bw_efficiency is not None:
            assert 0.5 < prof.bw_efficiency.value <= 1.0, pid


def test_l2_is_mib_sized(profiles):
    # datasheet "MB" of L2 is MiB in practice (H100: 50 MB -> 52428800 bytes per device query). Slices are 256 KiB:
    # the RTX 3060 (GA106) reports 2359296 B = 2.25 MiB = 9 x 256 KiB in three independent CUDA deviceQuery captures
    # (research/consumer/SOURCES.md, device captures), although spec databases print "3 MB"
    assert profiles["h100-sxm-80gb"].onchip_bytes == 50 * 2**20
    assert profiles["rtx-3060-12gb"].onchip_bytes == 2_359_296
    for pid, prof in profiles.items():
        if prof.l2_bytes is not None:
            assert prof.l2_bytes.value % (2**18) == 0, pid


# ---- (6) parser rejects malformed profiles -----------------------------------------------------

MINIMAL = """
id = "test-gpu"
name = "Test GPU"
vendor = "Test"
arch = "Test"
form_factor = "pcie"

[memory_bytes]
value = 1073741824
source = "unit test fixture"
as_of = 2026-01-01

[mem_bw_bytes_per_s]
value = 1.0e12
source = "unit test fixture"
as_of = 2026-01-01

[flops_per_s.bf16]
value = 1.0e14
source = "unit test fixture"
as_of = 2026-01-01

[tdp_w]
value = 300
source = "unit test fixture"
as_of = 2026-01-01

[nvlink_domain_gpus]
value = 1
source = "unit test fixture"
as_of = 2026-01-01

[gpus_per_server]
value = 1
source = "unit test fixture"
as_of = 2026-01-01

[absent]  # every price is sourced or named absent with its reason (issue 17)
gpu_price_usd = "unit test fixture: no price"
server_price_usd = "unit test fixture: no price"
server_power_load_w = "unit test fixture: no measurement"
cloud_prices = "unit test fixture: no cloud offer"
"""


def test_minimal_fixture_is_valid():
    prof = parse_profile(MINIMAL, "minimal")
    assert prof.capacity_bytes == 2**30


def test_parse_rejects_unknown_top_level_field():
    with pytest.raises(HardwareError):
        parse_profile('bogus_field = "x"\n' + MINIMAL, "bad")


def test_parse_rejects_unknown_field_inside_a_figure():
    text = MINIMAL.replace('[tdp_w]\nvalue = 300\n', '[tdp_w]\nvalue = 300\nunits = "W"\n')
    with pytest.raises(HardwareError):
        parse_profile(text, "bad")


def test_parse_rejects_missing_source():
    text = MINIMAL.replace('[tdp_w]\nvalue = 300\nsource = "unit test fixture"\n', '[tdp_w]\nvalue = 300\n')
    assert text != MINIMAL
    with pytest.raises(HardwareError, match="source"):
        parse_profile(text, "bad")


def test_parse_rejects_unknown_dtype_and_missing_16bit_rate():
    with pytest.raises(HardwareError):
        parse_profile(MINIMAL.replace("[flops_per_s.bf16]", "[flops_per_s.fp6]"), "bad")


def test_parse_rejects_bad_toml():
    with pytest.raises(HardwareError, match="not valid TOML"):
        parse_profile("id = ", "bad")
