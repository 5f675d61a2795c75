"""ANCHORARRAY, the spill reference ``C1#`` (tests/test_spill.py has the
arrays themselves: the table has no array formulas)."""

E = "error:"

CASES = [
    ("=ANCHORARRAY(A1)", E + "#REF!"),  # A1 is no array's first cell
    ("=ANCHORARRAY(A1:A2)", E + "#REF!"),  # a spill reference names one cell
]

KNOWN_LIBREOFFICE_DIFFERENCES = {
    "=ANCHORARRAY(A1)": "LibreOffice 7.4 has no spill references (#NAME?)",
    "=ANCHORARRAY(A1:A2)": "LibreOffice 7.4 has no spill references (#NAME?)",
}
