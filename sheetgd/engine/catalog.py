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

from openpyxl.utils.formulas import FORMULAE

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

#: Every worksheet function Excel has, by name.
EXCEL = frozenset(FORMULAE) | LATER

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
    return sorted(EXCEL - set(registry) - _NOT_CALLED)


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
    lines += ["", "## Not supported yet", "", ", ".join(f"`{n}`" for n in absent), ""]
    return "\n".join(lines)
