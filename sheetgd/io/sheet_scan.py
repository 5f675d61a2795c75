"""The fast path of the worksheet reader: whole columns at a time.

The applications that write most workbooks (Excel, LibreOffice, XlsxWriter,
openpyxl) write ``<sheetData>`` the same plain way: ``<row r="5">`` elements
holding ``<c r="E5" t="..."><f>...</f><v>...</v></c>`` cells, without
comments, prefixes, whitespace inside cells or character references.  For
such a sheet one regular expression splits the whole of ``<sheetData>`` into
its cells in C (:data:`_TOKEN`; ``re.split`` hands back each field as a
flat list, so no per-cell Python object is made to hold them), and the cells
are then read a column at a time:

- numbers, shared strings, booleans and errors converted with ``map``;
- the formulas of a filled-down column recognised by generating, for a
  whole run of rows at once, the text the column's formula would have in
  each row (its template with the row numbers filled in, as
  :class:`~sheetgd.engine.sharing.FillDown` does) and comparing the lists:
  one parse per run instead of one per cell;
- the cells of a run stored in bulk (:meth:`Workbook.put_cells`).

Anything else in ``<sheetData>`` -- a gap between the tokens that is not
whitespace, rows or cells out of order, an attribute declaring a namespace
or using an undeclared prefix, a character XML does not allow, a shared
formula used before its first cell -- raises :class:`NotFast`, and the
caller empties the sheet and reads it again with the general streaming
reader (:mod:`.xlsx_stream`), which is the reference: the two give identical
workbooks, cell by cell, warnings included (tests/test_sheet_scan.py).
Cells the fast path does not convert itself (inline strings, dates,
shared-formula masters, array formulas, data tables, text holding entities)
are handed to the general reader's per-cell store one by one, in the order
that reader would store them where the order matters (the column templates
of :class:`~sheetgd.engine.sharing.FillDown`, which both readers share).

What a ``<v>`` means for each cell type is :func:`.cell_values.cell_value`;
the column-wise conversions here (:func:`_convert`) must agree with it:
they take the common spellings and give anything else back (NotFast).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np

from ..engine.errors import FormulaError, from_text
from ..engine.refs import letters_to_col
from ..engine.values import EMPTY
from .cell_values import BOOLEANS, ooxml_text

#: One token of <sheetData>: a cell, a row's start tag, or a row's end tag.
#: ``split`` returns, per token, the gap before it and the 9 groups.
_TOKEN = re.compile(rb"""[\ \t\r\n]*(?:
 <c\ r="([A-Z]{1,3})([0-9]{1,7})"([^<>/]*)                     # 1 column 2 row 3 attributes
 (?:/>|>
   (?:<f(?![\ \t\r\n]*/>)([^<>/]*)(?:/>|>([^<]+)</f>))?      # 4 attributes 5 formula
   (?:<v>([^<]*)</v>|<v[\ \t\r\n]*/>|(<is><t(?:\ xml:space="preserve")?>[^<]*</t></is>))?  # 6 value 7 inline
 </c>)
|(<row\b[^<>]*>)                                                # 8 a row's start tag
|(</row>)                                                       # 9
)""", re.X | re.S)
_FIELDS = 10

_ATTR = re.compile(rb'[ \t\r\n]+([A-Za-z][\w.:-]*)="([^"&<]*)"')
_INLINE = re.compile(rb'<is><t[^>]*>([^<]*)</t></is>')
_MAX_ROW, _MAX_COL = 1_048_576, 16_384

# cell types (the t attribute) read here; the others go to the general reader's store
_N, _S, _STR, _B, _E, _OTHER = range(6)
_KINDS = {"n": _N, "s": _S, "str": _STR, "b": _B, "e": _E}
# what a formula element is: none, plain text, a shared formula's follower, other;
# _LATE: plain text the general reader stores, in its column's row order
_NO_F, _PLAIN, _FOLLOWER, _SLOW, _LATE = range(5)


class NotFast(Exception):
    """This <sheetData> is not for the fast path; read it with the general reader."""


#: Characters XML 1.0 does not allow (expat refuses them); ``]]>`` may not
#: appear in text either.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _checked(text: str, content: bool = True) -> str:
    """``text`` if an XML parser would accept it; NotFast otherwise."""
    if _NOT_XML.search(text) or content and "]]>" in text:
        raise NotFast(f"not XML: {text[:40]!r}")
    return text


_ATTRS = re.compile(rb'(?:[ \t\r\n]+[A-Za-z][\w.:-]*="[^"&<]*")*[ \t\r\n]*')


def attributes(text: bytes, prefixes=frozenset()) -> dict[str, str]:
    """``b' s="1" t="s"'`` -> {"s": "1", "t": "s"}; NotFast unless plain
    (double quotes, no references, no namespace declarations, prefixes
    only from ``prefixes``)."""
    if not _ATTRS.fullmatch(text):
        raise NotFast(f"attributes {text[:60]!r}")
    out = {}
    for k, v in _ATTR.findall(text):
        key = k.decode("ascii")
        prefix = key.partition(":")[0] if ":" in key else None
        if key == "xmlns" or prefix == "xmlns" or key in out or \
                prefix is not None and prefix not in prefixes and prefix != "xml":
            raise NotFast(f"attributes {text[:60]!r}")
        try:
            out[key] = _checked(v.decode("utf-8"), content=False)
        except UnicodeDecodeError:
            raise NotFast(f"attributes {text[:60]!r}") from None
    return out


def xml_text(raw: bytes | None) -> str | None:
    """Element text as an XML parser gives it (line ends normalised, the
    five predefined entities and character references replaced)."""
    if raw is None:
        return None
    try:
        text = _checked(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise NotFast("not UTF-8") from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = _REFERENCE.sub(_replace, text)
    return text


_REFERENCE = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));|&")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _replace(m) -> str:
    name, dec, hexa = m.groups()
    if name:
        return _PREDEFINED[name]
    code = int(dec) if dec else int(hexa, 16) if hexa else -1
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):
        raise NotFast(f"reference {m.group(0)!r}")  # the general reader says what is wrong
    return chr(code)


@dataclass
class SheetState:
    """What one sheet's chunks share: the general reader's cell store
    (``cells``: its ``sheet`` name, shared ``strings``, per-cell
    ``store(row, col, t, v, inline, f_attrs, f_text)`` with str arguments,
    the ``shared`` formulas' ASTs by si, and the columns' last formulas in
    ``fill``, a FillDown), and the caches of this reader."""

    cells: object
    generators: dict = field(default_factory=dict)  # template parts -> generate(rows)
    kinds: dict = field(default_factory=dict)  # cell attributes -> (code, t)
    formulas: dict = field(default_factory=dict)  # formula attributes -> (code, si or attributes)
    columns: dict = field(default_factory=dict)  # letters -> column
    row_attrs: dict = field(default_factory=dict)  # a row tag's other attributes, seen
    prefixes: frozenset = frozenset()  # the namespace prefixes the worksheet declares
    chunk_masters: dict = field(default_factory=dict)  # si -> last master's (row, col), this chunk
    last_row: int = 0
    checks: object = None  # the package check's SheetChecks: counts the cells before they are stored


class _Chunk:
    """One chunk's cells, field by field (lists in document order)."""

    def __init__(self, state: SheetState, parts: list, get, rows: np.ndarray):
        self.state, self.n = state, len(rows)
        self.rows = rows
        self._row_pool = None
        letters = get(parts[1::_FIELDS])
        self.cols = _columns(state, letters)
        key = self.rows * (_MAX_COL + 1) + self.cols
        if self.n > 1 and not (np.diff(key) > 0).all():
            raise NotFast("cells out of order")
        self.kind_attrs = get(parts[3::_FIELDS])
        self.f_attrs = get(parts[4::_FIELDS])
        self.f_text = get(parts[5::_FIELDS])
        self.v_text = get(parts[6::_FIELDS])
        self.inline = get(parts[7::_FIELDS])
        self.kinds = _codes(state.kinds, self.kind_attrs, lambda t: _cell_kind(t, state.prefixes))
        self.f_codes = _codes(state.formulas, self.f_attrs,
                              lambda t: _formula_kind(t, state.prefixes))

    def row_numbers(self, group: np.ndarray) -> list:
        """The rows of cells ``group``, as a list of ints that the chunk's
        columns share (one int object per row, not one per cell: 32 bytes a
        cell less for the cells' keys and cached values)."""
        first = int(self.rows[0])  # rows increase in document order
        pool = self._row_pool
        if pool is None:
            pool = self._row_pool = list(range(first, int(self.rows[-1]) + 1))
        return _picker((self.rows[group] - first).tolist())(pool)

    def store(self, i: int):
        """Hand cell ``i`` to the general reader."""
        st = self.state
        t = st.kinds[self.kind_attrs[i]][1]
        f_attrs = None if self.f_attrs[i] is None else attributes(self.f_attrs[i], st.prefixes)
        row, col = int(self.rows[i]), int(self.cols[i])
        if f_attrs and f_attrs.get("t") == "shared" and self.f_text[i] and "si" in f_attrs:
            st.chunk_masters[f_attrs["si"]] = (row, col)  # followers must come after it
        inline = self.inline[i]
        inline = None if inline is None else ooxml_text(xml_text(_INLINE.fullmatch(inline).group(1)))
        cm = attributes(self.kind_attrs[i] or b"", st.prefixes).get("cm") \
            if f_attrs and f_attrs.get("t") == "array" else None
        st.cells.store(row, col, t, xml_text(self.v_text[i] or None), inline, f_attrs,
                       xml_text(self.f_text[i]), cm)


