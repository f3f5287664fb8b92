"""Human output of the command line: aligned tables with headers and units, one builder per command.

A builder returns a ``Doc`` (title, tables, notes); ``Doc.text(tty=...)`` lays it out with rich. On a terminal:
box-drawn header rule and colours (``NO_COLOR`` honoured), as wide as the terminal; otherwise plain aligned text
without escape codes, at most 200 columns. Numbers never wrap or truncate: a table that cannot fit is laid out wider
than asked. Sizes read '85.9 GB (80.0 GiB)', durations '850 ms' / '62 min'. The JSON output lives in cli.py.
"""
from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, field, fields
from typing import Sequence

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from .engines import band_message
from .i18n import msg, tr
from .units import fmt_both, fmt_bytes, fmt_count, fmt_duration, fmt_number, fmt_rate, fmt_seconds, fmt_tokens

PLAIN_WIDTH = 200  # columns of plain text (not a terminal): every table but list schemes keeps a row on one line
SIG = 3  # significant digits of sizes
_PLAIN_BOX = box.Box("    \n    \n -- \n    \n    \n -- \n    \n    \n", ascii=True)


TEXT_MAX = 44  # columns of a text column (names, training needed) before it wraps
HEADER_MIN = 12  # a header this short stays on one line even above narrower values


def _width(cell) -> int:
    return (Text(cell) if isinstance(cell, str) else cell).cell_len


def _longest_word(cell) -> int:
    return max((Text(w).cell_len for w in str(cell).split()), default=1)


@dataclass
class Grid:
    """A table: header cells, rows of cells (str or styled Text), and which columns hold numbers.

    A number or value column (``numeric``: right-aligned; ``keep``: left-aligned, e.g. '85.9 GB (80.0 GiB)') has a
    fixed width, its widest cell, so a value is never wrapped or cut. A text column (names, training needed) is at
    most TEXT_MAX wide and wraps between words when the table must be narrower. Headers wrap inside their column."""

    headers: Sequence[str]
    rows: list[list[str | Text]]
    numeric: frozenset[int] = frozenset()
    keep: frozenset[int] = frozenset()

    def table(self, tty: bool) -> Table:
        t = Table(box=box.SIMPLE_HEAD if tty else _PLAIN_BOX, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0),
                  header_style="bold" if tty else "")
        for i, h in enumerate(self.headers):
            cells = [r[i] for r in self.rows]
            header = max(_longest_word(h), min(Text(h).cell_len, HEADER_MIN))
            if i in self.numeric or i in self.keep:
                width = max(max((_width(c) for c in cells), default=1), header)
                t.add_column(Text(h), justify="right" if i in self.numeric else "left", width=width)
            else:
                word = max([_longest_word(c) for c in cells] + [header])
                t.add_column(Text(h), min_width=word, max_width=max(TEXT_MAX, word), overflow="fold")
        for r in self.rows:
            t.add_row(*(Text(c) if isinstance(c, str) else c for c in r))
        return t


@dataclass
class Doc:
    """A printable document: a title, tables and notes, laid out for a terminal or as plain text."""

    title: str = ""
    grids: list[Grid] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def text(self, tty: bool, width: int | None = None) -> str:
        """The document laid out for a terminal (``tty``: colours, terminal width) or as plain text. A table that
        cannot be that narrow without cutting a value or a word is laid out as narrow as it can be instead."""
        target = width or (shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns if tty else PLAIN_WIDTH)
        tables = [g.table(tty) for g in self.grids]
        probe = Console(file=io.StringIO(), width=10_000, color_system=None, legacy_windows=False)
        need = max((Measurement.get(probe, probe.options, t).minimum for t in tables), default=0)
        buf = io.StringIO()
        con = Console(file=buf, width=max(target, need), force_terminal=tty, color_system="standard" if tty else None,
                      no_color=None if tty else True, highlight=False, markup=False, emoji=False,
                      legacy_windows=False, force_jupyter=False, force_interactive=False)
        if self.title:
            con.print(Text(self.title, style="bold"), soft_wrap=True)
        for t in tables:
            con.print(t)
        for n in self.notes:  # wrapped between words at the width (a terminal's, or 80 for a narrow one)
            con.print(Text(n))
        return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def _t(m, lang: str) -> str:
    return tr(m, lang)


def _size(n: float) -> str:
    return fmt_both(n, sig=SIG)


