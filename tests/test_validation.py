"""validation/: quick run of `python -m validation` (in-process) and checks of its results.

Equivalence checks must pass and cache bytes must equal costmodel exactly; timing is reported, never asserted.
"""
import json
import subprocess
import sys

import pytest

from conftest import ROOT

NO_TORCH = "import sys; sys.modules['torch'] = None\n"


def test_results_module_works_without_torch():
    code = (NO_TORCH + "import validation, validation.results as r\n"
            "rows = r.list_results()\n"
            "assert all(k in rows[0] for k in ('path', 'device', 'date', 'quick')) if rows else True\n"
            "assert [m for m in sys.modules if m == 'torch' and sys.modules[m] is not None] == []")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_costmodel_never_imports_torch():
    code = NO_TORCH + "import costmodel, costmodel.claims, costmodel.roofline, costmodel.memory\n"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)
    offenders = [p.name for p in (ROOT / "costmodel").rglob("*.py") if "import torch" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_committed_results_load():
    from validation.results import list_results, load_result, summary

    runs = list_results()
    assert runs, "validation/results/ should hold at least one committed run"
    data = load_result(runs[0]["path"])
    s = summary(data)
    assert s["equivalence"]["passed"] == s["equivalence"]["total"] > 0
    assert s["cache_bytes"]["passed"] == s["cache_bytes"]["total"] > 0


@pytest.fixture(scope="module")
def torch():
    """The tests below need torch; the ones above run without it."""
    return pytest.importorskip("torch")


@pytest.fixture(scope="module")
def quick(torch, tmp_path_factory):
    from validation.run import main

    out = tmp_path_factory.mktemp("val") / "quick.json"
    rc = main(["--quick", "--device", "cpu", "--out", str(out)])
    return rc, json.loads(out.read_text(encoding="utf-8")), out


def test_quick_run_structure(quick):
    rc, data, _ = quick
    assert rc == 0
    assert {"meta", "equivalence", "cache_bytes", "params", "timing", "claims"} <= set(data)
    meta = data["meta"]
    for key in ("device", "torch", "python", "date", "quick", "probes"):
        assert key in meta
    assert meta["quick"] is True and meta["date"].endswith("+00:00")
    assert meta["probes"]["bw_bytes_per_s"] > 0 and meta["probes"]["flops_per_s"] > 0


def test_equivalence_checks_pass(quick):
    rows = quick[1]["equivalence"]
    assert all(r["ok"] for r in rows), [r["id"] for r in rows if not r["ok"]]
    ids = {r["id"] for r in rows}
    for need in ("slim1-optimized-vs-mha", "slim1-unoptimized-vs-mha", "slim1-wide-vs-mha", "slim2-xcache-vs-mha",
                 "slim-cross1-vs-std", "slim-cross2-vs-std", "mla-absorbed-vs-naive", "tpa-factor-vs-materialized",
                 "loglinear-recurrent-vs-parallel", "linear-recurrent-vs-parallel", "transmla-full-rank-rope",
                 "transmla-full-rank-norope", "gqa-window-decode-vs-full"):
        assert need in ids
    fp32 = [r for r in rows if r["dtype"] == "fp32" and not r.get("approximate")]
    assert fp32 and all(r["max_abs_err"] < 1e-4 for r in fp32)
    assert {r["dtype"] for r in rows} >= {"fp32", "bf16"}


def test_cache_bytes_exact(quick):
    rows = quick[1]["cache_bytes"]
    assert all(r["measured_bytes"] == r["predicted_bytes"] for r in rows), [r["id"] for r in rows if not r["ok"]]
    schemes = {r["scheme"].split(":")[0] for r in rows}
    assert schemes >= {"mha", "gqa", "mqa", "mla", "transmla", "tpa", "slim", "linear", "loglinear"}
    assert {r["kv_dtype"] for r in rows} >= {"fp32", "bf16", "fp16", "int8", "int4"}
    assert any(r["ran_decode"] for r in rows) and any(r["device"] == "meta" for r in rows)
    models = {r["model"] for r in rows}
    assert {"deepseek-v3", "whisper-large-v3", "t5-11b", "gemma-2-9b", "tiny-whisper", "tiny-gemma2-sliding"} <= models
    # the layouts behind the bytes: cross caches, slim's shared E, recurrent state
    assert any(r["model"] == "tiny-whisper" and r["scheme"] == "slim:2" and r["ran_decode"] for r in rows)
    assert any(r["scheme"].startswith("loglinear") and r["ran_decode"] for r in rows)


def test_param_counts_match(quick):
    rows = quick[1]["params"]
    assert rows and all(r["ok"] for r in rows), [r["id"] for r in rows if not r["ok"]]


def test_timing_reported(quick):
    tm = quick[1]["timing"]
    measured = [p for p in tm["points"] if "measured_s" in p]
    assert len(measured) >= 10
    for p in measured:
        assert p["measured_s"] > 0 and p["predicted_s"] > 0 and p["bound"] in ("memory", "compute")
        assert p["bytes"] > 0 and p["flops"] > 0
    assert isinstance(tm["median_abs_rel_error"], float)
    print(f"\nquick timing: median |pred - meas| / meas = {tm['median_abs_rel_error']:.0%} over {len(measured)} points")


def test_claims_in_results(quick):
    claims = quick[1]["claims"]
    assert claims and {"id", "quoted", "computed", "ok", "explanation"} <= set(claims[0])


def test_load_result_roundtrip(quick):
    from validation.results import ResultError, list_results, load_result

    _, data, path = quick
    assert load_result(path)["meta"] == data["meta"]
    assert [r["name"] for r in list_results(path.parent)] == [path.name]
    bad = path.parent / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(ResultError):
        load_result(bad)


def test_results_are_parsed_once_per_file_version(tmp_path):
    """The UI reads a results file on every rerun: parsed once while it stays the same, read again once edited."""
    import os

    from validation.results import load_result

    run = {"meta": {"device": "cpu"}, "equivalence": [], "cache_bytes": [], "timing": {}, "claims": []}
    path = tmp_path / "run.json"
    path.write_text(json.dumps(run), encoding="utf-8")
    first = load_result(path)
    assert load_result(path) is first
    run["meta"]["device"] = "gpu"  # same size: the new modification time tells the edit
    path.write_text(json.dumps(run), encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert load_result(path)["meta"]["device"] == "gpu"
    run["meta"]["device"] = "cuda"  # another size
    path.write_text(json.dumps(run), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # even with the previous modification time
    assert load_result(path)["meta"]["device"] == "cuda"


def test_cache_check_is_not_circular(torch):
    """The torch layer sizes its cache from its own tensors, so the check sees layout details: DeepSeek's
    model.py keeps the latent and the RoPE key in two tensors, so int4 scale groups of 32 split per tensor
    (30 B per token per layer for d_c=40, d_R=8), not as one 48-element row (28 B). costmodel models the
    two rows (this test caught the one-row model)."""
    from costmodel.dtypes import KV_FORMATS
    from costmodel.hfconfig import spec_from_config
    from costmodel.schemes import parse_scheme
    from validation.build import Stack
    from validation.cachebytes import _LLAMA, predicted_bytes

    spec = spec_from_config(_LLAMA)
    scheme = parse_scheme("mla:kv_lora_rank=40,rope_dim=8")
    stack = Stack(spec, scheme, "meta", torch.float32).alloc(2, 16, "int4")
    # per token per layer: data 20 + 4 bytes, scales 2 x 2 (40 -> 2 groups) + 1 x 2 (8 -> 1 group)
    assert stack.cache_bytes() == 2 * 2 * 16 * (20 + 4 + 4 + 2)
    assert predicted_bytes(spec, scheme, "int4", "fp32", 16, 2) == stack.cache_bytes()
    assert KV_FORMATS["int4"].row_bytes(48) == 24 + 4  # what a single-row model would have predicted
    assert stack.alloc(2, 16, "bf16").cache_bytes() == predicted_bytes(spec, scheme, "bf16", "fp32", 16, 2)


def test_int4_store_roundtrip(torch):
    from validation.kvstore import Store

    torch.manual_seed(0)
    st = Store(2, 5, (3, 11), "int4", "cpu", torch.float32)  # 33-element rows: 17 bytes + 2 scales
    x = torch.randn(2, 5, 3, 11)
    st.write(slice(None), x)
    assert st.data.shape == (2, 5, 17) and st.scales.shape == (2, 5, 2)
    err = (st.read() - x).abs().max().item()
    assert err < x.abs().max().item() / 7  # half a quantization step of the largest group, at most
