"""GROUPBY and PIVOTBY (Excel 365), held to Microsoft's pages.

Sources: support.microsoft.com, "GROUPBY function" (G), "PIVOTBY function"
(P) and "PERCENTOF function" (%).  The pages show their sample data and
results as pictures, so the data below is a small sales table of the
pages' shape (year, category, product, sales, units), and each expected
value is the pages' rule worked by hand (the sums are written out beside
them).  LibreOffice 7.4 has neither function, so nothing here is
recomputed by it.  Floats compare exactly except the PERCENTOF quotients,
held to 1e-15 relative (one division each, Python's and sheetgd's).

Where the pages are silent, what EPPlus's GROUPBY tests record (EPPlusTest
GroupByTests: "Total" under one level, "Grand Total" with subtotals, a
subtotal line after its group, "Anna" and "ANNA" one group shown as met
first, SUM of a group of blank values 0) and the ``formulas`` library's
layout of PIVOTBY's header line; docs/compatibility.md says which.
"""

from __future__ import annotations

import re
import zipfile

import pytest
import xlsxwriter

import sheetgd
from sheetgd import Workbook
from sheetgd.io.xlsx_write import write_xlsx

from .conftest import is_error

DATA = [
    ("Year", "Category", "Product", "Sales", "Units"),
    (2023.0, "Bikes", "Road", 100.0, 1.0),
    (2024.0, "Bikes", "Road", 150.0, 2.0),
    (2023.0, "Accessories", "Helmet", 20.0, 1.0),
    (2024.0, "Accessories", "Helmet", 30.0, 1.0),
    (2024.0, "Bikes", "Mountain", 200.0, 2.0),
    (2023.0, "Accessories", "Lock", 10.0, 3.0),
    (2024.0, "accessories", "Lock", 5.0, 1.0),  # the same category, spelled in lower case
    (2023.0, "Bikes", "Mountain", 120.0, 1.0),
]


def _book():
    book = Workbook()
    book.add_sheet("s")
    for r, row in enumerate(DATA, 1):
        for c, v in enumerate(row):
            book.set(f"s!{'ABCDE'[c]}{r}", v)
    return book


def _spill(book, formula, at="H1"):
    """The values ``formula`` spills from ``at``, as rows (up to the first
    empty row and column)."""
    book.set(f"s!{at}", formula)
    col0, row0 = ord(at[0]) - ord("A"), int(at[1:])
    rows = []
    while True:
        row = []
        while (v := book.value(f"s!{chr(ord('A') + col0 + len(row))}{row0 + len(rows)}")) is not None:
            row.append(v)
        if not row:
            return rows
        rows.append(row)


# -- GROUPBY -----------------------------------------------------------------

def test_groupby_sums_by_year_with_a_total_row():
    """G, example 1: =GROUPBY(A2:A76,D2:D76,SUM), the total sales by year,
    groups ascending and a Total row (2023: 100+20+10+120, 2024: 150+30+200+5)."""
    assert _spill(_book(), "=GROUPBY(A2:A9,D2:D9,SUM)") == [
        [2023.0, 250.0], [2024.0, 385.0], ["Total", 635.0]]


def test_groupby_sorts_by_the_values_column_descending():
    """G, example 2: =GROUPBY(C2:C76,D2:D76,SUM,,,-2), products by sales,
    largest first; the total stays last."""
    assert _spill(_book(), "=GROUPBY(C2:C9,D2:D9,SUM,,,-2)") == [
        ["Mountain", 320.0], ["Road", 250.0], ["Helmet", 50.0], ["Lock", 15.0], ["Total", 635.0]]


def test_headers_are_found_when_the_first_value_is_text_and_the_second_a_number():
    """G, field_headers omitted: "If the 1st value is text and the 2nd value
    is a number, then the data is assumed to have headers" -- not shown
    with one field; 3 shows them, 0 takes the header row as data (a group
    "Year", after the numbers: Excel's sort order, SUM of text 0)."""
    book = _book()
    assert _spill(book, "=GROUPBY(A1:A9,D1:D9,SUM)") == [[2023.0, 250.0], [2024.0, 385.0], ["Total", 635.0]]
    assert _spill(book, "=GROUPBY(A1:A9,D1:D9,SUM,3)") == [
        ["Year", "Sales"], [2023.0, 250.0], [2024.0, 385.0], ["Total", 635.0]]
    assert _spill(book, "=GROUPBY(A1:A9,D1:D9,SUM,0)") == [
        [2023.0, 250.0], [2024.0, 385.0], ["Year", 0.0], ["Total", 635.0]]


