"""Writing an engine :class:`Workbook` to .xlsx with XlsxWriter.

Every formula cell carries its computed value (openpyxl cannot write cached
values; XlsxWriter can), so viewers that never recalculate show numbers.
Formula text is regenerated from the AST for each cell, with the ``_xlfn.``
prefixes newer functions need in files; structured references are written
as they were read, and the workbook's tables with them.  The file is written to a temporary
name in the target folder and renamed into place: a failure never leaves a
half-written workbook behind (:mod:`.atomic`).

Links to other workbooks (``[1]Sheet1!A1``) are written back with the
values they cached (:mod:`.external_write`), and PivotTables read from a
file with their parts as read (:mod:`.pivot_write`): XlsxWriter can write
neither.

A number that is not finite (NaN, an infinity) has no place in a file: Excel
cannot represent one, and a reader would meet ``nan`` as text.  Such a value,
as a constant or as a formula's cached value, is written as ``#NUM!``, the
error Excel gives where the arithmetic would produce one.
"""

from __future__ import annotations

import logging
import math
import re
from pathlib import Path

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.utility import quote_sheetname, xl_range_abs

from ..engine import EMPTY, Workbook, XLError
from ..engine.cells import Cell
from ..engine.errors import XLSX_KINDS
from ..engine.evaluate import eta_value
from ..engine.functions import FILE_PREFIXES, REGISTRY
from ..engine.legacy_form import may_intersect
from ..engine.nodes import ETA_NAMES, ErrorLit, column_fill, filler, render, template
from ..engine.refs import col_to_letters, letters_to_col, plain_cell, quote_sheet
from .atomic import atomic_path
from .cell_values import escaped_text
from .external_write import UNLINKED, add_links, file_form, has_external
from .pivot_write import add_pivots
from .xlsx_merges import MergeIndex

log = logging.getLogger(__name__)


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

    def _xml_formula_element(self, formula, result, attributes=[]):  # noqa: B006
        """A formula whose result is empty text is saved as Excel saves it,
        ``t="str"`` with an empty ``<v>`` (XlsxWriter writes an empty result
        untyped, "not calculated", which readers take as no cached value)."""
        if result is EMPTY_TEXT:
            result, attributes = "", [*attributes, ("t", "str")]
        super()._xml_formula_element(formula, result, attributes)

    #: XlsxWriter's class of a formula cell, once write_formula has made one (see _write_run).
    formula_cell = None

    def write_plain_formula(self, row, col, formula, cell_format=None, value=0):
        """``write_formula`` (0-based row and column) without XlsxWriter's
        hand-off of a formula calling a dynamic-array function (SEQUENCE,
        SORT, ...) to ``write_dynamic_array_formula``: the formula stays a
        plain one, its functions prefixed.  For a formula the book computes
        the legacy way (one loaded in bulk, as files and generators store
        cells): saved with ``cm="1"`` a reader would spill it, where Excel
        shows a formula without dynamic-array metadata as its array
        result's top-left value (Microsoft, "Implicit intersection
        operator: @")."""
        if self.write_formula(row, col, "=0", cell_format, value):  # the cell, with its checks
            return -1
        self.table[row][col] = self.table[row][col]._replace(formula=self._prepare_formula(formula))
        return 0

    def _write_cell(self, row, col, cell):
        """XlsxWriter's own, with a shortcut for its commonest cell here, a
        formatted formula with a number for its value: the ``<c>`` element
        XlsxWriter writes for one (its formula's ``&``, ``<`` and ``>``
        escaped, the number as ``repr`` gives it), made in one step."""
        value = getattr(cell, "value", None)
        if type(value) is float and cell.format is not None and type(cell).__name__ == "Formula":
            formula = cell.formula
            if "&" in formula or "<" in formula or ">" in formula:
                formula = formula.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            xf = cell.format._get_xf_index()
            self.fh.write(f'<c r="{col_to_letters(col + 1)}{row + 1}" s="{xf}">'
                          f"<f>{formula}</f><v>{value!r}</v></c>")
            return
        super()._write_cell(row, col, cell)

    def _prepare_formula(self, formula, expand_future_functions=False):
        """The formula as the file stores it: without its ``=``, and without
        the braces of an array formula given as ``{=...}``.

        XlsxWriter's own strips a leading ``{`` and a trailing ``}`` apart,
        so ``=A1*{1,2}`` was saved as ``A1*{1,2``, a formula no reader can
        parse; here the braces go only as the pair around ``{=...}``.  Its
        29 substitutions (dynamic-array functions it prefixes) run only
        when one of them can apply: one search instead of 29 for each of
        the tens of thousands of formulas."""
        if formula.startswith("{=") and formula.endswith("}"):
            formula = formula[1:-1]
        if formula.startswith("="):
            formula = formula[1:]
        if self.use_future_functions or expand_future_functions or _DYNAMIC.search(formula):
            # XlsxWriter strips "{", "=" and "}" one after the other: given all three, it
            # takes them off again and leaves the formula's own braces alone
            more = (True,) if expand_future_functions else ()  # (XlsxWriter 3.1 takes no second)
            return super()._prepare_formula("{=" + formula + "}", *more)
        return formula


