"""French-accounting depreciation: AMORLINC (straight line) and AMORDEGRC
(declining balance), each prorating the first period by YEARFRAC of the
purchase date and the end of the first period under ``basis``
(:mod:`.daycount`).

Excel's pages (support.microsoft.com, "AMORLINC function", "AMORDEGRC
function") give the examples but not the whole rule; the rule here is the
one of LibreOffice's analysis add-in, which gives the pages' examples,
except for AMORDEGRC's coefficient (below), where Excel's results recorded
in PhpSpreadsheet's test data (tests/data/Calculation/Financial/
AMORDEGRC.php) decide.  ``period`` and ``basis`` are truncated.  #NUM! for
a basis outside 0..4, a purchase after the end of the first period, rate
<= 0, cost < 0, salvage < 0 or above cost, and period < 0.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from .. import errors
from ..serials import calendar_of
from ..values import checked
from .base import NUMBER, function, opt
from .daycount import basis_of, date_of, first_error, whole, year_fraction


def _first_fraction(ctx, name, cost, purchased, first_period, salvage, period, rate, basis):
    """(YEARFRAC of the first period, whole period) or #NUM!."""
    cal = calendar_of(ctx.book)
    p = date_of(purchased, cal, name, "date_purchased")
    e = date_of(first_period, cal, name, "first_period")
    b = basis_of(basis, name)
    bad = first_error(p, e, b)
    if bad is not None:
        return bad
    if p > e:
        return errors.NUM(f"{name}: date_purchased is after first_period")
    if rate <= 0 or cost < 0 or salvage < 0 or salvage > cost or period < 0:
        return errors.NUM(f"{name}: arguments out of range")
    return year_fraction(cal, p, e, b), whole(period)


def _whole_amount(x: float) -> float:
    """``x`` rounded half away from zero to a whole number, as ROUND(x, 0)
    rounds the 15 significant digits Excel shows (so 0.45 x 6250 is 2813);
    an overflow (inf, nan) is left as it is, for the gate to make #NUM!, and
    15 digits of a number past 1E+15 are a whole number already."""
    if not math.isfinite(x) or abs(x) >= 1e15:
        return x if not math.isfinite(x) else float(f"{x:.15g}")
    return float(Decimal(f"{x:.15g}").quantize(Decimal(1), rounding=ROUND_HALF_UP))


@function("AMORLINC", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), ctx=True)
def AMORLINC(ctx, cost, date_purchased, first_period, salvage, period, rate, basis):
    """The straight-line depreciation of ``period`` (0: the first, short
    one): cost x rate a period, the first prorated by YEARFRAC(purchase,
    first_period, basis), the last the rest down to ``salvage``, then 0.
    #NUM! for the module's checks.  Excel: AMORLINC function."""
    found = _first_fraction(ctx, "AMORLINC", cost, date_purchased, first_period, salvage,
                            period, rate, basis)
    if not isinstance(found, tuple):
        return found
    fraction, n = found
    per_period = cost * rate
    first = fraction * rate * cost
    full = int((cost - salvage - first) / per_period)
    if n == 0:
        return checked(first)
    if n <= full:
        return checked(per_period)
    if n == full + 1:
        return checked(cost - salvage - per_period * full - first)
    return 0.0


def _coefficient(life: float) -> float:
    """AMORDEGRC's coefficient of a life of 1/rate years: 1 below 3, 1.5 up
    to 4, 2 up to 6, 2.5 beyond.  Excel's page says 1.5 for 3-4 years, 2
    for 5-6 and #NUM! for lives between 4 and 5; Excel's recorded results
    (PhpSpreadsheet's AMORDEGRC.php: rates 0.22 and 0.24, 886 and 949) use
    2 there, and LibreOffice 1.5."""
    if life < 3:
        return 1.0
    if life <= 4:
        return 1.5
    return 2.0 if life <= 6 else 2.5


@function("AMORDEGRC", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), ctx=True)
def AMORDEGRC(ctx, cost, date_purchased, first_period, salvage, period, rate, basis):
    """The declining-balance depreciation of ``period`` (0: the first, short
    one), each a whole amount: rate x :func:`_coefficient` of what is left,
    the first prorated by YEARFRAC(purchase, first_period, basis); when a
    period's depreciation would take the value below ``salvage``, that
    period (the last) depreciates half of what is left and later ones 0.
    #NUM! for the module's checks.  Excel: AMORDEGRC function."""
    found = _first_fraction(ctx, "AMORDEGRC", cost, date_purchased, first_period, salvage,
                            period, rate, basis)
    if not isinstance(found, tuple):
        return found
    fraction, n = found
    rate *= _coefficient(1 / rate)
    amount = _whole_amount(fraction * rate * cost)
    left = cost - amount
    rest = left - salvage
    for k in range(n):
        amount = _whole_amount(rate * left)
        rest -= amount
        if rest < 0:
            return _whole_amount(left * 0.5) if n - k <= 1 else 0.0
        if amount == 0:  # nothing left to depreciate: 0 from here on
            return 0.0
        left -= amount
    return amount
