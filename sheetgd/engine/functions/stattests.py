"""Hypothesis tests and intervals: T.TEST (TTEST), Z.TEST (ZTEST),
CHISQ.TEST (CHITEST), F.TEST (FTEST), CONFIDENCE.NORM (CONFIDENCE),
CONFIDENCE.T, PROB.

Data arguments are ranges or arrays; their numbers
are gathered with SUM's rules inside ranges (text, logical values and
empty cells skipped, an error returned).  Integer arguments (tails, type,
size) are truncated; T.TEST, Z.TEST and F.TEST count the numbers before
they report an error in the data (LibreOffice's order).  Formulas and errors: each function's page on
support.microsoft.com; the distributions come from scipy.
"""

from __future__ import annotations

import math

from .. import errors
from ..errors import XLError
from ..sparse import runs, check_listable
from ..values import EMPTY, Array, checked
from .base import GRID, NUMBER, VALUES, collect_numbers, function, opt
from .distributions import _stats, special
from .regression import pairs


def _numbers_apart(data):
    """(the numbers of ``data`` with SUM's rules, its first error or None):
    the count is checked before an error is reported, as LibreOffice does."""
    if not isinstance(data, Array):
        got = collect_numbers([data])
        return ([], got) if isinstance(got, XLError) else (got, None)
    nums, error = [], None
    check_listable(data)  # each value of a run is listed count times
    for v, count in runs(data):
        if isinstance(v, XLError):
            error = error or v
        elif isinstance(v, float):
            nums += [v] * count
    return nums, error


def _mean_var(nums):
    n = len(nums)
    mean = math.fsum(nums) / n
    return mean, math.fsum((x - mean) ** 2 for x in nums) / (n - 1)


def _t_test(a, b, tails, kind):
    tails, kind = math.trunc(tails), math.trunc(kind)
    if tails not in (1, 2) or kind not in (1, 2, 3):
        return errors.NUM("T.TEST: tails must be 1 or 2 and type 1, 2 or 3")
    if kind == 1:
        ps = pairs(a, b)
        if isinstance(ps, XLError):
            return ps
        d = [x - y for x, y in ps]
        if len(d) < 2:
            return errors.DIV0("T.TEST needs at least 2 pairs")
        mean, var = _mean_var(d)
        if var == 0:
            return errors.DIV0("T.TEST: no spread")
        t, df = mean / math.sqrt(var / len(d)), len(d) - 1.0
    else:
        (xs, error_x), (ys, error_y) = _numbers_apart(a), _numbers_apart(b)
        n1, n2 = len(xs), len(ys)
        if n1 < 2 or n2 < 2:
            return errors.DIV0("T.TEST needs at least 2 numbers in each array")
        if error_x or error_y:
            return error_x or error_y
        (m1, v1), (m2, v2) = _mean_var(xs), _mean_var(ys)
        if kind == 2:
            df = n1 + n2 - 2.0
            pooled = ((n1 - 1) * v1 + (n2 - 1) * v2) / df
            se2 = pooled * (1 / n1 + 1 / n2)
        else:
            se2 = v1 / n1 + v2 / n2
            df = se2 ** 2 / ((v1 / n1) ** 2 / (n1 - 1) + (v2 / n2) ** 2 / (n2 - 1)) if se2 else 0.0
        if se2 == 0:
            return errors.DIV0("T.TEST: no spread")
        t = (m1 - m2) / math.sqrt(se2)
    return checked(tails * float(special.stdtr(df, -abs(t))))


def _declare_t_test(name, xlfn):
    def impl(a, b, tails, kind):
        return _t_test(a, b, tails, kind)
    impl.__doc__ = ("Probability of Student's t-test on two arrays: tails 1 or 2; type 1 paired "
                    "(#N/A for arrays of different sizes), 2 equal variances, 3 unequal; #NUM! "
                    "for other tails or types, #DIV/0! for too few numbers or no spread.")
    function(name, GRID, GRID, NUMBER, NUMBER, xlfn=xlfn)(impl)


_declare_t_test("T.TEST", True)
_declare_t_test("TTEST", False)


def _z_test(data, x, sigma):
    nums, error = _numbers_apart(data)
    n = len(nums)
    if not n:  # an error and no number: the error (Excel passes errors on)
        return error or errors.NA("Z.TEST of no numbers")
    if n < 2:  # even with sigma given, as LibreOffice (Excel's page does not say)
        return errors.DIV0("Z.TEST needs 2 numbers")
    if error is not None:
        return error
    if sigma is EMPTY:
        sigma = math.sqrt(_mean_var(nums)[1])
    if sigma <= 0:
        return errors.DIV0("Z.TEST: sigma is 0") if sigma == 0 else errors.NUM("Z.TEST: sigma < 0")
    mean = math.fsum(nums) / n
    return checked(1.0 - float(special.ndtr((mean - x) / (sigma / math.sqrt(n)))))


def _declare_z_test(name, xlfn):
    def impl(data, x, sigma):
        return _z_test(data, x, sigma)
    impl.__doc__ = ("One-tailed P-value of a z-test: 1 - NORM.S.DIST((mean - x)/(sigma/sqrt(n))) "
                    "computed as written (so 0, not a tiny number, far in the tail), sigma the "
                    "sample standard deviation unless given; #N/A for no numbers (the first error in "
                    "the data when it holds one), #DIV/0! for one.")
    function(name, VALUES, NUMBER, opt(NUMBER), xlfn=xlfn)(impl)


_declare_z_test("Z.TEST", True)
_declare_z_test("ZTEST", False)


