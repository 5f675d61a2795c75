"""Order statistics: LARGE, SMALL, PERCENTILE (.INC, .EXC), QUARTILE (.INC,
.EXC), PERCENTRANK (.INC, .EXC), RANK (.EQ, .AVG), TRIMMEAN, FREQUENCY.

The data argument is gathered with SUM's rules (numbers inside ranges and
arrays; text, logical values and empty cells skipped; an error returned).
As in Excel before dynamic arrays, an array expression given to them
(``LARGE(A1:A5*2,1)``) is evaluated as an array only in an array formula
(Ctrl+Shift+Enter); in a normal one it is intersected with the formula's
row or column like any other expression.  Integer arguments
are truncated (LARGE and SMALL's k too, as LibreOffice does).  A parameter out of its range is reported before an
error in the data (LibreOffice's order; Excel's pages do not say).  Behaviour: each function's page on support.microsoft.com.
"""

from __future__ import annotations

import bisect
import math
from decimal import ROUND_DOWN, Decimal

from .. import errors
from ..errors import XLError
from ..values import Array, checked
from .base import NUMBER, VALUES, collect_numbers, function, opt


def _sorted(data):
    nums = collect_numbers([data])
    return nums if isinstance(nums, XLError) else sorted(nums)


def _kth(data, k, largest):
    nums = _sorted(data)
    if isinstance(nums, XLError):
        return nums
    k = math.trunc(k)
    if not 1 <= k <= len(nums):
        return errors.NUM(f"{'LARGE' if largest else 'SMALL'}: k is outside 1..{len(nums)}")
    return nums[-k] if largest else nums[k - 1]


@function("LARGE", VALUES, NUMBER)
def LARGE(data, k):
    """The k-th largest number; #NUM! when there are none or k is outside
    1..count."""
    return _kth(data, k, largest=True)


@function("SMALL", VALUES, NUMBER)
def SMALL(data, k):
    """The k-th smallest number; #NUM! when there are none or k is outside
    1..count."""
    return _kth(data, k, largest=False)


def _interpolate(nums, h):
    """The value at 0-based fractional position h of sorted ``nums``."""
    i = math.floor(h)
    if i + 1 >= len(nums):
        return nums[-1]
    return checked(nums[i] + (h - i) * (nums[i + 1] - nums[i]))


def _percentile(data, k, exclusive, name):
    if not (0 < k < 1 if exclusive else 0 <= k <= 1):  # checked before the data (LibreOffice's order)
        return errors.NUM(f"{name}: k is outside {'(0, 1)' if exclusive else '[0, 1]'}")
    nums = _sorted(data)
    if isinstance(nums, XLError):
        return nums
    n = len(nums)
    if not n:
        return errors.NUM(f"{name} of no numbers")
    if exclusive:
        h = (n + 1) * k - 1
        if h < 0 or h > n - 1:
            return errors.NUM(f"{name}: k is outside 1/(n+1)..n/(n+1)")
    else:
        h = (n - 1) * k
    return _interpolate(nums, h)


def _declare_percentile(names, exclusive):
    def impl(data, k):
        return _percentile(data, k, exclusive, names[0])

    impl.__doc__ = ("The k-th percentile, interpolated between neighbours at rank "
                    + ("(n+1)k (k strictly between 1/(n+1) and n/(n+1))" if exclusive
                       else "(n-1)k+1 (0 <= k <= 1)") + "; #NUM! otherwise or for no numbers.")
    for name in names:
        function(name, VALUES, NUMBER, xlfn="." in name)(impl)


_declare_percentile(("PERCENTILE.INC", "PERCENTILE"), exclusive=False)
_declare_percentile(("PERCENTILE.EXC",), exclusive=True)


def _declare_quartile(names, exclusive):
    def impl(data, quart):
        q = math.trunc(quart)
        if not (0 < q < 4 if exclusive else 0 <= q <= 4):
            return errors.NUM(f"{names[0]}: quart is out of range")
        return _percentile(data, q / 4, exclusive, names[0])

    impl.__doc__ = ("The quart-th quartile (truncated; " + ("1..3" if exclusive else "0..4")
                    + "): the percentile quart/4 of the same kind; #NUM! otherwise.")
    for name in names:
        function(name, VALUES, NUMBER, xlfn="." in name)(impl)


_declare_quartile(("QUARTILE.INC", "QUARTILE"), exclusive=False)
_declare_quartile(("QUARTILE.EXC",), exclusive=True)