def _verdict(e, lang: str, compact: bool = False) -> Text:
    """'FITS (12.3 GB free)' / 'DOES NOT FIT: short by 144 GB (134 GiB)' ('short by ...' in a compact cell)."""
    m = e.memory
    if m.fits:
        return Text(_t(msg("cli.fits", free=fmt_bytes(m.headroom_bytes, sig=SIG)), lang), style="green")
    short = _size(-m.headroom_bytes)
    return Text(_t(msg("cli.short_by", short=short) if compact else msg("cli.no_fit", short=short), lang),
                style="bold red")


def _bound(bound: str, lang: str, onchip: bool = False) -> str:
    b = _t(msg("cli.bound.memory") if bound == "memory" else msg("cli.bound.compute"), lang)
    return _t(msg("cli.onchip", bound=b), lang) if onchip else b


def _limit(n: int | None, lang: str, tokens: bool = True) -> str:
    if n is None:
        return _t(msg("cli.unbounded"), lang)
    return fmt_tokens(n) if tokens else f"{n:,}"


# ---------------------------------------------------------------- list
def _bf16(p) -> str:
    """Dense 16-bit rate ('—' where the vendor publishes none: Cerebras, d-Matrix)."""
    rate = next((p.flops_per_s[d].value for d in ("bf16", "fp16") if d in p.flops_per_s), None)
    return "—" if rate is None else fmt_rate(rate, "FLOP/s")


def _onchip(p) -> str:
    """The largest on-chip memory that keeps data across kernels (L2, last-level cache, SRAM) and may hold weights or
    caches: '230 MB (219 MiB) sram', '—' when none."""
    tiers = [t for t in p.tiers if t.name in ("l2", "llc", "sram") and {"weights", "kv"} & set(t.holds)]
    if not tiers:
        return "—"
    t = max(tiers, key=lambda t: t.capacity)
    return f"{_size(t.capacity)} {t.name}"


def gpus_doc(profiles: dict, lang: str) -> Doc:
    """``list gpus``: GPUs and accelerators: main memory (an SRAM-only part's is its SRAM), usable capacity,
    bandwidth, dense 16-bit rate and the largest on-chip memory that can hold weights or caches."""
    rows = [[k, p.name, _size(p.physical_memory_bytes), _size(p.capacity_bytes), fmt_rate(p.bw_bytes_per_s, "B/s"),
             _bf16(p), _onchip(p)] for k, p in profiles.items()]
    heads = [msg("cli.col.profile"), msg("cli.col.name"), msg("cli.col.memory"), msg("cli.col.visible"),
             msg("cli.col.bandwidth"), msg("cli.col.bf16"), msg("cli.col.onchip")]
    notes = [_t(msg("cli.gpus_note"), lang)] if any(p.accelerator for p in profiles.values()) else []
    return Doc(grids=[Grid([_t(h, lang) for h in heads], rows, numeric=frozenset({4, 5}), keep=frozenset({2, 3, 6}))],
               notes=notes)


def hosts_doc(hosts: dict, lang: str) -> Doc:
    """Host CPU profiles: cores, theoretical memory bandwidth and the rate llama.cpp's CPU layers stream at."""
    rows = [[k, h.name, f"{int(h.cores.value):,}", fmt_rate(h.mem_bw_bytes_per_s.value, "B/s"),
             fmt_rate(h.bw_bytes_per_s, "B/s")] for k, h in hosts.items()]
    heads = [msg("cli.col.host"), msg("cli.col.name"), msg("cli.col.cores"), msg("cli.col.bandwidth"),
             msg("cli.col.offload_bw")]
    return Doc(grids=[Grid([_t(h, lang) for h in heads], rows, numeric=frozenset({2, 3, 4}))])


def models_doc(presets: dict, lang: str) -> Doc:
    """``list models``: one row per preset with its attention, layers and parameters."""
    from .schemes import native_scheme
    rows = [[k, s.name, native_scheme(s).describe(s), f"{s.n_layers:,}", fmt_count(s.total_params()),
             fmt_tokens(s.max_position) if s.max_position else "—"] for k, s in presets.items()]
    heads = [msg("cli.col.preset"), msg("cli.col.name"), msg("cli.col.attention"), msg("cli.col.layers"),
             msg("cli.col.params"), msg("cli.col.max_position")]
    return Doc(grids=[Grid([_t(h, lang) for h in heads], rows, numeric=frozenset({3, 4, 5}))])