def read_chunk(book, state: SheetState, body: bytes):
    """Read complete rows of <sheetData> into ``book``; NotFast if not plain."""
    if b"\x0b" in body or b"\x0c" in body:  # not XML, and float() would take them as spaces
        raise NotFast("control characters")
    parts = _TOKEN.split(body)
    gaps = parts[0::_FIELDS]  # what lies between the tokens (and after the last)
    if any(gaps[:-1]) or gaps[-1].strip(b" \t\r\n"):
        raise NotFast("markup the fast reader does not know")
    state.chunk_masters = {}
    letters = parts[1::_FIELDS]
    if not letters:
        return
    is_cell = np.fromiter(map(bool, letters), bool, count=len(letters))
    cells = np.flatnonzero(is_cell)
    if state.checks is not None:
        state.checks.add_cells(state.cells.sheet, len(cells))
    if not len(cells):
        _rows(state, parts[8::_FIELDS], is_cell, [])
        return
    get = _picker(cells)
    digits = get(parts[2::_FIELDS])
    rows = _rows(state, parts[8::_FIELDS], is_cell, digits)
    ch = _Chunk(state, parts, get, rows)
    n = ch.n
    has_formula = np.fromiter(map(bool, ch.f_text), bool, count=n)
    f_code = np.where((ch.f_codes == _PLAIN) & ~has_formula, _SLOW,
                      np.where((ch.f_codes == _FOLLOWER) & has_formula, _SLOW, ch.f_codes))
    slow = (ch.kinds == _OTHER) | (f_code == _SLOW) | \
        _present(ch.inline)
    # a formula without a cached value (as openpyxl saves one): the general
    # reader keeps it out of the cached values
    has_value = _present(ch.v_text)
    slow |= has_formula & (ch.kinds != _STR) & ~has_value
    if b"&" in body or b"\r" in body:
        slow |= np.fromiter(map(_needs_unescape, ch.f_text), bool, count=n)
        slow |= np.fromiter(map(_needs_unescape, ch.v_text), bool, count=n)
    # A plain formula the general reader stores moves its column's FillDown
    # template on, so it is stored in its column's row order (late); the
    # other cells it stores go first, in document order (shared formulas'
    # first cells before the cells that refer to them; array formulas in the
    # order the general reader lists them).
    late = slow & (ch.f_codes == _PLAIN) & has_formula
    for i in np.flatnonzero(slow & ~late).tolist():
        ch.store(i)
    values = _values(state, ch.kinds, ch.v_text, has_value, ~slow)
    f_code = np.where(late, _LATE, f_code)
    order = np.argsort(ch.cols, kind="stable")
    order = order[~(slow & ~late)[order]]
    if not len(order):
        return
    bounds = np.flatnonzero(np.diff(ch.cols[order])) + 1
    for group in np.split(order, bounds):
        _read_column(book, ch, int(ch.cols[group[0]]), group, f_code, values)


