"""Validation of the kvcost cost model against real torch runs (GitHub issue #3).

``python -m validation [--device cpu|cuda] [--quick] [--out FILE.json]`` runs four sections and writes one
results JSON (see ``validation.run``):

* equivalence: exact rewrites give the same output as their reference (slim = MHA, absorbed MLA = naive MLA,
  TPA factors = materialized K/V, recurrent = parallel for linear / log-linear attention, GQA -> MLA at full
  rank = GQA, cached decode = full causal pass);
* cache_bytes: bytes held by real cache tensors == ``CacheLayout.seq_bytes`` to the byte (plus parameter
  counts == ``Scheme.attn_params``);
* timing: measured decode-step time of one attention layer vs the roofline of ``attention_layer_step``;
* claims: published numbers recomputed by ``costmodel.claims``.

This package must stay importable without torch: only the submodules that run torch code import it, and
``validation.results`` (used by the UI) is pure json.
"""
