"""ANCHORARRAY and SINGLE are not drawn by the fuzzer."""

EXCLUDED = {"ANCHORARRAY": "LibreOffice 7.4 has no spill references (_xlfn.ANCHORARRAY is "
                           "#NAME? there); tests/test_spill.py checks it against files",
            "SINGLE": "LibreOffice 7.4 reads neither @ nor _xlfn.SINGLE (#NAME? there); "
                      "tests/test_excel_syntax.py checks it against files"}


def table(g) -> dict:
    return {}
