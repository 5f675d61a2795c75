"""How the written workbooks look: column widths, number formats, frozen
header rows, the "how to use this sheet" note, Run/Reset buttons, charts
and the print set-up.

The engine knows nothing of this; :mod:`sheetgd.io.xlsx_write` applies it.
Sizes are decided here, when building, from the texts and the computed
values (:mod:`.textfit`): a note's rows are as tall as its wrapped text, a
column as wide as its header and its widest number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..engine.refs import col_to_letters, letters_to_col, parse_area, plain_cell
from .graddesc import HISTORY_HEADERS
from .textfit import (
    BETA, COUNT, NUMBER, PROBABILITY, RATE, SCIENTIFIC, line_height, number_width, text_width,
    value_format, wrapped_lines,
)

__all__ = ["BETA", "COUNT", "NUMBER", "RATE", "SCIENTIFIC", "Button", "Chart", "Note",
           "PrintSetup", "Series", "SheetStyle"]

NOTE_SIZE = 9.0  # points: the how-to notes
DEFAULT_ROW = 15.0  # points: Excel's default row height (Calibri 11)
DEFAULT_WIDTH = 8.43  # Excel's default column width


@dataclass
class Series:
    name: str
    sheet: str
    col: int  # 1-based
    first: int
    last: int
    more: tuple = ()  # further (first, last) rows of the same column, after these (Excel's
    # non-contiguous series: the epochs of the macro-free book, one block of rows apart)


@dataclass
class Chart:
    title: str
    anchor: str  # top-left cell
    categories: Series
    series: list[Series]
    y_title: str = "error"
    log_y: bool = False
    y_min: float | None = None  # None: the spreadsheet's automatic bounds
    y_max: float | None = None
    size: tuple[int, int] = (640, 320)  # pixels
    x_title: str = "epoch"
    log_x: bool = False  # a scatter chart with a log10 x axis (lr_find) instead of a line chart


@dataclass
class Note:
    """A text in merged, wrapped cells (``area``), its rows as tall as the text needs."""

    area: str  # "E1:H2"
    text: str
    size: float = NOTE_SIZE
    bold: bool = False


@dataclass
class Button:
    """A form button that runs a macro, in ``cell``, as large as the cell."""

    caption: str
    macro: str  # "basic.somesteps"
    cell: str


@dataclass
class PrintSetup:
    """Page set-up: landscape, one page wide (as many tall as it takes),
    ``repeat_rows`` (first, last; 1-based) printed on every page."""

    landscape: bool = True
    fit_width: bool = True
    repeat_rows: tuple[int, int] | None = None


@dataclass
class SheetStyle:
    widths: dict[str, float] = field(default_factory=dict)  # "A:C" or "D" -> width
    freeze: tuple[int, int] | None = None  # (rows, cols) kept in view
    bold_rows: tuple = ()
    bold_cells: set = field(default_factory=set)  # more bold cells ("J2")
    number_formats: dict[str, str] = field(default_factory=dict)  # column letter -> format
    cell_formats: dict[str, str] = field(default_factory=dict)  # "C9" -> format (overrides)
    right: set = field(default_factory=set)  # cells whose text is right-aligned
    notes: list[Note] = field(default_factory=list)
    row_heights: dict[int, float] = field(default_factory=dict)  # row (1-based) -> points
    buttons: list[Button] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    hide_errors: list[str] = field(default_factory=list)  # ranges whose errors are not shown
    print_setup: PrintSetup | None = field(default_factory=PrintSetup)

    def format_of(self, row: int, col: int) -> str | None:
        letters = col_to_letters(col)
        return self.cell_formats.get(f"{letters}{row}", self.number_formats.get(letters))

    def width_of(self, col: int) -> float:
        width = DEFAULT_WIDTH
        for first, last, w in widths_of(self):
            if first <= col <= last:
                width = w
        return width

    def set_width(self, col: int, width: float):
        """Column ``col``'s width (an entry of its own, after any range)."""
        self.widths[col_to_letters(col)] = width

    def add_note(self, area: str, text: str, size: float = NOTE_SIZE, bold: bool = False):
        """A note in merged cells; the rows of ``area`` grow (evenly) to hold the text."""
        note = Note(area, text, size, bold)
        self.notes.append(note)
        a = parse_area(area, default_sheet="s")
        width = sum(self.width_of(c) for c in range(a.col1, a.col2 + 1))
        # half a line to spare: spreadsheets wrap a little differently
        needed = (wrapped_lines(text, width, size) + 0.5) * line_height(size) + 3.0
        rows = range(a.row1, a.row2 + 1)
        have = sum(self.row_heights.get(r, DEFAULT_ROW) for r in rows)
        if needed > have:
            per = math.ceil(needed / len(rows))
            for r in rows:
                self.row_heights[r] = max(self.row_heights.get(r, DEFAULT_ROW), per)
        return note

    def fit_columns(self, cells, model_rows: range | None = None):
        """Widen columns to their headers (bold rows) and numbers; a column
        of NUMBER values that reach 1e6 is written SCIENTIFIC.
        ``cells``: ((row, col), value) pairs; ``model_rows``: the rows whose
        numbers count (None: all)."""
        by_col: dict[int, list] = {}
        for (r, c), value in cells:
            by_col.setdefault(c, []).append((r, value))
        own: dict[int, dict[int, str]] = {}  # col -> {row: a cell's own format}
        for addr, fmt in self.cell_formats.items():
            rc = plain_cell(addr)
            if rc is not None:
                own.setdefault(rc[1], {})[rc[0]] = fmt
        for c, items in by_col.items():
            letters = col_to_letters(c)
            numbers = [(r, v) for r, v in items if isinstance(v, float)
                       and (model_rows is None or r in model_rows)]
            if self.number_formats.get(letters) == NUMBER:
                self.number_formats[letters] = value_format([v for _, v in numbers])
            need = self.width_of(c)
            for r, v in items:
                if isinstance(v, str) and (r in self.bold_rows or
                                           f"{letters}{r}" in self.bold_cells):
                    need = max(need, text_width(v, bold=True))
            column_format, cells_own = self.number_formats.get(letters), own.get(c, {})
            by_format: dict[str, list] = {}  # format -> its numbers
            for r, v in numbers:
                by_format.setdefault(cells_own.get(r, column_format), []).append(v)
            for fmt, values in by_format.items():
                if fmt in _FIXED_FORMATS:  # the widest of a fixed format is at an end
                    finite = [v for v in values if math.isfinite(v)]
                    shown = [min(finite), max(finite)] if finite else []
                    if len(finite) < len(values):
                        shown.append(math.nan)  # #NUM!
                else:
                    shown = values
                for v in shown:
                    need = max(need, number_width(v, fmt) + 0.5)
            if need > self.width_of(c):
                self.set_width(c, round(need + 0.49))