def test_several_values_columns_are_aggregated_side_by_side():
    """G, values: "may contain multiple columns ... the output will have
    multiple aggregations" (units: 2023 1+1+3+1, 2024 2+1+2+1)."""
    assert _spill(_book(), "=GROUPBY(A2:A9,D2:E9,SUM)") == [
        [2023.0, 250.0, 6.0], [2024.0, 385.0, 6.0], ["Total", 635.0, 12.0]]


def test_total_depth_omitted_is_a_grand_total_only():
    """G says total_depth omitted is "Grand totals and, where possible,
    subtotals"; the ``formulas`` library's GROUPBY and pyofficeeditor's
    records of Excel's PIVOTBY have the grand total only, which sheetgd
    follows (docs/compatibility.md)."""
    assert _spill(_book(), "=GROUPBY(B2:C9,D2:D9,SUM)")[-2:] == [
        ["Bikes", "Road", 250.0], ["Total", "", 635.0]]


def test_two_fields_make_a_hierarchy_with_subtotals_and_a_grand_total():
    """G, row_fields of two columns: "multiple row group levels"; total_depth
    2: "Grand and Subtotals".  Labels, and text grouped without regard to
    case ("accessories" joins "Accessories", shown as met first: Lock is
    10+5), as EPPlus's tests record."""
    assert _spill(_book(), "=GROUPBY(B2:C9,D2:D9,SUM,,2)") == [
        ["Accessories", "Helmet", 50.0], ["Accessories", "Lock", 15.0], ["Accessories", "", 65.0],
        ["Bikes", "Mountain", 320.0], ["Bikes", "Road", 250.0], ["Bikes", "", 570.0],
        ["Grand Total", "", 635.0]]


def test_negative_total_depth_puts_totals_at_the_top():
    """G, total_depth -2: "Grand and subtotals at top"."""
    assert _spill(_book(), "=GROUPBY(B2:C9,D2:D9,SUM,,-2)") == [
        ["Grand Total", "", 635.0],
        ["Accessories", "", 65.0], ["Accessories", "Helmet", 50.0], ["Accessories", "Lock", 15.0],
        ["Bikes", "", 570.0], ["Bikes", "Mountain", 320.0], ["Bikes", "Road", 250.0]]


def test_total_depth_zero_and_one():
    """G, total_depth 0: "No Totals"; 1: "Grand Totals" (no subtotals)."""
    book = _book()
    assert _spill(book, "=GROUPBY(A2:A9,D2:D9,SUM,,0)") == [[2023.0, 250.0], [2024.0, 385.0]]
    assert _spill(book, "=GROUPBY(B2:C9,D2:D9,SUM,,1)") == [
        ["Accessories", "Helmet", 50.0], ["Accessories", "Lock", 15.0],
        ["Bikes", "Mountain", 320.0], ["Bikes", "Road", 250.0], ["Total", "", 635.0]]


def test_a_vector_of_sort_numbers_and_a_descending_field():
    """G, sort_order: "A vector of numbers can be provided when sorting based
    only on row_fields"; negative is descending; the hierarchy keeps each
    category's products together."""
    assert _spill(_book(), "=GROUPBY(B2:C9,D2:D9,SUM,,0,{-1,2})") == [
        ["Bikes", "Mountain", 320.0], ["Bikes", "Road", 250.0],
        ["Accessories", "Helmet", 50.0], ["Accessories", "Lock", 15.0]]


def test_sorting_the_last_field_by_its_values_within_the_hierarchy():
    """G, field_relationship 0: "sorting of subsequent field columns takes
    into account the hierarchy of earlier columns"."""
    assert _spill(_book(), "=GROUPBY(B2:C9,D2:D9,SUM,,0,3)") == [
        ["Accessories", "Lock", 15.0], ["Accessories", "Helmet", 50.0],
        ["Bikes", "Road", 250.0], ["Bikes", "Mountain", 320.0]]


def test_a_values_sort_orders_every_level_by_its_aggregate():
    """Descending by sales: Bikes (570) before Accessories (65), and within
    each its products by their sales, as pyofficeeditor's records of Excel
    sort the rows of PIVOTBY ("down the side every level sorts")."""
    assert _spill(_book(), "=GROUPBY(B2:C9,D2:D9,SUM,,0,-3)") == [
        ["Bikes", "Mountain", 320.0], ["Bikes", "Road", 250.0],
        ["Accessories", "Helmet", 50.0], ["Accessories", "Lock", 15.0]]


