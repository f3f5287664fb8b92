"""The generic "does it fit?" question -- does model X with scheme Y fit GPU Z at N tokens? -- answered from
``estimate`` with a one-line verdict (``check_claim``), and the preloaded examples the Claims page offers (the source
articles' consumer-GPU statements and other common questions; each statement is the message ``ex.<id>``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .estimate import estimate
from .estimate_result import Estimate
from .i18n import exc_text, msg
from .schemes import NATIVE, SchemeError
from .spec import ModelSpec
from .units import fmt_both

if TYPE_CHECKING:
    from .hardware import HardwareProfile


@dataclass(frozen=True)
class ClaimCheck:
    """Answer to "does ``model`` with ``scheme`` fit ``tp`` x ``gpu`` at ``context`` x ``batch``?".

    ``applicable`` is None when the inputs are invalid (then ``error`` says why), False when the scheme does not
    apply to the model (``reason``); otherwise ``estimate`` holds the numbers (memory per GPU)."""

    model: str
    gpu: str
    scheme: str
    context: int
    batch: int
    kv_dtype: str
    weight_dtype: str
    tp: int
    applicable: bool | None
    verdict: str  # one line (a Message)
    estimate: Estimate | None = None
    reason: str | None = None  # why the scheme does not apply (a Message)
    error: str | None = None  # why the inputs are invalid (a Message)

    @property
    def fits(self) -> bool | None:
        """True/False; None when the inputs are invalid."""
        if self.applicable is None:
            return None
        return bool(self.estimate is not None and self.estimate.fits)


def check_claim(model: str | ModelSpec, gpu: "str | HardwareProfile", scheme: str | None, context: int,
                kv_dtype: str = "bf16", batch: int = 1, weight_dtype: str = "bf16", tp: int = 1) -> ClaimCheck:
    """Does ``model`` with ``scheme`` (None or "native": the model's own) fit ``tp`` x ``gpu`` at ``context``
    tokens x ``batch``? An inapplicable scheme answers False with the reason; invalid input answers None."""
    from . import USER_ERRORS  # late: the package imports this module's dependencies first

    base: dict[str, Any] = dict(model=model if isinstance(model, str) else model.name,
                gpu=gpu if isinstance(gpu, str) else gpu.name, scheme=scheme or NATIVE, context=context,
                batch=batch, kv_dtype=kv_dtype, weight_dtype=weight_dtype, tp=tp)
    try:
        est = estimate(model, gpu, scheme, context=context, batch=batch, kv_dtype=kv_dtype,
                       weight_dtype=weight_dtype, tp=tp)
    except SchemeError as exc:
        reason = exc_text(exc)
        return ClaimCheck(**base, applicable=False, verdict=msg("verdict.not_applicable", reason=reason),
                          reason=reason)
    except USER_ERRORS as exc:
        error = exc_text(exc)
        return ClaimCheck(**base, applicable=None, verdict=msg("verdict.error", error=error), error=error)
    m = est.memory
    gb = fmt_both  # "150.19 GB (139.88 GiB)": both units, as everywhere in kvcost
    if m.fits:
        verdict = msg("verdict.fits", total=gb(m.total_bytes), cap=gb(m.capacity_bytes), free=gb(m.headroom_bytes),
                      rate=est.decode_tokens_per_s)
    elif m.weight_bytes > m.capacity_bytes:
        verdict = msg("verdict.weights", weights=gb(m.weight_bytes), cap=gb(m.capacity_bytes))
    else:
        verdict = msg("verdict.no_fit", total=gb(m.total_bytes), kv=gb(m.kv_bytes), cap=gb(m.capacity_bytes))
    return ClaimCheck(**{**base, "model": est.model, "gpu": est.gpu, "scheme": est.scheme}, applicable=True,
                      verdict=verdict, estimate=est)


@dataclass(frozen=True)
class ExampleClaim:
    """A preloaded "does it fit?" question; its statement is the message ``ex.<id>``."""

    id: str
    model: str
    gpu: str
    scheme: str | None
    context: int
    kv_dtype: str = "bf16"
    batch: int = 1
    weight_dtype: str = "bf16"
    tp: int = 1

    @property
    def statement(self) -> str:
        return msg(f"ex.{self.id}")

    def check(self) -> ClaimCheck:
        return check_claim(self.model, self.gpu, self.scheme, self.context, self.kv_dtype, self.batch,
                           self.weight_dtype, self.tp)


_EXAMPLES = [  # (id, check_claim arguments); statements are the messages ex.<id>
    ("qwen72b-mla-rtx4070-8k", {"model": "qwen2.5-72b", "gpu": "rtx-4070", "scheme": "mla", "context": 8192}),
    # the MLA article's consumer claims with a consumer weight format (int4), not BF16
    ("qwen72b-mla-int4-rtx4070-8k", {"model": "qwen2.5-72b", "gpu": "rtx-4070", "scheme": "mla", "context": 8192,
                                     "weight_dtype": "int4"}),
    ("llama3-70b-mla-int4-rtx4080-8k", {"model": "llama-3-70b", "gpu": "rtx-4080", "scheme": "mla", "context": 8192,
                                        "weight_dtype": "int4"}),
    ("llama31-8b-int4-rtx4060-8k", {"model": "llama-3.1-8b", "gpu": "rtx-4060", "scheme": None, "context": 8192,
                                    "weight_dtype": "int4"}),
    ("llama65b-int8-512k-h100", {"model": "llama-65b", "gpu": "h100-sxm-80gb", "scheme": None, "context": 524_288,
                                 "kv_dtype": "int8", "weight_dtype": "int8"}),
    ("dsv3-fp8-128k-8xh200", {"model": "deepseek-v3", "gpu": "h200-sxm-141gb", "scheme": None, "context": 131_072,
                              "kv_dtype": "fp8", "weight_dtype": "fp8", "tp": 8}),
    ("llama3-70b-bf16-1xh100", {"model": "llama-3-70b", "gpu": "h100-sxm-80gb", "scheme": None, "context": 8192}),
    ("llama3-70b-bf16-2xh100", {"model": "llama-3-70b", "gpu": "h100-sxm-80gb", "scheme": None, "context": 8192,
                                "tp": 2}),
    ("llama31-8b-128k-rtx4090", {"model": "llama-3.1-8b", "gpu": "rtx-4090", "scheme": None, "context": 131_072,
                                 "kv_dtype": "int8", "weight_dtype": "int4"}),
    ("mistral7b-32k-rtx4070", {"model": "mistral-7b-v0.1", "gpu": "rtx-4070", "scheme": None, "context": 32_768,
                               "weight_dtype": "int4"}),
    ("phi3-128k-fp8-rtx4090-mha", {"model": "phi-3-mini-128k", "gpu": "rtx-4090", "scheme": None, "context": 131_072,
                                   "kv_dtype": "fp8"}),
    ("phi3-128k-fp8-rtx4090-slim", {"model": "phi-3-mini-128k", "gpu": "rtx-4090", "scheme": "slim:1",
                                    "context": 131_072, "kv_dtype": "fp8"}),
    ("llama2-7b-64x4k-a100", {"model": "llama-2-7b", "gpu": "a100-sxm-80gb", "scheme": None, "context": 4096,
                              "batch": 64}),
    ("llama2-7b-transmla-64x4k-a100", {"model": "llama-2-7b", "gpu": "a100-sxm-80gb", "scheme": "transmla",
                                       "context": 4096, "batch": 64}),
]
EXAMPLE_CLAIMS: list[ExampleClaim] = [ExampleClaim(cid, **args) for cid, args in _EXAMPLES]


def evaluate_examples() -> dict[str, ClaimCheck]:
    """``check_claim`` for each of ``EXAMPLE_CLAIMS``, by example id."""
    return {ex.id: ex.check() for ex in EXAMPLE_CLAIMS}


__all__ = ["EXAMPLE_CLAIMS", "ClaimCheck", "ExampleClaim", "check_claim", "evaluate_examples"]
