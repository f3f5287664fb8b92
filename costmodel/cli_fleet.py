"""``python -m costmodel fleet``: the lowest-cost fleet per scheme for a target, as text, JSON, .xlsx or CSV.

    fleet --model M --gpu G[,G2...] (--users N --context C | --tokens-per-s R [--context C] |
          --requests-per-day Q --isl I --osl O) [--scheme S ...] [--ttft-s X] [--tpot-ms Y]
          [--cost cloud|onprem] [--cloud-tier T] [--engine E] [--json] [--xlsx FILE] [--csv FILE] [--lang en|ja]

``--json`` prints ``{"plans": [...]}``: per scheme the recommended plan (scheme, gpu, gpus, servers, tp, pp,
replicas, batch_per_replica, cost_per_month_usd, usd_per_1m_tokens, cost_breakdown, energy_kwh_per_1m_tokens,
ttft_s, tpot_s, ...) and ``pareto``, the other non-dominated plans. Errors: one line, exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .engines import DEFAULT_ENGINE
from . import USER_ERRORS
from .assumptions import DEFAULT
from .fleet import ENGINES, SLO, FleetResult, optimize, requests_per_day, tokens_per_s, users
from .hardware import get_profile
from .i18n import msg, tr
from .prices import gpu_cost
from .tco import BASES, CostInputs
from .units import parse_tokens

DEFAULT_CONTEXT = 8192  # tokens per sequence for a tokens/s target without --context
TIERS = ("on-demand", "committed-1y", "committed-3y", "spot", "capacity-block")


def _tokens(text: str) -> int:
    try:
        return parse_tokens(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_parser(sub) -> argparse.ArgumentParser:
    """Register the ``fleet`` subcommand and its options on ``sub``."""
    p = sub.add_parser("fleet", help="lowest-cost fleet per scheme for a target (optimizer, TCO, xlsx)")
    p.add_argument("--model", required=True, help="preset id/name or path to a config.json")
    p.add_argument("--gpu", required=True, help="hardware profile id(s), comma-separated: h100-sxm-80gb,h200-sxm-141gb")
    p.add_argument("--users", type=float, help="concurrent users (with --context)")
    p.add_argument("--context", type=_tokens, help=f"tokens per sequence (users; tokens/s default {DEFAULT_CONTEXT})")
    p.add_argument("--tokens-per-s", type=float, help="generated tokens/s of the whole fleet")
    p.add_argument("--requests-per-day", type=float, help="requests per day (with --isl and --osl)")
    p.add_argument("--isl", type=_tokens, help="prompt (input) tokens per request")
    p.add_argument("--osl", type=_tokens, help="output tokens per request")
    p.add_argument("--scheme", nargs="+", action="extend", help="schemes to compare (default: native)")
    p.add_argument("--ttft-s", type=float, help="time-to-first-token limit, seconds")
    p.add_argument("--tpot-ms", type=float, help="time-per-output-token limit, milliseconds")
    p.add_argument("--cost", choices=BASES, default="onprem", help="cost basis (default onprem)")
    p.add_argument("--cloud-tier", choices=TIERS, default="on-demand", help="cloud price tier (default on-demand)")
    p.add_argument("--headroom", type=float, default=1.2, help="capacity over demand (default 1.2)")
    p.add_argument("--tp", type=int, help="force one tensor-parallel size")
    p.add_argument("--disaggregate", action="store_true", help="also try separate prefill and decode pools")
    p.add_argument("--engine", default=DEFAULT_ENGINE,
                   help=f"speed source: {', '.join(ENGINES)} (default {DEFAULT_ENGINE}; ideal = the roofline "
                        "upper bound)")
    p.add_argument("--kv-dtype", default="bf16")
    p.add_argument("--weight-dtype", default="bf16")
    p.add_argument("--baseline", type=int, default=0, help="index of the baseline scheme for savings (default 0)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--xlsx", type=Path, help="write the meeting workbook (.xlsx, live formulas)")
    p.add_argument("--csv", type=Path, help="write the plans as CSV")
    p.add_argument("--lang", choices=("en", "ja"), default="en")
    return p


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


def solve(a: argparse.Namespace) -> FleetResult:
    """Run the fleet optimizer for the parsed arguments."""
    gpus = [g.strip() for g in a.gpu.split(",") if g.strip()]
    inputs = CostInputs()
    costs = {get_profile(g).id: gpu_cost(get_profile(g), inputs, _tier_index(g, a.cloud_tier)) for g in gpus}
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


def render(r: FleetResult, lang: str = "en") -> str:
    """The fleet result as text in ``lang`` (plans per scheme, why, runners-up)."""
    lines = [f"{r.model} | {tr(r.demand.describe(), lang)} | {r.cost_basis} | engine {r.engine}"]
    for s in r.schemes:
        lines.append(f"{s.scheme}:")
        lines += [f"  {tr(w, lang)}" for w in s.why]
    lines += [f"not applicable: {k}: {tr(v, lang)}" for k, v in r.skipped]
    return "\n".join(lines)


def run(a: argparse.Namespace) -> int:
    """Execute ``fleet``: print JSON or text, write the workbook/CSV when asked; returns the exit status."""
    try:
        r = solve(a)
        feasible = [s.best for s in r.schemes if s.best is not None]
        if a.xlsx or a.csv:
            from .export import fleet_csv, fleet_workbook

            if not feasible:
                raise ValueError(msg("roi.no_schemes"))
            if a.xlsx:
                a.xlsx.write_bytes(fleet_workbook(r, baseline=a.baseline, lang=a.lang))
            if a.csv:
                a.csv.write_text(fleet_csv(r, baseline=a.baseline, lang=a.lang), encoding="utf-8-sig")
        print(json.dumps(r.to_dict(), indent=1) if a.json else render(r, a.lang))
        return 0
    except (*USER_ERRORS, ValueError, OSError) as exc:
        print(f"error: {str(exc)[:300]}", file=sys.stderr)
        return 2


__all__ = ["add_parser", "run", "solve", "render", "DEFAULT_CONTEXT"]
