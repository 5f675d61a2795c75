"""Fuzz generators of the securities functions (sheetgd/engine/functions/
securities.py, discounts.py); see tests/fuzz_families/__init__.py.

Dates are drawn as serials of 1990..2060, often on month ends, 29 February
and the 30th/31st, where the day-count bases differ; frequencies and bases
mostly valid, sometimes not (#NUM!: LibreOffice's Err:502, saved as
#VALUE!); rates, yields and prices of the sizes bonds have."""

from __future__ import annotations

import calendar as _calendar
import math
from datetime import date as _date, timedelta as _timedelta

from sheetgd.engine import XLError

#: Functions the fuzzer leaves out, and why (docs/compatibility.md).
EXCLUDED: dict = {
    "ODDFPRICE": "LibreOffice 7.4 cannot compute it (an error for every call)",
    "ODDFYIELD": "LibreOffice 7.4 cannot compute it (an error for every call)",
}

NAMES = ("COUPDAYBS", "COUPDAYS", "COUPDAYSNC", "COUPNCD", "COUPNUM", "COUPPCD", "PRICE", "YIELD",
         "DURATION", "MDURATION", "ACCRINT", "ACCRINTM", "DISC", "INTRATE", "RECEIVED", "PRICEDISC",
         "PRICEMAT", "YIELDDISC", "YIELDMAT", "TBILLPRICE", "TBILLYIELD", "TBILLEQ", "ODDLPRICE",
         "ODDLYIELD")
#: Their argument checks (messages start with the name): #NUM! in Excel, #VALUE! in LibreOffice.
INVALID_ARGUMENT = {(name, f"{name}: ") for name in NAMES}
#: #NUM! checks where LibreOffice computes a value instead (category statistics-domain):
#: PRICEMAT with issue on or after settlement (LibreOffice checks only YIELDMAT's).
DOMAIN_EDGES = {("PRICEMAT", "PRICEMAT: issue is not before settlement")}

#: Month ends and the days around them, where the 30/360 bases differ.
_EDGES = ["DATE(2011,2,28)", "DATE(2012,2,29)", "DATE(2012,2,28)", "DATE(2011,1,31)",
          "DATE(2011,3,31)", "DATE(2011,8,31)", "DATE(2011,5,30)", "DATE(2011,12,31)",
          "DATE(2015,6,30)"]


