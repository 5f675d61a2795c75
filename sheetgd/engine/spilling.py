"""Dynamic arrays: a formula in one cell whose value is an array *spills*.

Excel 365's behaviour ("Dynamic array formulas and spilled array
behavior", "How to correct a #SPILL! error", support.microsoft.com):

- A dynamic array formula (:meth:`Workbook.set` of a formula while
  :attr:`Workbook.dynamic_arrays` is on, or one a file saved as dynamic:
  :mod:`sheetgd.io.xlsx_metadata`) is computed as an array formula at its
  cell, the *anchor*.  When its value is an array of more than one value,
  the values fill the cells right of and below the anchor, the *spill
  range*: those cells hold the values (``value("s!C2")`` is the member) and
  no formula (``formula("s!C2")`` is None); an empty member shows 0.
- Each cell of the spill range but the anchor must be empty; one holding a
  value or formula (or another array's spilled value), or a range running
  off the sheet, makes the anchor ``#SPILL!`` and nothing spills.  Clearing
  the blocker spills it again on the next recalculation (the anchor is
  recomputed when any cell of the range it wanted is written).  The other
  kinds of Microsoft's page that sheetgd can decide are ``#SPILL!`` too:
  a spill range holding merged cells ("Spill into merged cells";
  :meth:`Spilling.merge_cells`, a file's ``<mergeCell>``), one overlapping
  a table ("Spill into table"), and an array whose size is indeterminate
  ("Excel was unable to determine the size of the spilled array because
  it's volatile, and resizes between calculation passes", its example
  ``=SEQUENCE(RANDBETWEEN(1,1000))``): a formula calling a random function
  (RAND, RANDBETWEEN, RANDARRAY) whose result is an array is computed a
  second time with other draws (the random sequence then set back, so the
  draws shown are those of the first), and a second size that differs is
  ``#SPILL!``.  A result of one value is not computed again (Excel may
  still find the size indeterminate there).
- When the array's size changes the spill range follows, the cells it
  leaves emptied.  ``C1#`` (``ANCHORARRAY``) is the current spill range;
  #REF! when C1 does not spill (#SPILL!, one value, no formula), as Excel
  documents for the spill range operator.

Calculation: the anchor is the one node of the dependency graph; a
formula reading a spilled cell is ordered after the anchor
(:meth:`Workbook._formula_keys_in` gives the anchor for a spilled cell), and
a change of the anchor reaches the readers of its spilled cells
(:meth:`Workbook._downstream` walks from an anchor to its spill range).  When
a spill grows into cells whose readers were computed before it in the same
recalculation (they could not know), those readers are computed again in
a follow-up round (:meth:`Spilling._take_spill_followups`).  All of this
costs in proportion to the spill ranges, never a scan of a whole sheet.
"""

from __future__ import annotations

from functools import lru_cache

from . import errors
from .connected import connection_calls
from .evaluate import cell_result, grid
from .nodes import called_names
from .refs import MAX_COL, MAX_ROW, Area, address
from .sheet import Cell
from .values import EMPTY, Array

#: The most cells one array spills into (a sheetgd limit, not Excel's: a
#: larger one is #SPILL!, as an array running off the sheet is; each spilled
#: cell is a Python object of a few hundred bytes).  An anchor read from a
#: file with a larger spill range may spill as far as that range (its cells
#: are held already; the file's size is bounded by the reader's max_cells).
MAX_SPILL_CELLS = 200_000

#: Follow-up rounds of one recalculation (spill ranges that changed size).
MAX_SPILL_ROUNDS = 100


class Spill:
    """A dynamic array formula's state: the ``area`` it spills into now
    (anchor included; None when it shows one value or is #SPILL!), and the
    ``wanted`` area while a cell blocks it."""

    __slots__ = ("area", "wanted")

    def __init__(self, area: Area | None = None):
        self.area, self.wanted = area, None


def _is_multi(raw) -> bool:
    if isinstance(raw, Area):
        return not raw.is_cell
    return isinstance(raw, Array) and (raw.height > 1 or raw.width > 1)