def test_the_table_relationship_sorts_each_field_independently():
    """G, field_relationship 1 (table): the rows sort by product alone,
    descending, whatever their category."""
    assert _spill(_book(), "=GROUPBY(B2:C9,D2:D9,SUM,,1,-2,,1)") == [
        ["Bikes", "Road", 250.0], ["Bikes", "Mountain", 320.0],
        ["Accessories", "Lock", 15.0], ["Accessories", "Helmet", 50.0], ["Total", "", 635.0]]


def test_filter_array_chooses_the_rows_of_data():
    """G, filter_array: "A column-oriented 1D array of Booleans that indicate
    whether the corresponding row of data should be considered" (bikes:
    2023 100+120, 2024 150+200)."""
    assert _spill(_book(), '=GROUPBY(A2:A9,D2:D9,SUM,,,,B2:B9="Bikes")') == [
        [2023.0, 220.0], [2024.0, 350.0], ["Total", 570.0]]


@pytest.mark.parametrize("formula", [
    '=GROUPBY(A2:A9,D2:D9,SUM,,,,B2:B8="Bikes")',  # "must match the length ... of row_fields"
    "=GROUPBY(A2:A9,D2:D8,SUM)",  # values of another length
    "=GROUPBY(A2:A9,D2:D9,SUM,,,3)",  # one field and one values column: no column 3
    "=GROUPBY(A2:A9,D2:D9,SUM,,,0)",
    "=GROUPBY(B2:C9,D2:D9,SUM,,,{1,3})",  # a vector may name fields only
    "=GROUPBY(A2:A9,D2:D9,SUM,4)",  # field_headers is 0 to 3
    "=GROUPBY(A2:A9,D2:D9,5)",  # no function
    "=GROUPBY(A2:A9,D2:D9,LAMBDA(a,b,c,a))",  # a function of three arguments
])
def test_arguments_groupby_cannot_use_are_value_errors(formula):
    book = _book()
    book.set("s!H1", formula)
    assert is_error(book.value("s!H1"), "#VALUE!")


def test_a_lambda_aggregates_each_group():
    """G, function: "An explicit or eta reduced lambda": the range of each
    year's sales (2023: 120-10, 2024: 200-5, all: 200-5)."""
    assert _spill(_book(), "=GROUPBY(A2:A9,D2:D9,LAMBDA(x,MAX(x)-MIN(x)))") == [
        [2023.0, 110.0], [2024.0, 195.0], ["Total", 195.0]]


def test_other_aggregations():
    """G names SUM, PERCENTOF, AVERAGE, COUNT "etc.": AVERAGE of 2023's four
    sales 62.5, COUNT 4, ARRAYTOTEXT joins a group's text."""
    book = _book()
    assert _spill(book, "=GROUPBY(A2:A9,D2:D9,AVERAGE,,0)") == [[2023.0, 62.5], [2024.0, 96.25]]
    assert _spill(book, "=GROUPBY(A2:A9,D2:D9,COUNT,,0)") == [[2023.0, 4.0], [2024.0, 4.0]]
    assert _spill(book, '=GROUPBY({"a";"b";"a"},{"x";"y";"z"},ARRAYTOTEXT)') == [
        ["a", "x, z"], ["b", "y"], ["Total", "x, y, z"]]


def test_percentof_in_groupby_is_relative_to_all_values():
    """%: PERCENTOF(subset, all) is SUM(subset)/SUM(all); G lists it among
    the functions: each year's share of all sales."""
    got = _spill(_book(), "=GROUPBY(A2:A9,D2:D9,PERCENTOF)")
    want = [[2023.0, 250 / 635], [2024.0, 385 / 635], ["Total", 1.0]]
    assert [r[0] for r in got] == [r[0] for r in want]
    assert [r[1] for r in got] == pytest.approx([r[1] for r in want], rel=1e-15)


def test_an_error_in_the_values_reaches_its_group_and_the_total():
    """The function meets the error as it would anywhere: SUM of #N/A."""
    got = _spill(_book(), "=GROUPBY({\"a\";\"b\";\"a\"},{1;#N/A;2},SUM)")
    assert got[0] == ["a", 3.0] and got[1][0] == "b" and is_error(got[1][1], "#N/A")
    assert got[2][0] == "Total" and is_error(got[2][1], "#N/A")


