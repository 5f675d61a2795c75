"""The gradient-descent workbook (docs/workbooks.md, "graddesc"), as sheet definitions.

Sheets: ``data`` (the RANDBETWEEN draw), ``basic`` (SGD with a
finite-difference check), ``momentum``, ``rmsprop``, ``adam`` and
``adam_ann`` (Adam with learning-rate annealing), and the two weight decay
sheets the lesson describes but the originals lack: ``wd_sgd`` and
``wd_adam`` (L2 regularisation beside decoupled weight decay on the same
rows; docs/workbooks.md, "Weight decay"), and ``one_cycle`` (Adam driven by
the one-cycle schedule, :mod:`.onecycle`: each row its own lr and beta1).  Every formula below is the
one docs/workbooks.md gives for the first data row (row 4); it is filled down.
With N samples the data rows are 4..N+3 and the summary row is N+4.

To the right of the original columns each optimiser sheet also gets what
the originals lack: a squared-error column and the epoch's error
``SQRT(SUM(err^2))`` (named ``rmse``, as basic's), and a history block
(epoch, b, a, error, lr, the weight decay sheets' decoupled b, a, error,
then the smoothed error) that the run loops fill; its smoothed error
(:class:`.programs.Smoothing`, fastai's loss smoothing) is a formula of the
rows above and of the beta in the cell ``smooth_beta`` (row 1, above the
block: "smooth beta").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..engine import Workbook
from ..engine.errors import FormulaError
from ..engine.usedrange import MAX_CELLS
from ..gcpause import frozen_heap
from ..engine.refs import col_to_letters, letters_to_col, parse_area
from .programs import DEBIASED_LOSS, LOSS_AVERAGE, SMOOTHING, _render, program_for
from .sheetdef import SheetDef, install

#: The lesson's draw of x (y = 2x + 30), identical on all optimiser sheets.
LESSON_X = (14, 86, 28, 51, 28, 29, 72, 62, 84, 15, 42, 62, 47, 35, 9,
            38, 44, 99, 13, 21, 28, 20, 8, 64, 99, 70, 27, 17, 8)

OPTIMISERS = ("basic", "momentum", "rmsprop", "adam", "adam_ann", "wd_sgd", "wd_adam",
              "one_cycle")
#: The sheets with two trainings side by side: L2 regularisation (left) and
#: decoupled weight decay (right).
WEIGHT_DECAY_SHEETS = ("wd_sgd", "wd_adam")
#: The sheets whose rows take lr and beta1 from the one-cycle schedule (:mod:`.onecycle`).
ONE_CYCLE_SHEETS = ("one_cycle",)

#: The learning rate each sheet's Reset writes (basic and rmsprop keep theirs).
DEFAULT_LR = {"basic": 0.0001, "momentum": 0.0001, "rmsprop": 0.02, "adam": 1.0, "adam_ann": 1.0,
              "wd_sgd": 0.0001, "wd_adam": 0.1, "one_cycle": 1.0}
#: (beta1, beta2): momentum uses beta1, rmsprop's mean square beta2.
DEFAULT_BETAS = {"momentum": (0.9, None), "rmsprop": (None, 0.9), "adam": (0.9, 0.9),
                 "adam_ann": (0.9, 0.95), "wd_adam": (0.9, 0.9), "one_cycle": (None, 0.9)}
#: (wd, wd'): L2 regularisation adds wd*(a^2 + b^2) to each row's loss, so its
#: gradient gains 2*wd*w; decoupled weight decay takes lr*wd'*w off each
#: weight.  wd' = 2*wd: the two SGD trainings coincide, the two Adam ones do not.
DEFAULT_WEIGHT_DECAY = {"wd_sgd": (0.01, 0.02), "wd_adam": (0.01, 0.02)}

HISTORY_HEADERS = ("epoch", "b", "a", "error", "lr")

#: Headers of the optimiser state's columns (b's, a's), by the name of the
#: state carried in.  Row 3 of a state column holds the state itself (it
#: reads the summary row), so the header goes in row 2.
STATE_HEADERS = {"momtarget": ("avg de/db", "avg de/da"),
                 "gradtarget": ("avg (de/db)^2", "avg (de/da)^2"),
                 "dec_momtarget": ("avg de/db'", "avg de/da'"),
                 "dec_gradtarget": ("avg (de/db')^2", "avg (de/da')^2")}

#: The data sheet (docs/workbooks.md, sheet ``data``): the cells of b and a in
#: y = a*x + b, the column of x and its first row.
DATA_B, DATA_A, DATA_X_COL, DATA_FIRST_ROW = "C1", "C2", "B", 5


#: The most data rows a sheet takes: a million, inside Excel's 1,048,576 rows
#: with the sheets' header and summary rows.
MAX_ROWS = 1_000_000


@dataclass(frozen=True)
class GradDescParams:
    """Everything the generator takes; the defaults are the lesson's."""

    rows: int = 29
    seed: int | None = None  # None: the lesson's draw (29 rows), else a seeded draw
    true_a: float = 2.0
    true_b: float = 30.0
    init_a: float = 1.0
    init_b: float = 1.0
    lr: dict = field(default_factory=dict)  # sheet -> learning rate (merged with DEFAULT_LR)
    betas: dict = field(default_factory=dict)  # sheet -> (beta1, beta2) (merged with defaults)
    reset_mean_square: float = 10000.0  # what Reset writes into gradtarget
    weight_decay: dict = field(default_factory=dict)  # sheet -> (wd, wd') (merged with defaults)
    smooth_beta: float = SMOOTHING.default  # the history's smoothed error (programs.Smoothing)
    one_cycle: dict = field(default_factory=dict)  # one_cycle's schedule (onecycle.DEFAULTS' keys)
    parity: dict = field(default_factory=dict)  # parity sheet -> {setting: value} (parity.DEFAULTS)
    lr_find: dict = field(default_factory=dict)  # lr_find's settings (lr_find.LrFindParams' fields)

    def __post_init__(self):
        if not 2 <= self.rows <= MAX_ROWS:
            raise ValueError(f"rows must be between 2 and {MAX_ROWS}, not {self.rows}")
        if not 0 <= self.smooth_beta < 1:
            raise ValueError(f"smooth_beta must be in [0, 1), not {self.smooth_beta}")
        for what in ("true_a", "true_b", "init_a", "init_b", "reset_mean_square"):
            if not math.isfinite(getattr(self, what)):
                raise ValueError(f"{what} must be a finite number, not {getattr(self, what)}")
        from .onecycle import DEFAULTS as CYCLE

        for key, value in self.one_cycle.items():
            if key not in CYCLE:
                raise ValueError(f"unknown one-cycle setting {key!r} (settings: {', '.join(CYCLE)})")
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"one-cycle {key} must be > 0 and finite, not {value}")
        self.parity_params()  # ValueError naming an unknown sheet or setting
        self.lr_find_params()
        for sheet, pair in self.weight_decay.items():
            if sheet not in WEIGHT_DECAY_SHEETS:
                raise ValueError(f"unknown weight decay sheet {sheet!r} (sheets: "
                                 f"{', '.join(WEIGHT_DECAY_SHEETS)})")
            if len(pair) != 2 or not all(w >= 0 and math.isfinite(w) for w in pair):
                raise ValueError(f"weight decay of {sheet}: (wd, wd') >= 0 expected, not {pair!r}")
        for sheet in {**self.lr, **self.betas}:
            if sheet not in OPTIMISERS:
                raise ValueError(f"unknown sheet {sheet!r} (sheets: {', '.join(OPTIMISERS)})")
        for sheet, value in self.lr.items():
            if not (value > 0 and math.isfinite(value)):
                raise ValueError(f"learning rate of {sheet} must be > 0 and finite, not {value}")
        for sheet, pair in self.betas.items():
            if len(pair) != 2:
                raise ValueError(f"betas of {sheet}: (beta1, beta2) expected, not {pair!r}")
            # a beta the sheet does not use is ignored here (the sweep's engine check
            # passes both); the CLI refuses one given as an option (--beta1 basic=...)
            for beta in pair:
                if beta is not None and not 0 <= beta < 1:
                    raise ValueError(f"betas of {sheet} must be in [0, 1), not {beta}")

    def lr_of(self, sheet: str) -> float:
        return float(self.lr.get(sheet, DEFAULT_LR[sheet]))

    def weight_decay_of(self, sheet: str) -> tuple[float, float]:
        """(wd, wd') of a weight decay sheet: L2's and decoupled weight decay's."""
        return tuple(float(w) for w in self.weight_decay.get(sheet, DEFAULT_WEIGHT_DECAY[sheet]))

    def one_cycle_of(self) -> dict:
        """one_cycle's schedule (:data:`.onecycle.DEFAULTS` with this book's settings)."""
        from .onecycle import DEFAULTS

        return {k: float(v) for k, v in {**DEFAULTS, **self.one_cycle}.items()}

    def parity_params(self):
        """The parity sheets' settings (:class:`.parity.ParityParams`: its
        defaults with this book's)."""
        from .parity import ParityParams

        return ParityParams(self.parity)

    def lr_find_params(self):
        """lr_find's settings (:class:`.lr_find.LrFindParams`); its smoothing
        beta is the book's ``smooth_beta`` unless given: fastai smooths the
        loss of lr_find and of every fit with one beta."""
        from .lr_find import LrFindParams

        unknown = set(self.lr_find) - set(LrFindParams.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown lr_find setting {sorted(unknown)[0]!r} (settings: "
                             f"{', '.join(LrFindParams.__dataclass_fields__)})")
        return LrFindParams(**{"beta": self.smooth_beta, **self.lr_find})

    def betas_of(self, sheet: str) -> tuple:
        default = DEFAULT_BETAS.get(sheet, (None, None))
        given = self.betas.get(sheet, default)
        return tuple(g if g is not None else d for g, d in zip(given, default))


@dataclass(frozen=True)
class Layout:
    """Where things are on an optimiser sheet with ``rows`` samples."""

    sheet: str
    rows: int

    @property
    def first(self) -> int:
        return 4

    @property
    def last(self) -> int:
        return self.rows + 3

    @property
    def summary(self) -> int:
        return self.rows + 4

    @property
    def error_col(self) -> str:
        """Column of the squared error (original on basic and momentum)."""
        return {"basic": "F", "momentum": "L", "rmsprop": "L", "adam": "N", "adam_ann": "O",
                "wd_sgd": "J", "wd_adam": "N", "one_cycle": "N"}[self.sheet]

    @property
    def dec_cols(self) -> str:
        """Columns of the decoupled weight decay training (weight decay
        sheets; "" elsewhere): new b', new a', then its own columns, its
        squared error last."""
        return {"wd_sgd": "KLMNOP", "wd_adam": "OPQRSTUVWX"}.get(self.sheet, "")

    @property
    def schedule_col(self) -> str:
        """First of the one-cycle schedule's columns (one_cycle; "" elsewhere):
    step, lr, beta1, 1-beta1, then (rows 1-2) the derived cells."""
        return "O" if self.sheet == "one_cycle" else ""

    @property
    def new_b_col(self) -> str:
        return "N" if self.sheet == "basic" else "H"

    @property
    def new_a_col(self) -> str:
        return "M" if self.sheet == "basic" else "I"

    @property
    def history_col(self) -> str:
        """First column of the history block (one blank column after the sheet)."""
        last = {"basic": "N", "one_cycle": "Z"}.get(self.sheet, (self.dec_cols or self.error_col)[-1])
        return col_to_letters(letters_to_col(last) + 2)

    def history_cell(self, row_offset: int, field_index: int) -> str:
        col = col_to_letters(letters_to_col(self.history_col) + field_index)
        return f"{col}{3 + row_offset}"

    def smoothed_formula(self, row: int, history: tuple, r1c1: bool = False) -> str:
        """The smoothed error's formula (:class:`.programs.Smoothing`) in the
        history row ``row`` (A1), or the same as R1C1 text for any row (the
        VBA writes it); ``history``: the block's columns."""
        first = letters_to_col(self.history_col)
        col = {f: first + i for i, f in enumerate(history)}
        here = col[SMOOTHING.field]
        beta = parse_area(self.names[SMOOTHING.beta], default_sheet=self.sheet)
        if r1c1:
            refs = {"epoch": f"RC[{col['epoch'] - here}]", "value": f"RC[{col[SMOOTHING.source] - here}]",
                    "above": "R[-1]C", "beta": f"R{beta.row1}C{beta.col1}"}
        else:
            refs = {"epoch": f"{col_to_letters(col['epoch'])}{row}",
                    "value": f"{col_to_letters(col[SMOOTHING.source])}{row}",
                    "above": f"{col_to_letters(here)}{row - 1}",
                    "beta": f"${col_to_letters(beta.col1)}${beta.row1}"}
        return "=" + SMOOTHING.formula(refs)

    @property
    def _state(self) -> tuple:
        """((columns), name of the last row's state, name of the state carried in)."""
        mom, ms = ("JK", "momlast", "momtarget"), ("LM", "ms_last", "gradtarget")
        dec = (("TU", "dec_momlast", "dec_momtarget"), ("VW", "dec_ms_last", "dec_gradtarget"))
        return {"basic": (), "momentum": (mom,), "rmsprop": (("JK", *ms[1:]),), "wd_sgd": (),
                "wd_adam": (mom, ms, *dec)}.get(self.sheet, (mom, ms))

    @property
    def state_cols(self) -> str:
        """Columns of the optimiser state ("" on basic)."""
        return "".join(cols for cols, _, _ in self._state)

    @property
    def names(self) -> dict[str, str]:
        """The sheet-scoped names (name -> A1 address): the originals' names,
        and the ones sheetgd adds (``rmse`` where the original lacks it, ``lr``,
        ``newconst``/``newslope``, ``history``).  The macros address cells by
        these names only (:mod:`.programs`)."""
        last, s = self.last, self.summary
        names = {"const": "C1", "slope": "C2", "lr": "F1" if self.sheet == "basic" else "D2",
                 "lastconst": f"C{last}", "lastslope": f"D{last}",
                 "newconst": f"{self.new_b_col}{last}", "newslope": f"{self.new_a_col}{last}",
                 "rmse": f"{self.error_col}{s}", "history": self.history_cell(0, 0),
                 SMOOTHING.beta: self.history_cell(-2, 1)}
        if self.sheet == "basic":
            names.update(rmsestart=f"C{s + 3}", rmses=f"C{s + 5}:C{s + 73}")
        for (first, end), carried, target in self._state:
            names[carried] = f"{first}{last}:{end}{last}"  # the state after the last row
            names[target] = f"{first}{s}:{end}{s}"  # the state carried in (row 3 reads it)
        if self.sheet == "adam_ann":
            names.update(prev_grad2="N3", avg_grad2=f"N{s}", gradrat=f"N{s + 1}")
        if self.schedule_col:  # the one-cycle schedule's cells (onecycle.names)
            from .onecycle import names as schedule_names

            names.update(schedule_names(self.schedule_col))
            # the smoothed loss's running average and count: after the last row, carried in
            avg, count = SMOOTHED_LOSS_COLS[1:]
            names.update(loss_avg_last=f"{avg}{last}:{count}{last}",
                         loss_avg_in=f"{avg}{s}:{count}{s}")
        if self.dec_cols:  # the decoupled training's b', a' (after each row) and error
            b, a, err = self.dec_cols[0], self.dec_cols[1], self.dec_cols[-1]
            names.update(dec_const=f"{b}{s}", dec_slope=f"{a}{s}", dec_newconst=f"{b}{last}",
                         dec_newslope=f"{a}{last}", dec_rmse=f"{err}{s}")
        return names


def draw_x(params: GradDescParams) -> list[float]:
    """The x values pasted into the optimiser sheets."""
    if params.seed is None and params.rows == len(LESSON_X):
        return [float(x) for x in LESSON_X]
    book = Workbook(seed=0 if params.seed is None else params.seed)
    install(book, data_sheet(params))
    book.calculate_all()
    first, last = DATA_FIRST_ROW, DATA_FIRST_ROW + params.rows - 1
    return [row[0] for row in book.value(f"data!{DATA_X_COL}{first}:{DATA_X_COL}{last}")]


def data_sheet(params: GradDescParams) -> SheetDef:
    first = DATA_FIRST_ROW
    return SheetDef(
        "data", first_row=first, last_row=first + params.rows - 1,
        cells={"A1": "b", "B1": "const", DATA_B: params.true_b,
               "A2": "a", "B2": "slope", DATA_A: params.true_a,
               "B4": "x", "C4": "y"},
        fill={"B": "=RANDBETWEEN(1,100)", "C": "=$C$1+B5*$C$2"},  # y = b + x*a
    )


def _common(sheet: str, params: GradDescParams, x: list[float], headers: tuple,
            cells: dict) -> SheetDef:
    lay = Layout(sheet, params.rows)
    y = [params.true_b + xi * params.true_a for xi in x]
    d = SheetDef(sheet, first_row=lay.first, last_row=lay.last,
                 data={"A": list(x), "B": y}, cells=dict(cells))
    for i, header in enumerate(headers):
        d.cells[f"{col_to_letters(i + 1)}3"] = header
    d.cells["C4"] = "=C1"
    d.cells["D4"] = "=C2"
    d.names.update(lay.names)
    # the history block sheetgd adds (filled by the run loops)
    d.cells[lay.history_cell(-1, 0)] = "history (one row per epoch; written by Run)"
    for i, header in enumerate(program_for(sheet).history_fields):
        d.cells[lay.history_cell(0, i)] = header
    d.cells[lay.history_cell(-2, 0)] = SMOOTHING.label  # beta of the smoothed error
    d.cells[lay.names[SMOOTHING.beta]] = float(params.smooth_beta)
    return d


def _error_column(d: SheetDef, lay: Layout, original: bool):
    col, s, last = lay.error_col, lay.summary, lay.last
    if not original:
        d.cells[f"{col}3"] = "err^2"
        d.fill[col] = "=(B4-E4)^2"
        d.cells[f"{col}{s}"] = f"=SQRT(SUM({col}4:{col}{last}))"


def basic_sheet(params: GradDescParams, x: list[float]) -> SheetDef:
    lay = Layout("basic", params.rows)
    s, last = lay.summary, lay.last
    d = _common("basic", params, x, (
        "x", "y", "intercept", "slope", "y_pred", "err^2", "errb1", "est de/db",
        "erra1", "est de/da", "de/db", "de/da", "new a", "new b"), {
        "B1": "intercept", "C1": params.init_b, "B2": "slope", "C2": params.init_a,
        "E1": "learn", "F1": params.lr_of("basic"),
        "I1": "de/db=2(ax+b-y)", "H2": "e=(ax+b-y)^2", "I2": "de/da=x*2(ax+b-y)",
        f"E{s}": "rmse", f"F{s}": f"=SQRT(SUM(F4:F{last}))",
        f"K{s}": f"=SQRT(SUMSQ(K4:K{last}))", f"L{s}": f"=SQRT(SUMSQ(L4:L{last}))",
        f"C{s + 3}": "Paste error here:", f"C{s + 4}": "rmse",
    })
    d.fill.update({
        "C": (5, "=N4"), "D": (5, "=M4"),
        "E": "=C4+D4*A4", "F": "=(B4-E4)^2", "G": "=(((C4+0.01)+A4*D4)-B4)^2",
        "H": "=(G4-F4)/0.01", "I": "=(((D4+0.01)*A4+C4)-B4)^2", "J": "=(I4-F4)/0.01",
        "K": "=2*(E4-B4)", "L": "=K4*A4", "M": "=D4-L4*$F$1", "N": "=C4-K4*$F$1",
    })
    _error_column(d, lay, original=True)
    return d


_STATE_HEADERS = ("x", "y", "b", "a", "pred", "de/db", "de/da", "new b", "new a")


def _optimiser(sheet: str, params: GradDescParams, x, cells: dict,
               fill: dict) -> tuple[SheetDef, Layout]:
    lay = Layout(sheet, params.rows)
    d = _common(sheet, params, x, _STATE_HEADERS, {
        "B1": "b", "C1": params.init_b, "B2": "a", "C2": params.init_a,
        "D1": "learn", "D2": params.lr_of(sheet), **cells})
    d.fill.update({"C": (5, "=H4"), "D": (5, "=I4"),
                   "E": "=C4+D4*A4", "F": "=2*(D4*A4+C4-B4)", "G": "=F4*A4", **fill})
    for col in lay.state_cols:  # state carried between epochs: row 3 reads the summary row
        d.cells[f"{col}3"] = f"={col}{lay.summary}"
        d.cells[f"{col}{lay.summary}"] = 0.0
    for name, param in program_for(sheet).before_reset.items():
        for cell in lay.names[name].split(":"):
            d.cells[cell] = getattr(params, param)
    for cols, _, target in lay._state:
        for col, header in zip(cols, STATE_HEADERS[target]):
            d.cells[f"{col}2"] = header
    return d, lay


def momentum_sheet(params: GradDescParams, x) -> SheetDef:
    beta, _ = params.betas_of("momentum")
    d, lay = _optimiser("momentum", params, x, {"I1": "beta", "J1": beta, "K1": "=1-J1"}, {
        "H": "=C4-J4*$D$2", "I": "=D4-K4*$D$2",
        "J": "=J3*$J$1+$K$1*F4", "K": "=K3*$J$1+$K$1*G4",
        "L": "=(B4-E4)^2"})
    d.cells["L3"] = "err^2"
    d.cells[f"L{lay.summary}"] = f"=SQRT(SUM(L4:L{lay.last}))"
    _error_column(d, lay, original=True)
    return d


def rmsprop_sheet(params: GradDescParams, x) -> SheetDef:
    _, beta = params.betas_of("rmsprop")
    d, lay = _optimiser("rmsprop", params, x, {"I1": "beta", "J1": beta, "K1": "=1-J1"}, {
        "H": "=C4-F4*$D$2/SQRT(J3)", "I": "=D4-G4*$D$2/SQRT(K3)",
        "J": "=J3*$J$1+$K$1*F4^2", "K": "=K3*$J$1+$K$1*G4^2"})
    _error_column(d, lay, original=False)
    return d


def _adam_like(sheet: str, params: GradDescParams, x) -> tuple[SheetDef, Layout]:
    beta1, beta2 = params.betas_of(sheet)
    d, lay = _optimiser(sheet, params, x, {
        "I1": "beta", "J1": beta1, "K1": "=1-J1", "L1": beta2, "M1": "=1-L1"}, {
        "H": "=C4-J4*$D$2/SQRT(L4)", "I": "=D4-K4*$D$2/SQRT(M4)",
        "J": "=J3*$J$1+$K$1*F4", "K": "=K3*$J$1+$K$1*G4",
        "L": "=L3*$L$1+$M$1*F4^2", "M": "=M3*$L$1+$M$1*G4^2"})
    return d, lay


def adam_sheet(params: GradDescParams, x) -> SheetDef:
    d, lay = _adam_like("adam", params, x)
    _error_column(d, lay, original=False)
    return d


def adam_ann_sheet(params: GradDescParams, x) -> SheetDef:
    d, lay = _adam_like("adam_ann", params, x)
    last, s = lay.last, lay.summary
    d.cells.update({
        f"F{s}": f"=SQRT(SUMSQ(F4:F{last}))/COUNT(F4:F{last})",
        f"G{s}": f"=SQRT(SUMSQ(G4:G{last}))/COUNT(G4:G{last})",
        "N2": "prev_grad2", "N3": 1.0, f"N{s}": f"=SQRT(L{s})+SQRT(M{s})", f"N{s + 1}": "=avg_grad2/prev_grad2",
        # in the original, read by nothing (docs/workbooks.md)
        f"K{s + 1}": "=1/K3", f"L{s + 1}": "=1/L3",
    })
    _error_column(d, lay, original=False)
    return d


def _decoupled(d: SheetDef, lay: Layout, decays: tuple, wd_cols: str, headers: tuple,
               fill: dict):
    """The weight decay sheets' common part: wd (L2) and wd' (decoupled) in row
    1 at ``wd_cols`` (label, value, label, value), the decoupled training's
    columns (``fill``; its b', a' carried in row 3 from the summary row, as
    the optimiser state is) with their ``headers`` in row 2 (row 3 for the
    columns that hold no state), and both errors."""
    wd, wd_dec = decays
    label, value, dec_label, dec_value = wd_cols
    d.cells.update({f"{label}1": "wd", f"{value}1": wd,
                    f"{dec_label}1": "wd'", f"{dec_value}1": wd_dec})
    s, last = lay.summary, lay.last
    carried = lay.dec_cols[:2] + "".join(c for c in lay.state_cols if c > lay.dec_cols[0])
    for col, header in zip(lay.dec_cols, headers):
        if header:
            d.cells[f"{col}{2 if col in carried else 3}"] = header
    for col in lay.dec_cols[:2]:
        d.cells[f"{col}3"] = f"={col}{s}"
        d.cells[f"{col}{s}"] = 0.0
    d.fill.update(fill)
    err = lay.dec_cols[-1]
    d.cells[f"{err}{s}"] = f"=SQRT(SUM({err}4:{err}{last}))"


def wd_sgd_sheet(params: GradDescParams, x) -> SheetDef:
    """SGD with L2 regularisation (C..J: the gradient gains 2*wd*w) beside SGD
    with decoupled weight decay (K..P: w <- w - lr*wd'*w - lr*gradient)."""
    d, lay = _optimiser("wd_sgd", params, x, {}, {
        "F": "=2*(D4*A4+C4-B4)+2*$J$1*C4", "G": "=2*(D4*A4+C4-B4)*A4+2*$J$1*D4",
        "H": "=C4-F4*$D$2", "I": "=D4-G4*$D$2"})
    d.cells.update({"F3": "de/db+2wd*b", "G3": "de/da+2wd*a"})
    _error_column(d, lay, original=False)
    _decoupled(d, lay, params.weight_decay_of("wd_sgd"), "IJKL", ("new b'", "new a'", "pred'", "de/db'", "de/da'", "err'^2"), {
        "K": "=K3-$D$2*$L$1*K3-N4*$D$2", "L": "=L3-$D$2*$L$1*L3-O4*$D$2",
        "M": "=K3+L3*A4", "N": "=2*(L3*A4+K3-B4)", "O": "=N4*A4", "P": "=(B4-M4)^2"})
    return d


def one_cycle_sheet(params: GradDescParams, x) -> SheetDef:
    """Adam as on ``adam`` (no bias correction, no eps; beta2 in L1) with each
    row's lr and beta1 from the one-cycle schedule (:mod:`.onecycle`, columns
    O..R); D2 holds lr_max."""
    from .onecycle import schedule

    _, beta2 = params.betas_of("one_cycle")
    d, lay = _optimiser("one_cycle", params, x, {
        "D1": "lr_max", "K1": "beta2", "L1": beta2, "M1": "=1-L1"}, {
        "H": "=C4-J4*P4/SQRT(L4)", "I": "=D4-K4*P4/SQRT(M4)",
        "J": "=J3*Q4+R4*F4", "K": "=K3*Q4+R4*G4",
        "L": "=L3*$L$1+$M$1*F4^2", "M": "=M3*$L$1+$M$1*G4^2"})
    _error_column(d, lay, original=False)
    schedule(d, lay.schedule_col, lay.last, "D2", params.one_cycle_of())
    smoothed_loss(d, lay)
    return d


#: one_cycle's columns of the loss per iteration smoothed (the loss is err^2, column N):
#: the smoothed loss shown, fastai's running average, the iteration count.
SMOOTHED_LOSS_COLS = "STU"
SMOOTHED_LOSS_COL = SMOOTHED_LOSS_COLS[0]


def smoothed_loss(d: SheetDef, lay: Layout):
    """Columns S..U of one_cycle: each row's loss (err^2, column N: one
    sample, one iteration) smoothed as fastai's Recorder smooths the loss per
    batch (v1 ``SmoothenValue``: :data:`.programs.LOSS_AVERAGE` in T, the
    iteration count in U, :data:`.programs.DEBIASED_LOSS` shown in S; beta in
    the history's "smooth beta" cell).  The first row reads the average and
    count carried in (``loss_avg_in``, the summary row of T:U): Run carries
    the last row's (``loss_avg_last``) into the next epoch, Reset writes 0,
    so the smoothing runs over the whole cycle as over one fastai ``fit``."""
    shown, avg, count = SMOOTHED_LOSS_COLS
    loss, s = lay.error_col, lay.summary
    beta = parse_area(lay.names[SMOOTHING.beta], default_sheet=lay.sheet)
    beta_ref = f"${col_to_letters(beta.col1)}${beta.row1}"

    def average(row: int, above: str) -> str:
        return "=" + _render(LOSS_AVERAGE, {"beta": beta_ref, "avg_above": above,
                                            "loss": f"{loss}{row}"})

    d.cells.update({f"{shown}3": "smoothed loss", f"{avg}3": "avg loss", f"{count}3": "n",
                    f"{avg}4": average(4, f"{avg}{s}"), f"{count}4": f"={count}{s}+1",
                    f"{avg}{s}": 0.0, f"{count}{s}": 0.0})
    d.fill[avg] = (5, average(5, f"{avg}4"))
    d.fill[count] = (5, f"={count}4+1")
    d.fill[shown] = "=" + _render(DEBIASED_LOSS, {"avg": f"{avg}4", "beta": beta_ref,
                                                   "count": f"{count}4"})


def wd_adam_sheet(params: GradDescParams, x) -> SheetDef:
    """Adam with L2 regularisation (C..N: the decay enters the gradient, so the
    mean square rescales it) beside AdamW (O..X: w <- w - lr*wd'*w, then
    Adam's step on the plain gradient).  Adam as on ``adam``: no bias
    correction, no eps."""
    d, lay = _adam_like("wd_adam", params, x)
    d.fill.update({"F": "=2*(D4*A4+C4-B4)+2*$O$1*C4", "G": "=2*(D4*A4+C4-B4)*A4+2*$O$1*D4"})
    d.cells.update({"F3": "de/db+2wd*b", "G3": "de/da+2wd*a"})
    _error_column(d, lay, original=False)
    _decoupled(d, lay, params.weight_decay_of("wd_adam"), "NOPQ", ("new b'", "new a'", "pred'", "de/db'", "de/da'",
                                      "", "", "", "", "err'^2"), {
        "O": "=O3-$D$2*$Q$1*O3-T4*$D$2/SQRT(V4)", "P": "=P3-$D$2*$Q$1*P3-U4*$D$2/SQRT(W4)",
        "Q": "=O3+P3*A4", "R": "=2*(P3*A4+O3-B4)", "S": "=R4*A4",
        "T": "=T3*$J$1+$K$1*R4", "U": "=U3*$J$1+$K$1*S4",
        "V": "=V3*$L$1+$M$1*R4^2", "W": "=W3*$L$1+$M$1*S4^2", "X": "=(B4-Q4)^2"})
    return d


SHEETS = {"basic": basic_sheet, "momentum": momentum_sheet, "rmsprop": rmsprop_sheet,
          "adam": adam_sheet, "adam_ann": adam_ann_sheet, "wd_sgd": wd_sgd_sheet,
          "wd_adam": wd_adam_sheet, "one_cycle": one_cycle_sheet}


def sheet_defs(params: GradDescParams) -> list[SheetDef]:
    x = draw_x(params)
    return [data_sheet(params)] + [SHEETS[name](params, x) for name in OPTIMISERS]


def build(params: GradDescParams | None = None, *, reset: bool = True, parity: bool = True,
          parity_params=None, sheets=None, data: bool = True) -> Workbook:
    """The graddesc workbook in the engine, calculated.

    With ``reset`` (the default) every optimiser sheet's Reset macro has been
    run, so the book opens in the state a learner gets after pressing Reset:
    optimiser state carried in, history holding epoch 0.  With ``parity`` the
    torch.optim parity sheets (:mod:`.parity`) follow the lesson's sheets.
    The data sheet shows
    the seed's draw (with no seed, the draw of seed 0: the optimiser sheets
    then hold the lesson's draw, and the data sheet a fresh one, as in the
    original, where RANDBETWEEN draws again at every recalculation).

    ``sheets``: the optimiser and parity sheets to make (None: all); the
    data sheet is always made.  No sheet reads another (the optimiser
    sheets hold the draw as pasted values), so each sheet made is the one
    the whole book holds, cell for cell: ``sheetgd run`` makes only the
    sheets it runs.  ``data=False`` leaves the data sheet out too (a book
    to run, not to show: its RANDBETWEEN column would draw 100,000 numbers
    again at each calculation of a 100,000-row book, which nothing reads).
    """
    from .macros import runner_for
    from .parity import PARITY_SHEETS, parity_sheet

    params = params or GradDescParams()
    wanted = set(OPTIMISERS + (PARITY_SHEETS if parity else ()) if sheets is None else sheets)
    unknown = wanted - set(OPTIMISERS + PARITY_SHEETS)
    if unknown:
        raise ValueError(f"unknown sheet {sorted(unknown)[0]!r} (sheets: "
                         f"{', '.join(OPTIMISERS + PARITY_SHEETS)})")
    book = Workbook(seed=0 if params.seed is None else params.seed)
    x = draw_x(params)
    lessons = [name for name in OPTIMISERS if name in wanted]
    parities = [name for name in PARITY_SHEETS if name in wanted]
    defs = ([data_sheet(params)] if data else []) + [SHEETS[name](params, x) for name in lessons]
    defs += [parity_sheet(name, params, parity_params or params.parity_params(), x) for name in parities]
    held = sum(d.cell_count() for d in defs)
    if held > MAX_CELLS:  # refused now, not after building the sheets that fit
        raise FormulaError(f"{params.rows:,} rows make {held:,} cells in the sheets "
                           f"{', '.join(d.name for d in defs)}, more than the {MAX_CELLS:,} a "
                           "workbook may hold: use fewer rows or fewer sheets")
    for d in defs:
        install(book, d)
    book.calculate_all()
    with frozen_heap():
        for name in lessons if reset else ():
            runner_for(book, name, params=params).reset()
        for name in parities if reset else ():
            runner_for(book, name, params=params, parity=parity_params).reset()
    if data:
        show_seed_draw(book, params)
    return book


def show_seed_draw(book: Workbook, params: GradDescParams):
    """Recalculate with the data sheet showing the seed's draw (the one pasted
    into the optimiser sheets): RANDBETWEEN is volatile, so every calculation
    draws again."""
    book.rng.seed(0 if params.seed is None else params.seed)
    book.calculate()
