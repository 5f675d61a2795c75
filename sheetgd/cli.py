"""The ``sheetgd`` command line (click).  Commands only; the work is done by
functions a test can call without the CLI."""

from __future__ import annotations

import json
import logging
import sys

import click

from . import __version__


@click.group()
@click.version_option(__version__, prog_name="sheetgd")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logging.")
@click.pass_context
def main(ctx, debug):
    """Teach and check optimisers with spreadsheets: fast.ai's lesson-5
    gradient-descent and softmax workbooks, with an Excel-compatible formula
    engine."""
    logging.basicConfig(level=logging.DEBUG if debug else logging.ERROR,
                        format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = {"debug": debug}


@main.command("eval")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--tolerance", "rel", type=float, default=1e-9, show_default=True,
              help="Relative tolerance for numbers.")
@click.option("--abs-tolerance", "abs_", type=float, default=1e-12, show_default=True,
              help="Absolute tolerance for numbers.")
@click.option("--max-differences", type=click.IntRange(0), default=20, show_default=True,
              help="How many differences to list.")
@click.option("--seed", type=int, default=None, help="Seed for RAND/RANDBETWEEN.")
@click.pass_context
def eval_command(ctx, file, as_json, rel, abs_, max_differences, seed):
    """Recalculate FILE and compare every formula cell with the value the
    saving application cached.

    Exit status: 0 when every compared cell agrees, 1 when any differs, 2 when
    the file cannot be read.  Cells whose value is random (RAND, RANDBETWEEN,
    NOW, TODAY, or depending on them) are skipped.
    """
    from .io.xlsx_read import WorkbookReadError, read_workbook
    from .recheck import compare_with_cached, format_report

    if rel < 0 or abs_ < 0:
        raise click.BadParameter("tolerances must be >= 0")
    try:
        book = read_workbook(file, seed=seed)
    except WorkbookReadError as exc:
        click.echo(f"sheetgd eval: {exc}", err=True)
        sys.exit(2)
    except Exception as exc:  # any other unreadable file: a message, not a traceback
        if ctx.obj["debug"]:
            raise
        click.echo(f"sheetgd eval: {file}: cannot read it: {exc}", err=True)
        sys.exit(2)
    report = compare_with_cached(book, file, rel, abs_, limit=max_differences)
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2))
    else:
        click.echo(format_report(report))
    sys.exit(1 if report.total("differing") else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
