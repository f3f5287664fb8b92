"""Command line: ``kvcost`` / ``python -m costmodel`` with the subcommands ``estimate``, ``compare``, ``list``,
``claims`` (cli_claims.py) and ``fleet`` (cli_fleet.py).

Human output is aligned tables (cli_tables.py); ``--json`` prints the documented objects. Every failure is one
line on stderr, never a traceback, quoting inputs briefly (the model's messages shorten their parameters; the
CLI shortens what argparse and the OS quote): bad input (also an unreadable ``--model`` path) exits 2, an
internal error 70 (EX_SOFTWARE), a closed pipe (``kvcost ... | head``) quietly with 141 (128 + SIGPIPE, what a
shell reports for other tools). Heavy modules are imported by the subcommand that needs them, so ``list gpus``
loads neither numpy nor the estimate machinery.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from . import cli_claims
from .dtypes import KV_FORMATS
from .engines import DEFAULT_ENGINE
from .i18n import LANGS, exc_text, msg, tr
from .units import QUOTE_CHARS, clip, parse_tokens, quote

MAX_MESSAGE = 1000  # a last bound on one error line
LISTS = ("models", "gpus", "schemes", "engines", "fields", "hosts")
EXIT_USAGE, EXIT_SOFTWARE, EXIT_PIPE = 2, 70, 128 + 13


class _Parser(argparse.ArgumentParser):
    inputs: list[str] = []  # the command line being parsed, to shorten quoted inputs in argparse's messages

    def error(self, message: str):  # one line, no usage dump
        self.exit(EXIT_USAGE, f"error: {_one_line(_clip_inputs(message, self.inputs))} (see --help)\n")


def tokens(text: str) -> int:
    """argparse type for token counts (see ``units.parse_tokens``: exact, '512K', '1M', '1e6')."""
    try:
        return parse_tokens(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def integer(text: str) -> int:
    """argparse type for a plain integer (no float detour, no 4,300-digit limit reached)."""
    t = text.strip().replace("_", "")
    if not (t.lstrip("+-").isdigit() and len(t) <= 19):
        raise argparse.ArgumentTypeError(msg("cli.not_int", value=text))
    return int(t)


def number(text: str) -> float:
    """argparse type for a decimal number (efficiencies); range checks are the model's."""
    try:
        if len(text) > 40:
            raise ValueError
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(msg("cli.not_number", value=text)) from None


def _common(p: argparse.ArgumentParser) -> None:
    from .quant import WEIGHT_CHOICES
    p.add_argument("--model", required=True, help="preset id/name, hf:org/name[@revision] (config.json from the "
                   "Hugging Face Hub) or a path to a config.json")
    p.add_argument("--gpu", required=True, help="hardware profile id (see: list gpus)")
    p.add_argument("--context", required=True, type=tokens, help="tokens per sequence, e.g. 524288 or 512K (K = 1024)")
    p.add_argument("--batch", type=tokens, default=1, help="concurrent sequences (default 1)")
    p.add_argument("--prompt", type=tokens, default=None, help="prefill tokens (default: the whole context)")
    p.add_argument("--kv-dtype", default="bf16", help=f"{', '.join(KV_FORMATS)}, llama.cpp f16/q8_0/q4_0 (also q4_1, "
                   "q5_0, q5_1, iq4_nl), vLLM fp8_e4m3/fp8_e5m2, or NBITbit (default bf16)")
    p.add_argument("--weight-dtype", default="bf16", help=f"{', '.join(WEIGHT_CHOICES)}, a llama.cpp GGUF type in "
                   "lower case (q4_k_m, q5_k_m, q8_0, iq4_xs, ...: the per-tensor mix llama-quantize writes), awq4, "
                   "gptq4, mxfp4, nvfp4 (default bf16; checkpoint: as stored, from the config's quantization_config "
                   "and torch_dtype)")
    p.add_argument("--state-dtype", default="fp32", help="recurrent-state dtype for linear schemes (default fp32)")
    p.add_argument("--tp", type=integer, default=1, help="tensor-parallel GPUs per replica (default 1)")
    p.add_argument("--engine", default=None,
                   help=f"serving engine profile: ideal (roofline upper bound), vllm, trtllm, sglang, llamacpp "
                        f"(default {DEFAULT_ENGINE} on GPUs, ideal on accelerators; llamacpp with --gpu-layers, --host "
                        "or a GGUF weight type; see: list engines)")
    p.add_argument("--placement-rule", default="auto", choices=("auto", "l2", "greedy", "encoder-on-chip"),
                   help="where the decode step's weights and caches live: auto (GPUs: the whole cache in L2 when it "
                        "fits; SRAM-rich accelerators: greedy), l2, greedy (by reads per byte, fastest tier first), "
                        "encoder-on-chip (only slim attention's encoder output on chip)")
    p.add_argument("--gpu-layers", type=integer, default=None, metavar="N",
                   help="llama.cpp -ngl: the last N decoder layers on the GPU, the rest in system RAM on the CPU; "
                        "above the model's layers the output layer too (default: all)")
    p.add_argument("--host", default=None, metavar="PROFILE",
                   help="host CPU profile for the layers in system RAM (see: list hosts; default ryzen-9-7950x for "
                        "consumer GPUs, epyc-9654 otherwise)")
    p.add_argument("--bw-eff", type=number, default=None,
                   help="bandwidth efficiency 0-1 (ideal engine; default: the assumption)")
    p.add_argument("--flops-eff", type=number, default=None,
                   help="compute efficiency 0-1 (ideal engine; default: the assumption)")
    _output(p)


