"""Date and time functions, TEXT and its friends: rows of the function table.

Expected values are Excel's, from the examples on each function's page of
Microsoft's Excel function reference (support.microsoft.com: DATE, TIME,
YEAR, ..., TEXT, FIXED, DOLLAR, NUMBERVALUE), dates written as their serial
numbers; the 1900 leap-year rows follow "Excel incorrectly assumes that the
year 1900 is a leap year" (learn.microsoft.com), and ``="2024-01-10"+0``
is 45301 (issue 16).
"""

from __future__ import annotations

E = "error:"

#: Column N: date text in a cell; column O: the holidays of NETWORKDAYS's
#: documentation (2012-11-22, 2012-12-04, 2013-01-21).
DATA = {
    "N1": "2024-01-10", "N2": 40955.75, "N3": "x",
    "O1": 41235, "O2": 41247, "O3": 41295,
}

CASES = [
    # --- date and time text is a number in arithmetic ----------------------------
    ("=\"2024-01-10\"+0", 45301.0),
    ("=\"1/10/2024\"-\"2024-01-01\"", 9.0),
    ("=\"12:00\"*2", 1.0),
    ("=\"2024-01-10 18:00\"+0", 45301.75),
    ("=N1+1", 45302.0),
    # --- DATE ----------------------------------------------------------------------
    ("=DATE(2012,2,16)", 40955.0),
    ("=DATE(108,1,2)", 39449.0),  # years 0..1899 are added to 1900
    ("=DATE(2008,14,2)", 39846.0),  # months overflow into the next year
    ("=DATE(2008,-3,2)", 39327.0),
    ("=DATE(2008,1,35)", 39482.0),
    ("=DATE(2008,1,-15)", 39432.0),
    ("=DATE(1900,2,29)", 60.0),  # the day that never was
    ("=DATE(1900,3,1)", 61.0),
    ("=DATE(-1,1,1)", E + "#NUM!"),
    ("=DATE(10000,1,1)", E + "#NUM!"),
    ("=DATE(\"x\",1,1)", E + "#VALUE!"),
    # --- TIME ------------------------------------------------------------------------
    ("=TIME(12,0,0)", 0.5),
    ("=TIME(16,48,10)", 60490 / 86400),
    ("=TIME(27,0,0)", 0.125),  # hours past 23 wrap around
    ("=TIME(0,750,0)", 45000 / 86400),
    ("=TIME(0,0,2000)", 2000 / 86400),
    ("=TIME(0,0,-1)", E + "#NUM!"),
    ("=TIME(C1,0,0)", E + "#DIV/0!"),
    # --- YEAR, MONTH, DAY, HOUR, MINUTE, SECOND ---------------------------------------
    ("=YEAR(\"7/5/2008\")", 2008.0),
    ("=YEAR(N2)", 2012.0),
    ("=YEAR(-1)", E + "#NUM!"),
    ("=YEAR(N3)", E + "#VALUE!"),
    ("=MONTH(\"15-Apr-2011\")", 4.0),
    ("=MONTH(2958466)", E + "#NUM!"),  # after 9999-12-31
    ("=DAY(\"15-Apr-2011\")", 15.0),
    ("=DAY(60)", 29.0),  # 1900-02-29
    ("=DAY(0)", 0.0),  # "1900-01-00"
    ("=HOUR(0.75)", 18.0),
    ("=HOUR(\"7/18/2011 7:45\")", 7.0),
    ("=HOUR(\"4/21/2012\")", 0.0),
    ("=HOUR(-0.5)", E + "#NUM!"),
    ("=MINUTE(\"12:45:00 PM\")", 45.0),
    ("=MINUTE(N2)", 0.0),
    ("=SECOND(\"4:48:18 PM\")", 18.0),
    ("=SECOND(\"4:48 PM\")", 0.0),
    ("=SECOND(\"x\")", E + "#VALUE!"),
    # --- WEEKDAY, WEEKNUM, ISOWEEKNUM --------------------------------------------------
    ("=WEEKDAY(\"2/14/2008\")", 5.0),
    ("=WEEKDAY(\"2/14/2008\",2)", 4.0),
    ("=WEEKDAY(\"2/14/2008\",3)", 3.0),
    ("=WEEKDAY(\"2/14/2008\",16)", 6.0),  # the week starting Saturday
    ("=WEEKDAY(39492,4)", E + "#NUM!"),
    ("=WEEKNUM(\"3/9/2012\")", 10.0),
    ("=WEEKNUM(\"3/9/2012\",2)", 11.0),
    ("=WEEKNUM(\"3/9/2012\",3)", E + "#NUM!"),
    # a last week of December holding the next 1 January: Excel's results recorded in
    # PhpSpreadsheet's WEEKNUM test data (tests/data/Calculation/DateTime/WEEKNUM.php)
    ("=WEEKNUM(\"2019-12-29\")", 53.0),
    ("=WEEKNUM(\"2019-12-29\",17)", 53.0),
    ("=WEEKNUM(\"2019-12-29\",2)", 52.0),
    ("=WEEKNUM(\"2019-12-29\",13)", 53.0),
    ("=ISOWEEKNUM(\"3/9/2012\")", 10.0),
    ("=ISOWEEKNUM(-1)", E + "#NUM!"),
    # --- EDATE, EOMONTH ---------------------------------------------------------------------
    ("=EDATE(\"15-Jan-11\",1)", 40589.0),
    ("=EDATE(\"15-Jan-11\",-1)", 40527.0),
    ("=EDATE(\"15-Jan-11\",2)", 40617.0),
    ("=EDATE(\"x\",2)", E + "#VALUE!"),
    ("=EOMONTH(\"1-Jan-11\",1)", 40602.0),
    ("=EOMONTH(\"1-Jan-11\",-3)", 40482.0),
    ("=EOMONTH(-1,1)", E + "#NUM!"),
    # --- DATEDIF, DAYS, DAYS360 ---------------------------------------------------------------
    ("=DATEDIF(\"1/1/2001\",\"1/1/2003\",\"Y\")", 2.0),
    ("=DATEDIF(\"6/1/2001\",\"8/15/2002\",\"D\")", 440.0),
    ("=DATEDIF(\"6/1/2001\",\"8/15/2002\",\"YD\")", 75.0),
    ("=DATEDIF(\"6/1/2001\",\"8/15/2002\",\"MD\")", 14.0),
    ("=DATEDIF(\"6/1/2001\",\"8/15/2002\",\"M\")", 14.0),
    ("=DATEDIF(\"6/1/2001\",\"8/15/2002\",\"ym\")", 2.0),
    ("=DATEDIF(\"8/15/2002\",\"6/1/2001\",\"D\")", E + "#NUM!"),
    ("=DATEDIF(\"6/1/2001\",\"8/15/2002\",\"W\")", E + "#NUM!"),
    ("=DAYS(\"15-MAR-2021\",\"1-FEB-2021\")", 42.0),
    ("=DAYS(\"31-DEC-2021\",\"1-JAN-2021\")", 364.0),
    ("=DAYS(\"x\",1)", E + "#VALUE!"),
    ("=DAYS360(\"30-Jan-11\",\"1-Feb-11\")", 1.0),
    ("=DAYS360(\"1-Jan-11\",\"31-Dec-11\")", 360.0),
    ("=DAYS360(\"1-Jan-11\",\"1-Feb-11\")", 30.0),
    ("=DAYS360(-1,1)", E + "#NUM!"),
    # --- NETWORKDAYS, WORKDAY ---------------------------------------------------------------
    ("=NETWORKDAYS(\"10/1/2012\",\"3/1/2013\")", 110.0),
    ("=NETWORKDAYS(\"10/1/2012\",\"3/1/2013\",O1)", 109.0),
    ("=NETWORKDAYS(\"10/1/2012\",\"3/1/2013\",O1:O3)", 107.0),
    ("=NETWORKDAYS(\"10/1/2012\",\"3/1/2013\",C1)", E + "#DIV/0!"),
    ("=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,1,31))", 22.0),
    ("=NETWORKDAYS.INTL(DATE(2006,2,28),DATE(2006,1,31))", -21.0),
    ("=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,2,1),7,{\"2006/1/2\",\"2006/1/16\"})", 22.0),
    ("=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,2,1),\"0010001\",{\"2006/1/2\",\"2006/1/16\"})", 20.0),
    ("=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,2,1),8)", E + "#NUM!"),
    ("=WORKDAY(\"10/1/2008\",151)", 39933.0),
    ("=WORKDAY(\"10/1/2008\",151,{\"11/26/2008\",\"12/4/2008\",\"1/21/2009\"})", 39938.0),
    ("=WORKDAY(-1,1)", E + "#NUM!"),
    ("=WORKDAY.INTL(DATE(2012,1,1),30,0)", E + "#NUM!"),
    ("=WORKDAY.INTL(DATE(2012,1,1),90,11)", 41013.0),
    ("=WORKDAY.INTL(DATE(2012,1,1),30,17)", 40944.0),
    ("=WORKDAY.INTL(DATE(2012,1,1),30,\"1111111\")", E + "#VALUE!"),
    # --- YEARFRAC ------------------------------------------------------------------------------
    ("=YEARFRAC(\"1/1/2012\",\"7/30/2012\")", 209 / 360),
    ("=YEARFRAC(\"1/1/2012\",\"7/30/2012\",1)", 211 / 366),
    ("=YEARFRAC(\"1/1/2012\",\"7/30/2012\",3)", 211 / 365),
    ("=YEARFRAC(\"1/1/2012\",\"7/30/2012\",5)", E + "#NUM!"),
    # basis 0 from the last day of February: a 31st end stays the 31st (Excel's rule as D. A.
    # Wheeler measured it, "YEARFRAC Incompatibilities between Excel 2007 and OOXML"), two
    # February ends are 30 to 30 (fuzz seed 11; LibreOffice checks these)
    ("=YEARFRAC(DATE(2011,2,28),DATE(2011,3,31))", 31 / 360),
    ("=YEARFRAC(DATE(2011,2,28),DATE(2011,3,30))", 30 / 360),
    ("=YEARFRAC(DATE(2011,2,28),DATE(2012,2,29))", 1.0),
    ("=YEARFRAC(DATE(2011,3,30),DATE(2011,3,31))", 0.0),
    # --- DATEVALUE, TIMEVALUE --------------------------------------------------------------------
    ("=DATEVALUE(\"8/22/2011\")", 40777.0),
    ("=DATEVALUE(\"22-MAY-2011\")", 40685.0),
    ("=DATEVALUE(\"2011/02/23\")", 40597.0),
    ("=DATEVALUE(\"x\")", E + "#VALUE!"),
    ("=TIMEVALUE(\"2:24 AM\")", 0.1),
    ("=TIMEVALUE(\"22-Aug-2011 6:35 AM\")", 395 / 1440),
    ("=TIMEVALUE(\"x\")", E + "#VALUE!"),
    # --- TEXT ----------------------------------------------------------------------------------------
    ("=TEXT(1234.567,\"$#,##0.00\")", "$1,234.57"),
    ("=TEXT(40955,\"MM/DD/YY\")", "02/16/12"),
    ("=TEXT(40955,\"DDDD\")", "Thursday"),
    ("=TEXT(0.75,\"H:MM AM/PM\")", "6:00 PM"),
    ("=TEXT(0.285,\"0.0%\")", "28.5%"),
    ("=TEXT(4.34,\"# ?/?\")", "4 1/3"),
    ("=TEXT(12200000,\"0.00E+00\")", "1.22E+07"),
    ("=TEXT(1234567898,\"[<=9999999]###-####;(###) ###-####\")", "(123) 456-7898"),
    ("=TEXT(1234,\"0000000\")", "0001234"),
    ("=TEXT(123456,\"##0° 00' 00''\")", "12° 34' 56''"),
    ("=TEXT(1234.59,\"####.#\")", "1234.6"),
    ("=TEXT(8.9,\"#.000\")", "8.900"),
    ("=TEXT(0.631,\"0.#\")", "0.6"),
    ("=TEXT(12,\"#.0#\")", "12.0"),
    ("=TEXT(12200000,\"#,###.0,\")", "12,200.0"),
    ("=TEXT(-5,\"0;(0)\")", "(5)"),
    ("=TEXT(N2,\"yyyy-mm-dd hh:mm\")", "2012-02-16 18:00"),
    ("=TEXT(1.5,\"[h]:mm\")", "36:00"),
    ("=TEXT(\"2024-01-10\",\"mmmm d, yyyy\")", "January 10, 2024"),
    ("=TEXT(\"abc\",\"0.00\")", "abc"),
    ("=TEXT(-1,\"yyyy\")", E + "#VALUE!"),
    ("=TEXT(C1,\"0\")", E + "#DIV/0!"),
    # --- VALUE, NUMBERVALUE, FIXED, DOLLAR -------------------------------------------------------------
    ("=VALUE(\"$1,000\")", 1000.0),
    ("=VALUE(\"16:48:00\")-VALUE(\"12:00:00\")", 0.2),
    ("=VALUE(\"x\")", E + "#VALUE!"),
    ("=NUMBERVALUE(\"2.500,27\",\",\",\".\")", 2500.27),
    ("=NUMBERVALUE(\"3.5%\")", 0.035),
    ("=NUMBERVALUE(\"1.2.3\")", E + "#VALUE!"),
    ("=NUMBERVALUE(\"\",\".\",\",\")", 0.0),  # empty text is 0
    ("=FIXED(1234.567,1)", "1,234.6"),
    ("=FIXED(1234.567,-1)", "1,230"),
    ("=FIXED(-1234.567,-1,TRUE)", "-1230"),
    ("=FIXED(44.332)", "44.33"),
    ("=FIXED(\"x\")", E + "#VALUE!"),
    ("=DOLLAR(1234.567,2)", "$1,234.57"),
    ("=DOLLAR(1234.567,-2)", "$1,200"),
    ("=DOLLAR(-1234.567,-2)", "($1,200)"),
    ("=DOLLAR(-0.123,4)", "($0.1230)"),
    ("=DOLLAR(99.888)", "$99.89"),
    # --- error inputs: an error argument gives that error (C1 is #DIV/0!) ---------------------
    ("=DAY(C1)", E + "#DIV/0!"),
    ("=MINUTE(C1)", E + "#DIV/0!"),
    ("=DOLLAR(C1,2)", E + "#DIV/0!"),
    # --- NOW, TODAY: their values change, so the rows check what the "NOW function" and
    # "TODAY function" pages state: TODAY is the date (a whole serial number), NOW the
    # date and time of the same moment.  (They take no arguments: no error input.)
    ("=TODAY()=INT(NOW())", True),
    ("=NOW()-TODAY()<1", True),
    ("=NOW()>=TODAY()", True),
    ("=TODAY()>DATE(2024,1,1)", True),
]

