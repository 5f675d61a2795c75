"""Excel's wildcards, one home for MATCH/VLOOKUP/XLOOKUP, the criteria of
COUNTIF and its family, and SEARCH: ``*`` any run of characters, ``?`` any
one, ``~`` before a character takes it literally (``~*``, ``~?``, ``~~``)."""

from __future__ import annotations

import re


def wildcard_pattern(text: str) -> str:
    """Excel's wildcard text as the source of a regular expression."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "~" and i + 1 < len(text):
            out.append(re.escape(text[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
        i += 1
    return "".join(out)


def wildcard(text: str) -> re.Pattern:
    """Excel's wildcard text as a compiled, case-insensitive regular
    expression that must match a whole text (``rx.match(value)``)."""
    return re.compile(wildcard_pattern(text) + r"\Z", re.IGNORECASE | re.DOTALL)
