"""How wide a text or a formatted number is on screen, in Excel's column-width
units, and the number formats the books use.

Excel measures a column in characters of the default font's widest digit
(Calibri 11: 7 pixels, plus 5 pixels of padding per cell); a text's width
is the sum of its characters' advance widths.  The table below holds
Calibri's advance widths relative to a digit (Calibri's digits are all one
width; LibreOffice substitutes the metric-compatible Carlito), grouped
coarsely: a width estimate good to a few per cent, enough to size a column
or tell whether a label runs into its neighbour.  Font size scales it
linearly; bold adds about 5%.

The formats are Excel number-format codes; :func:`format_number` renders
the few the books use as Excel shows them (to measure them).
"""

from __future__ import annotations

import math

#: Number formats (Excel codes).
NUMBER = "0.0000"  # a computed value
COUNT = "0"  # an epoch, a 0/1 label, an integer x or y
SCIENTIFIC = "0.000E+00"  # a value too large for NUMBER's width
RATE = "0.0#######"  # a learning rate: 0.0001, 0.00390625, 1.0
BETA = "0.0##"  # a decay rate: 0.9, 0.95, 0.05
EPSILON = "0.0E+00"  # torch's eps: 1.0E-08
PROBABILITY = "0.000000"  # the entropy book's logits, exps and probabilities

#: NUMBER shows at most this magnitude in a column of ordinary width; beyond
#: it a column's numbers are written SCIENTIFIC.
NUMBER_LIMIT = 1e6

# Calibri's advance widths relative to a digit (1038/2048 em), grouped.
_WIDTHS = {}
for _chars, _w in (("il'.,:;!|", 0.47), ("jI", 0.5), (" ", 0.45), ("ft()[]-", 0.62),
                   ('r"', 0.7), ("sz/cx\\", 0.8), ("aegkvy?JLT", 0.92),
                   ("bdhnopqu0123456789=+*^<>#_$~", 1.0), ("ABCDEFGHKNOPRSUVXYZ", 1.12),
                   ("Qw%", 1.42), ("mMW@", 1.6)):
    for _c in _chars:
        _WIDTHS[_c] = _w
_PADDING = 5 / 7  # Excel's 5 pixels of cell padding, in digit widths


def text_width(text: str, size: float = 11.0, bold: bool = False) -> float:
    """Width of ``text`` on one line, in Excel column-width units (digits of
    Calibri 11), padding included."""
    units = sum(_WIDTHS.get(c, 1.0) for c in text) * size / 11.0
    return units * (1.05 if bold else 1.0) + _PADDING


def wrapped_lines(text: str, width: float, size: float = 11.0) -> int:
    """How many lines ``text`` takes when wrapped at word boundaries in a
    cell ``width`` units wide."""
    room = max(width - 2 * _PADDING, 1.0) * 11.0 / size
    lines, used = 1, 0.0
    for word in text.split():
        w = sum(_WIDTHS.get(c, 1.0) for c in word)
        gap = _WIDTHS[" "] if used else 0.0
        if used and used + gap + w > room:
            lines, used = lines + 1 + int(w // room), w % room
        else:
            used += gap + w
    return lines


def line_height(size: float = 11.0) -> float:
    """Height of one line of text in points (Calibri: 15 pt at 11 pt)."""
    return size * 15.0 / 11.0


def format_number(value: float, fmt: str | None) -> str:
    """``value`` as Excel shows it in format ``fmt`` (the books' formats;
    None or "General": up to 11 significant characters)."""
    if fmt in (None, "General"):
        text = f"{value:.10g}"
        return text if len(text) <= 11 else f"{value:.5E}"
    if "E+" in fmt:
        mantissa = fmt.split("E")[0]
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        text = f"{value:.{decimals}E}"
        base, exp = text.split("E")
        return f"{base}E{exp[0]}{int(exp[1:]):02d}"
    if "." not in fmt:
        return f"{value:.0f}"
    required, optional = fmt.split(".")[1].count("0"), fmt.split(".")[1].count("#")
    text = f"{value:.{required + optional}f}"
    whole, frac = text.split(".")
    frac = frac.rstrip("0") if optional else frac
    frac = frac.ljust(required, "0")
    return f"{whole}.{frac}" if frac else whole


def number_width(value: float, fmt: str | None) -> float:
    """Width of ``value`` shown in format ``fmt``, in column-width units."""
    if not math.isfinite(value):
        return text_width("#NUM!")
    return text_width(format_number(value, fmt))


def value_format(values, default: str = NUMBER) -> str:
    """The format for a column of computed values: ``default``, or
    SCIENTIFIC when one of them reaches :data:`NUMBER_LIMIT`."""
    big = any(isinstance(v, float) and math.isfinite(v) and abs(v) >= NUMBER_LIMIT
              for v in values)
    return SCIENTIFIC if big else default


def integer_format(values) -> str:
    """COUNT when every number is whole (x, y of the lesson's draw), else
    NUMBER.  An error value (a y past Excel's largest number, 1.8e308, is
    #NUM!) shows the same in either format, so it is skipped."""
    return COUNT if all(float(v).is_integer() for v in values
                        if isinstance(v, (int, float))) else NUMBER
