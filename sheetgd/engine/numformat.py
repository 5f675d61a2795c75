"""Excel's number formats (en-US), as the TEXT function applies them.

A format has up to four sections separated by ``;``: positive; negative;
zero; text (with one section, negative numbers take a minus sign; a
section may start with a condition such as ``[<=9999999]``, and colours
such as ``[Red]`` are dropped).  In a section:

=====================  ===========================================================
``0 # ?``              digit placeholders: a digit or 0, nothing, a space
``.``  ``,``           decimal point; thousands separator between placeholders,
                       or a division by 1,000 after the last one
``%``                  the number times 100
``E+ E- e+ e-``        scientific notation, the exponent's placeholders after it
``?/?``  ``# ??/??``   a fraction (``/4``: a fixed denominator)
``y m d h s``          date and time parts (``m`` after ``h`` or before ``s`` is
                       minutes); ``AM/PM`` ``A/P`` 12-hour clock; ``[h] [m] [s]``
                       elapsed time; ``.0`` after seconds: fractions of a second
``"text"`` ``\\c``      literal text; ``_c`` a space; ``*c`` (fill) is dropped
``@``                  the text itself (in the text section)
``General``            Excel's General format (at most 11 characters)
=====================  ===========================================================

Numbers are rounded as displayed, half away from zero, from their 15
significant digits (``TEXT(2.675,"0.00")`` is 2.68).  Source: "Number format
codes" and "Review guidelines for customizing a number format", Microsoft
support.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction

from .serials import EXCEL_1900, Calendar
from .values import round_15_digits

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]


#: Room for every digit of a double shown with up to 127 decimals.
_WIDE = Context(prec=1200, Emin=-999999, Emax=999999)


def rounded(value: Decimal, places: int) -> Decimal:
    """``value`` rounded to ``places`` decimals (left of the point when
    negative), half away from zero, without loss of digits."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_WIDE)


class FormatError(ValueError):
    """A format that cannot apply to the value (a date format for a negative
    number): TEXT gives #VALUE!."""


# --- splitting a format into sections and tokens ------------------------------------

def _split_sections(fmt: str) -> list[str]:
    sections, current, i = [], [], 0
    while i < len(fmt):
        c = fmt[i]
        if c == '"':
            j = fmt.find('"', i + 1)
            j = len(fmt) if j < 0 else j
            current.append(fmt[i:j + 1])
            i = j + 1
            continue
        if c in "\\_*" and i + 1 < len(fmt):
            current.append(fmt[i:i + 2])
            i += 2
            continue
        if c == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    sections.append("".join(current))
    return sections


_TOKEN = re.compile(
    r'"(?P<quoted>[^"]*)"?|\\(?P<escaped>.)|_(?P<space>.)|\*(?P<fill>.)'
    r'|\[(?P<bracket>[^\]]*)\]|(?P<ampm>AM/PM|am/pm|A/P|a/p)'
    r'|(?P<general>General)|(?P<exp>[Ee][+-])|(?P<date>y+|Y+|m+|M+|d+|D+|h+|H+|s+|S+|e|E)'
    r'|(?P<other>.)', re.DOTALL)


