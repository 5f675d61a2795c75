"""Descriptive statistics beyond the mean: GEOMEAN, HARMEAN, AVEDEV, DEVSQ,
KURT, SKEW, SKEW.P, MODE (.SNGL, .MULT).

Numbers are gathered with SUM's rules (:func:`collect_numbers`: numbers
inside ranges and arrays, coerced direct arguments, the first error
returned).  Formulas and errors: each function's page on
support.microsoft.com (KURT and SKEW are the bias-corrected sample
estimates Excel documents; SKEW.P the population one).
"""

from __future__ import annotations

import math

from .. import errors
from ..errors import XLError
from ..sparse import runs, check_listable
from ..values import Array, checked
from .base import VALUES, collect_numbers, function, many


def _total(values):
    total = 0.0
    for v in values:
        total += v
    return total


def _declare(name, impl, xlfn=False):
    function(name, VALUES, many(VALUES), xlfn=xlfn)(impl)


def _numbers(fn):
    """``fn(nums)`` applied to the numbers of the arguments (errors pass)."""
    def impl(*args):
        nums = collect_numbers(args)
        return nums if isinstance(nums, XLError) else fn(nums)
    impl.__doc__ = fn.__doc__
    return impl


def _positive(fn):
    """``fn(nums)`` of positive numbers: a number <= 0 anywhere is #NUM!,
    even with an error elsewhere in the data (LibreOffice's order; Excel's
    pages do not say), then the first error is returned."""
    name = fn.__name__.strip("_").upper()

    def impl(*args):
        nums, error = [], None
        for arg in args:
            if isinstance(arg, Array):  # numbers only; each value of a run once
                check_listable(arg)  # each value of a run is listed count times
                for v, count in runs(arg):
                    if isinstance(v, XLError):
                        error = error or v
                    elif isinstance(v, float):
                        nums += [v] * count
            else:
                got = collect_numbers([arg])
                if isinstance(got, XLError):
                    error = error or got
                else:
                    nums += got
        if any(x <= 0 for x in nums) or not nums and error is None:
            return errors.NUM(f"{name} needs positive numbers")
        return error if error is not None else fn(nums)
    impl.__doc__ = fn.__doc__
    return impl


@_positive
def _geomean(nums):
    """Geometric mean; #NUM! when a number is <= 0 or there are none."""
    return checked(math.exp(_total(math.log(x) for x in nums) / len(nums)))


@_positive
def _harmean(nums):
    """Harmonic mean; #NUM! when a number is <= 0 or there are none."""
    return checked(len(nums) / _total(1.0 / x for x in nums))


def _deviations(nums):
    mean = _total(nums) / len(nums)
    return [x - mean for x in nums]


@_numbers
def _avedev(nums):
    """Mean absolute deviation from the mean; #NUM! for no numbers."""
    if not nums:
        return errors.NUM("AVEDEV of no numbers")
    return checked(_total(abs(d) for d in _deviations(nums)) / len(nums))


@_numbers
def _devsq(nums):
    """Sum of squared deviations from the mean; #DIV/0! for no numbers (as
    LibreOffice; Excel's page does not say)."""
    if not nums:
        return errors.DIV0("DEVSQ of no numbers")
    return checked(_total(d * d for d in _deviations(nums)))


def _standardised(nums, sample):
    """The deviations divided by the standard deviation, or #DIV/0!."""
    n = len(nums)
    devs = _deviations(nums)
    var = _total(d * d for d in devs) / (n - 1 if sample else n)
    if not math.isfinite(var):
        return errors.NUM("overflow")
    if var == 0:
        return errors.DIV0("the standard deviation is 0")
    sd = math.sqrt(var)
    return [d / sd for d in devs]


@_numbers
def _kurt(nums):
    """Sample excess kurtosis; #DIV/0! for fewer than 4 numbers or a
    standard deviation of 0."""
    n = len(nums)
    if n < 4:
        return errors.DIV0("KURT needs at least 4 numbers")
    z = _standardised(nums, sample=True)
    if isinstance(z, XLError):
        return z
    s4 = _total(v ** 4 for v in z)
    return checked(n * (n + 1) / ((n - 1) * (n - 2) * (n - 3)) * s4
                   - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))


@_numbers
def _skew(nums):
    """Sample skewness; #DIV/0! for fewer than 3 numbers or a standard
    deviation of 0."""
    n = len(nums)
    if n < 3:
        return errors.DIV0("SKEW needs at least 3 numbers")
    z = _standardised(nums, sample=True)
    if isinstance(z, XLError):
        return z
    return checked(n / ((n - 1) * (n - 2)) * _total(v ** 3 for v in z))


@_numbers
def _skew_p(nums):
    """Population skewness; #DIV/0! for fewer than 3 numbers (as
    LibreOffice) or a standard deviation of 0."""
    if len(nums) < 3:
        return errors.DIV0("SKEW.P needs at least 3 numbers")
    z = _standardised(nums, sample=False)
    if isinstance(z, XLError):
        return z
    return checked(_total(v ** 3 for v in z) / len(nums))


def _modes(nums):
    """The most frequent numbers (seen at least twice), in order of first
    appearance."""
    counts: dict[float, int] = {}
    for x in nums:
        counts[x] = counts.get(x, 0) + 1
    top = max(counts.values(), default=0)
    return [x for x, c in counts.items() if c == top] if top > 1 else []


@_numbers
def _mode(nums):
    """The most frequent number (the first seen among equally frequent
    ones); #N/A when no number repeats."""
    modes = _modes(nums)
    return modes[0] if modes else errors.NA("no number repeats")


@_numbers
def _mode_mult(nums):
    """A vertical array of the most frequent numbers, in order of first
    appearance; #N/A when no number repeats."""
    modes = _modes(nums)
    return Array(tuple((m,) for m in modes)) if modes else errors.NA("no number repeats")


_declare("GEOMEAN", _geomean)
_declare("HARMEAN", _harmean)
_declare("AVEDEV", _avedev)
_declare("DEVSQ", _devsq)
_declare("KURT", _kurt)
_declare("SKEW", _skew)
_declare("SKEW.P", _skew_p, xlfn=True)
_declare("MODE", _mode)
_declare("MODE.SNGL", _mode, xlfn=True)
_declare("MODE.MULT", _mode_mult, xlfn=True)