def schemes_doc(schemes: dict, lang: str) -> Doc:
    """One row per scheme key: its options (the default first), parameters with defaults, exactness, training."""
    rows, model = [], _t(msg("cli.from_model"), lang)
    for key, cls in schemes.items():
        default = cls().option
        options = [default] + [o for o in cls.options if o != default]
        params = [f"{f.name}={f'({model})' if f.default is None else f.default}" for f in fields(cls)
                  if f.name != "option" and _accepts(key, f.name, 1 if f.default is None else f.default)]
        rows.append([key, cls.label, ", ".join(o for o in options if o != "default") or "—",
                     ", ".join(params) or "—", _t(msg("cli.yes") if cls.exact else msg("cli.no"), lang),
                     _t(cls.training, lang)])
    heads = [msg("cli.col.scheme"), msg("cli.col.name"), msg("cli.col.options"), msg("cli.col.scheme_params"),
             msg("cli.col.exact"), msg("cli.col.training")]
    return Doc(grids=[Grid([_t(h, lang) for h in heads], rows)])


def _accepts(key: str, name: str, value) -> bool:
    """Whether the scheme parser takes ``key:name=value`` (MHA and MQA inherit GQA's ``groups`` but refuse it)."""
    from .schemes import SchemeError, parse_scheme
    try:
        parse_scheme(f"{key}:{name}={value}")
    except SchemeError:
        return False
    return True


# ---------------------------------------------------------------- estimate / compare
def _title(e, lang: str, scheme: str = "") -> str:
    """The heading line: model, GPU, workload (and the scheme, for a single estimate); memory per GPU, or per
    replica where an SRAM-only part spans many chips."""
    kw = dict(model=e.model, gpu=e.gpu, tp=e.tp, scheme=scheme, chips=f"{e.chips_per_replica:,}",
              context=fmt_tokens(e.context), batch=f"{e.batch:,}", kv_dtype=e.kv_dtype, weight_dtype=e.weight_dtype)
    if not scheme:
        return _t(msg("cli.cmp_title", **kw), lang)
    return _t(msg("cli.title_replica", **kw) if _multichip(e) else msg("cli.title", **kw), lang)


def _gflop(flops: float) -> str:
    return fmt_number(flops / 1e9, 4)


def _speed_rows(e, lang: str) -> list[list[str | Text]]:
    """Prefill and decode times; none for a configuration that does not fit (what would make it fit is a note)."""
    if not e.speed_valid:
        why = msg("cli.no_speed") if e.compute_published else msg("cli.no_speed_rate")
        return [[_t(msg("cli.row.speed"), lang), Text(_t(why, lang), style="red")]]
    return [
        [_t(msg("cli.row.prefill", n=f"{e.prompt_tokens:,}"), lang),
         _t(msg("cli.prefill_value", time=fmt_duration(e.prefill_s), bound=_bound(e.prefill_cost.bound, lang)), lang)],
        [_t(msg("cli.row.ttft"), lang), fmt_duration(e.ttft_s)],
        [_t(msg("cli.row.decode"), lang),
         _t(msg("cli.decode_value", step=fmt_seconds(e.decode.time_s), rate=fmt_number(e.decode_tokens_per_s),
                bound=_bound(e.decode.bound, lang, e.sram_resident)), lang)],
    ]


def _multichip(e) -> bool:
    """An SRAM-only part whose replica spans more chips than its tensor parallelism (memory is per replica)."""
    return e.chips_per_replica != e.tp


def _placement_rows(e, lang: str) -> list[list[str | Text]]:
    """Where the decode step's weights and caches live (bytes per tier, per chip) and, for an SRAM-only part, the
    chips of one replica. Nothing for the GPU rule with everything in device memory (what kvcost always showed)."""
    pl = e.placement
    if pl is None:
        return []
    used = [(t, t.stored_bytes) for t in pl.tiers if t.stored_bytes > 0]
    if pl.rule == "l2" and len(used) <= 1:
        return []
    from .views_hardware import tier_name
    cells = ", ".join(f"{_t(tier_name(t.name), lang)} {_size(b)}" for t, b in used)
    rows: list[list[str | Text]] = [[_t(msg("cli.row.placement", rule=pl.rule), lang), cells]]
    if pl.stages > 1:
        rows.append([_t(msg("cli.row.chips"), lang),
                     _t(msg("cli.chips_value", chips=f"{int(pl.chips_per_replica):,}", stages=f"{int(pl.stages):,}",
                            hop=fmt_seconds(float(pl.interconnect_s))), lang)])
    return rows


