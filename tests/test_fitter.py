"""Fitter: the few-step solves for max context and max batch equal the bisection they replaced, everywhere.

``bisection_largest`` below is the search ``fitter.Fitter`` used before issue 14 (double from 1 until the check
fails, then bisect; ``None`` when even 2^40 fits), kept here as the reference."""
import random

import pytest

from costmodel import default_schemes, load_presets, load_profiles
from costmodel.dtypes import STATE_FORMATS, kv_format
from costmodel.fitter import Fitter, largest_fitting
from costmodel.memory import SEARCH_CAP, CacheLayout, weight_bytes
from costmodel.quant import weight_storage
from costmodel.schemes import SchemeError, parse_scheme


def bisection_largest(ok) -> int | None:
    if ok(SEARCH_CAP):
        return None
    lo, hi = 0, 1
    while ok(hi):
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if ok(mid) else (lo, mid)
    return lo


def reference(fitter: Fitter, ctx: int, batch: int) -> tuple[int | None, int | None]:
    """(max context at ``batch``, max batch at ``ctx``) by bisection on ``breakdown(...).fits``."""
    return (bisection_largest(lambda t: t == 0 or fitter.breakdown(t, batch).fits),
            bisection_largest(lambda b: b == 0 or fitter.breakdown(ctx, b).fits))


def cases(n: int, seed: int):
    rng = random.Random(seed)
    specs, gpus = list(load_presets().values()), list(load_profiles().values())
    schemes = [s.token() for s in default_schemes()] + ["loglinear:allocated", "loglinear", "slim:2", "mla:naive"]
    out = []
    while len(out) < n:
        spec, gpu, token = rng.choice(specs), rng.choice(gpus), rng.choice(schemes)
        sch = parse_scheme(token)
        tp = rng.choice([1, 1, 2, 4, 8])
        if sch.reason_not_applicable(spec):
            continue
        kv, w = rng.choice(["bf16", "fp8", "int4", "fp32"]), rng.choice(["bf16", "int4", "fp8", "checkpoint"])
        try:
            sch.check_tp(spec, tp)
            layout = CacheLayout.build(spec, sch, kv_format(kv), STATE_FORMATS[rng.choice(list(STATE_FORMATS))], tp)
            layout.seq_bytes(1)
        except SchemeError:  # tp cannot split these heads
            continue
        wfmt = weight_storage(w, spec.quantization, spec.checkpoint_bits)
        prompt = rng.choice([None, None, 1, 512, 100_000])
        fitter = Fitter(layout, weight_bytes(spec, sch, wfmt, tp), gpu.capacity_bytes, prompt=prompt)
        ctx = rng.choice([1, 7, 4096, 32_768, 131_072, 10**6, 10**9])
        batch = rng.choice([1, 3, 64, 1000, 10**6])
        out.append(pytest.param(fitter, ctx, batch, id=f"{spec.name}-{token}-{gpu.id}-{kv}-{w}-tp{tp}-p{prompt}-"
                                                           f"{ctx}x{batch}"))
    return out


@pytest.mark.parametrize("fitter, ctx, batch", cases(400, 14))
def test_solves_equal_the_bisection(fitter, ctx, batch):
    assert (fitter.max_context(batch), fitter.max_batch(ctx)) == reference(fitter, ctx, batch)


def test_limits_are_tight_on_a_sliding_window_model():
    """Gemma-2-9B alternates sliding (4,096-token window) and global layers: the memory curve bends at the window,
    at the prefill chunk and is flat nowhere; the solve must land on the last fitting token on either side."""
    from costmodel import estimate

    for gpu in ("rtx-4090", "h100-sxm-80gb", "l4"):
        e = estimate("gemma-2-9b", gpu, context=4096, batch=3, engine="ideal")
        t = e.max_context_tokens
        assert t is not None and t > 0
        assert estimate("gemma-2-9b", gpu, context=t, batch=3, engine="ideal").fits
        assert not estimate("gemma-2-9b", gpu, context=t + 1, batch=3, engine="ideal").fits


def test_largest_fitting_on_hand_made_curves():
    """Piecewise-affine and step curves with known answers (budget 1,000)."""
    assert largest_fitting(lambda n: 10 * n, 1000) == 100  # affine: 10 n <= 1000
    assert largest_fitting(lambda n: 3 * min(n, 200) + n, 1000) == 400  # kink at 200: 600 + n <= 1000
    assert largest_fitting(lambda n: 1001 if n >= 7 else 0, 1000) == 6  # a step
    assert largest_fitting(lambda n: 0, 1000) is None  # never grows: unbounded
    assert largest_fitting(lambda n: 2000 + n, 1000) == 0  # not even one
    assert largest_fitting(lambda n: (n.bit_length() + 1) * 100, 1000) == 2**9 - 1  # levels: bit_length(n) <= 9
