"""LibreOffice's FREQUENCY, recomputed for the fuzzer's ``frequency``
category (tests/fuzz_explain.py, docs/compatibility.md).

What LibreOffice does (its ScInterpreter::ScFrequency, and small workbooks
recalculated by LibreOffice 7.4 one formula a cell, data 1..10):

* numbers are read column by column, from ranges and from array constants:
  {2,8;5,1} are the bins 2, 5, 8, 1 (Excel's page does not say; sheetgd
  reads row by row, as Excel reads arrays elsewhere);
* data without numbers, or bins without numbers, give #VALUE! (Excel's
  page: an array of zeros; the count of the data's numbers);
* of equal bins, the one its quicksort puts first gets the count and the
  others 0 -- not always the first ({3;3;7}: 0, 3, 4, 3), and with five
  bins or more the sort shuffles them at random first, so either value is
  LibreOffice's there;
* a logical value is a number (LibreOffice has no boolean type); text and
  empty cells are skipped; an error is passed on (as in sheetgd);
* FREQUENCY forces its arguments to arrays, and a test LibreOffice
  evaluates as an array there (T.TEST, F.TEST ...: ``test-replicated``)
  gives its one value repeated: FREQUENCY(D4:F6,F.TEST(B7:B8,C1:D8)) has
  8 x 2 equal bins (17 rows; seed 3's finding, measured in LibreOffice 7.4).
"""

from __future__ import annotations

from sheetgd.engine import XLError
from sheetgd.engine.nodes import Binary, Call, Text, walk
from sheetgd.engine.values import Array

from .fuzz_families.stats import REPLICATED_TESTS, replicated_shape
from .fuzz_tree import strip

#: The category and its description (docs/compatibility.md).
CATEGORY = "frequency"
DESCRIPTION = ("FREQUENCY: LibreOffice reads 2-D bins column by column ({2,8;5,1} are the bins "
               "2, 5, 8, 1; sheetgd row by row), may give the count of equal bins to a later one, "
               "and gives #VALUE! for data or bins without numbers, where Excel's page gives an "
               "array of zeros and the count of the data's numbers")


def _numbers(node, value, booleans: bool):
    """The numbers of an argument column by column; an XLError passed on;
    None where LibreOffice's reading is not known (text typed as the argument)."""
    if value is None or isinstance(value, XLError):
        return value
    if not isinstance(value, Array):
        if isinstance(value, str) and isinstance(strip(node), Text):
            return None
        value = Array(((value,),))
    out = []
    for c in range(value.width):
        for r in range(value.height):
            v = value.rows[r][c]
            if isinstance(v, XLError):
                return v
            if isinstance(v, bool):
                if booleans:
                    out.append(float(v))
            elif isinstance(v, float):
                out.append(v)
    return out


def libreoffice_frequency(data, bins):
    """LibreOffice's FREQUENCY of the numbers ``data`` and ``bins`` (lists,
    in its reading order): a list of the sets of values each place may hold
    (two where equal bins make it depend on its sort), or an XLError."""
    if not data or not bins:
        return XLError("#VALUE!")
    out = []
    for b in bins:
        below = max((x for x in bins if x < b), default=None)
        count = float(sum(1 for x in data if x <= b and (below is None or x > below)))
        out.append({count, 0.0} if bins.count(b) > 1 else {count})
    out.append({float(sum(1 for x in data if x > max(bins)))})
    return out


def _argument(arg, host, way: frozenset):
    """An argument's value as LibreOffice reads it the ``way`` given: with
    "test-replicated", a test of :data:`REPLICATED_TESTS` repeated in the
    shape of its array arguments (FREQUENCY forces arrays)."""
    value = host.value(arg)
    call = strip(arg)
    if "test-replicated" in way and isinstance(value, float) and isinstance(call, Call):
        shape = replicated_shape(call, [host.value(a) for a in call.args])
        if shape is not None:
            value = Array(tuple(tuple(value for _ in range(shape[1])) for _ in range(shape[0])))
    return value


def _possible(call, host, way: frozenset):
    found = [_numbers(arg, _argument(arg, host, way), "booleans" in way) for arg in call.args]
    if len(found) != 2 or any(f is None for f in found):
        return None
    for f in found:
        if isinstance(f, XLError):
            return f
    return libreoffice_frequency(*found)


