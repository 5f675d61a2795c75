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
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from xml.etree.ElementTree import ParseError, XMLPullParser

from ..engine import Workbook
from ..engine.errors import FormulaError, from_text
from ..engine.parser import FillDown, parse
from ..engine.refs import letters_to_col, parse_area, quote_sheet
from ..engine.values import EMPTY
from ..engine.workbook import address
from .sheet_scan import NotFast, SheetState, read_chunk

log = logging.getLogger(__name__)

_MAIN = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
         "http://purl.oclc.org/ooxml/spreadsheetml/main")
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_WORKSHEET = "/worksheet"  # the end of a worksheet relationship's Type


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


#: Bytes read from the start of a part to find its root element (and refuse a DTD).
PROLOG_LIMIT = 65536
_CHUNK = 1 << 16


class UnsafeXML(ValueError):
    """A part declares a DTD (entities): refused before parsing."""


def elements(zf: zipfile.ZipFile, name: str):
    """The elements of part ``name``, each when its end tag is read."""
    with zf.open(name) as stream:
        head = stream.read(PROLOG_LIMIT)
        _check_prolog(name, head)
        parser = XMLPullParser(events=("end",))
        chunk = head
        while chunk:
            parser.feed(chunk)
            for _, el in parser.read_events():
                yield el
            chunk = stream.read(_CHUNK)
        parser.close()
        for _, el in parser.read_events():
            yield el


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


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el, name: str):
    return [ch for ch in el if _local(ch.tag) == name]


def read_package(zf: zipfile.ZipFile) -> Package:
    pkg = Package()
    root = _root(zf, "xl/workbook.xml")
    targets = {}
    if "xl/_rels/workbook.xml.rels" in zf.namelist():
        for rel in _root(zf, "xl/_rels/workbook.xml.rels"):
            if rel.get("Type", "").endswith(_WORKSHEET):
                targets[rel.get("Id")] = _part_path(rel.get("Target", ""))
    for group in root:
        if _local(group.tag) == "sheets":
            for sheet in group:
                name = sheet.get("name")
                pkg.all_sheets.append(name)
                rid = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None)
                if rid in targets and targets[rid] in zf.namelist():
                    pkg.sheets.append(SheetPart(name, targets[rid]))
        elif _local(group.tag) == "definedNames":
            for d in group:
                name = d.get("name", "")
                if name.startswith("_xlnm."):  # print areas, filters: not formulas
                    continue
                scope = d.get("localSheetId")
                if scope is not None:
                    index = int(scope)
                    scope = pkg.all_sheets[index] if 0 <= index < len(pkg.all_sheets) else None
                    if scope is None:
                        continue
                pkg.names.append((name, (d.text or "").strip() or "#REF!", scope))
    if "xl/sharedStrings.xml" in zf.namelist():
        for si in elements(zf, "xl/sharedStrings.xml"):
            if _local(si.tag) == "si":
                pkg.strings.append(_rich_text(si))
                si.clear()
    return pkg


def _part_path(target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join("xl", target))


def _rich_text(el) -> str:
    """The text of an ``<si>`` or ``<is>``: its ``<t>``, or its runs' (not the phonetic ``<rPh>``)."""
    parts = []
    for ch in el:
        tag = _local(ch.tag)
        if tag == "t":
            parts.append(ch.text or "")
        elif tag == "r":
            parts += [t.text or "" for t in ch if _local(t.tag) == "t"]
    return "".join(parts)


class _Columns:
    """``"E5"`` -> 5, with the column letters cached.  (A cell's row is its
    row element's.)"""

    def __init__(self):
        self.cols: dict[str, int] = {}

    def __call__(self, ref: str) -> int:
        letters = ref.rstrip("0123456789")
        col = self.cols.get(letters)
        if col is None:
            col = self.cols[letters] = letters_to_col(letters)
        return col


