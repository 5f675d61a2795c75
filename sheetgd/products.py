"""What ``sheetgd build`` writes into ``workbooks/``:

1. ``graddesc.xlsx`` — macro-free: every epoch of every optimiser's Run loop
   as live formulas (:mod:`sheetgd.books.unrolled`), charts, a summary sheet;
2. ``graddesc.xlsm`` — faithful to the original: one epoch per sheet, the
   recorded history, Run/Reset buttons bound to VBA macros (also written as
   ``graddesc.bas``), and the torch.optim parity sheets;
3. ``entropy.xlsx`` — the softmax / cross-entropy book.

``build`` writes all four files or none (:func:`build_products`), leaves a
file alone when its cells already equal what it would write, and refuses,
without ``force``, to overwrite one that differs (the ``.bas`` too).
"""

from __future__ import annotations

import gc
import logging
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .books import entropy, graddesc, unrolled
from .books.graddesc import OPTIMISERS, Layout
from .books.styles import NUMBER, SheetStyle, optimiser_style, summary_chart
from .engine import Workbook
from .engine.refs import col_to_letters, letters_to_col
from .io.atomic import Batch, folder_lock
from .io.xlsx_write import write_xlsx

log = logging.getLogger(__name__)

XLSM_HISTORY_ROWS = 100  # epochs the charts of graddesc.xlsm have room for

NOTE_UNROLLED = (
    "How to use this sheet: it is the whole training, unrolled. Each block below is the sheet "
    "as one recalculation of the lesson's Reset and Run macros left it (Reset's passes first, "
    "then one block per epoch); its first cell says which macro steps led to it. Change the "
    "learning rate, the betas or the starting a and b at the top and the whole training "
    "recomputes; the history table lists every epoch and the chart plots its error. The "
    "numbers equal pressing Reset and Run in graddesc.xlsm.")
NOTE_XLSM = (
    "How to use this sheet: press Reset, then Run (five epochs per press). Run copies the a and "
    "b that enter the last row (lastslope, lastconst) and the optimiser state back to the top "
    "and recalculates; the history block records every epoch and the chart plots its error. "
    "Macros must be enabled (Excel or LibreOffice).")
NOTE_DATA = ("How to use this sheet: y = a*x + b with a, b in C1:C2. RANDBETWEEN draws new x at "
             "every recalculation; the optimiser sheets hold one draw as constants, as the "
             "originals do.")
NOTE_PARITY = ("How to use this sheet: press Reset, then Run. This sheet is what torch.optim "
               "does (see the note above the history); `sheetgd verify` checks it against "
               "torch.optim itself.")


@dataclass
class Product:
    name: str  # file name
    book: Workbook
    styles: dict
    vba: object = None  # callable(xlsxwriter.Workbook) adding the VBA project
    layout: dict | None = None  # graddesc.xlsx: {sheet: unrolled.UnrolledSheet}, where the passes are


def _summary_sheet(book: Workbook, error_cells: dict[str, list[str]], guard: bool) -> SheetStyle:
    """A table of every optimiser's error per epoch, and one chart of them all."""
    book.add_sheet("summary", index=0)
    rows = max(len(v) for v in error_cells.values())
    book.put("summary", 1, 1, "error per epoch, every optimiser: SGD and momentum crawl, "
                              "Adam's b gets near 30 within a few epochs, annealing settles it")
    book.put("summary", 3, 1, "epoch")
    for j, name in enumerate(error_cells):
        book.put("summary", 3, 2 + j, name)
        for i, ref in enumerate(error_cells[name]):
            formula = f'=IF({ref}="",NA(),{ref})' if guard else f"={ref}"
            book.put_formula("summary", 4 + i, 2 + j, formula)
    for i in range(rows):
        book.put("summary", 4 + i, 1, float(i))
    style = SheetStyle(widths={"A": 8, "B:F": 12}, freeze=(3, 1), bold_rows=(3,),
                       number_formats={c: NUMBER for c in "BCDEF"},
                       note=("H1", "How to use this sheet: it collects the history of every "
                                   "optimiser sheet (the error, sqrt of the summed squared "
                                   "error, after each epoch); the chart plots them on a log scale."))
    style.charts.append(summary_chart(list(error_cells), 4, 4 + rows - 1, "H3"))
    return style


def graddesc_xlsx(params: graddesc.GradDescParams, epochs: int = unrolled.DEFAULT_EPOCHS,
                  carry: str = "faithful") -> Product:
    book, sheets = unrolled.build(params, epochs, carry)
    styles = {"data": SheetStyle(widths={"A:C": 9}, freeze=(4, 0), bold_rows=(4,),
                                 note=("E1", NOTE_DATA))}
    errors = {}
    for kind, sheet in sheets.items():
        col, first, last = sheet.history_range(0)
        styles[kind] = optimiser_style(kind, col, NOTE_UNROLLED, last - first + 1,
                                       Layout(kind, params.rows).state_cols)
        err = col_to_letters(col + 3)
        errors[kind] = [f"{kind}!{err}{r}" for r in range(first, last + 1)]
    styles["summary"] = _summary_sheet(book, errors, guard=False)
    graddesc.show_seed_draw(book, params)
    return Product("graddesc.xlsx", book, styles, layout=sheets)


