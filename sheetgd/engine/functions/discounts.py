"""Discounted securities and those paying interest at maturity: DISC,
INTRATE, RECEIVED, PRICEDISC, YIELDDISC, PRICEMAT, YIELDMAT, and Treasury
bills: TBILLPRICE, TBILLYIELD, TBILLEQ.

Each is Excel's formula from its page in the function reference
(support.microsoft.com), with DSM/B (days from settlement to maturity over
the days in a year) as YEARFRAC(settlement, maturity, basis) (basis 1's
year is Excel's YEARFRAC rule; the pages do not say which year B is).
Treasury bills count calendar days over 360.  Dates are truncated to whole
days; #NUM! for settlement on or after maturity, a basis outside 0..4, a
date outside the calendar, and each function's bounds.  Coupon bonds are
in securities.py.
"""

from __future__ import annotations

from .. import errors
from ..errors import XLError
from ..serials import calendar_of
from ..values import checked
from .base import NUMBER, function, opt
from .daycount import basis_of, date_of, first_error, months_from, year_fraction


def _span(ctx, name, settlement, maturity, basis, issue=None):
    """(calendar, settlement, maturity, basis[, issue]) of checked
    arguments, or the first error."""
    cal = calendar_of(ctx.book)
    s, m = date_of(settlement, cal, name, "settlement"), date_of(maturity, cal, name, "maturity")
    i = date_of(issue, cal, name, "issue") if issue is not None else 0
    b = basis_of(basis, name)
    bad = first_error(s, m, i, b)
    if bad is not None:
        return bad
    if s >= m:
        return errors.NUM(f"{name}: settlement is not before maturity")
    return cal, s, m, b, i


def _declare(name, bounds, formula, doc):
    """A function of (settlement, maturity, x, y, [basis]): ``bounds(x, y)``
    names a broken bound (#NUM!) or is None; ``formula(x, y, t)`` with t
    the year fraction from settlement to maturity."""
    def impl(ctx, settlement, maturity, x, y, basis):
        span = _span(ctx, name, settlement, maturity, basis)
        if isinstance(span, XLError):
            return span
        broken = bounds(x, y)
        if broken:
            return errors.NUM(f"{name}: {broken}")
        cal, s, m, b, _ = span
        try:
            return checked(formula(x, y, year_fraction(cal, s, m, b)))
        except ZeroDivisionError:
            return errors.DIV0(f"{name}: division by zero")

    impl.__doc__ = doc + f" Excel: {name} function."
    function(name, NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), ctx=True)(impl)


def _positive(*names):
    return lambda *xs: next((f"{n} <= 0" for n, x in zip(names, xs) if x <= 0), None)


_declare("DISC", _positive("pr", "redemption"), lambda pr, red, t: (red - pr) / red / t,
         "The discount rate of a security bought at ``pr`` and redeemed at ``redemption`` "
         "(per 100): (redemption - pr) / redemption / (DSM/B).  #NUM! for pr or redemption <= 0.")
_declare("INTRATE", _positive("investment", "redemption"), lambda inv, red, t: (red - inv) / inv / t,
         "The interest rate of a fully invested security: (redemption - investment) / "
         "investment / (DSM/B).  #NUM! for investment or redemption <= 0.")
_declare("RECEIVED", _positive("investment", "discount"), lambda inv, disc, t: inv / (1 - disc * t),
         "The amount received at maturity for ``investment`` at a ``discount`` rate: "
         "investment / (1 - discount x DSM/B).  #NUM! for investment or discount <= 0 (and "
         "#DIV/0! when the discount takes it all).")
_declare("PRICEDISC", _positive("discount", "redemption"), lambda disc, red, t: red - disc * red * t,
         "The price per 100 of a discounted security: redemption - discount x redemption x "
         "DSM/B.  #NUM! for discount or redemption <= 0.")
_declare("YIELDDISC", _positive("pr", "redemption"), lambda pr, red, t: (red - pr) / pr / t,
         "The annual yield of a discounted security: (redemption - pr) / pr / (DSM/B).  #NUM! "
         "for pr or redemption <= 0.")


def _at_maturity(ctx, name, settlement, maturity, issue, basis):
    """(t_issue_maturity, t_issue_settlement, t_settlement_maturity) in
    years, or an error: #NUM! also for issue on or after settlement (the
    precondition of the ExcelFinancialFunctions library, whose authors
    matched it to Excel; the pages do not say)."""
    span = _span(ctx, name, settlement, maturity, basis, issue)
    if isinstance(span, XLError):
        return span
    cal, s, m, b, i = span
    if i >= s:
        return errors.NUM(f"{name}: issue is not before settlement")
    return year_fraction(cal, i, m, b), year_fraction(cal, i, s, b), year_fraction(cal, s, m, b)


