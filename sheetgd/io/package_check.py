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
- ``xl/workbook.xml`` or its relationships not well-formed;
- more than ``max_cells`` cells in the worksheets, so a huge sheet is
  refused with a message instead of exhausting the memory (the engine holds
  about 500 bytes per cell, so the default limit is about 10 GB).  The
  worksheets are the parts the workbook's relationships name, wherever they
  are stored (a part two sheets name counts twice), in UTF-8 or UTF-16.  Each ``<c>`` element
  counts one cell, and each array formula (``<f t="array" ref="A1:J100000">``)
  the rest of its area: an upper bound, as the members a file also lists as
  cells count again.  (The reader checks the array formulas once more, before
  storing them, against the cells it has really stored.)

Everything is streamed in 1 MiB pieces: the check itself never holds more
than one piece of one part in memory.  The workbook reader asks for the
worksheet parts to be left to it (``sheets_later=True``): it checks them
through :class:`SheetChecks` as it inflates them for reading, so each is
inflated once; the refusals and their messages are the same.
"""

from __future__ import annotations

import codecs
import io
import posixpath
import re
import zipfile
import zlib
from pathlib import Path
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError, XMLPullParser

from ..engine.refs import parse_area, quote_sheet
from .ole_names import SIGNATURE as OLE_SIGNATURE
from .ole_names import stream_names

#: Default limit on the total uncompressed size of a package's parts (1 GiB).
MAX_UNCOMPRESSED = 1 << 30
#: Default limit on the number of cells in all the worksheets of a workbook.
MAX_CELLS = 20_000_000

WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_CHUNK = 1 << 20
_OVERLAP = 64  # longer than any fixed pattern searched for across two pieces
_TAG_OVERLAP = 4096  # an element's start tag left open at a piece's end is kept up to this
_PREFIX = rb"(?:[^\s<>/:!?=\"']+:)?"  # a prefix: any name (XML allows <é:c>)
_CELL = re.compile(rb"<" + _PREFIX + rb"c[\s/>]")
_F_TAG = re.compile(rb"<" + _PREFIX + rb"f\s([^<>]*)>")
_ARRAY_T = re.compile(rb"""\bt\s*=\s*["']array["']""")
_REF = re.compile(rb"""\bref\s*=\s*["']([^"'<>]{1,100})["']""")
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
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            NotImplementedError) as exc:  # NotImplementedError: "zip file version 11.5"
        raise WorkbookReadError(
            f"{path}: damaged zip package, truncated or corrupt ({exc})") from None


# -- where the worksheets are -------------------------------------------------------------

def local(tag: str) -> str:
    """An element's or attribute's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def is_worksheet_type(rel_type: str | None) -> bool:
    """A relationship ``Type`` that names a worksheet (transitional or strict)."""
    return (rel_type or "").endswith("/worksheet")


def resolve_part(target: str, members: dict[str, str]) -> str | None:
    """The zip member a relationship of xl/workbook.xml points to, or None:
    ``target`` relative to xl/ (or absolute), percent-encoded or not, its
    case as written or not (part names are case-insensitive in a package;
    an exact match wins).  ``members``: :func:`member_names`."""
    if not target:
        return None
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join("xl", target))
    candidates = (path, unquote(path))
    found = next((members[c] for c in candidates if c in members), None)
    return found or next((members[c.lower()] for c in candidates if c.lower() in members), None)


def member_names(z: zipfile.ZipFile) -> dict[str, str]:
    """{name: name} of the package's members, and {lower-cased name: name}
    where no member is called that (the first one)."""
    out = {name: name for name in z.namelist()}
    for name in z.namelist():
        out.setdefault(name.lower(), name)
    return out


def sheet_rel_id(attrib: dict) -> str | None:
    """The relationship id of a ``<sheet>`` of xl/workbook.xml (its ``r:id``)."""
    return next((v for k, v in attrib.items() if local(k) == "id"), None)


class NotXML(Exception):
    """A part that an XML parser refuses: not well-formed, or in an encoding
    it cannot read (``encoding="UTF-0"``, a multi-byte one besides UTF-8/16)."""


def xml_problem(exc: Exception) -> str:
    """What a parser's ParseError, LookupError or ValueError says, for people."""
    if isinstance(exc, ParseError):
        return f"not well-formed XML ({exc})"
    return f"XML in an encoding that cannot be read ({exc})"


