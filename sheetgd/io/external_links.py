"""Reading the links to other workbooks a package holds (``[1]Sheet1!A1``).

xl/workbook.xml lists them in order (``<externalReferences><externalReference
r:id="rId4"/>``: the first is ``[1]`` in formulas); each relationship leads
to a part such as xl/externalLinks/externalLink1.xml (ECMA-376 Part 1,
18.14), which holds

- ``<externalBook r:id="rId1">``, whose own relationship
  (xl/externalLinks/_rels/externalLink1.xml.rels, ``TargetMode="External"``)
  gives the other book's path;
- ``<sheetNames><sheetName val="Sheet1"/>``: its sheets, in order;
- ``<definedNames><definedName name="Rate" refersTo="=Sheet1!$A$1"
  sheetId="0"?/>``: its names (``sheetId``: a sheet's position, for a name
  scoped to it);
- ``<sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1" t="n"><v>2.5
  </v></cell>``: the values of the cells formulas read, as last saved.

:func:`read_links` gives one :class:`~sheetgd.engine.external.ExternalBook`
per link, in order, for the engine to evaluate external references from
(:mod:`sheetgd.engine.external`).  A link that is not a workbook's (DDE,
OLE) or whose part is missing keeps its place, empty (its references are
#REF!), with a warning; a cell that cannot be read is an error value, as in
a worksheet (:func:`.cell_values.cell_value`), with a warning.
"""

from __future__ import annotations

import posixpath
import zipfile

from ..engine.errors import XLError
from ..engine.external import ExternalBook
from ..engine.refs import MAX_COL, MAX_ROW, letters_to_col
from .cell_values import Unreadable, cell_value
from .package_check import local, resolve_part, sheet_rel_id


def read_links(zf: zipfile.ZipFile, references: list[str | None], rels: dict, members: dict,
               elements, warnings: list[str]) -> list[ExternalBook]:
    """One ExternalBook per ``<externalReference>`` (their relationship ids
    ``references``, in order; ``rels``: workbook.xml's relationships by id);
    ``elements(zf, part)`` streams a part's elements (:func:`.xlsx_stream.elements`)."""
    books = []
    for k, rid in enumerate(references, 1):
        rel = rels.get(rid)
        part = None if rel is None else resolve_part(rel.get("Target", ""), members)
        book = ExternalBook()
        if part is None:
            warnings.append(f"xl/workbook.xml: external link [{k}] ({rid!r}) has no part in the "
                            "package; its references are #REF!")
        else:
            _read_link(zf, part, book, k, members, elements, warnings)
        books.append(book)
    return books


def _read_link(zf, part: str, book: ExternalBook, k: int, members: dict, elements,
               warnings: list[str]):
    external_book = None
    for el in elements(zf, part):
        tag = local(el.tag)
        if tag == "sheetName":
            book.sheets.append(el.get("val", ""))
        elif tag == "definedName":
            _add_name(book, el)
        elif tag == "sheetData":
            _add_cells(book, el, part, warnings)
            el.clear()
        elif tag == "externalBook":
            external_book = el
        elif tag in ("ddeLink", "oleLink"):
            warnings.append(f"{part}: external link [{k}] is a {tag[:3].upper()} link, not a "
                            "workbook's; its references are #REF!")
    if external_book is None:
        return
    rid = sheet_rel_id(external_book.attrib)
    rels_part = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    rels_part = members.get(rels_part) or members.get(rels_part.lower())
    if rid is None or rels_part is None:
        return
    for rel in elements(zf, rels_part):
        if local(rel.tag) == "Relationship" and rel.get("Id") == rid:
            book.target = rel.get("Target", "")


def _add_name(book: ExternalBook, el):
    name, refers = el.get("name"), el.get("refersTo")
    if not name or refers is None:
        return
    scope = el.get("sheetId")
    sheet = None
    if scope is not None and scope.isdigit() and int(scope) < len(book.sheets):
        sheet = book.sheets[int(scope)].upper()
    book.names[(name.upper(), sheet)] = refers


def _add_cells(book: ExternalBook, el, part: str, warnings: list[str]):
    at = el.get("sheetId", "")
    if not (at.isascii() and at.isdigit() and int(at) < len(book.sheets)):
        warnings.append(f"{part}: cached values of sheetId {at[:20]!r}, which is none of the "
                        f"link's {len(book.sheets)} sheets; left out")
        return
    sheet = book.sheets[int(at)]
    cells = book.cells.setdefault(sheet.upper(), {})
    for row in el:
        if local(row.tag) != "row":
            continue
        for c in row:
            if local(c.tag) != "cell":
                continue
            where = _position(c.get("r", ""))
            if where is None:
                warnings.append(f"{part}: a cached cell {c.get('r', '')[:20]!r} of sheet "
                                f"{sheet!r} is not a cell of the grid; left out")
                continue
            v = next((ch.text for ch in c if local(ch.tag) == "v"), None)
            value = cell_value(c.get("t", "n"), v, None, [])
            if type(value) is Unreadable:
                warnings.append(f"{part}: [{sheet}]{c.get('r')}: {value.why}; read as {value.kind}")
                value = XLError(value.kind, value.why)
            cells[where] = value


def _position(ref: str) -> tuple[int, int] | None:
    letters = ref.rstrip("0123456789")
    digits = ref[len(letters):]
    if not (letters.isascii() and letters.isalpha() and 1 <= len(letters) <= 3 and digits):
        return None
    row, col = int(digits), letters_to_col(letters.upper())
    return (row, col) if 1 <= row <= MAX_ROW and 1 <= col <= MAX_COL else None
