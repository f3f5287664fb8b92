"""Command line: ``kvcost`` / ``python -m costmodel`` with the subcommands ``estimate``, ``compare`` and ``list``.

Human output is aligned tables (cli_tables.py); ``--json`` prints the documented objects. Every failure is one
line on stderr quoting at most ``MAX_QUOTE`` characters of each input, never a traceback: bad input (also an
unreadable ``--model`` path) exits 2, an internal error 70 (EX_SOFTWARE), a closed pipe (``kvcost ... | head``)
quietly with 141 (128 + SIGPIPE, what a shell reports for other tools). Heavy modules are imported by the
subcommand that needs them, so ``list gpus`` never loads numpy or the estimate machinery.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from .dtypes import KV_FORMATS, WEIGHT_FORMATS
from .i18n import LANGS, Message, exc_text, msg, tr
from .units import parse_tokens

MAX_QUOTE = 80  # characters of one user input quoted in a message
MAX_MESSAGE = 1000  # a last bound on one error line
EXIT_USAGE, EXIT_SOFTWARE, EXIT_PIPE = 2, 70, 128 + 13


class _Parser(argparse.ArgumentParser):
    inputs: list[str] = []  # the command line being parsed, to shorten quoted inputs in argparse's messages

    def error(self, message: str):  # one line, no usage dump
        self.exit(EXIT_USAGE, f"error: {_one_line(_clip_inputs(message, self.inputs))} (see --help)\n")


def tokens(text: str) -> int:
    """argparse-style converter for token counts (see ``units.parse_tokens``)."""
    try:
        return parse_tokens(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", required=True, help="preset id/name or path to a config.json")
    p.add_argument("--gpu", required=True, help="hardware profile id (see: list gpus)")
    p.add_argument("--context", required=True, help="tokens per sequence, e.g. 524288 or 512K (K = 1024)")
    p.add_argument("--batch", default="1", help="concurrent sequences (default 1)")
    p.add_argument("--prompt", default=None, help="prefill tokens (default: the whole context)")
    p.add_argument("--kv-dtype", default="bf16", help=f"{', '.join(KV_FORMATS)} or NBITbit (default bf16)")
    p.add_argument("--weight-dtype", default="bf16", help=f"{', '.join(WEIGHT_FORMATS)} (default bf16)")
    p.add_argument("--state-dtype", default="fp32", help="recurrent-state dtype for linear schemes (default fp32)")
    p.add_argument("--tp", default="1", help="tensor-parallel GPUs per replica (default 1)")
    p.add_argument("--bw-eff", default=None, help="bandwidth efficiency 0.01-1 (default: the model's assumption)")
    p.add_argument("--flops-eff", default=None, help="compute efficiency 0.01-1 (default: the model's assumption)")
    _output(p)


def _output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--lang", default="en", choices=LANGS, help="language of the tables and messages (default en)")


def build_parser(prog: str = "kvcost") -> argparse.ArgumentParser:
    ap = _Parser(prog=prog, description="kvcost: KV cache, fit and speed of LLM inference")
    sub = ap.add_subparsers(dest="cmd", required=True, parser_class=_Parser, metavar="{estimate,compare,list}")
    est = sub.add_parser("estimate", help="one model x GPU x scheme")
    _common(est)
    est.add_argument("--scheme", default="native", help="e.g. gqa, mla:naive, tpa:r_q=6,r_k=2,r_v=2 (default: native)")
    cmp_ = sub.add_parser("compare", help="every scheme on one model x GPU")
    _common(cmp_)
    lst = sub.add_parser("list", help="list models, gpus or schemes")
    lst.add_argument("what", choices=["models", "gpus", "schemes"])
    _output(lst)
    return ap


# ---------------------------------------------------------------- input conversion
def _arg(flag: str, exc_msg) -> ValueError:
    return ValueError(msg("cli.arg", flag=flag, text=exc_msg))


def _tokens_arg(flag: str, text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return parse_tokens(text)
    except ValueError as exc:
        raise _arg(flag, exc_text(exc)) from None


def _int_arg(flag: str, text: str) -> int:
    t = text.strip().replace("_", "")
    if not (t.lstrip("+-").isdigit() and len(t) <= 19):
        raise ValueError(msg("in.not_int", name=flag, value=text))
    return int(t)


def _float_arg(flag: str, text: str) -> float:
    try:
        if len(text) > 40:
            raise ValueError
        return float(text)
    except ValueError:
        raise _arg(flag, msg("cli.not_number", value=text)) from None


def _workload(args) -> dict:
    from .assumptions import DEFAULT
    changes = {k: _float_arg(flag, v) for k, flag, v in (("bw_efficiency", "--bw-eff", args.bw_eff),
                                                          ("flops_efficiency", "--flops-eff", args.flops_eff))
               if v is not None}
    return dict(context=_tokens_arg("--context", args.context), batch=_tokens_arg("--batch", args.batch),
                prompt_tokens=_tokens_arg("--prompt", args.prompt), kv_dtype=args.kv_dtype,
                weight_dtype=args.weight_dtype, state_dtype=args.state_dtype, tp=_int_arg("--tp", args.tp),
                assumptions=DEFAULT.with_(**changes) if changes else DEFAULT)


# ---------------------------------------------------------------- commands
def _listing(what: str) -> list[dict]:
    if what == "models":
        from .presets import load_presets
        return [{"id": k, "name": s.name, "layers": s.n_layers, "attention": s.native_attention,
                 "params": s.total_params()} for k, s in load_presets().items()]
    if what == "gpus":
        from .hardware import load_profiles
        return [{"id": k, "name": p.name, "memory_bytes": int(p.memory_bytes.value),
                 "bw_bytes_per_s": p.bw_bytes_per_s} for k, p in load_profiles().items()]
    from .schemes import default_schemes
    return [{"key": s.key, "label": s.label, "options": list(s.options), "example": s.token(),
             "citation": s.citation} for s in default_schemes()]


def _list_doc(what: str, lang: str):
    from . import cli_tables
    if what == "models":
        from .presets import load_presets
        return cli_tables.models_doc(load_presets(), lang)
    if what == "gpus":
        from .hardware import load_profiles
        return cli_tables.gpus_doc(load_profiles(), lang)
    from .schemes import SCHEMES
    return cli_tables.schemes_doc(SCHEMES, lang)


def _command(args, tty: bool) -> str:
    """The text the command prints (raises the model's user errors, ValueError or OSError on bad input)."""
    if args.cmd == "list":
        if args.json:
            return json.dumps(_listing(args.what), indent=1) + "\n"
        return _list_doc(args.what, args.lang).text(tty)
    from .estimate import compare, estimate
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
        return estimate_doc(e, args.lang).text(tty)
    from .schemes import default_schemes, native_scheme
    ests, skipped = compare(spec, args.gpu, default_schemes(), **kw)
    if args.json:
        return json.dumps({"estimates": [e.to_dict() for e in ests], "not_applicable": skipped}, indent=1) + "\n"
    from .cli_tables import compare_doc
    from .views import baseline_index
    base = baseline_index(ests, native_scheme(spec).describe(spec))
    return compare_doc(ests, skipped, spec, base, args.lang).text(tty)


def render(e) -> str:
    """One estimate as plain text (the table ``estimate`` prints when stdout is not a terminal)."""
    from .cli_tables import estimate_doc
    return estimate_doc(e, "en").text(tty=False)


# ---------------------------------------------------------------- errors and output
def _clip(s: str) -> str:
    return s if len(s) <= MAX_QUOTE else s[:MAX_QUOTE - 1] + "…"


def _one_line(s: str) -> str:
    """Control characters (newlines, escape sequences) from an input shown escaped, so a message stays one line."""
    s = "".join(c if c.isprintable() else repr(c)[1:-1] for c in s)
    return s if len(s) <= MAX_MESSAGE else s[:MAX_MESSAGE - 1] + "…"


def _clip_inputs(text: str, inputs: list[str]) -> str:
    """``text`` with every long command-line input in it shortened to MAX_QUOTE characters."""
    for a in sorted((a for a in inputs if len(a) > MAX_QUOTE), key=len, reverse=True):
        for form in dict.fromkeys((a, a.strip(), a.strip().lower())):
            if len(form) > MAX_QUOTE:
                text = text.replace(form, _clip(form))
    return text


def _is_input(value, inputs: list[str]) -> bool:
    if not isinstance(value, str) or isinstance(value, Message) or len(value) <= MAX_QUOTE:
        return False
    v = value.strip().lower()
    return any(v in a.lower() for a in inputs if len(a) >= len(v))


def _shorten(m, inputs: list[str]):
    """A Message re-made with its long parameters that came from the command line clipped (nested too)."""
    from .i18n import MESSAGES
    if not isinstance(m, Message) or m.key not in MESSAGES:
        return _clip_inputs(str(m), inputs)
    params = {k: _shorten(v, inputs) if isinstance(v, Message) else _clip(v) if _is_input(v, inputs) else v
              for k, v in m.params.items()}
    return msg(m.key, **params)


def _error_line(exc: BaseException, inputs: list[str], lang: str) -> tuple[str, int]:
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        m = msg("cli.cannot_read", path=os.fsdecode(exc.filename), reason=reason) if exc.filename is not None \
            else msg("cli.cannot_read_input", reason=reason)
        code = EXIT_USAGE
    else:
        from . import USER_ERRORS
        if isinstance(exc, (*USER_ERRORS, ValueError)):
            m, code = exc_text(exc), EXIT_USAGE
        else:
            m, code = msg("cli.internal", kind=type(exc).__name__), EXIT_SOFTWARE
    return _one_line(tr(msg("cli.error", text=_shorten(m, inputs)), lang)), code


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
    """Run one command; returns the exit status (0 ok, 2 bad input, 70 internal error, 141 closed pipe)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _Parser.inputs = argv
    try:
        try:
            args = build_parser(prog).parse_args(argv)
        except SystemExit as stop:  # --help, or a usage error already printed
            return stop.code if isinstance(stop.code, int) else EXIT_USAGE
        try:
            text = _command(args, tty=sys.stdout.isatty())
        except BrokenPipeError:
            raise
        except Exception as exc:  # noqa: BLE001 (every failure becomes one line)
            if os.environ.get("KVCOST_DEBUG"):
                raise
            line, code = _error_line(exc, argv, args.lang)
            _emit(sys.stderr, line + "\n")
            return code
        try:
            _emit(sys.stdout, text)
        except BrokenPipeError:
            raise
        except OSError as exc:  # e.g. the disk behind a redirection is full
            _emit(sys.stderr, tr(msg("cli.error", text=msg("cli.cannot_write", reason=exc.strerror or "")),
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


__all__ = ["main", "run", "build_parser", "tokens", "render", "MAX_QUOTE"]
