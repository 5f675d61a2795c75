"""Fuzz generators of the text family (sheetgd/engine/functions/text.py and
text_join.py; LibreOffice lacks text_regex.py's): calls over generated text
and numbers, literals with spaces, case, wildcards and symbols, counts and
positions at and past the edges
(0, negative, fractional, past the end), and ranges for CONCAT and TEXTJOIN.

Forms left out, each a documented Excel/LibreOffice difference with its
row in tests/function_cases/text.py: codes outside ASCII in CHAR and CODE
and code 0 in CHAR and UNICHAR (LibreOffice on Linux uses UTF-8 bytes and
makes U+0000; Excel Windows-1252 and #VALUE!), REPT past 32,767
characters (LibreOffice has no such limit), error literals in T and N
(LibreOffice's T(#DIV/0!) is #N/A), "ß" (LibreOffice's UPPER makes it
"ẞ").  Control characters other than tab, line feed and carriage return
are not made either: LibreOffice writes them into the file as _xHHHH_,
which openpyxl reads back as such.  Numbers turned into text are short
(see ``number`` in :func:`table`)."""

from __future__ import annotations

#: Functions the fuzzer leaves out, and why.
EXCLUDED = {
    "TEXTBEFORE": "LibreOffice 7.4 has no TEXTBEFORE (added in 24.8); tests/function_cases/text.py",
    "TEXTAFTER": "LibreOffice 7.4 has no TEXTAFTER (added in 24.8); tests/function_cases/text.py",
    "TEXTSPLIT": "LibreOffice 7.4 has no TEXTSPLIT (added in 24.8); tests/function_cases/text.py",
    **{name: f"LibreOffice has no {name} (it has REGEX); tests/function_cases/text.py"
       for name in ("REGEXTEST", "REGEXEXTRACT", "REGEXREPLACE")},
    "VALUETOTEXT": "LibreOffice 7.4 has no VALUETOTEXT; tests/function_cases/text.py",
    "ARRAYTOTEXT": "LibreOffice 7.4 has no ARRAYTOTEXT; tests/function_cases/text.py",
    **{name: f"LibreOffice 7.4 reads {name} in an .xlsx file as an unknown name (#NAME?); "
             "tests/function_cases/text.py" for name in ("PHONETIC", "BAHTTEXT")},
}

_LITERALS = ['"Cat dog"', '"  a  b  "', '"hello WORLD"', '"don\'t stop-me now"', '"a*b?c~d"',
             '"Quarter 1, 2011"', '"x"', '""', '"aAaA"', '"2-way street"', '"ab ab ab"']
_NEEDLES = ['"a"', '"o"', '""', '"A"', '" "', '"ab"', '"?"', '"*"', '"~*"', '"~?"', '"c*t"',
            '"?o"', '"d*"', '"1"', '"zz"', '"w"']


