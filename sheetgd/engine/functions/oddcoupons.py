"""Bonds with an odd first or last coupon period: ODDFPRICE, ODDFYIELD,
ODDLPRICE, ODDLYIELD.

The formulas are those of Excel's function pages (support.microsoft.com,
"ODDFPRICE function" ...; the same text in the DAX reference, learn.
microsoft.com/en-us/dax/oddfprice-function-dax ...).  An odd period is cut
into quasi-coupon periods, the regular periods it would hold if the bond
paid coupons all along: for an odd first period they run back from
``first_coupon``, for an odd last period forward from ``last_interest``
(dates as in :func:`.daycount.months_from`).  A quasi-period's normal
length NL is COUPDAYS's (its calendar days for basis 1, else 360 or 365
over the frequency); days inside it are counted by the basis
(:func:`.daycount.days_between`).

Dates are truncated to whole days, frequency and basis too (the pages say
rounded, Excel's other bond functions truncate; LibreOffice truncates).
#NUM! for the pages' checks: dates out of order (maturity > first_coupon >
settlement > issue; maturity > settlement > last_interest), rate < 0, yld
< 0, pr <= 0, redemption <= 0, a frequency other than 1, 2 or 4, a basis
outside 0..4.
"""

from __future__ import annotations


from .. import errors
from ..errors import XLError
from ..serials import calendar_of
from ..values import checked
from ._lazy import LazyModule
from .base import NUMBER, function, opt
from .daycount import (basis_of, coupons, date_of, days_between, first_error, frequency_of,
                       months_from, period_days, price_terms_error, yield_terms_error)

optimize = LazyModule("scipy.optimize")  # imported at the first ODDFYIELD

#: ODDFYIELD's solution: brentq's tolerances (as YIELD's).
YIELD_XTOL, YIELD_RTOL = 1e-15, 1e-14
#: The most quasi-coupon periods an odd period may hold (a century of quarters).
MAX_QUASI = 400


def _dates(ctx, name, named, frequency, basis):
    """(calendar, [serials], frequency, basis) of the arguments, or the
    first error; ``named`` is [(value, what)]."""
    cal = calendar_of(ctx.book)
    serials = [date_of(x, cal, name, what) for x, what in named]
    f, b = frequency_of(frequency, name), basis_of(basis, name)
    bad = first_error(*serials, f, b)
    return bad if bad is not None else (cal, serials, f, b)


def _quasi(cal, anchor, k, step, name):
    d = months_from(cal, anchor, k * step)
    return errors.NUM(f"{name}: a coupon date falls outside the calendar") if d is None else d


# --- odd first period ---------------------------------------------------------------------

def _oddf_terms(cal, s, m, i, fc, f, b, name):
    """The pieces of the page's long-first-coupon formula (a short first
    period is its case of one quasi-period): (DC sum, A sum, Nq, DSC/E, N),
    DC sum = sum of DC_i/NL_i, A sum = sum of A_i/NL_i over the
    quasi-periods of the odd period, Nq the whole quasi-periods from the
    one holding settlement to the first coupon, DSC/E the fraction of that
    quasi-period left after settlement, N the coupons after first_coupon."""
    step = 12 // f
    dc_sum = a_sum = 0.0
    nq = 0
    dsc_e = None
    end = fc
    for k in range(1, MAX_QUASI + 1):
        start = _quasi(cal, fc, -k, step, name)
        if isinstance(start, XLError):
            return start
        nl = period_days(cal, start, end, f, b)
        dc_sum += days_between(cal, max(start, i), end, b) / nl
        if s > start:
            a_sum += days_between(cal, max(start, i), min(s, end), b) / nl
        if start <= s < end:
            dsc_e = days_between(cal, s, end, b) / nl
        elif s < start:
            nq += 1
        if start <= i:
            break
    else:
        return errors.NUM(f"{name}: the odd first period is over {MAX_QUASI} coupon periods")
    later = coupons(cal, fc, m, f, name)
    if isinstance(later, XLError):
        return later
    return dc_sum, a_sum, nq, dsc_e, later.remaining


