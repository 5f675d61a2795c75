"""Excel's serial numbers for dates and times (the 1900 date system).

A serial number counts days since 1899-12-30 with the time of day as the
fraction; Excel counts a 29 February 1900 that never was (inherited from
Lotus 1-2-3), so dates before 1900-03-01 are one day less: serial 1 is
1900-01-01, 60 the fictitious 1900-02-29, 61 1900-03-01, and serial 0 is
shown as "1900-01-00" ("Date systems in Excel", Microsoft documentation:
https://learn.microsoft.com/office/troubleshoot/excel/1900-and-1904-date-system,
and "Excel incorrectly assumes that the year 1900 is a leap year",
https://learn.microsoft.com/office/troubleshoot/excel/wrongly-assumes-1900-is-leap-year).
The largest date is 9999-12-31, serial 2,958,465.

A workbook saved with ``<workbookPr date1904="1"/>`` (old Mac workbooks)
counts in the 1904 system instead: serial 0 is 1904-01-01, every day real,
the last 9999-12-31 (2,957,003).  A :class:`Calendar` is one of the two
systems (:data:`EXCEL_1900`, :data:`EXCEL_1904`); the functions, TEXT and
TODAY/NOW take the workbook's (:func:`calendar_of`).  Text coerced to a
number outside a function (``"2024-01-10"+0``) is read in the 1900 system.

This module is the one home of serial arithmetic: calendar dates <->
serials (:meth:`Calendar.serial`, :meth:`Calendar.ymd`), the weekday Excel
sees (:meth:`Calendar.weekday`), and the date and time text Excel reads as
a number in arithmetic, DATEVALUE and TIMEVALUE (:func:`parse_datetime_text`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

EPOCH = dt.datetime(1899, 12, 30)  #: serial day 0
_LEAP_BUG_END = 60  #: serials 1..60 are 1900-01-01 .. 1900-02-29 (sic)
MAX_SERIAL = 2958465  #: 9999-12-31, the last date Excel has
_ORDINAL_0 = dt.date(1899, 12, 30).toordinal()  # serial 0 for dates from 1900-03-01 on


def serial(moment: dt.datetime | dt.date | dt.time) -> float:
    """The serial number of ``moment``: a datetime (days and fraction), a
    date (whole days) or a time (the fraction of a day).  A time zone is
    dropped (Excel has none)."""
    if isinstance(moment, dt.time):
        return _fraction(moment)
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time())
    days = (moment.date() - EPOCH.date()).days
    days -= 1 if 0 < days <= _LEAP_BUG_END else 0
    return days + _fraction(moment)


def _fraction(moment: dt.datetime | dt.time) -> float:
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
    return seconds / 86400


# --- calendar dates and serials ------------------------------------------------

def date_serial(year: int, month: int, day: int) -> int | None:
    """The serial of a date as Excel's DATE builds it: ``month`` and ``day``
    may overflow either way (month 14 is February of the next year, day 0
    the last day of the month before); None before serial 0 or after
    9999-12-31.  Counting in Excel's calendar, 1900-02-29 exists
    (``date_serial(1900, 3, 0)`` is 60)."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    if not 1 <= year <= 9999:
        return None
    first = dt.date(year, month, 1).toordinal() - _ORDINAL_0
    if (year, month) <= (1900, 2):
        first -= 1  # before the fictitious 1900-02-29, serials are one less
    result = first + day - 1
    return result if 0 <= result <= MAX_SERIAL else None


def serial_ymd(n: int) -> tuple[int, int, int]:
    """(year, month, day) of a whole serial 0..:data:`MAX_SERIAL` in Excel's
    calendar: 0 is (1900, 1, 0), 60 is (1900, 2, 29)."""
    if n == 0:
        return 1900, 1, 0
    if n == _LEAP_BUG_END:
        return 1900, 2, 29
    d = dt.date.fromordinal(n + _ORDINAL_0 + (1 if n < _LEAP_BUG_END else 0))
    return d.year, d.month, d.day


