"""The macro-free graddesc book: every epoch of the Run loop as live formulas.

For Google Sheets, LibreOffice and Numbers users, who cannot run VBA.  Each
optimiser sheet stacks *passes*.  A pass is a copy of the original sheet's
rows from row 3 to its summary row -- the state carried in, the data rows,
the error -- as the sheet stood after one recalculation: the cells the
macros write hold what they held then, as formulas reading earlier passes.

Where the passes go and what each starts from is not written here: the
sheet's program (:mod:`.programs`) is interpreted on formula text, with
Excel's calculation modes modelled (:mod:`.calcmodel`).  A pass is laid out
for each recalculation from which the program reads a value that depends on
the data rows (Reset's warm-up passes, one pass per epoch); a value that
depends only on the written cells (adam_ann's gradrat) becomes part of the
formula that uses it, and a guarded assignment (adam_ann's annealing) an IF.
The formulas are the original sheet's own (:mod:`.graddesc`), moved, so the
numbers equal the engine's run loop (:mod:`.macros`) bit for bit.

A history table at the top right lists epoch, b, a, error and lr (and the
weight decay sheets' decoupled b, a, error), then the smoothed error, a
formula of the table's rows and of the "smooth beta" cell above it
(:class:`.programs.Smoothing`); change a learning rate, beta (or anything)
and the whole training recomputes.

Where the VBA would stop with a run-time error (adam_ann comparing a
``#NUM!`` gradrat once the numbers overflow: "Type mismatch"), the formulas
carry on: the IF's test is the error, so lr and every later pass show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import repeat

from ..engine.nodes import NameNode, Node, RefNode, render, walk
from ..engine.parser import parse
from ..engine.refs import Area, col_to_letters, letters_to_col, parse_area
from .calcmodel import ModelSheet, Snapshot
from .graddesc import GradDescParams, Layout
from .programs import (
    Assign, If, SetCalculation, execute, literal_text, parameters, presses, program_for,
)
from .sheetdef import SheetDef
from .wording import explain

#: Epochs laid out by default: five presses of Run, as the author of the
#: original saved adam_ann (docs/workbooks.md, "What Excel recorded").
DEFAULT_EPOCHS = 25

#: The row of the history table's headers (:attr:`.programs.Program.history_fields`, from
#: the column :attr:`.graddesc.Layout.history_col`); epoch k is in the row HISTORY_ROW + 1 + k.
HISTORY_ROW = 3

_REF = re.compile(r"\$?[A-Z]{1,3}\$?[0-9]+")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?(E[+-]?[0-9]+)?")


def _paren(text: str) -> str:
    """``text`` as an operand: a reference or number as is, else in parentheses."""
    return text if _REF.fullmatch(text) or _NUMBER.fullmatch(text) else f"({text})"


def _a1(row: int, col: int, row_abs: bool = False, col_abs: bool = False) -> str:
    return f"{'$' if col_abs else ''}{col_to_letters(col)}{'$' if row_abs else ''}{row}"


def _absolute(area: Area) -> str:
    text = _a1(area.row1, area.col1, True, True)
    return text if area.is_cell else f"{text}:{_a1(area.row2, area.col2, True, True)}"


def _cell_value(text: str):
    """What goes into a cell for a formula text: a number, or ``=text``."""
    return float(text) if _NUMBER.fullmatch(text) else "=" + text


@dataclass
class Pass:
    """One recalculation laid out: the original's row r is row r + offset."""

    phase: str  # the button: Reset or Run
    notes: list  # the program steps that led to it
    offset: int
    epoch: int | None = None  # the epoch it shows, if one was recorded from it
    values: dict | None = None  # the program's parameter values

    @property
    def header(self) -> int:
        return 3 + self.offset

    @property
    def label_row(self) -> int:
        """The blank row above the pass, where its label goes."""
        return self.header - 1

    @property
    def label(self) -> str:
        said = explain(self.notes, self.values) or "nothing written"
        if self.epoch is None:
            return f"{self.phase} (warm-up): {said}"
        return f"epoch {self.epoch} ({self.phase}): {said}"


