"""Fuzz generators for the date and time functions and TEXT's friends.

Dates are drawn from 1900-03-01 on (serials from 61): before that Excel's
calendar has its fictitious 1900-02-29 and LibreOffice's has not, so every
date function differs by a day there (tests/function_cases/dates.py names
those differences).  Whole-number arguments (months, days, decimals) are
drawn whole: Excel truncates a fraction toward zero, LibreOffice floors it
in some functions (FIXED(1234.5,-0.9): "1,235" in Excel, "1,230" there).
"""

from __future__ import annotations

import re

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

#: Formats TEXT is drawn with (number formats and date formats apart: date
#: formats get dates).
NUMBER_FORMATS = ["0", "0.00", "#,##0", "#,##0.00", "0%", "0.0%", "0.00E+00", "$#,##0.00",
                  "0;(0)", "000000", "# ?/?", "0.0,", "#,##0.00;(#,##0.00)", "@"]
DATE_FORMATS = ["yyyy-mm-dd", "mm/dd/yyyy", "d-mmm-yy", "mmmm d, yyyy", "dddd", "ddd", "mmm",
                "hh:mm", "h:mm AM/PM", "[h]:mm", "yyyy-mm-dd hh:mm", "m/d/yy h:mm"]



def table(g) -> dict:
    rng = g.rng

    def ymd():
        return rng.randint(1950, 2060), rng.randint(1, 12), rng.randint(1, 28)

    def serial(d):
        """An expression giving a date from 1900-03-01 on (sometimes with a
        time of day, sometimes as date text)."""
        roll = rng.random()
        y, m, day = ymd()
        if roll < 0.3:
            return f"DATE({y},{rng.choice([m, m, rng.randint(-14, 30)])},{rng.choice([day, rng.randint(-40, 400)])})"
        if roll < 0.5:
            return str(rng.randint(3000, 60000))
        if roll < 0.6:
            return f"{rng.randint(3000, 60000)}.{rng.randint(0, 999):03d}"
        if roll < 0.75:
            return rng.choice([f'"{y}-{m:02d}-{day:02d}"', f'"{m}/{day}/{y}"',
                               f'"{day}-{_MONTHS[m - 1]}-{y}"'])
        if roll < 0.92:
            return f"{rng.randint(20000, 50000)}+{g.cell()}"
        # any number, kept within a few years: LibreOffice 7 hangs on some dates past year
        # 9999 (EDATE(1227013450,-37) never returns)
        return f"{rng.randint(30000, 50000)}+MOD({g.num(d - 1)},3000)"

    def time(d):
        roll = rng.random()
        if roll < 0.3:
            return repr(round(rng.random(), 6))
        if roll < 0.5:
            return f"TIME({rng.randint(0, 30)},{rng.randint(0, 200)},{rng.randint(0, 5000)})"
        if roll < 0.65:
            return f'"{rng.randint(0, 23)}:{rng.randint(0, 59):02d}"'
        if roll < 0.75:
            return f'"{rng.randint(1, 12)}:{rng.randint(0, 59):02d} {rng.choice(["AM", "PM"])}"'
        if roll < 0.9:
            return f"ABS({g.cell()})"
        return serial(d)

    def whole(low, high):
        return str(rng.randint(low, high))

    def date_time_text(kind="date"):
        """Date text (with a time of day sometimes) for DATEVALUE, time text
        (with a date sometimes) for TIMEVALUE, now and then no date at all."""
        y, m, day = ymd()
        h, mi = rng.randint(0, 23), rng.randint(0, 59)
        both = [f'"{y}-{m:02d}-{day:02d} {h}:{mi:02d}"', f'"{m}/{day}/{y} {rng.randint(1, 12)}:{mi:02d} PM"']
        dates = [f'"{y}-{m:02d}-{day:02d}"', f'"{m}/{day}/{y}"', f'"{day}-{_MONTHS[m - 1]}-{y}"',
                 f'"{_MONTHS[m - 1]} {day}, {y}"', f'"{m}/{day}/{y % 100:02d}"']
        times = [f'"{h}:{mi:02d}:{rng.randint(0, 59):02d}"', f'"{rng.randint(1, 12)}:{mi:02d} {rng.choice(["AM", "PM"])}"',
                 f'"{h}:{mi:02d}"']
        other = ['"x"', '""', g.cell("E")]
        return rng.choice(both + (dates if kind == "date" else times) + other)

    def holidays():
        base = rng.randint(30000, 50000)
        return "{" + ",".join(str(base + rng.randint(-30, 300)) for _ in range(rng.randint(1, 3))) + "}"

    def span(d):
        """Two dates at most a few years apart, in either order."""
        start = serial(d)
        return start, rng.choice([f"{start}+{rng.randint(-800, 800)}", serial(d)])

    def weekday(d):
        kind = rng.choice(["", ",1", ",2", ",3", ",11", ",12", ",13", ",14", ",15", ",16", ",17"])
        return f"WEEKDAY({serial(d)}{kind})"

    def weeknum(d):
        kind = rng.choice(["", ",1", ",2", ",11", ",12", ",13", ",14", ",15", ",16", ",17", ",21"])
        return f"WEEKNUM({serial(d)}{kind})"

    def datedif(d):
        a = serial(d)
        unit = rng.choice(["Y", "M", "D", "MD", "YM", "y", "d"])
        return f'DATEDIF({a},{a}+{rng.randint(0, 3000)},"{unit}")'

    def days360(d):
        a, b = span(d)
        return f"DAYS360({a},{b}{rng.choice(['', ',TRUE', ',FALSE'])})"

    def yearfrac(d):
        a, b = span(d)
        return f"YEARFRAC({a},{b}{rng.choice(['', ',0', ',1', ',2', ',3', ',4'])})"

    def networkdays(d):
        a = serial(d)
        extra = f",{holidays()}" if rng.random() < 0.4 else ""
        return f"NETWORKDAYS({a},{a}+{rng.randint(-400, 400)}{extra})"

    def workday(d):
        extra = f",{holidays()}" if rng.random() < 0.4 else ""
        return f"WORKDAY({serial(d)},{whole(-300, 300)}{extra})"

    def weekend():
        return rng.choice(["1", "2", "7", "11", "17", '"0000011"', '"1000001"', '"0010001"'])

    def networkdays_intl(d):
        a = serial(d)
        return f"NETWORKDAYS.INTL({a},{a}+{rng.randint(-400, 400)},{weekend()})"

    def workday_intl(d):
        return f"WORKDAY.INTL({serial(d)},{whole(-300, 300)},{weekend()})"

    def text(d):
        if rng.random() < 0.5:
            value = rng.choice([g.cell(), g.number_literal(), f"-{g.cell()}", whole(-5000, 5000)])
            return f'TEXT({value},"{rng.choice(NUMBER_FORMATS)}")'
        return f'TEXT({serial(d)},"{rng.choice(DATE_FORMATS)}")'

    def value(d):
        spelled = ['"$1,000"', '"50%"', '"(2)"', '" 4 "', '"1E3"']
        return "VALUE(" + rng.choice([date_time_text(rng.choice(["date", "time"])), g.cell("F"), g.cell()] + spelled) + ")"

    def numbervalue(d):
        text_, dec, grp = rng.choice([('"2.500,27"', ",", "."), ('"1 234,5%"', ",", "."), ('"1,234.5"', ".", ","),
                                      ('"3.5%"', ".", ","), ('"12e3"', ".", ","), ('"1.2.3"', ".", ","),
                                      ('"1.5,0"', ".", ","), ('"x"', ".", ",")])
        return f'NUMBERVALUE({text_},"{dec}","{grp}")'

    return {
        "DATE": ("num", lambda d: f"DATE({rng.randint(1950, 2100)},{rng.choice([whole(-20, 40), g.cell()])},"
                                  f"{rng.choice([whole(-60, 400), g.cell()])})"),
        "TIME": ("num", lambda d: f"TIME({whole(0, 40)},{whole(-30, 300)},{whole(-100, 9000)})"),
        "YEAR": ("num", lambda d: f"YEAR({serial(d)})"),
        "MONTH": ("num", lambda d: f"MONTH({serial(d)})"),
        "DAY": ("num", lambda d: f"DAY({serial(d)})"),
        "HOUR": ("num", lambda d: f"HOUR({time(d)})"),
        "MINUTE": ("num", lambda d: f"MINUTE({time(d)})"),
        "SECOND": ("num", lambda d: f"SECOND({time(d)})"),
        "WEEKDAY": ("num", weekday),
        "WEEKNUM": ("num", weeknum),
        "ISOWEEKNUM": ("num", lambda d: f"ISOWEEKNUM({serial(d)})"),
        "EDATE": ("num", lambda d: f"EDATE({serial(d)},{whole(-40, 40)})"),
        "EOMONTH": ("num", lambda d: f"EOMONTH({serial(d)},{whole(-40, 40)})"),
        "DATEDIF": ("num", datedif),
        "DAYS": ("num", lambda d: "DAYS({},{})".format(*span(d))),
        "DAYS360": ("num", days360),
        "YEARFRAC": ("num", yearfrac),
        "NETWORKDAYS": ("num", networkdays),
        "WORKDAY": ("num", workday),
        "NETWORKDAYS.INTL": ("num", networkdays_intl), "WORKDAY.INTL": ("num", workday_intl),
        "DATEVALUE": ("num", lambda d: f"DATEVALUE({date_time_text()})"),
        "TIMEVALUE": ("num", lambda d: f"TIMEVALUE({date_time_text('time')})"),
        "TEXT": ("text", text),
        "VALUE": ("num", value),
        "NUMBERVALUE": ("num", numbervalue),
        "FIXED": ("text", lambda d: f"FIXED({g.num(d - 1)}{rng.choice(['', ',' + whole(-3, 5), ',' + whole(0, 3) + ',TRUE'])})"),
        "DOLLAR": ("text", lambda d: f"DOLLAR(ABS({g.num(d - 1)}){rng.choice(['', ',' + whole(-3, 5)])})"),
    }