def test_a_group_with_blank_values_and_a_blank_field():
    """A group whose values are all blank is still a group (SUM of blanks is
    0, as EPPlus's tests record); a blank field is a group of its own,
    after the others (Excel's sort order puts blanks last)."""
    book = _book()
    book.set("s!D3", None)  # 2024's Road sale left blank
    book.set("s!A10", None)
    book.set("s!D10", 7.0)  # a sale without a year
    book.set("s!C10", "Road")
    rows = _spill(book, "=GROUPBY(C2:C10,D2:D10,SUM,,0,,A2:A10<>2024)")
    assert rows == [["Helmet", 20.0], ["Lock", 10.0], ["Mountain", 120.0], ["Road", 107.0]]
    assert _spill(book, "=GROUPBY(A2:A10,D2:D10,COUNT,,0)") == [[2023.0, 4.0], [2024.0, 3.0], ["", 1.0]]
    assert _spill(book, "=GROUPBY(C3:C3,D3:D3,SUM,0,0)") == [["Road", 0.0]]


def test_a_blank_field_stays_last_in_a_descending_sort():
    """Microsoft's "Default sort orders": "In a descending sort, this sort
    order is reversed except for blank cells, which are always placed
    last"; the groups by year, descending (-1), are 2024, 2023, then the
    blank year (counts worked by hand: 4 sales in 2023, 4 in 2024, 1
    without a year), in the table relationship too."""
    book = _book()
    book.set("s!A10", None)
    book.set("s!D10", 7.0)
    assert _spill(book, "=GROUPBY(A2:A10,D2:D10,COUNT,,0,-1)") == [
        [2024.0, 4.0], [2023.0, 4.0], ["", 1.0]]
    book.set("s!B10", "Bikes")
    assert _spill(book, "=GROUPBY(A2:B10,D2:D10,COUNT,,0,{-1,2},,1)") == [
        [2024.0, "Accessories", 2.0], [2024.0, "Bikes", 2.0],
        [2023.0, "Accessories", 2.0], [2023.0, "Bikes", 2.0], ["", "Bikes", 1.0]]


def test_nothing_left_after_the_filter_is_calc():
    book = _book()
    book.set("s!H1", "=GROUPBY(A2:A9,D2:D9,SUM,,,,A2:A9>3000)")
    assert is_error(book.value("s!H1"), "#CALC!")


# -- PIVOTBY -----------------------------------------------------------------

def test_pivotby_groups_down_and_across_with_totals():
    """P: "grouping along two axis": categories down, years across, a Total
    row and column (Accessories 2023: 20+10, 2024: 30+5)."""
    assert _spill(_book(), "=PIVOTBY(B2:B9,A2:A9,D2:D9,SUM)") == [
        ["", 2023.0, 2024.0, "Total"],
        ["Accessories", 30.0, 35.0, 65.0],
        ["Bikes", 220.0, 350.0, 570.0],
        ["Total", 250.0, 385.0, 635.0]]


def test_where_no_row_of_data_meets_the_cell_is_empty():
    """No helmet is a bike: no value where they meet."""
    assert _spill(_book(), "=PIVOTBY(C2:C9,B2:B9,D2:D9,SUM)") == [
        ["", "Accessories", "Bikes", "Total"],
        ["Helmet", 50.0, "", 50.0], ["Lock", 15.0, "", 15.0],
        ["Mountain", "", 320.0, 320.0], ["Road", "", 250.0, 250.0],
        ["Total", 65.0, 570.0, 635.0]]


def test_pivotby_totals_and_sorting_of_both_axes():
    """P: row_total_depth / col_total_depth 0 "No Totals"; col_sort_order -1
    descending; row_sort_order -2 (after the one row field: the values)
    sorts the rows by their totals, descending -- given a total column to
    sort by: without one they keep their order, as pyofficeeditor's
    records of Excel show."""
    book = _book()
    assert _spill(book, "=PIVOTBY(B2:B9,A2:A9,D2:D9,SUM,,0,,0,-1)") == [
        ["", 2024.0, 2023.0], ["Accessories", 35.0, 30.0], ["Bikes", 350.0, 220.0]]
    assert _spill(book, "=PIVOTBY(C2:C9,A2:A9,D2:D9,SUM,,0,-2)") == [
        ["", 2023.0, 2024.0, "Total"], ["Mountain", 120.0, 200.0, 320.0], ["Road", 100.0, 150.0, 250.0],
        ["Helmet", 20.0, 30.0, 50.0], ["Lock", 10.0, 5.0, 15.0]]
    assert [r[0] for r in _spill(book, "=PIVOTBY(C2:C9,A2:A9,D2:D9,SUM,,0,-2,0)")] == [
        "", "Helmet", "Lock", "Mountain", "Road"]