def _percentrank(data, x, significance, exclusive, name):
    digits = math.trunc(significance)
    if digits < 1:
        return errors.NUM(f"{name}: significance < 1")
    nums = _sorted(data)
    if isinstance(nums, XLError):
        return nums
    n = len(nums)
    if not n:  # its page: "If array is empty, ... returns the #NUM! error value"
        return errors.NUM(f"{name}: the array holds no numbers")
    if x < nums[0] or x > nums[-1]:
        return errors.NA(f"{name}: x is outside the data")

    below = sum(1 for v in nums if v < x)
    if x in nums:
        position = float(below)  # 0-based, of x's first occurrence
    else:  # between the last occurrence of the value below and the next value
        lower, upper = nums[below - 1], nums[below]
        position = below - 1 + (x - lower) / (upper - lower)
    if n == 1:
        result = 1.0  # as LibreOffice
    else:
        result = (position + 1) / (n + 1) if exclusive else position / (n - 1)
    shown = Decimal(f"{result:.15g}")  # truncated at the digits Excel keeps
    if digits > 25:  # past the 15 digits kept, even of a tiny result: nothing to cut
        return float(shown)
    return float(shown.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_DOWN))


def _declare_percentrank(names, exclusive):
    def impl(data, x, significance):
        return _percentrank(data, x, significance, exclusive, names[0])

    impl.__doc__ = ("The rank of x in the data as a fraction ("
                    + ("(count below + 1)/(n + 1)" if exclusive else "count below/(n - 1)")
                    + "), interpolated between data values and truncated to significance digits "
                    "(3 by default); #N/A for x outside the data, #NUM! for significance < 1 or "
                    "data without numbers.")
    for name in names:
        function(name, VALUES, NUMBER, opt(NUMBER, 3.0), xlfn="." in name)(impl)


_declare_percentrank(("PERCENTRANK.INC", "PERCENTRANK"), exclusive=False)
_declare_percentrank(("PERCENTRANK.EXC",), exclusive=True)


def _rank(x, data, order, average):
    nums = collect_numbers([data])
    if isinstance(nums, XLError):
        return nums
    equal = sum(1 for v in nums if v == x)
    if not equal:
        return errors.NA("RANK: the number is not in the list")
    ahead = sum(1 for v in nums if (v < x if order else v > x))
    return float(ahead + 1) + ((equal - 1) / 2 if average else 0.0)


def _declare_rank(names, average):
    def impl(x, data, order):
        return _rank(x, data, order, average)

    impl.__doc__ = ("The rank of a number in a list: 1 for the largest (order 0 or omitted) or "
                    "the smallest (any other order); ties get "
                    + ("the average of their ranks" if average else "the same, top rank")
                    + "; #N/A when the number is not in the list.")
    for name in names:
        function(name, NUMBER, VALUES, opt(NUMBER, 0.0), xlfn="." in name)(impl)


_declare_rank(("RANK.EQ", "RANK"), average=False)
_declare_rank(("RANK.AVG",), average=True)


@function("TRIMMEAN", VALUES, NUMBER)
def TRIMMEAN(data, percent):
    """The mean without the top and bottom percent/2 of the numbers (the
    count excluded rounded down to an even number); #NUM! for percent
    outside [0, 1) or no numbers."""
    if not 0 <= percent < 1:
        return errors.NUM("TRIMMEAN: percent outside [0, 1)")
    nums = _sorted(data)
    if isinstance(nums, XLError):
        return nums
    if not nums:
        return errors.NUM("TRIMMEAN: no numbers")
    cut = math.floor(len(nums) * percent / 2)
    kept = nums[cut:len(nums) - cut]
    total = 0.0
    for v in kept:
        total += v
    return checked(total / len(kept))


@function("FREQUENCY", VALUES, VALUES, array_args=True)
def FREQUENCY(data, bins):
    """How many numbers of ``data`` fall in each interval of ``bins``: a
    vertical array one longer than the bins, its i-th value counting the
    numbers above the next smaller bin up to bin i, the last those above
    every bin.  Bins need not be sorted (each count stays at its bin's
    place); text and empty cells are skipped in both; no bins gives the
    count of numbers.  Its arguments are evaluated as arrays.  Excel's
    FREQUENCY function."""
    nums, edges = collect_numbers([data]), collect_numbers([bins])
    for found in (nums, edges):
        if isinstance(found, XLError):
            return found
    order = sorted(range(len(edges)), key=lambda i: edges[i])
    counts = [0.0] * (len(edges) + 1)
    ascending = [edges[i] for i in order]
    for x in nums:
        slot = bisect.bisect_left(ascending, x)  # the first bin >= x
        counts[order[slot] if slot < len(order) else len(edges)] += 1
    return Array(tuple((c,) for c in counts))