class PassSnapshot(Snapshot):
    def __init__(self, inputs: dict, notes: list[str]):
        super().__init__(inputs)
        self.notes = notes  # the steps since the previous recalculation
        self.pass_: Pass | None = None


class UnrolledSheet(ModelSheet):
    """Lays out the passes of one optimiser sheet by running its program."""

    def __init__(self, kind: str, params: GradDescParams, x, epochs: int, carry: str = "faithful"):
        from .graddesc import SHEETS

        self.kind, self.params, self.epochs = kind, params, epochs
        self.lay = Layout(kind, params.rows)
        self.original = SHEETS[kind](params, x)
        self.program = program_for(kind, carry)
        self.source = _source_cells(self.original)
        self.model_last = letters_to_col(self.lay.history_col) - 2  # columns of the model
        s = self.lay.summary
        below = any(r == s + 1 and c <= self.model_last for r, c in self.source)
        self.block_end = s + 1 if below else s  # rows 3..block_end are copied per pass
        self.areas = {name: parse_area(a, default_sheet=kind) for name, a in self.lay.names.items()}
        self.input_cells: dict[tuple, tuple] = {}  # (row, col) -> (name, index)
        initial = {}
        for name in self.program.inputs():
            cells = list(self.areas[name].cells())
            for i, rc in enumerate(cells):
                self.input_cells[rc] = (name, i)
            initial[name] = tuple(self._initial(rc) for rc in cells)
        self.notes: list[str] = []
        self.pending_note = None  # a step that writes, noted once it has
        self.condition: str | None = None
        self.phase = "Reset"
        self.passes: list[Pass] = []
        self.epoch_passes: list[Pass] = []
        self.history_rows: list[dict] = []
        self.cells: dict[str, object] = {}
        self.columns: list[tuple[int, int, list]] = []  # the passes' formulas (SheetDef.columns)
        self.next_header = 3 + 2  # row 4 stays free under the column headers
        self.data_offset: int | None = None
        self._row_dependent: dict[tuple, bool] = {}
        self._in_block: list | None = None  # _block_source
        self._moved: dict[tuple, tuple] = {}  # _moved_formula
        super().__init__(initial)

    def in_block(self, row: int, col: int) -> bool:
        return 3 <= row <= self.block_end and 1 <= col <= self.model_last

    def _initial(self, rc) -> str:
        """A written cell before any macro: the original's number, or (a top
        cell: learning rate, b, a) a reference to the cell itself."""
        if not self.in_block(*rc):
            return _a1(*rc, True, True)
        return literal_text(self.source.get(rc) or 0.0)

    # -- the program, run on formula text -------------------------------------------------
    def build(self) -> SheetDef:
        values = self.values = parameters(self.kind, self.params)
        execute(self.program, self.program.reset, self, values)
        self.phase = "Run"
        for steps in presses(self.program, self.epochs):
            execute(self.program, self.program.run, self, values, steps)
        for p in self.passes:
            self.cells[_a1(p.label_row, 1)] = p.label
        self.top_cells()
        self.history()
        d = SheetDef(self.kind, cells=self.cells, columns=self.columns)
        d.names.update({n: self.lay.names[n] for n in ("const", "slope", "lr")})
        return d

    def new_snapshot(self, inputs: dict) -> PassSnapshot:
        previous = getattr(self, "snapshot", None)
        carried = previous.notes if previous is not None and previous.pass_ is None else []
        snap = PassSnapshot(inputs, carried + self.notes)  # steps since the last pass laid out
        self.notes = []
        return snap

    def calculate(self):
        if self._changed and self.inputs == self.snapshot.inputs:
            self._changed = False  # the same inputs: the same values
            self.snapshot.notes += self.notes
            self.notes = []
        super().calculate()

    def note(self, step):
        """Steps label the pass they lead to: a switch of calculation mode at
        once, an assignment (or test) once it writes, after its reads."""
        if isinstance(step, SetCalculation):
            self.notes.append(step)
        elif isinstance(step, (Assign, If)) and self.condition is None:
            self.pending_note = step

    def read(self, name: str):
        value = super().read(name)
        return value[0] if len(value) == 1 else value

    def write(self, name: str, value):
        if self.pending_note:
            self.notes.append(self.pending_note)
            self.pending_note = None
        old = self.inputs[name]
        if isinstance(value, str):
            value = (value,) * len(old)
        if self.condition is not None:
            value = tuple(f"IF({self.condition},{v},{o})" for v, o in zip(value, old))
        super().write(name, tuple(value))

    def constant(self, value, param=None):
        if param is not None and param.shown_in:
            area = self.areas[param.shown_in]
            if area.is_cell and not self.in_block(area.row1, area.col1):
                return _absolute(area)  # the cell that shows the parameter
        return literal_text(value)

    def arith(self, op: str, left, right):
        return f"{_paren(left)}{op}{_paren(right)}"

    def compare(self, op: str, left, right):
        """The macro's test as a formula: ``a-b>0`` for VBA's ``a > b``.  VBA
        compares the exact doubles, a worksheet's ``>`` rounds both sides to
        15 significant digits; the sign of the (correctly rounded)
        difference is the exact comparison's."""
        return f"{_paren(left)}-{_paren(right)}{op}0"

    def guarded(self, test, body):
        outer = self.condition
        self.condition = test if outer is None else f"AND({outer},{test})"
        try:
            body()
        finally:
            self.condition = outer

    def element(self, value, index: int):
        return value[index] if isinstance(value, tuple) else value

    def record(self, fields: dict):
        p = self.snapshot.pass_
        if p is None:
            raise ValueError(f"{self.kind}: a recorded epoch must read the rows (its error)")
        p.epoch = len(self.history_rows)
        self.epoch_passes.append(p)
        for f, name, index in self.program.record:  # written cells: where the pass shows them
            if name in self.inputs:
                fields[f] = self.element(self.read(name), index)
        smoothing = self.program.smoothing
        if smoothing:  # the table's own cell (history() writes its formula)
            headers = self.program.history_fields
            fields[smoothing.field] = _a1(HISTORY_ROW + 1 + p.epoch,
                                          self.history_col() + headers.index(smoothing.field))
        self.history_rows.append(fields)

    def clear_history(self):
        self.history_rows, self.epoch_passes = [], []

    # -- what a recalculation shows ------------------------------------------------------------
    def shown(self, snapshot: PassSnapshot, name: str):
        return tuple(self._shown_cell(snapshot, rc) for rc in self.areas[name].cells())

    def _shown_cell(self, snap: PassSnapshot, rc) -> str:
        if not self.in_block(*rc):  # the top rows are laid out once, as in the original
            return _a1(*rc, True, True)
        if snap.pass_ is None and self._depends_on_rows(rc):
            self._lay_out(snap)
        if snap.pass_ is not None:
            return _a1(rc[0] + snap.pass_.offset, rc[1])
        return self._inline(snap, rc)

    def _target(self, node: Node, row: int, col: int) -> Area:
        if isinstance(node, NameNode):
            return self.areas[node.name]
        if node.ref.sheet not in (None, self.kind):
            raise ValueError(f"{self.kind}!{_a1(row, col)} reads another sheet")
        return node.ref.area(self.kind, row, col)

    def _depends_on_rows(self, rc) -> bool:
        """Does the original cell depend on the data rows (through its formulas)?"""
        if rc not in self._row_dependent:
            node, found = self.source.get(rc), False
            if self.lay.first <= rc[0] <= self.lay.last:
                found = True
            elif isinstance(node, Node) and rc not in self.input_cells:
                for n in walk(node):
                    if isinstance(n, (RefNode, NameNode)):
                        area = self._target(n, *rc)
                        found = found or not area.is_cell or any(
                            self.in_block(*cell) and self._depends_on_rows(cell)
                            for cell in area.cells())
            self._row_dependent[rc] = found
        return self._row_dependent[rc]

    def _inline(self, snap: PassSnapshot, rc) -> str:
        """The original cell's formula with every written cell replaced by its
        value in ``snap`` (cells that do not depend on the rows only)."""
        if rc in self.input_cells:
            name, i = self.input_cells[rc]
            return snap.inputs[name][i]
        value = self.source.get(rc)
        if not isinstance(value, Node):
            return literal_text(value or 0.0)

        def ref_text(node):
            area = self._target(node, *rc)
            cell = (area.row1, area.col1)
            if cell in self.input_cells or self.in_block(*cell):
                return _paren(self._inline(snap, cell))
            return _absolute(area)

        return render(value, *rc, ref_text=ref_text)

    # -- laying out a pass ----------------------------------------------------------------------
    def _lay_out(self, snap: PassSnapshot):
        offset = self.next_header - 3
        p = Pass(self.phase, snap.notes, offset, values=self.values)
        snap.pass_ = p
        self.passes.append(p)
        self.next_header = self.block_end + offset + 2
        homes: dict[tuple, str] = {}  # (name, index) -> the pass cell showing that input
        outside: dict[tuple, str] = {}  # top cells' values in this pass
        free = self._free_header_columns()
        for rc, (name, i) in self.input_cells.items():
            if self.in_block(*rc):
                continue
            value = snap.inputs[name][i]
            if _REF.fullmatch(value) or _NUMBER.fullmatch(value):
                outside[rc] = value
                continue
            # a top cell with a computed value: a cell of the header row, under its own
            # column if that one is free
            col = rc[1] if rc[1] in free else next(iter(free), None)
            if col is None:
                raise ValueError(f"{self.kind}: no room for {name} in the header row of a pass")
            free.remove(col)
            self.cells[_a1(3 + offset, col)] = _cell_value(value)
            outside[rc] = homes[(name, i)] = _a1(3 + offset, col, True, True)
        columns: dict[int, list] = {}  # col -> [first row, texts]: the pass's formulas
        for (r, c), value in self._block_source():
            if (r, c) in self.input_cells:
                at = _a1(r + offset, c)
                name, i = self.input_cells[(r, c)]
                self.cells[at] = _cell_value(snap.inputs[name][i])
                homes[(name, i)] = at
            elif isinstance(value, str):
                if r != 3:  # row 3's column headers are written once, at the top
                    self.cells[_a1(r + offset, c)] = value
            elif isinstance(value, float):
                self.cells[_a1(r + offset, c)] = self._data(r, c, offset, value)
            else:
                pieces, target = self._moved_formula(r, c, value)
                text = "=" + "".join([p if type(p) is str else p(offset, outside) for p in pieces])
                column = columns.get(c)
                if column is None or column[0] + len(column[1]) != r + offset:
                    if column is not None:
                        self.columns.append((c, column[0], column[1]))
                    column = columns[c] = [r + offset, []]
                column[1].append(text)
                if target is not None and target in outside:
                    homes[self.input_cells[target]] = _a1(r + offset, c)  # =C1 in C4
        self.columns += [(c, first, texts) for c, (first, texts) in columns.items()]
        for name, values in self.inputs.items():  # later formulas read the pass's cells
            self.inputs[name] = tuple(homes.get((name, i), v) if v == snap.inputs[name][i] else v
                                      for i, v in enumerate(values))

    def _free_header_columns(self) -> list[int]:
        """Columns whose row-3 cell is a header text or nothing (the first is
        the pass's label)."""
        return [c for c in range(2, self.model_last + 1)
                if self.source.get((3, c)) is None or isinstance(self.source[(3, c)], str)]

    def _data(self, r: int, c: int, offset: int, value: float):
        """A constant of the original: the first pass keeps x and y, later passes read them."""
        if not self.lay.first <= r <= self.lay.last:
            return value
        if self.data_offset is None:
            self.data_offset = offset
        if offset == self.data_offset:
            return value
        return f"={col_to_letters(c)}${r + self.data_offset}"

    def _block_source(self) -> list:
        """The original's cells copied into each pass, in order: ((row, col), value)."""
        if self._in_block is None:
            self._in_block = [(rc, v) for rc, v in sorted(self.source.items())
                              if self.in_block(*rc)]
        return self._in_block

    def _moved_formula(self, r: int, c: int, node: Node) -> tuple[tuple, tuple | None]:
        """The formula of the original cell (r, c) as every pass writes it,
        taken apart once: (pieces, target).  ``pieces`` are text, and for each
        reference a function (offset, outside) -> its text in the pass at
        ``offset`` (:meth:`_moved_ref`'s, which a pass would otherwise
        compute anew for every reference of every cell); ``target`` is the
        cell a bare reference reads (None if the formula is more)."""
        key = (r, c)
        if key not in self._moved:
            refs: list[Node] = []

            def mark(n):
                refs.append(n)
                return "\x00"
            text = render(node, r, c, ref_text=mark)
            parts = text.split("\x00")
            if len(parts) != len(refs) + 1:  # a NUL of the formula's own: no pieces
                pieces = (lambda offset, outside: render(
                    node, r, c, ref_text=lambda n: self._moved_ref(n, r, c, offset, outside)),)
            else:
                pieces = [parts[0]]
                for n, after in zip(refs, parts[1:]):
                    pieces += (self._ref_mover(n, r, c), after)
                pieces = tuple(p for p in pieces if p != "")
            target = None
            if isinstance(node, (RefNode, NameNode)):
                area = self._target(node, r, c)
                target = (area.row1, area.col1)
            self._moved[key] = (pieces, target)
        return self._moved[key]

    def _ref_mover(self, node: Node, r: int, c: int):
        """(offset, outside) -> :meth:`_moved_ref`'s text, with what does not
        depend on the pass worked out once (the same text, the same errors)."""
        area = self._target(node, r, c)
        corners = ((area.row1, area.col1), (area.row2, area.col2))
        if area.is_cell and corners[0] in self.input_cells and not self.in_block(*corners[0]):
            cell = corners[0]  # a top cell written by the program: in every pass's outside
            return lambda offset, outside: _paren(outside[cell])
        if all(self.in_block(*rc) for rc in corners):
            if isinstance(node, NameNode):  # its cell, or its two distinct corners
                ends = [(False, False)] * (1 if corners[0] == corners[1] else 2)
            else:
                ends = [(e.row_abs, e.col_abs) for e in
                        [node.ref.start] + ([node.ref.end] if node.ref.end else [])]
            # each corner as _a1 writes it: the column part, then the moved row
            (r1, c1), (r2, c2) = corners
            head1 = _a1(r1, c1, *ends[0])[:-len(str(r1))]
            if len(ends) == 1:
                return lambda offset, outside: f"{head1}{r1 + offset}"
            head2 = _a1(r2, c2, *ends[1])[:-len(str(r2))]
            return lambda offset, outside: f"{head1}{r1 + offset}:{head2}{r2 + offset}"
        text = self._moved_ref(node, r, c, 0, {})  # absolute, or the error of any pass
        return lambda offset, outside: text

    def _moved_ref(self, node: Node, r: int, c: int, offset: int, outside: dict) -> str:
        """A reference of the original cell (r, c), as the pass at ``offset`` reads it."""
        area = self._target(node, r, c)
        corners = ((area.row1, area.col1), (area.row2, area.col2))
        if area.is_cell and corners[0] in outside:
            return _paren(outside[corners[0]])
        inside = [self.in_block(*rc) for rc in corners]
        if all(inside):
            if isinstance(node, NameNode):
                return ":".join(dict.fromkeys(_a1(row + offset, col) for row, col in corners))
            ends = [node.ref.start] + ([node.ref.end] if node.ref.end else [])
            return ":".join(_a1(row + offset, col, e.row_abs, e.col_abs)
                            for (row, col), e in zip(corners, ends))
        if any(inside) or any(rc in self.input_cells for rc in area.cells()):
            raise ValueError(f"{self.kind}!{_a1(r, c)}: cannot copy its reference to "
                             f"{area.a1(with_sheet=False)} into a pass")
        return _absolute(area)

    # -- the rest of the sheet -------------------------------------------------------------------
    def top_cells(self):
        """Rows 1-2 of the original (inputs, learning rate, betas), and one
        row of column headers: row 3's, or for a state column (whose row 3
        holds the state) the header the original gives it in row 2."""
        for (r, c), value in self.source.items():
            if c > self.model_last or r > 3:
                continue
            if r == 2 and isinstance(value, str) and self.in_block(3, c) and \
                    self.source.get((3, c)) is not None and \
                    not isinstance(self.source.get((3, c)), str):  # a state column's header
                self.cells[_a1(3, c)] = value
            elif r < 3:
                self.cells[_a1(r, c)] = value if not isinstance(value, Node) else \
                    "=" + render(value, r, c)
            elif isinstance(value, str):
                self.cells[_a1(r, c)] = value
        for name, area in self.areas.items():  # columns without a header: the name of their state
            for i, (r, c) in enumerate(area.cells()):
                if (r, c) in self.input_cells and self.in_block(r, c) and \
                        _a1(3, c) not in self.cells:
                    side = f" ({'ba'[i]})" if area.width == 2 else ""
                    self.cells[_a1(3, c)] = f"{name}{side}"

    def cell_keys(self):
        """``(row, col)`` of every cell laid out (labelled ones and the passes' formulas)."""
        for addr in self.cells:
            area = parse_area(addr, default_sheet=self.kind)
            yield area.row1, area.col1
        for col, first, texts in self.columns:
            yield from zip(range(first, first + len(texts)), repeat(col))

    def formula_texts(self):
        """``(row, col, "=...")`` of every formula laid out."""
        for addr, value in self.cells.items():
            if isinstance(value, str) and value.startswith("="):
                area = parse_area(addr, default_sheet=self.kind)
                yield area.row1, area.col1, value
        for col, first, texts in self.columns:
            yield from zip(range(first, first + len(texts)), repeat(col), texts)

    def history_col(self) -> int:
        return letters_to_col(self.lay.history_col)

    def history(self):
        col = self.history_col()
        headers = self.program.history_fields
        letters = [col_to_letters(col + i) for i in range(len(headers))]
        top = HISTORY_ROW
        self.cells[f"{letters[0]}{top - 1}"] = "history: one row per epoch (live formulas)"
        for letter, h in zip(letters, headers):
            self.cells[f"{letter}{top}"] = h
        smoothing = self.program.smoothing
        if smoothing:  # its beta above the table, as on the sheet with macros
            beta = self.lay.names[smoothing.beta]
            self.cells[f"{letters[0]}{top - 2}"] = smoothing.label
            self.cells[beta] = float(self.params.smooth_beta)
        for k, fields in enumerate(self.history_rows):
            self.cells[f"{letters[0]}{top + 1 + k}"] = float(k)
            for letter, h in zip(letters[1:], headers[1:]):
                if smoothing and h == smoothing.field:  # a formula of the table's rows
                    self.cells[fields[h]] = self.lay.smoothed_formula(top + 1 + k, headers)
                else:
                    self.cells[f"{letter}{top + 1 + k}"] = _cell_value(fields[h])

    def history_range(self, field_index: int) -> tuple[int, int, int]:
        """(column, first row, last row) of one history column."""
        first = HISTORY_ROW + 1
        return self.history_col() + field_index, first, first + len(self.history_rows) - 1

    def cell_of(self, epoch: int, original: str) -> str:
        """Where the epoch's pass shows the original sheet's cell (``"J33"`` -> ``"J1001"``)."""
        area = parse_area(original, default_sheet=self.kind)
        return _a1(area.row1 + self.epoch_passes[epoch].offset, area.col1)