def _oddf_price(terms, rate, yld, redemption, f):
    """ODDFPRICE from :func:`_oddf_terms` (the page's formula)."""
    dc_sum, a_sum, nq, dsc_e, n = terms
    coupon = 100 * rate / f
    base = 1 + yld / f
    try:
        total = redemption / base ** (n + nq + dsc_e)
        total += coupon * dc_sum / base ** (nq + dsc_e)
        total += sum(coupon / base ** (k + nq + dsc_e) for k in range(1, n + 1))
    except (OverflowError, ZeroDivisionError):
        return errors.NUM("ODDFPRICE: the discount overflows")
    return checked(total - coupon * a_sum)


def _oddf(ctx, name, settlement, maturity, issue, first_coupon, frequency, basis):
    found = _dates(ctx, name, [(settlement, "settlement"), (maturity, "maturity"),
                               (issue, "issue"), (first_coupon, "first_coupon")],
                   frequency, basis)
    if isinstance(found, XLError):
        return found
    cal, (s, m, i, fc), f, b = found
    if not m > fc > s > i:
        return errors.NUM(f"{name}: dates are not issue < settlement < first_coupon < maturity")
    terms = _oddf_terms(cal, s, m, i, fc, f, b, name)
    return terms if isinstance(terms, XLError) else (terms, f)


@function("ODDFPRICE", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER,
          opt(NUMBER, 0.0), ctx=True)
def ODDFPRICE(ctx, settlement, maturity, issue, first_coupon, rate, yld, redemption, frequency,
              basis):
    """The price per 100 face value of a bond whose first coupon period,
    from ``issue`` to ``first_coupon``, is short or long: redemption and
    coupons discounted at yld/frequency per period, the first coupon
    prorated over the odd period's quasi-periods, less the interest
    accrued at settlement (the page's formulas).  #NUM! for the module's
    checks.  Excel: ODDFPRICE function."""
    found = _oddf(ctx, "ODDFPRICE", settlement, maturity, issue, first_coupon, frequency, basis)
    if isinstance(found, XLError):
        return found
    bad = price_terms_error("ODDFPRICE", rate, yld, redemption)
    if bad is not None:
        return bad
    terms, f = found
    return _oddf_price(terms, rate, yld, redemption, f)


def _solve_yield(name, price_of, pr, f):
    """The yield above -frequency at which ``price_of`` (falling in the
    yield) is ``pr``: brentq from a bracket grown from [0, 1]."""
    def gap(y):
        p = price_of(y)
        return (float("inf") if y < 0 else float("-inf")) if isinstance(p, XLError) else p - pr

    low, high = 0.0, 1.0
    while gap(high) > 0:
        low, high = high, high * 2
        if high > 1e10:
            return errors.NUM(f"{name}: no yield gives this price")
    while gap(low) < 0:
        high, low = low, (low - f) / 2 if low < 0 else -f / 2
        if low <= -f * (1 - 1e-12):
            return errors.NUM(f"{name}: no yield gives this price")
    return optimize.brentq(gap, low, high, xtol=YIELD_XTOL, rtol=YIELD_RTOL, maxiter=200)


@function("ODDFYIELD", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER,
          opt(NUMBER, 0.0), ctx=True)
def ODDFYIELD(ctx, settlement, maturity, issue, first_coupon, rate, pr, redemption, frequency,
              basis):
    """The annual yield at which ODDFPRICE is ``pr``, solved with scipy's
    brentq (tolerances :data:`YIELD_XTOL`, :data:`YIELD_RTOL`; Excel
    iterates Newton's method, the page says).  #NUM! for the module's
    checks and when no yield above -frequency gives the price.  Excel:
    ODDFYIELD function."""
    found = _oddf(ctx, "ODDFYIELD", settlement, maturity, issue, first_coupon, frequency, basis)
    if isinstance(found, XLError):
        return found
    bad = yield_terms_error("ODDFYIELD", rate, pr, redemption)
    if bad is not None:
        return bad
    terms, f = found
    return _solve_yield("ODDFYIELD", lambda y: _oddf_price(terms, rate, y, redemption, f), pr, f)


