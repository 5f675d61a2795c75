"""Financial functions: the time value of money (PV, FV, PMT, NPER, RATE,
IPMT, PPMT, CUMIPMT, CUMPRINC, ISPMT), interest rates (EFFECT, NOMINAL,
FVSCHEDULE, PDURATION, RRI) and dollar fractions (DOLLARDE, DOLLARFR).
Cash flows (NPV, IRR, XNPV, XIRR, MIRR) are in :mod:`.cashflows`,
depreciation (SLN, SYD, DB, DDB, VDB) in :mod:`.depreciation`.

Each follows its page of Excel's function reference (support.microsoft.com,
"<NAME> function"), with Excel's sign convention: money paid out is
negative, money received positive.  ``type`` is 0 (payments at the end of
each period, the default) or 1 (at the beginning); like Excel, any other
non-zero number counts as 1, except in CUMIPMT and CUMPRINC, where it is
#NUM!.  All of them solve the annuity equation

    pv*(1+rate)^nper + pmt*(1+rate*type)*((1+rate)^nper-1)/rate + fv = 0

(``pv + pmt*nper + fv = 0`` when rate is 0) for one of its quantities.
Results that overflow, or powers of a negative base, are #NUM!.
"""

from __future__ import annotations

import functools
import math

from .. import errors
from ..errors import XLError
from ..values import EMPTY, Array, to_number
from .base import NUMBER, VALUES, function, opt


def pow_(a: float, b: float) -> float:
    """``a**b`` as a float: inf on overflow, nan where it is not real (never
    Python's complex result or an exception)."""
    try:
        return math.pow(a, b)
    except OverflowError:
        return math.inf
    except ValueError:
        return math.nan


def result(x: float) -> float:
    """A finished number (0 for -0); raises OverflowError when it is not
    finite, which :func:`guarded` turns into #NUM!."""
    if not math.isfinite(x):
        raise OverflowError("no finite result")
    return x + 0.0


def guarded(impl):
    """``impl`` with the float exceptions of extreme arguments turned into
    Excel's errors (a division by zero: #DIV/0!; overflow and invalid
    operations: #NUM!) -- a backstop behind the explicit checks."""
    name = impl.__name__.replace("_", ".")

    @functools.wraps(impl)
    def run(*args):
        try:
            return impl(*args)
        except ZeroDivisionError:
            return errors.DIV0(f"{name}: division by zero")
        except (OverflowError, ValueError):
            return errors.NUM(f"{name}: no finite result")
    return run


def _type(t: float) -> float:
    return 0.0 if t == 0 else 1.0


def future_value(rate, nper, pmt, pv, when):
    if rate == 0:
        return -(pv + pmt * nper)
    q = pow_(1 + rate, nper)
    return -(pv * q + pmt * (1 + rate * when) * _grown(rate, nper, q) / rate)


def _grown(rate: float, nper: float, q: float) -> float:
    """``q - 1`` for ``q = (1+rate)^nper``; where q is within 1E-8 of 1
    (a rate or an nper near 0) from expm1 and log1p, where q - 1 would
    cancel to 0 (rate 1E-202: 1 + rate is 1; nper 6.7E-107 at 1%: q is 1)
    and an annuity's value to 0 instead of pmt*nper."""
    if isinstance(q, float) and 1 + rate > 0 and (abs(rate) < 1e-8 or abs(q - 1) < 1e-8):
        return math.expm1(nper * math.log1p(rate))
    return q - 1


def payment(rate, nper, pv, fv, when, name="PMT"):
    """The payment, or an XLError (naming the function ``name``)."""
    if nper == 0:
        return errors.NUM(f"{name}: nper is 0")
    if rate == 0:
        return -(pv + fv) / nper
    q = pow_(1 + rate, nper)
    divisor = (1 + rate * when) * _grown(rate, nper, q)
    if divisor == 0:
        return errors.NUM(f"{name}: no payment solves this annuity")
    return -(fv + pv * q) * rate / divisor


