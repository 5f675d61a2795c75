"""The text family beyond the function table: arrays (array formulas,
TEXTSPLIT's result read by other functions), UTF-16 code units, whole
columns and the 32,767-character limit.  Expected values follow Excel's
documentation (support.microsoft.com, each function's page) and its
specifications (a cell holds 32,767 characters; text is stored in UTF-16,
so a character outside the BMP counts 2:
https://www.mrexcel.com/forum/excel-questions/422934-function-shows-unicode-code-character-2.html)."""

from __future__ import annotations

import pytest

from sheetgd.engine import EMPTY, XLError
from sheetgd.engine.functions.text import from_units, units

from .conftest import calc, is_error, make_book

EMOJI = "\U0001F600"  # U+1F600, a surrogate pair in UTF-16


def test_units_split_and_join_surrogate_pairs():
    assert units("a" + EMOJI) == "a\ud83d\ude00"
    assert from_units(units("x" + EMOJI + "y")) == "x" + EMOJI + "y"
    assert from_units("\ud83d") == "\ud83d"  # a lone half stays


@pytest.mark.parametrize("formula,expected", [
    (f'=LEN("a{EMOJI}b")', 4.0),
    (f'=FIND("b","a{EMOJI}b")', 4.0),
    (f'=SEARCH("?b","a{EMOJI}b")', 3.0),  # ? is one code unit
    (f'=MID("a{EMOJI}b",2,2)', EMOJI),
    (f'=RIGHT("a{EMOJI}",2)', EMOJI),
    (f'=LEN(LEFT("{EMOJI}x",1))', 1.0),  # half a pair
    (f'=REPLACE("a{EMOJI}b",2,2,"-")', "a-b"),
    (f'=UNICODE("{EMOJI}")', 128512.0),
    ('=UNICHAR(128512)', EMOJI),
    (f'=CODE("{EMOJI}")', 63.0),  # no Windows-1252 code: "?"
])
def test_positions_count_utf16_code_units(formula, expected):
    assert calc(formula) == expected


def test_instance_num_is_checked_against_the_length_in_code_units():
    assert is_error(calc(f'=TEXTBEFORE("a{EMOJI}","x",3)'), "#N/A")  # LEN is 3: not #VALUE!
    assert is_error(calc(f'=TEXTBEFORE("a{EMOJI}","x",4)'), "#VALUE!")


def test_array_formula_lifts_text_functions_element_by_element():
    book = make_book({"A1": "apple", "A2": "Banana", "A3": 12.5})
    book.set_array_formula("s!B1:B3", "=LEN(A1:A3)")
    assert [book.value(f"s!B{r}") for r in (1, 2, 3)] == [5.0, 6.0, 4.0]
    book.set_array_formula("s!C1:C3", '=UPPER(LEFT(A1:A3,2))&"-"')
    assert [book.value(f"s!C{r}") for r in (1, 2, 3)] == ["AP-", "BA-", "12-"]
    book.set_array_formula("s!D1:D3", '=SEARCH("a",A1:A3)')
    assert book.value("s!D1") == 1.0 and book.value("s!D2") == 2.0
    assert is_error(book.value("s!D3"), "#VALUE!")


def test_textsplit_in_an_array_formula_shows_one_part_per_cell():
    book = make_book()
    book.set_array_formula("s!A1:C2", '=TEXTSPLIT("1,2,3;4,5",",",";")')
    assert [book.value(f"s!{c}1") for c in "ABC"] == ["1", "2", "3"]
    assert book.value("s!A2") == "4" and is_error(book.value("s!C2"), "#N/A")  # padded


def test_textsplit_result_feeds_other_functions():
    assert calc('=INDEX(TEXTSPLIT("a b c"," "),2)') == "b"
    assert calc('=CONCAT(TEXTSPLIT("a b c"," "))') == "abc"
    assert calc('=TEXTJOIN("+",TRUE,TEXTSPLIT("a,,b",","))') == "a+b"
    assert calc('=SUMPRODUCT(--TEXTSPLIT("1,2,3",","))') == 6.0


def test_concat_and_textjoin_over_whole_columns():
    cells = {"A1": "x", "A3": "y"}
    assert calc("=CONCAT(A:A)", cells) == "xy"
    assert calc('=TEXTJOIN(",",TRUE,A:A)', cells) == "x,y"
    # a million empty cells, each with its delimiter: far past 32,767 characters
    assert is_error(calc('=TEXTJOIN(",",FALSE,A:A)', cells), "#VALUE!")
    assert calc('=TEXTJOIN("",FALSE,A:A)', cells) == "xy"


