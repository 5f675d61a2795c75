"""What ``sheetgd build`` writes into ``workbooks/``:

1. ``graddesc.xlsx`` — macro-free: every epoch of every optimiser's Run loop
   as live formulas (:mod:`sheetgd.books.unrolled`), charts, a summary sheet;
2. ``graddesc.xlsm`` — faithful to the original: one epoch per sheet, the
   recorded history, Run/Reset buttons bound to VBA macros (also written as
   ``graddesc.bas``), and the torch.optim parity sheets;
3. ``entropy.xlsx`` — the softmax / cross-entropy book.

``build`` writes all four files or none (:func:`build_products`), leaves a
file alone when its cells already equal what it would write (with
``force``, unless its look differs), and refuses, without ``force``, to
overwrite one whose cells differ (the ``.bas`` too).  Each sheet's look --
notes, buttons, formats, widths, print set-up, the summary's teaching
sentences (:mod:`sheetgd.books.wording`) -- is decided here, from the
programs and the computed values.
"""

from __future__ import annotations

import gc
import hashlib
import re
import logging
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .books import entropy, graddesc, lr_find, unrolled, wording
from .books.graddesc import OPTIMISERS, Layout
from .books.parity import ADAM_SHEETS
from .books.programs import parameters, program_for
from .books.sheetdef import install
from .books.styles import (
    BETA, COUNT, DEFAULT_WIDTH, NUMBER, Button, PrintSetup, SheetStyle, log_bounds, optimiser_style,
    summary_chart, top_row_formats,
)
from .books.textfit import EPSILON, PROBABILITY, integer_format, text_width
from .books.styles import Chart, Series
from .engine import Workbook
from .gcpause import paused_gc
from .engine.refs import col_to_letters, letters_to_col
from .io.atomic import Batch, folder_lock
from .io.xlsx_write import write_xlsx

log = logging.getLogger(__name__)

XLSM_HISTORY_ROWS = 100  # epochs the charts of graddesc.xlsm have room for
#: Where each optimiser sheet's how-to note goes: free cells of rows 1-2
#: within A..N (basic's E..I hold its learning rate and formula labels).
NOTE_AREAS = {"basic": "K1:N2"}
NOTE_AREA = "E1:H2"
#: The Run and Reset buttons: top left, in the frozen rows above the table.
BUTTON_CELLS = {"run": "A1", "reset": "A2"}
BUTTON_ROW_HEIGHT = 24.0  # points: rows 1-2 are at least this tall where the buttons are


@dataclass
class Product:
    name: str  # file name
    book: Workbook
    styles: dict
    vba: object = None  # callable(xlsxwriter.Workbook) adding the VBA project
    layout: dict | None = None  # graddesc.xlsx: {sheet: unrolled.UnrolledSheet}, where the passes are
    fingerprint: str | None = None  # stamped into the file (sheetgd.io.fingerprint)

    @property
    def bas(self) -> bytes | None:
        """The ``.bas`` file written beside (graddesc.xlsm's macros), or None."""
        source = getattr(self.vba, "source", None)
        return None if source is None else source.replace("\n", "\r\n").encode("utf-8")


@dataclass
class Plan:
    """A workbook build writes, before it is made: its name, what it is
    made from, and how to make it."""
    name: str
    what: tuple  # the parameters (their repr goes into the fingerprint)
    make: object  # callable() -> Product
    with_bas: bool = False  # a .bas is written beside it

    @property
    def fingerprint(self) -> str:
        from .io.fingerprint import fingerprint

        return fingerprint(self.name, *self.what)

    def bas_path(self, folder: Path) -> Path:
        return folder / Path(self.name).with_suffix(".bas").name


def _top(book: Workbook, sheet: str) -> dict[str, object]:
    """Rows 1-2 of a sheet: {"B1": value}."""
    return {f"{col_to_letters(c)}{r}": book.stored(sheet, r, c)
            for r, c in book.sheet(sheet).cells if r <= 2}


