"""sweep(): the vectorized grid agrees with the scalar estimate point for point (one implementation: the same
memory and roofline functions, with GPUs and dtypes as array axes)."""
import itertools

import numpy as np
import pytest

from costmodel import DEFAULT_ASSUMPTIONS as DEFAULT, InputError, estimate
from costmodel.sweep import sweep

MODELS = ["llama-3.1-8b", "deepseek-v3", "whisper-large-v3", "gemma-2-9b", "mixtral-8x7b"]
SCHEMES = ["mha", "gqa", "mla", "slim:1", "slim:2", "tpa", "linear", "loglinear:allocated"]
GPUS = ["h100-sxm-80gb", "rtx-4090", "apple-m4-max-128gb"]
CTX = [1, 1000, 4096, 131_072, 10**9]
BATCH = [1, 7, 256, 10**6]
F32 = 2.0**-23  # float32 outputs (decode_s, decode_tokens_per_s) round to within this relative error


@pytest.fixture(scope="module")
def grid():
    return sweep(MODELS, SCHEMES, GPUS, CTX, BATCH, kv_dtype="int4", tp=2)


def close(got, want: float, rel: float) -> bool:
    return abs(float(got) - want) <= rel * abs(want)


def agree(point, e) -> None:
    """One grid point (dict of outputs) against one estimate: bytes exact below 2^53, fit and bound equal, the
    roofline step (the ideal engine: ``Estimate.decode``) to float32 precision."""
    m = e.memory
    exact = m.total_bytes < 2**53
    assert point["kv_bytes"] == m.kv_bytes if exact else close(point["kv_bytes"], m.kv_bytes, 1e-15)
    assert point["total_bytes"] == m.total_bytes if exact else close(point["total_bytes"], m.total_bytes, 1e-15)
    assert bool(point["fits"]) == e.fits
    assert close(point["decode_s"], e.decode.time_s, F32)
    assert close(point["decode_tokens_per_s"], e.batch / e.decode.time_s, F32)
    assert bool(point["compute_bound"]) == (e.decode.bound == "compute")


def test_shape_axes_and_compact_dtypes(grid):
    assert grid["kv_bytes"].shape == (5, 8, 3, 5, 4) and grid.evaluations == 5 * 8 * 3 * 5 * 4
    assert grid.axes == ("model", "scheme", "gpu", "context", "batch")
    assert grid["fits"].dtype == bool and grid["compute_bound"].dtype == bool
    assert grid["decode_s"].dtype == np.float32 and grid["total_bytes"].dtype == np.float64
    assert ("Llama-3.1-8B", "slim:1") in grid.not_applicable and not grid.applicable[0, 3]
    assert np.isnan(grid["kv_bytes"][0, 3]).all() and not grid["fits"][0, 3].any()
    assert grid.applicable[0, 1]


def test_matches_scalar_estimate_everywhere(grid):
    checked = 0
    for i, m in enumerate(MODELS):
        for j, s in enumerate(SCHEMES):
            if not grid.applicable[i, j]:
                continue
            for g, gpu in enumerate(GPUS):
                for ci, c in enumerate(CTX):
                    for bi, b in enumerate(BATCH):
                        e = estimate(m, gpu, s, context=c, batch=b, kv_dtype="int4", tp=2, engine="ideal")
                        agree({k: grid[k][i, j, g, ci, bi] for k in grid.arrays}, e)
                        assert e.tpot_s == e.decode.time_s  # the ideal engine's speeds are the roofline step
                        checked += 1
    assert checked > 500


