"""Coupon bonds: COUPDAYBS, COUPDAYS, COUPDAYSNC, COUPNCD, COUPNUM, COUPPCD,
PRICE, YIELD, DURATION, MDURATION, ACCRINT, ACCRINTM.

Dates are serials truncated to whole days; frequency (1, 2 or 4 coupons a
year) and basis (:mod:`.daycount`) are truncated too.  Each function's
page in Excel's function reference (support.microsoft.com) gives its
checks, all #NUM!: settlement on or after maturity, a frequency other than
1, 2 or 4, a basis outside 0..4, and the function's own bounds on rates and
prices.  A date outside the calendar is #NUM! (as in the date functions).
Bills and securities paying at maturity are in discounts.py.
"""

from __future__ import annotations

import math


from .. import errors
from ..errors import XLError
from ..serials import calendar_of
from ..values import checked
from ._lazy import LazyModule
from .base import LOGICAL, NUMBER, function, opt
from .daycount import (basis_of, coupons, date_of, days_360_us_both, days_between, first_error,
                       frequency_of, months_from, period_days, price_terms_error, year_fraction,
                       yield_terms_error)

optimize = LazyModule("scipy.optimize")  # imported at the first YIELD


def _bond(ctx, name, settlement, maturity, frequency, basis):
    """(calendar, settlement, maturity, frequency, basis, Coupons) of a bond's
    arguments, or the first error (Excel's order of checks is not
    documented: dates, then frequency, then basis)."""
    cal = calendar_of(ctx.book)
    s, m = date_of(settlement, cal, name, "settlement"), date_of(maturity, cal, name, "maturity")
    f, b = frequency_of(frequency, name), basis_of(basis, name)
    bad = first_error(s, m, f, b)
    if bad is not None:
        return bad
    if s >= m:
        return errors.NUM(f"{name}: settlement is not before maturity")
    found = coupons(cal, s, m, f, name)
    if isinstance(found, XLError):
        return found
    return cal, s, m, f, b, found


def _days(cal, s, f, b, c):
    """(A, DSC, E) of COUPDAYBS, COUPDAYSNC, COUPDAYS: days from the
    previous coupon to settlement, from settlement to the next coupon, and
    in the coupon period.  For the 30/360 bases DSC is E - A (LibreOffice's
    rule; Excel's pages do not say), else calendar days."""
    a = days_between(cal, c.previous, s, b)
    e = period_days(cal, c.previous, c.next, f, b)
    dsc = e - a if b in (0, 4) else float(c.next - s)
    return float(a), dsc, e


def _pricing_days(cal, s, f, b, c):
    """(A, DSC, E) as PRICE, YIELD and DURATION use them: DSC is E - A for
    every basis, so for actual/360 and actual/365 it is not COUPDAYSNC's
    calendar days.  Evidence: Excel's results for PRICE(15-Feb-2008,
    15-Nov-2017, 5.75%, 6.5%, 100, 2, basis 2 or 3), 94.636564030025099 and
    94.635174796784497, recorded in PhpSpreadsheet's test data
    (tests/data/Calculation/Financial/PRICE3.php), which this gives to 1E-14
    and calendar days do not (94.6024171768, 94.6435945482: LibreOffice's)."""
    a, _, e = _days(cal, s, f, b, c)
    return a, e - a, e


def _declare_coupon(name, value, doc):
    def impl(ctx, settlement, maturity, frequency, basis):
        bond = _bond(ctx, name, settlement, maturity, frequency, basis)
        if isinstance(bond, XLError):
            return bond
        return float(value(*bond))

    impl.__doc__ = doc + (" #NUM! for settlement on or after maturity, a frequency other than "
                          "1, 2 or 4 or a basis outside 0..4.  Excel: " + name + " function.")
    function(name, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), ctx=True)(impl)


_declare_coupon("COUPPCD", lambda cal, s, m, f, b, c: c.previous,
                "The serial of the last coupon date on or before settlement.")
_declare_coupon("COUPNCD", lambda cal, s, m, f, b, c: c.next,
                "The serial of the first coupon date after settlement.")
