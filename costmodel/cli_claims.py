"""``python -m costmodel claims [--json] [--lang en|ja]``: every published and source-article claim, recomputed now.

``--json`` prints a list of rows (``ClaimResult.to_dict``: ``id``, ``source``, ``statement``, ``quoted``,
``computed``, ``unit``, ``ok``, ``explanation``, plus ``kind``, ``check``, ``rel_tol``, ``rel_diff`` and
``assumptions``) with the texts in ``--lang``; a cited accuracy figure has ``computed``, ``rel_diff`` and ``ok``
null. The text output lists each row with its verdict in words (OK / DIFFERS / CITED, not checkable)."""
from __future__ import annotations

import argparse
import json

from .cli_args import output_options
from .i18n import t, tr, unit


def add_parser(sub) -> argparse.ArgumentParser:
    """Register the ``claims`` subcommand on ``sub`` (the CLI's subparsers)."""
    p = sub.add_parser("claims", help="the published and source-article claims, recomputed")
    output_options(p, json_help="print a JSON list of rows", lang_help="language of statements and explanations")
    return p


def verdict(ok: bool | None, lang: str = "en") -> str:
    """'OK', 'DIFFERS' or 'CITED (not checkable by a cost model)' in ``lang``."""
    return t("claims.verdict." + {True: "ok", False: "differs", None: "cited"}[ok], lang)


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:,.6g}"


def rows(lang: str = "en") -> list[dict]:
    """The JSON rows, with the statement, explanation and assumptions in ``lang``."""
    from .claims import evaluate_claims

    out = []
    for r in evaluate_claims():
        d = r.to_dict()
        d.update(statement=tr(r.statement, lang), explanation=tr(r.explanation, lang),
                 assumptions=tr(r.assumptions, lang))
        out.append(d)
    return out


def render(lang: str = "en") -> str:
    """The text listing: one block per claim."""
    from .claims import evaluate_claims

    res = evaluate_claims()
    n_ok = sum(1 for r in res if r.ok)
    n_checked = sum(1 for r in res if r.ok is not None)
    lines = [t("claims.cli_summary", lang).format(ok=n_ok, n=n_checked, cited=len(res) - n_checked)]
    sym = {"approx": "≈", "at_most": "≤", "at_least": "≥"}
    for r in res:
        u = tr(unit(r.unit), lang)
        lines += ["", f"[{verdict(r.ok, lang)}] {r.id}: {tr(r.statement, lang)}",
                  f"    {t('cli.claims.quoted', lang)} {_num(r.quoted)} {u}"
                  + ("" if r.computed is None else
                     f"  |  {t('cli.claims.computed', lang)} {_num(r.computed)} {u}  "
                     f"({sym[r.check]} {t('cli.claims.tol', lang)} {r.rel_tol:.1%})")]
        if r.assumptions:
            lines.append(f"    {t('cli.claims.assumptions', lang)}: {tr(r.assumptions, lang)}")
        if r.explanation:
            lines.append(f"    {t('cli.claims.explanation', lang)}: {tr(r.explanation, lang)}")
        lines.append(f"    {t('col.source', lang)}: {r.source}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the claims table (or its JSON rows) for ``args``; returns the exit status."""
    print(json.dumps(rows(args.lang), indent=1, ensure_ascii=False) if args.json else render(args.lang))
    return 0


__all__ = ["add_parser", "run", "rows", "render", "verdict"]
