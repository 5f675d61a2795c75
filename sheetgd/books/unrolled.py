"""The macro-free graddesc book: every epoch of the Run loop as live formulas.

For Google Sheets, LibreOffice and Numbers users, who cannot run VBA.  Each
optimiser sheet stacks *passes*: one pass is the sheet's rows computed from
a starting a, b and optimiser state (a header row holding the state carried
in, the data rows, and a summary row with the pass's error).  A pass is laid
out wherever the original macros make Excel recalculate with new inputs,
in the same order and with the same carry rule, so the numbers equal the
engine's run loop (:mod:`.macros`) exactly:

- Reset's warm-up passes (momentum 1, rmsprop 2, adam 4, adam_ann 2: the
  writes of Reset recalculate, and the state copied is the recalculated one);
- one pass per epoch, plus, on basic (automatic calculation), the pass that
  Excel computes after ``slope <- lastslope`` and before ``const <-
  lastconst`` reads it;
- on adam_ann, each epoch's learning rate is annealed by formula
  (``gradrat > 2`` -> lr/4) from the previous epoch's, as the macro does.

A history table at the top right lists epoch, b, a, error and lr; change a
learning rate (or anything) and the whole training recomputes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ..engine.nodes import render
from ..engine.parser import parse
from ..engine.refs import col_to_letters, letters_to_col
from .graddesc import HISTORY_HEADERS, GradDescParams, Layout
from .sheetdef import SheetDef

DEFAULT_EPOCHS = 20

_COMMON = {"E": "=C4+D4*A4", "F": "=2*(D4*A4+C4-B4)", "G": "=F4*A4"}
ROWS = {  # first data row (4) formulas; {lr} is the learning rate's cell
    "basic": {"E": "=C4+D4*A4", "F": "=(B4-E4)^2", "G": "=(((C4+0.01)+A4*D4)-B4)^2",
              "H": "=(G4-F4)/0.01", "I": "=(((D4+0.01)*A4+C4)-B4)^2", "J": "=(I4-F4)/0.01",
              "K": "=2*(E4-B4)", "L": "=K4*A4", "M": "=D4-L4*{lr}", "N": "=C4-K4*{lr}"},
    "momentum": {**_COMMON, "H": "=C4-J4*{lr}", "I": "=D4-K4*{lr}",
                 "J": "=J3*$J$1+$K$1*F4", "K": "=K3*$J$1+$K$1*G4", "L": "=(B4-E4)^2"},
    "rmsprop": {**_COMMON, "H": "=C4-F4*{lr}/SQRT(J3)", "I": "=D4-G4*{lr}/SQRT(K3)",
                "J": "=J3*$J$1+$K$1*F4^2", "K": "=K3*$J$1+$K$1*G4^2", "L": "=(B4-E4)^2"},
    "adam": {**_COMMON, "H": "=C4-J4*{lr}/SQRT(L4)", "I": "=D4-K4*{lr}/SQRT(M4)",
             "J": "=J3*$J$1+$K$1*F4", "K": "=K3*$J$1+$K$1*G4",
             "L": "=L3*$L$1+$M$1*F4^2", "M": "=M3*$L$1+$M$1*G4^2", "N": "=(B4-E4)^2"},
}
ROWS["adam_ann"] = {**{k: v for k, v in ROWS["adam"].items() if k != "N"}, "O": "=(B4-E4)^2"}
STATE = {"basic": "", "momentum": "JK", "rmsprop": "JK", "adam": "JKLM", "adam_ann": "JKLM"}
MOM = {"momentum": "JK", "adam": "JK", "adam_ann": "JK"}
MS = {"rmsprop": "JK", "adam": "LM", "adam_ann": "LM"}


@lru_cache(maxsize=None)
def _template(formula: str, col: int):
    return parse(formula, 4, col)


def _moved(formula: str, col: int, row: int) -> str:
    """A first-data-row formula as it reads in ``row`` (Excel's fill-down)."""
    return "=" + render(_template(formula, col), row, col)


@dataclass
class Pass:
    """One pass over the rows: where it is and what it was started from."""

    label: str
    header: int  # the row above the data rows (holds the state carried in)
    rows: int
    const: str  # formula of the first row's b
    slope: str  # formula of the first row's a
    state: dict = field(default_factory=dict)  # column -> formula or value
    lr: str = "$D$2"

    @property
    def first(self) -> int:
        return self.header + 1

    @property
    def last(self) -> int:
        return self.header + self.rows

    @property
    def summary(self) -> int:
        return self.header + self.rows + 1


class UnrolledSheet:
    """Lays out the passes of one optimiser sheet."""

    def __init__(self, kind: str, params: GradDescParams, x, epochs: int, carry: str):
        self.kind, self.params, self.x, self.epochs, self.carry = kind, params, x, epochs, carry
        self.lay = Layout(kind, params.rows)
        self.n = params.rows
        self.passes: list[Pass] = []
        self.epoch_passes: list[Pass] = []
        self.cells: dict[str, object] = {}
        self.next_header = 3 + 2  # leave row 4 free under the column headers

    # -- passes ----------------------------------------------------------------
    def add_pass(self, label: str, const: str, slope: str, state: dict, lr: str | None = None) -> Pass:
        lr = lr or ("$F$1" if self.kind == "basic" else "$D$2")
        p = Pass(label, self.next_header, self.n, const, slope, state, lr)
        self.next_header = p.summary + 2
        self.passes.append(p)
        return p

    def state_from(self, p: Pass, cols: str) -> dict:
        return {c: f"={c}{p.last}" for c in cols}

    def carried(self, p: Pass) -> tuple[str, str]:
        """(const, slope) the next pass starts from, by the carry rule."""
        if self.carry == "faithful":
            return f"=C{p.last}", f"=D{p.last}"
        return f"={self.lay.new_b_col}{p.last}", f"={self.lay.new_a_col}{p.last}"

    def layout_passes(self):
        kind, p = self.kind, self.params
        init = ("=$C$1", "=$C$2")
        big = p.reset_mean_square
        if kind == "basic":
            prev = self.add_pass("epoch 0 (after Reset)", *init, {})
            self.epoch_passes.append(prev)
            for k in range(1, self.epochs + 1):
                const_now = f"=C{prev.first}"
                slope = self.carried(prev)[1]
                mid = self.add_pass(f"epoch {k}: after slope <- lastslope (automatic calculation "
                                    "recalculates before const is copied)", const_now, slope, {})
                prev = self.add_pass(f"epoch {k}", self.carried(mid)[0], f"=D{mid.first}", {})
                self.epoch_passes.append(prev)
            return
        if kind == "momentum":
            warm = self.add_pass("Reset: pass with momentum 0", *init, {"J": 0.0, "K": 0.0})
            start = {"J": f"=J{warm.last}", "K": f"=K{warm.last}"}
        elif kind == "rmsprop":
            w1 = self.add_pass(f"Reset: pass with mean square {big:g}", *init, {"J": big, "K": big})
            w2 = self.add_pass("Reset: pass after gradtarget <- ms_last", *init, self.state_from(w1, "JK"))
            start = self.state_from(w2, "JK")
        elif kind == "adam":
            p1 = self.add_pass(f"Reset: pass with mean square {big:g}, momentum 0", *init,
                               {"J": 0.0, "K": 0.0, "L": big, "M": big})
            p2 = self.add_pass("Reset: after gradtarget <- ms_last", *init,
                               {"J": 0.0, "K": 0.0, **self.state_from(p1, "LM")})
            p3 = self.add_pass("Reset: after momtarget <- momlast", *init,
                               {**self.state_from(p2, "JK"), **self.state_from(p1, "LM")})
            p4 = self.add_pass("Reset: after gradtarget <- ms_last (again)", *init,
                               {**self.state_from(p2, "JK"), **self.state_from(p3, "LM")})
            start = {**self.state_from(p4, "JK"), **self.state_from(p3, "LM")}
        else:  # adam_ann: Reset runs under manual calculation
            return self.layout_adam_ann(init, big)
        prev = self.add_pass("epoch 0 (after Reset)", *init, start)
        self.epoch_passes.append(prev)
        for k in range(1, self.epochs + 1):
            prev = self.add_pass(f"epoch {k}", *self.carried(prev), self.state_from(prev, STATE[kind]))
            self.epoch_passes.append(prev)

    def layout_adam_ann(self, init, big):
        p1 = self.add_pass(f"Reset: pass with mean square {big:g}, momentum 0", *init,
                           {"J": 0.0, "K": 0.0, "L": big, "M": big})
        p2 = self.add_pass("Reset: after copying ms_last and momlast", *init,
                           self.state_from(p1, "JKLM"))
        prev = self.add_pass("epoch 0 (after Reset)", *init, self.state_from(p2, "JKLM"),
                             lr="$D$2")
        # prev_grad2 <- avg_grad2 as displayed before the last recalculation (pass 2's)
        self.cells[f"R{prev.header}"] = f"=SQRT(L{p2.header})+SQRT(M{p2.header})"
        self.cells[f"D{prev.header}"] = "=$D$2"
        self.epoch_passes.append(prev)
        for k in range(1, self.epochs + 1):
            h = self.next_header
            lr = f"$D${h}"
            cur = self.add_pass(f"epoch {k}", *self.carried(prev), self.state_from(prev, "JKLM"), lr=lr)
            # avg_grad2 of the state carried in, gradrat against the previous prev_grad2
            self.cells[f"P{h}"] = f"=SQRT(L{h})+SQRT(M{h})"
            self.cells[f"Q{h}"] = f"=P{h}/R{prev.header}"
            self.cells[f"D{h}"] = f"=IF(Q{h}>2,D{prev.header}/4,D{prev.header})"
            self.cells[f"R{h}"] = f"=IF(P{h}<R{prev.header},P{h},R{prev.header})"
            prev = cur
            self.epoch_passes.append(prev)

    # -- cells ---------------------------------------------------------------------
    def pass_cells(self, p: Pass, data_rows: tuple[int, int]):
        kind, lay = self.kind, self.lay
        self.cells[f"A{p.header}"] = p.label
        for col, value in p.state.items():
            self.cells[f"{col}{p.header}"] = value
        for i in range(self.n):
            r = p.first + i
            if p.first == data_rows[0]:
                self.cells[f"A{r}"] = float(self.x[i])
                self.cells[f"B{r}"] = self.params.true_b + float(self.x[i]) * self.params.true_a
            else:
                self.cells[f"A{r}"] = f"=A${data_rows[0] + i}"
                self.cells[f"B{r}"] = f"=B${data_rows[0] + i}"
            if i == 0:
                self.cells[f"C{r}"] = p.const
                self.cells[f"D{r}"] = p.slope
            else:
                self.cells[f"C{r}"] = f"={lay.new_b_col}{r - 1}"
                self.cells[f"D{r}"] = f"={lay.new_a_col}{r - 1}"
            for col, formula in ROWS[kind].items():
                self.cells[f"{col}{r}"] = _moved(formula.replace("{lr}", p.lr),
                                                 letters_to_col(col), r)
        err = lay.error_col
        self.cells[f"{col_to_letters(letters_to_col(err) - 1)}{p.summary}"] = "rmse"
        self.cells[f"{err}{p.summary}"] = f"=SQRT(SUM({err}{p.first}:{err}{p.last}))"

    def history_col(self) -> int:
        return letters_to_col("T" if self.kind == "adam_ann" else self.lay.history_col)

    def build(self) -> SheetDef:
        self.layout_passes()
        data_rows = (self.passes[0].first, self.passes[0].last)
        for p in self.passes:
            self.pass_cells(p, data_rows)
        lay = self.lay
        headers = _headers(self.kind)
        for i, h in enumerate(headers):
            self.cells[f"{col_to_letters(i + 1)}3"] = h
        if self.kind == "adam_ann":
            self.cells.update({"P3": "avg_grad2", "Q3": "gradrat", "R3": "prev_grad2",
                               "C3": "b", "D3": "a (lr in pass headers)"})
        self.cells[f"{lay.error_col}3"] = "err^2"
        self.top_cells()
        self.history()
        d = SheetDef(self.kind, cells=self.cells)
        d.names.update(const="C1", slope="C2")
        d.names["lr"] = "F1" if self.kind == "basic" else "D2"
        return d

    def top_cells(self):
        p, kind = self.params, self.kind
        if kind == "basic":
            self.cells.update({"B1": "intercept", "C1": p.init_b, "B2": "slope", "C2": p.init_a,
                               "E1": "learn", "F1": p.lr_of("basic")})
            return
        beta1, beta2 = p.betas_of(kind)
        self.cells.update({"B1": "b", "C1": p.init_b, "B2": "a", "C2": p.init_a,
                           "D1": "learn", "D2": p.lr_of(kind), "I1": "beta"})
        if kind == "momentum":
            self.cells.update({"J1": beta1, "K1": "=1-J1"})
        elif kind == "rmsprop":
            self.cells.update({"J1": beta2, "K1": "=1-J1"})
        else:
            self.cells.update({"J1": beta1, "K1": "=1-J1", "L1": beta2, "M1": "=1-L1"})

    def history(self):
        col = self.history_col()
        letters = [col_to_letters(col + i) for i in range(len(HISTORY_HEADERS))]
        self.cells[f"{letters[0]}2"] = "history: one row per epoch (live formulas)"
        for letter, h in zip(letters, HISTORY_HEADERS):
            self.cells[f"{letter}3"] = h
        err = self.lay.error_col
        lr_of = (lambda q: f"=D{q.header}") if self.kind == "adam_ann" else \
            (lambda q: "=$F$1" if self.kind == "basic" else "=$D$2")
        for k, q in enumerate(self.epoch_passes):
            r = 4 + k
            self.cells[f"{letters[0]}{r}"] = float(k)
            self.cells[f"{letters[1]}{r}"] = f"=C{q.first}"
            self.cells[f"{letters[2]}{r}"] = f"=D{q.first}"
            self.cells[f"{letters[3]}{r}"] = f"={err}{q.summary}"
            self.cells[f"{letters[4]}{r}"] = lr_of(q)

    def history_range(self, field_index: int) -> tuple[int, int, int]:
        """(column, first row, last row) of one history column."""
        return self.history_col() + field_index, 4, 4 + len(self.epoch_passes) - 1


def _headers(kind: str) -> tuple:
    if kind == "basic":
        return ("x", "y", "intercept", "slope", "y_pred", "err^2", "errb1", "est de/db",
                "erra1", "est de/da", "de/db", "de/da", "new a", "new b")
    return ("x", "y", "b", "a", "pred", "de/db", "de/da", "new b", "new a")


def unrolled_defs(params: GradDescParams, x, epochs: int = DEFAULT_EPOCHS,
                  carry: str = "faithful") -> list[tuple[SheetDef, UnrolledSheet]]:
    from .graddesc import OPTIMISERS

    out = []
    for kind in OPTIMISERS:
        sheet = UnrolledSheet(kind, params, x, epochs, carry)
        out.append((sheet.build(), sheet))
    return out


def build(params: GradDescParams | None = None, epochs: int = DEFAULT_EPOCHS,
          carry: str = "faithful"):
    """The macro-free book in the engine, calculated: (Workbook, {sheet: UnrolledSheet})."""
    from ..engine import Workbook
    from .graddesc import data_sheet, draw_x
    from .sheetdef import install

    params = params or GradDescParams()
    book = Workbook(seed=0 if params.seed is None else params.seed)
    x = draw_x(params)
    install(book, data_sheet(params))
    sheets = {}
    for d, sheet in unrolled_defs(params, x, epochs, carry):
        install(book, d)
        sheets[d.name] = sheet
    book.calculate_all()
    return book, sheets
