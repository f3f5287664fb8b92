"""Command line: ``python -m costmodel estimate|compare|list|claims ...``. Errors are one line, exit status 2."""
from __future__ import annotations

import argparse
import json
import sys

from . import USER_ERRORS, cli_claims, cli_fleet
from .advice import fit_options, would_need_text
from .assumptions import DEFAULT
from .bounds import ranges_table
from .dtypes import KV_FORMATS
from .engines import DEFAULT_ENGINE, band_message, get_engine, load_engines
from .estimate import MAX_CONTEXT, Estimate, compare, estimate, resolve
from .hardware import load_profiles
from .presets import load_presets
from .quant import WEIGHT_CHOICES
from .schemes import SCHEMES, default_schemes
from .units import clip, fmt_both, fmt_bytes, fmt_seconds, parse_tokens
from .views import baseline_index, compare_rows, headline_notes


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, no usage dump, user input cut to a short quotation
        self.exit(2, f"error: {clip(message, 200)} (see --help)\n")


def tokens(text: str) -> int:
    """argparse type for token counts (see ``units.parse_tokens``)."""
    try:
        return parse_tokens(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", required=True, help="preset id/name, hf:org/name[@revision] (config.json from the "
                   "Hugging Face Hub) or a path to a config.json")
    p.add_argument("--gpu", required=True, help="hardware profile id (see: list gpus)")
    p.add_argument("--context", required=True, type=tokens, help="tokens per sequence, e.g. 524288 or 512K")
    p.add_argument("--batch", type=tokens, default=1, help="concurrent sequences (default 1)")
    p.add_argument("--prompt", type=tokens, default=None, help="prefill tokens (default: the whole context)")
    p.add_argument("--kv-dtype", default="bf16", help=f"{', '.join(KV_FORMATS)} or NBITbit (default bf16)")
    p.add_argument("--weight-dtype", default="bf16", help=f"{', '.join(WEIGHT_CHOICES)} (default bf16; checkpoint: "
                   "as stored, from the config's quantization_config and torch_dtype)")
    p.add_argument("--state-dtype", default="fp32", help="recurrent-state dtype for linear schemes")
    p.add_argument("--tp", type=int, default=1, help="tensor-parallel GPUs per replica (default 1)")
    p.add_argument("--engine", default=DEFAULT_ENGINE,
                   help=f"serving engine profile: ideal (roofline upper bound), vllm, trtllm, sglang, llamacpp "
                        f"(default {DEFAULT_ENGINE}; see: list engines)")
    p.add_argument("--bw-eff", type=float, default=DEFAULT.bw_efficiency,
                   help="bandwidth efficiency 0-1 (ideal engine)")
    p.add_argument("--flops-eff", type=float, default=DEFAULT.flops_efficiency,
                   help="compute efficiency 0-1 (ideal engine)")
    p.add_argument("--json", action="store_true", help="print JSON")


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="python -m costmodel", description="kvcost: KV cache, fit and speed of LLM inference")
    sub = ap.add_subparsers(dest="cmd", required=True, parser_class=_Parser)
    est = sub.add_parser("estimate", help="one model x GPU x scheme")
    _common(est)
    est.add_argument("--scheme", default="native", help="e.g. gqa, mla:naive, tpa:r_q=6,r_k=2,r_v=2 (default: native)")
    cmp_ = sub.add_parser("compare", help="every scheme on one model x GPU")
    _common(cmp_)
    cmp_.add_argument("--baseline", default="native", help="scheme the ratios are against (default: native)")
    lst = sub.add_parser("list", help="list models, gpus, schemes, engines or the accepted config.json field ranges")
    lst.add_argument("what", choices=["models", "gpus", "schemes", "engines", "fields"])
    lst.add_argument("--json", action="store_true")
    cli_claims.add_parser(sub)
    cli_fleet.add_parser(sub)
    return ap


def _limit(v: int | None) -> str:
    return "unbounded by memory" if v is None else f"{v:,}"


def band_line(e: Estimate) -> str:
    """The engine's measured error band, or a note that ``ideal`` is an upper bound."""
    return band_message(e.engine, e.error_band)


def _attention(e: Estimate, base: Estimate | None) -> str:
    """Attention FLOPs per token and per step (context-dependent part, per GPU), with the ratio to ``base``."""
    line = (f"  attention: {e.attn_flops_per_token / 1e9:,.4g} GFLOP/token, {e.attn_flops_per_step / 1e9:,.4g} "
            f"GFLOP/step (context-dependent part; MACs = FLOPs/2)")
    if base is not None and base is not e and base.attn_flops_per_token:
        line += f"; x{e.attn_flops_per_token / base.attn_flops_per_token:.3g} vs {base.scheme}"
    return line


