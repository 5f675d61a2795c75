"""The lines of a PivotTable's body read from its labels, for a part that
does not list them.

ECMA-376 Part 1, 18.10.1.84 and 18.10.1.17 make ``<rowItems>`` and
``<colItems>`` optional, and LibreOffice leaves them out of the
PivotTables it saves: the part then says which fields lie on each axis but
not which body row or column shows which items.  The body's labels do: a
PivotTable saved without them is laid out in tabular (``compact="0"``)
form, each row field's items in a column of their own left of the values
(``firstDataCol`` columns), each column field's in a row of its own above
them (the ``firstDataRow`` rows' last ones).  :func:`lines_from_labels`
reads those cells as Excel's ``<i>`` elements would say them:

- a label names an item of its field (compared as GETPIVOTDATA compares,
  :func:`.pivots._same`), or, on the "Values" pseudo-field, a data field
  by name; a blank label before the line's last one repeats the line
  before's item (an outer item is shown once, on its group's first line);
- a line whose labels stop before the last field is its group's subtotal
  (LibreOffice shows the subtotal on the group's first line), one whose
  first label names no item of the first field is the grand total ("Total
  Result" in LibreOffice, "Grand Total" in Excel), one without labels
  blank;
- a label at a deeper level naming no item makes the line unreadable
  (blank: GETPIVOTDATA finds nothing there, #REF!).

A compact layout (all row fields in one column) is not read this way: its
axis keeps no lines and GETPIVOTDATA on it is #REF!, as before.
"""

from __future__ import annotations

from .values import EMPTY


def lines_from_labels(book, pivot, across: bool) -> list:
    """The :class:`.pivots.Line` of each body row (``across`` False) or
    column (True) of ``pivot``, read from ``book``'s label cells; [] when
    the layout cannot be read so (see the module docstring)."""
    from .pivots import DATA_FIELD, Line

    fields = pivot.col_fields if across else pivot.row_fields
    if not fields:
        return [Line("data", ())]
    a = pivot.area
    k = len(fields)
    if k > (pivot.first_data_row if across else pivot.first_data_col):
        return []  # compact: the labels do not have a row or column each
    first, last = ((a.col1 + pivot.first_data_col, a.col2) if across
                   else (a.row1 + pivot.first_data_row, a.row2))
    used = book.used_area(a.sheet)  # (a location of a million rows: only those holding cells)
    last = min(last, (used.col2 if across else used.row2) if used is not None else 0)

    def label(at: int, level: int):
        if across:
            return book.read(a.sheet, a.row1 + pivot.first_data_row - k + level, at)
        return book.read(a.sheet, at, a.col1 + level)

    def index(level: int, value):
        field = fields[level]
        if field == DATA_FIELD:
            return _data_index(pivot, value)
        return _item_index(pivot, field, value)

    lines, previous = [], ()
    for at in range(first, last + 1):
        labels = [label(at, level) for level in range(k)]
        shown = [level for level, v in enumerate(labels) if v is not EMPTY and v != ""]
        if not shown:
            lines.append(Line("blank", ()))
            continue
        depth = shown[-1] + 1
        if depth == 1 and index(0, labels[0]) is None:
            lines.append(Line("grand", ()))
            continue
        items = []
        for level in range(depth):
            if level in shown:
                items.append(index(level, labels[level]))
            else:
                items.append(previous[level] if level < len(previous) else None)
        if None in items:
            lines.append(Line("blank", ()))
            continue
        lines.append(Line("data" if depth == k else "default", tuple(items)))
        previous = tuple(items)
    return lines


def _item_index(pivot, field: int, value):
    from .pivots import _item_index as find

    return find(pivot, field, value)


def _data_index(pivot, value):
    if not isinstance(value, str):
        return None
    key = value.strip().casefold()
    return next((i for i, d in enumerate(pivot.data_fields) if d.name.strip().casefold() == key),
                None)
