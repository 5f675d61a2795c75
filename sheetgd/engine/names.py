"""Defined names, workbook-scoped and sheet-scoped.

A name refers to whatever its formula text gives: a cell (``basic!$C$32``),
a range (``adam!$J$32:$K$32``), a constant, or ``#REF!`` (the originals keep
some broken names).  On a sheet, a name scoped to that sheet wins over a
workbook-scoped name of the same spelling; names compare case-insensitively.

:func:`check_name` refuses, as Excel does, a name no formula could use
(Workbook.define_name calls it; names read from files are taken as they
are).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from .errors import FormulaError
from .nodes import ErrorLit, Node
from .parser import parse
from .refs import MAX_COL, MAX_ROW, letters_to_col

log = logging.getLogger(__name__)


#: The longest name Excel accepts.
MAX_NAME = 255
_A1 = re.compile(r"([A-Za-z]{1,3})([0-9]+)")
_R1C1 = re.compile(r"[Rr]([0-9]*)(?:[Cc]([0-9]*))?|[Cc]([0-9]*)")


def check_name(name: str) -> None:
    """Raise FormulaError (one line, naming the name and the rule) unless
    ``name`` is a name Excel accepts ("Names in formulas", support.microsoft.com;
    the name grammar of [MS-XLSX] 2.2.2):

    - 1 to 255 characters;
    - the first a letter, ``_`` or ``\\``; the others letters, digits,
      ``_``, ``\\``, ``.`` or ``?`` (no space, no other punctuation);
    - not a cell reference in A1 style (``A1``, ``n2``, ``XFD1048576``: a
      column within A..XFD and a row within 1..1048576; ``XFE1`` is a name)
      nor in R1C1 style (``R1C1``, ``R2``, ``C3``, ``RC``, and ``R`` and ``C``
      alone);
    - not ``TRUE`` or ``FALSE``.
    """
    def refuse(rule):
        quoted = repr(name) if len(repr(name)) <= 40 else repr(name)[:36] + "...'"
        raise FormulaError(f"{quoted} is not a valid name: {rule}")

    if not isinstance(name, str) or not name:
        refuse("a name needs at least one character")
    if len(name) > MAX_NAME:
        refuse(f"{len(name)} characters, at most {MAX_NAME}")
    first = name[0]
    if not (first.isalpha() or first in "_\\"):
        refuse("it must start with a letter, '_' or '\\'" + (" (not a digit)" if first.isdigit() else ""))
    for ch in name[1:]:
        if not (ch.isalnum() or ch in "_\\.?"):
            refuse("a space is not allowed" if ch.isspace()
                   else f"{ch!r} is not allowed (letters, digits, '_', '\\', '.' and '?' are)")
    if name.upper() in ("TRUE", "FALSE"):
        refuse("TRUE and FALSE are logical values")
    m = _A1.fullmatch(name)
    if m and letters_to_col(m.group(1)) <= MAX_COL and 1 <= int(m.group(2)) <= MAX_ROW:
        refuse("it is a cell reference (A1 style)")
    m = _R1C1.fullmatch(name)
    if m:
        row, col, alone = m.group(1), m.group(2), m.group(3)
        if (not row or 1 <= int(row) <= MAX_ROW) and (not col or 1 <= int(col) <= MAX_COL) \
                and (not alone or 1 <= int(alone) <= MAX_COL):
            refuse("it is a cell reference (R1C1 style)" if len(name) > 1
                   else "R and C stand for the current row and column")


@dataclass(frozen=True)
class DefinedName:
    name: str
    text: str  # the definition, without '='
    node: Node
    scope: str | None = None  # sheet name, or None for the workbook

    @property
    def label(self) -> str:
        return f"{self.scope}!{self.name}" if self.scope else self.name


class Names:
    """The defined names of one workbook (``tables``: the workbook's, whose
    structured references a definition may use; see :mod:`.tables`)."""

    def __init__(self, tables=None):
        self._by_key: dict[tuple, DefinedName] = {}
        self.tables = tables

    def define(self, name: str, text: str, scope: str | None = None) -> DefinedName:
        text = text[1:] if text.startswith("=") else text
        try:
            node = parse(text)
        except FormulaError as exc:
            log.warning("defined name %s: %s; it evaluates to #NAME?", name, exc)
            node = ErrorLit("#NAME?")
        if self.tables is not None:  # (a name has no host: its sheet is always written)
            node = self.tables.resolve(node, "")
        defined = DefinedName(name, text, node, scope)
        self._by_key[(scope.upper() if scope else None, name.upper())] = defined
        return defined

    def remove(self, name: str, scope: str | None = None):
        self._by_key.pop((scope.upper() if scope else None, name.upper()), None)

    def lookup(self, name: str, sheet: str | None) -> DefinedName | None:
        """The name as seen from ``sheet``: its sheet-scoped one, else the global one."""
        upper = name.upper()
        if sheet is not None:
            found = self._by_key.get((sheet.upper(), upper))
            if found is not None:
                return found
        return self._by_key.get((None, upper))

    def __iter__(self):
        return iter(self._by_key.values())

    def __len__(self):
        return len(self._by_key)