def table(g) -> dict:
    rng = g.rng

    def text(d):
        return rng.choice(_LITERALS) if rng.random() < 0.4 else g.text(d - 1)

    def number(d):
        """A number that both spreadsheets spell alike as text (15 digits or
        fewer; computed ones are not: LibreOffice writes up to 17 digits,
        and 1E+15 as 1000000000000000 -- the number-format category, which
        a function that cuts the text up, like RIGHT, hides)."""
        return rng.choice([g.cell(), str(rng.randint(-50, 50)), repr(round(rng.uniform(0, 10), 3)),
                           "0.5", "-2.25", "123456789012"])

    def some(d):
        """Text, a number or another value (numbers become text, 15 digits)."""
        roll = rng.random()
        if roll < 0.6:
            return text(d)
        if roll < 0.85:
            return number(d)
        return rng.choice([g.logic(d - 1), g.cell("F"), "NA()", "1/0", "#VALUE!"])

    def count(d):
        return rng.choice(["0", "1", "2", "3", "5", "100", "-1", "2.7", "0.5", g.num(d - 1)])

    def part(name, with_start):
        def make(d):
            args = [some(d)]
            if with_start:
                args += [count(d), count(d)]
            elif rng.random() < 0.8:
                args.append(count(d))
            return f"{name}({','.join(args)})"
        return make

    def find(name, needles):
        def make(d):
            args = [rng.choice(needles + [text(d)]), some(d)]
            if rng.random() < 0.4:
                args.append(count(d))
            return f"{name}({','.join(args)})"
        return make

    def substitute(d):
        args = [some(d), rng.choice(_NEEDLES[:6] + [text(d), number(d)]), text(d)]
        if rng.random() < 0.4:
            args.append(rng.choice(["1", "2", "3", "0", "-1", "1.5"]))
        return f"SUBSTITUTE({','.join(args)})"

    def replace(name):
        return lambda d: f"{name}({some(d)},{count(d)},{count(d)},{text(d)})"

    def rept(d):
        return f"REPT({text(d)},{rng.choice(['0', '1', '3', '2.9', '-1', g.num(d - 1)])})"

    def one(name, arg=None):
        return lambda d: f"{name}({(arg or some)(d)})"

    def cleaned(d):
        return rng.choice([text(d), f"CHAR(9)&{text(d)}&CHAR(10)", f"{text(d)}&CHAR(13)&\" x\"",
                           f"CHAR(13)&{number(d)}"])

    def several(d, low=1, high=4):
        return ",".join(some(d) for _ in range(rng.randint(low, high)))

    def concat(d):
        args = []
        for _ in range(rng.randint(1, 3)):
            roll = rng.random()
            args.append(g.range_("ABCDE") if roll < 0.3 else g.array() if roll < 0.45 else some(d))
        return f"CONCAT({','.join(args)})"

    def textjoin(d):
        delimiter = rng.choice(['","', '", "', '""', '"-"', '{",",";"}', text(d)])
        flag = rng.choice(["TRUE", "FALSE", "1", "0"])
        args = []
        for _ in range(rng.randint(1, 3)):
            roll = rng.random()
            args.append(g.range_("ABCDE") if roll < 0.3 else g.array() if roll < 0.45 else some(d))
        return f"TEXTJOIN({delimiter},{flag},{','.join(args)})"

    def char(d):
        code = rng.choice([str(rng.randint(32, 126)), str(rng.randint(32, 126)), "65.5", "256",
                           "-1", "1E+10", f"32+MOD(ABS({g.num(d - 1)}),95)"])
        return f"CHAR({code})"

    def unichar(d):
        code = rng.choice([str(rng.randint(32, 126)), str(rng.randint(160, 55000)), "8364",
                           "1114112", "-1", "66.9", f"32+MOD(ABS({g.num(d - 1)}),95)"])
        return f"UNICHAR({code})"

    def code(name):
        return lambda d: f"{name}({rng.choice([text(d), number(d), g.logic(d - 1)])})"

    def typed(d):
        """Any value but an error typed as a literal (LibreOffice's T(#DIV/0!) is #N/A)."""
        return rng.choice([text(d), number(d), g.num(d - 1), g.logic(d - 1), g.cell("EF"), "1/0",
                           "NA()"])

    def url_text(d):
        """Text for ENCODEURL: letters, digits, the unreserved - _ . ~, URL
        punctuation, spaces, accented letters and other scripts."""
        return rng.choice(['"http://contoso.com/a b?x=1&y=2"', '"a-b_c~d"', '"a.b"', '"100%"',
                           '"ü é"', '"日本"', '"#x+y=z"', '"[a]{b}"', '"a/b\\c"', "\"'q'\"",
                           '"!*(),;:@$"', '""', text(d), number(d)])

    def width_text(d):
        """Text for ASC and JIS: full-width and half-width letters and digits,
        katakana of both widths (with voicing marks), hiragana, kanji,
        ASCII, numbers."""
        return rng.choice(['"ＥＸＣＥＬ"', '"EXCEL"', '"ガパア"', '"ｶﾞﾊﾟｱ"', '"ひらがな"',
                           '"漢字"', '"１２３"', '"a　b"', '"ヴ"', '"ｳﾞ"', '"ｰ､｡"', '"ー、。"',
                           '"Ab1 !~"', '"ヶ"', text(d), number(d)])

    return {
        "ENCODEURL": ("text", one("ENCODEURL", url_text)),
        "ASC": ("text", one("ASC", width_text)), "JIS": ("text", one("JIS", width_text)),
        "LEN": ("num", one("LEN")), "LENB": ("num", one("LENB")),
        "LEFT": ("text", part("LEFT", False)), "LEFTB": ("text", part("LEFTB", False)),
        "RIGHT": ("text", part("RIGHT", False)), "RIGHTB": ("text", part("RIGHTB", False)),
        "MID": ("text", part("MID", True)), "MIDB": ("text", part("MIDB", True)),
        "FIND": ("num", find("FIND", _NEEDLES[:6] + ['"1"', '"zz"'])),
        "FINDB": ("num", find("FINDB", _NEEDLES[:6])),
        "SEARCH": ("num", find("SEARCH", _NEEDLES)), "SEARCHB": ("num", find("SEARCHB", _NEEDLES)),
        "SUBSTITUTE": ("text", substitute),
        "REPLACE": ("text", replace("REPLACE")), "REPLACEB": ("text", replace("REPLACEB")),
        "REPT": ("text", rept),
        "TRIM": ("text", one("TRIM")), "CLEAN": ("text", one("CLEAN", cleaned)),
        "UPPER": ("text", one("UPPER")), "LOWER": ("text", one("LOWER")),
        "PROPER": ("text", one("PROPER")),
        "CONCATENATE": ("text", lambda d: f"CONCATENATE({several(d)})"),
        "CONCAT": ("text", concat), "TEXTJOIN": ("text", textjoin),
        "CHAR": ("text", char), "CODE": ("num", code("CODE")),
        "UNICHAR": ("text", unichar), "UNICODE": ("num", code("UNICODE")),
        "EXACT": ("logic", lambda d: f"EXACT({some(d)},{rng.choice([some(d), text(d)])})"),
        "T": ("text", lambda d: f"T({typed(d)})"), "N": ("num", lambda d: f"N({typed(d)})"),
    }


