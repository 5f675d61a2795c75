"""Function table rows of the lookup and reference family (see __init__.py).

The data blocks are the examples of Excel's documentation
(support.microsoft.com, one page per function): VLOOKUP's density table
(J10:L18), HLOOKUP's axles/bearings/bolts (J20:L23), LOOKUP's frequency
and colour vectors (J30:K34); the expected values are the ones given there,
or follow from the rules stated there.
"""

from __future__ import annotations

E = "error:"

DATA = {
    # the case: 1, "x" / 2, "y"
    "J1": 1, "K1": "x", "J2": 2, "K2": "y",
    "L1": "=J1+J2",  # a formula, for ISFORMULA and FORMULATEXT
    # VLOOKUP's example: density, viscosity, temperature (ascending density)
    **{f"J{r}": d for r, d in zip(range(10, 19), [0.457, 0.525, 0.606, 0.675, 0.746, 0.835, 0.946, 1.09, 1.29])},
    **{f"K{r}": v for r, v in zip(range(10, 19), [3.55, 3.25, 2.93, 2.75, 2.57, 2.38, 2.17, 1.95, 1.71])},
    **{f"L{r}": t for r, t in zip(range(10, 19), [500, 400, 300, 250, 200, 150, 100, 50, 0])},
    # HLOOKUP's example
    "J20": "Axles", "K20": "Bearings", "L20": "Bolts",
    "J21": 4, "K21": 4, "L21": 9,
    "J22": 5, "K22": 7, "L22": 10,
    "J23": 6, "K23": 8, "L23": 11,
    # LOOKUP's example: frequency and colour
    **{f"J{r}": f for r, f in zip(range(30, 35), [4.14, 4.19, 5.17, 5.77, 6.39])},
    **{f"K{r}": c for r, c in zip(range(30, 35), ["red", "orange", "yellow", "green", "blue"])},
    # names for exact matches (case, wildcards)
    "J40": "Kim", "K40": 10, "J41": "Davolio", "K41": 20, "J42": "Buchanan", "K42": 30,
    "J43": "Fuller", "K43": 40,
    # TRIMRANGE: in J50:M55 values only in K51 and L52 (the rest blank)
    "K51": "x", "L52": 10,  # (column K: text, which COUNT(C11) skips)
    # a blank lookup value (J60, never written) over a 0 (J62) and over a blank (J65)
    "J61": 4, "K61": "four", "J62": 0, "K62": "zero", "J63": 7, "K63": "seven",
    "J64": 4, "J66": 7,
}

