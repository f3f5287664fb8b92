"""Human output of ``estimate`` and ``compare``: the heading, the memory, speed, placement and offload tables and the
notes, as a ``Doc`` (cli_layout.py lays it out). Sizes read '85.9 GB (80.0 GiB)', durations '850 ms' / '62 min'.
The JSON output lives in cli.py; ``list``'s tables in cli_lists.py.
"""
from __future__ import annotations

from rich.text import Text

from .cli_layout import SIG, Doc, Grid, size
from .engines import band_message
from .i18n import msg, tr
from .units import fmt_bytes, fmt_duration, fmt_number, fmt_seconds, fmt_tokens


def _verdict(e, lang: str, compact: bool = False) -> Text:
    """'FITS (12.3 GB (11.5 GiB) free)' / 'DOES NOT FIT: short by 144 GB (134 GiB)'; in a compact cell (compare's
    table) 'FITS (12.3 GB free)' / 'short by ...'."""
    m = e.memory
    if m.fits:
        free = fmt_bytes(m.headroom_bytes, sig=SIG) if compact else size(m.headroom_bytes)
        return Text(tr(msg("cli.fits", free=free), lang), style="green")
    short = size(-m.headroom_bytes)
    return Text(tr(msg("cli.short_by", short=short) if compact else msg("cli.no_fit", short=short), lang),
                style="bold red")


def _bound(bound: str, lang: str, onchip: bool = False) -> str:
    b = tr(msg("cli.bound.memory") if bound == "memory" else msg("cli.bound.compute"), lang)
    return tr(msg("cli.onchip", bound=b), lang) if onchip else b


def _limit(n: int | None, lang: str, tokens: bool = True) -> str:
    if n is None:
        return tr(msg("cli.unbounded"), lang)
    return fmt_tokens(n) if tokens else f"{n:,}"


# ---------------------------------------------------------------- estimate / compare
def _title(e, lang: str, scheme: str = "") -> str:
    """The heading line: model, GPU, workload (and the scheme, for a single estimate); memory per GPU, or per
    replica where an SRAM-only part spans many chips."""
    kw = dict(model=e.model, gpu=e.gpu, tp=e.tp, scheme=scheme, chips=f"{e.chips_per_replica:,}",
              context=fmt_tokens(e.context), batch=f"{e.batch:,}", kv_dtype=e.kv_dtype, weight_dtype=e.weight_dtype)
    if not scheme:
        return tr(msg("cli.cmp_title", **kw), lang)
    return tr(msg("cli.title_replica", **kw) if _multichip(e) else msg("cli.title", **kw), lang)


def _gflop(flops: float) -> str:
    return fmt_number(flops / 1e9, 4)


