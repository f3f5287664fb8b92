"""Decision tables: the columns a reader decides on stay visible in a 1280-px window, the rest is one click away.

``decision_table`` draws ``st.dataframe`` with the first column pinned, short headers whose full meaning is the
column's help text (hover), fixed widths that add up to the main area's width at 1280 px (about 820 px beside the
sidebar), and an expander underneath holding every column. Status cells (fits, pass/fail) are words coloured green
or red, never an emoji alone: emoji fonts are missing on many machines.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import pandas as pd
import streamlit as st

from .labels import t

MAIN_WIDTH_PX = 800  # what the decision columns may use (the main area is ~820 px at a 1280-px window)
GOOD, BAD, NEUTRAL = "#1b7f3b", "#c62828", "#6b6b6b"  # status colours (WCAG AA on white)


@dataclass(frozen=True)
class Status:
    """A status cell: its text and whether it is good (green), bad (red) or neither (None: grey)."""

    text: str
    ok: bool | None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Col:
    """A column: its label key, the label key of its help text, its width in the decision table (pixels) and
    whether it is a decision column (shown in the main table) or only under "all columns"."""

    key: str
    help: str | None = None
    width: int | None = None
    main: bool = True
    text: str | None = None  # a literal header (a scheme name) instead of the label ``key``

    def label(self, L: str) -> str:
        return self.text if self.text is not None else t(self.key, L)


def _css(v: Any) -> str:
    if isinstance(v, Status):
        return f"color: {GOOD if v.ok else BAD if v.ok is False else NEUTRAL}; font-weight: 600"
    return ""


def _styled(heads: Sequence[str], cells: Sequence[Sequence[Any]]):
    """A frame of ``cells`` under ``heads``, every value as text; Status cells coloured (a pandas Styler, only when
    the table has a Status cell: Streamlit renders a Styler cell by cell, ~0.1-0.2 s for a plain table)."""
    text = pd.DataFrame([["" if v is None else str(v) for v in row] for row in cells], columns=list(heads))
    coloured = [j for j in range(len(heads)) if any(isinstance(row[j], Status) for row in cells)]
    if not coloured:
        return text
    css = pd.DataFrame([[_css(row[j]) for j in coloured] for row in cells], columns=[heads[j] for j in coloured])
    return text.style.apply(lambda _: css, axis=None, subset=list(css.columns))  # the status columns only


def _frame(rows: Sequence[dict], cols: Sequence[Col], L: str):
    """A frame of ``rows`` (dicts keyed by column key) with translated headers; Status cells become their text,
    coloured."""
    return _styled([c.label(L) for c in cols], [[r.get(c.key) for c in cols] for r in rows])


def _config(cols: Sequence[Col], L: str, widths: bool) -> dict:
    return {c.label(L): st.column_config.Column(help=t(c.help, L) if c.help else None, pinned=i == 0 or None,
                                                 width=c.width if widths else None)
            for i, c in enumerate(cols)}


def decision_table(rows: Sequence[dict], cols: Sequence[Col], L: str, *, more: bool = True) -> None:
    """The decision columns (``Col.main``) in a table that fits 1280 px, then every column in an expander."""
    main = [c for c in cols if c.main]
    st.dataframe(_frame(rows, main, L), hide_index=True, column_config=_config(main, L, True))
    if more and len(main) < len(cols):
        with st.expander(t("tbl.all_columns", L)):
            st.dataframe(_frame(rows, cols, L), hide_index=True, column_config=_config(cols, L, False))


def labelled_table(rows: Sequence[dict], **kw: Any) -> None:
    """A table whose rows are already keyed by translated headers: first column pinned, Status cells as coloured
    words (for tables without a decision/detail split, e.g. the claims and the cost lines)."""
    if not rows:
        return
    heads = list(rows[0])
    st.dataframe(_styled(heads, [[r.get(h) for h in heads] for r in rows]), hide_index=True,
                 column_config={heads[0]: st.column_config.Column(pinned=True)}, **kw)


def main_width(cols: Sequence[Col]) -> int:
    """Pixels the decision columns ask for (tests hold it under ``MAIN_WIDTH_PX``)."""
    return sum(c.width or 0 for c in cols if c.main)


__all__ = ["Col", "Status", "decision_table", "labelled_table", "main_width", "MAIN_WIDTH_PX", "GOOD", "BAD"]
