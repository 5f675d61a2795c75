"""Financial functions of cash flows: NPV, IRR, XNPV, XIRR, MIRR.

Each follows its page of Excel's function reference (support.microsoft.com,
"<NAME> function").  Cash flows in a range or array are its numbers (text,
logical values and empty cells are skipped, an error is returned), as in
SUM; IRR and XIRR find a root by Newton's method from ``guess`` with
Excel's iteration limits and give #NUM! when it does not converge.
"""

from __future__ import annotations

import math

from .. import errors
from ..errors import XLError
from ..values import Array
from .base import NUMBER, VALUES, collect_numbers, function, many, opt
from .finance import guarded, newton, pow_, result

#: Excel's IRR page: "IRR cycles through the calculation until the result is
#: accurate within 0.00001 percent. If IRR can't find a result that works
#: after 20 tries, the #NUM! error value is returned."
IRR_ITERATIONS, IRR_TOLERANCE = 20, 1e-7
#: Excel's XIRR page: 100 tries, accurate within 0.000001 percent.  Both are
#: percentages of the result: relative for rates above 1 (newton's ``relative``).
XIRR_ITERATIONS, XIRR_TOLERANCE = 100, 1e-8


def _npv(rate: float, values) -> float:
    """Sum of ``values[i] / (1+rate)^(i+1)``, term by term in order."""
    total = 0.0
    for i, v in enumerate(values, start=1):
        total += v / pow_(1 + rate, i)
    return total


@function("NPV", NUMBER, VALUES, many(VALUES))
@guarded
def NPV(rate, *values):
    """Net present value of cash flows at the end of periods 1, 2, ...,
    discounted at ``rate``: SUM's rules for what counts; #DIV/0! for a rate
    of -1."""
    numbers = collect_numbers(values)
    if isinstance(numbers, XLError):
        return numbers
    if rate == -1:
        return errors.DIV0("NPV: rate of -1")
    return result(_npv(rate, numbers))


def _both_signs(values) -> bool:
    return any(v > 0 for v in values) and any(v < 0 for v in values)


def _npv_and_slope(rate, values):
    """NPV of ``values`` at times 0, 1, ... and its derivative in ``rate``."""
    value = slope = 0.0
    for i, v in enumerate(values):
        d = pow_(1 + rate, i)
        value += v / d
        slope -= i * v / (d * (1 + rate))
    return value, slope


@function("IRR", VALUES, opt(NUMBER, 0.1))
@guarded
def IRR(values, guess):
    """The internal rate of return of cash flows at regular periods (the
    first at time 0): the rate at which their NPV is 0, by Newton's method
    from ``guess`` (10% when left out).  #NUM! when the flows do not have
    both signs, or it does not converge within 20 iterations."""
    numbers = collect_numbers([values])
    if isinstance(numbers, XLError):
        return numbers
    if not _both_signs(numbers):
        return errors.NUM("IRR: needs a positive and a negative cash flow")
    rate = newton(lambda r: _npv_and_slope(r, numbers), guess, IRR_ITERATIONS, IRR_TOLERANCE,
                  relative=True)
    return errors.NUM("IRR: no convergence") if rate is None else result(rate)


def _flows_and_dates(values, dates, name):
    """([cash flows], [dates as whole days]) of XNPV and XIRR, or an XLError:
    #NUM! for lists of different lengths or a date before the first one,
    #VALUE! for a value or date that is not a number."""
    vs = list(values.flat()) if isinstance(values, Array) else [values]
    ds = list(dates.flat()) if isinstance(dates, Array) else [dates]
    for v in vs + ds:
        if isinstance(v, XLError):
            return v
    if len(vs) != len(ds):
        return errors.NUM(f"{name}: values and dates differ in length")
    for v in vs + ds:
        if not isinstance(v, float) or isinstance(v, bool):
            return errors.VALUE(f"{name}: values and dates must be numbers")
    ds = [math.trunc(d) for d in ds]
    if any(d < 0 or d > 2958465 for d in ds):
        return errors.VALUE(f"{name}: a date outside Excel's calendar")
    if any(d < ds[0] for d in ds):
        return errors.NUM(f"{name}: a date precedes the first date")
    return vs, ds


def _xnpv(rate, flows, days):
    total = 0.0
    for v, d in zip(flows, days):
        total += v / pow_(1 + rate, (d - days[0]) / 365)
    return total


@function("XNPV", NUMBER, VALUES, VALUES)
@guarded
def XNPV(rate, values, dates):
    """Net present value of cash flows on the given dates (whole days, the
    first one the start): ``SUM(values/(1+rate)^((date-first)/365))``."""
    pair = _flows_and_dates(values, dates, "XNPV")
    if isinstance(pair, XLError):
        return pair
    return result(_xnpv(rate, *pair))


def _xnpv_and_slope(rate, flows, days):
    value = slope = 0.0
    for v, d in zip(flows, days):
        t = (d - days[0]) / 365
        p = pow_(1 + rate, t)
        value += v / p
        slope -= t * v / (p * (1 + rate))
    return value, slope


@function("XIRR", VALUES, VALUES, opt(NUMBER, 0.1))
@guarded
def XIRR(values, dates, guess):
    """The internal rate of return of cash flows on the given dates: the
    rate at which XNPV is 0, by Newton's method from ``guess`` (10%); #NUM!
    when the flows do not have both signs or it does not converge within
    100 iterations."""
    pair = _flows_and_dates(values, dates, "XIRR")
    if isinstance(pair, XLError):
        return pair
    flows, days = pair
    if not _both_signs(flows):
        return errors.NUM("XIRR: needs a positive and a negative cash flow")
    rate = newton(lambda r: _xnpv_and_slope(r, flows, days), guess, XIRR_ITERATIONS, XIRR_TOLERANCE,
                  relative=True)
    return errors.NUM("XIRR: no convergence") if rate is None else result(rate)


@function("MIRR", VALUES, NUMBER, NUMBER)
@guarded
def MIRR(values, finance_rate, reinvest_rate):
    """The modified internal rate of return: payments (negative flows)
    financed at ``finance_rate``, receipts (positive flows) reinvested at
    ``reinvest_rate``; #DIV/0! without both signs."""
    numbers = collect_numbers([values])
    if isinstance(numbers, XLError):
        return numbers
    n = len(numbers)
    if not _both_signs(numbers) or n < 2:
        return errors.DIV0("MIRR: needs a positive and a negative cash flow")
    receipts = _npv(reinvest_rate, [v if v > 0 else 0.0 for v in numbers])
    payments = _npv(finance_rate, [v if v < 0 else 0.0 for v in numbers])
    if payments == 0 or finance_rate == -1:
        return errors.DIV0("MIRR: payments of no value")
    ratio = -receipts * pow_(1 + reinvest_rate, n) / (payments * (1 + finance_rate))
    return result(pow_(ratio, 1 / (n - 1)) - 1)
