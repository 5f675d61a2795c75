"""Whole columns, rows and sheets: work in proportion to the cells that exist.

``A:A`` names 1,048,576 cells and ``s!A:XFD`` more than 17 billion; Excel
visits only a sheet's *used range* (up to its last used row and column).
:class:`UsedRange`, mixed into :class:`~.workbook.Workbook`, does the same
in each place a wide reference is met:

- reading a range's values (:meth:`UsedRange.grid`): aggregates get the
  used part alone (empty cells are nothing to them), everything else a
  :class:`~.sparse.Sparse` array with the reference's size holding the used
  part and one EMPTY for the rest, so SUMPRODUCT's sizes still have to
  agree, MATCH still counts positions in the whole column, and array
  arithmetic is done once per used cell;
- a function of a wide reference (``SUM(A:A)`` in every row of a column) is
  computed once per recalculation and remembered (:meth:`UsedRange.remembered`);
  so is the grid of a wide range.  Something remembered was computed from
  final values only: a computation that met a cell still being computed (a
  circular reference) is not kept;
- ordering a recalculation: a wide range read by many formulas is one node
  between the formulas in it and the formulas reading it
  (:meth:`UsedRange._calculation_graph`), so four thousand readers of a
  column with four thousand formulas make eight thousand edges, not sixteen
  million;
- the Python API: :meth:`Workbook.value` of a range builds its rows from the
  cells that exist, and refuses (``ValueError`` naming the size) a range of
  more than :data:`MAX_CELLS` cells; writing a value or an array formula
  over more cells than that is refused too (:class:`FormulaError`), like the
  file reader's ``--max-cells``.  :meth:`UsedRange.used_range` says what a
  sheet holds.
"""

from __future__ import annotations

from .errors import FormulaError
from . import errors
from .refs import Area
from . import sparse
from .sparse import Sparse, TooLarge
from .values import EMPTY, Array, NumberColumn, python_value

#: The most cells one Python API call reads or writes (``Workbook.value``,
#: ``set`` and ``set_array_formula`` over a range): the file reader's
#: default ``--max-cells`` (sheetgd.io.package_check.MAX_CELLS).
MAX_CELLS = 20_000_000

#: A range with more cells than this is remembered for a recalculation once
#: read (its grid, and the functions of it).
REMEMBER_MIN_CELLS = 4096

_MISSING = object()