#: What XlsxWriter's _prepare_formula rewrites even without future functions
#: (worksheet.py; ``\SINGLE\(`` is its pattern as written: any non-space
#: character, then ``INGLE(``); a formula with none of these is only stripped.
_DYNAMIC = re.compile(
    r"\b(?:ANCHORARRAY|BYCOL|BYROW|CHOOSECOLS|CHOOSEROWS|DROP|EXPAND|FILTER|HSTACK|LAMBDA"
    r"|MAKEARRAY|MAP|RANDARRAY|REDUCE|SCAN|SEQUENCE|SORT|SORTBY|SWITCH|TAKE|TEXTSPLIT|TOCOL"
    r"|TOROW|UNIQUE|VSTACK|WRAPCOLS|WRAPROWS|XLOOKUP)\(|\SINGLE\(")


class IteratingWorkbook(xlsxwriter.Workbook):
    """An XlsxWriter workbook whose ``<calcPr>`` also carries iterative
    calculation (``iterate``, ``iterateCount``, ``iterateDelta``;
    ECMA-376 18.2.2), which XlsxWriter has no option for: a book that
    iterates its circular references is saved so that Excel does too."""

    iteration = None  # sheetgd.engine.iteration.Iteration, or None

    def _get_packager(self):
        from .fingerprint import StampingPackager

        return StampingPackager()  # fills in the "sheetgd parts" property (if set)

    def _xml_empty_tag(self, tag, attributes=[]):  # noqa: B006 (XlsxWriter's signature)
        if tag == "calcPr" and self.iteration is not None:
            attributes = list(attributes) + [
                ("iterate", "1"), ("iterateCount", str(self.iteration.count)),
                ("iterateDelta", repr(float(self.iteration.max_change)))]
        super()._xml_empty_tag(tag, attributes)


def _not_finite(value) -> bool:
    return isinstance(value, float) and not math.isfinite(value)


class _EmptyText:
    """The cached result of a formula that gives "" (see ExactWorksheet)."""


EMPTY_TEXT = _EmptyText()


def _cached(value):
    """A computed value as XlsxWriter stores it beside a formula, text
    escaped as a string cell's is (:func:`escaped_text`: XlsxWriter leaves
    a formula's cached text as it is, and a control character in it made
    the XML ill-formed)."""
    if _not_finite(value):
        return "#NUM!"
    if isinstance(value, XLError):
        return value.kind if value.kind in XLSX_KINDS else "#VALUE!"
    if value is EMPTY:
        return ""
    if value == "" and isinstance(value, str):
        return EMPTY_TEXT
    if isinstance(value, str):
        return escaped_text(value)
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
    """XlsxWriter formats, made once per look (number format, bold, wrap, ...)."""

    def __init__(self, target: xlsxwriter.Workbook):
        self.target, self.cache = target, {}

    def get(self, num_format=None, bold=False, wrap=False, right=False, size=None,
            hidden_text=False, middle=False):
        key = (num_format, bold, wrap, right, size, hidden_text, middle)
        if not any(key):
            return None
        if key not in self.cache:
            props = {"num_format": num_format} if num_format else {}
            if bold:
                props["bold"] = True
            if right:
                props["align"] = "right"
            if wrap:
                props.update({"text_wrap": True, "valign": "top", "font_color": "#404040"})
            if size:
                props["font_size"] = size
            if middle:
                props["valign"] = "vcenter"
            if hidden_text:
                props["font_color"] = "#FFFFFF"
            self.cache[key] = self.target.add_format(props)
        return self.cache[key]


