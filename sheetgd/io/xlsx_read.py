"""Reading .xlsx/.xlsm files into an engine :class:`Workbook` (openpyxl).

The file is read twice from the same bytes: once for formulas, once with
``data_only=True`` for the values the saving application cached, which are
kept in ``Workbook.cached`` for comparison and used as the cells' initial
(stale) values, exactly as Excel opens a file before recalculating.

openpyxl refuses some parts it cannot parse (pivot caches, odd drawings).
Then the file is read again with only the parts that carry cells, and the
reader warns about what it dropped.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
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

log = logging.getLogger(__name__)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_KEEP_PARTS = ("[Content_Types].xml", "_rels/", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
               "xl/worksheets/sheet", "xl/sharedStrings.xml", "xl/styles.xml", "xl/theme/")


class WorkbookReadError(Exception):
    """A file that cannot be read as a workbook; the message names the file."""


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
        return float(value)
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
        raise WorkbookReadError(f"{path}: openpyxl cannot read it: {first_error}") from None
    return book, [f"{path}: openpyxl could not read the whole file ({first_error}); "
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
    formulas, notes = _open(data, path)
    values, _ = _open(data, path, data_only=True)

    book = Workbook(seed=seed)
    book.warnings += notes
    book.calculation = "manual"
    for ws in formulas.worksheets:
        book.add_sheet(ws.title)
    for ws in formulas.worksheets:
        _read_sheet(book, ws, values[ws.title])
    _read_names(book, formulas)
    for note in book.warnings:
        log.warning("%s", note)
    if calculate:
        book.calculate_all()
    book.calculation = "automatic" if calculate else "manual"
    return book


def _read_sheet(book: Workbook, ws, cached_ws):
    name = ws.title
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            if value is None:
                continue
            r, c = cell.row, cell.column
            shown = _cell_value(cached_ws.cell(r, c))
            if isinstance(value, ArrayFormula):
                area = parse_area(value.ref, default_sheet=name)
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
                    continue  # a member of an array formula read already
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