#: Formats whose text is the sign, the whole digits and a fixed number of
#: decimals (:func:`~.textfit.format_number`): every digit is one width, so
#: a column's widest number in one is its lowest or its highest.
_FIXED_FORMATS = frozenset({COUNT, NUMBER, PROBABILITY})


def widths_of(style: SheetStyle):
    """(first col, last col, width) for each width entry, in order."""
    for spec, width in style.widths.items():
        first, _, last = spec.partition(":")
        yield letters_to_col(first), letters_to_col(last or first), width


def history_chart(sheet: str, col: int, first: int, last: int, anchor: str,
                  title: str | None = None, fields: tuple = HISTORY_HEADERS) -> Chart:
    """A line chart of a history block's error columns (``error``,
    ``dec_error`` where the sheet has two trainings, and the smoothed error
    where it has one) against its epochs."""
    errors = [i for i, f in enumerate(fields) if f in ERROR_SERIES]
    return Chart(title or f"{sheet}: error per epoch", anchor,
                 Series("epoch", sheet, col, first, last),
                 [Series(ERROR_SERIES[fields[i]] if len(errors) > 1 else sheet, sheet, col + i,
                         first, last) for i in errors])


#: The history columns the optimiser sheets' charts plot, by their series' names.
ERROR_SERIES = {"error": "error", "dec_error": "error (decoupled)",
                "smoothed_error": "error (smoothed)"}


