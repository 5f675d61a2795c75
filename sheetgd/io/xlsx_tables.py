"""Reading a workbook package's tables (``xl/tables/tableN.xml``).

Each worksheet lists its tables among its relationships
(``xl/worksheets/_rels/sheet1.xml.rels``, type ``.../table``); a table part
says the table's name (``displayName``: what formulas use), its ``ref``
(header row, data, totals row), how many header and totals rows it has
(``headerRowCount``, default 1; ``totalsRowCount``, default 0) and its
columns' names, in order.  They go into the engine before the cells
(:meth:`~sheetgd.engine.tables.Tables.add`), so that structured references
are resolved as formulas are stored.

A table part is parsed like every part (:func:`.xlsx_stream.elements`: no
DTD, streamed).  A table that is not one -- a ref that is no range of the
grid, a column count that is not its width, two columns of one name, a
name Excel refuses or one used twice, overlapping tables -- leaves the
structured references that read it meaningless: :class:`PartError`, one
line naming the part, the sheet and the table.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from urllib.parse import unquote

from ..engine import FormulaError, Workbook
from ..engine.names import check_name
from ..engine.refs import MAX_COL, parse_area
from ..engine.tables import Table, check_table
from .package_check import local
from .xlsx_stream import PartError, SheetPart, elements

#: Tables one sheet may list (Excel's own limit is memory; this keeps a
#: hostile relationship part from naming millions; each is a part of the
#: package, within its size limit).
MAX_TABLES_PER_SHEET = 10_000


def rels_of(part: str) -> str:
    """``xl/worksheets/sheet1.xml`` -> ``xl/worksheets/_rels/sheet1.xml.rels``."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _target(part: str, target: str, members: dict[str, str]) -> str | None:
    """The member a relationship of ``part`` points to, or None."""
    if not target:
        return None
    path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join(posixpath.dirname(part), target))
    for c in (path, unquote(path)):
        if c in members:
            return members[c]
    return next((members[c.lower()] for c in (path, unquote(path)) if c.lower() in members), None)


def table_parts(zf: zipfile.ZipFile, sheet: SheetPart, members: dict[str, str],
                warnings: list[str]) -> list[str]:
    """The table parts of one worksheet, in its relationships' order.  A
    relationship part that is not well-formed XML (it also lists comments,
    drawings, links: nothing else sheetgd reads) leaves the sheet without
    tables, with a warning."""
    rels = rels_of(sheet.path)
    if rels not in zf.NameToInfo:
        return []
    try:
        items = list(elements(zf, rels))
    except PartError as exc:
        warnings.append(f"{exc}; the tables of sheet {sheet.name!r} are left out")
        return []
    found = []
    for rel in items:
        if local(rel.tag) != "Relationship" or not rel.get("Type", "").endswith("/table"):
            continue
        target = rel.get("Target", "")
        part = None if rel.get("TargetMode") == "External" else _target(sheet.path, target, members)
        if part is None:
            raise PartError(f"{rels} (sheet {sheet.name!r}): table part {target[:200]!r} is "
                            "missing from the package")
        found.append(part)
        if len(found) > MAX_TABLES_PER_SHEET:
            raise PartError(f"{rels} (sheet {sheet.name!r}): more than "
                            f"{MAX_TABLES_PER_SHEET:,} tables")
    return found


_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _text(raw: str) -> str:
    """OOXML's ``_xHHHH_`` escapes (a line break in a header: ``_x000a_``) decoded."""
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), raw) if "_x" in raw else raw


def _count(value: str | None, default: int, what: str, where: str) -> int:
    if value is None:
        return default
    text = value.strip()
    if text not in ("0", "1"):
        raise PartError(f"{where}: {what} {value[:20]!r} is not 0 or 1")
    return int(text)


def read_table(zf: zipfile.ZipFile, part: str, sheet: str) -> Table:
    """The table a table part describes; PartError naming it if malformed."""
    root, columns = None, []
    for el in elements(zf, part):
        tag = local(el.tag)
        if tag == "tableColumn":
            columns.append(_text(el.get("name") or ""))
            el.clear()
            if len(columns) > MAX_COL:
                raise PartError(f"{part} (sheet {sheet!r}): more than {MAX_COL:,} columns")
        elif tag == "table":
            root = el
    if root is None:
        raise PartError(f"{part} (sheet {sheet!r}): not a table (its root element is not <table>)")
    name = root.get("displayName") or root.get("name") or ""
    where = f"{part} (sheet {sheet!r}, table {name[:40]!r})"
    try:
        check_name(name)
    except FormulaError as exc:
        raise PartError(f"{where}: {exc}") from None
    ref = root.get("ref") or ""
    try:
        if "!" in ref:
            raise ValueError("a table's ref names no sheet")
        area = parse_area(ref, default_sheet=sheet)
    except ValueError:
        raise PartError(f"{where}: ref {ref[:40]!r} is not a range of the grid") from None
    header = _count(root.get("headerRowCount"), 1, "headerRowCount", where)
    totals = _count(root.get("totalsRowCount"), 0, "totalsRowCount", where)
    why = check_table(name, area, columns, bool(header), bool(totals))
    if why:
        raise PartError(f"{where}: {why}")
    return Table(name, area, tuple(columns), bool(header), bool(totals))


def read_tables(book: Workbook, zf: zipfile.ZipFile, sheets: list[SheetPart],
                members: dict[str, str]):
    """Add every worksheet's tables to ``book``; PartError if one is malformed."""
    for sheet in sheets:
        for part in table_parts(zf, sheet, members, book.warnings):
            table = read_table(zf, part, sheet.name)
            try:
                book.tables.add(table)
            except FormulaError as exc:
                raise PartError(f"{part} (sheet {sheet.name!r}, table {table.name[:40]!r}): "
                                f"{exc}") from None
