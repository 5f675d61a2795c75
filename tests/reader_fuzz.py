"""A mutation fuzzer for the xlsx readers (tests/test_reader_faults.py runs it).

A few small valid workbooks (written here with sheetgd's own writer,
openpyxl, XlsxWriter and by hand) are mutated -- bytes flipped, parts
truncated, XML elements and attributes deleted, duplicated or inserted,
cell types swapped, values replaced with huge numbers, bad indices, odd
dates, relationships pointed nowhere, parts dropped or renamed, the zip
itself cut or damaged -- and each result is read.  Every outcome must be a
Workbook or a :class:`WorkbookReadError` whose message is one line naming
the file; never another exception, a hang (a per-case timer) or unbounded
memory (the cases run in a child process with an address-space limit, and
with ``max_cells`` small).  Every third case is also read with the general
reader alone, which must give the same workbook as the fast path.

Run it by hand::

    python -m tests.reader_fuzz --cases 2000 --seed 7      # prints statistics

It exits 1 if a case failed, printing each failure (seed and case number
reproduce it: ``--only N``).
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import random
import re
import resource
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from pathlib import Path

#: Limits for every read: small, so a mutated array formula cannot fill the memory.
MAX_CELLS = 200_000
MAX_UNCOMPRESSED = 64 << 20
#: Seconds one case may take (the child's timer raises in it past this).
CASE_SECONDS = 10
#: Address space of the child process.
MEMORY = 3 << 30

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# -- the seed workbooks ---------------------------------------------------------------------

def _sheetgd_book(path: Path):
    from sheetgd.engine import Workbook
    from sheetgd.io.xlsx_write import write_xlsx

    book = Workbook()
    book.add_sheet("data")
    book.add_sheet("calc")
    for r in range(1, 6):
        book.set(f"data!A{r}", r * 1.5)
        book.set(f"data!B{r}", f"text {r}")
        book.set(f"data!C{r}", f"=A{r}*2+ABS(A{r})")
    book.set("calc!A1", "=SUM(data!A1:A5)")
    book.set("calc!A2", True)
    book.set("calc!A3", "=1/0")
    book.define_name("rate", "data!$A$1")
    book.set("calc!B1", "=rate*3")
    write_xlsx(book, path)


def _openpyxl_book(path: Path):
    import datetime as dt

    import openpyxl
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.formula import ArrayFormula

    wb = openpyxl.Workbook()
    wb.iso_dates = True
    ws = wb.active
    ws.title = "s"
    ws["A1"], ws["A2"], ws["A3"] = 1, 2.5, "words"
    ws["B1"] = dt.datetime(2024, 1, 2, 13, 45, 30)
    ws["B2"] = dt.time(13, 45, 30)
    ws["B3"] = dt.date(1900, 2, 1)
    ws["C1"] = ArrayFormula("C1:C3", "=A1:A3*2")
    ws["D1"], ws["D2"] = True, False
    other = wb.create_sheet("two")
    other["A1"] = "=s!A1+1"
    other.defined_names["local"] = DefinedName("local", attr_text="two!$A$1")
    wb.defined_names["glob"] = DefinedName("glob", attr_text="s!$A$1:$A$3")
    wb.save(path)


def _xlsxwriter_book(path: Path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("x")
    for r in range(8):
        ws.write_number(r, 0, r / 3)
        ws.write_string(r, 1, f"s{r % 3}")
        ws.write_formula(r, 2, f"=A{r + 1}+1", None, r / 3 + 1)
    ws.write_boolean(0, 3, True)
    ws.write_formula(0, 4, "=1/0", None, "#DIV/0!")
    ws.write_array_formula("F1:F3", "{=A1:A3*2}")
    ws.write_formula(0, 6, '="a"&B1', None, "as0")
    wb.define_name("x!local", "=x!$A$1")
    ws.add_table("H1:J3", {"name": "T", "data": [[2, 3], [4, 5]], "columns": [  # a table part
        {"header": "U"}, {"header": "C'#"}, {"header": "P", "formula": "=[@U]*[@[C'#]]"}]})
    ws.write_formula(4, 7, "=SUM(T[P])+T[[#Headers],[U]]&T[#All]", None, 26)
    wb.define_name("tp", "=T[[#Data],[P]]")
    wb.close()


def _hand_book(path: Path):
    rows = (
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="b"><v>1</v></c>'
        '<c r="D1" t="e"><v>#N/A</v></c><c r="E1" t="inlineStr"><is><t>in</t></is></c>'
        '<c r="F1" t="d"><v>2024-01-02T00:00:00</v></c><c r="G1" t="str"><v>text</v></c></row>'
        '<row r="2"><c r="A2"><f t="shared" ref="A2:A4" si="0">A1*2</f><v>2</v></c>'
        '<c r="B2"><f t="array" ref="B2:B3">A1:A2+1</f><v>2</v></c>'
        '<c r="C2"><f t="dataTable" ref="C2" dt2D="0" dtr="0" r1="A1"/><v>5</v></c></row>'
        '<row r="3"><c r="A3"><f t="shared" si="0"/><v>4</v></c><c r="B3"><v>3</v></c></row>'
        '<row r="4"><c r="A4"><f t="shared" si="0"/><v>8</v></c></row>')
    names = ('<definedNames><definedName name="n" localSheetId="0">s!$A$1</definedName>'
             '<definedName name="g">s!$A$1*2</definedName></definedNames>')
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                f'<sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets>{names}</workbook>')
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>')
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
             f'<sheetData>{rows}</sheetData></worksheet>')
    sst = f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><t>zero</t></si><si><t>one</t></si></sst>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", sst)


SEEDS = {"sheetgd": _sheetgd_book, "openpyxl": _openpyxl_book, "xlsxwriter": _xlsxwriter_book,
         "hand": _hand_book}


def seed_parts(folder: Path) -> dict[str, list[tuple[str, bytes]]]:
    """{seed name: [(part name, bytes), ...]} of each seed workbook."""
    out = {}
    for name, make in SEEDS.items():
        path = folder / f"seed_{name}.xlsx"
        make(path)
        with zipfile.ZipFile(path) as z:
            out[name] = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    return out


# -- mutations --------------------------------------------------------------------------------

_START = re.compile(rb"<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>")
_ATTR = re.compile(rb"\s+[\w.:-]+\s*=\s*(?:\"[^\"]*\"|'[^']*')")
_TYPE = re.compile(rb'\bt="[^"]*"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_DIGITS = re.compile(rb"[0-9]+")
TYPES = [b"n", b"s", b"str", b"inlineStr", b"b", b"e", b"d", b"zz", b"", b"array", b"shared"]
VALUES = [b"-1", b"2", b"99999999999999999999", b"1e999", b"-1e999", b"nan", b"", b" ", b"TRUE",
          b"yes", b"abc", b"13:45:30", b"2024-13-45", b"0001-01-01", b"#BOGUS!", b"#N/A",
          b"&#0;", b"&amp;", b"1" * 5000, b"0x10", b"1_0", "\u0661".encode(), b"\xff\xfe"]
ATTRIBUTES = [b't="zz"', b't="d"', b't="s"', b't="b"', b't="e"', b't="inlineStr"', b'r="XFE1"',
              b'r="0"', b'r="A0"', b'r="$A$1"', b'r="99999999"', b'r="-3"', b'r=""',
              b'ref="A1:XFD1048576"', b'ref="A1:XFD10"', b'ref="B7:A1"', b'ref="zz!A1:B2"',
              b'ref="A:A"', b'localSheetId="abc"', b'localSheetId="99"', b'localSheetId="-1"',
              b'r:id="rId99"', b'si="99"', b'si="0"', b'name=""', b'name="s"',
              b'Target="nowhere.xml"', b'Type="urn:x"', b'xmlns="urn:unknown"',
              b'TargetMode="External"']


def _start_tags(data: bytes):
    return list(_START.finditer(data))


def flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(len(data) + 1)]


def delete_element(data: bytes, rng: random.Random) -> bytes:
    tags = _start_tags(data)
    if not tags:
        return data
    m = rng.choice(tags)
    if m.group(3):  # <x/>
        return data[:m.start()] + data[m.end():]
    end = data.find(b"</" + m.group(1) + b">", m.end())
    return data if end < 0 else data[:m.start()] + data[end + len(m.group(1)) + 3:]


def duplicate_element(data: bytes, rng: random.Random) -> bytes:
    tags = _start_tags(data)
    if not tags:
        return data
    m = rng.choice(tags)
    if m.group(3):
        return data[:m.end()] + m.group(0) + data[m.end():]
    close = b"</" + m.group(1) + b">"
    end = data.find(close, m.end())
    if end < 0:
        return data
    element = data[m.start():end + len(close)]
    return data[:end + len(close)] + element + data[end + len(close):]


def delete_attribute(data: bytes, rng: random.Random) -> bytes:
    spots = list(_ATTR.finditer(data))
    if not spots:
        return data
    m = rng.choice(spots)
    return data[:m.start()] + data[m.end():]


def insert_attribute(data: bytes, rng: random.Random) -> bytes:
    tags = _start_tags(data)
    if not tags:
        return data
    m = rng.choice(tags)
    at = m.start() + 1 + len(m.group(1))
    attribute = rng.choice(ATTRIBUTES)
    name = attribute.split(b"=")[0]
    existing = re.search(rb"\s" + re.escape(name) + rb"\s*=\s*(\"[^\"]*\"|'[^']*')", m.group(2))
    if existing:  # replace its value: an attribute twice is not XML at all
        start = m.start() + 1 + len(m.group(1)) + existing.start()
        return data[:start] + b" " + attribute + data[start + len(existing.group(0)):]
    return data[:at] + b" " + attribute + data[at:]


def swap_type(data: bytes, rng: random.Random) -> bytes:
    spots = list(_TYPE.finditer(data))
    if not spots:
        return insert_attribute(data, rng)
    m = rng.choice(spots)
    return data[:m.start()] + b't="' + rng.choice(TYPES) + b'"' + data[m.end():]


def set_value(data: bytes, rng: random.Random) -> bytes:
    spots = list(_VALUE.finditer(data))
    if not spots:
        return data
    m = rng.choice(spots)
    return data[:m.start(1)] + rng.choice(VALUES) + data[m.end(1):]


def huge_number(data: bytes, rng: random.Random) -> bytes:
    spots = list(_DIGITS.finditer(data))
    if not spots:
        return data
    m = rng.choice(spots)
    new = rng.choice([b"0", b"99999999999999", b"1048577", b"16385", b"4294967296", b"1" * 400])
    return data[:m.start()] + new + data[m.end():]


def declare_encoding(data: bytes, rng: random.Random) -> bytes:
    """An XML declaration naming an encoding the parser may not know."""
    encoding = rng.choice([b"UTF-0", b"shift_jis", b"utf-32", b"latin-1", b"ebcdic", b"utf-16"])
    declaration = b'<?xml version="1.0" encoding="' + encoding + b'"?>'
    if data.startswith(b"<?xml"):
        return declaration + data[data.find(b"?>") + 2:]
    return declaration + data


def utf16(data: bytes, rng: random.Random) -> bytes:
    """The same part in UTF-16 (a valid change: the readers must read it alike)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    text = re.sub(r"^<\?xml[^>]*\?>", '<?xml version="1.0" encoding="UTF-16"?>', text)
    return text.encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be"]))


