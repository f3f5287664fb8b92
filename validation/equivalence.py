"""Equivalence checks: each exact rewrite against its reference, fp32 (max abs error < 1e-4) and bf16.

Every check runs real decode loops with real caches (tiny shapes). Quantized-cache rows compare an
int8/fp8/int4 cache against fp32 (an approximation: bounded relative error, not equality).
"""
from __future__ import annotations

import time

import torch

from costmodel.hfconfig import spec_from_config
from costmodel.schemes import MHA, SlimAttention as SlimScheme

from .attn_linear import Mamba2Attention
from .attn_mla import MLAAttention, gqa_to_mla
from .attn_slim import SharedEncoderOutput, SlimAttention, SlimCross
from .attn_std import StdAttention, StdCross
from .attn_tpa import TPAAttention
from .build import Stack
from .kvstore import available_formats
from .torchutil import DTYPES, max_err

TOL = {"fp32": 1e-4, "bf16": 3e-2}  # fp32: max abs error; bf16: max abs error / max |reference|
# Slim attention rebuilds V from K through W_K^-1: bf16 rounding of K is amplified by cond(W_K).
SLIM_BF16_TOL = 0.1
SLIM_NOTE = "bf16 error grows with cond(W_K): V = K W_K^-1 W_V re-expands the rounding of K"
APPROX_TOL = {"bf16": 0.02, "fp16": 0.01, "int8": 0.05, "fp8": 0.12, "int4": 0.25}


def _row(cid, what, dtype, out, ref, bf16_tol=None, **extra):
    err, rel = max_err(out, ref)
    tol = bf16_tol if (dtype == "bf16" and bf16_tol) else TOL[dtype]
    ok = (err if dtype == "fp32" else rel) < tol
    return {"id": cid, "check": what, "dtype": dtype, "max_abs_err": err, "rel_err": rel,
            "tol": tol, "tol_kind": "abs" if dtype == "fp32" else "rel", "ok": bool(ok), **extra}


def _slim_row(cid, what, dtype, out, ref, *sources):
    """A slim-vs-MHA row, with the worst condition number of the source W_K (square or right inverse)."""
    cond = max(torch.linalg.cond(m.wk.weight.double()).item() for m in sources)
    return _row(cid, what, dtype, out, ref, bf16_tol=SLIM_BF16_TOL, cond_wk=cond, note=SLIM_NOTE)


def _x(b, t, d, dtype, device, seed):
    g = torch.Generator(device="cpu").manual_seed(seed)
    return torch.randn(b, t, d, generator=g).to(device=device, dtype=dtype)


def _mk(cls, *args, seed=0, **kw):
    torch.manual_seed(seed)
    return cls(*args, **kw)