def read_sheet(book: Workbook, zf: zipfile.ZipFile, part: SheetPart, strings: list[str],
               max_cells: int | None = None, fast: bool = True):
    """Put every cell of one worksheet into ``book`` (no recalculation).
    A cell that cannot be read raises ValueError naming it; an array
    formula over more than ``max_cells`` cells is refused.

    The fast path (:mod:`.sheet_scan`) reads plain sheets a column at a time;
    whatever it does not know makes it give the sheet back, emptied, to
    the general reader here (``fast=False`` goes there at once)."""
    cells = _CellStore(book, part.name, strings)
    if fast:
        warnings = len(book.warnings)
        try:
            _read_fast(book, zf, part, cells)
        except NotFast as exc:
            log.debug("%s: general reader (%s)", part.name, exc)
            del book.warnings[warnings:]
            book.clear_sheet(part.name)
            cells = _CellStore(book, part.name, strings)
        else:
            cells.put_arrays(max_cells)
            return
    _read_general(book, zf, part, cells)
    cells.put_arrays(max_cells)


#: Decompressed bytes of <sheetData> read by the fast path at a time.
FAST_CHUNK = 1 << 19
#: How far into a part the fast path looks for <sheetData>.
_HEAD_LIMIT = 1 << 24


def _read_fast(book: Workbook, zf: zipfile.ZipFile, part: SheetPart, cells: "_CellStore"):
    if book.sheet(part.name).cells:  # its bulk puts rely on every cell being new
        raise NotFast("the sheet has cells already")
    with zf.open(part.path) as fh:
        buf = fh.read(max(FAST_CHUNK, PROLOG_LIMIT))
        _check_prolog(part.path, buf[:PROLOG_LIMIT])
        start = buf.find(b"<sheetData>")
        while start < 0 and len(buf) < _HEAD_LIMIT and (more := fh.read(FAST_CHUNK)):
            buf += more
            start = buf.find(b"<sheetData>")
        if start < 0 and b"<sheetData/>" in buf and _utf8(buf):  # a sheet without cells
            _check_skeleton(part.path, buf + fh.read())
            return
        if start < 0 or not _utf8(buf[:start]):
            raise NotFast("no <sheetData> near the start, or not UTF-8")
        head, buf = buf[:start], buf[start + len(b"<sheetData>"):]
        declared = frozenset(p.decode("ascii") for p in _PREFIX.findall(head))
        state = SheetState(cells, prefixes=declared)
        while True:
            end = buf.find(b"</sheetData>")
            if end >= 0:
                _fast_chunk(book, state, buf[:end])
                tail = buf[end + len(b"</sheetData>"):] + fh.read()
                break
            more = fh.read(FAST_CHUNK)
            if not more:
                raise NotFast("no </sheetData>")
            cut = buf.rfind(b"</row>")
            if cut >= 0:
                _fast_chunk(book, state, buf[:cut + len(b"</row>")])
                buf = buf[cut + len(b"</row>"):] + more
            else:
                buf += more
    _check_skeleton(part.path, head + b"<sheetData/>" + tail)


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
    root's one child of that name, in the main namespace."""
    parser = XMLPullParser(events=("end",))
    try:
        parser.feed(xml)
        parser.close()
    except ParseError as exc:
        raise NotFast(f"{name}: {exc}") from None
    root = None
    for _, el in parser.read_events():
        root = el
    ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    tag = f"{{{ns}}}sheetData"
    if ns not in _MAIN or _local(root.tag) != "worksheet" or \
            sum(1 for _ in root.iter(tag)) != 1 or root.find(tag) is None:
        raise NotFast(f"{name}: not a plain worksheet")


