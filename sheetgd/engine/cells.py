"""A sheet's cells: a mapping ``(row, col) -> Cell`` that stores columns as runs.

A file of 100,000 filled-down rows holds over a million cells; as a dict of
:class:`Cell` objects each costs a dict slot, a key tuple and a Cell (about
190 bytes) besides its value.  :class:`Cells` is the same mapping kept in
two stores:

- the *materialised* cells: a dict ``{(row, col): Cell}``, as before;
- *column runs*: consecutive rows of one column holding one formula (the
  same AST and compiled function) or constants, as a list of the cells'
  values (:class:`_Run`; 8 bytes a cell).  Readers and generators store
  whole columns this way (:meth:`Cells.put_column`).

Addressing a cell of a run to change it (``cells[key]``, :meth:`Cells.get`,
``cells[key] = cell``, ``del``) *materialises* it: it leaves its run (the
run is cut in two; both halves share the list) and lives in the dict from
then on, so a Cell handed out is the cell, and writing its attributes
changes the sheet.  Reading without changing anything does not
materialise: :meth:`Cells.peek` (and iterating, :meth:`items`,
:meth:`values`) gives a run's cell as a Cell made for the occasion, and
:meth:`Cells.set_value` writes a value in place.  Iteration goes over the
materialised cells first (in insertion order), then the runs column by
column, row by row.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import MutableMapping
from itertools import repeat
from operator import attrgetter

from .values import EMPTY

#: More pieces than this in one column (a run cut at random rows, one cell
#: at a time) and the column's runs are materialised at once: cutting a
#: list of pieces costs its length.
MAX_PIECES = 1024


class Cell:
    """A constant (``node is None``) or a formula with its last value."""

    __slots__ = ("value", "node", "fn", "group")

    def __init__(self, value=EMPTY, node=None, fn=None, group=None):
        self.value, self.node, self.fn, self.group = value, node, fn, group


class _Run:
    """Rows ``first..last`` of a column: ``values[row - base]`` is a row's value."""

    __slots__ = ("first", "last", "base", "values", "node", "fn")

    def __init__(self, first, last, base, values, node, fn):
        self.first, self.last, self.base = first, last, base
        self.values, self.node, self.fn = values, node, fn

    def cell(self, row: int) -> Cell:
        return Cell(self.values[row - self.base], self.node, self.fn)


_FIRST = attrgetter("first")


