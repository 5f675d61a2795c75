"""Excel's worksheet functions by name: which sheetgd has, which it has not,
and which are written with the ``_xlfn.`` prefix in files.

Two sources: the functions of the file format's standard (ECMA-376, as
openpyxl lists them in ``openpyxl.utils.formulas.FORMULAE``), which a file
stores by their plain name; and :data:`LATER`, those Excel added since,
which a file stores as ``_xlfn.NAME`` (Microsoft's [MS-XLSX] "future
functions"; a workbook that Excel 2007 opens shows them as #NAME?).  So a
function needs the prefix exactly when it is not in the standard's list
(tests/test_catalog.py holds every declaration to that).

``python -m sheetgd.function_list > docs/functions.md`` writes the list.
"""

from __future__ import annotations

#: Functions Excel added after the ECMA-376 list, by the version that added them.
LATER = frozenset("""
    AGGREGATE BETA.DIST BETA.INV BINOM.DIST BINOM.INV CEILING.PRECISE CHISQ.DIST
    CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST CONFIDENCE.NORM CONFIDENCE.T
    COVARIANCE.P COVARIANCE.S ERF.PRECISE ERFC.PRECISE EXPON.DIST F.DIST F.DIST.RT F.INV
    F.INV.RT F.TEST FLOOR.PRECISE GAMMA.DIST GAMMA.INV GAMMALN.PRECISE HYPGEOM.DIST
    LOGNORM.DIST LOGNORM.INV MODE.MULT MODE.SNGL NEGBINOM.DIST NORM.DIST NORM.INV NORM.S.DIST
    NORM.S.INV PERCENTILE.EXC PERCENTILE.INC PERCENTRANK.EXC PERCENTRANK.INC POISSON.DIST
    QUARTILE.EXC QUARTILE.INC RANK.AVG RANK.EQ STDEV.P STDEV.S T.DIST T.DIST.2T T.DIST.RT
    T.INV T.INV.2T T.TEST VAR.P VAR.S WEIBULL.DIST Z.TEST
    ACOT ACOTH ARABIC BASE BINOM.DIST.RANGE BITAND BITLSHIFT BITOR BITRSHIFT BITXOR
    CEILING.MATH COMBINA COT COTH CSC CSCH DAYS DECIMAL ENCODEURL FILTERXML FLOOR.MATH
    FORMULATEXT GAMMA GAUSS IFNA IMCOSH IMCOT IMCSC IMCSCH IMSEC IMSECH IMSINH IMTAN
    ISFORMULA ISOWEEKNUM MUNIT NUMBERVALUE PDURATION PERMUTATIONA PHI RRI SEC SECH SHEET
    SHEETS SKEW.P UNICHAR UNICODE WEBSERVICE XOR
    CONCAT FORECAST.ETS FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY FORECAST.ETS.STAT
    FORECAST.LINEAR IFS MAXIFS MINIFS SWITCH TEXTJOIN
    ANCHORARRAY FILTER RANDARRAY SEQUENCE SINGLE SORT SORTBY UNIQUE XLOOKUP XMATCH
    LET LAMBDA BYCOL BYROW ISOMITTED MAKEARRAY MAP REDUCE SCAN
    ARRAYTOTEXT VALUETOTEXT CHOOSECOLS CHOOSEROWS DROP EXPAND HSTACK TAKE TEXTAFTER
    TEXTBEFORE TEXTSPLIT TOCOL TOROW VSTACK WRAPCOLS WRAPROWS IMAGE STOCKHISTORY
    REGEXEXTRACT REGEXREPLACE REGEXTEST GROUPBY PIVOTBY PERCENTOF TRIMRANGE
""".split())
# (ISO.CEILING, NETWORKDAYS.INTL and WORKDAY.INTL came with Excel 2010 but are
# in the standard's list: an .xlsx stores them unprefixed, which LibreOffice
# reads, while it answers #NAME? to _xlfn.ISO.CEILING.)



