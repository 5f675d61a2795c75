"""GETPIVOTDATA is not drawn by the fuzzer: its sheets hold no PivotTable,
so every call would be #REF! in both engines; tests/test_pivots.py checks it
against LibreOffice on a workbook with PivotTables."""

EXCLUDED = {"GETPIVOTDATA": "the fuzz sheets hold no PivotTable (every call is #REF!); "
                            "tests/test_pivots.py checks it against LibreOffice"}


def table(g) -> dict:
    return {}