def table(g) -> dict:
    rng = g.rng

    def date(lo=32874, hi=58000):  # 1990 .. 2058
        return rng.choice(_EDGES) if rng.random() < 0.25 else str(rng.randint(lo, hi))

    def pair():
        """settlement, maturity: mostly in order, a month to 30 years apart."""
        s = rng.randint(32874, 45000)
        if rng.random() < 0.2:
            return rng.choice(_EDGES), rng.choice(_EDGES + [str(s + 400)])
        gap = rng.choice([rng.randint(1, 400), rng.randint(30, 11000), 0, -5])
        m = s + gap
        if rng.random() < 0.2:  # maturity on a month end
            return str(s), f"EOMONTH({m},0)"
        return str(s), str(m)

    def freq():
        return rng.choice(["1", "2", "4", "2", "2", "3", "4.5"])

    def basis(optional=True):
        choices = ["0", "1", "2", "3", "4", "1", "5", "-1", "3.9"]
        if optional and rng.random() < 0.25:
            return ""
        return "," + rng.choice(choices)

    def rate():
        return rng.choice(["0.05", "0.0575", "0.08", "0.1", "0", "0.025", "-0.01", "0.12"])

    def price():
        return rng.choice(["95.04287", "100", "101.5", "98", "88.5", "0", "110"])

    def coupon_fn(name):
        return lambda d: f"{name}({','.join(pair())},{freq()}{basis()})"

    def bond(name, third, fourth):
        def make(d):
            s, m = pair()
            if name in ("PRICE", "YIELD"):
                return f"{name}({s},{m},{rate()},{fourth()},{rng.choice(['100', '105', '0'])},{freq()}{basis()})"
            return f"{name}({s},{m},{third()},{fourth()},{freq()}{basis()})"
        return make

    def yld():
        return rng.choice(["0.065", "0.05", "0.09", "0.1", "0", "0.02", "-0.01"])

    def accrint(d):
        issue = rng.randint(36000, 44000)
        first = issue + rng.randint(1, 400)
        settle = issue + rng.choice([rng.randint(1, 200), rng.randint(1, 4000), 0])
        args = [str(issue), str(first), str(settle), rate(), rng.choice(["1000", "100", "0"]), freq()]
        if rng.random() < 0.6:  # (LibreOffice takes no calc_method: only basis)
            args.append(basis(optional=False)[1:])
        return f"ACCRINT({','.join(args)})"

    def accrintm(d):
        s, m = pair()
        return f"ACCRINTM({s},{m},{rate()},{rng.choice(['1000', '100', '0'])}{basis()})"

    def discounted(name, third, fourth):
        return lambda d: f"{name}({','.join(pair())},{third()},{fourth()}{basis()})"

    def money():
        return rng.choice(["1000000", "100", "97.975", "0", "105"])

    def at_maturity(name, fifth):
        def make(d):
            s, m = pair()
            issue = str(rng.randint(32000, 44000)) if rng.random() < 0.3 else f"{s}-{rng.randint(1, 400)}"
            return f"{name}({s},{m},{issue},{rate()},{fifth()}{basis()})"
        return make

    def bill(name, third):
        def make(d):
            s = rng.randint(36000, 45000)
            m = s + rng.choice([rng.randint(1, 366), rng.randint(1, 182), 0, 400])
            return f"{name}({s},{m},{third()})"
        return make

    def discount():
        return rng.choice(["0.09", "0.0914", "0.05", "0", "0.5", "0.02"])

    def odd_last(name, fifth):
        """An odd last period: last_interest, settlement after it, maturity
        after that, the period from last_interest to maturity short or long
        (up to about two years); now and then the dates out of order."""
        def make(d):
            last = rng.randint(33000, 45000)
            valid = rng.random() < 0.9
            settle = last + (rng.randint(1, rng.choice([180, 500])) if valid else rng.choice([0, -3]))
            mature = settle + (rng.randint(1, rng.choice([180, 400])) if valid else 0)
            dates = [str(settle), str(mature), str(last)]
            if rng.random() < 0.15:  # month ends: last_interest, settlement, maturity
                first, mid, end = sorted(rng.sample(_EDGES, 3),
                                         key=lambda t: tuple(int(x) for x in t[5:-1].split(",")))
                dates = [mid, end, first]
            def mostly(valid, anything):  # one argument in ten drawn from anywhere
                return anything() if rng.random() < 0.1 else rng.choice(valid)

            return (f"{name}({','.join(dates)},{mostly(['0.05', '0.0375', '0.1', '0.12'], rate)},"
                    f"{mostly(['0.0405', '0.065', '0.09', '0.02'] if fifth is yld else ['99.875', '95.04287', '101.5', '88.5'], fifth)},"
                    f"{mostly(['100', '105'], lambda: '0')},{mostly(['1', '2', '4'], freq)}"
                    f"{mostly(['', ',0', ',1', ',2', ',3', ',4'], basis)})")
        return make

    out = {name: ("num", coupon_fn(name)) for name in NAMES[:6]}
    out["ODDLPRICE"] = ("num", odd_last("ODDLPRICE", yld))
    out["ODDLYIELD"] = ("num", odd_last("ODDLYIELD", price))
    out.update({
        "PRICE": ("num", bond("PRICE", rate, yld)), "YIELD": ("num", bond("YIELD", rate, price)),
        "DURATION": ("num", bond("DURATION", rate, yld)), "MDURATION": ("num", bond("MDURATION", rate, yld)),
        "ACCRINT": ("num", accrint), "ACCRINTM": ("num", accrintm),
        "DISC": ("num", discounted("DISC", price, lambda: "100")),
        "INTRATE": ("num", discounted("INTRATE", money, money)),
        "RECEIVED": ("num", discounted("RECEIVED", money, discount)),
        "PRICEDISC": ("num", discounted("PRICEDISC", discount, lambda: "100")),
        "YIELDDISC": ("num", discounted("YIELDDISC", price, lambda: "100")),
        "PRICEMAT": ("num", at_maturity("PRICEMAT", yld)),
        "YIELDMAT": ("num", at_maturity("YIELDMAT", price)),
        "TBILLPRICE": ("num", bill("TBILLPRICE", discount)),
        "TBILLYIELD": ("num", bill("TBILLYIELD", price)),
        "TBILLEQ": ("num", bill("TBILLEQ", discount)),
    })
    return out