def set_formula(data: bytes, rng: random.Random) -> bytes:
    """A formula's text replaced with something hard to parse."""
    spots = list(re.finditer(rb"<f([^>/]*)>([^<]*)</f>", data))
    if not spots:
        return data
    m = rng.choice(spots)
    text = rng.choice([b"(" * 400 + b"1" + b")" * 400, b"-" * 9000 + b"1", b"SUM(" * 300,
                       b"A1:", b"#REF!+1", b"{1,2;3}", b"'no sheet'!A1", b"A1048577", b"&lt;&gt;",
                       b"1+" * 3000 + b"1", b"\xc3\xa9(", b"INDIRECT(\"A\"&amp;ROW())", b"",
                       b"T[[#This Row],[", b"T[[#Nope],[U]]", b"[@U]", b"T[P]:T[U]",
                       b"T[" * 300, b"T['", b"Q[x]"])
    return data[:m.start(2)] + text + data[m.end(2):]


PART_MUTATIONS = [flip, truncate, delete_element, duplicate_element, delete_attribute,
                  insert_attribute, swap_type, set_value, huge_number, declare_encoding,
                  set_formula, utf16]


def drop_part(parts, rng):
    if len(parts) > 1:
        del parts[rng.randrange(len(parts))]


def move_sheet(parts, rng):
    """A worksheet stored elsewhere, its relationship pointing there."""
    sheets = [i for i, (n, _) in enumerate(parts) if n.startswith("xl/worksheets/sheet")]
    if not sheets:
        return
    i = rng.choice(sheets)
    old = parts[i][0]
    new = rng.choice(["xl/data/" + old.rsplit("/", 1)[-1], "elsewhere.xml", "xl/WS/Sheet.XML"])
    parts[i] = (new, parts[i][1])
    target = rng.choice(["/" + new, new[3:] if new.startswith("xl/") else "../" + new])
    for k, (n, data) in enumerate(parts):
        if n == "xl/_rels/workbook.xml.rels":
            parts[k] = (n, data.replace(old[3:].encode(), target.encode()))


