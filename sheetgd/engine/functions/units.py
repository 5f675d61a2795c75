"""CONVERT: a number from one unit of measure to another (Excel's CONVERT,
support.microsoft.com "CONVERT function").

The units are Excel's, in a documented subset (:data:`UNITS`): mass, length,
time, pressure, force, energy, power, magnetism, temperature, volume, area,
speed and information.  Each is given by its exact definition in the base
unit of its group (a pound is 453.59237 g, an inch 0.0254 m, a US gallon 231
cubic inches).  Excel's units left out, because their constants are measured
rather than defined and Excel's values are not published (atomic mass unit
"u", electron volt "eV", parsec "pc", the acres, "Morgen", "regton",
"Schooner", "Middy", "Glass", the US survey units of area and volume), give
#N/A as unknown units.

Metric units (:data:`METRIC`) take the decimal prefixes Y Z E P T G M k h
da (or e) d c m u n p f a z y, and bits and bytes also the binary ones ki Mi
Gi Ti Pi Ei Zi Yi; a prefix before a squared or cubed unit counts twice or
three times (km2 is 1E6 m2).  Units and prefixes are case-sensitive.  An
unknown unit, or units of different groups, give #N/A; a logical value as
the number #VALUE!.
"""

from __future__ import annotations

from .. import errors
from ..errors import XLError
from ..values import checked
from .base import SCALAR, TEXT, function
from .engineering import number_arg

from decimal import Decimal, getcontext

getcontext().prec = 40  # the definitions below are exact to the last digit of a double

_LBM_D = Decimal("453.59237")  # g
_IN_D = Decimal("0.0254")  # m
_FT_D = 12 * _IN_D
_LBF_D = _LBM_D / 1000 * Decimal("9.80665")  # N: a pound mass under standard gravity
_GAL_D = 231 * _IN_D ** 3  # m3
_UK_GAL_D = Decimal("0.00454609")  # m3
_HP_D = 550 * _FT_D * _LBF_D  # W


def _f(d: Decimal) -> float:
    """A definition's value rounded once, to the nearest double."""
    return float(d)


_LBM, _IN, _FT, _LBF, _GAL, _HP = map(_f, (_LBM_D, _IN_D, _FT_D, _LBF_D, _GAL_D, _HP_D))


