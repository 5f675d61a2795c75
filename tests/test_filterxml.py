"""FILTERXML beyond the function table (tests/function_cases/web.py, which
LibreOffice recomputes): the column it spills, numbers, and hostile XML.

Expected values follow Excel's documentation (the "FILTERXML function"
page: #VALUE! for XML that is not valid; the FilterXML method's page:
results parsed with the data locale, XPath at most 1,024 characters) and
XPath 1.0's meaning of each expression.
"""

from __future__ import annotations

from sheetgd.engine.functions.web import FILTERXML

from .conftest import calc, is_error, make_book

_BOOKS = ('"<bookstore><book><title>Harry Potter</title><price>29.99</price></book>'
          '<book><title>Learning XML</title><price>39.95</price></book></bookstore>"')


def test_a_node_set_spills_as_a_column():
    """Every title, one per row; every price a number (summed: 69.94, to 1e-12
    relative: two decimal additions)."""
    wb = make_book({})
    wb.set("s!A1", f'=FILTERXML({_BOOKS},"//title")')
    assert wb.spill_range("s!A1") == "s!A1:A2"
    assert [wb.value("s!A1"), wb.value("s!A2")] == ["Harry Potter", "Learning XML"]
    total = calc(f'=SUM(FILTERXML({_BOOKS},"//price"))')
    assert abs(total - 69.94) <= 1e-12 * 69.94


def test_one_node_is_a_single_value():
    title = calc(f'=FILTERXML({_BOOKS},"//book[2]/title")')
    assert title == "Learning XML" and type(title) is str  # a plain str, as every text value
    assert calc(f'=FILTERXML({_BOOKS},"//book[1]/price")') == 29.99


def test_text_that_reads_as_a_number_becomes_one_and_other_text_stays():
    assert calc('=FILTERXML("<r><a> 7 </a></r>","//a")') == 7.0  # spaces around: still a number
    assert calc('=FILTERXML("<r><a>1,5</a></r>","//a")') == "1,5"  # no decimal comma here
    assert calc('=FILTERXML("<r><a>007</a></r>","//a")') == 7.0
    assert calc('=FILTERXML("<r><a>TRUE</a></r>","//a")') == "TRUE"


def test_xpath_values_numbers_booleans_strings():
    assert calc(f'=FILTERXML({_BOOKS},"count(//book)")') == 2.0
    assert calc(f'=FILTERXML({_BOOKS},"count(//book)=2")') == 1.0  # as LibreOffice
    assert calc(f'=FILTERXML({_BOOKS},"name(/*)")') == "bookstore"
    assert is_error(calc('=FILTERXML("<r/>","number(\'x\')")'), "#NUM!")  # NaN


def test_errors_are_value_errors():
    assert is_error(calc('=FILTERXML("<r><a>1</a></r>","//b")'), "#VALUE!")  # nothing selected
    assert is_error(calc('=FILTERXML("<r><a>1</r>","//a")'), "#VALUE!")  # not well-formed
    assert is_error(calc('=FILTERXML("<r/>","//a[")'), "#VALUE!")
    assert is_error(calc('=FILTERXML("<x:r/>","/*")'), "#VALUE!")  # undeclared prefix
    assert is_error(calc('=FILTERXML(NA(),"/*")'), "#N/A")  # an argument's error passes


def test_the_xpath_may_have_1024_characters_and_no_more():
    path = "//a" + "[1]" * 340  # 1,023 characters
    assert FILTERXML("<r><a>5</a></r>", path + " ") == 5.0
    assert is_error(FILTERXML("<r><a>5</a></r>", path + "  "), "#VALUE!")


def test_external_entities_are_never_read(tmp_path):
    """A DTD could name a file (or URL) as an entity: refused outright."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = f'<!DOCTYPE r [<!ENTITY s SYSTEM "file://{secret}">]><r>&s;</r>'
    result = FILTERXML(xml, "/r")
    assert is_error(result, "#VALUE!") and "TOP SECRET" not in str(result)


def test_entity_expansion_bombs_are_refused_quickly():
    """The "billion laughs": nine levels of ten references each."""
    defs = '<!ENTITY l0 "ha">' + "".join(
        f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10))
    assert is_error(FILTERXML(f"<!DOCTYPE r [{defs}]><r>&l9;</r>", "/r"), "#VALUE!")
    assert is_error(FILTERXML('<!doctype r><r/>', "/r"), "#VALUE!")  # any case


def test_entity_references_without_a_dtd_are_not_well_formed():
    assert is_error(FILTERXML("<r>&x;</r>", "/r"), "#VALUE!")
    assert FILTERXML("<r>&#65;&amp;</r>", "/r") == "A&"  # character references are no entities


def test_the_docstring_says_how_hostile_xml_is_handled():
    doc = FILTERXML.__doc__
    assert "DTD" in doc and "network" in doc and "entity" in doc