def _tokens(section: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: kind is 'lit', 'ampm', 'general', 'exp', 'date',
    'elapsed', 'cond' or a placeholder character."""
    out = []
    for m in _TOKEN.finditer(section):
        kind = m.lastgroup
        text = m.group(kind) if kind else m.group(0)
        if kind in ("quoted", "escaped"):
            out.append(("lit", text))
        elif kind == "space":
            out.append(("lit", " "))
        elif kind == "fill":
            continue
        elif kind == "bracket":
            low = text.lower()
            if re.fullmatch(r"h+|m+|s+", low):
                out.append(("elapsed", low))
            elif re.fullmatch(r"[<>=]+-?[\d.]+(e[+-]?\d+)?", low):
                out.append(("cond", text))
            # colours, locales and other brackets are dropped
        elif kind == "date":
            out.append(("date", text.lower()))
        elif kind == "other":
            out.append((text, text) if text in "0#?.,%/@" else ("lit", text))
        else:
            out.append((kind, text))
    return out


def _condition(tokens):
    for kind, text in tokens:
        if kind == "cond":
            m = re.fullmatch(r"([<>=]+)(.*)", text)
            return m.group(1), float(m.group(2))
    return None


def _holds(cond, x: float) -> bool:
    op, limit = cond
    return {"<": x < limit, ">": x > limit, "=": x == limit, "<=": x <= limit, ">=": x >= limit,
            "<>": x != limit}.get(op, False)


# --- the entry point ---------------------------------------------------------------

def format_value(value, fmt: str, cal: Calendar = EXCEL_1900) -> str:
    """The text ``fmt`` makes of ``value`` (a float or a str), dates in the
    date system ``cal``; raises :class:`FormatError` where Excel's TEXT
    gives #VALUE!."""
    sections = [_tokens(s) for s in _split_sections(fmt)]
    if isinstance(value, str):
        if len(sections) >= 4:
            return _text_section(sections[3], value)
        if any(k == "@" for k, _ in sections[0]):
            return _text_section(sections[0], value)
        return value
    x = value
    conds = [_condition(s) for s in sections[:3]]
    if any(conds):  # [<=9999999]...;...: the first section whose condition holds
        if conds[0] and _holds(conds[0], x):
            chosen = sections[0]
        elif len(sections) >= 2 and (conds[1] is None or _holds(conds[1], x)):
            chosen = sections[1]
        else:
            chosen = sections[2] if len(sections) >= 3 else sections[0]
        return _number_section(cal, chosen, abs(x), x < 0)
    if x < 0 and len(sections) >= 2 and sections[1]:
        return _number_section(cal, sections[1], -x, False)
    if x == 0 and len(sections) >= 3:
        return _number_section(cal, sections[2], x, False)
    if x < 0 and len(sections) >= 2:  # an empty negative section
        return ""
    return _number_section(cal, sections[0], abs(x), x < 0)


def _text_section(tokens, text: str) -> str:
    return "".join(text if k == "@" else t if k == "lit" else "" if k == "cond" else t
                   for k, t in tokens)


def _number_section(cal: Calendar, tokens, x: float, minus: bool) -> str:
    """One section applied to ``x`` (>= 0 unless the section is chosen by a
    condition); ``minus``: a minus sign goes in front."""
    if any(k in ("date", "ampm", "elapsed") for k, _ in tokens):
        return ("-" if minus else "") + _date_time(cal, tokens, -x if minus and x > 0 else x)
    if any(k == "@" for k, _ in tokens):  # a number in a text section: its General form
        return _text_section(tokens, general(-x if minus else x))
    if any(k == "general" for k, _ in tokens):
        out = "".join(general(abs(x)) if k == "general" else t for k, t in tokens
                      if k not in ("cond",))
        return ("-" if minus and x != 0 else "") + out
    if _is_fraction(tokens):
        return _fraction(tokens, abs(x), minus)
    return ("-" if minus else "") + _digits(tokens, abs(x))


# --- General --------------------------------------------------------------------------

def general(x: float) -> str:
    """Excel's General format of a number, as TEXT(x, "General") gives it:
    up to 11 characters, scientific from 1E+11 (and below 1E-9)."""
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    a = abs(x)
    if a >= 1e11 or a < 1e-9:
        mantissa, exp = f"{a:.5E}".split("E")
        mantissa = mantissa.rstrip("0").rstrip(".")
        e = int(exp)
        return f"{sign}{mantissa}E{'-' if e < 0 else '+'}{abs(e):02d}"
    int_digits = len(str(int(a))) if a >= 1 else 1
    decimals = max(0, 10 - int_digits)
    d = rounded(round_15_digits(a), decimals)
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return sign + text


# --- digits: 0 # ? , . % and scientific ------------------------------------------------

def _digits(tokens, x: float) -> str:
    kinds = [k for k, _ in tokens]
    placeholders = [i for i, k in enumerate(kinds) if k in "0#?"]
    if not placeholders:  # no digits at all: literal text (and % scales nothing shown)
        return "".join(t for k, t in tokens if k not in ("cond", ",", "exp"))
    exp_at = kinds.index("exp") if "exp" in kinds else None
    if exp_at is not None and not any(i < exp_at for i in placeholders):  # "E+0" with no mantissa
        tokens = [("lit", t) if i == exp_at else (k, t) for i, (k, t) in enumerate(tokens)]
        return _digits(tokens, x)
    point = next((i for i, k in enumerate(kinds) if k == "." and (exp_at is None or i < exp_at)), None)
    last = max(i for i in placeholders if exp_at is None or i < exp_at)
    end_int = point if point is not None else last + 1
    scale = Decimal(100) ** kinds.count("%")
    # commas right after the last integer placeholder divide by 1,000 each
    divide = 0
    k = last + 1
    while k < len(kinds) and kinds[k] == ",":
        divide += 1
        k += 1
    if point is not None:
        k = point - 1
        while k >= 0 and kinds[k] == ",":
            divide += 1
            k -= 1
    int_slots = [i for i in placeholders if i < end_int and (exp_at is None or i < exp_at)]
    grouping = any(kinds[i] == "," and int_slots and int_slots[0] < i < int_slots[-1]
                   for i in range(len(kinds)))
    frac_slots = [i for i in placeholders if point is not None and point < i and (exp_at is None or i < exp_at)]
    value = _WIDE.divide(_WIDE.multiply(round_15_digits(x), scale), Decimal(1000) ** divide)
    exponent_text = ""
    if exp_at is not None:
        value, exponent_text = _scientific(value, [kinds[i] for i in int_slots], len(frac_slots),
                                           tokens[exp_at][1], sum(1 for i in placeholders if i > exp_at))
    else:
        value = rounded(value, len(frac_slots))
    text = f"{value:f}"
    int_part, _, frac_part = text.partition(".")
    int_part = int_part.lstrip("0")
    frac_part = frac_part.ljust(len(frac_slots), "0")
    # integer digits, right to left into the slots; extra digits to the first one
    filled = {}
    digits = list(int_part)
    for slot in reversed(int_slots):
        filled[slot] = digits.pop() if digits else {"0": "0", "#": "", "?": " "}[kinds[slot]]
    if int_slots:
        filled[int_slots[0]] = "".join(digits) + filled[int_slots[0]]
    if grouping:
        whole = "".join(filled[s] for s in int_slots)
        stripped = whole.lstrip(" ")
        pad = len(whole) - len(stripped)
        grouped = f"{int(stripped):,}" if stripped.strip() else stripped
        if stripped and stripped[0] == "0" and len(stripped) > 1:  # leading zeros kept
            grouped = _group(stripped)
        for s in int_slots:
            filled[s] = ""
        if int_slots:
            filled[int_slots[-1]] = " " * pad + grouped
    # fraction digits: trailing # dropped, trailing ? spaces
    frac = list(frac_part[:len(frac_slots)])
    for n in range(len(frac_slots) - 1, -1, -1):
        if frac[n] != "0":
            break
        kind = kinds[frac_slots[n]]
        if kind == "#":
            frac[n] = ""
        elif kind == "?":
            frac[n] = " "
        else:
            break
    for slot, d in zip(frac_slots, frac):
        filled[slot] = d
    out = []
    for i, (kind, t) in enumerate(tokens):
        if i in filled and not (exp_at is not None and i > exp_at):
            out.append(filled[i])
        elif exp_at is not None and i == exp_at:
            out.append(exponent_text)
        elif exp_at is not None and i > exp_at and kind in "0#?":
            continue
        elif kind == ",":
            continue
        elif kind == ".":
            out.append("." if i == point else "")
        elif kind == "cond":
            continue
        else:
            out.append(t)
    return "".join(out)


def _scientific(value: Decimal, int_kinds: list, decimals: int, marker: str, exp_digits: int):
    """(mantissa rounded to ``decimals``, exponent text) of ``value`` for a
    format with ``int_kinds`` integer placeholders before ``E+``/``E-``
    (``marker``): the mantissa has as many integer digits as there are
    placeholders; with ``#`` among several (``##0.0E+0``, engineering
    notation) the exponent is a multiple of their count instead."""
    step = len(int_kinds) if "#" in int_kinds and len(int_kinds) > 1 else 1
    e = 0
    if value != 0:
        e = value.adjusted()
        e = e - e % step if step > 1 else e - (max(1, len(int_kinds)) - 1)
    mantissa = rounded(value.scaleb(-e), decimals)
    if mantissa >= Decimal(10) ** (step if step > 1 else max(1, len(int_kinds))):  # 9.99 -> 10.0
        e += step
        mantissa = rounded(value.scaleb(-e), decimals)
    sign = "-" if e < 0 else ("+" if marker[1] == "+" else "")
    return mantissa, marker[0] + sign + str(abs(e)).rjust(exp_digits, "0")


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


# --- fractions ------------------------------------------------------------------------

def _is_fraction(tokens) -> bool:
    """A fraction format: digit placeholders before a '/' and a denominator
    after it (placeholders, or the digits of a fixed one)."""
    kinds = [k for k, _ in tokens]
    if "/" not in kinds:
        return False
    slash = kinds.index("/")
    after = tokens[slash + 1] if slash + 1 < len(tokens) else ("", "")
    return any(k in "0#?" for k in kinds[:slash]) and (
        any(k in "0#?" for k in kinds[slash + 1:]) or after[0] == "lit" and after[1].isdigit())


def _fraction(tokens, x: float, minus: bool) -> str:
    kinds = [k for k, _ in tokens]
    slash = kinds.index("/")
    before = [i for i in range(slash) if kinds[i] in "0#?"]
    after = [i for i in range(slash + 1, len(kinds)) if kinds[i] in "0#?"]
    fixed = ""  # a fixed denominator ("# ?/16"): digits right after the slash
    k = slash + 1
    if k < len(tokens) and tokens[k][0] == "lit" and tokens[k][1].isdigit():
        while k < len(tokens) and (tokens[k][0] == "lit" and tokens[k][1].isdigit() or tokens[k][0] == "0"):
            fixed += tokens[k][1]
            k += 1
        after = [i for i in after if i >= k]
    # numerator placeholders: the run just before '/', whole part before a gap
    num_slots, i = [], slash - 1
    while i >= 0 and (kinds[i] in "0#?"):
        num_slots.insert(0, i)
        i -= 1
    whole_slots = [s for s in before if s not in num_slots]
    den_digits = len(after) if not fixed else 0
    if whole_slots:
        whole, rest = int(x), x - int(x)
    else:
        whole, rest = 0, x
    if fixed:
        den = int(fixed)
        num = int(Decimal(rest * den).quantize(Decimal(1), rounding=ROUND_HALF_UP)) if den else 0
    else:
        frac = Fraction(rest).limit_denominator(10 ** den_digits - 1)
        num, den = frac.numerator, frac.denominator
    if whole_slots and num == den and den:
        whole, num = whole + 1, 0
    sign = "-" if minus and (whole or num) else ""
    blank = num == 0 and bool(whole_slots)  # a whole number: the fraction's places are spaces
    out = []
    for i, (kind, t) in enumerate(tokens):
        if i in whole_slots:
            if i == whole_slots[-1]:
                text = str(whole) if whole or kinds[i] == "0" or not num else ""
                out.append(text if text else "")
        elif i in num_slots:
            if i == num_slots[-1]:
                if blank:
                    out.append(" " * len(num_slots))
                else:
                    out.append(str(num).rjust(len(num_slots)))
        elif kind == "/":
            out.append(" " if blank else "/")
        elif i in after:
            if i == after[-1]:
                if blank:
                    out.append(" " * len(after))
                else:
                    out.append(str(den).ljust(len(after)))
        elif fixed and slash < i < k:
            if i == k - 1:
                out.append(" " * len(fixed) if blank else fixed)
        elif kind in (",", "cond"):
            continue
        else:
            out.append(t)
    return sign + "".join(out)


# --- dates and times --------------------------------------------------------------------

def _date_time(cal: Calendar, tokens, x: float) -> str:
    if x < 0 or x >= cal.max_serial + 1:
        raise FormatError(f"{x:g} is not a date or time")
    kinds = [k for k, _ in tokens]
    texts = [t for _, t in tokens]
    # fractions of a second shown: the '.' and '0's right after a seconds part
    sub = 0
    for i, (k, t) in enumerate(tokens):
        if k == "date" and t.startswith("s") or k == "elapsed" and t.startswith("s"):
            j = i + 1
            if j < len(tokens) and kinds[j] == ".":
                j += 1
                while j < len(tokens) and kinds[j] == "0":
                    sub += 1
                    j += 1
            break
    unit = 86400 * 10 ** sub
    ticks = math.floor(x * unit + 0.5)
    days, part = divmod(ticks, unit)
    seconds, fraction = divmod(part, 10 ** sub)
    if days > cal.max_serial:
        raise FormatError(f"{x:g} is past 9999-12-31")
    year, month, day = cal.ymd(days)
    hour, minute, second = seconds // 3600, seconds // 60 % 60, seconds % 60
    twelve = "ampm" in kinds
    # which 'm' runs are minutes
    minutes = set()
    for i, (k, t) in enumerate(tokens):
        if k == "date" and t.startswith("m") and len(t) <= 2:
            prev = next((j for j in range(i - 1, -1, -1) if kinds[j] in ("date", "elapsed")), None)
            nxt = next((j for j in range(i + 1, len(tokens)) if kinds[j] in ("date", "elapsed")), None)
            if prev is not None and texts[prev][0] in "h[" or \
                    nxt is not None and texts[nxt][0] == "s":
                minutes.add(i)
    out = []
    skip_to = -1
    for i, (k, t) in enumerate(tokens):
        if i < skip_to:
            continue
        if k == "date":
            c = t[0]
            if c == "y" or c == "e":
                out.append(f"{year % 100:02d}" if len(t) <= 2 and c == "y" else str(year))
            elif c == "m" and i in minutes:
                out.append(f"{minute:02d}" if len(t) == 2 else str(minute))
            elif c == "m":
                n = len(t)
                out.append(str(month) if n == 1 else f"{month:02d}" if n == 2 else
                           _MONTHS[month - 1][:3] if n == 3 else _MONTHS[month - 1] if n == 4 or n > 5
                           else _MONTHS[month - 1][0])
            elif c == "d":
                n = len(t)
                out.append(str(day) if n == 1 else f"{day:02d}" if n == 2 else
                           _DAYS[cal.weekday(days)][:3] if n == 3 else _DAYS[cal.weekday(days)])
            elif c == "h":
                h = (hour % 12 or 12) if twelve else hour
                out.append(f"{h:02d}" if len(t) >= 2 else str(h))
            elif c == "s":
                out.append(f"{second:02d}" if len(t) >= 2 else str(second))
                if sub:
                    out.append("." + str(fraction).rjust(sub, "0"))
                    skip_to = i + 2 + sub
        elif k == "elapsed":
            total = days * 86400 + seconds
            n = total // 3600 if t[0] == "h" else total // 60 if t[0] == "m" else total
            out.append(str(n).rjust(len(t), "0"))
            if t[0] == "s" and sub:
                out.append("." + str(fraction).rjust(sub, "0"))
                skip_to = i + 2 + sub
        elif k == "ampm":
            pm = hour >= 12
            if t.upper() == "AM/PM":
                out.append("PM" if pm else "AM")
            else:
                word = ("P" if pm else "A")
                out.append(word if t[0].isupper() else word.lower())
        elif k in ("cond", "general"):
            continue
        else:
            out.append(t)
    return "".join(out)