def _row1_formats(style: SheetStyle, top: dict):
    """Row 1's numbers right of column H (betas, eps, torch's fresh flag), by
    the label to their left."""
    label = None
    for addr in sorted((a for a in top if a.endswith("1") and len(a) == 2), key=letters_to_col_of):
        value = top[addr]
        if isinstance(value, str):
            label = value
        elif letters_to_col_of(addr) >= 10:
            style.cell_formats[addr] = {"eps": EPSILON, "fresh": COUNT}.get(label, BETA)


def letters_to_col_of(addr: str) -> int:
    return letters_to_col(addr.rstrip("0123456789"))


def _optimiser_look(book: Workbook, kind: str, history_col: int, rows_shown: int,
                    state_cols: str, names: dict, params: graddesc.GradDescParams) -> SheetStyle:
    """Formats, widths, header cells and chart of an optimiser sheet (lesson or parity)."""
    x = graddesc.draw_x(params)
    y = [params.true_b + xi * params.true_a for xi in x]  # as the sheets' column B
    history = program_for(kind).history_fields
    style = optimiser_style(kind, history_col, rows_shown, state_cols,
                            x_format=integer_format(x), y_format=integer_format(y),
                            history=history)
    reading = {**wording.WEIGHT_DECAY_NOTES, **wording.ONE_CYCLE_NOTES}
    if kind in reading:  # under the chart
        first = history_col + len(history) + 1
        style.add_note(f"{col_to_letters(first)}22:{col_to_letters(first + 8)}29",
                       reading[kind], size=10)
    top = _top(book, kind)
    if kind in ADAM_SHEETS:
        style.number_formats["N"] = COUNT  # torch's step count t
    _row1_formats(style, top)
    headers = tuple(a for a, v in top.items() if a.endswith("2") and isinstance(v, str)
                    and letters_to_col_of(a) in {letters_to_col(c) for c in state_cols + "N"}
                    and letters_to_col_of(a) < history_col)
    top_row_formats(style, top, names["lr"], headers=headers, last_col=history_col - 2)
    style.fit_columns(book.stored_cells(kind))
    for addr, value in top.items():  # torch's parameter name, wider than a column
        schedule_label = "cycle" in kind and isinstance(value, str) and \
            15 <= letters_to_col_of(addr) < history_col - 1  # one-cycle's "warm-up end"
        if value == "weight_decay" or schedule_label:
            col = letters_to_col_of(addr)
            style.set_width(col, max(style.width_of(col), round(text_width(value) + 0.99)))
    return style


def _one_cycle_charts(style: SheetStyle, kind: str, history_col: int, history: tuple,
                      blocks: list[tuple[int, int]]):
    """one_cycle's charts under its how-to-read note: lr and beta1 per
    iteration side by side (fastai's ``recorder.plot_lr(show_moms=True)``),
    and the loss per iteration, raw and smoothed; ``blocks``: the (first,
    last) rows of the iterations shown (the sheet's rows, or the macro-free
    book's epochs of the cycle)."""
    lay = Layout(kind, 1)
    step = letters_to_col(lay.schedule_col)
    (first, last), more = blocks[0], tuple(blocks[1:])

    def series(name, col):
        return Series(name, kind, col, first, last, more)

    left = history_col + len(history) + 1
    charts = [
        Chart("learning rate per iteration", f"{col_to_letters(left)}31", series("step", step),
              [series("lr", step + 1)], y_title="lr", x_title="iteration", size=(400, 288)),
        Chart("momentum (beta1) per iteration", f"{col_to_letters(left + 5)}31",
              series("step", step), [series("beta1", step + 2)], y_title="beta1",
              x_title="iteration", size=(400, 288)),
        Chart("loss per iteration", f"{col_to_letters(left)}47", series("step", step),
              [series("loss (err^2)", letters_to_col(lay.error_col)),
               series("smoothed", letters_to_col(graddesc.SMOOTHED_LOSS_COL))],
              y_title="loss", x_title="iteration", log_y=True, size=(800, 320)),
    ]
    style.charts.extend(charts)


