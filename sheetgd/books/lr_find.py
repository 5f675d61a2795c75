"""The learning-rate finder sheet ``lr_find`` (issue 18 part 3; docs/workbooks.md,
"Learning-rate finder"): fastai v1's ``learn.lr_find()`` and ``recorder.plot()``
as formulas.

Row i (i = 0 .. num_it-1; sheet row 4+i) takes one plain SGD step (the
``basic`` sheet's update of y = a*x + b) on sample i mod N (the optimiser
sheets' draw, cycled and pasted as values), with

    lr_i = start_lr * (end_lr/start_lr) ^ (i/(num_it-1))

(fastai's exponential schedule; defaults 1e-7, 10, 100 iterations, in cells).
The loss is the mean squared error over all N samples (the block ``data x``,
``data y``) at the row's a and b, before its step: what fastai's batch loss
estimates.  A single sample's loss would not do: on the lesson's data it
varies twelve-fold between samples, so its smoothed value passes 4x its
minimum at iteration 1 and the finder would stop at once.
It records the loss before the step, the moving average
``avg = beta*avg + (1-beta)*loss`` (beta 0.98) and its bias correction
``smoothed = avg/(1-beta^(i+1))`` (fastai v1's ``SmoothenValue``), the
smallest smoothed loss so far, and a divergence flag: 1 from the first row
whose smoothed loss exceeds ``div`` (4) times that minimum, and on every row
after it.  fastai stops there; the sheet keeps the rows, marked, and stops
training: a flagged row's a and b are carried unchanged into the next row
(so no later row overflows into #NUM!).

Two suggestions (fastai v2's ``minimum`` and ``steep``), over the unflagged
rows only: the lr at the smallest smoothed loss divided by 10, and the lr at
the start of the steepest descent of the smoothed loss against log lr (the
forward difference, in the column ``slope``; log lr steps by the constant
``LN(end_lr/start_lr)/(num_it-1)``).

It is a pure formula sheet: no Run or Reset (nothing is carried between
presses); changing any cell of rows 1-2 recomputes the whole sweep.

:data:`ROW` is the one description of a row's arithmetic (its smoothing is
fastai's, :data:`.programs.LOSS_AVERAGE` and :data:`.programs.DEBIASED_LOSS`,
which one_cycle's smoothed loss follows too): the formulas are rendered from it (:func:`sheet_def`) and the torch reference evaluates it
(:mod:`sheetgd.reference.lr_find_torch`); the flag, the minimum and the
suggestions are written out in both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..engine import Workbook
from .graddesc import GradDescParams, draw_x
from .programs import DEBIASED_LOSS, LOSS_AVERAGE, Arith, Literal, Read, _render, substitute
from .sheetdef import SheetDef, install

SHEET = "lr_find"
FIRST_ROW = 4


@dataclass(frozen=True)
class LrFindParams:
    """The finder's settings: fastai v1 ``lr_find``'s defaults (start_lr 1e-7,
    end_lr 10, num_it 100), ``Recorder``'s smoothing beta 0.98, and the
    divergence factor 4 (``stop_div``)."""

    start_lr: float = 1e-7
    end_lr: float = 10.0
    num_it: int = 100
    beta: float = 0.98
    div: float = 4.0

    def __post_init__(self):
        if not (0 < self.start_lr < self.end_lr and math.isfinite(self.end_lr)):
            raise ValueError(f"lr_find needs 0 < start_lr < end_lr, not {self.start_lr}, {self.end_lr}")
        if not 2 <= self.num_it <= 100_000:
            raise ValueError(f"num_it must be between 2 and 100000, not {self.num_it}")
        if not 0 <= self.beta < 1:
            raise ValueError(f"beta must be in [0, 1), not {self.beta}")
        if not self.div > 1:
            raise ValueError(f"div must be > 1, not {self.div}")


#: (column, header) in order; row 3 holds the headers.
COLUMNS = (("A", "iteration"), ("B", "x"), ("C", "y"), ("D", "lr"), ("E", "b"), ("F", "a"),
           ("G", "pred"), ("H", "loss"), ("I", "de/db"), ("J", "de/da"), ("K", "new b"),
           ("L", "new a"), ("M", "avg loss"), ("N", "smoothed"), ("O", "min smoothed"),
           ("P", "diverged"), ("Q", "slope"))
#: The data block (every sample, for the loss): x and y columns.
DATA_X, DATA_Y = "S", "T"
COL = {header: letter for letter, header in COLUMNS}

#: The parameter cells: name -> (label cell, value cell).
CELLS = {"init_b": ("B1", "C1"), "init_a": ("B2", "C2"), "start_lr": ("E1", "F1"),
         "end_lr": ("E2", "F2"), "num_it": ("G1", "H1"), "beta": ("G2", "H2"),
         "div": ("I1", "J1"), "log_step": ("I2", "J2"),
         "lr_min": ("L1", "M1"), "lr_steep": ("L2", "M2")}
LABELS = {"init_b": "b", "init_a": "a", "start_lr": "start_lr", "end_lr": "end_lr",
          "num_it": "num_it", "beta": "beta", "div": "div", "log_step": "log step",
          "lr_min": "lr_min/10", "lr_steep": "lr_steep"}


def _ar(op, left, right):
    return Arith(op, left, right)


_ONE = Literal(1.0)
#: A row's arithmetic, in the formulas' operation order: field -> expression of
#: this row's fields, the parameters, and ``avg_above`` (the row above's avg;
#: 0 on the first row, as fastai's average starts).
ROW = {
    "lr": _ar("*", Read("start_lr"), _ar("^", _ar("/", Read("end_lr"), Read("start_lr")),
                                         _ar("/", Read("iteration"), _ar("-", Read("num_it"), _ONE)))),
    "pred": _ar("+", Read("b"), _ar("*", Read("a"), Read("x"))),
    "de/db": _ar("*", Literal(2.0), _ar("-", Read("pred"), Read("y"))),
    "de/da": _ar("*", Read("de/db"), Read("x")),
    "new b": _ar("-", Read("b"), _ar("*", Read("de/db"), Read("lr"))),
    "new a": _ar("-", Read("a"), _ar("*", Read("de/da"), Read("lr"))),
    "avg loss": LOSS_AVERAGE,
    "smoothed": substitute(DEBIASED_LOSS, {"avg": Read("avg loss"),
                                           "count": _ar("+", Read("iteration"), _ONE)}),
}
#: The first row's average: fastai's ``0*beta + (1-beta)*loss`` is this exactly.
FIRST_AVG = _ar("*", _ar("-", _ONE, Read("beta")), Read("loss"))


def _abs(addr: str) -> str:
    letters = "".join(c for c in addr if c.isalpha())
    return f"${letters}${addr[len(letters):]}"


def _refs(row: int) -> dict:
    refs = {header: f"{letter}{row}" for letter, header in COLUMNS}
    refs.update({name: _abs(value) for name, (_, value) in CELLS.items()})
    refs["avg_above"] = f"{COL['avg loss']}{row - 1}"
    return refs


def formula(field: str, row: int) -> str:
    """The formula (with '=') of ``field`` in sheet row ``row``."""
    expr = FIRST_AVG if field == "avg loss" and row == FIRST_ROW else ROW[field]
    return "=" + _render(expr, _refs(row))


def samples(params: GradDescParams, lr_params: LrFindParams) -> list[tuple[float, float]]:
    """(x, y) of each iteration: the optimiser sheets' draw, cycled."""
    x = draw_x(params)
    return [(x[i % len(x)], params.true_b + x[i % len(x)] * params.true_a)
            for i in range(lr_params.num_it)]


