"""Explaining a disagreement between sheetgd and LibreOffice, operation by
operation (used by :mod:`tests.fuzz_lo`).

A disagreeing formula is cut into *sites*: its subexpressions that are used
as single values (operators, and calls whose result is one value), outside
array arguments and random functions.  LibreOffice computes each site in a
cell of its own.  Then sheetgd recomputes every site *from the operand
values both engines agree on* (sheetgd's own value when it matches
LibreOffice's within tolerance, LibreOffice's otherwise), so each operation
is judged on the same inputs.  A site whose value still differs is a *local
disagreement*, and :func:`classify` names the documented Excel-vs-LibreOffice
difference behind it (:data:`CATEGORIES`, docs/compatibility.md) -- or none.

A category is recognised only by *reproducing* LibreOffice's value: the
operation is redone the LibreOffice way (booleans as numbers, text that
LibreOffice converts converted, its error code for invalid arguments, its
rounding of near-zero sums, its approximate equality of numbers in
comparisons) and must then give exactly LibreOffice's answer.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from sheetgd.engine import EMPTY, XLError
from sheetgd.engine.nodes import (
    ArrayLit, Binary, Call, ErrorLit, Number, Paren, Percent, RefNode, Text, Unary, render, walk,
)
from sheetgd.engine.refs import Area
from sheetgd.engine.values import Array, compare, compare_rounded, number_to_text, to_number

from .fuzz_families import family_categories, family_classifiers, family_set
from .fuzz_frequency import CATEGORY as FREQUENCY_CATEGORY
from .fuzz_frequency import DESCRIPTION as FREQUENCY_DESCRIPTION
from .fuzz_frequency import frequency_category
from .fuzz_redo import AGGREGATES, VARIANTS, libreoffice_compare, libreoffice_number, map_nodes
from .fuzz_regression import CATEGORY as REGRESSION_CATEGORY
from .fuzz_regression import DESCRIPTION as REGRESSION_DESCRIPTION
from .fuzz_regression import regression_category
from .fuzz_tree import (
    Host, Site, close, literal, operand_values, reference_like, replace, site_formula, sites, strip,
)

__all__ = ["CATEGORIES", "Host", "Site", "VARIANTS", "classify", "explain", "sites"]

#: sheetgd bugs the fuzzer recognises whose fix belongs in files outside the
#: fuzzer's reach (reported apart from the Excel-vs-LibreOffice differences).
SHEETGD_BUGS: dict[str, str] = {
    # none open: "sheetgd-intersection-2d" (a range of several rows and
    # columns read as one value) was fixed in engine/evaluate.py (scalar)
}

#: Category -> the difference, in one line (docs/compatibility.md has the table).
CATEGORIES = {
    "booleans": "LibreOffice has no boolean type: TRUE is the number 1, so booleans in ranges "
                "and arrays are counted, compare as numbers and concatenate as 1/0",
    "invalid-argument": "LibreOffice saves its 'invalid argument' error (Err:502) as #VALUE! where "
                        "Excel gives #NUM!, #DIV/0!, #N/A or #REF!",
    "power": "0^0 is 1 in LibreOffice (Excel #NUM!), 0^negative is #NUM! (Excel #DIV/0!), and "
             "odd roots of negative numbers are real",
    "approximate-subtraction": "LibreOffice rounds a sum or difference to 0 when it is below "
                               "2^-48 of the operands (rtl::math::approxSub) at every step; Excel "
                               "only in a formula's last operation",
    "number-format": "numbers turned into text: LibreOffice spells some differently (1E+020, "
                     "0.00000000000001 for Excel's 1E+20, 1E-14)",
    "text-to-number": "LibreOffice refuses text typed as a direct argument of SUM-like functions "
                      "and AND/OR (#VALUE!) and reads it as 0 in AVERAGEA-like ones; Excel "
                      "converts it (SUM(\"3\") is 3, OR(\"TRUE\") TRUE, AVERAGEA(\"x\") #VALUE!)",
    "text-as-logical": "LibreOffice converts text to a number or logical value where Excel refuses "
                       "it (#VALUE!): \"TRUE\"+1, NOT(\"50%\")",
    "iferror-reference": "LibreOffice's IFERROR and IFNA pass a reference on (SUM(IFERROR(A1,0)) "
                         "skips text in A1); Excel's return its value (text: #VALUE! in SUM)",
    "error-order": "with several errors in play LibreOffice may report another one than Excel's "
                   "first, left to right (it takes arguments from the last, checks MOD's divisor "
                   "first: MOD(\"x\",0) is #DIV/0!, Excel #VALUE!; MINIFS, SUMIFS ... report the "
                   "last error of the cells they select)",
    "power-underflow": "a power too small for a double (10^-400) is #NUM! in LibreOffice; "
                       "Excel gives 0",
    "match-wildcards": "LibreOffice applies wildcards (* ? ~) in MATCH's approximate modes too; "
                       "Excel only with match_type 0",
    "match-unsorted": "approximate MATCH on unsorted or mixed-type data (undefined in both): "
                      "sheetgd follows Excel's binary search over values of the lookup value's "
                      "type, LibreOffice searches differently",
    "index-vector": "INDEX({1;2;3},0,2) and INDEX({1,2,3},2,0) on a one-dimensional array "
                    "constant: LibreOffice takes 2 as the position; Excel gives #REF! (no column "
                    "or row 2)",
    "approximate-floor": "INT and MOD: LibreOffice floors at 15 significant digits (approxFloor) "
                         "and rounds a near-zero remainder to 0: INT(399.99999999999994) is 400, "
                         "MOD(0.3,0.1) 0, MOD(-1E-200,1) #VALUE!; Excel's and sheetgd's are exact "
                         "(399, 0.1, 1), and sheetgd's MOD is #NUM! from a quotient of 2^53",
    "error-argument": "MATCH given an error to look up, IFS given an error as a condition: "
                      "LibreOffice answers #VALUE!, Excel passes the error on",
    "array-evaluation": "an array expression inside SUM-like functions in a normal formula "
                        "(AVERAGE(ROW(A1:A2)+1)): LibreOffice evaluates it as an array; Excel "
                        "before dynamic arrays takes its first value unless entered with "
                        "Ctrl+Shift+Enter; and TYPE of an array constant inside a function, "
                        "which LibreOffice repeats over the constant's elements "
                        "(MODE(TYPE({1;2})) is the mode of 64 and 64: 64), Excel one 64",
    "array-text": "text inside an array constant is 0 for LibreOffice's MIN, MAX...; Excel skips it",
    "round-tiny": "ROUNDUP and ROUNDDOWN of a number below about 1E-296 (ROUNDUP(7E-300,1)): "
                  "LibreOffice #NUM!; Excel rounds it (0.1)",
    "array-intersection": "a function giving several values (COLUMN(B7:F8)) in a single-value "
                          "formula: Excel before dynamic arrays takes the first one; LibreOffice "
                          "intersects them with the formula's own row or column (#VALUE! outside)",
    "argument-order": "SUM and PRODUCT: LibreOffice adds or multiplies from the last argument, so "
                      "a running total can overflow (#NUM!) where Excel's left-to-right one does "
                      "not, or the other way round (PRODUCT(0,1E308,-20), PRODUCT(11,1E308,0))",
    "array-error": "a power of several values holding an error (2^(\"a\"*ROW(A1:A3))): "
                   "LibreOffice's element-wise arithmetic makes the error #NUM!; Excel keeps "
                   "its kind (#VALUE!)",
    "array-choice": "IF or CHOOSE given several values as condition or index "
                    "(CHOOSE(COLUMN(B7:D7),...)) in a single-value formula: Excel before dynamic "
                    "arrays takes the first value; LibreOffice evaluates the branches as an array",
    "comparison-rounding": "the comparison operators (= <> < > <= >=) on two numbers: Excel "
                           "rounds both to 15 significant digits first (0.1=1.2-1.1 is FALSE, "
                           "0.1+0.2=0.300000000000001 FALSE); LibreOffice takes numbers within "
                           "2^-48 of each other as equal (rtl::math::approxEqual: TRUE, TRUE)",
    "find-empty-text": "FIND and SEARCH (and their B forms) looking for empty text: Excel finds it "
                       "where the search starts (FIND(\"\",\"abc\") is 1); LibreOffice gives #VALUE!",
    "replaceb-bytes": "REPLACEB past the end of the text: LibreOffice counts bytes and refuses it "
                      "(#VALUE!); Excel outside double-byte languages is REPLACE, which appends",
    "code-empty-text": "CODE of empty text: LibreOffice gives 0; Excel #VALUE!",
    "boolean-formula": "LibreOffice reads a TRUE or FALSE cell of an .xlsx file as the formula "
                       "=TRUE() or =FALSE(): ISFORMULA is TRUE and FORMULATEXT gives that formula; "
                       "in Excel the cell holds a constant (FALSE, #N/A)",
    "address-abs-num": "ADDRESS with an abs_num outside 1..4: LibreOffice takes it as 1 ($A$1); "
                       "Excel gives #VALUE!",
    "rank-not-found": "RANK, RANK.EQ and RANK.AVG of a number that is not in the list: Excel "
                      "#N/A; LibreOffice ranks it where it would go, or answers #VALUE!",
    "statistics-domain": "a statistical function at the edge of the domain Excel documents: "
                         "Excel #NUM! (Z.TEST of no numbers: #N/A) where LibreOffice computes "
                         "a limit (LOGNORM.DIST, EXPON.DIST and CHIDIST at x below the support: "
                         "0 or 1; GEOMEAN with a 0: 0; BETA.INV(0): A; HYPGEOM.DIST and "
                         "BETA.DIST outside: 0) or divides by 0 (STANDARDIZE: #DIV/0!); POISSON "
                         "with mean 0 and F.INV(0,...), which Excel computes, LibreOffice refuses "
                         "(#VALUE!)",
    "array-shapes": "CORREL, SLOPE, FORECAST ... given a row and a column with the same number of "
                    "values: sheetgd pairs them in order (Excel's pages ask for the same number of "
                    "data points); LibreOffice wants the same shape (#VALUE!)",
    "collinear": "LINEST, LOGEST, TREND, GROWTH with a known_x's variable that is constant or a "
                 "combination of the others: Excel (2003 and later, its LINEST page) gives it "
                 "coefficient 0 and fits the rest; LibreOffice #VALUE!",
    "singular-inverse": "MINVERSE of a singular matrix (determinant 0; seed 27's {3,0,0;12.409,"
                        "0.343193,-6;0.029663,0,0}): Excel's #NUM! (its MINVERSE page); "
                        "LibreOffice inverts what its LU factorisation leaves, a zero pivot "
                        "rounded to a tiny number (huge elements: -3.8E+17)",
    "mode-ties": "MODE of data with several most frequent numbers: Excel gives the one that "
                 "appears first; LibreOffice may give another (it sorts the numbers first, "
                 "or reads a block column by column); INDEX of MODE.MULT likewise: "
                 "Excel's modes in the order they appear, LibreOffice's in another",
    "percentrank-digits": "PERCENTRANK's significance: Excel keeps that many decimals, truncated "
                          "(0.555, its page); LibreOffice rounds to that many significant digits "
                          "(0.556, 0.00695)",
    "dates": "LibreOffice's calendar goes before 1900 and past 9999 (negative serials are dates "
             "there: YEAR(-1) is 1899; Excel gives #NUM!), and its DAYS keeps the time of day "
             "(DAYS(2.5,1) is 1.5; Excel counts whole days: 1)",
    "mode-mult-largest": "INDEX of MODE.MULT whose data's only repeated number is its largest "
                         "(INDEX(MODE.MULT({5,5,1}),1)): LibreOffice 7.4 gives #VALUE! ({5,1,1} "
                         "and {2,2,9,9,9} are fine); Excel the mode (5)",
    "not-array-error": "NOT of an error from an array expression (NOT({1,0}/0)) or from T.TEST, "
                       "F.TEST, CHISQ.TEST: LibreOffice evaluates its argument as an array and "
                       "its NOT of an error element is FALSE; Excel passes the error on",
    "if-addin-error": "IF whose condition is an error from ISODD or ISEVEN, with IFERROR, IFNA "
                      "or an IS function (ISLOGICAL, ISNUMBER...) in a branch: LibreOffice 7.4 gives #VALUE!; Excel the condition's error",
    "truncation": "a negative fraction where an integer is wanted (BINOM.DIST(-0.9,2,1,1), "
                  "DEC2HEX(-56.764)): Excel truncates it toward 0 (its pages: 'truncated'), "
                  "LibreOffice floors it (-1: out of the domain, #VALUE!; FFFFFFFFC7), "
                  "given as a number or as text that reads as one (DEC2HEX(\"-$1,000.5\",1))",
    "libreoffice-context": "LibreOffice's value depends on other formulas of the workbook: the "
                           "same formula alone, in a workbook of its own, or in the second pass, "
                           "among its sites, gives sheetgd's value there "
                           "(=HARMEAN(data!F7:F7) of an #N/A cell is #N/A alone, #VALUE! beside "
                           "=KURT(FISHER(0.05),FALSE(),data!F8:F8) and =data!C4^1.5); or "
                           "alone it gives another value, which its sites computed beside it "
                           "explain operation by operation",
    "geomean-error-zero": "GEOMEAN of a range holding an error cell: LibreOffice 7.4 answers 0 at "
                          "times (the error cell read as the value 0, which its 'a value of 0 makes "
                          "the result 0' shortcut returns, the error dropped), its error at others, "
                          "the same workbook from run to run; Excel passes the error on",
    "float-rounding": "not a semantic difference: the operands differ in their last digits "
                      "(another order of operations, or the 15 digits LibreOffice writes into a "
                      "file) and this operation magnifies it (MOD of a large number, cancellation)",
    FREQUENCY_CATEGORY: FREQUENCY_DESCRIPTION,
    REGRESSION_CATEGORY: REGRESSION_DESCRIPTION,
    **family_categories(),  # and each function family's (tests/fuzz_families/)
}

# --- classification --------------------------------------------------------------------

def classify(node, operands, sg, lo, redo, host=None) -> str | None:
    """The category of :data:`CATEGORIES` that explains the site ``node``
    giving ``sg`` in sheetgd and ``lo`` in LibreOffice from the same
    ``operands``; None when none does.  ``redo(variant)`` is sheetgd's value
    of the site redone the LibreOffice way (:data:`VARIANTS`)."""
    node = strip(node)
    if _is(lo, "#VALUE!") and isinstance(sg, XLError) and _invalid_argument(node, sg):
        return "invalid-argument"
    if isinstance(node, Call) and node.name in _RANKS and _is(sg, "#N/A") \
            and sg.message.startswith("RANK: the number is not in the list"):
        return "rank-not-found"
    if _statistics_domain(node, operands, sg, lo):
        return "statistics-domain"
    if _array_shapes(node, operands, lo):
        return "array-shapes"
    if _percentrank_digits(node, operands, sg, lo):
        return "percentrank-digits"
    if _mode_ties(node, operands, sg, lo) or _mode_mult_ties(node, operands, sg, lo):
        return "mode-ties"
    if _collinear(node, operands, sg, lo):
        return "collinear"
    if _dates(node, operands, sg, lo):
        return "dates"
    if _power(node, operands, sg, lo):
        return "power"
    if _find_empty_text(node, operands, sg, lo):
        return "find-empty-text"
    if isinstance(node, Call) and node.name == "REPLACEB" and isinstance(sg, str) and _is(lo, "#VALUE!"):
        return "replaceb-bytes"
    if isinstance(node, Call) and node.name == "CODE" and operands and operands[0] in ("", EMPTY) \
            and _is(sg, "#VALUE!") and lo == 0.0:
        return "code-empty-text"
    if _power_underflow(node, operands, sg, lo):
        return "power-underflow"
    if _approximate_subtraction(node, operands, sg, lo):
        return "approximate-subtraction"
    if _comparison_rounding(node, operands, sg, lo):
        return "comparison-rounding"
    if isinstance(lo, str) and isinstance(sg, str):
        if same_spelled_numbers(lo, sg):
            return "number-format"
        spelled = _concatenation_spelled(node, operands, lo)
        if spelled:
            return "+".join(sorted(spelled))
    if _reproduces(redo("booleans"), lo):
        return "booleans"
    if _reproduces(redo("typed-text"), lo):
        return "text-to-number"
    if _reproduces(redo("text-converted"), lo):
        return "text-as-logical"
    if _reproduces(redo("references"), lo):
        return "iferror-reference"
    if _reproduces(redo("references+booleans"), lo):
        return "booleans+iferror-reference"
    combined = _redone_then(node, operands, redo, lo)
    if combined is not None:
        return combined
    if isinstance(sg, XLError) and isinstance(lo, XLError) and (
            _another_argument_error(node, operands, sg, lo) or _reproduces(redo("error-order"), lo)
            or _reproduces(redo("own-check"), lo) or _another_error_in_play(node, sg, lo, host)):
        return "error-order"
    if isinstance(sg, XLError) and _is(lo, "#VALUE!") and any(
            isinstance(v, XLError) and v.kind != sg.kind and _invalid_argument(node, v)
            for v in (redo("error-order"), redo("own-check"))):
        return "error-order+invalid-argument"
    if _error_argument(node, operands, sg, lo):
        return "error-argument"
    if _mod(node, operands, sg, lo) or _int(node, operands, sg, lo):
        return "approximate-floor"
    if (isinstance(node, Call) and node.name in ("ROUND", "ROUNDUP", "ROUNDDOWN") and operands
            and isinstance(operands[0], float) and 0 < abs(operands[0]) < 1e-295
            and isinstance(sg, float) and _is(lo, "#NUM!")):
        return "round-tiny"
    if _reproduces(redo("match-wildcards"), lo):
        return "match-wildcards"
    if _match_unsorted(node, operands, lo):
        return "match-unsorted"
    if _reproduces(redo("index-vector"), lo):
        return "index-vector"
    if _reproduces(redo("index-vector+booleans"), lo):
        return "booleans+index-vector"
    if _reproduces(redo("as-array"), lo) or _reproduces(redo("type-elementwise"), lo):
        return "array-evaluation"
    if _reproduces(redo("as-array+booleans"), lo):
        return "array-evaluation+booleans"
    if _reproduces(redo("array-text"), lo):
        return "array-text"
    if _reproduces(redo("intersected"), lo):
        return "array-intersection"
    if _argument_order_overflow(node, operands, sg, lo):
        return "argument-order"
    array_error = _array_error_as_num(node, sg, lo, host)
    if array_error is not None:
        return array_error
    if _array_choice(node, host):
        return "array-choice"
    if _mode_mult_largest(node, sg, lo, host):
        return "mode-mult-largest"
    frequency = frequency_category(node, operands, sg, lo, host)
    if frequency is not None:
        return frequency
    if _not_of_array_error(node, sg, lo):
        return "not-array-error"
    if _if_addin_error(node, sg, lo):
        return "if-addin-error"
    if _collinear_inside(node, sg, lo, host):
        return "collinear"
    if _singular_inverse(node, sg, lo, host):
        return "singular-inverse"
    regression = regression_category(node, operands, sg, lo, host)
    if regression is not None:
        return regression
    if _reproduces(redo("truncated"), lo) or (
            _is(lo, "#VALUE!") and isinstance(redo("truncated"), XLError)
            and not isinstance(sg, XLError) and _invalid_argument(node, redo("truncated"))):
        return "truncation"
    if _boolean_formula(node, operands, lo):
        return "boolean-formula"
    if _geomean_error_zero(node, sg, lo, host):
        return "geomean-error-zero"
    if _address_abs_num(node, operands, sg, lo):
        return "address-abs-num"
    for family_classify in family_classifiers():
        found = family_classify(node, operands, sg, lo)
        if found is not None:
            return found
    return None


#: Redoes that can leave a documented difference of the operation itself: the
#: variant and the category it names.
_REDONE_THEN = (("booleans", "booleans"), ("text-converted", "text-as-logical"))

#: The families' categories recognised after booleans are made numbers (tests/fuzz_families/).
_WITH_BOOLEANS = family_set("WITH_BOOLEANS")


def _redone_then(node, operands, redo, lo) -> str | None:
    """Two differences at one operation: redone the LibreOffice way (booleans
    as numbers, text converted), sheetgd's value is one that a documented
    difference of the operation turns into LibreOffice's -- GEOMEAN of an
    array holding FALSE is #NUM! once FALSE is 0, where LibreOffice gives 0
    (booleans+statistics-domain); the PERCENTRANK of that data keeps its
    digits (booleans+percentrank-digits; with a cell's text "TRUE" as x,
    read as 1: text-as-logical+percentrank-digits); the tie MODE breaks
    once an array's FALSE is 0 (MODE({1},0,{FALSE,1}): booleans+mode-ties);
    the families' categories of ``WITH_BOOLEANS`` likewise
    (ZTEST({FALSE,10},1,1): booleans+ztest-asymptotic)."""
    for variant, name in _REDONE_THEN:
        value = redo(variant)
        if value is None or isinstance(value, Array):
            continue
        numbers = [_booleans_to_numbers(v) for v in operands]
        if name == "text-as-logical":  # a single text as the number LibreOffice reads in it
            numbers = [libreoffice_number(v) if isinstance(v, str) and libreoffice_number(v)
                       is not None else v for v in numbers]
        if isinstance(value, XLError):
            if _statistics_domain(node, numbers, value, lo):
                return f"{name}+statistics-domain"
            if _is(lo, "#VALUE!") and _invalid_argument(node, value):
                return f"{name}+invalid-argument"
        elif _percentrank_digits(node, numbers, value, lo):
            return f"{name}+percentrank-digits"
        elif name == "booleans" and _mode_ties(node, numbers, value, lo):
            return "booleans+mode-ties"
        elif name == "booleans":  # a family's categories that hold for LibreOffice's numbers too
            found = next((c for c in (f(node, numbers, value, lo) for f in family_classifiers())
                          if c in _WITH_BOOLEANS), None)
            if found is not None:
                return f"booleans+{found}"
        if isinstance(value, XLError) and isinstance(node, Call) and node.name in _RANKS \
                and value.kind == "#N/A" and (value.message or "").startswith(
                    "RANK: the number is not in the list") and not isinstance(lo, XLError):
            return f"{name}+rank-not-found"  # RANK of the text "TRUE": 1 there, not in the list
    return None


def _booleans_to_numbers(value):
    """A value as LibreOffice holds it: TRUE and FALSE (alone or in an array) as 1 and 0."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, Array):
        return Array(tuple(tuple(float(v) if isinstance(v, bool) else v for v in row)
                           for row in value.rows))
    return value