def _apply_layout(ws, style, formats: _Formats, book: Workbook, name: str):
    from ..books.styles import widths_of
    from ..engine.refs import parse_area

    cols = {c for first, last, _ in widths_of(style) for c in range(first, last + 1)}
    cols |= {letters_to_col(letters) for letters in style.number_formats}
    for col in sorted(cols):  # empty cells (a macro's later writes) take the column's format
        ws.set_column(col - 1, col - 1, style.width_of(col),
                      formats.get(style.number_formats.get(col_to_letters(col))))
    for row, height in style.row_heights.items():
        ws.set_row(row - 1, height)
    if style.freeze:
        ws.freeze_panes(*style.freeze)
    for note in style.notes:
        a = parse_area(note.area, default_sheet=name)
        taken = sorted(rc for rc in book.sheet(name).cells
                       if a.row1 <= rc[0] <= a.row2 and a.col1 <= rc[1] <= a.col2)
        if taken:
            raise ValueError(f"{name}!{note.area}: the note would cover cell "
                             f"{col_to_letters(taken[0][1])}{taken[0][0]}")
        fmt = formats.get(bold=note.bold, wrap=True, size=note.size)
        if a.is_cell:
            ws.write_string(a.row1 - 1, a.col1 - 1, note.text, fmt)
        else:
            ws.merge_range(a.row1 - 1, a.col1 - 1, a.row2 - 1, a.col2 - 1, note.text, fmt)
    for area in style.hide_errors:
        ws.conditional_format(area, {"type": "errors", "format": formats.get(hidden_text=True)})
    setup = style.print_setup
    if setup is not None:
        if setup.landscape:
            ws.set_landscape()
        if setup.fit_width:
            ws.fit_to_pages(1, 0)
        if setup.repeat_rows:
            ws.repeat_rows(setup.repeat_rows[0] - 1, setup.repeat_rows[1] - 1)
        ws.set_paper(9)  # A4
        ws.hide_gridlines(0)  # gridlines on screen and on paper


def _add_buttons(ws, style):
    """Form buttons, each as large as its cell (less a 2-pixel margin)."""
    from ..books.styles import DEFAULT_ROW
    from ..engine.refs import parse_area

    for button in style.buttons:
        a = parse_area(button.cell, default_sheet="s")
        height = style.row_heights.get(a.row1, DEFAULT_ROW) * 4 / 3  # points -> pixels
        width = int(style.width_of(a.col1) * 7 + 5)  # Excel's pixels of a column width
        ws.insert_button(a.row1 - 1, a.col1 - 1, {
            "macro": button.macro, "caption": button.caption, "x_offset": 2, "y_offset": 2,
            "width": width - 4, "height": int(height) - 4})


def _series_range(s):
    """A chart series' cells: [sheet, rows and columns] (XlsxWriter's list
    form), or where it has more than one block of rows the formula text of
    Excel's non-contiguous range, ``=(sheet!$P$5:$P$33,sheet!$P$40:$P$68)``."""
    if not s.more:
        return [s.sheet, s.first - 1, s.col - 1, s.last - 1, s.col - 1]
    sheet = quote_sheetname(s.sheet)
    return "=(" + ",".join(f"{sheet}!{xl_range_abs(first - 1, s.col - 1, last - 1, s.col - 1)}"
                           for first, last in ((s.first, s.last), *s.more)) + ")"


def _add_charts(target: xlsxwriter.Workbook, ws, style):
    for spec in style.charts:
        chart = target.add_chart({"type": "scatter", "subtype": "straight_with_markers"}
                                 if spec.log_x else {"type": "line"})
        cat = spec.categories
        for s in spec.series:
            chart.add_series({
                "name": s.name,
                "categories": _series_range(cat),
                "values": _series_range(s),
                "marker": {"type": "circle", "size": 4},
            })
        chart.set_title({"name": spec.title})
        chart.set_x_axis({"name": spec.x_title, **({"log_base": 10} if spec.log_x else {})})
        y_axis = {"name": spec.y_title, "major_gridlines": {"visible": True}}
        if spec.log_y:
            y_axis["log_base"] = 10
        if spec.y_min is not None:
            y_axis["min"] = spec.y_min
        if spec.y_max is not None:
            y_axis["max"] = spec.y_max
        chart.set_y_axis(y_axis)
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": spec.size[0], "height": spec.size[1]})
        ws.insert_chart(spec.anchor, chart)