def sheet_def(params: GradDescParams | None = None,
              lr_params: LrFindParams | None = None) -> SheetDef:
    params = params or GradDescParams()
    lr_params = lr_params or params.lr_find_params()
    n = lr_params.num_it
    first, last = FIRST_ROW, FIRST_ROW + n - 1
    xy = samples(params, lr_params)
    values = {"init_b": float(params.init_b), "init_a": float(params.init_a),
              "start_lr": float(lr_params.start_lr), "end_lr": float(lr_params.end_lr),
              "num_it": float(n), "beta": float(lr_params.beta), "div": float(lr_params.div)}
    cells: dict = {}
    for name, (label, value) in CELLS.items():
        cells[label] = LABELS[name]
        if name in values:
            cells[value] = values[name]
    c = {name: _abs(value) for name, (_, value) in CELLS.items()}
    col = COL
    rng = {h: f"${col[h]}${first}:${col[h]}${last}" for h in ("lr", "smoothed", "min smoothed",
                                                                 "diverged", "slope")}
    cells[CELLS["log_step"][1]] = f"=LN({c['end_lr']}/{c['start_lr']})/({c['num_it']}-1)"
    # the smallest unflagged smoothed loss: the running minimum on the last
    # unflagged row (flags, once set, stay set, and row 4 is never flagged)
    best = f"INDEX({rng['min smoothed']},COUNTIF({rng['diverged']},0))"
    cells[CELLS["lr_min"][1]] = f"=INDEX({rng['lr']},MATCH({best},{rng['smoothed']},0))/10"
    cells[CELLS["lr_steep"][1]] = \
        f"=INDEX({rng['lr']},MATCH(MIN({rng['slope']}),{rng['slope']},0))"
    for letter, header in COLUMNS:
        cells[f"{letter}3"] = header
    cells[f"A{first}"] = 0.0
    for field in ("b", "a"):
        cells[f"{col[field]}{first}"] = f"={c['init_' + field]}"
    cells[f"{col['avg loss']}{first}"] = formula("avg loss", first)
    cells[f"{col['min smoothed']}{first}"] = f"={col['smoothed']}{first}"
    cells[f"{col['diverged']}{first}"] = \
        f"=IF({col['smoothed']}{first}>{c['div']}*{col['min smoothed']}{first},1,0)"
    for r in range(first, last):  # the forward difference; the last row has none
        cells[f"{col['slope']}{r}"] = (
            f"=IF({col['diverged']}{r + 1}=0,({col['smoothed']}{r + 1}-{col['smoothed']}{r})"
            f"/{c['log_step']},\"\")")
    nxt = first + 1
    p, s, m = col["diverged"], col["smoothed"], col["min smoothed"]
    fill = {"A": (nxt, f"=A{first}+1"),
            col["b"]: (nxt, f"=IF({p}{first}=1,{col['b']}{first},{col['new b']}{first})"),
            col["a"]: (nxt, f"=IF({p}{first}=1,{col['a']}{first},{col['new a']}{first})"),
            col["avg loss"]: (nxt, formula("avg loss", nxt)),
            m: (nxt, f"=MIN({m}{first},{s}{nxt})"),
            p: (nxt, f"=IF(OR({p}{first}=1,{s}{nxt}>{c['div']}*{m}{nxt}),1,0)")}
    cells[f"{DATA_X}3"], cells[f"{DATA_Y}3"] = "data x", "data y"
    x = draw_x(params)
    for i, xi in enumerate(x):
        cells[f"{DATA_X}{first + i}"] = float(xi)
        cells[f"{DATA_Y}{first + i}"] = float(params.true_b + xi * params.true_a)
    dx = f"${DATA_X}${first}:${DATA_X}${first + len(x) - 1}"
    dy = f"${DATA_Y}${first}:${DATA_Y}${first + len(x) - 1}"
    fill[col["loss"]] = f"=SUMPRODUCT(({dy}-({col['b']}{first}+{col['a']}{first}*{dx}))^2)/COUNT({dx})"
    for field in ("lr", "pred", "de/db", "de/da", "new b", "new a", "smoothed"):
        fill[col[field]] = formula(field, first)
    names = {name: value for name, (_, value) in CELLS.items()}
    names["lr_find_rows"] = f"A{first}:{col['slope']}{last}"
    return SheetDef(SHEET, first_row=first, last_row=last, cells=cells, fill=fill,
                    data={"B": [x for x, _ in xy], "C": [y for _, y in xy]}, names=names)


