"""Fuzz generators of the math & trig family (criteria aggregates,
matrices, trigonometry, multiples, combinatorics, numerals, SUBTOTAL,
AGGREGATE, database functions), drawn over the fuzzer's data block
(tests/formula_gen.py: A-D numbers, E words, F mixed values, G/H sorted)."""

from __future__ import annotations

import math

#: Functions the fuzzer leaves out, and why.
EXCLUDED = {
    "SEQUENCE": "LibreOffice 7.4 has no SEQUENCE (added in 24.8): #NAME?",
    "RANDARRAY": "random, and LibreOffice 7.4 has no RANDARRAY (added in 24.8)",
    "ECMA.CEILING": "LibreOffice 7.4 has no ECMA.CEILING: #NAME?",
    "PERCENTOF": "LibreOffice 7.4 has no PERCENTOF: #NAME?",
}

#: sheetgd's errors (function, start of its message) that LibreOffice saves as
#: #VALUE! (its "invalid argument", Err:502): Excel's documented #NUM!,
#: #DIV/0! or #N/A for an argument outside a function's domain.
INVALID_ARGUMENT = {
    ("ACOSH", "ACOSH of a number below 1"), ("ATANH", "ATANH of a number outside"),
    ("ACOTH", "ACOTH of a number in"), ("SQRTPI", "SQRTPI of a negative number"),
    ("CEILING", "CEILING of a positive number"), ("FLOOR", "FLOOR of a positive number"),
    ("FLOOR", "FLOOR with a significance of 0"),
    ("GCD", "GCD of a"), ("LCM", "LCM of a"), ("FACT", "FACT of a negative"), ("FACT", "FACT past"),
    ("FACTDOUBLE", "FACTDOUBLE of a negative"), ("FACTDOUBLE", "FACTDOUBLE past"),
    ("COMBIN", "COMBIN needs"), ("COMBINA", "COMBINA needs"), ("PERMUT", "PERMUT needs"),
    ("PERMUTATIONA", "PERMUTATIONA of a negative"), ("MULTINOMIAL", "MULTINOMIAL of a"),
    ("COMBIN", "the result is too large"), ("COMBINA", "the result is too large"),
    ("PERMUT", "the result is too large"), ("PERMUTATIONA", "the result is too large"),
    ("MULTINOMIAL", "the result is too large"),
    ("QUOTIENT", "QUOTIENT by zero"),
    ("BASE", "BASE of a"), ("BASE", "BASE's radix"), ("BASE", "BASE's minimum"),
    ("DECIMAL", "DECIMAL's radix"), ("DECIMAL", "DECIMAL: "), ("DECIMAL", "DECIMAL of a text"),
    ("MINVERSE", "MINVERSE of a singular"),
    ("SUMXMY2", "the arrays hold different"), ("SUMX2MY2", "the arrays hold different"),
    ("SUMX2PY2", "the arrays hold different"),
    ("DGET", "DGET: several records"),
    *((name, f"{name} of an angle of 2^27") for name in ("SIN", "COS", "TAN", "COT", "CSC", "SEC",
                                                          "COTH", "CSCH", "SECH")),
    ("SERIESSUM", "a term overflows"), ("SERIESSUM", "a negative number to a fractional power"),
    ("SERIESSUM", "overflow"),
    ("MROUND", "MROUND quotient overflows"),  # MROUND(1E+308,0.1): 1E+309 multiples
}