#: unit -> (group, size in the group's base unit); temperature is apart.
UNITS = {
    # mass (gram)
    "g": ("mass", 1.0), "sg": ("mass", _f(_LBF_D / _FT_D * 1000)), "lbm": ("mass", _LBM),
    "ozm": ("mass", _f(_LBM_D / 16)), "grain": ("mass", 0.06479891), "stone": ("mass", _f(14 * _LBM_D)),
    "cwt": ("mass", _f(100 * _LBM_D)), "shweight": ("mass", _f(100 * _LBM_D)),
    "uk_cwt": ("mass", _f(112 * _LBM_D)), "lcwt": ("mass", _f(112 * _LBM_D)),
    "hweight": ("mass", _f(112 * _LBM_D)),
    "ton": ("mass", _f(2000 * _LBM_D)), "uk_ton": ("mass", _f(2240 * _LBM_D)),
    "LTON": ("mass", _f(2240 * _LBM_D)),
    "brton": ("mass", _f(2240 * _LBM_D)),
    # length (meter)
    "m": ("length", 1.0), "mi": ("length", _f(5280 * _FT_D)), "Nmi": ("length", 1852.0),
    "in": ("length", _IN), "ft": ("length", _FT), "yd": ("length", _f(3 * _FT_D)),
    "ang": ("length", 1e-10), "ell": ("length", _f(45 * _IN_D)), "Pica": ("length", _f(_IN_D / 72)),
    "Picapt": ("length", _f(_IN_D / 72)), "pica": ("length", _f(_IN_D / 6)),
    "ly": ("length", 9460730472580800.0), "survey_mi": ("length", _f(Decimal(5280 * 1200) / 3937)),
    # time (second)
    "yr": ("time", 31557600.0), "day": ("time", 86400.0), "d": ("time", 86400.0),
    "hr": ("time", 3600.0), "mn": ("time", 60.0), "min": ("time", 60.0),
    "sec": ("time", 1.0), "s": ("time", 1.0),
    # pressure (pascal)
    "Pa": ("pressure", 1.0), "p": ("pressure", 1.0), "atm": ("pressure", 101325.0),
    "at": ("pressure", 101325.0), "mmHg": ("pressure", _f(Decimal(101325) / 760)),
    "Torr": ("pressure", _f(Decimal(101325) / 760)), "psi": ("pressure", _f(_LBF_D / _IN_D ** 2)),
    # force (newton)
    "N": ("force", 1.0), "dyn": ("force", 1e-5), "dy": ("force", 1e-5), "lbf": ("force", _LBF),
    "pond": ("force", 9.80665e-3),
    # energy (joule)
    "J": ("energy", 1.0), "e": ("energy", 1e-7), "c": ("energy", 4.184), "cal": ("energy", 4.1868),
    "HPh": ("energy", _f(_HP_D * 3600)), "hh": ("energy", _f(_HP_D * 3600)), "Wh": ("energy", 3600.0),
    "wh": ("energy", 3600.0), "flb": ("energy", _f(_FT_D * _LBF_D)), "BTU": ("energy", 1055.05585262),
    "btu": ("energy", 1055.05585262),
    # power (watt)
    "W": ("power", 1.0), "w": ("power", 1.0), "HP": ("power", _HP), "h": ("power", _HP),
    "PS": ("power", 735.49875),
    # magnetism (tesla)
    "T": ("magnetism", 1.0), "ga": ("magnetism", 1e-4),
    # volume (cubic meter)
    "m3": ("volume", 1.0), "l": ("volume", 1e-3), "L": ("volume", 1e-3), "lt": ("volume", 1e-3),
    "tsp": ("volume", _f(_GAL_D / 768)), "tspm": ("volume", 5e-6), "tbs": ("volume", _f(_GAL_D / 256)),
    "oz": ("volume", _f(_GAL_D / 128)), "cup": ("volume", _f(_GAL_D / 16)),
    "pt": ("volume", _f(_GAL_D / 8)),
    "us_pt": ("volume", _f(_GAL_D / 8)), "uk_pt": ("volume", _f(_UK_GAL_D / 8)),
    "qt": ("volume", _f(_GAL_D / 4)),
    "uk_qt": ("volume", _f(_UK_GAL_D / 4)), "gal": ("volume", _GAL), "uk_gal": ("volume", 4.54609e-3),
    "in3": ("volume", _f(_IN_D ** 3)), "ft3": ("volume", _f(_FT_D ** 3)),
    "yd3": ("volume", _f((3 * _FT_D) ** 3)),
    "ang3": ("volume", 1e-30), "barrel": ("volume", _f(42 * _GAL_D)),
    # area (square meter)
    "m2": ("area", 1.0), "in2": ("area", _f(_IN_D ** 2)), "ft2": ("area", _f(_FT_D ** 2)),
    "yd2": ("area", _f((3 * _FT_D) ** 2)), "mi2": ("area", _f((5280 * _FT_D) ** 2)), "ang2": ("area", 1e-20),
    "ha": ("area", 1e4), "ar": ("area", 100.0),
    # speed (meter per second)
    "m/s": ("speed", 1.0), "m/sec": ("speed", 1.0), "m/h": ("speed", 1 / 3600),
    "m/hr": ("speed", 1 / 3600), "mph": ("speed", _f(5280 * _FT_D / 3600)),
    "kn": ("speed", _f(Decimal(1852) / 3600)),
    "admkn": ("speed", _f(6080 * _FT_D / 3600)),
    # information (bit)
    "bit": ("information", 1.0), "byte": ("information", 8.0),
}

