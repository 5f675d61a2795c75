"""Redoing an operation the LibreOffice way (used by :mod:`tests.fuzz_explain`):
each transform rewrites a site's AST so that sheetgd computes what
LibreOffice would -- booleans as numbers, text it converts converted, its
error for text typed into SUM, its argument order, its reading of arrays --
and its comparison of two numbers (:func:`libreoffice_compare`).
A documented difference is recognised when such a redo gives LibreOffice's
value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sheetgd.engine import EMPTY, XLError
from sheetgd.engine.evaluate import scalar
from sheetgd.engine.functions import REGISTRY
from sheetgd.engine.nodes import (
    ArrayLit, Binary, Call, ErrorLit, Logical, Missing, NameNode, Number, Paren, Percent, RefNode,
    Text, Unary,
)
from sheetgd.engine.refs import Area
from sheetgd.engine.values import Array, parse_number_text

from .fuzz_families import family_set
from .fuzz_tree import child, children, literal, operand_values, replace, strip

def _map(node, fn):
    """Rebuild ``node`` bottom-up through ``fn`` (parents see mapped children)."""
    if isinstance(node, Binary):
        node = Binary(node.op, _map(node.left, fn), _map(node.right, fn))
    elif isinstance(node, Unary):
        node = Unary(node.op, _map(node.operand, fn))
    elif isinstance(node, Percent):
        node = Percent(_map(node.operand, fn))
    elif isinstance(node, Paren):
        node = Paren(_map(node.inner, fn))
    elif isinstance(node, Call):
        node = Call(node.name, tuple(_map(a, fn) for a in node.args))
    elif isinstance(node, ArrayLit):
        node = ArrayLit(tuple(tuple(_map(e, fn) for e in r) for r in node.rows))
    return fn(node)


#: :func:`_map` for the classifiers (tests/fuzz_explain.py).
map_nodes = _map

_COMPARISONS = ("=", "<>", "<", ">", "<=", ">=")
_LOGICAL_RESULTS = {"AND", "OR", "NOT", "ISERROR", "ISNA", "ISNUMBER", "ISTEXT", "ISBLANK",
                    "XOR", "ISERR", "ISLOGICAL", "ISNONTEXT", "ISEVEN", "ISODD", "ISREF"}
AGGREGATES = {"SUM", "SUMSQ", "PRODUCT", "AVERAGE", "MIN", "MAX", "MEDIAN", "STDEV.P", "STDEV.S",
              "VAR.P", "VAR.S", "STDEV", "STDEVP", "VAR", "VARP", "COUNT", "COUNTA"} \
    | family_set("AGGREGATES")  # and each family's (tests/fuzz_families/)
TEXT_AS_ZERO = family_set("TEXT_AS_ZERO")
#: (function, argument index) of single-value parameters a function reads as a
#: number after its own check of the value's type (CONVERT's number: a logical
#: value is #VALUE! there, text converted as the operators convert it).
NUMBERS_READ = family_set("NUMBERS_READ")


def booleans_as_numbers(node, host=None):
    """TRUE/FALSE literals, TRUE()/FALSE(), comparisons and logical functions
    as 1/0 (the data block's booleans become numbers too: the variant's flag)."""
    def fn(n):
        if isinstance(n, Logical):
            return Number(float(n.value), "1" if n.value else "0")
        if isinstance(n, Call) and n.name in ("TRUE", "FALSE") and not n.args:
            return Number(1.0 if n.name == "TRUE" else 0.0, "1" if n.name == "TRUE" else "0")
        if isinstance(n, ArrayLit) and any(isinstance(e, Logical) for row in n.rows for e in row):
            return ArrayLit(tuple(tuple(Number(float(e.value), "1" if e.value else "0")
                                        if isinstance(e, Logical) else e for e in row)
                                  for row in n.rows))  # {1,FALSE}: LibreOffice's {1,0}
        if isinstance(n, Binary) and n.op in _COMPARISONS or isinstance(n, Call) and n.name in _LOGICAL_RESULTS:
            return Paren(Binary("*", Paren(n), Number(1.0, "1")))
        if isinstance(n, Call) and n.name == "IF" and len(n.args) == 2:  # the FALSE of IF(c,x)
            return Call("IF", n.args + (Number(0.0, "0"),))
        return n
    return _map(node, fn)


def typed_text_to_error(node, host):
    """Text given as a direct argument (typed, or the value of a function, not
    a reference) of SUM-like functions, AND/OR/XOR and NPV's cash flows as
    #VALUE!, and of AVERAGEA-like ones as 0, as LibreOffice has it."""
    def fn(n):
        if isinstance(n, Call) and n.name in TEXT_AS_ZERO:  # AVERAGEA-like: LibreOffice reads 0
            return Call(n.name, tuple(Number(0.0, "0") if _text_value(a, host) else a
                                      for a in n.args))
        if isinstance(n, Call) and n.name in AGGREGATES - {"COUNT", "COUNTA"} | {"AND", "OR", "XOR"}:
            return Call(n.name, tuple(ErrorLit("#VALUE!") if _text_value(a, host) else a
                                      for a in n.args))
        if isinstance(n, Call) and n.name == "NPV" and n.args:  # its cash flows, not its rate
            return Call(n.name, n.args[:1] + tuple(ErrorLit("#VALUE!") if _text_value(a, host) else a
                                                   for a in n.args[1:]))
        return n
    return _map(node, fn)


