"""LET is not drawn by the fuzzer."""

EXCLUDED = {"LET": "LibreOffice 7.4 has no LET (#NAME?); tests/test_let.py and the function "
                   "table hold it to Excel's documented examples"}


def table(g) -> dict:
    return {}