def _with_note(style: SheetStyle, kind: str, text: str, buttons: dict | None = None):
    """The how-to note in rows 1-2, and the buttons (xlsm) at the top left."""
    if buttons:
        for row in (1, 2):
            style.row_heights[row] = max(style.row_heights.get(row, 15.0), BUTTON_ROW_HEIGHT)
        for caption, (macro, cell) in buttons.items():
            style.buttons.append(Button(caption, macro, cell))
    style.add_note(NOTE_AREAS.get(kind, NOTE_AREA), text)


def _buttons(kind: str, program) -> dict:
    return {"Run": (f"{kind}.{program.run}", BUTTON_CELLS["run"]),
            "Reset": (f"{kind}.{program.reset}", BUTTON_CELLS["reset"])}


def _data_style(params: graddesc.GradDescParams, book: Workbook) -> SheetStyle:
    true = [book.stored("data", r, 3) for r in (1, 2)]
    style = SheetStyle(widths={"A:C": 9}, freeze=(4, 0), bold_rows=(4,),
                       number_formats={"B": COUNT, "C": integer_format(
                           [book.stored("data", r, 3) for r in range(5, params.rows + 5)])},
                       cell_formats={f"C{r}": integer_format([v]) for r, v in zip((1, 2), true)},
                       right={"B1", "B2"}, print_setup=PrintSetup(repeat_rows=(4, 4)))
    lesson = params.seed is None and params.rows == len(graddesc.LESSON_X)
    style.add_note("E1:M3", size=10, text=wording.data_note(params.true_a, params.true_b, lesson, params.seed))
    return style


def _summary_sheet(book: Workbook, error_cells: dict[str, list[str]], guard: bool,
                   text: str, bounds: tuple) -> SheetStyle:
    """A table of every optimiser's error per epoch, the teaching sentences,
    and one chart of them all (log axis from ``bounds``)."""
    _summary_cells(book, error_cells, guard)
    return _summary_style(error_cells, guard, text, bounds)


def _summary_cells(book: Workbook, error_cells: dict[str, list[str]], guard: bool) -> None:
    """The summary sheet's cells (first of the book): none depends on a
    computed value, so a book can get them before it is first calculated."""
    book.add_sheet("summary", index=0)
    rows = max(len(v) for v in error_cells.values())
    title = "Error per epoch of every optimiser (the square root of the summed squared error)"
    book.put("summary", 1, 1, title + (": it fills in as you press Run on each sheet"
                                        if guard else ""))
    book.put("summary", 3, 1, "epoch")
    for j, name in enumerate(error_cells):
        book.put("summary", 3, 2 + j, name)
        for i, ref in enumerate(error_cells[name]):
            formula = f'=IF({ref}="",NA(),{ref})' if guard else f"={ref}"
            book.put_formula("summary", 4 + i, 2 + j, formula)
    for i in range(rows):
        book.put("summary", 4 + i, 1, float(i))


def _summary_style(error_cells: dict[str, list[str]], guard: bool, text: str,
                   bounds: tuple) -> SheetStyle:
    """The summary sheet's look: widths, the note holding ``text``, the chart."""
    rows = max(len(v) for v in error_cells.values())
    last = col_to_letters(1 + len(error_cells))
    style = SheetStyle(widths={"A": 8, f"B:{last}": 12}, freeze=(3, 1), bold_rows=(1, 3),
                       number_formats={"A": COUNT, **{col_to_letters(2 + j): NUMBER
                                                      for j in range(len(error_cells))}},
                       print_setup=PrintSetup(repeat_rows=(3, 3)))
    style.add_note("A2:N2", "This table collects each optimiser sheet's history, one row per "
                            "epoch; the chart plots it on a log scale. " + text, size=10)
    if guard:  # epochs not run yet are #N/A (the chart leaves them out): not shown
        style.hide_errors.append(f"B4:{last}{3 + rows}")
    style.charts.append(summary_chart(list(error_cells), 4, 4 + rows - 1, "H4", bounds,
                                      size=(int(7 * (DEFAULT_WIDTH * 7 + 5)), 340)))
    return style


