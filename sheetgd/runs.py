"""Running the graddesc loops on a generated or a saved workbook, and the
tables ``sheetgd run`` prints.  Everything here is callable without the CLI."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .books.graddesc import OPTIMISERS, GradDescParams, Layout, build
from .books.macros import Runner, runner_for
from .engine import Workbook, XLError
from .engine.refs import parse_area

JSON_KEYS = ("sheet", "epoch", "a", "b", "error", "lr", "mom_b", "mom_a", "ms_b", "ms_a")

#: The names the row count is read from (a sheet's last data row).
_ROW_NAMES = ("lastslope", "newslope")
#: The inputs a person edits at the top of a sheet: (record field, name, what it is).
_INPUTS = (("lr", "lr", "the learning rate"), ("b", "const", "b, the intercept"),
           ("a", "slope", "a, the slope"))


class BookError(ValueError):
    """A workbook the run loops cannot use as it stands: a name that points
    nowhere (#REF!), an input cell holding text.  The message names the
    sheet and the name or cell."""


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
        check_names(book, sheet)
        runner = runner_for(book, sheet, carry=carry, params=params)
        runner.run(epochs, reset=reset, lr=lr)
        check_inputs(runner)
        runs.append(SheetRun(sheet, runner))
    return runs


def _program_names(sheet: str) -> list[str]:
    from .books.parity import PARITY_SHEETS, ParityLayout

    lay = ParityLayout(sheet, 2) if sheet in PARITY_SHEETS else Layout(sheet, 2)
    return list(dict.fromkeys([*_ROW_NAMES, *lay.names]))


def check_names(book: Workbook, sheet: str) -> None:
    """BookError when a name the sheet's macros use points nowhere: ``#REF!``
    (its cells were deleted), or, for the name the row count is read from,
    anything but cells."""
    if not book.has_sheet(sheet):
        return  # runner_for says so
    name_of_sheet = book.sheet_name(sheet)
    for name in _program_names(sheet):
        defined = book.names.lookup(name, name_of_sheet)
        if defined is None:
            continue
        text = defined.text.lstrip("=")
        if "#REF!" in text.upper():
            raise BookError(f"sheet {name_of_sheet}: the name {name} is {text} (its cells were "
                            "deleted); it must name cells of the sheet")
        if name in _ROW_NAMES:
            try:
                parse_area(text, default_sheet=name_of_sheet)
            except ValueError:
                raise BookError(f"sheet {name_of_sheet}: the name {name} is {text}, not cells; "
                                "it must name the last data row's cell") from None


def check_inputs(runner: Runner) -> None:
    """BookError when the learning rate, b or a the run started from (epoch 0,
    after Reset if pressed) is text or an error value rather than a number:
    the macros would compute nothing but errors from it."""
    if not runner.records:
        return
    first = runner.records[0]
    for field, name, what in _INPUTS:
        value = getattr(first, field)
        if isinstance(value, (str, XLError)):
            shown = f"text {value!r}" if isinstance(value, str) else value.kind
            where = runner.address(name) or name
            raise BookError(f"sheet {runner.sheet}: {what} ({where}, name {name}) holds {shown}, "
                            "not a number")


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


def write_output(path, text: str):
    """Write a run's output (table, JSON or CSV) into ``path``, creating its
    folder if missing; returns where it went (:class:`.io.atomic.Target`).

    A regular file (or a new name) is replaced atomically; a symlink's target
    is replaced and the link kept; a device, FIFO or ``/dev/stdout`` is
    written through, never replaced (:func:`.io.atomic.resolve_target`)."""
    from .io.atomic import ensure_folder, resolve_target, write_text_atomic

    path = Path(path)
    target = resolve_target(path)
    if not target.through:
        ensure_folder(target.path.parent)
    write_text_atomic(path, text)
    return target
