"""Function-table rows of the engineering functions (sheetgd/engine/functions/
engineering.py and complex_numbers.py).

Expected values are the examples of each function's page in Excel's function
reference (support.microsoft.com, "<NAME> function"); where the page shows a
number rounded, the formula rounds it the same way.  The Bessel functions'
examples are Excel's own approximations, a few units off in the eighth or
ninth digit (BESSELJ(1.9,2) is 0.329925727692 to 12 digits, the page
shows 0.329925829): those rows compare six digits.  BESSELK follows Excel's
approximation (Abramowitz and Stegun's), and its example to nine digits.
"""

from __future__ import annotations

E = "error:"

CASES = [
    # --- number bases -----------------------------------------------------------------------
    ("=BIN2DEC(1100100)", 100.0),
    ("=BIN2DEC(1111111111)", -1.0),
    ("=BIN2DEC(12)", E + "#NUM!"),
    ("=BIN2DEC(10000000000)", E + "#NUM!"),  # more than 10 digits
    ("=BIN2OCT(1001,3)", "011"),
    ("=BIN2OCT(1100100)", "144"),
    ("=BIN2OCT(1111111111)", "7777777777"),
    ("=BIN2OCT(1001,1)", E + "#NUM!"),
    ("=BIN2HEX(11111011,4)", "00FB"),
    ("=BIN2HEX(1110)", "E"),
    ("=BIN2HEX(1111111111)", "FFFFFFFFFF"),
    ("=BIN2HEX(12)", E + "#NUM!"),  # its page: not a valid binary number
    ("=BIN2HEX(11111011,1)", E + "#NUM!"),  # more digits than places
    ("=DEC2BIN(9,4)", "1001"),
    ("=DEC2BIN(-100)", "1110011100"),
    ("=DEC2BIN(512)", E + "#NUM!"),
    ("=DEC2BIN(9.9)", "1001"),  # truncated
    ("=DEC2BIN(\"x\")", E + "#VALUE!"),
    ("=DEC2OCT(58,3)", "072"),
    ("=DEC2OCT(-100)", "7777777634"),
    ("=DEC2OCT(536870912)", E + "#NUM!"),  # its page: number > 536,870,911
    ("=DEC2OCT(58,-1)", E + "#NUM!"),  # its page: places negative
    ("=DEC2HEX(100,4)", "0064"),
    ("=DEC2HEX(-54)", "FFFFFFFFCA"),
    ("=DEC2HEX(28)", "1C"),
    ("=DEC2HEX(64,1)", E + "#NUM!"),
    ("=DEC2HEX(64,-1)", E + "#NUM!"),
    ("=HEX2BIN(\"F\",8)", "00001111"),
    ("=HEX2BIN(\"B7\")", "10110111"),
    ("=HEX2BIN(\"FFFFFFFE00\")", "1000000000"),
    ("=HEX2BIN(\"200\")", E + "#NUM!"),  # 512 has no 10-digit binary
    ("=HEX2DEC(\"A5\")", 165.0),
    ("=HEX2DEC(\"FFFFFFFF5B\")", -165.0),
    ("=HEX2DEC(\"3DA408B9\")", 1034160313.0),
    ("=HEX2DEC(\"G\")", E + "#NUM!"),
    ("=HEX2OCT(\"F\",3)", "017"),
    ("=HEX2OCT(\"3B4E\")", "35516"),
    ("=HEX2OCT(\"FFFFFFFF00\")", "7777777400"),
    ("=HEX2OCT(\"G\")", E + "#NUM!"),  # its page: not a valid hexadecimal number
    ("=HEX2OCT(\"20000000\")", E + "#NUM!"),  # its page: positive, above 1FFFFFFF
    ("=HEX2OCT(\"F\",1)", E + "#NUM!"),  # its page: more digits than places
    ("=OCT2BIN(3,3)", "011"),
    ("=OCT2BIN(7777777000)", "1000000000"),
    ("=OCT2BIN(1000)", E + "#NUM!"),  # its page: positive, above 777
    ("=OCT2BIN(8)", E + "#NUM!"),  # its page: not a valid octal number
    ("=OCT2DEC(54)", 44.0),
    ("=OCT2DEC(7777777533)", -165.0),
    ("=OCT2DEC(8)", E + "#NUM!"),
    ("=OCT2HEX(100,4)", "0040"),
    ("=OCT2HEX(7777777533)", "FFFFFFFF5B"),
    ("=OCT2HEX(8)", E + "#NUM!"),  # its page: not a valid octal number
    ("=OCT2HEX(100,1)", E + "#NUM!"),  # its page: more digits than places
    # --- bit operations ------------------------------------------------------------------------
    ("=BITAND(1,5)", 1.0),
    ("=BITAND(13,25)", 9.0),
    ("=BITAND(-1,2)", E + "#NUM!"),
    ("=BITAND(1.5,2)", E + "#NUM!"),
    ("=BITOR(23,10)", 31.0),
    ("=BITOR(2^48,1)", E + "#NUM!"),
    ("=BITXOR(5,3)", 6.0),
    ("=BITXOR(-1,3)", E + "#NUM!"),  # BITXOR's page: either number < 0
    ("=BITXOR(2^48,1)", E + "#NUM!"),  # either number > 2^48-1
    ("=BITXOR(\"x\",3)", E + "#VALUE!"),  # either value non-numeric
    ("=BITLSHIFT(4,2)", 16.0),
    ("=BITLSHIFT(1,48)", E + "#NUM!"),
    ("=BITLSHIFT(16,-2)", 4.0),  # a negative shift goes right
    ("=BITRSHIFT(13,2)", 3.0),
    ("=BITRSHIFT(1,54)", E + "#NUM!"),
    # --- DELTA, GESTEP, ERF -----------------------------------------------------------------
    ("=DELTA(5,4)", 0.0),
    ("=DELTA(5,5)", 1.0),
    ("=DELTA(0.5,0)", 0.0),
    ("=DELTA(\"x\",1)", E + "#VALUE!"),
    ("=GESTEP(5,4)", 1.0),
    ("=GESTEP(5,5)", 1.0),
    ("=GESTEP(-4,-5)", 1.0),
    ("=GESTEP(-1)", 0.0),
    ("=GESTEP(\"x\")", E + "#VALUE!"),  # its page: "If any argument is nonnumeric"
    ("=ROUND(ERF(0.745),8)", 0.70792892),
    ("=ROUND(ERF(1),8)", 0.84270079),
    ("=ROUND(ERF(0,1),8)", 0.84270079),
    ("=ERF(\"x\")", E + "#VALUE!"),
    ("=ROUND(ERF.PRECISE(0.745),8)", 0.70792892),
    ("=ROUND(ERF.PRECISE(1),8)", 0.84270079),
    ("=ROUND(ERFC(1),8)", 0.15729921),
    ("=ROUND(ERFC.PRECISE(1),8)", 0.15729921),
    # the pages of ERF.PRECISE, ERFC and ERFC.PRECISE: "If x is nonnumeric, ... #VALUE!"
    ("=ERF.PRECISE(\"x\")", E + "#VALUE!"),
    ("=ERFC(\"x\")", E + "#VALUE!"),
    ("=ERFC.PRECISE(\"x\")", E + "#VALUE!"),
    # --- Bessel functions ----------------------------------------------------------------------
    ("=ROUND(BESSELI(1.5,1),6)", 0.981666),
    ("=ROUND(BESSELJ(1.9,2),6)", 0.329926),
    ("=ROUND(BESSELK(1.5,1),9)", 0.277387804),  # Excel's approximation, digit for digit
    ("=ROUND(BESSELY(2.5,1),6)", 0.145918),
    ("=BESSELK(0,1)", E + "#NUM!"),
    # BESSELI's and BESSELY's pages: "If n < 0, ... #NUM!"; a nonnumeric x or n, #VALUE!
    ("=BESSELI(1.5,-1)", E + "#NUM!"),
    ("=BESSELI(\"x\",1)", E + "#VALUE!"),
    ("=BESSELY(2.5,-1)", E + "#NUM!"),
    ("=BESSELY(2.5,\"x\")", E + "#VALUE!"),
    ("=BESSELJ(1.9,-1)", E + "#NUM!"),
    ("=ROUND(BESSELJ(1.9,2.9),6)", 0.329926),  # the order is truncated
    # --- CONVERT ---------------------------------------------------------------------------
    ("=CONVERT(1,\"lbm\",\"kg\")", 0.45359237),
    ("=CONVERT(68,\"F\",\"C\")", 20.0),
    ("=CONVERT(2.5,\"ft\",\"sec\")", E + "#N/A"),  # different kinds of quantity
    ("=CONVERT(CONVERT(100,\"ft\",\"m\"),\"ft\",\"m\")", 9.290304),  # 100 square feet
    ("=CONVERT(1,\"xyz\",\"m\")", E + "#N/A"),  # no such unit
    ("=CONVERT(1,\"M\",\"m\")", E + "#N/A"),  # a prefix alone
    ("=CONVERT(1,\"FT\",\"m\")", E + "#N/A"),  # units are case-sensitive
    ("=CONVERT(\"x\",\"m\",\"ft\")", E + "#VALUE!"),
    # --- complex numbers ---------------------------------------------------------------------
    ("=COMPLEX(3,4)", "3+4i"),
    ("=COMPLEX(3,4,\"j\")", "3+4j"),
    ("=COMPLEX(0,1)", "i"),
    ("=COMPLEX(1,0)", "1"),
    ("=COMPLEX(1,-1)", "1-i"),
    ("=COMPLEX(3,4,\"k\")", E + "#VALUE!"),
    ("=COMPLEX(\"x\",4)", E + "#VALUE!"),
    ("=IMABS(\"5+12i\")", 13.0),
    ("=IMAGINARY(\"3+4i\")", 4.0),
    ("=IMAGINARY(\"0-j\")", -1.0),
    ("=IMAGINARY(4)", 0.0),
    ("=IMAGINARY(\"3i\")", 3.0),
    ("=ROUND(IMARGUMENT(\"3+4i\"),8)", 0.92729522),
    ("=IMCONJUGATE(\"3+4i\")", "3-4i"),
    ("=IMCOS(\"1+i\")", "0.833730025131149-0.988897705762865i"),
    ("=IMCOSH(\"4+3i\")", "-27.0349456030742+3.85115333481178i"),
    ("=ROUND(IMREAL(IMCOT(\"4+3i\")),10)", 0.0049011824),
    ("=IMCSC(\"4+3i\")", "-0.0754898329158637+0.0648774713706355i"),
    ("=IMCSCH(\"4+3i\")", "-0.036275889628626-0.0051744731840194i"),
    ("=IMDIV(\"-238+240i\",\"10+24i\")", "5+12i"),
    ("=IMDIV(\"1+i\",0)", E + "#NUM!"),
    ("=IMEXP(\"1+i\")", "1.46869393991589+2.28735528717884i"),
    ("=IMLN(\"3+4i\")", "1.6094379124341+0.927295218001612i"),
    ("=IMLN(0)", E + "#NUM!"),
    ("=IMLOG10(\"3+4i\")", "0.698970004336019+0.402719196273373i"),
    ("=IMLOG2(\"3+4i\")", "2.32192809488736+1.33780421245098i"),
    ("=IMPOWER(\"2+3i\",3)", "-46+9.00000000000001i"),  # through the polar form
    ("=IMPRODUCT(\"3+4i\",\"5-3i\")", "27+11i"),
    ("=IMPRODUCT(\"1+2i\",30)", "30+60i"),
    ("=IMREAL(\"6-9i\")", 6.0),
    ("=IMREAL(\"x\")", E + "#NUM!"),
    ("=IMSEC(\"4+3i\")", "-0.0652940278579471-0.0752249603027732i"),
    ("=IMSECH(\"4+3i\")", "-0.0362534969158689-0.00516434460775318i"),
    ("=IMSIN(\"4+3i\")", "-7.61923172032141-6.548120040911i"),
    ("=IMSINH(\"4+3i\")", "-27.0168132580039+3.85373803791938i"),
    ("=IMSQRT(\"1+i\")", "1.09868411346781+0.455089860562227i"),
    ("=IMSUB(\"13+4i\",\"5+3i\")", "8+i"),
    ("=IMSUB(\"13+4j\",\"5+3j\")", "8+j"),
    ("=IMSUM(\"1+i\",\"1+j\")", E + "#VALUE!"),  # COMPLEX's page: all suffixes must match
    ("=COMPLEX(3,4,\"I\")", E + "#VALUE!"),  # uppercase suffix
    ("=IMSUM(\"3+4i\",\"5-3i\")", "8+i"),
    ("=IMTAN(\"4+3i\")", "0.00490825806749606+1.00070953606723i"),
    # Error inputs.  The pages of the functions added in Excel 2013 (IMCOSH, IMCOT, IMCSC,
    # IMCSCH, IMSEC, IMSECH, IMSINH, IMTAN): "If inumber is a value that is not in the
    # x+yi or x+yj text format, <NAME> returns the #NUM! error value" and "If inumber is a
    # logical value, ... #VALUE!"; IMCOS's: a logical value gives #VALUE!; IMPOWER's: a
    # nonnumeric number gives #VALUE!.  The other pages document no error of their own:
    # an error argument gives that error (C1 holds =1/0, C3 =NA()).
    ("=IMABS(C1)", E + "#DIV/0!"),
    ("=IMAGINARY(C3)", E + "#N/A"),
    ("=IMARGUMENT(C1)", E + "#DIV/0!"),
    ("=IMCONJUGATE(C3)", E + "#N/A"),
    ("=IMCOS(C1)", E + "#DIV/0!"),
    ("=IMCOS(TRUE)", E + "#VALUE!"),
    ("=IMCOSH(\"x\")", E + "#NUM!"),
    ("=IMCOT(\"x\")", E + "#NUM!"),
    ("=IMCSC(\"x\")", E + "#NUM!"),
    ("=IMCSCH(\"x\")", E + "#NUM!"),
    ("=IMEXP(C1)", E + "#DIV/0!"),
    ("=IMLOG10(C3)", E + "#N/A"),
    ("=IMLOG2(C1)", E + "#DIV/0!"),
    ("=IMPOWER(C3,2)", E + "#N/A"),
    ("=IMPOWER(\"2+3i\",\"x\")", E + "#VALUE!"),
    ("=IMSEC(\"x\")", E + "#NUM!"),
    ("=IMSECH(\"x\")", E + "#NUM!"),
    ("=IMSECH(TRUE)", E + "#VALUE!"),
    ("=IMSIN(C3)", E + "#N/A"),
    ("=IMSINH(\"x\")", E + "#NUM!"),
    ("=IMSQRT(C1)", E + "#DIV/0!"),
    ("=IMTAN(\"x\")", E + "#NUM!"),
    ("=IMSUB(C1,\"1\")", E + "#DIV/0!"),
    ("=IMPRODUCT(\"1+i\",C3)", E + "#N/A"),
]

