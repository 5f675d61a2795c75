"""Reading a package's PivotTables (``xl/pivotTables/pivotTableN.xml``).

Each worksheet lists its PivotTables among its relationships (type
``.../pivotTable``); a PivotTable part's own relationship leads to its
cache definition (``xl/pivotCache/pivotCacheDefinitionN.xml``), whose
``<cacheField name>`` elements name the fields and whose ``<sharedItems>``
(or, for a grouped field, ``<fieldGroup><groupItems>``) hold the items the
PivotTable's ``<pivotField><items><item x>`` point to (ECMA-376 Part 1,
18.10).  The layout GETPIVOTDATA needs (:mod:`sheetgd.engine.pivots`) is
read from the PivotTable part: ``<location ref firstDataRow
firstDataCol>``, ``<rowFields>``/``<colFields>``, ``<pageFields>``,
``<dataFields>``, ``<rowItems>``/``<colItems>``.  The body's values are the
sheet's own cells, read with the rest of the sheet.

The cache's records (pivotCacheRecordsN.xml) are not needed to answer
GETPIVOTDATA and are not parsed; the parts are kept as bytes
(:attr:`~sheetgd.engine.pivots.PivotTable.parts`) so that a workbook
written back keeps its PivotTables (:mod:`.pivot_write`).

A PivotTable that cannot be read (a part missing, a location that is no
range of its sheet, a required attribute of ``<location>`` missing or a
body starting outside it, a number attribute that is no whole number, XML
that is not well-formed) is left out with a warning naming the part:
GETPIVOTDATA on it is then #REF!, and the rest of the workbook reads.
"""

from __future__ import annotations

import zipfile

from ..engine import Workbook
from ..engine.pivots import DataField, Line, PivotTable
from ..engine.refs import parse_area
from ..engine.values import EMPTY
from .cell_values import Unreadable, cell_value
from .package_check import local
from .xlsx_stream import PartError, SheetPart, elements
from .xlsx_tables import _target, rels_of

PIVOT_TABLE = "/pivotTable"
CACHE_DEFINITION = "/pivotCacheDefinition"
CACHE_RECORDS = "/pivotCacheRecords"

#: PivotTables one sheet may list (a hostile relationship part could name millions).
MAX_PIVOTS_PER_SHEET = 1_000

_ITEM_KINDS = {"s": "str", "n": "n", "b": "b", "e": "e", "d": "d"}


def _relations(zf, part: str, members: dict[str, str], kind: str) -> list[str]:
    """The members ``part``'s relationships of type ``...kind`` point to."""
    rels = rels_of(part)
    rels = members.get(rels) or members.get(rels.lower())
    if rels is None:
        return []
    found = []
    for rel in elements(zf, rels):
        if local(rel.tag) == "Relationship" and rel.get("Type", "").endswith(kind) \
                and rel.get("TargetMode") != "External":
            target = _target(part, rel.get("Target", ""), members)
            if target is not None:
                found.append(target)
    return found


class _NotWhole(ValueError):
    """An attribute that should hold a whole number holds something else."""


#: The most digits a whole-number attribute may have (Excel's are 32-bit).
_MAX_DIGITS = 12


def _int(el, name: str, default: int = 0) -> int:
    """Attribute ``name`` of ``el`` as a whole number (ECMA-376's xsd:int
    and xsd:unsignedInt: ASCII digits, perhaps a sign); ``default`` when
    it is absent; :class:`_NotWhole` when it is anything else (letters,
    other scripts' digits, thousands of digits)."""
    text = el.get(name)
    if text is None:
        return default
    digits = text.strip()
    body = digits[1:] if digits[:1] in "+-" else digits
    if not (body.isascii() and body.isdigit() and len(body) <= _MAX_DIGITS):
        raise _NotWhole(f"<{local(el.tag)} {name}={text[:20]!r}> is not a whole number")
    return int(digits)


def _required(el, name: str) -> int:
    if el.get(name) is None:
        raise _NotWhole(f"<{local(el.tag)}> has no {name} (a required attribute)")
    return _int(el, name)


def _cache_fields(zf, part: str) -> tuple[list[str], list[list]]:
    """The cache's field names and each field's items (engine values)."""
    names, items, pending, shared, group = [], [], [], None, None
    for el in elements(zf, part):
        tag = local(el.tag)
        if tag in _ITEM_KINDS or tag == "m":
            if tag == "m":
                value = EMPTY
            else:
                value = cell_value(_ITEM_KINDS[tag], el.get("v"), None, [])
                if type(value) is Unreadable:
                    value = None  # an item no argument can name
            pending.append(value)
        elif tag == "sharedItems":
            shared, pending = pending, []
        elif tag == "groupItems":
            group, pending = pending, []
        elif tag == "cacheField":
            names.append(el.get("name") or "")
            items.append(group if group is not None else shared or [])
            pending, shared, group = [], None, None
            el.clear()
    return names, items


def _lines(pending_x: list, el, previous: tuple) -> Line:
    r = _int(el, "r")
    items = tuple(previous[:r]) + tuple(pending_x)
    return Line(el.get("t") or "data", items, _int(el, "i"))


def read_pivot(zf: zipfile.ZipFile, part: str, sheet: str, members: dict[str, str]) -> PivotTable:
    """The PivotTable a part describes; PartError naming it if it cannot be read."""
    try:
        return _read_pivot(zf, part, sheet, members)
    except _NotWhole as exc:
        raise PartError(f"{part} (sheet {sheet!r}): {exc}") from None


