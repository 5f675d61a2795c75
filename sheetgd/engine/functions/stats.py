"""Statistics: COUNT, COUNTA, AVERAGE, MIN, MAX, MEDIAN, STDEV.P, STDEV.S,
VAR.P, VAR.S (and the pre-2010 names STDEV, STDEVP, VAR, VARP), and their
A variants AVERAGEA, MAXA, MINA, STDEVA, STDEVPA, VARA, VARPA.

Numbers are gathered with SUM's rules (:func:`collect_numbers`): inside
ranges only numbers count; direct arguments are coerced.  The A variants
count logical values and text inside ranges too (:func:`collect_values_a`).
The rest of the family: distributions.py, ranking.py, moments.py,
regression.py, linest.py, stattests.py.
"""

from __future__ import annotations

import math

from .. import errors
from ..errors import XLError
from ..sparse import runs, check_listable
from ..values import EMPTY, Array, checked, parse_number_text
from .base import VALUES, collect_numbers, function, many


@function("COUNT", VALUES, many(VALUES))
def COUNT(*args):
    """How many numbers; errors and text are not counted (never an error).
    An empty argument counts, as the 0 it stands for (``COUNT(,)`` is 2)."""
    n = 0
    for arg in args:
        if isinstance(arg, Array):
            n += sum(count for v, count in runs(arg) if isinstance(v, float))
        elif isinstance(arg, (bool, float)) or arg is EMPTY:
            n += 1
        elif isinstance(arg, str) and parse_number_text(arg) is not None:
            n += 1
    return float(n)


@function("COUNTA", VALUES, many(VALUES))
def COUNTA(*args):
    """How many values are not empty (errors and "" count)."""
    n = 0
    for arg in args:
        if isinstance(arg, Array):
            n += sum(count for v, count in runs(arg) if v is not EMPTY)
        else:
            n += 1
    return float(n)


def _numbers(args):
    return collect_numbers(args)


def _sum(nums):
    total = 0.0
    for x in nums:
        total += x
    return total


@function("AVERAGE", VALUES, many(VALUES))
def AVERAGE(*args):
    """Mean of the numbers; #DIV/0! when there are none."""
    nums = _numbers(args)
    if isinstance(nums, XLError):
        return nums
    if not nums:
        return errors.DIV0("AVERAGE of no numbers")
    return checked(_sum(nums) / len(nums))


@function("MIN", VALUES, many(VALUES))
def MIN(*args):
    """Smallest number; 0 when there are none."""
    nums = _numbers(args)
    if isinstance(nums, XLError):
        return nums
    return min(nums) if nums else 0.0


@function("MAX", VALUES, many(VALUES))
def MAX(*args):
    """Largest number; 0 when there are none."""
    nums = _numbers(args)
    if isinstance(nums, XLError):
        return nums
    return max(nums) if nums else 0.0


@function("MEDIAN", VALUES, many(VALUES))
def MEDIAN(*args):
    """Middle number (mean of the two middle ones); #NUM! when none."""
    nums = _numbers(args)
    if isinstance(nums, XLError):
        return nums
    if not nums:
        return errors.NUM("MEDIAN of no numbers")
    nums = sorted(nums)
    mid = len(nums) // 2
    if len(nums) % 2:
        return nums[mid]
    return checked((nums[mid - 1] + nums[mid]) / 2)


def _variance(args, sample: bool):
    nums = _numbers(args)
    if isinstance(nums, XLError):
        return nums
    n = len(nums)
    if n < (2 if sample else 1):
        return errors.DIV0(f"needs at least {2 if sample else 1} number(s), got {n}")
    mean = _sum(nums) / n
    squares = _sum((x - mean) * (x - mean) for x in nums)  # inf, not OverflowError, when huge
    return checked(squares / (n - 1 if sample else n))


def _declare_variance(names, sample, root, xlfn):
    def impl(*args):
        var = _variance(args, sample)
        if isinstance(var, XLError) or not root:
            return var
        return math.sqrt(var)

    kind = "standard deviation" if root else "variance"
    impl.__doc__ = f"{'Sample' if sample else 'Population'} {kind}; #DIV/0! if too few numbers."
    for name in names:
        function(name, VALUES, many(VALUES), xlfn=xlfn and "." in name)(impl)


_declare_variance(("VAR.S", "VAR"), sample=True, root=False, xlfn=True)
_declare_variance(("VAR.P", "VARP"), sample=False, root=False, xlfn=True)
_declare_variance(("STDEV.S", "STDEV"), sample=True, root=True, xlfn=True)
_declare_variance(("STDEV.P", "STDEVP"), sample=False, root=True, xlfn=True)


# --- the A variants: logical values and text inside ranges count ---------------------

def collect_values_a(args):
    """The numbers of AVERAGEA-like arguments, or an XLError.

    Inside ranges and arrays: numbers, TRUE as 1, FALSE and any text as 0
    (empty cells are skipped); an error anywhere is returned.  A direct
    argument is coerced as in SUM (TRUE is 1, numeric text its number,
    other text #VALUE!).  Excel's AVERAGEA page.
    """
    out = []
    for arg in args:
        if isinstance(arg, Array):
            check_listable(arg)  # each value of a run is listed count times
            for v, count in runs(arg):
                if v is EMPTY:
                    continue
                if isinstance(v, XLError):
                    return v
                x = (1.0 if v else 0.0) if isinstance(v, bool) else v if isinstance(v, float) else 0.0
                out += [x] * count
        else:
            nums = collect_numbers([arg])
            if isinstance(nums, XLError):
                return nums
            out += nums
    return out


def _declare_a(name, fn, doc):
    def impl(*args):
        nums = collect_values_a(args)
        return nums if isinstance(nums, XLError) else fn(nums)

    impl.__doc__ = doc
    function(name, VALUES, many(VALUES))(impl)


def _variance_of(nums, sample: bool, root: bool):
    n = len(nums)
    if n < (2 if sample else 1):
        return errors.DIV0(f"needs at least {2 if sample else 1} value(s), got {n}")
    mean = _sum(nums) / n
    var = checked(_sum((x - mean) * (x - mean) for x in nums) / (n - 1 if sample else n))
    return math.sqrt(var) if root and not isinstance(var, XLError) else var


_declare_a("AVERAGEA", lambda nums: checked(_sum(nums) / len(nums)) if nums
           else errors.DIV0("AVERAGEA of no values"),
           "Mean counting TRUE as 1 and text as 0 inside ranges; #DIV/0! when there are none.")
_declare_a("MAXA", lambda nums: max(nums) if nums else 0.0,
           "Largest value counting TRUE as 1 and text as 0 inside ranges; 0 when none.")
_declare_a("MINA", lambda nums: min(nums) if nums else 0.0,
           "Smallest value counting TRUE as 1 and text as 0 inside ranges; 0 when none.")
for _name, _sample, _root in (("STDEVA", True, True), ("STDEVPA", False, True),
                              ("VARA", True, False), ("VARPA", False, False)):
    _declare_a(_name, lambda nums, s=_sample, r=_root: _variance_of(nums, s, r),
               f"{'Sample' if _sample else 'Population'} "
               f"{'standard deviation' if _root else 'variance'} counting TRUE as 1 and text as 0 "
               "inside ranges; #DIV/0! if too few values.")