def _speed_rows(e, lang: str) -> list[list[str | Text]]:
    """Prefill and decode times; none for a configuration that does not fit (what would make it fit is a note)."""
    if not e.speed_valid:
        why = msg("cli.no_speed") if e.compute_published else msg("cli.no_speed_rate")
        return [[tr(msg("cli.row.speed"), lang), Text(tr(why, lang), style="red")]]
    return [
        [tr(msg("cli.row.prefill", n=f"{e.prompt_tokens:,}"), lang),
         tr(msg("cli.prefill_value", time=fmt_duration(e.prefill_s), bound=_bound(e.prefill_cost.bound, lang)), lang)],
        [tr(msg("cli.row.ttft"), lang), fmt_duration(e.ttft_s)],
        [tr(msg("cli.row.decode"), lang),
         tr(msg("cli.decode_value", step=fmt_seconds(e.decode_s_per_token), rate=fmt_number(e.decode_tokens_per_s),
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
    cells = ", ".join(f"{tr(tier_name(t.name), lang)} {size(b)}" for t, b in used)
    rows: list[list[str | Text]] = [[tr(msg("cli.row.placement", rule=pl.rule), lang), cells]]
    if pl.stages > 1:
        rows.append([tr(msg("cli.row.chips"), lang),
                     tr(msg("cli.chips_value", chips=f"{int(pl.chips_per_replica):,}", stages=f"{int(pl.stages):,}",
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
        [tr(msg("cli.row.weights"), lang), size(m.weight_bytes)],
        [tr(msg("cli.row.kv"), lang), size(m.kv_bytes)],
        [tr(msg("cli.row.activations"), lang), size(m.activation_bytes)],
        [tr(msg("cli.row.reserve"), lang), size(m.reserve_bytes)],
        [Text(tr(total, lang), style="bold"), Text(size(m.total_bytes), style="bold")],
        [tr(capacity, lang), size(m.capacity_bytes)],
        [tr(msg("cli.row.verdict"), lang), _verdict(e, lang)],
        [tr(msg("cli.row.kv_token"), lang), size(e.kv_bytes_per_token)],
    ]
    if e.fixed_bytes_per_sequence:
        rows.append([tr(msg("cli.row.fixed"), lang), size(e.fixed_bytes_per_sequence)])
    rows.append([tr(msg("cli.row.max_context", batch=f"{e.batch:,}"), lang), _limit(e.max_context_tokens, lang)])
    rows.append([tr(msg("cli.row.max_batch"), lang), _limit(e.max_batch, lang, tokens=False)])
    rows += _placement_rows(e, lang)
    rows += _speed_rows(e, lang) + _offload_rows(e, lang)
    rows.append([tr(msg("cli.row.attention"), lang), tr(msg("cli.attention_value", token=_gflop(
        e.attn_flops_per_token), step=_gflop(e.attn_flops_per_step)), lang)])
    heads = [tr(msg("cli.col.quantity"), lang), tr(msg("cli.col.value"), lang)]
    notes = [advice] if advice and not e.speed_valid else []
    notes.append(tr(band_message(e.engine, e.error_band), lang))
    notes += [tr(msg("cli.warning", warning=w), lang) for w in e.warnings]
    if e.quantization is not None:
        notes.append(tr(msg("cli.quantization", quant=e.quantization.describe()), lang))
    return Doc(title=_title(e, lang, e.scheme), grids=[Grid(heads, rows, keep=frozenset({1}))], notes=notes)


def _offload_rows(e, lang: str) -> list[list[str | Text]]:
    """llama.cpp placement: layers on the GPU, bytes in system RAM, how many layers fit, the decode-time split."""
    o = e.offload
    if o is None or o.unified:
        return []
    rows: list[list[str | Text]] = [
        [tr(msg("cli.row.gpu_layers"), lang), tr(msg("cli.gpu_layers_value", k=o.gpu_layers, n=o.n_layers,
                                                        ngl=o.ngl), lang)],
        [tr(msg("cli.row.host_bytes", host=o.host), lang), size(o.host_bytes)],
        [tr(msg("cli.row.max_gpu_layers"), lang), f"-ngl {o.max_ngl}"]]
    if e.speed_valid:
        rows.append([tr(msg("cli.row.decode_split"), lang), tr(msg(
            "cli.decode_split_value", gpu=fmt_seconds(o.decode_gpu_s), host=fmt_seconds(o.decode_host_s),
            transfer=fmt_seconds(o.decode_transfer_s)), lang)])
    return rows


def _grouped(items: list[tuple[str, str]], everyone: int, lang: str) -> list[str]:
    """(scheme, text) pairs -> one line per distinct text: 'warning: X' when all ``everyone`` rows share it, else
    'warning (A, B): X'."""
    who: dict[str, list[str]] = {}
    for scheme, text in items:
        who.setdefault(text, []).append(scheme)
    shared = [tr(msg("cli.warning", warning=t), lang) for t, s in who.items() if len(s) == everyone]
    some = [tr(msg("cli.warning_for", schemes=", ".join(s), warning=t), lang)
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
        return Doc(notes=[tr(msg("cli.not_applicable", scheme=k, reason=v), lang) for k, v in skipped.items()])
    facts = compare_rows(ests, spec, base_index)
    dash = "—"
    rows = [[tr(r.short, lang), size(e.kv_bytes_per_token), size(e.memory.kv_bytes), size(e.memory.total_bytes),
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
    notes = [tr(msg("cli.ratios_note", base=ests[base_index].scheme), lang),
             tr(band_message(ests[base_index].engine, ests[base_index].error_band), lang)]
    if any(e.max_context_tokens is None for e in ests):
        notes.append(tr(msg("cli.infinite"), lang))
    notes += _grouped([(tr(r.short, lang), tr(w, lang)) for e, r in zip(ests, facts) for w in e.warnings], len(ests),
                      lang)
    needs: dict[str, list[str]] = {}
    for e, r in zip(ests, facts):
        if not r.speed_valid and (advice or {}).get(e.scheme):
            needs.setdefault((advice or {})[e.scheme], []).append(tr(r.short, lang))
    notes += [tr(msg("cli.advice_for", schemes=", ".join(s), advice=t), lang) for t, s in needs.items()]
    notes += [tr(msg("cli.note", note=n), lang) for n in headline_notes(facts, base_index)]
    notes += [tr(msg("cli.not_applicable", scheme=k, reason=v), lang) for k, v in skipped.items()]
    grid = Grid([tr(h, lang) for h in heads], rows, numeric=frozenset({1, 2, 3, 5, 6, 7, 8, 9, 10}),
                keep=frozenset({4}))
    return Doc(title=_title(ests[base_index], lang), grids=[grid], notes=notes)


__all__ = ["compare_doc", "estimate_doc"]
