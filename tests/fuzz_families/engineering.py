"""Fuzz generators of the engineering functions (sheetgd/engine/functions/
engineering.py, complex_numbers.py); see tests/fuzz_families/__init__.py."""

from __future__ import annotations

#: Functions the fuzzer leaves out, and why.
EXCLUDED = {
    name: "LibreOffice (7.x) does not read the _xlfn. prefix Excel writes before it in an "
          ".xlsx file (#NAME?)"
    for name in ("IMCOSH", "IMCOT", "IMCSC", "IMCSCH", "IMSEC", "IMSECH", "IMSINH", "IMTAN")
}

#: The engineering functions' argument checks (errors whose message starts with
#: the function's name): LibreOffice saves its Err:502 as #VALUE! where Excel
#: gives #NUM! (the invalid-argument category of tests/fuzz_explain.py).
NAMES = ("BIN2DEC", "BIN2OCT", "BIN2HEX", "OCT2BIN", "OCT2DEC", "OCT2HEX", "HEX2BIN", "HEX2DEC",
         "HEX2OCT", "DEC2BIN", "DEC2OCT", "DEC2HEX", "BITAND", "BITOR", "BITXOR", "BITLSHIFT",
         "BITRSHIFT", "BESSELI", "BESSELJ", "BESSELK", "BESSELY", "COMPLEX", "IMREAL",
         "IMAGINARY", "IMABS", "IMARGUMENT", "IMCONJUGATE", "IMSUM", "IMSUB", "IMPRODUCT", "IMDIV",
         "IMPOWER", "IMSQRT", "IMEXP", "IMLN", "IMLOG10", "IMLOG2", "IMSIN", "IMCOS", "CONVERT")
INVALID_ARGUMENT = {(name, f"{name}: ") for name in NAMES}

#: (function, argument index) of the numbers the Analysis ToolPak functions
#: take as single values and read after refusing a logical value
#: (engineering.number_arg): where LibreOffice converts text and floors.
NUMBERS_READ = {("CONVERT", 0), ("ERF", 0), ("ERF", 1), ("ERFC", 0), ("DELTA", 0), ("DELTA", 1),
                ("GESTEP", 0), ("GESTEP", 1), ("IMPOWER", 1), ("COMPLEX", 0), ("COMPLEX", 1),
                *{(f"DEC2{base}", i) for base in ("BIN", "OCT", "HEX") for i in (0, 1)},
                *{(f"{a}2{b}", 1) for a in ("BIN", "OCT", "HEX", "DEC") for b in ("BIN", "OCT", "HEX")
                  if a != b},
                *{(f"BESSEL{k}", i) for k in "IJKY" for i in (0, 1)}}

CATEGORIES = {
    "complex-rounding": "a complex result whose exact part is 0 or tiny (IMPOWER(\"1-i\",2) is -2i): "
                        "both compute it through the polar form and show the rounding left in that "
                        "part, each its own (1.22464679914735E-16-2i, -3.21624529935327e-16-2i); "
                        "or whose imaginary part is 1 or -1 in one and a last bit away in the other, "
                        "which LibreOffice writes as the digit 1 (IMPOWER(\"3+4i\",0.5): sheetgd's "
                        "exact 2+i, LibreOffice's 1.0000000000000002 as 2+1i)",
    "addin-array-option": "an optional argument of an Analysis ToolPak function that "
                          "LibreOffice's add-in declares as any value (ERF's upper_limit, "
                          "GESTEP's step, DELTA's number2, the places of DEC2BIN ... HEX2OCT, "
                          "COMPLEX's suffix) given an array: LibreOffice #VALUE!, even for one "
                          "value ({4}), a range of several cells, or an array made from an array "
                          "constant (TYPE({3,2,10}), ABS({5}), 4+{0}); Excel reads the one value "
                          "(TYPE({3,2,10}) is 64, ERF(0.1,TYPE({3,2,10})) 0.8875)",
}

#: (function, argument index) of the optional arguments LibreOffice's
#: Analysis add-in declares as any value (measured with LibreOffice 7.4:
#: ERF(0.1,{64}), GESTEP(1,{0}), DELTA(1,{1}), DEC2BIN(5,{4}), BIN2HEX("1",{4}),
#: COMPLEX(1,1,{"i"}) are #VALUE!; ERF({1}), BESSELJ(1,{1}) and
#: CONVERT(1,"m",{"km"}) read the value).
ARRAY_REFUSED = {("ERF", 1), ("GESTEP", 1), ("DELTA", 1), ("COMPLEX", 2),
                 *{(f"{a}2{b}", 1) for a in ("BIN", "OCT", "HEX", "DEC") for b in ("BIN", "OCT", "HEX")
                   if a != b}}

