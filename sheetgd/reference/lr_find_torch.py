"""The lr_find sheet's maths as torch float64 operations (the reference
``sheetgd verify`` holds the engine to, bit for bit on the CPU).

The row's arithmetic is :data:`sheetgd.books.lr_find.ROW` evaluated on
tensors, in the formulas' operation order; ``^`` is Excel's power
(:func:`sheetgd.engine.arith.power`, a square is ``b*b``), as in
:mod:`.graddesc_torch`.  The loss (SUMPRODUCT of the squared errors,
summed row by row, divided by the count), the running minimum, the
divergence flag and the two suggestions are written out here from the
sheet's description (docs/workbooks.md, "Learning-rate finder").  The
flag compares the doubles exactly; Excel compares at 15 significant digits,
which differs only for a smoothed loss within 1e-15 of div times the minimum.
"""

from __future__ import annotations

import math

import torch

from ..books.graddesc import GradDescParams, draw_x
from ..books.lr_find import FIRST_AVG, ROW, LrFindParams, samples
from ..books.programs import _evaluate
from ..engine.arith import power

DTYPE = torch.float64


def _ops(device) -> dict:
    def pow_(base, exponent):
        return torch.tensor(power(float(base), float(exponent)), dtype=DTYPE, device=device)

    return {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
            "/": lambda a, b: a / b, "^": pow_,
            "const": lambda v: torch.tensor(v, dtype=DTYPE, device=device)}


def lr_find(params: GradDescParams | None = None, lr_params: LrFindParams | None = None,
            device: torch.device | str = "cpu") -> dict:
    """``{"rows": [{iteration, lr, loss, smoothed, diverged, ...}], "lr_min",
    "lr_steep"}`` with Python floats, as the sheet computes them."""
    params = params or GradDescParams()
    lr_params = lr_params or params.lr_find_params()
    device = torch.device(device)
    ops = _ops(device)

    def t(v):
        return torch.tensor(float(v), dtype=DTYPE, device=device)

    x_all = torch.tensor(draw_x(params), dtype=DTYPE, device=device)
    y_all = t(params.true_b) + x_all * t(params.true_a)
    count = t(len(x_all))
    const = {"start_lr": t(lr_params.start_lr), "end_lr": t(lr_params.end_lr),
             "num_it": t(lr_params.num_it), "beta": t(lr_params.beta)}
    b, a = t(params.init_b), t(params.init_a)
    avg = best = None
    flag = 0.0
    rows = []
    for i, (x, y) in enumerate(samples(params, lr_params)):
        sym = {**const, "iteration": t(i), "x": t(x), "y": t(y), "b": b, "a": a, "avg_above": avg}
        total = t(0.0)
        for xj, yj in zip(x_all, y_all):  # SUMPRODUCT: row by row
            d = yj - (b + a * xj)
            total = total + d * d
        sym["loss"] = total / count
        for field in ("lr", "pred", "de/db", "de/da", "new b", "new a"):
            sym[field] = _evaluate(ROW[field], ops, sym)
        sym["avg loss"] = _evaluate(FIRST_AVG if i == 0 else ROW["avg loss"], ops, sym)
        sym["smoothed"] = _evaluate(ROW["smoothed"], ops, sym)
        best = sym["smoothed"] if best is None else torch.minimum(best, sym["smoothed"])
        flag = _flag(flag, sym["smoothed"], t(lr_params.div) * best)
        if math.isnan(flag):  # MIN(..., #NUM!) is #NUM!
            best = t(math.nan)
        row = {k: float(v) for k, v in sym.items() if k not in const and k != "avg_above"}
        row.update(iteration=i, **{"min smoothed": float(best), "diverged": flag})
        rows.append(row)
        avg = sym["avg loss"]
        if flag == 0.0:  # a flagged row's a and b are carried unchanged
            b, a = sym["new b"], sym["new a"]
        elif math.isnan(flag):  # IF(#NUM!=1, ...): the next row's a and b are #NUM!
            b = a = t(math.nan)
    log_step = math.log(lr_params.end_lr / lr_params.start_lr) / (lr_params.num_it - 1.0)
    kept = [r for r in rows if r["diverged"] == 0.0]
    smallest = min(range(len(kept)), key=lambda i: (kept[i]["smoothed"], i)) if kept else None
    slopes = [(kept[i + 1]["smoothed"] - kept[i]["smoothed"]) / log_step
              for i in range(len(kept) - 1)]
    for i, r in enumerate(rows):
        r["slope"] = slopes[i] if i < len(slopes) else None
    steep = min(range(len(slopes)), key=lambda i: (slopes[i], i)) if slopes else None
    broken = [i - 1 for i, r in enumerate(rows) if i and math.isnan(r["diverged"])]
    for i in broken:  # IF(#NUM!=0, ...): the slope beside a #NUM! flag, and so MIN of them all
        rows[i]["slope"] = math.nan
    return {"rows": rows, "lr_min": math.nan if smallest is None else kept[smallest]["lr"] / 10.0,
            "lr_steep": math.nan if broken else None if steep is None else kept[steep]["lr"]}


def _flag(before: float, smoothed, limit) -> float:
    """The diverged cell: IF(OR(flag above = 1, smoothed > div × min), 1, 0)
    as 1.0 or 0.0, and NaN for Excel's #NUM!: a smoothed loss past the
    largest double (the engine's #NUM!, torch's inf or NaN) makes the
    comparison an error, and OR(..., #NUM!) keeps it in every row after."""
    if math.isnan(before) or not bool(torch.isfinite(smoothed)):
        return math.nan
    return 1.0 if before == 1.0 or bool(smoothed > limit) else 0.0
