"""Formula cells that call a function needing a live connection keep the
value the file cached for them.

CUBEVALUE, RTD, STOCKHISTORY, WEBSERVICE, IMAGE ... (the functions declared
with ``connection=True``: :mod:`.functions.connections`) ask a server that
sheetgd never opens.  Excel saves what it last fetched as the cell's value;
sheetgd evaluates such a cell to that value, the whole cell (a call's own
value inside ``=CUBEVALUE(...)/1000`` is not saved, only the cell's), as it
evaluates a reference into another workbook from the link's cache
(:mod:`.external`):

- a cell read from a file with a cached value: that value, a constant to
  recalculation (whatever its arguments read; never fetched again);
- a dynamic array formula read with its spill range (STOCKHISTORY's table):
  the array of the values saved in that range (:attr:`Workbook.connection_arrays`);
- a legacy array formula (Ctrl+Shift+Enter): each cell its own cached value;
- a cell with no cached value, a formula entered with ``Workbook.set`` or
  evaluated with ``Workbook.evaluate``: computed, so the function gives the
  error Excel shows for a connection that fails.

The cache is used only while the cell holds the formula the file gave it
(the very AST); entering a formula calling one drops the cell's cached
value (:func:`forget`).
"""

from __future__ import annotations

from functools import lru_cache

from .functions import REGISTRY
from .nodes import called_names


@lru_cache(maxsize=4096)
def connection_calls(node) -> tuple[str, ...]:
    """The connection functions a formula's AST calls, or passes by name
    to a function that calls them (``BYROW(A1:A3,WEBSERVICE)``), sorted;
    () if none."""
    return tuple(sorted({name for name in called_names(node)
                         if name in REGISTRY and REGISTRY[name].connection}))


def cached_value(book, node, sheet: str, row: int, col: int):
    """The value the file cached for the cell at (sheet, row, col) if it
    still holds ``node``; None otherwise."""
    cell = book.sheet(sheet).cells.peek((row, col))  # reading: a run cell stays in its run
    if cell is None or cell.node is not node:
        return None
    key = (book.sheet(sheet).name, row, col)
    array = book.connection_arrays.get(key)
    if array is not None:
        return array
    return book.cached.get(key)


def kept(node, fn):
    """``fn`` (a compiled formula) made to give the cell's cached value
    first when ``node`` calls a connection function; ``fn`` itself if not."""
    if not connection_calls(node):
        return fn

    def from_file(ctx):
        value = cached_value(ctx.book, node, ctx.sheet, ctx.row, ctx.col)
        return fn(ctx) if value is None else value
    return from_file


def forget(book, key, node):
    """A formula entered at ``key``: the file's cached value of the cell no
    longer describes it when it calls a connection function."""
    if connection_calls(node):
        book.cached.pop(key, None)
        book.connection_arrays.pop(key, None)
