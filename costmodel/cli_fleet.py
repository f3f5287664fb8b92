"""``python -m costmodel fleet``: the lowest-cost fleet per scheme for a target, as text, JSON, .xlsx or CSV.

    fleet --model M --gpu G[,G2...] (--users N --context C | --tokens-per-s R [--context C] |
          --requests-per-day Q --isl I --osl O) [--scheme S ...] [--ttft-s X] [--tpot-ms Y]
          [--cost cloud|onprem] [--cloud-tier T] [--engine E] [--region us|jp] [--currency usd|jpy]
          [--jpy-per-usd R] [--json] [--xlsx FILE] [--csv FILE] [--lang en|ja]

``--json`` prints ``{"plans": [...]}``: per scheme the recommended plan (scheme, gpu, gpus, servers, tp, pp,
replicas, batch_per_replica, cost_per_month_usd, usd_per_1m_tokens, cost_breakdown, energy_kwh_per_1m_tokens,
ttft_s, tpot_s, ...) and ``pareto``, the other non-dominated plans. Money: every plan also reports ``currency``
('USD' or 'JPY'), ``jpy_per_usd`` and its amounts in that currency (``cost_per_month``, ``cost_per_1m_tokens``,
``cost_breakdown_in_currency``); the top level has ``currency`` (code, rate, its date and source) and ``region``
(the default set, its inputs and their sources). The ``*_usd`` keys stay in US dollars. Errors: one line, exit
status 2.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from pathlib import Path

from .cli_args import integer, number, output_options, tokens
from .engines import DEFAULT_ENGINE, get_engine
from .assumptions import DEFAULT
from .currency import CURRENCIES, REFERENCE_FX, Money, localize, user_fx
from .fleet import ENGINES, SLO, FleetResult, optimize, requests_per_day, tokens_per_s, users
from .hardware import get_profile
from .i18n import msg, t, tr
from .prices import priced
from .regions import REGIONS, get_region, input_sources
from .tco import BASES, GPU_INPUTS, GPU_META, INPUT_META, CostInputs, check
from .units import quote

DEFAULT_CONTEXT = 8192  # tokens per sequence for a tokens/s target without --context
TIERS = ("on-demand", "committed-1y", "committed-3y", "spot", "capacity-block")


def add_parser(sub) -> argparse.ArgumentParser:
    """Register the ``fleet`` subcommand and its options on ``sub``."""
    p = sub.add_parser("fleet", help="lowest-cost fleet per scheme for a target (optimizer, TCO, xlsx)")
    p.add_argument("--model", required=True, help="preset id/name or path to a config.json")
    p.add_argument("--gpu", required=True, help="hardware profile id(s), comma-separated: h100-sxm-80gb,h200-sxm-141gb")
    p.add_argument("--users", type=number, help="concurrent users (with --context)")
    p.add_argument("--context", type=tokens, help=f"tokens per sequence (users; tokens/s default {DEFAULT_CONTEXT})")
    p.add_argument("--tokens-per-s", type=number, help="generated tokens/s of the whole fleet")
    p.add_argument("--requests-per-day", type=number, help="requests per day (with --isl and --osl)")
    p.add_argument("--isl", type=tokens, help="prompt (input) tokens per request")
    p.add_argument("--osl", type=tokens, help="output tokens per request")
    p.add_argument("--scheme", nargs="+", action="extend", help="schemes to compare (default: native)")
    p.add_argument("--ttft-s", type=number, help="time-to-first-token limit, seconds")
    p.add_argument("--tpot-ms", type=number, help="time-per-output-token limit, milliseconds")
    p.add_argument("--cost", choices=BASES, default="onprem", help="cost basis (default onprem)")
    p.add_argument("--cloud-tier", choices=TIERS, default="on-demand", help="cloud price tier (default on-demand)")
    p.add_argument("--headroom", type=number, default=1.2, help="capacity over demand (default 1.2)")
    p.add_argument("--tp", type=integer, help="force one tensor-parallel size")
    p.add_argument("--disaggregate", action="store_true", help="also try separate prefill and decode pools")
    p.add_argument("--engine", default=DEFAULT_ENGINE,
                   help=f"speed source: {', '.join(ENGINES)} (default {DEFAULT_ENGINE}; ideal = the roofline "
                        "upper bound)")
    p.add_argument("--kv-dtype", default="bf16")
    p.add_argument("--weight-dtype", default="bf16")
    p.add_argument("--baseline", type=integer, default=0, help="index of the baseline scheme for savings (default 0)")
    p.add_argument("--xlsx", type=Path, help="write the meeting workbook (.xlsx, live formulas)")
    p.add_argument("--csv", type=Path, help="write the plans as CSV")
    p.add_argument("--region", choices=tuple(REGIONS), default="us",
                   help="default set of cost inputs, each with its source: us (EIA, Uptime, CBRE NA) or jp "
                        "(ANRE electricity in yen, JISA PUE, Tokyo colocation, statutory server life); default us")
    p.add_argument("--currency", choices=tuple(CURRENCIES), default="usd",
                   help="currency of the amounts shown, the JSON and the workbook (default usd)")
    p.add_argument("--jpy-per-usd", type=number, metavar="R",
                   help=f"yen per US dollar (default {REFERENCE_FX.jpy_per_usd:g}, Bank of Japan reporting rate "
                        f"dated {REFERENCE_FX.as_of.isoformat()})")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="enter a figure, repeatable: a cost input (pue=1.3, electricity_usd_per_kwh=0.12, ...: "
                        f"{', '.join(INPUT_META)}) or a GPU's price or power "
                        f"(h100-sxm-80gb.server_price_usd=317000; fields {', '.join(GPU_INPUTS)}); amounts in US "
                        "dollars, as the names say; a figure a profile lacks ('no price: enter one') is entered so")
    output_options(p)
    return p


@dataclass(frozen=True)
class Entered:
    """Figures entered with ``--set``: cost inputs (USD) and, per GPU profile id, its price and power fields."""

    inputs: dict[str, float]
    gpus: dict[str, dict[str, float]]


def entered(a: argparse.Namespace) -> Entered:
    """``--set`` items checked one by one: the name (a cost input, or a --gpu profile's field) and the value
    (a finite number within the field's declared range, ``tco.INPUT_META`` / ``tco.GPU_META``)."""
    ids = [get_profile(g).id for g in _gpu_names(a)]
    inputs: dict[str, float] = {}
    gpus: dict[str, dict[str, float]] = {}
    for item in getattr(a, "set", None) or []:
        name, sep, raw = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ValueError(msg("pr.set_form", item=quote(item)))
        gpu, dot, field = name.rpartition(".")
        if name in INPUT_META:
            inputs[name] = _number(name, raw)
            CostInputs(**{name: inputs[name]})  # its declared range (tco.INPUT_META), as the Fleet page checks it
        elif dot and field in GPU_INPUTS:
            gid = get_profile(gpu).id
            if gid not in ids:
                raise ValueError(msg("pr.set_gpu", name=quote(name), gpu=gid, gpus=", ".join(ids)))
            lo, hi, _ = GPU_META[field]
            gpus.setdefault(gid, {})[field] = check(name, _number(name, raw), lo, hi)
        else:
            raise ValueError(msg("pr.set_name", name=quote(name), inputs=", ".join(INPUT_META),
                                 fields=", ".join(GPU_INPUTS)))
    return Entered(inputs, gpus)


def _number(name: str, raw: str) -> float:
    try:
        return float(raw.strip())
    except ValueError:
        raise ValueError(msg("num.not_number", name=name, value=raw.strip())) from None


def _gpu_names(a: argparse.Namespace) -> list[str]:
    return [g.strip() for g in a.gpu.split(",") if g.strip()]


def _demand(a: argparse.Namespace):
    given = [a.users is not None, a.tokens_per_s is not None, a.requests_per_day is not None]
    if sum(given) != 1:
        raise ValueError(msg("pr.demand_args"))
    if a.users is not None:
        if a.context is None:
            raise ValueError(msg("pr.demand_args"))
        return users(a.users, a.context)
    if a.tokens_per_s is not None:
        return tokens_per_s(a.tokens_per_s, a.context or DEFAULT_CONTEXT)
    if a.isl is None or a.osl is None:
        raise ValueError(msg("pr.demand_args"))
    return requests_per_day(a.requests_per_day, a.isl, a.osl)


def _tier_index(gpu_id: str, tier: str) -> int:
    prices = get_profile(gpu_id).cloud_prices
    return next((i for i, c in enumerate(prices) if c.tier == tier), 0)


def money_of(a: argparse.Namespace, typed: Entered) -> Money:
    """The display currency, rate and yen inputs the arguments choose (a figure entered with --set is not the
    region's yen input)."""
    rate = getattr(a, "jpy_per_usd", None)
    fx = REFERENCE_FX if rate is None else user_fx(rate)
    return get_region(getattr(a, "region", "us")).money(getattr(a, "currency", "usd"), fx, tuple(typed.inputs))


def solve(a: argparse.Namespace, typed: Entered, m: Money) -> FleetResult:
    """Run the fleet optimizer for the parsed arguments (``--set`` figures, ``typed``, winning over the region's and
    the profiles'; the region's yen defaults converted at ``m``'s rate)."""
    gpus = _gpu_names(a)
    inputs = get_region(getattr(a, "region", "us")).inputs(m.fx, **typed.inputs)
    profs = [get_profile(g) for g in gpus]
    costs = {p.id: priced(p, inputs, _tier_index(p.id, a.cloud_tier), **typed.gpus.get(p.id, {})) for p in profs}
    return optimize(
        a.model,
        gpus,
        _demand(a),
        a.scheme or ["native"],
        slo=SLO.make(ttft_s=a.ttft_s, tpot_ms=a.tpot_ms),
        cost_basis=a.cost,
        inputs=inputs,
        gpu_costs=costs,
        headroom=a.headroom,
        tp=a.tp,
        disaggregate=a.disaggregate,
        engine=a.engine,
        kv_dtype=a.kv_dtype,
        weight_dtype=a.weight_dtype,
        assumptions=DEFAULT,
    )


def _money_fields(plan: dict, m: Money) -> dict:
    """A plan's JSON with its amounts in the display currency (the *_usd keys stay)."""
    out = dict(plan)
    if "cost_per_month_usd" in plan:
        out.update(
            currency=m.currency.code,
            jpy_per_usd=m.fx.jpy_per_usd,
            cost_per_month=m.amount(plan["cost_per_month_usd"]),
            cost_per_1m_tokens=m.amount(plan["usd_per_1m_tokens"]),
            cost_breakdown_in_currency={k: m.amount(v) for k, v in plan["cost_breakdown"].items()},
        )
    else:
        out["currency"] = m.currency.code
    for k in ("pareto", "runners_up"):
        if k in plan:
            out[k] = [_money_fields(x, m) for x in plan[k]]
    return out


def to_json(r: FleetResult, m: Money, region: str = "us") -> dict:
    """The ``--json`` document: the optimizer's result, amounts also in the display currency."""
    d = r.to_dict()
    d["plans"] = [_money_fields(p, m) for p in d["plans"]]
    reg = get_region(region)
    d["currency"] = m.to_dict()
    d["region"] = {
        "id": reg.id,
        "name": str(reg.name),
        "inputs": r.inputs.as_dict(),
        "sources": {k: str(v) for k, v in input_sources(reg, r.inputs, m.fx).items()},
    }
    return d


def render(r: FleetResult, lang: str = "en", m: Money | None = None, region: str = "us") -> str:
    """The fleet result as text in ``lang`` (plans per scheme, why, runners-up), amounts in ``m``'s currency."""
    m = m or get_region(region).money()
    engine = r.engine if lang == "en" else get_engine(r.engine).name
    head = [r.model, tr(r.demand.describe(), lang), t(f"basis.{r.cost_basis}", lang),
            t("cli.engine_head", lang).format(engine=engine),
            tr(msg("region.line", region=get_region(region).name), lang)]
    lines = [" | ".join(head)]
    if m.is_jpy:
        lines.append(tr(msg("fx.rate_line", rate=m.fx.jpy_per_usd, as_of=m.fx.as_of.isoformat(), source=m.fx.source),
                        lang))
    for s in r.schemes:
        lines.append(f"{tr(s.scheme, lang)}:")
        lines += [f"  {localize(w, m, lang)}" for w in s.why]
    lines += [tr(msg("cli.not_applicable", scheme=k, reason=v), lang) for k, v in r.skipped]
    return "\n".join(lines)


def run(a: argparse.Namespace) -> int:
    """Execute ``fleet``: print JSON or text, write the workbook/CSV when asked; returns the exit status. Failures
    raise: ``cli.main`` turns them into one translated line and its exit code, as for every command."""
    typed = entered(a)
    m = money_of(a, typed)
    r = solve(a, typed, m)
    feasible = [s.best for s in r.schemes if s.best is not None]
    if feasible and not 0 <= a.baseline < len(feasible):  # checked with or without a workbook to write
        raise ValueError(msg("roi.baseline_range", index=a.baseline, last=len(feasible) - 1))
    if a.xlsx or a.csv:
        from .export import fleet_csv, fleet_workbook

        if not feasible:
            raise ValueError(msg("roi.no_schemes"))
        if a.xlsx:
            _write(a.xlsx, fleet_workbook(r, baseline=a.baseline, lang=a.lang, money=m, region=a.region))
        if a.csv:
            _write(a.csv, fleet_csv(r, baseline=a.baseline, lang=a.lang, money=m).encode("utf-8-sig"))
    print(json.dumps(to_json(r, m, a.region), indent=1) if a.json else render(r, a.lang, m, a.region))
    return 0


def _write(path: Path, data: bytes) -> None:
    """Write an output file; a failure is bad input (a missing folder, no permission), said in one line."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ValueError(msg("cli.cannot_write_file", path=quote(os.fsdecode(path)),
                             reason=exc.strerror or type(exc).__name__)) from None


__all__ = ["add_parser", "run", "solve", "render", "to_json", "money_of", "DEFAULT_CONTEXT"]