def render(e: Estimate, base: Estimate | None = None, advice: str = "") -> str:
    """One estimate as text; speeds only when it fits (else ``advice``: 'does not fit — would need ...')."""
    m = e.memory
    lines = [
        f"{e.model} on {e.gpu} x{e.tp} | {e.scheme} | context {e.context:,} x batch {e.batch} | "
        f"KV {e.kv_dtype}, weights {e.weight_dtype}",
        f"  KV per token (all layers, one sequence): {fmt_bytes(e.kv_bytes_per_token)} ({e.kv_bytes_per_token:,} B)",
        f"  per GPU: weights {fmt_both(m.weight_bytes)} + KV {fmt_both(m.kv_bytes)} + activations "
        f"{fmt_bytes(m.activation_bytes)} + reserve {fmt_bytes(m.reserve_bytes)} = {fmt_both(m.total_bytes)}",
        f"  capacity {fmt_both(m.capacity_bytes)} -> {'FITS' if m.fits else 'DOES NOT FIT'} "
        f"(headroom {fmt_bytes(m.headroom_bytes)})",
        f"  max context at batch {e.batch}: {_limit(e.max_context_tokens)}; max batch at this context: "
        f"{_limit(e.max_batch)}",
        (f"  engine {get_engine(e.engine).name}: prefill {fmt_seconds(e.prefill_s)} ({e.prefill_cost.bound}-bound), "
         f"TTFT {fmt_seconds(e.ttft_s)}; decode {fmt_seconds(e.tpot_s)}/step = {e.decode_tokens_per_s:,.1f} tok/s "
         f"({e.decode.bound}-bound{', KV on-chip' if e.sram_resident else ''})" if e.speed_valid else
         f"  speed: {advice or 'does not fit'} (no tokens/s for a configuration that does not fit)"),
        f"  {band_line(e)}",
        _attention(e, base),
    ]
    if e.quantization is not None:
        lines.append(f"  checkpoint quantization: {e.quantization.describe()}")
    lines += [f"  warning: {w}" for w in e.warnings]
    return "\n".join(lines)


def _listing(what: str) -> list[dict]:
    if what == "models":
        return [{"id": k, "name": s.name, "layers": s.n_layers, "attention": s.native_attention,
                 "params": s.total_params()} for k, s in load_presets().items()]
    if what == "fields":
        return ranges_table()
    if what == "gpus":
        return [{"id": k, "name": p.name, "memory_bytes": int(p.memory_bytes.value),
                 "bw_bytes_per_s": p.bw_bytes_per_s} for k, p in load_profiles().items()]
    if what == "engines":
        return [{"id": k, "name": e.name, "versions": e.versions, "error_band": e.band()}
                for k, e in load_engines().items()]
    return [{"key": s.key, "label": s.label, "options": list(s.options), "example": s.token(),
             "citation": s.citation} for s in default_schemes()]


def _advice(e: Estimate, args, kw: dict) -> str:
    """'does not fit — would need ...' for an estimate that does not fit ('' when it fits)."""
    if e.fits:
        return ""
    _, prof, sch = resolve(args.model, args.gpu, e.scheme_token)
    return would_need_text(fit_options(args.model, prof, sch, current=e, **kw), prof, e.tp)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.cmd == "fleet":
        return cli_fleet.run(args)
    try:
        if args.cmd == "claims":
            return cli_claims.run(args)
        if args.cmd == "list":
            rows = _listing(args.what)
            print(json.dumps(rows, indent=1) if args.json else "\n".join(
                "  ".join(str(v) for v in list(r.values())[:3]) for r in rows))
            return 0
        if args.context > MAX_CONTEXT or args.context < 1:
            raise ValueError(f"context must be between 1 and {MAX_CONTEXT:,}")
        kw = dict(context=args.context, batch=args.batch, prompt_tokens=args.prompt, kv_dtype=args.kv_dtype,
                  weight_dtype=args.weight_dtype, state_dtype=args.state_dtype, tp=args.tp,
                  assumptions=DEFAULT.with_(bw_efficiency=args.bw_eff, flops_efficiency=args.flops_eff),
                  engine=args.engine)
        if args.cmd == "estimate":
            e = estimate(args.model, args.gpu, args.scheme, **kw)
            print(json.dumps(e.to_dict(), indent=1) if args.json else render(e, advice=_advice(e, args, kw)))
            return 0
        ests, skipped = compare(args.model, args.gpu, default_schemes(), **kw)
        if args.json:
            print(json.dumps({"estimates": [e.to_dict() for e in ests], "not_applicable": skipped}, indent=1))
        elif ests:
            spec, _, base_scheme = resolve(args.model, args.gpu, args.baseline)
            bi = baseline_index(ests, base_scheme.describe(spec))
            print(f"ratios against {ests[bi].scheme}")
            print("\n".join(render(e, ests[bi], _advice(e, args, kw)) for e in ests))
            print("\n".join(f"not applicable: {k}: {v}" for k, v in skipped.items()))
            print("\n".join(f"note: {n}" for n in headline_notes(compare_rows(ests, spec, bi), bi)))
        return 0
    except (*USER_ERRORS, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


__all__ = ["main", "build_parser", "tokens", "render", "SCHEMES"]