_DIGITS = {"BIN": "01", "OCT": "01234567", "HEX": "0123456789ABCDEF"}

#: CONVERT's units by group, those LibreOffice sizes as Excel does (its masses
#: but the gram, its pressures but the pascal, pound force, calories, BTU,
#: horsepower, the ell and the light-year use older constants: 1 lbm is
#: 453.5923097 g there, 453.59237 g in Excel), with prefixed ones.
_UNITS = [
    ["m", "mi", "Nmi", "in", "ft", "yd", "ang", "Pica", "pica", "survey_mi", "km", "cm", "mm", "um"],
    ["yr", "day", "d", "hr", "mn", "min", "sec", "s", "ms", "ns"],
    ["C", "cel", "F", "fah", "K", "kel", "Rank", "Reau", "mK"],
    ["l", "L", "lt", "tsp", "tbs", "oz", "cup", "pt", "us_pt", "uk_pt", "qt", "gal", "uk_gal",
     "m3", "in3", "ft3", "yd3", "ml", "cm3"],
    ["m2", "in2", "ft2", "yd2", "mi2", "ha", "km2"],
    ["m/s", "m/h", "mph", "kn"],
    ["bit", "byte", "kbyte", "Mibyte", "Gbit"],
    ["J", "e", "Wh", "kJ", "kWh"], ["W", "w", "kW", "MW"], ["N", "dyn", "kN"], ["T", "ga", "mT"],
]