def _source_cells(d: SheetDef) -> dict[tuple, object]:
    """The original sheet's cells: (row, col) -> text, number or parsed formula."""
    out: dict[tuple, object] = {}
    for row, col, value in d.cell_items():
        if isinstance(value, str) and value.startswith("="):
            value = parse(value, row, col)
        elif not isinstance(value, str):
            value = float(value)
        out[(row, col)] = value
    for letters, values in d.data.items():
        for i, v in enumerate(values):
            out[(d.first_row + i, letters_to_col(letters))] = float(v)
    for col, first, last, node in d.filled_columns():
        for row in range(first, last + 1):
            out[(row, col)] = node
    return out


def unrolled_defs(params: GradDescParams, x, epochs: int = DEFAULT_EPOCHS,
                  carry: str = "faithful") -> list[tuple[SheetDef, UnrolledSheet]]:
    from .graddesc import OPTIMISERS

    out = []
    for kind in OPTIMISERS:
        sheet = UnrolledSheet(kind, params, x, epochs, carry)
        out.append((sheet.build(), sheet))
    return out


#: Excel's grid: rows and columns of a worksheet.
EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384


class GridError(ValueError):
    """The macro-free layout does not fit in Excel's grid."""

    def __init__(self, rows: int, epochs: int, sheet: str, needed_rows: int, needed_cols: int):
        self.rows, self.epochs, self.sheet = rows, epochs, sheet
        self.needed_rows, self.needed_cols = needed_rows, needed_cols
        super().__init__(
            f"{rows} rows and {epochs} epochs need {needed_rows:,} rows and {needed_cols:,} "
            f"columns on sheet {sheet} of the macro-free book; Excel has {EXCEL_ROWS:,} rows "
            f"and {EXCEL_COLS:,} columns: use fewer rows or epochs")


