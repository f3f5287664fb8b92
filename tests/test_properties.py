"""Property tests (hypothesis) over random but valid model shapes."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from costmodel import estimate, spec_from_config
from costmodel.dtypes import KV_FORMATS
from costmodel.memory import CacheLayout
from costmodel.schemes import GQA, MHA, MQA, default_schemes

FP32 = KV_FORMATS["fp32"]


@st.composite
def specs(draw):
    kv = draw(st.sampled_from([1, 2, 4, 8]))
    h = kv * draw(st.integers(1, 8))
    hd = draw(st.sampled_from([32, 64, 128, 256]))
    cfg = dict(num_hidden_layers=draw(st.integers(1, 96)), hidden_size=h * hd, num_attention_heads=h,
               num_key_value_heads=kv, intermediate_size=draw(st.integers(8, 50_000)),
               vocab_size=draw(st.integers(10, 300_000)))
    if draw(st.booleans()):
        cfg.update(sliding_window=draw(st.integers(16, 8192)), use_sliding_window=True)
    return spec_from_config(cfg)


ctxs = st.integers(1, 10**9)
fmts = st.sampled_from(list(KV_FORMATS))


@settings(max_examples=150, deadline=None)
@given(specs(), ctxs, ctxs, fmts)
def test_kv_monotone_in_context(spec, a, b, fmt):
    lo, hi = sorted((a, b))
    for sch in default_schemes():
        if sch.reason_not_applicable(spec) is None:
            lay = CacheLayout.build(spec, sch, KV_FORMATS[fmt], FP32)
            assert 0 <= lay.seq_bytes(lo) <= lay.seq_bytes(hi)


@settings(max_examples=150, deadline=None)
@given(specs(), ctxs, fmts)
def test_mqa_le_gqa_le_mha(spec, ctx, fmt):
    size = [CacheLayout.build(spec, s, KV_FORMATS[fmt], FP32).seq_bytes(ctx) for s in (MQA(), GQA(), MHA())]
    assert size[0] <= size[1] <= size[2]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs(), st.integers(1, 10**7), st.integers(1, 10**6), st.integers(1, 10**6),
       st.sampled_from(["h100-sxm-80gb", "rtx-4090", "b200", "apple-m4-max-128gb"]))
def test_fit_iff_total_le_capacity_and_batch_monotone(spec, ctx, b1, b2, gpu):
    lo, hi = sorted((b1, b2))
    e_lo = estimate(spec, gpu, context=ctx, batch=lo)
    e_hi = estimate(spec, gpu, context=ctx, batch=hi)
    for e in (e_lo, e_hi):
        assert e.fits == (e.memory.total_bytes <= e.memory.capacity_bytes)
        assert e.memory.kv_bytes >= 0 and e.decode.time_s > 0 and e.prefill_s > 0
    assert e_lo.memory.kv_bytes <= e_hi.memory.kv_bytes and e_lo.memory.total_bytes <= e_hi.memory.total_bytes
    assert (e_lo.max_batch is None) or (e_lo.fits == (lo <= e_lo.max_batch))
    assert (e_lo.max_context_tokens is None) or (e_lo.fits == (ctx <= e_lo.max_context_tokens))
