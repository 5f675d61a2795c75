"""Workbook, sheets and cells in memory, and recalculation.  No file I/O.

Calculation modes follow Excel:

- ``"automatic"``: every :meth:`Workbook.set` recalculates the cells that
  depend on what changed, and every volatile cell (and its dependents).
- ``"manual"``: a write leaves dependents *stale*; reading one returns its
  old value until :meth:`Workbook.calculate`.  (A newly entered formula is
  computed once on entry, as Excel does.)  The run loops of the teaching
  workbooks rely on this.
"""

from __future__ import annotations

import logging
from collections import deque
from itertools import repeat
import random as _random

from . import errors
from .blockcalc import BlockCalculation, BlockNode, BlockOnCycle, never_in_a_block
from ..gcpause import paused_gc
from .errors import FormulaError, XLError
from .connected import forget
from .evaluate import Ctx, cell_result, compile_formula, scalar
from .graph import Graph
from .names import DefinedName, Names, check_name
from .tables import Table, Tables
from .nodes import NameNode, render
from .parser import parse
from .refs import Area, Ref, address, parse_area, quote_sheet, split_sheet
from .values import EMPTY, MAX_TEXT, from_python, python_value
from .cached import CachedValues
from .loading import BulkLoading
from .ondemand import OnDemand
from .sheet import Cell, Sheet
from .usedrange import UsedRange
from .arrays import ArrayFormulas, part_of_array
from .spilling import MAX_SPILL_ROUNDS, Spilling
from .reads import StaticReads
from .functions import unknown_functions

log = logging.getLogger(__name__)

MODES = ("automatic", "manual")


