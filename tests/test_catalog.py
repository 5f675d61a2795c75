"""Excel's function names (sheetgd/engine/catalog.py): the prefix files need,
and docs/functions.md, the list of what sheetgd has and has not."""

from __future__ import annotations

from pathlib import Path

from sheetgd.engine.catalog import EXCEL, LATER, markdown, missing
from sheetgd.engine.functions import FILE_PREFIXES, REGISTRY

DOCS = Path(__file__).resolve().parents[1] / "docs" / "functions.md"


def test_every_function_is_one_of_excels():
    assert set(REGISTRY) <= EXCEL, sorted(set(REGISTRY) - EXCEL)


def test_a_declaration_says_the_prefix_the_catalog_gives():
    """``xlfn=True`` exactly for the functions added after the file format's
    list, which Excel writes as ``_xlfn.NAME`` (STDEV.P, CONCAT, XLOOKUP)."""
    wrong = sorted(name for name, spec in REGISTRY.items() if spec.xlfn != (name in LATER))
    assert not wrong, f"xlfn flag differs from the catalog for {wrong}"
    assert FILE_PREFIXES["STDEV.P"] == "_xlfn." and "SUM" not in FILE_PREFIXES
    assert FILE_PREFIXES["SINGLE"] == "_xlfn."


def test_docs_functions_md_is_current():
    assert DOCS.read_text() == markdown(REGISTRY), \
        "docs/functions.md is stale: python -m sheetgd.function_list > docs/functions.md"


def test_missing_names_are_excels_and_not_ours():
    absent = missing(REGISTRY)
    assert "XLOOKUP" in EXCEL and "SUM" not in absent and set(absent).isdisjoint(REGISTRY)


def test_every_excel_function_has_one_category_of_microsofts_page():
    """CATEGORIES holds each of Excel's functions exactly once, under a
    heading of Microsoft's "Excel functions (by category)" page."""
    from collections import Counter

    from sheetgd.engine.catalog import CATEGORIES, NOT_EXCEL, category

    listed = Counter(name for names in CATEGORIES.values() for name in names.split())
    assert set(listed) == EXCEL and max(listed.values()) == 1
    assert (category("PRICE"), category("CUBEVALUE"), category("NORMDIST"),
            category("XLOOKUP"), category("FILTERXML")) == (
        "financial", "cube", "compatibility", "lookup and reference", "web")
    assert category("FROB") == NOT_EXCEL


def test_ceiling_is_math_as_microsofts_reference_pages_list_it():
    """Microsoft's "Math and trigonometry functions (reference)" page lists
    CEILING, and its "Compatibility functions (reference)" page (BINOMDIST,
    then CHIDIST) does not; "What's new: Changes made to Excel functions"
    files GAMMALN under statistical and CONVERT under engineering."""
    from sheetgd.engine.catalog import category

    assert (category("CEILING"), category("GAMMALN"), category("CONVERT")) == (
        "math and trigonometry", "statistical", "engineering")
