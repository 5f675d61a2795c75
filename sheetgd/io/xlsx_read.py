"""Reading .xlsx/.xlsm files into an engine :class:`Workbook` (openpyxl).

The file is read twice from the same bytes: once for formulas, once with
``data_only=True`` for the values the saving application cached, which are
kept in ``Workbook.cached`` for comparison and used as the cells' initial
(stale) values, exactly as Excel opens a file before recalculating.

openpyxl refuses some parts it cannot parse (pivot caches, odd drawings).
Then the file is read again with only the parts that carry cells, and the
reader warns about what it dropped.

Before openpyxl sees the bytes, :mod:`.package_check` refuses files that are
not workbooks (saying what they are: an old .xls, an encrypted workbook, a
damaged zip) and hostile ones (zip bombs, XML entity bombs, more cells than
fit in memory), each with a one-line :class:`WorkbookReadError`.  A cached
value that is not a finite number becomes ``#NUM!``.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import math
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from ..engine import Workbook
from ..engine.errors import from_text
from ..engine.refs import parse_area
from ..engine.values import EMPTY
from .package_check import MAX_CELLS, MAX_UNCOMPRESSED, WorkbookReadError, check_package, size_text

__all__ = ["MAX_CELLS", "MAX_UNCOMPRESSED", "WorkbookReadError", "read_workbook", "stored_cells"]

log = logging.getLogger(__name__)

_KEEP_PARTS = ("[Content_Types].xml", "_rels/", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
               "xl/worksheets/sheet", "xl/sharedStrings.xml", "xl/styles.xml", "xl/theme/")


def _cell_value(cell):
    value = cell.value
    if value is None:
        return EMPTY
    if cell.data_type == "e":
        return from_text(str(value)) or EMPTY
    if isinstance(value, bool):
        return value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return float(to_excel(value))
    if isinstance(value, dt.timedelta):
        return value / dt.timedelta(days=1)
    if isinstance(value, (int, float)):
        value = float(value)
        return value if math.isfinite(value) else from_text("#NUM!")  # 1e999 in a <v>
    return str(value)


def _open(data: bytes, path: Path, **kwargs):
    try:
        return openpyxl.load_workbook(io.BytesIO(data), **kwargs), []
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        first_error = exc
    stripped, dropped = _cells_only(data)
    try:
        book = openpyxl.load_workbook(io.BytesIO(stripped), **kwargs)
    except Exception:
        raise _openpyxl_error(path, first_error) from first_error
    return book, [f"{path}: openpyxl could not read the whole file ({_one_line(first_error)}); "
                  f"read the cells without {', '.join(dropped) or 'some parts'}"]


def _cells_only(data: bytes) -> tuple[bytes, list[str]]:
    """The same package with only the parts that hold cells, names and styles."""
    out, dropped = io.BytesIO(), []
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            name = info.filename
            if name.startswith(_KEEP_PARTS) and "/_rels/sheet" not in name:
                dst.writestr(info, _strip_relations(name, src.read(name)))
            elif name.startswith("xl/worksheets/_rels/"):
                continue
            else:
                dropped.append(name)
    return out.getvalue(), dropped


def _strip_relations(name: str, body: bytes) -> bytes:
    """Drop the workbook's links to the parts :func:`_cells_only` leaves out."""
    if name == "xl/_rels/workbook.xml.rels":
        text = body.decode("utf-8")
        text = re.sub(r"<Relationship [^>]*(pivotCache|externalLink|connections)[^>]*/>", "", text)
        return text.encode("utf-8")
    if name == "xl/workbook.xml":
        text = body.decode("utf-8")
        text = re.sub(r"<(\w+:)?(pivotCaches|externalReferences)\b.*?</(\w+:)?\2>", "", text,
                      flags=re.DOTALL)
        return text.encode("utf-8")
    return body