def _geomean_error_zero(node, sg, lo, host) -> bool:
    """An operation on GEOMEAN of references holding an error cell, whose
    LibreOffice value is the operation's with that GEOMEAN 0 (seed 1's
    ``GEOMEAN(data!$G$3,data!D6:D8,data!F1:F7)-1E+200`` with #N/A in F6:
    -1E+200 in one run of the same workbook, #N/A in the next, measured).
    LibreOffice 7.4's ScGeoMean walks a range's values and returns 0 at the
    first value 0 -- an error cell's, when the cell was computed before
    (else its error)."""
    if host is None:
        return False
    found = False

    def holds_error(call) -> bool:
        for a in call.args:
            if reference_like(a):
                value = host.value(a)
                values = value.flat() if isinstance(value, Array) else [value]
                if any(isinstance(v, XLError) for v in values):
                    return True
        return False

    def zero(n):
        nonlocal found
        if isinstance(n, Call) and n.name == "GEOMEAN" and holds_error(n):
            found = True
            return Number(0.0, "0")
        return n

    redone = map_nodes(strip(node), zero)
    return found and _reproduces(host.value(redone), lo) and not _reproduces(sg, lo)


def _mode_mult_largest(node, sg, lo, host) -> bool:
    """MODE.MULT read by INDEX where its data's only repeated number is its
    largest ({5,5,1}, {0,10,2,10}): LibreOffice 7.4 gives #VALUE! there
    (INDEX(MODE.MULT({5,5,1}),1); {5,1,1}, {2,2,9,9,9} and {3,3,1,1} are
    fine), Excel the mode.  The numbers are read the LibreOffice way (a
    logical value is a number there; text and empty cells are skipped)."""
    if host is None or not _is(lo, "#VALUE!") or isinstance(sg, XLError):
        return False
    for n in walk(node):
        inner = strip(n.args[0]) if isinstance(n, Call) and n.name == "INDEX" and n.args else None
        if not (isinstance(inner, Call) and inner.name == "MODE.MULT"):
            continue
        numbers = []
        for arg in inner.args:
            value = host.value(arg)
            items = list(value.flat()) if isinstance(value, Array) else [value]
            if any(isinstance(v, XLError) or v is None for v in items):
                break
            numbers += [float(v) for v in items if isinstance(v, (bool, float))]
        else:
            counts: dict = {}
            for x in numbers:
                counts[x] = counts.get(x, 0) + 1
            repeated = [x for x, c in counts.items() if c > 1]
            if repeated == [max(numbers, default=None)]:
                return True
    return False


