"""torch.optim parity sheets: what torch.optim does, as spreadsheet formulas.

Each sheet trains ``nn.Linear(1, 1)`` (bias b, weight a) one sample per row
with loss ``(pred - y)^2``, exactly as the matching torch.optim optimiser
would: ``sgd_torch`` (SGD), ``momentum_torch`` (SGD with momentum, dampening
= momentum so the buffer is the sheet's EWMA; torch's very first step sets
the buffer to the raw gradient), ``rmsprop_torch`` (RMSprop: this row's mean
square, eps outside the root) and ``adam_torch`` (Adam with bias correction,
eps, and torch's ``lerp`` form of the first moment), and with weight decay:
``sgd_wd_torch`` (SGD(weight_decay): the gradient gains ``weight_decay*w``,
which is L2 regularisation with wd = weight_decay/2 in the loss),
``adam_l2_torch`` (Adam(weight_decay): the same term enters the gradient
before both averages) and ``adamw_torch`` (AdamW: ``w*(1-lr*weight_decay)``
before Adam's step on the plain gradient), and ``one_cycle_torch``
(torch.optim.Adam driven by OneCycleLR(cycle_momentum=True), stepped once
per sample: each row's lr and beta1 from the schedule's columns,
:mod:`.onecycle`).

Unlike the lesson's sheets, training carries on from the last row's update
(torch's parameters after the epoch), and the optimiser state persists
across epochs, as in a torch training loop.  The formulas follow torch's
operation order (``p + (-lr)*g`` is written ``p - lr*g``, which is the same
double; ``addcmul`` is ``v*beta + (1-beta)*g*g`` left to right).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..engine.refs import col_to_letters, letters_to_col
from .graddesc import GradDescParams, HISTORY_HEADERS, draw_x
from .sheetdef import SheetDef

PARITY_SHEETS = ("sgd_torch", "momentum_torch", "rmsprop_torch", "adam_torch",
                 "sgd_wd_torch", "adam_l2_torch", "adamw_torch", "one_cycle_torch")
#: The parity sheets with Adam's state (first and second moments, step count).
ADAM_SHEETS = ("adam_torch", "adam_l2_torch", "adamw_torch", "one_cycle_torch")
#: Where the one-cycle parity sheet's schedule columns start (onecycle.schedule).
SCHEDULE_COLS = {"one_cycle_torch": "P"}
#: Where each weight decay parity sheet shows weight_decay (its label to the left).
WEIGHT_DECAY_CELLS = {"sgd_wd_torch": "J1", "adam_l2_torch": "Q1", "adamw_torch": "Q1"}

NOTES = {
    "sgd_torch": "torch.optim.SGD(lr) on nn.Linear(1,1), loss (pred-y)^2, one sample per row. "
                 "Same maths as 'basic'; the next epoch starts from the last row's update.",
    "momentum_torch": "torch.optim.SGD(lr, momentum=beta, dampening=beta): buffer = beta*buffer "
                      "+ (1-beta)*grad, as 'momentum', except torch's first step, where the buffer "
                      "is the raw gradient (fresh = 1). State persists across epochs.",
    "rmsprop_torch": "torch.optim.RMSprop(lr, alpha, eps): unlike 'rmsprop' it divides by this "
                     "row's mean square (not the previous row's), adds eps outside the root and "
                     "starts from a mean square of 0.",
    "adam_torch": "torch.optim.Adam(lr, betas, eps): unlike 'adam' it corrects both averages for "
                  "their bias (1-beta^t, t = steps so far), adds eps, and updates the first "
                  "moment with torch's lerp.",
    "sgd_wd_torch": "torch.optim.SGD(lr, weight_decay): the gradient gains weight_decay*w "
                    "(F, G), so this is L2 regularisation with wd = weight_decay/2 (the loss "
                    "gains weight_decay/2*(a^2+b^2)); as wd_sgd's left side with wd = "
                    "weight_decay/2.",
    "adam_l2_torch": "torch.optim.Adam(lr, betas, eps, weight_decay): weight_decay*w enters the "
                     "gradient (F, G) before both averages, so the mean square rescales the "
                     "decay as it does the loss's gradient (L2 regularisation).",
    "adamw_torch": "torch.optim.AdamW(lr, betas, eps, weight_decay): each row first shrinks "
                   "w to w*(1-lr*weight_decay), then takes Adam's step on the plain gradient "
                   "(decoupled weight decay).",
    "one_cycle_torch": "torch.optim.Adam(lr_max, betas, eps) driven by OneCycleLR(max_lr=lr_max, "
                       "epochs, steps_per_epoch=rows, cycle_momentum=True), stepped once per row: "
                       "each row's lr (Q) and beta1 (R) come from the schedule, and Adam's bias "
                       "correction uses that row's beta1, as torch does.",
}

DEFAULTS = {"sgd_torch": {"lr": 0.0001},
            "momentum_torch": {"lr": 0.0001, "momentum": 0.9},
            "rmsprop_torch": {"lr": 0.02, "alpha": 0.9, "eps": 1e-8},
            "adam_torch": {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8},
            "sgd_wd_torch": {"lr": 0.0001, "weight_decay": 0.02},
            "adam_l2_torch": {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                              "weight_decay": 0.02},
            "adamw_torch": {"lr": 0.1, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                            "weight_decay": 0.02},
            "one_cycle_torch": {"lr": 0.1, "beta2": 0.999, "eps": 1e-8, "epochs": 5,
                                "pct_start": 0.3, "div": 25.0, "final_div": 1e4,
                                "mom_max": 0.95, "mom_base": 0.85}}


@dataclass(frozen=True)
class ParityParams:
    """Hyper-parameters of the parity sheets (merged with :data:`DEFAULTS`)."""

    settings: dict = field(default_factory=dict)  # sheet -> {"lr": ..., ...}

    def __post_init__(self):
        for sheet, given in self.settings.items():
            if sheet not in DEFAULTS:
                raise ValueError(f"unknown parity sheet {sheet!r} (sheets: {', '.join(DEFAULTS)})")
            for key, value in given.items():
                if key not in DEFAULTS[sheet]:
                    raise ValueError(f"{sheet} has no setting {key!r} (settings: "
                                     f"{', '.join(DEFAULTS[sheet])})")
                if not math.isfinite(value) or value < 0:
                    raise ValueError(f"{key} of {sheet} must be a finite number >= 0, not {value}")

    def of(self, sheet: str) -> dict:
        return {**DEFAULTS[sheet], **self.settings.get(sheet, {})}


@dataclass(frozen=True)
class ParityLayout:
    sheet: str
    rows: int

    @property
    def last(self) -> int:
        return self.rows + 3

    @property
    def summary(self) -> int:
        return self.rows + 4

    new_b_col = "H"
    new_a_col = "I"

    @property
    def state_cols(self) -> str:
        return {"sgd_torch": "", "momentum_torch": "JK", "rmsprop_torch": "JK",
                "sgd_wd_torch": ""}.get(self.sheet, "JKLMN")

    @property
    def error_col(self) -> str:
        return col_to_letters(10 + len(self.state_cols))  # first column after the state

    @property
    def history_col(self) -> str:
        """One blank column after the error column (or after weight_decay's
    cell, or the one-cycle schedule's cells)."""
        if self.sheet in SCHEDULE_COLS:  # after the schedule's four columns
            return col_to_letters(letters_to_col(SCHEDULE_COLS[self.sheet]) + 13)
        wd = WEIGHT_DECAY_CELLS.get(self.sheet, "A1")
        return col_to_letters(max(10 + len(self.state_cols), letters_to_col(wd[:-1])) + 2)

    def history_cell(self, row_offset: int, field_index: int) -> str:
        return f"{col_to_letters(letters_to_col(self.history_col) + field_index)}{3 + row_offset}"

    @property
    def names(self) -> dict[str, str]:
        """The sheet-scoped names the macros address (:mod:`.programs`)."""
        last, s = self.last, self.summary
        names = {"const": "C1", "slope": "C2", "lr": "D2", "newconst": f"H{last}",
                 "newslope": f"I{last}", "rmse": f"{self.error_col}{s}",
                 "history": self.history_cell(0, 0)}
        if self.state_cols:
            first, end = self.state_cols[0], self.state_cols[-1]
            names.update(state_last=f"{first}{last}:{end}{last}", state_in=f"{first}{s}:{end}{s}")
        if self.sheet == "momentum_torch":
            names["fresh"] = "M1"  # torch's first step sets the buffer to the raw gradient
        if self.sheet in SCHEDULE_COLS:
            from .onecycle import names as schedule_names

            names.update(schedule_names(SCHEDULE_COLS[self.sheet]))
        if self.sheet in WEIGHT_DECAY_CELLS:
            names["weight_decay"] = WEIGHT_DECAY_CELLS[self.sheet]
        return names


_HEADERS = ("x", "y", "b", "a", "pred", "de/db", "de/da", "new b", "new a")
#: Row 2 headers of the state columns (row 3 holds the state carried in).
STATE_HEADERS = {"momentum_torch": ("buffer de/db", "buffer de/da"),
                 "rmsprop_torch": ("avg (de/db)^2", "avg (de/da)^2"),
                 **{s: ("avg de/db", "avg de/da", "avg (de/db)^2", "avg (de/da)^2")
                    for s in ADAM_SHEETS}}


def parity_sheet(sheet: str, params: GradDescParams, parity: ParityParams, x) -> SheetDef:
    lay = ParityLayout(sheet, params.rows)
    s, last = lay.summary, lay.last
    hp = parity.of(sheet)
    y = [params.true_b + xi * params.true_a for xi in x]
    d = SheetDef(sheet, first_row=4, last_row=last, data={"A": list(x), "B": y}, cells={
        "B1": "b", "C1": params.init_b, "B2": "a", "C2": params.init_a,
        "D1": "learn", "D2": hp["lr"], "C4": "=C1", "D4": "=C2"})
    for i, header in enumerate(_HEADERS):
        d.cells[f"{col_to_letters(i + 1)}3"] = header
    d.fill.update({"C": (5, "=H4"), "D": (5, "=I4"), "E": "=C4+D4*A4",
                   "F": "=2*(E4-B4)", "G": "=F4*A4"})
    _optimiser_cells(sheet, d, hp, lay)
    if sheet in SCHEDULE_COLS:
        _schedule_cells(sheet, d, hp, lay)
    if sheet in WEIGHT_DECAY_CELLS:
        _weight_decay_cells(sheet, d, hp, lay)
    for col in lay.state_cols:
        d.cells[f"{col}3"] = f"={col}{s}"
        d.cells[f"{col}{s}"] = 0.0
    for col, header in zip(lay.state_cols, STATE_HEADERS.get(sheet, ())):
        d.cells[f"{col}2"] = header
    err = lay.error_col
    d.cells[f"{err}3"] = "err^2"
    d.fill[err] = "=(E4-B4)^2"
    d.cells[f"{err}{s}"] = f"=SQRT(SUM({err}4:{err}{last}))"
    d.names.update(lay.names)
    d.cells[lay.history_cell(-2, 0)] = NOTES[sheet]
    d.cells[lay.history_cell(-1, 0)] = "history (one row per epoch; written by Run)"
    for i, header in enumerate(HISTORY_HEADERS):
        d.cells[lay.history_cell(0, i)] = header
    return d


def _optimiser_cells(sheet: str, d: SheetDef, hp: dict, lay: ParityLayout):
    if sheet == "sgd_torch":
        d.fill.update({"H": "=C4-$D$2*F4", "I": "=D4-$D$2*G4"})
    elif sheet == "momentum_torch":
        d.cells.update({"I1": "momentum", "J1": hp["momentum"], "K1": "=1-J1",
                        "L1": "fresh", "M1": 1.0,
                        "J4": "=IF($M$1=1,F4,J3*$J$1+$K$1*F4)",
                        "K4": "=IF($M$1=1,G4,K3*$J$1+$K$1*G4)"})
        d.fill.update({"J": (5, "=J4*$J$1+$K$1*F5"), "K": (5, "=K4*$J$1+$K$1*G5"),
                       "H": "=C4-$D$2*J4", "I": "=D4-$D$2*K4"})
    elif sheet == "rmsprop_torch":
        d.cells.update({"I1": "alpha", "J1": hp["alpha"], "K1": "=1-J1", "L1": "eps",
                        "M1": hp["eps"]})
        d.fill.update({"J": "=J3*$J$1+$K$1*F4*F4", "K": "=K3*$J$1+$K$1*G4*G4",
                       "H": "=C4-$D$2*(F4/(SQRT(J4)+$M$1))",
                       "I": "=D4-$D$2*(G4/(SQRT(K4)+$M$1))"})
    elif sheet == "sgd_wd_torch":
        d.fill.update({"H": "=C4-$D$2*F4", "I": "=D4-$D$2*G4"})
    else:  # adam_torch, adam_l2_torch, adamw_torch
        d.cells.update({"I1": "betas", "J1": hp.get("beta1", hp.get("mom_max")), "K1": "=1-J1", "L1": hp["beta2"],
                        "M1": "=1-L1", "N1": "eps", "O1": hp["eps"], "N2": "t"})
        d.fill.update({
            "J": "=IF($K$1<0.5,J3+$K$1*(F4-J3),F4-(F4-J3)*(1-$K$1))",
            "K": "=IF($K$1<0.5,K3+$K$1*(G4-K3),G4-(G4-K3)*(1-$K$1))",
            "L": "=L3*$L$1+$M$1*F4*F4", "M": "=M3*$L$1+$M$1*G4*G4", "N": "=N3+1",
            "H": "=C4-$D$2/(1-$J$1^N4)*(J4/(SQRT(L4)/(1-$L$1^N4)^0.5+$O$1))",
            "I": "=D4-$D$2/(1-$J$1^N4)*(K4/(SQRT(M4)/(1-$L$1^N4)^0.5+$O$1))"})


def _weight_decay_cells(sheet: str, d: SheetDef, hp: dict, lay: ParityLayout):
    """weight_decay's cell, and where it enters: the gradient (SGD, Adam) or the
    update (AdamW), in torch's order (``grad.add(param, alpha=wd)``;
    ``param.mul_(1 - lr*wd)`` before Adam's step)."""
    cell = WEIGHT_DECAY_CELLS[sheet]
    col, row = cell[:-1], cell[-1]
    d.cells.update({f"{col_to_letters(letters_to_col(col) - 1)}{row}": "weight_decay",
                    cell: hp["weight_decay"]})
    wd = f"${col}${row}"
    if sheet == "adamw_torch":
        d.fill.update({"H": f"=C4*(1-$D$2*{wd})" + d.fill["H"][len("=C4"):],
                       "I": f"=D4*(1-$D$2*{wd})" + d.fill["I"][len("=D4"):]})
        return
    d.fill.update({"F": f"=2*(E4-B4)+{wd}*C4", "G": f"=2*(E4-B4)*A4+{wd}*D4"})
    d.cells.update({"F3": "de/db+wd*b", "G3": "de/da+wd*a"})


def _schedule_cells(sheet: str, d: SheetDef, hp: dict, lay: ParityLayout):
    """The one-cycle schedule's columns (:mod:`.onecycle`) and Adam reading
    each row's lr (Q) and beta1 (R, 1-beta1 in S) instead of D2 and J1."""
    from .onecycle import schedule

    schedule(d, SCHEDULE_COLS[sheet], lay.last, "D2", hp)
    d.cells.update({"D1": "lr_max", "I1": "beta2", "J1": "per row (R)"})
    del d.cells["K1"]
    d.fill.update({
        "J": "=IF(S4<0.5,J3+S4*(F4-J3),F4-(F4-J3)*(1-S4))",
        "K": "=IF(S4<0.5,K3+S4*(G4-K3),G4-(G4-K3)*(1-S4))",
        "H": "=C4-Q4/(1-R4^N4)*(J4/(SQRT(L4)/(1-$L$1^N4)^0.5+$O$1))",
        "I": "=D4-Q4/(1-R4^N4)*(K4/(SQRT(M4)/(1-$L$1^N4)^0.5+$O$1))"})


def parity_defs(params: GradDescParams, parity: ParityParams | None = None, x=None) -> list[SheetDef]:
    parity = parity or params.parity_params()
    x = x if x is not None else draw_x(params)
    return [parity_sheet(s, params, parity, x) for s in PARITY_SHEETS]
