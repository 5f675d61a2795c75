"""Day-count bases and coupon dates: the one home of Excel's ``basis``
argument, shared by YEARFRAC (dates.py), the securities functions
(securities.py, discounts.py, oddcoupons.py) and AMORLINC/AMORDEGRC
(amortization.py).  No functions are declared here.

Bases (Excel's YEARFRAC, COUPDAYS ... pages):

=====  ==========================  =========================================
basis  name                        days between two dates / days in a year
=====  ==========================  =========================================
0      US (NASD) 30/360 (default)  30-day months, :func:`days_360_us` / 360
1      actual/actual               calendar days / 365 or 366 (YEARFRAC's rule)
2      actual/360                  calendar days / 360
3      actual/365                  calendar days / 365
4      European 30/360             30-day months, any 31st is the 30th / 360
=====  ==========================  =========================================

The US 30/360 count is Excel's YEARFRAC basis 0 as measured by D. A.
Wheeler ("YEARFRAC Incompatibilities between Excel 2007 and OOXML", 2008):
when both dates are the last day of February the second becomes the 30th;
a second date on the 31st becomes the 30th when the first is the 30th or
31st; then a first date on the 31st or the last day of February becomes
the 30th.  So a 31st end stays the 31st after a start on the last day of
February (28 Feb to 31 Mar is 31 days: the ExcelFinancialFunctions
library's COUPDAYBS, checked against Excel, and LibreOffice agree).

Coupon dates run back from maturity in steps of 12/frequency months, each
taken from maturity itself (so a 31 May maturity pays on 30 November and 31
May), and a maturity on the last day of its month pays on the last day of
every month (Excel's COUPPCD and COUPNCD examples; LibreOffice's analysis
add-in does the same).
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import errors
from ..errors import XLError
from ..serials import Calendar, days_in_month

BASES = (0, 1, 2, 3, 4)


def whole(x: float) -> int:
    """An integer argument, truncated toward zero (Excel truncates dates,
    frequency and basis)."""
    return int(x) if abs(x) < 1e15 else (1 << 62) * (1 if x > 0 else -1)


def basis_of(x: float, name: str):
    """The basis 0..4 of an argument (truncated), or #NUM!."""
    b = whole(x)
    return b if b in BASES else errors.NUM(f"{name}: basis {x:g} is not 0..4")


def frequency_of(x: float, name: str):
    """Coupons a year, 1, 2 or 4 (truncated), or #NUM!."""
    f = whole(x)
    return f if f in (1, 2, 4) else errors.NUM(f"{name}: frequency {x:g} is not 1, 2 or 4")


def date_of(x: float, cal: Calendar, name: str, what: str):
    """The whole serial of a date argument, or #NUM! outside the calendar."""
    if not 0 <= x < cal.max_serial + 1:
        return errors.NUM(f"{name}: {what} {x:g} is not a date between {cal.first_year} and 9999")
    return int(x)


def first_error(*values):
    """The first XLError among ``values``, or None."""
    return next((v for v in values if isinstance(v, XLError)), None)


def price_terms_error(name: str, rate: float, yld: float, redemption: float):
    """#NUM! for the terms a bond price refuses (a negative rate or yield,
    redemption <= 0: the PRICE, ODDFPRICE and ODDLPRICE pages), else None."""
    if rate < 0 or yld < 0:
        return errors.NUM(f"{name}: a negative rate or yield")
    if redemption <= 0:
        return errors.NUM(f"{name}: redemption <= 0")
    return None


def yield_terms_error(name: str, rate: float, pr: float, redemption: float):
    """#NUM! for the terms a bond yield refuses (a negative rate, price or
    redemption <= 0: the YIELD, ODDFYIELD and ODDLYIELD pages), else None."""
    if rate < 0:
        return errors.NUM(f"{name}: rate < 0")
    if pr <= 0 or redemption <= 0:
        return errors.NUM(f"{name}: price or redemption <= 0")
    return None


def _last_of_february(y: int, m: int, d: int) -> bool:
    return m == 2 and d == days_in_month(y, 2)


def _leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def days_360_us(ymd1, ymd2) -> int:
    """Days from the first date to the second (not before it) by the US
    (NASD) 30/360 rule above."""
    (y1, m1, d1), (y2, m2, d2) = ymd1, ymd2
    if _last_of_february(y1, m1, d1) and _last_of_february(y2, m2, d2):
        d2 = 30
    if d2 == 31 and d1 >= 30:  # the first date's own day: not a February end
        d2 = 30
    if _last_of_february(y1, m1, d1):
        d1 = 30
    d1 = min(d1, 30)
    return (y2 - y1) * 360 + (m2 - m1) * 30 + d2 - d1


