"""Reading a workbook package's cells in one streaming pass.

An .xlsx cell carries both its formula and the value the saving application
cached (``<c r="E5"><f>C5+D5*A5</f><v>1.5</v></c>``), so one pass over each
worksheet's XML gives both -- openpyxl needs two full loads for that, and
holds every cell as an object while it does.  The XML is parsed
incrementally by expat (the C parser behind ElementTree), each row dropped
once read.  A part that declares a DTD is refused before parsing (no
entity declarations, so no entity bombs: an .xlsx never needs one), and
expat >= 2.4 also caps entity amplification on its own.

Shared formulas (``<f t="shared" si="0">`` in the first cell of a run,
``<f t="shared" si="0"/>`` in the others) need no translation: the engine's
ASTs are relative to their host cell, so every cell of the run gets the
master's node.  Array formulas are put once their members' cached values
have been read; data tables keep their cached values as constants.

One odd cell never refuses the file: a value that cannot be read (a number
that is not one, a shared string that does not exist, a boolean that is
not 1/0/true/false, an unknown cell type or error text, a date that is not
ISO 8601) becomes an error value in its cell (:func:`.cell_values.cell_value`
says which) and a cell or row whose position cannot be read is left out,
each with a warning naming it.  What leaves no workbook to read -- a sheet
whose part is missing, a part that is not a worksheet, XML that is not
well-formed -- raises :class:`PartError`, one line naming the part.
"""

from __future__ import annotations

import logging
import re
import zipfile
from dataclasses import dataclass, field

from xml.etree.ElementTree import ParseError, XMLPullParser

from ..engine import Workbook
from ..engine.errors import FormulaError, XLError
from ..engine.parser import FillDown, parse
from ..engine.refs import MAX_COL, MAX_ROW, letters_to_col, parse_area, quote_sheet
from ..engine.values import EMPTY
from ..engine.workbook import address
from .package_check import (WORKBOOK, WORKBOOK_RELS, is_worksheet_type, local, member_names,
                            resolve_part, sheet_rel_id, xml_problem)
from .cell_values import Unreadable, cell_value, ooxml_text
from .external_links import read_links
from .xlsx_merges import merge_refs, put_merges
from .xlsx_metadata import dynamic_cell_metadata
from .sheet_scan import NotFast, SheetState, read_chunk

log = logging.getLogger(__name__)

_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
         "http://purl.oclc.org/ooxml/spreadsheetml/main")
#: Relationship types (their ends) of sheets that hold no cells sheetgd reads.
_OTHER_SHEETS = ("/chartsheet", "/dialogsheet", "/xlMacrosheet", "/xlIntlMacrosheet")


@dataclass
class SheetPart:
    name: str
    path: str  # inside the package


@dataclass
class Package:
    """What workbook.xml and its relationships say: sheets, names, strings."""

    sheets: list[SheetPart] = field(default_factory=list)
    all_sheets: list[str] = field(default_factory=list)  # localSheetId order (chart sheets too)
    names: list[tuple[str, str, str | None]] = field(default_factory=list)  # name, text, scope
    strings: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # names left out
    iteration: object = None  # calcPr's iterative calculation (engine Iteration), or None
    date1904: bool = False  # <workbookPr date1904="1"/>: dates in the 1904 system
    external_books: list = field(default_factory=list)  # [1], [2] ... (.external_links)
    dynamic_cm: frozenset = frozenset()  # cells' cm values marking dynamic arrays (.xlsx_metadata)


#: Bytes read from the start of a part to find its root element (and refuse a DTD).
PROLOG_LIMIT = 65536
_CHUNK = 1 << 16


class UnsafeXML(ValueError):
    """A part declares a DTD (entities): refused before parsing."""


class PartError(ValueError):
    """A part that leaves no workbook to read; the message names it (the
    caller puts the file's name before it)."""