@function("PV", NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), opt(NUMBER, 0.0))
@guarded
def PV(rate, nper, pmt, fv, when):
    """Present value of ``nper`` payments ``pmt`` at ``rate`` per period
    and a final ``fv``."""
    when = _type(when)
    if rate == 0:
        return result(-(pmt * nper + fv))
    v = pow_(1 + rate, -nper)  # the discount factor: no overflow for long annuities
    return result(-(fv * v + pmt * (1 + rate * when) * -_grown(rate, -nper, v) / rate))


@function("FV", NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), opt(NUMBER, 0.0))
@guarded
def FV(rate, nper, pmt, pv, when):
    """Future value after ``nper`` payments ``pmt`` at ``rate`` per period,
    starting from ``pv``."""
    return result(future_value(rate, nper, pmt, pv, _type(when)))


@function("PMT", NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), opt(NUMBER, 0.0))
@guarded
def PMT(rate, nper, pv, fv, when):
    """The payment per period of a loan or annuity; #NUM! when ``nper`` is 0."""
    p = payment(rate, nper, pv, fv, _type(when))
    return p if isinstance(p, XLError) else result(p)


@function("NPER", NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), opt(NUMBER, 0.0))
@guarded
def NPER(rate, pmt, pv, fv, when):
    """The number of periods; #NUM! when none solves the equation (a rate of
    0 with no payment, a rate of -1 or less, a logarithm of a number that
    is not positive)."""
    when = _type(when)
    if rate == 0:
        if pmt == 0:
            return errors.NUM("NPER: no payment and no interest")
        return result(-(pv + fv) / pmt)
    if rate <= -1:
        return errors.NUM("NPER: rate <= -1")
    a = pmt * (1 + rate * when) / rate
    num, den = a - fv, a + pv
    if den == 0 or num / den <= 0:
        return errors.NUM("NPER: no number of periods solves this annuity")
    change = -(fv + pv) / den  # num/den - 1: near 1, log1p of it keeps the digits log loses
    log = math.log1p(change) if abs(change) < 0.5 else math.log(num / den)
    return result(log / math.log1p(rate))


def _annuity_and_slope(r, n, pmt, pv, fv, when):
    """The annuity equation's value at rate ``r`` and its derivative."""
    if r == 0:
        return pv + pmt * n + fv, pv * n + pmt * (when * n + n * (n - 1) / 2)
    q = pow_(1 + r, n)
    dq = n * pow_(1 + r, n - 1)
    a = (q - 1) / r
    da = (dq * r - (q - 1)) / (r * r)
    return pv * q + pmt * (1 + r * when) * a + fv, pv * dq + pmt * when * a + pmt * (1 + r * when) * da


def _discounted_and_slope(r, n, pmt, pv, fv, when):
    """The annuity equation divided by (1+r)^n (in present values:
    ``pv + pmt*(1+r*type)*(1-v)/r + fv*v`` with v = (1+r)^-n) and its
    derivative: the same roots, and a curve that stays bounded at high rates,
    where the future-value form grows as (1+r)^n and Newton's steps crawl."""
    if r == 0:
        return pv + pmt * n + fv, -pmt * (n * (n + 1) / 2 - when * n) - fv * n
    v = pow_(1 + r, -n)
    dv = -n * v / (1 + r)
    a = (1 - v) / r
    da = (-dv * r - (1 - v)) / (r * r)
    return pv + pmt * (1 + r * when) * a + fv * v, pmt * when * a + pmt * (1 + r * when) * da + fv * dv


def newton(f, guess: float, iterations: int, tolerance: float, relative: bool = False):
    """Newton's method from ``guess``: the root once a step is below
    ``tolerance`` (then polished for a few more steps while they shrink),
    or None when it does not converge within ``iterations`` steps or meets
    a flat or undefined point.  Rates stay above -1: a step beyond goes
    halfway from where it is to -1.  ``relative``: for a rate above 1 the
    tolerance is a fraction of the rate (IRR's and XIRR's pages: the result
    "accurate within" a percentage; no float near a rate of 3.8E+12 is
    within 1E-8 of it, so an absolute test never ends there)."""
    try:
        return _newton(f, guess, iterations, tolerance, relative)
    except (ZeroDivisionError, OverflowError, ValueError):
        return None


