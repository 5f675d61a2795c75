"""An independent reference for the graddesc sheets' maths: the recurrences
of docs/workbooks.md as a plain Python float loop, without sheetgd's engine.
Operations are written in the order the formulas evaluate them
(``C4-F4*$D$2/SQRT(J3)`` is ``C - (F*lr)/sqrt(J)``; ``x^2`` is ``x*x``), so
results agree with the engine to the last bit unless a step overflows.

The macros are not written here again: :class:`ReferenceRunner` interprets
each sheet's program (:mod:`sheetgd.books.programs`), whose order of steps
the tests check against what Excel recorded (test_excel_recorded).
"""

from __future__ import annotations

import math

from sheetgd.books.calcmodel import ModelSheet
from sheetgd.books.programs import execute, presses, program_for

LESSON_X = (14, 86, 28, 51, 28, 29, 72, 62, 84, 15, 42, 62, 47, 35, 9,
            38, 44, 99, 13, 21, 28, 20, 8, 64, 99, 70, 27, 17, 8)


def sq(v: float) -> float:
    """``v^2`` as the engine computes it: the correctly rounded square."""
    return v * v


def add(a: float, b: float) -> float:
    """``a + b`` as the last operation of a cell's formula: Excel sets a
    result that cancels below 2^-50 of the larger operand to 0 (KB 78113;
    the threshold from public measurements, see sheetgd.engine.evaluate)."""
    r = a + b
    return 0.0 if abs(r) * 2.0 ** 50 < max(abs(a), abs(b)) else r


def sub(a: float, b: float) -> float:
    """``a - b`` as the last operation of a cell's formula (see :func:`add`)."""
    r = a - b
    return 0.0 if abs(r) * 2.0 ** 50 < max(abs(a), abs(b)) else r


def total(values) -> float:
    s = 0.0
    for v in values:
        s += v
    return s


def epoch(kind: str, x, y, b: float, a: float, lr: float, betas, state) -> dict:
    """One pass over the rows: what the sheet shows for these inputs.

    ``state`` holds the values in the summary row: mom (b, a), ms (b, a).
    Returns last-row values, the carried candidates, the new state and error.
    """
    b1, b2 = betas
    one_b1, one_b2 = sub(1.0, b1), sub(1.0, b2)  # K1 = 1-J1
    mom_b, mom_a = state.get("mom", (0.0, 0.0))
    ms_b, ms_a = state.get("ms", (0.0, 0.0))
    c, d = b, a
    errs = []
    rows = []
    for xi, yi in zip(x, y):
        e = add(c, d * xi)
        errs.append(sq(yi - e))
        if kind == "basic":
            k = 2 * (e - yi)
            l_ = k * xi
            new_a = sub(d, l_ * lr)
            new_b = sub(c, k * lr)
            rows.append((c, d, new_b, new_a, k, l_))
        else:
            f = 2 * (d * xi + c - yi)
            g = f * xi
            if kind == "momentum":
                mom_b = add(mom_b * b1, one_b1 * f)
                mom_a = add(mom_a * b1, one_b1 * g)
                new_b, new_a = sub(c, mom_b * lr), sub(d, mom_a * lr)
            elif kind == "rmsprop":
                new_b = sub(c, f * lr / math.sqrt(ms_b))  # the PREVIOUS row's mean square
                new_a = sub(d, g * lr / math.sqrt(ms_a))
                ms_b = add(ms_b * b2, one_b2 * sq(f))
                ms_a = add(ms_a * b2, one_b2 * sq(g))
            else:  # adam, adam_ann: the CURRENT row's averages
                mom_b = add(mom_b * b1, one_b1 * f)
                mom_a = add(mom_a * b1, one_b1 * g)
                ms_b = add(ms_b * b2, one_b2 * sq(f))
                ms_a = add(ms_a * b2, one_b2 * sq(g))
                new_b = sub(c, mom_b * lr / math.sqrt(ms_b))
                new_a = sub(d, mom_a * lr / math.sqrt(ms_a))
            rows.append((c, d, new_b, new_a, f, g))
        c, d = new_b, new_a
    last = rows[-1]
    return {"lastconst": last[0], "lastslope": last[1], "newconst": last[2],
            "newslope": last[3], "error": math.sqrt(total(errs)),
            "mom": (mom_b, mom_a), "ms": (ms_b, ms_a), "rows": rows}