def days_360_us_both(ymd1, ymd2) -> int:
    """The US 30/360 days of a whole coupon period: as :func:`days_360_us`
    but a second date on the 31st or the last day of February always
    becomes the 30th (ACCRINT's period lengths; the rule of the
    ExcelFinancialFunctions library, which its authors checked against
    Excel: fsprojects/ExcelFinancialFunctions, daycountbasis.fs)."""
    (y1, m1, d1), (y2, m2, d2) = ymd1, ymd2
    if _last_of_february(y2, m2, d2) or d2 == 31:
        d2 = 30
    if _last_of_february(y1, m1, d1):
        d1 = 30
    d1 = min(d1, 30)
    return (y2 - y1) * 360 + (m2 - m1) * 30 + d2 - d1


def days_360_european(ymd1, ymd2) -> int:
    """Days between two dates with every 31st taken as the 30th."""
    (y1, m1, d1), (y2, m2, d2) = ymd1, ymd2
    return (y2 - y1) * 360 + (m2 - m1) * 30 + min(d2, 30) - min(d1, 30)


def days_between(cal: Calendar, a: int, b: int, basis: int) -> int:
    """Days from serial ``a`` to serial ``b`` (a <= b) counted by ``basis``."""
    if basis == 0:
        return days_360_us(cal.ymd(a), cal.ymd(b))
    if basis == 4:
        return days_360_european(cal.ymd(a), cal.ymd(b))
    return b - a


def year_fraction(cal: Calendar, a: int, b: int, basis: int) -> float:
    """The fraction of a year between serials ``a`` and ``b`` (in either
    order) by ``basis``: days_between over 360 (bases 0, 2, 4) or 365
    (basis 3); basis 1 follows Excel's YEARFRAC: within one year, the days
    over 366 when that year is a leap year or the span holds a 29 February,
    else 365; over more than a year, over the average length of the
    calendar years it touches."""
    if a > b:
        a, b = b, a
    if basis in (0, 4):
        return days_between(cal, a, b, basis) / 360
    if basis in (2, 3):
        return (b - a) / (360 if basis == 2 else 365)
    (y1, m1, d1), (y2, m2, d2) = cal.ymd(a), cal.ymd(b)
    if y1 == y2 or (y2 == y1 + 1 and (m1, d1) >= (m2, d2)):  # within one year
        if y1 == y2:
            length = 366 if _leap(y1) else 365
        else:
            feb29 = (_leap(y1) and (m1, d1) <= (2, 29)) or (_leap(y2) and (m2, d2) >= (2, 29))
            length = 366 if feb29 else 365
        return (b - a) / length
    years = y2 - y1 + 1
    total = cal.serial(y2 + 1, 1, 1) - cal.serial(y1, 1, 1) if y2 < 9999 else \
        sum(366 if _leap(y) else 365 for y in range(y1, y2 + 1))
    return (b - a) / (total / years)


def year_days(basis: int) -> int:
    """Days in a year of the 360- and 365-day bases (0, 2, 3, 4)."""
    return 365 if basis == 3 else 360


# --- coupon dates -------------------------------------------------------------

def months_from(cal: Calendar, anchor: int, months: int):
    """The coupon date ``months`` after (negative: before) serial ``anchor``:
    the same day of the month, cut to the month's length, or the month's
    last day when ``anchor`` is the last day of its month; None outside the
    calendar."""
    y, m, d = cal.ymd(anchor)
    end_of_month = d == days_in_month(y, m)
    total = y * 12 + m - 1 + months
    ny, nm = divmod(total, 12)
    nm += 1
    if not cal.first_year <= ny <= 9999:
        return None
    last = days_in_month(ny, nm)
    return cal.serial(ny, nm, last if end_of_month else min(d, last))


@dataclass(frozen=True)
class Coupons:
    """The coupon period holding a settlement date: ``previous`` (COUPPCD)
    <= settlement < ``next`` (COUPNCD), and ``remaining`` (COUPNUM), the
    coupons from settlement to maturity."""
    previous: int
    next: int
    remaining: int


def coupons(cal: Calendar, settlement: int, maturity: int, frequency: int, name: str):
    """The :class:`Coupons` of a bond (settlement < maturity), or #NUM! when
    its coupon dates leave the calendar."""
    step = 12 // frequency
    y1, m1, _ = cal.ymd(settlement)
    y2, m2, _ = cal.ymd(maturity)
    k = max(1, ((y2 - y1) * 12 + m2 - m1) // step)  # near the count; adjusted below
    while True:
        previous = months_from(cal, maturity, -k * step)
        if previous is None:
            return errors.NUM(f"{name}: a coupon date falls before {cal.first_year}")
        if previous <= settlement:
            break
        k += 1
    while k > 1:
        later = months_from(cal, maturity, -(k - 1) * step)
        if later > settlement:
            break
        k -= 1
        previous = later
    following = maturity if k == 1 else months_from(cal, maturity, -(k - 1) * step)
    return Coupons(previous, following, k)


def period_days(cal: Calendar, start: int, end: int, frequency: int, basis: int) -> float:
    """The length in days of the coupon period from ``start`` to ``end``:
    its calendar days for basis 1, else 360 (365 for basis 3) over the
    frequency (Excel's COUPDAYS)."""
    return float(end - start) if basis == 1 else year_days(basis) / frequency