class _Collector:
    """Parses one small part as it streams past, keeping some elements' attributes."""

    def __init__(self, wanted: str):
        self.parser, self.wanted, self.found = XMLPullParser(events=("end",)), wanted, []

    def feed(self, piece: bytes | None):
        try:
            self.parser.feed(piece) if piece is not None else self.parser.close()
            for _, el in self.parser.read_events():  # (where a parse error comes out)
                if local(el.tag) == self.wanted:
                    self.found.append(dict(el.attrib))
                el.clear()
        except (ParseError, LookupError, ValueError) as exc:
            raise NotXML(xml_problem(exc)) from None

    def close(self):
        self.feed(None)


def _worksheet_parts(z: zipfile.ZipFile, sheets: list[dict], rels: list[dict]) -> dict:
    """{part: [sheet name, ...]}: the worksheets the reader will read."""
    members = member_names(z)
    targets = {r.get("Id"): r.get("Target", "") for r in rels
               if is_worksheet_type(r.get("Type")) and r.get("TargetMode") != "External"}
    out: dict[str, list[str]] = {}
    for sheet in sheets:
        part = resolve_part(targets.get(sheet_rel_id(sheet), ""), members)
        if part is not None:
            out.setdefault(part, []).append(sheet.get("name") or part)
    return out


# -- the limits -----------------------------------------------------------------------------

class _Budget:
    """The limits, and what the parts streamed so far have used of them."""

    def __init__(self, path: Path, z: zipfile.ZipFile, max_uncompressed: int, max_cells: int):
        self.path, self.z = path, z
        self.max_uncompressed, self.max_cells = max_uncompressed, max_cells
        self.bytes = self.cells = 0
        self.sheets: dict[str, list[str]] = {}  # worksheet part -> the sheets reading it

    def add_bytes(self, name: str, n: int):
        self.bytes += n
        if self.bytes > self.max_uncompressed:
            raise WorkbookReadError(
                f"{self.path}: the parts unpack (reached in {name}) to more than the limit of "
                f"{size_text(self.max_uncompressed)}, more than the zip directory declares "
                "(a zip bomb?; raise it with --max-uncompressed or max_uncompressed=)")

    def add_cells(self, sheet: str, n: int):
        """``n`` more cells, read for ``sheet``."""
        self.cells += n
        if self.cells > self.max_cells:
            raise WorkbookReadError(
                f"{self.path}: sheet {sheet!r} takes the workbook past the limit of "
                f"{self.max_cells:,} cells (raise it with --max-cells or max_cells=)")

    def add_arrays(self, sheet: str, times: int, window: bytes, start: int):
        """The array formulas whose start tags end in ``window`` past ``start``:
        the rest of each one's area (its first cell is a ``<c>``)."""
        for m in _F_TAG.finditer(window):
            if m.end() <= start or not _ARRAY_T.search(m.group(1)):
                continue
            ref = _REF.search(m.group(1))
            area = _area(ref.group(1)) if ref else None
            if area is None:
                continue  # the reader warns about it and stores one cell
            size = area.height * area.width
            self.cells += (size - 1) * times
            if self.cells > self.max_cells:
                first = area.a1(with_sheet=False).split(":")[0]
                where = f"{quote_sheet(sheet)}!{first}"
                raise WorkbookReadError(
                    f"{self.path}: {where}: an array formula over {size:,} cells takes the "
                    f"workbook past the limit of {self.max_cells:,} cells (raise it with "
                    "--max-cells or max_cells=)")


def _area(ref: bytes):
    """The area of an array formula's ``ref``, or None if it cannot be read."""
    try:
        text = ref.decode("ascii")
        return None if "!" in text else parse_area(text, default_sheet="s")
    except (UnicodeDecodeError, ValueError):
        return None


def count_cells(xml: bytes) -> int:
    """The number of ``<c>`` elements that start in ``xml``: counted with
    ``bytes.count`` (two passes in C) when every ``<c`` is ``<c `` and no
    prefix is in sight, else with the regular expression."""
    spaced = xml.count(b"<c ")
    if spaced == xml.count(b"<c") and b":c" not in xml:
        return spaced
    return sum(1 for _ in _CELL.finditer(xml))


def _tail(window: bytes) -> bytes:
    """What of ``window`` to look at again with the next piece: the last
    bytes, and a start tag left open (up to :data:`_TAG_OVERLAP` bytes)."""
    start = len(window) - _OVERLAP
    cut = window.rfind(b"<", max(0, len(window) - _TAG_OVERLAP))
    if 0 <= cut < start and window.find(b">", cut) < 0:
        start = cut
    return window[max(0, start):]


