"""The one-cycle schedule as formulas (issue 18 part 2; docs/workbooks.md, "One-cycle").

torch.optim.lr_scheduler.OneCycleLR (``anneal_strategy='cos'``,
``three_phase=False``, ``cycle_momentum=True``), which is fastai v1's
``fit_one_cycle``: over ``steps = epochs*rows`` iterations the learning rate
rises from ``lr_max/div`` to ``lr_max`` along a cosine until the step
``warmup_end = pct_start*steps - 1``, then falls along a cosine to
``lr_max/(div*final_div)`` at step ``steps - 1``; the momentum (Adam's beta1)
does the mirror image between ``mom_max`` and ``mom_base``.  In torch's
order of operations (``end + (start-end)/2*(cos(pi*pct)+1)``, ``pct =
step/warmup_end`` then ``(step-warmup_end)/((steps-1)-warmup_end)``), so each
row's lr is OneCycleLR's ``get_last_lr()`` at that step.

A sheet with the schedule holds, in rows 1-2 above the schedule's columns,
four parameter cells (epochs, pct_start; div, final div), then the derived
lr start, lr end, steps and warm-up end, mom max and mom base, the epoch Run
is on (written by the macros) and the number of rows (:func:`names`).  Each data row has four columns:
the step (counted across epochs from 0, held at ``steps-1`` once the cycle is
over: torch refuses to step further), its lr, its beta1 and 1-beta1.
"""

from __future__ import annotations

from ..engine.refs import col_to_letters, letters_to_col

#: OneCycleLR's defaults (fastai v1's fit_one_cycle's), and the cycle's length.
DEFAULTS = {"epochs": 5, "pct_start": 0.3, "div": 25.0, "final_div": 1e4,
            "mom_max": 0.95, "mom_base": 0.85}
HEADERS = ("step", "lr", "beta1", "1-beta1")


#: Columns the schedule takes: four per row, eight more (rows 1-2) for the derived
#: cells, the momenta, the epoch and the rows (E1:H2 holds the sheets' how-to note).
WIDTH = 12


def _cols(first_col: str) -> list[str]:
    o = letters_to_col(first_col)
    return [col_to_letters(o + i) for i in range(WIDTH)]


def names(first_col: str) -> dict[str, str]:
    """The sheet-scoped names of a schedule starting at ``first_col``:
    ``cycle_epoch`` (the cell Run counts epochs in), ``cycle_epochs``,
    ``lr_start``, ``lr_end``, ``steps``, ``warmup_end``."""
    c = _cols(first_col)
    return {"cycle_epoch": f"{c[11]}1", "cycle_epochs": f"{c[1]}1", "lr_start": f"{c[5]}1",
            "lr_end": f"{c[5]}2", "steps": f"{c[7]}1", "warmup_end": f"{c[7]}2"}


def schedule(d, first_col: str, last: int, lr_cell: str, hp: dict):
    """Write the schedule's cells and columns into the sheet definition ``d``
    (columns ``first_col`` and the seven after it; ``lr_cell``: lr_max's
    address, e.g. ``D2``)."""
    c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11 = _cols(first_col)
    top, base, epoch, rows = f"${c9}$1", f"${c9}$2", f"${c11}$1", f"${c11}$2"
    lr = "$" + lr_cell[0] + "$" + lr_cell[1:]
    d.cells.update({
        f"{c8}1": "mom max", f"{c9}1": float(hp["mom_max"]),
        f"{c8}2": "mom base", f"{c9}2": float(hp["mom_base"]),
        f"{c10}1": "epoch", f"{c11}1": 1.0, f"{c10}2": "rows", f"{c11}2": f"=ROWS(A4:A{last})",
        f"{c0}1": "epochs", f"{c1}1": float(hp["epochs"]),
        f"{c2}1": "pct_start", f"{c3}1": float(hp["pct_start"]),
        f"{c0}2": "div", f"{c1}2": float(hp["div"]),
        f"{c2}2": "final div", f"{c3}2": float(hp["final_div"]),
        f"{c4}1": "lr start", f"{c5}1": f"={lr}/{c1}2",
        f"{c4}2": "lr end", f"{c5}2": f"={c5}1/{c3}2",
        f"{c6}1": "steps", f"{c7}1": f"={c1}1*{c11}2",
        f"{c6}2": "warm-up end", f"{c7}2": f"={c3}1*{c7}1-1",
    })
    for col, header in zip((c0, c1, c2, c3), HEADERS):
        d.cells[f"{col}3"] = header
    start, end = f"${c5}$1", f"${c5}$2"
    steps, warm = f"${c7}$1", f"${c7}$2"
    step = f"{c0}4"
    rise = f"({step}/{warm})"
    fall = f"(({step}-{warm})/(({steps}-1)-{warm}))"

    def cosine(start_v, end_v, pct):  # torch's _annealing_cos, in its order
        return f"{end_v}+({start_v}-{end_v})/2*(COS(PI()*{pct})+1)"

    d.fill.update({
        c0: (5, f"=MIN({c0}4+1,{steps}-1)"),
        c1: f"=IF({step}<={warm},{cosine(start, lr, rise)},{cosine(lr, end, fall)})",
        c2: f"=IF({step}<={warm},{cosine(top, base, rise)},{cosine(base, top, fall)})",
        c3: f"=1-{c2}4",
    })
    d.cells[f"{c0}4"] = f"=MIN(({epoch}-1)*{rows},{steps}-1)"