def log_bounds(values) -> tuple[float | None, float | None]:
    """Powers of ten around the positive finite ``values``: the bounds of a
    log axis that shows every one of them."""
    shown = [v for v in values if isinstance(v, float) and math.isfinite(v) and v > 0]
    if not shown:
        return None, None
    low, high = math.floor(math.log10(min(shown))), math.ceil(math.log10(max(shown)))
    return 10.0 ** low, 10.0 ** max(high, low + 1)


def summary_chart(sheets: list[str], first: int, last: int, anchor: str,
                  bounds: tuple = (None, None), size: tuple[int, int] = (640, 320)) -> Chart:
    """All optimisers' error per epoch on one chart (log scale), from the
    summary sheet's table (column A epochs, one column per optimiser)."""
    return Chart("error per epoch, every optimiser", anchor,
                 Series("epoch", "summary", 1, first, last),
                 [Series(name, "summary", 2 + i, first, last) for i, name in enumerate(sheets)],
                 log_y=True, y_min=bounds[0], y_max=bounds[1], size=size)


def optimiser_style(kind: str, history_col: int, rows_shown: int, state_cols: str = "",
                    x_format: str = COUNT, y_format: str = COUNT,
                    history: tuple = HISTORY_HEADERS) -> SheetStyle:
    """Formats, widths, frozen rows and the error chart of one optimiser
    sheet (the lesson's layout: inputs in rows 1-2, headers in row 3, the
    data rows from 4, the history block at ``history_col`` with the columns
    ``history``)."""
    model = col_to_letters(max(15, history_col - 2))  # the sheet's columns: C..O at least
    formats = {col_to_letters(c): NUMBER for c in range(3, letters_to_col(model) + 1)}
    formats.update({"A": x_format, "B": y_format})
    for c in state_cols:
        formats[c] = NUMBER
    hist = [col_to_letters(history_col + i) for i in range(len(history))]
    formats.update({letter: {"epoch": COUNT, "lr": RATE}.get(f, NUMBER)
                    for letter, f in zip(hist, history)})
    style = SheetStyle(widths={"A:B": 9, f"C:{model}": 11, f"{hist[0]}:{hist[-1]}": 11},
                       freeze=(3, 2), bold_rows=(3,), number_formats=formats,
                       print_setup=PrintSetup(repeat_rows=(1, 3)))
    anchor = f"{col_to_letters(history_col + len(history) + 1)}4"
    style.charts.append(history_chart(kind, history_col, 4, 4 + rows_shown - 1, anchor,
                                      fields=history))
    return style


def top_row_formats(style: SheetStyle, cells: dict, lr_cell: str, betas: tuple = (),
                    headers: tuple = (), last_col: int | None = None):
    """Rows 1-2 of an optimiser sheet: the learning rate RATE, the betas
    BETA, the state columns' ``headers`` (cells) bold, and every label
    right-aligned against the value it names (the cell to its right or
    below), unless it is wider than its cell and the cell to its left is
    taken (basic's I2): that one keeps the room to its right."""
    style.cell_formats[lr_cell] = RATE
    for cell in betas:
        style.cell_formats[cell] = BETA
    style.bold_cells.update(headers)
    taken = {(a.row1, a.col1) for a in (parse_area(k, default_sheet="s") for k in cells)}
    for addr, value in cells.items():
        a = parse_area(addr, default_sheet="s")
        if a.row1 > 2 or not isinstance(value, str) or value.startswith("=") or \
                (last_col is not None and a.col1 > last_col):
            continue
        fits = text_width(value, bold=addr in style.bold_cells) <= style.width_of(a.col1)
        if fits or (a.row1, a.col1 - 1) not in taken:
            style.right.add(addr)
