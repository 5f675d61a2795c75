"""What the ``<v>`` of a worksheet cell means, for each cell type (its
``t`` attribute; ECMA-376 Part 1, 18.3.1.4 and 18.18.11).

Both worksheet readers use it: the general one (:mod:`.xlsx_stream`) cell
by cell, the fast one (:mod:`.sheet_scan`) for the cells its column-wise
conversions do not take.  A ``<v>`` that cannot be read is not fatal: the
cell gets an error value and the reader a warning naming it
(:class:`Unreadable`), so one odd cell does not lose a workbook.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import NamedTuple

from ..engine.errors import from_text
from ..engine.serials import serial
from ..engine.values import EMPTY


class Unreadable(NamedTuple):
    """A ``<v>`` that cannot be read: the cell holds error ``kind``; ``why`` says why."""

    kind: str
    why: str


BOOLEANS = {"1": True, "true": True, "0": False, "false": False}
#: OOXML's escape of one UTF-16 code unit in a string (ECMA-376 Part 1,
#: 22.9.2.19 ST_Xstring), what a writer must escape (a character XML 1.0
#: cannot carry: a control character but tab, line feed and carriage
#: return; U+FFFE, U+FFFF; half of a UTF-16 surrogate pair, as
#: LEFT("\U0001F600",1) gives in Excel), and an escape's look-alike.
_ESCAPE = "_x([0-9A-Fa-f]{4})_"
_UNWRITABLE = "[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]"
_NEEDS_ESCAPE = re.compile(f"{_UNWRITABLE}|{_ESCAPE}")


def escaped_text(text: str) -> str:
    """``text`` as an OOXML string holds it (:func:`ooxml_text` reads it
    back): a character XML 1.0 cannot carry as ``_xHHHH_`` (its UTF-16 code
    unit), and a literal ``_xHHHH_`` with its underscore so escaped
    (``_x005F_x0041_``), as XlsxWriter escapes a string cell's text and
    Excel writes a cached formula result."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    text = re.sub(f"({_ESCAPE})", r"_x005F\1", text)
    return re.sub(_UNWRITABLE, lambda m: f"_x{ord(m.group()):04X}_", text)


def ooxml_text(text: str) -> str:
    """The text an OOXML string holds (ECMA-376 Part 1, 22.9.2.19
    ST_Xstring: a shared or inline string's ``<t>``, a cell's ``<v>``):
    each ``_xHHHH_`` is the UTF-16 code unit HHHH (a control character XML
    cannot carry; ``_x005F_`` the underscore of a literal ``_x0041_``), as
    Excel reads them back; surrogate pairs so written are one character."""
    if "_x" not in text:
        return text
    text = re.sub(_ESCAPE, lambda m: chr(int(m.group(1), 16)), text)
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")

_INTEGER = re.compile(r"[+-]?[0-9]+")


def cell_value(kind: str, v: str | None, inline: str | None, strings: list):
    """The value of a cell of type ``kind`` (its ``t`` attribute) whose
    ``<v>`` text is ``v`` and inline string ``inline`` (None where it has
    none), or :class:`Unreadable`:

    - ``n``: a number; NaN and infinities (``1e999``) are #NUM!;
    - ``s``: the shared string at that index; an index that names none
      (``-1``, past the last) is #REF!, as a reference to nothing is, and
      text that is no index #VALUE!;
    - ``str``: the text, its ``_xHHHH_`` escapes read (:func:`ooxml_text`; a
      formula's empty result: ``""``); ``inlineStr``: the inline string
      (the reader reads its escapes), else its ``<v>``;
    - ``b``: ``1``/``0``/``true``/``false`` in any case;
    - ``e``: an error value by its text (``#N/A``, ...);
    - ``d``: an ISO 8601 date, time or both, as an Excel serial number;
    - an unknown type, or a text none of these reads: #VALUE!.
    """
    if kind == "inlineStr":
        return inline if inline is not None else v if v is not None else EMPTY
    if kind == "str":
        return ooxml_text(v) if v else ""  # a formula's empty text result: <v></v>
    if v is None:
        return EMPTY
    if kind == "n":
        try:
            number = float(v)
        except ValueError:
            return Unreadable("#VALUE!", f"{_shown(v)} is not a number")
        return number if math.isfinite(number) else from_text("#NUM!")  # 1e999 in a <v>
    if kind == "s":
        text = v.strip()
        if not _INTEGER.fullmatch(text):
            return Unreadable("#VALUE!", f"shared string index {_shown(v)} is not a number")
        if len(text) > 12 or not 0 <= int(text) < len(strings):
            return Unreadable("#REF!", f"shared string {_shown(text)} does not exist (the file "
                                       f"has {len(strings):,})")
        return strings[int(text)]
    if kind == "b":
        got = BOOLEANS.get(v.strip().lower())
        return got if got is not None else \
            Unreadable("#VALUE!", f"boolean {_shown(v)} is not 1, 0, true or false")
    if kind == "e":
        return from_text(v) or Unreadable("#VALUE!", f"{_shown(v)} is not an error value")
    if kind == "d":
        return excel_serial(v)
    return Unreadable("#VALUE!", f"unknown cell type {_shown(kind)}")


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "...")


def excel_serial(text: str):
    """An ISO 8601 date (``2024-01-02``), time (``13:45:30``) or both, as
    an Excel serial number (:func:`~sheetgd.engine.serials.serial`);
    Unreadable otherwise."""
    value = text.strip()
    try:
        return serial(dt.datetime.fromisoformat(value))
    except ValueError:
        pass
    try:
        return serial(dt.time.fromisoformat(value))
    except ValueError:
        return Unreadable("#VALUE!", f"date {_shown(text)} is not an ISO 8601 date or time")
