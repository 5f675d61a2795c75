"""Fuzz generators of the financial functions (sheetgd/engine/functions/
finance.py, cashflows.py, depreciation.py); see tests/fuzz_families/__init__.py.

Arguments are mostly drawn from the values these functions are used with
(rates of a few percent, periods, payments of the other sign than the
loan), sometimes any number expression.  The root finders (RATE, IRR,
XIRR) get cash flows with one change of sign, whose rate is unique: where
several rates solve the equation, which one an engine's iteration finds is
its own (Excel documents only its guess and iteration limits)."""

from __future__ import annotations

import math

#: Functions the fuzzer leaves out, and why: none.
EXCLUDED: dict = {}

#: The financial functions' argument checks (their errors' messages start with
#: the function's name): LibreOffice saves its Err:502 as #VALUE! where Excel
#: gives #NUM! or #DIV/0! (the invalid-argument category of tests/fuzz_explain.py).
NAMES = ("PV", "FV", "PMT", "NPER", "RATE", "IPMT", "PPMT", "CUMIPMT", "CUMPRINC", "ISPMT",
         "EFFECT", "NOMINAL", "FVSCHEDULE", "PDURATION", "RRI", "DOLLARDE", "DOLLARFR", "NPV",
         "IRR", "XNPV", "XIRR", "MIRR", "SLN", "SYD", "DB", "DDB", "VDB", "AMORLINC", "AMORDEGRC")
INVALID_ARGUMENT = {(name, f"{name}: ") for name in NAMES}


