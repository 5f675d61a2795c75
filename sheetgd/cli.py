"""The ``sheetgd`` command line (click).  Commands only; the work is done by
functions a test can call without the CLI.  How errors, Ctrl-C and output
folders are handled is in :mod:`.cli_support`."""

from __future__ import annotations

import json
import logging
import sys
import warnings

import numpy as np

import click

from . import __version__
from .books.graddesc import MAX_ROWS, OPTIMISERS
from .books.parity import PARITY_SHEETS
from .books.programs import CARRY_MODES
from .books.unrolled import DEFAULT_EPOCHS
from .cli_lesson import PARAMETERS as LESSON_PARAMETERS, lesson_options, lesson_settings
from .cli_support import (
    ByteSize, CellCount, FiniteFloat, GuardedGroup, OutFile, OutFolder, examples, finite_numbers,
    one_line, output_file, output_folder, run_command_line, sheet_values, warn, writing,
)
from .io.package_check import MAX_CELLS, MAX_UNCOMPRESSED


def _read_limits(f):
    """--max-uncompressed and --max-cells: what a workbook file may hold."""
    f = click.option("--max-cells", type=CellCount(MAX_CELLS), default=MAX_CELLS, show_default=True,
                     help="Refuse a workbook with more cells than this (memory: ~500 bytes a "
                          "cell; at most what this machine's memory holds).")(f)
    return click.option("--max-uncompressed", type=ByteSize(MAX_UNCOMPRESSED),
                        default="1GiB", show_default=True,
                        help="Refuse a workbook whose parts unpack to more bytes than this "
                             "(zip bombs), e.g. 500M, 4GiB; at most this machine's memory.")(f)


@click.group(cls=GuardedGroup, epilog=examples(
    "sheetgd build --out workbooks",
    "sheetgd run workbooks/graddesc.xlsx --epochs 3",
    "sheetgd eval workbooks/entropy.xlsx"))
@click.version_option(__version__, prog_name="sheetgd")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.pass_context
def main(ctx, debug):
    """Teach and check optimisers with spreadsheets: fast.ai's lesson-5
    gradient-descent and softmax workbooks, with an Excel-compatible formula
    engine."""
    logging.basicConfig(level=logging.DEBUG if debug else logging.ERROR,
                        format="%(levelname)s %(name)s: %(message)s")
    if not debug:
        warnings.showwarning = _one_line_warning
    ctx.obj = {"debug": debug}


def _one_line_warning(message, category, filename, lineno, file=None, line=None):
    """A warning for people: ``sheetgd: warning: <what>`` on standard error."""
    warn(str(message))


@main.command("eval", epilog=examples("sheetgd eval workbooks/graddesc.xlsm"))
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--tolerance", "rel", type=FiniteFloat(0), default=1e-9, show_default=True,
              help="Relative tolerance for numbers.")
@click.option("--abs-tolerance", "abs_", type=FiniteFloat(0), default=1e-12, show_default=True,
              help="Absolute tolerance for numbers.")
@click.option("--max-differences", type=click.IntRange(0), default=20, show_default=True,
              help="How many differences to list.")
@click.option("--seed", type=int, default=None, help="Seed for RAND/RANDBETWEEN.")
@_read_limits
@click.pass_context
def eval_command(ctx, file, as_json, rel, abs_, max_differences, seed, max_uncompressed,
                 max_cells):
    """Recalculate FILE and compare every formula cell with the value the
    saving application cached.

    Exit status: 0 when every compared cell agrees, 1 when any differs, 2 when
    the file cannot be read (one line saying why: not a workbook, an old .xls,
    password-protected, damaged, a zip or XML bomb, over a limit), 3 when
    none differs but some formula cells have no cached value to compare with
    (saved without calculating, as openpyxl saves).  Cells whose value is
    random (RAND, RANDBETWEEN, NOW, TODAY, or depending on them, also
    through INDIRECT or OFFSET) are skipped.  VBA in an .xlsm is never run:
    the reader drops it.
    """
    from .io.xlsx_read import WorkbookReadError, read_workbook
    from .recheck import compare_with_cached, format_report

    try:
        book = read_workbook(file, seed=seed, max_uncompressed=max_uncompressed,
                             max_cells=max_cells)
    except Exception as exc:  # WorkbookReadError, or a file the reader did not foresee
        if ctx.obj["debug"]:
            raise
        text = str(exc) if isinstance(exc, WorkbookReadError) else \
            f"{file}: cannot read it: {type(exc).__name__}: {one_line(exc)}"
        click.echo(f"sheetgd eval: {text}", err=True)
        sys.exit(2)
    report = compare_with_cached(book, file, rel, abs_, limit=max_differences)
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2))
    else:
        click.echo(format_report(report))
    sys.exit(1 if report.total("differing") else 3 if report.total("uncached") else 0)


