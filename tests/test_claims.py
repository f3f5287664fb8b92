"""Published claims recomputed by costmodel.claims: each claim's verdict and value are pinned."""
import subprocess
import sys

import pytest

from conftest import ROOT
from costmodel.claims import CLAIMS, evaluate_claims
from costmodel.fitcheck import EXAMPLE_CLAIMS, check_claim, evaluate_examples
from costmodel.hardware import HardwareError, get_profile
from test_claims_articles import ARTICLE_PINNED

# id -> (ok, computed). A changed formula must show up here (and in the claim's explanation).
PINNED = {
    "dsv3-kv-bytes-per-token": (True, 70272.0),
    "qwen2.5-72b-kv-bytes-per-token": (True, 327680.0),
    "llama-3.1-405b-kv-bytes-per-token": (True, 516096.0),
    "dsv2-93.3-percent-6bit": (True, 93.33881578947368),
    "dsv2-93.3-percent-bf16": (False, 82.23684210526316),
    "dsv2-gqa-2.25-groups": (True, 2.25),
    "dsv2-table9-small-mla": (True, 15552.0),
    "dsv2-table9-large-mla": (True, 34560.0),
    "dsv2-table9-small-mha": (True, 110592.0),
    "mla-v3-absorbed-cache": (True, 1152.0),
    "mla-v3-naive-cache": (True, 81920.0),
    "mla-v3-absorbed-flops": (True, 278528.0),
    "mla-v3-naive-flops": (True, 81920.0),
    "mla-v3-latent-flops": (True, 33636352.0),
    "transmla-86gb-gqa8": (True, 85.89934592),
    "transmla-86gb-real-llama65b": (False, 687.19476736),
    "transmla-llama2-7b-93-percent": (True, 92.96875),
    "transmla-qwen2.5-72b-reduction": (True, 71.875),
    "transmla-hf-naive-larger": (True, 10240.0),
    "slim-table1-phi-3-mini-128k": (True, 25769803776.0),
    "slim-table1-gemma-7b": (True, 1879048192.0),
    "slim-table1-codellama-7b": (True, 4294967296.0),
    "slim-table1-evo-1-131k": (True, 34359738368.0),
    "slim-table1-gpt2-xl": (True, 157286400.0),
    "slim-table1-whisper-large-v3": (True, 159580160.0),
    "slim-table1-whisper-tiny": (True, 5984256.0),
    "slim-table1-flan-t5-xxl": (True, 100663296.0),
    "slim-phi3-kv-25gb-fp8": (True, 25.769803776),
    "slim-phi3-kv-12.5gb-fp8": (True, 12.884901888),
    "slim-phi3-total-28.8gb": (True, 29.590883328),
    "slim-phi3-speedup-bs1": (True, 1.7712747637291761),
    "slim-phi3-speedup-bs16": (True, 1.9818026075193367),
    "slim-t5-11b-32x": (True, 32.0),
    "slim-whisper-large-cross-kv": (True, 122880000.0),
    "slim-whisper-large-self-kv": (True, 36700160.0),
    "slim-whisper-large-baseline": (True, 159580160.0),
    "slim-whisper-large-option1": (True, 79790080.0),
    "slim-whisper-large-option2": (True, 18350080.0),
    "slim-whisper-large-e-cache": (True, 1920000.0),
    "slim-whisper-option2-savings": (True, 8.696428571428571),
    "slim-whisper-large-params": (True, 801703680.0),
    "slim-whisper-large-bs1-option1": (True, 1.0292971614263178),
    "slim-whisper-large-bs1-option2": (True, 1.0393253684331436),
    "slim-whisper-large-bs64-option1": (True, 1.8479102043358147),
    "slim-whisper-large-bs64-option2": (True, 5.293133959298911),
    "slim-whisper-large-bs64-option2-kvcost": (False, 1.8318714635485784),
    # issue 15 (memory tiers); hand derivations in tests/test_tiers.py
    "slim-whisper-e-cache-bs64-bytes": (True, 245_760_000.0),  # 64 x 1500 x 1280 x 2 B
    "slim-whisper-large-bs64-option2-sram": (True, 0.06887548 / 0.01308796),  # d-Matrix, E on chip: 5.26
    "slim-whisper-large-bs64-option2-sram-greedy": (True, 8.232894586798903),
    "slim-whisper-large-bs64-option2-wafer": (False, 22_040_153_600 / 12_031_495_680),  # one bandwidth: bytes ratio
    "groq-llama2-70b-chips": (True, 614.0),
    "groq-llama2-70b-tokens": (True, 450.3258024320648),
    "tpa-a4-2048-mha-4096": (True, 4096.0),
    "tpa-a4-2048-mla-17408": (True, 17408.0),
    "tpa-a4-2048-tpa-3584": (True, 3584.0),
    "tpa-a4-2048-tpa-5632": (True, 5632.0),
    "tpa-a4-4096-mha-8192": (True, 8192.0),
    "tpa-a4-4096-mla-34816": (True, 34816.0),
    "tpa-a4-4096-tpa-6656": (True, 6656.0),
    "tpa-a4-7168-mha-16384": (True, 16384.0),
    "tpa-a4-7168-mla-69632": (True, 69632.0),
    "tpa-a4-7168-tpa-11264": (True, 11264.0),
    "tpa-cache-192": (True, 192.0),
    "tpa-cache-ratio-21x": (True, 21.333333333333332),
    "tpa-a4-params-mha": (True, 16777216.0),
    "tpa-a4-params-gqa": (True, 9437184.0),
    "tpa-a4-params-tpa": (True, 7733248.0),
    "tpa-a4-params-mla": (True, 9765888.0),
    "loglinear-15-levels-16k": (True, 15.0),
    "loglinear-mamba2-mid-state": (True, 5898240.0),
    "mamba2-mid-state": (True, 393216.0),
}
ROW_KEYS = {"id", "source", "statement", "quoted", "computed", "unit", "rel_tol", "rel_diff", "ok", "explanation",
            "kind", "check", "assumptions"}


