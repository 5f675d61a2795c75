"""Comparisons as Excel makes them (project issue 13, part 3).

The comparison operators ``= <> < > <= >=`` round both numbers to 15
significant digits just for the comparison; MATCH (like VLOOKUP and the other
lookups) compares the exact binary values.  joeu2004 describes both on
Microsoft Q&A (https://learn.microsoft.com/en-us/answers/a/11355118: "For
comparison operators (e.g. "="), Excel rounds both operands to 15
significant digit internally just for the purpose of the comparison ...
for match and lookup functions (and others), Excel compares the exact binary
value"), on MrExcel
(https://www.mrexcel.com/board/threads/formula-if-cell-cell-0-error-ok-just-works-with-some-numbers.1149146/)
and on the Microsoft Tech Community
(https://techcommunity.microsoft.com/discussions/excelgeneral/mysterious-bug-on-excel-calculation-on-a-vlookup/2413626).
Text compares case-insensitively, by lower case, not by Unicode case
folding; text is read as a number with ASCII digits only.

Every expected value below is Excel's, from those reports or from the rule
they state; LibreOffice, which compares with a relative 2^-48 instead
(rtl::math::approxEqual), answers some of them otherwise (noted).
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheetgd.engine.values import EMPTY, Array, compare, compare_rounded, round_15_digits, text_key

from .conftest import calc, is_error

# --- numbers: rounded to 15 significant digits, just for the comparison -----------------


@pytest.mark.parametrize("formula,expected", [
    ("=0.1+0.2=0.3", True),      # 0.30000000000000004 is 0.300000000000000
    ("=0.1+0.2<>0.3", False),
    ("=0.1+0.2>0.3", False),
    ("=0.1+0.2<=0.3", True),
    ("=0.3=0.1+0.2", True),
    ("=IF(0.1+0.2=0.3,1,0)", 1.0),
])
def test_a_sum_of_decimals_equals_its_decimal(formula, expected):
    """Excel: IF(0.1+0.2=0.3;1;0) gives 1
    (https://stackoverflow.com/questions/58452176/how-can-0-2-0-1-be-equal-to-0-3-in-excel);
    the operands are rounded to 15 digits before the comparison."""
    assert calc(formula) == expected


@pytest.mark.parametrize("formula,expected", [
    ("=A1=109.5", True), ("=A1>=109.5", True), ("=A1<=109.5", True),
    ("=A1<109.5", False), ("=A1>109.5", False), ("=A1<>109.5", False),
])
def test_a_quotient_in_a_cell_equals_its_decimal(formula, expected):
    """A1 ``=21.9/0.2`` is 109.49999999999999 (the exact quotient of the
    binary values), 109.500000000000 at 15 digits: Excel says equal, and so
    not less (issue 13)."""
    assert 21.9 / 0.2 != 109.5  # the binary quotient really is off
    assert calc(formula, {"A1": "=21.9/0.2"}) == expected


@pytest.mark.parametrize("formula,expected", [
    ("=0.1=(1.2-1.1)", False),   # 0.09999999999999987 is 0.0999999999999999 at 15 digits
    ("=0.1<>(1.2-1.1)", True),
    ("=(1.2-1.1)<0.1", True),
    ("=(1.2-1.1)<=0.1", True),
    ("=(1.2-1.1)>=0.1", False),
    ("=10.1-10=0.1", False),     # 0.0999999999999996447...
    ("=10.01-10=0.01", False),   # 0.00999999999999978...
])
def test_a_difference_visible_at_15_digits_is_not_equal(formula, expected):
    """Excel: ``IF(10.1-10=0.1,TRUE)`` is FALSE: 10.1-10 is
    0.0999999999999996,447... and the difference is visible in 15 digits
    (https://excelforum.com/excel-general/1014829-compare-numbers-with-difference-vs-if.html);
    ``IF(10.01-10=0.01,TRUE)`` FALSE (joeu2004 on MrExcel, thread above).
    LibreOffice says ``=0.1=(1.2-1.1)`` is TRUE (its approxEqual)."""
    assert calc(formula) == expected


@pytest.mark.parametrize("formula,expected", [
    ("=-0.1-0.2=-0.3", True),
    ("=-(0.1+0.2)<-0.3", False),
    ("=-(0.1+0.2)>=-0.3", True),
    ("=-(1.2-1.1)=-0.1", False),
    ("=-(1.2-1.1)>-0.1", True),   # -0.0999999999999999 > -0.1
    ("=-A1=-109.5", True),
])
def test_negative_numbers_round_the_same_way(formula, expected):
    """Rounding to 15 significant digits is symmetric about 0."""
    assert calc(formula, {"A1": "=21.9/0.2"}) == expected


@pytest.mark.parametrize("formula,expected", [
    ("=0=0.5-0.4-0.1", False),    # -2.77555756156289E-17 keeps its 15 digits
    ("=0.5-0.4-0.1<0", True),
    ("=1E-300=0", False),
    ("=1E-300>0", True),
    ("=-1E-300<0", True),
])
def test_digits_are_significant_not_decimal_places(formula, expected):
    """Excel: ``=0=0.5-0.4-0.1`` is FALSE when typed in one cell
    (https://forum.bebac.at/forum_entry.php?id=22128): a tiny number is not
    rounded to 0, its own 15 significant digits are kept."""
    assert calc(formula) == expected


def test_large_and_small_magnitudes():
    """15 significant digits at any exponent."""
    assert calc("=1E+300*(0.1+0.2)=3E+299") is True
    assert calc("=1E-300*(0.1+0.2)=3E-301") is True
    assert calc("=1E+300*(1.2-1.1)=1E+299") is False
    assert calc("=1.7976931348623157E+308>1.7976931348623155E+308") is False  # both 1.79769313486232E+308
    assert calc("=1E15+1=1E15") is True  # 1000000000000001: its 16th digit is rounded off
    assert calc("=1E15+10=1E15") is False  # 1.00000000000001E+15 differs


def test_a_16th_digit_of_an_integer_is_rounded_off():
    """2^53 and 2^53+2 are 9007199254740992 and ...994: both 9.00719925474099E+15."""
    assert calc("=2^53=2^53+2") is True
    assert calc("=2^53<2^53+2") is False
    assert calc("=2^53=2^53+8") is False  # ...7000 rounds up: 9.00719925474100E+15


def test_computed_cells_compare_like_literals():
    """The rounding is of the operands, wherever they come from."""
    cells = {"A1": "=0.1", "A2": "=0.2", "A3": "=A1+A2", "B1": 0.3}
    assert calc("=A3=B1", cells) is True
    assert calc("=A3-B1=0", cells) is False  # the difference itself is 5.55E-17
    assert calc("=AND(A3>=B1,A3<=B1)", cells) is True


def test_arrays_compare_element_by_element_with_rounding():
    assert calc("=SUMPRODUCT(--({0.3,0.1,0.7}=0.1+{0.2,0,0.6}))") == 3.0


def test_comparison_of_an_error_is_the_error():
    assert is_error(calc("=1/0=0.3"), "#DIV/0!")
    assert is_error(calc("=0.3=NA()"), "#N/A")


# --- lookups: exact binary values --------------------------------------------------------


def test_match_exact_on_a_computed_decimal_is_not_found():
    """B1 ``=1-0.99`` is 0.010000000000000009: ``=B1=0.01`` is TRUE, but
    MATCH compares the exact value and finds nothing (Excel: #N/A,
    https://learn.microsoft.com/en-us/answers/a/11355118).  LibreOffice
    finds it (1): its range lookup uses approxEqual."""
    cells = {"B1": "=1-0.99"}
    assert calc("=B1=0.01", cells) is True
    assert is_error(calc("=MATCH(0.01,B1,0)", cells), "#N/A")
    assert calc("=MATCH(ROUND(B1,2),B2:B3,0)", {"B1": "=1-0.99", "B2": 0.5, "B3": 0.01}) == 2.0


def test_match_of_a_difference_and_its_decimal():
    """joeu2004: with ``=10.1-10`` in A1 and 0.1 in A2, ``MATCH(A1,A2,0)``
    is #N/A and ``MATCH(ROUND(A1,2),A2,0)`` is 1
    (https://www.excelbanter.com/1616279-post3.html)."""
    cells = {"A1": "=10.1-10", "A2": 0.1}
    assert is_error(calc("=MATCH(A1,A2,0)", cells), "#N/A")
    assert calc("=MATCH(ROUND(A1,2),A2,0)", cells) == 1.0


def test_match_both_modes_see_the_exact_value_the_operator_rounds():
    """joeu2004: A1 ``=(1001/1E6)*1E6`` is 1000.9999999999998863...;
    ``MATCH(A1,A2,0)`` and ``MATCH(A1,A2,1)`` with 1001 in A2 are both #N/A
    (same post), while ``=A1=A2`` rounds to 1001.00000000000: TRUE."""
    cells = {"A1": "=(1001/1E6)*1E6", "A2": 1001}
    assert is_error(calc("=MATCH(A1,A2,0)", cells), "#N/A")
    assert is_error(calc("=MATCH(A1,A2,1)", cells), "#N/A")
    assert calc("=A1=A2", cells) is True


def test_approximate_match_of_a_value_a_hair_below_a_step():
    """0.99999999999999989 shows as 100% and equals 1 to the operators, but
    VLOOKUP(...,TRUE) -- the same binary search as MATCH(...,1) -- returns
    the 95% row: the exact value is below 1 (Tech Community thread above)."""
    cells = {"A1": 0.99999999999999989, "B1": 0.9, "B2": 0.95, "B3": 1}
    assert calc("=A1=1", cells) is True
    assert calc("=MATCH(A1,B1:B3,1)", cells) == 2.0
    assert calc("=MATCH(1.2-1.1,{0.05,0.1,0.2},1)") == 1.0  # 0.09999999999999987 < 0.1


def test_values_compare_keeps_exact_numbers():
    """values.compare is MATCH's: exact; compare_rounded is the operators'."""
    assert compare(0.1 + 0.2, 0.3) == 1 and compare_rounded(0.1 + 0.2, 0.3) == 0
    assert compare(1.2 - 1.1, 0.1) == -1 and compare_rounded(1.2 - 1.1, 0.1) == -1
    assert compare(1 - 0.99, 0.01) == 1 and compare_rounded(1 - 0.99, 0.01) == 0


# --- text: case-insensitive by lower case --------------------------------------------------


@pytest.mark.parametrize("formula,expected", [
    ('="A"="a"', True), ('="Ant"="ant"', True), ('="ABC"<"abd"', True),
    ('="ß"="ss"', False), ('="ß"<>"ss"', True), ('="Straße"="STRASSE"', False),
    ('="ΣΑΣ"="σασ"', True), ('="É"="é"', True),
])
def test_text_compares_without_case_but_is_not_case_folded(formula, expected):
    """Excel's ``=`` ignores case (``="Ant"="ant"`` is TRUE; EXACT is the
    case-sensitive test: https://exceluser.com/6116/a-two-part-excel-puzzle-with-arrays-text-ascii-and-concatenation/);
    it lower-cases letters but does not apply Unicode case folding, which
    would turn ``ß`` into ``ss`` (issue 13; LibreOffice agrees: FALSE)."""
    assert calc(formula) == expected


def test_text_key_is_one_character_for_one():
    assert text_key("ß") == "ß" and text_key("SS") == "ss"
    assert text_key("ΣΑΣ") == "σασ"  # str.lower gives "σας" (a final sigma)
    assert text_key("İ") == "i" and len(text_key("Aİb")) == 3


@pytest.mark.parametrize("formula,expected", [
    ("=1E+300<\"\"", True), ('="zzz"<FALSE', True), ("=TRUE>1E+300", True),
    ("=A1=0", True), ('=A1=""', True), ("=A1=FALSE", True), ("=A1<0.1+0.2", True),
])
def test_numbers_before_text_before_logicals_and_empty_as_zero(formula, expected):
    """Excel's order: numbers < text < logical values; an empty cell is the
    other side's zero value (0, "" or FALSE)."""
    assert calc(formula) == expected


# --- text read as a number: ASCII digits only --------------------------------------------


@pytest.mark.parametrize("text", [
    "\u0661\u0662",   # Arabic-Indic ١٢
    "\uff11",          # full-width １
    "\u0967",          # Devanagari १
    "12\u00a0",        # a no-break space after the digits
    "\u00a012",
    "\u00ad5",         # a soft hyphen as minus sign
    "\u22125",         # the Unicode minus sign
])
def test_text_with_digits_or_spaces_outside_ascii_is_not_a_number(text):
    """Excel reads ASCII digits only: ``"١٢"+0`` and ``"１"+0`` are #VALUE!
    (issue 13); a no-break space (CHAR(160), from web pages) makes the text
    #VALUE! in arithmetic
    (https://domainwebcenter.com/problem-solved-cant-convert-number-into-a-string-in-excel/),
    and only the ASCII hyphen is a minus sign
    (https://excelforum.com/excel-general/1400474-problem-with-converting-scientific-notation-as-text-to-numbers.html)."""
    assert is_error(calc(f'="{text}"+0'), "#VALUE!")


def test_ascii_digits_and_spaces_still_read():
    assert calc('=" 12 "+0') == 12.0
    assert calc('="-1,000.5"*2') == -2001.0


# --- the rounding itself ------------------------------------------------------------------


@pytest.mark.parametrize("x,digits", [
    (0.1 + 0.2, "0.300000000000000"),
    (1.2 - 1.1, "0.0999999999999999"),
    (-(1.2 - 1.1), "-0.0999999999999999"),
    (21.9 / 0.2, "109.500000000000"),
    (0.0, "0"),
    (2.0 ** 53, "9.00719925474099E+15"),
    (1.7976931348623157e308, "1.79769313486232E+308"),
    (5e-324, "4.94065645841247E-324"),
    (1e14 + 0.5, "100000000000001"),       # a tie: away from zero
    (-(1e14 + 0.5), "-100000000000001"),
    (1e15 + 5, "1.00000000000001E+15"),
])
def test_round_15_digits_of_the_exact_binary_value(x, digits):
    assert round_15_digits(x) == Decimal(digits)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_round_15_digits_is_correct_rounding_of_the_exact_value(x):
    """Agrees with Python's correctly rounded formatting (which breaks ties
    to even) except on exact ties, and keeps 15 digits."""
    got = round_15_digits(x)
    exact = Decimal(x)
    reference = Decimal(f"{x:.14e}")
    if got != reference:  # only a tie may differ
        assert abs(exact - got) == abs(exact - reference)
    assert len(got.as_tuple().digits) <= 15


def _nearby(x: float, steps: int) -> float:
    for _ in range(abs(steps)):
        x = math.nextafter(x, math.inf if steps > 0 else -math.inf)
    return x


@given(st.floats(allow_nan=False, allow_infinity=False, allow_subnormal=True),
       st.integers(-80, 80), st.floats(allow_nan=False, allow_infinity=False))
def test_compare_rounded_is_the_order_of_the_rounded_values(x, steps, y):
    """The shortcut for numbers far apart gives what full rounding gives."""
    for a, b in ((x, _nearby(x, steps)), (x, y), (x, x * (1 + 1e-14)), (x, x * (1 - 9e-15))):
        if not math.isfinite(b):
            continue
        ra, rb = round_15_digits(a), round_15_digits(b)
        assert compare_rounded(a, b) == (ra > rb) - (ra < rb)
        assert compare_rounded(b, a) == -compare_rounded(a, b)


def test_compare_rounded_of_empty_and_zero():
    assert compare_rounded(EMPTY, 0.0) == 0 and compare_rounded(EMPTY, -0.0) == 0
    assert compare_rounded(EMPTY, 1e-300) == -1


# --- the fuzzer's classifier: Excel's rounding against LibreOffice's approxEqual ---------

CLASSIFIER_CASES = [
    # (site, operands, sheetgd (Excel), LibreOffice, category or None)
    ("=A1=B1", [0.1, 1.2 - 1.1], False, True, "comparison-rounding"),
    ("=A1<B1", [1.2 - 1.1, 0.1], True, False, "comparison-rounding"),
    ("=A1>=B1", [1.2 - 1.1, 0.1], False, True, "comparison-rounding"),
    ("=A1=B1", [0.1 + 0.2, 0.300000000000001], False, True, "comparison-rounding"),
    ("=A1<>B1", [-0.73, -0.730000000000001], True, False, "comparison-rounding"),
    # both 1.00000000000000 at 15 digits, 5.4E-15 apart: more than LibreOffice's 2^-48
    ("=A1=B1", [0.99999999999999951, 1.0000000000000049], True, False, "comparison-rounding"),
    # integers below 2^53 are equal only when they are, in LibreOffice
    ("=A1=B1", [1e15 + 1, 1e15], True, False, "comparison-rounding"),
    ("=A1=B1", [None, 1e-300], False, True, None),             # nothing approxEqual to 0 but 0
    ("=A1=B1", [0.1, 0.2], False, True, None),                 # LibreOffice cannot say so
    ("=A1=B1", [0.1, 1.2 - 1.1], True, False, None),           # sheetgd not at Excel's rule
    ("=A1=B1", [True, 1.0000000000000002], False, True, None),  # a logical value: not this
    ("=A1=B1", ["0.1", 1.2 - 1.1], False, True, None),
    ("=A1+B1", [0.1, 1.2 - 1.1], 0.19999999999999987, 0.2, None),
]


@pytest.mark.parametrize("text,operands,sg,lo,category", CLASSIFIER_CASES,
                         ids=[f"{c[0]}{c[1]}->{c[4]}" for c in CLASSIFIER_CASES])
def test_the_fuzzer_recognises_comparison_rounding_and_nothing_else(text, operands, sg, lo, category):
    from sheetgd.engine.parser import parse

    from .fuzz_explain import classify

    operands = [EMPTY if v is None else v for v in operands]
    assert classify(parse(text), operands, sg, lo, lambda how: None) == category


def test_libreoffice_approx_equal_as_its_source_computes_it():
    """rtl::math::approxEqual (sal/rtl/math.cxx): relative 2^-48, never
    across 0, integers below 2^53 exact."""
    from .fuzz_redo import approx_equal, libreoffice_compare

    assert approx_equal(0.1, 1.2 - 1.1) and approx_equal(0.1 + 0.2, 0.3)
    assert approx_equal(1.0, 1.0 + 2.0 ** -49) and not approx_equal(1.0, 1.0 + 2.0 ** -47)
    assert not approx_equal(1e15, 1e15 + 1) and approx_equal(1e15, 1e15 + 0.125)
    assert approx_equal(0.0, -0.0) and not approx_equal(1e-300, -1e-300)
    assert not approx_equal(1e-300, 0.0) and not approx_equal(1e308, -1e308)
    assert libreoffice_compare(1.2 - 1.1, 0.1) == 0 and libreoffice_compare(0.1, 0.2) == -1


def test_the_fuzzer_gives_an_inner_site_its_own_cell_in_parentheses():
    """A subexpression computed in a cell of its own must keep the value it
    has inside the formula: in parentheses it is not the cell's last
    operation (Excel sets a last addition or subtraction that nearly cancels
    to 0, KB 78113; ``=(0.5-0.4-0.1)`` keeps -2.78E-17)."""
    from sheetgd.engine.parser import parse

    from .fuzz_lo import sheetgd_book
    from .fuzz_tree import Host, site_formula, sites

    book = sheetgd_book({}, {})
    found = sites(parse("=SIGN(0.1+0.2-0.3)", 5, 1), Host(book, "s", 5))
    assert [site_formula(s, s.node, 5) for s in found] == [
        "=SIGN(0.1+0.2-0.3)", "=(0.1+0.2-0.3)", "=(0.1+0.2)"]
    assert calc("=(0.1+0.2-0.3)") == 0.1 + 0.2 - 0.3 != 0


def test_the_fuzzer_categories_found_by_the_new_draws():
    """Two classifier gaps the decimal-comparison draws shifted into view
    (seeds 2 and 6 of ``make fuzz``): LibreOffice's PRODUCT takes the
    arguments from the last but reads a range forward, column by column, so
    PRODUCT(A1:C5,1E300) overflows before the 0 in C4 (Excel: 0); and
    INDEX({1,2.5},1,0) in VAR.S is a position *and* the booleans of an
    array constant count there."""
    from sheetgd import XLError
    from sheetgd.engine.parser import parse

    from .fuzz_explain import classify

    grid = Array(((3.0, -34.475, -13.0), (7.0, 0.025587, 45.677), (-12.0, -92.707, -11.0),
                  (0.293746, 3.0, 0.0), (-9.0, 13.0, 0.388744)))
    node = parse("=PRODUCT(A1:C5,B7)")
    assert classify(node, [grid, 1e300], 0.0, XLError("#NUM!"), lambda how: None) == "argument-order"
    assert classify(node, [grid, 1.0], 0.0, XLError("#NUM!"), lambda how: None) is None
    node = parse("=VAR.S(A1:A3,INDEX({1,2.5},1,0),{FALSE,-1;0,FALSE})")
    redone = {"index-vector+booleans": 638.502885858745}
    assert classify(node, [None, None, None], 709.16205214609, 638.502885858745,
                    redone.get) == "booleans+index-vector"
