"""ANCHORARRAY, the spill reference ``C1#`` (tests/test_spill.py has the
arrays themselves: the table has no array formulas), and SINGLE, the
implicit intersection ``@`` (tests/test_excel_syntax.py has ranges, whose
cell depends on the formula's row: the rows here do not)."""

E = "error:"

CASES = [
    ("=ANCHORARRAY(A1)", E + "#REF!"),  # A1 is no array's first cell
    ("=ANCHORARRAY(A1:A2)", E + "#REF!"),  # a spill reference names one cell
    ("=SINGLE(A1)", 1.0),  # one cell: its value (Excel's @ page: "a single value")
    ("=SINGLE({5,6;7,8})", 5.0),  # an array: its top-left value
    ("=SINGLE(C1)", "error:#DIV/0!"),  # an error cell: its error
]

KNOWN_LIBREOFFICE_DIFFERENCES = {
    "=ANCHORARRAY(A1)": "LibreOffice 7.4 has no spill references (#NAME?)",
    "=ANCHORARRAY(A1:A2)": "LibreOffice 7.4 has no spill references (#NAME?)",
    "=SINGLE(A1)": "LibreOffice 7.4 reads no _xlfn.SINGLE (#NAME?)",
    "=SINGLE({5,6;7,8})": "LibreOffice 7.4 reads no _xlfn.SINGLE (#NAME?)",
    "=SINGLE(C1)": "LibreOffice 7.4 reads no _xlfn.SINGLE (#NAME?)",
}
