"""Math & trig rows of the function table: criteria aggregates (COUNTIF ...),
matrices, trigonometry, multiples, combinatorics, numerals, SUBTOTAL and
AGGREGATE, SEQUENCE, database functions.

Expected values are Excel's: the examples of each function's page on
support.microsoft.com (their data laid out in columns R, S and T), and for
the transcendental functions the double nearest the exact value (the
documentation shows them rounded to a few digits).  Error rows follow the
documented error of each bad input.
"""

from __future__ import annotations

import math

E = "error:"


def _column(col: str, first: int, values) -> dict:
    return {f"{col}{first + i}": v for i, v in enumerate(values) if v is not None}


DATA: dict = {}
# SUMIF, example 2: category, food, sales (R4 is empty)
DATA |= _column("R", 1, ["Vegetables", "Vegetables", "Fruits", None, "Vegetables", "Fruits"])
DATA |= _column("S", 1, ["Tomatoes", "Celery", "Oranges", "Butter", "Carrots", "Apples"])
DATA |= _column("T", 1, [2300, 5500, 800, 400, 4200, 1200])
# SUMIF and AVERAGEIF, example 1: property values, commissions; T8 a threshold
DATA |= _column("R", 8, [100000, 200000, 300000, 400000])
DATA |= _column("S", 8, [7000, 14000, 21000, 28000])
DATA["T8"] = 250000
# COUNTIF: fruit and amounts; T13 the text "75", T14 TRUE, T15 an error, T16 ""
DATA |= _column("R", 13, ["apples", "oranges", "peaches", "apples"])
DATA |= _column("S", 13, [32, 54, 75, 86])
DATA |= _column("T", 13, ["75", True, "=1/0", '=""'])
# AVERAGEIF, example 2: regions and profits
DATA |= _column("R", 18, ["East", "West", "North", "South (New Office)", "MidWest"])
DATA |= _column("S", 18, [45678, 23789, -4789, 0, 9678])
# SUMIFS: quantity sold, product, salesperson
DATA |= _column("R", 24, [5, 4, 15, 3, 22, 12, 10, 33])
DATA |= _column("S", 24, ["Apples", "Apples", "Artichokes", "Artichokes", "Bananas", "Bananas",
                          "Carrots", "Carrots"])
DATA |= _column("T", 24, ["Tom", "Sarah", "Tom", "Sarah", "Tom", "Sarah", "Tom", "Sarah"])
# COUNTIFS: 1..6; MAXIFS and MINIFS: grades and weights
DATA |= _column("R", 33, [1, 2, 3, 4, 5, 6])
DATA |= _column("S", 33, [89, 93, 96, 85, 91, 88])
DATA |= _column("T", 33, [1, 2, 2, 3, 1, 1])
# The database functions' orchard, in two three-column tables (profit, yield)
_TREES = ["Apple", "Pear", "Cherry", "Apple", "Pear", "Apple"]
_HEIGHTS = [18, 12, 13, 14, 9, 8]
DATA |= _column("R", 40, ["Tree"] + _TREES)
DATA |= _column("S", 40, ["Height"] + _HEIGHTS)
DATA |= _column("T", 40, ["Profit", 105, 96, 105, 75, 76.8, 45])
DATA |= _column("R", 48, ["Tree", '="=Apple"', '="=Pear"'])  # criteria: Apple, or Pear
DATA |= _column("S", 48, ["Height", ">10"])
DATA |= _column("T", 48, ["Height", "<16"])
DATA |= _column("R", 52, ["Tree"] + _TREES)
DATA |= _column("S", 52, ["Height"] + _HEIGHTS)
DATA |= _column("T", 52, ["Yield", 14, 10, 9, 10, 8, 6])
# The cases: a 2x2 matrix, two pairs, three numbers
DATA |= {"R60": 1, "S60": 2, "R61": 3, "S61": 4}
DATA |= {"R63": 1, "R64": 2, "S63": 3, "S64": 5}
DATA |= _column("R", 66, [1, 5, 9])
# SUBTOTAL: two groups with their subtotals, then a number
DATA |= _column("R", 70, [120, 10, "=SUBTOTAL(9,R70:R71)", 150, 23, "=SUBTOTAL(9,R73:R74)", "=1/0"])
# AGGREGATE's example (Excel's AGGREGATE page): R80:R90 with two errors (#N/A for its
# #NUM!, which LibreOffice saves as #VALUE!), S80:S90
DATA |= _column("R", 80, ["=1/0", 72, 30, "=NA()", 31, 96, 32, 81, 33, 53, 34])
DATA |= _column("S", 80, [82, 65, 95, 63, 53, 71, 55, 83, 100, 91, 89])
# a blank range for COUNTBLANK: S70 empty, S71 "", S72 0, S73 text
DATA |= {"S71": '=""', "S72": 0, "S73": "x"}

_PI = math.pi