def __getattr__(name: str):
    """``EXCEL``, every worksheet function Excel has by name: made at first
    use, so that calculating never imports openpyxl (0.1 s)."""
    if name == "EXCEL":
        from openpyxl.utils.formulas import FORMULAE

        globals()["EXCEL"] = excel = frozenset(FORMULAE) | LATER
        return excel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Excel's category of each function, as Microsoft gives it (support.microsoft.com):
#: the "Excel functions (alphabetical)" page (b3944572-255d-4efb-bb96-c6d90033e188)
#: names one category per function; the "Excel functions (by category)" page
#: (5f91f4e9-7b42-46d2-9bd1-63f26a86c0eb) links one "... functions (reference)"
#: page per category, and "What's new: Changes made to Excel functions" names
#: the category page of each function Excel 2010 changed.  Checked against the
#: parts of those pages the project's search could show (their beginnings, in
#: several languages): 339 functions are as a page lists them (CEILING
#: is on the math and trigonometry page, not the compatibility one).
#: Unverified, kept as they were: the reference pages list CONCATENATE (text),
#: FLOOR (math and trigonometry) and FORECAST (statistical) under compatibility
#: too, and the alphabetical page, which decides, was not seen that far; and
#: these 176, which no page seen reached (the ends of the longer lists):
#:   ANCHORARRAY ECMA.CEILING FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY
#:   FORECAST.ETS.STAT FORECAST.LINEAR FREQUENCY GAMMA GAMMALN.PRECISE GAUSS
#:   GROUPBY GROWTH HARMEAN IMAGE IMTAN INTERCEPT KURT LARGE LCM LN LOG LOG10
#:   LOGEST MAX MAXA MAXIFS MDETERM MEDIAN MIN MINA MINIFS MINVERSE MMULT
#:   MODE.MULT MODE.SNGL MROUND MULTINOMIAL MUNIT OCT2BIN OCT2DEC OCT2HEX ODD
#:   ODDFYIELD ODDLPRICE ODDLYIELD PDURATION PEARSON PERCENTILE.EXC
#:   PERCENTILE.INC PERCENTOF PERCENTRANK.EXC PERCENTRANK.INC PERMUT
#:   PERMUTATIONA PHI PI PIVOTBY POISSON POWER PRICE PRICEDISC PRICEMAT PROB
#:   PRODUCT PV QUARTILE QUARTILE.EXC QUARTILE.INC QUOTIENT RADIANS RAND
#:   RANDARRAY RANDBETWEEN RANK RANK.AVG RANK.EQ RATE RECEIVED REGEXEXTRACT
#:   REGEXREPLACE REGEXTEST ROMAN ROUND ROUNDDOWN ROUNDUP RRI RSQ SEC SECH
#:   SEQUENCE SERIESSUM SIGN SIN SINGLE SINH SKEW SKEW.P SLN SLOPE SMALL SORT
#:   SORTBY SQRT SQRTPI STANDARDIZE STDEV STDEV.P STDEV.S STDEVA STDEVP
#:   STDEVPA STEYX STOCKHISTORY SUBTOTAL SUM SUMIF SUMIFS SUMPRODUCT SUMSQ
#:   SUMX2MY2 SUMX2PY2 SUMXMY2 SYD T.DIST T.DIST.2T T.DIST.RT T.INV T.INV.2T
#:   T.TEST TAKE TAN TANH TBILLEQ TBILLPRICE TBILLYIELD TDIST TEXTJOIN
#:   TEXTSPLIT TINV TOCOL TOROW TRANSPOSE TREND TRIM TRIMMEAN TRIMRANGE TRUNC
#:   TTEST UNICHAR UNICODE UNIQUE UPPER VALUE VALUETOTEXT VAR VAR.P VAR.S
#:   VARA VARP VARPA VDB VLOOKUP VSTACK WEIBULL WEIBULL.DIST WRAPCOLS
#:   WRAPROWS XIRR XLOOKUP XMATCH XNPV YIELD YIELDDISC YIELDMAT Z.TEST ZTEST
#: ANCHORARRAY and SINGLE, the file forms of the spill (``#``) and
#: implicit-intersection (``@``) operators, are on no page and are kept with
#: lookup and reference; ECMA.CEILING and PERCENTOF, on none either, with math
#: and trigonometry.
CATEGORIES = {
    "compatibility": """BETADIST BETAINV BINOMDIST CHIDIST CHIINV CHITEST CONCATENATE
        CONFIDENCE COVAR CRITBINOM EXPONDIST FDIST FINV FLOOR FORECAST FTEST GAMMADIST
        GAMMAINV HYPGEOMDIST LOGINV LOGNORMDIST MODE NEGBINOMDIST NORMDIST NORMINV NORMSDIST
        NORMSINV PERCENTILE PERCENTRANK POISSON QUARTILE RANK STDEV STDEVP TDIST TINV TTEST
        VAR VARP WEIBULL ZTEST""",
    "cube": """CUBEKPIMEMBER CUBEMEMBER CUBEMEMBERPROPERTY CUBERANKEDMEMBER CUBESET CUBESETCOUNT
        CUBEVALUE""",
    "database": "DAVERAGE DCOUNT DCOUNTA DGET DMAX DMIN DPRODUCT DSTDEV DSTDEVP DSUM DVAR DVARP",
    "date and time": """DATE DATEDIF DATEVALUE DAY DAYS DAYS360 EDATE EOMONTH HOUR ISOWEEKNUM
        MINUTE MONTH NETWORKDAYS NETWORKDAYS.INTL NOW SECOND TIME TIMEVALUE TODAY WEEKDAY
        WEEKNUM WORKDAY WORKDAY.INTL YEAR YEARFRAC""",
    "engineering": """BESSELI BESSELJ BESSELK BESSELY BIN2DEC BIN2HEX BIN2OCT BITAND BITLSHIFT
        BITOR BITRSHIFT BITXOR COMPLEX CONVERT DEC2BIN DEC2HEX DEC2OCT DELTA ERF ERF.PRECISE
        ERFC ERFC.PRECISE GESTEP HEX2BIN HEX2DEC HEX2OCT IMABS IMAGINARY IMARGUMENT
        IMCONJUGATE IMCOS IMCOSH IMCOT IMCSC IMCSCH IMDIV IMEXP IMLN IMLOG10 IMLOG2 IMPOWER
        IMPRODUCT IMREAL IMSEC IMSECH IMSIN IMSINH IMSQRT IMSUB IMSUM IMTAN OCT2BIN OCT2DEC
        OCT2HEX""",
    "financial": """ACCRINT ACCRINTM AMORDEGRC AMORLINC COUPDAYBS COUPDAYS COUPDAYSNC COUPNCD
        COUPNUM COUPPCD CUMIPMT CUMPRINC DB DDB DISC DOLLARDE DOLLARFR DURATION EFFECT FV
        FVSCHEDULE INTRATE IPMT IRR ISPMT MDURATION MIRR NOMINAL NPER NPV ODDFPRICE ODDFYIELD
        ODDLPRICE ODDLYIELD PDURATION PMT PPMT PRICE PRICEDISC PRICEMAT PV RATE RECEIVED RRI
        SLN STOCKHISTORY SYD TBILLEQ TBILLPRICE TBILLYIELD VDB XIRR XNPV YIELD YIELDDISC
        YIELDMAT""",
    "information": """CELL ERROR.TYPE INFO ISBLANK ISERR ISERROR ISEVEN ISFORMULA ISLOGICAL ISNA
        ISNONTEXT ISNUMBER ISODD ISOMITTED ISREF ISTEXT N NA SHEET SHEETS TYPE""",
    "logical": """AND BYCOL BYROW FALSE IF IFERROR IFNA IFS LAMBDA LET MAKEARRAY MAP NOT OR
        REDUCE SCAN SWITCH TRUE XOR""",
    "lookup and reference": """ADDRESS ANCHORARRAY AREAS CHOOSE CHOOSECOLS CHOOSEROWS COLUMN
        COLUMNS DROP EXPAND FILTER FORMULATEXT GETPIVOTDATA GROUPBY HLOOKUP HSTACK HYPERLINK
        IMAGE INDEX INDIRECT LOOKUP MATCH OFFSET PIVOTBY ROW ROWS RTD SINGLE SORT SORTBY TAKE
        TOCOL TOROW TRANSPOSE TRIMRANGE UNIQUE VLOOKUP VSTACK WRAPCOLS WRAPROWS XLOOKUP
        XMATCH""",
    "math and trigonometry": """ABS ACOS ACOSH ACOT ACOTH AGGREGATE ARABIC ASIN ASINH ATAN
        ATAN2 ATANH BASE CEILING CEILING.MATH CEILING.PRECISE COMBIN COMBINA COS COSH COT COTH CSC
        CSCH DECIMAL DEGREES ECMA.CEILING EVEN EXP FACT FACTDOUBLE FLOOR.MATH FLOOR.PRECISE
        GCD INT ISO.CEILING LCM LN LOG LOG10 MDETERM MINVERSE MMULT MOD MROUND MULTINOMIAL
        MUNIT ODD PERCENTOF PI POWER PRODUCT QUOTIENT RADIANS RAND RANDARRAY RANDBETWEEN
        ROMAN ROUND ROUNDDOWN ROUNDUP SEC SECH SEQUENCE SERIESSUM SIGN SIN SINH SQRT SQRTPI
        SUBTOTAL SUM SUMIF SUMIFS SUMPRODUCT SUMSQ SUMX2MY2 SUMX2PY2 SUMXMY2 TAN TANH TRUNC""",
    "statistical": """AVEDEV AVERAGE AVERAGEA AVERAGEIF AVERAGEIFS BETA.DIST BETA.INV
        BINOM.DIST BINOM.DIST.RANGE BINOM.INV CHISQ.DIST CHISQ.DIST.RT CHISQ.INV
        CHISQ.INV.RT CHISQ.TEST CONFIDENCE.NORM CONFIDENCE.T CORREL COUNT COUNTA COUNTBLANK
        COUNTIF COUNTIFS COVARIANCE.P COVARIANCE.S DEVSQ EXPON.DIST F.DIST F.DIST.RT F.INV
        F.INV.RT F.TEST FISHER FISHERINV FORECAST.ETS FORECAST.ETS.CONFINT
        FORECAST.ETS.SEASONALITY FORECAST.ETS.STAT FORECAST.LINEAR FREQUENCY GAMMA GAMMA.DIST
        GAMMA.INV GAMMALN GAMMALN.PRECISE GAUSS GEOMEAN GROWTH HARMEAN HYPGEOM.DIST INTERCEPT
        KURT LARGE LINEST LOGEST LOGNORM.DIST LOGNORM.INV MAX MAXA MAXIFS MEDIAN MIN MINA
        MINIFS MODE.MULT MODE.SNGL NEGBINOM.DIST NORM.DIST NORM.INV NORM.S.DIST NORM.S.INV
        PEARSON PERCENTILE.EXC PERCENTILE.INC PERCENTRANK.EXC PERCENTRANK.INC PERMUT
        PERMUTATIONA PHI POISSON.DIST PROB QUARTILE.EXC QUARTILE.INC RANK.AVG RANK.EQ RSQ SKEW
        SKEW.P SLOPE SMALL STANDARDIZE STDEV.P STDEV.S STDEVA STDEVPA STEYX T.DIST T.DIST.2T
        T.DIST.RT T.INV T.INV.2T T.TEST TREND TRIMMEAN VAR.P VAR.S VARA VARPA WEIBULL.DIST
        Z.TEST""",
    "text": """ARRAYTOTEXT ASC BAHTTEXT CHAR CLEAN CODE CONCAT DOLLAR EXACT FIND FINDB FIXED
        JIS LEFT LEFTB LEN LENB LOWER MID MIDB NUMBERVALUE PHONETIC PROPER REGEXEXTRACT
        REGEXREPLACE REGEXTEST REPLACE REPLACEB REPT RIGHT RIGHTB SEARCH SEARCHB SUBSTITUTE T
        TEXT TEXTAFTER TEXTBEFORE TEXTJOIN TEXTSPLIT TRIM UNICHAR UNICODE UPPER VALUE
        VALUETOTEXT""",
    "web": "ENCODEURL FILTERXML WEBSERVICE",
}
_CATEGORY_OF = {name: category for category, names in CATEGORIES.items()
                for name in names.split()}
