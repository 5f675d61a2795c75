"""The workbooks' Run/Reset macros, executed by the engine.

Each sheet's macros are its program (:mod:`.programs`, the one description
the VBA, the macro-free book and the torch reference follow too).  A
:class:`Runner` executes it write by write on the engine's workbook, in the
calculation modes the program sets, because that changes the numbers: under
manual calculation a value copied between writes is the stale one (basic's
``const <- lastconst`` reads lastconst as it was before ``slope`` was
written), under automatic calculation every write recalculates.

Cells are addressed by the sheet-scoped names of the program.  A name the
workbook lacks (an original saved by Excel has no ``newslope``, most of its
sheets no ``rmse``) stands for the cell the generator gives it
(:attr:`.graddesc.Layout.names`); a missing ``rmse`` is computed from the
rows.

sheetgd adds one thing: after every step the epoch is recorded (in the
sheet's history block, and as a row of the DataFrame :meth:`Runner.run`
returns).
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass, fields

from ..engine import Workbook, XLError
from ..engine.arith import BINARY
from ..engine.refs import parse_area
from .graddesc import HISTORY_HEADERS, GradDescParams, Layout
from .programs import (
    PROGRAMS, Machine, Record as RecordStep, execute, parameters, presses, program_for,
)


class MacroError(RuntimeError):
    """What would stop the VBA macro with a run-time error (e.g. comparing an
    error value: "Type mismatch")."""


@dataclass
class Record:
    sheet: str
    epoch: int
    b: object
    a: object
    error: object
    lr: object
    mom_b: object = None
    mom_a: object = None
    ms_b: object = None
    ms_a: object = None
    dec_b: object = None  # the weight decay sheets' decoupled training: b', a', error
    dec_a: object = None
    dec_error: object = None
    loss_avg: object = None  # one_cycle: the smoothed loss's running average and count
    loss_n: object = None  # after the epoch's last row (carried into the next epoch)
    smoothed_error: object = None  # the lesson sheets' smoothed error (programs.Smoothing)

    @property
    def diverged(self) -> bool:
        return any(isinstance(v, XLError) or (isinstance(v, float) and not math.isfinite(v))
                   for v in (self.b, self.a, self.error))


#: The fields of a per-epoch record, in order: the columns of :meth:`Runner.frame`,
#: the keys of ``sheetgd run --json`` and the columns of its ``--csv``.
RECORD_FIELDS = tuple(f.name for f in fields(Record))
#: The optimiser state among them (momentum and mean square of b and a), the
#: weight decay sheets' decoupled b, a and error, one_cycle's smoothed loss
#: average and count, and the smoothed error.
STATE_COLUMNS = RECORD_FIELDS[RECORD_FIELDS.index("lr") + 1:]


def _number(value, what: str) -> float:
    if isinstance(value, XLError) or value is None or isinstance(value, str):
        raise MacroError(f"Type mismatch: {what} is {value}")
    return float(value)


_ARITH = {"/": operator.truediv, "*": operator.mul, "+": operator.add, "-": operator.sub}
#: The engine's operators (Excel's, errors passed on): the smoothed error the
#: run loop records is the value of the history row's formula.
ENGINE_OPS = {**{op: BINARY[op] for op in "+-*/^"}, "const": float}
_COMPARE = {">": operator.gt, "<": operator.lt, ">=": operator.ge, "<=": operator.le,
            "=": operator.eq, "<>": operator.ne}


class Runner(Machine):
    """The Run/Reset macros of one optimiser sheet (a lesson sheet or a
    torch.optim parity sheet) of a graddesc workbook, on the engine.

    ``carry``: ``faithful`` (the originals' macros) or ``updated`` (each
    epoch starts from the last row's update; :meth:`.programs.Program.with_carry`).
    ``params``/``parity``: the values Reset writes (generator parameters).
    """

    def __init__(self, book: Workbook, sheet: str, carry: str = "faithful",
                 params: GradDescParams | None = None, parity=None, kind: str | None = None):
        self.kind = kind or sheet
        self.program = program_for(self.kind, carry)
        self.book, self.sheet, self.carry = book, sheet, carry
        self.params = params or GradDescParams()
        self.parity = parity
        self.layout = _layout(self.kind, _rows_of(book, sheet))
        self.records: list[Record] = []
        self.stopped: str | None = None

    # -- the buttons ---------------------------------------------------------------------
    def _execute(self, macro, steps: int | None = None):
        values = parameters(self.kind, self.params, self.parity)
        execute(self.program, macro, self, values, steps)

    def reset(self):
        """The Reset button."""
        self._execute(self.program.reset)

    def somesteps(self, n: int = 5):
        """The Run button: ``n`` steps (5 in the originals), each recorded."""
        self._execute(self.program.run, n)

    def onestep(self):
        self._execute("onestep")

    def set_lr(self, lr: float):
        self.write("lr", float(lr))

    def run(self, epochs: int, reset: bool = False, lr: float | None = None):
        """:meth:`play`, then the records as a pandas DataFrame, one row per epoch."""
        self.play(epochs, reset, lr)
        return self.frame()

    def play(self, epochs: int, reset: bool = False, lr: float | None = None):
        """Epoch 0 (the state after Reset, or the stored state), then ``epochs``
        steps, pressing Run (5 steps) as often as needed, each epoch recorded
        in :attr:`records`.  A macro that would stop with a run-time error
        (adam_ann comparing #NUM! values) stops the run; the reason is in
        :attr:`stopped`."""
        if epochs < 0:
            raise ValueError("epochs must be >= 0")
        if reset:
            self.reset()
        if lr is not None:
            self.set_lr(lr)
        self.clear_history()
        self._execute((RecordStep(),))
        try:
            for steps in presses(self.program, epochs):
                self.somesteps(steps)
        except MacroError as exc:
            self.stopped = str(exc)

    # -- cells, by (sheet-scoped) name ------------------------------------------------------
    def _defined(self, name: str):
        """The cells the workbook's name stands for on this sheet (its
        sheet-scoped name, else a workbook-wide one that points here); None
        when it has no such name."""
        defined = self.book.names.lookup(name, self.sheet)
        if defined is None:
            return None
        try:
            area = parse_area(defined.text.lstrip("="), default_sheet=self.sheet)
        except ValueError:  # a name for a formula or a constant, not for cells
            return None
        return area if area.sheet.upper() == self.sheet.upper() else None

    def address(self, name: str) -> str | None:
        """``sheet!A1`` of the cells ``name`` stands for: the workbook's name,
        else the generator's cell for it; None when neither has it."""
        area = self._defined(name)
        if area is not None:
            return area.a1()
        cell = self.layout.names.get(name)
        return f"{self.sheet}!{cell}" if cell else None

    def read(self, name: str):
        if name == "rmse" and self._defined(name) is None:
            last = self.layout.last  # an original's sheet without an error cell
            return self.book.evaluate(f"SQRT(SUMPRODUCT((B4:B{last}-E4:E{last})^2))", self.sheet)
        where = self.address(name)
        if where is None:
            raise MacroError(f"sheet {self.sheet!r} has no name {name!r}")
        return self.book.value(where)

    def write(self, name: str, value):
        where = self.address(name)
        if where is None:
            raise MacroError(f"sheet {self.sheet!r} has no name {name!r}")
        if not isinstance(value, list):
            area = parse_area(where)
            if not area.is_cell:  # one value into every cell, as VBA's Range.Value = x
                value = [[value] * area.width for _ in range(area.height)]
        self.book.set(where, value)

    # -- the machine's operations -------------------------------------------------------------
    def constant(self, value, param=None):
        return float(value)

    def arith(self, op: str, left, right):
        left, right = _number(left, "an operand"), _number(right, "an operand")
        if op == "/" and right == 0:
            raise MacroError("Division by zero")
        return _ARITH[op](left, right)

    def compare(self, op: str, left, right):
        return _COMPARE[op](_number(left, "a compared value"), _number(right, "a compared value"))

    def guarded(self, test, body):
        if test:
            body()

    def calculate(self):
        self.book.calculate()

    def set_calculation(self, mode: str):
        self.book.calculation = mode  # switching to automatic recalculates

    def element(self, value, index: int):
        return value[0][index] if isinstance(value, list) else value

    def append_value(self, source: str, below: str):
        """Paste the value of ``source`` below the last filled cell under ``below``."""
        where = self.address(below)
        if where is None:
            return
        start = parse_area(where)
        row = start.row1 + 1
        while self.book.value(f"{start.sheet}!{_a1(row, start.col1)}") is not None:
            row += 1
        self.book.set(f"{start.sheet}!{_a1(row, start.col1)}", self.read(source))

    def clear_contents(self, target: str):
        where = self.address(target)
        if where is not None:
            self.book.set(where, None)

    # -- recording ---------------------------------------------------------------------------
    def clear_history(self):
        """Forget the recorded epochs, and blank the sheet's history block."""
        self.records = []
        self.stopped = None
        if not self._has_history_block():
            return
        lay = self.layout
        rows = 0
        while self.book.value(f"{self.sheet}!{lay.history_cell(1 + rows, 0)}") is not None:
            rows += 1
        if rows:
            width = len(self.program.history_fields)
            first, last = lay.history_cell(1, 0), lay.history_cell(rows, width - 1)
            self.book.set(f"{self.sheet}!{first}:{last}", None)

    def record(self, fields: dict) -> Record:
        """Record the epoch the sheet now shows (and write it into its history
        block; the smoothed error as its formula, its value computed here the
        same way: :class:`.programs.Smoothing`)."""
        rec = Record(self.sheet, len(self.records), **fields)
        smoothing = self.program.smoothing
        if smoothing:
            above = getattr(self.records[-1], smoothing.field) if self.records else None
            setattr(rec, smoothing.field, smoothing.evaluate(
                ENGINE_OPS, rec.epoch, getattr(rec, smoothing.source), above, self.smooth_beta()))
        self.records.append(rec)
        if self._has_history_block():
            lay = self.layout
            history = self.program.history_fields
            first = lay.history_cell(1 + rec.epoch, 0)
            last = lay.history_cell(1 + rec.epoch, len(history) - 1)
            row = [getattr(rec, f) for f in history]
            if smoothing:
                row[-1] = lay.smoothed_formula(3 + 1 + rec.epoch, history)
            self.book.set(f"{self.sheet}!{first}:{last}", [row])
        return rec

    def smooth_beta(self):
        """The beta of the smoothed error: the sheet's cell, else the default."""
        name = self.program.smoothing.beta
        return self.read(name) if self.address(name) and self._defined(name) else \
            self.params.smooth_beta

    def _has_history_block(self) -> bool:
        if self._defined("history") is None:
            return False
        return self.read("history") == HISTORY_HEADERS[0]

    def frame(self):
        import pandas as pd

        rows = [{k: _plain(v) for k, v in vars(r).items()} for r in self.records]
        return pd.DataFrame(rows, columns=list(RECORD_FIELDS))

    @property
    def diverged_at(self) -> int | None:
        """The first epoch whose a, b or error is an error value or not finite."""
        return next((r.epoch for r in self.records if r.diverged), None)


def _a1(row: int, col: int) -> str:
    from ..engine.refs import col_to_letters

    return f"{col_to_letters(col)}{row}"


def _plain(v):
    """A value for a DataFrame: errors become NaN (their kind is in the CLI output)."""
    if isinstance(v, XLError):
        return float("nan")
    return v


def _layout(kind: str, rows: int):
    from .parity import PARITY_SHEETS, ParityLayout

    return ParityLayout(kind, rows) if kind in PARITY_SHEETS else Layout(kind, rows)


def _rows_of(book: Workbook, sheet: str) -> int:
    """Number of samples on a sheet: lastslope's (or newslope's) row is the last data row."""
    defined = book.names.lookup("lastslope", sheet) or book.names.lookup("newslope", sheet)
    if defined is None:
        raise MacroError(f"sheet {sheet!r} has no name 'lastslope': not a graddesc optimiser sheet")
    area = parse_area(defined.text, default_sheet=sheet)
    return area.row1 - 3


def runner_for(book: Workbook, sheet: str, carry: str = "faithful",
               params: GradDescParams | None = None, parity=None) -> Runner:
    """The run loops of ``sheet`` (a lesson sheet or a torch parity sheet) in ``book``."""
    if sheet not in PROGRAMS:
        raise ValueError(f"unknown sheet {sheet!r} (sheets: {', '.join(PROGRAMS)})")
    if not book.has_sheet(sheet):
        raise MacroError(f"the workbook has no sheet {sheet!r}")
    return Runner(book, book.sheet_name(sheet), carry, params, parity, kind=sheet)