def elements(zf: zipfile.ZipFile, name: str, opened=None):
    """The elements of part ``name``, each when its end tag is read
    (from the stream ``opened`` instead of ``zf.open(name)`` if given)."""
    with opened if opened is not None else zf.open(name) as stream:
        head = stream.read(PROLOG_LIMIT)
        _check_prolog(name, head)
        parser = XMLPullParser(events=("end",))
        chunk = head
        try:
            while chunk:
                parser.feed(chunk)
                for _, el in parser.read_events():
                    yield el
                chunk = stream.read(_CHUNK)
            parser.close()
            for _, el in parser.read_events():
                yield el
        except (ParseError, LookupError, ValueError) as exc:
            raise PartError(f"{name}: {xml_problem(exc)}") from None


def _check_prolog(name: str, head: bytes):
    """Refuse a DTD before the root element; the root must start in ``head``."""
    pos = 0
    while True:
        pos = head.find(b"<", pos)
        if pos < 0 or pos + 1 >= len(head):
            raise UnsafeXML(f"{name}: no root element in the first {PROLOG_LIMIT} bytes")
        nxt = head[pos + 1:pos + 2]
        if nxt == b"?":  # the XML declaration, a processing instruction
            pos = head.find(b"?>", pos)
        elif head.startswith(b"<!--", pos):
            pos = head.find(b"-->", pos)
        elif nxt == b"!":
            raise UnsafeXML(f"{name}: declares a DTD ({head[pos:pos + 9].decode('ascii', 'replace')}"
                            "...), which a workbook never needs: refused (entity bomb?)")
        else:
            return
        if pos < 0:
            raise UnsafeXML(f"{name}: no root element in the first {PROLOG_LIMIT} bytes")


def _root(zf: zipfile.ZipFile, name: str):
    root = None
    for el in elements(zf, name):
        root = el  # the root ends last
    return root


_local = local


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def read_package(zf: zipfile.ZipFile) -> Package:
    """The sheets (each found through the workbook's relationships, wherever
    its part is stored), defined names, shared strings and the links to
    other workbooks with their cached values (:mod:`.external_links`);
    PartError if a sheet's part is missing."""
    pkg = Package()
    root = _root(zf, WORKBOOK)
    if _local(root.tag) != "workbook" or _namespace(root.tag) not in _MAIN + ("",):
        raise PartError(f"{WORKBOOK}: not a SpreadsheetML workbook (its root element is "
                        f"{root.tag[:120]!r})")
    rels = {}
    if WORKBOOK_RELS in zf.NameToInfo:
        rels = {rel.get("Id"): rel for rel in _root(zf, WORKBOOK_RELS)
                if _local(rel.tag) == "Relationship"}
    members, names, links = member_names(zf), [], []
    for group in root:
        if _local(group.tag) == "sheets":
            for sheet in group:
                if _local(sheet.tag) == "sheet":
                    _add_sheet(pkg, sheet, rels, members)
        elif _local(group.tag) == "definedNames":
            names += [d for d in group if _local(d.tag) == "definedName"]
        elif _local(group.tag) == "calcPr":
            pkg.iteration = _iteration(group, pkg.warnings)
        elif _local(group.tag) == "externalReferences":
            links += [sheet_rel_id(ref.attrib) for ref in group
                      if _local(ref.tag) == "externalReference"]
        elif _local(group.tag) == "workbookPr":
            pkg.date1904 = group.get("date1904", "").strip().lower() in ("1", "true")
    if not pkg.all_sheets:  # Excel needs one at least
        raise PartError(f"{WORKBOOK}: the workbook lists no sheets")
    for d in names:  # after the sheets: localSheetId is a position among them
        _add_name(pkg, d)
    if links:
        pkg.external_books = read_links(zf, links, rels, members, elements, pkg.warnings)
    strings = next((resolve_part(r.get("Target", ""), members) for r in rels.values()
                    if r.get("Type", "").endswith("/sharedStrings")), None)
    if strings is None and "xl/sharedStrings.xml" in zf.NameToInfo:
        strings = "xl/sharedStrings.xml"
    if strings:
        for si in elements(zf, strings):
            if _local(si.tag) == "si":
                pkg.strings.append(_rich_text(si))
                si.clear()
    pkg.dynamic_cm = dynamic_cell_metadata(zf, rels, members, pkg.warnings)
    return pkg


