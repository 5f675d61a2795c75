"""PivotTables as a file lays them out, and finding the cell GETPIVOTDATA
reads.

Excel's GETPIVOTDATA "returns visible data from a PivotTable" (Microsoft's
GETPIVOTDATA page): the value a cell of the PivotTable's body shows.  A file
saves that body as ordinary cell values (what Excel rendered at the last
refresh), and the PivotTable's part (xl/pivotTables/pivotTableN.xml,
ECMA-376 Part 1, 18.10) says which row and column of the body each item
occupies.  So sheetgd answers GETPIVOTDATA by finding the cell from that
layout and reading it, never by aggregating the cache's records: the
rendered value is by definition what Excel shows, whatever filters, "show
values as" settings, calculated fields and number of records it took (the
records may not even be saved: ``saveData="0"``), and it is what Excel
itself returns until the PivotTable is refreshed.

The layout, as :class:`PivotTable` holds it:

- ``area``: the ``<location ref>``, and ``first_data_row`` /
  ``first_data_col``: where the body's values start, relative to its top
  left cell;
- ``fields``: the cache's field names (``<cacheField name>`` of the
  pivotCacheDefinition), ``items``: each field's item values as the
  PivotTable lists them (``<pivotField><items><item x>`` indexes the cache
  field's ``<sharedItems>``);
- ``row_fields`` / ``col_fields``: the fields on each axis, outermost first
  (``<field x>``; -2 is the "Values" pseudo-field when there are several data
  fields);
- ``rows`` / ``cols``: one :class:`Line` per body row / column
  (``<rowItems><i t r i><x v>``): the items it stands for, outermost first
  (``r`` repeats the previous line's first ``r``), and its kind (``data``, a
  subtotal such as ``default`` or ``sum``, ``grand``, ``blank``); a part
  without them (optional in ECMA-376; LibreOffice writes none) has its
  lines read from the body's labels when asked
  (:mod:`.pivot_layout`);
- ``data_fields``: the values' names (``Sum of Sales``) and source fields;
- ``page_fields``: report filters and the item each shows (None: all).

:func:`pivot_value` then follows Microsoft's rules: the PivotTable is the
one ``pivot_table`` falls in (the last one listed when several do; Excel
takes the most recently created); ``data_field`` names a value by its name
or its source field's, case-insensitively; each field/item pair names a
row or column field and one of its items (text without case, a date as its
serial number); the row and the column are the body's lines that stand for
exactly those items (a subtotal line before a plain one: with subtotals at
the bottom the group's first line shows nothing); the pair must describe a
line that is shown.  Anything else is #REF!, as the page documents ("If
the arguments do not describe a visible field ... GETPIVOTDATA returns a
#REF! error value").  A report filter in a pair must show that item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import errors
from .pivot_layout import lines_from_labels
from .refs import Area
from .values import EMPTY

#: The "Values" pseudo-field in ``row_fields``/``col_fields``.
DATA_FIELD = -2


@dataclass(frozen=True)
class Line:
    """One row (or column) of a PivotTable's body: ``kind`` (``data``,
    ``grand``, ``blank`` or a subtotal function), ``items`` (pivot item
    indexes, outermost field first) and ``data`` (the data field it shows
    when the "Values" field is not among its items)."""

    kind: str = "data"
    items: tuple = ()
    data: int = 0


@dataclass(frozen=True)
class DataField:
    name: str
    field: int


@dataclass
class PivotTable:
    """A PivotTable's layout (see the module docstring)."""

    name: str
    area: Area
    first_data_row: int
    first_data_col: int
    fields: list[str] = field(default_factory=list)
    items: list[list] = field(default_factory=list)
    row_fields: list[int] = field(default_factory=list)
    col_fields: list[int] = field(default_factory=list)
    page_fields: dict[int, int | None] = field(default_factory=dict)
    data_fields: list[DataField] = field(default_factory=list)
    rows: list[Line] = field(default_factory=list)
    cols: list[Line] = field(default_factory=list)
    #: the package parts that define it, kept to write back (see sheetgd.io.xlsx_pivots.kept_parts)
    parts: dict = field(default_factory=dict, repr=False)

    def covers(self, area: Area) -> bool:
        a = self.area
        return area.sheet.upper() == a.sheet.upper() and area.row1 <= a.row2 and \
            a.row1 <= area.row2 and area.col1 <= a.col2 and a.col1 <= area.col2


def find_pivot(pivots: list[PivotTable], area: Area) -> PivotTable | None:
    """The PivotTable ``area`` falls in (the last listed of several)."""
    return next((p for p in reversed(pivots) if p.covers(area)), None)