def test_dtype_axes_match_estimate():
    """KV and weight dtypes as axes (weights also as the checkpoint stores them: DeepSeek-V3's fp8 blocks)."""
    kv, w = ["bf16", "fp8", "int4"], ["bf16", "int4", "checkpoint"]
    g = sweep(["deepseek-v3", "llama-3.1-8b"], ["native", "mla:naive"], ["h200-sxm-141gb", "l40s"], [512, 65_536],
              [1, 32], kv_dtype=kv, weight_dtype=w, tp=8)
    assert g.axes == ("model", "scheme", "gpu", "kv_dtype", "weight_dtype", "context", "batch")
    assert g["decode_s"].shape == (2, 2, 2, 3, 3, 2, 2) and g.kv_dtypes == kv and g.weight_dtypes == w
    assert g.applicable.all() and g.schemes == ["native", "mla:naive"]
    for gi, gpu in enumerate(["h200-sxm-141gb", "l40s"]):
        for ki, k in enumerate(kv):
            for wi, wd in enumerate(w):
                for ci, c in enumerate([512, 65_536]):
                    for bi, b in enumerate([1, 32]):
                        for i, model in enumerate(["deepseek-v3", "llama-3.1-8b"]):
                            for j, s in enumerate(["native", "mla:naive"]):
                                e = estimate(model, gpu, s, context=c, batch=b, kv_dtype=k, weight_dtype=wd, tp=8,
                                             engine="ideal")
                                agree({n: g[n][i, j, gi, ki, wi, ci, bi] for n in g.arrays}, e)


def test_measured_bandwidth_and_reserve_fraction_per_gpu():
    """Assumptions that differ per GPU (measured streaming bandwidth, a reserve proportional to capacity) ride
    the GPU axis like the profile figures."""
    a = DEFAULT.with_(measured_bw=True, reserve_fraction=0.05)
    gpus = ["h100-sxm-80gb", "rtx-4090", "mi300x", "apple-m2-ultra-192gb"]
    g = sweep(["qwen2.5-7b"], ["gqa", "mqa"], gpus, [2048, 32_768], [1, 64], assumptions=a)
    for gi, gpu in enumerate(gpus):
        for j, s in enumerate(["gqa", "mqa"]):
            for ci, c in enumerate([2048, 32_768]):
                for bi, b in enumerate([1, 64]):
                    e = estimate("qwen2.5-7b", gpu, s, context=c, batch=b, assumptions=a, engine="ideal")
                    agree({n: g[n][0, j, gi, ci, bi] for n in g.arrays}, e)


def test_outputs_finite_and_non_negative(grid):
    for name in ("kv_bytes", "total_bytes", "decode_s", "decode_tokens_per_s"):
        vals = grid[name][~np.isnan(grid[name])]
        assert np.isfinite(vals).all() and (vals >= 0).all()


def test_bad_grid_input():
    with pytest.raises(InputError):
        sweep(MODELS, SCHEMES, GPUS, [0, 5], BATCH)
    with pytest.raises(InputError):
        sweep(MODELS, SCHEMES, GPUS, CTX, [])
    with pytest.raises(InputError):
        sweep(MODELS, SCHEMES, GPUS, CTX, BATCH, kv_dtype=[])


def test_accelerators_on_tiers_match_estimate_point_for_point():
    """SRAM-rich parts (greedy placement, SRAM-only pipelines of many chips) are swept one profile at a time with
    estimate's rules: same bytes, same fit, same speed, and no speed (NaN) where the part publishes no 16-bit rate
    (d-Matrix Corsair: int8 only; Cerebras WSE-3 gives no dense rate)."""
    import math

    gpus = ["groq-lpu", "gaudi-3", "dmatrix-corsair", "cerebras-wse-3", "tpu-v6e", "sambanova-sn40l", "h100-sxm-80gb"]
    models, schemes, ctx, bat = ["llama-3.1-8b", "llama-3-70b"], ["gqa", "mla"], [1024, 32768], [1, 16]
    r = sweep(models, schemes, gpus, ctx, bat)
    for i, m in enumerate(models):
        for j, s in enumerate(schemes):
            for g, gpu in enumerate(gpus):
                for ci, c in enumerate(ctx):
                    for bi, b in enumerate(bat):
                        e = estimate(m, gpu, s, context=c, batch=b, engine="ideal")
                        at = (i, j, g, ci, bi)
                        assert r["total_bytes"][at] == pytest.approx(e.memory.total_bytes, abs=1), (m, s, gpu, c, b)
                        assert bool(r["fits"][at]) == e.fits
                        tps = float(r["decode_tokens_per_s"][at])
                        if e.compute_published:
                            assert tps == pytest.approx(e.decode_tokens_per_s, rel=1e-5)
                        else:
                            assert math.isnan(tps)


