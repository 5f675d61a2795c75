"""Running the graddesc loops on a generated or a saved workbook, and the
tables ``sheetgd run`` prints.  Everything here is callable without the CLI."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .books.graddesc import OPTIMISERS, GradDescParams, build
from .books.macros import Runner, runner_for
from .engine import Workbook, XLError

JSON_KEYS = ("sheet", "epoch", "a", "b", "error", "lr", "mom_b", "mom_a", "ms_b", "ms_a")


def open_book(spec: str, params: GradDescParams | None = None, **limits) -> Workbook:
    """``"graddesc"`` (generated with ``params``) or the path of a workbook
    file (read within ``limits``: ``max_uncompressed``, ``max_cells``)."""
    if spec == "graddesc":
        return build(params or GradDescParams())
    from .io.xlsx_read import read_workbook

    return read_workbook(Path(spec), **limits)


@dataclass
class SheetRun:
    sheet: str
    runner: Runner

    @property
    def records(self):
        return self.runner.records


def run_sheets(book: Workbook, sheets, epochs: int, *, reset: bool = False,
               lr: float | None = None, carry: str = "faithful",
               params: GradDescParams | None = None) -> list[SheetRun]:
    """Run each sheet's loop for ``epochs`` epochs (after Reset if asked)."""
    runs = []
    for sheet in sheets:
        runner = runner_for(book, sheet, carry=carry, params=params)
        runner.run(epochs, reset=reset, lr=lr)
        runs.append(SheetRun(sheet, runner))
    return runs


def _json_value(v):
    if isinstance(v, XLError):
        return v.kind
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def records_json(runs: list[SheetRun]) -> list[dict]:
    """One record per sheet and epoch, with :data:`JSON_KEYS`."""
    out = []
    for run in runs:
        for rec in run.records:
            out.append({k: _json_value(getattr(rec, k)) for k in JSON_KEYS})
    return out


def _fmt(v, width=13) -> str:
    if v is None:
        return f"{'':>{width}}"
    if isinstance(v, XLError):
        return f"{v.kind:>{width}}"
    if isinstance(v, float):
        text = f"{v:.6g}"
        if len(text) >= width:
            text = f"{v:.4g}"
        return f"{text:>{width}}"
    return f"{v!s:>{width}}"


def sheet_table(run: SheetRun) -> str:
    """The per-epoch table of one sheet."""
    cols = ["epoch", "b", "a", "error", "lr"]
    state = [c for c in ("mom_b", "mom_a", "ms_b", "ms_a")
             if any(getattr(r, c) is not None for r in run.records)]
    lines = [f"{run.sheet}:", "".join(f"{c:>13}" for c in cols + state)]
    for r in run.records:
        lines.append("".join(_fmt(getattr(r, c)) for c in cols + state))
    lines += _endings([run])
    return "\n".join(lines)


def comparison_table(runs: list[SheetRun]) -> str:
    """Error per epoch, one column per optimiser (the lesson's comparison)."""
    epochs = max(len(r.records) for r in runs)
    lines = ["error per epoch (rmse = SQRT(SUM(err^2)))",
             f"{'epoch':>6}" + "".join(f"{r.sheet:>13}" for r in runs)]
    for e in range(epochs):
        lines.append(f"{e:>6}" + "".join(
            _fmt(r.records[e].error) if e < len(r.records) else f"{'':>13}" for r in runs))
    final = ["", f"{'b':>6}" + "".join(_fmt(r.records[-1].b) for r in runs),
             f"{'a':>6}" + "".join(_fmt(r.records[-1].a) for r in runs)]
    return "\n".join(lines + final + _endings(runs))


def _endings(runs: list[SheetRun]) -> list[str]:
    notes = []
    for r in runs:
        if r.runner.diverged_at is not None:
            notes.append(f"{r.sheet}: diverged at epoch {r.runner.diverged_at}")
        if r.runner.stopped:
            notes.append(f"{r.sheet}: the macro stopped after epoch "
                         f"{len(r.records) - 1}: {r.runner.stopped}")
    return notes


def csv_text(runs: list[SheetRun]) -> str:
    import pandas as pd

    frame = pd.concat([r.runner.frame() for r in runs], ignore_index=True)
    return frame.to_csv(index=False)


def all_sheets() -> tuple[str, ...]:
    return OPTIMISERS


def write_output(path, text: str) -> Path:
    """Write a run's output (table, JSON or CSV) into ``path`` atomically,
    creating its folder if missing."""
    from .io.atomic import ensure_folder, write_text_atomic

    path = Path(path)
    ensure_folder(path.parent)
    return write_text_atomic(path, text)
