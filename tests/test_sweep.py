"""sweep(): the vectorized grid agrees with the scalar estimate point for point."""
import numpy as np
import pytest

from costmodel import InputError, estimate
from costmodel.sweep import sweep

MODELS = ["llama-3.1-8b", "deepseek-v3", "whisper-large-v3", "gemma-2-9b", "mixtral-8x7b"]
SCHEMES = ["mha", "gqa", "mla", "slim:1", "slim:2", "tpa", "linear", "loglinear:allocated"]
GPUS = ["h100-sxm-80gb", "rtx-4090", "apple-m4-max-128gb"]
CTX = [1, 1000, 4096, 131_072, 10**9]
BATCH = [1, 7, 256, 10**6]


@pytest.fixture(scope="module")
def grid():
    return sweep(MODELS, SCHEMES, GPUS, CTX, BATCH, kv_dtype="int4", tp=2)


def test_shape_and_not_applicable(grid):
    assert grid["kv_bytes"].shape == (5, 8, 3, 5, 4) and grid.evaluations == 5 * 8 * 3 * 5 * 4
    assert ("Llama-3.1-8B", "slim:1") in grid.not_applicable
    assert np.isnan(grid["kv_bytes"][0, 3]).all()


def test_matches_scalar_estimate_everywhere(grid):
    checked = 0
    for i, m in enumerate(MODELS):
        for j, s in enumerate(SCHEMES):
            if np.isnan(grid["kv_bytes"][i, j]).all():
                continue
            for g, gpu in enumerate(GPUS):
                for ci, c in enumerate(CTX):
                    for bi, b in enumerate(BATCH):
                        e = estimate(m, gpu, s, context=c, batch=b, kv_dtype="int4", tp=2)
                        assert grid["kv_bytes"][i, j, g, ci, bi] == pytest.approx(e.memory.kv_bytes, rel=1e-12)
                        assert grid["total_bytes"][i, j, g, ci, bi] == pytest.approx(e.memory.total_bytes, rel=1e-12)
                        assert bool(grid["fits"][i, j, g, ci, bi]) == e.fits
                        assert grid["decode_s"][i, j, g, ci, bi] == pytest.approx(e.decode.time_s, rel=1e-12)
                        checked += 1
    assert checked > 500


def test_outputs_finite_and_non_negative(grid):
    for name in ("kv_bytes", "total_bytes", "decode_s", "decode_tokens_per_s"):
        vals = grid[name][~np.isnan(grid[name])]
        assert np.isfinite(vals).all() and (vals >= 0).all()


def test_bad_grid_input():
    with pytest.raises(InputError):
        sweep(MODELS, SCHEMES, GPUS, [0, 5], BATCH)
    with pytest.raises(InputError):
        sweep(MODELS, SCHEMES, GPUS, CTX, [])