#: What :func:`category` says of a name that is no Excel function.
NOT_EXCEL = "not an Excel function"


def category(name: str) -> str:
    """Excel's category of function ``name`` (canonical, upper case, no
    ``_xlfn.``): ``"financial"``; :data:`NOT_EXCEL` for a name Excel does not
    have (a typo, an add-in's or a macro's function)."""
    return _CATEGORY_OF.get(name, NOT_EXCEL)


#: Names in the standard's list that are not functions a formula calls.
_NOT_CALLED = frozenset()


#: Later functions a file stores with a second prefix, ``_xlfn._xlws.NAME``
#: (the worksheet namespace Excel gives names that other Office applications
#: use too): SORT and FILTER.
WORKSHEET_NAMESPACE = frozenset({"SORT", "FILTER"})


def needs_prefix(name: str) -> bool:
    """Whether a file stores ``name`` as ``_xlfn.NAME`` (or ``_xlfn._xlws.NAME``)."""
    return name in LATER


def file_prefix(name: str) -> str:
    """The prefix a file stores ``name`` with: ``_xlfn._xlws.``, ``_xlfn.`` or none."""
    if name in WORKSHEET_NAMESPACE:
        return "_xlfn._xlws."
    return "_xlfn." if name in LATER else ""


def missing(registry) -> list[str]:
    """Excel's functions that ``registry`` (name -> spec) lacks, sorted."""
    return sorted(__getattr__("EXCEL") - set(registry) - _NOT_CALLED)


