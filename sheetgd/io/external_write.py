"""Writing the links to other workbooks back into a package XlsxWriter made.

XlsxWriter writes formula text as it is given and has no way to add the
parts a reference into another workbook needs (its documentation lists no
external links), and a file whose formulas hold ``[1]Sheet1!A1`` without
them is one Excel repairs.  So a workbook read with links is written with
them again, as Excel would: after XlsxWriter has closed the file,
:func:`add_links` adds one xl/externalLinks/externalLinkN.xml per link (in
the order read, so ``[1]`` still names the first), with its relationship
to the other book's path, the sheet names, defined names and cached values
it was read with, and workbook.xml's ``<externalReferences>``.  Excel and
LibreOffice then show the cached values and offer to update the link.

A formula that names another book by its file (``[prices.xlsx]Sheet1!A1``,
as typed) is written with the index of the link to that file
(:func:`file_form`); one naming a book no link holds cannot be stored in a
file, and its cell is written as its value, with one warning for the
workbook (:data:`UNLINKED`).
"""

from __future__ import annotations

import dataclasses
import io
import zipfile

from ..engine.errors import XLError
from ..engine.external import ExternalBook, find_book
from ..engine.nodes import ExternalRef, Node, walk
from ..engine.refs import col_to_letters
from ..engine.tables import _replace_leaves
from ..engine.values import EMPTY

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
LINK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"

#: The warning for formulas naming a book the workbook has no link to.
UNLINKED = ("{count} formula cell(s) (first {first}) refer to workbooks the file has no link "
            "to ([2] past its links, or a typed [file.xlsx] no link is to): written as their "
            "values, since a file can only store references to linked workbooks")


def xml_text(text: str) -> str:
    """xml.sax.saxutils.escape, imported when first needed (it brings urllib
    and ssl with it: 26 ms of every command's start otherwise)."""
    from xml.sax.saxutils import escape

    return escape(text)


def xml_attribute(text: str) -> str:
    """xml.sax.saxutils.quoteattr, imported when first needed (it brings urllib
    and ssl with it: 26 ms of every command's start otherwise)."""
    from xml.sax.saxutils import quoteattr

    return quoteattr(text)


def has_external(node: Node) -> bool:
    return any(isinstance(n, ExternalRef) for n in walk(node))


def file_form(node: Node, books: list[ExternalBook]) -> Node | None:
    """``node`` with every external reference naming its link by index
    (``[1]``), as a file stores it; None when one names a book no link holds."""
    missing = []

    def indexed(leaf):
        if not isinstance(leaf, ExternalRef):
            return leaf
        book = find_book(books, leaf)
        if book is None:
            missing.append(leaf)
            return leaf
        return dataclasses.replace(leaf, folder="", book=str(books.index(book) + 1))

    new = _replace_leaves(node, indexed)
    return None if missing else new


def add_links(path, books: list[ExternalBook]):
    """Add the parts of ``books`` (link 1, 2 ...) to the package at ``path``
    (the writer's own temporary file: rewritten in place, in memory first)."""
    if not books:
        return
    with open(path, "rb") as fh:
        packed = io.BytesIO(fh.read())
    rebuilt = io.BytesIO()
    with zipfile.ZipFile(packed) as zin, zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/workbook.xml":
                refs = "".join(f'<externalReference r:id="rIdLink{k}"/>'
                               for k in range(1, len(books) + 1))
                data = data.replace(b"</sheets>", f"</sheets><externalReferences>{refs}"
                                    "</externalReferences>".encode(), 1)
            elif item.filename == "xl/_rels/workbook.xml.rels":
                rels = "".join(f'<Relationship Id="rIdLink{k}" Type="{REL}/externalLink" '
                               f'Target="externalLinks/externalLink{k}.xml"/>'
                               for k in range(1, len(books) + 1))
                data = data.replace(b"</Relationships>", f"{rels}</Relationships>".encode(), 1)
            elif item.filename == "[Content_Types].xml":
                types = "".join(f'<Override PartName="/xl/externalLinks/externalLink{k}.xml" '
                                f'ContentType="{LINK_TYPE}"/>' for k in range(1, len(books) + 1))
                data = data.replace(b"</Types>", f"{types}</Types>".encode(), 1)
            zout.writestr(item, data)
        for k, book in enumerate(books, 1):
            zout.writestr(f"xl/externalLinks/externalLink{k}.xml", link_xml(book))
            zout.writestr(f"xl/externalLinks/_rels/externalLink{k}.xml.rels",
                          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                          f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                          f'Type="{REL}/externalLinkPath" Target={xml_attribute(book.target)} '
                          'TargetMode="External"/></Relationships>')
    with open(path, "wb") as fh:
        fh.write(rebuilt.getvalue())


def link_xml(book: ExternalBook) -> str:
    """The externalLink part of one linked workbook (ECMA-376 Part 1, 18.14)."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
           f'<externalLink xmlns="{MAIN}" xmlns:r="{REL}"><externalBook r:id="rId1">',
           "<sheetNames>"]
    out += [f"<sheetName val={xml_attribute(s)}/>" for s in book.sheets]
    out.append("</sheetNames>")
    positions = {s.upper(): i for i, s in enumerate(book.sheets)}
    if book.names:
        out.append("<definedNames>")
        for (name, scope), text in book.names.items():
            at = f' sheetId="{positions[scope]}"' if scope in positions else ""
            out.append(f"<definedName name={xml_attribute(name)} refersTo={xml_attribute(text)}{at}/>")
        out.append("</definedNames>")
    out.append("<sheetDataSet>")
    for i, sheet in enumerate(book.sheets):
        cells = book.cells.get(sheet.upper())
        if not cells:
            out.append(f'<sheetData sheetId="{i}"/>')
            continue
        out.append(f'<sheetData sheetId="{i}">')
        row = None
        for (r, c), value in sorted(cells.items()):
            if value is EMPTY:
                continue
            if r != row:
                out.append(("</row>" if row is not None else "") + f'<row r="{r}">')
                row = r
            out.append(_cell(f"{col_to_letters(c)}{r}", value))
        out.append(("</row>" if row is not None else "") + "</sheetData>")
    out.append("</sheetDataSet></externalBook></externalLink>")
    return "".join(out)


def _cell(ref: str, value) -> str:
    if isinstance(value, bool):
        return f'<cell r="{ref}" t="b"><v>{int(value)}</v></cell>'
    if isinstance(value, XLError):
        return f'<cell r="{ref}" t="e"><v>{xml_text(value.kind)}</v></cell>'
    if isinstance(value, str):
        return f'<cell r="{ref}" t="str"><v>{xml_text(value)}</v></cell>'
    return f'<cell r="{ref}"><v>{float(value)!r}</v></cell>'