def _histories(records: dict) -> dict[str, list[dict]]:
    return {s: [{"epoch": r.epoch, "b": r.b, "a": r.a, "error": r.error, "lr": r.lr}
                for r in recs] for s, recs in records.items()}


def _run_records(params: graddesc.GradDescParams, epochs: int) -> dict:
    """The engine's run loop on each optimiser sheet: Reset, then ``epochs`` epochs."""
    from .books.macros import runner_for

    live = graddesc.build(params, parity=False)
    out = {}
    for kind in OPTIMISERS:
        runner = runner_for(live, kind, params=params)
        runner.play(epochs, reset=True)
        out[kind] = runner.records
    return out


def graddesc_xlsx(params: graddesc.GradDescParams, epochs: int = unrolled.DEFAULT_EPOCHS,
                  carry: str = "faithful") -> Product:
    errors = {}

    def add_summary(book, sheets):  # before the first calculation: no second full one
        install(book, lr_find.sheet_def(params))
        for kind, sheet in sheets.items():
            col, first, last = sheet.history_range(0)
            err = col_to_letters(col + 3)
            errors[kind] = [f"{kind}!{err}{r}" for r in range(first, last + 1)]
        _summary_cells(book, errors, False)

    book, sheets = unrolled.build(params, epochs, carry, before_calculation=add_summary)
    styles = {"data": _data_style(params, book)}
    histories = {}
    for kind, sheet in sheets.items():
        col, first, last = sheet.history_range(0)
        lay = Layout(kind, params.rows)
        style = _optimiser_look(book, kind, col, last - first + 1,
                                lay.state_cols + lay.dec_cols, lay.names, params)
        style.bold_cells.update(f"A{p.label_row}" for p in sheet.passes)
        if kind in graddesc.ONE_CYCLE_SHEETS:  # the cycle's iterations: steps 0.. in epoch 0's pass
            cycle = sheet.epoch_passes[:int(params.one_cycle_of()["epochs"])]
            _one_cycle_charts(style, kind, col, program_for(kind).history_fields,
                              [(lay.first + p.offset, lay.last + p.offset) for p in cycle])
        lr_cell = lay.names["lr"]
        _with_note(style, kind, wording.unrolled_note(epochs, lr_cell, bool(lay.state_cols),
                                                          bool(lay.dec_cols)))
        styles[kind] = style
        histories[kind] = [dict(zip(graddesc.HISTORY_HEADERS,
                                    (book.stored(kind, r, col + i) for i in range(5))))
                           for r in range(first, last + 1)]
    text = wording.summary_text(histories, params.true_a, f"after {epochs} epochs")
    bounds = log_bounds([h["error"] for hs in histories.values() for h in hs])
    styles["summary"] = _summary_style(errors, False, text, bounds)
    styles[lr_find.SHEET] = lr_find.style(book)
    graddesc.show_seed_draw(book, params)
    return Product("graddesc.xlsx", book, styles, layout=sheets)