def _lr_values(given, sheets, bare=None) -> dict:
    """``--lr`` of build, run and verify: ``SHEET=LR`` (repeatable); ``bare``:
    the sheets a bare number applies to (run: the sheets it runs)."""
    return sheet_values("--lr", given, sheets, "the learning rate of {sheet} must be > 0",
                        lambda v: v > 0, applies=OPTIMISERS + PARITY_SHEETS, bare=bare,
                        absent="{sheet} is not run (--sheet)")


def _graddesc_params(rows, seed, true_a=2.0, true_b=30.0, init_a=1.0, init_b=1.0, lr=(),
                     beta1=(), beta2=(), lesson=None):
    """The generator's parameters from the options (``lesson``: the options of
    :mod:`.cli_lesson`, by name); ``--lr``, ``--beta1``, ``--beta2`` of a
    parity sheet go into its torch.optim settings (``lr``, ``betas``)."""
    from .books.graddesc import DEFAULT_BETAS, OPTIMISERS, GradDescParams
    from .books.parity import DEFAULTS as PARITY

    everything = OPTIMISERS + PARITY_SHEETS
    lrs = _lr_values(lr, everything)
    betas = []
    for i, (option, given) in enumerate((("--beta1", beta1), ("--beta2", beta2))):
        uses = [s for s in OPTIMISERS if DEFAULT_BETAS.get(s, (None, None))[i] is not None] + \
            [s for s in PARITY_SHEETS if f"beta{i + 1}" in PARITY[s]]
        betas.append(sheet_values(option, given, uses, "the betas of {sheet} must be in [0, 1)",
                                  lambda v: 0 <= v < 1, applies=everything))
    b1, b2 = betas
    pairs = {s: (b1.get(s), b2.get(s)) for s in (set(b1) | set(b2)) - set(PARITY_SHEETS)}
    settings = lesson_settings(lesson or {})
    parity = settings.pop("parity", {})
    for key, values in (("lr", lrs), ("beta1", b1), ("beta2", b2)):
        for sheet in PARITY_SHEETS:
            if sheet in values:
                parity.setdefault(sheet, {})[key] = values[sheet]
    try:
        return GradDescParams(rows=rows, seed=seed, true_a=true_a, true_b=true_b,
                              init_a=init_a, init_b=init_b,
                              lr={s: v for s, v in lrs.items() if s in OPTIMISERS},
                              betas=pairs, parity=parity, **settings)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _entropy_params(logits, labels, preds):
    from .books.entropy import EntropyParams, EntropyParamError

    given = {k: v for k, v in (("logits", finite_numbers("--logits", logits)),
                               ("labels", finite_numbers("--labels", labels)),
                               ("preds", finite_numbers("--preds", preds))) if v is not None}
    try:
        return EntropyParams(**given)
    except EntropyParamError as exc:
        raise click.BadParameter(str(exc), param_hint="/".join(f"'--{f}'" for f in exc.fields)) \
            from None


#: Memory ``build`` takes per cell of the macro-free layout (measured: 1.47 GB
#: for --rows 1000 --epochs 10, 1.25 million cells).
BUILD_BYTES_PER_CELL = 1200


def _check_build_size(params, epochs: int) -> None:
    """The macro-free layout against Excel's grid, and the whole build
    against this machine's memory, before anything is built."""
    from .books.unrolled import EXCEL_COLS, EXCEL_ROWS, GridError, check_grid, grid_needed
    from .cli_support import physical_memory, size_text

    try:
        check_grid(params, epochs)
    except GridError as exc:
        raise click.UsageError(
            f"--rows {exc.rows} --epochs {exc.epochs} needs {exc.needed_rows:,} rows in "
            f"graddesc.xlsx (sheet {exc.sheet}); Excel has {EXCEL_ROWS:,} rows and "
            f"{EXCEL_COLS:,} columns: use fewer rows or epochs") from None
    cells = sum(rows * cols for rows, cols in grid_needed(params, epochs).values())
    memory = physical_memory()
    if memory and cells * BUILD_BYTES_PER_CELL > memory:
        raise click.UsageError(
            f"--rows {params.rows} --epochs {epochs} lays out about {cells:,} cells in "
            f"graddesc.xlsx, about {size_text(cells * BUILD_BYTES_PER_CELL)} of memory to build; "
            f"this machine has {size_text(memory)}: use fewer rows or epochs")


