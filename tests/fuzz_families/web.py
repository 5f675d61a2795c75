"""Fuzz generators of the web family: FILTERXML over small XML texts
(elements, attributes, text with entities, nesting, empty elements) and
XPath 1.0 expressions (paths with positions and predicates, attributes,
count, sum, name, string functions), and over text that is no XML.

Every XPath selects at most one node: outside an array formula over
several cells LibreOffice 7.4 gives a node-set's first node alone, where
Excel and sheetgd give the whole column (a row of the function table,
tests/function_cases/web.py, shows it).  Three differences are left in and
classified (:data:`CATEGORIES`): a node whose text is a number (Excel
makes it a number, LibreOffice keeps the text), a path that selects
nothing (Excel #VALUE!, LibreOffice #N/A), XML with an undeclared
namespace prefix (Excel #VALUE!, LibreOffice reads it).  No DTD is generated: sheetgd
refuses it (hostile XML), LibreOffice expands its entities.
"""

from __future__ import annotations

CATEGORIES = {
    "filterxml-number-text": "FILTERXML of a node whose text is a number: Excel (and sheetgd) "
                             "give the number, LibreOffice keeps the text",
    "filterxml-empty-nodeset": "FILTERXML of a path that selects nothing: Excel (and sheetgd) "
                               "#VALUE!, LibreOffice #N/A",
    "filterxml-undeclared-prefix": "FILTERXML of XML with an undeclared namespace prefix "
                                   "(<x:r/>): Excel's page and sheetgd #VALUE!, LibreOffice "
                                   "reads it (libxml2 only warns)",
}

#: Small documents, written as Excel text literals ("" for a quote), each
#: with XPaths that select one of its nodes or give one value (see the
#: module docstring).
_DOCS = {
    '"<r><a>x</a><a>y</a><b k=""v"">t</b></r>"': [
        "//a[1]", "//a[2]", "//a[last()]", "//b", "//b/@k", "string(//b)", "count(//a)>1",
        "concat(//a[1],'-',//a[2])", "/*/*[1]", "local-name(//*[2])", "//a[5]"],
    '"<r><p><q>ab</q><q>cd</q></p><s/><t>tail</t></r>"': [
        "//q[2]", "//p", "//t", "//s", "string-length(//q[1])", "translate(//t,'a','A')"],
    '"<list><i n=""1"">one</i><i n=""2"">two</i><i n=""3"">three</i></list>"': [
        "//i[2]", "//i[@n='3']", "//i[3]/@n", "count(//i)", "sum(//i/@n)", "name(/*)",
        "substring(//i[1],2)"],
    '"<m><v>12.5</v><w>-3</w><u>1,5</u><z> spaced  text </z></m>"': [
        "//v", "//w", "//u", "//z", "normalize-space(//z)", "//v*2"],
    '"<d><e>&amp;&lt;&gt;</e><f><![CDATA[<raw>]]></f><g/></d>"': ["//e", "//f", "//g", "/d"],
    '"<r><a>x</a><!--c--><a>y</a></r>"': ["//comment()", "//a[2]", "count(//node())"],
}
#: XPaths any document may get: some select nothing, some are no XPath.
_PATHS = [path for paths in _DOCS.values() for path in paths] + ["//zz", "//[", "count("]


def table(g) -> dict:
    rng = g.rng

    docs = list(_DOCS)

    def filterxml(d):
        roll = rng.random()
        if roll < 0.8:
            doc = rng.choice(docs)
            path = rng.choice(_DOCS[doc] if rng.random() < 0.8 else _PATHS)
            return f"FILTERXML({doc},\"{path}\")"
        if roll < 0.9:
            doc = rng.choice(['"<r>"', '"<r></s>"', '"<x:r/>"', '""', '"plain text"'])
        else:
            doc = g.text(d - 1)  # text that is no XML: #VALUE!
        return f"FILTERXML({doc},\"{rng.choice(_PATHS)}\")"

    return {"FILTERXML": ("text", filterxml)}


def classify(node, operands, sg, lo):
    """``filterxml-number-text``: FILTERXML gave a number where LibreOffice
    gave the same number's text; ``filterxml-empty-nodeset``: #VALUE! where
    LibreOffice gave #N/A; ``filterxml-undeclared-prefix``: #VALUE! for XML
    whose namespace prefix is not declared, where LibreOffice gave a value."""
    from sheetgd.engine.errors import XLError
    from sheetgd.engine.nodes import Call

    if not (isinstance(node, Call) and node.name == "FILTERXML"):
        return None
    if isinstance(sg, float) and isinstance(lo, str):
        try:
            if float(lo) == sg:
                return "filterxml-number-text"
        except ValueError:
            return None
    if not (isinstance(sg, XLError) and sg.kind == "#VALUE!"):
        return None
    if getattr(lo, "kind", lo) == "#N/A":
        return "filterxml-empty-nodeset"
    xml = operands[0] if operands else None
    if isinstance(xml, str) and _undeclared_prefix(xml):
        return "filterxml-undeclared-prefix"
    return None


def _undeclared_prefix(xml: str) -> bool:
    """Whether lxml refuses ``xml`` for a namespace prefix it does not declare."""
    from lxml import etree

    try:
        etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        return "Namespace prefix" in str(exc)
    except ValueError:
        return False
    return False
