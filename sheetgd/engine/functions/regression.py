"""Two variables: CORREL, PEARSON, COVAR, COVARIANCE.P, COVARIANCE.S,
SLOPE, INTERCEPT, RSQ, STEYX, FORECAST, FORECAST.LINEAR.

Their arguments are ranges or arrays (array expressions are evaluated as
arrays in array formulas, as in Excel before dynamic arrays).  The two arrays must hold the same number of values
(#N/A otherwise); an error in either is returned; a pair where either
value is not a number (text, a logical value, an empty cell) is skipped.
Too few pairs, or no spread in x, is #DIV/0!.  Excel's pages for each
function on support.microsoft.com.  The least-squares fits of several
variables (LINEST, TREND ...) are in :mod:`.linest`.
"""

from __future__ import annotations

import math

from .. import errors
from ..errors import XLError
from ..values import checked
from .base import GRID, NUMBER, function


def _is_number(v) -> bool:
    return isinstance(v, float) and not isinstance(v, bool)


def pairs(ys, xs):
    """The (y, x) pairs of two arrays where both are numbers; #N/A for
    arrays of different sizes, or the first error in either."""
    for a in (ys, xs):
        if isinstance(a, XLError):
            return a
    flat_y, flat_x = list(ys.flat()), list(xs.flat())
    if len(flat_y) != len(flat_x):
        return errors.NA("the two arrays hold different numbers of values")
    out = []
    for y, x in zip(flat_y, flat_x):
        for v in (y, x):
            if isinstance(v, XLError):
                return v
        if _is_number(y) and _is_number(x):
            out.append((y, x))
    return out


def _total(values):
    total = 0.0
    for v in values:
        total += v
    return total


def moments(ys, xs):
    """(n, mean y, mean x, Syy, Sxx, Sxy) of the pairs, or an XLError."""
    ps = pairs(ys, xs)
    if isinstance(ps, XLError):
        return ps
    n = len(ps)
    if not n:
        return errors.DIV0("no pairs of numbers")
    my = _total(y for y, _ in ps) / n
    mx = _total(x for _, x in ps) / n
    syy = _total((y - my) ** 2 for y, _ in ps)
    sxx = _total((x - mx) ** 2 for _, x in ps)
    sxy = _total((y - my) * (x - mx) for y, x in ps)
    return n, my, mx, syy, sxx, sxy


def _with_moments(fn, doc):
    def impl(a, b):
        m = moments(a, b)
        if isinstance(m, XLError):
            return m
        try:
            return checked(fn(*m))
        except ZeroDivisionError:
            return errors.DIV0("no spread in the data, or too few pairs")
        except (OverflowError, ValueError):
            return errors.NUM("overflow")
    impl.__doc__ = doc
    return impl


def _correl(n, my, mx, syy, sxx, sxy):
    return sxy / math.sqrt(sxx * syy)


def _steyx(n, my, mx, syy, sxx, sxy):
    if n < 3:
        raise ZeroDivisionError
    return math.sqrt((syy - sxy * sxy / sxx) / (n - 2))


def _covariance_s(n, my, mx, syy, sxx, sxy):
    return sxy / (n - 1)


def _slope(n, my, mx, syy, sxx, sxy):
    return sxy / sxx


_TWO_ARRAYS = [
    ("CORREL", _correl, "Correlation coefficient of the two arrays."),
    ("PEARSON", _correl, "Pearson product-moment correlation coefficient (CORREL)."),
    ("RSQ", lambda *m: _correl(*m) ** 2, "Square of the correlation coefficient (known_y's, known_x's)."),
    ("COVAR", lambda n, *m: m[-1] / n, "Population covariance (the legacy name of COVARIANCE.P)."),
    ("COVARIANCE.P", lambda n, *m: m[-1] / n, "Population covariance."),
    ("COVARIANCE.S", _covariance_s, "Sample covariance; #DIV/0! for fewer than 2 pairs."),
    ("SLOPE", _slope, "Slope of the least-squares line of known_y's on known_x's."),
    ("INTERCEPT", lambda n, my, mx, *m: my - _slope(n, my, mx, *m) * mx,
     "Intercept of the least-squares line of known_y's on known_x's."),
    ("STEYX", _steyx, "Standard error of the predicted y; #DIV/0! for fewer than 3 pairs."),
]

for _name, _fn, _doc in _TWO_ARRAYS:
    function(_name, GRID, GRID, xlfn=_name.startswith("COVARIANCE."))(
        _with_moments(_fn, _doc + " Errors: #N/A for arrays of different sizes, #DIV/0! "
                      "without spread or enough pairs (Excel's documentation)."))


def _forecast(x, ys, xs):
    m = moments(ys, xs)
    if isinstance(m, XLError):
        return m
    n, my, mx, syy, sxx, sxy = m
    if sxx == 0:
        return errors.DIV0("FORECAST: no spread in known_x's")
    return checked(my + sxy / sxx * (x - mx))


@function("FORECAST", NUMBER, GRID, GRID)
def FORECAST(x, ys, xs):
    """The y the least-squares line of known_y's on known_x's gives at x;
    #N/A for arrays of different sizes, #DIV/0! when known_x's has no
    spread."""
    return _forecast(x, ys, xs)


@function("FORECAST.LINEAR", NUMBER, GRID, GRID, xlfn=True)
def FORECAST_LINEAR(x, ys, xs):
    """FORECAST under its Excel 2016 name."""
    return _forecast(x, ys, xs)
