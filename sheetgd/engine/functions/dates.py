"""Date and time: DATE, TIME, DAY, MONTH, YEAR, HOUR, MINUTE, SECOND, WEEKDAY,
WEEKNUM, ISOWEEKNUM, EDATE, EOMONTH, DATEDIF, DAYS, DAYS360, NETWORKDAYS(.INTL),
WORKDAY(.INTL), YEARFRAC, DATEVALUE, TIMEVALUE.

Dates are Excel's serial numbers in the 1900 system, with its fictitious
1900-02-29 (serial 60): :mod:`sheetgd.engine.serials` holds every
conversion.  Date arguments follow Excel's rules: a number is truncated to
its day, text Excel reads as a date is its serial (``DAY("2024-01-10")`` is
10), and a serial below 0 or past 9999-12-31 is #NUM!.  Integer arguments
(months, days, return types) are truncated toward zero.  TODAY and NOW are
in :mod:`.rand` (volatile).  Sources: each function's page in Microsoft's
Excel function reference (support.microsoft.com).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math

from .. import errors
from ..errors import XLError
from ..serials import Calendar, calendar_of, days_in_month
from ..values import EMPTY, Array, shown, to_number
from .base import GRID, NUMBER, SCALAR, TEXT, function, opt
from .daycount import basis_of, year_fraction


def _day(x: float, cal: Calendar, what: str = "date"):
    """The whole serial of a date argument, or #NUM! outside 0..9999-12-31."""
    if not 0 <= x < cal.max_serial + 1:
        return errors.NUM(f"{what} {x:g} is not a date between {cal.first_year} and 9999")
    return int(x)


def _int(x: float) -> int:
    """An integer argument, truncated toward zero (finite: checked by the gate)."""
    return int(x)


def _ymd_serial(cal: Calendar, year: int, month: int, day: int, what: str):
    n = cal.serial(year, month, day)
    return errors.NUM(f"{what}: the date is before {cal.first_year} or after 9999") if n is None \
        else float(n)


# --- building and splitting dates -------------------------------------------------

@function("DATE", NUMBER, NUMBER, NUMBER, ctx=True)
def DATE(ctx, year, month, day):
    """The serial of a date.  A year 0..1899 is added to 1900 (``DATE(108,1,2)``
    is 2008-01-02); months and days overflow into the next or previous
    month or year.  #NUM! for a year below 0 or from 10000 on, or a date
    before 1900-01-00 or after 9999-12-31.  Excel: DATE function."""
    if not (abs(year) < 1e9 and abs(month) < 1e9 and abs(day) < 1e10):
        return errors.NUM("DATE: argument too large")
    y = _int(year)
    if not 0 <= y < 10000:
        return errors.NUM(f"DATE: year {y} is not 0..9999")
    if y < 1900:
        y += 1900
    return _ymd_serial(calendar_of(ctx.book), y, _int(month), _int(day), "DATE")


@function("TIME", NUMBER, NUMBER, NUMBER)
def TIME(hour, minute, second):
    """The fraction of a day of a time: hours past 23 wrap around
    (``TIME(27,0,0)`` is 0.125), minutes and seconds overflow into hours.
    #NUM! for an argument above 32767 or a negative total.  Excel: TIME
    function."""
    h, m, s = _int(hour), _int(minute), _int(second)
    if max(h, m, s) > 32767:
        return errors.NUM("TIME: an argument is above 32767")
    total = h * 3600 + m * 60 + s
    if total < 0:
        return errors.NUM("TIME: the time is negative")
    return (total % 86400) / 86400


def _part(ctx, serial, index):
    cal = calendar_of(ctx.book)
    n = _day(serial, cal)
    return n if isinstance(n, XLError) else float(cal.ymd(n)[index])


@function("YEAR", NUMBER, ctx=True)
def YEAR(ctx, serial):
    """The year 1900..9999 of a date.  Excel: YEAR function."""
    return _part(ctx, serial, 0)