def _read_general(book: Workbook, zf: zipfile.ZipFile, part: SheetPart, cells: "_CellStore"):
    name, column_of = part.name, _Columns()
    row, tags = 0, None
    for el in elements(zf, part.path):
        if tags is None:  # the worksheet's namespace, from its first own element
            ns = el.tag[1:].split("}", 1)[0] if el.tag.startswith("{") else ""
            if _local(el.tag) not in _SHEET_TAGS or ns and ns not in _MAIN:
                continue
            tags = _Tags(ns)
        if el.tag != tags.row:
            if el.tag == tags.sheet_data:  # rows further on (in an extension) are not cells
                tags.row = None
            continue
        r = el.get("r")
        row, col = (int(r) if r else row + 1), 0
        for c in el:
            if c.tag != tags.c:
                continue
            ref = c.get("r")
            try:
                col = column_of(ref) if ref else col + 1
                cells.store_element(row, col, c, tags)
            except (ValueError, TypeError, KeyError, IndexError) as exc:
                where = f"{name}!{ref or _a1(row, col)}"
                raise ValueError(f"{where}: cannot read this cell: {exc}") from exc
        el.clear()


_SHEET_TAGS = {"sheetPr", "dimension", "sheetViews", "sheetFormatPr", "cols", "c", "row",
               "sheetData"}


class _Tags:
    def __init__(self, ns: str):
        q = (lambda t: f"{{{ns}}}{t}") if ns else (lambda t: t)
        self.c, self.row, self.f, self.v, self.inline = q("c"), q("row"), q("f"), q("v"), q("is")
        self.sheet_data = q("sheetData")


class _CellStore:
    """Stores one sheet's cells one at a time (both readers use it), keeping
    the shared formulas' masters and the array formulas for the end."""

    def __init__(self, book: Workbook, sheet: str, strings: list[str]):
        self.book, self.sheet, self.strings = book, sheet, strings
        self.shared: dict[str, object] = {}  # si -> the master's AST
        self.fill = FillDown()
        self.arrays = []  # (area, text) put once the members' values are known

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
                   None if f is None else f.attrib, None if f is None else f.text)

    def store(self, row: int, col: int, kind: str, v: str | None, inline: str | None,
              f_attrs: dict | None, f_text: str | None):
        """One cell: its type attribute, <v> text, inline string, and <f>'s
        attributes and text (None where it has none)."""
        book, sheet = self.book, self.sheet
        value = _value(kind, v, inline, self.strings)
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
            book.put(sheet, row, col, value)
            self.arrays.append((parse_area(f_attrs.get("ref") or _a1(row, col), default_sheet=sheet),
                                "=" + (text or "")))
            return
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
        book.cached[(sheet, row, col)] = value

    def put_arrays(self, max_cells: int | None):
        book, name = self.book, self.sheet
        for area, text in self.arrays:
            size = area.height * area.width
            if max_cells is not None and size > max_cells:
                raise ValueError(f"{name}!{area.a1(with_sheet=False)}: an array formula over "
                                 f"{size:,} cells is past the limit of {max_cells:,} cells")
            shown = {(r, c): book.stored(name, r, c) for r, c in area.cells()}
            book.put_array_formula(area, text, shown)
            book.cached.update({(name, r, c): v for (r, c), v in shown.items()})


def _value(kind: str, v, inline, strings):
    if kind == "inlineStr":
        return inline if inline is not None else EMPTY
    if v is None:
        return EMPTY
    if kind == "n":
        number = float(v)
        return number if math.isfinite(number) else from_text("#NUM!")  # 1e999 in a <v>
    if kind == "s":
        try:
            return strings[int(v)]
        except (ValueError, IndexError):
            raise ValueError(f"shared string {v!r} does not exist") from None
    if kind == "str":
        return v
    if kind == "b":
        return v.strip() in ("1", "true")
    if kind == "e":
        return from_text(v.strip()) or EMPTY
    if kind == "d":
        return _excel_date(v)
    raise ValueError(f"unknown cell type {kind!r}")


def _excel_date(text: str) -> float:
    from openpyxl.utils.datetime import to_excel

    try:
        return float(to_excel(dt.datetime.fromisoformat(text.strip().rstrip("Z"))))
    except ValueError:
        raise ValueError(f"bad date {text!r}") from None


def _a1(row: int, col: int) -> str:
    from ..engine.refs import col_to_letters

    return f"{col_to_letters(col)}{row}"
