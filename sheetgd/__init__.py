"""sheetgd: fast.ai's gradient-descent spreadsheets as software.

    >>> import sheetgd
    >>> wb = sheetgd.Workbook()
    >>> wb.add_sheet("s")  # doctest: +ELLIPSIS
    <Sheet 's'...>
    >>> wb.set("s!A1", 3); wb.set("s!A2", "=-A1^2")
    >>> wb.value("s!A2")
    9.0
"""

from .gcpause import paused_gc

with paused_gc(promote=True):  # the engine's imports: objects for good, none of them garbage
    from .engine import EMPTY, Array, FormulaError, Workbook, XLError

__version__ = "0.1.0"


def load(path, *, seed: int | None = None, calculate: bool = True, **limits) -> Workbook:
    """Read an .xlsx/.xlsm file into a :class:`Workbook` and (by default)
    recalculate it.  The values the saving application cached are kept in
    ``workbook.cached`` for comparison.

    ``max_uncompressed`` (bytes, default 1 GiB) and ``max_cells`` (default
    20,000,000) bound what is read; a file that is not a workbook, or is
    hostile or too large, raises ``sheetgd.io.xlsx_read.WorkbookReadError``
    with a one-line message naming the file."""
    from .io.xlsx_read import read_workbook

    return read_workbook(path, seed=seed, calculate=calculate, **limits)


__all__ = ["Array", "EMPTY", "FormulaError", "Workbook", "XLError", "load", "__version__"]
