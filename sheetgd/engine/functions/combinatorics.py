"""Integers and counting: GCD, LCM, FACT, FACTDOUBLE, COMBIN, COMBINA,
PERMUT, PERMUTATIONA, QUOTIENT, MULTINOMIAL, SERIESSUM.

Integer arguments are truncated towards zero, as Excel does.  Counts are
computed exactly (Python integers) and rounded once to a double; a result
past the largest double is #NUM!.  Errors follow Excel's documentation
(support.microsoft.com, one page per function): negative counts are #NUM!.
"""

from __future__ import annotations

import math

from .. import errors
from ..errors import XLError
from ..values import checked
from .base import GRID, NUMBER, VALUES, collect_numbers, function, many

#: Excel's largest integer argument of GCD and LCM (2^53).
_INTEGER_LIMIT = 2.0 ** 53
#: log of the largest double: a count whose log is past it overflows.
_LOG_MAX = math.log(1.7976931348623157e308)


def _to_float(n: int):
    try:
        return float(n)
    except OverflowError:
        return errors.NUM("the result is too large")


def _integers(args, name):
    nums = collect_numbers(args)
    if isinstance(nums, XLError):
        return nums
    out = []
    for x in nums:
        if x < 0:
            return errors.NUM(f"{name} of a negative number")
        if x >= _INTEGER_LIMIT:
            return errors.NUM(f"{name} of a number of 2^53 or more")
        out.append(int(x))
    return out


@function("GCD", VALUES, many(VALUES))
def GCD(*args):
    """The greatest common divisor of the (truncated) numbers; #NUM! for a
    negative number or one of 2^53 or more (Excel's GCD)."""
    nums = _integers(args, "GCD")
    if isinstance(nums, XLError):
        return nums
    return float(math.gcd(*nums)) if nums else 0.0


@function("LCM", VALUES, many(VALUES))
def LCM(*args):
    """The least common multiple of the (truncated) numbers; 0 if one is 0;
    #NUM! for a negative number (Excel's LCM)."""
    nums = _integers(args, "LCM")
    if isinstance(nums, XLError):
        return nums
    return _to_float(math.lcm(*nums)) if nums else 0.0


@function("FACT", NUMBER)
def FACT(n):
    """n! of the truncated n; #NUM! for a negative n or past 170! (Excel's FACT)."""
    if n < 0:
        return errors.NUM("FACT of a negative number")
    if n >= 171:
        return errors.NUM("FACT past 170")
    return float(math.factorial(int(n)))


@function("FACTDOUBLE", NUMBER)
def FACTDOUBLE(n):
    """n!! = n(n-2)(n-4)... of the truncated n; #NUM! for a negative n
    (Excel's FACTDOUBLE)."""
    if n < 0:
        return errors.NUM("FACTDOUBLE of a negative number")
    if n >= 301:
        return errors.NUM("FACTDOUBLE past 300")
    k = int(n)
    return _to_float(math.prod(range(k, 0, -2)))


def _overflows(n: int, k: int, log_count) -> bool:
    """Whether a count of k items out of n (whole, 0 <= k <= n) is past the
    largest double: ``log_count`` (lgamma terms) for moderate n; for n of
    10^7 or more, any k of 50 or more is (the count is at least (n/50)^50)."""
    if n < 10 ** 7:
        return log_count() > _LOG_MAX + 1
    return k >= 50


def _choose(n: float, k: float):
    """C(n, k) of whole n >= k >= 0, or #NUM! when it overflows."""
    n, k = int(n), int(k)
    k = min(k, n - k)
    if _overflows(n, k, lambda: math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)):
        return errors.NUM("the result is too large")
    return _to_float(math.comb(n, k))


@function("COMBIN", NUMBER, NUMBER)
def COMBIN(n, k):
    """The number of combinations of k items out of n (truncated); #NUM! for
    negative arguments or n < k (Excel's COMBIN)."""
    if n < 0 or k < 0:  # (before truncation: -0.5 is negative too)
        return errors.NUM("COMBIN needs 0 <= chosen <= number")
    n, k = math.trunc(n), math.trunc(k)
    if n < k:
        return errors.NUM("COMBIN needs 0 <= chosen <= number")
    return _choose(n, k)