def graddesc_xlsm(params: graddesc.GradDescParams) -> Product:
    from .books.parity import PARITY_SHEETS, ParityLayout
    from .vba.project import graddesc_vba

    book = graddesc.build(params)
    styles = {"data": SheetStyle(widths={"A:C": 9}, freeze=(4, 0), bold_rows=(4,),
                                 note=("E1", NOTE_DATA))}
    errors = {}
    for kind in OPTIMISERS:
        lay = Layout(kind, params.rows)
        col = letters_to_col(lay.history_col)
        styles[kind] = optimiser_style(kind, col, NOTE_XLSM, XLSM_HISTORY_ROWS, lay.state_cols)
        err = col_to_letters(col + 3)
        errors[kind] = [f"{kind}!{err}{r}" for r in range(4, 4 + XLSM_HISTORY_ROWS)]
    for kind in PARITY_SHEETS:
        lay = ParityLayout(kind, params.rows)
        col = letters_to_col(lay.history_col)
        styles[kind] = optimiser_style(kind, col, NOTE_PARITY, XLSM_HISTORY_ROWS, lay.state_cols)
    styles["summary"] = _summary_sheet(book, errors, guard=True)
    graddesc.show_seed_draw(book, params)
    return Product("graddesc.xlsm", book, styles, graddesc_vba(params))


def entropy_xlsx(params: entropy.EntropyParams | None = None) -> Product:
    book = entropy.build(params)
    notes = {
        "softmax": ("N1", "How to use this sheet: change the outputs in B3:B7. Softmax (D) is "
                          "unchanged when every output moves by the same constant (column G is "
                          "column B shifted so the exps sum to 3); the sigmoid 'binary' view "
                          "(K, L) is not."),
        "entropy": ("G1", "How to use this sheet: binary cross-entropy of a prediction of "
                          "'cat', two ways (D and E agree). Excel's LOG is base 10."),
        "log_entropy": ("K1", "How to use this sheet: cross-entropy as an index lookup: "
                              "MATCH(1, isCat:isDog) finds the true class and OFFSET picks "
                              "its log-probability."),
    }
    styles = {name: SheetStyle(widths={"A:L": 11}, freeze=(2 if name == "softmax" else 1, 1),
                               bold_rows=(1, 2) if name == "softmax" else (1,),
                               number_formats={c: "0.000000" for c in "BCDEFGHIKL"},
                               note=note)
              for name, note in notes.items()}
    return Product("entropy.xlsx", book, styles)


def products(params=None, entropy_params=None, epochs=unrolled.DEFAULT_EPOCHS):
    params = params or graddesc.GradDescParams()
    return [graddesc_xlsx(params, epochs), graddesc_xlsm(params), entropy_xlsx(entropy_params)]


class StaleFileError(RuntimeError):
    """A file exists whose contents differ from what build would write."""


@contextmanager
def _finalizers_logged():
    """A zip that failed half-way (a full disk) is closed by the garbage
    collector, which fails again on the same disk: Python would print
    "Exception ignored in ZipFile.__del__" and a traceback after sheetgd's
    one-line error.  Within the block such an error is logged (seen with
    --debug) and the collector runs before the block ends."""
    old = sys.unraisablehook

    def hook(unraisable):
        log.debug("while finalizing %r: %s: %s", unraisable.object,
                  type(unraisable.exc_value).__name__, unraisable.exc_value)
    sys.unraisablehook = hook
    try:
        yield
    finally:
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
    def write(tmp):
        error = None
        with _finalizers_logged():
            try:
                write_xlsx(product.book, tmp, product.styles, product.vba)
            except OSError as exc:  # a copy, without the frames that hold the broken zip
                error = _copy_of(exc)
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


def _files(made: list[Product]):
    """(file name, writer(tmp), differences(old, new)) of everything build writes, in order."""
    from .io.compare import same_cells

    for product in made:
        yield product.name, _xlsx_writer(product), same_cells
        source = getattr(product.vba, "source", None)
        if source is not None:
            text = source.replace("\n", "\r\n").encode("utf-8")
            yield (Path(product.name).with_suffix(".bas").name,
                   lambda tmp, text=text: Path(tmp).write_bytes(text), _bas_differences)


def build_products(out_dir: Path, params: graddesc.GradDescParams | None = None,
                   entropy_params: entropy.EntropyParams | None = None, *,
                   force: bool = False,
                   epochs: int = unrolled.DEFAULT_EPOCHS) -> list[tuple[Path, str]]:
    """Write the products into ``out_dir``: [(path, "wrote" | "unchanged")]
    (a ``.bas`` file is listed only when written).

    All or nothing: every new file is written to a temporary file first and
    compared with the old one.  A file whose contents already equal the new
    ones is left alone; one that differs (the ``.bas`` included: an edit by
    hand) is only replaced with ``force``, else StaleFileError and nothing at
    all is written.  Then every temporary file is renamed into place, with
    Ctrl-C and SIGTERM held back; any failure (a full disk, a read-only
    folder, a signal) before that removes every temporary file and leaves
    every old file as it was.  A symlink is followed (its target replaced),
    a FIFO or device among the names is refused (NotRegularFileError), and a
    second build of the same folder at the same time is refused
    (FolderBusyError: "another build is writing FOLDER").
    """
    out_dir = Path(out_dir)
    with folder_lock(out_dir, "another build is writing"):
        made = products(params, entropy_params, epochs)
        done = []
        with Batch() as batch:
            for name, write, differences_of in _files(made):
                path = out_dir / name
                tmp = batch.stage(path)
                write(tmp)
                action = "wrote"
                if path.exists():
                    differences = differences_of(path, tmp)
                    if not differences:
                        batch.drop(tmp)
                        action = "unchanged"
                    elif not force:
                        raise StaleFileError(
                            f"{path} differs from what build writes ({differences[0]}); "
                            "use --force to replace it")
                if action == "wrote" or path.suffix != ".bas":
                    done.append((path, action))
            batch.commit()
    return done