_CARRY_HELP = ("faithful: the next epoch starts from the a, b entering the last row (as the "
               "originals); updated: from the last row's update.")
_DEVICE = click.option("--device", default="auto", show_default=True,
                       help="auto (CUDA when available), cpu, cuda or cuda:N.")
_ROWS = click.option("--rows", type=click.IntRange(2, MAX_ROWS), default=29, show_default=True,
                     help="Number of training samples (data rows).")
_SEED = click.option("--seed", type=int, default=None,
                     help="Seed for the data draw (default: the lesson's draw).")


def _data_options(f):
    for option in reversed([
        _ROWS, _SEED,
        click.option("--true-a", type=FiniteFloat(), default=2.0, show_default=True,
                     help="Slope of the data."),
        click.option("--true-b", type=FiniteFloat(), default=30.0, show_default=True,
                     help="Intercept of the data."),
        click.option("--init-a", type=FiniteFloat(), default=1.0, show_default=True,
                     help="Starting slope."),
        click.option("--init-b", type=FiniteFloat(), default=1.0, show_default=True,
                     help="Starting intercept."),
    ]):
        f = option(f)
    return f


def _rate_options(f):
    """--lr, --beta1, --beta2 (build, verify): SHEET=VALUE, repeatable."""
    for option in reversed([
        click.option("--lr", multiple=True, metavar="SHEET=LR",
                     help="Learning rate of one optimiser or parity sheet (repeatable), e.g. "
                          "--lr adam=0.5; one_cycle's and one_cycle_torch's is the cycle's "
                          "max_lr."),
        click.option("--beta1", multiple=True, metavar="SHEET=BETA",
                     help="Momentum beta in [0, 1) of momentum, adam, adam_ann, wd_adam or an "
                          "Adam parity sheet (adam_torch, adam_l2_torch, adamw_torch) "
                          "(repeatable)."),
        click.option("--beta2", multiple=True, metavar="SHEET=BETA",
                     help="Mean-square beta in [0, 1) of rmsprop, adam, adam_ann, wd_adam, "
                          "one_cycle or an Adam parity sheet (repeatable)."),
    ]):
        f = option(f)
    return f


@main.command("build", epilog=examples(
    "sheetgd build --out runs/books --rows 40 --seed 1 --lr adam=0.5 --epochs 10"))
@click.option("--out", "out_dir", type=OutFolder(), default="workbooks",
              show_default=True, help="Folder to write the workbooks into.")
@_data_options
@_rate_options
@click.option("--logits", default=None, help="entropy: five network outputs, comma-separated.")
@click.option("--labels", default=None, help="entropy: isCat labels (1/0), comma-separated.")
@click.option("--preds", default=None, help="entropy: predicted P(cat), comma-separated.")
@lesson_options
@click.option("--epochs", type=click.IntRange(1, 500), default=DEFAULT_EPOCHS, show_default=True,
              help="Epochs laid out in the macro-free graddesc.xlsx.")
