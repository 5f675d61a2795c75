"""How the written workbooks look: column widths, number formats, frozen
header rows, a "how to use this sheet" note, and charts.

The engine knows nothing of this; :mod:`sheetgd.io.xlsx_write` applies it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.refs import col_to_letters, letters_to_col


@dataclass
class Series:
    name: str
    sheet: str
    col: int  # 1-based
    first: int
    last: int


@dataclass
class Chart:
    title: str
    anchor: str  # top-left cell
    categories: Series
    series: list[Series]
    y_title: str = "error"
    log_y: bool = False


@dataclass
class SheetStyle:
    widths: dict[str, float] = field(default_factory=dict)  # "A:C" or "D" -> width
    freeze: tuple[int, int] | None = None  # (rows, cols) kept in view
    bold_rows: tuple = ()
    number_formats: dict[str, str] = field(default_factory=dict)  # column letter -> format
    note: tuple[str, str] | None = None  # (cell, text): how to use this sheet
    charts: list[Chart] = field(default_factory=list)

    def format_of(self, col: int) -> str | None:
        return self.number_formats.get(col_to_letters(col))


NUMBER = "0.0000"
COUNT = "0"


def history_chart(sheet: str, col: int, first: int, last: int, anchor: str,
                  title: str | None = None) -> Chart:
    """A line chart of a history block's error column against its epochs."""
    return Chart(title or f"{sheet}: error per epoch", anchor,
                 Series("epoch", sheet, col, first, last),
                 [Series(sheet, sheet, col + 3, first, last)])


def optimiser_style(kind: str, history_col: int, note: str, rows_shown: int,
                    state_cols: str = "") -> SheetStyle:
    """Widths, formats and the error chart of one optimiser sheet."""
    formats = {c: NUMBER for c in "CDEFGHIKLMNO"}
    formats.update({"A": "General", "B": "General"})
    hist = [col_to_letters(history_col + i) for i in range(5)]
    formats.update({hist[0]: COUNT, hist[1]: NUMBER, hist[2]: NUMBER, hist[3]: NUMBER,
                    hist[4]: "General"})
    for c in state_cols:
        formats[c] = "General"
    style = SheetStyle(widths={"A:B": 9, "C:O": 11, f"{hist[0]}:{hist[-1]}": 11},
                       freeze=(3, 2), bold_rows=(3,), number_formats=formats,
                       note=(f"{col_to_letters(history_col + 6)}1", note))
    anchor = f"{col_to_letters(history_col + 6)}4"
    style.charts.append(history_chart(kind, history_col, 4, 4 + rows_shown - 1, anchor))
    return style


def summary_chart(sheets: list[str], first: int, last: int, anchor: str) -> Chart:
    """All optimisers' error per epoch on one chart (log scale), from the
    summary sheet's table (column A epochs, one column per optimiser)."""
    return Chart("error per epoch, every optimiser", anchor,
                 Series("epoch", "summary", 1, first, last),
                 [Series(name, "summary", 2 + i, first, last) for i, name in enumerate(sheets)],
                 log_y=True)


def widths_of(style: SheetStyle):
    """(first col, last col, width) for each width entry."""
    for spec, width in style.widths.items():
        first, _, last = spec.partition(":")
        yield letters_to_col(first), letters_to_col(last or first), width
