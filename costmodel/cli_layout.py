"""The command line's text layout: ``Grid`` (one table) and ``Doc`` (title, tables, notes), laid out with rich.

On a terminal: box-drawn header rule and colours (``NO_COLOR`` honoured), as wide as the terminal; otherwise plain
aligned text without escape codes, at most 200 columns. Numbers never wrap or truncate: a table that cannot fit is
laid out wider than asked. The builders of each command's document: cli_tables.py (estimate, compare) and
cli_lists.py (list).
"""
from __future__ import annotations

import io
import shutil
from dataclasses import dataclass, field
from typing import Sequence

from rich import box
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from .units import fmt_both

PLAIN_WIDTH = 200  # columns of plain text (not a terminal): every table but list schemes keeps a row on one line
SIG = 3  # significant digits of sizes
_PLAIN_BOX = box.Box("    \n    \n -- \n    \n    \n -- \n    \n    \n", ascii=True)


TEXT_MAX = 44  # columns of a text column (names, training needed) before it wraps
HEADER_MIN = 12  # a header this short stays on one line even above narrower values


def _width(cell) -> int:
    return (Text(cell) if isinstance(cell, str) else cell).cell_len


def _longest_word(cell) -> int:
    return max((Text(w).cell_len for w in str(cell).split()), default=1)


@dataclass
class Grid:
    """A table: header cells, rows of cells (str or styled Text), and which columns hold numbers.

    A number or value column (``numeric``: right-aligned; ``keep``: left-aligned, e.g. '85.9 GB (80.0 GiB)') has a
    fixed width, its widest cell, so a value is never wrapped or cut. A text column (names, training needed) is at
    most TEXT_MAX wide and wraps between words when the table must be narrower. Headers wrap inside their column."""

    headers: Sequence[str]
    rows: list[list[str | Text]]
    numeric: frozenset[int] = frozenset()
    keep: frozenset[int] = frozenset()

    def table(self, tty: bool) -> Table:
        t = Table(box=box.SIMPLE_HEAD if tty else _PLAIN_BOX, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0),
                  header_style="bold" if tty else "")
        for i, h in enumerate(self.headers):
            cells = [r[i] for r in self.rows]
            header = max(_longest_word(h), min(Text(h).cell_len, HEADER_MIN))
            if i in self.numeric or i in self.keep:
                width = max(max((_width(c) for c in cells), default=1), header)
                t.add_column(Text(h), justify="right" if i in self.numeric else "left", width=width)
            else:
                word = max([_longest_word(c) for c in cells] + [header])
                t.add_column(Text(h), min_width=word, max_width=max(TEXT_MAX, word), overflow="fold")
        for r in self.rows:
            t.add_row(*(Text(c) if isinstance(c, str) else c for c in r))
        return t


@dataclass
class Doc:
    """A printable document: a title, tables and notes, laid out for a terminal or as plain text."""

    title: str = ""
    grids: list[Grid] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def text(self, tty: bool, width: int | None = None) -> str:
        """The document laid out for a terminal (``tty``: colours, terminal width) or as plain text. A table that
        cannot be that narrow without cutting a value or a word is laid out as narrow as it can be instead."""
        target = width or (shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns if tty else PLAIN_WIDTH)
        tables = [g.table(tty) for g in self.grids]
        probe = Console(file=io.StringIO(), width=10_000, color_system=None, legacy_windows=False)
        need = max((Measurement.get(probe, probe.options, t).minimum for t in tables), default=0)
        buf = io.StringIO()
        con = Console(file=buf, width=max(target, need), force_terminal=tty, color_system="standard" if tty else None,
                      no_color=None if tty else True, highlight=False, markup=False, emoji=False,
                      legacy_windows=False, force_jupyter=False, force_interactive=False)
        if self.title:
            con.print(Text(self.title, style="bold"), soft_wrap=True)
        for t in tables:
            con.print(t)
        for n in self.notes:  # wrapped between words at the width (a terminal's, or 80 for a narrow one)
            con.print(Text(n))
        return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


def size(n: float) -> str:
    """A size in both units at SIG significant digits: '85.9 GB (80.0 GiB)'."""
    return fmt_both(n, sig=SIG)


__all__ = ["Doc", "Grid", "PLAIN_WIDTH", "SIG", "size"]
