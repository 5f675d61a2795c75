"""Depreciation of an asset: SLN, SYD, DB, DDB, VDB.

Each follows its page of Excel's function reference (support.microsoft.com,
"<NAME> function"); ``cost`` is what the asset cost, ``salvage`` its value
at the end of its ``life`` (in periods).  Arguments out of their domain
(negative cost or salvage, a life or period that is not positive, a period
after the life) are #NUM!.
"""

from __future__ import annotations

import math

from .. import errors
from ..values import EMPTY
from .base import LOGICAL, NUMBER, function, opt
from .finance import MAX_PERIODS, guarded, pow_, result


@function("SLN", NUMBER, NUMBER, NUMBER)
@guarded
def SLN(cost, salvage, life):
    """Straight-line depreciation for one period: ``(cost-salvage)/life``;
    #DIV/0! when ``life`` is 0."""
    if life == 0:
        return errors.DIV0("SLN: life is 0")
    return result((cost - salvage) / life)


@function("SYD", NUMBER, NUMBER, NUMBER, NUMBER)
@guarded
def SYD(cost, salvage, life, per):
    """Sum-of-years' digits depreciation for period ``per``:
    ``(cost-salvage)*(life-per+1)*2/(life*(life+1))``; #NUM! unless
    0 < per <= life."""
    if life <= 0 or per <= 0 or per > life:
        return errors.NUM("SYD: not 0 < per <= life")
    return result((cost - salvage) * (life - per + 1) * 2 / (life * (life + 1)))


@function("DB", NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 12.0))
@guarded
def DB(cost, salvage, life, period, month):
    """Fixed-declining-balance depreciation for ``period`` (truncated): the
    rate ``1-(salvage/cost)^(1/life)`` rounded to three decimals, applied to
    what is left; the first period counts ``month`` (truncated, 1..12)
    months, a period after the life the remaining months.  #NUM! for
    negative cost or salvage, life or period < 1 (for period), or a period
    beyond the life (beyond life+1 when the first year is short)."""
    month, period = math.trunc(month), math.trunc(period)
    if cost < 0 or salvage < 0 or life <= 0 or period < 1 or not 1 <= month <= 12:
        return errors.NUM("DB: arguments out of range")
    if period > life + (1 if month < 12 else 0):
        return errors.NUM("DB: period after the life")
    if cost == 0:
        return 0.0
    rate = round(1 - pow_(salvage / cost, 1 / life), 3)
    if period == 1:
        return result(cost * rate * month / 12)
    # what is left after the first (short) year and the full years before this one
    left = cost * (1 - rate * month / 12) * pow_(1 - rate, period - 2)
    if period > life:  # the months left over by a short first year
        return result(left * rate * (12 - month) / 12)
    return result(left * rate)


def _ddb(cost, salvage, life, period, factor):
    """Double-declining (``factor``) depreciation of ``period`` (which may be
    fractional): what the balance loses from period-1 to period, never
    below ``salvage``."""
    rate = factor / life
    if rate >= 1:
        rate = 1.0
        before = cost if period == 1 else 0.0
    else:
        before = cost * pow_(1 - rate, period - 1)
    after = cost * pow_(1 - rate, period)
    return max(before - max(after, salvage), 0.0)


@function("DDB", NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 2.0))
@guarded
def DDB(cost, salvage, life, period, factor):
    """Double-declining-balance depreciation (rate ``factor/life`` of what is
    left, 2 when left out) for ``period``, stopping at ``salvage``; #NUM!
    for negative cost or salvage, a life, period or factor that is not
    positive, or a period after the life.  A period between 0 and 1 counts
    as the first."""
    if cost < 0 or salvage < 0 or life <= 0 or period <= 0 or factor <= 0 or period > life:
        return errors.NUM("DDB: arguments out of range")
    return result(_ddb(cost, salvage, life, max(period, 1.0), factor))


def _declining_then_straight(cost, salvage, life, life_left, periods, factor):
    """Depreciation over ``periods`` (the last one counted in part when
    fractional), declining at ``factor`` until straight-line depreciation
    of what is left over the ``life_left`` periods remaining gives more,
    then straight-line."""
    total = 0.0
    last = math.ceil(periods)
    left = cost - salvage
    straight = None
    for i in range(1, last + 1):
        if straight is None:
            declining = _ddb(cost, salvage, life, i, factor)
            even = left / (life_left - (i - 1))
            if even > declining:
                straight = even
                term = even
            else:
                term = declining
                left -= declining
        else:
            term = straight
        if i == last:
            term *= periods + 1 - last
        total += term
    return total


@function("VDB", NUMBER, NUMBER, NUMBER, NUMBER, NUMBER, opt(NUMBER, 2.0), opt(LOGICAL, False))
@guarded
def VDB(cost, salvage, life, start_period, end_period, factor, no_switch):
    """Depreciation from ``start_period`` to ``end_period`` (fractions of
    periods allowed) by the declining balance at ``factor`` (2 when left
    out), switching to straight-line depreciation when that is larger
    unless ``no_switch`` is TRUE.  #NUM! for negative cost or salvage, a
    life or factor that is not positive, or not 0 <= start <= end <= life
    (and beyond :data:`~.finance.MAX_PERIODS` periods)."""
    if no_switch is EMPTY:
        no_switch = False
    if (cost < 0 or salvage < 0 or life <= 0 or factor <= 0 or start_period < 0
            or end_period < start_period or end_period > life):
        return errors.NUM("VDB: arguments out of range")
    if end_period > MAX_PERIODS:
        return errors.NUM(f"VDB: more than {MAX_PERIODS:,} periods")
    first, last = math.floor(start_period), math.ceil(end_period)
    if no_switch:
        total = 0.0
        for i in range(first + 1, last + 1):
            term = _ddb(cost, salvage, life, i, factor)
            if i == first + 1:
                term *= min(end_period, first + 1) - start_period
            elif i == last:
                term *= end_period + 1 - last
            total += term
        return result(total)
    part = 0.0
    if start_period > first:  # the part of the first period before start_period
        left = cost - _declining_then_straight(cost, salvage, life, life, first, factor)
        part += (start_period - first) * _declining_then_straight(
            left, salvage, life, life - first, 1, factor)
    if end_period < last:  # the part of the last period after end_period
        left = cost - _declining_then_straight(cost, salvage, life, life, last - 1, factor)
        part += (last - end_period) * _declining_then_straight(
            left, salvage, life, life - last + 1, 1, factor)
    left = cost - _declining_then_straight(cost, salvage, life, life, first, factor)
    total = _declining_then_straight(left, salvage, life, life - first, last - first, factor)
    return result(total - part)
