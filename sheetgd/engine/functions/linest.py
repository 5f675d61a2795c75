"""Least-squares fits of one or several variables: LINEST, LOGEST, TREND,
GROWTH (array results: in a single cell, the first value shows; INDEX
picks the others).  Their arguments are evaluated as arrays even in a
normal formula (``INDEX(LINEST(y,x^{1,2}),1)``, a quadratic fit).

Shapes, as Excel's LINEST page describes them: known_y's in one column
takes known_x's with the same number of rows and one column per variable;
known_y's in one row, known_x's with one row per variable; known_y's of
any other shape, known_x's of the same shape (one variable).  known_x's
left out is 1, 2, 3 ...  Every value must be a number (#VALUE!
otherwise, checked before errors; then an error is returned); sizes that
do not fit are #REF!; a single point with a constant is #VALUE! (as
LibreOffice; Excel's page does not say).

LINEST returns the coefficients in reverse order, then b:
``{m_n, ..., m_1, b}``; with stats TRUE four more rows: the standard
errors, then r² and the standard error of y, then F and the degrees of
freedom, then the regression and residual sums of squares (the other
cells #N/A; F is #N/A for an exact fit or no degrees of freedom, as in
LibreOffice).  A variable that is a linear combination of the ones before
it (or of the constant) gets coefficient 0 and standard error 0, as in
Excel 2003 and later.  LOGEST fits ln(y) and returns exp of the
coefficients (y = b * m_1^x_1 * ...); TREND and GROWTH give the fitted
values at new_x's (known_x's by default).
"""

from __future__ import annotations

import math

import numpy as np

from .. import errors
from ..errors import XLError
from ..values import Array, checked
from .base import GRID, LOGICAL, function, opt

_OMITTED = None  # an optional array argument left out


def _omitted(a) -> bool:
    """Whether an optional array argument was left out (``LINEST(y)``,
    ``LINEST(y,,FALSE)``)."""
    return a is _OMITTED or isinstance(a, Array) and a.height == a.width == 1 and a.rows[0][0] is _OMITTED


def _matrix(a):
    """A numeric numpy matrix of an Array, or an XLError."""
    if isinstance(a, XLError):
        return a
    values = list(a.flat())
    if any(not isinstance(v, (float, XLError)) or isinstance(v, bool) for v in values):
        return errors.VALUE("LINEST: every value must be a number")  # before errors, as LibreOffice
    for v in values:
        if isinstance(v, XLError):
            return v
    return np.array(a.rows, dtype=float)


def _design(y, x):
    """(y as a vector, X with one column per variable, orientation) or an
    XLError; orientation is "col", "row" or "grid" (how new_x's reads)."""
    if y.shape[1] == 1:
        if x is None:
            x = np.arange(1.0, y.shape[0] + 1).reshape(-1, 1)
        if x.shape[0] != y.shape[0]:
            return errors.REF("known_x's rows do not match known_y's")
        return y[:, 0], x, "col"
    if y.shape[0] == 1:
        if x is None:
            x = np.arange(1.0, y.shape[1] + 1).reshape(1, -1)
        if x.shape[1] != y.shape[1]:
            return errors.REF("known_x's columns do not match known_y's")
        return y[0, :], x.T, "row"
    if x is None:
        x = np.arange(1.0, y.size + 1).reshape(y.shape)
    if x.shape != y.shape:
        return errors.REF("known_x's must have known_y's shape")
    return y.ravel(), x.reshape(-1, 1), "grid"


def _fit(y, X, const):
    """Least squares of y on the columns of X (and a constant when
    ``const``): (coefficients of X's columns, b, the kept columns of the
    design matrix [constant first], that matrix), or an XLError.

    The data are centred first when there is a constant (the slope of one
    variable is then Sxy/Sxx, exact for Excel's example data); a column
    the kept ones already span gets coefficient 0."""
    n, k = X.shape
    if const:
        mx, my = X.mean(axis=0), y.mean()
        Xc, yc = X - mx, y - my
    else:
        Xc, yc = X, y
    kept = []
    for j in range(k):  # drop a column that the kept ones (and the constant) already span
        trial = kept + [j]
        if np.linalg.matrix_rank(Xc[:, trial]) == len(trial):
            kept.append(j)
    ms = np.zeros(k)
    if len(kept) == 1:
        col = Xc[:, kept[0]]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # col @ col 0 or
            ms[kept[0]] = (col @ yc) / (col @ col)  # past 1E308: a non-finite slope, #NUM! at the gate
    elif kept:
        ms[kept] = np.linalg.lstsq(Xc[:, kept], yc, rcond=None)[0]
    b = float(my - mx @ ms) if const else 0.0
    design = np.hstack([np.ones((n, 1)), X[:, kept]]) if const else X[:, kept]
    return ms, b, kept, design


def _prepared(ys, xs, const, name, log):
    """What LINEST, LOGEST, TREND and GROWTH share: the known y's (their
    logarithms for the exponential fits) and x's as matrices, the design,
    and the least-squares fit: ``(y, x, yv, X, orientation, (ms, b, kept,
    design))``, or an XLError naming ``name``."""
    y = _matrix(ys)
    if isinstance(y, XLError):
        return y
    x = None if _omitted(xs) else _matrix(xs)
    if isinstance(x, XLError):
        return x
    if log:
        if (y <= 0).any():
            return errors.NUM(f"{name}: known_y's must be positive")
        y = np.log(y)
    design = _design(y, x)
    if isinstance(design, XLError):
        return design
    yv, X, orientation = design
    if const and len(yv) < 2:
        return errors.VALUE(f"{name}: one point")
    fitted = _fit(yv, X, const)
    if isinstance(fitted, XLError):
        return fitted
    return y, x, yv, X, orientation, fitted


