"""Rows of the function table (tests/test_functions.py), one module per
function family, found without being listed.

A family module defines ``CASES``, a list of ``(formula, expected)`` rows
with the table's conventions (``expected`` is Excel's value: a float, str,
bool, or ``"error:#KIND"``; floats compare to 1e-15 relative unless the
module says otherwise), and may define ``DATA``, extra cells on the table's
sheet ``s`` for its formulas to read -- only in the columns
:data:`FAMILY_COLUMNS` gives the family, so families never collide (a test
checks it).  Every row is also recomputed by LibreOffice
(tests/test_libreoffice.py); a row where LibreOffice differs from Excel is
listed, with the reason, in ``KNOWN_LIBREOFFICE_DIFFERENCES`` of the module
(merged into tests/lo_support.py's).
"""

from __future__ import annotations

import importlib
import pkgutil

#: The table's shared data uses columns A..H; each family has its own columns.
FAMILY_COLUMNS = {
    "lookup": "JKLM", "dates": "NO", "text": "PQ", "math": "RST", "stats": "UVW",
    "finance": "XY", "tables": "", "spill": "", "let": "", "lambda": "", "securities": "", "web": "",
}


def families() -> dict:
    """{family name: its module}, in name order."""
    return {info.name: importlib.import_module(f"{__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)}


def family_cases() -> list:
    return [case for module in families().values() for case in module.CASES]


def family_data() -> dict:
    data: dict = {}
    for module in families().values():
        data.update(getattr(module, "DATA", {}))
    return data


def family_differences() -> dict:
    known: dict = {}
    for module in families().values():
        known.update(getattr(module, "KNOWN_LIBREOFFICE_DIFFERENCES", {}))
    return known
