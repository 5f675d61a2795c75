"""Excel's criteria: the second argument of COUNTIF, SUMIF, AVERAGEIF, the
*IFS functions and the criteria ranges of the database functions.

:func:`matcher` turns one criterion into a test of one cell value, and
:func:`wildcard` is Excel's pattern language (``*`` any run of characters,
``?`` one character, ``~`` escapes the next one), case-insensitive and
matching the whole text -- the same language as MATCH's and VLOOKUP's exact
modes.

A criterion is (Excel's COUNTIF documentation, support.microsoft.com,
"COUNTIF function", and its "Use wildcard characters" notes):

- a number: the cells holding that number -- or text that spells it
  (``COUNTIF(A1:A3,5)`` counts a cell holding the text "5");
- TRUE or FALSE: the cells holding that logical value;
- an error value: the cells holding that error;
- an empty cell: the cells holding 0;
- text: an optional operator ``= <> < > <= >=`` and an operand.  The operand
  is read as a number when it spells one (``">4"``, ``"<=1E3"``, ``"50%"``),
  as a logical when it is TRUE or FALSE, as an error when it spells one
  (``"#N/A"``), else as text.  ``=`` (or no operator) with text matches
  text cells by pattern, case-insensitively; ``<>`` matches every cell the
  ``=`` form does not (blanks, numbers and errors included).  One quirk:
  ``"<>5"`` selects every cell but the number 5 -- the text "5" too, which
  ``"=5"`` also selects (Charles Williams, "Excel Data Types - Strange
  COUNTIF Behaviour", fastexcel.wordpress.com, 2013).  ``< > <= >=``
  compare numbers with number cells only and text with text cells only.
  ``""`` matches empty cells and cells holding empty text, ``"="`` only
  truly empty cells, ``"<>"`` every cell that is not empty.

Dates and times spelled in a criterion (``">1/1/2024"``) are not read as
numbers yet: they compare as text.

Numbers are compared as Excel's comparison operators compare them (15
significant digits, :func:`~sheetgd.engine.values.compare_rounded`).
"""

from __future__ import annotations

from typing import Callable

from .. import errors
from ..errors import XLError
from ..wildcards import wildcard
from ..values import EMPTY, compare_rounded, parse_number_text, round_15_digits, text_key

_OPERATORS = ("<=", ">=", "<>", "<", ">", "=")

_ORDER_TESTS = {
    "<": lambda c: c < 0, ">": lambda c: c > 0, "<=": lambda c: c <= 0, ">=": lambda c: c >= 0,
}


def has_wildcard(text: str) -> bool:
    return any(ch in text for ch in "*?~")


def _equals_number(x: float) -> Callable:
    def test(v):
        if isinstance(v, str):
            v = parse_number_text(v)
            if v is None:
                return False
        return isinstance(v, float) and compare_rounded(v, x) == 0
    return test


def _equals_text(text: str) -> Callable:
    if has_wildcard(text):
        rx = wildcard(text)
        return lambda v: isinstance(v, str) and rx.match(v) is not None
    key = text_key(text)
    if not key:
        return lambda v: v is EMPTY or v == ""
    return lambda v: isinstance(v, str) and text_key(v) == key


def _equals_value(operand) -> Callable:
    """The test of ``=operand`` for a criterion's operand (already typed)."""
    if isinstance(operand, XLError):
        kind = operand.kind
        return lambda v: isinstance(v, XLError) and v.kind == kind
    if isinstance(operand, bool):
        return lambda v: isinstance(v, bool) and v == operand
    if isinstance(operand, float):
        return _equals_number(operand)
    return _equals_text(operand)


def _typed(text: str):
    """A criterion's operand text as the value it spells."""
    n = parse_number_text(text)
    if n is not None:
        return n
    upper = text.strip().upper()
    if upper in ("TRUE", "FALSE"):
        return upper == "TRUE"
    error = errors.from_text(text)
    return error if error is not None and text.strip() == text else text


def _ordered(op: str, operand) -> Callable:
    test = _ORDER_TESTS[op]
    if isinstance(operand, XLError):
        return lambda v: False
    if isinstance(operand, bool):
        return lambda v: isinstance(v, bool) and test((v > operand) - (v < operand))
    if isinstance(operand, float):
        return lambda v: type(v) is float and test(compare_rounded(v, operand))
    if operand == "":
        return lambda v: False
    key = text_key(operand)
    return lambda v: isinstance(v, str) and test((text_key(v) > key) - (text_key(v) < key))


def matcher(criterion) -> Callable:
    """A function telling whether one cell value meets ``criterion`` (a
    number, text, logical, error or EMPTY; see the module docstring)."""
    if criterion is EMPTY:
        return lambda v: type(v) is float and v == 0.0
    if not isinstance(criterion, str):
        return _equals_value(criterion)
    op = next((o for o in _OPERATORS if criterion.startswith(o)), "")
    operand = criterion[len(op):]
    if op == "=" and operand == "":
        return lambda v: v is EMPTY
    if op == "<>" and operand == "":
        return lambda v: v is not EMPTY
    operand = _typed(operand)
    if op == "<>" and isinstance(operand, float):  # text spelling the number is not "equal" here
        return lambda v: not (type(v) is float and compare_rounded(v, operand) == 0)
    if op in ("", "="):
        return _equals_value(operand)
    if op == "<>":
        equal = _equals_value(operand)
        return lambda v: not equal(v)
    return _ordered(op, operand)


# --- equality criteria as keys (COUNTIF over long ranges) ---------------------------------

def equality_key(criterion):
    """The key of a criterion that selects cells by equality alone -- a
    number, logical, error or text without wildcards, with ``=`` or no
    operator -- such that ``matcher(criterion)(v)`` is exactly ``key in
    keys_of(v)``; None for any other criterion.  (COUNTIF counts a long
    range once per recalculation by key, then answers each criterion by a
    look-up.)"""
    if criterion is EMPTY:
        return None
    if isinstance(criterion, str):
        op = next((o for o in _OPERATORS if criterion.startswith(o)), "")
        if op not in ("", "="):
            return None
        operand = criterion[len(op):]
        if operand == "":
            return ("empty",) if op == "=" else ("blank",)
        criterion = _typed(operand)
        if isinstance(criterion, str):
            return None if has_wildcard(criterion) else ("text", text_key(criterion))
    if isinstance(criterion, XLError):
        return ("error", criterion.kind)
    if isinstance(criterion, bool):
        return ("logical", criterion)
    return ("number", round_15_digits(criterion))


def keys_of(v) -> tuple:
    """The keys (:func:`equality_key`) of the criteria a cell value meets."""
    if isinstance(v, bool):
        return (("logical", v),)
    if type(v) is float:
        return (("number", round_15_digits(v)),)
    if v is EMPTY:
        return (("blank",), ("empty",))
    if isinstance(v, XLError):
        return (("error", v.kind),)
    if isinstance(v, str):
        if v == "":
            return (("blank",), ("text", ""))
        n = parse_number_text(v)
        keys = (("text", text_key(v)),)
        return keys + (("number", round_15_digits(n)),) if n is not None else keys
    return ()