def estimate_doc(e, lang: str, advice: str = "") -> Doc:
    """One estimate: per-GPU memory parts, verdict, limits, speeds (only when it fits) and attention FLOPs; below:
    ``advice`` ('does not fit — would need ...') when it does not fit, warnings, the checkpoint's quantization."""
    m = e.memory

    chips = f"{e.chips_per_replica:,}"  # memory per GPU, or per replica of an SRAM-only part's chips
    total, capacity = ((msg("cli.row.total_replica", chips=chips), msg("cli.row.capacity_replica", chips=chips))
                       if _multichip(e) else (msg("cli.row.total"), msg("cli.row.capacity")))

    rows: list[list[str | Text]] = [
        [_t(msg("cli.row.weights"), lang), _size(m.weight_bytes)],
        [_t(msg("cli.row.kv"), lang), _size(m.kv_bytes)],
        [_t(msg("cli.row.activations"), lang), _size(m.activation_bytes)],
        [_t(msg("cli.row.reserve"), lang), _size(m.reserve_bytes)],
        [Text(_t(total, lang), style="bold"), Text(_size(m.total_bytes), style="bold")],
        [_t(capacity, lang), _size(m.capacity_bytes)],
        [_t(msg("cli.row.verdict"), lang), _verdict(e, lang)],
        [_t(msg("cli.row.kv_token"), lang), _size(e.kv_bytes_per_token)],
    ]
    if e.fixed_bytes_per_sequence:
        rows.append([_t(msg("cli.row.fixed"), lang), _size(e.fixed_bytes_per_sequence)])
    rows.append([_t(msg("cli.row.max_context", batch=f"{e.batch:,}"), lang), _limit(e.max_context_tokens, lang)])
    rows.append([_t(msg("cli.row.max_batch"), lang), _limit(e.max_batch, lang, tokens=False)])
    rows += _placement_rows(e, lang)
    rows += _speed_rows(e, lang) + _offload_rows(e, lang)
    rows.append([_t(msg("cli.row.attention"), lang), _t(msg("cli.attention_value", token=_gflop(
        e.attn_flops_per_token), step=_gflop(e.attn_flops_per_step)), lang)])
    heads = [_t(msg("cli.col.quantity"), lang), _t(msg("cli.col.value"), lang)]
    notes = [advice] if advice and not e.speed_valid else []
    notes.append(_t(band_message(e.engine, e.error_band), lang))
    notes += [_t(msg("cli.warning", warning=w), lang) for w in e.warnings]
    if e.quantization is not None:
        notes.append(_t(msg("cli.quantization", quant=e.quantization.describe()), lang))
    return Doc(title=_title(e, lang, e.scheme), grids=[Grid(heads, rows, keep=frozenset({1}))], notes=notes)


def _offload_rows(e, lang: str) -> list[list[str | Text]]:
    """llama.cpp placement: layers on the GPU, bytes in system RAM, how many layers fit, the decode-time split."""
    o = e.offload
    if o is None or o.unified:
        return []
    rows: list[list[str | Text]] = [
        [_t(msg("cli.row.gpu_layers"), lang), _t(msg("cli.gpu_layers_value", k=o.gpu_layers, n=o.n_layers,
                                                        ngl=o.ngl), lang)],
        [_t(msg("cli.row.host_bytes", host=o.host), lang), _size(o.host_bytes)],
        [_t(msg("cli.row.max_gpu_layers"), lang), f"-ngl {o.max_ngl}"]]
    if e.speed_valid:
        rows.append([_t(msg("cli.row.decode_split"), lang), _t(msg(
            "cli.decode_split_value", gpu=fmt_seconds(o.decode_gpu_s), host=fmt_seconds(o.decode_host_s),
            transfer=fmt_seconds(o.decode_transfer_s)), lang)])
    return rows


def _grouped(items: list[tuple[str, str]], everyone: int, lang: str) -> list[str]:
    """(scheme, text) pairs -> one line per distinct text: 'warning: X' when all ``everyone`` rows share it, else
    'warning (A, B): X'."""
    who: dict[str, list[str]] = {}
    for scheme, text in items:
        who.setdefault(text, []).append(scheme)
    shared = [_t(msg("cli.warning", warning=t), lang) for t, s in who.items() if len(s) == everyone]
    some = [_t(msg("cli.warning_for", schemes=", ".join(s), warning=t), lang)
            for t, s in who.items() if len(s) < everyone]
    return shared + some