def days_in_month(year: int, month: int) -> int:
    """Days of a month in Excel's calendar (February 1900 has 29)."""
    if (year, month) == (1900, 2):
        return 29
    return calendar.monthrange(year, month)[1]


def weekday(n: int) -> int:
    """0 (Sunday) .. 6 (Saturday) of a whole serial, as Excel counts: serial
    1 (1900-01-01) is a Sunday in Excel's calendar, because of its
    fictitious 1900-02-29 (the real day was a Monday)."""
    return (n + 6) % 7


_ORDINAL_1904 = dt.date(1904, 1, 1).toordinal()
MAX_SERIAL_1904 = dt.date(9999, 12, 31).toordinal() - _ORDINAL_1904


@dataclass(frozen=True)
class Calendar:
    """One of Excel's two date systems: serials of the 1900 system (with its
    fictitious 1900-02-29) or, ``date1904``, of the 1904 system."""

    date1904: bool = False

    @property
    def max_serial(self) -> int:
        """The serial of 9999-12-31."""
        return MAX_SERIAL_1904 if self.date1904 else MAX_SERIAL

    @property
    def first_year(self) -> int:
        return 1904 if self.date1904 else 1900

    def serial(self, year: int, month: int, day: int) -> int | None:
        """:func:`date_serial` in this system."""
        if not self.date1904:
            return date_serial(year, month, day)
        year += (month - 1) // 12
        month = (month - 1) % 12 + 1
        if not 1 <= year <= 9999:
            return None
        result = dt.date(year, month, 1).toordinal() - _ORDINAL_1904 + day - 1
        return result if 0 <= result <= MAX_SERIAL_1904 else None

    def ymd(self, n: int) -> tuple[int, int, int]:
        """:func:`serial_ymd` in this system (``n`` in 0..:attr:`max_serial`)."""
        if not self.date1904:
            return serial_ymd(n)
        d = dt.date.fromordinal(n + _ORDINAL_1904)
        return d.year, d.month, d.day

    def weekday(self, n: int) -> int:
        """0 (Sunday) .. 6 (Saturday) of a whole serial (1904-01-01, serial 0
        of the 1904 system, was a Friday)."""
        return (n + 5) % 7 if self.date1904 else weekday(n)

    def of(self, moment: dt.datetime | dt.date) -> float:
        """The serial of a Python date or datetime (TODAY, NOW)."""
        n = serial(moment)
        return n - 1462 if self.date1904 else n  # 1904-01-01 is serial 1462 in the 1900 system

    def text(self, text: str, today: dt.date | None = None):
        """:func:`parse_datetime_text` in this system."""
        return parse_datetime_text(text, today, self)


EXCEL_1900 = Calendar(False)
EXCEL_1904 = Calendar(True)


def calendar_of(book) -> Calendar:
    """The date system of a workbook (its ``date1904`` flag, set by the reader
    from the file's ``workbookPr``)."""
    return EXCEL_1904 if getattr(book, "date1904", False) else EXCEL_1900


# --- date and time text ---------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<mon>[A-Za-z]{3,9})\.?"
_SEP = r"\s*[-/ ]\s*"

#: Date forms Excel (en-US) reads: numeric month/day/year, ISO year-month-day,
#: day-month name-year, month name day, year; year, month or day alone left out
#: where Excel allows it.
_DATE_FORMS = [re.compile(p + r"$", re.ASCII) for p in (
    r"(?P<y>\d{4})\s*[-/]\s*(?P<m>\d{1,2})\s*[-/]\s*(?P<d>\d{1,2})",
    r"(?P<m>\d{1,2})\s*([-/])\s*(?P<d>\d{1,2})(?:\s*\2\s*(?P<y>\d{1,4}))?",
    r"(?P<m>\d{1,2})\s*[-/]\s*(?P<y>\d{4})",
    r"(?P<d>\d{1,2})" + _SEP + _MONTH + r"(?:" + _SEP + r"(?P<y>\d{1,4}))?",
    _MONTH + r"\s*[- ]\s*(?P<d>\d{1,2})(?:(?:\s*,\s*|" + _SEP + r")(?P<y>\d{4}))?",
    _MONTH + _SEP + r"(?P<y>\d{4})",
)]
_TIME = re.compile(
    r"(?P<h>\d{1,5})\s*:\s*(?P<mi>\d{1,5})(?:\s*:\s*(?P<s>\d{1,5}(?:\.\d*)?))?"
    r"(?:\s*(?P<ap>[AaPp])\.?[Mm]?\.?)?$"
    r"|(?P<h2>\d{1,2})\s*(?P<ap2>[AaPp])\.?[Mm]?\.?$",
    re.ASCII)