_declare_coupon("COUPNUM", lambda cal, s, m, f, b, c: c.remaining,
                "The number of coupons payable from settlement to maturity.")
_declare_coupon("COUPDAYBS", lambda cal, s, m, f, b, c: _days(cal, s, f, b, c)[0],
                "The days from the start of the coupon period to settlement, by the basis.")
_declare_coupon("COUPDAYS", lambda cal, s, m, f, b, c: _days(cal, s, f, b, c)[2],
                "The days in the coupon period holding settlement: its calendar days for "
                "basis 1, else 360 (365 for basis 3) over the frequency.")
_declare_coupon("COUPDAYSNC", lambda cal, s, m, f, b, c: _days(cal, s, f, b, c)[1],
                "The days from settlement to the next coupon date (for the 30/360 bases "
                "COUPDAYS - COUPDAYBS, as LibreOffice; Excel's page does not say).")


# --- price and yield ------------------------------------------------------------------

def _price(bond, rate, yld, redemption):
    """Excel's PRICE formula: the redemption and each coupon discounted
    from their dates at yld/frequency per period, less the interest
    accrued since the last coupon; with one coupon left, discounted at
    simple interest (the page's formula for N = 1)."""
    cal, s, m, f, b, c = bond
    a, dsc, e = _pricing_days(cal, s, f, b, c)
    coupon = 100 * rate / f
    base = 1 + yld / f
    n = c.remaining
    if n == 1:
        denominator = 1 + yld / f * dsc / e
        if denominator == 0:
            return errors.DIV0("PRICE: 1 + yld/frequency x DSC/E is 0")
        return checked((redemption + coupon) / denominator - coupon * a / e)
    try:
        total = redemption / base ** (n - 1 + dsc / e)
        total += sum(coupon / base ** (k - 1 + dsc / e) for k in range(1, n + 1))
    except (OverflowError, ZeroDivisionError):
        return errors.NUM("PRICE: the discount overflows")
    return checked(total - coupon * a / e)


@function("PRICE", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), ctx=True)
def PRICE(ctx, settlement, maturity, rate, yld, redemption, frequency, basis):
    """The price per 100 face value of a bond paying ``rate`` a year in
    ``frequency`` coupons, at an annual yield ``yld``, redeemed at
    ``redemption`` per 100.  #NUM! for yld < 0, rate < 0, redemption <= 0
    and the checks of COUPDAYS.  Excel: PRICE function (its formula)."""
    bond = _bond(ctx, "PRICE", settlement, maturity, frequency, basis)
    if isinstance(bond, XLError):
        return bond
    bad = price_terms_error("PRICE", rate, yld, redemption)
    if bad is not None:
        return bad
    return _price(bond, rate, yld, redemption)


#: YIELD's solution: brentq's tolerances (the yield to about 1E-15 of itself).
YIELD_XTOL, YIELD_RTOL = 1e-15, 1e-14


@function("YIELD", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), ctx=True)
def YIELD(ctx, settlement, maturity, rate, pr, redemption, frequency, basis):
    """The annual yield at which a bond's PRICE is ``pr``.  With one coupon
    left, Excel's closed form; with more, PRICE solved for the yield
    (scipy's brentq from a bracket of yields that grows from [0, 1]; Excel
    iterates Newton's method up to 100 times): tolerances
    :data:`YIELD_XTOL`, :data:`YIELD_RTOL`.  #NUM! for rate < 0, pr <= 0,
    redemption <= 0, no yield above -frequency that gives the price, and
    the checks of COUPDAYS.  Excel: YIELD function."""
    bond = _bond(ctx, "YIELD", settlement, maturity, frequency, basis)
    if isinstance(bond, XLError):
        return bond
    bad = yield_terms_error("YIELD", rate, pr, redemption)
    if bad is not None:
        return bad
    cal, s, m, f, b, c = bond
    if c.remaining == 1:
        a, dsc, e = _pricing_days(cal, s, f, b, c)
        paid = pr / 100 + a / e * rate / f
        return checked((redemption / 100 + rate / f - paid) / paid * f * e / dsc)

    def gap(y):
        p = _price(bond, rate, y, redemption)
        return (math.inf if y < 0 else -math.inf) if isinstance(p, XLError) else p - pr

    low, high = 0.0, 1.0
    while gap(high) > 0:  # the price falls as the yield grows
        low, high = high, high * 2
        if high > 1e10:
            return errors.NUM("YIELD: no yield gives this price")
    while gap(low) < 0:
        high, low = low, (low - f) / 2 if low < 0 else -f / 2
        if low <= -f * (1 - 1e-12):
            return errors.NUM("YIELD: no yield gives this price")
    return optimize.brentq(gap, low, high, xtol=YIELD_XTOL, rtol=YIELD_RTOL, maxiter=200)