CASES = [
    # --- COUNTIF ----------------------------------------------------------------
    ('=COUNTIF(R66:R68,">4")', 2.0),  # the case
    ('=COUNTIF(R13:R16,"apples")', 2.0),
    ("=COUNTIF(R13:R16,R15)", 1.0),
    ("=COUNTIF(R13:R16,R13)+COUNTIF(R13:R16,R14)", 3.0),
    ('=COUNTIF(S13:S16,">55")', 2.0),
    ('=COUNTIF(S13:S16,"<>"&S15)', 3.0),
    ('=COUNTIF(S13:S16,">=32")-COUNTIF(S13:S16,">85")', 3.0),
    ('=COUNTIF(R13:R16,"*")', 4.0),
    ('=COUNTIF(R13:R16,"?????es")', 2.0),
    ('=COUNTIF(R13:R16,"APPLES")', 2.0),  # case-insensitive
    ("=COUNTIF(S13:T16,75)", 2.0),  # the number, and text that spells it
    ('=COUNTIF(S13:T16,"75")', 2.0),
    ('=COUNTIF(S13:T16,">74")', 2.0),
    ('=COUNTIF(S13:T14,"<>75")', 4.0),  # "<>" with a number: text spelling it matches  # order: numbers only, not the text "75"
    ("=COUNTIF(S13:T16,TRUE)", 1.0),
    ('=COUNTIF(S13:T16,"TRUE")', 1.0),
    ('=COUNTIF(S13:T16,"#DIV/0!")', 1.0),
    ('=COUNTIF(R1:R6,"")', 1.0),  # an empty cell
    ('=COUNTIF(T13:T17,"")', 2.0),  # empty text, and an empty cell
    ('=COUNTIF(T13:T17,"=")', 1.0),  # truly empty cells only
    ('=COUNTIF(T13:T17,"<>")', 4.0),
    ('=COUNTIF(S1:S6,"<c")', 2.0),  # text compared with text
    ('=COUNTIF(S1:S6,"*~*")', 0.0),
    ("=COUNTIF(R1:R6,T4)", 0.0),  # a number criterion: no text cell equals it
    # --- COUNTIFS ---------------------------------------------------------------
    ('=COUNTIFS(R33:R38,"<6",R33:R38,">1")', 4.0),
    ('=COUNTIFS(S24:S31,"A*",T24:T31,"Tom")', 2.0),
    ('=COUNTIFS(S24:S31,"A*",T24:T30,"Tom")', E + "#VALUE!"),  # ranges of different sizes
    ('=COUNTIFS(S24:S31,"A*",T24:T31)', E + "#VALUE!"),  # a range without its criterion
    # --- SUMIF --------------------------------------------------------------------
    ('=SUMIF(R8:R11,">160000",S8:S11)', 63000.0),
    ('=SUMIF(R8:R11,">160000")', 900000.0),
    ("=SUMIF(R8:R11,300000,S8:S11)", 21000.0),
    ('=SUMIF(R8:R11,">"&T8,S8:S11)', 49000.0),
    ('=SUMIF(R1:R6,"Fruits",T1:T6)', 2000.0),
    ('=SUMIF(R1:R6,"Vegetables",T1:T6)', 12000.0),
    ('=SUMIF(S1:S6,"*es",T1:T6)', 4300.0),
    ('=SUMIF(R1:R6,"",T1:T6)', 400.0),
    ('=SUMIF(R1:R6,"Fruits",T1)', 2000.0),  # the sum range takes the criteria range's size
    ('=SUMIF(T13:T15,TRUE,S13:S15)', 54.0),
    ('=SUMIF(S13:S15,"<>x",T13:T15)', E + "#DIV/0!"),  # an error where the row is selected
    ('=SUMIF(R13:R16,"apples",T13:T16)', 0.0),  # an error where it is not: ignored
    # --- SUMIFS -------------------------------------------------------------------
    ('=SUMIFS(R24:R31,S24:S31,"=A*",T24:T31,"Tom")', 20.0),
    ('=SUMIFS(R24:R31,S24:S31,"<>Bananas",T24:T31,"Tom")', 30.0),
    ('=SUMIFS(R24:R31,S24:S30,"<>Bananas")', E + "#VALUE!"),
    # --- AVERAGEIF(S) -----------------------------------------------------------------
    ('=AVERAGEIF(S8:S11,"<23000")', 14000.0),
    ('=AVERAGEIF(R8:R11,"<250000")', 150000.0),
    ('=AVERAGEIF(R8:R11,"<95000")', E + "#DIV/0!"),
    ('=AVERAGEIF(R8:R11,">250000",S8:S11)', 24500.0),
    ('=AVERAGEIF(R18:R22,"=*West",S18:S22)', 16733.5),
    ('=AVERAGEIF(R18:R22,"<>*(New Office)",S18:S22)', 18589.0),
    ('=AVERAGEIFS(S33:S38,T33:T38,1)', 268 / 3),
    ('=AVERAGEIFS(S33:S38,T33:T38,">1",R33:R38,"<4")', 94.5),
    ('=AVERAGEIFS(S33:S38,T33:T38,">5")', E + "#DIV/0!"),
    # --- MAXIFS, MINIFS ---------------------------------------------------------------
    ("=MAXIFS(S33:S38,T33:T38,1)", 91.0),
    ("=MINIFS(S33:S38,T33:T38,1)", 88.0),
    ('=MAXIFS(S33:S38,T33:T38,">1",R33:R38,"<3")', 93.0),
    ("=MINIFS(S33:S38,T33:T38,7)", 0.0),  # none selected
    ("=MAXIFS(S33:S38,T33:T37,1)", E + "#VALUE!"),
    # MINIFS's page: min_range and each criteria_range must have the same size and shape,
    # otherwise #VALUE!
    ("=MINIFS(S33:S38,T33:T37,1)", E + "#VALUE!"),
    # --- COUNTBLANK --------------------------------------------------------------------
    ("=COUNTBLANK(S70:S73)", 2.0),  # the empty cell and "" (not 0)
    ("=COUNTBLANK(R1:T6)", 1.0),
    # --- matrices and paired arrays ------------------------------------------------------
    ("=SUM(MMULT(R60:S61,R60:S61))", 54.0),  # the case
    ("=MMULT({1,2;3,4},{5;6})", 17.0),
    ("=INDEX(MMULT({1,2;3,4},{5;6}),2)", 39.0),
    ("=MMULT({1,2},{1,2})", E + "#VALUE!"),  # 1x2 times 1x2
    ('=MMULT({1,"a"},{1;2})', E + "#VALUE!"),
    ("=MDETERM({2,0;0,3})", 6.0),
    ("=MDETERM({1,2;2,4})", 0.0),
    ("=MDETERM({1,2,3})", E + "#VALUE!"),  # not square
    ("=MDETERM(R13:S14)", E + "#VALUE!"),  # text
    ("=INDEX(MINVERSE({4,-1;2,0}),1,2)", 0.5),
    ("=INDEX(MINVERSE({4,-1;2,0}),2,2)", 2.0),
    ("=INDEX(MINVERSE({1,2,1;3,4,-1;0,2,0}),1,3)", -0.75),
    ("=MINVERSE({1,2;2,4})", E + "#NUM!"),  # singular
    ("=MINVERSE({1,2})", E + "#VALUE!"),
    ("=SUM(MUNIT(3))", 3.0),
    ("=INDEX(MUNIT(3),2,2)", 1.0),
    ("=MUNIT(0)", E + "#VALUE!"),
    ("=SUMXMY2(R63:R64,S63:S64)", 13.0),  # the case
    ("=SUMXMY2({2,3,9,1,8,7,5},{6,5,11,7,5,4,4})", 79.0),
    ("=SUMXMY2({1,2,3},{1,2})", E + "#N/A"),
    ("=SUMX2MY2({2,3,9,1,8,7,5},{6,5,11,7,5,4,4})", -55.0),
    ("=SUMX2PY2({2,3,9,1,8,7,5},{6,5,11,7,5,4,4})", 521.0),
    # SUMX2MY2's page: "If array_x and array_y have a different number of values,
    # SUMX2MY2 returns the #N/A error value"
    ("=SUMX2MY2({1,2,3},{1,2})", E + "#N/A"),
    ("=SUMX2PY2(S13:S16,T13:T16)", E + "#DIV/0!"),
    # --- trigonometry ----------------------------------------------------------------------
    ("=SIN(0)", 0.0),
    ("=SIN(PI()/2)", 1.0),
    ("=SIN(1E+9)", E + "#NUM!"),  # Excel stops at angles of 2^27
    ("=COS(0)", 1.0),
    ("=COS(1.047)", math.cos(1.047)),
    ("=COS(2^27-1)", math.cos(2 ** 27 - 1)),
    ("=COS(2^27)", E + "#NUM!"),
    ("=TAN(0.785)", math.tan(0.785)),
    ("=TAN(-2^27)", E + "#NUM!"),
    ("=ASIN(-0.5)", -_PI / 6),
    ("=ASIN(2)", E + "#NUM!"),
    ("=ACOS(-0.5)", 2 * _PI / 3),
    ("=ACOS(-1.5)", E + "#NUM!"),
    ("=ATAN(1)", _PI / 4),
    ("=ATAN2(1,1)", _PI / 4),
    ("=ATAN2(-1,-1)", -3 * _PI / 4),
    ("=ATAN2(0,1)", _PI / 2),  # x first: the point (0, 1)
    ("=ATAN2(0,0)", E + "#DIV/0!"),
    ("=SINH(1)", math.sinh(1)),
    ("=SINH(1000)", E + "#NUM!"),
    ("=COSH(4)", math.cosh(4)),
    ("=TANH(-2)", math.tanh(-2)),
    ("=ASINH(-2.5)", math.asinh(-2.5)),
    ("=ACOSH(1)", 0.0),
    ("=ACOSH(10)", math.acosh(10)),
    ("=ACOSH(0.5)", E + "#NUM!"),
    ("=ATANH(-0.1)", math.atanh(-0.1)),
    ("=ATANH(1)", E + "#NUM!"),
    ("=COT(30)", 1 / math.tan(30)),
    ("=COT(0)", E + "#DIV/0!"),
    ("=COTH(2)", 1 / math.tanh(2)),
    ("=COTH(0)", E + "#DIV/0!"),
    ("=CSC(15)", 1 / math.sin(15)),
    ("=CSC(0)", E + "#DIV/0!"),
    ("=CSCH(1.5)", 1 / math.sinh(1.5)),
    ("=CSCH(0)", E + "#DIV/0!"),
    ("=SEC(45)", 1 / math.cos(45)),
    ("=SEC(2^27)", E + "#NUM!"),
    ("=SECH(45)", 1 / math.cosh(45)),
    ("=ACOT(2)", _PI / 2 - math.atan(2)),
    ("=ACOTH(6)", 0.5 * math.log(7 / 5)),
    ("=ACOTH(0.5)", E + "#NUM!"),
    ("=RADIANS(270)", math.radians(270)),
    ("=RADIANS(1E+308)", math.radians(1e308)),
    ("=DEGREES(PI())", 180.0),
    # Error inputs.  ACOT's page: "If Number is a non-numeric value, ACOT returns the
    # #VALUE! error value"; SECH's: |number| must be below 2^27, else #NUM!, and a
    # non-numeric number gives #VALUE!.  The other pages document no error of their own:
    # an error argument gives that error (C1 holds =1/0, C3 =NA()).
    ('=ACOT("x")', E + "#VALUE!"),
    ("=ASINH(C1)", E + "#DIV/0!"),
    ("=ATAN(C3)", E + "#N/A"),
    ("=COSH(C1)", E + "#DIV/0!"),
    ("=TANH(C3)", E + "#N/A"),
    ('=SECH("x")', E + "#VALUE!"),
    ("=SECH(2^27)", E + "#NUM!"),
    ("=DEGREES(C1)", E + "#DIV/0!"),
    ("=RADIANS(C3)", E + "#N/A"),
    ("=SQRTPI(1)", math.sqrt(_PI)),
    ("=SQRTPI(2)", math.sqrt(2 * _PI)),
    ("=SQRTPI(-1)", E + "#NUM!"),
    ('=SIN("x")', E + "#VALUE!"),
    # --- multiples and integers ----------------------------------------------------------------
    # PERCENTOF: SUM(data_subset)/SUM(data_all), as its page defines it, on SUMIF's sales
    # T1:T6 (2300, 5500, 800, 400, 4200, 1200; 14400 in all); R1:R2 is text
    ("=PERCENTOF(T1:T2,T1:T6)", 7800 / 14400),
    ("=PERCENTOF(T3,T1:T6)", 800 / 14400),
    ("=PERCENTOF(T1:T6,T1:T6)", 1.0),
    ("=PERCENTOF(R1:R2,T1:T6)", 0.0),  # text in a range counts for nothing, as in SUM
    ("=PERCENTOF(T1,R1:R2)", E + "#DIV/0!"),
    ("=PERCENTOF(T13:T15,T1:T6)", E + "#DIV/0!"),  # T15 holds =1/0: errors pass
    ('=PERCENTOF("a",T1:T6)', E + "#VALUE!"),
    ("=TRUNC(8.9)", 8.0),
    ("=TRUNC(-8.9)", -8.0),
    ("=TRUNC(0.45)", 0.0),
    ("=TRUNC(PI(),3)", 3.141),
    ("=TRUNC(1234.5,-2)", 1200.0),
    ("=TRUNC(C1)", E + "#DIV/0!"),  # an error argument gives that error
    ("=CEILING(2.5,1)", 3.0),
    ("=CEILING(-2.5,-2)", -4.0),
    ("=CEILING(-2.5,2)", -2.0),
    ("=CEILING(1.5,0.1)", 1.5),
    ("=CEILING(0.234,0.01)", 0.24),
    ("=CEILING(2.5,-2)", E + "#NUM!"),
    ("=CEILING(2.5,0)", 0.0),
    # ECMA.CEILING: the examples of ECMA-376 Part 1's CEILING (SpreadsheetML reference),
    # and its #NUM! for a number and a significance of different signs
    ("=ECMA.CEILING(2.5,1)", 3.0),
    ("=ECMA.CEILING(-2.5,-2)", -4.0),
    ("=ECMA.CEILING(1.5,0.1)", 1.5),
    ("=ECMA.CEILING(0.234,0.01)", 0.24),
    ("=ECMA.CEILING(-2.5,2)", E + "#NUM!"),
    ("=ECMA.CEILING(2.5,-2)", E + "#NUM!"),
    ("=FLOOR(3.7,2)", 2.0),
    ("=FLOOR(-2.5,-2)", -2.0),
    ("=FLOOR(-2.5,2)", -4.0),
    ("=FLOOR(2.5,-2)", E + "#NUM!"),
    ("=FLOOR(1.58,0.1)", 1.5),
    ("=FLOOR(0.234,0.01)", 0.23),
    ("=FLOOR(2.5,0)", E + "#DIV/0!"),
    ("=CEILING.PRECISE(4.3)", 5.0),
    ("=CEILING.PRECISE(-4.3)", -4.0),
    ("=CEILING.PRECISE(4.3,2)", 6.0),
    ("=CEILING.PRECISE(4.3,-2)", 6.0),
    ("=CEILING.PRECISE(-4.3,2)", -4.0),
    ("=CEILING.PRECISE(-4.3,-2)", -4.0),
    ("=FLOOR.PRECISE(-3.2,-1)", -4.0),
    ("=FLOOR.PRECISE(3.2,1)", 3.0),
    ("=FLOOR.PRECISE(-3.2,1)", -4.0),
    ("=FLOOR.PRECISE(3.2,-1)", 3.0),
    ("=FLOOR.PRECISE(3.2)", 3.0),
    ("=ISO.CEILING(4.3)", 5.0),
    ("=ISO.CEILING(-4.3)", -4.0),
    ("=ISO.CEILING(4.3,2)", 6.0),
    ("=ISO.CEILING(-4.3,-2)", -4.0),
    ("=CEILING.PRECISE(C1)", E + "#DIV/0!"),  # pages without errors of their own:
    ("=FLOOR.PRECISE(C3)", E + "#N/A"),  # an error argument gives that error
    ("=ISO.CEILING(C1)", E + "#DIV/0!"),
    # INT, SIGN, ROUNDUP and ROUNDDOWN (their value rows are in tests/test_functions.py):
    # their pages document no error of their own; an error argument gives that error
    ("=INT(C1)", E + "#DIV/0!"),
    ("=SIGN(C3)", E + "#N/A"),
    ("=ROUNDUP(C1,0)", E + "#DIV/0!"),
    ("=ROUNDDOWN(3.2,C3)", E + "#N/A"),
    ("=MROUND(10,3)", 9.0),
    ("=MROUND(-10,-3)", -9.0),
    ("=MROUND(7.5,3)", 9.0),  # halves away from zero
    ("=MROUND(5,-2)", E + "#NUM!"),
    ("=MROUND(5,0)", 0.0),
    ("=EVEN(1.5)", 2.0),
    ("=EVEN(3)", 4.0),
    ("=EVEN(2)", 2.0),
    ("=EVEN(-1)", -2.0),
    ("=EVEN(0)", 0.0),
    ("=ODD(1.5)", 3.0),
    ("=ODD(3)", 3.0),
    ("=ODD(2)", 3.0),
    ("=ODD(-1)", -1.0),
    ("=ODD(-2)", -3.0),
    ("=ODD(0)", 1.0),
    # EVEN's and ODD's pages: "If number is nonnumeric, EVEN (ODD) returns the #VALUE!
    # error value"
    ('=EVEN("x")', E + "#VALUE!"),
    ('=ODD("x")', E + "#VALUE!"),
    # --- combinatorics ------------------------------------------------------------------------
    ("=GCD(5,2)", 1.0),
    ("=GCD(24,36)", 12.0),
    ("=GCD(7,1)", 1.0),
    ("=GCD(5,0)", 5.0),
    ("=GCD(24.9,36)", 12.0),  # truncated
    ("=GCD(-1,2)", E + "#NUM!"),
    ("=LCM(5,2)", 10.0),
    ("=LCM(24,36)", 72.0),
    ("=LCM(0,5)", 0.0),
    ("=LCM(-5,2)", E + "#NUM!"),
    ("=FACT(5)", 120.0),
    ("=FACT(1.9)", 1.0),
    ("=FACT(0)", 1.0),
    ("=FACT(-1)", E + "#NUM!"),
    ("=FACT(1)", 1.0),
    ("=FACT(171)", E + "#NUM!"),
    ("=FACTDOUBLE(6)", 48.0),
    ("=FACTDOUBLE(7)", 105.0),
    ("=FACTDOUBLE(-1)", E + "#NUM!"),
    ("=COMBIN(8,2)", 28.0),
    ("=COMBIN(8.9,2.9)", 28.0),
    ("=COMBIN(2,3)", E + "#NUM!"),
    ("=COMBIN(-1,0)", E + "#NUM!"),
    ("=COMBINA(4,3)", 20.0),
    ("=COMBINA(10,3)", 220.0),
    ("=COMBINA(-1,2)", E + "#NUM!"),
    ("=PERMUT(100,3)", 970200.0),
    ("=PERMUT(3,2)", 6.0),
    ("=PERMUT(2,3)", E + "#NUM!"),
    ("=PERMUTATIONA(3,2)", 9.0),
    ("=PERMUTATIONA(2,2)", 4.0),
    ("=PERMUTATIONA(-1,2)", E + "#NUM!"),
    ("=PERMUTATIONA(0,-0.5)", E + "#NUM!"),
    ("=QUOTIENT(5,2)", 2.0),
    ("=QUOTIENT(4.5,3.1)", 1.0),
    ("=QUOTIENT(-10,3)", -3.0),
    ("=QUOTIENT(1,0)", E + "#DIV/0!"),
    ("=MULTINOMIAL(2,3,4)", 1260.0),
    ("=MULTINOMIAL(2,-1)", E + "#NUM!"),
    ("=MULTINOMIAL(170,1)", 171.0),
    ("=SERIESSUM(2,1,1,{1,2,3})", 34.0),
    ("=SERIESSUM(2,0,2,{1,0.5})", 3.0),
    ('=SERIESSUM(2,1,1,{1,"a"})', E + "#VALUE!"),
    # --- numerals -------------------------------------------------------------------------------
    ("=ROMAN(499,0)", "CDXCIX"),
    ("=ROMAN(499,1)", "LDVLIV"),
    ("=ROMAN(499,2)", "XDIX"),
    ("=ROMAN(499,3)", "VDIV"),
    ("=ROMAN(499,4)", "ID"),
    ("=ROMAN(1999)", "MCMXCIX"),
    ("=ROMAN(1999,FALSE)", "MIM"),
    ("=ROMAN(0)", ""),
    ("=ROMAN(4000)", E + "#VALUE!"),
    ("=ROMAN(-1)", E + "#VALUE!"),
    ("=ROMAN(10,5)", E + "#VALUE!"),
    ('=ARABIC("LVII")', 57.0),
    ('=ARABIC("mcmxii")', 1912.0),
    ('=ARABIC("-MMXI")', -2011.0),
    ('=ARABIC("")', 0.0),
    ('=ARABIC(" XV ")', 15.0),  # spaces around are ignored
    ("=ARABIC(15)", E + "#VALUE!"),
    ('=ARABIC("ABC")', E + "#VALUE!"),
    ("=BASE(7,2)", "111"),
    ("=BASE(100,16)", "64"),
    ("=BASE(15,2,10)", "0000001111"),
    ("=BASE(7,1)", E + "#NUM!"),
    ("=BASE(-1,2)", E + "#NUM!"),
    ('=DECIMAL("FF",16)', 255.0),
    ("=DECIMAL(111,2)", 7.0),
    ('=DECIMAL("zap",36)', 45745.0),
    ('=DECIMAL("12",2)', E + "#NUM!"),
    ('=DECIMAL("1",37)', E + "#NUM!"),
    # --- SUBTOTAL and AGGREGATE ------------------------------------------------------------------
    ("=SUBTOTAL(9,R70:R75)", 303.0),  # the nested subtotals are left out
    ("=SUBTOTAL(109,R70:R75)", 303.0),
    ("=SUBTOTAL(1,R70:R71)", 65.0),
    ("=SUBTOTAL(2,R70:R75)", 4.0),
    ("=SUBTOTAL(4,R70:R75)", 150.0),
    ("=SUBTOTAL(9,R70:R71,R73:R74)", 303.0),
    ("=SUBTOTAL(9,R70:R76)", E + "#DIV/0!"),
    ("=SUBTOTAL(12,R70:R71)", E + "#VALUE!"),
    ("=AGGREGATE(9,3,R70:R76)", 303.0),  # errors and nested subtotals left out
    ("=AGGREGATE(9,6,R70:R76)", 606.0),  # errors only
    ("=AGGREGATE(9,4,R70:R75)", 606.0),  # nothing left out
    ("=AGGREGATE(4,6,R70:R76)", 173.0),
    ("=AGGREGATE(12,2,R70:R76)", 71.5),  # MEDIAN of 120, 10, 150, 23
    ("=AGGREGATE(9,0,R70:R76)", E + "#DIV/0!"),
    ("=AGGREGATE(9,8,R70:R75)", E + "#VALUE!"),
    # AGGREGATE's example: MAX and the 3rd largest ignoring errors, SMALL without its k,
    # MEDIAN of two ranges
    ("=AGGREGATE(4,6,R80:R90)", 96.0),
    ("=AGGREGATE(14,6,R80:R90,3)", 72.0),
    ("=AGGREGATE(15,6,R80:R90)", E + "#VALUE!"),
    ("=AGGREGATE(12,6,R80:R90,S80:S90)", 68.0),
    ("=AGGREGATE(14,4,R80:R90,3)", E + "#DIV/0!"),  # errors kept: the first one
    ("=AGGREGATE(13,6,R80:R90,S80:S90)", 53.0),  # MODE.SNGL: 53 is in both
    ("=AGGREGATE(15,6,R80:R90,2)", 31.0),
    ("=AGGREGATE(16,6,S80:S90,0.3)", 65.0),  # PERCENTILE.INC: rank 4 of 11
    ("=AGGREGATE(17,6,S80:S90,1)", 64.0),  # QUARTILE.INC: rank 3.5
    ("=AGGREGATE(18,6,S80:S90,0.25)", 63.0),  # PERCENTILE.EXC: rank 3 of 11
    ("=AGGREGATE(19,6,S80:S90,3)", 91.0),  # QUARTILE.EXC: rank 9
    ("=AGGREGATE(18,6,S80:S90,0.05)", E + "#NUM!"),  # below 1/(n+1)
    ("=AGGREGATE(14,6,S80:S90,12)", E + "#NUM!"),
    ("=AGGREGATE(14,3,R70:R76,1)", 150.0),  # the nested subtotals left out
    ("=AGGREGATE(14,6,R70:R76,1)", 173.0),  # kept: R75's subtotal 173
    ("=AGGREGATE(14,6,R80:R90/(S80:S90>80),1)", 81.0),  # an array, its errors left out
    ("=AGGREGATE(15,6,S80:S90/(R80:R90>50),1)", 65.0),
    ("=AGGREGATE(20,6,R80:R90,1)", E + "#VALUE!"),
    # --- SEQUENCE ----------------------------------------------------------------------------------
    ("=SUM(SEQUENCE(3))", 6.0),
    ("=SUM(SEQUENCE(2,3))", 21.0),
    ("=INDEX(SEQUENCE(2,3,10,-1),2,3)", 5.0),
    ("=SEQUENCE(2,2,0.5)", 0.5),
    ("=SEQUENCE(0)", E + "#CALC!"),
    ("=SEQUENCE(-1)", E + "#VALUE!"),
    ("=SUM(RANDARRAY(2,3,4,4))", 24.0),
    ("=RANDARRAY(1,1,5,1)", E + "#VALUE!"),
    # --- database functions ------------------------------------------------------------------------
    ('=DSUM(R40:T46,"Profit",R48:R49)', 225.0),
    ('=DSUM(R40:T46,"Profit",R48:T49)', 75.0),
    ('=DSUM(R40:T46,3,R48:R49)', 225.0),
    ('=DMAX(R40:T46,"Profit",R48:R50)', 105.0),
    ('=DMIN(R40:T46,"Profit",R48:S49)', 75.0),
    ('=DCOUNT(R40:T46,"Height",R48:T49)', 1.0),
    ('=DCOUNT(R40:T46,,R48:R50)', 5.0),
    ('=DCOUNTA(R40:T46,"Profit",R48:T49)', 1.0),
    ('=DPRODUCT(R52:T58,"Yield",R48:T49)', 10.0),
    ('=DAVERAGE(R52:T58,"Yield",R48:S49)', 12.0),
    ('=DSTDEV(R52:T58,"Yield",R48:R50)', math.sqrt(8.8)),
    ('=DSTDEVP(R52:T58,"Yield",R48:R50)', math.sqrt(7.04)),
    ('=DVAR(R52:T58,"Yield",R48:R50)', 8.8),
    ('=DVARP(R52:T58,"Yield",R48:R50)', 7.04),
    # error inputs: an error as the field gives that error (C1 is #DIV/0!)
    *[(f'={name}(R52:T58,C1,R48:R50)', E + "#DIV/0!") for name in (
        "DAVERAGE", "DCOUNT", "DCOUNTA", "DMAX", "DMIN", "DPRODUCT", "DSTDEV", "DSTDEVP", "DVAR",
        "DVARP")],
    ('=DGET(R52:T58,"Yield",R48:T49)', 10.0),
    ('=DGET(R52:T58,"Yield",R48:R50)', E + "#NUM!"),  # several records
    ('=DGET(R52:T58,"Yield",S48:S49)', E + "#NUM!"),
    ('=DSUM(R40:T46,"Weight",R48:R49)', E + "#VALUE!"),
]

