"""Decision tables: the columns a reader decides on stay visible in a 1280-px window, the rest is one click away.

``decision_table`` draws ``st.dataframe`` with the first column pinned, short headers whose full meaning is the
column's help text (hover), fixed widths that add up to the main area's width at 1280 px (about 820 px beside the
sidebar), and an expander underneath holding every column. Status cells (fits, pass/fail) are words on green, red or
grey pills, never an emoji alone: emoji fonts are missing on many machines.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import pandas as pd
import streamlit as st

from .labels import t

MAIN_WIDTH_PX = 800  # what the decision columns may use (the main area is ~820 px at a 1280-px window)
GOOD, BAD, NEUTRAL = "#1b7f3b", "#c62828", "#6b6b6b"  # status colours (white text on each: WCAG AA)
STATUS_COLOURS = {True: GOOD, False: BAD, None: NEUTRAL}


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


def _table(heads: Sequence[str], cells: Sequence[Sequence[Any]]) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    """(a frame of ``cells`` under ``heads``, every value as text; for each column holding a Status cell, its words
    and their colours). A status column's cells are one-word lists that ``MultiselectColumn`` draws as coloured pills:
    Streamlit colours them in the browser, where a pandas Styler had pandas translate every cell of the table on the
    server (~0.2 s for the Validation page's 630 x 15 table). A word keeps the colour of its first Status in the
    column; a plain value in a status column is grey."""
    marked = {j for j in range(len(heads)) if any(isinstance(row[j], Status) for row in cells)}
    colours: dict[int, dict[str, str]] = {j: {} for j in marked}

    def cell(j: int, v: Any) -> Any:
        if j not in marked:
            return "" if v is None else str(v)
        if v is None:
            return []
        colours[j].setdefault(str(v), STATUS_COLOURS[v.ok] if isinstance(v, Status) else NEUTRAL)
        return [str(v)]

    frame = pd.DataFrame([[cell(j, v) for j, v in enumerate(row)] for row in cells], columns=list(heads))
    return frame, {heads[j]: colours[j] for j in sorted(marked)}


def _column(head: str, status: dict[str, dict[str, str]], **kw: Any):
    """The column config of ``head``: coloured pills where it is a status column, else a plain column."""
    if head in status:
        words = status[head]
        return st.column_config.MultiselectColumn(options=list(words), color=list(words.values()), **kw)
    return st.column_config.Column(**kw)


def _draw(rows: Sequence[dict], cols: Sequence[Col], L: str, widths: bool) -> None:
    """One ``st.dataframe`` of ``rows`` (dicts keyed by column key) under translated headers."""
    heads = [c.label(L) for c in cols]
    frame, status = _table(heads, [[r.get(c.key) for c in cols] for r in rows])
    st.dataframe(frame, hide_index=True, column_config={
        h: _column(h, status, help=t(c.help, L) if c.help else None, pinned=i == 0 or None,
                   width=c.width if widths else None) for i, (h, c) in enumerate(zip(heads, cols))})


def decision_table(rows: Sequence[dict], cols: Sequence[Col], L: str, *, more: bool = True) -> None:
    """The decision columns (``Col.main``) in a table that fits 1280 px, then every column in an expander."""
    main = [c for c in cols if c.main]
    _draw(rows, main, L, True)
    if more and len(main) < len(cols):
        with st.expander(t("tbl.all_columns", L)):
            _draw(rows, cols, L, False)


def labelled_table(rows: Sequence[dict], **kw: Any) -> None:
    """A table whose rows are already keyed by translated headers: first column pinned, Status cells as coloured
    words (for tables without a decision/detail split, e.g. the claims and the cost lines)."""
    if not rows:
        return
    heads = list(rows[0])
    frame, status = _table(heads, [[r.get(h) for h in heads] for r in rows])
    st.dataframe(frame, hide_index=True, column_config={h: _column(h, status, pinned=i == 0 or None)
                                                        for i, h in enumerate(heads)}, **kw)


def main_width(cols: Sequence[Col]) -> int:
    """Pixels the decision columns ask for (tests hold it under ``MAIN_WIDTH_PX``)."""
    return sum(c.width or 0 for c in cols if c.main)


__all__ = ["Col", "Status", "decision_table", "labelled_table", "main_width", "MAIN_WIDTH_PX", "GOOD", "BAD"]