#: The date family's own categories (docs/compatibility.md).
CATEGORIES = {
    "weeknum-year-end": "WEEKNUM of a last day of December whose week (types 1, 2, 11..17) holds "
                        "the next 1 January: Excel counts it in its own year (53 or 54: "
                        "WEEKNUM(\"2019-12-29\") is 53); LibreOffice calls it week 1",
    "elapsed-time-limit": "TEXT with an elapsed-time format ([h], [m], [s]) of 2^32 seconds "
                          "(49,710.27 days) or more either way: Excel writes the count "
                          "(TEXT(50273,\"[h]:mm\") is 1206552:00); LibreOffice 7.4 writes #FMT",
    "time-second-carry": "HOUR and MINUTE of a time within half a second of the next minute: "
                         "Excel rounds the time to the nearest second first (SECOND rounds, "
                         "and the carry reaches the minute and hour: MINUTE(0.912498), "
                         "21:53:59.83, is 54); LibreOffice 7.4 rounds only SECOND (0) and "
                         "truncates MINUTE (53) and HOUR (HOUR(0.9999999) is 23)",
}

#: 2^32 seconds in days: from there LibreOffice 7.4's elapsed-time formats write #FMT
#: (measured: TEXT(49710,"[h]:mm") is 1193040:00, TEXT(49710.27,"[h]:mm") #FMT).
_ELAPSED_LIMIT_DAYS = 2**32 / 86400
_ELAPSED = re.compile(r"\[(h+|m+|s+)\]", re.IGNORECASE)