@torch.inference_mode()
def run(device: torch.device, quick: bool = False) -> list[dict]:
    rows = []
    B, T, d, h, hd = 2, (12 if quick else 24), 64, 4, 16
    for name in ("fp32", "bf16"):
        dt = DTYPES[name]
        kw = dict(device=device, dtype=dt)
        x = _x(B, T, d, dt, device, 1)

        mha = _mk(StdAttention, d, h, h, hd, **kw).alloc(B, T)
        ref = mha.forward_full(x)
        rows.append(_row("mha-decode-vs-full", "MHA: cached decode loop == full causal pass", name, mha.decode(x), ref))
        gqa = _mk(StdAttention, d, h, 2, hd, window=5, **kw).alloc(B, T)
        rows.append(_row("gqa-window-decode-vs-full", "GQA, sliding window 5 (ring buffer) == masked full pass",
                         name, gqa.decode(x), gqa.forward_full(x)))
        rows.append(_gqa_vs_mha(x, d, h, hd, kw, name))

        for order in ("optimized", "unoptimized"):
            slim = SlimAttention.from_mha(mha, "1", order).alloc(B, T)
            rows.append(_slim_row(f"slim1-{order}-vs-mha", f"slim option 1 (K-cache, RoPE, {order} order) == MHA",
                                  name, slim.decode(x), ref, mha))
        wide = _mk(StdAttention, d, 8, 8, hd, **kw).alloc(B, T)  # e = 128 > d = 64: right inverse
        rows.append(_slim_row("slim1-wide-vs-mha", "slim option 1, wide W_K (e=2d, right inverse) == MHA", name,
                              SlimAttention.from_mha(wide).alloc(B, T).decode(x), wide.forward_full(x), wide))
        wide_nr = _mk(StdAttention, d, 8, 8, hd, use_rope=False, **kw).alloc(B, T)
        rows.append(_row("slim2-xcache-vs-mha", "slim option 2 self-attention X-cache (wide W_K, no RoPE) == MHA",
                         name, SlimAttention.from_mha(wide_nr, "2").alloc(B, T).decode(x), wide_nr.forward_full(x)))
        rows += _cross(x, d, h, hd, kw, name)
        rows.append(_enc_dec_stack(name, dt, device, T))

        mla_n = _mk(MLAAttention, d, h, 32, 8, 16, 16, d_cq=24, mode="naive", **kw).alloc(B, T)
        ref_m = mla_n.decode(x)
        for mode in ("absorbed", "latent"):
            m = _mk(MLAAttention, d, h, 32, 8, 16, 16, d_cq=24, mode=mode, **kw).copy_from(mla_n).alloc(B, T)
            rows.append(_row(f"mla-{mode}-vs-naive", f"MLA {mode} (latent + shared RoPE key cache) == naive", name,
                             m.decode(x), ref_m))
        tpa_m = _mk(TPAAttention, d, h, hd, r_q=4, r_k=2, r_v=3, mode="materialized", **kw).alloc(B, T)
        tpa_f = _mk(TPAAttention, d, h, hd, r_q=4, r_k=2, r_v=3, mode="factor", **kw)
        tpa_f.load_state_dict(tpa_m.state_dict())
        rows.append(_row("tpa-factor-vs-materialized", "TPA factor caching (FlashTPA contraction) == materialized K/V",
                         name, tpa_f.alloc(B, T).decode(x), tpa_m.decode(x)))
        rows += _transmla(x, d, h, hd, kw, name)

        xt = _x(B, 2 * T, d, dt, device, 2)
        for levels, cid in ((None, "linear"), (8, "loglinear")):
            lay = _mk(Mamba2Attention, d, 16, 16, 2, 4, 1, levels, **kw).alloc(B, 2 * T)
            what = ("linear attention (Mamba-2-like) recurrent decode == parallel masked form" if not levels else
                    f"log-linear attention: recurrent Fenwick levels ({lay.levels} states) == parallel masked form")
            rows.append(_row(f"{cid}-recurrent-vs-parallel", what, name, lay.decode(xt), lay.forward_full(xt)))
    rows += _quantized(device, T)
    return rows