def rename_part(parts, rng):
    i = rng.randrange(len(parts))
    name, data = parts[i]
    parts[i] = (rng.choice([name.upper(), name + ".bak", "xl/other/" + name.rsplit("/", 1)[-1],
                            name.replace("sheet1", "sheet2")]), data)


def _mutate_parts(parts: list, rng: random.Random) -> list[str]:
    done = []
    for _ in range(rng.randint(1, 3)):
        roll = rng.random()
        if roll < 0.06:
            drop_part(parts, rng)
            done.append("drop_part")
            continue
        if roll < 0.1:
            rename_part(parts, rng)
            done.append("rename_part")
            continue
        if roll < 0.16:
            move_sheet(parts, rng)
            done.append("move_sheet")
            continue
        xml = [i for i, (n, _) in enumerate(parts) if n.endswith((".xml", ".rels"))]
        # the sheets, workbook and strings more often than the rest
        weights = [4 if re.search(r"sheet|workbook|sharedStrings", parts[i][0]) else 1 for i in xml]
        i = rng.choices(xml, weights)[0]
        mutation = rng.choice(PART_MUTATIONS)
        parts[i] = (parts[i][0], mutation(parts[i][1], rng))
        done.append(mutation.__name__)
    return done


def make_case(seeds: dict, rng: random.Random, path: Path) -> list[str]:
    """Write one mutated workbook to ``path``; the mutations' names."""
    seed = rng.choice(sorted(seeds))
    parts = list(seeds[seed])
    done = [seed] + _mutate_parts(parts, rng)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)
    data = buffer.getvalue()
    roll = rng.random()
    if roll < 0.04:
        data, _ = truncate(data, rng), done.append("zip_truncate")
    elif roll < 0.08:
        data, _ = flip(data, rng), done.append("zip_flip")
    elif roll < 0.1:
        data, _ = zip_version(data, rng), done.append("zip_version")
    path.write_bytes(data)
    return done