def table(g) -> dict:
    rng = g.rng

    def pick(d, *choices):
        return g.num(d - 1) if rng.random() < 0.2 else rng.choice(choices)

    def number(d):
        """A number expression made a number by +0 (text such as "TRUE" in a
        cell is then refused or converted by the + operator, where the
        fuzzer knows LibreOffice's way)."""
        return f"({g.num(d - 1)})+0"

    def places(d):
        return rng.choice(["", "", ",4", ",10", ",1", ",0", ",-1", ",11", ",2.5"])

    def digits(base):
        """A number written in ``base``: short, 10 digits (negative), too long,
        or with a foreign character."""
        chars = _DIGITS[base]
        roll = rng.random()
        if roll < 0.5:
            text = "".join(rng.choice(chars) for _ in range(rng.randint(1, 6))).lstrip("0") or "0"
        elif roll < 0.75:
            text = chars[-1] + "".join(rng.choice(chars) for _ in range(9))
        elif roll < 0.85:
            text = "1" + "0" * 10
        else:
            text = rng.choice(["12", "8", "G", "1.5", "-1", "a"])
        if base != "HEX" and text.isdigit() and rng.random() < 0.5:
            return text.lstrip("0") or "0"  # a number, read as its digits
        return f'"{text}"'

    def from_base(name, source):
        return lambda d: f"{name}({digits(source)})"

    def between(name, source):
        return lambda d: f"{name}({digits(source)}{places(d)})"

    def decimal_to(name):
        def make(d):
            number = pick(d, "9", "-100", "0", "511", "-512", "512", "100", "28.9", "-54",
                          "536870911", "549755813888", "64")
            return f"{name}({number}{places(d)})"
        return make

    def bits(d):
        return rng.choice(["1", "5", "13", "25", "0", "23", "10", "2^47", "-1", "2^48", "255"])

    def shift(name):
        def make(d):
            number = rng.choice(["4", "13", "1", "0", "255", "-1"])
            # (beyond 53 bits or 2^48: Excel's #NUM!, LibreOffice computes)
            amount = rng.choice(["2", "-2", "0", "10", "-10", "3.7", "-40"])
            return f"{name}({number},{amount})"
        return make

    def bessel(name):
        def make(d):
            x = rng.choice(["1.5", "1.9", "2.5", "0.1", "5", "10", "0", "-1"])
            n = rng.choice(["0", "1", "2", "3", "1.9", "-1"])
            return f"{name}({x},{n})"
        return make

    def complex_text(d, unit="i", negative=True):
        """A complex number (with the suffix ``unit``: LibreOffice accepts i and
        j mixed, Excel refuses them); ``negative``: negative real numbers too
        (whose square root Excel writes from the polar form, 6.12E-17+i,
        LibreOffice as i)."""
        roll = rng.random()
        if roll < 0.7:
            items = ["3+4@", "1-@", "@", "-2.5@", "0", "5+12@", "1E-3+2@", "4+3@", "0.5@", "2-3@"]
            return '"' + rng.choice(items + (["-1"] if negative else [])).replace("@", unit) + '"'
        if roll < 0.85:
            return rng.choice(["2", "0", "1.5"] + (["-4"] if negative else []))
        return rng.choice(['"x"', '"3+4k"', '"i3"', g.cell()])

    def im(name, negative=True):
        return lambda d: f"{name}({complex_text(d, rng.choice('ij'), negative)})"

    def im2(name):
        def make(d):
            unit = rng.choice("ij")
            return f"{name}({complex_text(d, unit)},{complex_text(d, unit)})"
        return make

    def im_many(name):
        def make(d):
            unit = rng.choice("ij")
            return f"{name}({','.join(complex_text(d, unit) for _ in range(rng.randint(1, 3)))})"
        return make

    def complex_(d):
        suffix = rng.choice(["", "", ',"i"', ',"j"', ',"k"'])
        return f"COMPLEX({pick(d, '3', '0', '-1', '2.5', '1')},{pick(d, '4', '0', '1', '-1', '0.5')}{suffix})"

    def convert(d):
        group = rng.choice(_UNITS)
        source, target = rng.choice(group), rng.choice(group)
        if rng.random() < 0.1:  # units of another group, or none: #N/A (LibreOffice #VALUE!)
            target = rng.choice(rng.choice(_UNITS) + ["xyz", "M", "kft"])
        number = rng.choice([g.num(d - 1), "1", "100", "-40", "0", "2.5"])
        return f'CONVERT({number},"{source}","{target}")'

    table = {"CONVERT": ("num", convert)}
    for source in _DIGITS:
        table[f"{source}2DEC"] = ("num", from_base(f"{source}2DEC", source))
        table[f"DEC2{source}"] = ("text", decimal_to(f"DEC2{source}"))
        for target in _DIGITS:
            if target != source:
                name = f"{source}2{target}"
                table[name] = ("text", between(name, source))
    table.update({
        "BITAND": ("num", lambda d: f"BITAND({bits(d)},{bits(d)})"),
        "BITOR": ("num", lambda d: f"BITOR({bits(d)},{bits(d)})"),
        "BITXOR": ("num", lambda d: f"BITXOR({bits(d)},{bits(d)})"),
        "BITLSHIFT": ("num", shift("BITLSHIFT")), "BITRSHIFT": ("num", shift("BITRSHIFT")),
        "DELTA": ("num", lambda d: f"DELTA({number(d)}{rng.choice(['', ',' + number(d)])})"),
        "GESTEP": ("num", lambda d: f"GESTEP({number(d)}{rng.choice(['', ',' + number(d)])})"),
        "ERF": ("num", lambda d: f"ERF({number(d)}{rng.choice(['', ',' + number(d)])})"),
        "ERF.PRECISE": ("num", lambda d: f"ERF.PRECISE({number(d)})"),
        "ERFC": ("num", lambda d: f"ERFC({number(d)})"),
        "ERFC.PRECISE": ("num", lambda d: f"ERFC.PRECISE({number(d)})"),
        "BESSELI": ("num", bessel("BESSELI")), "BESSELJ": ("num", bessel("BESSELJ")),
        "BESSELK": ("num", bessel("BESSELK")), "BESSELY": ("num", bessel("BESSELY")),
        "COMPLEX": ("text", complex_),
        "IMREAL": ("num", im("IMREAL")), "IMAGINARY": ("num", im("IMAGINARY")),
        "IMABS": ("num", im("IMABS")), "IMARGUMENT": ("num", im("IMARGUMENT")),
        "IMCONJUGATE": ("text", im("IMCONJUGATE")), "IMSQRT": ("text", im("IMSQRT", negative=False)),
        "IMEXP": ("text", im("IMEXP")), "IMLN": ("text", im("IMLN")),
        "IMLOG10": ("text", im("IMLOG10")), "IMLOG2": ("text", im("IMLOG2")),
        "IMSIN": ("text", im("IMSIN")), "IMCOS": ("text", im("IMCOS")),
        "IMDIV": ("text", im2("IMDIV")), "IMSUB": ("text", im2("IMSUB")),
        "IMSUM": ("text", im_many("IMSUM")), "IMPRODUCT": ("text", im_many("IMPRODUCT")),
        "IMPOWER": ("text", lambda d: f"IMPOWER({complex_text(d)},"
                                      f"{rng.choice(['2', '3', '0.5', '-1', '0', '1.5'])})"),
    })
    return table