class _CellCounter:
    """Counts one worksheet part's cells and array formulas, piece by piece
    (a UTF-16 part as its UTF-8 transcription: the parser reads it too),
    ``times`` over (the number of sheets reading the part), for ``sheet``."""

    def __init__(self, budget: _Budget, sheet: str, times: int = 1):
        self.budget, self.sheet, self.times, self.tail, self.decode = budget, sheet, times, b"", None

    def feed(self, piece: bytes, first: bool):
        if first and piece.startswith((b"\xff\xfe", b"<\x00", b"\xfe\xff", b"\x00<")):
            big = piece.startswith((b"\xfe\xff", b"\x00<"))
            self.decode = codecs.getincrementaldecoder("utf-16-be" if big else "utf-16-le")(
                "replace").decode
        if self.decode is not None:
            piece = self.decode(piece).encode("utf-8", "replace")
        window = self.tail + piece
        self.budget.add_cells(self.sheet, (count_cells(window) - count_cells(self.tail)) * self.times)
        if b"array" in window:
            self.budget.add_arrays(self.sheet, self.times, window, len(self.tail))
        self.tail = _tail(window)


def _refuse_dtd(path: Path, name: str, window: bytes):
    if (b"<!" in window or b"!\x00" in window) and any(mark in window for mark in _DTD_MARKS):
        raise WorkbookReadError(
            f"{path}: {name} declares a DTD or XML entities, which no "
            "workbook part does (an entity-expansion 'billion laughs' attack?); refused")


def _stream_part(info: zipfile.ZipInfo, budget: _Budget, collector: _Collector | None = None):
    name = info.filename
    is_xml = name.endswith((".xml", ".rels", ".vml")) or collector is not None or \
        name in budget.sheets
    sheets = budget.sheets.get(name)
    counter = _CellCounter(budget, sheets[0], len(sheets)) if sheets else None
    tail, first = b"", True
    with budget.z.open(info) as fh:
        while piece := fh.read(_CHUNK):
            budget.add_bytes(name, len(piece))
            window = tail + piece
            if is_xml:
                _refuse_dtd(budget.path, name, window)
            if collector is not None:
                collector.feed(piece)
            if counter is not None:
                counter.feed(piece, first)
            tail, first = window[-_OVERLAP:], False
    if collector is not None:
        collector.close()


def check_package(path: Path, data: bytes, *, max_uncompressed: int = MAX_UNCOMPRESSED,
                  max_cells: int = MAX_CELLS, sheets_later: bool = False) -> "SheetChecks | None":
    """Refuse ``data`` (the bytes of ``path``) unless it is a zip package with
    a workbook part, within the limits, without DTDs in its XML.

    ``sheets_later``: the worksheet parts are not inflated here; the reader
    checks them as it inflates them itself, through the :class:`SheetChecks`
    returned (the same refusals, with the same messages, before the part's
    cells past the limit are stored)."""
    try:
        return _check(path, data, max_uncompressed, max_cells, sheets_later)
    except WorkbookReadError as exc:  # a part's name may hold a line break
        raise _one_line(exc) from None


def _one_line(exc: WorkbookReadError) -> WorkbookReadError:
    text = str(exc)
    return WorkbookReadError(text.replace("\r", " ").replace("\n", " ")) \
        if "\n" in text or "\r" in text else exc


def _check(path: Path, data: bytes, max_uncompressed: int, max_cells: int, sheets_later: bool):
    check_signature(path, data)
    with _open_zip(path, data) as z:
        infos = z.infolist()
        if WORKBOOK not in {i.filename for i in infos}:
            raise WorkbookReadError(f"{path}: a zip file, but not a workbook (no {WORKBOOK})")
        declared = sum(i.file_size for i in infos)
        if declared > max_uncompressed:
            raise WorkbookReadError(
                f"{path}: its parts would unpack to {size_text(declared)}, more than the limit "
                f"of {size_text(max_uncompressed)} (a zip bomb?; raise it with "
                "--max-uncompressed or max_uncompressed=)")
        budget = _Budget(path, z, max_uncompressed, max_cells)
        book, rels = _Collector("sheet"), _Collector("Relationship")
        first = [(z.getinfo(WORKBOOK), book)]  # (the member the reader opens, of duplicates)
        if WORKBOOK_RELS in z.NameToInfo:
            first.append((z.getinfo(WORKBOOK_RELS), rels))
        for info, collector in first:
            _checked_stream(path, info, budget, collector)
        budget.sheets = _worksheet_parts(z, book.found, rels.found)
        done = {id(info) for info, _ in first}
        for info in infos:
            if id(info) in done or sheets_later and info.filename in budget.sheets:
                continue
            _checked_stream(path, info, budget)
    return SheetChecks(budget) if sheets_later else None