def build(params: GradDescParams | None = None, lr_params: LrFindParams | None = None) -> Workbook:
    """A book holding only the lr_find sheet, calculated."""
    book = Workbook()
    install(book, sheet_def(params, lr_params))
    book.calculate_all()
    return book


@dataclass
class Finding:
    """What the sheet shows: one dict per row (iteration, lr, loss, smoothed,
    diverged, and the rest of :data:`COLUMNS` by header) and the two suggestions."""

    rows: list[dict]
    lr_min: object
    lr_steep: object

    @property
    def diverged_at(self) -> int | None:
        """The first flagged iteration, or None.  A flag that is an error
        value (#NUM!: the loss passed Excel's largest number, so the
        comparison with div × the minimum is an error too) counts as
        flagged, as ``records`` says."""
        return next((r["iteration"] for r in self.rows if flagged(r["diverged"])), None)


def flagged(value) -> bool:
    """A row's diverged cell says so: 1, or an error value (no number)."""
    return not isinstance(value, (int, float)) or value == 1


def read(book: Workbook, rows: int | None = None) -> Finding:
    """The lr_find sheet's values (``rows``: how many iterations; default: as
    many as the sheet's num_it cell says)."""
    def at(addr):
        return book.value(f"{SHEET}!{addr}")

    n = int(rows if rows is not None else at(CELLS["num_it"][1]))
    out = []
    for r in range(FIRST_ROW, FIRST_ROW + n):
        row = {header: at(f"{letter}{r}") for letter, header in COLUMNS}
        row["iteration"] = int(row["iteration"])
        out.append(row)
    return Finding(out, at(CELLS["lr_min"][1]), at(CELLS["lr_steep"][1]))