def table(g) -> dict:
    rng = g.rng

    def pick(d, *choices):
        """One of ``choices``, or one in five times any number expression."""
        return g.num(d - 1) if rng.random() < 0.2 else rng.choice(choices)

    def rate(d):  # above -1 (a rate of -1 or less: LibreOffice answers #NUM! where Excel computes)
        if rng.random() < 0.2:
            return f"ABS({g.num(d - 1)})/100"
        return rng.choice(["0.05", "0.1", "0.08/12", "0", "-0.02", "0.5", "5%", "0.01"])

    def nper(d):
        return pick(d, "10", "12", "360", "0", "5.5", "-3", "48", "1")

    def money(d):
        return pick(d, "-100", "-1000", "0", "250", "1000", "-5000", "100000", "-2.5")

    def tail(d, *options):
        """Optional trailing arguments (each drawn from its choices), left out
        from some point on."""
        args = []
        for choices in options:
            if rng.random() < 0.5:
                break
            args.append(pick(d, *choices) if choices else "")
        return "".join("," + a for a in args)

    fv_type = (("0", "500", "-2000", ""), ("0", "1", "2", ""))

    def tvm(name, first, second, third):
        return lambda d: f"{name}({first(d)},{second(d)},{third(d)}{tail(d, *fv_type)})"

    def small_rate(d):
        """A rate of at most 10%: with more over many periods, the interest
        part of a payment is nearly all of it, and PPMT (PMT-IPMT) keeps few
        digits -- in every engine, each its own."""
        return rng.choice(["0.05", "0.1", "0.08/12", "0", "-0.02", "5%", "0.01"])

    def per_fn(name):
        def make(d):
            n = rng.randint(1, 60)
            per = pick(d, "1", str(n), str(rng.randint(1, n)), "0", str(n + 1), "2.5")
            return f"{name}({small_rate(d)},{per},{n},{money(d)}{tail(d, *fv_type)})"
        return make

    def rate_fn(d):
        """Payments that pay the loan back with interest: one rate, above 0,
        that Newton's method from the guess finds (Excel's RATE iterates from
        it, at most 20 times; LibreOffice's finds rates that this does not,
        paid at the start of the periods at high rates)."""
        n = rng.randint(3, 60)
        pv = rng.choice([1000, 8000, 500, 20000])
        pmt = -round(pv / n * rng.uniform(1.01, 1.8), 2)
        args = [str(n), str(pmt), str(pv)]
        if rng.random() < 0.4:
            args += ["0", "0"]
            if rng.random() < 0.5:
                args.append(rng.choice(["0.1", "0.05", "0.2"]))
        return f"RATE({','.join(args)})"

    def cumulative(name):
        def make(d):
            # (over hundreds of periods LibreOffice's sums lose digits: 1E-8 of them)
            n = rng.randint(1, 60)
            start = rng.randint(1, n)
            end = rng.choice([rng.randint(start, n), start, n + 1, start - 1])
            return (f"{name}({small_rate(d)},{n},"
                    f"{pick(d, '125000', '1000', '-1000', '0')},{start},{end},{pick(d, '0', '1', '2')})")
        return make

    def flows(n=None):
        """An investment and what it brings back: between half and three times
        as much (a rate not far below 0, or above it)."""
        n = n or rng.randint(2, 6)
        first = rng.choice([100, 1000, 70000, 500])
        back = first * rng.uniform(0.5, 3) / (n - 1)
        later = [str(round(back * rng.uniform(0, 2), rng.choice([0, 2]))) for _ in range(n - 1)]
        return [str(-first)] + later

    def dates(n):
        day = rng.randint(36000, 45000)
        out = [day]
        for _ in range(n - 1):
            day += rng.randint(0, 400)
            out.append(day)
        return [str(x) for x in out]

    def numbers():
        """An array constant of numbers (LibreOffice's NPV and FVSCHEDULE
        refuse text in one; Excel skips it, or refuses it too)."""
        items = [str(rng.choice([0.1, -0.05, 0, 2.5, 10, 0.03])) for _ in range(rng.randint(1, 4))]
        return "{" + ",".join(items) + "}"

    def npv(d):
        # one row or column: LibreOffice reads a block column by column, Excel row by row
        args = [rate(d)] + rng.choice([[g.range_(one_dim=True)], [g.range_("ABCDEF", one_dim=True)],
                                       flows(), [g.num(d - 1), numbers()]])
        return f"NPV({','.join(args)})"

    def irr(d):
        # more back than invested, one change of sign: one rate, above 0 (from a
        # guess far from it, LibreOffice's iteration may end at a root below -1)
        values = flows()
        values[-1] = str(abs(float(values[0])) + 1)
        guess = rng.choice(["", ",0.1", ",0.05"])
        return f"IRR({{{','.join(values)}}}{guess})"

    def xflows(name):
        def make(d):
            n = rng.randint(2, 5)
            values = flows(n)
            if name == "XIRR":
                values[-1] = str(abs(float(values[0])) // (n - 1) + 1)
            days = dates(n)  # ascending: LibreOffice computes with a date before the first
            if name == "XIRR":
                # at least half the investment back a year or more after it: a rate
                # above -50% (seed 6: half of it back within 15 days is a rate of
                # -0.99999991, which Newton's method from the guess finds or not,
                # each engine its own way; LibreOffice's #VALUE!)
                values[-1] = str(max(float(values[-1]), abs(float(values[0])) // 2 + 1))
                days[-1] = str(max(int(days[-1]), int(days[0]) + 365))
            first = f"{rate(d)}," if name == "XNPV" else ""
            extra = rng.choice(["", ",0.1", ",0.3"]) if name == "XIRR" else ""
            return f"{name}({first}{{{','.join(values)}}},{{{','.join(days)}}}{extra})"
        return make

    def mirr(d):
        values = rng.choice([f"{{{','.join(flows())}}}", g.range_(one_dim=True)])
        rates = ("0.1", "0.12", "0", "0.05", "-0.02", "8%")
        return f"MIRR({values},{rng.choice(rates)},{rng.choice(rates)})"

    # Depreciation: the asset's numbers drawn together, mostly valid (where
    # Excel gives #NUM!, LibreOffice sometimes computes: SYD with a period
    # after the life, DB of the years after it, a salvage above the cost).
    def asset(d):
        cost = rng.choice([2400, 30000, 1000000, 10000, 100])
        salvage = rng.choice([0, cost // 10, cost // 4, cost // 8])
        life = rng.choice([10, 6, 5, 120, 3])
        return cost, salvage, life

    def syd(d):
        cost, salvage, life = asset(d)
        per = rng.choice([1, life, rng.randint(1, life), 1.5])
        return f"SYD({cost},{salvage},{life},{per})"

    def db(d):
        cost, salvage, life = asset(d)
        if rng.random() < 0.1:  # #NUM! (LibreOffice: #VALUE!)
            cost, salvage = rng.choice([(-100, 10), (100, -10)])
        month = rng.choice([12, 7, 1, 6, 0, 13, 12.5])
        last = life + (1 if month < 12 else 0)
        period = rng.choice([1, last, rng.randint(1, last), 1.5, 0])
        return f"DB({cost},{salvage},{life},{period}" + ("" if month == 12 and rng.random() < 0.5
                                                         else f",{month}") + ")"

    def ddb(d):
        cost, salvage, life = asset(d)
        period = rng.choice([1, life, rng.randint(1, life), 1.5, 0, life + 1])
        factor = rng.choice(["", ",2", ",1.5", ",3", ",0"])
        return f"DDB({cost},{salvage},{life},{period}{factor})"

    def vdb(d):
        cost, salvage, life = asset(d)
        start = rng.choice([0, 1, 2.5, 0.5, rng.randint(0, life)])
        end = rng.choice([life, start, min(life, start + 1), min(life, start + 2.25), life + 1])
        if end < start:
            start, end = end, start
        return (f"VDB({cost},{salvage},{life},{start},{end}"
                f"{tail(d, ('2', '1.5', '3', '0'), ('FALSE', 'TRUE'))})")

    def unary_pair(name, first, second):
        return lambda d: f"{name}({first(d)},{second(d)})"

    def positive(d):  # not 0: EFFECT(0,4) is #NUM! in Excel, 0 in LibreOffice
        return rng.choice(["0.0525", "0.1", "2", "-0.05", "1000", "0.25"])

    def periods_per_year(d):
        return pick(d, "4", "12", "1", "0", "2.5", "365")

    def fraction(d):  # (LibreOffice refuses a fraction of 2^40, Excel's answer is unknown)
        return rng.choice(["16", "32", "8", "0", "-2", "2.9", "100", "1", "0.5", "1E+6"])

    def price(d):
        return pick(d, "1.02", "1.125", "-1.1", "0", "3.5", "12.15")

    def amortization(name):
        """French depreciation of an asset bought in 1990..2030, its first
        period ending up to a year later; one argument in ten or so outside
        the domain (a basis of 5, a rate of 0, a salvage above the cost, a
        negative period, the purchase after the first period's end)."""
        def make(d):
            def mostly(valid, invalid):
                return rng.choice(invalid) if rng.random() < 0.07 else rng.choice(valid)

            cost = mostly([2400, 150, 10000, 500, 1000000], [0, -100])
            bought = rng.randint(33000, 47000)
            end = bought + mostly([rng.randint(0, 365), rng.randint(1, 60)], [-10])
            if rng.random() < 0.2:
                end = f"EOMONTH({bought},{rng.randint(0, 11)})"
            salvage = mostly([0, cost // 8, cost // 10, cost // 2, cost], [cost + 1, -1])
            period = mostly([0, 1, 2, 3, rng.randint(0, 12), 1.5, 30], [-1])
            rate_ = mostly(["0.15", "0.2", "0.1", "0.3", "0.4", "0.22", "0.24", "0.05", "1",
                            "0.35"], ["0", "-0.1"])
            basis = mostly(["", ",0", ",1", ",3", ",4", ",2"], [",5", ",-1"])
            return f"{name}({cost},{bought},{end},{salvage},{period},{rate_}{basis})"
        return make

    return {
        "AMORLINC": ("num", amortization("AMORLINC")),
        "AMORDEGRC": ("num", amortization("AMORDEGRC")),
        "PV": ("num", tvm("PV", rate, nper, money)),
        "FV": ("num", tvm("FV", rate, nper, money)),
        "PMT": ("num", tvm("PMT", rate, nper, money)),
        # (a payment and a present value of 0: no periods in LibreOffice, #NUM! here)
        "NPER": ("num", tvm("NPER", rate, money, lambda d: rng.choice(["1000", "-5000", "100000"]))),
        "RATE": ("num", rate_fn),
        "IPMT": ("num", per_fn("IPMT")), "PPMT": ("num", per_fn("PPMT")),
        "CUMIPMT": ("num", cumulative("CUMIPMT")), "CUMPRINC": ("num", cumulative("CUMPRINC")),
        "ISPMT": ("num", lambda d: f"ISPMT({rate(d)},{rng.choice(['1', '0', '3', '12', '-1'])},"
                                   f"{rng.choice(['12', '36', '3', '2.5'])},{money(d)})"),
        "NPV": ("num", npv), "IRR": ("num", irr),
        "XNPV": ("num", xflows("XNPV")), "XIRR": ("num", xflows("XIRR")), "MIRR": ("num", mirr),
        "SLN": ("num", lambda d: f"SLN({money(d)},{money(d)},{pick(d, '10', '5', '0', '-2', '2.5')})"),
        "SYD": ("num", syd), "DB": ("num", db), "DDB": ("num", ddb), "VDB": ("num", vdb),
        "EFFECT": ("num", unary_pair("EFFECT", positive, periods_per_year)),
        "NOMINAL": ("num", unary_pair("NOMINAL", positive, periods_per_year)),
        "FVSCHEDULE": ("num", lambda d: f"FVSCHEDULE({money(d)},"
                                        f"{rng.choice([numbers(), g.range_(), positive(d)])})"),
        "PDURATION": ("num", lambda d: f"PDURATION({positive(d)},{money(d)},{money(d)})"),
        "RRI": ("num", lambda d: f"RRI({nper(d)},{money(d)},{money(d)})"),
        "DOLLARDE": ("num", unary_pair("DOLLARDE", price, fraction)),
        "DOLLARFR": ("num", unary_pair("DOLLARFR", price, fraction)),
    }


#: The financial family's own categories (docs/compatibility.md).
CATEGORIES = {
    "amortization": "AMORLINC, AMORDEGRC: LibreOffice's analysis add-in gives AMORDEGRC's "
                    "coefficient 1.5 to a life of 4 to 5 years (Excel's recorded results: 2), "
                    "rounds each amount from its binary value, makes a negative AMORLINC 0 and "
                    "refuses a cost of 0 (#VALUE!); recognised by recomputing its rule",
    "pv-in-advance": "PV with payments at the beginning of the periods (type not 0): "
                     "LibreOffice's ScGetPV adds pmt to pmt x (1 - (1+rate)^(1-nper))/rate, "
                     "which keeps the rounding of 1 - (1+rate) where the two cancel "
                     "(PV(0.08/12,0,100000,,1): -1.03E-09); sheetgd computes the page's "
                     "pmt x (1+rate x type) x (1 - (1+rate)^-nper)/rate: 0",
    "annuity-small-rate": "PV and FV where (1+rate)^nper is within 1E-8 of 1 (a rate or an "
                          "nper near 0): sheetgd computes (1+rate)^nper - 1 with expm1 and "
                          "log1p, as PMT does, and keeps the annuity's digits "
                          "(PV(1E-202,10,30) is -300, pmt x nper; PV(1E-12,10,30,100) "
                          "-399.99999999735; FV(0.1,1E-200,-2.5) 2.38E-200); LibreOffice 7.4 "
                          "computes it as written, where it cancels (0, -400.026670173702 and "
                          "0, measured); its PMT paid in advance there is #NUM! "
                          "(PMT(0.09,1E-200,0,-2000,1))",
    "nper-log-ratio": "NPER at a small rate: LibreOffice's ScGetNper takes the logarithm of "
                      "the ratio (pmt x (1+rate x type) - fv x rate)/(pv x rate + pmt x "
                      "(1+rate x type)), a number near 1 whose rounding to a double loses the "
                      "digits the rate adds (NPER(1E-12,1000,-5000): 5.00000041369186, "
                      "NPER(1E-16,1000,-5000): 4.44089209850063, NPER(1E-17,1000,-5000): 0); "
                      "sheetgd keeps them with log1p of the ratio less 1 (5.00000000001, "
                      "5.000000000000001 and 5, the limit -pv/pmt)",
}


def libreoffice_pv(rate: float, nper: float, pmt: float, fv: float, in_advance: bool) -> float:
    """LibreOffice 7.4's PV (its ScGetPV): fv discounted plus the annuity,
    pmt x (1 - (1+rate)^(1-nper))/rate + pmt when paid in advance, summed
    in doubles as written."""
    if rate == 0.0:
        return -(fv + pmt * nper)
    if in_advance:
        return -((fv * (1.0 + rate) ** -nper) + (pmt * (1.0 - (1.0 + rate) ** (-nper + 1.0)) / rate)
                 + pmt)
    return -((fv * (1.0 + rate) ** -nper) + (pmt * (1.0 - (1.0 + rate) ** -nper) / rate))


def libreoffice_fv(rate: float, nper: float, pmt: float, pv: float, in_advance: bool) -> float:
    """LibreOffice 7.4's FV at a rate not 0: -(pv q + pmt (1+rate x type)
    (q - 1)/rate) with q = (1+rate)^nper, in doubles as written (measured:
    FV(1E-12,10,30,100) -400.026670175702)."""
    q = (1.0 + rate) ** nper
    return -(pv * q + pmt * (1.0 + rate * (1.0 if in_advance else 0.0)) * (q - 1.0) / rate)


def _annuity_small_rate(name, operands, sg, lo) -> bool:
    """PV or FV where (1+rate)^nper is within 1E-8 of 1 (a rate or an nper
    near 0) whose LibreOffice value is the formula as written
    (:func:`libreoffice_pv`, :func:`libreoffice_fv`); numeric text read as
    its number, as both do."""
    from sheetgd.engine import EMPTY
    from sheetgd.engine.values import to_number

    args = [0.0 if v is EMPTY or v is None else to_number(v) if isinstance(v, str) else v
            for v in operands]
    args += [0.0] * (5 - len(args))
    if len(args) != 5 or not all(isinstance(v, float) and not isinstance(v, bool) for v in args) \
            or not isinstance(sg, float) or not isinstance(lo, float) or 0 in (args[0], args[1]) \
            or not args[0] > -1 or not abs(args[1] * math.log1p(args[0])) < 1e-8:
        return False
    rate, nper, pmt, other, when = args
    try:
        redone = (libreoffice_pv if name == "PV" else libreoffice_fv)(rate, nper, pmt, other,
                                                                      when != 0)
    except (ZeroDivisionError, OverflowError):
        return False
    return redone == lo or abs(redone - lo) <= 1e-12 * max(abs(lo), abs(pmt), abs(other))


def _pmt_in_advance_cancels(operands, sg, lo) -> bool:
    """PMT paid in advance (type not 0) where (1+rate)^nper is within 1E-8
    of 1: sheetgd's payment a number, LibreOffice's #NUM! (measured:
    PMT(0.09,1E-200,0,-2000,1) and PMT(0.09,1E-200,-2000,0,1) #NUM!, the
    same with type 0 2.08870749452982E+203, sheetgd's too)."""
    from sheetgd.engine import EMPTY, XLError
    from sheetgd.engine.values import to_number

    args = [0.0 if v is EMPTY or v is None else to_number(v) if isinstance(v, str) else v
            for v in operands]
    if len(args) != 5 or not all(isinstance(v, float) and not isinstance(v, bool) for v in args):
        return False
    rate, nper, _, _, when = args
    return (when != 0 and isinstance(sg, float) and math.isfinite(sg)
            and isinstance(lo, XLError) and lo.kind == "#NUM!" and rate > -1 and nper != 0
            and abs(nper * math.log1p(rate)) < 1e-8)


def _pv_in_advance(operands, sg, lo) -> bool:
    """PV paid in advance whose LibreOffice value is :func:`libreoffice_pv`'s
    and sheetgd's a rounding of the same sum away (relative 1E-11 of the
    payments and fv)."""
    from sheetgd.engine import EMPTY

    args = [0.0 if v is EMPTY or v is None else v for v in operands]
    if len(args) != 5 or not all(isinstance(v, float) and not isinstance(v, bool) for v in args) \
            or args[4] == 0 or not isinstance(sg, float) or not isinstance(lo, float):
        return False
    rate, nper, pmt, fv, _ = args
    try:
        redone = libreoffice_pv(rate, nper, pmt, fv, True)
    except (ZeroDivisionError, OverflowError):
        return False
    scale = abs(pmt) * max(1.0, abs(nper)) + abs(fv)
    return (redone == lo or abs(redone - lo) <= 1e-12 * abs(lo)) and abs(sg - lo) <= 1e-11 * scale


def libreoffice_nper(rate: float, pmt: float, pv: float, fv: float, in_advance: bool) -> float:
    """LibreOffice 7.4's NPER at a rate not 0 (its ScGetNper, as measured):
    log((pmt x (1+rate x type) - fv x rate)/(pv x rate + pmt x (1+rate x
    type)))/log1p(rate), in doubles as written."""
    paid = pmt * (1.0 + rate * (1.0 if in_advance else 0.0))
    return math.log((paid - fv * rate) / (pv * rate + paid)) / math.log1p(rate)


def _nper_log_ratio(operands, sg, lo) -> bool:
    """NPER whose LibreOffice value is :func:`libreoffice_nper`'s and
    sheetgd's within what rounding the ratio's two sums to doubles changes
    in it (a few units of 2^-53 of each sum's terms, divided by log1p(rate))."""
    from sheetgd.engine import EMPTY

    args = [0.0 if v is EMPTY or v is None else v for v in operands] + [0.0] * (5 - len(operands))
    if not 3 <= len(operands) <= 5 or not all(type(v) is float for v in args) \
            or type(sg) is not float or type(lo) is not float or args[0] == 0 or args[0] <= -1:
        return False
    rate, pmt, pv, fv, when = args
    try:
        redone = libreoffice_nper(rate, pmt, pv, fv, when != 0)
    except (ZeroDivisionError, OverflowError, ValueError):
        return False
    if not (redone == lo or abs(redone - lo) <= 1e-12 * abs(lo)):
        return False
    paid = pmt * (1.0 + rate * (1.0 if when != 0 else 0.0))
    num, den = paid - fv * rate, pv * rate + paid
    if num == 0 or den == 0:
        return False
    lost = 4 * 2.0 ** -53 * ((abs(paid) + abs(fv * rate)) / abs(num) + (abs(pv * rate) + abs(paid)) / abs(den))
    return abs(sg - lo) <= lost / abs(math.log1p(rate)) + 1e-12 * abs(sg)


def _lo_round(x: float) -> float:
    """rtl::math::round(x, 0): half away from zero, from the binary value."""
    return math.copysign(math.floor(abs(x) + 0.5), x)


def _lo_uint(x: float) -> int:
    """A C++ cast of a double to sal_uInt32 as x86-64 does it: truncated, a
    negative number wrapped modulo 2^32."""
    return math.trunc(x) % 2 ** 32


def libreoffice_amortization(name: str, cost, bought, first_end, salvage, period, rate, basis):
    """LibreOffice 7.4's AMORLINC or AMORDEGRC (scaddins analysishelper.cxx
    GetAmorlinc, GetAmordegrc, after getAmor*'s checks), or None where its
    checks refuse the arguments (#VALUE!)."""
    from .securities import _lo_year_frac

    if bought > first_end or rate <= 0 or salvage > cost or cost <= 0 or salvage < 0 or period < 0:
        return None
    fraction = _lo_year_frac(int(bought), int(first_end), basis)
    n = _lo_uint(period)
    if name == "AMORLINC":
        one, first = cost * rate, fraction * rate * cost
        full = _lo_uint((cost - salvage - first) / one)
        result = first if n == 0 else one if n <= full else (
            cost - salvage - one * full - first if n == full + 1 else 0.0)
        return result if result > 0 else 0.0
    life = 1 / rate
    rate *= 1.0 if life < 3 else 1.5 if life < 5 else 2.0 if life <= 6 else 2.5
    amount = _lo_round(fraction * rate * cost)
    cost -= amount
    rest = cost - salvage
    for k in range(n):
        amount = _lo_round(rate * cost)
        rest -= amount
        if rest < 0:
            return _lo_round(cost * 0.5) if n - k <= 1 else 0.0
        cost -= amount
    return amount


def classify(node, operands, sg, lo):
    """``annuity-small-rate`` (:func:`_annuity_small_rate`), ``pv-in-advance``
    (:func:`_pv_in_advance`), ``nper-log-ratio``
    (:func:`_nper_log_ratio`), or ``amortization``:
    AMORLINC or AMORDEGRC whose LibreOffice value
    (:func:`libreoffice_amortization`) is LibreOffice's answer -- its number,
    or #VALUE! for a cost of 0 that sheetgd computes."""
    from sheetgd.engine import XLError
    from sheetgd.engine.nodes import Call

    if isinstance(node, Call) and node.name in ("PV", "FV") \
            and _annuity_small_rate(node.name, operands, sg, lo):
        return "annuity-small-rate"
    if isinstance(node, Call) and node.name == "PMT" and _pmt_in_advance_cancels(operands, sg, lo):
        return "annuity-small-rate"
    if isinstance(node, Call) and node.name == "PV" and _pv_in_advance(operands, sg, lo):
        return "pv-in-advance"
    if isinstance(node, Call) and node.name == "NPER" and _nper_log_ratio(operands, sg, lo):
        return "nper-log-ratio"
    if not (isinstance(node, Call) and node.name in ("AMORLINC", "AMORDEGRC")
            and len(operands) in (6, 7) and all(isinstance(v, float) for v in operands)):
        return None
    args = list(operands) + [0.0] * (7 - len(operands))
    basis = int(args[6])
    if basis not in (0, 1, 2, 3, 4) or not 0 < args[1] < 2958466 or not 0 < args[2] < 2958466:
        return None
    try:
        value = libreoffice_amortization(node.name, *args[:6], basis)
    except (ZeroDivisionError, OverflowError, ValueError):
        return None
    if value is None:
        refused = isinstance(lo, XLError) and lo.kind == "#VALUE!" and isinstance(sg, float)
        return "amortization" if refused and args[0] <= 0 else None
    if isinstance(lo, float) and abs(value - lo) <= 1e-9 * max(1.0, abs(lo)):
        return "amortization"
    return None