def _iteration(calc_pr, warnings: list):
    """calcPr's iterative calculation (``iterate``, ``iterateCount``,
    ``iterateDelta``; ECMA-376 18.2.2, defaults 100 and 0.001), or None when
    off.  An attribute that is not a number Excel allows is warned about and
    its default used."""
    from ..engine.iteration import Iteration

    if calc_pr.get("iterate", "0").lower() not in ("1", "true"):
        return None
    count, delta = Iteration.count, Iteration.max_change
    try:
        count = int(calc_pr.get("iterateCount", count))
        delta = float(calc_pr.get("iterateDelta", delta))
        return Iteration(count, delta)
    except ValueError as exc:
        warnings.append(f"{WORKBOOK}: calcPr: {exc}; iterating 100 times, to a change of 0.001")
        return Iteration()


def _add_sheet(pkg: Package, sheet, rels: dict, members: dict):
    name = sheet.get("name")
    if not name:
        raise PartError(f"{WORKBOOK}: a sheet without a name")
    pkg.all_sheets.append(name)
    rid = sheet_rel_id(sheet.attrib)
    rel = rels.get(rid)
    if rel is None:
        said = "it names no relationship (r:id)" if rid is None else \
            f"no relationship {rid!r} in {WORKBOOK_RELS}"
        raise PartError(f"sheet {name!r}: {said}, so nothing says where its part is")
    kind = rel.get("Type", "")
    if kind.endswith(_OTHER_SHEETS):
        return
    target = rel.get("Target", "")
    part = None if rel.get("TargetMode") == "External" else resolve_part(target, members)
    if not is_worksheet_type(kind):
        raise PartError(f"sheet {name!r}: relationship {rid!r} is of type {kind[:120]!r}, "
                        "not a worksheet")
    if part is None:
        raise PartError(f"sheet {name!r}: its part {target[:200]!r} (relationship {rid!r}) "
                        "is missing from the package")
    pkg.sheets.append(SheetPart(name, part))


def _add_name(pkg: Package, d):
    name = d.get("name", "")
    if name.startswith("_xlnm."):  # print areas, filters: not formulas
        return
    scope = d.get("localSheetId")
    if not name:
        pkg.warnings.append(f"{WORKBOOK}: a defined name without a name; left out")
        return
    if scope is not None:
        text = scope.strip()
        if not (text.isascii() and text.isdigit() and len(text) < 10):
            pkg.warnings.append(f"defined name {name!r}: localSheetId {scope[:40]!r} is not a "
                                "sheet's position (0, 1, ...); the name is left out")
            return
        if int(text) >= len(pkg.all_sheets):
            pkg.warnings.append(f"defined name {name!r}: localSheetId {text} is past the "
                                f"workbook's {len(pkg.all_sheets)} sheets; the name is left out")
            return
        scope = pkg.all_sheets[int(text)]
    pkg.names.append((name, (d.text or "").strip() or "#REF!", scope))


def _rich_text(el) -> str:
    """The text of an ``<si>`` or ``<is>``: its ``<t>``, or its runs' (not
    the phonetic ``<rPh>``), each's ``_xHHHH_`` escapes read (:func:`.ooxml_text`)."""
    parts = []
    for ch in el:
        tag = _local(ch.tag)
        if tag == "t":
            parts.append(ooxml_text(ch.text or ""))
        elif tag == "r":
            parts += [ooxml_text(t.text or "") for t in ch if _local(t.tag) == "t"]
    return "".join(parts)


_LETTERS = re.compile(r"[A-Za-z]{1,3}")