def classify(node, operands, sg, lo):
    """``addin-array-option`` (:func:`_array_option`), or
    ``complex-rounding``: an IM function whose two texts are complex
    numbers apart by no more than 1E-14 of their size (rounding in the polar
    form, 2^-46: a few units of the last bit of cos and sin)."""
    from sheetgd.engine.nodes import Call
    from sheetgd.engine.functions.complex_numbers import _split

    if _array_option(node, sg, lo):
        return "addin-array-option"
    if not (isinstance(node, Call) and node.name.startswith("IM") and isinstance(sg, str)
            and isinstance(lo, str) and sg and lo):
        return None
    try:
        a, b = (complex(*_split(t)[:2]) if _split(t)[0] is not None else None for t in (sg, lo))
    except ValueError:
        return None
    if a is None or b is None:
        return None
    if a == b:  # one number, spelled two ways: LibreOffice's coefficient 1 of a part not exactly 1
        return "complex-rounding" if lo == _with_unit_coefficient(sg) else None
    return "complex-rounding" if abs(a - b) <= 1e-14 * max(abs(a), abs(b)) else None


def _with_unit_coefficient(text: str):
    """A complex number's text with an imaginary part of 1 or -1 written with
    its digit ("2+i" as "2+1i", "-j" as "-1j"), as LibreOffice's
    Complex::GetString writes a part that is not exactly 1 (it omits the
    digit only for 1.0 and -1.0) but shows as 1 in 15 digits; None for other
    texts."""
    from sheetgd.engine.functions.complex_numbers import _split

    real, imag, unit = _split(text)
    if unit is None or imag not in (1.0, -1.0) or not text.endswith(("+" + unit, "-" + unit)) \
            and text not in (unit, "-" + unit):
        return None
    return text[:-1] + "1" + unit


def _array_option(node, sg, lo) -> bool:
    """LibreOffice's #VALUE! where sheetgd computes, at a call whose argument
    of :data:`ARRAY_REFUSED` is an array in LibreOffice (:func:`_array_in_libreoffice`)."""
    from sheetgd.engine import XLError
    from sheetgd.engine.nodes import Call

    if not (isinstance(node, Call) and isinstance(lo, XLError) and lo.kind == "#VALUE!"
            and not (isinstance(sg, XLError) and sg.kind == "#VALUE!")):
        return False
    return any((node.name, i) in ARRAY_REFUSED and _array_in_libreoffice(arg, direct=True)
               for i, arg in enumerate(node.args))


#: Functions LibreOffice applies to each value of an array constant or a
#: range in an add-in's any-value argument (measured: TYPE(data!A1:A2),
#: N({5}), T({"a"})+5, ROW(data!A1:A2) there are #VALUE!).
_SPREAD = {"TYPE": True, "N": False, "T": False, "ROW": True, "COLUMN": True}


def _array_in_libreoffice(node, direct: bool) -> bool:
    """Whether LibreOffice's value of ``node`` is an array: an array
    constant, reached through operators and single-value arguments
    (ABS({5}), 4+{0}); or a range of several cells given ``direct`` (as the
    argument itself or to TYPE, ROW, COLUMN: ISNUMBER(data!A1:A2) is
    intersected to one value)."""
    from sheetgd.engine.nodes import ArrayLit, Binary, Call, Paren, Percent, RefNode, Unary

    if isinstance(node, ArrayLit):
        return True
    if isinstance(node, RefNode) or isinstance(node, Binary) and node.op == ":":
        return direct and _several_cells(node)
    if isinstance(node, Paren):
        return _array_in_libreoffice(node.inner, direct)
    if isinstance(node, (Unary, Percent)):
        return _array_in_libreoffice(node.operand, False)
    if isinstance(node, Binary):
        return _array_in_libreoffice(node.left, False) or _array_in_libreoffice(node.right, False)
    if isinstance(node, Call):
        return any(_array_in_libreoffice(arg, _SPREAD.get(node.name, False))
                   for arg in _spread_arguments(node))
    return False


def _spread_arguments(call) -> list:
    """The arguments of ``call`` whose array LibreOffice spreads over the
    result: those of :data:`_SPREAD` and those sheetgd reads as single values
    (not IF's branches nor a range-taking argument such as SUM's)."""
    from sheetgd.engine.functions import REGISTRY
    from sheetgd.engine.functions.base import LAZY

    if call.name in _SPREAD:
        return list(call.args)
    spec = REGISTRY.get(call.name)
    if spec is None or spec.array_args:
        return []
    return [arg for i, arg in enumerate(call.args)
            if spec.kind_at(i).kind.scalar and spec.kind_at(i).kind is not LAZY]


def _several_cells(node) -> bool:
    """A reference of more than one cell (A1:A2, or a range written with ':')."""
    from sheetgd.engine.nodes import RefNode

    if not isinstance(node, RefNode):
        return True
    ref = node.ref
    return ref.end is not None and ref.end != ref.start
