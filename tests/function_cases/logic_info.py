"""Function-table rows of the logic and information functions added for
issue 16 (sheetgd/engine/functions/logic.py and info.py): IFS, SWITCH, XOR,
ISEVEN, ISODD, ISLOGICAL, ISNONTEXT, ISREF, ISERR, ERROR.TYPE, TYPE, CELL,
INFO, and the examples of the "IS functions" page (ISBLANK, ISERROR, ISNA,
ISNUMBER, ISTEXT).

Expected values are the examples of each function's page in Excel's function
reference (support.microsoft.com, "<NAME> function") and the rules stated
there; the formulas read the table's shared data block (A1:H5).
"""

from __future__ import annotations

E = "error:"

CASES = [
    # --- logic ------------------------------------------------------------------------------
    ("=IFS(93>89,\"A\",93>79,\"B\",TRUE,\"F\")", "A"),
    ("=IFS(71>89,\"A\",71>79,\"B\",71>69,\"C\",TRUE,\"F\")", "C"),
    ("=IFS(A1>5,1,A1>3,2)", E + "#N/A"),  # no condition is TRUE
    ("=IFS(\"x\",1)", E + "#VALUE!"),
    ("=IFS(TRUE,2,1/0,3)", 2.0),  # conditions after the first TRUE are not evaluated
    ("=IFS(C1,1,TRUE,2)", E + "#DIV/0!"),
    ("=SWITCH(2,1,\"Sunday\",2,\"Monday\",3,\"Tuesday\",\"No match\")", "Monday"),
    ("=SWITCH(99,1,\"Sunday\",2,\"Monday\",3,\"Tuesday\")", E + "#N/A"),
    ("=SWITCH(99,1,\"Sunday\",2,\"Monday\",\"No match\")", "No match"),
    ("=SWITCH(\"BANANA\",H1,1,H2,2)", 2.0),  # text without case
    ("=SWITCH(\"7\",7,\"number\",\"text\")", "text"),  # text never equals a number
    ("=SWITCH(C1,1,2)", E + "#DIV/0!"),
    ("=XOR(3>0,2<9)", False),
    ("=XOR(3>12,4>6)", False),
    ("=XOR(TRUE,FALSE)", True),
    ("=XOR(D1:E2,TRUE)", True),  # 1, 0, 0, 1 in the range and TRUE: three TRUE, odd
    ("=XOR(B1)", E + "#VALUE!"),  # no logical value
    ("=XOR(TRUE,C1)", E + "#DIV/0!"),
    # IFNA's page: the value_if_na when value is #N/A, otherwise value (its example looks
    # a city up that is not in the list: "Not found")
    ("=IFNA(MATCH(\"kiwi\",H1:H3,0),\"Not found\")", "Not found"),
    ("=IFNA(C3,\"none\")", "none"),
    ("=IFNA(A5,\"none\")", 10.0),
    ("=IFNA(C1,\"none\")", E + "#DIV/0!"),  # only #N/A is replaced
    # --- information --------------------------------------------------------------------------
    ("=ISEVEN(-1)", False),
    ("=ISEVEN(2.5)", True),
    ("=ISEVEN(5)", False),
    ("=ISEVEN(0)", True),
    ("=ISEVEN(\"x\")", E + "#VALUE!"),
    ("=ISODD(-1)", True),
    ("=ISODD(2.5)", False),
    ("=ISODD(5)", True),
    ("=ISODD(C1)", E + "#DIV/0!"),
    ("=ISLOGICAL(TRUE)", True),
    ("=ISLOGICAL(1)", False),
    ("=ISLOGICAL(B2)", True),
    ("=ISNONTEXT(\"x\")", False),
    ("=ISNONTEXT(B4)", True),
    ("=ISNONTEXT(C1)", True),
    ("=ISNONTEXT(A1)", True),
    ("=ISREF(A1)", True),
    ("=ISREF(A1:B2)", True),
    ("=ISREF(1)", False),
    ("=ISREF(\"A1\")", False),
    ("=ISREF(OFFSET(A1,1,1))", True),
    ("=ISERR(C3)", False),  # #N/A is the one error ISERR leaves out
    ("=ISERR(C1)", True),
    ("=ISERR(A1)", False),
    # "IS functions": the examples (Gold, Region1, #REF!, 330.92, #N/A) and the remarks'
    # ISNUMBER("19").  An error argument is no error here: each IS function answers
    # whether the value is of its kind (the error rows of ISERR, ISNONTEXT and TYPE above)
    ("=ISBLANK(\"Gold\")", False),
    ("=ISERROR(#REF!)", True),
    ("=ISNA(#REF!)", False),
    ("=ISNA(NA())", True),
    ("=ISNUMBER(330.92)", True),
    ("=ISTEXT(\"Region1\")", True),
    ("=ISLOGICAL(\"TRUE\")", False),
    ("=ISNUMBER(\"19\")", False),
    ("=ISBLANK(C1)", False),
    ("=ISLOGICAL(C1)", False),
    ("=ISNUMBER(C1)", False),
    ("=ISTEXT(C1)", False),
    ("=ISREF(1/0)", False),
    ("=ERROR.TYPE(C1)", 2.0),
    ("=ERROR.TYPE(C3)", 7.0),
    ("=ERROR.TYPE(#NULL!)", 1.0),
    ("=ERROR.TYPE(#REF!)", 4.0),
    ("=ERROR.TYPE(A1)", E + "#N/A"),
    ("=TYPE(A1)", 1.0),
    ("=TYPE(H1)", 2.0),
    ("=TYPE(B2)", 4.0),
    ("=TYPE(C1)", 16.0),
    ("=TYPE({1,2})", 64.0),
    ("=TYPE(B4)", 1.0),  # an empty cell
    ("=TYPE(\"Smith\"+1)", 16.0),
    ("=CELL(\"address\",A1)", "$A$1"),
    ("=CELL(\"row\",C7)", 7.0),
    ("=CELL(\"col\",C7)", 3.0),
    ("=CELL(\"contents\",H1)", "apple"),
    ("=CELL(\"type\",B4)", "b"),
    ("=CELL(\"type\",H1)", "l"),
    ("=CELL(\"type\",A1)", "v"),
    ("=CELL(\"row\",A2:B5)", 2.0),  # the first cell of a range
    ("=CELL(\"bogus\",A1)", E + "#VALUE!"),
    ("=INFO(\"numfile\")", 2.0),  # the worksheets (the table has s and data)
    ("=INFO(\"system\")", E + "#VALUE!"),  # describes the computer: not supported
    ("=INFO(\"bogus\")", E + "#VALUE!"),
]

#: Rows where LibreOffice answers otherwise (sheetgd follows Excel).
KNOWN_LIBREOFFICE_DIFFERENCES = {
    "=SWITCH(\"7\",7,\"number\",\"text\")": "text that spells a number matches the number",
    "=ERROR.TYPE(#NULL!)": "the #NULL! constant read from a file gives #N/A",
    "=TYPE(B2)": "a cell holding TRUE is type 8 (a formula) after reading an .xlsx file",
    "=INFO(\"numfile\")": "counts LibreOffice's open documents, not worksheets",
    "=INFO(\"system\")": "names the system LibreOffice runs on (sheetgd: not supported, #VALUE!)",
}