class _Columns:
    """``"E5"`` -> 5, with the column letters cached; None for a reference
    that is not a cell's (``$A1``, ``A1B``) or lies past XFD.  (A cell's row
    is its row element's.)"""

    def __init__(self):
        self.cols: dict[str, int | None] = {}

    def __call__(self, ref: str) -> int | None:
        letters = ref.rstrip("0123456789")
        col = self.cols.get(letters, 0)
        if col == 0:
            col = letters_to_col(letters.upper()) if _LETTERS.fullmatch(letters) else None
            col = self.cols[letters] = col if col is not None and col <= MAX_COL else None
        return col


def read_sheet(book: Workbook, zf: zipfile.ZipFile, part: SheetPart, strings: list[str],
               max_cells: int | None = None, fast: bool = True, dynamic_cm=frozenset(),
               checks=None):
    """Put every cell of one worksheet into ``book`` (no recalculation).
    Array formulas that would take the workbook's cells past ``max_cells``
    are refused (PartError) before any of them is stored.  ``checks``: the
    package check's :class:`~.package_check.SheetChecks`, which the part is
    read through (its refusals are WorkbookReadErrors), or None.

    The fast path (:mod:`.sheet_scan`) reads plain sheets a column at a time;
    whatever it does not know makes it give the sheet back, emptied, to
    the general reader here (``fast=False`` goes there at once)."""
    cells = _CellStore(book, part.name, strings, dynamic_cm, checks)
    if fast:
        warnings = len(book.warnings)
        mark = checks.mark() if checks is not None else None
        try:
            _read_fast(book, zf, part, cells)
        except NotFast as exc:
            log.debug("%s: general reader (%s)", part.name, exc)
            if checks is not None:
                checks.restore(mark)
            del book.warnings[warnings:]
            book.clear_sheet(part.name)
            cells = _CellStore(book, part.name, strings, dynamic_cm, checks)
        else:
            cells.put_arrays(max_cells)
            cells.put_merges()
            return
    _read_general(book, zf, part, cells)
    cells.put_arrays(max_cells)
    cells.put_merges()


#: Decompressed bytes of <sheetData> read by the fast path at a time.
FAST_CHUNK = 1 << 19
#: How far into a part the fast path looks for <sheetData>.
_HEAD_LIMIT = 1 << 24


def _open(zf: zipfile.ZipFile, part: SheetPart, checks, scan: bool):
    return zf.open(part.path) if checks is None else checks.open(zf, part.path, part.name, scan)


def _scan(fh, data: bytes):
    """The package check's look at bytes outside <sheetData> (a checked stream's)."""
    if hasattr(fh, "scan"):
        fh.scan(data)


def _read_fast(book: Workbook, zf: zipfile.ZipFile, part: SheetPart, cells: "_CellStore"):
    if book.sheet(part.name).cells:  # its bulk puts rely on every cell being new
        raise NotFast("the sheet has cells already")
    checks = cells.checks
    with _open(zf, part, checks, scan=False) as fh:
        buf = fh.read(max(FAST_CHUNK, PROLOG_LIMIT))
        start = buf.find(b"<sheetData>")
        while start < 0 and len(buf) < _HEAD_LIMIT and (more := fh.read(FAST_CHUNK)):
            buf += more
            start = buf.find(b"<sheetData>")
        if start < 0 and b"<sheetData/>" in buf and _utf8(buf):  # a sheet without cells
            whole = buf + fh.read()
            _scan(fh, whole)
            _check_prolog(part.path, whole[:PROLOG_LIMIT])
            cells.note_merges(_check_skeleton(part.path, whole))
            return
        if start < 0 or not _utf8(buf[:start]):
            raise NotFast("no <sheetData> near the start, or not UTF-8")
        head, buf = buf[:start], bytearray(buf[start + len(b"<sheetData>"):])
        _scan(fh, head + b"<sheetData>")
        _check_prolog(part.path, head[:PROLOG_LIMIT] + b"<sheetData>")
        declared = frozenset(p.decode("ascii") for p in _PREFIX.findall(head))
        state = SheetState(cells, prefixes=declared, checks=checks)
        seen = 0  # buf[:seen] holds neither </sheetData> nor (but at its start) </row>
        while True:
            end = buf.find(b"</sheetData>", max(0, seen - 11))
            if end >= 0:
                _fast_chunk(book, state, bytes(buf[:end]))
                tail = bytes(buf[end + len(b"</sheetData>"):]) + fh.read()
                _scan(fh, b"</sheetData>" + tail)
                break
            more = fh.read(FAST_CHUNK)
            if not more:
                raise NotFast("no </sheetData>")
            cut = buf.rfind(b"</row>", max(0, seen - 5))
            if cut >= 0:
                _fast_chunk(book, state, bytes(buf[:cut + len(b"</row>")]))
                del buf[:cut + len(b"</row>")]
            seen = len(buf)
            buf += more
    cells.note_merges(_check_skeleton(part.path, head + b"<sheetData/>" + tail))


