"""Logic: IF (lazy: only the chosen branch is evaluated), IFERROR, IFNA, IFS,
SWITCH, AND, OR, XOR, NOT, TRUE, FALSE."""

from __future__ import annotations

from .. import errors
from ..errors import XLError
from ..sparse import runs
from ..values import EMPTY, Array, compare, to_bool
from .base import ANY, LAZY, LOGICAL, SCALAR, VALUES, function, many, opt


@function("IF", LOGICAL, LAZY, opt(LAZY, None))
def IF(condition, if_true, if_false):
    """Evaluates only the branch it returns.  A left-out else-branch is FALSE
    (``IF(FALSE,1)``); an empty one is 0 (``IF(FALSE,1,)``), as in Excel."""
    if condition:
        return if_true()
    if if_false is None:  # left out
        return False
    chosen = if_false()
    return EMPTY if chosen is None else chosen  # None: the empty argument's default


@function("IFERROR", ANY, LAZY)
def IFERROR(value, fallback):
    """``fallback`` when ``value`` is any error, else ``value``."""
    return fallback() if isinstance(value, XLError) else value


@function("IFNA", ANY, LAZY, xlfn=True)
def IFNA(value, fallback):
    """``fallback`` when ``value`` is #N/A, else ``value``."""
    return fallback() if isinstance(value, XLError) and value.kind == "#N/A" else value


def _logicals(args):
    """Booleans of AND/OR arguments: ranges skip text and empty cells."""
    out = []
    for arg in args:
        values = runs(arg) if isinstance(arg, Array) else [(arg, 1)]
        for v, count in values:
            if isinstance(v, XLError):
                return v
            if isinstance(v, (bool, float)):
                out.append(bool(v))  # (once: AND and OR only ask whether any is FALSE / TRUE)
            elif isinstance(v, str) and not isinstance(arg, Array):
                b = to_bool(v)
                if isinstance(b, XLError):
                    return b
                out.append(b)
    if not out:
        return errors.VALUE("no logical values")
    return out


@function("AND", VALUES, many(VALUES))
def AND(*args):
    values = _logicals(args)
    return values if isinstance(values, XLError) else all(values)


@function("OR", VALUES, many(VALUES))
def OR(*args):
    values = _logicals(args)
    return values if isinstance(values, XLError) else any(values)


@function("XOR", VALUES, many(VALUES), xlfn=True)
def XOR(*args):
    """TRUE when an odd number of the arguments are TRUE (Excel's XOR, support
    page "XOR function"): AND's rules for what counts -- ranges skip text and
    empty cells, text given directly must spell TRUE or FALSE, #VALUE! when
    there is no logical value at all; the first error is returned."""
    odd, seen = False, False
    for arg in args:
        values = runs(arg) if isinstance(arg, Array) else [(arg, 1)]
        for v, count in values:
            if isinstance(v, XLError):
                return v
            if isinstance(v, str):
                if isinstance(arg, Array):
                    continue
                v = to_bool(v)
                if isinstance(v, XLError):
                    return v
            elif not isinstance(v, (bool, float)):
                continue
            seen = True
            if v and count % 2:
                odd = not odd
    return odd if seen else errors.VALUE("XOR: no logical values")


def _condition(ctx, thunk):
    """The truth of a lazily given condition (one value: a range meets the
    host cell's row or column), or its error."""
    from ..evaluate import scalar  # (evaluate imports the function registry)

    return to_bool(scalar(thunk(), ctx))


@function("IFS", LAZY, LAZY, many(LAZY), ctx=True, xlfn=True)
def IFS(ctx, *pairs):
    """The value after the first TRUE condition of ``condition1, value1,
    condition2, value2, ...`` (Excel's IFS): conditions are evaluated in
    order until one is TRUE, and only that value is; #N/A when none is TRUE,
    #VALUE! for a condition that is not logical (text) or for an odd number
    of arguments (which Excel refuses to enter), a condition's error."""
    if len(pairs) % 2:
        return errors.VALUE("IFS needs condition, value pairs")
    for k in range(0, len(pairs), 2):
        truth = _condition(ctx, pairs[k])
        if isinstance(truth, XLError):
            return truth
        if truth:
            return pairs[k + 1]()
    return errors.NA("IFS: no condition is TRUE")


@function("SWITCH", SCALAR, LAZY, LAZY, many(LAZY), ctx=True, xlfn=True)
def SWITCH(ctx, expression, *cases):
    """The result paired with the first value equal to ``expression``, in
    ``SWITCH(expression, value1, result1, ..., [default])`` (Excel's SWITCH):
    values are compared as MATCH does (text without case, a number never
    equals text); the default (an odd last argument) when none matches,
    else #N/A.  Only the values up to the match and the chosen result are
    evaluated; a value's error is returned."""
    from ..evaluate import scalar

    for k in range(0, len(cases) - 1, 2):
        value = scalar(cases[k](), ctx)
        if isinstance(value, XLError):
            return value
        if compare(expression, value) == 0:
            return cases[k + 1]()
    if len(cases) % 2:
        return cases[-1]()
    return errors.NA("SWITCH: no value matches")


@function("NOT", LOGICAL)
def NOT(value):
    return not value


@function("TRUE")
def TRUE():
    return True


@function("FALSE")
def FALSE():
    return False
