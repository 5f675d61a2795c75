"""Fuzz generators of the securities functions (sheetgd/engine/functions/
securities.py, discounts.py); see tests/fuzz_families/__init__.py.

Dates are drawn as serials of 1990..2060, often on month ends, 29 February
and the 30th/31st, where the day-count bases differ; frequencies and bases
mostly valid, sometimes not (#NUM!: LibreOffice's Err:502, saved as
#VALUE!); rates, yields and prices of the sizes bonds have."""

from __future__ import annotations

#: Functions the fuzzer leaves out, and why: none.
EXCLUDED: dict = {}

NAMES = ("COUPDAYBS", "COUPDAYS", "COUPDAYSNC", "COUPNCD", "COUPNUM", "COUPPCD", "PRICE", "YIELD",
         "DURATION", "MDURATION", "ACCRINT", "ACCRINTM", "DISC", "INTRATE", "RECEIVED", "PRICEDISC",
         "PRICEMAT", "YIELDDISC", "YIELDMAT", "TBILLPRICE", "TBILLYIELD", "TBILLEQ")
#: Their argument checks (messages start with the name): #NUM! in Excel, #VALUE! in LibreOffice.
INVALID_ARGUMENT = {(name, f"{name}: ") for name in NAMES}

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

    out = {name: ("num", coupon_fn(name)) for name in NAMES[:6]}
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
}


def _lo_days360(ymd1, ymd2) -> int:
    """LibreOffice's US 30/360 day count (its analysis add-in's
    GetDiffDate360 with the US method): a first date on the 31st or the
    last day of February is the 30th; a second date on the 31st is the 30th
    when the first is the 30th, else the 1st of the next month."""
    import calendar as _calendar

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


def _lo_tbill(name, operands):
    """LibreOffice's value of a Treasury-bill function, or None."""
    from datetime import date, timedelta

    if len(operands) != 3 or not all(isinstance(v, float) for v in operands):
        return None
    s, m, x = operands
    if not 0 < s < 2958466 or not 0 < m < 2958465:
        return None
    base = date(1899, 12, 30)
    ymd = lambda serial: (lambda d: (d.year, d.month, d.day))(base + timedelta(days=int(serial)))  # noqa: E731
    try:
        if name == "TBILLEQ":
            return 365 * x / (360 - x * _lo_days360(ymd(s), ymd(m + 1)))
        if name == "TBILLPRICE":
            return 100 * (1 - x * _lo_days360(ymd(s), ymd(m + 1)) / 360)
        return (100 / x - 1) * 360 / (_lo_days360(ymd(s), ymd(m)) + 1)
    except ZeroDivisionError:
        return None


def classify(node, operands, sg, lo):
    """The category of :data:`CATEGORIES` behind a disagreement at ``node``,
    or None: "tbill-days" when LibreOffice's own day count reproduces its
    value."""
    from sheetgd.engine.nodes import Call

    if not isinstance(node, Call) or node.name not in ("TBILLEQ", "TBILLPRICE", "TBILLYIELD"):
        return None
    if not isinstance(lo, float):
        return None
    redone = _lo_tbill(node.name, list(operands))
    if redone is not None and abs(redone - lo) <= 1e-9 * max(1.0, abs(lo)):
        return "tbill-days"
    return None