def test_across_the_top_a_values_sort_orders_the_last_field_unless_subtotals_show():
    """pyofficeeditor's records of Excel: across the top the last field's
    groups sort by their totals within their parents, and the parents do
    too only where their subtotal columns show.  Categories across, then
    products: Accessories' Lock (15) before Helmet (50)."""
    book = _book()
    top = _spill(book, "=PIVOTBY(A2:A9,B2:C9,D2:D9,SUM,,1,,1,3)")[:2]
    assert top == [["", "Accessories", "Accessories", "Bikes", "Bikes", "Total"],
                   ["", "Lock", "Helmet", "Road", "Mountain", ""]]
    top = _spill(book, "=PIVOTBY(A2:A9,B2:C9,D2:D9,SUM,,1,,2,-3)")[:2]
    assert top == [["", "Bikes", "Bikes", "Bikes", "Accessories", "Accessories", "Accessories", "Grand Total"],
                   ["", "Mountain", "Road", "", "Helmet", "Lock", "", ""]]


def test_pivotby_filter_array():
    """P, filter_array (bikes only)."""
    assert _spill(_book(), '=PIVOTBY(C2:C9,A2:A9,D2:D9,SUM,,,,,,B2:B9="Bikes")') == [
        ["", 2023.0, 2024.0, "Total"], ["Mountain", 120.0, 200.0, 320.0],
        ["Road", 100.0, 150.0, 250.0], ["Total", 220.0, 350.0, 570.0]]


@pytest.mark.parametrize("relative_to, accessories_2023, accessories_total", [
    (None, 30 / 250, 65 / 635),  # 0, the default: "Column Totals"
    (1, 30 / 65, 65 / 65),  # "Row Totals"
    (2, 30 / 635, 65 / 635),  # "Grand Totals"
    (3, 30 / 65, 65 / 65),  # "Parent Column Total": one column field, the row's total
    (4, 30 / 250, 65 / 635),  # "Parent Row Total": one row field, the column's total
])
def test_percentof_relative_to(relative_to, accessories_2023, accessories_total):
    """P, relative_to: what PERCENTOF's data_all is (%: SUM(subset)/SUM(all))."""
    arg = "" if relative_to is None else str(relative_to)
    rows = _spill(_book(), f"=PIVOTBY(B2:B9,A2:A9,D2:D9,PERCENTOF,,,,,,,{arg})")
    assert rows[1][0] == "Accessories"
    assert rows[1][1] == pytest.approx(accessories_2023, rel=1e-15)
    assert rows[1][3] == pytest.approx(accessories_total, rel=1e-15)


def test_pivotby_arguments_it_cannot_use_are_value_errors():
    book = _book()
    for formula in ("=PIVOTBY(B2:B9,A2:A8,D2:D9,SUM)", "=PIVOTBY(B2:B9,A2:A9,D2:D9,SUM,,,,,,,5)",
                    "=PIVOTBY(B2:B9,A2:A9,D2:D9,SUM,,,,,3)"):
        book.set("s!H1", formula)
        assert is_error(book.value("s!H1"), "#VALUE!"), formula


# -- files -------------------------------------------------------------------

def test_files_store_groupby_and_its_function_as_excel_does(tmp_path):
    """A file stores ``_xlfn.GROUPBY(...,_xleta.SUM)``; sheetgd writes that
    and reads it back, and reads it as Excel writes it."""
    book = _book()
    book.set("s!H1", "=GROUPBY(A2:A9,D2:D9,SUM)")
    path = write_xlsx(book, tmp_path / "groupby.xlsx")
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "_xlfn.GROUPBY(A2:A9,D2:D9,_xleta.SUM)" in re.findall(r"<f[^>]*>(.*?)</f>", xml)
    back = sheetgd.load(path)
    assert [back.value(f"s!I{r}") for r in (1, 2, 3)] == [250.0, 385.0, 635.0]

    excel = tmp_path / "excel.xlsx"
    out = xlsxwriter.Workbook(str(excel))
    sheet = out.add_worksheet("s")
    for r, row in enumerate(DATA):
        sheet.write_row(r, 0, row)
    sheet.write_dynamic_array_formula("H1:I3", "=_xlfn.PIVOTBY(B2:B9,A2:A9,D2:D9,_xleta.SUM,,0,,0)")
    out.close()
    back = sheetgd.load(excel)
    assert [[back.value(f"s!{c}{r}") for c in "HIJ"] for r in (1, 2, 3)] == [
        ["", 2023.0, 2024.0], ["Accessories", 30.0, 35.0], ["Bikes", 220.0, 350.0]]