class UsedRange:
    """Mixed into Workbook; uses its sheets, blocks and calculation state."""

    _circ_reads = 0  # reads that met a cell being computed (see Workbook.read)
    _memo_pass = -1

    # -- used ranges -----------------------------------------------------------------
    def used_area(self, sheet: str) -> Area | None:
        """``A1`` to the sheet's last used row and column, or None when empty."""
        s = self.sheet(sheet)
        if not s.cells:
            return None
        return Area(s.name, 1, 1, s.max_row, s.max_col)

    def used_range(self, sheet: str) -> str | None:
        """The address of a sheet's used range (``"s!A1:C10"``), or None when
        it has no cell; ``wb.value(wb.used_range("s"))`` reads all it holds."""
        area = self.used_area(sheet)
        return None if area is None else area.a1()

    def _refuse_huge(self, area: Area, what: str, error=FormulaError, writes: bool = True):
        """Refuse an API call over more than :data:`MAX_CELLS` cells -- for a
        write, counting the cells the workbook holds already."""
        n = area.height * area.width
        held = sum(len(s.cells) for s in self._sheets.values()) if writes else 0
        if n <= MAX_CELLS and (not writes or held + n <= MAX_CELLS or
                               held + n - self._held_in(area) <= MAX_CELLS):
            return
        used = self.used_range(area.sheet) if self.has_sheet(area.sheet) else None
        hint = f" (the used range of {area.sheet} is {used})" if used else ""
        if writes:
            raise error(f"{what} over {n:,} cells would make the workbook hold more than "
                        f"{MAX_CELLS:,} cells, the most it may{hint}", area.a1())
        raise error(f"{area.a1()} has {n:,} cells, more than the {MAX_CELLS:,} that {what} returns{hint}")

    def _held_in(self, area: Area) -> int:
        """How many cells of ``area`` exist already."""
        s = self._sheets.get(area.sheet.upper())
        if s is None:
            return 0
        if area.height * area.width <= len(s.cells):
            return sum(1 for r, c in area.cells() if (r, c) in s.cells)
        return sum(1 for r, c in s.cells if area.row1 <= r <= area.row2 and area.col1 <= c <= area.col2)

    # -- reading values ----------------------------------------------------------------
    def grid(self, area: Area, clip: bool = False) -> Array:
        """The values of an area as an array.  ``clip`` drops the empty part
        past the used range (for aggregates); otherwise an area reaching well
        past it is a :class:`Sparse` array of the area's size whose cells
        past the used range are EMPTY, read only where the sheet has cells."""
        s = self._sheets.get(area.sheet.upper())
        if s is None:
            return Array(((errors.REF(f"no sheet named {area.sheet!r}"),),))
        wide = area.height * area.width > REMEMBER_MIN_CELLS and self._pending is not None
        if wide:
            memo = self._memo_now()
            found = memo.get(("grid", area, clip), _MISSING)
            if found is not _MISSING:
                return found
            before = self._circ_reads
        result = self._grid_now(s, area, clip)
        if wide and self._circ_reads == before:
            memo[("grid", area, clip)] = result
        return result

    def _grid_now(self, s, area: Area, clip: bool) -> Array:
        height, width = area.height, area.width
        h = max(0, min(height, s.max_row - area.row1 + 1))
        w = max(0, min(width, s.max_col - area.col1 + 1))
        if h * w > max(sparse.SPARSE_MIN_TAIL, 4 * len(s.cells)):
            # the used range reaches far past these cells: the cells in the area bound it
            keys = [(r, c) for r, c in s.cells
                    if area.row1 <= r <= area.row2 and area.col1 <= c <= area.col2]
            h = max((r for r, _ in keys), default=area.row1 - 1) - area.row1 + 1
            w = max((c for _, c in keys), default=area.col1 - 1) - area.col1 + 1
            if h * w > sparse.MAX_LISTED:
                if clip:  # an aggregate's values: its cells in order, as Excel visits them
                    return self._values_of(s, sorted(keys))
                raise TooLarge(f"{area.a1()} holds cells {h:,} rows and {w:,} columns apart, "
                               f"more than the {sparse.MAX_LISTED:,} cells sheetgd reads one by one")
        if clip:
            r2, c2 = area.row1 + max(h, 1) - 1, area.col1 + max(w, 1) - 1
            if c2 == area.col1 and self._blocks:  # a block's column of numbers: not cell by cell
                floats = self._number_column(s, c2, area.row1, r2)
                if floats is not None:
                    return NumberColumn(floats)
            return Array(self._cells_of_area(s, area.row1, area.col1, r2, c2))
        if height * width - h * w < sparse.SPARSE_MIN_TAIL:
            return Array(self._cells_of_area(s, area.row1, area.col1, area.row2, area.col2))
        dense = self._cells_of_area(s, area.row1, area.col1, area.row1 + h - 1, area.col1 + w - 1) \
            if h and w else ((),) * h
        return Sparse(height, width, dense, (EMPTY,) * h if w < width else (),
                      (EMPTY,) * w if h < height else (), EMPTY)

    def _values_of(self, s, keys: list) -> Array:
        """The values of cells ``keys`` (row by row) of sheet ``s``, as one row
        (computed if stale): what an aggregate reads of an area whose cells
        lie too far apart for a grid (A1 and XFD1048576), the empty cells
        between them left out, as aggregates skip them."""
        read, cells = self.read, s.cells
        values = []
        for r, c in keys:
            cell = cells.peek((r, c))
            values.append(cell.value if cell.node is None else read(s.name, r, c))
        return Array((tuple(values) or (EMPTY,),))

    def _cells_of_area(self, s, row1: int, col1: int, row2: int, col2: int) -> tuple:
        """Rows of values (computed if stale), block parts read as slices."""
        blocks = self._blocks_in(Area(s.name, row1, col1, row2, col2)) if self._blocks else ()
        if not blocks:  # constants taken from their cells, formulas read (computed if stale)
            cells, read, name, out = s.cells, self.read, s.name, []
            columns = range(col1, col2 + 1)
            for r in range(row1, row2 + 1):
                row = []
                for c in columns:
                    cell = cells.peek((r, c))
                    row.append(EMPTY if cell is None else cell.value if cell.node is None
                               else read(name, r, c))
                out.append(tuple(row))
            return tuple(out)
        columns = [self._column(s.name, c, row1, row2, blocks) for c in range(col1, col2 + 1)]
        return tuple(zip(*columns))

    # -- remembering, for one recalculation ---------------------------------------------
    def _memo_now(self) -> dict:
        if self._memo_pass != self._pass:
            self._memo, self._memo_pass = {}, self._pass
        return self._memo

    def remembered(self, key, compute):
        """``compute()``, kept under ``key`` for the rest of this recalculation
        (outside one, computed every time).  Not kept when the computation
        read a cell that was still being computed (a circular reference:
        what it read is not that cell's final value)."""
        if self._pending is None:
            return compute()
        memo = self._memo_now()
        found = memo.get(key, _MISSING)
        if found is not _MISSING:
            return found
        before = self._circ_reads
        value = compute()
        if self._circ_reads == before:
            memo[key] = value
        return value

    # -- the Python API over ranges -------------------------------------------------------
    def _range_value(self, area: Area) -> list:
        """``Workbook.value`` of a range: rows of Python values, built from
        the cells that exist."""
        self._refuse_huge(area, "Workbook.value", ValueError, writes=False)
        s = self._sheets.get(area.sheet.upper())
        height, width = area.height, area.width
        if s is None or not s.cells:
            return [[None] * width for _ in range(height)]
        if height * width <= 4 * len(s.cells):
            columns = [self._column_values(s, c, area.row1, area.row2)
                       for c in range(area.col1, area.col2 + 1)]
            return [[None if v is EMPTY else v for v in row] for row in zip(*columns)]  # python_value
        out = [[None] * width for _ in range(height)]
        for (r, c) in s.cells:
            if area.row1 <= r <= area.row2 and area.col1 <= c <= area.col2:
                out[r - area.row1][c - area.col1] = python_value(self.stored(s.name, r, c))
        return out

    def _column_values(self, s, col: int, row1: int, row2: int) -> list:
        """What rows ``row1..row2`` of column ``col`` of sheet ``s`` hold now
        (:meth:`stored`, a column at a time: the blocks' and runs' slices)."""
        out = s.cells.column_values(col, row1, row2, EMPTY)
        for block in s.block_columns.get(col) or ():
            lo, hi = max(block.first, row1), min(block.last, row2)
            if lo <= hi:
                out[lo - row1:hi - row1 + 1] = block.column(col, lo, hi)
        return out

    # -- ordering a recalculation ------------------------------------------------------
    def _calculation_graph(self, nodes: list):
        """``(nodes, precedents_of)`` for :meth:`Graph.order_nodes`: a formula's
        precedents are the formulas (and blocks) in the ranges it reads; a
        wide range is itself a node (its :class:`Area`), whose precedents are
        the formulas in it, computed once however many formulas read it.
        Area nodes are no cells: the calculation passes over them."""
        graph = self.graph
        inside: dict = {}  # area -> nodes in it (each area scanned once)
        wide: dict = {}  # area -> its node's precedents
        out: dict = {}
        for node in nodes:
            if type(node) is not tuple:  # a block's node
                out[node] = node.block.outside_precedents
                continue
            pre = []
            for area in graph.precedents.get(node, ()):
                if graph.is_wide(area):
                    wide[area] = None
                    pre.append(area)
                else:
                    if area not in inside:
                        inside[area] = list(self._nodes_in(area))
                    pre += inside[area]
            out[node] = pre
        for area in wide:
            out[area] = list(self._nodes_in(area))
        return nodes + list(wide), out.__getitem__