def test_text_longer_than_a_cell_holds_is_value_error():
    cells = {"A1": "=REPT(\"a\",32767)"}
    assert calc("=LEN(A1)", cells) == 32767.0
    for formula in ("=CONCATENATE(A1,\"b\")", "=CONCAT(A1,\"b\")", "=TEXTJOIN(\",\",TRUE,A1,\"b\")",
                    "=SUBSTITUTE(A1,\"a\",\"bb\")", "=REPLACE(A1,1,0,\"b\")", "=REPT(A1,2)"):
        assert is_error(calc(formula, cells), "#VALUE!"), formula


def test_numbers_become_text_with_15_significant_digits():
    assert calc("=CONCAT(0.1+0.2)") == "0.3"
    assert calc("=LEFT(1/3,5)") == "0.333"
    assert calc("=LEN(1E+20)") == 5.0  # 1E+20


def test_char_code_round_trip_over_windows_1252():
    for code in range(1, 256):
        assert calc(f"=CODE(CHAR({code}))") == float(code), code
    assert calc("=CHAR(150)") == "\u2013" and calc("=CHAR(129)") == "\x81"


def test_left_out_and_optional_arguments():
    assert calc('=SUBSTITUTE("a-b-c","-","+")') == "a+b+c"
    assert calc('=TEXTSPLIT("a;b",,";")') == "a"
    assert calc('=ROWS(TEXTSPLIT("a;b",,";"))') == 2.0
    assert is_error(calc('=TEXTSPLIT("a;b",,)'), "#VALUE!")  # no delimiter at all
    assert calc('=TEXTBEFORE("a-b","-",,,,"none")') == "a"
    assert is_error(calc('=TEXTBEFORE("a-b","-",1,2)'), "#VALUE!")  # match_mode 0 or 1


def test_a_lone_surrogate_result_is_saved_as_an_ooxml_escape(tmp_path):
    import zipfile

    from sheetgd.io.xlsx_write import write_xlsx

    book = make_book({"A1": f'=LEFT("{EMOJI}x",1)', "A2": f'="{EMOJI}"'})
    path = write_xlsx(book, tmp_path / "halves.xlsx")
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "_xD83D_" in sheet and EMOJI in sheet  # the half escaped, the whole pair as it is


@pytest.mark.parametrize("text,operands,sg,lo,category", [
    ('=FIND("",A1)', ["", "abc"], 1.0, XLError("#VALUE!"), "find-empty-text"),
    ('=SEARCHB(A2,A1,2)', [EMPTY, "abc", 2.0], 2.0, XLError("#VALUE!"), "find-empty-text"),
    ('=FIND("a",A1)', ["a", "bcd"], XLError("#VALUE!"), 1.0, None),
    ('=FIND("",A1)', ["", "abc"], 1.0, 2.0, None),
    ('=REPLACEB("abc",5,0,"x")', ["abc", 5.0, 0.0, "x"], "abcx", XLError("#VALUE!"), "replaceb-bytes"),
    ('=REPLACE("abc",5,0,"x")', ["abc", 5.0, 0.0, "x"], "abcx", XLError("#VALUE!"), None),
    ('=CODE("")', [""], XLError("#VALUE!"), 0.0, "code-empty-text"),
    ('=CODE("a")', ["a"], 97.0, 0.0, None),
])
def test_the_text_differences_with_libreoffice_are_recognised_and_nothing_else(
        text, operands, sg, lo, category):
    from sheetgd.engine.parser import parse

    from .fuzz_explain import classify

    assert classify(parse(text), operands, sg, lo, lambda variant: None) == category


def test_arraytotext_of_an_error_given_directly_is_its_text():
    """An error given as the array (a hypothesis draw raised on it) is one
    value written as VALUETOTEXT writes it, as an error inside an array is
    (Microsoft's ARRAYTOTEXT example shows #VALUE! as text)."""
    assert calc("=ARRAYTOTEXT(#N/A)") == "#N/A" == calc("=VALUETOTEXT(#N/A)")
    assert calc("=ARRAYTOTEXT(#N/A,1)") == "{#N/A}"