def _picker(index):
    """``get(seq)``: the items of ``seq`` at ``index``, as a list."""
    index = index.tolist() if isinstance(index, np.ndarray) else index
    if len(index) == 1:
        return lambda seq: [seq[index[0]]]
    get = itemgetter(*index)
    return lambda seq: list(get(seq))


def _needs_unescape(b) -> bool:
    return b is not None and (b"&" in b or b"\r" in b)


_ROW_TAG = re.compile(rb'<row(?: r="([0-9]{1,7})")?([^<>]*?)(/?)>')


def _rows(state: SheetState, starts: list, is_cell: np.ndarray, digits: list) -> np.ndarray:
    """The row of each cell (of ``is_cell``'s tokens): that of the row
    element it is in, which its own reference must name.  NotFast unless
    the row elements nest, and their numbers increase."""
    others = np.flatnonzero(~is_cell)
    tags = [starts[i] for i in others.tolist()]
    rows, names, kinds, attrs = [], [], [], state.row_attrs
    for tag in tags:
        if tag is None:  # </row>
            kinds.append(2)
            continue
        m = _ROW_TAG.fullmatch(tag)
        if m is None:
            raise NotFast(f"row tag {tag[:60]!r}")
        r, rest, empty = m.groups()
        if rest not in attrs:  # the other attributes: validated once per text
            if "r" in attributes(rest, state.prefixes):
                raise NotFast(f"row tag {tag[:60]!r}")
            attrs[rest] = None
        row = state.last_row + 1 if r is None else int(r)
        if not state.last_row < row <= _MAX_ROW or (r is not None and r[:1] == b"0"):
            raise NotFast("rows out of order")
        state.last_row = row
        rows.append(row)
        names.append(r or str(row).encode("ascii"))
        kinds.append(0 if empty else 1)
    codes = np.array(kinds, np.int8)
    nested = codes[codes != 0]  # start and end tags must alternate, starts first
    if len(nested) % 2 or (nested[0::2] != 1).any() or (nested[1::2] != 2).any():
        raise NotFast("row elements do not nest")
    # each cell's enclosing token: the last non-cell token before it
    cells = np.flatnonzero(is_cell)
    before = np.searchsorted(others, cells) - 1
    if (before < 0).any() or (codes[before] != 1).any():
        raise NotFast("a cell outside a row")
    tag_number = np.cumsum(codes != 2) - 1  # which row tag each non-cell token is, or follows
    which = tag_number[before]
    if _picker(which)(names) != digits:
        raise NotFast("a cell's row is not its row element's")
    return np.array(rows, np.int64)[which]