CASES = [
    # --- VLOOKUP ---------------------------------------------------------------------
    ("=VLOOKUP(2,J1:K2,2,FALSE)", "y"),  # issue 16
    ("=VLOOKUP(1,J10:L18,2)", 2.17),
    ("=VLOOKUP(1,J10:L18,3,TRUE)", 100.0),
    ("=VLOOKUP(0.7,J10:L18,3,FALSE)", E + "#N/A"),
    ("=VLOOKUP(0.1,J10:L18,2,TRUE)", E + "#N/A"),
    ("=VLOOKUP(2,J10:L18,2,TRUE)", 1.71),
    ("=VLOOKUP(0.606,J10:L18,3,0)", 300.0),
    ("=VLOOKUP(1,J10:L18,2.9)", 2.17),  # the column is truncated
    ("=VLOOKUP(1,J10:L18,0)", E + "#VALUE!"),
    ("=VLOOKUP(1,J10:L18,4)", E + "#REF!"),
    ("=VLOOKUP(\"davolio\",J40:K43,2,FALSE)", 20.0),  # case-insensitive
    ("=VLOOKUP(\"B*\",J40:K43,2,FALSE)", 30.0),  # wildcards
    ("=VLOOKUP(\"?im\",J40:K43,2,FALSE)", 10.0),
    ("=VLOOKUP(\"2\",J1:K2,2,FALSE)", E + "#N/A"),  # text is not a number
    ("=VLOOKUP(1,{1,\"a\";0,\"b\"},2)", "a"),  # unsorted: Excel's binary search
    ("=VLOOKUP(C3,J1:K2,2,FALSE)", E + "#N/A"),
    # a blank cell as lookup_value is the number 0 (Excel, measured: formualizer issue 319;
    # HyperFormula issue 526), and a blank entry matches nothing, not even a blank value
    ("=MATCH(J60,J61:J63,0)", 2.0),
    ("=MATCH(J60,J64:J66,0)", E + "#N/A"),
    ("=VLOOKUP(J60,J61:K63,2,FALSE)", "zero"),
    ("=VLOOKUP(J60,{0,\"a\";2,\"b\"},2)", "a"),
    ("=HLOOKUP(J60,{-5,0,8;\"a\",\"b\",\"c\"},2,FALSE)", "b"),
    ("=HLOOKUP(J60,{-5,2,8;\"a\",\"b\",\"c\"},2)", "a"),
    ("=VLOOKUP(C1,J1:K2,2,FALSE)", E + "#DIV/0!"),
    # --- HLOOKUP ---------------------------------------------------------------------
    ("=HLOOKUP(\"Axles\",J20:L23,2,TRUE)", 4.0),
    ("=HLOOKUP(\"Bearings\",J20:L23,3,FALSE)", 7.0),
    ("=HLOOKUP(\"B\",J20:L23,3,TRUE)", 5.0),
    ("=HLOOKUP(\"Bolts\",J20:L23,4)", 11.0),
    ("=HLOOKUP(3,{1,2,3;\"a\",\"b\",\"c\";\"d\",\"e\",\"f\"},2,TRUE)", "c"),
    ("=HLOOKUP(\"Axles\",J20:L23,5)", E + "#REF!"),
    ("=HLOOKUP(\"A\",J20:L23,2)", E + "#N/A"),
    # --- LOOKUP ----------------------------------------------------------------------
    ("=LOOKUP(4.19,J30:J34,K30:K34)", "orange"),
    ("=LOOKUP(5.75,J30:J34,K30:K34)", "yellow"),
    ("=LOOKUP(7.66,J30:J34,K30:K34)", "blue"),
    ("=LOOKUP(0,J30:J34,K30:K34)", E + "#N/A"),
    ("=LOOKUP(\"C\",{\"a\",\"b\",\"c\",\"d\";1,2,3,4})", 3.0),
    ("=LOOKUP(\"bump\",{\"a\",1;\"b\",2;\"c\",3})", 2.0),
    ("=LOOKUP(5,J30:J34)", 4.19),
    ("=LOOKUP(1,J10:L18)", 100.0),  # taller than wide: the first column, the last column's value
    # --- XLOOKUP ---------------------------------------------------------------------
    ("=XLOOKUP(2,J1:J2,K1:K2)", "y"),
    ("=XLOOKUP(0.606,J10:J18,L10:L18)", 300.0),
    ("=XLOOKUP(0.7,J10:J18,L10:L18)", E + "#N/A"),
    ("=XLOOKUP(0.7,J10:J18,L10:L18,\"none\")", "none"),
    ("=XLOOKUP(0.7,J10:J18,L10:L18,,-1)", 250.0),
    ("=XLOOKUP(0.7,J10:J18,L10:L18,,1)", 200.0),
    ("=XLOOKUP(0.7,J10:J18,L10:L18,,1,2)", 200.0),
    ("=XLOOKUP(0.7,J10:J18,L10:L18,,-1,2)", 250.0),
    ("=XLOOKUP(150,L10:L18,J10:J18,,0,-2)", 0.835),
    ("=XLOOKUP(120,L10:L18,J10:J18,,1,-2)", 0.835),
    ("=XLOOKUP(120,L10:L18,J10:J18,,-1,-2)", 0.946),
    ("=XLOOKUP(\"b*\",J40:J43,K40:K43,,2)", 30.0),
    ("=XLOOKUP(\"b*\",J40:J43,K40:K43)", E + "#N/A"),  # wildcards only with match_mode 2
    ("=XLOOKUP(\"Bolts\",J20:L20,J23:L23)", 11.0),
    ("=SUM(XLOOKUP(\"Bearings\",J20:L20,J21:L23))", 19.0),  # a whole column of the table
    ("=XLOOKUP(2,{1,2,2,3},{\"a\",\"b\",\"c\",\"d\"},,0,-1)", "c"),
    ("=XLOOKUP(2,{1,2,2,3},{\"a\",\"b\",\"c\",\"d\"})", "b"),
    ("=XLOOKUP(1,J10:J18,L10:L17)", E + "#VALUE!"),
    ("=XLOOKUP(1,J10:K18,L10:L18)", E + "#VALUE!"),
    ("=XLOOKUP(1,J10:J18,L10:L18,,3)", E + "#VALUE!"),
    ("=XLOOKUP(1,J10:J18,L10:L18,,0,0)", E + "#VALUE!"),
    # --- XMATCH ----------------------------------------------------------------------
    ("=XMATCH(0.606,J10:J18)", 3.0),
    ("=XMATCH(0.7,J10:J18,1)", 5.0),
    ("=XMATCH(0.7,J10:J18,-1)", 4.0),
    ("=XMATCH(\"?ull*\",J40:J43,2)", 4.0),
    ("=XMATCH(2,{1,2,2,3},0,-1)", 3.0),
    ("=XMATCH(\"BOLTS\",J20:L20)", 3.0),
    ("=XMATCH(5,{1,2,3})", E + "#N/A"),
    ("=XMATCH(4,{5,4,3,2,1})", 2.0),
    ("=XMATCH(4.5,{5,4,3,2,1},1)", 1.0),
    ("=XMATCH(,J1:J3)", 3.0),  # a left-out value finds the first blank
    ("=XLOOKUP(,J1:J3,J1:J3,\"none\")", 0.0),
    ("=XMATCH(1,{1,2},0,3)", E + "#VALUE!"),
    # --- ADDRESS ---------------------------------------------------------------------
    ("=ADDRESS(2,3)", "$C$2"),
    ("=ADDRESS(2,3,2)", "C$2"),
    ("=ADDRESS(2,3,3)", "$C2"),
    ("=ADDRESS(2,3,4)", "C2"),
    ("=ADDRESS(2,3,2,FALSE)", "R2C[3]"),
    ("=ADDRESS(2,3,1,FALSE)", "R2C3"),
    ("=ADDRESS(2,3,4,FALSE)", "R[2]C[3]"),
    ("=ADDRESS(2,3,1,FALSE,\"[Book1]Sheet1\")", "[Book1]Sheet1!R2C3"),
    ("=ADDRESS(2,3,1,FALSE,\"EXCEL SHEET\")", "'EXCEL SHEET'!R2C3"),
    ("=ADDRESS(1,28,1,TRUE,\"data\")", "data!$AB$1"),
    ("=ADDRESS(2.9,3.9,4)", "C2"),  # truncated
    ("=ADDRESS(0,1)", E + "#VALUE!"),
    ("=ADDRESS(1,16385)", E + "#VALUE!"),
    ("=ADDRESS(1,1,5)", E + "#VALUE!"),
    # --- INDIRECT in R1C1 style (the table's formulas are in Z100) ------------------------
    ("=INDIRECT(\"R10C10\",FALSE)", 0.457),
    ("=INDIRECT(\"r[-90]c[-16]\",FALSE)", 0.457),  # from the formula's own cell
    ("=SUM(INDIRECT(\"R21C10:R23C12\",FALSE))", 64.0),
    ("=COUNT(INDIRECT(\"C11\",FALSE))", 16.0),  # a whole column (K)
    ("=INDIRECT(\"data!R1C1\",FALSE)", 0.0),
    ("=INDIRECT(\"R0C1\",FALSE)", E + "#REF!"),
    ("=INDIRECT(\"A1\",FALSE)", E + "#REF!"),
    # --- AREAS, TRANSPOSE, ISFORMULA, FORMULATEXT, SHEET(S), HYPERLINK ----------------
    ("=AREAS(J10:L18)", 1.0),
    ("=AREAS(J1)", 1.0),
    ("=INDEX(TRANSPOSE(J10:L11),3,2)", 400.0),
    ("=SUM(TRANSPOSE(J21:L23))", 64.0),
    ("=COLUMNS(TRANSPOSE(J10:J18))", 9.0),
    ("=ROWS(TRANSPOSE({1,2,3}))", 3.0),
    ("=ISFORMULA(L1)", True),
    ("=ISFORMULA(J1)", False),
    ("=FORMULATEXT(L1)", "=J1+J2"),
    ("=FORMULATEXT(J1)", E + "#N/A"),
    ("=SHEET()", 1.0),
    ("=SHEET(\"data\")", 2.0),
    ("=SHEET(data!A1)", 2.0),
    ("=SHEET(\"nowhere\")", E + "#N/A"),
    ("=SHEETS()", 2.0),
    ("=SHEETS(J1:K2)", 1.0),
    ("=HYPERLINK(\"http://example.com/\",\"Example\")", "Example"),
    ("=HYPERLINK(\"http://example.com/\")", "http://example.com/"),
    ("=HYPERLINK(\"#s!J1\",J1)", 1.0),
    # "AREAS function" examples: a union of three areas, an intersection (one area); an
    # intersection of no cell is #NULL! ("Calculation operators and precedence")
    ("=AREAS((J1:K2,J5,J6:L9))", 3.0),
    ("=AREAS(J1:L9 J1)", 1.0),
    ("=AREAS(J1:J2 K1:K2)", E + "#NULL!"),
    # error inputs: a reference that is an error (OFFSET off the sheet: #REF!) gives it
    ("=ROWS(OFFSET(A1,-1,0))", E + "#REF!"),
    ("=COLUMNS(OFFSET(A1,0,-1))", E + "#REF!"),
    ("=COLUMN(OFFSET(A1,0,-1))", E + "#REF!"),
    ("=ISFORMULA(OFFSET(J1,-1,0))", E + "#REF!"),
    ("=SHEETS(OFFSET(J1,-1,0))", E + "#REF!"),
    ("=INDEX(TRANSPOSE(B1:C3),2,1)", E + "#DIV/0!"),  # C1's error, moved to row 2
    # "HYPERLINK function": "If friendly_name returns an error value (for example, #VALUE!),
    # the cell displays the error instead of the jump text"
    ("=HYPERLINK(\"http://example.com/\",C1)", E + "#DIV/0!"),
    # --- CHOOSECOLS, CHOOSEROWS, TAKE, DROP, EXPAND -------------------------------------
    ("=SUM(CHOOSECOLS(J21:L23,1,3))", 45.0),
    ("=SUM(CHOOSECOLS(J21:L23,-1))", 30.0),
    ("=INDEX(CHOOSECOLS(J21:L23,3,1),1,2)", 4.0),
    ("=CHOOSECOLS(J21:L23,4)", E + "#VALUE!"),
    ("=CHOOSECOLS(J21:L23,0)", E + "#VALUE!"),
    ("=SUM(CHOOSEROWS(J21:L23,{1,3}))", 42.0),
    ("=INDEX(CHOOSEROWS(J21:L23,-1,1),2,3)", 9.0),
    ("=CHOOSEROWS(J21:L23,-4)", E + "#VALUE!"),
    ("=SUM(TAKE(J21:L23,2))", 39.0),
    ("=SUM(TAKE(J21:L23,-1,-2))", 19.0),
    ("=SUM(TAKE(J21:L23,,1))", 15.0),
    ("=SUM(TAKE(J21:L23,10))", 64.0),
    ("=TAKE(J21:L23,0)", E + "#CALC!"),
    ("=TAKE(J21:L23,\"a\")", E + "#VALUE!"),
    ("=SUM(DROP(J21:L23,1))", 47.0),
    ("=SUM(DROP(J21:L23,-1,1))", 30.0),
    ("=SUM(DROP(J21:L23,,-2))", 15.0),
    ("=DROP(J21:L23,3)", E + "#CALC!"),
    ("=ROWS(EXPAND(J21:L23,5))", 5.0),
    ("=INDEX(EXPAND({1,2},2,3,\"-\"),2,3)", "-"),
    ("=INDEX(EXPAND({1,2},2),2,1)", E + "#N/A"),
    ("=EXPAND(J21:L23,2)", E + "#VALUE!"),
    # --- VSTACK, HSTACK, TOCOL, TOROW, WRAPROWS, WRAPCOLS ------------------------------
    ("=ROWS(VSTACK(J21:L23,{1,2}))", 4.0),
    ("=INDEX(VSTACK(J21:L23,{1,2}),4,3)", E + "#N/A"),
    ("=SUM(VSTACK({1,2},{3,4}))", 10.0),
    ("=COLUMNS(HSTACK(J21:L23,J30:J34))", 4.0),
    ("=SUM(HSTACK({1;2},{3;4}))", 10.0),
    ("=INDEX(HSTACK({1;2},{3}),2,2)", E + "#N/A"),
    ("=ROWS(TOCOL(J21:L23))", 9.0),
    ("=INDEX(TOCOL(J21:L23),4)", 5.0),
    ("=INDEX(TOCOL(J21:L23,0,TRUE),2)", 5.0),
    ("=ROWS(TOCOL(J1:K3,1))", 4.0),  # blanks skipped
    ("=TOCOL(J1:J2,4)", E + "#VALUE!"),
    ("=COLUMNS(TOROW(J21:L23))", 9.0),
    ("=INDEX(TOROW(J21:L23,0,TRUE),1,2)", 5.0),
    ("=INDEX(WRAPROWS({1,2,3,4,5},2),3,1)", 5.0),
    ("=INDEX(WRAPROWS({1,2,3,4,5},2),3,2)", E + "#N/A"),
    ("=INDEX(WRAPROWS({1,2,3,4,5},2,0),3,2)", 0.0),
    ("=WRAPROWS({1,2},0)", E + "#NUM!"),
    ("=WRAPROWS(J21:L23,2)", E + "#VALUE!"),
    ("=INDEX(WRAPCOLS({1,2,3,4,5},2),2,2)", 4.0),
    ("=ROWS(WRAPCOLS({1,2,3,4,5},2))", 2.0),
    # "WRAPCOLS function": #N/A pads the last column, wrap_count below 1 is #NUM!, an array
    # of more than one row or column is #VALUE!.  TOROW keeps an error cell's error
    # (C2 is #NUM!) unless ignore is 2 or 3; an ignore outside 0..3 is #VALUE! (as TOCOL's)
    ("=INDEX(WRAPCOLS({1,2,3,4,5},2),2,3)", E + "#N/A"),
    ("=WRAPCOLS({1,2},0)", E + "#NUM!"),
    ("=WRAPCOLS(J21:L23,2)", E + "#VALUE!"),
    ("=INDEX(TOROW(C1:C3),1,2)", E + "#NUM!"),
    ("=TOROW(C1:C3,2)", E + "#CALC!"),  # all three ignored: an empty array ("#CALC! error")
    ("=TOROW(J21:L23,4)", E + "#VALUE!"),
    # --- SORT, SORTBY, FILTER, UNIQUE ----------------------------------------------------
    ("=INDEX(SORT(J40:K43),1,1)", "Buchanan"),
    ("=INDEX(SORT(J40:K43,2,-1),1,1)", "Fuller"),
    ("=INDEX(SORT({3;\"a\";TRUE;1}),2)", 3.0),  # numbers, text, logical values
    ("=INDEX(SORT(J21:L23,2,-1,TRUE),1,1)", 9.0),  # columns by their second row
    ("=INDEX(SORT({1,\"b\";1,\"a\";0,\"c\"},{1,2},{1,-1}),2,2)", "b"),
    ("=SORT(J40:K43,3)", E + "#VALUE!"),
    ("=SORT(J40:K43,1,2)", E + "#VALUE!"),
    ("=INDEX(SORTBY(J40:J43,K40:K43,-1),1)", "Fuller"),
    ("=INDEX(SORTBY({\"a\",\"b\",\"c\"},{2,3,1}),1,1)", "c"),
    ("=SORTBY(J40:J43,K40:K42)", E + "#VALUE!"),
    ("=SUM(FILTER(K40:K43,K40:K43>15))", 90.0),
    ("=INDEX(FILTER(J40:K43,K40:K43>25),1,1)", "Buchanan"),
    ("=FILTER(J40:J43,K40:K43>99)", E + "#CALC!"),
    ("=FILTER(J40:J43,K40:K43>99,\"none\")", "none"),
    ("=FILTER(J40:J43,K40:K42>1)", E + "#VALUE!"),
    ("=ROWS(UNIQUE({1;2;1;\"a\";\"A\"}))", 3.0),  # text without regard to case
    ("=ROWS(UNIQUE({1;2;1},,TRUE))", 1.0),
    ("=SUM(UNIQUE({1;2;1}))", 3.0),
    ("=UNIQUE({1;1},,TRUE)", E + "#CALC!"),
    ("=COLUMNS(UNIQUE({1,2,1},TRUE))", 2.0),
    # no PivotTable on the table's sheet: #REF! (Microsoft's GETPIVOTDATA page; PivotTables
    # themselves: tests/test_pivots.py)
    ("=GETPIVOTDATA(\"Sales\",J1)", E + "#REF!"),
    # --- TRIMRANGE and the trim references (Microsoft's "TRIMRANGE function": blank
    # outer rows and columns left out, 0 none, 1 leading, 2 trailing, 3 both; A1.:.E10
    # is TRIMRANGE(A1:E10,3,3), A1:.E10 (..,2,2), A1.:E10 (..,1,1)) ------------------------
    ("=ROWS(TRIMRANGE(J50:M55))", 2.0),  # K51:L52
    ("=COLUMNS(TRIMRANGE(J50:M55))", 2.0),
    ("=ROW(TRIMRANGE(J50:M55))", 51.0),  # a reference
    ("=ROWS(TRIMRANGE(J50:M55,2,2))", 3.0),  # J50:L52
    ("=COLUMNS(TRIMRANGE(J50:M55,1,1))", 3.0),  # K51:M55
    ("=ROWS(TRIMRANGE(J50:M55,0,3))", 6.0),
    ("=TRIMRANGE(J50:M55,5)", E + "#VALUE!"),
    ("=ROWS(J50.:.M55)", 2.0),
    ("=ROWS(J50:.M55)", 3.0),
    ("=ROWS(J50.:M55)", 5.0),
    ("=SUM(J50:.M55)", 10.0),
    ("=INDEX(J50.:.M55,2,2)", 10.0),
]

