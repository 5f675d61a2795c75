"""Typed spreadsheet error values.

An error such as ``#DIV/0!`` is a *value*: it flows through operators and
functions like a number does (first error wins, left to right) and remembers
the cell where it was first produced.  It is never a bare string, so a text
cell holding ``"#N/A"`` is not mistaken for an error, and it is never an
exception used for control flow.

Excel reference: https://support.microsoft.com/office/ (search "error values").
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The error kinds of every Excel version (ECMA-376's seven; ``#GETTING_DATA``;
#: the dynamic-array, data-type and Python-in-Excel errors of Excel 365:
#: ``#SPILL!``, ``#CALC!``, ``#FIELD!``, ``#BLOCKED!``, ``#UNKNOWN!``,
#: ``#BUSY!``, ``#CONNECT!``, ``#PYTHON!``; Excel writes each into a file as a
#: ``t="e"`` cell), plus ``#CIRC!`` for cells on a circular reference (Excel
#: shows a warning and 0; LibreOffice shows Err:522; we keep an explicit error
#: so the cycle is visible in the value itself).
KINDS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
         "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#BUSY!", "#CONNECT!",
         "#PYTHON!", "#CIRC!")

#: Error kinds the writer (XlsxWriter) can store as an error in an .xlsx file:
#: ECMA-376's seven.  Any other kind is written as #VALUE!.
XLSX_KINDS = KINDS[:7]


class FormulaError(ValueError):
    """A formula (or address, or name) that cannot be used, with its location."""

    def __init__(self, message: str, where: str | None = None):
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True, eq=False)
class XLError:
    """A spreadsheet error value.

    ``kind`` is one of :data:`KINDS`; ``origin`` is the ``Sheet!A1`` address of
    the cell whose formula produced it (``None`` until it is stored in a cell);
    ``message`` says why, for people.  Two errors are equal when their kinds are.
    """

    kind: str
    message: str = ""
    origin: str | None = field(default=None)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown error kind {self.kind!r}")

    def __eq__(self, other):
        return isinstance(other, XLError) and other.kind == self.kind

    def __hash__(self):
        return hash(("XLError", self.kind))

    def at(self, origin: str) -> "XLError":
        """This error, marked as produced in ``origin`` unless already marked."""
        if self.origin is not None:
            return self
        return XLError(self.kind, self.message, origin)

    def __str__(self):
        return self.kind

    def __repr__(self):
        where = f" at {self.origin}" if self.origin else ""
        why = f": {self.message}" if self.message else ""
        return f"<{self.kind}{where}{why}>"


def _maker(kind: str):
    def make(message: str = "") -> XLError:
        return XLError(kind, message)

    make.__name__ = kind
    return make


NULL = _maker("#NULL!")
DIV0 = _maker("#DIV/0!")
VALUE = _maker("#VALUE!")
REF = _maker("#REF!")
NAME = _maker("#NAME?")
NUM = _maker("#NUM!")
NA = _maker("#N/A")
CIRC = _maker("#CIRC!")
SPILL = _maker("#SPILL!")
CONNECT = _maker("#CONNECT!")


def from_text(text: str) -> XLError | None:
    """The error value spelled ``text`` (case-insensitive), or ``None``."""
    upper = text.strip().upper()
    return XLError(upper) if upper in KINDS else None