def compare_doc(ests: list, skipped: dict, spec, base_index: int, lang: str,
                advice: dict[str, str] | None = None) -> Doc:
    """All schemes in one table (ratios against ``ests[base_index]``). Speeds only where the configuration fits;
    for the others what would make them fit, once per distinct text. Warnings that every row shares printed once,
    the others once per distinct text with the schemes they concern; then the papers' headline notes and the
    inapplicable schemes with the reason."""
    from .views_compare import compare_rows, headline_notes
    if not ests:
        return Doc(notes=[_t(msg("cli.not_applicable", scheme=k, reason=v), lang) for k, v in skipped.items()])
    facts = compare_rows(ests, spec, base_index)
    dash = "—"
    rows = [[_t(r.short, lang), _size(e.kv_bytes_per_token), _size(e.memory.kv_bytes), _size(e.memory.total_bytes),
             _verdict(e, lang, compact=True), fmt_tokens(e.max_context_tokens), _limit(e.max_batch, lang, tokens=False),
             fmt_number(e.decode_tokens_per_s) if r.speed_valid else dash,
             f"{fmt_number(r.speedup)}×" if r.speedup_valid else dash,
             fmt_duration(e.prefill_s) if r.speed_valid else dash,
             _gflop(e.attn_flops_per_token) + ("" if r.attn_flops_ratio != r.attn_flops_ratio  # NaN: no baseline
                                               else f" ({fmt_number(r.attn_flops_ratio)}×)")]
            for e, r in zip(ests, facts)]
    heads = [msg("cli.col.scheme"), msg("cli.col.kv_token"), msg("cli.col.kv_gpu"), msg("cli.col.total"),
             msg("cli.col.fit"), msg("cli.col.max_ctx"), msg("cli.col.max_batch"), msg("cli.col.decode"),
             msg("cli.col.speedup"), msg("cli.col.prefill"), msg("cli.col.attn_flops")]
    notes = [_t(msg("cli.ratios_note", base=ests[base_index].scheme), lang),
             _t(band_message(ests[base_index].engine, ests[base_index].error_band), lang)]
    if any(e.max_context_tokens is None for e in ests):
        notes.append(_t(msg("cli.infinite"), lang))
    notes += _grouped([(_t(r.short, lang), _t(w, lang)) for e, r in zip(ests, facts) for w in e.warnings], len(ests),
                      lang)
    needs: dict[str, list[str]] = {}
    for e, r in zip(ests, facts):
        if not r.speed_valid and (advice or {}).get(e.scheme):
            needs.setdefault((advice or {})[e.scheme], []).append(_t(r.short, lang))
    notes += [_t(msg("cli.advice_for", schemes=", ".join(s), advice=t), lang) for t, s in needs.items()]
    notes += [_t(msg("cli.note", note=n), lang) for n in headline_notes(facts, base_index)]
    notes += [_t(msg("cli.not_applicable", scheme=k, reason=v), lang) for k, v in skipped.items()]
    grid = Grid([_t(h, lang) for h in heads], rows, numeric=frozenset({1, 2, 3, 5, 6, 7, 8, 9, 10}),
                keep=frozenset({4}))
    return Doc(title=_title(ests[base_index], lang), grids=[grid], notes=notes)


def engines_doc(engines: dict, lang: str) -> Doc:
    """``list engines``: id, name, versions covered and the measured error band (leave-one-source-out medians)."""
    def pct(band, key: str) -> str:
        v = band.get(key) if band else None
        return "—" if v is None else f"{v:.0f}%"

    rows = [[k, e.name, e.versions, pct(e.band(), "throughput_pct"), pct(e.band(), "ttft_pct"),
             pct(e.band(), "tpot_pct")] for k, e in engines.items()]
    heads = [msg("cli.col.id"), msg("cli.col.name"), msg("cli.col.versions"), msg("cli.col.err_tput"),
             msg("cli.col.err_ttft"), msg("cli.col.err_tpot")]
    return Doc(grids=[Grid([_t(h, lang) for h in heads], rows, numeric=frozenset({3, 4, 5}))],
               notes=[_t(msg("cli.engines_note"), lang)])


def fields_doc(ranges: list[dict], lang: str) -> Doc:
    """``list fields``: the config.json fields kvcost reads and the range each must lie in."""
    rows = [[r["field"], f"{r['min']:,}", f"{r['max']:,}"] for r in ranges]
    heads = [msg("cli.col.field"), msg("cli.col.min"), msg("cli.col.max")]
    return Doc(grids=[Grid([_t(h, lang) for h in heads], rows, numeric=frozenset({1, 2}))])


__all__ = ["Doc", "Grid", "gpus_doc", "models_doc", "schemes_doc", "fields_doc", "estimate_doc", "compare_doc"]
