"""Reading .xlsx/.xlsm files into an engine :class:`Workbook`.

Before anything is parsed, :mod:`.package_check` refuses files that are not
workbooks (saying what they are: an old .xls, an encrypted workbook, a
damaged zip) and hostile ones (zip bombs, XML entity bombs, more cells than
fit in memory), each with a one-line :class:`WorkbookReadError`.  The
worksheet parts, which hold nearly all the bytes, are checked as the reader
inflates them (:class:`.package_check.SheetChecks`: one inflation, not two),
each refusal before the cells past the limit are stored.

Then the worksheets are streamed once (:mod:`.xlsx_stream`): formulas, and
the values the saving application cached, which are kept in
``Workbook.cached`` for comparison and used as the cells' initial (stale)
values, exactly as Excel opens a file before recalculating.  Only the parts
that hold cells, names, strings, tables (:mod:`.xlsx_tables`) and the
layout of PivotTables (:mod:`.xlsx_pivots`, for GETPIVOTDATA) are read,
and the links to other workbooks with the values they cached
(:mod:`.external_links`; ``[1]Sheet1!A1`` is evaluated from those, the
other file is never opened): pivot cache records, drawings and macros are
never parsed.  A cached value that is not a finite number
becomes ``#NUM!``; one that cannot be read at all becomes an error value
with a warning naming its cell (:func:`.cell_values.cell_value`), so one odd
cell never refuses the file.  What leaves no workbook -- a sheet whose part
is missing or not a worksheet, XML that is not well-formed -- is a
:class:`WorkbookReadError` naming the file and the part.
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from ..engine import FormulaError, Workbook
from ..gcpause import paused_gc
from .xlsx_stream import PartError, UnsafeXML, read_package, read_sheet
from .package_check import (MAX_CELLS, MAX_UNCOMPRESSED, WorkbookReadError, check_package,
                            member_names, size_text)
from .xlsx_pivots import read_pivots
from .xlsx_tables import read_tables

__all__ = ["MAX_CELLS", "MAX_UNCOMPRESSED", "WorkbookReadError", "read_workbook", "stored_cells"]

log = logging.getLogger(__name__)


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


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def read_workbook(path, *, seed: int | None = None, calculate: bool = True,
                  max_uncompressed: int = MAX_UNCOMPRESSED,
                  max_cells: int = MAX_CELLS, fast: bool = True) -> Workbook:
    """Load a workbook file; recalculate it unless ``calculate`` is false.

    Refuses (WorkbookReadError, one line naming the file) what is not a
    workbook, what is encrypted or an old .xls, XML with entity declarations,
    and packages beyond ``max_uncompressed`` bytes unpacked or ``max_cells``
    cells (:mod:`.package_check`).  VBA in an .xlsm is never run: the reader
    does not even open it.  ``fast=False`` reads every sheet with the
    general streaming reader (the reference the fast path is tested against).
    """
    path = Path(path)
    data = _read_bytes(path, max_uncompressed)
    checks = check_package(path, data, max_uncompressed=max_uncompressed, max_cells=max_cells,
                           sheets_later=True)
    book = Workbook(seed=seed)
    book.calculation = "manual"
    try:
        with paused_gc(promote=True), zipfile.ZipFile(io.BytesIO(data)) as zf:
            package = read_package(zf)
            book.date1904 = package.date1904
            book.warnings += package.warnings
            book.iteration = package.iteration
            book.external_books = package.external_books
            for part in package.sheets:
                _add_sheet(book, part.name)
            members = member_names(zf)
            read_tables(book, zf, package.sheets, members)  # before the formulas
            read_pivots(book, zf, package.sheets, members)
            for name, text, scope in package.names:  # before the formulas: MYADD(1,2) calls one
                book.names.define(name, text, scope=scope)
            for part in package.sheets:
                read_sheet(book, zf, part, package.strings, max_cells, fast=fast,
                           dynamic_cm=package.dynamic_cm, checks=checks)
            if checks is not None:
                checks.finish(zf)
    except WorkbookReadError:
        raise
    except (UnsafeXML, PartError) as exc:
        raise WorkbookReadError(f"{path}: {_one_line(exc)}") from None
    except (ParseError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise WorkbookReadError(f"{path}: cannot read the workbook: {_one_line(exc)}") from exc
    except Exception as exc:  # a bug of sheetgd's the file set off: one line (--debug: the rest)
        raise WorkbookReadError(f"{path}: cannot read the workbook (internal error, "
                                f"{type(exc).__name__}): {_one_line(exc)}") from exc
    for note in book.warnings:
        log.warning("%s", note)
    if calculate:
        book.calculate_all()
    book.calculation = "automatic" if calculate else "manual"
    return book


def _add_sheet(book: Workbook, name: str):
    try:
        book.add_sheet(name)
    except FormulaError as exc:  # a name used twice, or one Excel does not allow
        raise PartError(f"xl/workbook.xml: sheet {name[:40]!r}: {exc}") from None


def stored_cells(ws):
    """The cells the file holds, row by row.  (``iter_rows`` would visit, and
    create, every cell of the bounding box: 17 billion for a sheet that holds
    only A1 and XFD1048576.)"""
    return [cell for _, cell in sorted(ws._cells.items())]
