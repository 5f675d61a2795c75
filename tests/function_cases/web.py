"""Function table rows of the web family: FILTERXML (ENCODEURL's are in
text.py; WEBSERVICE is not supported).

Expected values follow the rules of Excel's documentation: the "FILTERXML
function" page (#VALUE! for XML that is not valid or holds a namespace
prefix that is not valid) and the FilterXML method's page (results "parsed
via the user specified data locale": a number's text becomes a number;
XPath limited to 1,024 characters), with XPath 1.0's own meaning of each
expression (a node's string-value is the text of its descendants).
"""

from __future__ import annotations

E = "error:"

_THREE = '"<r><a>1</a><a>2</a><a>4</a></r>"'

CASES = [
    ("=FILTERXML(\"<r><b>Harry</b></r>\",\"//b\")", "Harry"),
    ("=FILTERXML(\"<r><a>x</a><a>y</a></r>\",\"//a[2]\")", "y"),
    ("=FILTERXML(\"<r><a>x</a><a>y</a></r>\",\"//a[last()]\")", "y"),
    ("=FILTERXML(\"<r><p k=\"\"v\"\">t</p></r>\",\"//p/@k\")", "v"),
    ("=FILTERXML(\"<r><c><d>p</d><d>q</d></c></r>\",\"//c\")", "pq"),  # string-value
    ("=FILTERXML(\"<r><a>x</a></r>\",\"//a[1]/text()\")", "x"),
    ("=FILTERXML(\"<r><a>&amp;b</a></r>\",\"//a\")", "&b"),
    ("=FILTERXML(\"<r><a>p</a></r>\",\"concat(//a,\"\"-\"\",name(/*))\")", "p-r"),
    ("=FILTERXML(\"<r><a>x</a><a>y</a></r>\",\"count(//a)\")", 2.0),
    ("=FILTERXML(\"<r><a n=\"\"1\"\"/><a n=\"\"2\"\"/></r>\",\"sum(//a/@n)\")", 3.0),
    ("=FILTERXML(\"<r><a>29.99</a></r>\",\"//a\")", 29.99),  # numbers become numbers
    ("=FILTERXML(\"<r><a>-1E3</a></r>\",\"//a\")+1", -999.0),  # (LibreOffice: its text, then + reads it)
    ("=ISTEXT(FILTERXML(\"<r><a>5</a></r>\",\"//a\"))", False),
    ("=SUM(FILTERXML(" + _THREE + ",\"//a\"))", 7.0),  # every node, as a column
    ("=ROWS(FILTERXML(" + _THREE + ",\"//a\"))", 3.0),
    ("=INDEX(FILTERXML(" + _THREE + ",\"//a\"),3)", 4.0),
    ("=FILTERXML(\"<r><a>1</a></r>\",\"//zz\")", E + "#VALUE!"),  # nothing selected
    ("=FILTERXML(\"<r><a>\",\"//a\")", E + "#VALUE!"),  # not well-formed
    ("=FILTERXML(\"<x:r><a>1</a></x:r>\",\"//a\")", E + "#VALUE!"),  # undeclared prefix
    ("=FILTERXML(\"<r/>\",\"//[\")", E + "#VALUE!"),  # invalid XPath
    ("=FILTERXML(\"<r/>\",\"//x:a\")", E + "#VALUE!"),  # a prefix the XPath cannot know
    ("=FILTERXML(\"\",\"//a\")", E + "#VALUE!"),
    ("=FILTERXML(\"<r><a>1</a></r>\",\"\")", E + "#VALUE!"),
    ("=FILTERXML(\"<r><a>1</a></r>\",\"//a\"&REPT(\"[1]\",341))", E + "#VALUE!"),  # over 1,024
    ("=FILTERXML(\"<!DOCTYPE r [<!ENTITY e \"\"ee\"\">]><r>&e;</r>\",\"/r\")", E + "#VALUE!"),
]

_NUMBERS = "LibreOffice keeps a node's number as text (its ScFilterXML pushes every node as a string)"
_ONE_NODE = ("LibreOffice gives FILTERXML's nodes as an array only in an array formula over several "
             "cells; elsewhere the first node alone (ScFilterXML's nMatRows is 1)")

KNOWN_LIBREOFFICE_DIFFERENCES = {
    "=FILTERXML(\"<r><a>29.99</a></r>\",\"//a\")": _NUMBERS,
    "=ISTEXT(FILTERXML(\"<r><a>5</a></r>\",\"//a\"))": _NUMBERS,
    "=SUM(FILTERXML(" + _THREE + ",\"//a\"))": _ONE_NODE + " (its text \"1\", which SUM refuses)",
    "=ROWS(FILTERXML(" + _THREE + ",\"//a\"))": _ONE_NODE,
    "=INDEX(FILTERXML(" + _THREE + ",\"//a\"),3)": _ONE_NODE,
    "=FILTERXML(\"<r><a>1</a></r>\",\"//zz\")": (
        "LibreOffice gives #N/A for an empty node-set; Excel #VALUE! (Microsoft's page is silent; "
        "SpreadJS's FILTERXML page, which follows Excel, says so)"),
    "=FILTERXML(\"<x:r><a>1</a></x:r>\",\"//a\")": "LibreOffice's libxml2 parse only warns of an "
                                                  "undeclared prefix; Excel's page: #VALUE!",
    "=FILTERXML(\"<r><a>1</a></r>\",\"//a\"&REPT(\"[1]\",341))": "LibreOffice has no limit on the XPath's "
                                                             "length; Excel's is 1,024 characters",
    "=FILTERXML(\"<!DOCTYPE r [<!ENTITY e \"\"ee\"\">]><r>&e;</r>\",\"/r\")": (
        "LibreOffice expands the DTD's internal entity (\"ee\"); sheetgd refuses any DTD, as "
        "hostile XML could read files or expand without bound (Excel unverified)"),
}