#: Functions whose error NOT turns into FALSE in LibreOffice (it evaluates them
#: as an array there): the Excel 2010 names of the tests, and array arithmetic.
_NOT_AS_ARRAY = {"T.TEST", "F.TEST", "CHISQ.TEST", "CHITEST"}


def _not_of_array_error(node, sg, lo) -> bool:
    """NOT of an error from an array expression ({1,0}/0) or from T.TEST,
    F.TEST, CHISQ.TEST (CHITEST): LibreOffice evaluates its argument as an
    array and its NOT of an error element is FALSE; Excel passes the error on."""
    if not (isinstance(node, Call) and node.name == "NOT" and len(node.args) == 1
            and isinstance(sg, XLError) and lo in (False, 0.0) and not isinstance(lo, XLError)):
        return False
    return any(isinstance(n, ArrayLit) or isinstance(n, Call) and n.name in _NOT_AS_ARRAY
               for n in walk(node.args[0]))


#: Functions in an IF's branch that turn LibreOffice's IF of an ISODD error into
#: #VALUE! (ISLOGICAL, ISNUMBER, ISTEXT, ISERROR measured).
_ERROR_TAKING = {"IFERROR", "IFNA", "ISLOGICAL", "ISNUMBER", "ISTEXT", "ISNONTEXT", "ISERROR",
                 "ISERR", "ISNA", "ISBLANK", "ISREF"}


