"""Excel's serial numbers for dates and times (the 1900 date system).

A serial number counts days since 1899-12-30 with the time of day as the
fraction; Excel counts a 29 February 1900 that never was (inherited from
Lotus 1-2-3), so dates before 1900-03-01 are one day less ("Date systems in
Excel", Microsoft documentation).  The 1904 system of old Mac workbooks is
not supported.
"""

from __future__ import annotations

import datetime as dt

EPOCH = dt.datetime(1899, 12, 30)  #: serial day 0
_LEAP_BUG_END = 60  #: serials 1..60 are 1900-01-01 .. 1900-02-29 (sic)


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