def test_repeated_sweeps_see_every_input_that_changes_a_result():
    """The sweep memoizes structure (scheme planes, layouts, weight bytes, the GPU axis): a second sweep over the same
    names with other assumptions, tp, dtypes or an edited model spec must match estimate, not the first sweep."""
    from costmodel import get_model

    gpus, ctx, bat = ["h100-sxm-80gb", "rtx-4090"], [2048, 65_536], [1, 8]
    spec = get_model("llama-3.1-8b")
    edited = spec.model_copy(update={"n_layers": spec.n_layers // 2})  # same name, other shape
    a = DEFAULT.with_(measured_bw=True, reserve_fraction=0.1, bw_efficiency=0.5)
    runs = [(spec, DEFAULT, 1, "bf16"), (spec, a, 1, "bf16"), (spec, DEFAULT, 2, "fp8"), (edited, DEFAULT, 1, "bf16"),
            (spec, DEFAULT, 1, "bf16")]
    for model, asm, tp, kv in runs:
        g = sweep([model], ["gqa", "native"], gpus, ctx, bat, kv_dtype=kv, tp=tp, assumptions=asm)
        for j, s in enumerate(["gqa", "native"]):
            for gi, gpu in enumerate(gpus):
                for ci, c in enumerate(ctx):
                    for bi, b in enumerate(bat):
                        e = estimate(model, gpu, s, context=c, batch=b, kv_dtype=kv, tp=tp, assumptions=asm,
                                     engine="ideal")
                        agree({n: g[n][0, j, gi, ci, bi] for n in g.arrays}, e)


def test_stacked_schemes_anywhere_on_the_axes_match_estimate(monkeypatch):
    """Schemes linear in the context go through the formulas together (sweep_planes.LayoutStack), others one at a
    time. Stacked schemes that are not neighbours on the scheme axis, next to GPUs that are not neighbours on the
    GPU axis (an accelerator on tiers between them), on a model with sliding-window layers (the stack keeps the
    window: every stackable scheme caps those layers) and one without, land where estimate says."""
    from costmodel import sweep as sweep_module
    from costmodel.dtypes import STATE_FORMATS, kv_format
    from costmodel.presets import get_model
    from costmodel.sweep_planes import groups

    models, schemes = ["gemma-2-9b", "llama-3.1-8b"], ["gqa", "linear", "mla", "loglinear:allocated", "mha", "mqa"]
    gpus, ctx, bat = ["h100-sxm-80gb", "groq-lpu", "rtx-4090"], [1, 5000, 131_072], [1, 64]
    for m, window in (("gemma-2-9b", 4096), ("llama-3.1-8b", None)):
        planes, _ = groups(get_model(m), tuple(schemes), (kv_format("bf16"),), STATE_FORMATS["fp32"], 1, 16)
        assert sorted(p.js for p in planes) == [(0, 2, 4, 5), (1,), (3,)]  # one stack, not contiguous; two alone
        assert [p.stacks[0].window for p in planes if p.stacks] == [window]
        halves, _ = groups(get_model(m), tuple(schemes), (kv_format("bf16"),), STATE_FORMATS["fp32"], 1, 2)
        assert sorted(p.js for p in halves) == [(0, 2), (1,), (3,), (4, 5)]  # at most two schemes a stack
    r = sweep(models, schemes, gpus, ctx, bat)
    for most in (1, 2):  # stacks capped at one scheme (none) and two schemes: the same results, bit for bit
        monkeypatch.setattr(sweep_module, "STACK_ELEMENTS", most * len(ctx) * len(bat) * 2)  # 2 GPUs on the axis
        capped = sweep(models, schemes, gpus, ctx, bat)
        assert all(np.array_equal(capped[n], r[n], equal_nan=True) for n in r.arrays)
    for at in itertools.product(*(range(len(axis)) for axis in (models, schemes, gpus, ctx, bat))):
        m, s, gpu, c, b = (axis[k] for axis, k in zip((models, schemes, gpus, ctx, bat), at))
        agree({n: r[n][at] for n in r.arrays}, estimate(m, gpu, s, context=c, batch=b, engine="ideal"))
