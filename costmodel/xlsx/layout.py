"""Writing cells that print well: formats (currency and its notation per language from ``currency``), text never
a formula, column widths from the widest content (East Asian characters count double), print setup on every
sheet."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..currency import Money

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
A4 = 9


def text_width(s: str) -> int:
    """Display width of ``s`` in a spreadsheet cell (East Asian wide characters count double)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0/C1 controls but tab, LF and CR
_LINE_START = re.compile(r"(^|\r\n|\r|\n)([ \t]*)(?=[=+\-@\t\r])")  # a line whose first non-blank would run


def printable(s: str) -> str:
    """``s`` without control characters (a workbook cell shows them as _x0001_; a terminal may act on them)."""
    return _CONTROL.sub("", s)


def csv_safe(s: str) -> str:
    """A CSV field a spreadsheet never runs as a formula (OWASP CSV injection): control characters dropped and an
    apostrophe put before a leading = + - @ tab or CR, also after leading blanks and after every line break inside
    the field (LibreOffice opens a bare CR as a new row). The writer must quote fields holding CR or LF
    (``csv.writer(..., lineterminator="\r\n")`` does)."""
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2) + "'", printable(s))


@dataclass
class Sheet:
    """A worksheet plus the widest content seen per column (for widths that never print as ###)."""

    ws: Worksheet
    book: "Book"
    widths: dict[int, int] = field(default_factory=dict)
    caps: dict[int, int] = field(default_factory=dict)  # column -> max width (longer text wraps)

    @property
    def name(self) -> str:
        return str(self.ws.get_name())

    def _seen(self, col: int, width: int) -> None:
        self.widths[col] = max(self.widths.get(col, 0), width)

    def text(self, row: int, col: int, value: object, style: str = "text", measure: bool = True) -> None:
        s = "" if value is None else printable(str(value))
        self.ws.write_string(row, col, s, self.book.fmt(style))
        if measure:
            self._seen(col, max(text_width(line) for line in s.split("\n")) if s else 0)

    def number(self, row: int, col: int, value: float, style: str) -> None:
        self.ws.write_number(row, col, value, self.book.fmt(style))
        self._seen(col, len(self.book.shown(value, style)))

    def formula(self, row: int, col: int, formula: str, value: object, style: str) -> None:
        """A live formula with its Python value cached (shown before any recalculation)."""
        cached: Any = value if isinstance(value, (int, float, str)) else ""
        self.ws.write_formula(row, col, formula, self.book.fmt(style), cached)
        self._seen(
            col, len(self.book.shown(value, style)) if isinstance(value, (int, float)) else text_width(str(value))
        )

    def finish(
        self,
        landscape: bool = True,
        one_page: bool = False,
        header_rows: tuple[int, int] | None = None,
        freeze: tuple[int, int] | None = None,
    ) -> None:
        for col, w in self.widths.items():
            cap = self.caps.get(col, 70)
            self.ws.set_column(col, col, min(w + 3, cap), self.book.fmt("wrap") if w + 3 > cap else None)
        if landscape:
            self.ws.set_landscape()
        self.ws.set_paper(A4)
        self.ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        self.ws.fit_to_pages(1, 1 if one_page else 0)
        self.ws.center_horizontally()
        if header_rows:
            self.ws.repeat_rows(*header_rows)
        if freeze:
            self.ws.freeze_panes(*freeze)
        self.ws.set_footer("&L&A&R&P / &N")


class Book:
    """An XlsxWriter workbook with the kvcost formats."""

    def __init__(self, buf, money: Money | None = None, lang: str = "en"):
        self.wb = Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
        self.money = money or Money()
        self.cur = self.money.currency
        self.lang = lang
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        whole, unit_money = self.cur.excel(lang=lang), self.cur.excel(per_unit=True, lang=lang)
        spec = {
            "text": {},
            "wrap": {"text_wrap": True},
            "wrap_bold": {"text_wrap": True, "bold": True},
            "bold": {"bold": True},
            "title": {"bold": True, "font_size": 14},
            "head": {"bold": True, "bottom": 1, "text_wrap": True, "bg_color": "#DDEBF7"},
            "int": {"num_format": "#,##0", "align": "right"},
            "num1": {"num_format": "#,##0.0", "align": "right"},
            "num2": {"num_format": "#,##0.00", "align": "right"},
            "num3": {"num_format": "#,##0.000", "align": "right"},
            "num4": {"num_format": "0.0000", "align": "right"},
            "pct": {"num_format": "0.0%", "align": "right"},
            "money": {"num_format": whole, "align": "right"},
            "money_unit": {"num_format": unit_money, "align": "right"},
            "money_bold": {"num_format": whole, "bold": True, "top": 1},
            "int_edit": {"num_format": "#,##0", "bg_color": "#FFF2CC"},
            "num_edit": {"num_format": "#,##0.####", "bg_color": "#FFF2CC"},
            "money_edit": {"num_format": whole, "bg_color": "#FFF2CC"},
            "money_unit_edit": {"num_format": unit_money, "bg_color": "#FFF2CC"},
            "pct_edit": {"num_format": "0.0%", "bg_color": "#FFF2CC"},
            "text_edit": {"bg_color": "#FFF2CC"},
        }
        self._fmt = {k: self.wb.add_format({**base, **v}) for k, v in spec.items()}

    def fmt(self, style: str):
        return self._fmt[style]

    def shown(self, v: object, style: str) -> str:
        """The text a spreadsheet shows for ``v`` in ``style`` (to size the column)."""
        if not isinstance(v, (int, float)):
            return str(v)
        base = style.replace("_edit", "").replace("_bold", "")
        if base == "money":
            return self.cur.fmt(v, lang=self.lang)
        if base == "money_unit":
            return self.cur.fmt(v, per_unit=True, lang=self.lang)
        if base == "pct":
            return f"{v:.1%}"
        digits = {"int": 0, "num1": 1, "num2": 2, "num3": 3, "num4": 4, "num": 4}.get(base, 4)
        return f"{v:,.{digits}f}"

    def name(self, field: str) -> str:
        """The defined name of a money input in this workbook's currency: electricity_jpy_per_kwh in yen."""
        return field.replace("usd", "jpy") if self.money.is_jpy else field

    def cur_text(self, text: str) -> str:
        """A unit label with 'USD' written in this workbook's notation ('円/月', '$/month')."""
        return text.replace("USD", self.cur.unit(self.lang))

    def sheet(self, name: str) -> Sheet:
        return Sheet(self.wb.add_worksheet(name), self)

    def close(self) -> None:
        self.wb.close()


def col(c: int) -> str:
    """0-based column index -> Excel letters."""
    out = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        out = chr(65 + r) + out
    return out


def ref(sheet: str, row: int, c: int, absolute: bool = False) -> str:
    """'Sheet'!$C$5 style reference (0-based row and column)."""
    q = "'" + sheet.replace("'", "''") + "'"
    d = "$" if absolute else ""
    return f"{q}!{d}{col(c)}{d}{row + 1}"


__all__ = ["Book", "Sheet", "col", "ref", "csv_safe", "printable", "text_width", "DANGEROUS"]
