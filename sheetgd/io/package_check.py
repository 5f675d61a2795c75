"""Checking that a file is an .xlsx/.xlsm package that is safe to parse,
before openpyxl sees it.

Each refusal is a :class:`WorkbookReadError` whose one-line message names the
file (and the part or sheet):

- an empty file, a file that is not a zip, a damaged or truncated zip, a zip
  without ``xl/workbook.xml``;
- an OLE2 compound file: an old binary .xls ("save it as .xlsx"), a
  password-protected workbook, or something else (:mod:`.ole_names`);
- a zip bomb: the sizes the zip's directory declares add up to more than
  ``max_uncompressed`` bytes (refused before anything is decompressed), or
  the parts turn out larger than declared while they are streamed through;
- XML that declares a DTD or entities (``<!DOCTYPE``/``<!ENTITY``: no Office
  part does; "billion laughs" needs them).  openpyxl parses with defusedxml
  as well, which refuses the same thing;
- more than ``max_cells`` cells (``<c>`` elements) in the worksheets, so a
  huge sheet is refused with a message instead of exhausting the memory
  (the engine holds about 500 bytes per cell, so the default limit is
  about 10 GB).

Everything is streamed in 1 MiB pieces: the check itself never holds more
than one piece of one part in memory.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from .ole_names import SIGNATURE as OLE_SIGNATURE
from .ole_names import stream_names

#: Default limit on the total uncompressed size of a package's parts (1 GiB).
MAX_UNCOMPRESSED = 1 << 30
#: Default limit on the number of cells in all the worksheets of a workbook.
MAX_CELLS = 20_000_000

_CHUNK = 1 << 20
_OVERLAP = 64  # longer than any pattern searched for across two pieces
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_DTD_MARKS = tuple(mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY")
                   for enc in ("ascii", "utf-16-le", "utf-16-be"))


class WorkbookReadError(Exception):
    """A file that cannot be read as a workbook; the message names the file."""


def size_text(n: int) -> str:
    """``1073741824`` -> ``"1 GiB"``: bytes in the largest whole-ish unit."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def _ole_message(path: Path, data: bytes) -> str:
    names = {n.lower() for n in stream_names(data)}
    if {"encryptioninfo", "encryptedpackage"} & names:
        return (f"{path}: the workbook is password-protected (encrypted); remove the "
                "password in Excel or LibreOffice and save it as .xlsx")
    if {"workbook", "book"} & names:
        return f"{path}: old binary .xls format (Excel 97-2003); save it as .xlsx"
    if names:
        return f"{path}: an OLE2 compound file (a .doc, .msg, ...), not an .xlsx workbook"
    return (f"{path}: an OLE2 compound file whose directory cannot be read (an old binary .xls, "
            "or an encrypted workbook?); save it as .xlsx")


def check_signature(path: Path, data: bytes) -> None:
    """Refuse what is not a zip at all, saying what it is where that is known."""
    if not data:
        raise WorkbookReadError(f"{path}: the file is empty")
    if data.startswith(OLE_SIGNATURE):
        raise WorkbookReadError(_ole_message(path, data))
    if not data.startswith(b"PK"):
        raise WorkbookReadError(f"{path}: not an .xlsx/.xlsm file (not a zip package)")


def _open_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise WorkbookReadError(
            f"{path}: damaged zip package, truncated or corrupt ({exc})") from None


def _sheet_names(z: zipfile.ZipFile) -> dict[str, str]:
    """{"xl/worksheets/sheet1.xml": "data", ...}, or {} if it cannot be told."""
    from defusedxml.ElementTree import fromstring

    try:
        book = fromstring(z.read("xl/workbook.xml"))
        rels = fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # a message without the sheet's name is still a message
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for el in book.iter():
        if el.tag.endswith("}sheet"):
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "").lstrip("/")
            out[target if target.startswith("xl/") else f"xl/{target}"] = el.get("name")
    return out


class _Budget:
    """The limits, and what the parts streamed so far have used of them."""

    def __init__(self, path: Path, z: zipfile.ZipFile, max_uncompressed: int, max_cells: int):
        self.path, self.z = path, z
        self.max_uncompressed, self.max_cells = max_uncompressed, max_cells
        self.bytes = self.cells = 0

    def add_bytes(self, name: str, n: int):
        self.bytes += n
        if self.bytes > self.max_uncompressed:
            raise WorkbookReadError(
                f"{self.path}: the parts unpack (reached in {name}) to more than the limit of "
                f"{size_text(self.max_uncompressed)}, more than the zip directory declares "
                "(a zip bomb?; raise it with --max-uncompressed or max_uncompressed=)")

    def add_cells(self, name: str, n: int):
        self.cells += n
        if self.cells > self.max_cells:
            sheet = _sheet_names(self.z).get(name)
            where = f"sheet {sheet!r}" if sheet else name
            raise WorkbookReadError(
                f"{self.path}: {where} takes the workbook past the limit of "
                f"{self.max_cells:,} cells (raise it with --max-cells or max_cells=)")


def count_cells(xml: bytes) -> int:
    """The number of ``<c>`` elements that start in ``xml``: counted with
    ``bytes.count`` (two passes in C) when every ``<c`` is ``<c `` and no
    prefix is in sight, else with the regular expression."""
    spaced = xml.count(b"<c ")
    if spaced == xml.count(b"<c") and b":c" not in xml:
        return spaced
    return sum(1 for _ in _CELL.finditer(xml))


def _stream_part(info: zipfile.ZipInfo, budget: _Budget):
    name = info.filename
    is_xml = name.endswith((".xml", ".rels", ".vml"))
    is_sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
    tail = b""
    with budget.z.open(info) as fh:
        while piece := fh.read(_CHUNK):
            budget.add_bytes(name, len(piece))
            window = tail + piece
            if is_xml and (b"<!" in window or b"!\x00" in window) and \
                    any(mark in window for mark in _DTD_MARKS):
                raise WorkbookReadError(
                    f"{budget.path}: {name} declares a DTD or XML entities, which no "
                    "workbook part does (an entity-expansion 'billion laughs' attack?); refused")
            if is_sheet:
                budget.add_cells(name, count_cells(window) - count_cells(tail))
            tail = window[-_OVERLAP:]


def check_package(path: Path, data: bytes, *, max_uncompressed: int = MAX_UNCOMPRESSED,
                  max_cells: int = MAX_CELLS) -> None:
    """Refuse ``data`` (the bytes of ``path``) unless it is a zip package with
    a workbook part, within the limits, without DTDs in its XML."""
    check_signature(path, data)
    with _open_zip(path, data) as z:
        infos = z.infolist()
        if "xl/workbook.xml" not in {i.filename for i in infos}:
            raise WorkbookReadError(f"{path}: a zip file, but not a workbook (no xl/workbook.xml)")
        declared = sum(i.file_size for i in infos)
        if declared > max_uncompressed:
            raise WorkbookReadError(
                f"{path}: its parts would unpack to {size_text(declared)}, more than the limit "
                f"of {size_text(max_uncompressed)} (a zip bomb?; raise it with "
                "--max-uncompressed or max_uncompressed=)")
        budget = _Budget(path, z, max_uncompressed, max_cells)
        for info in infos:
            try:
                _stream_part(info, budget)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
                    ValueError, NotImplementedError, RuntimeError) as exc:
                raise WorkbookReadError(
                    f"{path}: damaged zip package: {info.filename}: {exc}") from None