@click.option("--force", is_flag=True, help="Replace files whose cells differ from the new ones.")
def build_command(out_dir, rows, seed, true_a, true_b, init_a, init_b, lr, beta1, beta2,
                  logits, labels, preds, epochs, force, **lesson):
    """Write the teaching workbooks into a folder: graddesc.xlsx (every epoch
    as live formulas, no macros), graddesc.xlsm (the original with working
    Run/Reset macros, also as graddesc.bas) and entropy.xlsx.

    A file whose cells already equal the new ones is left as it is; one that
    differs (graddesc.bas too) is only replaced with --force.  The folder is
    created if missing.  All four files or none: each is written to a
    temporary file, and only when all are written and checked are they
    renamed into place (Ctrl-C, SIGTERM, a full disk leave the old files).
    A second build of the same folder at the same time is refused; the
    layout is checked against Excel's grid (1,048,576 rows) first.  A file
    this sheetgd stamped with the same options and nobody changed since is
    recognised without building it.  On a terminal, a build that takes
    more than a second shows what it is doing on standard error.
    """
    from .io.atomic import FolderBusyError
    from .products import StaleFileError, build_products
    from .progress import Progress

    params = _graddesc_params(rows, seed, true_a, true_b, init_a, init_b, lr, beta1, beta2,
                              lesson)
    entropy = _entropy_params(logits, labels, preds)
    _check_build_size(params, epochs)
    out = output_folder(out_dir)
    try:
        with writing(f"into {out}"), Progress("sheetgd build") as progress:
            done = build_products(out, params, entropy, force=force, epochs=epochs,
                                  progress=progress)
    except (StaleFileError, FolderBusyError) as exc:
        raise click.ClickException(str(exc)) from None
    for path, action in done:
        click.echo(f"{action} {path}")


#: Exit status of ``run`` on a book without Run loops (entropy.xlsx).
EXIT_NO_RUN_LOOP = 3


def _lr_find(ctx, book, params, lr, as_json, as_csv, out_file):
    """``run --sheet lr_find``: the finder is a pure formula sheet (no Run or
    Reset, no epochs), so it is calculated and its rows read."""
    from .books import lr_find

    if book != "graddesc":
        raise click.BadParameter(f"{book}: --sheet lr_find runs on graddesc (the sheet has no "
                                 "macros; sheetgd eval recalculates a saved book)",
                                 param_hint="'--sheet'")
    if lr:
        raise click.BadParameter("lr_find sweeps its own learning rates (start_lr to end_lr)",
                                 param_hint="'--lr'")
    finding = lr_find.read(lr_find.build(params))
    if as_json:
        text = json.dumps(lr_find.records(finding), indent=2) + "\n"
    elif as_csv:
        text = lr_find.csv_text(finding)
    else:
        text = lr_find.table(finding)
    _emit(text, "json" if as_json else "csv" if as_csv else "txt", out_file)


def _emit(text: str, ext: str, out_file) -> None:
    """``run``'s output: printed, or written to --out (a folder gets run.EXT)."""
    from .runs import write_output

    path = output_file(out_file, f"run.{ext}") if out_file is not None else None
    if path is None:
        click.echo(text, nl=False)
        return
    with writing(path):
        target = write_output(path, text)
    if not target.is_stream:  # "wrote /dev/stdout" would land in the output itself
        click.echo(f"wrote {path}")


@main.command("run", epilog=examples(
    "sheetgd run workbooks/graddesc.xlsx --epochs 3",
    "sheetgd run workbooks/graddesc.xlsm --sheet adam --lr adam=0.5 --epochs 2",
    "sheetgd run graddesc --sheet rmsprop --lr 0.05 --epochs 10 --csv --out runs/"))
@click.argument("book", default="graddesc")
@click.option("--sheet", type=click.Choice([*OPTIMISERS, "lr_find", "all"]), default="all",
              show_default=True, help="Optimiser sheet to run (all: the lesson's comparison; "
                                      "lr_find: the learning-rate finder's rows and suggestions).")
@click.option("--epochs", type=click.IntRange(0, 10_000), default=5, show_default=True,
              help="Epochs to run (the Run button does 5); of graddesc.xlsx, the epochs "
                   "to read, up to those it lays out.")
@click.option("--reset", is_flag=True,
              help="Press Reset first (graddesc and graddesc.xlsx start after Reset anyway).")
@click.option("--lr", multiple=True, metavar="[SHEET=]LR",
              help="Learning rate of a sheet, written into it before the run (repeatable), "
                   "e.g. --lr adam=0.5; a bare number is every sheet run's.  With --reset, "
                   "and for graddesc and graddesc.xlsx, Reset computes with it, as build --lr "
                   "makes the book.")
@click.option("--carry", type=click.Choice(CARRY_MODES), default="faithful",
              show_default=True,
              help=_CARRY_HELP)
@click.option("--json", "as_json", is_flag=True, help="One JSON list of per-epoch records.")
@click.option("--csv", "as_csv", is_flag=True,
              help="CSV of per-epoch records (the JSON records' keys as columns).")