def decay_epoch(kind: str, x, y, i: dict, lr: float, betas, decays) -> dict:
    """One pass of a weight decay sheet (docs/workbooks.md, "Weight decay"):
    L2 regularisation (F = 2*(a*x+b-y) + 2*wd*b, H = b - F*lr) beside
    decoupled weight decay (K = b' - lr*wd'*b' - N*lr, N the plain
    gradient at the previous row's b', a'); for wd_adam both through the
    adam sheet's averages.  ``i``: the written cells."""
    b1, b2 = betas
    wd, wd_dec = decays
    one_b1, one_b2 = sub(1.0, b1), sub(1.0, b2)
    c, d, ob, oa = i["const"], i["slope"], i["dec_const"], i["dec_slope"]
    mom, ms, dmom, dms = (list(i[k]) for k in ("momtarget", "gradtarget", "dec_momtarget",
                                               "dec_gradtarget"))
    errs, dec_errs = [], []
    for xi, yi in zip(x, y):
        errs.append(sq(yi - add(c, d * xi)))
        f = add(2 * (d * xi + c - yi), 2 * wd * c)
        g = add(2 * (d * xi + c - yi) * xi, 2 * wd * d)
        dec_errs.append(sq(yi - add(ob, oa * xi)))
        r = 2 * (oa * xi + ob - yi)
        t = r * xi
        if kind == "wd_sgd":
            c, d = sub(c, f * lr), sub(d, g * lr)
            ob, oa = sub(ob - lr * wd_dec * ob, r * lr), sub(oa - lr * wd_dec * oa, t * lr)
            continue
        for k, grad in enumerate((f, g)):
            mom[k] = add(mom[k] * b1, one_b1 * grad)
            ms[k] = add(ms[k] * b2, one_b2 * sq(grad))
        for k, grad in enumerate((r, t)):
            dmom[k] = add(dmom[k] * b1, one_b1 * grad)
            dms[k] = add(dms[k] * b2, one_b2 * sq(grad))
        c, d = sub(c, mom[0] * lr / math.sqrt(ms[0])), sub(d, mom[1] * lr / math.sqrt(ms[1]))
        ob = sub(ob - lr * wd_dec * ob, dmom[0] * lr / math.sqrt(dms[0]))
        oa = sub(oa - lr * wd_dec * oa, dmom[1] * lr / math.sqrt(dms[1]))
    return {"newconst": c, "newslope": d, "error": math.sqrt(total(errs)), "mom": tuple(mom),
            "ms": tuple(ms), "dec_newconst": ob, "dec_newslope": oa,
            "dec_error": math.sqrt(total(dec_errs)), "dec_mom": tuple(dmom),
            "dec_ms": tuple(dms)}


class FloatSheet(ModelSheet):
    """One sheet as the macros see it: the cells they write and, computed by
    :func:`epoch`, what the formulas show, under Excel's calculation modes
    (:mod:`sheetgd.books.calcmodel`)."""

    SHOWN = {"lastconst": "lastconst", "lastslope": "lastslope", "newconst": "newconst",
             "newslope": "newslope", "rmse": "error", "momlast": "mom", "ms_last": "ms",
             "dec_newconst": "dec_newconst", "dec_newslope": "dec_newslope",
             "dec_rmse": "dec_error", "dec_momlast": "dec_mom", "dec_ms_last": "dec_ms"}

    def __init__(self, kind, x, y, b, a, lr, betas, decays=None):
        self.kind, self.x, self.y, self.betas, self.decays = kind, x, y, betas, decays
        super().__init__({"const": b, "slope": a, "lr": lr, "prev_grad2": 1.0,
                          "momtarget": (0.0, 0.0), "gradtarget": (0.0, 0.0),
                          "dec_const": b, "dec_slope": a, "dec_momtarget": (0.0, 0.0),
                          "dec_gradtarget": (0.0, 0.0)})
        self.history = []

    def shown(self, snapshot, name):
        i = snapshot.inputs
        if name == "avg_grad2":  # N33 = SQRT(L33)+SQRT(M33)
            return add(math.sqrt(i["gradtarget"][0]), math.sqrt(i["gradtarget"][1]))
        if name == "gradrat":
            avg = self.shown(snapshot, "avg_grad2")
            return avg / i["prev_grad2"] if i["prev_grad2"] else math.inf
        if not hasattr(snapshot, "result") and self.decays is not None:
            snapshot.result = decay_epoch(self.kind, self.x, self.y, i, i["lr"], self.betas,
                                          self.decays)
        if not hasattr(snapshot, "result"):
            snapshot.result = epoch(self.kind, self.x, self.y, i["const"], i["slope"], i["lr"],
                                    self.betas, {"mom": i["momtarget"], "ms": i["gradtarget"]})
        return snapshot.result[self.SHOWN[name]]

    def write(self, name, value):
        if isinstance(self.inputs[name], tuple) and not isinstance(value, tuple):
            value = (value, value)
        super().write(name, value)

    def constant(self, value, param=None):
        return float(value)

    def arith(self, op, left, right):
        return {"/": left / right if right else math.inf, "*": left * right}[op]

    def compare(self, op, left, right):
        return {">": left > right, "<": left < right}[op]

    def guarded(self, test, body):
        if test:
            body()

    def element(self, value, index):
        return value[index]

    def record(self, fields):
        self.history.append({"b": fields["b"], "a": fields["a"], "error": fields["error"],
                             "lr": fields["lr"],
                             "mom": (fields["mom_b"], fields["mom_a"]) if "mom_b" in fields else None,
                             "ms": (fields["ms_b"], fields["ms_a"]) if "ms_b" in fields else None,
                             "dec": tuple(fields[f] for f in ("dec_b", "dec_a", "dec_error"))
                             if "dec_b" in fields else None})

    def clear_history(self):
        self.history = []


class ReferenceRunner:
    """Reset, then Run, as the sheet's program says, on a :class:`FloatSheet`."""

    def __init__(self, kind, lr, betas, carry="faithful", x=LESSON_X, true_a=2.0, true_b=30.0,
                 init_a=1.0, init_b=1.0, reset_ms=10000.0, decays=None):
        x = [float(v) for v in x]
        y = [true_b + v * true_a for v in x]
        self.program = program_for(kind, carry)
        self.sheet = FloatSheet(kind, x, y, init_b, init_a, lr, betas, decays)
        self.params = {"init_a": init_a, "init_b": init_b, "reset_lr": lr,
                       "reset_mean_square": reset_ms}

    def run(self, epochs):
        execute(self.program, self.program.reset, self.sheet, self.params)
        for steps in presses(self.program, epochs):
            execute(self.program, self.program.run, self.sheet, self.params, steps)
        return self.sheet.history