class Cells(MutableMapping):
    """``{(row, col): Cell}`` over materialised cells and column runs."""

    __slots__ = ("_cells", "_runs", "_in_runs")

    def __init__(self):
        self._cells: dict = {}
        self._runs: dict[int, list[_Run]] = {}  # col -> runs sorted by first row
        self._in_runs = 0

    # -- finding a run ------------------------------------------------------------------
    def _find(self, key):
        """``(runs, i)``: the run of ``key``'s column holding its row, or None."""
        try:
            row, col = key
        except (TypeError, ValueError):
            return None
        runs = self._runs.get(col)
        if not runs:
            return None
        i = bisect_right(runs, row, key=_FIRST) - 1
        if i >= 0 and runs[i].last >= row:
            return runs, i
        return None

    def _cut(self, runs: list, i: int, row: int, col: int):
        """Take ``row`` out of run ``runs[i]``."""
        run = runs[i]
        self._in_runs -= 1
        if run.first == run.last:
            del runs[i]
            if not runs:
                del self._runs[col]
        elif row == run.first:
            run.first += 1
        elif row == run.last:
            run.last -= 1
        else:
            runs.insert(i + 1, _Run(row + 1, run.last, run.base, run.values, run.node, run.fn))
            run.last = row - 1
            if len(runs) > MAX_PIECES:
                self._materialise(col)

    def _materialise(self, col: int):
        """Every run of ``col`` into the dict."""
        cells = self._cells
        for run in self._runs.pop(col, ()):
            for r in range(run.first, run.last + 1):
                cells[(r, col)] = run.cell(r)
            self._in_runs -= run.last - run.first + 1

    def _take(self, key):
        """Materialise ``key`` if a run holds it; its Cell, or None."""
        found = self._find(key)
        if found is None:
            return None
        runs, i = found
        cell = runs[i].cell(key[0])
        self._cut(runs, i, key[0], key[1])
        self._cells[key] = cell
        return cell

    # -- the mapping --------------------------------------------------------------------
    def get(self, key, default=None):
        """The cell at ``key`` (materialised: changing it changes the sheet)."""
        cell = self._cells.get(key)
        if cell is None and self._runs:
            cell = self._take(key)
        return default if cell is None else cell

    def __getitem__(self, key):
        cell = self.get(key)
        if cell is None:
            raise KeyError(key)
        return cell

    def __setitem__(self, key, cell):
        if self._runs and key not in self._cells:
            found = self._find(key)
            if found is not None:
                self._cut(*found, key[0], key[1])
        self._cells[key] = cell

    def __delitem__(self, key):
        if key in self._cells:
            del self._cells[key]
            return
        found = self._find(key) if self._runs else None
        if found is None:
            raise KeyError(key)
        self._cut(*found, key[0], key[1])

    _MISSING = object()

    def pop(self, key, default=_MISSING):
        cell = self.get(key)
        if cell is None:
            if default is Cells._MISSING:
                raise KeyError(key)
            return default
        del self._cells[key]
        return cell

    def __contains__(self, key):
        return key in self._cells or bool(self._runs) and self._find(key) is not None

    def __len__(self):
        return len(self._cells) + self._in_runs

    def __bool__(self):
        return bool(self._cells) or self._in_runs > 0

    def _spans(self):
        """(col, first, last, run) of every run now (a snapshot)."""
        return [(col, run.first, run.last, run) for col, runs in self._runs.items() for run in runs]

    def __iter__(self):
        yield from self._cells
        for col, first, last, _ in self._spans():
            for r in range(first, last + 1):
                yield r, col

    def items(self):
        """``(key, cell)`` pairs; a run's cells are made for the iteration
        (address one to change it)."""
        return _ItemsView(self)

    def values(self):
        return _ValuesView(self)

    def _items(self):
        cells = self._cells
        yield from cells.items()
        for col, first, last, run in self._spans():
            values, base, node, fn = run.values, run.base, run.node, run.fn
            for r in range(first, last + 1):
                key = (r, col)
                cell = cells.get(key)
                yield key, Cell(values[r - base], node, fn) if cell is None else cell

    def formula_runs(self) -> list:
        """``(col, first, last, node)`` of every run of formula cells now (a
        snapshot): rows ``first..last`` of ``col`` all hold formula ``node``."""
        return [(col, run.first, run.last, run.node) for col, runs in self._runs.items()
                for run in runs if run.node is not None]

    def items_outside_formula_runs(self):
        """``(key, cell)`` pairs of the cells :meth:`formula_runs` does not cover."""
        cells = self._cells
        yield from cells.items()
        for col, first, last, run in self._spans():
            if run.node is None:
                values, base = run.values, run.base
                for r in range(first, last + 1):
                    yield (r, col), Cell(values[r - base])

    def clear(self):
        self._cells.clear()
        self._runs.clear()
        self._in_runs = 0

    def __repr__(self):
        return f"<Cells: {len(self._cells)} materialised, {self._in_runs} in runs>"

    # -- reading and writing without materialising ------------------------------------------
    def peek(self, key):
        """The cell at ``key`` to read (a run's cell made for the occasion:
        changing it changes nothing), or None."""
        cell = self._cells.get(key)
        if cell is None and self._runs:
            found = self._find(key)
            if found is not None:
                runs, i = found
                return runs[i].cell(key[0])
        return cell

    def column_values(self, col: int, row1: int, row2: int, missing) -> list:
        """The values of rows ``row1..row2`` of ``col`` (``missing`` where no
        cell is), slices of the runs where they hold the rows."""
        out, cells = [], self._cells
        for lo, hi, run in self.stretches(col, row1, row2):
            if run is None:
                for r in range(lo, hi + 1):
                    cell = cells.get((r, col))
                    out.append(missing if cell is None else cell.value)
            else:
                out += run.values[lo - run.base:hi - run.base + 1]
        return out

    def set_value(self, key, value):
        """Give the cell at ``key`` (which must exist) the value ``value``."""
        cell = self._cells.get(key)
        if cell is not None:
            cell.value = value
            return
        found = self._find(key) if self._runs else None
        if found is None:
            raise KeyError(key)
        runs, i = found
        run = runs[i]
        run.values[key[0] - run.base] = value

    def formulas_in(self, row1: int, col1: int, row2: int, col2: int, also=None) -> list:
        """``(row, col, True)`` for the formula cells of an area, and
        ``(row, col, False)`` for its other cells whose key is in ``also``
        (a run's constants never are).  Row by row when the area has fewer
        places than there are cells; otherwise the materialised cells in
        their order, then the runs' (column by column)."""
        cells, out = self._cells, []
        if row2 < row1 or col2 < col1:
            return out
        if (row2 - row1 + 1) * (col2 - col1 + 1) > len(self):
            for (r, c), cell in cells.items():
                if row1 <= r <= row2 and col1 <= c <= col2:
                    if cell.node is not None:
                        out.append((r, c, True))
                    elif also and (r, c) in also:
                        out.append((r, c, False))
            for col, runs in self._runs.items():
                if col1 <= col <= col2:
                    for run in runs:
                        if run.node is not None:
                            out += zip(range(max(run.first, row1), min(run.last, row2) + 1),
                                       repeat(col), repeat(True))
            return out
        for c in range(col1, col2 + 1):
            for lo, hi, run in self.stretches(c, row1, row2):
                if run is None:
                    for r in range(lo, hi + 1):
                        cell = cells.get((r, c))
                        if cell is not None:
                            if cell.node is not None:
                                out.append((r, c, True))
                            elif also and (r, c) in also:
                                out.append((r, c, False))
                elif run.node is not None:
                    out += zip(range(lo, hi + 1), repeat(c), repeat(True))
        if col2 > col1:
            out.sort()
        return out

    def set_column_values(self, col: int, first: int, values: list):
        """Give the cells in rows ``first..`` of ``col`` (which must exist)
        ``values``: slices of the runs, one by one elsewhere."""
        for lo, hi, run in self.stretches(col, first, first + len(values) - 1):
            if run is None:
                for r in range(lo, hi + 1):
                    self.set_value((r, col), values[r - first])
            else:
                run.values[lo - run.base:hi - run.base + 1] = values[lo - first:hi - first + 1]

    def stretches(self, col: int, row1: int, row2: int):
        """Rows ``row1..row2`` of ``col`` as ``(first, last, run)`` pieces in
        order: ``run`` holds those rows, or is None (look them up one by one)."""
        runs = self._runs.get(col) or ()
        row = row1
        i = max(bisect_right(runs, row1, key=_FIRST) - 1, 0) if runs else 0
        while row <= row2 and i < len(runs):
            run = runs[i]
            i += 1
            if run.last < row:
                continue
            if run.first > row2:
                break
            if run.first > row:
                yield row, run.first - 1, None
                row = run.first
            last = min(run.last, row2)
            yield row, last, run
            row = last + 1
        if row <= row2:
            yield row, row2, None

    def holds_any(self, col: int, rows: list) -> bool:
        """Whether a cell exists in one of ``rows`` (increasing) of ``col``."""
        if self._cells and not self._cells.keys().isdisjoint(zip(rows, repeat(col))):
            return True
        runs = self._runs.get(col)
        if not runs or not rows:
            return False
        if rows[-1] - rows[0] + 1 == len(rows):  # consecutive: the last run starting above the end
            i = bisect_right(runs, rows[-1], key=_FIRST) - 1
            return i >= 0 and runs[i].last >= rows[0]
        return any(self._find((r, col)) is not None for r in rows)

    def put_column(self, col: int, rows: list, values: list, node=None, fn=None):
        """Store new cells in ``rows`` (increasing) of ``col``: ``values``,
        all holding formula ``node`` (compiled ``fn``) or all constants.
        None of the cells may exist (the caller's promise)."""
        start, n = 0, len(rows)
        while start < n:
            end = start + 1
            if rows[-1] - rows[start] == n - 1 - start:
                end = n
            else:
                while end < n and rows[end] == rows[end - 1] + 1:
                    end += 1
            self._append(col, rows[start], rows[end - 1], values[start:end] if start or end < n
                         else list(values), node, fn)
            start = end

    def _append(self, col, first, last, values, node, fn):
        runs = self._runs.setdefault(col, [])
        i = bisect_right(runs, first, key=_FIRST)
        self._in_runs += last - first + 1
        if i:
            before = runs[i - 1]
            if before.last == first - 1 and before.node is node and before.fn is fn \
                    and before.base + len(before.values) == first:
                before.values.extend(values)
                before.last = last
                return
        runs.insert(i, _Run(first, last, first, values, node, fn))


class _ItemsView:
    __slots__ = ("_cells",)

    def __init__(self, cells: Cells):
        self._cells = cells

    def __iter__(self):
        return self._cells._items()

    def __len__(self):
        return len(self._cells)


class _ValuesView(_ItemsView):
    __slots__ = ()

    def __iter__(self):
        return (cell for _, cell in self._cells._items())