def _matches(node, operands, lo, host, way: frozenset) -> bool:
    if isinstance(node, Call) and node.name == "FREQUENCY":
        possible = _possible(node, host, way)
        return isinstance(possible, list) and lo in possible[0]
    if not (isinstance(node, Call) and node.name == "INDEX" and 2 <= len(node.args) <= 3):
        return False
    inner = strip(node.args[0])
    if not (isinstance(inner, Call) and inner.name == "FREQUENCY"):
        return False
    at = operands[1:] if len(operands) == len(node.args) else []
    if not at or not isinstance(at[0], float) or (len(at) == 2 and at[1] != 1.0):
        return False
    possible = _possible(inner, host, way)
    if isinstance(possible, XLError):
        return isinstance(lo, XLError) and lo.kind == possible.kind
    k = int(at[0])
    return possible is not None and 1 <= k <= len(possible) and lo in possible[k - 1]


_ARITHMETIC = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
               "/": lambda a, b: a / b}


def _place_values(node, host, way: frozenset):
    """The values LibreOffice's INDEX(FREQUENCY(...), k) may give (a set),
    or None."""
    node = strip(node)
    if not (isinstance(node, Call) and node.name == "INDEX" and 2 <= len(node.args) <= 3):
        return None
    inner = strip(node.args[0])
    if not (isinstance(inner, Call) and inner.name == "FREQUENCY"):
        return None
    at = [host.value(a) for a in node.args[1:]]
    if not isinstance(at[0], float) or (len(at) == 2 and at[1] != 1.0):
        return None
    possible = _possible(inner, host, way)
    k = int(at[0])
    return possible[k - 1] if isinstance(possible, list) and 1 <= k <= len(possible) else None


def _arithmetic_on_place(node, operands, lo, host, way: frozenset) -> bool:
    """``+ - * /`` of an INDEX of FREQUENCY (never a site of its own: INDEX
    may give a reference, tests/fuzz_tree.py, so its operand is sheetgd's
    value): one of the values LibreOffice's rule gives that place -- its
    only one (2-D bins read column by column: seed 16's
    INDEX(FREQUENCY(data!C7:C7,{2,10,"3";0,TRUE,"a"}),3)*7.785, C7 6, is
    7.785 there, bin 10 third; 0 here, bin 0 third), or either of equal
    bins' shuffled ones -- with the other operand gives LibreOffice's value."""
    if not (isinstance(node, Binary) and node.op in _ARITHMETIC and len(operands) == 2
            and isinstance(lo, float)):
        return False
    for i, side in enumerate((node.left, node.right)):
        values = _place_values(side, host, way)
        other = operands[1 - i]
        if values and isinstance(other, float):
            for v in values:
                a, b = (v, other) if i == 0 else (other, v)
                try:
                    if abs(_ARITHMETIC[node.op](a, b) - lo) <= 1e-9 * max(1.0, abs(lo)):
                        return True
                except ZeroDivisionError:
                    continue
    return False


#: LibreOffice's readings tried, plainest first: its logical values as numbers, and the tests
#: it evaluates as arrays repeated (test-replicated, tests/fuzz_families/stats.py).
_WAYS = (frozenset(), frozenset({"booleans"}), frozenset({"test-replicated"}),
         frozenset({"booleans", "test-replicated"}))


def _has_replicated_test(node) -> bool:
    return any(isinstance(n, Call) and n.name == "FREQUENCY"
               and any(isinstance(strip(a), Call) and strip(a).name in REPLICATED_TESTS
                       for a in n.args)
               for n in walk(node))


def frequency_category(node, operands, sg, lo, host) -> str | None:
    """``frequency`` (``booleans+frequency`` when it takes LibreOffice's
    logical values as numbers too, ``frequency+test-replicated`` when a test
    argument repeated in its arrays' shape, both when both) when LibreOffice's FREQUENCY rule gives
    its value ``lo`` for the site ``node``: FREQUENCY itself (its first
    count), INDEX of FREQUENCY, or any operation on a FREQUENCY that
    LibreOffice refuses for want of numbers (#VALUE!) where sheetgd computes."""
    if host is None or isinstance(lo, XLError) and lo.kind != "#VALUE!":
        return None
    node = strip(node)
    for way in _WAYS:
        if "test-replicated" in way and not _has_replicated_test(node):
            continue
        name = "+".join(sorted(way | {CATEGORY}))
        if not isinstance(sg, XLError) and (_matches(node, operands, lo, host, way)
                                            or _arithmetic_on_place(node, operands, lo, host, way)):
            return name
        if isinstance(lo, XLError) and not isinstance(sg, XLError) and any(
                isinstance(n, Call) and n.name == "FREQUENCY"
                and isinstance(_possible(n, host, way), XLError)
                and _possible(n, host, way).kind == "#VALUE!" for n in walk(node)):
            return name
    return None