# --- duration -------------------------------------------------------------------------

def _duration(ctx, name, settlement, maturity, coupon, yld, frequency, basis):
    bond = _bond(ctx, name, settlement, maturity, frequency, basis)
    if isinstance(bond, XLError):
        return bond
    if coupon < 0 or yld < 0:
        return errors.NUM(f"{name}: a negative coupon or yield")
    cal, s, m, f, b, c = bond
    n = c.remaining
    _, dsc, e = _pricing_days(cal, s, f, b, c)
    shift = dsc / e - 1  # the k-th coupon is paid k - 1 + DSC/E periods after settlement
    per = 100 * coupon / f
    base = 1 + yld / f
    flows = [(t + shift, per + (100 if t == n else 0)) for t in range(1, n + 1)]
    try:
        values = [cash / base ** time for time, cash in flows]
    except OverflowError:
        return errors.NUM(f"{name}: the discount overflows")
    total = sum(values)
    weighted = sum(time * v for (time, _), v in zip(flows, values))
    if not total:
        return errors.NUM(f"{name}: no value left")
    return checked(weighted / total / f), base


@function("DURATION", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), ctx=True)
def DURATION(ctx, settlement, maturity, coupon, yld, frequency, basis):
    """The Macaulay duration in years of a bond of 100: the average time of
    its payments weighted by their present values at ``yld``, the k-th
    coupon paid k - 1 + DSC/E coupon periods after settlement as in PRICE.
    Excel's page gives no formula; this one gives its examples to all the
    digits shown (10.9191453), where LibreOffice's, timing the coupons
    by YEARFRAC(settlement, maturity, basis), gives 10.9215740.  #NUM! for
    coupon < 0, yld < 0 and the checks of COUPDAYS.  Excel: DURATION
    function."""
    found = _duration(ctx, "DURATION", settlement, maturity, coupon, yld, frequency, basis)
    return found if isinstance(found, XLError) else found[0]


@function("MDURATION", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), ctx=True)
def MDURATION(ctx, settlement, maturity, coupon, yld, frequency, basis):
    """The modified duration: DURATION / (1 + yld/frequency).  Excel:
    MDURATION function."""
    found = _duration(ctx, "MDURATION", settlement, maturity, coupon, yld, frequency, basis)
    if isinstance(found, XLError) or isinstance(found[0], XLError):
        return found if isinstance(found, XLError) else found[0]
    return found[0] / found[1]


# --- accrued interest -----------------------------------------------------------------

#: ACCRINT sums at most this many coupon periods (a century of monthly ones is 1,200).
MAX_PERIODS = 100_000


def _accrint_lengths(cal, lo, hi, f, b):
    """(length of the period holding settlement, length of the one holding
    issue) for the coupon period [lo, hi]: COUPDAYS's 360 or 365 over the
    frequency (calendar days for basis 1) for the first; for the second,
    the period's own 30/360 days for bases 0 (whole-period rule), 2 and 4,
    365/frequency for basis 3, calendar days for basis 1."""
    current = period_days(cal, lo, hi, f, b)
    if b == 0:
        return current, float(days_360_us_both(cal.ymd(lo), cal.ymd(hi)))
    if b == 2:
        return current, float(days_between(cal, lo, hi, 0))
    return current, float(days_between(cal, lo, hi, b)) if b in (1, 4) else current


