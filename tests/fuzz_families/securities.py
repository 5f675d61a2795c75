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