#: Functions LibreOffice 7.4 does not have (added in 24.8 and later): every
#: row using one is #NAME? there.
NOT_IN_LIBREOFFICE_7_4 = ("TRIMRANGE", "XLOOKUP", "XMATCH", "CHOOSECOLS", "CHOOSEROWS", "TAKE", "DROP",
                          "EXPAND", "VSTACK", "HSTACK", "TOCOL", "TOROW", "WRAPROWS", "WRAPCOLS", "SORTBY", "SORT",
                          "FILTER", "UNIQUE")

KNOWN_LIBREOFFICE_DIFFERENCES = {
    formula: f"LibreOffice 7.4 has no {name}"
    for formula, _ in CASES
    for name in [next((n for n in NOT_IN_LIBREOFFICE_7_4 if f"{n}(" in formula), None)] if name
}
# (LibreOffice's #VALUE! here is Excel's answer, from the comparison of a range in a
# single-value formula, before the unknown function is met.)
del KNOWN_LIBREOFFICE_DIFFERENCES["=FILTER(J40:J43,K40:K42>1)"]
KNOWN_LIBREOFFICE_DIFFERENCES.update({  # a file's _xlfn._TRO_ALL(J50:M55) ...
    formula: "LibreOffice 7.4 has no trim references (#NAME?)"
    for formula, _ in CASES if ".:" in formula or ":." in formula})