def _add_merges(ws, book: Workbook, name: str):
    """The sheet's merged ranges, each checked against those kept before
    it: one overlapping another (a file may say so; Excel calls it corrupt)
    is left out, with a warning.  They go straight into XlsxWriter's list
    of merged ranges (what it writes as ``<mergeCells>``) rather than
    through ``merge_range``, which notes every cell of the range and pads
    it with blank cells: a merged ``A1:XFD1048576`` is one entry here, not
    17 billion.  The range's first cell is written with the rest."""
    kept = MergeIndex()
    for a in book.sheet(name).merged:
        other = kept.overlapping(a)
        if other is not None:
            log.warning("%s: merged range %s left out: it overlaps the merged range %s",
                        name, a.a1(), other.a1())
            continue
        kept.add(a)
        ws.merge.append([a.row1 - 1, a.col1 - 1, a.row2 - 1, a.col2 - 1])


def _add_tables(ws, book: Workbook, name: str):
    """The sheet's tables (after its cells: the header cells then hold the
    column names, as Excel requires), so that the structured references in
    its formulas, written back as they were read, name a table."""
    for table in book.tables:
        if table.sheet.upper() != name.upper():
            continue
        a = table.area
        ws.add_table(a.row1 - 1, a.col1 - 1, a.row2 - 1, a.col2 - 1, {
            "name": table.name, "header_row": table.header, "total_row": table.totals,
            "autofilter": table.header, "columns": [{"header": c} for c in table.columns]})