#: Excel/LibreOffice differences in this family's functions (docs/compatibility.md).
CATEGORIES = {
    "tbill-days": "Treasury bills: Excel counts calendar days from settlement to maturity (the "
                  "pages' DSM); LibreOffice 30/360 days, to the day after maturity (TBILLEQ, "
                  "TBILLPRICE) or plus one (TBILLYIELD), and computes TBILLEQ and TBILLPRICE "
                  "for settlement on maturity",
    "securities-year-diff": "ACCRINT, ACCRINTM, RECEIVED, INTRATE, PRICEDISC: LibreOffice's year "
                            "fraction is its add-in's GetYearDiff (30/360 from the raw day numbers "
                            "less 1 or 2 days when a February start ends in a later month of the "
                            "year; actual/actual over the first year's length), and ACCRINT "
                            "accrues it from issue to settlement; Excel uses its day-count bases "
                            "(YEARFRAC's) and sums ACCRINT's coupon periods",
    "duration-yearfrac": "DURATION, MDURATION: LibreOffice times the k-th coupon k + "
                         "YEARFRAC(settlement, maturity) x frequency - COUPNUM periods ahead; Excel "
                         "k - 1 + DSC/E as in PRICE (Microsoft's example: 10.9191453, "
                         "LibreOffice 10.9215740)",
    "bond-price-days": "PRICE, YIELD: LibreOffice counts DSC in calendar days for bases 1, 2, 3 "
                       "and discounts a last coupon at compound interest; Excel uses E - A and "
                       "simple interest for one coupon left (Excel's results in PhpSpreadsheet's "
                       "PRICE3.php; Microsoft's page's formula for N = 1); LibreOffice's YIELD is "
                       "the yield its own price gives",
    "odd-last-period": "ODDLPRICE, ODDLYIELD: LibreOffice takes the odd last period as one, "
                       "with its YEARFRAC x frequency as DC, DSC and A (Excel's pages sum the "
                       "quasi-coupon periods, each over its own length NL), and refuses a rate of "
                       "0 (#VALUE!; Excel's pages: #NUM! only for rate < 0)",
}


def _lo_days360(ymd1, ymd2) -> int:
    """LibreOffice's US 30/360 day count (its analysis add-in's
    GetDiffDate360 with the US method): a first date on the 31st or the
    last day of February is the 30th; a second date on the 31st is the 30th
    when the first is the 30th, else the 1st of the next month."""
    (y1, m1, d1), (y2, m2, d2) = ymd1, ymd2
    if d1 == 31:
        d1 = 30
    elif m1 == 2 and d1 == _calendar.monthrange(y1, 2)[1]:
        d1 = 30
    if d2 == 31:
        if d1 != 30:
            d2 = 1
            y2, m2 = (y2 + 1, 1) if m2 == 12 else (y2, m2 + 1)
        else:
            d2 = 30
    return d2 + m2 * 30 + y2 * 360 - d1 - m1 * 30 - y1 * 360


def _ymd(serial):
    d = _date(1899, 12, 30) + _timedelta(days=int(serial))
    return d.year, d.month, d.day


def _lo_tbill(name, operands):
    """LibreOffice's value of a Treasury-bill function, or None."""
    if len(operands) != 3 or not all(isinstance(v, float) for v in operands):
        return None
    s, m, x = operands
    if not 0 < s < 2958466 or not 0 < m < 2958465:
        return None
    try:
        if name == "TBILLEQ":
            return 365 * x / (360 - x * _lo_days360(_ymd(s), _ymd(m + 1)))
        if name == "TBILLPRICE":
            return 100 * (1 - x * _lo_days360(_ymd(s), _ymd(m + 1)) / 360)
        return (100 / x - 1) * 360 / (_lo_days360(_ymd(s), _ymd(m)) + 1)
    except ZeroDivisionError:
        return None


