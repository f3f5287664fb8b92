"""Where the optimizer gets its speeds: ONE protocol, two implementations.

``SpeedModel`` answers, for a deployment: the most sequences a replica holds (memory), the time per output
token at a batch, and the time to prefill one prompt. ``RooflineSpeed`` (engine "ideal") takes pure-TP
deployments from ``estimate.estimate`` and PP / EP / DP-attention deployments from the same roofline terms split
by placement (``roofline_dp.General``). ``EngineSpeed`` (engines "vllm", "trtllm", "sglang", "llamacpp": the
profiles in ``engine_profiles/``) takes pure-TP deployments from ``estimate(engine=...)`` and the engine's KV-pool
policy (``serving.kv_limit``); the engine profiles are calibrated on tensor-parallel measurements only, so PP /
EP / DP-attention deployments are not offered with an engine (their max batch is 0).
"""

from __future__ import annotations

from typing import Protocol

from ..assumptions import DEFAULT, Assumptions
from ..dtypes import STATE_FORMATS, kv_format, weight_format
from ..engines import engine_ids, get_engine
from ..estimate import MAX_BATCH, InputError, estimate
from ..estimate_result import Estimate
from ..hardware import HardwareProfile
from ..i18n import msg
from ..schemes import Scheme
from ..spec import ModelSpec
from .deploy import Deployment
from .roofline_dp import General, Shape

ENGINES = tuple(engine_ids())


class SpeedModel(Protocol):
    """Where the optimizer's speeds come from (the one place to swap the time model)."""

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
                engine=self.engine,
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


class EngineSpeed(RooflineSpeed):
    """A calibrated engine (``engine_profiles/<id>.toml``) on pure-TP deployments: decode steps and prefill from
    ``estimate(engine=...)``, at most as many sequences as both kvcost's memory fit and the engine's KV pool hold."""

    def __init__(self, engine: str, *args, **kw):
        self.engine = get_engine(engine).id
        super().__init__(*args, **kw)

    def max_batch(self, d: Deployment) -> int:
        if not d.pure_tp:
            return 0  # the profiles are calibrated on tensor-parallel runs only
        if d not in self._mb:
            from ..memory import CacheLayout, weight_bytes
            from ..serving import kv_limit

            fit = super().max_batch(d)
            kfmt, sfmt = kv_format(self.dtypes[0]), STATE_FORMATS[self.dtypes[2]]
            layout = CacheLayout.build(self.spec, self.sch, kfmt, sfmt, d.tp)
            wfmt = self.shape.wfmt
            pool = kv_limit(get_engine(self.engine), layout, weight_bytes(self.spec, self.sch, wfmt, d.tp), self.prof,
                            self.context, 0, 1, self.assumptions)
            self._mb[d] = min(fit, MAX_BATCH if pool is None else pool)
        return self._mb[d]

    def tpot_s(self, d: Deployment, batch: int) -> float:
        return self.estimate(d.tp, batch).tpot_s

    def prefill_s(self, d: Deployment, prompt: int) -> float:
        return self.estimate(d.tp, 1, prompt).prefill_s


def speed_model(
    engine: str, spec: ModelSpec, prof: HardwareProfile, sch: Scheme, context: int, prompt: int | None, **kw
) -> SpeedModel:
    """The speed source for ``engine``: "ideal" (the roofline) or a calibrated engine profile."""
    if engine not in ENGINES:
        raise InputError(msg("pr.engine", engine=str(engine)[:80], known=", ".join(ENGINES)))
    if engine == "ideal":
        return RooflineSpeed(spec, prof, sch, context, prompt, **kw)
    return EngineSpeed(engine, spec, prof, sch, context, prompt, **kw)


__all__ = ["SpeedModel", "RooflineSpeed", "EngineSpeed", "speed_model", "ENGINES"]
