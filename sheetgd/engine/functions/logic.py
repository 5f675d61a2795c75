"""Logic: IF (lazy: only the chosen branch is evaluated), IFERROR, IFNA, AND,
OR, NOT, TRUE, FALSE."""

from __future__ import annotations

from .. import errors
from ..errors import XLError
from ..sparse import runs
from ..values import EMPTY, Array, to_bool
from .base import ANY, LAZY, LOGICAL, VALUES, function, many, opt


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


@function("NOT", LOGICAL)
def NOT(value):
    return not value


@function("TRUE")
def TRUE():
    return True


@function("FALSE")
def FALSE():
    return False