def _lo_tbill_refused(node, operands, sg, lo) -> bool:
    """A Treasury-bill function that LibreOffice 7.4 refuses (#VALUE!) where
    sheetgd computes it (Excel's pages refuse only maturity more than a year
    on): TBILLPRICE whose 30/360 year fraction from settlement to the day
    after maturity is a whole number (its getTbillprice: modf(fraction) ==
    0 throws); TBILLEQ and TBILLYIELD whose 30/360 days (to the day after
    maturity; plus one) pass 360, as a bill of exactly one calendar year's
    do (``TBILLEQ(41493,41858,0.05)``, 2013-08-08 to 2014-08-08: 361)."""
    if not (node.name in ("TBILLPRICE", "TBILLEQ", "TBILLYIELD") and isinstance(sg, float)
            and isinstance(lo, XLError) and lo.kind == "#VALUE!" and len(operands) == 3
            and all(isinstance(v, float) for v in operands)):
        return False
    s, m, _ = operands
    if not 0 < s <= m < 2958465:
        return False
    if node.name == "TBILLPRICE":
        return _lo_days360(_ymd(s), _ymd(m + 1)) % 360 == 0
    if node.name == "TBILLEQ":
        return _lo_days360(_ymd(s), _ymd(m + 1)) > 360
    return _lo_days360(_ymd(s), _ymd(m)) + 1 > 360


def _leap(y):
    return _calendar.isleap(y)


def _lo_year_diff(a, b, basis):
    """LibreOffice's GetYearDiff(a, b, basis) (scaddins analysishelper.cxx,
    GetDiffDate over its days in the first year): for the 30/360 bases the
    raw difference of months x 30 plus days (basis 0: less 1 day, 2 in a
    common year, when a February start ends in a later month of the same
    year); actual days otherwise, over 366 or 365 by the start's year for
    basis 1."""
    sign = 1
    if a > b:
        a, b, sign = b, a, -1
    (y1, m1, d1), (y2, m2, d2) = _ymd(a), _ymd(b)
    if basis in (0, 4):
        days = ((y2 - y1) * 12 + m2 - m1) * 30 + d2 - d1
        if basis == 0 and m1 == 2 and m2 != 2 and y1 == y2:
            days -= 1 if _leap(y1) else 2
        year = 360
    else:
        days = b - a
        year = {1: 366 if _leap(y1) else 365, 2: 360, 3: 365}[basis]
    return sign * days / year


def _lo_year_frac(a, b, basis):
    """LibreOffice's GetYearFrac (its YEARFRAC; scaddins analysishelper.cxx):
    its 30/360 day counts, and actual/actual as Excel's YEARFRAC (an older
    release's own rule no longer reproduces LibreOffice 7's values)."""
    if a == b:
        return 0.0
    a, b = min(a, b), max(a, b)
    (y1, m1, d1), (y2, m2, d2) = _ymd(a), _ymd(b)
    if basis == 0:
        if d1 == 31:
            d1 = 30
        if d1 == 30 and d2 == 31:
            d2 = 30
        elif m1 == 2 and d1 == (29 if _leap(y1) else 28):
            d1 = 30
            if m2 == 2 and d2 == (29 if _leap(y2) else 28):
                d2 = 30
        days = (y2 - y1) * 360 + (m2 - m1) * 30 + d2 - d1
    elif basis == 4:
        days = (y2 - y1) * 360 + (m2 - m1) * 30 + min(d2, 30) - min(d1, 30)
    else:
        days = b - a
    if basis in (0, 2, 4):
        year = 360
    elif basis == 3:
        year = 365
    else:  # basis 1: as Excel's YEARFRAC (LibreOffice 7's agrees with it)
        from sheetgd.engine.functions.daycount import year_fraction
        from sheetgd.engine.serials import EXCEL_1900

        return year_fraction(EXCEL_1900, a, b, 1)
    return days / year


def _basis(operands, at):
    b = operands[at] if len(operands) > at else 0.0
    return int(b) if isinstance(b, float) and int(b) in (0, 1, 2, 3, 4) else None


def _lo_price(cal, s, m, f, b, rate, yld, redemption):
    from sheetgd.engine.functions.daycount import coupons, days_between, period_days

    c = coupons(cal, s, m, f, "PRICE")
    e = period_days(cal, c.previous, c.next, f, b)
    a = days_between(cal, c.previous, s, b)
    dsc = e - a if b in (0, 4) else c.next - s
    n = c.remaining
    t2 = 1 + yld / f
    price = redemption / t2 ** (n - 1 + dsc / e) - 100 * rate / f * a / e
    return price + sum(100 * rate / f / t2 ** (k + dsc / e) for k in range(n))


