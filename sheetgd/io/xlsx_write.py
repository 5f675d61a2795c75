"""Writing an engine :class:`Workbook` to .xlsx with XlsxWriter.

Every formula cell carries its computed value (openpyxl cannot write cached
values; XlsxWriter can), so viewers that never recalculate show numbers.
Formula text is regenerated from the AST for each cell, with the ``_xlfn.``
prefixes newer functions need in files.  The file is written to a temporary
name in the target folder and renamed into place: a failure never leaves a
half-written workbook behind (:mod:`.atomic`).

A number that is not finite (NaN, an infinity) has no place in a file: Excel
cannot represent one, and a reader would meet ``nan`` as text.  Such a value,
as a constant or as a formula's cached value, is written as ``#NUM!``, the
error Excel gives where the arithmetic would produce one.
"""

from __future__ import annotations

import math
from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from ..engine import EMPTY, Workbook, XLError
from ..engine.errors import XLSX_KINDS
from ..engine.functions import FILE_PREFIXES
from ..engine.nodes import render
from ..engine.refs import quote_sheet
from .atomic import atomic_path


class ExactWorksheet(xlsxwriter.worksheet.Worksheet):
    """A worksheet that writes numbers so that they read back bit for bit.

    XlsxWriter writes number cells with ``%.16G``, which loses the last bit
    of some doubles (1.2610777567972657 becomes 1.261077756797266); Excel
    writes up to 17 significant digits.  Python's ``repr`` is the shortest
    text that round-trips, so a saved run continues exactly like the live one.
    """

    def _xml_number_element(self, number, attributes=[]):  # noqa: B006 (XlsxWriter's signature)
        attr = "".join(f' {k}="{self._escape_attributes(v)}"' for k, v in attributes)
        self.fh.write(f"<c{attr}><v>{float(number)!r}</v></c>")


def _not_finite(value) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


def _cached(value):
    """A computed value as XlsxWriter stores it beside a formula."""
    if _not_finite(value):
        return "#NUM!"
    if isinstance(value, XLError):
        return value.kind if value.kind in XLSX_KINDS else "#VALUE!"
    if value is EMPTY:
        return ""
    return value


def _write_constant(ws, row, col, value, fmt=None):
    if value is EMPTY or value is None:
        return
    if isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif _not_finite(value):
        ws.write_formula(row, col, "=#NUM!", fmt, "#NUM!")
    elif isinstance(value, float):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, XLError):
        ws.write_formula(row, col, f"={value.kind}", fmt, _cached(value))
    else:
        ws.write_string(row, col, str(value), fmt)


class _Formats:
    """XlsxWriter formats, made once per (number format, bold, wrap)."""

    def __init__(self, target: xlsxwriter.Workbook):
        self.target, self.cache = target, {}

    def get(self, num_format=None, bold=False, wrap=False):
        if not (num_format or bold or wrap):
            return None
        key = (num_format, bold, wrap)
        if key not in self.cache:
            props = {"num_format": num_format} if num_format else {}
            if bold:
                props["bold"] = True
            if wrap:
                props.update({"text_wrap": True, "valign": "top", "font_color": "#404040"})
            self.cache[key] = self.target.add_format(props)
        return self.cache[key]


def _apply_layout(ws, style, formats: _Formats):
    from ..books.styles import widths_of

    for first, last, width in widths_of(style):
        ws.set_column(first - 1, last - 1, width)
    if style.freeze:
        ws.freeze_panes(*style.freeze)
    if style.note:
        cell, text = style.note
        ws.write_string(cell, text, formats.get(wrap=True))
        from ..engine.refs import parse_area

        col = parse_area(cell, default_sheet="s").col1
        ws.set_column(col - 1, col - 1, 48)


def _add_charts(target: xlsxwriter.Workbook, ws, style):
    for spec in style.charts:
        chart = target.add_chart({"type": "line"})
        cat = spec.categories
        for s in spec.series:
            chart.add_series({
                "name": s.name,
                "categories": [cat.sheet, cat.first - 1, cat.col - 1, cat.last - 1, cat.col - 1],
                "values": [s.sheet, s.first - 1, s.col - 1, s.last - 1, s.col - 1],
                "marker": {"type": "circle", "size": 4},
            })
        chart.set_title({"name": spec.title})
        chart.set_x_axis({"name": "epoch"})
        y_axis = {"name": spec.y_title, "major_gridlines": {"visible": True}}
        if spec.log_y:
            y_axis["log_base"] = 10
        chart.set_y_axis(y_axis)
        chart.set_size({"width": 640, "height": 320})
        ws.insert_chart(spec.anchor, chart)


def write_sheets(book: Workbook, target: xlsxwriter.Workbook, styles=None):
    """Write every sheet and defined name of ``book`` into an open XlsxWriter
    book, with the look ``styles`` ({sheet: SheetStyle}) gives each sheet."""
    formats = _Formats(target)
    for name in book.sheet_names:
        ws = target.add_worksheet(name, worksheet_class=ExactWorksheet)
        style = (styles or {}).get(name)
        if style is not None:
            _apply_layout(ws, style, formats)

        def fmt(row, col):
            if style is None:
                return None
            return formats.get(style.format_of(col), bold=row in style.bold_rows)

        written_groups = set()
        for (r, c), cell in sorted(book.sheet(name).cells.items()):
            if cell.group is not None:
                group = cell.group
                if id(group) in written_groups:
                    continue
                written_groups.add(id(group))
                a = group.area
                text = "=" + render(group.node, a.row1, a.col1, FILE_PREFIXES)
                ws.write_array_formula(a.row1 - 1, a.col1 - 1, a.row2 - 1, a.col2 - 1,
                                       "{" + text + "}", fmt(r, c), _cached(book.stored(name, r, c)))
            elif cell.node is not None:
                text = "=" + render(cell.node, r, c, FILE_PREFIXES)
                ws.write_formula(r - 1, c - 1, text, fmt(r, c), _cached(book.stored(name, r, c)))
            else:
                _write_constant(ws, r - 1, c - 1, book.stored(name, r, c), fmt(r, c))
        if style is not None:
            _add_charts(target, ws, style)
    for defined in book.names:
        label = f"{quote_sheet(defined.scope)}!{defined.name}" if defined.scope else defined.name
        target.define_name(label, "=" + defined.text)


def write_xlsx(book: Workbook, path, styles=None, vba=None) -> Path:
    """Write ``book`` to ``path`` atomically (temporary file, then rename).

    XlsxWriter builds the parts in memory (no scratch files elsewhere to
    leave behind); an OSError while saving (a full disk, no permission)
    propagates as itself rather than as XlsxWriter's FileCreateError.
    """
    path = Path(path)
    with atomic_path(path) as tmp:
        target = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False,
                                                "strings_to_formulas": False,
                                                "strings_to_urls": False,
                                                "in_memory": True})
        write_sheets(book, target, styles)
        if vba is not None:
            vba(target)
        try:
            target.close()
        except FileCreateError as exc:
            cause = exc.args[0] if exc.args else None
            if isinstance(cause, OSError):
                raise cause from None
            raise
    return path