def graddesc_xlsm(params: graddesc.GradDescParams) -> Product:
    from .books.parity import NOTES, PARITY_SHEETS, ParityLayout
    from .vba.project import graddesc_vba

    book = graddesc.build(params)
    styles = {"data": _data_style(params, book)}
    errors = {}
    for kind in OPTIMISERS:
        lay = Layout(kind, params.rows)
        col = letters_to_col(lay.history_col)
        style = _optimiser_look(book, kind, col, XLSM_HISTORY_ROWS,
                                lay.state_cols + lay.dec_cols, lay.names, params)
        if kind in graddesc.ONE_CYCLE_SHEETS:
            _one_cycle_charts(style, kind, col, program_for(kind).history_fields,
                              [(lay.first, lay.last)])
        program = program_for(kind)
        _with_note(style, kind, wording.xlsm_note(program, parameters(kind, params),
                                                  lay.names["lr"]), _buttons(kind, program))
        styles[kind] = style
        err = col_to_letters(col + 3)
        errors[kind] = [f"{kind}!{err}{r}" for r in range(4, 4 + XLSM_HISTORY_ROWS)]
    for kind in PARITY_SHEETS:
        lay = ParityLayout(kind, params.rows)
        col = letters_to_col(lay.history_col)
        style = _optimiser_look(book, kind, col, XLSM_HISTORY_ROWS, lay.state_cols, lay.names,
                                params)
        program = program_for(kind)
        optimiser = re.match(r"torch\.optim\.\w+\([^)]*\)", NOTES[kind]).group(0)
        _with_note(style, kind, wording.parity_note(program, parameters(kind, params),
                                                    lay.names["lr"], optimiser),
                   _buttons(kind, program))
        styles[kind] = style
    records = _run_records(params, unrolled.DEFAULT_EPOCHS)
    presses = unrolled.DEFAULT_EPOCHS // program_for("basic").steps_per_run
    text = wording.summary_text(_histories(records), params.true_a,
                                f"after {presses} presses of Run ({unrolled.DEFAULT_EPOCHS} epochs)")
    # The axis scales itself: what the chart shows grows with every press of Run.
    styles["summary"] = _summary_sheet(book, errors, True, text, (None, None))
    install(book, lr_find.sheet_def(params))  # no macros: a pure formula sheet
    book.calculate_all()
    styles[lr_find.SHEET] = lr_find.style(book)
    graddesc.show_seed_draw(book, params)
    return Product("graddesc.xlsm", book, styles, graddesc_vba(params))


def entropy_xlsx(params: entropy.EntropyParams | None = None) -> Product:
    book = entropy.build(params)
    notes = {
        "softmax": ("A10:L11", "How to use this sheet: change the outputs in B3:B7. Softmax (D) "
                               "is unchanged when every output moves by the same constant "
                               "(column G is column B shifted so the exps sum to 3); the sigmoid "
                               "'binary' view (K, L) is not."),
        "entropy": ("G1:L6", "How to use this sheet: binary cross-entropy of a prediction of "
                             "'cat', two ways (D and E agree). Excel's LOG is base 10. C9 is a "
                             "stray calculation of the original (25000*128*4/1000)."),
        "log_entropy": ("K1:N6", "How to use this sheet: cross-entropy as an index lookup: "
                                 "MATCH(1, isCat:isDog) finds the true class and OFFSET picks "
                                 "its log-probability."),
    }
    counts = {"softmax": {}, "entropy": {"B": COUNT}, "log_entropy": {c: COUNT for c in "BCH"}}
    stray = f"C{len((params or entropy.EntropyParams()).labels) + 4}"  # 25000*128*4/1000
    styles = {}
    for name, (area, note) in notes.items():
        style = SheetStyle(widths={"A:L": 11}, freeze=(2 if name == "softmax" else 1, 1),
                           bold_rows=(1, 2) if name == "softmax" else (1,),
                           number_formats={**{c: PROBABILITY for c in "BCDEFGHIKL"},
                                           **counts[name]},
                           print_setup=PrintSetup(repeat_rows=(1, 2 if name == "softmax" else 1)))
        if name == "entropy":
            style.cell_formats[stray] = COUNT
        style.fit_columns(book.stored_cells(name))
        style.add_note(area, note, size=10)
        styles[name] = style
    return Product("entropy.xlsx", book, styles)


def plans(params=None, entropy_params=None, epochs=unrolled.DEFAULT_EPOCHS) -> list[Plan]:
    """What build writes, in order, not made yet."""
    params = params or graddesc.GradDescParams()
    entropy_params = entropy_params or entropy.EntropyParams()
    return [Plan("graddesc.xlsx", (params, epochs), lambda: graddesc_xlsx(params, epochs)),
            Plan("graddesc.xlsm", (params,), lambda: graddesc_xlsm(params), with_bas=True),
            Plan("entropy.xlsx", (entropy_params,), lambda: entropy_xlsx(entropy_params))]


def made(plan: Plan) -> Product:
    product = plan.make()
    product.fingerprint = plan.fingerprint
    return product