#: WEEKNUM's return types of system 1 and the weekday each week starts on (0 Sunday).
_WEEK_STARTS = {1: 0, 2: 1, 11: 1, 12: 2, 13: 3, 14: 4, 15: 5, 16: 6, 17: 0}


def libreoffice_weeknum_year_end(serial: float, return_type: float) -> float | None:
    """LibreOffice 7.4's WEEKNUM where it parts from Excel's system 1: 1 for a
    date whose week (starting on the type's weekday) holds 1 January of the
    next year (its Date::GetWeekOfYear with one day as the minimum of a first
    week turns such a week 53 or 54 into week 1); None for other dates and
    types.  Serials from 61 (1900-03-01) on."""
    import datetime as dt
    import math

    start = _WEEK_STARTS.get(math.trunc(return_type))
    if start is None or not 61 <= serial < 2958466:
        return None
    day = dt.date(1899, 12, 30) + dt.timedelta(days=math.floor(serial))
    sunday_based = (day.weekday() + 1) % 7  # 0 Sunday .. 6 Saturday
    week_end = day + dt.timedelta(days=6 - (sunday_based - start) % 7)
    return 1.0 if week_end.year > day.year else None


def classify(node, operands, sg, lo):
    """``weeknum-year-end``: WEEKNUM where sheetgd gives week 53 or 54 and
    LibreOffice's rule (:func:`libreoffice_weeknum_year_end`) its 1;
    ``elapsed-time-limit``: TEXT of a value past 2^32 seconds in an
    elapsed-time format, LibreOffice's #FMT."""
    from sheetgd.engine.nodes import Call
    from sheetgd.engine.values import to_number

    if isinstance(node, Call) and node.name == "TEXT" and lo == "#FMT" and isinstance(sg, str) \
            and len(operands) == 2 and isinstance(operands[1], str) and _ELAPSED.search(operands[1]):
        value = to_number(operands[0]) if isinstance(operands[0], (float, bool, str)) else None
        if isinstance(value, float) and abs(value) >= _ELAPSED_LIMIT_DAYS:
            return "elapsed-time-limit"
        return None
    if isinstance(node, Call) and node.name in ("HOUR", "MINUTE") and operands:
        return "time-second-carry" if _second_carry(node.name, operands[0], sg, lo) else None
    if not (isinstance(node, Call) and node.name == "WEEKNUM" and sg in (53.0, 54.0)
            and lo == 1.0 and operands):
        return None
    serial = to_number(operands[0]) if isinstance(operands[0], (float, bool, str)) else None
    kind = to_number(operands[1]) if len(operands) > 1 and isinstance(operands[1], (float, bool, str)) else 1.0
    if not isinstance(serial, float) or not isinstance(kind, float):
        return None
    return "weeknum-year-end" if libreoffice_weeknum_year_end(serial, kind) == lo else None


def _second_carry(name, value, sg, lo) -> bool:
    """HOUR or MINUTE where LibreOffice's value is the truncated time's
    (no carry of the rounded second) and sheetgd's the rounded time's."""
    import math

    from sheetgd.engine.values import to_number

    serial = to_number(value) if isinstance(value, (float, bool, str)) else None
    if not isinstance(serial, float) or serial < 0 or not isinstance(sg, float):
        return False
    whole = int(math.floor((serial - math.floor(serial)) * 86400))
    truncated = float(whole // 3600) if name == "HOUR" else float(whole // 60 % 60)
    return lo == truncated and sg != truncated
