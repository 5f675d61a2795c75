"""Math functions: SUM, PERCENTOF, SUMSQ, SUMPRODUCT, PRODUCT, SQRT, EXP, LN, LOG, LOG10,
POWER, ABS, SIGN, INT, MOD, ROUND, ROUNDUP, ROUNDDOWN, CEILING.MATH,
FLOOR.MATH, PI.

Behaviour follows Excel's documentation (support.microsoft.com, one page per
function).  Sums add left to right, as Excel does, so results are
reproducible operation by operation.
"""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from .. import errors
from ..errors import XLError
from ..arith import power
from ..sparse import aligned
from ..values import NumberColumn, checked
from .base import GRID, NUMBER, VALUES, collect_numbers, function, many, opt, sequential_sum


@function("SUM", VALUES, many(VALUES))
def SUM(*args):
    """Sum of numbers; text and booleans inside ranges are ignored."""
    if len(args) == 1 and isinstance(args[0], NumberColumn):  # a block's column, as it is
        return checked(sequential_sum(args[0].floats))
    nums = collect_numbers(args)
    if isinstance(nums, XLError):
        return nums
    return checked(sequential_sum(nums))


@function("PERCENTOF", VALUES, VALUES, xlfn=True)
def PERCENTOF(data_subset, data_all):
    """The share data_subset makes of data_all, a number (0.25 for 25%):
    SUM(data_subset)/SUM(data_all) with SUM's rules for what counts, as
    Excel's PERCENTOF page defines it; the first error of either argument,
    else #DIV/0! when data_all sums to 0."""
    sums = []
    for arg in (data_subset, data_all):
        total = SUM(arg)
        if isinstance(total, XLError):
            return total
        sums.append(total)
    if sums[1] == 0:
        return errors.DIV0("PERCENTOF of data that sums to 0")
    return checked(sums[0] / sums[1])


@function("SUMSQ", VALUES, many(VALUES))
def SUMSQ(*args):
    """Sum of squares, with SUM's rules for what counts."""
    nums = collect_numbers(args)
    if isinstance(nums, XLError):
        return nums
    total = 0.0
    for x in nums:
        total += x * x
    return checked(total)


@function("SUMPRODUCT", GRID, many(GRID), array_args=True)
def SUMPRODUCT(*arrays):
    """Sum of element-wise products; arguments are evaluated as arrays.

    All arrays must have the same shape (#VALUE! otherwise: ``SUMPRODUCT(A:A,
    B1:B3)``); entries that are not numbers count as 0; an error entry is
    returned.  Whole columns cost their used rows: ``SUMPRODUCT(A:A,B:B)``
    multiplies the rows up to the last one used in either column (the empty
    rest adds 0).
    """
    for a in arrays:
        if isinstance(a, XLError):
            return a
    first = arrays[0]
    if any(a.height != first.height or a.width != first.width for a in arrays):
        return errors.VALUE("SUMPRODUCT arrays differ in size")
    lined_up = aligned(arrays)
    if lined_up is not None:
        return _sparse_sumproduct(lined_up)
    total = 0.0
    grids = [a.rows for a in arrays]
    for i in range(first.height):
        for j in range(first.width):
            product = 1.0
            for rows in grids:
                v = rows[i][j]
                if isinstance(v, XLError):
                    return v
                product *= v if isinstance(v, float) else 0.0
            total += product
    return checked(total)


def _product(values):
    """The product of one position's elements (non-numbers are 0), or its
    first error."""
    product = 1.0
    for v in values:
        if isinstance(v, XLError):
            return v
        product *= v if isinstance(v, float) else 0.0
    return product


def _sparse_sumproduct(arrays):
    """SUMPRODUCT of :class:`~..sparse.Sparse` arrays sharing one used part,
    in row-major order: the used cells one by one, then each repeated
    product as often as it repeats -- skipped when it is 0, which leaves the
    sum as it is (a sum that starts at 0.0 is never -0.0)."""
    total = 0.0
    a0 = arrays[0]
    height, width, h, w = a0.H, a0.W, a0.h, a0.w

    def add(product, count):
        nonlocal total
        if isinstance(product, XLError):
            return product
        if product != 0.0:
            for _ in range(count):
                total += product
        return None

    for i in range(h):
        for j in range(w):
            bad = add(_product([a.dense[i][j] for a in arrays]), 1)
            if bad is not None:
                return bad
        if w < width:
            bad = add(_product([a.right[i] for a in arrays]), width - w)
            if bad is not None:
                return bad
    if h < height:
        row = [(_product([a.below[j] for a in arrays]), 1) for j in range(w)]
        if w < width:
            row.append((_product([a.corner for a in arrays]), width - w))
        for product, count in row:
            if isinstance(product, XLError):
                return product
        if all(product == 0.0 for product, _ in row):
            return checked(total)
        for _ in range(height - h):
            for product, count in row:
                add(product, count)
    return checked(total)


@function("PRODUCT", VALUES, many(VALUES))
def PRODUCT(*args):
    """Product of numbers; 0 when there are none (as Excel)."""
    nums = collect_numbers(args)
    if isinstance(nums, XLError):
        return nums
    if not nums:
        return 0.0
    result = 1.0
    for x in nums:
        result *= x
    return checked(result)