def parse_datetime_text(text: str, today: dt.date | None = None,
                        cal: "Calendar | None" = None) -> tuple[float | None, float | None] | None:
    """``(date serial or None, time fraction or None)`` of a text Excel
    (en-US) reads as a date, a time or both (``"2024-01-10"``,
    ``"1/10/2024"``, ``"10-Jan-2024"``, ``"January 10, 2024"``, ``"18:45"``,
    ``"6:45 PM"``, ``"2024-01-10 12:00"``), or None.

    A year of one or two digits is 1930..2029 (00-29 in the 2000s); a date
    without a year is in the current year, one without a day is the first of
    the month.  The time of day may pass 24 hours (``"25:00"`` is 1.0417:
    one day and one hour), but minutes and seconds stay below 60 when hours
    are given.  Dates before 1900 (1904 in that system: ``cal``) are None."""
    text = text.strip()
    if not text or not any(c.isdigit() for c in text):
        return None
    date_part, time_part = text, ""
    m = re.search(r"(?:^|\s)(\d{1,5}\s*:.*|\d{1,2}\s*[AaPp]\.?[Mm]?\.?)$", text, re.ASCII)
    if m:
        date_part, time_part = text[:m.start()].strip(), m.group(1)
        if date_part.endswith(","):
            date_part = date_part[:-1].rstrip()
    days = fraction = None
    if date_part:
        days = _parse_date(date_part, today, cal or EXCEL_1900)
        if days is None:
            return None
    if time_part:
        fraction = _parse_time(time_part)
        if fraction is None:
            return None
    return days, fraction


def _parse_date(text: str, today: dt.date | None, cal: "Calendar") -> int | None:
    for form in _DATE_FORMS:
        m = form.match(text)
        if not m:
            continue
        parts = m.groupdict()
        if parts.get("mon") is not None:
            month = _MONTHS.get(parts["mon"].lower())
            if month is None:
                return None
        else:
            month = int(parts["m"])
        day = int(parts["d"]) if parts.get("d") else 1
        if parts.get("y") is None:
            year = (today or dt.date.today()).year
        else:
            year = int(parts["y"])
            if len(parts["y"]) <= 2:
                year += 2000 if year < 30 else 1900
            elif year < cal.first_year:
                return None
        if not 1 <= month <= 12 or not 1 <= day <= days_in_month(year, month):
            return None
        return cal.serial(year, month, day)
    return None


def _parse_time(text: str) -> float | None:
    m = _TIME.match(text)
    if not m:
        return None
    if m.group("h2"):
        hours, minutes, seconds, ampm = int(m.group("h2")), 0, 0.0, m.group("ap2")
    else:
        hours, minutes, ampm = int(m.group("h")), int(m.group("mi")), m.group("ap")
        seconds = float(m.group("s")) if m.group("s") else 0.0
    if minutes >= 60 or seconds >= 60:
        return None
    if ampm:
        if not 0 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if ampm in "Pp" else 0)
    return (hours * 3600 + minutes * 60 + seconds) / 86400


def text_serial(text: str, cal: Calendar | None = None) -> float | None:
    """The number a date or time text is in arithmetic (``"2024-01-10"+0``
    is 45301, ``"12:00"+0`` 0.5), or None if it is neither."""
    parsed = parse_datetime_text(text, None, cal)
    if parsed is None:
        return None
    days, fraction = parsed
    return (days or 0) + (fraction or 0.0)