def _newton(f, guess, iterations, tolerance, relative=False):
    x = guess
    if not x > -1:
        return None
    for _ in range(iterations):
        value, slope = f(x)
        if not (math.isfinite(value) and math.isfinite(slope)) or slope == 0:
            return None
        step = value / slope
        x_new = x - step
        if not math.isfinite(x_new):
            return None
        if x_new <= -1:  # a step past -1 goes halfway there instead (no convergence yet)
            x = (x - 1) / 2
            continue
        x = x_new
        if abs(step) < tolerance * (max(1.0, abs(x)) if relative else 1.0):
            for _ in range(5):  # to the last digits: Excel's answer is the root, not a neighbour
                value, slope = f(x)
                if not (math.isfinite(value) and math.isfinite(slope)) or slope == 0:
                    break
                polished = x - value / slope
                if not math.isfinite(polished) or abs(polished - x) >= abs(step):
                    break
                step, x = polished - x, polished
            return x
    return None


#: RATE's and IRR's iteration limits (Excel's RATE page: "If the successive
#: results of RATE do not converge to within 0.0000001 after 20 iterations,
#: RATE returns the #NUM! error value"; IRR's: 20 tries, 0.00001 percent).
RATE_ITERATIONS, RATE_TOLERANCE = 20, 1e-7


@function("RATE", NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), opt(NUMBER, 0.0), opt(NUMBER, 0.1))
@guarded
def RATE(nper, pmt, pv, fv, when, guess):
    """The interest rate per period, found by Newton's method from ``guess``
    (10% when left out) within Excel's limits, 20 iterations to 0.0000001:
    on the annuity equation in future values, then, when that does not
    converge (rates far above the guess: 18.75% over 18 periods takes 24
    steps), on the same equation in present values.  #NUM! when neither
    converges, or ``nper`` is not positive."""
    if nper <= 0:
        return errors.NUM("RATE: nper must be > 0")
    when = _type(when)
    rate = newton(lambda r: _annuity_and_slope(r, nper, pmt, pv, fv, when), guess,
                  RATE_ITERATIONS, RATE_TOLERANCE)
    if rate is None:
        rate = newton(lambda r: _discounted_and_slope(r, nper, pmt, pv, fv, when), guess,
                      RATE_ITERATIONS, RATE_TOLERANCE)
    if rate is None:
        return errors.NUM("RATE: no convergence")
    return result(rate)


def _growth(rate: float, n: float) -> float:
    """``(1+rate)^n - 1`` without losing digits when it is small."""
    if rate > -1:
        return math.expm1(n * math.log1p(rate))
    return pow_(1 + rate, n) - 1


def interest_payment(rate, per, nper, pv, fv, when, name):
    """The interest part of payment ``per`` (a float, or an XLError): the
    balance after ``per-1`` payments times the rate, written so that no
    digits cancel (the balance as ``pv*(q^n-q^(per-1)) - fv*(q^(per-1)-1)``
    over ``q^n-1``, with q = 1+rate): late in a long loan at a high rate,
    PMT and the interest agree to many digits, and the textbook
    ``FV(rate,per-1,PMT,pv)*rate`` keeps few of them."""
    if per < 1 or per > nper:
        return errors.NUM(f"{name}: period {per:g} outside 1..{nper:g}")
    p = payment(rate, nper, pv, fv, when, name)
    if isinstance(p, XLError):
        return p
    if (per == 1 and when == 1) or rate == 0:
        return 0.0
    whole = _growth(rate, nper)
    balance = (pv * (1 + _growth(rate, per - 1)) * _growth(rate, nper - per + 1)
               - fv * _growth(rate, per - 1))
    interest = -rate * balance / whole
    if when == 1:
        interest /= 1 + rate
    return interest