@function("SQRT", NUMBER)
def SQRT(x):
    """Square root; #NUM! for negative numbers."""
    if x < 0:
        return errors.NUM("SQRT of a negative number")
    return math.sqrt(x)


@function("EXP", NUMBER)
def EXP(x):
    """e^x; #NUM! on overflow (EXP(1000))."""
    try:
        return math.exp(x)
    except OverflowError:
        return errors.NUM("EXP overflow")


@function("LN", NUMBER)
def LN(x):
    """Natural logarithm; #NUM! for x <= 0."""
    if x <= 0:
        return errors.NUM("LN of a number <= 0")
    return math.log(x)


def _log(x, base):
    if x <= 0 or base <= 0:
        return errors.NUM("LOG of a number <= 0")
    if base == 1:
        return errors.DIV0("LOG base 1")
    if base == 10:
        return math.log10(x)
    if base == 2:
        return math.log2(x)
    return math.log(x) / math.log(base)


@function("LOG", NUMBER, opt(NUMBER, 10.0))
def LOG(x, base):
    """Logarithm, base 10 unless given (Excel's LOG is not the natural log)."""
    return _log(x, base)


@function("LOG10", NUMBER)
def LOG10(x):
    """Base-10 logarithm."""
    return _log(x, 10.0)


@function("POWER", NUMBER, NUMBER)
def POWER(a, b):
    """a^b, with the ^ operator's rules (0^0 and overflow are #NUM!)."""
    return power(a, b)


@function("ABS", NUMBER)
def ABS(x):
    return abs(x)


@function("SIGN", NUMBER)
def SIGN(x):
    return float((x > 0) - (x < 0))


@function("INT", NUMBER)
def INT(x):
    """Round down to an integer (towards minus infinity)."""
    return float(math.floor(x))


@function("MOD", NUMBER, NUMBER)
def MOD(n, d):
    """Remainder with the sign of the divisor, n - d*INT(n/d) computed
    exactly; #DIV/0! when d is 0, #NUM! when n/d is 2^53 or more (no digit
    of the remainder is left: Excel's MOD has a #NUM! limit of its own,
    support.microsoft.com/kb/119083)."""
    if d == 0:
        return errors.DIV0("MOD by zero")
    if abs(n / d) >= 2.0 ** 53:
        return errors.NUM("MOD quotient of 2^53 or more")
    r = math.fmod(n, d)  # exact, with the sign of n
    if r != 0 and (r < 0) != (d < 0):
        r += d  # the sign of the divisor (rounds to d itself when |r| is tiny: MOD(-1E-200,1) is 1)
    return checked(r)


def _decimal(x: float) -> Decimal:
    """x at Excel's 15 significant digits, so ROUND(2.675,2) is 2.68."""
    return Decimal(f"{x:.15g}")


def _round(x, digits, mode):
    digits = int(max(-400.0, min(400.0, digits)))  # Excel truncates the digits argument
    shown = _decimal(x)
    if -digits <= shown.as_tuple().exponent:  # no digit to drop (ROUND(1E20,10), ROUND(1.5,400))
        return float(shown)
    return checked(float(shown.quantize(Decimal(1).scaleb(-digits), rounding=mode)))


@function("ROUND", NUMBER, NUMBER)
def ROUND(x, digits):
    """Round half away from zero at ``digits`` decimals (negative: tens...)."""
    return _round(x, digits, ROUND_HALF_UP)


@function("ROUNDUP", NUMBER, NUMBER)
def ROUNDUP(x, digits):
    """Round away from zero."""
    return _round(x, digits, ROUND_UP)


@function("ROUNDDOWN", NUMBER, NUMBER)
def ROUNDDOWN(x, digits):
    """Round towards zero."""
    return _round(x, digits, ROUND_DOWN)


def _multiple(x, significance, mode, up):
    significance = abs(significance)
    if significance == 0 or x == 0:
        return 0.0
    quotient = x / significance
    if not math.isfinite(quotient):
        return errors.NUM("quotient overflows")
    quotient = float(_decimal(quotient))
    away = mode != 0 and x < 0
    if x < 0 and away:
        steps = math.floor(quotient) if up else math.ceil(quotient)
    else:
        steps = math.ceil(quotient) if up else math.floor(quotient)
    return checked(steps * significance)


@function("CEILING.MATH", NUMBER, opt(NUMBER, 1.0), opt(NUMBER, 0.0), xlfn=True)
def CEILING_MATH(x, significance, mode):
    """Round up to a multiple of significance; negative numbers round
    towards zero, or away from zero when mode is non-zero."""
    return _multiple(x, significance, mode, up=True)


@function("FLOOR.MATH", NUMBER, opt(NUMBER, 1.0), opt(NUMBER, 0.0), xlfn=True)
def FLOOR_MATH(x, significance, mode):
    """Round down to a multiple of significance; negative numbers round away
    from zero, or towards zero when mode is non-zero."""
    return _multiple(x, significance, mode, up=False)


@function("PI")
def PI():
    return math.pi