_PREFIX = re.compile(rb"xmlns:([A-Za-z_][\w.-]*)[ \t\r\n]*=")


def _fast_chunk(book, state, body: bytes):
    start = len(book.warnings)
    book.defer_unknown_warnings()
    try:
        read_chunk(book, state, body)
    except (ValueError, TypeError, KeyError, IndexError) as exc:  # the general reader names it
        raise NotFast(f"{type(exc).__name__}: {exc}") from None
    finally:
        book.flush_unknown_warnings()
    if len(book.warnings) - start > 1:  # read column by column: put them in row order
        prefixes = (quote_sheet(state.cells.sheet) + "!", state.cells.sheet + "!")
        book.warnings[start:] = sorted(book.warnings[start:],
                                       key=lambda w: _cell_order(w, prefixes))


_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")


def _cell_order(warning: str, prefixes: tuple[str, ...]):
    """(row, col) of the cell a warning starts with (after its sheet's name)."""
    for prefix in prefixes:
        if warning.startswith(prefix):
            m = _CELL_REF.match(warning, len(prefix))
            if m:
                return int(m.group(2)), letters_to_col(m.group(1))
    return (0, 0)


def _utf8(head: bytes) -> bool:
    """The part is UTF-8: no byte-order mark of UTF-16/32, no other encoding declared."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00")):
        return False
    if head.startswith(b"<?xml"):
        decl = head[:head.find(b"?>")]
        m = re.search(rb"encoding\s*=\s*[\"']([A-Za-z0-9._-]+)", decl)
        return m is None or m.group(1).lower() in (b"utf-8", b"utf8")
    return True


def _check_skeleton(name: str, xml: bytes):
    """The worksheet around <sheetData> is well-formed, and <sheetData> is the
    root's one child of that name, in the main namespace; its root element."""
    parser = XMLPullParser(events=("end",))
    try:
        parser.feed(xml)
        parser.close()
    except (ParseError, LookupError, ValueError) as exc:
        raise NotFast(f"{name}: {exc}") from None
    root = None
    for _, el in parser.read_events():
        root = el
    ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    tag = f"{{{ns}}}sheetData"
    if ns not in _MAIN or _local(root.tag) != "worksheet" or \
            sum(1 for _ in root.iter(tag)) != 1 or root.find(tag) is None:
        raise NotFast(f"{name}: not a plain worksheet")
    return root


def _read_general(book: Workbook, zf: zipfile.ZipFile, part: SheetPart, cells: "_CellStore"):
    name, column_of = part.name, _Columns()
    row, tags, el = 0, None, None
    opened = None if cells.checks is None else _open(zf, part, cells.checks, scan=True)
    for el in elements(zf, part.path, opened):
        if tags is None:  # the worksheet's namespace, from its first own element
            ns = _namespace(el.tag)
            if _local(el.tag) not in _SHEET_TAGS or ns and ns not in _MAIN:
                continue
            tags = _Tags(ns)
        if el.tag != tags.row:
            if el.tag == tags.sheet_data:  # rows further on (in an extension) are not cells
                tags.row = None
            elif el.tag == tags.merge_cells:
                cells.note_merges(el)
            continue
        number = _row_number(book, name, el.get("r"), row)
        if number is not None:
            row = number
            _read_row(book, name, row, el, cells, tags, column_of)
        el.clear()
    if el is None or _local(el.tag) != "worksheet" or _namespace(el.tag) not in _MAIN + ("",):
        root = "none" if el is None else repr(el.tag[:120])
        raise PartError(f"{part.path} (sheet {name!r}): not a SpreadsheetML worksheet "
                        f"(its root element is {root})")