@click.option("--out", "out_file", type=OutFile(), default=None,
              help="Write the output into this file (atomically; folders are created) "
                   "instead of printing it: - is standard output, a folder (or a name "
                   "ending in /) gets run.txt, run.json or run.csv; a device or FIFO is "
                   "written through.")
@_ROWS
@_SEED
@lesson_options
@_read_limits
@click.pass_context
def run_command(ctx, book, sheet, epochs, reset, lr, carry, as_json, as_csv, out_file, rows, seed,
                max_uncompressed, max_cells, **lesson):
    """Run the Run/Reset loops of BOOK and print the error per epoch: BOOK
    is "graddesc" (generated with --rows/--seed), graddesc.xlsm (its macros,
    executed by the engine; any saved graddesc workbook), or the macro-free
    graddesc.xlsx, whose epochs are already formulas: they are recalculated
    and read, the same records as graddesc.xlsm's after Reset.

    Epoch 0 is the state before any Run: after Reset (graddesc,
    graddesc.xlsx, --reset), else as the file was saved.  The table shows
    each sheet's learning rate and the data's true b and a.

    Exit status: 0 when it ran, 2 for a bad option or a book it cannot run
    (one line saying why), 3 for a workbook without Run loops (entropy.xlsx:
    sheetgd eval recalculates it).
    """
    from dataclasses import replace

    from .books.graddesc import GradDescParams
    from .books.macros import MacroError
    from .books.unrolled_read import CarryMismatch, UnrolledBookError
    from .engine import FormulaError
    from .io.xlsx_read import WorkbookReadError
    from .runs import (
        BookError, NoRunLoop, comparison_table, csv_text, open_book, records_json, run_sheets,
        sheet_table,
    )

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    if book != "graddesc":
        given = [name for name in ("rows", "seed", *LESSON_PARAMETERS)
                 if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE]
        if given:
            raise click.BadParameter(
                f"{book} holds its own data rows, draw and settings; "
                f"{', '.join('--' + n.replace('_', '-') for n in given)} set up the graddesc "
                "sheetgd makes in memory (sheetgd run graddesc ...)",
                param_hint="/".join(f"'--{name.replace('_', '-')}'" for name in given))
    sheets = OPTIMISERS if sheet == "all" else (sheet,)
    params = GradDescParams(rows=rows, seed=seed, **lesson_settings(lesson, sheets))
    if sheet == "lr_find":
        _lr_find(ctx, book, params, lr, as_json, as_csv, out_file)
        return
    lrs = _lr_values(lr, sheets, bare=sheets)
    if book == "graddesc":  # generated as build --lr makes it: Reset computes with the lr
        params = replace(params, lr=lrs)
    try:
        workbook = open_book(book, params, sheets, max_uncompressed=max_uncompressed,
                             max_cells=max_cells)  # graddesc: only the sheets run
        runs = run_sheets(workbook, sheets, epochs, reset=reset, lr=lrs, carry=carry,
                          params=params if book == "graddesc" else None)
    except NoRunLoop as exc:
        click.echo(f"sheetgd run: {book}: {exc}; sheetgd eval {book} recalculates it and "
                   "compares it with its saved values", err=True)
        sys.exit(EXIT_NO_RUN_LOOP)
    except CarryMismatch as exc:
        raise click.BadParameter(f"{book}: {exc}; --carry {carry} runs on graddesc.xlsm or "
                                 "graddesc", param_hint="'--carry'") from None
    except (WorkbookReadError, MacroError, FormulaError, BookError, UnrolledBookError,
            KeyError) as exc:
        if ctx.obj["debug"]:
            raise
        where = "" if isinstance(exc, WorkbookReadError) else f"{book}: "
        click.echo(f"sheetgd run: {where}{one_line(exc)}", err=True)
        sys.exit(2)
    short = runs.short_of()
    if short:
        held = ", ".join(dict.fromkeys(f"0..{r.held}" for r in short))
        where = f"sheet {short[0].sheet}" if len(short) == 1 else \
            "its sheets" if len(short) == len(runs.runs) else \
            "sheets " + ", ".join(r.sheet for r in short)
        warn(f"{book}: {where} lay{'s' * (len(short) == 1)} out epochs {held}, not 0..{epochs}: "
             f"showing those (sheetgd build --epochs {epochs} lays out more)")
    if as_json:
        text, ext = json.dumps(records_json(runs)) + "\n", "json"
    elif as_csv:
        text, ext = csv_text(runs), "csv"
    else:
        text = (sheet_table(runs) if len(runs.runs) == 1 else comparison_table(runs)) + "\n"
        ext = "txt"
    _emit(text, ext, out_file)


