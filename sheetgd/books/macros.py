"""The workbooks' Run/Reset macros, executed by the engine.

Each optimiser sheet has three macros (WORKBOOKS.md): ``onestep`` copies the
optimiser state and the a, b that enter the last data row back to the top
and recalculates; ``somesteps`` (the "Run" button) does that five times,
most sheets under manual calculation; ``reset`` puts the starting values
back.  They are reproduced write by write, in the same calculation mode as
the original VBA, because that changes the numbers: under automatic
calculation every write recalculates (so basic's ``const <- lastconst``
reads a last row already recomputed with the new slope), and under manual
calculation a value copied between writes is the stale one (adam_ann's
reset copies stale values on purpose).

sheetgd adds one thing: after every step the epoch is recorded (in the
sheet's history block, and as a row of the DataFrame :meth:`Runner.run`
returns).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..engine import Workbook, XLError
from .graddesc import HISTORY_HEADERS, GradDescParams, Layout

CARRY_MODES = ("faithful", "updated")
STATE_COLUMNS = ("mom_b", "mom_a", "ms_b", "ms_a")


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

    @property
    def diverged(self) -> bool:
        return any(isinstance(v, XLError) or (isinstance(v, float) and not math.isfinite(v))
                   for v in (self.b, self.a, self.error))


def _number(value, what: str) -> float:
    if isinstance(value, XLError) or value is None or isinstance(value, str):
        raise MacroError(f"Type mismatch: {what} is {value}")
    return float(value)


class Runner:
    """Run loops of one optimiser sheet of a graddesc workbook."""

    #: names copied to the top by onestep, in the macro's order: (target, source)
    state_copies: tuple = ()
    manual = True  # somesteps switches to manual calculation
    lr_cell = "lr"

    def __init__(self, book: Workbook, sheet: str, carry: str = "faithful",
                 params: GradDescParams | None = None):
        if carry not in CARRY_MODES:
            raise ValueError(f"carry must be one of {CARRY_MODES}, not {carry!r}")
        self.book, self.sheet, self.carry = book, sheet, carry
        self.params = params or GradDescParams()
        self.layout = self.make_layout(sheet, _rows_of(book, sheet))
        self.records: list[Record] = []
        self.stopped: str | None = None

    @staticmethod
    def make_layout(sheet: str, rows: int):
        return Layout(sheet, rows)

    # -- cell access by (sheet-scoped) name ---------------------------------------
    def get(self, name: str):
        return self.book.value(f"{self.sheet}!{name}")

    def put(self, name: str, value):
        self.book.set(f"{self.sheet}!{name}", value)

    def copy(self, target: str, source: str):
        self.put(target, self.get(source))

    @property
    def lr(self):
        if self.lr_cell == "lr" and self.book.names.lookup("lr", self.sheet) is None:
            return self.get("D2")  # the learning rate's cell, where the name is missing
        return self.get(self.lr_cell)

    def set_lr(self, lr: float):
        self.put(self.lr_cell, float(lr))

    # -- the macros -------------------------------------------------------------------
    def carry_ab(self):
        """slope <- lastslope, const <- lastconst (or the last row's update)."""
        if self.carry == "faithful":
            self.copy("slope", "lastslope")
            self.copy("const", "lastconst")
        else:
            lay = self.layout
            self.put("slope", self.book.value(f"{self.sheet}!{lay.new_a_col}{lay.last}"))
            self.put("const", self.book.value(f"{self.sheet}!{lay.new_b_col}{lay.last}"))

    def onestep(self):
        for target, source in self.state_copies:
            self.copy(target, source)
        self.carry_ab()
        self.book.calculate()

    def step(self):
        """One step of somesteps' loop (onestep, plus what the loop adds)."""
        self.onestep()

    def somesteps(self, n: int = 5):
        """The "Run" button: ``n`` steps (5 in the originals), each recorded."""
        if self.manual:
            self.book.calculation = "manual"
        try:
            for _ in range(n):
                self.step()
                self.record()
        finally:
            self.book.calculation = "automatic"

    def reset(self):
        raise NotImplementedError

    # -- recording ---------------------------------------------------------------------
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
            first, last = lay.history_cell(1, 0), lay.history_cell(rows, len(HISTORY_HEADERS) - 1)
            self.book.set(f"{self.sheet}!{first}:{last}", None)

    def record(self) -> Record:
        """Record the epoch the sheet now shows (and write it into its history block)."""
        rec = Record(self.sheet, len(self.records), self.get("const"), self.get("slope"),
                     self.error(), self.lr, **self.state())
        self.records.append(rec)
        if self._has_history_block():
            lay = self.layout
            first = lay.history_cell(1 + rec.epoch, 0)
            last = lay.history_cell(1 + rec.epoch, len(HISTORY_HEADERS) - 1)
            self.book.set(f"{self.sheet}!{first}:{last}",
                          [[getattr(rec, f) for f in HISTORY_HEADERS]])
        return rec

    def error(self):
        """The epoch's error: the sheet's ``rmse`` cell, or (in an original
        workbook, where only basic has one) the same sum computed here."""
        if self.book.names.lookup("rmse", self.sheet) is not None:
            return self.get("rmse")
        last = self.layout.last
        return self.book.evaluate(f"SQRT(SUMPRODUCT((B4:B{last}-E4:E{last})^2))", self.sheet)

    def _has_history_block(self) -> bool:
        if self.book.names.lookup("history", self.sheet) is None:
            return False
        return self.get("history") == HISTORY_HEADERS[0]

    def state(self) -> dict:
        return {}

    def run(self, epochs: int, reset: bool = False, lr: float | None = None):
        """Epoch 0 (the state after Reset, or the stored state), then ``epochs``
        steps, pressing Run (5 steps) as often as needed; returns a pandas
        DataFrame with one row per epoch.  A macro that would stop with a
        run-time error (adam_ann comparing #NUM! values) stops the run; the
        reason is in :attr:`stopped`."""
        if epochs < 0:
            raise ValueError("epochs must be >= 0")
        if reset:
            self.reset()
        if lr is not None:
            self.set_lr(lr)
        self.clear_history()
        self.record()
        remaining = epochs
        try:
            while remaining > 0:
                self.somesteps(min(5, remaining))
                remaining -= 5
        except MacroError as exc:
            self.stopped = str(exc)
        return self.frame()

    def frame(self):
        import pandas as pd

        rows = [{k: _plain(v) for k, v in vars(r).items()} for r in self.records]
        return pd.DataFrame(rows, columns=["sheet", "epoch", "b", "a", "error", "lr",
                                           *STATE_COLUMNS])

    @property
    def diverged_at(self) -> int | None:
        """The first epoch whose a, b or error is an error value or not finite."""
        return next((r.epoch for r in self.records if r.diverged), None)


def _plain(v):
    """A value for a DataFrame: errors become NaN (their kind is in the CLI output)."""
    if isinstance(v, XLError):
        return float("nan")
    return v


def _rows_of(book: Workbook, sheet: str) -> int:
    """Number of samples on a sheet: lastslope's (or newslope's) row is the last data row."""
    from ..engine.refs import parse_area

    defined = book.names.lookup("lastslope", sheet) or book.names.lookup("newslope", sheet)
    if defined is None:
        raise MacroError(f"sheet {sheet!r} has no name 'lastslope': not a graddesc optimiser sheet")
    area = parse_area(defined.text, default_sheet=sheet)
    return area.row1 - 3


class BasicRunner(Runner):
    manual = False  # basic's somesteps runs under automatic calculation
    lr_cell = "F1"

    def onestep(self):
        super().onestep()
        self.append_rmse()

    def append_rmse(self):
        """Paste the value of rmse below the last filled cell of the history."""
        start = self.book.names.lookup("rmsestart", self.sheet)
        if start is None:
            return
        col = start.text.split("!")[-1].replace("$", "")
        letters = "".join(ch for ch in col if ch.isalpha())
        row = int(col[len(letters):]) + 1
        while self.book.value(f"{self.sheet}!{letters}{row}") is not None:
            row += 1
        self.book.set(f"{self.sheet}!{letters}{row}", self.get("rmse"))

    def reset(self):
        self.put("slope", self.params.init_a)
        self.put("const", self.params.init_b)
        rmses = self.book.names.lookup("rmses", self.sheet)
        if rmses is not None:
            self.book.set(f"{self.sheet}!rmses", None)
        self.clear_history()
        self.book.calculate()
        self.record()


class MomentumRunner(Runner):
    state_copies = (("momtarget", "momlast"),)

    def state(self):
        (mb, ma), = self.get("momtarget")
        return {"mom_b": mb, "mom_a": ma}

    def reset(self):
        p = self.params
        self.put("momtarget", [[0.0, 0.0]])
        self.put("slope", p.init_a)
        self.put("const", p.init_b)
        self.put("lr", p.lr_of(self.sheet))
        self.copy("momtarget", "momlast")
        self.clear_history()
        self.record()


class RmspropRunner(Runner):
    state_copies = (("gradtarget", "ms_last"),)

    def state(self):
        (sb, sa), = self.get("gradtarget")
        return {"ms_b": sb, "ms_a": sa}

    def reset(self):
        p = self.params
        self.put("gradtarget", [[p.reset_mean_square] * 2])
        self.put("slope", p.init_a)
        self.put("const", p.init_b)
        self.copy("gradtarget", "ms_last")
        self.copy("gradtarget", "ms_last")
        self.clear_history()
        self.record()


class AdamRunner(Runner):
    state_copies = (("gradtarget", "ms_last"), ("momtarget", "momlast"))

    def state(self):
        (mb, ma), = self.get("momtarget")
        (sb, sa), = self.get("gradtarget")
        return {"mom_b": mb, "mom_a": ma, "ms_b": sb, "ms_a": sa}

    def reset(self):
        p = self.params
        self.put("gradtarget", [[p.reset_mean_square] * 2])
        self.put("momtarget", [[0.0, 0.0]])
        self.put("slope", p.init_a)
        self.put("const", p.init_b)
        self.put("lr", p.lr_of(self.sheet))
        for _ in range(2):
            self.copy("gradtarget", "ms_last")
            self.copy("momtarget", "momlast")
        self.clear_history()
        self.record()


class AdamAnnRunner(AdamRunner):
    def step(self):
        self.onestep()
        if _number(self.get("gradrat"), "gradrat") > 2:
            self.put("lr", _number(self.get("lr"), "lr") / 4)
        if _number(self.get("avg_grad2"), "avg_grad2") < _number(self.get("prev_grad2"), "prev_grad2"):
            self.copy("prev_grad2", "avg_grad2")
        self.book.calculate()

    def reset(self):
        p = self.params
        book = self.book
        book.calculation = "manual"
        try:
            self.put("gradtarget", [[p.reset_mean_square] * 2])
            self.put("momtarget", [[0.0, 0.0]])
            self.put("slope", p.init_a)
            self.put("const", p.init_b)
            self.put("lr", p.lr_of(self.sheet))
            self.copy("prev_grad2", "avg_grad2")  # stale on purpose, as the original
            book.calculate()
            self.copy("gradtarget", "ms_last")
            self.copy("momtarget", "momlast")
            book.calculate()
            self.copy("gradtarget", "ms_last")
            self.copy("momtarget", "momlast")
            self.copy("prev_grad2", "avg_grad2")
        finally:
            book.calculation = "automatic"
        self.clear_history()
        self.record()


class ParityRunner(Runner):
    """The torch.optim parity sheets: training carries on from the last row's
    update and the optimiser state persists, as in a torch training loop."""

    @staticmethod
    def make_layout(sheet: str, rows: int):
        from .parity import ParityLayout

        return ParityLayout(sheet, rows)

    def __init__(self, book, sheet, carry="updated", params=None, parity=None):
        super().__init__(book, sheet, "updated", params)
        from .parity import ParityParams

        self.parity = parity or ParityParams()
        self.kind = sheet.lower()

    def has(self, name: str) -> bool:
        return self.book.names.lookup(name, self.sheet) is not None

    def onestep(self):
        if self.has("state_in"):
            self.copy("state_in", "state_last")
        self.carry_ab()
        if self.has("fresh"):
            self.put("fresh", 0.0)
        self.book.calculate()

    def state(self):
        if not self.has("state_in"):
            return {}
        values = self.get("state_in")[0]
        if self.kind == "momentum_torch":
            return {"mom_b": values[0], "mom_a": values[1]}
        if self.kind == "rmsprop_torch":
            return {"ms_b": values[0], "ms_a": values[1]}
        return {"mom_b": values[0], "mom_a": values[1], "ms_b": values[2], "ms_a": values[3]}

    def reset(self):
        p = self.params
        if self.has("state_in"):
            width = len(self.get("state_in")[0])
            self.put("state_in", [[0.0] * width])
        if self.has("fresh"):
            self.put("fresh", 1.0)
        self.put("slope", p.init_a)
        self.put("const", p.init_b)
        self.put("lr", self.parity.of(self.kind)["lr"])
        self.clear_history()
        self.record()


RUNNERS = {"basic": BasicRunner, "momentum": MomentumRunner, "rmsprop": RmspropRunner,
           "adam": AdamRunner, "adam_ann": AdamAnnRunner}


for _name in ("sgd_torch", "momentum_torch", "rmsprop_torch", "adam_torch"):
    RUNNERS[_name] = ParityRunner


def runner_for(book: Workbook, sheet: str, carry: str = "faithful",
               params: GradDescParams | None = None) -> Runner:
    """The run loops of ``sheet`` (a lesson sheet or a torch parity sheet) in ``book``."""
    if sheet not in RUNNERS:
        raise ValueError(f"unknown sheet {sheet!r} (sheets: {', '.join(RUNNERS)})")
    if not book.has_sheet(sheet):
        raise MacroError(f"the workbook has no sheet {sheet!r}")
    return RUNNERS[sheet](book, book.sheet_name(sheet), carry, params)