#: Excel/LibreOffice differences in this family's functions (docs/compatibility.md).
CATEGORIES = {
    "argument-limit": "Excel's limits on arguments that LibreOffice computes past: SIN, COS, TAN, "
                      "COT, CSC, SEC (and COTH, CSCH, SECH) of an angle of 2^27 or more in size, "
                      "BASE of a number of 2^53 or more: Excel's #NUM!",
    "division-by-zero": "COT, CSC, COTH and CSCH of 0: Excel's #DIV/0!, LibreOffice's #NUM!; "
                        "ATAN2(0,0): Excel's #DIV/0!, LibreOffice's 0 (pi where x is a negative "
                        "zero, which a formula can make: ATAN2(0*-1,0))",
    "mround-signs": "MROUND of a number and a multiple of different signs: Excel's #NUM!, "
                    "LibreOffice rounds (MROUND(5,-2) is 6)",
    "criteria-error": "an error value as a criterion (COUNTIF(A1:A3,NA())): Excel selects the "
                      "cells holding that error; LibreOffice returns the error",
    "criteria-booleans": "a text criterion with wildcards over logical values (\"*a*\" and a cell "
                         "holding FALSE): LibreOffice matches the word it shows, Excel only text "
                         "cells; the criterion \"TRUE\" (\"FALSE\"): Excel matches the logical "
                         "value only, LibreOffice also the number 1 (0) and text spelling the "
                         "word; compared by order (\">TRUE\"): Excel compares logical values "
                         "only, LibreOffice reads the word as 1 (0) and compares numbers",
    "criteria-numeric-text": "COUNTIF (and the other criteria functions) with a number as its "
                             "criterion over cells holding text that reads as that number (\" 4 \" "
                             "for 4): Excel counts the text too (the function table's "
                             "COUNTIF(S13:T16,75) row), LibreOffice only numbers (TRUE as 1)",
    "database-variance": "DSTDEV and DVAR of fewer than two numbers, DSTDEVP and DVARP of none: "
                         "Excel's #DIV/0! (as STDEV.S, VAR.S ...), LibreOffice's #NUM! or 0",
    "paired-text": "SUMXMY2, SUMX2MY2 and SUMX2PY2 over ranges holding text: Excel skips those "
                   "pairs (documented), LibreOffice gives #VALUE! or reads a number in the text",
    "paired-empty": "SUMXMY2, SUMX2MY2 and SUMX2PY2 of a one-cell range holding an empty cell: "
                    "Excel skips the pair (its pages: empty cells are ignored), LibreOffice "
                    "reads the cell as 0 (SUMXMY2(Z1:Z1,5) is 25 there, 0 in Excel)",
    "inverse-hyperbolic-overflow": "ASINH and ACOSH of numbers past 1E+154: LibreOffice's formula "
                                   "overflows (#NUM!) where the result is a number (sheetgd computes "
                                   "it; Excel's answer is not documented)",
    "arabic-text": "ARABIC of a negative numeral (\"-MMXI\") or one with spaces around it: "
                   "Excel reads it (its documentation says so), LibreOffice gives #VALUE!",
    "criteria-error-text": "a text criterion with wildcards over error cells (\"*a*\" and a cell "
                           "holding #N/A): Excel matches text cells only; LibreOffice matches the "
                           "error's text (#N/A, #DIV/0! ...) as if the cell held it",
    "criteria-not-equal-text": "the criterion \"<>3\" over a cell holding the text \"3\": Excel "
                               "counts every cell but the number 3, that text too; LibreOffice "
                               "leaves out text equal to the criterion's (\"=3\" selects it in both)",
    "decimal-affixes": "DECIMAL of text with leading spaces, a hexadecimal x or 0x prefix, an h "
                       "(base 16) or b (base 2) suffix: Excel's #NUM! (a character that is no digit "
                       "of the base); LibreOffice strips them (DECIMAL(\"x\",16) is 0, "
                       "DECIMAL(\"1Fh\",16) 31)",
}

def libreoffice_decimal(text: str, radix: float) -> float | None:
    """DECIMAL(text, radix) as LibreOffice 7.4's ScInterpreter::ScDecimal
    computes it: leading spaces and tabs skipped, in base 16 a leading x or
    0x too; a character that is no digit of the base is refused (None, its
    #VALUE!) unless it ends the text and is b in base 2 or h in base 16
    ("101b", "F00Dh"); letters in either case."""
    base = math.floor(radix)
    if not 2 <= base <= 36:
        return None
    p = text.lstrip(" \t")
    if base == 16:
        p = p[1:] if p[:1] in ("x", "X") else p[2:] if p[:2] in ("0x", "0X") else p
    value = 0.0
    for i, ch in enumerate(p):
        n = int(ch, 36) if ch.isascii() and ch.isalnum() else base
        if n >= base:
            if i == len(p) - 1 and (base == 2 and ch in "bB" or base == 16 and ch in "hH"):
                continue
            return None
        value = value * base + n
    return value


#: The criteria functions' (criteria range, criterion) argument positions.
_CRITERIA_PAIRS = {"COUNTIF": ((0, 1),), "SUMIF": ((0, 1),), "AVERAGEIF": ((0, 1),),
                   "COUNTIFS": tuple((i, i + 1) for i in range(0, 254, 2))}
_CRITERIA_PAIRS |= {name: tuple((i, i + 1) for i in range(1, 254, 2))
                    for name in ("SUMIFS", "AVERAGEIFS", "MAXIFS", "MINIFS")}