@function("COMBINA", NUMBER, NUMBER, xlfn=True)
def COMBINA(n, k):
    """The number of combinations with repetitions, C(n+k-1, k); #NUM! for
    negative arguments or n < k (Excel's COMBINA)."""
    if n < 0 or k < 0:
        return errors.NUM("COMBINA needs 0 <= chosen <= number")
    n, k = math.trunc(n), math.trunc(k)
    if n < k:
        return errors.NUM("COMBINA needs 0 <= chosen <= number")
    if n == 0:
        return 1.0
    return _choose(n + k - 1, k)


@function("PERMUT", NUMBER, NUMBER)
def PERMUT(n, k):
    """The number of permutations of k items out of n (truncated); #NUM!
    for n <= 0, k < 0 or n < k (Excel's PERMUT)."""
    if k < 0:
        return errors.NUM("PERMUT needs number > 0 and 0 <= chosen <= number")
    n, k = math.trunc(n), math.trunc(k)
    if n <= 0 or n < k:
        return errors.NUM("PERMUT needs number > 0 and 0 <= chosen <= number")
    n, k = int(n), int(k)
    if _overflows(n, k, lambda: math.lgamma(n + 1) - math.lgamma(n - k + 1)):
        return errors.NUM("the result is too large")
    return _to_float(math.perm(n, k))


@function("PERMUTATIONA", NUMBER, NUMBER, xlfn=True)
def PERMUTATIONA(n, k):
    """The number of permutations with repetitions, n^k (truncated); #NUM!
    for negative arguments (Excel's PERMUTATIONA)."""
    if n < 0 or k < 0:
        return errors.NUM("PERMUTATIONA of a negative number")
    n, k = math.trunc(n), math.trunc(k)
    if n > 1 and k * math.log(float(n)) > _LOG_MAX + 1:
        return errors.NUM("the result is too large")
    return _to_float(int(n) ** int(k))


@function("QUOTIENT", NUMBER, NUMBER)
def QUOTIENT(numerator, denominator):
    """The integer part of a division, truncated towards zero; #DIV/0! for a
    denominator of 0 (Excel's QUOTIENT: ``QUOTIENT(-10,3)`` is -3)."""
    if denominator == 0:
        return errors.DIV0("QUOTIENT by zero")
    q = numerator / denominator
    return checked(float(math.trunc(q)) if math.isfinite(q) else q)


@function("MULTINOMIAL", VALUES, many(VALUES))
def MULTINOMIAL(*args):
    """(a+b+...)! / (a! b! ...) of the truncated numbers, computed as a
    product of binomial coefficients (so it is a number whenever the result
    is); #NUM! for a negative number or a result past the largest double
    (Excel's MULTINOMIAL)."""
    nums = collect_numbers(args)
    if isinstance(nums, XLError):
        return nums
    if any(x < 0 for x in nums):
        return errors.NUM("MULTINOMIAL of a negative number")
    result, total = 1.0, 0
    for k in (int(x) for x in nums):  # the product of C(a+b, b), C(a+b+c, c) ...
        total += k
        term = _choose(total, k)
        if isinstance(term, XLError):
            return term
        result = checked(result * term)
        if isinstance(result, XLError):
            return result
    return result


@function("SERIESSUM", NUMBER, NUMBER, NUMBER, GRID)
def SERIESSUM(x, n, m, coefficients):
    """The power series a1*x^n + a2*x^(n+m) + a3*x^(n+2m) + ...; #VALUE! for
    a coefficient that is not a number (Excel's SERIESSUM)."""
    if isinstance(coefficients, XLError):
        return coefficients
    total = 0.0
    for i, a in enumerate(coefficients.flat()):
        if isinstance(a, XLError):
            return a
        if type(a) is not float:
            return errors.VALUE("SERIESSUM coefficients must be numbers")
        exponent = n + i * m
        if x == 0 and exponent <= 0:
            return errors.NUM("0 to a power of 0 or less") if exponent == 0 else errors.DIV0("0 to a negative power")
        try:
            term = a * x ** exponent
        except (OverflowError, ZeroDivisionError):
            return errors.NUM("a term overflows")
        if isinstance(term, complex):
            return errors.NUM("a negative number to a fractional power")
        total += term
    return checked(total)
