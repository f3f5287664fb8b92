"""Where the optimizer gets its speeds: ONE protocol, one implementation today.

``SpeedModel`` answers, for a deployment: the most sequences a replica holds (memory), the time per output
token at a batch, and the time to prefill one prompt. ``RooflineSpeed`` (engine "ideal") takes pure-TP
deployments from ``estimate.estimate`` (so an engine-calibrated ``estimate`` flows in here) and PP / EP /
DP-attention deployments from the same roofline terms split by placement (``roofline_dp.General``).
To serve engine-calibrated speeds, pass another ``SpeedModel`` to ``optimize`` or extend ``speed_model``.
"""

from __future__ import annotations

from typing import Protocol

from ..assumptions import DEFAULT, Assumptions
from ..dtypes import STATE_FORMATS, kv_format, weight_format
from ..estimate import MAX_BATCH, Estimate, InputError, estimate
from ..hardware import HardwareProfile
from ..i18n import msg
from ..schemes import Scheme
from ..spec import ModelSpec
from .deploy import Deployment
from .roofline_dp import General, Shape

ENGINES = ("ideal",)


class SpeedModel(Protocol):
    engine: str

    def max_batch(self, d: Deployment) -> int:
        """Most sequences one replica holds in memory (0: not even one)."""
        ...

    def tpot_s(self, d: Deployment, batch: int) -> float:
        """Time per output token of every sequence when the replica runs ``batch`` sequences."""
        ...

    def prefill_s(self, d: Deployment, prompt: int) -> float:
        """Time to prefill one prompt of ``prompt`` tokens on an idle replica."""
        ...

    def total_bytes(self, d: Deployment) -> int:
        """Memory one GPU needs for one sequence (to say why a deployment does not fit)."""
        ...

    def kv_bytes_per_token(self) -> int:
        """Cache bytes one token adds to one sequence, all layers, one copy (what disaggregation transfers)."""
        ...


class RooflineSpeed:
    """The ``ideal`` roofline: an upper bound on speed (efficiency factors from ``Assumptions``)."""

    engine = "ideal"

    def __init__(
        self,
        spec: ModelSpec,
        prof: HardwareProfile,
        sch: Scheme,
        context: int,
        prompt: int | None,
        *,
        kv_dtype: str = "bf16",
        weight_dtype: str = "bf16",
        state_dtype: str = "fp32",
        assumptions: Assumptions = DEFAULT,
    ):
        self.dtypes = (kv_dtype, weight_dtype, state_dtype)
        self.assumptions = assumptions
        self.spec, self.prof, self.sch, self.context, self.prompt = spec, prof, sch, context, prompt
        self.shape = Shape(
            spec,
            sch,
            prof,
            weight_format(weight_dtype),
            kv_format(kv_dtype),
            STATE_FORMATS[state_dtype],
            assumptions,
            context,
            prompt,
        )
        self._est: dict[tuple[int, int, int], Estimate] = {}
        self._gen: dict[Deployment, General] = {}
        self._mb: dict[Deployment, int] = {}

    def estimate(self, tp: int, batch: int, prompt: int | None = None) -> Estimate:
        key = (tp, batch, prompt or 0)
        if key not in self._est:
            self._est[key] = estimate(
                self.spec,
                self.prof,
                self.sch,
                context=self.context,
                batch=batch,
                prompt_tokens=prompt or self.prompt,
                tp=tp,
                kv_dtype=self.dtypes[0],
                weight_dtype=self.dtypes[1],
                state_dtype=self.dtypes[2],
                assumptions=self.assumptions,
            )
        return self._est[key]

    def general(self, d: Deployment) -> General:
        if d not in self._gen:
            self._gen[d] = General(self.shape, d)
        return self._gen[d]

    def max_batch(self, d: Deployment) -> int:
        if d not in self._mb:
            if d.pure_tp:
                e = self.estimate(d.tp, 1)
                self._mb[d] = 0 if not e.fits else min(e.max_batch or MAX_BATCH, MAX_BATCH)
            else:
                g = self.general(d)
                lo, hi = 0, MAX_BATCH
                while lo < hi:
                    mid = (lo + hi + 1) // 2
                    lo, hi = (mid, hi) if g.fits(mid) else (lo, mid - 1)
                self._mb[d] = lo
        return self._mb[d]

    def weight_bytes(self, d: Deployment) -> int:
        return self.estimate(d.tp, 1).memory.weight_bytes if d.pure_tp else self.general(d).weight_bytes

    def total_bytes(self, d: Deployment) -> int:
        return self.estimate(d.tp, 1).memory.total_bytes if d.pure_tp else self.general(d).total_bytes(1)

    def kv_bytes_per_token(self) -> int:
        return self.estimate(1, 1).kv_bytes_per_token

    def tpot_s(self, d: Deployment, batch: int) -> float:
        if d.pure_tp:
            return self.estimate(d.tp, batch).decode.time_s
        return self.general(d).decode_s(batch)

    def prefill_s(self, d: Deployment, prompt: int) -> float:
        if d.pure_tp:
            return self.estimate(d.tp, 1, prompt).prefill_s
        return self.general(d).prefill_s(prompt)


def speed_model(
    engine: str, spec: ModelSpec, prof: HardwareProfile, sch: Scheme, context: int, prompt: int | None, **kw
) -> SpeedModel:
    """The speed source for ``engine`` (only "ideal", the roofline, until engine-calibrated speeds exist)."""
    if engine not in ENGINES:
        raise InputError(msg("pr.engine", engine=str(engine)[:80], known=", ".join(ENGINES)))
    return RooflineSpeed(spec, prof, sch, context, prompt, **kw)


__all__ = ["SpeedModel", "RooflineSpeed", "speed_model", "ENGINES"]