def principal_payment(rate, per, nper, pv, fv, when, name):
    """The principal part of payment ``per``: PMT minus the interest,
    written as ``-rate*(pv+fv)*q^(per-1)/(q^n-1)`` (q = 1+rate; divided by q
    when payments are due at the start), which keeps its digits when the
    two nearly cancel (early in a long loan)."""
    if per < 1 or per > nper:
        return errors.NUM(f"{name}: period {per:g} outside 1..{nper:g}")
    p = payment(rate, nper, pv, fv, when, name)
    if isinstance(p, XLError) or rate == 0 or (per == 1 and when == 1):
        return p
    principal = -rate * (pv + fv) * (1 + _growth(rate, per - 1)) / _growth(rate, nper)
    if when == 1:
        principal /= 1 + rate
    return principal


@function("IPMT", NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), opt(NUMBER, 0.0))
@guarded
def IPMT(rate, per, nper, pv, fv, when):
    """The interest paid in period ``per`` (1..nper, else #NUM!)."""
    i = interest_payment(rate, per, nper, pv, fv, _type(when), "IPMT")
    return i if isinstance(i, XLError) else result(i)


@function("PPMT", NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 0.0), opt(NUMBER, 0.0))
@guarded
def PPMT(rate, per, nper, pv, fv, when):
    """The principal paid in period ``per``: PMT minus IPMT (1..nper, else
    #NUM!)."""
    p = principal_payment(rate, per, nper, pv, fv, _type(when), "PPMT")
    return p if isinstance(p, XLError) else result(p)


#: The most periods CUMIPMT and CUMPRINC add up, and VDB steps through: a
#: sheetgd limit (#NUM! beyond; a century of days is 36,525 periods).
MAX_PERIODS = 100_000


def _cumulative(rate, nper, pv, start, end, when, principal):
    name = "CUMPRINC" if principal else "CUMIPMT"
    nper, start, end = math.trunc(nper), math.trunc(start), math.trunc(end)
    if rate <= 0 or nper <= 0 or pv <= 0:
        return errors.NUM(f"{name}: rate, nper and pv must be > 0")
    if start < 1 or end < start or end > nper:
        return errors.NUM(f"{name}: not 1 <= start_period <= end_period <= nper")
    if when not in (0.0, 1.0):
        return errors.NUM(f"{name}: type must be 0 or 1")
    if end - start >= MAX_PERIODS:
        return errors.NUM(f"{name}: more than {MAX_PERIODS:,} periods")
    p = payment(rate, nper, pv, 0.0, when, name)
    if isinstance(p, XLError):
        return p
    part = principal_payment if principal else interest_payment
    total = 0.0
    for per in range(start, end + 1):
        total += part(rate, per, nper, pv, 0.0, when, name)
    return result(total)


@function("CUMIPMT", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER)
@guarded
def CUMIPMT(rate, nper, pv, start_period, end_period, when):
    """The interest paid from ``start_period`` to ``end_period`` (truncated);
    #NUM! unless rate, nper and pv are positive, 1 <= start <= end <= nper
    and type is 0 or 1 (and for more than :data:`MAX_PERIODS` periods)."""
    return _cumulative(rate, nper, pv, start_period, end_period, when, principal=False)


@function("CUMPRINC", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER)
@guarded
def CUMPRINC(rate, nper, pv, start_period, end_period, when):
    """The principal paid from ``start_period`` to ``end_period``, with
    CUMIPMT's rules."""
    return _cumulative(rate, nper, pv, start_period, end_period, when, principal=True)


@function("ISPMT", NUMBER, NUMBER, NUMBER, NUMBER)
@guarded
def ISPMT(rate, per, nper, pv):
    """The interest paid in period ``per`` (counted from 0) of a loan paid
    back in equal parts of principal: ``pv*rate*(per/nper-1)``; #DIV/0! when
    ``nper`` is 0."""
    if nper == 0:
        return errors.DIV0("ISPMT: nper is 0")
    return result(pv * rate * (per / nper - 1))