def _text_value(node, host) -> bool:
    bare = strip(node)
    if isinstance(bare, Text):
        return True
    if isinstance(bare, (RefNode, Missing)) or host is None:
        return False
    return isinstance(host.raw(bare), str)


def libreoffice_number(value) -> float | None:
    """The number LibreOffice reads in a text used as a number or logical
    value ("50%", " 4 ", "TRUE"), or None."""
    if not isinstance(value, str):
        return None
    number = parse_number_text(value)
    if number is None and value.strip().upper() in ("TRUE", "FALSE"):
        number = 1.0 if value.strip().upper() == "TRUE" else 0.0
    return number


def _numeric_positions(node) -> list:
    """Steps of the operands ``node`` reads as numbers or logical values."""
    if isinstance(node, Binary) and node.op in ("+", "-", "*", "/", "^"):
        return [0, 1]
    if isinstance(node, (Percent, Unary)) and getattr(node, "op", "-") in ("-", "+"):
        return [0]
    if isinstance(node, Call) and node.name == "VALUE":  # a value read as a number
        return [0]
    if isinstance(node, Call) and node.name in REGISTRY:
        spec = REGISTRY[node.name]
        return [i for i in range(len(node.args))
                if spec.kind_at(i).kind.name in ("NUMBER", "LOGICAL") or (node.name, i) in NUMBERS_READ]
    return []


def text_converted(node, host):
    """Text (typed or in a cell) read as a number or logical value converted
    the LibreOffice way ("TRUE" is 1, "50%" is 0.5), booleans as numbers."""
    def convert(n):
        bare = strip(n)
        if isinstance(bare, Paren | Number | Logical | ErrorLit | Missing | NameNode | ArrayLit):
            return n
        for step in _numeric_positions(bare):
            raw = host.raw(child(bare, step))  # read as a single value, as the operator does
            number = None if raw is None else libreoffice_number(scalar(raw, host.ctx))
            if number is not None:
                bare = replace(bare, (step,), Paren(literal(number)))
        steps = [s for s, _, _ in children(bare)]
        for step in steps:
            bare = replace(bare, (step,), convert(child(bare, step)))
        return bare
    return booleans_as_numbers(convert(node))


def references_through(node, host=None):
    """IFERROR(x,y) and IFNA(x,y) as IF(ISERROR(x),y,x), IF(ISNA(x),y,x):
    forms that pass a reference on, as LibreOffice's IFERROR does."""
    def fn(n):
        if isinstance(n, Call) and n.name in ("IFERROR", "IFNA") and len(n.args) == 2:
            test = Call("ISERROR" if n.name == "IFERROR" else "ISNA", (n.args[0],))
            return Call("IF", (test, n.args[1], n.args[0]))
        return n
    return _map(node, fn)


def _without_faults(node, host, keep_last: bool):
    bare = typed_text_to_error(strip(node), host)
    if not isinstance(bare, (Call, Binary)) or isinstance(bare, Binary) and bare.op == ":":
        return bare
    faulty = [step for (step, sub, how), value in zip(children(bare), operand_values(bare, host))
              if _faulty(value, how)]
    for step in faulty[:-1] if keep_last else faulty:
        bare = replace(bare, (step,), Number(1.0, "1"))
    return bare