KNOWN_LIBREOFFICE_DIFFERENCES.update({
    "=VLOOKUP(1,J10:L18,4)": "invalid argument saved as #VALUE! (Excel: #REF! past the table)",
    "=HLOOKUP(\"Axles\",J20:L23,5)": "invalid argument saved as #VALUE! (Excel: #REF! past the table)",
    "=SHEET(\"nowhere\")": "invalid argument saved as #VALUE! (Excel: #N/A for a name of no sheet)",
    "=VLOOKUP(\"2\",J1:K2,2,FALSE)": "LibreOffice finds the number 2 for the text \"2\"; Excel "
                                    "matches only values of the same type (#N/A)",
    "=VLOOKUP(1,{1,\"a\";0,\"b\"},2)": "approximate lookup on unsorted data: LibreOffice searches "
                                      "otherwise than Excel's binary search",
    "=ADDRESS(2,3,1,FALSE,\"[Book1]Sheet1\")": "LibreOffice quotes a sheet text holding a workbook "
                                               "name in brackets; Excel writes it as given",
    "=ADDRESS(1,1,5)": "LibreOffice takes an abs_num outside 1..4 as 1; Excel gives #VALUE!",
    "=AREAS((J1:K2,J5,J6:L9))": "LibreOffice computes 3 too, but saves the union operator as '~' "
                                "(its own syntax, not Excel's ','), a formula no .xlsx reader reads",
    "=AREAS(J1:J2 K1:K2)": "an intersection of no cell: LibreOffice saves #REF!, Excel gives #NULL!",
    **{formula: "OFFSET off the sheet: invalid argument saved as #VALUE! (Excel: #REF!)" for formula in (
        "=ROWS(OFFSET(A1,-1,0))", "=COLUMNS(OFFSET(A1,0,-1))", "=COLUMN(OFFSET(A1,0,-1))",
        "=SHEETS(OFFSET(J1,-1,0))")},
    "=ISFORMULA(OFFSET(J1,-1,0))": "LibreOffice's ISFORMULA of an invalid reference is FALSE; "
                                   "Excel passes OFFSET's #REF! on",
    **{formula: "a blank lookup value: Excel looks up 0, LibreOffice empty text (exact: #N/A; "
                "approximate: the last entry, text sorting after numbers)" for formula in (
        "=MATCH(J60,J61:J63,0)", "=VLOOKUP(J60,J61:K63,2,FALSE)", "=VLOOKUP(J60,{0,\"a\";2,\"b\"},2)",
        "=HLOOKUP(J60,{-5,0,8;\"a\",\"b\",\"c\"},2,FALSE)",
        "=HLOOKUP(J60,{-5,2,8;\"a\",\"b\",\"c\"},2)")},
})