def grid_needed(params: GradDescParams, epochs: int,
                carry: str = "faithful") -> dict[str, tuple[int, int]]:
    """{sheet: (rows, columns)} the macro-free book needs, without building it.

    The passes are counted by laying the sheets out for 2 data rows (how
    many recalculations a program lays out does not depend on the rows);
    each pass then takes ``block_end - 1`` rows of the real sheet (its rows
    3..block_end, the header row shared with the blank row between passes).
    """
    from dataclasses import replace

    from .graddesc import OPTIMISERS, draw_x

    key = (repr(params), epochs, carry)  # the CLI asks, then build checks: laid out once
    if key in _GRID_NEEDED:
        return dict(_GRID_NEEDED[key])
    small = replace(params, rows=2, seed=0)
    needed = {}
    for kind, (_, sheet) in zip(OPTIMISERS, unrolled_defs(small, draw_x(small), epochs, carry)):
        cols = max(col for _, col in sheet.cell_keys())
        block_end = sheet.block_end + (params.rows - small.rows)
        last_offset = 2 + (len(sheet.passes) - 1) * (block_end - 1)  # as _lay_out places them
        needed[kind] = (max(block_end + last_offset, HISTORY_ROW + len(sheet.history_rows)), cols)
    _GRID_NEEDED.clear()
    _GRID_NEEDED[key] = needed
    return dict(needed)


