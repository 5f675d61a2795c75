"""Joining and splitting text: CONCATENATE, CONCAT, TEXTJOIN, TEXTBEFORE,
TEXTAFTER, TEXTSPLIT.

Values become text as everywhere (numbers in the General format with 15
significant digits, TRUE and FALSE, empty cells ""); a result longer than a
cell holds (32,767 characters) is #VALUE!.  TEXTSPLIT returns an array:
``INDEX(TEXTSPLIT("a,b,c",","),2)`` is "b", and an array formula over
several cells shows one part in each.  Sources: Excel's documentation of
each function (support.microsoft.com).
"""

from __future__ import annotations

import re

from .. import errors
from ..errors import XLError
from ..sparse import runs
from ..values import EMPTY, MAX_TEXT, Array, text_key, to_text
from .base import ANY, GRID, LOGICAL, NUMBER, TEXT, VALUES, function, many, opt
from .text import units


def _too_long(length: int):
    return errors.VALUE(f"text of {length:,} characters: a cell holds at most {MAX_TEXT:,}")


@function("CONCATENATE", TEXT, many(TEXT))
def CONCATENATE(*texts):
    """The texts joined; a range given is one value (the cell in the
    formula's row or column, as for any single-value argument)."""
    length = sum(len(t) for t in texts)
    if length > MAX_TEXT:
        return _too_long(length)
    return "".join(texts)


def _pieces(args):
    """``[(text, count), ...]`` of arguments given as ranges, arrays or
    values, row by row; or the first error met."""
    out = []
    for arg in args:
        values = runs(arg) if isinstance(arg, Array) else [(arg, 1)]
        for value, count in values:
            if isinstance(value, XLError):
                return value
            out.append((to_text(value), count))
    return out


@function("CONCAT", VALUES, many(VALUES), xlfn=True)
def CONCAT(*args):
    """The texts of every argument joined, ranges and arrays row by row (the
    successor of CONCATENATE that takes ranges: ``CONCAT(A1:B2)`` is A1, B1,
    A2, B2); the first error met is returned."""
    pieces = _pieces(args)
    if isinstance(pieces, XLError):
        return pieces
    length = sum(len(t) * count for t, count in pieces)
    if length > MAX_TEXT:
        return _too_long(length)
    return "".join(t * count for t, count in pieces)


@function("TEXTJOIN", GRID, LOGICAL, GRID, many(GRID), xlfn=True)
def TEXTJOIN(delimiter, ignore_empty, *args):
    """The texts of the arguments (ranges and arrays row by row) joined with
    ``delimiter`` between them.  ``delimiter`` may be a range or array of
    delimiters, used in turn (row by row) and again from the first.  When
    ``ignore_empty`` is TRUE, empty cells and empty texts are left out (no
    delimiter for them); when FALSE each one still takes its delimiter.
    The first error met is returned."""
    if isinstance(delimiter, XLError):
        return delimiter
    delimiter_pieces = _pieces([delimiter])
    if isinstance(delimiter_pieces, XLError):
        return delimiter_pieces
    for arg in args:
        if isinstance(arg, XLError):
            return arg
    pieces = _pieces(args)
    if isinstance(pieces, XLError):
        return pieces
    if ignore_empty:
        pieces = [(t, count) for t, count in pieces if t]
    n = sum(count for _, count in pieces)
    if n == 0:
        return ""
    delimiters = []  # in the order they are used, at most the n - 1 needed
    for t, count in delimiter_pieces:
        delimiters += [t] * min(count, max(n - 1, 1) - len(delimiters))
        if len(delimiters) >= n - 1:
            break
    lengths = [len(d) for d in delimiters]
    full, rest = divmod(n - 1, len(delimiters))
    length = sum(len(t) * count for t, count in pieces) + full * sum(lengths) + sum(lengths[:rest])
    if length > MAX_TEXT:
        return _too_long(length)
    if not any(lengths):  # no delimiter text: the pieces joined as they are
        return "".join(t * count for t, count in pieces)
    out, k = [], 0
    for t, count in pieces:  # n is at most about 32,768 times the delimiters here
        for _ in range(count):
            if out:
                out.append(delimiters[k % len(delimiters)])
                k += 1
            out.append(t)
    return "".join(out)


# --- TEXTBEFORE, TEXTAFTER --------------------------------------------------------------

def _delimiters(delimiter):
    """The texts of a delimiter argument (one value, a range or an array),
    or its first error."""
    if isinstance(delimiter, XLError):
        return delimiter
    out = []
    for value, _ in runs(delimiter):  # (a whole column's empty rest comes once)
        if isinstance(value, XLError):
            return value
        out.append(to_text(value))
    return out


def _flag(value: float, name: str):
    """A 0-or-1 argument (match_mode, match_end), truncated; #VALUE! otherwise."""
    n = int(value)
    if n not in (0, 1):
        return errors.VALUE(f"{name} must be 0 or 1, got {value:g}")
    return bool(n)


def _matcher(delimiters, case_insensitive: bool):
    """A compiled regex matching any of ``delimiters`` (the first listed
    wins where several match at one position)."""
    if case_insensitive:
        delimiters = [text_key(d) for d in delimiters]
    return re.compile("|".join(re.escape(d) for d in delimiters), re.DOTALL)