def _gqa_vs_mha(x, d, h, hd, kw, name):
    gqa = _mk(StdAttention, d, h, 2, hd, **kw)
    mha = StdAttention(d, h, h, hd, **kw)
    rep = lambda w: w.unflatten(0, (2, hd)).repeat_interleave(h // 2, 0).flatten(0, 1)  # noqa: E731
    mha.wq.weight.copy_(gqa.wq.weight)
    mha.wo.weight.copy_(gqa.wo.weight)
    mha.wk.weight.copy_(rep(gqa.wk.weight))
    mha.wv.weight.copy_(rep(gqa.wv.weight))
    B, T = x.shape[:2]
    return _row("gqa-vs-mha-repeated-kv", "GQA == MHA with each K/V head repeated over its group", name,
                gqa.alloc(B, T).decode(x), mha.alloc(B, T).decode(x))


def _cross(x, d, h, hd, kw, name):
    B, T = x.shape[:2]
    enc = _x(B, 9, d, kw["dtype"], kw["device"], 3)
    std = _mk(StdCross, d, h, h, hd, **kw)
    std.alloc_cross(B, 9, "fp32")
    std.set_encoder(enc)
    ref = torch.stack([std.step(x[:, t]) for t in range(T)], 1)
    rows = []
    for opt in ("1", "2"):
        sc = SlimCross.from_std(std, opt)
        shared = SharedEncoderOutput(B, 9, d, "fp32", kw["device"], kw["dtype"])
        shared.store.write(slice(None), enc)
        sc.alloc_cross(B, 9, "fp32", shared)
        sc.set_encoder(enc)
        what = ("slim cross-attention option 1 (encoder K only, V = K W_KV) == standard cross-attention" if opt == "1"
                else "slim cross-attention option 2 (no cross cache, attend over E) == standard cross-attention")
        out = torch.stack([sc.step(x[:, t]) for t in range(T)], 1)
        rows.append(_slim_row(f"slim-cross{opt}-vs-std", what, name, out, ref, std))
    return rows


def _enc_dec_stack(name, dt, device, T):
    """A 2-layer Whisper-shaped decoder (self + cross) in MHA and in slim option 1 / option 2."""
    cfg = {"model_type": "whisper", "d_model": 64, "decoder_attention_heads": 4, "decoder_layers": 2,
           "encoder_layers": 1, "decoder_ffn_dim": 128, "encoder_ffn_dim": 128, "vocab_size": 100,
           "max_source_positions": 10, "max_target_positions": 32}
    spec = spec_from_config(cfg)
    torch.manual_seed(5)
    base = Stack(spec, MHA(), device, dt).alloc(2, T, "fp32")
    x, e = _x(2, T, 64, dt, device, 6), _x(2, 10, 64, dt, device, 7)
    ref = base.decode(x, e)
    errs = []
    for opt in ("1", "2"):
        st = Stack(spec, SlimScheme(option=opt), device, dt)
        st.layers = [SlimAttention.from_mha(m, opt) for m in base.layers]
        st.cross = [SlimCross.from_std(c, opt) for c in base.cross]
        st.alloc(2, T, "fp32")
        errs.append(st.decode(x, e))
    worst = max(errs, key=lambda o: max_err(o, ref)[0])
    return _slim_row("slim-encdec-stack-vs-mha", "2-layer encoder-decoder stack with biases: slim options 1 and 2 "
                     "== MHA (worst shown)", name, worst, ref, *base.layers, *base.cross)


def _transmla(x, d, h, hd, kw, name):
    rows = []
    B, T = x.shape[:2]
    for use_rope in (True, False):
        gqa = _mk(StdAttention, d, h, 2, hd, use_rope=use_rope, **kw).alloc(B, T)
        ref = gqa.decode(x)
        latent_full = 2 * hd if use_rope else 4 * hd  # V only (K is the RoPE key) or joint K/V
        low = {}
        for r in (latent_full // 2, latent_full // 4):
            lr = gqa_to_mla(gqa, r).alloc(B, T)
            low[str(sum(s.row for s in lr.stores))] = max_err(lr.decode(x), ref)[1]
        mla = gqa_to_mla(gqa).alloc(B, T)
        tag = "RoPE: K kept whole as the shared RoPE key, V latent" if use_rope else "no RoPE: joint K/V latent"
        rows.append(_row(f"transmla-full-rank-{'rope' if use_rope else 'norope'}",
                         f"GQA converted to absorbed MLA at full rank == GQA ({tag})", name, mla.decode(x), ref,
                         cache_elems_per_token={"gqa": 2 * 2 * hd, "mla": sum(s.row for s in mla.stores)},
                         low_rank_rel_err={"cache_elems": low}))
    return rows


def _quantized(device, T):
    rows = []
    x = _x(2, T, 64, torch.float32, device, 8)
    for fmt in available_formats():
        if fmt == "fp32":
            continue
        lay = _mk(StdAttention, 64, 4, 4, 16, device=device, dtype=torch.float32)
        ref = lay.alloc(2, T).decode(x)
        out = lay.alloc(2, T, fmt).decode(x)
        err, rel = max_err(out, ref)
        rows.append({"id": f"mha-{fmt}-cache-vs-fp32",
                     "check": f"MHA with a {fmt} KV cache vs fp32 cache (approximate)",
                     "dtype": "fp32", "max_abs_err": err, "rel_err": rel, "tol": APPROX_TOL[fmt], "tol_kind": "rel",
                     "approximate": True, "ok": bool(rel < APPROX_TOL[fmt])})
    return rows


if __name__ == "__main__":
    t0 = time.time()
    for r in run(torch.device("cpu"), quick=True):
        verdict = "OK " if r["ok"] else "BAD"
        print(f"{verdict} {r['id']:34s} {r['dtype']} err={r['max_abs_err']:.2e} rel={r['rel_err']:.2e}")
    print(f"{time.time() - t0:.1f}s")
