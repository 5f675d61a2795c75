"""Regular expressions: REGEXTEST, REGEXEXTRACT, REGEXREPLACE (Excel 365,
2024; Excel's documentation on support.microsoft.com).

Excel runs these on PCRE2; sheetgd on Python's :mod:`re`, which agrees on
literals, classes, quantifiers (lazy and possessive), groups, anchors,
lookaround, atomic groups and backreferences.  Two PCRE2 spellings are
translated: named groups ``(?<name>...)`` and their references
``\\k<name>``.  Where the two differ:

- PCRE2 features Python lacks -- Unicode properties (``\\p{L}``), ``\\h``,
  ``\\R``, ``\\K``, ``\\X``, ``\\z``, recursion (``(?R)``), conditionals
  on names, verbs such as ``(*SKIP)`` -- make the pattern invalid here:
  #VALUE!, the error Excel gives a pattern it cannot compile;
- ``\\Z`` is the very end of the text in Python, the end or before a final
  newline in PCRE2;
- ``\\w``, ``\\d`` and ``\\s`` take any Unicode letter, digit and space in
  Python; whether Excel's PCRE2 does (its UCP option) is not documented.

Arguments: ``case_sensitivity`` 0 (default) matches case, 1 ignores it;
other values are #VALUE!.  Positions do not appear in the results, so UTF-16
code units play no part here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import errors
from ..errors import XLError
from ..values import MAX_TEXT, Array
from .base import NUMBER, TEXT, function, opt


def _mode(value: float, name: str, allowed: tuple):
    n = int(value)
    if n not in allowed:
        return errors.VALUE(f"{name} must be one of {allowed}, got {value:g}")
    return n


_PCRE_NAMED_GROUP = re.compile(r"(?<!\\)\(\?<(?![=!])")
_PCRE_NAMED_REFERENCE = re.compile(r"\\k<(\w+)>")


@lru_cache(maxsize=256)
def _compiled(pattern: str, ignore_case: bool):
    """``pattern`` compiled (PCRE2 named groups translated), or #VALUE!."""
    translated = _PCRE_NAMED_REFERENCE.sub(r"(?P=\1)", _PCRE_NAMED_GROUP.sub("(?P<", pattern))
    try:
        return re.compile(translated, re.IGNORECASE if ignore_case else 0)
    except (re.error, RecursionError, OverflowError, ValueError) as exc:
        return errors.VALUE(f"invalid regular expression: {exc}")


def _regex(pattern: str, case_sensitivity: float):
    mode = _mode(case_sensitivity, "case_sensitivity", (0, 1))
    if isinstance(mode, XLError):
        return mode
    return _compiled(pattern, bool(mode))


@function("REGEXTEST", TEXT, TEXT, opt(NUMBER, 0.0), xlfn=True)
def REGEXTEST(text, pattern, case_sensitivity):
    """Whether ``pattern`` matches anywhere in ``text``; #VALUE! for an
    invalid pattern."""
    rx = _regex(pattern, case_sensitivity)
    if isinstance(rx, XLError):
        return rx
    return rx.search(text) is not None


@function("REGEXEXTRACT", TEXT, TEXT, opt(NUMBER, 0.0), opt(NUMBER, 0.0), xlfn=True)
def REGEXEXTRACT(text, pattern, return_mode, case_sensitivity):
    """What ``pattern`` matches in ``text``: ``return_mode`` 0 (default) the
    first match; 1 every match, as a column; 2 the capturing groups of the
    first match, as a row (a group that took part in no match is "").
    #N/A when nothing matches (or, in mode 2, the pattern has no group);
    #VALUE! for an invalid pattern or mode."""
    mode = _mode(return_mode, "return_mode", (0, 1, 2))
    if isinstance(mode, XLError):
        return mode
    rx = _regex(pattern, case_sensitivity)
    if isinstance(rx, XLError):
        return rx
    if mode == 1:
        found = [m.group() for m in rx.finditer(text)]
        if not found:
            return errors.NA("no match")
        return Array.of([[m] for m in found])
    m = rx.search(text)
    if m is None:
        return errors.NA("no match")
    if mode == 0:
        return m.group()
    if not rx.groups:
        return errors.NA("the pattern has no capturing group")
    return Array.of([[g if g is not None else "" for g in m.groups()]])


_REFERENCE = re.compile(r"\$(?:(\$)|(\d+)|\{(\w+)\})")


def _substitution(replacement: str, rx):
    """PCRE2's replacement text as a function of a match: ``$n`` and
    ``${n}`` the n-th group (``$0`` the whole match), ``${name}`` a named
    group, ``$$`` a dollar sign; a group the pattern lacks is #VALUE!."""
    parts, at = [], 0
    for m in _REFERENCE.finditer(replacement):
        parts.append(replacement[at:m.start()])
        dollar, number, name = m.groups()
        if dollar:
            parts.append("$")
        else:
            key = int(number) if number is not None else int(name) if name.isdigit() else name
            if isinstance(key, int) and key > rx.groups or isinstance(key, str) and key not in rx.groupindex:
                return errors.VALUE(f"the pattern has no group {key}")
            parts.append((key,))
        at = m.end()
    parts.append(replacement[at:])

    def expand(match):
        return "".join(p if isinstance(p, str) else (match.group(p[0]) or "") for p in parts)
    return expand


@function("REGEXREPLACE", TEXT, TEXT, TEXT, opt(NUMBER, 0.0), opt(NUMBER, 0.0), xlfn=True)
def REGEXREPLACE(text, pattern, replacement, occurrence, case_sensitivity):
    """``text`` with the matches of ``pattern`` replaced by ``replacement``
    (``$1``, ``${name}`` ... put the groups back, ``$$`` is a dollar):
    every match when ``occurrence`` is 0 (default), only the n-th when it
    is n, the n-th from the end when it is -n (none such: ``text``
    unchanged).  #VALUE! for an invalid pattern or a result past 32,767
    characters."""
    rx = _regex(pattern, case_sensitivity)
    if isinstance(rx, XLError):
        return rx
    expand = _substitution(replacement, rx)
    if isinstance(expand, XLError):
        return expand
    n = int(occurrence)
    if n == 0:
        result = rx.sub(expand, text)
    else:
        matches = list(rx.finditer(text))
        if abs(n) > len(matches):
            return text
        m = matches[n - 1] if n > 0 else matches[n]
        result = text[:m.start()] + expand(m) + text[m.end():]
    if len(result) > MAX_TEXT:
        return errors.VALUE(f"text of {len(result):,} characters: a cell holds at most {MAX_TEXT:,}")
    return result
