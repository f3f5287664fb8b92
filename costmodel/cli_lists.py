"""``list``'s documents: GPUs, hosts, models, schemes, engines and the accepted config.json fields, one table each."""
from __future__ import annotations

from dataclasses import fields

from .cli_layout import Doc, Grid, size
from .i18n import msg, tr
from .numfmt import params
from .units import fmt_rate, fmt_tokens


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
    return f"{size(t.capacity)} {t.name}"


def gpus_doc(profiles: dict, lang: str) -> Doc:
    """``list gpus``: GPUs and accelerators: main memory (an SRAM-only part's is its SRAM), usable capacity,
    bandwidth, dense 16-bit rate and the largest on-chip memory that can hold weights or caches."""
    rows = [[k, p.name, size(p.physical_memory_bytes), size(p.capacity_bytes), fmt_rate(p.bw_bytes_per_s, "B/s"),
             _bf16(p), _onchip(p)] for k, p in profiles.items()]
    heads = [msg("cli.col.profile"), msg("cli.col.name"), msg("cli.col.memory"), msg("cli.col.visible"),
             msg("cli.col.bandwidth"), msg("cli.col.bf16"), msg("cli.col.onchip")]
    notes = [tr(msg("cli.gpus_note"), lang)] if any(p.accelerator for p in profiles.values()) else []
    return Doc(grids=[Grid([tr(h, lang) for h in heads], rows, numeric=frozenset({4, 5}), keep=frozenset({2, 3, 6}))],
               notes=notes)


def hosts_doc(hosts: dict, lang: str) -> Doc:
    """Host CPU profiles: cores, theoretical memory bandwidth and the rate llama.cpp's CPU layers stream at."""
    rows = [[k, h.name, f"{int(h.cores.value):,}", fmt_rate(h.mem_bw_bytes_per_s.value, "B/s"),
             fmt_rate(h.bw_bytes_per_s, "B/s")] for k, h in hosts.items()]
    heads = [msg("cli.col.host"), msg("cli.col.name"), msg("cli.col.cores"), msg("cli.col.bandwidth"),
             msg("cli.col.offload_bw")]
    return Doc(grids=[Grid([tr(h, lang) for h in heads], rows, numeric=frozenset({2, 3, 4}))])


def models_doc(presets: dict, lang: str) -> Doc:
    """``list models``: one row per preset with its attention, layers and parameters."""
    from .schemes import native_scheme
    rows = [[k, s.name, tr(native_scheme(s).describe(s), lang), f"{s.n_layers:,}", params(s.total_params(), lang),
             fmt_tokens(s.max_position) if s.max_position else "—"] for k, s in presets.items()]
    heads = [msg("cli.col.preset"), msg("cli.col.name"), msg("cli.col.attention"), msg("cli.col.layers"),
             msg("cli.col.params"), msg("cli.col.max_position")]
    return Doc(grids=[Grid([tr(h, lang) for h in heads], rows, numeric=frozenset({3, 4, 5}))])


def schemes_doc(schemes: dict, lang: str) -> Doc:
    """One row per scheme key: its options (the default first), parameters with defaults, exactness, training."""
    rows, model = [], tr(msg("cli.from_model"), lang)
    for key, cls in schemes.items():
        default = cls().option
        options = [default] + [o for o in cls.options if o != default]
        params = [f"{f.name}={f'({model})' if f.default is None else f.default}" for f in fields(cls)
                  if f.name != "option" and _accepts(key, f.name, 1 if f.default is None else f.default)]
        rows.append([key, cls.label, ", ".join(o for o in options if o != "default") or "—",
                     ", ".join(params) or "—", tr(msg("cli.yes") if cls.exact else msg("cli.no"), lang),
                     tr(cls.training, lang)])
    heads = [msg("cli.col.scheme"), msg("cli.col.name"), msg("cli.col.options"), msg("cli.col.scheme_params"),
             msg("cli.col.exact"), msg("cli.col.training")]
    return Doc(grids=[Grid([tr(h, lang) for h in heads], rows)])


def _accepts(key: str, name: str, value) -> bool:
    """Whether the scheme parser takes ``key:name=value`` (MHA and MQA inherit GQA's ``groups`` but refuse it)."""
    from .schemes import SchemeError, parse_scheme
    try:
        parse_scheme(f"{key}:{name}={value}")
    except SchemeError:
        return False
    return True


def engines_doc(engines: dict, lang: str) -> Doc:
    """``list engines``: id, name, versions covered and the measured error band (leave-one-source-out medians)."""
    def pct(band, key: str) -> str:
        v = band.get(key) if band else None
        return "—" if v is None else f"{v:.0f}%"

    rows = [[k, e.name, e.versions, pct(e.band(), "throughput_pct"), pct(e.band(), "ttft_pct"),
             pct(e.band(), "tpot_pct")] for k, e in engines.items()]
    heads = [msg("cli.col.id"), msg("cli.col.name"), msg("cli.col.versions"), msg("cli.col.err_tput"),
             msg("cli.col.err_ttft"), msg("cli.col.err_tpot")]
    return Doc(grids=[Grid([tr(h, lang) for h in heads], rows, numeric=frozenset({3, 4, 5}))],
               notes=[tr(msg("cli.engines_note"), lang)])


def fields_doc(ranges: list[dict], lang: str) -> Doc:
    """``list fields``: the config.json fields kvcost reads and the range each must lie in."""
    rows = [[r["field"], f"{r['min']:,}", f"{r['max']:,}"] for r in ranges]
    heads = [msg("cli.col.field"), msg("cli.col.min"), msg("cli.col.max")]
    return Doc(grids=[Grid([tr(h, lang) for h in heads], rows, numeric=frozenset({1, 2}))])


__all__ = ["engines_doc", "fields_doc", "gpus_doc", "hosts_doc", "models_doc", "schemes_doc"]