def _checked_stream(path: Path, info: zipfile.ZipInfo, budget: _Budget,
                    collector: _Collector | None = None):
    try:
        _stream_part(info, budget, collector)
    except NotXML as exc:
        raise WorkbookReadError(f"{path}: {info.filename}: {exc}") from None
    except _ZIP_ERRORS as exc:
        raise _damaged(path, info.filename, exc) from None


_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
               ValueError, NotImplementedError, RuntimeError)


def _damaged(path: Path, name: str, exc: Exception) -> WorkbookReadError:
    return WorkbookReadError(f"{path}: damaged zip package: {name}: {exc}")


# -- the worksheets, checked while the reader inflates them --------------------------------

class SheetChecks:
    """The package check's work on the worksheet parts, done on the bytes the
    reader inflates (one inflation of each sheet instead of two): the bytes
    against ``max_uncompressed``, DTDs, damaged zip data, and the cells
    against ``max_cells``, counted in the order the reader reads the sheets.

    The reader opens each sheet's part with :meth:`open`.  A stream opened
    with ``scan=True`` looks at every piece it hands out as the check does
    (DTD marks, ``<c>`` elements, array formulas' areas); the fast reader
    opens them with ``scan=False``, scans what lies outside ``<sheetData>``
    itself (:meth:`CheckedPart.scan`) and counts the cells it tokenizes
    (:meth:`add_cells`) before storing them: its tokenizer takes no markup
    but rows and cells, so no DTD can hide in what it accepts.
    :meth:`mark`/:meth:`restore` undo the count of a sheet the fast reader
    gives back to the general one.  :meth:`finish` checks, the old way, any
    worksheet part the reader did not open."""

    def __init__(self, budget: _Budget):
        self.budget = budget
        self.opened: set[str] = set()  # parts whose bytes are counted already

    def open(self, zf: zipfile.ZipFile, part: str, sheet: str, scan: bool = True) -> "CheckedPart":
        first = part not in self.opened
        self.opened.add(part)
        return CheckedPart(self, zf, part, sheet, scan, first)

    def add_cells(self, sheet: str, n: int):
        try:
            self.budget.add_cells(sheet, n)
        except WorkbookReadError as exc:
            raise _one_line(exc) from None

    def mark(self) -> int:
        return self.budget.cells

    def restore(self, mark: int):
        self.budget.cells = mark

    def finish(self, zf: zipfile.ZipFile):
        for part, sheets in self.budget.sheets.items():
            if part in self.opened:
                continue
            with self.open(zf, part, sheets[0]) as fh:
                fh.counter.times = len(sheets)
                while fh.read(_CHUNK):
                    pass


class CheckedPart:
    """A worksheet part's stream (``read``), checked as :class:`SheetChecks` says."""

    def __init__(self, checks: SheetChecks, zf: zipfile.ZipFile, part: str, sheet: str,
                 scan: bool, count_bytes: bool):
        self.budget, self.part, self.sheet = checks.budget, part, sheet
        self.scanning, self.count_bytes = scan, count_bytes
        self.counter = _CellCounter(self.budget, sheet)
        self.tail, self.first = b"", True
        try:
            self.fh = zf.open(part)
        except _ZIP_ERRORS as exc:
            raise _one_line(_damaged(self.budget.path, part, exc)) from None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()

    def read(self, n: int = -1) -> bytes:
        try:
            piece = self.fh.read(n)
        except _ZIP_ERRORS as exc:
            raise _one_line(_damaged(self.budget.path, self.part, exc)) from None
        if self.count_bytes:
            self._guard(self.budget.add_bytes, self.part, len(piece))
        if self.scanning:
            self._scan(piece)
        return piece

    def scan(self, data: bytes):
        """Check ``data`` (bytes of the part outside ``<sheetData>``, each
        handed over once) as the package check would."""
        self.tail, self.counter.tail = b"", b""
        self._scan(data)

    def _scan(self, data: bytes):
        for at in range(0, len(data), _CHUNK):  # (pieces no larger than the check's)
            piece = data[at:at + _CHUNK]
            window = self.tail + piece
            self._guard(_refuse_dtd, self.budget.path, self.part, window)
            self._guard(self.counter.feed, piece, self.first)
            self.tail, self.first = window[-_OVERLAP:], False

    @staticmethod
    def _guard(check, *args):
        try:
            check(*args)
        except WorkbookReadError as exc:
            raise _one_line(exc) from None
