"""LET (tests/test_let.py has files and scopes): Excel's documented
examples, ``=LET(x, 1, x + 1)`` is 2."""

E = "error:"

CASES = [
    ("=LET(x,1,x+1)", 2.0),  # Excel's LET page
    ("=LET(x,A1,y,x+1,x*y)", 2.0),  # a later value sees the earlier names (A1 is 1)
    ("=LET(x,A1:A3,SUM(x))", 6.0),  # a name may stand for a range
    ("=LET(x,2,LET(x,10,x)+x)", 12.0),  # an inner LET's name hides the outer one
    ("=LET(x,{1,2,3},SUM(x*2))", 12.0),  # a name bound to an array acts as the whole array
    ("=LET(x,A1:A3,SUM(x*x))", 14.0),  # and one bound to a range as the whole range
    ("=LET(x,1,z)", E + "#NAME?"),  # a name bound nowhere
    ("=LET(x,1,y,2)", E + "#VALUE!"),  # no calculation after the pairs
    ("=LET(A1,1,2)", E + "#VALUE!"),  # a reference is no name
]

KNOWN_LIBREOFFICE_DIFFERENCES = {formula: "LibreOffice 7.4 has no LET (#NAME?)"
                                 for formula, _ in CASES if formula != "=LET(x,1,z)"}