def _lo_duration(cal, s, m, coupon, yld, f, b):
    from sheetgd.engine.functions.daycount import coupons

    n = coupons(cal, s, m, f, "DURATION").remaining
    diff = _lo_year_frac(s, m, b) * f - n
    cash, base = 100 * coupon / f, 1 + yld / f
    times = [t + diff for t in range(1, n + 1)]
    flows = [cash + (100 if t == n else 0) for t in range(1, n + 1)]
    value = sum(c / base ** t for c, t in zip(flows, times))
    return sum(t * c / base ** t for c, t in zip(flows, times)) / value / f


def _lo_securities(name, ops):
    """(category, LibreOffice's value of a securities call) or None."""
    from sheetgd.engine.serials import calendar_of

    if not ops or not all(isinstance(v, float) for v in ops) or not all(0 < v < 2958465 for v in ops[:2]):
        return None
    cal = calendar_of(None)
    if name in ("ACCRINT", "ACCRINTM"):
        issue, settle = (ops[0], ops[2]) if name == "ACCRINT" else (ops[0], ops[1])
        rate_at = 3 if name == "ACCRINT" else 2
        par = ops[rate_at + 1] if len(ops) > rate_at + 1 else 1000.0
        b = _basis(ops, 6 if name == "ACCRINT" else 4)
        if b is None or len(ops) > 7:
            return None
        return "securities-year-diff", par * ops[rate_at] * _lo_year_diff(int(issue), int(settle), b)
    if name in ("RECEIVED", "INTRATE", "PRICEDISC"):
        b = _basis(ops, 4)
        if b is None:
            return None
        s, m, x, y = int(ops[0]), int(ops[1]), ops[2], ops[3]
        t = _lo_year_diff(s, m, b)
        value = {"RECEIVED": lambda: x / (1 - y * t), "INTRATE": lambda: (y / x - 1) / t,
                 "PRICEDISC": lambda: y * (1 - x * t)}[name]()
        return "securities-year-diff", value
    if name in ("ODDLPRICE", "ODDLYIELD"):
        return _lo_odd_last(name, ops)
    if name in ("DURATION", "MDURATION", "PRICE", "YIELD"):
        width = 7 if name in ("PRICE", "YIELD") else 6
        b = _basis(ops, width - 1)
        f = int(ops[width - 2]) if len(ops) >= width - 1 else None
        if b is None or f not in (1, 2, 4) or int(ops[0]) >= int(ops[1]):
            return None
        s, m = int(ops[0]), int(ops[1])
        if name in ("DURATION", "MDURATION"):
            d = _lo_duration(cal, s, m, ops[2], ops[3], f, b)
            return "duration-yearfrac", d if name == "DURATION" else d / (1 + ops[3] / f)
        if name == "PRICE":
            return "bond-price-days", _lo_price(cal, s, m, f, b, ops[2], ops[3], ops[4])
        return "bond-price-days", ("yield", lambda y: _lo_price(cal, s, m, f, b, ops[2], y, ops[4]), ops[3])
    return None


def _lo_odd_last(name, ops):
    """("odd-last-period", LibreOffice's ODDLPRICE or ODDLYIELD) or None: its
    analysis add-in's GetOddlprice / GetOddlyield, the odd period as one,
    DC, DSC and A each its YEARFRAC (:func:`_lo_year_frac`) x frequency."""
    b = _basis(ops, 7)
    f = int(ops[6]) if len(ops) > 6 else None
    if b is None or f not in (1, 2, 4):
        return None
    s, m, last = (int(v) for v in ops[:3])
    if not last < s < m:
        return None
    rate, x, redemption = ops[3], ops[4], ops[5]
    dc, dsc, a = (_lo_year_frac(u, v, b) * f for u, v in ((last, m), (s, m), (last, s)))
    coupon = 100 * rate / f
    if name == "ODDLPRICE":
        return "odd-last-period", (redemption + dc * coupon) / (dsc * x / f + 1) - a * coupon
    return "odd-last-period", ((redemption + dc * coupon) / (x + a * coupon) - 1) * f / dsc