#: Rows where LibreOffice answers otherwise (sheetgd follows Excel).
KNOWN_LIBREOFFICE_DIFFERENCES = {
    "=BIN2DEC(12)": "invalid argument saved as #VALUE!",
    "=BIN2DEC(10000000000)": "invalid argument saved as #VALUE!",
    "=BIN2OCT(1001,1)": "invalid argument saved as #VALUE!",
    "=DEC2BIN(512)": "invalid argument saved as #VALUE!",
    "=DEC2HEX(64,1)": "invalid argument saved as #VALUE!",
    "=DEC2HEX(64,-1)": "invalid argument saved as #VALUE!",
    "=HEX2BIN(\"200\")": "invalid argument saved as #VALUE!",
    "=HEX2DEC(\"G\")": "invalid argument saved as #VALUE!",
    "=OCT2DEC(8)": "invalid argument saved as #VALUE!",
    "=BITAND(-1,2)": "invalid argument saved as #VALUE!",
    "=BITOR(2^48,1)": "invalid argument saved as #VALUE!",
    "=BESSELK(0,1)": "invalid argument saved as #VALUE!",
    "=BESSELJ(1.9,-1)": "invalid argument saved as #VALUE!",
    "=IMDIV(\"1+i\",0)": "invalid argument saved as #VALUE!",
    "=IMLN(0)": "invalid argument saved as #VALUE!",
    "=IMREAL(\"x\")": "invalid argument saved as #VALUE!",
    "=BITAND(1.5,2)": "a number that is not whole is truncated (Excel: #NUM!)",
    "=BITLSHIFT(1,48)": "a result of 2^48 or more is given (Excel: #NUM!)",
    "=BITRSHIFT(1,54)": "a shift beyond 53 bits gives 0 (Excel: #NUM!)",
    "=IMSUM(\"1+i\",\"1+j\")": "i and j mixed are accepted (Excel: #VALUE!)",
    "=CONVERT(1,\"lbm\",\"kg\")": "an older size of the pound (453.5923097 g)",
    "=CONVERT(2.5,\"ft\",\"sec\")": "units of different kinds give #VALUE! (Excel: #N/A)",
    "=CONVERT(1,\"xyz\",\"m\")": "an unknown unit gives #VALUE! (Excel: #N/A)",
    "=CONVERT(1,\"M\",\"m\")": "an unknown unit gives #VALUE! (Excel: #N/A)",
    "=CONVERT(1,\"FT\",\"m\")": "an unknown unit gives #VALUE! (Excel: #N/A)",
    "=IMCOSH(\"4+3i\")": "the _xlfn. prefix Excel writes is not read (#NAME?)",
    "=ROUND(IMREAL(IMCOT(\"4+3i\")),10)": "the _xlfn. prefix Excel writes is not read (#NAME?)",
    "=IMCSC(\"4+3i\")": "the _xlfn. prefix Excel writes is not read (#NAME?)",
    "=IMCSCH(\"4+3i\")": "the _xlfn. prefix Excel writes is not read (#NAME?)",
    "=IMSEC(\"4+3i\")": "the _xlfn. prefix Excel writes is not read (#NAME?)",
    "=IMSECH(\"4+3i\")": "the _xlfn. prefix Excel writes is not read (#NAME?)",
    "=IMSINH(\"4+3i\")": "the _xlfn. prefix Excel writes is not read (#NAME?)",
    "=IMTAN(\"4+3i\")": "the _xlfn. prefix Excel writes is not read (#NAME?)",
    "=BIN2HEX(12)": "invalid argument saved as #VALUE!",
    "=BIN2HEX(11111011,1)": "invalid argument saved as #VALUE!",
    "=DEC2OCT(536870912)": "invalid argument saved as #VALUE!",
    "=DEC2OCT(58,-1)": "invalid argument saved as #VALUE!",
    '=HEX2OCT("G")': "invalid argument saved as #VALUE!",
    '=HEX2OCT("20000000")': "invalid argument saved as #VALUE!",
    '=HEX2OCT("F",1)': "invalid argument saved as #VALUE!",
    "=OCT2BIN(1000)": "invalid argument saved as #VALUE!",
    "=OCT2BIN(8)": "invalid argument saved as #VALUE!",
    "=OCT2HEX(8)": "invalid argument saved as #VALUE!",
    "=OCT2HEX(100,1)": "invalid argument saved as #VALUE!",
    "=BITXOR(-1,3)": "invalid argument saved as #VALUE!",
    "=BITXOR(2^48,1)": "invalid argument saved as #VALUE!",
    "=BESSELI(1.5,-1)": "invalid argument saved as #VALUE!",
    "=BESSELY(2.5,-1)": "invalid argument saved as #VALUE!",
    '=IMCOSH("x")': "the _xlfn. prefix Excel writes is not read (#NAME?)",
    '=IMCOT("x")': "the _xlfn. prefix Excel writes is not read (#NAME?)",
    '=IMCSC("x")': "the _xlfn. prefix Excel writes is not read (#NAME?)",
    '=IMCSCH("x")': "the _xlfn. prefix Excel writes is not read (#NAME?)",
    '=IMSEC("x")': "the _xlfn. prefix Excel writes is not read (#NAME?)",
    '=IMSECH("x")': "the _xlfn. prefix Excel writes is not read (#NAME?)",
    '=IMSINH("x")': "the _xlfn. prefix Excel writes is not read (#NAME?)",
    '=IMTAN("x")': "the _xlfn. prefix Excel writes is not read (#NAME?)",
    "=IMCOS(TRUE)": "a logical value is read as a number (cos 1; Excel documents #VALUE!)",
    "=IMSECH(TRUE)": "the _xlfn. prefix Excel writes is not read (#NAME?)",
}
