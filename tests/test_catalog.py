"""Excel's function names (sheetgd/engine/catalog.py): the prefix files need,
and docs/functions.md, the list of what sheetgd has and has not."""

from __future__ import annotations

from pathlib import Path

from sheetgd.engine.catalog import EXCEL, LATER, markdown, missing
from sheetgd.engine.functions import FILE_PREFIXES, REGISTRY

DOCS = Path(__file__).resolve().parents[1] / "docs" / "functions.md"


def test_every_function_is_one_of_excels():
    assert set(REGISTRY) <= EXCEL, sorted(set(REGISTRY) - EXCEL)


def test_a_declaration_says_the_prefix_the_catalog_gives():
    """``xlfn=True`` exactly for the functions added after the file format's
    list, which Excel writes as ``_xlfn.NAME`` (STDEV.P, CONCAT, XLOOKUP)."""
    wrong = sorted(name for name, spec in REGISTRY.items() if spec.xlfn != (name in LATER))
    assert not wrong, f"xlfn flag differs from the catalog for {wrong}"
    assert FILE_PREFIXES["STDEV.P"] == "_xlfn." and "SUM" not in FILE_PREFIXES
    assert FILE_PREFIXES["SINGLE"] == "_xlfn."


def test_docs_functions_md_is_current():
    assert DOCS.read_text() == markdown(REGISTRY), \
        "docs/functions.md is stale: python -m sheetgd.function_list > docs/functions.md"


def test_missing_names_are_excels_and_not_ours():
    absent = missing(REGISTRY)
    assert "XLOOKUP" in EXCEL and "SUM" not in absent and set(absent).isdisjoint(REGISTRY)


def test_every_excel_function_has_one_category_of_microsofts_page():
    """CATEGORIES holds each of Excel's functions exactly once, under a
    heading of Microsoft's "Excel functions (by category)" page."""
    from collections import Counter

    from sheetgd.engine.catalog import CATEGORIES, NOT_EXCEL, category

    listed = Counter(name for names in CATEGORIES.values() for name in names.split())
    assert set(listed) == EXCEL and max(listed.values()) == 1
    assert (category("PRICE"), category("CUBEVALUE"), category("NORMDIST"),
            category("XLOOKUP"), category("FILTERXML")) == (
        "financial", "cube", "compatibility", "lookup and reference", "web")
    assert category("FROB") == NOT_EXCEL


def test_ceiling_is_math_as_microsofts_reference_pages_list_it():
    """Microsoft's "Math and trigonometry functions (reference)" page lists
    CEILING, and its "Compatibility functions (reference)" page (BINOMDIST,
    then CHIDIST) does not; "What's new: Changes made to Excel functions"
    files GAMMALN under statistical and CONVERT under engineering."""
    from sheetgd.engine.catalog import category

    assert (category("CEILING"), category("GAMMALN"), category("CONVERT")) == (
        "math and trigonometry", "statistical", "engineering")


# --- the function table covers every function -----------------------------------------------

#: Functions with no row in the function table (tests/test_functions.py and
#: tests/function_cases/), and why.  LibreOffice recomputes every row of the
#: table, and its WEBSERVICE would fetch the URL: the connection functions
#: stay out of it.
WITHOUT_ROWS = {
    name: "needs a live connection: tests/test_connections.py checks it (cached values kept, "
          "the documented error for a fresh formula)"
    for name in ("CUBEKPIMEMBER", "CUBEMEMBER", "CUBEMEMBERPROPERTY", "CUBERANKEDMEMBER",
                 "CUBESET", "CUBESETCOUNT", "CUBEVALUE", "IMAGE", "RTD", "STOCKHISTORY",
                 "WEBSERVICE")
}

#: Functions with rows but none whose input is an error, and why.  (Excel
#: refuses to enter a call of a built-in function with too many arguments,
#: so a function of no arguments has no bad input to give it.)
WITHOUT_ERROR_ROWS = {
    "TRUE": "takes no arguments",
    "FALSE": "takes no arguments",
    "PI": "takes no arguments",
    "RAND": "takes no arguments (its rows check 0 <= RAND() < 1)",
    "NOW": "takes no arguments (its rows check it against TODAY)",
    "TODAY": "takes no arguments (its rows check it against NOW)",
}