def _columns(state: SheetState, letters: list) -> np.ndarray:
    known = state.columns
    for new in set(letters) - known.keys():
        col = letters_to_col(new.decode("ascii"))
        if col > _MAX_COL:
            raise NotFast(f"column {new!r} beyond XFD")
        known[new] = col
    return np.fromiter(map(known.__getitem__, letters), np.int64, count=len(letters))


def _codes(cache: dict, texts: list, decode) -> np.ndarray:
    """The code of each attribute string (each distinct string decoded once;
    ``cache`` maps the string to (code, detail))."""
    distinct = set(texts)
    for new in distinct - cache.keys():
        cache[new] = decode(new)
    codes = {t: cache[t][0] for t in distinct}
    if len(set(codes.values())) == 1:  # (one code for all: most chunks' cell types)
        return np.full(len(texts), next(iter(codes.values())), np.int8)
    return np.fromiter(map(codes.__getitem__, texts), np.int8, count=len(texts))


def _cell_kind(text: bytes, prefixes):
    t = attributes(text, prefixes).get("t", "n")
    return _KINDS.get(t, _OTHER), t


def _formula_kind(text: bytes | None, prefixes):
    if text is None:
        return _NO_F, None
    attrs = attributes(text, prefixes)
    t = attrs.get("t", "normal")
    if t == "normal":
        return _PLAIN, None
    if t == "shared" and "si" in attrs and "ref" not in attrs:
        return _FOLLOWER, attrs["si"]
    return _SLOW, None