def _need_torch(command: str) -> None:
    """One line, and exit status 1, when torch is not installed: it is an
    extra (``sheetgd[torch]``), needed by verify and sweep only."""
    try:
        import torch  # noqa: F401
    except ImportError:
        raise click.ClickException(
            f"sheetgd {command} needs torch, which is not installed: pip install 'sheetgd[torch]' "
            "(the README's install section shows a CPU-only torch)") from None


def _device(name: str):
    """--device as a torch device, or a one-line error naming the option."""
    from .reference.graddesc_torch import resolve_device

    try:
        return resolve_device(name)
    except (RuntimeError, ValueError) as exc:
        reason = one_line(exc) if "CUDA" in str(exc) else f"{name!r} is not a device"
        raise click.BadParameter(f"{reason}; auto, cpu or cuda (cuda:N) expected",
                                 param_hint="'--device'") from None


@main.command("verify", epilog=examples("sheetgd verify --epochs 5 --sweep 4 --device cpu"))
@click.option("--epochs", type=click.IntRange(0, 10_000), default=5, show_default=True,
              help="Epochs to run each sheet (after Reset) and compare.")
@_DEVICE
@click.option("--sweep", "sweep_n", type=click.IntRange(0, 4096), default=0, show_default=True,
              help="Also verify N learning rates (log-spaced 1e-5..1, the same rate on every "
                   "sheet): the engine runs each, torch runs them batched.")
@click.option("--carry", type=click.Choice(CARRY_MODES), default="faithful",
              show_default=True, help=_CARRY_HELP)
@click.option("--parity/--no-parity", default=True, show_default=True,
              help="Also check the torch.optim parity sheets against torch.optim.")
@click.option("--json", "as_json", is_flag=True,
              help="Machine-readable output: the summary and every sheet's result.")
