"""LibreOffice's LINEST and LOGEST of data holding an error, recomputed for
the fuzzer's ``linest-error-data`` category (tests/fuzz_explain.py,
docs/compatibility.md).

sheetgd passes the data's first error on, as Excel passes on an error in an
argument.  LibreOffice 7.4 keeps the error inside its matrix as a number
that poisons every sum it enters (its ScInterpreter::CalculateRGPRKP, one
x variable), so the cells that do not depend on the data's values are
numbers there (measured, small workbooks one formula a cell):

* the degrees of freedom, n - 2 (n - 1 without a constant), always;
* without a constant the intercept 0 (LOGEST: 1) and its standard error
  #N/A;
* with no degree of freedom left (two points and a constant), its branch for
  an exact fit: slope and intercept standard errors 0 (#N/A without a
  constant), r^2 1, the standard error of y 0, F #N/A, the residual sum of
  squares 0;
* every other cell the data's error (seed 2's
  INDEX(LINEST(data!D5:D6,data!F5:F6,1,TRUE),3,1) of an #N/A in F6: 1).
"""

from __future__ import annotations

from sheetgd.engine import XLError
from sheetgd.engine.nodes import Call
from sheetgd.engine.values import Array

from .fuzz_tree import strip

#: The category and its description (docs/compatibility.md).
CATEGORY = "linest-error-data"
DESCRIPTION = ("LINEST, LOGEST of one x variable whose data holds an error: Excel passes the "
               "error on to every cell; LibreOffice computes with it, so the cells that do not "
               "depend on the data's values are numbers (the degrees of freedom, an intercept "
               "of 0 without a constant, and with two points and a constant its exact fit's "
               "r^2 1 and standard errors 0)")

_ERROR = object()  # a cell holding the data's error


def libreoffice_fit_cell(name: str, n: int, const: bool, stats: bool, row: int, col: int):
    """LibreOffice's value at (``row``, ``col``) (1-based) of LINEST or
    LOGEST (``name``) of ``n`` points of one variable whose data holds an
    error: a number, an XLError, ``_ERROR`` for the data's error, or None
    outside the result (1 x 2 without ``stats``, 5 x 2 with)."""
    if not (1 <= col <= 2 and 1 <= row <= (5 if stats else 1)):
        return None
    df = float(n - 2 if const else n - 1)
    if (row, col) == (1, 2) and not const:
        return 1.0 if name == "LOGEST" else 0.0
    if (row, col) == (2, 2) and not const:
        return XLError("#N/A")
    if (row, col) == (4, 2):
        return df
    if df == 0 and row > 1:
        exact = {(2, 1): 0.0, (2, 2): 0.0, (3, 1): 1.0, (3, 2): 0.0, (4, 1): XLError("#N/A"),
                 (5, 2): 0.0}
        return exact.get((row, col), _ERROR)
    return _ERROR


def _truthy(value, default: bool):
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    return value != 0 if isinstance(value, float) else None


def _fit(call, host):
    """(name, n, const, stats, the data's error kinds) of a LINEST or LOGEST
    call of one x variable whose numbers hold an error, or None."""
    if not (isinstance(call, Call) and call.name in ("LINEST", "LOGEST") and 1 <= len(call.args) <= 4):
        return None
    values = [host.value(a) for a in call.args]
    ys = values[0]
    xs = values[1] if len(values) > 1 and values[1] is not None else None
    const = _truthy(values[2] if len(values) > 2 else None, True)
    stats = _truthy(values[3] if len(values) > 3 else None, False)
    if const is None or stats is None:
        return None
    data = [ys] + ([xs] if xs is not None else [])
    shapes = {(v.height, v.width) if isinstance(v, Array) else (1, 1) for v in data}
    if len(shapes) != 1:
        return None  # several x variables, or sizes that differ: other rules
    cells = [c for v in data for c in (v.flat() if isinstance(v, Array) else [v])]
    if not all(isinstance(c, (float, bool, XLError)) for c in cells):
        return None  # text or an empty cell: #VALUE! in both
    kinds = {c.kind for c in cells if isinstance(c, XLError)}
    n = len(cells) // len(data)
    if not kinds or n < 2:
        return None
    return call.name, n, const, stats, kinds


def regression_category(node, operands, sg, lo, host) -> str | None:
    """``linest-error-data`` when ``node`` is INDEX(LINEST(...), row, col)
    (or LOGEST) of data holding an error, sheetgd's value is that error and
    LibreOffice's is its value at that place (:func:`libreoffice_fit_cell`)."""
    node = strip(node)
    if host is None or not isinstance(sg, XLError) or not (
            isinstance(node, Call) and node.name == "INDEX" and len(node.args) == 3
            and len(operands) == 3):
        return None
    fit = _fit(strip(node.args[0]), host)
    row, col = operands[1:]
    if fit is None or not (isinstance(row, float) and isinstance(col, float)):
        return None
    name, n, const, stats, kinds = fit
    if sg.kind not in kinds:
        return None
    theirs = libreoffice_fit_cell(name, n, const, stats, int(row), int(col))
    if theirs is _ERROR:  # the data's error there too (which one of several: not measured)
        return None
    if isinstance(theirs, XLError):
        return CATEGORY if isinstance(lo, XLError) and lo.kind == theirs.kind != sg.kind else None
    return CATEGORY if isinstance(theirs, float) and lo == theirs else None
