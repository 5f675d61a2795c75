"""Reading .xlsx/.xlsm files into an engine :class:`Workbook`.

The package is checked first (a zip, a workbook, not an old .xls), then
its worksheets are streamed once (:mod:`.xlsx_stream`): formulas, and the
values the saving application cached, which are kept in
``Workbook.cached`` for comparison and used as the cells' initial (stale)
values, exactly as Excel opens a file before recalculating.  Only the parts
that hold cells, names and strings are read: pivot caches, drawings and
macros are never opened.
"""

from __future__ import annotations

import io
import logging
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from ..engine import Workbook
from ..engine.gcpause import paused_gc
from .xlsx_stream import read_package, read_sheet

log = logging.getLogger(__name__)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class WorkbookReadError(Exception):
    """A file that cannot be read as a workbook; the message names the file."""


def _check_signature(path: Path, data: bytes):
    if not data:
        raise WorkbookReadError(f"{path}: the file is empty")
    if data.startswith(_OLE_MAGIC):
        raise WorkbookReadError(
            f"{path}: this is an old binary .xls file (or an encrypted workbook); "
            "save it as .xlsx first")
    if not data.startswith(b"PK"):
        raise WorkbookReadError(f"{path}: not an .xlsx/.xlsm file (not a zip package)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except zipfile.BadZipFile as exc:
        raise WorkbookReadError(f"{path}: damaged zip package ({exc})") from None
    if "xl/workbook.xml" not in names:
        raise WorkbookReadError(f"{path}: a zip file, but not a workbook (no xl/workbook.xml)")


def read_workbook(path, *, seed: int | None = None, calculate: bool = True) -> Workbook:
    """Load a workbook file; recalculate it unless ``calculate`` is false."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookReadError(f"{path}: {exc.strerror or exc}") from None
    _check_signature(path, data)
    book = Workbook(seed=seed)
    book.calculation = "manual"
    try:
        with paused_gc(), zipfile.ZipFile(io.BytesIO(data)) as zf:
            package = read_package(zf)
            for part in package.sheets:
                book.add_sheet(part.name)
            for part in package.sheets:
                read_sheet(book, zf, part, package.strings)
    except (ParseError, DefusedXmlException, ValueError, KeyError, EOFError, zipfile.BadZipFile,
            zlib.error) as exc:
        raise WorkbookReadError(f"{path}: cannot read the workbook: {exc}") from None
    for name, text, scope in package.names:
        book.names.define(name, text, scope=scope)
    for note in book.warnings:
        log.warning("%s", note)
    if calculate:
        book.calculate_all()
    book.calculation = "automatic" if calculate else "manual"
    return book