def _row_number(book: Workbook, sheet: str, r: str | None, last: int) -> int | None:
    """A row element's number (the one after ``last`` without ``r``), or None
    with a warning if it is not one in the grid."""
    if r is None:
        row = last + 1
    else:
        text = r.strip()
        row = int(text) if text.isascii() and text.isdigit() and len(text) <= 7 else None
    if row is None or not 1 <= row <= MAX_ROW:
        shown = repr(r[:20]) if r is not None else f"{row} (after row {last})"
        book.warnings.append(f"{quote_sheet(sheet)}: row number {shown} is not a row of the grid "
                             f"(1 to {MAX_ROW:,}); the row's cells are left out")
        return None
    return row


def _read_row(book: Workbook, name: str, row: int, el, cells: "_CellStore", tags: "_Tags",
              column_of: _Columns):
    col = 0
    for c in el:
        if c.tag != tags.c:
            continue
        ref = c.get("r")
        at = column_of(ref) if ref else col + 1
        if at is None or at > MAX_COL:
            shown = repr(ref[:20]) if ref else f"after {_a1(row, col)}"
            book.warnings.append(f"{quote_sheet(name)}: cell {shown} in row {row} is not a cell "
                                 "of the grid (A1:XFD1048576); it is left out")
            continue
        col = at
        try:
            cells.store_element(row, col, c, tags)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            raise PartError(f"{address(name, row, col)}: cannot read this cell: {exc}") from exc


_SHEET_TAGS = {"sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "c", "row",
               "sheetData"}


class _Tags:
    def __init__(self, ns: str):
        q = (lambda t: f"{{{ns}}}{t}") if ns else (lambda t: t)
        self.c, self.row, self.f, self.v, self.inline = q("c"), q("row"), q("f"), q("v"), q("is")
        self.sheet_data = q("sheetData")
        self.merge_cells, self.merge_cell = q("mergeCells"), q("mergeCell")


