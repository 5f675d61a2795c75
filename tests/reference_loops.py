"""An independent reference for the graddesc sheets: the recurrences of
WORKBOOKS.md as a plain Python float loop, and the macros as sequences of
writes, with Excel's calculation modes modelled directly (automatic: a write
recomputes the sheet; manual: reads return what the last calculation gave).

Nothing here uses sheetgd's engine.  Operations are written in the order the
formulas evaluate them (``C4-F4*$D$2/SQRT(J3)`` is ``C - (F*lr)/sqrt(J)``;
``x^2`` is ``x*x``), so results agree with the engine to the last bit
unless a step overflows.
"""

from __future__ import annotations

import math

LESSON_X = (14, 86, 28, 51, 28, 29, 72, 62, 84, 15, 42, 62, 47, 35, 9,
            38, 44, 99, 13, 21, 28, 20, 8, 64, 99, 70, 27, 17, 8)


def sq(v: float) -> float:
    """``v^2`` as the engine computes it: the correctly rounded square."""
    return v * v


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
    mom_b, mom_a = state.get("mom", (0.0, 0.0))
    ms_b, ms_a = state.get("ms", (0.0, 0.0))
    c, d = b, a
    errs = []
    rows = []
    for xi, yi in zip(x, y):
        e = c + d * xi
        errs.append(sq(yi - e))
        if kind == "basic":
            k = 2 * (e - yi)
            l_ = k * xi
            new_a = d - l_ * lr
            new_b = c - k * lr
            rows.append((c, d, new_b, new_a, k, l_))
        else:
            f = 2 * (d * xi + c - yi)
            g = f * xi
            if kind == "momentum":
                mom_b = mom_b * b1 + (1 - b1) * f
                mom_a = mom_a * b1 + (1 - b1) * g
                new_b, new_a = c - mom_b * lr, d - mom_a * lr
            elif kind == "rmsprop":
                new_b = c - f * lr / math.sqrt(ms_b)  # the PREVIOUS row's mean square
                new_a = d - g * lr / math.sqrt(ms_a)
                ms_b = ms_b * b2 + (1 - b2) * sq(f)
                ms_a = ms_a * b2 + (1 - b2) * sq(g)
            else:  # adam, adam_ann: the CURRENT row's averages
                mom_b = mom_b * b1 + (1 - b1) * f
                mom_a = mom_a * b1 + (1 - b1) * g
                ms_b = ms_b * b2 + (1 - b2) * sq(f)
                ms_a = ms_a * b2 + (1 - b2) * sq(g)
                new_b = c - mom_b * lr / math.sqrt(ms_b)
                new_a = d - mom_a * lr / math.sqrt(ms_a)
            rows.append((c, d, new_b, new_a, f, g))
        c, d = new_b, new_a
    last = rows[-1]
    return {"lastconst": last[0], "lastslope": last[1], "newconst": last[2],
            "newslope": last[3], "error": math.sqrt(total(errs)),
            "mom": (mom_b, mom_a), "ms": (ms_b, ms_a), "rows": rows}


class ReferenceSheet:
    """A sheet's inputs, what it shows, and the calculation mode."""

    def __init__(self, kind, x, y, b, a, lr, betas, state, prev_grad2=1.0):
        self.kind, self.x, self.y, self.betas = kind, x, y, betas
        self.inputs = {"const": b, "slope": a, "lr": lr, "prev_grad2": prev_grad2, **state}
        self.automatic = True
        self.calculate()

    def calculate(self):
        i = self.inputs
        state = {k: i[k] for k in ("mom", "ms") if k in i}
        self.shown = epoch(self.kind, self.x, self.y, i["const"], i["slope"], i["lr"],
                           self.betas, state)
        if "ms" in i:
            self.shown["avg_grad2"] = math.sqrt(i["ms"][0]) + math.sqrt(i["ms"][1])
            self.shown["gradrat"] = self.shown["avg_grad2"] / i["prev_grad2"]

    def write(self, name, value):
        self.inputs[name] = value
        if self.automatic:
            self.calculate()

    def read(self, name):
        if name in ("const", "slope", "lr", "prev_grad2"):
            return self.inputs[name]
        return self.shown[name]

    def record(self):
        i = self.inputs
        return {"b": i["const"], "a": i["slope"], "error": self.shown["error"], "lr": i["lr"],
                "mom": i.get("mom"), "ms": i.get("ms")}


