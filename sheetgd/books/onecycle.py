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

A sheet with the schedule holds, in rows 1-2, the cells ``E1:F2`` (mom max,
mom base), ``G1:H2`` (the epoch Run is on, written by the macros, and the
number of rows), four parameter cells in the schedule's columns (epochs,
pct_start; div, final div) and, two rows below the summary row, the derived
lr start, lr end, steps and warm-up end.  Each data row has four columns:
the step (counted across epochs from 0, held at ``steps-1`` once the cycle is
over: torch refuses to step further), its lr, its beta1 and 1-beta1.
"""

from __future__ import annotations

from ..engine.refs import col_to_letters, letters_to_col

#: OneCycleLR's defaults (fastai v1's fit_one_cycle's), and the cycle's length.
DEFAULTS = {"epochs": 5, "pct_start": 0.3, "div": 25.0, "final_div": 1e4,
            "mom_max": 0.95, "mom_base": 0.85}
HEADERS = ("step", "lr", "beta1", "1-beta1")


def schedule(d, first_col: str, summary: int, last: int, lr_cell: str, hp: dict) -> dict:
    """Write the schedule's cells and columns into the sheet definition ``d``
    (columns ``first_col`` and the three after it; ``lr_cell``: lr_max's
    address, e.g. ``D2``).  Returns the sheet-scoped names it defines."""
    o = letters_to_col(first_col)
    c0, c1, c2, c3 = (col_to_letters(o + i) for i in range(4))
    r1, r2 = summary + 1, summary + 2
    lr = "$" + lr_cell[0] + "$" + lr_cell[1:]
    d.cells.update({
        "E1": "mom max", "F1": float(hp["mom_max"]), "E2": "mom base", "F2": float(hp["mom_base"]),
        "G1": "epoch", "H1": 1.0, "G2": "rows", "H2": f"=ROWS(A4:A{last})",
        f"{c0}1": "epochs", f"{c1}1": float(hp["epochs"]),
        f"{c2}1": "pct_start", f"{c3}1": float(hp["pct_start"]),
        f"{c0}2": "div", f"{c1}2": float(hp["div"]),
        f"{c2}2": "final div", f"{c3}2": float(hp["final_div"]),
        f"{c0}{r1}": "lr start", f"{c1}{r1}": f"={lr}/{c1}2",
        f"{c2}{r1}": "lr end", f"{c3}{r1}": f"={c1}{r1}/{c3}2",
        f"{c0}{r2}": "steps", f"{c1}{r2}": f"={c1}1*H2",
        f"{c2}{r2}": "warm-up end", f"{c3}{r2}": f"={c3}1*{c1}{r2}-1",
    })
    for col, header in zip((c0, c1, c2, c3), HEADERS):
        d.cells[f"{col}3"] = header
    start, end = f"${c1}${r1}", f"${c3}${r1}"
    steps, warm = f"${c1}${r2}", f"${c3}${r2}"
    step = f"{c0}4"
    rise = f"({step}/{warm})"
    fall = f"(({step}-{warm})/(({steps}-1)-{warm}))"

    def cosine(start_v, end_v, pct):  # torch's _annealing_cos, in its order
        return f"{end_v}+({start_v}-{end_v})/2*(COS(PI()*{pct})+1)"

    d.fill.update({
        c0: (5, f"=MIN({c0}4+1,{steps}-1)"),
        c1: f"=IF({step}<={warm},{cosine(start, lr, rise)},{cosine(lr, end, fall)})",
        c2: f"=IF({step}<={warm},{cosine('$F$1', '$F$2', rise)},{cosine('$F$2', '$F$1', fall)})",
        c3: f"=1-{c2}4",
    })
    d.cells[f"{c0}4"] = f"=MIN(($H$1-1)*$H$2,{steps}-1)"
    return {"cycle_epoch": "H1", "cycle_epochs": f"{c1}1", "steps": f"{c1}{r2}",
            "lr_start": f"{c1}{r1}", "lr_end": f"{c3}{r1}", "warmup_end": f"{c3}{r2}"}