_INVALID = "LibreOffice saves its invalid-argument error (Err:502) as #VALUE!; Excel documents "
_TRIG = "Excel gives #NUM! for angles of 2^27 or more in size; LibreOffice computes a value"
_ZERO = "Excel documents #DIV/0! at 0; LibreOffice gives #NUM!"
_NO_ECMA = "LibreOffice 7.4 has no ECMA.CEILING (#NAME?)"
_NO_PERCENTOF = "LibreOffice 7.4 has no PERCENTOF (#NAME?)"
_NO_SEQUENCE = "LibreOffice 7.4 has no SEQUENCE (#NAME?; added in LibreOffice 24.8)"

#: Rows where LibreOffice 7.4 differs from Excel (sheetgd follows Excel).
KNOWN_LIBREOFFICE_DIFFERENCES: dict = {
    "=AGGREGATE(18,6,S80:S90,0.05)": "invalid argument saved as #VALUE!",
    "=AGGREGATE(14,6,S80:S90,12)": "invalid argument saved as #VALUE!",
    "=COUNTIF(S13:T16,75)": "Excel's criteria match text that spells the number (the text \"75\"); "
                            "LibreOffice's only numbers",
    '=COUNTIF(S13:T14,"<>75")': "Excel's <> with a number selects the text \"75\" too; LibreOffice "
                                "takes it as equal to 75",
    "=MINVERSE({1,2;2,4})": _INVALID + "#NUM! for a singular matrix",
    "=SUMXMY2({1,2,3},{1,2})": _INVALID + "#N/A for arrays of different sizes",
    "=SUMX2MY2({1,2,3},{1,2})": _INVALID + "#N/A for arrays of different sizes",
    "=SIN(1E+9)": _TRIG, "=SECH(2^27)": _TRIG, "=COS(2^27)": _TRIG, "=TAN(-2^27)": _TRIG, "=SEC(2^27)": _TRIG,
    "=ATAN2(0,0)": "Excel documents #DIV/0! for ATAN2(0,0); LibreOffice gives 0",
    "=COT(0)": _ZERO, "=COTH(0)": _ZERO, "=CSC(0)": _ZERO, "=CSCH(0)": _ZERO,
    "=ACOSH(0.5)": _INVALID + "#NUM!", "=ATANH(1)": _INVALID + "#NUM!",
    "=ACOTH(0.5)": _INVALID + "#NUM!", "=SQRTPI(-1)": _INVALID + "#NUM!",
    "=CEILING(2.5,-2)": _INVALID + "#NUM!", "=FLOOR(2.5,-2)": _INVALID + "#NUM!",
    "=FLOOR(2.5,0)": _INVALID + "#DIV/0!",
    "=PERCENTOF(T1:T2,T1:T6)": _NO_PERCENTOF, "=PERCENTOF(T3,T1:T6)": _NO_PERCENTOF,
    "=PERCENTOF(T1:T6,T1:T6)": _NO_PERCENTOF, "=PERCENTOF(R1:R2,T1:T6)": _NO_PERCENTOF,
    "=PERCENTOF(T1,R1:R2)": _NO_PERCENTOF, "=PERCENTOF(T13:T15,T1:T6)": _NO_PERCENTOF,
    '=PERCENTOF("a",T1:T6)': _NO_PERCENTOF,
    "=ECMA.CEILING(2.5,1)": _NO_ECMA, "=ECMA.CEILING(-2.5,-2)": _NO_ECMA,
    "=ECMA.CEILING(1.5,0.1)": _NO_ECMA, "=ECMA.CEILING(0.234,0.01)": _NO_ECMA,
    "=ECMA.CEILING(-2.5,2)": _NO_ECMA, "=ECMA.CEILING(2.5,-2)": _NO_ECMA,
    "=MROUND(5,-2)": "Excel documents #NUM! for a number and a multiple of different signs; "
                     "LibreOffice rounds (6)",
    "=GCD(-1,2)": _INVALID + "#NUM!", "=LCM(-5,2)": _INVALID + "#NUM!",
    "=FACT(-1)": _INVALID + "#NUM!", "=FACT(171)": _INVALID + "#NUM!",
    "=FACTDOUBLE(-1)": _INVALID + "#NUM!", "=COMBIN(2,3)": _INVALID + "#NUM!",
    "=COMBIN(-1,0)": _INVALID + "#NUM!", "=COMBINA(-1,2)": _INVALID + "#NUM!",
    "=PERMUT(2,3)": _INVALID + "#NUM!", "=PERMUTATIONA(-1,2)": _INVALID + "#NUM!",
    "=PERMUTATIONA(0,-0.5)": _INVALID + "#NUM!",
    "=QUOTIENT(1,0)": _INVALID + "#DIV/0!", "=MULTINOMIAL(2,-1)": _INVALID + "#NUM!",
    '=SERIESSUM(2,1,1,{1,"a"})': "Excel documents #VALUE! for a coefficient that is not a "
                                 "number; LibreOffice skips it",
    "=ROMAN(1999,FALSE)": "Excel's FALSE is form 4 (simplified); LibreOffice's FALSE is the number 0",
    '=ARABIC("-MMXI")': "Excel documents negative numerals; LibreOffice gives #VALUE!",
    '=ARABIC(" XV ")': "Excel documents that spaces around the numeral are ignored; LibreOffice "
                       "gives #VALUE!",
    "=BASE(7,1)": _INVALID + "#NUM!", "=BASE(-1,2)": _INVALID + "#NUM!",
    '=DECIMAL("12",2)': _INVALID + "#NUM!", '=DECIMAL("1",37)': _INVALID + "#NUM!",
    "=SUM(SEQUENCE(3))": _NO_SEQUENCE, "=SUM(SEQUENCE(2,3))": _NO_SEQUENCE,
    "=INDEX(SEQUENCE(2,3,10,-1),2,3)": _NO_SEQUENCE, "=SEQUENCE(2,2,0.5)": _NO_SEQUENCE,
    "=SEQUENCE(0)": _NO_SEQUENCE, "=SEQUENCE(-1)": _NO_SEQUENCE,
    '=DGET(R52:T58,"Yield",R48:R50)': _INVALID + "#NUM! when several records are selected",
    '=DGET(R52:T58,"Yield",S48:S49)': _INVALID + "#NUM! when several records are selected",
}
