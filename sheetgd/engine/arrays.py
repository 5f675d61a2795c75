"""Array (Ctrl+Shift+Enter) formulas: one formula over a rectangle of cells.

:class:`ArrayFormulas` is the part of :class:`~.workbook.Workbook` that
enters them.  An array formula is computed once per recalculation, at its
first cell (:class:`~.sheet.ArrayGroup`), and each of its cells shows one
element of the result (:meth:`ArrayFormulas._group_element`); every cell
reads what the formula reads from the first cell, so a change to any cell
it reads recomputes all of them.

As in Excel, an array formula is changed whole: entering one over cells of
another that it does not cover entirely is refused ("You can't change part
of an array"), and so is writing into one of its cells (:meth:`Workbook.set`).
One over more than :data:`~.usedrange.MAX_CELLS` cells is refused too.
Entering one registers its cells in one pass and, in manual calculation,
computes it once -- not once per cell.
"""

from __future__ import annotations

from .connected import connection_calls, forget
from .errors import FormulaError
from .evaluate import Ctx, grid
from .lambdas import Lambda, uncalled
from .parser import parse
from .refs import Area, address
from .sheet import ArrayGroup
from .values import EMPTY


class ArrayFormulas:
    """Mixed into Workbook; uses its sheets, graph and calculation state."""

    def set_array_formula(self, addr: str, formula: str):
        """Enter ``formula`` as an array (Ctrl+Shift+Enter) formula over ``addr``.

        Refused (FormulaError naming the cell): an area holding part of
        another array formula (Excel: "You can't change part of an array";
        covering the whole of it replaces it), and an area of more than
        20,000,000 cells."""
        area = self._target(addr)
        if not isinstance(area, Area):
            raise FormulaError("an array formula needs a range", addr)
        self._refuse_huge(area, "an array formula")
        sheet = self.sheet(area.sheet)
        self._refuse_part_of_array(sheet, area)
        try:
            node = parse(formula, area.row1, area.col1)
        except FormulaError as exc:
            raise FormulaError(str(exc), area.a1()) from None
        group = ArrayGroup(area, node)
        sheet.forget_formulas()
        keys = []
        for r, c in area.cells():
            cell = sheet.cell(r, c)
            self._wrote(sheet, r, c)
            cell.node, cell.fn, cell.group = node, None, group
            keys.append((sheet.name, r, c))
            forget(self, keys[-1], node)
        # Every cell reads what the formula reads from the array's first
        # cell; an array formula is in no block, so blocks are not found again.
        link, reads = self.compiled and not self._graph_stale, {}
        for key in keys:
            areas = self._register(key, sheet.cells.peek(key[1:]), reads)
            if link:
                self._link_formula(key, areas)
        self._mark_dirty(keys, include_seeds=True)
        if self._mode == "automatic":
            self._recalc()
        else:
            self._evaluate_now(*keys)

    def _group_element(self, group: ArrayGroup, ctx: Ctx):
        """The element of an array formula's result that cell ``ctx`` shows
        (the formula computed once per recalculation)."""
        if connection_calls(group.node):  # each cell's cached value (see .connected)
            value = self.cached.get((ctx.sheet, ctx.row, ctx.col))
            if value is not None:
                return value
        if group.result_pass != self._pass:
            anchor = Ctx(self, group.area.sheet, group.area.row1, group.area.col1)
            group.result = grid(group.fn(anchor), anchor)
            group.result_pass = self._pass
        value = group.result.at(ctx.row - group.area.row1, ctx.col - group.area.col1)
        if isinstance(value, Lambda):  # a LAMBDA left uncalled, as in a one-cell formula
            return uncalled(value)
        return 0.0 if value is EMPTY else value

    def _array_cells(self, sheet, area: Area):
        """The existing cells of ``area`` that belong to array formulas, as
        ``(row, col, group)``."""
        cells = sheet.cells
        if area.height * area.width <= len(cells):
            for r, c in area.cells():
                cell = cells.peek((r, c))
                if cell is not None and cell.group is not None:
                    yield r, c, cell.group
        else:
            for (r, c), cell in cells.items():
                if cell.group is not None and area.row1 <= r <= area.row2 and area.col1 <= c <= area.col2:
                    yield r, c, cell.group

    def _refuse_part_of_array(self, sheet, area: Area):
        """Excel's "You can't change part of an array": an array formula
        entered over cells of another one must cover all of it."""
        for r, c, group in self._array_cells(sheet, area):
            a = group.area
            if not (area.row1 <= a.row1 and a.row2 <= area.row2 and area.col1 <= a.col1 and a.col2 <= area.col2):
                raise part_of_array(a, address(sheet.name, r, c))


def part_of_array(array: Area, cell: str) -> FormulaError:
    """Excel's message for a write to some, not all, cells of an array formula."""
    return FormulaError(f"You can't change part of an array ({array.a1()})", cell)