@function("PRICEMAT", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), ctx=True)
def PRICEMAT(ctx, settlement, maturity, issue, rate, yld, basis):
    """The price per 100 of a security paying ``rate`` at maturity, at a
    yield ``yld``: (100 + DIM/B x rate x 100) / (1 + DSM/B x yld) - A/B x
    rate x 100.  #NUM! for rate < 0, yld < 0 or issue on or after
    settlement.  Excel: PRICEMAT function."""
    years = _at_maturity(ctx, "PRICEMAT", settlement, maturity, issue, basis)
    if isinstance(years, XLError):
        return years
    if rate < 0 or yld < 0:
        return errors.NUM("PRICEMAT: a negative rate or yield")
    dim, a, dsm = years
    return checked((100 + dim * rate * 100) / (1 + dsm * yld) - a * rate * 100)


@function("YIELDMAT", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), ctx=True)
def YIELDMAT(ctx, settlement, maturity, issue, rate, pr, basis):
    """The annual yield of a security paying ``rate`` at maturity bought at
    ``pr``: ((1 + DIM/B x rate) / (pr/100 + A/B x rate) - 1) / (DSM/B).
    #NUM! for rate < 0, pr <= 0 or issue on or after settlement.  Excel:
    YIELDMAT function."""
    years = _at_maturity(ctx, "YIELDMAT", settlement, maturity, issue, basis)
    if isinstance(years, XLError):
        return years
    if rate < 0 or pr <= 0:
        return errors.NUM("YIELDMAT: rate < 0 or pr <= 0")
    dim, a, dsm = years
    return checked(((1 + dim * rate) / (pr / 100 + a * rate) - 1) / dsm)


# --- Treasury bills -------------------------------------------------------------------

def _bill(ctx, name, settlement, maturity, x, what):
    """The days from settlement to maturity of a bill, or #NUM! for ``x``
    <= 0, settlement on or after maturity or maturity more than a year
    after it."""
    cal = calendar_of(ctx.book)
    s, m = date_of(settlement, cal, name, "settlement"), date_of(maturity, cal, name, "maturity")
    bad = first_error(s, m)
    if bad is not None:
        return bad
    if x <= 0:
        return errors.NUM(f"{name}: {what} <= 0")
    if s >= m:
        return errors.NUM(f"{name}: settlement is not before maturity")
    year_later = months_from(cal, s, 12)
    if year_later is not None and m > year_later:
        return errors.NUM(f"{name}: maturity is more than a year after settlement")
    return m - s


@function("TBILLPRICE", NUMBER, NUMBER, NUMBER, ctx=True)
def TBILLPRICE(ctx, settlement, maturity, discount):
    """The price per 100 of a Treasury bill: 100 x (1 - discount x DSM/360).
    #NUM! for discount <= 0, the date checks, and a price that is not
    positive (the ExcelFinancialFunctions library's check, which its
    authors matched to Excel).  Excel: TBILLPRICE function."""
    dsm = _bill(ctx, "TBILLPRICE", settlement, maturity, discount, "discount")
    if isinstance(dsm, XLError):
        return dsm
    price = 100 * (1 - discount * dsm / 360)
    return checked(price) if price > 0 else errors.NUM("TBILLPRICE: the price is not positive")


@function("TBILLYIELD", NUMBER, NUMBER, NUMBER, ctx=True)
def TBILLYIELD(ctx, settlement, maturity, pr):
    """The yield of a Treasury bill bought at ``pr`` per 100: (100 - pr) /
    pr x 360/DSM.  #NUM! for pr <= 0 and the date checks.  Excel: TBILLYIELD
    function."""
    dsm = _bill(ctx, "TBILLYIELD", settlement, maturity, pr, "pr")
    return dsm if isinstance(dsm, XLError) else checked((100 - pr) / pr * 360 / dsm)


@function("TBILLEQ", NUMBER, NUMBER, NUMBER, ctx=True)
def TBILLEQ(ctx, settlement, maturity, discount):
    """The bond-equivalent yield of a Treasury bill: 365 x discount / (360 -
    discount x DSM) (the page's formula) up to 182 days; for longer bills
    the bond-equivalent yield of a half-year coupon, the root of
    (DSM/Y)^2 - (2 DSM/Y - 1)(1 - 1/P) with P = 1 - discount x DSM/360 and
    Y = 365 (366 for a 366-day bill): 2 (sqrt(...) - DSM/Y) / (2 DSM/Y - 1)
    (the ExcelFinancialFunctions library, which its authors matched to
    Excel; the page's formula holds only up to half a year).  #NUM! for
    discount <= 0, the date checks, and no root.  Excel: TBILLEQ function."""
    dsm = _bill(ctx, "TBILLEQ", settlement, maturity, discount, "discount")
    if isinstance(dsm, XLError):
        return dsm
    if dsm > 182:
        price = 1 - discount * dsm / 360
        year = 366 if dsm == 366 else 365
        t = dsm / year
        square = t * t - (2 * t - 1) * (1 - 1 / price) if price else -1.0
        if square < 0:
            return errors.NUM("TBILLEQ: no bond-equivalent yield for this discount")
        return checked(2 * (square ** 0.5 - t) / (2 * t - 1))
    denominator = 360 - discount * dsm
    if denominator == 0:
        return errors.DIV0("TBILLEQ: 360 - discount x DSM is 0")
    return checked(365 * discount / denominator)