def _chisq_test(actual, expected):
    for a in (actual, expected):
        if isinstance(a, XLError):
            return a
    if (actual.height, actual.width) != (expected.height, expected.width):
        return errors.NA("CHISQ.TEST: the ranges differ in size")
    chi = 0.0
    for a, e in zip(actual.flat(), expected.flat()):
        for v in (a, e):
            if isinstance(v, XLError):
                return v
        if isinstance(a, float) and isinstance(e, float) and not isinstance(a, bool) \
                and not isinstance(e, bool):
            if e == 0:
                return errors.DIV0("CHISQ.TEST: an expected value is 0")
            if e < 0:
                return errors.NUM("CHISQ.TEST: an expected value is negative")
            chi += (a - e) ** 2 / e
    rows, cols = actual.height, actual.width
    df = (rows - 1) * (cols - 1) if rows > 1 and cols > 1 else rows * cols - 1
    if df < 1:
        return errors.NA("CHISQ.TEST needs more than one value")
    return checked(float(special.chdtrc(df, chi)))


def _declare_chisq_test(name, xlfn):
    def impl(actual, expected):
        return _chisq_test(actual, expected)
    impl.__doc__ = ("Probability of the chi-squared test of independence (degrees of freedom "
                    "(rows-1)(cols-1), or count-1 for one row or column); #N/A for ranges of "
                    "different sizes, #DIV/0! for an expected value of 0.")
    function(name, GRID, GRID, xlfn=xlfn)(impl)


_declare_chisq_test("CHISQ.TEST", True)
_declare_chisq_test("CHITEST", False)


def _f_test(a, b):
    (xs, error_x), (ys, error_y) = _numbers_apart(a), _numbers_apart(b)
    if len(xs) < 2 or len(ys) < 2:
        return errors.DIV0("F.TEST needs at least 2 numbers in each array")
    if error_x or error_y:
        return error_x or error_y
    v1, v2 = _mean_var(xs)[1], _mean_var(ys)[1]
    if v1 == 0 or v2 == 0:
        return errors.DIV0("F.TEST: a variance is 0")
    f, d1, d2 = v1 / v2, len(xs) - 1.0, len(ys) - 1.0
    tail = min(float(special.fdtr(d1, d2, f)), float(special.fdtrc(d1, d2, f)))
    return checked(min(1.0, 2 * tail))


def _declare_f_test(name, xlfn):
    def impl(a, b):
        return _f_test(a, b)
    impl.__doc__ = ("Two-tailed probability that the variances of the two arrays do not differ; "
                    "#DIV/0! for fewer than 2 numbers or a variance of 0.")
    function(name, VALUES, VALUES, xlfn=xlfn)(impl)


_declare_f_test("F.TEST", True)
_declare_f_test("FTEST", False)


def _confidence(alpha, sd, size, student):
    n = math.trunc(size)
    if not 0 < alpha < 1 or sd <= 0 or n < 1:
        return errors.NUM("CONFIDENCE: alpha outside (0, 1), standard_dev <= 0 or size < 1")
    if student:
        if n == 1:
            return errors.DIV0("CONFIDENCE.T: size 1")
        quantile = float(_stats().t.isf(alpha / 2, float(n - 1)))  # an int past 2^63 is no ufunc input
    else:
        quantile = -float(special.ndtri(alpha / 2))
    return checked(quantile * sd / math.sqrt(n))


@function("CONFIDENCE.NORM", NUMBER, NUMBER, NUMBER, xlfn=True)
def CONFIDENCE_NORM(alpha, sd, size):
    """Half-width of the normal confidence interval for a mean; size
    truncated; #NUM! for alpha outside (0, 1), standard_dev <= 0 or size < 1."""
    return _confidence(alpha, sd, size, student=False)


@function("CONFIDENCE", NUMBER, NUMBER, NUMBER)
def CONFIDENCE(alpha, sd, size):
    """The legacy name of CONFIDENCE.NORM."""
    return _confidence(alpha, sd, size, student=False)


@function("CONFIDENCE.T", NUMBER, NUMBER, NUMBER, xlfn=True)
def CONFIDENCE_T(alpha, sd, size):
    """Half-width of Student's t confidence interval for a mean; #DIV/0! for
    size 1, otherwise CONFIDENCE.NORM's errors."""
    return _confidence(alpha, sd, size, student=True)


@function("PROB", GRID, GRID, NUMBER, opt(NUMBER))
def PROB(xs, probs, lower, upper):
    """The probability that a value of x_range lies between lower and upper
    (equals lower when upper is omitted; the bounds in either order); #N/A for ranges of different
    sizes, #NUM! for a probability <= 0 or > 1 or probabilities that do not
    add up to 1."""
    for a in (xs, probs):
        if isinstance(a, XLError):
            return a
    flat_x, flat_p = list(xs.flat()), list(probs.flat())
    if len(flat_x) != len(flat_p):
        return errors.NA("PROB: the ranges differ in size")
    if upper is EMPTY:
        upper = lower
    lower, upper = min(lower, upper), max(lower, upper)  # as LibreOffice (Excel's page does not say)
    total = inside = 0.0
    for x, p in zip(flat_x, flat_p):
        for v in (x, p):
            if isinstance(v, XLError):
                return v
        if not isinstance(p, float) or isinstance(p, bool):
            continue
        if not 0 < p <= 1:
            return errors.NUM("PROB: a probability is outside (0, 1]")
        total += p
        if isinstance(x, float) and not isinstance(x, bool) and lower <= x <= upper:
            inside += p
    if abs(total - 1) > 1e-7:
        return errors.NUM("PROB: the probabilities do not add up to 1")
    return inside
