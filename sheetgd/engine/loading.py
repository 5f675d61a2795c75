"""Bulk loading: how file readers and generators fill a workbook.

:class:`BulkLoading` is the part of :class:`~.workbook.Workbook` that stores
cells without recalculating (until ``calculate()``): constants, formulas
with the value a file showed for them, whole columns at once
(:meth:`BulkLoading.put_cells`), array formulas, and a sheet emptied for a
reader that starts it over.
"""

from __future__ import annotations

from math import isfinite

from .errors import FormulaError
from .evaluate import compile_formula
from ..gcpause import paused_gc
from .functions import unknown_functions
from .nodes import Node
from .parser import parse
from .refs import Area, address
from .sheet import ArrayGroup, Cell
from .values import EMPTY, from_python


class BulkLoading:
    """Mixed into Workbook; uses its sheets, caches and warnings."""

    def put(self, sheet: str, row: int, col: int, value):
        """Store a constant without recalculating (for readers of files)."""
        self._bulk_cell(sheet, row, col).value = from_python(value)

    def put_formula(self, sheet: str, row: int, col: int, text: str, shown=EMPTY):
        """Store a formula whose current (stale) value is ``shown``.

        A formula that cannot be read becomes a #NAME? cell, with a warning
        naming the cell, so the rest of the file still loads.
        """
        try:
            node = parse(text, row, col)
        except FormulaError as exc:
            self.warnings.append(f"{address(sheet, row, col)}: {exc}")
            node = parse("=#NAME?", row, col)
        self.put_formula_node(sheet, row, col, node, shown)

    def put_formula_node(self, sheet: str, row: int, col: int, node: Node, shown=EMPTY):
        """Store a parsed formula (a relative AST: a filled-down column can
        pass the same node for every row, as the generators do)."""
        s = self.sheet(sheet)
        node = self.tables.resolve(node, s.name, row, col)
        new = (row, col) not in s.cells
        cell = self._bulk_cell(sheet, row, col)
        cell.node, cell.fn, cell.value = node, self._function_of(node, sheet, row, col), from_python(shown)
        if new:
            s.note_formulas(col, [row], node)
        else:
            s.forget_formulas()

    def put_formula_column(self, sheet: str, col: int, first: int, last: int, node: Node):
        """Store one parsed formula in rows ``first..last`` of a column (a
        generator's filled-down column): :meth:`put_formula_node` for each row."""
        self.put_cells(sheet, col, list(range(first, last + 1)), [EMPTY] * (last - first + 1),
                       node=node, engine_values=True)

    def put_column(self, sheet: str, col: int, first: int, values):
        """Store constants in rows ``first..`` of a column (a generator's data)."""
        values = list(values)
        self.put_cells(sheet, col, list(range(first, first + len(values))), values)

    def put_cells(self, sheet: str, col: int, rows: list, values: list, node: Node | None = None,
                  cached: bool = False, engine_values: bool = False, fresh: bool = False):
        """Store cells in ``rows`` (increasing) of one column at once: constants
        ``values``, or, with ``node``, that formula showing ``values`` (kept
        in :attr:`cached` too if ``cached``).  One bulk insert when the cells
        are new; :meth:`put` / :meth:`put_formula_node` cell by cell if not.
        ``engine_values``: the values are engine values already; ``fresh``:
        the caller knows that none of the cells exists (a reader's promise)."""
        if not rows:
            return
        s = self.sheet(sheet)
        if node is not None and len(self.tables) and self.tables.holds(node):
            # structured references: resolved row by row (a table's rows share one node)
            nodes = [self.tables.resolve(node, s.name, r, col) for r in rows]
            start = 0
            for i in range(1, len(rows) + 1):
                if i == len(rows) or nodes[i] is not nodes[start]:
                    with paused_gc():
                        self._put_cells(s, col, rows[start:i], values[start:i], nodes[start],
                                        cached, engine_values, fresh)
                    start = i
            return
        with paused_gc():  # millions of new objects, none of them cyclic
            self._put_cells(s, col, rows, values, node, cached, engine_values, fresh)

    def _put_cells(self, s, col, rows, values, node, cached, engine_values, fresh):
        if not fresh and s.cells.holds_any(col, rows):
            for r, v in zip(rows, values):
                if node is None:
                    self.put(s.name, r, col, v)
                else:
                    self.put_formula_node(s.name, r, col, node, v)
            if cached:
                self.cached.put_column(s.name, col, rows, values)
            return
        fn = None if node is None else self._function_of(node, s.name, rows[0], col)
        if not engine_values:
            values = [v if type(v) is float and isfinite(v) else from_python(v) for v in values]
        s.cells.put_column(col, rows, values, node, fn)
        if cached:
            self.cached.put_column(s.name, col, rows, values)
        if node is not None:
            s.note_formulas(col, rows, node)
        s.max_row, s.max_col = max(s.max_row, rows[-1]), max(s.max_col, col)
        self._graph_stale = True

    def clear_sheet(self, sheet: str):
        """Empty a sheet read from a file (a reader starting it over): its
        cells, and the values the file cached for them."""
        s = self.sheet(sheet)
        for block in [b for b in self._blocks if b.sheet.upper() == s.name.upper()]:
            self._dissolve(block)
        for key in list(self.graph.precedents):
            if key[0].upper() == s.name.upper():
                self.graph.remove(key)
        self._forget_spills_on(s)
        s.cells.clear()
        s.max_row = s.max_col = 0
        s.formula_runs = {}
        s.merged = []
        self.cached.clear_sheet(s.name)
        self.cached_spills = {k: a for k, a in self.cached_spills.items() if k[0] != s.name}
        self._versions = {k: v + 1 if k[0] == s.name.upper() else v for k, v in self._versions.items()}
        self._graph_stale = True

    def _function_of(self, node: Node, sheet: str, row: int, col: int):
        """The compiled function of ``node``, kept by identity (compile_node's
        own cache hashes the whole AST); warns once about unknown functions."""
        entry = self._compiled.get(id(node))
        deferred = self._deferred_warnings
        if entry is None or entry[0] is not node:
            entry = self._compiled[id(node)] = (node, compile_formula(node))
            unknown = unknown_functions(node, lambda n: self.names.lookup(n, sheet) is not None)
            if unknown and deferred is not None:
                deferred[id(node)] = [node, sheet, (row, col), unknown]
            elif unknown:
                self._warn_unknown(sheet, row, col, unknown, filled=True)
        elif deferred is not None and id(node) in deferred:
            held = deferred[id(node)]
            held[2] = min(held[2], (row, col))
        return entry[1]

    def defer_unknown_warnings(self) -> dict:
        """From now on, hold the unknown-function warnings of newly stored
        formulas, each with the first cell (in row order) that holds the
        formula, until :meth:`flush_unknown_warnings` (a reader that stores
        a column at a time still names the cell a row-by-row reader would)."""
        self._deferred_warnings = {}
        return self._deferred_warnings

    def flush_unknown_warnings(self):
        held, self._deferred_warnings = self._deferred_warnings or {}, None
        for _, sheet, (row, col), names in sorted(held.values(), key=lambda h: h[2]):
            self._warn_unknown(sheet, row, col, names, filled=True)

    def _warn_unknown(self, sheet: str, row: int, col: int, names: list[str],
                      filled: bool = False) -> str:
        """A formula calls functions sheetgd does not know: it evaluates to
        #NAME?; say which (once for a formula filled down a column)."""
        more = " (and the cells that share its formula)" if filled else ""
        note = (f"{address(self.sheet_name(sheet), row, col)}{more}: unknown function"
                f"{'s' if len(names) > 1 else ''} {', '.join(names)}; the cell is #NAME?")
        self.warnings.append(note)
        return note

    def _bulk_cell(self, sheet: str, row: int, col: int) -> Cell:
        s = self.sheet(sheet)
        cell = s.cells.get((row, col))
        if cell is None:
            cell = s.cell(row, col)
        else:
            self._wrote(s, row, col)
        self._graph_stale = True
        return cell

    def put_array_formula(self, area: Area, text: str, shown=None):
        """Store an array formula over ``area``; ``shown`` maps (row, col) to values."""
        sheet = self.sheet(area.sheet)
        sheet.forget_formulas()
        try:
            node = parse(text, area.row1, area.col1)
            group = ArrayGroup(area, self.tables.resolve(node, sheet.name, area.row1, area.col1))
        except FormulaError as exc:
            self.warnings.append(f"{area.a1()}: {exc}")
            group = ArrayGroup(area, parse("=#NAME?", area.row1, area.col1))
        for r, c in area.cells():
            cell = sheet.cell(r, c)
            self._wrote(sheet, r, c)
            cell.node, cell.fn, cell.group = group.node, None, group
            cell.value = from_python((shown or {}).get((r, c)))
        self._graph_stale = True