def products(params=None, entropy_params=None, epochs=unrolled.DEFAULT_EPOCHS):
    return [made(plan) for plan in plans(params, entropy_params, epochs)]


class StaleFileError(RuntimeError):
    """A file exists whose contents differ from what build would write."""


@contextmanager
def _finalizers_logged():
    """A zip that failed half-way (a full disk) is closed by the garbage
    collector, which fails again on the same disk: Python would print
    "Exception ignored in ZipFile.__del__" and a traceback after sheetgd's
    one-line error.  Within the block such an error is logged (seen with
    --debug) and, when the block failed (an exception, or the caller
    appended to the list it is given), the collector runs before it ends (a
    full collection takes a second after a large build: not after a write
    that went well)."""
    old = sys.unraisablehook

    def hook(unraisable):
        log.debug("while finalizing %r: %s: %s", unraisable.object,
                  type(unraisable.exc_value).__name__, unraisable.exc_value)
    sys.unraisablehook = hook
    failed: list = []
    try:
        yield failed
    except BaseException:
        failed.append(True)
        raise
    finally:
        if failed:
            gc.collect()
        sys.unraisablehook = old


def _copy_of(exc: OSError) -> OSError:
    try:
        copy = type(exc)(*exc.args)
    except Exception:
        copy = OSError(exc.errno, exc.strerror)
    copy.filename = exc.filename
    return copy


def _xlsx_writer(product: Product):
    from .io.fingerprint import BAS

    bas = product.bas
    properties = {} if bas is None else {BAS: hashlib.sha256(bas).hexdigest()}

    def write(tmp):
        error = None
        with _finalizers_logged() as failed:
            try:
                write_xlsx(product.book, tmp, product.styles, product.vba,
                           fingerprint=product.fingerprint, properties=properties)
            except OSError as exc:  # a copy, without the frames that hold the broken zip
                error = _copy_of(exc)
                failed.append(exc.errno)
        if error is not None:
            raise error
    return write


def _bas_differences(old: Path, new: Path) -> list[str]:
    """Where a ``.bas`` file differs from the new one (the first line that does)."""
    a, b = old.read_bytes(), new.read_bytes()
    if a == b:
        return []
    old_lines, new_lines = a.split(b"\n"), b.split(b"\n")
    line = next((i for i, (x, y) in enumerate(zip(old_lines, new_lines)) if x != y),
                min(len(old_lines), len(new_lines)))
    return [f"line {line + 1} differs"]


def _files(product: Product):
    """(file name, writer(tmp), differences(old, new)) of what build writes
    of one product, in order."""
    from .io.compare import same_cells

    yield product.name, _xlsx_writer(product), same_cells
    text = product.bas
    if text is not None:
        yield (Path(product.name).with_suffix(".bas").name,
               lambda tmp, text=text: Path(tmp).write_bytes(text), _bas_differences)


def still_current(folder: Path, plan: Plan) -> bool:
    """Whether the file of ``plan`` in ``folder`` (and its ``.bas``) is
    what build would write, decided without making it: stamped with the
    same fingerprint and unchanged since (:func:`sheetgd.io.fingerprint.is_current`)."""
    from .io.fingerprint import BAS, file_digest, is_current

    extra = {}
    if plan.with_bas:
        digest = file_digest(plan.bas_path(folder))
        if digest is None:
            return False
        extra[BAS] = digest
    return is_current(folder / plan.name, plan.fingerprint, extra)


#: Parts of a workbook file that change at every build (the time it was made).
_TIMESTAMPED = frozenset({"docProps/core.xml"})


def look_differs(old: Path, new: Path) -> bool:
    """Whether two workbook files differ beyond their cells and timestamps:
    formats, widths, notes, buttons, charts (XlsxWriter writes the same
    bytes for the same book, but for the time of writing).  A ``.bas`` never."""
    import zipfile

    if old.suffix == ".bas":
        return False
    try:
        with zipfile.ZipFile(old) as a, zipfile.ZipFile(new) as b:
            names = set(a.namelist()) - _TIMESTAMPED
            if names != set(b.namelist()) - _TIMESTAMPED:
                return True
            return any(a.read(n) != b.read(n) for n in names)
    except (OSError, zipfile.BadZipFile):
        return True