class Workbook(BulkLoading, BlockCalculation, OnDemand, UsedRange, ArrayFormulas, StaticReads,
               Spilling):
    """A spreadsheet: sheets of cells, defined names, and a calculation engine.

    ``dynamic_arrays`` (on by default; :attr:`dynamic_arrays`): a formula
    entered with :meth:`set` is a dynamic array formula, as one typed into
    Excel 365 is -- computed as an array formula, its array spilling into
    the cells below and right (:mod:`.spilling`).  Off, it is computed as
    Excel 2019 and earlier compute a formula typed into a cell (a range
    where one value is expected is intersected with the formula's row or
    column) and shows an array's first value.  Formulas stored by file
    readers and generators (:meth:`put_formula` ...) are always the latter,
    as files store them; a file's dynamic arrays are dynamic.
    """

    def __init__(self, seed: int | None = None, compiled: bool = True, dynamic_arrays: bool = True):
        #: Whether formulas entered with :meth:`set` are dynamic array formulas.
        self.dynamic_arrays = dynamic_arrays
        self._init_spills()
        self.compiled = compiled  # evaluate filled-down blocks with generated loops
        self._blocks: list = []  # the compiled filled-down blocks (see .blocks)
        self._block_readers: dict = {}  # (SHEET, col) -> [(block, "abs"|"rel", row|dr)]
        self._dirty_blocks: dict = {}  # block -> first stale row (every row below is stale)
        self._refused_blocks: set = set()  # (SHEET, first, last) of blocks found on a cycle
        self._everything = False
        self._sheets: dict[str, Sheet] = {}
        self.tables = Tables()  # Excel tables, read by structured references
        self.names = Names(self.tables)
        self.rng = _random.Random(seed)
        self.date1904 = False  # dates count from 1904-01-01 (a file's workbookPr date1904)
        self.graph = Graph()
        self._cycles: list[list[tuple]] = []
        self.cached = CachedValues()  # values a file carried (see io)
        #: a file's dynamic arrays: anchor key -> the spill range it was saved with (see io)
        self.cached_spills: dict[tuple, Area] = {}
        self.external_books: list = []  # linked workbooks' cached values ([1] first: .external)
        #: dynamic array formulas calling a connection function: the arrays
        #: saved in their spill ranges, by anchor (see .connected)
        self.connection_arrays: dict = {}
        self.pivot_tables: list = []  # PivotTables as a file lays them out (see .pivots)
        self.warnings: list[str] = []  # what could not be read, cell by cell
        self._mode = "automatic"
        self._dirty: set = set()
        self._graph_stale = False
        self._pending: set | None = None
        self._active: set = set()
        self._pending_blocks: dict = {}  # block -> first row still to compute, this pass
        self._running: dict = {}  # block -> first row its kernel is computing now
        self._versions: dict = {}  # (SHEET, col) -> count of writes to that column
        self._compiled: dict = {}  # id(node) -> (node, its compiled function)
        self._deferred_warnings: dict | None = None  # see defer_unknown_warnings
        self._pass = 0
        self._iteration = None  # iterative calculation of circular references (see .iteration)
        self._iterating = False  # computing a circular reference's cells in turn
        self._iterated: set = set()  # cells of circular references iterated: every calculation
        self._host_free_memo: dict = {}  # name label -> (DefinedName, its value is host-free)
        self._forget_names()

    # -- sheets ------------------------------------------------------------------
    def add_sheet(self, name: str, index: int | None = None) -> Sheet:
        """A new empty sheet, last or at position ``index``."""
        if not name or len(name) > 31 or any(ch in name for ch in "[]:*?/\\"):
            raise FormulaError(f"invalid sheet name {name!r}")
        if name.upper() in self._sheets:
            raise FormulaError(f"a sheet named {name!r} exists already")
        sheet = Sheet(name)
        items = list(self._sheets.items())
        items.insert(len(items) if index is None else index, (name.upper(), sheet))
        self._sheets = dict(items)
        self._graph_stale = True
        return sheet

    def sheet(self, name: str) -> Sheet:
        try:
            return self._sheets[name.upper()]
        except KeyError:
            raise KeyError(f"no sheet named {name!r} (sheets: {', '.join(self.sheet_names)})") from None

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self._sheets.values()]

    def has_sheet(self, name: str) -> bool:
        return name.upper() in self._sheets

    def sheet_name(self, name: str) -> str:
        return self.sheet(name).name

    # -- names ---------------------------------------------------------------------
    def define_name(self, name: str, text: str, scope: str | None = None) -> DefinedName:
        """Define ``name`` as formula ``text``, for the workbook or one sheet.
        A name Excel refuses (one that reads as a cell reference, starts
        with a digit, holds a space ...: :func:`.names.check_name`) is
        refused with a FormulaError naming the rule."""
        check_name(name)
        if self.tables.get(name) is not None:
            raise FormulaError(f"{name!r} is a table's name")
        if scope is not None:
            scope = self.sheet(scope).name
        defined = self.names.define(name, text, scope)
        self._graph_stale = True
        if self._mode == "automatic":
            self._recalc()
        return defined

    # -- tables --------------------------------------------------------------------------
    def add_table(self, name: str, ref: str, columns=None, *, header: bool = True,
                  totals: bool = False) -> Table:
        """Make ``ref`` (``"Sheet!A1:C3"``: header row, data, and a totals
        row if ``totals``) a table called ``name`` whose columns are
        ``columns`` (by default the header row's text), so that formulas can
        read it with structured references (``=SUM(name[Total])``;
        :mod:`.tables`).  Refused with a FormulaError naming the rule: a
        name Excel does not accept or one taken by a table or defined name,
        a column count that is not the range's width, two columns of one
        name, no data row, an overlap with another table.  Add a table
        before the formulas that use it (those stored earlier read it too,
        resolved each time they are computed)."""
        check_name(name)
        if self.names.lookup(name, None) is not None:
            raise FormulaError(f"{name!r} is a defined name already")
        try:
            area = parse_area(ref)
        except ValueError as exc:
            raise FormulaError(str(exc), ref) from None
        area = Area(self.sheet(area.sheet).name, area.row1, area.col1, area.row2, area.col2)
        if columns is None:
            if not header:
                raise FormulaError("a table without a header row needs its column names", ref)
            heads = [python_value(self.stored(area.sheet, area.row1, c))
                     for c in range(area.col1, area.col2 + 1)]
            columns = [f"Column{i + 1}" if v is None else str(v) for i, v in enumerate(heads)]
        table = Table(name, area, tuple(columns), bool(header), bool(totals))
        self.tables.add(table)
        self._graph_stale = True
        if self._mode == "automatic":
            self._recalc()
        return table

    # -- reading -----------------------------------------------------------------------
    def value(self, addr: str):
        """The value at ``"Sheet!A1"`` (or a name): a float, str, bool, None
        (empty) or XLError; a list of rows for a range.  A range of more
        than 20,000,000 cells (``s!A:XFD``) is refused with a ValueError
        naming its size and the sheet's used range (:meth:`used_range`)."""
        target = self._target(addr)
        if not isinstance(target, Area):
            return python_value(target)
        if target.is_cell:
            return python_value(self.stored(target.sheet, target.row1, target.col1))
        return self._range_value(target)

    def evaluate(self, formula: str, sheet: str):
        """The value of ``formula`` as if entered in ``sheet``!A1, without
        storing it (stale cells are read as they are, in manual mode)."""
        ctx = Ctx(self, self.sheet(sheet).name, 1, 1)
        try:
            node = self.tables.resolve(parse(formula, 1, 1), ctx.sheet, 1, 1)
        except FormulaError as exc:
            raise FormulaError(str(exc), f"{sheet}!(evaluate)") from None
        return python_value(cell_result(compile_formula(node)(ctx), ctx))

    def formula(self, addr: str) -> str | None:
        """The formula text at a cell, regenerated for that cell (for a cell
        of an array formula, the array's formula, as Excel shows it), or None."""
        area = self._cell_target(addr)
        cell = self.sheet(area.sheet).cells.peek((area.row1, area.col1))
        if cell is None or cell.node is None:
            return None
        if cell.group is not None:  # an array formula's text is its first cell's, in each cell
            return "=" + render(cell.node, cell.group.area.row1, cell.group.area.col1)
        return "=" + render(cell.node, area.row1, area.col1)

    def is_formula(self, addr: str) -> bool:
        return self.formula(addr) is not None

    def formula_cells(self):
        """Keys ``(sheet, row, col)`` of every formula cell, sheet by sheet."""
        for sheet in self._sheets.values():
            for (r, c), cell in sheet.cells.items():
                if cell.node is not None:
                    yield sheet.name, r, c

    def stored(self, sheet: str, row: int, col: int):
        """What a cell holds now (engine value), without computing anything."""
        s = self._sheets.get(sheet.upper())
        cell = s.cells.peek((row, col)) if s is not None else None
        if cell is None:
            return EMPTY
        block = s.block_at(row, col) if s.block_columns else None
        return cell.value if block is None else block.get(row, col)

    def stored_column(self, sheet: str, col: int, row1: int, row2: int) -> list:
        """:meth:`stored` of rows ``row1..row2`` of column ``col``, a list
        (EMPTY where no cell is), read a stretch at a time: slices of the
        compiled blocks' arrays and of the cells' runs."""
        s = self._sheets.get(sheet.upper())
        if s is None:
            return [EMPTY] * (row2 - row1 + 1)
        out, row = [], row1
        for block in s.blocks_over(col, row1, row2):
            if block.first > row:
                out += s.cells.column_values(col, row, block.first - 1, EMPTY)
                row = block.first
            last = min(block.last, row2)
            out += block.column(col, row, last)
            row = last + 1
        if row <= row2:
            out += s.cells.column_values(col, row, row2, EMPTY)
        return out

    def stored_cells(self, sheet: str) -> list:
        """``((row, col), value)`` of every cell of ``sheet`` as :meth:`stored`
        reads it (runs of one formula a column slice at a time; in no
        particular order)."""
        s = self.sheet(sheet)
        out = [(key, self.stored(sheet, *key)) for key, _ in s.cells.items_outside_formula_runs()]
        for col, first, last, _ in s.cells.formula_runs():
            out += zip(zip(range(first, last + 1), repeat(col)),
                       self.stored_column(sheet, col, first, last))
        return out

    def _wrote(self, sheet: Sheet, row: int, col: int):
        key = (sheet.name.upper(), col)
        self._versions[key] = self._versions.get(key, 0) + 1
        block = sheet.block_at(row, col)
        if block is not None:  # a block cell replaced: the block is dissolved
            self._dissolve(block)
        if self._spills or sheet.spilled:
            self._spill_cell_written(sheet, row, col)

    # -- writing ----------------------------------------------------------------------
    def set(self, addr: str, value, *, as_text: bool = False):
        """Write a constant, or a formula when ``value`` is text starting with
        '=' (unless ``as_text``).  A range takes a list of rows."""
        area = self._target(addr)
        if not isinstance(area, Area):
            raise FormulaError(f"{addr!r} does not refer to cells", addr)
        sheet = self.sheet(area.sheet)
        if area.is_cell:
            self._write(sheet, area.row1, area.col1, value, as_text)
        else:
            self._refuse_huge(area, "Workbook.set")
            if getattr(value, "ndim", 0) == 2 and hasattr(value, "tolist"):
                value = value.tolist()  # a 2-D numpy array: rows of Python values
            rows = value if isinstance(value, (list, tuple)) else [[value] * area.width] * area.height
            if len(rows) != area.height or any(len(r) != area.width for r in rows):
                raise FormulaError(f"{area.height}x{area.width} values needed", area.a1())
            for i, row in enumerate(rows):
                for j, v in enumerate(row):
                    self._write(sheet, area.row1 + i, area.col1 + j, v, as_text)
        if self._mode == "automatic":
            self._recalc()

    def _write(self, sheet: Sheet, row: int, col: int, value, as_text: bool):
        new = (row, col) not in sheet.cells
        cell = sheet.cell(row, col)
        key = (sheet.name, row, col)
        if cell.group is not None:
            raise part_of_array(cell.group.area, address(*key))
        if isinstance(value, str) and len(value) > MAX_TEXT and not (value.startswith("=") and not as_text):
            raise FormulaError(f"text of {len(value):,} characters: a cell holds at most {MAX_TEXT:,}",
                               address(*key))
        self._wrote(sheet, row, col)
        if isinstance(value, str) and value.startswith("=") and len(value) > 1 and not as_text:
            try:
                node = self.tables.resolve(parse(value, row, col), sheet.name, row, col)
            except FormulaError as exc:
                raise FormulaError(str(exc), address(*key)) from None
            if new:
                sheet.note_formulas(col, [row], node)
            else:
                sheet.forget_formulas()
            forget(self, key, node)
            cell.node, cell.fn = node, compile_formula(node)
            if self.dynamic_arrays and never_in_a_block(node):  # (a block's formula cannot spill)
                self._make_dynamic(key, cell)
            unknown = unknown_functions(node, lambda n: self.names.lookup(n, sheet.name) is not None)
            if unknown:
                log.warning("%s", self._warn_unknown(sheet.name, row, col, unknown))
            self._formula_changed(sheet.name, row, col, cell)
            if self._mode == "manual":
                self._evaluate_now(key)
        else:
            was_formula = cell.node is not None
            if was_formula:
                sheet.forget_formulas()
            if was_formula and self.compiled and not never_in_a_block(cell.node):
                self._graph_stale = True  # blocks may change
            cell.node = cell.fn = None
            cell.value = from_python(value)
            if was_formula:
                self.graph.remove(key)
            self._mark_dirty([key], include_seeds=False)

    def _formula_changed(self, sheet: str, row: int, col: int, cell: Cell):
        key = (sheet, row, col)
        if self.compiled and not self._graph_stale and cell.group is None and never_in_a_block(cell.node):
            self._link_formula(key, self._register(key, cell))  # no block can change
        else:
            if self.compiled:
                self._graph_stale = True  # blocks may change
            self._register(key, cell)
        self._mark_dirty([key], include_seeds=True)

    # -- calculation -----------------------------------------------------------------
    @property
    def cycles(self) -> list[list[str]]:
        """The circular references among the formulas, each as its cells' addresses."""
        return [[address(*k) for k in cycle] for cycle in self._cycles]

    @property
    def calculation(self) -> str:
        return self._mode

    @calculation.setter
    def calculation(self, mode: str):
        if mode not in MODES:
            raise ValueError(f"calculation must be one of {MODES}, not {mode!r}")
        self._mode = mode
        if mode == "automatic":  # Excel recalculates when switched back
            self._recalc()

    @property
    def iteration(self):
        """Iterative calculation (:class:`~.iteration.Iteration`: at most
        ``count`` iterations, until every value changes by less than
        ``max_change``), or None: circular references are #CIRC errors.  Read
        from a file's calcPr; set it to iterate from Python.  While it is
        on, filled-down columns are computed cell by cell (a circular
        reference through one is iterated cell by cell too)."""
        return self._iteration

    @iteration.setter
    def iteration(self, value):
        from .iteration import Iteration

        if value is not None and not isinstance(value, Iteration):
            raise TypeError(f"iteration must be an Iteration or None, not {type(value).__name__}")
        self._iteration = value
        if value is not None and self.compiled:
            self.compiled = False
            self._graph_stale = True
        self._dirty |= {k for cycle in self._cycles for k in cycle}  # computed again
        if self._mode == "automatic":  # as Excel does when the option is switched
            self._recalc()

    def calculate(self):
        """Recalculate stale cells and every volatile cell (Excel's F9)."""
        self._recalc()

    def calculate_all(self):
        """Recalculate every formula cell (Excel's Ctrl+Alt+F9)."""
        self._everything = True
        self._recalc()

    def _rebuild_graph(self, draws_in_blocks: bool = True):
        """Find the filled-down blocks and register every formula: a block as
        one node reading whole columns (see :mod:`.blocks`), the other
        formulas cell by cell.  Everything becomes stale.

        A block that draws random numbers is kept only as the workbook's one
        random source (the order of the draws is then the cells' order);
        otherwise the blocks are found again without it."""
        from .blocks import formula_keys_outside

        self.graph.clear()
        self._find_blocks(draws_in_blocks)
        groups: dict = {}
        for sheet in self._sheets.values():
            blocks = [b for b in self._blocks if b.sheet == sheet.name]
            keys = formula_keys_outside(sheet, blocks)
            if keys is None:
                for (r, c), cell in sheet.cells.items():
                    if cell.node is not None and sheet.block_at(r, c) is None:
                        self._register((sheet.name, r, c), cell, groups)
            else:
                peek = sheet.cells.peek
                for r, c in keys:
                    self._register((sheet.name, r, c), peek((r, c)))
        drawing = sum(b.random for b in self._blocks)
        if drawing and (drawing > 1 or self.graph.random):
            return self._rebuild_graph(draws_in_blocks=False)
        self._link_blocks()
        self._dirty |= set(self.graph.precedents)
        for block in self._blocks:
            self._dirty_blocks[block] = block.first
        self._graph_stale = False

    def _recalc(self):
        with paused_gc():
            self._recalc_now()
            for _ in range(MAX_SPILL_ROUNDS):  # readers of spills that changed size
                if not self._take_spill_followups():
                    break
                self._recalc_now(again=True)

    def _recalc_now(self, again: bool = False):
        """One recalculation pass (``again``: a follow-up round for spills
        that changed size, which recomputes no volatile cell)."""
        if self._graph_stale:
            self._rebuild_graph()
        everything = self._everything
        if self._everything:  # calculate_all: every formula is stale, no graph walk needed
            plain, blocks = self._all_formulas()
            self._everything = False
        else:
            seeds = set(self._dirty) if again else \
                self._dirty | self.graph.volatile | self._drawing_keys()
            if self._iterated and not again:  # Excel computes a circular reference again at every calculation
                seeds |= {k for k in self._iterated if self._is_formula(k)}
            for block in self._dirty_blocks:
                seeds |= block.outside_dependents
            plain, blocks = self._downstream(seeds)
            for block, row in self._dirty_blocks.items():
                blocks[block] = min(row, blocks.get(block, row))
        todo = set(plain)
        self._pending_blocks = dict(blocks)
        position = {name.upper(): i for i, name in enumerate(self.sheet_names)}
        blocks = sorted(blocks, key=lambda b: (position[b.sheet.upper()], b.first))  # dict keys
        nodes = self._in_sheet_order(plain) + [b.node for b in blocks]  # sorted blocks
        order, cycles = self.graph.order_nodes(*self._calculation_graph(nodes))
        looped = [n.block for cycle in cycles for n in cycle if type(n) is BlockNode]
        if looped:  # computed cell by cell instead (see _refuse_blocks)
            self._refuse_blocks(looped)
            self._everything = everything
            return self._recalc_now(again)
        self._pass += 1
        self._forget_names()
        self._pending, self._active = todo, set()
        self._cycles = [c for c in self._cycles if self._pending.isdisjoint(c)]
        try:
            self._calculate_in_order(order, cycles)
        except BlockOnCycle as exc:
            looped = exc.blocks
        finally:
            self._pending = None
            self._pending_blocks, self._running = {}, {}
            self._dirty = set()
            self._dirty_blocks = {}
        if looped:  # a cycle found while a block ran, which may go through no cell
            self._refuse_blocks(looped)
            self._everything = True
            return self._recalc_now(again)

    def _calculate_in_order(self, order, cycles):
        """Compute the stale formulas of one pass: the circular references
        first (#CIRC!, or iterated), then ``order``."""
        for cycle in cycles:
            cycle = self._cells_of(cycle)
            if self._iteration is not None:
                self._iterate(cycle)
                continue
            self._cycles.append(sorted(cycle))
            where = [address(*k) for k in sorted(cycle)]
            log.warning("circular reference through %d cell(s): %s", len(where),
                        ", ".join(where[:10]) + (" ..." if len(where) > 10 else ""))
            for k in cycle:
                if k in self._spills:  # an array on a circular reference spills nothing
                    self._place(k, self._spills[k], None, None)
                self._set_result(k, errors.CIRC("circular reference: " + " -> ".join(where[:10])))
        for node in order:
            if type(node) is BlockNode:
                self._evaluate_block(node.block)
            elif node in self._pending:
                self._evaluate(node)

    def depends_on_random(self) -> set:
        """The formula cells whose value depends on RAND, RANDBETWEEN, NOW or
        TODAY, as (sheet, row, col) keys: the random cells themselves and
        everything downstream of them in the dependency graph, the rows of a
        filled-down block included (from the first row that reads one: a
        column ``=A1+1`` under ``A1 =TODAY()`` is random all the way down).
        What INDIRECT or OFFSET read is not in the graph: see
        :func:`sheetgd.recheck.random_cells`."""
        if self._graph_stale:
            self._rebuild_graph()
        return self._downstream_cells(self.graph.random | self._drawing_keys())

    def _downstream_cells(self, seeds) -> set:
        """The formula cells among and downstream of ``seeds``, the rows of
        each block reached counted from the first one reached."""
        plain, blocks = self._downstream(seeds)
        found = set(plain)
        for block, row in blocks.items():
            found.update(block.keys(row))
        return found

    def _iterate(self, keys):
        """Compute the cells of one circular reference in turn, from the
        values the others hold, until none changes by ``max_change`` or
        ``count`` rounds are done (:mod:`.iteration`)."""
        from .iteration import change

        keys = self._in_sheet_order(keys)
        self._pending.difference_update(keys)  # reads see the values of the last round
        self._iterated.update(keys)
        for key in keys:  # the first round starts from 0 where the cells were circular
            value = self.stored(*key)
            if isinstance(value, XLError) and value.kind == "#CIRC!":
                self._set_result(key, EMPTY)
        self._iterating = True
        try:
            for _ in range(self._iteration.count):
                biggest = 0.0
                for key in keys:
                    old = self.stored(*key)
                    self._pending.add(key)
                    self._evaluate(key)
                    biggest = max(biggest, change(old, self.stored(*key)))
                if biggest < self._iteration.max_change:
                    break
        finally:
            self._iterating = False

    def iterated_cells(self) -> set:
        """The cells of the circular references computed iteratively
        (:attr:`iteration`) and every formula cell downstream of them, as
        (sheet, row, col) keys: their values are the last iteration's."""
        return self._downstream_cells(self._iterated) if self._iterated else set()

    def _mark_dirty(self, keys, include_seeds: bool):
        plain, blocks = self._downstream(keys, closed=self._dirty)
        if not include_seeds:
            plain = [k for k in plain if k not in keys]
        self._dirty.update(plain)
        for block, row in blocks.items():
            self._dirty_blocks[block] = min(row, self._dirty_blocks.get(block, row))


    def _all_formulas(self):
        """(formula cells outside blocks, blocks): everything, for calculate_all."""
        return list(self.graph.precedents), {b: b.first for b in self._blocks}

    def _cells_of(self, nodes):
        out = []
        for n in nodes:
            if type(n) is BlockNode:
                start = self._pending_blocks.pop(n.block, None)
                if start is not None:
                    keys = list(n.block.keys(start))
                    out += keys
                    self._pending.update(keys)
            elif type(n) is tuple:  # (a wide range's node is no cell)
                out.append(n)
        return out

    def _downstream(self, seeds, closed=frozenset()):
        """(formula cells outside blocks, blocks) depending on ``seeds``.

        A block is reached from the first of its rows that reads a changed
        cell and counts as stale from there down (its cells are never
        visited one by one).  Cells in ``closed`` already have their
        dependents stale and are not followed.
        """
        seen = set(seeds)
        queue = deque(k for k in seeds if k not in closed)
        blocks: dict = {}  # block -> first row reached
        dependents, readers = self.graph.dependents, self._block_readers
        spills = self._spills

        def reach(block, row):
            if block not in blocks:
                blocks[block] = row
                for k in block.outside_dependents:
                    if k not in seen and k not in closed:
                        seen.add(k)
                        queue.append(k)
                for other, kind, where in self._block_readers_of(block):
                    reach(other, other.first)
            elif row < blocks[block]:
                blocks[block] = row

        for key in seeds:
            b = self._block_of(key)
            if b is not None:
                reach(b, key[1])
        while queue:
            key = queue.popleft()
            for dep in dependents(key):
                if dep not in seen and dep not in closed:
                    seen.add(dep)
                    queue.append(dep)
            if spills and key in spills and spills[key].area is not None:  # its spilled cells
                for r, c in spills[key].area.cells():
                    k = (key[0], r, c)
                    if k not in seen and k not in closed:
                        seen.add(k)
                        queue.append(k)
            if readers:
                sheet, row, col = key
                for block, kind, where in readers.get((sheet.upper(), col), ()):
                    if kind == "abs":
                        if row == where:
                            reach(block, block.first)
                    elif block.first <= row - where <= block.last:
                        reach(block, row - where)
        if self._blocks:
            plain = [k for k in seen if self._block_of(k) is None and self._is_formula(k)]
        else:
            plain = [k for k in seen if self._is_formula(k)]
        return plain, blocks

    def _in_sheet_order(self, keys) -> list:
        """Keys sorted by sheet, row, column: the evaluation order (and so the
        order of RAND draws) must not depend on Python's hash seed."""
        position = {name.upper(): i for i, name in enumerate(self.sheet_names)}
        return sorted(keys, key=lambda k: (position[k[0].upper()], k[1], k[2]))

    def _is_formula(self, key) -> bool:
        sheet = self._sheets.get(key[0].upper())
        cell = sheet.cells.peek(key[1:]) if sheet else None
        return cell is not None and cell.node is not None

    def _formula_keys_in(self, area: Area):
        sheet = self._sheets.get(area.sheet.upper())
        if sheet is None:
            return ()
        if area.is_cell:
            rc = (area.row1, area.col1)
            cell = sheet.cells.peek(rc)
            if cell is not None and cell.node is not None:
                return ((sheet.name, area.row1, area.col1),)
            anchor = sheet.spilled.get(rc) if sheet.spilled else None
            return () if anchor is None else (anchor,)
        return self._formula_keys_in_range(sheet, area)

    def _formula_keys_in_range(self, sheet: Sheet, area: Area):
        """The formula cells in ``area``, and the anchor of each cell a
        dynamic array spilled into (what computes that cell's value)."""
        spilled, anchors = sheet.spilled, set()
        r2, c2 = min(area.row2, sheet.max_row), min(area.col2, sheet.max_col)
        for r, c, formula in sheet.cells.formulas_in(area.row1, area.col1, r2, c2, spilled):
            if formula:
                yield sheet.name, r, c
            elif spilled[(r, c)] not in anchors:
                anchors.add(spilled[(r, c)])
                yield spilled[(r, c)]

    def _evaluate_now(self, *keys):
        """Compute formula cells outside a calculation pass (manual entry):
        one pass for all of them (an array formula is computed once)."""
        self._pass += 1
        self._forget_names()
        self._pending, self._active = set(keys), set()
        try:
            for key in keys:
                if key in self._pending:
                    self._evaluate(key)
        finally:
            self._pending = None
        self._take_spill_followups()  # (manual calculation: stale until calculated)

    def _set_result(self, key, value):
        sheet, row, col = key
        if isinstance(value, XLError) and value.origin is None:
            value = value.at(address(*key))
        s = self._sheets[sheet.upper()]
        block = s.block_at(row, col)
        if block is None:
            s.cells.set_value((row, col), value)
        else:
            block.put(row, col, value)
        self._pending.discard(key)

    # -- called by formulas while they evaluate ---------------------------------------
    def read(self, sheet: str, row: int, col: int):
        """A cell's value for a formula: computed first if it is stale."""
        s = self._sheets.get(sheet.upper())
        if s is None:
            return errors.REF(f"no sheet named {sheet!r}")
        cell = s.cells.peek((row, col))
        if cell is None:
            return EMPTY
        block = s.block_at(row, col) if s.block_columns else None
        if block is not None:
            if self._pending_blocks and row >= self._pending_blocks.get(block, row + 1):
                self._evaluate_block(block)
            if self._running and row >= self._running.get(block, row + 1):
                if not self._iterating:
                    raise BlockOnCycle(self._running)  # a rerun cell by cell decides
                self._circ_reads += 1
                return errors.CIRC(f"circular reference through {address(s.name, row, col)}")
        if self._pending and cell.node is not None:
            key = (s.name, row, col)
            if key in self._pending:
                if key in self._active:
                    if self._iterating:  # a cell of the circular reference reads itself
                        return cell.value
                    if self._running:  # read while a block ran: a rerun cell by cell decides
                        raise BlockOnCycle(self._running)
                    self._circ_reads += 1
                    return errors.CIRC(f"circular reference through {address(*key)}")
                self._evaluate(key)
        elif self._pending and s.spilled and (row, col) in s.spilled:  # its array computed first
            anchor = s.spilled[(row, col)]
            if anchor in self._pending:
                if anchor in self._active:
                    self._circ_reads += 1
                    return errors.CIRC(f"circular reference: {address(*anchor)} spills into "
                                       f"{address(s.name, row, col)}, which it reads")
                self._evaluate(anchor)
                cell = s.cells.peek((row, col))
                return EMPTY if cell is None else cell.value
        return cell.value if block is None else block.get(row, col)

    def name_by_text(self, text: str, ctx: Ctx):
        try:
            sheet, name = split_sheet(text)
        except ValueError:
            return None
        if self.names.lookup(name, sheet or ctx.sheet) is None:
            return None
        return self.name_value(NameNode(name, sheet), ctx)

    # -- addresses ------------------------------------------------------------------
    def _target(self, addr: str):
        """An Area for ``"Sheet!A1[:B2]"`` or a name; a scalar for a constant name."""
        try:
            sheet, rest = split_sheet(addr.strip())
        except ValueError as exc:
            raise FormulaError(str(exc), addr) from None
        ref = Ref.parse(rest, 1, 1)
        if ref is not None:
            if sheet is None:
                raise FormulaError("an address needs a sheet name, like Sheet!A1", addr)
            area = parse_area(f"{quote_sheet(sheet)}!{rest}")
            if not self.has_sheet(area.sheet):
                raise FormulaError(f"no sheet named {area.sheet!r}", addr)
            return self._canonical(area)
        if self.names.lookup(rest, sheet) is None:
            raise FormulaError(f"no cell or defined name {addr!r}", addr)
        host = sheet or (self.sheet_names[0] if self.sheet_names else None)
        raw = self.name_value(NameNode(rest, sheet), Ctx(self, host, 1, 1))
        return self._canonical(raw) if isinstance(raw, Area) else scalar(raw, Ctx(self, host, 1, 1))

    def _cell_target(self, addr: str) -> Area:
        area = self._target(addr)
        if not isinstance(area, Area) or not area.is_cell:
            raise FormulaError("a single cell is needed", addr)
        return area

    def __repr__(self):
        return f"<Workbook {self.sheet_names} {self._mode}>"