def _if_addin_error(node, sg, lo) -> bool:
    """IF whose condition is an error from ISODD or ISEVEN (add-in functions
    in LibreOffice) and with IFERROR or IFNA in a branch: LibreOffice 7.4
    gives #VALUE! (IF(ISODD(1/0+0),IFERROR("x","x"),"b"); without the
    IFERROR, or with 1/0 as the condition, it passes #DIV/0! on as Excel does);
    an IS function in a branch likewise (measured: IF(ISODD(NA()+0),ISLOGICAL(A1),"x")
    is #VALUE!, IF(ISODD(NA()+0),3&"","x") #N/A)."""
    if not (isinstance(node, Call) and node.name == "IF" and len(node.args) >= 2
            and isinstance(sg, XLError) and _is(lo, "#VALUE!")):
        return False
    condition = strip(node.args[0])
    return isinstance(condition, Call) and condition.name in ("ISODD", "ISEVEN") and any(
        isinstance(n, Call) and n.name in _ERROR_TAKING
        for a in node.args[1:] for n in walk(a))


def _find_empty_text(node, operands, sg, lo) -> bool:
    """FIND or SEARCH of empty text, found by Excel (and sheetgd) where the
    search starts, refused by LibreOffice (#VALUE!)."""
    return (isinstance(node, Call) and node.name in ("FIND", "FINDB", "SEARCH", "SEARCHB")
            and bool(operands) and (operands[0] == "" or operands[0] is EMPTY)
            and isinstance(sg, float) and _is(lo, "#VALUE!"))


def _address_abs_num(node, operands, sg, lo) -> bool:
    """ADDRESS whose abs_num is outside 1..4 (Excel #VALUE!) and LibreOffice
    answering what abs_num 1 gives."""
    if not (isinstance(node, Call) and node.name == "ADDRESS" and len(operands) >= 3 and _is(sg, "#VALUE!")):
        return False
    mode = to_number(operands[2])
    if not isinstance(mode, float) or int(mode) in (1, 2, 3, 4):
        return False
    from sheetgd.engine.functions import REGISTRY

    args = [to_number(v) for v in operands[:2]] + [1.0] + [v for v in operands[3:]]
    a1 = True if len(args) < 4 or args[3] is EMPTY else bool(to_number(args[3]))
    redone = REGISTRY["ADDRESS"].impl(*args[:3], a1, args[4] if len(args) > 4 else None)
    return redone == lo


def _boolean_formula(node, operands, lo) -> bool:
    """ISFORMULA or FORMULATEXT of a cell holding TRUE or FALSE, which
    LibreOffice took for the formula =TRUE() or =FALSE()."""
    if not (isinstance(node, Call) and node.name in ("ISFORMULA", "FORMULATEXT") and len(operands) == 1
            and isinstance(operands[0], bool)):
        return False
    return lo in (True, 1.0) if node.name == "ISFORMULA" else \
        isinstance(lo, str) and lo.upper() in ("=TRUE()", "=FALSE()")


def _array_choice(node, host) -> bool:
    """IF or CHOOSE whose condition or index is several values (a 1x3 array
    from COLUMN(B7:D7)), in a single-value formula: LibreOffice evaluates
    every branch into an array (its JumpMatrix) and shows what that gives;
    Excel before dynamic arrays takes the first value."""
    if host is None:
        return False
    for n in walk(node):
        if isinstance(n, Call) and n.name in ("IF", "CHOOSE") and n.args:
            raw = host.raw(n.args[0])
            if isinstance(raw, Array) and raw.height * raw.width > 1 or \
                    isinstance(raw, Area) and not raw.is_cell:
                return True
    return False


def _another_error_in_play(node, sg, lo, host) -> bool:
    """Both answers are errors that arise inside the expression: an error
    cell of a range it reads, an error a part of it gives, a division by
    zero, or the #VALUE! of text typed into a SUM-like function there
    (LibreOffice's rule).
    Which of several errors LibreOffice reports depends on the formula
    around them; Excel reports the first, left to right."""
    if host is None:
        return False
    kinds = set()
    for n in walk(node):
        if isinstance(n, Call) and n.name in AGGREGATES | {"AND", "OR"} and any(
                isinstance(strip(a), Text) for a in n.args):
            kinds.add("#VALUE!")
        divisor = n.right if isinstance(n, Binary) and n.op == "/" else \
            n.args[1] if isinstance(n, Call) and n.name == "MOD" and len(n.args) == 2 else None
        if divisor is not None and host.value(divisor) in (0.0, EMPTY):
            kinds.add("#DIV/0!")  # a division by zero masked by an earlier error
        if isinstance(n, (Call, Binary, RefNode, ErrorLit)):
            value = host.value(n)
            if isinstance(value, XLError):
                kinds |= _kinds(value)
            elif isinstance(value, Array):
                kinds.update(k for v in value.flat() if isinstance(v, XLError) for k in _kinds(v))
    return sg.kind != lo.kind and {sg.kind, lo.kind} <= kinds


def _array_error_as_num(node, sg, lo, host) -> str | None:
    """A power of an array that holds an error (2^("a"*ROW(A1:A3))):
    LibreOffice's element-wise arithmetic loses the error's kind (#NUM!):
    ``array-error``.  Or a power of a test that LibreOffice evaluates as an
    array (T.TEST, F.TEST, CHISQ.TEST, CHITEST, FORECAST.LINEAR given an
    array constant: ``test-replicated``) whose value is an error (seed 7's
    ``F.TEST(data!D3:D6,{2})^-30.951``; measured in LibreOffice 7.4:
    ``CHISQ.TEST({1,2},{0,0})^2`` is #NUM!, the test alone #DIV/0!, and
    given ranges only, ``T.TEST(D3:D6,D3:D3,2,1)^2``, the error is kept):
    ``array-error+test-replicated``."""
    if host is None or not (isinstance(sg, XLError) and sg.kind != "#NUM!" and _is(lo, "#NUM!")):
        return None
    if not (isinstance(node, Binary) and node.op == "^" or isinstance(node, Call) and node.name == "POWER"):
        return None
    from .fuzz_families.stats import REPLICATED_TESTS

    for n in walk(node):
        if isinstance(n, Call) and n.name in REPLICATED_TESTS and isinstance(host.raw(n), XLError) \
                and any(isinstance(strip(a), ArrayLit) for a in n.args):
            return "array-error+test-replicated"
    for n in walk(node):
        raw = host.raw(n) if isinstance(n, (Call, Binary, ArrayLit)) else None
        if isinstance(raw, Array) and raw.height * raw.width > 1:
            return "array-error"
    return None


