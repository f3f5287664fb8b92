"""Attention schemes: registry, parsing of 'key:option,param=value' tokens, the native scheme."""
from __future__ import annotations

from dataclasses import fields

from ..i18n import msg
from ..spec import ModelSpec
from .base import Scheme, SchemeError, heads_per_gpu, kv_heads_per_gpu
from .deltanet import GatedDeltaNet
from .mla import MLA, TransMLA
from .recurrent import LinearAttention, LogLinearAttention, num_levels
from .slim import SlimAttention
from .standard import GQA, MHA, MQA
from .tpa import TPA

SCHEMES: dict[str, type[Scheme]] = {c.key: c for c in (MHA, GQA, MQA, MLA, TransMLA, TPA, SlimAttention,
                                                      LinearAttention, LogLinearAttention, GatedDeltaNet)}

__all__ = ["Scheme", "SchemeError", "SCHEMES", "MHA", "GQA", "MQA", "MLA", "TransMLA", "TPA", "SlimAttention",
           "LinearAttention", "LogLinearAttention", "GatedDeltaNet", "parse_scheme", "native_scheme", "default_schemes",
           "resolve", "is_native", "alternatives", "NATIVE", "heads_per_gpu", "kv_heads_per_gpu", "num_levels"]


def native_scheme(spec: ModelSpec) -> Scheme:
    """The model's own attention: absorbed MLA for MLA configs, else GQA/MHA/MQA by its KV heads."""
    if spec.is_mla:
        return MLA()
    if spec.n_kv_heads == spec.n_heads:
        return MHA()
    if spec.n_kv_heads == 1:
        return MQA()
    return GQA(groups=spec.n_kv_heads)


NATIVE = "native"  # the token that means "the model's own attention"


def resolve(spec: ModelSpec, token: "str | Scheme | None") -> Scheme:
    """The scheme a token names on ``spec``: None, "" or "native" -> ``native_scheme(spec)``; a Scheme passes
    through; anything else is parsed (SchemeError on a bad token)."""
    if token is None or (isinstance(token, str) and token.strip().lower() in ("", NATIVE)):
        return native_scheme(spec)
    return parse_scheme(token)


def is_native(token: "str | Scheme | None") -> bool:
    """True for the tokens that mean the model's own attention (None, "", "native")."""
    return token is None or (isinstance(token, str) and token.strip().lower() in ("", NATIVE))


def alternatives() -> list[Scheme]:
    """Schemes offered as single changes by "what would make it fit", in their ``alternative_rank`` order."""
    ranked = sorted((c.alternative_rank, c) for c in SCHEMES.values() if c.alternative_rank is not None)
    return [cls() for _, cls in ranked]


def default_schemes() -> list[Scheme]:
    """One instance of every scheme with its default options, in display order."""
    return [MHA(), GQA(), MQA(), MLA(), MLA(option="naive"), TransMLA(), TransMLA(option="equal"), TPA(),
            SlimAttention(option="1"), SlimAttention(option="2"), LinearAttention(), LogLinearAttention(),
            GatedDeltaNet()]


def _coerce(cls: type[Scheme], name: str, raw: str):
    allowed = {f.name: f for f in fields(cls)}
    if name not in allowed:
        names = ", ".join(n for n in allowed if n != "option")
        if not names:
            raise SchemeError(msg("sch.no_params", scheme=cls.key, name=name))
        raise SchemeError(msg("sch.unknown_param", scheme=cls.key, name=name, names=names))
    if name in ("option", "order"):
        return raw
    try:
        return int(raw)
    except ValueError:
        raise SchemeError(msg("sch.param_int", scheme=cls.key, name=name, value=raw)) from None


def parse_scheme(token: str | Scheme) -> Scheme:
    """'gqa:groups=4', 'mla:naive', 'tpa:r_q=16,r_k=1,r_v=1', 'slim:2', 'loglinear:allocated'."""
    if isinstance(token, Scheme):
        return token
    text = str(token).strip().lower()
    key, _, rest = text.partition(":")
    if key not in SCHEMES:
        raise SchemeError(msg("sch.unknown", key=key, choices=", ".join(SCHEMES)))
    cls = SCHEMES[key]
    kwargs: dict = {}
    for part in filter(None, (p.strip() for p in rest.split(","))):
        name, eq, val = part.partition("=")
        if not eq:
            name, val = "option", part
        kwargs[name.strip()] = _coerce(cls, name.strip(), val.strip())
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise SchemeError(msg("sch.bad_args", scheme=key, detail=str(exc))) from None
