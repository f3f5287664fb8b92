"""The attention-scheme interface.

A scheme is an attention design applied to a model's shape (``ModelSpec``). All quantities are per
decoder layer, per sequence, per GPU (``tp`` = tensor-parallel degree), in *elements* (storage
format is applied later by ``estimate``) and FLOPs (= 2 x multiply-adds). ``ctx`` may be an int or a
numpy array (the sweep evaluates whole grids); sliding-window capping is done by the caller.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any, ClassVar, Literal, cast

from ..i18n import MESSAGES, Message, msg
from ..spec import ModelSpec, ParamGroups


@lru_cache(maxsize=4096)
def _param_groups(scheme: "Scheme", spec: ModelSpec) -> ParamGroups:
    g = spec.param_groups(scheme.attn_params(spec), scheme.cross_kv_heads(spec))
    delta = scheme.extra_param_delta(spec)
    return replace(g, attention=g.attention + delta) if delta else g


class SchemeError(ValueError):
    """Bad scheme parameters or an inapplicable scheme (message is user-facing, one line)."""


def heads_per_gpu(n: int, tp: int) -> int:
    """Query (or SSM) heads one GPU holds when ``n`` heads are split over ``tp`` GPUs; ``tp`` must divide ``n``
    (vLLM asserts ``total_num_heads % tp_size == 0``, vllm/model_executor/models/llama.py LlamaAttention)."""
    if n % tp:
        raise SchemeError(msg("tp.heads", tp=tp, n=n))
    return n // tp


def kv_heads_per_gpu(n_kv: int, tp: int) -> int:
    """KV heads one GPU holds, by vLLM's rule (vllm/model_executor/models/llama.py LlamaAttention):
    ``if tp_size >= total_num_kv_heads: assert tp_size % total_num_kv_heads == 0`` (each head replicated on
    tp/n_kv GPUs, one per GPU) ``else: assert total_num_kv_heads % tp_size == 0`` (split evenly)."""
    if tp >= n_kv:
        if tp % n_kv:
            raise SchemeError(msg("tp.kv_replicate", tp=tp, n=n_kv))
        return 1
    if n_kv % tp:
        raise SchemeError(msg("tp.kv_split", tp=tp, n=n_kv))
    return n_kv // tp


Family = Literal["kv_heads", "latent", "factorized", "slim", "recurrent"]


@dataclass(frozen=True)
class Scheme:
    """One attention design applied to a model shape. Subclasses declare their traits as class attributes
    (below) and implement the cache/FLOP/parameter methods; adding a scheme = one module here, one line in
    ``schemes/__init__.py`` (``SCHEMES``) and its messages (README "Adding a scheme")."""

    key: ClassVar[str]
    label: ClassVar[str]
    citation: ClassVar[str]
    training: ClassVar[str]  # what it takes to use (a Message): "none", "conversion + fine-tune", "pre-training"
    effort: ClassVar[str]  # the same in a word or two (a Message), for table cells: none / uptraining / pre-training
    family: ClassVar[Family]  # kv_heads: per-head K/V rows split with the KV heads under TP (MHA/GQA/MQA)
    exact: ClassVar[bool] = False  # output identical to its source attention (no accuracy change)
    options_exact: ClassVar[bool] = False  # the options only reorder the computation (MLA naive = absorbed)
    options: ClassVar[tuple[str, ...]] = ("default",)
    windowed: ClassVar[bool] = True  # cache is capped by sliding-window layers
    replicated_options: ClassVar[tuple[str, ...]] = ()  # options whose cache rows every TP rank holds whole
    alternative_rank: ClassVar[int | None] = None  # order among the schemes "what would make it fit" offers
    needs_pretraining: ClassVar[bool] = False  # cannot be obtained from a trained model by conversion
    # the paper's headline reduction: (key of the scheme it is measured against, message key); Compare notes it
    # when the user's baseline is another scheme (e.g. TPA's "10x smaller" is against MHA, not GQA)
    headline: ClassVar[tuple[str, str] | None] = None
    option: str = "default"

    def __post_init__(self) -> None:
        if self.option not in self.options:
            raise SchemeError(msg("sch.bad_option", scheme=self.key, options=", ".join(self.options),
                                  value=self.option))

    @property
    def requirement(self) -> str:
        """What it takes to use this scheme with these options (a Message); the class's ``training`` unless an
        option changes it (TransMLA's equal-cache conversion)."""
        return self.training

    @property
    def replicated_under_tp(self) -> bool:
        """True when every tensor-parallel rank holds the whole cache row (MLA latent, slim K)."""
        return self.option in self.replicated_options

    # ---- applicability ----
    def reason_not_applicable(self, spec: ModelSpec) -> str | None:
        """None when the scheme applies to ``spec``; else a one-line reason (an ``i18n.Message``)."""
        return None

    def check(self, spec: ModelSpec) -> None:
        reason = self.reason_not_applicable(spec)
        if reason:
            raise SchemeError(msg("sch.not_applicable", scheme=self.describe(spec), model=spec.name, reason=reason))

    def check_tp(self, spec: ModelSpec, tp: int) -> None:
        """Raise SchemeError (one line, naming the numbers) when ``tp`` GPUs cannot split this attention:
        the query heads must divide by ``tp`` and the cached heads follow ``kv_heads_per_gpu``."""
        heads_per_gpu(spec.n_heads, tp)
        self.cache_rows(spec, tp)
        self.ctx_flops_coef(spec, tp)

    # ---- cache layout (elements) ----
    def cache_rows(self, spec: ModelSpec, tp: int = 1) -> tuple[int, ...]:
        """Elements cached per token, one entry per cache tensor row."""
        raise NotImplementedError

    def cross_rows(self, spec: ModelSpec, tp: int = 1) -> tuple[int, ...]:
        """Encoder-decoder only: elements cached per encoder token for cross-attention."""
        return self.cache_rows(spec, tp) if spec.arch == "encoder-decoder" else ()

    def shared_rows(self, spec: ModelSpec, tp: int = 1) -> tuple[int, int]:
        """Per-sequence rows shared by all layers, as (rows, elements per row): slim option 2 keeps the
        encoder output E (encoder tokens x d_model)."""
        return (0, 0)

    def state_elems(self, spec: ModelSpec, ctx, tp: int = 1):
        """Recurrent state per layer (linear / log-linear attention); 0 for softmax schemes."""
        return 0

    # ---- decode cost of one new token ----
    def ctx_flops_coef(self, spec: ModelSpec, tp: int = 1) -> int:
        """Attention FLOPs per cached token (decode), so decode_flops = coef * ctx."""
        raise NotImplementedError

    def decode_flops(self, spec: ModelSpec, ctx, tp: int = 1):
        return self.ctx_flops_coef(spec, tp) * ctx

    def cross_decode_flops(self, spec: ModelSpec, tp: int = 1) -> int:
        return self.ctx_flops_coef(spec, tp) * spec.encoder_seq_len if spec.arch == "encoder-decoder" else 0

    # ---- prefill ----
    def prefill_coef(self, spec: ModelSpec, tp: int = 1) -> int:
        """FLOPs per (query, key) pair during prefill; defaults to the decode coefficient."""
        return self.ctx_flops_coef(spec, tp)

    def prefill_flops(self, spec: ModelSpec, n_tokens, ctx_sum, tp: int = 1):
        """Attention FLOPs for a prompt: ``ctx_sum`` = sum over queries of keys attended."""
        return self.prefill_coef(spec, tp) * ctx_sum

    # ---- parameters ----
    def attn_params(self, spec: ModelSpec) -> int:
        """Self-attention parameters of one decoder layer under this scheme."""
        raise NotImplementedError

    def cross_kv_heads(self, spec: ModelSpec) -> int:
        """K/V heads of cross-attention (encoder-decoder) under this scheme."""
        return spec.n_heads

    def param_groups(self, spec: ModelSpec) -> ParamGroups:
        """All parameters by module group with this scheme's attention (extra deltas count as attention).
        Computed once per (scheme, model): both are frozen, and estimate, sweep and serving ask many times."""
        return _param_groups(self, cast(Any, spec))  # pydantic's frozen models hash by value

    def total_params(self, spec: ModelSpec) -> int:
        """All parameters of the model with this scheme's attention (every MoE expert counted)."""
        return self.param_groups(spec).total

    def param_delta(self, spec: ModelSpec) -> int:
        """Change in total parameters against the model's native attention."""
        return self.total_params(spec) - spec.total_params()

    def extra_param_delta(self, spec: ModelSpec) -> int:
        return 0

    def decode_skipped_params(self, spec: ModelSpec) -> int:
        """Parameters not read per decoded token (enc-dec: the encoder, and the cross K/V projections
        whose outputs are cached). Schemes that recompute cross K/V subtract less."""
        if spec.arch != "encoder-decoder":
            return 0
        g = self.cross_kv_heads(spec)
        return spec.encoder_params() + spec.n_layers * spec.d_model * g * (spec.head_dim + spec.v_head_dim)

    # ---- text ----
    def params_text(self) -> str:
        vals = [f"{f.name}={getattr(self, f.name)}" for f in fields(self) if f.name != "option"]
        return ", ".join(vals)

    @property
    def name(self) -> Message:
        """The label as a message (English: ``label``; other languages from the ``schemes`` catalogue)."""
        return msg(f"sch.label.{self.key}")

    def option_name(self) -> Message | str:
        """The option in words ('absorbed' / '吸収版'); the option itself where no word is catalogued."""
        key = f"sch.opt.{self.key}.{self.option}"
        return msg(key) if key in MESSAGES else self.option

    def params_msg(self) -> Message | None:
        """``params_text`` as a message: names stay (config identifiers), word values are translated."""
        items = [msg("sch.param", name=param_name(f.name), value=param_value(getattr(self, f.name)))
                 for f in fields(self) if f.name != "option"]
        return chain(items, "sch.comma") if items else None

    def describe(self, spec: ModelSpec | None = None) -> Message:
        """Display name (a Message: English 'MLA (absorbed; d_c=512, d_R=64)', rendered per language by ``tr``);
        equal to the English string, so code comparing scheme names is unaffected."""
        extra: list = [self.option_name()] if self.option != "default" else []
        params = self.params_msg()
        if params is not None:
            extra.append(params)
        return msg("sch.with", label=self.name, extra=chain(extra, "sch.semicolon")) if extra else self.name

    def token(self) -> str:
        """Round-trippable CLI/URL form, e.g. 'mla:absorbed' or 'tpa:r_q=6,r_k=2,r_v=2'."""
        parts = [self.option] if self.option != "default" else []
        parts += [f"{f.name}={getattr(self, f.name)}" for f in fields(self)
                  if f.name != "option" and getattr(self, f.name) != f.default]
        return self.key + (":" + ",".join(parts) if parts else "")


def param_name(name: str):
    """A parameter's name: a config identifier as it is, a word (order) from the catalogue."""
    key = f"sch.pname.{name}"
    return msg(key) if key in MESSAGES else name


def param_value(v) -> object:
    """A parameter value for a display name: words ('optimized', None) as messages, numbers as they are."""
    key = f"sch.val.{v}"
    return msg(key) if (v is None or isinstance(v, str)) and key in MESSAGES else v


def chain(items: list, sep_key: str):
    """Items joined by the separator message ``sep_key`` ('{a}; {b}'), each rendered in the reader's language."""
    out = items[0]
    for x in items[1:]:
        out = msg(sep_key, a=out, b=x)
    return out