def _argument_order_overflow(node, operands, sg, lo) -> bool:
    """SUM or PRODUCT whose running total overflows in one order and not in
    the other: from the first argument (Excel's, sheetgd's) or from the
    last (LibreOffice's: it pops the arguments off its stack, and reads each
    range forward, column by column): PRODUCT(11,1E308,0) is #NUM! in one,
    0 in the other, and so is PRODUCT(A1:C5,1E300) with a 0 in C4."""
    if not (isinstance(node, Call) and node.name in ("SUM", "PRODUCT")):
        return False
    by_rows, by_columns = [], []  # sheetgd's reading of a range, LibreOffice's
    for sub, value in zip(node.args, operands):
        if isinstance(value, Array):
            cells = [(i, j) for i in range(value.height) for j in range(value.width)]
            by_column = sorted(cells, key=lambda c: (c[1], c[0]))
            for numbers, order in ((by_rows, cells), (by_columns, by_column)):
                items = (value.rows[i][j] for i, j in order)
                numbers.append([x for x in items if isinstance(x, float) and not isinstance(x, bool)])
        elif isinstance(value, float) and not isinstance(value, bool):
            by_rows.append([value])
            by_columns.append([value])

    def total(groups):
        t = 0.0 if node.name == "SUM" else 1.0
        overflow = False
        for x in (x for g in groups for x in g):
            t = t + x if node.name == "SUM" else t * x
            overflow = overflow or not math.isfinite(t)
        return None if overflow or not math.isfinite(t) else t

    forward, backward = total(by_rows), total(by_columns[::-1])
    if isinstance(sg, float) and _is(lo, "#NUM!"):
        return forward is not None and backward is None
    if _is(sg, "#NUM!") and isinstance(lo, float):
        return forward is None and backward is not None and close(backward, lo)
    return False


def libreoffice_mod(n: float, d: float):
    """LibreOffice's MOD (ScMod): approxSub(n, approxFloor(n/d)*d), and
    #VALUE! when that is not within [0, d)."""
    q = n / d
    if not math.isfinite(q):
        return XLError("#VALUE!")
    product = math.floor(float(f"{q:.15g}")) * d  # approxFloor: floor of n/d at 15 digits
    result = 0.0 if approximately_cancels(n, product) or n == product else n - product
    if (d > 0 and 0 <= result < d) or (d < 0 and d < result <= 0):
        return result
    return XLError("#VALUE!")


def _mod(node, operands, sg, lo) -> bool:
    """MOD where LibreOffice's approximate arithmetic (libreoffice_mod) gives
    its answer and sheetgd the exact remainder (or #NUM! beyond 2^53)."""
    if not (isinstance(node, Call) and node.name == "MOD" and len(operands) == 2):
        return False
    n, d = (to_number(v) if v is not None and not isinstance(v, Array) else None for v in operands)
    if not (isinstance(n, float) and isinstance(d, float)) or d == 0:
        return False
    if abs(n / d) >= 2.0 ** 53:  # no digit of the remainder is left: any answer LibreOffice gives
        return _is(sg, "#NUM!") and not isinstance(lo, str)
    return close(libreoffice_mod(n, d), lo)


def _int(node, operands, sg, lo) -> bool:
    """INT of a number a hair below an integer: LibreOffice floors it at 15
    significant digits (approxFloor), Excel and sheetgd exactly."""
    if not (isinstance(node, Call) and node.name == "INT" and len(operands) == 1):
        return False
    x = to_number(operands[0]) if operands[0] is not None and not isinstance(operands[0], Array) else None
    if not isinstance(x, float) or not math.isfinite(x):
        return False
    return sg == math.floor(x) and close(float(math.floor(float(f"{x:.15g}"))), lo)


def _error_argument(node, operands, sg, lo) -> bool:
    """MATCH (VLOOKUP, HLOOKUP, LOOKUP) given an error to look up, IFS an
    error as the condition it stops at, FREQUENCY an error among its data
    or bins: LibreOffice answers #VALUE!, Excel (and sheetgd) pass the
    error on."""
    if not (isinstance(node, Call) and operands and isinstance(sg, XLError) and _is(lo, "#VALUE!")):
        return False
    if node.name == "IFS":
        error = _ifs_condition_error(operands)
        return error is not None and error.kind == sg.kind
    if node.name == "FREQUENCY":  # an error among the data or the bins, passed on as by SUM
        return any(isinstance(v, XLError) and v.kind == sg.kind for operand in operands
                   for v in (operand.flat() if isinstance(operand, Array) else (operand,)))
    return (node.name in _APPROXIMATE_LOOKUPS and isinstance(operands[0], XLError)
            and sg.kind == operands[0].kind)


def _ifs_condition_error(operands):
    """The error of the first IFS condition that is not FALSE (0), when it is
    one: Excel's IFS evaluates its conditions in order and returns a
    condition's error (its function page: a condition resolving to
    anything but TRUE or FALSE is #VALUE! -- text; an error is passed on as
    by every function; tests/function_cases/logic_info.py); LibreOffice's
    IFS turns any condition's error into #VALUE! (seed 16, measured).  None
    otherwise."""
    for condition in operands[0::2]:
        if isinstance(condition, XLError):
            return condition
        if condition is not False and condition is not EMPTY \
                and not (isinstance(condition, float) and condition == 0.0):
            return None
    return None


#: (function, the start of sheetgd's error message) for invalid arguments (and each
#: family's ``INVALID_ARGUMENT``, tests/fuzz_families/).
INVALID_ARGUMENT = {
    ("SQRT", "SQRT of a negative number"), ("LN", "LN of a number <= 0"),
    ("LOG", "LOG of a number <= 0"), ("LOG", "LOG base 1"), ("LOG10", "LOG of a number <= 0"),
    ("MEDIAN", "MEDIAN of no numbers"), ("MATCH", "MATCH needs a single row or column"),
    ("INDEX", "INDEX out of range"), ("OFFSET", "OFFSET moved off the grid"),
    ("OFFSET", "OFFSET height and width"),
    ("VLOOKUP", "VLOOKUP index"), ("HLOOKUP", "HLOOKUP index"), ("SHEET", "no sheet named"),
} | family_set("INVALID_ARGUMENT")  # and each family's (tests/fuzz_families/)

#: (function, message prefix) of #NUM! checks where LibreOffice computes a
#: value at the edge of the domain (category statistics-domain).
DOMAIN_EDGES = family_set("DOMAIN_EDGES")
#: (function, argument index, value) where Excel computes and LibreOffice
#: refuses (#VALUE!): the other side of category statistics-domain.
REFUSED_EDGES = family_set("REFUSED_EDGES")
_RANKS = {"RANK", "RANK.EQ", "RANK.AVG"}


def _invalid_argument(node, sg) -> bool:
    """sheetgd's error is one of the invalid-argument errors, produced by the
    site's function or passed on from a call of it inside (the message
    names the check that failed)."""
    names = {n.name for n in walk(node) if isinstance(n, Call)}
    return any(fn in names and sg.message.startswith(msg) for fn, msg in INVALID_ARGUMENT)


def _statistics_domain(node, operands, sg, lo) -> bool:
    """sheetgd's error from a domain-edge check of the site's function where
    LibreOffice computes a number (or #DIV/0!); or an edge value Excel
    computes and LibreOffice refuses (POISSON with mean 0, F.INV(0,...))."""
    if not isinstance(node, Call):
        return False
    if isinstance(sg, XLError) and (isinstance(lo, float) or _is(lo, "#DIV/0!")):
        return any(fn == node.name and sg.message.startswith(msg) for fn, msg in DOMAIN_EDGES)
    if isinstance(sg, XLError) and _is(lo, "#N/A"):  # its search for an infinite quantile fails
        return "(an infinite quantile)" in sg.message and any(
            fn == node.name and sg.message.startswith(msg) for fn, msg in DOMAIN_EDGES)
    return isinstance(sg, float) and _is(lo, "#VALUE!") and any(
        fn == node.name and len(operands) > i and operands[i] == value
        for fn, i, value in REFUSED_EDGES)


_PAIRED = {"CORREL", "PEARSON", "RSQ", "COVAR", "COVARIANCE.P", "COVARIANCE.S", "SLOPE",
           "INTERCEPT", "STEYX", "FORECAST", "FORECAST.LINEAR", "T.TEST", "TTEST"}


def _array_shapes(node, operands, lo) -> bool:
    """Two arrays of one size and different shapes given to a function that
    pairs their values, and LibreOffice's #VALUE!."""
    if not (isinstance(node, Call) and node.name in _PAIRED and _is(lo, "#VALUE!")):
        return False
    arrays = operands[1:3] if node.name.startswith("FORECAST") else operands[:2]
    if len(arrays) < 2 or not all(isinstance(a, Array) for a in arrays):
        return False
    (a, b) = arrays
    return a.height * a.width == b.height * b.width and (a.height, a.width) != (b.height, b.width)