#: Temperatures: unit -> (to degrees Celsius, from degrees Celsius).
TEMPERATURES = {
    "C": (lambda x: x, lambda c: c), "cel": (lambda x: x, lambda c: c),
    "F": (lambda x: (x - 32) / 1.8, lambda c: c * 1.8 + 32),
    "fah": (lambda x: (x - 32) / 1.8, lambda c: c * 1.8 + 32),
    "K": (lambda x: x - 273.15, lambda c: c + 273.15), "kel": (lambda x: x - 273.15, lambda c: c + 273.15),
    "Rank": (lambda x: x / 1.8 - 273.15, lambda c: (c + 273.15) * 1.8),
    "Reau": (lambda x: x * 1.25, lambda c: c / 1.25),
}

#: Units that take a prefix, and the power it counts to (km2 is (1E3)^2 m2).
METRIC = {"g": 1, "m": 1, "ang": 1, "ly": 1, "sec": 1, "s": 1, "Pa": 1, "p": 1, "atm": 1, "at": 1,
          "mmHg": 1, "N": 1, "dyn": 1, "dy": 1, "pond": 1, "J": 1, "e": 1, "c": 1, "cal": 1,
          "Wh": 1, "wh": 1, "W": 1, "w": 1, "T": 1, "ga": 1, "K": 1, "kel": 1, "l": 1, "L": 1,
          "lt": 1, "m3": 3, "ang3": 3, "m2": 2, "ang2": 2, "m/s": 1, "m/sec": 1, "m/h": 1,
          "m/hr": 1, "bit": 1, "byte": 1}

PREFIXES = {"Y": 1e24, "Z": 1e21, "E": 1e18, "P": 1e15, "T": 1e12, "G": 1e9, "M": 1e6, "k": 1e3,
            "h": 1e2, "da": 1e1, "e": 1e1, "d": 1e-1, "c": 1e-2, "m": 1e-3, "u": 1e-6, "n": 1e-9,
            "p": 1e-12, "f": 1e-15, "a": 1e-18, "z": 1e-21, "y": 1e-24}
BINARY_PREFIXES = {"ki": 2.0 ** 10, "Mi": 2.0 ** 20, "Gi": 2.0 ** 30, "Ti": 2.0 ** 40,
                   "Pi": 2.0 ** 50, "Ei": 2.0 ** 60, "Zi": 2.0 ** 70, "Yi": 2.0 ** 80}


def unit(name: str):
    """(group, base unit, multiplier) of a unit, possibly prefixed; None
    when unknown."""
    if name in UNITS or name in TEMPERATURES:
        return _group(name), name, 1.0
    for table in (PREFIXES, BINARY_PREFIXES):
        for prefix, multiplier in table.items():
            base = name[len(prefix):]
            if name.startswith(prefix) and base in METRIC:
                if table is BINARY_PREFIXES and base not in ("bit", "byte"):
                    continue
                return _group(base), base, multiplier ** METRIC[base]
    return None


def _group(name: str) -> str:
    return "temperature" if name in TEMPERATURES else UNITS[name][0]


@function("CONVERT", SCALAR, TEXT, TEXT)
def CONVERT(number, from_unit, to_unit):
    """``number`` in ``from_unit`` expressed in ``to_unit``; #N/A for an
    unknown unit (see the module's list) or units of different groups,
    #VALUE! for a logical value."""
    x = number_arg(number, "CONVERT")
    if isinstance(x, XLError):
        return x
    source, target = unit(from_unit), unit(to_unit)
    if source is None or target is None:
        return errors.NA(f"CONVERT: unknown unit {from_unit if source is None else to_unit!r}")
    if source[0] != target[0]:
        return errors.NA(f"CONVERT: {from_unit!r} ({source[0]}) and {to_unit!r} ({target[0]}) "
                         f"measure different things")
    if source[0] == "temperature":
        if source[1] in ("K", "kel") and target[1] in ("K", "kel"):
            return checked(x * source[2] / target[2])
        celsius = TEMPERATURES[source[1]][0](x * source[2])
        return checked(TEMPERATURES[target[1]][1](celsius) / target[2])
    if from_unit == to_unit:
        return x
    return checked(x * ((UNITS[source[1]][1] * source[2]) / (UNITS[target[1]][1] * target[2])))