@pytest.fixture(scope="module")
def rows():
    return {r.id: r for r in evaluate_claims()}


def test_every_claim_is_pinned(rows):
    assert len(rows) == len(CLAIMS), "claim ids must be unique"
    assert set(rows) == set(PINNED) | set(ARTICLE_PINNED)  # the source articles' rows: tests/test_claims_articles.py
    assert not set(PINNED) & set(ARTICLE_PINNED)


@pytest.mark.parametrize("cid", sorted(PINNED))
def test_claim_verdict_and_value(rows, cid):
    ok, computed = PINNED[cid]
    r = rows[cid]
    assert set(r.to_dict()) == ROW_KEYS
    assert r.ok is ok
    assert r.computed == pytest.approx(computed, rel=1e-12)
    assert r.source and r.statement and r.unit
    if not ok:  # a claim kvcost does not reproduce must say why
        assert len(r.explanation) > 40


def test_exact_integer_claims():
    """The byte/FLOP identities from the papers hold exactly, not just within tolerance."""
    # (bounds such as "needs at most the card's memory" and cited accuracy figures are not identities)
    exact = {c.id for c in CLAIMS if c.rel_tol == 0.0 and c.check == "approx" and c.compute is not None}
    assert {"dsv3-kv-bytes-per-token", "mla-v3-absorbed-flops", "tpa-a4-2048-tpa-3584", "slim-t5-11b-32x"} <= exact
    for r in evaluate_claims([c for c in CLAIMS if c.id in exact]):
        assert r.computed == r.quoted, r.id


def test_claims_module_does_not_import_torch():
    code = ("import sys; sys.modules['torch'] = None\n"
            "import costmodel.claims as c; rows = c.evaluate_claims(); assert rows\n"
            "assert 'torch' not in [m for m in sys.modules if sys.modules[m] is not None]")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def _profiles_or_skip(*ids):
    try:
        for i in ids:
            get_profile(i)
    except HardwareError as exc:
        pytest.skip(f"hardware profile missing: {exc}")


EXPECTED_FITS = {
    "qwen72b-mla-rtx4070-8k": False, "llama65b-int8-512k-h100": False, "dsv3-fp8-128k-8xh200": True,
    "llama3-70b-bf16-1xh100": False, "llama3-70b-bf16-2xh100": True, "llama31-8b-128k-rtx4090": True,
    "mistral7b-32k-rtx4070": True, "phi3-128k-fp8-rtx4090-mha": False, "phi3-128k-fp8-rtx4090-slim": True,
    "llama2-7b-64x4k-a100": False, "llama2-7b-transmla-64x4k-a100": True,
    # consumer claims with int4 weights: 39.89 / 38.75 GB of weights alone vs 12.88 / 17.17 GB; Llama-3-8B int4 at
    # 8K needs 7.15 GB of the 4060's 8.59 GB without MLA (derivations in tests/test_claims_articles.py)
    "qwen72b-mla-int4-rtx4070-8k": False, "llama3-70b-mla-int4-rtx4080-8k": False, "llama31-8b-int4-rtx4060-8k": True,
}


def test_example_claims():
    _profiles_or_skip(*{ex.gpu for ex in EXAMPLE_CLAIMS})
    res = evaluate_examples()
    assert set(res) == set(EXPECTED_FITS)
    for cid, fits in EXPECTED_FITS.items():
        r = res[cid]
        assert r.fits is fits, (cid, r.verdict)
        assert r.verdict.startswith("Yes" if fits else "No")
        m = r.estimate.memory
        assert m.total_bytes == m.weight_bytes + m.kv_bytes + m.activation_bytes + m.reserve_bytes
        assert (m.total_bytes <= m.capacity_bytes) is fits
        assert r.estimate.decode_tokens_per_s > 0
    assert "weights alone" in res["qwen72b-mla-rtx4070-8k"].verdict  # 72B params cannot fit 12 GB
    # LLaMA-65B is MHA: 687.2 GB of int8 KV at 512K, not the quoted 86 GB
    assert res["llama65b-int8-512k-h100"].estimate.memory.kv_bytes == 687_194_767_360


def test_check_claim_inapplicable_and_bad_input():
    _profiles_or_skip("h100-sxm-80gb")
    r = check_claim("llama-3-70b", "h100-sxm-80gb", "slim:1", 8192)
    assert r.applicable is False and r.fits is False and "MHA" in r.reason
    bad = check_claim("llama-3-70b", "no-such-gpu", None, 8192)
    assert bad.fits is None and "no-such-gpu" in bad.error
    assert check_claim("llama-3-70b", "h100-sxm-80gb", "native", 8192).scheme == "GQA (8 KV heads)"