# --- odd last period ----------------------------------------------------------------------

def _oddl(ctx, name, settlement, maturity, last_interest, frequency, basis):
    """(DC sum, A sum, DSC sum, frequency) of the page's formula: the sums
    of DC_i/NL_i, A_i/NL_i and DSC_i/NL_i over the quasi-periods running
    forward from ``last_interest`` until one holds maturity; DC_i the days
    of quasi-period i up to maturity, A_i those up to settlement, DSC_i
    those from settlement to maturity."""
    found = _dates(ctx, name, [(settlement, "settlement"), (maturity, "maturity"),
                               (last_interest, "last_interest")], frequency, basis)
    if isinstance(found, XLError):
        return found
    cal, (s, m, li), f, b = found
    if not m > s > li:
        return errors.NUM(f"{name}: dates are not last_interest < settlement < maturity")
    step = 12 // f
    dc_sum = a_sum = dsc_sum = 0.0
    start = li
    for k in range(1, MAX_QUASI + 1):
        end = _quasi(cal, li, k, step, name)
        if isinstance(end, XLError):
            return end
        nl = period_days(cal, start, end, f, b)
        dc_sum += days_between(cal, start, min(end, m), b) / nl
        if s > start:
            a_sum += days_between(cal, start, min(s, end), b) / nl
        if min(end, m) > s:
            dsc_sum += days_between(cal, max(s, start), min(end, m), b) / nl
        if end >= m:
            return dc_sum, a_sum, dsc_sum, f
        start = end
    return errors.NUM(f"{name}: the odd last period is over {MAX_QUASI} coupon periods")


@function("ODDLPRICE", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0),
          ctx=True)
def ODDLPRICE(ctx, settlement, maturity, last_interest, rate, yld, redemption, frequency, basis):
    """The price per 100 face value of a bond whose last coupon period, from
    ``last_interest`` to maturity, is short or long: (redemption + the last
    coupon prorated over the odd period) discounted at simple interest over
    the quasi-periods left, less the interest accrued at settlement (the
    page's formula).  #NUM! for the module's checks.  Excel: ODDLPRICE
    function."""
    found = _oddl(ctx, "ODDLPRICE", settlement, maturity, last_interest, frequency, basis)
    if isinstance(found, XLError):
        return found
    bad = price_terms_error("ODDLPRICE", rate, yld, redemption)
    if bad is not None:
        return bad
    dc_sum, a_sum, dsc_sum, f = found
    coupon = 100 * rate / f
    return checked((redemption + dc_sum * coupon) / (1 + dsc_sum * yld / f) - a_sum * coupon)


@function("ODDLYIELD", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0),
          ctx=True)
def ODDLYIELD(ctx, settlement, maturity, last_interest, rate, pr, redemption, frequency, basis):
    """The annual yield of a bond with an odd last period priced ``pr``:
    (redemption + prorated coupon - (pr + accrued)) / (pr + accrued) x
    frequency / DSC sum (the page's closed form).  #NUM! for the module's
    checks.  Excel: ODDLYIELD function."""
    found = _oddl(ctx, "ODDLYIELD", settlement, maturity, last_interest, frequency, basis)
    if isinstance(found, XLError):
        return found
    bad = yield_terms_error("ODDLYIELD", rate, pr, redemption)
    if bad is not None:
        return bad
    dc_sum, a_sum, dsc_sum, f = found
    coupon = 100 * rate / f
    paid = pr + a_sum * coupon
    return checked((redemption + dc_sum * coupon - paid) / paid * f / dsc_sum)