def later_error_first(node, host):
    """A call or operator with all its faulty operands but the last replaced
    by 1: LibreOffice takes the arguments from the last one, so that one's
    error is what it reports."""
    return _without_faults(node, host, keep_last=True)


def own_check_first(node, host):
    """A call with all its faulty operands replaced by 1: what remains is the
    function's own check (MOD(1,0) is #DIV/0!), which LibreOffice makes
    before converting the other arguments."""
    return _without_faults(node, host, keep_last=False)


def negatives_floored(node, host):
    """Negative fractions given where a number is read (the NUMBER and
    LOGICAL parameters, :func:`_numeric_positions`) floored, as LibreOffice
    takes an integer argument (approxFloor: -0.5 is -1); Excel truncates
    it (0).  Text that reads as such a number too (DEC2HEX("-$1,000.5",1):
    FFFFFFFC17 there, FFFFFFFC18 in Excel)."""
    from sheetgd.engine.values import to_number

    def fn(n):
        bare = n
        for step in _numeric_positions(n) if isinstance(n, Call) else ():
            value = host.value(child(n, step))
            if isinstance(value, str):
                value = to_number(value)
            if isinstance(value, float) and not isinstance(value, bool) and value < 0 \
                    and value != math.floor(value) and math.isfinite(value):
                bare = replace(bare, (step,), Paren(literal(float(math.floor(value)))))
        return bare
    return _map(strip(node), fn)


def type_elementwise(node, host=None):
    """TYPE of an array constant as LibreOffice evaluates it inside a
    function: an array of that constant's shape, each element 64 (measured:
    LibreOffice 7.4's MODE(TYPE({1;2})) 64, SUM(TYPE({1;2})) 128), where
    Excel's TYPE of an array is one 64."""
    def fn(n):
        if isinstance(n, Call) and n.name == "TYPE" and len(n.args) == 1 \
                and isinstance(n.args[0], ArrayLit):
            return ArrayLit(tuple(tuple(Number(64.0, "64") for _ in r) for r in n.args[0].rows))
        return n
    return _map(node, fn)


def array_text_as_zero(node, host=None):
    """Text inside array constants as 0 (LibreOffice's MIN({"3"}) is 0)."""
    def fn(n):
        if isinstance(n, ArrayLit):
            return ArrayLit(tuple(tuple(Number(0.0, "0") if isinstance(e, Text) else e for e in r)
                                  for r in n.rows))
        return n
    return _map(node, fn)


def _faulty(value, how) -> bool:
    if isinstance(value, XLError):
        return True
    if isinstance(value, Array):
        return any(isinstance(v, XLError) for v in value.flat())
    return how in ("scalar", "range") and isinstance(value, str) and libreoffice_number(value) is None


def wildcard_match_exact(node, host):
    """MATCH of a text with wildcards as an exact (match_type 0) search."""
    bare = strip(node)
    if isinstance(bare, Call) and bare.name == "MATCH" and len(bare.args) == 3:
        value = host.value(bare.args[0])
        if isinstance(value, str) and any(ch in value for ch in "*?~"):
            return Call("MATCH", (bare.args[0], bare.args[1], Number(0.0, "0")))
    return bare


def index_vector(node, host):
    """INDEX(array constant of one column, 0, n) as INDEX(..., n) and
    INDEX(array constant of one row, n, 0) as INDEX(..., n): LibreOffice
    reads either number as the position in a one-dimensional array."""
    def fn(n):
        if isinstance(n, Call) and n.name == "INDEX" and len(n.args) == 3 \
                and isinstance(strip(n.args[0]), ArrayLit):
            source = host.value(n.args[0])
            row, col = host.value(n.args[1]), host.value(n.args[2])
            if isinstance(source, Array) and source.width == 1 and row == 0.0:
                return Call("INDEX", (n.args[0], n.args[2]))
            if isinstance(source, Array) and source.height == 1 and col == 0.0:
                return Call("INDEX", (n.args[0], n.args[1]))
        return n
    return _map(strip(node), fn)