def write_sheets(book: Workbook, target: xlsxwriter.Workbook, styles=None,
                 runs_at_once: bool = True):
    """Write every sheet and defined name of ``book`` into an open XlsxWriter
    book, with the look ``styles`` ({sheet: SheetStyle}) gives each sheet.

    ``runs_at_once``: a column's run of one filled-down formula is written
    a run at a time (:func:`_write_run`); False writes every cell alone,
    the same file, more slowly (for the tests that say so)."""
    formats = _Formats(target)
    prefixes = file_prefixes(book)
    forms: dict[int, object] = {}  # id(AST) -> as a file stores it (None: it cannot)
    unlinked: list[str] = []
    templates: dict = {}  # id(node) -> (node, its text as a function of the cell): taken apart once

    def file_node(node):
        """``node`` with its external references by link index (.external_write)."""
        key = id(node)
        if key not in forms:
            forms[key] = file_form(node, book.external_books) if has_external(node) else node
        return forms[key]

    def template_of(node):
        """``node``'s :func:`template` and :func:`filler` (its text without "=")."""
        found = templates.get(id(node))
        if found is None:
            pieces = template(file_node(node) or node, prefixes)
            found = templates[id(node)] = (node, pieces, filler(pieces))
        return found

    def text_of(node, row, col):
        return "=" + template_of(node)[2](row, col)

    for name in book.sheet_names:
        ws = target.add_worksheet(name, worksheet_class=ExactWorksheet)
        style = (styles or {}).get(name)
        if style is not None:
            _apply_layout(ws, style, formats, book, name)

        fmt = (lambda row, col: None) if style is None else _CellFormats(style, formats)

        _add_merges(ws, book, name)
        written_groups = set()

        def write_cell(r, c, cell):
            if cell.group is not None:
                group = cell.group
                if id(group) in written_groups:
                    return
                written_groups.add(id(group))
                a = group.area
                text = text_of(group.node, a.row1, a.col1)
                ws.write_array_formula(a.row1 - 1, a.col1 - 1, a.row2 - 1, a.col2 - 1,
                                       "{" + text + "}", fmt(r, c), _cached(book.stored(name, r, c)))
                # its other cells' values, as Excel stores them (XlsxWriter pads them with 0)
                for rr, cc in a.cells():
                    value = book.stored(name, rr, cc)
                    if (rr, cc) != (a.row1, a.col1) and not isinstance(value, XLError):
                        _write_constant(ws, rr - 1, cc - 1, value, fmt(rr, cc))
            elif cell.node is not None and file_node(cell.node) is None:  # no link for its book
                unlinked.append(f"{quote_sheet(name)}!{col_to_letters(c)}{r}")
                _write_constant(ws, r - 1, c - 1, book.stored(name, r, c), fmt(r, c))
            elif cell.node is not None and (spill := book.dynamic_array_area(name, r, c)) is not None:
                # a dynamic array over its spill range, as Excel saves one (cm= metadata);
                # its spilled values follow as the cells' values, as Excel stores them
                text = text_of(cell.node, r, c)
                ws.write_dynamic_array_formula(spill.row1 - 1, spill.col1 - 1, spill.row2 - 1,
                                               spill.col2 - 1, text, fmt(r, c),
                                               _cached(book.stored(name, r, c)))
            elif cell.node is not None and (r, c) in anchors and may_intersect(cell.node):
                # a dynamic formula showing one value that a legacy reading would compute
                # otherwise (=SUM(A1:A4*B1:B4)): an array formula of its one cell, as Excel saves it
                ws.write_dynamic_array_formula(r - 1, c - 1, r - 1, c - 1,
                                               "{" + text_of(cell.node, r, c) + "}", fmt(r, c),
                                               _cached(book.stored(name, r, c)))
            elif cell.node is not None:  # a dynamic formula showing one value, or a legacy one
                text = text_of(cell.node, r, c)
                write = ws.write_formula if (r, c) in anchors else ws.write_plain_formula
                write(r - 1, c - 1, text, fmt(r, c), _cached(book.stored(name, r, c)))
            elif book.is_spilled(name, r, c):  # a member of a spilled array: its value
                value = book.stored(name, r, c)
                if not isinstance(value, XLError):  # (no formula cell for an error: the 0 XlsxWriter pads with)
                    _write_constant(ws, r - 1, c - 1, value, fmt(r, c))
            else:
                _write_constant(ws, r - 1, c - 1, book.stored(name, r, c), fmt(r, c))

        cells = book.sheet(name).cells
        anchors = book.anchors_on(name)  # (row, col) of its dynamic array formulas
        if runs_at_once:
            others = list(cells.items_outside_formula_runs())
            for col, first, last, node in cells.formula_runs():
                rows = range(first, last + 1)
                if file_node(node) is not None:  # (else no link for its book: cell by cell)
                    rows = _write_run(ws, col, first,
                                      column_fill(template_of(node)[1], col, first, last),
                                      book.stored_column(name, col, first, last), fmt, anchors)
                others += [((r, col), Cell(EMPTY, node)) for r in rows]
        else:
            others = cells.items()
        for (r, c), cell in sorted(others):
            write_cell(r, c, cell)
        _add_tables(ws, book, name)
        if style is not None:
            _add_charts(target, ws, style)
            _add_buttons(ws, style)
    for defined in book.names:
        label = f"{quote_sheet(defined.scope)}!{defined.name}" if defined.scope else defined.name
        target.define_name(label, "=" + _name_text(defined, prefixes))
    if unlinked:
        log.warning(UNLINKED.format(count=len(unlinked), first=unlinked[0]))


def _write_run(ws: ExactWorksheet, col: int, first: int, texts: list, values: list, fmt,
               anchors: set) -> list[int]:
    """Write the formula cells of rows ``first..`` of ``col`` (1-based),
    whose texts (without "=") are ``texts`` and whose values are
    ``values``, as ``write_plain_formula`` would (a run's cells are
    legacy formulas): the rows it leaves to be written cell by cell
    (dynamic array formulas, ``anchors``) are returned.

    The sheet's dimensions take in the run's first and last cells; the
    sheet's first formula, and every one whose text XlsxWriter would
    rewrite (a dynamic-array function: ``_DYNAMIC``), go through
    ``write_plain_formula`` itself; the others are stored as the cell XlsxWriter
    made of the first, without its per-cell checks, which those cells of
    one column between two checked ones pass.
    tests/test_xlsx_write_formulas.py compares every part of the files so
    written with those written cell by cell."""
    left, table, made = [], ws.table, ws.formula_cell
    if ws._check_dimensions(first - 1, col - 1) or \
            ws._check_dimensions(first + len(texts) - 2, col - 1):
        made = None  # off XlsxWriter's grid: write_formula says so for each cell
    for i, text in enumerate(texts):
        r, value = first + i, values[i]
        if (r, col) in anchors:
            left.append(r)
            continue
        cached = value if type(value) is float and math.isfinite(value) else _cached(value)
        if made is None or _DYNAMIC.search(text) is not None:
            ws.write_plain_formula(r - 1, col - 1, "=" + text, fmt(r, col), cached)
            cell = table.get(r - 1, {}).get(col - 1)
            if ws.formula_cell is None and getattr(cell, "_fields", None) == _FORMULA_FIELDS \
                    and cell.formula == text:
                ws.formula_cell = type(cell)
        else:
            table[r - 1][col - 1] = made(text, fmt(r, col), cached)
    return left


