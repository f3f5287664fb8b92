"""Command line: ``kvcost`` / ``python -m costmodel`` with the subcommands ``estimate``, ``compare``, ``list``,
``claims`` (cli_claims.py) and ``fleet`` (cli_fleet.py).

Human output is aligned tables (cli_lists.py); ``--json`` prints the documented objects. Every failure is one
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
from .cli_args import EXIT_USAGE, Parser, clip_inputs, model_options, one_line, output_options
from .i18n import exc_text, msg, tr
from .units import quote

LISTS = ("models", "gpus", "schemes", "engines", "fields", "hosts")
EXIT_SOFTWARE, EXIT_PIPE = 70, 128 + 13


def build_parser(prog: str = "kvcost", argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser. ``fleet``'s options come from cli_fleet, which loads the fleet optimizer: registered only when
    ``argv`` may run or show it (it names ``fleet``, asks for help, or is absent)."""
    ap = Parser(prog=prog, description="kvcost: KV cache, fit and speed of LLM inference")
    sub = ap.add_subparsers(dest="cmd", required=True, parser_class=Parser,
                            metavar="{estimate,compare,list,claims,fleet}")
    est = sub.add_parser("estimate", help="one model x GPU x scheme")
    model_options(est)
    est.add_argument("--scheme", default="native", help="e.g. gqa, mla:naive, tpa:r_q=6,r_k=2,r_v=2 (default: native)")
    cmp_ = sub.add_parser("compare", help="every scheme on one model x GPU")
    model_options(cmp_)
    cmp_.add_argument("--baseline", default="native", help="scheme the ratios are against (default: native)")
    lst = sub.add_parser("list", help="list models, gpus, schemes, engines or the accepted config.json field ranges")
    lst.add_argument("what", choices=LISTS)
    output_options(lst)
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
    from . import cli_lists
    if what == "fields":
        from .bounds import ranges_table
        return cli_lists.fields_doc(ranges_table(), lang)
    if what == "models":
        from .presets import load_presets
        return cli_lists.models_doc(load_presets(), lang)
    if what == "gpus":
        from .hardware import load_profiles
        return cli_lists.gpus_doc(load_profiles(), lang)
    if what == "engines":
        from .engines import load_engines
        return cli_lists.engines_doc(load_engines(), lang)
    if what == "hosts":
        from .hosts import load_hosts
        return cli_lists.hosts_doc(load_hosts(), lang)
    from .schemes import SCHEMES
    return cli_lists.schemes_doc(SCHEMES, lang)


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
    return one_line(clip_inputs(tr(msg("cli.error", error=m), lang), inputs)), code


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
    Parser.inputs, Parser.raised = argv, []
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


__all__ = ["main", "run", "build_parser", "render"]