@_rate_options
@_ROWS
@_SEED
@lesson_options
def verify_command(epochs, device, sweep_n, carry, parity, as_json, lr, beta1, beta2, rows, seed,
                   **lesson):
    """Cross-check every sheet's Run loop, epoch by epoch, against torch.

    graddesc: bit-exact on the CPU (0 ulps), within 1e-12 relative on a GPU;
    entropy: cell by cell, within 2 ulps on the CPU (EXP and LOG come from
    different maths libraries); the one-cycle schedule against OneCycleLR's
    get_last_lr(): within 1e-15 relative; parity sheets against torch.optim:
    within 1e-12 relative.  Exit status 1 when anything is outside its tolerance.
    """
    _need_torch("verify")
    import numpy as np

    from .reference.verify import (
        format_table, summary, sweep_configs, verify_entropy, verify_graddesc, verify_lr_find,
        verify_parity, verify_schedule,
    )
    from .reference.sweep import check_size

    dev = _device(device)
    try:
        check_size(sweep_n, epochs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--sweep'/'--epochs'") from None
    base = _graddesc_params(rows, seed, lr=lr, beta1=beta1, beta2=beta2, lesson=lesson)
    results = verify_graddesc([base], epochs, dev, carry=carry)
    results["entropy"] = verify_entropy(dev)
    results["lr_find"] = verify_lr_find(base, dev)
    results.update(verify_schedule(base, parity))
    if parity:
        results.update(verify_parity([base], epochs, dev))
    if sweep_n:
        swept = verify_graddesc(sweep_configs(np.logspace(-5, 0, sweep_n), base), epochs, dev,
                                carry=carry)
        results.update({f"{k}[sweep]": v for k, v in swept.items()})
    report = summary(results, dev, epochs)
    if as_json:
        click.echo(json.dumps(report, indent=2))
    else:
        click.echo(format_table(results))
        verdict = "OK" if report["ok"] else "DIFFERENCES OUTSIDE TOLERANCE"
        click.echo(f"{verdict}: device {report['device']}, {epochs} epochs, max abs "
                   f"{report['max_abs']:.3g}, max rel {report['max_rel']:.3g}")
    sys.exit(0 if report["ok"] else 1)


@main.command("sweep", epilog=examples(
    "sheetgd sweep --sheet all --lr 1e-4:1:50 --epochs 5 --out runs/sweep"))
@click.option("--sheet", type=click.Choice([*OPTIMISERS, "all"]), default="adam",
              show_default=True, help="Optimiser sheet to sweep (all: each in turn).")
@click.option("--lr", "grid", default="1e-5:1:400", show_default=True, metavar="LOW:HIGH:COUNT",
              help="Learning rates: LOW:HIGH:COUNT, log-spaced (or one rate); a best rate "
                   "at the grid's edge is warned about.")
@click.option("--beta1", type=FiniteFloat(0, 1, max_open=True), default=None,
              help="Momentum beta (momentum, adam, adam_ann); default: the sheet's own, 0.9.")
@click.option("--beta2", type=FiniteFloat(0, 1, max_open=True), default=None,
              help="Mean-square beta (rmsprop, adam, adam_ann); default: the sheet's own, "
                   "0.9 (adam_ann 0.95).")
@click.option("--epochs", type=click.IntRange(1, 10_000), default=5, show_default=True,
              help="Epochs each configuration runs (after Reset).")
@_DEVICE
@click.option("--out", "out_dir", type=OutFolder(), default=".", show_default=True,
              help="Folder for sweep.csv and sweep.png.")
@click.option("--check", type=click.IntRange(0, 50), default=3, show_default=True,
              help="Configurations re-run through the engine per sheet.")
@_ROWS
@_SEED
def sweep_command(sheet, grid, beta1, beta2, epochs, device, out_dir, check, rows, seed):
    """Run a grid of learning rates through the batched torch reference (the
    sheet's own Reset/Run loop), write sweep.csv and sweep.png, print the
    best rate per optimiser, and check a few configurations with the engine.
    The --out folder is created if missing; both files are written atomically."""
    _need_torch("sweep")
    from .books.graddesc import DEFAULT_BETAS, OPTIMISERS, GradDescParams
    from .reference.sweep import (
        check_size, check_with_engine, parse_grid, run_sweep, write_csv, write_plot,
    )

    try:
        lrs = parse_grid(grid)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--lr'") from None
    try:
        check_size(len(lrs), epochs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--lr'/'--epochs'") from None
    for i, (option, beta) in enumerate((("--beta1", beta1), ("--beta2", beta2))):
        uses = [s for s in OPTIMISERS if DEFAULT_BETAS.get(s, (None, None))[i] is not None]
        if beta is not None and sheet != "all" and sheet not in uses:
            raise click.BadParameter(f"{sheet} has no such parameter; {option} applies to "
                                     f"{', '.join(uses)} (or --sheet all)",
                                     param_hint=f"'{option}'")
    dev = _device(device)
    out = output_folder(out_dir)
    params = GradDescParams(rows=rows, seed=seed)
    sheets = OPTIMISERS if sheet == "all" else (sheet,)
    results, all_ok = [], True
    for name in sheets:
        res = run_sweep(name, lrs, epochs, dev, params, beta1, beta2)
        results.append(res)
        best = res.best()
        diverged = int((res.diverged_at >= 0).sum())
        line = (f"{name:<9} {len(lrs)} rates in {res.seconds:.3f} s "
                f"({res.throughput:.3g} configuration-rows/s on {dev}); {diverged} diverged; ")
        line += (f"best lr {res.lrs[best]:.4g}: error {res.final_error[best]:.6g}, "
                 f"b {res.final_b[best]:.6g}, a {res.final_a[best]:.6g}") if best is not None \
            else "every rate diverged"
        click.echo(line)
        if res.edge_warning():
            warn(res.edge_warning())
        if check:
            picks = sorted({0, len(lrs) - 1, best if best is not None else 0,
                            *np.linspace(0, len(lrs) - 1, check).astype(int).tolist()})[:max(check, 1) + 2]
            diff = check_with_engine(res, picks, params, dev)
            ok = diff.ok()
            all_ok &= ok
            click.echo(f"{'':<9} engine check of {len(picks)} rates: max rel {diff.max_rel:.3g}"
                       + f", {diff.max_ulps} ulps"
                       + ("" if ok else "  DISAGREES"))
    for name, write in (("sweep.csv", write_csv), ("sweep.png", write_plot)):
        with writing(out / name):
            click.echo(f"wrote {write(results, out / name)}")
    sys.exit(0 if all_ok else 1)


@main.command("bench", epilog=examples("sheetgd bench --sizes 1000 --engines sheetgd,floatloop"))
@click.option("--sizes", default="1000,10000,100000", show_default=True,
              help="Data rows of the adam sheet, comma-separated.")
@click.option("--large", is_flag=True, help="Add 1000000 rows.")
@click.option("--cap", type=FiniteFloat(0, min_open=True), default=120.0, show_default=True,
              help="Seconds each engine gets per size; a child that overruns is stopped.")
@click.option("--engines", default=None,
              help="Comma-separated subset of sheetgd,ironcalc,formualizer,pycel,formulas,"
                   "libreoffice,floatloop,numba (default: all).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--markdown", is_flag=True, help="Markdown tables (as in docs/benchmarks.md).")
@click.option("--sweep", "sweep_n", type=click.IntRange(1, 10**9), default=None,
              help="Instead of the engines: the torch sweep's throughput, N learning rates "
                   "of the adam sheet at once (eager, compiled on CUDA, and the CPU), "
                   "checked against the CPU reference.")
@click.option("--epochs", type=click.IntRange(1, 1000), default=5, show_default=True,
              help="Epochs of each sweep (with --sweep).")
@_DEVICE
@click.option("--commands", is_flag=True,
              help="Instead of the engines: whole sheetgd commands (run at 100,000 and "
                   "1,000,000 rows, a fresh and an unchanged build), each run once to warm "
                   "up and then 3 times, against the speed goals.")
@click.pass_context
def bench_command(ctx, sizes, large, cap, engines, as_json, markdown, sweep_n, epochs, device,
                  commands):
    """Time sheetgd and its peers (IronCalc, formualizer, pycel, formulas,
    LibreOffice, a plain float loop and the same under numba) on the adam
    sheet scaled to N rows: load, first calculation, recalculation after a
    learning-rate change, µs per formula cell, peak RSS, agreement with the
    reference loop.  With --sweep, the torch reference's sweep throughput
    instead (configuration-rows per second); with --commands, whole
    commands' wall time and memory.  Progress goes to stderr."""
    sweep = sweep_n is not None
    if sweep and commands:
        raise click.BadParameter("--sweep and --commands: choose one", param_hint="'--commands'")
    wrong = ", ".join(f"--{name}" for name in ("sizes", "large", "cap", "engines", "epochs",
                                               "device")
                      if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
                      and (commands or (name in ("epochs", "device")) != sweep))
    if wrong and commands:
        raise click.BadParameter(f"{wrong}: not with --commands (its commands are fixed: "
                                 "sheetgd bench --help)", param_hint="'--commands'")
    if wrong:
        raise click.UsageError(f"{wrong}: for timing the engines, not with --sweep (which "
                               "takes --epochs and --device)" if sweep else
                               f"{wrong}: for --sweep N only")
    if sweep:
        _sweep_bench(sweep_n, epochs, device, as_json, markdown)
        return
    if commands:
        from .bench.commands import main as commands_main

        text, status = commands_main(as_json=as_json, markdown=markdown)
        click.echo(text, nl=False)
        sys.exit(status)
    from .bench.run import main as bench_main

    try:
        text, status = bench_main(sizes, large, cap, engines, as_json, markdown)
    except ValueError as exc:
        option = next((o for word, o in (("size", "--sizes"), ("engine", "--engines"))
                       if word in str(exc)), None)
        if option is None:
            raise click.UsageError(str(exc)) from None
        raise click.BadParameter(str(exc), param_hint=f"'{option}'") from None
    click.echo(text, nl=False)
    sys.exit(status)


def _sweep_bench(configs, epochs, device, as_json, markdown):
    _need_torch("bench --sweep")
    from .bench.sweep_throughput import format_report, measure, report_json

    dev = _device(device)
    try:
        report = measure(configs, epochs, dev, progress=lambda line: click.echo(line, err=True))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="'--sweep'") from None
    click.echo(report_json(report) if as_json else format_report(report, markdown), nl=False)


def entry():
    """The ``sheetgd`` console script: :func:`main` (see
    :func:`~sheetgd.cli_support.run_command_line`)."""
    run_command_line(main)


if __name__ == "__main__":  # pragma: no cover
    entry()
