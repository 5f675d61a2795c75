"""The graddesc sheets' maths as torch tensor operations (float64, batched).

Every function takes a leading dimension of C independent configurations
(learning rates, betas, initial values, data draws), so one call runs a
sweep.  The per-sample updates are written in the operation order of the
sheet's formulas (``C4-F4*$D$2/SQRT(J3)`` is ``c - (f*lr)/sqrt(j)``, sums
are accumulated row by row), so on the CPU the results equal the engine's
bit for bit; on a GPU fused multiply-add may change the last bits.

The Run/Reset macros are reproduced with the same model of Excel's
calculation modes as the engine uses (:class:`TorchSheet`): under automatic
calculation a write recomputes the sheet, under manual calculation reads
return the last calculation's values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

DTYPE = torch.float64
KINDS = ("basic", "momentum", "rmsprop", "adam", "adam_ann")


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
    one_b1, one_b2 = 1 - beta1, 1 - beta2
    err = torch.zeros_like(b)
    last_c = last_d = c
    for i in range(x.shape[1]):
        xi, yi = x[:, i], y[:, i]
        e = c + d * xi
        err = err + (yi - e) * (yi - e)
        last_c, last_d = c, d
        if kind == "basic":
            k = 2 * (e - yi)
            new_a = d - (k * xi) * lr
            new_b = c - k * lr
        else:
            f = 2 * (d * xi + c - yi)
            g = f * xi
            if kind == "momentum":
                mom_b = mom_b * beta1 + one_b1 * f
                mom_a = mom_a * beta1 + one_b1 * g
                new_b, new_a = c - mom_b * lr, d - mom_a * lr
            elif kind == "rmsprop":
                new_b = c - f * lr / sqrt(ms_b)  # the previous row's mean square
                new_a = d - g * lr / sqrt(ms_a)
                ms_b = ms_b * beta2 + one_b2 * (f * f)
                ms_a = ms_a * beta2 + one_b2 * (g * g)
            else:  # adam, adam_ann: this row's averages
                mom_b = mom_b * beta1 + one_b1 * f
                mom_a = mom_a * beta1 + one_b1 * g
                ms_b = ms_b * beta2 + one_b2 * (f * f)
                ms_a = ms_a * beta2 + one_b2 * (g * g)
                new_b = c - mom_b * lr / sqrt(ms_b)
                new_a = d - mom_a * lr / sqrt(ms_a)
        c, d = new_b, new_a
    return {"lastconst": last_c, "lastslope": last_d, "newconst": c, "newslope": d,
            "error": sqrt(err), "mom": (mom_b, mom_a), "ms": (ms_b, ms_a)}


class TorchSheet:
    """The inputs of C sheets, what they show, and the calculation mode."""

    def __init__(self, kind: str, x, y, inputs: dict, beta1, beta2):
        self.kind, self.x, self.y, self.beta1, self.beta2 = kind, x, y, beta1, beta2
        self.inputs = dict(inputs)
        self.automatic = True
        self.calculate()

    def calculate(self):
        i = self.inputs
        self.shown = epoch(self.kind, self.x, self.y, i["const"], i["slope"], i["lr"],
                           self.beta1, self.beta2, i["mom"], i["ms"])
        ms_b, ms_a = i["ms"]
        self.shown["avg_grad2"] = sqrt(ms_b) + sqrt(ms_a)
        self.shown["gradrat"] = self.shown["avg_grad2"] / i["prev_grad2"]

    def write(self, name: str, value):
        self.inputs[name] = value
        if self.automatic:
            self.calculate()

    def read(self, name: str):
        if name in ("const", "slope", "lr", "prev_grad2"):
            return self.inputs[name]
        return self.shown[name]


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


class TorchRunner:
    """Reset and Run (somesteps) for C configurations of one sheet."""

    def __init__(self, kind: str, config: Config, carry: str = "faithful"):
        if kind not in KINDS:
            raise ValueError(f"unknown sheet {kind!r}")
        self.kind, self.cfg, self.carry = kind, config, carry
        zeros = torch.zeros_like(config.lr)
        inputs = {"const": config.init_b, "slope": config.init_a, "lr": config.lr,
                  "prev_grad2": torch.ones_like(zeros), "mom": (zeros, zeros),
                  "ms": (torch.ones_like(zeros), torch.ones_like(zeros))}
        self.sheet = TorchSheet(kind, config.x, config.y, inputs, config.beta1, config.beta2)
        self.history: list[dict] = []

    def record(self):
        i, s = self.sheet.inputs, self.sheet
        self.history.append({"b": i["const"], "a": i["slope"], "error": s.shown["error"],
                             "lr": i["lr"], "mom": i["mom"], "ms": i["ms"]})

    def _carry_ab(self):
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
        self._carry_ab()
        s.calculate()

    def somesteps(self, n: int = 5):
        s = self.sheet
        s.automatic = self.kind == "basic"
        for _ in range(n):
            self.onestep()
            if self.kind == "adam_ann":
                lr = s.read("lr")
                s.write("lr", torch.where(s.read("gradrat") > 2, lr / 4, lr))
                avg, prev = s.read("avg_grad2"), s.read("prev_grad2")
                s.write("prev_grad2", torch.where(avg < prev, avg, prev))
                s.calculate()
            self.record()
        s.automatic = True
        s.calculate()

    def reset(self):
        s, cfg = self.sheet, self.cfg
        zeros = torch.zeros_like(cfg.lr)
        big = torch.full_like(cfg.lr, cfg.reset_ms)
        if self.kind == "basic":
            s.write("slope", cfg.init_a)
            s.write("const", cfg.init_b)
        elif self.kind == "momentum":
            s.write("mom", (zeros, zeros))
            s.write("slope", cfg.init_a)
            s.write("const", cfg.init_b)
            s.write("lr", cfg.lr)
            s.write("mom", s.read("mom"))
        elif self.kind == "rmsprop":
            s.write("ms", (big, big))
            s.write("slope", cfg.init_a)
            s.write("const", cfg.init_b)
            s.write("lr", cfg.lr)  # sheetgd: reset keeps the configured rate
            s.write("ms", s.read("ms"))
            s.write("ms", s.read("ms"))
        elif self.kind == "adam":
            s.write("ms", (big, big))
            s.write("mom", (zeros, zeros))
            s.write("slope", cfg.init_a)
            s.write("const", cfg.init_b)
            s.write("lr", cfg.lr)
            for _ in range(2):
                s.write("ms", s.read("ms"))
                s.write("mom", s.read("mom"))
        else:
            s.automatic = False
            s.write("ms", (big, big))
            s.write("mom", (zeros, zeros))
            s.write("slope", cfg.init_a)
            s.write("const", cfg.init_b)
            s.write("lr", cfg.lr)
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
        self.history = []
        self.record()

    def run(self, epochs: int) -> list[dict]:
        """Reset, then ``epochs`` steps in Runs of five; epoch 0 is the reset state."""
        self.reset()
        remaining = epochs
        while remaining > 0:
            self.somesteps(min(5, remaining))
            remaining -= 5
        return self.history
