"""The command line's parsing: the parser class whose errors are one line, the argparse types (tokens, integers,
numbers), the options ``estimate`` / ``compare`` share and the output options of every subcommand; how an input
quoted in a message is shortened. The subcommands themselves: cli.py, cli_claims.py, cli_fleet.py.
"""
from __future__ import annotations

import argparse
import re

from .dtypes import KV_FORMATS
from .engines import DEFAULT_ENGINE
from .i18n import LANGS, Message, exc_text, msg, tr
from .units import QUOTE_CHARS, clip, parse_tokens

MAX_MESSAGE = 1000  # a last bound on one error line
EXIT_USAGE = 2


# argparse's own messages (Python 3.11 Lib/argparse.py), as catalogue keys, so --lang ja translates them too
USAGE = (
    (re.compile(r"the following arguments are required: (?P<args>.+)"), "argp.required"),
    (re.compile(r"unrecognized arguments: (?P<args>.+)"), "argp.unrecognized"),
    (re.compile(r"argument (?P<arg>[^:]+): expected one argument"), "argp.one_value"),
    (re.compile(r"argument (?P<arg>[^:]+): expected at least one argument"), "argp.some_values"),
    (re.compile(r"argument (?P<arg>[^:]+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
     "argp.choice"),
    (re.compile(r"argument (?P<arg>[^:]+): invalid (?P<kind>\w+) value: (?P<value>.+)"), "argp.type"),
    (re.compile(r"argument (?P<arg>[^:]+): ignored explicit argument (?P<value>.+)"), "argp.explicit"),
)


class Parser(argparse.ArgumentParser):
    """argparse's parser whose errors are one line quoting the inputs briefly, with no usage dump, in the language
    the command line asks for (``--lang``)."""

    inputs: list[str] = []  # the command line being parsed, to shorten quoted inputs in argparse's messages
    raised: list[Message] = []  # what the argument types below refused, to translate argparse's line about it

    def error(self, message: str):  # one line, no usage dump
        lang = asked_lang(self.inputs)
        line = tr(msg("argp.line", error=usage_message(message, self.raised)), lang)
        self.exit(EXIT_USAGE, one_line(clip_inputs(line, self.inputs)) + "\n")


def asked_lang(inputs: list[str]) -> str:
    """The --lang a command line gives (its last), 'en' without one or with one not offered."""
    lang = "en"
    for i, a in enumerate(inputs):
        v = inputs[i + 1] if a == "--lang" and i + 1 < len(inputs) else a[7:] if a.startswith("--lang=") else None
        lang = v if v in LANGS else lang
    return lang


def usage_message(text: str, raised: list[Message]) -> Message | str:
    """argparse's message as a catalogue Message (its English unchanged); one the catalogue lacks stays as is."""
    for pattern, key in USAGE:
        if m := pattern.fullmatch(text):
            return msg(key, **m.groupdict())
    m = re.fullmatch(r"argument (?P<arg>[^:]+): (?P<detail>.+)", text)
    own = next((r for r in reversed(raised) if m and str(r) == m["detail"]), None)
    return msg("argp.arg", arg=m["arg"], detail=own) if m and own is not None else text


def _refuse(m: Message) -> argparse.ArgumentTypeError:
    Parser.raised.append(m)
    return argparse.ArgumentTypeError(m)


def tokens(text: str) -> int:
    """argparse type for token counts (see ``units.parse_tokens``: exact, '512K', '1M', '1e6')."""
    try:
        return parse_tokens(text)
    except ValueError as exc:
        detail = exc_text(exc)
        raise (_refuse(detail) if isinstance(detail, Message) else argparse.ArgumentTypeError(str(exc))) from None


def integer(text: str) -> int:
    """argparse type for a plain integer (no float detour, no 4,300-digit limit reached)."""
    t = text.strip().replace("_", "")
    if not (t.lstrip("+-").isdigit() and len(t) <= 19):
        raise _refuse(msg("cli.not_int", value=text))
    return int(t)


def number(text: str) -> float:
    """argparse type for a decimal number (efficiencies); range checks are the model's."""
    try:
        if len(text) > 40:
            raise ValueError
        return float(text)
    except ValueError:
        raise _refuse(msg("cli.not_number", value=text)) from None


def model_options(p: argparse.ArgumentParser) -> None:
    """The options ``estimate`` and ``compare`` share: model, GPU, workload, dtypes, engine, placement, offload."""
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
    output_options(p)


def output_options(p: argparse.ArgumentParser, json_help: str = "print JSON",
                   lang_help: str = "language of the tables and messages (default en)") -> None:
    """``--json`` and ``--lang``, as every subcommand has them."""
    p.add_argument("--json", action="store_true", help=json_help)
    p.add_argument("--lang", default="en", choices=LANGS, help=lang_help)


def one_line(s: str) -> str:
    """Control characters (newlines, escape sequences) from an input shown escaped, so a message stays one line."""
    s = "".join(c if c.isprintable() else repr(c)[1:-1] for c in s)
    return s if len(s) <= MAX_MESSAGE else s[:MAX_MESSAGE - 1] + "…"


def clip_inputs(text: str, inputs: list[str]) -> str:
    """``text`` (argparse's message) with every long command-line input in it shortened (units.clip)."""
    for a in sorted((a for a in inputs if len(a) > QUOTE_CHARS), key=len, reverse=True):
        for form in dict.fromkeys((a, a.strip(), a.strip().lower())):
            if len(form) > QUOTE_CHARS:
                text = text.replace(form, clip(form))
    return text

__all__ = ["EXIT_USAGE", "MAX_MESSAGE", "Parser", "clip_inputs", "integer", "model_options", "number", "one_line",
           "output_options", "tokens"]