def _odd_last_rate_zero(node, operands, sg, lo) -> bool:
    """ODDLPRICE or ODDLYIELD with a rate of 0: computed by sheetgd (Excel's
    pages refuse only rate < 0), refused by LibreOffice 7.4 (#VALUE!)."""
    return (node.name in ("ODDLPRICE", "ODDLYIELD") and len(operands) > 3 and operands[3] == 0.0
            and isinstance(sg, float) and isinstance(lo, XLError) and lo.kind == "#VALUE!")


def libreoffice_yield_search(price_at, price: float):
    """LibreOffice 7.4's getYield_ (scaddins analysishelper.cxx): regula
    falsi on its own price function from the yields 0 and 1 (doubling the
    upper one while the price is below), 100 steps at most; None where it
    gives up: the price it reached is off by more than price/100, or the
    yield is not finite (its getYield's RETURN_FINITE): #VALUE! both."""
    def same(a, b):  # rtl::math::approxEqual
        return a == b or abs(a - b) <= abs(a) * 2.0 ** -48

    def at(y):  # C's pow: nan for a negative base to a fraction, inf for 0 to a negative power
        try:
            v = price_at(y)
        except ZeroDivisionError:
            return math.inf
        return math.nan if isinstance(v, complex) else v

    y1, y2 = 0.0, 1.0
    p1, p2 = at(y1), at(y2)
    yn, pn = (y2 - y1) * 0.5, 0.0
    for _ in range(100):
        if same(pn, price):
            break
        pn = at(yn)
        if same(price, p1):
            return y1
        if same(price, p2):
            return y2
        if same(price, pn):
            return yn
        if price < p2:
            y2 *= 2.0
            p2 = at(y2)
            yn = (y2 - y1) * 0.5
        else:
            if price < pn:
                y1, p1 = yn, pn
            else:
                y2, p2 = yn, pn
            yn = y2 - (y2 - y1) * ((price - p2) / (p1 - p2))
    return None if abs(price - pn) > price / 100.0 or not math.isfinite(yn) else yn


def _lo_yield_gives_up(node, operands, sg, lo) -> bool:
    """YIELD that sheetgd computes and LibreOffice refuses (#VALUE!) because
    its search (:func:`libreoffice_yield_search`) on its price finds no
    yield: a yield below 0 (a price above what the bond pays back) is
    outside where it looks."""
    if not (node.name == "YIELD" and isinstance(sg, float) and isinstance(lo, XLError)
            and lo.kind == "#VALUE!"):
        return False
    try:
        found = _lo_securities("YIELD", list(operands))
        if found is None or not isinstance(found[1], tuple):
            return False
        _, price_at, asked = found[1]
        return libreoffice_yield_search(price_at, asked) is None
    except (ZeroDivisionError, OverflowError, ValueError, TypeError):
        return False


def _close(a, b, rel=1e-9):
    return abs(a - b) <= rel * max(1.0, abs(b))


def classify(node, operands, sg, lo):
    """The category of :data:`CATEGORIES` behind a disagreement at ``node``,
    or None: the category whose LibreOffice rule, recomputed here from the
    call's operands, reproduces LibreOffice's value (for YIELD: LibreOffice's
    yield gives the price by LibreOffice's PRICE)."""
    from sheetgd.engine.nodes import Call

    if isinstance(node, Call) and _odd_last_rate_zero(node, operands, sg, lo):
        return "odd-last-period"
    if isinstance(node, Call) and _lo_yield_gives_up(node, operands, sg, lo):
        return "bond-price-days"
    if isinstance(node, Call) and _lo_tbill_refused(node, operands, sg, lo):
        return "tbill-days"
    if not isinstance(node, Call) or not isinstance(lo, float):
        return None
    if node.name in ("TBILLEQ", "TBILLPRICE", "TBILLYIELD"):
        redone = _lo_tbill(node.name, list(operands))
        return "tbill-days" if redone is not None and _close(redone, lo) else None
    try:
        found = _lo_securities(node.name, list(operands))
    except (ZeroDivisionError, OverflowError, ValueError, TypeError):
        return None
    if found is None:
        return None
    category, value = found
    if isinstance(value, tuple):  # YIELD: LibreOffice's price at its yield is the price asked
        _, price_at, asked = value
        try:
            return category if _close(price_at(lo), asked, 1e-9) else None
        except (ZeroDivisionError, OverflowError, ValueError):
            return None
    return category if _close(value, lo) else None