_GRID_NEEDED: dict = {}  # grid_needed's last answer, by (repr(params), epochs, carry)


def check_grid(params: GradDescParams, epochs: int, carry: str = "faithful") -> None:
    """GridError when the macro-free book would not fit in Excel's grid."""
    needed = grid_needed(params, epochs, carry)
    sheet = max(needed, key=lambda s: (needed[s][0] > EXCEL_ROWS or needed[s][1] > EXCEL_COLS,
                                       needed[s]))
    rows, cols = needed[sheet]
    if rows > EXCEL_ROWS or cols > EXCEL_COLS:
        raise GridError(params.rows, epochs, sheet, rows, cols)


def build(params: GradDescParams | None = None, epochs: int = DEFAULT_EPOCHS,
          carry: str = "faithful", before_calculation=None):
    """The macro-free book in the engine, calculated: (Workbook, {sheet: UnrolledSheet}).
    GridError, before anything is laid out, when it would not fit in Excel's grid.
    ``before_calculation(book, sheets)``, if given, adds cells before the
    book is calculated (a sheet added later would make the engine find
    every filled-down block and compute everything again)."""
    from ..engine import Workbook
    from .graddesc import data_sheet, draw_x
    from .sheetdef import install

    params = params or GradDescParams()
    check_grid(params, epochs, carry)
    book = Workbook(seed=0 if params.seed is None else params.seed)
    x = draw_x(params)
    install(book, data_sheet(params))
    sheets = {}
    for d, sheet in unrolled_defs(params, x, epochs, carry):
        install(book, d)
        sheets[d.name] = sheet
    if before_calculation is not None:
        before_calculation(book, sheets)
    book.calculate_all()
    return book, sheets