def _split_point(text, delimiter, instance_num, match_mode, match_end, if_not_found, after):
    if isinstance(delimiter, XLError):
        return delimiter
    delims = _delimiters(delimiter)
    if isinstance(delims, XLError):
        return delims
    mode, end = _flag(match_mode, "match_mode"), _flag(match_end, "match_end")
    if isinstance(mode, XLError):
        return mode
    if isinstance(end, XLError):
        return end
    n = int(instance_num)
    if n == 0 or abs(n) > len(units(text)):
        if text == "" and n != 0:
            return ""
        return errors.VALUE(f"instance_num {instance_num:g} is 0 or longer than the text")
    rx = _matcher(delims, mode)
    spans = [m.span() for m in rx.finditer(text_key(text) if mode else text)]
    if end:  # the end (searching forwards) or the start (backwards) of the text counts too
        spans = spans + [(len(text), len(text))] if n > 0 else [(0, 0)] + spans
    if abs(n) > len(spans):
        if if_not_found is None:
            return errors.NA(f"delimiter not found {abs(n)} time(s)")
        return if_not_found
    start, stop = spans[n - 1] if n > 0 else spans[n]
    return text[stop:] if after else text[:start]


_SPLIT_PARAMS = (TEXT, GRID, opt(NUMBER, 1.0), opt(NUMBER, 0.0), opt(NUMBER, 0.0), opt(ANY, None))


@function("TEXTBEFORE", *_SPLIT_PARAMS, xlfn=True)
def TEXTBEFORE(text, delimiter, instance_num, match_mode, match_end, if_not_found):
    """The text before the ``instance_num``-th delimiter (default 1;
    negative: counted from the end).  ``delimiter`` may be an array of
    delimiters (any of them).  ``match_mode`` 1 ignores case;
    ``match_end`` 1 counts the end of the text as a delimiter (the start,
    counting from the end).  An empty delimiter matches at once: "" from
    the front, the whole text from the end.  #VALUE! when ``instance_num``
    is 0 or longer than the text, or a mode is not 0 or 1; #N/A (or
    ``if_not_found``) when there are not that many delimiters.  Empty text
    gives empty text."""
    return _split_point(text, delimiter, instance_num, match_mode, match_end, if_not_found, False)


@function("TEXTAFTER", *_SPLIT_PARAMS, xlfn=True)
def TEXTAFTER(text, delimiter, instance_num, match_mode, match_end, if_not_found):
    """The text after the ``instance_num``-th delimiter, with TEXTBEFORE's
    arguments and errors (an empty delimiter: the whole text from the
    front, "" from the end)."""
    return _split_point(text, delimiter, instance_num, match_mode, match_end, if_not_found, True)


# --- TEXTSPLIT ------------------------------------------------------------------------------

def _split(text, rx, case_insensitive):
    if rx is None:
        return [text]
    if not case_insensitive:
        return rx.split(text)
    parts, at = [], 0
    for m in rx.finditer(text_key(text)):
        parts.append(text[at:m.start()])
        at = m.end()
    parts.append(text[at:])
    return parts


def _split_delimiters(delimiter):
    """The delimiters of a TEXTSPLIT argument (empty cells and a left-out
    argument give none); #VALUE! for an empty text delimiter."""
    if delimiter is None or isinstance(delimiter, Array) and delimiter.height == delimiter.width == 1 \
            and delimiter.at(0, 0) is None:
        return []  # the row delimiter left out (its default, None, or that made an array)
    delims = _delimiters(delimiter)
    if isinstance(delims, XLError):
        return delims
    values = [v for v, _ in runs(delimiter)]
    if any(isinstance(v, str) and v == "" for v in values):
        return errors.VALUE("a TEXTSPLIT delimiter is empty text")
    return [d for d, v in zip(delims, values) if v is not EMPTY]


@function("TEXTSPLIT", TEXT, GRID, opt(GRID, None), opt(LOGICAL, False), opt(NUMBER, 0.0),
          opt(ANY, None), xlfn=True)
def TEXTSPLIT(text, col_delimiter, row_delimiter, ignore_empty, match_mode, pad_with):
    """``text`` split into an array: into rows at ``row_delimiter``, each
    row into columns at ``col_delimiter`` (each may be an array of
    delimiters, any of which splits; either may be left out, not both).
    ``ignore_empty`` TRUE drops the empty parts between adjacent
    delimiters; ``match_mode`` 1 ignores case; rows shorter than the
    longest are padded with ``pad_with`` (default #N/A).  #VALUE! for an
    empty text delimiter, no delimiter at all, a match_mode other than 0 or
    1, or nothing left to return (Excel's documentation names no error for
    these: #VALUE! is unverified)."""
    cols, rows = _split_delimiters(col_delimiter), _split_delimiters(row_delimiter)
    for bad in (cols, rows):
        if isinstance(bad, XLError):
            return bad
    mode = _flag(match_mode, "match_mode")
    if isinstance(mode, XLError):
        return mode
    if not cols and not rows:
        return errors.VALUE("TEXTSPLIT needs a column or a row delimiter")
    col_rx = _matcher(cols, mode) if cols else None
    row_rx = _matcher(rows, mode) if rows else None
    lines = _split(text, row_rx, mode)
    if ignore_empty:
        lines = [line for line in lines if line]
    table = []
    for line in lines:
        parts = _split(line, col_rx, mode)
        if ignore_empty:
            parts = [p for p in parts if p]
        if parts:
            table.append(parts)
    if not table:
        return errors.VALUE("TEXTSPLIT left nothing")
    width = max(len(row) for row in table)
    pad = errors.NA("TEXTSPLIT padding") if pad_with is None else pad_with
    return Array.of([row + [pad] * (width - len(row)) for row in table])