def _output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--lang", default="en", choices=LANGS, help="language of the tables and messages (default en)")


def build_parser(prog: str = "kvcost", argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser. ``fleet``'s options come from cli_fleet, which loads the fleet optimizer: registered only when
    ``argv`` may run or show it (it names ``fleet``, asks for help, or is absent)."""
    ap = _Parser(prog=prog, description="kvcost: KV cache, fit and speed of LLM inference")
    sub = ap.add_subparsers(dest="cmd", required=True, parser_class=_Parser,
                            metavar="{estimate,compare,list,claims,fleet}")
    est = sub.add_parser("estimate", help="one model x GPU x scheme")
    _common(est)
    est.add_argument("--scheme", default="native", help="e.g. gqa, mla:naive, tpa:r_q=6,r_k=2,r_v=2 (default: native)")
    cmp_ = sub.add_parser("compare", help="every scheme on one model x GPU")
    _common(cmp_)
    cmp_.add_argument("--baseline", default="native", help="scheme the ratios are against (default: native)")
    lst = sub.add_parser("list", help="list models, gpus, schemes, engines or the accepted config.json field ranges")
    lst.add_argument("what", choices=LISTS)
    _output(lst)
    cli_claims.add_parser(sub)
    if argv is None or not argv or "fleet" in argv or {"-h", "--help"} & set(argv):
        from . import cli_fleet
        cli_fleet.add_parser(sub)
    return ap


def _workload(args) -> dict:
    from .assumptions import DEFAULT
    changes = {k: v for k, v in (("bw_efficiency", args.bw_eff), ("flops_efficiency", args.flops_eff))
               if v is not None}
    kw = dict(context=args.context, batch=args.batch, prompt_tokens=args.prompt, kv_dtype=args.kv_dtype,
              weight_dtype=args.weight_dtype, state_dtype=args.state_dtype, tp=args.tp, engine=_engine(args),
              placement_rule=args.placement_rule,
              assumptions=DEFAULT.with_(**changes) if changes else DEFAULT)
    if args.gpu_layers is not None:
        kw["gpu_layers"] = args.gpu_layers
    if args.host is not None:
        kw["host"] = args.host
    return kw


def _engine(args) -> str | None:
    """--engine as given; else llamacpp where the other flags describe a llama.cpp run (--gpu-layers, --host, a GGUF
    weight type); else None: estimate's default (the default engine on GPUs, ideal on accelerators)."""
    if args.engine is not None:
        return args.engine
    from .gguf import is_gguf
    if args.gpu_layers is not None or args.host is not None or is_gguf(args.weight_dtype):
        return "llamacpp"
    return None


# ---------------------------------------------------------------- commands
def _listing(what: str) -> list[dict]:
    if what == "fields":
        from .bounds import ranges_table
        return ranges_table()
    if what == "models":
        from .presets import load_presets
        return [{"id": k, "name": s.name, "layers": s.n_layers, "attention": s.native_attention,
                 "params": s.total_params()} for k, s in load_presets().items()]
    if what == "gpus":
        from .hardware import load_profiles
        return [{"id": k, "name": p.name, "form_factor": p.form_factor, "memory_bytes": p.physical_memory_bytes,
                 "bw_bytes_per_s": p.bw_bytes_per_s,
                 "memory_tiers": [{"name": t.name, "label": t.label, "per": t.per, "holds": list(t.holds),
                                   "capacity_bytes": t.capacity, "bw_bytes_per_s": t.bw} for t in p.tiers]}
                for k, p in load_profiles().items()]
    if what == "engines":
        from .engines import load_engines
        return [{"id": k, "name": e.name, "versions": e.versions, "error_band": e.band()}
                for k, e in load_engines().items()]
    if what == "hosts":
        from .hosts import load_hosts
        return [{"id": k, "name": h.name, "kind": h.kind, "cores": int(h.cores.value),
                 "mem_bw_bytes_per_s": h.mem_bw_bytes_per_s.value, "offload_bw_bytes_per_s": h.bw_bytes_per_s}
                for k, h in load_hosts().items()]
    from .schemes import default_schemes
    return [{"key": s.key, "label": s.label, "options": list(s.options), "example": s.token(),
             "citation": s.citation} for s in default_schemes()]


def _list_doc(what: str, lang: str):
    from . import cli_tables
    if what == "fields":
        from .bounds import ranges_table
        return cli_tables.fields_doc(ranges_table(), lang)
    if what == "models":
        from .presets import load_presets
        return cli_tables.models_doc(load_presets(), lang)
    if what == "gpus":
        from .hardware import load_profiles
        return cli_tables.gpus_doc(load_profiles(), lang)
    if what == "engines":
        from .engines import load_engines
        return cli_tables.engines_doc(load_engines(), lang)
    if what == "hosts":
        from .hosts import load_hosts
        return cli_tables.hosts_doc(load_hosts(), lang)
    from .schemes import SCHEMES
    return cli_tables.schemes_doc(SCHEMES, lang)


def _advice(e, args, kw: dict) -> str:
    """'does not fit — would need ...' for an estimate that does not fit ('' when it fits)."""
    if e.fits:
        return ""
    from .advice import fit_options, would_need_text
    from .estimate import resolve
    _, prof, sch = resolve(args.model, args.gpu, e.scheme_token)
    return would_need_text(fit_options(args.model, prof, sch, current=e, **kw), prof, e.tp, args.lang)


def _command(args, tty: bool) -> str | None:
    """The text the command prints (None: the subcommand printed itself). Raises the model's user errors,
    ValueError or OSError on bad input."""
    if args.cmd == "claims":
        cli_claims.run(args)
        return None
    if args.cmd == "list":
        if args.json:
            return json.dumps(_listing(args.what), indent=1) + "\n"
        return _list_doc(args.what, args.lang).text(tty)
    from .estimate import compare, estimate, resolve
    from .presets import get_model
    kw = _workload(args)
    try:
        spec = get_model(args.model)
    except OSError as exc:  # a read error (EIO) names no file: it is the --model path
        if exc.filename is None:
            exc.filename = args.model
        raise
    if args.cmd == "estimate":
        e = estimate(spec, args.gpu, args.scheme, **kw)
        if args.json:
            return json.dumps(e.to_dict(), indent=1) + "\n"
        from .cli_tables import estimate_doc
        return estimate_doc(e, args.lang, _advice(e, args, kw)).text(tty)
    from .schemes import default_schemes
    ests, skipped = compare(spec, args.gpu, default_schemes(), **kw)
    if args.json:
        return json.dumps({"estimates": [e.to_dict() for e in ests], "not_applicable": skipped}, indent=1) + "\n"
    from .cli_tables import compare_doc
    from .views_compare import baseline_index
    _, _, base = resolve(spec, args.gpu, args.baseline)
    advice = {e.scheme: _advice(e, args, kw) for e in ests}
    return compare_doc(ests, skipped, spec, baseline_index(ests, base.describe(spec)), args.lang, advice).text(tty)


def render(e, base=None, advice: str = "") -> str:
    """One estimate as plain text (the table ``estimate`` prints when stdout is not a terminal)."""
    from .cli_tables import estimate_doc
    return estimate_doc(e, "en", advice).text(tty=False)


# ---------------------------------------------------------------- errors and output
def _one_line(s: str) -> str:
    """Control characters (newlines, escape sequences) from an input shown escaped, so a message stays one line."""
    s = "".join(c if c.isprintable() else repr(c)[1:-1] for c in s)
    return s if len(s) <= MAX_MESSAGE else s[:MAX_MESSAGE - 1] + "…"


def _clip_inputs(text: str, inputs: list[str]) -> str:
    """``text`` (argparse's message) with every long command-line input in it shortened (units.clip)."""
    for a in sorted((a for a in inputs if len(a) > QUOTE_CHARS), key=len, reverse=True):
        for form in dict.fromkeys((a, a.strip(), a.strip().lower())):
            if len(form) > QUOTE_CHARS:
                text = text.replace(form, clip(form))
    return text


def _error_line(exc: BaseException, inputs: list[str], lang: str) -> tuple[str, int]:
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        m = msg("cli.cannot_read", path=quote(os.fsdecode(exc.filename)), reason=reason) \
            if exc.filename is not None else msg("cli.cannot_read_input", reason=reason)
        code = EXIT_USAGE
    else:
        from . import USER_ERRORS
        if isinstance(exc, (*USER_ERRORS, ValueError)):
            m, code = exc_text(exc), EXIT_USAGE
        else:
            m, code = msg("cli.internal", kind=type(exc).__name__), EXIT_SOFTWARE
    return _one_line(_clip_inputs(tr(msg("cli.error", error=m), lang), inputs)), code


def _emit(stream, text: str) -> None:
    enc = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(enc, errors="replace").decode(enc))  # e.g. PYTHONIOENCODING=ascii: '?' not a crash
    stream.flush()