# -- a vector of functions ---------------------------------------------------

def test_a_row_of_functions_gives_a_column_each_named_in_a_header_line():
    """G, function: "A vector of lambdas can be provided ... the output will
    have multiple aggregations"; the header line of their names (a LAMBDA's
    "CUSTOM1") as EPPlus's tests record (2023: 4 sales, mean 62.5)."""
    assert _spill(_book(), "=GROUPBY(A2:A9,D2:D9,HSTACK(SUM,COUNT,LAMBDA(x,MAX(x))),,0)") == [
        ["", "SUM", "COUNT", "CUSTOM1"], [2023.0, 250.0, 4.0, 120.0], [2024.0, 385.0, 4.0, 200.0]]


def test_a_second_row_names_the_functions():
    """A row of names under the functions (``VSTACK(HSTACK(...),{...})``)
    names the result columns (the form the SpreadJS reference gives for
    renaming aggregations)."""
    assert _spill(_book(), '=GROUPBY(A2:A9,D2:D9,VSTACK(HSTACK(SUM,AVERAGE),{"Sales","Mean"}),,0)') == [
        ["", "Sales", "Mean"], [2023.0, 250.0, 62.5], [2024.0, 385.0, 96.25]]


def test_functions_over_as_many_values_columns_take_one_each():
    """pyofficeeditor's records of Excel pair HSTACK(SUM,SUM) with two values
    columns one to one: here SUM of sales and MAX of units (2023: 3)."""
    assert _spill(_book(), "=GROUPBY(A2:A9,D2:E9,HSTACK(SUM,MAX),,0)") == [
        ["", "SUM", "MAX"], [2023.0, 250.0, 3.0], [2024.0, 385.0, 2.0]]
    book = _book()
    book.set("s!H1", "=GROUPBY(A2:A9,D2:E9,HSTACK(SUM,MAX,MIN))")  # three for two
    assert is_error(book.value("s!H1"), "#VALUE!")


def test_pivotby_names_the_functions_under_the_column_groups():
    """pyofficeeditor's record of Excel's PIVOTBY(...,HSTACK(SUM,MAX),3):
    the column groups, then the functions' names, then the fields' names."""
    assert _spill(_book(), "=PIVOTBY(B1:B9,A1:A9,D1:D9,HSTACK(SUM,MAX),3)") == [
        ["", "Year", "", "", "", "", ""],
        ["", 2023.0, 2023.0, 2024.0, 2024.0, "Total", "Total"],
        ["", "SUM", "MAX", "SUM", "MAX", "SUM", "MAX"],
        ["Category", "Sales", "Sales", "Sales", "Sales", "Sales", "Sales"],
        ["Accessories", 30.0, 20.0, 35.0, 30.0, 65.0, 30.0],
        ["Bikes", 220.0, 120.0, 350.0, 200.0, 570.0, 200.0],
        ["Total", 250.0, 120.0, 385.0, 200.0, 635.0, 200.0]]


def test_functions_are_no_values_elsewhere():
    """A function in an array is no value: #CALC! as a LAMBDA left uncalled;
    a column of functions is not supported by GROUPBY (#VALUE!).  Outside
    GROUPBY and the LAMBDA helpers a plain SUM is a name (#NAME?, none is
    defined); ``_xleta.SUM`` is the function wherever it is written."""
    book = _book()
    book.set("s!H1", "=SUM(HSTACK(_xleta.SUM,1))")
    book.set("s!H2", "=INDEX(HSTACK(_xleta.SUM,1),1,2)")
    book.set("s!H3", "=GROUPBY(A2:A9,D2:D9,VSTACK(SUM,AVERAGE))")
    book.set("s!H4", "=SUM(HSTACK(SUM,1))")
    assert is_error(book.value("s!H1"), "#CALC!") and book.value("s!H2") == 1.0
    assert is_error(book.value("s!H3"), "#VALUE!")
    assert is_error(book.value("s!H4"), "#NAME?")
