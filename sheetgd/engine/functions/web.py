"""Web functions: FILTERXML.

(ENCODEURL is in :mod:`.text_more`; WEBSERVICE, which fetches a URL, is not
supported: a formula engine that reaches the network while it recalculates
would be neither reproducible nor safe.)

FILTERXML evaluates an XPath 1.0 expression over an XML text with lxml
(libxml2, as LibreOffice's FILTERXML uses).  The XML comes from cells, so
it is treated as hostile: no DTD is accepted at all (a ``<!DOCTYPE`` is
#VALUE!), so no entity is expanded -- neither an external one (a file or
URL) nor an internal one (no "billion laughs"); the parser never reaches
the network (``no_network``), refuses lxml's huge-tree mode, and the text
is at most a cell's 32,767 characters anyway.
"""

from __future__ import annotations

import re

from lxml import etree

from .. import errors
from ..values import Array
from .base import TEXT, function

#: The longest XPath Excel takes (learn.microsoft.com, "WorksheetFunction.FilterXML
#: method": "The XPath parameter is limited to 1024 characters").
MAX_XPATH = 1024

#: What FILTERXML reads as a number: a decimal number, with sign, fraction and
#: exponent, spaces around it ignored ("29.99", "-1E3").
_NUMBER = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*")


def _parser() -> etree.XMLParser:
    """A parser that expands no entity, loads no DTD, never uses the network
    and keeps libxml2's limits on depth and text sizes (no huge_tree)."""
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False, remove_comments=False)


def _value(text: str):
    """A result's text as Excel shows it: a number when it reads as one."""
    if _NUMBER.fullmatch(text):
        return float(text)
    return text


def _node_text(node) -> str:
    """XPath's string-value of a node-set member: an element's text and its
    descendants' (comments left out), an attribute's or text node's value,
    a comment's text."""
    if isinstance(node, str):  # attribute values and text nodes (lxml's "smart strings")
        return str(node)
    if isinstance(node, tuple):  # a namespace node: (prefix, URI)
        return node[1]
    return str(node.xpath("string(.)"))  # a plain str: lxml's subclass keeps the tree alive


@function("FILTERXML", TEXT, TEXT, xlfn=True)
def FILTERXML(xml, xpath):
    """The data ``xpath`` (XPath 1.0) selects in the XML text ``xml``.  A
    node-set gives each node's text, one per row (a column array that
    spills; a single node gives its value alone), each a number when it
    reads as a decimal number (``"29.99"`` -> 29.99: Excel parses results
    with the data locale); a number (``count(//a)``) is that number, a
    boolean 1 or 0 (as LibreOffice gives it; Excel's page is silent) and a
    string its text, read as a number like a node's.  #VALUE! for XML that is not well-formed (an undeclared
    namespace prefix included), an invalid XPath or one longer than 1,024
    characters, a node-set that is empty, and for empty ``xml`` or
    ``xpath``.  Excel's FILTERXML (support.microsoft.com, "FILTERXML
    function").

    Hostile XML is refused, not parsed: any DTD (``<!DOCTYPE``) is #VALUE!,
    so no entity, external or internal, is ever expanded; the parser has
    no network access and no huge-tree mode (see the module docstring).
    Where Excel and LibreOffice differ (LibreOffice keeps numbers as text,
    gives #N/A for an empty node-set, accepts an undeclared prefix) see
    docs/compatibility.md."""
    if not xml or not xpath:
        return errors.VALUE("FILTERXML needs XML text and an XPath")
    if len(xpath) > MAX_XPATH:
        return errors.VALUE(f"FILTERXML's XPath of {len(xpath):,} characters: Excel takes at most "
                            f"{MAX_XPATH:,}")
    if "<!DOCTYPE" in xml.upper():
        return errors.VALUE("FILTERXML refuses XML with a DTD (<!DOCTYPE ...>): its entities "
                            "could read files or expand without bound")
    try:
        root = etree.fromstring(xml.encode("utf-8", "surrogatepass"), _parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        return errors.VALUE(f"FILTERXML: the XML is not well-formed ({_first_line(exc)})")
    try:
        found = root.getroottree().xpath(xpath)
    except (etree.XPathError, ValueError) as exc:
        return errors.VALUE(f"FILTERXML: invalid XPath {xpath!r} ({_first_line(exc)})")
    if isinstance(found, bool):
        return 1.0 if found else 0.0
    if isinstance(found, float):
        return found
    if isinstance(found, str):
        return _value(str(found))
    if not found:
        return errors.VALUE(f"FILTERXML: {xpath!r} selects nothing")
    values = [_value(_node_text(node)) for node in found]
    if len(values) == 1:
        return values[0]
    return Array(tuple((v,) for v in values))


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