def build_products(out_dir: Path, params: graddesc.GradDescParams | None = None,
                   entropy_params: entropy.EntropyParams | None = None, *,
                   force: bool = False, epochs: int = unrolled.DEFAULT_EPOCHS,
                   progress=None) -> list[tuple[Path, str]]:
    """Write the products into ``out_dir``: [(path, "wrote" | "unchanged")]
    (a ``.bas`` file is listed only when written).

    A file that :func:`still_current` recognises (stamped by this sheetgd
    with the same parameters, untouched since, its ``.bas`` too) is
    "unchanged" without being made.  Every other one is made and compared:
    all or nothing, every new file is written to a temporary file first and
    compared with the old one.  A file whose contents (cells, names, macros)
    already equal the new ones is left alone, unless ``force`` and its look
    differs (:func:`look_differs`: a file an older sheetgd wrote); one whose
    contents differ (the ``.bas`` included: an edit by hand) is only replaced
    with ``force``, else StaleFileError and nothing at all is written.  Then
    every temporary file is renamed into place, with
    Ctrl-C and SIGTERM held back; any failure (a full disk, a read-only
    folder, a signal) before that removes every temporary file and leaves
    every old file as it was.  A symlink is followed (its target replaced),
    a FIFO or device among the names is refused (NotRegularFileError), and a
    second build of the same folder at the same time is refused
    (FolderBusyError: "another build is writing FOLDER").
    ``progress(text)``, if given, is told each step (:mod:`sheetgd.progress`).
    """
    out_dir = Path(out_dir)
    say = progress or (lambda text: None)
    with folder_lock(out_dir, "another build is writing"):
        done = []
        with Batch() as batch:
            todo = plans(params, entropy_params, epochs)
            stale = []
            for i, plan in enumerate(todo, 1):
                say(f"checking {plan.name} ({i} of {len(todo)})")
                if not still_current(out_dir, plan):
                    stale.append(plan)
            apart = stale[1:] if len(stale) > 1 and build_processes() > 1 else []
            with SecondProcess(batch, out_dir, apart) as second:
                if apart:
                    say(f"making {', '.join(p.name for p in apart)} in a second process")
                written = {}
                for plan in stale[:len(stale) - len(apart)]:
                    say(f"making {plan.name} ({todo.index(plan) + 1} of {len(todo)})")
                    with paused_gc(promote=True):  # a book of new objects, hardly any cyclic
                        written[plan.name] = _write_one(batch, out_dir, made(plan), say)
                if apart:
                    say(f"waiting for {', '.join(p.name for p in apart)}")
                    written.update(second.wait())
            for plan in todo:
                if plan.name not in written:
                    done.append((out_dir / plan.name, "unchanged"))
                    continue
                _settle(batch, written[plan.name], force, done, say)
            say("renaming the new files into place")
            batch.commit()
    return done


#: ``SHEETGD_BUILD_PROCESSES=1`` makes ``build`` use one process (default:
#: two where the machine has two processors or more and can fork).
PROCESSES_VARIABLE = "SHEETGD_BUILD_PROCESSES"


def build_processes() -> int:
    """How many processes :func:`build_products` makes the workbooks in: 2
    (graddesc.xlsx, the largest, in this one; the others in a forked
    second process) where there are two processors and ``os.fork``, else 1."""
    import os

    wanted = os.environ.get(PROCESSES_VARIABLE, "").strip()
    if wanted:
        return 1 if wanted == "1" else 2
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return 2 if cpus >= 2 and hasattr(os, "fork") else 1


def _write_one(batch: Batch, out_dir: Path, product: Product, say=lambda text: None) -> list:
    """Stage and write the files of one product: [(path, tmp, differences_of)]."""
    out = []
    for name, write, differences_of in _files(product):
        path = out_dir / name
        tmp = batch.stage(path)
        say(f"writing {name}")
        write(tmp)
        out.append((path, tmp, differences_of))
    return out