#: The fields of XlsxWriter's formula cell (a namedtuple), in order.
_FORMULA_FIELDS = ("formula", "format", "value")


class _CellFormats:
    """The XlsxWriter format of each cell of a sheet with the look ``style``:
    what ``formats.get`` gives for its number format, bold, alignment and
    row height, worked out once per column for the cells nothing but their
    column sets apart (all but a few header and note cells)."""

    def __init__(self, style, formats: _Formats):
        self.style, self.formats = style, formats
        self.rows = set(style.bold_rows) | set(style.row_heights)
        cells = (plain_cell(a) for a in (*style.bold_cells, *style.right, *style.cell_formats))
        self.cells = {rc for rc in cells if rc is not None}
        self.by_col: dict[int, object] = {}

    def __call__(self, row: int, col: int):
        if row in self.rows or (row, col) in self.cells:
            return self._of(row, col)
        try:
            return self.by_col[col]
        except KeyError:
            found = self.by_col[col] = self._of(row, col)
            return found

    def _of(self, row: int, col: int):
        style, cell = self.style, f"{col_to_letters(col)}{row}"
        return self.formats.get(style.format_of(row, col),
                                bold=row in style.bold_rows or cell in style.bold_cells,
                                right=cell in style.right, middle=row in style.row_heights)


def file_prefixes(book: Workbook) -> dict:
    """The prefixes a file writes names with (:func:`~sheetgd.engine.nodes.render`'s
    ``prefix_names``): a function's ``_xlfn.``, and ``_xleta.`` for a function
    passed by name (``BYROW(A1:B2,SUM)``) unless the book defines a name so
    spelled."""
    defined = {d.name.upper() for d in book.names}
    functions = frozenset(n for n in REGISTRY if eta_value(n) is not None and n not in defined)
    return {**FILE_PREFIXES, ETA_NAMES: functions}


def _name_text(defined, prefixes=FILE_PREFIXES) -> str:
    """A defined name's formula as a file stores it: as typed, unless it
    calls functions a file writes with a prefix (``LAMBDA(a,b,a+b)`` is
    ``_xlfn.LAMBDA(_xlpm.a,_xlpm.b,_xlpm.a+_xlpm.b)``, as Excel saves it)."""
    if isinstance(defined.node, ErrorLit) and defined.node.kind == "#NAME?":
        return defined.text  # not parsed: kept as it came
    prefixed = render(defined.node, 1, 1, prefixes)
    return prefixed if prefixed != render(defined.node, 1, 1) else defined.text


def write_xlsx(book: Workbook, path, styles=None, vba=None, fingerprint: str | None = None,
               properties: dict[str, str] | None = None) -> Path:
    """Write ``book`` to ``path`` atomically (temporary file, then rename).

    With ``fingerprint`` the file is stamped as :mod:`.fingerprint` says
    (``properties``: further ``sheetgd ...`` text properties), so that a
    later build can tell it is still what it would write.

    XlsxWriter builds the parts in memory (no scratch files elsewhere to
    leave behind); an OSError while saving (a full disk, no permission)
    propagates as itself rather than as XlsxWriter's FileCreateError.
    """
    path = Path(path)
    with atomic_path(path) as tmp:
        target = IteratingWorkbook(str(tmp), {"strings_to_numbers": False,
                                              "strings_to_formulas": False,
                                              "strings_to_urls": False,
                                              "date_1904": getattr(book, "date1904", False),
                                              "in_memory": True})
        target.iteration = book.iteration
        write_sheets(book, target, styles)
        if vba is not None:
            vba(target)
        if fingerprint is not None:
            from .fingerprint import stamp

            stamp(target, fingerprint, properties)
        try:
            target.close()
        except FileCreateError as exc:
            cause = exc.args[0] if exc.args else None
            if isinstance(cause, OSError):
                raise cause from None
            raise
        add_links(tmp, getattr(book, "external_books", []))
        add_pivots(tmp, getattr(book, "pivot_tables", []), book.sheet_names)
    return path