def zip_version(data: bytes, rng: random.Random) -> bytes:
    """A member's "version needed to extract" or compression method that zipfile does not know."""
    out = bytearray(data)
    heads = [m.start() for m in re.finditer(rb"PK\x01\x02", data)]
    if heads:
        at = rng.choice(heads)
        if rng.random() < 0.5:
            out[at + 6] = rng.choice([63, 99, 115, 200])  # version needed: 6.3 .. 20.0
        else:
            out[at + 10] = rng.choice([1, 6, 9, 12, 14, 98, 99])  # shrunk, implode, ..., AES
    return bytes(out)


# -- running ------------------------------------------------------------------------------------

#: What the reader says when an exception it did not expect got out (a bug
#: to fix, by its kind, though the user still gets one line).
GENERIC = ("internal error", "cannot read the workbook", "cannot read this cell")


class CaseTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise CaseTimeout(f"over {CASE_SECONDS} s")


def check_one(path: Path, compare: bool) -> tuple[str, str]:
    """("ok" | "refused", detail) or ("bad", what went wrong)."""
    from sheetgd.io.xlsx_read import WorkbookReadError, read_workbook

    try:
        book = read_workbook(path, max_cells=MAX_CELLS, max_uncompressed=MAX_UNCOMPRESSED)
    except WorkbookReadError as exc:
        text = str(exc)
        if "\n" in text or str(path) not in text or any(m in text for m in GENERIC):
            return "bad", f"message: {text!r}"
        return "refused", text[len(str(path)) + 2:][:160]
    except CaseTimeout:
        raise
    except BaseException as exc:  # noqa: BLE001 -- what the fuzzer is for
        if isinstance(exc, KeyboardInterrupt):
            raise
        return "bad", "".join(traceback.format_exception(exc))[-3000:]
    if compare:
        from .test_sheet_scan import _read

        if _read(path, fast=True) != _read(path, fast=False):
            return "bad", "the fast and the general reader give different workbooks"
    return "ok", f"{len(book.sheet_names)} sheets, {len(book.warnings)} warnings"