@function("EFFECT", NUMBER, NUMBER)
@guarded
def EFFECT(nominal_rate, npery):
    """The effective annual rate of ``nominal_rate`` compounded ``npery``
    (truncated) times a year; #NUM! when the rate is <= 0 or npery < 1."""
    npery = math.trunc(npery)
    if nominal_rate <= 0 or npery < 1:
        return errors.NUM("EFFECT: needs nominal_rate > 0 and npery >= 1")
    return result(pow_(1 + nominal_rate / npery, npery) - 1)


@function("NOMINAL", NUMBER, NUMBER)
@guarded
def NOMINAL(effect_rate, npery):
    """The nominal annual rate that gives ``effect_rate`` compounded
    ``npery`` (truncated) times a year; #NUM! when the rate is <= 0 or
    npery < 1."""
    npery = math.trunc(npery)
    if effect_rate <= 0 or npery < 1:
        return errors.NUM("NOMINAL: needs effect_rate > 0 and npery >= 1")
    return result((pow_(1 + effect_rate, 1 / npery) - 1) * npery)


@function("FVSCHEDULE", NUMBER, VALUES)
@guarded
def FVSCHEDULE(principal, schedule):
    """``principal`` grown by each rate of ``schedule`` in turn; empty cells
    are rates of 0, text #VALUE!."""
    rates = []
    in_array = isinstance(schedule, Array)
    for v in (schedule.flat() if in_array else [schedule]):
        if isinstance(v, XLError):
            return v
        if v is EMPTY:
            rates.append(0.0)
        elif isinstance(v, float) and not isinstance(v, bool):
            rates.append(v)
        elif in_array:
            return errors.VALUE("FVSCHEDULE: rates must be numbers")
        else:
            r = to_number(v)
            if isinstance(r, XLError):
                return r
            rates.append(r)
    value = principal
    for r in rates:
        value *= 1 + r
    return result(value)


@function("PDURATION", NUMBER, NUMBER, NUMBER, xlfn=True)
@guarded
def PDURATION(rate, pv, fv):
    """The number of periods for ``pv`` to grow to ``fv`` at ``rate``;
    #NUM! unless all three are positive."""
    if rate <= 0 or pv <= 0 or fv <= 0:
        return errors.NUM("PDURATION: needs positive arguments")
    return result((math.log(fv) - math.log(pv)) / math.log1p(rate))


@function("RRI", NUMBER, NUMBER, NUMBER, xlfn=True)
@guarded
def RRI(nper, pv, fv):
    """The rate per period for ``pv`` to grow to ``fv`` in ``nper`` periods:
    ``(fv/pv)^(1/nper)-1``; #NUM! when nper <= 0 or pv is 0, or the power
    is not real."""
    if nper <= 0 or pv == 0:
        return errors.NUM("RRI: needs nper > 0 and pv not 0")
    return result(pow_(fv / pv, 1 / nper) - 1)


def _dollar(value, fraction, to_decimal):
    name = "DOLLARDE" if to_decimal else "DOLLARFR"
    fraction = math.trunc(fraction)
    if fraction < 0:
        return errors.NUM(f"{name}: fraction must be >= 0")
    if fraction == 0:
        return errors.DIV0(f"{name}: fraction is 0")
    whole = math.trunc(value)
    part = value - whole
    scale = 10.0 ** math.ceil(math.log10(fraction))
    return result(whole + (part * scale / fraction if to_decimal else part * fraction / scale))


@function("DOLLARDE", NUMBER, NUMBER)
@guarded
def DOLLARDE(fractional_dollar, fraction):
    """A price written as whole + numerator (over ``fraction``, truncated)
    as a decimal: DOLLARDE(1.02,16) is 1 + 2/16 = 1.125; #DIV/0! when
    fraction is 0, #NUM! when negative."""
    return _dollar(fractional_dollar, fraction, to_decimal=True)


@function("DOLLARFR", NUMBER, NUMBER)
@guarded
def DOLLARFR(decimal_dollar, fraction):
    """A decimal price written as whole + numerator over ``fraction``
    (truncated): DOLLARFR(1.125,16) is 1.02; #DIV/0! when fraction is 0,
    #NUM! when negative."""
    return _dollar(decimal_dollar, fraction, to_decimal=False)
