"""The one skeleton of the model pages (Fit, Compare, Roofline, Claims check): URL state, title and intro,
model and workload inputs, assumptions, results, share link. A page supplies its own extra inputs and its
results; everything else is drawn here in the same order on every page."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import streamlit as st

from costmodel import DEFAULT_ASSUMPTIONS, Assumptions, ModelSpec

from . import model_input, state, workload_input
from .workload_input import Workload


@dataclass(frozen=True)
class PageInputs:
    """What the standard form produced, each input parsed once into its typed value."""

    spec: ModelSpec
    workload: Workload
    assumptions: Assumptions
    lang: str


def model_page(page: str, prefix: str, params: Sequence[state.Param], results: Callable[[PageInputs, Any], None], *,
               scheme: bool = True, assumptions: bool = True,
               extra: Callable[[str, ModelSpec | None], Any] | None = None,
               before: Callable[[str], None] | None = None, after: Callable[[str], None] | None = None) -> None:
    """Draw a model page. ``extra(lang, spec)`` draws page-specific inputs under the workload inputs and returns their
    values (passed to ``results``); it gets the language and the model (None after an error). ``before``/``after``
    draw sections above the form / below the results."""
    L = state.open_page(page, params, prefix)
    if before:
        before(L)
    left, right = st.columns([2, 3])
    with left:
        spec = model_input.model_picker(page)
    with right:
        wl = workload_input.workload_inputs(page, spec, scheme=scheme)
        extras = extra(L, spec) if extra else None
    a = workload_input.assumptions_editor(page) if assumptions else DEFAULT_ASSUMPTIONS
    query = state.publish(page, params, skip=model_input.model_url_skip(page))
    if spec is not None and wl is not None and a is not None:
        results(PageInputs(spec, wl, a, L), extras)
    if after:
        after(L)
    state.link_hint(query)


__all__ = ["PageInputs", "model_page"]
