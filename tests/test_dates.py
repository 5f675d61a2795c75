"""Excel's serial numbers, date and time text, and number formats.

Expected values come from Microsoft's documentation: "Date systems in Excel"
and "Excel incorrectly assumes that the year 1900 is a leap year" (serial 1
is 1900-01-01, 60 the fictitious 1900-02-29, 61 1900-03-01), the TEXT
function's page and "Number format codes" / "Review guidelines for
customizing a number format" (support.microsoft.com).  The function table
(tests/function_cases/dates.py) holds each function's documented examples.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sheetgd.engine.numformat import FormatError, format_value
from sheetgd.engine.serials import (
    MAX_SERIAL, date_serial, parse_datetime_text, serial, serial_ymd, text_serial, weekday,
)
from sheetgd.engine.values import to_number

from .conftest import calc, is_error, needs_libreoffice


# --- the 1900 calendar ------------------------------------------------------------------

@pytest.mark.parametrize("ymd,n", [
    ((1900, 1, 1), 1), ((1900, 2, 28), 59), ((1900, 2, 29), 60), ((1900, 3, 1), 61),
    ((2008, 1, 1), 39448),  # DAYS360's documentation: "January 1, 2008 is serial number 39448"
    ((2012, 2, 16), 40955), ((2024, 1, 10), 45301), ((9999, 12, 31), 2958465),
])
def test_serials_of_dates(ymd, n):
    assert date_serial(*ymd) == n and serial_ymd(n) == ymd


def test_serial_zero_is_january_0_1900_and_the_range_ends_in_9999():
    assert serial_ymd(0) == (1900, 1, 0) and date_serial(1900, 1, 0) == 0
    assert date_serial(1899, 12, 30) is None and date_serial(10000, 1, 1) is None


@given(st.integers(1, MAX_SERIAL))
def test_serials_and_dates_are_inverse(n):
    assert date_serial(*serial_ymd(n)) == n


@given(st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)))
def test_serials_agree_with_datetime_from_march_1900(day):
    assert date_serial(day.year, day.month, day.day) == serial(day)
    assert weekday(int(serial(day))) == (day.isoweekday() % 7)  # 0 Sunday


def test_serial_1_is_a_sunday_in_excels_calendar():
    assert weekday(1) == 0 and calc("=WEEKDAY(1)") == 1.0 and calc("=WEEKDAY(61)") == 5.0


# --- date and time text -------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("2024-01-10", 45301.0), ("1/10/2024", 45301.0), ("10-Jan-2024", 45301.0),
    ("January 10, 2024", 45301.0), ("Jan 10, 2024", 45301.0), ("2024/1/10", 45301.0),
    ("1/10/24", 45301.0), ("1/10/95", date_serial(1995, 1, 10)),  # 2-digit years: 1930..2029
    ("Jan-2024", 45292.0),  # no day: the first
    ("12:00", 0.5), ("6:45 PM", 0.78125), ("12:00 AM", 0.0), ("12:30 PM", 0.5 + 1 / 48),
    ("2024-01-10 18:00", 45301.75), ("25:00", 25 / 24),
])
def test_date_and_time_text(text, expected):
    assert text_serial(text) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("text", ["x", "", "3", "13/1/2024", "2/30/2024", "1/1/1899", "12:60",
                                  "13:00 PM", "2024-01-10 x"])
def test_text_that_is_no_date_or_time(text):
    assert text_serial(text) is None


def test_a_date_without_a_year_is_in_the_current_year():
    assert parse_datetime_text("1/2", today=dt.date(2030, 6, 1)) == (date_serial(2030, 1, 2), None)


def test_date_text_is_a_number_wherever_text_is_coerced():
    assert to_number("2024-01-10") == 45301.0 and to_number("12:00") == 0.5
    assert calc('="2024-01-10"+0') == 45301.0
    assert calc('=SUM("2024-01-10",1)') == 45302.0
    assert calc('=COUNT("2024-01-10","x")') == 1.0
    assert is_error(calc('="2024-13-10"+0'), "#VALUE!")


# --- number formats -----------------------------------------------------------------------

@pytest.mark.parametrize("value,fmt,expected", [
    # Review guidelines for customizing a number format (Microsoft support)
    (1234.59, "####.#", "1234.6"), (8.9, "#.000", "8.900"), (0.631, "0.#", "0.6"),
    (12.0, "#.0#", "12.0"), (1234.568, "#.0#", "1234.57"), (5.25, "# ???/???", "5   1/4  "),
    (12000.0, "#,###", "12,000"), (12000.0, "#,", "12"), (12200000.0, "0.0,,", "12.2"),
    (0.0, "#.##", "."), (3.0, "0.00", "3.00"), (-3.0, "0.00", "-3.00"),
    (2.675, "0.00", "2.68"),  # the decimal shown, not the binary, is rounded
    (1e-5, "0.00E+00", "1.00E-05"), (123456.0, "0.0E+0", "1.2E+5"), (1.5, "0.0E-00", "1.5E00"),
    (0.5, "0%", "50%"), (-5.0, "0;(0)", "(5)"), (0.0, '0;-0;"zero"', "zero"),
    (-1.0, "0;", ""), (7.0, '"Qty: "0', "Qty: 7"), (7.0, "0\\x", "7x"), (7.0, "0_)", "7 "),
    (7.0, "[Red]0", "7"), (7.0, "@", "7"), (0.75, "0 ?/?", "0 3/4"), (2.0, "# ?/?", "2    "),
    (1.0 / 3, "General", "0.333333333"), (1234567890123.0, "General", "1.23457E+12"),
    # dates and times
    (40955.0, "yyyy-mm-dd", "2012-02-16"), (40955.0, "d/m/yy", "16/2/12"),
    (40955.0, "dddd, mmmm d", "Thursday, February 16"), (40955.0, "mmmmm", "F"),
    (40955.75, "h:mm AM/PM", "6:00 PM"), (40955.75, "h:mm a/p", "6:00 p"),
    (40955.5, "hh:mm:ss", "12:00:00"), (0.5 + 59.6 / 86400, "h:mm:ss", "12:01:00"),
    (0.5 + 0.25 / 86400, "h:mm:ss.00", "12:00:00.25"), (1.5, "[h]:mm", "36:00"),
    (1.5, "[mm]", "2160"), (0.999999999, "hh:mm", "00:00"), (60.0, "yyyy-mm-dd", "1900-02-29"),
])
def test_number_formats(value, fmt, expected):
    assert format_value(value, fmt) == expected


@pytest.mark.parametrize("value,fmt", [(-1.0, "yyyy"), (2958466.0, "d"), (-0.5, "hh:mm")])
def test_a_date_format_refuses_numbers_outside_the_calendar(value, fmt):
    with pytest.raises(FormatError):
        format_value(value, fmt)


def test_text_keeps_text_or_uses_the_text_section():
    assert format_value("abc", "0.00") == "abc"
    assert format_value("abc", '0;0;0;"<"@">"') == "<abc>"
    assert calc('=TEXT("1.5","0.00")') == "1.50"  # numeric text is formatted as its number


# --- the 1904 date system ----------------------------------------------------------------

#: Formulas and their values in a workbook saved in the 1904 date system
#: ("Date systems in Excel": serial 0 is 1904-01-01, a Friday; dates are
#: 1,462 days less than in the 1900 system).
FORMULAS_1904 = {
    '=DATE(2024,1,10)': 45301.0 - 1462, '=YEAR(0)': 1904.0, '=DAY(0)': 1.0,
    '=WEEKDAY(0)': 6.0, '=TEXT(0,"yyyy-mm-dd")': "1904-01-01",
    '=DATEVALUE("2024-01-10")': 45301.0 - 1462, '=VALUE("2024-01-10")': 45301.0 - 1462,
    '=EOMONTH(0,1)': 59.0,  # 1904-02-29: a real leap day
    '=NETWORKDAYS(0,6)': 5.0, '=DATE(1903,12,31)': "error:#NUM!", '=TODAY()>40000': True,
    '=YEAR("2024-01-10")': 2024.0,  # date text given to a function: the file's system
}


def _book_1904(path):
    import xlsxwriter

    target = xlsxwriter.Workbook(str(path), {"date_1904": True})
    sheet = target.add_worksheet("s")
    for row, formula in enumerate(FORMULAS_1904):
        sheet.write_formula(row, 0, formula)
    target.close()


def test_a_file_in_the_1904_date_system_is_read_and_written_in_it(tmp_path):
    from sheetgd.io.xlsx_read import read_workbook
    from sheetgd.io.xlsx_write import write_xlsx

    _book_1904(tmp_path / "1904.xlsx")
    book = read_workbook(tmp_path / "1904.xlsx")
    assert book.date1904
    for row, (formula, expected) in enumerate(FORMULAS_1904.items(), start=1):
        got = book.value(f"s!A{row}")
        if isinstance(expected, str) and expected.startswith("error:"):
            assert is_error(got, expected[6:]), formula
        else:
            assert got == expected, formula
    write_xlsx(book, tmp_path / "again.xlsx")
    assert read_workbook(tmp_path / "again.xlsx").date1904


def test_date_text_in_operators_is_read_in_the_1900_system_even_in_1904_books():
    """A known limit: the arithmetic operators have no workbook at hand."""
    from sheetgd import Workbook

    book = Workbook()
    book.date1904 = True
    book.add_sheet("s")
    book.set("s!A1", '="2024-01-10"+0')
    book.set("s!A2", '=DAY("2024-01-10")')
    assert book.value("s!A1") == 45301.0 and book.value("s!A2") == 10.0


def test_the_1900_system_is_the_default():
    from sheetgd import Workbook

    assert Workbook().date1904 is False and calc("=YEAR(0)") == 1900.0


@needs_libreoffice
@pytest.mark.libreoffice
def test_libreoffice_agrees_in_the_1904_date_system(tmp_path):
    from sheetgd.io.libreoffice import recalculate
    from sheetgd.io.xlsx_read import read_workbook
    from sheetgd.recheck import compare_with_cached

    _book_1904(tmp_path / "1904.xlsx")
    recalculate([(tmp_path / "1904.xlsx", tmp_path / "lo.xlsx")])
    report = compare_with_cached(read_workbook(tmp_path / "lo.xlsx"), "lo.xlsx")
    # Excel has no date before 1904 in that system; LibreOffice's calendar goes on
    assert {d["formula"] for d in report.differences} == {"=DATE(1903,12,31)"}