_NO_1900_02_29 = ("LibreOffice has no 1900-02-29: its serials before 1900-03-01 are the real days, "
                  "one more than Excel's")
_INVALID = ("LibreOffice saves its invalid-argument error (Err:502) as #VALUE! where Excel gives "
            "#NUM!")
_BEFORE_1900 = ("LibreOffice has dates before 1900 (negative serials: YEAR(-1) is 1899) and after "
                "9999; Excel gives #NUM!")
_WEEK_1 = ("a last week of December holding the next 1 January is week 1 in LibreOffice (its "
           "Date::GetWeekOfYear), week 53 or 54 of its own year in Excel")
_TEXT_HOLIDAYS = ("holidays given as date text in an array constant: Excel reads them as dates, "
                  "LibreOffice does not")

#: Rows LibreOffice answers otherwise (sheetgd follows Excel).
KNOWN_LIBREOFFICE_DIFFERENCES = {
    "=DATE(1900,2,29)": _NO_1900_02_29,
    "=DAY(60)": _NO_1900_02_29,
    "=DAY(0)": "LibreOffice's serial 0 is 1899-12-30 (Excel's '1900-01-00')",
    "=DATE(108,1,2)": "DATE's year 100..1899: Excel adds 1900 (2008), LibreOffice takes the year "
                      "as it is (before 1900: #VALUE!)",
    "=DATE(-1,1,1)": _INVALID,
    "=DATE(10000,1,1)": _BEFORE_1900,
    "=TIME(0,0,-1)": _INVALID,
    "=YEAR(-1)": _BEFORE_1900,
    "=MONTH(2958466)": _BEFORE_1900,
    "=HOUR(-0.5)": _BEFORE_1900,
    "=ISOWEEKNUM(-1)": _BEFORE_1900,
    "=EOMONTH(-1,1)": _BEFORE_1900,
    "=DAYS360(-1,1)": _BEFORE_1900,
    "=WORKDAY(-1,1)": _BEFORE_1900,
    "=TEXT(-1,\"yyyy\")": _BEFORE_1900,
    "=WEEKDAY(39492,4)": _INVALID,
    "=WEEKNUM(\"3/9/2012\",3)": _INVALID,
    "=WEEKNUM(\"2019-12-29\")": _WEEK_1,
    "=WEEKNUM(\"2019-12-29\",17)": _WEEK_1,
    "=DATEDIF(\"8/15/2002\",\"6/1/2001\",\"D\")": _INVALID,
    "=DATEDIF(\"6/1/2001\",\"8/15/2002\",\"W\")": _INVALID,
    "=YEARFRAC(\"1/1/2012\",\"7/30/2012\",5)": _INVALID,
    "=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,2,1),7,{\"2006/1/2\",\"2006/1/16\"})": _TEXT_HOLIDAYS,
    "=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,2,1),\"0010001\",{\"2006/1/2\",\"2006/1/16\"})": _TEXT_HOLIDAYS,
    "=NETWORKDAYS.INTL(DATE(2006,1,1),DATE(2006,2,1),8)": _INVALID,
    "=WORKDAY.INTL(DATE(2012,1,1),30,0)": _INVALID,
    "=DATEVALUE(\"2011/02/23\")": "LibreOffice (en-US) does not read year/month/day with slashes "
                                   "(Excel's documentation example: 40597)",
    "=NUMBERVALUE(\"3.5%\")": "LibreOffice's NUMBERVALUE without its separators is #VALUE!",
    "=NUMBERVALUE(\"\",\".\",\",\")": "NUMBERVALUE of empty text: 0 in Excel (its documentation), #VALUE! "
                                  "in LibreOffice",
    "=DOLLAR(-1234.567,-2)": "DOLLAR of a negative amount: Excel's format puts it in parentheses "
                             "(\"($1,200)\"), LibreOffice (en-US) writes \"-$1,200\"",
    "=DOLLAR(-0.123,4)": "as DOLLAR(-1234.567,-2)",
}