@function("MONTH", NUMBER, ctx=True)
def MONTH(ctx, serial):
    """The month 1..12 of a date.  Excel: MONTH function."""
    return _part(ctx, serial, 1)


@function("DAY", NUMBER, ctx=True)
def DAY(ctx, serial):
    """The day of the month of a date, 1..31 (0 for serial 0, "1900-01-00").
    Excel: DAY function."""
    return _part(ctx, serial, 2)


def _seconds(ctx, serial):
    """The time of day in whole seconds, rounded to the nearest second (a
    time a hair before midnight is 0:00:00 of the next day)."""
    if not 0 <= serial < calendar_of(ctx.book).max_serial + 1:
        return errors.NUM(f"{serial:g} is not a time between 1900 and 9999")
    return int(math.floor((serial - math.floor(serial)) * 86400 + 0.5)) % 86400


@function("HOUR", NUMBER, ctx=True)
def HOUR(ctx, serial):
    """The hour 0..23 of a time (the fraction of the serial), rounded to the
    nearest second first.  Excel: HOUR function."""
    s = _seconds(ctx, serial)
    return s if isinstance(s, XLError) else float(s // 3600)


@function("MINUTE", NUMBER, ctx=True)
def MINUTE(ctx, serial):
    """The minute 0..59 of a time, rounded to the nearest second first.
    Excel: MINUTE function."""
    s = _seconds(ctx, serial)
    return s if isinstance(s, XLError) else float(s // 60 % 60)


@function("SECOND", NUMBER, ctx=True)
def SECOND(ctx, serial):
    """The second 0..59 of a time, rounded to the nearest second
    (``SECOND(TIME(0,0,5)+0.6/86400)`` is 6).  Excel: SECOND function."""
    s = _seconds(ctx, serial)
    return s if isinstance(s, XLError) else float(s % 60)


# --- weekdays and weeks ------------------------------------------------------------

#: WEEKDAY's return types: the weekday (0 Sunday .. 6 Saturday) counted as 1
#: (0 for type 3).
_WEEK_START = {1: (0, 1), 2: (1, 1), 3: (1, 0), 11: (1, 1), 12: (2, 1), 13: (3, 1), 14: (4, 1),
               15: (5, 1), 16: (6, 1), 17: (0, 1)}


@function("WEEKDAY", NUMBER, opt(NUMBER, 1.0), ctx=True)
def WEEKDAY(ctx, serial, return_type):
    """The day of the week of a date: type 1 (default) Sunday 1 .. Saturday 7,
    2 Monday 1 .. Sunday 7, 3 Monday 0 .. Sunday 6, 11..17 the week starting
    Monday..Sunday at 1.  #NUM! for another type.  Excel: WEEKDAY
    function."""
    cal = calendar_of(ctx.book)
    n = _day(serial, cal)
    if isinstance(n, XLError):
        return n
    start = _WEEK_START.get(_int(return_type) if abs(return_type) < 100 else 0)
    if start is None:
        return errors.NUM(f"WEEKDAY: return type {return_type:g} is not 1, 2, 3 or 11..17")
    first, base = start
    return float((cal.weekday(n) - first) % 7 + base)


_WEEKNUM_START = {1: 0, 2: 1, 11: 1, 12: 2, 13: 3, 14: 4, 15: 5, 16: 6, 17: 0}


def _iso_week(cal: Calendar, n: int) -> int:
    if cal.date1904:  # every serial a real day
        return dt.date(*cal.ymd(n)).isocalendar()[1]
    thursday = n - (cal.weekday(n) + 6) % 7 + 3  # the Thursday of n's Monday-to-Sunday week
    year = cal.ymd(thursday)[0] if thursday >= 1 else 1899
    jan1 = cal.serial(year, 1, 1) if year >= 1900 else -364  # 1899-01-01 counted back from serial 1
    return (thursday - jan1) // 7 + 1


@function("WEEKNUM", NUMBER, opt(NUMBER, 1.0), ctx=True)
def WEEKNUM(ctx, serial, return_type):
    """The week of the year of a date: the week holding 1 January is week 1,
    weeks start on Sunday (type 1, default, and 17), Monday (2, 11),
    Tuesday (12) .. Saturday (16); type 21 is the ISO week (ISOWEEKNUM).
    #NUM! for another type.  Excel: WEEKNUM function."""
    cal = calendar_of(ctx.book)
    n = _day(serial, cal)
    if isinstance(n, XLError):
        return n
    kind = _int(return_type) if abs(return_type) < 100 else 0
    if kind == 21:
        return float(_iso_week(cal, n))
    start = _WEEKNUM_START.get(kind)
    if start is None:
        return errors.NUM(f"WEEKNUM: return type {return_type:g} is not 1, 2, 11..17 or 21")
    jan1 = cal.serial(cal.ymd(n)[0], 1, 1)
    return float((n - jan1 + (cal.weekday(jan1) - start) % 7) // 7 + 1)


@function("ISOWEEKNUM", NUMBER, xlfn=True, ctx=True)
def ISOWEEKNUM(ctx, serial):
    """The ISO 8601 week of the year (weeks start on Monday; week 1 holds the
    year's first Thursday).  Excel: ISOWEEKNUM function."""
    cal = calendar_of(ctx.book)
    n = _day(serial, cal)
    return n if isinstance(n, XLError) else float(_iso_week(cal, n))


# --- month arithmetic --------------------------------------------------------------

def _months_from(cal, start, months, what):
    n = _day(start, cal)
    if isinstance(n, XLError):
        return n
    if abs(months) > 200_000:
        return errors.NUM(f"{what}: {months:g} months is outside 1900..9999")
    year, month, day = cal.ymd(n)
    return year, month + _int(months), day


@function("EDATE", NUMBER, NUMBER, ctx=True)
def EDATE(ctx, start_date, months):
    """The date ``months`` months before or after ``start_date``, the day
    kept or brought back to the month's last (``EDATE("2011-01-31",1)`` is
    2011-02-28).  #NUM! outside 1900..9999.  Excel: EDATE function."""
    cal = calendar_of(ctx.book)
    moved = _months_from(cal, start_date, months, "EDATE")
    if isinstance(moved, XLError):
        return moved
    year, month, day = moved
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    if not cal.first_year <= year <= 9999:
        return errors.NUM(f"EDATE: the date is before {cal.first_year} or after 9999")
    return _ymd_serial(cal, year, month, min(day, days_in_month(year, month)), "EDATE")


@function("EOMONTH", NUMBER, NUMBER, ctx=True)
def EOMONTH(ctx, start_date, months):
    """The last day of the month ``months`` months before or after
    ``start_date``.  #NUM! outside 1900..9999.  Excel: EOMONTH function."""
    cal = calendar_of(ctx.book)
    moved = _months_from(cal, start_date, months, "EOMONTH")
    if isinstance(moved, XLError):
        return moved
    year, month, _ = moved
    return _ymd_serial(cal, year, month + 1, 0, "EOMONTH")


# --- differences -------------------------------------------------------------------

@function("DATEDIF", NUMBER, NUMBER, TEXT, ctx=True)
def DATEDIF(ctx, start_date, end_date, unit):
    """Whole years ("Y"), months ("M") or days ("D") from ``start_date`` to
    ``end_date``; "MD" the days ignoring months and years, "YM" the months
    ignoring years, "YD" the days ignoring years.  "MD" keeps Excel's
    result when the end day is the smaller: the days from the start day
    in the month before the end's, which can be negative
    (``DATEDIF("2011-01-31","2011-03-01","MD")`` is -2, a limitation the
    documentation warns of).  #NUM! when start is after end or the unit is
    another.  Excel: DATEDIF function."""
    cal = calendar_of(ctx.book)
    a, b = _day(start_date, cal), _day(end_date, cal)
    for n in (a, b):
        if isinstance(n, XLError):
            return n
    if a > b:
        return errors.NUM("DATEDIF: the start date is after the end date")
    unit = unit.upper()
    if unit == "D":
        return float(b - a)
    (y1, m1, d1), (y2, m2, d2) = cal.ymd(a), cal.ymd(b)
    months = (y2 - y1) * 12 + m2 - m1 - (1 if d2 < d1 else 0)
    if unit == "M":
        return float(months)
    if unit == "Y":
        return float(months // 12)
    if unit == "YM":
        return float(months % 12)
    if unit == "MD":
        if d2 >= d1:
            return float(d2 - d1)
        py, pm = (y2, m2 - 1) if m2 > 1 else (y2 - 1, 12)
        return float(days_in_month(py, pm) - d1 + d2)
    if unit == "YD":
        year = y2 if (m1, d1) <= (m2, d2) else y2 - 1
        start = cal.serial(year, m1, min(d1, days_in_month(year, m1)))
        return float(b - start) if start is not None else errors.NUM("DATEDIF: before 1900")
    return errors.NUM(f"DATEDIF: unit {shown(unit)} is not Y, M, D, MD, YM or YD")


@function("DAYS", NUMBER, NUMBER, xlfn=True, ctx=True)
def DAYS(ctx, end_date, start_date):
    """The days from ``start_date`` to ``end_date`` (whole days).  #NUM!
    outside 1900..9999.  Excel: DAYS function."""
    cal = calendar_of(ctx.book)
    a, b = _day(start_date, cal), _day(end_date, cal)
    for n in (b, a):
        if isinstance(n, XLError):
            return n
    return float(b - a)


def _last_of_february(y: int, m: int, d: int) -> bool:
    return m == 2 and d == days_in_month(y, 2)


@function("DAYS360", NUMBER, NUMBER, opt(NUMBER, 0.0), ctx=True)
def DAYS360(ctx, start_date, end_date, method):
    """The days between two dates in a 360-day year of twelve 30-day months.
    US method (FALSE, default): a start on the month's last day (31, or
    February's last) is the 30th; an end on the 31st is the 30th when the
    start is the 30th or 31st, else the 1st of the next month.  European
    method (TRUE): any 31st is the 30th.  A start after the end gives a
    negative number.  Excel: DAYS360 function."""
    cal = calendar_of(ctx.book)
    a, b = _day(start_date, cal), _day(end_date, cal)
    for n in (a, b):
        if isinstance(n, XLError):
            return n
    (y1, m1, d1), (y2, m2, d2) = cal.ymd(a), cal.ymd(b)
    if method:
        d1, d2 = min(d1, 30), min(d2, 30)
    else:
        if d1 == 31 or _last_of_february(y1, m1, d1):
            d1 = 30
        if d2 == 31 and d1 == 30:
            d2 = 30
    return float((y2 - y1) * 360 + (m2 - m1) * 30 + d2 - d1)


@function("YEARFRAC", NUMBER, NUMBER, opt(NUMBER, 0.0), ctx=True)
def YEARFRAC(ctx, start_date, end_date, basis):
    """The fraction of a year between two dates (order does not matter) by a
    day count basis: 0 US 30/360 (default), 1 actual/actual, 2 actual/360,
    3 actual/365, 4 European 30/360.  Basis 1 follows Excel's rule: within
    one year, the days over 366 when that year is a leap year or the span
    holds a 29 February, else 365; over more than a year, over the average
    length of the calendar years it touches.  #NUM! for another basis.
    Excel: YEARFRAC function; the bases are :mod:`.daycount`'s."""
    cal = calendar_of(ctx.book)
    a, b = _day(start_date, cal), _day(end_date, cal)
    for n in (a, b):
        if isinstance(n, XLError):
            return n
    kind = basis_of(basis, "YEARFRAC")
    if isinstance(kind, XLError):
        return kind
    return year_fraction(cal, a, b, kind)


# --- working days ------------------------------------------------------------------

#: NETWORKDAYS.INTL's weekend numbers: the weekend days (0 Sunday .. 6 Saturday).
_WEEKENDS = {1: {6, 0}, 2: {0, 1}, 3: {1, 2}, 4: {2, 3}, 5: {3, 4}, 6: {4, 5}, 7: {5, 6},
             11: {0}, 12: {1}, 13: {2}, 14: {3}, 15: {4}, 16: {5}, 17: {6}}


def _weekend(value):
    """The weekend days of a weekend argument: a number of :data:`_WEEKENDS`
    (#NUM! otherwise) or seven 0/1 characters from Monday, 1 for a weekend
    day (#VALUE! otherwise)."""
    if value is EMPTY:
        return _WEEKENDS[1]
    if isinstance(value, str):
        if len(value) != 7 or set(value) - {"0", "1"}:
            return errors.VALUE(f"weekend {shown(value)} is not a number or seven 0/1 characters")
        return {(i + 1) % 7 for i, c in enumerate(value) if c == "1"}
    n = to_number(value)
    if isinstance(n, XLError):
        return n
    days = _WEEKENDS.get(_int(n) if abs(n) < 100 else 0)
    return errors.NUM(f"weekend {n:g} is not 1..7 or 11..17") if days is None else days


def _holidays(holidays, cal: Calendar):
    """The holiday serials (sorted, without repeats), or an error: numbers
    are truncated to days, empty cells skipped, text and logicals #VALUE!."""
    if holidays is None:
        return []
    if isinstance(holidays, XLError):
        return holidays
    values = holidays.flat() if isinstance(holidays, Array) else [holidays]
    days = set()
    for v in values:
        if v is EMPTY:
            continue
        if isinstance(v, XLError):
            return v
        if isinstance(v, bool) or not isinstance(v, float):
            n = to_number(v) if isinstance(v, str) else errors.VALUE("a holiday is not a date")
            if isinstance(n, XLError):
                return n
            v = n
        day = _day(v, cal, "holiday")
        if isinstance(day, XLError):
            return day
        days.add(day)
    return sorted(days)


def _networkdays(cal, start, end, weekend, holidays):
    a, b = _day(start, cal), _day(end, cal)
    for x in (a, b, weekend, holidays):
        if isinstance(x, XLError):
            return x
    sign = 1
    if a > b:
        a, b, sign = b, a, -1
    per_week = 7 - len(weekend)
    span = b - a + 1
    count = span // 7 * per_week
    count += sum(1 for n in range(a + span // 7 * 7, b + 1) if cal.weekday(n) not in weekend)
    lo, hi = bisect.bisect_left(holidays, a), bisect.bisect_right(holidays, b)
    count -= sum(1 for h in holidays[lo:hi] if cal.weekday(h) not in weekend)
    return float(sign * count)


@function("NETWORKDAYS", NUMBER, NUMBER, opt(GRID, None), ctx=True)
def NETWORKDAYS(ctx, start_date, end_date, holidays):
    """The working days (Monday to Friday, not in ``holidays``) from
    ``start_date`` to ``end_date``, both counted; negative when the start is
    after the end.  Excel: NETWORKDAYS function."""
    cal = calendar_of(ctx.book)
    return _networkdays(cal, start_date, end_date, _WEEKENDS[1], _holidays(holidays, cal))


@function("NETWORKDAYS.INTL", NUMBER, NUMBER, opt(SCALAR), opt(GRID, None), ctx=True)
def NETWORKDAYS_INTL(ctx, start_date, end_date, weekend, holidays):
    """NETWORKDAYS with the weekend given: a number (1 Saturday-Sunday
    (default) .. 7 Friday-Saturday, 11 Sunday .. 17 Saturday alone) or seven
    0/1 characters from Monday (1 a weekend day).  Excel:
    NETWORKDAYS.INTL function."""
    cal = calendar_of(ctx.book)
    return _networkdays(cal, start_date, end_date, _weekend(weekend), _holidays(holidays, cal))


def _workday(cal, start, days, weekend, holidays):
    a = _day(start, cal)
    for x in (a, weekend, holidays):
        if isinstance(x, XLError):
            return x
    if len(weekend) == 7:
        return errors.VALUE("WORKDAY.INTL: every day of the week is a weekend day")
    if abs(days) > cal.max_serial:
        return errors.NUM("WORKDAY: the date is after 9999")
    left, step = abs(_int(days)), 1 if days >= 0 else -1
    per_week = 7 - len(weekend)
    n = a
    while left:
        if left > per_week:  # a week with no holiday holds per_week working days
            week = (n + 1, n + 7) if step > 0 else (n - 7, n - 1)
            lo = bisect.bisect_left(holidays, week[0])
            if lo >= len(holidays) or holidays[lo] > week[1]:
                n += 7 * step
                left -= per_week
                if not 0 <= n <= cal.max_serial:
                    return errors.NUM("WORKDAY: the date is before 1900 or after 9999")
                continue
        n += step
        if not 0 <= n <= cal.max_serial:
            return errors.NUM("WORKDAY: the date is before 1900 or after 9999")
        if cal.weekday(n) not in weekend:
            i = bisect.bisect_left(holidays, n)
            if i >= len(holidays) or holidays[i] != n:
                left -= 1
    return float(n)


@function("WORKDAY", NUMBER, NUMBER, opt(GRID, None), ctx=True)
def WORKDAY(ctx, start_date, days, holidays):
    """The date ``days`` working days (Monday to Friday, not in
    ``holidays``) after ``start_date`` (before it when negative).  #NUM!
    outside 1900..9999.  Excel: WORKDAY function."""
    cal = calendar_of(ctx.book)
    return _workday(cal, start_date, days, _WEEKENDS[1], _holidays(holidays, cal))


@function("WORKDAY.INTL", NUMBER, NUMBER, opt(SCALAR), opt(GRID, None), ctx=True)
def WORKDAY_INTL(ctx, start_date, days, weekend, holidays):
    """WORKDAY with the weekend given as in NETWORKDAYS.INTL; seven weekend
    days ("1111111") are #VALUE!.  Excel: WORKDAY.INTL function."""
    cal = calendar_of(ctx.book)
    return _workday(cal, start_date, days, _weekend(weekend), _holidays(holidays, cal))


# --- text ---------------------------------------------------------------------------

@function("DATEVALUE", TEXT, ctx=True)
def DATEVALUE(ctx, date_text):
    """The serial of the date a text spells ("2008-12-31", "1/1/2008",
    "22-Aug-2011", "January 1, 2008"; without a year, the current year); a
    time in it is ignored.  #VALUE! for text that is no date, or a date
    before 1900.  Excel: DATEVALUE function."""
    parsed = calendar_of(ctx.book).text(date_text)
    if parsed is None or parsed[0] is None:
        return errors.VALUE(f"DATEVALUE: {shown(date_text)} is not a date")
    return float(parsed[0])


@function("TIMEVALUE", TEXT, ctx=True)
def TIMEVALUE(ctx, time_text):
    """The fraction of a day of the time a text spells ("6:45 PM", "18:45",
    "22-Aug-2011 6:35 AM"); a date in it is ignored, and a time past 24
    hours wraps around.  #VALUE! for text that is no time or date.  Excel:
    TIMEVALUE function."""
    parsed = calendar_of(ctx.book).text(time_text)
    if parsed is None:
        return errors.VALUE(f"TIMEVALUE: {shown(time_text)} is not a time")
    fraction = parsed[1] or 0.0
    return fraction - math.floor(fraction)