def _same(item, wanted) -> bool:
    if isinstance(item, str) and isinstance(wanted, str):
        return item.casefold() == wanted.casefold()
    if isinstance(item, bool) or isinstance(wanted, bool):
        return type(item) is type(wanted) and item == wanted
    if isinstance(item, float) and isinstance(wanted, float):
        return item == wanted
    if isinstance(item, float) and isinstance(wanted, str):  # "2020" names the item 2020
        try:
            return float(wanted) == item
        except ValueError:
            return False
    return False


def _field_index(pivot: PivotTable, name: str) -> int | None:
    key = name.casefold()
    return next((i for i, f in enumerate(pivot.fields) if f.casefold() == key), None)


def _data_index(pivot: PivotTable, name: str) -> int | None:
    key = name.strip().casefold()
    for i, d in enumerate(pivot.data_fields):
        if d.name.strip().casefold() == key:
            return i
    for i, d in enumerate(pivot.data_fields):
        if 0 <= d.field < len(pivot.fields) and pivot.fields[d.field].casefold() == key:
            return i
    return None


def _item_index(pivot: PivotTable, f: int, wanted) -> int | None:
    items = pivot.items[f] if f < len(pivot.items) else []
    return next((i for i, v in enumerate(items) if v is not None and _same(v, wanted)), None)


def _line(lines: list[Line], axis: list[int], wanted: dict[int, int], data: int | None):
    """The index of the line of one axis that stands for exactly the items
    ``wanted`` ({field: pivot item index}) and the data field ``data`` (when
    the "Values" field is on this axis); a subtotal line before a plain one."""
    found = None
    for k, line in enumerate(lines):
        if line.kind == "blank":
            continue
        depth = 0 if line.kind == "grand" else len(line.items)
        shown = axis[:depth]
        fields = {f for f in shown if f != DATA_FIELD}
        if fields != set(wanted):
            continue
        if any(f != DATA_FIELD and line.items[p] != wanted[f] for p, f in enumerate(shown)):
            continue
        if data is not None:
            at = shown.index(DATA_FIELD) if DATA_FIELD in shown else None
            if (line.items[at] if at is not None else line.data) != data:
                continue
        if line.kind not in ("data", "grand"):  # a subtotal line
            return k
        if found is None:
            found = k
    return found


def pivot_value(book, pivot: PivotTable, data_field: str, pairs: list[tuple[str, object]]):
    """GETPIVOTDATA's value: the body cell for ``data_field`` and the
    (field name, item) ``pairs``, read from ``book``; #REF! when the
    arguments describe no cell shown (see the module docstring)."""
    d = _data_index(pivot, data_field)
    if d is None:
        return errors.REF(f"the PivotTable {pivot.name} shows no value {data_field!r}")
    on_rows: dict[int, int] = {}
    on_cols: dict[int, int] = {}
    for name, item in pairs:
        f = _field_index(pivot, name)
        if f is None:
            return errors.REF(f"the PivotTable {pivot.name} has no field {name!r}")
        p = _item_index(pivot, f, item)
        if f in pivot.page_fields:
            if p is None or pivot.page_fields[f] != p:
                return errors.REF(f"the report filter {name!r} does not show {item!r}")
            continue
        target = on_rows if f in pivot.row_fields else on_cols if f in pivot.col_fields else None
        if target is None:
            return errors.REF(f"{name!r} is not a row, column or filter field of {pivot.name}")
        if p is None:
            return errors.REF(f"the field {name!r} of {pivot.name} has no item {item!r}")
        if f in target and target[f] != p:
            return errors.REF(f"two items of the field {name!r}")
        target[f] = p
    several = len(pivot.data_fields) > 1
    rows = pivot.rows or lines_from_labels(book, pivot, across=False)
    cols = pivot.cols or lines_from_labels(book, pivot, across=True)
    row = _line(rows, pivot.row_fields, on_rows,
                d if several and DATA_FIELD in pivot.row_fields else None)
    col = _line(cols, pivot.col_fields, on_cols,
                d if several and DATA_FIELD in pivot.col_fields else None)
    if row is None or col is None:
        return errors.REF(f"the PivotTable {pivot.name} shows no cell for these items")
    a = pivot.area
    r, c = a.row1 + pivot.first_data_row + row, a.col1 + pivot.first_data_col + col
    if r > a.row2 or c > a.col2:
        return errors.REF(f"the PivotTable {pivot.name}'s layout runs past its location")
    value = book.read(a.sheet, r, c)
    return 0.0 if value is EMPTY else value
