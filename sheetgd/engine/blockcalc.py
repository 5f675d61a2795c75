"""Filled-down blocks in the workbook's calculation (see :mod:`.blocks`).

:class:`BlockCalculation` is the part of :class:`~.workbook.Workbook` that
finds the blocks when the dependency graph is rebuilt, indexes what each
one reads (a block is one node of the graph reading whole columns), runs a
stale block's kernel and hands the rows it cannot do to the cell-by-cell
path, reads a block's values as array slices for ranges, and dissolves a
block whose cells are overwritten.

Entering one formula does not make the blocks be found again (which would
make every formula stale: entering a column of four thousand formulas one
by one would recompute sixteen million cells) when its AST could never be
compiled into a block (:func:`never_in_a_block`: a range, SUM, IF ...): it
is linked to the blocks around it (:meth:`BlockCalculation._link_formula`)
and computed like any formula outside them.
"""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter

import numpy as np

from .nodes import Binary, Call, Number, Paren, Percent, RefNode, Unary, walk
from .refs import Area, sheet_span

_FIRST = attrgetter("first")

#: What a compiled block's loop can compute (see .blocks): anything else in
#: a formula keeps it out of every block.
_LOOP_FUNCTIONS = {"SQRT", "EXP", "LN", "ABS", "RAND", "RANDBETWEEN"}
_LOOP_POSITIONS = {"ROW", "COLUMN", "ROWS", "COLUMNS"}
_LOOP_OPERATORS = {"+", "-", "*", "/", "^"}


@lru_cache(maxsize=4096)
def never_in_a_block(node) -> bool:
    """Whether a formula's AST holds something no compiled block computes
    (a range outside ROW/ROWS/COLUMN/COLUMNS, a function other than SQRT,
    EXP, LN, ABS, RAND and RANDBETWEEN, text, a comparison, a name ...).  Erring towards False
    costs only time: the blocks are found again."""
    positions = False
    for n in walk(node):
        if isinstance(n, Call):
            if n.name in _LOOP_POSITIONS:
                positions = True
            elif n.name not in _LOOP_FUNCTIONS:
                return True
        elif isinstance(n, Binary):
            if n.op not in _LOOP_OPERATORS:
                return True
        elif isinstance(n, Unary):
            if n.op not in "+-":
                return True
        elif isinstance(n, RefNode):
            if n.ref.end is not None and not positions or sheet_span(n.ref.sheet):
                return True
        elif not isinstance(n, (Number, Paren, Percent)):
            return True
    return False


class BlockNode:
    """A filled-down block as one node of the calculation order."""

    __slots__ = ("block",)

    def __init__(self, block):
        self.block = block


class BlockOnCycle(Exception):
    """Unwinds a recalculation: a cell being computed was read again while
    ``blocks`` ran, so the circular reference may run through a block as one
    node (the block's other columns) and through no cell: those blocks are
    refused and the recalculation starts again cell by cell (see
    :meth:`BlockCalculation._refuse_blocks`)."""

    def __init__(self, blocks):
        super().__init__(blocks)
        self.blocks = list(blocks)


#: At most this many cells outside blocks in a column read as numbers at once.
_LOOSE_CELLS = 8


