"""Generators of calls for the LibreOffice fuzzer (tests/formula_gen.py), one
module per function family, found without being listed.

A family module defines ``table(g)`` returning ``{function name: (result
kind, make)}`` as :func:`tests.formula_gen._function_table` does (kind
"num", "logic" or "text"; ``make(depth)`` returns a call's text, drawing its
arguments from the :class:`~tests.formula_gen.FormulaGenerator` ``g``), and
may define ``EXCLUDED``, ``{function name: why the fuzzer leaves it out}``;
``INVALID_ARGUMENT``, ``{(function, start of sheetgd's error message)}`` for
its errors LibreOffice saves as #VALUE! (the "invalid-argument" category);
the other sets of :func:`family_set`; and ``CATEGORIES`` (``{name: the
Excel/LibreOffice difference in one line}``) with ``classify(node,
operands, sg, lo)`` naming the one of them that explains a disagreement of
its functions, or None (tests/fuzz_explain.py).
Every registered function is either generated or excluded with a reason
(tests/test_fuzz_explain.py).
"""

from __future__ import annotations

import importlib
import pkgutil


def families() -> dict:
    """{family name: its module}, in name order."""
    return {info.name: importlib.import_module(f"{__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)}


def family_tables(g) -> dict:
    table: dict = {}
    for module in families().values():
        table.update(module.table(g))
    return table


def family_excluded() -> dict:
    excluded: dict = {}
    for module in families().values():
        excluded.update(getattr(module, "EXCLUDED", {}))
    return excluded


def family_set(attribute: str) -> set:
    """The union of one set-valued attribute over the family modules that
    define it: ``INVALID_ARGUMENT`` (above); ``AGGREGATES``, functions that
    gather numbers with SUM's rules (LibreOffice refuses text typed as
    their argument); ``TEXT_AS_ZERO``, functions that LibreOffice reads
    text typed as their argument as 0 (Excel converts it or gives #VALUE!);
    ``DOMAIN_EDGES``, ``(function, message prefix)`` of the #NUM! checks at
    the edges of a domain where LibreOffice computes a value instead;
    ``REFUSED_EDGES``, ``(function, argument index, value)`` where Excel
    computes a value and LibreOffice refuses the argument; ``WITH_BOOLEANS``,
    the family's categories that may follow LibreOffice's reading of
    logical values as numbers (the "booleans" category) at one operation."""
    found: set = set()
    for module in families().values():
        found |= set(getattr(module, attribute, ()))
    return found


def family_categories() -> dict:
    categories: dict = {}
    for module in families().values():
        categories.update(getattr(module, "CATEGORIES", {}))
    return categories


def family_classifiers() -> list:
    return [module.classify for module in families().values() if hasattr(module, "classify")]