def _present(items: list) -> np.ndarray:
    """Which of ``items`` (bytes or None) are there and not empty."""
    if not any(items):  # (a C loop: the common case of a field no cell has)
        return np.zeros(len(items), bool)
    return np.fromiter(map(bool, items), bool, count=len(items))


def _values(state: SheetState, kinds: np.ndarray, texts: list, present: np.ndarray,
            wanted: np.ndarray) -> np.ndarray:
    """The engine value of each cell's <v> (EMPTY where there is none or it
    is empty), as an object array; cells not ``wanted`` are left EMPTY.
    NotFast if one cannot be read (the general reader then names it)."""
    out = np.empty(len(texts), dtype=object)
    out.fill(EMPTY)
    has = present & wanted
    out[np.flatnonzero(~has & wanted & (kinds == _STR))] = ""  # an empty text result
    for kind in (_N, _S, _STR, _B, _E):
        idx = np.flatnonzero(has & (kinds == kind))
        if not len(idx):
            continue
        try:
            got = _convert(kind, _picker(idx)(texts), state.cells.strings)
        except (ValueError, IndexError, UnicodeDecodeError) as exc:
            raise NotFast(str(exc)) from None
        out[idx] = np.array(got, dtype=object)
    return out


def _convert(kind: int, raw: list, strings: list) -> list:
    """What :func:`.cell_values.cell_value` gives for these ``<v>`` texts of one type; a
    ValueError (the general reader's turn) for anything else."""
    if kind == _N:
        got = list(map(float, raw))
        if not np.isfinite(np.array(got)).all():
            got = [v if math.isfinite(v) else from_text("#NUM!") for v in got]
        return got
    if kind == _S:
        if not all(map(bytes.isdigit, raw)):
            raise ValueError("a shared string index that is not digits")
        index = list(map(int, raw))
        if max(index) >= len(strings):
            raise ValueError("a shared string that does not exist")
        return [strings[i] for i in index]
    text = [b.decode("utf-8") for b in raw]
    _checked("\n".join(text))
    if kind == _STR:
        return [ooxml_text(t) for t in text]
    if kind == _B:
        got = [BOOLEANS.get(t.strip().lower()) for t in text]
        if None in got:
            raise ValueError("a boolean that is not 1, 0, true or false")
        return got
    got = [from_text(t) for t in text]
    if None in got:
        raise ValueError("an unknown error value")
    return got


def _read_column(book, ch: _Chunk, col: int, group: np.ndarray, f_code: np.ndarray,
                 values: list):
    """Store one column's cells of the chunk: its constants at once, and its
    formulas run by run (a run: one AST)."""
    codes = f_code[group]
    index = group.tolist()
    rows = ch.row_numbers(group)
    shown = values[group].tolist()
    const = np.flatnonzero(codes == _NO_F).tolist()
    const = [k for k in const if shown[k] is not EMPTY] if const else const
    if const:
        book.put_cells(ch.state.cells.sheet, col, [rows[k] for k in const], [shown[k] for k in const],
                       engine_values=True, fresh=True)
    segments = np.flatnonzero(np.diff(codes)) + 1
    for start, end in zip([0] + segments.tolist(), segments.tolist() + [len(codes)]):
        code = int(codes[start])
        if code == _PLAIN:
            texts = [ch.f_text[i] for i in index[start:end]]
            _read_plain(book, ch, col, index[start:end], rows[start:end], texts, shown[start:end])
        elif code == _FOLLOWER:
            _read_followers(book, ch, col, index[start:end], rows[start:end], shown[start:end])
        elif code == _LATE:
            for i in index[start:end]:
                ch.store(i)


