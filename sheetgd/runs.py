"""Running the graddesc loops on a generated or a saved workbook, and the
tables ``sheetgd run`` prints.  Everything here is callable without the CLI."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .books.graddesc import DATA_A, DATA_B, OPTIMISERS, GradDescParams, Layout, build
from .books.macros import RECORD_FIELDS, STATE_COLUMNS, Record, Runner, runner_for
from .engine import Workbook, XLError
from .gcpause import frozen_heap
from .engine.refs import parse_area

#: The names the row count is read from (a sheet's last data row).
_ROW_NAMES = ("lastslope", "newslope")
#: The inputs a person edits at the top of a sheet: (record field, name, what it is).
_INPUTS = (("lr", "lr", "the learning rate"), ("b", "const", "b, the intercept"),
           ("a", "slope", "a, the slope"))

#: What epoch 0 is: the state the run starts from.
AFTER_RESET = "after Reset, before any Run"
AS_SAVED = "the state the book was saved in (sheetgd build saves it after Reset)"


class BookError(ValueError):
    """A workbook the run loops cannot use as it stands: a name that points
    nowhere (#REF!), an input cell holding text.  The message names the
    sheet and the name or cell."""


class NoRunLoop(BookError):
    """A workbook without Run/Reset loops (entropy.xlsx): nothing to run."""


def open_book(spec: str, params: GradDescParams | None = None, sheets=None,
              **limits) -> Workbook:
    """``"graddesc"`` (generated with ``params``; of its optimiser and parity
    sheets only ``sheets``, None: all) or the path of a workbook file (read
    within ``limits``: ``max_uncompressed``, ``max_cells``)."""
    if spec == "graddesc":  # the sheets to run, without the data sheet, which none reads
        return build(params or GradDescParams(), sheets=sheets, data=False)
    from .io.xlsx_read import read_workbook

    return read_workbook(Path(spec), **limits)


@dataclass
class SheetRun:
    """One sheet's records, epoch 0 first; ``stopped``: why the macro stopped
    early (a run-time error of the VBA), if it did; ``held``: for a macro-free
    sheet, the last epoch the book lays out."""

    sheet: str
    records: list[Record]
    stopped: str | None = None
    held: int | None = None

    @property
    def diverged_at(self) -> int | None:
        """The first epoch whose a, b or error is an error value or not finite."""
        return next((r.epoch for r in self.records if r.diverged), None)


@dataclass
class Runs:
    """What ``sheetgd run`` reports: the sheets' runs, what epoch 0 is
    (:data:`AFTER_RESET` or :data:`AS_SAVED`), the data's true ``(b, a)``
    (None when the book does not say) and, for a macro-free book, the epochs
    asked for."""

    runs: list[SheetRun]
    start: str
    target: tuple[float, float] | None
    asked: int | None = None

    def short_of(self) -> list[SheetRun]:
        """The macro-free sheets that hold fewer epochs than were asked for."""
        return [r for r in self.runs if r.held is not None and self.asked > r.held]


def run_sheets(book: Workbook, sheets, epochs: int, *, reset: bool = False,
               lr: dict | None = None, carry: str = "faithful",
               params: GradDescParams | None = None) -> Runs:
    """Run each sheet's loop for ``epochs`` epochs, or read them from a
    macro-free book (:mod:`.books.unrolled_read`).

    ``lr``: {sheet: learning rate} written into the sheet before the run;
    with ``reset`` it is written before Reset and Reset writes it (as
    ``build --lr`` makes the book), so a macro-free book, whose epochs start
    from Reset's passes computed with its lr cell, gives the same records.
    A generated book (``params``) and a macro-free one start after Reset;
    another file as saved, unless ``reset``.  NoRunLoop for a book with no
    graddesc sheet but the entropy sheets; BookError, MacroError otherwise."""
    lr = lr or {}
    if book.has_sheet("entropy") and not any(book.has_sheet(s) for s in OPTIMISERS):
        raise NoRunLoop("the softmax/cross-entropy workbook has no Run loop: its values are "
                        "formulas only")
    with frozen_heap():  # the book's cells: no full collection goes over them each recalculation
        return _run_sheets(book, sheets, epochs, reset, lr, carry, params)


def _run_sheets(book, sheets, epochs, reset, lr, carry, params) -> Runs:
    from dataclasses import replace

    from .books.unrolled_read import is_unrolled, read_epochs

    runs, unrolled = [], False
    for sheet in sheets:
        if is_unrolled(book, sheet):
            epochs_of = read_epochs(book, sheet, epochs, carry=carry, lr=lr.get(sheet))
            runs.append(SheetRun(sheet, epochs_of.records, held=epochs_of.held))
            unrolled = True
            continue
        check_names(book, sheet)
        run_params = params or GradDescParams()
        if sheet in lr:
            run_params = replace(run_params, lr={**run_params.lr, sheet: lr[sheet]})
        runner = runner_for(book, sheet, carry=carry, params=run_params)
        if reset and sheet in lr:
            runner.set_lr(lr[sheet])  # Reset computes with it (rmsprop's warm-up)
        runner.play(epochs, reset=reset, lr=lr.get(sheet))  # no DataFrame: no pandas import
        check_inputs(runner)
        runs.append(SheetRun(sheet, runner.records, runner.stopped))
    start = AFTER_RESET if reset or unrolled or params is not None else AS_SAVED
    target = target_of(book)
    if target is None and params is not None:  # generated without its data sheet: its values
        target = (float(params.true_b), float(params.true_a))
    return Runs(runs, start, target, asked=epochs if unrolled else None)


def target_of(book: Workbook) -> tuple[float, float] | None:
    """The data's true (b, a) of y = a*x + b, from the book's data sheet; None without one."""
    if not book.has_sheet("data"):
        return None
    data = book.sheet_name("data")
    b, a = (book.value(f"{data}!{cell}") for cell in (DATA_B, DATA_A))
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                  for v in (b, a))
    return (float(b), float(a)) if numbers else None


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


def records_json(runs: Runs) -> list[dict]:
    """One record per sheet and epoch, with the keys :data:`.books.macros.RECORD_FIELDS`
    in that order (an error value as its text, ``#NUM!``; a non-finite number as null)."""
    return [{k: _json_value(getattr(rec, k)) for k in RECORD_FIELDS}
            for run in runs.runs for rec in run.records]


def csv_text(runs: Runs) -> str:
    """The records of :func:`records_json` as CSV, its keys as the columns in the
    same order (null: an empty field)."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RECORD_FIELDS)
    for record in records_json(runs):
        writer.writerow(["" if v is None else v for v in record.values()])
    return out.getvalue()


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


def _target_line(runs: Runs) -> str:
    if runs.target is None:
        return "target: the book has no data sheet giving the true b and a"
    b, a = (f"{v:.15g}" for v in runs.target)
    return f"target: b = {b}, a = {a} (the data sheet's y = {a}x + {b})"


def sheet_table(runs: Runs) -> str:
    """The per-epoch table of one sheet: b, a, error, lr, the optimiser state
    and the smoothed error."""
    run = runs.runs[0]
    cols = ["epoch", "b", "a", "error", "lr"]
    state = [c for c in STATE_COLUMNS if any(getattr(r, c) is not None for r in run.records)]
    lines = [f"{run.sheet}, epoch 0: {runs.start}",
             "".join(f"{c:>{max(13, len(c) + 1)}}" for c in cols + state)]
    for r in run.records:  # a column as wide as its header (smoothed_error)
        lines.append("".join(_fmt(getattr(r, c), max(13, len(c) + 1)) for c in cols + state))
    return "\n".join(lines + [_target_line(runs)] + _endings(runs.runs))


def comparison_table(runs: Runs) -> str:
    """Error per epoch, one column per optimiser (the lesson's comparison),
    with each sheet's learning rate, its b and a after the last epoch, and
    the data's true b and a."""
    sheets = runs.runs
    epochs = max(len(r.records) for r in sheets)
    lines = [f"error per epoch (rmse = SQRT(SUM(err^2))); epoch 0: {runs.start}",
             f"{'epoch':>6}" + "".join(f"{r.sheet:>13}" for r in sheets),
             f"{'lr':>6}" + "".join(_fmt(r.records[0].lr) for r in sheets)]
    for e in range(epochs):
        lines.append(f"{e:>6}" + "".join(
            _fmt(r.records[e].error) if e < len(r.records) else f"{'':>13}" for r in sheets))
    lines += ["", f"after the last epoch ({epochs - 1}):",
              f"{'b':>6}" + "".join(_fmt(r.records[-1].b) for r in sheets),
              f"{'a':>6}" + "".join(_fmt(r.records[-1].a) for r in sheets)]
    if any(r.records[-1].lr != r.records[0].lr for r in sheets):  # adam_ann anneals it
        lines.append(f"{'lr':>6}" + "".join(_fmt(r.records[-1].lr) for r in sheets))
    return "\n".join(lines + [_target_line(runs)] + _endings(sheets))


def _endings(runs: list[SheetRun]) -> list[str]:
    notes = []
    for r in runs:
        if r.diverged_at is not None:
            notes.append(f"{r.sheet}: diverged at epoch {r.diverged_at}")
        if r.stopped:
            notes.append(f"{r.sheet}: the macro stopped after epoch "
                         f"{len(r.records) - 1}: {r.stopped}")
    return notes


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
