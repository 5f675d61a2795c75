"""Information functions: NA, ISERROR, ISNA, ISNUMBER, ISTEXT, ISBLANK."""

from __future__ import annotations

from .. import errors
from ..errors import XLError
from ..values import EMPTY
from .base import ANY, function


@function("NA")
def NA():
    return errors.NA("NA()")


@function("ISERROR", ANY)
def ISERROR(v):
    return isinstance(v, XLError)


@function("ISNA", ANY)
def ISNA(v):
    return isinstance(v, XLError) and v.kind == "#N/A"


@function("ISNUMBER", ANY)
def ISNUMBER(v):
    return isinstance(v, float) and not isinstance(v, bool)


@function("ISTEXT", ANY)
def ISTEXT(v):
    return isinstance(v, str)


@function("ISBLANK", ANY)
def ISBLANK(v):
    return v is EMPTY