def _read_followers(book, ch: _Chunk, col: int, index: list, rows: list, shown: list):
    """The cells of shared formulas that carry only the master's index."""
    sis = [ch.state.formulas[ch.f_attrs[i]][1] for i in index]
    i = 0
    while i < len(index):
        si, j = sis[i], i + 1
        while j < len(index) and sis[j] == si:
            j += 1
        master = ch.state.chunk_masters.get(si)
        if master is not None and master > (rows[i], col):  # stored early: a master read later
            raise NotFast(f"shared formula {si} used before its first cell")
        node = ch.state.cells.shared.get(si)
        if node is None:  # no master: the general reader warns, cell by cell
            for k in range(i, j):
                ch.store(index[k])
        else:
            book.put_cells(ch.state.cells.sheet, col, rows[i:j], shown[i:j], node=node, cached=True,
                          engine_values=True, fresh=True)
        i = j


def _read_plain(book, ch: _Chunk, col: int, index: list, rows: list, texts: list, shown: list):
    """Plain formula text, cell after cell: runs of a template, one put each."""
    i, n = 0, len(index)
    while i < n:
        j = _template_run(ch.state, col, rows, texts, i)
        if j == i:  # a formula that does not parse: the general reader says why
            ch.store(index[i])
            i += 1
            continue
        book.put_cells(ch.state.cells.sheet, col, rows[i:j], shown[i:j],
                       node=ch.state.cells.fill.template(col)[1], cached=True, engine_values=True,
                       fresh=True)
        i = j


def _template_run(state: SheetState, col: int, rows: list, texts: list, i: int) -> int:
    """The end of the run from ``i`` of formulas that are the column's
    template filled in for their rows (``i`` if the formula at ``i`` does
    not parse).  The template is the general reader's own
    (:class:`~sheetgd.engine.sharing.FillDown`, shared with it), so both
    readers give a run the very same AST object; a run stops where FillDown
    would stop matching (its template filled in off the grid, or none kept)."""
    try:
        state.cells.fill.node("=" + _checked(texts[i].decode("utf-8")), rows[i], col)
    except (UnicodeDecodeError, FormulaError):
        return i
    parts, _, _, last = state.cells.fill.template(col)
    if parts is None:  # a formula FillDown parses row by row
        return i + 1
    generate = _generator(state, parts)
    n = bisect_right(rows, last, i + 1)  # beyond ``last`` a filled-in row is off the grid
    j, step = i + 1, 16
    while j < n:
        k = min(n, j + step)
        want = generate(rows[j:k])
        if want == texts[j:k]:
            j, step = k, step * 2
            continue
        return j + next(m for m, (a, b) in enumerate(zip(want, texts[j:k])) if a != b)
    return j


_LOOPS: dict = {}  # row offsets -> lambda fmt, rows: [fmt % (r + o1, ...) for r in rows]


def _generator(state: SheetState, parts: list):
    """``generate(rows)``: the raw texts of a FillDown template (literal
    pieces and row offsets, after the '=') filled in for ``rows``."""
    key = tuple(parts)
    generate = state.generators.get(key)
    if generate is not None:
        return generate
    pieces = [parts[0][1:]] + list(parts[1:])  # without the '='
    if len(pieces) == 1:
        raw = pieces[0].encode("utf-8")
        generate = state.generators[key] = lambda rows: [raw] * len(rows)
        return generate
    fmt = b"".join(p.encode("utf-8").replace(b"%", b"%%") if type(p) is str else b"%d"
                   for p in pieces)
    offsets = tuple(p for p in pieces if type(p) is not str)
    loop = _LOOPS.get(offsets)
    if loop is None:
        args = ", ".join("r" if o == 0 else f"r + {o}" if o > 0 else f"r - {-o}" for o in offsets)
        loop = _LOOPS[offsets] = eval(  # noqa: S307 -- made of integers only
            f"lambda fmt, rows: [fmt % ({args},) for r in rows]")
    generate = state.generators[key] = lambda rows: loop(fmt, rows)
    return generate