def _size(raw) -> tuple[int, int]:
    """The rows and columns a raw result would spill (1x1 for one value)."""
    return (raw.height, raw.width) if isinstance(raw, (Area, Array)) else (1, 1)


@lru_cache(maxsize=None)
def calls_random(node) -> bool:
    """Whether a formula calls a random function (RAND, RANDBETWEEN,
    RANDARRAY ...) itself, or passes one by name to a function that calls
    it (``REDUCE(1,{1000},RANDBETWEEN)``); a defined name or LAMBDA it calls
    is not looked into."""
    from .functions import REGISTRY

    return any(name in REGISTRY and REGISTRY[name].random for name in called_names(node))


def _overlap(a: Area, b: Area) -> bool:
    return a.sheet.upper() == b.sheet.upper() and a.row1 <= b.row2 and b.row1 <= a.row2 \
        and a.col1 <= b.col2 and b.col1 <= a.col2


class Spilling:
    """Mixed into Workbook; uses its sheets, graph and calculation state."""

    def _init_spills(self):
        self._spills: dict = {}  # anchor key -> Spill
        self._blocked: dict = {}  # anchor key -> the area it wants while #SPILL!
        self._late_cells: set = set()  # readers of spilled cells computed too early
        self._late_blocks: dict = {}

    # -- the Python API ------------------------------------------------------------------
    def spill_range(self, addr: str) -> str | None:
        """The spill range of the dynamic array formula at ``addr``
        (``"s!C1:C3"``), or None when it spills nothing (one value,
        ``#SPILL!``, no dynamic array formula there)."""
        area = self._cell_target(addr)
        spill = self._spills.get((self.sheet(area.sheet).name, area.row1, area.col1))
        return None if spill is None or spill.area is None else spill.area.a1()

    def dynamic_array_area(self, sheet: str, row: int, col: int) -> Area | None:
        """For a dynamic array formula's anchor: the area it spills into, or
        the anchor alone while it is #SPILL!; None for any other cell, and
        for a dynamic formula that shows one value, which Excel saves as a
        plain formula (for writers of files)."""
        spill = self._spills.get((self.sheet(sheet).name, row, col))
        if spill is None:
            return None
        if spill.area is not None:
            return spill.area
        return Area(self.sheet(sheet).name, row, col, row, col) if spill.wanted else None

    def anchors_on(self, sheet: str) -> set:
        """``(row, col)`` of every dynamic array formula on ``sheet`` (its
        cells that :meth:`dynamic_array_area` may answer for)."""
        name = self.sheet(sheet).name
        return {(row, col) for s, row, col in self._spills if s == name}

    def is_spilled(self, sheet: str, row: int, col: int) -> bool:
        """Whether the cell holds a member of a dynamic array spilled there."""
        return (row, col) in self.sheet(sheet).spilled

    def spill_area(self, sheet: str, row: int, col: int):
        """``C1#``: the area the array anchored at the cell occupies (computed
        first if stale) -- a dynamic array's spill range, or a legacy array
        formula's area when the cell is its first -- else #REF!."""
        s = self.sheet(sheet)
        key = (s.name, row, col)
        spill = self._spills.get(key)
        if spill is not None:
            self.read(s.name, row, col)  # computed if stale
            spill = self._spills.get(key)
            if spill is not None and spill.area is not None:
                return spill.area
            return errors.REF(f"{address(*key)} does not spill (a spill reference needs an "
                              "array spilled from its cell)")
        cell = s.cells.peek((row, col))
        group = getattr(cell, "group", None)
        if group is None or (group.area.row1, group.area.col1) != (row, col):
            return errors.REF(f"{address(*key)} is not the first cell of an array")
        return group.area

    # -- merged cells ---------------------------------------------------------------------
    def merge_cells(self, addr: str):
        """Merge the cells of ``addr`` (``"s!A1:B2"``), as a file's
        ``<mergeCell>`` does: their values stay as they are; a dynamic
        array whose spill range reaches them is ``#SPILL!`` (Excel's "Spill
        into merged cells").  A range of one cell, or one overlapping a
        merged range, is refused with a FormulaError."""
        area = self._merge_target(addr)
        sheet = self.sheet(area.sheet)
        if area.is_cell:
            raise errors.FormulaError(f"{area.a1()} is one cell: nothing to merge", addr)
        other = next((m for m in sheet.merged if _overlap(m, area)), None)
        if other is not None:
            raise errors.FormulaError(f"{area.a1()} overlaps the merged range {other.a1()}", addr)
        sheet.merged.append(area)
        self._respill_over(area)

    def unmerge_cells(self, addr: str):
        """Undo :meth:`merge_cells` of exactly ``addr``; an array it kept
        from spilling spills on the next recalculation.  KeyError if the
        range is not merged."""
        area = self._merge_target(addr)
        sheet = self.sheet(area.sheet)
        if area not in sheet.merged:
            raise KeyError(f"{area.a1()} is not a merged range")
        sheet.merged.remove(area)
        self._respill_over(area)

    def put_merged(self, sheet: str, areas):
        """Merged ranges read from a file (for readers: no check of
        overlaps, no recalculation; see :meth:`merge_cells`)."""
        s = self.sheet(sheet)
        s.merged.extend(Area(s.name, a.row1, a.col1, a.row2, a.col2) for a in areas)

    def merged_ranges(self, sheet: str) -> list[str]:
        """The merged ranges of a sheet (``["s!A1:B2"]``), in the order merged."""
        return [m.a1() for m in self.sheet(sheet).merged]

    def _merge_target(self, addr: str) -> Area:
        area = self._target(addr)
        if not isinstance(area, Area):
            raise errors.FormulaError(f"{addr!r} does not refer to cells", addr)
        return Area(self.sheet(area.sheet).name, area.row1, area.col1, area.row2, area.col2)

    def _respill_over(self, area: Area):
        """Compute again the arrays that spill into ``area`` or want to."""
        keys = [key for key, spill in self._spills.items()
                if any(a is not None and _overlap(a, area) for a in (spill.area, spill.wanted))]
        if keys:
            self._mark_dirty(keys, include_seeds=True)
            if self._mode == "automatic":
                self._recalc()

    def _merged_in(self, area: Area) -> Area | None:
        """A merged range ``area`` reaches, or None."""
        return next((m for m in self.sheet(area.sheet).merged if _overlap(m, area)), None)

    # -- storing ------------------------------------------------------------------------
    def put_dynamic_array(self, area: Area, text: str, shown=None):
        """Store a dynamic array formula read from a file: ``text`` at the
        first cell of ``area`` (the spill range it was saved with), the
        other cells holding the values ``shown`` ({(row, col): value}) as
        spilled members.  No recalculation."""
        from .evaluate import compile_dynamic
        from .parser import parse
        from .errors import FormulaError
        from .values import from_python

        s = self.sheet(area.sheet)
        row, col = area.row1, area.col1
        try:
            node = self.tables.resolve(parse(text, row, col), s.name, row, col)
        except FormulaError as exc:
            self.warnings.append(f"{address(s.name, row, col)}: {exc}")
            node = parse("=#NAME?", row, col)
        shown = shown or {}
        self.put_formula_node(s.name, row, col, node, shown.get((row, col), EMPTY))
        key = (s.name, row, col)
        s.cells[(row, col)].fn = compile_dynamic(node)
        self._spills[key] = Spill(None if area.is_cell else area)
        if not area.is_cell and connection_calls(node):  # STOCKHISTORY's table, as saved
            self.connection_arrays[key] = Array.of(
                [[from_python(shown.get((r, c))) for c in range(area.col1, area.col2 + 1)]
                 for r in range(area.row1, area.row2 + 1)])
        for r, c in area.cells():
            if (r, c) != (row, col):
                cell = self._bulk_cell(s.name, r, c)
                cell.node = cell.fn = None
                cell.value = from_python(shown.get((r, c)))
                s.spilled[(r, c)] = key

    def _make_dynamic(self, key, cell):
        """The formula just put in ``cell`` becomes a dynamic array formula."""
        from .evaluate import compile_dynamic

        cell.fn = compile_dynamic(cell.node)
        self._spills[key] = Spill()

    # -- computing -------------------------------------------------------------------
    def _spill_result(self, key, raw, ctx, cell=None):
        """The anchor's value for a dynamic array formula's raw result, the
        array spilled (or #SPILL!) on the way; ``cell`` (the anchor's) to
        compute it again where its size may be indeterminate."""
        spill = self._spills[key]
        if not _is_multi(raw):
            self._place(key, spill, None, None)
            return cell_result(raw, ctx)
        values = grid(raw, ctx)
        if not isinstance(values, Array):  # an error (a 3-D reference)
            self._place(key, spill, None, None)
            return values
        sheet, row, col = key
        h, w = values.height, values.width
        if cell is not None and calls_random(cell.node):
            state = self.rng.getstate()
            again = _size(cell.fn(ctx))  # other draws
            self.rng.setstate(state)
            if again != (h, w):
                self._place(key, spill, None, None)
                return errors.SPILL(f"the array's size is indeterminate: it calls a random "
                                    f"function and came out {h}x{w}, then {again[0]}x{again[1]}")
        if row + h - 1 > MAX_ROW or col + w - 1 > MAX_COL:
            self._place(key, spill, None, None)
            return errors.SPILL(f"the array ({h}x{w}) runs past the edge of the sheet")
        saved = self.cached_spills.get(key)  # a file's spill range: its cells are held already
        most = max(MAX_SPILL_CELLS, saved.height * saved.width if saved is not None else 0)
        if h * w > most:
            self._place(key, spill, None, None)
            return errors.SPILL(f"the array ({h}x{w}) is larger than the {most:,} "
                                "cells sheetgd spills")
        area = Area(sheet, row, col, row + h - 1, col + w - 1)
        merged = self._merged_in(area)
        if merged is not None:  # Excel's "Spill into merged cells"
            self._place(key, spill, None, None, wanted=area)
            return errors.SPILL(f"the spill range {area.a1()} holds merged cells ({merged.a1()})")
        table = self.tables.overlapping(area)
        if table is not None:  # Excel's "Spill into table": tables hold no spilled arrays
            self._place(key, spill, None, None, wanted=area)
            return errors.SPILL(f"the spill range {area.a1()} overlaps table {table.name!r} "
                                f"({table.area.a1()}); arrays do not spill in tables")
        blocker = self._blocker(key, area)
        if blocker is not None:
            self._place(key, spill, None, None, wanted=area)
            return errors.SPILL(f"the spill range {area.a1()} is not empty: {blocker} holds something")
        self._place(key, spill, area, values)
        first = values.at(0, 0)
        return 0.0 if first is EMPTY else first

    def _blocker(self, key, area: Area):
        """The address of a cell of ``area`` (the anchor apart) that keeps
        the array anchored at ``key`` from spilling, or None."""
        s = self._sheets[key[0].upper()]
        cells, spilled, anchor = s.cells, s.spilled, (key[1], key[2])
        if area.height * area.width <= len(cells):
            where = ((rc, cells.peek(rc)) for rc in area.cells())
        else:
            where = ((rc, cell) for rc, cell in cells.items()
                     if area.row1 <= rc[0] <= area.row2 and area.col1 <= rc[1] <= area.col2)
        for rc, cell in where:
            if cell is None or rc == anchor:
                continue
            owner = spilled.get(rc)
            if owner == key:
                continue
            if owner is not None or cell.node is not None or cell.value is not EMPTY:
                return address(s.name, *rc)
        return None

    def _place(self, key, spill: Spill, area: Area | None, values, wanted: Area | None = None):
        """Spill ``values`` into ``area`` (None: nothing), emptying the cells
        of the old spill range left; the readers of changed cells are made
        stale (or computed again this recalculation)."""
        s = self._sheets[key[0].upper()]
        cells, spilled, anchor = s.cells, s.spilled, (key[1], key[2])
        changed, added = [], []  # cells whose value changed; cells new to the spill range
        old = spill.area
        if old is not None:
            for rc in old.cells():
                if rc == anchor or area is not None and area.row1 <= rc[0] <= area.row2 \
                        and area.col1 <= rc[1] <= area.col2:
                    continue
                if spilled.get(rc) == key:
                    del spilled[rc]
                    cells.pop(rc, None)
                    changed.append((s.name, *rc))
        if area is not None:
            for i in range(area.height):
                for j in range(area.width):
                    if i == 0 and j == 0:
                        continue
                    v = values.at(i, j)
                    v = 0.0 if v is EMPTY else v
                    rc = (area.row1 + i, area.col1 + j)
                    if old is None or not (old.row1 <= rc[0] <= old.row2 and old.col1 <= rc[1] <= old.col2):
                        added.append((s.name, *rc))
                    cell = cells.get(rc)
                    if cell is None:
                        cells[rc] = Cell(v)
                        spilled[rc] = key
                    elif spilled.get(rc) != key:
                        spilled[rc] = key
                        cell.value = v
                    elif type(cell.value) is type(v) and cell.value == v:
                        continue
                    else:
                        cell.value = v
                    changed.append((s.name, *rc))
            s.max_row, s.max_col = max(s.max_row, area.row2), max(s.max_col, area.col2)
        spill.area, spill.wanted = area, wanted
        if wanted is None:
            self._blocked.pop(key, None)
        else:
            self._blocked[key] = wanted
        if changed:
            self._spill_changed(key, changed, added)

    def _spill_changed(self, anchor, changed, added):
        """Spilled cells changed: their readers must see the new values.  In
        a recalculation the readers of the cells the range had already were
        reached from the anchor (:meth:`Workbook._downstream`); those of
        cells new to it (``added``) are computed again if computed already."""
        versions = self._versions
        for v in {(sheet.upper(), col) for sheet, _, col in changed}:
            versions[v] = versions.get(v, 0) + 1
        if self._pending is None:
            self._mark_dirty(changed, include_seeds=False)
            return
        if not added:
            return
        plain, blocks = self._downstream(added)
        pending = self._pending
        self._late_cells.update(k for k in plain if k not in pending and k != anchor)
        for block, row in blocks.items():
            start = self._pending_blocks.get(block)
            if start is None or start > row:
                self._late_blocks[block] = min(row, self._late_blocks.get(block, row))

    def _take_spill_followups(self) -> bool:
        """Make the readers computed before a spill changed stale again;
        whether there were any (the caller then recalculates once more)."""
        cells, blocks = self._late_cells, self._late_blocks
        if not cells and not blocks:
            return False
        self._late_cells, self._late_blocks = set(), {}
        cells = [k for k in cells if self._is_formula(k)]
        self._mark_dirty(cells, include_seeds=True)
        for block, row in blocks.items():
            if block in self._blocks:
                self._dirty_blocks[block] = min(row, self._dirty_blocks.get(block, row))
        return True

    # -- writes into the cells of spills ----------------------------------------------------
    def _spill_cell_written(self, sheet, row: int, col: int):
        """A cell is about to be written: if it anchors a dynamic array, the
        array's spill range is emptied and it is one no more; if the array
        had spilled into it, the cell is the writer's and the anchor is
        computed again (#SPILL!); if it blocked an array, the array is
        computed again (it may spill now)."""
        key = (sheet.name, row, col)
        spill = self._spills.get(key)
        if spill is not None:
            self._place(key, spill, None, None)
            del self._spills[key]
        anchor = sheet.spilled.pop((row, col), None)
        if anchor is not None:
            self._mark_dirty([anchor], include_seeds=True)
        for other, wanted in list(self._blocked.items()):
            if wanted.sheet == sheet.name and wanted.row1 <= row <= wanted.row2 \
                    and wanted.col1 <= col <= wanted.col2 and other in self._spills:
                self._mark_dirty([other], include_seeds=True)

    def _forget_spills_on(self, sheet):
        """A sheet emptied: its dynamic arrays go."""
        name = sheet.name
        for key in [k for k in self._spills if k[0] == name]:
            del self._spills[key]
            self._blocked.pop(key, None)
        sheet.spilled.clear()