class _CellStore:
    """Stores one sheet's cells one at a time (both readers use it), keeping
    the shared formulas' masters and the array formulas for the end."""

    def __init__(self, book: Workbook, sheet: str, strings: list[str], dynamic_cm=frozenset(),
                 checks=None):
        self.book, self.sheet, self.strings = book, sheet, strings
        self.checks = checks  # the package check's SheetChecks the part is read through, or None
        self.dynamic_cm = dynamic_cm  # cm values of dynamic array formulas
        self.shared: dict[str, object] = {}  # si -> the master's AST
        self.fill = FillDown()
        self.arrays = []  # (area, text, dynamic) put once the members' values are known
        self.merges: list[str] = []  # the refs of <mergeCell>s, merged at the end

    def note_merges(self, root):
        """The merged ranges under ``root`` (:mod:`.xlsx_merges`), put at the end."""
        self.merges += merge_refs(root)

    def put_merges(self):
        put_merges(self.book, self.sheet, self.merges)

    def store_element(self, row: int, col: int, el, tags: _Tags):
        f = v = inline = None
        for ch in el:
            if ch.tag == tags.v:
                v = ch.text
            elif ch.tag == tags.f:
                f = ch
            elif ch.tag == tags.inline:
                inline = ch
        self.store(row, col, el.get("t", "n"), v, None if inline is None else _rich_text(inline),
                   None if f is None else f.attrib, None if f is None else f.text, el.get("cm"))

    def store(self, row: int, col: int, kind: str, v: str | None, inline: str | None,
              f_attrs: dict | None, f_text: str | None, cm: str | None = None):
        """One cell: its type attribute, <v> text, inline string, <f>'s
        attributes and text (None where it has none), and its cell metadata
        (``cm``: a dynamic array formula's mark, :mod:`.xlsx_metadata`)."""
        book, sheet = self.book, self.sheet
        cached = v is not None or inline is not None or kind in ("str", "inlineStr")
        value = cell_value(kind, v, inline, self.strings)
        if type(value) is Unreadable:
            book.warnings.append(f"{address(sheet, row, col)}: {value.why}; read as {value.kind}")
            value = XLError(value.kind, value.why)
        if f_attrs is None:
            if value is not EMPTY:
                book.put(sheet, row, col, value)
            return
        kind, text = f_attrs.get("t"), f_text
        if kind == "shared":
            si = f_attrs.get("si")
            if text:
                try:
                    self.shared[si] = parse("=" + text, row, col)
                except FormulaError as exc:
                    book.warnings.append(f"{address(sheet, row, col)}: {exc}")
                    self.shared[si] = parse("=#NAME?", row, col)
            node = self.shared.get(si)
            if node is None:
                book.warnings.append(f"{sheet}!{_a1(row, col)}: shared formula {si} has no "
                                     "first cell; kept the cached value")
                book.put(sheet, row, col, value)
                return
            book.put_formula_node(sheet, row, col, node, value)
        elif kind == "array":
            ref = f_attrs.get("ref") or _a1(row, col)
            area = _array_area(ref, sheet)
            if area is not None and (area.row1, area.col1) == (row, col):
                book.put(sheet, row, col, value)
                self.arrays.append((area, "=" + (text or ""), cm is not None and cm in self.dynamic_cm))
                return
            why = ("is not one of the grid" if area is None else
                   "does not start at the cell (an array formula's range starts at its first cell)")
            book.warnings.append(f"{address(sheet, row, col)}: the range {ref[:40]!r} of its array "
                                 f"formula {why}; the cell is #REF!")
            book.put_formula_node(sheet, row, col, parse("=#REF!", row, col), value)
        elif kind == "dataTable":
            book.warnings.append(f"{sheet}!{_a1(row, col)}: data tables are not supported; "
                                 "kept the cached value as a constant")
            book.put(sheet, row, col, value)
            return
        elif text:
            try:
                node = self.fill.node("=" + text, row, col)
            except FormulaError as exc:
                book.warnings.append(f"{address(sheet, row, col)}: {exc}")
                node = parse("=#NAME?", row, col)
            book.put_formula_node(sheet, row, col, node, value)
        else:
            book.put(sheet, row, col, value)
            return
        if cached:  # (a formula saved without calculating, as openpyxl does, has no value)
            book.cached[(sheet, row, col)] = value

    def put_arrays(self, max_cells: int | None):
        """Store the array formulas, unless they take the workbook's cells
        (those stored, and the rest of each array's area) past ``max_cells``."""
        book, name = self.book, self.sheet
        if max_cells is not None:
            total = sum(len(book.sheet(s).cells) for s in book.sheet_names)
            for area, _, _ in self.arrays:
                size = area.height * area.width
                total += size - 1
                if total > max_cells:
                    raise PartError(
                        f"{address(name, area.row1, area.col1)}: an array formula over {size:,} "
                        f"cells takes the workbook past the limit of {max_cells:,} cells (raise it "
                        "with --max-cells or max_cells=)")
        for area, text, dynamic in self.arrays:
            shown = {(r, c): book.stored(name, r, c) for r, c in area.cells()}
            if dynamic:
                book.put_dynamic_array(area, text, shown)
                book.cached_spills[(name, area.row1, area.col1)] = area
            else:
                book.put_array_formula(area, text, shown)
            book.cached.update({(name, r, c): v for (r, c), v in shown.items()})


def _array_area(ref: str, sheet: str):
    """The area an array formula's ``ref`` names on its own sheet, or None."""
    if "!" in ref:
        return None
    try:
        return parse_area(ref, default_sheet=sheet)
    except ValueError:
        return None


def _a1(row: int, col: int) -> str:
    from ..engine.refs import col_to_letters

    return f"{col_to_letters(col)}{row}"