#: The columns ``sheetgd run graddesc --sheet lr_find`` reports, per row.
REPORTED = ("iteration", "lr", "loss", "smoothed", "diverged")


def _number(v):
    return v if isinstance(v, (int, float)) else str(v)


def records(finding: Finding) -> dict:
    """The JSON form: ``rows`` (the :data:`REPORTED` columns) and the suggestions."""
    rows = [{k: _number(r[k]) for k in REPORTED} for r in finding.rows]
    for r in rows:
        r["diverged"] = flagged(r["diverged"])
    return {"sheet": SHEET, "rows": rows, "lr_min": _number(finding.lr_min),
            "lr_steep": _number(finding.lr_steep), "diverged_at": finding.diverged_at}


def csv_text(finding: Finding) -> str:
    lines = [",".join(REPORTED)]
    for r in records(finding)["rows"]:
        lines.append(",".join(repr(r[k]) if isinstance(r[k], float) else str(r[k]).lower()
                              if isinstance(r[k], bool) else str(r[k]) for k in REPORTED))
    return "\n".join(lines) + "\n"


def _shown(value, spec: str) -> str:
    """A cell as the table writes it: a number in ``spec``, else what the
    cell shows (an error value such as #N/A: lr_steep when every row after
    the first is flagged and no slope is left to take its MIN)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format(value, spec)
    return format(str(value), ">" + spec.split(".")[0].lstrip(">"))


def table(finding: Finding) -> str:
    """One line a row (a flagged row says ``diverged``), then the suggestions."""
    lines = [f"{'iteration':>9} {'lr':>12} {'loss':>14} {'smoothed':>14}  flag"]
    for r in finding.rows:
        flag = "diverged" if flagged(r["diverged"]) else ""
        lines.append(f"{r['iteration']:>9} {_shown(r['lr'], '>12.4g')} "
                     f"{_shown(r['loss'], '>14.6g')} "
                     f"{_shown(r['smoothed'], '>14.6g')}  {flag}".rstrip())
    at = finding.diverged_at
    lines.append("diverged at iteration " + str(at) if at is not None else "did not diverge")
    lines.append(f"suggested lr: {_shown(finding.lr_min, '.4g')} (minimum smoothed loss / 10), "
                 f"{_shown(finding.lr_steep, '.4g')} (steepest descent)")
    return "\n".join(lines) + "\n"


NOTE = ("How to read this sheet: each row takes one SGD step (the basic sheet's update) on "
        "the next sample with a learning rate that grows exponentially from start_lr to "
        "end_lr over num_it rows; loss is the mean squared error over all the data before "
        "the step, smoothed as fastai does (beta).  Once the smoothed loss passes div times "
        "its minimum so far the row and all after it are flagged diverged and training "
        "stops there (a and b stay as they were).  lr_min/10 and lr_steep are fastai's "
        "suggestions.  No Run or Reset: change any cell of rows 1-2 and the sheet recomputes.")


def style(book: Workbook | None = None):
    """Widths, formats, the note and the chart (smoothed loss against lr, log
    x axis).  With the built ``book``, each computed column's format fits its
    values (SCIENTIFIC where a loss grows past NUMBER's width) and each
    column is as wide as its header; the chart spans the book's num_it rows
    (without a book, the default num_it's)."""
    from .styles import Chart, Series, SheetStyle
    from .textfit import BETA, COUNT, NUMBER, RATE, text_width, value_format

    n = int(book.value(f"{SHEET}!{CELLS['num_it'][1]}")) if book is not None else \
        LrFindParams().num_it
    last = FIRST_ROW + n - 1

    def values(letter):
        if book is None:
            return []
        col = ord(letter) - 64
        return [book.stored(SHEET, r, col) for r in range(FIRST_ROW, last + 1)]

    formats = {COL["iteration"]: COUNT, COL["x"]: COUNT, COL["y"]: COUNT, COL["lr"]: RATE,
               COL["diverged"]: COUNT, DATA_X: COUNT, DATA_Y: COUNT}
    for header in ("b", "a", "pred", "loss", "de/db", "de/da", "new b", "new a", "avg loss",
                   "smoothed", "min smoothed", "slope"):
        formats[COL[header]] = value_format(values(COL[header]))
    cells = {CELLS[name][1]: fmt for name, fmt in (
        ("init_b", NUMBER), ("init_a", NUMBER), ("start_lr", RATE), ("end_lr", RATE),
        ("num_it", COUNT), ("beta", BETA), ("div", COUNT), ("log_step", NUMBER),
        ("lr_min", RATE), ("lr_steep", RATE))}
    widths = {"A:T": 12}
    for letter, header in COLUMNS:  # a bold header as wide as its column
        widths[letter] = max(12, round(text_width(header, bold=True) + 1.5, 1))
    st = SheetStyle(widths=widths, freeze=(3, 0), bold_rows=(3,), number_formats=formats,
                    cell_formats=cells)
    st.add_note("V1:AE6", NOTE, size=10)
    lr_col = ord(COL["lr"]) - 64
    st.charts.append(Chart(
        "lr_find: smoothed loss against lr", "V8",
        Series("lr", SHEET, lr_col, FIRST_ROW, last),
        [Series("smoothed loss", SHEET, ord(COL["smoothed"]) - 64, FIRST_ROW, last)],
        y_title="smoothed loss (log)", x_title="learning rate (log)", log_x=True,
        log_y=True))  # the dip (5,800 -> 3,400) and the blow-up (to 10^5) both in view
    return st