def _criteria_redone(name, operands, change=None, reverse=False):
    """A criteria function recomputed by sheetgd over its operands put back in
    cells (its ranges must be references), each criteria range's values
    changed by ``change(values, criterion)`` (a new list, a pair of a new
    list and a new criterion, or None to keep them), or with every range's
    cells in reverse order (``reverse``: the last error of the cells
    selected comes first); None when nothing changed or an operand cannot be
    put back."""
    from openpyxl.utils import get_column_letter

    from sheetgd.engine import EMPTY, Workbook
    from sheetgd.engine.nodes import render
    from sheetgd.engine.values import Array

    from ..fuzz_tree import literal

    criteria_ranges = {r: c for r, c in _CRITERIA_PAIRS[name] if c < len(operands)}
    ranges = set(criteria_ranges) | ({2} if name in ("SUMIF", "AVERAGEIF") else
                                     {0} if name.endswith("IFS") and name != "COUNTIFS" else set())
    book = Workbook(dynamic_arrays=False)
    book.add_sheet("s")
    book.add_sheet("d")
    args, changed, col, criteria = [], False, 1, {}
    for i, value in enumerate(operands):
        value = criteria.get(i, value)
        if i in ranges and value is not None and not isinstance(value, Array):
            value = Array(((value,),))  # a one-cell range's value
        if isinstance(value, Array):
            cells = list(value.flat())
            if reverse:
                cells, changed = cells[::-1], True
            elif i in criteria_ranges:
                new = change(cells, operands[criteria_ranges[i]])
                if isinstance(new, tuple):
                    new, criteria[criteria_ranges[i]] = new
                if new is not None:
                    cells, changed = new, True
            for k, v in enumerate(cells):
                if v is None:
                    return None
                if v is not EMPTY:
                    book.put("d", k // value.width + 1, col + k % value.width, v)
            args.append(f"d!{get_column_letter(col)}1:{get_column_letter(col + value.width - 1)}"
                        f"{value.height}")
            col += value.width
        elif value is None or i in ranges:
            return None
        else:
            args.append(render(literal(value), 1, 1))
    if not changed:
        return None
    book.put_formula("s", 1, 1, f"={name}({','.join(args)})")
    book.calculate_all()
    return book.value("s!A1")


def _text_spelling_the_number(cells, criterion):
    """For a number criterion, text cells that spell it (" 4 ", "3") as text
    that does not: LibreOffice's number criterion selects numbers only
    (None when no such cell)."""
    from sheetgd.engine.values import parse_number_text

    if not isinstance(criterion, float) or isinstance(criterion, bool):
        return None
    spells = [isinstance(v, str) and parse_number_text(v) == criterion for v in cells]
    if not any(spells):
        return None
    return ["x" + v if s else v for v, s in zip(cells, spells)]


def _logicals_as_numbers(cells, criterion):
    """For a criterion comparing with a logical value by order (">TRUE",
    "<=FALSE"), LibreOffice's reading -- it has no logical type: the
    criterion's word as the number 1 (0) and logical cells as 1 and 0, so
    ">TRUE" selects the numbers above 1; Excel's (and sheetgd's) compares
    logical cells only (criteria.py).  A pair of the cells and the criterion
    read so; None for another criterion."""
    if not isinstance(criterion, str):
        return None
    op = next((o for o in ("<=", ">=", "<", ">") if criterion.startswith(o)), None)
    word = criterion[len(op):].strip().upper() if op else ""
    if word not in ("TRUE", "FALSE"):
        return None
    number = "1" if word == "TRUE" else "0"
    return [float(v) if isinstance(v, bool) else v for v in cells], op + number


def _errors_as_text(cells, criterion):
    """Error cells as their text, where the criterion is text with a wildcard
    (LibreOffice's reading; None when that changes nothing)."""
    from sheetgd.engine import XLError

    if not (isinstance(criterion, str) and any(ch in criterion for ch in "*?")) \
            or not any(isinstance(v, XLError) for v in cells):
        return None
    return [v.kind if isinstance(v, XLError) else v for v in cells]


def _equal_text_as_number(cells, criterion):
    """For a criterion "<>N" (N a number's text), cells holding exactly N's
    text (case aside) as the number: LibreOffice's "=N" selects that text, and
    its "<>N" everything else (None when no such cell)."""
    from sheetgd.engine.values import parse_number_text

    if not (isinstance(criterion, str) and criterion.startswith("<>")):
        return None
    operand = criterion[2:]
    number = parse_number_text(operand) if operand else None
    if number is None or not any(isinstance(v, str) and v.upper() == operand.upper() for v in cells):
        return None
    return [number if isinstance(v, str) and v.upper() == operand.upper() else v for v in cells]


def _close(a, b) -> bool:
    return isinstance(a, float) and abs(a - b) <= 1e-9 * max(1.0, abs(b))


def _libreoffice_paired_scalars(name, operands):
    """LibreOffice's SUMXMY2, SUMX2MY2 or SUMX2PY2 of two single values, one
    of them an empty cell (a one-cell range), which it reads as 0; None for
    other operands."""
    from sheetgd.engine import EMPTY

    if len(operands) != 2 or EMPTY not in operands \
            or not all(v is EMPTY or isinstance(v, float) for v in operands):
        return None
    x, y = (0.0 if v is EMPTY else v for v in operands)
    return {"SUMXMY2": (x - y) ** 2, "SUMX2MY2": x * x - y * y, "SUMX2PY2": x * x + y * y}[name]


def _libreoffice_logical_count(cells, criterion):
    """COUNTIF with the criterion "TRUE" or "FALSE" (or "=TRUE" ...) as
    LibreOffice counts it: the logical values and numbers equal to 1 (0) --
    it has no logical type -- and the text cells spelling the word.  None for
    another criterion."""
    from sheetgd.engine.values import Array

    if not isinstance(criterion, str) or not isinstance(cells, Array):
        return None
    word = criterion[1:] if criterion.startswith("=") else criterion
    if word.upper() not in ("TRUE", "FALSE"):
        return None
    number = 1.0 if word.upper() == "TRUE" else 0.0
    return float(sum(1 for v in cells.flat()
                     if isinstance(v, (bool, float)) and float(v) == number
                     or isinstance(v, str) and v.upper() == word.upper()))


def _libreoffice_number_count(cells, criterion):
    """COUNTIF(cells, number) as LibreOffice counts it: the cells holding
    that number (a logical value as 1 or 0), no text; None unless the
    criterion is a number and some cell holds text."""
    from sheetgd.engine.values import Array

    if not isinstance(criterion, float) or isinstance(criterion, bool) or not isinstance(cells, Array):
        return None
    values = list(cells.flat())
    if not any(isinstance(v, str) for v in values):
        return None
    return float(sum(1 for v in values if isinstance(v, (bool, float)) and float(v) == criterion))


_CRITERIA_FUNCTIONS = ("COUNTIF", "COUNTIFS", "SUMIF", "SUMIFS", "AVERAGEIF", "AVERAGEIFS",
                       "MAXIFS", "MINIFS")


def classify(node, operands, sg, lo):
    """The category of :data:`CATEGORIES` behind a disagreement at ``node``
    (a call of one of this family's functions), or None."""
    from sheetgd.engine import XLError
    from sheetgd.engine.nodes import Call
    from sheetgd.engine.values import Array

    if not isinstance(node, Call):
        return None
    if node.name in _CRITERIA_FUNCTIONS and isinstance(lo, XLError) and not (
            isinstance(sg, XLError) and sg.kind == lo.kind):
        from ..fuzz_explain import _kinds

        if any(isinstance(v, XLError) and v.kind == lo.kind for v in operands[1:]):
            return "criteria-error"
        if any(isinstance(v, XLError) and lo.kind in _kinds(v) for v in operands[1:]):
            return "criteria-error+invalid-argument"  # LibreOffice's Err:502 for it
    if node.name in _CRITERIA_FUNCTIONS and len(operands) == len(node.args) and sg != lo:
        for name, change in (("criteria-error-text", _errors_as_text),
                             ("criteria-not-equal-text", _equal_text_as_number),
                             ("criteria-numeric-text", _text_spelling_the_number),
                             ("criteria-booleans", _logicals_as_numbers)):
            redone = _criteria_redone(node.name, operands, change)
            if redone is not None and (redone == lo or _close(redone, lo)):
                return name
        if isinstance(sg, XLError) and isinstance(lo, XLError) and node.name != "COUNTIF" \
                and node.name != "COUNTIFS":  # the last error of the cells selected
            redone = _criteria_redone(node.name, operands, reverse=True)
            if isinstance(redone, XLError) and redone.kind == lo.kind:
                return "error-order"
    if node.name == "DECIMAL" and isinstance(sg, XLError) and sg.kind == "#NUM!" \
            and (sg.message or "").startswith("DECIMAL: ") and len(operands) == 2 \
            and isinstance(operands[0], str) and isinstance(operands[1], float) \
            and isinstance(lo, float) and libreoffice_decimal(*operands) == lo:
        return "decimal-affixes"
    if node.name == "COUNTIF" and len(operands) == 2 and isinstance(sg, float) \
            and _libreoffice_logical_count(*operands) == lo != sg:
        return "criteria-booleans"
    if node.name == "COUNTIF" and len(operands) == 2 and isinstance(sg, float) \
            and _libreoffice_number_count(*operands) == lo != sg:
        return "criteria-numeric-text"
    if node.name in ("SUMXMY2", "SUMX2MY2", "SUMX2PY2") and isinstance(sg, float) and lo != sg \
            and any(isinstance(a, str) or isinstance(a, Array) and any(isinstance(v, str) for v in a.flat())
                    for a in operands):
        return "paired-text"
    if node.name in ("SUMXMY2", "SUMX2MY2", "SUMX2PY2") and isinstance(sg, float) \
            and isinstance(lo, float) and lo != sg \
            and _close(_libreoffice_paired_scalars(node.name, operands), lo):
        return "paired-empty"
    if node.name in ("ASINH", "ACOSH") and isinstance(sg, float) and isinstance(lo, XLError) \
            and lo.kind == "#NUM!" and operands and isinstance(operands[0], float) \
            and abs(operands[0]) > 1e154:
        return "inverse-hyperbolic-overflow"
    if node.name == "ARABIC" and isinstance(sg, float) and isinstance(lo, XLError) and operands \
            and isinstance(operands[0], str) and (operands[0] != operands[0].strip()
                                                  or operands[0].strip().startswith("-")):
        return "arabic-text"
    if node.name in _CRITERIA_FUNCTIONS and sg != lo \
            and any(isinstance(v, str) and any(ch in v for ch in "*?") for v in operands[1:]) \
            and any(isinstance(a, Array) and any(isinstance(v, bool) for v in a.flat()) for a in operands):
        return "criteria-booleans"
    if not isinstance(sg, XLError):
        return None
    message = sg.message or ""
    if node.name in ("DSTDEV", "DVAR", "DSTDEVP", "DVARP") and sg.kind == "#DIV/0!" and (
            isinstance(lo, XLError) and lo.kind == "#NUM!" or lo == 0.0):
        return "database-variance"
    if sg.kind == "#NUM!" and message.endswith(("of an angle of 2^27 or more", "of 2^53 or more")) \
            and isinstance(lo, (float, str)):
        return "argument-limit"
    if sg.kind == "#DIV/0!" and node.name in ("COT", "CSC", "COTH", "CSCH") and \
            isinstance(lo, XLError) and lo.kind == "#NUM!":
        return "division-by-zero"
    if sg.kind == "#DIV/0!" and node.name == "ATAN2" and (lo == 0.0 or (
            isinstance(lo, float) and abs(lo - math.pi) < 1e-13 and operands
            and isinstance(operands[0], float) and math.copysign(1.0, operands[0]) < 0)):
        return "division-by-zero"  # LibreOffice's atan2(0, -0) is pi: a negative zero x
    if node.name == "MROUND" and message.startswith("MROUND of a number and a multiple") and \
            isinstance(lo, float):
        return "mround-signs"
    return None


_CRITERIA = ['">5"', '"<=0"', '"<>3"', '">=2.5"', '"<10"', '"=1"', '"cat"', '"d*"', '"?og"',
             '"*a*"', '""', '"<>"', '"="', "TRUE", '"<>dog"', '">b"', "3", "0", '"3"']
# (not "TRUE" as text: whether Excel's criterion "TRUE" selects a cell holding the text TRUE
# is not documented; LibreOffice's does)


def table(g) -> dict:
    from ..formula_gen import ALL_COLS, DATA_ROWS, NUMBER_COLS  # (here: formula_gen imports this package)

    rng = g.rng

    def criterion(d):
        roll = rng.random()
        if roll < 0.6:
            return rng.choice(_CRITERIA)
        if roll < 0.75:
            return g.cell(ALL_COLS)
        if roll < 0.9:
            return f'">"&{g.num(d - 1)}'
        return g.num(d - 1)

    def rows():
        r1 = rng.randint(1, DATA_ROWS)
        return r1, rng.randint(r1, DATA_ROWS)

    def column(r1, r2, cols=ALL_COLS):
        c = rng.choice(cols)
        return f"data!{c}{r1}:{c}{r2}"

    def countif(d):
        return f"COUNTIF({g.range_(ALL_COLS)},{criterion(d)})"

    def ifs_pairs(d, r1, r2):
        return ",".join(f"{column(r1, r2)},{criterion(d)}" for _ in range(rng.randint(1, 2)))

    def countifs(d):
        r1, r2 = rows()
        return f"COUNTIFS({ifs_pairs(d, r1, r2)})"

    def one_criterion(name):
        def make(d):
            r1, r2 = rows()
            values = column(r1, r2, NUMBER_COLS + "F")
            if rng.random() < 0.1:  # a range of values of another size: resized from its corner
                values = f"data!{rng.choice(NUMBER_COLS)}{rng.randint(1, DATA_ROWS)}"
            args = [column(r1, r2), criterion(d)] + ([values] if rng.random() < 0.7 else [])
            return f"{name}({','.join(args)})"
        return make

    def many_criteria(name):
        def make(d):
            r1, r2 = rows()
            return f"{name}({column(r1, r2, NUMBER_COLS + 'F')},{ifs_pairs(d, r1, r2)})"
        return make

    def block(height, width, cols=NUMBER_COLS):
        r1 = rng.randint(1, DATA_ROWS - height + 1)
        c1 = rng.randrange(len(cols) - width + 1)
        return f"data!{cols[c1]}{r1}:{cols[c1 + width - 1]}{r1 + height - 1}"

    def mmult(d):
        n, k, m = rng.randint(1, 3), rng.randint(1, 3), rng.randint(1, 3)
        b_rows = k if rng.random() < 0.9 else rng.randint(1, 3)  # sometimes the shapes clash
        call = f"MMULT({block(n, k)},{block(b_rows, m)})"
        return rng.choice([f"SUM({call})", call, f"INDEX({call},{rng.randint(1, n)},{rng.randint(1, m)})"])

    def square(name):
        def make(d):
            n = rng.randint(1, 3)
            cols = NUMBER_COLS if rng.random() < 0.9 else "CDEF"
            arg = block(n, n if rng.random() < 0.9 else n % 3 + 1, cols)
            if name == "MINVERSE":
                return rng.choice([f"SUM(MINVERSE({arg}))", f"INDEX(MINVERSE({arg}),1,{rng.randint(1, n)})"])
            return f"{name}({arg})"
        return make

    def array(rows, cols):
        """An array constant of this shape, of numbers and logical values
        (text inside arrays: LibreOffice converts numeric text, refuses the rest)."""
        items = [",".join(rng.choice(["1", "2", "3", "0", "-1", "2.5", "10", "TRUE", "FALSE"])
                          for _ in range(cols)) for _ in range(rows)]
        return "{" + ";".join(items) + "}"

    def paired(name):
        def make(d):
            r1, r2 = rows()
            if rng.random() < 0.5:
                return f"{name}({column(r1, r2, NUMBER_COLS + 'F')},{column(r1, r2, NUMBER_COLS)})"
            height, width = rng.randint(1, 2), rng.randint(1, 3)
            return f"{name}({array(height, width)},{array(height, width)})"
        return make

    def unary(name):
        return lambda d: f"{name}({g.num(d - 1)})"

    def binary(name, seconds=None):
        def make(d):
            second = rng.choice(seconds) if seconds and rng.random() < 0.6 else g.num(d - 1)
            return f"{name}({g.num(d - 1)},{second})"
        return make

    def optional_second(name, seconds):
        def make(d):
            if rng.random() < 0.3:
                return f"{name}({g.num(d - 1)})"
            return binary(name, seconds)(d)
        return make

    def small(d):  # a count a factorial or binomial can take
        # (whole when negative: LibreOffice truncates -0.02 to 0 in some counts, refuses it in others)
        return rng.choice([str(rng.randint(0, 12)), f"{rng.randint(0, 30)}.5", "-1", f"INT({g.num(d - 1)})"])

    def whole(d):  # (LibreOffice's GCD and LCM of fractions differ from Excel's truncation)
        return rng.choice([str(rng.randint(0, 60)), "-1", f"INT(ABS({g.num(d - 1)}))"])

    def whole_array():  # (LibreOffice passes over a negative number inside an array)
        return "{" + ",".join(rng.choice(["0", "4", "6", "9", "12", "TRUE"]) for _ in range(2)) + "}"

    def counting(name):
        return lambda d: f"{name}({small(d)},{small(d)})"

    def roman(d):
        n = rng.choice([str(rng.randint(0, 3999)), "499", "1999", "3999", "4000", "-1", g.num(d - 1)])
        if rng.random() < 0.3:
            return f"ROMAN({n})"
        return f"ROMAN({n},{rng.choice(['0', '1', '2', '3', '4', '5', 'TRUE', '1.5'])})"

    def arabic(d):
        text = rng.choice(['"LVII"', '"mcmxii"', '"MIM"', '""', '"IIII"', '"XLIX"', '"ABC"',
                           '" XV "', '"-MMXI"',
                           '"MMMCMXCIX"', g.text(d - 1), f"ROMAN({rng.randint(0, 3999)})"])
        return f"ARABIC({text})"

    def base(d):
        args = [rng.choice([str(rng.randint(0, 100000)), g.num(d - 1)]),
                rng.choice(["2", "8", "16", "36", "10", "1", "37", g.num(d - 1)])]
        if rng.random() < 0.4:
            args.append(rng.choice(["0", "5", "12", "-1"]))
        return f"BASE({','.join(args)})"

    def decimal(d):
        text = rng.choice(['"FF"', '"ff"', '"111"', '"zap"', '"12"', '""', '"7"', g.text(d - 1)])
        radix = rng.choice(["2", "8", "10", "16", "36", "1", "37", g.num(d - 1)])
        return f"DECIMAL({text},{radix})"

    def seriessum(d):
        coefficients = array(1, rng.randint(1, 3)).replace("TRUE", "1").replace("FALSE", "0")
        return f"SERIESSUM({g.num(d - 1)},{rng.choice(['1', '2', '0.5'])},{rng.choice(['1', '2'])},{coefficients})"

    def subtotal(d):
        number = rng.choice([str(k) for k in range(1, 12)] + ["109", "101", "0", "12"])
        refs = [g.range_(ALL_COLS) for _ in range(rng.randint(1, 2))]
        return f"SUBTOTAL({number},{','.join(refs)})"

    def aggregate(d):
        number = rng.randint(1, 19)
        option = str(rng.randint(0, 7))
        if number < 14:
            return f"AGGREGATE({number},{option},{g.range_(ALL_COLS)})"
        k = {14: ["1", "2", "3", "0"], 15: ["1", "2", "3", "0"], 16: ["0", "0.25", "0.5", "1"],
             17: ["0", "1", "2", "4"], 18: ["0.25", "0.5", "0.75"], 19: ["1", "2", "3"]}[number]
        return f"AGGREGATE({number},{option},{g.range_(ALL_COLS)},{rng.choice(k)})"

    def database(name, field_optional=False):
        def make(d):
            cols = rng.randint(1, 4)
            db = f"data!A1:{NUMBER_COLS[cols - 1]}{DATA_ROWS}"
            field = str(rng.randint(1, cols))  # (LibreOffice's DGET reads a field past the database)
            if field_optional and rng.random() < 0.2:
                field = ""
            c = rng.randrange(cols)
            width = rng.randint(1, cols - c)
            criteria = f"data!{NUMBER_COLS[c]}1:{NUMBER_COLS[c + width - 1]}{rng.randint(2, 3)}"
            return f"{name}({db},{field},{criteria})"
        return make

    angles = ["0", "1", "-1", "0.5", "PI()", "2^27", "1E+9", "100"]
    table = {
        "COUNTIF": ("num", countif), "COUNTIFS": ("num", countifs),
        "SUMIF": ("num", one_criterion("SUMIF")), "AVERAGEIF": ("num", one_criterion("AVERAGEIF")),
        "SUMIFS": ("num", many_criteria("SUMIFS")), "AVERAGEIFS": ("num", many_criteria("AVERAGEIFS")),
        "MAXIFS": ("num", many_criteria("MAXIFS")), "MINIFS": ("num", many_criteria("MINIFS")),
        "COUNTBLANK": ("num", lambda d: f"COUNTBLANK({g.range_(ALL_COLS)})"),
        "MMULT": ("num", mmult), "MDETERM": ("num", square("MDETERM")),
        "MINVERSE": ("num", square("MINVERSE")),
        "MUNIT": ("num", lambda d: f"SUM(MUNIT({rng.choice(['1', '2', '3', '0', '2.5'])}))"),
        "SUMXMY2": ("num", paired("SUMXMY2")), "SUMX2MY2": ("num", paired("SUMX2MY2")),
        "SUMX2PY2": ("num", paired("SUMX2PY2")),
        "ATAN2": ("num", binary("ATAN2", ["1", "-1", "0"])),
        "RADIANS": ("num", unary("RADIANS")), "DEGREES": ("num", unary("DEGREES")),
        "SQRTPI": ("num", unary("SQRTPI")),
        # (digits kept small: see EXCLUDED_FORMS of tests/formula_gen.py on ROUND's huge digits)
        "TRUNC": ("num", lambda d: rng.choice([
            f"TRUNC({g.num(d - 1)})",
            f"TRUNC({g.num(d - 1)},{rng.choice(['0', '1', '2', '-1', '-2', '0.5', f'MOD({g.num(d - 1)},9)-3'])})"])),
        "CEILING": ("num", binary("CEILING", ["1", "0.5", "2", "-2", "0", "0.1"])),
        "FLOOR": ("num", binary("FLOOR", ["1", "0.5", "2", "-2", "0", "0.1"])),
        "CEILING.PRECISE": ("num", optional_second("CEILING.PRECISE", ["1", "0.5", "2", "-2", "0"])),
        "FLOOR.PRECISE": ("num", optional_second("FLOOR.PRECISE", ["1", "0.5", "2", "-2", "0"])),
        "ISO.CEILING": ("num", optional_second("ISO.CEILING", ["1", "0.5", "2", "-2", "0"])),
        "MROUND": ("num", binary("MROUND", ["1", "0.5", "3", "-2", "0", "0.1"])),
        "EVEN": ("num", unary("EVEN")), "ODD": ("num", unary("ODD")),
        "GCD": ("num", lambda d: f"GCD({whole(d)},{rng.choice([whole(d), g.range_(), whole_array()])})"),
        "LCM": ("num", lambda d: f"LCM({whole(d)},{whole(d)})"),
        "FACT": ("num", lambda d: f"FACT({small(d)})"),
        "FACTDOUBLE": ("num", lambda d: f"FACTDOUBLE({small(d)})"),
        "COMBIN": ("num", counting("COMBIN")),
        # (COMBINA(0,0): LibreOffice 0; Excel's value is not documented)
        "COMBINA": ("num", lambda d: f"COMBINA(MAX(1,{small(d)}),{small(d)})"),
        "PERMUT": ("num", counting("PERMUT")), "PERMUTATIONA": ("num", counting("PERMUTATIONA")),
        "QUOTIENT": ("num", binary("QUOTIENT", ["2", "3", "-4", "0", "0.5"])),
        # (a drawn INT(...) kept below 1001: LibreOffice 7.4 computes MULTINOMIAL(29.5,
        # 123456789012) step by step and did not finish in 30 s; the same draws otherwise)
        "MULTINOMIAL": ("num", lambda d: "MULTINOMIAL({},{})".format(
            *(a if not a.startswith("INT(") else f"MIN({a},1000)" for a in (small(d), small(d))))),
        "SERIESSUM": ("num", seriessum),
        "ROMAN": ("text", roman), "ARABIC": ("num", arabic),
        "BASE": ("text", base), "DECIMAL": ("num", decimal),
        "SUBTOTAL": ("num", subtotal), "AGGREGATE": ("num", aggregate),
    }
    for name in ("SIN", "COS", "TAN", "COT", "CSC", "SEC"):
        table[name] = ("num", (lambda n: lambda d: f"{n}({rng.choice(angles + [g.num(d - 1)] * 3)})")(name))
    for name in ("ASIN", "ACOS", "ATAN", "SINH", "COSH", "TANH", "ASINH", "ACOSH", "ATANH",
                 "COTH", "CSCH", "SECH", "ACOT", "ACOTH"):
        table[name] = ("num", unary(name))
    for name, optional in (("DSUM", False), ("DCOUNT", True), ("DCOUNTA", True), ("DAVERAGE", False),
                           ("DMAX", False), ("DMIN", False), ("DGET", False), ("DPRODUCT", False),
                           ("DSTDEV", False), ("DSTDEVP", False), ("DVAR", False), ("DVARP", False)):
        table[name] = ("num", database(name, optional))
    return table