def _percentrank_digits(node, operands, sg, lo) -> bool:
    """PERCENTRANK whose exact rank, rounded to significance significant
    digits, is LibreOffice's answer."""
    if not (isinstance(node, Call) and node.name.startswith("PERCENTRANK") and len(operands) >= 2
            and isinstance(sg, float) and isinstance(lo, float)):
        return False
    from sheetgd.engine.functions.ranking import _percentrank

    x = to_number(operands[1])
    digits = to_number(operands[2]) if len(operands) > 2 else 3.0
    if not isinstance(x, float) or not isinstance(digits, float) or not 1 <= digits <= 15:
        return False
    exact = _percentrank(operands[0], x, 15.0, node.name.endswith(".EXC"), node.name)
    if not isinstance(exact, float) or exact == 0:
        return False
    shown = Decimal(f"{exact:.15g}")  # rounded half up at the digits, as LibreOffice does
    unit = Decimal(1).scaleb(shown.adjusted() - int(digits) + 1)
    if close(float(shown.quantize(unit, rounding=ROUND_HALF_UP)), lo):
        return True
    return close(libreoffice_percentrank(operands[0], x, digits, node.name.endswith(".EXC")), lo)


def libreoffice_percentrank(data, x: float, digits: float, exclusive: bool) -> float | None:
    """PERCENTRANK as LibreOffice 7.4's ScPercentrank computes it: the rank
    (its GetPercentrank, interpolated) rounded on its binary value,
    round(rank * 10^-e) / 10^-e with e = approxFloor(log10(rank)) + 1 -
    digits (seed 9: 0.25 * 0.3/6 = 0.012499999999999999 is 0.012 at 2
    digits, measured, where its 15 digits 0.0125 would round to 0.013); None
    where it gives no number."""
    from sheetgd.engine.functions.ranking import _sorted

    nums = _sorted(data)
    if isinstance(nums, XLError) or not nums or not nums[0] <= x <= nums[-1]:
        return None
    n = len(nums)
    if n == 1:
        rank = 1.0
    elif x == nums[0]:
        rank = 1.0 / (n + 1) if exclusive else 0.0
    else:
        first = next(i for i, v in enumerate(nums) if v >= x)  # its i and nOldCount
        if nums[first] == x:
            rank = (first + 1) / (n + 1) if exclusive else first / (n - 1)
        else:
            fraction = (x - nums[first - 1]) / (nums[first] - nums[first - 1])
            rank = (first + fraction) / (n + 1) if exclusive else (first - 1 + fraction) / (n - 1)
    if rank == 0:
        return rank
    e = math.floor(float(f"{math.log10(rank):.15g}")) + 1 - math.floor(digits)
    scale = 10.0 ** -e
    return math.floor(rank * scale + 0.5) / scale


def _collinear(node, operands, sg, lo) -> bool:
    """A least-squares fit whose known_x's columns (with the constant) are
    linearly dependent, answered by sheetgd and refused by LibreOffice."""
    if not (isinstance(node, Call) and node.name in ("LINEST", "LOGEST", "TREND", "GROWTH")
            and len(operands) > 1 and isinstance(operands[1], (Array, float)) and _is(lo, "#VALUE!")
            and isinstance(sg, float)):
        return False
    import numpy as np

    ys, xs = (Array(((v,),)) if isinstance(v, float) else v for v in operands[:2])  # one cell
    if not isinstance(ys, Array) or not isinstance(xs, Array) \
            or not all(isinstance(v, float) for v in xs.flat()):
        return False
    x = np.array(xs.rows, dtype=float)
    if ys.width == 1 and ys.height > 1:
        design = x
    elif ys.height == 1 and ys.width > 1:
        design = x.T
    elif x.shape[0] == 1:  # one y, a row of x's: one observation of that many variables
        design = x
    else:
        design = x.reshape(-1, 1)
    at = 3 if node.name in ("TREND", "GROWTH") else 2  # the const argument (TRUE if left out)
    if len(operands) <= at or operands[at] is EMPTY or operands[at] not in (False, 0.0):
        design = np.hstack([np.ones((design.shape[0], 1)), design])
    return np.linalg.matrix_rank(design) < design.shape[1]


_FITS = ("LINEST", "LOGEST", "TREND", "GROWTH")


def _collinear_inside(node, sg, lo, host) -> bool:
    """An operation on a LINEST, LOGEST, TREND or GROWTH call (an array, so
    not a site of its own: INDEX of it, or TREND(...) in a sum, whose first
    value Excel 2019 takes), or on element-wise arithmetic of one (seed 7's
    ``(GROWTH({7,2},{-1,-1})*0.1+0.2-0.3)-DELTA(...)``: arrays all the way
    up, where LibreOffice's #VALUE! passes through), whose fit is collinear
    (:func:`_collinear`)."""
    if host is None or not isinstance(node, (Call, Binary)):
        return False
    fits = []

    def visit(n):
        n = strip(n)
        if isinstance(n, Call) and n.name in _FITS:
            fits.append(n)
        elif isinstance(n, Binary) and n.op in ("+", "-", "*", "/", "^"):
            visit(n.left)
            visit(n.right)
        elif isinstance(n, (Unary, Percent)):
            visit(n.operand)

    for a in (node.args if isinstance(node, Call) else (node.left, node.right)):
        visit(a)
    return any(_collinear(fit, [host.value(a) for a in fit.args], sg, lo) for fit in fits)


def _singular_inverse(node, sg, lo, host) -> bool:
    """LibreOffice's number where the site is, or holds, a MINVERSE of a
    matrix that sheetgd finds singular (its #NUM!, Excel's MINVERSE page):
    the MINVERSE itself, or an operation on it (INDEX of it, its SUM; an
    array, so not a site of its own)."""
    if not isinstance(lo, float) or host is None:
        return False
    calls = [n for n in walk(node) if isinstance(n, Call) and n.name == "MINVERSE"]
    return any(_singular_message(host.value(call)) for call in calls)


def _singular_message(value) -> bool:
    return isinstance(value, XLError) and value.kind == "#NUM!" \
        and (value.message or "").startswith("MINVERSE of a singular")


def _mode_ties(node, operands, sg, lo) -> bool:
    """MODE whose tied most frequent numbers hold sheetgd's answer (the first
    seen, row by row) and LibreOffice's (another of them)."""
    if not (isinstance(node, Call) and node.name in ("MODE", "MODE.SNGL")
            and isinstance(sg, float) and isinstance(lo, float)):
        return False
    from sheetgd.engine.functions.base import collect_numbers

    if len(operands) == len(node.args):  # a one-cell range's value as the range it is
        operands = [Array(((v,),)) if reference_like(a) and v is not None and not isinstance(v, Array)
                    else v for a, v in zip(node.args, operands)]  # (its text skipped: seed 7)
    nums = collect_numbers(operands)
    if isinstance(nums, XLError):
        return False
    counts: dict = {}
    for x in nums:
        counts[x] = counts.get(x, 0) + 1
    top = max(counts.values(), default=0)
    tied = [x for x, c in counts.items() if c == top]
    return top > 1 and len(tied) > 1 and sg == tied[0] and any(close(t, lo) for t in tied)


def _mode_mult_ties(node, operands, sg, lo) -> bool:
    """INDEX of MODE.MULT, whose modes (all tied) sheetgd lists in the order
    they first appear, row by row, and LibreOffice in another (seed 23:
    MODE.MULT({63.666;0.773619;-7},{7,3;0,0;15,3}) is {3;0}, LibreOffice
    7.4's {0;3}, measured: it reads the block column by column): sheetgd's
    answer is the mode at that place, LibreOffice's another of them."""
    if not (isinstance(node, Call) and node.name == "INDEX" and node.args
            and isinstance(strip(node.args[0]), Call) and strip(node.args[0]).name == "MODE.MULT"
            and len(operands) in (2, 3) and isinstance(operands[0], Array)
            and isinstance(operands[1], float) and operands[2:] in ([], [1.0])
            and isinstance(sg, float) and isinstance(lo, float)):
        return False
    modes, k = list(operands[0].flat()), int(operands[1])
    return (len(modes) > 1 and all(isinstance(m, float) for m in modes) and 1 <= k <= len(modes)
            and modes[k - 1] == sg and any(close(m, lo) for m in modes if m != sg))


def _dates(node, operands, sg, lo) -> bool:
    """A date outside Excel's 1900..9999 (sheetgd's #NUM! says so; LibreOffice
    has a date there, or its invalid-argument error), or DAYS of dates with a
    time of day: LibreOffice's answer is the plain difference of its operands."""
    if not isinstance(node, Call):
        return False
    if isinstance(sg, XLError) and sg.kind == "#NUM!" and (
            "between 1900 and 9999" in sg.message or "before 1900 or after 9999" in sg.message):
        return True
    if node.name == "DAYS" and len(operands) == 2 and isinstance(lo, float):
        firsts = (v.rows[0][0] if isinstance(v, Array) else v for v in operands)  # Excel 2019's
        end, start = (to_number(v) if v is not None else None for v in firsts)  # one value
        return isinstance(end, float) and isinstance(start, float) and close(end - start, lo)
    return False