def _settle(batch: Batch, written: list, force: bool, done: list, say) -> None:
    """Compare the files of one product, written, with those there (or leave
    them, "unchanged") as :func:`build_products` says."""
    for path, tmp, differences_of in written:
        action = "wrote"
        if path.exists():
            say(f"comparing {path.name} with the file there")
            differences = differences_of(path, tmp)
            if not differences and not (force and look_differs(path, tmp)):
                batch.drop(tmp)
                action = "unchanged"
            elif differences and not force:
                raise StaleFileError(
                    f"{path} differs from what build writes ({differences[0]}); "
                    "use --force to replace it")
        if action == "wrote" or path.suffix != ".bas":
            done.append((path, action))


class SecondProcess:
    """Makes and writes ``plans`` in a forked process while this one makes
    the rest (a ``with`` block; nothing happens without plans).

    This process stages every temporary file first (the batch removes them
    whatever happens); the child fills them, and reports failure by sending
    its exception back through a pipe, re-raised by :meth:`wait` (an
    exception that cannot be pickled as a RuntimeError naming it).  The
    child ends with ``os._exit``: none of this process's exit handlers (the
    removal of leftover temporary files) runs in it.  Leaving the block
    before :meth:`wait` (an exception, Ctrl-C, SIGTERM here) kills the
    child and waits for it, so no file is written after the batch removed it.
    """

    def __init__(self, batch: Batch, out_dir: Path, plans: list):
        self.batch, self.out_dir, self.plans = batch, out_dir, plans
        self.pid = self.pipe = None
        self.written: dict[str, list] = {}

    def __enter__(self) -> "SecondProcess":
        import os

        if not self.plans:
            return self
        jobs = []
        for plan in self.plans:
            paths = [self.out_dir / plan.name] + ([plan.bas_path(self.out_dir)]
                                                  if plan.with_bas else [])
            tmps = [self.batch.stage(p) for p in paths]
            jobs.append((plan, dict(zip((p.name for p in paths), tmps))))
        sys.stdout.flush()
        sys.stderr.flush()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read)
            self._child(jobs, write)
        os.close(write)
        self.pid, self.pipe = pid, read
        for plan, tmps in jobs:
            self.written[plan.name] = [(self.out_dir / name, tmp, _differences_of(name))
                                       for name, tmp in tmps.items()]
        return self

    @staticmethod
    def _child(jobs, pipe: int):
        import os
        import pickle

        status, payload = 0, b""
        try:  # streams of its own: another thread may have held the old ones' locks at the fork
            sys.stdout, sys.stderr = (open(fd, "w", closefd=False) for fd in (1, 2))
        except OSError:
            pass
        try:
            for plan, tmps in jobs:
                with paused_gc(promote=True):  # as in build_products
                    for name, write, _ in _files(made(plan)):
                        if name not in tmps:
                            raise RuntimeError(f"{name}: not staged for {plan.name}")
                        write(tmps[name])
        except BaseException as exc:  # noqa: B902 (every failure goes to the parent)
            status = 1
            try:
                payload = pickle.dumps(exc)
            except Exception:
                payload = pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(pipe, view):]
        finally:
            os._exit(status)

    def wait(self) -> dict[str, list]:
        """Wait for the child: {plan name: [(path, tmp, differences_of)]}, or its exception."""
        import os
        import pickle

        chunks = []
        while chunk := os.read(self.pipe, 1 << 16):
            chunks.append(chunk)
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if chunks:
            raise pickle.loads(b"".join(chunks))
        if status != 0:
            raise RuntimeError(f"the process making {', '.join(self.written)} failed "
                               f"(status {status})")
        return self.written

    def __exit__(self, *exc_info):
        import os
        import signal

        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = None
        if self.pipe is not None:
            os.close(self.pipe)
            self.pipe = None


def _differences_of(name: str):
    """The comparison :func:`_files` gives for a file of this name."""
    from .io.compare import same_cells

    return _bas_differences if name.endswith(".bas") else same_cells