class ReferenceRunner:
    """The macros of WORKBOOKS.md, write by write."""

    def __init__(self, kind, lr, betas, carry="faithful", x=LESSON_X, true_a=2.0, true_b=30.0,
                 init_a=1.0, init_b=1.0, reset_ms=10000.0):
        self.kind, self.carry, self.lr0 = kind, carry, lr
        self.init = (init_b, init_a)
        self.reset_ms = reset_ms
        x = [float(v) for v in x]
        y = [true_b + v * true_a for v in x]
        state = {"basic": {}, "momentum": {"mom": (0.0, 0.0)}, "rmsprop": {"ms": (1.0, 1.0)},
                 "adam": {"mom": (0.0, 0.0), "ms": (1.0, 1.0)}}[
            "adam" if kind == "adam_ann" else kind]
        self.sheet = ReferenceSheet(kind, x, y, init_b, init_a, lr, betas, state)
        self.history = []

    def carry_ab(self):
        s = self.sheet
        a_name, b_name = ("lastslope", "lastconst") if self.carry == "faithful" else \
            ("newslope", "newconst")
        s.write("slope", s.read(a_name))
        s.write("const", s.read(b_name))

    def onestep(self):
        s = self.sheet
        if self.kind == "momentum":
            s.write("mom", s.read("mom"))
        elif self.kind == "rmsprop":
            s.write("ms", s.read("ms"))
        elif self.kind in ("adam", "adam_ann"):
            s.write("ms", s.read("ms"))
            s.write("mom", s.read("mom"))
        self.carry_ab()
        s.calculate()

    def somesteps(self, n=5):
        s = self.sheet
        s.automatic = self.kind == "basic"
        for _ in range(n):
            self.onestep()
            if self.kind == "adam_ann":
                if s.read("gradrat") > 2:
                    s.write("lr", s.read("lr") / 4)
                if s.read("avg_grad2") < s.read("prev_grad2"):
                    s.write("prev_grad2", s.read("avg_grad2"))
                s.calculate()
            self.history.append(s.record())
        s.automatic = True
        s.calculate()

    def reset(self):
        s = self.sheet
        b0, a0 = self.init
        if self.kind == "basic":
            s.write("slope", a0)
            s.write("const", b0)
        elif self.kind == "momentum":
            s.write("mom", (0.0, 0.0))
            s.write("slope", a0)
            s.write("const", b0)
            s.write("lr", self.lr0)
            s.write("mom", s.read("mom"))
        elif self.kind == "rmsprop":
            s.write("ms", (self.reset_ms, self.reset_ms))
            s.write("slope", a0)
            s.write("const", b0)
            s.write("ms", s.read("ms"))
            s.write("ms", s.read("ms"))
        elif self.kind == "adam":
            s.write("ms", (self.reset_ms, self.reset_ms))
            s.write("mom", (0.0, 0.0))
            s.write("slope", a0)
            s.write("const", b0)
            s.write("lr", self.lr0)
            for _ in range(2):
                s.write("ms", s.read("ms"))
                s.write("mom", s.read("mom"))
        else:  # adam_ann
            s.automatic = False
            s.write("ms", (self.reset_ms, self.reset_ms))
            s.write("mom", (0.0, 0.0))
            s.write("slope", a0)
            s.write("const", b0)
            s.write("lr", self.lr0)
            s.write("prev_grad2", s.read("avg_grad2"))  # stale, as the original
            s.calculate()
            s.write("ms", s.read("ms"))
            s.write("mom", s.read("mom"))
            s.calculate()
            s.write("ms", s.read("ms"))
            s.write("mom", s.read("mom"))
            s.write("prev_grad2", s.read("avg_grad2"))
            s.automatic = True
            s.calculate()
        self.history = [s.record()]

    def run(self, epochs):
        self.reset()
        remaining = epochs
        while remaining > 0:
            self.somesteps(min(5, remaining))
            remaining -= 5
        return self.history
