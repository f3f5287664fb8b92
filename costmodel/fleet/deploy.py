"""One way to deploy a model replica, and every such way the optimizer searches.

A replica has ``pp`` pipeline stages; each stage is ``width`` GPUs = max(tp, ep):
* ``tp`` GPUs (within the fast-link domain) split attention (unless ``dp_attn``) and the dense layers;
* MoE experts are either sliced over the ``tp`` GPUs (``ep`` = 1) or placed whole, E/ep per GPU, over ``ep``
  GPUs (expert parallelism; ``ep`` may span servers, then each ``tp`` group serves its own sequences);
* ``dp_attn``: inside a ``tp`` group each GPU holds whole attention weights and the whole caches of its own
  sequences instead of splitting heads (DP attention, as SGLang and TensorRT-LLM serve DeepSeek's MLA).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..hardware import HardwareProfile
from ..schemes import Scheme, SchemeError
from ..spec import ModelSpec

PP_CHOICES = (1, 2, 3, 4, 6, 8, 12, 16)
MAX_REPLICA_GPUS = 128


@dataclass(frozen=True)
class Deployment:
    """One way to run a replica: GPU type, tensor/pipeline/expert parallelism, DP attention."""

    gpu: str  # hardware profile id
    tp: int
    pp: int = 1
    ep: int = 1
    dp_attn: bool = False

    @property
    def width(self) -> int:
        """GPUs per pipeline stage."""
        return max(self.tp, self.ep)

    @property
    def gpus(self) -> int:
        """GPUs per replica."""
        return self.width * self.pp

    @property
    def pure_tp(self) -> bool:
        return self.pp == 1 and self.ep == 1 and not self.dp_attn

    def servers(self, replicas: int, per_server: int) -> int:
        """Whole servers (chassis) for ``replicas``: small replicas share a server, big ones span several."""
        n = self.gpus
        if n <= per_server:
            return -(-replicas // (per_server // n))
        return replicas * -(-n // per_server)

    def spans_servers(self, per_server: int) -> bool:
        return self.gpus > per_server

    def label(self) -> str:
        extra = ([f"EP{self.ep}"] if self.ep > 1 else []) + (["DP-attn"] if self.dp_attn else [])
        return f"TP{self.tp}" + (f" x PP{self.pp}" if self.pp > 1 else "") + (f" ({', '.join(extra)})" if extra else "")


def dp_attention_helps(spec: ModelSpec, sch: Scheme, tp: int) -> bool:
    """DP attention is offered where TP would replicate the cache: MLA/slim latents, or more GPUs than KV heads."""
    return tp > 1 and (sch.replicated_under_tp or (sch.family == "kv_heads" and tp > spec.n_kv_heads))


def splits(spec: ModelSpec, sch: Scheme, tp: int) -> bool:
    """Whether ``tp`` GPUs can split the model's heads (vLLM's rule, ``schemes.base.heads_per_gpu`` /
    ``kv_heads_per_gpu``): a TP that cannot is not a deployment (Falcon-7B's 71 heads admit TP1 only)."""
    try:
        sch.cache_rows(spec, tp)
        sch.ctx_flops_coef(spec, tp)
    except SchemeError:
        return False
    return True


def candidates(
    spec: ModelSpec, sch: Scheme, prof: HardwareProfile, tp: int | None = None, pp: int | None = None
) -> list[Deployment]:
    """Every deployment searched: TP (powers of two within the fast-link domain, or just ``tp``) x PP (or just
    ``pp``) x EP x DP attention. Encoder-decoder models: TP only."""
    dom, per_server = prof.nvlink_domain, prof.n_per_server
    tps = [tp] if tp else [2**i for i in range(8) if 2**i <= dom]
    out: list[Deployment] = []
    for t in tps:
        if not splits(spec, sch, t):
            continue
        if spec.arch == "encoder-decoder":
            out.append(Deployment(prof.id, t, pp or 1))
            continue
        dps = (False, True) if dp_attention_helps(spec, sch, t) else (False,)
        eps = [1]
        if spec.is_moe:
            eps += [
                t * k
                for k in (1, 2, 4, 8, 16)
                if t * k > 1 and t * k <= MAX_REPLICA_GPUS and (k == 1 or (t * k) % min(per_server, t * k) == 0)
            ]
        for ep in eps:
            for dp in dps:
                for p in ((pp,) if pp else PP_CHOICES) if ep <= t else (1,):
                    d = Deployment(prof.id, t, p, ep, dp)
                    if d.gpus <= MAX_REPLICA_GPUS:
                        out.append(d)
    return out


__all__ = ["Deployment", "candidates", "dp_attention_helps", "splits", "PP_CHOICES"]