@function("ACCRINT", NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 1000.0), opt(NUMBER, 0.0),
          opt(NUMBER, 0.0), opt(LOGICAL, True), ctx=True)
def ACCRINT(ctx, issue, first_interest, settlement, rate, par, frequency, basis, calc_method):
    """The interest accrued on a security of face value ``par`` paying
    ``rate`` a year: par x rate/frequency x the sum, over the coupon
    periods (dated from ``first_interest``) from issue to settlement, of
    the days accrued in each over its length (Excel's formula).  The
    period holding settlement counts its days from its start (or issue)
    over COUPDAYS; the one holding issue its days from issue over its own
    length (:func:`_accrint_lengths`); each whole period in between counts
    1.  ``calc_method`` FALSE: accrual from ``first_interest`` when
    settlement is after it (the page); when settlement is not after it,
    the whole periods count 0 (the DAX page's second example, 66.94 where
    TRUE gives 116.94).  ``par`` left empty is 1,000.  #NUM! for rate <= 0,
    par <= 0, issue on or after settlement, a frequency other than 1, 2 or
    4 (also when it is left out: Excel refuses such a formula), a basis
    outside 0..4.  Excel: ACCRINT function; the lengths follow the
    ExcelFinancialFunctions library (checked against Excel by its authors),
    which reproduces both DAX examples."""
    name = "ACCRINT"
    cal = calendar_of(ctx.book)
    i, fi, s = (date_of(x, cal, name, what) for x, what in
                ((issue, "issue"), (first_interest, "first_interest"), (settlement, "settlement")))
    f, b = frequency_of(frequency, name), basis_of(basis, name)
    bad = first_error(i, fi, s, f, b)
    if bad is not None:
        return bad
    if rate <= 0 or par <= 0:
        return errors.NUM(f"{name}: rate or par <= 0")
    if i >= s:
        return errors.NUM(f"{name}: issue is not before settlement")
    after_first = s > fi
    start = fi if not calc_method and after_first else i
    whole_weight = 1.0 if calc_method or after_first else 0.0
    step = 12 // f
    k = 0  # the period [fi + (k-1)*step, fi + k*step] holding settlement: lo < s <= hi
    while (d := months_from(cal, fi, (k - 1) * step)) is not None and d >= s:
        k -= 1
    while (d := months_from(cal, fi, k * step)) is not None and d < s:
        k += 1
    total = 0.0
    for n in range(MAX_PERIODS):
        lo, hi = months_from(cal, fi, (k - 1) * step), months_from(cal, fi, k * step)
        if lo is None or hi is None:
            return errors.NUM(f"{name}: a coupon date falls outside the calendar")
        if hi <= start:
            break
        current, own = _accrint_lengths(cal, lo, hi, f, b)
        if n == 0:  # the period holding settlement
            total += days_between(cal, max(lo, start), s, b) / current
        elif lo < start:  # the period holding issue
            total += days_between(cal, start, hi, b) / own
        else:
            total += whole_weight
        k -= 1
    else:
        return errors.NUM(f"{name}: more than {MAX_PERIODS} coupon periods")
    return checked(par * rate / f * total)


@function("ACCRINTM", NUMBER, NUMBER, NUMBER, opt(NUMBER, 1000.0), opt(NUMBER, 0.0), ctx=True)
def ACCRINTM(ctx, issue, settlement, rate, par, basis):
    """The interest accrued on a security paying at maturity (``settlement``
    here): par x rate x YEARFRAC(issue, settlement, basis).  #NUM! for rate
    <= 0, par <= 0, issue on or after settlement, a basis outside 0..4.
    Excel: ACCRINTM function."""
    name = "ACCRINTM"
    cal = calendar_of(ctx.book)
    i, s, b = date_of(issue, cal, name, "issue"), date_of(settlement, cal, name, "settlement"), \
        basis_of(basis, name)
    bad = first_error(i, s, b)
    if bad is not None:
        return bad
    if rate <= 0 or par <= 0:
        return errors.NUM(f"{name}: rate or par <= 0")
    if i >= s:
        return errors.NUM(f"{name}: issue is not before settlement")
    return checked(par * rate * year_fraction(cal, i, s, b))