def _two_numbers(node, operands):
    """The base and exponent of a power, as numbers; None where either is not one."""
    if not (isinstance(node, Binary) and node.op == "^" or isinstance(node, Call) and node.name == "POWER") \
            or len(operands) != 2:
        return None
    args = (node.left, node.right) if isinstance(node, Binary) else node.args
    a, b = (_single(arg, v) for arg, v in zip(args, operands))
    return (a, b) if isinstance(a, float) and isinstance(b, float) else None


def _single(arg, value):
    """An operand of a power as a number: an array that is no reference (a
    function's result: FREQUENCY({0},A7:A8)^0) by its first value, which a
    single-value formula shows in Excel and LibreOffice alike (seed 21's
    finding: 1+FREQUENCY({0},{20;0.08519})^0 is 2 in LibreOffice 7.4, 0^0
    being 1 there); a range (intersected with the cell) or an error: None."""
    if isinstance(value, Array):
        if reference_like(arg):
            return None
        value = value.rows[0][0]
    return to_number(value) if value is not None else None


def _power(node, operands, sg, lo) -> bool:
    ab = _two_numbers(node, operands)
    if ab is None:
        return False
    a, b = ab
    if a == 0 and b == 0:
        return _is(sg, "#NUM!") and lo == 1.0
    if a == 0 and b < 0:
        return _is(sg, "#DIV/0!") and _is(lo, "#NUM!")
    if a < 0 and b != math.floor(b) and _is(sg, "#NUM!") and isinstance(lo, float):
        inverse = 1 / b
        odd = abs(inverse - round(inverse)) < 1e-9 and round(inverse) % 2 == 1
        return odd and close(lo, -((-a) ** b))
    return False


_SMALLEST_NORMAL = 2.2250738585072014e-308


def _power_underflow(node, operands, sg, lo) -> bool:
    ab = _two_numbers(node, operands)
    if ab is None or not (ab[0] != 0 and isinstance(sg, float) and abs(sg) < _SMALLEST_NORMAL
                          and _is(lo, "#NUM!")):
        return False
    a, b = ab
    return b * math.log10(abs(a)) < math.log10(_SMALLEST_NORMAL)  # below the smallest normal double


def approximately_cancels(a: float, b: float) -> bool:
    """LibreOffice's rtl::math::approxSub(a, b) is 0: same sign, equal to 2^-48."""
    return ((a < 0 and b < 0) or (a > 0 and b > 0)) and a != b and abs(a - b) < abs(a) * 2.0 ** -48


def _approximate_subtraction(node, operands, sg, lo) -> bool:
    if not (isinstance(node, Binary) and node.op in "+-" and len(operands) == 2):
        return False
    a, b = (to_number(v) if v is not None and not isinstance(v, Array) else None for v in operands)
    if not (isinstance(a, float) and isinstance(b, float) and isinstance(sg, float) and lo == 0.0):
        return False
    b = -b if node.op == "+" else b
    return approximately_cancels(a, b) or _last_digit_apart(a, b)


def _last_digit_apart(a: float, b: float) -> bool:
    """Two numbers of one sign, each written with at most 15 significant
    digits (as LibreOffice writes a cell into a file) and one unit of the
    15th apart: the values LibreOffice subtracted may have been within 2^-48
    of each other (approxSub's 0)."""
    if a == b or (a > 0) != (b > 0) or a == 0 or b == 0:
        return False
    if float(f"{a:.15g}") != a or float(f"{b:.15g}") != b:
        return False
    unit = 10.0 ** (math.floor(math.log10(max(abs(a), abs(b)))) - 14)
    return abs(a - b) <= 1.000001 * unit


_COMPARISON_TESTS = {"=": lambda c: c == 0, "<>": lambda c: c != 0, "<": lambda c: c < 0,
                     ">": lambda c: c > 0, "<=": lambda c: c <= 0, ">=": lambda c: c >= 0}


def _comparison_rounding(node, operands, sg, lo) -> bool:
    """A comparison operator on two numbers (an empty cell is 0 in both)
    where sheetgd's answer is Excel's (both rounded to 15 significant
    digits) and redoing it with LibreOffice's approxEqual gives
    LibreOffice's answer."""
    if not (isinstance(node, Binary) and node.op in _COMPARISON_TESTS and len(operands) == 2):
        return False
    a, b = (0.0 if v is EMPTY else v for v in operands)
    if not all(isinstance(v, float) and not isinstance(v, bool) for v in (a, b)):
        return False
    test = _COMPARISON_TESTS[node.op]
    return (isinstance(sg, bool) and sg == test(compare_rounded(a, b))
            and _reproduces(test(libreoffice_compare(a, b)), lo) and not _reproduces(sg, lo))


_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:E[+-]?\d+)?", re.IGNORECASE)


def same_spelled_numbers(a: str, b: str) -> bool:
    """Two texts that differ only in how the numbers inside them are written."""
    if a == b:
        return False
    parts_a, parts_b = _NUMBER.split(a), _NUMBER.split(b)
    nums_a, nums_b = _NUMBER.findall(a), _NUMBER.findall(b)
    if parts_a != parts_b or len(nums_a) != len(nums_b):
        return False
    return all(_same_spelled(x, y) for x, y in zip(nums_a, nums_b))


def _concatenation_spelled(node, operands, lo: str) -> set:
    """``a&b`` whose text LibreOffice spells with other digits for a number
    operand (and 1/0 for a logical one): some split of its text gives each
    operand.  The categories involved, or an empty set."""
    if not (isinstance(node, Binary) and node.op == "&" and len(operands) == 2):
        return set()
    left, right = operands

    def spells(piece: str, value):
        """The categories under which ``piece`` spells ``value``, or None."""
        if isinstance(value, bool):
            if piece == ("TRUE" if value else "FALSE"):
                return set()
            return {"booleans"} if piece == ("1" if value else "0") else None
        if isinstance(value, float):
            if _NUMBER.fullmatch(piece) and _same_spelled(piece, number_to_text(value)):
                return set() if piece == number_to_text(value) else {"number-format"}
            return None
        return set() if isinstance(value, str) and piece == value else None

    for k in range(len(lo) + 1):
        a, b = spells(lo[:k], left), spells(lo[k:], right)
        if a is not None and b is not None and "number-format" in a | b:
            return a | b
    return set()


def _same_spelled(x: str, y: str) -> bool:
    """Two spellings of one number: equal within the fuzz tolerance, or within
    half a unit of the last digit either shows (0.00000000000184784689 is
    1.84784688606973E-12 in 20 decimals); a zero is only a zero."""
    a, b = Decimal(x), Decimal(y)
    if (a == 0) != (b == 0):
        return False
    unit = max(Decimal(1).scaleb(a.as_tuple().exponent), Decimal(1).scaleb(b.as_tuple().exponent))
    return abs(a - b) <= max(Decimal("1e-9") * max(abs(a), abs(b)), unit / 2 * Decimal("1.000001"))


def _another_argument_error(node, operands, sg, lo) -> bool:
    """A SUM-like function whose arguments hold several errors: LibreOffice
    reports another of them than the first (it takes arguments from the last
    one and sums ranges vectorised); typed text counts as #VALUE! there."""
    if not (isinstance(node, Call) and node.name in AGGREGATES - {"COUNT", "COUNTA"}):
        return False
    kinds = set()
    for sub, value in zip(node.args, operands):
        if isinstance(value, XLError):
            kinds |= _kinds(value)
        elif isinstance(value, Array):
            kinds.update(k for v in value.flat() if isinstance(v, XLError) for k in _kinds(v))
        elif isinstance(strip(sub), Text):
            kinds.add("#VALUE!")
    return sg.kind in kinds and lo.kind in kinds and len(kinds) > 1


def _kinds(error: XLError) -> set:
    """The kinds an error has in the two spreadsheets: its own, and #VALUE!
    for an invalid-argument error (LibreOffice's Err:502)."""
    kinds = {error.kind}
    if any(error.message.startswith(msg) for _, msg in INVALID_ARGUMENT):
        kinds.add("#VALUE!")
    return kinds


