"""The benchmark's workload: the ``adam`` sheet of graddesc, N data rows.

The sheet is the one sheetgd's generator writes (docs/workbooks.md, ``adam``):
one sample per row, twelve filled-down formulas a row (pred, the two
gradients, the two moving averages of the gradient and of its square, the
new b and a, the squared error, and the a, b carried from the previous row),
and ``N{N+4} = SQRT(SUM(N4:N{N+3}))``.  Its state cells J..M{N+4} hold what
Reset writes (momentum 0, mean squares 10000), so every engine computes
finite numbers.

:func:`write_workload` writes the xlsx (cached values included) and a JSON
sidecar with the inputs the plain loops need; :func:`reference` is the same
recurrence as a plain Python float loop, the answer every engine is held to.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

SHEET = "adam"
#: The learning rate the benchmark changes D2 to before the recalculation.
NEW_LR = 0.5
#: What Reset writes into the mean-square state (gradtarget); momentum gets 0.
RESET_MEAN_SQUARE = 10000.0
#: Bounds of the sizes: GradDescParams accepts up to 100000 rows; beyond that
#: (``--large``) the benchmark lifts its check (the generator itself has no limit).
MAX_ROWS = 1_000_000


@dataclass(frozen=True)
class Cells:
    """Where the inputs and the outputs the benchmark reads are (1-based)."""

    rows: int

    @property
    def lr(self) -> tuple[int, int]:
        return (2, 4)  # D2

    @property
    def new_a(self) -> tuple[int, int]:
        return (self.rows + 3, 9)  # I{N+3}

    @property
    def new_b(self) -> tuple[int, int]:
        return (self.rows + 3, 8)  # H{N+3}

    @property
    def error(self) -> tuple[int, int]:
        return (self.rows + 4, 14)  # N{N+4}

    def a1(self, cell: tuple[int, int]) -> str:
        row, col = cell
        return f"{'ABCDEFGHIJKLMN'[col - 1]}{row}"

    def outputs(self) -> dict[str, tuple[int, int]]:
        return {"a": self.new_a, "b": self.new_b, "error": self.error}


def _params(rows: int, seed: int):
    from ..books.graddesc import GradDescParams

    if rows > MAX_ROWS:
        raise ValueError(f"at most {MAX_ROWS} rows, not {rows}")
    if rows <= 100_000:
        return GradDescParams(rows=rows, seed=seed)
    params = GradDescParams(rows=2, seed=seed)
    object.__setattr__(params, "rows", rows)  # past the generator's teaching-size check
    return params


def build_book(rows: int, seed: int = 1):
    """The adam sheet in a fresh sheetgd Workbook, Reset's state set, calculated.

    Returns ``(book, inputs)``; ``inputs`` is what :func:`reference` takes.
    """
    from ..books.graddesc import adam_sheet, draw_x
    from ..books.sheetdef import install
    from ..engine import Workbook

    params = _params(rows, seed)
    x = draw_x(params)
    book = Workbook()
    install(book, adam_sheet(params, x))
    summary = rows + 4
    for col in (10, 11):  # J, K: momentum
        book.put(SHEET, summary, col, 0.0)
    for col in (12, 13):  # L, M: mean squares
        book.put(SHEET, summary, col, RESET_MEAN_SQUARE)
    book.calculate_all()
    beta1, beta2 = params.betas_of(SHEET)
    inputs = {"rows": rows, "seed": seed, "x": x, "true_a": params.true_a,
              "true_b": params.true_b, "init_a": params.init_a, "init_b": params.init_b,
              "lr": params.lr_of(SHEET), "beta1": beta1, "beta2": beta2,
              "mom": [0.0, 0.0], "ms": [RESET_MEAN_SQUARE, RESET_MEAN_SQUARE]}
    return book, inputs


def write_workload(rows: int, folder, seed: int = 1) -> dict:
    """Write ``adam_{rows}.xlsx`` and ``adam_{rows}.json`` into ``folder``.

    The JSON holds the inputs, the number of formula cells, the reference
    answer before and after the learning-rate change, and the two paths
    (``xlsx``, ``json``).  Returns it.
    """
    from ..io.atomic import write_text_atomic
    from ..io.xlsx_write import write_xlsx

    folder = Path(folder)
    book, inputs = build_book(rows, seed)
    xlsx = write_xlsx(book, folder / f"adam_{rows}.xlsx")
    cells = Cells(rows)
    row, col = cells.error
    sheetgd_first = float(book.read(SHEET, row, col))
    meta = {**inputs, "sheet": SHEET, "formula_cells": sum(1 for _ in book.formula_cells()),
            "new_lr": NEW_LR, "cells": {k: cells.a1(v) for k, v in cells.outputs().items()},
            "reference_first": reference(inputs),
            "reference": reference(inputs, lr=NEW_LR),
            "sheetgd_generator_error": sheetgd_first}
    del book
    path = folder / f"adam_{rows}.json"
    meta.update(xlsx=str(Path(xlsx).resolve()), json=str(path.resolve()))
    write_text_atomic(path, json.dumps(meta))
    return meta


def reference(inputs: dict, lr: float | None = None) -> dict:
    """The adam sheet's recurrence as a plain float loop, in the formulas' order.

    Follows :func:`sheetgd.reference.graddesc_torch.epoch` (kind ``adam``):
    ``H = C-J*$D$2/SQRT(L)``, ``I = D-K*$D$2/SQRT(M)`` with this row's
    averages, ``N = (B-E)^2``; returns the last row's new a (I{N+3}), new b
    (H{N+3}) and the error ``SQRT(SUM(N4:N{N+3}))``.
    """
    x = inputs["x"]
    ta, tb = inputs["true_a"], inputs["true_b"]
    y = [tb + xi * ta for xi in x]
    a, b, error = float_loop(x, y, inputs["init_b"], inputs["init_a"],
                             inputs["lr"] if lr is None else lr, inputs["beta1"],
                             inputs["beta2"], *inputs["mom"], *inputs["ms"])
    return {"a": a, "b": b, "error": error}


def float_loop(x, y, c, d, lr, beta1, beta2, mom_b, mom_a, ms_b, ms_a):
    """One pass over the rows; ``c``, ``d``: b and a entering the first row.

    Written without numpy so that :func:`numba.njit` can compile it unchanged.
    ``x^2`` is ``x*x``, the correctly rounded square, as sheetgd's ``^2`` and
    the torch reference take it (libm's ``pow(x, 2)``, which Python's ``**``
    calls, is an ulp off now and then -- enough, at lr 1 over 100000 rows,
    to end on a different trajectory).  Returns ``(a, b, error)``.
    """
    one_b1 = 1 - beta1
    one_b2 = 1 - beta2
    err = 0.0
    for i in range(len(x)):
        xi = x[i]
        yi = y[i]
        e = c + d * xi  # E: pred
        err += (yi - e) * (yi - e)  # N: (B-E)^2, summed in row order
        f = 2 * (d * xi + c - yi)  # F: de/db
        g = f * xi  # G: de/da
        mom_b = mom_b * beta1 + one_b1 * f  # J
        mom_a = mom_a * beta1 + one_b1 * g  # K
        ms_b = ms_b * beta2 + one_b2 * (f * f)  # L
        ms_a = ms_a * beta2 + one_b2 * (g * g)  # M
        new_b = c - mom_b * lr / math.sqrt(ms_b)  # H
        new_a = d - mom_a * lr / math.sqrt(ms_a)  # I
        c = new_b
        d = new_a
    return d, c, math.sqrt(err)


def agrees(got: dict, want: dict, rel: float = 1e-9) -> tuple[bool, float]:
    """Whether a, b and error agree within ``rel``; also the worst relative gap."""
    worst = 0.0
    for key in ("a", "b", "error"):
        g, w = got.get(key), want[key]
        if not isinstance(g, (int, float)) or isinstance(g, bool) or not math.isfinite(g):
            return False, math.inf
        gap = abs(g - w) / max(abs(w), 1e-300)
        worst = max(worst, gap)
    return worst <= rel, worst


if __name__ == "__main__":  # python -m sheetgd.bench.workload ROWS FOLDER: prints the JSON's path
    import sys

    print(write_workload(int(sys.argv[1]), sys.argv[2])["json"])