def ranges_intersected_2d(node, host):
    """A range of several rows *and* columns read as a single value, taken as
    Excel (and LibreOffice) take it: the cell in the formula's own row and
    column when both fall inside it.  (sheetgd's implicit intersection only
    handles one-row and one-column ranges: a bug whose fix belongs in
    sheetgd/engine/evaluate.py, ``scalar``.)"""
    row, col = host.ctx.row, host.cell_col

    def fn(n):
        bare = strip(n)
        for step in _scalar_positions(bare):
            raw = host.raw(child(bare, step))
            if isinstance(raw, Area) and raw.row1 != raw.row2 and raw.col1 != raw.col2 \
                    and raw.row1 <= row <= raw.row2 and raw.col1 <= col <= raw.col2:
                value = host.ctx.book.read(raw.sheet, row, col)
                bare = replace(bare, (step,), Paren(literal(0.0 if value is EMPTY else value)))
        return bare
    return _map(strip(node), fn)


def _scalar_positions(node) -> list:
    """Steps of the operands ``node`` reads as single values."""
    if isinstance(node, Binary) and node.op != ":":
        return [0, 1]
    if isinstance(node, (Percent, Unary)):
        return [0]
    if isinstance(node, Call) and node.name == "VALUE":  # a value read as a number
        return [0]
    if isinstance(node, Call) and node.name in REGISTRY:
        spec = REGISTRY[node.name]
        return [i for i in range(len(node.args)) if spec.kind_at(i).kind.scalar]
    return []


def arrays_intersected(node, host):
    """ROW(range) and COLUMN(range) of several rows/columns as LibreOffice
    reads them in a single-value formula: intersected with the cell's own
    row/column (#VALUE! outside), not their first value."""
    def fn(n):
        if isinstance(n, Call) and n.name in ("ROW", "COLUMN") and len(n.args) == 1:
            area = host.raw(n.args[0])
            if isinstance(area, Area):
                rows = n.name == "ROW"
                first, last = (area.row1, area.row2) if rows else (area.col1, area.col2)
                here = host.ctx.row if rows else host.cell_col
                if first != last:
                    return Number(float(here), str(here)) if first <= here <= last else ErrorLit("#VALUE!")
        return n
    return _map(node, fn)


def approx_equal(a: float, b: float) -> bool:
    """LibreOffice's rtl::math::approxEqual (sal/rtl/math.cxx, LibreOffice
    7.4): equal, or of one sign and less than 2^-48 of either apart --
    except two integers below 2^53, which are equal only when they are."""
    if a == b:
        return True
    if a == 0 or b == 0 or (a < 0) != (b < 0):
        return False
    d = abs(a - b)
    if not math.isfinite(d) or d >= abs(a) * 2.0 ** -48 or d >= abs(b) * 2.0 ** -48:
        return False
    return not (_representable_integer(a) and _representable_integer(b))


def _representable_integer(x: float) -> bool:
    return abs(x) < 2.0 ** 53 and x == math.floor(x)


def libreoffice_compare(a: float, b: float) -> int:
    """-1, 0 or 1: how LibreOffice's comparison operators order two numbers
    (ScInterpreter::CompareFunc): equal when approxEqual, else by the sign
    of a - b."""
    if approx_equal(a, b):
        return 0
    return -1 if a - b < 0 else 1


@dataclass(frozen=True)
class Variant:
    """A way to redo a site: ``transform(node, host)``, with the data block's
    booleans as numbers, on the site as written (not its substituted form),
    entered as an array formula."""

    transform: object
    booleans: bool = False
    as_written: bool = False
    array: bool = False


VARIANTS = {
    "plain": Variant(lambda n, host: n),
    "booleans": Variant(booleans_as_numbers, booleans=True),
    "typed-text": Variant(typed_text_to_error),
    "text-converted": Variant(text_converted, booleans=True),
    "references": Variant(references_through),
    "references+booleans": Variant(lambda n, host: booleans_as_numbers(references_through(n)),
                                   booleans=True),
    "error-order": Variant(later_error_first),
    "own-check": Variant(own_check_first),
    "match-wildcards": Variant(wildcard_match_exact),
    "index-vector": Variant(index_vector),
    "index-vector+booleans": Variant(lambda n, host: booleans_as_numbers(index_vector(n, host)),
                                     booleans=True),
    "as-array": Variant(lambda n, host: n, array=True),
    "array-text": Variant(array_text_as_zero),
    "type-elementwise": Variant(type_elementwise),
    "truncated": Variant(negatives_floored),
    "intersected": Variant(arrays_intersected, as_written=True),
    "intersected-2d": Variant(ranges_intersected_2d, as_written=True),
    "as-array+booleans": Variant(booleans_as_numbers, booleans=True, as_written=True, array=True),
}


