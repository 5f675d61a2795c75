"""A sheet's cells, where its formulas are, and which blocks it holds.

:class:`Sheet` maps ``(row, col)`` to :class:`Cell` (:class:`~.cells.Cells`:
filled-down formulas and data columns stored as runs of values).  Besides the cells it
keeps two indexes for the block calculation (:mod:`.blocks`):

- ``formula_runs``: per column, the runs of rows holding one formula AST,
  recorded as formulas are put into *new* cells (a reader's or a
  generator's columns), so that the filled-down blocks are found by sweeping
  the runs instead of visiting every cell.  Replacing a formula cell drops
  the index (``None``) and the cells are scanned from then on: both give
  the same blocks (tests/test_compiled_blocks.py).
- ``block_columns``: per column, the compiled blocks covering it, which
  :meth:`Sheet.block_at` consults (a cell does not point at its block).

and ``spilled``: the cells dynamic arrays spilled into, each with the key
of the formula that spilled it (:mod:`.spilling`).
"""

from __future__ import annotations

import bisect
import operator

from .cells import Cell, Cells
from .evaluate import compile_node
from .nodes import Node
from .refs import Area

_FIRST = operator.attrgetter("first")

__all__ = ["ArrayGroup", "Cell", "Cells", "Sheet"]


class Sheet:
    def __init__(self, name: str):
        self.name = name
        #: (row, col) -> Cell, whole columns kept as runs (see .cells).
        self.cells = Cells()
        self.max_row = 0
        self.max_col = 0
        #: Where the formulas are, as runs of one AST down a column: col ->
        #: sorted [first, last, node] lists (see .blocks.find_blocks), kept
        #: while formulas are only added to new cells; None once one is
        #: replaced (the cells are then scanned).
        self.formula_runs: dict[int, list] | None = {}
        #: The compiled blocks on this sheet, by column (see .blockcalc).
        self.block_columns: dict[int, list] = {}
        #: The cells a dynamic array spilled into: (row, col) -> its anchor's
        #: key (see .spilling); they hold the array's values, no formula.
        self.spilled: dict[tuple[int, int], tuple] = {}
        #: Merged ranges (a file's <mergeCell>, :meth:`Workbook.merge_cells`):
        #: no array spills into them (see .spilling).
        self.merged: list[Area] = []

    def block_at(self, row: int, col: int):
        """The block that holds cell (row, col), or None (a column's blocks
        are kept in row order: :meth:`add_block`)."""
        blocks = self.block_columns.get(col)
        if blocks:
            i = bisect.bisect_right(blocks, row, key=_FIRST) - 1
            if i >= 0 and blocks[i].last >= row:
                return blocks[i]
        return None

    def blocks_over(self, col: int, row1: int, row2: int):
        """The blocks of column ``col`` holding rows of ``row1..row2``, in row
        order (from the last one starting at or above ``row1``)."""
        blocks = self.block_columns.get(col)
        if not blocks:
            return
        for i in range(max(bisect.bisect_right(blocks, row1, key=_FIRST) - 1, 0), len(blocks)):
            block = blocks[i]
            if block.first > row2:
                return
            if block.last >= row1:
                yield block

    def add_block(self, block):
        """Index ``block`` under each of its columns, in row order."""
        for c in block.columns:
            bisect.insort(self.block_columns.setdefault(c, []), block, key=_FIRST)

    def note_formulas(self, col: int, rows: list, node):
        """``node`` was put in the new cells ``rows`` (increasing) of ``col``."""
        runs = self.formula_runs
        if runs is None or not rows:
            return
        column = runs.setdefault(col, [])
        if rows[-1] - rows[0] + 1 == len(rows):
            stretches = [(rows[0], rows[-1])]
        else:
            stretches, first = [], rows[0]
            for prev, r in zip(rows, rows[1:]):
                if r != prev + 1:
                    stretches.append((first, prev))
                    first = r
            stretches.append((first, rows[-1]))
        for first, last in stretches:
            i = bisect.bisect(column, first, key=lambda run: run[0])
            if i and column[i - 1][1] >= first or i < len(column) and column[i][0] <= last:
                self.formula_runs = None  # overlaps a run: not new cells after all
                return
            if i and column[i - 1][1] == first - 1 and column[i - 1][2] == node:
                column[i - 1][1] = last
                i -= 1
            else:
                column.insert(i, [first, last, node])
            if i + 1 < len(column) and column[i + 1][0] == last + 1 and column[i + 1][2] == node:
                column[i][1] = column.pop(i + 1)[1]

    def forget_formulas(self):
        """A formula cell was replaced: find the formulas by scanning from now on."""
        self.formula_runs = None

    def cell(self, row: int, col: int) -> Cell:
        cell = self.cells.get((row, col))
        if cell is None:
            cell = self.cells[(row, col)] = Cell()
            self.max_row = max(self.max_row, row)
            self.max_col = max(self.max_col, col)
        return cell

    def __repr__(self):
        return f"<Sheet {self.name!r}: {len(self.cells)} cells>"


class ArrayGroup:
    """A Ctrl+Shift+Enter formula over ``area``; every member shows one element."""

    __slots__ = ("area", "node", "fn", "result", "result_pass")

    def __init__(self, area: Area, node: Node):
        self.area, self.node = area, node
        self.fn = compile_node(node, True)
        self.result, self.result_pass = None, -1