def _read_pivot(zf, part: str, sheet: str, members: dict[str, str]) -> PivotTable:
    caches = _relations(zf, part, members, CACHE_DEFINITION)
    if not caches:
        raise PartError(f"{part} (sheet {sheet!r}): no pivotCacheDefinition part")
    fields, shared = _cache_fields(zf, caches[0])
    root = location = None
    field_items, items, xs, axis_fields, lines = [], [], [], [], []
    row_fields, col_fields, rows, cols, pages, data = [], [], [], [], {}, []
    previous: tuple = ()
    for el in elements(zf, part):
        tag = local(el.tag)
        if tag == "item":
            items.append(None if el.get("t") else _int(el, "x", -1))
        elif tag == "pivotField":
            field_items.append(items)
            items = []
            el.clear()
        elif tag == "x":
            xs.append(_int(el, "v"))
        elif tag == "i":
            line = _lines(xs, el, previous)
            lines.append(line)
            previous, xs = line.items, []
        elif tag in ("rowItems", "colItems"):
            (rows if tag == "rowItems" else cols).extend(lines)
            lines, previous = [], ()
        elif tag == "reference":
            xs = []
        elif tag == "field":
            axis_fields.append(_int(el, "x"))
        elif tag in ("rowFields", "colFields"):
            (row_fields if tag == "rowFields" else col_fields).extend(axis_fields)
            axis_fields = []
        elif tag == "pageField":
            item = el.get("item")
            pages[_int(el, "fld")] = _int(el, "item") if item is not None else None
        elif tag == "dataField":
            data.append(DataField(el.get("name") or "", _int(el, "fld", -1)))
        elif tag == "location":
            location = el
        elif tag == "pivotTableDefinition":
            root = el
    if root is None or location is None:
        raise PartError(f"{part} (sheet {sheet!r}): not a PivotTable (no <pivotTableDefinition> "
                        "with a <location>)")
    name = root.get("name") or ""
    ref = location.get("ref") or ""
    try:
        if "!" in ref:  # ST_Ref: a range of the PivotTable's own sheet, never another's
            raise ValueError(ref)
        area = parse_area(ref, default_sheet=sheet)
    except ValueError:
        raise PartError(f"{part} (sheet {sheet!r}, PivotTable {name[:40]!r}): location "
                        f"{ref[:40]!r} is not a range of the sheet") from None
    values = []
    for f, pivot_items in enumerate(field_items):  # pivot item -> the cache item's value
        cache = shared[f] if f < len(shared) else []
        values.append([cache[x] if x is not None and 0 <= x < len(cache) else None
                       for x in pivot_items])
    first_row, first_col = _required(location, "firstDataRow"), _required(location, "firstDataCol")
    if not (0 <= first_row < area.height and 0 <= first_col < area.width):
        raise PartError(f"{part} (sheet {sheet!r}, PivotTable {name[:40]!r}): the body's first "
                        f"value (row {first_row}, column {first_col}) lies outside its location "
                        f"{area.a1()}")
    return PivotTable(name, area, first_row, first_col,
                      fields, values, row_fields, col_fields, pages, data, rows, cols)


def pivot_parts(zf, sheet: SheetPart, members: dict[str, str]) -> list[str]:
    found = _relations(zf, sheet.path, members, PIVOT_TABLE)
    if len(found) > MAX_PIVOTS_PER_SHEET:
        raise PartError(f"{rels_of(sheet.path)} (sheet {sheet.name!r}): more than "
                        f"{MAX_PIVOTS_PER_SHEET:,} PivotTables")
    return found


def kept_parts(zf, part: str, members: dict[str, str]) -> dict[str, tuple[str, bytes]]:
    """The parts that define a PivotTable, as read (written back by
    :mod:`.pivot_write`): ``table``, ``cache`` (its cache definition),
    ``cache_rels`` (the definition's relationships, whose ids its ``r:id``
    names) and ``records``, each ``(part name, bytes)``; the last two only
    when the package has them."""
    kept = {"table": (part, zf.read(part))}
    caches = _relations(zf, part, members, CACHE_DEFINITION)
    if caches:
        kept["cache"] = (caches[0], zf.read(caches[0]))
        rels = members.get(rels_of(caches[0]))
        if rels is not None:
            kept["cache_rels"] = (rels, zf.read(rels))
        records = _relations(zf, caches[0], members, CACHE_RECORDS)
        if records:
            kept["records"] = (records[0], zf.read(records[0]))
    return kept


def read_pivots(book: Workbook, zf: zipfile.ZipFile, sheets: list[SheetPart],
                members: dict[str, str]):
    """Add every worksheet's PivotTables to ``book.pivot_tables``; one that
    cannot be read is left out with a warning."""
    for sheet in sheets:
        try:
            parts = pivot_parts(zf, sheet, members)
        except PartError as exc:
            book.warnings.append(f"{exc}; the PivotTables of sheet {sheet.name!r} are left out")
            continue
        for part in parts:
            try:
                pivot = read_pivot(zf, part, sheet.name, members)
                pivot.parts = kept_parts(zf, part, members)
            except (PartError, KeyError) as exc:
                book.warnings.append(f"{exc}; GETPIVOTDATA on it is #REF!")
                continue
            other = next((p for p in book.pivot_tables if p.covers(pivot.area)), None)
            if other is not None:  # Excel: "A PivotTable report cannot overlap another"
                book.warnings.append(
                    f"{part} (sheet {sheet.name!r}): the PivotTable {pivot.name[:40]!r} at "
                    f"{pivot.area.a1()} overlaps {other.name[:40]!r} at {other.area.a1()}, which "
                    "Excel never makes; GETPIVOTDATA on a cell of both reads the one listed last")
            book.pivot_tables.append(pivot)