#: The text family's own categories (docs/compatibility.md).
CATEGORIES = {
    "encodeurl-unreserved": "ENCODEURL: LibreOffice keeps only ASCII letters, digits, - and _ "
                            "(its ScEncodeURL) and refuses empty text (#VALUE!); Excel's example "
                            "keeps '.', and sheetgd keeps RFC 3986's unreserved . and ~ and "
                            "answers \"\" for \"\"",
    "width-forms": "ASC, JIS: LibreOffice's JIS leaves a space a space and gives ' \" ` \\ their "
                   "JIS X 0208 forms (’ ” ‘ ￥), its ASC takes those back and leaves U+3000, "
                   "and its JIS leaves ｳﾞ two characters (ウ゛); sheetgd uses Unicode's "
                   "fullwidth forms (U+3000, ＇ ＂ ｀ ＼) and makes ヴ",
}


def libreoffice_encodeurl(text: str, pad: bool = True):
    """LibreOffice 7.4's ENCODEURL (ScEncodeURL): each UTF-8 byte but ASCII
    letters, digits, - and _ as %XX (``pad=False``: older releases wrote a
    byte below 0x10 with one digit); None (its #VALUE!) for empty text."""
    if text == "":
        return None
    out = []
    for byte in text.encode("utf-8", "surrogatepass"):
        ch = chr(byte)
        out.append(ch if ch.isascii() and (ch.isalnum() or ch in "-_")
                   else f"%{byte:02X}" if pad else f"%{byte:X}")
    return "".join(out)


#: LibreOffice 7.4's JIS and ASC where they part from sheetgd's, measured by
#: recomputing JIS and ASC of every ASCII character, every half-width katakana
#: (alone and with ﾞ or ﾟ) and every full-width form in LibreOffice 7.4.
_LO_JIS = {" ": " ", "'": "\u2019", '"': "\u201d", "`": "\u2018", "\\": "\uffe5",
           "\uff73\uff9e": "\u30a6\u309b"}
_LO_ASC = {"\u3000": "\u3000", "\u2019": "'", "\u201d": '"', "\u2018": "`", "\uffe5": "\\"}


def libreoffice_width(name: str, text: str) -> str:
    """LibreOffice's JIS or ASC of ``text``: sheetgd's, but for the
    characters of :data:`_LO_JIS` / :data:`_LO_ASC`."""
    import re

    from sheetgd.engine.functions.text_more import ASC, JIS

    table, convert = (_LO_JIS, JIS) if name == "JIS" else (_LO_ASC, ASC)
    pattern = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    out, at = [], 0
    for m in re.finditer(pattern, text):
        out += [convert(text[at:m.start()]), table[m.group()]]
        at = m.end()
    return "".join(out + [convert(text[at:])])


def classify(node, operands, sg, lo):
    """``encodeurl-unreserved`` or ``width-forms``: ENCODEURL, JIS or ASC of
    text whose LibreOffice value, recomputed by its rule, is LibreOffice's."""
    from sheetgd.engine import XLError
    from sheetgd.engine.nodes import Call
    from sheetgd.engine.values import to_text

    if not (isinstance(node, Call) and node.name in ("ENCODEURL", "JIS", "ASC")
            and len(operands) == 1 and isinstance(operands[0], (str, float))):
        return None
    text = to_text(operands[0])
    if not isinstance(text, str):
        return None
    if node.name == "ENCODEURL":
        if libreoffice_encodeurl(text) is None:
            return ("encodeurl-unreserved" if isinstance(lo, XLError) and lo.kind == "#VALUE!"
                    and sg == "" else None)
        return ("encodeurl-unreserved" if lo in (libreoffice_encodeurl(text),
                                                 libreoffice_encodeurl(text, pad=False)) else None)
    return "width-forms" if isinstance(lo, str) and libreoffice_width(node.name, text) == lo else None