def markdown(registry) -> str:
    """docs/functions.md: the functions sheetgd has, by family, and Excel's
    functions it has not."""
    families: dict[str, list[str]] = {}
    for name, spec in registry.items():
        family = spec.impl.__module__.rsplit(".", 1)[-1].split("_")[0]  # text_join: text
        families.setdefault(family, []).append(name)
    absent = missing(registry)
    lines = ["# Functions", "",
             "Written by `python -m sheetgd.function_list` (tests/test_catalog.py checks it",
             "is current). Excel's functions are the file format's list (ECMA-376, as",
             "openpyxl has it) and those added since (`sheetgd/engine/catalog.py`).", "",
             f"sheetgd has {len(registry)} of them; {len(absent)} are missing and give",
             "`#NAME?` (`sheetgd eval` lists the ones a workbook uses).", "",
             "## What sheetgd has, by family", ""]
    for family in sorted(families):
        lines.append(f"- **{family}**: " + ", ".join(f"`{n}`" for n in sorted(families[family])))
    lines += ["", "## Not supported yet, by Excel's category", ""]
    by_category: dict[str, list[str]] = {}
    for name in absent:
        by_category.setdefault(category(name), []).append(name)
    for group in sorted(by_category):
        lines.append(f"- **{group}**: " + ", ".join(f"`{n}`" for n in by_category[group]))
    lines.append("")
    return "\n".join(lines)