def _read_bytes(path: Path, max_uncompressed: int) -> bytes:
    """The file's bytes; never more than the limit (a pipe or /dev/zero too)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_uncompressed + 1)
    except OSError as exc:
        raise WorkbookReadError(f"{path}: {exc.strerror or exc}") from None
    if len(data) > max_uncompressed:  # a zip is never smaller unpacked than packed
        raise WorkbookReadError(
            f"{path}: the file is larger than the limit of {size_text(max_uncompressed)} "
            "(raise it with --max-uncompressed or max_uncompressed=)")
    return data


def _openpyxl_error(path: Path, exc: Exception) -> WorkbookReadError:
    """What openpyxl's own failure means, in one line naming the file."""
    from defusedxml import DefusedXmlException

    cause = exc
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        return WorkbookReadError(f"{path}: its XML declares entities or a DTD, which defusedxml "
                                 f"refuses ({type(cause).__name__}); not read")
    return WorkbookReadError(f"{path}: openpyxl cannot read it: {_one_line(exc)}")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def read_workbook(path, *, seed: int | None = None, calculate: bool = True,
                  max_uncompressed: int = MAX_UNCOMPRESSED,
                  max_cells: int = MAX_CELLS) -> Workbook:
    """Load a workbook file; recalculate it unless ``calculate`` is false.

    Refuses (WorkbookReadError, one line naming the file) what is not a
    workbook, what is encrypted or an old .xls, XML with entity declarations,
    and packages beyond ``max_uncompressed`` bytes unpacked or ``max_cells``
    cells (:mod:`.package_check`).  VBA in an .xlsm is never run: openpyxl
    does not even keep it.
    """
    path = Path(path)
    data = _read_bytes(path, max_uncompressed)
    check_package(path, data, max_uncompressed=max_uncompressed, max_cells=max_cells)
    try:
        formulas, notes = _open(data, path)
        values, _ = _open(data, path, data_only=True)
    except WorkbookReadError:
        raise
    except Exception as exc:  # openpyxl's errors are of every kind
        raise _openpyxl_error(path, exc) from exc

    book = Workbook(seed=seed)
    book.warnings += notes
    book.calculation = "manual"
    for ws in formulas.worksheets:
        book.add_sheet(ws.title)
    for ws in formulas.worksheets:
        _read_sheet(book, ws, values[ws.title], path, max_cells)
    _read_names(book, formulas)
    for note in book.warnings:
        log.warning("%s", note)
    if calculate:
        book.calculate_all()
    book.calculation = "automatic" if calculate else "manual"
    return book


def stored_cells(ws):
    """The cells the file holds, row by row.  (``iter_rows`` would visit, and
    create, every cell of the bounding box: 17 billion for a sheet that holds
    only A1 and XFD1048576.)"""
    return [cell for _, cell in sorted(ws._cells.items())]


def _read_sheet(book: Workbook, ws, cached_ws, path: Path, max_cells: int):
    for cell in stored_cells(ws):
        if cell.value is None:
            continue
        try:
            _read_cell(book, ws.title, cell, cached_ws, max_cells)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
            raise WorkbookReadError(
                f"{path}: {ws.title}!{cell.coordinate}: cannot read this cell: {exc}") from exc


def _read_cell(book: Workbook, name: str, cell, cached_ws, max_cells: int):
    value = cell.value
    r, c = cell.row, cell.column
    shown = _cell_value(cached_ws.cell(r, c))
    if isinstance(value, ArrayFormula):
        area = parse_area(value.ref, default_sheet=name)
        size = (area.row2 - area.row1 + 1) * (area.col2 - area.col1 + 1)
        if size > max_cells:
            raise ValueError(f"an array formula over {value.ref} ({size:,} cells) is past the "
                             f"limit of {max_cells:,} cells")
        cached = {(rr, cc): _cell_value(cached_ws.cell(rr, cc)) for rr, cc in area.cells()}
        book.put_array_formula(area, value.text, cached)
        book.cached.update({(name, rr, cc): v for (rr, cc), v in cached.items()})
    elif isinstance(value, DataTableFormula):
        book.warnings.append(f"{name}!{cell.coordinate}: data tables are not "
                             "supported; kept the cached value as a constant")
        book.put(name, r, c, shown)
    elif cell.data_type == "f" and isinstance(value, str):
        known = book.sheet(name).cells.get((r, c))
        if known is not None and known.group is not None:
            return  # a member of an array formula read already
        book.put_formula(name, r, c, value, shown)
        book.cached[(name, r, c)] = shown
    else:
        book.put(name, r, c, _cell_value(cell))


def _read_names(book: Workbook, formulas):
    for name, defined in formulas.defined_names.items():
        book.names.define(name, defined.attr_text or "#REF!")
    for ws in formulas.worksheets:
        for name, defined in ws.defined_names.items():
            book.names.define(name, defined.attr_text or "#REF!", scope=ws.title)