#: Approximate lookups: the position of the match mode argument, and the
#: entries searched (VLOOKUP's first column, HLOOKUP's first row, LOOKUP's
#: first row of an array wider than tall, else its first column).
_APPROXIMATE_LOOKUPS = {
    "MATCH": (2, lambda a: a),
    "VLOOKUP": (3, lambda a: Array(tuple((row[0],) for row in a.rows))),
    "HLOOKUP": (3, lambda a: Array((a.rows[0],))),
    "LOOKUP": (99, lambda a: Array((a.rows[0],)) if a.width > a.height else Array(tuple((row[0],) for row in a.rows))),
}


def _match_unsorted(node, operands, lo) -> bool:
    """Approximate MATCH (VLOOKUP, HLOOKUP, LOOKUP) on data that is not
    sorted (both spreadsheets document the result as undefined; sheetgd
    follows Excel's binary search) and LibreOffice answering #N/A or another
    position."""
    if not (isinstance(node, Call) and node.name in _APPROXIMATE_LOOKUPS and len(operands) >= 2):
        return False
    mode_at, keys = _APPROXIMATE_LOOKUPS[node.name]
    mode = to_number(operands[mode_at]) if len(operands) > mode_at else 1.0
    if not isinstance(mode, float) or mode == 0 or not isinstance(operands[1], Array) or \
            not (_is(lo, "#N/A") or isinstance(lo, float) or node.name != "MATCH"):
        return False
    items = [v for v in keys(operands[1]).flat() if v is not EMPTY and not isinstance(v, XLError)]
    step = 1 if mode > 0 else -1
    value = operands[0]
    mixed = any(_kind(v) != _kind(value) for v in items)  # sheetgd steps over other types
    # not sorted in Excel's order (numbers < text < booleans, text without case)?
    return mixed or any(compare(a, b) * step > 0 for a, b in zip(items, items[1:]))


def _kind(v) -> str:
    return "bool" if isinstance(v, bool) else "text" if isinstance(v, str) else "number"


def _reproduces(value, lo) -> bool:
    """``value`` (a LibreOffice-style redo) is LibreOffice's answer, reading
    booleans as the numbers LibreOffice stores."""
    if value is None:
        return False
    a = float(value) if isinstance(value, bool) else value
    b = float(lo) if isinstance(lo, bool) else lo
    return close(a, b)


def _is(v, kind: str) -> bool:
    return isinstance(v, XLError) and v.kind == kind


# --- explaining the disagreeing formulas of one workbook --------------------------------

@dataclass
class Local:
    """A site where sheetgd, given the operand values both engines agree on,
    answers differently from LibreOffice."""

    text: str
    operands: list
    sheetgd: object
    libreoffice: object
    category: str | None = None
    note: str = ""


def explain(plan, lo: dict, own: dict, host_of, evaluate) -> dict:
    """Local disagreements of each formula: {row: [Local]}.

    ``plan``: [(row, root node, sites)] with each site's column set;
    ``lo``/``own``: LibreOffice's and sheetgd's value of each site cell
    {(row, col): value}; ``host_of(row)``: a :class:`Host` for the formula's
    cell; ``evaluate(cells, booleans_as_numbers)``: sheetgd's values of
    {(row, col): formula text} in a workbook with the same data block.
    """
    jobs, operand_keys = [], {}
    for row, root, found in plan:
        by_path = {s.path: s for s in found}
        for site in found:
            host = host_of(row)
            host.cell_col = site.col
            agreed = libre = nudged = site.node
            for p in site.operands:
                key = (row, by_path[p].col)
                lo_v, sg_v = lo[key], own[key]
                rel = p[len(site.path):]
                use = sg_v if close(lo_v, sg_v) else lo_v
                agreed = replace(agreed, rel, Paren(literal(use)))
                libre = replace(libre, rel, Paren(literal(lo_v)))
                nudged = replace(nudged, rel, Paren(literal(_nudge(use))))
            jobs.append((row, site, {"agreed": agreed, "libre": libre, "nudged": nudged,
                                     "written": site.node}, host))
            operand_keys[(row, site.col)] = [(row, by_path[p].col) for p in site.operands]
    results = {}
    for base in ("agreed", "libre", "written", "nudged"):
        for name, variant in VARIANTS.items():
            if base == "nudged" and name != "plain":
                continue
            texts = {}
            for row, site, nodes, host in jobs:
                node = site.node if variant.as_written else nodes[base]
                texts[(row, site.col)] = site_formula(site, variant.transform(node, host), row)
            results[(base, name)] = evaluate(texts, variant.booleans, variant.array)
    out: dict = {}
    for row, site, nodes, host in jobs:
        agreed, libre = nodes["agreed"], nodes["libre"]
        key = (row, site.col)
        lo_v, sg = lo[key], results[("agreed", "plain")][key]
        if close(lo_v, sg):
            continue
        text = render(site.node, row, 1)
        loc = Local(text, operand_values(agreed, host), sg, lo_v)
        loc.category = classify(site.node, loc.operands, sg, lo_v,
                                lambda how: results[("agreed", how)][key])
        if loc.category is None:
            # From LibreOffice's own operand values: does this operation then agree,
            # or differ in a known way?  Then the operands' small difference is the
            # cause, and one of them must be a known one.
            sg_libre = results[("libre", "plain")][key]
            then = "agree" if close(lo_v, sg_libre) else classify(
                site.node, operand_values(libre, host), sg_libre, lo_v,
                lambda how: results[("libre", how)][key])
            if then is not None:
                cause = _small_cause(site, row, plan, lo, own, host)
                if cause is not None:
                    loc.category = cause
                    loc.note = f"an operand is {cause}" + ("" if then == "agree" else f", then {then}")
                else:
                    loc.note = "magnifies a last-digit difference of its operands"
                    if then == "agree" and _last_digits_apart(
                            [(lo[k], own[k]) for k in operand_keys[key]]):
                        loc.category = "float-rounding"
            elif _within_rounding(sg, (sg_libre, results[("nudged", "plain")][key]), lo_v):
                loc.category = "float-rounding"
                loc.note = "magnifies a last-digit difference of its operands"
        if loc.category is None:
            # The whole subexpression as written, redone the LibreOffice way (where an
            # operand's value could not stand in for it, e.g. IF giving a range)
            sg_written = results[("written", "plain")][key]
            loc.category = classify(site.node, operand_values(site.node, host), sg_written, lo_v,
                                    lambda how: results[("written", how)][key], host)
            if loc.category is not None:
                loc.note = "redone as written"
        out.setdefault(row, []).append(loc)
    return out


def _nudge(value):
    """A number moved by half a unit of its 15th digit (the precision of the
    values LibreOffice writes into a file)."""
    if not isinstance(value, float) or isinstance(value, bool) or value == 0 or not math.isfinite(value):
        return value
    return value + 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - 14)


def _within_rounding(sg, others, lo) -> bool:
    """Numbers whose difference is no larger than the change the operands'
    last digits make (sheetgd from LibreOffice's 15-digit operands, or from
    operands moved by half a unit of their 15th digit)."""
    values = (sg, lo) + tuple(others)
    if not all(isinstance(v, float) and not isinstance(v, bool) for v in values):
        return False
    sensitivity = max(abs(sg - v) for v in others)
    # four times: the operands' own changes may add up where the nudge, all one way, cancels
    return sensitivity > 0 and abs(sg - lo) <= 4 * sensitivity


def _last_digits_apart(pairs) -> bool:
    """(LibreOffice's, sheetgd's) values of a site's operands: numbers, some
    of them different, none by more than 1E-12 of its size (their last
    digits: another order of operations, another iteration's last step)."""
    if not pairs or not all(isinstance(a, float) and isinstance(b, float)
                            and not isinstance(a, bool) and not isinstance(b, bool) for a, b in pairs):
        return False
    return any(a != b for a, b in pairs) and all(
        abs(a - b) <= 1e-12 * max(abs(a), abs(b)) for a, b in pairs)


def _small_cause(site, row, plan, lo, own, host) -> str | None:
    """The known category of a small operand difference below ``site``: a sum
    or difference that LibreOffice rounded to 0."""
    for r, root, found in plan:
        if r != row:
            continue
        by_path = {s.path: s for s in found}
        below = [s for s in found if s.path[:len(site.path)] == site.path and s is not site]
        for op in below:
            key = (row, op.col)
            lo_v, sg_v = lo[key], own[key]
            if lo_v == 0.0 and isinstance(sg_v, float) and sg_v != 0.0:
                node = op.node
                for q in op.operands:
                    node = replace(node, q[len(op.path):], Paren(literal(own[(row, by_path[q].col)])))
                if _approximate_subtraction(strip(op.node), operand_values(node, host), sg_v, lo_v):
                    return "approximate-subtraction"
    return None
