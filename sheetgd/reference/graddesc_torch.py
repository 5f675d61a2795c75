"""The graddesc sheets' maths as torch tensor operations (float64, batched).

Every function takes a leading dimension of C independent configurations
(learning rates, betas, initial values, data draws), so one call runs a
sweep.  The per-sample updates are written in the operation order of the
sheet's formulas (``C4-F4*$D$2/SQRT(J3)`` is ``c - (f*lr)/sqrt(j)``, sums
are accumulated row by row), so the results equal the engine's bit for bit,
on the CPU and on CUDA (each eager operation is one IEEE operation; measured
on an H200).  :func:`compiled_epoch` trades that for speed.

The Run/Reset macros are not written here: :class:`TorchRunner` interprets
each sheet's program (:mod:`sheetgd.books.programs`, the one description the
engine, the VBA and the macro-free book also follow) on a :class:`TorchSheet`,
which models Excel's calculation modes (:mod:`sheetgd.books.calcmodel`).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import torch

from ..books.calcmodel import ModelSheet
from ..books.graddesc import ONE_CYCLE_SHEETS, WEIGHT_DECAY_SHEETS
from ..books.onecycle import DEFAULTS as CYCLE_DEFAULTS
from ..books.programs import (
    DEBIASED_LOSS, LOSS_AVERAGE, SMOOTHING, _evaluate, execute, presses, program_for,
)
from ..engine.evaluate import SETTLE_FACTOR

DTYPE = torch.float64
#: The kinds whose pass is :func:`epoch` (which :func:`compiled_epoch` can fuse).
EPOCH_KINDS = ("basic", "momentum", "rmsprop", "adam", "adam_ann")
KINDS = (*EPOCH_KINDS, *WEIGHT_DECAY_SHEETS, *ONE_CYCLE_SHEETS)


def resolve_device(name: str = "auto") -> torch.device:
    """``auto``: CUDA when available, else the CPU."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    device = torch.device(name)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda asked for, but torch sees no CUDA device")
    return device


def sqrt(t: torch.Tensor) -> torch.Tensor:
    """IEEE square root (correctly rounded), as the engine and Excel use.

    torch's float64 ``sqrt`` on the CPU (this build's vectorised kernel) is
    one ulp off for about 1.4% of inputs, so there the root is taken by
    numpy (``sqrtsd``); CUDA's double sqrt is correctly rounded.
    """
    if t.device.type == "cpu":
        return torch.from_numpy(np.sqrt(t.numpy()))
    return torch.sqrt(t)


def overflow(t: torch.Tensor) -> torch.Tensor:
    """A mean square as the sheet holds it: a result that overflows is
    ``#NUM!`` in Excel and stays an error in every cell that reads it (NaN
    here).  An infinity would not: ``x / SQRT(inf)`` is 0, and the run would
    come back to finite numbers where the engine shows #NUM! for good.  The
    mean squares are the only divisors of the updates, so this is the one
    place where the difference can show."""
    return t.nan_to_num(nan=math.nan, posinf=math.nan, neginf=math.nan)


def per_distinct(fn, *args) -> torch.Tensor:
    """``fn`` (a Python function of floats) applied elementwise to (C,)
    tensors, or floats broadcast to them, calling it once per distinct
    tuple of arguments: a sweep's configurations mostly share their betas
    and epochs, so 10^8 of them cost a few Python calls, not 10^8."""
    like = next(a for a in args if isinstance(a, torch.Tensor))
    cols = [a if isinstance(a, torch.Tensor) else torch.full_like(like, float(a)) for a in args]
    if all(bool((c == c[0]).all()) for c in cols if len(c)):  # one value each: NaN fails ==
        return torch.full_like(like, fn(*(float(c[0]) for c in cols))) if len(like) else like
    keys, inverse = torch.unique(torch.stack(cols, 1), dim=0, return_inverse=True)
    values = [fn(*row) for row in keys.tolist()]
    return torch.tensor(values, dtype=like.dtype, device=like.device)[inverse]