def run(cases: int, seed: int, only: int | None = None) -> dict:
    """Run the cases; statistics and failures as a dict."""
    rng = random.Random(seed)
    stats, kinds, failures, slowest = Counter(), Counter(), [], (0.0, None)
    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seeds = seed_parts(folder)
        started = time.monotonic()
        for n in range(cases):
            case_rng = random.Random(rng.getrandbits(64))
            if only is not None and n != only:
                continue
            path = folder / f"case{n}.xlsx"
            done = make_case(seeds, case_rng, path)
            kinds.update(done[1:])
            t0 = time.monotonic()
            signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
            try:
                outcome, detail = check_one(path, compare=n % 3 == 0)
            except CaseTimeout as exc:
                outcome, detail = "bad", f"timeout: {exc}"
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.monotonic() - t0
            slowest = max(slowest, (took, n), key=lambda x: x[0])
            stats[outcome] += 1
            if outcome == "refused":
                stats["refused: " + re.sub(r"[0-9]+", "N", detail.split(":")[0])[:50]] += 1
            if outcome == "bad":
                failures.append({"case": n, "mutations": done, "detail": detail})
            path.unlink()
    return {"seed": seed, "cases": cases, "seconds": round(time.monotonic() - started, 1),
            "slowest_case": {"seconds": round(slowest[0], 2), "case": slowest[1]},
            "outcomes": dict(stats), "mutations": dict(kinds), "failures": failures}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", type=int, default=None, help="run case N only")
    parser.add_argument("--json", type=Path, default=None, help="write the statistics here")
    args = parser.parse_args(argv)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    logging.disable(logging.WARNING)  # each workbook's warnings: not the fuzzer's output
    result = run(args.cases, args.seed, args.only)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    for failure in result["failures"]:
        print(f"case {failure['case']} {failure['mutations']}:\n{failure['detail']}\n")
    shown = {k: v for k, v in result.items() if k != "failures"}
    print(json.dumps(shown, indent=1))
    return 1 if result["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