def _closed_pipe() -> int:
    """The reader went away (``| head``): stop quietly; later flushes go to /dev/null instead of raising again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    return EXIT_PIPE


def main(argv: list[str] | None = None, prog: str = "kvcost") -> int:
    """Run one command; returns the exit status (0 ok, 2 bad input, 70 internal error, 141 closed pipe). A usage
    error (or --help) exits through argparse's SystemExit, status 2 (0), after its one line."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _Parser.inputs = argv
    try:
        args = build_parser(prog, argv).parse_args(argv)
        try:
            if args.cmd == "fleet":
                from . import cli_fleet
                return cli_fleet.run(args)
            text = _command(args, tty=sys.stdout.isatty())
        except BrokenPipeError:
            raise
        except Exception as exc:  # noqa: BLE001 (every failure becomes one line)
            if os.environ.get("KVCOST_DEBUG"):
                raise
            line, code = _error_line(exc, argv, args.lang)
            _emit(sys.stderr, line + "\n")
            return code
        if text is None:
            return 0
        try:
            _emit(sys.stdout, text)
        except BrokenPipeError:
            raise
        except OSError as exc:  # e.g. the disk behind a redirection is full
            _emit(sys.stderr, tr(msg("cli.error", error=msg("cli.cannot_write", reason=exc.strerror or "")),
                                 args.lang) + "\n")
            return 1
        return 0
    except BrokenPipeError:
        return _closed_pipe()
    except KeyboardInterrupt:
        return 128 + 2


def run() -> None:
    """Entry point of the ``kvcost`` console script."""
    sys.exit(main())


__all__ = ["main", "run", "build_parser", "tokens", "integer", "number", "render"]
