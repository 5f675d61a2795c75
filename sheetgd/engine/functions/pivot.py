"""GETPIVOTDATA: the value a PivotTable of the workbook shows.

Microsoft's GETPIVOTDATA page: ``GETPIVOTDATA(data_field, pivot_table,
[field1, item1, field2, item2], ...)`` "returns visible data from a
PivotTable"; data_field names a Values field, pivot_table is a reference to
any cell or range in the PivotTable, and 1 to 126 field/item pairs describe
the data wanted (without any pair: the grand total).  The PivotTable's
layout comes from the file (:mod:`sheetgd.io.xlsx_pivots`), the value from
the cell of its body that shows it (:mod:`sheetgd.engine.pivots` says why
the rendered cell and not an aggregate of the cache's records).

#REF!, as the page documents: pivot_table is not a reference, or no
PivotTable is there; a field or item that is not the PivotTable's, a pair
that describes no shown cell, a report filter not showing the item asked.
Not supported: several items of one field in braces (``{"Mar","Apr"}``)
and OLAP PivotTables' ``[Dim].[Member]`` items (#REF!).  An odd number of
pair arguments is #REF! (Excel refuses to enter the formula).

The body's cells are read where the layout says, not through the
reference given, so a call is recomputed at every calculation (as OFFSET
is) and pivot_table's own cells are not read.
"""

from __future__ import annotations

from .. import errors
from ..errors import XLError
from ..pivots import find_pivot, pivot_value
from ..refs import Area
from ..values import to_text
from .base import RAW, SCALAR, function, many, position


def _always(args) -> bool:
    return True


@function("GETPIVOTDATA", SCALAR, position(RAW), many(SCALAR), ctx=True, reads_beyond=_always)
def GETPIVOTDATA(ctx, data_field, pivot_table, *pairs):
    """The value the PivotTable at ``pivot_table`` shows for ``data_field``
    and the field/item ``pairs``; #REF! for what it does not show."""
    if isinstance(pivot_table, XLError):
        return pivot_table
    if not isinstance(pivot_table, Area):
        return errors.REF("GETPIVOTDATA's pivot_table must be a reference into a PivotTable")
    if len(pairs) % 2:
        return errors.REF("GETPIVOTDATA takes its fields and items in pairs")
    pivot = find_pivot(ctx.book.pivot_tables, pivot_table)
    if pivot is None:
        return errors.REF(f"no PivotTable at {pivot_table.a1()}")
    name = to_text(data_field)
    if isinstance(name, XLError):
        return name
    asked = []
    for field, item in zip(pairs[::2], pairs[1::2]):
        field = to_text(field)
        if isinstance(field, XLError):
            return field
        asked.append((field, item))
    return pivot_value(ctx.book, pivot, name, asked)