def linest(ys, xs, const, stats, log=False):
    """LINEST's (or LOGEST's) result array, or an XLError."""
    prepared = _prepared(ys, xs, const, "LOGEST" if log else "LINEST", log)
    if isinstance(prepared, XLError):
        return prepared
    _, _, yv, X, _, (ms, b, kept, design) = prepared
    n, k = X.shape
    first = [float(v) for v in ms[::-1]] + [float(b)]
    if log:
        first = [math.exp(v) for v in first]
    if not stats:
        return _array([first])
    predicted = b + X @ ms
    resid = yv - predicted
    ssresid = float(resid @ resid)
    ssreg = float(((predicted - yv.mean()) ** 2).sum()) if const else float((predicted ** 2).sum())
    regressors = len(kept)
    df = n - regressors - (1 if const else 0)
    na = errors.NA("LINEST: no statistic here")
    sigma2 = ssresid / df if df > 0 else 0.0
    se_kept = np.sqrt(np.maximum(np.diag(np.linalg.inv(design.T @ design)) * sigma2, 0.0))
    se_ms = np.zeros(k)
    se_ms[kept] = se_kept[1:] if const else se_kept
    se_b = float(se_kept[0]) if const else na
    ses = [float(v) for v in se_ms[::-1]] + [se_b]
    sey = math.sqrt(sigma2)
    # no residual or no degrees of freedom: F is #N/A (as LibreOffice; the
    # standard errors are then 0)
    f = (ssreg / regressors) / sigma2 if regressors and sigma2 > 0 else errors.NA("F: no residual")
    total = ssreg + ssresid
    r2 = ssreg / total if total > 0 else errors.NUM("r2: no variation")
    pad = [na] * (k - 1)
    return _array([first, ses, [r2, sey, *pad], [f, float(df), *pad], [ssreg, ssresid, *pad]])


def _array(rows):
    def cell(v):
        return v if isinstance(v, XLError) else checked(float(v))
    return Array(tuple(tuple(cell(v) for v in row) for row in rows))


def trend(ys, xs, new_xs, const, log=False):
    """TREND's (or GROWTH's) fitted values at new_x's, or an XLError."""
    prepared = _prepared(ys, xs, const, "GROWTH" if log else "TREND", log)
    if isinstance(prepared, XLError):
        return prepared
    y, x, yv, X, orientation, (ms, b, _, _) = prepared
    k = X.shape[1]
    if _omitted(new_xs):
        new = X if x is not None else (np.arange(1.0, len(yv) + 1).reshape(-1, 1))
        shape = y.shape if k == 1 else None
    else:
        new = _matrix(new_xs)
        if isinstance(new, XLError):
            return new
        shape = new.shape if k == 1 else None
        if k == 1:
            new = new.reshape(-1, 1)
        elif orientation == "row":
            if new.shape[0] != k:
                return errors.REF("new_x's rows must match the variables")
            new = new.T
        elif new.shape[1] != k:
            return errors.REF("new_x's columns must match the variables")
    values = b + new @ ms
    if log:
        with np.errstate(over="ignore"):
            values = np.exp(values)
    if shape is not None:
        grid = values.reshape(shape)
    elif orientation == "row":
        grid = values.reshape(1, -1)
    else:
        grid = values.reshape(-1, 1)
    return _array(grid.tolist())


@function("LINEST", GRID, opt(GRID, _OMITTED), opt(LOGICAL, True), opt(LOGICAL, False),
          array_args=True)
def LINEST(ys, xs, const, stats):
    """The least-squares line (plane) through the data: {m_n, ..., m_1, b},
    with the regression statistics below when stats is TRUE (see the
    module's docstring); #VALUE! for non-numbers, #REF! for sizes that do
    not fit."""
    return linest(ys, xs, const, stats)


@function("LOGEST", GRID, opt(GRID, _OMITTED), opt(LOGICAL, True), opt(LOGICAL, False),
          array_args=True)
def LOGEST(ys, xs, const, stats):
    """The exponential curve y = b * m^x through the data: {m_n, ..., m_1,
    b}, statistics of the fit of ln(y) below when stats is TRUE; #NUM! for
    a y <= 0."""
    return linest(ys, xs, const, stats, log=True)


@function("TREND", GRID, opt(GRID, _OMITTED), opt(GRID, _OMITTED), opt(LOGICAL, True),
          array_args=True)
def TREND(ys, xs, new_xs, const):
    """The least-squares line's values at new_x's (known_x's by default)."""
    return trend(ys, xs, new_xs, const)


@function("GROWTH", GRID, opt(GRID, _OMITTED), opt(GRID, _OMITTED), opt(LOGICAL, True),
          array_args=True)
def GROWTH(ys, xs, new_xs, const):
    """The exponential curve's values at new_x's (known_x's by default);
    #NUM! for a y <= 0."""
    return trend(ys, xs, new_xs, const, log=True)