def settle(r: torch.Tensor, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """``r = a + b`` or ``a - b`` as the *last* operation of a cell's
    formula: 0 where it cancels below 2^-50 of the larger operand, Excel's
    rule, which the engine applies at the same places
    (:func:`sheetgd.engine.evaluate.settled`)."""
    larger = torch.maximum(a.abs(), b.abs())
    return r.masked_fill(r.abs().mul_(SETTLE_FACTOR) < larger, 0.0)


def add(a, b):
    """A formula whose last operation is ``a + b`` (Excel's rule: :func:`settle`)."""
    return settle(a + b, a, b)


def sub(a, b):
    """A formula whose last operation is ``a - b`` (Excel's rule: :func:`settle`)."""
    return settle(a - b, a, b)


def epoch(kind: str, x, y, b, a, lr, beta1, beta2, mom, ms) -> dict:
    """One pass over the rows for C configurations at once.

    ``x``, ``y``: (C, N); ``b``, ``a``, ``lr``, ``beta1``, ``beta2``: (C,);
    ``mom``, ``ms``: pairs of (C,) tensors (the state in the summary row).
    Returns what the sheet shows: the a, b entering the last row, the last
    row's update, the state after the last row and the error
    ``sqrt(sum((y - pred)^2))``.
    """
    c, d = b, a
    mom_b, mom_a = mom
    ms_b, ms_a = ms
    one = torch.ones_like(b)
    one_b1, one_b2 = sub(one, beta1), sub(one, beta2)  # K1 = 1-J1, M1 = 1-L1
    err = torch.zeros_like(b)
    last_c = last_d = c
    for i in range(x.shape[1]):
        xi, yi = x[:, i], y[:, i]
        e = add(c, d * xi)  # C4+D4*A4
        err = err + (yi - e) * (yi - e)
        last_c, last_d = c, d
        if kind == "basic":
            k = 2 * (e - yi)
            new_a = sub(d, (k * xi) * lr)  # D4-L4*$F$1
            new_b = sub(c, k * lr)
        else:
            f = 2 * (d * xi + c - yi)
            g = f * xi
            if kind == "momentum":
                mom_b = add(mom_b * beta1, one_b1 * f)  # J3*$J$1+$K$1*F4
                mom_a = add(mom_a * beta1, one_b1 * g)
                new_b, new_a = sub(c, mom_b * lr), sub(d, mom_a * lr)
            elif kind == "rmsprop":
                new_b = sub(c, f * lr / sqrt(ms_b))  # the previous row's mean square
                new_a = sub(d, g * lr / sqrt(ms_a))
                ms_b = overflow(add(ms_b * beta2, one_b2 * (f * f)))
                ms_a = overflow(add(ms_a * beta2, one_b2 * (g * g)))
            else:  # adam, adam_ann: this row's averages
                mom_b = add(mom_b * beta1, one_b1 * f)
                mom_a = add(mom_a * beta1, one_b1 * g)
                ms_b = overflow(add(ms_b * beta2, one_b2 * (f * f)))
                ms_a = overflow(add(ms_a * beta2, one_b2 * (g * g)))
                new_b = sub(c, mom_b * lr / sqrt(ms_b))
                new_a = sub(d, mom_a * lr / sqrt(ms_a))
        c, d = new_b, new_a
    return {"lastconst": last_c, "lastslope": last_d, "newconst": c, "newslope": d,
            "error": sqrt(err), "mom": (mom_b, mom_a), "ms": (ms_b, ms_a)}


@functools.cache
def compiled_epoch():
    """:func:`epoch` through ``torch.compile``: on CUDA one pass becomes a few
    fused kernels instead of some 3,000 launches, each reading and writing
    every configuration (sheetgd bench --sweep measures both).  The first
    call for a kind and size compiles (tens of seconds).  Same operations in
    the same order, but Triton's code for them is not always the eager
    kernels' to the last bit (measured on an H200: a third of the sampled
    values differ, by at most 1.6e-11 relative after 5 epochs of Adam, with
    fused multiply-adds turned off too), so it is a benchmark, not a check.
    One compiled function per process (compiled graphs are kept with it).

    Inputs that are the same tensor twice (a state pair written as one
    value) are copied apart first, so that one compiled graph serves them."""
    fused = torch.compile(epoch, dynamic=False, fullgraph=True)

    def call(kind, *args):
        seen = set()

        def own(t):
            if isinstance(t, tuple):
                return tuple(own(v) for v in t)
            if id(t) in seen:
                return t.clone()
            seen.add(id(t))
            return t

        return fused(kind, *(own(a) for a in args))

    return call


def decay_epoch(kind: str, x, y, inputs: dict, lr, beta1, beta2, wd, wd_dec) -> dict:
    """One pass of a weight decay sheet (``wd_sgd``, ``wd_adam``) for C
    configurations: L2 regularisation (the gradient gains ``2*wd*w``) and,
    beside it on the same rows, decoupled weight decay (``w - lr*wd_dec*w``
    before the plain gradient's step).  ``inputs``: the written cells
    (``const``, ``slope``, ``dec_const``, ``dec_slope`` and, for wd_adam,
    the state pairs ``momtarget``, ``gradtarget``, ``dec_momtarget``,
    ``dec_gradtarget``).  Operations in the order of the sheet's formulas."""
    adam = kind == "wd_adam"
    c, d = inputs["const"], inputs["slope"]
    ob, oa = inputs["dec_const"], inputs["dec_slope"]
    mom, ms = inputs.get("momtarget"), inputs.get("gradtarget")
    dmom, dms = inputs.get("dec_momtarget"), inputs.get("dec_gradtarget")
    one = torch.ones_like(c)
    one_b1, one_b2 = sub(one, beta1), sub(one, beta2)
    two_wd, lr_wd = 2 * wd, lr * wd_dec  # 2*$J$1*C4 is (2*J1)*C4; $D$2*$L$1*K3 is (D2*L1)*K3
    err, dec_err = torch.zeros_like(c), torch.zeros_like(c)
    for i in range(x.shape[1]):
        xi, yi = x[:, i], y[:, i]
        e = add(c, d * xi)  # C4+D4*A4
        err = err + (yi - e) * (yi - e)
        f = add(2 * (d * xi + c - yi), two_wd * c)  # 2*(D4*A4+C4-B4)+2*wd*C4
        g = add(2 * (d * xi + c - yi) * xi, two_wd * d)
        q = add(ob, oa * xi)  # pred' = K3+L3*A4, from the previous row's b', a'
        dec_err = dec_err + (yi - q) * (yi - q)
        r = 2 * (oa * xi + ob - yi)
        t = r * xi
        if adam:
            mom = (add(mom[0] * beta1, one_b1 * f), add(mom[1] * beta1, one_b1 * g))
            ms = (overflow(add(ms[0] * beta2, one_b2 * (f * f))),
                  overflow(add(ms[1] * beta2, one_b2 * (g * g))))
            c, d = sub(c, mom[0] * lr / sqrt(ms[0])), sub(d, mom[1] * lr / sqrt(ms[1]))
            dmom = (add(dmom[0] * beta1, one_b1 * r), add(dmom[1] * beta1, one_b1 * t))
            dms = (overflow(add(dms[0] * beta2, one_b2 * (r * r))),
                   overflow(add(dms[1] * beta2, one_b2 * (t * t))))
            ob, oa = (sub(ob - lr_wd * ob, dmom[0] * lr / sqrt(dms[0])),
                      sub(oa - lr_wd * oa, dmom[1] * lr / sqrt(dms[1])))
        else:
            c, d = sub(c, f * lr), sub(d, g * lr)  # C4-F4*$D$2
            ob, oa = sub(ob - lr_wd * ob, r * lr), sub(oa - lr_wd * oa, t * lr)
    return {"newconst": c, "newslope": d, "error": sqrt(err), "mom": mom, "ms": ms,
            "dec_newconst": ob, "dec_newslope": oa, "dec_error": sqrt(dec_err),
            "dec_mom": dmom, "dec_ms": dms}


def one_cycle_schedule(lr_max, epoch, rows: int, cycle: dict) -> list[tuple]:
    """(lr, beta1, 1-beta1) of each row of one pass of the one-cycle schedule
    (torch.optim.lr_scheduler.OneCycleLR's cosine phases; C configurations:
    ``lr_max``, ``epoch`` (the Run's epoch, from 1) and ``cycle``'s values
    (epochs, pct_start, div, final_div, mom_max, mom_base) are (C,) tensors).
    The step is counted across epochs from 0 and held at steps-1 once the
    cycle is over.  The cosine is Python's ``math.cos`` of each
    configuration, as OneCycleLR itself computes it (torch's vectorised
    ``cos`` may round differently)."""
    steps = cycle["epochs"] * float(rows)
    warm = sub(cycle["pct_start"] * steps, torch.ones_like(steps))  # =R1*P35-1
    start = lr_max / cycle["div"]
    end = start / cycle["final_div"]
    top, base = cycle["mom_max"], cycle["mom_base"]
    span = (steps - 1) - warm

    def cos(t):
        return per_distinct(lambda v: math.cos(math.pi * v), t)

    def anneal(a, b, pct):  # end + (start-end)/2*(cos(pi*pct)+1), torch's order
        return b + (a - b) / 2 * (cos(pct) + 1)

    step = torch.minimum((epoch - 1) * float(rows), steps - 1)
    out = []
    one = torch.ones_like(lr_max)
    for _ in range(rows):
        rising = step <= warm
        rise, fall = step / warm, (step - warm) / span
        lr = torch.where(rising, anneal(start, lr_max, rise), anneal(lr_max, end, fall))
        beta1 = torch.where(rising, anneal(top, base, rise), anneal(base, top, fall))
        out.append((lr, beta1, sub(one, beta1)))
        step = torch.minimum(step + 1, steps - 1)
    return out


def cycle_epoch(x, y, inputs: dict, beta2, cycle: dict, smooth_beta) -> dict:
    """One pass of ``one_cycle`` for C configurations: Adam as on ``adam``
    with each row's lr and beta1 from :func:`one_cycle_schedule`, and each
    row's loss smoothed (:data:`.programs.LOSS_AVERAGE`, evaluated on tensors)
    from the running average and count carried in (``loss_avg_in``)."""
    c, d = inputs["const"], inputs["slope"]
    mom_b, mom_a = inputs["momtarget"]
    ms_b, ms_a = inputs["gradtarget"]
    avg, count = inputs["loss_avg_in"]
    ops = _torch_ops(c)
    one_b2 = sub(torch.ones_like(c), beta2)
    err = torch.zeros_like(c)
    shown = []
    rows = one_cycle_schedule(inputs["lr"], inputs["cycle_epoch"], x.shape[1], cycle)
    for i, (lr, beta1, one_b1) in enumerate(rows):
        xi, yi = x[:, i], y[:, i]
        e = add(c, d * xi)
        loss = (yi - e) * (yi - e)  # =(B4-E4)^2: a square is b*b
        err = err + loss
        avg = _evaluate(LOSS_AVERAGE, ops, {"beta": smooth_beta, "avg_above": avg, "loss": loss})
        count = count + 1  # =U33+1
        shown.append(_evaluate(DEBIASED_LOSS, ops, {"avg": avg, "beta": smooth_beta,
                                                    "count": count}))
        f = 2 * (d * xi + c - yi)
        g = f * xi
        mom_b = add(mom_b * beta1, one_b1 * f)  # J3*Q4+R4*F4
        mom_a = add(mom_a * beta1, one_b1 * g)
        ms_b = overflow(add(ms_b * beta2, one_b2 * (f * f)))
        ms_a = overflow(add(ms_a * beta2, one_b2 * (g * g)))
        c, d = sub(c, mom_b * lr / sqrt(ms_b)), sub(d, mom_a * lr / sqrt(ms_a))
    return {"newconst": c, "newslope": d, "error": sqrt(err), "mom": (mom_b, mom_a),
            "ms": (ms_b, ms_a), "loss_avg": (avg, count), "smoothed_loss": shown}


@dataclass
class Config:
    """C configurations of one sheet (every field a (C,) tensor, x and y (C, N))."""

    x: torch.Tensor
    y: torch.Tensor
    lr: torch.Tensor
    beta1: torch.Tensor
    beta2: torch.Tensor
    init_a: torch.Tensor
    init_b: torch.Tensor
    reset_ms: float = 10000.0
    wd: torch.Tensor | None = None  # weight decay sheets: L2's wd, (C,)
    wd_dec: torch.Tensor | None = None  # and decoupled weight decay's wd'
    smooth_beta: torch.Tensor | None = None  # the smoothed error's beta, (C,); None: 0.98
    cycle: dict | None = None  # one_cycle: onecycle.DEFAULTS' keys -> (C,) tensors


class TorchSheet(ModelSheet):
    """C sheets of one kind as the macros see them: the inputs they write
    (``const``, ``slope``, ``lr``, ``momtarget``, ``gradtarget``,
    ``prev_grad2``; pairs are (b, a) tuples) and what the formulas show,
    computed by :func:`epoch`, under Excel's calculation modes
    (:mod:`sheetgd.books.calcmodel`).  A guarded write (adam_ann's annealing)
    changes only the configurations where its test holds."""

    SHOWN = {"lastconst": "lastconst", "lastslope": "lastslope", "newconst": "newconst",
             "newslope": "newslope", "rmse": "error", "momlast": "mom", "ms_last": "ms",
             "dec_newconst": "dec_newconst", "dec_newslope": "dec_newslope",
             "dec_rmse": "dec_error", "dec_momlast": "dec_mom", "dec_ms_last": "dec_ms",
             "loss_avg_last": "loss_avg"}

    def __init__(self, kind: str, config: "Config", before_reset: dict | None = None):
        """``before_reset``: input name -> value the sheet holds before any
        macro (:attr:`.programs.Program.before_reset`); else state 0."""
        self.kind, self.cfg = kind, config
        zeros = torch.zeros_like(config.lr)
        # as the generated sheet stands before Reset: state 0, prev_grad2 1
        inputs = {"const": config.init_b, "slope": config.init_a, "lr": config.lr,
                  "momtarget": (zeros, zeros), "gradtarget": (zeros, zeros),
                  "prev_grad2": torch.ones_like(zeros),
                  "dec_const": config.init_b, "dec_slope": config.init_a,
                  "dec_momtarget": (zeros, zeros), "dec_gradtarget": (zeros, zeros),
                  "cycle_epoch": torch.ones_like(zeros), "loss_avg_in": (zeros, zeros)}
        for name, value in (before_reset or {}).items():
            inputs[name] = (value, value) if isinstance(inputs[name], tuple) else value
        super().__init__(inputs)
        self.history: list[dict] = []
        self.mask = None
        self.epoch = epoch  # or compiled_epoch(): the same function, fused by torch.compile

    def shown(self, snapshot, name: str):
        i = snapshot.inputs
        if name == "avg_grad2":  # N33 = SQRT(L33)+SQRT(M33)
            ms_b, ms_a = i["gradtarget"]
            return add(sqrt(ms_b), sqrt(ms_a))
        if name == "gradrat":
            return self.shown(snapshot, "avg_grad2") / i["prev_grad2"]
        if not hasattr(snapshot, "result") and self.kind in WEIGHT_DECAY_SHEETS:
            c = self.cfg
            snapshot.result = decay_epoch(self.kind, c.x, c.y, i, i["lr"], c.beta1, c.beta2,
                                          c.wd, c.wd_dec)
        if not hasattr(snapshot, "result") and self.kind in ONE_CYCLE_SHEETS:
            cycle = self.cfg.cycle or {k: torch.full_like(self.cfg.lr, v)
                                       for k, v in CYCLE_DEFAULTS.items()}
            snapshot.result = cycle_epoch(self.cfg.x, self.cfg.y, i, self.cfg.beta2, cycle,
                                          self.smooth_beta())
        if not hasattr(snapshot, "result"):
            c = self.cfg
            snapshot.result = self.epoch(self.kind, c.x, c.y, i["const"], i["slope"], i["lr"],
                                    c.beta1, c.beta2, i["momtarget"], i["gradtarget"])
        return snapshot.result[self.SHOWN[name]]

    def write(self, name: str, value):
        old = self.inputs[name]
        if isinstance(old, tuple) and not isinstance(value, tuple):
            value = (value,) * len(old)
        if self.mask is not None:
            value = tuple(torch.where(self.mask, v, o) for v, o in zip(value, old)) \
                if isinstance(old, tuple) else torch.where(self.mask, value, old)
        super().write(name, value)

    def constant(self, value, param=None):
        if isinstance(value, torch.Tensor):
            return value
        return torch.full_like(self.cfg.lr, float(value))

    def arith(self, op: str, left, right):
        return {"/": torch.div, "*": torch.mul, "+": torch.add, "-": torch.sub}[op](left, right)

    def compare(self, op: str, left, right):
        return {">": torch.gt, "<": torch.lt, ">=": torch.ge, "<=": torch.le, "=": torch.eq,
                "<>": torch.ne}[op](left, right)

    def guarded(self, test, body):
        outer = self.mask
        self.mask = test if outer is None else outer & test
        try:
            body()
        finally:
            self.mask = outer

    def element(self, value, index: int):
        return value[index]

    def record(self, fields: dict):
        """Record an epoch, with its smoothed error (:class:`.programs.Smoothing`)
        computed in the history formula's order of operations."""
        smoothing = program_for(self.kind).smoothing
        if smoothing:
            beta = self.smooth_beta()
            epoch = len(self.history)
            above = self.history[-1][smoothing.field] if self.history else None
            fields[smoothing.field] = smoothing.evaluate(
                _torch_ops(beta), epoch, fields[smoothing.source], above, beta)
        self.history.append(fields)

    def clear_history(self):
        self.history = []

    def smooth_beta(self) -> torch.Tensor:
        """The beta of the smoothed error and loss, (C,): the configuration's, else 0.98."""
        if self.cfg.smooth_beta is not None:
            return self.cfg.smooth_beta
        return torch.full_like(self.cfg.lr, SMOOTHING.default)


def _torch_ops(like: torch.Tensor) -> dict:
    """The smoothing's operations on (C,) tensors.  ``^`` raises each
    configuration's beta by Excel's power (:func:`sheetgd.engine.arith.power`:
    a square is ``b*b``), elementwise in Python, so the bits equal the sheet's."""
    from ..engine.arith import power

    def pow_(base, exponent):
        return per_distinct(power, base, exponent)

    return {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
            "/": lambda a, b: a / b, "^": pow_, "const": float}


class TorchRunner:
    """Reset and Run (somesteps) for C configurations of one sheet: the
    sheet's program (:mod:`sheetgd.books.programs`) on a :class:`TorchSheet`."""

    def __init__(self, kind: str, config: Config, carry: str = "faithful",
                 compiled: bool = False):
        """``compiled``: each pass through :func:`compiled_epoch` (kinds in
        :data:`EPOCH_KINDS`; ValueError for the others)."""
        if kind not in KINDS:
            raise ValueError(f"unknown sheet {kind!r}")
        if compiled and kind not in EPOCH_KINDS:
            raise ValueError(f"{kind!r}: only {', '.join(EPOCH_KINDS)} run compiled")
        self.program = program_for(kind, carry)
        self.cfg = config
        full = torch.full_like(config.lr, config.reset_ms)
        self.params = {"init_a": config.init_a, "init_b": config.init_b, "reset_lr": config.lr,
                       "reset_mean_square": full}
        self.sheet = TorchSheet(kind, config, {
            name: self.params[param] for name, param in self.program.before_reset.items()})
        if compiled:
            self.sheet.epoch = compiled_epoch()

    @property
    def history(self) -> list[dict]:
        """One dict per recorded epoch: the program's record fields, (C,) tensors."""
        return self.sheet.history

    def reset(self):
        execute(self.program, self.program.reset, self.sheet, self.params)

    def somesteps(self, n: int = 5):
        execute(self.program, self.program.run, self.sheet, self.params, steps=n)

    def run(self, epochs: int) -> list[dict]:
        """Reset, then ``epochs`` steps in Runs of five; epoch 0 is the reset state."""
        self.reset()
        for steps in presses(self.program, epochs):
            self.somesteps(steps)
        return self.history