#: Functions that answer an error argument with a value, not the error
#: (Microsoft's "IS functions" page: they test what kind of value it is;
#: TYPE: 16 for an error; ISOMITTED: an error is no omitted argument): the
#: row that gives one an error, which stands for its error-input row.
ERROR_ARGUMENT_ANSWERS = {
    "ISBLANK": "=ISBLANK(C1)", "ISERR": "=ISERR(C1)", "ISERROR": "=ISERROR(#REF!)",
    "ISLOGICAL": "=ISLOGICAL(C1)", "ISNA": "=ISNA(#REF!)", "ISNONTEXT": "=ISNONTEXT(C1)",
    "ISNUMBER": "=ISNUMBER(C1)", "ISREF": "=ISREF(1/0)", "ISTEXT": "=ISTEXT(C1)",
    "TYPE": "=TYPE(C1)", "ISOMITTED": "=LAMBDA(x,ISOMITTED(x))(1/0)",
    # the counting functions count (or skip) an error instead of giving it
    "COUNT": "=COUNT(C1:C3)", "COUNTA": "=COUNTA(C1:C3)",
    "COUNTBLANK": "=COUNTBLANK(C1:C3)", "COUNTIF": '=COUNTIF(C1:C3,"#N/A")',
}


def _called(formula: str) -> set:
    """The functions a formula calls (``@`` is SINGLE, as files write it)."""
    from sheetgd.engine.nodes import Call, Unary, walk
    from sheetgd.engine.parser import parse

    names = set()
    for node in walk(parse(formula, 1, 1)):
        if isinstance(node, Call):
            names.add(node.name)
        elif isinstance(node, Unary) and node.op == "@":
            names.add("SINGLE")
    return names


def _table_rows() -> dict:
    """{function: [(formula, expected) of each row calling it]}."""
    from .test_functions import CASES

    rows: dict = {}
    for formula, expected in CASES:
        for name in _called(formula):
            rows.setdefault(name, []).append((formula, expected))
    return rows


def _is_error(expected) -> bool:
    return isinstance(expected, str) and expected.startswith("error:")


def test_every_function_has_rows_in_the_table_and_one_with_an_error_input():
    """Issue 16: each function of REGISTRY has a row in the parametrised
    function table, and a row whose input is an error or invalid (its
    expected value an error; for the functions of
    :data:`ERROR_ARGUMENT_ANSWERS`, the documented value they give an
    error), except the exemptions above, each with its reason."""
    rows = _table_rows()
    connected = {name for name, spec in REGISTRY.items() if spec.connection}
    assert set(WITHOUT_ROWS) == connected, "WITHOUT_ROWS is the connection functions"
    assert not connected & set(rows), "a connection function is in the table LibreOffice recomputes"
    without_rows = sorted(set(REGISTRY) - set(rows) - set(WITHOUT_ROWS))

    def has_error_input(name):
        if any(_is_error(expected) for _, expected in rows.get(name, ())):
            return True
        answer = ERROR_ARGUMENT_ANSWERS.get(name)
        return any(formula == answer and not _is_error(expected)
                   for formula, expected in rows.get(name, ()))

    exempt = set(WITHOUT_ROWS) | set(WITHOUT_ERROR_ROWS)
    missing = sorted(name for name in set(REGISTRY) - exempt if not has_error_input(name))
    assert not without_rows and not missing, (
        f"functions without a table row: {without_rows}; "
        f"without an error-input row: {missing}")
    stale = sorted(name for name in WITHOUT_ERROR_ROWS if name not in REGISTRY or has_error_input(name))
    assert not stale, f"exempt, yet declared no more or with an error row: {stale}"
    assert set(ERROR_ARGUMENT_ANSWERS) <= set(REGISTRY)
