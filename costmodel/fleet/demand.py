"""The workload a fleet must serve, and the service levels it must meet.

A target is concurrent users at a context length, aggregate generated tokens/s, or requests/day with prompt
(ISL) and output (OSL) lengths. ``SLO`` holds the optional latency limits: time to first token and time per
output token (a per-user tokens/s floor is the same limit, 1 / tokens/s).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from ..estimate import InputError
from ..i18n import Message, msg
from ..numfmt import plain

SECONDS_PER_DAY = 86_400
DemandKind = Literal["users", "tokens_per_s", "requests_per_day"]


def positive(name: str, v: object, integer: bool = False) -> float:
    """``v`` as a positive finite number (int when ``integer``); InputError (one line) otherwise."""
    if isinstance(v, bool) or not isinstance(v, (int, float)) or (integer and not float(v).is_integer()):
        raise InputError(msg("num.not_whole" if integer else "num.not_number", name=name, value=v))
    if not (math.isfinite(v) and v > 0):
        raise InputError(msg("num.not_positive", name=name, value=v))
    return int(v) if integer else float(v)


# What a demand target may be (the CLI and the Fleet page accept the same): from a thousandth (a trickle) to far
# beyond any fleet (a trillion users, 10^15 tokens/s or requests/day); beyond, counts and costs overflow floats.
USERS_RANGE = (1e-3, 1e12)
TOKENS_PER_S_RANGE = (1e-3, 1e15)
REQUESTS_PER_DAY_RANGE = (1e-3, 1e15)
HEADROOM_RANGE = (1.0, 100.0)  # capacity over demand: 1.2 = 20% spare


def within(name: str, v: object, bounds: tuple[float, float]) -> float:
    """``v`` as a positive finite number within ``bounds``; InputError (one line) otherwise."""
    x = positive(name, v)
    lo, hi = bounds
    if not lo <= x <= hi:
        raise InputError(msg("num.between", name=name, lo=lo, hi=hi, value=x))
    return x


@dataclass(frozen=True)
class Demand:
    """A workload target: concurrent users, tokens/s, or requests/day with prompt and output lengths."""

    kind: DemandKind
    context_tokens: int  # tokens held per sequence (memory and decode time)
    concurrent_users: float = 0.0
    tokens_per_s: float = 0.0
    requests_per_day: float = 0.0
    prompt_tokens: int = 0  # ISL (requests target)
    output_tokens: int = 0  # OSL (requests target)

    @property
    def requests_per_s(self) -> float:
        return self.requests_per_day / SECONDS_PER_DAY

    @property
    def prompt_for_ttft(self) -> int:
        """Prompt a new request prefills: its ISL, or (users / tokens/s targets) the whole context."""
        return self.prompt_tokens or self.context_tokens

    def describe(self) -> Message:
        """The target in words; its figure with separators and up to 6 significant digits, never an exponent
        ('1,000,000 requests/day', not '1e+06')."""
        if self.kind == "users":
            return msg("dem.users", users=plain(self.concurrent_users, 6), context=self.context_tokens)
        if self.kind == "tokens_per_s":
            return msg("dem.tokens_per_s", rate=plain(self.tokens_per_s, 6), context=self.context_tokens)
        return msg("dem.requests", rate=plain(self.requests_per_day, 6), prompt=self.prompt_tokens,
                   output=self.output_tokens)


def users(n: float, context_tokens: int) -> Demand:
    """``n`` concurrent users, each holding ``context_tokens``."""
    return Demand("users", int(positive("context_tokens", context_tokens, True)),
                  concurrent_users=within("users", n, USERS_RANGE))


def tokens_per_s(rate: float, context_tokens: int) -> Demand:
    """An aggregate generation rate of ``rate`` tokens/s at ``context_tokens`` per sequence."""
    return Demand(
        "tokens_per_s", int(positive("context_tokens", context_tokens, True)),
        tokens_per_s=within("tokens/s", rate, TOKENS_PER_S_RANGE)
    )


def requests_per_day(n: float, prompt_tokens: int, output_tokens: int) -> Demand:
    """``n`` requests a day of ``prompt_tokens`` in and ``output_tokens`` out."""
    p, o = int(positive("prompt_tokens", prompt_tokens, True)), int(positive("output_tokens", output_tokens, True))
    return Demand(
        "requests_per_day", p + o, requests_per_day=within("requests/day", n, REQUESTS_PER_DAY_RANGE),
        prompt_tokens=p, output_tokens=o
    )


@dataclass(frozen=True)
class SLO:
    """Latency limits; None = no limit. ``tpot_s`` is the time per output token of one user's stream."""

    ttft_s: float | None = None
    tpot_s: float | None = None

    @classmethod
    def make(
        cls, ttft_s: float | None = None, tpot_ms: float | None = None, tokens_per_s_per_user: float | None = None
    ) -> "SLO":
        tpot = None if tpot_ms is None else positive("TPOT (ms)", tpot_ms) / 1000
        if tokens_per_s_per_user is not None:
            floor = 1 / positive(msg("num.slo_name"), tokens_per_s_per_user)
            tpot = floor if tpot is None else min(tpot, floor)
        return cls(None if ttft_s is None else positive("TTFT (s)", ttft_s), tpot)

    def met(self, ttft_s: float, tpot_s: float) -> bool:
        return (self.ttft_s is None or ttft_s <= self.ttft_s * (1 + 1e-12)) and (
            self.tpot_s is None or tpot_s <= self.tpot_s * (1 + 1e-12)
        )


__all__ = ["Demand", "DemandKind", "SLO", "SECONDS_PER_DAY", "positive", "users", "tokens_per_s", "requests_per_day"]