class BlockCalculation:
    """Mixed into Workbook; uses its sheets, graph and calculation state."""

    def column_version(self, sheet: str, col: int) -> int:
        """Counts the writes into column ``col`` of ``sheet`` (for caches)."""
        return self._versions.get((sheet.upper(), col), 0)

    def gather_numbers(self, sheet: str, col: int, row1: int, row2: int):
        """``(values, constant)`` of rows ``row1..row2`` of a column, computed
        if stale; values is None if one of them is not a number, and
        ``constant`` says none of them is a formula."""
        s = self._sheets.get(sheet.upper())
        if s is None:
            return None, False
        cells, read, out, constant = s.cells, self.read, [], True
        for first, last, run in cells.stretches(col, row1, row2):
            if run is not None and run.node is None:  # a column of constants: a slice
                values = run.values[first - run.base:last - run.base + 1]
                if not all(type(v) is float for v in values):
                    return None, False
                out += values
                continue
            for r in range(first, last + 1):
                cell = cells.peek((r, col)) if run is None else run  # (a run has .node)
                if cell is None:
                    return None, False
                if cell.node is None:
                    v = cell.value
                else:
                    constant = False
                    v = read(s.name, r, col)
                if type(v) is not float:
                    return None, False
                out.append(v)
        return out, constant

    def _find_blocks(self, draws: bool = True):
        """Find and compile the blocks; ``draws``: a block may draw random
        numbers (see :meth:`~.workbook.Workbook._rebuild_graph`)."""
        from .blocks import compile_block, find_blocks

        for block in list(self._blocks):
            self._dissolve(block)
        self._block_readers = {}
        self._dirty_blocks = {}
        if not self.compiled:
            return
        for sheet in self._sheets.values():
            for block in find_blocks(sheet):
                if (sheet.name.upper(), block.first, block.last) in self._refused_blocks:
                    continue
                if compile_block(block, self.rng if draws else None):
                    sheet.add_block(block)
                    block.allocate()
                    block.node = BlockNode(block)
                    self._blocks.append(block)

    def _dissolve(self, block):
        """The block's cells become plain cells again, holding its values;
        the graph is rebuilt before the next calculation."""
        sheet = self._sheets[block.sheet.upper()]
        block.store_values(sheet.cells)
        for c in block.columns:
            sheet.block_columns[c].remove(block)
            if not sheet.block_columns[c]:
                del sheet.block_columns[c]
        if block in self._dirty_blocks:
            self._dirty.update(block.keys(self._dirty_blocks.pop(block)))
        self._blocks.remove(block)
        self._block_readers = {}  # and every formula is stale once the graph is rebuilt
        self._graph_stale = True

    def _refuse_blocks(self, blocks):
        """Dissolve blocks found on a circular reference of the calculation
        order, and find them no more.  A block is one node reading whole
        columns: a formula that reads one of its cells and is read by
        another of its rows (``=C15+1`` in D1, ``=A2*$D$1`` down column B
        beside column C) closes a cycle that no cell is on.  Cell by cell,
        such a sheet has no cycle; a real one is found among the cells."""
        for block in blocks:
            self._refused_blocks.add((block.sheet.upper(), block.first, block.last))
            if block in self._blocks:
                self._dissolve(block)

    def _link_blocks(self):
        """Index what each block reads, and find the formulas around it."""
        readers = self._block_readers
        for block in self._blocks:
            block.outside_precedents, block.outside_dependents = set(), set()
            reads = [(kind, ref_sheet or block.sheet, where, c)
                     for kind, ref_sheet, where, c in block.inputs]
            reads += [("rel", block.sheet, -1, c) for c in block.prev_cols]
            for kind, sheet, where, c in reads:
                if not self.has_sheet(sheet):
                    continue
                sheet = self.sheet_name(sheet)
                readers.setdefault((sheet.upper(), c), []).append((block, kind, where))
                area = Area(sheet, where, c, where, c) if kind == "abs" else \
                    Area(sheet, block.first + where, c, block.last + where, c)
                block.outside_precedents.update(n for n in self._nodes_in(area) if n is not block.node)
        for key, areas in self.graph.precedents.items():
            for area in areas:
                for block in self._blocks_in(area):
                    block.outside_dependents.add(key)

    def _link_formula(self, key, areas):
        """A formula entered at ``key`` outside the blocks, without finding
        them again: the blocks reading its cell compute after it, and the
        ones it reads reach it when they change (see :meth:`_link_blocks`)."""
        if not self._blocks:
            return
        if key in self.graph.random and self._drawing_keys():
            self._graph_stale = True  # a second random source: the block may no longer draw
        sheet, row, col = key
        for block, kind, where in self._block_readers.get((sheet.upper(), col), ()):
            if (row == where) if kind == "abs" else (block.first + where <= row <= block.last + where):
                block.outside_precedents.add(key)
        for area in areas:
            for block in self._blocks_in(area):
                block.outside_dependents.add(key)

    def _blocks_in(self, area: Area):
        """The blocks that have cells in ``area``, in their order (from the
        sheet's index of blocks by column: a book can hold hundreds)."""
        sheet = self._sheets.get(area.sheet.upper())
        by_col = sheet.block_columns if sheet is not None else None
        if not by_col:
            return []
        if area.col2 - area.col1 < len(by_col):
            cols = range(area.col1, area.col2 + 1)
        else:
            cols = [c for c in by_col if area.col1 <= c <= area.col2]
        found = {}
        for c in cols:
            found.update(dict.fromkeys(sheet.blocks_over(c, area.row1, area.row2)))
        return sorted(found, key=_FIRST)  # one sheet's blocks: in row order

    def _nodes_in(self, area: Area):
        """The calculation nodes with cells in ``area``: the formula cells
        outside blocks, and the blocks' nodes (block cells are not visited)."""
        blocks = self._blocks_in(area) if self._blocks else ()
        if not blocks:
            yield from self._formula_keys_in(area)
            return
        sheet = self._sheets[area.sheet.upper()]
        for b in blocks:
            yield b.node
        for c in range(area.col1, min(area.col2, sheet.max_col) + 1):
            row = area.row1
            for b in sorted((b for b in blocks if c in b.columns), key=lambda b: b.first):
                if b.first > row:
                    yield from self._formula_keys_in(Area(sheet.name, row, c, b.first - 1, c))
                row = max(row, b.last + 1)
            if row <= area.row2:
                yield from self._formula_keys_in(Area(sheet.name, row, c, area.row2, c))

    def _drawing_keys(self) -> set:
        """The first cell of each block that draws random numbers: it is
        volatile, and what reads it depends on random draws."""
        return {(b.sheet, b.first, b.order[0] if b.order else next(iter(b.columns)))
                for b in self._blocks if b.random}

    def _block_of(self, key):
        if not self._blocks:
            return None
        sheet = self._sheets.get(key[0].upper())
        return sheet.block_at(key[1], key[2]) if sheet else None

    def _evaluate_block(self, block):
        """Compute a stale block: its kernel from the first stale row down, and
        cell by cell from a row the kernel cannot do (see :mod:`.blocks`)."""
        from .blocks import run

        start = self._pending_blocks.pop(block, None)
        if start is None:  # computed already (read on demand) or on a cycle
            return
        start = max(start, block.first)
        self._running[block] = start
        try:
            done = run(block, self, start)
        finally:
            del self._running[block]
        keys = list(block.keys(start + done))
        if keys:
            self._pending.update(keys)
            for key in keys:
                if key in self._pending:
                    self._drive(key)  # its own work list, even when computed on demand

    def _block_readers_of(self, block):
        """The blocks that read cells of ``block``."""
        name = block.sheet.upper()
        out = []
        for c in block.columns:
            for other, kind, where in self._block_readers.get((name, c), ()):
                if other is block:
                    continue
                if kind == "abs" and block.first <= where <= block.last:
                    out.append((other, kind, where))
                elif kind == "rel" and other.first + where <= block.last and other.last + where >= block.first:
                    out.append((other, kind, where))
        return out

    def _number_column(self, s, col: int, row1: int, row2: int):
        """Rows ``row1..row2`` of column ``col`` of sheet ``s`` as a new
        float64 array, computed if stale, when blocks hold all but a few of
        them and every one is a finite number; else None (read them cell by
        cell)."""
        if col not in s.block_columns:  # no block in the column: nothing to read as one
            return None
        parts, row, loose = [], row1, 0
        while row <= row2:
            b = s.block_at(row, col)
            if b is None:  # a cell between blocks (a first row written apart)
                loose += 1
                v = self.read(s.name, row, col)
                if loose > _LOOSE_CELLS or type(v) is not float:
                    return None
                parts.append(np.array([v]))
                row += 1
                continue
            if b in self._pending_blocks:
                self._evaluate_block(b)
            hi, odd = min(row2, b.last), b.other.get(col)
            if b in self._running or (odd and any(row <= r <= hi for r in odd)):
                return None
            parts.append(b.values[col][row - b.first:hi - b.first + 1])
            row = hi + 1
        floats = np.concatenate(parts)
        return floats if np.isfinite(floats).all() else None

    def _column(self, sheet: str, col: int, row1: int, row2: int, blocks) -> list:
        """The values of rows ``row1..row2`` of a column, block parts read as
        slices of the blocks' arrays."""
        out, row, read = [], row1, self.read
        for b in sorted((b for b in blocks if col in b.columns), key=lambda b: b.first):
            if b in self._pending_blocks:
                self._evaluate_block(b)
            out += [read(sheet, r, col) for r in range(row, b.first)]
            lo, hi = max(row, b.first), min(row2, b.last)
            if b in self._running:
                out += [read(sheet, r, col) for r in range(lo, hi + 1)]
            else:
                out += b.column(col, lo, hi)
            row = hi + 1
        out += [read(sheet, r, col) for r in range(row, row2 + 1)]
        return out
